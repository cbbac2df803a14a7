"""Detect which government a report is from and which year it is for, from its own text.

A researcher's corpus is a folder of files named any which way; the text itself states the
place and year in its dateline (——2017年2月11日在海拉尔区第十四届人民代表大会……) or in the
delegation sentence (我代表北京市人民政府). The cue patterns are language data
(``data/places.yaml``); this module only applies them. A CSV manifest can override both
(see :mod:`duban.corpus.manifest`).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache

from duban.extract.lexicon_files import LexiconError, read_yaml

__all__ = ["ReportMeta", "detect_meta", "place_level"]


@dataclass(frozen=True)
class ReportMeta:
    place: str | None = None
    level: str | None = None
    place_source: str | None = None
    year: int | None = None
    year_source: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class _Pattern:
    name: str
    regex: re.Pattern
    offset: int = 0
    place: str | None = None
    search_all: bool = False


@dataclass(frozen=True)
class _Cues:
    head_chars: int
    year_digits: dict
    year_patterns: tuple
    place_patterns: tuple
    not_places: frozenset
    level_names: dict
    level_suffixes: tuple  # (suffix, level), longest first
    filename_year: re.Pattern


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    raw = read_yaml("data/places.yaml", "duban.corpus")
    try:
        years = tuple(
            _Pattern(p["name"], re.compile(p["regex"]), int(p.get("offset", 0)), search_all=p.get("search") == "all")
            for p in raw["year_patterns"]
        )
        places = tuple(_Pattern(p["name"], re.compile(p["regex"]), place=p.get("place")) for p in raw["place_patterns"])
        suffixes = tuple(sorted(raw["level_suffixes"].items(), key=lambda kv: -len(kv[0])))
        return _Cues(
            head_chars=int(raw["head_chars"]),
            year_digits={str(k): int(v) for k, v in raw["year_digits"].items()},
            year_patterns=years,
            place_patterns=places,
            not_places=frozenset(raw["not_places"]),
            level_names=dict(raw["level_names"]),
            level_suffixes=suffixes,
            filename_year=re.compile(raw["filename_year"]),
        )
    except (KeyError, TypeError, re.error) as exc:  # a broken data file is a packaging bug
        raise LexiconError(f"corpus/data/places.yaml: invalid ({exc!r})") from exc


def _year_value(raw: str, digits: dict) -> int | None:
    if raw.isdigit():
        return int(raw)
    try:
        return int("".join(str(digits[ch]) for ch in raw))
    except KeyError:
        return None


def _plausible(year: int | None) -> bool:
    return year is not None and 1949 <= year <= 2100


def detect_year(text: str, name: str | None = None) -> tuple[int | None, str | None]:
    cues = _cues()
    head = text[: cues.head_chars]
    for pat in cues.year_patterns:
        # Plan and review headings sit deep in the report; the dateline and title in its head.
        m = pat.regex.search(text if pat.search_all else head)
        if m:
            year = _year_value(m.group("year"), cues.year_digits)
            if _plausible(year):
                return year + pat.offset, f"text:{pat.name}"
    if name:
        m = cues.filename_year.search(name)
        if m:
            return int(m.group(1)), "filename"
    return None, None


def place_level(place: str | None) -> str | None:
    """Administrative level of a government name: national, province, city or county."""
    if not place:
        return None
    cues = _cues()
    if place in cues.level_names:
        return cues.level_names[place]
    for suffix, level in cues.level_suffixes:
        if place.endswith(suffix):
            return level
    return None


def detect_place(text: str) -> tuple[str | None, str | None]:
    cues = _cues()
    head = text[: cues.head_chars]
    for pat in cues.place_patterns:
        for m in pat.regex.finditer(head):
            place = pat.place or m.group("place").strip()
            if place in cues.not_places:
                continue
            return place, f"text:{pat.name}"
    return None, None


def detect_meta(text: str, name: str | None = None) -> ReportMeta:
    place, place_source = detect_place(text)
    year, year_source = detect_year(text, name)
    return ReportMeta(place=place, level=place_level(place), place_source=place_source, year=year, year_source=year_source)
