"""Running Lambda deployment packages in-process: placeholder until issue 4 lands."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import LabkitError

if TYPE_CHECKING:
    from .lab import Lab


def invoke(lab: Lab, function_name: str, event: Any = None) -> dict[str, Any]:
    raise LabkitError("lab.invoke() is not built yet")
