"""kg — Chinese local-government work reports as an RDF knowledge graph.

The package is laid out as the pipeline: ``kg.text`` (read, normalize, segment) → ``kg.extract`` (components,
quantities, resolution) → ``kg.graph`` (RDF, store, query, validate) → ``kg.quality`` (evaluation) →
``kg.analysis`` (networkx, plots) → ``kg.publish`` (network page, site, endpoint, push); ``kg.pipeline`` runs
them all for ``kg build``.

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
#: stage functions are plain functions (``kg.normalize``, ``kg.segment``, ``kg.validate``, ``kg.build``,
#: ``kg.query``); ``kg.extract`` is the extraction subpackage, whose ``extract`` function extracts a document.
_LAZY: dict[str, tuple[str, str | None]] = {
    **{name: ("kg.model", name) for name in _MODEL},
    "decode": ("kg.text.read", "decode"),
    "read_file": ("kg.text.read", "read_file"),
    "normalize": ("kg.text.normalize", "normalize"),
    "normalize_file": ("kg.text.normalize", "normalize_file"),
    "segment": ("kg.text.segment", "segment"),
    "load_document": ("kg.text.segment", "load_document"),
    "extract": ("kg.extract", None),
    "extract_file": ("kg.extract", "extract_file"),
    "parse_quantity": ("kg.extract.quantity", "parse_quantity"),
    "find_quantities": ("kg.extract.quantity", "find_quantities"),
    "merge_entities": ("kg.extract.resolve", "merge_entities"),
    "identify": ("kg.extract.identity", "identify"),
    "to_dataset": ("kg.graph.rdf", "to_dataset"),
    "validate": ("kg.graph.validate", "validate"),
    "ValidationReport": ("kg.graph.validate", "ValidationReport"),
    "build": ("kg.pipeline", "build"),
    "BuildResult": ("kg.pipeline", "BuildResult"),
    "load": ("kg.graph.store", "load"),
    "open_build": ("kg.graph.store", "open_build"),
    "store_status": ("kg.graph.store", "store_status"),
    "store_dir": ("kg.graph.store", "store_dir"),
    "StoreKind": ("kg.graph.store", "StoreKind"),
    "query": ("kg.graph.query", "query_frame"),
    "query_frame": ("kg.graph.query", "query_frame"),
    "named_queries": ("kg.graph.query", "named_queries"),
    "Result": ("kg.graph.results", "Result"),
    "ResultFormat": ("kg.graph.results", "ResultFormat"),
    "load_ontology": ("kg.graph.ontology", "load_ontology"),
    "evaluate": ("kg.quality.evaluate", "evaluate"),
    "load_gold": ("kg.quality.evaluate", "load_gold"),
    "share_check": ("kg.quality.consistency", "share_check"),
    "share_checks": ("kg.quality.consistency", "share_checks"),
    "to_networkx": ("kg.analysis.network", "to_networkx"),
    "rank_centrality": ("kg.analysis.structure", "rank_centrality"),
    "communities": ("kg.analysis.structure", "communities"),
    "explain_path": ("kg.analysis.structure", "explain_path"),
    "plot": ("kg.analysis.plot", None),
    "viz": ("kg.publish.viz", None),
    "export_network": ("kg.publish.export", "export"),
    "ExportFormat": ("kg.publish.export", "ExportFormat"),
    "ensure_built": ("kg.workspace", "ensure_built"),
}

__all__ = ["InputError", "KGError", "QueryError", "StepError", "ValidationError", *_LAZY]


def __getattr__(name: str) -> object:
    try:
        module, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'kg' has no attribute {name!r}") from None
    mod = import_module(module)
    value = mod if attr is None else getattr(mod, attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
