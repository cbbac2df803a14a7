"""The rules registry: named rules per dimension, word lists only in the lexicon, and
the reasons an extraction can give (``explain``)."""

import ast
import re
from pathlib import Path

import pytest

from duban.extract import extract_text
from duban.extract.rules.registry import DIMENSIONS, registry, rule_names

RULES_DIR = Path(__file__).resolve().parents[1] / "duban" / "extract" / "rules"
_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
# A Chinese alternative next to a | of a regex: 稳居|位居, (?:到|至), 增长)|(
_CJK_ALTERNATION = re.compile(rf"[{_CJK}][)]?\||\|(?:\(\?:)?[{_CJK}]")


def _string_constants(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value
        elif isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
            yield node.lineno, text


def _word_list_literals(path: Path):
    """Lists, tuples, sets and dict keys holding two or more Chinese words."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        elts = node.elts if isinstance(node, ast.List | ast.Tuple | ast.Set) else \
            node.keys if isinstance(node, ast.Dict) else None
        if elts is None:
            continue
        chinese = [e.value for e in elts if isinstance(e, ast.Constant) and isinstance(e.value, str)
                   and re.search(f"[{_CJK}]", e.value)]
        if len(chinese) >= 2:
            yield node.lineno, chinese


# The rules, and the layout and review/plan code around them, hold no Chinese word list.
# markers.py is the list-marker grammar itself (附件|附表 are its forms); the report check
# (check/) keeps its own patterns for now.
_RULE_FILES = sorted(RULES_DIR.glob("*.py")) + sorted(
    p for p in [*RULES_DIR.parent.glob("*.py"), *(RULES_DIR.parent / "review_plan").glob("*.py")]
    if p.name != "markers.py")


@pytest.mark.parametrize("path", _RULE_FILES, ids=[str(p.relative_to(RULES_DIR.parent)) for p in _RULE_FILES])
def test_no_chinese_alternation_in_rule_code(path):
    found = [(line, s) for line, s in _string_constants(path) if _CJK_ALTERNATION.search(s)]
    assert not found, f"{path.name}: Chinese alternatives belong in lexicon/*.yaml, read by name: {found}"


@pytest.mark.parametrize("path", _RULE_FILES, ids=[str(p.relative_to(RULES_DIR.parent)) for p in _RULE_FILES])
def test_no_chinese_word_list_in_rule_code(path):
    found = list(_word_list_literals(path))
    assert not found, f"{path.name}: Chinese word lists belong in lexicon/*.yaml, read by name: {found}"


def test_the_alternation_check_catches_one():
    assert _CJK_ALTERNATION.search(r"(?:稳居|位居)")
    assert _CJK_ALTERNATION.search(r"(?:增长)|(?:下降)")
    assert not _CJK_ALTERNATION.search(r"[一二三]年内(?!\d)")


def test_every_dimension_has_named_rules_with_unique_names():
    reg = registry()
    assert tuple(reg) == DIMENSIONS
    for dim, rules in reg.items():
        names = [r.name for r in rules]
        assert names and len(names) == len(set(names)), dim
        assert all(re.fullmatch(r"[a-z_]+", n) for n in names), names
    assert "number_unit" in rule_names()["quantity"]


# -- explain: which rule decided ----------------------------------------------------------


def _explained(text, year=2026):
    return extract_text(text, year=year, explain=True)


def test_every_item_names_the_rule_of_each_dimension():
    doc = _explained("今年新建城市书房20个以上，地区生产总值增长5%左右。")
    first, second = doc["targets"]
    assert first["explain"] == {"quantity": "number_unit", "reading": "plan_part", "comparator": "suffix",
                                "kind": "unit", "metric": "words_before", "deadline": "plan_horizon"}
    assert second["explain"]["kind"] == "percent_growth"
    assert doc["dropped"] == []


def test_dropped_quantities_name_the_rule_that_dropped_them():
    doc = _explained("举办第三届市运会，推出一批惠企政策，完善“15分钟政务服务圈”。")
    assert doc["targets"] == []
    assert [(d["quote"], d["rule"]) for d in doc["dropped"]] == [
        ("三届", "ordinal_or_rate"), ("一批", "chinese_count"), ("15分钟", "quoted_name")]


def test_a_result_names_its_period_rule():
    doc = _explained("一、2025年工作回顾\n过去一年，地区生产总值增长5.2%，2024年完成投资300亿元。\n")
    growth, investment = doc["results"]
    assert growth["explain"]["reading"] == "review_part" and growth["explain"]["period"] == "reading_period"
    assert investment["explain"]["period"] == "clause_year" and investment["period"] == "2024"


def test_the_time_nearest_the_number_decides_the_deadline():
    doc = _explained("今后五年，到2030年地区生产总值突破1万亿元。")
    (target,) = doc["targets"]
    assert target["deadline"] == "2030" and target["explain"]["deadline"] == "by_year"
    doc = _explained("到2030年，今后五年内新建公园50个。")
    (target,) = doc["targets"]
    assert target["deadline"] == "5y" and target["explain"]["deadline"] == "within_years"


def test_without_explain_the_document_is_unchanged():
    doc = extract_text("今年新建城市书房20个以上，举办第三届市运会。", year=2026)
    assert "dropped" not in doc and all("explain" not in t for t in doc["targets"])


def test_docs_name_every_rule():
    doc = (RULES_DIR.parents[2] / "docs" / "extraction.md").read_text(encoding="utf-8")
    missing = [f"{dim}:{n}" for dim, names in rule_names().items() for n in names if f"`{n}`" not in doc]
    assert not missing, f"docs/extraction.md (the rules registry) does not name {missing}"


def test_explain_names_only_registered_rules():
    sample = RULES_DIR.parents[1] / "samples" / "liaocheng_2023_part2.txt"
    doc = extract_text(sample.read_text(encoding="utf-8"), explain=True)
    names = rule_names()
    extras = {"quantity": {"implied_unit"}, "metric": {"continued_change"}, "reading": {"no_unit"}}
    for item in doc["targets"] + doc["results"]:
        for dim, decided in item["explain"].items():
            for name in decided.split("+"):
                assert name in names[dim] or name in extras.get(dim, ()), (dim, decided)
    assert doc["dropped"] and all(d["rule"] in names["reading"] + ["no_unit"] for d in doc["dropped"])
