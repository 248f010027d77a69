"""Honour titles written without quotes: 获评全国文明村, 入选全国千强镇, 蝉联全国制造业百强县, 荣登…百强县榜首.

After a verb of honour (``kg/data/title_cues.tsv``, role ``verb``) the title runs to the end of the clause, less
the words that open its stretch without being part of it (首批, 全省唯一: ``lead``) and those that close it
(榜首, 称号, 名单: ``tail``), and less a count after it (2个).  It is a title only when it names a level (全国,
中国, 国家, 省级, 全市 …: :func:`kg.extract.admin.level_words`) or a rank (百强, 千强, 15强): a verb such as 获批
or 成为 is followed by many things that are no honour.

>>> [(t.verb, t.title) for t in find_titles("九龙镇入选全国千强镇。")]
[('入选', '全国千强镇')]
>>> [t.title for t in find_titles("荣登全国发展潜力百强县榜首,位居第3")]
['全国发展潜力百强县']
>>> find_titles("获批建设用地50亩")
()
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..admin import level_words
from ..lexicon import alternation, rows

#: A rank in a title: 百强, 千强, 15强, 十强.
RANK = re.compile(r"[百千万]强|\d+强|[十二三四五六七八九]十?强")
_STOP = re.compile(r"[,，;；。:：、“”\"‘’!！?？()（）《》\s]")
#: What ends a title's stretch once it has started: as :data:`_STOP`, but a quote inside the title is part of it
#: (获评上海市“5A级社会组织”, 荣获某省第十一届“某某文艺奖”艺术奖).
_STOP_INSIDE = re.compile(r"[,，;；。:：、‘’!！?？()（）《》\s]")
_QUOTE_MARKS = "“”\""
#: A title that opens with a province's or a city's name names its level (浙江省文明村, 上海市5A级社会组织).
_PLACE_LEAD = re.compile(r"[\u4e00-\u9fff]{1,4}?(?:省|市|自治区)")
#: A bare level character opening a title after its verb (获评省林业特色产业强镇, 市文明单位), not a level's own
#: word (省委, 市场, 区域).
_BARE_LEVEL = re.compile(r"[省市县区](?![委政级长内外域属场民])")
#: What ends a prize or the title of a model unit, which needs no level to be one (综合目标考评银奖, 平安建设先进单位,
#: 优秀案例大赛二等奖); the title then holds at least five characters.
_PRIZE_END = re.compile(r"(?:[金银铜]奖|[一二三]等奖|优秀奖|特等奖|提名奖|先进单位|先进集体|示范单位)$")
#: A year that opens a title (2022年度综合目标考评银奖), not a count.
_YEAR_LEAD = re.compile(r"(?:19|20)\d\d年")
_COUNT = re.compile(r"\d+[个项家名]$|[一二两三四五六七八九十]+[个项家名]$")


@dataclass(frozen=True, slots=True)
class Title:
    """An unquoted honour title: the verb before it and the title itself (sentence offsets)."""

    verb: str
    verb_start: int
    start: int
    end: int
    title: str


@lru_cache(maxsize=1)
def _cues() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {"verb": [], "weak": [], "lead": [], "tail": []}
    for r in rows("title_cues.tsv"):
        out[r.role].append(r.word)
    return {k: tuple(sorted(v, key=lambda w: (-len(w), w))) for k, v in out.items()}


@lru_cache(maxsize=1)
def _verb_pattern() -> re.Pattern[str]:
    return re.compile(alternation(list(_cues()["verb"])))


@lru_cache(maxsize=1)
def _weak_pattern() -> re.Pattern[str]:
    return re.compile(alternation(list(_cues()["weak"])))


#: What ends a list of titles after a weak verb (获得…等荣誉).
_HONOUR_CLOSE = ("等荣誉", "等称号", "荣誉称号", "称号", "等荣誉称号", "等其他荣誉")
#: What a title after 是 ends with: a kind of place (全国民主法治示范村, 国家3A景区村, 首批未来乡村).
_PLACE_KIND = re.compile(r"(?:村|镇|乡|县|社区|乡村|村居|街道)$")


#: What a later item of a verb's list of titles ends with, to be a title without a level of its own.
_LISTED_TITLE = re.compile(r"(?:村|镇|乡|县|社区|乡村|示范园|示范区|基地|单位|集体|企业|园区|景区|品牌)$")


def names_a_level_or_rank(title: str) -> bool:
    """True when the title holds a level word (全国, 省级 …) or a rank (百强)."""
    return bool(RANK.search(title)) or any(w in title for w, _ in level_words())


#: Bodies that grant the quoted title after the verb (荣获甲会和乙会授予的“…”): the quote is the title.
GRANTED_BY = re.compile(r"(?:联合|共同)?(?:授予|颁发|命名|评定|认定|评选)的?(?=[“\"])")


def find_titles(text: str) -> tuple[Title, ...]:
    """The unquoted honour titles of a sentence, each after its verb."""
    cues = _cues()
    out: list[Title] = []
    for m in _verb_pattern().finditer(text):
        if m.end() < len(text) and text[m.end()] in "“\"‘":
            continue  # a quoted title: the honours step reads it
        if GRANTED_BY.search(text, m.end(), _clause_end(text, m.end()) + 1):
            continue  # 荣获甲会授予的“…”: the bodies that grant a quoted title, no title of their own
        out += _titles_after(text, m, cues)
    for m in _weak_pattern().finditer(text):  # 获得…等荣誉; 是全国…示范村
        if any(t.verb_start <= m.start() < t.end for t in out):
            continue
        titles = _titles_after(text, m, cues)
        if m.group(0) == "是":
            titles = [t for t in titles if _PLACE_KIND.search(t.title) and "的" not in t.title]
        elif not titles or not text.startswith(_HONOUR_CLOSE, titles[-1].end):
            titles = []
        out += titles
    return tuple(out)


def _clause_end(text: str, at: int) -> int:
    """Where the clause holding ``at`` ends (the next comma, semicolon, full stop), or the end of the text."""
    m = re.compile(r"[,，;；。!！?？]").search(text, at)
    return m.start() if m else len(text)


def _titles_after(text: str, m: re.Match[str], cues: dict) -> list[Title]:
    """The titles after a verb: the first, and the next ones of its list (获评甲级示范县、乙省示范乡)."""
    out: list[Title] = []
    at = m.end()
    while (found := _title_at(text, at, cues)) is not None:
        start, end, stop, title = found
        if title is None and out and _LISTED_TITLE.search(text, start, end) and 4 <= end - start <= 20 \
                and not _verb_pattern().search(text, start, end):
            title = text[start:end]  # 评为甲级示范村、乙丙休闲乡村、…: a later item of the verb's list, of a title's kind
        if title is not None:
            out.append(Title(m.group(0), m.start(), start, end, title))
        if title is None or stop >= len(text) or text[stop] != "、":
            break
        at = stop + 1
    return out


def _title_at(text: str, at: int, cues: dict) -> tuple[int, int, int, str | None] | None:
    """The unquoted title whose stretch opens at ``at``: its start and end, where its stretch stops, and the
    title (``None`` when the stretch holds no title: no level, rank or place before it)."""
    if at >= len(text):
        return None
    stop = stop_outside_quotes(text, at)
    end = _balanced(text, at, stop)
    start = at
    if (join := text.find("和", at, end)) > at and "“" in text[join:end]:
        end = stop = join  # 荣获甲省著名商标和乙会“丙奖”: a second, quoted title after 和
    for lead in cues["lead"]:
        if text.startswith(lead, start):
            start += len(lead)
            break
    stretch = text[start:end]
    if count := _COUNT.search(stretch):
        end -= len(count.group(0))
    stretch_end = end
    for tail in cues["tail"]:  # the earliest tail ends the title (…卫生村|等荣誉称号, not …卫生村等|荣誉称号)
        found = text.find(tail, start, stretch_end)
        if start < found < end:
            end = found
    while end > start and text[end - 1] in "“\"":
        end -= 1
    if end - start > 3 and text[end - 1] == "等":
        end -= 1  # …宁夏特色旅游村等。: 等 closes the list
    title = "".join(ch for ch in text[start:end] if ch not in _QUOTE_MARKS)
    if _verb_pattern().search(text[start:end]):
        return start, end, stop, None  # 成为全区唯一一家入选全国…试点县: the title is the inner verb's
    if 3 <= len(title) <= 30 and (not title[0].isdigit() or _YEAR_LEAD.match(title)) and (
            names_a_level_or_rank(title) or _PLACE_LEAD.match(title) or title.startswith(_province_stems())
            or _BARE_LEVEL.match(title) or (len(title) >= 5 and _PRIZE_END.search(title))):
        return start, end, stop, title
    return start, end, stop, None


@lru_cache(maxsize=1)
def _province_stems() -> tuple[str, ...]:
    """The short names of the provinces (广西, 内蒙古, 河北), from the division codes: a title that opens with one is
    a province's (广西生态文化旅游示范乡)."""
    from ..ground.divisions import Level, analyse, upper_names

    stems = {analyse(name, Level.PROVINCE)[2] for code, name in upper_names().items() if len(code) == 2}
    return tuple(sorted((s for s in stems if s and len(s) >= 2), key=lambda s: (-len(s), s)))


def stop_outside_quotes(text: str, start: int) -> int:
    """Where a title's stretch from ``start`` ends: at the first mark of :data:`_STOP_INSIDE` that stands outside
    curly quotes (the 、 of 获评“甲、乙”先进集体 is the quoted title's own), or the end of the text."""
    depth = 0
    for i in range(start, len(text)):
        ch = text[i]
        if ch == "“":
            depth += 1
        elif ch == "”" and depth:
            depth -= 1
        elif not depth and _STOP_INSIDE.match(ch):
            return i
    return len(text)


def _balanced(text: str, start: int, end: int) -> int:
    """Where a title's stretch ``[start, end)`` ends so that its quotes are closed: at the first quote mark that
    opens and is not closed inside it (an ASCII quote counts as closed by the next one)."""
    open_at = -1
    ascii_open = -1
    for i in range(start, end):
        ch = text[i]
        if ch == "“" and open_at < 0:
            open_at = i
        elif ch == "”" and open_at >= 0:
            open_at = -1
        elif ch == "”":
            return i
        elif ch == '"':
            ascii_open = i if ascii_open < 0 else -1
    cut = min((i for i in (open_at, ascii_open) if i >= 0), default=end)
    return cut


@dataclass(frozen=True, slots=True)
class HeldTitle:
    """An honour written right before its holder's name (种植能手张三): the title's and the name's spans."""

    start: int
    end: int
    title: str
    name_start: int
    name_end: int


#: What may follow a holder's name: a count of the holders (等3人), a list mark, a clause mark, 同志.
_HOLDER_AFTER = r"(?=等|同志|[、，,；;。])"


@lru_cache(maxsize=1)
def _held_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    from ..names import family_names

    heads = [r.word for r in rows("honour_heads.tsv") if r.role == "head"]
    leads = [r.word for r in rows("honour_heads.tsv") if r.role == "lead"]
    surnames = alternation(list(family_names()))
    name = rf"(?P<name>(?:{surnames})[\u4e00-\u9fff]{{1,2}}?){_HOLDER_AFTER}"
    by_head = re.compile(rf"(?P<title>[\u4e00-\u9fff]{{0,10}}?(?:{alternation(heads)})){name}")
    by_lead = re.compile(rf"(?P<title>(?:{alternation(leads)})[\u4e00-\u9fff]{{2,10}}?){name}")
    return by_head, by_lead


def find_held_titles(text: str, starts: tuple[int, ...]) -> tuple[HeldTitle, ...]:
    """Honours written before their holder's name (``kg/data/honour_heads.tsv``): a stretch that opens at one of
    ``starts`` (where a clause, a list item or a phrase after a verb begins) and ends in an honour head (种植能手)
    or opens with an honour lead (优秀…), followed by a family name and one or two characters, then 等, a list or
    clause mark, or 同志.

    >>> [(t.title, text[t.name_start:t.name_end]) for text in ["对蔬菜种植能手王立等3人表彰"]
    ...  for t in find_held_titles(text, (1,))]
    [('蔬菜种植能手', '王立')]
    """
    by_head, by_lead = _held_patterns()
    out: list[HeldTitle] = []
    for s in sorted(set(starts), reverse=True):  # the latest start first: 会上对|种植能手张三 is 种植能手
        m = by_head.match(text, s) or by_lead.match(text, s)
        if m and len(m.group("title")) >= 3 and not any(m.start() < t.name_end and t.start < m.end() for t in out):
            out.append(HeldTitle(m.start("title"), m.end("title"), m.group("title"), m.start("name"),
                                 m.end("name")))
    return tuple(sorted(out, key=lambda t: t.start))


__all__ = ["RANK", "HeldTitle", "Title", "find_held_titles", "find_titles", "names_a_level_or_rank",
           "stop_outside_quotes"]
