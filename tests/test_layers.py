"""The package's floors: no import circle, each module importable alone.

The import graph is read from the source with ``ast``: every import of a ``govreport`` module, at
the top of a file or inside a function (a function-local import hides a circle, it does not break
it), except those under ``if TYPE_CHECKING:`` (type names for annotations, never run). ``from P
import x`` is an edge to the module ``P.x`` when ``x`` is one, else to ``P``.

``python tests/test_layers.py`` prints the graph, floor by floor (for the README and commit messages).
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "govreport"


def modules(root: Path = ROOT) -> dict[str, tuple[Path, bool]]:
    """Dotted name -> (file, is a package) of every module of ``govreport``."""
    out = {}
    for p in sorted((root / "govreport").rglob("*.py")):
        parts = list(p.relative_to(root).with_suffix("").parts)
        package = parts[-1] == "__init__"
        if package:
            parts = parts[:-1]
        out[".".join(parts)] = (p, package)
    return out


def _type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (
        isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST) -> list[ast.stmt]:
    skip = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.If) and _type_checking(n):
            for c in n.body:
                skip |= {id(d) for d in ast.walk(c)}
    return [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom)) and id(n) not in skip]


def graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Module -> the govreport modules it imports."""
    mods = modules(root)

    def owner(name: str) -> str | None:
        while name and name not in mods:
            name = name.rpartition(".")[0]
        return name or None

    edges: dict[str, set[str]] = {}
    for m, (path, package) in mods.items():
        base = m if package else m.rpartition(".")[0]
        out: set[str] = set()
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                mod = node.module or ""
                if node.level:
                    b = base
                    for _ in range(node.level - 1):
                        b = b.rpartition(".")[0]
                    mod = b + ("." + mod if mod else "")
                names = [f"{mod}.{a.name}" if f"{mod}.{a.name}" in mods else mod for a in node.names]
            for t in names:
                if t == "govreport" or t.startswith("govreport."):
                    o = owner(t)
                    if o and o != m:
                        out.add(o)
        edges[m] = out
    return edges


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def floors(edges: dict[str, set[str]]) -> dict[str, int]:
    """Module -> its floor: 0 imports nothing of the package, n one more than its highest import."""
    got: dict[str, int] = {}

    def floor(m: str) -> int:
        if m not in got:
            got[m] = -1  # being computed (no circle: see test_no_import_circle)
            got[m] = 1 + max((floor(d) for d in edges[m]), default=-1)
        return got[m]

    for m in edges:
        floor(m)
    return got


def test_no_import_circle():
    edges = graph()
    assert len(edges) > 40  # the package was read
    assert circles(edges) == []


def test_the_bottom_floor_imports_nothing_above_it():
    """YAML reading and the figures' vocabulary are what everything uses; they use nothing of ours
    but the error type (and the YAML reader the number syntax)."""
    edges = graph()
    assert edges["govreport.errors"] == set()
    assert edges["govreport.figures"] == set()
    assert edges["govreport.safeyaml"] <= {"govreport.errors", "govreport.figures"}
    assert edges["govreport.references"] <= {"govreport.figures"}
    assert edges["govreport.paths"] == set()


def test_the_graph_sees_a_circle():
    """The test above can fail: two modules importing each other (one inside a function) are found."""
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(edges) == [["a", "b", "c"]]
    tree = ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import govreport.model\n"
                     "def f():\n    from govreport import loader\n")
    seen = [ast.unparse(n) for n in _imports(tree)]
    assert seen == ["from typing import TYPE_CHECKING", "from govreport import loader"]


ALONE = sorted(m for m in modules() if not m.endswith("__main__"))  # __main__ runs the command


@pytest.mark.parametrize("module", ALONE)
def test_each_module_imports_alone(module):
    """A fresh interpreter imports the module first, nothing of the package before it: a circle
    that only works in one order (a name used before its module finished) fails here."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run([sys.executable, "-c", f"import {module}"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def main() -> int:
    edges = graph()
    short = lambda m: m.removeprefix("govreport.")  # noqa: E731
    by_floor: dict[int, list[str]] = {}
    for m, n in floors(edges).items():
        by_floor.setdefault(n, []).append(m)
    for n in sorted(by_floor):
        print(f"floor {n}:")
        for m in sorted(by_floor[n]):
            print(f"  {short(m)} -> {', '.join(sorted(short(d) for d in edges[m])) or '(nothing of ours)'}")
    found = circles(edges)
    print("circles:", "; ".join(" ↔ ".join(short(m) for m in c) for c in found) if found else "none")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
