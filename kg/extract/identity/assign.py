"""Give every entity of one document its identity (:mod:`kg.extract.identity.rules`), and split an award whose
title the document uses for honours from different conferrers (张三 被南江市人社局 评为“先进个人”; 李四 被
东岭镇党委 评为“先进个人”: two awards).  Facts keep naming entities by their ids within the document; an
entity split in two gets ids ``<old id>@<identity>``, and each fact about it goes with the conferral its
provenance belongs to."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from ...model import Entity, Extraction, Fact, Provenance, Value
from .rules import award_identity, identity_of, key_of, setting


def _year(value: object) -> int | None:
    if isinstance(value, Value) and value.lexical[:4].isdigit():
        return int(value.lexical[:4])
    return None


def _within(p: Provenance, outer: Provenance) -> bool:
    return p.sentence_id == outer.sentence_id and outer.start <= p.start and p.end <= outer.end


class _Conferrals:
    """The conferrals of a document: which award each names, its conferrers, its year, where it stands."""

    def __init__(self, ext: Extraction, keys: dict[str, str]) -> None:
        doc = ext.document
        periods = {s.id: s.period.year for s in doc.sentences}
        self.award: dict[str, str] = {}
        by: dict[str, list[str]] = {}
        self.year: dict[str, int | None] = {}
        for f in ext.facts:
            if f.predicate == "award" and isinstance(f.object, str):
                self.award[f.subject] = f.object
            elif f.predicate == "conferredBy" and isinstance(f.object, str):
                by.setdefault(f.subject, []).append(keys.get(f.object, f.object))
            elif f.predicate == "conferredOn":
                self.year[f.subject] = _year(f.object)
        self.where: dict[str, tuple[Provenance, ...]] = {}
        for e in ext.entities:
            if e.id in self.award:
                self.where[e.id] = e.provenance
                if self.year.get(e.id) is None:
                    sids = [p.sentence_id for p in e.provenance]
                    self.year[e.id] = next((periods[s] for s in sids if periods.get(s)), None) or doc.meta.year
        self.by = {c: tuple(sorted(set(b))) for c, b in by.items()}

    def of(self, award_id: str) -> list[str]:
        return sorted(c for c, a in self.award.items() if a == award_id)

    def holding(self, p: Provenance, conferrals: Iterable[str]) -> str | None:
        """The conferral whose stretch holds ``p`` (or, failing that, one in the same sentence)."""
        conferrals = list(conferrals)
        inside = [c for c in conferrals if any(_within(p, w) for w in self.where.get(c, ()))]
        if inside:
            return inside[0]
        same = [c for c in conferrals if any(w.sentence_id == p.sentence_id for w in self.where.get(c, ()))]
        return same[0] if same else None


def identify(ext: Extraction) -> Extraction:
    """The extraction with every entity's ``identity`` set, and awards split by conferrer where one document
    gives one title from several.  Running it again changes nothing.

    :param ext: a resolved (and, if wanted, curated) extraction of one document.
    :returns: a new extraction; entities sorted by id, facts in their order (a split fact takes the place of
        the fact it comes from).
    """
    st = setting(ext.document, ((e.type, e.name, e.id) for e in ext.entities))
    identity = {e.id: identity_of(e.type, e.name, st) for e in ext.entities if e.type != "Award"}
    keys = {e.id: key_of(e.type, e.name, identity[e.id]) for e in ext.entities if e.id in identity}
    conferrals = _Conferrals(ext, keys)
    entities: list[Entity] = []
    # a fact about an award that is split: which part each of its provenance items goes with
    parts: dict[str, dict[str, str]] = {}  # award id → conferral id → new award id
    for e in ext.entities:
        if e.type != "Award":
            entities.append(replace(e, identity=identity[e.id]))
            continue
        cids = conferrals.of(e.id)
        by_conferral = {c: award_identity(e.name, conferrals.by.get(c, ()), conferrals.year.get(c), st) for c in cids}
        distinct = sorted(set(by_conferral.values()))
        if len(distinct) <= 1:
            own = distinct[0] if distinct else award_identity(e.name, (), ext.document.meta.year, st)
            entities.append(replace(e, identity=own))
            continue
        ids = {k: f"{e.id}@{k}" for k in distinct}
        parts[e.id] = {c: ids[k] for c, k in by_conferral.items()}
        provs: dict[str, list[Provenance]] = {k: [] for k in distinct}
        for p in e.provenance:
            c = conferrals.holding(p, cids)
            provs[by_conferral[c] if c else distinct[0]].append(p)
        for k in distinct:
            entities.append(replace(e, id=ids[k], identity=k, provenance=tuple(provs[k])))
    facts = _split_facts(ext.facts, parts, conferrals) if parts else ext.facts
    entities.sort(key=lambda e: e.id)
    return replace(ext, entities=tuple(entities), facts=facts)


def _split_facts(facts: tuple[Fact, ...], parts: dict[str, dict[str, str]], conferrals: _Conferrals
                 ) -> tuple[Fact, ...]:
    """Facts rewritten to the parts of split awards: a conferral's ``award`` names its own part; any other
    fact about a split award is divided by its provenance, each item going with the conferral that holds it."""
    out: list[Fact] = []
    index: dict[tuple, int] = {}

    def add(f: Fact) -> None:
        k = (f.subject, f.predicate, f.object)
        if k in index:
            old = out[index[k]]
            out[index[k]] = replace(old, provenance=old.provenance + tuple(
                p for p in f.provenance if p not in old.provenance))
        else:
            index[k] = len(out)
            out.append(f)

    for f in facts:
        if f.predicate == "award" and isinstance(f.object, str) and f.object in parts:
            add(replace(f, object=parts[f.object].get(f.subject, min(parts[f.object].values()))))
            continue
        split = f.subject if f.subject in parts else f.object if isinstance(f.object, str) and f.object in parts else None
        if split is None:
            add(f)
            continue
        groups: dict[str, list[Provenance]] = {}
        for p in f.provenance or (None,):
            c = conferrals.holding(p, parts[split]) if p is not None else None
            groups.setdefault(parts[split][c] if c else min(parts[split].values()), []).extend([p] if p else [])
        for new_id, provs in sorted(groups.items()):
            subject = new_id if f.subject == split else f.subject
            obj = new_id if f.object == split else f.object
            add(Fact(subject, f.predicate, obj, tuple(provs)))
    return tuple(out)
