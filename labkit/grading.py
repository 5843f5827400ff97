"""Grading: checks, findings, tasks and results.

A check is a small pure function of the snapshot. It returns a
:class:`Finding` (passed or not, which resource, what is wrong, how to fix it);
a task is a list of checks with points, a learner-facing text, a starter
scenario and a reference solution. Grading reads only the snapshot, so any
correct way of building earns the marks, and a submission file is graded the
same as a live lab.

A check never raises on learner state: a missing resource or a malformed
value is a failed finding with a hint; an unexpected error inside a check
becomes a failed finding that says the check could not run.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .i18n import msg, render

if TYPE_CHECKING:
    from .lab import Lab

__all__ = ["Finding", "Check", "Task", "GradeResult", "run_checks"]


@dataclass(frozen=True)
class Finding:
    """One verdict: which check, on which resource, passed or not, and why."""

    check: str
    resource: str
    passed: bool
    message: str
    hint: str = ""
    link: str = ""
    points: float = 0.0
    max_points: float = 0.0

    def __repr__(self) -> str:
        mark = "✓" if self.passed else "✗"
        return f"{mark} {self.check} [{self.resource}] {self.message}"


@dataclass(frozen=True)
class Check:
    """A graded check: ``run(snapshot)`` returns (passed, resource, message, hint).

    ``title``, ``message`` and ``hint`` are :func:`~labkit.i18n.msg` sentences:
    the finding carries them rendered in the language asked for.
    """

    id: str
    points: float
    title: str
    run: Callable[[dict[str, Any]], tuple[bool, str, str, str]]
    link: str = ""

    def __call__(self, snapshot: dict[str, Any], lang: str = "en") -> Finding:
        try:
            passed, resource, message, hint = self.run(snapshot)
        except Exception as err:  # a grader bug or a mangled snapshot: a finding, not a traceback
            passed, resource = False, "?"
            message = msg("could not check {title!r}: the snapshot is missing or malformed ({error})",
                          title=render(self.title, lang), error=f"{type(err).__name__}: {err}")
            hint = msg("Take a fresh snapshot with lab.snapshot(); if this persists, please report it.")
        return Finding(
            check=self.id, resource=str(resource), passed=bool(passed), message=str(render(message, lang)),
            hint=str(render(hint, lang)), link=self.link, points=self.points if passed else 0.0,
            max_points=self.points,
        )


@dataclass(frozen=True)
class Task:
    """A lab task of the catalogue (ids are part of the public contract)."""

    id: str
    topic: str
    title: str
    text: str
    starter: str | None
    solution: Callable[[Lab], None]
    checks: tuple[Check, ...] = field(default_factory=tuple)
    # Snapshot sections the checks read (None: all). Grading a live lab reads
    # only these, which keeps "Check" fast; a submission's full snapshot works too.
    services: tuple[str, ...] | None = None
    # The language findings are written in (``labkit.task(id, lang)`` sets it).
    lang: str = "en"

    @property
    def max_score(self) -> float:
        return sum(c.points for c in self.checks)

    def grade_snapshot(self, snapshot: dict[str, Any]) -> GradeResult:
        findings = run_checks(self.checks, snapshot, self.lang)
        return GradeResult(self.id, self.title, findings, self.lang)

    def hint(self, lab: Lab | None = None) -> None:
        """Print the next thing to fix in ``lab`` (default: the current lab), without recording a grade."""
        from .lab import current

        result = self.grade_snapshot((lab if lab is not None else current()).snapshot(self.services))
        todo = [f for f in result.findings if not f.passed]
        if not todo:
            print(render(msg("{task}: every check passes ({score:g}/{max_score:g}).", task=self.id,
                             score=result.score, max_score=result.max_score), self.lang))
            return
        first = todo[0]
        ahead = (msg("{task}: 1 check to go. Next: {message}", task=self.id, message=first.message) if len(todo) == 1
                 else msg("{task}: {count} checks to go. Next: {message}", task=self.id, count=len(todo),
                          message=first.message))
        print(render(ahead, self.lang))
        if first.hint:
            print(render(msg("  hint: {hint}", hint=first.hint), self.lang))

    def __repr__(self) -> str:
        return f"<Task {self.id}: {self.title} ({self.max_score:g} points)>"


def run_checks(checks: tuple[Check, ...] | list[Check], snapshot: Any, lang: str = "en") -> list[Finding]:
    if not isinstance(snapshot, dict):
        snapshot = {}
    return [check(snapshot, lang) for check in checks]


@dataclass(frozen=True)
class GradeResult:
    """The outcome of grading one task."""

    task_id: str
    title: str
    findings: list[Finding]
    lang: str = "en"

    @property
    def score(self) -> float:
        return sum(f.points for f in self.findings)

    @property
    def max_score(self) -> float:
        return sum(f.max_points for f in self.findings)

    @property
    def passed(self) -> bool:
        return all(f.passed for f in self.findings)

    def __repr__(self) -> str:
        lines = [f"{self.task_id}: {self.score:g}/{self.max_score:g} — {self.title}"]
        for f in self.findings:
            lines.append(f"  {'✓' if f.passed else '✗'} {f.message}")
            if not f.passed and f.hint:
                lines.append(render(msg("      hint: {hint}", hint=f.hint), self.lang))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        pct = 0 if not self.max_score else round(100 * self.score / self.max_score)
        colour = "#2e7d32" if self.passed else ("#f9a825" if self.score else "#c62828")
        rows = []
        for f in self.findings:
            mark = "✓" if f.passed else "✗"
            hint = "" if f.passed or not f.hint else \
                f"<div style='color:#555'>{html.escape(render(msg('hint: {hint}', hint=f.hint), self.lang))}</div>"
            rows.append(
                f"<li style='list-style:none'><b style='color:{'#2e7d32' if f.passed else '#c62828'}'>"
                f"{mark}</b> {html.escape(f.message)} <small>({f.points:g}/{f.max_points:g})</small>{hint}</li>"
            )
        return (
            f"<div class='labkit-grade'><b>{html.escape(self.task_id)}</b> — {html.escape(self.title)}"
            f"<div style='background:#eee;width:20em;height:0.8em;margin:0.3em 0'>"
            f"<div style='background:{colour};width:{pct}%;height:100%'></div></div>"
            f"<b>{self.score:g} / {self.max_score:g}</b><ul style='padding-left:0.5em'>{''.join(rows)}</ul></div>"
        )
