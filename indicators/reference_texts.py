"""The framework's notes as the reference file writes them (in English): how each indicator is disaggregated,
where it is usually collected, and what to keep in mind. They are catalogue messages, so that a page shows them in its
reader's language; a text someone wrote in their place is shown as written."""

from django.utils.translation import gettext, gettext_noop

# A "%" is written "%%" in the catalogue, so that no "% f" in a note reads as a placeholder.
MESSAGES = frozenset(
    {
        gettext_noop("facility type"),
        gettext_noop(
            "level (central ministries / government agencies / province / commune; district until 30/6/2025); body (HĐND / UBND)"
        ),
        gettext_noop("sex"),
        gettext_noop("sex; age group"),
        gettext_noop("type (enterprise / cooperative)"),
        gettext_noop("urban/rural"),
        gettext_noop("urban/rural; ethnic group"),
        gettext_noop("commune and province"),
        gettext_noop("commune and province; national survey in 2024 and 2029"),
        gettext_noop("national (Labour Force Survey); province only if a local survey exists"),
        gettext_noop("national milestone"),
        gettext_noop("national; province optional"),
        gettext_noop("province"),
        gettext_noop("province (Labour Force Survey estimates)"),
        gettext_noop("province and commune"),
        gettext_noop("province reports 1 or 0 over 1; national sums"),
        gettext_noop("2030 target is worded 'about 60%%'."),
        gettext_noop("2030 target is worded 'about 99%%'."),
        gettext_noop("A milestone from 2025 on, not a ratio."),
        gettext_noop(
            "A ratio of two means: it can not be summed across units; a higher level needs its own survey value."
        ),
        gettext_noop("Census-based; the same 2020 value was reused in the 2022-2024 national reports."),
        gettext_noop("Confirmed from one source only."),
        gettext_noop("From 2025 on, not below 50%%."),
        gettext_noop(
            "Government reports quote the sub-ratios per level and per body, so they must be kept, not only the total."
        ),
        gettext_noop(
            "Guidance: provinces compile from communication activities (incl. radio, loudspeaker and TV coverage); the ministry runs a survey in 2024 and 2029 for the mid-term and final reviews."
        ),
        gettext_noop(
            "Ministry of Health restatement: reduce to 42 per 100,000 live births by 2025 and below 42 by 2030; the Resolution's own wording not retrieved."
        ),
        gettext_noop("Official Chỉ tiêu 2 of Objective 3 has two parts (a, b)."),
        gettext_noop(
            "Official Chỉ tiêu 3 of Objective 4: from 23 to 18 per 1,000 by 2025 and below 18 by 2030 (restated word for word in the Ministry of Health plan 5658/QĐ-BYT)."
        ),
        gettext_noop("Official Chỉ tiêu 4 of Objective 4."),
        gettext_noop(
            'Survey-based and civil-registration series differ in method and must be kept as separate series. Worded "ở mức" (at the level of) 111 and 109.'
        ),
        gettext_noop("Target is 100%% from 2025 and kept to 2030."),
    }
)
TEXTS = frozenset(message.replace("%%", "%") for message in MESSAGES)


def in_words(text: str) -> str:
    """A reference text in the active language; any other text as it is."""
    return gettext(text.replace("%", "%%")).replace("%%", "%") if text in TEXTS else text
