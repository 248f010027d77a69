"""The ``kg`` command line: each command parses its arguments, calls one library function and
formats the result. Data goes to stdout; progress and warnings to stderr; errors are one line
starting ``Error:`` with exit status 1."""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click

from .errors import KGError


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


def handles_errors(fn):
    """Turn ``KGError`` (and a few expected OS errors) into one ``Error:`` line and exit status 1."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except KGError as e:
            _fail(str(e))
        except BrokenPipeError:
            sys.exit(1)
        except OSError as e:
            _fail(f"{e.filename or ''}: {e.strerror}".lstrip(": "))

    return wrapper


class _Group(click.Group):
    ORDER = ("normalize", "segment", "extract", "eval", "build", "validate", "query", "show", "stats", "viz",
             "export", "site", "serve", "push")

    def list_commands(self, ctx):  # the pipeline order in --help
        return sorted(self.commands, key=lambda n: (self.ORDER.index(n) if n in self.ORDER else len(self.ORDER), n))


#: Help is laid out 100 columns wide whatever the terminal, so what the README shows is what every user sees.
HELP_WIDTH = 100


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": HELP_WIDTH,
                                           "terminal_width": HELP_WIDTH})
@click.version_option(package_name="kg")
def main() -> None:
    """Turn Chinese local-government work reports into an RDF knowledge graph.

    \b
    Example:
      kg build                      # every report in data/raw → data/kg/
      kg query honours              # a named query as a table
    """


def _echo_json(obj) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2))


def _live_progress() -> bool:
    """Progress of long work is shown on a terminal only; piped or logged, stderr keeps to notes and errors."""
    return sys.stderr.isatty()


def _note(message: str) -> None:
    """A note on stderr, e.g. that the build's store is missing and the files are read instead."""
    click.echo(message, err=True)


def _store_option(fn):
    # the values of kg.graph.store.StoreKind, spelled out so that `kg --help` does not import rdflib
    return click.option("--store", "store", type=click.Choice(["oxigraph", "memory"]), default="oxigraph",
                        show_default=True, help="Store behind rdflib: Oxigraph (fast) or rdflib's memory store.")(fn)


def _path_option(fn):
    return click.option("--path", "path", type=click.Path(path_type=Path), default=Path("data/kg"),
                        show_default=True, help="Folder of the built graph (kg.nq).")(fn)


# ------------------------------------------------------------------------------------- normalize
@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--report", "show_report", is_flag=True, help="Print the repair report (JSON) instead of the text.")
@handles_errors
def normalize(file: Path, show_report: bool) -> None:
    """Print a report's clean Simplified text: pinyin stripped, garbled runs repaired.

    \b
    Example:
      kg normalize data/raw/yuantan-2023-work-report.txt --report
    """
    from .text.normalize import normalize_file, report_dict

    norm = normalize_file(file)
    if show_report:
        _echo_json(report_dict(norm))
    else:
        click.echo(norm.text, nl=not norm.text.endswith("\n"))


# --------------------------------------------------------------------------------------- segment
@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print sections and sentences as JSON.")
@handles_errors
def segment(file: Path, as_json: bool) -> None:
    """Split a report into sections, items and sentences with stable ids and offsets.

    \b
    Example:
      kg segment data/raw/yuantan-2023-work-report.txt --json
    """
    from .text.segment import document_dict, load_document, summary_lines

    doc = load_document(file)
    if as_json:
        _echo_json(document_dict(doc))
    else:
        for line in summary_lines(doc):
            click.echo(line)


# -------------------------------------------------------------------------------------- validate
@main.command()
@click.argument("graphs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Readable report or JSON.")
@click.option("--inference", type=click.Choice(["none", "rdfs"]), default="none", show_default=True,
              help="Run an RDFS closure over data and ontology before validating.")
@_path_option
@handles_errors
def validate(graphs: tuple[Path, ...], fmt: str, inference: str, path: Path) -> None:
    """Check graphs against the SHACL shapes of the ontology; exit 1 if they do not conform.

    GRAPHS are .ttl, .nt, .nq, .trig or .jsonld files, checked together. Without them, the build in
    --path is checked as one merged graph: its reports in batches, then the things several reports
    name on the merged graph in its store.

    \b
    Example:
      kg validate data/kg/yuantan-2023.ttl
    """
    from .errors import InputError
    from .graph.validate import Inference, validate_build
    from .graph.validate import validate as run_validation

    from .graph.store import open_build, store_status

    if not graphs and inference == "none" and ((path / "kg.nq").is_file() or store_status(path).fresh):
        live = _live_progress()

        def progress(done: int, total: int, what: str) -> None:
            if live:
                click.echo(f"validate: {what}", err=True)

        nquads = path / "kg.nq"
        report = validate_build(open_build(path, notify=_note), progress=progress,
                                nquads=nquads if nquads.is_file() else None)
    else:
        if not graphs:
            graphs = tuple(sorted(path.glob("*.ttl")))
            if not graphs:
                raise InputError(f"no graphs given and none found in {path}/*.ttl; run `kg build` first "
                                 "or name the files to check")
        report = run_validation(graphs, inference=Inference(inference))
    if fmt == "json":
        _echo_json(report.to_dict())
    else:
        click.echo(report.text(), nl=False)
    if not report.conforms:
        sys.exit(1)


# ---- eval
@main.command("eval")
@click.option("--doc", "doc_id", metavar="ID", help="Score only this document (its gold file data/gold/ID.json).")
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON instead of the table.")
@click.option("--curation/--no-curation", default=True, show_default=True,
              help="Also score after applying data/curation.json and data/curation/<doc>.json.")
@click.option("--misses", is_flag=True, help="After the table, list every missing and spurious item (before curation).")
@click.option("--data", "data_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("data"),
              show_default=True, help="Data directory holding gold/, raw/, excerpts/ and curation/.")
@handles_errors
def eval_(doc_id: str | None, as_json: bool, curation: bool, misses: bool, data_dir: Path) -> None:
    """Score extraction against the gold annotations: precision, recall and F1 for entities (overall and per
    type), award conferrals, project facts, observations and people, per document and overall.

    \b
    Example:
      kg eval --doc yuantan-2023 --misses
    """
    from .quality.scoreboard import evaluate_corpus, scoreboard_dict, scoreboard_lines

    result = evaluate_corpus(data_dir, doc=doc_id, curation=curation)
    if as_json:
        _echo_json(scoreboard_dict(result))
        return
    for line in scoreboard_lines(result):
        click.echo(line)
    if misses:
        for d in result.documents:
            for e in d.raw.errors:
                click.echo(f"{d.doc_id}\t{e.category}\t{e.kind}\t{e.item}")


# --------------------------------------------------------------------------------------- extract
def _place_option(fn):
    return click.option("--place", metavar="PLACE", default=None,
                        help="The report's own place, from the province down (河北省保定市涞水县); it comes "
                             "before the sidecar's, the heading's and the text's, and grounds its places in the "
                             "national division codes.")(fn)


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print entities, facts and warnings (or, with --explain, "
              "the decisions) as JSON.")
@click.option("--skipped", "show_skipped", is_flag=True, help="Also list the numbers deliberately not read.")
@click.option("--curation", type=click.Path(path_type=Path), default=None,
              help="Optional curation file (JSON: aliases, merge, types, drop; see data/curation/README.md).")
@click.option("--explain", "show_explain", is_flag=True,
              help="Instead, list every candidate of each sentence: its type, text, span, the rule that proposed "
                   "it and the step and rule that kept or dropped it.")
@click.option("--sentence", "sentence", metavar="ID", default=None,
              help="With --explain: only this sentence (s80, or the full id yuantan-2023#s80).")
@_place_option
@handles_errors
def extract(file: Path, as_json: bool, show_skipped: bool, curation: Path | None, show_explain: bool,
            sentence: str | None, place: str | None) -> None:
    """Show what a report yields: entities, facts and figures, each with its sentence, offsets and rule.

    \b
    Example:
      kg extract data/raw/yuantan-2023-work-report.txt --skipped
      kg extract data/raw/yuantan-2023-work-report.txt --explain --sentence s80
      kg extract report.txt --place 河北省保定市涞水县
    """
    from .errors import InputError

    if show_explain:
        from .extract.listing import explain_file, explanation_dict, explanation_lines

        if curation is not None or show_skipped:
            raise InputError("--explain shows the decisions before curation, skipped numbers included; "
                             "leave out --curation and --skipped")
        doc, explained = explain_file(file, sentence=sentence, place=place)
        if as_json:
            _echo_json(explanation_dict(doc, explained))
        else:
            for line in explanation_lines(explained):
                click.echo(line)
        return
    if sentence is not None:
        raise InputError("--sentence goes with --explain")
    from .extract import extract_file
    from .extract.listing import extraction_dict, summary_lines

    ex, skipped = extract_file(file, curation=curation, place=place)
    if as_json:
        _echo_json(extraction_dict(ex, skipped=skipped if show_skipped else ()))
    else:
        for line in summary_lines(ex, skipped=skipped if show_skipped else ()):
            click.echo(line)


# ---- build, query, show, stats
@main.command()
@click.argument("reports", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("data/kg"), show_default=True,
              help="Folder for the graph files.")
@click.option("--base", default=None, help="Base IRI of entities, documents and sentences.")
@click.option("--jobs", "-j", type=click.IntRange(0, 256), default=0, show_default=True,
              help="Processes for the reports; 0 = one per CPU (at most one per report).")
@click.option("--keep-going", is_flag=True,
              help="Build every report that can be built; report each failure, exit 1 at the end if any failed.")
@click.option("--rebuild", is_flag=True,
              help="Extract every report again, even those unchanged since the last build.")
@click.option("--page/--no-page", default=True, show_default=True,
              help="Remake the network page (<out>/network.html) of the new graph.")
@_place_option
@handles_errors
def build(reports: tuple[Path, ...], out_dir: Path, base: str | None, jobs: int, keep_going: bool,
          rebuild: bool, page: bool, place: str | None) -> None:
    """Build the knowledge graph of reports (default: every data/raw/*.txt) into Turtle, N-Quads, JSON-LD
    and the store (OUT/store) that the other commands open.

    By default files are replaced only when every report went through: a failed build leaves the old
    ones. With --keep-going the good reports are built and written, each failure is one `Error:` line,
    and the exit status is 1 if any report failed. A report whose text, sidecar and extractor are
    unchanged since the last build is not extracted again (--rebuild extracts all). Progress and
    throughput go to stderr. The build report (build-report.json) says for each report where its title,
    year and own places came from.

    \b
    Example:
      kg build data/raw/*.txt --out data/kg --jobs 2 --keep-going
      kg build reports/*.txt --place 河北省保定市涞水县
    """
    import time

    from .pipeline import build as run_build, summary_lines
    from .graph.vocab import DEFAULT_BASE

    started = time.perf_counter()
    shown = [started, 0]  # time of the last progress line, characters so far

    def rates(done: int) -> str:
        took = max(time.perf_counter() - started, 1e-9)
        return f"{done / took:.1f} reports/s, {shown[1] / took:,.0f} chars/s"

    many = [False]  # more than 20 reports: progress every second (on a terminal) instead of a line each
    live = _live_progress()

    def progress(step: str, done: int, total: int) -> None:
        if step.startswith(("extract", "reuse")) and total <= 20:
            click.echo(f"{step} ({done + 1}/{total})", err=True)
        elif step.startswith(("extract", "reuse")):
            many[0] = True
        elif step == "write" and done == 0:
            click.echo("write …", err=True)
        elif step.startswith("store") and many[0] and live:
            click.echo(f"{step} ({time.perf_counter() - started:.0f} s)", err=True)

    def on_report(r) -> None:
        shown[1] += r.characters
        if r.error is not None:
            click.echo(f"Error: {r.error}", err=True)
        now = time.perf_counter()
        if live and r.total > 20 and (now - shown[0] >= 1.0 or r.done == r.total):
            shown[0] = now
            click.echo(f"extract {r.done}/{r.total} ({100 * r.done // r.total}%): {rates(r.done)}", err=True)

    result = run_build(reports or None, out_dir=out_dir, base=base or DEFAULT_BASE, jobs=jobs or None,
                       progress=progress, keep_going=keep_going, on_report=on_report, place=place,
                       incremental=not rebuild)
    took = time.perf_counter() - started
    click.echo(f"built {len(result.documents)} of {len(result.documents) + len(result.failed)} report(s) "
               f"in {took:.1f} s: {len(result.documents) / took:.1f} reports/s, "
               f"{result.characters / took:,.0f} chars/s"
               + (f"; {result.reused} unchanged since the last build, not extracted again" if result.reused else ""),
               err=True)
    for line in summary_lines(result):
        click.echo(line)
    if page:
        _remake_page(result.out_dir)
    if result.failed:
        click.echo(f"failed: {len(result.failed)} report(s): "
                   + ", ".join(str(p) for p, _ in result.failed), err=True)
        sys.exit(1)


def _remake_page(out_dir: Path) -> None:
    """The network page of a new build, so that it never shows an older graph."""
    import time

    from .publish.viz import write_for_build

    started = time.perf_counter()
    page = write_for_build(out_dir)
    if page.path is None:
        click.echo(f"no network page: {page.reason}", err=True)
    else:
        click.echo(f"wrote {page.path} (network page of the new graph, {time.perf_counter() - started:.1f} s)",
                   err=True)


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    from .errors import QueryError

    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param {pair!r}: write it as name=value")
        params[key.strip().lstrip("?$")] = value
    return params


@main.command()
@click.argument("query_text", metavar="SPARQL|NAME", required=False)
@click.option("--file", "-f", "query_file", type=click.Path(path_type=Path), help="Read the query from a file.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query variable (repeatable), e.g. --param place=<park name>.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "turtle"]), default="table",
              show_default=True, help="Output format (turtle for CONSTRUCT/DESCRIBE).")
@click.option("--endpoint", metavar="URL", help="Send the query to a remote SPARQL 1.1 endpoint instead.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60.0, show_default=True,
              help="Seconds to wait for the whole answer of --endpoint.")
@click.option("--allow-service", is_flag=True,
              help="Run federated SERVICE calls of a local query (they reach other hosts over the network).")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and their parameters.")
@_path_option
@_store_option
@handles_errors
def query(query_text: str | None, query_file: Path | None, params: tuple[str, ...], fmt: str,
          endpoint: str | None, timeout: float, allow_service: bool, list_queries: bool, path: Path,
          store: str) -> None:
    """Run a SPARQL query or a named query on the built graph (or a remote endpoint).

    The project prefixes (kg:, kgc:, rdfs:, skos:, prov: …) need no PREFIX lines. The syntax is
    checked by parsers before anything runs; a federated SERVICE runs locally only with
    --allow-service.

    \b
    Example:
      kg query projects-in-place --param place=<park name> --format csv
    """
    from .errors import QueryError
    from .graph.query import named_queries, query as run_query, remote
    from .graph.results import format_result

    if list_queries:
        for q in named_queries().values():
            click.echo(f"{q.name:<22} {q.question}")
            for p in q.params:
                default = f" (default {p.default})" if p.default is not None else ""
                click.echo(f"{'':<22}   --param {p.name}=…{default}  {p.help}")
        return
    if query_file is not None:
        if query_text:
            raise QueryError("give either a query or --file, not both")
        try:
            query_text = query_file.read_text(encoding="utf-8")
        except UnicodeDecodeError as e:
            raise QueryError(f"{query_file}: not UTF-8 text ({e.reason})") from e
    if not query_text or not query_text.strip():
        raise QueryError("give a SPARQL query, --file FILE or a named query (see kg query --list)")
    bound = _parse_params(params)
    if endpoint:
        result = remote(endpoint, query_text, params=bound, timeout=timeout)
    else:
        from .graph.query import prepare, resolve
        from .graph.store import load, open_build

        text, named = resolve(query_text)
        prepare(text, params=bound, named=named, allow_service=allow_service)  # refuse before opening anything
        data = open_build(path, notify=_note) if store == "oxigraph" else load(path, store=store)
        result = run_query(data, query_text, params=bound, allow_service=allow_service, native=True)
    text = format_result(result, fmt)
    click.echo(text, nl=not text.endswith("\n"))
    if endpoint and result.kind == "select" and not result.rows:
        click.echo("note: no rows; if the data was pushed with `kg push`, each document sits in its own named "
                   "graph: start the server with the union of its graphs as default graph (Oxigraph: "
                   "--union-default-graph)", err=True)


@main.command()
@click.argument("name")
@_path_option
@handles_errors
def show(name: str, path: Path) -> None:
    """Show an entity found by Simplified, Traditional or pinyin name, or IRI: labels, facts, sentences.

    \b
    Example:
      kg show "lǐ yùn zhé"
    """
    from .graph.lookup import show as run_show, view_lines
    from .graph.store import open_build

    for line in view_lines(run_show(open_build(path, notify=_note), name)):
        click.echo(line)


@main.command()
@_path_option
@_store_option
@handles_errors
def stats(path: Path, store: str) -> None:
    """Count documents, sentences, nodes per class and triples per property of the built graph.

    \b
    Example:
      kg stats --path data/kg
    """
    from .graph.stats import build_stats, stats as run_stats, stats_lines
    from .graph.store import StoreKind, load, open_build

    if store == "oxigraph":
        counts = build_stats(open_build(path, notify=_note))
    else:
        counts = run_stats(load(path, store=StoreKind(store)))
    for line in stats_lines(counts):
        click.echo(line)


# ------------------------------------------------------------------------------------------- viz
@main.command()
@click.option("--focus", metavar="NAME", help="Centre on this entity (Simplified, Traditional or pinyin name).")
@click.option("--depth", type=click.IntRange(min=0), default=2, show_default=True,
              help="Links to follow from --focus.")
@click.option("--types", metavar="T1,T2", help="Only these classes, e.g. Person,Award,GovernmentBody.")
@click.option("--plumbing", is_flag=True, help="Also draw observations, conferrals, plan items and sentences.")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=Path("data/kg"), show_default=True,
              help="Folder of the built graph.")
@click.option("--out", type=click.Path(path_type=Path), help="HTML file to write [default: <data>/network.html].")
@handles_errors
def viz(focus: str | None, depth: int, types: str | None, plumbing: bool, data_dir: Path, out: Path | None) -> None:
    """Draw the graph as one offline HTML page: search, paths, filters, details with source sentences.

    `kg build` already writes <data>/network.html; use this for other views. With --focus the page
    opens on that entity and its neighbourhood, and double-clicks grow the view.

    \b
    Example:
      kg viz --focus <name> --depth 2 --out honours.html
    """
    from .graph.store import open_build
    from .publish.viz import write as write_page
    from .publish.viz import page_source

    wanted = tuple(t.strip() for t in types.split(",") if t.strip()) if types else None
    target = out or data_dir / "network.html"
    built = open_build(data_dir, notify=_note)
    source = page_source(built, focus=focus, depth=depth, types=wanted, include_plumbing=plumbing)
    written = write_page(source, target, focus=focus, depth=depth, types=wanted, include_plumbing=plumbing)
    click.echo(f"wrote {written}", err=True)


@main.command("export")
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf", "csv-edges"]), default="graphml",
              show_default=True, help="GraphML (Gephi, Cytoscape, networkx), GEXF (Gephi, with the page's layout), "
                                      "or a CSV edge list with a node table beside it.")
@click.option("--out", type=click.Path(path_type=Path),
              help="File to write [default: <data>/network.graphml, .gexf or .csv].")
@click.option("--focus", metavar="NAME", help="Only this entity and what lies within --depth links of it.")
@click.option("--depth", type=click.IntRange(min=0), default=2, show_default=True,
              help="Links to follow from --focus.")
@click.option("--types", metavar="T1,T2", help="Only these classes, e.g. Person,Award,GovernmentBody.")
@click.option("--plumbing", is_flag=True, help="Also export observations, conferrals, plan items and sentences.")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=Path("data/kg"), show_default=True,
              help="Folder of the built graph.")
@handles_errors
def export_(fmt: str, out: Path | None, focus: str | None, depth: int, types: str | None, plumbing: bool,
            data_dir: Path) -> None:
    """Write the entity network for Gephi, Cytoscape, networkx or pandas: labels in every script, class,
    codes, positions, and each link's sentences.

    \b
    Example:
      kg export --format gexf --out network.gexf
    """
    from .graph.store import load
    from .publish.export import ExportFormat, export

    kind = ExportFormat(fmt)
    wanted = tuple(t.strip() for t in types.split(",") if t.strip()) if types else None
    target = out or data_dir / f"network{kind.suffix}"
    written = export(load(path=data_dir, notify=_note), target, fmt=kind, focus=focus, depth=depth, types=wanted,
                     include_plumbing=plumbing)
    click.echo("wrote " + ", ".join(str(p) for p in written), err=True)


# ---- serve
@main.command()
@click.option("--data", type=click.Path(path_type=Path), default=Path("data/kg"), show_default=True,
              help="Directory written by `kg build`: its store is served (its kg.nq when the store is stale).")
@click.option("--location", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Serve this on-disk Oxigraph database as it is, instead of the build's store.")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True,
              help="Port to listen on (0 picks a free one).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--timeout", type=click.FloatRange(min=1), default=30.0, show_default=True,
              help="Seconds a query may take; then it is stopped and the client gets 504.")
@click.option("--limit", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Most results a query may return (a LIMIT is added when missing).")
@click.option("--engines", type=click.IntRange(min=1, max=64), default=None,
              help="Oxigraph processes answering queries, one query each at a time [default: two per CPU, 2–8].")
@click.option("--queue", "waiting", type=click.IntRange(min=0), default=256, show_default=True,
              help="Requests that may wait for a free engine; beyond, the endpoint answers 503.")
@handles_errors
def serve(data: Path, location: Path | None, port: int, host: str, timeout: float, limit: int,
          engines: int | None, waiting: int) -> None:
    """Serve the graph read-only as a SPARQL endpoint with a query page, until Ctrl-C.

    Updates are refused (HTTP 403), federated SERVICE calls are refused (HTTP 400), a query past
    --timeout is stopped (HTTP 504), a query that crashes the SPARQL engine gets HTTP 500 and the
    engine is restarted. Events go to stderr; nothing is loaded from the internet.

    \b
    Example:
      kg serve --port 7878          # then open http://127.0.0.1:7878/
    """
    import logging
    import signal

    from .publish.serve import start

    class OneLine(logging.Formatter):  # events as one line each: never a traceback in the server's log
        def format(self, record: logging.LogRecord) -> str:
            text = record.getMessage()
            if record.exc_info and record.exc_info[1] is not None:
                text += f": {type(record.exc_info[1]).__name__}: {record.exc_info[1]}"
            return " ".join(text.split())

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(OneLine())
    for name, level in (("kg.serve", logging.INFO), ("uvicorn", logging.ERROR)):
        log = logging.getLogger(name)
        log.addHandler(handler)
        log.setLevel(level)
        log.propagate = False
    server = start(data, location=location, host=host, port=port, timeout=timeout, limit=limit,
                   engines=engines, waiting=waiting)

    def _stop(signum, frame):
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGTERM, _stop)
        if host not in ("127.0.0.1", "localhost", "::1"):
            click.echo(f"warning: listening on {host}: other machines can reach this endpoint", err=True)
        if location is not None:
            shown = location
        elif server.workdir is None:  # the build's own store, read in place
            shown = server.location
        else:
            from .graph.store import store_status

            _note(f"note: {store_status(data).reason}; loading {data / 'kg.nq'} into a temporary database instead "
                  "(slower to start; `kg build` writes a fresh store)")
            shown = data / "kg.nq"
        click.echo(f"Serving {shown} read-only at {server.url} (SPARQL endpoint {server.url}query); "
                   "Ctrl-C stops", err=True)
        if server.wait() != 0:
            raise KGError("the endpoint stopped unexpectedly")
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)
    finally:
        server.stop()


# ---- push
@main.command()
@click.option("--endpoint", required=True, help="SPARQL 1.1 Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store.")
@click.option("--graph", default=None, help="Target graph IRI for the document (only when there is one document).")
@click.option("--data", type=click.Path(path_type=Path), default=Path("data/kg"), show_default=True,
              help="Directory written by `kg build` (its kg.nq is pushed).")
@handles_errors
def push(endpoint: str, graph: str | None, data: Path) -> None:
    """Upload each document's named graph, and the ontology graph, to a SPARQL store (HTTP PUT).

    PUT replaces each graph, so pushing twice leaves the same store. Basic authentication is
    used when KG_PUSH_USER and KG_PUSH_PASSWORD are set.

    \b
    Example:
      kg push --endpoint http://127.0.0.1:7878/store
    """
    from .publish.push import push as push_graphs

    def _report(item) -> None:
        click.echo(f"pushed {item.name}: {item.triples:,} triples → <{item.graph}>", err=True)

    done = push_graphs(endpoint, data=data, graph=graph, progress=_report)
    click.echo(f"{len(done)} graphs, {sum(d.triples for d in done):,} triples pushed to {endpoint}", err=True)


# ---- site
@main.command()
@click.option("--data", type=click.Path(path_type=Path), default=Path("data/kg"), show_default=True,
              help="Directory written by `kg build`.")
@click.option("--out", type=click.Path(path_type=Path), default=Path("data/site"), show_default=True,
              help="Site directory (replaced as a whole).")
@handles_errors
def site(data: Path, out: Path) -> None:
    """Write a static website of the graph: search, a page per entity and document, downloads.

    Pages use relative links only and load nothing from elsewhere: open index.html from disk
    or put the directory on any static host.

    \b
    Example:
      kg site --out data/site && python -m http.server -d data/site 8000
    """
    from .publish.site import build_site

    summary = build_site(data, out=out, notify=_note)
    click.echo(f"wrote {summary.out}/index.html: {summary.pages:,} pages ({summary.entities:,} entities, "
               f"{summary.documents:,} documents), {len(summary.downloads)} graph files"
               + ("" if summary.network else "; no network explorer (kg viz not available)"), err=True)
