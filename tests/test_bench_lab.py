"""The lab benchmark runs and reports every figure (no timing assertions: the
figures are for notes and `labkit bench`, not pass/fail in unit tests)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest


@pytest.mark.slow
def test_bench_lab_reports_every_figure():
    path = Path(__file__).parent / "benchmarks" / "bench_lab.py"
    spec = importlib.util.spec_from_file_location("bench_lab", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = module.measure(quick=True)
    assert set(result) == {"cold_start", "warm_start", "reset_snapshot", "memory"}
    for section in ("cold_start", "warm_start"):
        assert result[section]["raw_moto_s"] > 0 and result[section]["labkit_s"] > 0
        assert result[section]["ratio"] == pytest.approx(result[section]["labkit_s"] / result[section]["raw_moto_s"])
    assert result["reset_snapshot"]["reset_ms"] >= 0
    assert result["reset_snapshot"]["snapshot_multi_az_db_ms"] > 0
    memory = result["memory"]
    assert memory["services"] == ["ec2", "s3", "rds", "iam", "dynamodb"]
    # A kernel doing the five services' calls holds more than a bare kernel, on both sides.
    assert memory["raw_moto"]["mb"] > memory["bare_kernel"]["mb"] > 0
    assert memory["labkit"]["mb"] > memory["bare_kernel"]["mb"]
    assert memory["labkit"]["session_mb"] >= memory["labkit"]["mb"] or memory["metric"] == "rss"
    assert memory["extra_mb"] == pytest.approx(memory["labkit"]["mb"] - memory["raw_moto"]["mb"])
