"""Which node a place is: the identity rule for places, applied when mentions are resolved into entities.

- A place grounded in the division codes is the division: its entity id is ``<Class>/<12-digit code>`` (its IRI
  is built from the code, :func:`kg.graph.iri.entity_iri`), its name the official one (大亚村), and every
  spelling of the reports (大垭村, 大垭) an alias.  Two reports naming it merge on the code.
- A place is grounded by the step ``gazetteer`` (:mod:`kg.extract.ground.candidates`: the division its words
  match), as one of the report's own places (:mod:`kg.extract.ground.scope`), or by its full name
  (``gazetteer-name``): a province or a city anywhere, a county in the report's province, a town, village or
  community in the report's county — where exactly one division has that name.
- A grounded place gets its code (``divisionCode``) and its parent from the code hierarchy, up to the province
  (``containedIn``, rule ``gazetteer-parent``): the places above it that the text does not name become entities
  too.  Between two grounded places, the codes alone say which holds which: a ``containedIn`` the text rules
  read (the document's place holds its villages) is left out, whether the codes confirm it or contradict it
  (a village of another town in a district's report).
- A place not in the codes keeps its name, is marked ``grounded false``, and is told apart from places of the
  same name elsewhere by its parent place: its id is ``<Class>/<name>@<id of its parent>`` (the parent a text
  rule or the report's own places give); with no parent known, ``<Class>/<name>``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from ...model import BuildWarning, Document, Entity, Fact, Provenance, Value
from ..admin import classes
from ..findings import Findings, Found, key, mention_prov
from .divisions import Division, ancestors, children, division
from .gazetteer import Rule, Scope, fold, match
from .lookup import compatible, named_high

__all__ = ["PlaceIdentity", "place_identity", "PARENT_RULE"]

#: The rule of a ``containedIn`` read from the code hierarchy.
PARENT_RULE = "gazetteer-parent"
_OWN_RULE = "gazetteer-own-place"
_NAME_RULE = "gazetteer-name"
_NOT_GROUNDED = "not-in-division-codes"
#: A place outside the codes written right after the name of a village of the codes (石门下洋村: the natural
#: village 下洋 of the village 石门村) lies in that village.
_IN_VILLAGE = "place-after-its-village"
#: Rules of the text that say which place holds another, the surest first.
_CONTAINMENT_RULES = ("place-hierarchy-meta", "place-in-document-place")


@lru_cache(maxsize=1)
def _place_classes() -> tuple[str, ...]:
    from ...graph.vocab import PLACE_CLASSES

    return tuple(c for c in PLACE_CLASSES if c != "Country")


@dataclass(frozen=True, slots=True)
class PlaceIdentity:
    """What the identity rule says about one document's places.

    ``ids``: provisional key → entity id, for every place whose id is not its key; ``names``: entity id →
    ``(class, name)`` of every place whose id is not ``<class>/<name>``; ``entities``: the places above the
    grounded ones that nothing else makes an entity; ``facts``: ``divisionCode``, ``containedIn`` (rule
    ``gazetteer-parent``) and ``grounded``; ``superseded``: ``(subject, object)`` ids of ``containedIn`` facts
    of the text between two grounded places, which the codes decide; ``warnings``.
    """

    ids: Mapping[str, str] = field(default_factory=dict)
    names: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    entities: tuple[Entity, ...] = ()
    facts: tuple[Fact, ...] = ()
    superseded: frozenset[tuple[str, str]] = frozenset()
    warnings: tuple[BuildWarning, ...] = ()


def _by_name(cls: str, name: str, region: str | None, scope: Scope | None) -> Division | None:
    """The one division a full name may be (see the module docstring), or None."""
    if cls in ("Province", "City"):
        found = [d for d in named_high(name) if compatible(cls, d)]
        if len(found) > 1 and region:
            found = [d for d in found if d.code.startswith(region[:2])]
        return found[0] if len(found) == 1 else None
    if cls == "District":
        found = [d for d in named_high(name, within=region[:2]) if compatible(cls, d)] if region else []
        return found[0] if len(found) == 1 else None
    if scope is None:
        return None
    whole = [m for m in match(name, scope=scope) if m.start == 0 and m.end == len(name) and m.rule is Rule.FULL]
    found = [m.division for m in whole if compatible(cls, m.division)]
    return found[0] if len(found) == 1 else None


def place_identity(doc: Document, findings: Findings, short: Mapping[str, str]) -> PlaceIdentity:
    """Apply the identity rule for places to one document's findings.

    :param doc: the document (its ``meta.origin`` holds its own places and their codes).
    :param findings: what extraction found (mentions, facts, groundings).
    :param short: provisional key → key of the entity a short form names (resolution's short forms).
    :returns: the ids, names, extra entities and facts (see :class:`PlaceIdentity`).
    """
    def k(x: str) -> str:
        return short.get(x, x)

    places = set(_place_classes())
    first: dict[str, Found] = {}
    for f in findings.found:
        first.setdefault(k(f.key), f)
    own = [o for o in doc.meta.origin if o.field in classes()]
    own_keys = [key(o.field, o.value) for o in own]
    referenced: dict[str, Provenance] = {}
    for fct in findings.facts:
        for x in (fct.subject, fct.object):
            if isinstance(x, str) and fct.provenance:
                referenced.setdefault(k(x), fct.provenance[0])
    # 1. the division of each place key
    code_of: dict[str, tuple[str, str]] = {}  # key → (code, rule)
    warnings: list[BuildWarning] = []
    for g in findings.groundings:
        gk = k(g.candidate.key)
        if gk in code_of and code_of[gk][0] != g.code:
            warnings.append(BuildWarning("place-several-codes", f"{gk.split('/', 1)[1]} matches divisions "
                                         f"{code_of[gk][0]} and {g.code}; the first is kept",
                                         mention_prov(doc, g.candidate)))
            continue
        code_of.setdefault(gk, (g.code, g.rule))
    for o, ok in zip(own, own_keys):
        if o.code:
            code_of.setdefault(ok, (o.code, _OWN_RULE))
    region = next((o.code for o in own if o.code), None)
    scope = None
    county = next((o.code for o in reversed(own) if o.code and o.field in ("District", "Town")), None)
    if county:
        from .gazetteer import county_of

        scope = Scope((county_of(county).code,))
    candidates = sorted({*first, *(x for x in referenced if x.split("/", 1)[0] in places)})
    for x in candidates:
        cls, name = x.split("/", 1)
        if cls in places and x not in code_of and (d := _by_name(cls, name, region, scope)) is not None:
            code_of[x] = (d.code, _NAME_RULE)
    # 2. ids of grounded places: one per code
    ids: dict[str, str] = {}
    names: dict[str, tuple[str, str]] = {}
    by_code: dict[str, str] = {}
    for x in [*own_keys, *candidates]:
        if x in code_of and x not in ids:
            code = code_of[x][0]
            cls = x.split("/", 1)[0]
            ids[x] = by_code.setdefault(code, f"{cls}/{code}")
            d = division(code)
            names.setdefault(ids[x], (ids[x].split("/", 1)[0], d.usual or d.name))
    # 3. ids of places not grounded: name and parent
    parent_of: dict[str, str] = {}
    facts: list[Fact] = []
    town = next((o.code for o in own if o.field == "Town" and o.code), None)
    for x, f, village in _in_villages(doc, first, code_of, town):
        parent_of[x] = village
        facts.append(Fact(x, "containedIn", village, (_with_rule(mention_prov(doc, f), _IN_VILLAGE),)))
    for rule in _CONTAINMENT_RULES:
        for fct in findings.facts:
            if fct.predicate == "containedIn" and isinstance(fct.object, str) and any(
                    p.rule == rule for p in fct.provenance):
                parent_of.setdefault(k(fct.subject), k(fct.object))
    for inner, outer in zip(own_keys[1:], own_keys[:-1]):
        parent_of.setdefault(inner, outer)

    def final(x: str, seen: tuple[str, ...] = ()) -> str:
        if x in ids or x.split("/", 1)[0] not in places:
            return ids.get(x, x)
        parent = parent_of.get(x)
        if parent is None or parent in seen or parent == x:
            return x
        return f"{x}@{final(parent, (*seen, x))}"

    for x in [*own_keys, *candidates, *parent_of]:
        if x not in ids and x.split("/", 1)[0] in places and (fx := final(x)) != x:
            ids[x] = fx
            names[fx] = tuple(x.split("/", 1))  # type: ignore[assignment]
    # 4. facts: codes, parents up to the province, not grounded
    entities: list[Entity] = []
    evidence: dict[str, Provenance] = {}  # entity id → the provenance its place facts cite
    for x in sorted({*first, *referenced}, key=lambda x: _order(x, first, referenced)):
        fx = ids.get(x, x)
        if x.split("/", 1)[0] in places and fx not in evidence:
            evidence[fx] = mention_prov(doc, first[x]) if x in first else referenced[x]
    coded: set[str] = set()
    linked: set[str] = set()
    for x, (code, rule) in sorted(code_of.items(), key=lambda kv: _order(kv[0], first, referenced)):
        fx = ids.get(x, "")
        prov = evidence.get(fx)
        if prov is None or fx in coded:
            continue  # no entity: an own place that nothing names or points at
        coded.add(fx)
        facts.append(Fact(fx, "divisionCode", Value(code), (_with_rule(prov, rule),)))
        child = fx
        for parent in reversed(ancestors(code)):
            if child in linked:
                break  # the chain above was written already
            if not parent.type:
                continue  # a grouping (市辖区) is no place
            pid = by_code.setdefault(parent.code, f"{parent.type}/{parent.code}")
            names.setdefault(pid, (pid.split("/", 1)[0], parent.usual or parent.name))
            facts.append(Fact(child, "containedIn", pid, (_with_rule(prov, PARENT_RULE),)))
            linked.add(child)
            if pid not in evidence and pid not in coded:
                coded.add(pid)
                cls, name = names[pid]
                entities.append(Entity(pid, cls, name, _traditional(name), aliases=(_pinyin(name),)))
                facts.append(Fact(pid, "divisionCode", Value(parent.code), (_with_rule(prov, PARENT_RULE),)))
            child = pid
    for fx, prov in evidence.items():
        if prov is not None and fx not in by_code.values():
            facts.append(Fact(fx, "grounded", Value("false", "boolean"), (_with_rule(prov, _NOT_GROUNDED),)))
    superseded = set()
    for fct in findings.facts:
        if fct.predicate == "containedIn" and isinstance(fct.object, str):
            s, o = k(fct.subject), k(fct.object)
            if s in code_of and o in code_of:
                superseded.add((ids.get(s, s), ids.get(o, o)))
    return PlaceIdentity(ids, names, tuple(entities), tuple(facts), frozenset(superseded), tuple(warnings))


def _in_villages(doc: Document, first: Mapping[str, Found], code_of: Mapping[str, tuple[str, str]],
                 town: str | None) -> list[tuple[str, Found, str]]:
    """Villages and communities outside the codes written right after a village of the report's own town that
    the report names too (石门下洋村 after 石门村): ``(key, mention, key of the village)``."""
    if town is None:
        return []
    named = {code: x for x, (code, _) in code_of.items() if x in first}
    before: dict[str, str] = {}
    for d in children(town):
        if d.code in named:
            for name in (*d.names, d.short or ""):
                if len(name) >= 2:
                    before[fold(name)] = named[d.code]
    out = []
    for x, f in first.items():
        if x in code_of or x.split("/", 1)[0] not in ("Village", "Community"):
            continue
        start = f.mention.start
        village = next((v for name, v in sorted(before.items(), key=lambda kv: -len(kv[0]))
                        if fold(doc.text[max(0, start - len(name)):start]) == name), None)
        if village is not None and village != x:
            out.append((x, f, village))
    return out


def _order(x: str, first: Mapping[str, Found], referenced: Mapping[str, Provenance]) -> tuple:
    if x in first:
        return (0, first[x].mention.start, x)
    return (1, referenced[x].start if x in referenced else 0, x)


def _with_rule(p: Provenance, rule: str) -> Provenance:
    return Provenance(p.doc_id, p.sentence_id, p.start, p.end, p.text, rule)


def _traditional(name: str) -> str:
    from ..resolve import _s2t

    return _s2t().convert(name)


def _pinyin(name: str) -> str:
    from ..resolve import pinyin_of

    return pinyin_of(name)
