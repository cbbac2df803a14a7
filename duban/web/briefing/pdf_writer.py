"""The briefing as PDF: an HTML template printed by WeasyPrint.

The text is set in Noto CJK (Debian's fonts-noto-cjk), which WeasyPrint finds
through fontconfig; the chart is embedded as SVG, so it stays sharp in print.
"""

from __future__ import annotations

import base64

from django.template.loader import render_to_string

from .chart import cjk_font_path, department_chart
from .data import BriefingData, deliver
from .text import next_steps, summary_sentences

__all__ = ["write_pdf", "render_html", "FontMissing"]


class FontMissing(RuntimeError):
    """No CJK font is installed: the PDF would show empty boxes instead of Chinese."""


def render_html(data: BriefingData) -> str:
    svg = department_chart(data.departments, fmt="svg")
    return render_to_string("briefing/briefing_pdf.html", {
        "d": data,
        "summary": summary_sentences(data),
        "next_steps": next_steps(data),
        "chart_src": "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii"),
    })


def write_pdf(data: BriefingData, out=None) -> bytes:
    if cjk_font_path() is None:
        raise FontMissing("未安装中文字体（Debian 软件包 fonts-noto-cjk），无法生成 PDF")
    from weasyprint import HTML

    raw = HTML(string=render_html(data)).write_pdf()
    return deliver(raw, out)
