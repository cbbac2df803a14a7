"""Public disclosure: only replies marked for disclosure, without personal data, as a page, CSV and Atom."""

from __future__ import annotations

import pytest

from .test_stats import sample_batch  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def test_only_disclosed_replies_are_public(sample_batch, client):  # noqa: F811
    page = client.get("/suggestions/public/").content.decode()
    assert "关于加快老旧小区改造的建议（示例）" in page and "关于发展夜间经济的提案（示例）" in page
    # S103 was replied (twice) but not marked for disclosure; S109 waits for review.
    assert "社区嵌入式养老" not in page and "运河文化旅游" not in page
    hidden = sample_batch.items.get(number="S103")
    assert client.get(f"/suggestions/public/{hidden.pk}/").status_code == 404


def test_personal_data_is_taken_out(sample_batch, client):  # noqa: F811
    p1 = sample_batch.items.get(number="P1")
    page = client.get(f"/suggestions/public/{p1.pk}/").content.decode()
    assert "13800138000" not in page and "［电话已隐去］" in page
    assert "委员甲" not in page and "委员乙" not in page


def test_csv_and_atom(sample_batch, client):  # noqa: F811
    csv = client.get("/suggestions/public/data.csv")
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "年度,类型,编号,标题,主办单位,办理结果,答复日期,答复内容"
    assert len(text.strip().splitlines()) == 4 and "S101" in text and "13800138000" not in text
    feed = client.get("/suggestions/public/feed.atom")
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert feed.content.decode().count("<entry>") == 3


def test_redaction_rules(db):
    from duban.web.suggestions.models import Item
    from duban.web.suggestions.public import redact

    item = Item(proposer="张三代表", co_signers="李四、王五")
    text = "张三、李四同志：来电 0635-8888888 或 13912345678，身份证 37150219800101123X，邮箱 a.b@example.cn。王五代表"
    out = redact(text, item)
    for secret in ("张三", "李四", "王五", "8888888", "13912345678", "37150219800101123X", "a.b@example.cn"):
        assert secret not in out
    assert "2023年" in redact("2023年完成", item)  # numbers that are no phone stay


def test_the_office_withdraws_a_disclosure(sample_batch, client):  # noqa: F811
    from django.contrib.auth.models import User

    p1 = sample_batch.items.get(number="P1")
    client.force_login(User.objects.get(username="office"))
    client.post(f"/suggestions/{p1.pk}/disclose/", {"disclose": "0"})
    client.logout()
    assert client.get(f"/suggestions/public/{p1.pk}/").status_code == 404
