"""An egress audit for the reliability soak: record every non-loopback network attempt.

Python imports ``sitecustomize`` at start-up from the first folder on ``sys.path``
that has one, so putting this folder on ``PYTHONPATH`` installs the hook in every
Python process of a run that inherits the environment: pytest and its xdist
workers, nbval's notebook kernels, and the subprocesses tests start.

The hook is an audit hook (PEP 578) on CPython's ``socket.*`` events, which fire
*before* a connection, datagram or lookup is made. It was installed first, so it
runs before labkit's guard (``labkit/guard.py``) and can ask the guard what it is
about to do: an attempt the guard refuses is logged as ``refused``; one nothing
stopped (no lab open, or a guard that let it through) as ``escaped``. It never
raises and never changes what the process does.

With ``$LABKIT_EGRESS_LOG`` set, each process appends one ``start`` line and one
JSON line per non-loopback attempt (``socket.connect``/``sendto``/``sendmsg`` to an
AF_INET/AF_INET6 address, ``getaddrinfo``/``gethostbyname``/``gethostbyname_ex``/
``gethostbyaddr`` of a host that is not loopback). Loopback, the unspecified address
and AF_UNIX/netlink sockets are not logged. Without the variable nothing is installed.

Tests fire the guard's events by hand (``sys.audit("socket.connect", ...)``) to test
it without a socket; such events are marked ``"synthetic": true`` (``sys.audit`` is
wrapped to tell them apart from the events CPython raises inside ``socket``).
"""

from __future__ import annotations

import _thread
import os
import sys

_LOG = os.environ.get("LABKIT_EGRESS_LOG", "")
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}
_NET_EVENTS = {
    "socket.connect", "socket.sendto", "socket.sendmsg", "socket.getaddrinfo",
    "socket.gethostbyname", "socket.gethostbyname_ex", "socket.gethostbyaddr",
}
# Per thread: inside the hook already (no re-entry), and depth of hand-fired sys.audit calls.
_busy: set[int] = set()
_synthetic: dict[int, int] = {}


def is_loopback(host: object) -> bool:
    """Loopback, unspecified or passive (``None``): no packet can leave the machine.

    Deliberately independent of ``labkit.guard.is_local_host``: the audit must not
    trust the code it audits.
    """
    if host is None:
        return True
    if isinstance(host, (bytes, bytearray)):
        host = bytes(host).decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    name = host.strip().rstrip(".").lower()
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    name = name.split("%", 1)[0]
    if name == "" or name in _LOCAL_NAMES or name.endswith(".localhost"):
        return True
    import ipaddress

    try:
        addr = ipaddress.ip_address(name)
    except ValueError:
        return False
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return addr.is_loopback or addr.is_unspecified


def _target(event: str, args: tuple) -> tuple[object, object] | None:
    """(host, port) of a non-loopback attempt, or None when there is nothing to log."""
    if event in ("socket.connect", "socket.sendto", "socket.sendmsg"):
        sock, address = (args + (None, None))[:2]
        family = getattr(sock, "family", None)
        if family is not None:
            import socket

            if family not in (socket.AF_INET, socket.AF_INET6):
                return None  # AF_UNIX, netlink, packet sockets: not the network
        if not isinstance(address, tuple) or not address or not isinstance(address[0], (str, bytes)):
            return None  # AF_UNIX paths, a connected socket's sendmsg (None)
        host, port = address[0], (address[1] if len(address) > 1 else None)
    elif event == "socket.getaddrinfo":
        host, port = (args + (None, None))[:2]
    else:  # gethostbyname, gethostbyname_ex, gethostbyaddr
        host, port = (args[0] if args else None), None
    if is_loopback(host):
        return None
    if isinstance(host, (bytes, bytearray)):  # httpx/anyio resolve with bytes
        host = bytes(host).decode("ascii", "replace")
    return host, port


def _guard_verdict(event: str, args: tuple) -> tuple[bool, str]:
    """(guard active, "refused" or "escaped"): what labkit's guard does with this event."""
    guard = sys.modules.get("labkit.guard")
    state = getattr(guard, "_State", None)
    active = bool(state is not None and getattr(state, "installed", False) and getattr(state, "active", 0) > 0)
    if not active:
        return False, "escaped"
    try:
        guard._hook(event, args)  # the guard's own decision, run ahead of the guard itself
    except Exception:
        return True, "refused"
    return True, "escaped"


def _role() -> str:
    argv = list(getattr(sys, "orig_argv", sys.argv))
    module = argv[argv.index("-m") + 1] if "-m" in argv[:-1] else ""
    script = os.path.basename(argv[1]) if len(argv) > 1 else ""
    if module.startswith("ipykernel") or "ipykernel_launcher" in script:
        return "kernel"
    code = argv[argv.index("-c") + 1] if "-c" in argv[:-1] else ""
    if "sys.stdin.readline" in code:  # xdist's workers (execnet); their children inherit only the env
        return "pytest-worker"
    if module == "pytest" or script.startswith("pytest") or os.path.basename(argv[0] if argv else "") == "pytest":
        return "pytest"
    return "python"


def _stack() -> list[str]:
    frames: list[str] = []
    try:
        frame = sys._getframe(3)  # past _stack, _record and _hook
    except ValueError:
        return frames
    while frame is not None and len(frames) < 12:
        code = frame.f_code
        if code.co_filename != __file__:
            frames.append(f"{code.co_filename}:{frame.f_lineno}:{code.co_name}")
        frame = frame.f_back
    return frames


def _main_digest() -> str:
    """sha256 of the script this process runs (how the soak recognises a known probe script)."""
    path = sys.argv[0] if sys.argv else ""
    if not path or not os.path.isfile(path):
        return ""
    import hashlib

    try:
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        return ""


def _write(record: dict) -> None:
    import json

    line = (json.dumps(record, ensure_ascii=True, default=repr)[:3800] + "\n").encode()
    fd = os.open(_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line)  # one small O_APPEND write: lines from many processes never interleave
    finally:
        os.close(fd)


def _record(event: str, args: tuple) -> None:
    target = _target(event, args)
    if target is None:
        return
    active, verdict = _guard_verdict(event, args)
    host, port = target
    _write({
        "kind": "attempt", "event": event, "host": str(host)[:200], "port": port, "verdict": verdict,
        "guard_active": active, "synthetic": _synthetic.get(_thread.get_ident(), 0) > 0, "pid": os.getpid(),
        "ppid": os.getppid(), "role": _role(), "argv": list(getattr(sys, "orig_argv", sys.argv))[:6],
        "main_sha256": _main_digest(), "stack": _stack(),
    })


def _hook(event: str, args: tuple) -> None:
    if event not in _NET_EVENTS:
        return
    me = _thread.get_ident()
    if me in _busy:
        return
    _busy.add(me)
    try:
        _record(event, args)
    except Exception:  # the audit must never change what the process does
        pass
    finally:
        _busy.discard(me)


def _install() -> None:
    real_audit = sys.audit

    def audit(event: str, *args: object) -> None:
        """``sys.audit`` as before; events fired through it are marked synthetic."""
        me = _thread.get_ident()
        _synthetic[me] = _synthetic.get(me, 0) + 1
        try:
            real_audit(event, *args)
        finally:
            _synthetic[me] -= 1
            if not _synthetic[me]:
                del _synthetic[me]

    sys.addaudithook(_hook)
    sys.audit = audit
    try:
        _write({"kind": "start", "pid": os.getpid(), "ppid": os.getppid(), "role": _role(),
                "argv": list(getattr(sys, "orig_argv", sys.argv))[:6]})
    except OSError:
        pass


if _LOG:
    _install()
