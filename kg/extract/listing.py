"""What ``kg extract`` shows: an extraction as plain JSON-ready data or as readable lines, each item with
where it was found (sentence id, offsets) and by which rule; and, for ``kg extract --explain``, every candidate
of each sentence with the rule that proposed it and the rule that kept or dropped it."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Concept, Document, Extraction, Fact, Provenance, Sentence, Value
from .findings import Decision, Found


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
                      "aliases": list(e.aliases), "identity": e.identity,
                      "mentions": [_prov(p) for p in e.provenance]}
                     for e in ex.entities],
        "facts": [{"subject": f.subject, "predicate": f.predicate, "object": _obj(f.object),
                   "provenance": [_prov(p) for p in f.provenance]} for f in ex.facts],
        "warnings": [{"code": w.code, "message": w.message} for w in ex.warnings],
        "skipped": [dict(_prov(p), rule=rule) for p, rule in skipped],
    }


def _fmt(o: str | Value | Concept, named: dict[str, str]) -> str:
    if isinstance(o, Value):
        return o.lexical
    if isinstance(o, Concept):
        return f"{o.scheme}:{o.code}"
    return named.get(o, o)


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
    # a place's id may be its division code or carry its parent: name it as Class/name
    named = {e.id: f"{e.type}/{e.name}" for e in ex.entities}
    for e in ex.entities:
        p = e.provenance[0] if e.provenance else None
        where = f"{p.sentence_id} [{p.start},{p.end}) {p.rule}" if p else ""
        lines.append(f"{e.type:<18} {e.name}  ({where})")
        for f in by_subject.get(e.id, []):
            lines.append(f"    {f.predicate} → {_fmt(f.object, named)}")
    for w in ex.warnings:
        lines.append(f"warning {w.code}: {w.message}")
    for p, rule in skipped:
        lines.append(f"skipped {p.text!r} at {p.sentence_id} [{p.start},{p.end}): {rule}")
    return lines


# ------------------------------------------------------------------------------------------ explain
@dataclass(frozen=True, slots=True)
class Explained:
    """One sentence and the decision on every candidate read in it, in reading order, and the division code each
    grounded candidate got (by the position of its decision)."""

    sentence: Sentence
    decisions: tuple[Decision, ...]
    codes: tuple[str, ...] = ()  # one per decision: the code of a kept candidate grounded in the codes, else ""


def _sentence_of(doc: Document, sentence: str) -> Sentence:
    """The sentence named ``s80`` or ``<doc-id>#s80``."""
    sid = sentence if "#" in sentence else f"{doc.id}#{sentence}"
    for s in doc.sentences:
        if s.id == sid:
            return s
    first, last = doc.sentences[0].id.rpartition("#")[2], doc.sentences[-1].id.rpartition("#")[2]
    raise InputError(f"sentence {sentence!r}: {doc.id} has no such sentence; its sentences are {first}–{last} "
                     f"(write s80 or {doc.id}#s80)")


def explain(doc: Document, *, sentence: str | None = None, place: str | None = None) -> tuple[Explained, ...]:
    """Every candidate of every sentence (or of one), with the rule that proposed it and the rule that kept or
    dropped it, and the division code of each place grounded in the codes.

    :param doc: a segmented document.
    :param sentence: only this sentence: ``s80`` or ``<doc-id>#s80``.
    :param place: the report's place chain, overriding its sidecar's (``--place``).
    :returns: one :class:`Explained` per sentence, its decisions ordered by offsets.
    :raises InputError: if the document has no such sentence.
    """
    from . import extract_findings

    only = _sentence_of(doc, sentence) if sentence is not None else None
    findings = extract_findings(doc, place=place)
    code_of = {id(g.candidate): g.code for g in findings.groundings}
    by_sentence: dict[str, list[Decision]] = {}
    for d in findings.decisions:
        by_sentence.setdefault(d.candidate.mention.sentence_id, []).append(d)
    out = []
    for s in doc.sentences:
        if only is None or s.id == only.id:
            ds = sorted(by_sentence.get(s.id, ()), key=lambda d: (d.candidate.mention.start, -d.candidate.mention.end,
                                                                  d.candidate.mention.type, d.candidate.mention.rule,
                                                                  d.step, d.rule))
            out.append(Explained(s, tuple(ds), tuple(code_of.get(id(d.candidate), "") if d.kept else ""
                                                     for d in ds)))
    return tuple(out)


def explain_file(path: str | Path, *, sentence: str | None = None, place: str | None = None
                 ) -> tuple[Document, tuple[Explained, ...]]:
    """Read, normalize and segment a report, then :func:`explain` it.

    :raises InputError: if the file cannot be read or has no such sentence.
    """
    from ..text.segment import load_document

    doc = load_document(path)
    return doc, explain(doc, sentence=sentence, place=place)


def _mention(f: Found) -> dict[str, Any]:
    m = f.mention
    return {"type": m.type, "text": m.text, "name": f.name, "start": m.start, "end": m.end, "proposed_by": m.rule}


def explanation_dict(doc: Document, explained: tuple[Explained, ...]) -> dict[str, Any]:
    """The decisions as JSON-ready data: per sentence, every candidate with its type, text, canonical name, span,
    the rule that proposed it, whether it was kept, the rule and step that decided, the mention that caused
    a drop (or ``null``), and the division code of a kept place grounded in the codes (or ``null``)."""
    return {"document": doc.id, "sentences": [
        {"id": e.sentence.id, "start": e.sentence.start, "end": e.sentence.end, "text": e.sentence.text,
         "candidates": [dict(_mention(d.candidate), kept=d.kept, rule=d.rule, step=d.step,
                             cause=_mention(d.cause) if d.cause is not None else None, code=code or None)
                        for d, code in zip(e.decisions, e.codes or ("",) * len(e.decisions))]}
        for e in explained]}


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _pad(s: str, width: int) -> str:
    return s + " " * max(0, width - _width(s))


def explanation_lines(explained: tuple[Explained, ...]) -> list[str]:
    """Readable lines: each sentence (id, span, text), then one line per candidate: kept or dropped, type, text,
    span, the rule that proposed it, and ``step: rule`` that decided (with the mention that caused a drop, and
    ``· <code>`` after a kept place of the division codes).

    :param explained: what :func:`explain` returns.
    :returns: the lines.
    """
    lines: list[str] = []
    for e in explained:
        s = e.sentence
        lines.append(f"{s.id} [{s.start},{s.end}) {s.text}")
        tw = min(max((_width(d.candidate.mention.text) for d in e.decisions), default=0), 26)
        pw = max((_width(d.candidate.mention.rule) for d in e.decisions), default=0)
        for d, code in zip(e.decisions, e.codes or ("",) * len(e.decisions)):
            m = d.candidate.mention
            why = f"{d.step}: {d.rule}"
            if d.cause is not None:
                c = d.cause.mention
                why += f" ({c.type} {c.text} [{c.start},{c.end}))"
            if code:
                why += f" · {code}"
            lines.append(f"  {'kept' if d.kept else 'dropped':<7}  {m.type:<17} {_pad(m.text, tw)}  "
                         f"{f'[{m.start},{m.end})':<12} {_pad(m.rule, pw)}  {why}")
        if not e.decisions:
            lines.append("  (no candidate)")
    return lines
