"""Build the knowledge graph: every report → read, normalize, segment, extract → RDF → files in ``data/kg/``.

Outputs (all byte-identical when rebuilt from the same input):

- ``<doc-id>.ttl`` — one document's graph in Turtle;
- ``kg.nq`` — the whole dataset (every document's graph and the ontology graph) in N-Quads;
- ``kg.jsonld`` — the same dataset in JSON-LD;
- ``build-report.json`` — counts per class and document, warnings, text that could not be repaired.

Nothing is written until every report went through: the files are first written to a temporary folder
beside the output folder and only then moved into place, one by one, so a build that fails leaves the
previous outputs as they were.
"""

from __future__ import annotations

import sys
import types

import json
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import InputError, KGError, StepError
from .model import BuildWarning, Extraction
from .vocab import DEFAULT_BASE, KG

#: Called as ``progress(step, done, total)``: step is ``"extract <file>"``, ``"rdf"`` or ``"write"``.
Progress = Callable[[str, int, int], None]

_PACKAGE = Path(__file__).resolve().parent
_EN_LABELS = _PACKAGE / "data" / "en-labels.tsv"


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build wrote and what it found."""

    out_dir: Path
    files: tuple[Path, ...]
    documents: tuple[str, ...]
    sentences: int
    entities: int
    facts: int
    quads: int
    classes: tuple[tuple[str, int], ...]  # (class local name, distinct nodes), largest first
    warnings: tuple[BuildWarning, ...]
    unrepaired: int


# ---------------------------------------------------------------------------------- the pipeline
def extract_report(path: str | Path) -> Extraction:
    """Run read → normalize → segment → extract on one report file (with its ``.meta.json`` sidecar).

    This is the one place where the build calls the pipeline stages.

    :raises KGError: from any stage, with the file named in the message.
    """
    from .extract import extract
    from .segment import load_document

    path = Path(path)
    try:
        doc = load_document(path)
        ext = extract(doc)
    except KGError as e:
        msg = str(e)
        raise type(e)(msg if str(path) in msg or path.name in msg else f"{path}: {msg}") from e
    except Exception as e:  # a bug in a stage must still name the report it failed on
        raise StepError(f"{path}: {type(e).__name__}: {e}") from e
    if not isinstance(ext, Extraction):
        raise StepError(f"{path}: extract returned {type(ext).__name__}, not an Extraction")
    return ext


def default_reports(raw_dir: str | Path = "data/raw") -> tuple[Path, ...]:
    """Every ``*.txt`` report in ``raw_dir``, sorted by name.

    :raises InputError: if the folder does not exist or holds no report.
    """
    raw = Path(raw_dir)
    if not raw.is_dir():
        raise InputError(f"{raw}: no such folder; give report files or run from the project folder")
    reports = tuple(sorted(raw.glob("*.txt")))
    if not reports:
        raise InputError(f"{raw}: no *.txt report to build")
    return reports


def en_labels(path: Path = _EN_LABELS) -> dict[str, str]:
    """English labels by canonical Simplified name, from a two-column tab-separated file (``#`` comments)."""
    labels: dict[str, str] = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                zh, _, en = line.partition("\t")
                if zh.strip() and en.strip():
                    labels[zh.strip()] = en.strip()
    return labels


def _extract_all(reports: Sequence[Path], jobs: int, progress: Progress | None) -> list[Extraction]:
    total = len(reports)
    if jobs <= 1 or total <= 1:
        out = []
        for i, path in enumerate(reports):
            if progress:
                progress(f"extract {path.name}", i, total)
            out.append(extract_report(path))
        return out
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(extract_report, p) for p in reports]
        out = []
        for i, (path, fut) in enumerate(zip(reports, futures)):
            if progress:
                progress(f"extract {path.name}", i, total)
            out.append(fut.result())
        return out


# ---------------------------------------------------------------------------------- the report
def _warning_dict(doc_id: str, w: BuildWarning) -> dict:
    d: dict = {"document": doc_id, "code": w.code, "message": w.message}
    if w.provenance is not None:
        d.update(sentence=w.provenance.sentence_id, start=w.provenance.start, end=w.provenance.end,
                 text=w.provenance.text)
    return d


def _class_counts(quads: Sequence, graph: str | None = None) -> Counter:
    from rdflib import RDF

    from .rdf import ONTOLOGY_GRAPH

    prefix = str(KG)
    nodes = {(o, s) for s, p, o, g in quads
             if p == RDF.type and str(o).startswith(prefix) and (graph is None or str(g) == graph)
             and g != ONTOLOGY_GRAPH}
    return Counter(str(o)[len(prefix):] for o, _ in nodes)


def _report(extractions: Sequence[Extraction], quads: Sequence, base: str, files: Mapping[str, int]) -> dict:
    from .iri import doc_iri

    documents, warnings, unrepaired = [], [], []
    for ext in extractions:
        doc = ext.document
        g = str(doc_iri(doc.id, base=base))
        documents.append({
            "id": doc.id, "source": doc.meta.source, "title": doc.meta.title, "encoding": doc.meta.encoding,
            "characters": len(doc.text), "sentences": len(doc.sentences), "entities": len(ext.entities),
            "facts": len(ext.facts), "warnings": len(ext.warnings),
            "repairs": len(doc.normalize_report.repairs),
            "classes": dict(sorted(_class_counts(quads, g).items())),
        })
        warnings.extend(_warning_dict(doc.id, w) for w in ext.warnings)
        unrepaired.extend({"document": doc.id, **asdict(u)} for u in doc.normalize_report.unrepaired)
    return {
        "base": base,
        "documents": documents,
        "classes": dict(sorted(_class_counts(quads).items())),
        "quads": len(quads),
        "files": dict(sorted(files.items())),
        "warnings": warnings,
        "coordination_mismatches": [w for w in warnings if w["code"].startswith("coordination")],
        "unrepaired_spans": unrepaired,
    }


# ---------------------------------------------------------------------------------- writing
def _write_all(out_dir: Path, contents: Mapping[str, bytes]) -> tuple[Path, ...]:
    """Write every file to a temporary folder beside ``out_dir``, then move them into place."""
    parent = out_dir.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-build-", dir=parent))
    try:
        for name, data in contents.items():
            (tmp / name).write_bytes(data)
        out_dir.mkdir(parents=True, exist_ok=True)
        for name in contents:
            os.replace(tmp / name, out_dir / name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    # graphs of reports that are no longer built would contradict kg.nq
    for stale in sorted(out_dir.glob("*.ttl")):
        if stale.name not in contents:
            stale.unlink()
    return tuple(out_dir / name for name in contents)


def build(reports: Sequence[str | Path] | None = None, *, out_dir: str | Path = "data/kg",
          base: str = DEFAULT_BASE, jobs: int = 1, progress: Progress | None = None) -> BuildResult:
    """Build the graph of the given reports (default: every ``data/raw/*.txt``) into ``out_dir``.

    :param reports: report files; each may have a ``<name>.meta.json`` sidecar beside it.
    :param out_dir: folder of the outputs; created if missing; its files are replaced only when all succeeded.
    :param base: base IRI of entities, documents and sentences.
    :param jobs: processes used for extraction (1 = in this process).
    :param progress: called as ``progress(step, done, total)``.
    :returns: what was written and counted.
    :raises InputError: if a report cannot be read (the message names the file) or two reports share an id.
    :raises StepError: if a stage returns something it should not (naming the file).
    """
    from .iri import doc_iri
    from .rdf import ontology_files, to_quads
    from .serialize import jsonld_bytes, nquads_bytes, turtle_bytes, turtle_prefixes

    paths = tuple(Path(r) for r in reports) if reports else default_reports()
    if not base.startswith(("http://", "https://", "urn:")) or not base.endswith(("/", "#")):
        raise InputError(f"base IRI {base!r} must be absolute and end with '/' or '#'")
    out = Path(out_dir)
    extractions = _extract_all(paths, jobs, progress)
    seen: dict[str, Path] = {}
    for path, ext in zip(paths, extractions):
        if ext.document.id in seen:
            raise InputError(f"{path}: document id {ext.document.id!r} is also the id of {seen[ext.document.id]}; "
                             "give one of them another id in its .meta.json")
        seen[ext.document.id] = path

    if progress:
        progress("rdf", 0, 1)
    quads = to_quads(extractions, base=base, en_labels=en_labels(), ontology_files=ontology_files())

    if progress:
        progress("write", 0, 1)
    contents: dict[str, bytes] = {}
    by_graph: dict[str, list] = {}
    for q in quads:  # sorted by graph, so each list keeps the quads' order
        by_graph.setdefault(str(q[3]), []).append(q[:3])
    for ext in sorted(extractions, key=lambda e: e.document.id):
        g = doc_iri(ext.document.id, base=base)
        triples = by_graph.get(str(g), [])
        paths_used = {str(t)[len(base):].split("/", 1)[0] for tr in triples for t in tr if str(t).startswith(base)}
        prefixes = turtle_prefixes(base, paths_used, doc_iri=str(g))
        contents[f"{ext.document.id}.ttl"] = turtle_bytes(triples, prefixes)
    contents["kg.nq"] = nquads_bytes(quads)
    contents["kg.jsonld"] = jsonld_bytes(quads)
    report = _report(extractions, quads, base, {k: len(v) for k, v in contents.items()})
    contents["build-report.json"] = (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    files = _write_all(out, contents)
    if progress:
        progress("write", 1, 1)

    classes = Counter(report["classes"])
    return BuildResult(
        out_dir=out, files=files, documents=tuple(e.document.id for e in extractions),
        sentences=sum(len(e.document.sentences) for e in extractions),
        entities=sum(len(e.entities) for e in extractions), facts=sum(len(e.facts) for e in extractions),
        quads=len(quads), classes=tuple(sorted(classes.items(), key=lambda kv: (-kv[1], kv[0]))),
        warnings=tuple(w for e in extractions for w in e.warnings),
        unrepaired=sum(len(e.document.normalize_report.unrepaired) for e in extractions),
    )


def summary_lines(result: BuildResult) -> list[str]:
    """A short human summary of a build, for the command line."""
    classes = dict(result.classes)
    lines = [
        f"built {len(result.documents)} document(s) into {result.out_dir}/: "
        f"{result.sentences} sentences, {result.entities} entities, {result.facts} facts, {result.quads} quads",
        f"observations: {classes.get('Observation', 0)}, award conferrals: {classes.get('AwardConferral', 0)}, "
        f"plan items: {classes.get('PlanItem', 0)}",
        "entities per class: " + ", ".join(f"{c} {n}" for c, n in result.classes
                                           if c not in ("Document", "Sentence")),
        f"warnings: {len(result.warnings)}" + (
            " (" + ", ".join(f"{c} {n}" for c, n in sorted(Counter(w.code for w in result.warnings).items())) + ")"
            if result.warnings else ""),
        f"unrepaired text spans: {result.unrepaired}",
        "files: " + ", ".join(p.name for p in result.files),
    ]
    return lines


class _CallableModule(types.ModuleType):
    """Lets ``kg.build(...)`` stand for ``kg.build.build(...)``, the documented Python API."""

    def __call__(self, *args, **kwargs):
        return build(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
