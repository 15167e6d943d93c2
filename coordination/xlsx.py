"""The responsibility matrix as an Excel sheet: rows the indicators, their parts and the tasks, columns the
agencies; "C" leads (chủ trì), "P" partners (phối hợp), "S" provides the figure (số liệu)."""

from coordination.selectors import DATA, LEAD, PARTNER, Matrix
from lib.exporters import Cell, Exporter, Sheet
from units.models import AdminUnit

LETTERS = {LEAD: "C", PARTNER: "P", DATA: "S"}
FILLS = {LEAD: "C6E7CE", PARTNER: "FFF2CC", DATA: "DCE6F4"}
KINDS_VI = {"indicator": "Chỉ tiêu", "part": "Số liệu", "task": "Nhiệm vụ"}


class MatrixExport(Exporter):
    def __init__(self, matrix: Matrix, *, province: AdminUnit, year: int):
        self.matrix, self.province_name, self.year = matrix, province.name, year
        self.file_name = f"ma-tran-trach-nhiem-{province.code}-{year}"

    def sheets(self):
        agencies = self.matrix.agencies
        yield Sheet(
            name="Ma trận trách nhiệm",
            title=[
                "Ma trận phân công trách nhiệm thực hiện Kế hoạch bình đẳng giới năm "
                f"{self.year} – {self.province_name}",
                "C: chủ trì; P: phối hợp; S: cung cấp số liệu.",
            ],
            headers=["Loại", "Mã", "Nội dung", *(Cell(a.name, wrap=True) for a in agencies)],
            widths=[10, 14, 60, *([14] * len(agencies))],
            wrap=[3],
            freeze_columns=3,
            rows=(self._row(row, agencies) for row in self.matrix.rows),
        )

    @staticmethod
    def _row(row, agencies) -> list:
        cells = []
        for agency in agencies:
            role = row.roles.get(agency.pk)
            cells.append(Cell(LETTERS[role], fill=FILLS[role], align="center") if role else None)
        return [KINDS_VI[row.kind], row.code, row.label, *cells]
