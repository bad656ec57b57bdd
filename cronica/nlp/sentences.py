"""Sentence segmentation for English and Spanish news text, decided per document.

Well-formed copy goes through a regex splitter, not spaCy: most sentences of a report hold no
event, and segmenting with a parser would cost more than everything else in the pipeline. It
knows the abbreviations that end in a full stop in news copy ("Gen.", "Sr.", "Dr.", "U.S.",
"a.m."), never splits inside numbers ("1.300", "3.5"), and ends a sentence at a headline (a line
without final punctuation), before a bullet and at a blank line.

The regex wants a capital after a full stop. A report that does not give one -- a whole report in
lower case, as many archives and feeds store it, or one where the regex leaves a sentence over
:data:`LONG_SENTENCE` characters -- is split again by a lower-case-tolerant rule (any full stop
that does not end an abbreviation or an initial ends a sentence), and a piece still over that
length by spaCy's trained sentence recogniser (``senter``, loaded alone, lazily, once per
language). A piece that even the recogniser leaves whole is cut at the last clause mark (else
word) before :data:`MAX_SENTENCE` characters (the ``max_sentence_chars`` setting), so that no
sentence, and no event's evidence, runs over it. A piece over :data:`RECOGNISER_SPAN` times that
length is not prose the recogniser was trained on (a run of digits, a list without stops, a
whole report in one line): it is cut the same way without the recogniser, whose time grows with
the piece and which refuses a piece over a million characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cronica.lexicon import load_lexicon

# A regex sentence longer than this marks a report the regex did not split (well-formed news
# stays under 420 characters in 999 sentences of 1,000); a tolerant piece longer than this goes
# to the trained recogniser.
LONG_SENTENCE = 500
# No sentence is longer than this (characters; the default of ``max_sentence_chars``).
MAX_SENTENCE = 1000
# A tolerant piece longer than this many longest sentences is cut without the recogniser.
RECOGNISER_SPAN = 20


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    groups = load_lexicon("abbreviations")["abbreviations"]
    return frozenset(word for group in groups.values() for word in group)


# Closing quotes and brackets after a full stop, also as UTF-8 read as cp1252 ("â€\x9d", "â€™").
_CLOSERS = "(?:[\"'\u201d\u2019\u00bb)\\]]|\u00e2\u20ac[\x80-\x9f\ufffd\u2122\u02dc\u0153]?)*"
# A candidate boundary: sentence-final punctuation, optional closers, then whitespace; a blank
# line (paragraph break); or a single line break (a headline's or a list item's end).
# (The lookahead lets the engine skip every other character at once.)
_BOUNDARY = re.compile(rf"(?=[.!?\u2026\n])(?:([.!?\u2026]+{_CLOSERS})(\s+)|(\n\s*\n)|(\n[ \t]*)(?=\S))")
# A list item's marker at the start of a line: "- ", "* ", "• ", "1. ", "2) ", "a) ".
_BULLET = re.compile(r"(?:[-*\u2022\u00b7\u2013\u2014\u25aa\u25ba]|\d{1,2}[.)]|[a-z]\))\s")
# Characters a well-formed sentence may start with besides capitals and digits.
_OPENERS = "\"'\u201c\u2018\u00ab(\u00bf\u00a1\u2014-"
# Final punctuation (and closers) a line may end with.
_FINAL = ".!?\u2026:;\"'\u201d\u2019\u00bb)]"
_DOTTED_INITIALS = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
_CLAUSE_MARK = re.compile(r"[;:]\s|,\s|\s[-\u2013\u2014]\s")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int


def _is_abbreviation(text: str, dot: int, tolerant: bool = False) -> bool:
    """True when the full stop at ``dot`` ends an abbreviation or an initial.

    ``tolerant`` (text without capitals): a single letter of either case is an initial ("k. s.").
    """
    i = dot
    while i > 0 and (text[i - 1].isalpha() or text[i - 1] == "."):
        i -= 1
    word = text[i:dot].lower()
    if not word:
        return False
    if word in _abbreviations() or _DOTTED_INITIALS.fullmatch(word):
        return True
    # Single capital letters are initials ("J. Smith"), not sentence ends.
    return len(word) == 1 and (tolerant or text[dot - 1].isupper())


@dataclass
class _Scan:
    """One pass of the boundary rule over a text, with what it saw of the text's form."""

    text: str
    tolerant: bool
    sentences: list[Sentence]
    lower_starts: int = 0  # full stops the strict rule passed over because a lower-case word follows
    wrapped: bool | None = None  # hard-wrapped lines (decided on the first single line break)

    @property
    def well_formed(self) -> bool:
        """The strict rule split this text: capitals follow its full stops and no sentence is long."""
        if self.lower_starts > len(self.sentences) // 2:
            return False
        return all(s.end - s.start <= LONG_SENTENCE for s in self.sentences)


def _hard_wrapped(text: str) -> bool:
    """Lines broken at a fixed width (most lines 40-100 characters long and ending mid-sentence)."""
    lines = [ln.rstrip() for ln in text.split("\n") if ln.strip()]
    open_lines = [ln for ln in lines if 40 <= len(ln) <= 100 and ln[-1] not in _FINAL]
    return len(open_lines) >= 3 and 2 * len(open_lines) >= len(lines)


def _line_break_ends(scan: _Scan, at: int, nxt: int) -> bool:
    """A single line break at ``at`` ends a sentence: a headline's end or a list item's start."""
    text = scan.text
    if _BULLET.match(text, nxt):
        return True
    line_start = text.rfind("\n", 0, at) + 1
    line = text[line_start:at].rstrip()
    if not line or line[-1] in ",;-\u2013\u2014(":
        return False
    if scan.wrapped is None:
        scan.wrapped = _hard_wrapped(text)
    # a hard-wrapped report breaks lines mid-sentence; a short line before a capital is a headline
    return not scan.wrapped or (len(line) < 40 and (text[nxt].isupper() or text[nxt].isdigit()))


def _stop_ends(scan: _Scan, m: re.Match[str]) -> bool:
    """The final punctuation matched by ``m`` ends a sentence."""
    text, punct, nxt = scan.text, m.group(1), m.end(2)
    marks = punct.rstrip("\"'\u201d\u2019\u00bb)]\u00e2\u20ac\x9d\ufffd\u2122\u02dc\u0153")
    if marks == "." and _is_abbreviation(text, m.start(1), scan.tolerant):
        return False
    if nxt >= len(text) or "\n" in m.group(2):
        return True
    first = text[nxt]
    if first.isupper() or first.isdigit() or first in _OPENERS:
        return True
    if not first.islower():
        return scan.tolerant
    if not scan.tolerant:
        scan.lower_starts += 1
        return False
    # "he said... the police", '"why?" he asked': a lower-case word goes on the same sentence
    return not (marks in ("..", "...", "\u2026") or (marks[-1] in "?!" and len(punct) > len(marks)))


def _scan(text: str, tolerant: bool) -> _Scan:
    """Sentences of ``text`` by the boundary rule (strict: a capital must follow a full stop)."""
    scan = _Scan(text, tolerant, [])
    paragraph = 0
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.group(3):  # paragraph break
            _append(scan.sentences, text, start, m.start(3), paragraph)
            paragraph += 1
            start = m.end(3)
        elif m.group(4) is not None:  # a single line break
            if _line_break_ends(scan, m.start(4), m.end(4)):
                _append(scan.sentences, text, start, m.start(4), paragraph)
                start = m.end(4)
        elif _stop_ends(scan, m):
            _append(scan.sentences, text, start, m.end(1), paragraph)
            if "\n\n" in m.group(2) or "\n\r\n" in m.group(2):
                paragraph += 1
            start = m.end(2)
    _append(scan.sentences, text, start, len(text), paragraph)
    return scan


def split_sentences(text: str, lang: str | None = None, max_chars: int = MAX_SENTENCE) -> list[Sentence]:
    """Split ``text`` into sentences with character offsets into ``text``, none longer than
    ``max_chars``.

    The regex where the text is well-formed; otherwise the lower-case-tolerant rule, with spaCy's
    sentence recogniser for ``lang`` (default English) on the pieces it leaves long.
    """
    strict = _scan(text, tolerant=False)
    if strict.well_formed:
        return _all_capped(text, strict.sentences, max_chars)
    out: list[Sentence] = []
    for s in _scan(text, tolerant=True).sentences:
        if s.end - s.start <= min(LONG_SENTENCE, max_chars):
            out.append(s)
            continue
        if s.end - s.start > RECOGNISER_SPAN * max_chars:
            pieces = [(s.start, s.end)]
        else:
            pieces = _recognised(text, s.start, s.end, lang or "en")
        for lo, hi in pieces:
            for a, b in _capped(text, lo, hi, max_chars):
                _append(out, text, a, b, s.paragraph)
    return out


def _all_capped(text: str, found: list[Sentence], max_chars: int) -> list[Sentence]:
    """``found`` with each sentence over ``max_chars`` cut (:func:`_capped`)."""
    if all(s.end - s.start <= max_chars for s in found):
        return found
    out: list[Sentence] = []
    for s in found:
        for a, b in _capped(text, s.start, s.end, max_chars):
            _append(out, text, a, b, s.paragraph)
    return out


def _recognised(text: str, start: int, end: int, lang: str) -> list[tuple[int, int]]:
    """The sentences spaCy's trained recogniser finds in ``text[start:end]`` (offsets in ``text``)."""
    from cronica.nlp.pipelines import get_senter

    doc = get_senter(lang)(text[start:end])
    return [(start + s.start_char, start + s.end_char) for s in doc.sents]


def _capped(text: str, start: int, end: int, max_chars: int = MAX_SENTENCE) -> list[tuple[int, int]]:
    """``text[start:end]`` in pieces of at most ``max_chars`` characters, each cut after the
    last clause mark (else the last space) before the limit."""
    pieces: list[tuple[int, int]] = []
    while end - start > max_chars:
        limit = start + max_chars
        marks = [m.end() for m in _CLAUSE_MARK.finditer(text, start + max_chars // 2, limit)]
        cut = marks[-1] if marks else text.rfind(" ", start + max_chars // 2, limit) + 1
        if cut <= start:
            cut = limit
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def _append(out: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end], paragraph))
