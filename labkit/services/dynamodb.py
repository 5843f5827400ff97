"""DynamoDB: every table as ``describe_table`` shows it (key schema, billing mode,
throughput, indexes, encryption, streams, status), with its continuous backups
(point-in-time recovery) and, for small tables, the items themselves. Three
calls per table.

Items are in the service's own typed form (``{"userId": {"S": "u-1001"}}``,
binary values as base64) and sorted by key, so a submission carries what a
grader needs to run a function against the same data offline. Tables with more
than :data:`ITEM_LIMIT` items keep ``Items: None`` (``ItemsOmitted: True``).

Stream labels and stream ARNs end in the stream's creation time, which differs
on every run; both are written with the label ``stream-label`` instead.
"""

from __future__ import annotations

import decimal
import json
import re
from typing import TYPE_CHECKING, Any

from ..scenario import scenario
from ..snapshot import get_or_none, paginate

if TYPE_CHECKING:
    from ..lab import Lab

NAME = "dynamodb"
TITLE = "DynamoDB"
# A lab whose process never imported moto.dynamodb.models never used the service: its
# section is EMPTY, answered without a call (see labkit/services/__init__.py).
MOTO_MODELS = "moto.dynamodb.models"
EMPTY: dict[str, Any] = {"tables": []}
ITEM_LIMIT = 100
STREAM_LABEL = "stream-label"
_STREAM_ARN = re.compile(r"(arn:[^:]+:dynamodb:[^:]*:\d*:table/[^/]+/stream/)[^/\s\"]+$")
_NOISE = ("LatestStreamLabel", "TableId")


def stream_arn(arn: Any) -> Any:
    """A table stream ARN with its timestamp label replaced (other values unchanged)."""
    if isinstance(arn, str):
        return _STREAM_ARN.sub(lambda m: m.group(1) + STREAM_LABEL, arn)
    return arn


def _scalar_key(value: Any) -> tuple[Any, ...]:
    """Order of one typed key value: numbers numerically, strings and binaries as text."""
    if not isinstance(value, dict) or len(value) != 1:
        return ("?", 0, json.dumps(value, sort_keys=True, default=str))
    kind, raw = next(iter(value.items()))
    if kind == "N":
        try:
            return (kind, decimal.Decimal(str(raw)), str(raw))
        except decimal.InvalidOperation:
            return (kind, 0, str(raw))
    return (kind, 0, raw.hex() if isinstance(raw, (bytes, bytearray)) else str(raw))


def sort_items(items: list[dict[str, Any]], key_names: list[str]) -> list[dict[str, Any]]:
    """Items in key order (hash, then range), ties by their whole text: stable whatever the scan order."""

    def order(item: dict[str, Any]) -> tuple[Any, ...]:
        keys = tuple(_scalar_key(item.get(name)) for name in key_names)
        return (*keys, json.dumps(item, sort_keys=True, default=lambda b: bytes(b).hex()))

    return sorted(items, key=order)


def scan_items(client: Any, table: str, key_names: list[str], limit: int = ITEM_LIMIT) -> list[dict[str, Any]] | None:
    """Every item of ``table`` in key order, or None when it has more than ``limit``."""
    items: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {"TableName": table, "Limit": limit + 1}
    while True:
        page = client.scan(**kwargs)
        items.extend(page.get("Items", []))
        if len(items) > limit:
            return None
        if not page.get("LastEvaluatedKey"):
            return sort_items(items, key_names)
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def key_names(table: dict[str, Any]) -> list[str]:
    """Attribute names of the key schema, HASH first."""
    schema = [k for k in table.get("KeySchema") or [] if isinstance(k, dict)]
    schema.sort(key=lambda k: 0 if k.get("KeyType") == "HASH" else 1)
    return [str(k.get("AttributeName")) for k in schema]


def _table(ddb: Any, name: str) -> dict[str, Any]:
    table = ddb.describe_table(TableName=name)["Table"]
    for noise in _NOISE:
        table.pop(noise, None)
    if "LatestStreamArn" in table:
        table["LatestStreamArn"] = stream_arn(table["LatestStreamArn"])
    table["BillingMode"] = (table.get("BillingModeSummary") or {}).get("BillingMode", "PROVISIONED")
    backups = get_or_none(ddb.describe_continuous_backups, "TableNotFoundException", TableName=name)
    table["ContinuousBackups"] = (backups or {}).get("ContinuousBackupsDescription")
    items = scan_items(ddb, name, key_names(table))
    table["Items"] = items
    table["ItemsOmitted"] = items is None
    return table


def snapshot(lab: Lab) -> dict[str, Any]:
    ddb = lab.client("dynamodb")
    names = sorted(paginate(ddb, "list_tables", "TableNames"))
    return {"tables": [_table(ddb, n) for n in names]}


# -- scenarios -------------------------------------------------------------------
USERS = (
    {"userId": "u-1001", "name": "Kim Minji", "email": "minji@example.com"},
    {"userId": "u-1002", "name": "Lee Junho", "email": "junho@example.com"},
    {"userId": "u-1003", "name": "Park Seoyeon", "email": "seoyeon@example.com"},
)


def build_users_table(lab: Lab) -> None:
    """Table ``Users`` (partition key ``userId``, on-demand) with three users, as in the seed's example."""
    ddb = lab.client("dynamodb")
    ddb.create_table(
        TableName="Users",
        KeySchema=[{"AttributeName": "userId", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "userId", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    for user in USERS:
        ddb.put_item(TableName="Users", Item={k: {"S": v} for k, v in user.items()})


@scenario(
    "users-table",
    "DynamoDB table Users (partition key userId, on-demand) holding three users u-1001..u-1003: "
    "the data behind the seed's get-user Lambda example.",
)
def _users_table(lab: Lab) -> None:
    build_users_table(lab)
