"""The package's shape, measured from the code: features in small folders, a small main
window, no import cycles, Qt only under ``editor/ui``."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "editor"
# The entry points start the GUI or the command line; everything else is core or ui.
ENTRY_POINTS = {"editor", "editor.__main__", "editor.app", "editor.cli"}


def _modules() -> dict[str, Path]:
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    return modules


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules ``name`` imports, anywhere in it (type-checking imports too)."""
    found: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in modules else base)
    return {module for module in found if module in modules and module != name}


def _uses_qt(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(
            alias.name.startswith(("PySide6", "shiboken6")) for alias in node.names
        ):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
            ("PySide6", "shiboken6")
        ):
            return True
    return False


def test_no_folder_holds_more_than_15_modules() -> None:
    crowded = {}
    for folder in [PACKAGE, *(path for path in PACKAGE.rglob("*") if path.is_dir())]:
        count = len([path for path in folder.glob("*.py") if path.name != "__init__.py"])
        if count > 15 and folder.name != "__pycache__":
            crowded[str(folder.relative_to(PACKAGE.parent))] = count
    assert crowded == {}


def test_the_main_window_module_stays_small() -> None:
    lines = (PACKAGE / "ui" / "window" / "main_window.py").read_text(encoding="utf-8")
    assert len(lines.splitlines()) <= 300


def test_no_import_cycles() -> None:
    modules = _modules()
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    # A package's __init__ may re-export its own modules: not a cycle a reader trips over.
    for name in graph:
        graph[name] = {other for other in graph[name] if not name.startswith(f"{other}.")}
    cycles = []
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    assert cycles == []


def test_qt_only_under_ui_and_every_ui_module_is_qt_code() -> None:
    modules = _modules()
    qt_outside = [
        name
        for name, path in modules.items()
        if not name.startswith("editor.ui") and name not in ENTRY_POINTS and _uses_qt(path)
    ]
    qt_free_inside = [
        name
        for name, path in modules.items()
        if name.startswith("editor.ui.") and path.name != "__init__.py" and not _uses_qt(path)
    ]
    assert qt_outside == []
    assert qt_free_inside == []


def test_every_core_module_imports_on_its_own() -> None:
    # A module that is only importable after another one (a loop through a package's
    # __init__) breaks the first command that happens to import it first.
    names = [name for name in _modules() if name.startswith("editor.core")]
    script = (
        "import importlib, subprocess, sys\n"
        "failed = [n for n in sys.argv[1:] if subprocess.run("
        "[sys.executable, '-c', f'import {n}'], capture_output=True).returncode]\n"
        "print(' '.join(failed))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, *names], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == []
