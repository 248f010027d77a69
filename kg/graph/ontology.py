"""The shipped ontology files (OWL ontology, SKOS concepts, SHACL shapes), loaders for them, the
measure lexicon, and the tables of ``ontology/README.md`` rendered from the ontology itself.

The canonical files live in ``ontology/`` at the root of the repository.  A source checkout or an
editable install reads them there; a regular install reads the copy that setuptools places in the
package as ``kg/_ontology/`` (``package-dir`` mapping in ``pyproject.toml``).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from .vocab import CLASSES, CONCEPT_SCHEMES, KG, KGC, PREFIXES, PROPERTIES

if TYPE_CHECKING:
    from rdflib import Graph

ONTOLOGY_FILE = "kg.ttl"
CONCEPTS_FILE = "concepts.ttl"
SHAPES_FILE = "shapes.ttl"
README_FILE = "README.md"

#: Namespace of the SHACL shapes in ``shapes.ttl``.
SHAPES_NS = "https://w3id.org/kg-cn/shapes#"

_BEGIN = "<!-- BEGIN GENERATED from kg.ttl and concepts.ttl by `make regen` -->"
_END = "<!-- END GENERATED -->"


def ontology_dir() -> Path:
    """Directory that holds ``kg.ttl``, ``concepts.ttl``, ``shapes.ttl`` and ``README.md``.

    Returns:
        ``ontology/`` at the repository root when running from a checkout (or an editable install),
        otherwise the packaged copy ``kg/_ontology/``.

    Raises:
        InputError: if neither location holds ``kg.ttl`` (a broken installation).
    """
    here = Path(__file__).resolve().parent.parent  # the kg package
    for candidate in (here.parent / "ontology", here / "_ontology"):
        if (candidate / ONTOLOGY_FILE).is_file():
            return candidate
    raise InputError(f"cannot find {ONTOLOGY_FILE} in {here.parent / 'ontology'} or {here / '_ontology'}; "
                     "reinstall kg")


def ontology_path() -> Path:
    """Path of the OWL ontology ``kg.ttl``."""
    return ontology_dir() / ONTOLOGY_FILE


def concepts_path() -> Path:
    """Path of the SKOS concept schemes ``concepts.ttl``."""
    return ontology_dir() / CONCEPTS_FILE


def shapes_path() -> Path:
    """Path of the SHACL shapes ``shapes.ttl``."""
    return ontology_dir() / SHAPES_FILE


def readme_path() -> Path:
    """Path of the ontology's documentation ``README.md``."""
    return ontology_dir() / README_FILE


def measures_path() -> Path:
    """Path of the measure lexicon ``kg/data/measures.tsv``."""
    return Path(__file__).resolve().parent.parent / "data" / "measures.tsv"


def _bind(graph: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    graph.bind("kgsh", SHAPES_NS, override=True)
    return graph


def load_ontology(*, concepts: bool = True) -> Graph:
    """Load the ontology as a fresh rdflib graph.

    Args:
        concepts: also load the SKOS concept schemes (``concepts.ttl``).

    Returns:
        A new ``rdflib.Graph`` with the kg prefixes bound; the caller may modify it.

    Raises:
        InputError: if the files are missing.
    """
    from rdflib import Graph

    graph = _bind(Graph())
    graph.parse(ontology_path(), format="turtle")
    if concepts:
        graph.parse(concepts_path(), format="turtle")
    return graph


def load_shapes() -> Graph:
    """Load the SHACL shapes (``shapes.ttl``) as a fresh rdflib graph.

    Raises:
        InputError: if the file is missing.
    """
    from rdflib import Graph

    return _bind(Graph()).parse(shapes_path(), format="turtle")


# ------------------------------------------------------------------------------------ measures
@dataclass(frozen=True, slots=True)
class Measure:
    """One row of the measure lexicon: the code of ``kgc:measure-<code>``, its labels and the
    Chinese keywords that signal it in report text."""

    code: str
    zh: str
    en: str
    keywords: tuple[str, ...]


def measures(path: Path | None = None) -> tuple[Measure, ...]:
    """Read the measure lexicon (``code``, ``zh``, ``en``, ``keywords`` separated by ``|``).

    Args:
        path: a TSV file with the same columns; defaults to the shipped ``kg/data/measures.tsv``.

    Returns:
        The measures in file order.

    Raises:
        InputError: if the file is missing or a row does not have four columns.

    Example:
        >>> next(m for m in measures() if m.code == "industrial-output").keywords[0]
        '工业总产值'
    """
    from ..extract.lexicon import load, rows
    from ..extract.schemas import SCHEMAS

    table = rows("measures.tsv") if path is None else load(path, SCHEMAS["measures.tsv"])
    return tuple(Measure(r.code, r.zh, r.en, r.keywords) for r in table)


# ------------------------------------------------------------------------------ documentation
@dataclass(frozen=True, slots=True)
class Term:
    """A class or property of the ontology as documented in ``ontology/README.md``."""

    name: str  # local name
    kind: str  # "class", "object property", "datatype property"
    en: str
    zh: str
    comment: str
    domain: tuple[str, ...]
    range: tuple[str, ...]
    alignment: tuple[str, ...]  # "⊑ schema:Place", "≈ skos:closeMatch target", "a qb:MeasureProperty"


def _curie(graph: Graph, node) -> str:
    from rdflib import URIRef

    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.curie(node, generate=False)
        except (ValueError, KeyError):
            return f"<{node}>"
    return str(node)


def _lang_value(graph: Graph, subject, predicate, lang: str) -> str:
    values = sorted(str(o) for o in graph.objects(subject, predicate) if getattr(o, "language", None) == lang)
    return values[0] if values else ""


def terms(graph: Graph | None = None) -> tuple[Term, ...]:
    """The classes and properties of the ontology, in ``vocab`` order, with labels and alignment.

    Args:
        graph: the ontology graph; loaded with :func:`load_ontology` when omitted.

    Returns:
        One ``Term`` per name in ``vocab.CLASSES`` then ``vocab.PROPERTIES``.
    """
    from rdflib import OWL, RDF, RDFS, Namespace

    graph = graph if graph is not None else load_ontology(concepts=False)
    schema = Namespace(PREFIXES["schema"])
    skos = Namespace(PREFIXES["skos"])
    qb = Namespace(PREFIXES["qb"])
    out = []
    for name in CLASSES + PROPERTIES:
        node = KG[name]
        types = set(graph.objects(node, RDF.type))
        if OWL.Class in types:
            kind = "class"
        elif OWL.ObjectProperty in types:
            kind = "object property"
        else:
            kind = "datatype property"
        supers = list(graph.objects(node, RDFS.subClassOf)) + list(graph.objects(node, RDFS.subPropertyOf))
        align = sorted(f"⊑ {_curie(graph, o)}" for o in supers)
        align += sorted(f"≈ {_curie(graph, o)}" for o in graph.objects(node, skos.closeMatch))
        align += sorted(f"a {_curie(graph, t)}" for t in types if t.startswith(str(qb)))
        domain = list(graph.objects(node, RDFS.domain)) or list(graph.objects(node, schema.domainIncludes))
        range_ = list(graph.objects(node, RDFS.range)) + list(graph.objects(node, schema.rangeIncludes))
        out.append(Term(
            name=name, kind=kind,
            en=_lang_value(graph, node, RDFS.label, "en"),
            zh=_lang_value(graph, node, RDFS.label, "zh-Hans"),
            comment=_lang_value(graph, node, RDFS.comment, "en"),
            domain=tuple(sorted(_curie(graph, d) for d in domain)),
            range=tuple(sorted(_curie(graph, r) for r in range_)),
            alignment=tuple(align),
        ))
    return tuple(out)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def readme_tables(graph: Graph | None = None) -> str:
    """Markdown tables of the classes, properties and concept schemes, as in ``ontology/README.md``.

    Args:
        graph: ontology plus concepts; loaded with :func:`load_ontology` when omitted.

    Returns:
        The generated block, deterministic for a given ontology.
    """
    from rdflib import Namespace

    graph = graph if graph is not None else load_ontology()
    skos = Namespace(PREFIXES["skos"])
    all_terms = terms(graph)
    lines = ["### Classes", "",
             "| class | 中文 | English | meaning | aligned to |",
             "|---|---|---|---|---|"]
    for t in all_terms:
        if t.kind == "class":
            lines.append(f"| `kg:{t.name}` | {t.zh} | {t.en} | {_cell(t.comment)} | "
                         f"{_cell(', '.join(t.alignment))} |")
    lines += ["", "### Properties", "",
              "| property | kind | 中文 | English | domain → range | meaning | aligned to |",
              "|---|---|---|---|---|---|---|"]
    for t in all_terms:
        if t.kind != "class":
            dom = ", ".join(t.domain) or "any"
            rng = ", ".join(t.range) or "any"
            lines.append(f"| `kg:{t.name}` | {t.kind.split()[0]} | {t.zh} | {t.en} | {_cell(dom)} → "
                         f"{_cell(rng)} | {_cell(t.comment)} | {_cell(', '.join(t.alignment))} |")
    lines += ["", "### Concept schemes", "",
              "| scheme | 中文 | concepts (`kgc:<scheme>-<code>`: 中文 / English) |",
              "|---|---|---|"]
    schemes = sorted({str(s) for s in graph.subjects(predicate=None, object=skos.ConceptScheme)})
    for scheme_iri in schemes:
        scheme = KGC[scheme_iri[len(str(KGC)):]]
        code = scheme_iri[len(str(KGC)):]
        concepts = sorted(graph.subjects(skos.inScheme, scheme), key=lambda c: _order(code, str(c)))
        cells = []
        for c in concepts:
            local = str(c)[len(str(KGC)):]
            cells.append(f"`{local}`: {_lang_value(graph, c, skos.prefLabel, 'zh-Hans')} / "
                         f"{_lang_value(graph, c, skos.prefLabel, 'en')}")
        lines.append(f"| `kgc:{code}` | {_lang_value(graph, scheme, skos.prefLabel, 'zh-Hans')} | "
                     f"{_cell('; '.join(cells))} |")
    return "\n".join(lines) + "\n"


def _order(scheme: str, iri: str) -> tuple[int, str]:
    codes = CONCEPT_SCHEMES.get(scheme, ())
    code = iri.rsplit("/", 1)[-1][len(scheme) + 1:]
    return (codes.index(code) if code in codes else len(codes), code)


def update_readme(path: Path | None = None) -> bool:
    """Regenerate the tables between the GENERATED markers of ``ontology/README.md``.

    Args:
        path: the README to update; defaults to :func:`readme_path`.

    Returns:
        ``True`` if the file changed.

    Raises:
        InputError: if the README lacks the markers.
    """
    path = path or readme_path()
    text = path.read_text(encoding="utf-8")
    try:
        head, rest = text.split(_BEGIN, 1)
        _, tail = rest.split(_END, 1)
    except ValueError as e:
        raise InputError(f"{path}: missing the GENERATED markers") from e
    new = f"{head}{_BEGIN}\n\n{readme_tables()}\n{_END}{tail}"
    if new == text:
        return False
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(new)
    os.replace(tmp, path)
    return True


def generated_block(text: str) -> str:
    """The generated part of a README text (between the markers), or ``""`` if absent."""
    if _BEGIN not in text or _END not in text:
        return ""
    return text.split(_BEGIN, 1)[1].split(_END, 1)[0].strip("\n") + "\n"
