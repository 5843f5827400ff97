"""Opening a lab, resetting it and reading it back, each against raw moto in the same run.

- cold start: a fresh process that imports, opens a lab and makes its first EC2
  call, against a fresh process doing the same with raw ``mock_aws``; alternated,
  medians (target: ratio <= 1.2).
- warm start: the same inside this process after a warm-up, alternated.
- reset: ``lab.reset()`` alone (target < 20 ms), and reset plus the first EC2 call
  after it (moto rebuilds the EC2 backend lazily; raw moto pays the same).
- snapshot: warm ``lab.snapshot()`` of the multi-az-db scenario (the capstone
  account's snapshot is timed with grading, in :mod:`labkit.bench.grade`).
"""

from __future__ import annotations

import time
from typing import Any

from ._util import clean_env, median, run_python

__all__ = ["RAW_START", "LAB_START", "cold_start", "warm_start", "reset_and_snapshot", "measure"]

RAW_START = """
import time; t0 = time.perf_counter()
import os
os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION="ap-northeast-2")
import boto3
from moto import mock_aws
mock = mock_aws(); mock.start()
boto3.client("ec2", region_name="ap-northeast-2").describe_vpcs()
print(time.perf_counter() - t0)
"""

LAB_START = """
import time; t0 = time.perf_counter()
import labkit
lab = labkit.start()
lab.client("ec2").describe_vpcs()
print(time.perf_counter() - t0)
"""


def _pair(raw: list[float], lab: list[float]) -> dict[str, Any]:
    return {"runs": len(raw), "raw_moto_s": median(raw), "labkit_s": median(lab),
            "ratio": median(lab) / median(raw)}


def cold_start(runs: int) -> dict[str, Any]:
    """Fresh processes, raw moto and labkit alternated so machine load hits both alike."""
    env = clean_env()
    raw, lab = [], []
    for _ in range(runs):
        raw.append(run_python(RAW_START, env))
        lab.append(run_python(LAB_START, env))
    return _pair(raw, lab)


def warm_start(runs: int) -> dict[str, Any]:
    """Both in this process after a warm-up (imports and botocore models already loaded)."""
    import boto3
    from moto import mock_aws

    import labkit
    from labkit import _env, _moto

    def raw_once() -> float:
        # Raw moto with the caller's AWS settings would follow a real AWS_ENDPOINT_URL
        # out to the network (moto only intercepts AWS's own hosts): hide them, untimed.
        saved = _env.hide_aws_environment("ap-northeast-2")
        try:
            t0 = time.perf_counter()
            mock = mock_aws()
            mock.start(reset=False)
            boto3.client("ec2", region_name="ap-northeast-2").describe_vpcs()
            elapsed = time.perf_counter() - t0
            mock.stop(remove_data=False)
            _moto.clear_backends()
        finally:
            _env.restore_environment(saved)
        return elapsed

    def lab_once() -> float:
        t0 = time.perf_counter()
        lab = labkit.start()
        lab.client("ec2").describe_vpcs()
        elapsed = time.perf_counter() - t0
        lab.stop()
        return elapsed

    raw_once(), lab_once()  # warm-up: imports, botocore model loading
    raw, lab = [], []
    for _ in range(runs):
        raw.append(raw_once())
        lab.append(lab_once())
    return _pair(raw, lab)


def reset_and_snapshot(runs: int) -> dict[str, Any]:
    """Warm ``lab.reset()`` (alone and with the next EC2 call) and a warm scenario snapshot."""
    import labkit

    out: dict[str, Any] = {"runs": runs}
    with labkit.Lab() as lab:
        ec2 = lab.client("ec2")
        ec2.describe_vpcs()
        resets, with_call = [], []
        for _ in range(runs):
            ec2.create_vpc(CidrBlock="10.0.0.0/16")
            t0 = time.perf_counter()
            lab.reset()
            resets.append(time.perf_counter() - t0)
            ec2.describe_vpcs()
            with_call.append(time.perf_counter() - t0)
        out["reset_ms"] = median(resets) * 1000
        out["reset_then_first_ec2_call_ms"] = median(with_call) * 1000
    with labkit.Lab("multi-az-db") as lab:
        lab.client("iam").create_user(UserName="alice")
        lab.snapshot()  # warm clients
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            lab.snapshot()
            times.append(time.perf_counter() - t0)
        out["snapshot_multi_az_db_ms"] = median(times) * 1000
    return out


def measure(quick: bool = False) -> dict[str, dict[str, Any]]:
    """Cold start, warm start, reset and snapshot (no lab may be open in this process)."""
    runs = 2 if quick else 7
    return {
        "cold_start": cold_start(runs),
        "warm_start": warm_start(runs * 2),
        "reset_snapshot": reset_and_snapshot(runs * 3),
    }
