"""The Lab: opening, closing, the current lab, reset, clients, bad input."""

from __future__ import annotations

import boto3
import pytest

import labkit
from labkit import LabkitError
from labkit.lab import ACCOUNT_ID, DEFAULT_REGION


def test_start_opens_seoul_and_stop_closes():
    lab = labkit.start(seed=0)
    try:
        assert lab.is_open and lab.region == DEFAULT_REGION == "ap-northeast-2"
        assert labkit.current() is lab
        vpcs = lab.client("ec2").describe_vpcs()["Vpcs"]
        assert [v["IsDefault"] for v in vpcs] == [True]
        assert repr(lab) == "<Lab ap-northeast-2 seed=0 open>"
    finally:
        lab.stop()
    assert not lab.is_open
    assert repr(lab) == "<Lab ap-northeast-2 seed=0 closed>"
    with pytest.raises(LabkitError, match="no lab is open"):
        labkit.current()


def test_stop_twice_is_harmless():
    lab = labkit.start()
    lab.stop()
    lab.stop()


def test_context_manager_and_plain_boto3_use_the_lab():
    with labkit.Lab(seed=3) as lab:
        assert labkit.current() is lab
        boto3.client("s3").create_bucket(
            Bucket="plain-boto3", CreateBucketConfiguration={"LocationConstraint": lab.region}
        )
        names = [b["Name"] for b in lab.client("s3").list_buckets()["Buckets"]]
        assert names == ["plain-boto3"]
        assert boto3.client("sts").get_caller_identity()["Account"] == ACCOUNT_ID
        assert boto3.session.Session().region_name == lab.region


def test_a_second_lab_is_refused_with_a_clear_message(lab):
    with pytest.raises(LabkitError, match="another lab is already open.*replace=True"):
        labkit.Lab().start()
    with pytest.raises(LabkitError, match="already open"):
        labkit.start()
    assert labkit.current() is lab and lab.is_open


def test_replace_stops_the_open_lab_and_starts_fresh():
    first = labkit.start(seed=1)
    first.client("s3").create_bucket(
        Bucket="old", CreateBucketConfiguration={"LocationConstraint": first.region}
    )
    second = labkit.start(seed=1, replace=True)
    try:
        assert not first.is_open and labkit.current() is second
        assert second.client("s3").list_buckets()["Buckets"] == []
    finally:
        second.stop()


def test_reset_empties_the_account_and_frees_names(lab):
    ec2 = lab.client("ec2")
    s3 = lab.client("s3")
    ec2.create_vpc(CidrBlock="10.9.0.0/16")
    s3.create_bucket(Bucket="taken", CreateBucketConfiguration={"LocationConstraint": lab.region})
    lab.client("iam").create_user(UserName="alice")
    lab.reset()
    assert [v["IsDefault"] for v in ec2.describe_vpcs()["Vpcs"]] == [True]
    assert s3.list_buckets()["Buckets"] == []
    assert lab.client("iam").list_users()["Users"] == []
    # S3 bucket names are global in moto too: the reset must release them.
    s3.create_bucket(Bucket="taken", CreateBucketConfiguration={"LocationConstraint": lab.region})


def test_reset_reseeds_so_ids_repeat_and_differ_by_seed(lab):
    def new_vpc_id():
        return lab.client("ec2").create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]

    lab.reset()
    first = new_vpc_id()
    lab.reset()
    assert new_vpc_id() == first
    lab.reset(seed=7)
    assert lab.seed == 7
    assert new_vpc_id() != first


def test_reset_returns_a_scenario_lab_to_its_starting_state():
    with labkit.Lab("three-tier-network") as lab:
        ec2 = lab.client("ec2")
        ec2.delete_nat_gateway(NatGatewayId=ec2.describe_nat_gateways()["NatGateways"][0]["NatGatewayId"])
        lab.reset()
        named = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["main"]}])["Vpcs"]
        assert len(named) == 1
        nats = [n for n in ec2.describe_nat_gateways()["NatGateways"] if n["State"] != "deleted"]
        assert len(nats) == 1


def test_clients_are_reused_and_resources_work(lab):
    assert lab.client("ec2") is lab.client("ec2")
    assert lab.client("ec2", region_name="us-east-1") is not lab.client("ec2")
    bucket = lab.resource("s3").Bucket("via-resource")
    bucket.create(CreateBucketConfiguration={"LocationConstraint": lab.region})
    assert [b.name for b in lab.resource("s3").buckets.all()] == ["via-resource"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"seed": "zero"}, "seed must be a whole number"),
        ({"seed": True}, "seed must be a whole number"),
        ({"region": "seoul"}, "region must be a region code"),
        ({"region": "xx-nowhere-9"}, "unknown region 'xx-nowhere-9'. Valid regions: .*ap-northeast-2"),
        ({"scenario": "four-tier"}, "unknown scenario 'four-tier'. Valid scenarios: .*three-tier-network"),
    ],
)
def test_bad_arguments_name_what_is_valid(kwargs, message):
    with pytest.raises(LabkitError, match=message):
        labkit.Lab(**kwargs)


def test_unknown_service_names_suggest_close_matches(lab):
    with pytest.raises(LabkitError, match="unknown AWS service 'ec3'.*'ec2'"):
        lab.client("ec3")
    with pytest.raises(LabkitError, match="no resource API for 'rds'"):
        lab.resource("rds")


def test_closed_lab_refuses_work_with_a_hint():
    lab = labkit.Lab()
    with pytest.raises(LabkitError, match="lab is closed.*lab.start"):
        lab.client("ec2")
    with pytest.raises(LabkitError, match="lab is closed"):
        lab.snapshot()


def test_every_error_raised_on_purpose_is_a_labkit_error():
    assert issubclass(labkit.RealAWSCallBlocked, LabkitError)
    with pytest.raises(LabkitError):
        labkit.current()


def test_scenarios_are_listed_and_sorted():
    names = labkit.scenarios()
    assert names == sorted(names)
    assert {"three-tier-network", "three-tier-security-groups", "multi-az-db", "buckets",
            "iam-basics"} <= set(names)


def test_moto_module_defaults_do_not_leak_between_labs():
    """moto's EKS edits its DEFAULT_SCALING_CONFIG in place; a new lab starts clean."""
    import moto.eks.models as eks_models

    from labkit.services.eks import build_eks_prereqs

    with labkit.Lab("three-tier-security-groups") as lab:
        build_eks_prereqs(lab)
        eks = lab.client("eks")
        subnets = [s["SubnetId"] for s in lab.client("ec2").describe_subnets(
            Filters=[{"Name": "tag:Tier", "Values": ["app"]}])["Subnets"]]
        role = lab.client("iam").get_role(RoleName="eks-cluster-role")["Role"]["Arn"]
        node_role = lab.client("iam").get_role(RoleName="eks-node-role")["Role"]["Arn"]
        eks.create_cluster(name="c", roleArn=role, resourcesVpcConfig={"subnetIds": subnets})
        eks.create_nodegroup(clusterName="c", nodegroupName="n", subnets=subnets, nodeRole=node_role)
        eks.update_nodegroup_config(clusterName="c", nodegroupName="n",
                                    scalingConfig={"minSize": 1, "maxSize": 9, "desiredSize": 3})
    assert eks_models.DEFAULT_SCALING_CONFIG == {"minSize": 2, "maxSize": 2, "desiredSize": 2}
