"""Self-diagnosis: the document's ``warnings`` when its reading of review and plan is doubtful.

Each kind is raised by a text laid out the way that makes it doubtful, none is raised on the
real reports of the corpus (but the two whose year nothing in the text names), and
``duban extract`` prints them on stderr."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from duban.extract import extract_text, read_path
from duban.extract.review_plan.diagnosis import KINDS

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "fixtures" / "corpus"
READING = HERE / "fixtures" / "review_plan"
# The 2003 and 2013 national reports name no year of their own (过去五年 / 今年 only): it is
# read off their review (the year after the latest year opening a sentence), and said so.
YEAR_INFERRED = {"2003_national": 2003, "2013_national": 2013}


def kinds(doc: dict) -> set[str]:
    return {w["kind"] for w in doc["warnings"]}


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.stem)
def test_no_warning_on_the_real_reports(path):
    doc = extract_text(read_path(path).text)
    assert kinds(doc) == ({"year_inferred"} if path.stem in YEAR_INFERRED else set()), doc["warnings"]
    if path.stem in YEAR_INFERRED:
        assert doc["source"]["year"] == YEAR_INFERRED[path.stem]
    for w in doc["warnings"]:
        assert w["message"] and 0 <= w["start"] <= w["end"] <= len(read_path(path).text)


def test_every_kind_is_documented():
    schema = (HERE.parent / "docs" / "schema.md").read_text(encoding="utf-8")
    for kind in KINDS:
        assert f"`{kind}`" in schema, kind


def test_a_headline_sentence_read_as_results_is_flagged():
    text = (READING / "plan_chapter_named_main_work.txt").read_text(encoding="utf-8")
    at = text.index("二、2026年主要工作")
    doc = extract_text(text, overrides=[{"start": at, "end": len(text), "part": "review"}])
    flagged = [w for w in doc["warnings"] if w["kind"] == "headline_as_results"]
    assert len(flagged) == 1
    assert text[flagged[0]["start"]:flagged[0]["end"]].startswith("主要预期目标是")
    assert "5 个数字" in flagged[0]["message"]
    assert "heading_year_contradiction" in kinds(doc)


def test_a_review_chapter_whose_figures_came_out_as_targets_is_flagged():
    # the plan follows the review without a heading of its own: the paragraphs switch to the plan
    text = ("一、2025年工作回顾\n全市地区生产总值增长5.6%，城镇新增就业5.2万人。\n"
            "今年，我们将加快建设现代化产业体系，确保地区生产总值增长5.5%左右，力争城镇新增就业5万人以上，"
            "城镇调查失业率控制在5.5%以内，新增高新技术企业1200家，新建智能工厂50个，完善公共服务，打造营商环境。\n")
    doc = extract_text(text, year=2026)
    assert {"review_with_targets", "heading_year_contradiction"} <= kinds(doc)
    w = next(w for w in doc["warnings"] if w["kind"] == "review_with_targets")
    assert w["section"] == "s1" and "5 个目标" in w["message"]


def test_a_plan_chapter_without_targets_is_flagged():
    text = ("二、2026年重点工作\n"
            "2024年，全市新增就业4.8万人；2024年，新建学校12所；2024年，改造老旧小区100个；"
            "2024年，新增托位2000个；2024年，新建城市公园5座。\n")
    doc = extract_text(text, year=2026)
    assert doc["targets"] == [] and len(doc["results"]) == 5
    assert kinds(doc) == {"plan_without_targets"}


def test_a_full_report_without_a_review_is_flagged():
    path = CORPUS / "2026_beijing.txt"
    text = read_path(path).text
    speech = text.index("各位代表")
    doc = extract_text(text, overrides=[{"start": speech, "end": len(text), "part": "plan"}])
    assert "no_review" in kinds(doc)


def test_a_full_report_whose_plan_has_no_targets_is_flagged():
    text = read_path(CORPUS / "2026_beijing.txt").text
    plan = text.index("三、2026年重点工作")
    doc = extract_text(text, overrides=[{"start": plan, "end": len(text), "part": "review"},
                                        {"start": text.index("二、“十四五”时期"), "end": plan, "part": "review"}])
    assert doc["targets"] == []
    assert "plan_without_targets" in kinds(doc)


def test_a_report_without_a_year_is_flagged_and_a_given_year_clears_it():
    # no year opens a sentence of the review either: nothing to infer it from
    text = re.sub(r"(?:19|20)\d\d年，", "这一年，", read_path(CORPUS / "2013_national.txt").text)
    doc = extract_text(text)
    assert doc["source"]["year"] is None and "year_unknown" in kinds(doc)
    assert kinds(extract_text(text, year=2013)) == set()


def test_a_year_read_off_the_review_is_said_to_be_inferred():
    text = read_path(CORPUS / "2013_national.txt").text
    doc = extract_text(text)
    assert doc["source"]["year"] == 2013 and "year_inferred" in kinds(doc)
    # the review's results have their period again (the five years 2008-2012), the plan's targets this year
    assert doc["results"] and all(r["period"] for r in doc["results"])
    assert {r["period"] for r in doc["results"]} <= {"2008-2012", "2012"}
    assert kinds(extract_text(text, year=2013)) == set()
    # a review that names a coming year inside a sentence (2008年奥运会) does not move it
    assert extract_text(read_path(CORPUS / "2003_national.txt").text)["source"]["year"] == 2003


def test_short_texts_and_report_excerpts_raise_nothing(sample_text):
    assert extract_text(sample_text)["warnings"] == []  # the second half of a report: no review to find
    assert extract_text("城镇新增就业5万人以上。", year=2026)["warnings"] == []


def test_duban_extract_prints_warnings_on_stderr():
    r = subprocess.run([sys.executable, "-m", "duban", "extract", str(CORPUS / "2013_national.txt")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0
    assert "duban: warning: 2013_national.txt: year_inferred" in r.stderr
    assert '"warnings"' in r.stdout


def test_duban_extract_reads_as_the_office_says():
    path = READING / "plan_chapter_named_main_work.txt"
    text = path.read_text(encoding="utf-8")
    at = text.index("二、2026年主要工作")
    r = subprocess.run([sys.executable, "-m", "duban", "extract", str(path), "--read-as", f"review:{at}-{len(text)}",
                        "--format", "md"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "## Targets (0)" in r.stdout and "headline_as_results" in r.stderr
    assert "## Warnings" in r.stdout


@pytest.mark.parametrize("value,message", [("future:1-5", "expected review:START-END"),
                                           ("review:9-3", "lies outside the text"),
                                           ("review:99999-100000", "lies outside the text")])
def test_duban_extract_refuses_a_malformed_reading(value, message):
    path = READING / "plan_chapter_named_main_work.txt"
    r = subprocess.run([sys.executable, "-m", "duban", "extract", str(path), "--read-as", value],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and message in r.stderr and r.stdout == ""
