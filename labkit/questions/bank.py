"""Loading question banks: YAML in, validated and localised questions out.

A bank is ``quizzes/<topic>.yaml``. It is validated against
:data:`labkit.questions.schema.BANK` before use; every error names the file,
the question (by id, else by position) and the field, and says what is valid.
Beyond the schema, :func:`load_bank` checks what a schema cannot: unique
question ids, at least one correct choice, CIDRs that parse, policy solutions
that pass their own request table, lab questions that name a real task.
"""

from __future__ import annotations

import functools
import ipaddress
import os
from pathlib import Path
from typing import Any

import yaml

from .._imports import quiet_jsonschema
from ..errors import LabkitError
from .schema import BANK, LANGS

__all__ = ["quiz_dir", "quiz_dirs", "task_texts", "bank_path", "topics", "load_bank", "pick_lang", "localise", "TOPICS"]

# Quiz topics, one per notebook of the course, in course order.
TOPICS: tuple[str, ...] = (
    "global", "iam", "vpc", "ec2", "s3", "rds", "lambda", "ecs", "eks", "autoscaling", "architectures",
)


def quiz_dir() -> Path:
    """The course's question banks: the repo's ``quizzes/`` in a checkout, or the copy in the wheel."""
    here = Path(__file__).resolve().parent.parent
    packed = here / "_course" / "quizzes"
    return packed if packed.is_dir() else here.parent / "quizzes"


def quiz_dirs() -> list[Path]:
    """Where banks are found: the course's, then folders in ``$LABKIT_QUIZ_PATH``
    (``os.pathsep``-separated; an instructor's own topics). The first bank of a name wins."""
    extra = [Path(p).expanduser() for p in os.environ.get("LABKIT_QUIZ_PATH", "").split(os.pathsep) if p]
    return [quiz_dir(), *extra]


def _banks() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in quiz_dirs():
        for path in sorted(folder.glob("*.yaml")):
            found.setdefault(path.stem, path)
    return found


def topics() -> list[str]:
    """Topics that have a bank, in course order (then any others, alphabetically)."""
    present = set(_banks())
    return [t for t in TOPICS if t in present] + sorted(present - set(TOPICS))


def bank_path(topic: Any) -> Path:
    banks = _banks()
    if not isinstance(topic, str) or topic not in banks:
        raise LabkitError(f"unknown quiz topic {topic!r}. Valid topics: {', '.join(topics()) or 'none'}.")
    return banks[topic]


def _course_folder_lang() -> str | None:
    """The language of the course folder this kernel runs in (``.../course/ko/``,
    ``notebooks/ko/``): a Korean notebook then quizzes in Korean with the very
    same code as the English one."""
    try:
        here = Path.cwd()
    except OSError:
        return None
    if here.name in LANGS and any(here.glob("00_*.ipynb")):
        return here.name
    return None


def pick_lang(lang: Any = None) -> str:
    """``lang``, else ``$LABKIT_LANG``, else the course folder's language, else English."""
    chosen = lang if lang is not None else (os.environ.get("LABKIT_LANG") or _course_folder_lang() or "en")
    if not isinstance(chosen, str) or chosen.strip().lower() not in LANGS:
        raise LabkitError(f"unknown language {chosen!r}. Valid languages: {', '.join(LANGS)}.")
    return chosen.strip().lower()


def localise(value: Any, lang: str) -> str:
    """A localised text in ``lang`` (falling back to English)."""
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("en") or "")
    return "" if value is None else str(value)


def _where(path: Path, data: dict[str, Any], error_path: list[Any]) -> str:
    if len(error_path) >= 2 and error_path[0] == "questions" and isinstance(error_path[1], int):
        index = error_path[1]
        questions = data.get("questions") or []
        qid = questions[index].get("id") if index < len(questions) and isinstance(questions[index], dict) else None
        field = ".".join(str(p) for p in error_path[2:]) or "(the question itself)"
        who = f"question {qid!r}" if qid else f"question #{index + 1}"
        return f"{path.name}: {who}, field {field}"
    field = ".".join(str(p) for p in error_path) or "(top level)"
    return f"{path.name}: field {field}"


def _schema_error(path: Path, data: Any, err: Any) -> LabkitError:
    # The deepest, most specific error of a oneOf/allOf tells the author the most.
    best = err
    while best.context:
        best = min(best.context, key=lambda e: len(e.context or []))
    where = _where(path, data if isinstance(data, dict) else {}, list(err.absolute_path) or list(best.absolute_path))
    return LabkitError(f"invalid question bank {where}: {best.message}")


def _semantic_checks(path: Path, data: dict[str, Any]) -> None:
    if data.get("tasks"):
        from ..catalogue import tasks

        for task_id in data["tasks"]:
            if task_id not in tasks():
                raise LabkitError(f"invalid question bank {path.name}: field tasks.{task_id}: no lab task {task_id!r}. "
                                  f"Valid: {', '.join(tasks())}")
    seen: set[str] = set()
    for question in data["questions"]:
        qid = question["id"]
        where = f"invalid question bank {path.name}: question {qid!r}"
        if qid in seen:
            raise LabkitError(f"{where}: id is used twice (ids must be unique in a bank)")
        seen.add(qid)
        kind = question["kind"]
        if kind in ("single", "multiple"):
            right = [c for c in question["choices"] if c.get("correct")]
            if not right:
                raise LabkitError(f"{where}, field choices: no choice is marked correct: true")
            if kind == "single" and len(right) != 1:
                raise LabkitError(f"{where}, field choices: a single-choice question needs exactly one correct choice")
        elif kind == "cidr":
            for key in ("answer", "within"):
                if key in question:
                    try:
                        ipaddress.ip_network(question[key], strict=True)
                    except ValueError as exc:
                        raise LabkitError(f"{where}, field {key}: {exc}") from None
        elif kind == "numeric" and "units" in question and "unit" not in question:
            raise LabkitError(f"{where}, field units: conversions need the canonical 'unit' too")
        elif kind == "lab":
            from ..catalogue import tasks

            if question["task"] not in tasks():
                raise LabkitError(f"{where}, field task: no lab task {question['task']!r}. Valid: {', '.join(tasks())}")
        elif kind == "policy":
            from .kinds import policy_rows

            wrong = [r for r in policy_rows(question, question["solution"], "en") if not r["ok"]]
            if wrong:
                raise LabkitError(
                    f"{where}, field solution: the reference policy fails its own request table: "
                    + "; ".join(r["text"] for r in wrong)
                )


# libyaml's loader when PyYAML was built with it (10x faster on our banks), else the pure one.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.lru_cache(maxsize=64)
def _load_cached(path: str, mtime: float) -> dict[str, Any]:
    quiet_jsonschema()
    import jsonschema

    file = Path(path)
    try:
        data = yaml.load(file.read_text(encoding="utf-8"), Loader=_YAML_LOADER)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise LabkitError(f"invalid question bank {file.name}{where}: not valid YAML: {exc}") from None
    validator = jsonschema.Draft202012Validator(BANK)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        raise _schema_error(file, data, errors[0])
    if data["topic"] != file.stem:
        raise LabkitError(f"invalid question bank {file.name}: field topic is {data['topic']!r}, expected {file.stem!r}")
    _semantic_checks(file, data)
    return data


def task_texts(lang: str) -> dict[str, tuple[str, str]]:
    """(title, text) of every lab task translated into ``lang`` by a bank's ``tasks:`` section."""
    found: dict[str, tuple[str, str]] = {}
    for topic in topics():
        for task_id, entry in (load_bank(topic).get("tasks") or {}).items():
            if isinstance(entry["title"], dict) and lang in entry["title"] and isinstance(entry["text"], dict) \
                    and lang in entry["text"]:
                found.setdefault(task_id, (entry["title"][lang], entry["text"][lang]))
    return found


def load_bank(source: Any) -> dict[str, Any]:
    """A validated bank (plain data) from a topic name or a path to a YAML file."""
    path = Path(source) if isinstance(source, Path) or (isinstance(source, str) and source.endswith(".yaml")) else bank_path(source)
    if not path.is_file():
        raise LabkitError(f"no question bank at {path}")
    return _load_cached(str(path), path.stat().st_mtime)
