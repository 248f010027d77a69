"""The word-boundary law over every candidate, as filter rules of the ``mentions`` step.

A name starts and ends where words do (:mod:`.words`).  The finders that scan for a name's start obey it
(:func:`kg.extract.names.scan_left`); the filter ``suffix-inside-word`` refuses a candidate whose suffix begins
inside a word of the name and ends inside the next (项目 of 各项|目标; 党委 of 镇党委 ends with its word and
stands).  ``tests/extract/recognize/test_words.py`` checks every name kept on the seed and the excerpts.

A candidate may cross a word boundary for a reason, named by :func:`boundary_exception` (a quoted name, a list
item, a person's name, a compound word of the dictionary such as 福建省人民政府).
"""

from __future__ import annotations

from ..findings import Decision, Found
from ..framework import Context
from ...model import Mention
from .words import PROPER_TAGS, Words

#: Why a name may cross a word boundary, by the rule that proposed it (a prefix of the rule's name).
EXCEPTIONS: dict[str, str] = {
    "quoted-name": "quotes bound the name (programme-quoted, honour-quoted, product-quoted, product-work in 《》)",
    "list-item": "the list's commas and shared suffix bound the item (coordination:…)",
    "person-name": "a person's name: jieba often reads a name with the character after it as one word",
    "listed-name": "a whole name from a word list (known-name, org-abbreviation, org-national, park-short-form)",
    "statistical": "the statistical recognizer's own span (recognized:…)",
    "held-title": "an honour written before its holder's name ends where the name begins (种植能手|张三: honour-held)",
    "compound-word": "the name ends inside a dictionary word that opens at the name's start or at its suffix "
                     "(福建省人民政府, 镇党委, 村干部)",
}

_BY_RULE = (
    (("programme-quoted", "honour-quoted", "product-quoted", "honour-unquoted", "product-work"), "quoted-name"),
    (("coordination:",), "list-item"),
    (("person-",), "person-name"),
    (("known-name", "org-abbreviation", "org-national", "park-short-form"), "listed-name"),
    (("recognized:",), "statistical"),
    (("honour-held",), "held-title"),
)



def _suffix_of(m: Mention) -> str:
    """The suffix a suffix rule matched (``place-suffix:村`` → 村), if the mention ends with it."""
    if ":" not in m.rule or not m.rule.split(":", 1)[0].endswith("suffix"):
        return ""
    sfx = m.rule.split(":", 1)[1]
    return sfx if m.text.endswith(sfx) else ""


def boundary_exception(m: Mention, sent_start: int, w: Words) -> str | None:
    """The exception (a key of :data:`EXCEPTIONS`) that lets the mention cross a word boundary, if any.

    :param m: the mention (document offsets).
    :param sent_start: the document offset of its sentence.
    :param w: the sentence's words.
    """
    for prefixes, name in _BY_RULE:
        if m.rule.startswith(prefixes):
            return name
    a, b = m.start - sent_start, m.end - sent_start
    t = w.at(b - 1)
    sfx = len(_suffix_of(m))
    if w.is_boundary(a) and t is not None and t.end > b and (t.start == a or (sfx and t.start == b - sfx)) \
            and not (m.rule.startswith("project-") and t.start == b - sfx and _noun_rest(t.text[sfx:])):
        # (工程|技术: no works' suffix; 工程|建设 is the works' own)
        return "compound-word"
    return None


def _each_suffixed(found: tuple[Found, ...], ctx: Context, rule: str, refused) -> list[Decision]:
    """The candidates ending in a suffix that ``refused(mention, suffix, words, sentence_start)`` says no to,
    dropped with ``rule``."""
    w = Words.of(ctx.tokens)
    if not w:
        return []
    s0 = ctx.sent.start
    return [Decision(f, False, rule) for f in found
            if (sfx := _suffix_of(f.mention)) and refused(f.mention, sfx, w, s0)]


def _noun_rest(rest: str) -> bool:
    """What a word goes on with after a works' suffix is a noun (工程|技术), not the works' doing (工程|建设)."""
    from .words import tokenize

    toks = tokenize(rest)
    return len(toks) == 1 and toks[0].tag.startswith("n")


def _suffix_inside_word(found: tuple[Found, ...], ctx: Context) -> list[Decision]:
    def refused(m: Mention, sfx: str, w: Words, s0: int) -> bool:
        if len(sfx) < 2 or boundary_exception(m, s0, w) is not None:
            return False
        t = w.at(m.end - s0 - len(sfx))
        last = w.at(m.end - s0 - 1)  # 非煤|矿山: the suffix's end opens a word that runs on
        first = w.at(m.end - s0 - len(sfx))  # 工程技术研究中心: the suffix opens a longer word
        return (t is not None and m.start - s0 < t.start < m.end - s0 - len(sfx) and not w.is_boundary(m.end - s0)) \
            or (last is not None and m.end - s0 - len(sfx) < last.start and last.end > m.end - s0) \
            or (first is not None and first.start == m.end - s0 - len(sfx) and first.end > m.end - s0
                and m.rule.startswith("project-") and _noun_rest(first.text[len(sfx):]))

    return _each_suffixed(found, ctx, "suffix-inside-word", refused)


def _rankings(found: tuple[Found, ...], ctx: Context) -> list[Decision]:
    from ..admin import classes_above
    from .titles import RANK

    admin = {*classes_above("Village"), "Village", "Community"}
    out = []
    for f in found:
        m = f.mention
        if m.type in admin and m.rule.startswith("place-suffix:") and RANK.search(m.text):
            out.append(Decision(f, False, "ranking-not-place"))
    return out


#: jieba's tags of words that describe or act (verbs, adjectives, adverbs, idioms): no place is named by one of
#: them alone unless a division bears the name (前进村, 建设村 do; 彰显村, 建立区 do not).
_DESCRIBING = frozenset({"v", "vd", "a", "ad", "an", "i", "d"})
#: … and the tags of words that only describe (adjectives, idioms): no body's name ends with one before its suffix
#: (良好|局 of 良好局面; a verb may: 建设局).
_ADJECTIVES = frozenset({"a", "ad", "an", "i"})


def _described_not_named(found: tuple[Found, ...], ctx: Context) -> list[Decision]:
    from ..admin import classes_above

    admin = {*classes_above("Village"), "Village", "Community"}

    def refused(m: Mention, sfx: str, w: Words, s0: int) -> bool:
        a, b = m.start - s0, m.end - s0 - len(sfx)
        if m.rule.startswith("place-suffix:") and m.type in (*admin, "IndustrialPark", "Area"):
            t, last = w.at(a), w.at(b - 1)
            one_word = t is not None and t.start == a and t.end == b and t.tag in _DESCRIBING | {"b", "m"}
            # 党建|引领|社区: words that end in a verb before the suffix say what is done, they name no place
            inner = [x for x in w.tokens if a <= x.start and x.end <= b]
            ends_in_verb = m.type in admin and t is not None and t.start == a and last is not None \
                and last.end == b and last.start > a and last.tag == "v" and len(last.text) > 1 \
                and all(x.tag not in PROPER_TAGS - {"j"} or (k == 0 and x.tag == "ns" and len(inner) == 2)
                        for k, x in enumerate(inner))  # (浦东|引领|区: a place and a verb, a zone's slogan)
            short = m.type in ("Province", "City", "District") and len(m.text) == 2  # 上市, 新市: one character
            return (one_word or ends_in_verb or short) and (m.type not in admin or not _bears(m.type, m.text))
        if m.rule.startswith("org-suffix:") and len(sfx) == 1 and b > a:
            t = w.at(b - 1)
            return t is not None and t.end == b and t.tag in _ADJECTIVES
        return False

    return _each_suffixed(found, ctx, "describing-word-not-a-place", refused)


def _bears(cls: str, name: str) -> bool:
    """A division of the class's level bears the name: a village or community anywhere (前进村), or a town, county,
    city or province of that very name (上市 is none: 上市村 is a village)."""
    from ..ground.divisions import named_anywhere
    from ..ground.lookup import LEVEL_OF_CLASS, named

    if cls in ("Village", "Community"):
        return named_anywhere(name)
    return any(d.level is LEVEL_OF_CLASS.get(cls, d.level) for d in named(name))


#: One-character suffixes that end many common words (集市, 超市, 城市; 环节, 季节).
_WORD_END_SUFFIXES = ("市", "节")
#: Words ending in 节 that name no festival (a festival word such as 美食节 stays an event's head).
_NOT_FESTIVALS = ("环节", "季节", "细节", "情节", "章节", "关节", "礼节", "时节", "调节", "音节")
#: jieba's tags of common words (not names, places, times).
_COMMON_WORD_TAGS = frozenset({"n", "v", "vn", "a", "an", "i", "l"})


def _suffix_ends_word(found: tuple[Found, ...], ctx: Context) -> list[Decision]:
    from ..ground.divisions import named_anywhere

    def refused(m: Mention, sfx: str, w: Words, s0: int) -> bool:
        t = w.at(m.end - s0 - 1)
        if sfx == "局":  # 困局, 格局: a word of two characters ends in it (教育局, 财政局 are the bureaus' own)
            return t is not None and t.end == m.end - s0 and len(t.text) == 2 and t.tag in _COMMON_WORD_TAGS
        return sfx in _WORD_END_SUFFIXES and t is not None and t.end == m.end - s0 and t.start < m.end - s0 - 1 \
            and t.tag in _COMMON_WORD_TAGS and (sfx != "节" or t.text.endswith(_NOT_FESTIVALS)) \
            and not named_anywhere(m.text)  # 公主岭市: a division bears the name

    return _each_suffixed(found, ctx, "suffix-ends-common-word", refused)


def _suffix_opens_word(found: tuple[Found, ...], ctx: Context) -> list[Decision]:
    from ..lexicon import words
    from .words import common_word

    roles = words("roles.tsv")

    def refused(m: Mention, sfx: str, w: Words, s0: int) -> bool:
        if not (m.rule.startswith("org-suffix:") and len(sfx) == 1):
            return False
        if m.text[-2:-1] == "副":
            return True  # 甲局副|局长: a deputy's title, no second body
        t = w.at(m.end - s0 - 1)
        after = ctx.sent.text[m.end - s0:m.end - s0 + 2]
        return t is not None and t.start == m.end - s0 - 1 and t.end > m.end - s0 and t.text not in roles \
            and not common_word(after)  # (甲局|部门负责人: the dictionary's 局部 is a misreading)

    return _each_suffixed(found, ctx, "suffix-opens-word", refused)


#: The filter rules of the law: name, meaning, function (see :data:`kg.extract.components.mentions.FILTERS`).
FILTERS = (
    ("suffix-inside-word", "the suffix begins inside a word of the name and ends inside the next (项目 of "
                           "各项|目标): no suffix there", _suffix_inside_word),
    ("describing-word-not-a-place", "the part before the suffix is one verb, adjective, idiom, attribute or numeral "
                                    "word of the dictionary and, for a division, none of the country bears the name "
                                    "(彰显|村, 建立|区, 首张|社区; 到位|园区, 民营|园区), or a body's name ends in an "
                                    "adjective before its suffix (良好|局 of 良好局面)",
     _described_not_named),
    ("suffix-ends-common-word", "a one-character suffix (市, 节) ends a common word of the dictionary that begins "
                                "before it (集|市 of 近湖集市, 环节), or 局 a common word of two characters (困局, "
                                "格局): that word, no name", _suffix_ends_word),
    ("suffix-opens-word", "a body's one-character suffix opens a longer word of the dictionary (局 of 新局面, 厅 of "
                          "厅堂), not a role (局长): no body ends there", _suffix_opens_word),
    ("ranking-not-place", "an administrative place whose name holds a rank (百强县, 千强镇, 全国百强县): the title of "
                          "a ranking, not a place", _rankings),
)

__all__ = ["EXCEPTIONS", "FILTERS", "boundary_exception"]
