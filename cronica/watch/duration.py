"""Durations as people write them on a command line: ``30s``, ``15m``, ``1h``, ``1h30m``, ``2d``."""

from __future__ import annotations

import re

from cronica.errors import ConfigError

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# a number starts only where no digit stands before it, and its digits are never given back:
# linear on any text (tests/extract/test_regex_backtracking.py)
_PART = re.compile(r"(?<![\d.])(\d++(?:\.\d++)?)([smhd])")
_WHOLE = re.compile(r"(?<![\d.])(?:\d++(?:\.\d++)?[smhd])+")
MAX_CHARS = 32  # "1d12h30m15s" is 11: a longer one is a mistake


def parse_duration(text: str) -> float:
    """The seconds that ``text`` names; ConfigError with a one-line reason when it names none.

    A duration is one or more numbers, each followed by its unit (``s``, ``m``, ``h``, ``d``);
    a bare number is refused, since ``15`` could mean seconds or minutes. Zero is refused too.
    """
    compact = "".join(str(text).split()).lower()
    if len(compact) > MAX_CHARS or not _WHOLE.fullmatch(compact):
        raise ConfigError(f"{text!r} is not a duration (write it as 30s, 15m, 1h or 1h30m)")
    seconds = sum(float(number) * UNITS[unit] for number, unit in _PART.findall(compact))
    if seconds <= 0:
        raise ConfigError(f"{text!r} is not a duration longer than zero")
    return seconds


def format_duration(seconds: float) -> str:
    """``seconds`` the way :func:`parse_duration` reads them back: ``90`` -> ``1m30s``."""
    whole = round(seconds)
    if whole < 1:
        return f"{seconds:.1f}s"
    parts = []
    for unit in ("d", "h", "m", "s"):
        amount, whole = divmod(whole, UNITS[unit])
        if amount:
            parts.append(f"{amount}{unit}")
    return "".join(parts)
