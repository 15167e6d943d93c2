"""The official layout, kept exactly: a province's annual report and the national consolidation, rendered from the
frozen snapshots in ``tests/reports/fixtures``, and a small document with every table option, are compared with
their structure as rendered when it was last approved (``golden/*.txt``): every paragraph with its text and
properties (style, alignment, spacing, indents, borders, keep-with-next, font, size, bold, italic, colour), every
table with its properties, grid widths, rows and cells (width, vertical alignment, merges), each section's page
size, orientation and margins, the page-number header and each picture (its size and the digest of its image).

The dump is the body's XML with nothing left out but the relationship ids (which name the same parts under other
numbers), written one paragraph to a line. After a change meant to alter the layout, look at the difference and
write the files again with ``GOLDEN_UPDATE=1 pytest tests/documents/test_layout_golden.py``."""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from documents.official import Annex, OfficialDocument, Section, Signature, Table, render_docx

GOLDEN = Path(__file__).parent / "golden"
SNAPSHOTS = Path(__file__).resolve().parents[1] / "reports" / "fixtures"
PREFIXES = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main": "w",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships": "r",
    "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing": "wp",
    "http://schemas.openxmlformats.org/drawingml/2006/main": "a",
    "http://schemas.openxmlformats.org/drawingml/2006/picture": "pic",
    "http://www.w3.org/XML/1998/namespace": "xml",
}
RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
# Elements written on a line of their own, holding the next level; anything else is written inline, whole.
BLOCKS = {"w:body", "w:tbl", "w:tr", "w:tc", "w:hdr"}


def _name(qname: str) -> str:
    if qname.startswith("{"):
        uri, local = qname[1:].split("}")
        return f"{PREFIXES.get(uri, uri)}:{local}"
    return qname


def _inline(element, targets: dict[str, str]) -> str:
    """An element and everything in it on one line: ``tag(attr=value,...)[children]`` or ``"text"``."""
    tag = _name(element.tag)
    text = json.dumps(element.text or "", ensure_ascii=False) if tag in ("w:t", "w:instrText") else ""
    attrs = []
    for key, value in sorted(element.attrib.items()):
        key = _name(key)
        if key.startswith("r:"):  # a relationship id: what it points at, not its number
            value = targets.get(value, "?")
        attrs.append(f"{key}={value}")
    out = tag + (f"({','.join(attrs)})" if attrs else "") + text
    children = [_inline(child, targets) for child in element if isinstance(child.tag, str)]
    return out + (f"[{' '.join(children)}]" if children else "")


def _dump(element, targets: dict[str, str], depth: int, lines: list[str]) -> None:
    tag = _name(element.tag)
    pad = "  " * depth
    if tag in BLOCKS:
        lines.append(f"{pad}{tag}")
        for child in element:
            if isinstance(child.tag, str):
                _dump(child, targets, depth + 1, lines)
    else:
        lines.append(pad + _inline(element, targets))


def structure(docx: bytes) -> str:
    """The document's body (and the headers it points at) as text, one paragraph, row property or cell property
    to a line."""
    parts = zipfile.ZipFile(io.BytesIO(docx))
    rels = etree.fromstring(parts.read("word/_rels/document.xml.rels"))
    targets = {}
    for rel in rels.iter(f"{{{RELATIONSHIPS}}}Relationship"):
        target = rel.get("Target")
        path = f"word/{target}"
        if target.startswith("media/"):
            targets[rel.get("Id")] = f"image:{hashlib.sha256(parts.read(path)).hexdigest()[:16]}"
        else:
            targets[rel.get("Id")] = target.rsplit("/", 1)[-1].split(".")[0].rstrip("0123456789")
    lines: list[str] = []
    body = etree.fromstring(parts.read("word/document.xml")).find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}body"
    )
    _dump(body, targets, 0, lines)
    headers = sorted(n for n in parts.namelist() if n.startswith("word/header"))
    for name in headers:
        _dump(etree.fromstring(parts.read(name)), targets, 0, lines)
    return "\n".join(lines) + "\n"


def _snapshot(name: str) -> dict:
    from reports.content import canonical

    return canonical(json.loads((SNAPSHOTS / f"{name}.json").read_text(encoding="utf-8")))


def every_table_option() -> OfficialDocument:
    """A small document with what the reports' tables use: relative widths, alignments, bold totals, line breaks,
    empty lines and spaces at the ends of a cell, empty cells, short rows, a portrait and a landscape annex."""
    return OfficialDocument(
        parent_body="BỘ NỘI VỤ",
        issuing_body="VỤ CÔNG TÁC THANH NIÊN\nVÀ BÌNH ĐẲNG GIỚI",
        number="7/BC-BNV",
        place="Hà Nội",
        date=None,
        kind_title="Báo cáo",
        subject="Tổng hợp kết quả thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2021 - 2030 năm 2026",
        recipient="",
        sections=[Section("I. KẾT QUẢ", ["Đoạn một.\n\nĐoạn hai;"], [Section("1. Chi tiết", ["Nội dung."])])],
        recipients=["- Thủ tướng Chính phủ;", "Lưu: VT"],
        signature=Signature(collective="", deputy="KT. BỘ TRƯỞNG", title="THỨ TRƯỞNG", name="Trần Thị B"),
        annexes=[
            Annex(
                "Phụ lục I",
                "BẢNG",
                "",
                Table(
                    columns=["TT", "Tỉnh", "Nữ", "Nam"],
                    rows=[
                        ["1", "Tây Ninh\nLong An", "1.234", ""],
                        ["2", "Hà Nội"],
                        ["3", " lùi vào ", "a\n\nb", "\n"],
                        ["", "Tổng", "9", "10"],
                    ],
                    widths_cm=[1, 6, 2, 2],
                    align=["center", "left", "right", "right"],
                    bold_rows=[3],
                ),
            ),
            Annex(
                "Phụ lục II", "", "(ghi chú)", Table(columns=["A", "B"], rows=[["x", None]], landscape=True)
            ),
        ],
    )


def _report(name: str) -> bytes:
    from reports.documents import report_docx

    return report_docx(_snapshot(name))


CASES = {
    "province-annual": lambda: _report("province-annual-v1-2026-12-03"),
    "national-consolidation": lambda: _report("nation-annual-v1-2026-12-03"),
    "every-table-option": lambda: render_docx(every_table_option()),
}


@pytest.mark.parametrize("name", list(CASES))
def test_the_rendered_layout_is_the_approved_one(name):
    rendered = structure(CASES[name]())
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("GOLDEN_UPDATE") == "1":
        path.write_text(rendered, encoding="utf-8")
    assert rendered == path.read_text(encoding="utf-8")


def test_the_dump_sees_a_change_of_any_visible_property():
    document = every_table_option()
    before = structure(render_docx(document))
    document.annexes[0].table.bold_rows = []
    assert structure(render_docx(document)) != before
    document = every_table_option()
    document.annexes[0].table.widths_cm = [1, 6, 2, 3]
    assert structure(render_docx(document)) != before
    document = every_table_option()
    document.annexes[1].table.landscape = False
    assert structure(render_docx(document)) != before
    assert structure(render_docx(every_table_option())) == before
