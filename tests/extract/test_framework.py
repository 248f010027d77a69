"""The extraction framework: declared steps over a per-sentence context, checked before and while they run."""

from __future__ import annotations

import importlib
import inspect
import re

import pytest

from kg.errors import StepError
from kg.extract import extract_findings
from kg.extract.components import PIPELINE
from kg.extract.framework import SLOTS, Context, Token, check_pipeline, component, run_document, run_sentence
from kg.extract.findings import Decision, Found, found
from tests.docs import one_sentence

PLACE = "广东省南江市北城区东岭镇"


def test_the_pipeline_reads_only_what_is_there_and_adds_each_slot_once():
    check_pipeline(PIPELINE)


def test_every_step_names_only_slots_it_declares():
    """The ``ctx.<slot>`` a step's module reads are among the slots its steps declare to read."""
    helpers = {"kg.extract.components.project_names": "kg.extract.components.projects"}
    reads: dict[str, set[str]] = {}
    for step in PIPELINE:
        reads.setdefault(step.run.__module__, set()).update(r.rstrip("?") for r in step.reads)
    for name in (*reads, *helpers):
        used = set(re.findall(r"\bctx\.(\w+)", inspect.getsource(importlib.import_module(name))))
        assert used <= reads[helpers.get(name, name)] | {"run"}, name


@component("reads nothing", reads=("sent",), adds=("places",))
def _bad_type(ctx):
    return {"places": [f for f in ()]}


@component("forgets a slot", reads=("sent",), adds=("places", "events"))
def _missing(ctx):
    return {"places": ()}


@component("undeclared rule", reads=("doc", "sent"), adds=("places",), rules={"known": "a rule it declares"})
def _undeclared(ctx):
    cand = found(ctx.doc, ctx.sent, ctx.sent.start, ctx.sent.start + 1, "Village", "甲", "test")
    return {"places": (), "decisions": (Decision(cand, False, "unknown"),)}


@component("reads too early", reads=("mentions",), adds=("places",))
def _early(ctx):
    return {"places": ()}


@component("adds again", reads=("sent",), adds=("quotes",))
def _again(ctx):
    return {"quotes": ()}


@component("names no slot", reads=("sent",), adds=("nonsense",))
def _unknown(ctx):
    return {}


@pytest.mark.parametrize(("step", "message"), [
    (_bad_type, "extraction step 'reads nothing' returned list for 'places', expected a tuple of Found"),
    (_missing, "extraction step 'forgets a slot' returned places, expected places, events"),
    (_undeclared, "extraction step 'undeclared rule' recorded the rule 'unknown', which it does not declare"),
])
def test_a_step_that_returns_what_it_does_not_promise_fails_at_once(step, message):
    doc = one_sentence("北坑村完成改造", place=PLACE)
    with pytest.raises(StepError) as e:
        run_sentence((step,), Context(doc, doc.sentences[0]))
    assert str(e.value) == message


@pytest.mark.parametrize(("steps", "message"), [
    ((_early,), "extraction step 'reads too early' reads 'mentions', which no step before it adds"),
    ((PIPELINE[0], _again), "extraction step 'adds again' adds 'quotes', which step 'quotes' already added"),
    ((_unknown,), "extraction step 'names no slot' names the slot 'nonsense', which the context lacks"),
])
def test_a_pipeline_that_reads_before_a_slot_is_filled_is_refused(steps, message):
    with pytest.raises(StepError) as e:
        run_document(one_sentence("北坑村完成改造", place=PLACE), steps, ())
    assert str(e.value) == message


def test_the_context_is_frozen_for_the_steps():
    doc = one_sentence("北坑村完成改造", place=PLACE)
    ctx = Context(doc, doc.sentences[0])
    with pytest.raises(AttributeError):
        ctx.places = ()  # type: ignore[misc]


@component("characters", reads=("sent",), adds=("tokens",))
def _characters(ctx):
    """A stand-in lexical analyser: one token per character."""
    return {"tokens": tuple(Token(i, i + 1, ch) for i, ch in enumerate(ctx.sent.text))}


def test_the_tokens_step_fills_the_tokens_slot_before_every_finder_that_reads_it():
    names = [step.name for step in PIPELINE]
    first_reader = min(i for i, step in enumerate(PIPELINE) if "tokens" in step.reads)
    assert names.index("tokens") < first_reader
    doc = one_sentence("松塘、洞尾和大垯共3个村委会完成改革，北坑村投资45万元", place=PLACE)
    steps = tuple(s for s in PIPELINE if s.name != "tokens")
    with pytest.raises(StepError, match="reads 'tokens', which no step before it adds"):
        run_document(doc, steps, (("Town", "东岭镇"),))


def test_a_second_tokenizer_is_refused_and_a_reader_sees_the_words():
    doc = one_sentence("北坑村投资45万元", place=PLACE)
    with pytest.raises(StepError, match="adds 'tokens', which step 'tokens' already added"):
        check_pipeline((*PIPELINE[:3], _characters, *PIPELINE[3:]))
    at = [s.name for s in PIPELINE].index("tokens")
    ctx = run_sentence((*PIPELINE[:at], _characters), Context(doc, doc.sentences[0]))
    assert [t.text for t in ctx.tokens] == list(doc.sentences[0].text)


def test_every_slot_has_a_type_and_a_way_to_be_filled():
    assert set(SLOTS) == set(Context.__dataclass_fields__)
    assert {how for _, how in SLOTS.values()} == {"given", "carried", "once", "many"}


def test_candidates_and_decisions_name_their_step():
    f = extract_findings(one_sentence("北坑村被评为“卫生村”", place=PLACE))
    steps = {d.step for d in f.decisions}
    assert {"mentions", "programmes"} <= steps and "" not in steps
    assert all(isinstance(d.candidate, Found) for d in f.decisions)
