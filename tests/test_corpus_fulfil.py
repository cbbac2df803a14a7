"""Year-over-year fulfilment: the example corpus (tests/corpus/fulfilment.yaml), rules on small
cases, the metric from context, and accuracy on the real Hailaer pair."""

import json
from functools import cache
from pathlib import Path

import pytest
import yaml

from duban.corpus.fulfil import RULES, VERDICTS, context_name, match_fulfilment
from duban.corpus.yearly import fulfil_files
from duban.extract import InputError, extract_text, read_path

HERE = Path(__file__).resolve().parent
REPORTS = HERE / "fixtures" / "reports"
EXAMPLES = yaml.safe_load((HERE / "corpus" / "fulfilment.yaml").read_text(encoding="utf-8"))["examples"]
EXPECTATIONS = [(ex, want) for ex in EXAMPLES for want in ex["expect"]]


@cache
def _judged(name: str) -> list[dict]:
    """The rows of one example: both pieces extracted, the targets judged against the review."""
    ex = next(e for e in EXAMPLES if e["name"] == name)
    year = ex.get("year", 2016)
    plan = extract_text(ex["plan"], year=year)
    review = extract_text(ex["review"], year=year + 1)
    return match_fulfilment(plan["targets"], review["results"], year=year, text_y=ex["plan"], text_y1=ex["review"])


@pytest.mark.parametrize(
    "ex,want",
    [pytest.param(ex, want, marks=[pytest.mark.xfail(reason=want["xfail"], strict=True)] if "xfail" in want else [])
     for ex, want in EXPECTATIONS],
    ids=[f"{ex['name']}:{want['target']}" for ex, want in EXPECTATIONS],
)
def test_fulfilment_example(ex, want):
    rows = [r for r in _judged(ex["name"]) if want["target"] in r["target_quote"] or r["target_quote"] in want["target"]]
    assert len(rows) == 1, f"{want['target']!r} names {len(rows)} targets: {[r['target_quote'] for r in _judged(ex['name'])]}"
    (row,) = rows
    if "verdict" in want:
        assert row["verdict"] == want["verdict"], row
    if "rule" in want:
        assert row["rule"] == want["rule"], row
    if "result" in want:
        if want["result"] is None:
            assert row["result_quote"] is None, row
        else:
            assert row["result_quote"] and want["result"] in row["result_quote"], row
    if "metric" in want:
        assert want["metric"] in row["target_metric"], row


def test_the_examples_use_only_known_verdicts_and_rules():
    for _, want in EXPECTATIONS:
        assert want.get("verdict", "met") in VERDICTS, want
        assert want.get("rule", "value_reached") in RULES, want


# --- the metric from the context -----------------------------------------------------------

CONTEXT = {
    "clause_before_in_the_sentence": ("实施棚户区改造，努力完成4000户。", "4000户", "", "棚户区改造"),
    "sentence_before_in_the_paragraph": ("二是实施棚户区改造。今年努力完成4000户。", "4000户", "", "棚户区改造"),
    "lead_sentence_holding_the_vague_word": ("四是全力推进棚户区改造工程。充分调动群众积极性，完成8008户改造任务。", "8008户", "改造", "棚户区改造工程"),
    "heading_line_before_the_paragraph": ("（三）棚户区改造\n年内完成3800户。", "3800户", "", "棚户区改造"),
    "a_clause_with_a_figure_of_its_own_lends_nothing": ("投资15亿元，完成4000户。", "4000户", "", ""),
    "a_clause_naming_no_work_lends_nothing": ("今年，完成4000户。", "4000户", "", ""),
    "the_vague_word_must_be_named": ("现代农牧业实现新进展。全年投资3.7亿元。", "3.7亿元", "投资", ""),
}


@pytest.mark.parametrize("text,figure,word,name", CONTEXT.values(), ids=CONTEXT.keys())
def test_context_name(text, figure, word, name):
    assert context_name(text, text.index(figure), word) == name


def test_a_target_without_a_metric_takes_it_from_the_task_text_when_the_report_text_is_gone():
    task = "二是实施棚户区改造，今年努力完成4000户。"
    target = dict(item("努力完成4000户", "", 4000.0, "户"), task="t7")
    results = [result("完成农村危房改造4200户", "农村危房改造", 4200.0, "户", start=0),
               result("完成棚户区改造3500户", "棚户区改造", 3500.0, "户", start=20)]
    (row,) = match_fulfilment([target], results, year=2016, tasks_y={"t7": task})
    assert (row["target_metric"], row["verdict"], row["result_quote"]) == ("棚户区改造", "not_met", "完成棚户区改造3500户")


def item(quote, metric, value, unit, *, kind="absolute", comparator="=", start=0, when="2016", value_max=None, key="deadline"):
    return {"start": start, "end": start + len(quote), "quote": quote, "metric": metric, "value": value, "value_max": value_max,
            "unit": unit, "comparator": comparator, "kind": kind, key: when}


def result(quote, metric, value, unit, **kw):
    return item(quote, metric, value, unit, key="period", **kw)


def judge(target, *results, year=2016):
    (row,) = match_fulfilment([target], list(results), year=year)
    return row


# (target, result, verdict, rule): each case names the evidence it rests on.
CASES = {
    "growth_reached": (item("地区生产总值增长7.5%", "地区生产总值增长", 7.5, "%", kind="growth"),
                       result("地区生产总值增长8%", "地区生产总值同比增长", 8.0, "%", kind="growth"), "met", "value_reached"),
    "growth_short": (item("地区生产总值增长7.5%", "地区生产总值增长", 7.5, "%", kind="growth"),
                     result("增长7.2%", "地区生产总值增长", 7.2, "%", kind="growth"), "not_met", "value_short"),
    "alias_names": (item("公共财政预算收入达到15.8亿元", "公共财政预算收入", 1.58e9, "元"),
                    result("一般公共财政预算收入完成17亿元", "一般公共财政预算收入", 1.7e9, "元"), "met", "value_reached"),
    "tourism_alias": (item("旅游接待人数达到700万人次", "旅游接待人数", 7e6, "人次"),
                      result("全年接待游客达到704万人次", "接待游客", 7.04e6, "人次"), "met", "value_reached"),
    "about_within_slack": (item("增长6%左右", "城乡居民收入增长", 6.0, "%", kind="growth", comparator="~"),
                           result("增长5.9%", "城乡居民收入增长", 5.9, "%", kind="growth"), "met", "value_reached"),
    "strictly_over_not_reached": (item("突破100亿元", "旅游收入", 1e10, "元", comparator=">"),
                                  result("旅游收入100亿元", "旅游收入", 1e10, "元"), "not_met", "value_short"),
    "lower_is_better_met": (item("城镇登记失业率控制在4%以内", "城镇登记失业率", 4.0, "%", kind="share", comparator="<="),
                            result("城镇登记失业率3.9%", "城镇登记失业率", 3.9, "%", kind="share"), "met", "value_at_or_under_target"),
    "lower_is_better_by_name": (item("居民消费价格涨幅3%左右", "居民消费价格涨幅", 3.0, "%", kind="growth", comparator="~"),
                                result("居民消费价格上涨3.5%", "居民消费价格上涨", 3.5, "%", kind="growth"), "not_met", "value_over_target"),
    "decrease_larger_fall_is_met": (item("单位地区生产总值能耗下降3%", "单位地区生产总值能耗下降", 3.0, "%", kind="growth"),
                                    result("单位地区生产总值能耗下降3.5%", "单位地区生产总值能耗下降", 3.5, "%", kind="growth"), "met", "value_at_or_under_target"),
    "decrease_smaller_fall_is_not_met": (item("主要污染物排放量减少2%", "主要污染物排放量减少", 2.0, "%", kind="growth"),
                                         result("主要污染物排放量减少1.5%", "主要污染物排放量减少", 1.5, "%", kind="growth"), "not_met", "value_over_target"),
    "decrease_of_a_count": (item("贫困人口减少1万人", "贫困人口减少", 10000.0, "人"),
                            result("贫困人口减少1.2万人", "贫困人口减少", 12000.0, "人"), "met", "value_at_or_under_target"),
    "growth_target_but_a_fall": (item("规模以上工业增加值增长6%", "规模以上工业增加值增长", 6.0, "%", kind="growth"),
                                 result("规模以上工业增加值下降2%", "规模以上工业增加值下降", 2.0, "%", kind="growth"), "not_met", "value_short"),
    "unit_mismatch": (item("400亩大棚", "大棚建设", 400.0, "亩"),
                      result("新建成蔬菜大棚320个", "新建成蔬菜大棚", 320.0, "个"), "unclear", "unit_mismatch"),
    "combined_scope": (item("年内建成20座公厕", "公厕", 20.0, "座"),
                       result("改造新建公厕28座", "改造新建公厕", 28.0, "座"), "unclear", "mixed_scope"),
    "combined_scope_short_is_still_short": (item("年内建成20座公厕", "公厕", 20.0, "座"),
                                            result("改造新建公厕12座", "改造新建公厕", 12.0, "座"), "not_met", "value_short"),
    "related_measure": (item("完成3000亩重点区域绿化", "重点区域绿化", 3000.0, "亩"),
                        result("全年新增造林8000亩", "新增造林", 8000.0, "亩"), "unclear", "related_measure"),
    "due_later_not_yet": (item("到2018年建成30所学校", "学校", 30.0, "所", when="2018"),
                          result("建成学校12所", "学校", 12.0, "所"), "unclear", "due_later"),
    "due_later_already_met": (item("到2018年建成30所学校", "学校", 30.0, "所", when="2018"),
                              result("建成学校31所", "学校", 31.0, "所"), "met", "value_reached"),
}


@pytest.mark.parametrize("target,res,verdict,rule", CASES.values(), ids=CASES.keys())
def test_verdict_rules(target, res, verdict, rule):
    row = judge(target, res)
    assert (row["verdict"], row["rule"]) == (verdict, rule)
    assert row["result_quote"] == res["quote"]


def test_a_growth_rate_is_never_compared_with_a_level():
    row = judge(item("地区生产总值增长7.5%", "地区生产总值增长", 7.5, "%", kind="growth"),
                result("地区生产总值完成303.6亿元", "地区生产总值", 3.036e10, "元"))
    assert (row["verdict"], row["rule"], row["result_quote"]) == ("not_mentioned", "no_result", None)


def test_an_unrelated_result_is_not_mentioned():
    row = judge(item("新建中小学12所", "中小学", 12.0, "所"), result("旅游收入完成82.8亿元", "旅游收入", 8.28e9, "元"))
    assert row["verdict"] == "not_mentioned"


def test_vague_names_alone_do_not_pair_figures():
    row = judge(item("全年计划投资15亿元", "投资", 1.5e9, "元"), result("投资3.5亿元", "投资", 3.5e8, "元"))
    assert row["verdict"] == "not_mentioned"


def test_results_of_other_periods_are_left_out():
    row = judge(item("城镇新增就业5300人", "城镇新增就业", 5300.0, "人"),
                result("“十二五”期间城镇新增就业2.6万人", "城镇新增就业", 26000.0, "人", when="2011-2015"))
    assert row["verdict"] == "not_mentioned"


def test_each_result_answers_one_target_the_closest_first():
    targets = [item("新增就业5300人", "新增就业", 5300.0, "人", start=0), item("再就业1500人", "再就业", 1500.0, "人", start=20)]
    results = [result("实现城镇新增就业6790人", "城镇新增就业", 6790.0, "人", start=0), result("再就业1582人", "再就业", 1582.0, "人", start=30)]
    rows = match_fulfilment(targets, results, year=2016)
    assert [(r["target_quote"], r["result_quote"]) for r in rows] == [("新增就业5300人", "实现城镇新增就业6790人"), ("再就业1500人", "再就业1582人")]


def test_a_generic_name_takes_the_name_of_the_figure_before_it():
    text = "地区生产总值完成303.6亿元,同比增长7.2%;"
    results = [result("地区生产总值完成303.6亿元", "地区生产总值", 3.036e10, "元", start=0),
               result("同比增长7.2%", "同比增长", 7.2, "%", kind="growth", start=text.index("同比"))]
    target = item("地区生产总值增长7.5%", "地区生产总值增长", 7.5, "%", kind="growth")
    (row,) = match_fulfilment([target], results, year=2016, text_y1=text)
    assert (row["verdict"], row["result_quote"], row["result_metric"]) == ("not_met", "同比增长7.2%", "地区生产总值")


def test_one_figure_shared_by_listed_names_is_judged_for_each():
    quote = "城镇居民人均可支配收入、农村居民人均可支配收入均增长8%"
    target = item(quote, quote[:-3], 8.0, "%", kind="growth", start=100)
    results = [result("城镇居民人均可支配收入增长7%", "城镇居民人均可支配收入", 7.0, "%", kind="growth", start=0),
               result("农村居民人均可支配收入增长8.5%", "农村居民人均可支配收入", 8.5, "%", kind="growth", start=40)]
    rows = match_fulfilment([target], results, year=2016)
    assert [(r["target_start"], r["target_metric"], r["verdict"]) for r in rows] == [
        (100, "城镇居民人均可支配收入", "not_met"), (112, "农村居民人均可支配收入", "met")]


def test_no_targets_give_no_rows():
    assert match_fulfilment([], [result("增长7%", "地区生产总值", 7.0, "%", kind="growth")], year=2016) == []


# --- the real pair, end to end through the extractor ---------------------------------

@pytest.fixture(scope="module")
def hailaer():
    return fulfil_files(REPORTS / "2016_hailaer_gbk.txt", REPORTS / "2017_hailaer_gbk.txt")


def gold():
    return [json.loads(line) for line in (REPORTS / "pairs_2016_2017.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


def align(pairs, gold_rows):
    """Each gold target to the output row whose target span overlaps it, closest start first
    (one row per gold target), as the shared scorer aligns spans."""
    used, out = set(), []
    for g in gold_rows:
        gs, ge = g["target_start"], g["target_start"] + len(g["target_quote"])
        cands = [(i, p) for i, p in enumerate(pairs) if i not in used and p["target_start"] < ge and gs < p["target_end"]]
        cands.sort(key=lambda ip: abs(ip[1]["target_start"] - gs))
        if cands:
            used.add(cands[0][0])
        out.append((g, cands[0][1] if cands else None))
    return out


def test_verdict_accuracy_on_the_hailaer_pair_is_at_least_080(hailaer):
    aligned = align(hailaer["pairs"], gold())
    correct = sum(1 for g, p in aligned if p is not None and p["verdict"] == g["verdict"])
    accuracy = correct / len(aligned)
    print(f"fulfilment verdict accuracy on pairs_2016_2017: {correct}/{len(aligned)} = {accuracy:.3f}")
    assert accuracy >= 0.80


def test_met_and_not_met_verdicts_cite_the_gold_result(hailaer):
    aligned = [(g, p) for g, p in align(hailaer["pairs"], gold()) if g["verdict"] in ("met", "not_met") and p]
    cited = sum(1 for g, p in aligned if p["result_start"] is not None and p["result_start"] < g["result_start"] + len(g["result_quote"]) and g["result_start"] < p["result_end"])
    assert cited / len(aligned) >= 0.8


def test_offsets_index_each_report_as_read(hailaer):
    t16 = read_path(REPORTS / "2016_hailaer_gbk.txt").text
    t17 = read_path(REPORTS / "2017_hailaer_gbk.txt").text
    assert hailaer["year"] == 2016 and hailaer["warnings"] == []
    for p in hailaer["pairs"]:
        assert t16[p["target_start"] : p["target_end"]] == p["target_quote"]
        assert p["verdict"] in ("met", "not_met", "not_mentioned", "unclear") and p["rule"]
        if p["result_start"] is not None:
            assert t17[p["result_start"] : p["result_end"]] == p["result_quote"]


def test_the_same_report_twice_is_refused():
    with pytest.raises(InputError, match="same text"):
        fulfil_files(REPORTS / "2016_hailaer_gbk.txt", REPORTS / "2016_hailaer_gbk.txt")


def test_reports_that_are_not_consecutive_are_flagged(tmp_path):
    res = fulfil_files(REPORTS / "2017_hailaer_gbk.txt", REPORTS / "2025_national.txt")
    assert any("not 2018" in w for w in res["warnings"])
    assert any("different governments" in w for w in res["warnings"])


def test_a_dataset_without_its_source_files_judges_from_the_tasks_text(tmp_path):
    import shutil

    from duban.corpus import extract_corpus
    from duban.corpus.yearly import fulfil_dataset

    src = tmp_path / "src"
    src.mkdir()
    for name in ("2016_hailaer_gbk.txt", "2017_hailaer_gbk.txt"):
        shutil.copy(REPORTS / name, src / name)
    ds = tmp_path / "ds"
    extract_corpus(src, ds, workers=1)
    shutil.rmtree(src)
    res = fulfil_dataset(ds)
    (years,) = res["pairs_of_reports"]
    assert (years["place"], years["year"], years["context"]) == ("海拉尔区", 2016, "tasks")
    aligned = align(res["pairs"], gold())
    correct = sum(1 for g, p in aligned if p is not None and p["verdict"] == g["verdict"])
    print(f"fulfilment accuracy from the dataset alone (tasks as context): {correct}/{len(aligned)}")
    assert correct / len(aligned) >= 0.75


def test_a_target_whose_quote_is_not_at_its_offsets_takes_no_metric_from_the_text():
    # The ledger gives targets written by hand places past the end of the report's text.
    text = "二、2016年工作安排\n二是实施棚户区改造。\n三是推进农村危房改造，完成3000户。"
    target = item("完成4000户", "", 4000.0, "户", start=len(text) + 10)
    (row,) = match_fulfilment([target], [], year=2016, text_y=text)
    assert (row["target_metric"], row["verdict"]) == ("", "not_mentioned")
