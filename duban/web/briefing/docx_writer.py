"""The briefing as a Word document (python-docx), in the plain style of a 督查通报."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .chart import department_chart
from .data import BriefingData, deliver
from .text import next_steps, summary_sentences

__all__ = ["write_docx"]

_BODY_FONT = "仿宋_GB2312"  # official documents; Word substitutes when absent
_HEADING_FONT = "黑体"
_TITLE_FONT = "方正小标宋简体"


def _east_asian(run, name: str) -> None:
    """Set the font of a run or a style, East Asian included."""
    # python-docx sets only the Latin font; the East Asian one lives in w:rFonts/@w:eastAsia.
    run.font.name = name
    rpr = run.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), name)


def _para(doc, text: str, *, font=_BODY_FONT, size=16, bold=False, align=None, indent=True):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    p.paragraph_format.space_after = Pt(4)
    run = p.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold
    _east_asian(run, font)
    return p


def _heading(doc, text: str):
    return _para(doc, text, font=_HEADING_FONT, size=16, indent=True)


def _table(doc, headers, rows, widths):
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(11)
        _east_asian(run, _HEADING_FONT)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            # Body text takes the document's default (Normal) fonts: setting them per run
            # would double the time of a briefing with hundreds of warning rows.
            cell.paragraphs[0].add_run(str(text)).font.size = Pt(10.5)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
    return table


def _warnings(doc, groups, colour: str) -> None:
    if not groups:
        _para(doc, f"本期无{colour}预警任务。")
        return
    for dept, items in groups.items():
        _para(doc, f"{dept}（{len(items)}项）", bold=True, size=14)
        _table(
            doc,
            ("序号", "任务", "完成时限", "核实进度", "预警原因"),
            [(i, it.title, it.deadline.isoformat(), f"{it.progress:g}%", it.reason) for i, it in enumerate(items, 1)],
            (1.2, 6.5, 2.4, 1.8, 4.6),
        )


def write_docx(data: BriefingData, out=None) -> bytes:
    """Write the briefing; returns the bytes (and writes them to ``out`` when given)."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(12)
    _east_asian(normal, _BODY_FONT)
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin = section.bottom_margin = Cm(3.2)
    section.left_margin = section.right_margin = Cm(2.6)
    head = _para(doc, data.title, font=_TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    head.runs[0].font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    _para(doc, f"（{data.period}）", size=16, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _heading(doc, "一、总体情况")
    for sentence in summary_sentences(data):
        _para(doc, sentence)
    png = department_chart(data.departments, fmt="png")
    doc.add_picture(io.BytesIO(png), width=Cm(15.5))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, "图1  各牵头单位任务状态", size=12, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _heading(doc, "二、红色预警任务")
    _warnings(doc, data.red, "红色")
    _heading(doc, "三、黄色预警任务")
    _warnings(doc, data.yellow, "黄色")
    numbers = data.numbers
    if data.assessment or data.assessment_note:
        _heading(doc, f"{numbers['assessment']}、年度考核")
        if data.assessment:
            _para(doc, f"按年度考核细则（{data.assessment_version}），{data.period[:4]}年各牵头单位考核得分及排名如下（详见考核页面）。")
            _table(doc, ("排名", "单位", "总分", "各项得分"),
                   [(r["rank"], r["department"], f"{r['score']:.2f}", r["components"]) for r in data.assessment],
                   (1.2, 4.0, 1.8, 9.5))
        else:
            _para(doc, data.assessment_note)
    if data.suggestions is not None:
        _heading(doc, f"{numbers['suggestions']}、建议提案办理情况")
        for sentence in data.suggestions.sentences:
            _para(doc, sentence)
        _table(doc, ("主办单位", "件数", "按期答复", "按期答复率", "满意/已评价", "逾期"),
               data.suggestions.rows, (5.0, 1.6, 2.0, 2.4, 2.6, 1.6))
    _heading(doc, f"{numbers['next']}、下一步工作")
    for sentence in next_steps(data):
        _para(doc, sentence)
    _para(doc, f"督查室  {data.generated_at:%Y年%m月%d日}", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    buf = io.BytesIO()
    doc.save(buf)
    raw = buf.getvalue()
    return deliver(raw, out)
