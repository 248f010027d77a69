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
    out: dict[str, list[str]] = {"verb": [], "lead": [], "tail": []}
    for r in rows("title_cues.tsv"):
        out[r.role].append(r.word)
    return {k: tuple(sorted(v, key=lambda w: (-len(w), w))) for k, v in out.items()}


@lru_cache(maxsize=1)
def _verb_pattern() -> re.Pattern[str]:
    return re.compile(alternation(list(_cues()["verb"])))


def names_a_level_or_rank(title: str) -> bool:
    """True when the title holds a level word (全国, 省级 …) or a rank (百强)."""
    return bool(RANK.search(title)) or any(w in title for w, _ in level_words())


def find_titles(text: str) -> tuple[Title, ...]:
    """The unquoted honour titles of a sentence, each after its verb."""
    cues = _cues()
    out: list[Title] = []
    for m in _verb_pattern().finditer(text):
        if m.end() < len(text) and text[m.end()] in "“\"‘":
            continue  # a quoted title: the honours step reads it
        stop = _STOP.search(text, m.end())
        end = stop.start() if stop else len(text)
        start = m.end()
        for lead in cues["lead"]:
            if text.startswith(lead, start):
                start += len(lead)
                break
        stretch = text[start:end]
        if count := _COUNT.search(stretch):
            end -= len(count.group(0))
        for tail in cues["tail"]:
            at = text.find(tail, start, end)
            if at > start:
                end = at
        title = text[start:end]
        if 3 <= len(title) <= 30 and not title[0].isdigit() and names_a_level_or_rank(title):
            out.append(Title(m.group(0), m.start(), start, end, title))
    return tuple(out)


__all__ = ["RANK", "Title", "find_titles", "names_a_level_or_rank"]
