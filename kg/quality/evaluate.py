"""Score an extraction against hand-checked gold annotations (``data/gold/<doc-id>.json``).

These are scored, each with precision, recall and F1:

- **entities**, overall and per type: a predicted entity matches a gold one when its type is the gold type
  (or one of its ``alt_types``) and its name or one of its aliases equals the gold name or one of the gold
  aliases, compared on a normalised key (NFKC, no whitespace, no quotes or brackets); the places above a
  named place that only the division codes bring in (:func:`from_codes_only`) are not scored;
- **conferrals**: recipient, award, the set of conferring bodies and the date must all be right;
- **project facts**: project, predicate and value (decimals compared numerically; names through aliases);
- **observations**: value (numerically), unit and subject; ``observation values`` scores value and unit only;
- **people**: name, role and affiliation;
- **relations**, overall and per kind (where the entity is, the place a body serves, its level and parent body,
  investors, products, programmes …), and **memberships** (elections): :mod:`kg.quality.relations`.

Matching is one-to-one (a maximum bipartite matching, required gold items first): a second prediction of the
same thing is a false positive. Gold items marked ``optional`` are neither required nor counted against a
prediction that hits them. The gold format is documented in ``data/gold/README.md``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..errors import InputError
from ..model import Concept, Entity, Extraction, Value
from ..graph.vocab import CLASSES, CONCEPT_SCHEMES

#: Entity classes that are not scored as entities (they are scored through their own categories or not at all).
NON_ENTITY_CLASSES: tuple[str, ...] = ("Observation", "AwardConferral", "Membership", "PlanItem", "Sentence",
                                       "Document")
PROJECT_PREDICATES: tuple[str, ...] = (
    "progress", "status", "investment", "plannedStart", "expectedCompletion", "phaseOf", "location",
)
CATEGORIES: tuple[str, ...] = ("entities", "conferrals", "project_facts", "observations", "observation_values", "people",
                               "relations", "memberships")

_STRIP = re.compile(r"[\s“”‘’\"'「」『』《》()（）]")


def name_key(name: str) -> str:
    """The key names are compared on: NFKC, whitespace, quotes and brackets removed.

    >>> name_key("华东冷链物流枢纽（一期）") == name_key("华东冷链物流枢纽一期")
    True
    """
    return _STRIP.sub("", unicodedata.normalize("NFKC", name))


# ------------------------------------------------------------------------------------------ scores
@dataclass(frozen=True, slots=True)
class Score:
    """True positives, false positives and false negatives of one category."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass(frozen=True, slots=True)
class EvalError:
    """One miss: ``kind`` is ``missing`` (false negative) or ``spurious`` (false positive)."""

    category: str
    kind: str
    item: str


@dataclass(frozen=True, slots=True)
class EvalReport:
    """The scores of one document."""

    doc_id: str
    scores: tuple[tuple[str, Score], ...]  # (category, score) in CATEGORIES order
    entity_types: tuple[tuple[str, Score], ...]  # (class, score), sorted by class
    errors: tuple[EvalError, ...] = field(default=())
    fact_kinds: tuple[tuple[str, Score], ...] = ()  # project facts per predicate, in PROJECT_PREDICATES order
    relation_kinds: tuple[tuple[str, Score], ...] = ()  # relations per kind (kg.quality.relations.RELATION_KINDS)

    def score(self, category: str) -> Score:
        """The score of one category (see ``CATEGORIES``)."""
        return dict(self.scores)[category]

    def as_dict(self) -> dict:
        return {
            "doc": self.doc_id,
            "scores": {c: s.as_dict() for c, s in self.scores},
            "entity_types": {t: s.as_dict() for t, s in self.entity_types},
            "project_fact_kinds": {k: s.as_dict() for k, s in self.fact_kinds},
            "relation_kinds": {k: s.as_dict() for k, s in self.relation_kinds},
            "errors": [{"category": e.category, "kind": e.kind, "item": e.item} for e in self.errors],
        }


# ------------------------------------------------------------------------------------------ gold
def load_gold(path: str | Path) -> dict:
    """Read and check a gold file.

    :param path: ``data/gold/<doc-id>.json``.
    :returns: the gold annotations as a dict (format in ``data/gold/README.md``).
    :raises InputError: when the file cannot be read or breaks the format (the message names the item).
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise InputError(f"{path}: gold file not found") from e
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: not valid JSON ({e})") from e
    check_gold(data, where=str(path))
    return data


def _need(cond: bool, where: str, msg: str) -> None:
    if not cond:
        raise InputError(f"{where}: {msg}")


def check_gold(gold: object, *, where: str = "gold") -> None:
    """Check the structure of gold annotations: types are ontology classes, every name used is an entity,
    values are decimals, units and statuses are codes of their concept schemes.

    :raises InputError: naming the first item that is wrong.
    """
    _need(isinstance(gold, dict) and isinstance(gold.get("doc"), str), where, 'gold must be an object with a "doc" id')
    assert isinstance(gold, dict)
    names: set[str] = set()
    for i, e in enumerate(gold.get("entities", [])):
        w = f"{where}: entities[{i}]"
        _need(isinstance(e, dict) and isinstance(e.get("name"), str) and e["name"], w, "needs a name")
        _need(e.get("type") in CLASSES and e["type"] not in NON_ENTITY_CLASSES, w,
              f"type {e.get('type')!r} of {e['name']} is not an entity class of the ontology")
        for t in e.get("alt_types", []):
            _need(t in CLASSES, w, f"alt type {t!r} is not an ontology class")
        _need(isinstance(e.get("aliases", []), list), w, "aliases must be a list")
        _need(e["name"] not in names, w, f"{e['name']} is listed twice")
        names.add(e["name"])

    def known(name: str, w: str) -> None:
        _need(name in names, w, f"{name!r} is not the name of a gold entity")

    for i, c in enumerate(gold.get("conferrals", [])):
        w = f"{where}: conferrals[{i}]"
        for n in [c.get("recipient"), c.get("award"), *c.get("conferrers", [])]:
            known(n, w)
        _need(c.get("date") is None or re.fullmatch(r"\d{4}(-\d{2}){0,2}", c["date"]) is not None, w,
              f"date {c.get('date')!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    for i, f in enumerate(gold.get("project_facts", [])):
        w = f"{where}: project_facts[{i}]"
        known(f.get("project"), w)
        pred = f.get("predicate")
        _need(pred in PROJECT_PREDICATES, w, f"predicate {pred!r} is not one of {', '.join(PROJECT_PREDICATES)}")
        for v in [f.get("value"), *f.get("value_alts", [])]:
            if pred in ("phaseOf", "location"):
                known(v, w)
            elif pred == "status":
                _need(v in CONCEPT_SCHEMES["status"], w, f"status {v!r} is not a status code")
            elif pred in ("progress", "investment"):
                _need(_decimal(v) is not None, w, f"{pred} value {v!r} is not a decimal")
            else:
                _need(isinstance(v, str) and re.fullmatch(r"\d{4}(-\d{2}){0,2}", v) is not None, w,
                      f"{pred} value {v!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    for i, o in enumerate(gold.get("observations", [])):
        w = f"{where}: observations[{i}] {o.get('text', '')!r}"
        _need(isinstance(o.get("text"), str) and o["text"], w, "needs the surface text")
        _need(_decimal(o.get("value")) is not None, w, f"value {o.get('value')!r} is not a decimal")
        _need(o.get("unit") in CONCEPT_SCHEMES["unit"], w, f"unit {o.get('unit')!r} is not a unit code")
        _need(o.get("qualifier", "exact") in CONCEPT_SCHEMES["qualifier"], w, f"qualifier {o.get('qualifier')!r} unknown")
        for n in [o.get("subject"), *o.get("subject_alts", [])]:
            known(n, w)
    for i, p in enumerate(gold.get("people", [])):
        w = f"{where}: people[{i}]"
        known(p.get("name"), w)
        for a in [p.get("affiliation", ""), *p.get("affiliation_alts", [])]:
            if a:
                known(a, w)
    from .relations import check_relations

    check_relations(gold, where, known)


# ------------------------------------------------------------------------------------------ matching
def _decimal(v: object) -> Decimal | None:
    try:
        d = Decimal(str(v))
    except (InvalidOperation, ValueError):
        return None
    return d if d.is_finite() else None


def _same_number(a: object, b: object) -> bool:
    x, y = _decimal(a), _decimal(b)
    return x is not None and y is not None and x == y


def _matching(n_pred: int, ok: Callable[[int, int], bool], order: Sequence[int]) -> dict[int, int]:
    """Maximum bipartite matching (augmenting paths) of the gold items in ``order``, tried in that order, to
    predictions.
    Returns gold index → prediction index."""
    cand = {g: [p for p in range(n_pred) if ok(g, p)] for g in order}
    owner: dict[int, int] = {}  # prediction → gold

    def augment(g: int, seen: set[int]) -> bool:
        for p in cand[g]:
            if p in seen:
                continue
            seen.add(p)
            if p not in owner or augment(owner[p], seen):
                owner[p] = g
                return True
        return False

    for g in order:
        augment(g, set())
    return {g: p for p, g in owner.items()}


def _score(gold: Sequence[dict], preds: Sequence, ok: Callable[[int, int], bool], category: str,
           describe_gold: Callable[[dict], str], describe_pred: Callable[[object], str],
           ) -> tuple[Score, list[EvalError], dict[int, int]]:
    required = [i for i, g in enumerate(gold) if not g.get("optional")]
    optional = [i for i, g in enumerate(gold) if g.get("optional")]
    # Required items first, so that an optional item never takes a prediction a required one needs.
    match = _matching(len(preds), ok, required)
    rest = [p for p in range(len(preds)) if p not in set(match.values())]
    if optional and rest:
        sub = _matching(len(rest), lambda g, q: ok(g, rest[q]), optional)
        match.update({g: rest[q] for g, q in sub.items()})
    used = set(match.values())
    tp = sum(1 for g in required if g in match)
    errors = [EvalError(category, "missing", describe_gold(gold[g])) for g in required if g not in match]
    errors += [EvalError(category, "spurious", describe_pred(preds[p])) for p in range(len(preds)) if p not in used]
    return Score(tp, len(preds) - len(used), len(required) - tp), errors, match


class _Lookup:
    """Name keys of the gold entities and of the predicted entities, for matching names through aliases."""

    def __init__(self, gold: dict, extraction: Extraction) -> None:
        self.gold_keys: dict[str, frozenset[str]] = {
            e["name"]: frozenset(name_key(n) for n in [e["name"], *e.get("aliases", [])]) for e in gold.get("entities", [])
        }
        self.pred: dict[str, Entity] = {e.id: e for e in extraction.entities}

    def gold(self, name: str) -> frozenset[str]:
        return self.gold_keys.get(name, frozenset({name_key(name)}))

    def pred_keys(self, entity_id: str) -> frozenset[str]:
        e = self.pred.get(entity_id)
        if e is None:
            return frozenset({name_key(entity_id.split("/", 1)[-1])})
        return frozenset(name_key(n) for n in [e.name, *e.aliases])

    def name(self, entity_id: str) -> str:
        e = self.pred.get(entity_id)
        return e.name if e else entity_id

    def same(self, entity_id: str, gold_names: Iterable[str]) -> bool:
        keys = self.pred_keys(entity_id)
        return any(keys & self.gold(n) for n in gold_names if n)


def _facts_by_subject(extraction: Extraction) -> dict[str, dict[str, list]]:
    out: dict[str, dict[str, list]] = {}
    for f in extraction.facts:
        out.setdefault(f.subject, {}).setdefault(f.predicate, []).append(f.object)
    return out


def _lexical(obj: object) -> str:
    if isinstance(obj, Value):
        return obj.lexical
    if isinstance(obj, Concept):
        return obj.code
    return str(obj)


# ------------------------------------------------------------------------------------------ categories
def from_codes_only(extraction: Extraction) -> frozenset[str]:
    """Ids of the entities that only the division codes bring in: places above the places a report names,
    that no sentence names and that only facts read from the codes point at (rule ``gazetteer-*``).  They are
    in the graph but are no claim about what the text names, so they are not scored as entities."""
    from_text: set[str] = set()
    for f in extraction.facts:
        if not f.provenance or any(not p.rule.startswith("gazetteer-") for p in f.provenance):
            from_text.add(f.subject)
            if isinstance(f.object, str):
                from_text.add(f.object)
    return frozenset(e.id for e in extraction.entities if not e.provenance and e.id not in from_text
                     and any(f.subject == e.id or f.object == e.id for f in extraction.facts))


def _entities(gold: dict, extraction: Extraction) -> tuple[Score, dict[str, Score], list[EvalError]]:
    gents = gold.get("entities", [])
    unnamed = from_codes_only(extraction)
    preds = [e for e in extraction.entities if e.type not in NON_ENTITY_CLASSES and e.id not in unnamed]
    gkeys = [frozenset(name_key(n) for n in [g["name"], *g.get("aliases", [])]) for g in gents]
    pkeys = [frozenset(name_key(n) for n in [p.name, *p.aliases]) for p in preds]

    def ok(g: int, p: int) -> bool:
        return preds[p].type in (gents[g]["type"], *gents[g].get("alt_types", ())) and bool(gkeys[g] & pkeys[p])

    score, errors, match = _score(gents, preds, ok, "entities", lambda g: f"{g['type']} {g['name']}",
                                  lambda p: f"{p.type} {p.name}")
    per_type: dict[str, Score] = {}
    used = set(match.values())
    for i, g in enumerate(gents):
        if g.get("optional"):
            continue
        hit = i in match
        per_type[g["type"]] = per_type.get(g["type"], Score()) + Score(tp=int(hit), fn=int(not hit))
    for j, p in enumerate(preds):
        if j not in used:
            per_type[p.type] = per_type.get(p.type, Score()) + Score(fp=1)
    return score, per_type, errors


def _conferrals(gold: dict, extraction: Extraction, look: _Lookup) -> tuple[Score, list[EvalError]]:
    facts = _facts_by_subject(extraction)
    preds = []
    for e in extraction.entities:
        if e.type != "AwardConferral":
            continue
        fs = facts.get(e.id, {})
        date = fs.get("conferredOn", [None])[0]
        preds.append({"recipient": [o for o in fs.get("recipient", []) if isinstance(o, str)],
                      "award": [o for o in fs.get("award", []) if isinstance(o, str)],
                      "conferrers": [o for o in fs.get("conferredBy", []) if isinstance(o, str)],
                      "date": _lexical(date) if date is not None else None})
    gold_c = gold.get("conferrals", [])

    def same_set(pred_ids: list[str], gold_names: list[str]) -> bool:
        if len(pred_ids) != len(gold_names):
            return False
        m = _matching(len(pred_ids), lambda g, p: look.same(pred_ids[p], [gold_names[g]]),
                      range(len(gold_names)))
        return len(m) == len(gold_names)

    def ok(g: int, p: int) -> bool:
        gc, pc = gold_c[g], preds[p]
        return (len(pc["recipient"]) == 1 and look.same(pc["recipient"][0], [gc["recipient"]])
                and len(pc["award"]) == 1 and look.same(pc["award"][0], [gc["award"]])
                and same_set(pc["conferrers"], gc.get("conferrers", []))
                and (pc["date"] or None) == gc.get("date"))

    def describe_pred(pc: dict) -> str:
        return (f"{'/'.join(look.name(i) for i in pc['recipient'])} ← {'/'.join(look.name(i) for i in pc['award'])}"
                f" by [{', '.join(look.name(i) for i in pc['conferrers'])}] on {pc['date']}")

    score, errors, _ = _score(gold_c, preds, ok, "conferrals",
                              lambda g: f"{g['recipient']} ← {g['award']} by [{', '.join(g.get('conferrers', []))}] on {g.get('date')}",
                              describe_pred)
    return score, errors


def _project_facts(gold: dict, extraction: Extraction, look: _Lookup
                   ) -> tuple[Score, list[EvalError], dict[str, Score]]:
    projects = {e.id for e in extraction.entities if e.type == "Project"}
    preds = [f for f in extraction.facts if f.subject in projects and f.predicate in PROJECT_PREDICATES]
    gold_f = gold.get("project_facts", [])

    def value_ok(g: dict, obj: object) -> bool:
        values = [g["value"], *g.get("value_alts", [])]
        if g["predicate"] in ("phaseOf", "location"):
            return isinstance(obj, str) and look.same(obj, values)
        if g["predicate"] in ("progress", "investment"):
            return any(_same_number(_lexical(obj), v) for v in values)
        return _lexical(obj) in values

    def ok(g: int, p: int) -> bool:
        gf, pf = gold_f[g], preds[p]
        return pf.predicate == gf["predicate"] and look.same(pf.subject, [gf["project"]]) and value_ok(gf, pf.object)

    def show(obj: object) -> str:
        return look.name(obj) if isinstance(obj, str) else _lexical(obj)

    score, errors, match = _score(gold_f, preds, ok, "project_facts",
                                  lambda g: f"{g['project']} {g['predicate']} {g['value']}",
                                  lambda f: f"{look.name(f.subject)} {f.predicate} {show(f.object)}")
    per: dict[str, Score] = {}
    used = set(match.values())
    for i, g in enumerate(gold_f):
        if not g.get("optional"):
            hit = i in match
            per[g["predicate"]] = per.get(g["predicate"], Score()) + Score(tp=int(hit), fn=int(not hit))
    for j, f in enumerate(preds):
        if j not in used:
            per[f.predicate] = per.get(f.predicate, Score()) + Score(fp=1)
    return score, errors, per


def _observations(gold: dict, extraction: Extraction, look: _Lookup) -> tuple[Score, Score, list[EvalError]]:
    facts = _facts_by_subject(extraction)
    preds = []
    for e in extraction.entities:
        if e.type != "Observation":
            continue
        fs = facts.get(e.id, {})
        preds.append({"value": _lexical(fs["value"][0]) if fs.get("value") else None,
                      "unit": _lexical(fs["unit"][0]) if fs.get("unit") else None,
                      "subject": [o for o in fs.get("subject", []) if isinstance(o, str)],
                      "text": e.name})
    gold_o = gold.get("observations", [])

    def value_ok(g: int, p: int) -> bool:
        return _same_number(preds[p]["value"], gold_o[g]["value"]) and preds[p]["unit"] == gold_o[g]["unit"]

    def ok(g: int, p: int) -> bool:
        go = gold_o[g]
        return value_ok(g, p) and any(look.same(s, [go["subject"], *go.get("subject_alts", [])]) for s in preds[p]["subject"])

    def describe_pred(po: dict) -> str:
        return f"{po['value']} {po['unit']} of {'/'.join(look.name(s) for s in po['subject']) or '?'} ({po['text']})"

    def describe_gold(go: dict) -> str:
        return f"{go['value']} {go['unit']} of {go['subject']} ({go['text']})"

    score, errors, _ = _score(gold_o, preds, ok, "observations", describe_gold, describe_pred)
    values, value_errors, _ = _score(gold_o, preds, value_ok, "observation_values", describe_gold, describe_pred)
    return score, values, errors + value_errors


def _people(gold: dict, extraction: Extraction, look: _Lookup) -> tuple[Score, list[EvalError]]:
    facts = _facts_by_subject(extraction)
    preds = [e for e in extraction.entities if e.type == "Person"]
    gold_p = gold.get("people", [])

    def ok(g: int, p: int) -> bool:
        gp, pe = gold_p[g], preds[p]
        if not look.same(pe.id, [gp["name"]]):
            return False
        fs = facts.get(pe.id, {})
        roles = {name_key(_lexical(r)) for r in fs.get("role", [])} or {""}
        want_roles = {name_key(r) for r in [gp.get("role", ""), *gp.get("role_alts", [])]}
        affs = [a for a in fs.get("affiliation", []) if isinstance(a, str)]
        want_affs = [a for a in [gp.get("affiliation", ""), *gp.get("affiliation_alts", [])] if a]
        aff_ok = any(look.same(a, want_affs) for a in affs) if want_affs else not affs
        return bool(roles & want_roles) and aff_ok

    def describe_pred(pe: Entity) -> str:
        fs = facts.get(pe.id, {})
        return (f"{pe.name} role={'/'.join(_lexical(r) for r in fs.get('role', [])) or '-'} "
                f"affiliation={'/'.join(look.name(a) for a in fs.get('affiliation', []) if isinstance(a, str)) or '-'}")

    score, errors, _ = _score(gold_p, preds, ok, "people",
                              lambda g: f"{g['name']} role={g.get('role') or '-'} affiliation={g.get('affiliation') or '-'}",
                              describe_pred)
    return score, errors


def evaluate(extraction: Extraction, gold: dict) -> EvalReport:
    """Score one document's extraction against its gold annotations.

    :param extraction: the output of ``kg.extract.extract`` (optionally curated).
    :param gold: gold annotations as returned by :func:`load_gold`.
    :returns: an ``EvalReport`` with a ``Score`` per category, per entity type, and the list of misses.
    :raises InputError: when the gold annotations break the format.
    """
    from .relations import RELATION_KINDS, score_memberships, score_relations

    check_gold(gold)
    look = _Lookup(gold, extraction)
    ent, per_type, e_err = _entities(gold, extraction)
    conf, c_err = _conferrals(gold, extraction, look)
    pf, p_err, per_fact = _project_facts(gold, extraction, look)
    obs, obs_values, o_err = _observations(gold, extraction, look)
    ppl, h_err = _people(gold, extraction, look)
    rel, per_kind, r_err = score_relations(gold, extraction, look)
    mem, m_err = score_memberships(gold, extraction, look)
    scores = {"entities": ent, "conferrals": conf, "project_facts": pf, "observations": obs,
              "observation_values": obs_values, "people": ppl, "relations": rel, "memberships": mem}
    return EvalReport(
        doc_id=str(gold.get("doc", extraction.document.id)),
        scores=tuple((c, scores[c]) for c in CATEGORIES),
        entity_types=tuple(sorted(per_type.items())),
        errors=tuple(e_err + c_err + p_err + o_err + h_err + r_err + m_err),
        fact_kinds=tuple((k, per_fact[k]) for k in PROJECT_PREDICATES if k in per_fact),
        relation_kinds=tuple((k, per_kind[k]) for k in RELATION_KINDS if k in per_kind),
    )
