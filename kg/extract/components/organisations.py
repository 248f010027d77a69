"""Organisations: enterprises (有限公司 …), government and party bodies (人民政府, 办公室, 局, 党委 …) and public
institutions (卫生院, 中医院 …) found by suffix (``kg/data/org_suffixes.tsv``); bare bodies named by their level
(区委, 市政府: ``gov_abbreviations.tsv``); national bodies (``national_bodies.tsv``); and each body's level."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..admin import class_of_suffix, classes_above, level_chars, level_of_class, suffixes
from ..findings import Ballot, Found, found
from ..framework import Context, component
from ..lexicon import alternation, mapping, rows, words
from ..names import scan_left
from ..recognize.words import COMMON_VERB, Words, common_word, dictionary
from .places import is_generic

#: Words right after a body that make it qualify a role title (西坑村党总支部书记).
_ROLE_AFTER = re.compile(r"副?书记|委员|主任")

_RULES = {
    "no-name-before-suffix": "no name stands before the suffix",
    "verb-before-body": "one verb before a bare level body's word (服务|县委): what it does, no body's name",
    "website-name": "the suffix is followed by 网 (甲省人民政府网): the name of a website, not of the body",
    "counted-kind": "a number counts the bodies (1个镇级养老综合服务中心) or their holders (两家企业调解委员会): a kind "
                    "of body, no name",
    "bare-suffix": "the suffix alone (合作社), no name",
    "qualifies-role": "the body only qualifies a role title (西坑村党总支部书记)",
    "generic-name": "a generic noun, not a name (社会大局: kg/data/generic_names.tsv)",
    "levels-listed": "the name lists levels before a level's body (某某省市区委: the committees of three levels), "
                     "no one body",
    "kind-of-body": "a kind of body (农民专业合作社, 全乡合作社: generic_orgs.tsv, category_leads.tsv)",
    "inside-longer-organisation": "the name stands inside a longer organisation's (国家统计局 in …调查队办公室)",
    "overlaps-name": "the word stands inside a name found already",
    "run-by-body": "a government or party body stands inside the firm's name before more words (党支部领办合作社, "
                   "村委会创办企业): a description of who runs it, no name",
    "level-word-only": "only the village's level word stands before the suffix (村党支部) in a report that is no "
                       "village's: any village's body, no name (县人力资源和社会保障局 is the county's)",
    "function-word-name": "the one character before the suffix is a verb, preposition or pronoun of its own "
                          "(让合作社, 把公司): no name",
}


@lru_cache(maxsize=1)
def _body_inside() -> re.Pattern[str]:
    """A government or party body's suffix of two or more characters (党支部, 村委会, 人民政府) followed by more
    characters: inside a firm's name it says who runs the firm."""
    bodies = [r.suffix for r in rows("org_suffixes.tsv") if r.type == "GovernmentBody" and len(r.suffix) > 1]
    return re.compile(rf"(?:{alternation(bodies)}).")


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    return re.compile(alternation(words("org_suffixes.tsv")))


@lru_cache(maxsize=1)
def _abbrev_pattern() -> re.Pattern[str]:
    return re.compile(alternation(words("gov_abbreviations.tsv")))


@lru_cache(maxsize=1)
def _national_pattern() -> re.Pattern[str]:
    return re.compile(alternation(words("national_bodies.tsv")))


def _overlap(f: Found, at: int, length: int) -> bool:
    return f.mention.start <= at < f.mention.end or at <= f.mention.start < at + length


#: A count of holders right before a body's name (两家企业|调解委员会, 5个社区|服务站): a body in each, a kind.
_COUNTED_HOLDERS = re.compile(r"(?:\d+|[一两二三四五六七八九十几多]+)[个家所座处](?:企业|公司|村|社区|单位|学校)$")


@component("organisations", reads=("doc", "sent", "own", "places", "tokens"), adds=("organisations",), rules=_RULES)
def organisations(ctx: Context) -> dict[str, Any]:
    """Organisation names: reads ``sent``, ``own`` (the document's places: 镇卫生院 is 东岭镇卫生院) and ``places``
    (an organisation starts at the last place inside its stretch: 东岭镇东岭社区党委 → 东岭社区党委); adds
    ``organisations`` (rules ``org-suffix:<suffix>``, ``org-abbreviation``, ``org-national``)."""
    doc, sent = ctx.doc, ctx.sent
    text = sent.text
    by_suffix = {r.suffix: r for r in rows("org_suffixes.tsv")}
    bounds = Words.of(ctx.tokens)
    ballot = Ballot(doc, sent)
    out: list[Found] = []
    for m in _pattern().finditer(text):
        suffix = m.group(0)
        cls, max_p = by_suffix[suffix].type, by_suffix[suffix].max_prefix
        rule = f"org-suffix:{suffix}"
        min_len = 0 if len(suffix) > 1 and not (cls == "Enterprise" and len(suffix) == 2) else 2  # (非|煤矿山)
        start = scan_left(text, m.start(), max_len=max_p, min_len=min_len, scope="org", bounds=bounds)
        if start is not None:
            inner = [p.mention.start - sent.start for p in ctx.places
                     if start <= p.mention.start - sent.start and p.mention.end - sent.start <= m.start()]
            start = max(inner) if inner else scan_left(text, m.start(), max_len=max_p, min_len=min_len, scope="place",
                                                             bounds=bounds)
        if start is not None and suffix.endswith("厂") and bounds:  # 集体资金承包|甲乙茶厂: a verb ends the clause
            acts = [t.end for t in bounds.tokens if start <= t.start and t.end <= m.start()
                    and t.tag == "v" and len(t.text) > 1]
            if acts:
                start = max(acts) + (1 if text[max(acts):max(acts) + 1] in "过了" else 0)
                start = start if m.start() - start >= 2 else None
        if start is not None and (lead := _level_body_inside(text, start, m.start(), bounds)) is not None:
            start = lead  # 服务县委党校: the bare level body the name belongs to opens it
        if start is not None and cls == "GovernmentBody" and max_p <= _PLACE_BODY_PREFIX:
            start = _after_clause_words(bounds, start, m.start())
        if start is not None and bounds:  # 收购本地|合作社: a pronoun inside the stretch, the name after it
            start = max([start, *(t.end for t in bounds.tokens
                                  if start <= t.start and t.end <= m.start() and t.tag in ("r", "rz", "rr"))])
            if m.start() - start < min_len:
                start = None
        if start is not None and (term := _TERM.match(text, start, m.start())) and term.end() < m.start():
            start = term.end()  # 十六届县人民政府: the body of its sixteenth term is the body
        if start is None:
            ballot.drop_span(m.start(), m.end(), cls, "no-name-before-suffix", rule)
            continue
        body = _BODY_BEFORE.search(text, start, m.start())
        if body is not None and body.end() < m.start():
            start = body.end()  # 甲县委县人民政府: the party committee and the government, two bodies
        if cls == "Enterprise":
            if (inner := text.rfind("项目", start, m.start())) >= 0:
                start = inner + 2  # 重点工业项目甲乙有限公司: a list's category before the firm's name
            ranks = [r for r in RANKED_LIST.finditer(text, max(0, start - 8), m.start()) if start < r.end() < m.start()]
            if ranks:
                start = ranks[-1].end()  # 世界500强企业甲乙控股集团: the list it ranks in stands before the name
            start = _brand_before_place(text, start, bounds)
        name = text[start:m.end()]
        if re.search(r"\d[个家所座处]?$", text[:start + 1 if name[0] in "个家所座处" else start]) \
                or _COUNTED_HOLDERS.search(text, 0, start) or re.match(r"\d+[个家所]", text[m.end():]):
            # (渔业专业合作社15家: a count after the name counts a kind)
            # 3个村级服务中心; 两家企业调解委员会: one body in each of the counted holders, a kind
            ballot.drop_span(start, m.end(), cls, "counted-kind", rule)
        elif name == suffix:
            ballot.drop_span(start, m.end(), cls, "bare-suffix", rule)
        elif text.startswith("网", m.end()):
            ballot.drop_span(start, m.end() + 1, cls, "website-name", rule)  # 甲省人民政府网: the body's website
        elif (m.start() - start >= 2 and all(ch in level_chars() for ch in text[m.start() - 2:m.start()])
              and suffix[0] in level_chars()) or (m.start() - start >= 3 and name[0] in level_chars()
                                                  and name[1] in "省市县区" and name[0] in "省市县区"):
            # 江苏省市区委: the committees of three levels; 省市重点实验室: a kind at two levels
            ballot.drop_span(start, m.end(), cls, "levels-listed", rule)
        elif cls == "Enterprise" and _body_inside().search(text, start, m.start()):
            ballot.drop_span(start, m.end(), cls, "run-by-body", rule)
        elif (m.start() - start == 1 and name[0] in level_chars() and class_of_suffix(name[0]) == "Village"
              and _with_own_place(name, ctx.own) == name):
            ballot.drop_span(start, m.end(), cls, "level-word-only", rule)
        elif m.start() - start == 1 and bounds and bounds.function_word(start) is not None:
            ballot.drop_span(start, m.end(), cls, "function-word-name", rule)
        elif (suffix in words("gov_abbreviations.tsv") or cls == "Enterprise") and bounds \
                and bounds.is_single_word(start, m.start()) and bounds.at(start).tag in ("v", "vn") \
                and (suffix in words("gov_abbreviations.tsv")
                     or dictionary().freq.get(text[start:m.start()], 0) >= COMMON_VERB):
            # 服务|县委党校, 带领|合作社: what is done, no body's name (a rare verb may be a brand: 启明)
            ballot.drop_span(start, m.end(), cls, "verb-before-body", rule)
        elif _ROLE_AFTER.match(text[m.end():m.end() + 3]) or (len(suffix) == 1 and text[m.start() - 1] == "副"):
            # 甲村党支部书记…; 甲局副|局长: the suffix is a role's, a deputy's title
            ballot.drop_span(start, m.end(), cls, "qualifies-role", rule)
        elif is_generic(name, suffix):
            ballot.drop_span(start, m.end(), cls, "generic-name", rule)
        elif _indefinite(text, start, m.start(), bounds):
            ballot.drop_span(start, m.end(), cls, "counted-kind", rule)  # 南江一农民合作社: "a" co-operative there
        elif _is_kind(name) or (suffix.endswith("厂") and bounds and bounds.is_single_word(start, m.start())
                                and common_word(text[start:m.start()])):
            # 茶叶加工厂: one common word before a works' suffix, a kind of works
            ballot.drop_span(start, m.end(), cls, "kind-of-body", rule)
        else:
            out.append(found(doc, sent, sent.start + start, sent.start + m.end(), cls, _with_own_place(name, ctx.own),
                             rule))
            if cls == "Enterprise" and (sib := _SIBLING.search(text, 0, start)) and m.start() - start <= 4:
                # 甲乙、丙丁煤矿: a name before 、 with no suffix of its own shares the suffix
                out.append(found(doc, sent, sent.start + sib.start(1), sent.start + sib.end(1), cls,
                                 sib.group(1) + suffix, "org-sibling"))
    kept: list[Found] = []
    for f in out:  # 国家统计局 inside 国家统计局南江调查队办公室
        longer = next((g for g in out if g is not f and g.mention.start <= f.mention.start
                       and f.mention.end <= g.mention.end
                       and (g.mention.end - g.mention.start) > (f.mention.end - f.mention.start)), None)
        if longer is None:
            kept.append(f)
        else:
            ballot.drop(f, "inside-longer-organisation", longer)
    for m in _abbrev_pattern().finditer(text):
        at = sent.start + m.start()
        candidate = found(doc, sent, at, at + len(m.group(0)), "GovernmentBody", m.group(0), "org-abbreviation")
        if cause := next((f for f in (*kept, *ctx.places) if _overlap(f, at, len(m.group(0)))), None):
            ballot.drop(candidate, "overlaps-name", cause)
        elif _ROLE_AFTER.match(text[m.end():m.end() + 3]):
            ballot.drop(candidate, "qualifies-role")
        else:
            kept.append(candidate)
    for m in _national_pattern().finditer(text):
        at = sent.start + m.start()
        candidate = found(doc, sent, at, at + len(m.group(0)), "GovernmentBody", m.group(0), "org-national")
        if cause := next((f for f in kept if _overlap(f, at, len(m.group(0)))), None):
            ballot.drop(candidate, "overlaps-name", cause)
        else:
            kept.append(candidate)
    return {"organisations": tuple(kept), "decisions": ballot.decisions}


#: The longest name before the suffix of a body named by its place (党委, 党支部, 省委, 街道办事处): such a name is a
#: place, never a clause, so a verb or preposition inside it ends what came before the name.
_PLACE_BODY_PREFIX = 6


def _after_clause_words(bounds: Words, start: int, end: int) -> int:
    """Where a body named by its place starts when the words before its suffix hold a verb or a preposition
    or an idiom (坚决贯彻|省委, 某县推动|村党支部, 某县以|村党支部): after the last such word.  A verb counts when it has
    two or more characters and is common in the dictionary (a rare one may be part of a name); a preposition or
    conjunction of one character counts (a one-character verb tag is too loose: 松 of 松溪村)."""
    from ..recognize.words import COMMON_VERB, dictionary

    cut = start
    for t in bounds.tokens:
        if not (start < t.end <= end and t.start >= start):
            continue
        if len(t.text) > 1 and t.tag in ("v", "p", "c", "i", "l") and (t.tag != "v"
                                                            or dictionary().freq.get(t.text, 0) >= COMMON_VERB):
            cut = t.end
        elif len(t.text) == 1 and t.tag in ("p", "c") and t.start > start:
            cut = t.end
    return cut


#: A level's party committee written right before another body of that level (甲县委县人民政府, 市委市政府).
_BODY_BEFORE = re.compile(r"[省市县区镇乡]委(?=[省市县区镇乡])")

#: A ranking list before a firm's name (世界500强企业, 中国民营企业500强): the name starts after it.
def _indefinite(text: str, start: int, end: int, bounds: Words) -> bool:
    """一 stands as a word of its own after a place word inside ``[start, end)`` (南江|一|农民合作社: "a"
    co-operative of 南江), an article, not a numeral of a name."""
    for i in range(start + 1, end - 1):
        t, before = (bounds.at(i), bounds.at(i - 1)) if bounds else (None, None)
        if text[i] == "一" and t is not None and t.start == i and t.end == i + 1 and before is not None \
                and before.end == i and (before.tag == "ns" or before.text[-1] in level_chars()
                                         or (len(before.text) >= 2 and _is_place_name(before.text))):
            return True
    return False


#: A body's term opening its name (第十六届, 十六届).
_TERM = re.compile(r"第?[一二三四五六七八九十百\d]+届")
#: A place in brackets right before where a firm's name was found to start: 甲乙（南江）|稀土有限公司.
_BRACKETED_PLACE = re.compile(r"[（(](?P<place>[\u4e00-\u9fff]{2,8})[）)]$")


def _is_place_name(name: str) -> bool:
    """``name`` is a division's name, in full or short (山东, 南江市, 微山)."""
    from ..ground.divisions import named_anywhere

    return name in words("known_names.tsv") or any(named_anywhere(name + s) for s in ("", *"省市县区"))


def _brand_before_place(text: str, start: int, bounds: Words) -> int:
    """A firm's name that holds its seat in brackets (甲乙（山东）稀土开发有限公司) starts at the brand before the
    brackets; ``start`` otherwise."""
    if not (m := _BRACKETED_PLACE.search(text, 0, start)) or not _is_place_name(m.group("place")):
        return start
    brand = scan_left(text, m.start(), max_len=8, min_len=2, scope="org", bounds=bounds)
    return start if brand is None else brand


RANKED_LIST = re.compile(r"(?:[\d一二三四五六七八九十百千]+强(?:企业)?|企业[\d一二三四五六七八九十百千]+强)")


#: A short name right before 、 at a clause's start, before a suffixed firm (甲乙|、丙丁煤矿).
_SIBLING = re.compile(r"(?:^|(?<=[,，;；:：。\s]))([\u4e00-\u9fff]{2,4})、$")


def _level_body_inside(text: str, start: int, end: int, bounds: Words) -> int | None:
    """Where a bare level body (县委, 市政府: ``kg/data/gov_abbreviations.tsv``) stands inside ``[start, end)``
    right after a verb (服务|县委党校), if one does."""
    if not bounds:
        return None
    at = [text.find(w, start + 1, end) for w in words("gov_abbreviations.tsv")]
    at = [a for a in at if a > start and (t := bounds.at(a - 1)) is not None and t.end == a
          and t.tag in ("v", "vn", "vd")]
    return min(at) if at else None


def _is_kind(name: str) -> bool:
    """A kind of body (农民专业合作社, 市级示范专业合作社, 全乡合作社) rather than one body: the name is a generic
    organisation noun (``kg/data/generic_orgs.tsv``) or opens with a category word (``category_leads.tsv``)."""
    return name in words("generic_orgs.tsv") or name.startswith(words("category_leads.tsv"))


def _with_own_place(name: str, own: tuple[tuple[str, str], ...]) -> str:
    """镇卫生院 → 东岭镇卫生院: a name that starts with a bare level word means the document's own place."""
    for cls, place in own:
        if name.startswith(place[-1]) and len(name) > 2 and cls in classes_above("Village"):
            return place + name[1:]
    return name


@component("body levels", reads=("organisations", "own", "body_levels"), adds=("body_levels",))
def body_levels(ctx: Context) -> dict[str, Any]:
    """The level of each government body named: reads ``organisations``, ``own``, ``body_levels`` (the bodies of
    the sentences before); adds ``body_levels`` with this sentence's bodies."""
    levels = dict(ctx.body_levels)
    for f in ctx.organisations:
        if f.mention.type == "GovernmentBody" and (lv := level_of(f.name, ctx.own)):
            levels[f.key] = lv
    return {"body_levels": levels}


def level_of(name: str, own: tuple[tuple[str, str], ...]) -> str | None:
    """The administrative level of a government body from its name: the abbreviation and national tables
    (区委 → district), a level its suffix implies, a national word, the last place written in it, or the
    document's place it opens with.

    :param name: canonical name of the body.
    :param own: the document's own places, ``(class, name)`` outermost first.
    :returns: a ``kgc:level-*`` code or ``None``.

    >>> level_of("北城区人民政府", ()), level_of("区委", ()), level_of("国家统计局", ())
    ('district', 'district', 'national')
    """
    for table in ("gov_abbreviations.tsv", "national_bodies.tsv"):
        if name in (levels := mapping(table, "level")):
            return levels[name]
    for row in rows("org_suffixes.tsv"):
        if row.level and name.endswith(row.suffix):
            return row.level
    if name.startswith(words("national_cues.tsv")):
        return "national"
    best: str | None = None
    for m in _place_in_name().finditer(name):
        if not is_generic(m.group(0), m.group(1)):
            best = level_of_class(class_of_suffix(m.group(1)) or "")
    if best:
        return best
    for cls, place in own:
        if name.startswith(place[:2]):
            return level_of_class(cls)
    return None


@lru_cache(maxsize=1)
def _place_in_name() -> re.Pattern[str]:
    """A place written in a body's name: a few characters and a level word of running text (北城区, 东岭村)."""
    return re.compile(rf"[\u4e00-\u9fff]{{1,4}}?({alternation([s for s, _ in suffixes(text=True)])})")
