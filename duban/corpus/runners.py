"""Where :func:`duban.corpus.worker.run_job` runs: in this process, in local worker
processes, or on a dask.distributed cluster.

Every runner yields results in the order jobs were given and keeps only a bounded window of
jobs in flight, so the parent's memory does not grow with the corpus and the dataset's
parts come out the same whichever runner produced them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator

from duban.corpus.tables import error_row
from duban.corpus.worker import Job, report_id_for, run_batch, run_job
from duban.extract import InputError

__all__ = ["DaskRunner", "ProcessRunner", "Runner", "SerialRunner", "make_runner"]


def _lost(job: Job, message: str, exc_type: str = "WorkerLost") -> dict:
    row = error_row(report_id_for(job.sha256), job.path, job.sha256, "worker", exc_type, message)
    return {"ok": False, "path": job.path, "sha256": job.sha256, "error": row}


class Runner:
    workers = 1
    description = "in-process"

    def map(self, jobs: Iterable[Job]) -> Iterator[tuple[Job, dict]]:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class SerialRunner(Runner):
    """One worker: extraction runs in this process (no start-up cost, easiest to debug)."""

    def map(self, jobs):
        for job in jobs:
            yield job, run_job(job)


class ProcessRunner(Runner):
    """N local worker processes. A worker that dies (out of memory, a crash in a C library)
    breaks the whole pool and every job in flight with it; those jobs are then retried one
    at a time in a fresh pool, so only the file that kills a worker becomes an error row."""

    def __init__(self, workers: int):
        self.workers = workers
        self.description = f"{workers} local processes"
        self._pool = None

    def _new_pool(self):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # forkserver: the parent runs a progress thread, and forking a threaded process can deadlock.
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx)

    def _restart(self):
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._new_pool()

    def _alone(self, job: Job) -> dict:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return self._pool.submit(run_job, job).result()
        except BrokenProcessPool:
            self._restart()
            return _lost(job, "the worker process died while extracting this file (out of memory or a crash)")

    def map(self, jobs):
        from concurrent.futures.process import BrokenProcessPool

        if self._pool is None:
            self._pool = self._new_pool()
        window: deque = deque()  # (job, future)
        limit = self.workers * 4
        it = iter(jobs)
        exhausted = False
        while True:
            while not exhausted and len(window) < limit:
                job = next(it, None)
                if job is None:
                    exhausted = True
                    break
                window.append((job, self._pool.submit(run_job, job)))
            if not window:
                return
            job, fut = window.popleft()
            try:
                result = fut.result()
            except BrokenProcessPool:
                # Futures that finished before the crash keep their results; the rest are suspects.
                suspects = [(job, fut)] + list(window)
                window.clear()
                self._restart()
                for j, f in suspects:
                    if f.done() and not f.cancelled() and f.exception() is None:
                        yield j, f.result()
                    else:
                        yield j, self._alone(j)
                continue
            except Exception as exc:  # pickling trouble and the like: record, go on
                result = _lost(job, f"{type(exc).__name__}: {exc}", "WorkerError")
            yield job, result

    def close(self):
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class DaskRunner(Runner):
    """A dask.distributed cluster: an existing scheduler (``address``) or a LocalCluster of
    ``local_workers`` single-threaded worker processes. File bytes travel with each task, so
    the workers need the ``duban`` package but no shared file system. Files go in batches of
    ``batch`` per task, because every task costs a round trip through the scheduler."""

    def __init__(self, address: str | None = None, local_workers: int | None = None, timeout: float = 30.0, batch: int = 8):
        import dask
        from dask.distributed import Client, LocalCluster

        self._cluster = None
        self.batch = max(1, batch)
        # dask keeps the last N messages of every connection for debugging (default 1,000);
        # ours carry whole files, so that log alone grew the parent by ~150 MB over 5,000
        # reports. Restored when the runner closes.
        self._config = dask.config.set({"distributed.admin.low-level-log-length": 0})
        if address:
            try:
                self._client = Client(address, timeout=f"{timeout}s")
            except (OSError, TimeoutError) as exc:
                self._config.__exit__(None, None, None)
                raise InputError(f"cannot reach the Dask scheduler {address}: {exc}") from None
            self.description = f"dask cluster at {address}"
        else:
            self._cluster = LocalCluster(
                n_workers=local_workers or 1,
                threads_per_worker=1,
                processes=True,
                # The scheduler always serves HTTP (health, metrics); a free port instead of
                # 8787 lets several clusters (and test runs) share a machine.
                dashboard_address=":0",
                silence_logs=40,
            )
            self._client = Client(self._cluster)
            self.description = f"dask LocalCluster of {local_workers} workers"
        self.workers = max(1, sum(self._client.nthreads().values()))

    def _one(self, job: Job) -> dict:
        fut = self._client.submit(run_job, job, pure=False)
        try:
            return fut.result()
        except Exception as exc:  # KilledWorker, lost connection: this file fails, the run goes on
            return _lost(job, f"{type(exc).__name__}: {exc}", type(exc).__name__)
        finally:
            fut.release()

    def map(self, jobs):
        from itertools import islice

        window: deque = deque()  # (batch, future)
        limit = self.workers * 2
        it = iter(jobs)
        exhausted = False
        while True:
            while not exhausted and len(window) < limit:
                batch = list(islice(it, self.batch))
                if not batch:
                    exhausted = True
                    break
                window.append((batch, self._client.submit(run_batch, batch, pure=False)))
            if not window:
                return
            batch, fut = window.popleft()
            try:
                results = fut.result()
            except Exception:
                # One file may have killed its worker: retry the batch file by file, so only
                # that file is recorded as failed.
                results = [self._one(job) for job in batch]
            finally:
                fut.release()
            yield from zip(batch, results, strict=True)

    def close(self):
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._config.__exit__(None, None, None)


def make_runner(
    workers: int | None = None, dask_address: str | None = None, dask_local: int | None = None, dask_timeout: float = 30.0
) -> Runner:
    import os

    if dask_address or dask_local:
        return DaskRunner(address=dask_address, local_workers=dask_local, timeout=dask_timeout)
    workers = workers or os.cpu_count() or 1
    return SerialRunner() if workers == 1 else ProcessRunner(workers)
