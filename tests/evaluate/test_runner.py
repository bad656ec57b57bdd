"""`cronica eval` on tiny corpora we write in each format, and its errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from cronica.evaluate.runner import EvalError, evaluate


def test_case2021_format(tmp_path: Path) -> None:
    (tmp_path / "dev.tsv").write_text(
        "id\tEventSnippet\tSubType\n"
        "1\tThousands of teachers marched peacefully through the capital for higher pay.\tPEACE_PROTEST\n"
        "2\tPolice arrested the opposition leader at his home on Tuesday.\tARREST\n"
        "3\tA strong earthquake struck the coast, killing 12 people.\tNATURAL_DISASTER\n",
        encoding="utf-8",
    )
    result = evaluate("case2021-task2", tmp_path)
    assert result.n == 3
    rows = dict(result.rows)
    assert 0.0 <= float(rows["weighted_f1_all_with_none"]) <= 1.0
    assert result.table()[0] == "case2021-task2: 3 items"


def test_plover_format(tmp_path: Path) -> None:
    (tmp_path / "PLOVER_GSR_CAMEO.json").write_text(
        '[{"id": "header"}, {"id": "x1", "event": "PROTEST", '
        '"text": "Hundreds of farmers blocked the highway outside the city to protest fuel prices."}]',
        encoding="utf-8",
    )
    result = evaluate("plover-gsr", tmp_path)
    assert result.n == 1
    assert dict(result.rows)["PROTEST recall"] == 1.0


def test_missing_and_wrong_corpus(tmp_path: Path) -> None:
    with pytest.raises(EvalError, match="no such file"):
        evaluate("lgl", tmp_path / "nothing")
    with pytest.raises(EvalError, match=r"expected lgl\.xml"):
        evaluate("lgl", tmp_path)
