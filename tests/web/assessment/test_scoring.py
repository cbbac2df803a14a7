"""The small ledger of conftest.py scored by hand: every expected number is worked out below.

Rubric (tests/fixtures/assessment/rubric_hand.yaml): completion 40, timeliness 20,
status_time 20, returns 10, suggestions 10 (module not installed: inactive), review 10
(no 2024 report yet: inactive), adjustments cap 5 → weight 2·5/100 = 0.1, the active weighted
components share 0.9 in proportion to their weights.
"""

from __future__ import annotations

import pytest

from duban.web.assessment.scoring import assess

pytestmark = pytest.mark.django_db


def _by_name(a):
    return {d.department.name: d for d in a.departments}


def test_department_a_by_hand(world):
    a = _by_name(assess(2023))["市发展改革委"]
    c = {x.key: x for x in a.components}
    # completion: GDP 6.2 against "6% 左右" → 100 (capped); jobs 36000 / 45000 → 80; mean 90.
    assert c["completion"].score == 90.0
    # timeliness: Jan on time, Feb first filed 03-01 (late, the refile on 03-03 does not hide it)
    # counts 0.5, Mar missing (due 03-25; the task is overdue, not done); (1 + 0.5) / 3.
    assert c["timeliness"].score == 50.0
    assert c["timeliness"].result.inputs == {"expected": 3, "on_time": 1, "late": 1, "missing": 1, "late_credit": 0.5}
    # status: 01-02..02-09 normal 39 days, 02-10..03-19 yellow 38, 03-20..04-10 red 22 (overdue
    # days count); (39·100 + 38·60 + 22·0) / 99 = 6180 / 99 = 62.4242…
    assert c["status_time"].result.inputs["task_days"] == 99
    assert (c["status_time"].result.inputs["days_normal"], c["status_time"].result.inputs["days_yellow"],
            c["status_time"].result.inputs["days_red"]) == (39, 38, 22)
    assert c["status_time"].score == 62.42
    # returns: 3 decisions (accept, return, accept), 1 return → 2/3.
    assert c["returns"].score == 66.67
    assert c["returns"].result.inputs == {"decisions": 3, "returns": 1, "refiled": 1}
    # adjustments: −3 → 50 + 50·(−3)/5 = 20.
    assert c["adjustments"].score == 20.0
    assert {k: x.weight for k, x in c.items()} == {"completion": 0.4, "timeliness": 0.2, "status_time": 0.2, "returns": 0.1,
                                                   "adjustments": 0.1}
    # 0.4·90 + 0.2·50 + 0.2·62.42 + 0.1·66.67 + 0.1·20 = 36 + 10 + 12.484 + 6.667 + 2 = 67.151
    assert a.score == 67.15
    assert set(a.inactive) == {"suggestions", "review_consistency"}


def test_department_b_by_hand(world):
    b = _by_name(assess(2023))["市教育和体育局"]
    c = {x.key: x for x in b.components}
    # completion: schools 12/12 → 100, places 13000/15000 → 86.667; mean 93.333.
    assert c["completion"].score == 93.33
    assert c["timeliness"].score == 100.0  # 01-24, 02-20, 03-25 (the due day itself is on time)
    # status: normal 30 + 49 = 79 days, yellow 20; (7900 + 1200) / 99 = 91.919…
    assert c["status_time"].score == 91.92
    assert c["returns"].score == 100.0
    assert c["adjustments"].score == 70.0  # +2 → 50 + 20
    # 0.4·93.33 + 0.2·100 + 0.2·91.92 + 0.1·100 + 0.1·70 = 37.332 + 20 + 18.384 + 10 + 7 = 92.716
    assert b.score == 92.72


def test_departments_c_and_d_by_hand(world):
    rows = _by_name(assess(2023))
    c = {x.key: x for x in rows["市住房和城乡建设局"].components}
    # completion: 老旧小区 no figure → 0, parking 2100/2000 → capped 100; mean 50.
    assert c["completion"].score == 50.0
    assert c["timeliness"].score == 33.33  # Feb on time (02-25), Jan and Mar missing
    assert c["status_time"].score == 100.0
    assert c["returns"].score == 100.0
    assert c["adjustments"].score == 50.0  # no adjustment: the middle
    # 0.4·50 + 0.2·33.33 + 0.2·100 + 0.1·100 + 0.1·50 = 20 + 6.666 + 20 + 10 + 5 = 61.666
    assert rows["市住房和城乡建设局"].score == 61.67
    d = rows["市民政局"]
    # No verification decision: returns does not apply, and completion 40, timeliness 20,
    # status 20 share the 0.9: 0.45, 0.225, 0.225.
    assert "returns" in d.inactive
    assert {x.key: x.weight for x in d.components} == {"completion": 0.45, "timeliness": 0.225, "status_time": 0.225,
                                                       "adjustments": 0.1}
    # 0.45·0 + 0.225·0 + 0.225·100 + 0.1·50 = 27.5
    assert d.score == 27.5


def test_ranking_and_contract(world):
    a = assess(2023)
    assert [(d.department.name, d.rank) for d in a.departments] == [
        ("市教育和体育局", 1), ("市发展改革委", 2), ("市住房和城乡建设局", 3), ("市民政局", 4)]
    doc = a.as_json()
    assert doc["year"] == 2023 and doc["rubric_version"] == "test.1"
    for row in doc["departments"]:
        assert 0 <= row["score"] <= 100
        total = sum(c["score"] * c["weight"] for c in row["components"].values())
        assert abs(total - row["score"]) < 0.006
        assert abs(sum(c["weight"] for c in row["components"].values()) - 1) < 1e-6
    # The department without tasks of its own (市水利局) is not ranked.
    assert "市水利局" not in {d["department"] for d in doc["departments"]}


def test_components_link_to_their_tasks(world):
    a = _by_name(assess(2023))["市发展改革委"]
    assert a.as_json()["components"]["completion"]["tasks"] == [world.tasks["t2"].pk]
    assert a.component("returns").result.rows[0]["reason"] == "就业人数口径有误"


def test_adjustment_cap(world):
    from duban.web.assessment.services import add_adjustment

    add_adjustment(world.people.office, year=2023, department=world.depts.b, points="7.5", reason="重大专项")
    b = _by_name(assess(2023))["市教育和体育局"]
    # net 9.5 counts as the cap 5: the component is 100, the total gains 3 points over 92.72.
    assert b.component("adjustments").result.inputs["counted"] == 5.0
    assert b.score == 95.72


def test_equal_scores_share_a_rank(world, settings):
    from duban.web.assessment.scoring import _rank

    rows = [type("R", (), {"score": s, "rank": 0})() for s in (90.0, 80.0, 80.0, 70.0)]
    _rank(rows)
    assert [r.rank for r in rows] == [1, 2, 2, 4]


def test_suggestions_component_plugs_in(world, monkeypatch):
    """The suggestions component runs when its module answers unit_stats(year)."""
    import sys
    import types

    from duban.web.assessment import components as comp

    stats = types.ModuleType("duban.web.suggestions.stats")
    stats.unit_stats = lambda year: [{"unit": "市发展改革委", "unit_id": world.depts.a.pk, "items": 4, "replied_on_time": 3,
                                      "rated": 2, "satisfied": 2, "on_time_rate": 75.0, "satisfaction_rate": 100.0}]
    monkeypatch.setitem(sys.modules, "duban.web.suggestions.stats", stats)
    monkeypatch.setattr(comp, "available", lambda name: True)
    a = _by_name(assess(2023))["市发展改革委"]
    # on time 3/4 = 75 (weight 0.6), satisfied 2/2 = 100 (0.4) → 85.
    assert a.component("suggestions").score == 85.0
    # Now completion 40, timeliness 20, status 20, returns 10, suggestions 10 share 0.9 (total 100).
    assert a.component("completion").weight == 0.36
    assert a.score == round(0.36 * 90 + 0.18 * 50 + 0.18 * 62.42 + 0.09 * 66.67 + 0.09 * 85 + 0.1 * 20, 2)


def test_suggestions_from_the_real_module(world):
    """With duban.web.suggestions installed, its unit_stats feeds the component: four items of
    市发展改革委, three answered on time (75 %), two rated, one satisfied (50 %)."""
    from django.apps import apps

    if not apps.is_installed("duban.web.suggestions"):
        pytest.skip("the suggestions module is not installed")
    from duban.web.suggestions.models import Batch, Item, Reply

    batch = Batch.objects.create(name="2023年人大建议", year=2023)
    for n, (on_time, rating) in enumerate([(True, "satisfied"), (True, "unsatisfied"), (True, ""), (False, "")]):
        item = Item.objects.create(batch=batch, year=2023, kind="suggestion", number=f"J{n}", title=f"建议{n}",
                                   proposer="代表", lead=world.depts.a, state=Item.State.SENT)
        Reply.objects.create(item=item, round=1, text="答复", result_class="A", drafted_by=world.people.rep_a,
                             state=Reply.State.SENT, on_time=on_time, rating=rating)
    a = _by_name(assess(2023))["市发展改革委"]
    # 0.6·75 + 0.4·50 = 65
    assert a.component("suggestions").score == 65.0
    assert a.component("suggestions").result.inputs["items"] == 4
    # 0.36·90 + 0.18·50 + 0.18·62.42 + 0.09·66.67 + 0.09·65 + 0.1·20 = 66.4859
    assert a.score == 66.49
    # Departments without suggestions keep the weights of the hand test.
    assert "suggestions" in _by_name(assess(2023))["市教育和体育局"].inactive
