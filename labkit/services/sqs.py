"""SQS: every queue of the lab's region with the attributes that decide how it behaves.

``queues`` (by name) holds, for each queue, ``QueueName``, ``QueueUrl`` (it names
the account and region, which are the lab's), ``Attributes`` as
``get_queue_attributes(AttributeNames=["All"])`` returns them (boto3's own
strings: ``VisibilityTimeout`` "30", ``MessageRetentionPeriod`` "345600",
``FifoQueue`` "true", ``KmsMasterKeyId``, ``SqsManagedSseEnabled``...) and
``Tags``. ``RedrivePolicy`` (the dead-letter queue, DLQ), ``RedriveAllowPolicy``
and ``Policy`` are JSON text in the API; here they are dicts, like every policy
in a snapshot. ``CreatedTimestamp`` and ``LastModifiedTimestamp`` are epoch
seconds as text that differ on every run, and are dropped. Three calls per queue.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..snapshot import by_key, paginate

if TYPE_CHECKING:
    from ..lab import Lab

NAME = "sqs"
TITLE = "SQS"
# A lab whose process never imported moto.sqs.models never used the service: its
# section is EMPTY, answered without a call (see labkit/services/__init__.py).
MOTO_MODELS = "moto.sqs.models"
EMPTY: dict[str, Any] = {"queues": []}
_NOISE = ("CreatedTimestamp", "LastModifiedTimestamp")
_JSON_ATTRIBUTES = ("Policy", "RedrivePolicy", "RedriveAllowPolicy")



def _attributes(raw: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in sorted(raw.items()):
        if key in _NOISE:
            continue
        if key in _JSON_ATTRIBUTES and isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:  # keep what is there; readers report it
                pass
        out[key] = value
    return out


def _queue(sqs: Any, url: str) -> dict[str, Any]:
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"]).get("Attributes", {})
    return {
        "QueueName": url.rstrip("/").rsplit("/", 1)[-1],
        "QueueUrl": url,
        "Attributes": _attributes(attributes),
        "Tags": dict(sorted(sqs.list_queue_tags(QueueUrl=url).get("Tags", {}).items())),
    }


def snapshot(lab: Lab) -> dict[str, Any]:
    sqs = lab.client("sqs")
    urls = sorted(paginate(sqs, "list_queues", "QueueUrls"))
    return {"queues": by_key([_queue(sqs, url) for url in urls], "QueueName", "QueueUrl")}
