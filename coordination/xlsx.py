"""The responsibility matrix as an Excel sheet: rows the indicators, their parts and the tasks, columns the
agencies; "C" leads (chủ trì), "P" partners (phối hợp), "S" provides the figure (số liệu)."""

from openpyxl import Workbook
from openpyxl.styles import Alignment, PatternFill

from coordination.selectors import DATA, LEAD, PARTNER, Matrix
from lib.xlsx import header, put, to_bytes

LETTERS = {LEAD: "C", PARTNER: "P", DATA: "S"}
FILLS = {
    LEAD: PatternFill("solid", fgColor="C6E7CE"),
    PARTNER: PatternFill("solid", fgColor="FFF2CC"),
    DATA: PatternFill("solid", fgColor="DCE6F4"),
}
KINDS_VI = {"indicator": "Chỉ tiêu", "part": "Số liệu", "task": "Nhiệm vụ"}


def matrix_xlsx(matrix: Matrix, *, province_name: str, year: int) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Ma trận trách nhiệm"
    put(
        ws,
        1,
        1,
        f"Ma trận phân công trách nhiệm thực hiện Kế hoạch bình đẳng giới năm {year} – {province_name}",
    )
    put(ws, 2, 1, "C: chủ trì; P: phối hợp; S: cung cấp số liệu.")
    names = ["Loại", "Mã", "Nội dung", *(a.name for a in matrix.agencies)]
    header(ws, names, widths=[10, 14, 60, *([14] * len(matrix.agencies))], row=4)
    for column in range(4, 4 + len(matrix.agencies)):
        ws.cell(4, column).alignment = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(matrix.rows, start=5):
        put(ws, r, 1, KINDS_VI[row.kind])
        put(ws, r, 2, row.code)
        put(ws, r, 3, row.label).alignment = Alignment(wrap_text=True, vertical="top")
        for c, agency in enumerate(matrix.agencies, start=4):
            role = row.roles.get(agency.pk)
            if role:
                cell = put(ws, r, c, LETTERS[role])
                cell.fill = FILLS[role]
                cell.alignment = Alignment(horizontal="center")
    ws.freeze_panes = "D5"
    return to_bytes(wb)
