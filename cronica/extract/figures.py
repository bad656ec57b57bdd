"""How many were killed, injured, arrested or took part: figures as stated, ACLED's way.

Each figure is the most conservative credible reading of what the text says, with a
qualifier so users can filter: "at least 18" is 18 ``at_least``; "17 or 18" is 17
``range`` (low 17, high 18); "dozens" 12, "tens"/"decenas" 10, "hundreds"/"cientos"
100, "thousands"/"miles" 1000 ``vague``; "no one was killed" is 0 ``exact``.

Deaths reported with no number at all ("several were killed", "hubo muertos") give
``value=None`` with qualifier ``unknown``. ACLED's codebook has a section on unknown
fatality numbers and codes such reports with a small conventional default rather than
zero; cronica does not bake that default into the figure: the figure keeps
``value=None`` + ``unknown`` so that users can filter such estimates out, and the
event stage may apply the codebook's default to the event's ``fatalities`` when it has
no better figure (see ``UNKNOWN_FATALITIES_NOTE``).

A running total for the whole crisis ("bringing the total number of deaths to 49",
"suman 60 los fallecidos") is a tally (``tally=True`` with a ``subject``), never an
incident figure. A figure superseded later in the same sentence ("initially eight ...
later raised to ten") is kept with ``revised=True``.

Rules and words live in ``cronica/data/lexicon/figures.yaml``; numbers in
``numbers.yaml`` (see :mod:`cronica.extract.numbers`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from cronica.extract.dates import DAY_FORMS, date_spans, since_words
from cronica.extract.numbers import LANGS, NumberMention, find_numbers
from cronica.lexicon import any_of, expand, load_lexicon

KINDS = ("killed", "injured", "arrested", "crowd")
UNKNOWN_FATALITIES_NOTE = (
    "value None + qualifier 'unknown': deaths reported without a number; apply the ACLED codebook's "
    "default for unknown fatality numbers at the event level if you need a count"
)


_CLAUSE_END = re.compile(r"[,;:.()]")


@dataclass(frozen=True)
class FigureMention:
    kind: str  # "killed" | "injured" | "arrested" | "crowd"
    value: int | None  # most conservative credible number (ACLED); None only with qualifier "unknown"
    low: int | None
    high: int | None
    qualifier: str  # exact | at_least | about | more_than | up_to | nearly | range | vague | unknown
    start: int  # absolute offsets of the phrase stating the figure
    end: int
    tally: bool  # a running total for the whole crisis, not this incident's figure
    subject: str | None  # for tallies: short description, e.g. "deaths in the protests"
    revised: bool = False  # superseded later in the same sentence


# ---------------------------------------------------------------------------------------------
# Rules: the lexicon (cronica/data/lexicon/figures.yaml) compiled for one language.


@dataclass(frozen=True)
class _Lookups:
    """Which kind or qualifier a matched word stands for."""

    kind_word_kind: dict[str, str]  # "dead" -> killed
    left_verb_kind: dict[str, str]  # "killing" -> killed
    qualifier_of: dict[str, str]  # "at least" -> at_least
    tally_subject: dict[str, str]  # killed -> "deaths"
    toll_head_kinds: dict[str, str]  # "injury" (toll) -> injured; other tolls count deaths


@dataclass(frozen=True)
class _Near:
    """Patterns for the words right around a number."""

    kind_right: re.Pattern[str]  # a kind word after the number
    left_verb: re.Pattern[str]  # groups verb and q: the verb (and qualifier) just before it
    crowd_verb: re.Pattern[str]
    crowd_left: re.Pattern[str]
    protest_noun: re.Pattern[str]
    person_head: re.Pattern[str]  # at the start of the right context: optional adjectives + person noun
    security_head: re.Pattern[str]
    qualifier: re.Pattern[str]  # group q, ending right before the number
    range_between: re.Pattern[str]
    range_joiner_plain: re.Pattern[str]
    range_joiner_between: re.Pattern[str]
    exclude_after: re.Pattern[str]
    exclude_after_ref: re.Pattern[str]
    exclude_before: re.Pattern[str]
    clause_stop: re.Pattern[str]
    crowd_verb_gap: re.Pattern[str]
    age_follows: re.Pattern[str]
    name_goes_on: re.Pattern[str]


@dataclass(frozen=True)
class _Phrases:
    """Figures stated without a digit: zeros, unknown numbers, one person, named victims."""

    zero: tuple[tuple[str, re.Pattern[str]], ...]
    unknown: tuple[tuple[str, re.Pattern[str]], ...]
    one: tuple[re.Pattern[str], ...]
    named: tuple[re.Pattern[str], ...]
    list_item: re.Pattern[str]  # one name of a list of names


@dataclass(frozen=True)
class _Totals:
    """Patterns that tell a running total (tally) or a toll from an incident's figure."""

    tally_left: re.Pattern[str]
    tally_right: tuple[re.Pattern[str], ...]
    tally_scope: re.Pattern[str]
    tally_sentence: re.Pattern[str]
    tally_sentence_weak: re.Pattern[str]
    perfect: re.Pattern[str]
    revision: re.Pattern[str]
    inherit: re.Pattern[str]
    toll_head: re.Pattern[str]
    toll_verb: re.Pattern[str]
    toll_carrier: re.Pattern[str]
    toll_carrier_to: re.Pattern[str]
    speculation: re.Pattern[str]
    scope_tally: re.Pattern[str]
    scope_incident: re.Pattern[str]
    scope_weak_tally: re.Pattern[str]
    count_verbs: re.Pattern[str]
    rest_weak_tally: re.Pattern[str]
    report_date: re.Pattern[str]  # ending right before a day date: the day a figure was told
    toll_right: re.Pattern[str]  # right after the number: "(elevó a 31) la cifra de muertos"
    toll_colon: re.Pattern[str]  # a toll ending in a colon before the number: "the figures: six dead"
    trigger_before: re.Pattern[str]  # right before "the death of ...": a death that set a protest off
    trigger_head: re.Pattern[str]


@dataclass(frozen=True)
class _Both:
    """Cues read in both languages whatever the report's language (each language lists its own)."""

    strong_crowd: re.Pattern[str]
    incident_toll: re.Pattern[str]
    breakdown: re.Pattern[str]
    increment: re.Pattern[str]
    death: re.Pattern[str]
    singular: tuple[tuple[str, re.Pattern[str]], ...]  # (kind, stem pattern), killed first


@dataclass(frozen=True)
class _Rules:
    lang: str
    words: _Lookups
    near: _Near
    phrases: _Phrases
    totals: _Totals
    both: _Both


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


def _words(words: list[str]) -> str:
    return rf"(?<![\w-])(?:{_alt(words)})(?![\w-])"


def _norm(word: str) -> str:
    return re.sub(r"\s+", " ", word.lower())


def _strs(items: list[Any]) -> list[str]:
    return [str(w) for w in items]


def _one(pattern: Any) -> re.Pattern[str]:
    return re.compile(str(pattern), re.IGNORECASE)


def _placeholders(lex: dict[str, Any], templates: dict[str, str]) -> dict[str, str]:
    """What {PERSON}, {ANY}, {NAME}, ... stand for in this language (see figures.yaml)."""
    kind_words = [w for ws in lex["kind_words"].values() for w in _strs(ws)]
    left = [w for ws in lex["left_verbs"].values() for w in _strs(ws)]
    persons = _strs(lex["person_plural"])
    return {
        "PERSON": _alt([*_strs(lex["person_singular"]), *persons]),
        "PERSONS": _alt(persons),
        "ANY": _alt([*kind_words, *left]),
        "LEFT": _alt(left),
        "NAME": str(templates["name"]),
        "QUALIFIERS": _alt([w for ws in lex["qualifiers"].values() for w in _strs(ws)]),
        "PROTEST": _alt(_strs(lex["protest_nouns"])),
        "SECURITY": _alt(_strs(lex["security_nouns"])),
        "JOINERS": _alt(_strs([*lex["range_joiners"], *lex["range_joiners_after_between"]])),
    }


def _word_kinds(table: dict[str, list[Any]]) -> dict[str, str]:
    return {_norm(str(w)): str(k) for k, ws in table.items() for w in ws}


def _lookups(lex: dict[str, Any]) -> _Lookups:
    return _Lookups(
        kind_word_kind=_word_kinds(lex["kind_words"]),
        left_verb_kind=_word_kinds(lex["left_verbs"]),
        qualifier_of=_word_kinds(lex["qualifiers"]),
        tally_subject={str(k): str(v) for k, v in lex["tally_subject"].items()},
        toll_head_kinds={str(k): str(v) for k, v in (lex["toll_head_kinds"] or {}).items()},
    )


def _near(lex: dict[str, Any], templates: dict[str, str], table: dict[str, str], where: str) -> _Near:
    def template(name: str) -> re.Pattern[str]:
        return _one(expand(templates[name], table, "figures.yaml"))

    def ending(key: str) -> re.Pattern[str]:
        """One of the phrases under ``key`` ending right before the number ("crowd of", "between")."""
        return _one(rf"(?<![\w-])(?:{_alt(_strs(lex[key]))})\s+$")

    return _Near(
        kind_right=_one(_words([w for ws in lex["kind_words"].values() for w in _strs(ws)])),
        left_verb=template("left_verb"),
        crowd_verb=_one(_words(_strs(lex["crowd_verbs"]))),
        crowd_left=ending("crowd_left"),
        protest_noun=template("protest_noun"),
        person_head=template("person_head"),
        security_head=template("security_head"),
        qualifier=_one(rf"(?<![\w-])(?P<q>{table['QUALIFIERS']})\s+$"),
        range_between=ending("range_between"),
        range_joiner_plain=_one(rf"^\s*(?:{_alt(_strs(lex['range_joiners']))})\s*$"),
        range_joiner_between=template("range_joiner_between"),
        exclude_after=any_of(lex["exclude_after"], f"{where}.exclude_after"),
        exclude_after_ref=_one(lex["exclude_after_referential"]),
        exclude_before=any_of(lex["exclude_before"], f"{where}.exclude_before"),
        clause_stop=any_of(lex["clause_stops"], f"{where}.clause_stops"),
        crowd_verb_gap=template("crowd_verb_gap"),
        age_follows=template("age_follows"),
        name_goes_on=template("name_goes_on"),
    )


def _phrases(lex: dict[str, Any], templates: dict[str, str], table: dict[str, str]) -> _Phrases:
    pats = lex["patterns"]

    def compiled(patterns: list[Any]) -> tuple[re.Pattern[str], ...]:
        return tuple(_one(expand(str(p), table, "figures.yaml")) for p in patterns)

    return _Phrases(
        zero=tuple((str(k), p) for k, ps in pats["zero"].items() for p in compiled(ps)),
        unknown=tuple((str(k), p) for k, ps in pats["unknown"].items() for p in compiled(ps)),
        one=compiled(pats["one"]),
        named=compiled(pats["named"]),
        list_item=_one(expand(templates["list_item"], table, "figures.yaml")),
    )


def _totals(lex: dict[str, Any], where: str) -> _Totals:
    def joined(key: str) -> re.Pattern[str]:
        return any_of(lex[key], f"{where}.{key}")

    return _Totals(
        tally_left=joined("tally_left"),
        tally_right=tuple(_one(p) for p in lex["tally_right"]),
        tally_scope=_one(lex["tally_scope"]),
        tally_sentence=joined("tally_sentence"),
        tally_sentence_weak=joined("tally_sentence_weak"),
        perfect=_one(lex["perfect_tense"]),
        revision=joined("revision_cues"),
        inherit=_one(lex["inherit_cues"]),
        toll_head=_one(lex["toll_head"]),
        toll_verb=_one(lex["toll_verb"]),
        toll_carrier=_one(lex["toll_carrier"]),
        toll_carrier_to=_one(lex["toll_carrier_to"]),
        speculation=_one(lex["speculation"]),
        scope_tally=joined("scope_tally"),
        scope_incident=joined("scope_incident"),
        scope_weak_tally=joined("scope_weak_tally"),
        count_verbs=_one(lex["count_verbs"]),
        rest_weak_tally=_one(lex["rest_weak_tally"]),
        report_date=_one(lex["report_date"]),
        toll_right=_one(lex["toll_right"]),
        toll_colon=_one(lex["toll_colon"]),
        trigger_before=_one(lex["trigger_before"]),
        trigger_head=_one(lex["trigger_head"]),
    )


@lru_cache(maxsize=1)
def _both() -> _Both:
    lexicon = load_lexicon("figures")

    def listed(*keys: str) -> list[str]:
        out: list[str] = []
        for lang in LANGS:
            entry: Any = lexicon[lang]
            for key in keys:
                entry = entry[key]
            out.extend(_strs(entry))
        return out

    def words(key: str) -> str:
        return "|".join(listed(key))

    return _Both(
        strong_crowd=_one(rf"\b(?:{words('strong_crowd_words')})\b"),
        incident_toll=any_of(listed("incident_toll_heads"), "figures.yaml incident_toll_heads"),
        breakdown=_one(rf"\b(?:{words('breakdown_cues')})\b[^.;]{{0,25}}$"),
        increment=_one(rf"\b(?:{words('increment_words')})\b"),
        death=_one(rf"\b(?:{words('death_words')})\b"),
        # matched on a lowercased verb phrase, as written (no case folding)
        singular=tuple(
            (kind, re.compile("|".join(f"(?:{p})" for p in listed("singular_kinds", kind))))
            for kind in KINDS
            if kind != "crowd"
        ),
    )


@lru_cache(maxsize=4)
def _rules(lang: str) -> _Rules:
    lexicon = load_lexicon("figures")
    lex: dict[str, Any] = lexicon[lang]
    templates = {str(k): str(v) for k, v in lexicon["templates"].items()}
    table = _placeholders(lex, templates)
    where = f"figures.yaml {lang}"
    return _Rules(
        lang=lang,
        words=_lookups(lex),
        near=_near(lex, templates, table, where),
        phrases=_phrases(lex, templates, table),
        totals=_totals(lex, where),
        both=_both(),
    )


# ---------------------------------------------------------------------------------------------
# Numbers and the words around them.


def _overlaps(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    return any(s < b and a < e for a, b in spans)


@dataclass
class _Group:
    """One number, or two joined into a range ("17 or 18")."""

    start: int
    end: int
    low: int
    high: int | None
    vague: bool
    range_start: int
    round_noun: bool = False


def _groups(seg: str, nums: list[NumberMention], base: int, r: _Rules) -> list[_Group]:
    out: list[_Group] = []
    i = 0
    while i < len(nums):
        n = nums[i]
        s, e = n.start - base, n.end - base
        if i + 1 < len(nums) and not n.vague and not nums[i + 1].vague:
            m = nums[i + 1]
            between = seg[e : m.start - base]
            left = seg[max(0, s - 20) : s]
            bm = r.near.range_between.search(left)
            if (
                r.near.range_joiner_plain.match(between)
                or (bm and r.near.range_joiner_between.match(between))
            ) and (m.value > n.value):
                rs = s - (len(left) - bm.start()) if bm else s
                out.append(_Group(s, m.end - base, n.value, m.value, False, rs))
                i += 2
                continue
        out.append(_Group(s, e, n.value, None, n.vague, s, n.round_noun))
        i += 1
    return out


# "Juan Pérez, 17, was killed": a capitalised word and a comma before the number, an age
_CAPITALISED_COMMA = re.compile(r"[A-ZÁÉÍÓÚÑ]\w+,\s*$")


def _excluded(seg: str, g: _Group, r: _Rules) -> bool:
    """Ages, money, distances, durations, subsets, proper names: not head counts."""
    near = r.near
    after = seg[g.end : g.end + 40]
    before = seg[max(0, g.range_start - 40) : g.range_start]
    if near.exclude_after.match(after) or near.exclude_before.search(before):
        return True
    if not g.vague and near.exclude_after_ref.match(after):
        return True
    if _CAPITALISED_COMMA.search(before) and near.age_follows.match(after):
        return True  # "Juan Pérez, 17, was killed": an age
    word = seg[g.start : g.end]
    # "Cuatro Suyos", "Los Cuatro Suyos": part of a name
    return bool(word[:1].isupper() and g.range_start > 0 and near.name_goes_on.match(after))


def _is_year(seg: str, g: _Group) -> bool:
    txt = seg[g.start : g.end]
    return txt.isdigit() and len(txt) == 4 and 1900 <= int(txt) <= 2100


def _left_clause_start(seg: str, pos: int, r: _Rules, floor: int) -> int:
    lo = max(floor, pos - 120)
    stop = lo
    for m in r.near.clause_stop.finditer(seg, lo, pos):
        stop = m.end()
    dot = max(seg.rfind(". ", lo, pos), seg.rfind("\n", lo, pos))
    return max(stop, dot + 1 if dot >= 0 else lo)


def _right_window(seg: str, pos: int, r: _Rules, next_num: int) -> str:
    hi = min(len(seg), pos + 90, next_num)
    window = seg[pos:hi]
    m = r.near.clause_stop.search(window)
    if m:
        window = window[: m.start()]
    dot = re.search(r"\.(?:\s|$)", window)
    if dot:
        window = window[: dot.start()]
    return window


def _qual_bounds(qualifier: str, value: int) -> tuple[int | None, int | None]:
    if qualifier == "exact":
        return value, value
    if qualifier in ("at_least", "more_than", "vague"):
        return value, None
    if qualifier in ("up_to", "nearly"):
        return None, value
    return None, None


def _subject(kind: str, sentence: str, r: _Rules) -> str:
    base = r.words.tally_subject.get(kind, kind)
    m = r.totals.tally_scope.search(sentence)
    if m:
        scope = " ".join(m.group(0).split())
        return f"{base} {scope}"
    return base


@dataclass(frozen=True)
class _Toll:
    """A toll phrase ending right before a number: its head, its kind and whether it is a running total."""

    start: int
    kind: str
    tally: bool


def _toll(
    seg: str,
    lo: int,
    cut: int,
    g: _Group,
    day_spans: list[tuple[int, int]],
    day_dated: bool,
    r: _Rules,
) -> _Toll | None:
    """ "The number of people killed when soldiers fired ... last Thursday has risen to 10".

    The phrase between the toll's head and its verb says what is counted: a clause that
    ties it to one occurrence ("when soldiers fired", "from Monday's clash", a day date)
    makes it that incident's (revised) figure; a scope over the whole crisis ("since
    December", "nationwide", "the national toll", "in the unrest") a running total.
    """
    phrase = _toll_phrase(seg, lo, cut, r)
    if phrase is None:
        return None
    hm, vm, carried = phrase
    # "the clashes in Cali brought the death toll to 42": a toll carried to a number by what
    # happened counts more than it, unless the toll itself is named as one incident's
    tally = _toll_is_tally(seg, g, hm, vm, day_spans, day_dated and not carried, r)
    return _Toll(hm.start(), _toll_kind(hm, r), tally)


def _toll_phrase(seg: str, lo: int, cut: int, r: _Rules) -> tuple[re.Match[str], re.Match[str], bool] | None:
    """The toll's head, the verb that takes it to the number (if ``seg[lo:cut]`` ends in one), and
    whether a verb before the head carries it there ("raising the toll ... to 19")."""
    t = r.totals
    vm = t.toll_verb.search(seg, lo, cut)
    heads = list(t.toll_head.finditer(seg, lo, vm.start())) if vm else []
    if vm is None or not heads:
        # "raising the toll from the Juliaca clashes to 19", "elevando la cifra de muertos a 19"
        vm = t.toll_carrier_to.search(seg, lo, cut)
        heads = (
            [
                h
                for h in t.toll_head.finditer(seg, lo, vm.start())
                if t.toll_carrier.search(seg, lo, h.start())
            ]
            if vm
            else []
        )
        if vm is None or not heads:
            return None
        return heads[-1], vm, True
    return heads[-1], vm, False


def _toll_kind(hm: re.Match[str], r: _Rules) -> str:
    """What a toll counts: its kind word ("the number of injured"), its head ("injury toll"), or deaths."""
    k = hm.groupdict().get("k")
    pre = (hm.groupdict().get("pre") or "").lower()
    kind = r.words.kind_word_kind.get(_norm(k)) if k else None
    return kind or r.words.toll_head_kinds.get(pre, "killed")


def _toll_is_tally(
    seg: str,
    g: _Group,
    hm: re.Match[str],
    vm: re.Match[str],
    day_spans: list[tuple[int, int]],
    day_dated: bool,
    r: _Rules,
) -> bool:
    t = r.totals
    scope = seg[hm.start() : vm.start()]
    rest = _clause_rest(seg[g.end : min(len(seg), g.end + 90)], r)
    if t.scope_tally.search(scope) or t.scope_tally.search(rest):
        return True
    if t.scope_incident.search(scope) or any(hm.end() <= a and b <= vm.start() for a, b in day_spans):
        return False
    if t.scope_weak_tally.search(scope) or t.scope_weak_tally.search(rest):
        return True
    return not day_dated


def _clause_rest(rest: str, r: _Rules) -> str:
    """The text after a figure up to the end of its clause ("..., while the national toll ...")."""
    stop = r.near.clause_stop.search(rest)
    if stop:
        rest = rest[: stop.start()]
    dot = re.search(r"[.;](?:\s|$)", rest)
    return rest[: dot.start()] if dot else rest


# ---------------------------------------------------------------------------------------------
# Reading a segment.


@dataclass
class _Scan:
    """One segment being read: its text, rules and day dates, and the figures found so far."""

    start: int  # offsets below are relative to it
    seg: str
    r: _Rules
    day_dated: bool  # it holds a day date (not the start of a "since" span)
    day_spans: list[tuple[int, int]]
    sentence_total: bool  # it tells a figure over several days or places
    total_cues: tuple[int, ...] = ()  # where the words that say so start (in ``seg``)
    over_a_period: bool = False  # a range of days dates the sentence: every figure is over it
    figs: list[FigureMention] = field(default_factory=list)
    taken: list[tuple[int, int]] = field(default_factory=list)

    def free(self, s: int, e: int) -> bool:
        return not _overlaps(self.taken, s, e)

    def add(
        self, kind: str, value: int | None, low: int | None, high: int | None, q: str, s: int, e: int
    ) -> None:
        self.taken.append((s, e))
        self.figs.append(
            FigureMention(kind, value, low, high, q, self.start + s, self.start + e, False, None)
        )


def _new_scan(text: str, start: int, end: int, r: _Rules, dates: list[tuple[int, int, str]]) -> _Scan:
    seg = text[start:end]
    since = since_words()
    days = [
        (a, b)
        for a, b, kind in dates
        if kind in DAY_FORMS
        and not text[a:b].lower().startswith(since)
        and not _told_on(text, a, start, r)
        and not _period(text[a:b], kind)
    ]
    day_dated = bool(days)
    cues = [m.start() for m in r.totals.tally_sentence.finditer(seg)]
    if not day_dated:
        cues += [m.start() for m in r.totals.tally_sentence_weak.finditer(seg)]
    period = any(_period(text[a:b], kind) for a, b, kind in dates)
    day_spans = [(a - start, b - start) for a, b in days]
    return _Scan(start, seg, r, day_dated, day_spans, bool(cues) or period, tuple(sorted(cues)), period)


def _over_the_sentence_total(sc: _Scan, at: _Around) -> bool:
    """Whether the sentence's "across the country", "en todo el país" scopes this figure.

    In a sentence dated to a day, such words after a later number are that number's: "Al menos
    cinco personas murieron este martes frente al Parlamento, en una jornada que dejó un total
    de 17 muertos en todo el país" tells an incident's five and a national seventeen."""
    if not sc.sentence_total:
        return False
    if not sc.day_dated or sc.over_a_period:
        return True
    return any(c < at.next_num for c in sc.total_cues)


def _told_on(text: str, a: int, start: int, r: _Rules) -> bool:
    """A day date that dates the telling, not the deaths ("a rights group said on Monday")."""
    return bool(r.totals.report_date.search(text[max(start, a - 40) : a]))


_DAY_NUMBERS = re.compile(r"\d+")


def _period(span: str, kind: str) -> bool:
    """A range of three days or more ("between 3 and 13 October"): a figure over it is a total."""
    if kind != "range":
        return False
    days = [int(d) for d in _DAY_NUMBERS.findall(span) if len(d) <= 2 and int(d) <= 31]
    return len(days) >= 2 and abs(days[1] - days[0]) >= 2


def without_tally_scope(text: str, lang: str) -> str:
    """``text`` with the scope phrases of running totals blanked out, each to the end of its clause
    ("since the strike began", "desde el inicio del paro"): what is left is what the sentence tells
    besides the total."""
    r = _rules(lang if lang in LANGS else "en")
    out = text
    for m in r.totals.tally_scope.finditer(text):
        end = _CLAUSE_END.search(text, m.end())
        stop = end.start() if end else len(text)
        out = out[: m.start()] + " " * (stop - m.start()) + out[stop:]
    return out


def may_hold_tally(text: str, start: int, end: int, lang: str) -> bool:
    """False when ``text[start:end]`` holds no number, so no figure of it can be a running total.

    A tally is always a figure read from a number (``_add_number``), so a span without one
    needs no ``find_figures`` when only its totals are wanted (a cheap prefilter)."""
    r = _rules(lang if lang in LANGS else "en")
    return bool(find_numbers(text, start, end, r.lang))


# The numbers of one span read as possible figures: a sentence of news copy states a handful; one
# that states more is a table or a run of digits, and reading each of its numbers in its
# surroundings would cost a hundred times what a report does (the first ones are read).
MAX_NUMBERS = 40


def find_figures(text: str, start: int, end: int, lang: str) -> list[FigureMention]:
    """Figures stated in ``text[start:end]`` (offsets absolute), in text order; of a span with more
    than :data:`MAX_NUMBERS` numbers, the first of them."""
    r = _rules(lang if lang in LANGS else "en")
    dates = date_spans(text, start, end, r.lang)
    sc = _new_scan(text, start, end, r, dates)
    _add_zeros(sc)
    blocked = [(a - start, b - start) for a, b, _k in dates]
    nums = [
        n
        for n in find_numbers(text, start, end, r.lang)
        if not _overlaps(blocked, n.start - start, n.end - start)
    ][:MAX_NUMBERS]
    _add_numbers(sc, nums)
    _add_named(sc)
    _add_unknown(sc, nums)
    _add_one_person(sc)
    sc.figs = [f for f in sc.figs if not _set_off_protest(text, f, start, r)]
    sc.figs.sort(key=lambda f: f.start)
    return _mark_revisions(text, sc.figs, r)


def _set_off_protest(text: str, f: FigureMention, start: int, r: _Rules) -> bool:
    """ "protests began after the death of a student": the death that set them off is another
    incident's, not a figure of the one told here."""
    t = r.totals
    if f.kind != "killed" or not t.trigger_head.match(text, f.start, f.end):
        return False
    return bool(t.trigger_before.search(text[max(start, f.start - 40) : f.start]))


def _add_zeros(sc: _Scan) -> None:
    """Stated zeros ("no one was killed", "sin víctimas mortales")."""
    for zkind, pat in sc.r.phrases.zero:
        for m in pat.finditer(sc.seg):
            if sc.free(m.start(), m.end()):
                sc.add(zkind, 0, 0, 0, "exact", m.start(), m.end())


def _add_named(sc: _Scan) -> None:
    """Named victims ("Inti Sotelo, 24, and Bryan Pintado, 22, were shot dead": killed 2)."""
    for pat in sc.r.phrases.named:
        for m in pat.finditer(sc.seg):
            if not sc.free(m.start(), m.end()) or _in_breakdown(sc, m.start()):
                continue
            nkind = _singular_kind(_norm(m.group("kind") or m.group("kind2") or ""), sc.r)
            count = len(sc.r.phrases.list_item.findall(m.group("names")))
            if nkind is None or count == 0:
                continue
            sc.add(nkind, count, count, count, "exact", m.start(), m.end())


def _add_unknown(sc: _Scan, nums: list[NumberMention]) -> None:
    """Deaths, injuries, arrests with no number ("several were killed", "hubo muertos")."""
    num_spans = [(n.start - sc.start, n.end - sc.start) for n in nums]
    for ukind, pat in sc.r.phrases.unknown:
        for m in pat.finditer(sc.seg):
            if not sc.free(m.start(), m.end()) or _overlaps(num_spans, m.start(), m.end()):
                continue
            sc.add(ukind, None, None, None, "unknown", m.start(), m.end())


def _add_one_person(sc: _Scan) -> None:
    """One person ("a policeman was killed", "murió un manifestante")."""
    words = sc.r.words
    for pat in sc.r.phrases.one:
        for m in pat.finditer(sc.seg):
            if not sc.free(m.start(), m.end()) or _in_breakdown(sc, m.start()):
                continue
            kw = _norm(m.group("kind"))
            okind = words.kind_word_kind.get(kw) or words.left_verb_kind.get(kw) or _singular_kind(kw, sc.r)
            if okind is None or okind == "crowd":
                continue
            sc.add(okind, 1, 1, 1, "exact", m.start(), m.end())


def _in_breakdown(sc: _Scan, pos: int) -> bool:
    """A person named inside a breakdown of a figure already given ("the toll includes a police officer")."""
    return bool(sc.r.both.breakdown.search(sc.seg, max(0, pos - 40), pos))


def _singular_kind(word: str, r: _Rules) -> str | None:
    for kind, stems in r.both.singular:
        if stems.match(word):
            return kind
    return None


# ---------------------------------------------------------------------------------------------
# One number: what it counts, how sure it is, and whether it is a running total.


@dataclass(frozen=True)
class _Around:
    """A number and its surroundings in the segment (offsets relative to the segment)."""

    g: _Group
    next_num: int  # where the next number starts (or the segment's end)
    prev_end: int  # where the previous number ends (or 0)
    after: str  # the 40 characters after it
    head: re.Match[str] | None  # a person noun right after it ("2,000 people")
    window: str  # its clause to the right
    clause_lo: int  # where its clause starts on the left
    left: str  # its clause to the left
    cut: int  # where its qualifier starts, or the number itself
    toll: _Toll | None  # a toll phrase ending right before it


def _add_numbers(sc: _Scan, nums: list[NumberMention]) -> None:
    """Figures stated with a number ("killing at least 18", "2,000 people marched")."""
    groups = [g for g in _groups(sc.seg, nums, sc.start, sc.r) if not _excluded(sc.seg, g, sc.r)]
    for gi, g in enumerate(groups):
        if not sc.free(g.start, g.end):
            continue
        around = _around(sc, groups, gi)
        if around is not None:
            _add_number(sc, around)


def _around(sc: _Scan, groups: list[_Group], gi: int) -> _Around | None:
    """The surroundings of ``groups[gi]``; None for a year or a guess about the future."""
    r, seg, g = sc.r, sc.seg, groups[gi]
    next_num = groups[gi + 1].range_start if gi + 1 < len(groups) else len(seg)
    prev_end = groups[gi - 1].end if gi > 0 else 0
    after = seg[g.end : g.end + 40]
    head = r.near.person_head.match(after)
    window = _right_window(seg, g.end, r, next_num)
    if _is_year(seg, g) and not (head or r.near.kind_right.match(window.lstrip())):
        return None
    clause_lo = _left_clause_start(seg, g.range_start, r, prev_end)
    qcut = r.near.qualifier.search(seg, max(prev_end, g.range_start - 30), g.range_start)
    cut = qcut.start() if qcut else g.range_start
    if r.totals.speculation.search(seg, max(prev_end, g.range_start - 120), cut):
        return None  # "the toll could rise to 20": a guess about the future, not a figure
    sent_lo = max(seg.rfind(". ", 0, g.range_start), seg.rfind("\n", 0, g.range_start)) + 1
    toll = _toll(seg, max(sent_lo, prev_end, g.range_start - 220), cut, g, sc.day_spans, sc.day_dated, r)
    left = seg[clause_lo : g.range_start]
    return _Around(g, next_num, prev_end, after, head, window, clause_lo, left, cut, toll)


def _add_number(sc: _Scan, at: _Around) -> None:
    """The figure a number states, if it counts people killed, injured, arrested or taking part."""
    r, seg, g = sc.r, sc.seg, at.g
    kind, qualifier, span_start = _left_reading(at, r)
    kind_end = g.end
    if kind is None:
        kind, kind_end = _right_kind(at, r)
    if at.toll is not None:
        kind = at.toll.kind
        span_start = min(span_start, at.toll.start)
    lo = max(at.clause_lo, at.prev_end)
    tally_left = r.totals.tally_left.search(seg, lo, g.range_start)
    if kind is None and tally_left:
        # "bringing the total number of confirmed deaths to 49": the kind is in the tally phrase
        kind = _kind_in_total(sc, at, lo)
        if kind is not None:
            span_start = min(span_start, tally_left.start())
    if kind is None and (
        r.totals.revision.search(seg, lo, g.range_start)
        or r.totals.inherit.search(seg, lo, g.range_start)
        or tally_left
    ):
        kind = _kind_carried_over(sc, at)
    if kind == "crowd" and r.near.security_head.match(at.after):
        kind = None  # "4,500 police had been mobilised": forces deployed are not a crowd
    if kind is None:
        return
    value, low, high, q = _value(g, qualifier)
    sc.add(kind, value, low, high, q, span_start, max(kind_end, g.end))
    if kind != "crowd" and _is_tally(sc, at, tally_left):
        sentence = seg[lo : min(len(seg), kind_end + 60)]
        f = sc.figs[-1]
        new_start = min(f.start, sc.start + tally_left.start()) if tally_left and at.toll is None else f.start
        sc.figs[-1] = replace(f, tally=True, subject=_subject(kind, sentence, r), start=new_start)


def _left_reading(at: _Around, r: _Rules) -> tuple[str | None, str, int]:
    """(kind, qualifier, where the figure's phrase starts) from the verb and qualifier just before it."""
    vm = r.near.left_verb.search(at.left)
    if vm:
        kind = r.words.left_verb_kind.get(_norm(vm.group("verb")))
        q = r.words.qualifier_of.get(_norm(vm.group("q")), "exact") if vm.group("q") else "exact"
        return kind, q, at.clause_lo + vm.start()
    qm = r.near.qualifier.search(at.left)
    if qm:
        return None, r.words.qualifier_of.get(_norm(qm.group("q")), "exact"), at.clause_lo + qm.start()
    return None, "exact", at.g.range_start


def _right_kind(at: _Around, r: _Rules) -> tuple[str | None, int]:
    """(kind, where the figure's phrase ends) from the words after the number, or a crowd before it."""
    g, window, head = at.g, at.window, at.head
    km = r.near.kind_right.search(window)
    cm = r.near.crowd_verb.search(window)
    crowd_ok = head is not None or (
        cm is not None and (cm.start() <= 3 or bool(r.near.crowd_verb_gap.match(window[: cm.start()])))
    )
    if km and (not (cm and crowd_ok) or km.start() < cm.start()):
        return r.words.kind_word_kind.get(_norm(km.group(0))), g.end + km.end()
    if cm and crowd_ok:
        return "crowd", g.end + (head.end() if head else cm.end())
    protest = r.near.protest_noun.match(at.after)
    if protest or (r.near.crowd_left.search(at.left) and (head or r.both.strong_crowd.search(at.left[-30:]))):
        pm = protest or head
        return "crowd", g.end + (pm.end() if pm else 0)
    if head and (g.vague or g.low >= 50) and not km:
        return "crowd", g.end + head.end()  # "decenas de miles de personas", "2,000 people from Puno"
    return None, g.end


def _kind_in_total(sc: _Scan, at: _Around, lo: int) -> str | None:
    """The kind named in a tally phrase before the number ("the total number of deaths to 49")."""
    ks = list(sc.r.near.kind_right.finditer(sc.seg, lo, at.g.range_start))
    if not ks:
        return "killed" if sc.r.both.death.search(at.left) else None
    return sc.r.words.kind_word_kind.get(_norm(ks[-1].group(0)))


def _kind_carried_over(sc: _Scan, at: _Around) -> str | None:
    """ "initially eight ... later raised to ten", "police put the figure at 338,000": the new
    figure counts what the previous one, or the subject of the clause, counted."""
    prev = [f for f in sc.figs if f.end - sc.start <= at.g.range_start and f.value is not None]
    ks = list(sc.r.near.kind_right.finditer(sc.seg, at.clause_lo, at.g.range_start))
    if ks:
        return sc.r.words.kind_word_kind.get(_norm(ks[-1].group(0)))
    return prev[-1].kind if prev else None


def _value(g: _Group, qualifier: str) -> tuple[int, int | None, int | None, str]:
    """(value, low, high, qualifier) of a number read with the qualifier before it."""
    if g.high is not None:
        return g.low, g.low, g.high, "range"
    if g.vague:
        return g.low, g.low, None, "vague"
    q = "about" if g.round_noun and qualifier == "exact" else qualifier
    low, high = _qual_bounds(q, g.low)
    return g.low, low, high, q


def _is_tally(sc: _Scan, at: _Around, tally_left: re.Match[str] | None) -> bool:
    """Is a casualty figure a running total for the whole crisis rather than this incident's?"""
    r, seg, g = sc.r, sc.seg, at.g
    if at.toll is not None:
        return at.toll.tally
    rest = seg[g.end : min(len(seg), g.end + 90)]
    if r.totals.toll_right.match(rest):
        # "elevó a 31 la cifra de muertos": a running total unless the toll is one incident's
        return not r.totals.scope_incident.search(_clause_rest(rest, r))
    colon = _colon_toll(sc, at)
    if colon is not None:
        return colon
    if tally_left:
        # "the toll from Monday's clashes rose to 18" counts one dated incident
        incident_toll = sc.day_dated and bool(r.both.incident_toll.match(tally_left.group(0)))
        return (
            not incident_toll
            or any(p.search(rest) for p in r.totals.tally_right)
            or _over_the_sentence_total(sc, at)
        )
    between = seg[g.end : at.next_num]
    if at.next_num < len(seg) and (r.totals.tally_left.search(between) or r.totals.toll_head.search(between)):
        rest = between  # "con estas dos muertes, suman 53 ... desde": the scope is the 53's
    undated_total = not sc.day_dated and (
        bool(r.totals.perfect.search(rest))
        or bool(r.totals.rest_weak_tally.search(_clause_rest(rest, r)))
        # "the ombudsman counts 60 deaths", "la Defensoría registra 48 muertos"
        or bool(r.totals.count_verbs.search(seg, max(at.prev_end, g.range_start - 60), at.cut))
    )
    return (
        any(p.search(rest) for p in r.totals.tally_right) or _over_the_sentence_total(sc, at) or undated_total
    )


def _colon_toll(sc: _Scan, at: _Around) -> bool | None:
    """ "the Ombudsman's figures since 3 October: six dead, 937 injured": a figure listed after a toll
    and a colon is a running total unless the toll is one incident's; None when there is no such toll."""
    t, seg = sc.r.totals, sc.seg
    sent_lo = max(seg.rfind(". ", 0, at.g.range_start), seg.rfind("\n", 0, at.g.range_start)) + 1
    m = t.toll_colon.search(seg, sent_lo, at.cut)
    if m is None:
        return None
    scope = m.group(0)
    if t.scope_tally.search(scope):
        return True
    return not (t.scope_incident.search(scope) or sc.day_dated)


def _mark_revisions(text: str, figs: list[FigureMention], r: _Rules) -> list[FigureMention]:
    """In one sentence, a figure followed by another of the same kind after a revision cue is revised."""
    out = list(figs)
    for i, f in enumerate(out):
        if f.value is None:
            continue
        for j in range(i + 1, len(out)):
            g = out[j]
            if g.kind != f.kind or g.value is None:
                continue
            between = text[f.end : g.start]
            if _SENTENCE_END.search(between):
                break
            before = text[max(0, f.start - 40) : f.start]
            # "two more marchers died, raising the toll ... to 9": the increment is inside the new total
            increment = bool(r.both.increment.search(text, max(0, f.start - 10), min(g.start, f.end + 12)))
            if r.totals.revision.search(between) or r.totals.revision.search(before) or increment:
                # the final figure keeps the status of the one it revises (incident or tally)
                out[i] = replace(f, revised=True)
                out[j] = replace(g, tally=f.tally, subject=f.subject)
                break
    return out


_SENTENCE_END = re.compile(r"[.!?]\s+[A-ZÁÉÍÓÚ¿¡]")
