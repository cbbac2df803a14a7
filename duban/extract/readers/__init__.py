"""Turn a file (or bytes) into the plain text that every offset of the document indexes.

One entry point, :func:`read_path` / :func:`read_bytes`; the format is detected from the
content, never from the file name.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from duban.extract.errors import InputError
from duban.extract.readers.text import decode_text

__all__ = ["DEFAULT_MAX_BYTES", "SourceText", "read_bytes", "read_path"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class SourceText:
    text: str
    name: str
    format: str
    encoding: str | None
    sha256: str

    def source_info(self) -> dict:
        return {"format": self.format, "encoding": self.encoding, "sha256": self.sha256}


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_bytes(data: bytes, name: str = "<bytes>") -> SourceText:
    if not data:
        raise InputError("file is empty", source=name)
    text, encoding = decode_text(data, name)
    return SourceText(text=text, name=name, format="text", encoding=encoding, sha256=text_sha256(text))


def read_path(path: str | os.PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
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
    return read_bytes(data, name=p.name)
