"""Graph: extractions → RDF (``rdf``, ``iri``, ``vocab``, ``ontology``), written (``serialize``), opened
(``store``, ``graphview``), asked (``query``, ``results``, ``lookup``, ``stats``) and checked (``validate``)."""
