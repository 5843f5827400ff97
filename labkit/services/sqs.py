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
import sys
from typing import TYPE_CHECKING, Any

from ..snapshot import by_key, paginate

if TYPE_CHECKING:
    from ..lab import Lab

NAME = "sqs"
TITLE = "SQS"
_NOISE = ("CreatedTimestamp", "LastModifiedTimestamp")
_JSON_ATTRIBUTES = ("Policy", "RedrivePolicy", "RedriveAllowPolicy")


def _never_used() -> bool:
    """True when no SQS queue can exist in this process, so no call is needed.

    moto builds its SQS backend (``moto.sqs.models``) on the first SQS call of the
    process, and every queue lives in it: if that module was never imported, no queue
    was ever created. Importing it costs about 0.3-0.6 s (it pulls in CloudWatch and
    EventBridge), which a snapshot of an account that never used SQS should not pay.
    (The Lambda backend imports it too, so in a full snapshot the test rarely skips.)
    """
    return "moto.sqs.models" not in sys.modules


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
    if _never_used():
        return {"queues": []}
    sqs = lab.client("sqs")
    urls = sorted(paginate(sqs, "list_queues", "QueueUrls"))
    return {"queues": by_key([_queue(sqs, url) for url in urls], "QueueName", "QueueUrl")}
