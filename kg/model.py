"""The plain, frozen data that flows through the pipeline.

The document owns the text; everything else points into it with half-open ``[start, end)`` offsets,
so ``doc.text[x.start:x.end] == x.text`` holds for sentences, mentions, quantities and provenance.
No I/O happens here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


# ---------------------------------------------------------------- normalize
@dataclass(frozen=True, slots=True)
class Repair:
    """A garbled run replaced by recovered text; offsets are into the raw text."""

    raw_start: int
    raw_end: int
    before: str
    after: str
    evidence: str  # how the repair was verified, e.g. "pinyin shè confirms 設"


@dataclass(frozen=True, slots=True)
class UnrepairedSpan:
    """A garbled run whose bytes are gone; it is removed or marked, never left as garbage."""

    raw_start: int
    raw_end: int
    before: str
    after: str  # what the normalized text holds in its place
    reason: str


@dataclass(frozen=True, slots=True)
class NormalizeReport:
    annotations_stripped: int = 0
    repairs: tuple[Repair, ...] = ()
    unrepaired: tuple[UnrepairedSpan, ...] = ()
    rule_fixes: int = 0  # OpenCC leftovers fixed by rule (著力 → 着力 …)


@dataclass(frozen=True, slots=True)
class Normalized:
    """Clean Simplified text, its Traditional twin, and the way back to the raw text.

    ``offset_map[i]`` is the raw offset of ``text[i]``; ``offset_map[len(text)]`` is ``len(raw)``.
    ``trad_text`` has the same length as ``text`` and is aligned with it character by character.
    """

    text: str
    trad_text: str
    offset_map: tuple[int, ...]
    report: NormalizeReport


# ---------------------------------------------------------------- segment
@dataclass(frozen=True, slots=True)
class Origin:
    """Where one item of a document's metadata came from.

    ``field`` is ``title``, ``year`` or the class of one of the document's own places (``Province``, ``City``,
    ``District``, ``Town``); ``source`` is ``place-option`` (``--place``), ``sidecar``, ``heading``, ``text`` or
    ``gazetteer`` (a place above one found elsewhere, read from the division codes); ``code`` is the place's
    twelve-digit division code when it was found in the codes.
    """

    field: str
    value: str
    source: str
    code: str = ""


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    title: str = ""
    issuer: str = ""
    place: str = ""
    date: str = ""  # ISO 8601
    source: str = ""  # file name of the raw report
    encoding: str = ""  # detected encoding of the raw bytes
    script: str = ""  # "Hant+pinyin", "Hans", …
    year: int | None = None  # the year the report reports on
    origin: tuple[Origin, ...] = ()  # where the title, the year and the own places came from, when known


@dataclass(frozen=True, slots=True)
class Period:
    """Whether a stretch of text reports results (``actual``) or states plans (``plan``), and for which year."""

    kind: str | None = None  # "actual" | "plan" | None
    year: int | None = None


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    level: int  # 1 = 一、  2 = (一)  3 = 一是 / 1.
    marker: str  # "一、", "(二)", "三是", "1."
    title: str
    start: int
    end: int
    period: Period = Period()


@dataclass(frozen=True, slots=True)
class Sentence:
    id: str  # "<doc-id>#s<n>"
    start: int
    end: int
    text: str
    section_path: tuple[str, ...] = ()  # ids of the enclosing sections, outermost first
    period: Period = Period()


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    meta: DocumentMeta
    text: str
    trad_text: str
    sections: tuple[Section, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    normalize_report: NormalizeReport = NormalizeReport()

    def sentence(self, sentence_id: str) -> Sentence:
        for s in self.sentences:
            if s.id == sentence_id:
                return s
        raise KeyError(sentence_id)


# ---------------------------------------------------------------- extract
@dataclass(frozen=True, slots=True)
class Provenance:
    doc_id: str
    sentence_id: str
    start: int
    end: int
    text: str
    rule: str


@dataclass(frozen=True, slots=True)
class Mention:
    text: str
    start: int
    end: int
    type: str  # ontology class local name
    sentence_id: str
    rule: str


@dataclass(frozen=True, slots=True)
class Change:
    """A year-on-year (or other) change: signed value and unit ("percent" or "percentage-point")."""

    value: Decimal
    unit: str = "percent"
    basis: str = "yoy"


@dataclass(frozen=True, slots=True)
class Quantity:
    value: Decimal  # scale resolved: 2476万元 → 24760000
    unit: str  # unit code: CNY, percent, mu, km, person, item, household, tonne …
    text: str
    start: int
    end: int
    scale: int = 1  # 10**4 for 万, 10**8 for 亿
    qualifier: str = "exact"  # exact | approximate | at-least | range
    value_max: Decimal | None = None  # upper bound of a range
    change: Change | None = None


# ---------------------------------------------------------------- resolve
@dataclass(frozen=True, slots=True)
class Concept:
    """A SKOS concept by scheme and code, e.g. Concept("status", "operational")."""

    scheme: str
    code: str


@dataclass(frozen=True, slots=True)
class Value:
    """A typed literal: lexical form and XSD datatype local name ("decimal", "date", "gYearMonth", "string" …)."""

    lexical: str
    datatype: str = "string"
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    """One thing of the graph. ``id`` is stable within its document: built from type and canonical name (or,
    for observations and conferrals, from their sentence and offsets).  ``identity`` is what, besides its class
    and name, tells it from other things of that name across documents (``kg.extract.identity``): empty when
    the name alone does (a firm's registered name, a national programme), else a place (``in:…``), a
    conferring body (``by:…``) or the document (``doc:…``).  The entity's IRI is made from the class, the
    name and the identity."""

    id: str
    type: str  # ontology class local name
    name: str  # canonical Simplified name
    trad_name: str = ""
    aliases: tuple[str, ...] = ()
    provenance: tuple[Provenance, ...] = ()
    identity: str = ""


@dataclass(frozen=True, slots=True)
class Fact:
    """subject –predicate→ object, where object is an entity id, a typed value or a concept."""

    subject: str
    predicate: str  # ontology property local name
    object: str | Value | Concept
    provenance: tuple[Provenance, ...] = ()


@dataclass(frozen=True, slots=True)
class BuildWarning:
    code: str  # "coordination-count", "unrepaired-span", …
    message: str
    provenance: Provenance | None = None


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything one document yields, ready for the RDF stage."""

    document: Document
    entities: tuple[Entity, ...] = ()
    facts: tuple[Fact, ...] = ()
    warnings: tuple[BuildWarning, ...] = field(default=())
