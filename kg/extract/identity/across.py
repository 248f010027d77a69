"""Identity across the reports of one build: which nodes several reports share (merged), which names stand for
several nodes kept apart for want of evidence (candidate links), and which IRIs two identities would share
(a hash collision: never expected, always reported).

A build hands over, per report, one :data:`Node` per entity; :class:`Tally` keeps one small entry per distinct
node, so it grows with the number of distinct things, not with the number of reports.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from ...model import Entity
from .rules import KEYED_CLASSES

#: (class local name, node IRI, canonical name, identity) of one entity of one report.
Node = tuple[str, str, str, str]


def nodes(entities: Sequence[Entity], iris: Sequence[str]) -> tuple[Node, ...]:
    """The nodes of one report's entities (observations, conferrals and plan items left out), sorted.

    :param entities: the report's entities.
    :param iris: their IRIs, in the same order.
    """
    return tuple(sorted({(e.type, iri, e.name, e.identity) for e, iri in zip(entities, iris)
                         if e.type not in KEYED_CLASSES}))


class Tally:
    """Counts of a build's nodes across its reports."""

    def __init__(self) -> None:
        self.reports: Counter[tuple[str, str]] = Counter()  # (class, IRI) → reports that state it
        self.named: dict[tuple[str, str], tuple[str, str]] = {}  # (class, IRI) → (name, identity)
        self.collisions: set[tuple[str, str, str, str, str, str]] = set()

    def add(self, report_nodes: Iterable[Node]) -> None:
        """Count the nodes of one report (each node once per report)."""
        for cls, iri, name, identity in set(report_nodes):
            self.reports[(cls, iri)] += 1
            seen = self.named.setdefault((cls, iri), (name, identity))
            if seen != (name, identity):
                a, b = sorted((seen, (name, identity)))
                self.collisions.add((cls, iri, *a, *b))

    def report(self) -> dict:
        """The ``identity`` entry of ``build-report.json``:

        - ``nodes``: distinct nodes per class;
        - ``merged``: per class, the nodes that more than one report states (their facts are joined);
        - ``kept_apart``: per class, ``names`` that several nodes share and those ``nodes``;
        - ``candidates``: each such name with its nodes, their identities and how many reports state each —
          the candidate links, left for a person (or a curation) to confirm;
        - ``collisions``: IRIs that two different identities would share (expected never).
        """
        nodes_per_class: Counter[str] = Counter(cls for cls, _ in self.reports)
        merged: Counter[str] = Counter(cls for (cls, _), n in self.reports.items() if n > 1)
        by_name: dict[tuple[str, str], list[str]] = {}
        for (cls, iri), (name, _) in self.named.items():
            by_name.setdefault((cls, name), []).append(iri)
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
                 "nodes": [{"iri": iri, "identity": self.named[(cls, iri)][1], "reports": self.reports[(cls, iri)]}
                           for iri in iris]}
                for cls, name, iris in groups],
            "collisions": [{"class": c, "iri": iri, "identities": [f"{n1}@{i1}", f"{n2}@{i2}"]}
                           for c, iri, n1, i1, n2, i2 in sorted(self.collisions)],
        }
