"""Find and repair runs garbled by a misaligned GBK decode.

How such a run arises: the text was GBK bytes; a decoder lost one byte (it shows as ``?``) and
went on reading every following pair one byte late, until an ASCII byte or another lost byte put it
back in step. Pairs it read into a user-defined area came out as private-use characters, which
were later dropped (two bytes lost each); full-width marks it produced were later turned into
ASCII (``！`` → ``!``: ASCII c ↔ GBK bytes A3, c+0x80); a pinyin annotation caught in the run may
lose its ``(`` to the lost byte (``?zhèn)``).

How a run is repaired:

1. *Find*: a run is a stretch holding signs of a misread (``?``/U+FFFD, bopomofo, private-use or
   rare characters, a lone Latin letter, a pinyin fragment without its ``(``) worth at least two
   points (a strong sign counts two), bounded by characters that carry a valid annotation, by
   whitespace, digits and brackets.
2. *Rebuild*: every way of turning the run back into bytes is tried: ``?`` is one unknown byte (or
   ``？``), ASCII marks are themselves or their full-width form, a lost pair (an unmapped code,
   two bytes) may sit between any two pieces (at most ``MAX_LOST_PAIRS``), the run may end at any
   piece that can be the last byte of a character. The bytes are read again in step; unknown bytes
   leave several candidate characters, all of them common ones (``kg.gbk.common``).
3. *Score*: the word model (``kg.word_model``) ranks the candidate strings in their context; a
   candidate gains ``PINYIN_BONUS`` for each pinyin annotation or fragment that is a reading of the
   character it belongs to.
4. *Decide*: a repair is accepted only when at least one annotation or fragment confirms it and it
   beats the best different reading by ``MIN_MARGIN``; otherwise the run is reported unrepaired and
   each character it stood for becomes ``PLACEHOLDER``.

Nothing here knows any particular report: the signs, the byte rules and the dictionary are generic.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Container, Iterator
from dataclasses import dataclass

from . import annotation, gbk, word_model

#: The geta mark, the typographic stand-in for a character that cannot be recovered.
PLACEHOLDER = "\u3013"
#: Most lost pairs assumed in one run.
MAX_LOST_PAIRS = 2
#: Most plain characters between two signs of a misread inside one run, and after the last sign.
MAX_GAP = 4
#: Log-score a candidate gains per pinyin annotation that is a reading of its character.
PINYIN_BONUS = 6.0
#: The same for a fragment seen after the character's first byte only, a less certain place.
LEAD_PINYIN_BONUS = 2.0
#: Least probability, among all readings of a run, for the best one to be accepted.
MIN_POSTERIOR = 0.9
#: Log-score a reading gains per pair of adjacent characters that also occurs in the sound text of
#: the same document (a cache model: a document repeats its own phrases).
CACHE_BONUS = 3.0
#: Readings kept from each byte layout when weighing the best one against the rest.
READINGS_PER_LAYOUT = 4
#: Log-score cost of a variant character (鎭 beside 鎮) that is neither GB2312 nor the OpenCC
#: Traditional form of a GB2312 character: such variants are much rarer in text.
VARIANT_PENALTY = 2.0
#: Candidates kept per position (the most frequent ones, plus any a pinyin annotation confirms).
TOP_CANDIDATES = 40
#: Characters of context on each side used to score a candidate.
CONTEXT = 6
#: Limit on the rebuilt byte layouts tried for one run, a guard against pathological input.
MAX_LAYOUTS = 4000

_ASCII_MARKS = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
_LETTER = re.compile(r"[A-Za-z]")


@dataclass(frozen=True, slots=True)
class Piece:
    """One character (or pinyin fragment) of a run: ``kind`` is wild, frag, char or ascii."""

    kind: str
    start: int
    end: int
    text: str
    weight: int  # 2 strong sign, 1 weak sign, 0 plain


@dataclass(frozen=True, slots=True)
class RunResult:
    """What became of one garbled run: raw ``[start, end)`` is replaced by ``after``."""

    start: int
    end: int
    before: str
    after: str
    repaired: bool
    evidence: str


def _is_bopomofo(ch: str) -> bool:
    return "\u3100" <= ch <= "\u312f" or "\u31a0" <= ch <= "\u31bf"


def _is_pua(ch: str) -> bool:
    return "\ue000" <= ch <= "\uf8ff"


def _piece_at(raw: str, i: int) -> Piece | None:
    """The run piece at ``raw[i]``, or None where a run cannot continue."""
    ch = raw[i]
    if ch in "?\ufffd":
        return Piece("wild", i, i + 1, ch, 2 if ch == "\ufffd" else 1)
    if _is_bopomofo(ch) or _is_pua(ch):
        return Piece("char", i, i + 1, ch, 2)
    if annotation.is_cjk(ch):
        if raw.startswith("(", i + 1):
            syllable = annotation.annotation_at(raw, i + 1)
            if syllable is not None and annotation.is_annotation(ch, syllable):
                return None  # an annotated character is sound: it bounds runs
        return Piece("char", i, i + 1, ch, 0 if ch in gbk.common() else 1)
    if ch in gbk.PUNCTUATION:
        return Piece("char", i, i + 1, ch, 0)
    if ord(ch) >= 0x80:
        return Piece("char", i, i + 1, ch, 1) if gbk.gbk_bytes(ch) and not ch.isspace() else None
    if _LETTER.match(ch):
        before = raw[i - 1] if i else " "
        after = raw[i + 1] if i + 1 < len(raw) else " "
        if before.isascii() and before.isalnum() or after.isascii() and after.isalnum():
            return None  # part of a Latin word or code such as GDP or 5G
        # A pinyin annotation never follows a Latin letter in sound text: such a letter is the
        # last byte of a misread character whose annotation survived (``ㄔO(shè)``).
        # So is a lone letter wedged between two non-ASCII characters (``苯a企``).
        annotated = after == "(" and annotation.annotation_at(raw, i + 1) is not None
        wedged = not before.isascii() and not after.isascii()
        return Piece("ascii", i, i + 1, ch, 1 if annotated or wedged else 0)
    if 0x21 <= ord(ch) <= 0x7E and ch not in "()" and not ch.isalnum():
        # Marks that can be the second byte of a GBK character are unusual in Chinese prose.
        return Piece("ascii", i, i + 1, ch, 1 if ch in "@[\\]^_`{|}~" else 0)
    return None


def _skip(raw: str, i: int) -> int:
    """Where scanning resumes after ``raw[i]``, which cannot be part of a run."""
    ch = raw[i]
    if annotation.is_cjk(ch) and raw.startswith("(", i + 1):
        i += 1
        ch = "("
    if ch == "(":
        m = _ANNOTATION_STRIP.match(raw, i)
        return m.end() if m else i + 1
    j = i + 1
    if ch.isascii() and ch.isalnum():
        while j < len(raw) and raw[j].isascii() and raw[j].isalnum():
            j += 1
    return j


def find_runs(raw: str) -> list[tuple[Piece, ...]]:
    """Runs of ``raw`` that show signs of a misread, each with up to ``MAX_GAP`` plain pieces after it.

    Returns the pieces of each run: from its first sign to its last, then the plain tail.
    """
    runs: list[tuple[Piece, ...]] = []
    current: list[Piece] = []

    def close() -> None:
        signs = [k for k, p in enumerate(current) if p.weight]
        # Rare characters alone are no proof: names use them. A misread leaves a non-character
        # trace as well (a lost byte, a fragment, a stray letter, bopomofo or private use).
        traced = any(p.kind in ("wild", "frag") or p.weight == 2 for p in current if p.weight) or any(
            p.kind == "ascii" and p.weight and p.text.isalpha() for p in current
        )
        if signs and traced and sum(p.weight for p in current) >= 2:
            runs.append(tuple(current[signs[0] :]))
        current.clear()

    i, n = 0, len(raw)
    while i < n:
        piece = None
        if current and raw[i] in annotation.PINYIN_LETTERS_SET and raw[i - 1] != "(":
            frag = annotation.fragment_at(raw, i)
            if frag is not None:
                piece = Piece("frag", i, frag[1], frag[0], 2)
        if piece is None:
            piece = _piece_at(raw, i)
        if piece is None:
            close()
            i = _skip(raw, i)
            continue
        if piece.weight == 0 and not current:
            i = piece.end
            continue
        current.append(piece)
        plain_tail = 0
        for p in reversed(current):
            if p.weight:
                break
            plain_tail += 1
        if plain_tail > MAX_GAP:
            close()
        i = piece.end
    close()
    return runs


# ------------------------------------------------------------------ rebuilding bytes

# A byte slot: ("F", b) a known byte; ("W",) any byte; ("P",)/("Q",) first/second byte of a lost pair.
Slot = tuple


def _options(piece: Piece) -> list[list[Slot]]:
    """The byte sequences a piece of the misread may stand for."""
    if piece.kind == "frag":
        return [[]]
    if piece.kind == "wild":
        if piece.text == "?":
            return [[("W",)], [("F", 0xA3), ("F", 0xBF)]]
        return [[("W",)], [("W",), ("W",)]]
    if piece.kind == "ascii":
        c = ord(piece.text)
        out = [[("F", 0xA3), ("F", c + 0x80)]]
        if 0x40 <= c <= 0x7E:
            out.insert(0, [("F", c)])
        return out
    code = gbk.gbk_bytes(piece.text)
    if code is None or len(code) != 2:
        return [[("W",), ("W",)]]
    return [[("F", code[0]), ("F", code[1])]]


def _byte_set(slot: Slot, *, lead: bool) -> frozenset[int] | None:
    kind = slot[0]
    if kind == "F":
        b = slot[1]
        ok = 0x81 <= b <= 0xFE if lead else (0x40 <= b <= 0xFE and b != 0x7F)
        return frozenset((b,)) if ok else None
    if kind == "W":
        return _ALL_LEADS if lead else _ALL_TRAILS
    if kind == "P":
        return None if lead else gbk.unmapped_leads() & _ALL_TRAILS
    return (gbk.unmapped_trails() & _ALL_LEADS) if lead else None


_ALL_LEADS = frozenset(gbk.LEAD)
_ALL_TRAILS = frozenset(gbk.TRAIL)


@functools.cache
def _simplified(ch: str) -> str:
    out = _t2s().convert(ch)
    return out if len(out) == 1 else ch


@functools.cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@functools.cache
def _chars_for(lead_key: Slot, trail_key: Slot) -> tuple[tuple[str, int, int], ...]:
    """(character, lead, trail) for every common character the two slots may decode to."""
    leads = _byte_set(lead_key, lead=True)
    trails = _byte_set(trail_key, lead=False)
    if not leads or not trails:
        return ()
    table = gbk.code_table()
    out = []
    if len(trails) == 1:
        (t,) = trails
        for lead in sorted(leads):
            ch = table.get((lead, t))
            if ch is not None:
                out.append((ch, lead, t))
    else:
        index = gbk.by_lead()
        for lead in sorted(leads):
            for t, ch in index.get(lead, ()):
                if t in trails:
                    out.append((ch, lead, t))
    return tuple(out)


# A character position of a layout: its lead and trail slots and the pinyin seen after each.
Spec = tuple[Slot, Slot, tuple[str, ...], tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class _Layout:
    """One way of reading the run back: the characters' byte slots and where lost pairs join them."""

    specs: tuple[Spec, ...]
    coupled: frozenset[int]  # position k: its lead and the trail of k-1 form a lost pair
    end_piece: int  # index of the last piece the layout covers


def _layouts(pieces: tuple[Piece, ...], final: str | None) -> Iterator[_Layout]:
    """Every consistent byte layout of the run, ending at each possible piece, without repeats."""
    count = 0
    seen: set[_Layout] = set()
    last_sign = max(k for k, p in enumerate(pieces) if p.weight)
    for end in range(last_sign, len(pieces)):
        last = pieces[end]
        closing = last.kind == "wild" or (
            last.kind == "ascii" and 0x40 <= ord(last.text) <= 0x7E
        ) or (last.kind == "frag" and pieces[end - 1].kind in ("wild", "ascii"))
        if not closing:
            continue
        seq = pieces[: end + 1]
        annotated = final if end == len(pieces) - 1 else None
        gaps = [k for k in range(1, len(seq)) if seq[k].kind != "frag"]
        drop_sets: list[tuple[int, ...]] = [()]
        for n_drops in range(1, MAX_LOST_PAIRS + 1):
            drop_sets.extend(itertools.combinations_with_replacement(gaps, n_drops))
        prefixes: list[list[Slot]] = [[]] if seq[0].kind == "wild" else [[], [("W",)]]
        # A run opens with the byte the decoder lost: a leading ``?`` is that byte, nothing else.
        options = [[[("W",)]] if seq[0].kind == "wild" else _options(seq[0])]
        options += [_options(p) for p in seq[1:]]
        for prefix in prefixes:
            for choice in itertools.product(*options):
                for drops in drop_sets:
                    count += 1
                    if count > MAX_LAYOUTS:
                        return
                    layout = _build(seq, prefix, choice, drops, annotated, end)
                    if layout is not None and layout not in seen:
                        seen.add(layout)
                        yield layout


def _build(seq, prefix, choice, drops, final, end) -> _Layout | None:
    slots: list[Slot] = list(prefix)
    hints: dict[int, list[str]] = {}
    for k, (piece, option) in enumerate(zip(seq, choice)):
        for _ in range(drops.count(k)):
            slots.extend((("P",), ("Q",)))
        if piece.kind == "frag":
            if slots:
                hints.setdefault(len(slots) - 1, []).append(piece.text)
            continue
        slots.extend(option)
    if len(slots) % 2 or not slots:
        return None
    if final is not None:
        hints.setdefault(len(slots) - 1, []).append(final)
    specs: list[Spec] = []
    coupled = set()
    for k in range(0, len(slots), 2):
        lead, trail = slots[k], slots[k + 1]
        if lead[0] == "P" or trail[0] == "Q":
            return None
        if lead[0] == "Q":
            coupled.add(k // 2)
        if not _chars_for(lead, trail):
            return None
        specs.append((lead, trail, tuple(hints.get(k, ())), tuple(hints.get(k + 1, ()))))
    return _Layout(tuple(specs), frozenset(coupled), end)


@functools.cache
def _char_info() -> dict[str, tuple[str, float, bool]]:
    """character → (Simplified key, log probability as a word, whether a standard form)."""
    chars = sorted(gbk.common())
    simple = _t2s().convert("\n".join(chars)).split("\n")
    standard = gbk.standard()
    out = {}
    for ch, key in zip(chars, simple):
        key = key if len(key) == 1 else ch
        out[ch] = (key, word_model.char_logprob(key), ch in standard)
    return out


@functools.cache
def _candidates(spec: Spec) -> tuple[word_model.Candidate, ...]:
    """The candidates of a position, most likely first; ``tag`` is (char, lead, trail, confirmed)."""
    lead, trail, lead_hints, trail_hints = spec
    info = _char_info()
    out = []
    for ch, lb, tb in _chars_for(lead, trail):
        key, logprob, standard = info[ch]
        strong = tuple(s for s in trail_hints if annotation.matches(ch, s))
        weak = tuple(s for s in lead_hints if annotation.matches(ch, s))
        bonus = PINYIN_BONUS * len(strong) + LEAD_PINYIN_BONUS * len(weak)
        if not standard:
            bonus -= VARIANT_PENALTY
        out.append((-(logprob + bonus), ch, word_model.Candidate(key, bonus, (ch, lb, tb, strong + weak))))
    out.sort(key=lambda t: (t[0], t[1]))
    return tuple(c for _, _, c in out)


def _prune(
    cands: tuple[word_model.Candidate, ...],
    before: tuple[str, ...],
    after: tuple[str, ...],
    seen_pairs: Container[str],
) -> tuple[word_model.Candidate, ...]:
    """The ``TOP_CANDIDATES`` most likely, plus any that is confirmed or that forms a dictionary
    word or a pair seen in the document with a sure neighbour (``before``/``after``)."""
    if len(cands) <= TOP_CANDIDATES:
        return cands
    firsts, seconds = word_model.pair_words()
    linked: set[str] = set()
    for b in before:
        linked |= firsts.get(b, frozenset())
        linked.update(p[1] for p in _pairs_from(seen_pairs, b))
    for a in after:
        linked |= seconds.get(a, frozenset())
        linked.update(p[0] for p in _pairs_to(seen_pairs, a))
    return cands[:TOP_CANDIDATES] + tuple(
        c for c in cands[TOP_CANDIDATES:] if c.bonus > 0 or c.key in linked
    )


def _pairs_from(seen_pairs: Container[str], first: str) -> list[str]:
    return [p for p in _pair_index(seen_pairs)[0].get(first, ())]


def _pairs_to(seen_pairs: Container[str], second: str) -> list[str]:
    return [p for p in _pair_index(seen_pairs)[1].get(second, ())]


_PAIR_INDEX: dict[int, tuple[dict[str, list[str]], dict[str, list[str]]]] = {}


def _pair_index(seen_pairs) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Document pairs indexed by first and by second character (kept for the last few documents)."""
    found = _PAIR_INDEX.get(id(seen_pairs))
    if found is None or found[2] is not seen_pairs:
        by_first: dict[str, list[str]] = {}
        by_second: dict[str, list[str]] = {}
        for p in seen_pairs:
            by_first.setdefault(p[0], []).append(p)
            by_second.setdefault(p[1], []).append(p)
        if len(_PAIR_INDEX) > 8:
            _PAIR_INDEX.clear()
        found = (by_first, by_second, seen_pairs)
        _PAIR_INDEX[id(seen_pairs)] = found
    return found[0], found[1]


def _sure(cands: tuple[word_model.Candidate, ...]) -> tuple[str, ...]:
    """Keys of the candidates of a position that are certain: the only one, or confirmed."""
    if len(cands) == 1:
        return (cands[0].key,)
    return tuple(c.key for c in cands if c.tag[3])


# ------------------------------------------------------------------ scoring and deciding

_ANNOTATION_STRIP = re.compile(rf"\([{annotation.PINYIN_LETTERS}]{{1,7}}\)")


def _context(text: str, *, left: bool) -> str:
    text = _ANNOTATION_STRIP.sub("", text)
    text = text.split("\n")[-1] if left else text.split("\n")[0]
    text = text[-CONTEXT:] if left else text[:CONTEXT]
    return "".join(_ASCII_MARKS.get(c, _simplified(c)) for c in text)


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


class _LostPairGate:
    """Across a lost pair, the trail byte of one character and the lead byte of the next must make
    an unmapped code: the gate key of a choice is its trail byte."""

    def __init__(self) -> None:
        self.cache: dict[tuple[int, int, int], tuple[int, ...]] = {}

    def key(self, i: int, before: word_model.Candidate) -> int:
        return before.tag[2]

    def accepts(self, i: int, cand: word_model.Candidate) -> frozenset[int]:
        return gbk.unmapped_before(cand.tag[1])

    def following(self, i, positions, before) -> tuple[int, ...]:
        key = (i, id(positions), before.tag[2])
        if key not in self.cache:
            leads = gbk.unmapped_after(before.tag[2])
            self.cache[key] = tuple(b for b, c in enumerate(positions) if c.tag[1] in leads)
        return self.cache[key]


def _fixed(text: str) -> list[tuple[word_model.Candidate, ...]]:
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
        return _mark_weights(_candidates(spec), marks)

    @functools.cache
    def pruned(spec: Spec, before: tuple[str, ...], after: tuple[str, ...]):
        return _prune(weighed(spec), before, after, seen_pairs)

    for layout in _layouts(pieces, final):
        tail = "".join(
            _ASCII_MARKS.get(p.text, _simplified(p.text))
            for p in pieces[layout.end_piece + 1 :]
            if p.kind != "frag"
        )
        full = [weighed(spec) for spec in layout.specs]
        sure = [tuple(left[-1:])] + [_sure(m) for m in full] + [tuple((tail + right)[:1])]
        middle = [pruned(spec, sure[k], sure[k + 2]) for k, spec in enumerate(layout.specs)]
        lattice = _fixed(left) + middle + _fixed(tail) + _fixed(right)
        offset = len(left)
        coupled = {offset + k for k in layout.coupled}
        found = word_model.best_paths(
            lattice,
            gate=_LostPairGate(),
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
        key = "".join(_simplified(c) for c in item[1])
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
        final = annotation.annotation_at(raw, tail_end)
        if final is not None:
            final_end = raw.index(")", tail_end) + 1
    left = _context(raw[max(0, start - 4 * CONTEXT) : start], left=True)
    right = _context(raw[final_end : final_end + 4 * CONTEXT], left=False)
    ranked = _readings(pieces, final, left, right, seen_pairs, marks or {})
    if not ranked:
        last_sign = max(k for k, p in enumerate(pieces) if p.weight)
        end = pieces[last_sign].end
        n_bytes = sum(2 if p.kind in ("char", "wild") else 1 for p in pieces[: last_sign + 1]
                      if p.kind != "frag")
        return RunResult(start, end, raw[start:end], PLACEHOLDER * max(1, n_bytes // 2), False,
                         "no reading of the bytes gives common characters")
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
    counted from the start or from the end of the run, weigh at least ``MIN_POSTERIOR``."""
    top = ranked[0][0]
    weights = [math.exp(r[0] - top) for r in ranked]
    total = sum(weights)
    simple = ["".join(_simplified(c) for c in r[1]) for r in ranked]
    target = simple[0]
    n = len(target)
    out = []
    for k in range(n):
        from_start = sum(w for w, t in zip(weights, simple) if len(t) > k and t[k] == target[k])
        back = n - k
        from_end = sum(w for w, t in zip(weights, simple) if len(t) >= back and t[-back] == target[k])
        out.append(max(from_start, from_end) / total >= MIN_POSTERIOR)
    return out


def _sound_text(raw: str, runs: list[tuple[Piece, ...]]) -> str:
    """``raw`` outside the runs, annotations removed, Simplified, ASCII marks made full-width."""
    parts = []
    last = 0
    for pieces in runs:
        parts.append(raw[last : pieces[0].start])
        last = pieces[-1].end
    parts.append(raw[last:])
    text = "\n".join(_ANNOTATION_STRIP.sub("", part) for part in parts)
    return "".join(_ASCII_MARKS.get(c) or _simplified(c) for c in text)


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
