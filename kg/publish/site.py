"""Write the built graph as a static website: an index with search, a page per entity, per document
and per class, the network explorer when available, and the graph files for download.

Where pages live: the page of an IRI under the base is the rest of the IRI plus ``.html``:
``https://w3id.org/kg-cn/id/village/songtang-cun-1a2b3c`` → ``village/songtang-cun-1a2b3c.html``;
a document ``…/doc/yuantan-2023`` → ``doc/yuantan-2023.html``, and its sentence ``…#s12`` is the anchor
``doc/yuantan-2023.html#s12``. A path segment that is not ``[A-Za-z0-9][A-Za-z0-9._-]*`` has
every other character written as its UTF-8 bytes ``_XX`` (``源`` → ``_E6_BA_90``, ``..`` → ``_2E_2E``). The site root also holds ``index.html``, ``style.css``,
``network.html``, ``classes/<Class>.html`` and ``downloads/``; IRIs that would land on those get no page.

The site is built in a temporary directory beside ``out`` and then swapped in, so a failed run
leaves the previous site intact. An existing ``out`` is only replaced when it is a kg site (it holds
the ``.kg-site`` marker file) or empty.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..graph.graphview import STATEMENT, GraphView, local_name
from ..graph.vocab import DEFAULT_BASE, KG

MARKER = ".kg-site"
_SAFE_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_RESERVED = {"index.html", "style.css", "network.html"}
_RESERVED_DIRS = {"classes", "downloads"}
_NO_PAGE_TYPES = {STATEMENT, str(KG.Sentence), str(KG.Document)}


@dataclass(frozen=True, slots=True)
class SiteSummary:
    """What ``build_site`` wrote."""

    out: Path
    pages: int  # HTML files
    entities: int
    documents: int
    downloads: tuple[str, ...]
    network: bool  # whether the network explorer page was written


def _segment(text: str) -> str:
    """A path segment as it is when it is safe, else with every other byte written ``_XX`` (hex)."""
    if _SAFE_SEGMENT.fullmatch(text):
        return text
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else
                   "".join(f"_{b:02X}" for b in ch.encode("utf-8")) for ch in text) or "_"


def page_path(iri: str, base: str = DEFAULT_BASE) -> str | None:
    """The site path of an IRI's page (``None`` for IRIs outside ``base`` or on a reserved name).

    >>> page_path("https://w3id.org/kg-cn/id/village/songtang-cun-1a2b3c")
    'village/songtang-cun-1a2b3c.html'
    >>> page_path("https://w3id.org/kg-cn/id/doc/yuantan-2023#s12")
    'doc/yuantan-2023.html#s12'
    >>> page_path("https://example.org/x") is None
    True
    """
    if not iri.startswith(base):
        return None
    rest, _, fragment = iri[len(base):].partition("#")
    segments = rest.split("/")
    if not rest or any(not s for s in segments):
        return None
    path = "/".join(_segment(s) for s in segments) + ".html"
    if path in _RESERVED or (len(segments) > 1 and segments[0] in _RESERVED_DIRS):
        return None
    return path + (f"#{_segment(fragment)}" if fragment else "")


def _network_page(built) -> str:
    """The network explorer page (``kg.publish.viz.render``) of an opened build."""
    from .viz import render
    from .viz_source import whole_source

    return render(whole_source(built))


def _write(root: Path, path: str, text: str) -> None:
    target = root / path.partition("#")[0]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8", newline="\n")


def _swap_in(tmp: Path, out: Path) -> None:
    """Replace ``out`` with the finished ``tmp`` directory (in one step where the system can; see
    :func:`kg.graph.store.swap_in`)."""
    from ..graph.store import swap_in

    swap_in(tmp, out)


def _check_out(out: Path) -> None:
    if not out.exists():
        return
    if not out.is_dir():
        raise InputError(f"{out}: exists and is not a directory; choose another --out")
    if not (out / MARKER).is_file() and any(out.iterdir()):
        raise InputError(f"{out}: is a non-empty directory that kg did not write; refusing to replace it "
                         "(choose another --out, or empty it)")


def build_site(data: Path | str = "data/kg", *, out: Path | str = "data/site", base: str = DEFAULT_BASE,
               network: bool = True, notify=None) -> SiteSummary:
    """Write the static site of the graph in ``<data>/kg.nq`` to ``out``.

    Parameters: ``data`` the directory ``kg build`` wrote (``kg.nq``, ``*.ttl``, ``kg.jsonld``);
    ``out`` the site directory (replaced as a whole); ``base`` the base IRI of the data;
    ``network`` whether to include the network explorer (when kg's viz part is present); ``notify``
    receives the note that the build's store is missing or stale and ``kg.nq`` is read instead.

    Returns a :class:`SiteSummary`. Output is byte-identical for the same input.

    Raises ``InputError`` when the data is missing or malformed, or ``out`` is not a kg site.
    """
    from .site_pages import STYLE, Context, class_page, document_page, entity_page, index_page, search_entries

    data, out = Path(data), Path(out)
    _check_out(out)
    from ..graph.store import open_build, store_status

    if not (data / "kg.nq").is_file() and not store_status(data).fresh:
        raise InputError(f"{data / 'kg.nq'}: not found; build the graph first with `kg build` (or pass --data DIR)")
    built = open_build(data, notify=notify)
    view = GraphView.from_store(built.store)
    pages: dict[str, str] = {}
    entities, documents = [], []
    for iri in view.subjects():
        path = page_path(iri, base)
        types = set(view.types(iri))
        if path is None or not types:
            continue
        if "#" in path and str(KG.Sentence) in types:
            pages[iri] = path
        elif str(KG.Document) in types:
            pages[iri], _ = path, documents.append(iri)
        elif not types & _NO_PAGE_TYPES and "#" not in path:
            pages[iri], _ = path, entities.append(iri)
    classes: dict[str, list[str]] = {}
    for iri in entities:
        for cls in view.types(iri):
            classes.setdefault(cls, []).append(iri)
    class_paths = {cls: f"classes/{_segment(local_name(cls))}.html" for cls in classes}
    if len(set(class_paths.values())) != len(class_paths):  # two vocabularies with one local name
        class_paths = {cls: f"classes/{_segment(local_name(cls))}-{i}.html" for i, cls in enumerate(sorted(classes))}
    pages.update(class_paths)

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        os.chmod(tmp, 0o755)
        (tmp / MARKER).write_text("written by kg site; the whole directory is replaced on the next run\n",
                                  encoding="utf-8")
        _write(tmp, "style.css", STYLE)
        for iri in entities:
            _write(tmp, pages[iri], entity_page(Context(view, pages, pages[iri]), iri))
        for iri in documents:
            _write(tmp, pages[iri], document_page(Context(view, pages, pages[iri]), iri))
        for cls, members in sorted(classes.items()):
            _write(tmp, class_paths[cls], class_page(Context(view, pages, class_paths[cls]), cls, tuple(members)))
        downloads = []
        for name in ["kg.nq", "kg.jsonld", *sorted(p.name for p in data.glob("*.ttl"))]:
            if (data / name).is_file():
                (tmp / "downloads").mkdir(exist_ok=True)
                shutil.copyfile(data / name, tmp / "downloads" / name)
                downloads.append((f"downloads/{name}", (data / name).stat().st_size))
        net_html = _network_page(built) if network else None
        if net_html is not None:
            _write(tmp, "network.html", net_html)
        class_rows = tuple((cls, class_paths[cls], len(classes[cls]))
                           for cls in sorted(classes, key=lambda c: (-len(classes[c]), c)))
        index_ctx = Context(view, pages, "index.html")
        _write(tmp, "index.html", index_page(
            index_ctx, documents=tuple(documents), classes=class_rows, downloads=tuple(downloads),
            search=search_entries(view, pages, tuple(entities)), network="network.html" if net_html else None))
        count = len(entities) + len(documents) + len(classes) + 1 + (1 if net_html else 0)
        _swap_in(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return SiteSummary(out=out, pages=count, entities=len(entities), documents=len(documents),
                       downloads=tuple(p for p, _ in downloads), network=net_html is not None)
