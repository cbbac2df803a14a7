"""PDF with a text layer -> text, via pypdf; scans, locked and broken files get a plain message."""

from __future__ import annotations

import io
import math
import re
import unicodedata

from duban.extract.errors import InputError
from duban.extract.readers.limits import Limits
from duban.extract.readers.parsed import Parsed
from duban.extract.readers.pdf_layout import Fragment, assemble
from duban.extract.readers.words import reader_words

__all__ = ["read_pdf"]

# Characters that a font without a usable Unicode map turns into.
_JUNK = re.compile(r"[\ue000-\uf8ff\ufffd\x00-\x08\x0b\x0c\x0e-\x1f]")
_MAX_JUNK_SHARE = 0.2
_RADICAL = re.compile(r"[\u2e80-\u2ef3\u2f00-\u2fd5]")
_OCR = "OCR is needed, which Duban does not do; ask for the Word or text version of the report"


def _page_ranges(numbers: list[int]) -> str:
    out, start = [], None
    for k, n in enumerate(numbers):
        if start is None:
            start = n
        if k + 1 == len(numbers) or numbers[k + 1] != n + 1:
            out.append(f"{start}" if start == n else f"{start}-{n}")
            start = None
    return ", ".join(out)


def read_pdf(data: bytes, limits: Limits, name: str) -> Parsed:
    if b"%%EOF" not in data[-4096:]:
        raise InputError("the PDF is truncated (no %%EOF end marker): the download or copy is incomplete", source=name)
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    warnings: list[str] = []
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                unlocked = reader.decrypt("")
            except DependencyError:
                raise InputError("the PDF is encrypted with AES and the 'cryptography' package is not installed", source=name) from None
            if not unlocked:
                raise InputError("the PDF is password-protected; open it with its password and save an unprotected copy", source=name)
            warnings.append("the PDF is encrypted with an empty user password (copy protection); read anyway")
        declared = _declared_pages(reader)
        if declared is not None and declared > limits.max_pages:
            raise InputError(f"the PDF has {declared:,} pages, over the limit of {limits.max_pages:,} (see --max-pages)", source=name)
        count = len(reader.pages)
    except InputError:
        raise
    except MemoryError:
        raise
    except (PdfReadError, FileNotDecryptedError) as exc:
        raise InputError(f"is not a readable PDF ({str(exc).rstrip('.')}); the file is damaged", source=name) from None
    except Exception as exc:  # pypdf raises many kinds of errors on hostile files
        raise InputError(f"is not a readable PDF ({type(exc).__name__}: {exc}); the file is damaged", source=name) from None
    if count > limits.max_pages:
        raise InputError(f"the PDF has {count:,} pages, over the limit of {limits.max_pages:,} (see --max-pages)", source=name)
    if count == 0:
        raise InputError("the PDF has no pages (damaged page tree?)", source=name)
    pages: list[list[Fragment]] = []
    failed: list[int] = []
    empty: list[int] = []
    chars = 0
    for number in range(count):
        try:
            fragments = _fragments(reader.pages[number])
        except MemoryError:
            raise
        except Exception:  # one damaged page must not lose the others
            fragments = []
            failed.append(number + 1)
        pages.append(fragments)
        chars += sum(len(f.text) for f in fragments)
        if chars > limits.max_chars:
            raise InputError(f"text is longer than {limits.max_chars:,} characters (see max_chars)", source=name)
        if not any(f.text.strip() for f in fragments) and number + 1 not in failed:
            empty.append(number + 1)
    if len(failed) == count:
        raise InputError("no page of the PDF can be read; the file is damaged", source=name)
    text = _standard_characters(assemble(pages))
    visible = re.sub(r"\s+", "", text)
    if not visible:
        raise InputError(f"the PDF has no text layer (its {count} page(s) are images, a scan?); {_OCR}", source=name)
    junk = len(_JUNK.findall(visible))
    if junk > _MAX_JUNK_SHARE * len(visible):
        raise InputError(
            f"the PDF's fonts have no usable Unicode mapping ({junk * 100 // len(visible)}% unreadable characters); {_OCR}",
            source=name,
        )
    if failed:
        warnings.append(f"page(s) {_page_ranges(failed)} could not be read and are missing from the text")
    if empty and len(empty) < count:
        warnings.append(f"page(s) {_page_ranges(empty)} have no text layer (images?); their content is missing")
    return Parsed(text=text, pages=count, warnings=warnings)


def _standard_characters(text: str) -> str:
    """Radical code points that CJK fonts map glyphs to, as the ideographs they show."""
    words = reader_words()
    radicals = words.radicals

    def fix(m: re.Match) -> str:
        ch = m.group(0)
        return unicodedata.normalize("NFKC", ch) if ch >= "\u2f00" else radicals.get(ch, ch)

    text = _RADICAL.sub(fix, text)
    if _looks_simplified(text):
        text = text.translate(str.maketrans(words.shared_glyphs))
    return text


# Characters that exist only in simplified Chinese; a text with many is a simplified report.
_SIMPLIFIED = re.compile(r"[们这个发为会国对说时过经进实现开关长门问间见车东业产电动与]")


def _looks_simplified(text: str) -> bool:
    return len(_SIMPLIFIED.findall(text[:20000])) >= 5


def _declared_pages(reader) -> int | None:
    try:
        value = reader.trailer["/Root"]["/Pages"]["/Count"]
        return int(value)
    except Exception:  # a missing or odd /Count is checked again after the page tree is read
        return None


def _fragments(page) -> list[Fragment]:
    frags: list[Fragment] = []

    def visit(text, cm, tm, font_dict, font_size):
        if not text:
            return
        a = tm[0] * cm[0] + tm[1] * cm[2]
        b = tm[0] * cm[1] + tm[1] * cm[3]
        c = tm[2] * cm[0] + tm[3] * cm[2]
        d = tm[2] * cm[1] + tm[3] * cm[3]
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = math.sqrt(abs(a * d - b * c)) or 1.0
        size = float(font_size or 0) * scale
        if not math.isfinite(size) or size <= 0 or size > 1000:
            size = 10.0
        if math.isfinite(x) and math.isfinite(y):
            frags.append(Fragment(str(text), float(x), float(y), size))

    page.extract_text(visitor_text=visit)
    return frags
