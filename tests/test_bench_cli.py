"""``labkit bench``: every DESIGN.md performance figure appears with its target and a
pass/miss mark, learners per GB is worked out from the measured memory, and the
command writes valid JSON. No timing assertions: the figures depend on the machine.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest

from labkit.bench import BenchError, render_table, run, write_json
from labkit.bench.notebooks import course_notebooks, floor
from labkit.bench.report import figures, sizing
from labkit.cli import build_parser, main

# One figure per line of DESIGN.md's performance targets (grading adds one row per task).
DESIGN_FIGURES = ["lab.start.cold", "lab.start.warm", "lab.reset", "grade.capstone_snapshot", "iam.evaluate",
                  "diagram.network", "diagram.graphviz", "memory.kernel", "notebooks.suite"]


def _measurements(**changes):
    """A complete set of measurements as ``run`` records them (figures chosen by hand)."""
    m = {
        "lab": {
            "cold_start": {"runs": 7, "raw_moto_s": 2.0, "labkit_s": 2.2, "ratio": 1.1},
            "warm_start": {"runs": 14, "raw_moto_s": 0.5, "labkit_s": 0.65, "ratio": 1.3},
            "reset_snapshot": {"runs": 21, "reset_ms": 0.3, "reset_then_first_ec2_call_ms": 90.0,
                               "snapshot_multi_az_db_ms": 120.0},
        },
        "grade": {"catalogue_size": 3, "repeat": 15, "raw_moto_describe_vpcs_ms": 5.0,
                  "tasks": {"vpc.security_groups": {"grade_ms": 40.0, "score": "10/10"},
                            "capstone.three_tier": {"grade_ms": 180.0, "score": "69/69"}},
                  "capstone_snapshot": {"snapshot_ms": 140.0}},
        "iam": {"decisions_per_second": 31_000},
        "diagram": {"resources": 100, "median_ms": 90.0, "engine_graphviz": "14.1.5",
                    "graphviz": {"bundled": True, "outside_pygraphviz": []}},
        "kernel": {"metric": "peak", "bare_kernel": {"start_s": 1.0, "mb": 50.0},
                   "raw_moto": {"start_s": 0.6, "mb": 250.0},
                   "labkit": {"start_s": 1.5, "mb": 290.0, "session_mb": 350.0}, "extra_mb": 40.0},
        "server": {"measured": True, "mb": 90.0},
        "notebooks": {"count": 10, "suite": {"measured": False, "reason": "use --notebooks"}},
    }
    m.update(changes)
    return m


def _result(**changes):
    result = {"meta": {"labkit": "0", "python": "3", "platform": "Linux", "cpus": 2, "load_start": [1.0, 1.0, 1.0],
                       "load_end": [1.0, 1.0, 1.0], "quick": False, "notebooks": False,
                       "runs": {"start": 7, "warm_start": 14, "reset_snapshot": 21, "grade": 15, "iam": 5,
                                "kernel": 5, "diagram": 9}},
              "measurements": _measurements(**changes)}
    result["sizing"] = sizing(result)
    result["figures"] = figures(result)
    return result


def _by_id(result):
    return {f["id"]: f for f in result["figures"]}


def test_every_design_figure_has_a_target_and_a_mark():
    rows = _by_id(_result())
    for fid in DESIGN_FIGURES:
        assert rows[fid]["target_text"], fid
    marks = {fid: rows[fid]["mark"] for fid in DESIGN_FIGURES}
    assert marks == {
        "lab.start.cold": "pass",        # 1.1x <= 1.2x
        "lab.start.warm": "MISS",        # 1.3x
        "lab.reset": "pass",
        "grade.capstone_snapshot": "pass",
        "iam.evaluate": "pass",
        "diagram.network": "pass",
        "diagram.graphviz": "pass",
        "memory.kernel": "MISS",         # +40 MB over raw moto
        "notebooks.suite": "not measured",
    }
    assert rows["grade.vpc.security_groups"]["mark"] == "pass"
    assert rows["grade.capstone.three_tier"]["mark"] == "MISS"
    assert "grade.not_graded" in rows  # 1 of the 3 catalogue tasks was not graded
    assert rows["memory.kernel"]["target"] == 280.0 and rows["memory.kernel"]["measured"].startswith("290 MB")
    assert rows["notebooks.suite"]["measured"] == "not measured (use --notebooks)"
    # The floor is reported even when the suite is not run: 10 x (1.0 s + 1.5 s).
    assert rows["notebooks.floor"]["value"] == 25.0 and rows["notebooks.suite"]["target"] == 50.0


def test_learners_per_gb_comes_from_the_session_kernel_and_the_server():
    result = _result()
    assert result["sizing"]["per_learner_mb"] == 440.0
    assert result["sizing"]["learners_per_gb"] == math.floor(1024 / 440) == 2
    assert _by_id(result)["sizing.learners_per_gb"]["value"] == 2
    assumed = _result(server={"measured": False, "mb": 100.0, "reason": "jupyterlab is not installed"})
    assert assumed["sizing"]["learners_per_gb"] == math.floor(1024 / 450)
    assert any("assumed (jupyterlab is not installed)" in a for a in assumed["sizing"]["assumptions"])


def test_a_measured_notebook_suite_is_marked_against_twice_the_floor():
    suite = {"measured": True, "wall_s": 60.0, "workers": 2, "summary": "10 passed in 60s", "counts": {"passed": 10}}
    rows = _by_id(_result(notebooks={"count": 10, "suite": suite}))
    assert rows["notebooks.suite"]["mark"] == "MISS"  # 60 s > 2 x 25 s
    suite["wall_s"] = 45.0
    assert _by_id(_result(notebooks={"count": 10, "suite": suite}))["notebooks.suite"]["mark"] == "pass"


def test_a_failed_area_is_an_error_mark_and_the_others_still_report():
    rows = _by_id(_result(kernel={"error": "BenchError: could not start a Python kernel: boom"}))
    assert rows["memory.kernel"]["mark"] == "error" and "boom" in rows["memory.kernel"]["measured"]
    assert rows["notebooks.suite"]["mark"] == "error"
    assert rows["sizing.learners_per_gb"]["mark"] == "not measured"
    assert rows["iam.evaluate"]["mark"] == "pass"


def test_table_shows_every_figure_and_the_sizing_footer():
    result = _result()
    table = render_table(result)
    for fig in result["figures"]:
        assert fig["title"] in table and fig["measured"] in table
    assert "Learners per GB of RAM = floor(1024 / (350 MB kernel + 90 MB JupyterLab server)) = 2" in table
    assert "one running kernel per learner" in table and "load average" in table


def test_write_json_round_trips(tmp_path):
    result = _result()
    path = write_json(result, tmp_path / "deep" / "bench.json")
    assert json.loads(path.read_text()) == result


def test_floor_counts_every_course_notebook():
    notebooks = course_notebooks()
    assert notebooks and all(p.suffix == ".ipynb" for p in notebooks)
    kernel = _measurements()["kernel"]
    assert floor(kernel, len(notebooks))["floor_s"] == pytest.approx(2.5 * len(notebooks))


def test_bench_refuses_to_run_beside_an_open_lab(lab):
    with pytest.raises(BenchError, match="a lab is open"):
        run(quick=True)


def test_bench_command_options():
    args = build_parser().parse_args(["bench"])
    assert (args.quick, args.notebooks, str(args.json)) == (False, False, "labkit-bench.json")
    args = build_parser().parse_args(["bench", "--quick", "--json", "out/x.json", "--notebooks"])
    assert (args.quick, args.notebooks, str(args.json)) == (True, True, "out/x.json")


def test_bench_help(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["bench", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "usage: labkit bench" in out and "--quick" in out and "--notebooks" in out


@pytest.mark.slow
def test_bench_quick_prints_the_table_and_writes_json(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "labkit", "bench", "--quick"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stderr[-2000:]
    path = tmp_path / "labkit-bench.json"
    assert f"All figures written to {path.resolve()}" in proc.stdout
    result = json.loads(path.read_text())
    rows = _by_id(result)
    for fid in DESIGN_FIGURES:
        assert rows[fid]["target_text"] and rows[fid]["title"] in proc.stdout, fid
    assert all(rows[fid]["mark"] in ("pass", "MISS") for fid in DESIGN_FIGURES if fid != "notebooks.suite")
    assert rows["notebooks.suite"]["mark"] == "not measured"
    graded = [fid for fid in rows if fid.startswith("grade.") and fid.count(".") == 2]
    assert sorted(graded) == ["grade.capstone.three_tier", "grade.iam.least_privilege", "grade.vpc.security_groups"]
    assert all(rows[fid]["mark"] in ("pass", "MISS") and rows[fid]["target"] == 100.0 for fid in graded)
    assert not [f for f in result["figures"] if f["mark"] == "error"]
    size = result["sizing"]
    assert isinstance(size["learners_per_gb"], int) and size["learners_per_gb"] >= 0
    assert size["per_learner_mb"] == pytest.approx(size["kernel_mb"] + size["server_mb"])
    assert result["measurements"]["kernel"]["raw_moto"]["mb"] > 0 and result["meta"]["quick"] is True
