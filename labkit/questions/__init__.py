"""Quizzes: question banks in ``quizzes/<topic>.yaml``, graded answers, widgets.

``labkit.quiz(topic, lang=None)`` loads a bank (validated against
:mod:`labkit.questions.schema`), localises it (``lang``, else ``$LABKIT_LANG``,
else English) and returns a :class:`Quiz`: a widget in JupyterLab, and
``quiz.answer(question_id, value) -> Feedback`` from plain Python.

Example:
    >>> q = labkit.quiz("vpc")                                  # doctest: +SKIP
    >>> q.answer("vpc-16-addresses", "65,536")                  # doctest: +SKIP
    vpc-16-addresses: Correct (1/1) — Correct: 65,536 addresses.
"""

from __future__ import annotations

from .bank import TOPICS, load_bank, localise, pick_lang, quiz_dir, topics
from .model import Feedback, Question, Quiz, build_quiz, grade_question

__all__ = [
    "TOPICS", "topics", "load_bank", "localise", "pick_lang", "quiz_dir",
    "Quiz", "Question", "Feedback", "build_quiz", "grade_question",
]
