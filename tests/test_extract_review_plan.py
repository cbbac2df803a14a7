"""Review or plan: the signals (example corpus tests/corpus/review_plan.yaml), the three layouts
that broke the old reading (realistic reports in tests/fixtures/review_plan), five-year plans by
arithmetic, and the office's corrections (overrides)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from duban.extract import extract_file, extract_text
from duban.extract.review_plan.five_year_plans import find_plans, plan_years

HERE = Path(__file__).resolve().parent
EXAMPLES = yaml.safe_load((HERE / "corpus" / "review_plan.yaml").read_text(encoding="utf-8"))["examples"]
FIXTURES = HERE / "fixtures" / "review_plan"


def part_at(doc: dict, text: str, snippet: str) -> dict:
    at = text.find(snippet)
    assert at >= 0, f"{snippet!r} is not in the text"
    found = [p for p in doc["parts"] if any(s <= at < e for s, e in p["paragraphs"])]
    assert found, f"no part holds {snippet!r}"
    return found[0]


@pytest.mark.parametrize("ex", EXAMPLES, ids=[ex["name"] for ex in EXAMPLES])
def test_reading_example(ex):
    text = ex["text"]
    doc = extract_text(text, year=ex.get("year"))
    for want in ex["expect"]:
        part = part_at(doc, text, want["at"])
        assert part["part"] == want["part"], (want, part)
        for key in ("period", "horizon"):
            if key in want:
                assert part[key] == str(want[key]), (want, part)
        if "signal" in want:
            assert want["signal"] in {s.split(":")[0] for s in part["signals"]}, (want, part)
    assert set(ex.get("targets", [])) <= {t["quote"] for t in doc["targets"]}, doc["targets"]
    assert set(ex.get("results", [])) <= {r["quote"] for r in doc["results"]}, doc["results"]


# --- the three failure classes, on realistic reports ----------------------------------------


def _doc(name: str) -> tuple[dict, str]:
    path = FIXTURES / name
    return extract_file(path), path.read_text(encoding="utf-8")


def _headline_figures(doc: dict, text: str) -> list[str]:
    """The figures of the sentence after 主要预期目标是 (as the team's structure scan reads them)."""
    at = text.index("主要预期目标是")
    end = text.index("。", at)
    return [t["quote"] for t in doc["targets"] if at <= t["start"] < end]


def test_a_plan_chapter_titled_with_the_report_year_and_main_work_is_the_plan():
    doc, text = _doc("plan_chapter_named_main_work.txt")
    chapter = part_at(doc, text, "今年是“十五五”开局之年")
    assert chapter["part"] == "plan"
    assert _headline_figures(doc, text) == ["地区生产总值增长5.5%左右", "一般公共预算收入增长4%", "城镇新增就业5万人以上",
                                            "城镇调查失业率控制在5.5%以内", "单位地区生产总值能耗下降2.5%左右"]
    assert not any(r["start"] > text.index("二、2026年主要工作") for r in doc["results"])
    review = part_at(doc, text, "全市地区生产总值达到3865亿元")
    assert (review["part"], review["period"], review["signals"]) == ("review", "2025", ["heading_year:2025年"])
    assert doc["warnings"] == []


def test_chapter_headings_without_numerals_are_read_as_chapters():
    doc, text = _doc("bare_chapter_headings.txt")
    titles = [s["title"] for s in doc["sections"] if s["level"] == 1]
    assert titles == ["“十四五”发展成就和2025年工作", "“十五五”奋斗目标和2026年工作"]
    # the review's first paragraph names no time: the bare heading above it decides
    five_years = part_at(doc, text, "我们坚持以高质量发展为首要任务")
    assert (five_years["part"], five_years["period"]) == ("review", "2021-2025")
    assert "heading_five_year_plan:十四五" in five_years["signals"]
    last_year = part_at(doc, text, "刚刚过去的2025年")
    assert (last_year["part"], last_year["period"]) == ("review", "2025")
    results = {r["quote"] for r in doc["results"]}
    assert {"城镇累计新增就业312万人", "地区生产总值增长5.4%", "城镇新增就业63万人"} <= results
    review_end = text.index("“十五五”奋斗目标和2026年工作")
    assert not [t["quote"] for t in doc["targets"] if t["start"] < review_end]
    assert _headline_figures(doc, text) == ["地区生产总值增长5%左右", "一般公共预算收入增长3%", "城镇新增就业60万人以上",
                                            "居民消费价格涨幅2%左右", "粮食产量稳定在800亿斤以上"]
    assert {"到2030年突破3.6万亿元", "全社会研发经费投入强度达到3%以上"} <= {t["quote"] for t in doc["targets"]}


def test_a_chapter_explaining_the_next_plan_keeps_the_last_plans_achievements_as_results():
    doc, text = _doc("five_year_plan_draft.txt")
    achievements = part_at(doc, text, "“十四五”时期，滨江发展历程")
    assert (achievements["part"], achievements["period"]) == ("review", "2021-2025")
    goals = part_at(doc, text, "“十五五”时期是承前启后")
    assert (goals["part"], goals["horizon"]) == ("plan", "2030")
    results = {r["quote"]: r["period"] for r in doc["results"]}
    assert results["增加到1.86万亿元"] == "2021-2025"
    assert results["城镇累计新增就业146万人"] == "2021-2025"
    targets = {t["quote"]: t["deadline"] for t in doc["targets"]}
    # "今后五年的主要目标" gives the span (5y, the deadline convention); without it, the plan's last year
    assert targets["研发经费投入强度达到4%以上"] == targets["新增养老床位2万张"] == "5y"
    assert "新增养老床位2.3万张" not in targets


# --- five-year plans: years by arithmetic on the plan number --------------------------------


@pytest.mark.parametrize("number,years", [(1, (1953, 1957)), (2, (1958, 1962)), (3, (1966, 1970)), (9, (1996, 2000)),
                                          (10, (2001, 2005)), (14, (2021, 2025)), (15, (2026, 2030)), (16, (2031, 2035))])
def test_plan_years(number, years):
    assert plan_years(number) == years


@pytest.mark.parametrize("text,numbers", [
    ("“十四五”时期", [14]), ("十五五规划", [15]), ("第十五个五年规划纲要", [15]), ("“十五”计划", [10]), ("“九五”时期", [9]),
    ("十五个重点项目", []), ("十四五年", []), ("十五五时期和“十六五”", [15, 16]),
])
def test_five_year_plans_are_found_by_their_number(text, numbers):
    assert [p.number for p in find_plans(text)] == numbers


# --- corrections by the office --------------------------------------------------------------


def test_an_override_reads_a_chapter_as_review_and_its_numbers_become_results():
    doc, text = _doc("plan_chapter_named_main_work.txt")
    start = text.index("二、2026年主要工作")
    fixed = extract_text(text, overrides=[{"start": start, "end": len(text), "part": "review"}])
    assert fixed["targets"] == []
    assert {r["quote"] for r in fixed["results"]} >= {t["quote"] for t in doc["targets"]}
    assert fixed["overrides"] == [{"start": start, "end": len(text), "part": "review"}]
    assert all(p["signals"] == ["override:review"] for p in fixed["parts"] if p["start"] >= start)
    kinds = {w["kind"] for w in fixed["warnings"]}
    assert {"headline_as_results", "heading_year_contradiction"} <= kinds


def test_an_override_of_a_range_of_paragraphs_leaves_the_rest_as_read():
    doc, text = _doc("five_year_plan_draft.txt")
    start = text.index("“十四五”时期，滨江")
    end = text.index("“十五五”时期是承前启后")
    fixed = extract_text(text, overrides=[{"start": start, "end": end, "part": "plan"}])
    moved = {r["quote"] for r in doc["results"] if start <= r["start"] < end}
    assert moved and moved <= {t["quote"] for t in fixed["targets"]}
    outside = lambda items: [(i["quote"], i.get("period") or i.get("deadline")) for i in items  # noqa: E731
                             if not start <= i["start"] < end]
    assert outside(fixed["targets"]) == outside(doc["targets"])
    assert outside(fixed["results"]) == outside(doc["results"])


@pytest.mark.parametrize("override,message", [
    ({"start": 0, "end": 10, "part": "future"}, "review or plan"),
    ({"start": 50, "end": 10, "part": "plan"}, "outside the text"),
    ({"start": -1, "end": 10, "part": "plan"}, "outside the text"),
    ({"start": 0, "part": "plan"}, "needs start, end and part"),
    ({"start": "x", "end": 3, "part": "plan"}, "needs start, end and part"),
])
def test_a_malformed_override_is_refused(override, message):
    with pytest.raises(ValueError, match=message):
        extract_text("一、2025年工作回顾\n全年新增就业5.2万人。\n", overrides=[override])


# --- the signals are documented and named -----------------------------------------------------

# Labels that name no signal: where a reading comes from when no vote decided it, or the office.
NOT_SIGNALS = {"default", "appendix", "override"}


def signal_names() -> set[str]:
    """The names of the signals that decide the readings of the examples."""
    names = set()
    for ex in EXAMPLES:
        doc = extract_text(ex["text"], year=ex.get("year"))
        names |= {label.split(":")[0] for part in doc["parts"] for label in part["signals"]}
    return names - NOT_SIGNALS


def test_every_signal_that_decides_an_example_is_documented():
    docs = (HERE.parent / "docs" / "extraction.md").read_text(encoding="utf-8")
    names = signal_names()
    assert {"heading_year", "headline_anchor", "aspect", "period_words", "heading_echo"} <= names
    assert sorted(n for n in names if f"`{n}`" not in docs) == []
