"""`duban export ledger` and `duban briefing`: the contracts other tools rely on."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from duban.cli import main

pytestmark = pytest.mark.django_db


def test_export_ledger_writes_the_workbook(world, tmp_path, capsys):
    out = tmp_path / "ledger.xlsx"
    assert main(["export", "ledger", "-o", str(out)]) == 0
    ws = load_workbook(out).active
    assert ws["A3"].value == "序号" and ws["H3"].value == "状态"
    assert ws.max_row == 3 + 3
    assert "3 tasks" in capsys.readouterr().out


def test_briefing_docx_and_pdf(world, tmp_path, capsys):
    from docx import Document
    from pypdf import PdfReader

    docx = tmp_path / "b.docx"
    pdf = tmp_path / "b.pdf"
    assert main(["briefing", "--period", "2023-06", "-o", str(docx)]) == 0
    assert "[ 70%]" in capsys.readouterr().err  # progress on stderr
    assert "红色预警任务" in "\n".join(p.text for p in Document(docx).paragraphs)
    assert main(["briefing", "--period", "2023-06", "-o", str(pdf), "--quiet"]) == 0
    assert "督查通报" in PdfReader(pdf).pages[0].extract_text()


@pytest.mark.parametrize(
    "argv, message",
    [
        (["briefing", "--period", "2023-6", "-o", "x.docx"], "格式应为 YYYY-MM"),
        (["briefing", "--period", "2023-06", "-o", "x.rtf"], "written as .docx or .pdf"),
        (["export", "ledger", "-o", "x.csv"], "written as .xlsx"),
        (["export", "ledger", "-o", "/nonexistent-dir/x.xlsx"], "does not exist"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(world, capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("duban: error:") and message in err


def test_nothing_half_written_on_failure(world, tmp_path, monkeypatch):
    import duban.cli.reports as reports

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(reports.os, "replace", boom)
    with pytest.raises(OSError):
        main(["briefing", "--period", "2023-06", "-o", str(tmp_path / "b.docx"), "--quiet"])
    assert list(tmp_path.iterdir()) == []  # the partial file was removed


def test_pdf_without_a_cjk_font_is_refused_with_a_message(world, tmp_path, capsys, monkeypatch):
    from duban.web.briefing import pdf_writer

    monkeypatch.setattr(pdf_writer, "cjk_font_path", lambda: None)
    assert main(["briefing", "--period", "2023-06", "-o", str(tmp_path / "b.pdf"), "--quiet"]) == 2
    assert "fonts-noto-cjk" in capsys.readouterr().err
    assert not (tmp_path / "b.pdf").exists()
