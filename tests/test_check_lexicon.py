"""The check's language data files load, validate, and fail loudly when malformed."""

import pytest

from duban.extract import lexicon_files
from duban.extract.check import lexicon as lx


def test_all_check_data_files_load():
    lex = lx.check_lexicon()
    assert "人人" in lex.reduplications and "研究研究" in lex.reduplications
    assert any(c.wrong == "大平洋" and c.right == "太平洋" for c in lex.confusions)
    assert any(p.phrase == "铸牢中华民族共同体意识" for p in lex.phrases)
    assert any("茌平" in g.places for g in lex.places)
    assert lex.usage and lex.departments


def test_no_confusion_is_its_own_correction():
    for c in lx.check_lexicon().confusions:
        assert c.wrong != c.right
        assert c.wrong not in {p.phrase for p in lx.check_lexicon().phrases}


def test_no_fixed_phrase_variant_is_the_phrase():
    for p in lx.check_lexicon().phrases:
        assert p.phrase not in p.variants


def _with(monkeypatch, name, data):
    real = lx._read
    monkeypatch.setattr(lx, "_read", lambda n: data if n == name else real(n))


def test_confusion_without_right_form_is_rejected(monkeypatch):
    _with(monkeypatch, "check_confusions.yaml", {"confusions": [{"wrong": "布署"}]})
    with pytest.raises(
        lx.LexiconError, match=r"check_confusions.yaml: confusions\[0\]: needs a non-empty string 'right'"
    ):
        lx._load_confusions()


def test_confusion_listed_twice_is_rejected(monkeypatch):
    _with(
        monkeypatch,
        "check_confusions.yaml",
        {"confusions": [{"wrong": "布署", "right": "部署"}, {"wrong": "布署", "right": "部署"}]},
    )
    with pytest.raises(lx.LexiconError, match="listed twice"):
        lx._load_confusions()


def test_usage_pattern_with_unknown_kind_is_rejected(monkeypatch):
    _with(
        monkeypatch,
        "check_usage.yaml",
        {"patterns": [{"name": "x", "pattern": "a", "kind": "typo", "message": "m"}]},
    )
    with pytest.raises(lx.LexiconError, match="unknown kind 'typo'"):
        lx._load_usage()


def test_usage_pattern_that_does_not_compile_is_rejected(monkeypatch):
    _with(
        monkeypatch,
        "check_usage.yaml",
        {"patterns": [{"name": "x", "pattern": "(", "kind": "other", "message": "m"}]},
    )
    with pytest.raises(lx.LexiconError, match="bad pattern"):
        lx._load_usage()


def test_place_misprint_of_unknown_place_is_rejected(monkeypatch):
    _with(
        monkeypatch,
        "check_places.yaml",
        {"groups": [{"region": "某市", "places": ["甲县"], "misprints": {"乙县": ["已县"]}}]},
    )
    with pytest.raises(lx.LexiconError, match="not in places"):
        lx._load_places()


def test_reduplication_words_must_be_strings(monkeypatch):
    _with(monkeypatch, "check_reduplications.yaml", {"words": ["人人", 3]})
    with pytest.raises(lx.LexiconError, match="words: must be a list of non-empty strings"):
        lx._load_reduplications()


def test_top_level_must_be_a_mapping(monkeypatch):
    monkeypatch.setattr(lexicon_files.resources, "files", lambda pkg: _FakeFiles("- a\n- b\n"))
    with pytest.raises(lx.LexiconError, match="top level must be a mapping"):
        lx._read("check_usage.yaml")


class _FakeFiles:
    def __init__(self, text):
        self.text = text

    def joinpath(self, name):
        return self

    def read_text(self, encoding):
        return self.text


def test_figure_words_load_and_validate(monkeypatch):
    figures = lx.check_lexicon().figures
    assert "达到" in figures["figure_verbs"] and figures["figure_scales"]["亿"] == 100000000
    _with(monkeypatch, "check_figures.yaml", {**lx._read("check_figures.yaml"), "figure_scales": {"亿": "many"}})
    with pytest.raises(lx.LexiconError, match="figure_scales must map scale words to integers > 1"):
        lx._load_figures()
