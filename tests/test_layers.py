"""The layers hold: ``kartan`` (library) < ``api`` (web) < ``kartan_cli`` (command line).

Read from the source with :mod:`ast`, so an import inside a function counts as much as
one at the top of a module (an import moved into a function to dodge a cycle is still a
cycle):

* no import cycle among the modules of ``kartan``, ``api`` and ``kartan_cli``;
* ``kartan`` never depends on ``api`` or ``kartan_cli`` — by import, or by naming one of
  their modules in a string (``importlib.import_module("api.site")``, uvicorn's
  ``"api.app:create_app_from_env"``);
* ``api`` never depends on ``kartan_cli``;
* no ``try: import … except ImportError`` around one of our own modules (an "optional"
  part of the project hides a dependency from the type checker);
* the command line lives in ``kartan_cli``: no module of ``kartan`` parses arguments
  (``argparse``), prints, or reads an environment variable (settings come from the caller).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import networkx as nx
import pytest

from tests.helpers import ROOT

PACKAGES = ("kartan", "api", "kartan_cli")
# which layers a package may depend on (its own and those below it)
ALLOWED = {"kartan": {"kartan"}, "api": {"kartan", "api"}, "kartan_cli": set(PACKAGES)}
# a dotted name of one of our modules inside a string: "api.site", "api.app:create_app"
MODULE_IN_STRING = re.compile(r"^(kartan_cli|api|kartan)(\.[A-Za-z_]\w*)+(:\w+)?$")


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the imported module (the longest module of ours the name names)
    line: int
    by_string: bool = False


@cache
def modules() -> dict[str, Path]:
    """Every module of our packages, by dotted name."""
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _ours(name: str) -> str | None:
    """The module of ours that ``name`` (a module or a name inside one) refers to."""
    known = modules()
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string constants that are docstrings."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def imports_of(module: str) -> Iterator[Import]:
    """Every dependency of ``module`` on another module of ours."""
    path = modules()[module]
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    docstrings = _docstrings(tree)
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            stem = ".".join([*base, *([node.module] if node.module else [])])
            names = [stem] + [f"{stem}.{alias.name}" for alias in node.names]
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and MODULE_IN_STRING.match(node.value.strip())
        ):
            target = _ours(node.value.strip().split(":")[0])
            if target is not None and target != module:
                yield Import(module, target, node.lineno, by_string=True)
            continue
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue  # names is empty: nothing else imports
        for name in names:
            target = _ours(name)
            if target is not None and target != module:
                yield Import(module, target, node.lineno)


@cache
def graph() -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from(modules())
    for module in modules():
        for imp in imports_of(module):
            g.add_edge(imp.source, imp.target, line=imp.line, by_string=imp.by_string)
    return g


def test_the_packages_are_read() -> None:
    g = graph()
    assert {"kartan.load", "api.app", "kartan_cli.main"} <= set(g)
    assert g.has_edge("kartan_cli.main", "kartan.load")
    assert g.has_edge("api.app", "api.routes.pages")


def test_no_import_cycles() -> None:
    g = graph()
    cycles = [sorted(c) for c in nx.strongly_connected_components(g) if len(c) > 1]
    described = []
    for cycle in cycles:
        edges = g.subgraph(cycle).edges(data=True)
        described.append([f"{a} -> {b} (line {d['line']})" for a, b, d in sorted(edges)])
    assert described == [], f"import cycles: {described}"


@pytest.mark.parametrize("package", PACKAGES)
def test_each_layer_depends_only_on_the_layers_below(package: str) -> None:
    bad = [
        f"{imp.source}:{imp.line} -> {imp.target}"
        + (" (named in a string)" if imp.by_string else "")
        for module in modules()
        if module.split(".")[0] == package
        for imp in imports_of(module)
        if imp.target.split(".")[0] not in ALLOWED[package]
    ]
    assert bad == []


def test_a_string_naming_a_module_counts_as_a_dependency(tmp_path: Path) -> None:
    """The check sees uvicorn's import string, as the old ``kartan/cli.py`` wrote it."""
    source = (
        'import uvicorn\n\ndef serve() -> None:\n    uvicorn.run("api.app:create_app_from_env")\n'
    )
    tree = ast.parse(source)
    strings = [
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]
    assert [s for s in strings if MODULE_IN_STRING.match(s)] == ["api.app:create_app_from_env"]
    assert _ours("api.app") == "api.app"


def _guarded_imports(tree: ast.AST) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Try):
            continue
        caught = {
            ast.unparse(h.type) for h in node.handlers if h.type is not None
        }  # e.g. "ImportError", "(ImportError, AttributeError)"
        if not any("ImportError" in c or "ModuleNotFoundError" in c for c in caught):
            continue
        for inner in node.body:
            for sub in ast.walk(inner):
                if isinstance(sub, ast.Import | ast.ImportFrom):
                    name = sub.module if isinstance(sub, ast.ImportFrom) else sub.names[0].name
                    if name and name.split(".")[0] in PACKAGES:
                        yield sub.lineno, name


def test_our_own_modules_are_never_optional() -> None:
    found = [
        f"{module}:{line} imports {name} inside try/except ImportError"
        for module, path in modules().items()
        for line, name in _guarded_imports(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert found == []
    optional_lookups = [
        f"{module}: {match.group(0)}"
        for module, path in modules().items()
        for match in re.finditer(
            r"find_spec\(\s*[\"'](?:kartan|api)[\w.]*[\"']\s*\)", path.read_text(encoding="utf-8")
        )
    ]
    assert optional_lookups == []


def _command_line_traits(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, what) for each trait of a command line: argparse, print(), os.environ reads.

    Handing the whole environment to a child process (``dict(os.environ)``) reads no
    variable and is not one.
    """
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
            if "argparse" in names:
                yield node.lineno, "imports argparse"
        elif isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Name) and f.id == "print":
                yield node.lineno, "print()"
            elif ast.unparse(f) in ("os.getenv", "os.environ.get", "os.environ.setdefault"):
                yield node.lineno, ast.unparse(f)
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            yield node.lineno, "os.environ[...]"


def test_the_library_has_no_command_line() -> None:
    found = [
        f"{name}:{line}: {what}"
        for name, path in modules().items()
        if name.split(".")[0] == "kartan"
        for line, what in _command_line_traits(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert found == []


def test_a_command_line_trait_is_seen() -> None:
    """The check above sees each trait (else it could pass by seeing nothing)."""
    source = (
        "import argparse\nimport os\nprint(1)\nos.environ.get('KARTAN_X')\n"
        "os.getenv('Y')\nos.environ['Z']\nenv = dict(os.environ)\n"
    )
    assert [what for _, what in _command_line_traits(ast.parse(source))] == [
        "imports argparse",
        "print()",
        "os.environ.get",
        "os.getenv",
        "os.environ[...]",
    ]
