"""The portal's pages as visitors and ministry officers use them: languages, structure for assistive technology,
downloads, and the publication page's publish and withdraw round trip."""

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from audit.models import AuditEntry
from portal.models import Publication, PublicationStatus
from portal.selectors import public_figures, publication_preview
from tests.conftest import vi_text

pytestmark = pytest.mark.django_db


class Outline(HTMLParser):
    """Headings in order, tables with their captions and header scopes, form controls and their labels."""

    def __init__(self):
        super().__init__()
        self.headings: list[int] = []
        self.tables = 0
        self.captions = 0
        self.th_without_scope = 0
        self.controls: list[str] = []
        self.labels: set[str] = set()
        self.aria_labelled: int = 0
        self.lang = None
        self.skip_link = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "table":
            self.tables += 1
        if tag == "caption":
            self.captions += 1
        if tag == "th" and "scope" not in attrs:
            self.th_without_scope += 1
        if tag == "label" and "for" in attrs:
            self.labels.add(attrs["for"])
        if tag in ("select", "textarea") or (
            tag == "input" and attrs.get("type") not in ("hidden", "submit")
        ):
            if "aria-label" in attrs:
                self.aria_labelled += 1
            else:
                self.controls.append(attrs.get("id", ""))
        if tag == "a" and attrs.get("href") == "#main" and attrs.get("class") == "skip":
            self.skip_link = True


def _charts(html: str) -> list[dict]:
    data = re.search(r'<script id="portal-chart-data" type="application/json">(.*?)</script>', html).group(1)
    return json.loads(data)


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("path", ["/public/", "/public/indicators/M2.1/", "/public/indicators/M3.2a/"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_public_pages_are_built_for_assistive_technology(client, published, path, lang):
    client.cookies["django_language"] = lang
    page = outline(client.get(path).content.decode())
    assert page.lang == lang and page.skip_link
    assert page.headings.count(1) == 1 and page.headings[0] == 1
    assert all(b - a <= 1 for a, b in zip(page.headings, page.headings[1:], strict=False)), page.headings
    assert page.tables and page.captions == page.tables and page.th_without_scope == 0
    assert all(control and control in page.labels for control in page.controls), page.controls


def test_the_portal_needs_no_login_and_offers_both_languages(client, published):
    html = client.get("/public/").content.decode()
    assert 'action="/i18n/setlang/"' in html and "Tiếng Việt" in html and "English" in html
    assert 'href="/accounts/login/"' in html
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/public/"})
    assert response.status_code == 302 and response["Location"] == "/public/"
    assert 'lang="en"' in client.get("/public/").content.decode()


def test_the_public_pages_have_no_app_navigation_but_keep_the_demo_banner(client, published, settings):
    settings.DEMO_MODE = True
    html = client.get("/public/").content.decode()
    assert "demo-banner" in html
    assert "mainnav" not in html and "/data/" not in html and "/audit/" not in html


def test_the_indicator_page_has_its_metadata_the_chart_and_the_table_without_scripts(client, published):
    from indicators.models import Indicator

    indicator = Indicator.objects.get(code="M2.1")
    html = client.get("/public/indicators/M2.1/").content.decode()
    for text in (indicator.name_vi, indicator.source, "100 ×", "≥ 50", "≥ 60", "Thống kê tỉnh"):
        assert text in html, text
    assert "vendor/echarts/echarts.min.js" in html and "js/charts.js" in html
    # every script and stylesheet from this server, none from a CDN (a page's random CSRF token may spell "cdn")
    assets = re.findall(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"', html)
    assert "vendor/echarts/echarts.min.js" in " ".join(assets)
    assert all(a.startswith("/") and not a.startswith("//") for a in assets), assets
    assert "https://" not in html and "http://" not in html
    (chart,) = _charts(html)
    assert chart["series"] == [[2024, 37.4]]
    assert chart["targets"] == [
        [2025, ">=", 50.0, "Quốc gia", "national"],
        [2030, ">=", 60.0, "Quốc gia", "national"],
    ]
    # the table is in the HTML whatever the scripts do
    assert re.search(r"<th scope=\"row\">2024</th>\s*<td class=\"num\"><strong>37,4</strong>", html)


def test_a_sex_disaggregated_indicator_shows_female_and_male(client, published):
    html = client.get("/public/indicators/M3.2a/").content.decode()
    assert re.search(
        r"<strong>90</strong></td>\s*<td class=\"num\">92,11</td><td class=\"num\">83,33</td>", html
    )
    charts = _charts(html)
    assert [c["series"] for c in charts] == [[[2024, 90.0]], [[2024, 92.105263]], [[2024, 83.333333]]]


def test_unknown_local_or_retired_indicators_have_no_public_page(client, published):
    from indicators.models import Indicator

    assert client.get("/public/indicators/NOPE/").status_code == 404
    local = Indicator.objects.filter(province__isnull=False).first()
    if local is not None:
        assert client.get(f"/public/indicators/{local.code}/").status_code == 404
    Indicator.objects.filter(code="M2.2").update(active=False)
    assert client.get("/public/indicators/M2.2/").status_code == 404


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_downloads_name_their_columns_in_the_pages_language(client, published, lang):
    client.cookies["django_language"] = lang
    with translation.override(lang):
        expected = [
            gettext("Indicator code"),
            gettext("Indicator"),
            gettext("Unit of measure"),
            gettext("Unit code"),
            gettext("Administrative unit"),
            gettext("Year"),
        ]
    response = client.get("/public/data.csv?indicator=M2.1&unit=VN")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:6] == expected and len(rows) == 2
    assert rows[1][:6] == ["M2.1", rows[1][1], "%", "VN", "Việt Nam", "2024"]
    assert rows[1][7:11] == ["37.4", "374", "1000", "1"]
    assert 'filename="' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(client.get("/public/data.xlsx?indicator=M2.1").content))
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]][:6] == expected
    assert [c.value for c in sheet[2]][7:10] == [37.4, 374, 1000]
    assert len(workbook.worksheets) == 2  # the figures, and a sheet about them
    assert sheet.auto_filter.ref == f"A1:N{sheet.max_row}" and sheet.freeze_panes == "A2"


def test_spreadsheet_text_that_looks_like_a_formula_stays_text(client, published):
    from indicators.models import Indicator

    Indicator.objects.filter(code="M2.1").update(name_vi="=HYPERLINK(1)", name_en="=HYPERLINK(1)")
    rows = list(csv.reader(io.StringIO(client.get("/public/data.csv").content.decode("utf-8-sig"))))
    assert {r[1] for r in rows if r[0] == "M2.1"} == {"'=HYPERLINK(1)"}
    sheet = load_workbook(io.BytesIO(client.get("/public/data.xlsx").content)).worksheets[0]
    cell = next(row[1] for row in sheet.iter_rows(min_row=2) if row[0].value == "M2.1")
    assert cell.data_type == "s" and cell.quotePrefix


def test_the_portal_is_empty_but_explains_itself_before_anything_is_published(client, mixed):
    html = client.get("/public/").content.decode()
    assert (
        vi_text(
            "No figures are published yet. The ministry publishes each year's figures once it has accepted them from the provinces."
        )
        in html
    )
    assert vi_text("Nothing to download yet: no figures are published.") in html
    assert client.get("/public/indicators/M2.1/").status_code == 200
    assert client.get("/public/data.csv").content.decode("utf-8-sig").count("\n") == 1


# --- the ministry's publication page -------------------------------------------------------------------------------


def test_the_ministry_finds_the_publication_page_in_its_menu(client_as):
    html = client_as("ministry_officer").get("/").content.decode()
    assert 'href="/publication/"' in html
    assert 'href="/publication/"' not in client_as("focal").get("/").content.decode()


def test_the_ministry_previews_publishes_and_withdraws_a_year(client_as, mixed):
    client = client_as("ministry_officer")
    html = client.get("/publication/").content.decode()
    assert "2024" in html and "2023" in html and 'href="/publication/2024/"' in html
    page = client.get("/publication/2024/")
    html = page.content.decode()
    assert "37,4" in html and "data-confirm=" in html
    digest = page.context["preview"].digest
    response = client.post("/publication/2024/", {"note": "Số liệu năm 2024", "digest": digest})
    assert response.status_code == 302 and response["Location"] == "/publication/"
    publication = Publication.objects.get(year=2024)
    assert publication.note == "Số liệu năm 2024" and public_figures().count() == 8

    html = client.get("/publication/2024/").content.decode()
    assert vi_text("The accepted values give the same figures.") in html
    assert vi_text("Publish year %(year)s") % {"year": 2024} not in html
    refused = client.post(
        "/publication/2024/withdraw/",
        {"reason": "", "publication": publication.pk, "lock_version": publication.lock_version},
    )
    assert refused.status_code == 422 and public_figures().count() == 8
    response = client.post(
        "/publication/2024/withdraw/",
        {"reason": "Sai sót", "publication": publication.pk, "lock_version": publication.lock_version},
    )
    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.WITHDRAWN and public_figures().count() == 0
    assert AuditEntry.objects.filter(action__startswith="publication.").count() == 2


@pytest.mark.usefixtures("english")
def test_a_publication_made_from_an_outdated_preview_is_refused_on_the_form(client_as, mixed):
    from tests.portal.conftest import pair, unit

    client = client_as("ministry_officer")
    digest = publication_preview(2024).digest
    pair("M2.2", unit("01", 2024), 2024, 100, 400)
    response = client.post("/publication/2024/", {"note": "", "digest": digest})
    assert response.status_code == 422
    assert "changed after you opened the preview" in response.content.decode()
    assert response.context["publish_form"]["digest"].value() == publication_preview(2024).digest
    assert not Publication.objects.exists()


def test_a_withdrawal_names_the_publication_the_officer_saw(client_as, mixed, persona):
    from portal.services import publication_publish
    from tests.portal.conftest import pair, unit

    client = client_as("ministry_officer")
    first = publication_publish(year=2024, by=persona("ministry_officer"))
    pair("M2.2", unit("01", 2024), 2024, 100, 400)
    second = publication_publish(year=2024, by=persona("ministry_admin"))
    response = client.post(
        "/publication/2024/withdraw/",
        {"reason": "Sai", "publication": first.pk, "lock_version": 0},
    )
    assert response.status_code == 422
    second.refresh_from_db()
    assert second.status == PublicationStatus.PUBLISHED


@pytest.mark.parametrize("who", ["ministry_viewer"])
def test_ministry_leaders_read_the_publication_page_but_do_not_publish(client_as, mixed, who):
    client = client_as(who)
    html = client.get("/publication/2024/").content.decode()
    assert "37,4" in html and "Publish year" not in html
    digest = publication_preview(2024).digest
    assert client.post("/publication/2024/", {"digest": digest}).status_code == 403
    assert client.post("/publication/2024/withdraw/", {"reason": "x"}).status_code == 403
    assert not Publication.objects.exists()


def test_out_of_range_years_are_not_found(client_as):
    assert client_as("ministry_officer").get("/publication/1999/").status_code == 404
