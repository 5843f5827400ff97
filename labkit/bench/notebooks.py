"""The notebook suite under nbval: its floor, and (when asked) its real time.

DESIGN.md's target: the whole suite under nbval on 2 cores takes at most 2x the
sum, over the notebooks, of a bare kernel's start plus moto's start-up in it.
The floor is measured per notebook as a fresh kernel's start plus ``import
labkit; labkit.start()`` in it (medians from :mod:`labkit.bench.kernel`), times
the number of notebooks of the course. Running the suite itself is slow, so
only ``labkit bench --notebooks`` does it: ``pytest --nbval`` over the master
edition, with two workers when pytest-xdist is installed.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ._util import Log, quiet

__all__ = ["course_notebooks", "floor", "run_suite"]


def course_notebooks(source: Path | None = None) -> list[Path]:
    """Every notebook of the master edition (all languages), in a stable order."""
    from labkit.paths import course_source

    root = source or course_source()
    return sorted(p for p in root.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def floor(kernel: dict[str, Any], count: int) -> dict[str, Any]:
    """The suite's floor from the kernel figures: (kernel start + labkit start) x notebooks."""
    per_notebook = kernel["bare_kernel"]["start_s"] + kernel["labkit"]["start_s"]
    return {"notebooks": count, "per_notebook_s": per_notebook, "floor_s": per_notebook * count,
            "target_s": 2 * per_notebook * count}


def run_suite(paths: list[Path] | None = None, log: Log = quiet, timeout: float = 3600) -> dict[str, Any]:
    """Run ``pytest --nbval`` over the notebooks; wall time, outcome counts and the exit code."""
    notebooks = paths if paths is not None else course_notebooks()
    missing = [name for name in ("pytest", "nbval") if importlib.util.find_spec(name) is None]
    if missing:
        return {"measured": False, "reason": f"{' and '.join(missing)} not installed (pip install 'labkit[test]')"}
    # As `make test`: two workers, each notebook whole on one worker (its cells share a kernel).
    workers = ["-n", "2", "--dist", "loadfile"] if importlib.util.find_spec("xdist") is not None else []
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval", *workers,
               *(str(p) for p in notebooks)]
    log(f"  running {len(notebooks)} notebooks under nbval ({'2 workers' if workers else '1 worker'})")
    with tempfile.TemporaryDirectory(prefix="labkit-bench-nbval-") as home:
        # As the repository's conftest.py does: a throw-away LABKIT_HOME and a fixed learner,
        # so quizzes shuffle the same way as in the committed outputs.
        env = dict(os.environ, LABKIT_HOME=home, LABKIT_LEARNER="learner")
        env.pop("LABKIT_LANG", None)
        cwd = Path(os.path.commonpath([str(p.parent) for p in notebooks])) if notebooks else None
        started = time.perf_counter()
        try:
            proc = subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout, cwd=cwd)
        except subprocess.TimeoutExpired:
            return {"measured": False, "reason": f"nbval did not finish within {timeout:.0f} s"}
        wall = time.perf_counter() - started
    summary = (proc.stdout.strip().splitlines() or [""])[-1]
    counts = {word: int(n) for n, word in re.findall(r"(\d+) (passed|failed|error|errors|skipped)", summary)}
    return {"measured": True, "wall_s": wall, "notebooks": len(notebooks), "workers": 2 if workers else 1,
            "exit_code": proc.returncode, "summary": summary.strip("= "), "counts": counts}
