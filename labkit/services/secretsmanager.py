"""Secrets Manager: every secret's name, ARN, key and rotation state, never its value.

Graders need to know that a secret exists (an ECS task definition may only
reference one that does) and how it is protected; reading values would put
passwords into submission files, so no ``get_secret_value`` call is ever made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..snapshot import by_key, paginate

if TYPE_CHECKING:
    from ..lab import Lab

NAME = "secretsmanager"
TITLE = "Secrets Manager"
# A lab whose process never imported moto.secretsmanager.models never used the service: its
# section is EMPTY, answered without a call (see labkit/services/__init__.py).
MOTO_MODELS = "moto.secretsmanager.models"
EMPTY: dict[str, Any] = {"secrets": []}


def _secret(item: dict[str, Any]) -> dict[str, Any]:
    # Absent fields mean AWS's defaults: the aws/secretsmanager key, no rotation.
    # Version ids (SecretVersionsToStages) are fresh uuids: per-run noise, left out.
    return {
        "Name": item.get("Name"),
        "ARN": item.get("ARN"),
        "Description": item.get("Description"),
        "KmsKeyId": item.get("KmsKeyId"),
        "RotationEnabled": bool(item.get("RotationEnabled", False)),
        "RotationLambdaARN": item.get("RotationLambdaARN"),
        "RotationRules": item.get("RotationRules"),
        "Tags": item.get("Tags", []),
    }


def snapshot(lab: Lab) -> dict[str, Any]:
    client = lab.client("secretsmanager")
    # list_secrets leaves out secrets scheduled for deletion: those no longer "exist" for a task.
    return {"secrets": by_key([_secret(s) for s in paginate(client, "list_secrets", "SecretList")], "Name", "ARN")}
