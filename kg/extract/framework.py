"""Extraction as declared steps: each :class:`Component` says which slots of the sentence's
:class:`~kg.extract.context.Context` it reads, which it adds, and which decision rules it may record; the runner
runs them in order over each sentence, checks that each returns what it promises, and attaches the results.

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
from dataclasses import dataclass
from typing import Any

from ..errors import StepError
from ..model import Document, Sentence
from .context import SLOTS, Context
from .findings import Decision, Findings, key

#: A component's work: the context in, the slots it adds (and its decisions) out.
Run = Callable[[Context], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Component:
    """One declared step of extraction.

    :param name: the step's name, in messages and in the decisions it records.
    :param run: the function.
    :param reads: the context slots it reads.
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
        for slot in (*step.reads, *step.adds):
            if slot not in SLOTS:
                raise StepError(f"extraction step {step.name!r} names the slot {slot!r}, which the context lacks")
        for slot in step.reads:
            if slot not in ready:
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


def run_document(doc: Document, steps: tuple[Component, ...], own: tuple[tuple[str, str], ...]) -> Findings:
    """Run the steps over every sentence of a document; the ``carried`` slots pass from each sentence to the next.

    :param doc: the document.
    :param steps: the pipeline.
    :param own: the document's own places, ``(class, name)`` outermost first.
    :returns: the mentions kept and every result of every sentence, in reading order.
    """
    check_pipeline(steps)
    keys = [key(cls, name) for cls, name in own]
    town = next((key(cls, name) for cls, name in own if cls == "Town"), keys[-1] if keys else None)
    carried = {slot: {} for slot, (_, how) in SLOTS.items() if how == "carried"}
    parts: dict[str, list] = {slot: [] for slot in ("mentions", "facts", "entities", "warnings", "skipped",
                                                    "decisions")}
    prev: Sentence | None = None
    rules = [frozenset(step.decision_rules()) for step in steps]
    for sent in doc.sentences:
        ctx = _run(steps, Context(doc, sent, prev, own, town, **carried), rules)
        carried = {slot: getattr(ctx, slot) for slot in carried}
        for slot, items in parts.items():
            items.extend(getattr(ctx, slot))
        prev = sent
    return Findings(found=tuple(parts["mentions"]), facts=tuple(parts["facts"]), entities=tuple(parts["entities"]),
                    warnings=tuple(parts["warnings"]), skipped=tuple(parts["skipped"]),
                    decisions=tuple(parts["decisions"]))


def decision_rules(steps: tuple[Component, ...]) -> dict[str, dict[str, str]]:
    """Every decision rule of a pipeline, by step: step name → rule → meaning."""
    return {step.name: step.decision_rules() for step in steps if step.decision_rules()}


__all__ = ["Component", "Decision", "check_pipeline", "component", "decision_rules", "run_document", "run_sentence"]
