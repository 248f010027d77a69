"""The mentions a sentence keeps: every candidate of every kind, in one list, through the filter rules that
settle what two finders say about the same words.  Each rule drops a candidate because of another one (its
``cause``) and says so; the candidates that pass are kept.

To add a rule: write a function ``(candidates, ctx) -> decisions`` and put it in :data:`FILTERS` with its name
and meaning.
"""

from __future__ import annotations

import re

from collections import Counter
from collections.abc import Callable
from typing import Any

from ..admin import class_of_suffix, classes, level_chars
from ..dates import is_year_phrase
from ..findings import Decision, Found
from ..framework import Context, component
from ..recognize import law

_ORG_TYPES = ("GovernmentBody", "PublicInstitution", "Enterprise")


def _inside(f: Found, g: Found) -> bool:
    return g.mention.start <= f.mention.start and f.mention.end <= g.mention.end


def _duplicates(found: tuple[Found, ...], ctx: Context) -> list[Decision]:
    seen: dict[tuple[int, int, str, str], Found] = {}
    out = []
    for f in found:
        k = (f.mention.start, f.mention.end, f.mention.type, f.name)
        if k in seen:
            out.append(Decision(f, False, "duplicate", seen[k]))
        else:
            seen[k] = f
    return out


def _leads(title: Found, place: Found) -> bool:
    """The place opens the honour title, maybe after its year (“桐溪县最美医生”, “2023年上半年某某市…”)."""
    return is_year_phrase(title.mention.text[:place.mention.start - title.mention.start])


def _inside_quoted_names(found: tuple[Found, ...], ctx: Context) -> list[Decision]:
    quoted = [f for f in found if f.mention.type in ("Award", "Programme", "Product")
              and f.mention.rule in ("programme-quoted", "honour-quoted", "honour-unquoted", "product-work")]
    out = []
    for f in found:
        holders = [q for q in quoted if _inside(f, q)] if f not in quoted else [
            q for q in quoted if q.mention.rule == "honour-unquoted" and f.mention.rule == "programme-quoted"
            and _inside(f, q) and len(q.mention.text) > len(f.mention.text)]  # 上海市“5A级社会组织”
        leading = [q for q in holders if q.mention.type == "Award" and f.mention.type in classes() and _leads(q, f)
                   and f.mention.end < q.mention.end]  # (中国百强镇 as a town: the whole title is no place)
        if blocking := [q for q in holders if q not in leading]:
            out.append(Decision(f, False, "inside-quoted-name", blocking[0]))
        elif leading:
            out.append(Decision(f, True, "place-leads-honour-title", leading[0]))
    return out


def _quoted_organisations(found: tuple[Found, ...], ctx: Context) -> list[Decision]:
    orgs = {(f.mention.start, f.mention.end): f for f in found
            if f.mention.type in _ORG_TYPES and f.mention.rule.startswith("org-suffix:")}
    return [Decision(f, False, "quoted-organisation", orgs[(f.mention.start, f.mention.end)]) for f in found
            if f.mention.rule == "programme-quoted" and (f.mention.start, f.mention.end) in orgs]


def _facilities(found: tuple[Found, ...], ctx: Context) -> list[Decision]:
    projects = {(f.mention.start, f.mention.end): f for f in found if f.mention.rule.startswith("project-facility")}
    return [Decision(f, False, "facility-is-project", projects[(f.mention.start, f.mention.end)]) for f in found
            if f.mention.type in _ORG_TYPES and (f.mention.start, f.mention.end) in projects]


def _parks_named_by_projects(found: tuple[Found, ...], ctx: Context) -> list[Decision]:
    out = []
    for f in found:
        if f.mention.type not in ("IndustrialPark", "Area"):
            continue
        if project := next((g for g in found if g.mention.type == "Project" and g.mention.start == f.mention.start
                            and (g.mention.text in (f.mention.text + "项目", f.mention.text + "建设项目")
                                 or (g.mention.end == f.mention.end
                                     and (f.mention.type == "Area" or g.mention.rule == "coordination:项目")))),
                           None):
            out.append(Decision(f, False, "park-is-project-name", project))
    return out


def _products_in_firms(found: tuple[Found, ...], ctx: Context) -> list[Decision]:
    out = []
    for f in found:
        if f.mention.type != "Product":
            continue
        if firm := next((g for g in found if g.mention.type in _ORG_TYPES and _inside(f, g)
                         and len(g.mention.text) > len(f.mention.text)), None):
            out.append(Decision(f, False, "product-in-firm-name", firm))
    return out


def _rules_speak_first(found: tuple[Found, ...], ctx: Context) -> list[Decision]:
    learned = ("recognized:", "firm-short-name")
    rules = [f for f in found if not f.mention.rule.startswith(learned)]
    out = []
    for f in found:
        if f.mention.rule.startswith(learned) and (cause := next(
                (g for g in rules if g.mention.start < f.mention.end and f.mention.start < g.mention.end), None)):
            out.append(Decision(f, False, "rules-speak-first", cause))
    return out


_GAZETTEER = ("gazetteer-full", "gazetteer-chain")


def _short_names_inside(found: tuple[Found, ...], ctx: Context) -> list[Decision]:
    out = []
    for f in found:
        if f.mention.rule != "gazetteer-short":
            continue
        if holder := next((g for g in found if g is not f and _inside(f, g)
                           and g.mention.end - g.mention.start > f.mention.end - f.mention.start), None):
            out.append(Decision(f, False, "short-name-inside-name", holder))
    return out


def _opens_lower_place(found: tuple[Found, ...], ctx: Context) -> list[Decision]:
    """桃园街道 of 桃园街道社区: a place whose name opens a longer place name of a lower level, with nothing but
    the lower level's suffix after it, is the stem of that name (a community named after the 街道), not a place
    of its own (a town written before a village's own name, 东岭镇西坑村, is two names: the village starts later)."""
    order = classes()
    places = [f for f in found if f.mention.type in order]
    out = []
    for f in places:
        if holder := next((g for g in places if g.mention.start == f.mention.start
                           and g.mention.end > f.mention.end and g.mention.rule.startswith("place-suffix:")
                           and order.index(g.mention.type) > order.index(f.mention.type)), None):
            out.append(Decision(f, False, "opens-lower-place", holder))
    return out


def _own_place_short_names(found: tuple[Found, ...], ctx: Context) -> list[Decision]:
    """A well-known city's or province's short name that is also the stem of the report's own town or county
    (长河 in a report of 长河镇: 长河人民) names the report's own place, not the city."""
    if not ctx.own_place:
        return []
    order = classes()
    out = []
    for f in found:
        if f.mention.rule != "known-name" or f.mention.type not in ("Province", "City"):
            continue
        stem = f.mention.text
        own = next((o for o in ctx.own_place.places if o.field in order
                    and order.index(o.field) > order.index(f.mention.type) and o.value.startswith(stem)
                    and len(o.value) > len(stem) and class_of_suffix(o.value[len(stem):]) == o.field), None)
        if own is not None:
            holder = next((g for g in found if g.name == own.value and g.mention.type == own.field), None)
            out.append(Decision(f, False, "own-place-short-name", holder))
    return out


def _glued(prefix: str) -> bool:
    """A few characters glued before a name: a level word (县城东街道) or a word names never start with (在叶县)."""
    from ..names import boundary_words

    return (all(ch in level_chars() for ch in prefix) or prefix in boundary_words("place")
            or len(prefix) == 2 and prefix[0] in level_chars() and prefix[1] in boundary_words("place"))


def _official_boundaries(found: tuple[Found, ...], ctx: Context) -> list[Decision]:
    """A suffix finder's place that runs over the start of an official name (县城东街道, 在叶县, 城九龙镇 of 县城九龙镇)
    or across one of its ends (州市东乡 across 东乡区): the official name says where the name starts and ends.
    The words glued before the report's own county or town may be any; before another town's or a higher
    place's full name, any one or two characters; before a village's, only a level word or a word names never
    start with (广东村 is not 东村)."""
    from ..ground.divisions import division
    from ..ground.lookup import compatible

    codes = {id(g.candidate): g.code for g in ctx.groundings if g.rule in _GAZETTEER}
    official = [f for f in found if f.mention.rule in _GAZETTEER or id(f) in codes]
    own = {o.code for o in ctx.own_place.places if o.code} if ctx.own_place else set()
    out = []
    for f in found:
        if not f.mention.rule.startswith("place-suffix:"):
            continue
        a, b = f.mention.start, f.mention.end
        for g in official:
            c, d = g.mention.start, g.mention.end
            if a < c < b < d or c < a < d < b:
                out.append(Decision(f, False, "crosses-official-name", g))
                break
            high = g.mention.type in classes()[:classes().index("Town") + 1] and d - c >= 3
            mine = codes.get(id(g)) in own  # the report's own county or town: 现代化叶县 is no other place
            same = g.mention.type == f.mention.type or id(g) in codes and compatible(f.mention.type,
                                                                                      division(codes[id(g)]))
            if b == d and a < c and same and (mine or c - a <= 2 and (high or _glued(ctx.doc.text[a:c]))):
                out.append(Decision(f, False, "official-name-starts-later", g))
                break
            if b == d and c < a and same:  # 槐树街道 of 大槐树街道: the tail of an official name
                out.append(Decision(f, False, "official-name-starts-earlier", g))
                break
    return out


#: A title in 《》 that ends like a document's (《关于公布…名单的通知》).
_DOCUMENT_TITLE = re.compile(r"《([^《》]{2,60})》")


def _inside_document_titles(found: tuple[Found, ...], ctx: Context) -> list[Decision]:
    from ..lexicon import words

    heads = tuple(words("document_heads.tsv"))
    spans = [(ctx.sent.start + m.start(1), ctx.sent.start + m.end(1)) for m in _DOCUMENT_TITLE.finditer(ctx.sent.text)
             if m.group(1).endswith(heads)]
    return [Decision(f, False, "inside-document-title") for f in found
            if f.mention.type in (*_ORG_TYPES, "Award", "Programme", "Project")
            and any(a <= f.mention.start and f.mention.end <= b for a, b in spans)]


#: The filter rules, in the order they apply: name, meaning, function.
FILTERS: tuple[tuple[str, str, Callable[[tuple[Found, ...], Context], list[Decision]]], ...] = (
    ("duplicate", "the same name of the same type at the same place was proposed already", _duplicates),
    ("rules-speak-first", "a candidate of the statistical recognizer or of a learned short name overlaps a rule's: "
                          "the rule's reading stands",
     _rules_speak_first),
    ("quoted-organisation", "a quoted name that is wholly an organisation's name (“某某果蔬专业合作社”, “某某有限公司”) "
                            "names the organisation, not a programme", _quoted_organisations),
    ("inside-quoted-name", "a name inside a quoted programme or honour title, or an unquoted honour title, is part "
                           "of it (表现突出的支部 in “…”; 百强县 in 蝉联全国制造业百强县)", _inside_quoted_names),
    ("inside-document-title", "a body, title, programme or project inside the title of a document in 《》 "
                              "(《关于公布国家农民合作社示范社名单的通知》) is the document's words, no mention",
     _inside_document_titles),
    ("facility-is-project", "a facility with an investment or a status is the project, not also an organisation "
                            "of the same name", _facilities),
    ("park-is-project-name", "a park's or an area's name followed by 项目 is the project's own name (X产业园项目, "
                             "X广场项目), and a park listed among projects (甲产业园等项目) or an area the report "
                             "treats as a project is a project, not also a park or an area",
     _parks_named_by_projects),
    ("product-in-firm-name", "a product word inside a firm's or co-operative's name is part of that name "
                             "(白岭高山茶叶种植专业合作社)", _products_in_firms),
    ("short-name-inside-name", "a place's short name (金沙 of 金沙社区) inside a longer name is part of that name "
                               "(金溪工业园)", _short_names_inside),
    ("opens-lower-place", "a place whose name opens a longer place name of a lower level with only that "
                          "level's suffix after it (桃园街道 of 桃园街道社区) is the stem of that name",
     _opens_lower_place),
    ("own-place-short-name", "a well-known city's short name that is the stem of the report's own town or county "
                             "(长河 in a report of 长河镇) names the report's own place", _own_place_short_names),
    ("crosses-official-name", "a suffix finder's place that runs across an end of an official name of the codes "
                              "(州市东乡 across 东乡区) is a fragment", _official_boundaries),
    *law.FILTERS,
)

_RULES = {
    **{name: meaning for name, meaning, _ in FILTERS},
    "place-leads-honour-title": "a place that opens a quoted honour title stays a place (“桐溪县最美医生”)",
    "official-name-starts-later": "a suffix finder's place that holds an official name of the codes and a level "
                                  "word or a preposition glued before it (县城东街道, 在叶县) is that name",
    "official-name-starts-earlier": "a suffix finder's place that is the tail of an official name of the codes "
                                    "(槐树街道 of 大槐树街道) is a fragment of it",
    "kept": "no filter rule drops the candidate",
}


def _without(found: tuple[Found, ...], dropped: list[Found]) -> tuple[Found, ...]:
    """``found`` without the dropped candidates (a candidate dropped as the duplicate of an equal one: its later
    occurrence)."""
    left = Counter(id(f) for f in dropped)
    out = []
    for f in reversed(found):
        if left[id(f)]:
            left[id(f)] -= 1
        else:
            out.append(f)
    return tuple(reversed(out))


@component("mentions", reads=("doc", "sent", "own_place", "tokens", "recognized", "short_names", "places", "known_names",
                              "park_short_forms", "gazetteer", "groundings", "organisations", "events", "programmes",
                              "products", "lists", "projects", "people", "honours"),
           adds=("mentions",), rules=_RULES)
def mentions(ctx: Context) -> dict[str, Any]:
    """The candidates kept: reads every kind of candidate; adds ``mentions`` (those no rule of :data:`FILTERS`
    drops), and a decision for every candidate (``kept`` or the rule that settled it)."""
    items = (f for c in ctx.lists for f in c.items if f.mention.type != "Project")
    found = (*ctx.places, *ctx.known_names, *ctx.park_short_forms, *ctx.organisations, *ctx.events, *ctx.programmes,
             *ctx.products, *items, *ctx.gazetteer, *ctx.projects, *(p.person for p in ctx.people), *ctx.honours,
             *ctx.recognized, *ctx.short_names)
    decisions: list[Decision] = []
    for _, _, rule in FILTERS:
        settled = rule(found, ctx)
        decisions += settled
        found = _without(found, [d.candidate for d in settled if not d.kept])
    by_exception = {id(d.candidate) for d in decisions if d.kept}
    decisions += [Decision(f, True, "kept") for f in found if id(f) not in by_exception]
    return {"mentions": found, "decisions": tuple(decisions)}
