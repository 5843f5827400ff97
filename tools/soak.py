"""Reliability soaks for labkit: egress, progress store under SIGKILL, grader fuzz.

Why: DESIGN.md's reliability targets are promises about *every* input and *every*
process, which unit tests only sample. These soaks run them at scale and print the
figures that docs/reliability.md reports.

    python tools/soak.py egress [PYTEST_PATHS ...]   the test suite + notebooks with an egress audit
    python tools/soak.py progress [--runs 100]       writers killed with SIGKILL at random moments
    python tools/soak.py fuzz [--answers 10000 --snapshots 1000]   generated answers and snapshots
    python tools/soak.py all                         the three, one after the other

Each prints its figures and writes them as JSON (``--out``; default ``build/soak/<name>.json``).
The exit status is 0 only when every target holds. Run with the repo's venv
(``.venv/bin/python tools/soak.py ...``).
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import copy
import datetime as dt
import decimal
import fractions
import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
import traceback
import warnings
import xml.etree.ElementTree as ElementTree
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
AUDIT_DIR = ROOT / "tools" / "egress_audit"
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
DEFAULT_OUT = ROOT / "build" / "soak"

# Decoys: real-looking, never valid. If anything used them, it would have to go through the
# network, which the audit logs and the empty namespace cannot route.
DECOY_KEY = "AKIAZ7SOAKDECOY4Q2XW"
DECOY_SECRET = "q9Lw3RcT0bS7mVxN2yF8kJ5hG1dA6eZ4uP0oIiDe"
DECOY_PROFILE = "labkit-decoy"
DECOY_ENDPOINT = "https://decoy.example.com"


def _python() -> str:
    return str(VENV_PYTHON) if VENV_PYTHON.exists() else sys.executable


def _write_json(result: dict[str, Any], out: Path | None, name: str) -> Path:
    target = out if out is not None else DEFAULT_OUT / f"{name}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(result, indent=1, sort_keys=True, default=repr) + "\n", encoding="utf-8")
    return target


# ---------------------------------------------------------------------------------------------
# egress
# ---------------------------------------------------------------------------------------------
def netns_available() -> bool:
    """True when ``unshare -n`` can make an empty network namespace with loopback up."""
    if not shutil.which("unshare") or not shutil.which("ip"):
        return False
    try:
        probe = subprocess.run(["unshare", "-n", "ip", "link", "set", "lo", "up"],
                               capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


def in_netns(command: list[str]) -> list[str]:
    """``command`` inside a fresh network namespace with only loopback up."""
    return ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$0" "$@"', *command]


def decoy_environment(folder: Path) -> dict[str, str]:
    """Decoy AWS credentials, profile and endpoint, with their config files in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "config"
    credentials = folder / "credentials"
    config.write_text(
        f"[profile {DECOY_PROFILE}]\nregion = eu-central-1\nendpoint_url = https://decoy-profile.example.com\n"
        "[default]\nregion = us-east-1\n", encoding="utf-8")
    credentials.write_text(
        f"[{DECOY_PROFILE}]\naws_access_key_id = {DECOY_KEY}\naws_secret_access_key = {DECOY_SECRET}\n"
        f"[default]\naws_access_key_id = {DECOY_KEY}\naws_secret_access_key = {DECOY_SECRET}\n",
        encoding="utf-8")
    return {
        "AWS_ACCESS_KEY_ID": DECOY_KEY,
        "AWS_SECRET_ACCESS_KEY": DECOY_SECRET,
        "AWS_SESSION_TOKEN": "IQoJb3JpZ2luX2VjSOAKDECOYTOKEN",
        "AWS_PROFILE": DECOY_PROFILE,
        "AWS_DEFAULT_REGION": "eu-central-1",
        "AWS_CONFIG_FILE": str(config),
        "AWS_SHARED_CREDENTIALS_FILE": str(credentials),
        "AWS_ENDPOINT_URL": DECOY_ENDPOINT,
    }


def _probe_digest(test_file: Path, name: str) -> str:
    """sha256 of a child script a test writes out (``NAME = textwrap.dedent(\"\"\"...\"\"\")``)."""
    try:
        tree = ast.parse(test_file.read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return ""
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            value = node.value
            if isinstance(value, ast.Call) and value.args and isinstance(value.args[0], ast.Constant):
                return hashlib.sha256(textwrap.dedent(value.args[0].value).encode()).hexdigest()
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                return hashlib.sha256(value.value.encode()).hexdigest()
    return ""


def known_probes() -> list[dict[str, str]]:
    """Deliberate unguarded attempts: tests/test_guard.py's child connects once more after the
    lab is closed, to show the empty namespace itself refuses. Only that exact script, function
    and host is set apart; anything else with the guard off counts as escaped."""
    digest = _probe_digest(ROOT / "tests" / "test_guard.py", "CHILD")
    if not digest:
        return []
    return [{"main_sha256": digest, "function": "raw_socket", "host": "192.0.2.10",
             "why": "tests/test_guard.py: after_stop_raw_socket (the namespace, not the guard, is under test)"}]


def _matches_probe(record: dict[str, Any], probes: list[dict[str, str]]) -> str:
    stack = record.get("stack") or [""]
    top = str(stack[0]).rsplit(":", 1)[-1]
    for probe in probes:
        if (record.get("main_sha256") == probe["main_sha256"] and top == probe["function"]
                and record.get("host") == probe["host"] and not record.get("guard_active")):
            return probe["why"]
    return ""


def summarise_egress(log: Path, probes: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """Figures from an audit log (JSON lines written by tools/egress_audit/sitecustomize.py)."""
    probes = known_probes() if probes is None else probes
    starts: Counter[str] = Counter()
    real_refused: Counter[str] = Counter()
    synthetic: Counter[str] = Counter()
    escaped: list[dict[str, Any]] = []
    deliberate: list[dict[str, Any]] = []
    unreadable = 0
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines() if log.exists() else []
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            unreadable += 1
            continue
        if record.get("kind") == "start":
            starts[str(record.get("role"))] += 1
            continue
        key = f"{record.get('event')} {record.get('host')}"
        if record.get("synthetic"):
            synthetic[f"{record.get('verdict')}"] += 1
        elif record.get("verdict") == "refused":
            real_refused[key] += 1
        elif _matches_probe(record, probes):
            deliberate.append(record)
        else:
            escaped.append(record)
    return {
        "processes_audited": sum(starts.values()),
        "processes_by_role": dict(sorted(starts.items())),
        "refused": sum(real_refused.values()),
        "refused_by_target": dict(sorted(real_refused.items())),
        "escaped": len(escaped),
        "escaped_attempts": [{k: r.get(k) for k in ("event", "host", "port", "role", "argv", "stack")}
                             for r in escaped[:50]],
        "deliberate_unguarded_probes": len(deliberate),
        "deliberate_probe_notes": sorted({_matches_probe(r, probes) for r in deliberate}),
        "synthetic_events": dict(sorted(synthetic.items())),
        "unreadable_lines": unreadable,
    }


def _junit_counts(path: Path) -> dict[str, int]:
    """passed/failures/errors/skipped/xfailed from pytest's JUnit XML (it files xfails as skipped)."""
    try:
        root = ElementTree.parse(path).getroot()
    except (OSError, ElementTree.ParseError):
        return {}
    totals: Counter[str] = Counter({"tests": 0, "passed": 0, "failures": 0, "errors": 0, "skipped": 0,
                                    "xfailed": 0})
    for case in root.iter("testcase"):
        totals["tests"] += 1
        if case.find("failure") is not None:
            totals["failures"] += 1
        elif case.find("error") is not None:
            totals["errors"] += 1
        elif (skipped := case.find("skipped")) is not None:
            totals["xfailed" if skipped.get("type") == "pytest.xfail" else "skipped"] += 1
        else:
            totals["passed"] += 1
    return dict(totals)


def egress_soak(paths: list[str] | None = None, *, workers: int = 2, use_netns: bool | None = None,
                timeout: float = 3600, log_dir: Path | None = None, quiet: bool = False) -> dict[str, Any]:
    """Run pytest (with notebooks) under the audit, decoys and, where allowed, an empty namespace."""
    paths = list(paths or [])
    namespace = netns_available() if use_netns is None else use_netns
    work = Path(tempfile.mkdtemp(prefix="labkit-soak-egress-"))
    log = work / "egress.jsonl"
    junit = work / "junit.xml"
    env = dict(os.environ)
    env.update(decoy_environment(work / "aws"))
    env["PYTHONPATH"] = os.pathsep.join([str(AUDIT_DIR), *filter(None, [env.get("PYTHONPATH")])])
    env["LABKIT_EGRESS_LOG"] = str(log)
    env["LABKIT_HOME"] = str(work / "labkit-home")
    command = [_python(), "-m", "pytest"]
    if workers > 0:
        command += ["-n", str(workers), "--dist", "loadfile"]
    command += ["--nbval", "-p", "no:cacheprovider", f"--junitxml={junit}", *paths]
    full = in_netns(command) if namespace else command
    output = (log_dir or DEFAULT_OUT) / "egress-pytest.log"
    output.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with output.open("w", encoding="utf-8") as sink:
        try:
            proc = subprocess.run(full, cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, timeout=timeout)
            returncode = proc.returncode
        except subprocess.TimeoutExpired:
            returncode = -1
    duration = time.monotonic() - started
    tail = output.read_text(encoding="utf-8", errors="replace").splitlines()[-3:]
    figures = summarise_egress(log)
    tests = _junit_counts(junit)
    guard_tests = not paths or any("test_guard" in p for p in paths)
    result = {
        "soak": "egress",
        "command": " ".join(full),
        "network_namespace": namespace,
        "namespace_note": "" if namespace else "unshare -n not permitted here: ran without the namespace",
        "pytest_exit": returncode,
        "tests": tests,
        "pytest_summary": tail[-1] if tail else "",
        "duration_s": round(duration, 1),
        "pytest_log": str(output),
        "audit_log": str(log),
        **figures,
    }
    result["ok"] = bool(returncode == 0 and figures["escaped"] == 0 and figures["unreadable_lines"] == 0
                        and figures["processes_audited"] > 0
                        and (figures["refused"] > 0 or not guard_tests or not namespace))
    if not quiet:
        print(f"egress: {tests.get('passed', '?')} passed, {tests.get('failures', '?')} "
              f"failed, {tests.get('errors', '?')} errors, {tests.get('skipped', '?')} skipped, "
              f"{tests.get('xfailed', '?')} xfailed in "
              f"{duration:.0f} s (pytest exit {returncode}); namespace: {namespace}")
        print(f"egress: {figures['processes_audited']} processes audited {figures['processes_by_role']}")
        print(f"egress: escaped {figures['escaped']}, refused by the guard {figures['refused']}, "
              f"deliberate unguarded probes {figures['deliberate_unguarded_probes']}, "
              f"synthetic events {figures['synthetic_events']}")
        for attempt in figures["escaped_attempts"]:
            print(f"  ESCAPED {attempt['event']} {attempt['host']}:{attempt['port']} ({attempt['role']}) "
                  f"at {(attempt['stack'] or ['?'])[0]}")
    return result


# ---------------------------------------------------------------------------------------------
# progress store under SIGKILL
# ---------------------------------------------------------------------------------------------
WRITER = textwrap.dedent(
    """
    import sys, warnings
    def show(message, category, *args, **kwargs):
        print("WARNING", category.__name__, str(message).replace("\\n", " "), flush=True)
    warnings.showwarning = show
    from labkit.progress import ProgressStore
    store = ProgressStore(sys.argv[1])
    tag = sys.argv[2]
    n = 0
    while True:
        item = f"{tag}-{n}"
        row = store.record("soak", item, score=n % 7, max_score=7, answer={"n": n, "text": "답" * (n % 40)},
                           findings=[{"check": "X.1", "passed": bool(n % 2)}] * (n % 5))
        print(row, item, flush=True)  # printed only after record() returned: committed
        n += 1
    """
)


def progress_soak(runs: int = 100, *, seed: int = 0, max_delay: float = 0.25, early: float = 0.1,
                  quiet: bool = False) -> dict[str, Any]:
    """Kill ``runs`` writers with SIGKILL at random moments; every committed attempt must survive."""
    rng = random.Random(seed)
    work = Path(tempfile.mkdtemp(prefix="labkit-soak-progress-"))
    script = work / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    db = work / "progress.db"
    env = {**os.environ, "LABKIT_HOME": str(work / "home"), "LABKIT_LEARNER": "soak"}
    committed: dict[int, str] = {}
    warnings_seen: list[str] = []
    checks_failed: list[str] = []
    before_first = 0
    started = time.monotonic()
    for run in range(runs):
        proc = subprocess.Popen([_python(), str(script), str(db), f"run{run}"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, env=env, cwd=work)
        assert proc.stdout is not None
        first = ""
        if rng.random() < early:  # any moment from start-up on, possibly before the first commit
            time.sleep(rng.uniform(0.0, 1.0))
        else:  # mid-stream: once it is writing
            first = proc.stdout.readline()
            time.sleep(rng.uniform(0.0, max_delay))
        with contextlib.suppress(ProcessLookupError):
            os.kill(proc.pid, signal.SIGKILL)
        out, _err = proc.communicate(timeout=60)
        text = first + out
        lines = text.split("\n")[:-1]  # a last line without its newline was cut by the kill
        printed = 0
        for line in lines:
            parts = line.split()
            if len(parts) == 2 and parts[0].isdigit():
                committed[int(parts[0])] = parts[1]
                printed += 1
            elif line.startswith("WARNING"):
                warnings_seen.append(f"run {run}: {line}")
        before_first += printed == 0
        with contextlib.closing(sqlite3.connect(db, timeout=30)) as conn:  # as the next kernel would
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            checks_failed.append(f"run {run}: {check}")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        from labkit.progress import ProgressStore

        rows = {a.id: a.item for a in ProgressStore(db).attempts()}
    warnings_seen += [f"reading back: {w.message}" for w in caught]
    lost = sorted(i for i in committed if i not in rows)
    mismatched = sorted(i for i in committed if i in rows and rows[i] != committed[i])
    aside = sorted(p.name for p in work.glob("progress.db.corrupt-*"))
    with contextlib.closing(sqlite3.connect(db)) as conn:
        final_check = conn.execute("PRAGMA integrity_check").fetchone()[0]
    duration = time.monotonic() - started
    result = {
        "soak": "progress",
        "runs": runs,
        "seed": seed,
        "killed_before_first_commit": before_first,
        "attempts_committed": len(committed),
        "rows_present": len(rows),
        "committed_but_unprinted": len(set(rows) - set(committed)),
        "lost": len(lost),
        "lost_ids": lost[:50],
        "mismatched": len(mismatched),
        "quick_check_failures": checks_failed,
        "integrity_check": final_check,
        "moved_aside": aside,
        "warnings": warnings_seen,
        "duration_s": round(duration, 1),
    }
    result["ok"] = bool(not lost and not mismatched and not checks_failed and final_check == "ok"
                        and not aside and not warnings_seen and committed)
    if not quiet:
        print(f"progress: {runs} writers killed with SIGKILL (seed {seed}; {before_first} before their first "
              f"commit); {len(committed)} attempts committed, {len(rows)} rows present, lost {len(lost)}, "
              f"mismatched {len(mismatched)}; quick_check failures {len(checks_failed)}, integrity "
              f"{final_check}, moved aside {len(aside)}, warnings {len(warnings_seen)}; {duration:.1f} s")
    return result


# ---------------------------------------------------------------------------------------------
# fuzz: answers and snapshots through every grader
# ---------------------------------------------------------------------------------------------
class _Opaque:
    """A learner's own object: no useful type, an ordinary repr."""

    def __repr__(self) -> str:
        return "<Opaque>"


class _StrSub(str):
    pass


def _unicode(rng: random.Random, size: int) -> str:
    pools = [(0x20, 0x7E), (0xAC00, 0xD7A3), (0x0300, 0x036F), (0x0590, 0x05FF), (0x1F300, 0x1F64F),
             (0xFF01, 0xFF5E), (0x0660, 0x0669), (0x0, 0x1F), (0x200B, 0x200F), (0xD800, 0xDFFF)]
    out = []
    for _ in range(size):
        low, high = rng.choice(pools)
        out.append(chr(rng.randint(low, high)))
    return "".join(out)


def _nested(depth: int) -> Any:
    value: Any = "leaf"
    for n in range(depth):
        value = [value] if n % 2 else {"k": value}
    return value


def garbage(rng: random.Random) -> Any:
    """A value of a random wrong type: what a confused learner or a mangled file gives."""
    makers: list[Callable[[], Any]] = [
        lambda: None, lambda: True, lambda: False, lambda: 0, lambda: -1, lambda: 2 ** 64,
        lambda: 10 ** 400, lambda: float("nan"), lambda: float("inf"), lambda: -0.0, lambda: 1e308,
        lambda: rng.uniform(-1e6, 1e6), lambda: complex(1, 2), lambda: "", lambda: " \t\n",
        lambda: "\x00", lambda: _unicode(rng, rng.randint(1, 40)), lambda: "x" * 100_001,
        lambda: "9" * 99_999, lambda: _unicode(rng, 5000), lambda: b"\xff\xfe\x00bytes",
        lambda: "한국어 답".encode(), lambda: bytearray(b"abc"), lambda: [], lambda: [None],
        lambda: [rng.randint(-5, 5) for _ in range(rng.randint(1, 6))], lambda: {}, lambda: {1: 2, None: "x"},
        lambda: {"Version": "2012-10-17"}, lambda: set(), lambda: {"a", "b"}, lambda: frozenset({0, 1}),
        lambda: (1, "a"), lambda: decimal.Decimal("1.5"), lambda: decimal.Decimal("NaN"),
        lambda: fractions.Fraction(1, 3), lambda: dt.datetime(2024, 1, 1), lambda: _Opaque(), lambda: len,
        lambda: object, lambda: Ellipsis, lambda: range(3), lambda: _StrSub("a"), lambda: _nested(rng.randint(2, 30)),
        lambda: _nested(3000), lambda: "null", lambda: "{", lambda: '{"Statement": [}', lambda: "[]",
        lambda: "1e400", lambda: "nan", lambda: "-inf", lambda: "٤٢", lambda: "４２", lambda: "1,2,3",
    ]
    try:
        import numpy

        makers += [lambda: numpy.int64(2), lambda: numpy.float64("nan"), lambda: numpy.array([1, 2]),
                   lambda: numpy.str_("a")]
    except ImportError:
        pass
    return rng.choice(makers)()


def _noisy(rng: random.Random, text: str) -> str:
    choices = [text, text.upper(), f"  {text}  ", f"{text}.", text.replace(" ", "  "), text[: max(1, len(text) // 2)],
               f"{text}{_unicode(rng, 3)}", "\u3000" + text, text + "\u200b"]
    return rng.choice(choices)


def _localised(value: Any, lang: str) -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("en") or "")
    return "" if value is None else str(value)


def plausible(question: Any, rng: random.Random) -> Any:
    """A value shaped like a real answer to ``question`` (right, nearly right or subtly wrong)."""
    data = question.data
    kind = question.kind
    if kind in ("single", "multiple"):
        ids = [c for c, _ in question.choices]
        texts = [_localised(c.get("text"), rng.choice(["en", "ko"])) for c in data["choices"]]
        pick = rng.randrange(len(ids))
        options = [ids[pick], pick, texts[pick], _noisy(rng, texts[pick]), len(ids) + 3, -1, [ids[pick]],
                   rng.sample(ids, rng.randint(1, len(ids))), ",".join(rng.sample(ids, rng.randint(1, len(ids)))),
                   set(rng.sample(ids, rng.randint(1, len(ids)))), [pick, pick], [texts[pick], 99], "z", [[ids[pick]]],
                   float(pick), True]
        return rng.choice(options)
    if kind == "numeric":
        answer = data.get("answer", 0)
        unit = _localised(data.get("unit"), rng.choice(["en", "ko"]))
        units = list((data.get("units") or {}).keys()) or [unit or "GB"]
        try:
            number = float(answer)
        except (TypeError, ValueError):
            number = 0.0
        options = [answer, number, str(answer), f"{answer} {unit}", f"{number:,}", f"{answer}{rng.choice(units)}",
                   f"{answer} parsecs", f"{number * 1.0001}", f"-{answer}", f"{answer:_}" if isinstance(answer, int)
                   else str(answer), f"{number:e}", f"{answer} {unit} {unit}", f"≈{answer}", f"{answer}%"]
        return rng.choice(options)
    if kind == "text":
        accepted = [str(a) for a in data.get("accept", [])] or ["x"]
        return rng.choice([_noisy(rng, rng.choice(accepted)), rng.choice(accepted) + " and more", ".*", "(?:a|",
                           rng.choice(accepted)[::-1]])
    if kind == "cidr":
        answer = str(data.get("answer", "10.0.0.0/24"))
        base, _, prefix = answer.partition("/")
        return rng.choice([answer, f" {answer} ", f"{base}/{int(prefix or 0) + 1}", f"{base}/33", base,
                           f"{base[:-1]}5/{prefix}", "2001:db8::/32", "0.0.0.0/0", "10.0.0.0/-1", answer.replace(".", "．"),
                           f"{answer}/8", "10.0.0.0/8 10.1.0.0/16", "::ffff:10.0.0.0/120"])
    if kind == "policy":
        solution = data.get("solution")
        if isinstance(solution, str):
            try:
                solution = json.loads(solution)
            except ValueError:
                solution = {}
        document = copy.deepcopy(solution) if isinstance(solution, dict) else {}
        mutated, _ops = mutate(document, rng, rng.randint(0, 3))
        as_text = json.dumps(mutated, default=repr)
        return rng.choice([mutated, as_text, as_text[: rng.randint(0, len(as_text))], data.get("starter", ""),
                           {"Version": "2012-10-17", "Statement": garbage(rng)},
                           {"Statement": [{"Effect": "Allow", "Action": garbage(rng), "Resource": "*"}]},
                           {"Statement": [{"Effect": garbage(rng), "Action": "*", "Resource": garbage(rng),
                                           "Condition": garbage(rng)}]}])
    return garbage(rng)


# -- snapshot mutation ------------------------------------------------------------------------
Path_ = tuple[Any, ...]


def _children(node: Any) -> list[Any]:
    if isinstance(node, dict):
        return list(node.keys())
    if isinstance(node, list):
        return list(range(len(node)))
    return []


def _random_path(root: Any, rng: random.Random, start: Path_ = ()) -> Path_:
    node, path = root, list(start)
    for step in start:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return tuple(path[: start.index(step)])
    while True:
        keys = _children(node)
        if not keys or (path and rng.random() < 0.25):
            return tuple(path)
        key = rng.choice(keys)
        path.append(key)
        node = node[key]


def _wrong_type(value: Any, rng: random.Random) -> Any:
    if isinstance(value, dict):
        return rng.choice([list(value.values()), list(value.keys()), json.dumps(value, default=repr)[:200], None])
    if isinstance(value, list):
        return rng.choice([{str(i): v for i, v in enumerate(value)}, value[0] if value else "", len(value), None])
    if isinstance(value, str):
        return rng.choice([len(value), [value], {"value": value}, value.encode("utf-8", "surrogatepass")[:50], None, value * 3])
    if isinstance(value, bool):
        return rng.choice(["true", "false", 1, None])
    if isinstance(value, (int, float)):
        return rng.choice([str(value), -value if value else -1, [value], None, float("nan"), 10 ** 30])
    return rng.choice([{}, [], "", 0])


def _make_op(root: Any, rng: random.Random, focus: Path_ = ()) -> dict[str, Any]:
    path = _random_path(root, rng, focus)
    if not path:
        return {"path": (), "op": "set", "value": rng.choice([None, [], "snapshot", 0, {"labkit": None}])}
    node = root
    for step in path:
        node = node[step]
    kind = rng.choices(["delete", "set", "wrong_type", "huge", "nested", "duplicate", "rename", "empty"],
                       weights=[30, 20, 20, 5, 5, 8, 7, 5])[0]
    if kind == "delete":
        return {"path": path, "op": "delete"}
    if kind == "set":
        return {"path": path, "op": "set", "value": rng.choice([None, 0, -1, True, "", "?", float("nan"), [], {}])}
    if kind == "wrong_type":
        return {"path": path, "op": "set", "value": _wrong_type(node, rng)}
    if kind == "huge":
        return {"path": path, "op": "set", "value": rng.choice(["A" * 1_000_000, _unicode(rng, 20_000),
                                                                 list(range(50_000))])}
    if kind == "nested":
        return {"path": path, "op": "set", "value": rng.choice([_nested(rng.randint(5, 60)), _nested(900),
                                                                 {"a": {"b": [{"c": [None, {}, []]}]}}])}
    if kind == "duplicate":
        return {"path": path, "op": "duplicate"}
    if kind == "rename":
        return {"path": path, "op": "rename", "value": rng.choice(["", " ", "X", str(path[-1]).lower()
                                                                    if isinstance(path[-1], str) else "0"])}
    return {"path": path, "op": "set", "value": type(node)() if isinstance(node, (dict, list, str)) else None}


def apply_op(root: Any, op: dict[str, Any]) -> Any:
    """Apply one mutation in place (returns the new root: a root replacement is an op too)."""
    path = op["path"]
    if not path:
        return op.get("value")
    parent = root
    try:
        for step in path[:-1]:
            parent = parent[step]
        key = path[-1]
        if op["op"] == "delete":
            del parent[key]
        elif op["op"] == "set":
            parent[key] = op["value"]  # shared, not copied: values are made fresh for each op
        elif op["op"] == "duplicate":
            if isinstance(parent, list):
                parent.insert(key, copy.deepcopy(parent[key]))
            else:
                parent[f"{key}"] = parent[key]
        elif op["op"] == "rename" and isinstance(parent, dict):
            parent[op["value"]] = parent.pop(key)
    except (KeyError, IndexError, TypeError):
        pass  # an earlier op removed the way there: nothing to do
    return root


def mutate(root: Any, rng: random.Random, count: int, focus: Path_ = ()) -> tuple[Any, list[dict[str, Any]]]:
    ops = []
    for _ in range(count):
        op = _make_op(root, rng, focus if rng.random() < 0.6 else ())
        ops.append(op)
        root = apply_op(root, op)
    return root, ops


# -- the targets ------------------------------------------------------------------------------
def base_snapshots(task_ids: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """A full snapshot of each task's reference solution (built in a real lab), plus an empty lab's."""
    import labkit
    from labkit.catalogue import task

    bases: dict[str, dict[str, Any]] = {}
    with labkit.Lab(seed=0) as lab:
        bases["(empty lab)"] = json.loads(json.dumps(lab.snapshot()))
    for task_id in task_ids if task_ids is not None else labkit.tasks():
        chosen = task(task_id)
        with labkit.Lab(chosen.starter, seed=0) as lab:
            chosen.solution(lab)
            bases[task_id] = json.loads(json.dumps(lab.snapshot()))
    return bases


class _Escapes:
    """Exceptions that escaped a grader, grouped by where they came from."""

    def __init__(self) -> None:
        self.count = 0
        self.groups: dict[tuple[str, str, str], dict[str, Any]] = {}

    def add(self, stage: str, target: str, err: BaseException, case: dict[str, Any]) -> bool:
        self.count += 1
        frames = traceback.extract_tb(err.__traceback__)
        where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
        key = (stage, type(err).__name__, where)
        first = key not in self.groups
        group = self.groups.setdefault(key, {"stage": stage, "error": f"{type(err).__name__}: {str(err)[:200]}",
                                             "where": where, "count": 0, "targets": Counter(), "case": case})
        group["count"] += 1
        group["targets"][target] += 1
        return first

    def report(self) -> list[dict[str, Any]]:
        out = []
        for group in self.groups.values():
            out.append({**group, "targets": dict(group["targets"].most_common(10))})
        return sorted(out, key=lambda g: -g["count"])


def _shown(value: Any, limit: int = 160) -> str:
    try:
        text = repr(value)
    except Exception as err:  # noqa: BLE001
        text = f"<unrepresentable {type(value).__name__}: {type(err).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


@contextlib.contextmanager
def _quiet_home() -> Iterator[Path]:
    """A throwaway LABKIT_HOME and no open lab: grading snapshots must not read the caller's state."""
    saved = os.environ.get("LABKIT_HOME")
    folder = Path(tempfile.mkdtemp(prefix="labkit-soak-fuzz-"))
    os.environ["LABKIT_HOME"] = str(folder)
    try:
        yield folder
    finally:
        if saved is None:
            os.environ.pop("LABKIT_HOME", None)
        else:
            os.environ["LABKIT_HOME"] = saved


def fuzz_answers(count: int, rng: random.Random, escapes: _Escapes, *, record_every: int = 20) -> dict[str, Any]:
    """``count`` answers round-robin over every question of every bank in both languages."""
    from labkit.questions import build_quiz, topics

    quizzes = []
    for topic in topics():
        for lang in ("en", "ko"):
            quizzes.append((build_quiz(topic, lang, learner="soak", record=False),
                            build_quiz(topic, lang, learner="soak", record=True)))
    pairs = [(plain, recording, q) for plain, recording in quizzes for q in plain.questions]
    kinds: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    recorded = 0
    started = time.monotonic()
    for n in range(count):
        plain, recording, question = pairs[n % len(pairs)]
        value = plausible(question, rng) if rng.random() < 0.5 else garbage(rng)
        quiz = recording if record_every and n % record_every == 0 else plain
        kinds[question.kind] += 1
        try:
            feedback = quiz.answer(question.id, value)
            repr(feedback)
            feedback._repr_html_()
            statuses[feedback.status] += 1
            recorded += quiz is recording
        except Exception as err:  # noqa: BLE001  the soak counts what escapes
            escapes.add("quiz.answer" + (" (recorded)" if quiz is recording else ""),
                        f"{plain.topic}/{question.id}", err,
                        {"topic": plain.topic, "lang": quiz.lang, "question": question.id, "kind": question.kind,
                         "record": quiz is recording, "value": _shown(value)})
    return {"answers": count, "questions": len(pairs), "by_kind": dict(sorted(kinds.items())),
            "by_status": dict(sorted(statuses.items())), "recorded_to_progress_store": recorded,
            "duration_s": round(time.monotonic() - started, 1)}


def _targets() -> list[tuple[str, str, Callable[[Any], Any]]]:
    import labkit
    from labkit.catalogue import grade_snapshot
    from labkit.controls import audit_snapshot
    from labkit.diagrams import VIEWS, from_snapshot

    def grader(task_id: str) -> Callable[[Any], Any]:
        def run(snap: Any) -> Any:
            result = grade_snapshot(task_id, snap)
            repr(result)
            result._repr_html_()
            return result
        return run

    def view(name: str) -> Callable[[Any], Any]:
        def run(snap: Any) -> Any:
            drawn = from_snapshot(snap, name)
            repr(drawn)
            return drawn.svg
        return run

    def audit(snap: Any) -> Any:
        report = labkit.audit(snap) if isinstance(snap, dict) else audit_snapshot(snap)
        repr(report)
        report._repr_html_()
        return report

    targets = [("grade_snapshot", t, grader(t)) for t in labkit.tasks()]
    targets += [("diagrams.from_snapshot", v, view(v)) for v in VIEWS]
    targets.append(("audit", "audit", audit))
    return targets


def _caught_internally(stage: str, result: Any) -> list[str]:
    """Check/control bugs the library caught itself (a finding says it could not check)."""
    notes = []
    if stage == "grade_snapshot":
        for finding in result.findings:
            if finding.message.startswith("could not check"):
                notes.append(f"{finding.check}: {finding.message.split('(')[-1][:80]}")
    elif stage == "audit":
        for control in result:
            if control.status == "UNKNOWN" and "Error" in control.note:
                notes.append(f"{control.id}: {control.note[:100]}")
    return notes


def _run_target(stage: str, name: str, run: Callable[[Any], Any], snap: Any) -> BaseException | None:
    try:
        run(snap)
    except Exception as err:  # noqa: BLE001
        return err
    return None


def fuzz_snapshots(count: int, rng: random.Random, escapes: _Escapes, bases: dict[str, dict[str, Any]]
                   ) -> dict[str, Any]:
    """``count`` mutated snapshots through every task's grader, every diagram view and the audit."""
    from labkit.catalogue import task

    targets = _targets()
    names = sorted(bases)
    caught: Counter[str] = Counter()
    timings: Counter[str] = Counter()
    slowest: dict[str, float] = {}
    mutations: Counter[str] = Counter()
    started = time.monotonic()
    for n in range(count):
        base_name = names[n % len(names)]
        snap = json.loads(json.dumps(bases[base_name]))
        services = task(base_name).services if base_name in bases and not base_name.startswith("(") else None
        focus: Path_ = (rng.choice(list(services)),) if services else ()
        snap, ops = mutate(snap, rng, rng.randint(1, 8), focus)
        mutations.update(op["op"] for op in ops)
        for stage, name, run in targets:
            began = time.monotonic()
            try:
                result = run(snap)
                for note in _caught_internally(stage, result):
                    caught[f"{stage} {name} {note}"] += 1
            except Exception as err:  # noqa: BLE001
                case = {"base": base_name, "ops": [_describe(op) for op in ops]}
                if escapes.add(stage, name, err, case):
                    case["minimal_ops"] = _minimise(bases[base_name], ops, stage, name, run, type(err))
            spent = time.monotonic() - began
            timings[f"{stage} {name}"] += spent
            slowest[f"{stage} {name}"] = max(slowest.get(f"{stage} {name}", 0.0), spent)
    top = sorted(timings.items(), key=lambda kv: -kv[1])[:5]
    return {"snapshots": count, "bases": names, "targets": len(targets),
            "calls": count * len(targets), "mutations": dict(sorted(mutations.items())),
            "caught_inside_library": dict(caught.most_common(30)),
            "caught_inside_library_total": sum(caught.values()),
            "slowest_targets_total_s": {k: round(v, 1) for k, v in top},
            "slowest_single_call_s": {k: round(slowest[k], 2) for k, _ in top},
            "duration_s": round(time.monotonic() - started, 1)}


def _describe(op: dict[str, Any]) -> dict[str, Any]:
    return {"path": list(op["path"]), "op": op["op"], **({"value": _shown(op["value"], 80)} if "value" in op else {})}


def _minimise(base: dict[str, Any], ops: list[dict[str, Any]], stage: str, name: str, run: Callable[[Any], Any],
              kind: type) -> list[dict[str, Any]]:
    """The smallest single op (else the whole list) that still makes ``run`` raise ``kind``."""
    for op in ops:
        snap = apply_op(json.loads(json.dumps(base)), op)
        err = _run_target(stage, name, run, snap)
        if isinstance(err, kind):
            return [_describe(op)]
    return [_describe(op) for op in ops]


def fuzz_soak(answers: int = 10_000, snapshots: int = 1_000, *, seed: int = 0, base_tasks: list[str] | None = None,
              quiet: bool = False) -> dict[str, Any]:
    """Generated answers and mutated snapshots through every grader; count what escapes."""
    rng = random.Random(seed)
    started = time.monotonic()
    with _quiet_home(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        answer_escapes = _Escapes()
        answer_figures = fuzz_answers(answers, rng, answer_escapes)
        built = time.monotonic()
        bases = base_snapshots(base_tasks) if snapshots else {}
        base_time = time.monotonic() - built
        snapshot_escapes = _Escapes()
        snapshot_figures = fuzz_snapshots(snapshots, rng, snapshot_escapes, bases) if snapshots else {}
    result = {
        "soak": "fuzz",
        "seed": seed,
        "answers": {**answer_figures, "escaped": answer_escapes.count, "escapes": answer_escapes.report()},
        "snapshots": {**snapshot_figures, "base_build_s": round(base_time, 1), "escaped": snapshot_escapes.count,
                      "escapes": snapshot_escapes.report()},
        "duration_s": round(time.monotonic() - started, 1),
    }
    result["ok"] = answer_escapes.count == 0 and snapshot_escapes.count == 0
    if not quiet:
        a, s = result["answers"], result["snapshots"]
        print(f"fuzz: {a['answers']} answers over {a['questions']} questions (both languages) in "
              f"{a['duration_s']} s: {a['escaped']} escaped; statuses {a['by_status']}")
        if snapshots:
            print(f"fuzz: {s['snapshots']} snapshots x {s['targets']} targets = {s['calls']} calls in "
                  f"{s['duration_s']} s (+{s['base_build_s']} s building {len(s['bases'])} bases): "
                  f"{s['escaped']} escaped; {s['caught_inside_library_total']} check errors caught by the library")
            print(f"fuzz: slowest targets {s['slowest_targets_total_s']}")
        for group in a["escapes"] + s.get("escapes", []):
            print(f"  ESCAPED x{group['count']} {group['stage']} {group['error']} at {group['where']}: "
                  f"{json.dumps(group['case'], ensure_ascii=False, default=repr)[:400]}")
    return result


# ---------------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="soak", required=True)
    egress = sub.add_parser("egress", help="test suite + notebooks under the egress audit")
    egress.add_argument("paths", nargs="*", help="pytest paths (default: the whole suite and notebooks)")
    egress.add_argument("--workers", type=int, default=2)
    egress.add_argument("--no-netns", action="store_true", help="do not use a network namespace")
    progress = sub.add_parser("progress", help="writers killed with SIGKILL")
    progress.add_argument("--runs", type=int, default=100)
    progress.add_argument("--seed", type=int, default=0)
    fuzz = sub.add_parser("fuzz", help="generated answers and snapshots through every grader")
    fuzz.add_argument("--answers", type=int, default=10_000)
    fuzz.add_argument("--snapshots", type=int, default=1_000)
    fuzz.add_argument("--seed", type=int, default=0)
    every = sub.add_parser("all", help="egress, progress and fuzz with their defaults")
    every.add_argument("--seed", type=int, default=0)
    for each in (egress, progress, fuzz, every):
        each.add_argument("--out", type=Path, default=None, help="JSON file (default build/soak/<soak>.json)")
    args = parser.parse_args(argv)

    results: list[tuple[str, dict[str, Any]]] = []
    if args.soak in ("progress", "all"):
        results.append(("progress", progress_soak(getattr(args, "runs", 100), seed=args.seed)))
    if args.soak in ("fuzz", "all"):
        results.append(("fuzz", fuzz_soak(getattr(args, "answers", 10_000), getattr(args, "snapshots", 1_000),
                                          seed=args.seed)))
    if args.soak in ("egress", "all"):
        results.append(("egress", egress_soak(getattr(args, "paths", []), workers=getattr(args, "workers", 2),
                                              use_netns=False if getattr(args, "no_netns", False) else None)))
    if args.soak == "all":
        combined = {name: result for name, result in results}
        combined["ok"] = all(r["ok"] for _, r in results)
        print(f"soak results: {_write_json(combined, args.out, 'all')}")
    else:
        print(f"soak results: {_write_json(results[0][1], args.out, args.soak)}")
    failed = [name for name, result in results if not result["ok"]]
    print("soak: " + (f"FAILED {', '.join(failed)}" if failed else "all targets hold"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
