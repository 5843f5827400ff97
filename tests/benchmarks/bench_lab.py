"""Lab engine benchmarks, each against raw moto measured in the same run.

Run: ``python tests/benchmarks/bench_lab.py [--quick]`` (prints JSON).
A thin wrapper: the measurements live in :mod:`labkit.bench` (``labkit bench``
runs them from an installed wheel, where tests/ does not exist).

- cold start, warm start, reset and snapshot: :mod:`labkit.bench.lab`
- memory: kernels with a lab and EC2, S3, RDS, IAM and DynamoDB in use against
  raw moto doing the same calls, :mod:`labkit.bench.kernel` (target: <= +30 MB)
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

if __package__ in (None, ""):  # run as a script from a checkout: make the repository importable
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from labkit.bench import kernel, lab
from labkit.bench.lab import LAB_START, RAW_START, cold_start, reset_and_snapshot, warm_start

__all__ = ["RAW_START", "LAB_START", "cold_start", "warm_start", "reset_and_snapshot", "memory", "measure"]


def memory(runs: int) -> dict[str, Any]:
    """Kernel memory with a lab and the five core services used, against raw moto."""
    return kernel.measure(runs)


def measure(quick: bool = False) -> dict[str, dict[str, Any]]:
    result = lab.measure(quick)
    result["memory"] = memory(1 if quick else 3)
    return result


if __name__ == "__main__":
    print(json.dumps(measure(quick="--quick" in sys.argv), indent=2))
