"""Firms named again by the brand their full name taught earlier in the report."""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.extract.recognize.short_names import brand
from tests.docs import sentences


@pytest.mark.parametrize(("full", "expected"), [
    ("广东东鹏控股股份有限公司", "东鹏"),
    ("江西瑞丰新材料有限公司", "瑞丰"),
    ("桐溪恒达电子科技有限公司", "恒达"),
    ("广东发展有限公司", None),  # nothing of its own is left
    ("东岭镇卫生院", None),  # no legal form: no firm's full name
])
def test_brand(full, expected):
    assert brand(full, ("广东", "江西", "桐溪")) == expected


def _enterprises(*texts):
    ex = extract(sentences(*texts, place="东岭镇"))
    return {e.name: set(e.aliases) for e in ex.entities if e.type == "Enterprise"}


def test_a_brand_with_an_industry_word_names_the_firm_again():
    firms = _enterprises("广东东鹏控股股份有限公司在东岭镇投资建厂。", "东鹏陶瓷获评全国绿色工厂，东鹏公司新增产值3亿元。")
    assert list(firms) == ["广东东鹏控股股份有限公司"]
    assert {"东鹏陶瓷", "东鹏公司"} <= firms["广东东鹏控股股份有限公司"]


def test_a_brand_before_its_full_name_or_alone_names_nothing():
    assert _enterprises("东鹏陶瓷获评全国绿色工厂。", "广东东鹏控股股份有限公司在东岭镇投资建厂。") == {
        "广东东鹏控股股份有限公司": {"guǎng dōng dōng péng kòng gǔ gǔ fèn yǒu xiàn gōng sī", "廣東東鵬控股股份有限公司"}}
    firms = _enterprises("广东东鹏控股股份有限公司在东岭镇投资建厂。", "东鹏村新修道路。")
    assert set(firms) == {"广东东鹏控股股份有限公司"}
