"""Lab task translations and lab questions in the shipped question banks.

Every lab task is translated into Korean by its topic's bank (``tasks:``), next
to a copy of the English it was translated from. When a task's English changes
in code, the copy no longer matches and this test fails: the translation must be
revisited, not left describing an older task. Names, ids and numbers are carried
over verbatim, and every task can be graded from exactly one ``lab`` question.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

import labkit
from labkit.questions import load_bank
from labkit.questions.bank import TOPICS, quiz_dir

TASK_IDS = labkit.tasks()
HANGUL = re.compile(r"[\uac00-\ud7a3]")
BACKTICKED = re.compile(r"`([^`]+)`")
NUMBER = re.compile(r"\d+(?:[.,/]\d+)*")


def _banks() -> dict[str, dict[str, Any]]:
    """The course's own banks (not an instructor's extra folder), by topic."""
    return {topic: load_bank(quiz_dir() / f"{topic}.yaml") for topic in TOPICS if (quiz_dir() / f"{topic}.yaml").is_file()}


BANKS = _banks()


def _translation(task_id: str) -> dict[str, Any]:
    topic = labkit.task(task_id, "en").topic
    entry = (BANKS.get(topic, {}).get("tasks") or {}).get(task_id)
    assert entry is not None, f"{task_id}: no entry in quizzes/{topic}.yaml's tasks section"
    return entry


def _numbers_missing(english: str, korean: str) -> list[str]:
    """Numbers of the English (10.0.0.0/16, 1,000, 900, 0.5 ...) that the Korean does not contain as a whole."""
    missing = []
    for number in sorted(set(NUMBER.findall(english))):
        whole = rf"(?<![\d.,/]){re.escape(number)}(?!\d|[.,/]\d)"
        if not re.search(whole, korean):
            missing.append(number)
    return missing


def test_banks_only_translate_real_tasks_in_their_own_topic():
    for topic, bank in BANKS.items():
        for task_id in bank.get("tasks") or {}:
            assert task_id in TASK_IDS, (topic, task_id)
            assert labkit.task(task_id, "en").topic == topic, f"{task_id} is translated in {topic}.yaml"


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_every_task_has_a_korean_title_and_text(task_id, monkeypatch):
    entry = _translation(task_id)
    for field in ("title", "text"):
        assert isinstance(entry[field], dict), (task_id, field)
        assert HANGUL.search(entry[field].get("ko") or ""), f"{task_id}: {field}.ko is missing or not Korean"
    monkeypatch.delenv("LABKIT_QUIZ_PATH", raising=False)
    korean = labkit.task(task_id, "ko")
    assert (korean.title, korean.text) == (entry["title"]["ko"], entry["text"]["ko"])
    assert korean.checks == labkit.task(task_id, "en").checks  # same grader, other words


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_the_translated_english_is_the_codes_current_english(task_id):
    entry = _translation(task_id)
    code = labkit.task(task_id, "en")
    assert entry["title"].get("en") == code.title, (
        f"{task_id}: the task's English title changed in code; update the bank's title.en and revisit title.ko")
    assert entry["text"].get("en") == code.text, (
        f"{task_id}: the task's English text changed in code; update the bank's text.en and revisit text.ko")


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_names_and_numbers_are_carried_over_verbatim(task_id):
    entry = _translation(task_id)
    for field in ("title", "text"):
        english, korean = entry[field]["en"], entry[field]["ko"]
        names = [f"`{name}`" for name in BACKTICKED.findall(english) if f"`{name}`" not in korean]
        assert not names, f"{task_id} {field}.ko lacks {names}"
        numbers = _numbers_missing(english, korean)
        assert not numbers, f"{task_id} {field}.ko lacks the numbers {numbers}"


def test_the_number_check_wants_whole_numbers():
    assert _numbers_missing("min 2 / max 10, 1,000 runs on 10.0.0.0/16", "최소 2 / 최대 10, 1,000회, 10.0.0.0/16") == []
    assert _numbers_missing("1,000 runs", "1000회") == ["1,000"]
    assert _numbers_missing("port 80", "포트 8080") == ["80"]
    assert _numbers_missing("10.0.1.0/24", "10.0.10.0/24") == ["10.0.1.0/24"]


def test_every_task_has_exactly_one_lab_question_in_its_topic():
    found: dict[str, list[tuple[str, str]]] = {}
    for topic, bank in BANKS.items():
        for question in bank["questions"]:
            if question["kind"] == "lab":
                found.setdefault(question["task"], []).append((topic, question["id"]))
    assert sorted(found) == sorted(TASK_IDS), set(found) ^ set(TASK_IDS)
    for task_id, where in found.items():
        assert len(where) == 1, f"{task_id} has lab questions {where}"
        assert where[0][0] == labkit.task(task_id, "en").topic, (task_id, where)


def test_lab_questions_are_bilingual_and_weighted():
    for bank in BANKS.values():
        for question in (q for q in bank["questions"] if q["kind"] == "lab"):
            for key in ("prompt", "explanation", "hint"):
                value = question.get(key)
                assert isinstance(value, dict) and value.get("en") and HANGUL.search(value.get("ko") or ""), (
                    question["id"], key)
            assert question["task"] in question["prompt"]["en"] and question["task"] in question["prompt"]["ko"]
            assert question.get("points") == (10 if question["task"].startswith("capstone.") else 5), question["id"]
