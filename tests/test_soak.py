"""Quick versions of the reliability soaks (tools/soak.py) and the egress audit hook.

The full soaks (docs/reliability.md) take minutes; these run each one small, so a
broken soak tool or audit hook is caught by ``make test``. Real sockets to
non-loopback addresses are opened only inside an empty network namespace
(``unshare -n``), aimed at documentation addresses; elsewhere the audit hook is
driven with hand-fired audit events.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
AUDIT_DIR = ROOT / "tools" / "egress_audit"


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


soak = _load("labkit_soak_tool", ROOT / "tools" / "soak.py")
NETNS = soak.netns_available()
needs_netns = pytest.mark.skipif(not NETNS, reason="cannot create a network namespace (unshare -n) here")


def _audited_child(tmp_path: Path, code: str, *, netns: bool = False) -> tuple[dict, list[dict]]:
    """Run ``code`` in a child with the audit hook installed; its JSON output and its log records."""
    script = tmp_path / "child.py"
    script.write_text(textwrap.dedent(code), encoding="utf-8")
    log = tmp_path / "egress.jsonl"
    env = {**os.environ, "PYTHONPATH": str(AUDIT_DIR), "LABKIT_EGRESS_LOG": str(log)}
    command = [sys.executable, str(script)]
    proc = subprocess.run(soak.in_netns(command) if netns else command, capture_output=True, text=True,
                          env=env, timeout=180)
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    return json.loads(proc.stdout.strip().splitlines()[-1]), records


def _attempts(records: list[dict]) -> list[tuple]:
    return [(r["event"], r["host"], r["verdict"], r["guard_active"], r["synthetic"])
            for r in records if r["kind"] == "attempt"]


def test_audit_hook_tells_refused_from_escaped_and_ignores_loopback(tmp_path):
    out, records = _audited_child(tmp_path, r"""
        import json, socket, sys, tempfile, os
        import labkit

        def fire(event, *args):
            try:
                sys.audit(event, *args)
                return "passed"
            except labkit.RealAWSCallBlocked:
                return "blocked"

        out = {"no_lab": fire("socket.connect", None, ("192.0.2.10", 443))}
        with labkit.Lab():
            out["connect"] = fire("socket.connect", None, ("192.0.2.10", 443))
            out["dns"] = fire("socket.getaddrinfo", "sts.amazonaws.com", 443, 0, 0, 0)
            out["loopback_event"] = fire("socket.connect", None, ("127.0.0.1", 80))
            with socket.socket() as server:  # real loopback traffic: allowed, not logged
                server.bind(("127.0.0.1", 0))
                server.listen(1)
                socket.create_connection(server.getsockname(), timeout=5).close()
            socket.getaddrinfo("localhost", 80)
            with socket.socket(socket.AF_UNIX) as unix:  # AF_UNIX: not the network
                try:
                    unix.connect(os.path.join(tempfile.gettempdir(), "no-such-labkit-socket"))
                except OSError:
                    pass
        print(json.dumps(out))
    """)
    # The hook changes nothing: the guard still raises through the wrapped sys.audit.
    assert out == {"no_lab": "passed", "connect": "blocked", "dns": "blocked", "loopback_event": "passed"}
    assert _attempts(records) == [
        ("socket.connect", "192.0.2.10", "escaped", False, True),
        ("socket.connect", "192.0.2.10", "refused", True, True),
        ("socket.getaddrinfo", "sts.amazonaws.com", "refused", True, True),
    ]
    starts = [r for r in records if r["kind"] == "start"]
    assert len(starts) == 1 and starts[0]["role"] == "python"
    assert records[1]["stack"][0].split(":")[0] == str(tmp_path / "child.py")


@pytest.mark.netns
@needs_netns
def test_audit_hook_sees_real_sockets_inside_an_empty_namespace(tmp_path):
    out, records = _audited_child(tmp_path, r"""
        import json, socket
        import labkit

        def connect():
            with socket.socket() as s:
                s.settimeout(2)
                s.connect(("192.0.2.10", 443))

        def outcome(func):
            try:
                func()
                return "no error"
            except labkit.RealAWSCallBlocked:
                return "blocked"
            except OSError as err:
                return "OSError"

        out = {"no_lab": outcome(connect)}  # nothing stops it but the empty namespace
        with labkit.Lab():
            out["lab"] = outcome(connect)
            out["dns"] = outcome(lambda: socket.getaddrinfo("sts.amazonaws.com", 443))
        print(json.dumps(out))
    """, netns=True)
    assert out == {"no_lab": "OSError", "lab": "blocked", "dns": "blocked"}
    assert _attempts(records) == [
        ("socket.connect", "192.0.2.10", "escaped", False, False),
        ("socket.connect", "192.0.2.10", "refused", True, False),
        ("socket.getaddrinfo", "sts.amazonaws.com", "refused", True, False),
    ]


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.9.9.9", True), ("::1", True), ("[::1]", True), ("LOCALHOST.", True),
     ("0.0.0.0", True), ("::ffff:127.0.0.1", True), (None, True), (b"localhost", True), ("web.localhost", True),
     ("192.0.2.10", False), ("10.0.0.1", False), ("169.254.169.254", False), ("decoy.example.com", False),
     ("::ffff:192.0.2.1", False), ("127.0.0.1.nip.io", False), (1234, False)],
)
def test_the_audit_classifies_loopback_on_its_own(host, loopback, monkeypatch):
    monkeypatch.delenv("LABKIT_EGRESS_LOG", raising=False)  # load it without installing a second hook
    audit = _load("labkit_egress_audit_under_test", AUDIT_DIR / "sitecustomize.py")
    assert audit.is_loopback(host) is loopback


def test_egress_summary_counts_each_kind_of_record(tmp_path):
    probe = soak.known_probes()
    assert probe, "tests/test_guard.py's CHILD probe script was not found"
    base = {"kind": "attempt", "event": "socket.connect", "host": "192.0.2.10", "port": 443, "role": "python",
            "argv": ["python"], "main_sha256": "", "stack": ["x.py:1:f"]}
    records = [
        {"kind": "start", "role": "kernel"}, {"kind": "start", "role": "pytest"},
        {**base, "verdict": "refused", "guard_active": True, "synthetic": False},
        {**base, "verdict": "escaped", "guard_active": False, "synthetic": True},
        {**base, "verdict": "escaped", "guard_active": False, "synthetic": False,
         "main_sha256": probe[0]["main_sha256"], "stack": ["/tmp/child.py:64:raw_socket"]},
        {**base, "verdict": "escaped", "guard_active": False, "synthetic": False, "host": "decoy.example.com",
         "event": "socket.getaddrinfo"},
    ]
    log = tmp_path / "log.jsonl"
    log.write_text("\n".join(json.dumps(r) for r in records) + "\n{not json\n", encoding="utf-8")
    figures = soak.summarise_egress(log)
    assert figures["processes_audited"] == 2
    assert figures["processes_by_role"] == {"kernel": 1, "pytest": 1}
    assert figures["refused"] == 1 and figures["refused_by_target"] == {"socket.connect 192.0.2.10": 1}
    assert figures["synthetic_events"] == {"escaped": 1}
    assert figures["deliberate_unguarded_probes"] == 1
    assert figures["escaped"] == 1 and figures["escaped_attempts"][0]["host"] == "decoy.example.com"
    assert figures["unreadable_lines"] == 1


@pytest.mark.slow
def test_egress_soak_runs_the_guard_tests_with_nothing_escaping(tmp_path):
    result = soak.egress_soak(
        ["tests/test_guard.py::test_real_sockets_are_refused_inside_an_empty_network_namespace",
         "tests/test_guard.py::test_self_test_passes"],
        workers=0, timeout=600, log_dir=tmp_path, quiet=True,
    )
    assert result["pytest_exit"] == 0, Path(result["pytest_log"]).read_text()[-2000:]
    assert result["escaped"] == 0, result["escaped_attempts"]
    assert result["processes_audited"] >= 2  # pytest and the guard test's child
    assert result["synthetic_events"].get("refused", 0) >= 2  # guard.self_test's probes
    if NETNS:
        assert result["network_namespace"] and result["tests"]["passed"] == 2
        assert result["refused"] >= 5  # the child's raw socket, UDP, HTTP, DNS and boto3 attempts
        assert result["deliberate_unguarded_probes"] == 1
    assert result["ok"]


@pytest.mark.slow
def test_progress_soak_loses_nothing_over_ten_kills():
    result = soak.progress_soak(10, seed=7, quiet=True)
    assert result["runs"] == 10 and result["attempts_committed"] > 0
    assert result["lost"] == 0 and result["mismatched"] == 0
    assert result["integrity_check"] == "ok" and not result["quick_check_failures"]
    assert not result["moved_aside"] and not result["warnings"]
    assert result["ok"]


@pytest.mark.slow
def test_fuzz_soak_lets_no_exception_escape():
    result = soak.fuzz_soak(200, 50, seed=11, base_tasks=["vpc.security_groups", "s3.secure_bucket",
                                                         "iam.least_privilege"], quiet=True)
    answers, snapshots = result["answers"], result["snapshots"]
    assert answers["answers"] == 200 and sum(answers["by_status"].values()) + answers["escaped"] == 200
    assert set(answers["by_kind"]) >= {"single", "multiple", "numeric", "text", "cidr", "policy", "lab"}
    assert snapshots["snapshots"] == 50 and snapshots["calls"] == 50 * snapshots["targets"]
    assert snapshots["bases"] == ["(empty lab)", "iam.least_privilege", "s3.secure_bucket", "vpc.security_groups"]
    assert answers["escapes"] + snapshots["escapes"] == []
    assert answers["escaped"] == snapshots["escaped"] == 0 and result["ok"]


def _deep(depth: int) -> list:
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


# The escapes the first full fuzz found (docs/reliability.md), kept as regression tests.
def test_a_huge_integer_answer_gets_feedback():
    from labkit.questions import build_quiz

    feedback = build_quiz("autoscaling", "en", record=False).answer("as-warm-pool-size", 10 ** 400)
    assert not feedback.correct and feedback.score == 0 and feedback.message


@pytest.mark.parametrize("value", ["\ud800", _deep(3000), {1: 2, None: "x"}],
                         ids=["lone-surrogate", "deep-list", "mixed-keys"])
def test_an_odd_answer_is_graded_and_recorded(value):
    import labkit
    from labkit.progress import ProgressStore

    feedback = labkit.quiz("global", "en").answer("global-multi-az", value)
    assert not feedback.correct and feedback.message
    assert [a.item for a in ProgressStore().attempts()] == ["global-multi-az"]


@pytest.mark.parametrize("vpc_id", ["A" * 100_000, "vpc-\ud800"], ids=["100k-chars", "lone-surrogate"])
def test_an_odd_name_still_draws(vpc_id):
    from labkit.diagrams import from_snapshot

    snap = {"labkit": {"region": "ap-northeast-2", "account_id": "123456789012"},
            "ec2": {"vpcs": [{"VpcId": vpc_id, "CidrBlock": "10.0.0.0/16"}]}}
    assert from_snapshot(snap, "network").svg.startswith("<?xml")
