"""Programmes: campaigns, initiatives, funds, training classes and slogans such as 百千万工程 — quoted names
(a strong cue) and unquoted names ending in a programme word (``kg/data/programme_suffixes.tsv``)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..findings import Ballot, Found, found
from ..framework import Context, component
from ..lexicon import alternation, mapping, words
from ..names import is_name_char, scan_left
from ..recognize.words import Words
from ..quotes import Quote, in_metaphor, is_award_quote, is_phrase, product_noun_after
from ..recognize.words import common_word

_RULES = {
    "quoted-number": "a quote of digits that opens with 0 (“0915”): a date, no programme's name",
    "rhetorical-quote": "quotes around a slogan or emphasis (“急难愁盼”: kg/data/quoted_phrases.tsv), no name",
    "quoted-speech": "the quote holds sentence punctuation (，。！？；): speech or a statement, not a name",
    "quoted-common-word": "the quote is one common word of the dictionary (“生命线”, “加速度”) and no name "
                          "follows it: a metaphor, not a name",
    "honour-title": "the quote is an honour title (评为“…”): the honours step reads it",
    "problem-slogan": "the quote names a problem (“四风”问题)",
    "facility-name": "the quote names a built facility (“民安路”): a project",
    "product-brand": "the quote names a product brand (“榕岗沙糖橘”)",
    "head-of-quoted-name": "the programme word is the head noun of a quoted name (“三美”专项行动)",
    "inside-quote": "the programme word stands inside a quote",
    "no-name-before-suffix": "no name stands before the programme word",
    "describes-quoted-name": "the words describe the quoted name before them (“一技之长”纺织服装培训班)",
    "too-short": "fewer than two characters are left once the opener verb is cut",
    "quoted-metaphor": "one side of 把“A”变成“B”: a figure of speech, no name",
    "quoted-edition-event": "an edition before the quote and an event word ending it (第三届“桃花节”): the "
                            "event's name, not a programme",
    "quote-qualifies-kind": "the quote qualifies the kind of bearer or title after it (“瞪羚”企业, “…”先进集体: "
                            "kg/data/quote_kind_heads.tsv)",
    "quoted-result": "the quote is a result, a rank or an evil after a verb such as 实现, 进入 or 打击 "
                     "(kg/data/quote_target_verbs.tsv)",
}

#: An edition right before a quote (第十二届“…”).
_EDITION = re.compile(r"第[一二三四五六七八九十百\d]{1,4}[届次]$")


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    return re.compile(alternation(list(words("programme_suffixes.tsv"))))


@lru_cache(maxsize=1)
def _target_verb() -> re.Pattern[str]:
    """A verb of reaching or fighting right before a quote, or before a scope (全州) right before it."""
    return re.compile(f"(?:{alternation(list(words('quote_target_verbs.tsv')))})(?:全.)?$")


#: Sentence punctuation inside a quote: the quote is speech or a statement, not a name.
_SPEECH = re.compile(r"[，,。！!？?；;]")


def _quote_rule(text: str, q: Quote) -> str | None:
    """Why a quote names no programme, or ``None`` when it names one."""
    content = text[q.start:q.end]
    if is_phrase(content):
        return "rhetorical-quote"
    if content.isdigit() and content.startswith("0"):
        return "quoted-number"  # 打赢“0915”攻坚战: a date (“1345”, “323+” are strategies' names)
    if _SPEECH.search(content):
        return "quoted-speech"
    if in_metaphor(text, q):
        return "quoted-metaphor"
    if text.startswith(words("quote_kind_heads.tsv"), q.end + 1):
        return "quote-qualifies-kind"
    if _target_verb().search(text, 0, max(q.start - 1, 0)):
        return "quoted-result"
    if _EDITION.search(text, 0, max(q.start - 1, 0)) and content.endswith(words("event_suffixes.tsv")):
        return "quoted-edition-event"
    if common_word(content) and (len(content) <= 2 or not is_name_char(text[q.end + 1:q.end + 2] or "。")):
        return "quoted-common-word"  # (“一技之长”纺织服装培训班: the quote opens a longer name; “线上”招聘会 not)
    if is_award_quote(text, q):
        return "honour-title"
    if text[q.end + 1:q.end + 3] == "问题":
        return "problem-slogan"
    if any(content.endswith(w) for w in words("facility_suffixes.tsv")):
        return "facility-name"
    if any(content.endswith(w) and len(content) > len(w) for w in words("product_suffixes.tsv")) or (
            len(content) >= 3 and content.endswith(words("quoted_products.tsv"))) or (
            (3 <= len(content) or product_noun_after(text, q) == "牌") and product_noun_after(text, q)):
        return "product-brand"
    return None


@component("programmes", reads=("doc", "sent", "quotes", "tokens"), adds=("programmes",), rules=_RULES)
def programmes(ctx: Context) -> dict[str, Any]:
    """Programme names: reads ``sent``, ``quotes``; adds ``programmes`` (rules ``programme-quoted``,
    ``programme-suffix:<suffix>``)."""
    doc, sent = ctx.doc, ctx.sent
    text = sent.text
    ballot = Ballot(doc, sent)
    out: list[Found] = []
    for q in ctx.quotes:
        content = text[q.start:q.end]
        name = content.replace("‘", "").replace("’", "")
        candidate = found(doc, sent, sent.start + q.start, sent.start + q.end, "Programme", name, "programme-quoted")
        if rule := _quote_rule(text, q):
            ballot.drop(candidate, rule)
        else:
            out.append(candidate)
    inside_quote = [(q.start - 1, q.end + 1) for q in ctx.quotes]
    openers = words("programme_openers.tsv")
    max_by_suffix = mapping("programme_suffixes.tsv", "max_prefix")
    for m in _pattern().finditer(text):
        rule = f"programme-suffix:{m.group(0)}"
        if m.start() > 0 and text[m.start() - 1] in "”’":
            ballot.drop_span(m.start(), m.end(), "Programme", "head-of-quoted-name", rule)
            continue
        if any(s <= m.start() < e for s, e in inside_quote):
            ballot.drop_span(m.start(), m.end(), "Programme", "inside-quote", rule)
            continue
        start = scan_left(text, m.start(), max_len=max_by_suffix[m.group(0)], min_len=2, scope="org",
                          bounds=Words.of(ctx.tokens), lead_verbs=False)
        if start is None:
            ballot.drop_span(m.start(), m.end(), "Programme", "no-name-before-suffix", rule)
            continue
        if start > 0 and text[start - 1] in "”’":
            ballot.drop_span(start, m.end(), "Programme", "describes-quoted-name", rule)
            continue
        stretch = text[start:m.start()]
        start += max((stretch.rfind(w) + len(w) for w in openers if w in stretch), default=0)
        if m.start() - start < 2:
            ballot.drop_span(start, m.end(), "Programme", "too-short", rule)
        else:
            out.append(found(doc, sent, sent.start + start, sent.start + m.end(), "Programme", text[start:m.end()],
                             rule))
    return {"programmes": tuple(out), "decisions": ballot.decisions}
