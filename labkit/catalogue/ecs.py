"""ECS tasks: the seed's Fargate service (``ecs.fargate_service``).

The checks judge the task definition revision the service actually runs (a
newer registered revision changes nothing until the service is updated to it),
resolve the DB_PASSWORD secret the way ECS does (full ARN, partial ARN without
the random suffix, or name; a ``:json-key:...`` tail allowed), and accept
Fargate chosen either by launch type or by a capacity provider strategy.

moto gaps met here: ``create_service`` drops ``capacityProviderStrategy`` and
records launch type EC2 (``update_service`` keeps a strategy, so the hint says
so); ``update_service(taskDefinition='family')`` stores the bare family, which
the grader resolves to the latest ACTIVE revision as AWS would have.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..grading import Check, Task
from ..i18n import and_, join, msg
from ..services.ec2 import THREE_TIER_SUBNETS
from ..services.ecs import DB_SECRET_NAME, EXECUTION_ROLE, LOG_GROUP, TASK_ROLE, revision_key
from ..snapread import dicts, listed, num, sub, text
from . import _network as net
from . import register

if TYPE_CHECKING:
    from ..lab import Lab

CLUSTER, FAMILY, SERVICE, CONTAINER = "my-cluster", "my-api-task", "my-api", "api"
FARGATE_PROVIDERS = ("FARGATE", "FARGATE_SPOT")
FSBP = "https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html"
DOC = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/"
Result = tuple[bool, str, str, str]


def _given(value: Any) -> bool:
    """Whether ``text(value)`` shows the value itself (and not its default)."""
    return isinstance(value, (str, int, float))


def _semi(items: list[Any]) -> Any:
    """"a; b; c", each part rendered in the finding's language."""
    return join("; ", items)


# -- reading the snapshot ------------------------------------------------------
def _region(snap: dict[str, Any]) -> str:
    return text(sub(snap, "labkit").get("region"))


def _cluster(snap: dict[str, Any]) -> dict[str, Any] | None:
    found = [c for c in dicts(sub(snap, "ecs"), "clusters") if c.get("clusterName") == CLUSTER]
    active = [c for c in found if c.get("status", "ACTIVE") == "ACTIVE"]
    return (active or found or [None])[0]


def _in_cluster(service: dict[str, Any], cluster: str) -> bool:
    arn = text(service.get("clusterArn"))
    return arn == cluster or arn.endswith(f":cluster/{cluster}")


def _service(snap: dict[str, Any]) -> tuple[dict[str, Any] | None, str]:
    """Service my-api of my-cluster (ACTIVE preferred), or None and why not."""
    named = [s for s in dicts(sub(snap, "ecs"), "services") if s.get("serviceName") == SERVICE]
    mine = [s for s in named if _in_cluster(s, CLUSTER)]
    active = [s for s in mine if s.get("status", "ACTIVE") == "ACTIVE"]
    if active:
        return active[0], ""
    if mine:
        return None, msg("service {service} in {cluster} is {status}, not ACTIVE", service=SERVICE, cluster=CLUSTER,
                         status=text(mine[0].get("status"), "?"))
    if named:
        where = text(named[0].get("clusterArn"), "?").rsplit("/", 1)[-1]
        return None, msg("service {service} is in cluster {where}, not in {cluster}", service=SERVICE, where=where,
                         cluster=CLUSTER)
    return None, msg("there is no service {service} in cluster {cluster}", service=SERVICE, cluster=CLUSTER)


def _latest(snap: dict[str, Any], family: str) -> str:
    arns = listed(sub(sub(snap, "ecs"), "task_definition_families"), family)
    return text(arns[-1]) if arns else ""


def _find_definition(snap: dict[str, Any], ref: str) -> dict[str, Any] | None:
    """The definition ``ref`` names: a full ARN, ``family:revision`` or a bare family (latest ACTIVE)."""
    definitions = dicts(sub(snap, "ecs"), "task_definitions")
    family, revision = revision_key(ref)
    if revision < 0:  # a bare family: the latest ACTIVE revision (AWS resolves it the same way)
        ref = _latest(snap, family)
        family, revision = revision_key(ref) if ref else (family, -1)
    for definition in definitions:
        if revision_key(text(definition.get("taskDefinitionArn"))) == (family, revision):
            return definition
    return None


def _judged(snap: dict[str, Any]) -> tuple[dict[str, Any] | None, str]:
    """(definition to judge, label or reason it is missing).

    The revision service my-api runs; before the service exists, the latest
    revision of my-api-task (so the learner gets feedback step by step).
    """
    service, _ = _service(snap)
    if service is not None:
        ref = text(service.get("taskDefinition"))
        definition = _find_definition(snap, ref) if ref else None
        if definition is None:
            if not ref:
                return None, msg("service {service} runs task definition (none), which is not in the snapshot",
                                 service=SERVICE)
            return None, msg("service {service} runs task definition {ref}, which is not in the snapshot",
                             service=SERVICE, ref=ref)
        name = text(definition.get("taskDefinitionArn")).rsplit("/", 1)[-1]
        if revision_key(name)[0] != FAMILY:
            return None, msg("service {service} runs {name}, not a revision of {family}", service=SERVICE, name=name,
                             family=FAMILY)
        return definition, msg("{name} (run by service {service})", name=name, service=SERVICE)
    latest = _latest(snap, FAMILY)
    definition = _find_definition(snap, latest) if latest else None
    if definition is None:
        return None, msg("there is no ACTIVE task definition family {family}", family=FAMILY)
    return definition, msg("{name} (latest revision; service {service} not created yet)",
                           name=latest.rsplit("/", 1)[-1], service=SERVICE)


def _container(definition: dict[str, Any]) -> dict[str, Any] | None:
    found = [c for c in dicts(definition, "containerDefinitions") if c.get("name") == CONTAINER]
    return found[0] if found else None


REGISTER_HINT = msg(
    "ecs.register_task_definition(family='{family}', requiresCompatibilities=['FARGATE'], networkMode='awsvpc', "
    "cpu='512', memory='1024', executionRoleArn=..., taskRoleArn=..., containerDefinitions=[{{'name': "
    "'{container}', ...}}]); then point the service at it: ecs.update_service(cluster='{cluster}', "
    "service='{service}', taskDefinition='{family}')",
    family=FAMILY, container=CONTAINER, cluster=CLUSTER, service=SERVICE,
)


def _definition_check(judge: Any) -> Any:
    """Run ``judge(definition, label, snap)`` on the judged revision, or fail saying what is missing."""

    def run(snap: dict[str, Any]) -> Result:
        definition, label = _judged(snap)
        if definition is None:
            return False, FAMILY, label, REGISTER_HINT
        return judge(definition, label, snap)

    return run


def _container_check(judge: Any) -> Any:
    def on_definition(definition: dict[str, Any], label: str, snap: dict[str, Any]) -> Result:
        container = _container(definition)
        if container is None:
            names = ", ".join(sorted(text(c.get("name"), "?") for c in dicts(definition, "containerDefinitions")))
            missing = (msg("{label} has no container named {container} (found {names})", label=label,
                           container=CONTAINER, names=names) if names
                       else msg("{label} has no container named {container}", label=label, container=CONTAINER))
            return (False, label, missing,
                    msg("Register a new revision whose containerDefinitions include {{'name': '{container}', "
                        "'image': ..., 'essential': True, ...}}, and update the service to it.", container=CONTAINER))
        return judge(container, label, snap)

    return _definition_check(on_definition)


# -- cluster and task definition ----------------------------------------------
def _cluster_check(snap: dict[str, Any]) -> Result:
    cluster = _cluster(snap)
    if cluster is None:
        return (False, CLUSTER, msg("there is no ECS cluster {cluster}", cluster=CLUSTER),
                msg("ecs.create_cluster(clusterName='{cluster}', settings=[{{'name': 'containerInsights', "
                    "'value': 'enabled'}}])", cluster=CLUSTER))
    status = text(cluster.get("status"), "?")
    if status != "ACTIVE":
        return (False, CLUSTER, msg("cluster {cluster} is {status}", cluster=CLUSTER, status=status),
                msg("Create it again: ecs.create_cluster(clusterName='{cluster}')", cluster=CLUSTER))
    return (True, text(cluster.get("clusterArn"), CLUSTER), msg("cluster {cluster} is ACTIVE", cluster=CLUSTER), "")


def _cpu_units(value: Any) -> int | None:
    """Task cpu in units: '512', 512 or '0.5 vCPU' (AWS accepts both forms)."""
    raw = text(value).strip().lower()
    if raw.endswith("vcpu"):
        try:
            return round(float(raw[:-4].strip()) * 1024)
        except ValueError:
            return None
    return num(raw)


def _memory_mib(value: Any) -> int | None:
    """Task memory in MiB: '1024', 1024 or '1 GB'."""
    raw = text(value).strip().lower()
    if raw.endswith("gb"):
        try:
            return round(float(raw[:-2].strip()) * 1024)
        except ValueError:
            return None
    return num(raw)


def _fargate_definition(definition: dict[str, Any], label: str, snap: dict[str, Any]) -> Result:
    problems = []
    if "FARGATE" not in listed(definition, "requiresCompatibilities"):
        problems.append(msg("requiresCompatibilities is {value}, it must include FARGATE",
                            value=listed(definition, "requiresCompatibilities")))
    mode, cpu, memory = definition.get("networkMode"), definition.get("cpu"), definition.get("memory")
    if mode != "awsvpc":
        problems.append(msg("networkMode is {mode}, Fargate needs awsvpc", mode=text(mode)) if _given(mode)
                        else msg("networkMode is unset, Fargate needs awsvpc"))
    if _cpu_units(cpu) != 512:
        problems.append(msg("cpu is {cpu}, expected 512 (0.5 vCPU)", cpu=text(cpu)) if _given(cpu)
                        else msg("cpu is unset, expected 512 (0.5 vCPU)"))
    if _memory_mib(memory) != 1024:
        problems.append(msg("memory is {memory}, expected 1024 (1 GB)", memory=text(memory)) if _given(memory)
                        else msg("memory is unset, expected 1024 (1 GB)"))
    if problems:
        return (False, label, msg("{label}: {problems}", label=label, problems=_semi(problems)),
                msg("Task definitions are immutable: register a new revision with requiresCompatibilities=['FARGATE'], "
                    "networkMode='awsvpc', cpu='512', memory='1024' and update the service to it."))
    return True, label, msg("{label} is a Fargate task (awsvpc, 512 CPU units, 1024 MiB)", label=label), ""


def _role_names(snap: dict[str, Any]) -> dict[str, str]:
    """Every IAM role by ARN and by name, to its name."""
    found: dict[str, str] = {}
    for role in dicts(sub(snap, "iam"), "roles"):
        name = text(role.get("RoleName"))
        if name:
            found[name] = name
            found[text(role.get("Arn"), name)] = name
    return found


def _roles(definition: dict[str, Any], label: str, snap: dict[str, Any]) -> Result:
    roles = _role_names(snap)
    problems, named = [], []
    for key, none, known in (
        ("executionRoleArn", msg("no execution role (executionRoleArn)"),
         lambda role: msg("execution role {role}", role=role)),
        ("taskRoleArn", msg("no task role (taskRoleArn)"), lambda role: msg("task role {role}", role=role)),
    ):
        value = text(definition.get(key))
        if not value:
            problems.append(none)
        elif value not in roles:
            problems.append(msg("{key} {value} is not a role in this account", key=key, value=value))
        else:
            named.append(known(roles[value]))
    if problems:
        return (False, label, msg("{label}: {problems}", label=label, problems=_semi(problems)),
                msg("Set executionRoleArn to {execution_role}'s ARN (ECS uses it to pull the image, write logs and "
                    "read secrets) and taskRoleArn to {task_role}'s ARN (the app's own permissions): "
                    "iam.get_role(RoleName=...)['Role']['Arn'].", execution_role=EXECUTION_ROLE, task_role=TASK_ROLE))
    return True, label, msg("{label} has {roles}", label=label, roles=and_(named)), ""


def _port(container: dict[str, Any], label: str, snap: dict[str, Any]) -> Result:
    for mapping in dicts(container, "portMappings"):
        if num(mapping.get("containerPort")) == 8080 and text(mapping.get("protocol"), "tcp").lower() == "tcp":
            return (True, label, msg("container {container} of {label} listens on 8080/tcp", container=CONTAINER,
                                     label=label), "")
    ports = ", ".join(f"{text(m.get('containerPort'), '?')}/{text(m.get('protocol'), 'tcp')}"
                      for m in dicts(container, "portMappings"))
    found = (msg("container {container} of {label} has {ports}, not 8080/tcp", container=CONTAINER, label=label,
                 ports=ports) if ports
             else msg("container {container} of {label} has no port mappings, not 8080/tcp", container=CONTAINER,
                      label=label))
    return (False, label, found,
            msg("portMappings=[{{'containerPort': 8080, 'protocol': 'tcp'}}] (with awsvpc, hostPort equals "
                "containerPort)."))


# -- the DB password secret ------------------------------------------------------
def _secret_for(value_from: str, snap: dict[str, Any]) -> dict[str, Any] | None:
    """The Secrets Manager secret ``valueFrom`` names, as ECS resolves it."""
    secrets = dicts(sub(snap, "secretsmanager"), "secrets")
    if value_from.startswith("arn:"):
        parts = value_from.split(":")
        if len(parts) < 7 or parts[2] != "secretsmanager" or parts[5] != "secret":
            return None
        base = ":".join(parts[:7])  # drops an optional ':json-key:version-stage:version-id' tail
        for secret in secrets:
            arn, name = text(secret.get("ARN")), text(secret.get("Name"))
            prefix = arn.rsplit(":secret:", 1)[0]
            if base in (arn, f"{prefix}:secret:{name}"):  # full ARN, or partial ARN without the suffix
                return secret
        return None
    name = value_from.split(":", 1)[0]
    for secret in secrets:
        if text(secret.get("Name")) == name:
            return secret
    return None


def _secret(container: dict[str, Any], label: str, snap: dict[str, Any]) -> Result:
    hint = msg("secrets=[{{'name': 'DB_PASSWORD', 'valueFrom': <ARN of the {secret} secret>}}] in the container "
               "definition (never in environment: plain variables are readable by anyone who can describe the task "
               "definition); the execution role must be allowed secretsmanager:GetSecretValue on it.",
               secret=DB_SECRET_NAME)
    plain = [e for e in dicts(container, "environment") if e.get("name") == "DB_PASSWORD"]
    if plain:
        return (False, label, msg("container {container} of {label} passes DB_PASSWORD as a plain environment "
                                  "variable (ECS.8): the password is readable in the task definition",
                                  container=CONTAINER, label=label), hint)
    entries = [s for s in dicts(container, "secrets") if s.get("name") == "DB_PASSWORD"]
    if not entries:
        return (False, label, msg("container {container} of {label} has no secret DB_PASSWORD", container=CONTAINER,
                                  label=label), hint)
    value_from = text(entries[0].get("valueFrom"))
    if value_from.startswith("arn:") and ":ssm:" in value_from:
        return (False, label, msg("DB_PASSWORD comes from a Systems Manager parameter ({value_from}); the task asks "
                                  "for a Secrets Manager secret", value_from=value_from), hint)
    secret = _secret_for(value_from, snap)
    if secret is None:
        return (False, label,
                msg("DB_PASSWORD's valueFrom {value_from} is not an existing Secrets Manager secret",
                    value_from=value_from) if value_from
                else msg("DB_PASSWORD's valueFrom (empty) is not an existing Secrets Manager secret"), hint)
    return (True, label, msg("DB_PASSWORD comes from Secrets Manager secret {name}", name=text(secret.get("Name"))),
            "")


def _logging(container: dict[str, Any], label: str, snap: dict[str, Any]) -> Result:
    config = sub(container, "logConfiguration")
    options = sub(config, "options")
    hint = msg("logConfiguration={{'logDriver': 'awslogs', 'options': {{'awslogs-group': '{group}', "
               "'awslogs-region': '{region}', 'awslogs-stream-prefix': 'ecs'}}}}, and "
               "create the group first: logs.create_log_group(logGroupName='{group}')",
               group=LOG_GROUP, region=_region(snap) or "ap-northeast-2")
    if config.get("logDriver") != "awslogs":
        driver = text(config.get("logDriver"))
        return (False, label,
                msg("container {container} of {label} logs with {driver}, not awslogs", container=CONTAINER,
                    label=label, driver=driver) if driver
                else msg("container {container} of {label} has no log configuration (ECS.9)", container=CONTAINER,
                         label=label), hint)
    group = text(options.get("awslogs-group"))
    if group != LOG_GROUP:
        return (False, label,
                msg("container {container} logs to group {group}, expected {expected}", container=CONTAINER,
                    group=group, expected=LOG_GROUP) if group
                else msg("container {container} logs to group (none), expected {expected}", container=CONTAINER,
                         expected=LOG_GROUP), hint)
    region = text(options.get("awslogs-region"))
    if region and _region(snap) and region != _region(snap):
        return (False, label, msg("awslogs-region is {region}, but the task runs in {lab_region}", region=region,
                                  lab_region=_region(snap)), hint)
    groups = {text(g.get("logGroupName")) for g in dicts(sub(snap, "logs"), "log_groups")}
    if LOG_GROUP not in groups and text(options.get("awslogs-create-group")).lower() != "true":
        return (False, label,
                msg("log group {group} does not exist, so the awslogs driver cannot write to it", group=LOG_GROUP),
                msg("logs.create_log_group(logGroupName='{group}'), ideally with "
                    "logs.put_retention_policy(logGroupName='{group}', retentionInDays=30)", group=LOG_GROUP))
    return (True, label, msg("container {container} sends its logs to CloudWatch Logs group {group}",
                             container=CONTAINER, group=LOG_GROUP), "")


def _health(container: dict[str, Any], label: str, snap: dict[str, Any]) -> Result:
    command = listed(sub(container, "healthCheck"), "command")
    if len(command) >= 2 and command[0] in ("CMD", "CMD-SHELL"):
        return (True, label, msg("container {container} has a health check ({kind})", container=CONTAINER,
                                 kind=text(command[0])), "")
    return (False, label, msg("container {container} of {label} has no health check", container=CONTAINER,
                              label=label),
            msg("healthCheck={{'command': ['CMD-SHELL', 'curl -f http://localhost:8080/health || exit 1'], "
                "'interval': 30, 'timeout': 5, 'retries': 3, 'startPeriod': 60}}"))


# -- the service -------------------------------------------------------------------
CREATE_SERVICE_HINT = msg(
    "ecs.create_service(cluster='{cluster}', serviceName='{service}', taskDefinition='{family}', desiredCount=2, "
    "launchType='FARGATE', networkConfiguration={{'awsvpcConfiguration': {{'subnets': [<the two app subnets>], "
    "'securityGroups': [<app-sg>], 'assignPublicIp': 'DISABLED'}}}})",
    cluster=CLUSTER, service=SERVICE, family=FAMILY,
)


def _service_check(judge: Any) -> Any:
    def run(snap: dict[str, Any]) -> Result:
        service, why = _service(snap)
        if service is None:
            return False, SERVICE, why, CREATE_SERVICE_HINT
        return judge(service, text(service.get("serviceArn"), SERVICE), snap)

    return run


def _fargate_service(service: dict[str, Any], arn: str, snap: dict[str, Any]) -> Result:
    strategy = dicts(service, "capacityProviderStrategy")
    if strategy:  # a strategy decides where tasks run (launchType is then absent in AWS)
        used = sorted({text(s.get("capacityProvider"), "?") for s in strategy
                       if (num(s.get("weight")) or 0) > 0 or (num(s.get("base")) or 0) > 0})
        if used and all(p in FARGATE_PROVIDERS for p in used):
            return (True, arn, msg("service {service} runs on Fargate (capacity providers {providers})",
                                   service=SERVICE, providers=", ".join(used)), "")
        return (False, arn,
                msg("service {service}'s capacity provider strategy uses {providers}, not only Fargate",
                    service=SERVICE, providers=", ".join(used)) if used
                else msg("service {service}'s capacity provider strategy uses nothing, not only Fargate",
                         service=SERVICE),
                msg("capacityProviderStrategy=[{{'capacityProvider': 'FARGATE', 'weight': 1}}]"))
    launch = service.get("launchType")
    if launch == "FARGATE":
        return True, arn, msg("service {service} runs on Fargate (launch type FARGATE)", service=SERVICE), ""
    return (False, arn,
            msg("service {service} has launch type {launch}, not FARGATE", service=SERVICE, launch=text(launch))
            if _given(launch) else msg("service {service} has launch type unset, not FARGATE", service=SERVICE),
            msg("The launch type cannot change: delete the service (ecs.delete_service(..., force=True)) and create it "
                "with launchType='FARGATE' (or a FARGATE capacity provider strategy). Note: this offline account "
                "(moto) forgets a capacityProviderStrategy given to create_service and records launch type EC2; "
                "set the strategy with ecs.update_service(..., capacityProviderStrategy=[{{'capacityProvider': "
                "'FARGATE', 'weight': 1}}], forceNewDeployment=True) instead."))


def _desired(service: dict[str, Any], arn: str, snap: dict[str, Any]) -> Result:
    count = num(service.get("desiredCount"))
    if count is not None and count >= 2:
        return True, arn, msg("service {service} keeps {count} tasks running", service=SERVICE, count=count), ""
    wanted = service.get("desiredCount")
    return (False, arn,
            msg("service {service} wants {count} task(s); at least 2 keep it up when one task or one AZ fails",
                service=SERVICE, count=text(wanted)) if _given(wanted)
            else msg("service {service} wants no task(s); at least 2 keep it up when one task or one AZ fails",
                     service=SERVICE),
            msg("ecs.update_service(cluster='{cluster}', service='{service}', desiredCount=2)", cluster=CLUSTER,
                service=SERVICE))


def _awsvpc(service: dict[str, Any]) -> dict[str, Any]:
    return sub(sub(service, "networkConfiguration"), "awsvpcConfiguration")


def app_subnet_problem(snap: dict[str, Any], subnet_ids: list[Any], what: str) -> str:
    """Why ``subnet_ids`` are not exactly the two app subnets of VPC main ("" when they are).

    ``what`` names the user of the subnets in a sentence (a :func:`~labkit.i18n.msg`).
    """
    vpc = net.vpc_named(snap, "main")
    if vpc is None:
        return msg("there is no VPC tagged Name=main (build it first)")
    by_id = {text(s.get("SubnetId")): s for s in net.items(snap, "subnets")}
    in_main = {text(s.get("CidrBlock")): text(s.get("SubnetId")) for s in net.subnets_of(snap, text(vpc.get("VpcId")))}
    app = {in_main[c] for c in THREE_TIER_SUBNETS["app"] if c in in_main}
    if len(app) < 2:
        return msg("VPC main does not have both app subnets (10.0.10.0/24, 10.0.11.0/24)")
    chosen = {text(s) for s in subnet_ids}
    tiers = {c: t for t, cidrs in THREE_TIER_SUBNETS.items() for c in cidrs}

    def describe(sid: str) -> Any:
        subnet = by_id.get(sid)
        if subnet is None:
            return msg("{subnet} (unknown)", subnet=sid)
        cidr = text(subnet.get("CidrBlock"))
        tier = tiers.get(cidr) if subnet.get("VpcId") == vpc.get("VpcId") else None
        return msg("{cidr} ({tier})", cidr=cidr, tier=tier) if tier else msg("{cidr} (not an app subnet of main)",
                                                                                cidr=cidr)

    problems = []
    extra = sorted(chosen - app)
    if extra:
        used = join(", ", [describe(sid) for sid in extra])
        problems.append(msg("{what} uses {subnets}", what=what, subnets=used))
    missing = sorted(app - chosen)
    if missing:
        cidrs = ", ".join(sorted(text(by_id.get(s, {}).get("CidrBlock"), s) for s in missing))
        problems.append(msg("{what} leaves out app subnets {cidrs}", what=what, cidrs=cidrs) if len(missing) > 1
                        else msg("{what} leaves out app subnet {cidrs}", what=what, cidrs=cidrs))
    return _semi(problems)


def _subnets(service: dict[str, Any], arn: str, snap: dict[str, Any]) -> Result:
    subnets = listed(_awsvpc(service), "subnets")
    if not subnets:
        return (False, arn, msg("service {service} has no awsvpc network configuration", service=SERVICE),
                CREATE_SERVICE_HINT)
    problem = app_subnet_problem(snap, subnets, msg("service {service}", service=SERVICE))
    if problem:
        return (False, arn, problem,
                msg("ecs.update_service(cluster='{cluster}', service='{service}', networkConfiguration={{"
                    "'awsvpcConfiguration': {{'subnets': [<10.0.10.0/24 id>, <10.0.11.0/24 id>], 'securityGroups': "
                    "[<app-sg>], 'assignPublicIp': 'DISABLED'}}}})", cluster=CLUSTER, service=SERVICE))
    return (True, arn, msg("service {service} runs in the two app subnets (10.0.10.0/24, 10.0.11.0/24)",
                           service=SERVICE), "")


def _no_public_ip(service: dict[str, Any], arn: str, snap: dict[str, Any]) -> Result:
    config = _awsvpc(service)
    if not config:
        return (False, arn, msg("service {service} has no awsvpc network configuration", service=SERVICE),
                CREATE_SERVICE_HINT)
    if text(config.get("assignPublicIp"), "DISABLED") == "ENABLED":
        return (False, arn, msg("service {service} gives its tasks public IP addresses (ECS.2)", service=SERVICE),
                msg("ecs.update_service(cluster='{cluster}', service='{service}', networkConfiguration={{"
                    "'awsvpcConfiguration': {{..., 'assignPublicIp': 'DISABLED'}}}}): the app subnets reach the "
                    "internet (ECR, Secrets Manager) through the NAT gateway.", cluster=CLUSTER, service=SERVICE))
    return True, arn, msg("service {service}'s tasks get no public IP addresses", service=SERVICE), ""


# -- the reference solution ------------------------------------------------------------
def solve_fargate_service(lab: Lab) -> None:
    """Build everything the task asks for, on top of the ``ecs-prereqs`` starter."""
    ec2, ecs, iam = lab.client("ec2"), lab.client("ecs"), lab.client("iam")
    vpc_id = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["main"]}])["Vpcs"][0]["VpcId"]
    app_subnets = [s["SubnetId"] for s in ec2.describe_subnets(Filters=[
        {"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "cidr-block", "Values": list(THREE_TIER_SUBNETS["app"])}])["Subnets"]]
    app_sg = ec2.describe_security_groups(Filters=[
        {"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "group-name", "Values": ["app-sg"]}])["SecurityGroups"][0]
    secret_arn = lab.client("secretsmanager").describe_secret(SecretId=DB_SECRET_NAME)["ARN"]
    logs = lab.client("logs")
    logs.create_log_group(logGroupName=LOG_GROUP)
    logs.put_retention_policy(logGroupName=LOG_GROUP, retentionInDays=30)
    ecs.create_cluster(clusterName=CLUSTER, settings=[{"name": "containerInsights", "value": "enabled"}])
    ecs.register_task_definition(
        family=FAMILY,
        requiresCompatibilities=["FARGATE"],
        networkMode="awsvpc",
        cpu="512",
        memory="1024",
        executionRoleArn=iam.get_role(RoleName=EXECUTION_ROLE)["Role"]["Arn"],
        taskRoleArn=iam.get_role(RoleName=TASK_ROLE)["Role"]["Arn"],
        containerDefinitions=[{
            "name": CONTAINER,
            "image": f"{lab.account_id}.dkr.ecr.{lab.region}.amazonaws.com/my-api:latest",
            "essential": True,
            "portMappings": [{"containerPort": 8080, "protocol": "tcp"}],
            "environment": [{"name": "NODE_ENV", "value": "production"}],
            "secrets": [{"name": "DB_PASSWORD", "valueFrom": secret_arn}],
            "logConfiguration": {"logDriver": "awslogs", "options": {
                "awslogs-group": LOG_GROUP, "awslogs-region": lab.region, "awslogs-stream-prefix": "ecs"}},
            "healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"],
                            "interval": 30, "timeout": 5, "retries": 3, "startPeriod": 60},
        }],
    )
    ecs.create_service(
        cluster=CLUSTER,
        serviceName=SERVICE,
        taskDefinition=FAMILY,
        desiredCount=2,
        launchType="FARGATE",
        networkConfiguration={"awsvpcConfiguration": {
            "subnets": sorted(app_subnets), "securityGroups": [app_sg["GroupId"]], "assignPublicIp": "DISABLED"}},
    )


register(Task(
    id="ecs.fargate_service",
    topic="ecs",
    title="Run the API on ECS Fargate",
    text=(
        "Run the seed's API container on Amazon ECS with Fargate, the serverless launch type (서버리스: no EC2 "
        f"instances to manage). The starter gives you VPC `main` with its security groups, the secret "
        f"`{DB_SECRET_NAME}` in Secrets Manager, the task execution role `{EXECUTION_ROLE}` and the task role "
        f"`{TASK_ROLE}`.\n\n"
        f"1. Create cluster `{CLUSTER}` (Container Insights is a good idea).\n"
        f"2. Create the CloudWatch Logs group `{LOG_GROUP}`.\n"
        f"3. Register task definition family `{FAMILY}` as in the seed: requiresCompatibilities FARGATE, "
        "networkMode `awsvpc`, cpu `512` (0.5 vCPU), memory `1024` (MiB), the execution role and the task role, "
        f"and one essential container `{CONTAINER}` that listens on 8080/tcp, gets DB_PASSWORD from the secret "
        "(as a secret, never as a plain environment variable), logs with the `awslogs` driver to "
        f"`{LOG_GROUP}`, and has a health check (e.g. `curl -f http://localhost:8080/health` every 30 s, "
        "timeout 5 s, 3 retries, 60 s start period).\n"
        f"4. Create service `{SERVICE}` (ECS 서비스) in `{CLUSTER}` keeping at least 2 tasks running on Fargate, "
        "in the two app subnets of `main` (10.0.10.0/24 and 10.0.11.0/24, one per 가용 영역) with a security "
        "group such as `app-sg`, and without public IP addresses.\n\n"
        "The grader judges the task definition revision the service actually runs."
    ),
    starter="ecs-prereqs",
    solution=solve_fargate_service,
    services=("ec2", "iam", "secretsmanager", "logs", "ecs"),
    checks=(
        Check("ecs.cluster", 1, msg("cluster {cluster}", cluster=CLUSTER), _cluster_check,
              DOC + "create-cluster.html"),
        Check("ecs.fargate_task", 2, msg("Fargate task size and network mode"),
              _definition_check(_fargate_definition), DOC + "fargate-tasks-services.html"),
        Check("ecs.task_roles", 2, msg("execution and task roles"), _definition_check(_roles),
              DOC + "task_execution_IAM_role.html"),
        Check("ecs.container_port", 1, msg("container {container} on 8080/tcp", container=CONTAINER),
              _container_check(_port),
              DOC + "task_definition_parameters.html#container_definition_portmappings"),
        Check("ECS.8", 2, msg("DB_PASSWORD from Secrets Manager"), _container_check(_secret),
              DOC + "secrets-envvar-secrets-manager.html"),
        Check("ECS.9", 2, msg("awslogs to {group}", group=LOG_GROUP), _container_check(_logging),
              DOC + "using_awslogs.html"),
        Check("ecs.health_check", 1, msg("container health check"), _container_check(_health),
              DOC + "task_definition_parameters.html#container_definition_healthcheck"),
        Check("ecs.fargate_service", 2, msg("service {service} on Fargate", service=SERVICE),
              _service_check(_fargate_service), DOC + "launch_types.html"),
        Check("ecs.desired_count", 1, msg("at least two tasks"), _service_check(_desired),
              DOC + "service_definition_parameters.html"),
        Check("ecs.app_subnets", 2, msg("tasks in the app subnets"), _service_check(_subnets),
              DOC + "fargate-task-networking.html"),
        Check("ECS.2", 2, msg("no public IPs for tasks"), _service_check(_no_public_ip), FSBP + "#ecs-2"),
    ),
))
