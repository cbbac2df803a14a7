"""The rubric as data: the bundled file is valid, bad files are refused with a clear message,
a closed year keeps its version and refuses an edited one, the rubric page is public."""

from __future__ import annotations

import pytest

from duban.web.assessment import rubric as rubric_mod
from duban.web.assessment.rubric import RubricChanged, RubricError, load_versions

from .conftest import FIXTURES, client_for

GOOD = (FIXTURES / "rubric_hand.yaml").read_text(encoding="utf-8")


def test_bundled_rubric_is_valid():
    versions = load_versions(rubric_mod.BUNDLED)
    assert versions and all(r.weighted for r in versions)
    assert set(versions[-1].components) <= set(rubric_mod.COMPONENT_PARAMS)


@pytest.mark.parametrize("change, message", [
    (("weight: 40", "weight: -1"), "outside"),
    (("completion:", "completeness:"), "unknown component"),
    (("cap: 100}", "cap: 100, bonus: 3}"), "unknown parameter"),
    (("years: {from: 2023, to: 2024}", "years: {from: 2025, to: 2024}"), "is after"),
    (("normal: 100, ", ""), "status_time.points"),
    (("count_no_verified: false", "count_no_verified: 1"), "true or false"),
])
def test_bad_rubrics_are_refused(tmp_path, change, message):
    path = tmp_path / "r.yaml"
    path.write_text(GOOD.replace(*change), encoding="utf-8")
    with pytest.raises(RubricError, match=message):
        load_versions(path)


def test_unreadable_and_duplicate(tmp_path):
    with pytest.raises(RubricError, match="cannot read"):
        load_versions(tmp_path / "missing.yaml")
    path = tmp_path / "r.yaml"
    path.write_text("versions: [", encoding="utf-8")
    with pytest.raises(RubricError, match="not valid YAML"):
        load_versions(path)
    body = GOOD.split("versions:\n", 1)[1]
    path.write_text("versions:\n" + body + body, encoding="utf-8")
    with pytest.raises(RubricError, match="appears twice"):
        load_versions(path)


def test_fingerprint_ignores_layout_but_not_content(tmp_path):
    a, b, c = tmp_path / "a.yaml", tmp_path / "b.yaml", tmp_path / "c.yaml"
    a.write_text(GOOD, encoding="utf-8")
    b.write_text("# a comment\n" + GOOD.replace("{weight: 20, late_credit: 0.5}", "{late_credit: 0.5,   weight: 20}"), encoding="utf-8")
    c.write_text(GOOD.replace("late_credit: 0.5", "late_credit: 0.6"), encoding="utf-8")
    fa, fb, fc = (load_versions(p)[0].fingerprint for p in (a, b, c))
    assert fa == fb != fc


def test_closed_year_keeps_its_version_and_refuses_an_edit(world, settings, tmp_path):
    from duban.web.assessment.models import ClosedYear
    from duban.web.assessment.scoring import assess
    from duban.web.assessment.services import AssessmentError, add_adjustment, close_year
    from duban.web.audit.models import AuditEvent

    path = tmp_path / "r.yaml"
    path.write_text(GOOD, encoding="utf-8")
    settings.ASSESSMENT_RUBRIC_FILE = path
    close_year(world.people.office, year=2023)
    assert ClosedYear.objects.get(year=2023).rubric_version == "test.1"
    assert AuditEvent.objects.filter(action="assessment.closed").count() == 1
    before = assess(2023).as_json()
    # Editing the closed version's weights is refused…
    path.write_text(GOOD.replace("completion: {weight: 40", "completion: {weight: 60"), encoding="utf-8")
    with pytest.raises(RubricChanged, match="关账"):
        assess(2023)
    # …a new version covering the year is not used until the office closes the year with it.
    body = GOOD.split("versions:\n", 1)[1]
    path.write_text("versions:\n" + body + body.replace('"test.1"', '"test.2"').replace("completion: {weight: 40",
                                                                                          "completion: {weight: 60"),
                    encoding="utf-8")
    assert assess(2023).as_json() == before
    with pytest.raises(AssessmentError, match="已按考核细则 test.1 关账"):
        close_year(world.people.office, year=2023, rubric_version="test.1")
    close_year(world.people.office, year=2023, rubric_version="test.2")
    after = assess(2023)
    assert after.rubric.version == "test.2" and after.as_json() != before
    # A closed year takes no more adjustments.
    with pytest.raises(AssessmentError, match="已关账"):
        add_adjustment(world.people.office, year=2023, department=world.depts.a, points="1", reason="迟到的加分")


def test_adjustment_needs_a_reason_and_a_number(world):
    from duban.web.assessment.services import AssessmentError, add_adjustment
    from duban.web.audit.models import AuditEvent

    for points, reason, message in (("2", "  ", "理由"), ("abc", "x", "不是数字"), ("0", "x", "非零"), ("1.234", "x", "两位小数"),
                                    ("1e3", "x", "绝对值")):
        with pytest.raises(AssessmentError, match=message):
            add_adjustment(world.people.office, year=2023, department=world.depts.a, points=points, reason=reason)
    events = AuditEvent.objects.filter(action="assessment.adjusted")
    assert events.count() == 2  # the two of the world, each with its reason
    assert {e.changes["reason"] for e in events} == {"督查发现台账数据不实", "获省级表彰"}


def test_rubric_page_is_public_in_both_languages(world):
    page = client_for(None).get("/assessment/rubric/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "考核细则" in body and "test.1" in body and "目标完成" in body and "建议提案办理" in body
    c = client_for(None)
    c.cookies["django_language"] = "en"
    en = c.get("/assessment/rubric/")
    assert "Target completion" in en.content.decode()
