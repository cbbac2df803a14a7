"""notation: one thing written in more than one way in the same report.

TeX markup left in the text (PM_{2.5}), PM2.5 beside PM₂.₅, full-width beside half-width
digits and percent signs, and number ranges with different dashes (10—15 / 10-15). The
style used least is reported once per family, at its first use, with the counts.
"""

from __future__ import annotations

import re
from collections import Counter

from duban.extract.check._text import Defect, occurrences

__all__ = ["RULES", "check_notation"]

_SUB = str.maketrans("0123456789.+-()", "₀₁₂₃₄₅₆₇₈₉.₊₋₍₎")
_SUP = str.maketrans("0123456789+-()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁽⁾")
_TEX = re.compile(r"(?<=[A-Za-z0-9)）])\s*([_^])\{([^{}\r\n]{1,12})\}")
_POLLUTANT = re.compile(
    r"(?<![A-Za-z])(PM|CO|SO|NO|NH|CH|ＰＭ)\s*(?:(_\{[\d.]+\})|([₀-₉][₀-₉.]*)|(\d+(?:\.\d+)?)|([０-９][０-９．.]*))(?![\d.])"
)
# The digit patterns open with a plain character class (X then X*, the lookbehind after the
# first character) so that Python's re skips to candidate characters instead of trying the
# pattern at every position; they match exactly what X+ after a lookbehind would.
_FULL_DIGITS = re.compile(r"[０-９][０-９]*")
_FULL_DIGIT_CHARS = "０１２３４５６７８９"
_HALF_DIGITS = re.compile(r"[0-9](?<![A-Za-z][0-9])[0-9]*")
# Ranges and pollutants are tried only at their dashes and names (_ranges, _pollutant_matches).
_RANGE = re.compile(
    r"(?<![A-Za-z0-9_.\-－/:：])(\d{1,4}(?:\.\d+)?)[ ]?(——|—|–|－|-|~|～)[ ]?(\d{1,4}(?:\.\d+)?)(?![\d\-－/:：])"
)
_DATE = re.compile(r"\d{4}[-/－]\d{1,2}[-/－]\d{1,2}")
_POLLUTANT_NAMES = ("PM", "CO", "SO", "NO", "NH", "CH", "ＰＭ")  # every _POLLUTANT match opens with one
_POLLUTANT_INITIALS = {c: [n for n in _POLLUTANT_NAMES if n[0] == c] for c in {n[0] for n in _POLLUTANT_NAMES}}
_DASHES = "—–－-~～"  # the characters of _RANGE's dashes
_DASH_NAMES = {
    "—": "一字线“—”",
    "——": "双线“——”",
    "–": "短横“–”",
    "－": "全角连字符“－”",
    "-": "半角连字符“-”",
    "~": "浪纹线“~”",
    "～": "浪纹线“～”",
}


def check_notation(text: str, doc: dict | None = None) -> list[Defect]:
    out = []
    tex_spans = []
    for m in _tex(text):
        body = m.group(2)
        table = _SUB if m.group(1) == "_" else _SUP
        uni = body.translate(table)
        sugg = uni if all(c not in "0123456789" for c in uni) else body
        out.append(
            Defect(
                "notation",
                _start_of_symbol(text, m.start()),
                m.end(),
                f"排版记号残留：“{m.group(0).strip()}”是TeX写法",
                f"{text[_start_of_symbol(text, m.start()) : m.start()]}{sugg}",
                "notation.tex",
            )
        )
        tex_spans.append((_start_of_symbol(text, m.start()), m.end()))
    out += _pollutants(text, tex_spans)
    # A family is mixed only when two of its styles occur, so each family is listed only
    # when that is possible: with no full-width digit (the usual case) the many half-width
    # numbers are not collected, and so on.
    # Ten searches for one character each are cheaper than a scan with a character class.
    full = list(_FULL_DIGITS.finditer(text)) if any(d in text for d in _FULL_DIGIT_CHARS) else []
    if full:
        out += _minority(
            text,
            "digits",
            [(m, "全角数字") for m in full] + [(m, "半角数字") for m in _HALF_DIGITS.finditer(text)],
        )
    if "％" in text and "%" in text:
        out += _minority(
            text,
            "percent",
            [(m, "全角“％”") for m in re.finditer("％", text)] + [(m, "半角“%”") for m in re.finditer("%", text)],
        )
    dashes = [d for d in _DASHES if d in text]
    if len(dashes) > 1 or dashes == ["—"]:  # "—" alone still writes two styles, — and ——
        ranges = [(m, _DASH_NAMES[m.group(2)]) for m in _ranges(text, dashes) if not _is_date(text, m)]
        out += _minority(text, "range", ranges)
    return out


def _tex(text: str):
    """The matches of _TEX, in order, found from their "_{" and "^{".

    _TEX opens with a lookbehind, which re tries at every character; a string search for
    the brace is far cheaper, and a match starts where the spaces before its "_" or "^"
    begin, right after the symbol it is attached to.
    """
    done = 0
    b = text.find("{")
    while b >= 0:
        p = b - 1
        if p >= done and text[p] in "_^":
            while p > done and text[p - 1].isspace():  # the same characters as \s
                p -= 1
            m = _TEX.match(text, p)
            if m:
                yield m
                done = m.end()
        b = text.find("{", b + 1)


def _ranges(text: str, present: list[str]):
    """The matches of _RANGE, in order, found from their dashes (``present``: those the text holds).

    A range's first number ends right before its dash (or one space before it), so a match
    starts in the run of digits and points there; string searches for the few dashes of a
    report replace trying the pattern at every digit.
    """
    dashes = sorted(i for d in present for i in occurrences(text, d))
    done = 0
    for d in dashes:
        j = d - 1 if d > 0 and text[d - 1] == " " else d
        r = j
        while r > done and (text[r - 1].isdecimal() or text[r - 1] == "."):  # \d is isdecimal
            r -= 1
        for p in range(max(r, done), j):
            m = _RANGE.match(text, p)
            if m:
                yield m
                done = m.end()
                break


def _pollutant_matches(text: str):
    """The matches of _POLLUTANT, in order, tried only where one of its names occurs.

    The names are found from their first letters: a search for one character is many
    times quicker than one for two, and Latin letters are rare in a report.
    """
    starts = []
    for initial, names in _POLLUTANT_INITIALS.items():
        for i in occurrences(text, initial):
            starts += [i for name in names if text.startswith(name, i)]
    done = 0
    for i in sorted(starts):
        if i >= done:
            m = _POLLUTANT.match(text, i)
            if m:
                yield m
                done = m.end()


def _start_of_symbol(text: str, i: int) -> int:
    j = i
    while j > 0 and (text[j - 1].isascii() and text[j - 1].isalnum()):
        j -= 1
    return j


def _pollutants(text: str, tex_spans) -> list[Defect]:
    by_name: dict[str, list] = {}
    for m in _pollutant_matches(text):
        if any(a <= m.start() < b for a, b in tex_spans):
            continue
        style = (
            "Unicode下标"
            if m.group(3)
            else "普通数字"
            if m.group(4)
            else "全角"
            if m.group(5) or m.group(1) == "ＰＭ"
            else None
        )
        if style:
            # PM2.5 beside CO₂ is a common house style; only one substance written two ways is mixed.
            by_name.setdefault(m.group(1).replace("ＰＭ", "PM"), []).append((m, style))
    return [d for items in by_name.values() for d in _minority(text, "pollutant", items)]


def _minority(text: str, family: str, items) -> list[Defect]:
    counts = Counter(style for _, style in items)
    if len(counts) < 2:
        return []
    order = {}
    for m, style in items:
        order.setdefault(style, m.start())
    major = max(counts, key=lambda s: (counts[s], -order[s]))
    out = []
    for style in counts:
        if style == major:
            continue
        first = min((m for m, s in items if s == style), key=lambda m: m.start())
        out.append(
            Defect(
                "notation",
                first.start(),
                first.end(),
                f"写法不统一：{style}{counts[style]}处，{major}{counts[major]}处",
                f"统一用{major}",
                f"notation.{family}",
            )
        )
    return out


def _is_date(text: str, m) -> bool:
    """2026-02-02 and 02-02 are dates, not ranges."""
    around = text[max(0, m.start() - 5) : m.end() + 3]
    return bool(_DATE.search(around)) or (
        m.group(2) in "-－" and len(m.group(1)) == 4 and len(m.group(3)) <= 2 and m.group(3).startswith("0")
    )


RULES = [("notation", check_notation)]
