"""The JupyterLab server's own memory: the other half of what each learner costs.

Starts ``python -m jupyterlab`` on a free loopback port with a throw-away root,
config and runtime folder, waits until it answers, loads the page and the API
calls a browser makes when it opens JupyterLab, then reads the server's resident
memory. Under JupyterHub each learner runs one such single-user server.
When it cannot be started here, a documented assumption stands in for it.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from typing import Any

from ._util import Log, memory_mb, quiet

__all__ = ["ASSUMED_MB", "measure"]

ASSUMED_MB = 100.0  # an idle JupyterLab 4 server with its page loaded (measured at ~87 MB on Linux)
_PAGES = ("/lab", "/api/kernelspecs", "/lab/api/settings", "/lab/api/extensions", "/api/contents")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _assumed(reason: str) -> dict[str, Any]:
    return {"measured": False, "mb": ASSUMED_MB, "reason": reason}


def measure(timeout: float = 120, log: Log = quiet) -> dict[str, Any]:
    """The idle JupyterLab server's memory in MiB, measured, or the assumption with the reason."""
    try:
        import jupyterlab  # noqa: F401
    except ImportError:
        return _assumed("jupyterlab is not installed")
    port = _free_port()
    token = secrets.token_hex(16)  # never printed or stored
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback, never a proxy
    with tempfile.TemporaryDirectory(prefix="labkit-bench-server-") as tmp:
        env = dict(os.environ, JUPYTER_RUNTIME_DIR=os.path.join(tmp, "runtime"),
                   JUPYTER_CONFIG_DIR=os.path.join(tmp, "config"))
        command = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--ServerApp.port={port}",
                   "--ServerApp.ip=127.0.0.1", "--ServerApp.port_retries=0", f"--ServerApp.root_dir={tmp}",
                   f"--IdentityProvider.token={token}",
                   "--LabApp.extension_manager=readonly"]  # as labkit lab: no pypi.org lookups
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--ServerApp.allow_root=True")  # containers often run as root
        started = time.perf_counter()
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while True:
                if proc.poll() is not None:
                    return _assumed(f"jupyter lab exited with code {proc.returncode} before answering")
                if time.perf_counter() - started > timeout:
                    return _assumed(f"jupyter lab did not answer within {timeout:.0f} s")
                try:
                    with opener.open(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=5):
                        break
                except OSError:
                    time.sleep(0.25)
            ready_s = time.perf_counter() - started
            log(f"  JupyterLab server answered after {ready_s:.1f} s")
            for page in _PAGES:  # what a browser asks for when it opens JupyterLab
                with opener.open(f"http://127.0.0.1:{port}{page}?token={token}", timeout=60) as response:
                    response.read()
            memory = memory_mb(proc.pid)
        except OSError as err:
            return _assumed(f"jupyter lab did not serve its page: {err}")
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(15)
    peak = memory["peak_mb"]
    return {"measured": True, "mb": float(peak if peak is not None else memory["rss_mb"]),  # type: ignore[arg-type]
            "metric": "peak" if peak is not None else "rss", "start_s": ready_s}
