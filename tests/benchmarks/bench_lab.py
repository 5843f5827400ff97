"""Lab engine benchmarks, each against raw moto measured in the same run.

Run: ``python tests/benchmarks/bench_lab.py [--quick]`` (prints JSON).
``measure()`` is what ``labkit bench`` will call.

- cold start: a fresh process that imports, opens a lab and makes its first EC2
  call, against a fresh process doing the same with raw ``mock_aws``;
  alternated, medians (target: ratio <= 1.2).
- warm start: the same inside one process after a warm-up, alternated.
- reset: ``lab.reset()`` alone (target < 20 ms), and reset plus the first EC2 call
  after it (moto rebuilds the EC2 backend lazily; raw moto pays the same).
- snapshot: warm ``lab.snapshot()`` of the largest scenario.
- memory: peak RSS of a process with a lab open and EC2, S3, RDS, IAM and
  DynamoDB in use, against raw moto doing the same calls (target: <= +30 MB).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import textwrap
import time

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

_WORKLOAD = """
ec2.create_vpc(CidrBlock="10.0.0.0/16")
s3.create_bucket(Bucket="bench-bucket", CreateBucketConfiguration={"LocationConstraint": "ap-northeast-2"})
s3.put_object(Bucket="bench-bucket", Key="k", Body=b"x" * 1024)
rds.create_db_instance(DBInstanceIdentifier="db", Engine="mysql", DBInstanceClass="db.t3.micro",
                       MasterUsername="admin", MasterUserPassword="password123", AllocatedStorage=20)
iam.create_user(UserName="alice")
ddb.create_table(TableName="Users", KeySchema=[{"AttributeName": "userId", "KeyType": "HASH"}],
                 AttributeDefinitions=[{"AttributeName": "userId", "AttributeType": "S"}],
                 BillingMode="PAY_PER_REQUEST")
import resource
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""

RAW_MEMORY = """
import os
os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION="ap-northeast-2")
import boto3
from moto import mock_aws
mock_aws().start()
ec2, s3, rds, iam, ddb = (boto3.client(n, region_name="ap-northeast-2") for n in ("ec2", "s3", "rds", "iam", "dynamodb"))
""" + _WORKLOAD

LAB_MEMORY = """
import labkit
lab = labkit.start()
ec2, s3, rds, iam, ddb = (lab.client(n) for n in ("ec2", "s3", "rds", "iam", "dynamodb"))
""" + _WORKLOAD


def _run(code: str) -> float:
    # Both sides start from an environment without AWS settings (a learner's decoy
    # profile would make raw moto fail, not the lab): the comparison stays fair.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "BOTO_"))}
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                         check=True, env=env)
    return float(out.stdout.strip().splitlines()[-1])


def _median(values: list[float]) -> float:
    return statistics.median(values)


def cold_start(runs: int) -> dict[str, float]:
    raw, lab = [], []
    for _ in range(runs):  # alternate, so machine load hits both alike
        raw.append(_run(RAW_START))
        lab.append(_run(LAB_START))
    return {"raw_moto_s": _median(raw), "labkit_s": _median(lab), "ratio": _median(lab) / _median(raw)}


def warm_start(runs: int) -> dict[str, float]:
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
    return {"raw_moto_s": _median(raw), "labkit_s": _median(lab), "ratio": _median(lab) / _median(raw)}


def reset_and_snapshot(runs: int) -> dict[str, float]:
    import labkit

    out: dict[str, float] = {}
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
        out["reset_ms"] = _median(resets) * 1000
        out["reset_then_first_ec2_call_ms"] = _median(with_call) * 1000
    with labkit.Lab("multi-az-db") as lab:
        lab.client("iam").create_user(UserName="alice")
        lab.snapshot()  # warm clients
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            lab.snapshot()
            times.append(time.perf_counter() - t0)
        out["snapshot_multi_az_db_ms"] = _median(times) * 1000
    return out


def memory(runs: int) -> dict[str, float]:
    raw = [_run(RAW_MEMORY) for _ in range(runs)]
    lab = [_run(LAB_MEMORY) for _ in range(runs)]
    return {"raw_moto_mb": _median(raw), "labkit_mb": _median(lab),
            "extra_mb": _median(lab) - _median(raw)}


def measure(quick: bool = False) -> dict[str, dict[str, float]]:
    runs = 2 if quick else 7
    return {
        "cold_start": cold_start(runs),
        "warm_start": warm_start(runs * 2),
        "reset_snapshot": reset_and_snapshot(runs * 3),
        "memory": memory(max(1, runs // 2)),
    }


if __name__ == "__main__":
    print(json.dumps(measure(quick="--quick" in sys.argv), indent=2))
