"""Organisations: enterprises (有限公司 …), government and party bodies (人民政府, 办公室, 局, 党委 …) with their
level, and public institutions (卫生院, 中医院 …), found by suffix (``kg/data/org_suffixes.tsv``); bare
bodies named by level (区委, 市政府) from ``kg/data/gov_abbreviations.tsv``."""

from __future__ import annotations

import re
from functools import lru_cache

from ..admin import class_of_suffix, classes_above, hierarchy, level_of_class, suffixes
from ..lexicon import alternation, mapping, rows, words
from ...model import Document, Sentence
from ..findings import Findings, Found, found
from ..names import scan_left
from .places import find_places, is_generic


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    return re.compile(alternation(words("org_suffixes.tsv")))


@lru_cache(maxsize=1)
def _abbrev_pattern() -> re.Pattern[str]:
    return re.compile(alternation(words("gov_abbreviations.tsv")))


def find_organisations(doc: Document, sent: Sentence) -> Findings:
    """Organisation names in one sentence.

    A name runs from its suffix leftwards (boundary words stop it); when a place name sits inside that
    stretch, the organisation starts at the last such place (东岭镇东岭社区党委 → 东岭社区党委).

    :param doc: the document.
    :param sent: the sentence.
    :returns: mentions with rule ``org-suffix:<suffix>`` or ``org-abbreviation``.
    """
    text = sent.text
    by_suffix = {r.suffix: r for r in rows("org_suffixes.tsv")}
    places = find_places(doc, sent).found
    out: list[Found] = []
    for m in _pattern().finditer(text):
        suffix = m.group(0)
        cls, max_p = by_suffix[suffix].type, by_suffix[suffix].max_prefix
        min_len = 0 if len(suffix) > 1 else 2
        start = scan_left(text, m.start(), max_len=max_p, min_len=min_len, scope="org")
        if start is None:
            continue
        inner = [p.mention.start - sent.start for p in places
                 if start <= p.mention.start - sent.start and p.mention.end - sent.start <= m.start()]
        if inner:
            start = max(inner)
        else:
            start = scan_left(text, m.start(), max_len=max_p, min_len=min_len, scope="place")
            if start is None:
                continue
        name = text[start:m.end()]
        if re.search(r"\d[个家所座处]?$", text[:start + 1 if name[0] in "个家所座处" else start]):
            continue  # 1个镇级养老综合服务中心: a counted kind of body
        if name == suffix:
            continue
        if re.match(r"副?书记|委员|主任", text[m.end():m.end() + 3]):
            continue  # 西坑村党总支部书记: the body only qualifies a role title
        if is_generic(name, suffix) or _is_kind(name):
            continue  # 社会大局, 改扩建中小学, 农民专业合作社, 全乡合作社
        name = _with_own_place(name, doc)
        out.append(found(doc, sent, sent.start + start, sent.start + m.end(), cls, name, f"org-suffix:{suffix}"))
    # drop organisations nested in a longer one (国家统计局 inside 国家统计局南江调查队办公室)
    out = [f for f in out if not any(g is not f and g.mention.start <= f.mention.start and f.mention.end <= g.mention.end
                                     and (g.mention.end - g.mention.start) > (f.mention.end - f.mention.start)
                                     for g in out)]
    for m in _abbrev_pattern().finditer(text):
        at = sent.start + m.start()
        if any(f.mention.start <= at < f.mention.end or at <= f.mention.start < at + len(m.group(0))
               for f in (*out, *places)):
            continue
        if re.match(r"副?书记|委员|主任", text[m.end():m.end() + 3]):
            continue
        out.append(found(doc, sent, sent.start + m.start(), sent.start + m.end(), "GovernmentBody",
                         m.group(0), "org-abbreviation"))
    for m in _national_pattern().finditer(text):
        at = sent.start + m.start()
        if any(f.mention.start <= at < f.mention.end or at <= f.mention.start < at + len(m.group(0)) for f in out):
            continue
        out.append(found(doc, sent, at, at + len(m.group(0)), "GovernmentBody", m.group(0), "org-national"))
    return Findings(found=tuple(out))


def _is_kind(name: str) -> bool:
    """A kind of body (农民专业合作社, 市级示范专业合作社, 全乡合作社) rather than one body: the name is a generic
    organisation noun (``kg/data/generic_orgs.tsv``) or opens with a category word (``category_leads.tsv``)."""
    return name in words("generic_orgs.tsv") or name.startswith(words("category_leads.tsv"))


@lru_cache(maxsize=1)
def _national_pattern() -> re.Pattern[str]:
    return re.compile(alternation(words("national_bodies.tsv")))


def _with_own_place(name: str, doc: Document) -> str:
    """镇卫生院 → 东岭镇卫生院: a name that starts with a bare level word means the document's own place."""
    for cls, place in hierarchy(doc.meta):
        level_char = place[-1]
        if name.startswith(level_char) and len(name) > 2 and cls in classes_above("Village"):
            return place + name[1:]
    return name


def level_of(name: str, doc: Document) -> str | None:
    """The administrative level of a government body from its name: the place it starts with, a national cue,
    or the abbreviation table (区委 → district).

    :param name: canonical name of the body.
    :param doc: the document (its place hierarchy names the levels of bare abbreviations).
    :returns: a ``kgc:level-*`` code or ``None``.
    """
    fixed = {**mapping("gov_abbreviations.tsv", "level"), **mapping("national_bodies.tsv", "level")}
    if name in fixed:
        return fixed[name]
    for row in rows("org_suffixes.tsv"):
        if row.level and name.endswith(row.suffix):
            return row.level
    if name.startswith(words("national_cues.tsv")):
        return "national"
    best: str | None = None
    for m in _place_in_name().finditer(name):
        if is_generic(m.group(0), m.group(1)):
            continue
        best = level_of_class(class_of_suffix(m.group(1)) or "")
    if best:
        return best
    for cls, place in hierarchy(doc.meta):
        if name.startswith(place[:2]):
            return level_of_class(cls)
    return None


@lru_cache(maxsize=1)
def _place_in_name() -> re.Pattern[str]:
    """A place written in a body's name: a few characters and a level word of running text (北城区, 东岭村)."""
    return re.compile(rf"[\u4e00-\u9fff]{{1,4}}?({alternation([s for s, _ in suffixes(text=True)])})")
