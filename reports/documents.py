"""A report as an official document (Báo cáo, Decree 30/2020/NĐ-CP layout), drawn only from a snapshot
(``reports.assemble``): the same snapshot gives the same document, so a submitted copy can be rendered again.

A province's report is signed by its People's Committee and sent to the Ministry of Home Affairs; the national
consolidation is the ministry's, sent to the Prime Minister. Annex I is the indicator table, Annex II the
sex-disaggregated parts behind each value, Annex III the tasks (a province) or the provinces by indicator and who
has submitted (the nation). Documents are always in Vietnamese."""

from __future__ import annotations

from collections import OrderedDict
from datetime import date
from decimal import Decimal

from documents.charts import ChartSpec, indicator_charts_png
from documents.official import Annex, Figure, OfficialDocument, Section, Signature, Table, render_docx
from documents.pdf import docx_to_pdf
from indicators.models import MILESTONE_YEARS, Comparator
from lib.dates import vn_long_date
from lib.numbers import format_number
from plans.documents import UNITS_VI, vi_label
from plans.models import TaskCategory
from progress.labels import status_vi

MINISTRY = "Bộ Nội vụ"
PROVINCE_RECIPIENTS = [
    "Bộ Nội vụ (Vụ Công tác thanh niên và Bình đẳng giới)",
    "TT. Tỉnh ủy, HĐND tỉnh",
    "CT, các PCT UBND tỉnh",
    "Sở Nội vụ",
    "Lưu: VT, ...",
]
NATIONAL_RECIPIENTS = [
    "Thủ tướng Chính phủ (để báo cáo)",
    "Các Phó Thủ tướng Chính phủ",
    "Ủy ban Xã hội của Quốc hội",
    "Bộ trưởng (để báo cáo)",
    "UBND các tỉnh, thành phố trực thuộc trung ương",
    "Lưu: VT, Vụ CTTN&BĐG.",
]
STRATEGY = "Chiến lược quốc gia về bình đẳng giới giai đoạn 2021 - 2030"
ORDER = ("achieved", "on_track", "needs_acceleration", "limited", "deteriorating", "target_missed", "no_data")


def fmt(value: str | None, *, yes_no: bool = False) -> str:
    """A snapshot number for the document: Vietnamese format, two decimals at most; '-' when missing."""
    if value is None:
        return "-"
    number = Decimal(value)
    if yes_no:
        return "Có" if number else "Không"
    if number != number.to_integral_value():
        number = number.quantize(Decimal("0.01"))
    return format_number(number)


def bar(target, *, yes_no: bool = False) -> str:
    if not target:
        return ""
    comparator, value = target
    if yes_no:
        return "Có" if Decimal(value) else "Không"
    return f"{Comparator(comparator).label} {fmt(value)}"


def unit_of(row: dict) -> str:
    return UNITS_VI.get(row["unit"], row["unit"])


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _or_missing(text: str) -> list[str]:
    return _paragraphs(text) or ["(Chưa viết nội dung này.)"]


def period_of(snapshot: dict) -> str:
    return {
        "annual": f"năm {snapshot['year']}",
        "midterm": "giai đoạn 2021 - 2025",
        "final": "giai đoạn 2021 - 2030",
    }[snapshot["kind"]]


def is_national(snapshot: dict) -> bool:
    return snapshot["unit"]["level"] == "nation"


def _where(snapshot: dict) -> tuple[str, str, str]:
    """(issuing body, the place for the date line, 'trên địa bàn tỉnh X' or '')."""
    if is_national(snapshot):
        return "BỘ NỘI VỤ", "Hà Nội", ""
    name = snapshot["unit"]["name"]
    kind, bare = _split_name(name)
    return f"ỦY BAN NHÂN DÂN\n{kind.upper()} {bare.upper()}", bare, f" trên địa bàn {kind} {bare}"


def _split_name(name: str) -> tuple[str, str]:
    for prefix, kind in (("Thành phố ", "thành phố"), ("TP. ", "thành phố"), ("Tỉnh ", "tỉnh")):
        if name.startswith(prefix):
            return kind, name[len(prefix) :].strip()
    return "tỉnh", name


def subject_of(snapshot: dict) -> str:
    _body, _place, where = _where(snapshot)
    kind = snapshot["kind"]
    if kind == "midterm":
        head = f"Sơ kết 5 năm thực hiện {STRATEGY}, giai đoạn 2021 - 2025"
    elif kind == "final":
        head = f"Tổng kết 10 năm thực hiện {STRATEGY}"
    else:
        head = f"Kết quả thực hiện {STRATEGY} năm {snapshot['year']}"
    if is_national(snapshot):
        return head + " (tổng hợp toàn quốc)"
    return head + where


def _status_summary(rows: list[dict]) -> str:
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["status"]["status"]] = counts.get(row["status"]["status"], 0) + 1
    parts = [f"{counts[s]} chỉ tiêu {status_vi(s).lower()}" for s in ORDER if counts.get(s)]
    return f"Trong {len(rows)} chỉ tiêu được theo dõi: " + "; ".join(parts) + "."


def _indicator_lines(snapshot: dict) -> list[str]:
    """One line per indicator: this period's value against its target, with the status."""
    year = snapshot["year"]
    lines = []
    for row in snapshot["indicators"]:
        value = row["values"].get(str(year))
        unit = unit_of(row)
        shown = fmt(value, yes_no=row["yes_no"])
        if value is not None and not row["yes_no"]:
            shown += unit if unit == "%" else f" {unit}"
        status = row["status"]
        against = ""
        if status.get("target_year"):
            targets = (
                row["province_targets"] if status.get("source") == "province" else row["national_targets"]
            )
            goal = bar(targets.get(str(status["target_year"])), yes_no=row["yes_no"])
            against = f", so với chỉ tiêu năm {status['target_year']} ({goal})"
        lines.append(
            f"- {row['code']}. {row['name'].rstrip('.')}: năm {year} đạt {shown}{against}: "
            f"{status['label'].lower()}."
            if value is not None
            else f"- {row['code']}. {row['name'].rstrip('.')}: chưa có số liệu năm {year}."
        )
    return lines


def chart_specs(snapshot: dict, limit: int = 6) -> list[ChartSpec]:
    """The main indicators (the national ones with data, first of each objective first) against their targets."""
    rows = [r for r in snapshot["indicators"] if not r["local"] and r["series"] and not r["yes_no"]]
    firsts, rest, seen = [], [], set()
    for row in rows:
        (rest if row["objective"] in seen else firsts).append(row)
        seen.add(row["objective"])
    specs = []
    for row in (firsts + rest)[:limit]:
        targets = [
            (int(y), t[0], Decimal(t[1]), "Quốc gia") for y, t in sorted(row["national_targets"].items()) if t
        ]
        targets += [
            (int(y), t[0], Decimal(t[1]), "Tỉnh")
            for y, t in sorted(row["province_targets"].items())
            if t and int(y) in MILESTONE_YEARS
        ]
        specs.append(
            ChartSpec(
                title=f"{row['code']}. {row['name']}",
                unit=unit_of(row),
                series=[(y, Decimal(v)) for y, v in row["series"]],
                targets=targets,
            )
        )
    return specs


_DRAWN: OrderedDict[str, bytes] = OrderedDict()


def _charts_png(specs: list[ChartSpec]) -> bytes:
    """The same figures draw the same picture (charts are deterministic), so a process keeps the last few."""
    key = repr(specs)
    if key in _DRAWN:
        _DRAWN.move_to_end(key)
        return _DRAWN[key]
    png = _DRAWN[key] = indicator_charts_png(specs)
    while len(_DRAWN) > 16:
        _DRAWN.popitem(last=False)
    return png


def _figures(snapshot: dict) -> list[Figure]:
    specs = chart_specs(snapshot)
    if not specs:
        return []
    return [
        Figure(
            png=_charts_png(specs),
            width_cm=16.0,
            caption="Hình 1. Một số chỉ tiêu chủ yếu so với chỉ tiêu năm 2025 và năm 2030",
        )
    ]


def _tasks_paragraphs(snapshot: dict) -> list[str]:
    if is_national(snapshot):
        counts = snapshot["task_counts"]
        if not counts:
            return ["Chưa có nhiệm vụ trong kế hoạch của các tỉnh, thành phố."]
        total = sum(counts.values())
        lines = [f"Kế hoạch của các tỉnh, thành phố có {format_number(total)} nhiệm vụ, trong đó:"]
        for category in TaskCategory.values:
            if counts.get(category):
                lines.append(f"- {vi_label(TaskCategory, category)}: {format_number(counts[category])};")
        lines[-1] = lines[-1][:-1] + "."
        return lines
    tasks = snapshot["tasks"]
    if not tasks:
        return ["Kế hoạch chưa có nhiệm vụ nào."]
    done = sum(1 for t in tasks if t["percent"] == 100)
    lines = [
        f"Kế hoạch có {len(tasks)} nhiệm vụ; {done} nhiệm vụ đã hoàn thành. Chi tiết tại Phụ lục III.",
    ]
    for task in tasks:
        progress = f"{task['percent']}%" if task["percent"] is not None else "chưa báo cáo tiến độ"
        note = f" {task['note'].rstrip('.')}." if task["note"] else ""
        lines.append(f"- {task['title'].rstrip('.')} ({task['lead']}; {progress}).{note}")
    return lines


def _vn_day(iso: str, *, year: bool = True) -> str:
    day = date.fromisoformat(iso)
    return f"{day:%d/%m/%Y}" if year else f"{day:%d/%m}"


def communication_sentences(snapshot: dict) -> list[str]:
    """Section 4's figures, in sentences, from the snapshot's communication summary: what was organised, the
    person-contacts reached by sex, the products made and the cost; then the Action Month, ethnic-minority
    languages and each campaign. Empty for a snapshot without the summary (frozen before it existed) or with no
    activity."""
    c = snapshot["communication"]
    if not c or not c.get("activities"):
        return []
    national = is_national(snapshot)
    n = format_number
    types = "; ".join(f"{n(t['count'])} {t['label']}" for t in c.get("by_type", []))
    reached = c["reached"]
    by_sex = [f"{n(reached['female'])} nữ", f"{n(reached['male'])} nam"]
    if reached.get("unknown"):
        by_sex.append(f"{n(reached['unknown'])} lượt không rõ giới tính")
    who = "Các tỉnh, thành phố đã tổ chức" if national else "Tổ chức"
    if snapshot["kind"] != "annual":
        who = f"Trong {period_of(snapshot)}, " + who[0].lower() + who[1:]
    sentence = (
        f"{who} {n(c['activities'])} hoạt động truyền thông ({types}), "
        f"tiếp cận {n(reached['total'])} lượt người ({', '.join(by_sex)})"
    )
    products = c.get("products") or []
    if products:
        sentence += "; sản xuất " + ", ".join(f"{n(p['count'])} {p['label']}" for p in products)
    if c.get("cost_total") and Decimal(c["cost_total"]):
        sentence += f"; kinh phí {fmt(c['cost_total'])} đồng"
    lines = [sentence + "."]
    month = c.get("action_month")
    if month and month.get("activities"):
        lines.append(
            f"Hưởng ứng {month['name']} ({_vn_day(month['start'], year=False)} - {_vn_day(month['end'], year=False)}), "
            f"tổ chức {n(month['activities'])} hoạt động, tiếp cận {n(month['reached']['total'])} lượt người."
        )
    minority = [lang for lang in c.get("languages", []) if lang["language"] != "vi"]
    if minority and c.get("ethnic_language_activities"):
        spoken = ", ".join(f"{lang['label']}: {n(lang['count'])}" for lang in minority)
        lines.append(
            f"Có {n(c['ethnic_language_activities'])} hoạt động được thực hiện bằng tiếng dân tộc thiểu số ({spoken})."
        )
    for campaign in c.get("campaigns", []):
        if not campaign.get("activities"):
            continue
        where = f" ({campaign['province']})" if national else ""
        r = campaign["reached"]
        cost = (
            f"; kinh phí {fmt(campaign['cost_total'])} đồng"
            if Decimal(campaign.get("cost_total") or 0)
            else ""
        )
        lines.append(
            f"- {campaign['name']}{where}, từ {_vn_day(campaign['start'])} đến {_vn_day(campaign['end'])}: "
            f"{n(campaign['activities'])} hoạt động, {n(r['total'])} lượt người ({n(r['female'])} nữ, "
            f"{n(r['male'])} nam){cost}."
        )
    lines.append(
        "(Số lượt người được tiếp cận là tổng cộng của các hoạt động; một người có thể được tính nhiều lần.)"
    )
    return lines


def _communication_paragraphs(snapshot: dict) -> list[str]:
    """The figures first, then the narrative the province wrote."""
    figures = communication_sentences(snapshot)
    written = _paragraphs(snapshot["narrative"].get("communication", ""))
    if figures or written:
        return figures + written
    return _or_missing("")


def _money(fund: dict) -> str:
    """'kế hoạch 150.000.000 đồng, được giao 120.000.000 đồng, đã chi 130.000.000 đồng (chi vượt số được giao)'."""
    parts = [f"kế hoạch {fmt(fund.get('amount'))} đồng"] if fund.get("amount") is not None else []
    if fund.get("allocated") is not None:
        parts.append(f"được giao {fmt(fund['allocated'])} đồng")
    if fund.get("spent") is not None:
        parts.append(f"đã chi {fmt(fund['spent'])} đồng")
    text = ", ".join(parts)
    flag = fund.get("flag")
    if flag == "over_allocated":
        text += " (chi vượt số được giao)"
    elif flag == "no_allocation":
        text += " (có chi nhưng chưa được giao kinh phí)"
    return text


def _funds_paragraphs(snapshot: dict) -> list[str]:
    funds = snapshot["funds"]
    if not funds:
        return ["Chưa có số liệu kinh phí bố trí cho các nhiệm vụ trong kỳ báo cáo."]
    totals = snapshot["funds_totals"]
    lines = [f"Tổng kinh phí: {_money({'amount': totals.get('planned'), **totals})}; theo nguồn:"]
    for i, fund in enumerate(funds):
        end = "." if i == len(funds) - 1 else ";"
        lines.append(f"- {fund['label']}: {_money(fund)}{end}")
    return lines


def _inspection_paragraphs(snapshot: dict) -> list[str]:
    """The figures of the inspection plan and its follow-up, then what the province wrote."""
    data = snapshot["inspections"]
    narrative = _paragraphs(snapshot["narrative"]["inspections"])
    if not data or not data["inspections"].get("total"):
        return narrative or ["Chưa có kế hoạch kiểm tra trong kỳ báo cáo."]
    counts, recs = data["inspections"], data["recommendations"]
    plans = "; ".join(
        f"Kế hoạch kiểm tra năm {p['year']}"
        + (f" số {p['document_number']}" if p.get("document_number") else "")
        for p in data["plans"]
    )
    lines = [
        (f"{plans}: " if plans else "")
        + f"{counts.get('total', 0)} cuộc kiểm tra theo kế hoạch, đã thực hiện {counts.get('done', 0)} cuộc"
        + (f", hủy {counts['cancelled']} cuộc" if counts.get("cancelled") else "")
        + (f", còn {counts['planned']} cuộc chưa thực hiện" if counts.get("planned") else "")
        + f"; {recs.get('total', 0)} kiến nghị, đã thực hiện {recs.get('done', 0)}, đang theo dõi "
        + f"{recs.get('open', 0)}, quá hạn {recs.get('overdue', 0)}."
    ]
    for visit in data.get("done", []):
        day = date.fromisoformat(visit["done_on"]).strftime("%d/%m/%Y") if visit.get("done_on") else ""
        findings = f" {visit['findings'].rstrip('.')}." if visit.get("findings") else ""
        lines.append(f"- {visit['unit']} ({day}): {visit['topics'].rstrip('.')}.{findings}")
    return lines + narrative


def _plan_paragraph(snapshot: dict) -> list[str]:
    plans = snapshot["plans"]
    if is_national(snapshot):
        submitted = [p for p in snapshot["provinces"] if p["submitted"]]
        return [
            f"Đến ngày lập báo cáo, {len(submitted)}/{len(snapshot['provinces'])} tỉnh, thành phố đã gửi báo cáo "
            f"{period_of(snapshot)}. Danh sách tại Phụ lục III."
        ]
    if not plans:
        return ["Tỉnh chưa ban hành kế hoạch thực hiện Chiến lược cho kỳ báo cáo."]
    lines = []
    for plan in plans:
        issued = ""
        if plan["number"] and plan["issued_on"]:
            issued = f" số {plan['number']} {vn_long_date(date.fromisoformat(plan['issued_on']))}"
        lines.append(
            f"Ủy ban nhân dân tỉnh đã ban hành {plan['title'][:1].lower() + plan['title'][1:]}{issued}."
        )
    return lines


def _indicator_table(snapshot: dict) -> Table:
    year = snapshot["year"]
    annual = snapshot["kind"] == "annual"
    first, second = (year - 1, year) if annual else (2020, year)
    national = is_national(snapshot)
    columns = [
        "TT",
        "Chỉ tiêu",
        "Đơn vị tính",
        *(f"Chỉ tiêu quốc gia {y}" for y in MILESTONE_YEARS),
        *(() if national else (f"Chỉ tiêu tỉnh {y}" for y in MILESTONE_YEARS)),
        f"Kết quả năm {first}" if annual else "Giá trị cơ sở (năm)",
        f"Kết quả năm {second}",
        "Đánh giá",
        "Cơ quan cung cấp số liệu",
    ]
    rows = []
    for n, row in enumerate(snapshot["indicators"], start=1):
        yn = row["yes_no"]
        status = row["status"]
        assessment = status["label"]
        if status.get("target_year"):
            assessment += f" (so với chỉ tiêu {'tỉnh' if status.get('source') == 'province' else 'quốc gia'} {status['target_year']})"
        rows.append(
            [
                str(n),
                f"{row['code']}. {row['name']}",
                unit_of(row),
                *(bar(row["national_targets"].get(str(y)), yes_no=yn) for y in MILESTONE_YEARS),
                *(
                    ()
                    if national
                    else (bar(row["province_targets"].get(str(y)), yes_no=yn) for y in MILESTONE_YEARS)
                ),
                fmt(row["values"].get(str(first)), yes_no=yn) if annual else _baseline_text(row),
                fmt(row["values"].get(str(second)), yes_no=yn),
                assessment,
                row["agency"],
            ]
        )
    targets = 2 if national else 4
    widths = [1.0, 6.2, 1.9, *([1.6] * targets), 1.8, 1.8, 3.0, 3.4]
    align = ["center", "left", "center", *(["center"] * targets), "right", "right", "left", "left"]
    return Table(columns=columns, rows=rows, widths_cm=widths, landscape=True, align=align)


def _baseline_text(row: dict) -> str:
    """A review's starting point: the 2020 value from the data, else the baseline the 2021-2025 plan recorded."""
    baseline = row.get("baseline")
    if not baseline:
        return "-"
    text = fmt(baseline["value"], yes_no=row["yes_no"])
    return f"{text} ({baseline['year']})" if baseline.get("year") else text


def _parts_table(snapshot: dict) -> Table:
    year = snapshot["year"]
    first, second = (year - 1, year) if snapshot["kind"] == "annual" else (2020, year)
    columns = ["Mã", "Thành phần", "Giới tính", f"Năm {first}", f"Năm {second}"]
    rows = []
    for row in snapshot["indicators"]:
        for part in row["parts"]:
            rows.append(
                [
                    row["code"],
                    part["name"],
                    part["sex_label"],
                    fmt(part["values"].get(str(first))),
                    fmt(part["values"].get(str(second))),
                ]
            )
    return Table(
        columns=columns,
        rows=rows,
        widths_cm=[1.6, 8.4, 2.0, 2.3, 2.3],
        align=["center", "left", "center", "right", "right"],
    )


def _task_table(snapshot: dict) -> Table:
    rows = []
    for n, task in enumerate(snapshot["tasks"], start=1):
        rows.append(
            [
                str(n),
                task["title"],
                vi_label(TaskCategory, task["category"]),
                task["lead"],
                f"{task['percent']}%" if task["percent"] is not None else "-",
                task["note"],
            ]
        )
    return Table(
        columns=["TT", "Nhiệm vụ", "Nhóm giải pháp", "Cơ quan chủ trì", "Tiến độ", "Kết quả thực hiện"],
        rows=rows,
        widths_cm=[1.0, 6.5, 3.4, 3.4, 1.8, 8.0],
        landscape=True,
        align=["center", "left", "left", "left", "center", "left"],
    )


def _province_matrix(snapshot: dict) -> Table:
    """For the nation: each indicator's value and status in each province, one block of rows per indicator."""
    year = snapshot["year"]
    rows, bold = [], []
    names = {r["code"]: r for r in snapshot["indicators"]}
    for code, cells in snapshot["by_province"].items():
        row = names.get(code)
        title = f"{code}. {row['name']}" if row else code
        bold.append(len(rows))
        national = row["values"].get(str(year)) if row else None
        rows.append(
            [
                "",
                title,
                fmt(national, yes_no=bool(row and row["yes_no"])),
                row["status"]["label"] if row else "",
            ]
        )
        for cell in cells:
            rows.append(
                [
                    cell["code"],
                    cell["name"],
                    fmt(cell["value"], yes_no=bool(row and row["yes_no"])),
                    cell["label"],
                ]
            )
    return Table(
        columns=["Mã", "Chỉ tiêu / tỉnh, thành phố", f"Kết quả năm {year}", "Đánh giá"],
        rows=rows,
        widths_cm=[1.4, 9.0, 2.6, 3.5],
        align=["center", "left", "right", "left"],
        bold_rows=bold,
    )


def _submissions_table(snapshot: dict) -> Table:
    rows = []
    for n, p in enumerate(snapshot["provinces"], start=1):
        when = ""
        if p["submitted_at"]:
            when = date.fromisoformat(p["submitted_at"][:10]).strftime("%d/%m/%Y")
        rows.append(
            [
                str(n),
                p["name"],
                f"Lần {p['version']}, {when}" if p["submitted"] else "Chưa gửi",
                "" if p["on_time"] is None else ("Đúng hạn" if p["on_time"] else "Muộn"),
                SUBMISSION_STATUS_VI.get(p["status"] or "", ""),
                "Có" if p["has_data"] else "Chưa có số liệu",
            ]
        )
    return Table(
        columns=["TT", "Tỉnh, thành phố", "Báo cáo", "Thời hạn", "Tình trạng", "Số liệu năm báo cáo"],
        rows=rows,
        widths_cm=[1.0, 4.4, 3.2, 2.2, 3.2, 2.5],
        align=["center", "left", "left", "center", "left", "center"],
    )


SUBMISSION_STATUS_VI = {
    "submitted": "Chờ Bộ xem xét",
    "returned": "Bộ trả lại",
    "accepted": "Bộ đã tiếp nhận",
    "superseded": "Đã thay bằng bản sửa",
}


def report_document(snapshot: dict) -> OfficialDocument:
    national = is_national(snapshot)
    body, place, _where_text = _where(snapshot)
    narrative = snapshot["narrative"]
    when = date.fromisoformat(snapshot["date"]) if snapshot["date"] else None
    symbol = "BC-BNV" if national else "BC-UBND"
    number = snapshot["document"]["number"] or f"     /{symbol}"
    date_text = vn_long_date(when) if when else "ngày ... tháng ... năm ..."
    issuer = "Bộ Nội vụ" if national else "Ủy ban nhân dân " + " ".join(_split_name(snapshot["unit"]["name"]))
    note = f"(Kèm theo Báo cáo số {number} {date_text} của {issuer})"
    period = period_of(snapshot)
    rows = snapshot["indicators"]
    results = Section(
        "2. Kết quả thực hiện các chỉ tiêu",
        paragraphs=[
            _status_summary(rows) if rows else "Chưa có chỉ tiêu nào được theo dõi.",
            *_indicator_lines(snapshot),
        ],
        figures=_figures(snapshot),
    )
    sections = [
        Section(
            "I. KẾT QUẢ THỰC HIỆN",
            subsections=[
                Section("1. Công tác chỉ đạo, ban hành kế hoạch", paragraphs=_plan_paragraph(snapshot)),
                results,
                Section("3. Kết quả thực hiện nhiệm vụ, giải pháp", paragraphs=_tasks_paragraphs(snapshot)),
                Section(
                    "4. Công tác thông tin, truyền thông", paragraphs=_communication_paragraphs(snapshot)
                ),
                Section("5. Công tác kiểm tra, giám sát", paragraphs=_inspection_paragraphs(snapshot)),
                Section("6. Kinh phí thực hiện", paragraphs=_funds_paragraphs(snapshot)),
                Section(
                    "7. Đánh giá chung, kết quả nổi bật", paragraphs=_or_missing(narrative["achievements"])
                ),
            ],
        ),
        Section(
            "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
            subsections=[
                Section("1. Tồn tại, hạn chế", paragraphs=_or_missing(narrative["shortcomings"])),
                Section("2. Nguyên nhân", paragraphs=_or_missing(narrative["causes"])),
            ],
        ),
        Section(
            "III. KIẾN NGHỊ, ĐỀ XUẤT" if not national else "III. KIẾN NGHỊ VỚI CHÍNH PHỦ",
            paragraphs=_or_missing(narrative["recommendations"]),
        ),
    ]
    annexes = [
        Annex(
            heading="Phụ lục I",
            title=f"KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU BÌNH ĐẲNG GIỚI {period.upper()}",
            note=note,
            table=_indicator_table(snapshot),
        ),
        Annex(
            heading="Phụ lục II",
            title="SỐ LIỆU THÀNH PHẦN CỦA CÁC CHỈ TIÊU, TÁCH BIỆT THEO GIỚI TÍNH",
            note=note,
            table=_parts_table(snapshot),
        ),
    ]
    if national:
        annexes += [
            Annex(
                heading="Phụ lục III",
                title="TÌNH HÌNH GỬI BÁO CÁO VÀ SỐ LIỆU CỦA CÁC TỈNH, THÀNH PHỐ",
                note=note,
                table=_submissions_table(snapshot),
            ),
            Annex(
                heading="Phụ lục IV",
                title=f"KẾT QUẢ CÁC CHỈ TIÊU THEO TỈNH, THÀNH PHỐ {period.upper()}",
                note=note,
                table=_province_matrix(snapshot),
            ),
        ]
    elif snapshot["tasks"]:
        annexes.append(
            Annex(
                heading="Phụ lục III",
                title="KẾT QUẢ THỰC HIỆN NHIỆM VỤ, GIẢI PHÁP",
                note=note,
                table=_task_table(snapshot),
            )
        )
    signer_title = (
        snapshot["document"]["signer_title"] or ("Thứ trưởng" if national else "Phó Chủ tịch")
    ).upper()
    if national:
        signature = Signature(
            collective="",
            deputy="" if signer_title == "BỘ TRƯỞNG" else "KT. BỘ TRƯỞNG",
            title=signer_title,
            name=snapshot["document"]["signer_name"],
        )
    else:
        signature = Signature(
            collective="TM. ỦY BAN NHÂN DÂN",
            deputy="" if signer_title == "CHỦ TỊCH" else "KT. CHỦ TỊCH",
            title=signer_title,
            name=snapshot["document"]["signer_name"],
        )
    return OfficialDocument(
        parent_body="",
        issuing_body=body,
        number=number,
        place=place,
        date=when,
        kind_title="BÁO CÁO",
        subject=subject_of(snapshot),
        recipient="Thủ tướng Chính phủ" if national else MINISTRY,
        sections=sections,
        recipients=list(NATIONAL_RECIPIENTS if national else PROVINCE_RECIPIENTS),
        signature=signature,
        annexes=annexes,
    )


def report_docx(snapshot: dict) -> bytes:
    return render_docx(report_document(snapshot))


def report_pdf_from_docx(docx: bytes) -> bytes:
    return docx_to_pdf(docx)


CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def render_report(snapshot: dict, fmt: str, docx: bytes | None = None) -> bytes:
    """The report as a file: "docx", "pdf" (LibreOffice from the DOCX; RuntimeError without it) or "xlsx"."""
    from reports.xlsx import report_xlsx

    if fmt == "xlsx":
        return report_xlsx(snapshot)
    docx = docx if docx is not None else report_docx(snapshot)
    return docx if fmt == "docx" else docx_to_pdf(docx)
