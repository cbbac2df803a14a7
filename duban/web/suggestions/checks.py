"""The checks of an item's fields: the ledger's text rules (:mod:`duban.web.ledger.validation`)
with this module's labels and lengths, so the import, the pages and the API answer alike."""

from __future__ import annotations

import datetime as dt
import re

from duban.web.ledger import validation as check
from duban.web.ledger.validation import Invalid

from .models import Kind, Rating, ResultClass

__all__ = ["Invalid", "number", "kind", "title", "person", "co_signers", "category", "content", "text", "date",
           "result_class", "rating", "comment", "summary", "KIND_WORDS"]

# What the 人大 and 政协 write in the 类型 column.
KIND_WORDS = {
    "建议": Kind.SUGGESTION, "代表建议": Kind.SUGGESTION, "人大代表建议": Kind.SUGGESTION, "人大建议": Kind.SUGGESTION,
    "suggestion": Kind.SUGGESTION,
    "提案": Kind.PROPOSAL, "政协提案": Kind.PROPOSAL, "委员提案": Kind.PROPOSAL, "政协委员提案": Kind.PROPOSAL,
    "proposal": Kind.PROPOSAL,
}
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def _t(raw, field, label, max_length, required=True, multiline=False) -> str:
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        raw = str(int(raw)) if float(raw).is_integer() else str(raw)
    return check._text(raw, field, label, max_length, required=required, multiline=multiline)


def number(raw, field="number") -> str:
    """编号 as the 人大/政协 wrote it (第101号, 101, J-12): one line, 1 … 40 characters."""
    return _t(raw, field, "编号", 40)


def kind(raw, field="kind") -> str:
    text = _t(raw, field, "类型", 20)
    found = KIND_WORDS.get(text.strip().lower()) or KIND_WORDS.get(text.strip())
    if found is None:
        raise Invalid(field, f"类型“{text[:20]}”应为“建议”或“提案”。")
    return found.value


def title(raw, field="title") -> str:
    return _t(raw, field, "标题", 200)


def person(raw, field="proposer") -> str:
    return _t(raw, field, "领衔人", 120)


def co_signers(raw, field="co_signers") -> str:
    return _t(raw, field, "附议人", 500, required=False)


def category(raw, field="category") -> str:
    return _t(raw, field, "类别", 60, required=False)


def content(raw, field="content") -> str:
    return _t(raw, field, "内容", 20000, required=False, multiline=True)


def text(raw, field="text") -> str:
    """The reply's text (答复内容): 1 … 20,000 characters."""
    return _t(raw, field, "答复内容", 20000, multiline=True)


def summary(raw, field="summary") -> str:
    """What was said in the 办理前沟通, or a 会办 opinion: 1 … 5,000 characters."""
    return _t(raw, field, "内容", 5000, multiline=True)


def comment(raw, field="comment") -> str:
    return _t(raw, field, "意见", 2000, required=False, multiline=True)


def date(raw, field="date") -> dt.date:
    """A date: a spreadsheet date, 2023-03-10, 2023/3/10 or 2023年3月10日."""
    if isinstance(raw, str):
        m = _DATE.match(raw)
        if m:
            try:
                raw = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                raise Invalid(field, f"日期“{raw.strip()[:20]}”不存在。") from None
    return check.date(raw, field)


def result_class(raw, field="result_class") -> str:
    value = (raw or "").strip().upper() if isinstance(raw, str) else raw
    if value not in ResultClass.values:
        raise Invalid(field, "办理结果应为 A、B 或 C。")
    return value


def rating(raw, field="rating") -> str:
    if raw not in Rating.values:
        raise Invalid(field, "请选择满意、基本满意或不满意。")
    return raw
