"""Charts of a report's projects and figures, with Chinese labels that render.

matplotlib's default font has no Chinese characters: without help every label comes out as empty boxes.
:func:`setup_cjk_font` finds an installed font that has them (Noto Sans CJK from Debian's
``fonts-noto-cjk`` first) and makes it the default; the plot functions call it themselves.  Each plot
function takes a DataFrame (by default with the columns of the named queries ``projects`` and
``indicator-changes``) and returns a matplotlib ``Figure``; :func:`readable` writes a table's figures as a reader
does (19.51亿元, not 1.951e+09); none of
them touches pyplot's global state, so they work in scripts, tests and notebooks alike.  In Jupyter,
run ``%matplotlib inline`` once so that a returned ``Figure`` is shown; ``fig.savefig(path)`` writes it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ..errors import KGError

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Font families tried first, best first; any other installed font that covers Chinese comes after.
PREFERRED_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "Noto Sans CJK TC",
    "Noto Sans CJK JP", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Microsoft YaHei", "SimHei",
    "PingFang SC", "Noto Serif CJK SC",
)

#: Characters a font must have to count as covering Chinese (common words of the reports).
_PROBE = "镇村项目投资进度亿元"

_chosen: str | None = None


def _covers(path: str) -> bool:
    """Whether the font file at ``path`` has a glyph for every probe character."""
    from matplotlib.ft2font import FT2Font

    try:
        charmap = FT2Font(path).get_charmap()
    except (OSError, RuntimeError, ValueError):
        return False
    return all(ord(c) in charmap for c in _PROBE)


def _installed_families() -> dict[str, str]:
    """Font family → file, as matplotlib's font manager knows them (first file per family)."""
    from matplotlib import font_manager

    families: dict[str, str] = {}
    for entry in sorted(font_manager.fontManager.ttflist, key=lambda f: (f.name, f.weight != 400, f.fname)):
        families.setdefault(entry.name, entry.fname)
    return families


def _register_system_cjk_fonts() -> None:
    """Add CJK font files installed after matplotlib built its font cache (the cache is not refreshed)."""
    from matplotlib import font_manager

    known = {f.fname for f in font_manager.fontManager.ttflist}
    for path in sorted(font_manager.findSystemFonts()):
        if path not in known and "cjk" in path.lower() and _covers(path):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue


def find_cjk_font() -> tuple[str, str]:
    """The font family to draw Chinese with and the file matplotlib will use for it.

    :returns: ``(family, path)``, preferring :data:`PREFERRED_FAMILIES`, else the alphabetically first
        installed family whose font covers common Chinese characters.
    :raises KGError: if no installed font covers Chinese.
    """
    families = _installed_families()
    if not any(f in families for f in PREFERRED_FAMILIES):
        _register_system_cjk_fonts()
        families = _installed_families()
    for family in PREFERRED_FAMILIES:
        if family in families and _covers(families[family]):
            return family, families[family]
    for family, path in sorted(families.items()):
        if _covers(path):
            return family, path
    raise KGError(
        "no installed font has Chinese characters, so chart labels would show as empty boxes; "
        "install one (Debian/Ubuntu: apt-get install fonts-noto-cjk), then restart Python"
    )


def setup_cjk_font() -> str:
    """Make matplotlib draw Chinese text with an installed CJK font, and return that font's family.

    Sets ``font.family`` to sans-serif with the chosen family first, and draws the minus sign as an
    ASCII hyphen (several CJK fonts lack U+2212).  Calling it again is cheap.

    :returns: the family name, e.g. ``"Noto Sans CJK SC"``.
    :raises KGError: if no installed font covers Chinese (see :func:`find_cjk_font`).
    """
    import matplotlib

    global _chosen
    if _chosen is None:
        _chosen = find_cjk_font()[0]
    rc = matplotlib.rcParams
    rest = [f for f in rc["font.sans-serif"] if f != _chosen]
    rc["font.family"] = ["sans-serif"]
    rc["font.sans-serif"] = [_chosen, *rest]
    rc["axes.unicode_minus"] = False
    return _chosen


def _figure(rows: int, *, width: float = 8.0) -> Figure:
    from matplotlib.figure import Figure

    setup_cjk_font()
    return Figure(figsize=(width, max(2.5, 0.45 * rows + 1.2)), layout="constrained")


def _bar_rows(df: pd.DataFrame, label: str, value: str, what: str, detail: str | None = None) -> pd.DataFrame:
    """The rows the plot ``what`` draws as bars: one number per label, the largest at the top.

    :raises KGError: if a column is missing or no row has a number.
    """
    missing = [c for c in (label, value) if c not in df.columns]
    if missing:
        raise KGError(
            f"{what}: the table has no column {', '.join(map(repr, missing))}; "
            f"its columns are {', '.join(map(str, df.columns))}; pass the right names as keywords"
        )
    data = _numeric(df, label, value, detail).sort_values(["value", "label"], ascending=[True, False])
    if data.empty:
        raise KGError(f"{what}: no row has a number in column {value!r}; nothing to plot")
    return data


def _bars(data: pd.DataFrame, lengths: pd.Series, texts: list[str], colors: str | list[str], *, xlabel: str,
          title: str) -> tuple[Figure, Axes]:
    """A figure of horizontal bars, one per row of ``data``, each labelled with its text."""
    fig = _figure(len(data))
    ax = fig.add_subplot()
    bars = ax.barh(data["label"], lengths, color=colors)
    ax.bar_label(bars, labels=texts, padding=3, fontsize=9)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    return fig, ax


def _numeric(df: pd.DataFrame, label: str, value: str, detail: str | None = None) -> pd.DataFrame:
    """Label and number per row; rows without a number dropped, repeated (label, number) rows kept once.

    When one label still names several numbers (three figures all called 增长率), each gets the shortest
    text of its ``detail`` column after a colon, or a running number when there is no such column.
    """
    import pandas as pd

    out = pd.DataFrame({"label": df[label].astype(str), "value": pd.to_numeric(df[value], errors="coerce")})
    has_detail = detail is not None and detail in df.columns
    out["detail"] = df[detail].fillna("").astype(str) if has_detail else ""
    out = out.dropna(subset=["value"])
    out = out.assign(_len=out["detail"].str.len()).sort_values(["label", "value", "_len", "detail"])
    out = out.drop_duplicates(subset=["label", "value"]).drop(columns="_len")
    repeated = out["label"].duplicated(keep=False)
    if repeated.any():
        number = out.groupby("label").cumcount() + 1
        suffix = out["detail"].where(out["detail"] != "", "#" + number.astype(str))
        out.loc[repeated, "label"] = out.loc[repeated, "label"] + ":" + suffix[repeated]
    return out


def _money_scale(top: float) -> tuple[float, str]:
    """Divide CNY amounts by 10⁸ (亿元) or 10⁴ (万元), whichever reads better."""
    if top >= 1e8:
        return 1e8, "亿元"
    if top >= 1e4:
        return 1e4, "万元"
    return 1.0, "元"


def plot_investment(
    df: pd.DataFrame, *, label: str = "project", value: str = "investment", title: str = "项目投资"
) -> Figure:
    """Horizontal bars of investment per project, largest at the top, in 亿元 or 万元.

    :param df: one row per project; rows without a number in ``value`` are left out.
    :param label: the column with the project names.
    :param value: the column with the amounts in CNY (yuan).
    :param title: the chart title.
    :returns: a matplotlib ``Figure``.
    :raises KGError: if a column is missing, no row has an amount, or no font covers Chinese.
    """
    data = _bar_rows(df, label, value, "plot_investment")
    scale, unit = _money_scale(float(data["value"].max()))
    fig, ax = _bars(data, data["value"] / scale, [f"{v / scale:,.2f}" for v in data["value"]], "#3b7dd8",
                    xlabel=f"投资额({unit})", title=title)
    ax.margins(x=0.15)
    return fig


def plot_progress(
    df: pd.DataFrame, *, label: str = "project", value: str = "progress", title: str = "项目建设进度"
) -> Figure:
    """Horizontal bars of percent complete per project, with a line at 100%.

    :param df: one row per project; rows without a number in ``value`` are left out.
    :param label: the column with the project names.
    :param value: the column with the percentages (87.01 means 87.01%).
    :param title: the chart title.
    :returns: a matplotlib ``Figure``.
    :raises KGError: if a column is missing, no row has a percentage, or no font covers Chinese.
    """
    data = _bar_rows(df, label, value, "plot_progress")
    fig, ax = _bars(data, data["value"], [f"{v:g}%" for v in data["value"]],
                    ["#2e9d5b" if v >= 100 else "#e3a21a" for v in data["value"]],
                    xlabel="完成进度(%)", title=title)
    ax.axvline(100, color="#555555", linestyle="--", linewidth=1)
    ax.set_xlim(0, max(110.0, math.ceil(float(data["value"].max()) / 10) * 10 + 15))
    return fig


def plot_changes(
    df: pd.DataFrame, *, label: str = "measure", value: str = "change", detail: str | None = "text",
    title: str = "同比增减", subject: str | None = None, by: str = "subject",
) -> Figure:
    """Bars of year-on-year change per figure: growth to the right in green, decline to the left in red; the
    figures of each subject (a town, a hospital, a project) in a chart of their own.

    :param df: one row per figure; rows without a number in ``value`` are left out.
    :param label: the column naming the figure (measure or its text).
    :param value: the column with the signed change in percent (-6.96 for 同比下降6.96%).
    :param detail: a column (if present) whose text tells apart figures that share a label.
    :param title: the chart title; each chart's title starts with its subject.
    :param subject: draw only the figures of this subject (a value of the column ``by``).
    :param by: the column naming what each figure is about; without it, all rows make one chart.
    :returns: a matplotlib ``Figure``.
    :raises KGError: if a column is missing, no row has a change (of ``subject``), or no font covers Chinese.
    """
    if by in df.columns:
        if subject is not None:
            known = sorted(df[by].dropna().astype(str).unique())
            df = df[df[by].astype(str) == subject]
            if df.empty:
                raise KGError(f"plot_changes: no figure of {subject!r}; the table has figures of "
                              f"{', '.join(known) or 'nothing'}")
        groups = [(str(s), part) for s, part in df.groupby(df[by].fillna("").astype(str), sort=True)]
    else:
        groups = [("", df)]
    parts = [(s, _bar_rows(part, label, value, "plot_changes", detail)) for s, part in groups]
    fig = _figure(sum(len(d) for _, d in parts) + 2 * (len(parts) - 1))
    axes = fig.subplots(len(parts), 1, squeeze=False,
                        gridspec_kw={"height_ratios": [max(len(d), 1) for _, d in parts]})[:, 0]
    for ax, (s, data) in zip(axes, parts):
        bars = ax.barh(data["label"], data["value"], color=["#2e9d5b" if v >= 0 else "#c8453b" for v in data["value"]])
        ax.bar_label(bars, labels=[f"{v:+g}%" for v in data["value"]], padding=3, fontsize=9)
        ax.set_title(f"{s} · {title}" if s else title)
        ax.axvline(0, color="#555555", linewidth=1)
        ax.margins(x=0.2)
    axes[-1].set_xlabel("同比变化(%)")
    return fig


def readable(df: pd.DataFrame, *, value: str = "value", unit: str = "unit", column: str = "amount") -> pd.DataFrame:
    """The table with a column of its figures as a reader writes them: yuan in 万元 or 亿元 (19.51亿元, not
    1.951e+09), percentages with %, other units by their Chinese word.

    :param df: a table of figures (the named queries ``town-indicators``, ``indicator-changes``, ``projects`` …).
    :param value: the column with the numbers.
    :param unit: the column with the unit codes, or one unit code for every row (``"CNY"``).
    :param column: the name of the new column, put right after ``value``.
    :returns: a copy of ``df`` with the new column.
    :raises KGError: if ``value`` is not a column.

    >>> import pandas as pd
    >>> readable(pd.DataFrame({"value": ["1951000000", "87.01"], "unit": ["CNY", "percent"]}))["amount"].tolist()
    ['19.51亿元', '87.01%']
    """
    from ..publish.viz_graph import format_amount

    if value not in df.columns:
        raise KGError(f"readable: the table has no column {value!r}; its columns are {', '.join(map(str, df.columns))}")
    units = df[unit] if unit in df.columns else [unit] * len(df)
    shown = [format_amount(v, str(u)) if v is not None and str(v) not in ("", "nan", "None") else ""
             for v, u in zip(df[value], units)]
    out = df.copy()
    out.insert(list(out.columns).index(value) + 1, column, shown)
    return out
