"""The subject of a figure: the nearest thing the sentence makes it about, never the report's place by default
when the sentence names another.

In order, the first rule that answers:

1. a project the figure is about by its wording: ``投资2900万元的某某工程`` (the project after 的), a percentage
   or a sum after a project in its clause, the project of the clause before (``加快X项目建设，年内完成投资2亿元``),
   a capacity clause after a facility (``…污水处理厂已投入运行，日处理能力达到800吨``);
2. the project whose name holds the figure (``某村2000亩香米基地``);
3. what a sum is spent on: ``投入45万元整治甲村、乙村和丙村…`` → the three villages; ``出资260万元建成某某路`` →
   the road (cues: ``kg/data/spending_cues.tsv``);
4. the firms a sum is for: ``为甲、乙、丙3家企业申报…资金共2476万元`` → the three firms;
5. a park that opens the clause or the part of the sentence (``某某开发区新入驻企业12家，营业收入80亿元``);
6. the report's own place when the clause says so (``全镇``, ``我镇`` …: ``kg/data/own_place_words.tsv``);
7. the thing that opens the figure's clause (``某村集体经济收入达50万元``), or a word that points back to one
   (``该项目总投资120万元``); a place whose official speaks (``某乡党委书记张三说，…``: ``kg/data/speech_verbs.tsv``);
8. the last thing that opened a clause before, in the same part of the sentence (``某某医院首次引进…，接诊量同比
   增长32%``);
9. the thing the item's heading names (``（一）某某项目：…占地500余亩``);
10. the report's own place.

Only single things open a clause as its subject: the items of a list (``甲、乙等4个项目``) are counted by the
place, not about themselves.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from ..findings import Coordination, Found
from ..lexicon import rows, words
from ...model import Quantity
from .topics import CLAUSE, PART, clause_start, opens_clause, part_start

#: Classes a figure may be about when they open its clause.
SUBJECT_TYPES = ("Village", "Community", "Town", "District", "Area", "IndustrialPark", "Project", "Enterprise",
                 "PublicInstitution")
#: Units that count things of a kind (a figure in one of them carries no topic over from a clause before).
COUNT_UNITS = ("item", "enterprise", "village", "household", "person", "person-time", "case", "session")
#: Measures of a sum that may be about one project (not town-wide aggregates such as fixed-asset investment).
PROJECT_MEASURES = ("investment", "completed-investment")


def subject_after(names: Sequence[Found], text: str, end: int, base: int) -> str | None:
    """投资2900万元的某某工业园…工程: the project right after 的 is what the figure is about."""
    if text[end:end + 1] != "的":
        return None
    for f in names:
        if f.mention.type == "Project" and f.mention.start == base + end + 1:
            return f.key
    return None


def topic_project(names: Sequence[Found], text: str, clause_start_: int, base: int, *,
                  any_link: bool = False) -> str | None:
    """The project the clause before this one is about, in the same part of the sentence (加快X项目建设，年内完成
    投资2亿元; …污水处理厂已投入运行，日处理能力达到800吨): the last project of that clause, when only 建设 (or,
    with ``any_link``, any words without another name) stands between it and this clause."""
    if clause_start_ < 1 or text[clause_start_ - 1] not in ",，":
        return None
    part = max((text.rfind(c, 0, clause_start_ - 1) + 1 for c in ";；。"), default=0)
    prev = max((text.rfind(c, 0, clause_start_ - 1) + 1 for c in CLAUSE), default=0)
    cands = [f for f in names if f.mention.type == "Project" and base + prev <= f.mention.start
             and f.mention.end <= base + clause_start_ - 1 and f.mention.start >= base + part]
    if not cands:
        return None
    last = max(cands, key=lambda f: f.mention.end)
    between = text[last.mention.end - base:clause_start_ - 1]
    later = [f for f in names if last.mention.end <= f.mention.start < base + clause_start_]
    if re.fullmatch(r"(?:项目)?(?:的)?(?:建设)?", between) or (any_link and not later):
        return last.key
    return None


def park_subject(names: Sequence[Found], text: str, at: int, base: int) -> str | None:
    """The park a clause is about: one named first in the clause of the figure at sentence offset ``at``, or
    first in the part of the sentence holding it (X开发区新入驻企业12家，实现营业收入80亿元), after at most a
    lead word (``kg/data/subject_leads.tsv``: 力争开发区营业收入…)."""
    leads = words("subject_leads.tsv")
    starts = (clause_start(text, at), part_start(text, at))
    for st in starts:
        head = text[st:at]
        skip = next((len(w) for w in leads if head.startswith(w)), 0)
        for f in names:
            if f.mention.type == "IndustrialPark" and f.mention.start - base == st + skip and f.mention.end - base <= at:
                return f.key
    return None


def last_project(names: Sequence[Found], clause_start_: int, at: int) -> str | None:
    """The project named last before document offset ``at`` from ``clause_start_`` on, if any."""
    cands = [f for f in names if f.mention.type == "Project" and clause_start_ <= f.mention.start
             and f.mention.end <= at]
    if not cands:
        return None
    return max(cands, key=lambda f: (f.mention.end, -f.mention.start)).key


def _in_list(f: Found, text: str, base: int, lists: Sequence[Coordination]) -> bool:
    """The mention is an item of a list: of a counted list, or next to 、 (甲村、乙村)."""
    s, e = f.mention.start - base, f.mention.end - base
    if any(c.start <= s and e <= c.end for c in lists):
        return True
    return text[e:e + 1] == "、" or text[s - 1:s] == "、"


def _run_of_items(names: Sequence[Found], first: Found, text: str, base: int) -> list[Found]:
    """``first`` and the things of its class listed right after it (甲村、乙村和丙村)."""
    out = [first]
    end = first.mention.end - base
    for f in sorted(names, key=lambda f: f.mention.start):
        s = f.mention.start - base
        if f.mention.type == first.mention.type and s > end - 1 and f not in out \
                and re.fullmatch(r"[、和及与]|以及", text[end:s]):
            out.append(f)
            end = f.mention.end - base
    return out


def spent_on(names: Sequence[Found], text: str, q: Quantity, before: str, base: int) -> tuple[str, ...]:
    """What a sum is spent on: the things the clause names after it when a spending word stands right before it
    (投入45万元整治甲村、乙村 …); each item of a list of them."""
    if q.unit != "CNY" or not re.search(rf"(?:{'|'.join(map(re.escape, words('spending_cues.tsv')))})[共约了达]?$",
                                         before):
        return ()
    end = min([i for i in (text.find(c, q.end - base) for c in CLAUSE) if i >= 0] + [len(text)])
    after = [f for f in names if q.end - base <= f.mention.start - base and f.mention.end - base <= end
             and f.mention.type in (*SUBJECT_TYPES, "Programme")]
    if not after:
        return ()
    first = min(after, key=lambda f: (f.mention.start, -(f.mention.end - f.mention.start)))
    return tuple(dict.fromkeys(f.key for f in _run_of_items(after, first, text, base)))


def listed_firms(lists: Sequence[Coordination], text: str, q: Quantity, base: int) -> tuple[str, ...]:
    """为甲、乙、丙3家企业申报…资金共2476万元: a sum in the clause of a list of firms is theirs."""
    if q.unit != "CNY":
        return ()
    local = q.start - base
    cs = clause_start(text, local)
    for c in lists:
        if cs <= c.start and c.end <= local and c.items and all(f.mention.type == "Enterprise" for f in c.items):
            return tuple(dict.fromkeys(f.key for f in c.items))
    return ()


def _own_word_at(text: str, st: int) -> bool:
    head = text[st:].lstrip()
    m = re.match(r"[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+是|\d{1,2}[.、．]", head)
    if m:
        head = head[m.end():]
    return head.startswith(words("own_place_words.tsv"))


@lru_cache(maxsize=1)
def _noun_heads() -> tuple[str, ...]:
    """Words after a name that make it the modifier of a body or a person (某乡党委书记…, 某乡党政班子…): role
    titles, organisation suffixes, 党."""
    heads = {r.title for r in rows("roles.tsv")} | {r.suffix for r in rows("org_suffixes.tsv")} | {"党"}
    return tuple(sorted(heads, key=len, reverse=True))


@lru_cache(maxsize=1)
def _new_object_verbs() -> tuple[str, ...]:
    """Verbs that open a clause about a thing of its own (新建…, 建成…, 完成…): the boundary words of two
    characters or more (``kg/data/boundary_words.tsv``) and the words that open a project's name."""
    verbs = {w for w in words("boundary_words.tsv") if len(w) >= 2} | set(words("project_openers.tsv"))
    verbs -= set(words("subject_leads.tsv"))
    return tuple(sorted(verbs, key=len, reverse=True))


def clause_opener(names: Sequence[Found], text: str, st: int, at: int, base: int, own: str | None,
                  lists: Sequence[Coordination]) -> Found | None:
    """The single thing (not a list item, not the report's own place, not the modifier of a body or a role
    after it) that opens the clause starting at sentence offset ``st`` and ends before ``at``."""
    cands = [f for f in names if f.mention.type in SUBJECT_TYPES and st <= f.mention.start - base
             and f.mention.end - base <= at and f.key != own and opens_clause(text, f.mention.start - base)
             and clause_start(text, f.mention.start - base) == st and not _in_list(f, text, base, lists)]
    if not cands:
        return None
    first = min(cands, key=lambda f: (f.mention.start, -(f.mention.end - f.mention.start)))
    if _speaks_for(text, first.mention.end - base):
        return first  # 某乡党委书记张三说，…: the speaker speaks for the place
    return None if text.startswith(_noun_heads(), first.mention.end - base) else first


@lru_cache(maxsize=1)
def _speaker() -> re.Pattern[str]:
    roles = "|".join(map(re.escape, sorted({r.title for r in rows("roles.tsv")}, key=len, reverse=True)))
    verbs = "|".join(map(re.escape, sorted(words("speech_verbs.tsv"), key=len, reverse=True)))
    return re.compile(rf"(?:党委|党总支|党支部)?(?:{roles})[\u4e00-\u9fff]{{2,3}}?(?:{verbs})")


def _speaks_for(text: str, at: int) -> bool:
    """A role, a name and a verb of speech follow (某乡党委书记张三说): the place before speaks."""
    return _speaker().match(text, at) is not None


def clause_subject(names: Sequence[Found], text: str, q: Quantity, base: int, own: str | None,
                   lists: Sequence[Coordination]) -> tuple[str | None, bool]:
    """The subject the clause of the figure names: ``(key, True)`` for a thing opening it, ``(own, True)`` when it
    opens with a word of the own place (全镇 …), ``(None, False)`` when it names none."""
    local = q.start - base
    st = clause_start(text, local)
    if _own_word_at(text, st):
        return own, True
    f = clause_opener(names, text, st, local, base, own, lists)
    return (f.key, True) if f else (None, False)


def part_topic(names: Sequence[Found], text: str, q: Quantity, base: int, own: str | None,
               lists: Sequence[Coordination]) -> str | None:
    """The last thing that opened a clause before the figure's clause in the same part of the sentence; the own
    place when a clause opened with 全镇 … after it.  Not for counts, nor for a clause that opens with a verb of
    its own object (新建…)."""
    local = q.start - base
    cs, ps = clause_start(text, local), part_start(text, local)
    if q.unit in COUNT_UNITS:
        return None  # 其中亿元级项目2个: a count of things of a kind is the place's
    if text[cs:local].lstrip().startswith(_new_object_verbs()):
        return None  # 新建某某大棚50亩: the clause speaks of a thing of its own
    starts = sorted({ps} | {i + 1 for i, ch in enumerate(text[ps:cs], ps) if ch in CLAUSE and i + 1 < cs})
    best: str | None = None
    for st in starts:
        if _own_word_at(text, st):
            best = own
            continue
        nxt = min([i for i in (text.find(c, st) for c in CLAUSE) if i >= 0] + [len(text)])
        if (f := clause_opener(names, text, st, nxt, base, own, lists)) is not None:
            best = f.key
    return best


def heading_topic(topics: dict, section_path: Sequence[str]) -> str | None:
    """The thing the item's heading names (``（一）某某项目：…``), if any."""
    for s in reversed(section_path):
        if (f := topics.get(f"heading:{s}")) is not None:
            return f.key
    return None


__all__ = ["PART", "PROJECT_MEASURES", "SUBJECT_TYPES", "clause_subject", "heading_topic", "last_project",
           "listed_firms", "park_subject", "part_topic", "spent_on", "subject_after", "topic_project"]
