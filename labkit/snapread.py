"""Careful reading of snapshots that may be partial, older, hand-edited or mangled.

Shared by everything that is a pure function of a snapshot (diagrams, graders).
Views never index a snapshot directly: they go through :class:`Reader`, which
returns empty values for anything missing or of the wrong type and writes a
line in ``skipped`` saying what it could not use. A view therefore draws what it
can and never raises ``KeyError``/``TypeError`` on a strange submission file.
"""

from __future__ import annotations

from typing import Any

from .i18n import msg

__all__ = [
    "Reader", "text", "tags", "name_tag", "num", "plural", "listed", "dicts", "sub",
    "GONE_STATES", "route_target", "route_table_index",
]

# NAT gateways (and other async resources) in these states no longer carry traffic.
GONE_STATES = ("deleted", "deleting", "failed")

_ROUTE_TARGET_KEYS = (
    "NatGatewayId",
    "TransitGatewayId",
    "VpcPeeringConnectionId",
    "InstanceId",
    "NetworkInterfaceId",
    "EgressOnlyInternetGatewayId",
    "LocalGatewayId",
    "CarrierGatewayId",
    "GatewayId",
)


def text(value: Any, default: str = "") -> str:
    """A value as display text: strings and numbers only (no dict/list reprs in labels)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    return default


def num(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def tags(item: Any) -> dict[str, str]:
    """Tags as a dict, from the current format (dict) or boto3's/older list of Key/Value."""
    if not isinstance(item, dict):
        return {}
    raw = item.get("Tags", item.get("TagList", item.get("TagSet")))
    if isinstance(raw, dict):
        return {text(k): text(v) for k, v in raw.items() if isinstance(k, str)}
    if isinstance(raw, list):
        out: dict[str, str] = {}
        for tag in raw:
            if isinstance(tag, dict) and isinstance(tag.get("Key"), str):
                out[tag["Key"]] = text(tag.get("Value"))
        return out
    return {}


def name_tag(item: Any, fallback_key: str) -> str:
    """The Name tag, else the id under ``fallback_key``, else "?"."""
    name = tags(item).get("Name", "")
    if name:
        return name
    return text(item.get(fallback_key) if isinstance(item, dict) else None, "?") or "?"


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 subnet``, ``2 subnets``; ``many`` for irregular plurals."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


class Reader:
    """Lists and fields of one snapshot, with every gap written to ``skipped``.

    The notes in ``skipped`` are :func:`labkit.i18n.msg` sentences (the English text), so a
    report or diagram in Korean can render them in Korean.
    """

    def __init__(self, snapshot: Any) -> None:
        self.skipped: list[str] = []
        self.unreadable = not isinstance(snapshot, dict)  # said once; no note per section
        if not isinstance(snapshot, dict):
            self.skipped.append(
                msg("the snapshot is a {type}, not a dict: nothing could be read", type=type(snapshot).__name__)
            )
            snapshot = {}
        self.snap: dict[str, Any] = snapshot
        meta = snapshot.get("labkit")
        self.meta: dict[str, Any] = meta if isinstance(meta, dict) else {}
        if snapshot and not self.meta:
            self.skipped.append(msg("no 'labkit' header (region and account unknown)"))
        fmt = self.meta.get("format")
        if self.meta and fmt not in (None, 1):
            self.skipped.append(msg("snapshot format {format} (this labkit reads format 1)", format=text(fmt, "?")))

    def _note(self, message: str) -> None:  # a msg() (equal to its English text)
        if message not in self.skipped:
            self.skipped.append(message)

    def service(self, name: str, *, optional: bool = False) -> dict[str, Any] | None:
        value = self.snap.get(name)
        if isinstance(value, dict):
            return value
        if value is None:
            if not optional and not self.unreadable:
                self._note(msg("no '{name}' section in the snapshot", name=name))
            return None
        self._note(msg("'{name}' is not a section (found {type})", name=name, type=type(value).__name__))
        return None

    def items(self, service: str, key: str, *, optional: bool = False) -> list[dict[str, Any]]:
        """``snapshot[service][key]`` as a list of dicts (anything else noted and dropped)."""
        section = self.service(service, optional=optional)
        if section is None:
            return []
        value = section.get(key)
        if value is None:
            if not optional and key not in section:
                self._note(msg("{service}.{key} is missing", service=service, key=key))
            return []
        if not isinstance(value, list):
            self._note(msg("{service}.{key} is not a list (found {type})", service=service, key=key,
                           type=type(value).__name__))
            return []
        good = [item for item in value if isinstance(item, dict)]
        if len(good) != len(value):
            self._note(msg("{service}.{key}: {count} entries are not objects", service=service, key=key,
                           count=len(value) - len(good)))
        return good

    def region(self) -> str:
        return text(self.meta.get("region"), "")

    def account(self) -> str:
        return text(self.meta.get("account_id"), "")


def listed(item: dict[str, Any], key: str) -> list[Any]:
    """``item[key]`` if it is a list, else []."""
    value = item.get(key)
    return value if isinstance(value, list) else []


def dicts(item: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """The dict entries of ``item[key]``."""
    return [v for v in listed(item, key) if isinstance(v, dict)]


def sub(item: Any, key: str) -> dict[str, Any]:
    """``item[key]`` if it is a dict, else {}."""
    if not isinstance(item, dict):
        return {}
    value = item.get(key)
    return value if isinstance(value, dict) else {}


def route_target(route: dict[str, Any]) -> str:
    """The id a route sends traffic to (``igw-…``, ``nat-…``, ``local``…), or ""."""
    for key in _ROUTE_TARGET_KEYS:
        value = text(route.get(key))
        if value:
            return value
    return ""


def route_table_index(
    tables: list[dict[str, Any]],
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """(main table by VPC id, explicitly associated table by subnet id).

    The table AWS applies to a subnet is its explicit one, else its VPC's main one.
    """
    main_table: dict[str, dict[str, Any]] = {}
    explicit: dict[str, dict[str, Any]] = {}
    for table in tables:
        for assoc in dicts(table, "Associations"):
            if assoc.get("Main") is True:
                main_table[text(table.get("VpcId"))] = table
            elif text(assoc.get("SubnetId")):
                explicit[text(assoc.get("SubnetId"))] = table
    return main_table, explicit
