"""The data-quality page at work in the demo province (demo): Tây Ninh's 2026 count of state bodies (the denominator
of M1.1) entered at well over twice the earlier years', with the comment the entry asked for and the focal
officer's mark that the value was checked and is right (its share of bodies led by women then falls far below the
other provinces', a flag still to check once their figures are in); and one commune whose 2026 share reached by
communication (M6.1) is far below the other communes', still to check. An indicator without demo disaggregations,
so the total changes alone. Figures and texts are invented and marked as demo."""

from decimal import Decimal

from datavalues.models import DataValue, QualityReview
from datavalues.services import quality_review_set, value_set
from indicators.models import Indicator
from units.selectors import communes_of

COMMENT = "Từ năm 2026 tính cả các cơ quan, đơn vị cấp xã sau sắp xếp đơn vị hành chính (demo)"
NOTE = "Đã đối chiếu với danh sách cơ quan, đơn vị của tỉnh: số liệu đúng, phạm vi thống kê mở rộng (demo)"


def demo_quality_load(*, province, focal, health_officer) -> None:
    if QualityReview.objects.exists():
        return
    bodies = Indicator.objects.get(code="M1.1")
    stored = DataValue.objects.filter(
        series__indicator=bodies, part="denominator", unit=province, year=2026, sex="total", option=""
    ).first()
    if stored is None:
        return
    by = health_officer if bodies.usual_provider.startswith("Sở Y tế") else focal
    value_set(  # through the grid's rules: far from its history, so the comment is required
        indicator=bodies,
        part="denominator",
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
        indicator=bodies,
        unit=province,
        year=2026,
        part="denominator",
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
