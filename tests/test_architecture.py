"""The import graph of ``cronica``: no cycles, and layers that only point down.

The graph is read from the source with ``ast``, so it holds every import a
module can make: those at module level and those inside functions (the lazy
ones still tie two modules together). Imports under ``if TYPE_CHECKING:`` are
left out, since they never run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "cronica"

Graph = Mapping[str, Iterable[str]]

# (layer, layers it must not import): a layer is a sub-package, or ``cli`` for cronica/cli.py
FORBIDDEN: dict[str, set[str]] = {
    "store": {"run", "fuse", "extract", "geo", "api", "cli"},
    "fuse": {"run", "store", "api", "cli"},
    "extract": {"run", "store", "api", "cli", "evaluate"},
    "geo": {"run", "store", "api", "cli", "evaluate"},
    "nlp": {"run", "store", "api", "cli", "evaluate"},
}


def module_name(path: Path, root: Path = PACKAGE) -> str:
    """``cronica/run/load.py`` -> ``cronica.run.load``; a package's ``__init__`` is the package."""
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    """The module an ``ImportFrom`` names, with relative imports made absolute."""
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _imported(node: ast.AST, module: str, is_package: bool, known: set[str]) -> Iterable[str]:
    """The modules an import statement loads.

    ``from a import b`` loads the module ``a.b`` when there is one, else ``a`` (``b`` is a name
    defined in ``a``). A package's ``__init__`` that only runs because one of its modules is
    imported does not count: that is how every package works, not a dependency.
    """
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        target = _absolute(node, module, is_package)
        for alias in node.names:
            sub = f"{target}.{alias.name}"
            yield sub if sub in known else target


def _walk(node: ast.AST) -> Iterable[ast.AST]:
    """Every node under ``node``, skipping the body of ``if TYPE_CHECKING:`` blocks."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            for other in child.orelse:
                yield other
                yield from _walk(other)
            continue
        yield child
        yield from _walk(child)


def imports_of(source: str, module: str, is_package: bool, known: set[str]) -> set[str]:
    """The modules of ``known`` that ``source`` (the text of ``module``) imports."""
    found: set[str] = set()
    for node in _walk(ast.parse(source)):
        for name in _imported(node, module, is_package, known):
            if name in known and name != module:
                found.add(name)
    return found


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    """Module -> the cronica modules it imports, for every module under ``root``."""
    files = {module_name(p, root): p for p in sorted(root.rglob("*.py"))}
    known = set(files)
    return {
        mod: imports_of(path.read_text(encoding="utf-8"), mod, path.name == "__init__.py", known)
        for mod, path in files.items()
    }


def strongly_connected(graph: Graph) -> list[list[str]]:
    """The strongly connected components of ``graph`` (Tarjan's algorithm, iterative), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    nodes = sorted(set(graph) | {d for deps in graph.values() for d in deps})
    for start in nodes:
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        top = stack.pop()
                        on_stack.discard(top)
                        component.append(top)
                        if top == node:
                            break
                    out.append(sorted(component))
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph.get(child, ())))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return sorted(out)


def _path(graph: Graph, start: str, goal: str, within: set[str]) -> list[str]:
    """A shortest path from ``start`` to ``goal`` through ``within`` (breadth first)."""
    previous: dict[str, str] = {}
    frontier = [start]
    seen = {start}
    while frontier:
        nxt = []
        for node in frontier:
            for child in sorted(graph.get(node, ())):
                if child == goal:
                    path = [child, node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return path[::-1]
                if child in within and child not in seen:
                    seen.add(child)
                    previous[child] = node
                    nxt.append(child)
        frontier = nxt
    raise ValueError(f"no path from {start} to {goal}")


def find_cycles(graph: Graph) -> list[list[str]]:
    """One cycle per tangle of mutually importing modules, as ``[a, b, ..., a]``."""
    cycles = []
    for component in strongly_connected(graph):
        first = component[0]
        if len(component) > 1 or first in graph.get(first, ()):
            cycles.append(_path(graph, first, first, set(component)))
    return cycles


def layer_of(module: str) -> str | None:
    """The layer of a module: the first name under ``cronica`` (``store``, ``cli``, ``model``...)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def layer_violations(graph: Graph, forbidden: Mapping[str, set[str]] = FORBIDDEN) -> list[str]:
    """``a -> b`` for every import of ``b`` by ``a`` that the layering forbids."""
    bad = []
    for module, deps in sorted(graph.items()):
        banned = forbidden.get(layer_of(module) or "", set())
        bad.extend(f"{module} -> {dep}" for dep in sorted(deps) if layer_of(dep) in banned)
    return bad


# -- the checks on cronica itself -------------------------------------------------------------------


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph()


def test_the_graph_is_read(graph: dict[str, set[str]]) -> None:
    # a module-level import, a function-level one, and a package __init__ re-export
    assert "cronica.store.db" in graph["cronica.run.runner"]
    assert "cronica.run.ray_engine" in graph["cronica.run.executors"]
    assert "cronica.store.db" in graph["cronica.store"]


def test_no_import_cycles(graph: dict[str, set[str]]) -> None:
    cycles = find_cycles(graph)
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_layers_only_point_down(graph: dict[str, set[str]]) -> None:
    bad = layer_violations(graph)
    assert not bad, "imports across layers:\n" + "\n".join(bad)


# -- the checker itself, on made-up graphs and sources ----------------------------------------------


def test_cycle_finder_reports_each_cycle_once() -> None:
    synthetic = {
        "a": {"b"},
        "b": {"c"},
        "c": {"a", "d"},
        "d": set(),
        "e": {"e"},
        "f": {"g"},
        "g": {"f"},
    }
    assert find_cycles(synthetic) == [["a", "b", "c", "a"], ["e", "e"], ["f", "g", "f"]]
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_cycle_finder_on_a_long_chain() -> None:
    chain = {f"m{i:04d}": {f"m{i + 1:04d}"} for i in range(3000)}  # no recursion limit to hit
    assert find_cycles(chain) == []
    chain["m3000"] = {"m0000"}
    [cycle] = find_cycles(chain)
    assert len(cycle) == 3002 and cycle[0] == cycle[-1] == "m0000"


def test_imports_inside_functions_count_and_type_checking_ones_do_not() -> None:
    source = (
        "from __future__ import annotations\n"
        "import typing\n"
        "from typing import TYPE_CHECKING\n"
        "from cronica.store import db, open_store\n"
        "if TYPE_CHECKING:\n"
        "    from cronica.run.runner import Progress\n"
        "else:\n"
        "    import cronica.geo.parse\n"
        "if typing.TYPE_CHECKING:\n"
        "    import cronica.api.app\n"
        "def f() -> None:\n"
        "    from cronica.fuse import fuse_mentions\n"
        "    from . import schema\n"
    )
    known = {
        "cronica.store",
        "cronica.store.db",
        "cronica.store.schema",
        "cronica.run.runner",
        "cronica.geo.parse",
        "cronica.api.app",
        "cronica.fuse",
    }
    got = imports_of(source, "cronica.store.bulk", False, known)
    assert got == {
        "cronica.store",  # open_store is a name in the package, db a module of it
        "cronica.store.db",
        "cronica.store.schema",
        "cronica.geo.parse",
        "cronica.fuse",
    }


def test_layer_rules_catch_an_upward_import() -> None:
    synthetic = {
        "cronica.store.db": {"cronica.model", "cronica.store.schema"},
        "cronica.store.bulk": {"cronica.run.runner", "cronica.fuse"},
        "cronica.fuse": {"cronica.geo.relate"},
        "cronica.geo.parse": {"cronica.cli"},
        "cronica.run.runner": {"cronica.store.db"},
    }
    assert layer_violations(synthetic) == [
        "cronica.geo.parse -> cronica.cli",
        "cronica.store.bulk -> cronica.fuse",
        "cronica.store.bulk -> cronica.run.runner",
    ]
