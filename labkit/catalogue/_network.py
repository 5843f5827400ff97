"""Reading networks out of a snapshot, for graders: VPCs by name, subnets by
CIDR, the route table that actually applies to a subnet, security groups.

Built on :mod:`labkit.snapread`, which the diagrams use too, so a grader and a
diagram never disagree about which route table or target applies.
"""

from __future__ import annotations

from typing import Any

from ..snapread import GONE_STATES, dicts, route_table_index, route_target, sub, tags, text

ANYWHERE = ("0.0.0.0/0", "::/0")


def ec2(snapshot: dict[str, Any]) -> dict[str, Any]:
    section = snapshot.get("ec2")
    return section if isinstance(section, dict) else {}


def items(snapshot: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = ec2(snapshot).get(key)
    return [i for i in value if isinstance(i, dict)] if isinstance(value, list) else []


def vpc_named(snapshot: dict[str, Any], name: str) -> dict[str, Any] | None:
    found = [v for v in items(snapshot, "vpcs") if tags(v).get("Name") == name]
    return found[0] if found else None


def subnets_of(snapshot: dict[str, Any], vpc_id: str) -> list[dict[str, Any]]:
    return [s for s in items(snapshot, "subnets") if s.get("VpcId") == vpc_id]


def route_table_for(snapshot: dict[str, Any], subnet: dict[str, Any]) -> dict[str, Any] | None:
    """The table AWS uses: the explicitly associated one, else the VPC's main table."""
    main_table, explicit = route_table_index(items(snapshot, "route_tables"))
    return explicit.get(str(subnet.get("SubnetId"))) or main_table.get(str(subnet.get("VpcId")))


def default_route_target(snapshot: dict[str, Any], subnet: dict[str, Any]) -> str | None:
    """Target id of the subnet's active 0.0.0.0/0 route (igw-..., nat-..., ...), or None."""
    for route in dicts(route_table_for(snapshot, subnet) or {}, "Routes"):
        if route.get("DestinationCidrBlock") == "0.0.0.0/0" and route.get("State", "active") == "active":
            return route_target(route) or None
    return None


def live_nat_gateways(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    return [n for n in items(snapshot, "nat_gateways") if n.get("State") not in GONE_STATES]


def groups_of(snapshot: dict[str, Any], vpc_id: str) -> dict[str, dict[str, Any]]:
    return {g.get("GroupName", "?"): g for g in items(snapshot, "security_groups")
            if g.get("VpcId") == vpc_id}


def covers(permission: dict[str, Any], port: int, protocol: str = "tcp") -> bool:
    """Does an IpPermission admit ``port``/``protocol`` (protocol -1 admits everything)?"""
    proto = str(permission.get("IpProtocol", ""))
    if proto == "-1":
        return True
    if proto not in (protocol, {"tcp": "6", "udp": "17"}.get(protocol)):
        return False
    low, high = permission.get("FromPort"), permission.get("ToPort")
    if not isinstance(low, int) or not isinstance(high, int):
        return False
    return low <= port <= high


def sources(permission: dict[str, Any]) -> tuple[set[str], set[str]]:
    """(CIDRs, security-group ids) a permission admits traffic from."""
    cidrs = {text(r.get("CidrIp")) for r in dicts(permission, "IpRanges")}
    cidrs |= {text(r.get("CidrIpv6")) for r in dicts(permission, "Ipv6Ranges")}
    groups = {text(p.get("GroupId")) for p in dicts(permission, "UserIdGroupPairs")}
    return {c for c in cidrs if c}, {g for g in groups if g}


def admitted(group: dict[str, Any], port: int) -> tuple[set[str], set[str]]:
    """Every CIDR and group id the group admits on TCP ``port``."""
    cidrs: set[str] = set()
    groups: set[str] = set()
    for perm in dicts(group, "IpPermissions"):
        if covers(perm, port):
            c, g = sources(perm)
            cidrs |= c
            groups |= g
    return cidrs, groups


# -- network ACLs and VPC endpoints (vpc.private_nacl, vpc.endpoints) ---------
# Endpoints in these states carry no traffic (pending ones will, so they count).
ENDPOINT_GONE_STATES = ("deleted", "deleting", "failed", "rejected", "expired")


def lab_region(snapshot: dict[str, Any]) -> str:
    """The lab's region: the snapshot header's, else read off a subnet's AZ name, else ""."""
    region = text(sub(snapshot, "labkit").get("region"))
    if region:
        return region
    for subnet in items(snapshot, "subnets"):
        zone = text(subnet.get("AvailabilityZone"))
        if len(zone) > 1 and zone[-1].isalpha():
            return zone[:-1]
    return ""


def network_acl_for(snapshot: dict[str, Any], subnet: dict[str, Any]) -> dict[str, Any] | None:
    """The NACL AWS applies to a subnet: the one holding its association, else its VPC's default NACL."""
    subnet_id = text(subnet.get("SubnetId"))
    acls = items(snapshot, "network_acls")
    for acl in acls:
        if subnet_id and any(text(a.get("SubnetId")) == subnet_id for a in dicts(acl, "Associations")):
            return acl
    for acl in acls:
        if acl.get("IsDefault") is True and acl.get("VpcId") == subnet.get("VpcId"):
            return acl
    return None


def service_matches(service_name: Any, region: str, service: str) -> bool:
    """Is ``service_name`` AWS's ``com.amazonaws.<region>.<service>`` (any region when region is "")?"""
    name = text(service_name)
    if region:
        return name == f"com.amazonaws.{region}.{service}"
    head, _, tail = name.partition(".amazonaws.")
    return head == "com" and tail.partition(".")[2] == service


def endpoint_type(endpoint: dict[str, Any]) -> str:
    """``Gateway`` or ``Interface`` (AWS's default when none was given is Gateway)."""
    return text(endpoint.get("VpcEndpointType")) or "Gateway"


def endpoints_of(snapshot: dict[str, Any], vpc_id: str, service: str, region: str) -> list[dict[str, Any]]:
    """Live VPC endpoints of ``vpc_id`` for ``service`` (``s3``, ``ecr.api``...), in snapshot order."""
    return [e for e in items(snapshot, "vpc_endpoints")
            if e.get("VpcId") == vpc_id and service_matches(e.get("ServiceName"), region, service)
            and text(e.get("State")).lower() not in ENDPOINT_GONE_STATES]
