"""Submissions and offline re-grading: submit -> edit -> labkit grade."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import labkit
from labkit import LabkitError
from labkit.cli import main
from labkit.gradebook import grade_paths, regrade
from labkit.questions import load_bank
from labkit.questions.model import Quiz
from labkit.submission import collect, submit

SAMPLE = Path(__file__).parent / "data" / "quizzes" / "sample.yaml"


@pytest.fixture(autouse=True)
def sample_bank_on_the_quiz_path(monkeypatch):
    monkeypatch.setenv("LABKIT_QUIZ_PATH", str(SAMPLE.parent))


def _quiz(learner):
    return Quiz("sample", "en", load_bank(SAMPLE), learner)


def test_submit_writes_answers_and_snapshot_and_refuses_to_overwrite(tmp_path, monkeypatch):
    monkeypatch.setenv("LABKIT_LEARNER", "dana")
    quiz = _quiz("dana")
    quiz.answer("app-subnet", "10.0.10.0/23")
    quiz.answer("app-subnet", "10.0.10.0/24")  # the latest answer is the one submitted
    with labkit.Lab("three-tier-network") as lab:
        labkit.grade("vpc.security_groups", lab)
        path = labkit.submit(tmp_path)
        with pytest.raises(LabkitError, match="already exists; pass overwrite=True"):
            labkit.submit(tmp_path)
        assert labkit.submit(tmp_path, overwrite=True) == path
    assert path.name == "submission-dana.json"
    data = json.loads(path.read_text())
    assert data["learner"] == "dana" and data["kit_version"] == labkit.__version__
    assert [(a["question"], a["value"]) for a in data["answers"]] == [("app-subnet", "10.0.10.0/24")]
    assert [t["task"] for t in data["tasks"]] == ["vpc.security_groups"]
    assert data["snapshot"]["labkit"]["region"] == "ap-northeast-2"
    assert not list(tmp_path.glob(".submission-*"))  # no temporary file left behind
    with pytest.raises(LabkitError, match="a submission is a .json file"):
        submit(tmp_path / "x.txt")


def _file(tmp_path, name, learner, build=None, answers=()):
    """A submission made the way a learner makes one."""
    mp = pytest.MonkeyPatch()
    mp.setenv("LABKIT_LEARNER", learner)
    quiz = _quiz(learner)
    for qid, value in answers:
        quiz.answer(qid, value)
    with labkit.Lab("three-tier-network") as lab:
        if build:
            build(lab)
        labkit.grade("vpc.security_groups", lab)
        doc = collect(learner=learner, lab=lab)
    mp.undo()
    path = tmp_path / name
    path.write_text(json.dumps(doc))
    return path


def test_grade_regrades_from_answers_and_snapshots_ignoring_written_scores(tmp_path, capsys):
    from labkit.catalogue.vpc import solve_security_groups

    _file(tmp_path, "erin.json", "erin", solve_security_groups,
                 [("app-subnet", "10.0.10.0/24"), ("lambda-timeout", "15 min")])
    poor = _file(tmp_path, "frank.json", "frank", None, [("app-subnet", "10.0.10.0/23")])
    # Frank edits his file: claims full marks everywhere. Nothing changes.
    doc = json.loads(poor.read_text())
    for entry in doc["answers"] + doc["tasks"]:
        entry["score"] = entry["max_score"] = 99
    poor.write_text(json.dumps(doc))
    (tmp_path / "broken.json").write_text("{not json")
    (tmp_path / "other.json").write_text(json.dumps({"hello": 1}))

    out = tmp_path / "book"
    assert main(["grade", str(tmp_path), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "graded 2 submission(s); 2 skipped." in captured.out
    assert "broken.json: not valid JSON" in captured.err and "not a labkit submission" in captured.err
    assert "grading [" in captured.err  # the progress bar
    rows = list(csv.DictReader(io.StringIO((out / "gradebook.csv").read_text())))
    by = {r["learner"]: r for r in rows}
    assert by["erin"]["score"] == "12" and by["erin"]["max_score"] == "12"
    assert by["erin"]["sample/app-subnet"] == "1" and by["erin"]["vpc/vpc.security_groups"] == "10"
    assert by["frank"]["score"] == "0" and by["frank"]["max_score"] == "11"
    page = (out / "feedback" / "frank.html").read_text()
    assert "mis-sized" in page and "web-sg" in page and "hint:" in page

    # The same files graded for Korean learners: the page and every finding read in Korean.
    korean = tmp_path / "book-ko"
    assert main(["grade", str(poor), "--out", str(korean), "--lang", "ko"]) == 0
    page = (korean / "feedback" / "frank.html").read_text()
    assert "frank님의 피드백" in page and "<th>점수</th>" in page and "힌트:" in page and "lang='ko'" in page
    assert "hint:" not in page and "Feedback for" not in page


def test_regrade_without_a_snapshot_scores_tasks_zero_with_a_note(tmp_path):
    path = _file(tmp_path, "gail.json", "gail")
    doc = json.loads(path.read_text())
    doc["snapshot"] = None
    for entry in doc["tasks"]:
        entry["snapshot"] = None
    doc["answers"].append({"topic": "sample", "question": "gone-question", "value": 1})
    path.write_text(json.dumps(doc))
    result = regrade(path)
    assert result.score == 0
    assert any("has no lab snapshot" in n for n in result.notes)
    assert any("no such question" in n for n in result.notes)


def test_grade_of_nothing_readable_fails_and_missing_path_is_an_error(tmp_path, capsys):
    (tmp_path / "junk.json").write_text("[]")
    assert main(["grade", str(tmp_path), "--out", str(tmp_path / "o")]) == 1
    assert main(["grade", str(tmp_path / "nope"), "--out", str(tmp_path / "o")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    run = grade_paths([], tmp_path / "empty", progress=io.StringIO())
    assert run.graded == [] and run.csv_path.read_text().startswith("learner,file,score")


def test_progress_topics_sums_best_scores_per_topic(capsys):
    quiz = _quiz("hana")
    quiz.answer("app-subnet", "10.0.10.0/23")
    quiz.answer("app-subnet", "10.0.10.0/24")
    quiz.answer("lambda-timeout", "1 s")
    assert main(["progress", "--topics", "--learner", "hana", "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows == [{"learner": "hana", "topic": "sample", "items": "2", "best": "1.0",
                     "max_score": "2.0", "percent": "50.0"}]


def test_each_task_is_regraded_on_the_account_it_was_graded_on(tmp_path, monkeypatch):
    """A learner checks tasks in several notebooks (labs long closed) and submits once at the end."""
    from labkit.catalogue.ec2 import solve_web_server
    from labkit.catalogue.s3 import solve_secure_bucket

    monkeypatch.setenv("LABKIT_LEARNER", "ivan")
    monkeypatch.setenv("LABKIT_SUBMIT_DIR", str(tmp_path / "drop" / "box"))  # created on submit
    with labkit.Lab() as lab:
        assert not labkit.grade("ec2.web_server", lab).passed
        solve_web_server(lab)
        assert labkit.grade("ec2.web_server", lab).passed is True
        labkit.grade("ec2.web_server", lab)  # pressed twice: the best attempt counts
    with labkit.Lab("buckets") as lab:
        solve_secure_bucket(lab)
        assert labkit.grade("s3.secure_bucket", lab).passed
        path = labkit.submit()
    assert path.parent == tmp_path / "drop" / "box"
    result = regrade(path)
    scores = {i.item: (i.score, i.max_score) for i in result.items}
    assert scores["ec2.web_server"] == (12, 12) and scores["s3.secure_bucket"] == (11, 11)
