"""The graders graded: ecs.fargate_service. Starter scores 0, the reference solution
full marks, each named near miss loses exactly the check that should fail, the
revision the service runs is what counts, and other correct builds (secret by
name, capacity provider strategy, task size in vCPU/GB) score full marks."""

from __future__ import annotations

import copy
import json

import pytest

import labkit
from labkit.catalogue import grade, grade_snapshot, task
from labkit.catalogue.ecs import solve_fargate_service
from labkit.iam import evaluate
from labkit.services.ecs import DB_SECRET_NAME, EXECUTION_ROLE, LOG_GROUP, TASK_ROLE

TASK = "ecs.fargate_service"


def failed(result):
    return sorted(f.check for f in result.findings if not f.passed)


def _subnets(lab, *cidrs):
    found = lab.client("ec2").describe_subnets(Filters=[{"Name": "cidr-block", "Values": list(cidrs)}])["Subnets"]
    return sorted(s["SubnetId"] for s in found)


def _app_sg(lab):
    return lab.client("ec2").describe_security_groups(
        Filters=[{"Name": "group-name", "Values": ["app-sg"]}])["SecurityGroups"][0]["GroupId"]


def _current_definition(lab):
    ecs = lab.client("ecs")
    arn = ecs.describe_services(cluster="my-cluster", services=["my-api"])["services"][0]["taskDefinition"]
    return ecs.describe_task_definition(taskDefinition=arn)["taskDefinition"]


_REGISTER_KEYS = ("family", "taskRoleArn", "executionRoleArn", "networkMode", "containerDefinitions",
                  "requiresCompatibilities", "cpu", "memory")


def _new_revision(lab, change, *, deploy=True):
    """Register the running definition again with ``change(container)`` applied; deploy it if asked."""
    ecs = lab.client("ecs")
    old = _current_definition(lab)
    kwargs = {k: copy.deepcopy(old[k]) for k in _REGISTER_KEYS if k in old}
    change(kwargs["containerDefinitions"][0])
    arn = ecs.register_task_definition(**kwargs)["taskDefinition"]["taskDefinitionArn"]
    if deploy:
        ecs.update_service(cluster="my-cluster", service="my-api", taskDefinition=arn)
    return arn


def test_starter_scores_zero_and_solution_full_marks():
    chosen = task(TASK)
    assert chosen.starter == "ecs-prereqs" and chosen.max_score == 18
    with labkit.Lab(chosen.starter) as lab:
        start = grade(TASK, lab, record=False)
        assert start.score == 0, repr(start)
        chosen.solution(lab)
        done = grade(TASK, lab, record=False)
        snap = lab.snapshot(["ecs", "secretsmanager", "logs"])
    assert done.passed and done.score == done.max_score == chosen.max_score, repr(done)
    # What the snapshot keeps: the running revision in full, no secret values, no per-run noise.
    definition = snap["ecs"]["task_definitions"][0]
    assert definition["containerDefinitions"][0]["healthCheck"]["command"][0] == "CMD-SHELL"
    assert snap["ecs"]["task_definition_families"] == {"my-api-task": [definition["taskDefinitionArn"]]}
    service = snap["ecs"]["services"][0]
    assert service["networkConfiguration"]["awsvpcConfiguration"]["assignPublicIp"] == "DISABLED"
    assert "id" not in service["deployments"][0] and "events" not in service
    assert snap["ecs"]["clusters"][0]["settings"] == [{"name": "containerInsights", "value": "enabled"}]
    assert [s["Name"] for s in snap["secretsmanager"]["secrets"]] == [DB_SECRET_NAME]
    assert "not-a-real-password" not in json.dumps(snap)
    assert snap["logs"]["log_groups"] == [{
        "logGroupName": LOG_GROUP, "logGroupArn": f"arn:aws:logs:ap-northeast-2:123456789012:log-group:{LOG_GROUP}",
        "retentionInDays": 30, "kmsKeyId": None, "logGroupClass": None}]


def test_starter_provides_only_the_prerequisites():
    with labkit.Lab("ecs-prereqs") as lab:
        snap = lab.snapshot(["iam", "secretsmanager", "ecs", "logs"])
    assert snap["ecs"] == {"clusters": [], "task_definition_families": {}, "task_definitions": [], "services": []}
    assert snap["logs"]["log_groups"] == []
    secret_arn = snap["secretsmanager"]["secrets"][0]["ARN"]
    roles = {r["RoleName"]: r for r in snap["iam"]["roles"]}
    for name in (EXECUTION_ROLE, TASK_ROLE):
        assert roles[name]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {
            "Service": "ecs-tasks.amazonaws.com"}
    policies = list(roles[EXECUTION_ROLE]["InlinePolicies"].values())
    assert evaluate(policies, "secretsmanager:GetSecretValue", secret_arn).decision == "allowed"
    other = secret_arn.replace("prod/db-password", "prod/other")
    assert evaluate(policies, "secretsmanager:GetSecretValue", other).decision == "implicitDeny"
    assert roles[TASK_ROLE]["InlinePolicies"] == {} and roles[TASK_ROLE]["AttachedPolicies"] == []


# -- near misses: the solution, then one change ------------------------------------------
def _public_ip(lab):
    lab.client("ecs").update_service(cluster="my-cluster", service="my-api", networkConfiguration={
        "awsvpcConfiguration": {"subnets": _subnets(lab, "10.0.10.0/24", "10.0.11.0/24"),
                                "securityGroups": [_app_sg(lab)], "assignPublicIp": "ENABLED"}})


def _one_task(lab):
    lab.client("ecs").update_service(cluster="my-cluster", service="my-api", desiredCount=1)


def _password_in_environment(lab):
    def change(container):
        container.pop("secrets")
        container["environment"].append({"name": "DB_PASSWORD", "value": "not-a-real-password-1"})

    _new_revision(lab, change)


def _no_health_check(lab):
    _new_revision(lab, lambda container: container.pop("healthCheck"))


def _public_subnets(lab):
    lab.client("ecs").update_service(cluster="my-cluster", service="my-api", networkConfiguration={
        "awsvpcConfiguration": {"subnets": _subnets(lab, "10.0.0.0/24", "10.0.1.0/24"),
                                "securityGroups": [_app_sg(lab)], "assignPublicIp": "DISABLED"}})


def _fixed_but_not_deployed(lab):
    _no_health_check(lab)  # deployed: the service runs a revision without a health check
    _new_revision(lab, lambda container: container.update(healthCheck={"command": ["CMD", "true"]}), deploy=False)


def _secret_deleted(lab):
    lab.client("secretsmanager").delete_secret(SecretId=DB_SECRET_NAME, ForceDeleteWithoutRecovery=True)


def _no_log_group(lab):
    lab.client("logs").delete_log_group(logGroupName=LOG_GROUP)


def _ec2_launch_type(lab):
    ecs = lab.client("ecs")
    ecs.delete_service(cluster="my-cluster", service="my-api", force=True)
    ecs.create_service(cluster="my-cluster", serviceName="my-api", taskDefinition="my-api-task:1", desiredCount=2,
                       launchType="EC2", networkConfiguration={"awsvpcConfiguration": {
                           "subnets": _subnets(lab, "10.0.10.0/24", "10.0.11.0/24"),
                           "securityGroups": [_app_sg(lab)]}})


@pytest.mark.parametrize(
    ("near_miss", "expected"),
    [
        (_public_ip, ["ECS.2"]),
        (_one_task, ["ecs.desired_count"]),
        (_password_in_environment, ["ECS.8"]),
        (_no_health_check, ["ecs.health_check"]),
        (_public_subnets, ["ecs.app_subnets"]),
        (_fixed_but_not_deployed, ["ecs.health_check"]),
        (_secret_deleted, ["ECS.8"]),
        (_no_log_group, ["ECS.9"]),
        (_ec2_launch_type, ["ecs.fargate_service"]),
    ],
    ids=["assign-public-ip", "desired-count-1", "password-in-environment", "no-health-check",
         "public-subnets", "fixed-revision-not-deployed", "secret-deleted", "log-group-missing", "ec2-launch-type"],
)
def test_near_misses(near_miss, expected):
    with labkit.Lab("ecs-prereqs") as lab:
        solve_fargate_service(lab)
        near_miss(lab)
        result = grade(TASK, lab, record=False)
    assert failed(result) == expected, repr(result)
    lost = sum(f.max_points for f in result.findings if not f.passed)
    assert result.score == result.max_score - lost
    for finding in result.findings:
        if not finding.passed:
            assert finding.hint and finding.link.startswith("https://docs.aws.amazon.com/")


def test_other_correct_build_scores_full_marks():
    """Service first at one task, secret by its partial ARN (as in the seed), task size in vCPU/GB,
    the task role by name, a newer revision deployed later, Fargate chosen by a capacity provider strategy."""
    with labkit.Lab("ecs-prereqs", seed=3) as lab:
        ecs, logs = lab.client("ecs"), lab.client("logs")
        execution_arn = lab.client("iam").get_role(RoleName=EXECUTION_ROLE)["Role"]["Arn"]
        partial = f"arn:aws:secretsmanager:{lab.region}:{lab.account_id}:secret:{DB_SECRET_NAME}"
        container = {
            "name": "api", "image": "my-api:1", "essential": True,
            "portMappings": [{"containerPort": 8080}],  # protocol defaults to tcp
            "secrets": [{"name": "DB_PASSWORD", "valueFrom": partial}],
            "logConfiguration": {"logDriver": "awslogs", "options": {
                "awslogs-group": LOG_GROUP, "awslogs-stream-prefix": "api"}},
        }
        first = ecs.register_task_definition(
            family="my-api-task", requiresCompatibilities=["FARGATE"], networkMode="awsvpc", cpu="0.5 vCPU",
            memory="1 GB", executionRoleArn=execution_arn, taskRoleArn=TASK_ROLE, containerDefinitions=[container],
        )["taskDefinition"]
        logs.create_log_group(logGroupName=LOG_GROUP)
        ecs.create_cluster(clusterName="my-cluster")
        ecs.create_service(cluster="my-cluster", serviceName="my-api", taskDefinition=first["taskDefinitionArn"],
                           desiredCount=1, capacityProviderStrategy=[{"capacityProvider": "FARGATE", "weight": 1}],
                           networkConfiguration={"awsvpcConfiguration": {
                               "subnets": _subnets(lab, "10.0.11.0/24", "10.0.10.0/24"),
                               "securityGroups": [_app_sg(lab)]}})
        assert grade(TASK, lab, record=False).score < task(TASK).max_score  # no health check, one task yet
        container["healthCheck"] = {"command": ["CMD", "/bin/healthcheck"], "interval": 30}
        second = ecs.register_task_definition(
            family="my-api-task", requiresCompatibilities=["FARGATE"], networkMode="awsvpc", cpu="0.5 vCPU",
            memory="1 GB", executionRoleArn=execution_arn, taskRoleArn=TASK_ROLE, containerDefinitions=[container],
        )["taskDefinition"]
        # moto drops capacityProviderStrategy on create_service (AWS keeps it); it keeps it on update_service,
        # which is also how AWS moves a service onto a strategy (with a forced new deployment).
        ecs.update_service(cluster="my-cluster", service="my-api", taskDefinition="my-api-task", desiredCount=3,
                           capacityProviderStrategy=[{"capacityProvider": "FARGATE", "weight": 1}],
                           forceNewDeployment=True)
        result = grade(TASK, lab, record=False)
    assert second["revision"] == 2
    assert result.passed, repr(result)


# -- submission-level forms moto cannot produce, graded from an edited snapshot ------------------
_SOLVED: dict[str, dict] = {}


@pytest.fixture
def solved_snapshot():
    """The solution's snapshot, built once for this module (inside the decoy environment)."""
    if not _SOLVED:
        with labkit.Lab("ecs-prereqs") as lab:
            solve_fargate_service(lab)
            _SOLVED["snap"] = lab.snapshot(task(TASK).services)
    return _SOLVED["snap"]


def _edit(snapshot, **changes):
    snap = copy.deepcopy(snapshot)
    container = snap["ecs"]["task_definitions"][0]["containerDefinitions"][0]
    service = snap["ecs"]["services"][0]
    for key, value in changes.items():
        target, field = key.split("__")
        {"container": container, "service": service}[target][field] = value
    return snap


def _secret_ref(form):
    arn = f"arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:{DB_SECRET_NAME}"
    return {"partial": arn, "name": DB_SECRET_NAME, "json-key": arn + ":password::",
            "other-name": "prod/other", "ssm": "arn:aws:ssm:ap-northeast-2:123456789012:parameter/db"}[form]


@pytest.mark.parametrize(("form", "passes"), [("partial", True), ("name", True), ("json-key", True),
                                              ("other-name", False), ("ssm", False)])
def test_secret_reference_forms(solved_snapshot, form, passes):
    snap = _edit(solved_snapshot, container__secrets=[{"name": "DB_PASSWORD", "valueFrom": _secret_ref(form)}])
    result = grade_snapshot(TASK, snap)
    assert failed(result) == ([] if passes else ["ECS.8"]), repr(result)


@pytest.mark.parametrize(("strategy", "passes"), [
    ([{"capacityProvider": "FARGATE_SPOT", "weight": 1}], True),
    ([{"capacityProvider": "FARGATE", "base": 2, "weight": 1},
      {"capacityProvider": "FARGATE_SPOT", "weight": 3}], True),
    ([{"capacityProvider": "my-ec2-asg-provider", "weight": 1}], False),
    ([{"capacityProvider": "FARGATE", "weight": 1}, {"capacityProvider": "my-ec2-asg-provider", "weight": 1}], False),
])
def test_capacity_provider_strategies(solved_snapshot, strategy, passes):
    snap = _edit(solved_snapshot, service__capacityProviderStrategy=strategy)
    del snap["ecs"]["services"][0]["launchType"]  # AWS reports no launch type for a strategy
    result = grade_snapshot(TASK, snap)
    assert failed(result) == ([] if passes else ["ecs.fargate_service"]), repr(result)


@pytest.mark.parametrize("bad", [
    {"ecs": {"services": [{"serviceName": "my-api", "clusterArn": 5, "networkConfiguration": "x"}],
             "task_definitions": [None, {"taskDefinitionArn": 3}], "task_definition_families": []}},
    {"ecs": {"clusters": [{"clusterName": "my-cluster", "status": "ACTIVE"}],
             "services": [{"serviceName": "my-api", "clusterArn": "arn:aws:ecs:x:1:cluster/my-cluster",
                           "taskDefinition": "my-api-task:x", "desiredCount": "many",
                           "capacityProviderStrategy": [{"weight": "1"}], "networkConfiguration": {
                               "awsvpcConfiguration": {"subnets": "subnet-1", "assignPublicIp": ["ENABLED"]}}}],
             "task_definition_families": {"my-api-task": "arn"},
             "task_definitions": [{"taskDefinitionArn": "my-api-task:1", "containerDefinitions": [
                 {"name": "api", "secrets": "DB_PASSWORD", "healthCheck": {"command": "CMD"},
                  "logConfiguration": {"logDriver": "awslogs", "options": None}}]}]},
     "secretsmanager": {"secrets": [None]}, "iam": {"roles": "x"}},
])
def test_odd_snapshots_give_findings(bad):
    result = grade_snapshot(TASK, bad)
    assert len(result.findings) == 11 and not result.passed
    assert all("could not check" not in f.message for f in result.findings), repr(result)
