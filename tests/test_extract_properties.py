"""Property tests: whatever the text, every item's quote is text[start:end]."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duban.extract import extract_text

SAMPLE = (Path(__file__).resolve().parent.parent / "duban" / "samples" / "liaocheng_2023_part2.txt").read_text("utf-8")
LINES = [line for line in SAMPLE.splitlines() if line.strip()]
PIECES = ["一、2025年工作回顾\n", "二、2026年重点工作\n", "（一）", "附件1\n", "1. ", "增长", "5%", "以上", "左右", "万",
          "亿元", "个", "、", "，", "。", "\r\n", "\n\n", "“", "”", "《", "》", "(市发展改革委)", "全覆盖", "两位数", "—",
          "１２", "３０万", "后30位", "六连冠", "近八成", "超千亿元", "过去五年", "“十四五”", "到2030年", "3年内"]

settings.register_profile("duban", max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("duban")


def assert_valid(text: str) -> None:
    doc = extract_text(text)
    for key in ("sections", "tasks", "targets", "results", "list_items", "defects"):
        for item in doc[key]:
            assert 0 <= item["start"] <= item["end"] <= len(text)
            if "quote" in item:
                assert text[item["start"]:item["end"]] == item["quote"]
            if "text" in item and key in ("tasks", "list_items"):
                assert text[item["start"]:item["end"]] == item["text"]


@given(st.lists(st.sampled_from(LINES), min_size=1, max_size=12), st.sampled_from(["\n", "\r\n", "\n\n", "\r\n\r\n"]))
def test_recombined_report_lines(lines, sep):
    assert_valid(sep.join(lines))


@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(min_size=0, max_size=6)), max_size=40))
def test_generated_fragments(parts):
    assert_valid("".join(parts))


@given(st.data())
def test_mutated_sample(data):
    start = data.draw(st.integers(0, len(SAMPLE) - 1))
    text = SAMPLE[start:start + data.draw(st.integers(1, 1500))]
    for _ in range(data.draw(st.integers(0, 6))):
        i = data.draw(st.integers(0, len(text)))
        op = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = data.draw(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)))
        if op == "insert":
            text = text[:i] + piece + text[i:]
        elif op == "delete":
            text = text[:i] + text[i + 3:]
        else:
            text = text[:i] + piece + text[i + len(piece):]
    assert_valid(text)


@given(st.text(alphabet=st.characters(codec="utf-8", categories=["Lo", "Nd", "Po", "Ps", "Pe", "Zs", "Cc", "No", "Sm"]),
               max_size=300))
def test_arbitrary_unicode(text):
    assert_valid(text)
