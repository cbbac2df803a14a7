"""Properties of the whole pipeline over generated input (hypothesis, bounded examples).

Any text or bytes either raise the documented InputError or give a document whose every
item has valid offsets and ``quote == text[start:end]``; .docx/HTML/PDF round trips keep
the text.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_readers_support import build_docx, build_html, build_pdf, paragraphs

from duban.extract import InputError, extract_text, read_bytes

FRAGMENTS = [
    "新建", "中小学", "12", "所", "4.5", "万人", "以上", "增长", "%", "左右", "，", "。", "、", "；", "\n", "\r\n",
    "一、", "（二）", "(三)", "1. ", "2.", "牵头单位：", "市教育局", "到2025年", "亿元", "不低于", "两位数", " ",
    "附件1", "2023年", "城镇新增就业", "完成", "控制在", "以内", "—", "10—15个", "全覆盖", "清零", "第三届", "各位代表",
    "PM2.5", "\t", "\u3000", "①", "十四五", "达到", "突破", "超", "过亿元项目", "230个", "5%", "\ufeff", "\x00",
]
reportish = st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join)
any_text = st.one_of(reportish, st.text(max_size=300))
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)


def check_document(doc: dict, text: str) -> None:
    assert doc["source"]["chars"] == len(text)
    for key in ("sections", "tasks", "targets", "results", "list_items", "defects"):
        for item in doc[key]:
            assert 0 <= item["start"] <= item["end"] <= len(text), (key, item)
            if "quote" in item:
                assert item["quote"] == text[item["start"]:item["end"]], (key, item)


@SETTINGS
@given(any_text)
@example("城镇新增就业4.5万人以上，新建中小学12所。\r\n1. 新建“幸福食堂”30处;\n")
def test_any_text_gives_valid_offsets(text):
    check_document(extract_text(text), text)


_MAGIC = [b"", b"PK\x03\x04", b"%PDF-1.7\n", b"<html><body>", b"\xef\xbb\xbf", b"\xff\xfe", b"\xd0\xcf\x11\xe0", b"<?xml version='1.0'?>"]
any_bytes = st.one_of(
    st.binary(max_size=2000),
    st.tuples(st.sampled_from(_MAGIC), st.binary(max_size=2000)).map(b"".join),
    st.tuples(reportish, st.sampled_from(["utf-8", "gb18030", "utf-16"])).map(lambda t: t[0].encode(t[1], "ignore")),
)


@SETTINGS
@given(any_bytes)
def test_any_bytes_give_an_input_error_or_valid_offsets(data):
    try:
        src = read_bytes(data, "fuzz", sandbox=False)
    except InputError as exc:
        assert str(exc).startswith("fuzz: ") and "\n" not in str(exc)
        return
    check_document(extract_text(src.text, source=src.source_info()), src.text)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> dict[str, bytes]:
    text = "2023年政府工作报告\n一、主要目标\n城镇新增就业4.5万人以上。\n新建中小学12所。\n附件1\n1. 新建“幸福食堂”30处;\n"
    out = tmp_path_factory.mktemp("seeds")
    return {
        "docx": build_docx(text, out / "s.docx").read_bytes(),
        "html": build_html(text, out / "s.html").read_bytes(),
        "pdf": build_pdf(text, out / "s.pdf").read_bytes(),
    }


mutation = st.tuples(
    st.sampled_from(["docx", "html", "pdf"]),
    st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=8),
    st.floats(0.05, 1.0),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture], derandomize=True)
@given(mutation)
def test_damaged_files_give_an_input_error_or_valid_offsets(seeds, case):
    fmt, flips, keep = case
    data = bytearray(seeds[fmt])
    for where, value in flips:
        data[min(int(where * len(data)), len(data) - 1)] = value
    data = bytes(data[: max(1, int(keep * len(data)))])
    try:
        src = read_bytes(data, "damaged", sandbox=False)
    except InputError:
        return
    check_document(extract_text(src.text), src.text)


cjk_paragraph = st.text(
    alphabet=st.sampled_from(list("新建中小学所万人以上增长左右完成城镇就业亿元市教育局，。、；：“”（）0123456789.%")),
    min_size=1, max_size=120,
).filter(lambda s: s.strip() and not re.match(r"^[\d（(]", s))
report_paragraphs = st.lists(cjk_paragraph, min_size=1, max_size=8)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(report_paragraphs)
def test_docx_round_trip_keeps_paragraphs(paras):
    buf = io.BytesIO()
    import docx

    document = docx.Document()
    for p in paras:
        document.add_paragraph(p)
    document.save(buf)
    assert paragraphs(read_bytes(buf.getvalue(), "r.docx", sandbox=False).text) == [p.strip() for p in paras]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture], derandomize=True)
@given(report_paragraphs)
def test_html_round_trip_keeps_paragraphs(tmp_path, paras):
    page = build_html("\n".join(paras), Path(tmp_path) / "r.html")
    assert paragraphs(read_bytes(page.read_bytes(), "r.html", sandbox=False).text) == [p.strip() for p in paras]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture], derandomize=True)
@given(report_paragraphs)
def test_pdf_round_trip_keeps_every_character_in_order(tmp_path, paras):
    pdf = build_pdf("\n".join(paras), Path(tmp_path) / "r.pdf")
    text = read_bytes(pdf.read_bytes(), "r.pdf", sandbox=False).text
    assert re.sub(r"\s", "", text) == re.sub(r"\s", "", "".join(paras))
