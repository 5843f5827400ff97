"""Where labkit keeps a learner's files: ``$LABKIT_HOME`` (default ``~/.labkit``)."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["labkit_home", "course_source"]


def labkit_home() -> Path:
    """The learner's labkit folder (progress database, learner edition of the course)."""
    raw = os.environ.get("LABKIT_HOME")
    return Path(raw).expanduser() if raw else Path.home() / ".labkit"


def course_source() -> Path:
    """The master edition of the course: the repo's ``notebooks/`` in a checkout
    (editable install), or the copy packed into the wheel."""
    here = Path(__file__).resolve().parent
    packed = here / "_course" / "notebooks"
    if packed.is_dir():
        return packed
    return here.parent / "notebooks"
