"""contradiction: one figure stated two different ways in the same report.

Two rules: a count announced in the text against the list it announces ("梳理了30项民生
事项(附后)" with 29 items in 附件1), and the same target metric given two different
figures for the same year in two places (营收突破1000亿元 in the text, 突破100亿元 in an
appendix). Review parts (工作回顾) report past results and are left out of the second.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from duban.extract.check._lists import cn_number, markers, numbered_lists
from duban.extract.check._text import Defect, line_col
from duban.extract.check.broken_line import hard_wrapped

__all__ = ["RULES", "check_announced_counts", "check_metric_figures"]

_ANNOUNCED = re.compile(
    r"(\d{1,3}|[一二三四五六七八九十百]{1,4})(项|个|条|件|类)([\u4e00-\u9fff“”]{2,12}?)[（(](?:附后|见附件\s*\d*)[）)]"
)
_CLAUSE = re.compile(r"[^，,。；;：:！!？?\r\n、]+")
_FIGURE = re.compile(
    r"(突破|达到|超过|提高到|提升到|稳定在|保持在|控制在|增加到|达)?(\d+(?:\.\d+)?)(万亿|亿|万|千)?(元|人|个|家|亩|公里|吨|千瓦|平方米|户|所|套|辆|张|项|斤|床|座|条)(以上|左右|以内)?"
)
_LEAD_TIME = re.compile(
    r"^(?:(?:到|至)?\d{4}年(?:底|末)?|今年|全年|明年|力争|确保|全市|全省|全区|全县|实现|推动|努力)+"
)
_YEAR = re.compile(r"\d{4}年")
_DIGIT = re.compile(r"\d")  # the same digits as _FIGURE's \d (any Unicode decimal digit)
# A sentence about a multi-year period states a different target than the year's plan.
_MULTI_YEAR = re.compile(r"[十]?[一二三四五六七八九十]五|五年|累计|年均|\d{4}[—\-–～~至到]\d{4}|到\d{4}年")
_SENTENCE = re.compile(r"[^。！？!?\r\n]+")
# In a hard-wrapped text a line break says nothing about sentences.
_WRAPPED_SENTENCE = re.compile(r"[^。！？!?]+")
_WRAPPED_CLAUSE = re.compile(r"[^，,。；;：:！!？?、]+")
_REVIEW = re.compile(r"回顾|过去|成绩|成就|工作总结")
_SCALE = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3, None: 1, "": 1}


def check_announced_counts(text: str, doc: dict | None = None) -> list[Defect]:
    lists = numbered_lists(text)
    out = []
    for m in _ANNOUNCED.finditer(text):
        n = cn_number(m.group(1))
        noun = m.group(3).strip("“”").removeprefix("重点")
        if not n or len(noun) < 2:
            continue
        best = None
        for lst in lists:
            if lst.title_start < m.end():
                continue
            score = fuzz.partial_ratio(noun, lst.title)
            if score >= 80 and (best is None or score > best[0]):
                best = (score, lst)
        if best is None:
            continue
        lst = best[1]
        count = len(lst.items)
        if count == n:
            continue
        nums = lst.numbers()
        if max(nums) != n and abs(count - n) > 2:
            # 10 件实事 over a list of 30 numbered sub-items: the list counts something else.
            continue
        missing = sorted(set(range(1, max(nums) + 1)) - set(nums))
        detail = f"（缺第{'、'.join(map(str, missing))}项）" if missing else ""
        out.append(
            Defect(
                "contradiction",
                m.start(),
                m.start() + len(m.group(1)) + len(m.group(2)) + len(m.group(3)),
                f"数量前后矛盾：正文说{n}{m.group(2)}{noun}，“{lst.title}”实际列出{count}项{detail}",
                f"核对清单，补齐所缺事项或把正文改为{count}{m.group(2)}",
                "contradiction.announced_count",
            )
        )
    return out


def _plan_ranges(text: str) -> list[tuple[int, int]]:
    """Offsets of the parts that are not a review of past work (by their 一、 headings)."""
    pars, marks, _ = markers(text)
    heads = [m for m in marks if m.level == "cn"]
    if not heads:
        return [(0, len(text))]
    ranges = [(0, heads[0].start)]
    for h, nxt in zip(heads, heads[1:] + [None], strict=False):
        title = text[h.start : h.end]
        if not _REVIEW.search(title):
            ranges.append((h.start, nxt.start if nxt else len(text)))
    return ranges


def _figures(text: str, year: int | None = None):
    default_years = (f"{year}年",) if year else ()
    wrapped = hard_wrapped(text)
    sentence_rx = _WRAPPED_SENTENCE if wrapped else _SENTENCE
    clause_rx = _WRAPPED_CLAUSE if wrapped else _CLAUSE
    for a, b in _plan_ranges(text):
        for sent in sentence_rx.finditer(text, a, b):
            # A figure holds a digit: the many sentences and clauses without one are passed
            # over by a plain character scan instead of the slower figure pattern.
            if not _DIGIT.search(text, sent.start(), sent.end()):
                continue
            multi = bool(_MULTI_YEAR.search(sent.group(0)))
            sent_years = tuple(sorted(set(_YEAR.findall(sent.group(0)))))
            for c in clause_rx.finditer(text, sent.start(), sent.end()):
                if not _DIGIT.search(text, c.start(), c.end()):
                    continue
                clause = c.group(0)
                f = _FIGURE.search(clause)
                if not f:
                    continue
                head = clause[: f.start()]
                years = tuple(_YEAR.findall(head)) or sent_years or default_years
                metric = _LEAD_TIME.sub("", head.strip())
                if len(metric) < 6 or not f.group(1) and not f.group(5):
                    continue
                value = float(f.group(2)) * _SCALE[f.group(3)]
                yield {
                    "metric": metric,
                    "value": value,
                    "unit": f.group(4),
                    "years": years,
                    "multi": multi,
                    "start": c.start() + len(head) - len(head.lstrip()),
                    "end": c.start() + f.end(),
                    "quote": clause[len(head) - len(head.lstrip()) : f.end()],
                }


def check_metric_figures(text: str, doc: dict | None = None) -> list[Defect]:
    year = ((doc or {}).get("source") or {}).get("year")
    figs = list(_figures(text, year if isinstance(year, int) else None))
    out = []
    for j, b in enumerate(figs):
        for a in figs[:j]:
            if a["unit"] != b["unit"] or a["value"] == b["value"]:
                continue
            if a["multi"] != b["multi"] or (a["years"] and b["years"] and a["years"] != b["years"]):
                continue
            if fuzz.ratio(a["metric"], b["metric"]) < 90:
                continue
            out.append(
                Defect(
                    "contradiction",
                    b["start"],
                    b["end"],
                    f"数字前后矛盾：“{b['quote']}”与第{line_col(text, a['start'])[0]}行“{a['quote']}”说的是同一指标",
                    f"核对后统一（前文为“{a['quote']}”）",
                    "contradiction.metric",
                )
            )
            break
    return out


RULES = [
    ("contradiction.announced_count", check_announced_counts),
    ("contradiction.metric", check_metric_figures),
]
