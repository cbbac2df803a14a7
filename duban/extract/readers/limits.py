"""Resource limits for reading one untrusted file, with defaults sized for real reports.

A government work report is a few hundred KB of text: a 300-page PDF or a .docx with
photos stays far below every default. The limits exist so that a hostile or broken file
(zip bomb, page bomb, entity expansion, parser blow-up) fails fast with a clear message
instead of eating the server.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

__all__ = ["DEFAULT_MAX_BYTES", "Limits"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MIN_MEMORY_MB = 64


@dataclass(frozen=True)
class Limits:
    # Size of the file as stored.
    max_bytes: int = DEFAULT_MAX_BYTES
    # PDF pages; the longest provincial reports run to ~80 pages.
    max_pages: int = 2000
    # Sum of the declared uncompressed sizes of a .docx (zip) archive.
    max_unpacked: int = 256 * 1024 * 1024
    # Entries in a .docx archive; real ones hold 10-300 (parts, images, fonts).
    max_entries: int = 2000
    # Uncompressed/compressed size of one entry; XML compresses 5-30x, bombs 1000x.
    max_ratio: float = 200.0
    # Wall-clock seconds the child process may spend parsing.
    max_seconds: float = 60.0
    # Address-space limit of the child process, in MiB.
    max_memory_mb: int = 1536
    # Characters of extracted text; a report is ~30k-200k characters.
    max_chars: int = 20_000_000

    @classmethod
    def from_options(cls, **options) -> Limits:
        """Build limits from keyword options, rejecting unknown names and silly values."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(options) - known)
        if unknown:
            raise TypeError(f"unknown reader limit(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        given = {k: v for k, v in options.items() if v is not None}
        for key, value in given.items():
            if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"reader limit {key} must be a positive number, got {value!r}")
        if given.get("max_memory_mb", MIN_MEMORY_MB) < MIN_MEMORY_MB:
            # Below this the interpreter itself cannot start its parsers.
            raise ValueError(f"reader limit max_memory_mb must be at least {MIN_MEMORY_MB}")
        return replace(cls(), **given)
