"""Chinese search: jieba tokens in the database's own full-text index (FTS5 / PostgreSQL)."""

from __future__ import annotations

import pytest

from duban.web.search.tokens import index_text, query_terms, tokenize


@pytest.mark.parametrize(
    "text, token",
    [
        ("完成南部城区供热工程", "供热"),
        ("新建中小学12所", "小学"),
        ("城镇新增就业4.5万人", "就业"),
        ("全年落地过亿元项目230个以上", "项目"),
        ("新建５Ｇ基站", "5g"),  # full-width folded, lower-cased
    ],
)
def test_tokens_contain_the_words_inside(text, token):
    assert token in tokenize(text)


def test_punctuation_never_becomes_a_term():
    assert all(t.isalnum() for t in query_terms('供热" OR 1=1; --'))
    assert all(t.isalnum() for t in index_text("供热（一期）、“二期”工程！").split())


@pytest.mark.django_db
def test_heating_finds_the_heating_task(world):
    from duban.web.search.index import search_task_ids

    assert search_task_ids("供热") == [world["heating"].pk]
    assert search_task_ids("供热工程") == [world["heating"].pk]
    assert set(search_task_ids("新建")) == {world["heating"].pk, world["schools"].pk}


@pytest.mark.django_db
def test_the_index_follows_task_edits(world, django_capture_on_commit_callbacks):
    from duban.web.search.index import search_task_ids

    with django_capture_on_commit_callbacks(execute=True):
        t = world["jobs"]
        t.text = "建设城市污水处理厂"
        t.save()
    assert search_task_ids("污水") == [world["jobs"].pk]
    assert search_task_ids("城市污水处理") == [world["jobs"].pk]


@pytest.mark.django_db
def test_a_fragment_across_words_still_matches_by_substring(world):
    from duban.web.search.index import search_task_ids

    # "热工" is not a jieba word in "供热工程": the full-text index misses it, the fallback does not.
    assert search_task_ids("热工") == [world["heating"].pk]


@pytest.mark.django_db
def test_hostile_queries_are_harmless(world):
    from duban.web.search.index import search_task_ids

    for q in ['"', "NEAR(", "供热 AND", "a' OR '1'='1", "!!!", "*"]:
        search_task_ids(q)  # must not raise a database error
    assert search_task_ids("   ") == []
