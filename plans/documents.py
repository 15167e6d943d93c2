"""A plan as the People's Committee's official document (Kế hoạch, Decree 30/2020/NĐ-CP layout): the texts as
sections I-V, the targets as Annex I and the tasks with their funds as Annex II. Reads only.

The document is always in Vietnamese, whatever language the user interface is in: labels of choices come from the
Vietnamese translation catalogue when it has them, else from the wording below (the official terms)."""

from datetime import date
from decimal import Decimal

from django.utils import translation

from documents.official import Annex, OfficialDocument, Section, Signature, Table, render_docx
from documents.pdf import docx_to_pdf
from indicators.models import MILESTONE_YEARS, Comparator
from lib.dates import vn_long_date
from lib.numbers import format_number
from plans.models import FundingSource, Plan, PlanKind, TaskCategory
from plans.selectors import Baseline, plan_baselines, plan_indicators, plan_tasks

RECIPIENTS = [
    "Bộ Nội vụ",
    "TT. Tỉnh ủy, HĐND tỉnh",
    "CT, các PCT UBND tỉnh",
    "Các sở, ban, ngành tỉnh",
    "UBND các xã, phường, đặc khu",
    "Lưu: VT, ...",
]

# The framework stores units of measure in English; the document needs the Vietnamese term.
UNITS_VI = {
    "%": "%",
    "times": "lần",
    "boys per 100 girls": "bé trai/100 bé gái",
    "per 100000 live births": "ca/100.000 trẻ đẻ sống",
    "per 1000 women aged 15-19": "trẻ/1.000 phụ nữ 15-19 tuổi",
    "yes/no": "có/không",
}
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def vi_label(choices, value) -> str:
    """The Vietnamese label of a choice (documents are in Vietnamese whatever the page language)."""
    with translation.override("vi"):
        return str(choices(value).label)


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def province_parts(province, on: date | None = None) -> tuple[str, str]:
    """('tỉnh' or 'thành phố', the bare name) of a province's name on a day."""
    row = province.name_on(on or date.today())
    name = (row.name if row else province.name).strip()
    for prefix, kind in (("Thành phố ", "thành phố"), ("TP. ", "thành phố"), ("TP ", "thành phố")):
        if name.startswith(prefix):
            return kind, name[len(prefix) :].strip()
    if name.startswith("Tỉnh "):
        return "tỉnh", name[len("Tỉnh ") :].strip()
    return "tỉnh", name


def unit_vi(indicator) -> str:
    return UNITS_VI.get(indicator.unit_label, indicator.unit_label)


def _is_yes_no(indicator) -> bool:
    return indicator.unit_label == "yes/no"


def bar_text(indicator, comparator: str, value: Decimal, *, with_unit: bool = False) -> str:
    """'≥ 40' (with the unit: '≥ 40%'); 'Có'/'Không' for a yes/no indicator."""
    if _is_yes_no(indicator):
        return "Có" if value else "Không"
    text = f"{Comparator(comparator).label} {format_number(value)}"
    if with_unit:
        unit = unit_vi(indicator)
        text += unit if unit == "%" else f" {unit}"
    return text


def _period(plan: Plan) -> str:
    if plan.kind == PlanKind.FIVE_YEAR:
        return f"giai đoạn {plan.start_year} - {plan.end_year}"
    return f"năm {plan.start_year}"


def _task_time(task) -> str:
    start, end = task.start_date, task.end_date
    if start and end:
        return (
            f"{start:%m/%Y} - {end:%m/%Y}"
            if (start.year, start.month) != (end.year, end.month)
            else f"{start:%m/%Y}"
        )
    if start or end:
        return f"{(start or end):%m/%Y}"
    return ""


def _partners(agencies) -> str:
    return ", ".join(a.name for a in agencies)


def _objectives_section(pis: list) -> list[Section]:
    """Under 'Mục tiêu cụ thể': a point a), b), ... per objective of the Strategy (then the province's own
    indicators), with one line per indicator and its targets."""
    groups: dict[tuple, list] = {}
    for pi in pis:
        objective = pi.indicator.objective
        key = (
            (0, objective.number, objective.name_vi.strip().rstrip("."))
            if pi.indicator.province_id is None
            else (1, 0, "Chỉ tiêu riêng của tỉnh")
        )
        groups.setdefault(key, []).append(pi)
    points = []
    for letter, ((_local, _number, heading), members) in zip(
        "abcdefghiklmn", sorted(groups.items()), strict=False
    ):
        lines = [
            f"- Chỉ tiêu {pi.indicator.code}: {pi.indicator.name_vi.strip().rstrip('.')}{_wording(pi)};"
            for pi in members
        ]
        lines[-1] = lines[-1][:-1] + "."
        points.append(Section(f"{letter}) {heading}", paragraphs=lines))
    return points


def _wording(pi) -> str:
    indicator, targets = pi.indicator, list(pi.targets.all())
    if not targets:
        return " (chưa đặt chỉ tiêu)"
    if _is_yes_no(indicator):
        return (
            " ("
            + "; ".join(
                f"năm {t.year}: {bar_text(indicator, t.comparator, t.value).lower()}" for t in targets
            )
            + ")"
        )
    return " đạt " + " và ".join(
        f"{bar_text(indicator, t.comparator, t.value, with_unit=True)} vào năm {t.year}" for t in targets
    )


def _tasks_section(tasks: list) -> list[Section]:
    groups: dict[str, list] = {}
    for task in tasks:
        groups.setdefault(task.category, []).append(task)
    order = list(TaskCategory.values)
    sections = []
    for n, category in enumerate(sorted(groups, key=order.index), start=1):
        paragraphs = []
        for task in groups[category]:
            agencies = f"chủ trì: {task.lead_agency.name}"
            partners = _partners(task.partner_agencies.all())
            if partners:
                agencies += f"; phối hợp: {partners}"
            paragraphs.append(f"- {task.title.strip().rstrip('.')} ({agencies}).")
            paragraphs += _paragraphs(task.description)
        sections.append(Section(f"{n}. {vi_label(TaskCategory, category)}", paragraphs=paragraphs))
    return sections


def _funding_lines(plan: Plan, tasks: list) -> list[str]:
    lines = _paragraphs(plan.funding)
    totals: dict[str, Decimal] = {}
    for task in tasks:
        for line in task.budget_lines.all():
            totals[line.source] = totals.get(line.source, Decimal(0)) + line.amount
    total = sum(totals.values(), Decimal(0))
    if total:
        lines.append(f"Tổng kinh phí dự kiến: {format_number(total)} đồng, trong đó:")
        present = [s for s in FundingSource.values if totals.get(s)]
        for i, source in enumerate(present):
            end = "." if i == len(present) - 1 else ";"
            lines.append(f"- {vi_label(FundingSource, source)}: {format_number(totals[source])} đồng{end}")
    return lines


def baseline_text(baseline: Baseline) -> str:
    """A baseline in the document: the data's value for its year; a typed value that disagrees with the data says
    so ("52 (2025, nhập tay; số liệu: 60)"), as the plan's page does."""

    def short(value: Decimal | None) -> str:
        if value is None:
            return ""
        rounded = value.quantize(Decimal("0.01")) if value.normalize().as_tuple().exponent < -2 else value  # type: ignore[operator]
        return format_number(rounded)

    if baseline.differs:
        return f"{short(baseline.typed)} ({baseline.year}, nhập tay; số liệu: {short(baseline.data)})"
    if baseline.value is None:
        return ""
    return f"{short(baseline.value)} ({baseline.year})"


def _target_table(plan: Plan, pis: list) -> Table:
    years = sorted({t.year for pi in pis for t in pi.targets.all()})
    columns = [
        "TT",
        "Chỉ tiêu",
        "Đơn vị tính",
        *(f"Chỉ tiêu quốc gia {y}" for y in MILESTONE_YEARS),
        "Giá trị cơ sở (năm)",
        *(f"Chỉ tiêu tỉnh {y}" for y in years),
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Ghi chú",
    ]
    rows = []
    baselines = plan_baselines(plan, pis)
    for n, pi in enumerate(pis, start=1):
        indicator = pi.indicator
        national = {t.year: t for t in indicator.targets.all()} if indicator.province_id is None else {}
        own = {t.year: t for t in pi.targets.all()}
        baseline = baseline_text(baselines[pi.pk])
        reasons = [t for t in own.values() if t.reason.strip()]
        note = "; ".join(
            (f"{t.year}: " if len(own) > 1 else "") + t.reason.strip()
            for t in sorted(reasons, key=lambda t: t.year)
        )
        rows.append(
            [
                str(n),
                f"{indicator.code}. {indicator.name_vi}",
                unit_vi(indicator),
                *(
                    bar_text(indicator, national[y].comparator, national[y].value) if y in national else ""
                    for y in MILESTONE_YEARS
                ),
                baseline,
                *(bar_text(indicator, own[y].comparator, own[y].value) if y in own else "" for y in years),
                pi.lead_agency.name if pi.lead_agency else "",
                _partners(pi.partner_agencies.all()),
                note,
            ]
        )
    widths = [1.1, 5.8, 2.1, 1.8, 1.8, 1.8, *([1.8] * len(years)), 2.8, 3.2, 3.2]
    align = [
        "center",
        "left",
        "center",
        "center",
        "center",
        "center",
        *(["center"] * len(years)),
        "left",
        "left",
        "left",
    ]
    return Table(columns=columns, rows=rows, widths_cm=widths, landscape=True, align=align)


def _task_table(tasks: list) -> Table:
    columns = [
        "TT",
        "Nhiệm vụ",
        "Nhóm giải pháp",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời gian",
        "Sản phẩm dự kiến",
        "Kinh phí (đồng)",
    ]
    rows = []
    total = Decimal(0)
    for n, task in enumerate(tasks, start=1):
        amount = sum((b.amount for b in task.budget_lines.all()), Decimal(0))
        total += amount
        rows.append(
            [
                str(n),
                task.title,
                vi_label(TaskCategory, task.category),
                task.lead_agency.name,
                _partners(task.partner_agencies.all()),
                _task_time(task),
                task.expected_outputs.strip(),
                format_number(amount) if amount else "",
            ]
        )
    rows.append(["", "Tổng cộng", "", "", "", "", "", format_number(total) if total else ""])
    widths = [1.1, 6.0, 3.2, 3.0, 3.4, 2.2, 4.0, 2.6]
    align = ["center", "left", "left", "left", "left", "center", "left", "right"]
    return Table(
        columns=columns, rows=rows, widths_cm=widths, landscape=True, align=align, bold_rows=[len(rows) - 1]
    )


def subject_of(plan: Plan, kind: str, bare: str) -> str:
    """The subject line under "KẾ HOẠCH": the plan's title without a leading "Kế hoạch", with the province
    written as in running text ("tỉnh Tây Ninh")."""
    subject = plan.title.strip()
    if subject.lower().startswith("kế hoạch "):
        subject = subject[len("kế hoạch ") :].strip()
        subject = subject[:1].upper() + subject[1:]
    for prefix in ("Tỉnh ", "Thành phố ", "TP. ", "TP "):
        subject = subject.replace(f"{prefix}{bare}", f"{kind} {bare}")
    return subject


def plan_document(plan: Plan) -> OfficialDocument:
    issued = plan.issued_on
    kind, bare = province_parts(plan.province, issued)
    pis = list(plan_indicators(plan))
    tasks = list(plan_tasks(plan))
    number = plan.document_number.strip() or "     /KH-UBND"
    when = vn_long_date(issued) if issued else "ngày ... tháng ... năm ..."
    note = f"(Kèm theo Kế hoạch số {number} {when} của Ủy ban nhân dân {kind} {bare})"
    title = (plan.signer_title.strip() or "Phó Chủ tịch").upper()

    sections = [
        Section(
            "I. MỤC TIÊU",
            subsections=[
                Section("1. Mục tiêu chung", paragraphs=_paragraphs(plan.general_objective)),
                Section(
                    "2. Mục tiêu cụ thể",
                    paragraphs=_paragraphs(plan.specific_objectives),
                    subsections=_objectives_section(pis),
                ),
            ],
        ),
        Section("II. NHIỆM VỤ VÀ GIẢI PHÁP", subsections=_tasks_section(tasks)),
        Section("III. KINH PHÍ THỰC HIỆN", paragraphs=_funding_lines(plan, tasks)),
        Section("IV. TỔ CHỨC THỰC HIỆN", paragraphs=_paragraphs(plan.organisation)),
        Section("V. CHẾ ĐỘ BÁO CÁO", paragraphs=_paragraphs(plan.reporting)),
    ]
    region = f"{kind.upper()} {bare.upper()}"
    return OfficialDocument(
        parent_body="",
        issuing_body=f"ỦY BAN NHÂN DÂN\n{region}",
        number=number,
        place=bare,
        date=issued,
        kind_title="KẾ HOẠCH",
        subject=subject_of(plan, kind, bare),
        sections=sections,
        recipients=list(RECIPIENTS),
        signature=Signature(
            collective="TM. ỦY BAN NHÂN DÂN",
            deputy="" if title == "CHỦ TỊCH" else "KT. CHỦ TỊCH",
            title=title,
            name=plan.signer_name.strip(),
        ),
        annexes=[
            Annex(
                heading="Phụ lục I",
                title=f"CHỈ TIÊU BÌNH ĐẲNG GIỚI {_period(plan).upper()} CỦA {region}",
                note=note,
                table=_target_table(plan, pis),
            ),
            Annex(
                heading="Phụ lục II",
                title="NHIỆM VỤ, GIẢI PHÁP VÀ KINH PHÍ THỰC HIỆN",
                note=note,
                table=_task_table(tasks),
            ),
        ],
    )


def plan_docx(plan: Plan) -> bytes:
    return render_docx(plan_document(plan))


def plan_pdf(plan: Plan) -> bytes:
    return docx_to_pdf(plan_docx(plan))
