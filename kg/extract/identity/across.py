"""Identity across the reports of one build: which nodes several reports share (merged), which names stand for
several nodes kept apart for want of evidence (candidate links), and which IRIs two identities would share
(a hash collision: never expected, always reported).

A build hands over, per report, one :data:`Node` per entity; :class:`Tally` keeps one small entry per distinct
node, so it grows with the number of distinct things, not with the number of reports.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from ...model import Extraction
from .rules import KEYED_CLASSES

#: (class local name, node IRI, canonical name, identity, the name nodes that may be one are grouped by) of one
#: entity of one report.
Node = tuple[str, str, str, str, str]


def nodes(ext: Extraction, iris: Sequence[str]) -> tuple[Node, ...]:
    """The nodes of one report's entities (observations, conferrals and plan items left out), sorted.  A firm
    (or a firm's project) is grouped by its short form (广东云帆科技有限公司 and 云帆科技 by 云帆科技: a short name
    left unbound in one report may be the firm another report names in full); anything else by its name.

    :param ext: the report's extraction.
    :param iris: the IRIs of its entities, in the same order.
    """
    from ..resolve import place_prefixes, shortened

    places = place_prefixes(ext.document)
    out = set()
    for e, iri in zip(ext.entities, iris):
        if e.type in KEYED_CLASSES:
            continue
        group = shortened(e.name, places) if e.type in ("Enterprise", "Project") else e.name
        out.add((e.type, iri, e.name, e.identity, group))
    return tuple(sorted(out))


class Tally:
    """Counts of a build's nodes across its reports."""

    def __init__(self) -> None:
        self.reports: Counter[tuple[str, str]] = Counter()  # (class, IRI) → reports that state it
        self.named: dict[tuple[str, str], tuple[str, str, str]] = {}  # (class, IRI) → (name, identity, group)
        self.collisions: set[tuple[str, str, str, str, str, str]] = set()

    def add(self, report_nodes: Iterable[Node]) -> None:
        """Count the nodes of one report (each node once per report)."""
        for cls, iri, name, identity, group in set(report_nodes):
            self.reports[(cls, iri)] += 1
            seen = self.named.setdefault((cls, iri), (name, identity, group))
            if seen[:2] != (name, identity):
                a, b = sorted((seen[:2], (name, identity)))
                self.collisions.add((cls, iri, *a, *b))

    def report(self) -> dict:
        """The ``identity`` entry of ``build-report.json``:

        - ``nodes``: distinct nodes per class;
        - ``merged``: per class, the nodes that more than one report states (their facts are joined);
        - ``kept_apart``: per class, ``names`` that several nodes share (a firm's by its short form) and those
          ``nodes``;
        - ``candidates``: each such name with its nodes, their names, identities and how many reports state
          each — the candidate links, left for a person to confirm;
        - ``collisions``: IRIs that two different identities would share (expected never).
        """
        nodes_per_class: Counter[str] = Counter(cls for cls, _ in self.reports)
        merged: Counter[str] = Counter(cls for (cls, _), n in self.reports.items() if n > 1)
        by_name: dict[tuple[str, str], list[str]] = {}
        for (cls, iri), (_, _, group) in self.named.items():
            by_name.setdefault((cls, group), []).append(iri)
        groups = sorted((cls, name, sorted(iris)) for (cls, name), iris in by_name.items() if len(iris) > 1)
        apart: dict[str, dict[str, int]] = {}
        for cls, _, iris in groups:
            entry = apart.setdefault(cls, {"names": 0, "nodes": 0})
            entry["names"] += 1
            entry["nodes"] += len(iris)
        return {
            "nodes": dict(sorted(nodes_per_class.items())),
            "merged": dict(sorted(merged.items())),
            "kept_apart": dict(sorted(apart.items())),
            "candidates": [
                {"class": cls, "name": name,
                 "nodes": [{"iri": iri, "name": self.named[(cls, iri)][0], "identity": self.named[(cls, iri)][1],
                            "reports": self.reports[(cls, iri)]} for iri in iris]}
                for cls, name, iris in groups],
            "collisions": [{"class": c, "iri": iri, "identities": [f"{n1}@{i1}", f"{n2}@{i2}"]}
                           for c, iri, n1, i1, n2, i2 in sorted(self.collisions)],
        }
