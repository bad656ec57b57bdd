"""`cronica users`: add prints a token once and stores only its hash; list shows no secret; disable."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from cronica.cli import cli, main
from cronica.store import open_store
from cronica.users import TOKEN_MARK, user_of_token


def run_main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    """``cronica ARGS`` through ``main`` (the entry point that turns errors into one line)."""
    monkeypatch.setattr(sys, "argv", ["cronica", *args])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_add_prints_a_token_once_and_stores_only_its_hash(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'u.db'}"
    result = CliRunner().invoke(cli, ["--db", db, "users", "add", "ana", "--role", "reviewer"])
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    assert token.startswith(TOKEN_MARK) and len(token) > 40
    store = open_store(db)
    with store.engine.connect() as conn:
        row = conn.execute(sa.text("SELECT token_hash, token_prefix, role FROM users")).one()
    assert row.token_hash.startswith("$argon2id$") and token not in row.token_hash
    assert token.startswith(row.token_prefix) and len(row.token_prefix) <= 12 and row.role == "reviewer"
    found = user_of_token(store, token)
    assert found is not None and found.name == "ana"
    assert user_of_token(store, token[:-1] + ("A" if token[-1] != "A" else "B")) is None


def test_adding_an_existing_name_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'u.db'}"
    assert run_main(monkeypatch, capsys, "--db", db, "users", "add", "ana", "--role", "admin")[0] == 0
    code, out, err = run_main(monkeypatch, capsys, "--db", db, "users", "add", "ana", "--role", "reviewer")
    assert code == 1 and out == ""
    assert err.strip() == "cronica: error: user 'ana' exists already"
    code, _, err = run_main(monkeypatch, capsys, "--db", db, "users", "add", "bad name!", "--role", "admin")
    assert code == 1 and len(err.strip().splitlines()) == 1 and "user name" in err


def test_list_shows_no_secret_and_disable_refuses_the_token(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'u.db'}"
    runner = CliRunner()
    token = runner.invoke(cli, ["--db", db, "-q", "users", "add", "ana", "--role", "reviewer"]).stdout.strip()
    runner.invoke(cli, ["--db", db, "-q", "users", "add", "bo", "--role", "admin"])
    listed = runner.invoke(cli, ["--db", db, "users", "list"]).stdout
    lines = listed.strip().splitlines()
    assert [ln.split("\t")[:2] for ln in lines] == [["ana", "reviewer"], ["bo", "admin"]]
    assert "argon2" not in listed and token[:12] not in listed and all(ln.endswith("active") for ln in lines)
    assert runner.invoke(cli, ["--db", db, "users", "disable", "ana"]).exit_code == 0
    assert runner.invoke(cli, ["--db", db, "users", "list"]).stdout.splitlines()[0].endswith("disabled")
    assert user_of_token(open_store(db), token) is None


def test_disabling_an_unknown_user_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'u.db'}"
    code, _, err = run_main(monkeypatch, capsys, "--db", db, "users", "disable", "nobody")
    assert code == 1 and err.strip() == "cronica: error: no user 'nobody'"
