"""Plain text in UTF-8 (with or without BOM) or GB18030/GBK, decoded exactly once.

Line endings are kept as they are (a CRLF file keeps its ``\\r``) because every offset
of the extraction document indexes this decoded text.
"""

from __future__ import annotations

import codecs

from duban.extract.errors import InputError

# Share of characters that may be control characters before bytes count as binary.
_MAX_CONTROL_SHARE = 0.01
# Share of CJK among letters that a plausible decoding of a Chinese report reaches.
_MIN_CJK_SHARE = 0.3


def _control_share(text: str) -> float:
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\r\n\t\f\v") or 0x7F <= ord(ch) < 0xA0)
    return bad / max(1, len(text))


def _cjk_share(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 1.0
    return sum(1 for ch in letters if "\u4e00" <= ch <= "\u9fff") / len(letters)


def decode_text(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Return (text, encoding); raise InputError when the bytes are not text."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            raise InputError("starts with a UTF-8 byte-order mark but is not valid UTF-8", source=name) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise InputError("has a UTF-16 byte-order mark but is not valid UTF-16", source=name) from None
    if b"\x00" in data[:4096]:
        raise InputError("looks like binary data, not text (NUL bytes)", source=name)
    candidates: list[tuple[str, str]] = []
    for enc in ("utf-8", "gb18030"):
        try:
            candidates.append((data.decode(enc), enc))
        except UnicodeDecodeError:
            continue
    if not candidates:
        text, enc = _guess(data, name)
        candidates.append((text, enc))
    text, enc = candidates[0]
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise InputError("looks like binary data, not text", source=name)
    if enc == "gb18030" and _cjk_share(text) < _MIN_CJK_SHARE:
        raise InputError("cannot tell the text encoding (neither UTF-8 nor GB18030 reads as Chinese)", source=name)
    return text, enc


def _guess(data: bytes, name: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError("cannot decode: not UTF-8, GB18030 or another known text encoding", source=name)
    text = str(best)
    if _cjk_share(text) < _MIN_CJK_SHARE:
        raise InputError(f"cannot decode as Chinese text (best guess {best.encoding} gives no Chinese)", source=name)
    return text, best.encoding
