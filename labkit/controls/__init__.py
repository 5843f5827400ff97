"""FSBP-style controls behind ``labkit.audit()``: placeholder until issue 4 lands."""

from __future__ import annotations

from typing import Any

from ..errors import LabkitError


def audit(lab: Any = None) -> Any:
    raise LabkitError("labkit.audit() is not built yet")
