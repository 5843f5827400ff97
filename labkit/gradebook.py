"""``labkit grade``: re-grade submission files offline into a gradebook.

Every quiz answer is graded again against the question bank of this kit, and
every lab task against the snapshot in the file; the scores written in the
file are ignored, so editing them gains nothing. The result is one CSV row per
learner (``gradebook.csv``) and one HTML feedback page per learner. A file
that cannot be read is reported and skipped; the run goes on.
"""

from __future__ import annotations

import csv
import html
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .errors import LabkitError
from .i18n import msg, render

__all__ = ["Item", "LearnerGrade", "regrade", "find_files", "grade_paths", "GradebookRun"]


@dataclass(frozen=True)
class Item:
    topic: str
    item: str          # question id or task id
    kind: str          # "question" or "task"
    score: float
    max_score: float
    message: str
    hint: str = ""


@dataclass
class LearnerGrade:
    learner: str
    file: Path
    items: list[Item] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    lang: str = "en"  # the language of the messages and of the feedback page

    @property
    def score(self) -> float:
        return sum(i.score for i in self.items)

    @property
    def max_score(self) -> float:
        return sum(i.max_score for i in self.items)


def regrade(path: Path, lang: str = "en") -> LearnerGrade:
    """Grade one submission file from its answers and snapshot (never its scores)."""
    from .catalogue import grade_snapshot, tasks
    from .questions import build_quiz, grade_question, topics
    from .submission import read_submission

    data = read_submission(path)
    result = LearnerGrade(data["learner"], Path(path), lang=lang)

    def note(text: Any) -> None:
        result.notes.append(str(render(text, lang)))

    known_topics = set(topics())
    quizzes: dict[str, Any] = {}
    for answer in data["answers"]:
        if not isinstance(answer, dict):
            note(msg("an answer entry is not an object: {answer}", answer=f"{answer!r:.60}"))
            continue
        topic, qid = answer.get("topic"), answer.get("question")
        if topic not in known_topics:
            note(msg("answer to {question!r}: unknown topic {topic!r}, skipped", question=qid, topic=topic))
            continue
        quiz = quizzes.setdefault(topic, build_quiz(topic, lang, learner=result.learner, shuffle=False, record=False))
        try:
            question = quiz.question(qid)
        except LabkitError:
            note(msg("answer to {question!r}: no such question in the {topic} bank any more, skipped",
                     question=qid, topic=topic))
            continue
        if question.kind == "lab":
            continue  # graded below from the snapshot, as its task
        feedback = grade_question(question, answer.get("value"), lang)
        result.items.append(Item(topic, qid, "question", feedback.score, feedback.max_score, feedback.message,
                                 feedback.hint if not feedback.correct else ""))
    snapshot = data.get("snapshot")
    known_tasks = set(tasks())
    for entry in data["tasks"]:
        task_id = entry.get("task") if isinstance(entry, dict) else None
        if task_id not in known_tasks:
            note(msg("unknown lab task {task!r}, skipped", task=task_id))
            continue
        own = entry.get("snapshot")  # the account this task was graded on, when recorded
        chosen = own if isinstance(own, dict) else snapshot
        if not isinstance(chosen, dict):
            note(msg("{task}: the file has no lab snapshot, so the task scores 0", task=task_id))
        graded = grade_snapshot(task_id, chosen if isinstance(chosen, dict) else {}, lang)
        failed = [f for f in graded.findings if not f.passed]
        message = str(render(msg("all checks pass"), lang)) if not failed else "; ".join(f.message for f in failed)
        hint = " / ".join(f.hint for f in failed if f.hint)
        topic = entry.get("topic") or task_id.split(".", 1)[0]
        result.items.append(Item(str(topic), task_id, "task", graded.score, graded.max_score, message, hint))
    return result


def find_files(paths: Iterable[Any]) -> list[Path]:
    """Submission files among ``paths`` (folders searched for ``*.json``, sorted)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.json") if p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            raise LabkitError(f"{path}: no such file or folder")
    return found


@dataclass
class GradebookRun:
    graded: list[LearnerGrade]
    broken: list[tuple[Path, str]]
    csv_path: Path
    pages: list[Path]


def _columns(graded: list[LearnerGrade]) -> list[tuple[str, str]]:
    from .questions import TOPICS

    order = {t: i for i, t in enumerate(TOPICS)}
    keys = {(i.topic, i.item) for g in graded for i in g.items}
    return sorted(keys, key=lambda k: (order.get(k[0], len(order)), k[0], k[1]))


def _page(grade: LearnerGrade) -> str:
    def say(text: Any) -> str:
        return html.escape(str(render(text, grade.lang)))

    rows = []
    for item in grade.items:
        ok = item.score >= item.max_score
        colour = "#2e7d32" if ok else ("#f9a825" if item.score else "#c62828")
        hint = f"<div style='color:#555'>{say(msg('hint: {hint}', hint=item.hint))}</div>" if item.hint else ""
        rows.append(
            f"<tr><td>{html.escape(item.topic)}</td><td><code>{html.escape(item.item)}</code></td>"
            f"<td style='color:{colour};font-weight:bold'>{item.score:g}/{item.max_score:g}</td>"
            f"<td style='white-space:pre-wrap'>{html.escape(item.message)}{hint}</td></tr>"
        )
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in grade.notes)
    headers = "".join(f"<th>{say(h)}</th>" for h in (msg("topic"), msg("item"), msg("score"), msg("feedback")))
    return (
        f"<!doctype html><html lang='{grade.lang}'><head><meta charset='utf-8'>"
        f"<title>{say(msg('labkit feedback: {learner}', learner=grade.learner))}</title>"
        "<style>body{font-family:sans-serif;margin:2em}td,th{border-bottom:1px solid #ddd;padding:0.3em;"
        "vertical-align:top;text-align:left}</style></head><body>"
        f"<h1>{say(msg('Feedback for {learner}', learner=grade.learner))}</h1>"
        f"<p><b>{grade.score:g} / {grade.max_score:g}</b> "
        f"{say(msg('(graded again from {file})', file=grade.file.name))}</p>"
        f"<table><tr>{headers}</tr>"
        + "".join(rows) + "</table>"
        + (f"<h2>{say(msg('Notes'))}</h2><ul>{notes}</ul>" if notes else "")
        + "</body></html>"
    )


def grade_paths(paths: Iterable[Any], out_dir: Any, *, lang: str = "en", progress: TextIO | None = None) -> GradebookRun:
    """Re-grade every submission under ``paths``; write the CSV and the HTML pages."""
    files = find_files(paths)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    graded: list[LearnerGrade] = []
    broken: list[tuple[Path, str]] = []
    stream = progress if progress is not None else sys.stderr
    for number, path in enumerate(files, start=1):
        done = int(30 * number / len(files))
        stream.write(f"\rgrading [{'#' * done}{'.' * (30 - done)}] {number}/{len(files)} {path.name[:40]:<40}")
        stream.flush()
        try:
            graded.append(regrade(path, lang))
        except LabkitError as err:
            broken.append((path, str(err)))
        except Exception as err:  # one strange file never stops the run
            broken.append((path, f"{path}: could not be graded ({type(err).__name__}: {err})"))
    if files:
        stream.write("\n")
    columns = _columns(graded)
    csv_path = out / "gradebook.csv"
    with csv_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["learner", "file", "score", "max_score", "percent", *(f"{t}/{i}" for t, i in columns)])
        for grade in sorted(graded, key=lambda g: (g.learner, str(g.file))):
            by_key = {(i.topic, i.item): i.score for i in grade.items}
            percent = round(100 * grade.score / grade.max_score, 1) if grade.max_score else 0.0
            writer.writerow([grade.learner, str(grade.file), f"{grade.score:g}", f"{grade.max_score:g}", percent,
                             *(f"{by_key[c]:g}" if c in by_key else "" for c in columns)])
    pages_dir = out / "feedback"
    pages_dir.mkdir(exist_ok=True)
    pages = []
    used: set[str] = set()
    from .submission import _safe

    for grade in graded:
        stem = _safe(grade.learner)
        while stem in used:
            stem += "_"
        used.add(stem)
        page = pages_dir / f"{stem}.html"
        page.write_text(_page(grade), encoding="utf-8")
        pages.append(page)
    return GradebookRun(graded, broken, csv_path, pages)
