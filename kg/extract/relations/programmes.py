"""Programmes: the projects built under one, the body that leads it, the places it covers.

- ``开展“某某”示范带建设，已完成甲工程建设和乙前期设计`` → 甲 and 乙 take part in the programme (rule
  ``project-in-programme``): the projects a clause right after the programme's says were done, begun or pushed on;
- ``由某某局牵头的X``, ``某某局主办的X``, ``X由某某局牵头`` → the body leads X (``leadBody``, rule ``lead-cue``);
- ``在甲村、乙村开展X试点``, ``X覆盖甲村、乙村`` → X covers the places (``covers``, rule ``covers-places``).
"""

from __future__ import annotations

import re
from typing import Any

from ..findings import Found, prov
from ..framework import Context, component
from ...model import Fact
from .topics import CLAUSE, PART

_LEADERS = ("GovernmentBody", "PublicInstitution", "Enterprise", "Town", "District", "City", "Village")
_LED = ("Programme", "Project")
_COVERED = ("Province", "City", "District", "Town", "Village", "Community", "Area", "IndustrialPark")
#: The programme's clause says it is being built or carried out (开展X建设, 推进X行动).
_UNDER_WAY = re.compile(r"开展|推进|实施|打造|建设")
#: A clause that reports work done under it: 已完成…, 建成…, 启动…
_DONE = re.compile(r"(?:已|并|同时)?(?:完成|建成|启动|推进|实施|开工|打造)")
#: Between a leading body and what it leads: 牵头的, 主办的, 牵头实施的
_LEADS = re.compile(r"(?:牵头|主办|承办|组织|负责)(?:实施|开展|举办|建设|推进)?(?:的)?")
#: Between places and the programme they hold: 开展, 实施 …
_CARRIED = re.compile(r"(?:等\d+个[\u4e00-\u9fff]{1,3})?(?:开展|实施|推行|推广|启动|试行)(?:了)?")


def _run(places: list[Found], text: str, base: int, at: int) -> list[Found]:
    """The places listed from sentence offset ``at`` on, each after the one before (甲村、乙村和丙村)."""
    out: list[Found] = []
    for f in sorted(places, key=lambda f: f.mention.start):
        if f.mention.start - base == at:
            out.append(f)
            at = f.mention.end - base
            sep = re.match(r"[、和及与]|以及", text[at:])
            if sep is None:
                break
            at += sep.end()
    return out


def _clause_bounds(text: str, at: int) -> tuple[int, int]:
    start = max((text.rfind(c, 0, at) + 1 for c in CLAUSE), default=0)
    end = min([i for i in (text.find(c, at) for c in CLAUSE) if i >= 0] + [len(text)])
    return start, end


@component("programme links", reads=("doc", "sent", "mentions", "lists"), adds=("facts",))
def programme_links(ctx: Context) -> dict[str, Any]:
    """The projects of a programme, the body that leads it, the places it covers: reads ``mentions`` and
    ``lists``; adds ``participatesIn``, ``leadBody`` and ``covers`` facts (see the module docstring)."""
    doc, sent = ctx.doc, ctx.sent
    text, S = sent.text, sent.start
    names = sorted(ctx.mentions, key=lambda f: (f.mention.start, -f.mention.end))
    out: list[Fact] = []

    def fact(subject: Found, pred: str, obj: Found, start: int, end: int, rule: str) -> None:
        if subject.key != obj.key:
            out.append(Fact(subject.key, pred, obj.key, (prov(doc, sent, S + start, S + end, rule),)))

    for pg in (f for f in names if f.mention.type == "Programme"):
        ps, pe = pg.mention.start - S, pg.mention.end - S
        cs, ce = _clause_bounds(text, pe)
        # the projects of the next clause, when it reports work done and the programme's clause is about it
        if ce < len(text) and text[ce] in ",，" and _UNDER_WAY.search(text[cs:ce]):
            ns, ne = ce + 1, _clause_bounds(text, ce + 1)[1]
            if _DONE.match(text, ns) and not any(c in text[ce:ns] for c in PART):
                for f in names:
                    if f.mention.type == "Project" and ns <= f.mention.start - S and f.mention.end - S <= ne:
                        fact(f, "participatesIn", pg, ps, f.mention.end - S, "project-in-programme")
        places = [f for f in names if f.mention.type in _COVERED and cs <= f.mention.start - S < ps]
        if places:
            last = max(places, key=lambda f: f.mention.end)
            between = text[last.mention.end - S:ps].replace("“", "")
            first = min(places, key=lambda f: f.mention.start)
            if text[first.mention.start - S - 1:first.mention.start - S] == "在" and _CARRIED.fullmatch(between):
                for p in places:
                    fact(pg, "covers", p, p.mention.start - S, pe, "covers-places")
        # X覆盖甲村、乙村; X(示范工程)在甲村、乙村开展
        cover = re.match(r"[”]?[\u4e00-\u9fff]{0,4}?(?:覆盖|惠及|辐射|在)(?:了)?", text[pe:])
        if cover:
            listed = [f for f in names if f.mention.type in _COVERED and pe + cover.end() <= f.mention.start - S < ce]
            run = _run(listed, text, S, pe + cover.end())
            tail = text[run[-1].mention.end - S:ce] if run else ""
            if run and (not cover.group(0).endswith("在") or _CARRIED.match(tail)):
                for p in run:
                    fact(pg, "covers", p, ps, p.mention.end - S, "covers-places")
    for led in (f for f in names if f.mention.type in _LED):
        ls, le = led.mention.start - S, led.mention.end - S
        for org in (f for f in names if f.mention.type in _LEADERS):
            os_, oe = org.mention.start - S, org.mention.end - S
            if oe <= ls and (m := _LEADS.fullmatch(text[oe:ls].replace("“", ""))) is not None and m.group(0):
                fact(led, "leadBody", org, os_, le, "lead-cue")
            elif le <= os_ and re.fullmatch(r"[”]?(?:由)", text[le:os_]) and _LEADS.match(text, oe):
                fact(led, "leadBody", org, ls, oe + 2, "lead-cue")
    return {"facts": tuple(out)}
