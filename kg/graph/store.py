"""The built graph in a store: written once by ``kg build``, opened read-only by every command.

A build folder (``data/kg``) holds, besides the files (``kg.nq`` …), an on-disk Oxigraph database in
``store/``: every document graph, the ontology graph, and a default graph holding each triple once,
however many documents state it (pyoxigraph's union default graph would repeat it once per graph).
Beside the database files, ``kg-store.json`` records what the store was written from, and
``kg-names.sqlite`` indexes every name (labels in each script, aliases, pinyin search keys) by entity,
so that finding an entity by name reads a few rows instead of every label.

Opening the store read-only takes milliseconds, and several processes (``kg query``, ``kg serve`` …)
may read it at once.  When it is missing or older than ``kg.nq``, :func:`open_build` loads ``kg.nq``
into memory instead and says so through ``notify`` (the command line prints it as one line on stderr).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from .vocab import PREFIXES

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Dataset

#: The database folder inside a build folder.
STORE_NAME = "store"
#: What the store was written from, inside the database folder.
MANIFEST_NAME = "kg-store.json"
#: The name index, inside the database folder.
NAMES_NAME = "kg-names.sqlite"
#: Version of the store layout; a store of another version is rewritten by the next build.
STORE_FORMAT = 1

ONTOLOGY_IRI = PREFIXES["kg"].rstrip("#")

#: Called with one line of text: a progress step, or the note that the files are read instead of the store.
Notify = Callable[[str], None]


class StoreKind(str, Enum):
    """Which store holds the graph behind rdflib's API."""

    OXIGRAPH = "oxigraph"
    MEMORY = "memory"


class StoreFallbackWarning(UserWarning):
    """The build's store is missing or older than its files, so the files were loaded into memory."""


@dataclass(frozen=True, slots=True)
class StoreStatus:
    """Whether the store of a build folder can be used: ``fresh`` is false when it is missing, was written
    from another ``kg.nq`` than the one beside it, or by another version of kg (``reason`` says which)."""

    directory: Path
    fresh: bool
    reason: str = ""


# ---------------------------------------------------------------------------------- locations
def store_dir(out_dir: str | Path = "data/kg") -> Path:
    """The database folder of a build folder: ``<out_dir>/store``.

    >>> store_dir("data/kg").as_posix()
    'data/kg/store'
    """
    return Path(out_dir) / STORE_NAME


def built_file(path: str | Path = "data/kg") -> Path:
    """The N-Quads file of a build: ``path`` itself if it is a file, else ``path/kg.nq``.

    :raises InputError: if there is nothing built there yet.
    """
    p = Path(path)
    nq = p if p.is_file() else p / "kg.nq"
    if not nq.is_file():
        raise InputError(f"{nq}: no built graph here; run `kg build` first")
    return nq


def _file_stamp(path: Path) -> dict:
    st = path.stat()
    return {"name": path.name, "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def read_manifest(directory: str | Path) -> dict | None:
    """The manifest of a store folder, or None when there is none (or it cannot be read)."""
    try:
        data = json.loads((Path(directory) / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def store_status(path: str | Path = "data/kg") -> StoreStatus:
    """Is the store of the build folder ``path`` there and as new as the build's ``kg.nq``?

    The store is fresh when its manifest names the very ``kg.nq`` beside it (same size and modification
    time, which ``kg build`` keeps when it moves the file into place) or when there is no ``kg.nq``.

    :param path: the build folder; a file (``some.nq``) has no store.
    """
    p = Path(path)
    directory = store_dir(p)
    if p.is_file():
        return StoreStatus(directory, False, f"{p} is a file, not a build folder")
    manifest = read_manifest(directory)
    if manifest is None:
        return StoreStatus(directory, False, f"{directory} is missing")
    if manifest.get("format") != STORE_FORMAT:
        return StoreStatus(directory, False, f"{directory} was written by another version of kg")
    nq = p / "kg.nq"
    if nq.is_file():
        try:
            now = _file_stamp(nq)
        except OSError:
            return StoreStatus(directory, True)
        if manifest.get("nquads") != now:
            return StoreStatus(directory, False, f"{directory} is older than {nq}")
    return StoreStatus(directory, True)


# ---------------------------------------------------------------------------------- opening
def open_store(directory: str | Path, *, read_only: bool = True) -> pyoxigraph.Store:
    """Open an on-disk Oxigraph database.

    :param directory: the database folder (see :func:`store_dir`).
    :param read_only: open it read-only, as every command does; several processes may then read it at once.
    :raises InputError: if there is no database there or it cannot be opened.
    """
    import pyoxigraph as ox

    directory = Path(directory)
    if read_only and not (directory / "CURRENT").is_file():
        raise InputError(f"{directory}: no Oxigraph database here; run `kg build` first")
    try:
        return ox.Store.read_only(str(directory)) if read_only else ox.Store(str(directory))
    except OSError as e:
        raise InputError(f"{directory}: cannot open the Oxigraph database ({e})") from e


def _warn(message: str) -> None:
    """Warn, naming the first caller outside kg (however deep kg's own calls go)."""
    import sys

    package = str(Path(__file__).resolve().parent.parent)
    level, frame = 2, sys._getframe(1)  # stacklevel 2 is the caller of _warn
    while frame is not None and str(Path(frame.f_code.co_filename).resolve()).startswith(package):
        level, frame = level + 1, frame.f_back
    warnings.warn(message, StoreFallbackWarning, stacklevel=level)


@dataclass(frozen=True, slots=True)
class BuiltGraph:
    """A build opened for reading: its pyoxigraph store, and the folder of that store when it is on disk
    (None when ``kg.nq`` was read into memory) with its manifest."""

    store: pyoxigraph.Store
    directory: Path | None = None
    manifest: dict | None = None

    @property
    def names_file(self) -> Path | None:
        """The name index written with the store, if there is one."""
        if self.directory is None:
            return None
        path = self.directory / NAMES_NAME
        return path if path.is_file() else None


def open_build(path: str | Path = "data/kg", *, notify: Notify | None = None) -> BuiltGraph:
    """The graph of a build, in a pyoxigraph ``Store`` whose default graph holds each triple once.

    The build's own store, opened read-only, when it is fresh (see :func:`store_status`); otherwise
    ``kg.nq`` is loaded into a new in-memory store (slow on big builds), after one line through
    ``notify`` saying why (default: a :class:`StoreFallbackWarning`).  ``path`` may also be an N-Quads
    file, which is then loaded without a note.

    :raises InputError: if nothing is built at ``path`` or the file does not parse.
    """
    p = Path(path)
    if p.is_dir():
        status = store_status(p)
        if status.fresh:
            return BuiltGraph(open_store(status.directory), status.directory, read_manifest(status.directory))
        nq = built_file(p)
        (notify or _warn)(f"note: {status.reason}; reading {nq} into memory instead "
                          "(slower; `kg build` writes a fresh store)")
    return BuiltGraph(memory_store(built_file(p)))


def memory_store(nquads: str | Path) -> pyoxigraph.Store:
    """An in-memory store of an N-Quads file: its graphs, and a default graph holding each triple once.

    :raises InputError: if the file does not parse.
    """
    import pyoxigraph as ox

    nq = Path(nquads)
    store = ox.Store()
    _fill(store, nq, None, lenient=False)
    return store


def _fill(store, nquads: Path, triples: Sequence[Path] | None, *, lenient: bool,
          progress: Notify | None = None) -> None:
    """Load the named graphs of ``nquads`` and the default graph (each triple once) into ``store``.

    ``triples`` are N-Triples files holding the same triples without their graph (``kg build`` writes one
    per document); without them the default graph is made from ``nquads`` itself.
    """
    import pyoxigraph as ox

    try:
        if progress:
            progress("store: named graphs")
        store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS, lenient=lenient)
        if progress:
            progress("store: default graph")
        if triples is None:
            default = ox.DefaultGraph()
            store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, default)
                              for q in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS, lenient=lenient))
        elif triples:
            store.bulk_load(_Chain(triples), format=ox.RdfFormat.N_TRIPLES, lenient=lenient)
    except (SyntaxError, ValueError) as e:
        raise InputError(f"{nquads}: cannot parse the built graph ({e}); run `kg build` again") from e


class _Chain(io.RawIOBase):
    """Several files read one after the other as one binary stream."""

    def __init__(self, paths: Iterable[Path]) -> None:
        super().__init__()
        self._paths = iter(paths)
        self._file = None

    def readable(self) -> bool:
        return True

    def _next(self) -> Path | None:
        """The next file to read, or None at the end."""
        return next(self._paths, None)

    def readinto(self, buffer) -> int:
        while True:
            if self._file is None:
                nxt = self._next()
                if nxt is None:
                    return 0
                self._file = open(nxt, "rb")  # noqa: SIM115 — closed when read to the end
            n = self._file.readinto(buffer)
            if n:
                return n
            self._file.close()
            self._file = None

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        super().close()


# ---------------------------------------------------------------------------------- writing
def write_store(directory: str | Path, *, nquads: str | Path, triples: Sequence[Path] | None = None,
                lenient: bool = False, progress: Notify | None = None, extra: dict | None = None,
                quads: int | None = None) -> dict:
    """Write a new on-disk store of a build: named graphs, default graph, name index and manifest.

    :param directory: the database folder to create; it must not exist yet (or be empty).
    :param nquads: the build's ``kg.nq``; the manifest records its size and time, so move it into place
        with ``os.replace`` (which keeps both) for the store to count as fresh.
    :param triples: N-Triples files holding every triple of ``nquads`` without its graph (one per
        document); without them the default graph is made from ``nquads``.
    :param lenient: skip the parser's checks of IRIs and literals (for files kg just wrote itself).
    :param progress: called with a line per step.
    :param extra: more entries for the manifest (``kg build`` keeps the fingerprint of the build there).
    :param quads: the number of quads in ``nquads``, when the caller knows it (it is counted otherwise).
    :returns: the manifest written.
    :raises InputError: if ``directory`` is not empty or the data does not parse.
    """
    directory, nq = Path(directory), Path(nquads)
    if directory.exists() and any(directory.iterdir()):
        raise InputError(f"{directory}: not empty; a store is written into a new folder")
    store = open_store(directory, read_only=False)
    try:
        _fill(store, nq, triples, lenient=lenient, progress=progress)
    except BaseException:
        del store
        raise
    return _complete(store, directory, nq, quads=quads, extra=extra, progress=progress)


class StoreWriter:
    """A new on-disk store filled while its data is still being made: ``kg build`` hands it each report's
    N-Quads and N-Triples as soon as they are written, and one bulk load, running in a thread of its own
    (pyoxigraph releases the GIL while it loads), takes them in as they come — so the store is written
    while the other reports are still being extracted, in one pass, each triple of the default graph once.

    Use :meth:`add` for every piece, then :meth:`finish` (or :meth:`abort`).
    """

    def __init__(self, directory: str | Path, *, lenient: bool = True) -> None:
        import queue
        import threading

        self.directory = Path(directory)
        if self.directory.exists() and any(self.directory.iterdir()):
            raise InputError(f"{self.directory}: not empty; a store is written into a new folder")
        self._store = open_store(self.directory, read_only=False)
        self._pieces: queue.Queue = queue.Queue()
        self._error: BaseException | None = None
        self._lenient = lenient
        self._thread = threading.Thread(target=self._load, name="kg-store-load", daemon=True)
        self._thread.start()

    def _load(self) -> None:
        import pyoxigraph as ox

        try:
            self._store.bulk_load(_Queued(self._pieces), format=ox.RdfFormat.N_QUADS, lenient=self._lenient)
        except BaseException as e:  # reported by finish()
            self._error = e

    def add(self, *paths: Path) -> None:
        """Files to load, in N-Quads (named graphs) or N-Triples (the default graph); read in the order given."""
        for path in paths:
            self._pieces.put(Path(path))

    def abort(self) -> None:
        """Stop loading (the folder is left for the caller to remove)."""
        self._pieces.put(_ABORT)
        self._thread.join()
        del self._store

    def finish(self, *, nquads: Path, quads: int | None = None, extra: dict | None = None,
               progress: Notify | None = None) -> dict:
        """Wait for the load to end, then write the name index, the counts and the manifest.

        :param nquads: the build's ``kg.nq`` (its size and time go into the manifest).
        :raises InputError: if a piece did not parse.
        """
        self._pieces.put(None)
        self._thread.join()
        if self._error is not None:
            error, self._error = self._error, None
            del self._store
            if isinstance(error, (SyntaxError, ValueError)):
                raise InputError(f"{self.directory}: cannot load the build into the store ({error})") from error
            raise error
        return _complete(self._store, self.directory, Path(nquads), quads=quads, extra=extra, progress=progress)


_ABORT = object()


class _Queued(_Chain):
    """The files put in a queue, read one after the other as one stream; None ends it."""

    def __init__(self, pieces) -> None:
        super().__init__(())
        self._pieces = pieces
        self._ended = False

    def _next(self) -> Path | None:
        if self._ended:
            return None  # asked again after the end, the answer stays: the end
        nxt = self._pieces.get()  # waits (without the GIL) for the next piece
        if nxt is None:
            self._ended = True
        elif nxt is _ABORT:
            raise OSError("the build stopped")
        return nxt


def _complete(store, directory: Path, nq: Path, *, quads: int | None, extra: dict | None,
              progress: Notify | None) -> dict:
    """Name index, counts and manifest of a store whose data is loaded."""
    try:
        if progress:
            progress("store: name index")
        from .names import write_names

        names = write_names(store, directory / NAMES_NAME)
        if progress:
            progress("store: counts")
        from .stats import stats, stats_dict

        counts = stats_dict(stats(store, quads=quads))
        store.flush()
        if progress:
            progress("store: compaction")
        store.optimize()  # bulk loading leaves many small files; merged, every read-only query is 2-3x faster
    finally:
        del store
    manifest = {"format": STORE_FORMAT, "nquads": _file_stamp(nq), **(extra or {}), "names": names,
                "stats": counts}
    (directory / MANIFEST_NAME).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                                           encoding="utf-8")
    return manifest


def swap_in(new: str | Path, target: str | Path) -> None:
    """Put the folder ``new`` in the place of ``target`` (which may not exist), and remove the old one.

    On Linux the two folders are exchanged in one step (``renameat2`` with ``RENAME_EXCHANGE``), so a
    reader finds either the old store or the new one, never none; elsewhere the old folder is first
    renamed aside.
    """
    new, target = Path(new), Path(target)
    if target.exists() and _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # ``new`` now holds the old store
        return
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, old)
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with Linux's ``renameat2(RENAME_EXCHANGE)``; False where unavailable."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    renameat2.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


# ---------------------------------------------------------------------------------- rdflib's API
def open_dataset(*, store: StoreKind = StoreKind.OXIGRAPH, directory: str | Path | None = None) -> Dataset:
    """An empty dataset, or the one persisted in ``directory`` (Oxigraph only), with the project prefixes bound.

    :param store: the store behind rdflib's API.
    :param directory: a folder for an on-disk Oxigraph database (created if missing); None = in memory.
    :returns: a dataset whose default graph, for queries, is the union of its named graphs.
    :raises InputError: if a directory is given for the memory store or cannot be opened.
    """
    from rdflib import Dataset

    store = StoreKind(store)
    if store is StoreKind.MEMORY:
        if directory is not None:
            raise InputError("rdflib's memory store cannot persist to a folder; use --store oxigraph")
        ds = Dataset()
    else:
        from oxrdflib import OxigraphStore

        if directory is None:
            ds = Dataset(store="Oxigraph")
        else:
            try:
                Path(directory).mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise InputError(f"{directory}: cannot open an Oxigraph database there ({e})") from e
            ds = Dataset(store=OxigraphStore(store=open_store(directory, read_only=False)))
    ds.default_union = True
    _bind(ds)
    return ds


def _bind(ds) -> None:
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True)


def dataset_of(store: pyoxigraph.Store) -> Dataset:
    """rdflib's ``Dataset`` API over a pyoxigraph store whose default graph holds the merged graphs:
    triples and queries see that default graph, ``ds.graph(iri)`` one named graph."""
    from oxrdflib import OxigraphStore
    from rdflib import Dataset

    ds = Dataset(store=OxigraphStore(store=store), default_union=False)
    _bind(ds)
    return ds


def load(path: str | Path = "data/kg", *, store: StoreKind = StoreKind.OXIGRAPH,
         directory: str | Path | None = None, notify: Notify | None = None) -> Dataset:
    """The built graph as an rdflib ``Dataset`` whose default graph holds each triple once.

    With the Oxigraph store (the default) this is the build's own store, opened read-only — or, when it
    is missing or older than ``kg.nq``, ``kg.nq`` loaded into memory (see :func:`open_build`).  Its
    default graph is the merge of the document graphs and the ontology graph; ``ds.graph(iri)`` is one
    document's graph.  With rdflib's memory store the dataset's default graph is rdflib's union of the
    graphs, which also holds each triple once.

    >>> ds = load("data/kg")                        # doctest: +SKIP
    >>> len(ds) > 0                                 # doctest: +SKIP
    True

    :param path: the build folder (or a ``.nq`` file).
    :param store: the store behind rdflib's API.
    :param directory: write a new on-disk Oxigraph database of ``kg.nq`` into this folder (its previous
        content is replaced) and open it read-write instead.
    :param notify: called with the note that the files are read instead of the store.
    :raises InputError: if nothing is built at ``path`` or the file does not parse.
    """
    store = StoreKind(store)
    if store is StoreKind.MEMORY:
        if directory is not None:
            raise InputError("rdflib's memory store cannot persist to a folder; use --store oxigraph")
        nq = built_file(path)
        ds = open_dataset(store=store)
        try:
            ds.parse(nq, format="nquads")
        except (SyntaxError, ValueError) as e:
            raise InputError(f"{nq}: cannot parse the built graph ({e}); run `kg build` again") from e
        return ds
    if directory is not None:
        nq = built_file(path)
        target = Path(directory)
        if target.exists():
            shutil.rmtree(target)
        write_store(target, nquads=nq)
        return dataset_of(open_store(target, read_only=False))
    return dataset_of(open_build(path, notify=notify).store)


def load_store(path: str | Path = "data/kg", *, notify: Notify | None = None) -> pyoxigraph.Store:
    """The built graph as a bare pyoxigraph ``Store`` for querying, without rdflib's layer.

    Same as :func:`open_build`: the build's store read-only, or ``kg.nq`` in memory when the store is
    missing or stale.  Its default graph holds each triple once, however many reports state it (a union
    default graph would repeat it once per graph, inflating counts and making ``DISTINCT … ORDER BY``
    grow with the square of the corpus); :func:`kg.graph.query.query` queries that default graph.

    :raises InputError: if nothing is built at ``path`` or the file does not parse.
    """
    return open_build(path, notify=notify).store


def inner_store(data) -> pyoxigraph.Store | None:
    """The pyoxigraph store behind ``data``: ``data`` itself if it is one, the store of a
    :class:`BuiltGraph` or under an rdflib ``Dataset`` over oxrdflib; else None."""
    if isinstance(data, BuiltGraph):
        return data.store
    if type(data).__name__ == "Store" and type(data).__module__ == "pyoxigraph":
        return data
    store = getattr(data, "store", None)
    if type(store).__name__ != "OxigraphStore":
        return None
    return getattr(store, "_inner", None)
