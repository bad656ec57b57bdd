"""``cronica serve --workers N``: N processes, each with the app built from the same settings."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from api_sample import Sample

from cronica.api.app import app_from_environment
from cronica.cli import serve_environment
from cronica.config import Settings

REPO = Path(__file__).resolve().parents[2]


def test_workers_get_the_settings_of_the_command(monkeypatch: pytest.MonkeyPatch, sample: Sample) -> None:
    settings = Settings(db=sample.url, min_confidence=0.75, api_cache_s=3.0)
    env = serve_environment(settings)
    assert env == {"CRONICA_DB": sample.url, "CRONICA_TILE_URL": "", "CRONICA_MIN_CONFIDENCE": "0.75",
                   "CRONICA_API_CACHE_S": "3.0"}  # fmt: skip
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    app = app_from_environment()
    assert app.state.min_confidence == 0.75


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_with_two_workers_answers(sample: Sample, tmp_path: Path) -> None:
    port = _free_port()
    cmd = [sys.executable, "-c", "from cronica.cli import main; main()", "--db", sample.url, "serve"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [*cmd, "--port", str(port), "--workers", "2"], cwd=tmp_path, env=env, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/map?zoom=3", timeout=2)
                break
            except httpx.HTTPError:
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
                time.sleep(0.3)
        assert r.status_code == 200 and r.json()["zoom"] == 3 and r.json()["total"] > 0
    finally:
        proc.terminate()
        proc.wait(timeout=30)
