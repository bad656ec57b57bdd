"""A report's text made safe for the regex stages, with a map back to the text as stored.

Two things in a report carry no words yet multiply the work of every pattern that reads it:

* invisible format characters (Unicode category ``Cf``: zero-width spaces and joiners, soft
  hyphens, direction marks, byte-order marks) -- they are removed, so that "kil\\u200bled" reads
  "killed";
* runs of whitespace longer than :data:`LONG_BLANK` characters -- each becomes one blank of the
  same kind: a paragraph break when the run holds two line breaks, a line break when it holds
  one, else a space;
* "words" longer than :data:`LONG_TOKEN` characters (runs without whitespace: 200,000 digits, a
  line of dashes, an encoded blob) -- each is cut to its first :data:`LONG_TOKEN` characters.

With these bounds, no run that a pattern can repeat over is longer than a few dozen characters,
so even a pattern that retries a run from each of its characters does a bounded amount of work
per character (``tests/extract/test_regex_backtracking.py`` holds every pattern to that).

Ordinary copy has neither, and comes back unchanged (the same string object). When something
is changed, :class:`OffsetMap` turns offsets into the normalised text back into offsets into the
original, which is the text the store keeps and every evidence span points into.
"""

from __future__ import annotations

import bisect
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

# A whitespace run longer than this is shortened (news copy indents and pads with far fewer).
LONG_BLANK = 64
# A run of characters other than whitespace longer than this is cut (the longest words of the
# languages read are under 40 letters; a long web address is under 100 characters).
LONG_TOKEN = 100


@lru_cache(maxsize=1)
def _format_class() -> str:
    """A regex character class of every Unicode format (``Cf``) character, as ranges."""
    ranges: list[tuple[int, int]] = []
    for cp in range(sys.maxunicode + 1):
        if unicodedata.category(chr(cp)) == "Cf":
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    parts = (re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return "[" + "".join(parts) + "]"


@lru_cache(maxsize=1)
def _noise() -> re.Pattern[str]:
    """Format characters (a run of them), a whitespace run over :data:`LONG_BLANK` characters, or
    a run of other characters over :data:`LONG_TOKEN`.

    Each alternative is one class under one quantifier, tried only where a run starts (the
    lookbehinds), so the text is read once.
    """
    fmt = _format_class()
    return re.compile(rf"({fmt}+)|(?<!\s)(\s{{{LONG_BLANK + 1},}})|(?<!\S)(\S{{{LONG_TOKEN + 1},}})")


def _blank(run: str) -> str:
    """The one blank that stands for a long whitespace run."""
    breaks = run.count("\n")
    return "\n\n" if breaks >= 2 else "\n" if breaks == 1 else " "


@dataclass
class OffsetMap:
    """Offsets in a normalised text back to offsets in the original.

    ``points[i]`` is an offset in the normalised text from which on ``shifts[i]`` characters
    more stood before it in the original (both lists ascend). No points: the texts are one.
    """

    points: list[int] = field(default_factory=list)
    shifts: list[int] = field(default_factory=list)

    @property
    def identity(self) -> bool:
        """The normalised text is the original."""
        return not self.points

    def _shift(self, pos: int) -> int:
        i = bisect.bisect_right(self.points, pos) - 1
        return self.shifts[i] if i >= 0 else 0

    def start(self, pos: int) -> int:
        """Where the character at normalised offset ``pos`` stands in the original."""
        return pos + self._shift(pos)

    def end(self, pos: int) -> int:
        """The original offset of an exclusive end ``pos``: just after its last character."""
        return self.start(pos - 1) + 1 if pos > 0 else 0


def normalise_text(text: str) -> tuple[str, OffsetMap]:
    """``text`` without format characters and with long whitespace runs shortened (see the
    module docstring), and the map of its offsets back into ``text``."""
    offsets = OffsetMap()
    pieces: list[str] = []
    last = 0  # end of the last run replaced, in the original
    length = 0  # length of the normalised text so far
    for m in _noise().finditer(text):
        pieces.append(text[last : m.start()])
        length += m.start() - last
        replacement = "" if m.group(1) else _blank(m.group(2)) if m.group(2) else m.group(3)[:LONG_TOKEN]
        pieces.append(replacement)
        length += len(replacement)
        offsets.points.append(length)
        offsets.shifts.append(m.end() - length)
        last = m.end()
    if offsets.identity:
        return _without_surrogates(text), offsets
    pieces.append(text[last:])
    return _without_surrogates("".join(pieces)), offsets


def _without_surrogates(text: str) -> str:
    """A lone surrogate (invalid text that no encoder writes) becomes U+FFFD, one for one, so the
    offsets stay as they are."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text


_SURROGATE = re.compile("[\ud800-\udfff]")
