"""Open the built graph: rdflib's API over the Oxigraph store (default) or over rdflib's own memory store.

The Oxigraph store answers SPARQL natively and loads N-Quads many times faster than rdflib's parser, so
it is the default; rdflib's memory store is there for comparison and for code that needs pure rdflib.
Queries see the union of all named graphs as their default graph.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from rdflib import Dataset

from ..errors import InputError
from .vocab import PREFIXES


class StoreKind(str, Enum):
    """Which store holds the graph behind rdflib's API."""

    OXIGRAPH = "oxigraph"
    MEMORY = "memory"


def open_dataset(*, store: StoreKind = StoreKind.OXIGRAPH, directory: str | Path | None = None) -> Dataset:
    """An empty dataset, or the one persisted in ``directory`` (Oxigraph only), with the project prefixes bound.

    :param store: the store behind rdflib's API.
    :param directory: a folder for an on-disk Oxigraph database (created if missing); None = in memory.
    :returns: a dataset whose default graph, for queries, is the union of its named graphs.
    :raises InputError: if a directory is given for the memory store or cannot be opened.
    """
    store = StoreKind(store)
    if store is StoreKind.MEMORY:
        if directory is not None:
            raise InputError("rdflib's memory store cannot persist to a folder; use --store oxigraph")
        ds = Dataset()
    else:
        if directory is None:
            ds = Dataset(store="Oxigraph")
        else:
            import pyoxigraph as ox
            from oxrdflib import OxigraphStore

            try:
                Path(directory).mkdir(parents=True, exist_ok=True)
                ds = Dataset(store=OxigraphStore(store=ox.Store(str(directory))))
            except OSError as e:
                raise InputError(f"{directory}: cannot open an Oxigraph database there ({e})") from e
    ds.default_union = True
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True)
    return ds


def built_file(path: str | Path = "data/kg") -> Path:
    """The N-Quads file of a build: ``path`` itself if it is a file, else ``path/kg.nq``.

    :raises InputError: if there is nothing built there yet.
    """
    p = Path(path)
    nq = p if p.is_file() else p / "kg.nq"
    if not nq.is_file():
        raise InputError(f"{nq}: no built graph here; run `kg build` first")
    return nq


def load(path: str | Path = "data/kg", *, store: StoreKind = StoreKind.OXIGRAPH,
         directory: str | Path | None = None) -> Dataset:
    """Load the built graph (``kg.nq``) into a store, without running extraction again.

    >>> ds = load("data/kg")                        # doctest: +SKIP
    >>> len(ds) > 0                                 # doctest: +SKIP
    True

    :param path: the build folder (or a ``.nq`` file).
    :param store: the store behind rdflib's API.
    :param directory: a folder for an on-disk Oxigraph database; its previous content is replaced.
    :returns: the dataset, default graph = union of the documents' graphs and the ontology graph.
    :raises InputError: if nothing is built at ``path`` or the file does not parse.
    """
    nq = built_file(path)
    ds = open_dataset(store=store, directory=directory)
    store = StoreKind(store)
    try:
        if store is StoreKind.OXIGRAPH:
            if directory is not None:
                ds.store._inner.clear()  # type: ignore[attr-defined]
            ds.parse(nq, format="ox-nquads")
        else:
            ds.parse(nq, format="nquads")
    except (SyntaxError, ValueError) as e:
        raise InputError(f"{nq}: cannot parse the built graph ({e}); run `kg build` again") from e
    return ds


def load_store(path: str | Path = "data/kg"):
    """Load the built graph (``kg.nq``) into a bare pyoxigraph ``Store`` for querying, without rdflib's layer.

    Besides the named graphs, the store's default graph receives their merge — each triple once, however
    many reports state it.  pyoxigraph 0.5's union default graph repeats a triple once per named graph
    holding it, so joins over entities shared by many reports multiply their rows (wrong counts, and
    ``DISTINCT … ORDER BY`` queries that grow with the square of the corpus); the merged default graph
    avoids both.  :func:`kg.graph.query.query` queries that default graph whenever it is not empty.

    :param path: the build folder (or a ``.nq`` file).
    :returns: an in-memory ``pyoxigraph.Store``.
    :raises InputError: if nothing is built at ``path`` or the file does not parse.
    """
    import pyoxigraph as ox

    nq = built_file(path)
    store = ox.Store()
    try:
        store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    except (SyntaxError, ValueError) as e:
        raise InputError(f"{nq}: cannot parse the built graph ({e}); run `kg build` again") from e
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    return store
