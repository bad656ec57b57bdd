"""Stage ``dateline``: where and when the report was filed, read once from its opening.

"BOGOTA, May 3 (Reuters) -", "Quito, 14 jun (EFE).-", "NAIROBI:", "CALI, Colombia (AFP) -",
"San Salvador, 5 Dec 88 (Radio Venceremos) --", "Wednesday, June 26, 2024 -", or a place alone on
the first line. A dateline names neither the event's place nor its date: the ``places`` stage keeps
its place out of the places the event stages see (it is only the fallback of an event that names no
place), its date is the reference of relative dates ("on Tuesday") instead of the publication
date, and its agency is not an actor.

The shapes are the same in every language, so they are read with no lexicon: a leading place name
(all capitals or capitalised words, "de"/"del"/"la" between them), optional qualifiers
(", Colombia", " (Nicaragua)"), an optional date (it has a digit, and ``find_dates`` must read it
in English or Spanish), an optional agency in parentheses, then a dash, a colon or ".-". Short
editorial notes in square brackets right after it ("[Text]", "[Excerpts]") belong to it, and so
does a second, local dateline that the desk put in front of a correspondent's copy
("Santiago, 31 Jul 88 (EL MERCURIO) -- [Text] Rancagua -- The offices in this city..."): then the
local place is the report's place.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

from cronica.extract.dates import find_dates
from cronica.extract.numbers import LANGS
from cronica.pipeline.context import DocContext
from cronica.pipeline.registry import stage


@dataclass(frozen=True)
class Dateline:
    """The opening that says where and when a report was filed (offsets into the report's text)."""

    start: int
    end: int  # the first character of the story proper
    place_start: int | None  # the filing place's name; None for a date-only dateline
    place_end: int | None
    date: dt.date | None  # the filing date when the dateline gives one it can read
    agency: str | None

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end

    def covers(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` lies inside the dateline."""
        return self.start <= start and end <= self.end


_UP = "A-ZÁÉÍÓÚÑÜ"
_WORD = rf"[{_UP}][\w'’.]*(?:-[\w'’.]+)*"
_LINK = r"(?:de|del|la|las|los|el|da|do|dos|das|of|upon)"
_NAME = rf"{_WORD}(?:\s+(?:{_LINK}\s+){{0,2}}{_WORD}){{0,3}}"
_PLACE = rf"(?P<place>{_NAME}(?:\s*/\s*{_NAME})?)"
_QUALIFIER = rf"(?:,\s*{_NAME}(?=\s*(?:[,(:]|--|[-—–]\s|\.[-—]))|\s*\({_NAME}\)(?=\s*[,(]))"
_DATE = r"(?P<date>[^()\n:]{0,30}?\d[^()\n:]{0,30}?)"
_AGENCY = r"(?:\s*\((?P<agency>[^()\n]{1,40})\))"
_SEP = r"(?:\s*(?:--|—|–)\s*|\s+-\s*|\s*\.\s*[-—–]\s*|\s*:\s+)"

# place, qualifiers, optional date, optional agency, separator
_PLACED = re.compile(rf"\s*{_PLACE}(?:{_QUALIFIER}){{0,2}}(?:,\s*{_DATE})?{_AGENCY}?{_SEP}")
# a place and a date closed by a full stop: "Quito, 9 oct. Cientos de...", "NAIROBI, June 25. Police..."
# (the date is required here: "Quito. Cientos" is a sentence, not a dateline)
_PLACED_STOP = re.compile(rf"\s*{_PLACE}(?:{_QUALIFIER}){{0,2}},\s*{_DATE}{_AGENCY}?\.\s+(?=[{_UP}¿¡\"“«])")
# a date alone: "Wednesday, June 26, 2024 - "
_DATED = re.compile(rf"\s*{_DATE}{_AGENCY}?{_SEP}")
# a place alone on the first line: "Cali\n\n", "Popayán, Cauca\n"
_PLACE_LINE = re.compile(rf"\s*(?P<place>{_NAME})(?:,\s*{_NAME})?[ \t]*\n")
_NOTE = re.compile(r"\s*\[[^\[\]\n]{1,40}\]")
_LOCAL = re.compile(rf"\s*(?P<place>{_NAME})\s*(?:--|—)\s*")

_COLON_WORDS = 3  # "NAIROBI:", "Tehran:": a longer capitalised lead before a colon is a title
_LINE_WORDS = 4


def read_dateline(text: str, published: dt.date | None, title: str | None = None) -> Dateline | None:
    """The dateline at the start of ``text``, or None (see the module docstring).

    Pages and feeds often put the headline (``title``) on the first line: the dateline is then
    read on the line after it.
    """
    skip = _after_title(text, title)
    found = _read_at(text[skip:], published)
    if found is None and skip:
        found, skip = _read_at(text, published), 0
    if found is None or not skip:
        return found
    return dataclasses.replace(
        found,
        start=found.start + skip,
        end=found.end + skip,
        place_start=None if found.place_start is None else found.place_start + skip,
        place_end=None if found.place_end is None else found.place_end + skip,
    )


def _read_at(text: str, published: dt.date | None) -> Dateline | None:
    found = _dated(text, published) or _placed(text, published) or _place_line(text)
    return None if found is None else _with_local_dateline(text, found)


def _after_title(text: str, title: str | None) -> int:
    """Where the text goes on after a first line that is the document's title (0 if it is not)."""
    head = (title or "").strip()
    if not head or not text.startswith(head):
        return 0
    end = len(head)
    if end < len(text) and text[end] not in "\r\n":
        return 0
    while end < len(text) and text[end].isspace():
        end += 1
    return end


def _placed(text: str, published: dt.date | None) -> Dateline | None:
    m = _PLACED.match(text) or _PLACED_STOP.match(text)
    if m is None:
        return None
    if _title_before_colon(m):
        return None
    date = None
    if m.group("date"):
        date = _date(text, m.start("date"), m.end("date"), published)
        readable = date is not None or (
            published is None and _date(text, m.start("date"), m.end("date"), _ANY_YEAR) is not None
        )
        if not readable:
            return None
    return Dateline(m.start("place"), m.end(), m.start("place"), m.end("place"), date, _agency(m))


def _title_before_colon(m: re.Match[str]) -> bool:
    """ "Kenya Finance Bill Protests: what we know" is a title, not "NAIROBI:"."""
    bare = not m.group("date") and not m.group("agency")
    colon = ":" in m.group(0)[m.end("place") - m.start(0) :]
    return bare and colon and (len(m.group("place").split()) > _COLON_WORDS or "\n" in m.group(0))


def _dated(text: str, published: dt.date | None) -> Dateline | None:
    m = _DATED.match(text)
    if m is None:
        return None
    date = _date(text, m.start("date"), m.end("date"), published)
    if date is None:
        return None
    return Dateline(m.start("date"), m.end(), None, None, date, _agency(m))


def _place_line(text: str) -> Dateline | None:
    m = _PLACE_LINE.match(text)
    if m is None or len(m.group(0).split()) > _LINE_WORDS:
        return None
    end = m.end()
    while end < len(text) and text[end] in "\r\n":
        end += 1
    return Dateline(m.start("place"), end, m.start("place"), m.end("place"), None, None)


def _with_local_dateline(text: str, found: Dateline) -> Dateline:
    """Take in the editorial notes after the dateline, and a local dateline after them."""
    end = found.end
    while (note := _NOTE.match(text, end)) is not None:
        end = note.end()
    local = _LOCAL.match(text, end)
    if local is not None and end > found.end:
        # only after a note: "[Text] Rancagua -- The offices ..."; a bare "Lima -- " right after
        # a dateline would be the story's first words
        place = local.start("place"), local.end("place")
        return Dateline(found.start, local.end(), *place, found.date, found.agency)
    while end < len(text) and text[end] in " \t":
        end += 1
    return Dateline(found.start, end, found.place_start, found.place_end, found.date, found.agency)


def _agency(m: re.Match[str]) -> str | None:
    agency = m.group("agency")
    return agency.strip() if agency else None


# A trailing two-digit year ("5 Dec 88") only after a day of its own: in "January 11" the 11 is the day.
# A stand-in reference for a report without a publication date: "January 11" is still a dateline's
# date, though its year cannot be known, so the place is read and the date left unknown.
_ANY_YEAR = dt.date(2000, 12, 31)
# (two digits standing alone at the end; the day before them is looked for apart, as a pattern
# that looked for both would retry the line from each of its digits)
_TWO_DIGIT_YEAR = re.compile(r"(?<!\w)(\d{2})\s*$")
_LEFTOVER = re.compile(r"[\s,.]*(?:\d{2})?[\s,.]*")


def _short_year(chunk: str) -> re.Match[str] | None:
    """The two digits that end ``chunk`` when a digit of their line comes before them ("5 Dec 88")."""
    found = _TWO_DIGIT_YEAR.search(chunk)
    if found is None:
        return None
    line = chunk[chunk.rfind("\n", 0, found.start(1)) + 1 : found.start(1)]
    return found if any(c.isdecimal() for c in line) else None


def _date(text: str, start: int, end: int, published: dt.date | None) -> dt.date | None:
    """The day a dateline's date names, read as English or Spanish ("5 Dec 88" is 1988); None
    unless the words are a date and nothing else ("who marched on 5 June" is no dateline)."""
    chunk = text[start:end].strip()
    short_year = _short_year(chunk)
    reference = published or _year_of(short_year)
    for lang in LANGS:
        for found in find_dates(chunk, 0, len(chunk), lang, reference):
            if found.precision != "day" or found.start > 0 or not _LEFTOVER.fullmatch(chunk[found.end :]):
                continue
            day = found.event_date
            if short_year is not None and found.end <= short_year.start(1):
                day = _replace_year(day, _year2(short_year.group(1)))
            return day
    return None


def _year2(digits: str) -> int:
    value = int(digits)
    return 2000 + value if value < 70 else 1900 + value


def _year_of(short_year: re.Match[str] | None) -> dt.date | None:
    """The last day of the year a two-digit year names (so that a day-month falls within it)."""
    if short_year is None:
        return None
    return dt.date(_year2(short_year.group(1)), 12, 31)


def _replace_year(day: dt.date, year: int) -> dt.date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day


@stage("dateline", requires=("doc",), assigns=("dateline",))
def find_dateline(ctx: DocContext) -> None:
    """Read the dateline: the place and date the report was filed from, not its events'."""
    doc = ctx.doc
    ctx.dateline = read_dateline(doc.text, doc.published, doc.title)
