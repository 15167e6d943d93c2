import pytest

from reports.services import report_for, report_update
from tests.datavalues.conftest import enter

TEXTS = {
    "achievements": "Tỷ lệ lao động nữ làm công hưởng lương tăng so với năm trước.",
    "communication": "Tổ chức 12 hội nghị truyền thông trong Tháng hành động.",
    "inspections": "Kiểm tra việc thực hiện tại 5 sở và 10 xã.",
    "shortcomings": "Số liệu cấp xã còn thiếu.",
    "causes": "Cán bộ cấp xã kiêm nhiệm nhiều việc.",
    "recommendations": "Đề nghị Bộ Nội vụ tổ chức tập huấn về thống kê giới.",
    "document_number": "215/BC-UBND",
    "signer_name": "Nguyễn Văn An",
    "signer_title": "Phó Chủ tịch",
}


@pytest.fixture
def tay_ninh_figures(tay_ninh):
    """M2.1 in 2025 and 2026 (45,0% then 45,5%) and M3.2a by sex in 2026, entered at the province."""
    enter("M2.1", "numerator", tay_ninh, 2025, 270)
    enter("M2.1", "denominator", tay_ninh, 2025, 600)
    enter("M2.1", "numerator", tay_ninh, 2026, 273)
    enter("M2.1", "denominator", tay_ninh, 2026, 600)
    for sex, numerator, denominator in (("total", 90, 100), ("female", 70, 76), ("male", 20, 24)):
        enter("M3.2a", "numerator", tay_ninh, 2026, numerator, sex=sex)
        enter("M3.2a", "denominator", tay_ninh, 2026, denominator, sex=sex)
    return tay_ninh


@pytest.fixture
def annual_report(tay_ninh_figures, persona):
    """Tây Ninh's 2026 annual report with every text written."""
    report = report_for(unit=tay_ninh_figures, kind="annual", year=2026)
    return report_update(report=report, by=persona("focal"), data=TEXTS)
