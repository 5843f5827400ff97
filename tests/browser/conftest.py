"""Fixtures for the browser tests: a real ``labkit lab`` and a real chromium.

- ``lab_server`` starts ``labkit lab`` (the learner edition) the way a learner does,
  from a folder that is not the course, on a free loopback port with a random
  token, a temporary ``LABKIT_HOME`` and a temporary Jupyter config/data/runtime
  folder (so no workspace or setting of this machine leaks in), waits until the
  server answers, and stops it through its REST API (kernels shut down too).
- ``page`` is a chromium page (Debian's ``/usr/bin/chromium`` driven by Playwright
  through ``executable_path``; never a downloaded browser). When the test fails, a
  full-page screenshot is saved in the test's ``tmp_path`` and its path printed.
- Tests skip, saying why, only when chromium is absent; CI always installs it.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

LEARNER = "browser-learner"
START_TIMEOUT = 180.0  # seconds for `labkit lab` to answer (writes the edition, starts JupyterLab)
STOP_TIMEOUT = 60.0
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    # without these, chromium tries to reach Google's update and sync servers
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# Answered once for the learner: JupyterLab's "get notified about Jupyter news?" toast would
# otherwise cover the bottom-right corner of the page, and saying yes would reach the internet.
JUPYTERLAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False,
    },
}


def chromium_path() -> str | None:
    """Debian's chromium, else a ``chromium`` on PATH; None when there is none."""
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _labkit_command() -> list[str]:
    script = Path(sys.executable).with_name("labkit")
    return [str(script)] if script.exists() else [sys.executable, "-m", "labkit"]


@dataclass
class LabServer:
    """A running ``labkit lab``: where it answers and what it was started with."""

    base_url: str
    token: str
    home: Path
    learner: str
    env: dict[str, str]
    log: Path
    process: subprocess.Popen[bytes]
    lang: str = "en"

    def url(self, path: str) -> str:
        """A page of the server, with the token (``path`` like ``lab/tree/x.ipynb``)."""
        return f"{self.base_url}/{path}?token={self.token}"

    @property
    def course(self) -> Path:
        return self.home / "course" / self.lang

    def labkit(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run another ``labkit`` command with this server's LABKIT_HOME and learner."""
        return subprocess.run([*_labkit_command(), *args], env=self.env, capture_output=True, text=True,
                              timeout=120, check=False)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.url("api/status"), timeout=5) as response:
                return response.status == 200
        except (OSError, urllib.error.URLError):
            return False


def _wait_until_answering(server: LabServer) -> None:
    """Poll the server's status endpoint until it answers; fail early if it exits."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        code = server.process.poll()
        if code is not None:
            pytest.fail(f"`labkit lab` exited with status {code} before answering. Its log:\n{server.log_tail()}")
        if server.answers():
            return
        time.sleep(0.5)  # polling interval of a readiness probe, not a synchronisation sleep
    pytest.fail(f"`labkit lab` did not answer within {START_TIMEOUT:g} s. Its log:\n{server.log_tail()}")


def _processes_with(marker: str) -> list[int]:
    """Pids of this user's processes whose environment holds ``marker`` (the server's LABKIT_HOME)."""
    found = []
    needle = marker.encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if needle in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return sorted(found)


def _stop(server: LabServer) -> list[int]:
    """Shut the server down as JupyterLab's File > Shut Down does; returns pids left running."""
    request = urllib.request.Request(server.url("api/shutdown"), method="POST", data=b"")
    try:
        urllib.request.urlopen(request, timeout=10).close()
    except (OSError, urllib.error.URLError):
        pass  # already gone, or not answering: the signals below handle it
    try:
        server.process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(server.process.pid, signal.SIGTERM)
        try:
            server.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait(timeout=STOP_TIMEOUT)
    deadline = time.monotonic() + STOP_TIMEOUT
    left = _processes_with(f"LABKIT_HOME={server.home}")
    while left and time.monotonic() < deadline:  # kernels get a moment to finish shutting down
        time.sleep(0.5)
        left = _processes_with(f"LABKIT_HOME={server.home}")
    for pid in left:  # only processes this fixture started (they carry its private LABKIT_HOME)
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    return left


@pytest.fixture
def lab_server(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[LabServer]:
    """``labkit lab --no-browser`` on a free loopback port, stopped cleanly after the test.

    Parametrize it indirectly with a language (``"ko"``) for ``labkit lab --lang ko``.
    """
    lang = getattr(request, "param", "en")
    if chromium_path() is None:
        pytest.skip("chromium is not installed (/usr/bin/chromium or `chromium` on PATH); "
                    "the browser tests need it (CI installs it with apt)")
    home = tmp_path / "labkit-home"
    jupyter = tmp_path / "jupyter"
    for sub in ("config", "data", "runtime", "ipython"):
        (jupyter / sub).mkdir(parents=True)
    for name, values in JUPYTERLAB_SETTINGS.items():
        target = jupyter / "config" / "lab" / "user-settings" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values), encoding="utf-8")
    env = dict(os.environ)
    env.update({
        "LABKIT_HOME": str(home), "LABKIT_LEARNER": LEARNER,
        "JUPYTER_CONFIG_DIR": str(jupyter / "config"), "JUPYTER_DATA_DIR": str(jupyter / "data"),
        "JUPYTER_RUNTIME_DIR": str(jupyter / "runtime"), "IPYTHONDIR": str(jupyter / "ipython"),
        "PYTHONUNBUFFERED": "1",
    })
    env.pop("JUPYTER_PATH", None)
    port, token = _free_port(), secrets.token_hex(16)
    command = [
        *_labkit_command(), "lab", "--lang", lang, "--no-browser", "--port", str(port),
        f"--IdentityProvider.token={token}", "--ServerApp.ip=127.0.0.1", "--ServerApp.port_retries=0",
        "--ServerApp.allow_root=True",  # CI containers run as root
    ]
    workdir = tmp_path / "learner-cwd"  # a learner types `labkit lab` wherever their terminal is
    workdir.mkdir()
    log = tmp_path / "labkit-lab.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=workdir, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    server = LabServer(f"http://127.0.0.1:{port}", token, home, LEARNER, env, log, process, lang)
    try:
        _wait_until_answering(server)
        yield server
    finally:
        left = _stop(server)
    if left:
        pytest.fail(f"processes of `labkit lab` were still running after shutdown (killed): {left}")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """Keep each phase's report on the item, so fixtures can tell whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[object]:
    """A chromium page; on failure its screenshot lands in the test's tmp_path."""
    executable = chromium_path()
    if executable is None:
        pytest.skip("chromium is not installed (/usr/bin/chromium or `chromium` on PATH); "
                    "the browser tests need it (CI installs it with apt)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        opened = context.new_page()
        opened.set_default_timeout(60_000)
        try:
            yield opened
        finally:
            report = getattr(request.node, "report_call", None)
            if report is None or report.failed:
                shot = tmp_path / "failure.png"
                try:
                    opened.screenshot(path=str(shot), full_page=True)
                    print(f"\nscreenshot of the failed page: {shot}")
                except Exception as err:  # the page may be gone; the failure itself matters more
                    print(f"\nno screenshot ({err})")
            context.close()
            browser.close()
