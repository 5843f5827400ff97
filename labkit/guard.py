"""The network guard: while a lab is open, nothing may leave the machine.

moto intercepts the AWS services it emulates, but a service it does not know, a
misspelt endpoint or a learner's ``requests.get`` would go out to the internet
with whatever credentials it found. The guard closes that door at the lowest
level Python offers: an audit hook (PEP 578) on the ``socket.*`` events. CPython
raises these events *before* it resolves or connects, and an exception raised in
the hook aborts the operation, so a refused call never sends a packet.

Audit hooks cannot be removed, so the hook is installed once per process and
does nothing (one attribute read) while no lab is open.
"""

from __future__ import annotations

import ipaddress
import sys
import threading
from typing import Any

from .errors import RealAWSCallBlocked

__all__ = ["enable", "disable", "is_enabled", "is_local_host", "self_test"]

_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


class _State:
    active = 0  # a count, so nested enable/disable pairs stay balanced
    installed = False
    lock = threading.Lock()


def is_local_host(host: Any) -> bool:
    """True for loopback addresses and names, and for the unspecified address.

    ``0.0.0.0``/``::`` are allowed because connecting to them reaches this host
    and binding servers (a kernel's own sockets) resolve them.
    """
    if host is None:
        return True  # getaddrinfo(None, port): a passive/bind lookup, no network
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    name = host.strip().rstrip(".").lower()
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    name = name.split("%", 1)[0]  # IPv6 zone index
    if name in _LOCAL_NAMES or name.endswith(".localhost") or name == "":
        return True
    try:
        addr = ipaddress.ip_address(name)
    except ValueError:
        return False
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return addr.is_loopback or addr.is_unspecified


def _lookup_kind(host: Any) -> str:
    # getaddrinfo on an IP literal is the first step of connecting, not a DNS query.
    try:
        ipaddress.ip_address(str(host).strip("[]").split("%", 1)[0])
    except ValueError:
        return "DNS lookup"
    return "connection"


def _check_address(address: Any, what: str) -> None:
    # AF_UNIX addresses are paths (str/bytes); netlink addresses are int tuples.
    if isinstance(address, (str, bytes, bytearray)):
        return
    if isinstance(address, tuple) and address and isinstance(address[0], (str, bytes)):
        host = address[0]
        if not is_local_host(host):
            port = address[1] if len(address) > 1 else None
            raise RealAWSCallBlocked(str(host), port, what=what)


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if not _State.active or not event.startswith("socket."):
        return
    if event == "socket.connect":
        _check_address(args[1], "connection")
    elif event in ("socket.sendto", "socket.sendmsg"):
        _check_address(args[1], "datagram")
    elif event == "socket.getaddrinfo":
        if not is_local_host(args[0]):
            raise RealAWSCallBlocked(str(args[0]), args[1], what=_lookup_kind(args[0]))
    elif event in ("socket.gethostbyname", "socket.gethostbyname_ex"):
        if not is_local_host(args[0]):
            raise RealAWSCallBlocked(str(args[0]), what="DNS lookup")
    elif event == "socket.gethostbyaddr":
        if not is_local_host(args[0]):
            raise RealAWSCallBlocked(str(args[0]), what="reverse DNS lookup")


def enable() -> None:
    """Start refusing non-loopback connections (installs the hook on first use)."""
    with _State.lock:
        if not _State.installed:
            sys.addaudithook(_hook)
            _State.installed = True
        _State.active += 1


def disable() -> None:
    """Undo one :func:`enable`. Extra calls are harmless."""
    with _State.lock:
        _State.active = max(0, _State.active - 1)


def is_enabled() -> bool:
    return _State.active > 0


def self_test() -> tuple[bool, str]:
    """Check the guard without touching the network.

    Fires the same audit events CPython fires inside ``socket.connect`` and
    ``getaddrinfo`` (``sys.audit``), so a broken guard is reported rather than
    allowed to send a packet.
    """
    import socket

    enable()
    try:
        probes = [
            ("socket.connect", (None, ("192.0.2.10", 443))),
            ("socket.getaddrinfo", ("sts.amazonaws.com", 443, 0, 0, 0)),
        ]
        for event, args in probes:
            try:
                sys.audit(event, *args)
            except RealAWSCallBlocked:
                continue
            return False, f"{event} to {args} was not refused"
        with socket.socket() as server:  # loopback must keep working (Jupyter, moto server mode)
            server.bind(("127.0.0.1", 0))
            server.listen(1)
            with socket.create_connection(server.getsockname(), timeout=2):
                pass
        return True, "refuses non-loopback connections and DNS; loopback allowed"
    finally:
        disable()
