"""Build the knowledge graph: every report → read, normalize, segment, extract → RDF → files in ``data/kg/``.

Outputs (all byte-identical when rebuilt from the same input, whatever the number of processes):

- ``<doc-id>.ttl`` — one document's graph in Turtle;
- ``kg.nq`` — the whole dataset (every document's graph and the ontology graph) in N-Quads;
- ``kg.jsonld`` — the same dataset in JSON-LD;
- ``build-report.json`` — counts per class and document, warnings, text that could not be repaired.

How it scales: each report is turned into its graph on its own, in a pool of worker processes
(``jobs``), and a worker writes that graph's Turtle, N-Quads and JSON-LD straight into a temporary
folder beside the output folder; the parent receives only counts and warnings.  So no process holds the
extractions or graphs of more than one report (per worker) at a time.  ``kg.nq`` and ``kg.jsonld`` are
then made by concatenating the per-graph pieces in graph order, streamed from disk.  What does grow with
the corpus in memory is small: one entry per report for ``build-report.json``, the warnings, and the set
of (class, node) pairs needed to count distinct nodes per class across reports.

Failure semantics: by default a build is all-or-nothing — the first report that fails stops the build
with its error (naming the file), nothing is moved into the output folder, and the previous outputs stay
as they were.  With ``keep_going=True`` every report that can be built is built, each failure is passed
to ``on_report`` and listed in ``build-report.json`` under ``failed``, the outputs of the good reports
replace the old ones, and :attr:`BuildResult.failed` names the failures (the command line then exits 1).
Either way the files are first written to the temporary folder and only then moved into place.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import InputError, KGError, QueryError, StepError, ValidationError
from .model import BuildWarning, DocumentMeta, Extraction
from .graph.vocab import DEFAULT_BASE, KG

#: Called as ``progress(step, done, total)``: step is ``"extract <file>"`` (``done`` reports finished
#: before this one) or ``"write"``.
Progress = Callable[[str, int, int], None]

_PACKAGE = Path(__file__).resolve().parent
_EN_LABELS = _PACKAGE / "data" / "en-labels.tsv"
_ERRORS = {cls.__name__: cls for cls in (KGError, InputError, QueryError, StepError, ValidationError)}
_PARTS = ".parts"


@dataclass(frozen=True, slots=True)
class ReportDone:
    """One report went through the pipeline (or failed): what a progress display needs."""

    path: Path
    done: int  # reports finished so far, this one included
    total: int
    characters: int  # characters of normalized text (0 if it failed)
    error: str | None = None  # the message, naming the file, if it failed


#: Called once per report, in the order the reports were given.
OnReport = Callable[[ReportDone], None]


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
    characters: int = 0
    failed: tuple[tuple[Path, str], ...] = ()  # (report, error message) with keep_going
    merged: tuple[tuple[str, int], ...] = ()  # (class, nodes that more than one report states)
    kept_apart: tuple[tuple[str, int, int], ...] = ()  # (class, names several nodes share, those nodes)
    places: tuple[tuple[str, str], ...] = ()  # (document id, where its innermost own place came from, or "none")


# ---------------------------------------------------------------------------------- the pipeline
def extract_report(path: str | Path, *, place: str | None = None) -> Extraction:
    """Run read → normalize → segment → extract on one report file (with its ``.meta.json`` sidecar).

    This is the one place where the build calls the pipeline stages.

    :param place: the report's own place chain, before its sidecar's (``--place``).
    :raises KGError: from any stage, with the file named in the message.
    """
    from .extract import extract
    from .text.segment import load_document

    path = Path(path)
    try:
        doc = load_document(path)
        ext = extract(doc, place=place)
    except KGError as e:
        raise type(e)(_named(path, str(e))) from e
    except Exception as e:  # a bug in a stage must still name the report it failed on
        raise StepError(f"{path}: {type(e).__name__}: {e}") from e
    if not isinstance(ext, Extraction):
        raise StepError(f"{path}: extract returned {type(ext).__name__}, not an Extraction")
    return ext


def _named(path: Path, msg: str) -> str:
    return msg if str(path) in msg or path.name in msg else f"{path}: {msg}"


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
    """English labels by canonical Simplified name, from a word list with the columns ``name`` and ``label``
    (``kg/data/en-labels.tsv`` by default; no file, no labels).

    :raises InputError: for a bad row, naming the file and the line.
    """
    from .extract.lexicon import load
    from .extract.schemas import SCHEMAS

    if not path.is_file():
        return {}
    return {r.name: r.label for r in load(path, SCHEMAS["en-labels.tsv"])}


@functools.lru_cache(maxsize=1)
def _labels() -> dict[str, str]:
    return en_labels()


def default_jobs(reports: int) -> int:
    """Processes a build uses by default: one per CPU, but no more than there are reports."""
    return max(1, min(os.cpu_count() or 1, reports))


# ---------------------------------------------------------------------------------- one report
@dataclass(frozen=True, slots=True)
class _Part:
    """What building one report left in the temporary folder, and its counts (small, picklable)."""

    index: int
    path: str
    error: tuple[str, str] | None = None  # (KGError class name, message)
    doc_id: str = ""
    graph: str = ""
    characters: int = 0
    sentences: int = 0
    entities: int = 0
    facts: int = 0
    quads: int = 0
    document: dict | None = None  # the report's entry in build-report.json
    warnings: tuple[BuildWarning, ...] = ()
    warning_dicts: tuple[dict, ...] = ()
    unrepaired: tuple[dict, ...] = ()
    typed: tuple[tuple[str, str], ...] = ()  # (class local name, node IRI) of the document's graph
    nodes: tuple[tuple[str, str, str, str, str], ...] = ()  # kg.extract.identity.Node of its entities


def found_metadata(meta: DocumentMeta) -> dict:
    """Where a report's title, year and own places came from, for the build report: field → value, source
    (``place-option``, ``sidecar``, ``heading``, ``text``, ``gazetteer``) and division code when grounded.

    >>> from kg.model import Origin
    >>> found_metadata(DocumentMeta(origin=(Origin("Town", "东岭镇", "heading"), Origin("year", "2023", "text"))))
    {'Town': {'value': '东岭镇', 'from': 'heading'}, 'year': {'value': '2023', 'from': 'text'}}
    """
    return {o.field: {"value": o.value, "from": o.source, **({"code": o.code} if o.code else {})}
            for o in meta.origin}


def _warning_dict(doc_id: str, w: BuildWarning) -> dict:
    d: dict = {"document": doc_id, "code": w.code, "message": w.message}
    if w.provenance is not None:
        d.update(sentence=w.provenance.sentence_id, start=w.provenance.start, end=w.provenance.end,
                 text=w.provenance.text)
    return d


def _typed(quads: Sequence) -> tuple[tuple[str, str], ...]:
    """(class local name, node) for every ``rdf:type kg:<Class>`` quad."""
    from rdflib import RDF

    prefix, rdf_type = str(KG), str(RDF.type)
    return tuple(sorted({(str(o)[len(prefix):], str(s)) for s, p, o, _ in quads
                         if str(p) == rdf_type and str(o).startswith(prefix)}))


def _part_files(tmp: Path, index: int | str) -> tuple[Path, Path, Path]:
    d = tmp / _PARTS
    return d / f"{index}.ttl", d / f"{index}.nq", d / f"{index}.jsonld"


def _build_part(index: int, path: Path, base: str, tmp: Path, place: str | None = None) -> _Part:
    """Extract one report, make its graph and write the graph's three serializations into ``tmp``."""
    try:
        return _build_part_unchecked(index, path, base, tmp, place)
    except KGError as e:
        return _Part(index, str(path), error=(type(e).__name__, _named(path, str(e))))
    except Exception as e:  # a bug in a stage must still name the report it failed on
        return _Part(index, str(path), error=("StepError", f"{path}: {type(e).__name__}: {e}"))


def _build_part_unchecked(index: int, path: Path, base: str, tmp: Path, place: str | None) -> _Part:
    from .extract.identity import nodes
    from .graph.iri import doc_iri, node_iri
    from .graph.rdf import extraction_quads, quad_key
    from .graph.serialize import jsonld_bytes, nquads_bytes, ox_quads, turtle_bytes, turtle_prefixes

    ext = extract_report(path, place=place)
    doc = ext.document
    g = doc_iri(doc.id, base=base)
    quads = sorted(set(extraction_quads(ext, base=base, en_labels=_labels())), key=quad_key)
    triples = [q[:3] for q in quads]
    paths_used = {str(t)[len(base):].split("/", 1)[0] for tr in triples for t in tr if str(t).startswith(base)}
    terms: dict = {}
    converted = ox_quads(quads, terms)  # once for the three serializations
    ttl, nq, jsonld = _part_files(tmp, index)
    ttl.write_bytes(turtle_bytes(triples, turtle_prefixes(base, paths_used, doc_iri=str(g)),
                                 converted=converted, terms=terms))
    nq.write_bytes(nquads_bytes(converted))
    jsonld.write_bytes(jsonld_bytes(converted))
    typed = _typed(quads)
    from .quality.connectivity import connectivity

    conn = connectivity(ext)
    document = {
        "id": doc.id, "source": doc.meta.source, "title": doc.meta.title, "encoding": doc.meta.encoding,
        "characters": len(doc.text), "sentences": len(doc.sentences), "entities": len(ext.entities),
        "facts": len(ext.facts), "warnings": len(ext.warnings),
        "repairs": len(doc.normalize_report.repairs),
        "found": found_metadata(doc.meta),
        "classes": dict(sorted(Counter(c for c, _ in typed).items())),
        "unrelated_entities": [f"{e.type}/{e.name}" for e in conn.unrelated],
    }
    return _Part(
        index, str(path), doc_id=doc.id, graph=str(g), characters=len(doc.text),
        sentences=len(doc.sentences), entities=len(ext.entities), facts=len(ext.facts), quads=len(quads),
        document=document, warnings=tuple(ext.warnings),
        warning_dicts=tuple(_warning_dict(doc.id, w) for w in ext.warnings),
        unrepaired=tuple({"document": doc.id, **asdict(u)} for u in doc.normalize_report.unrepaired),
        typed=typed, nodes=nodes(ext, [str(node_iri(e, base=base)) for e in ext.entities]),
    )


def _parts(paths: Sequence[Path], base: str, tmp: Path, jobs: int, place: str | None = None) -> Iterator[_Part]:
    """Build every report, yielding the parts in the order of ``paths``.

    With several processes at most ``4 × jobs`` reports are in flight, so finished parts waiting for an
    earlier, slower report stay few.
    """
    if jobs <= 1 or len(paths) <= 1:
        for i, path in enumerate(paths):
            yield _build_part(i, path, base, tmp, place)
        return
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=jobs)
    try:
        pending: deque = deque()
        todo = iter(enumerate(paths))
        for i, path in todo:
            pending.append(pool.submit(_build_part, i, path, base, tmp, place))
            if len(pending) >= 4 * jobs:
                break
        while pending:
            part = pending.popleft().result()
            nxt = next(todo, None)
            if nxt is not None:
                pending.append(pool.submit(_build_part, nxt[0], nxt[1], base, tmp, place))
            yield part
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# ---------------------------------------------------------------------------------- merging
def _write_ontology(tmp: Path) -> tuple[str, int]:
    from .graph.rdf import ONTOLOGY_GRAPH, ontology_files, ontology_quads, quad_key
    from .graph.serialize import jsonld_bytes, nquads_bytes

    quads = sorted(set(ontology_quads(ontology_files())), key=quad_key)
    _, nq, jsonld = _part_files(tmp, "ontology")
    nq.write_bytes(nquads_bytes(quads))
    jsonld.write_bytes(jsonld_bytes(quads))
    return str(ONTOLOGY_GRAPH), len(quads)


def _concat_nquads(pieces: Sequence[Path], target: Path) -> None:
    with target.open("wb") as out:
        for piece in pieces:
            with piece.open("rb") as f:
                shutil.copyfileobj(f, out, 1 << 20)


def _concat_jsonld(pieces: Sequence[Path], target: Path) -> None:
    """One JSON-LD array of the pieces' graph objects: each piece is ``[{…graph…}]`` plus a newline."""
    with target.open("wb") as out:
        out.write(b"[")
        for k, piece in enumerate(pieces):
            data = piece.read_bytes().rstrip(b"\n")
            if not (data.startswith(b"[") and data.endswith(b"]")):
                raise StepError(f"{piece}: unexpected JSON-LD piece (not one array)")
            if k:
                out.write(b",")
            out.write(data[1:-1])
        out.write(b"]\n")


def build(reports: Sequence[str | Path] | None = None, *, out_dir: str | Path = "data/kg",
          base: str = DEFAULT_BASE, jobs: int | None = 1, progress: Progress | None = None,
          keep_going: bool = False, on_report: OnReport | None = None, place: str | None = None) -> BuildResult:
    """Build the graph of the given reports (default: every ``data/raw/*.txt``) into ``out_dir``.

    :param reports: report files; each may have a ``<name>.meta.json`` sidecar beside it.
    :param out_dir: folder of the outputs; created if missing; its files are replaced only at the end.
    :param base: base IRI of entities, documents and sentences.
    :param jobs: processes used for the reports (1 = in this process; None = :func:`default_jobs`).
        The outputs do not depend on it.
    :param progress: called as ``progress(step, done, total)``.
    :param keep_going: build every report that can be built instead of stopping at the first failure.
    :param on_report: called after each report (in the given order), also for failures with keep_going.
    :param place: every report's own place chain (``河北省保定市涞水县``), before their sidecars'.
    :returns: what was written and counted; with keep_going, ``failed`` lists the reports that failed.
    :raises InputError: if a report cannot be read (the message names the file), two reports share an id,
        or (with keep_going) no report could be built.
    :raises StepError: if a stage returns something it should not (naming the file).
    """
    from .extract.identity import Tally

    paths = tuple(Path(r) for r in reports) if reports else default_reports()
    if place is not None:
        from .extract.ground.scope import check_place

        check_place(place)  # a bad option fails before any work
    if not base.startswith(("http://", "https://", "urn:")) or not base.endswith(("/", "#")):
        raise InputError(f"base IRI {base!r} must be absolute and end with '/' or '#'")
    out = Path(out_dir)
    jobs = default_jobs(len(paths)) if jobs is None else max(1, jobs)
    parent = out.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-build-", dir=parent))
    try:
        (tmp / _PARTS).mkdir()
        onto_graph, onto_quads = _write_ontology(tmp)
        total = len(paths)
        done: list[_Part] = []
        failed: list[tuple[Path, str]] = []
        seen: dict[str, str] = {}
        typed: set[tuple[str, str]] = set()
        tally = Tally()
        for k, part in enumerate(_parts(paths, base, tmp, jobs, place)):
            path = Path(part.path)
            if progress:
                progress(f"extract {path.name}", k, total)
            error = part.error
            if error is None and part.doc_id in seen:
                error = ("InputError", f"{path}: document id {part.doc_id!r} is also the id of "
                                       f"{seen[part.doc_id]}; give one of them another id in its .meta.json")
            if error is not None:
                if not keep_going:
                    raise _ERRORS.get(error[0], KGError)(error[1])
                failed.append((path, error[1]))
                if on_report:
                    on_report(ReportDone(path, k + 1, total, 0, error[1]))
                continue
            seen[part.doc_id] = part.path
            os.replace(_part_files(tmp, part.index)[0], tmp / f"{part.doc_id}.ttl")
            typed.update(part.typed)
            tally.add(part.nodes)
            done.append(part)
            if on_report:
                on_report(ReportDone(path, k + 1, total, part.characters))
        if not done:
            raise InputError(f"none of the {total} report(s) could be built; see the errors above")

        if progress:
            progress("write", 0, 1)
        order = sorted([(p.graph, str(p.index)) for p in done] + [(onto_graph, "ontology")])
        _concat_nquads([_part_files(tmp, i)[1] for _, i in order], tmp / "kg.nq")
        _concat_jsonld([_part_files(tmp, i)[2] for _, i in order], tmp / "kg.jsonld")
        shutil.rmtree(tmp / _PARTS)
        names = [f"{p.doc_id}.ttl" for p in sorted(done, key=lambda p: p.doc_id)] + ["kg.nq", "kg.jsonld"]
        report = {
            "base": base,
            "documents": [p.document for p in done],
            "classes": dict(sorted(Counter(c for c, _ in typed).items())),
            "quads": sum(p.quads for p in done) + onto_quads,
            "files": dict(sorted((n, (tmp / n).stat().st_size) for n in names)),
            "warnings": (warnings := [w for p in done for w in p.warning_dicts]),
            "coordination_mismatches": [w for w in warnings if w["code"].startswith("coordination")],
            "unrepaired_spans": [u for p in done for u in p.unrepaired],
            "identity": tally.report(),
        }
        if failed:
            report["failed"] = [{"file": str(p), "error": msg} for p, msg in failed]
        (tmp / "build-report.json").write_bytes(
            (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        names.append("build-report.json")
        files = _move_into_place(tmp, out, names)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if progress:
        progress("write", 1, 1)

    classes = Counter(report["classes"])
    return BuildResult(
        out_dir=out, files=files, documents=tuple(p.doc_id for p in done),
        sentences=sum(p.sentences for p in done), entities=sum(p.entities for p in done),
        facts=sum(p.facts for p in done), quads=report["quads"],
        classes=tuple(sorted(classes.items(), key=lambda kv: (-kv[1], kv[0]))),
        warnings=tuple(w for p in done for w in p.warnings),
        unrepaired=sum(len(p.unrepaired) for p in done),
        characters=sum(p.characters for p in done), failed=tuple(failed),
        merged=tuple(sorted(report["identity"]["merged"].items(), key=lambda kv: (-kv[1], kv[0]))),
        kept_apart=tuple(sorted(((c, v["names"], v["nodes"]) for c, v in report["identity"]["kept_apart"].items()),
                                key=lambda t: (-t[2], t[0]))),
        places=tuple((p.doc_id, _innermost_source(p.document or {})) for p in done),
    )


def _innermost_source(document: dict) -> str:
    found = document.get("found", {})
    return next((found[c]["from"] for c in ("Town", "District", "City", "Province") if c in found), "none")


def _move_into_place(tmp: Path, out_dir: Path, names: Sequence[str]) -> tuple[Path, ...]:
    """Move the finished files from ``tmp`` into ``out_dir`` and drop graphs of reports no longer built."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in names:
        os.replace(tmp / name, out_dir / name)
    # graphs of reports that are no longer built would contradict kg.nq
    keep = set(names)
    for stale in sorted(out_dir.glob("*.ttl")):
        if stale.name not in keep:
            stale.unlink()
    return tuple(out_dir / name for name in names)


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
        "nodes stated by several reports: " + (", ".join(f"{c} {n}" for c, n in result.merged) or "none"),
        "names kept apart as several nodes: " + (", ".join(f"{c} {k} ({n} nodes)" for c, k, n in result.kept_apart)
                                                  or "none") + " (build-report.json: identity)",
        f"unrepaired text spans: {result.unrepaired}",
        "own place of each report, from: " + (", ".join(
            f"{source} {n}" for source, n in sorted(Counter(s for _, s in result.places).items()))
            or "-"),
        "files: " + ", ".join(p.name for p in result.files),
    ]
    return lines
