"""HTML page -> the article's text, without the page around it.

Government portals wrap a report in navigation, share buttons, "打印本页 / 关闭窗口"
and footers. The article body is found as the smallest element that still holds most
of the page's Chinese text outside links (known CMS containers such as ``#zoom`` are
tried first); its blocks become lines, its data tables become list lines
(:mod:`tables`), and leftover chrome lines are dropped.
"""

from __future__ import annotations

import codecs
import re

from duban.extract.errors import InputError
from duban.extract.markers import ARABIC, CN_COMMA, PAREN_ARABIC
from duban.extract.readers.limits import Limits
from duban.extract.readers.parsed import Parsed
from duban.extract.readers.tables import Cell, render_table
from duban.extract.readers.words import reader_words

__all__ = ["decode_html", "read_html"]

_BLOCK = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption figure "
    "footer h1 h2 h3 h4 h5 h6 header hr html legend li main menu ol p pre section summary table tbody thead "
    "tfoot tr td th ul caption".split()
)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
                    "cp936": "gb18030", "ms936": "gb18030", "euc-cn": "gb18030", "hz-gb-2312": "gb18030"}
_MHTML_HEAD = re.compile(rb"^(?:[A-Za-z-]+:[^\n]*\n(?:[ \t][^\n]*\n)*)*?mime-version:\s*1\.0", re.IGNORECASE)
_WS = re.compile(r"[ \t\r\n\f\u00a0]+")
_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")
# Share of the page's Chinese text (outside links) that the article container must hold.
_BODY_SHARE = 0.85


def decode_html(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """Return (html, encoding, warnings): BOM, then <meta charset>, then UTF-8/GB18030/guess."""
    warnings: list[str] = []
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc, warnings
    declared = _META_CHARSET.search(data[:4096])
    candidates = []
    if declared:
        label = declared.group(1).decode("ascii", "ignore").lower()
        label = _CHARSET_ALIASES.get(label, label)
        try:
            codecs.lookup(label)
            candidates.append(label)
        except LookupError:
            warnings.append(f"unknown charset {label!r} declared in the page; guessed instead")
    candidates += [enc for enc in ("utf-8", "gb18030") if enc not in candidates]
    for enc in candidates:
        try:
            return data.decode(enc), enc, warnings
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data[:2_000_000]).best()
    enc = best.encoding if best is not None else candidates[0]
    warnings.append(f"the page is not valid {candidates[0]}; decoded as {enc} with replacement characters")
    return data.decode(enc, errors="replace"), enc, warnings


def _mhtml_page(data: bytes, name: str) -> tuple[bytes, str | None] | None:
    """The HTML part of a saved web page (.mht), with its declared charset; None if not MIME."""
    if not _MHTML_HEAD.match(data[:4096].lstrip()):
        return None
    import email
    import email.policy

    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and payload:
                return payload, part.get_content_charset()
    raise InputError("this saved web page (.mht) has no HTML part", source=name)


def read_html(data: bytes, limits: Limits, name: str) -> Parsed:
    charset = None
    saved = _mhtml_page(data, name)
    if saved is not None:
        data, charset = saved
        if charset and not _META_CHARSET.search(data[:4096]):
            # The MIME header names the charset; put it where decode_html looks.
            data = f'<meta charset="{charset}">'.encode("ascii", "ignore") + data
    html, encoding, warnings = decode_html(data, name)
    try:
        from selectolax.lexbor import LexborHTMLParser

        tree = LexborHTMLParser(html)
    except MemoryError:
        raise
    except Exception as exc:
        raise InputError(f"cannot parse the HTML page ({type(exc).__name__}: {exc})", source=name) from None
    words = reader_words()
    tree.strip_tags(list(words.drop_tags))
    root = tree.body or tree.root
    if root is None:
        raise InputError("the HTML page has no body", source=name)
    counts = _cjk_counts(root)
    node = _article(tree, root, counts)
    lines = _Renderer(limits, name).render(node)
    title = _title(tree, node)
    if title and (not lines or lines[0] != title):
        lines.insert(0, title)
    lines = [line for line in lines if not _is_chrome(line, words)]
    text = "\n".join(lines)
    if not text.strip():
        raise InputError("the HTML page contains no article text", source=name)
    return Parsed(text=text, encoding=encoding, warnings=warnings)


def _tag(node) -> str:
    # Lexbor gives no tag name to elements whose names it cannot represent; read them as inline.
    return node.tag or "x-unknown"


def _children(node):
    return list(node.iter(include_text=True))


def _cjk_counts(root) -> dict[int, int]:
    """Chinese characters outside links under each element, keyed by ``mem_id``."""
    counts: dict[int, int] = {}
    stack = [(root, False, False)]
    while stack:
        node, done, in_link = stack.pop()
        if done:
            parent = node.parent
            if parent is not None and node.mem_id != root.mem_id:
                counts[parent.mem_id] = counts.get(parent.mem_id, 0) + counts.get(node.mem_id, 0)
            continue
        if _tag(node) == "-text":
            if not in_link:
                parent = node.parent
                counts[parent.mem_id] = counts.get(parent.mem_id, 0) + len(_CJK.findall(node.text_content or ""))
            continue
        if _tag(node).startswith("-"):
            continue
        stack.append((node, True, in_link))
        link = in_link or _tag(node) == "a"
        for child in reversed(_children(node)):
            stack.append((child, False, link))
    return counts


def _article(tree, root, counts: dict[int, int]):
    words = reader_words()
    for selector in words.body_selectors:
        for candidate in tree.css(selector):
            if (candidate.text(deep=True) or "").strip():
                return candidate
    total = counts.get(root.mem_id, 0)
    if total == 0:
        return root
    for selector in words.body_hints:
        for candidate in tree.css(selector):
            if counts.get(candidate.mem_id, 0) >= 0.6 * total:
                return candidate
    node = root
    while True:
        best = None
        for child in _children(node):
            if not _tag(child).startswith("-") and counts.get(child.mem_id, 0) >= _BODY_SHARE * total:
                best = child
                break
        if best is None:
            return node
        node = best


def _title(tree, article) -> str | None:
    """The headline when it sits outside the article container."""
    if article.css_first("h1") is not None:
        return None
    article_id = article.mem_id
    for selector in reader_words().title_selectors:
        for candidate in tree.css(selector):
            ancestor, inside = candidate, False
            while ancestor is not None:
                if ancestor.mem_id == article_id:
                    inside = True
                    break
                ancestor = ancestor.parent
            text = _normalise(candidate.text(deep=True, separator=""))
            if not inside and 4 <= len(text) <= 100 and _CJK.search(text):
                return text
    return None


def _normalise(raw: str) -> str:
    def space(m: re.Match) -> str:
        # A line break next to a Chinese character is source formatting, not a space (the
        # segment-break rule of CSS Text 3 that browsers apply).
        s, e = m.start(), m.end()
        if "\n" in m.group(0) and ((0 < s and _WIDE.match(raw[s - 1])) or (e < len(raw) and _WIDE.match(raw[e]))):
            return ""
        return " "

    return _WS.sub(space, raw).strip(" \u3000")


def _is_chrome(line: str, words) -> bool:
    if len(line) > words.chrome_max_chars or not _CJK.search(line):
        return False  # chrome is made of words; a line of bare punctuation is the author's
    return bool(words.chrome_line.match(line) or words.metadata_line.match(line))


class _Renderer:
    def __init__(self, limits: Limits, name: str):
        self.limits = limits
        self.name = name
        self.lines: list[str] = []
        self.buffer: list[str] = []
        self.chars = 0

    def flush(self) -> None:
        if self.buffer:
            line = _normalise("".join(self.buffer))
            self.buffer = []
            if line:
                self.emit(line)

    def emit(self, line: str) -> None:
        self.chars += len(line) + 1
        if self.chars > self.limits.max_chars:
            raise InputError(f"text is longer than {self.limits.max_chars:,} characters (see max_chars)", source=self.name)
        self.lines.append(line)

    def render(self, root) -> list[str]:
        # Third item: inside <pre>, where the source's line breaks are the text's own
        # (some portals publish the plain-text report in one <pre>).
        stack = [(root, False, False)]
        while stack:
            node, done, pre = stack.pop()
            tag = _tag(node)
            if done:
                if tag in _BLOCK:
                    self.flush()
                continue
            if tag == "-text":
                content = node.text_content or ""
                if pre:
                    first, *rest = content.split("\n")
                    self.buffer.append(first)
                    for piece in rest:
                        self.flush()
                        self.buffer.append(piece)
                else:
                    self.buffer.append(content)
                continue
            if tag.startswith("-"):
                continue
            if tag == "br":
                self.flush()
                continue
            if tag == "table" and _is_data_table(node):
                self.flush()
                for line in render_table(_table_grid(node)):
                    self.emit(line)
                continue
            if tag in _BLOCK:
                self.flush()
            if tag == "li":
                self.buffer.append(_list_marker(node))
            stack.append((node, True, pre))
            inner = pre or tag in ("pre", "textarea", "listing", "plaintext", "xmp")
            for child in reversed(_children(node)):
                stack.append((child, False, inner))
        self.flush()
        return self.lines


_MARKED = re.compile(rf"^\s*(?:{ARABIC}|{PAREN_ARABIC}|{CN_COMMA})")


def _list_marker(li) -> str:
    parent = li.parent
    if parent is None or _tag(parent) != "ol":
        return ""
    if _MARKED.match(li.text(deep=True) or ""):
        return ""
    try:
        n = int((parent.attributes.get("start") or "1").strip())
    except ValueError:
        n = 1
    for sibling in _children(parent):
        if sibling.mem_id == li.mem_id:
            break
        if _tag(sibling) == "li":
            n += 1
    return f"{n}. "


def _rows(table):
    """The table's own rows (not those of nested tables)."""
    rows = []
    for child in _children(table):
        if _tag(child) == "tr":
            rows.append(child)
        elif _tag(child) in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in _children(child) if _tag(c) == "tr")
    return rows


def _is_data_table(table) -> bool:
    """A table of rows and columns; layout tables (whole pages in cells) are read as blocks."""
    if any(inner.mem_id != table.mem_id for inner in table.css("table")):
        return False
    rows = _rows(table)
    if len(rows) < 2:
        return False
    for cell in table.css("td, th"):
        if len(_CJK.findall(cell.text(deep=True) or "")) > 600:
            return False
    return True


def _span(node, attr: str) -> int:
    # Browsers clamp colspan to 1000 and rowspan to 65534; a report table needs far less,
    # and a hostile page must not turn one cell into millions.
    limit = 64 if attr == "colspan" else 1000
    try:
        return max(1, min(int((node.attributes.get(attr) or "1").strip()), limit))
    except ValueError:
        return 1


def _table_grid(table) -> list[list[Cell]]:
    grid: list[list[Cell]] = []
    carry: dict[int, tuple[str, int]] = {}  # column -> (text, rows still covered) from rowspan
    for tr in _rows(table):
        row: list[Cell] = []
        col = 0
        cells = [c for c in _children(tr) if _tag(c) in ("td", "th")]
        for cell in cells:
            while col in carry:
                text, left = carry[col]
                row.append(Cell(text))
                carry[col] = (text, left - 1) if left > 1 else None
                if carry[col] is None:
                    del carry[col]
                col += 1
            text = _cell_text(cell)
            colspan, rowspan = _span(cell, "colspan"), _span(cell, "rowspan")
            for k in range(colspan):
                row.append(Cell(text if k == 0 else "", spanned=k > 0))
                if rowspan > 1 and k == 0:
                    carry[col] = (text, rowspan - 1)
                col += 1
        while col in carry:
            text, left = carry[col]
            row.append(Cell(text))
            if left > 1:
                carry[col] = (text, left - 1)
            else:
                del carry[col]
            col += 1
        grid.append(row)
    return grid


def _cell_text(cell) -> str:
    renderer = _Renderer(Limits(), "<cell>")
    return " ".join(renderer.render(cell))
