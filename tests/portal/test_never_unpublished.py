"""The acceptance test of the public portal: it never returns a figure that has not been accepted and published,
by page or by download, whatever the query parameters.

The data (``mixed`` and ``published`` in conftest): accepted, approved, submitted values side by side, a
numerator accepted over a denominator still under review, a publication withdrawn, and values accepted after
the year was published."""

import csv
import io
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from portal.selectors import public_figures
from tests.conftest import vi_text
from tests.portal.conftest import SECRET_COMMENT, SECRET_SOURCE, pair, unit

# (indicator, unit code, year, sex) → value: everything the public may see, computed by hand.
EXPECTED = {
    ("M2.1", "VN", 2024, "total"): Decimal("37.4"),  # (210 + 164) / (600 + 400): Tây Ninh alone
    ("M2.1", "80", 2024, "total"): Decimal("37.4"),
    ("M3.2a", "VN", 2024, "total"): Decimal("90"),
    ("M3.2a", "VN", 2024, "female"): Decimal("92.105263"),  # 70 / 76
    ("M3.2a", "VN", 2024, "male"): Decimal("83.333333"),  # 20 / 24
    ("M3.2a", "80", 2024, "total"): Decimal("90"),
    ("M3.2a", "80", 2024, "female"): Decimal("92.105263"),
    ("M3.2a", "80", 2024, "male"): Decimal("83.333333"),
}
# What a leak would look like on a page: Hà Nội's approved 61,3%; the nation with it (987/2000 = 49,35%); with
# Cần Thơ's lone numerator (451/1000 = 45,1%); the withdrawn 2023 (333/1000 = 33,3%); M2.2's submitted 31,67%.
LEAKS = ["61,3", "49,35", "45,1", "33,3", "31,67", "Hà Nội", "Cần Thơ"]
SECRETS = [SECRET_SOURCE, SECRET_COMMENT, "Focal", "focal", "Ministry Officer", "ministry_officer"]


def _csv_rows(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _key(row: list[str]) -> tuple:
    return (row[0], row[3], int(row[5]), row[6])


def _sex_codes() -> dict[str, str]:
    from datavalues.models import Sex

    return {str(label): code for code, label in Sex.choices}


def _figures_in_csv(response) -> dict[tuple, Decimal]:
    rows = _csv_rows(response)
    sexes = _sex_codes()
    return {(r[0], r[3], int(r[5]), sexes[r[6]]): Decimal(r[7]) for r in rows[1:]}


def _figures_in_xlsx(response) -> dict[tuple, Decimal]:
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    sexes = _sex_codes()
    return {
        (r[0], r[3], int(r[5]), sexes[r[6]]): Decimal(str(r[7]))
        for r in sheet.iter_rows(min_row=2, values_only=True)
    }


@pytest.mark.django_db
def test_the_published_figures_are_exactly_the_accepted_ones(published):
    stored = {(f.indicator.code, f.unit.code, f.year, f.sex): f.value for f in public_figures()}
    assert stored == EXPECTED
    national = public_figures().get(indicator__code="M2.1", unit__code="VN")
    assert (national.numerator, national.denominator, national.provinces) == (374, 1000, 1)


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_download_returns_a_figure_that_is_not_accepted_and_published(client, published, lang):
    client.cookies["django_language"] = lang
    with translation.override(lang):
        everything = _figures_in_csv(client.get("/public/data.csv"))
        assert everything == EXPECTED
        assert _figures_in_xlsx(client.get("/public/data.xlsx")) == EXPECTED
        narrowed = [
            "?indicator=M2.1",
            "?year=2024",
            "?unit=VN",
            "?unit=80",
            "?indicator=M3.2a&year=2024&unit=80",
            "?indicator=&year=&unit=",
        ]
        for query in narrowed:
            got = _figures_in_csv(client.get(f"/public/data.csv{query}"))
            assert got and set(got.items()) <= set(EXPECTED.items()), query
        for query in narrowed[:2]:
            got = _figures_in_xlsx(client.get(f"/public/data.xlsx{query}"))
            assert got and set(got.items()) <= set(EXPECTED.items()), query
        # What was never published (or was withdrawn) cannot even be asked for.
        refused = [
            "?year=2023",
            "?unit=01",
            "?unit=92",
            "?indicator=M2.2",
            "?indicator=80-KH1",
            "?year=2025",
            "?year=abc",
            "?unit=VN'--",
        ]
        for query in refused:
            for fmt in ("csv", "xlsx"):
                assert client.get(f"/public/data.{fmt}{query}").status_code == 400, (query, fmt)
    for fmt in ("csv", "xlsx"):
        body = client.get(f"/public/data.{fmt}").content
        text = body.decode("utf-8-sig") if fmt == "csv" else ""
        for secret in SECRETS:
            assert secret not in text
        assert SECRET_SOURCE.encode() not in body


@pytest.mark.django_db
def test_no_page_shows_a_figure_that_is_not_accepted_and_published(client, published):
    pages = {
        "/public/": ["37,4", "90"],
        "/public/indicators/M2.1/": ["37,4", "374", "1.000"],
        "/public/indicators/M2.1/?year=2024": ["37,4"],
        "/public/indicators/M3.2a/": ["92,11", "83,33"],
        "/public/indicators/M2.2/": [],
    }
    for path, shown in pages.items():
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        for text in shown:
            assert text in html, (path, text)
        for text in LEAKS + SECRETS:
            assert text not in html, (path, text)
    # the withdrawn year is nowhere: not in the series, not among the years to choose from
    assert "2023" not in client.get("/public/indicators/M2.1/").content.decode()
    assert client.get("/public/indicators/M2.1/?year=2023").status_code == 404
    assert client.get("/public/indicators/M2.1/?year=2025").status_code == 404
    assert vi_text("No national figure of this indicator is published yet.") in client.get(
        "/public/indicators/M2.2/"
    ).content.decode("utf-8")


@pytest.mark.django_db
def test_a_value_accepted_after_publication_is_public_only_once_the_year_is_published_again(
    client, published, persona
):
    from datavalues.models import DataValue
    from datavalues.services import values_transition
    from portal.services import publication_publish

    hanoi = DataValue.objects.filter(unit=unit("01", 2024), year=2024)
    values_transition(values=list(hanoi), action="accept", by=persona("ministry_officer"))
    assert _figures_in_csv(client.get("/public/data.csv")) == EXPECTED
    assert "61,3" not in client.get("/public/indicators/M2.1/").content.decode()

    publication_publish(year=2024, by=persona("ministry_officer"))
    figures = _figures_in_csv(client.get("/public/data.csv?indicator=M2.1"))
    assert figures[("M2.1", "VN", 2024, "total")] == Decimal("49.35")  # (374 + 613) / (1000 + 1000)
    assert figures[("M2.1", "01", 2024, "total")] == Decimal("61.3")
    assert "61,3" in client.get("/public/indicators/M2.1/").content.decode()


@pytest.mark.django_db
def test_a_reopened_value_stays_public_as_published_until_the_ministry_acts(client, published, persona):
    """Reopening a value does not change the portal by itself: the figure is the one the ministry published. The
    ministry sees that the year changed and publishes again (or withdraws)."""
    from datavalues.models import DataValue
    from datavalues.services import values_transition
    from portal.selectors import years_overview
    from portal.services import publication_publish

    long_an = list(DataValue.objects.filter(unit=unit("80", 2024), year=2024, series__indicator__code="M2.1"))
    values_transition(values=long_an, action="reopen", by=persona("ministry_officer"), reason="Sai số liệu")
    assert _figures_in_csv(client.get("/public/data.csv")) == EXPECTED
    row = next(r for r in years_overview() if r.year == 2024)
    assert row.changed == 2
    publication_publish(year=2024, by=persona("ministry_officer"))
    figures = _figures_in_csv(client.get("/public/data.csv?indicator=M2.1"))
    assert figures == {("M2.1", "VN", 2024, "total"): Decimal(41), ("M2.1", "80", 2024, "total"): Decimal(41)}


@pytest.mark.django_db
def test_withdrawing_the_only_publication_empties_the_portal(client, published, persona):
    from portal.services import publication_withdraw

    publication_withdraw(publication=published, by=persona("ministry_admin"), reason="Rà soát lại")
    assert client.get("/public/data.csv").content.decode("utf-8-sig").count("\n") == 1  # the header only
    assert client.get("/public/data.csv?year=2024").status_code == 400
    html = client.get("/public/").content.decode()
    assert (
        "37,4" not in html
        and vi_text(
            "No figures are published yet. The ministry publishes each year's figures once it has accepted them from the provinces."
        )
        in html
    )


@pytest.mark.django_db
def test_a_pair_new_in_another_province_after_publication_is_not_public(client, published):
    pair("M2.1", unit("48", 2024), 2024, 1, 2)  # Đà Nẵng accepted after the publication: 50%
    assert _figures_in_csv(client.get("/public/data.csv")) == EXPECTED
