"""Closing the loop on a fixture pair with known answers: the 2024 report (read by the real
extractor) claims results for 2023; each 2023 target of the ledger gets a verdict.

| target (dept) | 2024 review says | verified in the ledger | verdict |
|---|---|---|---|
| 地区生产总值增长6%左右 (A) | 增长6.2% | 6.2 | consistent |
| 城镇新增就业4.5万人以上 (A) | 4.6万人 | 36000 | claims_more |
| 新建中小学12所 (B) | 12所 | 12 | consistent |
| 新增学位1.5万个 (B) | 1.2万个 | 13000 | consistent (claims less) |
| 改造老旧小区300个 (C) | 310个 | none | no_verified |
| 新增公共停车泊位2000个 (C) | 2100个 | 2100 | consistent |
| 新建养老服务中心20处 (D) | — | none | not_mentioned |
"""

from __future__ import annotations

import pytest

from duban.web.assessment.review_match import check_year
from duban.web.assessment.scoring import assess

from .conftest import client_for, import_2024

pytestmark = pytest.mark.django_db

EXPECTED = {
    "地区生产总值增长6%左右": ("consistent", 6.2, 6.2),
    "城镇新增就业4.5万人以上": ("claims_more", 46000.0, 36000.0),
    "新建中小学12所": ("consistent", 12.0, 12.0),
    "新增学位1.5万个": ("consistent", 12000.0, 13000.0),
    "改造老旧小区300个": ("no_verified", 310.0, None),
    "新增公共停车泊位2000个": ("consistent", 2100.0, 2100.0),
    "新建养老服务中心20处": ("not_mentioned", None, None),
}


def test_no_next_report_no_pairs(world):
    check = check_year(2023)
    assert check.next is None and check.pairs == []
    assert "review_consistency" in assess(2023).for_department(world.depts.a.pk).inactive


def test_fixture_pair_verdicts(world):
    nxt = import_2024(world.people.office)
    check = check_year(2023)
    assert check.next.pk == nxt.pk
    got = {p.target.quote: (p.verdict, p.claim_value, p.verified) for p in check.pairs}
    assert got == EXPECTED
    assert check.counts() == {"consistent": 4, "claims_more": 1, "no_verified": 1, "not_mentioned": 1}
    assert {p.target.quote for p in check.discrepancies} == {"城镇新增就业4.5万人以上", "改造老旧小区300个"}


def test_verifying_a_figure_changes_the_verdict(world):
    """Nothing is stored: a figure verified later turns 'no verified figure' into a comparison."""
    from duban.web.ledger import clock
    from duban.web.ledger.workflow import file_progress, report_types, verify_progress

    import_2024(world.people.office)
    t4 = world.tasks["t4"]
    old = world.targets["t4"][0]
    with clock.travel(clock.now().replace(month=4, day=5)):
        p = file_progress(t4, world.people.rep_c, department=world.depts.c, report_type=report_types()[0],
                          period="2023-03", narrative="三月", figures={old.pk: 280})
        verify_progress(p, world.people.office, p.version, accept=True)
    verdicts = {x.target.quote: x.verdict for x in check_year(2023).pairs}
    assert verdicts["改造老旧小区300个"] == "claims_more"  # 310 claimed, 280 verified


def test_review_component_by_hand(world):
    import_2024(world.people.office)
    a = assess(2023)
    rows = {d.department.name: d for d in a.departments}
    # A: GDP consistent, jobs claims more → 1/2 = 50. B: both consistent → 100. C: parking
    # consistent, 老旧小区 without a verified figure not counted → 100. D: nothing compared.
    assert rows["市发展改革委"].component("review_consistency").score == 50.0
    assert rows["市教育和体育局"].component("review_consistency").score == 100.0
    assert rows["市住房和城乡建设局"].component("review_consistency").score == 100.0
    assert "review_consistency" in rows["市民政局"].inactive
    # A's active weights now total 100 (40+20+20+10+10) sharing 0.9:
    # 0.36·90 + 0.18·50 + 0.18·62.42 + 0.09·66.67 + 0.09·50 + 0.1·20 = 65.1359
    assert rows["市发展改革委"].component("completion").weight == 0.36
    assert rows["市发展改革委"].score == 65.14


def test_count_no_verified_option(world, settings, tmp_path):
    from .conftest import FIXTURES

    path = tmp_path / "r.yaml"
    path.write_text((FIXTURES / "rubric_hand.yaml").read_text(encoding="utf-8").replace(
        "count_no_verified: false", "count_no_verified: true"), encoding="utf-8")
    settings.ASSESSMENT_RUBRIC_FILE = path
    import_2024(world.people.office)
    c = assess(2023).for_department(world.depts.c.pk)
    assert c.component("review_consistency").score == 50.0  # parking consistent, 老旧小区 counted against


def test_review_page_side_by_side(world):
    import_2024(world.people.office)
    c = client_for(world.people.office)
    body = c.get("/assessment/2023/review/").content.decode()
    # Discrepancies by default: the claim, the verified figure, the target and the verdict.
    assert "城镇新增就业4.6万人" in body and "36000" in body and "城镇新增就业4.5万人以上" in body
    assert "报告所述高于核实数" in body and "台账无核实数" in body
    assert "新建中小学12所" not in body.split("<tbody>")[1]
    everything = c.get("/assessment/2023/review/?show=all").content.decode()
    assert "新建养老服务中心20处" in everything and "报告未提及" in everything
    c.cookies["django_language"] = "en"
    assert "report claims more than verified" in c.get("/assessment/2023/review/").content.decode()


def test_review_page_before_the_next_report(world):
    body = client_for(world.people.office).get("/assessment/2023/review/").content.decode()
    assert "尚未导入 2024 年的政府工作报告" in body


def test_the_imported_report_links_to_the_review_check(world):
    nxt = import_2024(world.people.office)
    body = client_for(world.people.office).get(f"/reports/{nxt.pk}/").content.decode()
    assert "/assessment/2023/review/" in body and "已与 2023 年台账逐项比对" in body
    # Leaders read the report but the check is the office's; the 2023 report has no year before it.
    assert "/assessment/2023/review/" not in client_for(world.people.leader).get(f"/reports/{nxt.pk}/").content.decode()
    assert "review-check" not in client_for(world.people.office).get(f"/reports/{world.report.pk}/").content.decode()
