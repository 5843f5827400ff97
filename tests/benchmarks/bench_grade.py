"""Grading speed: every lab task graded on a warm lab, and the capstone snapshot.

Run ``python tests/benchmarks/bench_grade.py [--quick] [TASK_ID ...]`` (prints JSON),
or import :func:`measure`. A thin wrapper over :mod:`labkit.bench.grade` (what
``labkit bench`` runs). Targets (DESIGN.md): grading any task on a warm lab under
100 ms; ``lab.snapshot()`` of the capstone account under 150 ms.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

if __package__ in (None, ""):  # run as a script from a checkout: make the repository importable
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from labkit.bench import grade

__all__ = ["measure"]


def measure(quick: bool = False, only: list[str] | None = None) -> dict[str, Any]:
    return grade.measure(quick, only)


if __name__ == "__main__":
    ids = [a for a in sys.argv[1:] if not a.startswith("-")] or None
    print(json.dumps(measure(quick="--quick" in sys.argv, only=ids), indent=1))
