"""Scores of the relations between entities, per kind, and of memberships, against the gold's ``relations`` and
``memberships`` (format in ``data/gold/README.md``).

- **relations**: one gold item is a subject, a relation kind (a property of :data:`RELATION_KINDS`) and an object
  (an entity name, or a concept code for ``level``); ``subject_alts`` and ``object_alts`` list other right
  readings.  A predicted fact of that kind matches when its subject and object name the gold ones (through
  aliases).  Project facts (``location`` of a project …) are scored with the project facts, not here.
- **memberships**: member, organization, role, date and the assembly that elected must all be right (the term
  too, when the gold states one).

A document whose gold has no ``relations`` (or ``memberships``) is not scored on them: nothing is counted.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..model import Concept, Extraction, Fact, Value

if TYPE_CHECKING:
    from .evaluate import EvalError, Score, _Lookup

#: The kinds of relation scored here, with the classes their subject may have (``None``: any class).
RELATION_KINDS: dict[str, tuple[str, ...] | None] = {
    "containedIn": None,
    "location": ("Enterprise", "Event", "GovernmentBody", "PublicInstitution", "IndustrialPark", "Person"),
    "areaServed": None,
    "level": ("GovernmentBody",),
    "parentBody": None,
    "investor": None,
    "operator": None,
    "product": None,
    "participatesIn": None,
    "leadBody": None,
    "covers": None,
}
#: Classes whose facts are scored elsewhere or not at all (n-ary nodes).
_NARY = ("Observation", "AwardConferral", "Membership", "PlanItem")
_DATE = re.compile(r"\d{4}(-\d{2}){0,2}")


def check_relations(gold: dict, where: str, known) -> None:
    """Check the ``relations`` and ``memberships`` of gold annotations (``known(name, where)`` checks a name).

    :raises InputError: naming the first item that is wrong.
    """
    from ..errors import InputError
    from ..graph.vocab import CONCEPT_SCHEMES

    def need(cond: bool, w: str, msg: str) -> None:
        if not cond:
            raise InputError(f"{w}: {msg}")

    for i, r in enumerate(gold.get("relations", [])):
        w = f"{where}: relations[{i}]"
        need(isinstance(r, dict) and r.get("predicate") in RELATION_KINDS, w,
             f"predicate {r.get('predicate') if isinstance(r, dict) else r!r} is not one of "
             f"{', '.join(RELATION_KINDS)}")
        for n in [r.get("subject"), *r.get("subject_alts", [])]:
            known(n, w)
        for o in [r.get("object"), *r.get("object_alts", [])]:
            if r["predicate"] == "level":
                need(o in CONCEPT_SCHEMES["level"], w, f"level {o!r} is not a level code")
            else:
                known(o, w)
    for i, m in enumerate(gold.get("memberships", [])):
        w = f"{where}: memberships[{i}]"
        for key in ("member", "organization"):
            known(m.get(key), w)
        if m.get("assembly"):
            known(m["assembly"], w)
        for d in [m.get("date"), *m.get("date_alts", [])]:
            need(d is None or (isinstance(d, str) and _DATE.fullmatch(d) is not None), w,
                 f"date {d!r} is not YYYY, YYYY-MM or YYYY-MM-DD")


def _scored(f: Fact, types: dict[str, str]) -> bool:
    kinds = RELATION_KINDS.get(f.predicate, ())
    if kinds == () or types.get(f.subject, "") in _NARY:
        return False
    return kinds is None or types.get(f.subject, "") in kinds


def score_relations(gold: dict, extraction: Extraction, look: _Lookup
                    ) -> tuple[Score, dict[str, Score], list[EvalError]]:
    """Relations overall and per kind, with the misses (``relations`` category).

    A prediction that names an optional gold entity, and matches no required item, is not counted against.
    """
    from .evaluate import Score, _score, name_key

    if "relations" not in gold:
        return Score(), {}, []
    types = {e.id: e.type for e in extraction.entities}
    optional = [e["name"] for e in gold.get("entities", []) if e.get("optional")]
    gold_r = gold["relations"]
    per: dict[str, Score] = {}
    errors: list = []
    total = Score()
    for kind in RELATION_KINDS:
        g = [r for r in gold_r if r["predicate"] == kind]

        def obj_ok(gr: dict, obj: object) -> bool:
            wanted = [gr["object"], *gr.get("object_alts", [])]
            if isinstance(obj, Concept):
                return obj.code in wanted
            if isinstance(obj, Value):
                return any(name_key(obj.lexical) == name_key(w) for w in wanted)
            return look.same(str(obj), wanted)

        def same(gr: dict, p: Fact) -> bool:
            return look.same(p.subject, [gr["subject"], *gr.get("subject_alts", [])]) and obj_ok(gr, p.object)

        required = [r for r in g if not r.get("optional")]
        preds = [f for f in extraction.facts if f.predicate == kind and _scored(f, types)
                 and not (_names_optional(f, look, optional) and not any(same(r, f) for r in required))]
        if not g and not preds:
            continue

        def ok(i: int, j: int, g=g, preds=preds) -> bool:
            return same(g[i], preds[j])

        def show(p: Fact) -> str:
            obj = p.object
            o = obj.code if isinstance(obj, Concept) else obj.lexical if isinstance(obj, Value) else look.name(obj)
            return f"{look.name(p.subject)} {p.predicate} {o}"

        s, errs, _ = _score(g, preds, ok, "relations", lambda r: f"{r['subject']} {r['predicate']} {r['object']}",
                            show)
        per[kind] = s
        total = total + s
        errors += errs
    return total, per, errors


def _names_optional(f: Fact, look: _Lookup, optional: list[str]) -> bool:
    """The fact's subject or object is an optional gold entity."""
    ends = [f.subject] + ([f.object] if isinstance(f.object, str) else [])
    return any(look.same(e, optional) for e in ends)


def score_memberships(gold: dict, extraction: Extraction, look: _Lookup) -> tuple[Score, list[EvalError]]:
    """Memberships: member, organization, role (or one of ``role_alts``), date (or one of ``date_alts``), the
    assembly, and the term when the gold gives one."""
    from .evaluate import Score, _lexical, _score, name_key

    if "memberships" not in gold:
        return Score(), []
    facts: dict[str, dict[str, list]] = {}
    for f in extraction.facts:
        facts.setdefault(f.subject, {}).setdefault(f.predicate, []).append(f.object)
    preds = [facts.get(e.id, {}) for e in extraction.entities if e.type == "Membership"]
    gold_m = gold["memberships"]

    def one(fs: dict, key: str) -> str:
        vals = fs.get(key, [])
        return _lexical(vals[0]) if vals else ""

    def ok(i: int, j: int) -> bool:
        gm, fs = gold_m[i], preds[j]
        member, org, at = fs.get("member", []), fs.get("organization", []), fs.get("electedAt", [])
        roles = {name_key(r) for r in [gm.get("role", ""), *gm.get("role_alts", [])]}
        dates = [gm.get("date"), *gm.get("date_alts", [])]
        return (len(member) == 1 and look.same(member[0], [gm["member"]])
                and len(org) == 1 and look.same(org[0], [gm["organization"]])
                and name_key(one(fs, "role")) in roles
                and (one(fs, "electedOn") or None) in dates
                and ((not gm.get("assembly") and not at) or (len(at) == 1 and look.same(at[0], [gm["assembly"]])))
                and (not gm.get("term") or name_key(one(fs, "term")) == name_key(gm["term"])))

    def show_pred(fs: dict) -> str:
        return (f"{'/'.join(look.name(m) for m in fs.get('member', []))} → {one(fs, 'role')} of "
                f"{'/'.join(look.name(o) for o in fs.get('organization', []))} {one(fs, 'term')} on "
                f"{one(fs, 'electedOn') or None} at {'/'.join(look.name(a) for a in fs.get('electedAt', []))}")

    def show_gold(gm: dict) -> str:
        return (f"{gm['member']} → {gm.get('role', '')} of {gm['organization']} {gm.get('term', '')} on "
                f"{gm.get('date')} at {gm.get('assembly', '')}")

    score, errors, _ = _score(gold_m, preds, ok, "memberships", show_gold, show_pred)
    return score, errors
