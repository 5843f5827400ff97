"""Lambda: every function's configuration, published versions, aliases, reserved
concurrency and resource policy, the account's event source mappings, and the
deployment packages themselves (small ones).

- ``functions``: the configuration of ``$LATEST`` (Runtime, Handler, Role,
  MemorySize, Timeout, Environment, CodeSha256, CodeSize, Architectures...)
  plus ``ReservedConcurrentExecutions`` (None when unset; 0 is a real value),
  ``Policy`` (the resource policy as a dict, or None), ``Versions`` (published
  versions, oldest first) and ``Aliases`` (by name). Four calls per function.
- ``event_source_mappings``: by UUID.
- ``packages``: ``{CodeSha256: base64 zip}`` for every package of at most
  :data:`PACKAGE_LIMIT` bytes used by a function or version. Graders that run a
  function offline (``lambda.users_api``) need them; larger packages are left
  out, and their absence is what says so.

``LastModified`` and ``RevisionId`` change with every update and are dropped.
"""

from __future__ import annotations

import base64
import json
from typing import TYPE_CHECKING, Any

from ..snapshot import by_key, get_or_none, paginate
from .dynamodb import stream_arn

if TYPE_CHECKING:
    from ..lab import Lab

NAME = "lambda"
TITLE = "Lambda"
# A lab whose process never imported moto.awslambda.models never used the service: its
# section is EMPTY, answered without a call (see labkit/services/__init__.py).
MOTO_MODELS = "moto.awslambda.models"
EMPTY: dict[str, Any] = {"functions": [], "event_source_mappings": [], "packages": {}}
PACKAGE_LIMIT = 1024 * 1024
_NOISE = ("LastModified", "RevisionId")


def _config(config: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in config.items() if k not in _NOISE}


def _version_order(item: dict[str, Any]) -> tuple[int, str]:
    version = str(item.get("Version", ""))
    return (int(version), version) if version.isdigit() else (-1, version)


def _policy(lam: Any, name: str) -> Any:
    found = get_or_none(lam.get_policy, "ResourceNotFoundException", FunctionName=name)
    if found is None:
        return None
    try:
        return json.loads(found["Policy"])
    except (TypeError, ValueError):  # keep what is there; graders report it
        return found.get("Policy")


def _function(lab: Lab, lam: Any, config: dict[str, Any], packages: dict[str, str]) -> dict[str, Any]:
    from ..runtime import package_bytes

    name = config["FunctionName"]
    entry = _config(config)
    entry["ReservedConcurrentExecutions"] = lam.get_function_concurrency(FunctionName=name).get(
        "ReservedConcurrentExecutions"
    )
    entry["Policy"] = _policy(lam, name)
    versions = [
        _config(v)
        for v in paginate(lam, "list_versions_by_function", "Versions", FunctionName=name)
        if v.get("Version") != "$LATEST"
    ]
    entry["Versions"] = sorted(versions, key=_version_order)
    entry["Aliases"] = by_key([_config(a) for a in paginate(lam, "list_aliases", "Aliases", FunctionName=name)], "Name")
    for found in [entry, *versions]:
        sha, size = found.get("CodeSha256"), found.get("CodeSize")
        if found.get("PackageType", "Zip") != "Zip" or not sha or sha in packages:
            continue
        if isinstance(size, int) and size <= PACKAGE_LIMIT:
            data = package_bytes(lab, name, str(found.get("Version", "$LATEST")))
            if data and len(data) <= PACKAGE_LIMIT:
                packages[sha] = base64.b64encode(data).decode("ascii")
    return entry


def snapshot(lab: Lab) -> dict[str, Any]:
    lam = lab.client("lambda")
    configs = by_key(paginate(lam, "list_functions", "Functions"), "FunctionName")
    packages: dict[str, str] = {}
    functions = [_function(lab, lam, config, packages) for config in configs]
    mappings = []
    for mapping in paginate(lam, "list_event_source_mappings", "EventSourceMappings"):
        mapping = _config(mapping)
        if "EventSourceArn" in mapping:
            mapping["EventSourceArn"] = stream_arn(mapping["EventSourceArn"])
        mappings.append(mapping)
    return {
        "functions": by_key(functions, "FunctionName"),
        "event_source_mappings": by_key(mappings, "UUID"),
        "packages": dict(sorted(packages.items())),
    }
