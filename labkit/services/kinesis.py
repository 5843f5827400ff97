"""Kinesis Data Streams: every stream of the lab's region, as ``describe_stream_summary`` shows it.

``streams`` (by name) holds ``StreamName``, ``StreamARN``, ``StreamStatus``,
``StreamModeDetails`` (``PROVISIONED`` or ``ON_DEMAND``), ``OpenShardCount``,
``RetentionPeriodHours``, ``EncryptionType`` (``KMS`` or ``NONE``) with ``KeyId``,
``EnhancedMonitoring``, ``ConsumerCount`` where the service reports it, and
``Tags``. The creation time is dropped (it differs on every run); shards
themselves are not listed (their sequence numbers are not configuration).
Two calls per stream.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..snapshot import by_key, paginate

if TYPE_CHECKING:
    from ..lab import Lab

NAME = "kinesis"
TITLE = "Kinesis Data Streams"
# A lab whose process never imported moto.kinesis.models never used the service: its
# section is EMPTY, answered without a call (see labkit/services/__init__.py).
MOTO_MODELS = "moto.kinesis.models"
EMPTY: dict[str, Any] = {"streams": []}



def _stream(kinesis: Any, name: str) -> dict[str, Any]:
    summary = dict(kinesis.describe_stream_summary(StreamName=name).get("StreamDescriptionSummary", {}))
    summary.pop("StreamCreationTimestamp", None)
    tags = paginate(kinesis, "list_tags_for_stream", "Tags", StreamName=name)
    summary["Tags"] = {t["Key"]: t.get("Value", "") for t in sorted(tags, key=lambda t: t["Key"])}
    return summary


def snapshot(lab: Lab) -> dict[str, Any]:
    kinesis = lab.client("kinesis")
    names = sorted(paginate(kinesis, "list_streams", "StreamNames"))
    return {"streams": by_key([_stream(kinesis, n) for n in names], "StreamName")}
