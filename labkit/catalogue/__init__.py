"""The lab task catalogue behind ``labkit.tasks()``, ``labkit.task(id)``, ``labkit.grade(id)``.

One module per topic (``labkit/catalogue/<topic>.py``) defines its tasks with
:class:`labkit.grading.Task` and registers them with :func:`register`. Ids are
part of the public contract (see DESIGN.md's catalogue).
"""

from __future__ import annotations

import dataclasses
import importlib
import sys
from typing import TYPE_CHECKING, Any

from ..errors import LabkitError
from ..grading import GradeResult, Task

if TYPE_CHECKING:
    from ..lab import Lab

__all__ = ["register", "tasks", "task", "grade", "grade_snapshot"]

# Topic modules, in catalogue order (DESIGN.md's table); ``lambda_`` because
# ``lambda`` is a Python keyword.
TOPIC_MODULES: tuple[str, ...] = (
    "ec2", "s3", "rds", "iam", "vpc", "lambda_", "ecs", "eks", "autoscaling", "capstone",
)
_REGISTRY: dict[str, Task] = {}
_MODULE_OF: dict[str, str] = {}
_ORDERED: list[str] = []


def register(new: Task) -> Task:
    if new.id in _REGISTRY:
        raise LabkitError(f"task {new.id!r} is registered twice")
    _REGISTRY[new.id] = new
    _MODULE_OF[new.id] = sys._getframe(1).f_globals.get("__name__", "")
    return new


def _load() -> dict[str, Task]:
    """Every task, in catalogue order (topic modules in TOPIC_MODULES order, then
    each module's own order), whichever module a caller happened to import first."""
    for name in TOPIC_MODULES:
        importlib.import_module(f"{__name__}.{name}")
    if list(_REGISTRY) != _ORDERED:
        rank = {f"{__name__}.{name}": i for i, name in enumerate(TOPIC_MODULES)}
        ids = sorted(_REGISTRY, key=lambda t: rank.get(_MODULE_OF.get(t, ""), len(rank)))
        ordered = {t: _REGISTRY[t] for t in ids}
        _REGISTRY.clear()
        _REGISTRY.update(ordered)
        _ORDERED[:] = ids
    return _REGISTRY


def tasks() -> list[str]:
    """Ids of the lab tasks, in catalogue order."""
    return list(_load())


def task(task_id: str, lang: str | None = None) -> Task:
    """The task ``task_id`` (``.title``, ``.text``, ``.max_score``, ``.starter``).

    ``.title`` and ``.text`` are in ``lang`` (else ``$LABKIT_LANG``, else the
    course folder's language, else English) when the topic's question bank
    translates them; its grades and hints are written in that language too.
    """
    known = _load()
    if not isinstance(task_id, str) or task_id not in known:
        raise LabkitError(f"unknown task {task_id!r}. Valid tasks: {', '.join(known)}.")
    from ..questions.bank import pick_lang, task_texts

    chosen = pick_lang(lang)
    if chosen == "en":
        return known[task_id]
    translated = task_texts(chosen).get(task_id)
    if translated is None:
        return dataclasses.replace(known[task_id], lang=chosen)
    return dataclasses.replace(known[task_id], title=translated[0], text=translated[1], lang=chosen)


def grade_snapshot(task_id: str, snapshot: Any, lang: str | None = None) -> GradeResult:
    """Grade a snapshot (a live one or one read from a submission file), findings in ``lang``."""
    return task(task_id, lang).grade_snapshot(snapshot)


def grade(task_id: str, lab: Lab | None = None, *, record: bool = True, lang: str | None = None) -> GradeResult:
    """Grade the configuration in ``lab`` (default: the current lab) and record the attempt."""
    from ..lab import current

    chosen = task(task_id, lang)
    lab = lab if lab is not None else current()
    snapshot = lab.snapshot(chosen.services)
    result = chosen.grade_snapshot(snapshot)
    if record:
        from ..progress import ProgressStore

        # The sections graded travel with the attempt: a submission made later, from
        # another notebook's lab, still carries what this task was graded on.
        ProgressStore().record(
            chosen.topic, chosen.id, score=result.score, max_score=result.max_score,
            answer={"snapshot": snapshot},
            findings=[{"check": f.check, "resource": f.resource, "passed": f.passed,
                       "message": f.message} for f in result.findings],
        )
    return result
