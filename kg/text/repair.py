"""Repair runs garbled by a misaligned GBK decode, or report them.

1. *Find* the runs (``kg.text.garble``) and *rebuild* their possible bytes and characters (``kg.text.reread``).
2. *Score*: the word model (``kg.text.word_model``) ranks each reading in its context; a reading gains
   ``CACHE_BONUS`` for each pair of adjacent characters that the sound text of the same document
   also has, and punctuation is weighed by how often the document itself uses each mark.
3. *Decide*: a repair is accepted only when at least one pinyin annotation or fragment confirms it
   and it holds at least ``MIN_POSTERIOR`` of the probability of all readings. Otherwise the run is
   reported unrepaired: the characters that likely readings agree on (``MIN_CHAR_POSTERIOR``) are
   kept and every other character becomes ``PLACEHOLDER`` (``〓``, the typographic mark for a
   character that cannot be recovered); a run whose reading nothing confirms becomes placeholders
   only. The placeholder keeps the count of characters visible and never passes for text.

Nothing here knows any particular report: the signs, the byte rules and the dictionary are generic.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Container
from dataclasses import dataclass

from . import annotation, gbk, word_model
from .garble import Piece, find_runs
from .reread import LostPairGate, Spec, candidates, layouts, prune, sure
from .t2s import char_to_simplified

#: The geta mark, the typographic stand-in for a character that cannot be recovered.
PLACEHOLDER = "\u3013"
#: Least probability, among all readings of a run, for the best one to be accepted. Calibrated on
#: simulated damage of the bundled report (``benchmarks/normalize_repair.txt``): repairs read with
#: probability 0.7–0.8 were right 5 times in 5, 0.8–0.9 7 in 7, 0.9–1 26 in 28, below 0.7 5 in
#: 11; one of the report's own runs read at 0.78 was wrong. Hence 0.8.
MIN_POSTERIOR = 0.8
#: In a run that is not accepted, least probability for one character to be kept: stricter, since
#: the run's reading as a whole is already in doubt.
MIN_CHAR_POSTERIOR = 0.9
#: Log-score a reading gains per pair of adjacent characters that also occurs in the sound text of
#: the same document (a cache model: a document repeats its own phrases).
CACHE_BONUS = 3.0
#: Readings kept from each byte layout when weighing the best one against the rest.
READINGS_PER_LAYOUT = 4
#: Characters of context on each side used to score a candidate.
CONTEXT = 6

_ASCII_MARKS = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}


@dataclass(frozen=True, slots=True)
class RunResult:
    """What became of one garbled run: raw ``[start, end)`` is replaced by ``after``."""

    start: int
    end: int
    before: str
    after: str
    repaired: bool
    evidence: str


def _context(text: str, *, left: bool) -> str:
    """Up to ``CONTEXT`` characters of sound text beside a run, on its line, as the model sees them."""
    text = annotation.ANNOTATION_RE.sub("", text)
    text = text.split("\n")[-1] if left else text.split("\n")[0]
    text = text[-CONTEXT:] if left else text[:CONTEXT]
    return "".join(_ASCII_MARKS.get(c, char_to_simplified(c)) for c in text)


def _mark_weights(
    cands: tuple[word_model.Candidate, ...], marks: dict[str, float]
) -> tuple[word_model.Candidate, ...]:
    """Reweigh punctuation candidates by how often the document itself uses each mark."""
    if not marks:
        return cands
    out = []
    for c in cands:
        if c.key in gbk.PUNCTUATION:
            weight = marks.get(c.key, marks[""]) - word_model.PUNCT_LOGPROB
            c = word_model.Candidate(c.key, c.bonus + weight, c.tag)
        out.append(c)
    return tuple(out)


def _fixed(text: str) -> list[tuple[word_model.Candidate, ...]]:
    """Lattice positions for known text: one candidate each."""
    return [(word_model.Candidate(c, 0.0, (c, 0, 0, ())),) for c in text]


def _readings(
    pieces: tuple[Piece, ...],
    final: str | None,
    left: str,
    right: str,
    seen_pairs: Container[str],
    marks: dict[str, float],
):
    """Every reading of the run as (score, output, end piece, confirmations), best first."""
    scored: dict[tuple[str, int], tuple[float, str, int, tuple[tuple[str, str], ...]]] = {}

    @functools.cache
    def weighed(spec: Spec) -> tuple[word_model.Candidate, ...]:
        return _mark_weights(candidates(spec), marks)

    @functools.cache
    def pruned(spec: Spec, before: tuple[str, ...], after: tuple[str, ...]):
        return prune(weighed(spec), before, after, seen_pairs)

    for layout in layouts(pieces, final):
        tail = "".join(
            _ASCII_MARKS.get(p.text, char_to_simplified(p.text))
            for p in pieces[layout.end_piece + 1 :]
            if p.kind != "frag"
        )
        full = [weighed(spec) for spec in layout.specs]
        known = [tuple(left[-1:])] + [sure(m) for m in full] + [tuple((tail + right)[:1])]
        middle = [pruned(spec, known[k], known[k + 2]) for k, spec in enumerate(layout.specs)]
        lattice = _fixed(left) + middle + _fixed(tail) + _fixed(right)
        offset = len(left)
        coupled = {offset + k for k in layout.coupled}
        found = word_model.best_paths(
            lattice,
            gate=LostPairGate(),
            constrained=coupled,
            k=READINGS_PER_LAYOUT,
        )
        for score, path in found:
            chosen = [middle[k][path[offset + k]] for k in range(len(middle))]
            out = "".join(c.tag[0] for c in chosen)
            keys = left[-1:] + "".join(c.key for c in chosen) + (tail + right)[:1]
            score += CACHE_BONUS * sum(keys[m : m + 2] in seen_pairs for m in range(len(keys) - 1))
            confirmations = tuple((c.tag[0], s) for c in chosen for s in c.tag[3])
            key = (out, layout.end_piece)
            if key not in scored or score > scored[key][0]:
                scored[key] = (score, out, layout.end_piece, confirmations)
    # Readings that differ only in Traditional variants (鎮/鎭) give the same Simplified text: they
    # are one reading, weighed together and shown in the most likely form.
    merged: dict[str, list] = {}
    for item in sorted(scored.values(), key=lambda t: (-t[0], t[1], t[2])):
        key = "".join(char_to_simplified(c) for c in item[1])
        if key in merged:
            best = merged[key]
            best[0] = best[0] + math.log1p(math.exp(item[0] - best[0]))
        else:
            merged[key] = list(item)
    return sorted((tuple(v) for v in merged.values()), key=lambda t: (-t[0], t[1], t[2]))


def repair_run(
    raw: str,
    pieces: tuple[Piece, ...],
    *,
    seen_pairs: Container[str] = (),
    marks: dict[str, float] | None = None,
) -> RunResult:
    """Rebuild, score and decide one run (see the module docstring).

    Parameters: ``raw`` the whole raw text; ``pieces`` one run from ``find_runs``;
    ``seen_pairs`` character pairs (Simplified) of the document's sound text; ``marks`` the log
    probability of each punctuation mark in that text (key ``""``: an unseen mark).
    Returns the raw span to replace and its replacement, repaired or marked with ``PLACEHOLDER``.
    """
    start = pieces[0].start
    tail_end = pieces[-1].end
    final = None
    final_end = tail_end
    if raw.startswith("(", tail_end):
        final = annotation.toned_annotation_at(raw, tail_end)
        if final is not None:
            final_end = raw.index(")", tail_end) + 1
    left = _context(raw[max(0, start - 4 * CONTEXT) : start], left=True)
    right = _context(raw[final_end : final_end + 4 * CONTEXT], left=False)
    ranked = _readings(pieces, final, left, right, seen_pairs, marks or {})
    if not ranked:
        last_sign = max(k for k, p in enumerate(pieces) if p.weight)
        end = final_end if last_sign == len(pieces) - 1 else pieces[last_sign].end
        n_bytes = sum(
            2 if p.kind == "char" else 0 if p.kind == "frag" else 1 for p in pieces[: last_sign + 1]
        )
        why = "no reading of the bytes gives common characters"
        return RunResult(start, end, raw[start:end], PLACEHOLDER * ((n_bytes + 1) // 2), False, why)
    best = ranked[0]
    end = pieces[best[2]].end
    if best[2] == len(pieces) - 1:
        end = final_end
    before = raw[start:end]
    mass = sum(math.exp(r[0] - best[0]) for r in ranked)
    posterior = 1.0 / mass
    runner = ranked[1] if len(ranked) > 1 else None
    confirms = ", ".join(f"pinyin {s} confirms {c}" for c, s in best[3])
    versus = f"next reading {runner[1]}" if runner else "no other reading"
    if best[3] and posterior >= MIN_POSTERIOR:
        evidence = (
            f"GBK bytes read again one byte on; {confirms}; "
            f"probability {posterior:.3f} among {len(ranked)} readings ({versus})"
        )
        return RunResult(start, end, before, best[1], True, evidence)
    if not best[3]:
        why = f"no pinyin annotation confirms the best reading {best[1]}"
        return RunResult(start, end, before, PLACEHOLDER * len(best[1]), False, why)
    kept = "".join(
        ch if sure else PLACEHOLDER for ch, sure in zip(best[1], _certain(ranked, best[1]))
    )
    why = (
        f"best reading {best[1]} has probability only {posterior:.2f} ({versus}); "
        f"kept the characters all likely readings share"
    )
    return RunResult(start, end, before, kept, False, why)


def _certain(ranked: list[tuple], best: str) -> list[bool]:
    """Per character of ``best``: whether readings holding the same character at the same place,
    counted from the start or from the end of the run, weigh at least ``MIN_CHAR_POSTERIOR``."""
    top = ranked[0][0]
    weights = [math.exp(r[0] - top) for r in ranked]
    total = sum(weights)
    simple = ["".join(char_to_simplified(c) for c in r[1]) for r in ranked]
    target = simple[0]
    n = len(target)
    out = []
    for k in range(n):
        from_start = sum(w for w, t in zip(weights, simple) if len(t) > k and t[k] == target[k])
        back = n - k
        from_end = sum(w for w, t in zip(weights, simple) if len(t) >= back and t[-back] == target[k])
        out.append(max(from_start, from_end) / total >= MIN_CHAR_POSTERIOR)
    return out


def _sound_text(raw: str, runs: list[tuple[Piece, ...]]) -> str:
    """``raw`` outside the runs, annotations removed, Simplified, ASCII marks made full-width."""
    parts = []
    last = 0
    for pieces in runs:
        parts.append(raw[last : pieces[0].start])
        last = pieces[-1].end
    parts.append(raw[last:])
    text = "\n".join(annotation.ANNOTATION_RE.sub("", part) for part in parts)
    return "".join(_ASCII_MARKS.get(c) or char_to_simplified(c) for c in text)


def document_pairs(text: str) -> frozenset[str]:
    """Adjacent character pairs of ``text``."""
    return frozenset(text[m : m + 2] for m in range(len(text) - 1))


def document_marks(text: str) -> dict[str, float]:
    """Log probability per character of each punctuation mark in ``text`` (add-half smoothing);
    key ``""`` holds the value for a mark the text never uses."""
    total = len(text) + 1
    out = {m: math.log((text.count(m) + 0.5) / total) for m in gbk.PUNCTUATION}
    out[""] = math.log(0.5 / total)
    return out


def repair_all(raw: str) -> list[RunResult]:
    """Find and decide every garbled run of ``raw``, in text order, non-overlapping."""
    runs = find_runs(raw)
    if not runs:
        return []
    sound = _sound_text(raw, runs)
    seen_pairs = document_pairs(sound)
    marks = document_marks(sound)
    results = []
    last_end = 0
    for pieces in runs:
        if pieces[0].start < last_end:
            continue
        result = repair_run(raw, pieces, seen_pairs=seen_pairs, marks=marks)
        results.append(result)
        last_end = result.end
    return results
