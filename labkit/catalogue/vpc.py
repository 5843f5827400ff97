"""VPC tasks: the seed's three-tier network, its security groups, a network ACL
for the private app subnets and VPC endpoints."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Any

from ..grading import Check, Task
from ..i18n import join, msg
from ..services.ec2 import (
    THREE_TIER_SUBNETS,
    build_three_tier_network,
    build_three_tier_security_groups,
    find_vpc,
)
from ..snapread import dicts, listed, sub, tags, text
from . import _nacl as nacl
from . import _network as net
from . import register

if TYPE_CHECKING:
    from ..lab import Lab

FSBP = "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html"
VPC_DOC = "https://docs.aws.amazon.com/vpc/latest/userguide/"
MAIN_MISSING = (
    False, "vpc main", msg("there is no VPC tagged Name=main"),
    msg("Create it: ec2.create_vpc(CidrBlock='10.0.0.0/16', TagSpecifications=[{{'ResourceType': 'vpc', "
        "'Tags': [{{'Key': 'Name', 'Value': 'main'}}]}}])"),
)
# Tier names as the Korean course writes them (퍼블릭, 앱, DB); the resource labels stay English.
TIER_NAMES = {"public": msg("public"), "app": msg("app"), "db": msg("db")}


def _tier(tier: str) -> Any:
    return TIER_NAMES.get(tier, tier)


# Joining sentences that are Msgs keeps each one translatable ("; ".join would freeze them in English).
def _semicolons(parts: list[Any]) -> Any:
    return join("; ", parts)


def _commas(parts: list[Any]) -> Any:
    return join(", ", parts)


def _bars(parts: list[Any]) -> Any:
    head = parts[0]
    for part in parts[1:]:
        head = msg("{head} | {part}", head=head, part=part)
    return head


def _main(snap: dict[str, Any]) -> dict[str, Any] | None:
    return net.vpc_named(snap, "main")


def _tier_subnets(snap: dict[str, Any], tier: str) -> tuple[list[dict[str, Any]], list[str]]:
    """The subnets of ``tier`` found by their CIDRs in VPC main, and the CIDRs missing."""
    vpc = _main(snap) or {}
    by_cidr = {text(s.get("CidrBlock")): s for s in net.subnets_of(snap, vpc.get("VpcId", ""))}
    wanted = THREE_TIER_SUBNETS[tier]
    return [by_cidr[c] for c in wanted if c in by_cidr], [c for c in wanted if c not in by_cidr]


# -- vpc.three_tier_network -------------------------------------------------
def _vpc_cidr(snap: dict[str, Any]) -> tuple[bool, str, str, str]:
    vpc = _main(snap)
    if vpc is None:
        return MAIN_MISSING
    ok = vpc.get("CidrBlock") == "10.0.0.0/16"
    found = (msg("VPC main has CIDR {cidr}", cidr=vpc.get("CidrBlock")) if ok
             else msg("VPC main has CIDR {cidr}, expected 10.0.0.0/16", cidr=vpc.get("CidrBlock")))
    return (ok, vpc.get("VpcId", "?"), found,
            msg("A VPC's primary CIDR cannot change: delete it and create it again with 10.0.0.0/16."))


def _subnet_plan(snap: dict[str, Any]) -> tuple[bool, str, str, str]:
    if _main(snap) is None:
        return MAIN_MISSING
    problems = []
    for tier in THREE_TIER_SUBNETS:
        found, missing = _tier_subnets(snap, tier)
        if missing:
            problems.append(msg("{tier} subnet(s) {cidrs} missing", tier=_tier(tier), cidrs=", ".join(missing)))
        elif len({s.get("AvailabilityZone") for s in found}) < 2:
            problems.append(msg("both {tier} subnets are in {zone}", tier=_tier(tier),
                                zone=found[0].get("AvailabilityZone")))
    if problems:
        return (False, "vpc main", msg("subnet plan: {problems}", problems=_semicolons(problems)),
                msg("Each tier needs two /24 subnets in two different AZs (e.g. ap-northeast-2a and 2b): "
                    "public 10.0.0.0/24 + 10.0.1.0/24, app 10.0.10.0/24 + 10.0.11.0/24, "
                    "db 10.0.20.0/24 + 10.0.21.0/24."))
    return True, "vpc main", msg("six subnets of the seed's plan, each tier across two AZs"), ""


def _igw(snap: dict[str, Any]) -> tuple[bool, str, str, str]:
    vpc = _main(snap)
    if vpc is None:
        return MAIN_MISSING
    for igw in net.items(snap, "internet_gateways"):
        if any(a.get("VpcId") == vpc.get("VpcId") for a in igw.get("Attachments") or []):
            return True, igw.get("InternetGatewayId", "?"), msg("an internet gateway is attached to main"), ""
    return (False, vpc.get("VpcId", "?"), msg("no internet gateway is attached to VPC main"),
            msg("ec2.create_internet_gateway(), then ec2.attach_internet_gateway(InternetGatewayId=..., VpcId=...)"))


def _nat(snap: dict[str, Any]) -> tuple[bool, str, str, str]:
    public, _ = _tier_subnets(snap, "public")
    public_ids = {s.get("SubnetId") for s in public}
    nats = net.live_nat_gateways(snap)
    for nat in nats:
        if nat.get("SubnetId") in public_ids:
            return True, nat.get("NatGatewayId", "?"), msg("a NAT gateway sits in a public subnet"), ""
    found = (msg("no NAT gateway in a public subnet (found one in {subnet}, which is not a public subnet)",
                 subnet=nats[0].get("SubnetId")) if nats else msg("no NAT gateway in a public subnet"))
    return (False, "vpc main", found,
            msg("A NAT gateway needs a route to the internet itself: create it in 10.0.0.0/24 or 10.0.1.0/24 "
                "with an Elastic IP (ec2.allocate_address(Domain='vpc'))."))


def _route_check(tier: str, want: str | None) -> Any:
    def run(snap: dict[str, Any]) -> tuple[bool, str, str, str]:
        if _main(snap) is None:
            return MAIN_MISSING
        found, missing = _tier_subnets(snap, tier)
        if missing:
            return (False, f"{tier} subnets", msg("{tier} subnet(s) {cidrs} missing", tier=_tier(tier),
                                                  cidrs=", ".join(missing)),
                    msg("Create the subnets first."))
        wrong = []
        for subnet in found:
            target = net.default_route_target(snap, subnet)
            kind = target.split("-", 1)[0] if target else None
            if kind != want:
                wrong.append(msg("{cidr} → {target}", cidr=subnet.get("CidrBlock"), target=target) if target
                             else msg("{cidr} → no default route", cidr=subnet.get("CidrBlock")))
        name = _tier(tier)
        if wrong:
            routes = _semicolons(wrong)
            if want == "igw":
                return (False, f"{tier} subnets",
                        msg("{tier} subnets' default route should go to the internet gateway: {routes}",
                            tier=name, routes=routes),
                        msg("Give the public subnets a route table with 0.0.0.0/0 → igw-... and associate both."))
            if want == "nat":
                return (False, f"{tier} subnets",
                        msg("{tier} subnets' default route should go to the NAT gateway: {routes}",
                            tier=name, routes=routes),
                        msg("Give the app subnets a route table with 0.0.0.0/0 → nat-... (NatGatewayId=) and "
                            "associate both."))
            return (False, f"{tier} subnets",
                    msg("{tier} subnets' default route should go to nowhere: {routes}", tier=name, routes=routes),
                    msg("The db tier must not reach the internet: associate its subnets with a route table "
                        "that has only the local route."))
        if want is None:
            return True, f"{tier} subnets", msg("{tier} subnets have no default route", tier=name), ""
        if want == "igw":
            return (True, f"{tier} subnets",
                    msg("{tier} subnets' default route goes to the internet gateway", tier=name), "")
        return True, f"{tier} subnets", msg("{tier} subnets' default route goes to the NAT gateway", tier=name), ""

    return run


def _no_public_ips(snap: dict[str, Any]) -> tuple[bool, str, str, str]:
    if _main(snap) is None:
        return MAIN_MISSING
    (app, app_missing), (db, db_missing) = _tier_subnets(snap, "app"), _tier_subnets(snap, "db")
    if app_missing or db_missing:  # nothing to judge is not a pass
        return (False, "app/db subnets", msg("subnet(s) {cidrs} missing", cidrs=", ".join(app_missing + db_missing)),
                msg("Create the app and db subnets first."))
    private = app + db
    auto = [s.get("CidrBlock") for s in private if s.get("MapPublicIpOnLaunch")]
    if auto:
        return (False, "app/db subnets", msg("subnets {cidrs} give instances public IPs", cidrs=", ".join(auto)),
                msg("ec2.modify_subnet_attribute(SubnetId=..., MapPublicIpOnLaunch={{'Value': False}})"))
    return True, "app/db subnets", msg("app and db subnets do not auto-assign public IPs"), ""


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
        Check("vpc.cidr", 2, msg("VPC main is 10.0.0.0/16"), _vpc_cidr, VPC_DOC + "vpc-cidr-blocks.html"),
        Check("vpc.subnets", 3, msg("six subnets across two AZs"), _subnet_plan,
              VPC_DOC + "configure-subnets.html"),
        Check("vpc.igw", 1, msg("internet gateway attached"), _igw, VPC_DOC + "VPC_Internet_Gateway.html"),
        Check("vpc.nat", 2, msg("NAT gateway in a public subnet"), _nat, VPC_DOC + "vpc-nat-gateway.html"),
        Check("vpc.public_route", 2, msg("public route to the IGW"), _route_check("public", "igw"),
              VPC_DOC + "VPC_Route_Tables.html"),
        Check("vpc.app_route", 2, msg("app route to the NAT"), _route_check("app", "nat"),
              VPC_DOC + "VPC_Route_Tables.html"),
        Check("vpc.db_isolated", 2, msg("no default route for db"), _route_check("db", None),
              VPC_DOC + "VPC_Route_Tables.html"),
        Check("vpc.no_public_ip", 1, msg("private subnets without public IPs"), _no_public_ips,
              VPC_DOC + "vpc-ip-addressing.html"),
    ),
))


# -- vpc.security_groups ----------------------------------------------------
def _groups(snap: dict[str, Any]) -> dict[str, dict[str, Any]]:
    vpc = _main(snap) or {}
    return net.groups_of(snap, vpc.get("VpcId", ""))


def _sg_missing(name: str) -> tuple[bool, str, str, str]:
    return (False, name, msg("no security group named {name} in VPC main", name=name),
            msg("ec2.create_security_group(GroupName='{name}', Description='...', VpcId=<main's id>)", name=name))


def _web(snap: dict[str, Any]) -> tuple[bool, str, str, str]:
    web = _groups(snap).get("web-sg")
    if web is None:
        return _sg_missing("web-sg")
    missing = [p for p in (80, 443) if "0.0.0.0/0" not in net.admitted(web, p)[0]]
    if missing:
        return (False, web.get("GroupId", "web-sg"),
                msg("web-sg does not admit TCP {ports} from 0.0.0.0/0", ports=", ".join(map(str, missing))),
                msg("Authorize ingress for TCP 80 and 443 with IpRanges=[{{'CidrIp': '0.0.0.0/0'}}]."))
    return True, web.get("GroupId", "web-sg"), msg("web-sg admits HTTP and HTTPS from anywhere"), ""


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
            return (False, gid, msg("{name} admits TCP {port} from address ranges {cidrs}", name=name, port=port,
                                    cidrs=", ".join(sorted(cidrs))),
                    msg("Reference the {source} group instead of addresses: UserIdGroupPairs=[{{'GroupId': "
                        "<{source} id>}}], and revoke the CIDR rule.", source=source))
        if sg_ids != {src.get("GroupId")}:
            return (False, gid, msg("{name} does not admit TCP {port} from {source} only", name=name, port=port,
                                    source=source),
                    msg("Authorize TCP {port} with UserIdGroupPairs=[{{'GroupId': <{source} id>}}].", port=port,
                        source=source))
        return True, gid, msg("{name} admits TCP {port} only from {source}", name=name, port=port, source=source), ""

    return run


def _no_admin_ports(snap: dict[str, Any]) -> tuple[bool, str, str, str]:
    if _main(snap) is None:
        return MAIN_MISSING
    absent = [n for n in ("web-sg", "app-sg", "db-sg") if n not in _groups(snap)]
    if absent:  # nothing built yet is not a pass
        return (False, "vpc main", msg("create {groups} first; then no group may open SSH or RDP",
                                       groups=", ".join(absent)),
                msg("Build the three groups; keep TCP 22 and 3389 closed to 0.0.0.0/0 and ::/0."))
    open_ = []
    for name, group in sorted(_groups(snap).items()):
        for port, label in ((22, "SSH"), (3389, "RDP")):
            cidrs = net.admitted(group, port)[0]
            if cidrs & set(net.ANYWHERE):
                open_.append(msg("{name} opens {label} ({port}) to the world", name=name, label=label, port=port))
    if open_:
        return (False, "vpc main", _semicolons(open_),
                msg("Revoke those rules (EC2.13/EC2.14): use Session Manager or a bastion reachable only from "
                    "your own address instead."))
    return True, "vpc main", msg("no security group opens SSH or RDP to the world"), ""


def _default_sg(snap: dict[str, Any]) -> tuple[bool, str, str, str]:
    if _main(snap) is None:
        return MAIN_MISSING
    default = _groups(snap).get("default")
    if default is None:
        return False, "default", msg("VPC main has no default security group in the snapshot"), ""
    rules = len(default.get("IpPermissions") or []) + len(default.get("IpPermissionsEgress") or [])
    gid = default.get("GroupId", "default")
    if rules:
        return (False, gid, msg("the default security group of main still has {rules} rule(s) (EC2.2)", rules=rules),
                msg("Revoke its inbound self-reference and its outbound allow-all rule so nothing uses it by "
                    "accident."))
    return True, gid, msg("the default security group of main has no rules (EC2.2)"), ""


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
        Check("web-sg", 2, msg("web-sg admits 80/443"), _web, FSBP),
        Check("app-sg", 2, msg("app-sg admits 8080 from web-sg"), _chained("app-sg", 8080, "web-sg"), FSBP),
        Check("db-sg", 2, msg("db-sg admits 3306 from app-sg"), _chained("db-sg", 3306, "app-sg"), FSBP),
        Check("EC2.13", 2, msg("no SSH/RDP from anywhere"), _no_admin_ports, FSBP + "#ec2-13"),
        Check("EC2.2", 2, msg("default SG has no rules"), _default_sg, FSBP + "#ec2-2"),
    ),
))


# -- vpc.private_nacl -------------------------------------------------------
NACL_DOC = VPC_DOC + "vpc-network-acls.html"
APP_CIDRS = ", ".join(THREE_TIER_SUBNETS["app"])
_P = nacl.Packet
# The graded packets: (packet, should it pass?). Peers outside the VPC are documentation
# addresses (RFC 5737) or well-known public ones (52.95.0.1 is in S3's Seoul range).
NACL_INBOUND: tuple[tuple[nacl.Packet, bool], ...] = (
    (_P("ingress", "tcp", 8080, "10.0.0.10", note=msg("web tier, public subnet a")), True),
    (_P("ingress", "tcp", 8080, "10.0.1.20", note=msg("web tier, public subnet b")), True),
    (_P("ingress", "tcp", 8080, "10.0.20.5", note=msg("db subnet")), False),
    (_P("ingress", "tcp", 8080, "203.0.113.9", note=msg("internet")), False),
    (_P("ingress", "tcp", 22, "203.0.113.9", note=msg("SSH from the internet")), False),
    (_P("ingress", "tcp", 22, "10.0.0.10", note=msg("SSH from the web tier")), False),
    (_P("ingress", "tcp", 443, "198.51.100.7", note=msg("HTTPS from the internet")), False),
    (_P("ingress", "tcp", 80, "10.0.0.10", note=msg("HTTP from the web tier")), False),
    (_P("ingress", "tcp", 40000, "52.95.0.1", note=msg("reply from S3 over HTTPS")), True),
    (_P("ingress", "tcp", 50123, "10.0.20.7", note=msg("reply from the database")), True),
    (_P("ingress", "tcp", 1024, "203.0.113.9", note=msg("lowest ephemeral port")), True),
    (_P("ingress", "tcp", 65535, "10.0.21.7", note=msg("highest ephemeral port")), True),
    (_P("ingress", "tcp", 1023, "203.0.113.9", note=msg("just below the ephemeral range")), False),
    (_P("ingress", "udp", 53, "203.0.113.9", note=msg("DNS from the internet")), False),
    (_P("ingress", "icmp", None, "203.0.113.9", note=msg("ping from the internet")), False),
)
NACL_OUTBOUND: tuple[tuple[nacl.Packet, bool], ...] = (
    (_P("egress", "tcp", 443, "52.95.0.1", note=msg("HTTPS to S3")), True),
    (_P("egress", "tcp", 443, "203.0.113.9", note=msg("HTTPS to any site")), True),
    (_P("egress", "tcp", 3306, "10.0.20.7", note=msg("MySQL in db subnet a")), True),
    (_P("egress", "tcp", 3306, "10.0.21.7", note=msg("MySQL in db subnet b")), True),
    (_P("egress", "tcp", 3306, "8.8.8.8", note=msg("MySQL on the internet")), False),
    (_P("egress", "tcp", 3306, "10.0.0.10", note=msg("MySQL in a public subnet")), False),
    (_P("egress", "tcp", 80, "198.51.100.7", note=msg("plain HTTP to the internet")), False),
    (_P("egress", "tcp", 22, "10.0.20.7", note=msg("SSH to the db tier")), False),
    (_P("egress", "tcp", 40000, "10.0.0.10", note=msg("reply to the web tier")), True),
    (_P("egress", "tcp", 1024, "10.0.1.20", note=msg("lowest ephemeral port")), True),
    (_P("egress", "tcp", 65535, "203.0.113.9", note=msg("highest ephemeral port")), True),
    (_P("egress", "tcp", 1023, "203.0.113.9", note=msg("just below the ephemeral range")), False),
    (_P("egress", "udp", 53, "8.8.8.8", note=msg("DNS to the internet")), False),
    (_P("egress", "icmp", None, "8.8.8.8", note=msg("ping to the internet")), False),
)
# The reference rule set: (number, egress, action, from port, to port, CIDR), all TCP. The denies
# for 8080 and 3306 come before the ephemeral allows because both ports lie inside 1024-65535.
PRIVATE_NACL_RULES: tuple[tuple[int, bool, str, int, int, str], ...] = (
    (100, False, "allow", 8080, 8080, "10.0.0.0/24"),
    (110, False, "allow", 8080, 8080, "10.0.1.0/24"),
    (120, False, "deny", 8080, 8080, "0.0.0.0/0"),
    (130, False, "allow", 1024, 65535, "0.0.0.0/0"),
    (100, True, "allow", 443, 443, "0.0.0.0/0"),
    (110, True, "allow", 3306, 3306, "10.0.20.0/24"),
    (120, True, "allow", 3306, 3306, "10.0.21.0/24"),
    (130, True, "deny", 3306, 3306, "0.0.0.0/0"),
    (140, True, "allow", 1024, 65535, "0.0.0.0/0"),
)
_ASSOCIATE_HINT = msg(
    "Find each app subnet's current association (ec2.describe_network_acls(Filters=[{{'Name': "
    "'association.subnet-id', 'Values': [subnet_id]}}])) and move it: "
    "ec2.replace_network_acl_association(AssociationId=..., NetworkAclId=<your NACL>)."
)


def _acl_id(acl: dict[str, Any]) -> str:
    return text(acl.get("NetworkAclId"), "?") or "?"


def _app_subnets_or_fail(snap: dict[str, Any]) -> tuple[list[dict[str, Any]], tuple[bool, str, str, str] | None]:
    if _main(snap) is None:
        return [], MAIN_MISSING
    app, missing = _tier_subnets(snap, "app")
    if missing:
        return [], (False, "app subnets", msg("app subnet(s) {cidrs} missing in VPC main", cidrs=", ".join(missing)),
                    msg("Create the app subnets 10.0.10.0/24 and 10.0.11.0/24 first (scenario three-tier-network)."))
    return app, None


def _custom_app_acls(snap: dict[str, Any], app: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The non-default NACLs that apply to the app subnets, each once, by id."""
    found: dict[str, dict[str, Any]] = {}
    for subnet in app:
        acl = net.network_acl_for(snap, subnet)
        if acl is not None and acl.get("IsDefault") is not True:
            found[_acl_id(acl)] = acl
    return [found[k] for k in sorted(found)]


def _nacl_association(snap: dict[str, Any]) -> tuple[bool, str, str, str]:
    app, failure = _app_subnets_or_fail(snap)
    if failure:
        return failure
    problems: list[Any] = []
    for subnet in app:
        acl = net.network_acl_for(snap, subnet)
        if acl is None or acl.get("IsDefault") is True:
            problems.append(
                msg("app subnet {cidr} still uses the default network ACL {acl}, which allows all traffic",
                    cidr=subnet.get("CidrBlock"), acl=_acl_id(acl)) if acl
                else msg("app subnet {cidr} still uses no network ACL, which allows all traffic",
                         cidr=subnet.get("CidrBlock")))
    custom = _custom_app_acls(snap, app)
    if len(custom) > 1:
        problems.append(msg("the app subnets use different network ACLs ({acls}); give both the same one",
                            acls=", ".join(map(_acl_id, custom))))
    others = _other_tier_subnets(snap)
    for acl in custom:
        for assoc in dicts(acl, "Associations"):
            where = others.get(text(assoc.get("SubnetId")))
            if where:
                problems.append(msg("{acl} is also associated with {where}, whose traffic it would block",
                                    acl=_acl_id(acl), where=where))
    resource = _acl_id(custom[0]) if custom else "app subnets"
    if problems:
        return (False, resource, _semicolons(problems),
                msg("Create one NACL (ec2.create_network_acl(VpcId=<main>)) for the app tier and associate it with "
                    "both app subnets ({cidrs}) only. {associate}", cidrs=APP_CIDRS, associate=_ASSOCIATE_HINT))
    return True, resource, msg("{acl} is associated with both app subnets ({cidrs})", acl=resource, cidrs=APP_CIDRS), ""


def _other_tier_subnets(snap: dict[str, Any]) -> dict[str, Any]:
    """Subnet id → "public subnet 10.0.0.0/24" (and db) for the subnets outside the app tier."""
    return {text(s.get("SubnetId")): msg("{tier} subnet {cidr}", tier=_tier(tier), cidr=s.get("CidrBlock"))
            for tier in ("public", "db") for s in _tier_subnets(snap, tier)[0]}


def _simulate(table: tuple[tuple[nacl.Packet, bool], ...], direction: str, want: Any, hint: Any) -> Any:
    """Grade the app NACL on ``table``; ``direction`` is "inbound" or "outbound"."""
    inbound = direction == "inbound"

    def run(snap: dict[str, Any]) -> tuple[bool, str, str, str]:
        app, failure = _app_subnets_or_fail(snap)
        if failure:
            return failure
        acls = _custom_app_acls(snap, app)
        if not acls:
            return (False, "app subnets", msg("no network ACL of its own is associated with the app subnets "
                                              "({cidrs}): they use the default NACL, which allows all traffic",
                                              cidrs=APP_CIDRS),
                    msg("ec2.create_network_acl(VpcId=<main>), add its rules with ec2.create_network_acl_entry, "
                        "then associate it with the app subnets. {associate}", associate=_ASSOCIATE_HINT))
        reports = []
        for acl in acls:
            wrong = []
            rules = nacl.rules_of(acl)
            for packet, should in table:
                decision = nacl.decide(rules, packet)
                if decision.allowed != should:
                    wrong.append(msg("{decision}; it should be allowed", decision=decision.describe()) if should
                                 else msg("{decision}; it should be denied", decision=decision.describe()))
            if wrong:
                counts = {"acl": _acl_id(acl), "wrong": len(wrong), "total": len(table), "packets": _bars(wrong)}
                reports.append(msg("{acl} gets {wrong} of {total} inbound test packets wrong: {packets}", **counts)
                               if inbound else
                               msg("{acl} gets {wrong} of {total} outbound test packets wrong: {packets}", **counts))
        ids = ", ".join(map(_acl_id, acls))
        if reports:
            return False, ids, _semicolons(reports), hint
        if inbound:
            return (True, ids, msg("{acls} decides all {total} inbound test packets correctly ({want})", acls=ids,
                                   total=len(table), want=want), "")
        return (True, ids, msg("{acls} decides all {total} outbound test packets correctly ({want})", acls=ids,
                               total=len(table), want=want), "")

    return run


def _subnet_ids(lab: Lab, vpc_id: str, tier: str) -> list[str]:
    subnets = lab.client("ec2").describe_subnets(Filters=[
        {"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "cidr-block", "Values": list(THREE_TIER_SUBNETS[tier])},
    ])["Subnets"]
    order = {cidr: i for i, cidr in enumerate(THREE_TIER_SUBNETS[tier])}
    return [s["SubnetId"] for s in sorted(subnets, key=lambda s: order[s["CidrBlock"]])]


def solve_private_nacl(lab: Lab) -> None:
    """Reference solution: the app NACL with its denies before the ephemeral allows, on both app subnets."""
    ec2 = lab.client("ec2")
    vpc_id = find_vpc(lab)
    acl_id = ec2.create_network_acl(VpcId=vpc_id, TagSpecifications=[
        {"ResourceType": "network-acl", "Tags": [{"Key": "Name", "Value": "app-nacl"}]}
    ])["NetworkAcl"]["NetworkAclId"]
    for number, egress, action, low, high, cidr in PRIVATE_NACL_RULES:
        ec2.create_network_acl_entry(
            NetworkAclId=acl_id, RuleNumber=number, Protocol="6", RuleAction=action, Egress=egress,
            CidrBlock=cidr, PortRange={"From": low, "To": high},
        )
    for subnet_id in _subnet_ids(lab, vpc_id, "app"):
        current = ec2.describe_network_acls(
            Filters=[{"Name": "association.subnet-id", "Values": [subnet_id]}]
        )["NetworkAcls"][0]
        assoc = next(a for a in current["Associations"] if a["SubnetId"] == subnet_id)
        ec2.replace_network_acl_association(AssociationId=assoc["NetworkAclAssociationId"], NetworkAclId=acl_id)


register(Task(
    id="vpc.private_nacl",
    topic="vpc",
    title="A network ACL for the private app subnets",
    text=(
        "Give the app tier of VPC `main` its own network ACL (네트워크 ACL) and associate it with both app "
        "subnets, 10.0.10.0/24 and 10.0.11.0/24 (the public and db subnets keep theirs).\n\n"
        "- **Inbound** it admits TCP 8080 only from the public subnets (10.0.0.0/24, 10.0.1.0/24) and return "
        "traffic on TCP 1024-65535 (ephemeral ports) from anywhere.\n"
        "- **Outbound** it lets out TCP 443 to anywhere, TCP 3306 only to the db subnets (10.0.20.0/24, "
        "10.0.21.0/24) and return traffic on TCP 1024-65535.\n"
        "- Everything else is denied, in both directions.\n\n"
        "| | Security group | Network ACL |\n"
        "|---|---|---|\n"
        "| state | stateful (상태 저장 방화벽): replies are let back automatically | stateless (상태 비저장 방화벽): "
        "replies need their own rule on the ephemeral ports 1024-65535 |\n"
        "| applies to | network interfaces (instances) | whole subnets |\n"
        "| rules | allow only | allow and deny |\n"
        "| evaluation | all rules together | by rule number, lowest first; the first match decides; the final "
        "`*` rule denies the rest |\n\n"
        "The grader sends test packets through the NACL in both directions, so rule order counts. Careful: "
        "8080 and 3306 both lie inside 1024-65535, so a table like the usual example (100 and 110 allow 8080 "
        "from the public subnets, 120 allows 1024-65535 from 0.0.0.0/0) still lets 8080 in from anywhere."
    ),
    starter="three-tier-security-groups",
    solution=solve_private_nacl,
    services=("ec2",),
    checks=(
        Check("nacl.association", 2, msg("NACL on both app subnets"), _nacl_association, NACL_DOC),
        Check("nacl.inbound", 4, msg("inbound packets decided correctly"),
              _simulate(NACL_INBOUND, "inbound", msg("8080 only from the public subnets, replies on 1024-65535, "
                                                     "the rest denied"),
                        msg("Inbound rules (Egress=False) are read lowest number first and the first match decides: "
                            "allow TCP 8080 from 10.0.0.0/24 and 10.0.1.0/24, then deny TCP 8080 from 0.0.0.0/0, "
                            "then allow TCP 1024-65535 from 0.0.0.0/0 (ec2.create_network_acl_entry or "
                            "ec2.replace_network_acl_entry; ec2.delete_network_acl_entry for a stray rule).")),
              VPC_DOC + "nacl-rules.html"),
        Check("nacl.outbound", 4, msg("outbound packets decided correctly"),
              _simulate(NACL_OUTBOUND, "outbound", msg("443 anywhere, 3306 only to the db subnets, replies on "
                                                       "1024-65535, the rest denied"),
                        msg("Outbound rules (Egress=True) are read lowest number first and the first match decides: "
                            "allow TCP 443 to 0.0.0.0/0, allow TCP 3306 to 10.0.20.0/24 and 10.0.21.0/24, then deny "
                            "TCP 3306 to 0.0.0.0/0, then allow TCP 1024-65535 to 0.0.0.0/0 "
                            "(ec2.create_network_acl_entry(..., Egress=True)).")),
              VPC_DOC + "nacl-rules.html"),
    ),
))



# -- vpc.endpoints ------------------------------------------------------------
ENDPOINT_DOC = "https://docs.aws.amazon.com/vpc/latest/privatelink/"
ECR_KINDS = ("api", "dkr")


def _service(snap: dict[str, Any], service: str) -> str:
    return f"com.amazonaws.{net.lab_region(snap) or '<region>'}.{service}"


def _table_label(table: dict[str, Any]) -> str:
    name, table_id = tags(table).get("Name", ""), text(table.get("RouteTableId"), "?")
    return f"{name} ({table_id})" if name else table_id


def _private_tables(snap: dict[str, Any]) -> tuple[dict[str, dict[str, Any]], list[Any]]:
    """Route tables that apply to the app and db subnets (by id), and what is missing to find them."""
    tables: dict[str, dict[str, Any]] = {}
    missing: list[Any] = []
    for tier in ("app", "db"):
        found, absent = _tier_subnets(snap, tier)
        missing += [msg("{tier} subnet {cidr}", tier=_tier(tier), cidr=cidr) for cidr in absent]
        for subnet in found:
            table = net.route_table_for(snap, subnet)
            if table is None:
                missing.append(msg("a route table for {tier} subnet {cidr}", tier=_tier(tier),
                                   cidr=subnet.get("CidrBlock")))
            else:
                tables[text(table.get("RouteTableId"), "?")] = table
    return dict(sorted(tables.items())), missing


def _s3_gateway(snap: dict[str, Any]) -> tuple[bool, str, str, str]:
    vpc = _main(snap)
    if vpc is None:
        return MAIN_MISSING
    service = _service(snap, "s3")
    found = net.endpoints_of(snap, text(vpc.get("VpcId")), "s3", net.lab_region(snap))
    gateways = [e for e in found if net.endpoint_type(e).lower() == "gateway"]
    create = msg("ec2.create_vpc_endpoint(VpcId=<main>, ServiceName='{service}', VpcEndpointType='Gateway', "
                 "RouteTableIds=[<app route table>, <db route table>])", service=service)
    if not gateways:
        if found:
            return (False, text(found[0].get("VpcEndpointId"), "?"),
                    msg("VPC main's S3 endpoint is of type {type}; this task wants the free "
                        "Gateway type (무료), which works through route tables", type=net.endpoint_type(found[0])),
                    create)
        return False, "vpc main", msg("VPC main has no S3 gateway endpoint ({service})", service=service), create
    needed, missing = _private_tables(snap)
    if missing:
        return (False, "vpc main", msg("cannot find {missing} of VPC main", missing=_commas(missing)),
                msg("Build the app and db subnets and their route tables first (scenario three-tier-network)."))
    ids = ", ".join(text(e.get("VpcEndpointId"), "?") for e in gateways)
    on = {text(t) for e in gateways for t in listed(e, "RouteTableIds")}
    # Listed by name (app-rt before db-rt), not by id: ids differ from lab to lab.
    absent = sorted(_table_label(table) for tid, table in needed.items() if tid not in on)
    if absent:
        tables = net.items(snap, "route_tables")
        current = sorted(_table_label(t) for t in tables if text(t.get("RouteTableId")) in on)
        where = (msg("the S3 gateway endpoint {ids} is not on the private route table(s) {absent} "
                     "(it is on {current} only)", ids=ids, absent=", ".join(absent), current=", ".join(current))
                 if current else
                 msg("the S3 gateway endpoint {ids} is not on the private route table(s) {absent} "
                     "(it is on no route table)", ids=ids, absent=", ".join(absent)))
        return (False, ids, where,
                msg("ec2.modify_vpc_endpoint(VpcEndpointId='{endpoint}', AddRouteTableIds="
                    "[...]) with the tables of the app and db subnets; adding the public table too is allowed.",
                    endpoint=gateways[0].get("VpcEndpointId")))
    return True, ids, msg("the S3 gateway endpoint {ids} is on the private route tables {tables}", ids=ids,
                          tables=", ".join(sorted(_table_label(t) for t in needed.values()))), ""


def _ecr_interfaces(snap: dict[str, Any]) -> list[dict[str, Any]]:
    vpc = _main(snap) or {}
    found = [e for kind in ECR_KINDS
             for e in net.endpoints_of(snap, text(vpc.get("VpcId")), f"ecr.{kind}", net.lab_region(snap))]
    return [e for e in found if net.endpoint_type(e).lower() == "interface"]


def _endpoint_label(endpoint: dict[str, Any]) -> str:
    service = text(endpoint.get("ServiceName"))
    short = service.split(".", 3)[-1] if service.count(".") >= 3 else service
    return f"{text(endpoint.get('VpcEndpointId'), '?')} ({short})"


def _ecr_endpoint(kind: str) -> Any:
    def run(snap: dict[str, Any]) -> tuple[bool, str, str, str]:
        vpc = _main(snap)
        if vpc is None:
            return MAIN_MISSING
        service = _service(snap, f"ecr.{kind}")
        found = net.endpoints_of(snap, text(vpc.get("VpcId")), f"ecr.{kind}", net.lab_region(snap))
        create = (f"ec2.create_vpc_endpoint(VpcId=<main>, ServiceName='{service}', VpcEndpointType='Interface', "
                  "SubnetIds=[<app subnet a>, <app subnet b>], SecurityGroupIds=[<endpoint SG>], "
                  "PrivateDnsEnabled=True)")  # code, quoted inside the hints below
        if not found:
            return (False, "vpc main", msg("VPC main has no {service} interface endpoint", service=service),
                    msg("ec2.create_vpc_endpoint(VpcId=<main>, ServiceName='{service}', VpcEndpointType='Interface', "
                        "SubnetIds=[<app subnet a>, <app subnet b>], SecurityGroupIds=[<endpoint SG>], "
                        "PrivateDnsEnabled=True)", service=service))
        app, missing = _tier_subnets(snap, "app")
        if missing:
            return (False, "app subnets", msg("app subnet(s) {cidrs} missing in VPC main", cidrs=", ".join(missing)),
                    msg("Create the app subnets first (scenario three-tier-network)."))
        app_ids = {text(s.get("SubnetId")): s.get("CidrBlock") for s in app}
        others = _other_tier_subnets(snap)
        verdicts = []
        for endpoint in found:
            subnets = {text(s) for s in listed(endpoint, "SubnetIds")}
            problems: list[Any] = []
            if net.endpoint_type(endpoint).lower() != "interface":
                problems.append(msg("is a {type} endpoint; ECR needs an Interface endpoint",
                                    type=net.endpoint_type(endpoint)))
            lacking = [cidr for sid, cidr in app_ids.items() if sid not in subnets]
            if lacking:
                problems.append(msg("is not in app subnet(s) {cidrs}", cidrs=", ".join(map(str, lacking))))
            extra = sorted(where for sid, where in others.items() if sid in subnets)
            if extra:
                problems.append(msg("sits in {subnets} instead of the app tier", subnets=_commas(extra)))
            verdicts.append((endpoint, problems))
        for endpoint, problems in verdicts:
            if not problems:
                return (True, text(endpoint.get("VpcEndpointId"), "?"),
                        msg("{endpoint} is an interface endpoint in both app subnets",
                            endpoint=_endpoint_label(endpoint)), "")
        endpoint, problems = verdicts[0]
        joined = problems[0]
        for problem in problems[1:]:
            joined = msg("{problems} and {problem}", problems=joined, problem=problem)
        return (False, text(endpoint.get("VpcEndpointId"), "?"),
                msg("{endpoint} {problems}", endpoint=_endpoint_label(endpoint), problems=joined),
                msg("ec2.modify_vpc_endpoint(VpcEndpointId=..., AddSubnetIds=[...], RemoveSubnetIds=[...]) so it sits "
                    "in exactly the two app subnets, or create it again: {create}", create=create))

    return run


def _no_ecr_interface(snap: dict[str, Any]) -> tuple[bool, str, str, str]:
    return (False, "vpc main", msg("VPC main has no ECR interface endpoint (ecr.api or ecr.dkr) to judge"),
            msg("Create them first: ec2.create_vpc_endpoint(ServiceName='{service}', "
                "VpcEndpointType='Interface', ...) and the same for ecr.dkr.", service=_service(snap, "ecr.api")))


def _private_dns(snap: dict[str, Any]) -> tuple[bool, str, str, str]:
    if _main(snap) is None:
        return MAIN_MISSING
    endpoints = _ecr_interfaces(snap)
    if not endpoints:
        return _no_ecr_interface(snap)
    off = [e for e in endpoints if e.get("PrivateDnsEnabled") is not True]
    if off:
        return (False, text(off[0].get("VpcEndpointId"), "?"),
                msg("private DNS is off on {endpoints}: the usual ECR host "
                    "names still resolve to public addresses, so image pulls bypass the endpoint",
                    endpoints=", ".join(_endpoint_label(e) for e in off)),
                msg("Create the endpoint with PrivateDnsEnabled=True (the default for AWS services). In AWS "
                    "ec2.modify_vpc_endpoint(VpcEndpointId=..., PrivateDnsEnabled=True) also works, but this offline "
                    "account only reads the setting at creation: delete the endpoint and create it again."))
    labels = ", ".join(_endpoint_label(e) for e in endpoints)
    return True, labels, msg("private DNS is on for {endpoints}", endpoints=labels), ""


def _vpc_networks(vpc: dict[str, Any]) -> list[ipaddress.IPv4Network]:
    cidrs = [text(vpc.get("CidrBlock"))] + [
        text(a.get("CidrBlock")) for a in dicts(vpc, "CidrBlockAssociationSet")
        if text(sub(a, "CidrBlockState").get("State"), "associated") == "associated"
    ]
    nets: list[ipaddress.IPv4Network] = []
    for cidr in cidrs:
        try:
            network = ipaddress.ip_network(cidr, strict=False)
        except ValueError:
            continue
        if isinstance(network, ipaddress.IPv4Network) and network not in nets:
            nets.append(network)
    return nets


def _cidrs_admitting(group: dict[str, Any], port: int) -> set[str]:
    """Address ranges a group admits on TCP ``port`` (read defensively: submissions may be hand-edited)."""
    found: set[str] = set()
    for perm in dicts(group, "IpPermissions"):
        if net.covers(perm, port):
            found |= {text(r.get("CidrIp")) for r in dicts(perm, "IpRanges")}
            found |= {text(r.get("CidrIpv6")) for r in dicts(perm, "Ipv6Ranges")}
    return found - {""}


def _endpoint_sg(snap: dict[str, Any]) -> tuple[bool, str, str, str]:
    vpc = _main(snap)
    if vpc is None:
        return MAIN_MISSING
    endpoints = _ecr_interfaces(snap)
    if not endpoints:
        return _no_ecr_interface(snap)
    vpc_nets = _vpc_networks(vpc)
    if not vpc_nets:
        return (False, "vpc main", msg("VPC main has no readable CIDR block"),
                msg("Take a fresh snapshot with lab.snapshot()."))
    primary = vpc_nets[0]
    groups = {text(g.get("GroupId")): g for g in net.items(snap, "security_groups")}
    default = next((g for g in net.items(snap, "security_groups")
                    if g.get("VpcId") == vpc.get("VpcId") and g.get("GroupName") == "default"), None)
    problems: list[Any] = []
    for endpoint in endpoints:
        ids = [text(g.get("GroupId")) for g in dicts(endpoint, "Groups") if text(g.get("GroupId"))]
        chosen = [groups[i] for i in ids if i in groups] if ids else ([default] if default else [])
        names = ", ".join(text(g.get("GroupName"), text(g.get("GroupId"), "?")) for g in chosen) or "none"
        label = _endpoint_label(endpoint)
        if not chosen:
            problems.append(msg("{endpoint} has no security group", endpoint=label))
            continue
        cidrs = {c for group in chosen for c in _cidrs_admitting(group, 443)}
        ranges = []
        for cidr in sorted(cidrs):
            try:
                ranges.append(ipaddress.ip_network(cidr, strict=False))
            except ValueError:
                continue
        v4 = [r for r in ranges if isinstance(r, ipaddress.IPv4Network)]
        inside = [r for r in v4 if any(r.subnet_of(v) for v in vpc_nets)]
        outside = sorted(str(r) for r in ranges if r not in inside)
        covered = any(primary.subnet_of(r) for r in ipaddress.collapse_addresses(v4))
        if outside:
            problems.append(msg("{endpoint}'s security group(s) {groups} admit TCP 443 from {cidrs}, beyond "
                                "the VPC's {vpc_cidr}", endpoint=label, groups=names, cidrs=", ".join(outside),
                                vpc_cidr=primary))
        elif not covered:
            got = ", ".join(str(r) for r in v4)
            problems.append(
                msg("{endpoint}'s security group(s) {groups} admit TCP 443 only from {cidrs}, not from the "
                    "whole VPC {vpc_cidr}", endpoint=label, groups=names, cidrs=got, vpc_cidr=primary) if got
                else msg("{endpoint}'s security group(s) {groups} admit TCP 443 only from no address range, not "
                         "from the whole VPC {vpc_cidr}", endpoint=label, groups=names, vpc_cidr=primary))
    labels = ", ".join(_endpoint_label(e) for e in endpoints)
    if problems:
        return (False, labels, _semicolons(problems),
                msg("Give the interface endpoints a security group admitting TCP 443 from the VPC's CIDR: "
                    "ec2.authorize_security_group_ingress(GroupId=<endpoint SG>, IpPermissions=[{{'IpProtocol': "
                    "'tcp', 'FromPort': 443, 'ToPort': 443, 'IpRanges': [{{'CidrIp': '{vpc_cidr}'}}]}}]) and attach "
                    "it (SecurityGroupIds= at creation, or ec2.modify_vpc_endpoint(..., AddSecurityGroupIds=[...])).",
                    vpc_cidr=primary))
    return True, labels, msg("the security groups of {endpoints} admit TCP 443 from the VPC's {vpc_cidr}",
                             endpoints=labels, vpc_cidr=primary), ""


def solve_endpoints(lab: Lab) -> None:
    """Reference solution: S3 gateway on the app and db route tables; ECR api/dkr interfaces in the app subnets."""
    ec2 = lab.client("ec2")
    vpc = ec2.describe_vpcs(VpcIds=[find_vpc(lab)])["Vpcs"][0]
    vpc_id = vpc["VpcId"]
    tables: list[str] = []
    for tier in ("app", "db"):
        for subnet_id in _subnet_ids(lab, vpc_id, tier):
            found = ec2.describe_route_tables(
                Filters=[{"Name": "association.subnet-id", "Values": [subnet_id]}]
            )["RouteTables"]
            if found and found[0]["RouteTableId"] not in tables:
                tables.append(found[0]["RouteTableId"])

    def named(name: str) -> list[dict[str, Any]]:
        return [{"ResourceType": "vpc-endpoint", "Tags": [{"Key": "Name", "Value": name}]}]

    ec2.create_vpc_endpoint(
        VpcId=vpc_id, ServiceName=f"com.amazonaws.{lab.region}.s3", VpcEndpointType="Gateway",
        RouteTableIds=tables, TagSpecifications=named("s3-gateway-endpoint"),
    )
    sg = ec2.create_security_group(
        GroupName="vpc-endpoints-sg", Description="HTTPS from inside the VPC to interface endpoints", VpcId=vpc_id,
    )["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
         "IpRanges": [{"CidrIp": vpc["CidrBlock"], "Description": "the whole VPC"}]},
    ])
    for kind in ECR_KINDS:
        ec2.create_vpc_endpoint(
            VpcId=vpc_id, ServiceName=f"com.amazonaws.{lab.region}.ecr.{kind}", VpcEndpointType="Interface",
            SubnetIds=_subnet_ids(lab, vpc_id, "app"), SecurityGroupIds=[sg], PrivateDnsEnabled=True,
            TagSpecifications=named(f"ecr-{kind}-endpoint"),
        )


register(Task(
    id="vpc.endpoints",
    topic="vpc",
    title="VPC endpoints for S3 and ECR",
    text=(
        "Let the private tiers of VPC `main` reach S3 and ECR without going through the NAT gateway, using "
        "VPC endpoints (VPC 엔드포인트). Service names carry the lab's region (`lab.region`, "
        "ap-northeast-2 by default):\n\n"
        "- an S3 **gateway** endpoint (`com.amazonaws.<region>.s3`) on the route tables of the app and db "
        "subnets (adding the public route table as well is allowed, not required);\n"
        "- ECR **interface** endpoints `com.amazonaws.<region>.ecr.api` and `com.amazonaws.<region>.ecr.dkr` "
        "(for pulling container images, 컨테이너 이미지 풀링) in both app subnets, with private DNS enabled so "
        "the usual ECR host names resolve to them;\n"
        "- a security group on those interface endpoints admitting TCP 443 from the VPC's CIDR 10.0.0.0/16, "
        "and from nothing outside it.\n\n"
        "(In this offline account private DNS is set when an endpoint is created: pass PrivateDnsEnabled=True to "
        "create_vpc_endpoint.)\n\n"
        "| type | for | how it works | cost |\n"
        "|---|---|---|---|\n"
        "| Gateway endpoint | S3, DynamoDB | a route (prefix list) in route tables; traffic stays on the AWS "
        "network | free (무료) |\n"
        "| Interface endpoint | most AWS services | an ENI with a private IP in each subnet (PrivateLink); "
        "security groups apply | paid (유료) |\n"
        "| Gateway Load Balancer endpoint | network appliances | sends traffic through firewalls, IDS/IPS | "
        "paid |"
    ),
    starter="three-tier-network",
    solution=solve_endpoints,
    services=("ec2",),
    checks=(
        Check("vpce.s3_gateway", 3, msg("S3 gateway endpoint on the private route tables"), _s3_gateway,
              ENDPOINT_DOC + "vpc-endpoints-s3.html"),
        Check("vpce.ecr_api", 2, msg("ECR api interface endpoint in the app subnets"), _ecr_endpoint("api"),
              "https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html"),
        Check("vpce.ecr_dkr", 2, msg("ECR dkr interface endpoint in the app subnets"), _ecr_endpoint("dkr"),
              "https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html"),
        Check("vpce.private_dns", 1, msg("private DNS on the ECR endpoints"), _private_dns,
              ENDPOINT_DOC + "privatelink-access-aws-services.html#interface-endpoint-private-dns"),
        Check("vpce.endpoint_sg", 2, msg("endpoint SG admits 443 from the VPC"), _endpoint_sg,
              ENDPOINT_DOC + "create-interface-endpoint.html"),
    ),
))
