"""Issue 13: every upload endpoint answers a broken file with a clear Vietnamese refusal and changes nothing; no
file, however broken, gives a server error.

Hypothesis builds the broken files from good ones: random bytes; the values' CSV in Latin-1, UTF-16, UTF-32 or
Windows-1258, with two byte-order marks, with NUL or other control characters, an unclosed or a stray quotation
mark, very long fields, a cell too many or too few, a damaged header; good workbooks truncated, with a byte
flipped, with the sheet's XML replaced by malformed XML, without one of their parts, a ZIP of garbage, a huge shared
string (small once compressed), odd cell values; and files whose content does not match their extension. Each
example is sent to the endpoint as a browser would send it, inside a savepoint rolled back afterwards, so the
examples do not see each other's writes.

For every example: no server error (the test client raises the view's exception, so a crash fails the test); a
refusal shows why in Vietnamese and leaves the values, the plan's targets, the questions' messages and files and
the audit log exactly as they were (a checksum of their rows); an example built to be bad is refused.

Bounded and reproducible for CI (``derandomize``: the same examples on every run). ``UPLOAD_FUZZ_EXAMPLES=500``
searches further on a developer's machine."""

import csv
import hashlib
import io
import json
import os
import re
import zipfile
from contextlib import contextmanager
from datetime import date
from xml.sax.saxutils import escape as xml_escape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import resolve
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from accounts.services import api_token_issue
from audit.models import AuditEntry
from datavalues.models import DataValue, PartAssignment
from jobs import services as jobs
from jobs.models import Job, JobState
from plans.models import PlanTarget
from plans.xlsx import plan_xlsx
from questions.files import ACCEPTED
from questions.models import Attachment, Message, Question, StatusChange
from questions.services import question_ask
from tests.questions.conftest import DOCX, JPG, PDF, PNG, XLSX

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("UPLOAD_FUZZ_EXAMPLES", "12"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # the examples share the client; each runs in its own savepoint
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)

# --- what must not change --------------------------------------------------------------------------------------------

WATCHED = (
    DataValue,
    PartAssignment,
    PlanTarget,
    Question,
    Message,
    Attachment,
    StatusChange,
    AuditEntry,
    Job,
)


def _rows(model) -> list:
    fields = [f.attname for f in model._meta.concrete_fields if f.get_internal_type() != "BinaryField"]
    return list(model._base_manager.order_by("pk").values_list(*fields))


def state(*, without=()) -> dict[str, str]:
    """A checksum of every row of the tables a refused upload must leave as they were."""
    return {
        model._meta.label: hashlib.sha256(repr(_rows(model)).encode()).hexdigest()
        for model in WATCHED
        if model not in without
    }


@contextmanager
def rolled_back():
    """One example's writes, undone when it ends (the test's own transaction holds the fixtures)."""
    point = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(point)


# --- what a refusal says ---------------------------------------------------------------------------------------------

VIETNAMESE = re.compile("[ăđơưĂĐƠƯ\u1ea0-\u1ef9]")  # letters only Vietnamese uses
QUOTED = re.compile("“[^”]*”")  # what the file said, quoted back
RAW = re.compile(r"Traceback|Error\b|Exception|errno|codec|0x[0-9a-f]{2}", re.IGNORECASE)


def assert_vietnamese(messages) -> None:
    messages = [str(m) for m in messages]
    assert messages, "a refusal says what is wrong"
    for message in messages:
        told = QUOTED.sub("", message)
        assert VIETNAMESE.search(told), f"not in Vietnamese: {message!r}"
        assert not RAW.search(told), f"a raw error: {message!r}"


def flashed(response) -> list:
    """The messages this request left for the next page (not those earlier examples left unread)."""
    response.client.cookies.pop("messages", None)
    return list(response.wsgi_request._messages._queued_messages)


# --- the good files the broken ones are made from ----------------------------------------------------------------

HEADER = ["indicator", "part", "unit", "year", "sex", "value", "source"]
SOURCE = "Cục Thống kê tỉnh"
GOOD_ROWS = [
    HEADER,
    ["M2.1", "denominator", "80", "2026", "total", "1000", SOURCE],
    ["M2.1", "numerator", "80", "2026", "total", "450", SOURCE],
]
TRICKY = [
    "",
    " ",
    "²⁰²⁶",
    "২০২৬",
    "١٢٣",
    "2026.0",
    "2_026",
    "NaN",
    "-Infinity",
    "1e999999",
    "9" * 400,
    "-0",
    "1.234,5",
    "1,2,3",
    "0x10",
    "=1+1",
    "@SUM(A1)",
    "\u202e0202",
    "\ufeff",
    "M2.1",
    "numerator",
    "female",
    "80",
]


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list]) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def good_values_xlsx() -> bytes:
    return xlsx_bytes([GOOD_ROWS[0], *[[*r[:3], int(r[3]), r[4], int(r[5]), r[6]] for r in GOOD_ROWS[1:]]])


def rezip(data: bytes, *, change=None, drop=(), add=None) -> bytes:
    """The ZIP again with some parts changed (``change(name, content)`` returns the new content), dropped or
    added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename in drop:
                continue
            content = source.read(item.filename)
            if change is not None:
                content = change(item.filename, content)
            target.writestr(item, content)
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
MALFORMED_XML = [
    b"",
    b"<",
    b"not xml at all",
    b'<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>',
    b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="s"><v>0</v></row></sheetData></worksheet>',
    b'<?xml version="1.0" encoding="UTF-16"?><worksheet/>',
    b'<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" t="n"><v>abc</v></c></row>'
    b"</sheetData></worksheet>",
    b'<?xml version="1.0"?><worksheet><sheetData><row r="x"><c r="??" t="s"><v>99999</v></c></row>'
    b"</sheetData></worksheet>",
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
    b'<worksheet><sheetData><row><c t="inlineStr"><is><t>&d;</t></is></c></row></sheetData></worksheet>',
    b'<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>\x01</t></is></c>'
    b"</row></sheetData></worksheet>",
]
PARTS_NEEDED = ["[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", SHEET]
PARTS_OTHER = ["xl/styles.xml", "docProps/core.xml", "docProps/app.xml", "xl/theme/theme1.xml", "_rels/.rels"]
CELL_VALUES = st.one_of(
    st.sampled_from(TRICKY),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(),
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)),
    st.none(),
)


def xlsx_mutations(base: bytes, *, name: str, long_text: str, extension_matters: bool = True):
    """(file name, bytes, must be refused) for damaged copies of the workbook ``base``, whose shared string
    ``long_text`` is the text a cell must not hold too long."""
    n = len(base)
    truncated = st.integers(0, n - 1).map(lambda i: (name, base[:i], True))
    flipped = st.tuples(st.integers(0, n - 1), st.integers(1, 255)).map(
        lambda f: (name, base[: f[0]] + bytes([base[f[0]] ^ f[1]]) + base[f[0] + 1 :], False)
    )
    sheet_replaced = st.one_of(st.sampled_from(MALFORMED_XML), st.binary(max_size=300)).map(
        lambda xml: (name, rezip(base, change=lambda part, content: xml if part == SHEET else content), True)
    )
    sheet_cut = st.floats(0, 0.99).map(
        lambda f: (
            name,
            rezip(base, change=lambda part, c: c[: int(len(c) * f)] if part == SHEET else c),
            True,
        )
    )
    missing = st.one_of(
        st.sampled_from(PARTS_NEEDED).map(lambda p: (name, rezip(base, drop={p}), True)),
        st.sampled_from(PARTS_OTHER).map(lambda p: (name, rezip(base, drop={p}), False)),
    )
    garbage_zip = st.dictionaries(
        st.text(alphabet="abcxyz/[]._", min_size=1, max_size=20), st.binary(max_size=200), max_size=4
    ).map(lambda parts: (name, _zip_of(parts), True))
    huge_string = st.integers(400, 8_000_000).map(lambda size: _with_long_text(base, name, long_text, size))
    wrong_extension = st.one_of(
        st.sampled_from([".csv", ".txt", "", ".xls", ".pdf"]).map(
            lambda ext: ("so-lieu" + ext, base, extension_matters)
        ),
        st.sampled_from(
            [csv_bytes(GOOD_ROWS), PDF, PNG, JPG, DOCX, b"PK\x03\x04", b"PK\x05\x06" + b"\0" * 18]
        ).map(lambda data: (name, data, True)),
    )
    return st.one_of(
        truncated, flipped, sheet_replaced, sheet_cut, missing, garbage_zip, huge_string, wrong_extension
    )


def _with_long_text(base: bytes, name: str, text: str, size: int) -> tuple[str, bytes, bool]:
    """``base`` with the cell text ``text`` (a shared string or, as openpyxl's write-only mode writes it, inline in
    the sheet) replaced by ``size`` x's: must be refused, if the text was there to replace."""
    found = []

    def change(part, content):
        if part in ("xl/sharedStrings.xml", SHEET):
            for needle in {text.encode(), xml_escape(text).encode()}:
                if needle in content:
                    found.append(part)
                    content = content.replace(needle, b"x" * size)
        return content

    return name, rezip(base, change=change), bool(found)


def _zip_of(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def with_cell(base: bytes, row: int, column: int, value) -> bytes:
    wb = load_workbook(io.BytesIO(base))
    wb.worksheets[0].cell(row, column).value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- the values' file (POST /data/upload/) ------------------------------------------------------------------------


def _replace_cell(rows, row: int, column: int, text: str) -> list[list[str]]:
    rows = [list(r) for r in rows]
    rows[row][column] = text
    return rows


def _with_text(rows, at: int, insert: str) -> bytes:
    text = csv_bytes(rows).decode()
    at = at % (len(text) + 1)
    return (text[:at] + insert + text[at:]).encode()


def _unclosed_quote(rows, row: int, column: int) -> bytes:
    lines = csv_bytes(rows).decode().splitlines(keepends=True)
    cells = lines[row].split(",")
    cells[column] = '"' + cells[column]
    lines[row] = ",".join(cells)
    return "".join(lines).encode()


def _shifted(rows, row: int, column: int, insert: bool) -> list[list[str]]:
    rows = [list(r) for r in rows]
    if insert:
        rows[row].insert(column, "??")
    else:
        del rows[row][column]
    return rows


LATIN_ROWS = _replace_cell(_replace_cell(GOOD_ROWS, 1, 6, "Café brûlé"), 2, 6, "Café brûlé")
DATA_ROW = st.integers(1, len(GOOD_ROWS) - 1)
BROKEN_CSV = st.one_of(
    st.binary(max_size=3000).map(lambda b: ("so-lieu.csv", b, True)),
    st.sampled_from(["latin-1", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1258"]).map(
        lambda encoding: ("so-lieu.csv", csv_bytes(LATIN_ROWS, encoding), True)
    ),
    st.sampled_from(
        [
            b"\xef\xbb\xbf\xef\xbb\xbf" + csv_bytes(GOOD_ROWS),
            b"\xef\xbb\xbf" + csv_bytes(LATIN_ROWS, "latin-1"),
            b"\xff\xfe" + csv_bytes(GOOD_ROWS),
            b"\xfe\xff" + csv_bytes(GOOD_ROWS),
        ]
    ).map(lambda data: ("so-lieu.csv", data, True)),
    st.tuples(
        st.integers(0, 10**6), st.text(alphabet="\x00\x01\x08\x0b\x0c\x1b\x1f", min_size=1, max_size=3)
    ).map(lambda t: ("so-lieu.csv", _with_text(GOOD_ROWS, t[0], t[1]), True)),
    st.tuples(DATA_ROW, st.integers(0, len(HEADER) - 1)).map(
        lambda t: ("so-lieu.csv", _unclosed_quote(GOOD_ROWS, *t), True)
    ),
    st.integers(0, 10**6).map(lambda at: ("so-lieu.csv", _with_text(GOOD_ROWS, at, '"'), False)),
    st.tuples(DATA_ROW, st.integers(0, len(HEADER) - 1), st.integers(301, 400_000)).map(
        lambda t: ("so-lieu.csv", csv_bytes(_replace_cell(GOOD_ROWS, t[0], t[1], "x" * t[2])), True)
    ),
    st.tuples(DATA_ROW, st.integers(0, 5), st.booleans()).map(
        lambda t: ("so-lieu.csv", csv_bytes(_shifted(GOOD_ROWS, *t)), True)
    ),
    st.tuples(st.integers(0, 5), st.sampled_from(["", "value ", "Indicator", "giá trị", "part;unit"])).map(
        lambda t: ("so-lieu.csv", csv_bytes(_replace_cell(GOOD_ROWS, 0, *t)), True)
    ),
    st.tuples(DATA_ROW, st.integers(0, len(HEADER) - 1), st.one_of(st.sampled_from(TRICKY), st.text())).map(
        lambda t: ("so-lieu.csv", csv_bytes(_replace_cell(GOOD_ROWS, *t)), False)
    ),
    st.sampled_from(["so-lieu.xlsx", "so-lieu.XLSX"]).map(lambda name: (name, csv_bytes(GOOD_ROWS), True)),
    st.sampled_from([PDF, PNG, JPG, DOCX, XLSX]).map(lambda data: ("so-lieu.csv", data, True)),
)


GOOD_XLSX = good_values_xlsx()
VALUES_XLSX = st.one_of(
    xlsx_mutations(GOOD_XLSX, name="so-lieu.xlsx", long_text=SOURCE),
    st.tuples(st.integers(2, 3), st.integers(1, len(HEADER)), CELL_VALUES).map(
        lambda t: ("so-lieu.xlsx", with_cell(GOOD_XLSX, *t), False)
    ),
)


def shown(data: bytes) -> str:
    return f"{data[:300]!r}{'…' if len(data) > 300 else ''} ({len(data)} bytes)"


def upload_values(client, name: str, data: bytes, must_refuse: bool) -> None:
    note(f"{name}: {shown(data)}")
    with rolled_back():
        before = state()
        response = client.post("/data/upload/", {"file": SimpleUploadedFile(name, data)})
        if response.status_code == 400:
            assert_vietnamese(message for _row, _column, message in response.context["errors"])
            assert state() == before
            return
        assert response.status_code == 302, response.status_code
        match = resolve(response["Location"])
        if match.url_name == "job_detail":  # a file whose size is unknown, or a long one: a background job
            job_refused = _run_import_job(client, match.kwargs["pk"])
            if job_refused:  # the job itself is the one row added
                assert state(without={Job}) == {k: v for k, v in before.items() if k != Job._meta.label}
            assert not (must_refuse and not job_refused), "a broken file was imported"
            return
        notes = flashed(response)
        errors = [m.message for m in notes if m.level_tag == "error"]
        if errors or must_refuse:
            assert errors, f"a broken file was imported: {[m.message for m in notes]}"
            assert_vietnamese(errors)
            assert state() == before


def _run_import_job(client, pk) -> bool:
    """Run the upload's job as the worker would; True when it refused the file. Its page and, when refused, the
    workbook of its errors open without a server error."""
    jobs.run(str(pk))
    job = Job.objects.get(pk=pk)
    assert job.state in (JobState.DONE, JobState.REFUSED), (job.state, job.message)
    assert client.get(f"/jobs/{pk}/").status_code == 200
    if job.state != JobState.REFUSED:
        return False
    assert_vietnamese([job.message, *(message for _row, _column, message in job.result["errors"])])
    download = client.get(f"/jobs/{pk}/errors.xlsx")
    assert download.status_code == 200
    load_workbook(io.BytesIO(download.content), read_only=True).close()
    return True


def test_the_good_files_the_broken_ones_come_from_are_imported(client_as):
    """The control: the files before they are broken are accepted, so a refusal below is about the damage."""
    client = client_as("focal")
    for name, data in [
        ("so-lieu.csv", csv_bytes(GOOD_ROWS)),
        ("so-lieu.csv", b"\xef\xbb\xbf" + csv_bytes(GOOD_ROWS)),
        ("so-lieu.csv", csv_bytes(GOOD_ROWS).replace(b"\n", b"\r\n")),
        ("so-lieu.xlsx", good_values_xlsx()),
    ]:
        with rolled_back():
            response = client.post("/data/upload/", {"file": SimpleUploadedFile(name, data)})
            assert response.status_code == 302, (name, response.status_code)
            assert [m.level_tag for m in flashed(response)] == ["success"], name
            assert DataValue.objects.filter(unit__code="80", year=2026).count() == 2


@FUZZ
@given(file=BROKEN_CSV)
def test_a_broken_csv_file_is_refused_in_vietnamese_and_changes_nothing(client_as, file):
    upload_values(client_as("focal"), *file)


@FUZZ
@given(file=VALUES_XLSX)
def test_a_broken_values_workbook_is_refused_in_vietnamese_and_changes_nothing(client_as, file):
    upload_values(client_as("focal"), *file)


@FUZZ
@given(file=st.one_of(BROKEN_CSV, VALUES_XLSX))
def test_a_broken_file_imported_by_a_background_job_is_refused_too(client_as, monkeypatch, file):
    """Every upload goes to the worker, as a long file or a workbook that does not give its size does."""
    monkeypatch.setattr("datavalues.views.JOB_ROWS", -1)
    upload_values(client_as("focal"), *file)


# --- a plan's targets (POST /plans/<id>/import/) ------------------------------------------------------------------

PLAN_COLUMNS = {"indicator": 1, "year": 2, "comparator": 3, "value": 4, "reason": 5}


@pytest.fixture
def plan_workbook(full_plan) -> bytes:
    return plan_xlsx(full_plan)


@FUZZ
@given(data=st.data())
def test_a_broken_plan_workbook_is_refused_in_vietnamese_and_changes_nothing(
    client_as, full_plan, plan_workbook, data
):
    base = plan_workbook
    name, content, must_refuse = data.draw(
        st.one_of(
            xlsx_mutations(base, name="ke-hoach.xlsx", long_text=">=", extension_matters=False),
            st.tuples(st.integers(2, 6), st.sampled_from(sorted(PLAN_COLUMNS.values())), CELL_VALUES).map(
                lambda t: ("ke-hoach.xlsx", with_cell(base, *t), False)
            ),
        )
    )
    note(f"{name}: {shown(content)}")
    client = client_as("focal")
    with rolled_back():
        before = state()
        response = client.post(f"/plans/{full_plan.pk}/import/", {"file": SimpleUploadedFile(name, content)})
        if response.status_code == 400:
            assert_vietnamese(message for _row, _column, message in response.context["error"].errors)
            assert state() == before
            return
        assert response.status_code == 302, response.status_code
        notes = flashed(response)
        errors = [m.message for m in notes if m.level_tag == "error"]
        if errors or must_refuse:
            assert errors, f"a broken workbook was imported: {[m.message for m in notes]}"
            assert_vietnamese(errors)
            assert state() == before


# --- files attached to questions (POST /questions/new/, /questions/<id>/reply/) ----------------------------------

MAGIC = {"pdf": b"%PDF-", "jpg": b"\xff\xd8\xff", "jpeg": b"\xff\xd8\xff", "png": b"\x89PNG\r\n\x1a\n"}
FILE_NAMES = st.tuples(
    st.one_of(
        st.text(max_size=30),
        st.integers(140, 5000).map(lambda n: "tệp-" * (n // 4)),
        st.sampled_from(
            ["../../etc/passwd", "CON", "a\x00b", "\u202egnp", "  ", "...", "Dự toán “2026”", "a;b"]
        ),
    ),
    st.sampled_from(
        ["pdf", "PDF", "docx", "xlsx", "jpg", "jpeg", "png", "exe", "csv", "", "pdf.exe", "tar.gz"]
    ),
)
OFFICE = {"docx": DOCX, "xlsx": XLSX}
FILE_CONTENTS = st.one_of(
    st.binary(max_size=1000),
    st.just(b""),
    st.tuples(st.sampled_from([PDF, PNG, JPG, DOCX, XLSX]), st.binary(max_size=200)).map(
        lambda t: t[0] + t[1]
    ),
    st.sampled_from([DOCX, XLSX]).flatmap(
        lambda office: st.one_of(
            st.integers(0, len(office) - 1).map(lambda i: office[:i]),
            st.tuples(st.integers(0, len(office) - 1), st.integers(1, 255)).map(
                lambda f: office[: f[0]] + bytes([office[f[0]] ^ f[1]]) + office[f[0] + 1 :]
            ),
        )
    ),
    st.dictionaries(
        st.sampled_from(["[Content_Types].xml", "word/document.xml", "xl/workbook.xml", "x"]),
        st.binary(max_size=50),
    ).map(_zip_of),
    st.just(good_values_xlsx()),
)
ATTACHMENTS = st.lists(st.tuples(FILE_NAMES, FILE_CONTENTS), min_size=1, max_size=6)


def _surely_refused(files) -> bool:
    """What the files say of themselves that no checker could accept: too many, an empty one, an extension not
    accepted, or a first few bytes that are not what the extension promises."""
    if len(files) > 5:
        return True
    for (_stem, extension), content in files:
        kind = extension.lower()
        if not content or (extension and kind not in ACCEPTED):
            return True
        if kind in MAGIC and not content.startswith(MAGIC[kind]):
            return True
        if kind in OFFICE and not content.startswith(b"PK\x03\x04"):
            return True
    return False


def _name(stem: str, extension: str) -> str:
    name = f"{stem}.{extension}" if extension else stem
    return name if os.path.basename(name) not in ("", ".", "..") else f"{name}x"  # what a browser can send


def _uploads(files) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(_name(*name), content) for name, content in files]


def post_attachments(client, url: str, fields: dict, files, *, refused_status: int, form: str) -> None:
    note("; ".join(f"{name}: {shown(content)}" for name, content in files))
    with rolled_back():
        before = state()
        attachments = Attachment.objects.count()
        response = client.post(url, {**fields, "attachments": _uploads(files)})
        if response.status_code == 302:
            assert not _surely_refused(files), "a file that cannot be right was attached"
            stored = Attachment.objects.order_by("pk")[attachments:]
            assert sorted(a.sha256 for a in stored) == sorted(
                hashlib.sha256(content).hexdigest() for _name, content in files
            )
            for attachment in stored:
                download = client.get(f"/questions/files/{attachment.pk}/")
                assert download.status_code == 200 and download.content == bytes(attachment.data)
            return
        assert response.status_code == refused_status, response.status_code
        assert_vietnamese(m for messages in response.context[form].errors.values() for m in messages)
        assert state() == before


QUESTION = {
    "topic": "indicators",
    "title": "Cách tính chỉ tiêu M2.3",
    "text": "Đề nghị Bộ hướng dẫn cách tính.",
}


@FUZZ
@given(files=ATTACHMENTS)
def test_a_broken_attachment_to_a_new_question_is_refused_in_vietnamese(client_as, files):
    post_attachments(client_as("focal"), "/questions/new/", QUESTION, files, refused_status=200, form="form")


@pytest.fixture
def question(persona, tay_ninh):
    return question_ask(province=tay_ninh, by=persona("focal"), **QUESTION)


@FUZZ
@given(files=ATTACHMENTS)
def test_a_broken_attachment_to_a_reply_is_refused_in_vietnamese(client_as, question, files):
    post_attachments(
        client_as("focal"),
        f"/questions/{question.pk}/reply/",
        {"text": "Bổ sung tệp đính kèm."},
        files,
        refused_status=422,
        form="reply_form",
    )


# --- the JSON API (POST /api/v1/values) ------------------------------------------------------------------------------

VALUE = {
    "indicator": "M2.1",
    "part": "denominator",
    "unit": "80",
    "year": 2026,
    "value": "1000",
    "source": SOURCE,
    "version": 0,
}


def _json(body: dict, encoding: str = "utf-8") -> bytes:
    return json.dumps(body, ensure_ascii=False).encode(encoding)


BROKEN_BODIES = st.one_of(
    st.binary(max_size=500).map(lambda b: (b, True)),
    st.sampled_from(["latin-1", "utf-16", "utf-32", "cp1258"]).map(
        lambda encoding: (_json({**VALUE, "source": "Café brûlé"}, encoding), True)
    ),
    st.integers(0, len(_json(VALUE)) - 1).map(lambda i: (_json(VALUE)[:i], True)),
    st.sampled_from(["\x00", "a\x00b"]).map(lambda s: (_json({**VALUE, "source": s}), True)),
    st.integers(1, 100_000).map(lambda n: (b"[" * n + b"]" * n, True)),
    st.integers(1, 100_000).map(lambda n: (b'{"a":' * n + b"1" + b"}" * n, True)),
    st.just((_json({**VALUE, "source": "x" * 100_000}), True)),
    st.tuples(
        st.sampled_from(sorted(VALUE)),
        st.one_of(st.sampled_from(TRICKY), st.integers(), st.floats(allow_nan=False), st.none()),
    ).map(lambda t: (_json({**VALUE, t[0]: t[1]}), False)),
    st.sampled_from(
        [b'{"value": NaN}', b'{"value": 1e999}', b'{"year": 2026.5}', b"\xef\xbb\xbf" + _json(VALUE)]
    ).map(lambda b: (b, False)),
)


@FUZZ
@given(body=BROKEN_BODIES)
def test_a_broken_api_body_is_refused_in_vietnamese_and_changes_nothing(client, persona, body):
    content, must_refuse = body
    note(shown(content))
    token = api_token_issue(user=persona("focal"))
    with rolled_back():
        before = state()
        response = client.generic(
            "POST",
            "/api/v1/values",
            content,
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code < 500
        if response.status_code == 200:
            assert not must_refuse, "a broken body was accepted"
            return
        assert response.status_code in (400, 403, 404, 409, 422), response.status_code
        assert_vietnamese([response.json()["detail"]])
        assert state() == before
