"""Fast sentence segmentation for English and Spanish news text.

A regex splitter, not spaCy: most sentences of a report hold no event, and
segmenting with a parser would cost more than everything else in the pipeline.
It knows the abbreviations that end in a full stop in news copy ("Gen.", "Sr.",
"Dr.", "U.S.", "a.m.") and never splits inside numbers ("1.300", "3.5").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cronica.lexicon import load_lexicon


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    groups = load_lexicon("abbreviations")["abbreviations"]
    return frozenset(word for group in groups.values() for word in group)


# A candidate boundary: sentence-final punctuation, optional closing quotes or
# brackets, then whitespace; or a blank line (paragraph break).
_BOUNDARY = re.compile(r"""([.!?…]+["'”’»)\]]*)(\s+)|(\n\s*\n)""")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at ``dot`` ends an abbreviation or an initial."""
    i = dot
    while i > 0 and (text[i - 1].isalpha() or text[i - 1] == "."):
        i -= 1
    word = text[i:dot].lower()
    if not word:
        return False
    if word in _abbreviations():
        return True
    # Single capital letters are initials ("J. Smith"), not sentence ends.
    return len(word) == 1 and text[dot - 1].isupper()


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with character offsets into ``text``."""
    sentences: list[Sentence] = []
    paragraph = 0
    start = 0
    n = len(text)
    for m in _BOUNDARY.finditer(text):
        if m.group(3):  # paragraph break
            end = m.start(3)
            _append(sentences, text, start, end, paragraph)
            paragraph += 1
            start = m.end(3)
            continue
        punct_end = m.end(1)
        nxt = m.end(2)
        single_dot = m.group(1).startswith(".") and len(m.group(1).rstrip("\"'”’»)]")) == 1
        if single_dot and _is_abbreviation(text, m.start(1)):
            continue
        # The next sentence should start like one: a capital, digit, quote,
        # bracket or opening Spanish punctuation.
        if nxt < n and not (text[nxt].isupper() or text[nxt].isdigit() or text[nxt] in "\"'“‘«(¿¡—-"):
            continue
        _append(sentences, text, start, punct_end, paragraph)
        if "\n\n" in m.group(2) or "\n\r\n" in m.group(2):
            paragraph += 1
        start = nxt
    _append(sentences, text, start, n, paragraph)
    return sentences


def _append(out: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end], paragraph))
