"""labkit: an offline AWS account in a Jupyter kernel, and a course that grades it.

Example:
    >>> import labkit
    >>> lab = labkit.start(seed=0)                 # moto in-process; nothing reaches AWS
    >>> lab.client("ec2").describe_vpcs()["Vpcs"][0]["IsDefault"]
    True
    >>> sorted(lab.snapshot())[:3]
    ['ec2', 'iam', 'labkit']
    >>> lab.stop()

Heavy modules (moto, boto3) load on first use, so ``import labkit`` and the CLI
stay quick.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import LabkitError, LabkitWarning, RealAWSCallBlocked

if TYPE_CHECKING:
    from . import iam
    from .lab import Lab, current, start

__all__ = [
    "__version__",
    "Lab",
    "start",
    "current",
    "scenarios",
    "tasks",
    "task",
    "grade",
    "diagram",
    "audit",
    "topics",
    "quiz",
    "submit",
    "table",
    "LabkitError",
    "LabkitWarning",
    "RealAWSCallBlocked",
    "iam",
]

_LAZY = {"Lab": "lab", "start": "lab", "current": "lab", "table": "display"}
_SUBMODULES = {"iam", "guard", "progress", "snapshot", "services", "diagrams", "catalogue", "questions"}


def scenarios() -> list[str]:
    """Names of the starting states ``labkit.start(scenario)`` accepts.

    Example:
        >>> "three-tier-network" in labkit.scenarios()
        True
    """
    from .scenario import names

    return names()


def tasks() -> list[str]:
    """Ids of the lab tasks (see DESIGN.md's catalogue)."""
    from .catalogue import tasks as _tasks

    return _tasks()


def task(task_id: str, lang: str | None = None) -> Any:
    """The lab task ``task_id``: ``.title``, ``.text`` (in ``lang``, else ``$LABKIT_LANG``,
    else English), ``.max_score``, ``.starter``."""
    from .catalogue import task as _task

    return _task(task_id, lang)


def grade(task_id: str, lab: Any = None, *, lang: str | None = None) -> Any:
    """Grade the current lab (or ``lab``) against task ``task_id``; records the attempt.

    Findings and hints are in ``lang`` (default: ``$LABKIT_LANG``, else the
    course folder's language, else English).

    Example:
        >>> lab = labkit.start("three-tier-network")              # doctest: +SKIP
        >>> labkit.grade("vpc.security_groups")                   # doctest: +SKIP
        vpc.security_groups: 0/10 — Security groups for the three tiers ...
    """
    from .catalogue import grade as _grade

    return _grade(task_id, lab, lang=lang)


def diagram(lab: Any = None, view: str = "network", **kwargs: Any) -> Any:
    """Draw the current lab (or ``lab``): views ``network``, ``iam``, ``storage``, ``serverless``.

    Example:
        >>> lab = labkit.start("three-tier-security-groups")   # doctest: +SKIP
        >>> labkit.diagram(view="network")                    # doctest: +SKIP
        <Diagram network: ...>
    """
    from .diagrams import diagram as _diagram

    return _diagram(lab, view, **kwargs)


def audit(lab: Any = None, *, lang: str | None = None) -> Any:
    """Security Hub-style controls (FSBP) over the current lab (or ``lab``, or a snapshot dict).

    Findings are in ``lang`` (default: ``$LABKIT_LANG``, else the course
    folder's language, else English).

    Example:
        >>> lab = labkit.start("buckets")                         # doctest: +SKIP
        >>> labkit.audit()                                        # doctest: +SKIP
        <AuditReport: ... controls, ... failed>
    """
    from .controls import audit as _audit

    return _audit(lab, lang=lang)


def topics() -> list[str]:
    """Quiz topics, one per notebook of the course, in course order."""
    from .questions import topics as _topics

    return _topics()


def quiz(topic: str, lang: str | None = None) -> Any:
    """The quiz of ``topic`` in ``lang`` (else ``$LABKIT_LANG``, else English).

    Example:
        >>> q = labkit.quiz("vpc")                                  # doctest: +SKIP
        >>> q.answer(q.questions[0].id, "a")                        # doctest: +SKIP
    """
    from .questions import build_quiz

    return build_quiz(topic, lang)


def submit(path: Any = None, *, overwrite: bool = False, lab: Any = None) -> Any:
    """Write this learner's answers and lab snapshot to one JSON file for the instructor."""
    from .submission import submit as _submit

    return _submit(path, overwrite=overwrite, lab=lab)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'labkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
