"""The ``kg`` program: ``python -m kg`` and the console script answer ``--help`` with the commands in pipeline order."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_help_lists_the_commands_in_pipeline_order():
    top = subprocess.run([sys.executable, "-m", "kg", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert top.returncode == 0 and top.stdout.startswith("Usage: kg [OPTIONS] COMMAND [ARGS]...")
    listed = [line.split()[0] for line in top.stdout.split("Commands:")[1].splitlines() if line.strip()]
    assert listed[:5] == ["normalize", "segment", "extract", "eval", "build"]


def test_command_help_from_the_program():
    sub = subprocess.run([sys.executable, "-m", "kg", "build", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert sub.returncode == 0 and sub.stdout.startswith("Usage: kg build [OPTIONS] [REPORTS]...")
