"""Cell values going into and out of spreadsheets: formula escaping and number parsing."""

from __future__ import annotations

__all__ = ["FORMULA_PREFIXES", "is_formula_like", "csv_safe", "parse_number", "NumberError"]

# A cell starting with one of these is run as a formula by Excel/LibreOffice when
# the text is typed or opened from CSV (OWASP "CSV injection"); tab and CR are
# included because some spreadsheet programs strip them before looking.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def csv_safe(value):
    """Prefix a formula-like text with an apostrophe: CSV has no cell types, so
    this is the only way to keep a spreadsheet from evaluating it."""
    if is_formula_like(value):
        return "'" + value
    return value


class NumberError(ValueError):
    """A cell that should hold a number does not; the message is for the user."""


def parse_number(raw) -> float | None:
    """A figure typed by a department: 1200, 1,200, １２００, 4.5万, 十二, 95%.

    Empty cells are None. Returns the value in base units (4.5万 -> 45000). The notation is
    the ledger's (:func:`duban.web.ledger.validation.number`), so a page reads it the same way.
    """
    from duban.web.ledger.validation import Invalid, number

    try:
        return number(raw)
    except Invalid as exc:
        raise NumberError(exc.message) from None
