"""What a Vietnamese page must not show: an English message of the catalogue left untranslated, an ISO date, or a
raw status word or code. ``leaks(html)`` lists them; the page guard (test_vietnamese_pages.py) and its own test
call it."""

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.pofile import read_po

CATALOGUE = Path(__file__).parents[2] / "locale" / "vi" / "LC_MESSAGES" / "django.po"

# Attributes a person reads (a button's value is its label); every other attribute is markup.
READ_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label"}
# Scripts and styles are not read; <code> holds what a person types as it is (a file's column "value").
HIDDEN_ELEMENTS = {"script", "style", "code"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
# Raw English words and codes seen on Vietnamese pages (issue 16, problem 1): statuses and part codes printed as
# stored, the method's code, labels of a cell's sexes.
RAW_WORDS = re.compile(
    r"(?<![\w.-])(?:entered|submitted|numerator|denominator|rate|level|total:|female:|male:)(?![\w-])",
    re.IGNORECASE,
)
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfi]|%[sdfi]|\{\w*\}")
MIN_LETTERS = 4

# Messages whose English text is also what a Vietnamese page rightly shows (a name, a code, a word Vietnamese uses
# as it is), each with why. Empty today: the switch to English and an indicator's English name are marked
# lang="en" and left out by the reader below.
ALLOWED: set[str] = set()


class _Visible(HTMLParser):
    """Collects what a reader sees. Text inside an element marked ``lang`` other than Vietnamese (an indicator's
    English name, the switch to English) is meant to be in that language and left out."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.foreign: list[str] = []  # the tag of each open element of another language, innermost last
        self.depth = 0  # elements of that tag opened inside it

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN_ELEMENTS:
            self.hidden += 1
            return
        values = dict(attrs)
        if self.foreign:
            self.depth += tag == self.foreign[-1]
            return
        if (values.get("lang") or "vi")[:2] != "vi" and tag not in VOID:
            self.foreign.append(tag)
            return
        for name in READ_ATTRIBUTES:
            if values.get(name):
                self.parts.append(values[name])
        if (
            tag in ("input", "button")
            and values.get("type") in ("submit", "button", "reset")
            and values.get("value")
        ):
            self.parts.append(values["value"])
        self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag not in HIDDEN_ELEMENTS and not self.foreign:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in HIDDEN_ELEMENTS:
            self.hidden = max(0, self.hidden - 1)
        elif self.foreign:
            if tag == self.foreign[-1]:
                if self.depth:
                    self.depth -= 1
                else:
                    self.foreign.pop()
        elif tag not in VOID:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.hidden and not self.foreign:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The text a reader sees, whitespace collapsed; what scripts and styles hold and attributes nobody reads are
    left out."""
    parser = _Visible()
    parser.feed(html)
    parser.close()
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


# A message's word inside a web address or a code ("/reports/80/", "plan.add_national", "?year=2026") is not the
# message.
BEFORE = r"(?<![\w%/._=?&-])"
AFTER = r"(?![\w/_=-]|\.\w)"
# What a placeholder stands for: inside a message any short text; at its start or end one token with a letter or
# a digit (a number, a name), so "%(n)s commune" is not found in "province / commune".
INNER = r".{1,80}?"
EDGE = r"[^\s]*[^\W_][^\s]*?"


def _pattern(msgid: str) -> re.Pattern | None:
    literal = PLACEHOLDER.split(msgid)
    if sum(len(re.findall(r"[A-Za-z]", piece)) for piece in literal) < MIN_LETTERS:
        return None
    pieces = [re.escape(re.sub(r"\s+", " ", piece)).replace(r"\ ", r"\s+") for piece in literal]
    body = pieces[0]
    for index, piece in enumerate(pieces[1:], start=1):
        body += (EDGE if index in (1, len(pieces) - 1) and "" in (pieces[0], piece) else INNER) + piece
    return re.compile(BEFORE + body + AFTER)


@cache
def catalogue() -> dict[str, list[tuple[str, re.Pattern]]]:
    """The catalogue's English messages whose Vietnamese differs, indexed by their first English word, so a page is
    searched only for the messages whose first word it contains."""
    with CATALOGUE.open("rb") as file:
        po = read_po(file, locale="vi")
    index: dict[str, list[tuple[str, re.Pattern]]] = {}
    for message in po:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            msgid = re.sub(r"\s+", " ", msgid).strip()
            if msgid in ALLOWED or (msgid in strings and not message.fuzzy):
                continue
            words = re.findall(r"[A-Za-z][A-Za-z'’-]*", PLACEHOLDER.sub(" ", msgid))
            pattern = _pattern(msgid)
            if pattern is None or not words:
                continue
            index.setdefault(words[0], []).append((msgid, pattern))
    return index


def leaks(html: str, *, names: tuple[str, ...] = ()) -> list[str]:
    """Every English message, ISO date and raw status word the page shows, each named once. ``names`` are people's
    names the page may show as they are (the test personas' names are English words)."""
    text = visible_text(html)
    for name in names:
        text = text.replace(name, " ")
    found: list[str] = []
    words = set(re.findall(r"[A-Za-z][A-Za-z'’-]*", text))
    for word in words:
        for msgid, pattern in catalogue().get(word, ()):
            if pattern.search(text):
                found.append(f"untranslated: {msgid!r}")
    found += [f"ISO date: {match}" for match in sorted(set(ISO_DATE.findall(text)))]
    found += [f"raw word: {match}" for match in sorted({m.lower() for m in RAW_WORDS.findall(text)})]
    return sorted(found)
