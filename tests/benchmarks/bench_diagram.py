"""Benchmark: the network diagram of a 100-resource VPC (target: under 300 ms).

    python tests/benchmarks/bench_diagram.py

A thin wrapper over :mod:`labkit.bench.diagram` (what ``labkit bench`` runs; the
account it builds is described there). ``measure()`` opens its own lab, so call
it with no lab open (or pass a snapshot).
"""

from __future__ import annotations

import json
import os
import sys

if __package__ in (None, ""):  # run as a script from a checkout: make the repository importable
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from labkit.bench.diagram import TARGET_MS, build_account, count_resources, measure, snapshot

__all__ = ["TARGET_MS", "build_account", "snapshot", "count_resources", "measure"]

if __name__ == "__main__":
    json.dump(measure(), sys.stdout, indent=1)
    sys.stdout.write("\n")
