"""`duban extract` through the real command line: formats, output file, bad input."""

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from duban.cli import build_parser

SAMPLE = Path(__file__).resolve().parent.parent / "duban" / "samples" / "liaocheng_2023_part2.txt"

CMD = [sys.executable, "-m", "duban"]


def run(*args, cwd=None):
    return subprocess.run([*CMD, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_help_works_without_web_extras():
    r = run("--help")
    assert r.returncode == 0 and "extract" in r.stdout


def test_extract_help_lists_every_option():
    r = run("extract", "--help")
    for opt in ("--year", "--format", "--output", "--max-bytes"):
        assert opt in r.stdout


def test_json_output_is_the_document():
    r = run("extract", SAMPLE)
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["schema"] == "duban.extract/1" and len(doc["targets"]) >= 80
    assert doc["source"]["name"] == SAMPLE.name


def test_jsonl_has_one_object_per_item():
    r = run("extract", SAMPLE, "--format", "jsonl")
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert rows[0]["type"] == "source"
    assert {row["type"] for row in rows} >= {"section", "task", "target", "list_item"}


def test_csv_reads_back():
    r = run("extract", SAMPLE, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    targets = [row for row in rows if row["type"] == "target"]
    assert targets and all(row["quote"] and row["unit"] for row in targets)


def test_markdown_table_and_output_file(tmp_path):
    out = tmp_path / "targets.md"
    r = run("extract", SAMPLE, "--format", "md", "-o", out)
    assert r.returncode == 0 and r.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert "| metric |" in text and "城镇新增就业" in text


def test_year_option(tmp_path):
    r = run("extract", SAMPLE, "--year", "2024")
    assert json.loads(r.stdout)["source"]["year"] == 2024


def _bad(path, *extra):
    r = run("extract", path, *extra)
    assert r.returncode == 2, (r.returncode, r.stdout[:200], r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    assert lines[0].startswith("duban: error: ")
    return lines[0]


def test_missing_path(tmp_path):
    assert "no such file" in _bad(tmp_path / "nope.txt")


def test_directory(tmp_path):
    assert "directory" in _bad(tmp_path)


def test_empty_file(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    assert "empty" in _bad(p)


def test_binary_garbage(tmp_path):
    p = tmp_path / "garbage.txt"
    p.write_bytes(os.urandom(4096))
    msg = _bad(p)
    assert "garbage.txt" in msg


def test_undecodable_bytes(tmp_path):
    p = tmp_path / "latin.txt"
    p.write_bytes("Ünïcödé façade, déjà vu, naïve résumé. ".encode("latin-1") * 20)
    assert "latin.txt" in _bad(p)


def test_file_over_the_size_limit(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text("新建学校10所。" * 1000, encoding="utf-8")
    assert "limit" in _bad(p, "--max-bytes", "1000")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path):
    p = tmp_path / "secret.txt"
    p.write_text("新建学校10所。", encoding="utf-8")
    p.chmod(0)
    assert "permission" in _bad(p)


def test_unknown_format_is_refused():
    r = run("extract", SAMPLE, "--format", "xml")
    assert r.returncode == 2 and "invalid choice" in r.stderr


def test_cli_module_has_no_traceback_on_broken_pipe():
    p = subprocess.Popen([*CMD, "extract", str(SAMPLE)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.read(10)
    p.stdout.close()
    err = p.stderr.read().decode()
    p.wait(timeout=60)
    assert "Traceback" not in err


def test_readme_documents_every_command():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for c in sub.choices:
        assert f"duban {c}" in readme, f"README lacks `duban {c}`"
        assert run(c, "--help").returncode == 0


def test_explain_prints_the_rule_of_every_dimension(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("2026年政府工作报告\n今年新建城市书房20个以上，举办第三届市运会。\n", encoding="utf-8")
    r = run("extract", report, "--explain", "--year", "2026")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith("g1\t") and "reading=plan_part" in lines[0] and "comparator=suffix" in lines[0]
    assert "新建城市书房 >= 20个 absolute 2026" in lines[0]
    assert lines[1].startswith("-\t") and "三届" in lines[1] and "reading=ordinal_or_rate" in lines[1]
