"""How connected an extraction is: the named entities that no relation ties to another entity.

A relation counts when a fact links the entity to another entity, directly (``location``, ``investor`` …) or
through a conferral, a membership or a plan item (those are nodes of the network too); a figure about an entity
(an observation's ``subject``) is no relation to another entity, and neither is a concept (a status, a level).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Entity, Extraction

#: Classes that are facts about entities rather than entities.
FACT_CLASSES: tuple[str, ...] = ("Observation", "AwardConferral", "Membership", "PlanItem")


@dataclass(frozen=True, slots=True)
class Connectivity:
    """The named entities of an extraction and those of them no relation ties to another entity."""

    entities: int
    unrelated: tuple[Entity, ...]

    @property
    def share(self) -> float:
        """The share of the named entities that are unrelated (0 when there are none)."""
        return len(self.unrelated) / self.entities if self.entities else 0.0

    def line(self) -> str:
        """One line for a report: ``unrelated entities: 4 of 138 (2.9%): …``."""
        names = ", ".join(f"{e.type} {e.name}" for e in self.unrelated[:12])
        more = f", … {len(self.unrelated) - 12} more" if len(self.unrelated) > 12 else ""
        return (f"unrelated entities: {len(self.unrelated)} of {self.entities} ({100 * self.share:.1f}%)"
                + (f": {names}{more}" if self.unrelated else ""))


def connectivity(ex: Extraction) -> Connectivity:
    """The named entities of ``ex`` (every class but observations, conferrals, memberships and plan items) and those
    that no fact links to another entity.

    :param ex: one document's extraction.
    :returns: the counts and the unrelated entities, sorted by id.
    """
    types = {e.id: e.type for e in ex.entities}
    linked: set[str] = set()
    for f in ex.facts:
        if not isinstance(f.object, str) or f.object not in types:
            continue
        if "Observation" in (types.get(f.subject), types[f.object]):
            continue
        linked.update((f.subject, f.object))
    named = [e for e in ex.entities if e.type not in FACT_CLASSES]
    return Connectivity(len(named), tuple(sorted((e for e in named if e.id not in linked), key=lambda e: e.id)))
