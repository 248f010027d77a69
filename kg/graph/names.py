"""The name index of a graph: every label, alias and search key → the IRIs that carry it.

Finding an entity by name in SPARQL means reading every label (``FILTER(STR(?l) = ?name)``) and, for
pinyin typed without tones, folding each of them in Python; on a build of a thousand reports that is
most of a second per lookup.  ``kg build`` therefore writes this index beside the store, as an SQLite
file (``store/kg-names.sqlite``); a graph without one (read into memory, or an rdflib graph) gets the
same index built in memory on first use.

Rows are ``(kind, key, iri)``:

- ``name``: the exact text of an ``rdfs:label`` or ``skos:altLabel``, in any script;
- ``pinyin``: :func:`kg.graph.iri.search_key` of a ``zh-Latn-pinyin`` label (``liyunzhe``);
- ``hans``: a ``zh-Hans`` label, for searching part of a name;
- ``fold``: :func:`fold_key` of any label or alias, and of the IRI — what the network page matches.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from .vocab import PREFIXES

LABEL = PREFIXES["rdfs"] + "label"
ALT_LABEL = PREFIXES["skos"] + "altLabel"
KINDS = ("name", "pinyin", "hans", "fold")
_SCHEMA = "CREATE TABLE names (kind TEXT NOT NULL, key TEXT NOT NULL, iri TEXT NOT NULL)"
_INDEX = "CREATE INDEX names_by_key ON names (kind, key)"


def fold_key(text: str) -> str:
    """A name folded for search as the network page does: lowercase; tone marks, spaces, hyphens and
    apostrophes removed; ``ü`` and ``v`` read as ``u`` (the same as :func:`kg.publish.viz_graph.search_key`).

    >>> fold_key("Jiǎ Yǐ"), fold_key("甲 乙"), fold_key("lǜ-shui")
    ('jiayi', '甲乙', 'lushui')
    """
    decomposed = unicodedata.normalize("NFD", text.lower())
    kept = (ch for ch in decomposed if not unicodedata.combining(ch) and ch not in " \t\n-'’·")
    return unicodedata.normalize("NFC", "".join(kept)).replace("v", "u")


def _rows(labels: Iterable[tuple[str, str, str, str]]) -> Iterator[tuple[str, str, str]]:
    """Index rows from ``(subject IRI, predicate IRI, text, language tag)`` of every label and alias."""
    from .iri import search_key

    seen_iris: set[str] = set()
    for iri, predicate, text, lang in labels:
        lang = lang.lower()
        yield "name", text, iri
        folded = fold_key(text)
        if folded:
            yield "fold", folded, iri
        if iri not in seen_iris:
            seen_iris.add(iri)
            yield "fold", fold_key(iri), iri
        if predicate == LABEL:
            if lang == "zh-latn-pinyin":
                key = search_key(text)
                if key:
                    yield "pinyin", key, iri
            elif lang == "zh-hans":
                yield "hans", text, iri


def store_labels(store) -> Iterator[tuple[str, str, str, str]]:
    """Labels and aliases of the default graph of a pyoxigraph store (IRI subjects only)."""
    import pyoxigraph as ox

    default = ox.DefaultGraph()
    for predicate in (LABEL, ALT_LABEL):
        for q in store.quads_for_pattern(None, ox.NamedNode(predicate), None, default):
            s, o = q.subject, q.object
            if isinstance(s, ox.NamedNode) and isinstance(o, ox.Literal):
                yield s.value, predicate, o.value, o.language or ""


def rdflib_labels(graph) -> Iterator[tuple[str, str, str, str]]:
    """Labels and aliases of an rdflib graph (of every graph of a dataset with a union default graph)."""
    from rdflib import Literal, URIRef

    for predicate in (LABEL, ALT_LABEL):
        for s, o in graph.subject_objects(URIRef(predicate)):
            if isinstance(s, URIRef) and isinstance(o, Literal):
                yield str(s), predicate, str(o), o.language or ""


def _fill(con: sqlite3.Connection, labels: Iterable[tuple[str, str, str, str]]) -> int:
    # a new file, swapped in with the store once complete: no journal, no waiting for the disk
    con.execute("PRAGMA journal_mode = OFF")
    con.execute("PRAGMA synchronous = OFF")
    con.execute(_SCHEMA)
    cursor = con.executemany("INSERT INTO names VALUES (?, ?, ?)", _rows(labels))
    count = cursor.rowcount
    con.execute(_INDEX)
    con.commit()
    return count


def write_names(store, path: str | Path) -> dict:
    """Write the name index of a pyoxigraph store's default graph to a new SQLite file.

    :returns: ``{"rows": n}`` for the store's manifest.
    """
    path = Path(path)
    path.unlink(missing_ok=True)
    con = sqlite3.connect(path)
    try:
        n = _fill(con, store_labels(store))
    finally:
        con.close()
    return {"rows": n}


class NameIndex:
    """Look names up: exact (``name``), by key (``pinyin``, ``fold``) or as part of a name (``hans``)."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self._con = con

    @classmethod
    def open(cls, path: str | Path) -> NameIndex:
        """The index written by :func:`write_names`, opened read-only."""
        return cls(sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True))

    @classmethod
    def build(cls, labels: Iterable[tuple[str, str, str, str]]) -> NameIndex:
        """An index in memory, from ``(subject IRI, predicate IRI, text, language tag)`` rows."""
        con = sqlite3.connect(":memory:")
        _fill(con, labels)
        return cls(con)

    def iris(self, kind: str, key: str) -> list[str]:
        """IRIs whose ``kind`` key is exactly ``key``, sorted."""
        rows = self._con.execute("SELECT DISTINCT iri FROM names WHERE kind = ? AND key = ? ORDER BY iri",
                                 (kind, key))
        return [r[0] for r in rows]

    def containing(self, kind: str, part: str) -> list[str]:
        """IRIs whose ``kind`` key contains ``part``, sorted."""
        rows = self._con.execute("SELECT DISTINCT iri FROM names WHERE kind = ? AND instr(key, ?) > 0 "
                                 "ORDER BY iri", (kind, part))
        return [r[0] for r in rows]

    def keys_containing(self, kind: str, part: str, *, limit: int = 200) -> list[str]:
        """Keys of ``kind`` that contain ``part`` (at most ``limit``), sorted."""
        rows = self._con.execute("SELECT DISTINCT key FROM names WHERE kind = ? AND instr(key, ?) > 0 "
                                 "ORDER BY key LIMIT ?", (kind, part, limit))
        return [r[0] for r in rows]

    def keys_of(self, iri: str, kind: str) -> list[str]:
        """The ``kind`` keys of one IRI, sorted."""
        rows = self._con.execute("SELECT DISTINCT key FROM names WHERE kind = ? AND iri = ? ORDER BY key", (kind, iri))
        return [r[0] for r in rows]

    def keys(self, kind: str) -> list[str]:
        """Every key of ``kind``, sorted."""
        return [r[0] for r in self._con.execute("SELECT DISTINCT key FROM names WHERE kind = ? ORDER BY key",
                                                (kind,))]


def name_index(data) -> NameIndex:
    """The name index of a graph: the file written with a build's store, or one built in memory.

    :param data: a :class:`kg.graph.store.BuiltGraph`, a pyoxigraph ``Store``, or an rdflib graph.
    """
    from .store import BuiltGraph, inner_store

    if isinstance(data, BuiltGraph) and data.names_file is not None:
        return NameIndex.open(data.names_file)
    store = inner_store(data)
    if store is not None and (not hasattr(data, "default_union") or not data.default_union):
        return NameIndex.build(store_labels(store))
    return NameIndex.build(rdflib_labels(data))
