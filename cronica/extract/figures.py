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
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from cronica.extract.dates import DAY_FORMS, date_spans
from cronica.extract.numbers import LANGS, NumberMention, find_numbers
from cronica.lexicon import load_lexicon

KINDS = ("killed", "injured", "arrested", "crowd")
UNKNOWN_FATALITIES_NOTE = (
    "value None + qualifier 'unknown': deaths reported without a number; apply the ACLED codebook's "
    "default for unknown fatality numbers at the event level if you need a count"
)


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


# Two or more capitalised words: a person's name ("Leonidas Iza", "Pedro Castillo").
_NAME = r"(?-i:[A-ZÁÉÍÓÚÑ][a-záéíóúñ]+(?:\s+(?:de\s+|del\s+|de\s+la\s+)?[A-ZÁÉÍÓÚÑ][a-záéíóúñ]+)+)"

_STRONG_CROWD = re.compile(
    r"\b(?:crowds?|multitud|march|rally|marcha|concentraci[óo]n|drew|drawing|attended|turnout|gathering|throng|"
    r"congreg[óo]|reuni[óo]|convoc[óo]|moviliz[óo]|movilizaci[óo]n|participaci[óo]n|asistencia|presencia)\b",
    re.IGNORECASE,
)


_INCIDENT_TOLL = re.compile(r"(?:death\s+)?toll|cifra|n[úu]mero|balance|saldo", re.IGNORECASE)


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


def _words(words: list[str]) -> str:
    return rf"(?<![\w-])(?:{_alt(words)})(?![\w-])"


@dataclass(frozen=True)
class _Rules:
    lang: str
    kind_right: re.Pattern[str]  # named groups per kind
    kind_word_kind: dict[str, str]
    left_verb: re.Pattern[str]
    left_verb_kind: dict[str, str]
    crowd_verb: re.Pattern[str]
    crowd_left: re.Pattern[str]
    protest_noun: re.Pattern[str]
    person_head: re.Pattern[str]  # at the start of the right context: optional adjectives + person noun
    qualifier: re.Pattern[str]
    qualifier_of: dict[str, str]
    range_between: re.Pattern[str]
    range_joiner_plain: re.Pattern[str]
    range_joiner_between: re.Pattern[str]
    exclude_after: re.Pattern[str]
    exclude_after_ref: re.Pattern[str]
    exclude_before: re.Pattern[str]
    zero: tuple[tuple[str, re.Pattern[str]], ...]
    unknown: tuple[tuple[str, re.Pattern[str]], ...]
    one: tuple[re.Pattern[str], ...]
    named: tuple[re.Pattern[str], ...]
    tally_left: re.Pattern[str]
    tally_right: tuple[re.Pattern[str], ...]
    tally_scope: re.Pattern[str]
    tally_subject: dict[str, str]
    revision: re.Pattern[str]
    clause_stop: re.Pattern[str]
    inherit: re.Pattern[str]
    security_head: re.Pattern[str]
    tally_sentence: re.Pattern[str]
    perfect: re.Pattern[str]
    toll_head: re.Pattern[str]
    toll_verb: re.Pattern[str]
    speculation: re.Pattern[str]
    scope_tally: re.Pattern[str]
    scope_incident: re.Pattern[str]
    scope_weak_tally: re.Pattern[str]
    tally_sentence_weak: re.Pattern[str]
    toll_carrier: re.Pattern[str]
    toll_carrier_to: re.Pattern[str]
    count_verbs: re.Pattern[str]
    rest_weak_tally: re.Pattern[str]


def _kind_of_word(word: str, table: dict[str, list[str]]) -> str | None:
    w = re.sub(r"\s+", " ", word.lower())
    for kind, words in table.items():
        if w in (x.lower() for x in words):
            return kind
    return None


@lru_cache(maxsize=4)
def _rules(lang: str) -> _Rules:
    lex: dict[str, Any] = load_lexicon("figures")[lang]
    kind_words: dict[str, list[str]] = {k: [str(w) for w in v] for k, v in lex["kind_words"].items()}
    left_verbs: dict[str, list[str]] = {k: [str(w) for w in v] for k, v in lex["left_verbs"].items()}
    all_kind_words = [w for ws in kind_words.values() for w in ws]
    all_left = [w for ws in left_verbs.values() for w in ws]
    persons_pl = [str(w) for w in lex["person_plural"]]
    persons_sg = [str(w) for w in lex["person_singular"]]
    quals: dict[str, list[str]] = {k: [str(w) for w in v] for k, v in lex["qualifiers"].items()}
    all_quals = [w for ws in quals.values() for w in ws]
    qualifier_of = {re.sub(r"\s+", " ", w.lower()): k for k, ws in quals.items() for w in ws}
    any_kind = _alt([*all_kind_words, *all_left])
    person = _alt([*persons_sg, *persons_pl])

    def expand(p: str) -> str:
        return (
            p.replace("{PERSON}", person)
            .replace("{PERSONS}", _alt(persons_pl))
            .replace("{ANY}", any_kind)
            .replace("{LEFT}", _alt(all_left))
            .replace("{NAME}", _NAME)
        )

    pats = lex["patterns"]
    security = _alt([str(w) for w in lex["security_nouns"]])
    joiners = [str(j) for j in lex["range_joiners"]]
    plain = [j for j in joiners if j not in ("and", "y", "a")]
    return _Rules(
        lang=lang,
        kind_right=re.compile(_words(all_kind_words), re.IGNORECASE),
        kind_word_kind={re.sub(r"\s+", " ", w.lower()): k for k, ws in kind_words.items() for w in ws},
        left_verb=re.compile(
            rf"(?<![\w-])(?P<verb>{_alt(all_left)})\s+(?:(?!and\b|y\b|or\b|o\b)[^\W\d]+\s+){{0,2}}?(?:a\s+)?"
            rf"(?:(?P<q>{_alt(all_quals)})\s+)?$",
            re.IGNORECASE,
        ),
        left_verb_kind={re.sub(r"\s+", " ", w.lower()): k for k, ws in left_verbs.items() for w in ws},
        crowd_verb=re.compile(_words([str(w) for w in lex["crowd_verbs"]]), re.IGNORECASE),
        crowd_left=re.compile(
            rf"(?<![\w-])(?:{_alt([str(w) for w in lex['crowd_left']])})\s+$", re.IGNORECASE
        ),
        protest_noun=re.compile(
            rf"^\s+(?:of\s+|de\s+)?(?:[\w-]+\s+)?(?:{_alt([str(w) for w in lex['protest_nouns']])})(?![\w-])",
            re.IGNORECASE,
        ),
        person_head=re.compile(
            rf"^\s+(?:more\s+|más\s+|other\s+|otros\s+|otras\s+)?(?:of\s+|de\s+)?(?:[\w-]+\s+)?(?:{_alt(persons_pl)})(?![\w-])",
            re.IGNORECASE,
        ),
        qualifier=re.compile(rf"(?<![\w-])(?P<q>{_alt(all_quals)})\s+$", re.IGNORECASE),
        qualifier_of=qualifier_of,
        range_between=re.compile(rf"(?<![\w-])(?:{_alt([str(w) for w in lex['range_between']])})\s+$", re.I),
        range_joiner_plain=re.compile(rf"^\s*(?:{_alt(plain)})\s*$", re.IGNORECASE),
        range_joiner_between=re.compile(rf"^\s*(?:{_alt(joiners)})\s*(?:el\s+|the\s+)?$", re.IGNORECASE),
        exclude_after=re.compile("|".join(f"(?:{p})" for p in lex["exclude_after"]), re.IGNORECASE),
        exclude_after_ref=re.compile(str(lex["exclude_after_referential"]), re.IGNORECASE),
        exclude_before=re.compile("|".join(f"(?:{p})" for p in lex["exclude_before"]), re.IGNORECASE),
        zero=tuple((k, re.compile(expand(p), re.IGNORECASE)) for k, ps in pats["zero"].items() for p in ps),
        unknown=tuple(
            (k, re.compile(expand(p), re.IGNORECASE)) for k, ps in pats["unknown"].items() for p in ps
        ),
        one=tuple(re.compile(expand(p), re.IGNORECASE) for p in pats["one"]),
        named=tuple(re.compile(expand(p), re.IGNORECASE) for p in pats["named"]),
        tally_left=re.compile("|".join(f"(?:{p})" for p in lex["tally_left"]), re.IGNORECASE),
        tally_right=tuple(re.compile(p, re.IGNORECASE) for p in lex["tally_right"]),
        tally_scope=re.compile(str(lex["tally_scope"]), re.IGNORECASE),
        tally_subject={str(k): str(v) for k, v in lex["tally_subject"].items()},
        revision=re.compile("|".join(f"(?:{p})" for p in lex["revision_cues"]), re.IGNORECASE),
        clause_stop=re.compile("|".join(f"(?:{p})" for p in lex["clause_stops"]), re.IGNORECASE),
        inherit=re.compile(str(lex["inherit_cues"]), re.IGNORECASE),
        security_head=re.compile(
            rf"^\s+(?:more\s+|más\s+)?(?:of\s+|de\s+)?(?:[\w-]+\s+)?(?:{security})(?![\w-])", re.IGNORECASE
        ),
        tally_sentence=re.compile("|".join(f"(?:{p})" for p in lex["tally_sentence"]), re.IGNORECASE),
        perfect=re.compile(str(lex["perfect_tense"]), re.IGNORECASE),
        toll_head=re.compile(str(lex["toll_head"]), re.IGNORECASE),
        toll_verb=re.compile(str(lex["toll_verb"]), re.IGNORECASE),
        speculation=re.compile(str(lex["speculation"]), re.IGNORECASE),
        scope_tally=_any_of(lex["scope_tally"]),
        scope_incident=_any_of(lex["scope_incident"]),
        scope_weak_tally=_any_of(lex["scope_weak_tally"]),
        tally_sentence_weak=_any_of(lex["tally_sentence_weak"]),
        toll_carrier=re.compile(str(lex["toll_carrier"]), re.IGNORECASE),
        toll_carrier_to=re.compile(str(lex["toll_carrier_to"]), re.IGNORECASE),
        count_verbs=re.compile(str(lex["count_verbs"]), re.IGNORECASE),
        rest_weak_tally=re.compile(str(lex["rest_weak_tally"]), re.IGNORECASE),
    )


def _any_of(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


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
            bm = r.range_between.search(left)
            if (r.range_joiner_plain.match(between) or (bm and r.range_joiner_between.match(between))) and (
                m.value > n.value
            ):
                rs = s - (len(left) - bm.start()) if bm else s
                out.append(_Group(s, m.end - base, n.value, m.value, False, rs))
                i += 2
                continue
        out.append(_Group(s, e, n.value, None, n.vague, s, n.round_noun))
        i += 1
    return out


def _excluded(seg: str, g: _Group, r: _Rules) -> bool:
    """Ages, money, distances, durations, subsets, proper names: not head counts."""
    after = seg[g.end : g.end + 40]
    before = seg[max(0, g.range_start - 40) : g.range_start]
    if r.exclude_after.match(after) or r.exclude_before.search(before):
        return True
    if not g.vague and r.exclude_after_ref.match(after):
        return True
    if re.search(r"[A-ZÁÉÍÓÚÑ]\w+,\s*$", before) and re.match(r"\s*(?:,|and\b|y\b)", after):
        return True  # "Juan Pérez, 17, was killed": an age
    word = seg[g.start : g.end]
    # "Cuatro Suyos", "Los Cuatro Suyos": part of a name
    return bool(
        word[:1].isupper() and g.range_start > 0 and re.match(r"\s+(?:de\s+los\s+)?[A-ZÁÉÍÓÚÑ]", after)
    )


def _is_year(seg: str, g: _Group) -> bool:
    txt = seg[g.start : g.end]
    return txt.isdigit() and len(txt) == 4 and 1900 <= int(txt) <= 2100


def _left_clause_start(seg: str, pos: int, r: _Rules, floor: int) -> int:
    lo = max(floor, pos - 120)
    stop = lo
    for m in r.clause_stop.finditer(seg, lo, pos):
        stop = m.end()
    dot = max(seg.rfind(". ", lo, pos), seg.rfind("\n", lo, pos))
    return max(stop, dot + 1 if dot >= 0 else lo)


def _right_window(seg: str, pos: int, r: _Rules, next_num: int) -> str:
    hi = min(len(seg), pos + 90, next_num)
    window = seg[pos:hi]
    m = r.clause_stop.search(window)
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
    base = r.tally_subject.get(kind, kind)
    m = r.tally_scope.search(sentence)
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
    vm = r.toll_verb.search(seg, lo, cut)
    heads = list(r.toll_head.finditer(seg, lo, vm.start())) if vm else []
    if vm is None or not heads:
        # "raising the toll from the Juliaca clashes to 19", "elevando la cifra de muertos a 19"
        vm = r.toll_carrier_to.search(seg, lo, cut)
        heads = (
            [
                h
                for h in r.toll_head.finditer(seg, lo, vm.start())
                if r.toll_carrier.search(seg, lo, h.start())
            ]
            if vm
            else []
        )
        if vm is None or not heads:
            return None
    hm = heads[-1]
    k = hm.groupdict().get("k")
    pre = (hm.groupdict().get("pre") or "").lower()
    kind = r.kind_word_kind.get(re.sub(r"\s+", " ", k.lower())) if k else None
    if kind is None:
        kind = "injured" if pre == "injury" else "arrested" if pre == "arrest" else "killed"
    scope = seg[hm.start() : vm.start()]
    rest = seg[g.end : min(len(seg), g.end + 90)]
    rest = _clause_rest(rest, r)
    if r.scope_tally.search(scope) or r.scope_tally.search(rest):
        tally = True
    elif r.scope_incident.search(scope) or any(hm.end() <= a and b <= vm.start() for a, b in day_spans):
        tally = False
    elif r.scope_weak_tally.search(scope) or r.scope_weak_tally.search(rest):
        tally = True
    else:
        tally = not day_dated
    return _Toll(hm.start(), kind, tally)


def _clause_rest(rest: str, r: _Rules) -> str:
    """The text after a figure up to the end of its clause ("..., while the national toll ...")."""
    stop = r.clause_stop.search(rest)
    if stop:
        rest = rest[: stop.start()]
    dot = re.search(r"[.;](?:\s|$)", rest)
    return rest[: dot.start()] if dot else rest


def find_figures(text: str, start: int, end: int, lang: str) -> list[FigureMention]:
    """Figures stated in ``text[start:end]`` (offsets absolute), in text order."""
    r = _rules(lang if lang in LANGS else "en")
    seg = text[start:end]
    figs: list[FigureMention] = []
    taken: list[tuple[int, int]] = []
    dates = date_spans(text, start, end, r.lang)
    blocked = [(a - start, b - start) for a, b, _k in dates]

    def add(kind: str, value: int | None, low: int | None, high: int | None, q: str, s: int, e: int) -> None:
        taken.append((s, e))
        figs.append(FigureMention(kind, value, low, high, q, start + s, start + e, False, None))

    # 1. Stated zeros ("no one was killed", "sin víctimas mortales").
    for zkind, pat in r.zero:
        for m in pat.finditer(seg):
            if not _overlaps(taken, m.start(), m.end()):
                add(zkind, 0, 0, 0, "exact", m.start(), m.end())

    # 2. Numbers.
    nums = [
        n
        for n in find_numbers(text, start, end, r.lang)
        if not _overlaps(blocked, n.start - start, n.end - start)
    ]
    groups = [g for g in _groups(seg, nums, start, r) if not _excluded(seg, g, r)]
    day_dated = any(
        kind in DAY_FORMS and not text[a:b].lower().startswith(("since", "desde")) for a, b, kind in dates
    )
    day_spans = [
        (a - start, b - start)
        for a, b, kind in dates
        if kind in DAY_FORMS and not text[a:b].lower().startswith(("since", "desde"))
    ]
    sentence_total = bool(r.tally_sentence.search(seg)) or (
        not day_dated and bool(r.tally_sentence_weak.search(seg))
    )
    for gi, g in enumerate(groups):
        if _overlaps(taken, g.start, g.end):
            continue
        next_num = groups[gi + 1].range_start if gi + 1 < len(groups) else len(seg)
        prev_end = groups[gi - 1].end if gi > 0 else 0
        after = seg[g.end : g.end + 40]
        head = r.person_head.match(after)
        window = _right_window(seg, g.end, r, next_num)
        if _is_year(seg, g) and not (head or r.kind_right.match(window.lstrip())):
            continue
        clause_lo = _left_clause_start(seg, g.range_start, r, prev_end)
        left = seg[clause_lo : g.range_start]
        qcut = r.qualifier.search(seg, max(prev_end, g.range_start - 30), g.range_start)
        cut = qcut.start() if qcut else g.range_start
        if r.speculation.search(seg, max(prev_end, g.range_start - 120), cut):
            continue  # "the toll could rise to 20": a guess about the future, not a figure
        sent_lo = max(seg.rfind(". ", 0, g.range_start), seg.rfind("\n", 0, g.range_start)) + 1
        toll = _toll(seg, max(sent_lo, prev_end, g.range_start - 220), cut, g, day_spans, day_dated, r)
        # qualifier and verb just before the number
        qualifier = "exact"
        span_start = g.range_start
        kind: str | None = None
        kind_end = g.end
        vm = r.left_verb.search(left)
        qm = r.qualifier.search(left)
        if vm:
            kind = r.left_verb_kind.get(re.sub(r"\s+", " ", vm.group("verb").lower()))
            span_start = clause_lo + vm.start()
            if vm.group("q"):
                qualifier = r.qualifier_of.get(re.sub(r"\s+", " ", vm.group("q").lower()), "exact")
        elif qm:
            qualifier = r.qualifier_of.get(re.sub(r"\s+", " ", qm.group("q").lower()), "exact")
            span_start = clause_lo + qm.start()
        if kind is None:
            km = r.kind_right.search(window)
            cm = r.crowd_verb.search(window)
            crowd_ok = head is not None or (
                cm is not None
                and (
                    cm.start() <= 3
                    or bool(re.match(r"\s+(?:of|de)\s+(?:[\w-]+\s+){1,2}$", window[: cm.start()]))
                )
            )
            if km and (not (cm and crowd_ok) or km.start() < cm.start()):
                kind = r.kind_word_kind.get(re.sub(r"\s+", " ", km.group(0).lower()))
                kind_end = g.end + km.end()
            elif cm and crowd_ok:
                kind = "crowd"
                kind_end = g.end + (head.end() if head else cm.end())
            elif r.protest_noun.match(after) or (
                r.crowd_left.search(left) and (head or _STRONG_CROWD.search(left[-30:]))
            ):
                kind = "crowd"
                pm = r.protest_noun.match(after) or head
                kind_end = g.end + (pm.end() if pm else 0)
            elif head and (g.vague or g.low >= 50) and not km:
                kind = "crowd"  # "decenas de miles de personas", "2,000 people from Puno": a head count
                kind_end = g.end + head.end()
        if toll is not None:
            kind = toll.kind
            span_start = min(span_start, toll.start)
        tally_left = r.tally_left.search(seg, max(clause_lo, prev_end), g.range_start)
        if kind is None and tally_left:
            # "bringing the total number of confirmed deaths to 49": the kind is in the tally phrase
            ks = list(r.kind_right.finditer(seg, max(clause_lo, prev_end), g.range_start))
            if not ks:
                death = re.search(r"\b(?:death|deaths|toll|muertes|muertos|fallecidos)\b", left, re.I)
                if death:
                    kind = "killed"
            else:
                kind = r.kind_word_kind.get(re.sub(r"\s+", " ", ks[-1].group(0).lower()))
            if kind is not None:
                span_start = min(span_start, tally_left.start())
        lo = max(clause_lo, prev_end)
        if kind is None and (
            r.revision.search(seg, lo, g.range_start)
            or r.inherit.search(seg, lo, g.range_start)
            or tally_left
        ):
            # "initially eight ... later raised to ten", "police put the figure at 338,000":
            # the new figure counts what the previous one, or the subject of the clause, counted
            prev = [f for f in figs if f.end - start <= g.range_start and f.value is not None]
            ks = list(r.kind_right.finditer(seg, clause_lo, g.range_start))
            if ks:
                kind = r.kind_word_kind.get(re.sub(r"\s+", " ", ks[-1].group(0).lower()))
            elif prev:
                kind = prev[-1].kind
        if kind == "crowd" and r.security_head.match(after):
            kind = None  # "4,500 police had been mobilised": forces deployed are not a crowd
        if kind is None:
            continue
        low: int | None
        high: int | None
        if g.high is not None:
            low, high, value, q = g.low, g.high, g.low, "range"
        elif g.vague:
            low, high, value, q = g.low, None, g.low, "vague"
            if qualifier != "exact":
                q = "vague"
        else:
            value, q = g.low, qualifier
            if g.round_noun and q == "exact":
                q = "about"
            low, high = _qual_bounds(q, value)
        add(kind, value, low, high, q, span_start, max(kind_end, g.end))
        # tally?
        is_tally = False
        if kind != "crowd":
            if toll is not None:
                is_tally = toll.tally
            elif tally_left:
                # "the toll from Monday's clashes rose to 18" counts one dated incident
                incident_toll = day_dated and bool(_INCIDENT_TOLL.match(tally_left.group(0)))
                rest = seg[g.end : min(len(seg), g.end + 90)]
                is_tally = not incident_toll or any(p.search(rest) for p in r.tally_right) or sentence_total
            else:
                rest = seg[g.end : min(len(seg), g.end + 90)]
                between = seg[g.end : next_num]
                if next_num < len(seg) and (r.tally_left.search(between) or r.toll_head.search(between)):
                    rest = between  # "con estas dos muertes, suman 53 ... desde": the scope is the 53's
                undated_total = not day_dated and (
                    bool(r.perfect.search(rest))
                    or bool(r.rest_weak_tally.search(_clause_rest(rest, r)))
                    # "the ombudsman counts 60 deaths", "la Defensoría registra 48 muertos"
                    or bool(r.count_verbs.search(seg, max(prev_end, g.range_start - 60), cut))
                )
                is_tally = any(p.search(rest) for p in r.tally_right) or sentence_total or undated_total
        if is_tally:
            sent_lo = max(clause_lo, prev_end)
            sentence = seg[sent_lo : min(len(seg), kind_end + 60)]
            f = figs[-1]
            new_start = min(f.start, start + tally_left.start()) if tally_left and not toll else f.start
            figs[-1] = replace(f, tally=True, subject=_subject(kind, sentence, r), start=new_start)

    # 3. Named victims ("Inti Sotelo, 24, and Bryan Pintado, 22, were shot dead": killed 2).
    for pat in r.named:
        for m in pat.finditer(seg):
            if _overlaps(taken, m.start(), m.end()) or _BREAKDOWN.search(
                seg, max(0, m.start() - 40), m.start()
            ):
                continue
            kw = re.sub(r"\s+", " ", (m.group("kind") or m.group("kind2") or "").lower())
            nkind = _singular_kind(kw)
            count = len(_LIST_ITEM.findall(m.group("names")))
            if nkind is None or count == 0:
                continue
            add(nkind, count, count, count, "exact", m.start(), m.end())

    # 4. Deaths, injuries, arrests with no number ("several were killed", "hubo muertos").
    num_spans = [(n.start - start, n.end - start) for n in nums]
    for ukind, pat in r.unknown:
        for m in pat.finditer(seg):
            if _overlaps(taken, m.start(), m.end()) or _overlaps(num_spans, m.start(), m.end()):
                continue
            add(ukind, None, None, None, "unknown", m.start(), m.end())

    # 5. One person ("a policeman was killed", "murió un manifestante").
    for pat in r.one:
        for m in pat.finditer(seg):
            if _overlaps(taken, m.start(), m.end()) or _BREAKDOWN.search(
                seg, max(0, m.start() - 40), m.start()
            ):
                continue
            kw = re.sub(r"\s+", " ", m.group("kind").lower())
            okind = r.kind_word_kind.get(kw) or r.left_verb_kind.get(kw) or _singular_kind(kw)
            if okind is None or okind == "crowd":
                continue
            add(okind, 1, 1, 1, "exact", m.start(), m.end())

    figs.sort(key=lambda f: f.start)
    return _mark_revisions(text, figs, r)


# a person named inside a breakdown of a figure already given ("the toll includes a police officer who died")
_BREAKDOWN = re.compile(
    r"\b(?:includ(?:e|es|ed|ing)|inclu(?:ye|yen|ía|ido|idos|ida|idas|yendo)|among\s+(?:them|the\s+dead|those)|"
    r"entre\s+(?:ellos|ellas|los\s+muertos|los\s+fallecidos))\b[^.;]{0,25}$",
    re.IGNORECASE,
)

# one item of a list of names: at the start, or after a comma or "and"/"y" (not inside an apposition)
_LIST_ITEM = re.compile(rf"(?:^|,\s*|\b(?:and|y)\s+){_NAME}")


def _singular_kind(word: str) -> str | None:
    if re.match(
        r"(?:died|lost|murió|murieron|falleció|fallecieron|perdi(?:ó|eron)|result(?:[óo]|aron)\s+muert|muert|"
        r"fallecid|fue(?:ron)?\s+(?:asesinad|abatid)|killed|shot\s+dead|murdered|gunned|beaten|fatally)",
        word,
    ):
        return "killed"
    if re.match(
        r"(?:injured|wounded|hurt|result(?:[óo]|aron)\s+(?:herid|lesionad)|quedó\s+herid|fue(?:ron)?\s+herid|"
        r"herid|lesionad)",
        word,
    ):
        return "injured"
    if re.match(r"(?:arrested|detained|fue\s+(?:detenid|arrestad|capturad)|detenid)", word):
        return "arrested"
    return None


_INCREMENT = re.compile(
    r"\b(?:more|another|further|additional|más|otros|otras|nuevos|nuevas)\b", re.IGNORECASE
)


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
            if re.search(r"[.!?]\s+[A-ZÁÉÍÓÚ¿¡]", between):
                break
            before = text[max(0, f.start - 40) : f.start]
            # "two more marchers died, raising the toll ... to 9": the increment is inside the new total
            increment = bool(_INCREMENT.search(text, max(0, f.start - 10), min(g.start, f.end + 12)))
            if r.revision.search(between) or r.revision.search(before) or increment:
                # the final figure keeps the status of the one it revises (incident or tally)
                out[i] = replace(f, revised=True)
                out[j] = replace(g, tally=f.tally, subject=f.subject)
                break
    return out
