"""The texts the province (or the ministry) writes in the report: general assessment (I.7), shortcomings and
causes (II), recommendations (III). Their content is the report's own text (``narrative`` in the snapshot, built
with the document's frame); the page edits them in its form, so these sections have no HTML of their own."""

from __future__ import annotations

from reports.sections.base import Chapter, Section
from reports.sections.text import or_missing


class NarrativeSection(Section):
    def __init__(self, field: str, chapter: Chapter, heading: str):
        self.key = field
        self.chapter = chapter
        self.heading = heading

    def paragraphs(self, snapshot: dict) -> list[str]:
        return or_missing(snapshot["narrative"][self.key])
