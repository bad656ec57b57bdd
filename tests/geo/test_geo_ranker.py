"""The learned place ranker: pair features, the shipped model, its threshold, and its training script."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from cronica.errors import ModelUnavailableError
from cronica.evaluate.lgl import GoldToponym, score_doc
from cronica.geo.features import (
    FEATURE_NAMES,
    ReportContext,
    agreement,
    class_onehot,
    mention_key,
    name_match,
    ner_flags,
    report_features,
    rule_columns,
    rule_others,
)
from cronica.geo.gazetteer import load_gazetteer
from cronica.geo.parse import geoparse, geoparse_with
from cronica.geo.ranker import load_ranker, rank, read_ranker
from cronica.geo.recognize import Candidate, NerSpan, recognize
from cronica.geo.resolve import rule_scores
from cronica.model import Document, PlaceMention

REPO = Path(__file__).resolve().parents[2]


def _col(name: str) -> int:
    return FEATURE_NAMES.index(name)


def test_name_match_kinds() -> None:
    assert name_match("Lima", "Lima") == (1.0, 1.0, 0.0, 0.0)
    assert name_match("Apurimac", "Apurímac") == (0.0, 1.0, 0.0, 0.0)  # accent-folded only
    assert name_match("Cuzco", "Cusco") == (0.0, 0.0, 1.0, 0.0)  # reached by an alternate name
    assert name_match("Lima", "Lima Metropolitana")[3] == 1.0  # one name begins the other
    assert name_match("Limache", "Lima")[3] == 0.0  # a longer word is not a prefix match


def test_class_onehot_has_one_column_per_class_and_one_for_the_rest() -> None:
    assert class_onehot("region") == [0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    assert class_onehot("lake") == [0.0] * 6 + [1.0]


def test_ner_flags_read_overlapping_persons_and_organisations() -> None:
    m = Candidate(10, 16, "Austin", ["austin"], [])
    assert ner_flags(m, [NerSpan(4, 16, "PERSON")]) == (1.0, 0.0)
    assert ner_flags(m, [NerSpan(10, 30, "ORG")]) == (0.0, 1.0)
    assert ner_flags(m, [NerSpan(17, 30, "PERSON")]) == (0.0, 0.0)  # next to it, not over it


def test_rule_columns_rank_and_share() -> None:
    cols = rule_columns([1.0, 3.0, 2.0])
    assert [c[2] for c in cols] == [2.0, 0.0, 1.0]  # ranks
    assert [c[1] for c in cols] == [-2.0, 0.0, -1.0]  # margins to the best
    assert abs(sum(c[3] for c in cols) - 1.0) < 1e-9 and cols[1][3] > cols[2][3] > cols[0][3]


def test_report_features_on_our_own_sentence() -> None:
    gaz = load_gazetteer()
    text = "Farmers blocked the road between Juliaca and Puno, in Peru, on Tuesday."
    mentions = recognize(text, gaz, [])
    cands, scores = rule_scores(gaz, mentions)
    mats = report_features(gaz, mentions, cands, scores, [], ReportContext(lang="es", dateline_country="PE"))
    k = next(n for n, m in enumerate(mentions) if m.text == "Juliaca")
    x = mats[k]
    assert x.shape == (len(cands[k]), len(FEATURE_NAMES))
    peru = [j for j, i in enumerate(cands[k]) if gaz.country_codes[i] == "PE"]
    assert peru and all(x[j, _col("dateline_country")] == 1.0 for j in peru)
    assert x[peru[0], _col("country_agreement")] > 0.5  # Puno and Peru point there
    assert x[peru[0], _col("log_km_nearest_other")] < np.log1p(500)  # Puno is near
    assert set(x[:, _col("lang_es")]) == {1.0}
    assert sorted(x[:, _col("rule_rank")].tolist()) == list(map(float, range(len(cands[k]))))


def test_agreement_leaves_the_mention_itself_out() -> None:
    gaz = load_gazetteer()
    text = "Marchers left Springfield for Springfield and then Chicago."
    mentions = recognize(text, gaz, [])
    cands, scores = rule_scores(gaz, mentions)
    others = rule_others(gaz, mentions, cands, scores)
    key = mention_key(mentions[0])
    only_self = [o for o in others if o.key == key]
    assert len(only_self) == 2
    assert agreement(only_self, key, "US", "Illinois") == (0.0, 0.0)  # repeats are no evidence
    country, _ = agreement(others, key, "US", "Illinois")
    assert country == 1.0  # Chicago is the only other name


def test_shipped_model_loads_and_ranks_a_clear_case() -> None:
    ranker = load_ranker()
    assert ranker.feature_names == FEATURE_NAMES and 0.0 <= ranker.threshold < 1.0
    doc = Document("d1", "Riot police fired tear gas at protesters in Paris, France, on Saturday.", lang="en")
    places = {p.text: p for p in geoparse(doc, use_ner=False, ranker=True)}
    assert places["Paris"].country_code == "FR" and places["Paris"].geonames_id == 2988507
    assert places["Paris"].confidence >= ranker.threshold


def test_threshold_leaves_a_low_probability_toponym_unresolved() -> None:
    ranker = load_ranker()
    assert ranker.choose([5, 7], np.array([0.2, 0.9]), threshold=0.5).entry == 7
    low = ranker.choose([5, 7], np.array([0.03, 0.04]), threshold=0.5)
    assert low.entry is None and low.confidence == 0.04
    # through the resolver: a threshold no candidate reaches leaves every name unresolved
    gaz = load_gazetteer()
    doc = Document("d2", "Workers struck in Springfield on Monday.", lang="en")
    strict = dataclasses.replace(ranker, threshold=1.01)
    places = geoparse_with(doc, gaz, [], ranker=strict)
    assert places and all(p.name is None and p.feature == "unknown" for p in places)
    assert [p.name for p in geoparse_with(doc, gaz, [], ranker=ranker)] != [None] * len(places)


def test_rank_gives_one_resolution_per_mention() -> None:
    gaz = load_gazetteer()
    text = "Teachers marched in Cusco and in a town nobody has heard of, Xqzzyville."
    mentions = recognize(text, gaz, [NerSpan(text.index("Xqzzyville"), len(text) - 1, "GPE")])
    out = rank(gaz, mentions, [], load_ranker())
    assert len(out) == len(mentions)
    assert out[-1].entry is None  # no candidate at all


def test_a_broken_model_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "geo_ranker.json"
    bad.write_text(json.dumps({"format": "cronica-geo-ranker/1", "feature_names": ["x"]}), encoding="utf-8")
    with pytest.raises(ModelUnavailableError, match="other features"):
        read_ranker(bad)
    with pytest.raises(ModelUnavailableError, match="cannot be read"):
        read_ranker(tmp_path / "missing.json")


def test_score_doc_counts_exact_ids_and_admin1() -> None:
    gold = [
        GoldToponym(0, 5, "Paris", 48.85, 2.35, geonames_id=2988507),
        GoldToponym(10, 15, "Paris", 33.66, -95.55, geonames_id=4717560),
    ]
    pred = [
        PlaceMention(
            "d", "Paris", 0, 5, "Paris", "FR", "Île-de-France", None, 48.85, 2.35, 2988507, "city", 1.0
        ),
        PlaceMention(
            "d", "Paris", 10, 15, "Paris", "US", "Arkansas", None, 35.29, -93.73, 4125402, "city", 1.0
        ),
    ]
    admin1 = {2988507: ("FR", "Île-de-France"), 4717560: ("US", "Texas")}
    s = score_doc(pred, gold, admin1).as_dict()
    assert (s["exact_id_accuracy"], s["admin1_accuracy"]) == (0.5, 0.5)


def _train_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("train_geo_ranker", REPO / "bench" / "train_geo_ranker.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["train_geo_ranker"] = mod
    spec.loader.exec_module(mod)
    return mod


_LGL_ARTICLE = """<article docid="{docid}"><text>{text}</text><toponyms>{tops}</toponyms></article>"""
_GWN_ARTICLE = """<article file="{name}"><text>{text}</text><toponyms>{tops}</toponyms></article>"""
_LGL_TOPONYM = (
    "<toponym><start>{start}</start><end>{end}</end><phrase>{phrase}</phrase>"
    '<gaztag geonameid="{gid}"><lat>{lat}</lat><lon>{lon}</lon></gaztag></toponym>'
)
_GWN_TOPONYM = (
    "<toponym><type>Literal</type><start>{start}</start><end>{end}</end>"
    "<geonamesID>{gid}</geonamesID><latitude>{lat}</latitude><longitude>{lon}</longitude></toponym>"
)
# (text, [(phrase, geonames id, lat, lon)]): sentences of our own
_TINY = [
    (
        "Nurses picketed a hospital in Springfield, Illinois, on Friday.",
        [("Springfield", 4250542, 39.80, -89.64)],
    ),
    ("Students gathered outside the town hall in Paris, Texas.", [("Paris", 4717560, 33.66, -95.56)]),
    ("Dockworkers stopped work in Lima, Peru, over pay.", [("Lima", 3936456, -12.04, -77.03)]),
    ("A crowd marched through Paris to the French parliament.", [("Paris", 2988507, 48.85, 2.35)]),
    ("Miners in Springfield, Missouri, walked out.", [("Springfield", 4409896, 37.22, -93.30)]),
    ("Drivers blocked a bridge in Lima, Ohio.", [("Lima", 5160783, 40.74, -84.11)]),
]


def _tops(text: str, gold: list[tuple[str, int, float, float]], template: str) -> str:
    out = []
    for phrase, gid, lat, lon in gold:
        start = text.index(phrase)
        out.append(
            template.format(start=start, end=start + len(phrase), phrase=phrase, gid=gid, lat=lat, lon=lon)
        )
    return "".join(out)


def _write_tiny_corpora(root: Path) -> None:
    (root / "lgl").mkdir(parents=True)
    (root / "geowebnews").mkdir()
    lgl = [
        _LGL_ARTICLE.format(docid=n, text=text, tops=_tops(text, gold, _LGL_TOPONYM))
        for n, (text, gold) in zip((2, 4, 5), _TINY[:3], strict=True)
    ]
    (root / "lgl" / "lgl.xml").write_text(f"<articles>{''.join(lgl)}</articles>", encoding="utf-8")
    gwn = [
        _GWN_ARTICLE.format(name=f"g{n}", text=text, tops=_tops(text, gold, _GWN_TOPONYM))
        for n, (text, gold) in enumerate(_TINY[3:])
    ]
    (root / "geowebnews" / "GWN.xml").write_text(f"<articles>{''.join(gwn)}</articles>", encoding="utf-8")


def test_training_script_runs_on_a_tiny_sample(tmp_path: Path) -> None:
    _write_tiny_corpora(tmp_path / "data")
    out = tmp_path / "model.json"
    train = _train_module()
    report = train.main(["--data", str(tmp_path / "data"), "--out", str(out), "--folds", "2", "--no-ner"])
    assert report["documents"] == {"lgl_dev": 2, "gwn": 3, "lgl_heldout": 1}
    assert report["lgl_heldout"]["ranker"]["toponyms"] == 1
    model = read_ranker(out)  # what the script writes, the resolver reads
    assert model.feature_names == FEATURE_NAMES and model.roots.size == train.PARAMS["n_estimators"]
    assert 0.0 <= model.threshold <= 0.5


def test_the_setting_reaches_cronica_geoparse(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    import cronica.geo.parse as parse
    from cronica.cli import cli

    strict = dataclasses.replace(load_ranker(), threshold=1.01)  # nothing passes: visible in the output
    monkeypatch.setattr(parse, "load_ranker", lambda: strict)
    line = (
        json.dumps({"id": "r1", "text": "Dockers walked out in Rotterdam, Netherlands.", "lang": "en"}) + "\n"
    )
    names = {}
    for flag in ("0", "1"):
        monkeypatch.setenv("CRONICA_GEO_RANKER", flag)
        result = CliRunner().invoke(cli, ["-q", "geoparse"], input=line)
        assert result.exit_code == 0, result.output
        names[flag] = [json.loads(x)["name"] for x in result.stdout.splitlines()]
    assert "Rotterdam" in names["0"]
    assert names["1"] and set(names["1"]) == {None}


def test_the_setting_reaches_the_extraction_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    import cronica.geo.parse as parse
    from cronica.extract.document import extract_document

    strict = dataclasses.replace(load_ranker(), threshold=1.01)
    monkeypatch.setattr(parse, "load_ranker", lambda: strict)
    doc = Document(
        "r2", "Hundreds of farmers protested in Puno, Peru, on Monday against a new mining law.", lang="en"
    )
    by_rules = extract_document(doc, "en").places
    by_ranker = extract_document(doc, "en", geo_ranker=True).places
    assert any(p.name == "Puno" for p in by_rules)
    assert not any(p.name for p in by_ranker)
