"""The test configuration's warning filters (pyproject.toml): a warning raised from kg's own code fails the
test that triggers it, and rdflib's deprecations of its own Dataset API (rdflib issue 3475) stay quiet."""

from __future__ import annotations

import warnings

import pytest

_WARN = "import warnings\nwarnings.warn({message!r}, {category})"


def _warn_from(module: str, message: str, category: str = "UserWarning") -> None:
    """Raise a warning as code of ``module`` would (the filters match the module that warns)."""
    exec(_WARN.format(message=message, category=category), {"__name__": module})


@pytest.mark.parametrize("module", ["kg", "kg.graph.rdf"])
def test_a_warning_from_kg_is_an_error(module):
    with pytest.raises(UserWarning, match="from kg"):
        _warn_from(module, "from kg")
    with pytest.raises(DeprecationWarning):  # even rdflib's own deprecation, when kg's code calls the old API
        _warn_from(module, "Dataset.contexts is deprecated, use Dataset.graphs instead.", "DeprecationWarning")


def test_a_warning_from_elsewhere_is_shown():
    with warnings.catch_warnings(record=True) as caught:
        _warn_from("kgx", "not ours")
    assert [str(w.message) for w in caught] == ["not ours"]


@pytest.mark.parametrize("message", ["Dataset.contexts is deprecated, use Dataset.graphs instead.",
                                     "Dataset.default_context is deprecated, use Dataset.default_graph instead.",
                                     "ConjunctiveGraph is deprecated, use Dataset instead."])
def test_rdflib_dataset_deprecations_are_ignored(message):
    with warnings.catch_warnings(record=True) as caught:
        _warn_from("rdflib.graph", message, "DeprecationWarning")
        _warn_from("rdflib.graph", "Dataset.identifier is deprecated and will be removed", "DeprecationWarning")
    assert [str(w.message) for w in caught] == ["Dataset.identifier is deprecated and will be removed"]
