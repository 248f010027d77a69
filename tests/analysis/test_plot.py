"""Charts render Chinese with a real CJK font (no missing glyphs); one PNG goes to artifacts/ for a look."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

from matplotlib import font_manager  # noqa: E402

from kg.errors import KGError  # noqa: E402
from kg.analysis.plot import plot_changes, plot_investment, plot_progress, readable, setup_cjk_font  # noqa: E402
from tests.conftest import ROOT

ARTIFACTS = ROOT / "artifacts"

PROJECTS = pd.DataFrame({
    "project": ["中国南部物流枢纽二期", "钛美二期项目", "宏威光伏", "金沙工业园污水处理系统工程", "锦鸿集聚园区基础设施项目"],
    "progress": [87.01, 84.01, 109.09, None, None],
    "investment": [None, None, None, 29_000_000, 150_000_000],
})
CHANGES = pd.DataFrame({"measure": ["规上工业总产值", "固定资产投资"], "change": [-6.96, 32.7]})


def _render(fig, path: Path | None = None) -> list[str]:
    """Draw the figure, returning the messages of every warning raised while drawing."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(io.BytesIO() if path is None else path, format="png", dpi=110)
    return [str(w.message) for w in caught]


def test_setup_picks_a_noto_cjk_font():
    family = setup_cjk_font()
    path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    assert "CJK" in family
    assert Path(path).name.startswith("NotoSansCJK"), path
    assert matplotlib.rcParams["font.sans-serif"][0] == family


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("investment", lambda: plot_investment(PROJECTS)),
        ("progress", lambda: plot_progress(PROJECTS)),
        ("changes", lambda: plot_changes(CHANGES)),
    ],
)
def test_charts_render_chinese_without_missing_glyphs(name, make):
    fig = make()
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"plot-{name}.png"
    messages = _render(fig, path)
    assert not [m for m in messages if "missing from font" in m], messages
    assert path.stat().st_size > 5_000
    texts = [t.get_text() for t in fig.axes[0].get_yticklabels()] + [fig.axes[0].get_title()]
    assert any("项" in t or "投" in t or "同" in t for t in texts)
    used = {Path(font_manager.findfont(t.get_fontproperties())).name for t in fig.axes[0].get_yticklabels()}
    assert used and all(n.startswith("NotoSansCJK") for n in used), used


def test_bars_follow_the_values():
    fig = plot_investment(PROJECTS)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["金沙工业园污水处理系统工程", "锦鸿集聚园区基础设施项目"]
    assert [round(b.get_width(), 2) for b in ax.patches] == [0.29, 1.5]
    assert ax.get_xlabel() == "投资额(亿元)"


def test_figures_sharing_a_label_are_told_apart_and_repeats_dropped():
    df = pd.DataFrame({
        "measure": ["增长率", "增长率", "增长率", "增长率", "工业总产值"],
        "change": [32, 32, 44, 9.3, -6.96],
        "text": ["接诊量同比增长32%", "同比增长32%", "44%", "9.3%", "102.79亿元，同比下降6.96%"],
    })
    ax = plot_changes(df).axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["工业总产值", "增长率:9.3%", "增长率:同比增长32%", "增长率:44%"]
    assert [round(b.get_width(), 2) for b in ax.patches] == [-6.96, 9.3, 32.0, 44.0]


def test_the_glyph_check_can_fail():
    """Drawn with a Latin-only font, Chinese text does raise the warning the chart test looks for."""
    from matplotlib.figure import Figure

    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        fig = Figure()
        fig.add_subplot().set_title("源潭镇")
        messages = _render(fig)
    assert any("missing from font" in m for m in messages)


@pytest.mark.parametrize(
    ("plot", "df", "message"),
    [
        (plot_investment, pd.DataFrame({"name": ["x"], "investment": [1]}), "no column 'project'"),
        (plot_progress, pd.DataFrame({"project": ["x"], "progress": [None]}), "no row has a number"),
        (plot_changes, pd.DataFrame({"measure": ["x"]}), "no column 'change'"),
    ],
)
def test_unusable_tables_are_refused(plot, df, message):
    with pytest.raises(KGError, match=message):
        plot(df)


MIXED = pd.DataFrame({
    "subject": ["石门镇", "东岭区中医院", "东岭区中医院", "石门镇"],
    "measure": ["工业总产值", "接诊量", "手术量", "固定资产投资"],
    "change": [-6.96, 32, 44, 32.7],
})


def test_each_subject_gets_its_own_chart():
    fig = plot_changes(MIXED)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["东岭区中医院 · 同比增减", "石门镇 · 同比增减"]
    assert [[t.get_text() for t in ax.get_yticklabels()] for ax in fig.axes] == [["接诊量", "手术量"],
                                                                                ["工业总产值", "固定资产投资"]]


def test_one_subject_only():
    fig = plot_changes(MIXED, subject="石门镇")
    assert len(fig.axes) == 1 and fig.axes[0].get_title() == "石门镇 · 同比增减"
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["工业总产值", "固定资产投资"]
    with pytest.raises(KGError, match="no figure of '西岭镇'; the table has figures of 东岭区中医院, 石门镇"):
        plot_changes(MIXED, subject="西岭镇")


def test_readable_amounts_in_wan_and_yi():
    df = pd.DataFrame({"value": [1951000000, 57250000, 87.01, 2000, None], "unit": ["CNY", "CNY", "percent", "mu", "CNY"]})
    assert readable(df)["amount"].tolist() == ["19.51亿元", "5725万元", "87.01%", "2000亩", ""]
    projects = readable(PROJECTS, value="investment", unit="CNY")
    assert list(projects.columns) == ["project", "progress", "investment", "amount"]
    assert projects["amount"].tolist() == ["", "", "", "2900万元", "1.5亿元"]
