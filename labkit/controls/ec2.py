"""EC2 and VPC controls: EC2.2, EC2.3, EC2.6, EC2.7, EC2.8, EC2.9, EC2.15, EC2.18, EC2.19, EC2.21."""

from __future__ import annotations

import ipaddress
from typing import Any

from ..i18n import and_, msg
from ..snapread import dicts, num, sub, text
from ._base import Verdict, View, account_control, comma, label, resource_control, semicolons

__all__ = [
    "default_group_closed", "attached_volume_encrypted", "vpc_flow_logs", "ebs_default_encryption",
    "imdsv2_required", "no_public_ip", "subnet_no_auto_public_ip", "open_only_authorized_ports",
    "no_high_risk_ports", "nacl_no_open_admin_ports", "HIGH_RISK_PORTS", "AUTHORIZED_TCP",
]

GONE = ("terminated", "shutting-down")
AUTHORIZED_TCP = (80, 443)  # EC2.18's default authorizedTcpPorts
# EC2.19's high-risk ports, with what usually listens there (protocol and product names stay as they are).
HIGH_RISK_PORTS: dict[int, str] = {
    20: msg("FTP data"), 21: "FTP", 22: "SSH", 23: "Telnet", 25: "SMTP", 110: "POP3", 135: "RPC",
    143: "IMAP", 445: "SMB", 1433: "SQL Server", 1434: msg("SQL Server browser"), 3000: msg("dev web servers"),
    3306: "MySQL", 3389: "RDP", 4333: "mSQL", 5000: msg("dev web servers"), 5432: "PostgreSQL",
    5500: "VNC", 5601: "Kibana", 8080: msg("HTTP proxy"), 8088: "Hadoop", 8888: msg("Jupyter and proxies"),
    9200: "Elasticsearch", 9300: "Elasticsearch",
}
_PROTOCOLS = {"-1": "all", "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6"}


def _live(item: dict[str, Any]) -> bool:
    return text(sub(item, "State").get("Name")) not in GONE


# -- security group rules ---------------------------------------------------
def _protocol(value: Any) -> str:
    proto = text(value).lower()
    return _PROTOCOLS.get(proto, proto)


def _port_range(rule: dict[str, Any], proto: str) -> tuple[int, int]:
    if proto == "all":
        return 0, 65535
    low, high = num(rule.get("FromPort")), num(rule.get("ToPort"))
    low = 0 if low is None or low < 0 else low
    high = 65535 if high is None or high < 0 else high
    return low, high


def _ports_text(low: int, high: int) -> str:
    return msg("all ports") if (low, high) == (0, 65535) else (str(low) if low == high else f"{low}-{high}")


def _all_and(items: list[Any]) -> Any:
    """``a and b and c`` (Korean ``a 및 b 및 c``)."""
    out: Any = ""
    for index, item in enumerate(items):
        out = item if index == 0 else msg("{items} and {last}", items=out, last=item)
    return out


def _is_everywhere(cidr: Any) -> bool:
    try:
        return ipaddress.ip_network(text(cidr), strict=False).prefixlen == 0
    except ValueError:
        return False


def _open_sources(rule: dict[str, Any]) -> list[str]:
    """The /0 sources of a rule (``0.0.0.0/0``, ``::/0``)."""
    out = [text(r.get("CidrIp")) for r in dicts(rule, "IpRanges") if _is_everywhere(r.get("CidrIp"))]
    out += [text(r.get("CidrIpv6")) for r in dicts(rule, "Ipv6Ranges") if _is_everywhere(r.get("CidrIpv6"))]
    return out


def _open_rules(group: dict[str, Any]) -> list[tuple[str, int, int, Any]]:
    """(protocol, from, to, sources) of every inbound rule open to the whole internet."""
    out = []
    for rule in dicts(group, "IpPermissions"):
        sources = _open_sources(rule)
        if sources:
            proto = _protocol(rule.get("IpProtocol"))
            out.append((proto, *_port_range(rule, proto), _all_and(sources)))
    return out


def _rule_text(rule: dict[str, Any], outbound: bool) -> Any:
    proto = _protocol(rule.get("IpProtocol"))
    what = msg("all traffic") if proto == "all" else \
        msg("{proto} {ports}", proto=proto, ports=_ports_text(*_port_range(rule, proto)))
    peers = [text(r.get("CidrIp")) for r in dicts(rule, "IpRanges")]
    peers += [text(r.get("CidrIpv6")) for r in dicts(rule, "Ipv6Ranges")]
    peers += [text(p.get("GroupId")) for p in dicts(rule, "UserIdGroupPairs")]
    peers += [text(p.get("PrefixListId")) for p in dicts(rule, "PrefixListIds")]
    shown = ", ".join(p for p in peers if p) or msg("nowhere")
    return msg("{what} to {peers}", what=what, peers=shown) if outbound else \
        msg("{what} from {peers}", what=what, peers=shown)


def _group_label(group: dict[str, Any]) -> str:
    name = text(group.get("GroupName"))
    ident = text(group.get("GroupId"), "?")
    return f"{ident} ({name})" if name and name != ident else ident


def _moto_default_rules(group: dict[str, Any]) -> bool:
    """The rules moto gives a new default group: no inbound rule, all traffic out to 0.0.0.0/0."""
    out = dicts(group, "IpPermissionsEgress")
    return (not dicts(group, "IpPermissions") and len(out) == 1 and _protocol(out[0].get("IpProtocol")) == "all"
            and [text(r.get("CidrIp")) for r in dicts(out[0], "IpRanges")] == ["0.0.0.0/0"])


@resource_control(
    "EC2.2", msg("VPC default security groups should not allow inbound or outbound traffic"), "HIGH",
    items="ec2.security_groups", resource=lambda g: text(g.get("GroupId")),
    scope=msg("every VPC's default security group"),
    passes="the default security group has no inbound and no outbound rule",
)
def default_group_closed(view: View, group: dict[str, Any]) -> Verdict | None:
    if text(group.get("GroupName")) != "default":
        return None
    gid, vpc = text(group.get("GroupId"), "?"), text(group.get("VpcId"), "?")
    inbound, outbound = dicts(group, "IpPermissions"), dicts(group, "IpPermissionsEgress")
    if not inbound and not outbound:
        return True, msg("the default security group {group} of {vpc} has no rules", group=gid, vpc=vpc), ""
    rules = [msg("in: {rule}", rule=_rule_text(r, False)) for r in inbound] + \
        [msg("out: {rule}", rule=_rule_text(r, True)) for r in outbound]
    if len(rules) == 1:
        message = msg("the default security group {group} of {vpc} has 1 rule ({rules})", group=gid, vpc=vpc,
                      rules=rules[0])
    else:
        message = msg("the default security group {group} of {vpc} has {count} rules ({rules})", group=gid, vpc=vpc,
                      count=len(rules), rules=semicolons(rules))
    if _moto_default_rules(group):
        message = msg("{message}: the rule every default group is created with (AWS also adds an inbound rule "
                      "admitting the group itself, which moto leaves out)", message=message)
    calls = []
    if inbound:
        calls.append(f"ec2.revoke_security_group_ingress(GroupId='{gid}', IpPermissions=group['IpPermissions'])")
    if outbound:
        calls.append(f"ec2.revoke_security_group_egress(GroupId='{gid}', IpPermissions=group['IpPermissionsEgress'])")
    hint = msg("Read it with group = ec2.describe_security_groups(GroupIds=['{group}'])['SecurityGroups'][0], then "
               "{calls}. Give your instances their own security groups instead.", group=gid, calls=and_(calls))
    return False, message, hint


@resource_control(
    "EC2.3", msg("Attached Amazon EBS volumes should be encrypted at-rest"), "MEDIUM",
    items="ec2.volumes", resource=lambda v: text(v.get("VolumeId")),
    scope=msg("EBS volumes attached to an instance"),
    passes="the volume is encrypted (Encrypted is true)",
)
def attached_volume_encrypted(view: View, volume: dict[str, Any]) -> Verdict | None:
    attached = [a for a in dicts(volume, "Attachments")
                if text(a.get("State"), "attached") in ("attached", "attaching")]
    if not attached:
        return None
    vid, inst = text(volume.get("VolumeId"), "?"), text(attached[0].get("InstanceId"), "?")
    if volume.get("Encrypted") is True:
        return True, msg("volume {volume} (attached to {instance}) is encrypted", volume=vid, instance=inst), ""
    message = msg("volume {volume} attached to {instance} is not encrypted", volume=vid, instance=inst)
    if view.value("ec2", "ebs_encryption_by_default") is True:
        message = msg("{message} (EBS encryption by default is on: AWS encrypts every volume created after it was "
                      "turned on, moto does not apply it, so pass Encrypted=True in BlockDeviceMappings)",
                      message=message)
    return (False, message,
            msg("An existing volume cannot be encrypted in place: snapshot it, copy the snapshot with Encrypted=True, "
                "create a volume from the copy and swap it in. For new volumes: "
                "ec2.enable_ebs_encryption_by_default() (EC2.7) or Encrypted=True in create_volume / "
                "BlockDeviceMappings."))


@resource_control(
    "EC2.6", msg("VPC flow logging should be enabled in all VPCs"), "MEDIUM",
    items="ec2.vpcs", resource=lambda v: text(v.get("VpcId")), needs=("ec2.flow_logs",),
    scope=msg("every VPC, the default one included"),
    passes="an active flow log on the VPC records REJECT (or ALL) traffic",
)
def vpc_flow_logs(view: View, vpc: dict[str, Any]) -> Verdict | None:
    vid = text(vpc.get("VpcId"), "?")
    logs = [f for f in view.items("ec2", "flow_logs") if text(f.get("ResourceId")) == vid
            and text(f.get("FlowLogStatus"), "ACTIVE") == "ACTIVE"]
    good = [f for f in logs if text(f.get("TrafficType")).upper() in ("REJECT", "ALL")]
    what: Any = label(vpc, "VpcId")
    if vpc.get("IsDefault") is True:
        what = msg("{vpc} (the default VPC)", vpc=what)
    if good:
        f = good[0]
        return True, msg("VPC {vpc} has flow log {log} recording {traffic} traffic", vpc=what,
                         log=text(f.get("FlowLogId"), "?"), traffic=text(f.get("TrafficType"))), ""
    if logs:
        message = msg("VPC {vpc} has flow logs only for {traffic} traffic; EC2.6 asks for REJECT (or ALL)", vpc=what,
                      traffic=text(logs[0].get("TrafficType"), "?"))
    else:
        message = msg("VPC {vpc} has no flow log", vpc=what)
    return (False, message,
            msg("ec2.create_flow_logs(ResourceIds=['{vpc}'], ResourceType='VPC', TrafficType='REJECT', "
                "LogDestinationType='s3', LogDestination='arn:aws:s3:::<log-bucket>')", vpc=vid))


@account_control(
    "EC2.7", msg("EBS default encryption should be enabled"), "MEDIUM", needs=("ec2.ebs_encryption_by_default",),
    passes="EBS encryption by default is on in the region", scope=msg("the account, in the lab's region"),
)
def ebs_default_encryption(view: View) -> Verdict:
    where = view.region or msg("this region")
    if view.value("ec2", "ebs_encryption_by_default") is True:
        return True, msg("EBS encryption by default is on in {region}", region=where), ""
    return (False, msg("EBS encryption by default is off in {region} (it is off by default, in AWS as in moto)",
                       region=where),
            msg("ec2.enable_ebs_encryption_by_default()"))


@resource_control(
    "EC2.8", msg("EC2 instances should use Instance Metadata Service Version 2 (IMDSv2)"), "HIGH",
    items="ec2.instances", resource=lambda i: text(i.get("InstanceId")),
    scope=msg("instances that are not terminated"),
    passes="MetadataOptions.HttpTokens is 'required'",
)
def imdsv2_required(view: View, inst: dict[str, Any]) -> Verdict | None:
    if not _live(inst):
        return None
    iid = text(inst.get("InstanceId"), "?")
    raw = sub(inst, "MetadataOptions").get("HttpTokens")
    tokens: Any = text(raw) if isinstance(raw, (str, int, float)) else msg("not reported")
    if tokens == "required":
        return True, msg("instance {instance} requires IMDSv2 session tokens", instance=label(inst, "InstanceId")), ""
    return (False, msg("instance {instance} has HttpTokens={tokens}: it still answers IMDSv1 requests (new instances "
                       "get 'optional' unless the launch, the AMI or the account default asks for 'required', in "
                       "moto as in AWS)", instance=label(inst, "InstanceId"), tokens=tokens),
            msg("ec2.modify_instance_metadata_options(InstanceId='{instance}', HttpTokens='required', "
                "HttpEndpoint='enabled'); at launch: MetadataOptions={{'HttpTokens': 'required', "
                "'HttpEndpoint': 'enabled'}}", instance=iid))


@resource_control(
    "EC2.9", msg("Amazon EC2 instances should not have a public IPv4 address"), "HIGH",
    items="ec2.instances", resource=lambda i: text(i.get("InstanceId")),
    scope=msg("instances that are not terminated"),
    passes="the instance has no PublicIpAddress",
)
def no_public_ip(view: View, inst: dict[str, Any]) -> Verdict | None:
    if not _live(inst):
        return None
    public = text(inst.get("PublicIpAddress"))
    if not public:
        return True, msg("instance {instance} has no public IPv4 address", instance=label(inst, "InstanceId")), ""
    subnet = text(inst.get("SubnetId"), "?")
    return (False, msg("instance {instance} has public IPv4 address {ip} (subnet {subnet} gives one to every instance "
                       "launched in it; the default VPC's subnets do so, in AWS as in moto)",
                       instance=label(inst, "InstanceId"), ip=public, subnet=subnet),
            msg("Launch it in a private subnet (MapPublicIpOnLaunch false) or with NetworkInterfaces=[{{'DeviceIndex': "
                "0, 'SubnetId': ..., 'AssociatePublicIpAddress': False}}], and reach it through a load balancer, "
                "Session Manager or a bastion."))


@resource_control(
    "EC2.15", msg("Amazon EC2 subnets should not automatically assign public IP addresses"), "MEDIUM",
    items="ec2.subnets", resource=lambda s: text(s.get("SubnetId")),
    scope=msg("every subnet, default subnets included"),
    passes="MapPublicIpOnLaunch is false",
)
def subnet_no_auto_public_ip(view: View, subnet: dict[str, Any]) -> Verdict | None:
    sid = text(subnet.get("SubnetId"), "?")
    name = label(subnet, "SubnetId")
    if subnet.get("MapPublicIpOnLaunch") is not True:
        return True, msg("subnet {subnet} does not assign public IPs on launch", subnet=name), ""
    if subnet.get("DefaultForAz") is True:
        message = msg("subnet {subnet} assigns a public IPv4 address to every instance launched in it (a default "
                      "subnet: AWS and moto both create default subnets this way)", subnet=name)
    else:
        message = msg("subnet {subnet} assigns a public IPv4 address to every instance launched in it", subnet=name)
    return (False, message,
            msg("ec2.modify_subnet_attribute(SubnetId='{subnet}', MapPublicIpOnLaunch={{'Value': False}}); "
                "give public IPs only where needed (load balancers, NAT gateways).", subnet=sid))


@resource_control(
    "EC2.18", msg("Security groups should only allow unrestricted incoming traffic for authorized ports"), "HIGH",
    items="ec2.security_groups", resource=lambda g: text(g.get("GroupId")),
    scope=msg("security groups with an inbound rule from 0.0.0.0/0 or ::/0 (others are not applicable, as in AWS)"),
    passes="inbound rules open to 0.0.0.0/0 or ::/0 cover only TCP 80 and 443 (authorizedTcpPorts)",
)
def open_only_authorized_ports(view: View, group: dict[str, Any]) -> Verdict | None:
    rules = _open_rules(group)
    if not rules:
        return None
    bad: list[Any] = []
    for proto, low, high, sources in rules:
        if proto == "all":
            bad.append(msg("all traffic from {sources}", sources=sources))
        elif proto in ("tcp", "udp"):
            authorized = sum(1 for p in AUTHORIZED_TCP if low <= p <= high) if proto == "tcp" else 0
            if high - low + 1 > authorized:
                bad.append(msg("{proto} {ports} from {sources}", proto=proto, ports=_ports_text(low, high),
                               sources=sources))
    name = _group_label(group)
    if not bad:
        return True, msg("security group {group} is open to the internet only on authorized ports (tcp 80, 443)",
                         group=name), ""
    gid = text(group.get("GroupId"), "?")
    return (False, msg("security group {group} admits {rules}: only tcp 80 and 443 may be open to the internet",
                       group=name, rules=semicolons(bad)),
            msg("ec2.revoke_security_group_ingress(GroupId='{group}', IpPermissions=[<that rule>]) and admit those "
                "ports from a narrower CIDR or from another security group (UserIdGroupPairs) instead.", group=gid))


@resource_control(
    "EC2.19", msg("Security groups should not allow unrestricted access to ports with high risk"), "CRITICAL",
    items="ec2.security_groups", resource=lambda g: text(g.get("GroupId")),
    scope=msg("every security group"),
    passes="no inbound rule from 0.0.0.0/0 or ::/0 reaches a high-risk port (22, 3389, 3306, ...)",
)
def no_high_risk_ports(view: View, group: dict[str, Any]) -> Verdict | None:
    bad: list[Any] = []
    for proto, low, high, sources in _open_rules(group):
        if proto not in ("all", "tcp", "udp"):
            continue
        ports = [p for p in HIGH_RISK_PORTS if low <= p <= high]
        if ports:
            shown = comma(msg("{port} ({service})", port=p, service=HIGH_RISK_PORTS[p]) for p in ports[:6])
            if len(ports) > 6:
                shown = msg("{ports} ...", ports=shown)
            if proto == "all":
                bad.append(msg("all traffic, ports {ports} from {sources}", ports=shown, sources=sources))
            else:
                bad.append(msg("{proto} {ports} from {sources}", proto=proto, ports=shown, sources=sources))
    name = _group_label(group)
    if not bad:
        return True, msg("security group {group} opens no high-risk port to the internet", group=name), ""
    gid = text(group.get("GroupId"), "?")
    return (False, msg("security group {group} admits {rules}", group=name, rules=semicolons(bad)),
            msg("ec2.revoke_security_group_ingress(GroupId='{group}', IpPermissions=[<that rule>]); reach SSH/RDP "
                "through Session Manager or a bastion, and databases only from the app tier's security group.",
                group=gid))


# -- network ACLs ----------------------------------------------------------------
def _nacl_first_open(entries: list[dict[str, Any]], proto: str, port: int, v6: bool) -> dict[str, Any] | None:
    """The first inbound rule from the whole internet (by rule number) that matches; None if none does."""
    key = "Ipv6CidrBlock" if v6 else "CidrBlock"
    ordered = sorted((e for e in entries if e.get("Egress") is not True and _is_everywhere(e.get(key))),
                     key=lambda e: num(e.get("RuleNumber")) or 0)
    for entry in ordered:
        eproto = _protocol(entry.get("Protocol"))
        if eproto != "all":
            if eproto != proto:
                continue
            low, high = num(sub(entry, "PortRange").get("From")), num(sub(entry, "PortRange").get("To"))
            if low is not None and high is not None and not low <= port <= high:
                continue
        return entry
    return None


@resource_control(
    "EC2.21", msg("Network ACLs should not allow ingress from 0.0.0.0/0 to port 22 or port 3389"), "MEDIUM",
    items="ec2.network_acls", resource=lambda n: text(n.get("NetworkAclId")),
    scope=msg("every network ACL, default ones included"),
    passes="no inbound rule from 0.0.0.0/0 or ::/0 lets TCP or UDP port 22 or 3389 in before a deny does",
)
def nacl_no_open_admin_ports(view: View, nacl: dict[str, Any]) -> Verdict | None:
    entries = dicts(nacl, "Entries")
    open_to: dict[tuple[int, str], list[str]] = {}  # (22, "0.0.0.0/0"): ["tcp", "udp"]
    rules: list[str] = []
    for port in (22, 3389):
        for proto in ("tcp", "udp"):
            for v6, everywhere in ((False, "0.0.0.0/0"), (True, "::/0")):
                entry = _nacl_first_open(entries, proto, port, v6)
                if entry is not None and text(entry.get("RuleAction")).lower() == "allow":
                    protos = open_to.setdefault((port, everywhere), [])
                    number = text(entry.get("RuleNumber"), "?")
                    if proto not in protos:
                        protos.append(proto)
                    if number not in rules:
                        rules.append(number)
    name: Any = label(nacl, "NetworkAclId")
    if nacl.get("IsDefault") is True:
        name = msg("{acl}, the VPC's default)", acl=name[:-1]) if name.endswith(")") else \
            msg("{acl} (the VPC's default)", acl=name)
    if not open_to:
        return True, msg("network ACL {acl} does not admit ports 22 or 3389 from the whole internet", acl=name), ""
    shown = comma(msg("{protocols} {port} from {source}", protocols="/".join(protos), port=port, source=where)
                  for (port, where), protos in open_to.items())
    message = msg("network ACL {acl} admits {ports} (rule {rules})", acl=name, ports=shown, rules=", ".join(rules))
    if nacl.get("IsDefault") is True:
        message = msg("{message}; every default network ACL allows all inbound traffic (rule 100), in AWS as in moto",
                      message=message)
    acl = text(nacl.get("NetworkAclId"), "?")
    return (False, message,
            msg("Add lower-numbered deny rules: ec2.create_network_acl_entry(NetworkAclId='{acl}', RuleNumber=50, "
                "Protocol='6', RuleAction='deny', Egress=False, CidrBlock='0.0.0.0/0', PortRange={{'From': 22, "
                "'To': 22}}) and the same for 3389 (and ::/0 with Ipv6CidrBlock), or allow only the ports you need.",
                acl=acl))

