"""The extraction's language data: one YAML loader, one error type, one department list."""

import re

import pytest

from duban.extract import departments, language, lexicon_files, pattern_facts
from duban.extract.check import lexicon as check_lexicon
from duban.extract.readers import words as reader_words


def test_every_loader_raises_the_one_lexicon_error():
    assert language.LexiconError is lexicon_files.LexiconError
    assert check_lexicon.LexiconError is lexicon_files.LexiconError
    assert issubclass(lexicon_files.LexiconError, ValueError)


def test_a_missing_file_is_named():
    with pytest.raises(lexicon_files.LexiconError, match="lexicon/nothing.yaml: file missing"):
        lexicon_files.read_yaml("nothing.yaml")


def test_invalid_yaml_is_named(monkeypatch):
    monkeypatch.setattr(lexicon_files.resources, "files", lambda pkg: _FakeFiles("a: [b\n"))
    with pytest.raises(lexicon_files.LexiconError, match="lexicon/cues.yaml: not valid YAML"):
        lexicon_files.read_yaml("cues.yaml")


def test_reader_words_fail_with_the_lexicon_error(monkeypatch):
    monkeypatch.setattr(lexicon_files.resources, "files", lambda pkg: _FakeFiles("- a\n"))
    reader_words.reader_words.cache_clear()
    try:
        with pytest.raises(lexicon_files.LexiconError, match="readers/reader_words.yaml: top level must be a mapping"):
            reader_words.reader_words()
    finally:
        reader_words.reader_words.cache_clear()


def test_a_word_list_of_the_lexicon_must_hold_strings(monkeypatch):
    real = lexicon_files.read_yaml
    monkeypatch.setattr(language, "read_yaml", lambda name: {**real(name), "neutral_prefix": ["约", 3]}
                        if name == "comparators.yaml" else real(name))
    language.lexicon.cache_clear()
    try:
        with pytest.raises(lexicon_files.LexiconError,
                           match="lexicon/comparators.yaml: neutral_prefix: must be a list of non-empty strings"):
            language.lexicon()
    finally:
        language.lexicon.cache_clear()


# -- the department list -------------------------------------------------------------------


def test_one_department_list_serves_extraction_check_and_ledger():
    deps = departments.department_list()
    names = [d.name for d in deps.departments]
    assert len(names) == len(set(names))
    assert "市发展改革委" in names and "市教育和体育局" in names
    edu = next(d for d in deps.departments if d.name == "市教育和体育局")
    assert "市教育局" in edu.aliases  # the extraction's old 市教育局 is an alias of the ledger's name
    remits = check_lexicon.check_lexicon().departments
    assert [r.label for r in remits] == [d.remit for d in deps.with_remit()]
    assert any("外办" in r.names for r in remits)
    assert "局" in deps.suffixes and "牵头单位" in deps.lead_labels


def test_a_department_listed_twice_is_refused(monkeypatch):
    monkeypatch.setattr(departments, "read_yaml", lambda name: {
        "suffixes": ["局"], "lead_labels": ["牵头单位"], "cooperating_labels": ["配合单位"],
        "departments": [{"name": "市财政局"}, {"name": "市财政局"}]})
    departments.department_list.cache_clear()
    try:
        with pytest.raises(lexicon_files.LexiconError, match=r"departments\[1\]: 市财政局 listed twice"):
            departments.department_list()
    finally:
        departments.department_list.cache_clear()


def test_keywords_without_a_remit_are_refused(monkeypatch):
    monkeypatch.setattr(departments, "read_yaml", lambda name: {
        "suffixes": ["局"], "lead_labels": ["牵头单位"], "cooperating_labels": ["配合单位"],
        "departments": [{"name": "市财政局", "keywords": ["财政"]}]})
    departments.department_list.cache_clear()
    try:
        with pytest.raises(lexicon_files.LexiconError, match="keywords and remit_names need a remit"):
            departments.department_list()
    finally:
        departments.department_list.cache_clear()


class _FakeFiles:
    def __init__(self, text):
        self.text = text

    def joinpath(self, name):
        return self

    def read_text(self, encoding):
        return self.text


@pytest.mark.parametrize(
    ("pattern", "run"),
    [
        (r"(?:主要)?预期目标(?:是|为|：|:)", "预期目标"),  # the optional word is longer but not needed
        (r"(?:ab)c\d+de", "abc"),  # a group's content runs on with what follows it
        (r"a|bc", ""),
        (r"(?i:ab)cd", "cd"),
    ],
)
def test_required_text_is_in_every_match(pattern, run):
    assert pattern_facts.required_text(re.compile(pattern)) == run


@pytest.mark.parametrize(
    ("pattern", "needs"),
    [
        (r"(?:到|至)?(20\d\d)年(?:底|末)?", "20年"),  # the optional words are not needed
        (r"([0-9]+|[一二三])年(?:内|之内)", "年"),
        (r"(?:今后|未来)([0-9]+)年", "年"),  # an alternative is not needed
        (r"(?=年)x", "x"),  # nor what a lookahead sees
        (r"a|b", ""),
        (r"(?i)ab", ""),  # another case would match
        (r"(?>ab)c", "c"),  # an atomic group is left unread: fewer characters is always safe
    ],
)
def test_required_chars_are_in_every_match(pattern, needs):
    import random

    rx = re.compile(pattern)
    assert pattern_facts.required_chars(rx) == needs
    alphabet = "ab xc年到至今后未来一二三内之底末2019"
    rnd = random.Random(7)
    for _ in range(500):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 10)))
        if rx.search(text):
            assert all(c in text for c in needs), (pattern, text)
