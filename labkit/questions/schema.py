"""The JSON Schema every question bank (``quizzes/<topic>.yaml``) must satisfy.

Validated with ``jsonschema`` on load, so a typo in a bank is caught with the
file, the question and the field named, before a learner ever sees it.
"""

from __future__ import annotations

from typing import Any

LANGS = ("en", "ko")
KINDS = ("single", "multiple", "numeric", "text", "cidr", "policy", "lab")

# A learner-facing text: a plain string, or one string per language.
_LOCALISED: dict[str, Any] = {
    "oneOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "properties": {lang: {"type": "string", "minLength": 1} for lang in LANGS},
            "required": ["en"],
            "additionalProperties": False,
        },
    ]
}

_CHOICE = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z0-9_-]+$"},
        "text": _LOCALISED,
        "correct": {"type": "boolean"},
        "feedback": _LOCALISED,
    },
    "required": ["text"],
    "additionalProperties": False,
}

_REQUEST = {
    "type": "object",
    "properties": {
        "action": {"type": "string", "pattern": "^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$"},
        "resource": {"type": "string", "minLength": 1},
        "context": {"type": "object"},
        "principal": {"type": "string"},
        "expect": {"enum": ["allowed", "denied", "explicitDeny", "implicitDeny"]},
        "label": _LOCALISED,
    },
    "required": ["action", "resource", "expect"],
    "additionalProperties": False,
}

_COMMON = {
    "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_.-]*$"},
    "kind": {"enum": list(KINDS)},
    "points": {"type": "number", "exclusiveMinimum": 0},
    "prompt": _LOCALISED,
    "explanation": _LOCALISED,
    "hint": _LOCALISED,
    "source": {"type": "string"},  # where in the seed the fact comes from
}


def _kind(kind: str, props: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
        "then": {
            "properties": {**_COMMON, **props},
            "required": ["id", "kind", "prompt", "explanation", *required],
            "additionalProperties": False,
        },
    }


QUESTION: dict[str, Any] = {
    "type": "object",
    "required": ["id", "kind", "prompt", "explanation"],
    "properties": {"kind": {"enum": list(KINDS)}},
    "allOf": [
        _kind("single", {"choices": {"type": "array", "items": _CHOICE, "minItems": 2}}, ["choices"]),
        _kind("multiple", {"choices": {"type": "array", "items": _CHOICE, "minItems": 2}}, ["choices"]),
        _kind(
            "numeric",
            {
                "answer": {"type": "number"},
                "tolerance": {"type": "number", "minimum": 0},
                "unit": _LOCALISED,  # shown in the learner's language; every variant is accepted as input
                "units": {
                    "type": "object",
                    "additionalProperties": {"type": "number", "exclusiveMinimum": 0},
                },
            },
            ["answer"],
        ),
        _kind(
            "text",
            {
                "accept": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
                "pattern": {"type": "string"},
            },
            ["accept"],
        ),
        _kind(
            "cidr",
            {
                "answer": {"type": "string"},
                "within": {"type": "string"},
                "prefix": {"type": "integer", "minimum": 0, "maximum": 128},
            },
            ["answer"],
        ),
        _kind(
            "policy",
            {
                "requests": {"type": "array", "items": _REQUEST, "minItems": 2},
                "starter": {"type": "string"},
                "solution": {"type": ["object", "string"]},
            },
            ["requests", "solution"],
        ),
        _kind("lab", {"task": {"type": "string", "pattern": "^[a-z0-9_]+\\.[a-z0-9_]+$"}}, ["task"]),
    ],
}

# Translations of the topic's lab task texts (the English lives with the task's code).
_TASK_TEXT = {
    "type": "object",
    "properties": {"title": _LOCALISED, "text": _LOCALISED},
    "required": ["title", "text"],
    "additionalProperties": False,
}

BANK: dict[str, Any] = {
    "type": "object",
    "properties": {
        "topic": {"type": "string", "pattern": "^[a-z0-9_]+$"},
        "title": _LOCALISED,
        "questions": {"type": "array", "items": QUESTION, "minItems": 1},
        "tasks": {
            "type": "object",
            "propertyNames": {"pattern": "^[a-z0-9_]+\\.[a-z0-9_]+$"},
            "additionalProperties": _TASK_TEXT,
        },
    },
    "required": ["topic", "title", "questions"],
    "additionalProperties": False,
}
