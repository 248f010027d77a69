"""What extraction steps return: candidate mentions with the canonical name they stand for, the decision that
kept or dropped each, facts between provisional entity keys, n-ary entities, and warnings.  One place (the
runner of :mod:`kg.extract.framework`) attaches them."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import BuildWarning, Document, Entity, Fact, Mention, Provenance, Sentence


@dataclass(frozen=True, slots=True)
class Found:
    """A mention and the canonical Simplified name of the thing it names (南塘 → 南塘村).  The mention's rule is
    the rule that proposed it."""

    mention: Mention
    name: str

    @property
    def key(self) -> str:
        """Provisional entity id ``<type>/<name>``; resolution may map it to another id."""
        return f"{self.mention.type}/{self.name}"


@dataclass(frozen=True, slots=True)
class Decision:
    """Why a candidate is kept or dropped: the rule that decided, the step that applied it (set by the runner),
    and the mention that caused a drop, when one did (the quoted name a place sits in)."""

    candidate: Found
    kept: bool
    rule: str
    cause: Found | None = None
    step: str = ""


@dataclass(frozen=True, slots=True)
class PersonMention:
    """A person found in a sentence: the name mention, and the role title before it (offsets into the
    sentence text), if any."""

    person: Found
    role: str = ""
    role_start: int = -1


@dataclass(frozen=True, slots=True)
class Coordination:
    """One counted list: its items (as found mentions), the head noun, the words between count and head, the
    count."""

    items: tuple[Found, ...]
    head: str
    modifier: str
    count: int
    start: int  # sentence offsets of the whole list with its count and head
    end: int


@dataclass(frozen=True, slots=True)
class Grounding:
    """A place candidate matched to a division of the codes: its twelve-digit code and the rule that matched it
    (``gazetteer-full``, ``gazetteer-short``, ``gazetteer-chain``)."""

    candidate: Found
    code: str
    rule: str


@dataclass(frozen=True, slots=True)
class Findings:
    """What extraction yields for a sentence or a document."""

    found: tuple[Found, ...] = ()
    facts: tuple[Fact, ...] = ()
    entities: tuple[Entity, ...] = ()  # n-ary nodes with final ids: observations, conferrals, plan items
    warnings: tuple[BuildWarning, ...] = ()
    skipped: tuple[tuple[Provenance, str], ...] = ()  # numbers deliberately not read, with the skip rule
    decisions: tuple[Decision, ...] = ()  # every candidate kept or dropped, with its rule
    groundings: tuple[Grounding, ...] = ()  # candidates matched to a division of the codes

    def __add__(self, other: Findings) -> Findings:
        return Findings(self.found + other.found, self.facts + other.facts, self.entities + other.entities,
                        self.warnings + other.warnings, self.skipped + other.skipped,
                        self.decisions + other.decisions, self.groundings + other.groundings)


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


class Ballot:
    """The drops a step records while it reads a sentence: ``ballot.drop(...)`` for each candidate it refuses,
    then ``ballot.decisions`` for the step's result.

    :param doc: the document.
    :param sent: the sentence; offsets given to :meth:`drop_span` are sentence offsets.
    """

    __slots__ = ("doc", "sent", "_out")

    def __init__(self, doc: Document, sent: Sentence) -> None:
        self.doc = doc
        self.sent = sent
        self._out: list[Decision] = []

    @property
    def decisions(self) -> tuple[Decision, ...]:
        return tuple(self._out)

    def drop(self, candidate: Found, rule: str, cause: Found | None = None) -> None:
        """Record that ``candidate`` is dropped by ``rule`` (because of ``cause``, if given)."""
        self._out.append(Decision(candidate, False, rule, cause))

    def keep(self, candidate: Found, rule: str) -> None:
        """Record that ``candidate`` is kept by ``rule``."""
        self._out.append(Decision(candidate, True, rule))

    def drop_span(self, start: int, end: int, type_: str, rule: str, proposer: str, *, name: str = "",
                  cause: Found | None = None) -> None:
        """Record the drop of the candidate at sentence offsets ``[start, end)`` proposed by ``proposer``."""
        s = self.sent.start
        self.drop(found(self.doc, self.sent, s + start, s + end, type_, name or self.sent.text[start:end],
                        proposer), rule, cause)
