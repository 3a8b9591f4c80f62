"""The layout shows the architecture (DESIGN.md, "Shape"): the import graph of `breach/` is checked here.

Every `.py` file under `breach/` is parsed with `ast` (nothing is imported), and ALL its imports are
collected: at module level, inside functions, and under `if TYPE_CHECKING:`. A lazy import is still a
dependency: it only moves the moment it is paid for. `from breach.x import y` counts as an import of
the module `breach.x.y` when that is a module, else of `breach.x`. A module's implicit import of its
parent packages is not counted (those `__init__` files import nothing of ours).

Rules:
(a) no cycle among breach's modules;
(b) `breach.domain` is pure functions of (facts, now): it imports nothing of breach.store,
    breach.records, breach.notify, breach.documents or breach.cli, nor sqlmodel, sqlalchemy, typer,
    apprise or jinja2 (nor breach.config and breach.migrations, which read files and schemas). Its functions that read an incident take a Protocol of the fields they read
    (e.g. `deadlines.ClockFacts`), not `store.models.Incident`. One thing is allowed that is not an
    import: `domain.clock.environment_clock` reads BREACH_NOW, the testing aid DESIGN.md names; it is
    called only by the CLI (a front end's choice of clock), never from inside the domain;
(c) nothing outside `breach/cli` imports `breach.cli`, except `breach/__main__.py` (the entry point).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "breach"

DOMAIN_MAY_NOT_IMPORT = (
    "breach.store", "breach.records", "breach.notify", "breach.documents", "breach.cli",
    "sqlmodel", "sqlalchemy", "typer", "apprise", "jinja2", "breach.config", "breach.migrations",
)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path, known: set[str]) -> dict[str, int]:
    """{imported module: first line}, every import in the file, lazy or not."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.setdefault(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            for alias in node.names:
                target = f"{module}.{alias.name}"
                found.setdefault(target if target in known else module, node.lineno)
    return found


def _graph() -> dict[str, dict[str, int]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def _within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def _cycle(graph: dict[str, dict[str, int]]) -> list[str] | None:
    """One cycle among breach's modules, as a path that returns to its start, or None."""
    edges = {name: sorted(target for target in targets if target in graph and target != name)
             for name, targets in graph.items()}
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in edges[node]:
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def _describe(graph: dict[str, dict[str, int]], cycle: list[str]) -> str:
    return " -> ".join(
        f"{a} (line {graph[a][b]})" for a, b in zip(cycle, cycle[1:], strict=False)
    ) + f" -> {cycle[-1]}"


def test_the_graph_is_read():
    """Guards the walk itself: known edges, lazy and under TYPE_CHECKING, are seen."""
    graph = _graph()
    assert "breach.cli.app" in graph and "breach.domain.clock" in graph
    assert "breach.cli.lazy" in graph["breach.cli.app"]  # `from breach.cli.lazy import LazyGroup`
    assert "breach.domain.clock" in graph["breach.cli.app"]  # under TYPE_CHECKING and inside functions
    assert "breach.store.models" in graph["breach.store.timeline"]  # `from breach.store.models import Event`


def test_no_import_cycle():
    graph = _graph()
    cycle = _cycle(graph)
    assert cycle is None, f"import cycle: {_describe(graph, cycle)}"


def test_domain_imports_no_store_io_or_front_end():
    graph = _graph()
    wrong = [
        f"{name} imports {target} (line {line})"
        for name, targets in sorted(graph.items()) if _within(name, "breach.domain")
        for target, line in sorted(targets.items())
        if any(_within(target, banned) for banned in DOMAIN_MAY_NOT_IMPORT)
    ]
    assert not wrong, "the domain must stay pure:\n" + "\n".join(wrong)


@pytest.mark.parametrize("front_end", ["breach.cli"])
def test_nothing_imports_the_cli(front_end):
    graph = _graph()
    wrong = [
        f"{name} imports {target} (line {line})"
        for name, targets in sorted(graph.items())
        if not _within(name, front_end) and name != "breach.__main__"
        for target, line in sorted(targets.items()) if _within(target, front_end)
    ]
    assert not wrong, f"nothing outside {front_end} may import it:\n" + "\n".join(wrong)


MAX_MODULE_LINES = 700  # past this a module holds more than one concept: split it by concept


def test_no_module_is_over_the_size_that_holds_one_concept():
    sizes = {path.relative_to(PACKAGE.parent): len(path.read_text(encoding="utf-8").splitlines())
             for path in PACKAGE.rglob("*.py") if "versions" not in path.parts}
    assert sizes and {str(path): n for path, n in sizes.items() if n > MAX_MODULE_LINES} == {}
