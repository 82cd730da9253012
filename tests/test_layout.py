"""The package layout: dependencies flow one way through the layers, and no module imports
itself back through others. Every import counts, including those deferred into functions."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "mtcheck"
# Lower layers never import higher ones.
LAYERS = {
    "mtcheck": 0,
    "mtcheck.files": 0,
    "mtcheck.language": 1,
    "mtcheck.text": 2,
    "mtcheck.engine": 3,
    "mtcheck.compare": 4,  # comparisons run under the engine's CPU budgets
    "mtcheck.checks": 5,
    "mtcheck.run": 6,
    "mtcheck.evaluation": 7,
    "mtcheck.dask": 7,  # the Dask interface over mtcheck.run (mtcheck/run/frames.py)
    "mtcheck.cli": 8,
    "mtcheck.entry": 9,  # the command's entry point: `check` without typer, else mtcheck.cli
    "mtcheck.__main__": 9,
}
# The package's module __getattr__ re-exports the library interface (mtcheck.check_text, ...)
# on first access: these modules (named for type checkers) are imported only then, never
# while a module is being imported.
LAZY_FACE = {"mtcheck": {"mtcheck.run.api", "mtcheck.engine.findings", "mtcheck.files"}}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The mtcheck modules a file imports (`from mtcheck.x import y` counts mtcheck.x.y when
    y is a module of its own)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("mtcheck")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("mtcheck"):
            assert node.level == 0, f"{path}: relative import"
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names} & modules
    return found & modules


def _graph() -> dict[str, set[str]]:
    files = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    return {name: _imports(path, set(files)) - {name} - LAZY_FACE.get(name, set()) for name, path in files.items()}


def test_the_lazy_face_is_imported_only_inside_getattr():
    top_level = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8")).body
    eager = [node for node in top_level if isinstance(node, (ast.Import, ast.ImportFrom))]
    assert all(not (node.module or "").startswith("mtcheck") for node in eager if isinstance(node, ast.ImportFrom))
    assert all(
        not alias.name.startswith("mtcheck") for node in eager if isinstance(node, ast.Import) for alias in node.names
    )


def _layer(module: str) -> int:
    prefix = max((p for p in LAYERS if module == p or module.startswith(p + ".")), key=len)
    return LAYERS[prefix]


def test_every_module_belongs_to_a_layer():
    assert all(_layer(module) is not None for module in _graph())


def test_dependencies_flow_one_way():
    upward = [
        f"{module} imports {imported}"
        for module, imports in _graph().items()
        for imported in imports
        if _layer(imported) > _layer(module)
    ]
    assert upward == []


def test_no_import_cycle():
    graph = _graph()
    state: dict[str, int] = {}  # 1 on the current path, 2 finished
    cycles = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for imported in sorted(graph[module]):
            if state.get(imported) == 1:
                cycles.append(path[path.index(imported) :] + [imported])
            elif imported not in state:
                visit(imported, path + [imported])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_the_package_root_holds_only_its_face():
    # The command line, and the Dask interface (mtcheck.dask), are faces too.
    assert sorted(p.name for p in PACKAGE.glob("*.py")) == [
        "__init__.py",
        "__main__.py",
        "cli.py",
        "dask.py",
        "entry.py",
        "files.py",
    ]
