"""Load a module of the repository by its path, once per test session (the web tests share the
browser fixtures of test_web_browser.py, the API sample and the bench's Chromium flags)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


def load_module(name: str, path: Path) -> Any:
    """The module at ``path`` under ``name``; the one already loaded when there is one."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
