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
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from cronica.geo.gazetteer import CITY, COUNTRY, DEMONYM, PROVINCE, REGION, Gazetteer, normalize
from cronica.lexicon import all_languages, load_lexicon

_WORD = re.compile(r"[^\W\d_](?:[\w’'´]|[-.](?=\w))*", re.UNICODE)
_CONNECTORS = frozenset(
    [
        "de",
        "del",
        "la",
        "las",
        "los",
        "el",
        "y",
        "of",
        "the",
        "upon",
        "on",
        "en",
        "da",
        "do",
        "dos",
        "das",
        "di",
        "du",
        "des",
        "le",
        "sur",
        "norte",
    ]
)
# Lower-case words that may open a curated name ("región Puno", "mina Las Bambas").
_LOWER_OPENERS = frozenset(
    [
        "región",
        "region",
        "provincia",
        "departamento",
        "mina",
        "aeropuerto",
        "carretera",
        "paso",
        "complejo",
        "puente",
        "distrito",
        "proyecto",
    ]
)
_LOCATIVE = re.compile(
    r"(?:\b(?:in|at|near|outside|from|to|into|across|towards?|around|en|cerca\s+de|desde|hacia|hasta|"
    r"por|ciudad\s+de|town\s+of|city\s+of|village\s+of|distrito\s+de|provincia\s+de|región|region)\s+"
    r"(?:the\s+|el\s+|la\s+|los\s+|las\s+)?)$",
    re.IGNORECASE,
)
# Capitalised words that are place names somewhere but, in news copy, are almost always
# something else. Only consulted for gazetteer matches without NER support.
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "he",
        "her",
        "his",
        "i",
        "if",
        "in",
        "is",
        "it",
        "its",
        "me",
        "my",
        "no",
        "not",
        "of",
        "on",
        "or",
        "our",
        "she",
        "so",
        "that",
        "the",
        "their",
        "them",
        "they",
        "this",
        "to",
        "up",
        "us",
        "we",
        "who",
        "you",
        "your",
        "all",
        "any",
        "can",
        "day",
        "may",
        "march",
        "june",
        "july",
        "august",
        "april",
        "police",
        "mayor",
        "president",
        "governor",
        "minister",
        "government",
        "congress",
        "state",
        "city",
        "county",
        "school",
        "university",
        "church",
        "street",
        "road",
        "avenue",
        "court",
        "center",
        "centre",
        "union",
        "hope",
        "independence",
        "liberty",
        "victoria",
        "paz",
        "este",
        "sur",
        "norte",
        "oeste",
        "central",
        "national",
        "man",
        "men",
        "women",
        "woman",
        "people",
        "new",
        "old",
        "north",
        "south",
        "east",
        "west",
        "san",
        "santa",
        "saint",
        "mount",
        "lake",
        "river",
        "park",
        "beach",
        "island",
        "valley",
        "hill",
        "springs",
        "falls",
        "hall",
        "home",
        "office",
        "news",
        "post",
        "times",
        "daily",
        "sun",
        "star",
        "press",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "september",
        "october",
        "november",
        "december",
        "el",
        "la",
        "los",
        "las",
        "de",
        "del",
        "y",
        "o",
        "en",
        "con",
        "por",
        "para",
        "un",
        "una",
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
        "presidente",
        "gobierno",
        "policía",
        "ministro",
        "ministerio",
        "congreso",
        "estado",
        "ciudad",
        "calle",
        "plaza",
        "defensoría",
        "fiscalía",
        "republican",
        "democrat",
        "democrats",
        "republicans",
        "god",
        "christ",
        "jesus",
        "obama",
        "bush",
        "clinton",
        "trump",
        "lincoln",
        "washington",
        "jackson",
        "jefferson",
        "franklin",
        "madison",
        "hamilton",
        "grant",
        "lee",
        "young",
        "king",
        "chase",
        "wells",
        "hand",
        "bank",
        "banks",
        "price",
        "cherry",
        "marion",
        "florence",
        "orange",
        "jordan",
        "georgia",
        "chad",
        "guinea",
        "turkey",
        "china",
        "japan",
        "first",
        "second",
        "third",
        "region",
        "act",
        "ii",
        "iii",
        "iv",
        "v",
        "vi",
        "city",
        "park",
        "christmas",
        "ripley",
    ]
)
# ... except the country/state names, which we want when spelt with a capital mid-sentence.
_STOP_UNLESS_MIDSENTENCE = frozenset(
    ["washington", "jordan", "georgia", "chad", "guinea", "turkey", "china", "japan"]
)
# Bare compass words and region adjectives: never a place on their own ("the South",
# "Western Pennsylvania" is Pennsylvania), whatever NER or the gazetteer say.
_VAGUE = frozenset(
    [
        "south",
        "north",
        "east",
        "west",
        "western",
        "eastern",
        "northern",
        "southern",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "central",
        "metro",
        "downtown",
        "uptown",
        "midtown",
        "federal",
        "center",
        "centre",
        "court",
        "port",
        "street",
        "police",
        "free",
        "day",
        "sur",
        "norte",
        "este",
        "oeste",
        "centro",
    ]
)
_ABBREV_AFTER_COMMA = re.compile(r"(?<=[A-Za-z]),\s+([A-Z][A-Za-z]{0,4}\.(?:\s?[A-Z][a-z]{0,3}\.)*)")
_ADMIN_END = re.compile(r"\s(?:County|Parish|Province|Provincia|Department|Borough)$")
NER_PLACE_LABELS = {"GPE", "LOC", "FAC"}
NER_VETO_LABELS = {"PERSON", "PER", "ORG", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW"}
_TRAIL = re.compile(r"(?:['’]s|['’])$")
_LEAD = re.compile(r"^(?:the|el|la|los|las)\s+", re.IGNORECASE)
_REGION_CUE_BEFORE = re.compile(
    r"(?:\b(?:región|region|departamento|department|regional|state|estado)\s+(?:de\s+|of\s+)?)$", re.I
)
_REGION_CUE_AFTER = re.compile(r"^\s+(?:region|regi[oó]n|department|state|departamento)\b", re.I)
_PROVINCE_CUE_BEFORE = re.compile(r"(?:\b(?:provincia|province|county|condado)\s+(?:de\s+|of\s+)?)$", re.I)
_PROVINCE_CUE_AFTER = re.compile(r"^\s+(?:province|provincia|county|parish)\b", re.I)
_CITY_CUE = re.compile(
    r"(?:\b(?:ciudad|city|town|village|pueblo|distrito|district)\s+(?:de\s+|of\s+)?)$", re.I
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
    from cronica.nlp.pipelines import get_nlp

    nlp = get_nlp(lang)
    chunks = [(0, len(text))] if ranges is None else _merge_ranges(ranges, len(text))
    out: list[NerSpan] = []
    with nlp.select_pipes(enable=["ner"]):
        for (offset, _end), doc in zip(chunks, nlp.pipe(text[s:e] for s, e in chunks), strict=True):
            for ent in doc.ents:
                out.append(NerSpan(offset + ent.start_char, offset + ent.end_char, ent.label_))
    return out


def _merge_ranges(ranges: Sequence[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted((max(0, s), min(n, e)) for s, e in ranges):
        if e <= s:
            continue
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


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
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    out: list[Candidate] = []
    i = 0
    n = len(words)
    while i < n:
        s, _e, w = words[i]
        lower_open = w.lower() in _LOWER_OPENERS
        if not (_is_cap(w) or lower_open or _maybe_lower_demonym(w)):
            i += 1
            continue
        best: tuple[int, str, list[int]] | None = None
        j_max = min(n, i + gaz.max_words)
        for j in range(j_max - 1, i - 1, -1):
            last = words[j][2]
            if not (_is_cap(last) or j == i):
                continue
            if any(
                not _is_cap(words[k][2]) and words[k][2].lower() not in _CONNECTORS for k in range(i + 1, j)
            ):
                continue
            if any(text[words[k][1] : words[k + 1][0]].strip(" -–") for k in range(i, j)):
                continue  # punctuation between words breaks a name
            surface = text[s : words[j][1]]
            key = normalize(surface)
            entries = gaz.lookup_key(key)
            if not entries:
                continue
            if not _is_cap(w) and not _is_cap(last) and not all(gaz.features[x] == DEMONYM for x in entries):
                continue
            if not _is_cap(w) and lower_open and j == i:
                continue
            best = (j, key, entries)
            break
        if best is None:
            i += 1
            continue
        j, key, entries = best
        out.append(
            Candidate(
                start=s,
                end=words[j][1],
                text=text[s : words[j][1]],
                keys=[key],
                entries=entries,
                gazetteer=True,
            )
        )
        i = j + 1
    return out


def _maybe_lower_demonym(word: str) -> bool:
    return word.endswith(
        ("eño", "eña", "eños", "eñas", "ano", "anos", "ana", "anas", "ino", "inos", "aco", "acos")
    )


def _keys_for(surface: str) -> list[str]:
    """Lookup keys for an NER span: as written, without "the"/"'s", without admin words."""
    keys = []
    s = _TRAIL.sub("", _LEAD.sub("", surface.strip()))
    for form in (surface, s):
        k = normalize(form)
        if k and k not in keys:
            keys.append(k)
    k = normalize(s)
    for pat in (
        r"^(?:province of|provincia de|region of|región de|departamento de|department of|city of|ciudad de|"
        r"distrito de|district of|county of|town of|state of|estado de)\s+",
        r"\s+(?:region|province|department|county|city|district|state|area|town|village)$",
    ):
        k2 = re.sub(pat, "", k)
        if k2 and k2 not in keys:
            keys.append(k2)
    return keys


def recognize(
    text: str,
    gaz: Gazetteer,
    ner: Sequence[NerSpan],
) -> list[Candidate]:
    """Merge NER spans and gazetteer matches into non-overlapping place candidates."""
    places: list[Candidate] = []
    veto = [x for x in ner if x.label in NER_VETO_LABELS]
    ner_places = [x for x in ner if x.label in NER_PLACE_LABELS or x.label == "NORP"]
    covered: list[tuple[int, int]] = []

    # 1. NER place spans, split at commas ("Juliaca, Puno").
    for span in ner_places:
        for ps, pe in _split_commas(text, span.start, span.end):
            surface = text[ps:pe]
            keys = _keys_for(surface)
            entries: list[int] = []
            for k in keys:
                entries = gaz.lookup_key(k)
                if entries:
                    break
            if span.label == "NORP":
                entries = [e for e in entries if gaz.features[e] in (DEMONYM, COUNTRY)]
                if not entries:
                    continue
            if not entries and surface.replace(" ", "") in gaz.abbrevs:
                entries = [gaz.abbrevs[surface.replace(" ", "")]]
            if keys and keys[-1] in _VAGUE:
                continue
            if span.label == "FAC" and not entries:
                continue  # unresolved buildings and streets: too noisy
            if entries and _inside_institution(text, ps) and not _country_or_curated(gaz, entries):
                continue  # "the National University of San Marcos": part of a name, not a place
            if not entries and not any(ch.isupper() for ch in surface):
                continue
            places.append(Candidate(ps, pe, surface, keys, entries, ner=span.label))
            covered.append((ps, pe))

    # 2. Gazetteer matches not already covered by an NER place span. An NER span that did
    # not resolve as a whole ("Junín y Huánuco") gives way to the gazetteer's pieces of it.
    gaz_cands = gazetteer_candidates(text, gaz)
    for ner_cand in [c for c in places if not c.entries]:
        pieces = [
            g
            for g in gaz_cands
            if ner_cand.start <= g.start
            and g.end <= ner_cand.end
            and g.keys[0] not in _VAGUE
            and not (_inside_institution(text, g.start) and not _admin_or_curated(gaz, g.entries))
        ]
        if pieces:
            places.remove(ner_cand)
            for g in pieces:
                g.ner = ner_cand.ner
                places.append(g)
    for cand in gaz_cands:
        if any(c is cand for c in places):
            continue
        inside = next((c for c in places if c.start <= cand.start and cand.end <= c.end), None)
        if inside is not None:
            continue
        if any(c.start < cand.end and cand.start < c.end for c in places):
            continue
        v = next((x for x in veto if x.start <= cand.start and cand.end <= x.end), None)
        # "Anderson County Sheriff", "the Edgar County Community Foundation": a county is a place
        salient = _salient(gaz, cand.entries) or _ADMIN_END.search(cand.text) is not None
        if v is not None and v.label in ("PERSON", "PER"):
            # spaCy's small models often tag lone region names as persons ("Huanuco")
            listing = re.search(r",| y | and ", text[v.start : v.end]) is not None
            alone = (v.start, v.end) == (cand.start, cand.end)
            admin = any(gaz.features[e] in (COUNTRY, REGION) or e in gaz.curated for e in cand.entries)
            if not ((listing and salient) or (alone and admin)):
                continue
        if v is not None and not salient:
            continue
        if _inside_institution(text, cand.start) and not _admin_or_curated(gaz, cand.entries):
            continue  # "Defensoría del Pueblo", "Banco de la Nación": a town name inside an institution
        key = cand.keys[0]
        initial = _sentence_initial(text, cand.start)
        if key in _VAGUE:
            continue
        caps_country = cand.text.isupper() and any(gaz.features[e] == COUNTRY for e in cand.entries)
        if key in _STOP and (initial or key not in _STOP_UNLESS_MIDSENTENCE) and not caps_country:
            continue
        if initial and _common_word(text, cand.text):
            continue
        if not salient and not _LOCATIVE.search(text[max(0, cand.start - 30) : cand.start]):
            continue
        cand.inside_org = v is not None
        places.append(cand)

    places = [c for c in places if normalize(c.text) not in _not_places()]
    places.extend(_state_abbreviations(text, gaz, places))
    places.extend(_same_name_again(text, places, veto))
    places.sort(key=lambda c: c.start)
    _link_containment(text, places, gaz)
    for c in places:
        c.cue = _cue(text, c)
    return places


_INSTITUTION_OF = re.compile(
    r"(?:\b[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+\s+(?:del|de\s+la|de\s+los|de\s+las)\s+"
    r"|\b(?:University|Universidad|Bank|Banco|College|Institute|Instituto|Church|Hospital|Ministry)"
    r"\s+(?:of|de)\s+(?:the\s+)?)$"
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
    return _INSTITUTION_OF.search(text[max(0, start - 40) : start]) is not None


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
    out: list[Candidate] = []
    seen: set[str] = set()
    for c in places:
        if not c.entries or c.text in seen or not c.text[:1].isupper() or c.keys[0] in _STOP | _VAGUE:
            continue
        if all(len(k) < 3 for k in c.keys):
            continue
        seen.add(c.text)
        for m in re.finditer(rf"(?<![\w.]){re.escape(c.text)}(?![\w])", text):
            s, e = m.start(), m.end()
            if _overlaps(s, e, places) or _overlaps(s, e, out):
                continue
            v = next((x for x in veto if x.start <= s and e <= x.end), None)
            if v is not None and v.label in ("PERSON", "PER") and (v.start, v.end) != (s, e):
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


_IN_COUNTRY = re.compile(
    r"\s+(?:in|en)\s+(?:(?:the\s+)?(?:neighbou?ring|nearby|southern|northern|eastern|western)\s+"
    r"|(?:la\s+|el\s+)?(?:vecina|vecino)\s+)?",
    re.IGNORECASE,
)


def _link_containment(text: str, places: list[Candidate], gaz: Gazetteer) -> None:
    """ "A, B" where B is a region/country/province, or "A in (neighbouring) B" where B is a
    country: B contains A."""
    for a, b in itertools.pairwise(places):
        between = text[a.end : b.start]
        if re.fullmatch(r"\s*,\s*|\s+\(\s*|\s*,\s*(?:in\s+|en\s+)?", between):
            kinds: tuple[str, ...] = (COUNTRY, REGION, PROVINCE)
        elif _IN_COUNTRY.fullmatch(between):
            kinds = (COUNTRY,)  # "El Alto in neighbouring Bolivia": only a country is safe after "in"
        else:
            continue
        if any(gaz.features[e] in kinds for e in b.entries):
            a.contained_by = places.index(b)
            b.container_of = places.index(a)


def _cue(text: str, c: Candidate) -> str | None:
    before = text[max(0, c.start - 25) : c.start]
    after = text[c.end : c.end + 20]
    low = c.text.lower()
    if (
        _REGION_CUE_BEFORE.search(before)
        or _REGION_CUE_AFTER.match(after)
        or low.startswith(("región", "region"))
    ):
        return "region"
    if _PROVINCE_CUE_BEFORE.search(before) or _PROVINCE_CUE_AFTER.match(after) or low.startswith("provincia"):
        return "province"
    if _CITY_CUE.search(before):
        return "city"
    return None
