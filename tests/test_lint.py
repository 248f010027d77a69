"""No unused imports or variables: ruff's F401 and F841 (configured in pyproject.toml) over the code."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_no_unused_imports_or_variables():
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise",
                           "kg", "tests", "benchmarks", "notebooks/make_notebooks.py"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
