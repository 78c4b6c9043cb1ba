"""The package's import graph, read with ``ast`` (imports inside functions and under
``TYPE_CHECKING`` included): no cycles, no stage importing a later one, ``render`` using
the stages before it for types only, no library module importing ``cli``, and every
import inside a function giving its reason."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "symtconv"

#: The stages in order: a module may import its own stage and the ones before it.
STAGES = (
    ("errors", "results"),
    ("core",),
    ("engine",),
    ("prover", "handcheck", "frameworks"),
    ("linter",),
    ("render",),
    ("gallery",),
    ("cli",),
)
RANK = {name: n for n, names in enumerate(STAGES) for name in names}
#: What render may import when it runs (anything before it, for types only).
RENDER_RUNTIME = {"errors", "results", "core", "render"}


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = ("symtconv", *path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _type_checking_nodes(tree: ast.AST) -> set[ast.AST]:
    inside: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in (
            "TYPE_CHECKING",
            "typing.TYPE_CHECKING",
        ):
            for child in node.body:
                inside.update(ast.walk(child))
    return inside


def _function_nodes(tree: ast.AST) -> set[ast.AST]:
    inside: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            inside.update(ast.walk(node))
    return inside


class Import:
    def __init__(self, source: str, target: str, node: ast.AST, typing_only: bool, local: bool):
        self.source, self.target, self.node = source, target, node
        self.typing_only, self.local = typing_only, local

    def __repr__(self) -> str:
        return f"{self.source}:{self.node.lineno} -> {self.target}"  # type: ignore[attr-defined]


def _imports() -> list[Import]:
    found = []
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only, local = _type_checking_nodes(tree), _function_nodes(tree)
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                targets.append(module)  # `from pkg import sub` runs pkg's __init__ too
                for alias in node.names:
                    sub = f"{module}.{alias.name}"
                    if sub in MODULES:
                        targets.append(sub)
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            for target in targets:
                if target in MODULES and target != name:
                    found.append(Import(name, target, node, node in typing_only, node in local))
    return found


IMPORTS = _imports()


def _stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def test_the_graph_is_read() -> None:
    assert len(MODULES) > 60
    assert any(i.typing_only for i in IMPORTS)
    assert any(i.target == "symtconv.core.spec" for i in IMPORTS)


def test_no_import_cycles() -> None:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for i in IMPORTS:
        graph[i.source].add(i.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    assert cycles == []


def test_every_module_belongs_to_a_stage() -> None:
    for module in MODULES:
        stage = _stage(module)
        assert stage is None or stage in RANK or stage == "__main__", module


def test_no_stage_imports_a_later_one() -> None:
    upward = []
    for i in IMPORTS:
        source, target = _stage(i.source), _stage(i.target)
        if source is None or source == "__main__" or target is None:
            continue  # the package's re-exports and the entry points
        if i.source.endswith(".__main__") and target == "cli":
            continue  # `python -m symtconv.gallery` runs the command line
        if RANK[target] > RANK[source]:
            upward.append(i)
    assert upward == []


def test_render_imports_earlier_stages_for_types_only() -> None:
    runtime = [
        i
        for i in IMPORTS
        if _stage(i.source) == "render"
        and not i.typing_only
        and _stage(i.target) not in RENDER_RUNTIME
    ]
    assert runtime == []


def test_no_library_module_imports_the_command_line() -> None:
    users = {i.source for i in IMPORTS if _stage(i.target) == "cli" and _stage(i.source) != "cli"}
    assert users <= {"symtconv.__main__", "symtconv.gallery.__main__"}


def _local_imports() -> list[tuple[Path, int, str]]:
    out = []
    for path in MODULES.values():
        lines = path.read_text(encoding="utf-8").splitlines()
        tree = ast.parse("\n".join(lines))
        for node in _function_nodes(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                near = lines[max(0, node.lineno - 3) : node.lineno]  # the import, two lines above
                out.append((path, node.lineno, " ".join(near)))
    return out


@pytest.mark.parametrize(
    ("path", "line", "text"),
    _local_imports(),
    ids=lambda v: str(v)[-40:] if isinstance(v, str) else None,
)
def test_an_import_inside_a_function_says_why(path: Path, line: int, text: str) -> None:
    assert "#" in text, f"{path}:{line}: an import inside a function needs a one-line reason"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_subpackage_is_hidden_by_a_reexport(module: str) -> None:
    """``import symtconv.x.y`` gives the module, never a function of the same name."""
    if module.endswith("__main__"):
        return
    loaded = importlib.import_module(module)
    assert loaded.__name__ == module
    parent, _, leaf = module.rpartition(".")
    if parent:
        attr = getattr(importlib.import_module(parent), leaf, loaded)
        assert attr is loaded, f"{parent}.{leaf} is {attr!r}, not the module"
