"""The extraction document of whole texts: schema, offsets, structure, encodings, clutter."""

import json
import subprocess
import sys

import pytest

from duban.extract import SCHEMA, extract_text, read_bytes

COLLECTIONS = ("sections", "parts", "tasks", "targets", "results", "list_items", "defects", "warnings")


def assert_offsets(doc: dict, text: str) -> None:
    for key in COLLECTIONS:
        for item in doc[key]:
            assert 0 <= item["start"] <= item["end"] <= len(text), (key, item)
            if "quote" in item:
                assert text[item["start"]:item["end"]] == item["quote"], (key, item)
            if key in ("tasks", "list_items"):
                assert text[item["start"]:item["end"]] == item["text"], (key, item)


def test_sample_document_has_every_part(sample_text):
    doc = extract_text(sample_text)
    assert doc["schema"] == SCHEMA
    assert doc["source"]["year"] == 2023
    assert doc["source"]["chars"] == len(sample_text)
    assert set(doc) == {"schema", "source", *COLLECTIONS, "overrides"}
    assert len(doc["targets"]) >= 80
    assert doc["results"] == [], "the sample is the plan half of the report"
    assert len(doc["list_items"]) == 76
    assert_offsets(doc, sample_text)


def test_sample_sections_form_a_hierarchy(sample_text):
    doc = extract_text(sample_text)
    by_id = {s["id"]: s for s in doc["sections"]}
    titles = {}
    for s in doc["sections"]:
        titles.setdefault((s["level"], s["number"]), s["title"])
    assert titles[(1, "四")] == "切实加强政府自身建设"
    assert titles[(2, "(五)")].startswith("聚焦富民兴农")
    assert titles[(1, "附件1")] == "2023年重点民生事项清单"
    assert titles[(1, "附件3")] == "2023年重点行动计划清单"
    for s in doc["sections"]:
        if s["parent"]:
            parent = by_id[s["parent"]]
            assert parent["level"] < s["level"]
            assert parent["start"] <= s["start"] and s["end"] <= parent["end"]
    lead = [s for s in doc["sections"] if s["title"] == "优化服务让民企敢闯"]
    assert lead, "a short lead sentence acts as a sub-heading"


def test_every_target_belongs_to_a_task_of_its_section(sample_text):
    doc = extract_text(sample_text)
    tasks = {t["id"]: t for t in doc["tasks"]}
    for g in doc["targets"]:
        task = tasks[g["task"]]
        assert task["start"] <= g["end"] and g["start"] <= task["end"]
        assert task["section"] == g["section"]


def test_list_items_carry_number_as_printed_and_lead_department(sample_text):
    doc = extract_text(sample_text)
    policies = [i for i in doc["list_items"] if i["list"] == "附件2"]
    assert [i["number"] for i in policies[:8]] == [1, 2, 3, 4, 5, 7, 7, 8], "numbering kept as printed"
    assert policies[0]["text"] == "关于新能源产业高质量发展的意见"
    assert policies[0]["lead_department"] == "市发展改革委"
    assert all(i["lead_department"] for i in policies)
    first = doc["list_items"][0]
    assert (first["list"], first["number"], first["lead_department"]) == ("附件1", 1, None)


@pytest.mark.parametrize("label", ["(牵头单位：人社厅)", "（牵头单位:市人力资源社会保障局）", "（责任单位：市教育局、市财政局）"])
def test_lead_department_labels(label):
    text = f"附件1\n2024年民生实事清单\n1. 新增城镇就业岗位1万个{label}；\n"
    item = extract_text(text)["list_items"][0]
    assert item["lead_department"] in label
    assert item["text"] == "新增城镇就业岗位1万个"


def test_year_from_meeting_date_line():
    text = "政府工作报告\n——2026年1月12日在市第十六届人民代表大会第四次会议上\n各位代表：\n二、今年重点工作\n新建学校10所。\n"
    doc = extract_text(text)
    assert doc["source"]["year"] == 2026
    assert doc["targets"][0]["deadline"] == "2026"


def test_year_argument_overrides_the_text(sample_text):
    assert extract_text(sample_text, year=2024)["source"]["year"] == 2024


def test_crlf_text_keeps_its_offsets(sample_text):
    crlf = sample_text.replace("\n", "\r\n")
    doc = extract_text(crlf)
    assert_offsets(doc, crlf)
    plain = extract_text(sample_text)
    assert [t["value"] for t in doc["targets"]] == [t["value"] for t in plain["targets"]]


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8"])
def test_encodings_decode_to_the_same_targets(sample_text, encoding):
    src = read_bytes(sample_text.encode(encoding), name=f"sample.{encoding}")
    assert src.text == sample_text
    doc = extract_text(src.text)
    assert len(doc["targets"]) == len(extract_text(sample_text)["targets"])


def test_full_width_digits_are_read():
    text = "新建农村公路５００公里，城镇新增就业４．５万人以上。"
    doc = extract_text(text, year=2023)
    assert [(t["value"], t["unit"], t["comparator"]) for t in doc["targets"]] == [(500, "公里", "="), (45000, "人", ">=")]
    assert_offsets(doc, text)


def test_newspaper_marks_and_page_breaks(sample_text):
    doc = extract_text(sample_text)
    start = sample_text.index("(上接4版)")
    assert not any(t["start"] < start + 7 and start < t["end"] for t in doc["targets"])
    # "实\n\n现“两国”同步建设": one paragraph across the page break, so no task ends at the break
    broken = sample_text.index("融合,实")
    assert any(t["start"] <= broken < t["end"] and "现“两国”同步建设" in t["text"] for t in doc["tasks"])


WEB_PAGE = """下载
打印
全屏
收藏
【字号：
加大
减小
】
2024年某市政府工作报告
来源：某市日报
二、2024年重点工作
全年新建学校10所，新增学位5000个。
相关报道：
某市今年将新建学校100所
扫一扫在手机打开当前页
责任编辑：王某
"""


def test_web_page_clutter_produces_no_items():
    doc = extract_text(WEB_PAGE)
    assert [t["value"] for t in doc["targets"]] == [10, 5000]
    tail = WEB_PAGE.index("相关报道")
    for key in COLLECTIONS:
        assert all(item["start"] < tail for item in doc[key]), key


def test_review_numbers_are_results_never_targets():
    text = ("一、2025年工作回顾\n过去一年，地区生产总值增长5.4%，新建学校12所。\n"
            "二、2026年重点工作\n地区生产总值增长5%左右，新建学校15所。\n")
    doc = extract_text(text)
    assert [(r["value"], r["period"]) for r in doc["results"]] == [(5.4, "2025"), (12, "2025")]
    assert [(t["value"], t["deadline"]) for t in doc["targets"]] == [(5, "2026"), (15, "2026")]
    assert all(r["task"] is None for r in doc["results"])


def test_five_year_goals_have_the_plan_end_as_deadline():
    text = ("二、“十五五”时期主要目标任务\n“十五五”时期是基本实现现代化的关键时期。\n"
            "主要目标是：居民人均可支配收入年均增长5%以上。\n三、2026年重点工作\n新建学校15所。\n")
    doc = extract_text(text, year=2026)
    assert [(t["value"], t["deadline"]) for t in doc["targets"]] == [(5, "2030"), (15, "2026")]


def test_what_other_tools_get_wrong():
    """jionlp's parse_money('1.2万个') says 30000 元, Duckling reads 15分钟 as 0.15 元 and
    两位数 as 2, cn2an.transform turns 二十大 into 20大: none of that here."""
    doc = extract_text("以党的二十大精神为指引，新增义务教育学位1.2万个，主要经营指标保持两位数增长。", year=2023)
    assert [(t["value"], t["unit"]) for t in doc["targets"]] == [(12000, "个"), (10, "%")]
    assert all(t["unit"] != "元" for t in extract_text("打造15分钟便民生活圈。")["targets"])


def test_json_is_serialisable_and_ids_are_unique(sample_text):
    doc = extract_text(sample_text)
    json.dumps(doc, ensure_ascii=False)
    for key in ("sections", "tasks", "targets"):
        ids = [i["id"] for i in doc[key]]
        assert len(ids) == len(set(ids)) and None not in ids


def test_extract_does_not_load_web_or_batch_libraries():
    code = "import sys, duban.extract; bad = [m for m in ('django', 'dask', 'polars', 'duckdb') if m in sys.modules]; print(bad)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_review_period_carries_on_until_a_paragraph_names_another():
    text = ("一、“十四五”时期和2025年工作回顾\n"
            "“十四五”时期是极不平凡的五年。\n"
            "——经济实力实现整体跃升。地区生产总值年均增长5.5%。\n"
            "（一）创新驱动。研发投入强度提高到2.5%。\n"
            "刚刚过去的2025年，是“十四五”收官之年。地区生产总值增长5.2%。\n"
            "（二）民生保障。城镇新增就业70万人。\n"
            "二、2026年重点工作\n地区生产总值增长5%左右。\n")
    doc = extract_text(text, year=2026)
    assert [(r["value"], r["period"]) for r in doc["results"]] == [
        (5.5, "2021-2025"), (2.5, "2021-2025"), (5.2, "2025"), (700000, "2025")]


def test_a_report_without_chapter_headings_still_has_a_review_and_a_plan():
    text = ("各位代表：\n过去一年，全县地区生产总值增长6.1%。\n"
            "全年新建学校5所，新增就业3000人。\n"
            "今年经济社会发展的主要预期目标是：地区生产总值增长6.5%左右。\n"
            "新建学校8所。\n")
    doc = extract_text(text, year=2024)
    assert [(r["value"], r["period"]) for r in doc["results"]] == [(6.1, "2023"), (5, "2023"), (3000, "2023")]
    assert [(t["value"], t["deadline"]) for t in doc["targets"]] == [(6.5, "2024"), (8, "2024")]


def test_titles_and_numbers_are_as_printed():
    text = "三、2024年工作安排\n（一）扩大有效投资，稳住经济大盘。新开工项目100个。\n优化服务让企业满意。加强服务保障，推动政策落地见效。\n双向开放让外企敢投。加快招商引资，突出制造业项目招引。\n"
    secs = extract_text(text)["sections"]
    assert [(s["level"], s["number"], s["title"]) for s in secs] == [
        (1, "三", "2024年工作安排"), (2, "（一）", "扩大有效投资，稳住经济大盘"),
        (3, "", "优化服务让企业满意"), (3, "", "双向开放让外企敢投")]
    assert secs[2]["parent"] == secs[1]["id"] == secs[3]["parent"]


def test_a_sentence_that_announces_a_list_opens_it():
    text = ("三、2024年工作安排\n今年，我们将继续办好十件民生实事：\n1.新建改扩建幼儿园10所（牵头单位：县教育局）；\n"
            "2.新增城镇就业岗位5000个（牵头单位：县人社局）。\n")
    items = extract_text(text)["list_items"]
    assert [(i["number"], i["text"], i["lead_department"]) for i in items] == [
        (1, "新建改扩建幼儿园10所", "县教育局"), (2, "新增城镇就业岗位5000个", "县人社局")]
