"""Place and year of a report, detected from its own text (duban.corpus.detect)."""

from pathlib import Path

import pytest

from duban.corpus.detect import detect_meta, detect_year, place_level
from duban.extract import read_path

REPORTS = Path(__file__).resolve().parent / "fixtures" / "reports"

# text -> (place, level, year); one surface form per id, like the extractor's example corpora.
EXAMPLES = {
    "dateline_district": ("——2017年2月11日在海拉尔区第十四届人民代表大会第六次会议上", "海拉尔区", "county", 2017),
    "dateline_province": ("——2026年1月25日在北京市第十六届人民代表大会第四次会议上", "北京市", "province", 2026),
    "dateline_no_dash": ("2026年1月14日在浙江省第十四届人民代表大会第四次会议上", "浙江省", "province", 2026),
    "dateline_national": ("——2023年3月5日在第十四届全国人民代表大会第一次会议上", "全国", "national", 2023),
    "dateline_chinese_digits": ("——二〇一七年二月十一日在聊城市第十七届人民代表大会第一次会议上", "聊城市", "city", 2017),
    "delegation": ("各位代表：现在，我代表义乌市人民政府，向大会报告工作。二、2019年工作安排", "义乌市", "city", 2019),
    "delegation_state_council": ("现在，我代表国务院，向大会报告政府工作。一、2024年工作回顾", "全国", "national", 2025),
    "title": ("2026年河南省政府工作报告\n各位代表：", "河南省", "province", 2026),
    "county": ("——2020年1月8日在长丰县第十七届人民代表大会第五次会议上", "长丰县", "county", 2020),
    "banner": ("——2021年1月20日在科尔沁左翼中旗第十七届人民代表大会第五次会议上", "科尔沁左翼中旗", "county", 2021),
    "autonomous_region": ("我代表内蒙古自治区人民政府，向大会报告工作", "内蒙古自治区", "province", None),
}


@pytest.mark.parametrize("text,place,level,year", EXAMPLES.values(), ids=EXAMPLES.keys())
def test_it_detects_place_level_and_year(text, place, level, year):
    meta = detect_meta(text)
    assert (meta.place, meta.level, meta.year) == (place, level, year)


NEGATIVE = {
    "no_cues": "各位代表：现在，我代表省人民政府向大会报告工作。",
    "ordinal_is_not_a_place": "在第十四届人民代表大会上",
}


@pytest.mark.parametrize("text", NEGATIVE.values(), ids=NEGATIVE.keys())
def test_it_finds_no_place_where_the_text_names_none(text):
    assert detect_meta(text).place is None


PLAN_HEADINGS = {
    "gongzuo_anpai": ("二、2017年工作安排", 2017),
    "zhongdian_gongzuo": ("三、2026年重点工作", 2026),
    "de_zhongdian_gongzuo": ("三、2026年的重点工作", 2026),
    "zhengfu_gongzuo_renwu": ("三、2025年政府工作任务", 2025),
    "review_plus_one": ("一、2024年工作回顾", 2025),
    "review_after_plan_period": ("一、“十四五”时期和2025年工作回顾", 2026),
}


@pytest.mark.parametrize("text,year", PLAN_HEADINGS.values(), ids=PLAN_HEADINGS.keys())
def test_it_reads_the_year_from_plan_and_review_headings(text, year):
    assert detect_year(text)[0] == year


def test_it_falls_back_to_the_file_name_and_says_so():
    assert detect_year("没有年份的文字", "report_2019_gz.txt") == (2019, "filename")
    assert detect_year("没有年份的文字", "report.txt") == (None, None)


def test_the_text_wins_over_the_file_name():
    assert detect_year("——2017年2月11日在海拉尔区第十四届人民代表大会", "2016.txt") == (2017, "text:dateline")


@pytest.mark.parametrize(
    "name,place,year",
    [("2016_hailaer_gbk.txt", "海拉尔区", 2016), ("2017_hailaer_gbk.txt", "海拉尔区", 2017), ("2025_national.txt", "全国", 2025)],
)
def test_it_detects_the_real_reports(name, place, year):
    src = read_path(REPORTS / name)
    meta = detect_meta(src.text, src.name)
    assert (meta.place, meta.year) == (place, year)
    assert meta.place_source.startswith("text:") and meta.year_source.startswith("text:")


@pytest.mark.parametrize("place,level", [("全国", "national"), ("重庆市", "province"), ("广西壮族自治区", "province"), ("延边朝鲜族自治州", "city"), (None, None), ("某某", None)])
def test_place_level(place, level):
    assert place_level(place) == level
