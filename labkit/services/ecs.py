"""ECS: clusters, task definitions and services of the lab's region.

Task definitions are immutable revisions (``family:revision``); a service runs
one of them. The snapshot keeps, per ACTIVE family, the list of revision ARNs
and the full definition of the latest revision, plus the full definition of
every revision a service actually uses (which may be an older or deregistered
one), so graders judge what runs, not what was registered last.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..scenario import scenario
from ..snapshot import get_or_none, paginate

if TYPE_CHECKING:
    from ..lab import Lab

NAME = "ecs"
TITLE = "ECS"
# A lab whose process never imported moto.ecs.models never used the service: its
# section is EMPTY, answered without a call (see labkit/services/__init__.py).
MOTO_MODELS = "moto.ecs.models"
EMPTY: dict[str, Any] = {"clusters": [], "task_definition_families": {}, "task_definitions": [], "services": []}

# What the ecs.fargate_service starter provides (the task asks for the rest).
DB_SECRET_NAME = "prod/db-password"
EXECUTION_ROLE = "ecsTaskExecutionRole"
TASK_ROLE = "my-api-task-role"
LOG_GROUP = "/ecs/my-api"

# Per-deployment noise: the id is drawn afresh on every (forced) deployment and
# the reason repeats it; events carry timestamps and ids.
_DEPLOYMENT_NOISE = ("id", "rolloutStateReason")


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def revision_key(arn: str) -> tuple[str, int]:
    """(family, revision) of ``arn:...:task-definition/family:rev`` (or ``family:rev``)."""
    name = str(arn).rsplit("/", 1)[-1]
    family, _, rev = name.partition(":")
    return family, int(rev) if rev.isdigit() else -1


def _service(item: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in item.items() if k != "events"}
    out["deployments"] = [
        {k: v for k, v in d.items() if k not in _DEPLOYMENT_NOISE}
        for d in item.get("deployments", []) if isinstance(d, dict)
    ]
    return out


def _definition(ecs: Any, ref: str) -> dict[str, Any] | None:
    found = get_or_none(ecs.describe_task_definition, "ClientException", taskDefinition=ref, include=["TAGS"])
    if not found:
        return None
    definition = dict(found["taskDefinition"])
    definition["tags"] = found.get("tags", [])
    return definition


def snapshot(lab: Lab) -> dict[str, Any]:
    ecs = lab.client("ecs")
    clusters: list[dict[str, Any]] = []
    for chunk in _chunks(sorted(paginate(ecs, "list_clusters", "clusterArns")), 100):
        clusters.extend(
            ecs.describe_clusters(clusters=chunk, include=["SETTINGS", "CONFIGURATIONS", "TAGS"]).get("clusters", [])
        )
    clusters.sort(key=lambda c: str(c.get("clusterName")))

    services: list[dict[str, Any]] = []
    for cluster in clusters:
        arns = sorted(paginate(ecs, "list_services", "serviceArns", cluster=cluster["clusterArn"]))
        for chunk in _chunks(arns, 10):
            found = ecs.describe_services(cluster=cluster["clusterArn"], services=chunk, include=["TAGS"])
            services.extend(_service(s) for s in found.get("services", []))
    services.sort(key=lambda s: (str(s.get("clusterArn")), str(s.get("serviceName"))))

    families: dict[str, list[str]] = {}
    for arn in sorted(paginate(ecs, "list_task_definitions", "taskDefinitionArns", status="ACTIVE"), key=revision_key):
        families.setdefault(revision_key(arn)[0], []).append(arn)
    wanted = [arns[-1] for arns in families.values()]
    wanted += [s["taskDefinition"] for s in services if isinstance(s.get("taskDefinition"), str)]
    definitions: dict[str, dict[str, Any]] = {}
    for ref in wanted:
        definition = _definition(ecs, ref)
        if definition is not None:
            definitions[definition["taskDefinitionArn"]] = definition
    return {
        "clusters": clusters,
        "task_definition_families": dict(sorted(families.items())),
        "task_definitions": sorted(definitions.values(), key=lambda d: revision_key(d["taskDefinitionArn"])),
        "services": services,
    }


# -- scenarios ---------------------------------------------------------------
def _trust(service: str) -> str:
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}],
    })


@scenario(
    "ecs-prereqs",
    "The three-tier network and security groups plus what an ECS Fargate service needs from "
    f"other services: secret `{DB_SECRET_NAME}` in Secrets Manager, the task execution role "
    f"`{EXECUTION_ROLE}` (may pull images, write logs and read that secret) and the task role `{TASK_ROLE}`.",
    requires=("three-tier-security-groups",),
)
def build_ecs_prereqs(lab: Lab) -> None:
    secret_arn = lab.client("secretsmanager").create_secret(
        Name=DB_SECRET_NAME, Description="Password of the app database (ecs.fargate_service)",
        SecretString="not-a-real-password-1",
    )["ARN"]
    iam = lab.client("iam")
    region, account = lab.region, lab.account_id
    for role, description in (
        (EXECUTION_ROLE, "Used by the ECS agent: pull the image, write logs, read the task's secrets"),
        (TASK_ROLE, "Used by the my-api containers themselves when they call AWS"),
    ):
        iam.create_role(RoleName=role, AssumeRolePolicyDocument=_trust("ecs-tasks.amazonaws.com"),
                        Description=description)
    # moto ships no AWS-managed policies (AmazonECSTaskExecutionRolePolicy), so the
    # execution role gets the equivalent inline policy, narrowed to this task's log group and secret.
    iam.put_role_policy(RoleName=EXECUTION_ROLE, PolicyName="my-api-execution", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "PullImages", "Effect": "Allow", "Resource": "*", "Action": [
                "ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability",
                "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"]},
            {"Sid": "WriteLogs", "Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
             "Resource": f"arn:aws:logs:{region}:{account}:log-group:{LOG_GROUP}:*"},
            {"Sid": "ReadDbSecret", "Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
             "Resource": secret_arn},
        ],
    }))
