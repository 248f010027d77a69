"""Identity across reports: the same thing named in two reports is one node, two things that share a generic
name (先进个人, 垃圾转运站项目, 张伟) are two.

Each report is turned into its graph on its own, so identity is decided per report, from what the report
itself says: every entity gets an ``identity`` (:mod:`.rules`) and its IRI is made from class, name and
identity (:func:`kg.graph.iri.node_iri`); two reports that give a thing the same class, name and identity
state the same node.  :func:`identify` assigns identities (and splits an award one report gives from
different conferrers); :class:`Tally` counts, over a build, the nodes merged across reports and the names
kept apart (``build-report.json``, ``identity``).  The rules per class are written down in
``ontology/README.md`` ("Identity across reports").

Example::

    from kg.extract.identity import identify
    ex = identify(extraction)   # extraction: kg.model.Extraction of one report
"""

from __future__ import annotations

from .across import Node, Tally, nodes
from .assign import identify
from .rules import Setting, award_identity, identity_of, key_of, setting

__all__ = ["identify", "identity_of", "award_identity", "key_of", "setting", "Setting", "Tally", "Node", "nodes"]
