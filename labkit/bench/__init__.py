"""``labkit bench``: measure this machine for a workshop.

Every figure of DESIGN.md's performance targets, each with its target and a
pass/miss mark, and how many learners fit in a GB of RAM. Medians of several
runs; every comparison with raw moto is measured in the same run (in this
process for warm figures, in fresh processes or kernels for cold ones).

    >>> from labkit.bench import run, render_table, write_json   # doctest: +SKIP
    >>> result = run(quick=True)                                  # doctest: +SKIP
    >>> print(render_table(result)); write_json(result, "labkit-bench.json")  # doctest: +SKIP

One module per area: :mod:`.lab` (start, reset, snapshot), :mod:`.grade`,
:mod:`.iam`, :mod:`.diagram`, :mod:`.kernel` (kernel start-up and memory),
:mod:`.server` (the JupyterLab server's memory), :mod:`.notebooks` (the nbval
suite) and :mod:`.report` (figures, marks, sizing, table, JSON).
"""

from __future__ import annotations

import os
import platform
import sys
import time
from collections.abc import Callable
from typing import Any

from ._util import BenchError, Log, quiet
from .report import figures, render_table, sizing, write_json

__all__ = ["run", "render_table", "write_json", "BenchError", "RUNS"]

RUNS: dict[bool, dict[str, int]] = {  # by quick: how many runs each median is taken over
    True: {"start": 2, "warm_start": 4, "reset_snapshot": 6, "grade": 3, "iam": 2, "kernel": 1, "diagram": 3},
    False: {"start": 7, "warm_start": 14, "reset_snapshot": 21, "grade": 15, "iam": 5, "kernel": 5, "diagram": 9},
}


def _load() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):  # not on every OS
        return None


def run(quick: bool = False, *, notebooks: bool = False, log: Log = quiet) -> dict[str, Any]:
    """Measure every area and return the whole result (JSON-serialisable).

    ``quick`` takes fewer runs and grades three tasks instead of all; ``notebooks``
    also runs the course's notebooks under nbval (slow). A failing area is recorded
    as an error in its figures and the others still run. No lab may be open in
    this process: the benchmark opens its own.
    """
    from labkit import _version
    from labkit import lab as lab_module

    from . import diagram, grade, iam, kernel, lab, server
    from . import notebooks as suite

    if lab_module._open_lab is not None:
        raise BenchError("a lab is open in this process; close it (lab.stop()) first: "
                         "the benchmark opens its own labs.")
    runs = RUNS[bool(quick)]
    started, load_start = time.perf_counter(), _load()
    measurements: dict[str, Any] = {}

    def area(name: str, title: str, func: Callable[[], dict[str, Any]]) -> None:
        log(f"{title} ...")
        t0 = time.perf_counter()
        try:
            measurements[name] = func()
        except Exception as err:  # noqa: BLE001 - one broken area must not hide the others' figures
            measurements[name] = {"error": f"{type(err).__name__}: {err}"}
            log(f"  failed: {measurements[name]['error']}")
        measurements[name]["elapsed_s"] = round(time.perf_counter() - t0, 1)

    area("lab", "lab start (fresh processes and warm), reset, snapshot", lambda: {
        "cold_start": lab.cold_start(runs["start"]),
        "warm_start": lab.warm_start(runs["warm_start"]),
        "reset_snapshot": lab.reset_and_snapshot(runs["reset_snapshot"]),
    })
    area("grade", "grading on warm labs" + (" (3 tasks: --quick)" if quick else " (every task)"),
         lambda: grade.measure(quick, only=grade.QUICK_TASKS if quick else None, log=log))
    area("iam", "labkit.iam.evaluate throughput", lambda: iam.measure(5_000 if quick else 50_000, repeat=runs["iam"]))
    area("diagram", "network diagram of a 100-resource VPC", lambda: diagram.measure(runs=runs["diagram"]))
    area("kernel", "kernels: start-up and memory, labkit against raw moto", lambda: kernel.measure(runs["kernel"], log))
    area("server", "JupyterLab server memory", lambda: server.measure(log=log))
    area("notebooks", "notebook suite" + (" under nbval (slow)" if notebooks else ""), lambda: {
        "count": len(suite.course_notebooks()),
        "suite": suite.run_suite(log=log) if notebooks else {"measured": False, "reason": "use --notebooks"},
    })
    result: dict[str, Any] = {
        "meta": {
            "labkit": _version.__version__,
            "python": platform.python_version(),
            "platform": f"{platform.system()} {platform.machine()}",
            "cpus": os.cpu_count(),
            "load_start": load_start,
            "load_end": _load(),
            "quick": bool(quick),
            "notebooks": bool(notebooks),
            "runs": runs,
            "elapsed_s": round(time.perf_counter() - started, 1),
            "executable": sys.executable,
        },
        "measurements": measurements,
    }
    result["sizing"] = sizing(result)
    result["figures"] = figures(result)
    return result
