"""A CSV manifest overrides the detected place, year and level of chosen reports.

Columns (header required, UTF-8 or GB18030 as Excel saves it): one of ``path`` (relative to
the corpus folder), ``file`` (a file name) or ``sha256``, and any of ``place``, ``year``,
``level``. Rows are matched to files by path, then by file name, then by SHA-256.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from duban.extract import InputError

__all__ = ["LEVELS", "Manifest", "load_manifest"]

LEVELS = ("national", "province", "city", "county")
_KEYS = ("path", "file", "sha256")
_VALUES = ("place", "year", "level")


@dataclass
class Manifest:
    by_path: dict = field(default_factory=dict)
    by_file: dict = field(default_factory=dict)
    by_sha: dict = field(default_factory=dict)
    used: set = field(default_factory=set)

    def lookup(self, path: str, sha256: str) -> dict:
        for key, table in ((("path", path), self.by_path), (("file", PurePosixPath(path).name), self.by_file), (("sha256", sha256), self.by_sha)):
            entry = table.get(key[1])
            if entry is not None:
                self.used.add(key)
                return entry
        return {}

    def unused(self) -> list[str]:
        names = [("path", k) for k in self.by_path] + [("file", k) for k in self.by_file] + [("sha256", k) for k in self.by_sha]
        return [f"{kind}={value}" for kind, value in names if (kind, value) not in self.used]


def _decode(data: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("manifest is neither UTF-8 nor GB18030 text", source=name)


def load_manifest(path: str | Path) -> Manifest:
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("manifest not found", source=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read manifest: {exc.strerror or exc}", source=str(path)) from None
    reader = csv.DictReader(io.StringIO(_decode(data, str(path))))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if not header:
        raise InputError("manifest is empty: expected a header such as path,place,year", source=str(path))
    unknown = [h for h in header if h not in _KEYS + _VALUES]
    if unknown:
        raise InputError(f"manifest has unknown column(s) {', '.join(unknown)}; allowed: {', '.join(_KEYS + _VALUES)}", source=str(path))
    if not any(k in header for k in _KEYS):
        raise InputError("manifest needs a path, file or sha256 column to say which report a row is about", source=str(path))
    reader.fieldnames = header
    manifest = Manifest()
    for line, raw in enumerate(reader, start=2):
        row = {k: (v or "").strip() for k, v in raw.items() if k is not None}
        entry: dict = {}
        if row.get("place"):
            entry["place"] = row["place"]
        if row.get("year"):
            try:
                entry["year"] = int(row["year"])
            except ValueError:
                raise InputError(f"line {line}: year {row['year']!r} is not a whole number", source=str(path)) from None
            if not 1949 <= entry["year"] <= 2100:
                raise InputError(f"line {line}: year {entry['year']} is out of range 1949-2100", source=str(path))
        if row.get("level"):
            if row["level"] not in LEVELS:
                raise InputError(f"line {line}: level {row['level']!r} is not one of {', '.join(LEVELS)}", source=str(path))
            entry["level"] = row["level"]
        if row.get("path"):
            manifest.by_path[PurePosixPath(row["path"].replace("\\", "/")).as_posix()] = entry
        elif row.get("file"):
            manifest.by_file[row["file"]] = entry
        elif row.get("sha256"):
            manifest.by_sha[row["sha256"].lower()] = entry
        else:
            raise InputError(f"line {line}: no path, file or sha256 given", source=str(path))
    return manifest
