from __future__ import annotations

import subprocess
import sys

import pytest

from kg.errors import InputError
from kg.text.read import decode, read_file

from tests.conftest import ROOT, SEED

TEXT = "源潭镇2023年工作总结，全镇39家规上工业企业总产值102.79亿元。"
TRAD = "源潭鎮2023年工作總結，全鎮39家規上工業企業總產值102.79億元。"


@pytest.mark.parametrize(
    ("data", "encoding", "text"),
    [
        (TEXT.encode("utf-8"), "utf-8", TEXT),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig", TEXT),
        (TEXT.encode("gb18030"), "gb18030", TEXT),
        (TEXT.encode("gbk"), "gb18030", TEXT),
        (TRAD.encode("big5"), "big5", TRAD),
        ("源潭镇".encode("gb18030"), "gb18030", "源潭镇"),  # short GB text is not mistaken for cut-off UTF-8
        (TRAD.encode("gb18030"), "gb18030", TRAD),
    ],
)
def test_decode_detects_encoding(data, encoding, text):
    got = decode(data)
    assert (got.encoding, got.text) == (encoding, text)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "x: the file is empty"),
        (b"  \n\t ", "x: the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "x: this is a binary file, not a text report (it contains NUL bytes)"),
        (TEXT.encode("utf-8")[:-2], "x: the UTF-8 text is cut off at byte 81 (truncated file?)"),
        (b"\xef\xbb\xbf" + b"\xff\xfe", "x: starts with a UTF-8 BOM but byte 3 is not valid UTF-8"),
    ],
)
def test_decode_rejects_bad_input(data, message):
    with pytest.raises(InputError) as e:
        decode(data, name="x")
    assert str(e.value) == message


def test_gb18030_copy_of_seed_reads_the_same(tmp_path):
    copy = tmp_path / "seed-gb.txt"
    copy.write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))
    assert read_file(copy).text == read_file(SEED).text
    assert read_file(copy).encoding == "gb18030"


def test_missing_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_file(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_file(tmp_path)


def _kg(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd)


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"", "the file is empty"),
        (bytes(range(256)) * 8, "this is a binary file, not a text report (it contains NUL bytes)"),
        ("源潭镇工作总结".encode()[:-1], "the UTF-8 text is cut off at byte 18 (truncated file?)"),
    ],
)
@pytest.mark.parametrize("command", ["normalize", "segment"])
def test_cli_bad_input_gives_one_error_line(tmp_path, content, error, command):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    r = _kg(command, str(bad))
    assert r.returncode == 1
    assert r.stdout == ""
    assert r.stderr == f"Error: {bad}: {error}\n"


def test_cli_help_lists_commands():
    r = _kg("--help")
    assert r.returncode == 0
    for name in ("normalize", "segment"):
        assert f"  {name}" in r.stdout
