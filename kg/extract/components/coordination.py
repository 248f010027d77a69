"""Coordinated lists closed by a count and a head noun: ``丙丁、戊己、庚辛3家陶瓷企业`` → three enterprises of
industry ceramics; ``南塘、东坑、西坑和北山共4个村委会`` → four villages (南塘村 …).  The stated count is checked
against the list: a mismatch is a ``coordination-count`` warning (a list closed by 等 may be shorter)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..admin import classes, place_suffixes, rank
from ..findings import Ballot, Coordination, Found, found, prov
from ..framework import Context, component
from ..lexicon import alternation, mapping, rows
from ...model import BuildWarning
from ..names import scan_left
from ..recognize.words import Words
from .organisations import RANKED_LIST
from .project_names import opener_cut
from ..quotes import Quote

__all__ = ["Coordination", "coordination"]

_CLAUSE_MARKS = ",，;；:：。"
_LAST_JOIN = re.compile(r"(以及|和|及|与)")

_RULES = {
    "count-not-exact": "the count before the head noun is approximate, a range or a change (约3个村): no list",
    "no-list-items": "a count and a head noun, but no list of two items or more before them",
    "item-length": "an item is shorter than 2 or longer than 40 characters: no list",
    "item-of-other-level": "an item names a place of another level (A村 in a list of 社区): no list of that head",
    "measured-item": "a list item opens with a measured quantity (260亩大棚): a description, no name",
    "verb-before-head": "a verb stands between the count or 等 and the head noun (北京、上海等地开展项目): the head is "
                        "the verb's object, not the items' kind",
}


#: Tags of words that may stand before a verb in a head's modifier and still qualify the head (技改|扩建项目,
#: 新|续建项目): abbreviations, adverbs, adjectives and other verbs.
_MODIFIER_TAGS = frozenset({"v", "vn", "vd", "j", "d", "ad", "a"})


def _verb_in(mod: str) -> bool:
    """The words between a count (or 等) and a head noun are a clause: a verb of two or more characters after a
    word that is no modifier, its subject or place (地|开展).  Verbs alone qualify the head (技改扩建项目)."""
    from ..recognize.words import tokenize

    tokens = tokenize(mod)
    return any(len(t.text) > 1 and t.tag == "v" and any(u.tag not in _MODIFIER_TAGS for u in tokens[:i])
               for i, t in enumerate(tokens))


@lru_cache(maxsize=1)
def _heads() -> tuple[re.Pattern[str], dict[str, Any]]:
    heads = rows("coordination_heads.tsv")
    pattern = re.compile(rf"(?P<mod>[\u4e00-\u9fff]{{0,6}}?)(?P<head>{alternation([r.head for r in heads])})")
    return pattern, {r.head: r for r in heads}


#: A count without a number between 等 and the head noun (等一批房地产项目, 等多家企业).
_VAGUE_COUNT = re.compile(r"一批|一系列|多个|多家|多项|若干|诸多|众多")

#: What closes a list of firms that stand for a trade (以甲、乙为代表的…产业, 以丙为龙头的…产业集群).
_REPRESENTED = re.compile(r"为(?:代表|龙头|引领)的?(?=[\u4e00-\u9fff]{0,10}(?:产业|行业|企业))")
#: A list item that opens with an area or a length (260亩大棚, 3公里道路): a description, not a name (a capacity
#: names a project: 6万吨电解锰).
_MEASURED = re.compile(r"\d+(?:\.\d+)?[万亿]?(?:亩|平方米|公里|米|棚)")
#: Numerals one to ten, in order (两 for 二).
_NUMERALS = "一两三四五六七八九十"
#: A count of no unit right before a division's suffix, which the items share (甲乙、丙丁两村, 三镇).
_BARE_COUNT = re.compile(r"(?<=[\u4e00-\u9fff])[两三四五六七八九十](?=村|社区|镇|乡|街道)")
#: Characters a list item may hold besides ideographs (京东MALL, EX机器人, A3号楼).
_ITEM_EXTRA = "()（）" + "".join(map(chr, range(ord("A"), ord("Z") + 1))) + \
    "".join(map(chr, range(ord("a"), ord("z") + 1))) + "0123456789-·"
#: The longest single example named before 等 and a count (甲乙E馆等10个项目).
_MAX_EXAMPLE = 12


def _names_something(text: str, start: int, end: int, bounds: Words | None) -> bool:
    """``[start, end)`` holds a proper name, a word the dictionary lacks, or Latin letters (甲乙E馆, 北城MALL), not
    only common words (人居环境整治): one example before 等 is a name only so."""
    if any(ch.isascii() and ch.isalnum() for ch in text[start:end]):
        return True
    if not bounds:
        return False
    from ..recognize.words import PROPER_TAGS

    return any(t.tag in PROPER_TAGS for t in bounds.tokens if start <= t.start and t.end <= end)


def _items(text: str, quotes: tuple[Quote, ...], start: int, end: int, *, etc: bool = False,
           bounds: Words | None = None, places: bool = False, opened: bool = False) -> list[tuple[int, int, bool]]:
    """Item spans (sentence offsets) of the list text ``[start, end)``; the flag says the item was quoted (the
    sentence's ``quotes`` opened inside the list, each closed inside it).  A list closed by 等 may name one item
    only, as an example of what it counts (甲乙E馆等10个项目): its start obeys the word-boundary law."""
    region = text[start:end]
    quotes = tuple(q for q in quotes if start <= q.start - 1 < end)
    if len(quotes) >= 2 and all(q.closed and q.end < end for q in quotes) and region.rstrip().endswith("”"):
        return [(q.start, q.end, True) for q in quotes]
    parts: list[tuple[int, int]] = []
    pos = start
    for piece in region.split("、"):
        parts.append((pos, pos + len(piece)))
        pos += len(piece) + 1
    if not parts:
        return []
    last_s, last_e = parts[-1]
    joins = list(_LAST_JOIN.finditer(text, last_s, last_e))
    named_end = parts[0][1]  # where the first item's name ends: its start is scanned from there
    if joins and etc and _names_something(text, last_s, joins[-1].start(), bounds) \
            and not _names_something(text, joins[-1].end(), last_e, bounds):
        # 丰禾果蔬加工及冷链物流等项目: a join followed by common words only goes on with a named item
        if len(parts) == 1:
            named_end = joins[-1].start()
    elif joins:
        j = joins[-1]
        parts[-1:] = [(last_s, j.start()), (j.end(), last_e)]
        named_end = parts[0][1]
    if len(parts) < 2 and not etc:
        return []
    first_s, first_e = parts[0]
    if opened:  # a word that opens the list (以…为代表) bounds its first item
        return [(a, b, False) for a, b in parts]
    if len(parts) == 1:
        s = scan_left(text, named_end, max_len=min(named_end - first_s, _MAX_EXAMPLE), min_len=2, scope="place",
                      floor=first_s, extra=_ITEM_EXTRA, bounds=bounds)
        if s is None or first_e - s < 2 or not (_names_something(text, s, first_e, bounds)
                                                 or _firm_short_name(text[s:first_e])):
            return []  # (甲乙新能源等15家企业: a brand and a trade name a firm too)
        return [(s, first_e, False)]
    s = scan_left(text, first_e, max_len=first_e - first_s, min_len=2, scope="place", floor=first_s,
                  extra=_ITEM_EXTRA, bounds=bounds)
    if s is None:
        return []
    if places and bounds and (acts := [t.end for t in bounds.tokens if s <= t.start and t.end <= first_e - 2
                                       and t.tag == "v" and len(t.text) > 1]):
        s = max(acts)  # 先后深入|甲、乙等乡镇: the verb before the list ends the clause before it
    elif not places and (cut := opener_cut(text[s:first_e])) and first_e - (s + cut) >= 2:
        s += cut  # 启动|甲乙掺混肥、丙丁管业等重点项目: the verb that opens a list of projects
    parts[0] = (s, first_e)
    return [(a, b, False) for a, b in parts]


def _firm_short_name(surface: str) -> bool:
    """A brand followed by an industry word (恒丰家居, 宏远橡胶), no project word: a firm's short name."""
    return len(surface) <= 6 and any(surface.endswith(c) and len(surface) > len(c)
                                     for c in mapping("industry_cues.tsv", "industry")) \
        and not any(surface.endswith(w) for w in ("项目", "工程", "基地", "中心", "园", "园区"))


def _higher_place_lead(surface: str, cls: str) -> int:
    """How many characters of a list item are a place of a higher level written before the item's own name
    (义亭镇|缸窑村 in a list of villages); 0 when none is."""
    levels = classes()[rank("Town"):]
    if cls not in levels:
        return 0
    higher = [r.suffix for r in place_suffixes() if r.type in classes() and rank(r.type) < rank(cls)]
    cut = 0
    for sfx in higher:
        at = surface.rfind(sfx, 0, len(surface) - 2)
        if at >= 2 and len(surface) - (at + len(sfx)) >= 2:
            cut = max(cut, at + len(sfx))
    return cut


def _other_level(surface: str, cls: str) -> bool:
    """``surface`` already ends in the suffix of an administrative level other than ``cls`` (A村 in a list of 社区)."""
    levels = classes()[rank("Town"):]
    return cls in levels and any(surface.endswith(r.suffix) and r.type in levels and r.type != cls
                                 for r in place_suffixes())


@component("coordination", reads=("doc", "sent", "quotes", "quantities", "tokens"), adds=("lists", "warnings"),
           rules=_RULES)
def coordination(ctx: Context) -> dict[str, Any]:
    """Counted lists: reads ``sent``, ``quotes``, ``quantities``; adds ``lists`` (items with rule
    ``coordination:<head>``) and a ``coordination-count`` warning for each list whose count disagrees."""
    doc, sent = ctx.doc, ctx.sent
    ballot = Ballot(doc, sent)
    text = sent.text
    head_pattern, head_rows = _heads()
    lists: list[Coordination] = []
    warnings: list[BuildWarning] = []
    closers: list[tuple[int, int, re.Match[str], int]] = []  # list end, count end, head match, count (-1: none)
    for q in ctx.quantities:
        if not (hm := head_pattern.match(text, q.end)):
            continue
        if any(quote.start <= q.start < quote.end for quote in ctx.quotes):
            continue  # 落实“六个工程”: a count inside a quoted name closes no list
        if q.qualifier != "exact" or q.value_max is not None or q.change is not None:
            cls = head_rows[hm.group("head")].type
            ballot.drop_span(q.start, hm.end(), cls, "count-not-exact", f"coordination:{hm.group('head')}")
            continue
        if _verb_in(hm.group("mod")):
            ballot.drop_span(q.start, hm.end(), head_rows[hm.group("head")].type, "verb-before-head",
                             f"coordination:{hm.group('head')}")
            continue
        closers.append((q.start, q.end, hm, int(q.value) if q.value == q.value.to_integral() else -1))
    for em in re.finditer(r"等(?=[\u4e00-\u9fff])", text):  # 华锐半导体、闽川永兴食品集团等龙头企业: no count
        vague = _VAGUE_COUNT.match(text, em.end())  # 甲乙雅苑、丙丁豪庭等一批房地产项目: a count of no number
        hm = head_pattern.match(text, vague.end() if vague else em.end())
        if hm and not any(a <= em.start() < b for a, b, _, _ in closers):
            if _verb_in(hm.group("mod")):
                ballot.drop_span(em.end(), hm.end(), head_rows[hm.group("head")].type, "verb-before-head",
                                 f"coordination:{hm.group('head')}")
                continue
            closers.append((em.end(), em.end(), hm, -1))
    for nm in _BARE_COUNT.finditer(text):  # 甲乙、丙丁两村: a count of no unit before a division's suffix
        hm = head_pattern.match(text, nm.end())
        if hm and not hm.group("mod") and "、" in text[:nm.start()] \
                and not any(a <= nm.start() < b for a, b, _, _ in closers):
            closers.append((nm.start(), nm.end(), hm, _NUMERALS.index(nm.group(0)) + 1))
    previous_end = 0  # a list never reaches back over the count and head of an earlier list
    for q_start, q_end, hm, count in sorted(closers, key=lambda c: c[0]):
        end = q_start
        etc = count < 0
        while end > 0 and text[end - 1] in "共等":
            etc = etc or text[end - 1] == "等"
            end -= 1
        start = max([text.rfind(c, 0, end) + 1 for c in _CLAUSE_MARKS] + [previous_end if previous_end <= end else 0])
        if (etc_at := text.rfind("等", start, end)) >= 0:
            start = etc_at + 1  # 听取汇报、核查等方式先后深入甲、乙等乡镇: an earlier 等 closed an earlier list
        previous_end = hm.end()
        if (j := _LAST_JOIN.match(text, start)) and j.end() < end:
            start = j.end()  # …14个行政村和A社区、B社区2个社区: the join opens the second list
        head = hm.group("head")
        cls, suffix = head_rows[head].type, head_rows[head].item_suffix
        spans = _items(text, ctx.quotes, start, end, etc=etc, bounds=Words.of(ctx.tokens),
                       places=cls in classes()[rank("Town"):])
        if not spans:
            ballot.drop_span(start, hm.end(), cls, "no-list-items", f"coordination:{head}")
            continue
        items: list[Found] = []
        for a, b, quoted in spans:
            if not quoted and _MEASURED.match(text, a):
                ballot.drop_span(a, b, cls, "measured-item", f"coordination:{head}")
                continue  # 260亩大棚: a measured description, no name
            if cls == "Enterprise" and not quoted and (ranks := [r for r in RANKED_LIST.finditer(text, a, b)
                                                             if r.end() <= b - 2]):
                a = ranks[-1].end()  # 世界500强企业甲乙控股集团: the list it ranks in stands before the name
            if not quoted and (lead := _higher_place_lead(text[a:b], cls)):
                a += lead  # 甲镇乙村、丙镇丁村等3个村: each village without the town named before it
            surface = text[a:b]
            if len(surface) < 2 or len(surface) > 40:
                ballot.drop_span(spans[0][0], hm.end(), cls, "item-length", f"coordination:{head}")
                items = []
                break
            item_cls = "Programme" if quoted else cls
            if head == "项目" and _firm_short_name(surface):
                item_cls = "Enterprise"  # 恒丰家居、宏远橡胶等4个项目: the projects of two firms
            done = suffix and (surface.endswith(suffix) or any(surface.endswith(r.suffix) for r in place_suffixes()
                                                             if r.type == cls))
            if suffix and not done and _other_level(surface, cls):
                # A村、B村2个社区: an item of another level, so this is no list of that head
                ballot.drop_span(spans[0][0], hm.end(), cls, "item-of-other-level", f"coordination:{head}")
                items = []
                break
            name = surface if (not suffix or done) else surface + suffix
            items.append(found(doc, sent, sent.start + a, sent.start + b, item_cls, name,
                               f"coordination:{head}"))
        if not items:
            continue
        lists.append(Coordination(tuple(items), head, hm.group("mod"), count, spans[0][0], hm.end()))
        if count < 0:
            continue
        if (etc and len(items) > count) or (not etc and len(items) != count):
            p = prov(doc, sent, sent.start + spans[0][0], sent.start + hm.end(), "coordination-count")
            warnings.append(BuildWarning(
                "coordination-count",
                f"sentence {sent.id}, chars {p.start}–{p.end}: the list names {len(items)} items but says "
                f"{text[q_start:q_end]} ({count}); check the list or the count", p))
    taken = [(c.start, c.end) for c in lists]
    for rm in _REPRESENTED.finditer(text):  # 以甲乙实业、丙丁汽配为代表的…产业: the firms that stand for a trade
        opener = text.rfind("以", max(text.rfind(c, 0, rm.start()) for c in _CLAUSE_MARKS) + 1, rm.start())
        if opener < 0 or any(a < rm.start() <= b for a, b in taken):
            continue
        spans = _items(text, ctx.quotes, opener + 1, rm.start(), etc=True, bounds=Words.of(ctx.tokens), opened=True)
        items = [found(doc, sent, sent.start + a, sent.start + b, "Enterprise", text[a:b], "coordination:企业")
                 for a, b, quoted in spans if not quoted and 2 <= b - a <= 12]
        if items:
            lists.append(Coordination(tuple(items), "企业", "", -1, spans[0][0], rm.end()))
    return {"lists": tuple(lists), "warnings": tuple(warnings), "decisions": ballot.decisions}
