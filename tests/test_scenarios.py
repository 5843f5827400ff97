"""Named starting states build what they promise, dependencies first."""

from __future__ import annotations

import ipaddress

import pytest

import labkit
from labkit import LabkitError
from labkit import scenario as registry


def _by_name(items):
    return {i.get("Tags", {}).get("Name"): i for i in items}


def test_three_tier_network_matches_the_seed_plan():
    with labkit.Lab("three-tier-network") as lab:
        ec2 = lab.snapshot(["ec2"])["ec2"]
    vpc = _by_name(ec2["vpcs"])["main"]
    assert vpc["CidrBlock"] == "10.0.0.0/16"
    subnets = [s for s in ec2["subnets"] if s["VpcId"] == vpc["VpcId"]]
    plan = {s["CidrBlock"]: (s["Tags"]["Tier"], s["AvailabilityZone"]) for s in subnets}
    assert plan == {
        "10.0.0.0/24": ("public", "ap-northeast-2a"), "10.0.1.0/24": ("public", "ap-northeast-2b"),
        "10.0.10.0/24": ("app", "ap-northeast-2a"), "10.0.11.0/24": ("app", "ap-northeast-2b"),
        "10.0.20.0/24": ("db", "ap-northeast-2a"), "10.0.21.0/24": ("db", "ap-northeast-2b"),
    }
    for s in subnets:
        assert ipaddress.ip_network(s["CidrBlock"]).subnet_of(ipaddress.ip_network(vpc["CidrBlock"]))
        assert s["MapPublicIpOnLaunch"] == (s["Tags"]["Tier"] == "public")
    tables = _by_name(ec2["route_tables"])
    default_routes = {
        tier: [r for r in tables[f"{tier}-rt"]["Routes"] if r.get("DestinationCidrBlock") == "0.0.0.0/0"]
        for tier in ("public", "app", "db")
    }
    assert default_routes["public"][0]["GatewayId"].startswith("igw-")
    assert default_routes["app"][0]["NatGatewayId"].startswith("nat-")
    assert default_routes["db"] == []
    nat = ec2["nat_gateways"][0]
    public_ids = {s["SubnetId"] for s in subnets if s["Tags"]["Tier"] == "public"}
    assert nat["SubnetId"] in public_ids


def test_security_groups_reference_each_other():
    with labkit.Lab("three-tier-security-groups") as lab:
        groups = {g["GroupName"]: g for g in lab.snapshot(["ec2"])["ec2"]["security_groups"]}
    web, app, db = groups["web-sg"], groups["app-sg"], groups["db-sg"]
    assert sorted(p["FromPort"] for p in web["IpPermissions"]) == [80, 443]
    assert app["IpPermissions"][0]["UserIdGroupPairs"][0]["GroupId"] == web["GroupId"]
    assert app["IpPermissions"][0]["FromPort"] == 8080
    assert db["IpPermissions"][0]["UserIdGroupPairs"][0]["GroupId"] == app["GroupId"]


def test_multi_az_db_builds_on_the_network():
    with labkit.Lab("multi-az-db") as lab:
        snap = lab.snapshot(["ec2", "rds"])
    db = snap["rds"]["db_instances"][0]
    assert db["DBInstanceIdentifier"] == "app-db" and db["MultiAZ"] and db["StorageEncrypted"]
    zones = {s["SubnetAvailabilityZone"]["Name"] for s in db["DBSubnetGroup"]["Subnets"]}
    assert zones == {"ap-northeast-2a", "ap-northeast-2b"}


def test_iam_basics_and_buckets():
    with labkit.Lab("iam-basics") as lab:
        iam = lab.snapshot(["iam"])["iam"]
    assert [g["Members"] for g in iam["groups"]] == [["alice", "bob"]]
    assert iam["roles"][0]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {
        "Service": "ec2.amazonaws.com"}
    with labkit.Lab("buckets") as lab:
        names = [b["Name"] for b in lab.snapshot(["s3"])["s3"]["buckets"]]
    assert names == ["my-log-bucket", "my-secure-bucket"]


def test_plan_orders_dependencies_once():
    assert [s.name for s in registry.plan("multi-az-db")] == [
        "three-tier-network", "three-tier-security-groups", "multi-az-db"]


def test_cycles_and_unknown_names_are_clear(monkeypatch):
    monkeypatch.setitem(registry._REGISTRY, "a-test", registry.Scenario("a-test", "", print, ("b-test",)))
    monkeypatch.setitem(registry._REGISTRY, "b-test", registry.Scenario("b-test", "", print, ("a-test",)))
    with pytest.raises(LabkitError, match="cycle: a-test -> b-test -> a-test"):
        registry.plan("a-test")
    with pytest.raises(LabkitError, match="unknown scenario 'nope'"):
        registry.get("nope")
