"""The bounds on one report's extraction, read from the settings.

``max_document_chars``: a report longer than this, once normalised (:mod:`cronica.nlp.normalise`),
fails with :class:`~cronica.errors.DocumentTooLongError` before any stage runs. It fails rather
than being cut: events read from half a report would be stored as if they were all of it, while
a failure is recorded with its reason and the operator can raise the limit or split the input.

``max_sentence_chars``: no sentence the regex stages read is longer; longer ones are cut at a
clause mark, else a space (:func:`cronica.nlp.sentences.split_sentences`).

``timeout_s``: the watchdog's time limit for one report (:mod:`cronica.extract.watchdog`);
0 turns it off.
"""

from __future__ import annotations

from dataclasses import dataclass

from cronica.config import Settings

_DEFAULTS = Settings()


@dataclass(frozen=True)
class Limits:
    """How much one report may ask of the extraction (see the module docstring)."""

    max_document_chars: int = _DEFAULTS.max_document_chars
    max_sentence_chars: int = _DEFAULTS.max_sentence_chars
    timeout_s: float = _DEFAULTS.extract_timeout_s

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        """The limits that ``settings`` set."""
        return cls(settings.max_document_chars, settings.max_sentence_chars, settings.extract_timeout_s)
