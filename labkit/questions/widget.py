"""The quiz as ipywidgets: one card per question, a Check button, feedback,
a running score and a progress bar.

Every button handler goes through ``Quiz.answer``, which never raises on a
learner's value; an unexpected error still lands in the card as a message,
never as a traceback in the widget's log.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from .model import Feedback, Question, Quiz, points_label, ui

__all__ = ["QuizWidget"]

_PLACEHOLDER = {
    "numeric": {"en": "a number, e.g. 42", "ko": "숫자, 예: 42"},
    "text": {"en": "your answer", "ko": "답"},
    "cidr": {"en": "e.g. 10.0.0.0/24", "ko": "예: 10.0.0.0/24"},
    "policy": {"en": '{"Version": "2012-10-17", "Statement": [...]}', "ko": '{"Version": "2012-10-17", "Statement": [...]}'},
}
_CHECK = {"en": "Check", "ko": "확인"}
_LAB_NOTE = {"en": "Build it in your lab, then press Check to grade your account.",
             "ko": "랩에서 구성한 뒤 확인을 눌러 계정을 채점하세요."}


class QuizWidget:
    """Builds the widget tree for a quiz; ``.box`` is what is displayed."""

    def __init__(self, quiz: Quiz) -> None:
        self.quiz = quiz
        lang = quiz.lang
        self.progress = w.FloatProgress(value=0.0, min=0.0, max=max(quiz.max_score, 1.0),
                                        layout=w.Layout(width="20em"))
        self.score = w.HTML()
        self.cards: dict[str, Card] = {q.id: Card(self, q) for q in quiz.questions}
        header = w.HTML(f"<h3 style='margin:0.2em 0'>{html.escape(quiz.title)}</h3>")
        self.box = w.VBox([header, w.HBox([self.progress, self.score]),
                           *(c.box for c in self.cards.values())])
        self.box.add_class("labkit-quiz")
        self.box.add_class(f"labkit-lang-{lang}")
        quiz._listeners.append(self._answered)
        self.refresh()

    def _answered(self, question_id: str, feedback: Feedback) -> None:
        card = self.cards.get(question_id)
        if card is not None:
            card.show(feedback)
        self.refresh()

    def refresh(self) -> None:
        quiz, lang = self.quiz, self.quiz.lang
        self.progress.value = quiz.score
        done = len(quiz.results)
        self.score.value = (f"<b>{ui(lang, 'score')}: {quiz.score:g} / {quiz.max_score:g}</b> · "
                            f"{done}/{len(quiz.questions)} {ui(lang, 'answered')}")


class Card:
    """One question: prompt, input, Check button, feedback."""

    def __init__(self, parent: QuizWidget, question: Question) -> None:
        self.parent, self.question = parent, question
        lang = parent.quiz.lang
        number = parent.quiz.questions.index(question) + 1
        prompt = w.HTML(f"<b>{number}.</b> {html.escape(question.prompt)} "
                        f"<small>({html.escape(points_label(lang, question.points))})</small>")
        self.input = self._input(question, lang)
        self.button = w.Button(description=_CHECK.get(lang, "Check"), button_style="primary")
        self.button.on_click(self._clicked)
        self.feedback = w.HTML()
        parts = [prompt]
        if self.input is not None:
            parts.append(self.input)
        else:
            parts.append(w.HTML(f"<i>{html.escape(_LAB_NOTE[lang])}</i> <code>{html.escape(question.task or '')}</code>"))
        parts += [self.button, self.feedback]
        self.box = w.VBox(parts, layout=w.Layout(border="1px solid #ddd", padding="0.4em", margin="0.3em 0"))
        self.box.add_class("labkit-question")
        self.box.add_class(f"labkit-q-{question.id}")

    @staticmethod
    def _input(question: Question, lang: str) -> Any:
        if question.kind == "single":
            return w.RadioButtons(options=[(text, cid) for cid, text in question.choices], value=None,
                                  layout=w.Layout(width="auto"))
        if question.kind == "multiple":
            boxes = [w.Checkbox(description=text, value=False, indent=False, layout=w.Layout(width="auto"))
                     for _, text in question.choices]
            box = w.VBox(boxes)
            box.choice_ids = [cid for cid, _ in question.choices]  # type: ignore[attr-defined]
            return box
        if question.kind == "policy":
            return w.Textarea(value=question.data.get("starter", ""), placeholder=_PLACEHOLDER["policy"][lang],
                              layout=w.Layout(width="100%", height="10em"))
        if question.kind == "lab":
            return None
        return w.Text(placeholder=_PLACEHOLDER[question.kind][lang], layout=w.Layout(width="24em"))

    def value(self) -> Any:
        if self.input is None:
            return None
        if self.question.kind == "multiple":
            return [cid for cid, box in zip(self.input.choice_ids, self.input.children, strict=True) if box.value]
        return self.input.value

    def _clicked(self, _button: Any = None) -> None:
        try:
            self.parent.quiz.answer(self.question.id, self.value())  # the quiz tells every widget
        except Exception as exc:  # the widget never shows a traceback
            self.feedback.value = f"<div style='color:#c62828'>{html.escape(str(exc))}</div>"
            self.parent.refresh()

    def show(self, feedback: Feedback) -> None:
        self.feedback.value = feedback._repr_html_()
