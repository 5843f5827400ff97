"""Learner-facing messages in every language of the course: written now, rendered later.

Graders, audit controls and reports write their sentences in English with
:func:`msg`, naming the variable parts::

    msg("web-server-sg does not admit TCP {ports} from 0.0.0.0/0", ports=and_(missing))

A :class:`Msg` *is* the English string (a ``str`` subclass), so English output,
comparisons and tests see plain text. Where the language is known (a task
graded for a Korean notebook, ``labkit.audit(lang="ko")``, ``labkit grade
--lang ko``), :func:`render` looks the English template up in the message
catalogue, ``labkit/locale/<lang>/*.yaml`` (English template → translation,
one file per source module), and fills the translated template with the
parameters, themselves rendered (a parameter may be another ``Msg``).

The catalogue is data a translator edits; ``tests/test_messages.py`` finds
every ``msg("...")`` in the package and fails when one lacks a translation with
the same placeholders, or when a translation has no template left in the code.
A template with no translation renders in English rather than failing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["Msg", "msg", "render", "and_", "or_", "join", "catalogue", "LOCALE_DIR"]

LOCALE_DIR = Path(__file__).with_name("locale")
LETTERS = re.compile("[A-Za-z]")


class Msg(str):
    """An English sentence that remembers its template and parameters (see :func:`msg`)."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, params: dict[str, Any]) -> Msg:
        self = super().__new__(cls, _fill(template, params, "en"))
        self.template = template
        self.params = params
        return self

    def render(self, lang: str) -> str:
        """This message in ``lang`` (English when the catalogue has no translation)."""
        if lang == "en":
            return str.__str__(self)
        return _fill(catalogue(lang).get(self.template, self.template), self.params, lang)

    def __reduce__(self) -> Any:  # pickles (and copies) keep the template
        return (Msg, (self.template, self.params))


def msg(template: str, /, **params: Any) -> Msg:
    """A learner-facing sentence: ``template`` with ``{name}`` fields filled from ``params``."""
    return Msg(template, params)


def render(value: Any, lang: str) -> Any:
    """``value`` in ``lang``: a :class:`Msg` translated, anything else unchanged."""
    return value.render(lang) if isinstance(value, Msg) else value


def _fill(template: str, params: dict[str, Any], lang: str) -> str:
    return template.format_map({k: render(v, lang) for k, v in params.items()} if params else {})


def _series(items: Iterable[Any], word: str) -> Any:
    items = list(items)
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    head = join(", ", items[:-1])
    if word == "and":
        return msg("{items} and {last}", items=head, last=items[-1])
    return msg("{items} or {last}", items=head, last=items[-1])


def join(sep: str, items: Iterable[Any]) -> Any:
    """``sep.join(items)`` that keeps each item's translation; ``sep`` is punctuation (", ", "; ", " | ").

    Returns "" for no items, the item itself for one.
    """
    if LETTERS.search(sep):
        raise ValueError(f"join() takes a punctuation separator, not {sep!r}: words need a msg() template")
    items = list(items)
    if len(items) < 2:
        return items[0] if items else ""
    escaped = sep.replace("{", "{{").replace("}", "}}")
    return Msg(escaped.join(f"{{i{n}}}" for n in range(len(items))), {f"i{n}": item for n, item in enumerate(items)})


def and_(items: Iterable[Any]) -> Any:
    """"a, b and c" (Korean "a, b 및 c"); items may be strings or Msgs."""
    return _series(items, "and")


def or_(items: Iterable[Any]) -> Any:
    """"a, b or c" (Korean "a, b 또는 c")."""
    return _series(items, "or")


@functools.cache
def catalogue(lang: str) -> dict[str, str]:
    """English template → ``lang`` template, merged from ``labkit/locale/<lang>/*.yaml``."""
    import yaml

    merged: dict[str, str] = {}
    folder = LOCALE_DIR / lang
    if not folder.is_dir():
        return merged
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for file in sorted(folder.glob("*.yaml")):
        data = yaml.load(file.read_text(encoding="utf-8"), Loader=loader) or {}  # noqa: S506 (a safe loader)
        for english, translated in data.items():
            if isinstance(english, str) and isinstance(translated, str):
                merged.setdefault(english, translated)
    return merged
