"""The words of a sentence, read with jieba's dictionary, and the word-boundary law built on them.

A name must start and end where a word does: 告官渡区 (the end of 报告 glued to 官渡区) starts inside the word
报告, and 在叶县 starts with the preposition 在, a word of its own.  The words are jieba's segmentation without
its hidden Markov model (the most probable path through the words of its bundled dictionary, a word it lacks
read character by character, so that an unknown name never swallows the word before it); the dictionary gives
each known word's part of speech.  It is read once per process, with a user dictionary from the word lists (the
suffixes of places and organisations, well-known names, the abbreviations of bodies), so that 镇人民政府 reads
as 镇 / 人民政府.  Reading ``dict.txt`` directly instead of initialising jieba's tokenizer saves most of a
second per process.

Measured on the seed, the excerpts and the 14 real documents of ``benchmarks/REALTEXT.md`` (see its section
"Word boundaries"): jieba's boundaries agree with both ends of more gold names than LAC's, at a fifth of the
cost, so jieba gives the boundaries and LAC (:mod:`.statistical`) only proposes names.
"""

from __future__ import annotations

import importlib.util
import math
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..framework import Token
from ..lexicon import rows, words

#: Parts of speech (jieba's tags) of a one-character word a name never starts with: verbs, prepositions,
#: conjunctions, particles, pronouns, adverbs (赴, 在, 并, 的, 我, 也).
FUNCTION_TAGS = frozenset({"v", "p", "c", "u", "uj", "ul", "uz", "ug", "ud", "uv", "r", "d", "rr", "rz", "ry"})
#: The same for a longer word (成为, 因为, 带领): adverbs are left out, since jieba tags some place words so
#: (大连 as ``d``).
LONG_FUNCTION_TAGS = frozenset({"v", "p", "c", "u", "uj", "r"})

#: The least dictionary frequency of a verb that a name never opens with (缺乏 4171, 叠加 207; 启明 25 is a brand).
COMMON_VERB = 100

#: The frequency given to a word of the user dictionary: high enough to win over the splits jieba would make.
_USER_FREQ = 200_000


def _user_words() -> list[str]:
    """The words of the user dictionary, from the word lists: suffixes of two or more characters (人民政府,
    街道, 开发区), well-known names, the abbreviations and the national bodies."""
    out: set[str] = set()
    out.update(r.suffix for r in rows("place_suffixes.tsv"))
    out.update(r.suffix for r in rows("org_suffixes.tsv"))
    for name in ("known_names.tsv", "gov_abbreviations.tsv", "national_bodies.tsv", "company_forms.tsv"):
        out.update(words(name))
    return sorted(w for w in out if len(w) >= 2)


_ENTRY = re.compile(r"^(\S+) (\d+)(?: (\S+))?", re.MULTILINE)
_ASCII = re.compile(r"[A-Za-z0-9]+")
#: The longest word looked up (jieba's dictionary holds few longer ones).
_MAX_WORD = 12


@dataclass(frozen=True, slots=True)
class Dictionary:
    """jieba's bundled dictionary and the user words: word → frequency and part of speech, log of the total."""

    freq: dict[str, int]
    tags: dict[str, str]
    logtotal: float


@lru_cache(maxsize=1)
def dictionary() -> Dictionary:
    """The dictionary of this process, read on first use from jieba's ``dict.txt`` (one pass, no jieba
    initialisation: several times faster) with the user words of :func:`_user_words`."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise ImportError("jieba is not installed; it holds the dictionary the word boundaries are read with")
    text = (Path(spec.origin).parent / "dict.txt").read_text(encoding="utf-8")
    freq: dict[str, int] = {}
    tags: dict[str, str] = {}
    for w, f, tag in _ENTRY.findall(text):
        freq[w] = int(f)
        tags[w] = tag
    for w in _user_words():
        freq[w] = freq.get(w, 0) + _USER_FREQ
        tags.setdefault(w, "n")
    return Dictionary(freq, tags, math.log(sum(freq.values())))


def _cut(text: str, d: Dictionary) -> list[str]:
    """The most probable segmentation of ``text`` under the dictionary's unigram model (jieba's segmentation
    without its hidden Markov model for unknown words: a word the dictionary lacks is read character by
    character); runs of ASCII letters and digits are one word each."""
    n = len(text)
    freq, logtotal = d.freq, d.logtotal
    best: list[tuple[float, int]] = [(0.0, n)] * (n + 1)
    for i in range(n - 1, -1, -1):
        choice = (math.log(freq.get(text[i], 0) or 1) - logtotal + best[i + 1][0], i + 1)
        for j in range(i + 2, min(n, i + _MAX_WORD) + 1):
            f = freq.get(text[i:j])
            if f:
                choice = max(choice, (math.log(f) - logtotal + best[j][0], j))
        best[i] = choice
    out: list[str] = []
    i = 0
    while i < n:
        j = best[i][1]
        m = _ASCII.match(text, i)
        if m and j == i + 1:
            j = m.end()
        out.append(text[i:j])
        i = j
    return out


def tokenize(text: str) -> tuple[Token, ...]:
    """The words of ``text`` with their part of speech (``""`` for a word the dictionary lacks).

    >>> [t.text for t in tokenize("邀请专家到利洋村指导")][:2]
    ['邀请', '专家']
    """
    if not text:
        return ()
    d = dictionary()
    out: list[Token] = []
    i = 0
    for w in _cut(text, d):
        out.append(Token(i, i + len(w), w, d.tags.get(w, "")))
        i += len(w)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Words:
    """The word boundaries of a sentence (sentence offsets), read from its tokens.

    >>> w = Words.of(tokenize("向会议报告官渡区工作"))
    >>> w.is_boundary(3), w.is_boundary(4)
    (True, False)
    """

    tokens: tuple[Token, ...]
    starts: tuple[int, ...]

    @classmethod
    def of(cls, tokens: Iterable[Token]) -> Words:
        toks = tuple(tokens)
        return cls(toks, tuple(t.start for t in toks))

    def __bool__(self) -> bool:
        return bool(self.tokens)

    def at(self, i: int) -> Token | None:
        """The word that holds offset ``i``."""
        k = bisect_right(self.starts, i) - 1
        return self.tokens[k] if 0 <= k < len(self.tokens) and i < self.tokens[k].end else None

    def is_boundary(self, i: int) -> bool:
        """True where a word starts or ends (offset 0 and the end of the text included); with no words, every
        offset is one."""
        if not self.tokens or i <= 0 or i >= self.tokens[-1].end:
            return True
        t = self.at(i)
        return t is None or t.start == i

    def function_word(self, i: int) -> Token | None:
        """The word that starts at ``i`` when it is a verb, preposition, conjunction, particle or pronoun (or, of
        one character, an adverb)."""
        t = self.at(i)
        if t is None or t.start != i:
            return None
        return t if t.tag in (FUNCTION_TAGS if len(t.text) == 1 else LONG_FUNCTION_TAGS) else None

    def is_single_word(self, i: int, j: int) -> bool:
        """True when ``[i, j)`` is one word of its own."""
        t = self.at(i)
        return t is not None and t.start == i and t.end == j


def _level_chars() -> frozenset[str]:
    from ..admin import level_chars

    return level_chars()


def _word_follows(w: Words, i: int, end: int) -> bool:
    """A known word follows at ``i`` (one of two or more characters, maybe running past ``end``: 叶县 after 在), or
    a level character (区 of 受区人民政府)."""
    t = w.at(i)
    return t is not None and t.start == i and (len(t.text) > 1 or (i <= end and t.text in _level_chars()))


#: The rules of the word-boundary law, by name: what each does to a name's start.
BOUNDARY_RULES = {
    "start-inside-word": "the name would start inside a word that begins before it (告 of 报告 in 报告官渡区): it "
                         "starts after that word, or at its start when the scan stopped at its length limit on a "
                         "proper name (长沙 of 长沙经开区); a description left after the word is no name "
                         "(集体经济|薄弱村)",
    "leading-function-word": "the name would open with a verb, preposition, conjunction, pronoun or adverb that is "
                             "a word of its own (在叶县, 赴巴州区, 成为我县): it starts after it; a longer verb that "
                             "leaves too short a name is the name's own (前进村), and so is a verb rarer than 100 "
                             "in the dictionary (启明精工)",
    "function-word-inside": "a preposition or a pronoun of two or more characters inside the scanned part "
                            "(顺利通过|全国…基地, 收购本地|合作社): the name starts after it",
    "function-word-stops-scan": "a one-character boundary word (在, 由) that is a word of its own stops the "
                                "leftward scan, however short the name (在叶县)",
    "name-word-after-common-words": "a place word of the dictionary that runs into the suffix (官渡区) after common "
                                    "words (报告) is where the name starts",
}


#: Tags of words of two or more characters that no name holds inside: prepositions and pronouns (通过, 本地).
_INNER_BREAKS = frozenset({"p", "r", "rr", "rz"})


def align_start(start: int, end: int, w: Words, *, min_len: int, at_limit: bool = False,
                lead_verbs: bool = True, singles: frozenset[str] = frozenset()) -> tuple[int | None, str]:
    """Where a name scanned leftwards to ``start`` (its part before the suffix ending at ``end``) really starts,
    by the word-boundary law (:data:`BOUNDARY_RULES`).

    :param start: where the scan stopped.
    :param end: where the scanned part ends.
    :param w: the sentence's words.
    :param min_len: a shorter part is no name.
    :param at_limit: the scan stopped at its length limit (the word it cut may be the name's own).
    :param lead_verbs: strip a leading word of two or more characters too (not for programme names: 打击…行动).
    :param singles: the one-character words a name never opens with (the boundary words of the scan); jieba's
        tags of single characters are too loose for that (松 of 松溪村 is tagged a verb).
    :returns: the new start (or ``None`` when no name is left) and the rule that moved it (``""`` when it stands).

    >>> t = "向会议报告官渡区工作"
    >>> align_start(4, 7, Words.of(tokenize(t)), min_len=1)
    (5, 'start-inside-word')
    """
    if not w:
        return start, ""
    rule = ""
    t = w.at(start)
    if t is not None and t.start < start:
        if at_limit and t.end <= end and t.tag in PROPER_TAGS:
            return t.start, "start-inside-word"  # 长沙 of 长沙经开区 (not 报告 of 报告官渡区)
        start, rule = t.end, "start-inside-word"
        if at_limit and start < end and _common(w, start, end):
            return None, rule  # 集体经济|薄弱村: what is left after the cut word is a description, no name
    while start < end and (t := w.function_word(start)) is not None and t.end <= end:
        rare_verb = t.tag == "v" and dictionary().freq.get(t.text, 0) < COMMON_VERB
        if len(t.text) > 1 and (not lead_verbs or rare_verb):
            break  # 启明精工: a rare verb of the dictionary is more likely a brand
        if len(t.text) == 1 and (t.text not in singles or not _word_follows(w, t.end, end)):
            break  # 望溪街道: 望 opens a name jieba does not know, read character by character
        if end - t.end < max(min_len, 1):
            if len(t.text) > 1 and t.tag == "v":
                break  # 前进村: the verb is the name (a pronoun never is: 我们村)
            return None, "leading-function-word"
        start, rule = t.end, rule or "leading-function-word"
    inner = [t.end for t in w.tokens if start < t.start and t.end < end and len(t.text) > 1 and t.tag in _INNER_BREAKS]
    if inner:  # 顺利通过|全国…基地, 收购本地|…: a preposition or a pronoun inside, the name starts after it
        start, rule = max(inner), rule or "function-word-inside"
    t = w.at(end)
    if t is not None and start < t.start < end and t.text[-1] in _level_chars() and _common(w, start, t.start):
        # 报告官渡区: the name is a word of the dictionary that runs into the suffix, after common words
        start, rule = t.start, rule or "name-word-after-common-words"
    if end - start < min_len:
        t = w.at(start)
        after = w.at(t.end) if t is not None else None
        if not (t is not None and t.start == start and t.end > end and t.tag == "ns"
                and (after is None or after.text[0] not in _level_chars())):  # not 东乡 of 东乡区
            return None, rule  # (叶县: a place word of the dictionary shorter than the least prefix stands)
    return start, rule


#: jieba's tags of proper names (and unknown words, tagged ``""``).
PROPER_TAGS = frozenset({"ns", "nr", "nt", "nz", "nrt", "nrfg", "j", ""})
#: jieba's tags of a common word: nouns, verbs, adjectives, adverbs, idioms (not numerals: “四区”, “两会”).
COMMON_TAGS = frozenset({"n", "v", "vn", "a", "ad", "an", "d", "i", "l"})


def common_word(text: str) -> bool:
    """True when ``text`` is one word of the dictionary, of two or more characters, and a common one (生命线,
    加速度, 最美): no name, numeral or proper noun.

    >>> common_word("生命线"), common_word("村村抱团"), common_word("四区")
    (True, False, False)
    """
    toks = tokenize(text)
    return len(toks) == 1 and len(text) > 1 and toks[0].tag in COMMON_TAGS


def _common(w: Words, start: int, end: int) -> bool:
    """``[start, end)`` is one or more whole words of the dictionary, each of two or more characters and none a
    proper name (报告, 本次会议)."""
    toks = [t for t in w.tokens if start <= t.start and t.end <= end]
    return bool(toks) and toks[0].start == start and toks[-1].end == end \
        and sum(len(t.text) for t in toks) == end - start \
        and all(len(t.text) > 1 and t.tag not in PROPER_TAGS for t in toks)


__all__ = ["BOUNDARY_RULES", "COMMON_TAGS", "FUNCTION_TAGS", "PROPER_TAGS", "Dictionary", "Words", "align_start",
           "common_word", "dictionary", "tokenize"]
