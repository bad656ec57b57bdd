"""When an event happened: date expressions resolved against the publication date.

Our own rules: the words and the patterns of date expressions are in
``cronica/data/lexicon/dates.yaml``, the resolver below reads the matches. dateparser is
not used: on the forms news reports use ("el lunes 9 de enero", "el jueves pasado",
"desde el domingo", "del 10 al 12 de enero") it misses many Spanish cases, does not say
how precise a date is, and is about two orders of magnitude slower than these regexes.

Resolution rules (DESIGN.md section 4, TAXONOMY.md "Place and time"):

- a day and month without a year take the year that puts them on or before the
  publication date ("on December 15" in a report of 2023-01-10 is 2022-12-15); a
  month alone is the most recent such month; a bare weekday ("on Monday") is the most
  recent on or before publication, "last Thursday" the most recent strictly before;
- in a sentence about plans ("will march on Thursday", "marcharán el jueves") these
  resolve forward instead, and such a date may lie after publication;
- "since Sunday" / "desde el domingo" starts on that day and ends on the publication
  date; "between 10 and 12 January" / "del 10 al 12 de enero" is a span;
- "last week" / "la semana pasada" is the Monday of the previous week, precision week;
- with no publication date, only expressions that carry their own year resolve.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from cronica.extract.numbers import LANGS, find_numbers
from cronica.lexicon import expand, load_lexicon

PRECISIONS = ("day", "week", "month", "year")
_PRECISION_RANK = {p: i for i, p in enumerate(PRECISIONS)}


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    event_date: dt.date
    date_end: dt.date | None
    precision: str  # day | week | month | year
    relative: bool  # resolved against the publication date


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    kind: str
    groups: dict[str, str]


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class _Lookalike:
    """A relative-day word that is also an ordinary word ("mañana": tomorrow, or morning)."""

    word: str
    preceded_by: re.Pattern[str]  # the end of the text before that makes it the ordinary word
    followed_by: re.Pattern[str]  # the start of the text after that does


@dataclass(frozen=True)
class _Rules:
    lang: str
    months: dict[str, int]
    ambiguous: frozenset[str]
    weekdays: dict[str, int]
    rel_days: dict[str, int]
    rel_periods: dict[str, tuple[str, int]]
    units: dict[str, str]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    future: tuple[re.Pattern[str], ...]
    capital_months: frozenset[str]  # month names that are a month after these preps only with a capital
    capital_preps: frozenset[str]
    bare_month_needs_capital: bool  # a month with no preposition needs a capital letter
    name_preps: frozenset[str]  # "Dos de Mayo": after a capitalised word, part of a name
    lookalikes: tuple[_Lookalike, ...]


_YEAR = r"(?P<y>(?:1[89]|20)\d\d)(?![\d,.]\d)"
# a capitalised word right before "de Mayo" makes the month part of a name
_CAPITALISED_BEFORE = re.compile(r"(?-i:[A-ZÁÉÍÓÚ][\wáéíóúñ]*)\s+$")


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.lower().rstrip("."))


def _placeholders(lex: dict[str, Any]) -> dict[str, str]:
    """What {MONTHS}, {MON}, {WD}, ... stand for in this language's patterns (see dates.yaml)."""
    months = _alt([str(k) for k in lex["months"]])
    table = {
        "MONTHS": months,
        "MON": rf"(?P<m>{months})\.?",
        "MON2": rf"(?P<m2>{months})\.?",
        "WD": rf"(?P<wd>{_alt([str(k) for k in lex['weekdays']])})",
        "SINCE": rf"(?:(?P<since>{_alt(lex['since'])})\s+)?",
        "PAST": _alt(lex["weekday_past"]),
        "FUT": _alt(lex["weekday_future"]),
        "UNITS": _alt([str(k) for k in lex["units"]]),
        "PERIODS": _alt([str(k) for k in lex["relative_periods"]]),
        "RELDAYS": _alt([str(k) for k in lex["relative_days"]]),
        "AGO": _alt([str(lex["ago"])]),
        "YEAR": _YEAR,
        "YEAR2": _YEAR.replace("?P<y>", "?P<y2>"),
    }
    for name, fragment in (lex.get("fragments") or {}).items():
        table[str(name)] = expand(str(fragment), table, f"dates.yaml fragment {name}")
    return table


def _patterns(lex: dict[str, Any]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    table = _placeholders(lex)
    return tuple(
        (str(p["kind"]), re.compile(expand(str(p["pattern"]), table, "dates.yaml patterns"), re.IGNORECASE))
        for p in lex["patterns"]
    )


def _lookalikes(entries: list[dict[str, str]]) -> tuple[_Lookalike, ...]:
    return tuple(
        _Lookalike(str(e["word"]), re.compile(e["preceded_by"]), re.compile(e["followed_by"]))
        for e in entries
    )


@lru_cache(maxsize=4)
def _rules(lang: str) -> _Rules:
    lex: dict[str, Any] = load_lexicon("dates")[lang]
    return _Rules(
        lang=lang,
        months={str(k): int(v) for k, v in lex["months"].items()},
        ambiguous=frozenset(str(a) for a in lex["ambiguous_months"]),
        weekdays={str(k): int(v) for k, v in lex["weekdays"].items()},
        rel_days={str(k): int(v) for k, v in lex["relative_days"].items()},
        rel_periods={str(k): (str(v["unit"]), int(v["offset"])) for k, v in lex["relative_periods"].items()},
        units={str(k): str(v) for k, v in lex["units"].items()},
        patterns=_patterns(lex),
        future=tuple(re.compile(p, re.IGNORECASE) for p in lex["future_cues"]),
        capital_months=frozenset(str(w) for w in lex["capital_months"]),
        capital_preps=frozenset(str(w) for w in lex["capital_preps"]),
        bare_month_needs_capital=bool(lex["bare_month_needs_capital"]),
        name_preps=frozenset(str(w) for w in lex["name_preps"]),
        lookalikes=_lookalikes(lex["relative_day_lookalikes"] or []),
    )


@dataclass(frozen=True)
class _Cues:
    """Words and cues read in both languages whatever the report's language (dates.yaml)."""

    one: frozenset[str]  # "a week ago"
    few: frozenset[str]  # "a few days ago": no number
    month_next: tuple[str, ...]
    month_last: tuple[str, ...]
    weekday_next: tuple[str, ...]
    weekday_last: tuple[str, ...]
    first_day: frozenset[str]
    since: tuple[str, ...]
    not_a_year: re.Pattern[str]
    currency: re.Pattern[str]
    same_year: re.Pattern[str]
    since_began: re.Pattern[str]
    comparison: re.Pattern[str]
    lead: re.Pattern[str]
    deadline: re.Pattern[str]
    target: re.Pattern[str]
    embedded: re.Pattern[str]
    aftermath: re.Pattern[str]
    telling: re.Pattern[str]


def _both(key: str) -> list[str]:
    """The entries of ``key`` in every language of dates.yaml."""
    lex = load_lexicon("dates")
    return [str(w) for lang in LANGS for w in lex[lang][key]]


def _joined(key: str, shape: str = "{}", flags: int = 0) -> re.Pattern[str]:
    """Both languages' patterns under ``key`` as one, inside ``shape``."""
    return re.compile(shape.replace("{}", "|".join(f"(?:{p})" for p in _both(key))), flags)


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    return _Cues(
        one=frozenset(_both("ago_one")),
        few=frozenset(_both("ago_few")),
        month_next=tuple(_both("month_next")),
        month_last=tuple(_both("month_last")),
        weekday_next=tuple(_both("weekday_future")),
        weekday_last=tuple(_both("weekday_past")),
        first_day=frozenset(_both("first_day")),
        since=tuple(_both("since")),
        not_a_year=_joined("not_a_year_before", r"\s*(?:{})\b"),
        currency=_joined("currency_signs", r"(?:{})\s*$"),
        same_year=_joined("same_year", r",?\s+(?:{})\b", re.IGNORECASE),
        since_began=_joined("since_began", flags=re.IGNORECASE),
        comparison=_joined("comparison"),
        lead=_joined("lead_words", r"(?:{})\s+", re.IGNORECASE),
        deadline=_joined("deadline", flags=re.IGNORECASE),
        target=_joined("proposal_target", flags=re.IGNORECASE),
        embedded=_joined("embedded_episode", flags=re.IGNORECASE),
        aftermath=_joined("aftermath", flags=re.IGNORECASE),
        telling=_joined("telling", flags=re.IGNORECASE),
    )


def since_words() -> tuple[str, ...]:
    """The words that open a span to the publication date ("since", "desde"), in every language."""
    return _cues().since


def _scan(text: str, start: int, end: int, lang: str) -> list[_Match]:
    """The date expressions of ``text[start:end]``, longest first where they overlap (cached:
    figures and dates both read the same sentences)."""
    return list(_scan_cached(text, start, end, lang))


@lru_cache(maxsize=512)
def _scan_cached(text: str, start: int, end: int, lang: str) -> tuple[_Match, ...]:
    return tuple(_scan_once(text, start, end, lang))


_DIGIT = re.compile(r"\d")


def _scan_once(text: str, start: int, end: int, lang: str) -> list[_Match]:
    r = _rules(lang if lang in LANGS else "en")
    seg = text[start:end]
    found: list[_Match] = []
    digits = _DIGIT.search(seg) is not None
    for kind, pat in r.patterns:
        if not digits and needs_digit(pat):
            continue  # every match of it holds a digit, and the segment has none
        for m in pat.finditer(seg):
            if m.end() == m.start():
                continue
            groups = {k: v for k, v in m.groupdict().items() if v is not None}
            if not _plausible(kind, groups, seg, m, r):
                continue
            found.append(_Match(start + m.start(), start + m.end(), kind, groups))
    return _longest_first(found)


@lru_cache(maxsize=128)
def needs_digit(pattern: re.Pattern[str]) -> bool:
    """True when every match of ``pattern`` consumes a digit (so a text without one has none)."""
    return _seq_needs_digit(list(sre_parse.parse(pattern.pattern, pattern.flags)))


def _seq_needs_digit(items: list[tuple[Any, Any]]) -> bool:
    return any(_item_needs_digit(op, av) for op, av in items)


def _item_needs_digit(op: Any, av: Any) -> bool:
    """Does this parsed regex item consume a digit in every match? (conservative: False if unsure)"""
    if op is sre_constants.LITERAL:
        return chr(av) in "0123456789"
    if op is sre_constants.IN:
        return bool(av) and all(_digit_only(o, a) for o, a in av)
    if op is sre_constants.SUBPATTERN:
        return _seq_needs_digit(list(av[-1]))
    if op is sre_constants.BRANCH:
        return all(_seq_needs_digit(list(b)) for b in av[1])
    if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT):
        return av[0] >= 1 and _seq_needs_digit(list(av[2]))
    if op is sre_constants.ATOMIC_GROUP:
        return _seq_needs_digit(list(av))
    return False


def _digit_only(op: Any, av: Any) -> bool:
    """A character-set member that matches nothing but digits."""
    if op is sre_constants.LITERAL:
        return chr(av) in "0123456789"
    if op is sre_constants.RANGE:
        return ord("0") <= av[0] <= av[1] <= ord("9")
    return op is sre_constants.CATEGORY and av is sre_constants.CATEGORY_DIGIT


def _longest_first(found: list[_Match]) -> list[_Match]:
    """Of overlapping matches keep the first, unless a longer one overlaps it (and not the one before)."""
    found.sort(key=lambda x: (x.start, -(x.end - x.start)))
    out: list[_Match] = []
    last_end = -1
    for f in found:
        if f.start >= last_end:
            out.append(f)
            last_end = f.end
        elif f.end - f.start > out[-1].end - out[-1].start and f.start >= (
            out[-2].end if len(out) > 1 else -1
        ):
            out[-1] = f
            last_end = f.end
    return out


def _plausible(kind: str, g: dict[str, str], seg: str, m: re.Match[str], r: _Rules) -> bool:
    """Reject month and year look-alikes ("the march", "may join", "2000 people")."""
    if kind == "month":
        return _plausible_month(g, seg, m, r)
    if kind in ("year", "my"):
        return _plausible_year(seg, m)
    if kind == "reld":
        return _plausible_relative_day(g, seg, m, r)
    return True


def _plausible_month(g: dict[str, str], seg: str, m: re.Match[str], r: _Rules) -> bool:
    """A month name alone is a month only with a preposition or, in English, a capital letter."""
    word = g["m"].lower()
    capital = g["m"][0].isupper()
    prep = (g.get("prep") or "").strip().lower()
    if word in r.ambiguous and not g.get("prep"):
        return False
    if word in r.capital_months:
        if not (capital or g.get("prep")):
            return False
        if prep in r.capital_preps:  # "the march of", "this may": a capital says it is the month
            return capital
    if r.bare_month_needs_capital and not g.get("prep") and not capital:
        return False
    # "la plaza Dos de Mayo", "avenida Siete de Junio": a name, not a month
    return not (prep in r.name_preps and _CAPITALISED_BEFORE.search(seg[max(0, m.start() - 20) : m.start()]))


def _plausible_year(seg: str, m: re.Match[str]) -> bool:
    """Not a count ("2000 people", "2019 percent") nor an amount of money ("$2000")."""
    cues = _cues()
    if cues.not_a_year.match(seg[m.end() : m.end() + 25].lower()):
        return False
    return not cues.currency.search(seg[max(0, m.start() - 12) : m.start()].lower())


def _plausible_relative_day(g: dict[str, str], seg: str, m: re.Match[str], r: _Rules) -> bool:
    """ "la mañana del lunes": "mañana" as morning, not tomorrow."""
    word = g["r"].lower()
    before = seg[max(0, m.start() - 12) : m.start()].lower()
    after = seg[m.end() : m.end() + 6].lower()
    return not any(
        word == la.word and (la.preceded_by.search(before) or la.followed_by.match(after))
        for la in r.lookalikes
    )


def _is_future(text: str, pos: int, start: int, end: int, lang: str) -> bool:
    """Does the sentence around ``pos`` speak of plans (future tense, "next", "will")?"""
    lo = max(start, max(text.rfind(". ", start, pos), text.rfind("\n", start, pos)) + 1)
    hi_candidates = [i for i in (text.find(". ", pos, end), text.find("\n", pos, end)) if i != -1]
    hi = min(hi_candidates) if hi_candidates else end
    # only the clause around the date: "thronged sunday by people who plan to return" is past
    sentence = text[max(lo, pos - 80) : min(hi, pos + 30)]
    r = _rules(lang if lang in LANGS else "en")
    return any(p.search(sentence) for p in r.future)


def speaks_of_plans(text: str, start: int, end: int, lang: str) -> bool:
    """Does ``text[start:end]`` speak of plans ("will march", "serán los próximos en sumarse")?"""
    r = _rules(lang if lang in LANGS else "en")
    return any(p.search(text[start:end]) for p in r.future)


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _with_year(m: int, d: int, published: dt.date, future: bool) -> dt.date | None:
    cand = _safe_date(published.year, m, d)
    if cand is None:
        cand = _safe_date(published.year - 1, m, d)
        return cand
    if future and cand < published:
        return _safe_date(published.year + 1, m, d) or cand
    if not future and cand > published:
        return _safe_date(published.year - 1, m, d)
    return cand


def _weekday(target: int, published: dt.date, mode: str) -> dt.date:
    """mode: 'on_or_before', 'before' (strictly), 'after' (strictly)."""
    delta = (published.weekday() - target) % 7
    if mode == "before" and delta == 0:
        delta = 7
    if mode == "after":
        ahead = (target - published.weekday()) % 7 or 7
        return published + dt.timedelta(days=ahead)
    return published - dt.timedelta(days=delta)


def _month_start(y: int, m: int) -> dt.date:
    return dt.date(y, m, 1)


def _shift_month(d: dt.date, months: int) -> dt.date:
    idx = d.year * 12 + d.month - 1 + months
    return dt.date(idx // 12, idx % 12 + 1, 1)


def _small_int(word: str, lang: str) -> int | None:
    w = word.lower()
    cues = _cues()
    if w in cues.one:
        return 1
    if w in cues.few:
        return None
    nums = find_numbers(word, 0, len(word), lang)
    if len(nums) == 1 and nums[0].start == 0 and nums[0].end == len(word) and not nums[0].vague:
        return nums[0].value
    return None


def _year2(y: str) -> int:
    v = int(y)
    if len(y) == 2:
        return 2000 + v if v < 70 else 1900 + v
    return v


@dataclass(frozen=True)
class _Ask:
    """What resolving one match needs: its groups, the rules, the publication date and the mood."""

    g: dict[str, str]
    r: _Rules
    lang: str
    published: dt.date | None
    future: bool  # the sentence speaks of plans
    month: int | None
    year: int | None


# (event_date, date_end, precision, relative); event_date None when it does not resolve
_Reading = tuple[dt.date | None, dt.date | None, str, bool]


def _read_iso(a: _Ask) -> _Reading | None:
    return _safe_date(int(a.g["y"]), int(a.g["mo"]), int(a.g["d"])), None, "day", False


def _read_slash(a: _Ask) -> _Reading | None:
    m, d = int(a.g["a"]), int(a.g["b"])  # a = month, b = day (swapped for Spanish by the pattern)
    if m > 12 >= d:
        m, d = d, m
    return _safe_date(_year2(a.g["y"]), m, d), None, "day", False


def _day_number(word: str) -> int:
    return 1 if word.lower() in _cues().first_day else int(word)


def _read_range(a: _Ask) -> _Reading | None:
    if a.month is None:
        return None
    d1, d2 = _day_number(a.g["d1"]), int(a.g["d2"])
    m1 = a.month
    m2 = (a.r.months.get(_norm(a.g["m2"])) if "m2" in a.g else None) or a.month
    first: dt.date | None
    last: dt.date | None
    if a.year is not None:
        first, last, rel = _safe_date(a.year, m1, d1), _safe_date(a.year, m2, d2), False
    elif a.published is not None:
        last = _with_year(m2, d2, a.published, a.future)
        y1 = a.published.year if last is None else (last.year if m1 <= m2 else last.year - 1)
        first, rel = _safe_date(y1, m1, d1), True
    else:
        return None
    if first is None or last is None:
        return None
    return first, last if last != first else None, "day", rel


def _read_day_month(a: _Ask) -> _Reading | None:
    if a.month is None:
        return None
    day = _day_number(a.g["d"])
    if not 1 <= day <= 31:
        return None
    if a.year is not None:
        return _safe_date(a.year, a.month, day), None, "day", False
    if a.published is None:
        return None
    named = a.r.weekdays.get(_norm(a.g.get("wd") or ""))
    if named is not None:
        agreeing = _year_of_weekday(a.month, day, named, a.published)
        if agreeing is not None:
            return agreeing, None, "day", True
    return _with_year(a.month, day, a.published, a.future), None, "day", True


def _year_of_weekday(m: int, d: int, weekday: int, published: dt.date) -> dt.date | None:
    """ "Wednesday, 1 February" without a year: the year around the report's in which that day
    falls on that weekday (nearest the report first), else None."""
    for year in (published.year, published.year - 1, published.year + 1):
        cand = _safe_date(year, m, d)
        if cand is not None and cand.weekday() == weekday:
            return cand
    return None


def _read_month_year(a: _Ask) -> _Reading | None:
    if a.month is None or a.year is None:
        return None
    return _month_start(a.year, a.month), None, "month", False


def _read_month(a: _Ask) -> _Reading | None:
    """A month alone: the most recent one, the next one in plans or after "next"."""
    if a.month is None or a.published is None:
        return None
    cues = _cues()
    prep = (a.g.get("prep") or "").strip().lower()
    fwd = a.future or prep.startswith(cues.month_next)
    back = prep.startswith(cues.month_last)
    y = a.published.year
    if fwd and a.month < a.published.month:
        y += 1
    elif (not fwd and a.month > a.published.month) or (back and a.month == a.published.month):
        y -= 1
    return _month_start(y, a.month), None, "month", True


def _read_year(a: _Ask) -> _Reading | None:
    if a.year is None:
        return None
    return dt.date(a.year, 1, 1), None, "year", False


def _read_relative_day(a: _Ask) -> _Reading | None:
    off = a.r.rel_days.get(_norm(a.g["r"]))
    if off is None or a.published is None:
        return None
    return a.published + dt.timedelta(days=off), None, "day", True


def _read_ago(a: _Ask) -> _Reading | None:
    if a.published is None:
        return None
    n = _small_int(a.g["n"], a.lang)
    unit = a.r.units.get(a.g["u"].lower())
    if n is None or unit is None:
        return None
    if unit == "day":
        return a.published - dt.timedelta(days=n), None, "day", True
    if unit == "week":
        return a.published - dt.timedelta(days=7 * n), None, "week", True
    if unit == "month":
        return _shift_month(a.published, -n), None, "month", True
    return dt.date(a.published.year - n, 1, 1), None, "year", True


def _read_period(a: _Ask) -> _Reading | None:
    """ "last week" (its Monday), "over the weekend" (its Saturday), "last month", "this year"."""
    if a.published is None:
        return None
    pub = a.published
    unit, off = a.r.rel_periods[_norm(a.g["p"])]
    if unit == "week":
        return pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(days=7 * off), None, "week", True
    if unit == "weekend":
        sat = _weekday(5, pub, "on_or_before")
        if off < 0 and pub.weekday() in (5, 6):
            sat -= dt.timedelta(days=7)
        elif off == 0 and a.future and pub.weekday() < 5:
            sat = _weekday(5, pub, "after")
        return sat, None, "week", True
    if unit == "month":
        return _shift_month(pub, off), None, "month", True
    return dt.date(pub.year + off, 1, 1), None, "year", True


def _weekday_mode(a: _Ask) -> str:
    """Which way a weekday points: "next Monday" after, "last Monday" strictly before."""
    cues = _cues()
    words = f"{(a.g.get('mod') or '').strip().lower()} {(a.g.get('pre') or '').strip().lower()}"
    if any(w in words for w in cues.weekday_next):
        return "after"
    if any(w in words for w in cues.weekday_last):
        return "before"
    if a.future and not a.g.get("since"):
        return "after"
    return "on_or_before"


def _read_weekday(a: _Ask) -> _Reading | None:
    if a.published is None:
        return None
    target = a.r.weekdays.get(_norm(a.g["wd"]))
    if target is None:
        return None
    return _weekday(target, a.published, _weekday_mode(a)), None, "day", True


_READERS: dict[str, Callable[[_Ask], _Reading | None]] = {
    "iso": _read_iso,
    "slash": _read_slash,
    "range": _read_range,
    "dm": _read_day_month,
    "my": _read_month_year,
    "month": _read_month,
    "year": _read_year,
    "reld": _read_relative_day,
    "ago": _read_ago,
    "period": _read_period,
    "weekday": _read_weekday,
}


def _mention(mt: _Match, reading: _Reading | None, published: dt.date | None) -> DateMention | None:
    """The mention for a reading; "since Sunday" runs until the publication date."""
    if reading is None:
        return None
    d, d_end, prec, rel = reading
    if d is None:
        return None
    if (
        mt.groups.get("since")
        and published is not None
        and prec in ("day", "week", "month")
        and d_end is None
        and (d <= published)
    ):
        d_end = published if published != d else None
    if d_end is not None and d_end < d:
        d_end = None
    return DateMention(mt.start, mt.end, d, d_end, prec, rel)


def _resolve(
    mt: _Match, text: str, start: int, end: int, lang: str, published: dt.date | None
) -> DateMention | None:
    r = _rules(lang if lang in LANGS else "en")
    g = mt.groups
    ask = _Ask(
        g=g,
        r=r,
        lang=lang,
        published=published,
        future=_is_future(text, mt.start, start, end, lang) if published is not None else False,
        month=r.months.get(_norm(g["m"])) if "m" in g else None,
        year=_year2(g["y"]) if "y" in g else (_year2(g["y2"]) if "y2" in g else None),
    )
    reader = _READERS.get(mt.kind)
    return _mention(mt, reader(ask) if reader else None, published)


def find_dates(text: str, start: int, end: int, lang: str, published: dt.date | None) -> list[DateMention]:
    """Every date expression in ``text[start:end]`` that resolves, with absolute offsets."""
    out: list[DateMention] = []
    matches = _scan(text, start, end, lang)
    passage = _Passage(text, start, end, lang, published, matches)
    for mt in matches:
        if mt in passage.yearless:
            y = _borrowed_year(mt, passage)
            if y is not None:
                mt = _Match(mt.start, mt.end, mt.kind, {**mt.groups, "y": y})
        dm = _resolve(mt, text, start, end, lang, published)
        if dm is None:
            continue
        if (
            dm.date_end is None
            and published is not None
            and dm.precision == "day"
            and dm.event_date < published
            and _cues().since_began.search(text, max(start, dm.start - 70), dm.start)
        ):
            # "since the unrest began on Friday": from that day until publication
            dm = DateMention(dm.start, dm.end, dm.event_date, published, dm.precision, dm.relative)
        out.append(dm)
    return out


_ANCHOR_MIN_DAYS = 60


class _Passage:
    """The date expressions of one passage, and the years a day-month without its own may borrow."""

    def __init__(
        self, text: str, start: int, end: int, lang: str, published: dt.date | None, matches: list[_Match]
    ) -> None:
        self.text, self.start, self.end, self.lang, self.published = text, start, end, lang, published
        # "The 2019 national strike, which began on 21 November": a day-month without a year
        # takes the one explicit year of the passage.
        self.explicit = [m for m in matches if _explicit_year(m)]
        self.years = {_explicit_year(m) for m in self.explicit}
        self.yearless = [
            m for m in matches if m.kind in ("dm", "range") and "y" not in m.groups and "y2" not in m.groups
        ]
        self.anchor: str | None = None
        if self.yearless and not self.explicit and published is not None:
            self.anchor = _history_anchor(text, start, lang, published)


def _borrowed_year(mt: _Match, p: _Passage) -> str | None:
    """The year a day-month without one takes from its passage, if any."""
    that_year = bool(_cues().same_year.match(p.text, mt.end))
    if len(p.years) == 1 and (
        p.explicit[0].end <= mt.start
        or that_year
        or _near(mt, p.explicit, p.years, p.text, p.start, p.end, p.lang)
    ):
        return next(iter(p.years))
    if p.anchor is not None and p.published is not None:
        # only when the plain reading is months old: a recent day-month is news, not the story
        plain = _resolve(mt, p.text, p.start, p.end, p.lang, p.published)
        if plain is None or (p.published - plain.event_date).days > _ANCHOR_MIN_DAYS:
            return p.anchor
    return None


def _near(
    mt: _Match, explicit: list[_Match], years: set[str | None], text: str, start: int, end: int, lang: str
) -> bool:
    """ "resigned on 15 November, a day after ... on 14 November 2020": a day-month within a
    month of the passage's one explicit day date shares its year."""
    y = next(iter(years))
    if y is None:
        return False
    ours = _resolve(_Match(mt.start, mt.end, mt.kind, {**mt.groups, "y": y}), text, start, end, lang, None)
    for ex in explicit:
        if ex.kind in ("dm", "range"):
            theirs = _resolve(ex, text, start, end, lang, None)
            if (
                ours is not None
                and theirs is not None
                and abs((ours.event_date - theirs.event_date).days) <= 31
            ):
                return True
    return False


def _explicit_year(m: _Match) -> str | None:
    """The year a date expression states itself ("in 2019", "14 November 2020"), not after "since"."""
    if "since" in m.groups or m.kind not in ("year", "my", "dm", "range"):
        return None
    return m.groups.get("y") or m.groups.get("y2")


def _history_anchor(text: str, start: int, lang: str, published: dt.date) -> str | None:
    """The year of the past episode the text is telling, for a day-month with no year.

    "Its central day was 28 July 2000. On the afternoon of 28 July a fire ...": in a
    report of 2023 the second sentence still tells 2000. Only one distinct explicit year
    in the 600 characters before ``start``, at least a year before publication, anchors.
    """
    para = max(start - 600, 0)
    if para >= start:
        return None
    years = {y for m in _scan(text, para, start, lang) if (y := _explicit_year(m)) is not None}
    if len(years) != 1:
        return None
    y = next(iter(years))
    return y if len(y) == 4 and int(y) < published.year else None


def date_spans(text: str, start: int, end: int, lang: str) -> list[tuple[int, int, str]]:
    """Where date expressions are, resolved or not, and their form ("dm", "weekday", "month", ...).

    Figures skip numbers inside them and use the forms to tell a dated incident from a total.
    """
    return [(m.start, m.end, m.kind) for m in _scan(text, start, end, lang)]


DAY_FORMS = frozenset({"iso", "slash", "dm", "range", "weekday", "reld"})


def _comparison(text: str, dm: DateMention) -> bool:
    """ "the worst since 2000": a month or year after "since" compares, it does not date."""
    before = text[max(0, dm.start - 40) : dm.start].lower()
    head = text[dm.start : dm.end].lower()
    if dm.precision == "year" and head.startswith(_cues().since):
        return True
    return dm.precision in ("month", "year") and bool(_cues().comparison.search(before))


def _non_event(text: str, dm: DateMention) -> bool:
    """A deadline ("by Saturday"), the target date of a proposal ("bring elections forward to
    October"), or the date of an episode named in passing ("the unrest that followed the removal
    of Pedro Castillo on December 7")."""
    cues = _cues()
    lead = cues.lead.match(text[dm.start : dm.end])
    before = text[max(0, dm.start - 90) : dm.start] + (lead.group(0) if lead else "")
    return bool(cues.deadline.search(before) or cues.target.search(before) or cues.embedded.search(before))


def aftermath(text: str, dm: DateMention) -> bool:
    """The day of the telling, not of the incident: a city that "woke up on Wednesday after a day of
    violence", "Quito amaneció hoy tras dos días de", "the toll released on Tuesday night", "según
    el balance actualizado este miércoles"."""
    lead = _cues().lead.match(text[dm.start : dm.end])
    before = text[max(0, dm.start - 60) : dm.start] + (lead.group(0) if lead else "")
    after = text[dm.end : dm.end + 160].replace("@", " ")
    return bool(_cues().aftermath.search(before.replace("@", " ") + "@" + after))


def telling(text: str, dm: DateMention) -> bool:
    """The day a statement was made ("the commission said Wednesday that", "informó este
    miércoles"), not necessarily the day of what it reports."""
    return _told_at(text, dm.start, dm.end)


def _told_at(text: str, start: int, end: int) -> bool:
    lead = _cues().lead.match(text[start:end])
    before = text[max(0, start - 40) : start] + (lead.group(0) if lead else "")
    return bool(_cues().telling.search(before + "@" + text[end : end + 30]))


def names_its_day(text: str, start: int, end: int, lang: str) -> bool:
    """``text[start:end]`` names a day ("on Monday", "el 9 de enero") other than the day of a
    statement, resolved or not (a report without a publication date still names "el lunes")."""
    return any(
        kind in DAY_FORMS and not _told_at(text, a, b) for a, b, kind in date_spans(text, start, end, lang)
    )


def best_date(text: str, dates: list[DateMention]) -> DateMention | None:
    """The date an event sentence is about: the most precise, then the first.

    Deadlines ("by Saturday"), target dates of proposals ("bring elections forward to
    October") and dates of episodes named in passing ("the unrest that followed the
    removal of Pedro Castillo on December 7") never date the sentence's own event: with
    only those, there is no date. The day of an aftermath ("woke up on Wednesday after a day of
    violence") yields to another date of the sentence ("the clashes that ended on Saturday"), else
    it dates the incident to the day before. The day of a statement ("said Wednesday that 22 were
    killed in Tuesday's protests") yields to any other date of the sentence; alone, it dates the
    event to that week (the day or the days before), precision ``week``.
    """
    dated = [d for d in dates if not _non_event(text, d)]
    usable = [d for d in dated if not _comparison(text, d)] or dated
    told = [d for d in usable if telling(text, d) and not aftermath(text, d)]
    if told and len(told) == len(usable):
        # only the day of a statement: what it reports happened that day or in the days before
        first = min(told, key=lambda d: d.start)
        return DateMention(first.start, first.end, first.event_date, None, "week", first.relative)
    usable = [d for d in usable if d not in told]
    own = [d for d in usable if not aftermath(text, d)]
    if not own:
        later = min(usable, key=lambda d: (_PRECISION_RANK[d.precision], d.start), default=None)
        if later is None or later.precision != "day":
            return later
        day_before = later.event_date - dt.timedelta(days=1)
        return DateMention(later.start, later.end, day_before, None, "day", later.relative)
    return min(own, key=lambda d: (_PRECISION_RANK[d.precision], d.start))


def event_date_for(
    text: str,
    start: int,
    end: int,
    lang: str,
    published: dt.date | None,
    context: tuple[int, int] | None = None,
) -> tuple[dt.date | None, dt.date | None, str, bool]:
    """(event_date, date_end, precision, from_text) for an event stated in ``text[start:end]``.

    Looks in the span, then in ``context``; otherwise the publication date with
    precision week ("an event with no date in its text takes the publication date with
    precision week and says so"), or ``(None, None, "week", False)`` with no date at all.
    """
    spans: list[tuple[int, int]] = [(start, end)]
    if context is not None:
        spans.append(context)
    for s, e in spans:
        best = best_date(text, find_dates(text, s, e, lang, published))
        if best is not None:
            return best.event_date, best.date_end, best.precision, True
    return published, None, "week", False
