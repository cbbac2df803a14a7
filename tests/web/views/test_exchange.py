"""Excel: ledger export layout and escaping, the department template round trip."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from duban.web.exchange.workbook import LEDGER_HEADERS, STATUS_FILLS

pytestmark = pytest.mark.django_db


def _sheet(data: bytes, name=None):
    wb = load_workbook(io.BytesIO(data))
    return wb[name] if name else wb.active


def test_export_has_the_office_layout_and_colours(login, world):
    resp = login(world["office"]).get("/exchange/ledger.xlsx")
    assert resp.status_code == 200
    assert "spreadsheetml" in resp["Content-Type"]
    ws = _sheet(resp.content)
    assert tuple(c.value for c in ws[3]) == LEDGER_HEADERS
    rows = {r[1].value: r for r in ws.iter_rows(min_row=4)}
    heating = rows["完成南部城区供热工程，新建供热管网20公里。"]
    assert heating[2].value == "新建供热管网20公里"
    assert heating[3].value == "市发展改革委"
    assert heating[5].value == "2023-06-01"
    assert heating[7].value.startswith("红色")
    assert heating[7].fill.fgColor.rgb.endswith(STATUS_FILLS["red"])
    schools = rows["新建中小学12所。"]
    assert schools[4].value == "市发展改革委"  # co-operating
    assert schools[7].fill.fgColor.rgb.endswith(STATUS_FILLS["yellow"])


def test_export_escapes_formula_like_text(login, world):
    t = world["jobs"]
    t.text = "=HYPERLINK(\"http://evil\",\"点我\")"
    t.save()
    d = world["dev"]
    d.name = "+市发展改革委"
    d.save()
    ws = _sheet(login(world["office"]).get("/exchange/ledger.xlsx").content)
    cells = [c for row in ws.iter_rows(min_row=4) for c in row if isinstance(c.value, str)]
    risky = [c for c in cells if c.value[:1] in "=+-@"]
    assert {c.value for c in risky} >= {"=HYPERLINK(\"http://evil\",\"点我\")", "+市发展改革委"}
    for c in risky:
        assert c.data_type == "s", c.coordinate  # a text cell, never a formula
        assert c.quotePrefix, c.coordinate


def test_a_reporter_exports_only_own_tasks(login, world):
    ws = _sheet(login(world["rep_b"]).get("/exchange/ledger.xlsx").content)
    contents = [r[1].value for r in ws.iter_rows(min_row=4)]
    assert contents == ["新建中小学12所。"]


def _template(client, period="2023-06"):
    resp = client.get(f"/exchange/template.xlsx?period={period}")
    assert resp.status_code == 200
    return load_workbook(io.BytesIO(resp.content))


def _upload(client, wb, name="filled.xlsx"):
    buf = io.BytesIO()
    wb.save(buf)
    buf.name = name
    buf.seek(0)
    return client.post("/exchange/import/", {"file": buf})


def _fill(ws, task_id, value=None, narrative=None):
    for row in ws.iter_rows(min_row=4):
        if row[0].value == task_id:
            if value is not None:
                row[5].value = value
            if narrative is not None:
                row[6].value = narrative
            return
    raise AssertionError(f"task {task_id} not in template")


def test_template_lists_the_department_tasks(login, world):
    wb = _template(login(world["rep_a"]))
    ws = wb["进度填报"]
    ids = {r[0].value for r in ws.iter_rows(min_row=4)}
    assert ids == {world["heating"].pk, world["schools"].pk, world["jobs"].pk}
    assert ws["E2"].value == "2023-06" and ws["B2"].value == "市发展改革委"


def test_round_trip_preview_then_confirm(login, world):
    from duban.web.ledger.models import ProgressReport

    client = login(world["rep_a"])
    wb = _template(client)
    ws = wb["进度填报"]
    _fill(ws, world["heating"].pk, value="１２", narrative="已完成管网12公里")
    resp = _upload(client, wb)
    assert resp.status_code == 302
    preview = client.get(resp["Location"])
    html = preview.content.decode()
    assert "新报送" in html and "确认导入" in html
    assert not ProgressReport.objects.exists()  # the dry run wrote nothing
    confirm_url = resp["Location"] + "confirm/"
    done = client.post(confirm_url)
    assert done.status_code == 302
    pr = ProgressReport.objects.get()
    assert pr.task == world["heating"] and pr.period == "2023-06" and pr.state == "filed"
    assert pr.figures.get().value == 12.0


def test_errors_come_back_per_cell_and_nothing_is_imported(login, world):
    from duban.web.ledger.models import ProgressReport

    client = login(world["rep_a"])
    wb = _template(client)
    ws = wb["进度填报"]
    _fill(ws, world["heating"].pk, value="十二公里", narrative="进展")
    _fill(ws, world["jobs"].pk, value=30000, narrative="新增就业3万人")  # valid row
    ws.append([world["edu"].pk * 0 + 999999, None, "别人的任务", "", "", 1, "x"])
    resp = _upload(client, wb)
    html = client.get(resp["Location"]).content.decode()
    assert "不是数字" in html
    assert "任务编号 999999 不存在或不属于本单位" in html
    assert "确认导入" not in html
    refused = client.post(resp["Location"] + "confirm/", follow=True)
    assert "未导入任何数据" in refused.content.decode()
    assert not ProgressReport.objects.exists()


def test_another_departments_task_is_refused(login, world):
    client = login(world["rep_b"])
    wb = _template(client)
    ws = wb["进度填报"]
    ws.append([world["heating"].pk, None, "x", "", "", None, "冒充报送"])
    html = client.get(_upload(client, wb)["Location"]).content.decode()
    assert f"任务编号 {world['heating'].pk} 不存在或不属于本单位" in html


@pytest.mark.parametrize(
    "payload, message",
    [
        (b"", "请选择要上传的 Excel 文件"),
        (b"not a spreadsheet", "不是 Excel 文件"),
    ],
)
def test_unusable_files_get_a_clear_message(login, world, payload, message):
    client = login(world["rep_a"])
    buf = io.BytesIO(payload)
    buf.name = "x.xlsx"
    resp = client.post("/exchange/import/", {"file": buf} if payload else {}, follow=True)
    assert message in resp.content.decode()


def test_a_foreign_workbook_is_refused(login, world):
    from openpyxl import Workbook

    client = login(world["rep_a"])
    resp = _upload(client, Workbook())
    assert "找不到工作表" in client.get(resp["Location"]).content.decode()


def test_the_office_cannot_download_a_department_template(login, world):
    assert login(world["office"]).get("/exchange/template.xlsx").status_code == 403


def test_a_leader_cannot_upload(login, world):
    assert login(world["leader"]).post("/exchange/import/").status_code == 403


def test_someone_elses_pending_import_is_hidden(login, world, client):
    from duban.web.exchange.models import PendingImport

    p = PendingImport.objects.create(user=world["rep_a"], name="x.xlsx", data=b"x", sha256="0")
    client.force_login(world["rep_b"])
    assert client.get(f"/exchange/import/{p.pk}/").status_code == 404
    assert client.post(f"/exchange/import/{p.pk}/confirm/").status_code == 404


def test_export_progress_shows_the_latest_verified_report(login, world):
    from duban.web.ledger.workflow import file_progress, report_types, verify_progress

    heating = world["heating"]
    target = heating.targets.get()
    rtype = report_types()[0]
    for period, value, accept in (("2023-04", 5, True), ("2023-05", 9, True), ("2023-06", 99, False)):
        pr = file_progress(heating, world["rep_a"], department=world["dev"], report_type=rtype, period=period,
                           narrative=f"{period} 进展", figures={target.pk: value})
        verify_progress(pr, world["office"], pr.version, accept=accept, reason="" if accept else "数据不实")
    ws = _sheet(login(world["office"]).get("/exchange/ledger.xlsx").content)
    row = next(r for r in ws.iter_rows(min_row=4) if r[1].value.startswith("完成南部城区供热工程"))
    progress = row[6].value
    assert progress.startswith("2023-05：2023-05 进展（新建供热管网 9公里）")  # returned 99 never counts
    assert "核实进度 45%" in progress


def test_a_zip_bomb_is_refused_before_it_is_unpacked(login, world):
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
    buf.name = "bomb.xlsx"
    buf.seek(0)
    assert len(buf.getvalue()) < 1024 * 1024
    resp = login(world["rep_a"]).post("/exchange/import/", {"file": buf}, follow=True)
    assert "解压后超过" in resp.content.decode()


def test_a_returned_report_comes_back_filled_in_and_is_refiled(login, world):
    from duban.web.ledger.models import ProgressReport
    from duban.web.ledger.workflow import file_progress, report_types, verify_progress

    heating = world["heating"]
    target = heating.targets.get()
    pr = file_progress(heating, world["rep_a"], department=world["dev"], report_type=report_types()[0],
                       period="2023-06", narrative="完成管网7公里", figures={target.pk: 7})
    verify_progress(pr, world["office"], pr.version, accept=False, reason="请附验收单")
    client = login(world["rep_a"])
    wb = _template(client)
    ws = wb["进度填报"]
    row = next(r for r in ws.iter_rows(min_row=4) if r[0].value == heating.pk)
    assert row[5].value == 7 and row[6].value == "完成管网7公里"
    row[6].value = "完成管网7公里，验收单已补"
    resp = _upload(client, wb)
    assert "修改退回的报告" in client.get(resp["Location"]).content.decode()
    client.post(resp["Location"] + "confirm/")
    pr = ProgressReport.objects.get(pk=pr.pk)
    assert pr.state == "filed" and pr.narrative.endswith("验收单已补")
