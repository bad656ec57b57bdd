"""Fixtures for the run tests: synthetic reports from the benchmark's own generator (bench/synth.py)."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from cronica.model import Document

REPO = Path(__file__).resolve().parents[2]


def _load_synth() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cronica_bench_synth", REPO / "bench" / "synth.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def synth() -> ModuleType:
    return _load_synth()


@pytest.fixture(scope="session")
def synth_reports(synth: ModuleType) -> Callable[[int], list[dict[str, Any]]]:
    def make(n: int, seed: int = 11) -> list[dict[str, Any]]:
        return list(synth.reports(n, seed))

    return make


@pytest.fixture(scope="session")
def synth_documents(synth_reports: Callable[..., list[dict[str, Any]]]) -> Callable[[int], list[Document]]:
    def make(n: int, seed: int = 11) -> list[Document]:
        return [Document.from_dict(r) for r in synth_reports(n, seed)]

    return make
