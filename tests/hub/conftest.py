"""A real JupyterHub on loopback for the workshop test, and the clients that talk to it.

``hub`` (module scope) starts ``jupyterhub`` with tests/hub/jupyterhub_config.py: the
hub, a real configurable-http-proxy (from npm) and, once learners start them, one
single-user server per learner. Every process it starts carries a marker in its
environment; teardown stops the servers through the REST API, stops the hub (which
stops the proxy), then looks for any process still carrying the marker and fails the
test if it finds one (after ending it), so no test run leaves a server behind.

``Learner`` logs in through the REST API (``POST /hub/api/users/<name>/tokens`` with the
shared password: the Authenticator checks it), starts its server and waits for it on the
hub's progress stream (no polling), and runs code in its own kernel over the kernel's
websocket channels, through the proxy, like JupyterLab does.
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
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
VENV_BIN = Path(sys.executable).parent
JUPYTERHUB = VENV_BIN / "jupyterhub"
SINGLEUSER = VENV_BIN / "jupyterhub-singleuser"
PASSWORD = "workshop-password-2024"  # SharedPasswordAuthenticator wants 8 or more characters
MARKER = "LABKIT_HUB_TEST_RUN"
START_TIMEOUT = 300  # seconds: generous, for two shared CI cores busy with other jobs
EXEC_TIMEOUT = 240


def _proxy_command() -> str | None:
    """configurable-http-proxy: the copy `make venv` installs with npm (in $(VENV)/npm), else one on PATH."""
    local = VENV_BIN.parent / "npm" / "node_modules" / ".bin" / "configurable-http-proxy"
    if local.exists() and shutil.which("node"):
        return str(local)
    return shutil.which("configurable-http-proxy")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _marked_pids(value: str) -> list[int]:
    """Processes whose environment carries this run's marker (hub, proxy, servers, kernels)."""
    needle = f"{MARKER}={value}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:  # gone meanwhile, or not ours to read
            continue
        if needle in environ.split(b"\0"):
            found.append(int(entry.name))
    return sorted(found)


def _leftovers(marker: str) -> list[str]:
    """Marked processes still alive after the hub stopped; they are ended, and named for the failure.

    A kernel whose server has gone notices within a second or two (ipykernel polls its parent),
    so give processes that are already on their way out a bounded grace period first.
    """
    import psutil

    procs = []
    for pid in _marked_pids(marker):
        try:
            procs.append(psutil.Process(pid))
        except psutil.NoSuchProcess:
            pass
    _, alive = psutil.wait_procs(procs, timeout=30)
    named = []
    for proc in alive:
        try:
            named.append(f"{proc.pid} {' '.join(proc.cmdline())[:120]}")
            proc.kill()
        except psutil.NoSuchProcess:
            pass
    return named


@dataclass
class Hub:
    url: str                      # the proxy's public URL: what a browser would open
    root: Path                    # tmp folder: database, homes, submissions, logs
    submissions: Path
    service_token: str
    log: Path
    process: subprocess.Popen[bytes]
    learners: list[str] = field(default_factory=list)

    def api(self, method: str, path: str, *, token: str | None = None, **kwargs: Any) -> Any:
        import requests

        headers = kwargs.pop("headers", {})
        if token is not None:
            headers["Authorization"] = f"token {token}"
        return requests.request(method, f"{self.url}/hub/api{path}", headers=headers,
                                timeout=kwargs.pop("timeout", 60), **kwargs)

    def login(self, name: str) -> Learner:
        return Learner(self, name)

    def log_tail(self, lines: int = 60) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


@dataclass
class ExecResult:
    stdout: str
    results: list[str]            # text/plain of execute_result and display_data, in order
    error: str | None             # "ename: evalue\n<traceback>" when the cell raised


class Kernel:
    """One kernel of a learner's server, driven over its websocket like JupyterLab does."""

    def __init__(self, hub: Hub, user: str, token: str, kernel_id: str) -> None:
        import websocket

        self.hub, self.user, self.token, self.id = hub, user, token, kernel_id
        self.session = uuid.uuid4().hex
        ws_url = hub.url.replace("http://", "ws://", 1)
        self.ws = websocket.create_connection(
            f"{ws_url}/user/{user}/api/kernels/{kernel_id}/channels?session_id={self.session}",
            header=[f"Authorization: token {token}"], timeout=EXEC_TIMEOUT, suppress_origin=True,
        )

    def execute(self, code: str) -> ExecResult:
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "username": self.user, "session": self.session,
                       "msg_type": "execute_request", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True},
        }))
        stdout: list[str] = []
        results: list[str] = []
        error = None
        replied = idle = False
        while not (replied and idle):
            msg = json.loads(self.ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "execute_reply":
                replied = True
            elif kind == "status" and content.get("execution_state") == "idle":
                idle = True
            elif kind == "stream":
                stdout.append(content["text"])
            elif kind in ("execute_result", "display_data"):
                results.append(content.get("data", {}).get("text/plain", ""))
            elif kind == "error":
                error = f"{content['ename']}: {content['evalue']}\n" + "\n".join(content.get("traceback", []))
        return ExecResult("".join(stdout), results, error)

    def run(self, code: str) -> ExecResult:
        """Execute and fail the test, with the kernel's traceback, if the code raised."""
        result = self.execute(code)
        assert result.error is None, f"{self.user}'s kernel raised:\n{result.error}"
        return result

    def close(self) -> None:
        """Close the websocket and shut the kernel down, as closing a notebook's kernel does."""
        self.ws.close()
        import requests

        requests.delete(f"{self.hub.url}/user/{self.user}/api/kernels/{self.id}",
                        headers={"Authorization": f"token {self.token}"}, timeout=120)


class Learner:
    """A learner at the hub: logs in, starts their server, opens kernels on it."""

    def __init__(self, hub: Hub, name: str) -> None:
        self.hub, self.name = hub, name
        response = hub.api("POST", f"/users/{name}/tokens",
                           json={"auth": {"username": name, "password": PASSWORD}, "note": "workshop test",
                                 "expires_in": 3600})
        assert response.status_code == 201, f"{name} could not log in: {response.status_code} {response.text}"
        self.token: str = response.json()["token"]

    def start_server(self) -> None:
        response = self.hub.api("POST", f"/users/{self.name}/server", token=self.token)
        assert response.status_code in (201, 202), f"{self.name}: {response.status_code} {response.text}"

    def wait_ready(self) -> None:
        """Follow the hub's progress stream (server-sent events) until the server is ready."""
        with self.hub.api("GET", f"/users/{self.name}/server/progress", token=self.token, stream=True,
                          headers={"Accept": "text/event-stream"}, timeout=(30, START_TIMEOUT)) as stream:
            for line in stream.iter_lines(decode_unicode=True):
                if not line or not line.startswith("data:"):
                    continue
                event = json.loads(line[len("data:"):])
                if event.get("failed"):
                    raise AssertionError(f"{self.name}'s server failed to start: {event.get('message')}\n"
                                         f"{self.hub.log_tail()}")
                if event.get("ready"):
                    return
        raise AssertionError(f"{self.name}'s progress stream ended before the server was ready\n"
                             f"{self.hub.log_tail()}")

    def server(self, method: str, path: str, *, user: str | None = None, **kwargs: Any) -> Any:
        """A request with this learner's token to a single-user server's Jupyter REST API (their own
        unless ``user`` names another learner), through the proxy."""
        import requests

        return requests.request(method, f"{self.hub.url}/user/{user or self.name}/api{path}",
                                headers={"Authorization": f"token {self.token}"}, allow_redirects=False,
                                timeout=kwargs.pop("timeout", 120), **kwargs)

    def open_kernel(self) -> Kernel:
        response = self.server("POST", "/kernels", json={"name": "python3"}, timeout=START_TIMEOUT)
        assert response.status_code == 201, f"{self.name}: {response.status_code} {response.text}"
        return Kernel(self.hub, self.name, self.token, response.json()["id"])


def _stop_servers(hub: Hub) -> None:
    """Stop every learner's server through the REST API, all at once."""
    from concurrent.futures import ThreadPoolExecutor

    def stop(name: str) -> None:
        try:
            hub.api("DELETE", f"/users/{name}/server", token=hub.service_token, timeout=120)
        except Exception:  # the hub's own shutdown stops whatever is left
            pass

    with ThreadPoolExecutor(len(hub.learners)) as pool:
        list(pool.map(stop, hub.learners))


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    proxy = _proxy_command()
    if not JUPYTERHUB.exists() or not SINGLEUSER.exists():
        pytest.skip("jupyterhub is not installed in this venv (pip install -e '.[test]')")
    if proxy is None:
        pytest.skip("configurable-http-proxy not found: `make venv` installs it with npm "
                    "(npm install --prefix .venv/npm configurable-http-proxy@4); needs node")
    from tests.conftest import DECOY_ENV

    root = tmp_path_factory.mktemp("hub")
    (root / "home").mkdir()
    submissions = root / "submissions"
    submissions.mkdir()
    # Decoy AWS settings for every learner's server, as the suite's conftest gives every test:
    # a real-looking key, a profile that exists in a real-looking config file.
    aws = root / "aws"
    aws.mkdir()
    (aws / "config").write_text("[profile production-admin]\nregion = us-west-2\n"
                                "endpoint_url = https://192.0.2.11\n")
    (aws / "credentials").write_text("[production-admin]\naws_access_key_id = AKIAI44QH8DHBEXAMPLE\n"
                                     "aws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\n")
    decoys = {**DECOY_ENV, "AWS_CONFIG_FILE": str(aws / "config"),
              "AWS_SHARED_CREDENTIALS_FILE": str(aws / "credentials")}
    marker = uuid.uuid4().hex
    service_token = secrets.token_hex(32)
    public_port = _free_port()
    settings = {
        "root": str(root), "public_port": public_port, "hub_port": _free_port(),
        "proxy_api_port": _free_port(), "proxy_command": proxy, "singleuser": str(SINGLEUSER),
        "password": PASSWORD, "learners": ["alice", "bob", "carol"], "service_token": service_token,
        "marker_name": MARKER, "marker_value": marker, "decoy_env": decoys,
        "docs_snippet": str(REPO / "docs" / "workshop" / "labkit_hub.py"),
        "allow_root": os.geteuid() == 0,
    }
    (root / "settings.json").write_text(json.dumps(settings, indent=1), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "LABKIT_", "JUPYTER"))}
    env.update({"LABKIT_HUB_SETTINGS": str(root / "settings.json"), MARKER: marker,
                "PATH": f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"})
    log = root / "jupyterhub.log"
    process = subprocess.Popen(
        [str(JUPYTERHUB), "-f", str(HERE / "jupyterhub_config.py")], cwd=root, env=env,
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )
    running = threading.Event()

    def pump() -> None:  # copy the hub's log to a file; say when the hub is up
        assert process.stdout is not None
        with log.open("wb") as out:
            for line in process.stdout:
                out.write(line)
                out.flush()
                if b"JupyterHub is now running" in line:
                    running.set()
        running.set()  # the hub exited: wake the waiter, which then sees the exit code

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    started = Hub(f"http://127.0.0.1:{public_port}", root, submissions, service_token, log, process,
                  list(settings["learners"]))
    try:
        if not running.wait(START_TIMEOUT) or process.poll() is not None:
            raise AssertionError(f"JupyterHub did not start (exit code {process.poll()}):\n{started.log_tail()}")
        yield started
    finally:
        _stop_servers(started)
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)  # the hub stops its servers and its proxy
            try:
                process.wait(120)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(30)
        reader.join(30)
        leftovers = _leftovers(marker)
        assert not leftovers, f"processes left behind by the hub: {leftovers}\n{started.log_tail()}"
