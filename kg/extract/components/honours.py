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
from ..recognize.titles import GRANTED_BY, find_held_titles, find_titles

_CLAUSE_BREAK = re.compile(r"[,，;；:：]")
_NOTE = re.compile(r"[(（](?P<body>[^()（）]{2,40})[)）]")
#: What may stand in a clause before a verb of honour that opens it: nothing, a date, an adverb (并, 还, 先后).
_OPENS_CLAUSE = re.compile(r"\s*(?:\d{4}年)?(?:\d{1,2}月)?(?:并|还|先后|连续\S{1,3}年|再次)?\s*")


#: What may open a clause before its recipient: a date (12月，), a list marker.
_CLAUSE_LEAD = re.compile(r"(?:\d{4}年)?(?:\d{1,2}月份?)?[,，、]?\s*")


def institution_span(text: str, s: int, e: int) -> tuple[int, int] | None:
    """The stretch ``[s, e)`` (after a leading date) when it names an institution: 2–14 ideographs ending in a head
    word of ``kg/data/institution_heads.tsv`` (社区事务受理中心, 城运中心).

    >>> t = "12月，社区事务受理中心被评为"
    >>> t[slice(*institution_span(t, 0, 12))]
    '社区事务受理中心'
    """
    from ..lexicon import words
    from ..names import is_name_char

    s = _CLAUSE_LEAD.match(text, s).end()
    while e > s and text[e - 1] in " ，,":
        e -= 1
    stretch = text[s:e]
    if 2 < len(stretch) <= 14 and all(is_name_char(ch) for ch in stretch) \
            and stretch.endswith(words("institution_heads.tsv")):
        return s, e
    return None


def _clause_start(text: str, at: int) -> int:
    """Start of the clause holding ``at`` (after the last comma, semicolon or colon before it)."""
    last = 0
    for m in _CLAUSE_BREAK.finditer(text, 0, at):
        last = m.end()
    return last


#: A date that opens a stretch (2024年, 2024年度, 2024年8月): no part of a conferrer's name.
_DATE_LEAD = re.compile(r"\s*(?:\d{4}年度?)?(?:\d{1,2}月(?:份)?)?(?:\d{1,2}日)?")


def _comma_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The parts of ``[start, end)`` apart by a comma, each of three characters or more (else the whole)."""
    parts, at = [], start
    for m in re.finditer(r"[,，]", text[start:end]):
        parts.append((at, start + m.start()))
        at = start + m.end()
    parts.append((at, end))
    return parts if all(b - a >= 3 for a, b in parts) else [(start, end)]


def _clause_end(text: str, at: int) -> int:
    """End of the clause holding ``at`` (the next comma, semicolon or colon, or the end of the text)."""
    m = _CLAUSE_BREAK.search(text, at)
    return m.start() if m else len(text)


#: A clause that goes on with the subject of the one before: nothing, or an adverb, before its verb (，也是…).
_GOES_ON = re.compile(r"[也还并又更]?")


def _level_tail_end(text: str, q) -> int:
    """Where a quoted title ends that the words after its quote continue with a level and a kind (获评“四好农村路”
    全国示范县, “…”省示范乡镇): at the end of those words, or at the quote's own end."""
    from ..admin import level_words
    from ..recognize.titles import stop_outside_quotes

    after = q.end + 1
    if not q.closed or not text.startswith((*(w for w, _ in level_words()), "省", "市", "县"), after):
        return q.end
    stop = stop_outside_quotes(text, after)
    tail = text[after:stop]
    if not 3 <= len(tail) <= 12 or "“" in tail or any(ch.isdigit() for ch in tail):
        return q.end
    return stop


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


#: Cues of a plaque given by the body named first to the one after 为, 与 or 向 (镇政府为甲乙公司授牌“…”).
_PLAQUE = ("授牌",)
_PLAQUE_TO = ("为", "与", "向")

_RULES = {
    "no-passive-marker": "an honour cue before the title (评为“…”) without 被 in its clause (or a plaque, 授牌“…”, "
                         "without a body giving it to another): no recipient and body",
    "no-receiving-verb": "an honour cue after the title (“…”表彰) without 获 in its clause",
    "no-recipient": "no person, place or organisation receives the title in its clause",
    "inside-quoted-award": "the unquoted title stands inside a quoted one found already",
    "title-without-recipient": "an unquoted honour title (kg.extract.recognize.titles) whose recipient the "
                               "clause does not name: the award stands, no conferral",
}


@component("honours", reads=("doc", "sent", "town", "quotes", "named", "people", "recognized", "body_levels", "tokens"),
           adds=("honours", "facts", "entities"), rules=_RULES)
def honours(ctx: Context) -> dict[str, Any]:
    """Award conferrals: reads ``sent``, ``quotes``, ``named`` (recipients and conferring bodies), ``people`` and
    ``body_levels`` (an award's level from its conferrers'), ``tokens``; adds ``honours`` (``Award`` mentions, rules
    ``honour-quoted``, ``honour-unquoted``, ``honour-held`` (种植能手张三: ``kg/data/honour_heads.tsv``, with the
    holder, rule ``person-after-honour``); bodies named only as conferrers, rule ``conferrer-span``) and the
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
        for f in ctx.recognized:  # a person only the statistical recognizer names (张三对…，获“…”称号)
            if f.mention.type == "Person" and in_span(f, s, e):
                return f.key, "", f.mention.start - sent.start, f.mention.end - sent.start
        ends = [f for f in context if in_span(f, s, e) and f.mention.type != "Event"]
        if ends:
            f = max(ends, key=lambda f: (f.mention.end, f.mention.end - f.mention.start))
            return f.key, "", f.mention.start - sent.start, f.mention.end - sent.start
        if span := institution_span(text, s, e):  # 社区事务受理中心被评为…: the recipient names itself
            f = found(doc, sent, sent.start + span[0], sent.start + span[1], "PublicInstitution",
                      text[span[0]:span[1]], "recipient-span")
            found_out.append(f)
            return f.key, "", span[0], span[1]
        return None

    def recipients_in(s: int, e: int) -> list[tuple[str, str, int, int]]:
        """Every item of a list in the clause (甲、乙、丙等3家社会组织获评…), or the one recipient."""
        items = [f for f in context if in_span(f, s, e) and f.mention.rule.startswith("coordination:")]
        if len(items) >= 2:
            return [(f.key, "", f.mention.start - sent.start, f.mention.end - sent.start) for f in items]
        persons = [p for p in people if in_span(p.person, s, e)]
        if len(persons) >= 2 and all("、" in text[a.person.mention.end - sent.start:b.person.mention.start - sent.start]
                                     for a, b in zip(persons, persons[1:])):
            # 甲村书记张三、乙村书记李四被授予…: each person of the list receives it
            return [(p.person.key, p.role, p.person.mention.start - sent.start, p.person.mention.end - sent.start)
                    for p in persons]
        rec = recipient_in(s, e)
        return [rec] if rec is not None else []

    def subject_before(cs: int, verb_at: int) -> list[tuple[str, str, int, int]]:
        """甲县乙镇，荣获…: a clause that opens with the verb, after a clause that is only its subject's name."""
        head = text[cs:verb_at].removesuffix("荣")  # 荣|获 read from its 获
        if cs < 2 or not _OPENS_CLAUSE.fullmatch(head):
            return []
        prev = recipients_in(_clause_start(text, cs - 1), cs - 1)
        return prev if prev and prev[-1][3] == cs - 1 else []

    def conferrers_in(s: int, e: int) -> list[Found]:
        inside = [f for f in context if in_span(f, s, e) and f.mention.type in ("GovernmentBody", "Event",
                                                                                  "PublicInstitution", "Enterprise")]
        inside = [f for f in inside if not any(g is not f and in_span(f, g.mention.start - sent.start,
                                                                      g.mention.end - sent.start) for g in inside)]
        if inside:
            return inside
        if when := _DATE_LEAD.match(text, s, e):  # 获2024年“…”称号: a date, no conferrer
            s = when.end()
        if e - s < 2:
            return []
        return [found(doc, sent, sent.start + s, sent.start + e, "GovernmentBody", text[s:e], "conferrer-span")]

    def emit(rec: tuple[str, str, int, int], award_s: int, award_e: int, by: list[Found], rule: str,
             span_s: int, span_e: int, date_at: int, key_at: int | None = None,
             title_at: int | None = None) -> None:
        nonlocal last_recipient
        award_name = "".join(ch for ch in text[award_s:award_e] if ch not in "‘’“”\"")
        award = found(doc, sent, sent.start + award_s, sent.start + award_e, "Award", award_name, rule)
        found_out.append(award)
        found_out.extend(b for b in by if b.mention.rule == "conferrer-span")
        date, _ = last_month(text, year, end=date_at)
        # keyed by where its words start, or its recipient in a list; and by its own title when one verb or
        # one subject goes on to several titles (获评甲、乙; 甲村是…，是…)
        cid = f"AwardConferral/{sent.id}@{sent.start + (span_s if key_at is None else key_at)}" + (
            "" if title_at is None else f"-{sent.start + title_at}")
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
        # a later quote of a list (荣获“甲”“乙”): a conferral of its own, keyed by its quote
        carried = before is not None and not text[:q.start - 1].endswith(before)
        granted = GRANTED_BY.search(text, _clause_start(text, q.start - 1), q.start)
        if granted is not None and granted.end() != q.start - 1:
            granted = None
        if before is None and after is None and granted is None:
            continue
        title = found(doc, sent, sent.start + q.start, sent.start + q.end, "Award",
                      text[q.start:q.end].replace("‘", "").replace("’", ""), "honour-quoted")
        cs = _clause_start(text, q.start - 1)
        if before in ("荣获", "获评", "获得"):
            head_end = q.start - 1 - len(before) if not carried else text.rfind(before, cs, q.start)
            recs = recipients_in(cs, head_end) or subject_before(cs, head_end)
            if not recs and ctx.town and _OPENS_CLAUSE.fullmatch(text[cs:head_end]):
                recs = [(ctx.town, "", head_end, head_end)]  # ，荣获“…”称号: the document's own place receives it
            by: list[Found] = []
        elif before is not None:
            cue_at = q.start - 1 - len(before) if not carried else text.rfind(before, cs, q.start)
            bei = text.rfind("被", cs, cue_at + 1)
            to = max(text.rfind(w, cs, cue_at) for w in _PLAQUE_TO)
            if bei < 0 and before in _PLAQUE and to > cs:
                # 东岭镇人民政府为(与)甲乙公司授牌“…”: the body before 为/与 gives the plaque to the one after
                recs = recipients_in(to + 1, cue_at)
                by = [f for f in conferrers_in(cs, to) if f.mention.type == "GovernmentBody"]
                if not by:
                    ballot.drop(title, "no-passive-marker")
                    continue
            elif bei < 0:
                ballot.drop(title, "no-passive-marker")
                continue
            else:
                recs = recipients_in(cs, bei)
                if not recs and last_recipient is not None and not text[cs:bei].strip():
                    recs = [last_recipient]  # 甲镇被A部列为“…”，被B部评为“…”: the clause goes on with the same subject
                    carried = True
                by = conferrers_in(bei + 1, cue_at) if cue_at > bei else []
        else:
            huo = text.rfind("获", cs, q.start)
            if huo < 0:
                ballot.drop(title, "no-receiving-verb")
                continue
            recs = recipients_in(cs, huo) or subject_before(cs, huo)
            # 荣获甲会和乙会联合授予的“…”: the bodies before 授予的 grant it
            by = conferrers_in(huo + 1, granted.start() if granted else q.start - 1)
            if not recs and cs > 0 and _OPENS_CLAUSE.fullmatch(text[cs:huo]) \
                    and (subject := recipients_in(0, _clause_end(text, 0))) and subject[0][2] == 0:
                recs = subject[:1]  # 张三对…赢得了多项荣誉，获“…”称号: the clause goes on with the sentence's subject
        if not recs and (after == "称号" or granted is not None):
            found_out.append(title)  # “…”称号: a title, though its recipient is not named
            ballot.keep(title, "title-without-recipient")
            continue
        if not recs:
            ballot.drop(title, "no-recipient")
            continue
        end = q.end + (1 if q.closed else 0) + len(after or "")
        note = _NOTE.match(text, end)
        first = min(r[2] for r in recs)
        when_at = min(first, cs)
        if note:  # “…”（农业农村部，2023年4月）: conferrer and date in a note after the title
            by = by or conferrers_in(*_note_bodies(text, note))
            if month_span(note.group("body"), 0, len(note.group("body"))):
                when_at = note.end() - 1
            end = note.end()
        award_end = _level_tail_end(text, q) if before is not None else q.end
        end = max(end, award_end)
        # “甲标兵，乙能手”: two titles in one pair of quotes
        titles = list(_comma_parts(text, q.start, award_end)) if q.closed and award_end == q.end else []
        for rec in recs:  # one conferral per recipient of a list, each keyed by its recipient
            if len(titles) > 1:
                for a, b in titles:
                    emit(rec, a, b, by, "honour-quoted", min(first, cs), end, when_at,
                         rec[2] if len(recs) > 1 else None, a)
                continue
            emit(rec, q.start, award_end, by, "honour-quoted", min(first, cs), end, when_at,
                 rec[2] if len(recs) > 1 else None, q.start if carried else None)

    verbs_done: set[int] = set()
    for t in find_titles(text):
        cs = _clause_start(text, t.verb_start)
        title = found(doc, sent, sent.start + t.start, sent.start + t.end, "Award", t.title, "honour-unquoted")
        quoted = next((f for f in found_out if f.mention.type == "Award"
                       and f.mention.start - sent.start <= t.start < f.mention.end - sent.start), None)
        if quoted is not None:
            ballot.drop(title, "inside-quoted-award", quoted)
            continue
        recs = recipients_in(cs, t.verb_start)
        if not recs and last_recipient is not None and _GOES_ON.fullmatch(text[cs:t.verb_start]):
            recs = [last_recipient]  # 甲村是全国…示范村，是国家3A景区村: the clause goes on with the same subject
            verbs_done.add(t.verb_start)
        if recs and any(max(r[3] for r in recs) <= q.start < t.verb_start for q in ctx.quotes):
            recs = []  # 望湖社区“银发先锋”志愿服务项目入选…: a quoted programme stands between, and receives it
        if not recs and ctx.town and _OPENS_CLAUSE.fullmatch(text[cs:t.verb_start]):
            # 获评全国…先进县, 蝉联…百强县: a clause that opens with the verb speaks of the document's own place
            recs = [(ctx.town, "", t.verb_start, t.verb_start)]
        if not recs:
            found_out.append(title)  # the title stands; its recipient is not named (全县荣获…奖2个)
            ballot.keep(title, "title-without-recipient")
            continue
        first = min(r[2] for r in recs)
        again = t.verb_start in verbs_done  # 获评甲、乙: the verb's second title is a conferral of its own
        verbs_done.add(t.verb_start)
        for rec in recs:
            emit(rec, t.start, t.end, [], "honour-unquoted", min(first, cs), t.end, min(first, cs),
                 rec[2] if len(recs) > 1 else None, t.start if again else None)

    # 种植能手张三等3人、优秀共产党员李四: an honour written before its holder's name
    starts = {0, *(i + 1 for i, ch in enumerate(text) if ch in ",，、;；:："),
              *(t.end for t in ctx.tokens if len(t.text) == 1 and t.tag == "p")}
    for h in find_held_titles(text, tuple(starts)):
        if any(f.mention.type == "Award" and f.mention.start - sent.start < h.end
               and h.start < f.mention.end - sent.start for f in found_out):
            continue  # read already as a quoted or unquoted title
        known = next((p.person for p in people if p.person.mention.start - sent.start == h.name_start), None)
        person = known or found(doc, sent, sent.start + h.name_start, sent.start + h.name_end, "Person",
                                text[h.name_start:h.name_end], "person-after-honour")
        if known is None:
            found_out.append(person)
        emit((person.key, "", h.name_start, h.name_end), h.start, h.end, [], "honour-held", h.start, h.name_end,
             h.start)
    return {"honours": tuple(found_out), "facts": tuple(facts), "entities": tuple(entities),
            "decisions": ballot.decisions}
