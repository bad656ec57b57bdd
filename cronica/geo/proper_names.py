"""Place readings that are not places: pieces of a person's name, and quarters of the report's city.

The words these rules read; the rules themselves are ``_name_piece`` in :mod:`cronica.geo.recognize`
and ``keep_quarters_home`` in :mod:`cronica.geo.parse`.

* **A piece of a longer proper name.** A place reading with capitalised, name-like words right
  before or after it, with nothing but spaces between, is a person's name, not a place: "Sanchez
  Flores", "Paz Rodríguez" (a name word before it), "Claudia Ines Canjura Guillen" (name words
  after it), "Sra. Mercedes", "Mr. Lima" (a title or honorific before it). A word is name-like
  when it is capitalised, not written all in capitals, not one of the function, calendar, title,
  office, organisation or feature words of ``toponyms.yaml`` (``not_name_words`` and the
  recogniser's other lists; not ``stop`` nor ``not_places.yaml``, which hold given names and
  surnames: "Paz", "Victoria", "Young"), and not written in lower case elsewhere in the report. In
  English, which names organisations after places ("Dublin Historical Society", "Madison County
  Health Department", "the Lima Chamber of Commerce"), the words after a place count only when
  there are three of them, or when a name word also stands before it, and never when the run of
  capitals after it holds an organisation or title word; a place right before a place is a
  container or a seat there ("Decatur McLean County"). A country or a large first-level region
  needs two name words beside it ("Carlos Mauricio Guzman": not Mauritius; "Peru Libre" still
  says Peru). A word that names the country or region holding the place is no surname ("Atlanta
  Georgia"). Lines in title case (headlines) are left alone; demonyms are never pieces of a name.
* **A quarter of the report's city.** A neighbourhood word right after the name ("the Malaga
  neighborhood") or right before it ("el barrio Monserrat", "la colonia Carolina") makes it a
  local place, which keeps a reading only in a first-level region where the report names another
  place: a town of the same name elsewhere is not it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cronica.geo.vocabulary import phrases
from cronica.lexicon import alternation

_LEXICON = "toponyms"
_WORD_BEFORE = re.compile(r"(?<![\w’'´-])([^\W\d_][\w’'´-]*)[ \t]+$")
_WORD_AFTER = re.compile(r"^[ \t]+([^\W\d_][\w’'´-]*)")
_ANY_WORD = re.compile(r"[^\W\d_][\w’'´-]*")
_POSSESSIVE = re.compile(r"['’´]s?$")
_HEADLINE_CHARS = 240  # longer lines are paragraphs, not headlines
_HEADLINE_SHARE = 0.6  # a line with this share of capitalised words (and at least 4) is a headline
_HEADLINE_WORDS = 4


@dataclass(frozen=True)
class NameRules:
    """The vocabulary of the two rules, compiled once."""

    not_name: frozenset[str]  # lower case
    honorific: re.Pattern[str]
    quarter_after: re.Pattern[str]
    quarter_before: re.Pattern[str]


def _never_name_words() -> frozenset[str]:
    """Every single word of ``toponyms.yaml``'s lists that is no part of a person's name."""
    lists = [
        ("not_name_words",),
        ("vague",),
        ("feature_words",),
        ("connectors",),
        ("locative",),
        ("articles",),
        ("honorifics",),
        ("admin_unit_names",),
        ("institutions", "nouns"),
        ("in_country", "adjectives"),
        *(("cues", kind, "before") for kind in ("region", "province", "city")),
    ]
    words: set[str] = set()
    for path in lists:
        words.update(w.lower() for w in phrases(_LEXICON, *path) if " " not in w)
    return frozenset(words)


@lru_cache(maxsize=1)
def name_rules() -> NameRules:
    """Compile the word lists of ``toponyms.yaml`` on first use."""
    honorifics = alternation(phrases(_LEXICON, "honorifics"))
    after = alternation(phrases(_LEXICON, "neighbourhood", "after"))
    before = alternation(phrases(_LEXICON, "neighbourhood", "before"))
    return NameRules(
        not_name=_never_name_words(),
        honorific=re.compile(rf"(?<![\w.])(?:{honorifics})\.?\s+$"),
        quarter_after=re.compile(rf"^\s+(?:{after})\b", re.IGNORECASE),
        quarter_before=re.compile(rf"\b(?:{before})\s+(?:(?:de|del|of|la|el|the)\s+)?$", re.IGNORECASE),
    )


def _line_of(text: str, start: int) -> str | None:
    """The line holding ``start``; None when it is longer than any headline."""
    s = text.rfind("\n", max(0, start - _HEADLINE_CHARS), start) + 1
    if s == 0 and start > _HEADLINE_CHARS:
        return None
    e = text.find("\n", start, s + _HEADLINE_CHARS + 1)
    if e < 0 and len(text) > s + _HEADLINE_CHARS:
        return None
    return text[s : len(text) if e < 0 else e]


def headline(text: str, start: int) -> bool:
    """Whether the line holding ``start`` is written in title case (a paragraph never is: reading
    only a headline's length around ``start`` keeps this constant-time on one-line reports)."""
    line = _line_of(text, start)
    if line is None:
        return False
    words = _ANY_WORD.findall(line)
    if len(words) < _HEADLINE_WORDS:
        return False
    caps = sum(1 for w in words if w[:1].isupper())
    return caps / len(words) >= _HEADLINE_SHARE


def name_like(text: str, word: str, rules: NameRules) -> bool:
    """A capitalised word that may be part of a person's name (see the module's docstring)."""
    bare = _POSSESSIVE.sub("", word)
    if not bare[:1].isupper() or (bare.isupper() and len(bare) > 1):
        return False
    low = bare.lower()
    if low in rules.not_name or (low.endswith("s") and low[:-1] in rules.not_name):
        return False  # "Fire Departments", "Social Services" as well as "Department"
    return re.search(rf"(?<![\w’'´-]){re.escape(low)}(?![\w’'´-])", text) is None


def neighbours(text: str, start: int, end: int) -> tuple[str | None, str | None]:
    """The words right before and right after ``text[start:end]``, with only spaces between."""
    before = _WORD_BEFORE.search(text[max(0, start - 40) : start])
    after = _WORD_AFTER.match(text[end : end + 40])
    return (before.group(1) if before else None, after.group(1) if after else None)


def titled(text: str, start: int) -> bool:
    """Whether a title or honorific stands right before ``start`` ("Sra. ", "Colonel ")."""
    return name_rules().honorific.search(text[max(0, start - 20) : start]) is not None


def quarter(text: str, start: int, end: int) -> bool:
    """Whether a neighbourhood word stands right before or after the name."""
    rules = name_rules()
    return bool(
        rules.quarter_after.match(text[end : end + 40])
        or rules.quarter_before.search(text[max(0, start - 40) : start])
    )
