"""The progress store: WAL SQLite, concurrent writers, kill -9, corrupt files."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from labkit import LabkitWarning
from labkit.progress import ProgressStore, learner_id


def test_record_and_read_back(tmp_path):
    store = ProgressStore(tmp_path / "progress.db")
    first = store.record("vpc", "vpc.security_groups", score=6, max_score=10,
                         answer={"cidr": "10.0.0.0/16"}, findings=[{"check": "EC2.2", "passed": False}])
    store.record("vpc", "vpc.security_groups", score=10, max_score=10)
    store.record("s3", "q1", score=1, max_score=1, answer="한국어 답", learner="other")
    attempts = store.attempts(learner="test-learner")
    assert [a.id for a in attempts] == [first, first + 1]
    assert attempts[0].answer == {"cidr": "10.0.0.0/16"}
    assert attempts[0].findings == [{"check": "EC2.2", "passed": False}]
    assert store.attempts(learner="other")[0].answer == "한국어 답"
    summary = store.summary(learner="test-learner")
    assert summary == [{"learner": "test-learner", "topic": "vpc", "item": "vpc.security_groups",
                        "attempts": 2, "best": 10.0, "last": 10.0, "max_score": 10.0}]


def test_wal_mode_and_default_location(tmp_path, monkeypatch):
    monkeypatch.setenv("LABKIT_HOME", str(tmp_path / "home"))
    store = ProgressStore()
    assert store.path == tmp_path / "home" / "progress.db"
    store.record("t", "i", score=0, max_score=1)
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_learner_id_from_environment(monkeypatch):
    monkeypatch.setenv("LABKIT_LEARNER", "  kim  ")
    assert learner_id() == "kim"


def test_a_corrupt_file_is_moved_aside_never_overwritten(tmp_path):
    path = tmp_path / "progress.db"
    garbage = b"this is not a database" * 100
    path.write_bytes(garbage)
    store = ProgressStore(path)
    with pytest.warns(LabkitWarning, match="could not be read.*moved aside to .*corrupt"):
        store.record("t", "i", score=1, max_score=1)
    aside = list(tmp_path.glob("progress.db.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == garbage
    assert len(store.attempts()) == 1


WRITER = textwrap.dedent(
    """
    import sys
    from labkit.progress import ProgressStore
    store = ProgressStore(sys.argv[1])
    for n in range(int(sys.argv[3])):
        row = store.record("topic", f"{sys.argv[2]}-{n}", score=n, max_score=n + 1, answer={"n": n})
        print(row, flush=True)
    """
)


@pytest.mark.slow
def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    db = tmp_path / "progress.db"
    count = 150
    procs = [subprocess.Popen([sys.executable, str(script), str(db), name, str(count)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for name in ("kernel-a", "kernel-b")]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    items = sorted(a.item for a in ProgressStore(db).attempts())
    expected = sorted(f"{name}-{n}" for name in ("kernel-a", "kernel-b") for n in range(count))
    assert items == expected


@pytest.mark.slow
def test_kill_9_mid_write_loses_no_committed_attempt(tmp_path):
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    db = tmp_path / "progress.db"
    rng = random.Random(1234)
    committed: set[int] = set()
    for run in range(8):
        proc = subprocess.Popen([sys.executable, str(script), str(db), f"run{run}", "100000"],
                                stdout=subprocess.PIPE, text=True)
        # Wait until it is writing, then kill it at a random moment.
        first = proc.stdout.readline()
        assert first.strip().isdigit()
        committed.add(int(first))
        time.sleep(rng.uniform(0.0, 0.3))
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        committed.update(int(line) for line in out.split() if line.isdigit())
    present = {a.id for a in ProgressStore(db).attempts()}
    assert committed <= present
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_learner_id_prefers_labkit_learner_then_the_jupyterhub_user(monkeypatch):
    from labkit.progress import learner_id

    monkeypatch.setenv("JUPYTERHUB_USER", "alice")
    monkeypatch.setenv("LABKIT_LEARNER", "a.kim")
    assert learner_id() == "a.kim"
    monkeypatch.delenv("LABKIT_LEARNER")
    assert learner_id() == "alice"
