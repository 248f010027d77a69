"""What ``kg extract`` shows: an extraction as plain JSON-ready data or as readable lines, each item with
where it was found (sentence id, offsets) and by which rule."""

from __future__ import annotations

from typing import Any

from ..model import Concept, Extraction, Fact, Provenance, Value


def _obj(o: str | Value | Concept) -> Any:
    if isinstance(o, Value):
        return {"value": o.lexical, "datatype": o.datatype}
    if isinstance(o, Concept):
        return {"concept": f"{o.scheme}-{o.code}"}
    return o


def _prov(p: Provenance) -> dict[str, Any]:
    return {"sentence": p.sentence_id, "start": p.start, "end": p.end, "text": p.text, "rule": p.rule}


def extraction_dict(ex: Extraction, *, skipped: tuple[tuple[Provenance, str], ...] = ()) -> dict[str, Any]:
    """An extraction as JSON-ready data: entities, facts, warnings (and the skipped numbers, when given).

    :param ex: the extraction.
    :param skipped: numbers deliberately not read, with their skip rule.
    :returns: a dict with keys ``document``, ``entities``, ``facts``, ``warnings``, ``skipped``.
    """
    return {
        "document": ex.document.id,
        "entities": [{"id": e.id, "type": e.type, "name": e.name, "trad_name": e.trad_name,
                      "aliases": list(e.aliases), "mentions": [_prov(p) for p in e.provenance]}
                     for e in ex.entities],
        "facts": [{"subject": f.subject, "predicate": f.predicate, "object": _obj(f.object),
                   "provenance": [_prov(p) for p in f.provenance]} for f in ex.facts],
        "warnings": [{"code": w.code, "message": w.message} for w in ex.warnings],
        "skipped": [dict(_prov(p), rule=rule) for p, rule in skipped],
    }


def _fmt(o: str | Value | Concept) -> str:
    if isinstance(o, Value):
        return o.lexical
    if isinstance(o, Concept):
        return f"{o.scheme}:{o.code}"
    return o


def summary_lines(ex: Extraction, *, skipped: tuple[tuple[Provenance, str], ...] = ()) -> list[str]:
    """Readable lines: one per named entity (type, name, first mention, rule), then facts grouped by subject,
    warnings and skipped numbers.

    :param ex: the extraction.
    :param skipped: numbers deliberately not read.
    :returns: the lines.
    """
    lines: list[str] = []
    counts: dict[str, int] = {}
    for e in ex.entities:
        counts[e.type] = counts.get(e.type, 0) + 1
    lines.append(f"{ex.document.id}: " + ", ".join(f"{n} {t}" for t, n in sorted(counts.items()))
                 + f"; {len(ex.facts)} facts; {len(ex.warnings)} warnings")
    by_subject: dict[str, list[Fact]] = {}
    for f in ex.facts:
        by_subject.setdefault(f.subject, []).append(f)
    for e in ex.entities:
        p = e.provenance[0] if e.provenance else None
        where = f"{p.sentence_id} [{p.start},{p.end}) {p.rule}" if p else ""
        lines.append(f"{e.type:<18} {e.name}  ({where})")
        for f in by_subject.get(e.id, []):
            lines.append(f"    {f.predicate} → {_fmt(f.object)}")
    for w in ex.warnings:
        lines.append(f"warning {w.code}: {w.message}")
    for p, rule in skipped:
        lines.append(f"skipped {p.text!r} at {p.sentence_id} [{p.start},{p.end}): {rule}")
    return lines
