"""``make fuzz SECONDS=N``: fuzz the readers and the extraction for N seconds.

Uses atheris (libFuzzer, coverage-guided) when it is installed, starting from the seed
files in fuzz/seeds/; otherwise a hypothesis-driven loop over mutated seeds and random
bytes for the same time. Findings are written to var/fuzz/ and the run exits 1.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = ROOT / "var" / "fuzz"


def run_atheris(seconds: int) -> int:
    corpus = OUT / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for seed in (HERE / "seeds").iterdir():
        shutil.copy(seed, corpus / seed.name)
    cmd = [
        sys.executable, str(HERE / "fuzz_readers.py"), str(corpus),
        f"-max_total_time={seconds}", "-timeout=20", "-rss_limit_mb=3072", "-max_len=65536",
        f"-artifact_prefix={OUT}/", "-print_final_stats=1",
    ]
    print("fuzz: atheris", " ".join(cmd[2:]), flush=True)
    return subprocess.call(cmd, cwd=ROOT)


def run_hypothesis(seconds: int) -> int:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    sys.path.insert(0, str(HERE))
    from check import check  # the same property as the atheris target

    seeds = [p.read_bytes() for p in sorted((HERE / "seeds").iterdir())]
    mutated = st.tuples(
        st.sampled_from(seeds),
        st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=16),
        st.floats(0.05, 1.0),
    ).map(_mutate)
    strategy = st.one_of(mutated, st.binary(max_size=4096))

    runs = 0

    @settings(max_examples=200, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def batch(data):
        nonlocal runs
        runs += 1
        check(data)

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        batch()
    print(f"fuzz: hypothesis fallback ran {runs} inputs in {seconds} s without a finding")
    return 0


def _mutate(case) -> bytes:
    seed, flips, keep = case
    data = bytearray(seed)
    for where, value in flips:
        data[min(int(where * len(data)), len(data) - 1)] = value
    return bytes(data[: max(1, int(keep * len(data)))])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--engine", choices=("auto", "atheris", "hypothesis"), default="auto")
    args = parser.parse_args()
    os.environ.setdefault("DUBAN_READER_SANDBOX", "0")
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401

            engine = "atheris"
        except ImportError:
            print("fuzz: atheris is not installed; using the hypothesis fallback", flush=True)
            engine = "hypothesis"
    return run_atheris(args.seconds) if engine == "atheris" else run_hypothesis(args.seconds)


if __name__ == "__main__":
    sys.exit(main())
