"""EKS tasks: the seed's private cluster with a managed node group (``eks.private_cluster``).

Fields AWS fills with defaults may be absent when moto (or an older snapshot)
only echoes the request, so the checks read them with AWS's defaults: public
endpoint on and open to 0.0.0.0/0, private endpoint off, capacity ON_DEMAND.
Control-plane logging is read as AWS reports it (an enabled and a disabled
entry), later entries winning.

moto's ``update_cluster_config`` replaces ``resourcesVpcConfig`` and ``logging``
wholesale (AWS merges), and ``associate_encryption_config`` is not implemented,
so the hints always give complete settings and say to set encryption at creation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..grading import Check, Task
from ..i18n import msg
from ..services.ec2 import THREE_TIER_SUBNETS
from ..services.eks import CLUSTER_ROLE, NODE_ROLE
from ..snapread import dicts, listed, num, sub, text
from . import register
from .ecs import app_subnet_problem

if TYPE_CHECKING:
    from ..lab import Lab

CLUSTER, NODEGROUP = "my-eks-cluster", "main-node-group"
LOG_TYPES = ("api", "audit", "authenticator", "controllerManager", "scheduler")
SCALING = {"minSize": 1, "desiredSize": 3, "maxSize": 10}
INSTANCE_TYPE = "m6i.large"
ANYWHERE = ("0.0.0.0/0", "::/0")
DOC = "https://docs.aws.amazon.com/eks/latest/userguide/"
FSBP = "https://docs.aws.amazon.com/securityhub/latest/userguide/eks-controls.html"
Result = tuple[bool, str, str, str]


def _cluster(snap: dict[str, Any]) -> dict[str, Any] | None:
    found = [c for c in dicts(sub(snap, "eks"), "clusters") if c.get("name") == CLUSTER]
    return found[0] if found else None


CREATE_CLUSTER_HINT = msg(
    "eks.create_cluster(name='{cluster}', version='1.29', roleArn=<{cluster_role} ARN>, resourcesVpcConfig={{"
    "'subnetIds': [<app subnets>], 'endpointPrivateAccess': True, 'endpointPublicAccess': False}}, logging="
    "{{'clusterLogging': [{{'types': {log_types}, 'enabled': True}}]}}, encryptionConfig=[{{'resources': "
    "['secrets'], 'provider': {{'keyArn': <KMS key ARN>}}}}])",
    cluster=CLUSTER, cluster_role=CLUSTER_ROLE, log_types=list(LOG_TYPES),
)


def _cluster_check(judge: Any) -> Any:
    def run(snap: dict[str, Any]) -> Result:
        cluster = _cluster(snap)
        if cluster is None:
            return False, CLUSTER, msg("there is no EKS cluster {cluster}", cluster=CLUSTER), CREATE_CLUSTER_HINT
        return judge(cluster, text(cluster.get("arn"), CLUSTER), snap)

    return run


# -- cluster ---------------------------------------------------------------------
def _private(cluster: dict[str, Any], arn: str, snap: dict[str, Any]) -> Result:
    if sub(cluster, "resourcesVpcConfig").get("endpointPrivateAccess") is True:
        return (True, arn, msg("{cluster}'s API endpoint is reachable privately from inside the VPC",
                               cluster=CLUSTER), "")
    return (False, arn, msg("{cluster} has private endpoint access off: nodes and pods reach the API server over "
                            "the internet", cluster=CLUSTER),
            msg("eks.update_cluster_config(name='{cluster}', resourcesVpcConfig={{'endpointPrivateAccess': True, "
                "'endpointPublicAccess': False}}) (pass every endpoint setting: this offline account replaces the "
                "whole resourcesVpcConfig on update)", cluster=CLUSTER))


def _public(cluster: dict[str, Any], arn: str, snap: dict[str, Any]) -> Result:
    config = sub(cluster, "resourcesVpcConfig")
    if config.get("endpointPublicAccess", True) is False:  # AWS's default is public
        return True, arn, msg("{cluster}'s API endpoint is not public", cluster=CLUSTER), ""
    cidrs = [text(c) for c in listed(config, "publicAccessCidrs")] or ["0.0.0.0/0"]  # AWS's default
    open_ = [c for c in cidrs if c in ANYWHERE]
    if open_:
        return (False, arn, msg("{cluster}'s public API endpoint is open to {cidrs}", cluster=CLUSTER,
                                cidrs=", ".join(open_)),
                msg("eks.update_cluster_config(name='{cluster}', resourcesVpcConfig={{'endpointPublicAccess': False, "
                    "'endpointPrivateAccess': True}}) — or keep it public but only for your office, e.g. "
                    "'publicAccessCidrs': ['203.0.113.0/24'].", cluster=CLUSTER))
    return (True, arn, msg("{cluster}'s public endpoint admits only {cidrs}", cluster=CLUSTER,
                           cidrs=", ".join(cidrs)), "")


def _enabled_log_types(cluster: dict[str, Any]) -> set[str]:
    enabled: set[str] = set()
    for entry in dicts(sub(cluster, "logging"), "clusterLogging"):
        types = {text(t) for t in listed(entry, "types")}
        enabled = (enabled | types) if entry.get("enabled") is True else (enabled - types)
    return enabled


def _logging(cluster: dict[str, Any], arn: str, snap: dict[str, Any]) -> Result:
    enabled = _enabled_log_types(cluster)
    missing = [t for t in LOG_TYPES if t not in enabled]
    if missing:
        return (False, arn, msg("{cluster} does not send {types} control-plane logs to CloudWatch Logs",
                                cluster=CLUSTER, types=", ".join(missing)),
                msg("eks.update_cluster_config(name='{cluster}', logging={{'clusterLogging': [{{'types': "
                    "{log_types}, 'enabled': True}}]}})", cluster=CLUSTER, log_types=list(LOG_TYPES)))
    return True, arn, msg("{cluster} logs all five control-plane log types", cluster=CLUSTER), ""


def _kms_key(snap: dict[str, Any], key_arn: str) -> tuple[dict[str, Any] | None, bool]:
    """(the key ``key_arn`` names, whether the kms section could tell): key ARN or alias ARN."""
    kms = sub(snap, "kms")
    if "keys" not in kms:
        return None, False
    keys = dicts(kms, "keys")
    by_id = {text(k.get("KeyId")): k for k in keys}
    for key in keys:
        if text(key.get("Arn")) == key_arn:
            return key, True
    for alias in dicts(kms, "aliases"):
        if text(alias.get("AliasArn")) == key_arn:
            return by_id.get(text(alias.get("TargetKeyId"))), True
    return None, True


def _encryption(cluster: dict[str, Any], arn: str, snap: dict[str, Any]) -> Result:
    hint = msg("Set it when creating the cluster: eks.create_cluster(..., encryptionConfig=[{{'resources': "
               "['secrets'], 'provider': {{'keyArn': kms.create_key()['KeyMetadata']['Arn']}}}}]). AWS can also add "
               "it later with eks.associate_encryption_config, which this offline account does not support: delete "
               "the node group and the cluster and create them again. Once on, it cannot be removed.")
    configs = [c for c in dicts(cluster, "encryptionConfig") if "secrets" in listed(c, "resources")]
    if not configs:
        return (False, arn, msg("{cluster} does not encrypt Kubernetes secrets with a KMS key (EKS.3)",
                                cluster=CLUSTER), hint)
    key_arn = text(sub(configs[0], "provider").get("keyArn"))
    parts = key_arn.split(":")
    if len(parts) < 6 or parts[2] != "kms" or not parts[5].startswith(("key/", "alias/")):
        return (False, arn,
                msg("{cluster}'s secrets encryption names {key}, not a KMS key ARN", cluster=CLUSTER, key=key_arn)
                if key_arn else msg("{cluster}'s secrets encryption names no key, not a KMS key ARN", cluster=CLUSTER),
                hint)
    region = text(sub(snap, "labkit").get("region"))
    if region and parts[3] != region:
        return (False, arn, msg("KMS key {key} is in {key_region}; EKS needs a key in {region}", key=key_arn,
                                key_region=parts[3], region=region), hint)
    key, known = _kms_key(snap, key_arn)
    if known and key is None:
        return False, arn, msg("KMS key {key} does not exist in this account", key=key_arn), hint
    if key is not None and (key.get("Enabled") is False or text(key.get("KeySpec"), "SYMMETRIC_DEFAULT")
                            != "SYMMETRIC_DEFAULT"):
        return (False, arn, msg("KMS key {key} is disabled or not a symmetric key; EKS needs an enabled "
                                "symmetric key", key=key_arn), hint)
    return (True, arn, msg("{cluster} encrypts Kubernetes secrets with KMS key {key}", cluster=CLUSTER,
                           key=key_arn.rsplit("/", 1)[-1]), "")


# -- node group ------------------------------------------------------------------------
def _nodegroup(cluster: dict[str, Any]) -> tuple[dict[str, Any] | None, str]:
    groups = dicts(cluster, "nodegroups")
    named = [g for g in groups if g.get("nodegroupName") == NODEGROUP]
    if named:
        return named[0], ""
    if len(groups) == 1:  # any name will do when there is only one
        return groups[0], ""
    if groups:
        names = ", ".join(sorted(text(g.get("nodegroupName"), "?") for g in groups))
        return None, msg("{cluster} has node groups {names} and none named {nodegroup}", cluster=CLUSTER,
                         names=names, nodegroup=NODEGROUP)
    return None, msg("{cluster} has no managed node group", cluster=CLUSTER)


CREATE_NODEGROUP_HINT = msg(
    "eks.create_nodegroup(clusterName='{cluster}', nodegroupName='{nodegroup}', nodeRole=<{node_role} ARN>, "
    "subnets=[<the two app subnets>], scalingConfig={{'minSize': 1, 'desiredSize': 3, 'maxSize': 10}}, "
    "instanceTypes=['{instance_type}'], capacityType='ON_DEMAND')",
    cluster=CLUSTER, nodegroup=NODEGROUP, node_role=NODE_ROLE, instance_type=INSTANCE_TYPE,
)


def _nodegroup_check(judge: Any) -> Any:
    def run(snap: dict[str, Any]) -> Result:
        cluster = _cluster(snap)
        if cluster is None:
            return (False, CLUSTER, msg("there is no EKS cluster {cluster} (and so no node group)", cluster=CLUSTER),
                    CREATE_CLUSTER_HINT)
        group, why = _nodegroup(cluster)
        if group is None:
            return False, CLUSTER, why, CREATE_NODEGROUP_HINT
        name = text(group.get("nodegroupName"), "?")
        return judge(group, name, snap)

    return run


def _scaling(group: dict[str, Any], name: str, snap: dict[str, Any]) -> Result:
    config = sub(group, "scalingConfig")
    actual = {k: num(config.get(k)) for k in SCALING}
    if actual == SCALING:
        return True, name, msg("node group {name} scales 1 (min) / 3 (desired) / 10 (max)", name=name), ""
    shown = " / ".join(f"{k[:-4]} {text(config.get(k), '?')}" for k in SCALING)
    return (False, name, msg("node group {name} scales {shown}; expected min 1 / desired 3 / max 10", name=name,
                             shown=shown),
            msg("eks.update_nodegroup_config(clusterName='{cluster}', nodegroupName='{name}', "
                "scalingConfig={{'minSize': 1, 'desiredSize': 3, 'maxSize': 10}})", cluster=CLUSTER, name=name))


def _instances(group: dict[str, Any], name: str, snap: dict[str, Any]) -> Result:
    types = [text(t) for t in listed(group, "instanceTypes")]
    if types and all(t == INSTANCE_TYPE for t in types):
        return (True, name, msg("node group {name} runs {instance_type} nodes", name=name,
                                instance_type=INSTANCE_TYPE), "")
    return (False, name,
            msg("node group {name} runs {types}, not {instance_type}", name=name, types=", ".join(types),
                instance_type=INSTANCE_TYPE) if ", ".join(types)
            else msg("node group {name} runs no instance type, not {instance_type}", name=name,
                     instance_type=INSTANCE_TYPE),
            msg("Instance types cannot change: create the node group again with instanceTypes=['{instance_type}'].",
                instance_type=INSTANCE_TYPE))


def _capacity(group: dict[str, Any], name: str, snap: dict[str, Any]) -> Result:
    capacity = text(group.get("capacityType"), "ON_DEMAND")  # AWS's default
    if capacity == "ON_DEMAND":
        return True, name, msg("node group {name} uses On-Demand capacity", name=name), ""
    return (False, name, msg("node group {name} uses {capacity} capacity: Spot nodes can be reclaimed at two "
                             "minutes' notice", name=name, capacity=capacity),
            msg("The capacity type cannot change: create the node group again with capacityType='ON_DEMAND'."))


def _subnets(group: dict[str, Any], name: str, snap: dict[str, Any]) -> Result:
    subnets = listed(group, "subnets")
    problem = (app_subnet_problem(snap, subnets, msg("node group {name}", name=name)) if subnets
               else msg("node group {name} has no subnets", name=name))
    if problem:
        return (False, name, problem, msg("Subnets cannot change: create the node group again with "
                                          "subnets=[<10.0.10.0/24 id>, <10.0.11.0/24 id>] (private subnets routed "
                                          "through the NAT gateway)."))
    return True, name, msg("node group {name} runs in the two private app subnets", name=name), ""


# -- the reference solution ---------------------------------------------------------------
def solve_private_cluster(lab: Lab) -> None:
    """Build everything the task asks for, on top of the ``eks-prereqs`` starter."""
    ec2, iam, eks = lab.client("ec2"), lab.client("iam"), lab.client("eks")
    vpc_id = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["main"]}])["Vpcs"][0]["VpcId"]
    app_subnets = sorted(s["SubnetId"] for s in ec2.describe_subnets(Filters=[
        {"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "cidr-block", "Values": list(THREE_TIER_SUBNETS["app"])}
    ])["Subnets"])
    kms = lab.client("kms")
    key_arn = kms.create_key(Description="EKS secrets envelope encryption")["KeyMetadata"]["Arn"]
    kms.create_alias(AliasName="alias/eks-secrets", TargetKeyId=key_arn)
    eks.create_cluster(
        name=CLUSTER,
        version="1.29",
        roleArn=iam.get_role(RoleName=CLUSTER_ROLE)["Role"]["Arn"],
        resourcesVpcConfig={"subnetIds": app_subnets, "endpointPrivateAccess": True, "endpointPublicAccess": False},
        logging={"clusterLogging": [{"types": list(LOG_TYPES), "enabled": True}]},
        encryptionConfig=[{"resources": ["secrets"], "provider": {"keyArn": key_arn}}],
    )
    eks.create_nodegroup(
        clusterName=CLUSTER,
        nodegroupName=NODEGROUP,
        nodeRole=iam.get_role(RoleName=NODE_ROLE)["Role"]["Arn"],
        subnets=app_subnets,
        scalingConfig=dict(SCALING),
        instanceTypes=[INSTANCE_TYPE],
        capacityType="ON_DEMAND",
        updateConfig={"maxUnavailable": 1},
        labels={"Environment": "production", "NodeType": "general"},
    )


register(Task(
    id="eks.private_cluster",
    topic="eks",
    title="A private EKS cluster with a managed node group",
    text=(
        "Build the seed's Amazon EKS cluster (완전 관리형 Kubernetes), hardened. The starter gives you VPC `main` "
        f"and the IAM roles `{CLUSTER_ROLE}` (control plane) and `{NODE_ROLE}` (worker nodes).\n\n"
        f"1. Create a KMS key for envelope encryption of Kubernetes secrets.\n"
        f"2. Create cluster `{CLUSTER}` (Kubernetes 1.29, like the seed) in the app subnets of `main` with private "
        "endpoint access on and the public endpoint either off or restricted to your own address range (never "
        "0.0.0.0/0, which the seed's example still allows); send all five control-plane log types (api, audit, "
        "authenticator, controllerManager, scheduler) to CloudWatch Logs; and encrypt `secrets` with your key.\n"
        f"3. Add managed node group `{NODEGROUP}`: scaling min 1 / desired 3 / max 10, instance type "
        f"`{INSTANCE_TYPE}`, capacity type ON_DEMAND, in the two private app subnets of `main` (10.0.10.0/24, "
        "10.0.11.0/24; no public subnet)."
    ),
    starter="eks-prereqs",
    solution=solve_private_cluster,
    services=("ec2", "kms", "eks"),
    checks=(
        Check("eks.private_endpoint", 2, msg("private endpoint access"), _cluster_check(_private),
              DOC + "cluster-endpoint.html"),
        Check("eks.public_endpoint", 2, msg("public endpoint not open to the world"), _cluster_check(_public),
              DOC + "cluster-endpoint.html"),
        Check("eks.logging", 2, msg("all five control-plane log types"), _cluster_check(_logging),
              DOC + "control-plane-logs.html"),
        Check("EKS.3", 2, msg("secrets encrypted with a KMS key"), _cluster_check(_encryption), FSBP + "#eks-3"),
        Check("eks.nodegroup_scaling", 2, msg("node group min 1 / desired 3 / max 10"), _nodegroup_check(_scaling),
              DOC + "managed-node-groups.html"),
        Check("eks.nodegroup_instance_type", 1, msg("{instance_type} nodes", instance_type=INSTANCE_TYPE),
              _nodegroup_check(_instances), DOC + "choosing-instance-type.html"),
        Check("eks.nodegroup_capacity", 1, msg("On-Demand capacity"), _nodegroup_check(_capacity),
              DOC + "managed-node-groups.html#managed-node-group-capacity-types"),
        Check("eks.nodegroup_subnets", 2, msg("nodes in the private app subnets"), _nodegroup_check(_subnets),
              DOC + "network-reqs.html"),
    ),
))
