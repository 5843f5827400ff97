"""``labkit doctor``: is this machine ready for the course?

Each check returns (ok, detail); the command prints them all and exits 1 if
any failed, so an instructor can run it on every workshop machine.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

__all__ = ["Check", "run_checks", "CHECKS"]


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def _python() -> tuple[bool, str]:
    version = ".".join(map(str, sys.version_info[:3]))
    return sys.version_info >= (3, 10), f"Python {version} (3.10 or newer needed)"


def _packages() -> tuple[bool, str]:
    from packaging.requirements import Requirement

    problems, found = [], []
    for spec in metadata.requires("labkit") or []:
        req = Requirement(spec)
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue  # test extras are not needed to learn
        try:
            version = metadata.version(req.name)
        except metadata.PackageNotFoundError:
            problems.append(f"{req.name} is not installed (needs {req.specifier})")
            continue
        if version not in req.specifier:
            problems.append(f"{req.name} {version} is outside {req.specifier}")
        found.append(f"{req.name} {version}")
    if problems:
        return False, "; ".join(problems) + " — run `make lab` or `pip install -e .` again"
    return True, ", ".join(found)


def _renderer() -> tuple[bool, str]:
    from .diagrams import engine, from_snapshot

    info = engine()
    svg = from_snapshot({}, "network").svg  # renders through the bundled engine
    ok = "<svg" in svg
    return ok, (f"{info['engine']} {info['pygraphviz']}, bundled Graphviz {info['graphviz']} "
                "(no system Graphviz needed)")


def _guard() -> tuple[bool, str]:
    from . import guard

    return guard.self_test()


def _lab() -> tuple[bool, str]:
    from ._env import HIDDEN_PREFIXES
    from .lab import Lab

    before = {k: v for k, v in os.environ.items() if k.startswith(HIDDEN_PREFIXES)}
    with Lab(seed=0) as lab:
        vpcs = lab.client("ec2").describe_vpcs()["Vpcs"]
    after = {k: v for k, v in os.environ.items() if k.startswith(HIDDEN_PREFIXES)}
    if before != after:
        return False, "the AWS environment was not restored after the lab closed"
    return len(vpcs) == 1, f"opened a lab in {lab.region}, found the default VPC, closed it"


def _home() -> tuple[bool, str]:
    from .paths import labkit_home
    from .progress import ProgressStore

    home = labkit_home()
    try:
        home.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=home):
            pass
        store = ProgressStore(home / "progress.db")
        with store.connection() as conn:
            conn.execute("SELECT count(*) FROM attempts").fetchone()
    except Exception as err:  # report, never crash the doctor
        return False, f"{home} is not usable ({err}); set LABKIT_HOME to a writable folder"
    return True, f"{home} is writable; progress database ready"


def _course() -> tuple[bool, str]:
    from .paths import course_source

    root = course_source()
    first = sorted(Path(root, "en").glob("00_*.ipynb"))
    if not first:
        return False, f"no course found in {root}/en (expected 00_*.ipynb)"
    return True, f"course found: {first[0].name}"


CHECKS: list[tuple[str, Callable[[], tuple[bool, str]]]] = [
    ("python", _python),
    ("packages", _packages),
    ("renderer", _renderer),
    ("network guard", _guard),
    ("lab", _lab),
    ("labkit home", _home),
    ("course", _course),
]


def run_checks() -> list[Check]:
    results = []
    for name, func in CHECKS:
        try:
            ok, detail = func()
        except Exception as err:  # a failing check is a finding, not a traceback
            ok, detail = False, f"{type(err).__name__}: {err}"
        results.append(Check(name, ok, detail))
    return results
