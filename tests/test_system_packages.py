"""scripts/system-packages: what `make test`, `make demo` and .ci/run need from Debian; when it
cannot install (not root) it says in one line exactly what to run."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "system-packages"


def _fake(bin_dir: Path, name: str, body: str) -> None:
    path = bin_dir / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)


def run(tmp_path: Path, mode: str) -> subprocess.CompletedProcess:
    """The script as a user who is not root, with a Python that lacks ensurepip (Debian's own
    python3 without python3-venv), in a checkout without a venv."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    _fake(bin_dir, "id", "echo 1000")
    _fake(bin_dir, "python3-without-venv", "exit 1")
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "PYTHON": "python3-without-venv"}
    return subprocess.run(["bash", str(SCRIPT), mode], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)


def test_not_root_it_says_in_one_line_what_to_run_and_fails(tmp_path):
    proc = run(tmp_path, "test")
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "run as root: apt-get update && apt-get install -y --no-install-recommends" in lines[0]
    assert "python3-venv" in lines[0]


def test_the_makefile_and_ci_run_it_before_anything_else():
    makefile = (ROOT / "Makefile").read_text()
    assert "test: system-packages-test $(STAMP)" in makefile and "demo: system-packages-demo $(STAMP)" in makefile
    ci = (ROOT / ".ci" / "run").read_text()
    assert "scripts/system-packages test" in ci and "apt-get" not in ci
