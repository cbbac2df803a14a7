"""Builders of .docx / HTML / PDF versions of a report, shared by the reader tests.

No tests here: the files are made at test time from the bundled sample text, so the
fixtures cannot drift from it.
"""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

_ITEM = re.compile(r"^(\d+)\. (.*)$")
# The first appendix list (民生实事) becomes a real table in .docx and HTML.
_TABLE_CAPTION = "2023年重点民生事项清单"


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def split_blocks(text: str):
    """Yield ("p", line) and ("table", [(number, item), ...]) in order."""
    lines = paragraphs(text)
    i = 0
    while i < len(lines):
        line = lines[i]
        yield "p", line
        i += 1
        if line == _TABLE_CAPTION:
            rows = []
            while i < len(lines) and _ITEM.match(lines[i]):
                m = _ITEM.match(lines[i])
                rows.append((m.group(1), m.group(2)))
                i += 1
            if rows:
                yield "table", rows


def build_docx(text: str, path: Path) -> Path:
    import docx

    document = docx.Document()
    for kind, value in split_blocks(text):
        if kind == "p":
            document.add_paragraph(value)
        else:
            table = document.add_table(rows=1, cols=2)
            table.rows[0].cells[0].text = "序号"
            table.rows[0].cells[1].text = "项目"
            for number, item in value:
                row = table.add_row()
                row.cells[0].text = number
                row.cells[1].text = item
    document.save(path)
    return path


def build_html(text: str, path: Path, encoding: str = "utf-8") -> Path:
    body = []
    for kind, value in split_blocks(text):
        if kind == "p":
            body.append(f"<p style=\"text-indent:2em\">{html.escape(value)}</p>")
        else:
            rows = "".join(f"<tr><td>{n}</td><td>{html.escape(item)}</td></tr>" for n, item in value)
            body.append(f"<table border=1><thead><tr><th>序号</th><th>项目</th></tr></thead><tbody>{rows}</tbody></table>")
    charset = "gb2312" if encoding == "gb18030" else encoding
    page = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>政府工作报告_聊城市人民政府</title>
<script>var _hmt = _hmt || []; document.write("统计代码");</script>
<style>.nav {{ color: red }}</style></head>
<body>
<div class="top"><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <a href="/zfxxgk">政府信息公开</a> | <a href="/hdjl">互动交流</a></div>
<div class="nav"><ul><li><a href="/a">机构概况</a></li><li><a href="/b">政策文件</a></li><li><a href="/c">新闻中心</a></li></ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 政府工作报告</div>
<div class="main">
  <div class="info">发布时间：2023-01-20 来源：市政府办公室 浏览次数：1234 【字体：<a>大</a> <a>中</a> <a>小</a>】</div>
  <div id="zoom" class="article">
  {"".join(body)}
  </div>
  <div class="tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
<div class="footer">主办：聊城市人民政府办公室 承办：聊城市大数据局 网站标识码：3715000001 鲁ICP备05001254号</div>
<script src="/js/stat.js"></script>
</body></html>"""
    path.write_bytes(page.encode(encoding))
    return path


def pdf_story(text: str, font_size: float = 11):
    from xml.sax.saxutils import escape

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("body", fontName="STSong-Light", fontSize=font_size, leading=font_size * 1.5,
                           wordWrap="CJK", firstLineIndent=2 * font_size, spaceAfter=font_size * 0.3)
    return [Paragraph(escape(p), style) for p in paragraphs(text)]


def build_pdf(text: str, path: Path, **options) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    def page_number(canvas, doc):
        canvas.setFont("STSong-Light", 9)
        canvas.drawCentredString(A4[0] / 2, 30, f"— {doc.page} —")

    story = pdf_story(text)
    SimpleDocTemplate(str(path), pagesize=A4, **options).build(story, onFirstPage=page_number, onLaterPages=page_number)
    return path


def pdf_bytes(draw) -> bytes:
    """A PDF made by calling ``draw(canvas)`` on a fresh reportlab canvas."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    draw(c)
    c.save()
    return buf.getvalue()
