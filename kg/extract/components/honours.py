"""Honours: who received which award (an honour title) from whom, when, and in which role.

Shapes read (cue words from ``kg/data/award_cues.tsv``)::

    [date,] recipient 被 conferrer(s) 评为|表彰为|授予 “award”
    [date,] recipient 获 conferrer “award” 表彰
    [date,] recipient 荣获 “award”

An election (当选为…代表) names no honour title and no conferring body: it is not a conferral.

Each conferral is an ``AwardConferral`` entity with facts ``recipient``, ``award``, ``conferredBy`` (one per
body), ``conferredOn`` (``gYearMonth``, or ``date`` when the day is given) and ``recipientRole``.
"""

from __future__ import annotations

import re

from ..admin import level_order, level_words
from ..dates import last_month, month_span
from typing import Any

from ...model import Concept, Entity, Fact, Value
from ..findings import Ballot, Found, found, prov
from ..framework import Context, component
from ..quotes import award_cue_after, award_cue_before

_CLAUSE_BREAK = re.compile(r"[,，;；:：]")
_NOTE = re.compile(r"[(（](?P<body>[^()（）]{2,40})[)）]")
#: 获评省级绿色工厂: an honour title written without quotes after 获评 (to the end of the clause).
_UNQUOTED = re.compile(r"获评(?P<award>[\u4e00-\u9fff]{3,20})(?=[,，;；。]|$)")


def _clause_start(text: str, at: int) -> int:
    """Start of the clause holding ``at`` (after the last comma, semicolon or colon before it)."""
    last = 0
    for m in _CLAUSE_BREAK.finditer(text, 0, at):
        last = m.end()
    return last


def _note_bodies(text: str, note: re.Match[str]) -> tuple[int, int]:
    """The part of a note that names bodies: the note without its date."""
    body_s, body_e = note.start("body"), note.end("body")
    d = month_span(text, body_s, body_e)
    if d and d[0] > body_s:
        body_e = d[0]
    elif d:
        body_s = d[1]
    while body_e > body_s and text[body_e - 1] in ",，、 ":
        body_e -= 1
    while body_s < body_e and text[body_s] in ",，、 ":
        body_s += 1
    return body_s, body_e


def award_level(name: str, conferrer_levels: list[str]) -> str | None:
    """An award's level: a level word in its name (全国, 全省, 市级 …: ``admin.level_words``) or the highest level
    of its conferrers."""
    for cue, level in level_words():
        if cue in name:
            return level
    order = level_order()
    known = [lv for lv in conferrer_levels if lv in order]
    return min(known, key=order.index) if known else None


_RULES = {
    "no-passive-marker": "an honour cue before the title (评为“…”) without 被 in its clause: no recipient and body",
    "no-receiving-verb": "an honour cue after the title (“…”表彰) without 获 in its clause",
    "no-recipient": "no person, place or organisation receives the title in its clause",
    "inside-quoted-award": "the unquoted title stands inside a quoted one found already",
}


@component("honours", reads=("doc", "sent", "quotes", "named", "people", "body_levels"),
           adds=("honours", "facts", "entities"), rules=_RULES)
def honours(ctx: Context) -> dict[str, Any]:
    """Award conferrals: reads ``sent``, ``quotes``, ``named`` (recipients and conferring bodies), ``people`` and
    ``body_levels`` (an award's level from its conferrers'); adds ``honours`` (``Award`` mentions, rules
    ``honour-quoted``, ``honour-unquoted``; bodies named only as conferrers, rule ``conferrer-span``) and the
    ``AwardConferral`` entities with their facts."""
    doc, sent = ctx.doc, ctx.sent
    context, people, levels = ctx.named, ctx.people, ctx.body_levels
    ballot = Ballot(doc, sent)
    text = sent.text
    year = sent.period.year or doc.meta.year
    found_out: list[Found] = []
    facts: list[Fact] = []
    entities: list[Entity] = []
    last_recipient: tuple[str, str, int, int] | None = None  # key, role, start, end (sentence offsets)

    def in_span(f: Found, s: int, e: int) -> bool:
        return s <= f.mention.start - sent.start and f.mention.end - sent.start <= e

    def recipient_in(s: int, e: int) -> tuple[str, str, int, int] | None:
        for p in people:
            if in_span(p.person, s, e):
                return p.person.key, p.role, p.person.mention.start - sent.start, p.person.mention.end - sent.start
        ends = [f for f in context if in_span(f, s, e) and f.mention.type != "Event"]
        if ends:
            f = max(ends, key=lambda f: (f.mention.end, f.mention.end - f.mention.start))
            return f.key, "", f.mention.start - sent.start, f.mention.end - sent.start
        return None

    def conferrers_in(s: int, e: int) -> list[Found]:
        inside = [f for f in context if in_span(f, s, e) and f.mention.type in ("GovernmentBody", "Event",
                                                                                  "PublicInstitution", "Enterprise")]
        inside = [f for f in inside if not any(g is not f and in_span(f, g.mention.start - sent.start,
                                                                      g.mention.end - sent.start) for g in inside)]
        if inside or e - s < 2:
            return inside
        return [found(doc, sent, sent.start + s, sent.start + e, "GovernmentBody", text[s:e], "conferrer-span")]

    def emit(rec: tuple[str, str, int, int], award_s: int, award_e: int, by: list[Found], rule: str,
             span_s: int, span_e: int, date_at: int) -> None:
        nonlocal last_recipient
        award_name = text[award_s:award_e].replace("‘", "").replace("’", "")
        award = found(doc, sent, sent.start + award_s, sent.start + award_e, "Award", award_name, rule)
        found_out.append(award)
        found_out.extend(b for b in by if b.mention.rule == "conferrer-span")
        date, _ = last_month(text, year, end=date_at)
        cid = f"AwardConferral/{sent.id}@{sent.start + span_s}"
        p = prov(doc, sent, sent.start + span_s, sent.start + span_e, rule)
        entities.append(Entity(id=cid, type="AwardConferral", name=f"{rec[0].split('/', 1)[1]}：{award_name}",
                               provenance=(p,)))
        facts.append(Fact(cid, "recipient", rec[0], (p,)))
        facts.append(Fact(cid, "award", award.key, (p,)))
        for b in by:
            facts.append(Fact(cid, "conferredBy", b.key, (p,)))
        if date is not None:
            facts.append(Fact(cid, "conferredOn", date, (p,)))
        if rec[1]:
            facts.append(Fact(cid, "recipientRole", Value(rec[1], "string"), (p,)))
        level = award_level(award_name, [levels.get(b.key, "") for b in by])
        if level:
            facts.append(Fact(award.key, "level", Concept("level", level), (p,)))
        last_recipient = rec

    for q in ctx.quotes:
        before, after = award_cue_before(text, q), award_cue_after(text, q)
        if before is None and after is None:
            continue
        title = found(doc, sent, sent.start + q.start, sent.start + q.end, "Award",
                      text[q.start:q.end].replace("‘", "").replace("’", ""), "honour-quoted")
        cs = _clause_start(text, q.start - 1)
        if before in ("荣获", "获评", "获得"):
            head_end = q.start - 1 - len(before)
            rec = recipient_in(cs, head_end)
            by: list[Found] = []
        elif before is not None:
            cue_at = q.start - 1 - len(before)
            bei = text.rfind("被", cs, cue_at + 1)
            if bei < 0:
                ballot.drop(title, "no-passive-marker")
                continue
            rec = recipient_in(cs, bei)
            by = conferrers_in(bei + 1, cue_at) if cue_at > bei else []
        else:
            huo = text.rfind("获", cs, q.start)
            if huo < 0:
                ballot.drop(title, "no-receiving-verb")
                continue
            rec = recipient_in(cs, huo)
            by = conferrers_in(huo + 1, q.start - 1)
        if rec is None:
            ballot.drop(title, "no-recipient")
            continue
        end = q.end + (1 if q.closed else 0) + len(after or "")
        note = _NOTE.match(text, end)
        when_at = min(rec[2], cs)
        if note:  # “…”（农业农村部，2023年4月）: conferrer and date in a note after the title
            by = by or conferrers_in(*_note_bodies(text, note))
            if month_span(note.group("body"), 0, len(note.group("body"))):
                when_at = note.end() - 1
            end = note.end()
        emit(rec, q.start, q.end, by, "honour-quoted", min(rec[2], cs), end, when_at)

    for m in _UNQUOTED.finditer(text):
        cs = _clause_start(text, m.start())
        rec = recipient_in(cs, m.start())
        title = found(doc, sent, sent.start + m.start("award"), sent.start + m.end("award"), "Award",
                      m.group("award"), "honour-unquoted")
        quoted = next((f for f in found_out if f.mention.type == "Award"
                       and f.mention.start - sent.start <= m.start("award") < f.mention.end - sent.start), None)
        if rec is None:
            ballot.drop(title, "no-recipient")
            continue
        if quoted is not None:
            ballot.drop(title, "inside-quoted-award", quoted)
            continue
        emit(rec, m.start("award"), m.end("award"), [], "honour-unquoted", min(rec[2], cs), m.end(),
             min(rec[2], cs))

    return {"honours": tuple(found_out), "facts": tuple(facts), "entities": tuple(entities),
            "decisions": ballot.decisions}
