"""The sources of a report's own places, each read into a chain of names, outermost first: a place option or a
sidecar (``河北省保定市涞水县``), the heading's places, and the place of the report's own level the text names most
often.  :mod:`kg.extract.ground.scope` grounds the chains in the codes and combines them."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...model import Document, DocumentMeta
from ..admin import classes, hierarchy
from .divisions import Level, division
from .gazetteer import fold, guarded
from .lookup import compatible, named

__all__ = ["Part", "declared", "in_heading", "in_text", "self_level"]

#: The class of the report's own place that a self-reference names (我镇, 全县, 本区 …): the level character.
_SELF = re.compile(r"([我全本])([镇乡县区市]|街道)(?![级委长政])")

#: A place's congress or government (在某县第十六届人民代表大会…, 某镇人民政府) in a heading: the report's own.
_ISSUER = re.compile(r"(?:第?[一二三四五六七八九十0-9]{1,3}届)?(?:人民代表大会|人大|代表大会|政协)|人民政府|街道办事处")

#: Words that may follow a place that is the subject of a title (澳前镇2023年…, 宁泽县人民政府…).
_TITLE_SUBJECT = re.compile(r"(?:(?:19|20)[0-9]{2}年|人民政府|政府|党委|街道办事处|办事处|工作|召开)")


@dataclass(frozen=True, slots=True)
class Part:
    cls: str
    name: str
    source: str
    subject: bool = True  # a heading's or the text's name kept even when not in the codes
    mentions: int = 0  # how often the text names it (the text source)


def declared(place: str, source: str) -> list[Part]:
    return [Part(cls, name, source) for cls, name in hierarchy(DocumentMeta(place=place))]


def _found_places(doc: Document, sentences: Any) -> list[tuple[int, int, str, str]]:
    """Administrative places the rule finders read in some sentences: ``(start, end, class, name)``, a name cut
    to the official name it ends with (在某县 → 某县) when there is one."""
    from ..components.places import known_names, places
    from ..framework import Context
    from ..quotes import find_quotes

    admin = set(classes()) - {"Village", "Community"}
    out = []
    for sent in sentences:
        ctx = Context(doc, sent, quotes=find_quotes(sent.text))
        for f in (*places.run(ctx)["places"], *known_names.run(ctx)["known_names"]):
            m = f.mention
            if m.type not in admin:
                continue
            start, name = m.start, f.name
            for k in range(1, len(m.text) - 1):  # the longest official name the candidate ends with
                if any(compatible(m.type, d) for d in named(m.text[k:])):
                    start, name = m.start + k, m.text[k:]
                    break
            out.append((start, m.end, m.type, name))
    return out


def in_heading(doc: Document) -> list[Part]:
    from ...text.heading import read_heading

    heading = read_heading(doc.text)
    if not heading.end:
        return []
    sentences = [s for s in doc.sentences if s.start < heading.end]
    found = _found_places(doc, sentences)
    found += _named_in(doc.text[:heading.end], levels=(Level.PROVINCE, Level.CITY, Level.COUNTY, Level.TOWN))
    grounded = [f for f in found if _any_division(f)]
    # fragments that overlap a name of the codes are no names (州市东乡 inside 抚州市东乡区)
    found = [f for f in found if f in grounded or not any(g[0] < f[1] and f[0] < g[1] for g in grounded)]
    out: dict[str, Part] = {}
    for start, end, cls, name in sorted(found, key=lambda f: (f[0], -f[1])):
        subject = (heading.title_start <= start < heading.title_end and bool(_TITLE_SUBJECT.match(doc.text, end))
                   or bool(_ISSUER.match(doc.text, end)))
        if name in out:
            subject = subject or out[name].subject
        out[name] = Part(out[name].cls if name in out else cls, name, "heading", subject)
    return sorted(out.values(), key=lambda p: classes().index(p.cls))


def _any_division(f: tuple[int, int, str, str]) -> bool:
    return any(compatible(f[2], d) for d in named(f[3]))


def _named_in(text: str, *, levels: tuple[Level, ...]) -> list[tuple[int, int, str, str]]:
    """Full names of divisions of some levels, nationwide, in a short text: ``(start, end, class, name)``."""
    from .gazetteer import _spans, _upper_names

    out = []
    for start, end, codes in _spans(_upper_names(), fold(text)):
        ds = [division(c) for c in codes]
        ds = [d for d in ds if d.type and d.level in levels]
        name = text[start:end]
        if ds and name not in guarded() and len(name) >= (3 if ds[0].level is Level.TOWN else 2):
            out.append((start, end, ds[0].type, name))
    return out


def self_level(doc: Document) -> str | None:
    """The class of the report's own place, from how it names itself (我镇, 全县, 本街道 …), or None."""
    counts: Counter[str] = Counter()
    for m in _SELF.finditer(doc.text):
        cls = {"镇": "Town", "乡": "Town", "街道": "Town", "县": "District", "区": "District", "市": "City"}[m.group(2)]
        counts[cls] += 1 if m.group(1) == "全" else 2  # 全市 is also said in a county's comparisons
    ranked = counts.most_common()
    return ranked[0][0] if ranked and (len(ranked) == 1 or ranked[1][1] < ranked[0][1]) else None


@lru_cache(maxsize=1)
def _short_county_names() -> dict[str, tuple[str, ...]]:
    """Short names of counties and cities nationwide (咸丰 → 咸丰县), not guarded: folded short → codes."""
    from .divisions import full_names, upper_names
    from .divisions import analyse

    out: dict[str, list[str]] = {}
    for code, name in upper_names().items():
        if len(code) not in (4, 6) or not full_names(code, name):
            continue
        _, _, short = analyse(name, Level.CITY if len(code) == 4 else Level.COUNTY)
        if short and short not in guarded():
            out.setdefault(fold(short), []).append(code)
    return {k: tuple(v) for k, v in out.items()}


def in_text(doc: Document, level: str | None) -> list[Part]:
    """The place of the report's own level that the text names most often (three times at least when it is not
    in the codes); with no self-reference, the county, else the town, that the text names most often, twice at
    least (a news page)."""
    if level is None:
        for cls in ("District", "Town"):
            found = in_text(doc, cls)
            if found and found[0].mentions >= 2:
                return found
        return []
    counts: Counter[str] = Counter()
    for _, _, cls, name in _found_places(doc, doc.sentences):
        if cls == level:
            counts[name] += 1
    if level in ("District", "City"):
        from .gazetteer import _place_endings

        text = fold(doc.text)
        for short, codes in _short_county_names().items():
            if short not in text:
                continue
            # 崇义 inside 崇义乡 names another place
            n = sum(1 for m in re.finditer(re.escape(short), text) if not text.startswith(_place_endings(), m.end()))
            for c in codes:
                d = division(c)
                if n and compatible(level, d):
                    counts[d.usual or d.name] += n
    if not counts:
        return []
    (name, n), *rest = counts.most_common() + [("", 0)]
    if rest[0][1] == n:
        return []
    return [Part(level, name, "text", subject=n >= 3, mentions=n)]
