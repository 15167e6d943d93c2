"""The data-quality page at work in the demo province (demo): Tây Ninh's 2026 births to mothers aged 15-19 (M4.3)
entered at well over twice the earlier years', with the comment the entry asked for and the focal officer's mark
that the value was checked and is right; and one commune whose 2026 share reached by communication (M6.1) is far
below the other communes', still to check. Figures and texts are invented and marked as demo."""

from decimal import Decimal

from datavalues.models import DataValue, QualityReview
from datavalues.services import quality_review_set, value_set
from indicators.models import Indicator
from units.selectors import communes_of

COMMENT = "Từ năm 2026 số liệu lấy từ hệ thống đăng ký hộ tịch điện tử, đầy đủ hơn các năm trước (demo)"
NOTE = "Đã đối chiếu với Sở Y tế và Sở Tư pháp: số liệu đúng, các năm trước bị thiếu (demo)"


def demo_quality_load(*, province, focal, health_officer) -> None:
    if QualityReview.objects.exists():
        return
    births = Indicator.objects.get(code="M4.3")
    stored = DataValue.objects.filter(
        series__indicator=births, part="numerator", unit=province, year=2026, sex="total", option=""
    ).first()
    if stored is None:
        return
    by = health_officer if births.usual_provider.startswith("Sở Y tế") else focal
    value_set(  # through the grid's rules: far from its history, so the comment is required
        indicator=births,
        part="numerator",
        unit=province,
        year=2026,
        value=(stored.value * Decimal("2.4")).quantize(Decimal(1)),
        by=by,
        source=stored.source,
        as_of=stored.as_of,
        comment=COMMENT,
        expected_version=stored.version,
    )
    quality_review_set(
        by=focal,
        indicator=births,
        unit=province,
        year=2026,
        part="numerator",
        sex="total",
        option="",
        kind="history",
        state="confirmed",
        note=NOTE,
        expected_version=0,
    )
    reached = Indicator.objects.get(code="M6.1")
    communes = list(communes_of(province)[:6])
    if len(communes) == 6:
        population = DataValue.objects.filter(
            series__indicator=reached, part="denominator", unit=communes[5], year=2026, sex="total"
        ).first()
        if population is not None:
            value_set(
                indicator=reached,
                part="numerator",
                unit=communes[5],
                year=2026,
                value=(population.value * Decimal("0.18")).quantize(Decimal(1)),
                by=focal,
                source="Số liệu minh họa (demo)",
                require_comment=False,
            )
