"""The texts the province (or the ministry) writes in the report: general assessment (I.7), shortcomings and
causes (II), recommendations (III). Their content is the report's own text (``narrative`` in the snapshot, built
with the document's frame); the page edits them in its form, so these sections have no HTML of their own."""

from __future__ import annotations

from reports.sections.base import Chapter, Section
from reports.sections.text import paragraphs


class NarrativeSection(Section):
    def __init__(self, field: str, chapter: Chapter, heading: str):
        self.key = field
        self.chapter = chapter
        self.heading = heading

    def paragraphs(self, snapshot: dict) -> list[str]:
        """What was written; nothing when the section is not written yet: the document then leaves it out (no
        placeholder in an official text) and the report's page lists it as still to write."""
        return paragraphs(snapshot["narrative"][self.key])
