"""Reading networks out of a snapshot, for graders: VPCs by name, subnets by
CIDR, the route table that actually applies to a subnet, security groups.

Built on :mod:`labkit.snapread`, which the diagrams use too, so a grader and a
diagram never disagree about which route table or target applies.
"""

from __future__ import annotations

from typing import Any

from ..snapread import GONE_STATES, dicts, route_table_index, route_target, tags

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
    cidrs = {r.get("CidrIp") for r in permission.get("IpRanges") or []}
    cidrs |= {r.get("CidrIpv6") for r in permission.get("Ipv6Ranges") or []}
    groups = {p.get("GroupId") for p in permission.get("UserIdGroupPairs") or []}
    return {c for c in cidrs if c}, {g for g in groups if g}


def admitted(group: dict[str, Any], port: int) -> tuple[set[str], set[str]]:
    """Every CIDR and group id the group admits on TCP ``port``."""
    cidrs: set[str] = set()
    groups: set[str] = set()
    for perm in group.get("IpPermissions") or []:
        if covers(perm, port):
            c, g = sources(perm)
            cidrs |= c
            groups |= g
    return cidrs, groups
