"""Every fact that enters the ledger is checked here, and only here.

Pages (form fields built on these functions), the API (schema validators calling them)
and the Excel import (cell by cell) give the same input the same answer, with a message
that names the field. Each check takes the raw value as it arrived (text from a form or
a cell, a JSON number, ...) and returns the clean value or raises :class:`Invalid`.

``docs/ledger.md`` lists the checks as a table (section "Validation"); a test reads that
table and runs each row's examples through the check it names.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

from django.conf import settings
from django.utils import timezone

from duban.web.ledger.errors import WorkflowError

__all__ = [
    "Invalid",
    "CHECKS",
    "object_id",
    "version",
    "period",
    "number",
    "figure",
    "signed_figure",
    "figure_for",
    "is_rate",
    "stage_ids",
    "stage_weight",
    "date",
    "year",
    "title",
    "narrative",
    "reason",
    "name",
    "search",
    "position",
    "offset",
    "limit",
    "ID_MAX",
    "VERSION_MAX",
    "FIGURE_MAX",
]

# Ids are 64-bit on SQLite and PostgreSQL; versions are 32-bit columns.
ID_MAX = 2**63 - 1
VERSION_MAX = 2**31 - 1
# 千万亿: above any figure a city or province reports (a province's GDP is ~1e13 元).
FIGURE_MAX = 1e15
STAGES_MAX = 100
WEIGHT_MAX = 1000
OFFSET_MAX = 10**9
LIMIT_MAX = 1000
YEAR_MIN, YEAR_MAX = 1990, 2100
# Units whose figures may fall below zero: a growth rate can be negative, a count cannot.
RATE_UNITS = ("%", "％", "百分点", "‰")

_PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_DIGITS = re.compile(r"^\+?\d{1,20}$")
_NUMBER = re.compile(r"^([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*(万|亿)?\s*(%|％)?$")
_SCALES = {"万": 1e4, "亿": 1e8}
# Text may hold line breaks and tabs; other control characters (NUL, ESC, ...) and
# unpaired surrogates (which no database can store as UTF-8) are refused.
_ALLOWED_CONTROLS = {"\n", "\r", "\t"}


class Invalid(WorkflowError, ValueError):
    """A value that the ledger refuses; ``field`` names it, ``message`` is for the user.
    A ``WorkflowError`` (whoever handles those handles this) and a ``ValueError`` (so a
    pydantic validator that calls a check reports it as the field's error)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


# --- ids and versions ----------------------------------------------------------------------------


def _integer(raw, field: str, label: str, low: int, high: int) -> int:
    if isinstance(raw, bool):
        raise Invalid(field, f"{label}应为整数。")
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float) and raw.is_integer() and abs(raw) < 2**63:
        value = int(raw)
    elif isinstance(raw, str) and _DIGITS.match(raw.strip()):
        value = int(raw.strip())
    else:
        raise Invalid(field, f"{label}“{_show(raw)}”不是整数。")
    if not low <= value <= high:
        raise Invalid(field, f"{label}应在 {low} 到 {high} 之间。")
    return value


def object_id(raw, field: str = "id") -> int:
    """The id of a row (task, target, stage, department ...): 1 … 2⁶³−1."""
    return _integer(raw, field, "编号", 1, ID_MAX)


def version(raw, field: str = "version") -> int:
    """The version of a row as the user saw it (conflict detection): 1 … 2³¹−1."""
    if raw in (None, ""):
        raise Invalid(field, "缺少版本号，请刷新页面后重试。")
    return _integer(raw, field, "版本号", 1, VERSION_MAX)


def position(raw, field: str = "at") -> int:
    """A character position in a text (where to split an item): 0 … 10⁹."""
    return _integer(raw, field, "位置", 0, OFFSET_MAX)


def offset(raw, field: str = "offset") -> int:
    return _integer(raw, field, "偏移量", 0, OFFSET_MAX)


def limit(raw, field: str = "limit") -> int:
    return _integer(raw, field, "条数", 1, LIMIT_MAX)


# --- periods and dates ---------------------------------------------------------------------------


def _month_index(text: str) -> int:
    y, m = text.split("-")
    return int(y) * 12 + int(m) - 1


def period(raw, field: str = "period", *, today: dt.date | None = None) -> str:
    """A report period ``YYYY-MM``: from ``LEDGER_PERIOD_FIRST`` up to the current month
    (plus ``LEDGER_PERIOD_AHEAD`` months, 0 by default)."""
    text = raw.strip() if isinstance(raw, str) else ""
    if not _PERIOD.match(text):
        raise Invalid(field, f"报告期“{_show(raw)}”格式应为 YYYY-MM（例如 2023-05）。")
    first = settings.LEDGER_PERIOD_FIRST
    if text < first:
        raise Invalid(field, f"报告期 {text} 早于台账最早的报告期 {first}。")
    today = today or timezone.localdate()
    last = today.year * 12 + today.month - 1 + settings.LEDGER_PERIOD_AHEAD
    if _month_index(text) > last:
        raise Invalid(field, f"报告期 {text} 还没有到（本月是 {today:%Y-%m}）。")
    return text


def date(raw, field: str = "date") -> dt.date:
    """A calendar date ``YYYY-MM-DD`` between 1990 and 2100."""
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if isinstance(raw, dt.date):
        value = raw
    else:
        text = raw.strip() if isinstance(raw, str) else ""
        try:
            value = dt.date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
        except ValueError:
            value = None
        if value is None:
            raise Invalid(field, f"日期“{_show(raw)}”应为 YYYY-MM-DD（例如 2023-12-31）。")
    if not YEAR_MIN <= value.year <= YEAR_MAX:
        raise Invalid(field, f"日期 {value} 应在 {YEAR_MIN} 到 {YEAR_MAX} 年之间。")
    return value


def year(raw, field: str = "year") -> int:
    """A report's year: 1990 … 2100."""
    return _integer(raw, field, "年份", YEAR_MIN, YEAR_MAX)


# --- figures and stages --------------------------------------------------------------------------


def number(raw, field: str = "figure") -> float | None:
    """A number as people type it: 1200, 1,200, １２００, 4.5万, 95%, 十二; empty is None."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise Invalid(field, "完成值应为数字。")
    if isinstance(raw, int | float):
        return float(raw)
    if not isinstance(raw, str):
        raise Invalid(field, "完成值应为数字。")
    text = unicodedata.normalize("NFKC", raw).strip().replace(",", "").replace(" ", "")
    if text.startswith("'"):
        text = text[1:]
    if not text:
        return None
    m = _NUMBER.match(text)
    if m:
        value = float(m.group(1))
        return value * _SCALES[m.group(2)] if m.group(2) else value
    if len(text) <= 30:
        try:
            # Chinese numerals as people type them: 十二, 四万五千, 一百二十三点五.
            import cn2an

            return float(cn2an.cn2an(text.rstrip("%％"), "smart"))
        except (ValueError, KeyError, IndexError, TypeError, OverflowError):
            pass
    raise Invalid(field, f"“{_show(raw)}”不是数字（可写 1200、1,200、4.5万、十二 或 95%）。")


def _bounded(raw, field: str, low: float) -> float:
    value = number(raw, field)
    if value is None:
        raise Invalid(field, "请填写完成值。")
    if not math.isfinite(value):
        raise Invalid(field, f"完成值“{_show(raw)}”不是有限的数。")
    if abs(value) > FIGURE_MAX:
        raise Invalid(field, f"完成值 {value:g} 超出范围（绝对值不超过 {FIGURE_MAX:g}）。")
    if value < low:
        raise Invalid(field, "完成值不能为负数（只有百分比、百分点等比率指标可以为负）。")
    return value


def figure(raw, field: str = "figure") -> float:
    """A reported figure of a count or amount: finite, 0 … 10¹⁵."""
    return _bounded(raw, field, 0.0)


def signed_figure(raw, field: str = "figure") -> float:
    """A reported figure of a rate (%, 百分点, ‰): finite, −10¹⁵ … 10¹⁵."""
    return _bounded(raw, field, -FIGURE_MAX)


def is_rate(target) -> bool:
    unit = getattr(target, "unit", "") or ""
    return any(u in unit for u in RATE_UNITS) or getattr(target, "kind", "") == "growth"


def figure_for(target, raw, field: str | None = None) -> float:
    """The figure for ``target``: signed for a rate, not negative otherwise."""
    check = signed_figure if is_rate(target) else figure
    return check(raw, field or f"figures.{target.pk}")


def stage_ids(raw, field: str = "milestones") -> list[int]:
    """The ids of the stages a report claims: a list of distinct ids, at most 100."""
    if raw is None:
        return []
    if not isinstance(raw, list | tuple):
        raise Invalid(field, "阶段应为编号列表。")
    if len(raw) > STAGES_MAX:
        raise Invalid(field, f"阶段最多 {STAGES_MAX} 个。")
    ids = [object_id(v, field) for v in raw]
    if len(set(ids)) != len(ids):
        raise Invalid(field, "阶段重复。")
    return ids


def stage_weight(raw, field: str = "weight") -> int:
    """A stage's weight: 1 … 1000."""
    if raw in (None, ""):
        return 1
    return _integer(raw, field, "权重", 1, WEIGHT_MAX)


# --- free text -----------------------------------------------------------------------------------


def _text(raw, field: str, label: str, max_length: int, *, required: bool, multiline: bool) -> str:
    if raw is None:
        raw = ""
    if not isinstance(raw, str):
        raise Invalid(field, f"{label}应为文本。")
    allowed = _ALLOWED_CONTROLS if multiline else {"\t"}
    for ch in raw:
        if (unicodedata.category(ch) == "Cc" and ch not in allowed) or "\ud800" <= ch <= "\udfff":
            raise Invalid(field, f"{label}含有不可见的控制字符（U+{ord(ch):04X}），请删除后重试。")
    text = raw.strip()
    if required and not text:
        raise Invalid(field, f"请填写{label}。")
    if len(text) > max_length:
        raise Invalid(field, f"{label}过长：{len(text)} 字，上限 {max_length} 字。")
    return text


def title(raw, field: str = "title") -> str:
    """A task's or a stage's title: one line, 1 … 200 characters."""
    return _text(raw, field, "标题", 200, required=True, multiline=False)


def narrative(raw, field: str = "narrative") -> str:
    """A progress report's text (进展情况) or an item's text: 1 … 20,000 characters, line breaks allowed."""
    return _text(raw, field, "进展情况", 20000, required=True, multiline=True)


def reason(raw, field: str = "reason") -> str:
    """The office's reason (退回理由): up to 2,000 characters, may be empty."""
    return _text(raw, field, "理由", 2000, required=False, multiline=True)


def name(raw, field: str = "name") -> str:
    """A short name (department, token, webhook): one line, 1 … 80 characters."""
    return _text(raw, field, "名称", 80, required=True, multiline=False)


def search(raw, field: str = "q") -> str:
    """A search or filter text: one line, up to 100 characters, may be empty."""
    return _text(raw, field, "搜索词", 100, required=False, multiline=False)


def url(raw, field: str = "url") -> str:
    """A receiver's address: http(s)://host[:port]/path, up to 500 characters, no spaces."""
    text = _text(raw, field, "地址", 500, required=True, multiline=False)
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(text)
        port_ok = parts.port is None or 0 < parts.port < 65536
    except ValueError:
        parts, port_ok = None, False
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or not port_ok or " " in text:
        raise Invalid(field, f"地址“{_show(raw)}”应为 http:// 或 https:// 开头的网址。")
    return text


def secret(raw, field: str = "secret") -> str:
    """A signing secret: one line, 8 … 200 characters."""
    text = _text(raw, field, "密钥", 200, required=True, multiline=False)
    if len(text) < 8:
        raise Invalid(field, "密钥至少 8 个字符。")
    return text


def _show(raw) -> str:
    text = raw if isinstance(raw, str) else repr(raw)
    text = "".join(ch if unicodedata.category(ch) != "Cc" else "�" for ch in text)
    return text if len(text) <= 40 else text[:40] + "…"


# The checks the documentation table lists, by the name it uses.
CHECKS = {f.__name__: f for f in (object_id, version, position, offset, limit, period, date, year, figure, signed_figure,
                                  stage_ids, stage_weight, title, narrative, reason, name, search, url, secret)}
