"""The network guard refuses every non-loopback connection while a lab is open.

Tests that open real sockets to non-loopback addresses run in a child process
inside an empty network namespace (``unshare -n``, loopback only), and aim at
documentation addresses (192.0.2.0/24, TEST-NET-1): even a broken guard could
not send a packet off the machine. In-process tests fire CPython's audit events
with ``sys.audit`` and never touch a socket.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap

import pytest

import labkit
from labkit import RealAWSCallBlocked, guard


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "127.8.9.10", "::1", "[::1]", "localhost", "LOCALHOST.", "0.0.0.0", "::",
     "::ffff:127.0.0.1", "notebook.localhost", None],
)
def test_local_hosts(host):
    assert guard.is_local_host(host)


@pytest.mark.parametrize(
    "host",
    ["192.0.2.10", "10.0.0.1", "169.254.169.254", "sts.amazonaws.com", "2001:db8::1", "::ffff:192.0.2.1",
     "127.0.0.1.nip.io", 1234],
)
def test_non_local_hosts(host):
    assert not guard.is_local_host(host)


def test_audit_events_are_refused_only_while_a_lab_is_open():
    sys.audit("socket.getaddrinfo", "sts.amazonaws.com", 443, 0, 0, 0)  # no lab: no guard
    with labkit.Lab():
        with pytest.raises(RealAWSCallBlocked, match=r"connection to 192\.0\.2\.10:443"):
            sys.audit("socket.connect", None, ("192.0.2.10", 443))
        with pytest.raises(RealAWSCallBlocked, match="DNS lookup to sts.amazonaws.com"):
            sys.audit("socket.getaddrinfo", "sts.amazonaws.com", 443, 0, 0, 0)
        with pytest.raises(RealAWSCallBlocked, match="datagram to 192.0.2.53:53"):
            sys.audit("socket.sendto", None, ("192.0.2.53", 53))
        sys.audit("socket.connect", None, ("127.0.0.1", 8888))  # loopback allowed
        sys.audit("socket.connect", None, "/run/some.sock")  # unix sockets allowed
    sys.audit("socket.connect", None, ("192.0.2.10", 443))
    assert not guard.is_enabled()


def test_self_test_passes():
    ok, detail = guard.self_test()
    assert ok, detail
    assert not guard.is_enabled()


def _netns_available() -> bool:
    if not shutil.which("unshare") or not shutil.which("ip"):
        return False
    return subprocess.run(["unshare", "-n", "ip", "link", "set", "lo", "up"],
                          capture_output=True).returncode == 0


CHILD = textwrap.dedent(
    r"""
    import json, socket, sys, urllib.request
    import boto3, botocore.config, botocore.exceptions
    import labkit

    attempts = []          # every non-loopback attempt CPython saw, guard or not
    def audit(event, args):
        if event == "socket.connect" and isinstance(args[1], tuple) and not labkit.guard.is_local_host(args[1][0]):
            attempts.append(str(args[1][0]))
    sys.addaudithook(audit)

    results = {}
    def attempt(name, func):
        try:
            func()
            results[name] = "no error"
        except labkit.RealAWSCallBlocked as err:
            results[name] = "blocked " + err.host
        except botocore.exceptions.HTTPClientError as err:
            # botocore wraps what its HTTP layer raised; the guard's error is inside.
            inner = err.kwargs.get("error")
            results[name] = ("boto3-wrapped blocked " + inner.host
                             if isinstance(inner, labkit.RealAWSCallBlocked) else "other " + str(err))
        except Exception as err:
            results[name] = "other " + type(err).__name__ + ": " + str(err)[:120]

    def raw_socket():
        with socket.socket() as s:
            s.settimeout(2)
            s.connect(("192.0.2.10", 443))
    def udp():
        with socket.socket(type=socket.SOCK_DGRAM) as s:
            s.sendto(b"x", ("192.0.2.53", 53))
    def http():
        urllib.request.urlopen("http://192.0.2.20/", timeout=2)
    def dns():
        socket.getaddrinfo("sts.amazonaws.com", 443)
    def boto3_real_endpoint():
        cfg = botocore.config.Config(retries={"max_attempts": 1}, connect_timeout=2)
        boto3.client("sts", endpoint_url="https://192.0.2.30", config=cfg).get_caller_identity()
    def loopback():
        with socket.socket() as server:
            server.bind(("127.0.0.1", 0)); server.listen(1)
            socket.create_connection(server.getsockname(), timeout=2).close()

    with labkit.Lab() as lab:
        for name, func in [("raw_socket", raw_socket), ("udp", udp), ("http", http), ("dns", dns),
                           ("boto3_real_endpoint", boto3_real_endpoint), ("loopback", loopback)]:
            attempt(name, func)
        results["moto_still_answers"] = len(lab.client("ec2").describe_vpcs()["Vpcs"])
    attempt("after_stop_raw_socket", raw_socket)
    results["attempts_seen"] = attempts
    print(json.dumps(results))
    """
)


@pytest.mark.netns
@pytest.mark.skipif(not _netns_available(), reason="cannot create a network namespace with loopback up (unshare -n, ip) here")
def test_real_sockets_are_refused_inside_an_empty_network_namespace(tmp_path):
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    # Decoy credentials and profile are in the environment (conftest); the child inherits them.
    proc = subprocess.run(
        ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$0" "$1"', sys.executable, str(script)],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    results = json.loads(proc.stdout.strip().splitlines()[-1])
    assert results["raw_socket"] == "blocked 192.0.2.10"
    assert results["udp"] == "blocked 192.0.2.53"
    assert "blocked 192.0.2.20" in results["http"]
    assert results["dns"] == "blocked sts.amazonaws.com"
    assert results["boto3_real_endpoint"] == "boto3-wrapped blocked 192.0.2.30"
    assert results["loopback"] == "no error"
    assert results["moto_still_answers"] == 1
    # Once the lab is closed the guard is off: the namespace itself refuses (no route).
    assert results["after_stop_raw_socket"].startswith("other OSError")
    # CPython saw the refused attempts (the guard stopped them before any packet) and
    # exactly one more after stop, which the empty namespace could not route.
    assert results["attempts_seen"].count("192.0.2.10") == 2
