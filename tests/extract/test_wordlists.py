"""The word lists of kg/data: each loads through its declared schema, and a bad row is one error naming the
file and the line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from kg.errors import InputError
from kg.extract.lexicon import parse, rows
from kg.extract.schemas import SCHEMAS
from tests.conftest import ROOT

def _lists() -> set[str]:
    base = ROOT / "kg" / "data"
    return {str(p.relative_to(base)) for p in base.rglob("*.tsv")}


def test_every_word_list_has_a_schema_and_every_schema_a_list():
    assert _lists() == set(SCHEMAS)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_word_list_loads(name):
    table = rows(name)
    assert table, f"{name} has no rows"
    assert all(type(r)._fields == SCHEMAS[name].names for r in table)


def test_rows_are_read_by_column_name_with_their_types():
    village = next(r for r in rows("place_suffixes.tsv") if r.suffix == "村委会")
    assert (village.min_prefix, village.max_prefix, village.canonical_suffix) == (2, 3, "村")
    assert next(r for r in rows("measures.tsv") if r.code == "gdp").keywords[:2] == ("地区生产总值", "生产总值")


@pytest.mark.parametrize(("name", "text", "message"), [
    ("units.tsv", "# units\nsurface\tunit\n元\tCNY\t\n",
     "units.tsv line 2: the header names the columns surface, unit; expected surface, unit, notes (tab-separated)"),
    ("units.tsv", "# units\n", "units.tsv: no header row; the first line that is not a comment must name the "
                               "columns surface, unit, notes"),
    ("units.tsv", "surface\tunit\tnotes\n元\tCNY\t\tmore\n",
     "units.tsv line 2: expected 3 tab-separated columns (surface, unit, notes), found 4"),
    ("roles.tsv", "title\tkind\tplace\n镇长\n", "roles.tsv line 2: expected 3 tab-separated columns (title, kind, "
                                                "place), found 1"),
    ("roles.tsv", "title\tkind\tplace\n镇长\t\tTown\n", "roles.tsv line 2: column 'kind' is empty"),
    ("event_suffixes.tsv", "suffix\tmax_prefix\n大会\tmany\n",
     "event_suffixes.tsv line 2: column 'max_prefix': 'many' is not a whole number"),
    ("known_names.tsv", "name\ttype\tcanonical\n南江\tCitty\t南江市\n",
     "known_names.tsv line 2: column 'type': 'Citty' is not an ontology class; see kg/graph/vocab.py"),
    ("roles.tsv", "title\tkind\tplace\n镇长\tgovernment\tPerson\n",
     "roles.tsv line 2: column 'place': 'Person' is not one of Province, City, District, Town, Village, Community"),
    ("units.tsv", "surface\tunit\tnotes\n元\tRMB\t\n",
     "units.tsv line 2: column 'unit': 'RMB' is not a unit code; known: CNY, percent, percentage-point, mu, km, "
     "person, person-time, item, household, tonne, enterprise, village, square-metre, case, session"),
    ("qualifiers.tsv", "surface\tposition\tqualifier\n约\tmiddle\tapproximate\n",
     "qualifiers.tsv line 2: column 'position': 'middle' is not one of before, after"),
    ("measure_cues.tsv", "keyword\tmeasure\n产值\toutput-value\n",
     "measure_cues.tsv line 2: column 'measure': 'output-value' is not a measure of kg/data/measures.tsv"),
    ("units.tsv", "surface\tunit\tnotes\n元\tCNY\t\n# again\n元\tCNY\t\n",
     "units.tsv line 4: '元' is listed again (first on line 2); keep one row"),
    ("t2s_fixes.tsv", "wrong\tright\n著力\t着\n",
     "t2s_fixes.tsv line 2: '著力' and '着' differ in length; a fix must keep every offset"),
    ("gazetteer/variants.tsv", "variant\tstandard\twhy\n垯垯\t达\t\n",
     "gazetteer/variants.tsv line 2: give one character and its standard form, not '垯垯' → '达'"),
])
def test_a_bad_row_names_the_file_and_the_line(name, text, message):
    with pytest.raises(InputError) as e:
        parse(text, SCHEMAS[name], where=name)
    assert str(e.value) == message


def test_a_list_without_a_schema_is_refused():
    with pytest.raises(InputError, match=r"kg/data/extra.tsv: no schema declared"):
        rows("extra.tsv")


def test_the_command_line_prints_one_error_line_for_a_bad_word_list(tmp_path):
    """A broken shipped list (a copy of the package with one bad row) stops ``kg extract`` with one line."""
    shutil.copytree(ROOT / "kg", tmp_path / "kg", ignore=shutil.ignore_patterns("__pycache__"))
    roles = tmp_path / "kg" / "data" / "roles.tsv"
    lines = roles.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("镇长\t"))
    lines[at] = "镇长\tgovernment\tTwon"
    roles.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = tmp_path / "demo-2023.txt"
    report.write_text("2023年工作总结\n一、工作亮点\n副镇长王平参加会议。\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(tmp_path))
    done = subprocess.run([sys.executable, "-m", "kg", "extract", str(report)], capture_output=True, text=True,
                          env=env, cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == (f"Error: kg/data/roles.tsv line {at + 1}: column 'place': 'Twon' is not an ontology "
                           "class; see kg/graph/vocab.py\n")
