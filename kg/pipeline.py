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
from typing import TYPE_CHECKING

from .errors import InputError, KGError, QueryError, StepError, ValidationError
from .model import BuildWarning, DocumentMeta, Extraction
from .graph.vocab import DEFAULT_BASE, KG

if TYPE_CHECKING:
    from .build_cache import PartCache

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
    reused: int = 0  # reports unchanged since the last build, taken from its cache instead of extracted
    merged: tuple[tuple[str, int], ...] = ()  # (class, nodes that more than one report states)
    kept_apart: tuple[tuple[str, int, int], ...] = ()  # (class, names several nodes share, those nodes)
    places: tuple[tuple[str, str], ...] = ()  # (document id, where its innermost own place came from, or "none")
    store: tuple[int, int] = (0, 0)  # the store's default graph triples (each once) and indexed names


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
    cached: bool = False  # taken from the build cache, not extracted again
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


def _part_files(tmp: Path, index: int | str) -> tuple[Path, Path, Path, Path]:
    """Where a part's Turtle, N-Quads, JSON-LD and N-Triples (its triples without the graph, for the
    store's default graph) are written."""
    d = tmp / _PARTS
    return d / f"{index}.ttl", d / f"{index}.nq", d / f"{index}.jsonld", d / f"{index}.nt"


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
    from .graph.serialize import jsonld_bytes, nquads_bytes, ntriples_bytes, ox_quads, turtle_bytes, turtle_prefixes

    ext = extract_report(path, place=place)
    doc = ext.document
    g = doc_iri(doc.id, base=base)
    quads = sorted(set(extraction_quads(ext, base=base, en_labels=_labels())), key=quad_key)
    triples = [q[:3] for q in quads]
    paths_used = {str(t)[len(base):].split("/", 1)[0] for tr in triples for t in tr if str(t).startswith(base)}
    terms: dict = {}
    converted = ox_quads(quads, terms)  # once for the three serializations
    ttl, nq, jsonld, nt = _part_files(tmp, index)
    ttl.write_bytes(turtle_bytes(triples, turtle_prefixes(base, paths_used, doc_iri=str(g)),
                                 converted=converted, terms=terms))
    nq.write_bytes(nquads_bytes(converted))
    jsonld.write_bytes(jsonld_bytes(converted))
    nt.write_bytes(ntriples_bytes(converted))
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


def _parts(paths: Sequence[Path], base: str, tmp: Path, jobs: int, cache: _Cache | None = None,
           place: str | None = None) -> Iterator[_Part]:
    """Build every report, yielding the parts in the order of ``paths``.

    A report found in ``cache`` (same text, sidecar, base and extractor) is not extracted again: its
    files are taken from there.  With several processes at most ``4 × jobs`` reports are in flight, so
    finished parts waiting for an earlier, slower report stay few.
    """
    if jobs <= 1 or len(paths) <= 1:
        for i, path in enumerate(paths):
            cached = cache.restore(i, path, tmp) if cache else None
            yield cached if cached is not None else _kept(cache, i, path, _build_part(i, path, base, tmp, place), tmp)
        return
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    pool = None
    try:
        pending: deque = deque()
        todo = iter(enumerate(paths))

        def submit() -> bool:
            nonlocal pool
            nxt = next(todo, None)
            if nxt is None:
                return False
            i, path = nxt
            cached = cache.restore(i, path, tmp) if cache else None
            if cached is not None:
                pending.append(cached)
            else:
                if pool is None:
                    pool = ProcessPoolExecutor(max_workers=jobs)
                pending.append((i, path, pool.submit(_build_part, i, path, base, tmp, place)))
            return True

        while len(pending) < 4 * jobs and submit():
            pass
        while pending:
            item = pending.popleft()
            part = _kept(cache, item[0], item[1], item[2].result(), tmp) if isinstance(item, tuple) else item
            while len(pending) < 4 * jobs and submit():
                pass
            yield part
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _kept(cache: _Cache | None, index: int, path: Path, part: _Part, tmp: Path) -> _Part:
    """Keep a freshly built part in the cache (when it was built) and pass it on."""
    if cache is not None and part.error is None:
        cache.keep(path, part, tmp)
    return part


class _Cache:
    """The build cache (:mod:`kg.build_cache`) seen from a build: report → key → part."""

    def __init__(self, out: Path, base: str, place: str | None = None) -> None:
        from .build_cache import CACHE_NAME, PartCache, extractor_version

        self.parts = PartCache(out / CACHE_NAME)
        self.base = base
        # --place changes what is extracted: a report built under another place is not the same part
        self.version = extractor_version() + (f" place={place}" if place else "")
        self.keys: dict[str, str] = {}  # report path → key, for every report seen
        self.staged: PartCache | None = None  # entries of this build, kept only if it succeeds

    def stage(self, folder: Path) -> None:
        """Keep the parts this build extracts in ``folder`` until :meth:`commit`: a build that fails
        leaves the cache as it was, like every other output."""
        from .build_cache import PartCache

        self.staged = PartCache(folder)

    def commit(self) -> None:
        """Move the entries kept during the build into the cache."""
        if self.staged is None or not self.staged.folder.is_dir():
            return
        self.parts.folder.mkdir(parents=True, exist_ok=True)
        for entry in sorted(self.staged.folder.iterdir()):
            if entry.is_dir() and not entry.name.startswith(".") and not (self.parts.folder / entry.name).exists():
                os.replace(entry, self.parts.folder / entry.name)

    def key(self, path: Path) -> str | None:
        from .build_cache import report_key

        if str(path) not in self.keys:
            try:
                self.keys[str(path)] = report_key(path, base=self.base, version=self.version)
            except OSError:
                return None  # unreadable: the build reports it when it tries to read it
        return self.keys[str(path)]

    def restore(self, index: int, path: Path, tmp: Path) -> _Part | None:
        """The cached part of a report, its files placed in ``tmp`` as the build expects them; None if
        the report is not in the cache."""
        from dataclasses import replace

        from .build_cache import place

        key = self.key(path)
        info = self.parts.get(key) if key else None
        if not isinstance(info, _Part):
            return None
        for src, dst in zip(self.parts.files(key), _part_files(tmp, index)):
            place(src, dst)
        return replace(info, index=index, path=str(path), cached=True)

    def keep(self, path: Path, part: _Part, tmp: Path) -> None:
        key = self.key(path)
        if key:
            (self.staged or self.parts).put(key, part, _part_files(tmp, part.index))

    def prune(self, paths: Sequence[Path]) -> None:
        """Forget every entry the build of ``paths`` did not use."""
        self.parts.prune(self.keys[str(p)] for p in paths if str(p) in self.keys)


# ---------------------------------------------------------------------------------- merging
def _write_ontology(tmp: Path) -> tuple[str, int]:
    from .graph.rdf import ONTOLOGY_GRAPH, ontology_files, ontology_quads, quad_key
    from .graph.serialize import jsonld_bytes, nquads_bytes

    from .graph.serialize import ntriples_bytes

    quads = sorted(set(ontology_quads(ontology_files())), key=quad_key)
    _, nq, jsonld, nt = _part_files(tmp, "ontology")
    nq.write_bytes(nquads_bytes(quads))
    jsonld.write_bytes(jsonld_bytes(quads))
    nt.write_bytes(ntriples_bytes(quads))
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
          keep_going: bool = False, on_report: OnReport | None = None, place: str | None = None,
          incremental: bool = True) -> BuildResult:
    """Build the graph of the given reports (default: every ``data/raw/*.txt``) into ``out_dir``.

    Besides the files, ``out_dir/store`` receives the Oxigraph store every command opens (see
    :mod:`kg.graph.store`), written beside the old one and swapped in at the end like the files.

    :param reports: report files; each may have a ``<name>.meta.json`` sidecar beside it.
    :param out_dir: folder of the outputs; created if missing; its files are replaced only at the end.
    :param base: base IRI of entities, documents and sentences.
    :param jobs: processes used for the reports (1 = in this process; None = :func:`default_jobs`).
        The outputs do not depend on it.
    :param progress: called as ``progress(step, done, total)``.
    :param keep_going: build every report that can be built instead of stopping at the first failure.
    :param on_report: called after each report (in the given order), also for failures with keep_going.
    :param incremental: take a report whose text, sidecar and extractor are unchanged from the cache of
        the last build (``out_dir/.cache``) instead of extracting it again; when nothing changed at all,
        the outputs are left as they are.  False extracts everything again.
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
    cache = _Cache(out, base, place) if incremental else None
    writer = None
    try:
        (tmp / _PARTS).mkdir()
        if cache is not None:
            cache.stage(tmp / ".cache-new")
        onto_graph, onto_quads = _write_ontology(tmp)
        key = _build_key(cache, tmp, paths)
        unchanged = key is not None and _unchanged(out, key)
        if not unchanged:  # the store is loaded while the reports are extracted
            writer = _store_writer(tmp)
            writer.add(*_part_files(tmp, "ontology")[1::2])
        total = len(paths)
        done: list[_Part] = []
        failed: list[tuple[Path, str]] = []
        seen: dict[str, str] = {}
        typed: set[tuple[str, str]] = set()
        tally = Tally()
        for k, part in enumerate(_parts(paths, base, tmp, jobs, cache, place)):
            path = Path(part.path)
            if progress:
                progress(f"{'reuse' if part.cached else 'extract'} {path.name}", k, total)
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
            if writer is not None:
                writer.add(*_part_files(tmp, part.index)[1::2])  # its N-Quads and N-Triples
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
        names = [f"{p.doc_id}.ttl" for p in sorted(done, key=lambda p: p.doc_id)] + ["kg.nq", "kg.jsonld"]
        if unchanged:  # the same reports, extractor and ontology as the last build: its outputs stand
            files = tuple(out / n for n in names + ["build-report.json"])
            report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
            cache.commit()
            cache.prune(paths)
            return _result(out, files, done, failed, report)
        _concat_nquads([_part_files(tmp, i)[1] for _, i in order], tmp / "kg.nq")
        _concat_jsonld([_part_files(tmp, i)[2] for _, i in order], tmp / "kg.jsonld")
        manifest = _finish_store(writer, tmp, progress, quads=sum(p.quads for p in done) + onto_quads,
                                 extra={"build": key, "files": names + ["build-report.json"]} if key else None)
        writer = None
        shutil.rmtree(tmp / _PARTS)
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
            "store": _store_summary(manifest),
        }
        if failed:
            report["failed"] = [{"file": str(p), "error": msg} for p, msg in failed]
        (tmp / "build-report.json").write_bytes(
            (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        names.append("build-report.json")
        _store_into_place(tmp, out)
        files = _move_into_place(tmp, out, names)
        if cache is not None:
            cache.commit()
            cache.prune(paths)
    finally:
        if writer is not None:  # the build stopped before its store was complete
            writer.abort()
        shutil.rmtree(tmp, ignore_errors=True)
    if progress:
        progress("write", 1, 1)
    return _result(out, files, done, failed, report)


def _result(out: Path, files: tuple[Path, ...], done: Sequence[_Part], failed: Sequence[tuple[Path, str]],
            report: dict) -> BuildResult:
    classes = Counter(report["classes"])
    return BuildResult(
        out_dir=out, files=files, documents=tuple(p.doc_id for p in done),
        sentences=sum(p.sentences for p in done), entities=sum(p.entities for p in done),
        facts=sum(p.facts for p in done), quads=report["quads"],
        classes=tuple(sorted(classes.items(), key=lambda kv: (-kv[1], kv[0]))),
        warnings=tuple(w for p in done for w in p.warnings),
        unrepaired=sum(len(p.unrepaired) for p in done),
        characters=sum(p.characters for p in done), failed=tuple(failed), reused=sum(p.cached for p in done),
        merged=tuple(sorted(report["identity"]["merged"].items(), key=lambda kv: (-kv[1], kv[0]))),
        kept_apart=tuple(sorted(((c, v["names"], v["nodes"]) for c, v in report["identity"]["kept_apart"].items()),
                                key=lambda t: (-t[2], t[0]))),
        places=tuple((p.doc_id, _innermost_source(p.document or {})) for p in done),
        store=(int(report.get("store", {}).get("default_graph_triples", 0)),
               int(report.get("store", {}).get("names_indexed", 0))),
    )


def _innermost_source(document: dict) -> str:
    found = document.get("found", {})
    return next((found[c]["from"] for c in ("Town", "District", "City", "Province") if c in found), "none")


# ---------------------------------------------------------------------------------- the store
def _store_writer(tmp: Path):
    """A store for the build in ``tmp/store``, loading each report's pieces as they are handed to it."""
    from .graph.store import STORE_NAME, StoreWriter

    return StoreWriter(tmp / STORE_NAME, lenient=True)  # kg wrote these files itself


def _finish_store(writer, tmp: Path, progress: Progress | None, *, quads: int, extra: dict | None) -> dict:
    """Wait for the store's load to end, then write its name index, counts and manifest (naming ``kg.nq``);
    returns the manifest."""

    def step(what: str) -> None:
        if progress:
            progress(what, 0, 1)

    step("store: loading")
    return writer.finish(nquads=tmp / "kg.nq", quads=quads, extra=extra, progress=step)


def _store_summary(manifest: dict) -> dict:
    """What the build report says of the store: its folder, the triples of its default graph (each once,
    however many reports state it) and the names its index holds."""
    from .graph.store import STORE_NAME

    stats = manifest.get("stats") or {}
    return {"folder": STORE_NAME, "default_graph_triples": sum(int(n) for _, n in stats.get("properties", [])),
            "names_indexed": int((manifest.get("names") or {}).get("rows", 0))}


def _store_into_place(tmp: Path, out: Path) -> None:
    """Swap the new store in for the old one (in one step on Linux: readers see one or the other)."""
    from .graph.store import STORE_NAME, store_dir, swap_in

    out.mkdir(parents=True, exist_ok=True)
    swap_in(tmp / STORE_NAME, store_dir(out))


def _build_key(cache: _Cache | None, tmp: Path, paths: Sequence[Path]) -> str | None:
    """A fingerprint of everything a build writes: the cache keys of its reports in order (text, sidecar,
    base, extractor) and the ontology; None without a cache or when a report cannot be read."""
    if cache is None:
        return None
    import hashlib

    h = hashlib.sha256()
    for path in paths:
        key = cache.key(path)
        if key is None:
            return None
        h.update(f"{key} {path.name}\n".encode())
    h.update(hashlib.sha256(_part_files(tmp, "ontology")[1].read_bytes()).digest())
    return h.hexdigest()


def _unchanged(out: Path, key: str) -> bool:
    """Did the last build of ``out`` write exactly what this one would (same fingerprint, every file it
    wrote still there, no other graph, its store fresh)?"""
    from .graph.store import read_manifest, store_dir, store_status

    manifest = read_manifest(store_dir(out))
    if manifest is None or manifest.get("build") != key or not store_status(out).fresh:
        return False
    names = manifest.get("files") or []
    if not names or not all((out / n).is_file() for n in names):
        return False
    return {p.name for p in out.glob("*.ttl")} == {n for n in names if n.endswith(".ttl")}


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
        f"store: {result.out_dir}/store/ ({result.store[0]} triples in its default graph, each once; "
        f"{result.store[1]} names indexed)",
        f"unchanged since the last build, not extracted again: {result.reused} of {len(result.documents)} report(s)",
        "files: " + ", ".join(p.name for p in result.files),
    ]
    return lines
