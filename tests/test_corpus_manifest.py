"""The CSV manifest that overrides detected place, year and level."""

import pytest

from duban.corpus.manifest import load_manifest
from duban.extract import InputError


def write(tmp_path, text, encoding="utf-8"):
    p = tmp_path / "manifest.csv"
    p.write_bytes(text.encode(encoding))
    return p


def test_it_matches_rows_by_path_then_file_name_then_sha256(tmp_path):
    m = load_manifest(write(tmp_path, "path,file,sha256,place,year,level\na/x.txt,,,甲市,2019,city\n,y.txt,,乙县,2018,\n,,ABCDEF,丙省,,province\n"))
    assert m.lookup("a/x.txt", "0") == {"place": "甲市", "year": 2019, "level": "city"}
    assert m.lookup("deep/dir/y.txt", "0") == {"place": "乙县", "year": 2018}
    assert m.lookup("z.txt", "abcdef") == {"place": "丙省", "level": "province"}
    assert m.lookup("z.txt", "0") == {}
    assert m.unused() == []


def test_it_reports_rows_that_matched_no_file(tmp_path):
    m = load_manifest(write(tmp_path, "file,year\nmissing.txt,2019\n"))
    assert m.unused() == ["file=missing.txt"]


def test_it_reads_a_gb18030_manifest_as_excel_saves_it(tmp_path):
    m = load_manifest(write(tmp_path, "file,place\nx.txt,海拉尔区\n", encoding="gb18030"))
    assert m.lookup("x.txt", "0") == {"place": "海拉尔区"}


def test_it_reads_a_manifest_with_a_byte_order_mark(tmp_path):
    m = load_manifest(write(tmp_path, "\ufefffile,year\nx.txt,2020\n"))
    assert m.lookup("x.txt", "0") == {"year": 2020}


@pytest.mark.parametrize(
    "text,message",
    [
        ("", "manifest is empty"),
        ("file,colour\nx.txt,red\n", "unknown column(s) colour"),
        ("place,year\n甲市,2019\n", "needs a path, file or sha256 column"),
        ("file,year\nx.txt,twenty\n", "line 2: year 'twenty' is not a whole number"),
        ("file,year\nx.txt,1066\n", "line 2: year 1066 is out of range"),
        ("file,level\nx.txt,village\n", "line 2: level 'village' is not one of"),
        ("file,year\n,2019\n", "line 2: no path, file or sha256 given"),
    ],
    ids=["empty", "unknown_column", "no_key", "bad_year", "year_range", "bad_level", "no_key_value"],
)
def test_a_bad_manifest_says_what_is_wrong(tmp_path, text, message):
    with pytest.raises(InputError, match=None) as exc:
        load_manifest(write(tmp_path, text))
    assert message in str(exc.value)


def test_a_missing_manifest_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="manifest not found"):
        load_manifest(tmp_path / "nope.csv")


def test_a_binary_manifest_is_an_input_error(tmp_path):
    p = tmp_path / "m.csv"
    p.write_bytes(b"\xff\xfe\x00\x81\xff" * 10)
    with pytest.raises(InputError, match="neither UTF-8 nor GB18030"):
        load_manifest(p)
