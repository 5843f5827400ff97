"""CloudWatch Logs: log groups with their retention and encryption key.

Containers (ECS ``awslogs``), Lambda functions and EKS control planes write
here; graders check that the group a task definition names exists and how long
it keeps data. Sizes and creation times change on every run and are left out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..snapshot import by_key, paginate

if TYPE_CHECKING:
    from ..lab import Lab

NAME = "logs"
TITLE = "CloudWatch Logs"
# A lab whose process never imported moto.logs.models never used the service: its
# section is EMPTY, answered without a call (see labkit/services/__init__.py).
MOTO_MODELS = "moto.logs.models"
EMPTY: dict[str, Any] = {"log_groups": []}


def _group(item: dict[str, Any]) -> dict[str, Any]:
    # creationTime is an epoch-millisecond number (tidy only drops datetimes); storedBytes
    # and metricFilterCount are not configuration.
    return {
        "logGroupName": item.get("logGroupName"),
        "logGroupArn": item.get("logGroupArn"),
        "retentionInDays": item.get("retentionInDays"),  # None: kept forever
        "kmsKeyId": item.get("kmsKeyId"),
        "logGroupClass": item.get("logGroupClass"),
    }


def snapshot(lab: Lab) -> dict[str, Any]:
    client = lab.client("logs")
    groups = [_group(g) for g in paginate(client, "describe_log_groups", "logGroups")]
    return {"log_groups": by_key(groups, "logGroupName")}
