"""Throughput of ``labkit.iam.evaluate`` on a realistic policy shape.

Run ``python tests/benchmarks/bench_iam.py [N]`` (prints JSON), or import
:func:`measure`. A thin wrapper over :mod:`labkit.bench.iam` (what ``labkit
bench`` runs; the policy shape is described there). No timing assertions live
in the unit tests: machines differ, so this is a measurement, not a test.
"""

from __future__ import annotations

import json
import os
import sys

if __package__ in (None, ""):  # run as a script from a checkout: make the repository importable
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from labkit.bench.iam import BUCKET_POLICY, IDENTITY_POLICY, PRINCIPAL, REQUESTS, measure

__all__ = ["IDENTITY_POLICY", "BUCKET_POLICY", "PRINCIPAL", "REQUESTS", "measure"]

if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    print(json.dumps(measure(n), indent=2))
