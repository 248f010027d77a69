"""The build folder a notebook or script works from: built on first use, so a fresh clone runs as is."""

from __future__ import annotations

from pathlib import Path


def ensure_built(out_dir: str | Path = "data/kg", *, reports_dir: str | Path = "data/raw") -> Path:
    """The build folder ``out_dir``, after building it from the reports in ``reports_dir`` if it holds no graph
    or no fresh store (a fresh clone has the committed files but not the store, which is not committed).

    An existing build with its store is used as it is (run ``kg build`` to refresh it).

    :param out_dir: the build folder (the one ``kg build`` writes), e.g. ``../data/kg`` from ``notebooks/``.
    :param reports_dir: the folder of the raw reports (``*.txt`` with their ``.meta.json`` sidecars).
    :returns: ``out_dir`` as a ``Path``, ready for ``kg.load``.
    :raises InputError: if nothing is built and ``reports_dir`` is missing or holds no report, or a report
        cannot be read.
    """
    from .graph.store import store_status
    from .pipeline import build, default_reports

    out = Path(out_dir)
    if not (out / "kg.nq").is_file() or not store_status(out).fresh:
        build(default_reports(reports_dir), out_dir=out)
    return out
