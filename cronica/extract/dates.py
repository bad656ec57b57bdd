"""When an event happened: date expressions resolved against the publication date.

Our own rules, with the words in ``cronica/data/lexicon/dates.yaml``. dateparser is
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
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cronica.extract.numbers import LANGS, find_numbers
from cronica.lexicon import load_lexicon

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


_YEAR = r"(?P<y>(?:1[89]|20)\d\d)(?![\d,.]\d)"


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.lower().rstrip("."))


@lru_cache(maxsize=4)
def _rules(lang: str) -> _Rules:
    lex: dict[str, Any] = load_lexicon("dates")[lang]
    months = {str(k): int(v) for k, v in lex["months"].items()}
    weekdays = {str(k): int(v) for k, v in lex["weekdays"].items()}
    rel_days = {str(k): int(v) for k, v in lex["relative_days"].items()}
    rel_periods = {str(k): (str(v["unit"]), int(v["offset"])) for k, v in lex["relative_periods"].items()}
    units = {str(k): str(v) for k, v in lex["units"].items()}
    mon = rf"(?P<m>{_alt(list(months))})\.?"
    mon2 = rf"(?P<m2>{_alt(list(months))})\.?"
    wd = rf"(?P<wd>{_alt(list(weekdays))})"
    since = rf"(?:(?P<since>{_alt(lex['since'])})\s+)?"
    past = _alt(lex["weekday_past"])
    fut = _alt(lex["weekday_future"])
    pats: list[tuple[str, str]] = []
    if lang == "en":
        d1 = r"(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?"
        d2 = r"(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?"
        d = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?![\d%])"
        yr = rf"(?:,?\s+{_YEAR})?"
        pats += [
            ("iso", r"\b(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})\b"),
            ("slash", r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})\b"),
            (
                "range",
                rf"\b(?:between|from)\s+(?:the\s+)?{d1}\s+(?:and|to|-|–|through|until)\s+(?:the\s+)?"
                rf"{d2}(?:\s+of)?\s+{mon}\b{yr}",
            ),
            (
                "range",
                rf"\b(?:(?:between|from)\s+)?{mon}\s+{d1}\s*(?:-|–|to|and|through|until)\s*(?:{mon2}\s+)?"
                rf"{d2}\b{yr}",
            ),
            ("range", rf"\b{d1}\s*(?:-|–)\s*{d2}\s+{mon}\b{yr}"),
            ("dm", rf"\b{since}(?:(?:on|from)\s+)?(?:{wd},?\s+)?{mon}\s+{d}\b(?!\s*(?:-|–)\s*\d)(?!,\d){yr}"),
            ("dm", rf"\b{since}(?:(?:on|from)\s+)?(?:{wd},?\s+)?(?:the\s+)?{d}(?:\s+of)?\s+{mon}\b{yr}"),
            (
                "my",
                rf"\b{since}(?:(?:in|of|during|by|until|early|late|mid-?)\s+)?{mon},?\s+(?:of\s+)?{_YEAR}",
            ),
            (
                "month",
                rf"\b{since}(?P<prep>(?:in|during|until|by|from|of|last|this|next|early|late|mid-?|"
                rf"earlier\s+in|later\s+in)\s+(?:early\s+|late\s+|mid-?)?)?(?P<m>{_alt(list(months))})\b",
            ),
            (
                "year",
                rf"\b(?:(?P<since>since)\s+|(?:in|during|of|the|by|until|from|early|late|mid-?)\s+)"
                rf"(?:the\s+year\s+)?{_YEAR}\b",
            ),
            ("ago", rf"\b(?P<n>[\w-]+)\s+(?P<u>{_alt(list(units))})\s+ago\b"),
            ("period", rf"\b(?P<p>{_alt(list(rel_periods))})\b"),
            ("reld", rf"\b{since}(?P<r>{_alt(list(rel_days))})\b"),
            (
                "weekday",
                rf"\b{since}(?:(?P<mod>{past}|{fut}|this|on|by|until|early|late|from)\s+)?{wd}(?:'s)?"
                rf"(?:\s+(?:night|morning|afternoon|evening))?\b",
            ),
        ]
    else:
        d1 = r"(?P<d1>[0-3]?\d|primero)"
        d2 = r"(?P<d2>[0-3]?\d)"
        d = r"(?P<d>[0-3]?\d|primero|1[º°o])"
        yr = rf"(?:\s+(?:de|del)\s+(?:año\s+)?{_YEAR}|,\s+{_YEAR.replace('?P<y>', '?P<y2>')})?"
        pre = (
            r"(?:(?:el|este|del|al|hasta\s+el|la\s+noche\s+del|la\s+madrugada\s+del|la\s+mañana\s+del|"
            r"la\s+tarde\s+del|el\s+pasado|el\s+próximo|este\s+próximo)\s+)?"
        )
        pats += [
            ("iso", r"\b(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})\b"),
            ("slash", r"\b(?P<b>\d{1,2})/(?P<a>\d{1,2})/(?P<y>\d{4}|\d{2})\b"),
            (
                "range",
                rf"\b(?:del|entre\s+el|entre|desde\s+el)\s+{d1}\s+(?:al|y\s+el|y|hasta\s+el|a)\s+{d2}"
                rf"\s+de\s+{mon}\b{yr}",
            ),
            ("dm", rf"\b{since}{pre}(?:{wd}\s*,?\s+)?{d}\s+de\s+{mon}\b{yr}"),
            ("my", rf"\b{since}(?:(?:en|durante|hasta|de)\s+)?{mon}\s+(?:de|del)\s+(?:año\s+)?{_YEAR}"),
            (
                "month",
                rf"\b{since}(?P<prep>(?:en|durante|hasta|de|este|el\s+pasado|el\s+próximo|el\s+mes\s+de|"
                rf"a\s+(?:fines|finales|principios|inicios|mediados)\s+de)\s+)?"
                rf"(?P<m>{_alt(list(months))})\b",
            ),
            (
                "year",
                rf"\b(?:(?P<since>desde)\s+|(?:en|del|de|durante|hasta|el)\s+)(?:el\s+)?(?:año\s+)?"
                rf"{_YEAR}\b",
            ),
            ("ago", rf"\bhace\s+(?P<n>[\wáéíóúñ]+)\s+(?P<u>{_alt(list(units))})\b"),
            ("period", rf"\b(?P<p>{_alt(list(rel_periods))})\b"),
            ("reld", rf"\b{since}(?P<r>{_alt(list(rel_days))})\b"),
            (
                "weekday",
                rf"\b{since}(?:(?P<pre>el|este|del|al|hasta\s+el|la\s+noche\s+del|la\s+madrugada\s+del|"
                rf"la\s+mañana\s+del|la\s+tarde\s+del|el\s+pasado|el\s+próximo|este\s+próximo|"
                rf"el\s+último)\s+)?{wd}(?:\s+(?P<mod>{past}|{fut}))?"
                rf"(?:\s+(?:por|en)\s+la\s+(?:noche|mañana|tarde|madrugada))?\b",
            ),
        ]
    compiled = tuple((k, re.compile(p, re.IGNORECASE)) for k, p in pats)
    future = tuple(re.compile(p, re.IGNORECASE) for p in lex["future_cues"])
    return _Rules(
        lang=lang,
        months=months,
        ambiguous=frozenset(str(a) for a in lex["ambiguous_months"]),
        weekdays=weekdays,
        rel_days=rel_days,
        rel_periods=rel_periods,
        units=units,
        patterns=compiled,
        future=future,
    )


def _scan(text: str, start: int, end: int, lang: str) -> list[_Match]:
    r = _rules(lang if lang in LANGS else "en")
    seg = text[start:end]
    found: list[_Match] = []
    for kind, pat in r.patterns:
        for m in pat.finditer(seg):
            if m.end() == m.start():
                continue
            groups = {k: v for k, v in m.groupdict().items() if v is not None}
            if not _plausible(kind, groups, seg, m, r):
                continue
            found.append(_Match(start + m.start(), start + m.end(), kind, groups))
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
        word = g["m"].lower()
        raw = g["m"]
        if r.lang == "en":
            if word in r.ambiguous and not g.get("prep"):
                return False
            if word in ("march", "may") and not (raw[0].isupper() or g.get("prep")):
                return False
            if word in ("march", "may") and (g.get("prep") or "").strip().lower() in (
                "of",
                "this",
                "from",
                "by",
            ):
                return raw[0].isupper()
            if not g.get("prep") and not raw[0].isupper():
                return False
        else:
            if word in r.ambiguous and not g.get("prep"):
                return False
            # "la plaza Dos de Mayo", "avenida Siete de Junio": a name, not a month
            prep = (g.get("prep") or "").strip().lower()
            if prep == "de" and re.search(
                r"(?-i:[A-ZÁÉÍÓÚ][\wáéíóúñ]*)\s+$", seg[max(0, m.start() - 20) : m.start()]
            ):
                return False
    if kind in ("year", "my"):
        after = seg[m.end() : m.end() + 25].lower()
        if re.match(
            r"\s*(?:%|percent|per\s+cent|por\s+ciento|people|personas|protesters|manifestantes|"
            r"demonstrators|police|policías|soldiers|soldados|students|estudiantes|workers|trabajadores|"
            r"[a-z]+\s+(?:were|fueron)\s+(?:killed|injured|arrested|muertos|heridos|detenidos))\b",
            after,
        ):
            return False
        before = seg[max(0, m.start() - 12) : m.start()].lower()
        if re.search(r"(?:\$|us\$|s/\.?|€|£)\s*$", before):
            return False
    if kind == "reld" and r.lang == "es" and g["r"].lower() == "mañana":
        before = seg[max(0, m.start() - 12) : m.start()].lower()
        after = seg[m.end() : m.end() + 6].lower()
        if re.search(r"\b(?:la|esta|de|por|en|una|cada|toda|media|misma|del)\s*$", before) or re.match(
            r"\s+(?:del|de)\b", after
        ):
            return False
    return True


def _is_future(text: str, pos: int, start: int, end: int, lang: str) -> bool:
    """Does the sentence around ``pos`` speak of plans (future tense, "next", "will")?"""
    lo = max(start, max(text.rfind(". ", start, pos), text.rfind("\n", start, pos)) + 1)
    hi_candidates = [i for i in (text.find(". ", pos, end), text.find("\n", pos, end)) if i != -1]
    hi = min(hi_candidates) if hi_candidates else end
    # only the clause around the date: "thronged sunday by people who plan to return" is past
    sentence = text[max(lo, pos - 80) : min(hi, pos + 30)]
    r = _rules(lang if lang in LANGS else "en")
    return any(p.search(sentence) for p in r.future)


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
    if w in ("a", "an", "un", "una", "one", "uno"):
        return 1
    if w in ("few", "couple", "unos", "pocos"):
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


def _resolve(
    mt: _Match, text: str, start: int, end: int, lang: str, published: dt.date | None
) -> DateMention | None:
    r = _rules(lang if lang in LANGS else "en")
    g = mt.groups
    future = _is_future(text, mt.start, start, end, lang) if published is not None else False

    def mk(d: dt.date | None, d_end: dt.date | None, prec: str, rel: bool) -> DateMention | None:
        if d is None:
            return None
        if (
            g.get("since")
            and published is not None
            and prec in ("day", "week", "month")
            and d_end is None
            and (d <= published)
        ):
            d_end = published if published != d else None
        if d_end is not None and d_end < d:
            d_end = None
        return DateMention(mt.start, mt.end, d, d_end, prec, rel)

    month = r.months.get(_norm(g["m"])) if "m" in g else None
    year = _year2(g["y"]) if "y" in g else (_year2(g["y2"]) if "y2" in g else None)
    k = mt.kind
    if k == "iso":
        return mk(_safe_date(int(g["y"]), int(g["mo"]), int(g["d"])), None, "day", False)
    if k == "slash":
        a, b = int(g["a"]), int(g["b"])  # a = month, b = day (swapped for Spanish by the pattern)
        if a > 12 >= b:
            a, b = b, a
        return mk(_safe_date(_year2(g["y"]), a, b), None, "day", False)
    if k == "range" and month is not None:
        d1 = 1 if g["d1"].lower() == "primero" else int(g["d1"])
        d2 = int(g["d2"])
        month2 = r.months.get(_norm(g["m2"])) if "m2" in g else None
        m1 = month
        m2 = month2 or month
        first: dt.date | None
        last: dt.date | None
        if year is not None:
            first = _safe_date(year, m1, d1)
            last = _safe_date(year, m2, d2)
            rel = False
        elif published is not None:
            last = _with_year(m2, d2, published, future)
            y1 = published.year if last is None else (last.year if m1 <= m2 else last.year - 1)
            first = _safe_date(y1, m1, d1)
            rel = True
        else:
            return None
        if first is None or last is None:
            return None
        return mk(first, last if last != first else None, "day", rel)
    if k == "dm" and month is not None:
        raw_d = g["d"].lower()
        day = 1 if raw_d in ("primero", "1º", "1°", "1o") else int(raw_d)
        if not 1 <= day <= 31:
            return None
        if year is not None:
            return mk(_safe_date(year, month, day), None, "day", False)
        if published is None:
            return None
        return mk(_with_year(month, day, published, future), None, "day", True)
    if k == "my" and month is not None and year is not None:
        return mk(_month_start(year, month), None, "month", False)
    if k == "month" and month is not None:
        if published is None:
            return None
        prep = (g.get("prep") or "").strip().lower()
        fwd = future or prep.startswith(("next", "el próximo", "el proximo"))
        back = prep.startswith(("last", "el pasado"))
        y = published.year
        if fwd and month < published.month:
            y += 1
        elif (not fwd and month > published.month) or (back and month == published.month):
            y -= 1
        return mk(_month_start(y, month), None, "month", True)
    if k == "year" and year is not None:
        return mk(dt.date(year, 1, 1), None, "year", False)
    if published is None:
        return None
    if k == "reld":
        off = r.rel_days.get(_norm(g["r"]))
        if off is None:
            return None
        return mk(published + dt.timedelta(days=off), None, "day", True)
    if k == "ago":
        n = _small_int(g["n"], lang)
        unit = r.units.get(g["u"].lower())
        if n is None or unit is None:
            return None
        if unit == "day":
            return mk(published - dt.timedelta(days=n), None, "day", True)
        if unit == "week":
            return mk(published - dt.timedelta(days=7 * n), None, "week", True)
        if unit == "month":
            return mk(_shift_month(published, -n), None, "month", True)
        return mk(dt.date(published.year - n, 1, 1), None, "year", True)
    if k == "period":
        unit, off = r.rel_periods[_norm(g["p"])]
        if unit == "week":
            monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(days=7 * off)
            return mk(monday, None, "week", True)
        if unit == "weekend":
            sat = _weekday(5, published, "on_or_before")
            if off < 0 and published.weekday() in (5, 6):
                sat -= dt.timedelta(days=7)
            elif off == 0 and future and published.weekday() < 5:
                sat = _weekday(5, published, "after")
            return mk(sat, None, "week", True)
        if unit == "month":
            return mk(_shift_month(published, off), None, "month", True)
        return mk(dt.date(published.year + off, 1, 1), None, "year", True)
    if k == "weekday":
        target = r.weekdays.get(_norm(g["wd"]))
        if target is None:
            return None
        mod = (g.get("mod") or "").strip().lower()
        pre = (g.get("pre") or "").strip().lower()
        words = f"{mod} {pre}"
        if any(w in words for w in ("next", "coming", "próximo", "proximo", "que viene", "entrante")):
            mode = "after"
        elif any(w in words for w in ("last", "past", "previous", "pasado", "último", "anterior")):
            mode = "before"
        elif future and not g.get("since"):
            mode = "after"
        else:
            mode = "on_or_before"
        return mk(_weekday(target, published, mode), None, "day", True)
    return None


def find_dates(text: str, start: int, end: int, lang: str, published: dt.date | None) -> list[DateMention]:
    """Every date expression in ``text[start:end]`` that resolves, with absolute offsets."""
    out: list[DateMention] = []
    matches = _scan(text, start, end, lang)
    # "The 2019 national strike, which began on 21 November": a day-month without a year
    # takes the one explicit year of the passage.
    explicit = [m for m in matches if _explicit_year(m)]
    years = {_explicit_year(m) for m in explicit}
    yearless = [
        m for m in matches if m.kind in ("dm", "range") and "y" not in m.groups and "y2" not in m.groups
    ]
    anchor: str | None = None
    if yearless and not explicit and published is not None:
        anchor = _history_anchor(text, start, lang, published)
    for mt in matches:
        if mt in yearless:
            that_year = bool(_THAT_YEAR.match(text, mt.end))
            y: str | None = None
            if len(years) == 1 and (
                explicit[0].end <= mt.start or that_year or _near(mt, explicit, years, text, start, end, lang)
            ):
                y = next(iter(years))
            elif anchor is not None and published is not None:
                # only when the plain reading is months old: a recent day-month is news, not the story
                plain = _resolve(mt, text, start, end, lang, published)
                if plain is None or (published - plain.event_date).days > _ANCHOR_MIN_DAYS:
                    y = anchor
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
            and _SINCE_BEGAN.search(text, max(start, dm.start - 70), dm.start)
        ):
            # "since the unrest began on Friday": from that day until publication
            dm = DateMention(dm.start, dm.end, dm.event_date, published, dm.precision, dm.relative)
        out.append(dm)
    return out


_ANCHOR_MIN_DAYS = 60
_THAT_YEAR = re.compile(
    r",?\s+(?:that\s+year|the\s+same\s+year|of\s+that\s+year|de\s+ese\s+año|de\s+aquel\s+año|"
    r"del\s+mismo\s+año|ese\s+año|aquel\s+año)\b",
    re.IGNORECASE,
)


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


_SINCE_BEGAN = re.compile(
    r"\b(?:since|desde\s+que)\b[^.;]{0,50}?\b(?:began|started|erupted|broke\s+out|comenzó|comenzaron|empezó|"
    r"empezaron|inició|iniciaron|estalló|estallaron)\s+(?:on\s+|el\s+)?$",
    re.IGNORECASE,
)


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
    if dm.precision == "year" and head.startswith(("since", "desde")):
        return True
    return dm.precision in ("month", "year") and bool(
        re.search(
            r"\b(?:than|que|worst|peor|largest|biggest|mayor)\b[^.,;]{0,25}\b(?:since|desde|in|en)\s+$",
            before,
        )
    )


_LEAD = re.compile(r"(?:in|by|on|for|until|to|en|para|hasta|a|el|la)\s+", re.IGNORECASE)
# "by Saturday": a deadline or a state reached, not when something happened
_DEADLINE = re.compile(r"(?:\bby|\ba\s+más\s+tardar(?:\s+el)?)\s+$", re.IGNORECASE)
# "bring elections forward to October", "adelantar las elecciones a octubre": the target of a proposal
_TARGET = re.compile(
    r"(?:\b(?:forward|back|moved|move|postponed?|delayed?|rescheduled?|advanced?|pushed)\s+(?:\w+\s+){0,3}?"
    r"(?:to|until|till|for)\s+"
    r"|\b(?:elections?|polls|vote|comicios|elecciones|votación)\s+(?:\w+\s+){0,2}?(?:in|for|on|by|en|para|de|el)\s+"
    r"|\b(?:adelant\w+|posterg\w+|aplaz\w+|traslad\w+|mover|llevar)\b[^.;,]{0,40}?\b(?:a|para|hasta)\s+(?:el\s+)?)$",
    re.IGNORECASE,
)
# "the unrest that followed the removal of Pedro Castillo on December 7": the date of the episode
# named in a noun phrase after a causal link, not of the sentence's own event
_EMBEDDED = re.compile(
    r"\b(?:followed|follows|following|after|sparked\s+by|triggered\s+by|prompted\s+by|caused\s+by|over|against|"
    r"tras|después\s+de|luego\s+de|(?:que\s+)?sigui(?:ó|eron)\s+a|provocad[oa]s?\s+por|desatad[oa]s?\s+por|"
    r"desencadenad[oa]s?\s+por|contra)\s+(?:the\s+|la\s+|el\s+|his\s+|her\s+|su\s+)?"
    r"(?:removal|ouster|overthrow|impeachment|arrest|detention|dismissal|resignation|death|killing|murder|coup|"
    r"self-coup|inauguration|destituci[óo]n|vacancia|detenci[óo]n|arresto|muerte|asesinato|renuncia|golpe|"
    r"autogolpe|captura|juramentaci[óo]n)\s+(?:of|de|del)\s+[^,.;]{1,50}?\s+$",
    re.IGNORECASE,
)


def _non_event(text: str, dm: DateMention) -> bool:
    """A deadline, the target date of a proposal, or the date of an episode named in passing."""
    head = text[dm.start : dm.end]
    lead = _LEAD.match(head)
    before = text[max(0, dm.start - 90) : dm.start] + (lead.group(0) if lead else "")
    return bool(_DEADLINE.search(before) or _TARGET.search(before) or _EMBEDDED.search(before))


def best_date(text: str, dates: list[DateMention]) -> DateMention | None:
    """The date an event sentence is about: the most precise, then the first.

    Deadlines ("by Saturday"), target dates of proposals ("bring elections forward to
    October") and dates of episodes named in passing ("the unrest that followed the
    removal of Pedro Castillo on December 7") never date the sentence's own event: with
    only those, there is no date.
    """
    dated = [d for d in dates if not _non_event(text, d)]
    usable = [d for d in dated if not _comparison(text, d)] or dated
    if not usable:
        return None
    return min(usable, key=lambda d: (_PRECISION_RANK[d.precision], d.start))


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
