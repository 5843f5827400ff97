"""Grading speed: every lab task graded on a warm lab, and the capstone account's snapshot.

Targets (DESIGN.md): grading any task on a warm lab under 100 ms; ``lab.snapshot()``
of the capstone account under 150 ms. Machines differ, so beside the milliseconds
each figure is also given as a multiple of one raw moto ``describe_vpcs`` call made
with a plain boto3 client in the same run ("moto calls"), which says how much work
grading is whatever the machine.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from ._util import Log, quiet

__all__ = ["QUICK_TASKS", "CAPSTONE", "measure"]

CAPSTONE = "capstone.three_tier"
QUICK_TASKS = ("vpc.security_groups", "iam.least_privilege", CAPSTONE)  # one cheap, one policy, the largest


def _median_ms(func: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return round(1000 * statistics.median(times), 2)


def _raw_call_ms(lab: Any, repeat: int) -> float:
    import boto3

    client = boto3.client("ec2", region_name=lab.region)  # plain boto3: the lab's moto answers
    client.describe_vpcs()
    return _median_ms(client.describe_vpcs, repeat)


def measure(quick: bool = False, only: list[str] | tuple[str, ...] | None = None,
            log: Log = quiet) -> dict[str, Any]:
    """Grade each task (all, or ``only``) on its solved, warm lab; time the capstone snapshot."""
    import labkit
    from labkit.catalogue import grade, task, tasks

    repeat = 3 if quick else 15
    catalogue = tasks()
    ids = list(only) if only else catalogue  # an unknown id is the catalogue's clear error
    per_task: dict[str, Any] = {}
    unit = None
    capstone = None
    for task_id in ids:
        log(f"  grading {task_id}")
        chosen = task(task_id)
        with labkit.Lab(chosen.starter) as lab:
            chosen.solution(lab)
            first = grade(task_id, lab, record=False)  # warm: clients, backends, imports
            ms = _median_ms(lambda lab=lab, tid=task_id: grade(tid, lab, record=False), repeat)
            call = _raw_call_ms(lab, repeat)
            unit = call if unit is None else min(unit, call)
            per_task[task_id] = {"grade_ms": ms, "score": f"{first.score:g}/{first.max_score:g}",
                                 "services": list(chosen.services or ["all"])}
            if task_id == CAPSTONE:  # the capstone account is this task's solved lab
                lab.snapshot()
                capstone = {"snapshot_ms": _median_ms(lab.snapshot, repeat)}
    unit = unit or 1.0
    for entry in per_task.values():
        entry["in_moto_calls"] = round(entry["grade_ms"] / unit, 1)
    slowest = max(per_task.items(), key=lambda kv: kv[1]["grade_ms"]) if per_task else (None, {"grade_ms": 0})
    result: dict[str, Any] = {
        "repeat": repeat,
        "catalogue_size": len(catalogue),
        "raw_moto_describe_vpcs_ms": unit,
        "tasks": per_task,
        "slowest": {"task": slowest[0], "grade_ms": slowest[1]["grade_ms"], "target_ms": 100},
    }
    if capstone:
        capstone["target_ms"] = 150
        capstone["in_moto_calls"] = round(capstone["snapshot_ms"] / unit, 1)
        result["capstone_snapshot"] = capstone
    return result
