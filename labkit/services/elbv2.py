"""Elastic Load Balancing: placeholder until its snapshot lands (issue 4)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..lab import Lab

NAME = "elbv2"
TITLE = "Elastic Load Balancing"


def snapshot(lab: Lab) -> dict[str, Any]:
    return {}
