"""Safety checks on a .docx zip archive before any XML parser sees it.

python-docx reads every part whole into memory; a 628 KB .docx once drove it to 4.1 GB.
So the archive is judged by what its central directory declares (entry count, total
uncompressed size, compression ratio of each entry) and every XML part is scanned with
a streaming, DTD-forbidding parser (defusedxml) before the document is opened.
"""

from __future__ import annotations

import io
import struct
import xml.sax
import zipfile
import zlib

from defusedxml import DefusedXmlException
from defusedxml.expatreader import create_parser

from duban.extract.errors import InputError
from duban.extract.readers.limits import Limits

__all__ = ["open_docx_archive"]

_WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_OTHER_OOXML = {
    "application/vnd.ms-word.document.macroEnabled.main+xml": "a macro-enabled Word file (.docm); save it as .docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": None,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "an Excel workbook, not a report",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "a PowerPoint file, not a report",
}
# Entries smaller than this may compress arbitrarily well without being a bomb.
_RATIO_FLOOR = 1024 * 1024
_SCAN_CHUNK = 64 * 1024


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):,.0f} MB"


def open_docx_archive(data: bytes, limits: Limits, name: str) -> zipfile.ZipFile:
    """Return the checked archive, or raise InputError saying what is wrong with it."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except zipfile.BadZipFile:
        raise InputError("is damaged or truncated: the .docx zip archive has no readable table of contents", source=name) from None
    except (OSError, ValueError, EOFError, zlib.error, struct.error, NotImplementedError, RuntimeError) as exc:
        raise InputError(f"is damaged: not a readable zip archive ({exc})", source=name) from None
    if len(infos) > limits.max_entries:
        raise InputError(f"zip archive has {len(infos):,} entries, over the limit of {limits.max_entries:,} (see --max-entries)", source=name)
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise InputError("the .docx is password-protected (encrypted zip); save an unprotected copy", source=name)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise InputError(f"zip entry {info.filename!r} uses an unsupported compression method ({info.compress_type})", source=name)
        total += info.file_size
        if total > limits.max_unpacked:
            raise InputError(f"zip archive unpacks to more than {_mb(limits.max_unpacked)} (zip bomb?); see --max-unpacked", source=name)
        if info.file_size > _RATIO_FLOOR and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            ratio = info.file_size / max(info.compress_size, 1)
            raise InputError(
                f"zip entry {info.filename!r} expands {ratio:,.0f}-fold to {_mb(info.file_size)} (zip bomb?); refused before unpacking",
                source=name,
            )
    _check_kind(zf, name)
    for info in infos:
        _scan_xml(zf, info, name)
    return zf


def _check_kind(zf: zipfile.ZipFile, name: str) -> None:
    names = set(zf.namelist())
    if "[Content_Types].xml" not in names:
        if "mimetype" in names:
            mimetype = _read(zf, "mimetype", name)[:100].decode("ascii", "replace")
            if "opendocument.text" in mimetype:
                raise InputError("this is an OpenDocument text (.odt); save it as .docx", source=name)
            raise InputError(f"this is an OpenDocument file ({mimetype}), not a report", source=name)
        raise InputError("this is a zip archive, not a .docx (no [Content_Types].xml)", source=name)
    _scan_xml(zf, zf.getinfo("[Content_Types].xml"), name)
    types = _read(zf, "[Content_Types].xml", name).decode("utf-8", "replace")
    if _WORD_MAIN in types or "wordprocessingml.template.main+xml" in types:
        return
    for content_type, message in _OTHER_OOXML.items():
        if message and content_type in types:
            raise InputError(f"this is {message}", source=name)
    raise InputError("this zip archive is not a Word document (no word/document.xml part)", source=name)


_ZIP_ERRORS = (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error, struct.error, NotImplementedError, RuntimeError)


def _read(zf: zipfile.ZipFile, entry: str, name: str) -> bytes:
    """A small entry, read whole (its declared size was checked against the limits)."""
    try:
        return zf.read(entry)
    except _ZIP_ERRORS as exc:
        raise InputError(f"is damaged: cannot unpack zip entry {entry!r} ({exc})", source=name) from None


def _scan_xml(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    """Stream-parse one entry when it is XML; DTDs and entity declarations are refused."""
    if info.is_dir() or info.file_size == 0:
        return
    try:
        with zf.open(info) as fh:
            chunk = fh.read(_SCAN_CHUNK)
            head = chunk.lstrip(b"\xef\xbb\xbf \t\r\n")
            if not (head.startswith(b"<") or chunk.startswith((b"\xff\xfe", b"\xfe\xff"))):
                return  # images, fonts, embedded binaries
            parser = create_parser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
            parser.setContentHandler(xml.sax.ContentHandler())
            while chunk:
                parser.feed(chunk)
                chunk = fh.read(_SCAN_CHUNK)
            parser.close()
    except DefusedXmlException:
        raise InputError(
            f"part {info.filename!r} declares a DTD or XML entities, which a Word file never needs (entity-expansion attack?)",
            source=name,
        ) from None
    except xml.sax.SAXParseException as exc:
        raise InputError(f"part {info.filename!r} is not well-formed XML ({exc.getMessage()}); the file is damaged", source=name) from None
    except zipfile.BadZipFile as exc:
        raise InputError(f"is damaged: zip entry {info.filename!r} fails its check ({exc})", source=name) from None
    except (OSError, EOFError, ValueError, zlib.error, struct.error, NotImplementedError, RuntimeError) as exc:
        raise InputError(f"is damaged: cannot unpack zip entry {info.filename!r} ({exc})", source=name) from None
    except zipfile.LargeZipFile:
        raise InputError("zip archive needs ZIP64 support, which a report never needs", source=name) from None
