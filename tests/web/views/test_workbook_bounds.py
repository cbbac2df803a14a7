"""Uploads are measured before they are parsed: a hostile workbook is refused by the streaming
pass, without openpyxl ever loading it and within 50 MB of memory (the time is in
benchmarks/hostile_workbook.py)."""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest

from duban.web.exchange.bounds import Limits, WorkbookTooLarge, measure
from duban.web.exchange.template_reader import MAX_UNPACKED, TemplateError, read_template

from .hostile_workbook import build, unpacked_size


@pytest.fixture(scope="module")
def hostile() -> bytes:
    return build()


def test_the_hostile_workbook_is_the_one_reported(hostile):
    assert len(hostile) < 5 * 1024 * 1024
    assert 40 * 1024 * 1024 < unpacked_size(hostile) < MAX_UNPACKED


def test_it_is_refused_before_openpyxl_sees_it_within_50_mb(hostile, monkeypatch):
    import openpyxl

    def never(*args, **kwargs):
        raise AssertionError("openpyxl was asked to load a workbook that should have been refused")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    tracemalloc.start()
    try:
        with pytest.raises(TemplateError, match="行数超过上限 5000"):
            read_template(hostile)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return out.getvalue()


NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


@pytest.mark.parametrize(("parts", "message"), [
    ({"xl/worksheets/sheet1.xml": b"<worksheet " + NS + b"><sheetData><row>" + b"<c><v>1</v></c>" * 65
      + b"</row></sheetData></worksheet>"}, "列数超过上限"),
    ({"xl/worksheets/sheet1.xml": b"<worksheet " + NS + b"><sheetData>" + b"<row/>" * 60_000
      + b"</sheetData></worksheet>"}, "空行过多"),
    ({"xl/styles.xml": b"<a>" + b" " * (11 * 1024 * 1024) + b"</a>"}, "styles.xml"),
    ({"xl/worksheets/sheet1.xml": b'<!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet ' + NS + b">&a;</worksheet>"}, "无法读取"),
    ({"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row>"}, "不是有效的 XML"),
    ({f"xl/media/{i}.xml": b"<a/>" for i in range(201)}, "部件"),
], ids=["columns", "empty-rows", "big-part", "entities", "broken-xml", "many-parts"])
def test_each_limit_of_the_measuring_pass(parts, message):
    with pytest.raises(WorkbookTooLarge, match=message):
        measure(_zip(parts))


def test_a_part_that_declares_a_huge_size_is_refused_from_the_directory():
    with pytest.raises(WorkbookTooLarge, match="解压后超过"):
        measure(_zip({"xl/worksheets/sheet1.xml": b"<a/>"}), Limits(unpacked=2))


def test_a_real_template_passes_and_reads(tmp_path):
    from duban.web.exchange.workbook import TemplateRow, write_template

    buf = io.BytesIO()
    write_template([TemplateRow(task=1, target=2, content="新建学校", metric="学校", goal="12所")], buf,
                   period="2023-06", department="市发展改革委")
    counted = measure(buf.getvalue())
    assert counted["rows"] >= 4 and counted["columns"] <= 7
