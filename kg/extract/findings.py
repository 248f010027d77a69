"""What an extractor returns: mentions with the canonical name they stand for, facts between provisional
entity keys, n-ary entities, and warnings.  One place (:func:`kg.extract.extract`) attaches them."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import BuildWarning, Document, Entity, Fact, Mention, Provenance, Sentence


@dataclass(frozen=True, slots=True)
class Found:
    """A mention and the canonical Simplified name of the thing it names (南塘 → 南塘村)."""

    mention: Mention
    name: str

    @property
    def key(self) -> str:
        """Provisional entity id ``<type>/<name>``; resolution may map it to another id."""
        return f"{self.mention.type}/{self.name}"


@dataclass(frozen=True, slots=True)
class Findings:
    """The output of one extractor over one sentence (or document)."""

    found: tuple[Found, ...] = ()
    facts: tuple[Fact, ...] = ()
    entities: tuple[Entity, ...] = ()  # n-ary nodes with final ids: observations, conferrals, plan items
    warnings: tuple[BuildWarning, ...] = ()
    skipped: tuple[tuple[Provenance, str], ...] = ()  # numbers deliberately not read, with the skip rule

    def __add__(self, other: Findings) -> Findings:
        return Findings(self.found + other.found, self.facts + other.facts, self.entities + other.entities,
                        self.warnings + other.warnings, self.skipped + other.skipped)


def key(type_: str, name: str) -> str:
    """Provisional entity key, e.g. ``key("Village", "南塘村")`` → ``"Village/南塘村"``."""
    return f"{type_}/{name}"


def prov(doc: Document, sent: Sentence, start: int, end: int, rule: str) -> Provenance:
    """Provenance of the document span ``[start, end)`` (document offsets) found by ``rule``."""
    return Provenance(doc.id, sent.id, start, end, doc.text[start:end], rule)


def found(doc: Document, sent: Sentence, start: int, end: int, type_: str, name: str, rule: str) -> Found:
    """A :class:`Found` for the document span ``[start, end)``."""
    return Found(Mention(doc.text[start:end], start, end, type_, sent.id, rule), name)


def mention_prov(doc: Document, f: Found) -> Provenance:
    """Provenance of a found mention."""
    m = f.mention
    return Provenance(doc.id, m.sentence_id, m.start, m.end, m.text, m.rule)
