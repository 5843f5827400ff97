"""Quizzes, questions and feedback: what ``labkit.quiz(topic)`` returns.

A :class:`Quiz` is one topic's bank in one language, with its questions in a
deterministic per-learner order. ``quiz.answer(question_id, value)`` grades a
value and records the attempt in the progress store; in JupyterLab the quiz
renders as ipywidgets (see :mod:`labkit.questions.widget`), and its plain
``repr`` is stable text, so notebooks under nbval compare cleanly.
"""

from __future__ import annotations

import hashlib
import html
import random
from dataclasses import dataclass, field
from typing import Any

from ..errors import LabkitError
from .bank import load_bank, localise, pick_lang
from .kinds import choice_ids, grade_value

__all__ = ["Question", "Feedback", "Quiz", "build_quiz"]

_UI = {
    "en": {"correct": "Correct", "partly": "Partly right", "wrong": "Not yet", "hint": "Hint",
           "why": "Why", "points": "points", "point": "point", "score": "Score", "answered": "answered"},
    "ko": {"correct": "정답", "partly": "부분 정답", "wrong": "오답", "hint": "힌트",
           "why": "해설", "points": "점", "point": "점", "score": "점수", "answered": "답변"},
}


def ui(lang: str, key: str) -> str:
    return _UI.get(lang, _UI["en"])[key]


def points_label(lang: str, points: float) -> str:
    """``1 point``, ``2 points``, ``1점``."""
    word = ui(lang, "point" if points == 1 else "points")
    return f"{points:g}{word}" if lang == "ko" else f"{points:g} {word}"


@dataclass(frozen=True)
class Question:
    """One question of a bank, localised."""

    id: str
    kind: str
    points: float
    prompt: str
    explanation: str
    hint: str
    choices: tuple[tuple[str, str], ...]  # (choice id, text), in display order
    data: dict[str, Any] = field(repr=False, compare=False)

    @property
    def task(self) -> str | None:
        return self.data.get("task")

    def __repr__(self) -> str:
        return f"<Question {self.id} ({self.kind}, {self.points:g} pt)>"


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer."""

    question_id: str
    correct: bool
    score: float
    max_score: float
    message: str
    explanation: str = ""
    hint: str = ""
    lang: str = "en"
    rows: tuple[dict[str, Any], ...] = ()

    @property
    def status(self) -> str:
        if self.correct:
            return "correct"
        return "partly" if self.score > 0 else "wrong"

    def __repr__(self) -> str:
        lines = [f"{self.question_id}: {ui(self.lang, self.status)} ({self.score:g}/{self.max_score:g}) — {self.message}"]
        if self.explanation:
            lines.append(f"  {ui(self.lang, 'why')}: {self.explanation}")
        if not self.correct and self.hint:
            lines.append(f"  {ui(self.lang, 'hint')}: {self.hint}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        colour = {"correct": "#2e7d32", "partly": "#f9a825", "wrong": "#c62828"}[self.status]
        mark = {"correct": "✓", "partly": "◐", "wrong": "✗"}[self.status]
        parts = [
            f"<div class='labkit-feedback labkit-{self.status}' style='border-left:4px solid {colour};padding:0.3em 0.6em'>",
            f"<b style='color:{colour}'>{mark} {html.escape(ui(self.lang, self.status))}</b> "
            f"<small>({self.score:g}/{html.escape(points_label(self.lang, self.max_score))})</small>",
            f"<div style='white-space:pre-wrap'>{html.escape(self.message)}</div>",
        ]
        if self.explanation:
            parts.append(f"<div><i>{html.escape(ui(self.lang, 'why'))}:</i> {html.escape(self.explanation)}</div>")
        if not self.correct and self.hint:
            parts.append(f"<div style='color:#555'><i>{html.escape(ui(self.lang, 'hint'))}:</i> {html.escape(self.hint)}</div>")
        parts.append("</div>")
        return "".join(parts)


def _order_seed(learner: str, topic: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{learner}\0{topic}".encode()).digest()[:8], "big")


def _question(data: dict[str, Any], lang: str, rng: random.Random | None) -> Question:
    choices: tuple[tuple[str, str], ...] = ()
    if data["kind"] in ("single", "multiple"):
        pairs = list(zip(choice_ids(data), (localise(c["text"], lang) for c in data["choices"]), strict=True))
        if rng is not None:
            rng.shuffle(pairs)
        choices = tuple(pairs)
    return Question(
        id=data["id"], kind=data["kind"], points=float(data.get("points", 1)),
        prompt=localise(data["prompt"], lang), explanation=localise(data["explanation"], lang),
        hint=localise(data.get("hint"), lang), choices=choices, data=data,
    )


class Quiz:
    """One topic's questions in one language; ``answer()`` grades and records."""

    def __init__(self, topic: str, lang: str, bank: dict[str, Any], learner: str, *, shuffle: bool = True,
                 record: bool = True) -> None:
        self.topic = topic
        self.lang = lang
        self.title = localise(bank["title"], lang)
        self.learner = learner
        self.record = record
        rng = random.Random(_order_seed(learner, topic)) if shuffle else None
        questions = [_question(q, lang, rng) for q in bank["questions"]]
        if rng is not None:
            rng.shuffle(questions)
        self.questions: list[Question] = questions
        self._by_id = {q.id: q for q in questions}
        self.results: dict[str, Feedback] = {}
        self._listeners: list[Any] = []  # widgets showing this quiz, told about every answer

    # -- grading ---------------------------------------------------------
    def question(self, question_id: Any) -> Question:
        if not isinstance(question_id, str) or question_id not in self._by_id:
            raise LabkitError(
                f"no question {question_id!r} in quiz {self.topic!r}. Valid ids: {', '.join(self._by_id)}."
            )
        return self._by_id[question_id]

    def answer(self, question_id: str, value: Any = None, *, lab: Any = None) -> Feedback:
        """Grade ``value`` for ``question_id`` (for ``lab`` questions: grade the live lab)."""
        question = self.question(question_id)
        feedback = grade_question(question, value, self.lang, lab=lab, record=self.record, topic=self.topic)
        if self.record and question.kind != "lab":
            from ..progress import ProgressStore

            ProgressStore().record(
                self.topic, question.id, score=feedback.score, max_score=feedback.max_score,
                answer=_storable(value), findings={"correct": feedback.correct, "message": feedback.message},
                learner=self.learner,
            )
        self.results[question.id] = feedback
        for listener in list(self._listeners):  # an answer typed in Python shows in the widget too
            try:
                listener(question.id, feedback)
            except Exception:  # a closed or broken widget never stops grading
                self._listeners.remove(listener)
        return feedback

    @property
    def score(self) -> float:
        return sum(f.score for f in self.results.values())

    @property
    def max_score(self) -> float:
        return sum(q.points for q in self.questions)

    # -- display ---------------------------------------------------------
    def __repr__(self) -> str:
        from ..i18n import msg, render

        head = msg("Quiz {topic} ({lang}): {title} — {count} questions, {points:g} points", topic=self.topic,
                   lang=self.lang, title=self.title, count=len(self.questions), points=self.max_score)
        lines = [render(head, self.lang)]
        for number, q in enumerate(self.questions, start=1):
            line = msg("  {number}. [{id}] ({kind}, {points:g} pt) {prompt}", number=number, id=q.id, kind=q.kind,
                       points=q.points, prompt=q.prompt.splitlines()[0] if q.prompt else "")
            lines.append(render(line, self.lang))
        return "\n".join(lines)

    def widget(self) -> Any:
        from .widget import QuizWidget

        return QuizWidget(self).box

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        # The widget for JupyterLab; the stable text for nbval, scripts and terminals.
        bundle = {"text/plain": repr(self)}
        try:
            box = self.widget()
            bundle.update(box._repr_mimebundle_(include=include, exclude=exclude) or {})
            bundle["text/plain"] = repr(self)
        except Exception:  # no widget front end (plain python): text only
            pass
        return bundle


def _storable(value: Any) -> Any:
    """A JSON-safe, bounded copy of an answer for the progress store and submissions."""
    if isinstance(value, (str, bytes)) and len(value) > 100_000:
        return None
    if isinstance(value, (set, frozenset, tuple)):
        return [_storable(v) for v in sorted(value, key=repr)]
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if value is None or isinstance(value, (str, int, float, bool, list, dict)):
        return value
    return repr(value)[:1000]


def grade_question(question: Question, value: Any, lang: str, *, lab: Any = None, record: bool = False,
                   topic: str = "", snapshot: Any = None) -> Feedback:
    """Grade one answer (or, for a lab question, the lab / a snapshot) into Feedback."""
    points = question.points
    if question.kind == "lab":
        message, fraction, correct = _grade_lab(question, lang, lab=lab, record=record, snapshot=snapshot)
    else:
        verdict = grade_value(question.data, value, lang)
        message, fraction, correct = verdict.message, verdict.fraction, verdict.fraction >= 1.0
        return Feedback(question.id, correct, round(points * fraction, 4), points, message,
                        question.explanation, question.hint, lang, verdict.rows)
    return Feedback(question.id, correct, round(points * fraction, 4), points, message,
                    question.explanation, question.hint, lang)


def _grade_lab(question: Question, lang: str, *, lab: Any, record: bool, snapshot: Any) -> tuple[str, float, bool]:
    from ..catalogue import grade, grade_snapshot

    task_id = question.data["task"]
    if snapshot is not None:
        result = grade_snapshot(task_id, snapshot, lang)
    else:
        from ..lab import current

        try:
            chosen = lab if lab is not None else current()
        except LabkitError:
            text = {"en": f"Open a lab first (labkit.start()) and build the configuration of {task_id}; "
                          "then press Check again.",
                    "ko": f"먼저 랩을 여세요(labkit.start()). {task_id}의 구성을 만든 뒤 다시 확인하세요."}
            return text.get(lang, text["en"]), 0.0, False
        result = grade(task_id, chosen, record=record, lang=lang)
    fraction = result.score / result.max_score if result.max_score else 0.0
    return repr(result), fraction, result.passed


def build_quiz(topic: str, lang: str | None = None, *, learner: str | None = None, shuffle: bool = True,
               record: bool = True) -> Quiz:
    from ..progress import learner_id

    chosen = pick_lang(lang)
    bank = load_bank(topic)
    return Quiz(topic, chosen, bank, learner or learner_id(), shuffle=shuffle, record=record)
