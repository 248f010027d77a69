"""Events: congresses, fairs and forums, found by suffix (``kg/data/event_suffixes.tsv``)."""

from __future__ import annotations

import re
from functools import lru_cache

from ..admin import classes_above, suffixes
from ..dates import has_year_number
from typing import Any

from ..findings import Ballot, Found, found
from ..framework import Context, component
from ..lexicon import alternation, mapping, words
from ..names import scan_left
from ..recognize.words import Words

_RULES = {
    "no-name-before-suffix": "no name stands before the suffix",
    "too-short": "fewer than two characters are left before the suffix once the lead-in is cut",
    "kind-of-event": "no ordinal, year or place says which event (全国工会代表大会): a kind of event",
}

#: Words that end a descriptive lead-in before an event name (在北京召开的中国工会…大会).
_LEADS = ("召开的", "举行的", "举办的", "在")


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    return re.compile(alternation(list(words("event_suffixes.tsv"))))


def _specific(name: str) -> bool:
    """An event name says which one: an ordinal (第十八次), a year, or a place at its start (广东省…); 全国工会代表大会
    alone is a kind of event."""
    return bool(re.search(r"第[一二三四五六七八九十百\d]+[次届]", name)) or has_year_number(name) or bool(
        _place_lead().match(name))


@lru_cache(maxsize=1)
def _place_lead() -> re.Pattern[str]:
    """A place of town level or higher at the start of a name (广东省…, 东岭镇…)."""
    words_ = [s for s, cls in suffixes(text=True) if cls in classes_above("Village")]
    return re.compile(rf"[\u4e00-\u9fff]{{1,6}}?({alternation(words_)})")


#: The session of a congress written after it: 第三次会议, 第一次全体会议.
_SESSION = re.compile(r"第[一二三四五六七八九十百\d]+次(?:全体)?会议")


@component("events", reads=("doc", "sent", "tokens"), adds=("events",), rules=_RULES)
def events(ctx: Context) -> dict[str, Any]:
    """Event names found by suffix: reads ``sent``; adds ``events`` (rule ``event-suffix:<suffix>``)."""
    doc, sent = ctx.doc, ctx.sent
    text = sent.text
    ballot = Ballot(doc, sent)
    out: list[Found] = []
    max_by_suffix = mapping("event_suffixes.tsv", "max_prefix")
    for m in _pattern().finditer(text):
        rule = f"event-suffix:{m.group(0)}"
        start = scan_left(text, m.start(), max_len=max_by_suffix[m.group(0)], min_len=2, scope="org",
                          bounds=Words.of(ctx.tokens), lead_verbs=False)
        if start is None:
            ballot.drop_span(m.start(), m.end(), "Event", "no-name-before-suffix", rule)
            continue
        stretch = text[start:m.start()]
        cut = max((stretch.rfind(w) + len(w) for w in _LEADS if w in stretch), default=0)
        start += cut
        end = m.end()
        if session := _SESSION.match(text, end):  # …人民代表大会第三次会议: the session is the event
            end = session.end()
        name = text[start:end]
        if m.start() - start < 2:
            ballot.drop_span(start, end, "Event", "too-short", rule)
        elif not _specific(name):
            ballot.drop_span(start, end, "Event", "kind-of-event", rule)
        else:
            out.append(found(doc, sent, sent.start + start, sent.start + end, "Event", name, rule))
    return {"events": tuple(out), "decisions": ballot.decisions}
