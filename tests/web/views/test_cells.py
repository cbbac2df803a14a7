"""Figures typed into the department template, and formula escaping for CSV."""

from __future__ import annotations

import pytest

from duban.web.exchange.cells import NumberError, csv_safe, parse_number


@pytest.mark.parametrize(
    "raw, value",
    [
        (1200, 1200.0),
        ("1200", 1200.0),
        ("1,200", 1200.0),
        ("１２００", 1200.0),
        ("4.5万", 45000.0),
        ("2亿", 200000000.0),
        ("95%", 95.0),
        ("９５％", 95.0),
        ("十二", 12.0),
        ("四万五千", 45000.0),
        ("一百二十三点五", 123.5),
        (" 12 ", 12.0),
        ("'12", 12.0),
        ("", None),
        (None, None),
    ],
)
def test_numbers_people_type(raw, value):
    assert parse_number(raw) == value


@pytest.mark.parametrize("raw", ["十二公里", "abc", "1.2.3", "=1+2", True])
def test_what_is_not_a_number_says_so(raw):
    with pytest.raises(NumberError):
        parse_number(raw)


@pytest.mark.parametrize(
    "value, escaped",
    [("=1+2", "'=1+2"), ("+86", "'+86"), ("-3", "'-3"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
     ("供热", "供热"), (12, 12), ("", "")],
)
def test_csv_escaping(value, escaped):
    assert csv_safe(value) == escaped
