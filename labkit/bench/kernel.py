"""Kernels: start-up and memory of a real IPython kernel, with a lab against raw moto.

Each run starts two fresh kernels (raw moto, then labkit; alternated over runs):
- the bare kernel's start-up time and memory;
- moto's start in it: ``mock_aws().start()`` (raw) against ``import labkit;
  labkit.start()`` (the per-notebook floor of the notebook-suite figure);
- memory with the five core services used (the same calls on both sides: a VPC,
  a bucket and an object, a MySQL DB instance, an IAM user, a DynamoDB table),
  the lab side also reading those five back with ``lab.snapshot(services=...)``
  (target: at most raw moto + 30 MB);
- the lab kernel after a typical learner session (a full snapshot, a network
  diagram, a graded task, a quiz loaded): the figure workshop sizing uses.

DESIGN.md does not list the five core services; these are the course's four
pillars (EC2, S3, RDS, IAM) and DynamoDB, the data store its serverless lab uses.
Memory is the kernel process's peak resident set (VmHWM) where the OS reports
it, else its resident set after the calls.
"""

from __future__ import annotations

import tempfile
from typing import Any

from ._util import Kernel, Log, clean_env, median, quiet

__all__ = ["CORE_SERVICES", "measure"]

CORE_SERVICES = ("ec2", "s3", "rds", "iam", "dynamodb")

RAW_START = """
import os
os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION="ap-northeast-2")
import boto3
from moto import mock_aws
mock_aws().start()
"""
RAW_CLIENTS = """
ec2, s3, rds, iam, ddb = (boto3.client(n, region_name="ap-northeast-2")
                          for n in ("ec2", "s3", "rds", "iam", "dynamodb"))
"""

LAB_START = """
import labkit
lab = labkit.start()
"""
LAB_CLIENTS = """
ec2, s3, rds, iam, ddb = (lab.client(n) for n in ("ec2", "s3", "rds", "iam", "dynamodb"))
"""

WORKLOAD = """
ec2.create_vpc(CidrBlock="10.0.0.0/16")
s3.create_bucket(Bucket="bench-bucket", CreateBucketConfiguration={"LocationConstraint": "ap-northeast-2"})
s3.put_object(Bucket="bench-bucket", Key="k", Body=b"x" * 1024)
rds.create_db_instance(DBInstanceIdentifier="db", Engine="mysql", DBInstanceClass="db.t3.micro",
                       MasterUsername="admin", MasterUserPassword="password123", AllocatedStorage=20)
iam.create_user(UserName="alice")
ddb.create_table(TableName="Users", KeySchema=[{"AttributeName": "userId", "KeyType": "HASH"}],
                 AttributeDefinitions=[{"AttributeName": "userId", "AttributeType": "S"}],
                 BillingMode="PAY_PER_REQUEST")
"""

LAB_READ_BACK = f"_ = lab.snapshot(services={list(CORE_SERVICES)!r})\n"

SESSION = """
_ = lab.snapshot()
_ = labkit.diagram(lab, view="network").svg
from labkit.catalogue import grade as _grade
_ = _grade("vpc.security_groups", lab, record=False)
_ = labkit.quiz("vpc")
"""


def _used(memory: dict[str, float | None]) -> float:
    peak = memory["peak_mb"]
    return float(peak if peak is not None else memory["rss_mb"])  # type: ignore[arg-type]


def measure(runs: int = 3, log: Log = quiet) -> dict[str, Any]:
    """Median kernel figures over ``runs`` pairs of fresh kernels (raw moto, labkit)."""
    rows: dict[str, list[float]] = {k: [] for k in (
        "bare_start_s", "bare_mb", "raw_start_s", "raw_mb", "lab_start_s", "lab_mb", "session_mb")}
    metric = "peak"
    with tempfile.TemporaryDirectory(prefix="labkit-bench-") as home:
        env = clean_env(LABKIT_HOME=home)  # a quiz or a grade never touches the learner's own files
        for i in range(runs):
            log(f"  kernels: run {i + 1} of {runs}")
            with Kernel(env) as raw:
                rows["bare_start_s"].append(raw.start_s)
                rows["bare_mb"].append(_used(raw.memory()))
                rows["raw_start_s"].append(raw.timed(RAW_START))
                raw.run(RAW_CLIENTS + WORKLOAD)
                memory = raw.memory()
                rows["raw_mb"].append(_used(memory))
                metric = "peak" if memory["peak_mb"] is not None else "rss"
            with Kernel(env) as lab:
                rows["bare_start_s"].append(lab.start_s)
                rows["bare_mb"].append(_used(lab.memory()))
                rows["lab_start_s"].append(lab.timed(LAB_START))
                lab.run(LAB_CLIENTS + WORKLOAD + LAB_READ_BACK)
                rows["lab_mb"].append(_used(lab.memory()))
                lab.run(SESSION)
                rows["session_mb"].append(_used(lab.memory()))
    m = {k: median(v) for k, v in rows.items()}
    return {
        "runs": runs,
        "services": list(CORE_SERVICES),
        "metric": metric,
        "bare_kernel": {"start_s": m["bare_start_s"], "mb": m["bare_mb"]},
        "raw_moto": {"start_s": m["raw_start_s"], "mb": m["raw_mb"]},
        "labkit": {"start_s": m["lab_start_s"], "mb": m["lab_mb"], "session_mb": m["session_mb"]},
        "extra_mb": m["lab_mb"] - m["raw_mb"],
    }
