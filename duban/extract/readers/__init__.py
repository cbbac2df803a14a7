"""Turn a file (or bytes) into the plain text that every offset of the document indexes.

One entry point, :func:`read_path` / :func:`read_bytes`; the format is detected from the
content, never from the file name: plain text (UTF-8/GB18030), .docx, PDF with a text
layer, HTML. Untrusted .docx/PDF/HTML are parsed in a child process with memory and
CPU limits (:mod:`sandbox`). Every refusal is an :class:`~duban.extract.InputError`
whose message is for the user.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from duban.extract.errors import InputError
from duban.extract.readers.detect import FORMATS, detect_format, name_mismatch
from duban.extract.readers.limits import DEFAULT_MAX_BYTES, Limits
from duban.extract.readers.sandbox import parse
from duban.extract.readers.text import decode_text

__all__ = ["DEFAULT_MAX_BYTES", "FORMATS", "Limits", "SourceText", "detect_format", "read_bytes", "read_path", "text_sha256"]


@dataclass(frozen=True)
class SourceText:
    text: str
    name: str
    format: str
    encoding: str | None
    sha256: str
    pages: int | None = None
    warnings: tuple[str, ...] = ()
    file_sha256: str | None = None
    size: int | None = field(default=None)

    def source_info(self) -> dict:
        """The facts merged into the extraction document's ``source``."""
        info = {"format": self.format, "encoding": self.encoding, "sha256": self.sha256}
        if self.file_sha256 is not None:
            info["file_sha256"] = self.file_sha256
            info["bytes"] = self.size
        if self.pages is not None:
            info["pages"] = self.pages
        if self.warnings:
            info["warnings"] = list(self.warnings)
        return info


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_bytes(data: bytes, name: str = "<bytes>", *, sandbox: bool | None = None, **limits) -> SourceText:
    """Read a report given as bytes. Limits are keyword options (see :class:`Limits`).

    ``sandbox=None`` parses .docx/PDF/HTML in a resource-limited child process where the
    platform allows; ``False`` parses in this process (trusted input, tests, fuzzing).
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError("read_bytes expects bytes")
    data = bytes(data)
    opts = Limits.from_options(**limits)
    if len(data) > opts.max_bytes:
        raise InputError(f"file is {len(data):,} bytes, over the limit of {opts.max_bytes:,} (see --max-bytes)", source=name)
    fmt = detect_format(data, name)
    warnings: list[str] = []
    mismatch = name_mismatch(name, fmt)
    if mismatch:
        warnings.append(mismatch)
    if fmt == "text":
        text, encoding = decode_text(data, name)
        pages = None
    else:
        parsed = parse(data, fmt, opts, name, sandbox=sandbox)
        text, encoding, pages = parsed.text, parsed.encoding, parsed.pages
        warnings.extend(parsed.warnings)
    if len(text) > opts.max_chars:
        raise InputError(f"text is longer than {opts.max_chars:,} characters", source=name)
    return SourceText(
        text=text, name=name, format=fmt, encoding=encoding, sha256=text_sha256(text), pages=pages,
        warnings=tuple(warnings), file_sha256=hashlib.sha256(data).hexdigest(), size=len(data),
    )


def read_path(path: str | os.PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES, sandbox: bool | None = None, **limits) -> SourceText:
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise InputError("no such file", source=name)
    if p.is_dir():
        raise InputError("is a directory, not a file", source=name)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise InputError(f"file is {size:,} bytes, over the limit of {max_bytes:,} (see --max-bytes)", source=name)
        with p.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except PermissionError:
        raise InputError("permission denied", source=name) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=name) from None
    if len(data) > max_bytes:
        raise InputError(f"file is over the limit of {max_bytes:,} bytes (see --max-bytes)", source=name)
    return read_bytes(data, name=p.name, sandbox=sandbox, max_bytes=max_bytes, **limits)
