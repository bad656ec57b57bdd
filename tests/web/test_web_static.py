"""The dashboard's source, without a browser: translations complete, no HTML built from strings,
nothing inline that the Content-Security-Policy would have to allow, a build that ships its inputs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "cronica" / "web" / "src"
WEB = REPO / "web"
KEY = re.compile(r'^\s*"([^"]+)":', re.MULTILINE)


def keys(lang: str) -> list[str]:
    return KEY.findall((SRC / "i18n" / f"{lang}.js").read_text("utf-8"))


def test_english_and_spanish_have_the_same_strings() -> None:
    en, es = keys("en"), keys("es")
    assert len(en) == len(set(en)) and len(es) == len(set(es))
    assert set(en) == set(es)
    assert len(en) > 80


def test_every_key_the_code_uses_is_translated() -> None:
    used: set[str] = set()
    for path in [*SRC.glob("js/*.js"), SRC / "index.html"]:
        text = path.read_text("utf-8")
        used |= set(re.findall(r'\bt\(\s*"([a-zA-Z0-9_.]+)"', text))
        used |= set(re.findall(r'data-i18n(?:-placeholder|-title)?="([a-zA-Z0-9_.]+)"', text))
    assert used, "no keys found: the pattern is wrong"
    assert used - set(keys("en")) == set()


@pytest.mark.parametrize("path", sorted(SRC.glob("js/*.js")), ids=lambda p: p.name)
def test_no_html_is_built_from_strings(path: Path) -> None:
    text = path.read_text("utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in text, f"{path.name} uses {sink}"
    assert not re.search(r'setAttribute\(\s*"(style|on\w+)"', text)


def test_page_has_nothing_inline() -> None:
    html = (SRC / "index.html").read_text("utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"
    assert "<style" not in html and " style=" not in html
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"


def test_build_copies_what_the_page_imports() -> None:
    package = json.loads((WEB / "package.json").read_text("utf-8"))
    lock = json.loads((WEB / "package-lock.json").read_text("utf-8"))
    for name, version in package["dependencies"].items():
        assert lock["packages"][f"node_modules/{name}"]["version"] == version, name
    build = (WEB / "build.mjs").read_text("utf-8")
    imports = set()
    for path in SRC.glob("js/*.js"):
        imports |= set(re.findall(r'from "\.\./(vendor/[^"]+)"', path.read_text("utf-8")))
    assert imports == {"vendor/maplibre-gl/maplibre-gl.mjs", "vendor/topojson-client/index.js"}
    assert '"maplibre-gl.mjs"' in build and '"topojson-client", "src"' in build
