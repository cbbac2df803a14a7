"""``extract_corpus``: every report under a folder becomes rows of a Parquet dataset.

Layout of a dataset folder::

    DATASET/
      dataset.json                  format marker and one entry per run (counts, timings)
      reports/part-R0001-00000.parquet   one row per extracted report
      sections/ tasks/ targets/ results/ list_items/ defects/   same part names
      errors.parquet                files that failed, with stage and message

Parts are written a chunk of reports at a time, item tables first and the ``reports`` part
last, each through a temporary name and an atomic rename: a report counts as done once its
``reports`` row exists. A run that is interrupted leaves only whole chunks; orphan item parts
(a crash between the two writes) are removed when the next run starts. Resuming skips every
file whose SHA-256 is already in ``reports``; failed files are tried again.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from duban import __version__
from duban.corpus.manifest import Manifest
from duban.corpus.runners import Runner, make_runner
from duban.corpus.tables import ITEM_TABLES, SCHEMAS, TABLES, error_row, rows_to_table
from duban.corpus.worker import Job, file_sha256
from duban.extract import InputError

__all__ = ["DATASET_FORMAT", "RunStats", "discover", "extract_corpus", "is_dataset"]

DATASET_FORMAT = "duban.corpus/1"
_PART = re.compile(r"^part-R(\d{4})-(\d{5})\.parquet$")
# Results are written in chunks of this many reports: bounds the parent's memory.
DEFAULT_CHUNK = 200


@dataclass
class RunStats:
    run: int
    runner: str
    workers: int
    files: int = 0
    extracted: int = 0
    skipped_done: int = 0
    skipped_duplicate: int = 0
    failed: int = 0
    seconds: float = 0.0
    rows: dict = field(default_factory=dict)
    unused_manifest: list = field(default_factory=list)
    interrupted: bool = False

    @property
    def reports_per_second(self) -> float:
        return self.extracted / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        d = asdict(self)
        d["reports_per_second"] = round(self.reports_per_second, 3)
        d["seconds"] = round(self.seconds, 3)
        return d


def is_dataset(path: Path) -> bool:
    return (path / "dataset.json").is_file()


def discover(root: Path, dataset: Path | None = None, pattern: str = "*") -> list[Path]:
    """Report files under ``root`` in a stable order; hidden files and the dataset itself are left out."""
    found = []
    skip = dataset.resolve() if dataset is not None else None
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and (skip is None or (here / d).resolve() != skip)
        )
        for name in sorted(filenames):
            if name.startswith(".") or not Path(name).match(pattern):
                continue
            found.append(here / name)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


class _Dataset:
    """Reading the state of a dataset folder and writing its parts."""

    def __init__(self, root: Path):
        self.root = root

    def check(self) -> None:
        """Refuse a path that cannot become or continue a dataset, before anything is written."""
        if self.root.exists() and not self.root.is_dir():
            raise InputError("dataset path exists and is not a folder", source=str(self.root))
        if self.root.is_dir() and any(self.root.iterdir()) and not is_dataset(self.root):
            raise InputError("folder exists and is not a duban dataset (no dataset.json); choose a new folder", source=str(self.root))
        meta = self.read_meta()
        if meta.get("format") != DATASET_FORMAT:
            raise InputError(f"dataset format {meta.get('format')!r} is not {DATASET_FORMAT}", source=str(self.root))

    def prepare(self) -> int:
        self.check()
        for table in TABLES:
            (self.root / table).mkdir(parents=True, exist_ok=True)
        meta = self.read_meta()
        if not is_dataset(self.root):  # mark the folder at once, so a killed first run can resume
            self.write_meta(meta)
        self._clean_orphans()
        runs = [int(m.group(1)) for p in (self.root / "reports").iterdir() if (m := _PART.match(p.name))]
        return max(runs + [len(meta.get("runs", []))], default=0) + 1

    def read_meta(self) -> dict:
        path = self.root / "dataset.json"
        if not path.exists():
            return {"format": DATASET_FORMAT, "runs": []}
        return json.loads(path.read_text(encoding="utf-8"))

    def write_meta(self, meta: dict) -> None:
        self._atomic_bytes(self.root / "dataset.json", json.dumps(meta, ensure_ascii=False, indent=2).encode("utf-8"))

    def _clean_orphans(self) -> None:
        committed = {p.name for p in (self.root / "reports").glob("part-*.parquet")}
        for table in TABLES:
            for p in (self.root / table).iterdir():
                if p.name.endswith(".tmp") or (table != "reports" and _PART.match(p.name) and p.name not in committed):
                    p.unlink()

    def done_hashes(self) -> set[str]:
        done: set[str] = set()
        for p in sorted((self.root / "reports").glob("part-*.parquet")):
            done.update(pq.read_table(p, columns=["file_sha256"]).column(0).to_pylist())
        return done

    def previous_errors(self) -> list[dict]:
        path = self.root / "errors.parquet"
        return pq.read_table(path).to_pylist() if path.exists() else []

    def write_part(self, table: str, name: str, rows: list[dict]) -> None:
        self._atomic_table(self.root / table / name, rows_to_table(table, rows))

    def write_errors(self, rows: list[dict]) -> None:
        self._atomic_table(self.root / "errors.parquet", rows_to_table("errors", rows))

    @staticmethod
    def _atomic_table(path: Path, table: pa.Table) -> None:
        tmp = path.with_name(path.name + ".tmp")
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, path)

    @staticmethod
    def _atomic_bytes(path: Path, data: bytes) -> None:
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)


def _jobs(
    root: Path,
    files: list[Path],
    done: set[str],
    stats: RunStats,
    errors: list[dict],
    manifest: Manifest | None,
    max_bytes: int,
    timeout: float | None,
    tick: Callable[[], None],
) -> Iterator[Job]:
    seen: set[str] = set()
    for path in files:
        rel = path.relative_to(root).as_posix()
        try:
            size = path.stat().st_size
            if size > max_bytes:
                raise InputError(f"file is {size:,} bytes, over the limit of {max_bytes:,} (see --max-bytes)")
            data = path.read_bytes()
        except (OSError, InputError) as exc:
            message = exc.reason if isinstance(exc, InputError) else (exc.strerror or str(exc))
            errors.append(error_row(None, rel, None, "read", type(exc).__name__, message))
            stats.failed += 1
            tick()
            continue
        sha = file_sha256(data)
        if sha in done:
            stats.skipped_done += 1
            tick()
            continue
        if sha in seen:
            stats.skipped_duplicate += 1
            tick()
            continue
        seen.add(sha)
        override = manifest.lookup(rel, sha) if manifest else {}
        yield Job(path=rel, data=data, sha256=sha, override=override, max_bytes=max_bytes, timeout=timeout)


def extract_corpus(
    source: str | os.PathLike,
    dataset: str | os.PathLike,
    *,
    workers: int | None = None,
    dask_address: str | None = None,
    dask_local: int | None = None,
    dask_timeout: float = 30.0,
    runner: Runner | None = None,
    manifest: Manifest | None = None,
    pattern: str = "*",
    chunk: int = DEFAULT_CHUNK,
    max_bytes: int = 20 * 1024 * 1024,
    timeout: float | None = 300.0,
    on_start: Callable[[int, str], None] | None = None,
    on_file: Callable[[], None] | None = None,
) -> RunStats:
    """Extract every report under ``source`` into the dataset folder ``dataset``.

    ``on_start(total_files, runner_description)`` and ``on_file()`` drive a progress display.
    """
    root = Path(source)
    if not root.exists():
        raise InputError("no such folder", source=str(source))
    if not root.is_dir():
        raise InputError("is not a folder of reports", source=str(source))
    if chunk < 1:
        raise ValueError("chunk must be at least 1")
    out = _Dataset(Path(dataset))
    out.check()
    # Start the runner (connect to the cluster) before the folder is created: a scheduler that
    # cannot be reached leaves nothing behind.
    own_runner = runner is None
    runner = runner or make_runner(workers, dask_address, dask_local, dask_timeout)
    try:
        run = out.prepare()
        meta = out.read_meta()
        files = discover(root, Path(dataset), pattern)
        done = out.done_hashes()
        previous = out.previous_errors()
    except BaseException:
        if own_runner:
            runner.close()
        raise
    stats = RunStats(run=run, runner=runner.description, workers=runner.workers, files=len(files))
    stats.rows = {t: 0 for t in TABLES}
    if on_start:
        on_start(len(files), runner.description)
    tick = on_file or (lambda: None)

    errors: list[dict] = []
    attempted: set[str] = set()
    attempted_paths: set[str] = set()
    buffer: dict[str, list[dict]] = {t: [] for t in TABLES}
    pending = 0
    seq = 0

    def flush():
        nonlocal pending, seq
        if not pending:
            return
        name = f"part-R{run:04d}-{seq:05d}.parquet"
        for table in ITEM_TABLES:  # the reports part last: it is what marks these reports done
            out.write_part(table, name, buffer[table])
        out.write_part("reports", name, buffer["reports"])
        for table in TABLES:
            stats.rows[table] += len(buffer[table])
            buffer[table] = []
        pending = 0
        seq += 1

    started = time.perf_counter()
    try:
        jobs = _jobs(root, files, done, stats, errors, manifest, max_bytes, timeout, tick)
        for job, result in runner.map(jobs):
            attempted.add(job.sha256)
            attempted_paths.add(job.path)
            if result["ok"]:
                for table, rows in result["rows"].items():
                    buffer[table].extend(rows)
                pending += 1
                stats.extracted += 1
                if pending >= chunk:
                    flush()
            else:
                errors.append(result["error"])
                stats.failed += 1
            tick()
    except KeyboardInterrupt:
        stats.interrupted = True
        raise
    finally:
        flush()
        stats.seconds = time.perf_counter() - started  # shutting the workers down is not extraction
        if own_runner:
            runner.close()
        # Earlier failures stay recorded unless this run tried the file again.
        tried_paths = attempted_paths | {e["path"] for e in errors}
        kept = [e for e in previous if e["path"] not in tried_paths and e.get("file_sha256") not in attempted]
        out.write_errors(kept + errors)
        if manifest is not None:
            stats.unused_manifest = manifest.unused()
        meta.setdefault("format", DATASET_FORMAT)
        meta.setdefault("created", datetime.now(UTC).isoformat(timespec="seconds"))
        meta["duban_version"] = __version__
        meta["tables"] = {t: [f.name for f in SCHEMAS[t]] for t in (*TABLES, "errors")}
        meta.setdefault("runs", []).append(
            {"finished": datetime.now(UTC).isoformat(timespec="seconds"), "source": str(root.resolve()), **stats.as_dict()}
        )
        out.write_meta(meta)
    return stats
