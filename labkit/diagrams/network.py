"""The ``network`` view: Region > VPC > Availability Zone > subnet, with what lives in each.

How tiers are inferred (never from names or tags, so a learner's own naming works):
a subnet uses its explicitly associated route table, else its VPC's main table.
A default route (0.0.0.0/0) to an internet gateway makes it *public*; to a NAT
gateway *private (NAT)* (other targets such as a transit gateway are named);
no default route (or a blackhole) makes it *isolated*.

Layout: every subnet is a box inside its AZ, tiers stacked top to bottom (public,
private, isolated) in every AZ, so the two AZs of a Multi-AZ design sit side by
side as in the seed's VPC figure. Each subnet's first line is its route table
and routes; edges are kept few: Internet - IGW, public subnets - IGW, private
subnets - NAT, security-group references, Multi-AZ replication, load balancer
to Auto Scaling group. Security groups are listed per VPC, with an edge where
one group admits another (labelled with the port).
"""

from __future__ import annotations

import contextlib
import ipaddress
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..i18n import Msg, join, msg, render
from ..snapread import (
    GONE_STATES,
    Reader,
    dicts,
    listed,
    name_tag,
    num,
    route_table_index,
    route_target,
    sub,
    tags,
    text,
)
from . import style
from ._dot import HTML, Graph, esc, html_escape
from ._render import Diagram

__all__ = ["build", "infer_tier"]

_TIER_ORDER = ("public", "private", "isolated", "unknown")
_MAX_NODES_PER_GROUP = 6  # more instances than this in one subnet become one listing node
_MAX_LISTED = 6
_MAX_ROUTE_LINES = 4
_ROW = 3  # resources per row inside a subnet
_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError)
# EC2 instance states as the console writes them (other states, e.g. an ASG's, stay as read).
_STATES = {
    "pending": msg("pending"),
    "running": msg("running"),
    "stopping": msg("stopping"),
    "stopped": msg("stopped"),
}


@dataclass
class SubnetInfo:
    id: str
    vpc: str
    az: str
    cidr: str
    name: str
    tier: str
    tier_word: str
    table: str
    routes: list[str]
    default_target: str  # node id of the IGW/NAT the default route goes to ("" if none drawn)
    cidr_key: tuple[int, ...] = ()
    resources: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    asg_parts: dict[str, list[tuple[str, dict[str, Any]]]] = field(default_factory=dict)


def infer_tier(table: dict[str, Any] | None) -> tuple[str, str]:
    """(tier key, description) of a subnet using route table ``table``.

    Example:
        >>> infer_tier({"Routes": [{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1"}]})
        ('public', 'public')
        >>> infer_tier({"Routes": [{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local"}]})
        ('isolated', 'isolated')
    """
    if not isinstance(table, dict):
        return "unknown", msg("no route table")
    default = None
    for route in dicts(table, "Routes"):
        if route.get("DestinationCidrBlock") == "0.0.0.0/0":
            default = route
            break
    if default is None:
        for route in dicts(table, "Routes"):
            if route.get("DestinationIpv6CidrBlock") == "::/0":
                default = route
                break
    if default is None:
        return "isolated", msg("isolated")
    if text(default.get("State")) == "blackhole":
        return "isolated", msg("isolated (blackhole route)")
    gateway = text(default.get("GatewayId"))
    if gateway.startswith("igw-"):
        return "public", msg("public")
    if text(default.get("NatGatewayId")) or gateway.startswith("nat-"):
        return "private", msg("private (NAT)")
    if text(default.get("EgressOnlyInternetGatewayId")):
        return "private", msg("private (egress-only IPv6)")
    for key, what in (
        ("TransitGatewayId", msg("transit gateway")),
        ("VpcPeeringConnectionId", msg("peering")),
        ("InstanceId", msg("NAT instance")),
        ("NetworkInterfaceId", msg("network interface")),
        ("LocalGatewayId", msg("local gateway")),
        ("CarrierGatewayId", msg("carrier gateway")),
    ):
        if text(default.get(key)):
            return "private", msg("private ({target})", target=what)
    if gateway.startswith("vgw-"):
        return "private", msg("private (VPN gateway)")
    return "private", msg("private (other target)")


def _cidr_key(cidr: str) -> tuple[int, ...]:
    """10.0.2.0/24 sorts before 10.0.10.0/24 (numeric, not text order)."""
    try:
        net = ipaddress.ip_network(cidr, strict=False)
        return (net.version, int(net.network_address), net.prefixlen)
    except ValueError:
        return (9,)


def _ports(perm: dict[str, Any]) -> str:
    proto = text(perm.get("IpProtocol"), "?")
    if proto in ("-1", "all"):
        return msg("all traffic")
    low, high = num(perm.get("FromPort")), num(perm.get("ToPort"))
    if proto in ("icmp", "1", "icmpv6", "58"):
        return "icmp"
    if low is None or (low in (0, -1) and high in (65535, -1)):
        return msg("{protocol} all ports", protocol=proto)
    return f"{proto} {low}" if low == high or high is None else f"{proto} {low}-{high}"


def _merge_ports(items: list[str]) -> Any:
    """["tcp 80", "tcp 443"] -> "tcp 80, 443" (same protocol written once)."""
    out: list[Any] = []
    last_proto = ""
    for item in items:
        proto, _, port = item.partition(" ")
        if out and proto == last_proto and port and not port.startswith("all"):
            out[-1] = join(", ", [out[-1], port])
        else:
            out.append(item)
            last_proto = proto
    return join("; ", out)


class _Network:
    def __init__(self, snapshot: Any, lang: str) -> None:
        self.lang = lang
        self.r = Reader(snapshot)
        self.skipped = self.r.skipped
        self.notes: list[Msg] = []
        self.region = self.r.region()
        self.account = self.r.account()
        self.has_ec2 = self.r.service("ec2") is not None
        self.names: dict[str, str] = {}  # resource id -> display name (for routes and SGs)
        self.drawn_vpcs: list[dict[str, Any]] = []
        self.subnets: dict[str, SubnetInfo] = {}
        self.vpc_nodes: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
        self.edges: list[tuple[str, str, dict[str, Any]]] = []
        self.sg_nodes: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
        self.counts: dict[str, int] = defaultdict(int)
        self.kinds_used: set[str] = set()
        self.sg_refs: list[Msg] = []
        self.multi_az: list[Msg] = []
        self._read()

    # -- reading -------------------------------------------------------------
    @contextlib.contextmanager
    def _guard(self, what: Msg) -> Iterator[None]:
        try:
            yield
        except _ERRORS as err:  # a malformed entry: skip it, say so, keep drawing
            error = f"{type(err).__name__}: {err}"
            self.skipped.append(msg("{what}: could not read ({error})", what=what, error=error))

    def _read(self) -> None:
        r = self.r
        vpcs = {text(v.get("VpcId")): v for v in r.items("ec2", "vpcs") if text(v.get("VpcId"))}
        subnets = [s for s in r.items("ec2", "subnets") if text(s.get("SubnetId"))]
        tables = r.items("ec2", "route_tables")
        igws = r.items("ec2", "internet_gateways")
        nats = r.items("ec2", "nat_gateways")
        endpoints = r.items("ec2", "vpc_endpoints")
        instances = r.items("ec2", "instances")
        groups = r.items("ec2", "security_groups")
        db_instances = r.items("rds", "db_instances")
        db_clusters = r.items("rds", "db_clusters", optional=True)
        elbv2 = r.service("elbv2", optional=True) or {}
        lbs = r.items("elbv2", "load_balancers", optional=True) if elbv2 else []
        tgs = r.items("elbv2", "target_groups", optional=True) if elbv2 else []
        asgs = (
            r.items("autoscaling", "auto_scaling_groups", optional=True)
            if r.service("autoscaling", optional=True)
            else []
        )

        for item, key in (
            *((i, "InternetGatewayId") for i in igws),
            *((n, "NatGatewayId") for n in nats),
            *((e, "VpcEndpointId") for e in endpoints),
            *((t, "RouteTableId") for t in tables),
        ):
            ident = text(item.get(key))
            if ident:
                self.names[ident] = name_tag(item, key)
        sg_names = {
            text(g.get("GroupId")): text(tags(g).get("Name"))
            or text(g.get("GroupName"))
            or text(g.get("GroupId"))
            for g in groups
            if text(g.get("GroupId"))
        }
        self.names.update(sg_names)
        self.sg_ids = set(sg_names)

        # Which VPCs hold something: the default VPC is drawn only then.
        used: set[str] = set()
        live_instances = []
        terminated = 0
        for inst in instances:
            state = text(sub(inst, "State").get("Name"))
            if state in ("terminated", "shutting-down"):
                terminated += 1
                continue
            live_instances.append(inst)
            used.add(text(inst.get("VpcId")))
        for ep in endpoints:
            used.add(text(ep.get("VpcId")))
        for db in db_instances:
            used.add(text(self._subnet_group(db, db_clusters).get("VpcId")))
        for lb in lbs:
            used.add(text(lb.get("VpcId")))
        for nat in nats:
            used.add(text(nat.get("VpcId")))
        subnet_vpc = {text(s.get("SubnetId")): text(s.get("VpcId")) for s in subnets}
        for asg in asgs:
            for sid in text(asg.get("VPCZoneIdentifier")).split(","):
                used.add(subnet_vpc.get(sid.strip(), ""))
        if terminated:
            self.notes.append(style.count(
                terminated,
                msg("{count} terminated instance not drawn.", count=terminated),
                msg("{count} terminated instances not drawn.", count=terminated),
            ))

        for vpc_id, vpc in sorted(vpcs.items()):
            if vpc.get("IsDefault") is True and vpc_id not in used:
                cidr = text(vpc.get("CidrBlock"))
                self.notes.append(
                    msg("Default VPC {vpc} ({cidr}) omitted: nothing of yours is in it.", vpc=vpc_id, cidr=cidr)
                )
                continue
            self.drawn_vpcs.append(vpc)
        drawn = {text(v.get("VpcId")) for v in self.drawn_vpcs}

        main_table, explicit = route_table_index(tables)

        igw_of_vpc: dict[str, str] = {}
        for igw in igws:
            with self._guard(msg("internet gateway {id}", id=text(igw.get("InternetGatewayId"), "?"))):
                igw_id = text(igw.get("InternetGatewayId"))
                for att in dicts(igw, "Attachments"):
                    vpc_id = text(att.get("VpcId"))
                    if vpc_id in drawn:
                        igw_of_vpc[vpc_id] = igw_id
                        self.vpc_nodes[vpc_id].append(
                            (
                                igw_id,
                                self._node(
                                    "network",
                                    "Internet gateway",
                                    self.names.get(igw_id, igw_id),
                                    [igw_id] if self.names.get(igw_id) != igw_id else [],
                                ),
                            )
                        )
                        self.counts["igw"] += 1

        nat_ids = set()
        for nat in nats:
            if text(nat.get("State")) in GONE_STATES:
                continue
            nat_ids.add(text(nat.get("NatGatewayId")))

        for subnet in subnets:
            with self._guard(msg("subnet {id}", id=text(subnet.get("SubnetId"), "?"))):
                sid = text(subnet["SubnetId"])
                vpc_id = text(subnet.get("VpcId"))
                if vpc_id not in drawn:
                    continue
                used_table = explicit.get(sid) or main_table.get(vpc_id)
                tier, word = infer_tier(used_table)
                routes, target = self._routes(used_table, igw_of_vpc.get(vpc_id, ""), nat_ids)
                table_name = ""
                if used_table is not None:
                    table_name = self.names.get(text(used_table.get("RouteTableId")), "?")
                    if used_table is main_table.get(vpc_id) and sid not in explicit:
                        table_name = msg("{table} (main)", table=table_name)
                self.subnets[sid] = SubnetInfo(
                    id=sid,
                    vpc=vpc_id,
                    az=text(subnet.get("AvailabilityZone")) or msg("unknown AZ"),
                    cidr=text(subnet.get("CidrBlock"), "?"),
                    name=name_tag(subnet, "SubnetId"),
                    tier=tier,
                    tier_word=word,
                    table=table_name,
                    routes=routes,
                    default_target=target,
                    cidr_key=_cidr_key(text(subnet.get("CidrBlock"))),
                )
        self.counts["subnets"] = len(self.subnets)

        for nat in nats:
            with self._guard(msg("NAT gateway {id}", id=text(nat.get("NatGatewayId"), "?"))):
                nat_id = text(nat.get("NatGatewayId"))
                if nat_id not in nat_ids:
                    continue
                ips = [
                    text(a.get("PublicIp"))
                    for a in dicts(nat, "NatGatewayAddresses")
                    if text(a.get("PublicIp"))
                ]
                lines: list[Any] = [msg("public IP {ip}", ip=ips[0])] if ips else []
                if self.names.get(nat_id, nat_id) != nat_id:
                    lines.insert(0, nat_id)
                self._place(
                    text(nat.get("SubnetId")),
                    text(nat.get("VpcId")),
                    nat_id,
                    self._node("network", "NAT gateway", self.names.get(nat_id, nat_id), lines),
                )
                self.counts["nat"] += 1

        self.interfaces: dict[str, list[tuple[str, str, str, str, str]]] = defaultdict(list)
        for ep in endpoints:
            with self._guard(msg("VPC endpoint {id}", id=text(ep.get("VpcEndpointId"), "?"))):
                self._endpoint(ep, drawn)
        for sid, eps in sorted(self.interfaces.items()):
            # Several interface endpoints in one subnet share one node: ENIs side by side
            # would crowd the subnet and say nothing more.
            if len(eps) == 1:
                ep_id, caption, title, service, dns = eps[0]
                node = self._node("network", caption, title, [msg("service: {service}", service=service), dns])
                self.subnets[sid].resources.append((f"{ep_id}@{sid}", node))
                continue
            lines = [join(" · ", [service, dns]) for _, _, _, service, dns in eps]
            node = self._node(
                "network", msg("interface endpoints (ENIs)"), msg("{count} endpoints", count=len(eps)), lines
            )
            self.subnets[sid].resources.append((f"endpoints@{sid}", node))

        self.asgs = {text(a.get("AutoScalingGroupName")): a for a in asgs}
        asg_of_instance: dict[str, str] = {}
        for asg in asgs:
            name = text(asg.get("AutoScalingGroupName"))
            for inst in dicts(asg, "Instances"):
                asg_of_instance[text(inst.get("InstanceId"))] = name
        placed_ids: set[str] = set()
        grouped: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for inst in live_instances:
            with self._guard(msg("instance {id}", id=text(inst.get("InstanceId"), "?"))):
                iid = text(inst["InstanceId"])
                group_name = asg_of_instance.get(iid) or tags(inst).get(
                    "aws:autoscaling:groupName", ""
                )
                grouped[(text(inst.get("SubnetId")), group_name)].append(inst)
                placed_ids.add(iid)
        for asg in asgs:
            asg_name = text(asg.get("AutoScalingGroupName"), "?")
            with self._guard(msg("Auto Scaling group {name}", name=asg_name)):
                self._asg(asg, placed_ids, grouped)
        for (subnet_id, group_name), members in sorted(grouped.items()):
            with self._guard(msg("instances of subnet {id}", id=subnet_id)):
                self._instances(subnet_id, group_name, members)

        for db in db_instances:
            with self._guard(msg("DB instance {id}", id=text(db.get("DBInstanceIdentifier"), "?"))):
                self._db(db, db_clusters)

        tg_lbs: dict[str, list[str]] = defaultdict(list)
        for tg in tgs:
            for lb_arn in listed(tg, "LoadBalancerArns"):
                tg_lbs[text(tg.get("TargetGroupArn"))].append(text(lb_arn))
        for lb in lbs:
            with self._guard(msg("load balancer {name}", name=text(lb.get("LoadBalancerName"), "?"))):
                self._lb(lb, asgs, tg_lbs)

        for group in groups:
            with self._guard(msg("security group {id}", id=text(group.get("GroupId"), "?"))):
                self._security_group(group, drawn, live_instances, db_instances, lbs)

    def _node(
        self,
        kind: str,
        caption: str,
        title: str,
        lines: list[str],
        *,
        badges: list[tuple[str, str]] | None = None,
        colors: style.Colors | None = None,
        **attrs: Any,
    ) -> dict[str, Any]:
        self.kinds_used.add(kind)
        colors = colors or style.KIND[kind]
        out = {
            "label": style.node_table(
                title, lines, colors=colors, kind=caption, badges=badges, lang=self.lang
            ),
            "fillcolor": colors.fill,
            "color": colors.border,
        }
        out.update(attrs)
        return out

    def _routes(
        self, table: dict[str, Any] | None, igw: str, nats: set[str]
    ) -> tuple[list[Any], str]:
        if table is None:
            return [msg("no route table")], ""
        lines: list[Any] = []
        target_node = ""
        for route in dicts(table, "Routes"):
            if text(route.get("GatewayId")) == "local":
                continue
            dest = (
                text(route.get("DestinationCidrBlock"))
                or text(route.get("DestinationIpv6CidrBlock"))
                or text(route.get("DestinationPrefixListId"), "?")
            )
            target = route_target(route) or "?"
            if route.get("DestinationCidrBlock") == "0.0.0.0/0" and (
                target == igw or target in nats
            ):
                target_node = target
            shown: Any = self.names.get(target, target)
            if target.startswith("vpce-"):
                shown = msg("endpoint {endpoint}", endpoint=shown)
            if text(route.get("State")) == "blackhole":
                lines.append(msg("{destination} → {target} (blackhole)", destination=dest, target=shown))
            else:
                lines.append(msg("{destination} → {target}", destination=dest, target=shown))
        if not lines:
            lines = [msg("local routes only")]
        if len(lines) > _MAX_ROUTE_LINES:
            extra = len(lines) - _MAX_ROUTE_LINES + 1
            lines = lines[: _MAX_ROUTE_LINES - 1] + [msg("… and {count} more routes", count=extra)]
        return lines, target_node

    def _place(self, subnet_id: str, vpc_id: str, node_id: str, attrs: dict[str, Any]) -> None:
        """Put a node in its subnet, else at VPC level, else note that it was not drawn."""
        if subnet_id in self.subnets:
            self.subnets[subnet_id].resources.append((node_id, attrs))
        elif vpc_id in {text(v.get("VpcId")) for v in self.drawn_vpcs}:
            self.vpc_nodes[vpc_id].append((node_id, attrs))
        else:
            self.skipped.append(msg("{node}: its subnet/VPC is not in the snapshot, not drawn", node=node_id))

    def _endpoint(self, ep: dict[str, Any], drawn: set[str]) -> None:
        ep_id = text(ep.get("VpcEndpointId"))
        vpc_id = text(ep.get("VpcId"))
        if vpc_id not in drawn:
            return
        kind = text(ep.get("VpcEndpointType"), "Gateway") or "Gateway"
        service = text(ep.get("ServiceName"), "?") or "?"
        parts = service.split(".")
        if len(parts) >= 4 and parts[0] == "com":  # com.amazonaws.<region>.ecr.api -> ecr.api
            service = ".".join(parts[3:])
        title = self.names.get(ep_id, ep_id)
        # (caption at VPC level, caption on its network interface in a subnet)
        if kind == "Gateway":
            vpc_caption, eni_caption = msg("VPC gateway endpoint"), msg("gateway endpoint (ENI)")
        elif kind == "Interface":
            vpc_caption, eni_caption = msg("VPC interface endpoint"), msg("interface endpoint (ENI)")
        elif kind == "GatewayLoadBalancer":
            vpc_caption, eni_caption = msg("VPC GWLB endpoint"), msg("GWLB endpoint (ENI)")
        else:
            vpc_caption = msg("VPC {kind} endpoint", kind=kind)
            eni_caption = msg("{kind} endpoint (ENI)", kind=kind)
        self.counts["endpoints"] += 1
        if kind == "Gateway":
            tables = [self.names.get(text(t), text(t)) for t in listed(ep, "RouteTableIds")]
            lines = [
                msg("service: {service}", service=service),
                msg("route tables: {tables}", tables=", ".join(tables) or msg("none")),
            ]
            self.vpc_nodes[vpc_id].append(
                (ep_id, self._node("network", vpc_caption, title, lines))
            )
            return
        subnets = [text(s) for s in listed(ep, "SubnetIds") if text(s) in self.subnets]
        dns = msg("private DNS on") if ep.get("PrivateDnsEnabled") is True else msg("private DNS off")
        if not subnets:
            self.vpc_nodes[vpc_id].append(
                (ep_id, self._node("network", vpc_caption, title, [msg("service: {service}", service=service), dns]))
            )
            return
        for sid in subnets:
            self.interfaces[sid].append((ep_id, eni_caption, title, service, dns))

    def _instance_lines(self, inst: dict[str, Any]) -> list[Any]:
        state = text(sub(inst, "State").get("Name"))
        lines: list[Any] = [
            join(" · ", [p for p in (text(inst.get("InstanceType")), _STATES.get(state, state)) if p])
        ]
        sgs = [
            text(g.get("GroupName")) or text(g.get("GroupId"))
            for g in dicts(inst, "SecurityGroups")
        ]
        if sgs:
            lines.append(msg("sg: {groups}", groups=", ".join(sgs)))
        if text(inst.get("PublicIpAddress")):
            lines.append(msg("public IP {ip}", ip=text(inst.get("PublicIpAddress"))))
        return [line for line in lines if line]

    def _instances(self, subnet_id: str, asg: str, members: list[dict[str, Any]]) -> None:
        info = self.subnets.get(subnet_id)
        if info is None:
            vpcs = {text(m.get("VpcId")) for m in members}
            where = {"count": len(members), "subnet": subnet_id or "?", "vpcs": ", ".join(sorted(vpcs)) or "?"}
            if len(members) == 1:
                note = msg("{count} instance in subnet {subnet} (VPC {vpcs}) not drawn: "
                           "the subnet is not in the snapshot", **where)
            else:
                note = msg("{count} instances in subnet {subnet} (VPC {vpcs}) not drawn: "
                           "the subnet is not in the snapshot", **where)
            self.skipped.append(note)
            return
        self.counts["instances"] += len(members)
        target = info.asg_parts.setdefault(asg, []) if asg else info.resources
        if len(members) <= _MAX_NODES_PER_GROUP:
            for inst in members:
                iid = text(inst["InstanceId"])
                title = name_tag(inst, "InstanceId")
                lines = self._instance_lines(inst)
                if title != iid:
                    lines.insert(0, iid)
                target.append((iid, self._node("compute", msg("EC2 instance"), title, lines)))
            return
        types: dict[str, int] = defaultdict(int)
        for inst in members:
            types[text(inst.get("InstanceType"), "?")] += 1
        names = [name_tag(m, "InstanceId") for m in members]
        lines: list[Any] = [", ".join(f"{t} ×{n}" for t, n in sorted(types.items()))]
        lines += names[:_MAX_LISTED]
        if len(names) > _MAX_LISTED:
            lines.append(msg("… and {count} more", count=len(names) - _MAX_LISTED))
        target.append(
            (
                f"instances@{subnet_id}@{asg}",
                self._node(
                    "compute", msg("EC2 instances"), msg("{count} instances", count=len(members)), lines
                ),
            )
        )

    def _asg(
        self,
        asg: dict[str, Any],
        placed: set[str],
        grouped: dict[tuple[str, str], list[dict[str, Any]]],
    ) -> None:
        name = text(asg.get("AutoScalingGroupName"), "?")
        self.counts["asgs"] += 1
        subnet_ids = [s.strip() for s in text(asg.get("VPCZoneIdentifier")).split(",") if s.strip()]
        by_az = {self.subnets[s].az: s for s in subnet_ids if s in self.subnets}
        for sid in subnet_ids:
            if sid in self.subnets:
                self.subnets[sid].asg_parts.setdefault(name, [])
        for inst in dicts(asg, "Instances"):
            iid = text(inst.get("InstanceId"))
            if not iid or iid in placed:
                continue
            # Known only from the ASG (e.g. a hand-written snapshot): place it by its AZ.
            zone_subnet = by_az.get(text(inst.get("AvailabilityZone")))
            if zone_subnet is None:
                continue
            placed.add(iid)
            grouped[(zone_subnet, name)].append(
                {
                    "InstanceId": iid,
                    "InstanceType": text(inst.get("InstanceType")),
                    "State": {"Name": text(inst.get("LifecycleState"))},
                    "SubnetId": zone_subnet,
                }
            )
        if not by_az:
            self.skipped.append(msg("Auto Scaling group {name}: none of its subnets is drawn", name=name))

    def _asg_caption(self, asg: dict[str, Any]) -> Msg:
        sizes = "/".join(text(asg.get(k), "?") for k in ("MinSize", "DesiredCapacity", "MaxSize"))
        return msg("Auto Scaling group {name} · min/desired/max {sizes}",
                   name=text(asg.get("AutoScalingGroupName"), "?"), sizes=sizes)

    def _subnet_group(self, db: dict[str, Any], clusters: list[dict[str, Any]]) -> dict[str, Any]:
        """A DB instance's subnet group; Aurora members may only name it on their cluster."""
        group = sub(db, "DBSubnetGroup")
        if group:
            return group
        name = text(db.get("DBSubnetGroup"))
        cluster_id = text(db.get("DBClusterIdentifier"))
        for cluster in clusters:
            if cluster_id and text(cluster.get("DBClusterIdentifier")) == cluster_id:
                name = name or text(cluster.get("DBSubnetGroup"))
        for candidate in self.r.items("rds", "db_subnet_groups", optional=True):
            if name and text(candidate.get("DBSubnetGroupName")) == name:
                return candidate
        return {}

    def _db(self, db: dict[str, Any], clusters: list[dict[str, Any]]) -> None:
        ident = text(db.get("DBInstanceIdentifier"), "?")
        group = self._subnet_group(db, clusters)
        vpc_id = text(group.get("VpcId"))
        az_subnet: dict[str, str] = {}
        for s in dicts(group, "Subnets"):
            az = text(sub(s, "SubnetAvailabilityZone").get("Name"))
            sid = text(s.get("SubnetIdentifier"))
            if az and sid and az not in az_subnet:
                az_subnet[az] = sid
        primary_az = text(db.get("AvailabilityZone"))
        engine = " ".join(p for p in (text(db.get("Engine")), text(db.get("EngineVersion"))) if p)
        flags: list[tuple[str, str]] = [
            (msg("encrypted"), "good")
            if db.get("StorageEncrypted") is True
            else (msg("not encrypted"), "bad"),
            (msg("public"), "bad") if db.get("PubliclyAccessible") is True else (msg("private"), "good"),
        ]
        cluster_id = text(db.get("DBClusterIdentifier"))
        caption: Any = msg("RDS instance")
        if cluster_id:
            writer = False
            for cluster in clusters:
                if text(cluster.get("DBClusterIdentifier")) != cluster_id:
                    continue
                for member in dicts(cluster, "DBClusterMembers"):
                    if (
                        text(member.get("DBInstanceIdentifier")) == ident
                        and member.get("IsClusterWriter") is True
                    ):
                        writer = True
            caption = (
                msg("Aurora writer · {cluster}", cluster=cluster_id)
                if writer
                else msg("Aurora reader · {cluster}", cluster=cluster_id)
            )
        elif db.get("MultiAZ") is True:
            caption = msg("RDS {primary} (Multi-AZ)", primary=style.term("Primary", self.lang).lower())
        lines = [" · ".join(p for p in (engine, text(db.get("DBInstanceClass"))) if p)]
        node = self._node("database", caption, ident, lines, badges=flags)
        primary_subnet = az_subnet.get(primary_az) or next(iter(sorted(az_subnet.values())), "")
        self._place(primary_subnet, vpc_id, f"rds:{ident}", node)
        self.counts["db"] += 1
        if db.get("MultiAZ") is not True or cluster_id:
            return
        standby_az = text(db.get("SecondaryAvailabilityZone"))
        if not standby_az:
            others = sorted(az for az in az_subnet if az != primary_az)
            standby_az = others[0] if others else ""
        standby_subnet = az_subnet.get(standby_az, "")
        if not standby_subnet or standby_subnet not in self.subnets:
            self.skipped.append(
                msg("standby of {id}: no second AZ in its subnet group to draw it in", id=ident)
            )
            return
        self.subnets[standby_subnet].resources.append(
            (
                f"rds:{ident}:standby",
                self._node(
                    "database",
                    msg("RDS {standby} (Multi-AZ)", standby=style.term("Standby", self.lang).lower()),
                    ident,
                    [msg("takes over on failover (60-120 s)")],
                    style="rounded,filled,dashed",
                ),
            )
        )
        # Drawn only if both ends are (checked when edges are written).
        self.edges.append(
            (
                f"rds:{ident}",
                f"rds:{ident}:standby",
                {
                    "label": render(msg("sync replication"), self.lang),
                    "dir": "both",
                    "style": "dashed",
                    "color": style.EDGE["replication"],
                    "constraint": "false",
                },
            )
        )
        self.multi_az.append(
            msg("{db} (primary {primary}, standby {standby})", db=ident, primary=primary_az, standby=standby_az)
        )

    def _lb(
        self, lb: dict[str, Any], asgs: list[dict[str, Any]], tg_lbs: dict[str, list[str]]
    ) -> None:
        name = text(lb.get("LoadBalancerName"), "?")
        arn = text(lb.get("LoadBalancerArn"))
        kind = {"application": "ALB", "network": "NLB", "gateway": "GWLB"}.get(
            text(lb.get("Type"), "application"), msg("load balancer")
        )
        scheme = text(lb.get("Scheme"))
        caption: Any = kind
        if scheme == "internet-facing":
            caption = msg("{kind} (internet-facing)", kind=kind)
        elif scheme == "internal":
            caption = msg("{kind} (internal)", kind=kind)
        elif scheme:
            caption = msg("{kind} ({scheme})", kind=kind, scheme=scheme)
        self.counts["lbs"] += 1
        sgs = [self.names.get(text(g), text(g)) for g in listed(lb, "SecurityGroups")]
        nodes: list[tuple[str, str]] = []  # (node id, az)
        for zone in sorted(dicts(lb, "AvailabilityZones"), key=lambda z: text(z.get("ZoneName"))):
            sid = text(zone.get("SubnetId"))
            if sid not in self.subnets:
                continue
            lines = [msg("node in {az}", az=self.subnets[sid].az)] + (
                [msg("sg: {groups}", groups=", ".join(sgs))] if sgs else []
            )
            node_id = f"lb:{name}@{sid}"
            self.subnets[sid].resources.append(
                (node_id, self._node("loadbalancer", caption, name, lines))
            )
            nodes.append((node_id, self.subnets[sid].az))
        if not nodes:
            self._place(
                "",
                text(lb.get("VpcId")),
                f"lb:{name}",
                self._node("loadbalancer", caption, name, sgs),
            )
            return
        for asg in asgs:
            targets = [
                lb_arn
                for tg in listed(asg, "TargetGroupARNs")
                for lb_arn in tg_lbs.get(text(tg), [])
            ]
            if arn not in targets and name not in text(asg.get("LoadBalancerNames")):
                continue
            asg_name = text(asg.get("AutoScalingGroupName"))
            for node_id, az in nodes:
                for sid, info in sorted(self.subnets.items()):
                    if info.az == az and asg_name in info.asg_parts:
                        self.edges.append(
                            (
                                node_id,
                                f"asgpart:{asg_name}@{sid}",
                                {
                                    "lhead": f"cluster_asg_{asg_name}@{sid}",
                                    "label": render(msg("forwards"), self.lang),
                                    "color": style.EDGE["route"],
                                },
                            )
                        )
                        break

    def _security_group(
        self,
        group: dict[str, Any],
        drawn: set[str],
        instances: list[dict[str, Any]],
        dbs: list[dict[str, Any]],
        lbs: list[dict[str, Any]],
    ) -> None:
        gid = text(group.get("GroupId"))
        vpc_id = text(group.get("VpcId"))
        if vpc_id not in drawn:
            return
        ingress = dicts(group, "IpPermissions")
        is_default = text(group.get("GroupName")) == "default"
        users = (
            sum(
                1
                for i in instances
                for g in dicts(i, "SecurityGroups")
                if text(g.get("GroupId")) == gid
            )
            + sum(
                1
                for d in dbs
                for g in dicts(d, "VpcSecurityGroups")
                if text(g.get("VpcSecurityGroupId")) == gid
            )
            + sum(1 for lb in lbs if gid in [text(x) for x in listed(lb, "SecurityGroups")])
        )
        if is_default and not ingress and not users:
            return
        cidr_rules: dict[str, list[str]] = defaultdict(list)
        for perm in ingress:
            ports = _ports(perm)
            for rng in dicts(perm, "IpRanges"):
                cidr_rules[text(rng.get("CidrIp"), "?")].append(ports)
            for rng in dicts(perm, "Ipv6Ranges"):
                cidr_rules[text(rng.get("CidrIpv6"), "?")].append(ports)
            for pl in dicts(perm, "PrefixListIds"):
                cidr_rules[text(pl.get("PrefixListId"), "?")].append(ports)
            for pair in dicts(perm, "UserIdGroupPairs"):
                src = text(pair.get("GroupId"), "?")
                label = ports
                if src == gid:
                    cidr_rules[msg("itself")].append(ports)
                    continue
                if src not in self.sg_ids:
                    owner = text(pair.get("UserId"))
                    caption = (
                        msg("security group (other account)")
                        if owner and owner != self.r.account()
                        else msg("security group (not in snapshot)")
                    )
                    self.sg_nodes[vpc_id].append(
                        (
                            src,
                            self._node(
                                "security",
                                caption,
                                src,
                                [msg("account {account}", account=owner)] if owner else [],
                                style="rounded,dashed",
                            ),
                        )
                    )
                self.edges.append(
                    (
                        src,
                        gid,
                        {
                            "label": render(label, self.lang),
                            "color": style.EDGE["sg"],
                            "fontcolor": style.EDGE["sg"],
                            "style": "dashed",
                        },
                    )
                )
                self.sg_refs.append(
                    msg("{source} → {group} ({ports})", source=self.names.get(src, src),
                        group=self.names.get(gid, gid), ports=label)
                )
        lines: list[Any] = [
            msg("in: {ports} from {source}", ports=_merge_ports(ports), source=source)
            for source, ports in sorted(cidr_rules.items())
        ]
        if not ingress:
            lines.append(msg("no inbound rules"))
        badges: list[tuple[str, str]] | None = None
        if is_default and ingress:
            badges = [(msg("default SG has rules (EC2.2)"), "warn")]
        open_admin = any(
            source in ("0.0.0.0/0", "::/0")
            and any(
                p in ("tcp 22", "tcp 3389", "all traffic") or p.startswith("tcp all") for p in ports
            )
            for source, ports in cidr_rules.items()
        )
        if open_admin:
            badges = (badges or []) + [(msg("SSH/RDP/all open to the internet"), "bad")]
        title = self.names.get(gid, gid)
        if title != gid:
            lines.insert(0, gid)
        self.sg_nodes[vpc_id].append(
            (
                gid,
                self._node(
                    "security", style.term("Security group", self.lang), title, lines, badges=badges
                ),
            )
        )
        self.counts["sgs"] += 1

    # -- drawing -------------------------------------------------------------
    def azs(self) -> list[str]:
        return sorted({s.az for s in self.subnets.values()})

    def summary(self) -> str:
        azs, vpcs, subnets = len(self.azs()), len(self.drawn_vpcs), len(self.subnets)
        return render(join(", ", [
            style.count(azs, msg("{count} AZ", count=azs), msg("{count} AZs", count=azs)),
            style.count(vpcs, msg("{count} VPC", count=vpcs), msg("{count} VPCs", count=vpcs)),
            style.count(subnets, msg("{count} subnet", count=subnets), msg("{count} subnets", count=subnets)),
        ]), self.lang)

    def _where(self) -> Any:
        """"account 123456789012 · ap-northeast-2 (Seoul)": what the picture shows."""
        where = style.region_name(self.region, self.lang) if self.region else msg("unknown region")
        return msg("account {account} · {region}", account=self.account, region=where) if self.account else where

    def title(self) -> str:
        return render(msg("Network — {where}", where=self._where()), self.lang)

    def _counted(self) -> list[Msg]:
        """The alt text's count of each kind of resource."""
        c = self.counts
        pairs = (
            (c["igw"], msg("{count} internet gateway", count=c["igw"]),
             msg("{count} internet gateways", count=c["igw"])),
            (c["nat"], msg("{count} NAT gateway", count=c["nat"]), msg("{count} NAT gateways", count=c["nat"])),
            (c["endpoints"], msg("{count} VPC endpoint", count=c["endpoints"]),
             msg("{count} VPC endpoints", count=c["endpoints"])),
            (c["lbs"], msg("{count} load balancer", count=c["lbs"]), msg("{count} load balancers", count=c["lbs"])),
            (c["asgs"], msg("{count} Auto Scaling group", count=c["asgs"]),
             msg("{count} Auto Scaling groups", count=c["asgs"])),
            (c["instances"], msg("{count} EC2 instance", count=c["instances"]),
             msg("{count} EC2 instances", count=c["instances"])),
            (c["db"], msg("{count} RDS instance", count=c["db"]), msg("{count} RDS instances", count=c["db"])),
        )
        return [style.count(n, one, many) for n, one, many in pairs]

    def alt(self) -> str:
        if not self.drawn_vpcs:
            parts: list[Any] = [msg("Network diagram of {where}: no VPCs to draw.", where=self._where())]
            return render(join(" ", [*parts, *self.notes]), self.lang)
        vpcs = ", ".join(
            f"{name_tag(v, 'VpcId')} ({text(v.get('CidrBlock'), '?')})" for v in self.drawn_vpcs
        )
        tiers: dict[str, int] = defaultdict(int)
        for s in self.subnets.values():
            tiers[s.tier_word] += 1
        tier_text = join(", ", [msg("{count} {tier}", count=n, tier=word) for word, n in sorted(tiers.items())])
        n_vpcs, n_azs, n_subnets = len(self.drawn_vpcs), len(self.azs()), len(self.subnets)
        facts = {
            "where": self._where(),
            "vpcs": style.count(n_vpcs, msg("{count} VPC", count=n_vpcs), msg("{count} VPCs", count=n_vpcs)),
            "vpc_list": vpcs,
            "azs": style.count(
                n_azs,
                msg("{count} Availability Zone", count=n_azs),
                msg("{count} Availability Zones", count=n_azs),
            ),
            "az_list": join(", ", self.azs()),
            "subnets": style.count(
                n_subnets, msg("{count} subnet", count=n_subnets), msg("{count} subnets", count=n_subnets)
            ),
        }
        if tier_text:
            head = msg("Network diagram of {where}: {vpcs} ({vpc_list}) across {azs} ({az_list}) "
                       "with {subnets} ({tiers});", tiers=tier_text, **facts)
        else:
            head = msg("Network diagram of {where}: {vpcs} ({vpc_list}) across {azs} ({az_list}) "
                       "with {subnets};", **facts)
        parts = [head, msg("{items}.", items=join(", ", self._counted()))]
        if self.multi_az:
            parts.append(msg("Multi-AZ: {items}.", items=join("; ", self.multi_az)))
        if self.sg_refs:
            parts.append(msg("Security group references: {items}.", items=join("; ", self.sg_refs)))
        parts.extend(self.notes)
        return render(join(" ", parts), self.lang)

    def _rows(self, s: SubnetInfo) -> list[list[tuple[str, dict[str, Any], str]]]:
        """A subnet's nodes in rows of at most ``_ROW`` (node id, attrs, ASG name or "")."""
        rows: list[list[tuple[str, dict[str, Any], str]]] = []
        for start in range(0, len(s.resources), _ROW):
            rows.append([(n, a, "") for n, a in s.resources[start : start + _ROW]])
        for asg_name, members in sorted(s.asg_parts.items()):
            if not members:
                rows.append([(f"asgpart:{asg_name}@{s.id}", {}, asg_name)])
                continue
            for start in range(0, len(members), _ROW):
                rows.append([(n, a, asg_name) for n, a in members[start : start + _ROW]])
        return rows

    def _plan(self) -> tuple[dict[Any, int], dict[str, tuple[str, int]]]:
        """Global rank levels and each subnet's slot.

        Every tier gets as many slots as the AZ with most subnets of that tier, each
        slot a route-table line plus its rows of resources. Subnets of one AZ thus
        stack vertically in tier order and line up with the other AZs' subnets.
        """
        slot_of: dict[str, tuple[str, int]] = {}
        per_az: dict[tuple[str, str, str], int] = defaultdict(int)
        rows_needed: dict[tuple[str, int], int] = defaultdict(int)
        for s in sorted(self.subnets.values(), key=lambda s: (s.cidr_key, s.id)):
            key = (s.vpc, s.az, s.tier)
            slot = per_az[key]
            per_az[key] += 1
            slot_of[s.id] = (s.tier, slot)
            rows_needed[(s.tier, slot)] = max(rows_needed[(s.tier, slot)], len(self._rows(s)))
        level: dict[Any, int] = {"internet": 0, "gateway": 1}
        nxt = 2
        for tier in _TIER_ORDER:
            slots = sorted(slot for (t, slot) in rows_needed if t == tier)
            for slot in slots:
                level[(tier, slot, "anchor")] = nxt
                nxt += 1
                for row in range(rows_needed[(tier, slot)]):
                    level[(tier, slot, row)] = nxt
                    nxt += 1
        # Security groups last, in one row under the AZs: their reference edges then read
        # left to right (web-sg -> app-sg -> db-sg) and cross no subnet.
        level["sgs"] = nxt
        return level, slot_of

    def dot(self) -> str:
        lang = self.lang
        g = Graph(
            "network",
            attrs=style.graph_defaults(self.title()),
            node_defaults=style.NODE_DEFAULTS,
            edge_defaults=style.EDGE_DEFAULTS,
        )
        if not self.drawn_vpcs:
            lines: list[Any] = [msg("Create one with ec2.create_vpc(CidrBlock='10.0.0.0/16')"),
                                msg("and draw again.")]
            if not self.has_ec2:
                lines = [msg("This snapshot has no EC2/VPC section to draw.")]
            g.node(
                "empty",
                label=style.message_node(msg("No VPCs yet"), lines + self.notes, lang),
                shape="box",
                style="rounded,filled",
                fillcolor=style.KIND["note"].fill,
                color=style.KIND["note"].border,
            )
            return g.source()

        level, slot_of = self._plan()
        levels: dict[int, list[str]] = defaultdict(list)
        max_level = max(level.values())
        # An invisible spine of one point per level keeps the levels in order even
        # where a column has nothing at some level. Declared first: it stays at the left.
        for lvl in range(max_level + 1):
            g.node(f"lvl{lvl}", shape="point", style="invis", width="0", height="0", label="")
            if lvl:
                g.edge(f"lvl{lvl - 1}", f"lvl{lvl}", style="invis")
        if self.counts["igw"] > 0:
            g.node(
                "internet",
                label=render(msg("Internet"), lang),
                shape="ellipse",
                style="filled",
                fillcolor=style.KIND["external"].fill,
                color=style.KIND["external"].border,
            )
            levels[0].append("internet")
        region_label = style.region_name(self.region, lang) if self.region else "?"
        region = g.cluster(
            "region",
            label=HTML(
                f"<B>{html_escape(style.term('Region', lang))} {html_escape(region_label)}</B>"
            ),
            style="dashed",
            color=style.KIND["region"].border,
            fontcolor=style.KIND["region"].border,
            margin="14",
        )
        for vpc in self.drawn_vpcs:
            self._draw_vpc(g, region, vpc, level, slot_of, levels)

        for tail, head, attrs in self.edges:
            if g.has_node(tail) and g.has_node(head):
                g.edge(tail, head, **attrs)
        for lvl, members in sorted(levels.items()):
            same = g.group(f"rank{lvl}", rank="same")
            same._body.append(" ".join(f"{esc(m)};" for m in [f"lvl{lvl}", *members]))
        tiers_present = [t for t in _TIER_ORDER if any(s.tier == t for s in self.subnets.values())]
        g.node("legend", label=self._legend(tiers_present), shape="plaintext", style="")
        g.node(f"lvl{max_level + 1}", shape="point", style="invis", width="0", height="0", label="")
        g.edge(f"lvl{max_level}", f"lvl{max_level + 1}", style="invis")
        g.group("rank_legend", rank="same")._body.append(f'"lvl{max_level + 1}"; "legend";')
        return g.source()

    def _draw_vpc(
        self,
        g: Graph,
        region: Graph,
        vpc: dict[str, Any],
        level: dict[Any, int],
        slot_of: dict[str, tuple[str, int]],
        levels: dict[int, list[str]],
    ) -> None:
        lang = self.lang
        vpc_id = text(vpc.get("VpcId"))
        name = name_tag(vpc, "VpcId")
        head = f"{style.term('VPC', lang)} {name} · {text(vpc.get('CidrBlock'), '?')}"
        if name != vpc_id:
            head += f"  ({vpc_id})"
        if vpc.get("IsDefault") is True:
            head = render(msg("{vpc} · default VPC", vpc=head), lang)
        cluster = region.cluster(
            f"vpc_{vpc_id}",
            label=HTML(f"<B>{html_escape(head)}</B>"),
            style="rounded",
            color=style.KIND["vpc"].border,
            fontcolor=style.KIND["vpc"].border,
            penwidth="1.6",
            margin="12",
        )
        for node_id, attrs in self.vpc_nodes.get(vpc_id, []):
            cluster.node(node_id, **attrs)
            levels[level["gateway"]].append(node_id)
            if node_id.startswith("igw-"):
                g.edge("internet", node_id, dir="both", color=style.EDGE["route"], penwidth="1.4")
        subnets = sorted(
            (s for s in self.subnets.values() if s.vpc == vpc_id),
            key=lambda s: (s.az, _TIER_ORDER.index(s.tier), s.cidr_key, s.id),
        )
        if not subnets:
            cluster.node(
                f"nosubnets:{vpc_id}",
                label=style.message_node(
                    msg("No subnets yet"),
                    [f"ec2.create_subnet(VpcId='{vpc_id}', CidrBlock=..., AvailabilityZone=...)"],
                    lang,
                ),
                fillcolor=style.KIND["note"].fill,
                color=style.KIND["note"].border,
            )
            levels[level["gateway"]].append(f"nosubnets:{vpc_id}")
        for az in sorted({s.az for s in subnets}):
            az_cluster = cluster.cluster(
                f"az_{vpc_id}_{az}",
                label=HTML(
                    f"<B>{html_escape(style.term('Availability Zone', lang))} {html_escape(render(az, lang))}</B>"
                ),
                style="dashed",
                color=style.KIND["az"].border,
                fontcolor=style.KIND["az"].border,
                margin="10",
            )
            for s in (s for s in subnets if s.az == az):
                self._draw_subnet(g, az_cluster, s, level, slot_of[s.id], levels)
        sgs = self.sg_nodes.get(vpc_id, [])
        if sgs:
            sg_cluster = cluster.cluster(
                f"sgs_{vpc_id}",
                label=HTML(f"<B>{html_escape(style.term('Security groups', lang))}</B>"),
                style="rounded",
                color=style.KIND["security"].border,
                fontcolor=style.KIND["security"].border,
            )
            for node_id, attrs in sgs:
                sg_cluster.node(node_id, **attrs)
                levels[level["sgs"]].append(node_id)

    def _draw_subnet(
        self,
        g: Graph,
        az_cluster: Graph,
        s: SubnetInfo,
        level: dict[Any, int],
        slot: tuple[str, int],
        levels: dict[int, list[str]],
    ) -> None:
        colors = style.TIER[s.tier]
        known = ("public", "private (NAT)", "isolated")
        word = style.term(s.tier_word, self.lang) if s.tier_word in known else render(s.tier_word, self.lang)
        title = s.name if s.name != s.id else s.id
        # One text run per line: Graphviz places each run of a line by measured width,
        # and a browser's font may be a little wider, so runs side by side can collide.
        label = (
            f'<TABLE BORDER="0" CELLPADDING="0" CELLSPACING="1">'
            f'<TR><TD ALIGN="LEFT"><B>{html_escape(title)}</B></TD></TR>'
            f'<TR><TD ALIGN="LEFT"><FONT COLOR="{colors.border}"><B>'
            f"{html_escape(s.cidr)} · {html_escape(word)}</B></FONT></TD></TR></TABLE>"
        )
        sc = az_cluster.cluster(
            f"subnet_{s.id}",
            label=HTML(label),
            style="rounded,filled",
            fillcolor=colors.fill,
            color=colors.border,
            fontcolor="#212121",
            penwidth="1.4",
            margin="8",
        )
        anchor = f"rt:{s.id}"
        small = style.SIZE["small"]
        lines = "".join(
            f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{small}">{html_escape(render(line, self.lang))}</FONT></TD></TR>'
            for line in s.routes
        )
        caption = render(msg("route table {table}", table=s.table) if s.table else msg("route table"), self.lang)
        sc.node(
            anchor,
            label=HTML(
                '<TABLE BORDER="0" CELLPADDING="0" CELLSPACING="1">'
                f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{small}" COLOR="#424242">'
                f"<I>{html_escape(caption)}</I></FONT></TD></TR>{lines}</TABLE>"
            ),
            shape="plaintext",
            style="",
        )
        tier, slot_index = slot
        levels[level[(tier, slot_index, "anchor")]].append(anchor)
        parts: dict[str, Graph] = {}
        for row_index, row in enumerate(self._rows(s)):
            row_level = level[(tier, slot_index, row_index)]
            for node_id, attrs, asg_name in row:
                container = sc
                if asg_name:
                    if asg_name not in parts:
                        parts[asg_name] = self._asg_cluster(sc, asg_name, s.id)
                        placeholder = f"asgpart:{asg_name}@{s.id}"
                        if node_id != placeholder:
                            # Edges into the group aim at this point and are clipped at the box.
                            parts[asg_name].node(
                                placeholder,
                                shape="point",
                                style="invis",
                                width="0",
                                height="0",
                                label="",
                            )
                            levels[row_level].append(placeholder)
                    container = parts[asg_name]
                if not attrs:  # an ASG with no instances in this subnet
                    attrs = {
                        "label": render(msg("no instances here yet"), self.lang),
                        "shape": "plaintext",
                        "style": "",
                        "fontsize": small,
                    }
                container.node(node_id, **attrs)
                levels[row_level].append(node_id)
        if s.default_target:
            edge = {
                "dir": "back",
                "color": style.EDGE["route"],
                "label": "0.0.0.0/0",
                "fontcolor": style.EDGE["route"],
                "constraint": "false",
            }
            # Written at the end, once the gateway's node exists wherever it is drawn.
            self.edges.append((s.default_target, anchor, edge))

    def _asg_cluster(self, sc: Graph, asg_name: str, subnet_id: str) -> Graph:
        asg = self.asgs.get(asg_name, {"AutoScalingGroupName": asg_name})
        self.kinds_used.add("compute")
        return sc.cluster(
            f"asg_{asg_name}@{subnet_id}",
            label=render(self._asg_caption(asg), self.lang),
            style="rounded,dashed",
            color=style.KIND["compute"].border,
            fontcolor=style.KIND["compute"].border,
            fontsize=style.SIZE["small"],
        )

    def _legend(self, tiers_present: list[str]) -> HTML:
        lang = self.lang
        entries: list[tuple[style.Colors, Any]] = [
            (
                style.TIER[t],
                msg("{tier} subnet", tier=style.term(style.TIER[t].word, lang))
                if t != "unknown"
                else msg("no route table subnet"),
            )
            for t in tiers_present
        ]
        for kind in ("network", "loadbalancer", "compute", "database", "security"):
            if kind in self.kinds_used:
                entries.append((style.KIND[kind], style.KIND[kind].word))
        edges: list[tuple[str, str, Any]] = []
        if any(s.default_target for s in self.subnets.values()):
            edges.append((style.EDGE["route"], "solid", msg("default route (0.0.0.0/0) to its gateway")))
        if self.sg_refs:
            edges.append((style.EDGE["sg"], "dashed", msg("security group admits another group (port)")))
        if self.multi_az:
            edges.append((style.EDGE["replication"], "dashed", msg("Multi-AZ synchronous replication")))
        notes: list[Any] = [
            msg("Tiers come from each subnet's route table: 0.0.0.0/0 to an internet gateway = public,"),
            msg("to a NAT gateway = private, no default route = isolated."),
            *self.notes,
        ]
        notes += style.not_drawn(self.skipped, lang, point_to_skipped=True)
        return style.legend(entries, edges=edges, notes=notes, lang=lang)


def build(snapshot: Any, lang: str = "en") -> Diagram:
    """The network view of ``snapshot`` (see the module docstring)."""
    net = _Network(snapshot, lang)
    dot = net.dot()
    return Diagram(
        dot,
        view="network",
        title=net.title(),
        alt=net.alt(),
        summary=net.summary(),
        skipped=[render(note, lang) for note in net.skipped],
    )
