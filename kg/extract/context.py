"""The context of one sentence: what extraction knows about it, built once and read by every step.

A :class:`Context` starts with the sentence, its document, the document's own places and what earlier sentences
left (the levels of the bodies named so far, the last park named with each suffix).  Each step of the pipeline
(:mod:`kg.extract.components`) reads some slots and adds others: the quotes and quantities are read once, then
the candidates of each kind, the mentions kept, and the facts, entities, warnings and decisions.  No step
computes again what a slot holds.

:data:`SLOTS` declares every slot: the type of its value (of each item, for a tuple) and how it is filled —
``given`` before the first step; ``carried`` from the sentence before (one step may replace it);
``once`` by one step; ``many`` by every step that declares it (the results: facts, entities, warnings,
skipped numbers, decisions).  The slot ``tokens`` waits for a lexical analyser: a step that adds word tokens
(``adds=("tokens",)``) placed before the finders fills it, and a finder that wants word boundaries reads it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..model import BuildWarning, Document, Entity, Fact, Provenance, Quantity, Sentence
from .findings import Coordination, Decision, Found, PersonMention
from .quotes import Quote


@dataclass(frozen=True, slots=True)
class Token:
    """A word of the sentence as a lexical analyser reads it: sentence offsets ``[start, end)``, its text, and
    its tag (a part of speech or an entity label such as ``LOC``)."""

    start: int
    end: int
    text: str
    tag: str = ""


@dataclass(frozen=True, slots=True)
class Context:
    """Everything known about one sentence at a point of the pipeline (see the module docstring).

    Offsets: quotes, quantities and tokens are sentence offsets (into ``sent.text``); mentions (``Found``)
    and provenance are document offsets.
    """

    # given
    doc: Document
    sent: Sentence
    prev: Sentence | None = None
    own: tuple[tuple[str, str], ...] = ()  # the document's own places, (class, name), outermost first
    town: str | None = None  # key of the document's own place (its town, or its innermost place)
    # carried from the sentence before
    body_levels: Mapping[str, str] = field(default_factory=dict)  # level code by key of a government body
    park_names: Mapping[str, Found] = field(default_factory=dict)  # last park named in full, by its suffix
    # read once
    quotes: tuple[Quote, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    tokens: tuple[Token, ...] = ()
    # candidates, by kind
    places: tuple[Found, ...] = ()
    known_names: tuple[Found, ...] = ()
    park_short_forms: tuple[Found, ...] = ()
    organisations: tuple[Found, ...] = ()
    events: tuple[Found, ...] = ()
    programmes: tuple[Found, ...] = ()
    products: tuple[Found, ...] = ()
    lists: tuple[Coordination, ...] = ()
    projects: tuple[Found, ...] = ()
    named: tuple[Found, ...] = ()  # the names a person or an honour attaches to
    people: tuple[PersonMention, ...] = ()
    honours: tuple[Found, ...] = ()
    mentions: tuple[Found, ...] = ()  # the candidates kept
    # results
    facts: tuple[Fact, ...] = ()
    entities: tuple[Entity, ...] = ()
    warnings: tuple[BuildWarning, ...] = ()
    skipped: tuple[tuple[Provenance, str], ...] = ()
    decisions: tuple[Decision, ...] = ()


#: slot → (type of the value, or of each item of a tuple; how it is filled).
SLOTS: dict[str, tuple[type, str]] = {
    "doc": (Document, "given"), "sent": (Sentence, "given"), "prev": (Sentence, "given"),
    "own": (tuple, "given"), "town": (str, "given"),
    "body_levels": (Mapping, "carried"), "park_names": (Mapping, "carried"),
    "quotes": (Quote, "once"), "quantities": (Quantity, "once"), "tokens": (Token, "once"),
    **{name: (Found, "once") for name in ("places", "known_names", "park_short_forms", "organisations", "events",
                                          "programmes", "products", "projects", "named", "honours", "mentions")},
    "lists": (Coordination, "once"), "people": (PersonMention, "once"),
    "facts": (Fact, "many"), "entities": (Entity, "many"), "warnings": (BuildWarning, "many"),
    "skipped": (tuple, "many"), "decisions": (Decision, "many"),
}
