"""Helpers shared by the benchmark areas: medians, clean child environments,
fresh Python processes, Jupyter kernels, and memory read from the OS."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..errors import LabkitError

Log = Callable[[str], None]


class BenchError(LabkitError):
    """A measurement could not be made (a kernel did not start, a child process failed)."""


def quiet(_: str) -> None:
    """The default progress logger: says nothing."""


def median(values: Iterable[float]) -> float:
    return float(statistics.median(list(values)))


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without AWS settings, plus ``extra``.

    Both sides of a comparison start from it: a learner's profile or a decoy
    AWS_ENDPOINT_URL would make raw moto fail (or reach out), not the lab.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "BOTO_"))}
    env.update(extra)
    return env


def run_python(code: str, env: dict[str, str] | None = None, timeout: float = 600) -> float:
    """Run ``code`` in a fresh interpreter; its last printed line is the figure."""
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                         env=env if env is not None else clean_env(), timeout=timeout)
    if out.returncode != 0:
        tail = (out.stderr.strip().splitlines() or ["(no output)"])[-1]
        raise BenchError(f"a benchmark child process failed: {tail}")
    return float(out.stdout.strip().splitlines()[-1])


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` now, in MiB."""
    import psutil

    return psutil.Process(pid).memory_info().rss / 2**20


def peak_mb(pid: int) -> float | None:
    """Peak resident memory of ``pid`` in MiB (Linux's VmHWM), or None where the OS does not say.

    Not ``ru_maxrss``: Linux carries it across fork+exec, so a child started from a big
    parent reports the parent's peak.
    """
    status = Path(f"/proc/{pid}/status")
    try:
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def memory_mb(pid: int) -> dict[str, float | None]:
    return {"rss_mb": round(rss_mb(pid), 1), "peak_mb": _round(peak_mb(pid))}


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


class Kernel:
    """An IPython kernel started the way JupyterLab starts one (jupyter_client, the
    ``python3`` kernel of this interpreter), so its memory is a real notebook's."""

    def __init__(self, env: dict[str, str], *, timeout: float = 300) -> None:
        self.env = env
        self.timeout = timeout
        self.start_s = 0.0
        self._km: Any = None
        self._kc: Any = None

    def __enter__(self) -> Kernel:
        from jupyter_client.manager import start_new_kernel

        started = time.perf_counter()
        try:
            self._km, self._kc = start_new_kernel(kernel_name="python3", env=self.env,
                                                  startup_timeout=self.timeout, stderr=subprocess.DEVNULL)
        except Exception as err:  # noqa: BLE001 - any failure to start is reported the same way
            raise BenchError(f"could not start a Python kernel: {err}") from err
        self.start_s = time.perf_counter() - started
        return self

    @property
    def pid(self) -> int:
        return int(self._km.provisioner.pid)

    def run(self, code: str) -> str:
        """Execute ``code``; return what it printed. A failing cell is a BenchError."""
        printed: list[str] = []
        errors: list[str] = []

        def hook(msg: dict[str, Any]) -> None:
            if msg["msg_type"] == "stream":
                printed.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                errors.append(f"{msg['content']['ename']}: {msg['content']['evalue']}")

        reply = self._kc.execute_interactive(textwrap.dedent(code), timeout=self.timeout, output_hook=hook)
        if reply["content"]["status"] != "ok" or errors:
            raise BenchError(f"a benchmark cell failed in the kernel: {'; '.join(errors) or reply['content']}")
        return "".join(printed)

    def timed(self, code: str) -> float:
        started = time.perf_counter()
        self.run(code)
        return time.perf_counter() - started

    def memory(self) -> dict[str, float | None]:
        return memory_mb(self.pid)

    def __exit__(self, *exc: object) -> None:
        try:
            self._kc.stop_channels()
        finally:
            self._km.shutdown_kernel(now=True)
