"""Extraction as declared steps over a per-sentence context.

The context of a sentence (:class:`Context`) is what extraction knows about it, built once and read by every
step.  It starts with the sentence, its document, the document's own places and what earlier sentences left
(the levels of the bodies named so far, the last park named with each suffix, the last thing of each class the
item spoke of).  Each step (a
:class:`Component`) says which slots it reads, which it adds, and which decision rules it may record; the
runner runs the steps in order over each sentence, checks that each returns what it promises (failing at once,
naming the step), and attaches the results.  The quotes and quantities are read once, then the candidates of
each kind, the mentions kept, and the facts, entities, warnings and decisions; no step computes again what a
slot holds.

:data:`SLOTS` declares every slot: the type of its value (of each item, for a tuple) and how it is filled —
``given`` before the first step; ``carried`` from the sentence before (one step may replace it); ``once`` by
one step; ``many`` by every step that declares it (the results: facts, entities, warnings, skipped numbers,
decisions).  The slot ``tokens`` waits for a lexical analyser: a step that adds word tokens
(``adds=("tokens",)``) placed before the finders fills it, and a finder that wants word boundaries reads it.
A step may read a slot that only an optional step fills by writing it with a ``?`` (``reads=("tokens?",)``):
the runner does not ask that a step before it adds the slot, and the step finds it empty when none does.

A component is a plain function of the context that returns a dict: one entry per slot it adds, and
``"decisions"`` for the candidates it refused (or kept by a named exception)::

    @component("events", reads=("doc", "sent"), adds=("events",), rules={"kind-of-event": "…"})
    def events(ctx: Context) -> dict:
        ...
        return {"events": tuple(kept), "decisions": ballot.decisions}

The pipeline itself is the tuple :data:`kg.extract.components.PIPELINE`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import StepError
from ..model import BuildWarning, Document, Entity, Fact, Provenance, Quantity, Sentence
from .findings import Coordination, Decision, Findings, Found, Grounding, PersonMention, key
from .ground.scope import OwnPlace
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
    own_place: OwnPlace | None = None  # the own places with their division codes and the scope of short names
    # carried from the sentence before
    body_levels: Mapping[str, str] = field(default_factory=dict)  # level code by key of a government body
    park_names: Mapping[str, Found] = field(default_factory=dict)  # last park named in full, by its suffix
    topics: Mapping[str, Found] = field(default_factory=dict)  # last thing of each class the item spoke of
    firm_brands: Mapping[str, Found] = field(default_factory=dict)  # a firm named in full, by its brand
    # read once
    quotes: tuple[Quote, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    tokens: tuple[Token, ...] = ()
    # candidates, by kind
    recognized: tuple[Found, ...] = ()  # the statistical recognizer's
    short_names: tuple[Found, ...] = ()  # firms named again by their brand
    places: tuple[Found, ...] = ()
    known_names: tuple[Found, ...] = ()
    park_short_forms: tuple[Found, ...] = ()
    organisations: tuple[Found, ...] = ()
    events: tuple[Found, ...] = ()
    programmes: tuple[Found, ...] = ()
    products: tuple[Found, ...] = ()
    lists: tuple[Coordination, ...] = ()
    gazetteer: tuple[Found, ...] = ()  # places named as the division codes name them
    projects: tuple[Found, ...] = ()
    named: tuple[Found, ...] = ()  # the names a person or an honour attaches to
    people: tuple[PersonMention, ...] = ()
    honours: tuple[Found, ...] = ()
    mentions: tuple[Found, ...] = ()  # the candidates kept
    anaphors: tuple[Found, ...] = ()  # words that point back to a thing named before (该项目), as that thing
    # results
    facts: tuple[Fact, ...] = ()
    entities: tuple[Entity, ...] = ()
    warnings: tuple[BuildWarning, ...] = ()
    skipped: tuple[tuple[Provenance, str], ...] = ()
    decisions: tuple[Decision, ...] = ()
    groundings: tuple[Grounding, ...] = ()  # candidates matched to a division of the codes


#: slot → (type of the value, or of each item of a tuple; how it is filled).
SLOTS: dict[str, tuple[type, str]] = {
    "doc": (Document, "given"), "sent": (Sentence, "given"), "prev": (Sentence, "given"),
    "own": (tuple, "given"), "town": (str, "given"), "own_place": (OwnPlace, "given"),
    "body_levels": (Mapping, "carried"), "park_names": (Mapping, "carried"), "topics": (Mapping, "carried"),
    "firm_brands": (Mapping, "carried"),
    "quotes": (Quote, "once"), "quantities": (Quantity, "once"), "tokens": (Token, "once"),
    **{name: (Found, "once") for name in ("recognized", "short_names", "places", "known_names", "park_short_forms",
                                          "organisations", "events", "programmes", "products", "gazetteer",
                                          "projects", "named", "honours", "mentions", "anaphors")},
    "lists": (Coordination, "once"), "people": (PersonMention, "once"),
    "facts": (Fact, "many"), "entities": (Entity, "many"), "warnings": (BuildWarning, "many"),
    "skipped": (tuple, "many"), "decisions": (Decision, "many"), "groundings": (Grounding, "many"),
}


def _slot(name: str) -> str:
    """A slot's name without the ``?`` of an optional read."""
    return name.rstrip("?")


#: A component's work: the context in, the slots it adds (and its decisions) out.
Run = Callable[[Context], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Component:
    """One declared step of extraction.

    :param name: the step's name, in messages and in the decisions it records.
    :param run: the function.
    :param reads: the context slots it reads (``"tokens?"``: a slot only an optional step fills).
    :param adds: the context slots it fills (a ``carried`` slot: its new value for the sentences after).
    :param rules: the decision rules it may record, each with what it means (a callable: read on first use).
    """

    name: str
    run: Run
    reads: tuple[str, ...]
    adds: tuple[str, ...]
    rules: Mapping[str, str] | Callable[[], Mapping[str, str]] = ()  # type: ignore[assignment]

    def decision_rules(self) -> Mapping[str, str]:
        """The decision rules this step may record: name → meaning."""
        return dict(self.rules() if callable(self.rules) else self.rules)


def component(name: str, *, reads: Iterable[str], adds: Iterable[str],
              rules: Mapping[str, str] | Callable[[], Mapping[str, str]] = ()) -> Callable[[Run], Component]:
    """Declare a function as a step of extraction (see :class:`Component`)."""
    def wrap(run: Run) -> Component:
        return Component(name, run, tuple(reads), tuple(adds), rules)  # type: ignore[arg-type]
    return wrap


def check_pipeline(steps: tuple[Component, ...]) -> None:
    """Check that every step reads only slots that exist before it and adds slots that no earlier step added.

    :raises StepError: naming the step and the slot.
    """
    ready = {name for name, (_, how) in SLOTS.items() if how in ("given", "carried")}
    added: dict[str, str] = {}
    for step in steps:
        for slot in (*map(_slot, step.reads), *step.adds):
            if slot not in SLOTS:
                raise StepError(f"extraction step {step.name!r} names the slot {slot!r}, which the context lacks")
        for slot in step.reads:
            if not slot.endswith("?") and slot not in ready:
                raise StepError(f"extraction step {step.name!r} reads {slot!r}, which no step before it adds")
        for slot in step.adds:
            how = SLOTS[slot][1]
            if how == "given" or (how in ("once", "carried") and slot in added):
                by = added.get(slot, "the runner")
                raise StepError(f"extraction step {step.name!r} adds {slot!r}, which {by} already added")
            if how != "many":
                added[slot] = f"step {step.name!r}"
        ready.update(step.adds)


def _checked(step: Component, out: object, rules: frozenset[str]) -> dict[str, Any]:
    """The slot values a step returned, after checking each against what it declared."""
    if not isinstance(out, dict):
        raise StepError(f"extraction step {step.name!r} returned {type(out).__name__}, expected a dict of "
                        f"{', '.join(step.adds)}")
    if out.keys() - {"decisions"} != set(step.adds):
        raise StepError(f"extraction step {step.name!r} returned {', '.join(sorted(out)) or 'nothing'}, "
                        f"expected {', '.join(step.adds)}")
    for slot, value in out.items():
        typ, how = SLOTS[slot]
        if how == "carried":
            ok = isinstance(value, Mapping)
        else:
            ok = type(value) is tuple and not [v for v in value if not isinstance(v, typ)]
        if not ok:
            raise StepError(f"extraction step {step.name!r} returned {type(value).__name__} for {slot!r}, "
                            f"expected {'a mapping' if how == 'carried' else f'a tuple of {typ.__name__}'}")
    for d in out.get("decisions", ()):
        if d.rule not in rules:
            raise StepError(f"extraction step {step.name!r} recorded the rule {d.rule!r}, which it does not declare")
    return out


def run_sentence(steps: tuple[Component, ...], ctx: Context) -> Context:
    """Run the steps over one sentence's context, in order; each adds its slots.

    The context is frozen for the steps: only this runner fills its slots, as each step returns them.

    :raises StepError: if a step returns something else than it declares.
    """
    return _run(steps, ctx, [frozenset(step.decision_rules()) for step in steps])


def _run(steps: tuple[Component, ...], ctx: Context, rules: list[frozenset[str]]) -> Context:
    for step, names in zip(steps, rules):
        out = _checked(step, step.run(ctx), names)
        for slot, value in out.items():
            if slot == "decisions":
                value = tuple(Decision(d.candidate, d.kept, d.rule, d.cause, step.name) for d in value)
            object.__setattr__(ctx, slot, getattr(ctx, slot) + value if SLOTS[slot][1] == "many" else value)
    return ctx


def run_document(doc: Document, steps: tuple[Component, ...], own: tuple[tuple[str, str], ...],
                 own_place: OwnPlace | None = None) -> Findings:
    """Run the steps over every sentence of a document; the ``carried`` slots pass from each sentence to the next.

    :param doc: the document.
    :param steps: the pipeline.
    :param own: the document's own places, ``(class, name)`` outermost first.
    :param own_place: the same with their division codes (:func:`kg.extract.ground.scope.own_place`), if known.
    :returns: the mentions kept and every result of every sentence, in reading order.
    """
    check_pipeline(steps)
    keys = [key(cls, name) for cls, name in own]
    town = next((key(cls, name) for cls, name in own if cls == "Town"), keys[-1] if keys else None)
    carried = {slot: {} for slot, (_, how) in SLOTS.items() if how == "carried"}
    parts: dict[str, list] = {slot: [] for slot in ("mentions", "facts", "entities", "warnings", "skipped",
                                                    "decisions", "groundings")}
    prev: Sentence | None = None
    rules = [frozenset(step.decision_rules()) for step in steps]
    for sent in doc.sentences:
        ctx = _run(steps, Context(doc, sent, prev, own, town, own_place, **carried), rules)
        carried = {slot: getattr(ctx, slot) for slot in carried}
        for slot, items in parts.items():
            items.extend(getattr(ctx, slot))
        prev = sent
    return Findings(found=tuple(parts["mentions"]), facts=tuple(parts["facts"]), entities=tuple(parts["entities"]),
                    warnings=tuple(parts["warnings"]), skipped=tuple(parts["skipped"]),
                    decisions=tuple(parts["decisions"]), groundings=tuple(parts["groundings"]))


__all__ = ["SLOTS", "Component", "Context", "Decision", "Token", "check_pipeline", "component", "run_document",
           "run_sentence"]
