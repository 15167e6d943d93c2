"""Downloads are laid out in one place (issue 14): an exporter yields rows and ``lib.exporters`` writes the
workbook. A module that builds its own ``openpyxl.Workbook`` for a download bypasses the header, formats and
formula-safe cells every other download gets."""

import ast
from pathlib import Path

ROOT = Path(__file__).parents[2]
ALLOWED = {"lib/exporters.py"}  # the renderer
SKIPPED = {"bench", "tests", "node_modules", "staticfiles", "test-artifacts"}


def workbooks_built() -> list[str]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if (
            relative.parts[0] in SKIPPED
            or relative.parts[0].startswith(".")
            or relative.as_posix() in ALLOWED
        ):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {"openpyxl.Workbook", "openpyxl.workbook.Workbook", "openpyxl.workbook.workbook.Workbook"}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("openpyxl"):
                names |= {alias.asname or alias.name for alias in node.names if alias.name == "Workbook"}
            elif isinstance(node, ast.Import):
                names |= {
                    f"{alias.asname}.Workbook"
                    for alias in node.names
                    if alias.asname and alias.name == "openpyxl"
                }
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and ast.unparse(node.func) in names:
                found.append(f"{relative.as_posix()}:{node.lineno} builds {ast.unparse(node.func)}")
    return found


def test_no_module_outside_the_renderers_builds_a_workbook():
    assert workbooks_built() == []


def test_the_check_sees_a_workbook_built_by_hand():
    """The walk finds what it looks for, however openpyxl's Workbook is imported."""
    module = ROOT / "portal" / "zz_workbook_probe.py"
    module.write_text(
        "import openpyxl\nimport openpyxl as xl\nfrom openpyxl import Workbook as W\n\n"
        "a = openpyxl.Workbook()\nb = xl.Workbook(write_only=True)\nc = W()\n",
        encoding="utf-8",
    )
    try:
        assert workbooks_built() == [
            "portal/zz_workbook_probe.py:5 builds openpyxl.Workbook",
            "portal/zz_workbook_probe.py:6 builds xl.Workbook",
            "portal/zz_workbook_probe.py:7 builds W",
        ]
    finally:
        module.unlink()
