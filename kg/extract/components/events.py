"""Events: congresses, fairs and forums, found by suffix (``kg/data/event_suffixes.tsv``)."""

from __future__ import annotations

import re
from functools import lru_cache

from ..admin import classes_above, level_chars, suffixes
from ..dates import has_year_number
from typing import Any

from ..findings import Ballot, Found, found
from ..framework import Context, component
from ..lexicon import alternation, mapping, words
from ..names import scan_left
from ..recognize.words import PROPER_TAGS, Words

_RULES = {
    "no-name-before-suffix": "no name stands before the suffix",
    "too-short": "fewer than two characters are left before the suffix once the lead-in is cut",
    "kind-of-event": "no ordinal, year or place says which event (全国工会代表大会): a kind of event",
    "suffix-inside-word": "a one-character suffix that does not end a word (节 of 节能, 节约): no event",
    "inside-longer-event": "the name stands inside a longer event's (春节 of …春节联欢会)",
}

#: Words that end a descriptive lead-in before an event name (在北京召开的中国工会…大会, 举办某某节, 亮相某某晚会).
_LEADS = ("召开的", "举行的", "举办的", "在", "召开", "举行", "举办", "承办", "参加", "出席", "亮相")


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


#: The ordinal of a recurring festival, gala or fair (第三届, 第12届); a congress counts its sessions with 次.
_EDITION = re.compile(r"第[一二三四五六七八九十百\d]+届")


def _edition_start(stretch: str, w: Words, at: int) -> int:
    """Where the name starts inside the words before its suffix (``stretch``, at offset ``at`` of the sentence):
    at the last edition ordinal (举办第三届… → 第三届…), unless a place or a body stands right before it (湖北省第十一届…,
    中国农民第十届…: a level word or a proper name of the dictionary belongs to the name); 0 otherwise."""
    cut = 0
    for m in _EDITION.finditer(stretch):
        if not m.start() or stretch[m.start() - 1] in level_chars():
            continue
        before = w.at(at + m.start() - 1) if w else None
        if before is None or before.tag not in PROPER_TAGS:
            cut = m.start()
    return cut


#: The session of a congress written after it: 第三次会议, 第一次全体会议.
_SESSION = re.compile(r"第[一二三四五六七八九十百\d]+次(?:全体)?会议")


#: The event is held right after its name (…博览会在大连盛装启幕, …表彰大会在北京隆重举行): one event, not a kind.
_HELD_AT = re.compile(r"(?:在[\u4e00-\u9fff]{2,10}?)?(?:隆重|盛大|盛装|正式|顺利)?(?:举行|召开|开幕|启幕|举办|闭幕)")


#: The end of a heading's line that a congress's name goes on from: (在)甲市乙区第十届.
_HELD = re.compile(r"(?P<name>[\u4e00-\u9fff]{0,16}第[一二三四五六七八九十百\d]+届)$")


def _wrapped_before(text: str, at: int) -> str:
    """The text before ``at`` when blanks or a line break stand right before it (a heading wrapped there), else
    ``""``."""
    head = text[:at]
    stripped = head.rstrip(" \t\u3000\r\n")
    return stripped if len(stripped) < len(head) else ""


def _wrapped_after(text: str, at: int) -> str:
    """The text after ``at`` when blanks or a line break stand right after it (a heading wrapped there), else
    ``""``."""
    rest = text[at:]
    stripped = rest.lstrip(" \t\u3000\r\n")
    return stripped if len(stripped) < len(rest) else ""


@component("events", reads=("doc", "sent", "tokens"), adds=("events",), rules=_RULES)
def events(ctx: Context) -> dict[str, Any]:
    """Event names found by suffix: reads ``sent``; adds ``events`` (rule ``event-suffix:<suffix>``)."""
    doc, sent = ctx.doc, ctx.sent
    text = sent.text
    ballot = Ballot(doc, sent)
    out: list[Found] = []
    max_by_suffix = mapping("event_suffixes.tsv", "max_prefix")
    bounds = Words.of(ctx.tokens)
    for m in _pattern().finditer(text):
        rule = f"event-suffix:{m.group(0)}"
        if len(m.group(0)) == 1 and bounds and not bounds.is_boundary(m.end()):
            ballot.drop_span(m.start(), m.end(), "Event", "suffix-inside-word", rule)
            continue
        start = scan_left(text, m.start(), max_len=max_by_suffix[m.group(0)], min_len=2, scope="org",
                          bounds=bounds, lead_verbs=False, extra="“”")  # 甲乙暨“丙丁”工作推进会
        if start is not None and text.count("“", start, m.start()) != text.count("”", start, m.start()):
            start = text.find("”", start, m.start()) + 1 if "”" in text[start:m.start()] else start
        if start is None:
            ballot.drop_span(m.start(), m.end(), "Event", "no-name-before-suffix", rule)
            continue
        if lead := re.search(r"(?:全国|全省|全市|全县|全区)$", text[:start]):
            start = lead.start()  # 承接全省…推进会: the scope the event gathers opens its name
        stretch = text[start:m.start()]
        cut = max((stretch.rfind(w) + len(w) for w in _LEADS if w in stretch), default=_edition_start(stretch, bounds, start))
        start += cut
        end = m.end()
        if session := _SESSION.match(text, end):  # …人民代表大会第三次会议: the session is the event
            end = session.end()
        name = text[start:end].replace("“", "").replace("”", "")
        if session := _SESSION.match(_wrapped_after(doc.text, sent.start + end)):
            name += session.group(0)  # a heading wrapped after the congress: its session opens the next line
        if not _place_lead().match(name) and not _EDITION.search(name) \
                and (held := _HELD.search(_wrapped_before(doc.text, sent.start + start))):
            # …在甲市乙区第十届 / 人民代表大会…: a heading wrapped before the congress, its first part
            name = re.split(r"[在于]", held.group("name"))[-1] + name
        if m.start() - start < 2:
            ballot.drop_span(start, end, "Event", "too-short", rule)
        elif not _specific(name) and not _HELD_AT.match(text, end):
            ballot.drop_span(start, end, "Event", "kind-of-event", rule)
        else:
            out.append(found(doc, sent, sent.start + start, sent.start + end, "Event", name, rule))
    kept = []
    for f in out:
        if longer := next((g for g in out if g is not f and g.mention.start <= f.mention.start
                           and f.mention.end <= g.mention.end and len(g.mention.text) > len(f.mention.text)), None):
            ballot.drop(f, "inside-longer-event", longer)
        else:
            kept.append(f)
    return {"events": tuple(kept), "decisions": ballot.decisions}
