"""A report is an ordered list of sections: a section added in one module shows in the document, the Excel annex
and the page, and the sections together build exactly the content the schema describes."""

import io

import pytest
from django.utils.html import format_html
from docx import Document
from openpyxl import load_workbook

from lib.exporters import Sheet
from reports.assemble import assemble
from reports.content import ReportContent
from reports.documents import report_docx
from reports.models import ReportKind
from reports.sections import kinds
from reports.sections.base import BuildContext, PageContext, Section
from reports.xlsx import report_xlsx

pytestmark = pytest.mark.django_db


class TaskCount(Section):
    """A throwaway topic: how many indicators the report follows, from the content the other sections built."""

    key = "indicator_count"
    chapter = "I"
    heading = "Số chỉ tiêu được theo dõi"

    def paragraphs(self, snapshot: dict) -> list[str]:
        return [f"Báo cáo theo dõi {len(snapshot['indicators'])} chỉ tiêu (mục thử nghiệm)."]

    def sheets(self, snapshot: dict) -> list[Sheet]:
        return [Sheet(name="Thử nghiệm", headers=["Số chỉ tiêu"], rows=[[len(snapshot["indicators"])]])]

    def html(self, page: PageContext):
        count = len(page.snapshot["indicators"])
        return format_html('<section class="card" id="indicator-count"><p>{} chỉ tiêu</p></section>', count)


@pytest.fixture
def with_throwaway(monkeypatch):
    monkeypatch.setitem(kinds.SECTIONS, "annual", [*kinds.SECTIONS["annual"], TaskCount()])


def test_a_section_added_in_one_module_shows_in_the_docx_the_xlsx_and_the_page(
    with_throwaway, annual_report, client_as
):
    snapshot = assemble(annual_report)
    count = len(snapshot["indicators"])
    assert count > 0

    texts = [p.text for p in Document(io.BytesIO(report_docx(snapshot))).paragraphs]
    # chapter I had seven numbered parts: the new one is the eighth, and its text follows its heading
    heading = texts.index("8. Số chỉ tiêu được theo dõi")
    assert texts[heading + 1] == f"Báo cáo theo dõi {count} chỉ tiêu (mục thử nghiệm)."
    assert texts.index("7. Đánh giá chung, kết quả nổi bật") < heading < texts.index("1. Tồn tại, hạn chế")

    workbook = load_workbook(io.BytesIO(report_xlsx(snapshot)))
    assert workbook.sheetnames[-1] == "Thử nghiệm"
    assert [c.value for c in workbook["Thử nghiệm"]["A"]] == ["Số chỉ tiêu", count]

    page = client_as("focal").get("/reports/80/annual/2026/")
    assert page.status_code == 200
    assert (
        f'<section class="card" id="indicator-count"><p>{count} chỉ tiêu</p></section>'
        in page.content.decode()
    )


def test_without_the_section_nothing_of_it_shows(annual_report):
    snapshot = assemble(annual_report)
    texts = [p.text for p in Document(io.BytesIO(report_docx(snapshot))).paragraphs]
    assert not any(t.startswith("8. ") for t in texts)
    assert "Thử nghiệm" not in load_workbook(io.BytesIO(report_xlsx(snapshot))).sheetnames


@pytest.mark.parametrize("national", [False, True])
@pytest.mark.parametrize("kind", ReportKind.values)
def test_the_sections_of_each_kind_build_every_key_of_the_content_and_no_other(kind, national):
    """Every key the schema names is built by one section of the kind (or by the frame), and no two sections
    write the same key: a section's content has one home."""
    frame = {"schema_version", "kind", "year", "unit", "date", "assembled_at", "narrative", "document"}
    owners: dict[str, str] = {}
    for section in kinds.sections_for(kind, national=national):
        for key in _keys_built_by(section, national=national):
            assert key not in owners, f"{key} built by {owners[key]} and {section.key}"
            owners[key] = section.key
    expected = set(ReportContent.model_fields) - frame
    if not national:
        expected -= {"by_province", "provinces"}  # the nation's only, None for a province
    assert set(owners) == expected


def _keys_built_by(section: Section, *, national: bool) -> set[str]:
    """The keys a section's ``build`` writes, read from its source (building needs data; the keys do not)."""
    import ast
    import inspect
    import textwrap

    if type(section).build is Section.build:
        return set()
    tree = ast.parse(textwrap.dedent(inspect.getsource(type(section).build)))
    keys = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Dict):
            keys |= {k.value for k in node.value.keys if isinstance(k, ast.Constant)}
    return keys


def test_the_kinds_share_no_section_object():
    """A test that patches one kind's list leaves the others alone."""
    objects = [id(s) for kind in ReportKind.values for s in kinds.SECTIONS[kind]]
    assert len(objects) == len(set(objects))


def test_build_context_years_and_plans_of_the_nation(annual_report):
    from units.selectors import nation

    report = annual_report
    report.unit = nation()
    ctx = BuildContext(report=report, years=[2026], until=report.updated_at.date())
    assert ctx.national and ctx.plans == []
