"""The quantity parser: values exact as Decimal, scale resolved, units, qualifiers, ranges and changes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.extract.quantity import find_quantities, parse_quantity

D = Decimal

# text, value, unit, qualifier, value_max, scale
CASES = [
    ("102.79亿元", D("10279000000"), "CNY", "exact", None, 10**8),
    ("2476万元", D("24760000"), "CNY", "exact", None, 10**4),
    ("600多万元", D("6000000"), "CNY", "at-least", None, 10**4),
    ("超6500名", D("6500"), "person", "at-least", None, 1),
    ("约2.5万亩", D("25000"), "mu", "approximate", None, 10**4),
    ("3.5%-5.2%", D("3.5"), "percent", "range", D("5.2"), 1),
    ("11.5公里", D("11.5"), "km", "exact", None, 1),
    ("148.33吨", D("148.33"), "tonne", "exact", None, 1),
    ("99.9%", D("99.9"), "percent", "exact", None, 1),
    ("763万余元", D("7630000"), "CNY", "at-least", None, 10**4),
    ("3万多人次", D("30000"), "person-time", "at-least", None, 10**4),
    ("1.1亿元", D("110000000"), "CNY", "exact", None, 10**8),
    ("49家(次)", D("49"), "enterprise", "exact", None, 1),
    ("2131.5万元", D("21315000"), "CNY", "exact", None, 10**4),
    ("65岁以上", None, None, None, None, None),
    ("两个", D("2"), "item", "exact", None, 1),
    ("三项", D("3"), "item", "exact", None, 1),
    ("一万两千名", D("12000"), "person", "exact", None, 1),
    ("1,540家", D("1540"), "enterprise", "exact", None, 1),
    ("２５万元", D("250000"), "CNY", "exact", None, 10**4),
    ("2个百分点", D("2"), "percentage-point", "exact", None, 1),
]


@pytest.mark.parametrize(("text", "value", "unit", "qualifier", "value_max", "scale"), CASES)
def test_parse_quantity(text, value, unit, qualifier, value_max, scale):
    if value is None:
        with pytest.raises(InputError, match="cannot read"):
            parse_quantity(text)
        return
    q = parse_quantity(text)
    assert (q.value, q.unit, q.qualifier, q.value_max, q.scale) == (value, unit, qualifier, value_max, scale)
    assert str(q.value) == str(value)  # canonical lexical form, no exponent
    assert q.text == text and (q.start, q.end) == (0, len(text))
    assert q.change is None


@pytest.mark.parametrize(("text", "change", "unit", "basis"), [
    ("同比下降6.96%", D("-6.96"), "percent", "yoy"),
    ("同比增长32.7%", D("32.7"), "percent", "yoy"),
    ("比上年减少1.5个百分点", D("-1.5"), "percentage-point", "yoy"),
    ("增长9.3%", D("9.3"), "percent", "unspecified"),
])
def test_bare_change(text, change, unit, basis):
    q = parse_quantity(text)
    assert q.change is not None
    assert (q.change.value, q.change.unit, q.change.basis) == (change, unit, basis)
    assert q.value == change


@pytest.mark.parametrize(("text", "expected"), [
    ("全镇39家规上工业企业总产值102.79亿元,同比下降6.96%;固定资产投资达19.51亿元,同比增长32.7%",
     [("39", "enterprise", None), ("10279000000", "CNY", "-6.96"), ("1951000000", "CNY", "32.7")]),
    ("接诊量、手术量和业务收入分别同比增长32%、44%和9.3%",
     [("32", "percent", "32"), ("44", "percent", None), ("9.3", "percent", None)]),
    ("占年度总投资76.21%", [("76.21", "percent", None)]),
    ("2023年11月14日召开第十八次全国代表大会", []),
    ("推进“一带两城”建设,中国南部物流枢纽(二期)", []),
    ("已为1850名35-64岁适龄妇女免费提供筛查", [("1850", "person", None)]),
    ("实现两个100%", [("2", "item", None), ("100", "percent", None)]),
])
def test_find_quantities(text, expected):
    found = find_quantities(text)
    got = [(str(q.value), q.unit, str(q.change.value) if q.change else None) for q in found]
    assert got == expected
    for q in found:
        assert text[q.start:q.end] == q.text


def test_offset_is_added():
    text = "投入45万元整治"
    (q,) = find_quantities(text, offset=100)
    assert (q.start, q.end) == (102, 106)
    assert ("x" * 100 + text)[q.start:q.end] == q.text


@pytest.mark.parametrize("text", ["", "元", "abc", "12", "2023年", "12元和13元"])
def test_parse_quantity_rejects(text):
    with pytest.raises(InputError):
        parse_quantity(text)


ALPHABET = st.sampled_from(list("0123456789.,-%％约超多余万亿元亩名人次家个项两三十第年月日同比增长下降百分点(次) 、，。"))


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join), st.integers(min_value=0, max_value=50))
def test_find_quantities_never_crashes_and_slices_back(text, offset):
    padded = "x" * offset + text
    for q in find_quantities(text, offset=offset):
        assert padded[q.start:q.end] == q.text
        assert q.start < q.end
        assert isinstance(q.value, Decimal)
        if q.value_max is not None:
            assert q.qualifier == "range"
