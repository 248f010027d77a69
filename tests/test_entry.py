"""``kg --help`` is answered from a stored copy: it must be exactly what click renders."""

from __future__ import annotations

import subprocess
import sys

from kg.cli import render_help
from kg.entry import HELP_FILE

from .conftest import ROOT


def test_stored_help_is_what_click_renders():
    with open(HELP_FILE, encoding="utf-8") as f:
        stored = f.read()
    assert stored == render_help(), "kg/data/help.txt is stale: run  python -c 'import kg.cli; kg.cli.write_help()'"


def test_help_and_command_help_from_the_program():
    top = subprocess.run([sys.executable, "-m", "kg", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert (top.returncode, top.stdout) == (0, render_help())
    sub = subprocess.run([sys.executable, "-m", "kg", "build", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert sub.returncode == 0 and sub.stdout.startswith("Usage: kg build [OPTIONS] [REPORTS]...")
