"""The graders graded: VPC tasks. Starter scores 0, the reference solution full
marks, each named near miss loses exactly the check that should fail, and an
alternative correct build (resource API, other order) scores full marks."""

from __future__ import annotations

import pytest

import labkit
from labkit import LabkitError
from labkit.catalogue import grade, grade_snapshot, task, tasks
from labkit.catalogue.vpc import solve_security_groups
from labkit.services.ec2 import build_three_tier_network


def failed(result):
    return sorted(f.check for f in result.findings if not f.passed)


def _vpc(lab):
    return lab.client("ec2").describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["main"]}])["Vpcs"][0]


def _subnet(lab, cidr):
    return lab.client("ec2").describe_subnets(Filters=[{"Name": "cidr-block", "Values": [cidr]}])["Subnets"][0]


def _group(lab, name):
    vpc_id = _vpc(lab)["VpcId"]
    return lab.client("ec2").describe_security_groups(
        Filters=[{"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "group-name", "Values": [name]}]
    )["SecurityGroups"][0]


@pytest.mark.parametrize("task_id", ["vpc.three_tier_network", "vpc.security_groups"])
def test_starter_scores_zero_and_solution_full_marks(task_id):
    chosen = task(task_id)
    with labkit.Lab(chosen.starter) as lab:
        start = grade(task_id, lab)
        assert start.score == 0, repr(start)
        chosen.solution(lab)
        done = grade(task_id, lab)
    assert done.passed and done.score == done.max_score == chosen.max_score, repr(done)
    from labkit.progress import ProgressStore

    assert [a.score for a in ProgressStore().attempts()] == [0, chosen.max_score]


# -- vpc.three_tier_network near misses ---------------------------------------------
def _db_route_to_igw(lab):
    ec2 = lab.client("ec2")
    igw = ec2.describe_internet_gateways()["InternetGateways"][0]["InternetGatewayId"]
    rt = ec2.describe_route_tables(Filters=[{"Name": "tag:Name", "Values": ["db-rt"]}])["RouteTables"][0]
    ec2.create_route(RouteTableId=rt["RouteTableId"], DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)


def _app_auto_public_ip(lab):
    lab.client("ec2").modify_subnet_attribute(
        SubnetId=_subnet(lab, "10.0.10.0/24")["SubnetId"], MapPublicIpOnLaunch={"Value": True})


def _public_subnet_missing(lab):
    ec2 = lab.client("ec2")
    sid = _subnet(lab, "10.0.1.0/24")["SubnetId"]
    rt = ec2.describe_route_tables(Filters=[{"Name": "association.subnet-id", "Values": [sid]}])["RouteTables"][0]
    for assoc in rt["Associations"]:
        if assoc.get("SubnetId") == sid:
            ec2.disassociate_route_table(AssociationId=assoc["RouteTableAssociationId"])
    ec2.delete_subnet(SubnetId=sid)


def _nat_in_app_subnet(lab):
    ec2 = lab.client("ec2")
    old = ec2.describe_nat_gateways()["NatGateways"][0]
    eip = ec2.allocate_address(Domain="vpc")["AllocationId"]
    new = ec2.create_nat_gateway(SubnetId=_subnet(lab, "10.0.10.0/24")["SubnetId"], AllocationId=eip)
    rt = ec2.describe_route_tables(Filters=[{"Name": "tag:Name", "Values": ["app-rt"]}])["RouteTables"][0]
    ec2.replace_route(RouteTableId=rt["RouteTableId"], DestinationCidrBlock="0.0.0.0/0",
                      NatGatewayId=new["NatGateway"]["NatGatewayId"])
    ec2.delete_nat_gateway(NatGatewayId=old["NatGatewayId"])


@pytest.mark.parametrize(
    ("near_miss", "expected"),
    [
        (_db_route_to_igw, ["vpc.db_isolated"]),
        (_app_auto_public_ip, ["vpc.no_public_ip"]),
        (_nat_in_app_subnet, ["vpc.nat"]),
        (_public_subnet_missing, ["vpc.public_route", "vpc.subnets"]),
    ],
    ids=["db-route-to-igw", "app-auto-public-ip", "nat-in-app-subnet", "public-subnet-missing"],
)
def test_three_tier_near_misses(near_miss, expected):
    with labkit.Lab() as lab:
        build_three_tier_network(lab)
        near_miss(lab)
        result = grade("vpc.three_tier_network", lab, record=False)
    assert failed(result) == expected, repr(result)


def test_three_tier_built_with_the_resource_api_in_another_order():
    with labkit.Lab(seed=5) as lab:
        ec2 = lab.resource("ec2")
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")
        vpc.create_tags(Tags=[{"Key": "Name", "Value": "main"}])
        subnets = {}
        for cidr, zone in [("10.0.21.0/24", "b"), ("10.0.20.0/24", "a"), ("10.0.11.0/24", "b"),
                           ("10.0.10.0/24", "a"), ("10.0.1.0/24", "b"), ("10.0.0.0/24", "a")]:
            subnets[cidr] = vpc.create_subnet(CidrBlock=cidr, AvailabilityZone=f"ap-northeast-2{zone}")
        igw = ec2.create_internet_gateway()
        vpc.attach_internet_gateway(InternetGatewayId=igw.id)
        client = lab.client("ec2")
        eip = client.allocate_address(Domain="vpc")["AllocationId"]
        nat = client.create_nat_gateway(SubnetId=subnets["10.0.1.0/24"].id, AllocationId=eip)["NatGateway"]
        # Public traffic through the VPC's *main* route table (no explicit association).
        main_rt = next(iter(vpc.route_tables.filter(Filters=[{"Name": "association.main", "Values": ["true"]}])))
        main_rt.create_route(DestinationCidrBlock="0.0.0.0/0", GatewayId=igw.id)
        app_rt = vpc.create_route_table()
        app_rt.create_route(DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat["NatGatewayId"])
        db_rt = vpc.create_route_table()
        for cidr in ("10.0.10.0/24", "10.0.11.0/24"):
            app_rt.associate_with_subnet(SubnetId=subnets[cidr].id)
        for cidr in ("10.0.20.0/24", "10.0.21.0/24"):
            db_rt.associate_with_subnet(SubnetId=subnets[cidr].id)
        result = grade("vpc.three_tier_network", lab, record=False)
    assert result.passed, repr(result)


# -- vpc.security_groups near misses -------------------------------------------------
def _db_open_to_world(lab):
    ec2 = lab.client("ec2")
    db = _group(lab, "db-sg")
    ec2.authorize_security_group_ingress(GroupId=db["GroupId"], IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])


def _ssh_open_on_web(lab):
    lab.client("ec2").authorize_security_group_ingress(GroupId=_group(lab, "web-sg")["GroupId"], IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])


def _default_sg_keeps_rules(lab):
    ec2 = lab.client("ec2")
    default = _group(lab, "default")
    ec2.authorize_security_group_egress(GroupId=default["GroupId"], IpPermissions=[
        {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])


def _app_from_web_cidr(lab):
    ec2 = lab.client("ec2")
    app = _group(lab, "app-sg")
    ec2.revoke_security_group_ingress(GroupId=app["GroupId"], IpPermissions=app["IpPermissions"])
    ec2.authorize_security_group_ingress(GroupId=app["GroupId"], IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "IpRanges": [{"CidrIp": "10.0.0.0/23"}]}])


@pytest.mark.parametrize(
    ("near_miss", "expected"),
    [
        (_db_open_to_world, ["db-sg"]),
        (_ssh_open_on_web, ["EC2.13"]),
        (_default_sg_keeps_rules, ["EC2.2"]),
        (_app_from_web_cidr, ["app-sg"]),
    ],
    ids=["3306-open-to-world", "ssh-open-on-web", "default-sg-keeps-rules", "app-from-cidr-not-sg"],
)
def test_security_group_near_misses(near_miss, expected):
    with labkit.Lab("three-tier-network") as lab:
        solve_security_groups(lab)
        near_miss(lab)
        result = grade("vpc.security_groups", lab, record=False)
    assert failed(result) == expected, repr(result)
    lost = sum(f.max_points for f in result.findings if not f.passed)
    assert result.score == result.max_score - lost


def test_findings_carry_hints_links_and_a_stable_repr():
    with labkit.Lab("three-tier-network") as lab:
        result = grade("vpc.security_groups", lab, record=False)
    web = next(f for f in result.findings if f.check == "web-sg")
    assert not web.passed and "create_security_group" in web.hint and web.link.startswith("https://")
    assert repr(result).splitlines()[0] == "vpc.security_groups: 0/10 — Security groups for the three tiers"
    assert "✗" in result._repr_html_() and "0 / 10" in result._repr_html_()


@pytest.mark.parametrize("bad", [None, [], "text", {"ec2": "nope"}, {"ec2": {"vpcs": [1, None, "x"]}},
                                 {"ec2": {"vpcs": [{"Tags": {"Name": "main"}, "VpcId": 3}],
                                          "subnets": None, "route_tables": [{"Routes": "x"}]}}])
def test_mangled_snapshots_give_findings_not_exceptions(bad):
    for task_id in tasks():
        result = grade_snapshot(task_id, bad)
        assert result.score == 0 and result.findings


def test_unknown_task_lists_valid_ids():
    with pytest.raises(LabkitError, match="unknown task 'vpc.nope'. Valid tasks: ec2.web_server, s3.secure_bucket, .*vpc.three_tier_network"):
        task("vpc.nope")


def test_catalogue_order_does_not_depend_on_import_order():
    import subprocess
    import sys

    code = ("import labkit.catalogue.capstone, labkit.catalogue.s3, labkit; "
            "print(','.join(labkit.tasks()))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out.split(",")[:2] == ["ec2.web_server", "s3.secure_bucket"] and out.endswith("capstone.three_tier")
