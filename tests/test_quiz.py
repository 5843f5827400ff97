"""The quiz engine: every question kind, banks validated on load, languages,
progress, widgets, and answers that never raise."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import labkit
from labkit import LabkitError
from labkit.progress import ProgressStore
from labkit.questions import build_quiz, load_bank, topics
from labkit.questions.model import Quiz

SAMPLE = Path(__file__).parent / "data" / "quizzes" / "sample.yaml"


@pytest.fixture()
def quiz():
    return Quiz("sample", "en", load_bank(SAMPLE), "alice", record=False)


def answer(quiz, qid, value):
    return quiz.answer(qid, value)


# -- kinds -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("qid", "value", "score", "words"),
    [
        ("az-meaning", "a", 1, "Correct"),
        ("az-meaning", 0, 1, "isolated"),
        ("az-meaning", "One or more data centres with independent power and networking", 1, "Correct"),
        ("az-meaning", "b", 0, "a Region holds several AZs"),
        ("az-meaning", "z", 0, "not one of the choices"),
        ("stateful", ["sg", "nat"], 2, "all the right choices"),
        ("stateful", "sg, nat", 2, "all the right choices"),
        ("stateful", "Security group", 1, "1 of 2 right choices picked"),  # the first choice's full text
        ("stateful", ["sg"], 1, "1 of 2 right choices picked, 0 wrong, 1 missed"),
        ("stateful", ["sg", "nacl"], 0, "stateless"),
        ("stateful", [], 0, "Pick one or more"),
        ("lambda-timeout", 900, 1, "900 s"),
        ("lambda-timeout", "15 min", 1, "900 s"),
        ("lambda-timeout", "900", 1, "900 s"),
        ("lambda-timeout", "300 s", 0, "too low"),
        ("lambda-timeout", "1 hour", 0, "Unknown unit 'hour'"),
        ("lambda-timeout", "soon", 0, "not a number"),
        ("nat-name", "  NAT   Gateway. ", 1, "Correct"),
        ("nat-name", "internet gateway", 0, "not the answer"),
        ("app-subnet", "10.0.10.0/24 ", 1, "256 addresses"),
        ("app-subnet", "10.0.10.0/23", 0, "mis-sized: /23 holds 512 addresses"),
        ("app-subnet", "10.0.10.7/24", 0, "host bits set"),
        ("app-subnet", "10.0.12.0/24", 0, "right size, wrong range"),
        ("app-subnet", "192.168.10.0/24", 0, "not inside 10.0.0.0/16"),
        ("app-subnet", "ten dot zero", 0, "not a CIDR block"),
    ],
)
def test_each_kind_grades_with_specific_feedback(quiz, qid, value, score, words):
    feedback = answer(quiz, qid, value)
    assert feedback.score == score, repr(feedback)
    assert words in feedback.message
    assert feedback.correct == (score == feedback.max_score)


def test_policy_questions_evaluate_a_request_table(quiz):
    solution = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-app-bucket/uploads/*"}]}
    assert answer(quiz, "uploads-policy", solution).correct
    assert answer(quiz, "uploads-policy", json.dumps(solution)).correct
    # "s3:Get*" on the whole bucket: reads outside uploads/ come out wrong, and the row says so.
    loose = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::my-app-bucket/*"}]}
    feedback = answer(quiz, "uploads-policy", loose)
    assert feedback.score == 2 and "private/a.txt: allowed, should be denied" in feedback.message
    assert [r["ok"] for r in feedback.rows] == [True, False, True]
    assert "not valid JSON" in answer(quiz, "uploads-policy", "{nope").message
    assert "Statement" in answer(quiz, "uploads-policy", {"Version": "2012-10-17"}).message
    assert "JSON object" in answer(quiz, "uploads-policy", [1, 2]).message


def test_lab_questions_grade_the_live_lab(quiz):
    assert "Open a lab first" in answer(quiz, "build-sgs", None).message
    from labkit.catalogue.vpc import solve_security_groups

    with labkit.Lab("three-tier-network") as lab:
        assert quiz.answer("build-sgs").score == 0
        solve_security_groups(lab)
        feedback = quiz.answer("build-sgs")
    assert feedback.correct and feedback.score == 5
    assert "vpc.security_groups: 10/10" in feedback.message


def test_korean_text_and_language_choice(monkeypatch, tmp_path):
    bank = load_bank(SAMPLE)
    ko = Quiz("sample", "ko", bank, "alice", record=False)
    assert "가용 영역" in next(q for q in ko.questions if q.id == "az-meaning").prompt
    feedback = ko.answer("lambda-timeout", "15분")
    assert feedback.correct and "정답" in repr(feedback) and "900 초" in feedback.message
    assert ko.answer("lambda-timeout", "900 s").correct  # every spelling of the unit is accepted
    assert "해설" in repr(feedback) and "정답" in feedback._repr_html_()
    wrong = ko.answer("app-subnet", "10.0.10.0/23")
    assert "크기가 다릅니다" in wrong.message
    from labkit.questions import pick_lang

    monkeypatch.setenv("LABKIT_LANG", "ko")
    assert pick_lang() == "ko" and pick_lang("en") == "en"
    monkeypatch.delenv("LABKIT_LANG")
    assert pick_lang() == "en"
    course = tmp_path / "course" / "ko"  # a kernel started in the Korean course folder
    course.mkdir(parents=True)
    (course / "00_start_here.ipynb").write_text("{}")
    monkeypatch.chdir(course)
    assert pick_lang() == "ko"
    monkeypatch.setenv("LABKIT_LANG", "en")
    assert pick_lang() == "en"
    with pytest.raises(LabkitError, match="unknown language 'fr'. Valid languages: en, ko"):
        build_quiz("vpc" if "vpc" in topics() else "sample", "fr")


def test_unknown_topic_and_question_are_clear_errors(quiz):
    with pytest.raises(LabkitError, match="unknown quiz topic 'nope'. Valid topics:"):
        labkit.quiz("nope")
    with pytest.raises(LabkitError, match="no question 'nope' in quiz 'sample'. Valid ids:"):
        quiz.answer("nope", 1)


def test_order_is_shuffled_deterministically_per_learner():
    bank = load_bank(SAMPLE)
    alice = [q.id for q in Quiz("sample", "en", bank, "alice").questions]
    assert alice == [q.id for q in Quiz("sample", "en", bank, "alice").questions]
    others = {tuple(q.id for q in Quiz("sample", "en", bank, f"learner{i}").questions) for i in range(8)}
    assert len(others) > 1
    plain = [q.id for q in Quiz("sample", "en", bank, "alice", shuffle=False).questions]
    assert plain == [q["id"] for q in bank["questions"]]


def test_answers_are_recorded_in_the_progress_store():
    quiz = Quiz("sample", "en", load_bank(SAMPLE), "carol")
    quiz.answer("app-subnet", "10.0.10.0/23")
    quiz.answer("app-subnet", "10.0.10.0/24")
    rows = [a for a in ProgressStore().attempts(learner="carol") if a.item == "app-subnet"]
    assert [(r.score, r.answer) for r in rows] == [(0.0, "10.0.10.0/23"), (1.0, "10.0.10.0/24")]
    assert quiz.score == 1 and quiz.max_score == 14


# -- banks are validated on load ---------------------------------------------------
def _bank(tmp_path, body):
    path = tmp_path / "broken.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("topic: broken\ntitle: x\nquestions: [", r"broken.yaml \(line \d+\): not valid YAML"),
        ("topic: broken\ntitle: x\n", "broken.yaml: field \\(top level\\): 'questions' is a required property"),
        ("""
         topic: broken
         title: x
         questions:
           - {id: q1, kind: numeric, prompt: p, explanation: e}
         """, "question 'q1', field \\(the question itself\\): 'answer' is a required property"),
        ("""
         topic: broken
         title: x
         questions:
           - {id: q1, kind: single, prompt: p, explanation: e, choices: [{text: a}, {text: b, correct: yes}], colour: red}
         """, "question 'q1'.*Additional properties are not allowed \\('colour'"),
        ("""
         topic: broken
         title: x
         questions:
           - {id: q1, kind: essay, prompt: p, explanation: e}
         """, "question 'q1', field kind: 'essay' is not one of"),
        ("""
         topic: broken
         title: x
         questions:
           - {id: q1, kind: single, prompt: {fr: p}, explanation: e, choices: [{text: a, correct: true}, {text: b}]}
         """, "question 'q1', field prompt"),
        ("""
         topic: broken
         title: x
         questions:
           - {id: q1, kind: single, prompt: p, explanation: e, choices: [{text: a}, {text: b}]}
         """, "question 'q1', field choices: no choice is marked correct"),
        ("""
         topic: broken
         title: x
         questions:
           - {id: q1, kind: cidr, prompt: p, explanation: e, answer: 10.0.0.1/24}
         """, "question 'q1', field answer: 10.0.0.1/24 has host bits set"),
        ("""
         topic: broken
         title: x
         questions:
           - {id: q1, kind: lab, prompt: p, explanation: e, task: vpc.nope}
         """, "question 'q1', field task: no lab task 'vpc.nope'"),
        ("""
         topic: broken
         title: x
         questions:
           - {id: q1, kind: text, prompt: p, explanation: e, accept: [a]}
           - {id: q1, kind: text, prompt: p, explanation: e, accept: [b]}
         """, "question 'q1': id is used twice"),
        ("""
         topic: broken
         title: x
         questions:
           - id: q1
             kind: policy
             prompt: p
             explanation: e
             requests:
               - {action: "s3:GetObject", resource: "arn:aws:s3:::b/k", expect: allowed}
               - {action: "s3:PutObject", resource: "arn:aws:s3:::b/k", expect: denied}
             solution: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:*", Resource: "*"}]}
         """, "question 'q1', field solution: the reference policy fails its own request table"),
        ("topic: other\ntitle: x\nquestions: [{id: q, kind: text, prompt: p, explanation: e, accept: [a]}]\n",
         "field topic is 'other', expected 'broken'"),
    ],
    ids=["yaml", "no-questions", "numeric-no-answer", "extra-field", "bad-kind", "bad-language",
         "no-correct-choice", "host-bits", "unknown-task", "duplicate-id", "policy-solution-fails", "topic-name"],
)
def test_malformed_banks_name_file_question_and_field(tmp_path, body, message):
    with pytest.raises(LabkitError, match=message):
        load_bank(_bank(tmp_path, body))


def test_every_shipped_bank_is_valid_bilingual_and_big_enough():
    from labkit.questions.bank import TOPICS, localise

    assert topics() == [t for t in TOPICS if t in topics()]
    for topic in topics():
        bank = load_bank(topic)
        questions = bank["questions"]
        assert len([q for q in questions if q["kind"] != "lab"]) >= 8, topic
        for q in questions:
            for key in ("prompt", "explanation"):
                assert isinstance(q[key], dict) and q[key].get("ko") and q[key].get("en"), (topic, q["id"], key)
            for choice in q.get("choices", []):
                assert localise(choice["text"], "ko") != localise(choice["text"], "en") or choice["text"], (topic, q["id"])


# -- widgets ---------------------------------------------------------------------
def test_widget_cards_check_buttons_feedback_and_score():
    from labkit.questions.widget import QuizWidget

    quiz = Quiz("sample", "en", load_bank(SAMPLE), "alice", record=False)
    ui = QuizWidget(quiz)
    card = ui.cards["app-subnet"]
    card.input.value = "10.0.10.0/24"
    card.button.click()
    assert "Correct" in card.feedback.value and "256 addresses" in card.feedback.value
    multi = ui.cards["stateful"]
    for cid, box in zip(multi.input.choice_ids, multi.input.children, strict=True):
        box.value = cid in ("sg", "nacl")
    multi.button.click()
    assert "Not yet" in multi.feedback.value and "stateless" in multi.feedback.value
    single = ui.cards["az-meaning"]
    single.button.click()  # nothing chosen: feedback, not a traceback
    assert "not one of the choices" in single.feedback.value
    assert "Score: 1 / 14" in ui.score.value and ui.progress.value == 1
    quiz.answer("nat-name", "NAT gateway")  # answered in Python: the widget shows it too
    assert "Correct" in ui.cards["nat-name"].feedback.value and "Score: 2 / 14" in ui.score.value
    assert "(1 point)" in ui.cards["nat-name"].box.children[0].value
    lab_card = ui.cards["build-sgs"]
    assert lab_card.input is None
    lab_card.button.click()
    assert "Open a lab first" in lab_card.feedback.value


def test_quiz_displays_as_a_widget_with_stable_text():
    quiz = Quiz("sample", "ko", load_bank(SAMPLE), "alice", record=False)
    bundle = quiz._repr_mimebundle_()
    assert bundle["text/plain"] == repr(quiz) and "예제 퀴즈" in bundle["text/plain"]
    assert "application/vnd.jupyter.widget-view+json" in bundle


# -- no answer ever raises -----------------------------------------------------------
_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=200)
    | st.binary(max_size=50) | st.sampled_from(["", " ", "10.0.0.0/8", "{}", "[", "15 min", "a", "🙂", "١٢٣"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=10,
)


def _all_questions():
    quizzes = [Quiz("sample", lang, load_bank(SAMPLE), "fuzz", record=False) for lang in ("en", "ko")]
    quizzes += [build_quiz(t, lang, learner="fuzz", record=False) for t in topics() for lang in ("en", "ko")]
    return [(quiz, q.id) for quiz in quizzes for q in quiz.questions if q.kind != "lab"]


_QUESTIONS = _all_questions()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pick=st.integers(min_value=0, max_value=max(len(_QUESTIONS) - 1, 0)), value=_VALUES)
def test_any_value_for_any_question_yields_feedback(pick, value):
    quiz, qid = _QUESTIONS[pick]
    feedback = quiz.answer(qid, value)
    assert 0 <= feedback.score <= feedback.max_score
    assert isinstance(feedback.message, str) and feedback.message
    repr(feedback)
    feedback._repr_html_()


def test_huge_answers_are_refused_politely(quiz):
    feedback = quiz.answer("nat-name", "x" * 2_000_000)
    assert feedback.score == 0 and "too long" in feedback.message


def test_banks_translate_lab_task_texts(monkeypatch):
    monkeypatch.setattr("labkit.questions.bank.quiz_dir", lambda: SAMPLE.parent)  # only the sample bank
    ko = labkit.task("vpc.security_groups", "ko")
    assert ko.title == "세 계층의 보안 그룹" and "`web-sg`" in ko.text
    assert ko.checks == labkit.task("vpc.security_groups").checks  # same grader, other words
    assert labkit.task("vpc.security_groups", "en").title == "Security groups for the three tiers"
    monkeypatch.setenv("LABKIT_LANG", "ko")
    assert labkit.task("vpc.security_groups").title == "세 계층의 보안 그룹"
    assert labkit.task("vpc.three_tier_network").title == "Build the seed's three-tier VPC"  # no translation yet


def test_bank_tasks_section_must_name_real_tasks(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("topic: broken\ntitle: x\nquestions: [{id: q, kind: text, prompt: p, explanation: e, accept: [a]}]\n"
                    "tasks: {vpc.nope: {title: t, text: x}}\n")
    with pytest.raises(LabkitError, match="field tasks.vpc.nope: no lab task 'vpc.nope'"):
        load_bank(path)
