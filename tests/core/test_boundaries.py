"""Apps talk to each other through public names (issue 14): a name starting with an underscore is its module's
own business, and importing it from another app ties the two together where neither says so."""

import ast
from pathlib import Path

ROOT = Path(__file__).parents[2]


def _apps() -> set[str]:
    return {path.parent.name for path in ROOT.glob("*/apps.py")} | {"lib", "config"}


def private_imports_across_apps() -> list[str]:
    apps = _apps()
    found = []
    for app in sorted(apps):
        for path in sorted((ROOT / app).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.ImportFrom) or not node.module or node.level:
                    continue
                source = node.module.split(".")[0]
                if source in apps and source != app:
                    found += [
                        f"{path.relative_to(ROOT)}:{node.lineno} imports {node.module}.{alias.name}"
                        for alias in node.names
                        if alias.name.startswith("_")
                    ]
    return found


def test_no_app_imports_a_private_name_of_another():
    assert private_imports_across_apps() == []


def test_the_check_sees_such_an_import():
    """The walk finds what it looks for: a module of one app importing another's private name."""
    module = ROOT / "reports" / "zz_boundary_probe.py"
    module.write_text("from datavalues.selectors import _hidden\n", encoding="utf-8")
    try:
        assert private_imports_across_apps() == [
            "reports/zz_boundary_probe.py:1 imports datavalues.selectors._hidden"
        ]
    finally:
        module.unlink()
