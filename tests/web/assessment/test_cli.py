"""``duban assess``: the JSON contract, the workbook, and clear refusals."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook

from duban.cli import main

pytestmark = pytest.mark.django_db


def test_json_contract(world, capsys):
    assert main(["assess", "--year", "2023", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["year"] == 2023 and doc["rubric_version"] == "test.1"
    assert [(d["department"], d["rank"], d["score"]) for d in doc["departments"]] == [
        ("市教育和体育局", 1, 92.72), ("市发展改革委", 2, 67.15), ("市住房和城乡建设局", 3, 61.67), ("市民政局", 4, 27.5)]
    for d in doc["departments"]:
        assert abs(sum(c["score"] * c["weight"] for c in d["components"].values()) - d["score"]) < 0.006
        for c in d["components"].values():
            assert 0 <= c["score"] <= 100 and {"score", "weight", "inputs", "tasks"} <= set(c)


def test_xlsx_agrees_with_the_ranking(world, tmp_path, capsys):
    out = tmp_path / "a.xlsx"
    assert main(["assess", "--year", "2023", "--format", "xlsx", "-o", str(out)]) == 0
    ws = load_workbook(io.BytesIO(out.read_bytes())).active
    header = [c.value for c in ws[2]]
    assert header[0] == "单位" and header[-3:] == ["总分", "排名", "说明"] and "目标完成" in header
    rows = {r[0]: r for r in ws.iter_rows(min_row=3, values_only=True)}
    assert rows["市发展改革委"][header.index("总分")] == 67.15 and rows["市发展改革委"][header.index("排名")] == 2
    assert rows["市民政局"][header.index("退回与重报")] == "—"
    assert "未计入" in rows["市民政局"][-1]


@pytest.mark.parametrize("argv, message", [
    (["assess", "--year", "2024"], "尚未开始"),
    (["assess", "--year", "1999"], "between 2000 and 2100"),
    (["assess", "--year", "2023", "--format", "xlsx"], "needs -o"),
    (["assess", "--year", "2023", "--format", "xlsx", "-o", "a.csv"], ".xlsx"),
    (["assess", "--year", "2019"], "没有适用于 2019 年"),
])
def test_refusals_exit_2_with_one_line(world, capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
