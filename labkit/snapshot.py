"""``lab.snapshot()``: the account read back into one JSON-serialisable dict.

The snapshot is the single input of every grader, diagram and submission, so it
must be stable: the same seed and the same calls give byte-identical JSON.
Service modules (``labkit/services/``) do the reading; this module holds what
they share:

- :func:`tidy` turns boto3 responses into plain JSON: ``ResponseMetadata``
  and ``ClientToken`` (a fresh uuid per call) dropped, ``Tags``/``TagList``/``TagSet`` lists turned into ``{key: value}``
  dicts (graders look tags up by key), timestamps dropped unless asked for
  (they differ on every run), bytes as base64;
- :func:`paginate` and :func:`get_or_none` for the read calls;
- :func:`take`, which assembles the whole snapshot.
"""

from __future__ import annotations

import base64
import copy
import datetime as _dt
import json
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from ._version import __version__

if TYPE_CHECKING:
    from .lab import Lab

__all__ = ["FORMAT", "take", "tidy", "paginate", "get_or_none", "by_key", "dumps"]

FORMAT = 1
_TAG_KEYS = ("Tags", "TagList", "TagSet")
# Request-side noise: botocore fills idempotency tokens with a fresh uuid4 per call.
_DROPPED_KEYS = frozenset({"ResponseMetadata", "ClientToken"})


def _tags_to_dict(value: Any) -> Any:
    if isinstance(value, list) and all(
        isinstance(t, dict) and "Key" in t and set(t) <= {"Key", "Value"} for t in value
    ):
        return {t["Key"]: t.get("Value", "") for t in value}
    return value


def tidy(value: Any, *, timestamps: bool = False) -> Any:
    """Plain JSON from a boto3 response (see the module docstring for the rules)."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if key in _DROPPED_KEYS:
                continue
            if isinstance(item, (_dt.datetime, _dt.date)):
                if timestamps:
                    out[key] = item.isoformat()
                continue
            if key in _TAG_KEYS:
                item = _tags_to_dict(item)
            out[key] = tidy(item, timestamps=timestamps)
        return out
    if isinstance(value, (list, tuple)):
        return [tidy(v, timestamps=timestamps) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat() if timestamps else None
    if hasattr(value, "read"):  # StreamingBody: never part of state
        return None
    return value


def paginate(client: Any, operation: str, result_key: str, **kwargs: Any) -> list[Any]:
    """All items of ``result_key`` across pages (or one call where boto3 has no paginator)."""
    if client.can_paginate(operation):
        items: list[Any] = []
        for page in client.get_paginator(operation).paginate(**kwargs):
            items.extend(page.get(result_key, []))
        return items
    return list(getattr(client, operation)(**kwargs).get(result_key, []))


def get_or_none(call: Any, *missing_codes: str, **kwargs: Any) -> Any:
    """``call(**kwargs)``, or None when AWS answers that the thing is not configured
    (``NoSuchBucketPolicy`` and friends); other errors propagate."""
    try:
        return call(**kwargs)
    except ClientError as err:
        if err.response.get("Error", {}).get("Code") in missing_codes:
            return None
        raise


def by_key(items: Iterable[dict[str, Any]], *keys: str) -> list[dict[str, Any]]:
    """Items sorted by the first of ``keys`` each has, so order never depends on the API."""

    def sort_key(item: dict[str, Any]) -> tuple[str, ...]:
        return tuple(str(item.get(k, "")) for k in keys)

    return sorted(items, key=sort_key)


def take(lab: Lab, services: Iterable[str] | None = None, *, timestamps: bool = False) -> dict[str, Any]:
    from . import services as registry

    names = list(registry.SERVICES if services is None else services)
    modules = [registry.module(n) for n in names]  # validate every name before any call
    snap: dict[str, Any] = {
        "labkit": {
            "format": FORMAT,
            "version": __version__,
            "region": lab.region,
            "account_id": lab.account_id,
            "services": names,
        }
    }
    from . import _moto

    with _moto.random_state_kept():  # reading the account must not change later resource ids
        for mod in modules:
            section = _never_used(mod)
            snap[mod.NAME] = tidy(mod.snapshot(lab) if section is None else section, timestamps=timestamps)
    return snap


def _never_used(service: Any) -> dict[str, Any] | None:
    """The service's empty section when this process never imported its moto backend, else None.

    moto imports a service's models on the first call to it, and every resource of
    the service lives there: a process that never imported them never created one,
    so the section is the service's ``EMPTY`` shape, answered without a client, a
    model load or the import (0.1-0.5 s each in a new kernel). A service used
    earlier in the process (another lab, or another service's backend importing
    it) is read as usual. ``tests/test_snapshot.py`` holds every ``EMPTY`` to what
    the service really answers for a new account.
    """
    models = getattr(service, "MOTO_MODELS", None)
    if models is None or models in sys.modules:
        return None
    return copy.deepcopy(service.EMPTY)


def dumps(snapshot: dict[str, Any]) -> str:
    """Canonical JSON text of a snapshot (sorted keys), for files and comparisons."""
    return json.dumps(snapshot, sort_keys=True, indent=1, ensure_ascii=False)
