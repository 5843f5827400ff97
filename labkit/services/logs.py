"""CloudWatch Logs: placeholder until its snapshot lands (issue 4)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..lab import Lab

NAME = "logs"
TITLE = "CloudWatch Logs"


def snapshot(lab: Lab) -> dict[str, Any]:
    return {}
