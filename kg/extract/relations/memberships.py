"""Elections: a person elected to a seat, as a ``Membership`` (W3C ORG's ``org:Membership``) with the body or
assembly of the seat, the post, the term, the date and the assembly that elected.

``8月31日，某公司张三在某省工会代表会议中当选为某某全国代表大会代表，并于10月9日至12日…在某某全国代表大会中
当选为某某总工会第十八届执委`` → two memberships of 张三: delegate (代表) of the national congress, elected on
08-31 at the provincial meeting; executive committee member (执委) of the federation, term 第十八届, elected on
10-09 at the national congress.  The cue words are ``kg/data/election_cues.tsv``, the posts ``posts.tsv``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..dates import last_month
from ..findings import Found, prov
from ..framework import Context, component
from ..lexicon import alternation, words
from ...model import Entity, Fact, Value
from .topics import PART

_SEAT_TYPES = ("Event", "GovernmentBody", "PublicInstitution", "Enterprise")
_TERM = re.compile(r"第[一二三四五六七八九十百零〇\d]+届")


@lru_cache(maxsize=1)
def _cues() -> re.Pattern[str]:
    return re.compile(alternation(list(words("election_cues.tsv"))))


@lru_cache(maxsize=1)
def _posts() -> re.Pattern[str]:
    return re.compile(alternation(list(words("posts.tsv"))))


@component("memberships", reads=("doc", "sent", "mentions", "people"), adds=("facts", "entities"))
def memberships(ctx: Context) -> dict[str, Any]:
    """Seats won by election: reads ``mentions`` and ``people``; adds a ``Membership`` for each election cue with
    a person before it and a post after it, and its facts ``member``, ``organization``, ``role``, ``term``,
    ``electedOn``, ``electedAt`` (rule ``election``)."""
    doc, sent = ctx.doc, ctx.sent
    text, S = sent.text, sent.start
    year = sent.period.year or doc.meta.year
    people = [p.person for p in ctx.people] or [f for f in ctx.mentions if f.mention.type == "Person"]
    seats = [f for f in ctx.mentions if f.mention.type in _SEAT_TYPES]
    facts: list[Fact] = []
    entities: list[Entity] = []
    prev_end = 0
    for m in _cues().finditer(text):
        if m.start() < prev_end:
            continue
        before = [p for p in people if p.mention.end - S <= m.start()]
        if not before:
            continue
        member = max(before, key=lambda p: p.mention.end)
        at = m.end()
        seat = next((f for f in sorted(seats, key=lambda f: -(f.mention.end - f.mention.start))
                     if f.mention.start - S == at), None)
        if seat is not None:
            at = seat.mention.end - S
        term = _TERM.match(text, at)
        if term:
            at = term.end()
        post = _posts().match(text, at)
        if post is None:
            continue
        span_start = max(prev_end, min(member.mention.start - S, m.start()))
        p = prov(doc, sent, S + span_start, S + post.end(), "election")
        mid = f"Membership/{sent.id}@{S + m.start()}"
        seat_name = seat.name if seat is not None else ""
        entities.append(Entity(mid, "Membership", f"{member.name}：{seat_name}{term.group(0) if term else ''}"
                                                  f"{post.group(0)}", provenance=(p,)))
        facts.append(Fact(mid, "member", member.key, (p,)))
        facts.append(Fact(mid, "role", Value(post.group(0), "string"), (p,)))
        if seat is not None:
            facts.append(Fact(mid, "organization", seat.key, (p,)))
        if term:
            facts.append(Fact(mid, "term", Value(term.group(0), "string"), (p,)))
        # the date and the assembly are written between the last election and this one
        since = max(prev_end, max((text.rfind(c, 0, member.mention.start - S) + 1 for c in PART), default=0))
        date, _ = last_month(text[since:m.start()], year)
        if date is not None:
            facts.append(Fact(mid, "electedOn", date, (p,)))
        if assembly := _assembly(seats, since + S, m.start() + S):
            facts.append(Fact(mid, "electedAt", assembly.key, (p,)))
        prev_end = post.end()
    return {"facts": tuple(facts), "entities": tuple(entities)}


def _assembly(seats: list[Found], start: int, end: int) -> Found | None:
    """The meeting the election took place at: the last event named between ``start`` and ``end`` (document
    offsets)."""
    events = [f for f in seats if f.mention.type == "Event" and start <= f.mention.start and f.mention.end <= end]
    return max(events, key=lambda f: f.mention.end) if events else None
