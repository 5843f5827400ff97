"""Wildcard, ARN and policy-variable primitives shared by the IAM evaluator.

Everything here is pure and cached: patterns are compiled to regular expressions
once, because the evaluator runs the same few patterns many thousands of times.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Final

__all__ = [
    "LIT_STAR",
    "LIT_QMARK",
    "Template",
    "MISSING",
    "compile_globs",
    "compile_arn_globs",
    "unsentinel",
    "value_to_str",
    "split_arn",
    "variable_value",
    "PolicySyntaxError",
]

# A `*` or `?` that must be matched literally (from `${*}`, `${?}` or from a
# substituted variable value) is carried through as a private-use character, so
# that one plain string can hold both wildcards and literal stars until it is
# compiled. AWS never puts these characters in ARNs or condition values.
LIT_STAR: Final = "\ue000"
LIT_QMARK: Final = "\ue001"
_UNSENTINEL = str.maketrans({LIT_STAR: "*", LIT_QMARK: "?"})
_SENTINEL = str.maketrans({"*": LIT_STAR, "?": LIT_QMARK})


class _Missing:
    """Marker for a condition key that is absent from the request context."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Final = _Missing()

_GLOB_TOKENS = re.compile(r"(\*+|\?|" + LIT_STAR + "|" + LIT_QMARK + ")")


def _glob_body(pattern: str, star: str, qmark: str) -> str:
    out: list[str] = []
    for token in _GLOB_TOKENS.split(pattern):
        if not token:
            continue
        if token[0] == "*":
            # Runs of stars collapse to one: same meaning, far less backtracking.
            out.append(star)
        elif token == "?":
            out.append(qmark)
        elif token == LIT_STAR:
            out.append(r"\*")
        elif token == LIT_QMARK:
            out.append(r"\?")
        else:
            out.append(re.escape(token))
    return "".join(out)


@lru_cache(maxsize=4096)
def compile_globs(patterns: tuple[str, ...], ignore_case: bool = False) -> re.Pattern[str]:
    """One regex that fully matches any of ``patterns`` (``*`` any run, ``?`` one char)."""
    body = "|".join(_glob_body(p, ".*", ".") for p in patterns)
    flags = re.DOTALL | (re.IGNORECASE if ignore_case else 0)
    return re.compile(f"(?:{body})", flags)


def _arn_body(pattern: str) -> str:
    parts = pattern.split(":", 5)
    if len(parts) < 6:
        # Not an ARN-shaped value (e.g. a bare "*"): match it as a plain wildcard string.
        return _glob_body(pattern, ".*", ".")
    # Wildcards in the first five segments stay inside their segment; the resource
    # part (after the fifth colon) may itself contain colons and slashes.
    head = [_glob_body(p, "[^:]*", "[^:]") for p in parts[:5]]
    return ":".join([*head, _glob_body(parts[5], ".*", ".")])


@lru_cache(maxsize=4096)
def compile_arn_globs(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One regex matching an ARN against any of ``patterns``, segment by segment."""
    body = "|".join(_arn_body(p) for p in patterns)
    return re.compile(f"(?:{body})", re.DOTALL)


def unsentinel(text: str) -> str:
    """Turn literal-star/question placeholders back into ``*`` and ``?``."""
    return text.translate(_UNSENTINEL)


def value_to_str(value: Any) -> str:
    """How a request-context value reads as a string (JSON spelling for booleans)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def split_arn(arn: str) -> list[str] | None:
    """The six ARN fields, or None when ``arn`` is not ARN-shaped."""
    if not arn.startswith("arn:"):
        return None
    parts = arn.split(":", 5)
    return parts if len(parts) == 6 else None


# `${name}` or `${name, 'default'}`; the three escapes are single characters.
_VAR = re.compile(r"\$\{([^{}]*)\}")
_VAR_BODY = re.compile(r"^\s*([^\s,']+)\s*(?:,\s*'([^']*)'\s*)?$")
_ESCAPES: Final = {"*": LIT_STAR, "?": LIT_QMARK, "$": "$"}


class Template:
    """A policy string that may contain policy variables.

    ``parts`` alternates literal text (which may hold wildcards) with variable
    references ``(key_lower, default, original_text)``. ``render`` substitutes
    values from the request context; substituted text is always literal, so a
    tag value of ``*`` cannot widen a policy.
    """

    __slots__ = ("text", "parts", "variables")

    def __init__(self, text: str, *, substitute: bool) -> None:
        self.text = text
        parts: list[str | tuple[str, str | None, str]] = []
        variables: list[str] = []
        if substitute and "${" in text:
            pos = 0
            for m in _VAR.finditer(text):
                body = m.group(1)
                if body.strip() in _ESCAPES:
                    replacement: str | tuple[str, str | None, str] = _ESCAPES[body.strip()]
                else:
                    vm = _VAR_BODY.match(body)
                    if vm is None:
                        continue  # not a variable (e.g. "${}"): AWS leaves it as text
                    replacement = (vm.group(1).lower(), vm.group(2), m.group(0))
                    variables.append(vm.group(1))
                parts.append(text[pos : m.start()])
                parts.append(replacement)
                pos = m.end()
            parts.append(text[pos:])
            # Merge adjacent literal chunks (escapes became literal text).
            merged: list[str | tuple[str, str | None, str]] = []
            for p in parts:
                if isinstance(p, str) and merged and isinstance(merged[-1], str):
                    merged[-1] = merged[-1] + p
                elif p != "":
                    merged.append(p)
            parts = merged
        else:
            parts = [text]
        self.parts = tuple(parts)
        self.variables = tuple(variables)

    @property
    def static(self) -> str | None:
        """The pattern text when no variable needs a value, else None."""
        if not self.variables:
            return "".join(p for p in self.parts if isinstance(p, str))
        return None

    def render(self, ctx: Mapping[str, Any]) -> str | None:
        """Substitute variables from ``ctx`` (lower-cased keys); None if one has no value."""
        out: list[str] = []
        for p in self.parts:
            if isinstance(p, str):
                out.append(p)
                continue
            value = variable_value(ctx, p[0])
            if value is None:
                if p[1] is None:
                    return None
                value = p[1]
            out.append(value.translate(_SENTINEL))
        return "".join(out)

    def missing_variables(self, ctx: Mapping[str, Any]) -> list[str]:
        """Original spellings of the variables that have neither value nor default."""
        return [
            p[2]
            for p in self.parts
            if not isinstance(p, str) and p[1] is None and variable_value(ctx, p[0]) is None
        ]


def variable_value(ctx: Mapping[str, Any], key: str) -> str | None:
    """A context value usable as a policy variable (single-valued keys only)."""
    value = ctx.get(key, MISSING)
    if value is MISSING or value is None:
        return None
    if isinstance(value, (list, tuple, set, frozenset)):
        # Multivalued keys cannot be policy variables; a one-element list is
        # accepted because that is how single values often arrive from JSON.
        if len(value) != 1:
            return None
        (value,) = tuple(value)
    return value_to_str(value)


class PolicySyntaxError(Exception):
    """A malformed policy element; turned into a LabkitError naming the policy."""

    def __init__(self, problem: str, where: str | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.where = where
