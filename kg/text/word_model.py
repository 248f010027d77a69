"""A word unigram language model over jieba's bundled dictionary, decoded over a lattice.

A string scores the log probability of its best segmentation into dictionary words (the model
jieba itself segments with): ``log(freq(word) / total)`` per word, ``log(1 / total)`` for a
character the dictionary does not know. ``best_paths`` finds the best few strings when each
position offers several candidate characters, so a repair can be compared with its runner-up.
The dictionary is loaded on first use and kept for the life of the process.
"""

from __future__ import annotations

import functools
import importlib.util
import math
import re
import sys
from collections.abc import Container, Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Candidate:
    """One possible character at a lattice position.

    ``key`` is the form looked up in the dictionary (Simplified), ``bonus`` a log-score added when
    the candidate is chosen (evidence such as a matching pinyin annotation), ``tag`` anything the
    caller needs back (bytes, the Traditional form …).
    """

    key: str
    bonus: float = 0.0
    tag: object = None


#: Log probability of one punctuation mark, which the dictionary does not list: about one token in
#: eight of report prose is a mark, shared among some ten usual marks.
PUNCT_LOGPROB = math.log(1 / 8 / 10)


def _unit_logprob(freq: dict[str, int], logtotal: float, word: str) -> float:
    f = freq.get(word)
    if f:
        return math.log(f) - logtotal
    if len(word) == 1 and not word.isalnum():
        return PUNCT_LOGPROB
    return -logtotal


@functools.cache
def _dictionary() -> tuple[dict[str, int], frozenset[str], float]:
    """jieba's word frequencies, the prefixes of its longer words, and log of the total frequency.

    When jieba has already loaded its dictionary in this process, that table (which holds the
    prefixes itself, at frequency 0) is shared; otherwise the bundled ``dict.txt`` is read directly,
    which is several times faster than initialising jieba.
    """
    jieba = sys.modules.get("jieba")
    if jieba is not None and getattr(jieba.dt, "initialized", False):
        return jieba.dt.FREQ, frozenset(), math.log(jieba.dt.total)
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise ImportError("jieba is not installed; it is needed to repair garbled text")
    path = Path(spec.origin).parent / "dict.txt"
    entries = _ENTRY.findall(path.read_text(encoding="utf-8"))
    freq: dict[str, int] = {w: int(f) for w, f in entries}
    prefixes = frozenset(w[:k] for w, _ in entries if len(w) > 2 for k in range(2, len(w)))
    return freq, prefixes, math.log(sum(freq.values()))


_ENTRY = re.compile(r"^(\S+) (\d+)", re.MULTILINE)


def char_logprob(key: str) -> float:
    """Log probability of one character used as a one-character word."""
    freq, _, logtotal = _dictionary()
    return _unit_logprob(freq, logtotal, key)


def words() -> dict[str, int]:
    """The dictionary: word → frequency, with prefixes of longer words at frequency 0."""
    return _dictionary()[0]


def score(text: str) -> float:
    """Log probability of the best segmentation of ``text``.

    >>> score("规模化生产") > score("规模化生严")
    True
    """
    freq, prefixes, logtotal = _dictionary()
    n = len(text)
    best = [0.0] + [-math.inf] * n
    for i in range(n):
        if best[i] == -math.inf:
            continue
        for j in range(i + 1, n + 1):
            w = text[i:j]
            f = freq.get(w)
            if f or j == i + 1:
                best[j] = max(best[j], best[i] + _unit_logprob(freq, logtotal, w))
            if f is None and w not in prefixes:
                break
    return best[n]


class Gate(Protocol):
    """Constraints between neighbouring choices at some positions (see ``best_paths``)."""

    def key(self, i: int, before: Candidate) -> Hashable:
        """What about ``before`` (chosen at ``i - 1``) matters to the choice at ``i``."""

    def accepts(self, i: int, cand: Candidate) -> Container[Hashable]:
        """The keys of choices at ``i - 1`` that ``cand`` may follow."""

    def following(self, i: int, positions: Sequence[Candidate], before: Candidate) -> Sequence[int]:
        """The indices of ``positions`` (the candidates at ``i``) that may follow ``before``."""


def best_paths(
    positions: Sequence[Sequence[Candidate]],
    *,
    gate: Gate | None = None,
    constrained: Container[int] = (),
    k: int = 2,
) -> list[tuple[float, tuple[int, ...]]]:
    """The ``k`` best distinct choices of one candidate per position, best first.

    Parameters: ``positions`` the candidates at each position (fixed context is a position with one
    candidate); ``gate`` which choices at a position may follow a choice at the one before,
    consulted only for positions in ``constrained``; ``k`` how many choices to return.
    Returns ``(score, indices)`` pairs: score is the log probability plus the chosen bonuses.
    """
    freq, prefixes, logtotal = _dictionary()
    n = len(positions)
    if n == 0:
        return [(0.0, ())]
    # beams[j][key]: up to k (score, path) for prefixes ending at boundary j. Only where the next
    # position is constrained does the last choice matter (through its gate key); elsewhere every
    # prefix shares key None.
    beams: list[dict[Hashable, list[tuple[float, tuple[int, ...]]]]] = [{} for _ in range(n + 1)]
    beams[0][None] = [(0.0, ())]
    gated_at = constrained if gate is not None else ()

    def push(j: int, last: int, sc: float, path: tuple[int, ...]) -> None:
        key = gate.key(j, positions[j - 1][last]) if j in gated_at and j < n else None
        slot = beams[j].setdefault(key, [])
        if len(slot) == k and sc <= slot[-1][0]:
            return
        for idx, (s, p) in enumerate(slot):
            if p == path:
                if sc > s:
                    slot[idx] = (sc, path)
                    slot.sort(key=lambda t: -t[0])
                return
        slot.append((sc, path))
        slot.sort(key=lambda t: -t[0])
        del slot[k:]

    for i in range(n):
        if not beams[i]:
            continue
        merged = sorted((item for items in beams[i].values() for item in items), key=lambda t: -t[0])
        gated = i in gated_at and i > 0
        starts_by: dict[Container[Hashable], list[tuple[float, tuple[int, ...]]]] = {}
        for a_idx, a in enumerate(positions[i]):
            if gated:
                accepted = gate.accepts(i, a)
                starts = starts_by.get(accepted)
                if starts is None:
                    starts = sorted(
                        (item for key, items in beams[i].items() if key in accepted for item in items),
                        key=lambda t: -t[0],
                    )[:k]
                    starts_by[accepted] = starts
            else:
                starts = merged[:k]
            if not starts:
                continue
            # Depth-first over dictionary words that start with ``a`` at position i.
            stack: list[tuple[int, str, tuple[int, ...], float]] = [(i, a.key, (a_idx,), a.bonus)]
            while stack:
                j, word, choice, bonus = stack.pop()
                f = freq.get(word)
                if f or len(word) == 1:
                    gain = _unit_logprob(freq, logtotal, word) + bonus
                    for s, p in starts:
                        push(j + 1, choice[-1], s + gain, p + choice)
                if (f is not None or word in prefixes) and j + 1 < n:
                    nxt = positions[j + 1]
                    if (j + 1) in gated_at:
                        following = gate.following(j + 1, nxt, positions[j][choice[-1]])
                    else:
                        following = range(len(nxt))
                    for b_idx in following:
                        b = nxt[b_idx]
                        longer = word + b.key
                        if longer in freq or longer in prefixes:
                            stack.append((j + 1, longer, choice + (b_idx,), bonus + b.bonus))
    finals = sorted(
        (item for items in beams[n].values() for item in items), key=lambda t: (-t[0], t[1])
    )
    out: list[tuple[float, tuple[int, ...]]] = []
    seen: set[tuple[int, ...]] = set()
    for s, p in finals:
        if p not in seen:
            seen.add(p)
            out.append((s, p))
        if len(out) == k:
            break
    return out
