"""The network ACL simulator behind vpc.private_nacl: AWS's evaluation order (lowest rule
number first, first match wins, ``*`` denies the rest), protocol/port/CIDR matching, and
mangled entries that match nothing instead of raising."""

from __future__ import annotations

import ipaddress
import random

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from labkit.catalogue._nacl import (
    DEFAULT_RULE_NUMBER,
    Packet,
    decide,
    evaluate,
    protocol_number,
    rules_of,
)
from labkit.catalogue.vpc import NACL_INBOUND, NACL_OUTBOUND, PRIVATE_NACL_RULES


def entry(number, action="allow", *, egress=False, protocol="6", cidr="0.0.0.0/0", ports=None, icmp=None):
    out = {"RuleNumber": number, "RuleAction": action, "Egress": egress, "Protocol": protocol}
    out["Ipv6CidrBlock" if ":" in cidr else "CidrBlock"] = cidr
    if ports is not None:
        out["PortRange"] = {"From": ports[0], "To": ports[1]}
    if icmp is not None:
        out["IcmpTypeCode"] = {"Type": icmp[0], "Code": icmp[1]}
    return out


def tcp_in(port, peer):
    return Packet("ingress", "tcp", port, peer)


REFERENCE = [entry(n, action, egress=egress, cidr=cidr, ports=(low, high))
             for n, egress, action, low, high, cidr in PRIVATE_NACL_RULES]


@pytest.mark.parametrize(("packet", "allowed"), NACL_INBOUND + NACL_OUTBOUND, ids=str)
def test_reference_rules_decide_every_graded_packet_as_the_task_wants(packet, allowed):
    assert evaluate(REFERENCE, packet).allowed is allowed
    # Rules read once (both directions) and reused give the same decision.
    assert decide(rules_of(REFERENCE), packet) == evaluate(REFERENCE, packet)


def test_first_match_wins_in_rule_number_order_not_list_order():
    allow_then_deny = [entry(200, "deny", ports=(8080, 8080)), entry(100, "allow", ports=(8080, 8080))]
    decision = evaluate(allow_then_deny, tcp_in(8080, "10.0.0.15"))
    assert decision.allowed and decision.rule.number == 100
    deny_first = [entry(100, "deny", ports=(8080, 8080)), entry(200, "allow", ports=(8080, 8080))]
    decision = evaluate(deny_first, tcp_in(8080, "10.0.0.15"))
    assert not decision.allowed
    assert str(decision) == ("TCP 8080 from 10.0.0.15 is denied by rule 100 (deny TCP 8080 from 0.0.0.0/0)")


def test_nothing_matched_is_denied_by_the_star_rule():
    decision = evaluate([], Packet("egress", "udp", 53, "8.8.8.8", note="DNS"))
    assert not decision.allowed and decision.rule.number == DEFAULT_RULE_NUMBER
    assert str(decision) == "UDP 53 to 8.8.8.8 (DNS) is denied by rule * (deny all traffic to 0.0.0.0/0)"
    v6 = evaluate([], Packet("ingress", "tcp", 22, "2001:db8::1"))
    assert str(v6.rule) == "rule * (deny all traffic from ::/0)"


def test_an_explicit_star_entry_as_describe_network_acls_returns_it():
    default_nacl = {"Entries": [
        entry(100, protocol="-1", egress=True), entry(32767, "deny", protocol="-1", egress=True),
        entry(100, protocol="-1"), entry(32767, "deny", protocol="-1"),
    ]}
    assert evaluate(default_nacl, Packet("ingress", "icmp", None, "203.0.113.9")).allowed
    only_star = {"Entries": [entry(32767, "deny", protocol="-1")]}
    assert evaluate(only_star, tcp_in(443, "203.0.113.9")).rule.label == "rule *"


def test_directions_are_separate_rule_lists():
    egress_allow = [entry(100, protocol="-1", egress=True)]
    assert not evaluate(egress_allow, tcp_in(443, "203.0.113.9")).allowed
    assert evaluate(egress_allow, Packet("outbound", "tcp", 443, "203.0.113.9")).allowed


@pytest.mark.parametrize("protocol", ["6", "tcp", "TCP", 6, " 6 "])
def test_protocol_by_name_or_number(protocol):
    rules = [entry(100, protocol=protocol, ports=(80, 80))]
    assert evaluate(rules, tcp_in(80, "198.51.100.7")).allowed
    assert not evaluate(rules, Packet("ingress", "udp", 80, "198.51.100.7")).allowed


def test_protocol_numbers():
    assert [protocol_number(v) for v in ("all", "-1", -1, "udp", "17", "icmp", "ICMPv6", "50", 300, "ssh", None,
                                         True, 4.0)] == ["-1", "-1", "-1", "17", "17", "1", "58", "50", None, None,
                                                         None, None, None]


def test_all_protocols_ignore_the_port_range():
    rules = [entry(100, protocol="-1", ports=(1, 2))]  # AWS ignores ports for -1
    for packet in (tcp_in(8080, "10.0.0.1"), Packet("ingress", "udp", 9999, "10.0.0.1"),
                   Packet("ingress", "icmp", None, "10.0.0.1")):
        assert evaluate(rules, packet).allowed


def test_port_range_boundaries_are_inclusive():
    rules = [entry(100, ports=(1024, 65535))]
    assert [evaluate(rules, tcp_in(p, "10.0.0.1")).allowed for p in (1023, 1024, 40000, 65535)] == [
        False, True, True, True]


def test_tcp_entry_without_port_range_covers_every_port():
    # moto accepts it (AWS would not); the simulator reads it as "all TCP ports".
    assert evaluate([entry(100)], tcp_in(1, "10.0.0.1")).allowed


@pytest.mark.parametrize(("cidr", "peer", "matches"), [
    ("10.0.0.0/24", "10.0.0.255", True),
    ("10.0.0.0/24", "10.0.1.0", False),
    ("10.0.0.0/23", "10.0.1.200", True),
    ("10.0.0.5/24", "10.0.0.9", True),  # host bits set: still the /24
    ("10.0.0.5/32", "10.0.0.5", True),
    ("0.0.0.0/0", "2001:db8::1", False),  # an IPv4 rule never matches IPv6
    ("::/0", "10.0.0.1", False),
    ("::/0", "2001:db8::1", True),
])
def test_cidr_matching(cidr, peer, matches):
    assert evaluate([entry(100, cidr=cidr, ports=(443, 443))], tcp_in(443, peer)).allowed is matches


def test_icmp_type_and_code():
    echo = Packet("ingress", "icmp", None, "203.0.113.9")  # type 8 code 0
    reply = Packet("ingress", "icmp", None, "203.0.113.9", icmp_type=0)
    only_echo = [entry(100, protocol="1", icmp=(8, -1))]
    assert evaluate(only_echo, echo).allowed and not evaluate(only_echo, reply).allowed
    assert evaluate([entry(100, protocol="icmp", icmp=(-1, -1))], reply).allowed
    assert evaluate([entry(100, protocol="1")], reply).allowed  # moto drops IcmpTypeCode: all types
    assert not evaluate([entry(100, protocol="1", icmp=(8, 3))], echo).allowed


def test_rule_and_packet_text():
    rule = rules_of([entry(130, ports=(1024, 65535))])[0]
    assert str(rule) == "rule 130 (allow TCP 1024-65535 from 0.0.0.0/0)"
    out = rules_of([entry(7, "deny", egress=True, protocol="17", cidr="10.0.20.0/24")])[0]
    assert str(out) == "rule 7 (deny UDP all ports to 10.0.20.0/24)"
    assert str(Packet("egress", "50", None, "10.0.0.1")) == "protocol 50 to 10.0.0.1"
    assert str(Packet("ingress", "icmp", None, "10.0.0.1", note="ping")) == "ICMP (type 8) from 10.0.0.1 (ping)"


@pytest.mark.parametrize("bad", [
    "not an entry", None, 7,
    {"RuleNumber": "x", "RuleAction": "allow", "Egress": False, "Protocol": "-1", "CidrBlock": "0.0.0.0/0"},
    {"RuleNumber": 1, "RuleAction": "maybe", "Egress": False, "Protocol": "-1", "CidrBlock": "0.0.0.0/0"},
    {"RuleNumber": 1, "RuleAction": "allow", "Egress": "sideways", "Protocol": "-1", "CidrBlock": "0.0.0.0/0"},
    {"RuleNumber": 1, "RuleAction": "allow", "Egress": False, "Protocol": "gopher", "CidrBlock": "0.0.0.0/0"},
    {"RuleNumber": 1, "RuleAction": "allow", "Egress": False, "Protocol": "-1", "CidrBlock": "10.0.0.300/8"},
    {"RuleNumber": 1, "RuleAction": "allow", "Egress": False, "Protocol": "-1"},
    {"RuleNumber": 1, "RuleAction": "allow", "Egress": False, "Protocol": "6", "CidrBlock": "0.0.0.0/0",
     "PortRange": {"From": "a", "To": None}},
    {"RuleNumber": 1, "RuleAction": "allow", "Egress": False, "Protocol": "1", "CidrBlock": "0.0.0.0/0",
     "IcmpTypeCode": {"Type": "echo"}},
    {"RuleNumber": True, "RuleAction": ["allow"], "Egress": {}, "Protocol": [], "CidrBlock": 5},
])
def test_mangled_entries_match_nothing_and_never_raise(bad):
    decision = evaluate([bad, entry(200, "deny", protocol="-1")], Packet("ingress", "icmp", None, "10.0.0.1"))
    assert not decision.allowed and decision.rule.number == 200
    for whole in (bad, [bad], {"Entries": bad}, {"Entries": [bad]}):
        assert evaluate(whole, tcp_in(80, "10.0.0.1")).rule.label == "rule *"


def test_string_egress_flags_are_read():
    rules = [{"RuleNumber": "5", "RuleAction": "Allow", "Egress": "false", "Protocol": "tcp",
              "CidrBlock": "0.0.0.0/0", "PortRange": {"From": "22", "To": 22.0}}]
    assert evaluate(rules, tcp_in(22, "10.0.0.1")).allowed


@pytest.mark.parametrize(("args", "problem"), [
    (("sideways", "tcp", 80, "10.0.0.1"), "direction"),
    (("ingress", "all", 80, "10.0.0.1"), "one protocol"),
    (("ingress", "-1", None, "10.0.0.1"), "one protocol"),
    (("ingress", "tcp", None, "10.0.0.1"), "needs a port"),
    (("ingress", "udp", 70000, "10.0.0.1"), "needs a port"),
    (("ingress", "tcp", True, "10.0.0.1"), "needs a port"),
    (("ingress", "tcp", 80, "10.0.0.256"), "does not appear to be"),
])
def test_impossible_packets_are_refused(args, problem):
    with pytest.raises(ValueError, match=problem):
        Packet(*args)


# -- properties ---------------------------------------------------------------------------
ADDRESSES = st.integers(0, 2**32 - 1).map(lambda n: str(ipaddress.IPv4Address(n)))
PROTOCOLS = st.sampled_from(["-1", "6", "17", "1", "tcp", "udp", "icmp"])


@st.composite
def entries(draw):
    """A NACL's entries: unique rule numbers 2-32766 per direction (1 is kept free for the tests)."""
    out = []
    for egress in (False, True):
        numbers = draw(st.lists(st.integers(2, 32766), unique=True, max_size=8))
        for number in numbers:
            low = draw(st.integers(0, 65535))
            high = draw(st.integers(low, 65535))
            network = ipaddress.ip_network(f"{draw(ADDRESSES)}/{draw(st.integers(0, 32))}", strict=False)
            out.append(entry(number, draw(st.sampled_from(["allow", "deny"])), egress=egress,
                             protocol=draw(PROTOCOLS), cidr=str(network), ports=(low, high)))
    return out


@st.composite
def packets(draw):
    protocol = draw(st.sampled_from(["tcp", "udp", "icmp"]))
    port = draw(st.integers(0, 65535)) if protocol != "icmp" else None
    return Packet(draw(st.sampled_from(["ingress", "egress"])), protocol, port, draw(ADDRESSES))


@settings(max_examples=150, deadline=None)
@given(entries(), packets())
def test_a_lower_numbered_exact_rule_flips_the_decision(rules, packet):
    before = evaluate(rules, packet)
    flipped = "deny" if before.allowed else "allow"
    exact = entry(1, flipped, egress=packet.egress, protocol=packet.protocol, cidr=f"{packet.peer}/32",
                  ports=None if packet.port is None else (packet.port, packet.port))
    after = evaluate([*rules, exact], packet)
    assert after.allowed is not before.allowed
    assert after.rule.number == 1


@settings(max_examples=150, deadline=None)
@given(entries(), packets(), st.randoms(use_true_random=False))
def test_list_order_never_matters(rules, packet, rnd: random.Random):
    shuffled = list(rules)
    rnd.shuffle(shuffled)
    assert evaluate(shuffled, packet) == evaluate(rules, packet)


@settings(max_examples=150, deadline=None)
@given(entries(), packets(), st.sampled_from(["allow", "deny"]))
def test_a_catch_all_rule_numbered_last_changes_only_what_star_decided(rules, packet, action):
    used = {r["RuleNumber"] for r in rules if r["Egress"] == packet.egress}
    assume(32766 not in used)
    before = evaluate(rules, packet)
    after = evaluate([*rules, entry(32766, action, egress=packet.egress, protocol="-1")], packet)
    if before.rule.label == "rule *":
        assert after.rule.number == 32766 and after.allowed is (action == "allow")
    else:
        assert after == before


@settings(max_examples=150, deadline=None)
@given(entries(), packets())
def test_the_deciding_rule_is_the_lowest_numbered_match(rules, packet):
    """An independent brute-force reading of the same rules agrees with the simulator."""
    decision = evaluate(rules, packet)
    address = ipaddress.ip_address(packet.peer)
    candidates = []
    for r in rules:
        proto = protocol_number(r["Protocol"])
        if r["Egress"] != packet.egress or address not in ipaddress.ip_network(r["CidrBlock"]):
            continue
        if proto != "-1":
            if proto != packet.protocol:
                continue
            if proto in ("6", "17") and not r["PortRange"]["From"] <= packet.port <= r["PortRange"]["To"]:
                continue
        candidates.append(r)
    if candidates:
        first = min(candidates, key=lambda r: r["RuleNumber"])
        assert (decision.rule.number, decision.rule.action) == (first["RuleNumber"], first["RuleAction"])
    else:
        assert decision.rule.label == "rule *" and not decision.allowed
