"""Self-diagnosis: the document's ``warnings`` when its reading of review and plan is doubtful.

Each check compares what the reading decided with what should follow from it, so that a
report laid out in a way the signals do not know is noticed instead of silently losing a
chapter's targets:

``headline_as_results``      a headline-target sentence (主要预期目标是…) whose figures came out as results
``plan_without_targets``     a plan chapter with figures but no target, or a full report without any target
``review_with_targets``      a chapter whose heading names the past but whose figures came out as targets
``no_review``                a full report in which nothing was read as review
``heading_year_contradiction`` a chapter read mostly against the time its heading names
``year_unknown``             a full report whose year was not found (the years of headings cannot be compared)
``year_inferred``            the year was read off the review's latest year, no date line, title or heading names it

A warning is ``{kind, start, end, section, message}``; ``start``/``end`` index the text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING

from duban.extract.language import lexicon
from duban.extract.review_plan.signals import PLAN, REVIEW, headline_anchor, headline_probe

if TYPE_CHECKING:
    from duban.extract.structure import Layout

__all__ = ["diagnose", "KINDS"]

KINDS = ("headline_as_results", "plan_without_targets", "review_with_targets", "no_review",
         "heading_year_contradiction", "year_unknown", "year_inferred")
# A report at least this long that opens with the speech (各位代表：) is a full report: it has a review.
_FULL_REPORT_CHARS = 1000
# Below these counts a chapter's mix of targets and results says nothing.
_MIN_ITEMS = 5
_TARGET_SHARE = 0.2
_SENTENCE_END = re.compile(r"[。！？!?]")


def _warning(kind: str, start: int, end: int, section: str | None, message: str) -> dict:
    return {"kind": kind, "start": start, "end": end, "section": section, "message": message}


def _is_full_report(layout: Layout) -> bool:
    """Long, and the speech opens near the top (各位代表：): the whole report, review included."""
    norm = layout.view.norm
    if len(norm) < _FULL_REPORT_CHARS:
        return False
    limit = max(600, len(norm) // 8)
    for b in layout.blocks:
        if b.start > limit:
            break
        head = norm[b.start:b.end].lstrip()
        if any(head.startswith(o) and head[len(o):len(o) + 1] in (":", "：") for o in lexicon().speech_openings):
            return True
    return False


def diagnose(layout: Layout, doc: dict) -> list[dict]:
    """The warnings of ``doc``, the document extracted with ``layout``."""
    out: list[dict] = []
    full = _is_full_report(layout)
    if full and layout.year is None:
        out.append(_warning("year_unknown", layout.content_start, layout.content_start, None,
                            "未能确定报告年份：标题年份与“十四五”等规划无法与报告年份比较，回顾与计划的划分可能有误；"
                            "请指定年份（命令行 --year）。"))
    if full and layout.year is not None and layout.year_inferred:
        out.append(_warning("year_inferred", layout.content_start, layout.content_start, None,
                            f"报告年份按回顾部分最后讲到的年份推定为{layout.year}年（文中没有日期行、标题或章节标题写明年份）；"
                            "如有误请指定年份（命令行 --year）。"))
    out += _headlines(layout, doc)
    out += _chapters(layout, doc)
    body = [b for b in layout.blocks if not b.front_matter]
    if full and body and not any(b.part == REVIEW for b in body):
        out.append(_warning("no_review", body[0].start, body[-1].end, None,
                            "这是一份完整的政府工作报告，却没有读出任何工作回顾：回顾部分的数字可能都被当成了目标。"
                            "请在审核页把回顾章节标为“回顾”。"))
    if full and body and not doc["targets"]:
        out.append(_warning("plan_without_targets", body[0].start, body[-1].end, None,
                            "整份报告没有读出任何目标：计划部分可能被读成了回顾，今年的主要预期目标成了去年的结果。"
                            "请检查各章的回顾/计划划分。"))
    return sorted(out, key=lambda w: (w["start"], w["kind"]))


def _headlines(layout: Layout, doc: dict) -> list[dict]:
    norm = layout.view.norm
    out = []
    # told on the whole text first, then on each paragraph without copying it
    probe = headline_probe()
    if probe not in norm:
        return out
    for b in layout.blocks:
        if norm.find(probe, b.start, b.end) < 0:
            continue
        anchor = headline_anchor(norm[b.start:b.end], layout.year)
        if anchor is None:
            continue
        start = b.start + anchor.at
        m = _SENTENCE_END.search(norm, start, b.end)
        end = m.end() if m else b.end
        results = [r for r in doc["results"] if start <= r["start"] < end]
        if results:
            quotes = "、".join(r["quote"] for r in results[:3])
            out.append(_warning("headline_as_results", start, end, b.section,
                                f"主要预期目标句中的 {len(results)} 个数字被读成了结果（{quotes}…）："
                                "这一句应是今年的目标。请检查所在章节是否被误读为回顾。"))
    return out


def _chapters(layout: Layout, doc: dict) -> list[dict]:
    chapters = [ch for ch in layout.chapters if ch.section is not None and ch.kind != "appendix"]
    if not chapters:
        return []
    starts = [ch.section.start for ch in chapters]

    def index(offset: int) -> int | None:
        i = bisect_right(starts, offset) - 1
        return i if i >= 0 and offset < chapters[i].section.end else None

    chars = [{REVIEW: 0, PLAN: 0} for _ in chapters]
    for b in layout.blocks:
        i = index(b.start)
        if i is not None and not b.front_matter:
            chars[i][b.part] += b.end - b.start
    counts = [[0, 0] for _ in chapters]  # targets, results
    for k, key in enumerate(("targets", "results")):
        for item in doc[key]:
            i = index(item["start"])
            if i is not None:
                counts[i][k] += 1
    out = []
    for ch, c, (targets, results) in zip(chapters, chars, counts, strict=True):
        sec = ch.section
        if not c[REVIEW] and not c[PLAN]:
            continue
        read_as = REVIEW if c[REVIEW] > c[PLAN] else PLAN
        n = targets + results
        title = f"“{sec.number}{'、' if sec.number else ''}{sec.title}”"
        said = ch.heading_part
        if said and said != read_as and ch.kind != "mixed":
            words = "、".join(v.evidence for v in ch.votes if v.part == said)
            out.append(_warning("heading_year_contradiction", sec.start, sec.end, sec.id,
                                f"章节{title}的标题（{words}）指向{_name(said)}，正文却大多读作{_name(read_as)}。"
                                "请核对这一章的回顾/计划划分。"))
        if said == REVIEW and targets >= _MIN_ITEMS and targets > _TARGET_SHARE * n:
            out.append(_warning("review_with_targets", sec.start, sec.end, sec.id,
                                f"章节{title}的标题指向过去，却读出了 {targets} 个目标（结果 {results} 个）："
                                "回顾中的数字应是结果。请核对这一章的划分。"))
        if read_as == PLAN and not targets and results >= _MIN_ITEMS:
            out.append(_warning("plan_without_targets", sec.start, sec.end, sec.id,
                                f"章节{title}读作计划，却没有目标，只有 {results} 个结果。请核对这一章的划分。"))
    return out


def _name(part: str) -> str:
    return "回顾" if part == REVIEW else "计划"
