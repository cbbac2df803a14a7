"""Automatic list numbers of a .docx, which Word computes at display time.

A 民生实事 list typed with Word's numbering button holds no "1." in its XML; without
this module the list extractor would see unnumbered lines. Counters follow Word: one
sequence per abstract numbering definition, deeper levels restart when a shallower one
advances, ``w:startOverride`` restarts a list instance.
"""

from __future__ import annotations

from dataclasses import dataclass

import cn2an

__all__ = ["Numbering", "format_number"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
# Largest counter rendered in a non-decimal style; letters and roman numerals grow with n.
_MAX_STYLED = 9999
_FULLSTOP = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"


def _roman(n: int) -> str:
    out = []
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    # Word repeats the letter: a..z, aa..zz, aaa...
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _enclosed(n: int, table: str) -> str:
    return table[n - 1] if 1 <= n <= len(table) else str(n)


def format_number(n: int, fmt: str) -> str:
    """Render counter ``n`` in the Word number format ``fmt`` (``decimal``, ``chineseCounting`` ...)."""
    if fmt in ("none", "bullet"):
        return ""
    if n <= 0 or n > _MAX_STYLED:
        return str(n)  # Word itself falls back to digits; also keeps "aaaa..." bombs out
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand", "koreanCounting", "ideographLegalTraditional"):
        return cn2an.an2cn(n, "low")
    if fmt in ("chineseLegalSimplified", "japaneseLegal"):
        return cn2an.an2cn(n, "up")
    if fmt in ("ideographDigital", "japaneseDigitalTenThousand", "taiwaneseDigital"):
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _enclosed(n, _CIRCLED)
    if fmt == "decimalEnclosedParen":
        return _enclosed(n, _PAREN)
    if fmt == "decimalEnclosedFullstop":
        return _enclosed(n, _FULLSTOP)
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerLetter":
        return _letters(n)
    return str(n)


@dataclass(frozen=True)
class _Level:
    fmt: str
    text: str
    start: int
    legal: bool
    suffix: str


def _val(element, tag: str, default: str | None = None) -> str | None:
    found = element.find(_W + tag) if element is not None else None
    return found.get(_W + "val", default) if found is not None else default


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


class Numbering:
    def __init__(self, abstract: dict, nums: dict, styles: dict):
        self._abstract = abstract  # abstractNumId -> {ilvl: _Level}
        self._nums = nums  # numId -> (abstractNumId, {ilvl: start override})
        self._styles = styles  # styleId -> (numId, ilvl) from the style chain
        self._counters: dict[str, dict[int, int]] = {}
        self._started: set[str] = set()

    @classmethod
    def empty(cls) -> Numbering:
        return cls({}, {}, {})

    @classmethod
    def from_document(cls, document, warnings: list[str]) -> Numbering:
        try:
            part = document.part.numbering_part
            root = part.element
        except (KeyError, NotImplementedError, AttributeError):
            return cls.empty()
        try:
            return cls(_abstracts(root), _nums(root), _style_numbering(document))
        except (ValueError, TypeError, AttributeError) as exc:
            warnings.append(f"automatic list numbers ignored: numbering.xml is malformed ({exc})")
            return cls.empty()

    def label(self, p) -> str:
        """The rendered number of paragraph ``p`` ("1. ", "一、", "(二)"), or ""."""
        num_id, ilvl = self._paragraph_numbering(p)
        if not num_id or num_id == "0" or num_id not in self._nums:
            return ""
        abstract_id, overrides = self._nums[num_id]
        levels = self._abstract.get(abstract_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self._counters.setdefault(abstract_id, {})
        if num_id not in self._started:
            self._started.add(num_id)
            for lvl, start in overrides.items():
                counters[lvl] = start - 1
                for deeper in [k for k in counters if k > lvl]:
                    del counters[deeper]
        level = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.fmt == "bullet" or not level.text:
            return ""
        text = level.text
        for k in range(9):
            placeholder = f"%{k + 1}"
            if placeholder in text:
                lvl = levels.get(k)
                value = counters.get(k, lvl.start if lvl else 1)
                fmt = "decimal" if (level.legal or lvl is None) else lvl.fmt
                text = text.replace(placeholder, format_number(value, fmt))
        if level.suffix == "space" or (level.suffix == "tab" and text[-1:] in ".．"):
            text += " "
        return text

    def _paragraph_numbering(self, p) -> tuple[str | None, int]:
        ppr = p.find(_W + "pPr")
        if ppr is None:
            return None, 0
        numpr = ppr.find(_W + "numPr")
        if numpr is not None:
            num_id = _val(numpr, "numId")
            ilvl = _int(_val(numpr, "ilvl"), 0)
            if num_id is not None:
                return num_id, ilvl
        style = _val(ppr, "pStyle")
        if style and style in self._styles:
            num_id, style_ilvl = self._styles[style]
            if numpr is not None and _val(numpr, "ilvl") is not None:
                style_ilvl = _int(_val(numpr, "ilvl"), style_ilvl)
            return num_id, style_ilvl
        return None, 0


def _abstracts(root) -> dict:
    result = {}
    for abstract in root.iterchildren(_W + "abstractNum"):
        levels = {}
        for lvl in abstract.iterchildren(_W + "lvl"):
            ilvl = _int(lvl.get(_W + "ilvl"), 0)
            levels[ilvl] = _Level(
                fmt=_val(lvl, "numFmt", "decimal") or "decimal",
                text=_val(lvl, "lvlText", "") or "",
                start=_int(_val(lvl, "start"), 1),
                legal=lvl.find(_W + "isLgl") is not None,
                suffix=_val(lvl, "suff", "tab") or "tab",
            )
        result[abstract.get(_W + "abstractNumId")] = levels
    return result


def _nums(root) -> dict:
    result = {}
    for num in root.iterchildren(_W + "num"):
        overrides = {}
        for override in num.iterchildren(_W + "lvlOverride"):
            start = _val(override, "startOverride")
            if start is not None:
                overrides[_int(override.get(_W + "ilvl"), 0)] = _int(start, 1)
        result[num.get(_W + "numId")] = (_val(num, "abstractNumId"), overrides)
    return result


def _style_numbering(document) -> dict:
    try:
        styles_root = document.styles.element
    except (KeyError, AttributeError, NotImplementedError):
        return {}
    direct, based_on = {}, {}
    for style in styles_root.iterchildren(_W + "style"):
        sid = style.get(_W + "styleId")
        ppr = style.find(_W + "pPr")
        numpr = ppr.find(_W + "numPr") if ppr is not None else None
        if numpr is not None and _val(numpr, "numId") is not None:
            direct[sid] = (_val(numpr, "numId"), _int(_val(numpr, "ilvl"), 0))
        parent = _val(style, "basedOn")
        if parent:
            based_on[sid] = parent
    resolved = {}
    for sid in set(direct) | set(based_on):
        seen, cur = set(), sid
        while cur and cur not in direct and cur not in seen:
            seen.add(cur)
            cur = based_on.get(cur)
        if cur in direct:
            resolved[sid] = direct[cur]
    return resolved
