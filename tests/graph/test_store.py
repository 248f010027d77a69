"""Opening the built graph in the Oxigraph store (memory or disk) or rdflib's memory store."""

from __future__ import annotations

import pytest

from kg.errors import InputError
from kg.graph.rdf import to_quads
from kg.graph.serialize import nquads_bytes
from kg.graph.store import StoreKind, load
from tests.graph_fixture import tiny_extraction


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("kg")
    (out / "kg.nq").write_bytes(nquads_bytes(to_quads([tiny_extraction()])))
    return out


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.mark.parametrize("kind", list(StoreKind))
def test_both_stores_hold_the_same_quads(built, kind):
    lines = (built / "kg.nq").read_text(encoding="utf-8").splitlines()
    ds = load(built, store=kind)
    assert int(list(ds.query(COUNT))[0][0]) == len(lines)


def test_persistent_oxigraph_store_is_reloaded_not_doubled(built, tmp_path):
    db = tmp_path / "db"
    first = load(built, directory=db)
    n = int(list(first.query(COUNT))[0][0])
    first.close()
    second = load(built, directory=db)
    assert int(list(second.query(COUNT))[0][0]) == n


def test_queries_see_the_union_of_graphs(built):
    ds = load(built)
    assert list(ds.query("ASK { ?s a <https://w3id.org/kg-cn/ontology#Village> }"))[0] is True


def test_nothing_built(tmp_path):
    with pytest.raises(InputError, match=r"no built graph here; run `kg build` first"):
        load(tmp_path)


def test_malformed_build_file(tmp_path):
    (tmp_path / "kg.nq").write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(InputError, match="cannot parse the built graph"):
        load(tmp_path)


def test_memory_store_cannot_persist(built, tmp_path):
    with pytest.raises(InputError, match="cannot persist"):
        load(built, store=StoreKind.MEMORY, directory=tmp_path / "db")
