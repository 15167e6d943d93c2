"""What the dashboards compute: the same values and statuses as the roll-up and progress_for, history of the former
provinces inside today's, the nation from summed parts, report and plan states, what each department owes."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from dashboards import selectors
from datavalues.models import DataValue
from datavalues.selectors import completeness_by_agency, rollup_series
from datavalues.services import values_transition
from indicators.models import Indicator
from plans.services import plan_create, task_create, task_progress_add
from progress.selectors import progress_for
from reports.services import report_for, report_update
from tests.dashboards.conftest import ratio
from tests.reports.conftest import TEXTS
from units.selectors import nation, unit_resolve

pytestmark = pytest.mark.django_db


def _province(code: str):
    return unit_resolve(code=code, on=date.today())


def _progress(unit, year: int) -> dict[str, dict]:
    return {row["indicator"].code: row for row in progress_for(unit, year)}


def test_the_overview_shows_progress_for_values_and_statuses(m21_history):
    rows = selectors.overview(m21_history, 2026)
    expected = _progress(m21_history, 2026)
    assert [r.indicator.code for r in rows] == list(expected)
    m21 = next(r for r in rows if r.indicator.code == "M2.1")
    assert m21.latest == (2026, Decimal(48))
    assert m21.status == expected["M2.1"]["status"] != "no_data"
    assert {y: t.value for y, t in m21.national.items()} == {2025: 50, 2030: 60}
    assert m21.provincial == {}
    only = selectors.overview(m21_history, 2026, objective=2)
    assert {r.indicator.objective.number for r in only} == {2} and "M2.1" in [r.indicator.code for r in only]


def test_the_latest_value_is_the_last_one_not_after_the_year(m21_history):
    m21 = next(r for r in selectors.overview(m21_history, 2024) if r.indicator.code == "M2.1")
    assert m21.latest == (2024, Decimal(45))  # the former provinces' parts summed, not their ratios averaged


def test_the_indicator_page_has_the_series_by_sex_and_the_figures(tay_ninh):
    for year, (f_num, f_den, m_num, m_den) in ((2025, (60, 80, 15, 20)), (2026, (70, 80, 18, 20))):
        ratio("M3.2a", tay_ninh, year, f_num, f_den, sex="female")
        ratio("M3.2a", tay_ninh, year, m_num, m_den, sex="male")
        ratio("M3.2a", tay_ninh, year, f_num + m_num, f_den + m_den)
    indicator = Indicator.objects.get(code="M3.2a")
    page = selectors.indicator_page(indicator, tay_ninh, 2026)
    assert [(f.year, f.value, f.female, f.male) for f in page["figures"]] == [
        (2025, Decimal(75), Decimal(75), Decimal(75)),
        (2026, Decimal(88), Decimal("87.5"), Decimal(90)),
    ]
    assert page["figures"][1].parts == {"numerator": Decimal(88), "denominator": Decimal(100)}
    assert page["by_sex"]["female"] == [(2025, Decimal(75)), (2026, Decimal("87.5"))]
    assert page["latest"] == (2026, Decimal(88))
    assert page["progress"]["status"] == _progress(tay_ninh, 2026)["M3.2a"]["status"]
    labels = {"national": "N", "province": "P", "province_annual": "PA", "female": "F", "male": "M"}
    (chart,) = selectors.indicator_chart(indicator, page, labels=labels)
    assert chart["series"] == [[2025, 75.0], [2026, 88.0]]
    assert [line["label"] for line in chart["lines"]] == ["F", "M"]
    assert chart["lines"][0]["series"] == [[2025, 75.0], [2026, 87.5]]
    assert chart["targets"] == [[2025, ">=", 80.0, "N", "national"], [2030, ">=", 90.0, "N", "national"]]
    assert chart["targetLines"] is True


def test_an_indicator_not_split_by_sex_has_no_sex_series(m21_history):
    page = selectors.indicator_page(Indicator.objects.get(code="M2.1"), m21_history, 2026)
    assert page["by_sex"] == {}
    assert [f.year for f in page["figures"]] == [2023, 2024, 2025, 2026]  # from the first year with a value
    assert page["figures"][0].value == Decimal(40) and page["figures"][0].female is None


def test_the_comparison_shows_history_of_the_former_provinces_in_todays(m21_history):
    hanoi = _province("01")
    ratio("M2.1", hanoi, 2026, 300, 500)
    data = selectors.comparison(Indicator.objects.get(code="M2.1"), 2026)
    assert len(data["rows"]) == 34
    rows = {r.province.code: r for r in data["rows"]}
    tay_ninh = rows["80"]
    assert tay_ninh.values[2023] == Decimal(40) and tay_ninh.values[2024] == Decimal(45)
    assert tay_ninh.value == Decimal(48)
    assert sorted(f.code for f in tay_ninh.former) == ["72", "80"]
    assert rows["01"].value == Decimal(60) and rows["01"].values[2024] is None
    assert rows["04"].value is None and rows["04"].status == "no_data"
    # the nation from summed parts: (192 + 300) / (400 + 500), not the mean of 48% and 60%
    assert data["nation"]["value"] == Decimal(100) * 492 / 900
    # the same status as the province's overview
    overview = next(r for r in selectors.overview(m21_history, 2026) if r.indicator.code == "M2.1")
    assert tay_ninh.status == overview.status and tay_ninh.source == "national"


def test_the_comparison_uses_the_provinces_own_target_when_its_plan_has_one(m21_history, persona, agency):
    from plans.services import plan_indicator_set, plan_issue, plan_submit, plan_target_set

    focal = persona("focal")
    indicator = Indicator.objects.get(code="M2.1")
    plan = plan_create(province=m21_history, kind="five_year", start_year=2026, by=focal)
    pi = plan_indicator_set(plan=plan, indicator=indicator, by=focal, lead_agency=agency("noi_vu"))
    plan_target_set(plan_indicator=pi, year=2030, comparator=">=", value="62", by=focal)
    task_create(plan=plan, by=focal, category="statistics", title="Thống kê", lead_agency=agency("noi_vu"))
    row = next(r for r in selectors.comparison(indicator, 2026)["rows"] if r.province.code == "80")
    assert row.source == "national"  # a draft plan's target does not count
    plan_submit(plan=plan, by=focal)
    plan_issue(
        plan=plan,
        by=focal,
        document_number="1/KH-UBND",
        issued_on=date(2026, 1, 5),
        signer_name="A",
        signer_title="B",
    )
    row = next(r for r in selectors.comparison(indicator, 2026)["rows"] if r.province.code == "80")
    assert (row.source, row.target.value) == ("province", Decimal(62))
    overview = next(r for r in selectors.overview(m21_history, 2026) if r.indicator.code == "M2.1")
    assert row.status == overview.status == _progress(m21_history, 2026)["M2.1"]["status"]
    assert overview.provincial[2030].value == Decimal(62)


def test_a_non_additive_indicator_is_not_summed_from_the_former_provinces(tay_ninh, former):
    ratio("M3.1", former[0], 2024, 30, 10)  # Long An's own value: not the province of today's
    ratio("M3.1", tay_ninh, 2026, 21, 10)
    indicator = Indicator.objects.get(code="M3.1")
    row = next(r for r in selectors.comparison(indicator, 2026)["rows"] if r.province.code == "80")
    rolled = rollup_series(indicator, tay_ninh, [2024, 2026])
    assert row.values[2024] is None is rolled[2024].value()
    assert row.values[2026] == rolled[2026].value() == Decimal("2.1")


def test_rows_sort_by_value_with_the_provinces_without_one_last(m21_history):
    ratio("M2.1", _province("01"), 2026, 300, 500)
    rows = selectors.comparison(Indicator.objects.get(code="M2.1"), 2026)["rows"]
    down = selectors.sort_rows(rows, "value", descending=True)
    assert [r.province.code for r in down[:2]] == ["01", "80"] and down[-1].value is None
    up = selectors.sort_rows(rows, "value", descending=False)
    assert [r.province.code for r in up[:2]] == ["80", "01"]
    assert selectors.sort_rows(rows, "code", descending=True)[0].province.code == "96"


def test_each_report_state(persona, sent_copy):
    focal = persona("focal")
    codes = {"01": None, "92": None, "80": None, "79": None, "48": None, "31": None, "46": None}
    provinces = [_province(code) for code in codes]
    units = {p.code: p for p in provinces}
    report_for(unit=units["92"], kind="annual", year=2026)  # opened, nothing written
    report_update(
        report=report_for(unit=units["80"], kind="annual", year=2026), by=focal, data={"causes": "x"}
    )
    for code, status, on_time in (
        ("79", "submitted", True),
        ("48", "submitted", False),
        ("31", "returned", True),
        ("46", "accepted", False),
    ):
        report = report_update(
            report=report_for(unit=units[code], kind="annual", year=2026), by=focal, data=TEXTS
        )
        sent_copy(report, status=status, on_time=on_time, by=focal)
    states = selectors.report_states(2026, provinces)
    assert {code: states[units[code].pk].state for code in codes} == {
        "01": "not_started",
        "92": "not_started",
        "80": "drafting",
        "79": "submitted_on_time",
        "48": "submitted_late",
        "31": "returned",
        "46": "accepted",
    }
    with translation.override("en"):
        assert states[units["48"].pk].label == "Submitted late"
    assert states[units["79"].pk].sent and not states[units["80"].pk].sent


def test_the_latest_version_decides_the_state(persona, sent_copy):
    focal = persona("focal")
    province = _province("79")
    report = report_update(report=report_for(unit=province, kind="annual", year=2026), by=focal, data=TEXTS)
    sent_copy(report, number=1, status="returned", by=focal)
    sent_copy(report, number=2, status="submitted", on_time=True, by=focal)
    assert selectors.report_states(2026, [province])[province.pk].state == "submitted_on_time"


def test_plan_states_pick_the_annual_plan_and_the_five_year_plan(tay_ninh, persona):
    focal = persona("focal")
    five = plan_create(province=tay_ninh, kind="five_year", start_year=2026, by=focal)
    annual = plan_create(province=tay_ninh, kind="annual", start_year=2026, by=focal)
    other = _province("01")
    states = selectors.plan_states(2026, [tay_ninh, other])
    assert states[tay_ninh.pk].annual == annual and states[tay_ninh.pk].five_year == five
    assert not states[tay_ninh.pk].annual_issued
    assert states[tay_ninh.pk].overdue == (date.today() > states[tay_ninh.pk].deadline)
    assert states[other.pk].annual is None and states[other.pk].five_year is None
    assert selectors.plan_states(2025, [tay_ninh])[tay_ninh.pk].five_year is None


def test_what_each_agency_owes(tay_ninh, persona, agency):
    focal = persona("focal")
    ratio("M2.1", tay_ninh, 2026, 100, 200)
    debts = selectors.agency_debts(tay_ninh, 2026)
    m21 = [(d, o) for d in debts for o in d.owed if o.indicator.code == "M2.1"]
    assert {o.part.kind: o.state for _d, o in m21} == {"numerator": "entered", "denominator": "entered"}
    owner = m21[0][0]
    values = list(DataValue.objects.filter(unit=tay_ninh, year=2026, series__indicator__code="M2.1"))
    values_transition(values=values, action="submit", by=focal)
    numerator = [v for v in values if v.part == "numerator"]
    values_transition(values=numerator, action="return", by=focal, reason="Kiểm tra lại")
    debts = selectors.agency_debts(tay_ninh, 2026)
    m21 = [o for d in debts for o in d.owed if o.indicator.code == "M2.1"]
    assert [(o.part.kind, o.state) for o in m21] == [("numerator", "returned")]
    mine = next(d for d in debts if d.agency == owner.agency)
    assert mine.completeness.counts == {"submitted": 1, "returned": 1}
    # the same totals as the data completeness page
    by_agency = {c.label: (c.expected, c.entered) for c in completeness_by_agency(tay_ninh, 2026)}
    assert {
        d.completeness.label: (d.completeness.expected, d.completeness.entered) for d in debts
    } == by_agency
    m32a = next(o for d in debts for o in d.owed if o.indicator.code == "M3.2a")
    assert m32a.state == "missing" and m32a.sexes == ["total", "female", "male"]


def test_tasks_without_progress_this_year_are_owed_by_the_agency_that_leads_them(tay_ninh, persona, agency):
    focal = persona("focal")
    plan = plan_create(province=tay_ninh, kind="five_year", start_year=2026, by=focal)
    health = agency("y_te")
    task = task_create(plan=plan, by=focal, category="statistics", title="Thống kê giới", lead_agency=health)
    debts = selectors.agency_debts(tay_ninh, 2026)
    assert [t.title for d in debts if d.agency == health for t in d.tasks] == ["Thống kê giới"]
    task_progress_add(task=task, by=focal, reported_on=date(2026, 6, 30), percent=40, note="Đang làm")
    debts = selectors.agency_debts(tay_ninh, 2026)
    assert not [t for d in debts for t in d.tasks]


def test_the_cockpit_counts_every_province(m21_history, persona, sent_copy):
    focal = persona("focal")
    report = report_update(
        report=report_for(unit=_province("01"), kind="annual", year=2026), by=focal, data=TEXTS
    )
    sent_copy(report, by=focal)
    data = selectors.cockpit(2026)
    assert data["total"] == len(data["rows"]) == 34
    assert data["sent"] == 1
    assert dict((s, n) for s, _label, n in data["report_counts"])["submitted_on_time"] == 1
    assert dict((s, n) for s, _label, n in data["report_counts"])["not_started"] == 33
    tay_ninh = next(r for r in data["rows"] if r.province.code == "80")
    assert tay_ninh.data.entered == 2 and tay_ninh.report.state == "not_started"
    assert [r.province.code for r in selectors.filter_rows(data["rows"], "submitted_on_time")] == ["01"]
    assert data["days_left"] == (date(2026, 12, 10) - date.today()).days
    assert selectors.filter_rows(data["rows"], "nonsense") == data["rows"]


def test_the_nation_overview_uses_the_national_targets_only(m21_history):
    rows = selectors.overview(nation(), 2026)
    assert all(not r.provincial for r in rows)
    assert all(r.indicator.province_id is None for r in rows)
    m21 = next(r for r in rows if r.indicator.code == "M2.1")
    assert m21.latest == (2026, Decimal(48))


@pytest.mark.parametrize(
    ("given", "expected"), [("2024", 2024), ("1999", 2021), ("2099", 2030), ("x", 2026), (None, 2026)]
)
def test_the_year_is_kept_within_the_strategy(given, expected):
    assert selectors.year_from(given, 2026) == expected
