"""The bench report: every DESIGN.md performance figure with its target and a
pass/miss mark, the learners-per-GB estimate, a text table and the JSON file.

Marks: ``pass`` and ``MISS`` against a target; ``info`` for a figure without one;
``not measured`` when it was not asked for (or could not be made here);
``error`` when measuring failed (the reason is in the JSON).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

__all__ = ["TARGETS", "MARKS", "figures", "sizing", "render_table", "write_json"]

TARGETS: dict[str, float] = {
    "start_ratio": 1.2,            # lab start + first EC2 call, as a multiple of raw moto's
    "reset_ms": 20.0,              # lab.reset() under
    "capstone_snapshot_ms": 150.0,  # lab.snapshot() of the capstone account under
    "grade_ms": 100.0,             # grading any task on a warm lab under
    "iam_per_s": 20_000.0,         # labkit.iam.evaluate decisions per second, at least
    "diagram_ms": 300.0,           # network diagram of a 100-resource VPC under
    "memory_extra_mb": 30.0,       # kernel memory at most raw moto plus
    "notebooks_factor": 2.0,       # nbval suite at most this times the floor
}
MARKS = ("pass", "MISS", "info", "not measured", "error")
MB_PER_GB = 1024


def _fig(area: str, fid: str, title: str, text: str, *, value: float | None = None, unit: str = "",
         target: float | None = None, target_text: str = "", passed: bool | None = None,
         mark: str | None = None) -> dict[str, Any]:
    if mark is None:
        mark = "info" if passed is None else ("pass" if passed else "MISS")
    return {"area": area, "id": fid, "title": title, "value": None if value is None else round(value, 3),
            "unit": unit, "measured": text, "target": target, "target_text": target_text, "mark": mark}


def _error(area: str, fid: str, title: str, target_text: str, err: str) -> dict[str, Any]:
    return _fig(area, fid, title, f"error: {err}", target_text=target_text, mark="error")


def _start(m: dict[str, Any]) -> list[dict[str, Any]]:
    limit = TARGETS["start_ratio"]
    rows = []
    for key, fid, title in (("cold_start", "lab.start.cold", "open a lab + first EC2 call (fresh process)"),
                            ("warm_start", "lab.start.warm", "open a lab + first EC2 call (warm, one process)")):
        target_text = f"<= {limit:g}x raw moto"
        if "error" in m:
            rows.append(_error("lab", fid, title, target_text, m["error"]))
            continue
        s = m[key]
        text = f"{s['ratio']:.2f}x ({s['labkit_s']:.3f} s vs raw moto {s['raw_moto_s']:.3f} s)"
        rows.append(_fig("lab", fid, title, text,
                         value=s["ratio"], unit="x raw moto", target=limit, target_text=target_text,
                         passed=s["ratio"] <= limit))
    return rows


def _reset(m: dict[str, Any]) -> list[dict[str, Any]]:
    limit = TARGETS["reset_ms"]
    if "error" in m:
        return [_error("lab", "lab.reset", "lab.reset()", f"< {limit:g} ms", m["error"])]
    r = m["reset_snapshot"]
    return [
        _fig("lab", "lab.reset", "lab.reset()", f"{r['reset_ms']:.2f} ms", value=r["reset_ms"], unit="ms",
             target=limit, target_text=f"< {limit:g} ms", passed=r["reset_ms"] < limit),
        _fig("lab", "lab.reset.first_call", "lab.reset() + the next EC2 call",
             f"{r['reset_then_first_ec2_call_ms']:.1f} ms", value=r["reset_then_first_ec2_call_ms"], unit="ms"),
        _fig("lab", "lab.snapshot.multi_az_db", "lab.snapshot() of the multi-az-db scenario",
             f"{r['snapshot_multi_az_db_ms']:.1f} ms", value=r["snapshot_multi_az_db_ms"], unit="ms"),
    ]


def _grading(m: dict[str, Any]) -> list[dict[str, Any]]:
    snap_limit, grade_limit = TARGETS["capstone_snapshot_ms"], TARGETS["grade_ms"]
    snap_title = "lab.snapshot() of the capstone account"
    if "error" in m:
        return [_error("grade", "grade.capstone_snapshot", snap_title, f"< {snap_limit:g} ms", m["error"]),
                _error("grade", "grade.tasks", "grading every task on a warm lab", f"< {grade_limit:g} ms", m["error"])]
    rows = []
    cap = m.get("capstone_snapshot")
    if cap:
        rows.append(_fig("grade", "grade.capstone_snapshot", snap_title, f"{cap['snapshot_ms']:.1f} ms",
                         value=cap["snapshot_ms"], unit="ms", target=snap_limit, target_text=f"< {snap_limit:g} ms",
                         passed=cap["snapshot_ms"] < snap_limit))
    else:
        rows.append(_fig("grade", "grade.capstone_snapshot", snap_title, "not measured (capstone not graded)",
                         target=snap_limit, target_text=f"< {snap_limit:g} ms", mark="not measured"))
    for task_id, t in m["tasks"].items():
        rows.append(_fig("grade", f"grade.{task_id}", f"grade {task_id} ({t['score']})",
                         f"{t['grade_ms']:.1f} ms", value=t["grade_ms"], unit="ms", target=grade_limit,
                         target_text=f"< {grade_limit:g} ms", passed=t["grade_ms"] < grade_limit))
    left = m["catalogue_size"] - len(m["tasks"])
    if left:
        rows.append(_fig("grade", "grade.not_graded", f"{left} more tasks", "not measured (run without --quick)",
                         target=grade_limit, target_text=f"< {grade_limit:g} ms", mark="not measured"))
    return rows


def _iam(m: dict[str, Any]) -> list[dict[str, Any]]:
    limit = TARGETS["iam_per_s"]
    title, target_text = "labkit.iam.evaluate decisions per second", f">= {limit:,.0f}/s"
    if "error" in m:
        return [_error("iam", "iam.evaluate", title, target_text, m["error"])]
    rate = m["decisions_per_second"]
    return [_fig("iam", "iam.evaluate", title, f"{rate:,.0f}/s", value=rate, unit="decisions/s", target=limit,
                 target_text=target_text, passed=rate >= limit)]


def _diagram(m: dict[str, Any]) -> list[dict[str, Any]]:
    limit = TARGETS["diagram_ms"]
    title = "network diagram of a 100-resource VPC"
    gv_title, gv_target = "diagram rendered without a system Graphviz", "no system Graphviz"
    if "error" in m:
        return [_error("diagram", "diagram.network", title, f"< {limit:g} ms", m["error"]),
                _error("diagram", "diagram.graphviz", gv_title, gv_target, m["error"])]
    rows = [_fig("diagram", "diagram.network", f"network diagram of a {m['resources']}-resource VPC",
                 f"{m['median_ms']:.1f} ms", value=m["median_ms"], unit="ms", target=limit,
                 target_text=f"< {limit:g} ms", passed=m["median_ms"] < limit)]
    gv = m["graphviz"]
    version = m.get("engine_graphviz", "?")
    if gv["bundled"] is None:
        rows.append(_fig("diagram", "diagram.graphviz", gv_title, "not measured (loaded libraries not listed here)",
                         target_text=gv_target, mark="not measured"))
    elif gv["bundled"]:
        rows.append(_fig("diagram", "diagram.graphviz", gv_title, f"bundled Graphviz {version} (pygraphviz)",
                         target_text=gv_target, passed=True))
    else:
        rows.append(_fig("diagram", "diagram.graphviz", gv_title,
                         f"system Graphviz loaded: {', '.join(gv['outside_pygraphviz'])}",
                         target_text=gv_target, passed=False))
    return rows


def _memory(k: dict[str, Any], s: dict[str, Any]) -> list[dict[str, Any]]:
    limit = TARGETS["memory_extra_mb"]
    title = "kernel memory, a lab + 5 core services used"
    if "error" in k:
        rows = [_error("memory", "memory.kernel", title, f"<= raw moto + {limit:g} MB", k["error"])]
    else:
        raw, lab, extra = k["raw_moto"]["mb"], k["labkit"]["mb"], k["extra_mb"]
        rows = [
            _fig("memory", "memory.kernel", title, f"{lab:.0f} MB (raw moto {raw:.0f} MB, {extra:+.0f} MB)",
                 value=lab, unit="MB", target=raw + limit,
                 target_text=f"<= raw moto + {limit:g} MB ({raw + limit:.0f} MB)",
                 passed=extra <= limit),
            _fig("memory", "memory.bare_kernel", "bare IPython kernel",
                 f"{k['bare_kernel']['mb']:.0f} MB, ready in {k['bare_kernel']['start_s']:.2f} s",
                 value=k["bare_kernel"]["mb"], unit="MB"),
            _fig("memory", "memory.session", "lab kernel after a typical session",
                 f"{k['labkit']['session_mb']:.0f} MB",
                 value=k["labkit"]["session_mb"], unit="MB"),
        ]
    if "error" in s:
        rows.append(_error("memory", "memory.server", "JupyterLab server", "", s["error"]))
    else:
        how = "measured" if s["measured"] else f"assumed: {s['reason']}"
        rows.append(_fig("memory", "memory.server", "JupyterLab server, page loaded", f"{s['mb']:.0f} MB ({how})",
                         value=s["mb"], unit="MB"))
    return rows


def _notebooks(n: dict[str, Any], k: dict[str, Any], lab: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    factor = TARGETS["notebooks_factor"]
    title = "notebook suite under nbval"
    if "error" in n or "error" in k:
        return [_error("notebooks", "notebooks.suite", title, f"<= {factor:g}x floor", n.get("error") or k["error"])]
    count = n["count"]
    per = k["bare_kernel"]["start_s"] + k["labkit"]["start_s"]
    floor_s, target = per * count, factor * per * count
    rows = [_fig("notebooks", "notebooks.floor", f"suite floor: {count} x (kernel start + labkit.start())",
                 f"{floor_s:.1f} s ({k['bare_kernel']['start_s']:.2f} s + {k['labkit']['start_s']:.2f} s each)",
                 value=floor_s, unit="s")]
    target_text = f"<= {factor:g}x floor ({target:.0f} s)"
    suite = n["suite"]
    if suite.get("measured"):
        wall = suite["wall_s"]
        rows.append(_fig("notebooks", "notebooks.suite", f"{title} ({suite['workers']} workers)",
                         f"{wall:.0f} s ({suite['summary']})", value=wall, unit="s", target=target,
                         target_text=target_text, passed=wall <= target))
        cold = (lab or {}).get("cold_start") or {}
        if "raw_moto_s" in cold:
            # The floor read another way: moto's own start-up to a first EC2 answer (measured above,
            # fresh process) instead of labkit.start(), which loads no backend. Information only:
            # the mark stays on the stricter floor.
            moto_floor = count * (k["bare_kernel"]["start_s"] + cold["raw_moto_s"])
            rows.append(_fig("notebooks", "notebooks.suite.vs_raw_moto",
                             f"the suite vs {count} x (kernel start + raw moto's first EC2 answer)",
                             f"{wall / moto_floor:.2f}x ({wall:.0f} s vs {moto_floor:.0f} s)",
                             value=wall / moto_floor, unit="x"))
    else:
        rows.append(_fig("notebooks", "notebooks.suite", title, f"not measured ({suite['reason']})",
                         target=target, target_text=target_text, mark="not measured"))
    return rows


def figures(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Every figure of the run, in DESIGN.md's order, each with its target and mark."""
    m = result["measurements"]
    rows = _start(m["lab"]) + _reset(m["lab"]) + _grading(m["grade"]) + _iam(m["iam"]) + _diagram(m["diagram"])
    rows += _memory(m["kernel"], m["server"]) + _notebooks(m["notebooks"], m["kernel"], m["lab"])
    size = sizing(result)
    if size["learners_per_gb"] is None:
        rows.append(_fig("sizing", "sizing.learners_per_gb", "learners per GB of RAM", "not measured",
                         mark="not measured"))
    else:
        rows.append(_fig("sizing", "sizing.learners_per_gb", "learners per GB of RAM",
                         f"{size['learners_per_gb']} ({size['per_learner_mb']:.0f} MB each)",
                         value=size["learners_per_gb"], unit="learners/GB"))
    return rows


def sizing(result: dict[str, Any]) -> dict[str, Any]:
    """Learners per GB: floor(1024 / (session kernel MB + JupyterLab server MB))."""
    k, s = result["measurements"]["kernel"], result["measurements"]["server"]
    if "error" in k or "error" in s:
        return {"learners_per_gb": None, "per_learner_mb": None}
    kernel_mb, server_mb = k["labkit"]["session_mb"], s["mb"]
    per = kernel_mb + server_mb
    return {
        "learners_per_gb": math.floor(MB_PER_GB / per),
        "per_learner_mb": per,
        "kernel_mb": kernel_mb,
        "server_mb": server_mb,
        "server_measured": bool(s["measured"]),
        "assumptions": [
            "one running kernel per learner (JupyterLab starts one per open notebook: ask learners to "
            "shut down a notebook's kernel before opening the next)",
            f"kernel: {k['metric']} resident memory of a kernel with a lab after a typical session "
            "(five core services used, a full snapshot, a network diagram, a graded task, a quiz loaded)",
            "server: " + ("resident memory of an idle JupyterLab server after its page loaded, measured"
                          if s["measured"] else f"{server_mb:.0f} MB assumed ({s['reason']})"),
            "not counted: the hub, its proxy, the OS and page cache; RSS counts shared library pages "
            "in every process, so the estimate errs on the safe side",
        ],
    }


def _load(values: list[float] | None) -> str:
    return "unknown" if not values else " / ".join(f"{v:.2f}" for v in values)


def render_table(result: dict[str, Any]) -> str:
    """The report as text: one row per figure, then the sizing footer and the caveats."""
    meta = result["meta"]
    header = ("figure", "measured", "target", "mark")
    rows = [(f["title"], f["measured"], f["target_text"] or "-", f["mark"]) for f in result["figures"]]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    lines = [
        f"labkit {meta['labkit']} bench{' --quick' if meta['quick'] else ''}: Python {meta['python']}, "
        f"{meta['platform']}, {meta['cpus']} CPUs, load average {_load(meta['load_start'])} at start, "
        f"{_load(meta['load_end'])} at end (1, 5, 15 min)",
        "",
        "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    area = None
    for fig, row in zip(result["figures"], rows, strict=True):
        if area is not None and fig["area"] != area:
            lines.append("")
        area = fig["area"]
        lines.append("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    marks = [f["mark"] for f in result["figures"]]
    lines += ["", "marks: " + ", ".join(f"{marks.count(m)} {m}" for m in MARKS if marks.count(m))]
    size = result["sizing"]
    if size["learners_per_gb"] is not None:
        lines += ["", f"Learners per GB of RAM = floor({MB_PER_GB} / ({size['kernel_mb']:.0f} MB kernel + "
                      f"{size['server_mb']:.0f} MB JupyterLab server)) = {size['learners_per_gb']}. Assumes:"]
        lines += [f"  - {a}" for a in size["assumptions"]]
    runs = meta["runs"]
    lines += [
        "",
        f"Medians of several runs (start {runs['start']}, warm start {runs['warm_start']}, reset and snapshot "
        f"{runs['reset_snapshot']}, grading {runs['grade']} per task, kernels {runs['kernel']}, diagram "
        f"{runs['diagram']}); IAM is the best of {runs['iam']} passes. Ratios and memory compare against raw moto "
        "measured in the same run. Other work on this machine slows every timing: compare load averages.",
    ]
    return "\n".join(lines)


def write_json(result: dict[str, Any], path: str | Path) -> Path:
    """Write the whole result (measurements, figures, sizing) as JSON; return the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return target
