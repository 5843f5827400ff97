"""API Gateway: placeholder until its snapshot lands (issue 7)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..lab import Lab

NAME = "apigateway"
TITLE = "API Gateway"


def snapshot(lab: Lab) -> dict[str, Any]:
    return {}
