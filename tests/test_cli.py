"""The labkit command: thin, helpful, and every command documented."""

from __future__ import annotations

import subprocess
import sys

import pytest

from labkit.cli import build_parser, main
from labkit.progress import ProgressStore

COMMANDS = ["lab", "release", "doctor", "progress", "grade", "bench"]


def _subcommands():
    parser = build_parser()
    return next(a for a in parser._actions if a.dest == "command").choices


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help(name, capsys):
    assert _subcommands()[name].description
    with pytest.raises(SystemExit) as exit_info:
        main([name, "--help"])
    assert exit_info.value.code == 0
    assert "usage: labkit " + name in capsys.readouterr().out


def test_commands_are_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).parents[1] / "README.md").read_text()
    for name in _subcommands():
        assert f"labkit {name}" in readme


def test_python_dash_m_works():
    proc = subprocess.run([sys.executable, "-m", "labkit", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("labkit ")


def test_lab_dry_run_opens_the_first_notebook_and_passes_options(capsys):
    assert main(["lab", "--dry-run", "--no-browser", "--port", "8899", "--ServerApp.token=abc"]) == 0
    out = capsys.readouterr().out
    assert "-m jupyterlab" in out and "--port=8899" in out and "--no-browser" in out
    assert "--ServerApp.token=abc" in out and out.strip().endswith(" 00_start_here.ipynb")
    assert "course/en" in out  # the learner edition under $LABKIT_HOME, not the checkout


def test_lab_unknown_language_is_a_clear_error(capsys):
    assert main(["lab", "--dry-run", "--lang", "fr"]) == 2
    assert "no course in language 'fr'" in capsys.readouterr().err


def test_progress_table_and_csv(capsys):
    store = ProgressStore()
    store.record("vpc", "vpc.security_groups", score=4, max_score=10)
    store.record("vpc", "vpc.security_groups", score=10, max_score=10)
    assert main(["progress"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["learner", "topic", "item", "attempts", "best", "last", "max_score"]
    assert table[2].split() == ["test-learner", "vpc", "vpc.security_groups", "2", "10", "10", "10"]
    assert main(["progress", "--csv", "--all"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0] == "id,learner,topic,item,score,max_score,created_at"
    assert len(rows) == 3


def test_progress_when_empty(capsys):
    assert main(["progress"]) == 0
    assert "No attempts recorded yet" in capsys.readouterr().out


def test_unknown_arguments_are_refused():
    with pytest.raises(SystemExit):
        main(["progress", "--bogus"])


@pytest.mark.slow
def test_doctor_passes_here():
    proc = subprocess.run([sys.executable, "-m", "labkit", "doctor"], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for name in ("python", "packages", "renderer", "network guard", "lab", "labkit home", "course"):
        assert f"[ok  ] {name}" in proc.stdout
