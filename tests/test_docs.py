"""Whatever a user can call is documented in README.md or docs/*.md (after sqlite-utils' test_docs.py).

- every command (walking the click group, so commands added later are covered) has a heading
  that names it, e.g. ``### `cronica events` ``, and each of its options appears in that section;
- every setting is a key of a TOML example, and the example loads;
- every REST endpoint appears as ``GET /api/...``;
- the public functions and classes of the modules users and other tools build on have docstrings.
"""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterator
from dataclasses import fields
from functools import cache
from pathlib import Path

import click
import pytest

from cronica.cli import cli
from cronica.config import Settings, load_settings

REPO = Path(__file__).resolve().parent.parent
DOC_FILES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
# `cronica events`, `cronica eval incidents --gold DIR`: the lower-case words after "cronica" name
# the command; an option, a placeholder or the closing backtick ends the name. `cronica [OPTIONS]`
# (no word at all) is the group itself, whose options are the global ones.
COMMAND_IN_HEADING = re.compile(r"`cronica((?: [a-z][a-z0-9-]*)*)(?=[ `])")


@cache
def _lines(path: Path) -> list[tuple[str, bool]]:
    """Each line of a Markdown file with whether it lies inside a fenced code block."""
    out = []
    fenced = False
    for line in path.read_text("utf-8").splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
            out.append((line, True))
        else:
            out.append((line, fenced))
    return out


@cache
def _command_sections() -> dict[str, str]:
    """The text of every section whose heading names a command, by command path ("" = the group)."""
    sections: dict[str, list[str]] = {}
    for path in DOC_FILES:
        lines = _lines(path)
        for i, (line, fenced) in enumerate(lines):
            m = HEADING.match(line)
            if fenced or not m:
                continue
            level = len(m.group(1))
            body = [line]
            for nxt, nxt_fenced in lines[i + 1 :]:
                other = HEADING.match(nxt)
                if other and not nxt_fenced and len(other.group(1)) <= level:
                    break
                body.append(nxt)
            for name in COMMAND_IN_HEADING.findall(m.group(2)):
                sections.setdefault(name.strip(), []).extend(body)
    return {name: "\n".join(body) for name, body in sections.items()}


def _all_text() -> str:
    return "\n".join(path.read_text("utf-8") for path in DOC_FILES)


def _commands(
    command: click.Command = cli, path: tuple[str, ...] = ()
) -> Iterator[tuple[str, click.Command]]:
    """Every command below ``command`` (itself included) by its path, e.g. "eval incidents"."""
    if command.hidden:
        return
    yield " ".join(path), command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from _commands(sub, (*path, name))


COMMANDS = dict(_commands())


def _options(command: click.Command) -> list[str]:
    return [
        name
        for param in command.params
        if isinstance(param, click.Option) and not param.hidden
        for name in (*param.opts, *param.secondary_opts)
    ]


def _mentions(text: str, option: str) -> bool:
    """Whether ``option`` stands in ``text`` as a word of its own (``--q`` is not in ``--quiet``)."""
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text) is not None


def test_the_walk_finds_the_commands() -> None:
    expected = {"", "extract", "ingest", "process", "events", "export", "backfill", "load", "eval"}
    assert expected <= set(COMMANDS)
    assert _options(COMMANDS["export"])[:3] == ["--format", "-o", "--output"]
    assert "--version" in _options(COMMANDS[""])


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_is_documented(name: str) -> None:
    sections = _command_sections()
    shown = f"cronica {name}".strip()
    assert name in sections, (
        f"`{shown}` has no section in README.md or docs/*.md: add a heading such as "
        f"'### `{shown}`' (docs/commands.md) that describes it and its options"
    )


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_options_are_documented(name: str) -> None:
    section = _command_sections().get(name, "")
    missing = [opt for opt in _options(COMMANDS[name]) if not _mentions(section, opt)]
    assert not missing, f"options of `cronica {name}` not described in its section: {', '.join(missing)}"


def test_the_section_finder_reads_headings_only() -> None:
    """A heading inside a code block ("# cronica.toml") or a plain mention names no command."""
    sections = _command_sections()
    assert "events" in sections and "" in sections
    assert "--limit" in sections["events"] and "--output" not in sections["events"]
    assert "toml" not in sections and "at scale" not in sections


@cache
def _toml_examples() -> list[str]:
    blocks: list[str] = []
    for path in DOC_FILES:
        current: list[str] | None = None
        for line, _ in _lines(path):
            if current is None and line.strip() == "```toml":
                current = []
            elif current is not None and line.strip() == "```":
                blocks.append("\n".join(current))
                current = None
            elif current is not None:
                current.append(line)
    return blocks


@pytest.mark.parametrize("setting", [f.name for f in fields(Settings)])
def test_setting_is_documented(setting: str) -> None:
    keys = set()
    for block in _toml_examples():
        data = tomllib.loads(block)
        keys |= set(data.get("cronica", data))
    assert setting in keys, f"setting {setting!r} is in no ```toml example of README.md or docs/*.md"


def test_toml_examples_are_valid_settings(tmp_path: Path) -> None:
    assert _toml_examples()
    for i, block in enumerate(_toml_examples()):
        path = tmp_path / f"example{i}.toml"
        path.write_text(block, encoding="utf-8")
        load_settings(str(path), env={})  # raises ConfigError on an unknown key or a bad value


def _endpoints(tmp_path: Path) -> list[str]:
    from fastapi.routing import APIRoute

    from cronica.api import create_app

    app = create_app(f"sqlite:///{tmp_path / 'docs.db'}", web_dir=tmp_path)
    found = [f"GET {app.openapi_url}"]
    for route in app.routes:
        if isinstance(route, APIRoute) and route.include_in_schema:
            found += [f"{method} {route.path}" for method in sorted(route.methods - {"HEAD"})]
    return found


def test_api_endpoints_are_documented(tmp_path: Path) -> None:
    endpoints = _endpoints(tmp_path)
    assert "GET /api/events/{event_id}" in endpoints and "GET /openapi.json" in endpoints
    text = _all_text()
    missing = [e for e in endpoints if f"`{e}`" not in text]
    assert not missing, f"endpoints not in README.md or docs/*.md: {', '.join(missing)}"


DOCUMENTED_MODULES = [
    "cronica/model.py",
    "cronica/config.py",
    "cronica/errors.py",
    "cronica/lexicon.py",
    *sorted(
        str(path.relative_to(REPO))
        for package in ("api", "sources", "export")
        for path in (REPO / "cronica" / package).glob("*.py")
    ),
]


def _undocumented(tree: ast.AST, prefix: str = "") -> Iterator[str]:
    """Public classes, functions and methods (not dunders) without a docstring."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            if not node.name.startswith("_") and ast.get_docstring(node) is None:
                yield f"{prefix}{node.name} (line {node.lineno})"
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                yield from _undocumented(node, f"{prefix}{node.name}.")


@pytest.mark.parametrize("module", DOCUMENTED_MODULES)
def test_public_api_has_docstrings(module: str) -> None:
    tree = ast.parse((REPO / module).read_text("utf-8"))
    assert ast.get_docstring(tree), f"{module} has no module docstring"
    missing = list(_undocumented(tree))
    assert not missing, f"{module}: no docstring on {', '.join(missing)}"
