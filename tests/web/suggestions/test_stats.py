"""Statistics: the invented sample batch (duban/samples/suggestions_2023.yaml) handled up to the
demo's day (2023-09-26) gives the figures counted by hand from its story; the CLI prints them in
the contract's shape; the page, the Excel export and the briefing show them."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from duban.cli import main
from duban.web.ledger import clock

from .conftest import _user

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2023, 9, 26)

# Counted by hand from the sample's story (S110 is never assigned and so not counted):
# unit: (items, replied_on_time, satisfied, A, B, C, overdue, rated, reopened)
HAND = {
    "市住房和城乡建设局": (1, 1, 1, 1, 0, 0, 0, 1, 0),   # S101 A, on time, 满意
    "市教育和体育局": (1, 1, 1, 0, 1, 0, 0, 1, 0),       # S102 B, on time, 基本满意
    "市民政局": (1, 1, 1, 1, 0, 0, 0, 1, 1),             # S103 C 不满意 → reopened → A 满意; first reply on time
    "市交通运输局": (1, 0, 1, 1, 0, 0, 0, 1, 0),         # S104 sent 06-20 after the 06-10 deadline
    "市生态环境局": (1, 1, 0, 0, 1, 0, 0, 0, 0),         # S105 sent, not rated yet
    "市人力资源社会保障局": (1, 1, 0, 1, 0, 0, 1, 1, 1),  # S106 不满意, reopened to 07-20, not replied: overdue
    "市城市管理局": (2, 0, 1, 1, 0, 0, 1, 1, 0),         # S107 never replied (overdue); P4 returned, sent late, 基本满意
    "市卫生健康委": (1, 0, 0, 0, 0, 0, 0, 0, 0),         # S108 draft only, deadline 10-20
    "市文化和旅游局": (1, 0, 0, 0, 0, 0, 0, 0, 0),       # S109 in review
    "市商务投资促进局": (1, 1, 1, 1, 0, 0, 0, 1, 0),     # P1
    "市农业农村局": (1, 1, 1, 0, 1, 0, 0, 1, 0),         # P2 urgent: due 04-14, sent 04-12
    "市发展改革委": (1, 1, 1, 0, 0, 1, 0, 1, 0),         # P3 C, 满意
}


@pytest.fixture
def sample_batch(db, settings, tmp_path):
    from duban.web.ledger import departments
    from duban.web.ledger.models import Department
    from duban.web.suggestions.sample import load

    settings.MEDIA_ROOT = tmp_path / "private"
    departments.seed()
    clock.set_as_of(AS_OF)
    office = _user("office", "office")
    reporters = {d.pk: _user(f"r{d.pk}", "reporter", d) for d in Department.objects.all()}
    batch = load(office, reporters)
    yield batch
    clock.forget()


def test_the_figures_match_a_hand_count(sample_batch):
    from duban.web.suggestions.stats import overall, unit_stats

    rows = unit_stats(2023)
    got = {r["unit"]: (r["items"], r["replied_on_time"], r["satisfied"], r["classes"]["A"], r["classes"]["B"],
                       r["classes"]["C"], r["overdue"], r["rated"], r["reopened"]) for r in rows}
    assert got == HAND
    total = overall(rows)
    assert (total["items"], total["replied"], total["replied_on_time"], total["rated"], total["satisfied"]) == (13, 10, 8, 9, 8)
    assert total["on_time_rate"] == round(100 * 8 / 13, 1) and total["satisfaction_rate"] == round(100 * 8 / 9, 1)
    assert total["classes"] == {"A": 6, "B": 3, "C": 1}


def test_the_sample_is_in_several_states(sample_batch):
    from collections import Counter

    states = Counter(sample_batch.items.values_list("state", flat=True))
    assert states == {"closed": 8, "sent": 1, "reopened": 1, "handling": 2, "review": 1, "new": 1}
    assert sample_batch.items.filter(disclose=True).count() == 3
    assert sample_batch.items.get(number="S102").ledger_task.deadline == dt.date(2023, 12, 31)


def test_stats_cli_prints_the_contract(sample_batch, capsys):
    assert main(["suggestions", "stats", "--format", "json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["year"] == 2023 and body["total"] == 13
    unit = next(u for u in body["units"] if u["unit"] == "市城市管理局")
    assert unit == {"unit": "市城市管理局", "items": 2, "replied_on_time": 0, "satisfied": 1,
                    "classes": {"A": 1, "B": 0, "C": 0}, "overdue": 1}
    assert sum(u["items"] for u in body["units"]) == body["total"]


def test_stats_cli_csv_and_an_empty_year(sample_batch, capsys):
    assert main(["suggestions", "stats", "--format", "csv", "--year", "2023"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "year,unit,items,replied_on_time,satisfied,A,B,C,overdue"
    assert "2023,市发展改革委,1,1,1,0,0,1,0" in lines and len(lines) == 1 + len(HAND)
    assert main(["suggestions", "stats", "--year", "2019"]) == 0
    assert json.loads(capsys.readouterr().out) == {"year": 2019, "total": 0, "units": []}


def test_the_stats_page_and_export(sample_batch, client):
    from django.contrib.auth.models import User
    from openpyxl import load_workbook

    client.force_login(User.objects.get(username="office"))
    page = client.get("/suggestions/stats/?year=2023").content.decode()
    assert 'id="chart-units"' in page and "suggestions-stats" in page and "S107" in page
    resp = client.get("/suggestions/stats.xlsx?year=2023")
    wb = load_workbook(io.BytesIO(resp.content))
    rows = list(wb["按单位"].iter_rows(min_row=3, values_only=True))
    assert rows[-1][:5] == ("合计", 13, 10, 8, round(100 * 8 / 13, 1))
    assert [r[0] for r in wb["逾期未答复"].iter_rows(min_row=2, values_only=True)] == ["S107", "S106"]  # by deadline


def test_a_unit_sees_only_its_own_figures(sample_batch, client):
    from duban.web.ledger.models import Department

    dept = Department.objects.get(name="市城市管理局")
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username=f"r{dept.pk}"))
    page = client.get("/suggestions/stats/").content.decode()
    assert "市城市管理局" in page and "市住房和城乡建设局" not in page


def test_the_briefing_has_a_section(sample_batch):
    from duban.web.briefing.data import gather
    from duban.web.ledger.models import Task

    data = gather(Task.objects.all(), "2023-09", today=AS_OF)
    s = data.suggestions
    assert s is not None and s.year == 2023
    assert s.sentences[0].startswith("2023年共交办建议提案 13 件，已答复 10 件，其中按期答复 8 件")
    assert any("逾期未答复 2 件" in x for x in s.sentences)
    from duban.web.briefing.docx_writer import write_docx

    raw = write_docx(data)
    import docx

    text = "\n".join(p.text for p in docx.Document(io.BytesIO(raw)).paragraphs)
    assert "四、建议提案办理情况" in text and "五、下一步工作" in text
