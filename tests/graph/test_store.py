"""The build's store: written once, opened read-only, each triple once in its default graph, the files read
instead (with one note) when it is missing or stale, swapped in atomically."""

from __future__ import annotations

import os
import subprocess
import sys

import pyoxigraph as ox
import pytest

from kg.errors import InputError
from kg.graph.rdf import to_quads
from kg.graph.serialize import nquads_bytes
from kg.graph.store import (
    StoreFallbackWarning, StoreKind, load, open_build, read_manifest, store_dir, store_status, swap_in, write_store,
)
from tests.conftest import ROOT
from tests.graph_fixture import tiny_extraction

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
DEFAULT_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _write(out, *docs: str):
    out.mkdir(parents=True, exist_ok=True)
    (out / "kg.nq").write_bytes(nquads_bytes(to_quads([tiny_extraction(d) for d in docs])))
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Two documents that state some of the same triples (the same town and person), with their store."""
    out = _write(tmp_path_factory.mktemp("kg"), "tiny-2023", "other-2023")
    write_store(store_dir(out), nquads=out / "kg.nq")
    return out


def _distinct_triples(nq) -> set:
    return {(q.subject, q.predicate, q.object) for q in ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS)}


@pytest.mark.parametrize("kind", list(StoreKind))
def test_both_stores_hold_the_same_quads(built, kind):
    lines = (built / "kg.nq").read_text(encoding="utf-8").splitlines()
    ds = load(built, store=kind)
    assert int(list(ds.query(COUNT))[0][0]) == len(lines)


def test_default_graph_holds_each_triple_once(built):
    expected = _distinct_triples(built / "kg.nq")
    quads = len((built / "kg.nq").read_text(encoding="utf-8").splitlines())
    assert len(expected) < quads  # the two documents do share triples
    store = open_build(built).store
    assert len(list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))) == len(expected)
    ds = load(built)
    assert int(list(ds.query(DEFAULT_COUNT))[0][0]) == len(expected)
    assert len(list(ds.triples((None, None, None)))) == len(expected)


def test_the_fresh_store_is_opened_read_only_without_a_note(built, recwarn):
    status = store_status(built)
    assert status.fresh and status.directory == built / "store"
    opened = open_build(built)
    assert opened.directory == built / "store" and opened.names_file is not None
    assert not [w for w in recwarn if issubclass(w.category, StoreFallbackWarning)]
    with pytest.raises(RuntimeError, match="read-write"):
        opened.store.add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.NamedNode("http://c")))


def test_a_missing_or_stale_store_is_replaced_by_the_files_with_one_note(built, tmp_path):
    out = _write(tmp_path / "kg", "tiny-2023")
    notes: list[str] = []
    missing = open_build(out, notify=notes.append)
    assert missing.directory is None and len(notes) == 1
    assert notes[0] == (f"note: {out / 'store'} is missing; reading {out / 'kg.nq'} into memory instead "
                        "(slower; `kg build` writes a fresh store)")
    write_store(store_dir(out), nquads=out / "kg.nq")
    assert store_status(out).fresh
    _write(out, "tiny-2023", "other-2023")  # kg.nq written again: the store no longer matches it
    assert store_status(out).reason == f"{out / 'store'} is older than {out / 'kg.nq'}"
    with pytest.warns(StoreFallbackWarning, match="is older than"):
        stale = open_build(out)
    assert len(list(stale.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))) == len(
        _distinct_triples(out / "kg.nq"))  # what the files say now, not the old store


def test_cli_says_once_that_it_reads_the_files(tmp_path):
    out = _write(tmp_path / "kg", "tiny-2023")
    done = subprocess.run([sys.executable, "-m", "kg", "query", "people", "--path", str(out), "--format", "csv"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0
    assert done.stdout == "person,role,affiliation\n李韫哲,副镇长,测试镇\n"
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(f"note: {out / 'store'} is missing; ")


@pytest.mark.parametrize("command", [["show", "李韫哲", "--path"], ["stats", "--path"], ["validate", "--path"],
                                     ["viz", "--out", "{tmp}/v.html", "--data"],
                                     ["export", "--out", "{tmp}/n.graphml", "--data"]], ids=lambda c: c[0])
def test_every_reading_command_notes_the_files_once_and_plainly(command, tmp_path):
    out = _write(tmp_path / "kg", "tiny-2023")
    argv = [a.format(tmp=tmp_path) for a in command] + [str(out)]
    done = subprocess.run([sys.executable, "-m", "kg", *argv], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == (1 if command[0] == "validate" else 0), done.stderr  # the tiny graph breaks shapes
    assert "Error" not in done.stderr and "Warning" not in done.stderr
    notes = [line for line in done.stderr.splitlines() if "into memory instead" in line]
    assert notes == [f"note: {out / 'store'} is missing; reading {out / 'kg.nq'} into memory instead "
                     "(slower; `kg build` writes a fresh store)"]  # one line, not a Python warning with its source


def test_manifest_names_what_the_store_was_written_from(built):
    manifest = read_manifest(built / "store")
    st = (built / "kg.nq").stat()
    assert manifest["nquads"] == {"name": "kg.nq", "size": st.st_size, "mtime_ns": st.st_mtime_ns}
    assert manifest["stats"]["documents"] == 2 and manifest["names"]["rows"] > 0


def test_persistent_oxigraph_store_is_reloaded_not_doubled(built, tmp_path):
    db = tmp_path / "db"
    first = load(built, directory=db)
    n = int(list(first.query(COUNT))[0][0])
    first.close()
    second = load(built, directory=db)
    assert int(list(second.query(COUNT))[0][0]) == n


def test_queries_see_every_document(built):
    ds = load(built)
    assert list(ds.query("ASK { ?s a <https://w3id.org/kg-cn/ontology#Village> }"))[0] is True


def test_a_new_store_is_written_into_an_empty_folder_only(built, tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="not empty"):
        write_store(tmp_path / "x", nquads=built / "kg.nq")
    assert (tmp_path / "x" / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_swap_in_exchanges_the_folders(tmp_path):
    old, new = tmp_path / "store", tmp_path / ".store-new"
    old.mkdir()
    (old / "a").write_text("old", encoding="utf-8")
    new.mkdir()
    (new / "a").write_text("new", encoding="utf-8")
    swap_in(new, old)
    assert (old / "a").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]
    fresh = tmp_path / ".other"
    fresh.mkdir()
    swap_in(fresh, tmp_path / "absent")
    assert (tmp_path / "absent").is_dir() and not fresh.exists()


def test_nothing_built(tmp_path):
    with pytest.raises(InputError, match=r"no built graph here; run `kg build` first"):
        load(tmp_path)


def test_malformed_build_file(tmp_path):
    (tmp_path / "kg.nq").write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.warns(StoreFallbackWarning), pytest.raises(InputError, match="cannot parse the built graph"):
        load(tmp_path)


def test_memory_store_cannot_persist(built, tmp_path):
    with pytest.raises(InputError, match="cannot persist"):
        load(built, store=StoreKind.MEMORY, directory=tmp_path / "db")


def test_store_is_not_written_when_opened(built):
    before = {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in (built / "store").iterdir()}
    store = open_build(built).store
    list(store.query("SELECT * WHERE { ?s ?p ?o } LIMIT 5"))
    del store
    after = {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in (built / "store").iterdir()}
    assert after == before
    assert os.access(built / "store", os.R_OK)


def test_two_queries_and_a_server_read_one_store_at_once(seed_build):
    """Real processes: ``kg serve`` holds the seed build's store open while two ``kg query`` processes,
    started together, open it too; all answer the same, and the store is left as it was (the session
    fixture checks every file of the build at the end)."""
    import json
    import select
    import signal
    import urllib.parse
    import urllib.request

    from kg.publish.serve import free_port

    data = seed_build.path
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Village }"
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--data", str(data), "--port", str(port)],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        ready, _, _ = select.select([server.stderr], [], [], 60)
        assert ready and server.stderr.readline().startswith("Serving ")
        clients = [subprocess.Popen([sys.executable, "-m", "kg", "query", query, "--path", str(data), "--format", "csv"],
                                    cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                   for _ in range(2)]
        sparql = "PREFIX kg: <https://w3id.org/kg-cn/ontology#> " + query
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/query?" + urllib.parse.urlencode({"query": sparql}),
                                    timeout=30) as reply:
            served = int(json.loads(reply.read())["results"]["bindings"][0]["n"]["value"])
        outputs = [c.communicate(timeout=120) for c in clients]
        assert [c.returncode for c in clients] == [0, 0]
        assert [out for out, _ in outputs] == [f"n\n{served}\n"] * 2 and served >= 4
        assert [err for _, err in outputs] == ["", ""]  # the store was fresh: no note, no error
        assert server.poll() is None
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
