"""Traditional → Simplified with OpenCC, character for character, plus fixes from a data file.

OpenCC's ``t2s`` converts phrase by phrase but, for almost every input, one character to one
character; the Simplified text then lines up with the Traditional one position by position. Where a
line's conversion changes its length, that line is converted one character at a time instead (a
character that turns into several keeps only its first), so alignment always holds.
``kg/data/t2s_fixes.tsv`` lists same-length replacements for forms OpenCC leaves Traditional
(``著力`` → ``着力``); users may add their own.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Converted:
    """Simplified text of the same length as its Traditional source, and how many fixes applied."""

    text: str
    rule_fixes: int


@functools.cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


@functools.cache
def char_to_simplified(ch: str) -> str:
    """One character converted on its own (itself when OpenCC gives more or fewer than one).

    >>> char_to_simplified("鎮"), char_to_simplified("源")
    ('镇', '源')
    """
    out = _converter().convert(ch)
    return out if len(out) == 1 else ch


def _convert_line(line: str) -> str:
    out = _converter().convert(line)
    if len(out) == len(line):
        return out
    return "".join((_converter().convert(ch) or ch)[0] for ch in line)


@functools.cache
def fixes() -> tuple[tuple[str, str], ...]:
    """The (wrong, right) rules of ``kg/data/t2s_fixes.tsv``, in file order.

    Raises ``InputError`` for a malformed line (naming the file and the line).
    """
    from ..extract.lexicon import rows

    return tuple((r.wrong, r.right) for r in rows("t2s_fixes.tsv"))


def to_simplified(trad: str) -> Converted:
    """Convert ``trad`` to Simplified, keeping its length, then apply the fix rules.

    >>> to_simplified("著力推動一絲不茍").text
    '着力推动一丝不苟'
    """
    simple = "\n".join(_convert_line(line) for line in trad.split("\n"))
    count = 0
    for wrong, right in fixes():
        n = simple.count(wrong)
        if n:
            simple = simple.replace(wrong, right)
            count += n
    return Converted(simple, count)
