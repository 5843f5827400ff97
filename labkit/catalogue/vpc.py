"""VPC tasks: the seed's three-tier network and its security groups."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..grading import Check, Task
from ..services.ec2 import (
    THREE_TIER_SUBNETS,
    build_three_tier_network,
    build_three_tier_security_groups,
)
from . import _network as net
from . import register

if TYPE_CHECKING:
    from ..lab import Lab

FSBP = "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html"
VPC_DOC = "https://docs.aws.amazon.com/vpc/latest/userguide/"
MAIN_MISSING = (
    False, "vpc main", "there is no VPC tagged Name=main",
    "Create it: ec2.create_vpc(CidrBlock='10.0.0.0/16', TagSpecifications=[{'ResourceType': 'vpc', "
    "'Tags': [{'Key': 'Name', 'Value': 'main'}]}])",
)


def _main(snap: dict[str, Any]) -> dict[str, Any] | None:
    return net.vpc_named(snap, "main")


def _tier_subnets(snap: dict[str, Any], tier: str) -> tuple[list[dict[str, Any]], list[str]]:
    """The subnets of ``tier`` found by their CIDRs in VPC main, and the CIDRs missing."""
    vpc = _main(snap) or {}
    by_cidr = {s.get("CidrBlock"): s for s in net.subnets_of(snap, vpc.get("VpcId", ""))}
    wanted = THREE_TIER_SUBNETS[tier]
    return [by_cidr[c] for c in wanted if c in by_cidr], [c for c in wanted if c not in by_cidr]


# -- vpc.three_tier_network -------------------------------------------------
def _vpc_cidr(snap: dict[str, Any]) -> tuple[bool, str, str, str]:
    vpc = _main(snap)
    if vpc is None:
        return MAIN_MISSING
    ok = vpc.get("CidrBlock") == "10.0.0.0/16"
    return (ok, vpc.get("VpcId", "?"), f"VPC main has CIDR {vpc.get('CidrBlock')}"
            + ("" if ok else ", expected 10.0.0.0/16"),
            "A VPC's primary CIDR cannot change: delete it and create it again with 10.0.0.0/16.")


def _subnet_plan(snap: dict[str, Any]) -> tuple[bool, str, str, str]:
    if _main(snap) is None:
        return MAIN_MISSING
    problems = []
    for tier in THREE_TIER_SUBNETS:
        found, missing = _tier_subnets(snap, tier)
        if missing:
            problems.append(f"{tier} subnet(s) {', '.join(missing)} missing")
        elif len({s.get("AvailabilityZone") for s in found}) < 2:
            problems.append(f"both {tier} subnets are in {found[0].get('AvailabilityZone')}")
    if problems:
        return (False, "vpc main", "subnet plan: " + "; ".join(problems),
                "Each tier needs two /24 subnets in two different AZs (e.g. ap-northeast-2a and 2b): "
                "public 10.0.0.0/24 + 10.0.1.0/24, app 10.0.10.0/24 + 10.0.11.0/24, "
                "db 10.0.20.0/24 + 10.0.21.0/24.")
    return True, "vpc main", "six subnets of the seed's plan, each tier across two AZs", ""


def _igw(snap: dict[str, Any]) -> tuple[bool, str, str, str]:
    vpc = _main(snap)
    if vpc is None:
        return MAIN_MISSING
    for igw in net.items(snap, "internet_gateways"):
        if any(a.get("VpcId") == vpc.get("VpcId") for a in igw.get("Attachments") or []):
            return True, igw.get("InternetGatewayId", "?"), "an internet gateway is attached to main", ""
    return (False, vpc.get("VpcId", "?"), "no internet gateway is attached to VPC main",
            "ec2.create_internet_gateway(), then ec2.attach_internet_gateway(InternetGatewayId=..., VpcId=...)")


def _nat(snap: dict[str, Any]) -> tuple[bool, str, str, str]:
    public, _ = _tier_subnets(snap, "public")
    public_ids = {s.get("SubnetId") for s in public}
    nats = net.live_nat_gateways(snap)
    for nat in nats:
        if nat.get("SubnetId") in public_ids:
            return True, nat.get("NatGatewayId", "?"), "a NAT gateway sits in a public subnet", ""
    where = f" (found one in {nats[0].get('SubnetId')}, which is not a public subnet)" if nats else ""
    return (False, "vpc main", "no NAT gateway in a public subnet" + where,
            "A NAT gateway needs a route to the internet itself: create it in 10.0.0.0/24 or 10.0.1.0/24 "
            "with an Elastic IP (ec2.allocate_address(Domain='vpc')).")


def _route_check(tier: str, want: str | None) -> Any:
    def run(snap: dict[str, Any]) -> tuple[bool, str, str, str]:
        if _main(snap) is None:
            return MAIN_MISSING
        found, missing = _tier_subnets(snap, tier)
        if missing:
            return (False, f"{tier} subnets", f"{tier} subnet(s) {', '.join(missing)} missing",
                    "Create the subnets first.")
        wrong = []
        for subnet in found:
            target = net.default_route_target(snap, subnet)
            kind = target.split("-", 1)[0] if target else None
            if kind != want:
                wrong.append(f"{subnet.get('CidrBlock')} → {target or 'no default route'}")
        expected = {"igw": "the internet gateway", "nat": "the NAT gateway", None: "nowhere"}[want]
        if wrong:
            hints = {
                "igw": "Give the public subnets a route table with 0.0.0.0/0 → igw-... and associate both.",
                "nat": "Give the app subnets a route table with 0.0.0.0/0 → nat-... (NatGatewayId=) and associate both.",
                None: "The db tier must not reach the internet: associate its subnets with a route table "
                      "that has only the local route.",
            }
            return (False, f"{tier} subnets", f"{tier} subnets' default route should go to {expected}: "
                    + "; ".join(wrong), hints[want])
        if want is None:
            return True, f"{tier} subnets", f"{tier} subnets have no default route", ""
        return True, f"{tier} subnets", f"{tier} subnets' default route goes to {expected}", ""

    return run


def _no_public_ips(snap: dict[str, Any]) -> tuple[bool, str, str, str]:
    if _main(snap) is None:
        return MAIN_MISSING
    (app, app_missing), (db, db_missing) = _tier_subnets(snap, "app"), _tier_subnets(snap, "db")
    if app_missing or db_missing:  # nothing to judge is not a pass
        return (False, "app/db subnets", f"subnet(s) {', '.join(app_missing + db_missing)} missing",
                "Create the app and db subnets first.")
    private = app + db
    auto = [s.get("CidrBlock") for s in private if s.get("MapPublicIpOnLaunch")]
    if auto:
        return (False, "app/db subnets", f"subnets {', '.join(auto)} give instances public IPs",
                "ec2.modify_subnet_attribute(SubnetId=..., MapPublicIpOnLaunch={'Value': False})")
    return True, "app/db subnets", "app and db subnets do not auto-assign public IPs", ""


register(Task(
    id="vpc.three_tier_network",
    topic="vpc",
    title="Build the seed's three-tier VPC",
    text=(
        "Build VPC `main` (10.0.0.0/16, tagged Name=main) following the seed's subnet plan: public "
        "10.0.0.0/24 + 10.0.1.0/24, app 10.0.10.0/24 + 10.0.11.0/24, db 10.0.20.0/24 + 10.0.21.0/24, "
        "each pair in two availability zones (가용 영역). Attach an internet gateway, put a NAT gateway "
        "in a public subnet, route 0.0.0.0/0 from the public subnets to the internet gateway and from "
        "the app subnets to the NAT gateway, give the db subnets no default route, and make sure the "
        "app and db subnets do not auto-assign public IPs."
    ),
    starter=None,
    solution=build_three_tier_network,
    services=("ec2",),
    checks=(
        Check("vpc.cidr", 2, "VPC main is 10.0.0.0/16", _vpc_cidr, VPC_DOC + "vpc-cidr-blocks.html"),
        Check("vpc.subnets", 3, "six subnets across two AZs", _subnet_plan, VPC_DOC + "configure-subnets.html"),
        Check("vpc.igw", 1, "internet gateway attached", _igw, VPC_DOC + "VPC_Internet_Gateway.html"),
        Check("vpc.nat", 2, "NAT gateway in a public subnet", _nat, VPC_DOC + "vpc-nat-gateway.html"),
        Check("vpc.public_route", 2, "public route to the IGW", _route_check("public", "igw"),
              VPC_DOC + "VPC_Route_Tables.html"),
        Check("vpc.app_route", 2, "app route to the NAT", _route_check("app", "nat"),
              VPC_DOC + "VPC_Route_Tables.html"),
        Check("vpc.db_isolated", 2, "no default route for db", _route_check("db", None),
              VPC_DOC + "VPC_Route_Tables.html"),
        Check("vpc.no_public_ip", 1, "private subnets without public IPs", _no_public_ips,
              VPC_DOC + "vpc-ip-addressing.html"),
    ),
))


# -- vpc.security_groups ----------------------------------------------------
def _groups(snap: dict[str, Any]) -> dict[str, dict[str, Any]]:
    vpc = _main(snap) or {}
    return net.groups_of(snap, vpc.get("VpcId", ""))


def _sg_missing(name: str) -> tuple[bool, str, str, str]:
    return (False, name, f"no security group named {name} in VPC main",
            f"ec2.create_security_group(GroupName='{name}', Description='...', VpcId=<main's id>)")


def _web(snap: dict[str, Any]) -> tuple[bool, str, str, str]:
    web = _groups(snap).get("web-sg")
    if web is None:
        return _sg_missing("web-sg")
    missing = [p for p in (80, 443) if "0.0.0.0/0" not in net.admitted(web, p)[0]]
    if missing:
        return (False, web.get("GroupId", "web-sg"),
                f"web-sg does not admit TCP {', '.join(map(str, missing))} from 0.0.0.0/0",
                "Authorize ingress for TCP 80 and 443 with IpRanges=[{'CidrIp': '0.0.0.0/0'}].")
    return True, web.get("GroupId", "web-sg"), "web-sg admits HTTP and HTTPS from anywhere", ""


def _chained(name: str, port: int, source: str) -> Any:
    def run(snap: dict[str, Any]) -> tuple[bool, str, str, str]:
        groups = _groups(snap)
        group, src = groups.get(name), groups.get(source)
        if group is None:
            return _sg_missing(name)
        if src is None:
            return _sg_missing(source)
        cidrs, sg_ids = net.admitted(group, port)
        gid = group.get("GroupId", name)
        if cidrs:
            return (False, gid, f"{name} admits TCP {port} from address ranges {', '.join(sorted(cidrs))}",
                    f"Reference the {source} group instead of addresses: UserIdGroupPairs=[{{'GroupId': "
                    f"<{source} id>}}], and revoke the CIDR rule.")
        if sg_ids != {src.get("GroupId")}:
            return (False, gid, f"{name} does not admit TCP {port} from {source} only",
                    f"Authorize TCP {port} with UserIdGroupPairs=[{{'GroupId': <{source} id>}}].")
        return True, gid, f"{name} admits TCP {port} only from {source}", ""

    return run


def _no_admin_ports(snap: dict[str, Any]) -> tuple[bool, str, str, str]:
    if _main(snap) is None:
        return MAIN_MISSING
    absent = [n for n in ("web-sg", "app-sg", "db-sg") if n not in _groups(snap)]
    if absent:  # nothing built yet is not a pass
        return (False, "vpc main", f"create {', '.join(absent)} first; then no group may open SSH or RDP",
                "Build the three groups; keep TCP 22 and 3389 closed to 0.0.0.0/0 and ::/0.")
    open_ = []
    for name, group in sorted(_groups(snap).items()):
        for port, label in ((22, "SSH"), (3389, "RDP")):
            cidrs = net.admitted(group, port)[0]
            if cidrs & set(net.ANYWHERE):
                open_.append(f"{name} opens {label} ({port}) to the world")
    if open_:
        return (False, "vpc main", "; ".join(open_),
                "Revoke those rules (EC2.13/EC2.14): use Session Manager or a bastion reachable only from "
                "your own address instead.")
    return True, "vpc main", "no security group opens SSH or RDP to the world", ""


def _default_sg(snap: dict[str, Any]) -> tuple[bool, str, str, str]:
    if _main(snap) is None:
        return MAIN_MISSING
    default = _groups(snap).get("default")
    if default is None:
        return False, "default", "VPC main has no default security group in the snapshot", ""
    rules = len(default.get("IpPermissions") or []) + len(default.get("IpPermissionsEgress") or [])
    gid = default.get("GroupId", "default")
    if rules:
        return (False, gid, f"the default security group of main still has {rules} rule(s) (EC2.2)",
                "Revoke its inbound self-reference and its outbound allow-all rule so nothing uses it by accident.")
    return True, gid, "the default security group of main has no rules (EC2.2)", ""


def solve_security_groups(lab: Lab) -> None:
    build_three_tier_security_groups(lab)
    ec2 = lab.client("ec2")
    vpc_id = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["main"]}])["Vpcs"][0]["VpcId"]
    default = ec2.describe_security_groups(
        Filters=[{"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "group-name", "Values": ["default"]}]
    )["SecurityGroups"][0]
    if default["IpPermissions"]:
        ec2.revoke_security_group_ingress(GroupId=default["GroupId"], IpPermissions=default["IpPermissions"])
    if default["IpPermissionsEgress"]:
        ec2.revoke_security_group_egress(GroupId=default["GroupId"], IpPermissions=default["IpPermissionsEgress"])


register(Task(
    id="vpc.security_groups",
    topic="vpc",
    title="Security groups for the three tiers",
    text=(
        "In VPC `main`, create `web-sg` admitting TCP 80 and 443 from anywhere, `app-sg` admitting TCP "
        "8080 only from `web-sg`, and `db-sg` admitting TCP 3306 only from `app-sg` (reference the "
        "groups, not addresses: security groups are stateful, 상태 저장). No group may open SSH or RDP "
        "to the world, and the VPC's default security group must have no rules (FSBP EC2.2)."
    ),
    starter="three-tier-network",
    solution=solve_security_groups,
    services=("ec2",),
    checks=(
        Check("web-sg", 2, "web-sg admits 80/443", _web, FSBP),
        Check("app-sg", 2, "app-sg admits 8080 from web-sg", _chained("app-sg", 8080, "web-sg"), FSBP),
        Check("db-sg", 2, "db-sg admits 3306 from app-sg", _chained("db-sg", 3306, "app-sg"), FSBP),
        Check("EC2.13", 2, "no SSH/RDP from anywhere", _no_admin_ports, FSBP + "#ec2-13"),
        Check("EC2.2", 2, "default SG has no rules", _default_sg, FSBP + "#ec2-2"),
    ),
))
