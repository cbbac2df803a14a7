"""Word .docx -> text: body paragraphs and tables in document order.

The archive is checked first (:mod:`ziparchive`); python-docx then opens the package and
gives the table grid (merged cells resolved). Paragraph text is read from the XML
directly so that tracked insertions count, deletions do not, and text boxes that Word
stores twice (mc:Choice and mc:Fallback) are not doubled. Automatic list numbers, which
the XML does not contain as text, are rendered by :mod:`docx_numbering`.
"""

from __future__ import annotations

import io

from duban.extract.errors import InputError
from duban.extract.readers.docx_numbering import Numbering
from duban.extract.readers.limits import Limits
from duban.extract.readers.parsed import Parsed
from duban.extract.readers.tables import Cell, render_table
from duban.extract.readers.ziparchive import open_docx_archive

__all__ = ["read_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Subtrees whose text is not part of the current document text.
_SKIP = {_W + "del", _W + "moveFrom", _W + "txbxContent", _MC + "Fallback", _W + "instrText",
         _W + "delText", _W + "footnoteReference", _W + "commentReference", _W + "rPr", _W + "pPr"}
_MAX_GRID_SPAN = 63
_CONTAINERS = {_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "smartTag", _W + "ins", _W + "moveTo"}


def read_docx(data: bytes, limits: Limits, name: str) -> Parsed:
    open_docx_archive(data, limits, name)
    try:
        import docx
        from docx.table import Table

        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        if body is None:
            raise InputError("the Word document has no body", source=name)
    except InputError:
        raise
    except MemoryError:
        raise
    except Exception as exc:
        raise InputError(f"cannot open the Word document ({type(exc).__name__}: {exc})", source=name) from None
    warnings: list[str] = []
    numbering = Numbering.from_document(document, warnings)
    reader = _BodyReader(document, Table, numbering, limits, name)
    lines = reader.blocks(body)
    text = "\n".join(line for line in lines if line.strip())
    if not text.strip():
        raise InputError("the Word document contains no text (only images? a scanned page needs OCR)", source=name)
    return Parsed(text=text, encoding=None, warnings=warnings)


class _BodyReader:
    def __init__(self, document, table_cls, numbering: Numbering, limits: Limits, name: str):
        self.document = document
        self.table_cls = table_cls
        self.numbering = numbering
        self.limits = limits
        self.name = name
        self.chars = 0

    def blocks(self, container) -> list[str]:
        lines: list[str] = []
        for child in container.iterchildren():
            tag = child.tag
            if tag == _W + "p":
                line = self.numbering.label(child) + paragraph_text(child)
                self._count(line)
                lines.append(line)
            elif tag == _W + "tbl":
                for line in self.table(child):
                    self._count(line)
                    lines.append(line)
            elif tag in _CONTAINERS:
                lines.extend(self.blocks(child))
        return lines

    def _count(self, line: str) -> None:
        self.chars += len(line) + 1
        if self.chars > self.limits.max_chars:
            raise InputError(f"text is longer than {self.limits.max_chars:,} characters (see max_chars)", source=self.name)

    def table(self, tbl) -> list[str]:
        table = self.table_cls(tbl, self.document._body)
        grid: list[list[Cell]] = []
        try:
            if any(_int_attr(span) > _MAX_GRID_SPAN for span in tbl.iter(_W + "gridSpan")):
                raise ValueError("gridSpan beyond Word's 63 columns")  # python-docx would repeat the cell that often
            for row in table.rows:
                cells, previous = [], None
                for cell in row.cells:
                    spanned = cell._tc is previous
                    previous = cell._tc
                    cells.append(Cell("" if spanned else self.cell_text(cell._tc), spanned=spanned))
                grid.append(cells)
        except (IndexError, ValueError, AttributeError, TypeError):
            # A malformed merge (vMerge="continue" in the first row ...): read each cell as it stands.
            grid = [[Cell(self.cell_text(tc)) for tc in tr.iterchildren(_W + "tc")] for tr in tbl.iterchildren(_W + "tr")]
        return render_table(grid)

    def cell_text(self, tc) -> str:
        return " ".join(line for line in self.blocks(tc) if line.strip())


def _int_attr(element) -> int:
    try:
        return int(element.get(_W + "val", "1"))
    except ValueError:
        return 1


def paragraph_text(p) -> str:
    parts: list[str] = []
    _collect(p, parts)
    return "".join(parts)


def _collect(element, parts: list[str]) -> None:
    for child in element.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == _W + "t":
            parts.append(child.text or "")
        elif tag == _W + "tab" or tag == _W + "ptab":
            parts.append("\t")
        elif tag == _W + "br":
            if child.get(_W + "type") not in ("page", "column"):
                parts.append("\n")
        elif tag == _W + "cr":
            parts.append("\n")
        elif tag == _W + "noBreakHyphen":
            parts.append("-")
        else:
            _collect(child, parts)
