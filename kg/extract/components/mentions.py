"""The mentions a sentence keeps: every candidate of every kind, in one list, through the filter rules that
settle what two finders say about the same words.  Each rule drops a candidate because of another one (its
``cause``) and says so; the candidates that pass are kept.

To add a rule: write a function ``(candidates, ctx) -> decisions`` and put it in :data:`FILTERS` with its name
and meaning.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from ..admin import classes
from ..dates import is_year_phrase
from ..findings import Decision, Found
from ..framework import Context, component

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
    quoted = [f for f in found if f.mention.type in ("Award", "Programme")
              and f.mention.rule in ("programme-quoted", "honour-quoted")]
    out = []
    for f in found:
        holders = [q for q in quoted if _inside(f, q)] if f not in quoted else []
        leading = [q for q in holders if q.mention.type == "Award" and f.mention.type in classes() and _leads(q, f)]
        if blocking := [q for q in holders if q not in leading]:
            out.append(Decision(f, False, "inside-quoted-name", blocking[0]))
        elif leading:
            out.append(Decision(f, True, "place-leads-honour-title", leading[0]))
    return out


def _facilities(found: tuple[Found, ...], ctx: Context) -> list[Decision]:
    projects = {(f.mention.start, f.mention.end): f for f in found if f.mention.rule.startswith("project-facility")}
    return [Decision(f, False, "facility-is-project", projects[(f.mention.start, f.mention.end)]) for f in found
            if f.mention.type in _ORG_TYPES and (f.mention.start, f.mention.end) in projects]


def _parks_named_by_projects(found: tuple[Found, ...], ctx: Context) -> list[Decision]:
    out = []
    for f in found:
        if f.mention.type != "IndustrialPark":
            continue
        if project := next((g for g in found if g.mention.type == "Project" and g.mention.start == f.mention.start
                            and g.mention.text in (f.mention.text + "项目", f.mention.text + "建设项目")), None):
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


#: The filter rules, in the order they apply: name, meaning, function.
FILTERS: tuple[tuple[str, str, Callable[[tuple[Found, ...], Context], list[Decision]]], ...] = (
    ("duplicate", "the same name of the same type at the same place was proposed already", _duplicates),
    ("inside-quoted-name", "a name inside a quoted programme or honour title is part of it (表现突出的团委 in "
                           "“…”)", _inside_quoted_names),
    ("facility-is-project", "a facility with an investment or a status is the project, not also an organisation "
                            "of the same name", _facilities),
    ("park-is-project-name", "a park's name followed by 项目 is the project's own name (X产业园项目), not a park",
     _parks_named_by_projects),
    ("product-in-firm-name", "a product word inside a firm's or co-operative's name is part of that name "
                             "(白岭高山茶叶种植专业合作社)", _products_in_firms),
)

_RULES = {
    **{name: meaning for name, meaning, _ in FILTERS},
    "place-leads-honour-title": "a place that opens a quoted honour title stays a place (“桐溪县最美医生”)",
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


@component("mentions", reads=("places", "known_names", "park_short_forms", "organisations", "events",
                              "programmes", "products", "lists", "projects", "people", "honours"),
           adds=("mentions",), rules=_RULES)
def mentions(ctx: Context) -> dict[str, Any]:
    """The candidates kept: reads every kind of candidate; adds ``mentions`` (those no rule of :data:`FILTERS`
    drops), and a decision for every candidate (``kept`` or the rule that settled it)."""
    items = (f for c in ctx.lists for f in c.items if f.mention.type != "Project")
    found = (*ctx.places, *ctx.known_names, *ctx.park_short_forms, *ctx.organisations, *ctx.events, *ctx.programmes,
             *ctx.products, *items, *ctx.projects, *(p.person for p in ctx.people), *ctx.honours)
    decisions: list[Decision] = []
    for _, _, rule in FILTERS:
        settled = rule(found, ctx)
        decisions += settled
        found = _without(found, [d.candidate for d in settled if not d.kept])
    by_exception = {id(d.candidate) for d in decisions if d.kept}
    decisions += [Decision(f, True, "kept") for f in found if id(f) not in by_exception]
    return {"mentions": found, "decisions": tuple(decisions)}
