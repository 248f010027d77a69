"""The ``kg`` program's entry point.

``kg --help`` is answered from a stored copy of the help text (``kg/data/help.txt``), because importing
click is most of the start-up time of a bare ``--help``; the tests keep the copy equal to what click
renders (``kg.cli.write_help()`` rewrites it). Every other call goes to the click command line.
"""

from __future__ import annotations

import os
import sys

HELP_FILE = os.path.join(os.path.dirname(__file__), "data", "help.txt")


def main() -> None:
    """Run ``kg`` with ``sys.argv``."""
    if sys.argv[1:] in (["--help"], ["-h"]):
        try:
            with open(HELP_FILE, encoding="utf-8") as f:
                text = f.read()
        except OSError:
            text = ""
        if text:
            sys.stdout.write(text)
            return
    from .cli import main as cli

    cli(prog_name="kg")
