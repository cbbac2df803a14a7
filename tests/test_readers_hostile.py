"""Hostile and broken files: each gets a one-line InputError, never a hang, crash or blow-up."""

from __future__ import annotations

import io
import random
import struct
import zipfile

import pytest
from test_readers_support import build_docx, build_pdf, pdf_bytes

from duban.cli import main
from duban.extract import InputError, read_bytes, read_path
from duban.extract.readers import DEFAULT_MAX_BYTES

SHORT_REPORT = "政府工作报告\n城镇新增就业4.5万人。\n新建中小学12所。\n"


@pytest.fixture(scope="module")
def docx_bytes(tmp_path_factory) -> bytes:
    return build_docx(SHORT_REPORT, tmp_path_factory.mktemp("d") / "r.docx").read_bytes()


@pytest.fixture(scope="module")
def pdf_data(tmp_path_factory) -> bytes:
    return build_pdf(SHORT_REPORT, tmp_path_factory.mktemp("p") / "r.pdf").read_bytes()


def _rezip(data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, (replace or {}).get(info.filename, src.read(info.filename)))
        for name, content in (add or {}).items():
            dst.writestr(name, content)
    return out.getvalue()


def _refused(data: bytes, name: str, *words: str, **limits) -> str:
    with pytest.raises(InputError) as err:
        read_bytes(data, name, **limits)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"{name}: ")
    for word in words:
        assert word in message, message
    return message


# --- .docx ---------------------------------------------------------------------------

def test_it_refuses_a_zip_bomb_docx_before_unpacking(docx_bytes):
    bomb = _rezip(docx_bytes, add={"word/media/image1.png": b"\0" * (60 * 1024 * 1024)})
    assert len(bomb) < 200_000
    _refused(bomb, "bomb.docx", "word/media/image1.png", "zip bomb")


def test_it_refuses_a_docx_that_unpacks_beyond_the_limit(docx_bytes):
    _refused(docx_bytes, "big.docx", "unpacks to more than", max_unpacked=1024)


def test_it_refuses_a_docx_with_too_many_entries(docx_bytes):
    many = _rezip(docx_bytes, add={f"word/media/e{i}.bin": b"x" for i in range(2500)})
    _refused(many, "many.docx", "2,5", "entries")


def _patch_declared_size(data: bytes, filename: str, size: int) -> bytes:
    buf = bytearray(data)
    name = filename.encode()
    for signature, size_at, name_len_at, name_at in ((b"PK\x01\x02", 24, 28, 46), (b"PK\x03\x04", 22, 26, 30)):
        pos = buf.find(signature)
        while pos >= 0:
            (length,) = struct.unpack_from("<H", buf, pos + name_len_at)
            if bytes(buf[pos + name_at:pos + name_at + length]) == name:
                struct.pack_into("<I", buf, pos + size_at, size)
            pos = buf.find(signature, pos + 4)
    return bytes(buf)


def test_it_refuses_a_docx_whose_entry_lies_about_its_size(docx_bytes):
    liar = _patch_declared_size(docx_bytes, "word/document.xml", 200)
    _refused(liar, "liar.docx", "damaged")


def test_it_refuses_xml_entity_expansion_in_a_docx(docx_bytes):
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as zf:
        xml = zf.read("word/document.xml")
    laughs = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE w:document ['
        b'<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        + b"".join(b'<!ENTITY %c "&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;">' % ((c,) + (c - 1,) * 10) for c in range(ord("c"), ord("k")))
        + b"]>"
    )
    body = xml.split(b"?>", 1)[1].replace(b"<w:t>", b"<w:t>&j;", 1)
    bomb = _rezip(docx_bytes, replace={"word/document.xml": laughs + body})
    _refused(bomb, "laughs.docx", "word/document.xml", "DTD")


def test_it_refuses_a_truncated_docx(docx_bytes):
    _refused(docx_bytes[: len(docx_bytes) // 2], "cut.docx", "damaged or truncated")


@pytest.mark.parametrize(
    ("main_part", "words"),
    [
        ("spreadsheetml.sheet.main+xml", "Excel workbook"),
        ("presentationml.presentation.main+xml", "PowerPoint"),
    ],
    ids=["xlsx", "pptx"],
)
def test_it_names_other_office_formats(main_part, words):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Override PartName="/main.xml" ContentType="application/vnd.openxmlformats-officedocument.{main_part}"/></Types>',
        )
        zf.writestr("main.xml", "<x/>")
    _refused(out.getvalue(), "plan.docx", words)


def test_it_says_an_odt_must_be_saved_as_docx():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<x/>")
    _refused(out.getvalue(), "report.odt", "OpenDocument text", "save it as .docx")


def test_it_refuses_a_plain_zip_named_pdf():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("report.txt", "城镇新增就业4.5万人")
    _refused(out.getvalue(), "report.pdf", "zip archive, not a .docx")


def test_it_says_an_old_doc_file_must_be_saved_as_docx():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096)
    _refused(ole, "report.doc", "save it as .docx")


# --- PDF -------------------------------------------------------------------------------

def test_it_refuses_a_pdf_with_thousands_of_pages():
    def draw(c):
        for _ in range(5000):
            c.drawString(100, 700, "x")
            c.showPage()

    _refused(pdf_bytes(draw), "pages.pdf", "5,000 pages", "--max-pages")


def test_it_applies_a_lower_page_limit(pdf_data):
    def draw(c):
        for _ in range(3):
            c.showPage()

    _refused(pdf_bytes(draw), "three.pdf", "3 pages", max_pages=2)


def test_it_recovers_the_text_of_a_pdf_with_a_broken_xref(pdf_data):
    start = pdf_data.rindex(b"startxref") + len(b"startxref")
    offset = pdf_data[start:].split()[0]
    broken = pdf_data[:start] + pdf_data[start:].replace(offset, b"9" * len(offset), 1)
    xref = broken.rindex(b"\nxref")
    broken = broken[:xref + 5] + broken[xref + 5:].replace(b" 00000 n", b" 00000 f")
    assert read_bytes(broken, "xref.pdf").text == read_bytes(pdf_data, "good.pdf").text


def test_it_refuses_a_pdf_whose_page_tree_loops():
    import re

    def draw(c):
        c.drawString(72, 700, "2023")
        c.showPage()

    data = pdf_bytes(draw)
    m = re.search(rb"(\d+) 0 obj\s*<<\s*/Count 1 /Kids \[ (\d+) 0 R \]", data)
    looped = data.replace(m.group(0), m.group(0).replace(b"[ %s 0 R ]" % m.group(2), b"[ %s 0 R ]" % m.group(1)))
    _refused(looped, "loop.pdf", "cyclic")


def test_it_refuses_a_pdf_whose_body_is_garbage():
    garbage = b"%PDF-1.7\n" + random.Random(4).randbytes(20_000) + b"\n%%EOF\n"
    _refused(garbage, "garbage.pdf", "PDF")


def test_it_refuses_a_truncated_pdf(pdf_data):
    _refused(pdf_data[: len(pdf_data) * 2 // 3], "cut.pdf", "truncated")


def _encrypted(pdf: bytes, user: str, algorithm: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=user, owner_password="owner-secret", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_it_refuses_a_password_protected_pdf(pdf_data):
    _refused(_encrypted(pdf_data, "secret", "AES-256"), "locked.pdf", "password-protected")


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_it_reads_a_copy_protected_pdf_with_an_empty_password(pdf_data, algorithm):
    src = read_bytes(_encrypted(pdf_data, "", algorithm), "protected.pdf")
    assert src.text == read_bytes(pdf_data, "plain.pdf").text
    assert any("encrypted" in w for w in src.warnings)


def test_it_says_an_image_only_pdf_needs_ocr():
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    image = Image.new("RGB", (400, 300), "white")

    def draw(c):
        for _ in range(2):
            c.drawImage(ImageReader(image), 50, 400, 400, 300)
            c.showPage()

    _refused(pdf_bytes(draw), "scan.pdf", "no text layer", "OCR")


def test_it_warns_about_pages_without_text(pdf_data):
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    def draw(c):
        c.setFont("Helvetica", 12)
        c.drawString(72, 700, "Page one has text 2023")
        c.showPage()
        c.drawImage(ImageReader(Image.new("RGB", (40, 30), "white")), 50, 400, 400, 300)
        c.showPage()

    src = read_bytes(pdf_bytes(draw), "mixed.pdf")
    assert "Page one has text 2023" in src.text
    assert any("page(s) 2 have no text layer" in w for w in src.warnings)


# --- anything ------------------------------------------------------------------------------

def test_it_refuses_an_empty_file(tmp_path):
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="file is empty"):
        read_path(empty)


def test_it_refuses_binary_garbage():
    _refused(random.Random(1).randbytes(50_000), "noise.bin", "binary")


def test_it_refuses_a_100_mb_file_without_reading_it(tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:
        fh.truncate(100 * 1024 * 1024)  # sparse: nothing is written to disk
    with pytest.raises(InputError, match="over the limit of 20,971,520"):
        read_path(huge)
    assert DEFAULT_MAX_BYTES == 20 * 1024 * 1024


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "OCR"),
        (b"{\\rtf1\\ansi 2023}", "RTF"),
        (b"\x1f\x8b\x08\x00" + bytes(100), "gzip"),
        (b'<?xml version="1.0"?><data>1</data>', "XML file"),
    ],
    ids=["png", "rtf", "gzip", "xml"],
)
def test_it_names_formats_it_does_not_read(data, words):
    _refused(data, "thing", words)


def test_it_stops_a_reader_that_runs_too_long(pdf_data):
    _refused(pdf_data, "slow.pdf", "longer than", max_seconds=0.01)


def test_it_stops_a_reader_that_needs_too_much_memory(docx_bytes):
    # 48 MB of photos: a legal archive, but python-docx holds every part in memory.
    photos = {f"word/media/photo{i}.jpeg": random.Random(i).randbytes(8 * 1024 * 1024) for i in range(6)}
    fat = _rezip(docx_bytes, add=photos)
    _refused(fat, "fat.docx", "memory", max_memory_mb=96, max_bytes=100 * 1024 * 1024)


def test_it_refuses_a_memory_limit_too_low_to_start():
    with pytest.raises(ValueError, match="at least 64"):
        read_bytes(b"<html><body>x</body></html>", "x.html", max_memory_mb=10)


def test_it_survives_deeply_nested_html():
    page = ("<div>" * 20_000 + "城镇新增就业4.5万人" + "</div>" * 20_000).encode()
    try:
        src = read_bytes(page, "deep.html")
    except InputError as exc:
        assert "\n" not in str(exc)
    else:
        assert "城镇新增就业4.5万人" in src.text


def test_it_does_not_expand_entities_declared_in_html():
    page = b'<!DOCTYPE html [<!ENTITY a "AAAAAAAAAA">]><html><body><p>&a;&a; \xe6\x96\xb0\xe5\xbb\xba12\xe6\x89\x80</p></body></html>'
    src = read_bytes(page, "e.html")
    assert "AAAAAAAAAA" not in src.text
    assert "新建12所" in src.text


def test_it_rejects_unknown_limit_names():
    with pytest.raises(TypeError, match="max_pagez"):
        read_bytes(b"x", "x", max_pagez=3)


def test_the_cli_prints_one_line_and_exits_2(tmp_path, docx_bytes, capsys):
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(_rezip(docx_bytes, add={"word/media/image1.png": b"\0" * (20 * 1024 * 1024)}))
    assert main(["extract", str(bomb)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("duban: error: bomb.docx: zip entry")


def _numbered_fixture() -> bytes:
    from pathlib import Path

    return (Path(__file__).resolve().parent / "fixtures" / "readers" / "numbered_list.docx").read_bytes()


def test_it_does_not_multiply_a_cell_spanning_millions_of_columns():
    data = _numbered_fixture()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        xml = zf.read("word/document.xml")
    spanned = xml.replace(b"<w:tcPr></w:tcPr>", b'<w:tcPr><w:gridSpan w:val="100000000"/></w:tcPr>', 1)
    src = read_bytes(_rezip(data, replace={"word/document.xml": spanned}), "span.docx", sandbox=False)
    assert "新建中小学12所" in src.text and len(src.text) < 1000


def test_it_renders_huge_list_counters_as_digits():
    data = _numbered_fixture()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        xml = zf.read("word/numbering.xml")
    huge = xml.replace(b'<w:start w:val="1"/><w:numFmt w:val="decimal"/>', b'<w:start w:val="999999999"/><w:numFmt w:val="lowerLetter"/>')
    src = read_bytes(_rezip(data, replace={"word/numbering.xml": huge}), "count.docx", sandbox=False)
    assert "999999999. 新建“幸福食堂”30处" in src.text


def test_it_caps_html_colspan():
    page = b"<html><body><table><tr><td colspan=99999999>a</td><td>b</td></tr><tr><td>1</td><td>2</td></tr></table></body></html>"
    assert len(read_bytes(page, "span.html", sandbox=False).text) < 500


def test_it_refuses_a_pdf_whose_text_layer_is_unreadable():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))

    def draw(c):
        # Private-use code points: what fonts without a Unicode map come out as.
        c.setFont("STSong-Light", 12)
        c.drawString(72, 700, "".join(chr(0xE000 + k) for k in range(40)))
        c.showPage()

    _refused(pdf_bytes(draw), "glyphs.pdf", "no usable Unicode mapping", "OCR")


def test_it_refuses_a_docx_without_text():
    import docx

    document = docx.Document()
    document.add_paragraph("   ")
    out = io.BytesIO()
    document.save(out)
    _refused(out.getvalue(), "blank.docx", "contains no text")


def test_it_bounds_the_reader_processes_running_at_once(monkeypatch):
    import threading

    from duban.extract.readers import sandbox

    busy = threading.BoundedSemaphore(1)
    busy.acquire()
    monkeypatch.setattr(sandbox, "_SLOTS", busy)
    _refused(b"<html><body><p>2023</p></body></html>", "busy.html", "too many files", max_seconds=0.05)
