"""Formula injection, the one escaping of every export (``lib.exporters`` writes the files).

A text cell whose content starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) is written by the
XLSX renderer as a string cell (``data_type = "s"``, never a formula) with the ``quotePrefix`` cell style, which is
what Excel sets when a user types a leading apostrophe; a CSV cell gets the apostrophe itself (``inert_text``)."""

from decimal import Decimal

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # OWASP's list for CSV and spreadsheet formula injection


def inert_text(text: str) -> str:
    """Text for a CSV cell, or a cell whose style cannot be set, that no spreadsheet runs as a formula: a leading
    apostrophe when it starts with ``FORMULA_START``, except a plain number such as ``-5`` (a number, not a
    formula, which a file read back must keep). The one escaping of every export."""
    if not text.startswith(FORMULA_START):
        return text
    if text[:1] in "+-":
        try:
            Decimal(text)
        except ArithmeticError:
            return "'" + text
        return text
    return "'" + text
