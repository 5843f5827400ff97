"""A network ACL packet simulator, so NACL tasks are graded by what the rules do.

A network ACL (상태 비저장, stateless) is judged per packet and per direction:
its rules for that direction are read in ascending ``RuleNumber`` order, the
first rule whose protocol, port range and CIDR match decides (allow or deny),
and the final ``*`` rule (number 32767) denies whatever nothing matched. Two
rule sets that look different but let the same packets through earn the same
marks, and a rule set that looks right but is in the wrong order does not.

Entries are read exactly as ``describe_network_acls`` returns them (``Entries``
of a NACL in the snapshot). Anything unusable in an entry (mangled submission)
makes that entry match nothing; it never raises. A ``Packet`` built with
impossible values (a grader bug, not learner input) raises ``ValueError``.

Where the simulated account is looser than AWS: moto accepts a TCP/UDP entry
without ``PortRange`` (AWS requires one); such an entry is taken to cover every
port. moto does not store ``IcmpTypeCode``; an ICMP entry without it covers
every type and code.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..i18n import Msg, msg
from ..snapread import dicts, num, sub, text

__all__ = [
    "Packet", "Rule", "Decision", "protocol_number", "protocol_label", "rules_of", "decide", "evaluate",
    "DEFAULT_RULE_NUMBER",
]

DEFAULT_RULE_NUMBER = 32767  # the "*" rule every NACL ends with: deny what nothing else matched
_NAMES = {"all": "-1", "-1": "-1", "tcp": "6", "udp": "17", "icmp": "1", "icmpv6": "58", "icmp6": "58"}
_LABELS = {"-1": msg("all traffic"), "6": "TCP", "17": "UDP", "1": "ICMP", "58": "ICMPv6"}
_PORTED = ("6", "17")
_ICMP = ("1", "58")
_DIRECTIONS = {"ingress": False, "inbound": False, "in": False, "egress": True, "outbound": True, "out": True}

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def protocol_number(value: Any) -> str | None:
    """AWS's protocol number as text ("6", "17", "1", "-1" for all), from a name or number; None if unknown."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value) if -1 <= value <= 255 else None
    if not isinstance(value, str):
        return None
    key = value.strip().lower()
    if key in _NAMES:
        return _NAMES[key]
    if key.isdigit() and int(key) <= 255:
        return str(int(key))
    return None


def protocol_label(number: str) -> str:
    return _LABELS.get(number) or msg("protocol {number}", number=number)


@dataclass(frozen=True)
class Packet:
    """One packet at a subnet boundary: ``peer`` is its source (ingress) or destination (egress)."""

    direction: str
    protocol: str
    port: int | None
    peer: str
    icmp_type: int = 8  # echo request, the ping a learner would try
    icmp_code: int = 0
    note: str = ""  # why this packet is in a test table ("web tier", "internet"...)

    def __post_init__(self) -> None:
        if str(self.direction).lower() not in _DIRECTIONS:
            raise ValueError(f"direction must be ingress or egress, not {self.direction!r}")
        number = protocol_number(self.protocol)
        if number is None or number == "-1":
            raise ValueError(f"a packet has one protocol (tcp, udp, icmp or a number), not {self.protocol!r}")
        object.__setattr__(self, "protocol", number)
        object.__setattr__(self, "direction", "egress" if _DIRECTIONS[str(self.direction).lower()] else "ingress")
        if number in _PORTED:
            if isinstance(self.port, bool) or not isinstance(self.port, int) or not 0 <= self.port <= 65535:
                raise ValueError(f"a {protocol_label(number)} packet needs a port 0-65535, not {self.port!r}")
        ipaddress.ip_address(self.peer)  # ValueError for a bad address

    @property
    def egress(self) -> bool:
        return self.direction == "egress"

    @property
    def address(self) -> Address:
        return ipaddress.ip_address(self.peer)

    def describe(self) -> Msg:
        """The packet in words ("TCP 8080 from 10.0.0.10 (web tier)"), in any language."""
        what: Any = protocol_label(self.protocol)
        if self.protocol in _PORTED:
            what = msg("{protocol} {port}", protocol=what, port=self.port)
        elif self.protocol in _ICMP:
            what = msg("{protocol} (type {type})", protocol=what, type=self.icmp_type)
        if self.note:
            if self.egress:
                return msg("{what} to {peer} ({note})", what=what, peer=self.peer, note=self.note)
            return msg("{what} from {peer} ({note})", what=what, peer=self.peer, note=self.note)
        if self.egress:
            return msg("{what} to {peer}", what=what, peer=self.peer)
        return msg("{what} from {peer}", what=what, peer=self.peer)

    def __str__(self) -> str:
        return self.describe()


@dataclass(frozen=True)
class Rule:
    """A NACL entry, normalised (protocol as a number, action lower case, CIDR parsed)."""

    number: int
    action: str
    egress: bool
    protocol: str
    network: Network
    ports: tuple[int, int] | None = None  # None: every port
    icmp: tuple[int, int] = (-1, -1)  # (type, code); -1 means all

    @property
    def label(self) -> str:
        return msg("rule *") if self.number == DEFAULT_RULE_NUMBER else msg("rule {number}", number=self.number)

    def matches(self, packet: Packet) -> bool:
        if self.egress != packet.egress:
            return False
        if self.protocol != "-1":
            if self.protocol != packet.protocol:
                return False
            if self.protocol in _PORTED and self.ports is not None:
                low, high = self.ports
                if packet.port is None or not low <= packet.port <= high:
                    return False
            if self.protocol in _ICMP:
                kind, code = self.icmp
                if kind != -1 and (kind != packet.icmp_type or (code != -1 and code != packet.icmp_code)):
                    return False
        address = packet.address
        return address.version == self.network.version and address in self.network

    def describe(self) -> Msg:
        """The rule in words ("rule 100 (allow TCP 8080 from 10.0.0.0/24)"), in any language."""
        what: Any = protocol_label(self.protocol)
        if self.protocol in _PORTED:
            if self.ports is None:
                what = msg("{protocol} all ports", protocol=what)
            else:
                low, high = self.ports
                what = (msg("{protocol} {port}", protocol=what, port=low) if low == high
                        else msg("{protocol} {low}-{high}", protocol=what, low=low, high=high))
        elif self.protocol in _ICMP and self.icmp[0] != -1:
            what = msg("{protocol} type {type}", protocol=what, type=self.icmp[0])
        fields = {"label": self.label, "what": what, "network": self.network}
        if self.action == "allow":
            if self.egress:
                return msg("{label} (allow {what} to {network})", **fields)
            return msg("{label} (allow {what} from {network})", **fields)
        if self.egress:
            return msg("{label} (deny {what} to {network})", **fields)
        return msg("{label} (deny {what} from {network})", **fields)

    def __str__(self) -> str:
        return self.describe()


def _default_rule(packet: Packet) -> Rule:
    anywhere = "0.0.0.0/0" if packet.address.version == 4 else "::/0"
    return Rule(DEFAULT_RULE_NUMBER, "deny", packet.egress, "-1", ipaddress.ip_network(anywhere))


def _egress_flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    lowered = text(value).lower()
    return {"true": True, "false": False}.get(lowered)


def _rule(entry: dict[str, Any]) -> Rule | None:
    """One snapshot entry as a Rule, or None when it is unusable (it then matches nothing)."""
    number = num(entry.get("RuleNumber"))
    action = text(entry.get("RuleAction")).strip().lower()
    egress = _egress_flag(entry.get("Egress"))
    protocol = protocol_number(entry.get("Protocol"))
    if number is None or action not in ("allow", "deny") or egress is None or protocol is None:
        return None
    cidr = text(entry.get("CidrBlock")) or text(entry.get("Ipv6CidrBlock"))
    try:
        network = ipaddress.ip_network(cidr.strip(), strict=False)
    except ValueError:
        return None
    ports: tuple[int, int] | None = None
    if protocol in _PORTED and "PortRange" in entry:
        low, high = num(sub(entry, "PortRange").get("From")), num(sub(entry, "PortRange").get("To"))
        if low is None or high is None:
            return None
        ports = (low, high)
    icmp = (-1, -1)
    if protocol in _ICMP and isinstance(entry.get("IcmpTypeCode"), dict):
        codes = sub(entry, "IcmpTypeCode")
        kind, code = _icmp_value(codes.get("Type")), _icmp_value(codes.get("Code"))
        if kind is None or code is None:
            return None
        icmp = (kind, code)
    return Rule(number, action, egress, protocol, network, ports, icmp)


def _icmp_value(value: Any) -> int | None:
    if value is None:
        return -1
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        return int(text(value))
    except ValueError:
        return None


def rules_of(acl_or_entries: Any, *, egress: bool | None = None) -> list[Rule]:
    """The usable rules of a NACL (a snapshot NACL dict or its ``Entries`` list), in evaluation order.

    Ascending rule number; ``egress`` picks one direction (None: both, inbound first).
    """
    if isinstance(acl_or_entries, dict):
        entries = dicts(acl_or_entries, "Entries")
    elif isinstance(acl_or_entries, Iterable) and not isinstance(acl_or_entries, (str, bytes)):
        entries = [e for e in acl_or_entries if isinstance(e, dict)]
    else:
        entries = []
    parsed = [r for r in (_rule(e) for e in entries) if r is not None]
    if egress is not None:
        parsed = [r for r in parsed if r.egress is egress]
    return sorted(parsed, key=lambda r: (r.egress, r.number))


@dataclass(frozen=True)
class Decision:
    """What a NACL does with a packet, and the rule that decided."""

    packet: Packet
    rule: Rule

    @property
    def allowed(self) -> bool:
        return self.rule.action == "allow"

    @property
    def verdict(self) -> str:
        return "allowed" if self.allowed else "denied"

    def describe(self) -> Msg:
        """The decision in words ("TCP 22 from ... is denied by rule * (...)"), in any language."""
        if self.allowed:
            return msg("{packet} is allowed by {rule}", packet=self.packet.describe(), rule=self.rule.describe())
        return msg("{packet} is denied by {rule}", packet=self.packet.describe(), rule=self.rule.describe())

    def __str__(self) -> str:
        return self.describe()


def decide(rules: list[Rule], packet: Packet) -> Decision:
    """Decide ``packet`` with rules already read by :func:`rules_of` (to judge many packets at once)."""
    for rule in sorted(rules, key=lambda r: r.number):
        if rule.egress == packet.egress and rule.matches(packet):
            return Decision(packet, rule)
    return Decision(packet, _default_rule(packet))


def evaluate(acl_or_entries: Any, packet: Packet) -> Decision:
    """Decide ``packet`` as AWS does: lowest-numbered matching rule of its direction wins, else ``*`` denies."""
    return decide(rules_of(acl_or_entries, egress=packet.egress), packet)
