"""Import: the extraction becomes a report in review; idempotent; atomic; departments linked."""

from __future__ import annotations

import pytest

from duban.web.audit.models import AuditEvent
from duban.web.ledger.importer import ImportError_, import_document, import_upload
from duban.web.ledger.models import Report, Section, Target, Task, UnknownDepartment

from .conftest import TEXT, make_doc

pytestmark = pytest.mark.django_db


def test_it_keeps_the_extraction_and_the_text(imported):
    report = imported.report
    assert report.text == TEXT and report.extraction["schema"] == "duban.extract/1"
    assert report.state == Report.State.REVIEW and report.year == 2023
    assert Section.objects.filter(report=report).count() == 1
    assert Task.objects.filter(report=report, review=Task.Review.PENDING).count() == 5
    t1 = Task.objects.get(report=report, key="t1")
    assert sorted(t1.targets.values_list("metric", flat=True)) == ["城镇新增就业", "新建中小学"]
    assert all(TEXT[g.start:g.end] == g.quote for g in Target.objects.filter(task__report=report))


def test_it_links_lead_departments_through_aliases(imported, departments):
    tasks = {t.list_number: t for t in Task.objects.filter(report=imported.report).exclude(list_name="")}
    assert tasks["1"].lead_department == departments.fgw  # 市发改委
    assert tasks["2"].lead_department == departments.fgw  # 发展改革委
    assert list(tasks["2"].cooperating.all()) == [departments.mzj]


def test_it_queues_unknown_department_names(imported):
    task = Task.objects.get(report=imported.report, list_number="3")
    assert task.lead_department is None and task.lead_department_text == "市停车管理中心"
    assert imported.unknown_departments == ["市停车管理中心"]
    assert UnknownDepartment.objects.filter(name="市停车管理中心", resolved_to__isnull=True).exists()


def test_it_links_waiting_tasks_when_the_office_maps_a_name(imported, people, departments):
    from duban.web.ledger.departments import map_unknown, resolve

    unknown = UnknownDepartment.objects.get(name="市停车管理中心")
    assert map_unknown(unknown, departments.slj, people.office) == 1
    assert Task.objects.get(report=imported.report, list_number="3").lead_department == departments.slj
    assert resolve("停车管理中心") == departments.slj


def test_it_does_not_duplicate_a_reimported_file(imported, people):
    again = import_document(make_doc(), TEXT, people.office)
    assert not again.created and again.report.pk == imported.report.pk
    assert Report.objects.count() == 1 and Task.objects.count() == 5


def test_it_does_not_duplicate_an_uploaded_file_either(people):
    first = import_upload(TEXT.encode("gb18030"), "report.txt", people.office, year=2023)
    second = import_upload(TEXT.encode("utf-8"), "same-report.txt", people.office, year=2023)
    assert first.created and not second.created and Report.objects.count() == 1


def test_it_leaves_nothing_behind_when_an_import_fails(people, monkeypatch):
    from duban.web.ledger import importer

    calls = {"n": 0}
    real_save = Target.save

    def failing_save(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk on fire")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(importer.Target, "save", failing_save)
    events = AuditEvent.objects.count()
    with pytest.raises(RuntimeError):
        import_document(make_doc(), TEXT, people.office)
    assert (Report.objects.count(), Task.objects.count(), Target.objects.count(), Section.objects.count()) == (0, 0, 0, 0)
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("doc_change", "message"),
    [({"schema": "other/1"}, "duban.extract/1"), ({"source": {"name": "x"}}, "sha256")],
    ids=["wrong-schema", "no-sha"],
)
def test_it_refuses_a_malformed_document(people, doc_change, message):
    doc = make_doc() | doc_change
    with pytest.raises(ImportError_, match=message):
        import_document(doc, TEXT, people.office)


def test_it_needs_a_year(people):
    with pytest.raises(ImportError_, match="年份"):
        import_document(make_doc(year=None), TEXT, people.office)


def test_it_refuses_an_empty_upload(people):
    with pytest.raises(ImportError_, match="empty"):
        import_upload(b"", "empty.txt", people.office, year=2023)


def test_it_imports_the_bundled_sample(people):
    from pathlib import Path

    from duban.web.ledger.importer import import_file

    sample = Path(__file__).resolve().parents[3] / "duban" / "samples" / "liaocheng_2023_part2.txt"
    result = import_file(sample, people.office, year=2023)
    assert result.created and result.report.year == 2023
    # Counts follow the extractor; what matters is that every stored span quotes the text.
    for target in Target.objects.filter(task__report=result.report):
        assert result.report.text[target.start:target.end] == target.quote
    assert import_file(sample, people.office, year=2023).created is False
