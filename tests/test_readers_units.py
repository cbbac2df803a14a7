"""Reader parts in isolation: format detection, tables, Word numbering, HTML bodies, PDF layout."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_readers_support import pdf_bytes

from duban.extract import InputError, read_bytes, read_path
from duban.extract.readers import Limits, detect_format
from duban.extract.readers.docx_numbering import format_number
from duban.extract.readers.pdf_layout import Fragment, assemble
from duban.extract.readers.tables import Cell, render_table

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "readers"


def _grid(*rows):
    return [[Cell(c) for c in row] for row in rows]


# --- detection ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("head", "fmt"),
    [
        (b"%PDF-1.4\n", "pdf"),
        (b"junk before the header %PDF-1.7\n", "pdf"),
        (b"PK\x03\x04rest", "docx"),
        (b"<!DOCTYPE html><html>", "html"),
        (b"\xef\xbb\xbf  <html lang=zh>", "html"),
        (b"<!-- saved from url --><HTML>", "html"),
        (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">', "html"),
        ("<p>新建中小学12所</p>".encode("utf-16"), "html"),
        ("政府工作报告".encode(), "text"),
        ("政府工作报告".encode("gb18030"), "text"),
    ],
    ids=["pdf", "pdf-after-junk", "zip", "html", "html-bom", "html-comment", "xhtml", "html-utf16", "utf8", "gb18030"],
)
def test_it_detects_the_format_from_content(head, fmt):
    assert detect_format(head) == fmt


# --- tables -------------------------------------------------------------------------------

def test_it_renders_a_livelihood_table_as_numbered_items_with_the_lead_department():
    lines = render_table(_grid(
        ["2023年民生实事", "", ""],
        ["序号", "项目", "牵头单位", "配合单位"],
        ["1", "新建中小学12所", "市教育局", "市财政局"],
        ["2", "新增托位3000个", "市卫生健康委", ""],
    ))
    assert lines == [
        "2023年民生实事",
        "1. 新建中小学12所(牵头单位：市教育局；配合单位：市财政局)",
        "2. 新增托位3000个(牵头单位：市卫生健康委)",
    ]


def test_it_keeps_a_caption_row_spanning_the_table():
    rows = [[Cell("2023年重点民生事项清单"), Cell("", spanned=True)], *_grid(["序号", "事项"], ["1", "新建“幸福食堂”30处"])]
    assert render_table(rows) == ["2023年重点民生事项清单", "1. 新建“幸福食堂”30处"]


def test_it_reads_a_table_without_header_row_by_row():
    assert render_table(_grid(["1", "新建道路23条"], ["2", "新建桥梁5座"])) == ["1. 新建道路23条", "2. 新建桥梁5座"]
    assert render_table(_grid(["城镇新增就业", "4.5万人"], ["新建中小学", "12所"])) == ["城镇新增就业\u30004.5万人", "新建中小学\u300012所"]


def test_it_names_value_columns_by_their_header():
    assert render_table(_grid(["指标", "2023年目标"], ["城镇新增就业", "4.5万人"])) == ["城镇新增就业(2023年目标：4.5万人)"]


def test_it_appends_other_columns_with_their_header():
    lines = render_table(_grid(["序号", "任务", "责任单位", "完成时限"], ["一", "完成老旧小区改造175个", "市住建局", "2023年底"]))
    assert lines == ["一、完成老旧小区改造175个(责任单位：市住建局；完成时限：2023年底)"]


# --- Word ----------------------------------------------------------------------------------

def test_it_renders_word_auto_numbering_tracked_changes_and_merged_cells():
    src = read_path(FIXTURES / "numbered_list.docx")
    assert src.text.splitlines() == [
        "2023年政府工作报告",
        "城镇新增就业4.5万人以上，地区生产总值增长5%左右。",
        "1. 新建“幸福食堂”30处;",
        "（一）新增托位3000个",
        "完成改造1500户",
        "1. 新建中小学12所(牵头单位：市教育局)",
        "2. 新增公办学位2550个(牵头单位：市教育局)",
    ]


@pytest.mark.parametrize(
    ("n", "fmt", "expected"),
    [
        (12, "decimal", "12"), (3, "chineseCounting", "三"), (12, "chineseCountingThousand", "十二"),
        (2, "ideographTraditional", "乙"), (3, "decimalEnclosedCircle", "③"), (4, "upperRoman", "IV"),
        (28, "lowerLetter", "bb"), (5, "decimalFullWidth", "５"), (3, "chineseLegalSimplified", "叁"), (1, "bullet", ""),
    ],
)
def test_it_formats_word_list_numbers(n, fmt, expected):
    assert format_number(n, fmt) == expected


# --- HTML ----------------------------------------------------------------------------------

def _html(body: str, head: str = "") -> bytes:
    return f"<html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>".encode()


def test_it_numbers_ordered_lists_and_reads_rowspan_departments():
    page = _html(
        "<div id=zoom><p>附件1</p><ol><li>新建中小学12所</li><li>新增托位3000个</li></ol>"
        "<table><tr><th>序号</th><th>项目</th><th>牵头单位</th></tr>"
        "<tr><td>1</td><td>新建道路23条</td><td rowspan=2>市住建局</td></tr>"
        "<tr><td>2</td><td>新建桥梁5座</td></tr></table></div>"
    )
    assert read_bytes(page, "p.html").text.splitlines() == [
        "附件1", "1. 新建中小学12所", "2. 新增托位3000个",
        "1. 新建道路23条(牵头单位：市住建局)", "2. 新建桥梁5座(牵头单位：市住建局)",
    ]


def test_it_reads_layout_tables_as_blocks_and_keeps_the_headline():
    page = _html(
        "<table><tr><td><a href=/>首页</a> <a href=/x>政务公开</a></td></tr>"
        "<tr><td><h1>2023年政府工作报告</h1></td></tr>"
        "<tr><td><table><tr><td class=content><p>各位代表：</p><p>城镇新增就业4.5万人，"
        "居民收入增长与经济增长同步。</p><p>新建中小学12所，新增学位1.2万个。</p></td></tr></table></td></tr>"
        "<tr><td>【打印本页】【关闭窗口】</td></tr></table>"
    )
    text = read_bytes(page, "p.html").text
    assert text.splitlines() == ["2023年政府工作报告", "各位代表：", "城镇新增就业4.5万人，居民收入增长与经济增长同步。", "新建中小学12所，新增学位1.2万个。"]


def test_it_joins_source_line_breaks_between_chinese_characters():
    page = _html("<p>城镇新增\n    就业4.5万人，\n  GDP growth\n  5%</p>")
    assert read_bytes(page, "p.html").text == "城镇新增就业4.5万人，GDP growth 5%"


def test_it_reads_an_undeclared_gbk_page():
    page = "<html><body><p>新建中小学12所，新增学位1.2万个。</p></body></html>".encode("gb18030")
    src = read_bytes(page, "p.html")
    assert src.encoding == "gb18030" and src.text == "新建中小学12所，新增学位1.2万个。"


def test_it_refuses_a_page_without_text():
    with pytest.raises(InputError, match="no article text"):
        read_bytes(_html("<script>var a = '新建中小学12所';</script><nav>首页</nav>"), "empty.html")


# --- PDF layout -----------------------------------------------------------------------------

def _line(text, x, y, size=10.0):
    return Fragment(text, x, y, size)


def test_it_joins_wrapped_lines_and_splits_at_short_lines_and_indents():
    page = [
        _line("一二三四五六七八九十", 50, 700), _line("一二三四五六七八九十", 50, 685), _line("结束。", 50, 670),
        _line("新段一二三四五六", 70, 655), _line("一二三四五六七八九十", 50, 640), _line("完。", 50, 625),
    ]
    assert assemble([page]) == "一二三四五六七八九十一二三四五六七八九十结束。\n新段一二三四五六一二三四五六七八九十完。"


def test_it_drops_page_numbers_and_running_headers():
    pages = []
    for n in range(1, 5):
        pages.append([
            _line("聊城市人民政府工作报告", 50, 800, 9),
            *[_line(f"{'甲乙丙丁'[n - 1]}{k}正文一二三四五六七八", 50, 700 - 15 * k) for k in range(3)],
            _line(f"— {n} —", 140, 40, 9),
        ])
    text = assemble(pages)
    assert "聊城市人民政府工作报告" not in text and "—" not in text
    assert text.count("正文") == 12


def test_it_keeps_a_space_between_latin_words_across_a_wrap():
    page = [_line("growth of the regional", 50, 700), _line("economy by five percent", 50, 685), _line("end", 50, 670)]
    assert assemble([page]).startswith("growth of the regional economy")


def test_it_reads_a_pdf_with_latin_fonts():
    def draw(c):
        c.setFont("Helvetica", 12)
        c.drawString(72, 720, "GDP grew by 5% in 2023.")
        c.showPage()

    assert read_bytes(pdf_bytes(draw), "latin.pdf").text == "GDP grew by 5% in 2023."


# --- limits ---------------------------------------------------------------------------------------

def test_it_validates_limits():
    assert Limits.from_options(max_pages=10).max_pages == 10
    with pytest.raises(ValueError, match="positive"):
        Limits.from_options(max_pages=0)


@pytest.mark.parametrize("path", sorted((FIXTURES / "fuzz").iterdir()), ids=lambda p: p.name)
def test_fuzz_findings_stay_fixed(path):
    try:
        src = read_bytes(path.read_bytes(), path.name, sandbox=False)
    except InputError:
        return
    assert isinstance(src.text, str)


def test_it_reads_a_pdf_printed_by_chromium_like_its_source_text():
    # chromium_print.pdf: `chromium --headless --print-to-pdf` of chromium_print.html (Noto CJK,
    # one glyph run per character, date/title/URL/page-number header and footer on 5 pages).
    src = read_path(FIXTURES / "chromium_print.pdf")
    expected = (FIXTURES / "chromium_print.txt").read_text("utf-8")
    assert src.text.splitlines() == expected.splitlines()
    assert src.pages == 5


def test_it_joins_a_line_that_stops_short_because_a_number_did_not_fit():
    page = [
        _line("一二三四五六七八九十", 50, 700), _line("主要目标为增长", 50, 685),
        _line("5%—5.5%，一二三四五", 50, 670), _line("完。", 50, 655),
    ]
    assert assemble([page]) == "一二三四五六七八九十主要目标为增长5%—5.5%，一二三四五完。"


def test_it_uses_the_document_margins_on_a_page_of_one_line_paragraphs():
    body = [_line("一二三四五六七八九十" * 2, 50, 700 - 15 * k) for k in range(12)]
    last = [_line(f"第{k}段。" + "一" * (k % 4), 70, 700 - 15 * k) for k in range(12)]
    text = assemble([body, last])
    assert text.splitlines()[1:] == [f"第{k}段。" + "一" * (k % 4) for k in range(12)]


def test_it_keeps_the_line_breaks_of_a_pre_block():
    page = _html("<pre>\n政府工作报告\n\n  城镇新增就业4.5万人。\n新建中小学12所。</pre>")
    assert read_bytes(page, "p.html").text == "政府工作报告\n城镇新增就业4.5万人。\n新建中小学12所。"


def test_it_reads_a_web_page_saved_as_mht():
    import quopri

    html = (
        "<html><head><meta http-equiv=Content-Type content='text/html; charset=gb2312'></head><body>"
        "<div class=nav>首页</div><div id=zoom><p>城镇新增就业4.5万人。</p><p>新建中小学12所。</p></div></body></html>"
    ).encode("gb18030")
    boundary = "----=_NextPart_000_0000_01D92C8A.5E0B5C10"
    mht = (
        "From: <Saved by Windows Internet Explorer 8>\r\nSubject: =?gb2312?B?1f648rmk1/exqLjm?=\r\n"
        f'MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="{boundary}"\r\n\r\n'
        f"This is a multi-part message in MIME format.\r\n\r\n--{boundary}\r\n"
        'Content-Type: text/html;\r\n\tcharset="gb2312"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n'
        + quopri.encodestring(html).decode("ascii").replace("\n", "\r\n")
        + f"\r\n--{boundary}--\r\n"
    ).encode("ascii")
    src = read_bytes(mht, "report.mht")
    assert (src.format, src.encoding) == ("html", "gb18030")
    assert src.text == "城镇新增就业4.5万人。\n新建中小学12所。"


def test_it_separates_the_cells_of_a_pdf_table_row():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))

    def draw(c):
        c.setFont("STSong-Light", 11)
        for k, row in enumerate([("序号", "项目", "牵头单位"), ("1", "新建中小学12所", "市教育局"), ("2", "新建道路23条", "市住建局")]):
            for x, cell in zip((72, 120, 320), row, strict=True):
                c.drawString(x, 700 - 20 * k, cell)
        c.showPage()

    lines = read_bytes(pdf_bytes(draw), "table.pdf").text.splitlines()
    assert lines == ["1. 新建中小学12所(牵头单位：市教育局)", "2. 新建道路23条(牵头单位：市住建局)"]
