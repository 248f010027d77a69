"""Publish: the offline network page (``viz``, ``viz_graph``, ``viz_layout``), the static site (``site``,
``site_pages``), the read-only SPARQL endpoint (``serve``, ``guard``) and pushes to a Graph Store (``push``)."""
