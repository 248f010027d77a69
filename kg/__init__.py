"""kg — Chinese local-government work reports as an RDF knowledge graph.

The pipeline: read → normalize → segment → extract → resolve → rdf → store/query → viz/site/serve.

Only the errors are imported at once; every other public name is imported on first use, so ``import kg``
and ``kg --help`` stay fast::

    import kg
    ds = kg.load()                       # the built graph (data/kg) in the Oxigraph store
    df = kg.query("honours")             # a named query (or SPARQL text) as a pandas DataFrame
    kg.build(["data/raw/yuantan-2023-work-report.txt"], out_dir="data/kg")
"""

from __future__ import annotations

from importlib import import_module

from .errors import InputError, KGError, QueryError, StepError, ValidationError

_MODEL = ("Concept", "Document", "DocumentMeta", "Entity", "Extraction", "Fact", "Mention", "Normalized",
          "NormalizeReport", "Period", "Provenance", "Quantity", "Section", "Sentence", "Value")

#: Public names resolved on first use: name → (module, attribute or None for the module itself).  The
#: pipeline modules keep their names (``kg.normalize.normalize``, ``kg.segment.segment``,
#: ``kg.extract.extract``, ``kg.validate.validate``); ``kg.query`` and ``kg.build`` are modules that can also be
#: called: ``kg.query("honours")`` is ``kg.query.query_frame("honours")`` and ``kg.build()`` is
#: ``kg.build.build()``.
_LAZY: dict[str, tuple[str, str | None]] = {
    **{name: ("kg.model", name) for name in _MODEL},
    "decode": ("kg.read", "decode"),
    "read_file": ("kg.read", "read_file"),
    "normalize_file": ("kg.normalize", "normalize_file"),
    "load_document": ("kg.segment", "load_document"),
    "extract_file": ("kg.extract", "extract_file"),
    "parse_quantity": ("kg.quantity", "parse_quantity"),
    "find_quantities": ("kg.quantity", "find_quantities"),
    "merge_entities": ("kg.resolve", "merge_entities"),
    "to_dataset": ("kg.rdf", "to_dataset"),
    "normalize": ("kg.normalize", None),
    "segment": ("kg.segment", None),
    "extract": ("kg.extract", None),
    "validate": ("kg.validate", None),
    "build": ("kg.build", None),
    "BuildResult": ("kg.build", "BuildResult"),
    "load": ("kg.store", "load"),
    "StoreKind": ("kg.store", "StoreKind"),
    "query": ("kg.query", None),
    "query_frame": ("kg.query", "query_frame"),
    "named_queries": ("kg.query", "named_queries"),
    "Result": ("kg.results", "Result"),
    "ResultFormat": ("kg.results", "ResultFormat"),
    "ValidationReport": ("kg.validate", "ValidationReport"),
    "load_ontology": ("kg.ontology", "load_ontology"),
    "evaluate": ("kg.evaluate", "evaluate"),
    "load_gold": ("kg.evaluate", "load_gold"),
    "viz": ("kg.viz", None),
    "to_networkx": ("kg.network", "to_networkx"),
    "rank_centrality": ("kg.analysis", "rank_centrality"),
    "communities": ("kg.analysis", "communities"),
    "explain_path": ("kg.analysis", "explain_path"),
    "share_check": ("kg.consistency", "share_check"),
    "share_checks": ("kg.consistency", "share_checks"),
    "ensure_built": ("kg.workspace", "ensure_built"),
    "plot": ("kg.plot", None),
}

__all__ = ["InputError", "KGError", "QueryError", "StepError", "ValidationError", *_LAZY]


def __getattr__(name: str) -> object:
    try:
        module, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'kg' has no attribute {name!r}") from None
    mod = import_module(module)
    value = mod if attr is None else getattr(mod, attr)
    if attr is not None:  # a submodule binds itself on import; plain attributes are cached here
        globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
