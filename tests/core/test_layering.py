"""Layers that stay apart (issue 14): views leave transactions to services, and an app's services, selectors and
the plan's funding and documents modules never import one another in a circle (hidden in a function or not)."""

import ast
from pathlib import Path

ROOT = Path(__file__).parents[2]
WATCHED = {"services", "selectors", "plans.funding", "plans.documents"}


def _modules(root: Path) -> dict[str, Path]:
    apps = {path.parent.name for path in root.glob("*/apps.py")} | {"lib", "config"}
    found = {}
    for app in apps:
        for path in (root / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(root).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The project's modules a file imports, wherever the import stands, but under ``if TYPE_CHECKING:``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for statement in node.body
        for inner in ast.walk(statement)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in modules}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                name = f"{node.module}.{alias.name}"
                if name in modules:
                    found.add(name)
                elif node.module in modules:
                    found.add(node.module)
    return found


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, edges = work[-1]
            for target in edges:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph[target]))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        components.append(sorted(component))
    return components


def _watched(module: str) -> bool:
    return module in WATCHED or module.rsplit(".", 1)[-1] in WATCHED


def layer_cycles(root: Path = ROOT) -> list[list[str]]:
    """Circles of imports that hold two or more services, selectors, or the plan's funding and documents."""
    modules = _modules(root)
    graph = {name: _imports(path, modules) - {name} for name, path in modules.items()}
    return [
        [m for m in component if _watched(m)]
        for component in _cycles(graph)
        if sum(_watched(m) for m in component) > 1
    ]


REPORT_RENDERING = ("reports.sections", "reports.assemble", "reports.documents", "reports.xlsx")


def report_cycles(root: Path = ROOT) -> list[list[str]]:
    """Circles among the report's sections and the modules that loop over them (sections import downwards only:
    selectors, then the section base, then each section, then the kinds, then the renderers)."""
    modules = _modules(root)
    graph = {name: _imports(path, modules) - {name} for name, path in modules.items()}
    ours = [[m for m in component if m.startswith(REPORT_RENDERING)] for component in _cycles(graph)]
    return [component for component in ours if len(component) > 1]


def views_opening_transactions(root: Path = ROOT) -> list[str]:
    return [
        f"{path.relative_to(root)}:{number}"
        for path in sorted(root.glob("*/views.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "transaction.atomic" in line or "atomic(" in line
    ]


def test_no_circle_among_services_and_selectors():
    assert layer_cycles() == []


def test_no_circle_among_the_report_sections_and_their_renderers():
    assert report_cycles() == []


def test_no_view_opens_a_transaction():
    """A view calls one service, which is atomic and writes the audit entry; it never opens its own."""
    assert views_opening_transactions() == []


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_the_walk_sees_a_circle_hidden_in_a_function(tmp_path):
    root = _tree(
        tmp_path,
        {
            "shop/apps.py": "",
            "shop/services.py": "from shop.funding import total\n",
            "shop/funding.py": "from shop import documents\n",
            "shop/documents.py": "from shop.selectors import rows\n",
            "shop/selectors.py": "def rows():\n    from shop.services import FIELDS\n",
            "shop/views.py": "from shop import services\n",
        },
    )
    assert layer_cycles(root) == [["shop.selectors", "shop.services"]]
    (root / "shop/selectors.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from shop.services import FIELDS\n",
        encoding="utf-8",
    )
    assert layer_cycles(root) == []


def test_the_walk_sees_a_view_opening_a_transaction(tmp_path):
    root = _tree(
        tmp_path,
        {
            "shop/views.py": "def buy(request):\n    with transaction.atomic():\n        pass\n",
            "shop/other.py": "@atomic()\ndef f(): ...\n",
        },
    )
    assert views_opening_transactions(root) == ["shop/views.py:2"]
