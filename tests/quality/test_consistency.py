"""share_check recomputes stated shares; share_checks finds part/whole/percentage triples in a graph."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.quality.consistency import share_check, share_checks
from kg.errors import KGError
from tests.analysis_fixture import make_dataset


@pytest.mark.parametrize(
    ("part", "whole", "stated", "computed", "difference", "consistent"),
    [
        (4.99e8, 6.55e8, 76.21, 76.18, -0.03, False),   # 截至10月已完成投资4.99亿元,占年度总投资76.21%
        (259, 261, 99.23, 99.23, 0.0, True),             # 调处成功259件,调处成功率99.23%
        ("24760000", "96230000", "25.73", 25.73, 0.0, True),
        (Decimal("1"), Decimal("3"), Decimal("33.3"), 33.3, 0.0, True),
        (2, 3, 67, 67.0, 0.0, True),                      # a whole-number percentage rounds to whole numbers
        (1, 8, 12.6, 12.5, -0.1, False),
    ],
)
def test_share_check(part, whole, stated, computed, difference, consistent):
    result = share_check(part, whole, stated)
    assert result["computed"] == computed
    assert result["difference"] == difference
    assert result["consistent"] is consistent
    assert result["stated"] == float(stated)


def test_tolerance_widens_consistency():
    assert share_check(4.99e8, 6.55e8, 76.21, tolerance=0.05)["consistent"] is True


@pytest.mark.parametrize(
    ("part", "whole", "stated", "message"),
    [
        (1, 0, 50, "whole is zero"),
        ("四亿", 6.55e8, 76.21, "part '四亿' is not a number"),
        (1, 2, float("nan"), "not a finite number"),
    ],
)
def test_bad_figures_are_refused(part, whole, stated, message):
    with pytest.raises(KGError, match=message):
        share_check(part, whole, stated)


def test_share_checks_finds_every_stated_share():
    table = share_checks(make_dataset())
    rows = table[["part_text", "whole_text", "stated_text", "computed", "difference", "consistent"]]
    assert rows.values.tolist() == [
        ["4.99亿元", "6.55亿元", "76.21%", 76.18, -0.03, False],
        ["259件", "261件", "99.23%", 99.23, 0.0, True],
    ]
    assert table.loc[0, "sentence_text"].startswith("重点项目预计年内全额完成计划总投资6.55亿元")


def test_share_checks_is_the_same_on_oxigraph():
    assert share_checks(make_dataset("Oxigraph")).equals(share_checks(make_dataset()))
