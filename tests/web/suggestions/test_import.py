"""Importing the list from the 人大/政协: the CLI's contract, the dry run, per-cell errors,
unit aliases and the unknown-name queue, duplicate 编号, malformed workbooks."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from duban.cli import main

from .conftest import HEADERS, ROWS, workbook

pytestmark = pytest.mark.django_db


def _file(tmp_path, data: bytes, name="list.xlsx"):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def _items():
    from duban.web.suggestions.models import Item

    return Item.objects.order_by("kind", "number")


def test_import_creates_items_with_units_resolved_through_aliases(people, tmp_path, capsys):
    code = main(["suggestions", "import", _file(tmp_path, workbook())])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "created 3 items; refused 0 rows" in out
    items = {i.number: i for i in _items()}
    assert items["101"].lead.name == "市发展改革委"  # 市发改委 is an alias
    assert [c.department.name for c in items["101"].co_units.all()] == ["市民政局"]
    assert items["8"].kind == "proposal" and items["8"].assigned_on == dt.date(2023, 3, 12)
    assert sorted(c.department.name for c in items["8"].co_units.all()) == ["市商务投资促进局", "市民政局"]
    assert items["101"].state == "new" and items["101"].co_signers == "李代表、王代表"
    # The co-unit's opinion is due a month after 交办.
    assert items["101"].co_units.get().deadline == dt.date(2023, 4, 10)


def test_dry_run_writes_nothing(people, tmp_path, capsys):
    code = main(["suggestions", "import", _file(tmp_path, workbook()), "--dry-run"])
    out = capsys.readouterr().out
    assert code == 0 and "would create 3 items" in out and "nothing written" in out
    assert not _items().exists()


def test_an_unknown_unit_refuses_the_file_and_is_queued(people, tmp_path, capsys):
    from duban.web.ledger.models import UnknownDepartment

    rows = [*ROWS, ["103", "建议", "关于建设智慧停车场的建议", "周代表", "", "交通", "", "市停车管理中心", "", "2023-03-10"]]
    code = main(["suggestions", "import", _file(tmp_path, workbook(rows))])
    captured = capsys.readouterr()
    assert code == 1
    assert "created 0 items; refused 1 rows" in captured.out
    # The cell is named: column H (主办单位) of row 6 (title row, header row, then the data).
    assert "H6 主办单位：没有名为“市停车管理中心”的单位" in captured.err
    assert not _items().exists()
    assert UnknownDepartment.objects.filter(name="市停车管理中心").exists()


def test_a_dry_run_does_not_queue_unknown_names(people, tmp_path, capsys):
    from duban.web.ledger.models import UnknownDepartment

    rows = [["1", "建议", "标题", "某代表", "", "", "", "市停车管理中心", "", ""]]
    assert main(["suggestions", "import", _file(tmp_path, workbook(rows)), "--dry-run"]) == 1
    assert not UnknownDepartment.objects.exists()


def test_after_mapping_the_name_the_file_imports(people, tmp_path, capsys):
    from duban.web.ledger.departments import map_unknown
    from duban.web.ledger.models import UnknownDepartment

    rows = [["1", "建议", "标题", "某代表", "", "", "", "市停车管理中心", "", ""]]
    path = _file(tmp_path, workbook(rows))
    assert main(["suggestions", "import", path]) == 1
    map_unknown(UnknownDepartment.objects.get(name="市停车管理中心"), people["depts"]["市水利局"], people["office"])
    assert main(["suggestions", "import", path]) == 0
    assert _items().get().lead.name == "市水利局"


def test_the_same_number_twice_is_one_item(people, tmp_path, capsys):
    rows = [*ROWS, ROWS[0]]
    assert main(["suggestions", "import", _file(tmp_path, workbook(rows))]) == 0
    assert "created 3 items; refused 0 rows; 1 duplicate rows" in capsys.readouterr().out
    assert _items().count() == 3


def test_the_same_number_with_other_content_is_refused(people, tmp_path, capsys):
    other = list(ROWS[0])
    other[2] = "另一个标题"
    assert main(["suggestions", "import", _file(tmp_path, workbook([*ROWS, other]))]) == 1
    err = capsys.readouterr().err
    assert "A6 编号：编号 101 在第3行已出现，且内容不同" in err
    assert not _items().exists()


def test_a_suggestion_and_a_proposal_may_share_a_number(people, tmp_path, capsys):
    rows = [ROWS[0], ["101", "提案", "关于某事的提案", "钱委员", "", "", "", "市民政局", "", "2023-03-10"]]
    assert main(["suggestions", "import", _file(tmp_path, workbook(rows))]) == 0
    assert _items().count() == 2


def test_importing_the_same_file_again_changes_nothing(people, tmp_path, capsys):
    path = _file(tmp_path, workbook())
    assert main(["suggestions", "import", path]) == 0
    assert main(["suggestions", "import", path]) == 0
    assert "created 0 items; refused 0 rows; 0 duplicate rows; 3 already imported" in capsys.readouterr().out
    assert _items().count() == 3


def test_header_variants_in_another_order(people, tmp_path, capsys):
    headers = ["案由", "提案编号", "提案人", "承办单位", "协办单位", "交办时间"]
    rows = [["关于发展夜间经济的提案", "J-12", "钱委员", "市发改委", "市民政局", "2023/3/12"]]
    path = _file(tmp_path, workbook(rows, headers, title=None))
    assert main(["suggestions", "import", path, "--kind", "proposal"]) == 0, capsys.readouterr()
    item = _items().get()
    assert (item.number, item.kind, item.lead.name, item.assigned_on) == ("J-12", "proposal", "市发展改革委",
                                                                          dt.date(2023, 3, 12))


@pytest.mark.parametrize(("row", "cell", "message"), [
    (["", "建议", "标题", "某代表", "", "", "", "市民政局", "", ""], "A2 编号", "请填写编号"),
    (["1", "意见", "标题", "某代表", "", "", "", "市民政局", "", ""], "B2 类型", "应为“建议”或“提案”"),
    (["1", "建议", "", "某代表", "", "", "", "市民政局", "", ""], "C2 标题", "请填写标题"),
    (["1", "建议", "标题", "某代表", "", "", "", "市民政局、市水利局", "", ""], "H2 主办单位", "主办单位只能有一个"),
    (["1", "建议", "标题", "某代表", "", "", "", "市民政局", "民政局", ""], "I2 会办单位", "已是主办单位"),
    (["1", "建议", "标题", "某代表", "", "", "", "市民政局", "", "2023-02-30"], "J2 交办日期", "不存在"),
    (["1", "建议", "标" * 201, "某代表", "", "", "", "市民政局", "", ""], "C2 标题", "标题过长"),
], ids=["no-number", "bad-kind", "no-title", "two-leads", "lead-also-co", "bad-date", "too-long"])
def test_each_bad_cell_is_named(people, tmp_path, capsys, row, cell, message):
    assert main(["suggestions", "import", _file(tmp_path, workbook([row], title=None)), "--dry-run"]) == 1
    err = capsys.readouterr().err
    assert cell in err and message in err, err


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize(("data", "message"), [
    (b"", "文件是空的"),
    (b"number,title\n1,x\n", "不是 Excel 文件"),
    (_zip({"hello.txt": b"not a workbook"}), "无法读取 Excel 文件"),
    (workbook([["1", "x"]], ["序号", "名称"]), "找不到表头"),
    (workbook([], HEADERS), "没有任何数据行"),
], ids=["empty", "csv", "zip-not-xlsx", "no-header", "no-rows"])
def test_a_malformed_workbook_is_one_clear_error(people, tmp_path, capsys, data, message):
    assert main(["suggestions", "import", _file(tmp_path, data)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("duban: error: list.xlsx: ") and message in err, err
    assert not _items().exists()


def test_a_missing_file(people, tmp_path, capsys):
    assert main(["suggestions", "import", str(tmp_path / "nope.xlsx")]) == 2
    assert "No such file" in capsys.readouterr().err


def test_nothing_half_imported_when_a_write_fails(people, monkeypatch):
    from duban.web.suggestions import importer
    from duban.web.suggestions.models import Batch, CoUnit

    calls = {"n": 0}
    real = CoUnit.objects.create

    def failing(**kw):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return real(**kw)

    monkeypatch.setattr(CoUnit.objects, "create", failing)
    with pytest.raises(RuntimeError):
        importer.import_bytes(workbook(), people["office"], name="x")
    assert not _items().exists() and not Batch.objects.exists()


def test_import_is_recorded_in_the_audit_trail(people):
    from duban.web.audit.models import AuditEvent
    from duban.web.suggestions.importer import import_bytes

    import_bytes(workbook(), people["office"], name="2023年建议")
    ev = AuditEvent.objects.get(action="suggestion.imported")
    assert ev.actor == people["office"] and ev.changes["created"] == 3


def test_help_does_not_load_django():
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys; from duban.cli import build_parser; p = build_parser(); "
            "p.parse_args(['suggestions', 'stats']); print('django' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[3], capture_output=True,
                         text=True, timeout=60).stdout
    assert out.strip() == "False"


@pytest.mark.parametrize(("args", "message"), [(["--months", "0"], "--months must be between 1 and 24"),
                                               (["--urgent-days", "999"], "--urgent-days must be between 1 and 365")])
def test_batch_options_are_checked(people, tmp_path, capsys, args, message):
    assert main(["suggestions", "import", _file(tmp_path, workbook()), *args]) == 2
    assert message in capsys.readouterr().err
    assert not _items().exists()


def test_a_batch_sets_the_deadlines(people, tmp_path, capsys):
    from duban.web.suggestions.models import Batch

    assert main(["suggestions", "import", _file(tmp_path, workbook()), "--months", "2", "--urgent-days", "10",
                 "--batch", "2023年建议"]) == 0
    batch = Batch.objects.get()
    assert (batch.name, batch.months, batch.urgent_days, batch.year) == ("2023年建议", 2, 10, 2023)
