"""The same report as .txt, .docx, HTML and PDF reads to the same text and the same targets."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from test_readers_support import build_docx, build_html, build_pdf, paragraphs

from duban.cli import main
from duban.extract import extract_file, extract_text, read_bytes, read_path

SAMPLE = Path(__file__).resolve().parent.parent / "duban" / "samples" / "liaocheng_2023_part2.txt"


@pytest.fixture(scope="module")
def four_files(tmp_path_factory, sample_text):
    out = tmp_path_factory.mktemp("formats")
    return {
        "text": SAMPLE,
        "docx": build_docx(sample_text, out / "report.docx"),
        "html": build_html(sample_text, out / "report.html"),
        "pdf": build_pdf(sample_text, out / "report.pdf"),
    }


@pytest.fixture(scope="module")
def four_documents(four_files):
    return {fmt: extract_file(path) for fmt, path in four_files.items()}


@pytest.fixture(scope="module")
def four_sources(four_files):
    return {fmt: read_path(path) for fmt, path in four_files.items()}


def _targets(doc):
    return [(t["quote"], t["value"], t["unit"], t["comparator"]) for t in doc["targets"]]


def _list_items(doc):
    return [(i["number"], i["text"], i["lead_department"]) for i in doc["list_items"]]


@pytest.mark.parametrize("fmt", ["docx", "html", "pdf"])
def test_it_reads_the_same_paragraphs_as_the_text_file(four_sources, sample_text, fmt):
    src = four_sources[fmt]
    assert src.format == fmt
    assert paragraphs(src.text) == paragraphs(sample_text)


@pytest.mark.parametrize("fmt", ["docx", "html", "pdf"])
def test_it_yields_the_same_targets_in_every_format(four_documents, fmt):
    assert _targets(four_documents[fmt]) == _targets(four_documents["text"])


@pytest.mark.parametrize("fmt", ["docx", "html", "pdf"])
def test_it_yields_the_same_list_items_in_every_format(four_documents, fmt):
    assert _list_items(four_documents[fmt]) == _list_items(four_documents["text"])


@pytest.mark.parametrize("fmt", ["text", "docx", "html", "pdf"])
def test_it_keeps_quotes_at_their_offsets(four_sources, four_documents, fmt):
    text = four_sources[fmt].text
    doc = four_documents[fmt]
    for key in ("targets", "results", "defects"):
        for item in doc[key]:
            assert text[item["start"]:item["end"]] == item["quote"]


@pytest.mark.parametrize("fmt", ["text", "docx", "html", "pdf"])
def test_it_records_format_and_text_hash_in_source(four_files, four_sources, four_documents, fmt):
    src = four_sources[fmt]
    source = four_documents[fmt]["source"]
    assert source["format"] == fmt
    assert source["sha256"] == src.sha256
    assert source["file_sha256"] == src.file_sha256 and source["bytes"] == four_files[fmt].stat().st_size
    assert (source.get("pages") is not None) == (fmt == "pdf")


def test_it_reads_a_gbk_web_page_by_its_meta_charset(tmp_path, sample_text):
    page = build_html(sample_text, tmp_path / "gbk.html", encoding="gb18030")
    src = read_path(page)
    assert src.encoding == "gb18030"
    assert paragraphs(src.text) == paragraphs(sample_text)


def test_it_drops_page_chrome_without_a_known_container(tmp_path, sample_text):
    page = build_html(sample_text, tmp_path / "p.html").read_text("utf-8").replace('id="zoom"', 'id="article-9"')
    src = read_bytes(page.encode("utf-8"), "p.html")
    assert paragraphs(src.text) == paragraphs(sample_text)
    for chrome in ("打印本页", "关闭窗口", "首页", "网站标识码", "浏览次数", "统计代码"):
        assert chrome not in src.text


def test_it_emits_the_text_that_offsets_index(four_files, four_sources, capsys):
    assert main(["extract", str(four_files["pdf"]), "--emit-text"]) == 0
    out = capsys.readouterr().out
    assert out == four_sources["pdf"].text


def test_it_writes_the_text_and_the_document_together(four_files, tmp_path, capsys):
    target = tmp_path / "text.txt"
    assert main(["extract", str(four_files["docx"]), "--emit-text", str(target)]) == 0
    doc = json.loads(capsys.readouterr().out)
    text = target.read_text("utf-8")
    assert doc["source"]["sha256"] == read_bytes(text.encode("utf-8")).sha256
    for t in doc["targets"]:
        assert text[t["start"]:t["end"]] == t["quote"]


def test_it_reads_by_content_and_warns_about_a_misleading_name(four_files, tmp_path, capsys):
    fake = tmp_path / "report.docx"
    fake.write_bytes(four_files["pdf"].read_bytes())
    src = read_path(fake)
    assert src.format == "pdf"
    assert any(".docx" in w and "pdf" in w for w in src.warnings)
    assert main(["extract", str(fake), "--format", "md"]) == 0
    assert "warning: report.docx: the name ends in .docx but the content is pdf" in capsys.readouterr().err


def test_it_reads_the_same_bytes_without_the_sandbox(four_files):
    data = four_files["docx"].read_bytes()
    assert read_bytes(data, "a.docx", sandbox=False).text == read_bytes(data, "a.docx", sandbox=True).text


def test_it_accepts_a_file_like_upload_as_bytes(four_files):
    buf = io.BytesIO(four_files["html"].read_bytes())
    assert read_bytes(buf.getvalue(), "upload").format == "html"


LIVELIHOOD_ROWS = [("1", "新建中小学12所", "市教育局"), ("2", "新增托位3000个", "市卫生健康委"), ("3", "新建道路23条", "市住建局")]


def _livelihood_docx(path):
    import docx

    document = docx.Document()
    for line in ("2023年政府工作报告", "附件1", "2023年重点民生事项清单"):
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=4)
    for cell, title in zip(table.rows[0].cells, ("序号", "民生实事", "牵头单位", "配合单位"), strict=True):
        cell.text = title
    for number, item, lead in LIVELIHOOD_ROWS:
        row = table.add_row().cells
        row[0].text, row[1].text, row[2].text, row[3].text = number, item, lead, "市财政局"
    document.save(path)
    return path


def _livelihood_html(path):
    rows = "".join(f"<tr><td>{n}</td><td>{item}</td><td>{lead}</td></tr>" for n, item, lead in LIVELIHOOD_ROWS)
    path.write_text(
        "<html><body><h1>2023年政府工作报告</h1><div class=article><p>附件1</p><p>2023年重点民生事项清单</p>"
        f"<table><tr><th>序号</th><th>项目</th><th>牵头单位</th></tr>{rows}</table></div></body></html>",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("build", [_livelihood_docx, _livelihood_html], ids=["docx", "html"])
def test_a_livelihood_table_becomes_list_items_with_lead_departments(tmp_path, build):
    doc = extract_file(build(tmp_path / "list"))
    typed = "2023年政府工作报告\n附件1\n2023年重点民生事项清单\n" + "".join(
        f"{n}. {item}(牵头单位：{lead})\n" for n, item, lead in LIVELIHOOD_ROWS
    )
    as_text = extract_text(typed)
    leads = [(i["number"], i["lead_department"]) for i in doc["list_items"]]
    assert leads == [(int(n), lead) for n, _, lead in LIVELIHOOD_ROWS]
    assert [i["text"] for i in doc["list_items"]] == [i["text"] for i in as_text["list_items"]]
    assert _targets(doc) == _targets(as_text)


def test_the_cli_refuses_a_non_positive_limit(four_files, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["extract", str(four_files["pdf"]), "--max-pages", "0"])
    assert stop.value.code == 2
    assert "--max-pages: must be positive" in capsys.readouterr().err


def test_the_cli_applies_the_page_limit(four_files, capsys):
    assert main(["extract", str(four_files["pdf"]), "--max-pages", "3"]) == 2
    assert "over the limit of 3 (see --max-pages)" in capsys.readouterr().err
