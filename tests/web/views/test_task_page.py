"""The task page additions: source highlighted in its paragraph, targets with progress bars."""

from __future__ import annotations

import pytest

from duban.web.dashboard.templatetags.task_views import source_segments

pytestmark = pytest.mark.django_db


def test_segments_mark_the_task_and_its_targets():
    text = "一、民生\n前文。完成供热工程，新建管网20公里。后文。\n下一段"
    s = text.index("完成")
    e = text.index("后文")
    q = text.index("新建管网20公里")
    segs = source_segments(text, s, e, [(q, q + len("新建管网20公里"), "管网")])
    assert segs == [("前文。", ""), ("完成供热工程，", "task"), ("新建管网20公里", "target"), ("。", "task"), ("后文。", "")]
    assert "".join(t for t, _ in segs) == "前文。完成供热工程，新建管网20公里。后文。"


def test_bad_offsets_give_no_segments():
    assert source_segments("abc", None, 2, []) == []
    assert source_segments("abc", 2, 9, []) == []


def test_task_page_shows_source_and_progress(login, world):
    from duban.web.ledger.workflow import file_progress, report_types, verify_progress

    heating = world["heating"]
    target = heating.targets.get()
    pr = file_progress(heating, world["rep_a"], department=world["dev"], report_type=report_types()[0],
                       period="2023-06", narrative="进展", figures={target.pk: 5})
    verify_progress(pr, world["office"], pr.version, accept=True)
    html = login(world["rep_a"]).get(f"/tasks/{heating.pk}/").content.decode()
    assert '<mark class="target">新建供热管网20公里</mark>' in html
    assert '<progress max="100" value="25.0">' in html  # 5 of 20 km verified
