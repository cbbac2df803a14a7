"""The December briefing carries the year's ranking; other months do not."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document

pytestmark = pytest.mark.django_db


def _text(raw: bytes) -> str:
    doc = Document(io.BytesIO(raw))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_december_briefing_has_the_ranking(world):
    from duban.web.assessment.scoring import assess
    from duban.web.briefing.data import gather
    from duban.web.briefing.docx_writer import write_docx
    from duban.web.ledger import clock
    from duban.web.ledger.models import Task

    clock.set_as_of(dt.date(2024, 1, 5))
    data = gather(Task.objects.all(), "2023-12")
    ranking = [(d.rank, d.department.name, d.score) for d in assess(2023).departments]
    assert [(r["rank"], r["department"], r["score"]) for r in data.assessment] == ranking
    text = _text(write_docx(data))
    assert "四、年度考核" in text and "五、下一步工作" in text and "test.1" in text
    assert text.index(ranking[0][1], text.index("四、年度考核")) < text.index(ranking[-1][1], text.index("四、年度考核"))


def test_other_months_have_no_assessment(world):
    from duban.web.briefing.data import gather
    from duban.web.briefing.docx_writer import write_docx
    from duban.web.ledger.models import Task

    data = gather(Task.objects.all(), "2023-03")
    assert data.assessment == [] and not data.assessment_note
    text = _text(write_docx(data))
    assert "年度考核" not in text and "四、下一步工作" in text
