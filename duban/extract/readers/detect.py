"""Tell the format of a file from its first bytes, never from its name.

Formats Duban reads: ``text``, ``html``, ``docx`` (any zip goes to the .docx reader,
which says what the archive really is), ``pdf``. Everything else that is recognisable
gets a message that names it and says what to do instead.
"""

from __future__ import annotations

import codecs
import re

from duban.extract.errors import InputError

__all__ = ["FORMATS", "detect_format", "name_mismatch"]

FORMATS = ("text", "html", "docx", "pdf")

# Magic numbers of formats a user might plausibly hand us by mistake.
_KNOWN_OTHER = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word 97-2003 (.doc/.wps/.xls) file; open it and save it as .docx"),
    (b"{\\rtf", "an RTF file; open it in Word or WPS and save it as .docx"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image; a scanned page needs OCR, which Duban does not do"),
    (b"\xff\xd8\xff", "a JPEG image; a scanned page needs OCR, which Duban does not do"),
    (b"GIF87a", "a GIF image, not a report"),
    (b"GIF89a", "a GIF image, not a report"),
    (b"II*\x00", "a TIFF image; a scanned page needs OCR, which Duban does not do"),
    (b"MM\x00*", "a TIFF image; a scanned page needs OCR, which Duban does not do"),
    (b"BM", None),  # BMP only with a plausible header, checked below
    (b"\x1f\x8b", "a gzip archive; unpack it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive; unpack it first"),
    (b"Rar!\x1a\x07", "a RAR archive; unpack it first"),
    (b"\x7fELF", "a program (ELF executable), not a report"),
    (b"MZ", None),  # Windows executable, checked below
    (b"%!PS", "a PostScript file; convert it to PDF first"),
    (b"AT&TFORM", "a DjVu file; convert it to PDF with a text layer first"),
)

_HTML_START = re.compile(
    rb"^(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|table|h[1-6]|article|section|center|font)\b",
    re.IGNORECASE | re.DOTALL,
)
_XML_START = re.compile(rb"^<\?xml\b", re.IGNORECASE)
# A web page saved as one file (.mht/.mhtml) by IE, Edge or WPS: MIME headers, then parts.
_MHTML = re.compile(rb"^(?:[A-Za-z-]+:[^\n]*\n(?:[ \t][^\n]*\n)*)*?mime-version:\s*1\.0", re.IGNORECASE)


def _strip_bom(head: bytes) -> bytes:
    if head.startswith(codecs.BOM_UTF8):
        return head[len(codecs.BOM_UTF8):]
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            # Re-encode a prefix so that the byte patterns below also see UTF-16 markup.
            return head[len(bom):].decode(enc, errors="ignore").encode("utf-8", errors="ignore")
    return head


def detect_format(data: bytes, name: str = "<bytes>") -> str:
    """Return one of :data:`FORMATS` for ``data``, or raise InputError naming what it is."""
    if not data:
        raise InputError("file is empty", source=name)
    head = data[:4096]
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "docx"
    for magic, message in _KNOWN_OTHER:
        if head.startswith(magic):
            if magic == b"BM" and not (len(head) > 14 and head[6:10] == b"\x00\x00\x00\x00"):
                continue
            if magic == b"MZ" and b"PE\x00\x00" not in data[:1024]:
                continue
            raise InputError(f"this is {message or 'not a report'}", source=name)
    if head.startswith(b"PK"):
        raise InputError("looks like a damaged zip archive (.docx?): it does not start with a zip entry", source=name)
    text_head = _strip_bom(head).lstrip()
    if _HTML_START.match(text_head) or _MHTML.match(text_head):
        return "html"
    if _XML_START.match(text_head):
        lowered = text_head.lower()
        if b"<html" in lowered:
            return "html"
        if b"w:worddocument" in lowered or b"<pkg:package" in lowered:
            raise InputError("this is a Word XML document; open it and save it as .docx", source=name)
        raise InputError("this is an XML file, not a report (supported: text, .docx, PDF, HTML)", source=name)
    return "text"


_EXTENSION_FORMAT = {
    ".txt": "text", ".text": "text", ".docx": "docx", ".pdf": "pdf",
    ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html",
}


def name_mismatch(name: str, fmt: str) -> str | None:
    """A warning when the file name promises another format than the content has."""
    dot = name.rfind(".")
    if dot < 0:
        return None
    claimed = _EXTENSION_FORMAT.get(name[dot:].lower())
    if claimed is None or claimed == fmt:
        return None
    return f"the name ends in {name[dot:]} but the content is {fmt}; read as {fmt}"
