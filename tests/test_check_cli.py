"""``duban lint``: compiler-style output, JSON output, exit codes and error messages."""

import json
from pathlib import Path

import pytest

from duban.cli import main

SAMPLE = Path(__file__).resolve().parent.parent / "duban" / "samples" / "liaocheng_2023_part2.txt"
CLEAN = Path(__file__).resolve().parent / "fixtures" / "clean_official.txt"


def test_it_prints_defects_like_a_compiler_and_exits_1(capsys):
    assert main(["lint", str(SAMPLE)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"{SAMPLE}:11:210: wrong_char: 错别字：“大平洋”应为“太平洋” (太平洋)" in out
    assert any(line.startswith(f"{SAMPLE}:33:20: broken_line: ") for line in out)
    assert len(out) >= 20


def test_it_exits_0_and_prints_nothing_for_a_clean_report(capsys):
    assert main(["lint", str(CLEAN)]) == 0
    assert capsys.readouterr().out == ""


def test_json_format_carries_line_col_and_spans(capsys):
    assert main(["lint", str(SAMPLE), "--format", "json", "--year", "2023"]) == 1
    data = json.loads(capsys.readouterr().out)
    text = SAMPLE.read_text(encoding="utf-8")
    first = data["defects"][0]
    assert (first["kind"], first["line"], first["col"], first["quote"]) == ("wrong_char", 11, 210, "大平洋")
    assert first["rule"] == "wrong_char.confusion"
    for d in data["defects"]:
        assert text[d["start"] : d["end"]] == d["quote"]


def test_crlf_gbk_file_is_read_and_positions_count_lines(tmp_path, capsys):
    path = tmp_path / "report.txt"
    path.write_bytes("各位代表：\r\n\r\n建成新型智慧智慧城市。\r\n".encode("gb18030"))
    assert main(["lint", str(path)]) == 1
    assert capsys.readouterr().out == f"{path}:3:5: repeated_word: 词语重复：“智慧智慧” (智慧)\n"


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "setup, message",
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "is a directory"),
        (lambda d: _write(d / "empty.txt", b""), "file is empty"),
    ],
    ids=["missing", "directory", "empty"],
)
def test_bad_input_exits_2_with_one_line(tmp_path, capsys, setup, message):
    path = setup(tmp_path)
    assert main(["lint", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("duban: error: ") and message in err and err.count("\n") == 1


def test_file_over_max_bytes_exits_2(capsys):
    assert main(["lint", str(SAMPLE), "--max-bytes", "100"]) == 2
    assert "over the limit" in capsys.readouterr().err


def test_non_positive_max_bytes_exits_2(capsys):
    assert main(["lint", str(SAMPLE), "--max-bytes", "0"]) == 2
    assert "--max-bytes must be a positive" in capsys.readouterr().err


def test_help_documents_exit_codes(capsys):
    with pytest.raises(SystemExit):
        main(["lint", "--help"])
    assert "Exit 0 when clean, 1 when defects are found, 2 on bad input" in capsys.readouterr().out


def test_line_and_column_count_every_kind_of_line_break():
    from duban.extract.check import LineIndex, line_col

    text = "ab\r\ncd\ref\ngh"
    pos = LineIndex(text)
    assert [pos(i) for i in (0, 4, 5, 7, 10, 11)] == [(1, 1), (2, 1), (2, 2), (3, 1), (4, 1), (4, 2)]
    assert all(line_col(text, i) == pos(i) for i in range(len(text)))
