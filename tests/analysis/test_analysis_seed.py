"""The notebooks' key results, checked through the same API on the graph built from the bundled report."""

from __future__ import annotations

import json
import re

import pytest

from kg.analysis.structure import communities, explain_path, rank_centrality
from kg.quality.consistency import share_check, share_checks
from kg.analysis.network import to_networkx
from tests.conftest import ROOT

GOLD = ROOT / "data" / "gold" / "yuantan-2023.json"


def _key(text: str) -> str:
    """A name without punctuation or spaces, so （2020-2022年） and (2020-2022年) compare equal."""
    return re.sub(r"[\W_]+", "", text)


@pytest.fixture(scope="module")
def seed_graph(seed_build):
    from kg.graph.store import load

    return load(seed_build.path)


@pytest.fixture(scope="module")
def net(seed_graph):
    return to_networkx(seed_graph)


def _frame(name, graph):
    from kg.graph.query import query_frame

    return query_frame(name, dataset=graph)


def test_ensure_built_builds_a_missing_folder(seed_build, tmp_path):
    from kg.workspace import ensure_built

    out = tmp_path / "kg"
    assert ensure_built(out, reports_dir=ROOT / "data" / "raw") == out
    assert (out / "yuantan-2023.ttl").read_bytes() == (seed_build.path / "yuantan-2023.ttl").read_bytes()


def test_ensure_built_reuses_an_existing_build(seed_build, tmp_path):
    from kg.workspace import ensure_built

    before = (seed_build.path / "kg.nq").stat().st_mtime_ns
    assert ensure_built(seed_build.path, reports_dir=tmp_path / "no-reports-here") == seed_build.path
    assert (seed_build.path / "kg.nq").stat().st_mtime_ns == before


def test_ensure_built_without_reports_is_a_clear_error(tmp_path):
    from kg.errors import InputError
    from kg.workspace import ensure_built

    with pytest.raises(InputError, match="no such folder"):
        ensure_built(tmp_path / "kg", reports_dir=tmp_path / "raw")


def test_honours_table_has_one_row_per_conferral(seed_graph):
    honours = _frame("honours", seed_graph)
    counts = dict(_frame("things-per-class", seed_graph)[["class", "count"]].itertuples(index=False))
    assert len(honours) == counts["AwardConferral"]
    assert honours["recipient"].notna().all() and honours["award"].notna().all()


def test_every_hand_checked_conferral_is_one_row_of_the_honours_table(seed_graph):
    honours = _frame("honours", seed_graph)
    rows = [(_key(r), _key(a)) for r, a in zip(honours["recipient"], honours["award"])]
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["conferrals"]
    assert gold
    for c in gold:
        assert rows.count((_key(c["recipient"]), _key(c["award"]))) == 1, (c["recipient"], c["award"])


@pytest.mark.parametrize(
    ("recipient", "award", "bodies"),
    [
        ("李韫哲", "全省粮食生产、撂荒耕地复耕复种先进个人", {"广东省人力资源和社会保障厅", "广东省农业农村厅"}),
        ("源潭镇", "2022年信访工作示范乡镇", {"广东省信访工作联席会议办公室", "广东省信访局"}),
        ("胡灿均", "清远市地质灾害防治三年行动（2020-2022年）表现突出个人", {"清远市地质灾害防治工作领导小组"}),
    ],
)
def test_honours_name_recipient_award_and_bodies(seed_graph, recipient, award, bodies):
    honours = _frame("honours", seed_graph)
    rows = honours[(honours["recipient"] == recipient) & (honours["award"].map(_key) == _key(award))]
    assert len(rows) == 1
    assert set(rows.iloc[0]["conferredBy"].split("、")) == bodies


def test_class_counts_add_up_to_the_typed_nodes(seed_graph):
    counts = _frame("things-per-class", seed_graph)
    assert counts["count"].is_monotonic_decreasing
    assert dict(counts[["class", "count"]].itertuples(index=False))["Town"] == 1


@pytest.mark.parametrize("kind", ["degree", "betweenness"])
def test_centrality_ranks_the_town_first(net, kind):
    top = rank_centrality(net, kind, top=2)
    assert (top.loc[1, "label"], top.loc[1, "type"]) == ("源潭镇", "Town")
    assert top.loc[1, "score"] > 2 * top.loc[2, "score"]


def test_network_leaves_plumbing_out_and_keeps_entities(net):
    kinds = {d["type"] for _, d in net.nodes(data=True)}
    assert {"Town", "Village", "Person", "Project", "AwardConferral"} <= kinds
    assert not kinds & {"Sentence", "Document", "Observation"}


def test_communities_are_deterministic(net, seed_graph):
    groups = communities(net)
    assert groups == communities(to_networkx(seed_graph))
    assert set().union(*groups) == set(net.nodes)


def test_path_between_two_people_is_explained_by_edges(net):
    steps = explain_path(net, "李韫哲", "梁韶宝")
    assert steps[0] == ("李韫哲", "所属单位", "源潭镇")
    assert steps[-1] == ("梁韶宝", "所属单位", "积余村")
    for a, b in zip(steps, steps[1:]):
        assert {a.from_label, a.to_label} & {b.from_label, b.to_label}


def test_stated_share_of_key_project_investment_is_rechecked(seed_graph):
    checks = share_checks(seed_graph)
    row = checks[(checks["part_text"].str.endswith("4.99亿元")) & (checks["whole_text"].str.endswith("6.55亿元"))]
    assert len(row) == 1
    assert (row.iloc[0]["stated"], row.iloc[0]["computed"], row.iloc[0]["difference"]) == (76.21, 76.18, -0.03)
    assert share_check(4.99e8, 6.55e8, 76.21) == {
        "part": 4.99e8, "whole": 6.55e8, "stated": 76.21, "computed": 76.18, "difference": -0.03,
        "consistent": False,
    }


def test_dispute_resolution_rate_is_consistent(seed_graph):
    checks = share_checks(seed_graph)
    row = checks[checks["stated_text"].str.endswith("99.23%")]
    assert row[["part", "whole", "computed", "consistent"]].values.tolist() == [[259.0, 261.0, 99.23, True]]


def test_ensure_built_writes_the_store_a_fresh_clone_lacks(seed_build, tmp_path):
    import shutil

    from kg.graph.store import store_status
    from kg.workspace import ensure_built

    out = tmp_path / "kg"
    out.mkdir()
    for f in seed_build.path.iterdir():
        if f.is_file():  # the committed files of data/kg, without the store
            shutil.copy2(f, out / f.name)
    assert not store_status(out).fresh
    ensure_built(out, reports_dir=ROOT / "data" / "raw")
    assert store_status(out).fresh
