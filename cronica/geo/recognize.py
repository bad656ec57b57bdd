"""Finding place names in text: gazetteer matching plus spaCy NER.

Two sources of candidate spans are merged:

* gazetteer matching over the whole text: capitalised word sequences (with the
  connectors of place names: "Madre de Dios", "Isle of Wight") looked up, longest
  first, in the name index. A bare match is kept only when the name is salient (a
  country, a first-level region, a demonym, one of our curated features, or a town of
  some size); small towns need NER's support or a locative cue ("in", "en", "near");
* spaCy NER (GPE/LOC/FAC in English, LOC in Spanish) over the whole text or over the
  given character spans. NER persons veto gazetteer matches inside them ("Paris
  Hilton"); organisations veto all but salient names ("Alexandria Police Department"
  keeps "Alexandria").

"Juliaca, Puno" is two mentions, and the second is remembered as the container of the
first (admin containment for the resolver).

The words these rules lean on (connectors, stop words, locative and cue words, the
phrases that mark an institution's name) are data: ``data/lexicon/toponyms.yaml``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from cronica.geo.gazetteer import CITY, COUNTRY, DEMONYM, PROVINCE, REGION, Gazetteer, normalize
from cronica.geo.proper_names import headline, name_like, name_rules, neighbours, quarter, titled
from cronica.geo.vocabulary import phrases, section, word_set
from cronica.lexicon import all_languages, alternation, load_lexicon

_WORD = re.compile(r"[^\W\d_](?:[\w’'´]|[-.](?=\w))*", re.UNICODE)
_ABBREV_AFTER_COMMA = re.compile(r"(?<=[A-Za-z]),\s+([A-Z][A-Za-z]{0,4}\.(?:\s?[A-Z][a-z]{0,3}\.)*)")
NER_PLACE_LABELS = {"GPE", "LOC", "FAC"}
NER_VETO_LABELS = {"PERSON", "PER", "ORG", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW"}
_PERSON_LABELS = ("PERSON", "PER")
_TRAIL = re.compile(r"(?:['’]s|['’])$")
_CAPITALISED_WORD = r"[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+"
_NEVER = r"(?!x)x"
_LEXICON = "toponyms"
_CUE_KINDS = ("region", "province", "city")  # checked in this order
_MODEL = r"(?:[A-Z]{1,4}-?\d+|\d+(?:[.,]\d+)?-?mm)\b"  # a model code or calibre: "MP-24", "AK-47", "9-mm"
LOCAL = "local"  # flag of a candidate named as a quarter of the report's city
ENGLISH_NAME_RUN = 3  # name words after a place that make it a person's given name in English
_POSSESSIVE = re.compile(r"['’´]s?$")
LARGE_REGION = 1_000_000  # people: a region this large needs a longer run to be a piece of a name
DATELINE = "dateline"  # flag of a candidate that names the report's filing place


@dataclass(frozen=True)
class _Cue:
    """Words that say what kind of place a name is (``cues`` in toponyms.yaml)."""

    kind: str
    before: re.Pattern[str]
    after: re.Pattern[str]
    opens: tuple[str, ...]


@dataclass(frozen=True)
class _Rules:
    """The recogniser's vocabulary (``data/lexicon/toponyms.yaml``), compiled."""

    connectors: frozenset[str]
    lower_openers: frozenset[str]
    demonym_endings: tuple[str, ...]
    stop: frozenset[str]  # includes the words only stopped at the start of a sentence
    stop_only_sentence_initial: frozenset[str]
    vague: frozenset[str]
    locative: re.Pattern[str]
    lead_article: re.Pattern[str]
    admin_end: re.Pattern[str]
    key_prefix: re.Pattern[str]
    key_suffix: re.Pattern[str]
    listing: re.Pattern[str]
    institution: re.Pattern[str]
    in_country: re.Pattern[str]
    comma_container: re.Pattern[str]
    cues: tuple[_Cue, ...]
    metonymy_after: re.Pattern[str]
    metonymy_before: re.Pattern[str]
    make_after: re.Pattern[str]
    make_before: re.Pattern[str]
    of_before: re.Pattern[str]
    feature_words: frozenset[str]


def _words(*path: str) -> str:
    """A regex alternation of a toponyms.yaml word list (one that never matches when empty)."""
    return alternation(phrases(_LEXICON, *path)) or _NEVER


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    """Compile toponyms.yaml once, on first use."""
    articles, of, preps = _words("articles"), _words("of"), _words("in_country", "prepositions")
    initial_only = word_set(_LEXICON, "stop_when_sentence_initial")
    return _Rules(
        connectors=word_set(_LEXICON, "connectors"),
        lower_openers=word_set(_LEXICON, "lower_openers"),
        demonym_endings=tuple(phrases(_LEXICON, "lower_demonym_endings")),
        stop=word_set(_LEXICON, "stop") | initial_only,
        stop_only_sentence_initial=initial_only,
        vague=word_set(_LEXICON, "vague"),
        locative=re.compile(rf"(?:\b(?:{_words('locative')})\s+(?:(?:{articles})\s+)?)$", re.IGNORECASE),
        lead_article=re.compile(rf"^(?:{articles})\s+", re.IGNORECASE),
        admin_end=re.compile(rf"\s(?:{_words('admin_unit_names')})$"),
        key_prefix=re.compile(rf"^(?:{_words('key_prefixes')})\s+"),
        key_suffix=re.compile(rf"\s+(?:{_words('key_suffixes')})$"),
        listing=re.compile(rf",| (?:{_words('conjunctions')}) "),
        institution=_institution_pattern(),
        in_country=_in_country_pattern(preps),
        comma_container=re.compile(rf"\s*,\s*|\s+\(\s*|\s*,\s*(?:(?:{preps})\s+)?"),
        cues=tuple(_cue_rule(kind, of) for kind in _CUE_KINDS),
        metonymy_after=re.compile(
            rf"^\s+(?:(?:{_words('metonymy', 'between')})\s+)?(?:{_words('metonymy', 'verbs_after')})\b",
            re.IGNORECASE,
        ),
        make_after=re.compile(rf"^(?:\s+{_MODEL}|[\s-]+(?:{_words('makes', 'after')})\b)", re.IGNORECASE),
        make_before=re.compile(rf"(?:\b{_MODEL}|\b(?:{_words('makes', 'before')}))\s+$", re.IGNORECASE),
        of_before=re.compile(rf"\b(?:{of}|from|desde)\s+(?:(?:{articles})\s+)?$", re.IGNORECASE),
        feature_words=word_set(_LEXICON, "feature_words"),
        metonymy_before=re.compile(
            rf"\b(?:{_words('metonymy', 'phrases_before')})\s+(?:(?:{articles})\s+)?$", re.IGNORECASE
        ),
    )


def _institution_pattern() -> re.Pattern[str]:
    """Text that, just before a name, makes it part of an institution's name (case-sensitive)."""
    linkers, nouns = _words("institutions", "name_linkers"), _words("institutions", "nouns")
    noun_linkers = _words("institutions", "noun_linkers")
    noun_articles = _words("institutions", "noun_articles")
    return re.compile(
        rf"(?:\b{_CAPITALISED_WORD}\s+(?:{linkers})\s+"
        rf"|\b(?:{nouns})\s+(?:{noun_linkers})\s+(?:(?:{noun_articles})\s+)?)$"
    )


def _in_country_pattern(preps: str) -> re.Pattern[str]:
    """ "in (the) neighbouring", "en (el) vecino": what may stand between a place and its country."""
    words = section(_LEXICON, "in_country")
    modifiers = "|".join(
        rf"(?:(?:{alternation(words['articles'][lang])})\s+)?(?:{alternation(words['adjectives'][lang])})\s+"
        for lang in sorted(words["adjectives"])
    )
    return re.compile(rf"\s+(?:{preps})\s+(?:{modifiers})?", re.IGNORECASE)


def _cue_rule(kind: str, of: str) -> _Cue:
    """The before/after/opening words of one kind of cue."""
    cue = section(_LEXICON, "cues", kind)

    def words(where: str) -> str:
        return alternation(all_languages(cue.get(where) or {})) or _NEVER

    return _Cue(
        kind=kind,
        before=re.compile(rf"(?:\b(?:{words('before')})\s+(?:(?:{of})\s+)?)$", re.IGNORECASE),
        after=re.compile(rf"^\s+(?:{words('after')})\b", re.IGNORECASE),
        opens=tuple(all_languages(cue.get("opens") or {})),
    )


@dataclass
class Candidate:
    """A span that may name a place, before resolution."""

    start: int
    end: int
    text: str
    keys: list[str]  # normalised lookup keys, best first
    entries: list[int]  # gazetteer indices
    ner: str | None = None  # NER label that supports it
    gazetteer: bool = False
    container_of: int | None = None  # index (in the mention list) of the mention it contains
    contained_by: int | None = None
    cue: str | None = None  # "region" | "province" | "city" from the words around it
    inside_org: bool = False
    flags: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class NerSpan:
    start: int
    end: int
    label: str


def _is_cap(word: str) -> bool:
    return word[:1].isupper()


def ner_spans(text: str, lang: str, ranges: Sequence[tuple[int, int]] | None) -> list[NerSpan]:
    """spaCy entities over ``text`` (or only the given character ranges), NER component alone."""
    from cronica.nlp.pipelines import get_nlp, merge_ranges

    nlp = get_nlp(lang)
    chunks = [(0, len(text))] if ranges is None else merge_ranges(ranges, len(text))
    out: list[NerSpan] = []
    with nlp.select_pipes(enable=["ner"]):
        for (offset, _end), doc in zip(chunks, nlp.pipe(text[s:e] for s, e in chunks), strict=True):
            for ent in doc.ents:
                out.append(NerSpan(offset + ent.start_char, offset + ent.end_char, ent.label_))
    return out


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start]
    i = start - 1
    while i >= 0 and text[i] in " \t\"'“‘«(¿¡—-":
        i -= 1
    return i < 0 or text[i] in ".!?\n:" or (before.strip() == "" and i < 0)


def _salient(gaz: Gazetteer, entries: list[int]) -> bool:
    for i in entries:
        f = gaz.features[i]
        if f in (COUNTRY, REGION, DEMONYM) or i in gaz.curated:
            return True
        if f == CITY and gaz.populations[i] >= 100_000:
            return True
    return False


def gazetteer_candidates(text: str, gaz: Gazetteer) -> list[Candidate]:
    """Longest-first matches of the name index over capitalised word sequences."""
    rules = _rules()
    openers, demonym_endings = rules.lower_openers, rules.demonym_endings
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    out: list[Candidate] = []
    i = 0
    while i < len(words):
        w = words[i][2]
        # a name opens with a capital, an opener ("región Puno") or a lower-case demonym ("puneños")
        if not (_is_cap(w) or w.lower() in openers or w.endswith(demonym_endings)):
            i += 1
            continue
        best = _longest_match(text, gaz, words, i, rules)
        if best is None:
            i += 1
            continue
        j, key, entries = best
        s, e = words[i][0], words[j][1]
        out.append(Candidate(start=s, end=e, text=text[s:e], keys=[key], entries=entries, gazetteer=True))
        i = j + 1
    return out


def _longest_match(
    text: str, gaz: Gazetteer, words: Sequence[tuple[int, int, str]], i: int, rules: _Rules
) -> tuple[int, str, list[int]] | None:
    """The longest name starting at word ``i``: (index of its last word, key, entries), or None."""
    w = words[i][2]
    lower_open = w.lower() in rules.lower_openers
    connectors = rules.connectors
    for j in range(min(len(words), i + gaz.max_words) - 1, i - 1, -1):
        last = words[j][2]
        if not (_is_cap(last) or j == i):
            continue
        if any(not _is_cap(words[k][2]) and words[k][2].lower() not in connectors for k in range(i + 1, j)):
            continue
        if any(text[words[k][1] : words[k + 1][0]].strip(" -–") for k in range(i, j)):
            continue  # punctuation between words breaks a name
        key = normalize(text[words[i][0] : words[j][1]])
        entries = gaz.lookup_key(key)
        if not entries:
            continue
        if not _is_cap(w) and not _is_cap(last) and not all(gaz.features[x] == DEMONYM for x in entries):
            continue
        if not _is_cap(w) and lower_open and j == i:
            continue
        return j, key, entries
    return None


def _keys_for(surface: str) -> list[str]:
    """Lookup keys for an NER span: as written, without "the"/"'s", without admin words."""
    rules = _rules()
    keys = []
    s = _TRAIL.sub("", rules.lead_article.sub("", surface.strip()))
    for form in (surface, s):
        k = normalize(form)
        if k and k not in keys:
            keys.append(k)
    k = normalize(s)
    for pat in (rules.key_prefix, rules.key_suffix):
        k2 = pat.sub("", k)
        if k2 and k2 not in keys:
            keys.append(k2)
    return keys


def recognize(
    text: str,
    gaz: Gazetteer,
    ner: Sequence[NerSpan],
    lang: str = "en",
) -> list[Candidate]:
    """Merge NER spans and gazetteer matches into non-overlapping place candidates (``lang``, the
    report's language, tells how its proper names are built: see ``_name_piece``)."""
    veto = [x for x in ner if x.label in NER_VETO_LABELS]
    # 1. NER place spans, split at commas ("Juliaca, Puno").
    places = _ner_candidates(text, gaz, ner)
    # 2. Gazetteer matches not already covered by an NER place span.
    gaz_cands = gazetteer_candidates(text, gaz)
    _split_unresolved(text, gaz, places, gaz_cands)
    for cand in gaz_cands:
        if _keep_gazetteer_match(text, gaz, cand, places, veto):
            places.append(cand)
    # 3. Filters, context-only abbreviations, repeated names, containment and cues.
    return _complete(text, gaz, places, veto, lang)


def _ner_candidates(text: str, gaz: Gazetteer, ner: Sequence[NerSpan]) -> list[Candidate]:
    """The NER place (and NORP) spans that survive as candidates, split at commas."""
    out: list[Candidate] = []
    for span in ner:
        if span.label not in NER_PLACE_LABELS and span.label != "NORP":
            continue
        for ps, pe in _split_commas(text, span.start, span.end):
            cand = _ner_candidate(text, gaz, span.label, ps, pe)
            if cand is not None:
                out.append(cand)
    return out


def _ner_candidate(text: str, gaz: Gazetteer, label: str, start: int, end: int) -> Candidate | None:
    """One piece of an NER span as a candidate, or None when it is not a usable place name."""
    surface = text[start:end]
    keys = _keys_for(surface)
    entries = _ner_entries(gaz, surface, keys, label)
    if entries is None or (keys and keys[-1] in _rules().vague):
        return None
    if label == "FAC" and not entries:
        return None  # unresolved buildings and streets: too noisy
    if entries and _inside_institution(text, start) and not _country_or_curated(gaz, entries):
        return None  # "the National University of San Marcos": part of a name, not a place
    if not any(ch.isupper() for ch in surface) and not all(gaz.features[e] == DEMONYM for e in entries):
        return None  # "desde hace días": a lower-case word is a place only as a demonym ("puneños")
    return Candidate(start, end, surface, keys, entries, ner=label)


def _ner_entries(gaz: Gazetteer, surface: str, keys: list[str], label: str) -> list[int] | None:
    """Gazetteer entries of an NER span (the first key that has any, else a state abbreviation);
    None for a NORP span that names no demonym or country."""
    entries: list[int] = []
    for k in keys:
        entries = gaz.lookup_key(k)
        if entries:
            break
    if label == "NORP":
        entries = [e for e in entries if gaz.features[e] in (DEMONYM, COUNTRY)]
        if not entries:
            return None
    compact = surface.replace(" ", "")
    if not entries and compact in gaz.abbrevs:
        entries = [gaz.abbrevs[compact]]
    return entries


def _split_unresolved(text: str, gaz: Gazetteer, places: list[Candidate], gaz_cands: list[Candidate]) -> None:
    """An NER span that did not resolve as a whole ("Junín y Huánuco") gives way to the
    gazetteer's pieces of it, which take its label."""
    rules = _rules()
    for ner_cand in [c for c in places if not c.entries]:
        # a listing ("Junín y Huánuco") gives all its pieces; one long name ("Gobierno de Iván
        # Duque", "Tongoy Beach", "Puerto Resistencia") only salient ones no other name runs into
        listing = rules.listing.search(ner_cand.text) is not None
        pieces = [
            g
            for g in gaz_cands
            if ner_cand.start <= g.start
            and g.end <= ner_cand.end
            and g.keys[0] not in rules.vague
            and (listing or _own_piece(text, gaz, ner_cand.start, g))
            and not (_inside_institution(text, g.start) and not _admin_or_curated(gaz, g.entries))
        ]
        if pieces:
            places.remove(ner_cand)
            for g in pieces:
                g.ner = ner_cand.ner
                places.append(g)


def _own_piece(text: str, gaz: Gazetteer, span_start: int, g: Candidate) -> bool:
    """Whether a name inside a longer unresolved one stands for itself: when it opens the span
    ("the Titus County Jail"), follows a compass or feature word ("South Florida", "Lake
    Hartwell"), or is salient and no other name runs into it ("Cali" in "sur de Cali"); not
    "Resistencia" in "Puerto Resistencia", nor "Duque" in "Gobierno de Iván Duque"."""
    rules = _rules()
    before = text[span_start : g.start].split()
    loose = rules.vague | rules.feature_words
    capitals = [w for w in before if _is_cap(w) and w.lower() not in loose]
    if not capitals:
        return True
    return not _is_cap(before[-1]) and _salient(gaz, g.entries)


def _keep_gazetteer_match(
    text: str, gaz: Gazetteer, cand: Candidate, places: list[Candidate], veto: Sequence[NerSpan]
) -> bool:
    """Whether a gazetteer match joins the places (and mark it when it lies inside a vetoing span)."""
    if any(c is cand for c in places) or _overlaps(cand.start, cand.end, places):
        return False
    v = next((x for x in veto if x.start <= cand.start and cand.end <= x.end), None)
    # "Anderson County Sheriff", "the Edgar County Community Foundation": a county is a place
    salient = _salient(gaz, cand.entries) or _rules().admin_end.search(cand.text) is not None
    if v is not None and not _survives_veto(text, gaz, cand, v, salient):
        return False
    if _inside_institution(text, cand.start) and not _admin_or_curated(gaz, cand.entries):
        return False  # "Defensoría del Pueblo", "Banco de la Nación": a town name inside an institution
    if _ordinary_word(text, gaz, cand):
        return False
    if not salient and not _rules().locative.search(text[max(0, cand.start - 30) : cand.start]):
        return False
    cand.inside_org = v is not None
    return True


def _survives_veto(text: str, gaz: Gazetteer, cand: Candidate, v: NerSpan, salient: bool) -> bool:
    """A match inside a person or organisation span is kept only when salient; inside a person,
    only as an item of a listing or when it is the whole span and a country or region."""
    if not salient:
        return False
    if v.label not in _PERSON_LABELS:
        return True
    # spaCy's small models often tag lone region names as persons ("Huanuco")
    listing = _rules().listing.search(text[v.start : v.end]) is not None
    alone = (v.start, v.end) == (cand.start, cand.end)
    admin = any(gaz.features[e] in (COUNTRY, REGION) or e in gaz.curated for e in cand.entries)
    return listing or (alone and admin)


def _ordinary_word(text: str, gaz: Gazetteer, cand: Candidate) -> bool:
    """A vague or stop word, or a sentence-initial word the text also uses in lower case."""
    rules = _rules()
    key = cand.keys[0]
    if key in rules.vague:
        return True
    initial = _sentence_initial(text, cand.start)
    caps_country = cand.text.isupper() and any(gaz.features[e] == COUNTRY for e in cand.entries)
    if key in rules.stop and (initial or key not in rules.stop_only_sentence_initial) and not caps_country:
        return True
    return initial and _common_word(text, cand.text)


def _complete(
    text: str, gaz: Gazetteer, places: list[Candidate], veto: Sequence[NerSpan], lang: str
) -> list[Candidate]:
    """Drop ordinary words, add state abbreviations and repeated names, sort, link containment
    and read the cue words."""
    surnames = _person_words(text, veto)
    places = [
        c
        for c in places
        if normalize(c.text) not in _not_places()
        and not _acronym(text, gaz, c)
        and not _person_name(gaz, c, surnames)
    ]
    places.extend(_state_abbreviations(text, gaz, places))
    places.extend(_same_name_again(text, places, veto))
    places = [c for c in places if not _metonymy(text, gaz, c) and not _make(text, gaz, c)]
    places.sort(key=lambda c: c.start)
    # a name after a title is a person's, so no place a surname could follow ("Mayor Carolina Vargas")
    starts = frozenset(c.start for c in places if not titled(text, c.start))
    places = [c for c in places if not _name_piece(text, gaz, c, starts, lang)]
    _link_containment(text, places, gaz)
    for c in places:
        c.cue = _cue(text, c)
        if quarter(text, c.start, c.end):
            c.flags.add(LOCAL)
    return places


def _name_piece(text: str, gaz: Gazetteer, c: Candidate, starts: frozenset[int], lang: str) -> bool:
    """A piece of a longer proper name, a person's ("Claudia Ines Canjura", "Sanchez Flores", "Sra.
    Mercedes"): the rules of :mod:`cronica.geo.proper_names`. ``starts``: where the report's
    candidates start (a place before a place is no given name: "Decatur McLean County")."""
    kinds = {gaz.features[e] for e in c.entries}
    if not kinds or DEMONYM in kinds:
        return False
    if titled(text, c.start):
        return True
    if headline(text, c.start):
        return False
    # in Spanish a given name may itself be a place ("Carolina Flores"); in English a place before
    # a place is a container or an organisation's seat ("Decatur McLean County Coroner")
    before = _words_before(text, gaz, c, frozenset() if lang == "es" else starts)
    after = _words_after(text, gaz, c)
    # English names organisations after places ("Madison County Health Department", "Dublin
    # Historical Society"): after the name, only a run of three name words is a person's name there
    # ("Claudia Ines Canjura Guillen"), or the rest of a name a given name opens ("Carlos Mauricio
    # Guzman"); Spanish does not put a place before a noun ("Mercedes Pérez")
    after = after if after >= ENGLISH_NAME_RUN or lang == "es" or before else 0
    # a country or a large region needs a longer run ("Carlos Mauricio Guzman Aguilar": "Mauricio" is
    # no Mauritius; "Peru Libre" still names Peru)
    large = any(gaz.features[e] == REGION and gaz.populations[e] >= LARGE_REGION for e in c.entries)
    return before + after >= (2 if COUNTRY in kinds or large else 1)


def _words_before(text: str, gaz: Gazetteer, c: Candidate, starts: frozenset[int]) -> int:
    """How many name-like words run on from the candidate to the left (at most 3), stopping at a
    word that is itself a place candidate."""
    rules = name_rules()
    start, n = c.start, 0
    while n < 3:
        word, _ = neighbours(text, start, start)
        if word is None or not name_like(text, word, rules) or _contains(gaz, word, c):
            return n
        if _POSSESSIVE.search(word):
            return n  # "Warden's Memphis Street", "Cambridge's Chesterton": an owner, not a given name
        start = len(text[:start].rstrip(" \t")) - len(word)
        if start in starts:
            return n
        n += 1
    return n


def _words_after(text: str, gaz: Gazetteer, c: Candidate) -> int:
    """How many name-like words follow the candidate (at most 4); none when the capitalised run
    after it holds a title, office or organisation word (it is an organisation's name)."""
    rules = name_rules()
    end, n = c.end, 0
    while n < 4:
        _, word = neighbours(text, end, end)
        if word is None or not word[:1].isupper():
            return n
        if not name_like(text, word, rules) or _contains(gaz, word, c):
            return 0 if _POSSESSIVE.sub("", word).lower() in rules.not_name else n
        end = end + len(text[end:]) - len(text[end:].lstrip(" \t")) + len(word)
        n += 1
    return n


def _contains(gaz: Gazetteer, word: str, c: Candidate) -> bool:
    """A word that names a country or first-level region holding one of the candidate's readings
    ("Atlanta Georgia": a container, not a surname)."""
    held = {(gaz.country_codes[e], gaz.admin1s[e]) for e in c.entries}
    codes = {cc for cc, _ in held}
    for e in gaz.lookup_key(normalize(word)):
        cc = gaz.country_codes[e]
        if (gaz.features[e] == COUNTRY and cc in codes) or (
            gaz.features[e] == REGION and (cc, gaz.admin1s[e]) in held
        ):
            return True
    return False


def _acronym(text: str, gaz: Gazetteer, c: Candidate) -> bool:
    """A single letter or a short all-capital word ("X", "URI", "PISA") that is no country's
    abbreviation and does not open a line (a dateline: "LIMA (AFP)") is an acronym."""
    surface = c.text
    if not (surface.isupper() and surface.isalpha() and len(surface) <= 4):
        return False
    # two capitals may be a state's postal code ("KY 52", "Austin, TX")
    keep = (COUNTRY, DEMONYM, REGION) if len(surface) == 2 else (COUNTRY, DEMONYM)
    if surface in gaz.abbrevs or any(gaz.features[e] in keep for e in c.entries):
        return False
    line_start = c.start == 0 or text[: c.start].rstrip(" \t").endswith("\n")
    return len(surface) == 1 or not line_start


def _person_words(text: str, veto: Sequence[NerSpan]) -> frozenset[str]:
    """The surnames of the report's person names: every capitalised word of a person span of two
    or more ("Iván Duque", "Rex Kanyike Masai") but the first. One-word person spans are left out:
    the small models call lone town names persons now and then ("Cornwall and Kent")."""
    surnames: set[str] = set()
    for x in veto:
        if x.label in _PERSON_LABELS:
            words = [w for w in _WORD.findall(text[x.start : x.end]) if _is_cap(w)]
            surnames.update(words[1:])
    return frozenset(surnames)


def _person_name(gaz: Gazetteer, c: Candidate, surnames: frozenset[str]) -> bool:
    """One sense per discourse for people: a one-word name that NER reads as a surname somewhere
    in the report ("Luis Arce", "Daniel Ortega") is not a town elsewhere in it, unless it is a
    country or a first-level region, or a large town that NER itself calls a place there."""
    if " " in c.text or c.text not in surnames:
        return False
    if any(gaz.features[e] in (COUNTRY, REGION, DEMONYM) for e in c.entries):
        return False
    return c.ner not in NER_PLACE_LABELS or not _salient(gaz, c.entries)


def _metonymy(text: str, gaz: Gazetteer, c: Candidate) -> bool:
    """A city speaking for its government ("Moscow said", "support from Brussels"); never a country."""
    if not c.entries or any(gaz.features[e] in (COUNTRY, DEMONYM) for e in c.entries):
        return False
    rules = _rules()
    before = text[max(0, c.start - 40) : c.start]
    if rules.metonymy_before.search(before):
        return True
    # "a man from Brampton said", "crews in Hutchinson responded": the verb's subject is someone else
    placed = rules.locative.search(before) or rules.of_before.search(before)
    return not placed and rules.metonymy_after.match(text[c.end : c.end + 30]) is not None


def _make(text: str, gaz: Gazetteer, c: Candidate) -> bool:
    """A demonym that tells an object's make ("Romanian MP-24 submachineguns", "Hungarian-made",
    "de fabricación rusa"): no place, and no country named for the places abroad."""
    if not c.entries or any(gaz.features[e] != DEMONYM for e in c.entries):
        return False
    rules = _rules()
    return bool(
        rules.make_after.match(text[c.end : c.end + 30])
        or rules.make_before.search(text[max(0, c.start - 30) : c.start])
    )


@lru_cache(maxsize=1)
def _not_places() -> frozenset[str]:
    """Ordinary words that are also town names (data/lexicon/not_places.yaml), normalised."""
    return frozenset(normalize(w) for w in all_languages(load_lexicon("not_places")))


def _country_or_curated(gaz: Gazetteer, entries: Sequence[int]) -> bool:
    return any(gaz.features[e] == COUNTRY or e in gaz.curated for e in entries)


def _admin_or_curated(gaz: Gazetteer, entries: Sequence[int]) -> bool:
    return any(gaz.features[e] in (COUNTRY, REGION) or e in gaz.curated for e in entries)


def _inside_institution(text: str, start: int) -> bool:
    """The name follows "Capitalised del/de la" or "University of": it is part of an institution's name.

    Spanish names institutions after common nouns that are also towns somewhere
    ("Defensoría del Pueblo", "Banco de la Nación"); NER often tags them MISC, which
    does not veto a gazetteer match.
    """
    return _rules().institution.search(text[max(0, start - 40) : start]) is not None


def _overlaps(start: int, end: int, places: Sequence[Candidate]) -> bool:
    return any(c.start < end and start < c.end for c in places)


def _state_abbreviations(text: str, gaz: Gazetteer, places: Sequence[Candidate]) -> list[Candidate]:
    """ "Paris, Ill.": abbreviations that are also words count only after "Name, " with their dot."""
    out: list[Candidate] = []
    for m in _ABBREV_AFTER_COMMA.finditer(text):
        surface = m.group(1)
        hit = gaz.abbrevs.get(surface.replace(" ", ""))
        if hit is None or _overlaps(m.start(1), m.end(1), places):
            continue
        out.append(Candidate(m.start(1), m.end(1), surface, [normalize(surface)], [hit], gazetteer=True))
    return out


def _same_name_again(text: str, places: Sequence[Candidate], veto: Sequence[NerSpan]) -> list[Candidate]:
    """One sense per discourse: a name taken as a place once is a place at its other
    occurrences too, where NER missed it or called it a person or an organisation
    ("the Gainesville sewer system"), but not inside a longer person's name."""
    rules = _rules()
    out: list[Candidate] = []
    seen: set[str] = set()
    for c in places:
        if not c.entries or c.text in seen or not c.text[:1].isupper():
            continue
        if c.keys[0] in rules.stop or c.keys[0] in rules.vague:
            continue
        if all(len(k) < 3 for k in c.keys):
            continue
        seen.add(c.text)
        for m in re.finditer(rf"(?<![\w.]){re.escape(c.text)}(?![\w])", text):
            s, e = m.start(), m.end()
            if _overlaps(s, e, places) or _overlaps(s, e, out):
                continue
            v = next((x for x in veto if x.start <= s and e <= x.end), None)
            if v is not None and v.label in _PERSON_LABELS and (v.start, v.end) != (s, e):
                continue
            out.append(
                Candidate(
                    s, e, c.text, list(c.keys), list(c.entries), gazetteer=True, inside_org=v is not None
                )
            )
    return out


def _common_word(text: str, surface: str) -> bool:
    """A sentence-initial capitalised word that also appears in lower case in the text."""
    if " " in surface:
        return False
    return re.search(rf"\b{re.escape(surface.lower())}\b", text) is not None


def _split_commas(text: str, start: int, end: int) -> list[tuple[int, int]]:
    parts = []
    pos = start
    for m in re.finditer(r",\s*", text[start:end]):
        parts.append((pos, start + m.start()))
        pos = start + m.end()
    parts.append((pos, end))
    return [(s, e) for s, e in parts if e > s]


def _link_containment(text: str, places: list[Candidate], gaz: Gazetteer) -> None:
    """ "A, B" where B is a region/country/province, or "A in (neighbouring) B" where B is a
    country: B contains A."""
    rules = _rules()
    for a, b in itertools.pairwise(places):
        between = text[a.end : b.start]
        if rules.comma_container.fullmatch(between):
            kinds: tuple[str, ...] = (COUNTRY, REGION, PROVINCE)
        elif rules.in_country.fullmatch(between):
            kinds = (COUNTRY,)  # "El Alto in neighbouring Bolivia": only a country is safe after "in"
        else:
            continue
        if any(gaz.features[e] in kinds for e in b.entries):
            a.contained_by = places.index(b)
            b.container_of = places.index(a)


def _cue(text: str, c: Candidate) -> str | None:
    """ "region", "province" or "city" when the words around the name (or its first word) say so."""
    before = text[max(0, c.start - 25) : c.start]
    after = text[c.end : c.end + 20]
    low = c.text.lower()
    for cue in _rules().cues:
        if cue.before.search(before) or cue.after.match(after) or low.startswith(cue.opens):
            return cue.kind
    return None
