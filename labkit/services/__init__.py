"""One module per AWS service, each with the same shape (like moto's).

Every module defines:

- ``NAME``: the snapshot key (``"ec2"``), ``TITLE``: a readable name;
- ``snapshot(lab) -> dict``: the service's state read back through boto3
  describe/get/list calls, already in stable order;
- scenarios, registered with :func:`labkit.scenarios.scenario` on import;
- optionally ``MOTO_MODELS`` (the moto module holding the service's resources)
  and ``EMPTY`` (its section for a new account): a snapshot in a process that
  never imported ``MOTO_MODELS`` answers ``EMPTY`` without a call.

Adding a service is copying a sibling and listing it in ``SERVICES``.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from ..errors import LabkitError

__all__ = ["SERVICES", "module", "load_all"]

# Snapshot order (also the order of the snapshot's keys after ``labkit``).
SERVICES: tuple[str, ...] = (
    "ec2", "s3", "rds", "iam", "organizations", "kms", "secretsmanager", "logs",
    "dynamodb", "lambda", "elbv2", "autoscaling", "ecs", "eks", "sqs", "kinesis", "apigateway",
)
# Snapshot keys that are not valid module names.
_FILES = {"lambda": "lambda_"}


def module(name: str) -> ModuleType:
    if name not in SERVICES:
        raise LabkitError(
            f"unknown service {name!r} for a snapshot. Valid services: {', '.join(SERVICES)}."
        )
    return importlib.import_module(f"{__name__}.{_FILES.get(name, name)}")


def load_all() -> list[ModuleType]:
    return [module(name) for name in SERVICES]
