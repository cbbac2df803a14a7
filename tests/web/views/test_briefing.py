"""Briefings: Word and PDF files read back, the job page, period errors."""

from __future__ import annotations

import io

import pytest

pytestmark = pytest.mark.django_db


def _make(client, period="2023-06", fmt="docx"):
    resp = client.post("/briefing/new/", {"period": period, "fmt": fmt})
    assert resp.status_code == 302, resp.content
    return resp["Location"]


def test_docx_briefing_reads_back(login, world):
    from docx import Document

    client = login(world["office"])
    job_url = _make(client)
    status = client.get(job_url + "status.json").json()
    assert status["state"] == "done" and status["percent"] == 100
    resp = client.get(status["download"])
    assert resp.status_code == 200
    doc = Document(io.BytesIO(resp.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    table_text = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "督查通报" in text and "2023-06" in text
    assert "一、总体情况" in text and "二、红色预警任务" in text
    assert "共有重点任务3项" in text
    assert "完成南部城区供热工程" in table_text  # red, under its department
    assert "新建中小学12所" in table_text  # yellow
    assert len(doc.inline_shapes) == 1  # the chart


def test_pdf_briefing_reads_back(login, world):
    from pypdf import PdfReader

    client = login(world["office"])
    status = client.get(_make(client, fmt="pdf") + "status.json").json()
    assert status["state"] == "done", status
    resp = client.get(status["download"])
    assert resp["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(resp.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "督查通报" in text
    assert "红色预警任务" in text
    assert "完成南部城区供热工程" in text
    fonts = {str(f.get_object().get("/BaseFont")) for p in reader.pages
             for f in (p.get("/Resources", {}).get("/Font", {}) or {}).values()}
    assert any("CJK" in f for f in fonts), fonts  # Chinese set in Noto CJK, not missing glyphs


@pytest.mark.parametrize("period, message", [("2023-13", "格式应为 YYYY-MM"), ("2999-01", "还没有开始"), ("", "格式应为 YYYY-MM")])
def test_bad_periods_are_refused_with_a_message(login, world, period, message):
    resp = login(world["office"]).post("/briefing/new/", {"period": period, "fmt": "docx"}, follow=True)
    assert message in resp.content.decode()


def test_unknown_format_is_refused(login, world):
    resp = login(world["office"]).post("/briefing/new/", {"period": "2023-06", "fmt": "rtf"}, follow=True)
    assert "不支持的格式" in resp.content.decode()


def test_only_the_office_makes_briefings(login, world):
    assert login(world["leader"]).post("/briefing/new/", {"period": "2023-06", "fmt": "docx"}).status_code == 403
    assert login(world["rep_a"]).get("/briefing/").status_code == 403


def test_job_page_shows_progress_and_a_failed_job_says_why(login, world, monkeypatch):
    from duban.web.briefing import jobs

    def boom(*args, **kwargs):
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(jobs, "build", boom)
    client = login(world["office"])
    job_url = _make(client)
    page = client.get(job_url).content.decode()
    assert 'id="job-progress"' in page
    status = client.get(job_url + "status.json").json()
    assert status["state"] == "failed" and "磁盘已满" in status["message"]
    assert client.get(job_url + "download/").status_code == 409


def test_a_past_period_uses_the_statuses_of_that_time(world):
    import datetime as dt

    from django.utils import timezone

    from duban.web.briefing.data import gather
    from duban.web.ledger.models import StatusChange, Task

    # Rewrite the flips into 2023 so that "end of May" comes before the heating task turned red.
    StatusChange.objects.filter(task=world["heating"]).update(at=timezone.make_aware(dt.datetime(2023, 6, 2)))
    StatusChange.objects.exclude(task=world["heating"]).update(at=timezone.make_aware(dt.datetime(2023, 6, 30)))
    may = gather(Task.objects.all(), "2023-05", today=dt.date(2023, 7, 1))
    june = gather(Task.objects.all(), "2023-06", today=dt.date(2023, 7, 1))
    assert may.counts == {"normal": 3}
    assert june.counts["red"] == 1 and june.red_count == 1


@pytest.mark.django_db(transaction=True)
def test_a_briefing_builds_in_the_background(world, settings, client):
    """The server path: the job row commits, a thread builds the file, the page polls."""
    import time

    settings.BRIEFING_INLINE = False
    client.force_login(world["office"])
    job_url = _make(client)
    deadline = time.monotonic() + 60
    status = client.get(job_url + "status.json").json()
    seen = {status["state"]}
    while status["state"] not in ("done", "failed") and time.monotonic() < deadline:
        time.sleep(0.2)
        status = client.get(job_url + "status.json").json()
        seen.add(status["state"])
    assert status["state"] == "done", status
    assert client.get(status["download"]).status_code == 200
