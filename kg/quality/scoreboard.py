"""The scoreboard: run the pipeline on every report that has gold annotations and score it, with and
without curation. This is what ``kg eval`` prints.

Layout of the data directory (default ``data/``): gold in ``gold/<doc-id>.json``; reports in ``raw/`` and
``excerpts/``, each with a ``.meta.json`` sidecar whose ``id`` is the document id; curation in
``curation.json`` (every document) and ``curation/<doc-id>.json`` (one document).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..extract.curation import apply_curation, check_curation, load_curation
from ..errors import InputError, StepError
from .connectivity import Connectivity, connectivity
from .evaluate import CATEGORIES, EvalReport, Score, evaluate, load_gold
from ..model import Extraction

REPORT_DIRS: tuple[str, ...] = ("raw", "excerpts")


@dataclass(frozen=True, slots=True)
class DocumentEval:
    """One document's scores: as extracted, and after curation (``None`` when it has no curation); and how many of
    its entities no relation ties to another (:mod:`kg.quality.connectivity`)."""

    doc_id: str
    source: str
    raw: EvalReport
    curated: EvalReport | None = None
    connectivity: Connectivity | None = None


@dataclass(frozen=True, slots=True)
class CorpusEval:
    documents: tuple[DocumentEval, ...]

    def total(self, *, curated: bool = False) -> dict[str, Score]:
        """Scores summed over the documents (micro average); curated reports where there are any."""
        out = {c: Score() for c in CATEGORIES}
        for d in self.documents:
            rep = d.curated if curated and d.curated is not None else d.raw
            for c, s in rep.scores:
                out[c] = out[c] + s
        return out


def find_reports(data_dir: Path) -> dict[str, Path]:
    """Map document ids to report files, from the ``.meta.json`` sidecars in ``raw/`` and ``excerpts/``
    (a report without a sidecar is known by its file stem)."""
    found: dict[str, Path] = {}
    for sub in REPORT_DIRS:
        folder = data_dir / sub
        if not folder.is_dir():
            continue
        for txt in sorted(folder.glob("*.txt")):
            side = txt.with_name(txt.stem + ".meta.json")
            doc_id = txt.stem
            if side.exists():
                try:
                    doc_id = str(json.loads(side.read_text(encoding="utf-8")).get("id") or txt.stem)
                except (json.JSONDecodeError, UnicodeDecodeError) as e:
                    raise InputError(f"{side}: not valid JSON metadata ({e})") from e
            found.setdefault(doc_id, txt)
    return found


def curation_for(data_dir: Path, doc_id: str) -> dict | None:
    """The curation of one document: ``curation.json`` then ``curation/<doc-id>.json`` combined, or ``None``."""
    parts = [p for p in (data_dir / "curation.json", data_dir / "curation" / f"{doc_id}.json") if p.exists()]
    if not parts:
        return None
    merged: dict = {"aliases": {}, "merge": [], "types": {}, "drop": []}
    for p in parts:
        c = load_curation(p)
        for name, more in c["aliases"].items():
            merged["aliases"][name] = merged["aliases"].get(name, []) + more
        merged["merge"] += c["merge"]
        merged["types"].update(c["types"])
        merged["drop"] += c["drop"]
    return check_curation(merged)


def run_pipeline(path: Path) -> Extraction:
    """Read, normalize, segment and extract one report.

    :raises StepError: when a pipeline stage is not installed.
    """
    try:
        from ..extract import extract
        from ..text.segment import load_document
    except ImportError as e:
        raise StepError(f"extract: the pipeline is incomplete ({e}); kg eval needs kg.text.segment and kg.extract") from e

    return extract(load_document(path))


def evaluate_corpus(data_dir: str | Path = "data", *, doc: str | None = None, curation: bool = True,
                    extractor: Callable[[Path], Extraction] | None = None) -> CorpusEval:
    """Score every report that has gold annotations.

    :param data_dir: the data directory (``gold/``, ``raw/``, ``excerpts/``, ``curation/``).
    :param doc: only this document id.
    :param curation: also score the extraction after applying its curation, where there is one.
    :param extractor: report path → ``Extraction``; the full pipeline by default.
    :returns: a ``CorpusEval`` with one ``DocumentEval`` per document, in id order.
    :raises InputError: no gold, unknown document id, a gold file without its report, bad gold or curation.
    :raises StepError: when the extractor returns something other than an ``Extraction``.
    """
    data_dir = Path(data_dir)
    gold_files = {p.stem: p for p in sorted((data_dir / "gold").glob("*.json"))}
    if not gold_files:
        raise InputError(f"{data_dir / 'gold'}: no gold files (<doc-id>.json); is --data the data directory?")
    if doc is not None:
        if doc not in gold_files:
            raise InputError(f"no gold for document {doc!r}; known: {', '.join(gold_files)}")
        gold_files = {doc: gold_files[doc]}
    reports = find_reports(data_dir)
    extractor = extractor or run_pipeline
    results = []
    for doc_id, gold_path in gold_files.items():
        gold = load_gold(gold_path)
        if doc_id not in reports:
            raise InputError(f"{gold_path}: no report with id {doc_id!r} in {', '.join(str(data_dir / d) for d in REPORT_DIRS)}")
        extraction = extractor(reports[doc_id])
        if not isinstance(extraction, Extraction):
            raise StepError(f"extract: returned {type(extraction).__name__} for {reports[doc_id]}, expected Extraction")
        cur = curation_for(data_dir, doc_id) if curation else None
        results.append(DocumentEval(
            doc_id=doc_id, source=str(reports[doc_id]), raw=evaluate(extraction, gold),
            curated=evaluate(apply_curation(extraction, cur), gold) if cur is not None else None,
            connectivity=connectivity(extraction),
        ))
    return CorpusEval(documents=tuple(results))


# ------------------------------------------------------------------------------------------ views
_LABELS = {"entities": "entities", "conferrals": "conferrals", "project_facts": "project facts",
           "observations": "observations", "observation_values": "observation values", "people": "people",
           "relations": "relations", "memberships": "memberships"}


def _row(label: str, s: Score, cur: Score | None) -> str:
    line = f"  {label:<22}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{s.tp:>6}{s.fp:>5}{s.fn:>5}"
    if cur is not None:
        line += f"   {cur.precision:>7.3f}{cur.recall:>7.3f}{cur.f1:>7.3f}"
    return line


def scoreboard_lines(result: CorpusEval, *, types: bool = True) -> list[str]:
    """The table ``kg eval`` prints: per document and overall, P/R/F1 and counts, curated scores beside."""
    any_cur = any(d.curated is not None for d in result.documents)
    head = f"  {'':<22}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>5}{'fn':>5}"
    if any_cur:
        head += f"   {'cur P':>7}{'cur R':>7}{'cur F1':>7}"
    lines: list[str] = []
    for d in result.documents:
        lines += [f"{d.doc_id}  ({d.source})", head]
        cur = dict(d.curated.scores) if d.curated else None
        for c, s in d.raw.scores:
            lines.append(_row(_LABELS[c], s, cur[c] if cur else None))
            subs = {"entities": "entity_types", "project_facts": "fact_kinds", "relations": "relation_kinds"}
            if c in subs and types:
                cur_t = dict(getattr(d.curated, subs[c])) if d.curated else {}
                for t, ts in getattr(d.raw, subs[c]):
                    lines.append(_row(f"  {t}", ts, cur_t.get(t) if d.curated else None))
        if d.connectivity is not None:
            lines.append(f"  {d.connectivity.line()}")
        lines.append("")
    if len(result.documents) > 1:
        raw, cur_tot = result.total(), result.total(curated=True)
        lines += ["overall (micro average)", head]
        lines += [_row(_LABELS[c], raw[c], cur_tot[c] if any_cur else None) for c in CATEGORIES]
    return lines


def scoreboard_dict(result: CorpusEval) -> dict:
    """A JSON-able view: per document the raw and curated reports (scores, per type, misses), and totals."""
    return {
        "documents": [
            {"doc": d.doc_id, "source": d.source, "raw": d.raw.as_dict(),
             "curated": d.curated.as_dict() if d.curated else None,
             "unrelated_entities": [e.id for e in d.connectivity.unrelated] if d.connectivity else None,
             "entities_named": d.connectivity.entities if d.connectivity else None}
            for d in result.documents
        ],
        "overall": {"raw": {c: s.as_dict() for c, s in result.total().items()},
                    "curated": {c: s.as_dict() for c, s in result.total(curated=True).items()}},
    }
