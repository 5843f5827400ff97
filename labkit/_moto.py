"""The few places labkit reaches into moto, kept together so a moto upgrade is one file.

- ``clear_backends``: moto's own ``BackendDict.reset()`` re-runs every backend's
  ``__init__`` (EC2's creates a default VPC, loads AMIs...) and then throws the
  result away; that costs 100+ ms. Dropping the backends is enough: moto builds
  fresh ones on the next call. Backends that hold outside resources (S3's temp
  files and its global bucket-name registry) define their own ``reset`` and
  still get it called.
- ``seed``: moto draws resource ids from one ``random.Random`` instance; seeding
  it makes ids reproducible across processes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from ._imports import around_import, quiet_jsonschema

__all__ = ["clear_backends", "seed", "new_mock", "lambda_function_model"]


def clear_backends() -> None:
    from moto.core.base_backend import BackendDict, BaseBackend, backend_lock
    from moto.core.model_instances import reset_model_data

    with backend_lock:
        for backend_dict in list(BackendDict._instances):  # type: ignore[attr-defined]
            for account_backends in backend_dict.values():
                for region_backend in account_backends.values():
                    if type(region_backend).reset is not BaseBackend.reset:
                        region_backend.reset()
            backend_dict.clear()
        BackendDict._instances.clear()  # type: ignore[attr-defined]
    reset_model_data()
    _restore_module_defaults()


def _restore_module_defaults() -> None:
    """Undo moto's writes into module-level defaults that outlive a backend.

    A node group created without ``scalingConfig`` shares moto's
    ``DEFAULT_SCALING_CONFIG`` dict, and ``update_nodegroup_config`` then edits
    it in place, leaking into every later lab of the process.
    """
    import sys

    eks = sys.modules.get("moto.eks.models")
    if eks is not None:
        eks.DEFAULT_SCALING_CONFIG.clear()
        eks.DEFAULT_SCALING_CONFIG.update({"minSize": 2, "maxSize": 2, "desiredSize": 2})


def seed(value: int) -> None:
    # moto.eks.models draws from mock_random when first imported (its default
    # node group ids); import it before seeding so the first lab of a process
    # gets the same ids as every later one. (Checked for every service in
    # labkit.services: EKS is the only one.)
    import moto.eks.models  # noqa: F401
    from moto.moto_api._internal import mock_random

    mock_random.seed(value)


@contextlib.contextmanager
def random_state_kept() -> Iterator[None]:
    """Leave moto's seeded random source as it was (reads draw request ids from it).

    Without this, taking a snapshot or grading would shift the ids of every
    resource created afterwards, so a learner who pressed Check twice would see
    other ids than the notebook they follow.
    """
    from moto.moto_api._internal import mock_random

    state = mock_random.getstate()
    try:
        yield
    finally:
        mock_random.setstate(state)


def share_botocore_loader() -> None:
    """One botocore data loader per data path for the whole process.

    botocore gives every ``Session`` its own loader, so each new session parses
    again the API models it touches, and moto makes new sessions freely:
    EC2's model (2 MB of JSON) was parsed seven times before a new kernel's
    first EC2 answer, one second of every notebook. botocore already shares a
    loader's models between all clients of one session; this extends that
    sharing to all sessions. moto's own loader (models with moto's extras
    merged in) is a different class and stays separate.
    """
    import botocore.loaders
    import botocore.session

    if getattr(botocore.session.create_loader, "_labkit_shared", False):
        return
    original = botocore.loaders.create_loader
    loaders: dict[Any, Any] = {}

    def create_loader(search_path_string: Any = None) -> Any:
        if search_path_string not in loaders:
            loaders[search_path_string] = original(search_path_string)
        return loaders[search_path_string]

    create_loader._labkit_shared = True  # type: ignore[attr-defined]
    botocore.session.create_loader = create_loader  # the name Session._register_data_loader calls


def _trim_ecs_amis() -> None:
    """Keep the current ECS-optimized AMIs of each region, not their 1,214 past releases.

    moto registers, in every EC2 region backend it creates, every ECS-optimized
    AMI ever released there (1,214 in ap-northeast-2), each with an EBS
    snapshot and volume: 0.18 s per region per lab, twice per lab (moto also
    builds us-east-1's backend to route the first request), the largest part
    of opening a lab. labkit keeps the newest release of each image family
    and every AMI that Systems Manager's ``.../recommended`` parameters name,
    so ``/aws/service/ecs/optimized-ami/.../recommended/image_id`` still
    resolves to an image ``describe_images`` knows. The general-purpose AMIs
    (moto's ``amis.json`` and the latest Amazon Linux per region) are kept whole.
    """
    import moto.ec2.models.amis as amis

    if getattr(amis.load_resource, "_labkit_trimmed", False):
        return
    original = amis.load_resource
    kept: dict[str, list[dict[str, Any]]] = {}

    def load_resource(resource: str) -> Any:
        if not resource.startswith(("ec2/resources/ecs/optimized_amis/", "ec2/resources/latest_amis/")):
            return original(resource)
        if resource not in kept:
            found = original(resource)  # FileNotFoundError for unknown regions, as moto expects
            if resource.startswith("ec2/resources/ecs/"):
                found = _current_ecs_amis(found, resource.rsplit("/", 1)[-1])
            kept[resource] = found
        return [dict(ami) for ami in kept[resource]]  # moto rewrites fields of what it loads

    load_resource._labkit_trimmed = True  # type: ignore[attr-defined]
    amis.load_resource = load_resource


def _current_ecs_amis(found: list[dict[str, Any]], region_file: str) -> list[dict[str, Any]]:
    """The newest AMI of each family (name with its version taken out) plus SSM's recommended ones."""
    import re

    from moto.utilities.utils import load_resource

    version = re.compile(r"\d+\.\d+\.\d{8}(\.\d+)?|\d{8}")
    newest: dict[str, dict[str, Any]] = {}
    for ami in found:
        family = version.sub("*", str(ami.get("name", "")))
        if family not in newest or str(ami.get("name", "")) > str(newest[family].get("name", "")):
            newest[family] = ami
    recommended: set[str] = set()
    try:
        tree = load_resource(f"ssm/resources/ecs/optimized_amis/{region_file}")
    except FileNotFoundError:
        tree = {}
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            chosen = node.get("recommended")
            image = chosen.get("image_id") if isinstance(chosen, dict) else None
            if isinstance(image, dict) and isinstance(image.get("Value"), str):
                recommended.add(image["Value"])
            stack.extend(node.values())
    keep = {id(ami) for ami in newest.values()}
    return [ami for ami in found if id(ami) in keep or ami.get("ami_id") in recommended]


# CPython's defaults, and what labkit uses instead (see tune_gc).
_DEFAULT_GC_THRESHOLD = (700, 10, 10)
GC_THRESHOLD = (10_000, 50, 100)
_gc_tuned = False


def tune_gc() -> None:
    """Collect garbage less often in a lab's process, and never re-scan what was imported.

    moto and botocore keep hundreds of thousands of long-lived objects (API
    models, backends, AMIs); with CPython's default thresholds the collector
    walks them every few thousand allocations, a quarter of the time a
    scenario takes to build. At the first lab of the process labkit freezes
    what is alive (imported modules and models: permanent anyway) out of the
    collector's sight and raises the thresholds, unless the program has set
    thresholds of its own. Garbage is still collected; memory stays within
    the kernel-memory target (``labkit bench``).
    """
    global _gc_tuned
    import gc

    if _gc_tuned:
        return
    _gc_tuned = True
    if gc.get_threshold() != _DEFAULT_GC_THRESHOLD:
        return  # the program chose its own
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)


def new_mock():  # -> moto.core.models.MockAWS
    from moto import mock_aws

    tune_gc()
    share_botocore_loader()
    quiet_jsonschema()  # moto's API Gateway imports it (OpenAPI validation)
    _patch_bucket_policy_check()
    # moto.awslambda.models costs ~0.5 s to import (it pulls in SQS, Kinesis...):
    # patch it when something first uses Lambda, not when every lab opens.
    around_import("moto.awslambda.models", after=_patch_lambda_invoke)
    around_import("moto.ec2.models.amis", after=_trim_ecs_amis)
    return mock_aws()


def _patch_lambda_invoke() -> None:
    """Run Lambda functions in-process instead of in Docker.

    moto starts a Docker container for every ``Invoke`` and for every batch an
    event source mapping delivers (SQS, Kinesis, DynamoDB streams). There is
    no Docker here, and on a learner's machine with Docker those containers
    would run outside the lab's network guard. The replacement runs the
    package with :func:`labkit.runtime.invoke` in the open lab, so boto3's
    ``lambda.invoke`` and event source mappings work as ``lab.invoke`` does.
    """
    from moto.awslambda.models import LambdaFunction

    if getattr(LambdaFunction._invoke_lambda, "_labkit", False):
        return

    def _invoke_lambda(self: Any, event: Any = None) -> tuple[str, bool, str]:
        import base64
        import json

        from .errors import LabkitError
        from .lab import current
        from .runtime import invoke

        if isinstance(event, (bytes, bytearray)):
            event = event.decode("utf-8", "replace")
        if isinstance(event, str):
            try:
                event = json.loads(event) if event.strip() else {}
            except ValueError:
                pass
        qualifier = str(getattr(self, "version", "$LATEST") or "$LATEST")
        try:
            response = invoke(current(), f"{self.function_name}:{qualifier}", event)
        except LabkitError as err:
            body = {"errorType": "LabkitError", "errorMessage": str(err)}
            return json.dumps(body), True, str(err)
        payload = response.get("Payload", b"")
        text = payload.decode("utf-8", "replace") if isinstance(payload, (bytes, bytearray)) else str(payload)
        logs = base64.b64decode(response.get("LogResult", "") or "").decode("utf-8", "replace")
        return text, bool(response.get("FunctionError")), logs

    _invoke_lambda._labkit = True  # type: ignore[attr-defined]
    LambdaFunction._invoke_lambda = _invoke_lambda  # type: ignore[method-assign]


def _patch_bucket_policy_check() -> None:
    """Judge bucket policies on object requests with labkit's evaluator.

    moto denies an object request when any Deny statement of the bucket policy
    matches, treating most conditions as met: after the TLS-only policy of
    ``s3.secure_bucket`` (Deny when ``aws:SecureTransport`` is false) every
    upload over HTTPS got 403, which AWS would never do. The replacement asks
    ``labkit.iam.evaluate`` whether the policy explicitly denies the request as
    it really arrives: from this account, over TLS (boto3 uses HTTPS), from no
    VPC endpoint. A policy that allows only requests through an endpoint still
    denies the notebook, as AWS would.
    """
    from moto.s3.models import FakeBucket

    if getattr(FakeBucket.get_permission, "_labkit", False):
        return

    def get_permission(self: Any, action: str, resource: str) -> Any:
        import json

        from moto.iam.access_control import PermissionResult

        from .errors import LabkitError
        from .iam import evaluate

        if self.policy is None:
            return PermissionResult.NEUTRAL
        try:
            policy = json.loads(self.policy.decode())
            decision = evaluate(
                None, action, resource, principal=f"arn:aws:iam::{self.account_id}:root",
                resource_policy=policy, context={"aws:SecureTransport": True},
            ).decision
        except (LabkitError, ValueError):  # a policy AWS would have refused: keep moto's reading
            return _MOTO_GET_PERMISSION(self, action, resource)
        if decision == "explicitDeny":
            return PermissionResult.DENIED
        return PermissionResult.PERMITTED if decision == "allowed" else PermissionResult.NEUTRAL

    get_permission._labkit = True  # type: ignore[attr-defined]
    global _MOTO_GET_PERMISSION
    _MOTO_GET_PERMISSION = FakeBucket.get_permission
    FakeBucket.get_permission = get_permission  # type: ignore[method-assign]


_MOTO_GET_PERMISSION: Any = None


def lambda_function_model(account_id: str, region: str, name: str, version: str | None) -> Any:
    """moto's model of one Lambda function version (moto keeps the package only
    there: ``Code.Location`` points at a bucket it never creates)."""
    from moto.awslambda.models import lambda_backends

    return lambda_backends[account_id][region].get_function(name, version)
