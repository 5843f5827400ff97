"""Run the master notebooks top to bottom and commit their outputs (``make notebooks``).

Outputs are compared strictly by nbval in CI, so they are produced the way CI
runs them: a fresh kernel per notebook, solutions included, a throwaway
``LABKIT_HOME``, a fixed learner id (quiz order is shuffled per learner) and no
``LABKIT_LANG``. Per-cell execution timestamps are dropped so a re-run that
changes nothing changes no byte.

Usage: python tools/execute_notebooks.py [NOTEBOOK ...]   (default: notebooks/*/*.ipynb)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def execute(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="labkit-nb-home-") as home:
        saved = dict(os.environ)
        os.environ.update({"LABKIT_HOME": home, "LABKIT_LEARNER": "learner", "PYTHONHASHSEED": "0"})
        os.environ.pop("LABKIT_LANG", None)
        try:
            NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
        finally:
            os.environ.clear()
            os.environ.update(saved)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)  # widget state holds random model ids
    nbformat.write(nb, path)
    return time.perf_counter() - started


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted(ROOT.glob("notebooks/*/*.ipynb"))
    for path in paths:
        print(f"{path.relative_to(ROOT) if path.is_absolute() else path}: ", end="", flush=True)
        print(f"{execute(path.resolve()):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
