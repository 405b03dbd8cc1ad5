"""The package → package import graph of ims_cli, read from the source, and its cycles.

    .venv/bin/python tests/layering.py   # every cycle, with the imports that make it

A package is a folder of src/ims_cli (`store`, `rules`, …) or a module at its top (`config`,
`confidentiality`, …). Every import counts: at the top of a module, inside a function (the lazy
imports that keep start-up short) and under TYPE_CHECKING — each is a dependency all the same.
tests/test_layering.py holds the layers and keeps them.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "ims_cli"
# `from ims_cli import __version__` reads the one place the version lives (release.yml reads it
# there too); Python runs the package's __init__ before any module in it anyway.
VERSION = "__version__"


@dataclass(frozen=True)
class Import:
    source: str  # the importing package: `store`, `config`, `__init__` for the package itself
    target: str  # the imported package
    where: str  # file:line of the import, relative to src/ims_cli
    name: str  # the module imported, dotted


def package_of(module: str) -> str:
    """'store' for ims_cli.store.load, 'config' for ims_cli.config, '__init__' for ims_cli."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _module_of(path: Path, package: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def _targets(node: ast.AST, module: str, is_package: bool, package: Path) -> Iterator[str]:
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        base = module if is_package else module.rpartition(".")[0]
        if node.level:
            parts = base.split(".")
            parts = parts[: len(parts) - (node.level - 1)]
            target = ".".join([*parts, *([node.module] if node.module else [])])
        else:
            target = node.module or ""
        if target != package.name:
            yield target
            return
        # from ims_cli import config: a module; from ims_cli import open: a name of __init__
        for alias in node.names:
            named = package / alias.name
            if named.is_dir() or named.with_suffix(".py").exists():
                yield f"{package.name}.{alias.name}"
            elif alias.name != VERSION:
                yield package.name


def packages(package: Path = PACKAGE) -> set[str]:
    """Every package of ims_cli: its folders with Python in them, and its top-level modules."""
    return {package_of(_module_of(path, package)[0]) for path in package.rglob("*.py")}


def imports(package: Path = PACKAGE) -> list[Import]:
    """Every import from one package of ims_cli into another, wherever it stands in the file."""
    found = []
    for path in sorted(package.rglob("*.py")):
        module, is_package = _module_of(path, package)
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            for target in _targets(node, module, is_package, package):
                if target.split(".")[0] != package.name:
                    continue
                source, into = package_of(module), package_of(target)
                if source != into:
                    where = f"{path.relative_to(package).as_posix()}:{node.lineno}"
                    found.append(Import(source, into, where, target))
    return found


def graph(found: list[Import]) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = defaultdict(set)
    for imp in found:
        edges[imp.source].add(imp.target)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The packages that import each other, directly or round about (Tarjan's strongly connected
    components of more than one package), each sorted."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        order[node] = low[node] = len(order)
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in order:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], order[nxt])
        if low[node] == order[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in order:
            visit(node)
    return sorted(found)


def main() -> int:
    found = imports()
    knots = cycles(graph(found))
    for knot in knots:
        print(" ↔ ".join(knot))
        pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
        for imp in found:
            if imp.source in knot and imp.target in knot:
                pairs[imp.source, imp.target].append(imp.where)
        for (source, target), where in sorted(pairs.items()):
            more = f" and {len(where) - 3} more" if len(where) > 3 else ""
            print(f"  {source} → {target}: {', '.join(where[:3])}{more}")
    if not knots:
        print("no cycles between the packages of ims_cli")
    return 1 if knots else 0


if __name__ == "__main__":
    sys.exit(main())
