"""The framework's notes come from the reference file in English; a Vietnamese page shows them in Vietnamese
(issue 16, problem 1: "A Vietnamese page shows no English word")."""

import csv
from pathlib import Path

import pytest
from django.utils import translation

from indicators.reference_texts import TEXTS, in_words

DATA = Path(__file__).parents[2] / "indicators" / "data" / "national-indicators.csv"
FIELDS = ("disaggregations", "usual_collection_level", "note")


def test_every_note_of_the_reference_file_has_a_vietnamese_wording():
    with DATA.open(encoding="utf-8") as f:
        written = {row[field] for row in csv.DictReader(f) for field in FIELDS if row[field]}
    assert written == TEXTS
    with translation.override("vi"):
        untranslated = sorted(text for text in TEXTS if in_words(text) == text)
    assert untranslated == []


def test_a_percent_sign_in_a_note_survives_the_catalogue():
    with translation.override("vi"):
        assert in_words("Target is 100% from 2025 and kept to 2030.") == (
            "Chỉ tiêu là 100% từ năm 2025 và giữ đến năm 2030."
        )
    with translation.override("en"):
        assert (
            in_words("Target is 100% from 2025 and kept to 2030.")
            == "Target is 100% from 2025 and kept to 2030."
        )


def test_a_note_an_officer_wrote_is_shown_as_written():
    with translation.override("vi"):
        assert in_words("Số liệu do Sở Y tế cung cấp.") == "Số liệu do Sở Y tế cung cấp."


@pytest.mark.django_db
def test_the_indicator_page_shows_the_notes_in_vietnamese(client_as):
    client = client_as("focal")
    html = client.get("/indicators/M1.1/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Báo cáo của Chính phủ nêu tỷ lệ thành phần" in html
    assert "tỉnh và xã" in html
    assert "Government reports quote" not in html
