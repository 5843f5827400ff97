"""Grading speed: every lab task graded on a warm lab, and the capstone snapshot.

Run ``python tests/benchmarks/bench_grade.py`` (prints JSON), or import
:func:`measure`. Targets (DESIGN.md): grading any task on a warm lab under
100 ms; ``lab.snapshot()`` of the capstone account under 150 ms. Machines
differ, so beside the milliseconds each figure is also given as a multiple of
one raw moto ``describe_vpcs`` call made with a plain boto3 client in the same
run ("moto calls"), which says how much work grading is whatever the machine.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

import labkit
from labkit.catalogue import grade, task, tasks


def _median_ms(func: Any, repeat: int) -> float:
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


def measure(quick: bool = False, only: list[str] | None = None) -> dict[str, Any]:
    repeat = 3 if quick else 15
    ids = only or tasks()
    per_task: dict[str, Any] = {}
    unit = None
    for task_id in ids:
        chosen = task(task_id)
        with labkit.Lab(chosen.starter) as lab:
            chosen.solution(lab)
            first = grade(task_id, lab, record=False)  # warm: clients, backends, imports
            ms = _median_ms(lambda lab=lab, tid=task_id: grade(tid, lab, record=False), repeat)
            call = _raw_call_ms(lab, repeat)
            unit = call if unit is None else min(unit, call)
            per_task[task_id] = {"grade_ms": ms, "score": f"{first.score:g}/{first.max_score:g}",
                                 "services": list(chosen.services or ["all"])}
    capstone = None
    if "capstone.three_tier" in tasks() and (only is None or "capstone.three_tier" in only):
        chosen = task("capstone.three_tier")
        with labkit.Lab(chosen.starter) as lab:
            chosen.solution(lab)
            lab.snapshot()
            capstone = {"snapshot_ms": _median_ms(lab.snapshot, repeat)}
    unit = unit or 1.0
    for entry in per_task.values():
        entry["in_moto_calls"] = round(entry["grade_ms"] / unit, 1)
    slowest = max(per_task.items(), key=lambda kv: kv[1]["grade_ms"]) if per_task else (None, {"grade_ms": 0})
    result: dict[str, Any] = {
        "raw_moto_describe_vpcs_ms": unit,
        "tasks": per_task,
        "slowest": {"task": slowest[0], "grade_ms": slowest[1]["grade_ms"], "target_ms": 100},
    }
    if capstone:
        capstone["target_ms"] = 150
        capstone["in_moto_calls"] = round(capstone["snapshot_ms"] / unit, 1)
        result["capstone_snapshot"] = capstone
    return result


if __name__ == "__main__":
    print(json.dumps(measure(quick="--quick" in sys.argv, only=[a for a in sys.argv[1:] if not a.startswith("-")] or None),
                     indent=1))
