"""A plan as an Excel workbook, and the import of its targets back from one.

Sheet "Chỉ tiêu" is the one that comes back: row 1 holds machine headers (``indicator, year, comparator, value,
reason``, then the read-only ``name, unit, national_target, baseline``), one row per target. The Vietnamese names of
the columns are comments on the header cells and are listed on the sheet "Hướng dẫn". Sheets "Nhiệm vụ" and
"Kinh phí" are for reading.

Formula injection: a text cell whose content starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return)
is written as a string cell (``data_type = "s"``, never a formula) with the ``quotePrefix`` cell style, which is
what Excel sets when a user types a leading apostrophe: the text is shown and re-edited as text, never evaluated.
The text itself is not changed, so it comes back unchanged on import."""

import io
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from indicators.models import MILESTONE_YEARS, Comparator
from indicators.services import parse_decimal
from lib.errors import DomainError, quoted
from lib.exporters import INTEGER, Cell, Exporter, Sheet, notes, render_xlsx
from lib.numbers import format_number
from plans.documents import baseline_text, unit_vi, vi_label
from plans.funding import FLAG_LABELS_VI, spending_flag
from plans.models import FundingSource, Plan, TaskCategory
from plans.selectors import plan_baselines, plan_indicators, plan_tasks
from plans.services import national_target_for, plan_target_set

TARGET_SHEET = "Chỉ tiêu"
EDITABLE = ("indicator", "year", "comparator", "value", "reason")
READ_ONLY = ("name", "unit", "national_target", "baseline")
HEADERS_VI = {
    "indicator": "Mã chỉ tiêu (ví dụ M2.1)",
    "year": "Năm của chỉ tiêu",
    "comparator": "Phép so sánh: >=, >, <=, <, = (hoặc ≥, ≤)",
    "value": "Giá trị chỉ tiêu (số; dấu phẩy thập phân được chấp nhận: 1.234,5)",
    "reason": "Lý do (bắt buộc khi chỉ tiêu thấp hơn chỉ tiêu quốc gia)",
    "name": "Tên chỉ tiêu (chỉ để xem, không nhập lại)",
    "unit": "Đơn vị tính (chỉ để xem)",
    "national_target": "Chỉ tiêu quốc gia của năm đó (chỉ để xem)",
    "baseline": "Giá trị cơ sở (năm) (chỉ để xem)",
}
COMPARATORS = {
    ">=": ">=",
    ">": ">",
    "<=": "<=",
    "<": "<",
    "=": "=",
    "≥": ">=",
    "≤": "<=",
    "=>": ">=",
    "=<": "<=",
}
READ_ONLY_FILL = "EEEEEE"


class TargetImportError(DomainError):
    """The workbook has errors; nothing was saved. ``errors`` holds (Excel row, column header, message)."""

    def __init__(self, errors: list[tuple[int, str, str]]):
        self.errors = errors
        super().__init__(
            f"Tệp có {len(errors)} lỗi; chưa có chỉ tiêu nào được lưu. " + " ".join(e[2] for e in errors[:5])
        )


# --- export ----------------------------------------------------------------------------------------------------------


class PlanExport(Exporter):
    """The targets (the sheet that comes back), the tasks, the budget lines and the notes of a plan."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.file_name = f"ke-hoach-bdg-{plan.province.code}-{plan.start_year}-v{plan.version}"

    def sheets(self):
        plan = self.plan
        yield Sheet(
            name=TARGET_SHEET,
            headers=[*EDITABLE, *READ_ONLY],
            comments=HEADERS_VI,
            widths=[12, 8, 12, 12, 40, 60, 12, 16, 16],
            rows=self._targets(),
        )
        tasks = list(plan_tasks(plan))
        yield Sheet(
            name="Nhiệm vụ",
            headers=[
                "TT",
                "Nhiệm vụ",
                "Nhóm giải pháp",
                "Cơ quan chủ trì",
                "Cơ quan phối hợp",
                "Bắt đầu",
                "Kết thúc",
                "Sản phẩm dự kiến",
                "Chỉ tiêu liên quan",
            ],
            widths=[5, 50, 30, 28, 36, 12, 12, 40, 20],
            rows=(
                [
                    n,
                    task.title,
                    vi_label(TaskCategory, task.category),
                    task.lead_agency.name,
                    ", ".join(a.name for a in task.partner_agencies.all()),
                    task.start_date,
                    task.end_date,
                    task.expected_outputs,
                    ", ".join(sorted(i.code for i in task.indicators.all())),
                ]
                for n, task in enumerate(tasks, start=1)
            ),
        )
        yield Sheet(
            name="Kinh phí",
            headers=[
                "Nhiệm vụ",
                "Năm",
                "Nguồn kinh phí",
                "Số tiền (đồng)",
                "Được giao (đồng)",
                "Đã chi (đồng)",
                "Cảnh báo",
            ],
            widths=[50, 8, 45, 18, 18, 18, 28],
            formats=dict.fromkeys((4, 5, 6), INTEGER),
            rows=self._budget(tasks),
        )
        yield notes(
            "Hướng dẫn",
            [
                f"Kế hoạch: {plan.title} (phiên bản {plan.version})",
                "Chỉ nhập lại trang “Chỉ tiêu”; mỗi dòng là một chỉ tiêu của một năm. Không đổi tên các cột ở "
                "dòng 1.",
                "Các cột name, unit, national_target, baseline (nền xám) chỉ để xem; khi nhập lại chúng được bỏ "
                "qua.",
                "Tệp được nhập toàn bộ hoặc không nhập gì: nếu có một dòng lỗi, không chỉ tiêu nào được lưu.",
                "",
                "Cột — ý nghĩa",
                *(f"{name} — {meaning}" for name, meaning in HEADERS_VI.items()),
            ],
        )

    def _targets(self):
        pis = list(plan_indicators(self.plan))
        baselines = plan_baselines(self.plan, pis)
        for pi in pis:
            indicator = pi.indicator
            baseline = baseline_text(baselines[pi.pk])  # the data's, or the typed one beside it (issue 16)
            for target in pi.targets.all():
                national = national_target_for(indicator, target.year)
                read_only = [
                    indicator.name_vi,
                    unit_vi(indicator),
                    f"{Comparator(national.comparator).label} {format_number(national.value)}"
                    if national
                    else "",
                    baseline.strip(),
                ]
                yield [
                    indicator.code,
                    target.year,
                    target.comparator,
                    target.value,
                    target.reason,
                    *(Cell(v, fill=READ_ONLY_FILL) for v in read_only),
                ]

    @staticmethod
    def _budget(tasks):
        for task in tasks:
            for line in sorted(
                task.budget_lines.all(), key=lambda b: (b.year, FundingSource.values.index(b.source))
            ):
                yield [
                    task.title,
                    line.year,
                    vi_label(FundingSource, line.source),
                    line.amount,
                    line.allocated,
                    line.spent,
                    FLAG_LABELS_VI.get(spending_flag(line.allocated, line.spent), ""),
                ]


def plan_xlsx(plan: Plan) -> bytes:
    return render_xlsx(PlanExport(plan))


# --- import ----------------------------------------------------------------------------------------------------------


def _year(raw) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    text = str(raw).strip()
    return int(text) if text.isdigit() else None


def _value(raw) -> Decimal:
    if isinstance(raw, bool):
        raise DomainError(_("“%(raw)s” is not a number.") % {"raw": raw}, field="value")
    if isinstance(raw, int | Decimal):
        return Decimal(raw)
    if isinstance(raw, float):
        try:
            value = Decimal(repr(raw))
        except InvalidOperation as exc:
            raise DomainError(_("“%(raw)s” is not a number.") % {"raw": raw}, field="value") from exc
        if not value.is_finite():
            raise DomainError(_("“%(raw)s” is not a number.") % {"raw": raw}, field="value")
        return value
    return parse_decimal(raw, field="value")


def _text(raw) -> str:
    return "" if raw is None else str(raw).strip()


NOT_A_WORKBOOK = "Tệp không phải là bảng tính Excel (.xlsx) hợp lệ."


def _open_sheet(data: bytes):
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - a damaged archive or XML, whatever the parser raises
        raise TargetImportError([(0, "", NOT_A_WORKBOOK)]) from exc
    if not wb.worksheets:
        wb.close()
        raise TargetImportError([(0, "", NOT_A_WORKBOOK)])
    return wb, (wb[TARGET_SHEET] if TARGET_SHEET in wb.sheetnames else wb.worksheets[0])


def plan_targets_import(*, plan: Plan, data: bytes, by) -> int:
    """Set the plan's targets from the "Chỉ tiêu" sheet (or the first sheet). All rows or none: every row is
    checked and applied inside one transaction, and any error rolls everything back (audit entries included)."""
    if not plan.is_editable:
        raise TargetImportError(
            [(0, "", "Kế hoạch này không còn là bản dự thảo; chỉ tiêu chỉ được nhập vào bản dự thảo.")]
        )
    wb, ws = _open_sheet(data)
    try:
        rows = list(ws.iter_rows(values_only=True))
    except Exception as exc:  # noqa: BLE001 - a sheet is parsed as it is read: broken XML, a cut-off archive
        raise TargetImportError([(0, "", NOT_A_WORKBOOK)]) from exc
    finally:
        wb.close()
    if not rows:
        return 0
    header = [_text(h).lower() for h in rows[0]]
    errors: list[tuple[int, str, str]] = []
    missing = [name for name in ("indicator", "year", "comparator", "value") if name not in header]
    if missing:
        names = ", ".join(missing)
        raise TargetImportError([(1, name, f"Dòng 1: thiếu cột {names}.") for name in missing])
    col = {name: header.index(name) for name in EDITABLE if name in header}
    by_code = {pi.indicator.code: pi for pi in plan_indicators(plan)}
    applied = 0
    seen: dict[tuple[str, int], int] = {}

    def error(row: int, column: str, text: str) -> None:
        errors.append((row, column, f"Dòng {row}, cột {column}: {text}"))

    with transaction.atomic():
        for number, row in enumerate(rows[1:], start=2):

            def get(name: str, row=row):
                i = col.get(name)
                return row[i] if i is not None and i < len(row) else None

            if all(_text(get(name)) == "" for name in EDITABLE):
                continue
            code, raw_year, raw_cmp, raw_value = (
                get("indicator"),
                get("year"),
                get("comparator"),
                get("value"),
            )
            problems_before = len(errors)
            pi = by_code.get(_text(code))
            if pi is None:
                error(number, "indicator", f"chỉ tiêu “{quoted(code)}” không có trong kế hoạch.")
            year = _year(raw_year) if _text(raw_year) else None
            if year is None:
                error(number, "year", f"“{quoted(raw_year)}” không phải là năm (số nguyên, ví dụ 2025).")
            comparator = COMPARATORS.get(_text(raw_cmp).replace(" ", ""))
            if comparator is None:
                error(
                    number, "comparator", f"“{quoted(raw_cmp)}” không phải là phép so sánh (>=, >, <=, <, =)."
                )
            value = None
            if _text(raw_value) == "":
                error(number, "value", "chưa nhập giá trị.")
            else:
                try:
                    value = _value(raw_value)
                except DomainError:
                    error(number, "value", f"“{quoted(raw_value)}” không phải là số.")
            if pi is not None and year is not None:
                key = (pi.indicator.code, year)
                if key in seen:
                    error(number, "year", f"chỉ tiêu {key[0]} năm {year} đã có ở dòng {seen[key]}.")
                seen.setdefault(key, number)
            if len(errors) > problems_before:
                continue
            try:
                with translation.override("vi"):
                    plan_target_set(
                        plan_indicator=pi,
                        year=year,
                        comparator=comparator,
                        value=value,
                        by=by,
                        reason=_text(get("reason")),
                    )
            except DomainError as exc:
                column = exc.field if exc.field in EDITABLE else "value"
                error(number, column, _service_message(exc, pi=pi, plan=plan, year=year))
                continue
            applied += 1
        if errors:
            raise TargetImportError(errors)  # inside the block: the transaction is rolled back
    return applied


def _service_message(exc: DomainError, *, pi, plan: Plan, year: int) -> str:
    """The service's refusal in Vietnamese (the service decides; only the wording is given here)."""
    if exc.field == "reason":
        national = national_target_for(pi.indicator, year)
        bar = (
            f" ({Comparator(national.comparator).label} {format_number(national.value)})" if national else ""
        )
        return f"chỉ tiêu thấp hơn chỉ tiêu quốc gia{bar}; ghi lý do ở cột reason."
    if exc.field == "year":
        milestones = ", ".join(str(y) for y in MILESTONE_YEARS)
        return (
            f"năm {year} nằm ngoài thời gian của kế hoạch ({plan.start_year}-{plan.end_year}) "
            f"và không phải năm mốc ({milestones})."
        )
    return str(exc.message)
