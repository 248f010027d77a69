"""Rebuild the bytes of a garbled run and list the characters they may stand for.

Every way of turning a run (``kg.text.garble``) back into bytes is tried: its first ``?`` is the byte
the decoder lost, any later ``?`` one unknown byte or ``？``, ASCII marks themselves or their
full-width form, and a lost pair (an unmapped code, two unknown bytes) may sit between any two
pieces — at most ``MAX_LOST_PAIRS``. The run may end at any piece that can be the last byte of a
character. The bytes are then read in step: each character position gets the common characters
(``kg.text.gbk.common``) its known and unknown bytes allow, most likely first, with a bonus for those a
pinyin annotation or fragment confirms.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Container, Iterator
from dataclasses import dataclass

from . import annotation, gbk, word_model
from .garble import Piece
from .t2s import char_to_simplified

#: Most lost pairs assumed in one run.
MAX_LOST_PAIRS = 2
#: Log-score a candidate gains per pinyin annotation that is a reading of its character.
PINYIN_BONUS = 6.0
#: The same for a fragment seen after the character's first byte only, a less certain place.
LEAD_PINYIN_BONUS = 2.0
#: Log-score cost of a variant character (鎭 beside 鎮) that is neither GB2312 nor the OpenCC
#: Traditional form of a GB2312 character: such variants are much rarer in text.
VARIANT_PENALTY = 2.0
#: Candidates kept per position (the most frequent ones, plus any a pinyin annotation confirms).
TOP_CANDIDATES = 40
#: Limit on the rebuilt byte layouts tried for one run, a guard against pathological input.
MAX_LAYOUTS = 4000


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
    """The byte values a slot may hold as the first (``lead``) or second byte of a character;
    None when it cannot stand there (a lost pair is never a character of its own)."""
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
class Layout:
    """One way of reading the run back: the characters' byte slots and where lost pairs join them."""

    specs: tuple[Spec, ...]
    coupled: frozenset[int]  # position k: its lead and the trail of k-1 form a lost pair
    end_piece: int  # index of the last piece the layout covers


def layouts(pieces: tuple[Piece, ...], final: str | None) -> Iterator[Layout]:
    """Every consistent byte layout of the run, ending at each possible piece, without repeats."""
    count = 0
    seen: set[Layout] = set()
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


def _build(
    seq: tuple[Piece, ...],
    prefix: list[Slot],
    choice: tuple[list[Slot], ...],
    drops: tuple[int, ...],
    final: str | None,
    end: int,
) -> Layout | None:
    """The layout for one choice of bytes per piece (``choice``) with lost pairs before the pieces
    listed in ``drops``, or None when the bytes do not read as common characters."""
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
    return Layout(tuple(specs), frozenset(coupled), end)


@functools.cache
def _char_info() -> dict[str, tuple[str, float, bool]]:
    """character → (Simplified key, log probability as a word, whether a standard form)."""
    chars = sorted(gbk.common())
    simple = [char_to_simplified(c) for c in chars]
    standard = gbk.standard()
    out = {}
    for ch, key in zip(chars, simple):
        key = key if len(key) == 1 else ch
        out[ch] = (key, word_model.char_logprob(key), ch in standard)
    return out


@functools.cache
def candidates(spec: Spec) -> tuple[word_model.Candidate, ...]:
    """The candidates of a position, most likely first; ``tag`` is (char, lead, trail, confirmed)."""
    lead, trail, lead_hints, trail_hints = spec
    info = _char_info()
    make = word_model.Candidate
    out = []
    for ch, lb, tb in _chars_for(lead, trail):
        key, logprob, standard = info[ch]
        bonus = 0.0 if standard else -VARIANT_PENALTY
        confirmed: tuple[str, ...] = ()
        if trail_hints or lead_hints:
            strong = tuple(s for s in trail_hints if annotation.matches(ch, s))
            weak = tuple(s for s in lead_hints if annotation.matches(ch, s))
            bonus += PINYIN_BONUS * len(strong) + LEAD_PINYIN_BONUS * len(weak)
            confirmed = strong + weak
        out.append((-(logprob + bonus), ch, make(key, bonus, (ch, lb, tb, confirmed))))
    out.sort()
    return tuple(c for _, _, c in out)


def prune(
    cands: tuple[word_model.Candidate, ...],
    before: tuple[str, ...],
    after: tuple[str, ...],
    seen_pairs: Container[str],
) -> tuple[word_model.Candidate, ...]:
    """The ``TOP_CANDIDATES`` most likely, plus any that is confirmed or that forms a dictionary
    word or a pair seen in the document with a sure neighbour (``before``/``after``)."""
    if len(cands) <= TOP_CANDIDATES:
        return cands
    known = word_model.words().get
    kept = list(cands[:TOP_CANDIDATES])
    for c in cands[TOP_CANDIDATES:]:
        k = c.key
        if c.bonus > 0:
            kept.append(c)
            continue
        for b in before:
            if b + k in seen_pairs or known(b + k):
                kept.append(c)
                break
        else:
            for a in after:
                if k + a in seen_pairs or known(k + a):
                    kept.append(c)
                    break
    return tuple(kept)


def sure(cands: tuple[word_model.Candidate, ...]) -> tuple[str, ...]:
    """Keys of the candidates of a position that are certain: the only one, or confirmed."""
    if len(cands) == 1:
        return (cands[0].key,)
    return tuple(c.key for c in cands if c.tag[3])


class LostPairGate:
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
