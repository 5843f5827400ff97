"""The progress store: every graded attempt, in SQLite at ``$LABKIT_HOME/progress.db``.

Why SQLite in WAL mode: two kernels of the same learner (two notebooks open)
write at once; WAL lets readers and one writer proceed together and, with a busy
timeout, queues writers instead of failing. Every attempt is its own committed
transaction, so a kernel killed mid-write loses at most the attempt it was
writing. A file that is not a readable database is moved aside (never
overwritten) and a fresh one started, with a warning that says where it went.
"""

from __future__ import annotations

import datetime as _dt
import getpass
import json
import os
import sqlite3
import warnings
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._version import __version__
from .errors import LabkitError, LabkitWarning
from .paths import labkit_home

__all__ = ["Attempt", "ProgressStore", "learner_id", "default_store"]

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    learner     TEXT NOT NULL,
    topic       TEXT NOT NULL,
    item        TEXT NOT NULL,
    answer      TEXT,             -- JSON
    score       REAL NOT NULL,
    max_score   REAL NOT NULL,
    findings    TEXT,             -- JSON
    created_at  TEXT NOT NULL,    -- UTC, ISO 8601
    kit_version TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS attempts_by_item ON attempts (learner, topic, item);
"""


def learner_id() -> str:
    """Who is learning: ``$LABKIT_LEARNER``, else the JupyterHub user (every
    learner's pod runs as ``jovyan``, so the login name says nothing there),
    else the login name."""
    for variable in ("LABKIT_LEARNER", "JUPYTERHUB_USER"):
        explicit = os.environ.get(variable, "").strip()
        if explicit:
            return explicit
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "learner"


@dataclass(frozen=True)
class Attempt:
    id: int
    learner: str
    topic: str
    item: str
    answer: Any
    score: float
    max_score: float
    findings: Any
    created_at: str
    kit_version: str


def _json(value: Any) -> str:
    """JSON text SQLite can store, for any value a learner may have typed.

    Mixed-type keys cannot be sorted, lone surrogates are not UTF-8 (they are
    kept as JSON escapes instead), and a list nested thousands deep overflows
    the encoder: each falls back to a form that still says what was given,
    never to an exception.
    """
    for options in ({"sort_keys": True}, {}):
        try:
            text = json.dumps(value, ensure_ascii=False, default=repr, **options)
        except TypeError:  # keys of mixed types cannot be sorted
            continue
        except (ValueError, RecursionError):  # circular, or nested too deep
            return json.dumps(f"<unstorable {type(value).__name__}>")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            text = json.dumps(value, ensure_ascii=True, default=repr, **options)
        return text
    return json.dumps(f"<unstorable {type(value).__name__}>")


class ProgressStore:
    """Attempts of learners, one SQLite file.

    Example:
        >>> store = ProgressStore(tmp_path / "progress.db")          # doctest: +SKIP
        >>> store.record("vpc", "vpc.security_groups", score=10, max_score=10)  # doctest: +SKIP
    """

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else labkit_home() / "progress.db"
        self._ready = False

    # -- connection --------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise LabkitError(
                f"cannot create the labkit folder {self.path.parent} ({err.strerror}). "
                "Set LABKIT_HOME to a writable folder."
            ) from err
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        conn.execute("PRAGMA busy_timeout = 30000")
        return conn

    def _prepare(self, conn: sqlite3.Connection) -> None:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise sqlite3.DatabaseError(f"journal mode is {mode}, expected wal")
        conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable across app crashes
        conn.executescript(_SCHEMA)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise sqlite3.DatabaseError(f"integrity check failed: {check}")

    def _move_aside(self, reason: Exception) -> Path:
        stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while target.exists():
            n += 1
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        os.replace(self.path, target)
        for suffix in ("-wal", "-shm"):
            side = Path(str(self.path) + suffix)
            if side.exists():
                os.replace(side, Path(str(target) + suffix))
        warnings.warn(
            f"labkit's progress database {self.path} could not be read ({reason}); it was moved "
            f"aside to {target} (nothing was deleted) and a fresh one was started.",
            LabkitWarning,
            stacklevel=4,
        )
        return target

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        conn = self._connect()
        try:
            if not self._ready:
                try:
                    self._prepare(conn)
                except sqlite3.DatabaseError as err:
                    if "locked" in str(err) or "busy" in str(err):
                        raise
                    conn.close()
                    self._move_aside(err)
                    conn = self._connect()
                    self._prepare(conn)
                self._ready = True
            yield conn
        finally:
            conn.close()

    # -- writing and reading -----------------------------------------------
    def record(
        self,
        topic: str,
        item: str,
        *,
        score: float,
        max_score: float,
        answer: Any = None,
        findings: Any = None,
        learner: str | None = None,
    ) -> int:
        """Store one graded attempt and return its id (committed before returning)."""
        row = (
            learner or learner_id(),
            str(topic),
            str(item),
            _json(answer),
            float(score),
            float(max_score),
            _json(findings),
            _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="milliseconds"),
            __version__,
        )
        with self.connection() as conn:
            cur = conn.execute(
                "INSERT INTO attempts (learner, topic, item, answer, score, max_score, findings,"
                " created_at, kit_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            return int(cur.lastrowid or 0)

    def attempts(self, *, learner: str | None = None, topic: str | None = None) -> list[Attempt]:
        """Every attempt, oldest first, optionally for one learner and/or topic."""
        sql = "SELECT * FROM attempts"
        where, args = [], []
        if learner is not None:
            where.append("learner = ?")
            args.append(learner)
        if topic is not None:
            where.append("topic = ?")
            args.append(topic)
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id"
        with self.connection() as conn:
            conn.row_factory = sqlite3.Row
            with closing(conn.execute(sql, args)) as cur:
                rows = cur.fetchall()
        return [
            Attempt(
                id=r["id"], learner=r["learner"], topic=r["topic"], item=r["item"],
                answer=json.loads(r["answer"]) if r["answer"] else None,
                score=r["score"], max_score=r["max_score"],
                findings=json.loads(r["findings"]) if r["findings"] else None,
                created_at=r["created_at"], kit_version=r["kit_version"],
            )
            for r in rows
        ]

    def summary(self, *, learner: str | None = None) -> list[dict[str, Any]]:
        """One row per (learner, topic, item): attempts, best and last score."""
        rows: dict[tuple[str, str, str], dict[str, Any]] = {}
        for a in self.attempts(learner=learner):
            key = (a.learner, a.topic, a.item)
            row = rows.setdefault(
                key,
                {"learner": a.learner, "topic": a.topic, "item": a.item, "attempts": 0,
                 "best": a.score, "last": a.score, "max_score": a.max_score},
            )
            row["attempts"] += 1
            row["best"] = max(row["best"], a.score)
            row["last"] = a.score
            row["max_score"] = a.max_score
        return [rows[k] for k in sorted(rows)]


def default_store() -> ProgressStore:
    return ProgressStore()
