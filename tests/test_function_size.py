"""Functions a reader can hold in mind: none over 60 lines in the text-reading layers.

ruff's C901 (``make lint``) keeps every function's McCabe complexity at 25 or less; this test keeps
the length of each function in ``extract/``, ``geo/``, ``nlp/`` and ``pipeline/`` at 60 lines or less.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cronica"
LAYERS = ("extract", "geo", "nlp", "pipeline")
MAX_LINES = 60


def long_functions(source: str, limit: int = MAX_LINES) -> list[tuple[str, int]]:
    """(name, lines) of every function or method in ``source`` longer than ``limit`` lines."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            lines = (node.end_lineno or node.lineno) - node.lineno + 1
            if lines > limit:
                found.append((node.name, lines))
    return found


def test_the_checker_finds_a_long_function() -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(70))
    assert long_functions(f"def short():\n    return 1\n\ndef long():\n{body}\n") == [("long", 71)]


@pytest.mark.parametrize("layer", LAYERS)
def test_no_long_functions(layer: str) -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)}:{name} ({lines} lines)"
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        for name, lines in long_functions(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, f"functions over {MAX_LINES} lines: {', '.join(offenders)}"
