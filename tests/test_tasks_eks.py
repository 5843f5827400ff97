"""The graders graded: eks.private_cluster. Starter scores 0, the reference solution
full marks, each named near miss loses exactly the checks that should fail, and
another correct build (public endpoint restricted to an office range, logging
turned on afterwards in two entries, key named by its alias ARN, a node group
with another name) scores full marks."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
import textwrap

import pytest

import labkit
from labkit.catalogue import grade, grade_snapshot, task
from labkit.catalogue.eks import LOG_TYPES, solve_private_cluster

TASK = "eks.private_cluster"
CLUSTER, NODEGROUP = "my-eks-cluster", "main-node-group"


def failed(result):
    return sorted(f.check for f in result.findings if not f.passed)


def _subnets(lab, *cidrs):
    found = lab.client("ec2").describe_subnets(Filters=[{"Name": "cidr-block", "Values": list(cidrs)}])["Subnets"]
    return sorted(s["SubnetId"] for s in found)


def _role(lab, name):
    return lab.client("iam").get_role(RoleName=name)["Role"]["Arn"]


def test_starter_scores_zero_and_solution_full_marks():
    chosen = task(TASK)
    assert chosen.starter == "eks-prereqs" and chosen.max_score == 14
    with labkit.Lab(chosen.starter) as lab:
        start = grade(TASK, lab, record=False)
        assert start.score == 0, repr(start)
        chosen.solution(lab)
        done = grade(TASK, lab, record=False)
        cluster = lab.snapshot(["eks"])["eks"]["clusters"][0]
    assert done.passed and done.score == done.max_score == chosen.max_score, repr(done)
    # Per-process noise is not in the snapshot; the graded settings are.
    assert not {"endpoint", "identity", "certificateAuthority", "clientRequestToken"} & set(cluster)
    assert cluster["nodegroups"][0]["scalingConfig"] == {"minSize": 1, "maxSize": 10, "desiredSize": 3}
    assert cluster["fargateProfiles"] == []


def test_starter_provides_only_the_roles():
    with labkit.Lab("eks-prereqs") as lab:
        snap = lab.snapshot(["iam", "eks", "kms"])
    assert snap["eks"] == {"clusters": []} and snap["kms"]["keys"] == []
    trusted = {r["RoleName"]: r["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"]
               for r in snap["iam"]["roles"]}
    assert trusted == {"eks-cluster-role": "eks.amazonaws.com", "eks-node-role": "ec2.amazonaws.com"}


# -- near misses: the solution, then one change ------------------------------------------
def _recreate_nodegroup(lab, **changes):
    """Node groups cannot change capacity type or subnets: delete and create again with ``changes``."""
    eks = lab.client("eks")
    old = eks.describe_nodegroup(clusterName=CLUSTER, nodegroupName=NODEGROUP)["nodegroup"]
    eks.delete_nodegroup(clusterName=CLUSTER, nodegroupName=NODEGROUP)
    kwargs = {"clusterName": CLUSTER, "nodegroupName": NODEGROUP, "nodeRole": old["nodeRole"],
              "subnets": old["subnets"], "scalingConfig": old["scalingConfig"],
              "instanceTypes": old["instanceTypes"], "capacityType": old["capacityType"]}
    eks.create_nodegroup(**{**kwargs, **changes})


def _public_open_private_off(lab):
    # (moto replaces the whole resourcesVpcConfig here; AWS would merge it)
    lab.client("eks").update_cluster_config(name=CLUSTER, resourcesVpcConfig={
        "endpointPublicAccess": True, "publicAccessCidrs": ["0.0.0.0/0"], "endpointPrivateAccess": False})


def _api_and_audit_logs_only(lab):
    lab.client("eks").update_cluster_config(name=CLUSTER, logging={"clusterLogging": [
        {"types": ["api", "audit"], "enabled": True},
        {"types": ["authenticator", "controllerManager", "scheduler"], "enabled": False}]})


def _max_five(lab):
    lab.client("eks").update_nodegroup_config(clusterName=CLUSTER, nodegroupName=NODEGROUP,
                                              scalingConfig={"maxSize": 5})


def _spot(lab):
    _recreate_nodegroup(lab, capacityType="SPOT")


def _public_subnets(lab):
    _recreate_nodegroup(lab, subnets=_subnets(lab, "10.0.0.0/24", "10.0.1.0/24"))


def _no_encryption(lab):
    # Encryption cannot be removed: the only way to "lose" it is a cluster created without it.
    eks = lab.client("eks")
    old = eks.describe_cluster(name=CLUSTER)["cluster"]
    node = eks.describe_nodegroup(clusterName=CLUSTER, nodegroupName=NODEGROUP)["nodegroup"]
    eks.delete_nodegroup(clusterName=CLUSTER, nodegroupName=NODEGROUP)
    eks.delete_cluster(name=CLUSTER)
    eks.create_cluster(name=CLUSTER, version=old["version"], roleArn=old["roleArn"],
                       resourcesVpcConfig=old["resourcesVpcConfig"], logging=old["logging"])
    eks.create_nodegroup(clusterName=CLUSTER, nodegroupName=NODEGROUP, nodeRole=node["nodeRole"],
                         subnets=node["subnets"], scalingConfig=node["scalingConfig"],
                         instanceTypes=node["instanceTypes"], capacityType=node["capacityType"])


def _m5_nodes(lab):
    _recreate_nodegroup(lab, instanceTypes=["m5.large"])


@pytest.mark.parametrize(
    ("near_miss", "expected"),
    [
        (_public_open_private_off, ["eks.private_endpoint", "eks.public_endpoint"]),
        (_api_and_audit_logs_only, ["eks.logging"]),
        (_max_five, ["eks.nodegroup_scaling"]),
        (_spot, ["eks.nodegroup_capacity"]),
        (_no_encryption, ["EKS.3"]),
        (_public_subnets, ["eks.nodegroup_subnets"]),
        (_m5_nodes, ["eks.nodegroup_instance_type"]),
    ],
    ids=["public-0.0.0.0-private-off", "api-audit-logs-only", "nodegroup-max-5", "spot-capacity",
         "no-encryption", "nodes-in-public-subnets", "m5-nodes"],
)
def test_near_misses(near_miss, expected):
    with labkit.Lab("eks-prereqs") as lab:
        solve_private_cluster(lab)
        near_miss(lab)
        result = grade(TASK, lab, record=False)
    assert failed(result) == expected, repr(result)
    lost = sum(f.max_points for f in result.findings if not f.passed)
    assert result.score == result.max_score - lost
    for finding in result.findings:
        if not finding.passed:
            assert finding.hint and finding.link.startswith("https://docs.aws.amazon.com/")


def test_other_correct_build_scores_full_marks():
    with labkit.Lab("eks-prereqs", seed=7) as lab:
        kms, eks = lab.client("kms"), lab.client("eks")
        key = kms.create_key()["KeyMetadata"]["KeyId"]
        kms.create_alias(AliasName="alias/eks-secrets", TargetKeyId=key)
        alias_arn = f"arn:aws:kms:{lab.region}:{lab.account_id}:alias/eks-secrets"
        subnets = _subnets(lab, "10.0.11.0/24", "10.0.10.0/24")
        eks.create_cluster(
            name=CLUSTER, roleArn=_role(lab, "eks-cluster-role"),
            resourcesVpcConfig={"subnetIds": subnets, "endpointPrivateAccess": True, "endpointPublicAccess": True,
                                "publicAccessCidrs": ["203.0.113.0/24"]},
            encryptionConfig=[{"resources": ["secrets"], "provider": {"keyArn": alias_arn}}],
        )
        eks.create_nodegroup(clusterName=CLUSTER, nodegroupName="general", nodeRole=_role(lab, "eks-node-role"),
                             subnets=subnets, scalingConfig={"minSize": 1, "maxSize": 10, "desiredSize": 3},
                             instanceTypes=["m6i.large"])  # capacityType defaults to ON_DEMAND
        assert failed(grade(TASK, lab, record=False)) == ["eks.logging"]
        eks.update_cluster_config(name=CLUSTER, logging={"clusterLogging": [
            {"types": ["api", "audit", "authenticator"], "enabled": True},
            {"types": ["controllerManager", "scheduler"], "enabled": True}]})
        result = grade(TASK, lab, record=False)
    assert result.passed, repr(result)


# -- forms graded from an edited snapshot ---------------------------------------------------
_SOLVED: dict[str, dict] = {}


@pytest.fixture
def solved_snapshot():
    if not _SOLVED:
        with labkit.Lab("eks-prereqs") as lab:
            solve_private_cluster(lab)
            _SOLVED["snap"] = lab.snapshot(task(TASK).services)
    return copy.deepcopy(_SOLVED["snap"])


def test_aws_defaults_for_absent_fields(solved_snapshot):
    cluster = solved_snapshot["eks"]["clusters"][0]
    cluster["resourcesVpcConfig"] = {"endpointPrivateAccess": True}  # public by default, open to 0.0.0.0/0
    del cluster["nodegroups"][0]["capacityType"]  # ON_DEMAND by default
    assert failed(grade_snapshot(TASK, solved_snapshot)) == ["eks.public_endpoint"]


@pytest.mark.parametrize(("key_arn", "passes"), [
    ("arn:aws:kms:ap-northeast-2:123456789012:key/00000000-0000-0000-0000-000000000000", False),  # no such key
    ("arn:aws:kms:us-east-1:123456789012:alias/eks-secrets", False),  # another region
    ("my-key", False),
])
def test_encryption_key_must_exist_here(solved_snapshot, key_arn, passes):
    cluster = solved_snapshot["eks"]["clusters"][0]
    cluster["encryptionConfig"][0]["provider"]["keyArn"] = key_arn
    assert failed(grade_snapshot(TASK, solved_snapshot)) == ([] if passes else ["EKS.3"])


def test_logging_later_entries_win(solved_snapshot):
    cluster = solved_snapshot["eks"]["clusters"][0]
    cluster["logging"] = {"clusterLogging": [{"types": list(LOG_TYPES), "enabled": True},
                                             {"types": ["scheduler"], "enabled": False}]}
    result = grade_snapshot(TASK, solved_snapshot)
    assert failed(result) == ["eks.logging"]
    assert "scheduler" in next(f.message for f in result.findings if f.check == "eks.logging")


def test_two_unnamed_node_groups_are_not_guessed(solved_snapshot):
    groups = solved_snapshot["eks"]["clusters"][0]["nodegroups"]
    groups[0]["nodegroupName"] = "a"
    groups.append({**groups[0], "nodegroupName": "b"})
    result = grade_snapshot(TASK, solved_snapshot)
    assert failed(result) == ["eks.nodegroup_capacity", "eks.nodegroup_instance_type", "eks.nodegroup_scaling",
                              "eks.nodegroup_subnets"]
    assert "none named main-node-group" in result.findings[-1].message


@pytest.mark.parametrize("bad", [
    {"eks": {"clusters": [{"name": CLUSTER, "resourcesVpcConfig": "x", "logging": [1], "encryptionConfig": {},
                           "nodegroups": [{"nodegroupName": NODEGROUP, "scalingConfig": [], "subnets": None,
                                           "instanceTypes": "m6i.large", "capacityType": 3}]}]},
     "kms": {"keys": "x"}, "ec2": []},
    {"eks": {"clusters": [None, {"name": CLUSTER, "encryptionConfig": [{"resources": "secrets"}],
                                 "logging": {"clusterLogging": [{"types": None, "enabled": "yes"}]}}]}},
])
def test_odd_snapshots_give_findings(bad):
    result = grade_snapshot(TASK, bad)
    assert len(result.findings) == 8 and not result.passed
    assert all("could not check" not in f.message for f in result.findings), repr(result)


DETERMINISM = textwrap.dedent(
    """
    import sys, labkit
    from labkit.catalogue.ecs import solve_fargate_service
    from labkit.catalogue.eks import solve_private_cluster
    from labkit.services.eks import build_eks_prereqs
    from labkit.snapshot import dumps
    with labkit.Lab("ecs-prereqs", seed=int(sys.argv[1])) as lab:
        solve_fargate_service(lab)
        build_eks_prereqs(lab)
        solve_private_cluster(lab)
        sys.stdout.write(dumps(lab.snapshot(["ecs", "eks", "secretsmanager", "logs"])))
    """
)


@pytest.mark.slow
def test_ecs_and_eks_snapshots_are_byte_identical_across_processes(tmp_path):
    script = tmp_path / "det.py"
    script.write_text(DETERMINISM)

    def run(hash_seed: int) -> str:
        proc = subprocess.run([sys.executable, str(script), "0"], capture_output=True, text=True, timeout=180,
                              env={**os.environ, "PYTHONHASHSEED": str(hash_seed)})
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    first, second = run(1), run(2)
    assert first == second
    assert '"nodegroupName": "main-node-group"' in first and '"serviceName": "my-api"' in first
