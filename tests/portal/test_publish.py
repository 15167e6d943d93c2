"""Publishing a year: what is computed (accepted values only, rolled up like the rest of the system), what is
refused, what is audited; withdrawing; and the roll-up of every province at once it relies on."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.models import AuditEntry
from datavalues.selectors import rollup, rollup_provinces
from indicators.models import Indicator
from lib.errors import DomainError
from portal.models import Publication, PublicationStatus, PublishedFigure
from portal.selectors import public_figures, publication_preview, years_overview
from portal.services import publication_publish, publication_withdraw
from tests.portal.conftest import STEPS, pair, put, unit
from units.selectors import communes_of, nation, provinces_on

pytestmark = pytest.mark.django_db


def _national(preview, code, sex="total"):
    return next(
        (f for f in preview.national if f.indicator.code == code and f.sex == sex),
        None,
    )


def test_the_preview_rolls_up_accepted_values_only(mixed):
    preview = publication_preview(2024)
    m21 = _national(preview, "M2.1")
    assert (m21.value, m21.numerator, m21.denominator, m21.provinces) == (Decimal("37.4"), 374, 1000, 1)
    assert _national(preview, "M2.2") is None  # submitted only
    assert {(f.unit.code, f.indicator.code) for f in preview.figures if f.unit.code != "VN"} == {
        ("80", "M2.1"),
        ("80", "M3.2a"),
    }
    assert _national(preview, "M3.2a", "female").value == Decimal("92.105263")
    assert preview.provinces == 1 and preview.provinces_total == 34


def test_a_commune_figure_rolls_up_into_its_province_and_the_nation(tay_ninh):
    a, b = communes_of(tay_ninh)[:2]
    pair("M6.1", a, 2025, 10, 100)
    pair("M6.1", b, 2025, 30, 100)
    pair("M6.1", tay_ninh, 2025, 1, 1, status="submitted")  # the province's own total, not accepted: ignored
    preview = publication_preview(2025)
    assert _national(preview, "M6.1").value == 20
    assert [f.value for f in preview.figures if f.unit == tay_ninh] == [20]


def test_a_non_additive_indicator_is_never_summed(tay_ninh):
    pair("M3.1", tay_ninh, 2025, 21, 10)  # a ratio of means (2,1 times)
    preview = publication_preview(2025)
    assert _national(preview, "M3.1") is None
    province = next(f for f in preview.figures if f.indicator.code == "M3.1")
    assert (province.unit, province.value, province.provinces) == (tay_ninh, Decimal("2.1"), None)


def test_publishing_freezes_the_figures_and_is_audited(mixed, persona):
    officer = persona("ministry_officer")
    preview = publication_preview(2024)
    publication = publication_publish(year=2024, by=officer, note=" Lần đầu ", expected_digest=preview.digest)
    assert publication.status == PublicationStatus.PUBLISHED
    assert publication.note == "Lần đầu" and publication.figure_count == len(preview.figures) == 8
    assert PublishedFigure.objects.filter(publication=publication).count() == 8
    entry = AuditEntry.objects.get(action="publication.publish")
    assert (entry.actor, entry.object_id, entry.after["figure_count"]) == (officer, str(publication.pk), 8)
    assert entry.after["digest"] == preview.digest


def test_publishing_again_replaces_the_publication_in_force(mixed, persona):
    officer = persona("ministry_officer")
    first = publication_publish(year=2024, by=officer)
    pair("M2.2", unit("01", 2024), 2024, 100, 400)
    second = publication_publish(year=2024, by=persona("ministry_admin"))
    first.refresh_from_db()
    assert first.status == PublicationStatus.SUPERSEDED and first.superseded_by == second
    assert Publication.objects.filter(year=2024, status=PublicationStatus.PUBLISHED).get() == second
    assert set(public_figures().values_list("publication", flat=True)) == {second.pk}
    assert PublishedFigure.objects.filter(publication=first).count() == 8  # kept, not public
    assert AuditEntry.objects.filter(action="publication.supersede", object_id=str(first.pk)).exists()


@pytest.mark.usefixtures("english")
def test_nothing_is_published_when_the_accepted_values_changed_after_the_preview(mixed, persona):
    preview = publication_preview(2024)
    pair("M2.2", unit("01", 2024), 2024, 100, 400)
    with pytest.raises(DomainError, match="changed after you opened the preview"):
        publication_publish(year=2024, by=persona("ministry_officer"), expected_digest=preview.digest)
    assert not Publication.objects.exists() and not AuditEntry.objects.filter(
        action__startswith="publication"
    )


@pytest.mark.usefixtures("english")
def test_the_same_figures_are_not_published_twice(mixed, persona):
    publication_publish(year=2024, by=persona("ministry_officer"))
    with pytest.raises(DomainError, match="already published"):
        publication_publish(year=2024, by=persona("ministry_officer"))
    assert Publication.objects.count() == 1


def test_a_year_without_accepted_figures_cannot_be_published(mixed, persona):
    with pytest.raises(DomainError) as refused:
        publication_publish(year=2025, by=persona("ministry_officer"))
    assert refused.value.field == "year"
    with pytest.raises(DomainError) as refused:
        publication_publish(year=2099, by=persona("ministry_officer"))
    assert refused.value.field == "year"
    with pytest.raises(DomainError) as refused:
        publication_publish(year=2024, by=persona("ministry_officer"), note="x" * 2001)
    assert refused.value.field == "note"
    assert not Publication.objects.exists()


@pytest.mark.parametrize(
    "who", ["ministry_viewer", "focal", "department", "commune", "province_viewer", "outsider", "no_role"]
)
def test_only_the_ministrys_officers_publish_and_withdraw(mixed, persona, who):
    with pytest.raises(DomainError):
        publication_publish(year=2024, by=persona(who))
    publication = publication_publish(year=2024, by=persona("ministry_officer"))
    with pytest.raises(DomainError):
        publication_withdraw(publication=publication, by=persona(who), reason="Không")
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.PUBLISHED


@pytest.mark.usefixtures("english")
def test_withdrawing_needs_a_reason_and_the_version_the_officer_saw(mixed, persona):
    officer = persona("ministry_officer")
    publication = publication_publish(year=2024, by=officer)
    with pytest.raises(DomainError) as refused:
        publication_withdraw(publication=publication, by=officer, reason="  ")
    assert refused.value.field == "reason"
    with pytest.raises(DomainError, match="Someone else changed"):
        publication_withdraw(publication=publication, by=officer, reason="Sai", expected_version=7)
    assert public_figures().count() == 8
    publication_withdraw(
        publication=publication,
        by=officer,
        reason="Sai số liệu M2.1",
        expected_version=publication.lock_version,
    )
    publication.refresh_from_db()
    assert (publication.status, publication.withdrawn_by, publication.withdraw_reason) == (
        PublicationStatus.WITHDRAWN,
        officer,
        "Sai số liệu M2.1",
    )
    assert public_figures().count() == 0
    assert AuditEntry.objects.get(action="publication.withdraw").reason == "Sai số liệu M2.1"
    with pytest.raises(DomainError, match="no longer on the portal"):
        publication_withdraw(publication=publication, by=officer, reason="Lần nữa")


def test_the_overview_counts_accepted_values_and_provinces_by_year(published):
    rows = {row.year: row for row in years_overview()}
    assert set(rows) == {2023, 2024}
    # 2024: Long An 2 + old Tây Ninh 2 + Cần Thơ's numerator 1 + M3.2a 6 = 11 values, in 2 of today's provinces
    assert (rows[2024].accepted, rows[2024].provinces, rows[2024].changed) == (11, 2, 0)
    assert rows[2024].in_force == published
    assert rows[2023].in_force is None and rows[2023].latest.status == PublicationStatus.WITHDRAWN


def test_rollup_provinces_gives_what_rollup_gives_one_province_at_a_time(mixed, tay_ninh):
    provinces = list(provinces_on(tay_ninh.valid_from))
    for code in ("M2.1", "M3.2a", "M3.1"):
        indicator = Indicator.objects.get(code=code)
        together = rollup_provinces(indicator, provinces, [2023, 2024])
        for province in [p for p in provinces if p.code in ("80", "01", "92", "48")]:
            for year in (2023, 2024):
                assert together[(province.pk, year)].parts == rollup(indicator, province, year).parts


statuses = st.sampled_from(list(STEPS))


@pytest.mark.slow
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.tuples(statuses, statuses, st.integers(1, 500), st.integers(0, 500)), min_size=3, max_size=3)
)
def test_the_national_figure_sums_only_provinces_whose_numerator_and_denominator_are_both_accepted(data):
    """Three provinces, each with a numerator and a denominator in any state: the national figure is 100 × the
    numerators over the denominators of the provinces where both are accepted, and nothing when none is."""
    from django.db import transaction

    codes = ("80", "01", "92")
    with transaction.atomic():
        sid = transaction.savepoint()
        for code, (num_status, den_status, a, b) in zip(codes, data, strict=True):
            province = unit(code, 2026)
            put("M2.3", "denominator", province, 2026, a + b, status=den_status)
            put("M2.3", "numerator", province, 2026, a, status=num_status)
        counted = [(a, a + b) for (n, d, a, b) in data if n == d == "accepted"]
        figure = _national(publication_preview(2026), "M2.3")
        if counted:
            numerator, denominator = sum(c[0] for c in counted), sum(c[1] for c in counted)
            expected = (Decimal(100) * numerator / denominator).quantize(Decimal("0.000001"))
            assert (figure.value, figure.numerator, figure.denominator) == (expected, numerator, denominator)
            assert figure.provinces == len(counted)
        else:
            assert figure is None
        transaction.savepoint_rollback(sid)


def test_the_nation_is_the_nation(mixed):
    assert all(f.unit == nation() for f in publication_preview(2024).national)
