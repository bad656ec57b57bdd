"""Numbers in English and Spanish news text: digits, number words and vague amounts.

Digits follow each language's convention: "1,300" is 1300 in English and "1.300" is
1300 in Spanish; Latin American outlets also write "1,300", so Spanish accepts both
when the groups are exactly three digits. Decimals ("3.5", "1,5") are numbers but not
integers: they only count when a scale word follows ("1.5 million", "1,5 millones").

Number words ("eighteen", "cuarenta y nueve", "doscientos", "veintiún") and the vague
amounts ACLED gives a conventional value ("dozens" 12, "decenas" 10, "cientos" 100,
"miles" 1000) come from ``cronica/data/lexicon/numbers.yaml``.

A number above :data:`MAX_COUNT` is no count of people ("killed 99999999999999999999"
is a typo or an attack): its words are read, so no part of them is taken for a
smaller number, but it is not returned, and no figure is made of it.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cronica.errors import CronicaError
from cronica.lexicon import load_lexicon

LANGS = ("en", "es")
MAX_COUNT = 10**9  # more people than this is not a count (the world has 8 billion)


class NumberLexiconError(CronicaError):
    """The numbers lexicon is missing a language or is malformed."""


@dataclass(frozen=True)
class NumberMention:
    """A number stated in the text: ``text[start:end]`` says ``value``.

    ``vague`` marks conventional values of vague amounts ("dozens" -> 12).
    """

    start: int
    end: int
    value: int
    vague: bool
    words: bool  # written in words rather than digits
    round_noun: bool = False  # "a dozen", "una veintena", "un centenar": an approximate amount


@dataclass(frozen=True)
class _Lang:
    units: dict[str, int]
    tens: dict[str, int]
    hundreds: dict[str, int]
    scales: dict[str, int]
    fixed: dict[str, int]
    vague: dict[str, int]
    joiners: frozenset[str]
    needs_complement: frozenset[str]  # vague words that are amounts only before a complement
    complement: re.Pattern[str]  # that complement ("of" in "tens of thousands")
    articles: frozenset[str]  # number words that, alone, are articles ("un", "una")
    word_re: re.Pattern[str]
    fixed_re: re.Pattern[str]
    vague_re: re.Pattern[str]
    scale_re: re.Pattern[str]  # a scale word right after digits ("5 mil", "1.5 million")


def _alternation(words: list[str]) -> str:
    words = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)


def _int_map(entry: dict[str, Any] | None) -> dict[str, int]:
    return {str(k): int(v) for k, v in (entry or {}).items()}


def _whole_words(words: list[str]) -> re.Pattern[str]:
    """Any of ``words`` standing alone (not inside a longer word); never matches for no words."""
    if not words:
        return re.compile("(?!)")
    return re.compile(rf"(?<![\w-])(?:{_alternation(words)})(?![\w-])", re.IGNORECASE)


def _word_run(words: list[str], joiners: frozenset[str]) -> re.Pattern[str]:
    """A run of number words separated by spaces, hyphens or a joiner ("and"/"y")."""
    word = _alternation(words)
    joiner = _alternation(sorted(joiners)) if joiners else "(?!)"
    run = rf"(?:{word})(?:(?:\s+(?:{joiner})\s+|[\s-]+)(?:{word}))*"
    return re.compile(rf"(?<![\w-])(?:{run})(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=4)
def _lang(lang: str) -> _Lang:
    lex = load_lexicon("numbers")
    if lang not in lex:
        raise NumberLexiconError(f"no number words for language {lang!r}")
    d = lex[lang]
    units, tens, hundreds = _int_map(d["units"]), _int_map(d["tens"]), _int_map(d.get("hundreds"))
    scales, fixed, vague = _int_map(d["scales"]), _int_map(d.get("fixed")), _int_map(d.get("vague"))
    joiners = frozenset(str(j) for j in d.get("joiners") or [])
    complement = d["vague_with_complement"]
    return _Lang(
        units=units,
        tens=tens,
        hundreds=hundreds,
        scales=scales,
        fixed=fixed,
        vague=vague,
        joiners=joiners,
        needs_complement=frozenset(str(w) for w in complement["words"]),
        complement=re.compile(str(complement["complement"]), re.IGNORECASE),
        articles=frozenset(str(w) for w in d["articles"]),
        word_re=_word_run([*units, *tens, *hundreds, *scales], joiners),
        fixed_re=_whole_words(list(fixed)),
        vague_re=_whole_words(list(vague)),
        scale_re=re.compile(rf"\s+({_alternation(list(scales))})(?![\w-])", re.IGNORECASE),
    )


_DIGITS = re.compile(r"(?<![\w.,])\d{1,3}(?:[.,]\d{3})+(?![\d])|(?<![\w.,])\d+(?:[.,]\d+)?(?![\d])")


def parse_digits(s: str, lang: str) -> int | None:
    """The integer written as ``s`` ("1,300", "1.300", "49"), or None for a decimal.

    >>> parse_digits("1.300", "es"), parse_digits("1,300", "en"), parse_digits("3.5", "en")
    (1300, 1300, None)
    """
    s = s.strip()
    if s.isdigit():
        return _digits_value(s)
    thousands = re.fullmatch(r"\d{1,3}(?:([.,])\d{3})+", s)
    if thousands:
        sep = thousands.group(1)
        if lang == "es" or sep == ",":
            return _digits_value(s.replace(sep, ""))
        return None  # "1.300" in English is a decimal
    return None


def _digits_value(digits: str) -> int:
    """The value of a string of digits; past 12 digits only "more than MAX_COUNT".

    ``int()`` refuses strings of 4,300 digits and more, and no count needs 13.
    """
    return int(digits) if len(digits) <= 12 else MAX_COUNT + 1


def parse_decimal(s: str, lang: str) -> float | None:
    """A decimal such as "1.5" (en) or "1,5" (es), for "1.5 million"."""
    s = s.strip()
    if lang != "es":
        s = s.replace(",", "")
    elif "," in s:
        s = s.replace(".", "").replace(",", ".")
    try:
        return float(s)
    except ValueError:
        return None


def words_to_int(phrase: str, lang: str) -> int | None:
    """The value of a run of number words ("two hundred and five", "cuarenta y nueve").

    >>> words_to_int("cuarenta y nueve", "es"), words_to_int("twenty-one", "en")
    (49, 21)
    """
    lx = _lang(lang)
    tokens = [t for t in re.split(r"[\s-]+", phrase.lower()) if t]
    total = 0
    current = 0
    seen = False
    for tok in tokens:
        if tok in lx.joiners:
            continue
        if tok in lx.units:
            current += lx.units[tok]
        elif tok in lx.tens:
            current += lx.tens[tok]
        elif tok in lx.hundreds:
            current += lx.hundreds[tok]
        elif tok in lx.scales:
            scale = lx.scales[tok]
            if scale == 100:
                current = max(current, 1) * 100
            else:
                total += max(current, 1) * scale
                current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def _split_run(seg: str, s: int, e: int, lx: _Lang) -> list[tuple[int, int]]:
    """Split a run of number words where a joiner does not join one number.

    "hundred and five" and "cuarenta y nueve" are one number each; "seventeen and
    eighteen" and "diecisiete y dieciocho" are two.
    """
    toks = [(m.start() + s, m.end() + s, m.group(0).lower()) for m in re.finditer(r"[^\s-]+", seg[s:e])]
    parts: list[tuple[int, int]] = []
    cur_start: int | None = None
    cur_end = 0
    for i, (ts, te, tok) in enumerate(toks):
        if tok in lx.joiners:
            prev = toks[i - 1][2] if i > 0 else ""
            nxt = toks[i + 1][2] if i + 1 < len(toks) else ""
            joins = (prev in lx.scales or prev in lx.tens or prev in lx.hundreds) and (
                nxt in lx.units or nxt in lx.tens
            )
            if prev in lx.tens and nxt in lx.tens:
                joins = False
            if not joins and cur_start is not None:
                parts.append((cur_start, cur_end))
                cur_start = None
            continue
        if cur_start is None:
            cur_start = ts
        elif tok in lx.units and toks[i - 1][2] in lx.units:
            # two unit words in a row ("one two") are two numbers
            parts.append((cur_start, cur_end))
            cur_start = ts
        cur_end = te
    if cur_start is not None:
        parts.append((cur_start, cur_end))
    return parts


class _Found:
    """The numbers found so far in one segment; a later reading never overlaps an earlier one."""

    def __init__(self, base: int) -> None:
        self.base = base
        self.numbers: list[NumberMention] = []
        # the spans taken, kept sorted: they never overlap, so their ends ascend with their starts
        self._starts: list[int] = []
        self._ends: list[int] = []

    def add(self, s: int, e: int, value: int, vague: bool, words: bool, round_noun: bool = False) -> None:
        i = bisect.bisect_left(self._starts, e)  # the spans before i start before this one ends
        if i > 0 and self._ends[i - 1] > s:
            return
        self._starts.insert(i, s)
        self._ends.insert(i, e)
        if value > MAX_COUNT:  # taken, so no smaller number is read inside it, but no count
            return
        self.numbers.append(NumberMention(self.base + s, self.base + e, value, vague, words, round_noun))


def _add_vague(seg: str, lx: _Lang, found: _Found) -> None:
    for m in lx.vague_re.finditer(seg):
        key = re.sub(r"\s+", " ", m.group(0).lower())
        # English "tens"/"scores" are only amounts in "tens of ..."
        if key in lx.needs_complement and not lx.complement.match(seg[m.end() :]):
            continue
        found.add(m.start(), m.end(), lx.vague[key], True, True)


def _add_fixed(seg: str, lx: _Lang, found: _Found) -> None:
    for m in lx.fixed_re.finditer(seg):
        key = re.sub(r"\s+", " ", m.group(0).lower())
        found.add(m.start(), m.end(), lx.fixed[key], False, True, True)


def _add_digits(seg: str, lx: _Lang, lang: str, found: _Found) -> None:
    for m in _DIGITS.finditer(seg):
        s, e = m.start(), m.end()
        sm = lx.scale_re.match(seg, e)
        if sm and lx.scales[sm.group(1).lower()] >= 1000:
            dec = parse_decimal(m.group(0), lang)
            if dec is not None:
                scaled = dec * lx.scales[sm.group(1).lower()]
                amount = round(scaled) if math.isfinite(scaled) else MAX_COUNT + 1
                found.add(s, sm.end(), amount, False, False)
                continue
        value = parse_digits(m.group(0), lang)
        if value is not None:
            found.add(s, e, value, False, False)


def _add_words(seg: str, lx: _Lang, lang: str, found: _Found) -> None:
    for m in lx.word_re.finditer(seg):
        for s, e in _split_run(seg, m.start(), m.end(), lx):
            phrase = seg[s:e]
            if phrase.lower() in lx.articles:
                continue
            value = words_to_int(phrase, lang)
            if value is not None:
                found.add(s, e, value, False, True)


def find_numbers(text: str, start: int, end: int, lang: str) -> list[NumberMention]:
    """Every number in ``text[start:end]``, with absolute offsets, in text order.

    Vague amounts come first ("tens of thousands" before "tens"), then fixed phrases
    ("a dozen"), digits (with a following scale word: "5 mil", "1.5 million") and runs
    of number words. The Spanish articles "un"/"una" alone are not numbers here.
    """
    lx = _lang(lang)
    seg = text[start:end]
    found = _Found(start)
    _add_vague(seg, lx, found)
    _add_fixed(seg, lx, found)
    _add_digits(seg, lx, lang, found)
    _add_words(seg, lx, lang, found)
    return sorted(found.numbers, key=lambda n: n.start)
