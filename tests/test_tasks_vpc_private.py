"""The graders graded: vpc.private_nacl and vpc.endpoints. Starter scores 0, the reference
solution full marks, each named near miss loses exactly the check that should fail, and
alternative correct builds (resource API, other rule numbers, other region) score full marks."""

from __future__ import annotations

import copy

import pytest

import labkit
from labkit.catalogue import grade, grade_snapshot, task
from labkit.catalogue.vpc import solve_endpoints, solve_private_nacl


def failed(result):
    return sorted(f.check for f in result.findings if not f.passed)


def finding(result, check):
    return next(f for f in result.findings if f.check == check)


def _vpc_id(lab):
    return lab.client("ec2").describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["main"]}])["Vpcs"][0]["VpcId"]


def _subnet(lab, cidr):
    return lab.client("ec2").describe_subnets(Filters=[{"Name": "cidr-block", "Values": [cidr]}])["Subnets"][0][
        "SubnetId"]


def _table_of(lab, cidr):
    return lab.client("ec2").describe_route_tables(
        Filters=[{"Name": "association.subnet-id", "Values": [_subnet(lab, cidr)]}])["RouteTables"][0]["RouteTableId"]


def _associate(lab, cidr, acl_id):
    ec2 = lab.client("ec2")
    sid = _subnet(lab, cidr)
    current = ec2.describe_network_acls(Filters=[{"Name": "association.subnet-id", "Values": [sid]}])["NetworkAcls"][0]
    assoc = next(a for a in current["Associations"] if a["SubnetId"] == sid)
    ec2.replace_network_acl_association(AssociationId=assoc["NetworkAclAssociationId"], NetworkAclId=acl_id)


@pytest.mark.parametrize("task_id", ["vpc.private_nacl", "vpc.endpoints"])
def test_starter_scores_zero_and_solution_full_marks(task_id):
    chosen = task(task_id)
    with labkit.Lab(chosen.starter) as lab:
        start = grade(task_id, lab, record=False)
        assert start.score == 0 and len(start.findings) == len(chosen.checks), repr(start)
        chosen.solution(lab)
        done = grade(task_id, lab, record=False)
    assert done.passed and done.score == done.max_score == chosen.max_score == 10, repr(done)


def test_nacl_task_text_carries_the_seed_comparison():
    text = task("vpc.private_nacl").text
    for fact in ("상태 저장", "상태 비저장", "stateful", "stateless", "1024-65535", "`*`", "10.0.10.0/24",
                 "10.0.11.0/24", "allow and deny", "lowest first"):
        assert fact in text
    endpoints = task("vpc.endpoints").text
    for fact in ("무료", "유료", "Gateway", "Interface", "ecr.api", "ecr.dkr", "10.0.0.0/16", "lab.region"):
        assert fact in endpoints


# -- vpc.private_nacl near misses --------------------------------------------------------
def _nacl(lab):
    vpc_id = _vpc_id(lab)
    acls = lab.client("ec2").describe_network_acls(
        Filters=[{"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "default", "Values": ["false"]}])["NetworkAcls"]
    return acls[0]["NetworkAclId"]


def _allow_all_first(lab):
    lab.client("ec2").create_network_acl_entry(NetworkAclId=_nacl(lab), RuleNumber=50, Protocol="-1",
                                               RuleAction="allow", Egress=False, CidrBlock="0.0.0.0/0")


def _no_ephemeral_inbound(lab):
    lab.client("ec2").delete_network_acl_entry(NetworkAclId=_nacl(lab), RuleNumber=130, Egress=False)


def _8080_from_anywhere(lab):
    lab.client("ec2").replace_network_acl_entry(NetworkAclId=_nacl(lab), RuleNumber=100, Protocol="6",
                                                RuleAction="allow", Egress=False, CidrBlock="0.0.0.0/0",
                                                PortRange={"From": 8080, "To": 8080})


def _seed_example_without_the_8080_deny(lab):
    lab.client("ec2").delete_network_acl_entry(NetworkAclId=_nacl(lab), RuleNumber=120, Egress=False)


def _only_one_app_subnet(lab):
    ec2 = lab.client("ec2")
    default = ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [_vpc_id(lab)]},
                                                 {"Name": "default", "Values": ["true"]}])["NetworkAcls"][0]
    _associate(lab, "10.0.11.0/24", default["NetworkAclId"])


def _also_on_a_public_subnet(lab):
    _associate(lab, "10.0.1.0/24", _nacl(lab))


def _3306_to_anywhere(lab):
    lab.client("ec2").delete_network_acl_entry(NetworkAclId=_nacl(lab), RuleNumber=130, Egress=True)


def _no_ephemeral_outbound(lab):
    lab.client("ec2").replace_network_acl_entry(NetworkAclId=_nacl(lab), RuleNumber=140, Protocol="6",
                                                RuleAction="allow", Egress=True, CidrBlock="0.0.0.0/0",
                                                PortRange={"From": 32768, "To": 65535})


@pytest.mark.parametrize(
    ("near_miss", "expected"),
    [
        (_allow_all_first, ["nacl.inbound"]),
        (_no_ephemeral_inbound, ["nacl.inbound"]),
        (_8080_from_anywhere, ["nacl.inbound"]),
        (_seed_example_without_the_8080_deny, ["nacl.inbound"]),
        (_only_one_app_subnet, ["nacl.association"]),
        (_also_on_a_public_subnet, ["nacl.association"]),
        (_3306_to_anywhere, ["nacl.outbound"]),
        (_no_ephemeral_outbound, ["nacl.outbound"]),
    ],
    ids=["allow-all-before-denies", "no-ephemeral-inbound", "8080-from-anywhere", "seed-table-order",
         "one-app-subnet-only", "also-on-public-subnet", "3306-to-anywhere", "ephemeral-from-32768"],
)
def test_nacl_near_misses(near_miss, expected):
    with labkit.Lab("three-tier-network") as lab:
        solve_private_nacl(lab)
        near_miss(lab)
        result = grade("vpc.private_nacl", lab, record=False)
    assert failed(result) == expected, repr(result)
    lost = sum(f.max_points for f in result.findings if not f.passed)
    assert result.score == result.max_score - lost


def test_nacl_findings_name_the_packets_and_the_deciding_rules():
    with labkit.Lab("three-tier-network") as lab:
        solve_private_nacl(lab)
        _8080_from_anywhere(lab)
        _3306_to_anywhere(lab)
        _only_one_app_subnet(lab)
        result = grade("vpc.private_nacl", lab, record=False)
        acl_id = _nacl(lab)
    inbound = finding(result, "nacl.inbound")
    assert inbound.resource == acl_id
    assert inbound.message == (
        f"{acl_id} gets 2 of 15 inbound test packets wrong: "
        "TCP 8080 from 10.0.20.5 (db subnet) is allowed by rule 100 (allow TCP 8080 from 0.0.0.0/0); "
        "it should be denied | TCP 8080 from 203.0.113.9 (internet) is allowed by rule 100 "
        "(allow TCP 8080 from 0.0.0.0/0); it should be denied")
    outbound = finding(result, "nacl.outbound")
    assert "TCP 3306 to 8.8.8.8 (MySQL on the internet) is allowed by rule 140 (allow TCP 1024-65535 to " \
           "0.0.0.0/0); it should be denied" in outbound.message
    assert "Egress=True" in outbound.hint and outbound.link.startswith("https://docs.aws.amazon.com/vpc/")
    association = finding(result, "nacl.association")
    assert "app subnet 10.0.11.0/24 still uses the default network ACL" in association.message
    assert "replace_network_acl_association" in association.hint


def test_editing_the_default_nacl_instead_fails_everything():
    """The default NACL also guards the public and db subnets: the app tier needs its own."""
    with labkit.Lab("three-tier-network") as lab:
        ec2 = lab.client("ec2")
        default = ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [_vpc_id(lab)]},
                                                     {"Name": "default", "Values": ["true"]}])["NetworkAcls"][0]
        for egress in (False, True):
            ec2.delete_network_acl_entry(NetworkAclId=default["NetworkAclId"], RuleNumber=100, Egress=egress)
        result = grade("vpc.private_nacl", lab, record=False)
    assert result.score == 0 and failed(result) == ["nacl.association", "nacl.inbound", "nacl.outbound"]


def test_nacl_built_another_way_scores_full_marks():
    """Resource API, other rule numbers, /23 ranges, protocol names, the ephemeral range split
    around 8080 instead of a deny, associations in the other order, and an unrelated NACL."""
    with labkit.Lab("three-tier-network", seed=3) as lab:
        ec2 = lab.resource("ec2")
        vpc = ec2.Vpc(_vpc_id(lab))
        ec2.create_network_acl(VpcId=vpc.id)  # an unused extra NACL changes nothing
        acl = vpc.create_network_acl()
        rules = [
            (False, 10, "allow", 8080, 8080, "10.0.0.0/23"),
            (False, 20, "allow", 1024, 8079, "0.0.0.0/0"),
            (False, 30, "allow", 8081, 65535, "0.0.0.0/0"),
            (True, 5, "allow", 3306, 3306, "10.0.20.0/23"),
            (True, 6, "deny", 3306, 3306, "0.0.0.0/0"),
            (True, 7, "allow", 1024, 65535, "0.0.0.0/0"),
            (True, 900, "allow", 443, 443, "0.0.0.0/0"),
            (True, 1000, "deny", 0, 65535, "0.0.0.0/0"),
        ]
        for egress, number, action, low, high, cidr in reversed(rules):
            acl.create_entry(RuleNumber=number, Protocol="tcp", RuleAction=action, Egress=egress, CidrBlock=cidr,
                             PortRange={"From": low, "To": high})
        for cidr in ("10.0.11.0/24", "10.0.10.0/24"):
            _associate(lab, cidr, acl.id)
        result = grade("vpc.private_nacl", lab, record=False)
    assert result.passed, repr(result)


# -- vpc.endpoints near misses -------------------------------------------------------------
def _endpoint(lab, service):
    found = lab.client("ec2").describe_vpc_endpoints(
        Filters=[{"Name": "service-name", "Values": [f"com.amazonaws.{lab.region}.{service}"]}])["VpcEndpoints"]
    return next(e for e in found if e["State"] != "deleted")


def _s3_only_on_public_table(lab):
    s3 = _endpoint(lab, "s3")
    lab.client("ec2").modify_vpc_endpoint(VpcEndpointId=s3["VpcEndpointId"], RemoveRouteTableIds=s3["RouteTableIds"],
                                          AddRouteTableIds=[_table_of(lab, "10.0.0.0/24")])


def _s3_missing_db_table(lab):
    s3 = _endpoint(lab, "s3")
    lab.client("ec2").modify_vpc_endpoint(VpcEndpointId=s3["VpcEndpointId"],
                                          RemoveRouteTableIds=[_table_of(lab, "10.0.20.0/24")])


def _s3_as_interface(lab):
    ec2 = lab.client("ec2")
    ec2.delete_vpc_endpoints(VpcEndpointIds=[_endpoint(lab, "s3")["VpcEndpointId"]])
    ec2.create_vpc_endpoint(VpcId=_vpc_id(lab), ServiceName=f"com.amazonaws.{lab.region}.s3",
                            VpcEndpointType="Interface", SubnetIds=[_subnet(lab, "10.0.10.0/24")])


def _dkr_missing(lab):
    lab.client("ec2").delete_vpc_endpoints(VpcEndpointIds=[_endpoint(lab, "ecr.dkr")["VpcEndpointId"]])


def _api_in_db_subnets(lab):
    api = _endpoint(lab, "ecr.api")
    lab.client("ec2").modify_vpc_endpoint(
        VpcEndpointId=api["VpcEndpointId"], RemoveSubnetIds=api["SubnetIds"],
        AddSubnetIds=[_subnet(lab, "10.0.20.0/24"), _subnet(lab, "10.0.21.0/24")])


def _dkr_without_private_dns(lab):
    ec2 = lab.client("ec2")
    dkr = _endpoint(lab, "ecr.dkr")
    ec2.delete_vpc_endpoints(VpcEndpointIds=[dkr["VpcEndpointId"]])
    ec2.create_vpc_endpoint(VpcId=_vpc_id(lab), ServiceName=dkr["ServiceName"], VpcEndpointType="Interface",
                            SubnetIds=dkr["SubnetIds"], SecurityGroupIds=[g["GroupId"] for g in dkr["Groups"]],
                            PrivateDnsEnabled=False)


def _sg_from_one_subnet(lab):
    ec2 = lab.client("ec2")
    sg = _endpoint(lab, "ecr.api")["Groups"][0]["GroupId"]
    ec2.revoke_security_group_ingress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "10.0.0.0/16"}]}])
    ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "10.0.10.0/24"}]}])


def _sg_open_to_world(lab):
    lab.client("ec2").authorize_security_group_ingress(
        GroupId=_endpoint(lab, "ecr.dkr")["Groups"][0]["GroupId"], IpPermissions=[
            {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])


@pytest.mark.parametrize(
    ("near_miss", "expected"),
    [
        (_s3_only_on_public_table, ["vpce.s3_gateway"]),
        (_s3_missing_db_table, ["vpce.s3_gateway"]),
        (_s3_as_interface, ["vpce.s3_gateway"]),
        (_dkr_missing, ["vpce.ecr_dkr"]),
        (_api_in_db_subnets, ["vpce.ecr_api"]),
        (_dkr_without_private_dns, ["vpce.private_dns"]),
        (_sg_from_one_subnet, ["vpce.endpoint_sg"]),
        (_sg_open_to_world, ["vpce.endpoint_sg"]),
    ],
    ids=["s3-only-on-public-table", "s3-missing-db-table", "s3-interface-not-gateway", "dkr-missing",
         "api-in-db-subnets", "dkr-without-private-dns", "sg-443-from-one-subnet", "sg-open-to-world"],
)
def test_endpoint_near_misses(near_miss, expected):
    with labkit.Lab("three-tier-network") as lab:
        solve_endpoints(lab)
        near_miss(lab)
        result = grade("vpc.endpoints", lab, record=False)
    assert failed(result) == expected, repr(result)
    lost = sum(f.max_points for f in result.findings if not f.passed)
    assert result.score == result.max_score - lost


def test_endpoint_findings_say_what_is_wrong():
    with labkit.Lab("three-tier-network") as lab:
        solve_endpoints(lab)
        _s3_only_on_public_table(lab)
        _sg_from_one_subnet(lab)
        result = grade("vpc.endpoints", lab, record=False)
        app_rt, db_rt, public_rt = (_table_of(lab, c) for c in ("10.0.10.0/24", "10.0.20.0/24", "10.0.0.0/24"))
    s3 = finding(result, "vpce.s3_gateway")
    assert s3.message == (f"the S3 gateway endpoint {s3.resource} is not on the private route table(s) "
                          f"app-rt ({app_rt}), db-rt ({db_rt}) (it is on public-rt ({public_rt}) only)")
    assert "AddRouteTableIds" in s3.hint
    sg = finding(result, "vpce.endpoint_sg")
    assert "admit TCP 443 only from 10.0.10.0/24, not from the whole VPC 10.0.0.0/16" in sg.message
    assert "authorize_security_group_ingress" in sg.hint


def test_endpoints_built_another_way_in_another_region_score_full_marks():
    """No endpoint type given (Gateway is AWS's default), tables added later (the public one too),
    private DNS left to its default, the SG attached afterwards and admitting the VPC as two /17s."""
    with labkit.Lab("three-tier-network", region="eu-west-1", seed=7) as lab:
        ec2 = lab.client("ec2")
        vpc_id = _vpc_id(lab)
        s3 = ec2.create_vpc_endpoint(VpcId=vpc_id, ServiceName="com.amazonaws.eu-west-1.s3",
                                     RouteTableIds=[_table_of(lab, "10.0.11.0/24")])["VpcEndpoint"]
        ec2.modify_vpc_endpoint(VpcEndpointId=s3["VpcEndpointId"], AddRouteTableIds=[
            _table_of(lab, "10.0.21.0/24"), _table_of(lab, "10.0.1.0/24")])
        sg = lab.resource("ec2").create_security_group(GroupName="endpoints", Description="443 in", VpcId=vpc_id)
        sg.authorize_ingress(IpPermissions=[{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [
            {"CidrIp": "10.0.0.0/17"}, {"CidrIp": "10.0.128.0/17"}]}])
        app = [_subnet(lab, "10.0.11.0/24"), _subnet(lab, "10.0.10.0/24")]
        for kind in ("dkr", "api"):
            made = ec2.create_vpc_endpoint(VpcId=vpc_id, ServiceName=f"com.amazonaws.eu-west-1.ecr.{kind}",
                                           VpcEndpointType="Interface", SubnetIds=app)["VpcEndpoint"]
            ec2.modify_vpc_endpoint(VpcEndpointId=made["VpcEndpointId"], AddSecurityGroupIds=[sg.id])
        snap = lab.snapshot(["ec2"])
        result = grade("vpc.endpoints", lab, record=False)
    assert result.passed, repr(result)
    # The same endpoints judged as if the lab were in Seoul: eu-west-1 service names no longer count.
    seoul = copy.deepcopy(snap)
    seoul["labkit"]["region"] = "ap-northeast-2"
    wrong_region = grade_snapshot("vpc.endpoints", seoul)
    assert wrong_region.score == 0
    assert "com.amazonaws.ap-northeast-2.s3" in finding(wrong_region, "vpce.s3_gateway").message
    # Without a header the region is read off the subnets' availability zones.
    del snap["labkit"]
    assert grade_snapshot("vpc.endpoints", snap).passed


MANGLED = [
    ("vpc.private_nacl", "network_acls", [{"Entries": "x", "Associations": [None, 3], "IsDefault": "no"}, "acl"]),
    ("vpc.private_nacl", "network_acls", [{"NetworkAclId": 5, "Associations": [{"SubnetId": "*"}],
                                           "Entries": [{"RuleNumber": [], "CidrBlock": {}}]}]),
    ("vpc.private_nacl", "subnets", [{"CidrBlock": "10.0.10.0/24", "VpcId": None}, "subnet"]),
    ("vpc.endpoints", "vpc_endpoints", [{"VpcId": None, "ServiceName": 5, "RouteTableIds": "rtb"}, 7]),
    ("vpc.endpoints", "security_groups", [{"IpPermissions": [{"IpRanges": "x"}]}, None]),
    ("vpc.endpoints", "security_groups", [{"GroupId": "<endpoint sg>", "IpPermissions": [
        {"IpProtocol": "-1", "IpRanges": "x", "Ipv6Ranges": [{"CidrIpv6": "::/0"}, 4]}, "perm"]}]),
    ("vpc.endpoints", "route_tables", [{"Associations": "x"}, {"Associations": [{"Main": "yes"}]}]),
    ("vpc.endpoints", "vpcs", [{"Tags": {"Name": "main"}, "VpcId": "vpc-x", "CidrBlock": "nonsense",
                                "CidrBlockAssociationSet": [{"CidrBlockState": "x"}, 3]}]),
]


def test_mangled_parts_give_findings_not_exceptions():
    with labkit.Lab("three-tier-network") as lab:
        solve_private_nacl(lab)
        solve_endpoints(lab)
        snap = lab.snapshot(["ec2"])
    for task_id, key, junk in MANGLED:
        broken = copy.deepcopy(snap)
        if key == "vpcs":  # keep main's id so the other sections still point at it
            junk[0]["VpcId"] = next(v["VpcId"] for v in snap["ec2"]["vpcs"] if v["Tags"].get("Name") == "main")
        if key == "security_groups" and junk[0] and junk[0].get("GroupId") == "<endpoint sg>":
            endpoint = next(e for e in snap["ec2"]["vpc_endpoints"] if e["ServiceName"].endswith("ecr.api"))
            junk[0]["GroupId"] = endpoint["Groups"][0]["GroupId"]
        broken["ec2"][key] = junk
        result = grade_snapshot(task_id, broken)
        assert result.score < result.max_score, (key, repr(result))
        assert not any("could not check" in f.message for f in result.findings), (key, repr(result))
