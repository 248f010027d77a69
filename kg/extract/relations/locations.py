"""Where firms, projects and events are, as the sentence says (``location``):

- ``某镇辖区企业甲公司``, ``我镇企业甲公司`` → the place before 辖区, or the report's own place (rule
  ``firm-in-jurisdiction``);
- ``某工业园内的甲公司``, ``落户某工业园的甲公司``, ``甲公司落户某工业园``, ``该项目位于我镇某村`` → that place (rule
  ``located-at``);
- the firms and projects a sentence counts as the report's own (``为甲、乙、丙3家企业申报…``, ``新增1家规上工业企业
  （甲公司）``, ``正在筹建甲、乙等12个项目``) → the report's own place, unless the sentence places them elsewhere
  (rule ``counted-in-place``);
- ``在某市召开的某某代表大会`` → the place of the event (rule ``event-held-at``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..findings import Found, prov
from ..framework import Context, component
from ..lexicon import alternation, words
from ...model import Fact

_PLACES = ("Province", "City", "District", "Town", "Village", "Community", "Area", "IndustrialPark")
_LOCATED = ("Enterprise", "Project", "PublicInstitution")
#: Between a firm (or project) and the place it is in: 落户, 位于 …
_AT = re.compile(r"(?:已|成功|正式|将|拟)?(?:位于|落户于|落户在|落户|入驻|进驻|坐落于|坐落在|选址于|选址在|选址|扎根|建于|设在)"
                 r"(?:在|于)?")
#: Between a place and the firm in it: 内的, 的, 内 …
_IN = re.compile(r"(?:内|里|境内|辖区内?)?(?:的)?(?:重点)?(?:企业|公司)?")
#: The jurisdiction words before a firm: 辖区企业, 辖区内的 …
_JURISDICTION = re.compile(r"(?:辖区|境内|域内)(?:内)?(?:的)?(?:重点|规上|龙头)?(?:企业|公司)?$")
#: An event held at a place: 在某市召开的, 在某市举办的
_HELD = re.compile(r"(?:召开|举办|举行)")
#: A count of firms or projects right before a bracketed name: 新增1家规上工业企业（甲公司）
_COUNT_HEAD = re.compile(r"\d+[家个项][\u4e00-\u9fff]{0,8}(?:企业|公司|项目)[（(]$")


@lru_cache(maxsize=1)
def _own_words() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(list(words('own_place_words.tsv')))})(?:的)?(?:重点|规上|龙头)?(?:企业|公司)$")


@component("whereabouts", reads=("doc", "sent", "town", "mentions", "anaphors", "lists", "facts"), adds=("facts",))
def whereabouts(ctx: Context) -> dict[str, Any]:
    """Where the sentence puts firms, projects and events: reads ``mentions``, ``anaphors`` (该项目位于…),
    ``lists`` (what it counts), ``town`` (the report's own place) and ``facts`` (a project's place read from its
    name already); adds ``location`` facts (see the module docstring)."""
    doc, sent = ctx.doc, ctx.sent
    text, S = sent.text, sent.start
    names = sorted((*ctx.mentions, *ctx.anaphors), key=lambda f: (f.mention.start, -f.mention.end))
    places = [f for f in names if f.mention.type in _PLACES]
    placed = {f.subject for f in ctx.facts if f.predicate == "location"}
    out: list[Fact] = []
    done: set[str] = set()

    def add(thing: Found, where: str, start: int, end: int, rule: str) -> None:
        if thing.key == where or thing.key in done:
            return
        done.add(thing.key)
        out.append(Fact(thing.key, "location", where, (prov(doc, sent, S + start, S + end, rule),)))

    def place_at(at: int) -> Found | None:
        """The place whose name starts at sentence offset ``at`` (after 我镇, 本镇 … naming the own place)."""
        own = re.match(alternation(list(words("own_place_words.tsv"))), text[at:])
        for start in ([at + own.end()] if own else []) + [at]:
            hits = [p for p in places if p.mention.start - S == start]
            if hits:
                return max(hits, key=lambda p: p.mention.end)
        return None

    for f in names:
        t = f.mention.type
        s, e = f.mention.start - S, f.mention.end - S
        if t in _LOCATED:
            if (m := _AT.match(text, e)) and (p := place_at(m.end())) is not None:
                add(f, p.key, s, p.mention.end - S, "located-at")
                continue
            before = [p for p in places if p.mention.end - S <= s and _IN.fullmatch(text[p.mention.end - S:s])
                      and text[p.mention.end - S:s]]
            if t == "Enterprise" and before and (p := max(before, key=lambda p: p.mention.end)) is not None \
                    and f.key not in placed:
                add(f, p.key, p.mention.start - S, e, "located-at")
                continue
            head = text[max(0, s - 12):s]
            if t == "Enterprise" and (jm := _JURISDICTION.search(head)):
                cue_at = s - (len(head) - jm.start())
                near = [p for p in places if p.mention.end - S == cue_at]
                where = near[-1].key if near else ctx.town
                if where:
                    add(f, where, (near[-1].mention.start - S) if near else cue_at, e, "firm-in-jurisdiction")
                continue
            if t == "Enterprise" and ctx.town and _own_words().search(head):
                add(f, ctx.town, s - 4, e, "firm-in-jurisdiction")
                continue
        if t == "Event":
            held = [p for p in places if p.mention.end - S <= s
                    and re.fullmatch(rf"(?:{_HELD.pattern})(?:的)?", text[p.mention.end - S:s])
                    and text[p.mention.start - S - 1:p.mention.start - S] in ("在", "于")]
            if held:
                add(f, held[-1].key, held[-1].mention.start - S, e, "event-held-at")
            elif (m := re.match(rf"(?:在|于)", text[e:])) and (p := place_at(e + m.end())) is not None \
                    and _HELD.match(text, p.mention.end - S):
                add(f, p.key, s, p.mention.end - S + 2, "event-held-at")
    # what a sentence counts as the report's own lies in the report's place, unless placed otherwise
    if ctx.town:
        counted: list[tuple[Found, int, int]] = []
        for c in ctx.lists:
            last = max(f.mention.end - S for f in c.items) if c.items else c.end
            if not re.search(r"\d", text[last:c.end]):
                continue  # the count must close the list (甲、乙等4个项目), not come clauses after it
            for f in c.items:
                if f.mention.type in ("Enterprise", "Project"):
                    counted.append((f, c.start, c.end))
        for f in names:
            if f.mention.type in ("Enterprise", "Project") and _COUNT_HEAD.search(text[:f.mention.start - S]):
                counted.append((f, f.mention.start - S, f.mention.end - S))
        for f, a, b in counted:
            if any(p.mention.start == f.mention.start and p.mention.end == f.mention.end for p in places):
                continue  # 北京、上海等地: the items are places read as projects too
            clause_from = max((text.rfind(ch, 0, a) + 1 for ch in ",，;；。"), default=0)
            elsewhere = [p for p in places if clause_from <= p.mention.start - S < a and p.key != ctx.town]
            if f.key in placed or elsewhere or f.key in done:
                continue
            add(f, ctx.town, a, b, "counted-in-place")
    return {"facts": tuple(out)}
