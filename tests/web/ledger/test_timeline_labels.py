"""Nothing raw on a task's timeline: every kind of entry (created, each changed field, report
filed, verified, returned, refiled, status changed) is shown by its labels, in Chinese and in
English."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import translation

from duban.web.ledger.models import Task
from duban.web.ledger.timeline import task_timeline
from duban.web.ledger.workflow import (
    assign_task,
    file_progress,
    refile_progress,
    report_types,
    set_published,
    verify_progress,
)

from .conftest import client_for

pytestmark = pytest.mark.django_db

# Codes that must never reach the page as a value: review states, decisions, report types,
# statuses, booleans (the English words "overdue" or "filed" in a label are fine).
RAW = re.compile(r"(?:：|: |→ |（|\()(pending|active|dropped|accept|return|regular|problem|overdue|normal|yellow|red|"
                 r"blue|done|True|False|None|filed|verified|returned)\b")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _every_kind_of_entry(ledger) -> Task:
    people, deps = ledger.people, ledger.departments
    task = Task.objects.get(pk=ledger.t1.pk)
    assign_task(task, people.office, task.version, lead=deps.mzj, cooperating=[deps.fgw, deps.slj],
                deadline=dt.date(2023, 11, 30), title="改过的标题")
    task.refresh_from_db()
    set_published(task, people.office, task.version, True)
    types = {t.code: t for t in report_types()}
    targets = {t.pk: t.value for t in task.targets.all()}
    regular = file_progress(task, people.coop, department=deps.mzj, report_type=types["regular"], period="2023-03",
                            narrative="三月进展", figures={pk: v for pk, v in targets.items()})
    file_progress(task, people.coop, department=deps.mzj, report_type=types["problem"], period="2023-03",
                  narrative="遇到的问题")
    verify_progress(regular, people.office, regular.version, accept=False, reason="数字不对")
    regular.refresh_from_db()
    refile_progress(regular, people.coop, regular.version, narrative="改正后的三月进展",
                    figures={pk: v for pk, v in targets.items()})
    regular.refresh_from_db()
    verify_progress(regular, people.office, regular.version, accept=True)  # all targets met: done
    return task


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_timeline_entry_is_shown_by_its_labels(ledger, language):
    task = _every_kind_of_entry(ledger)
    with translation.override(language):
        entries = task_timeline(task)
        text = "\n".join(f"{e.who} {e.what} {e.detail}" for e in entries)
    kinds = {"created", "changed", "filed", "verified", "returned", "status"}
    words = {
        "zh-hans": {"created": "创建条目", "changed": "修改任务", "filed": "报送 2023-03 进度报告（常规进展）",
                    "verified": "核实通过（2023-03）", "returned": "退回进度报告（2023-03）", "status": "状态："},
        "en": {"created": "Item created", "changed": "Task changed", "filed": "filed the 2023-03 progress report (Regular progress)",
               "verified": "Verified (2023-03)", "returned": "Report returned (2023-03)", "status": "Status:"},
    }[language]
    for kind in kinds:
        assert words[kind] in text, (kind, text)
    assert not RAW.search(text), RAW.search(text).group(0)
    changed = next(e.detail for e in entries if e.what == words["changed"] and "→" in e.detail and "2023-11-30" in e.detail)
    assert "2023-12-31 → 2023-11-30" in changed
    if language == "en":
        assert "Public: no → yes" in text
        assert "Review state: Pending → In the ledger" in text
        labels = " ".join(e.what.replace(str(e.what).split(" filed ")[0], "") if " filed " in e.what else e.what
                          for e in entries)
        assert not CJK.search(labels), labels
    else:
        assert "公开：否 → 是" in text and "审核状态：待确认 → 已入账" in text


def test_the_task_page_shows_the_labels_not_the_codes(ledger):
    task = _every_kind_of_entry(ledger)
    html = client_for(ledger.people.office).get(f"/tasks/{task.pk}/").content.decode()
    timeline = html[html.index('id="timeline"'):]
    timeline = timeline[:timeline.index("</ul>")]
    assert "审核状态：待确认 → 已入账" in timeline and not RAW.search(timeline)
