"""Diagrams of the lab's account, drawn from its snapshot, and the course's concept figures.

A diagram is a pure function of a snapshot (``lab.snapshot()`` or the snapshot
inside a submission file), so what a learner sees, what a grader reads and what
an instructor re-draws offline are the same thing. Rendering uses pygraphviz,
whose wheel carries Graphviz: no system ``dot`` is needed.

Views:

- ``network``: Region > VPC > Availability Zone > subnets (tier inferred from
  routes), gateways, endpoints, instances, load balancers, Auto Scaling groups,
  RDS (with the Multi-AZ standby) and security-group references;
- ``iam``: users, groups, roles, customer policies, attachments, memberships and
  who may assume each role (other accounts in a distinct colour);
- ``storage``: S3 buckets with badges (encryption, Block Public Access,
  versioning, lifecycle, policy), RDS instances and Aurora clusters;
- ``serverless``: API Gateway REST APIs, their Lambda integrations, event
  source mappings, and what each function's role may call on DynamoDB tables,
  SQS queues and Kinesis streams (policies evaluated, not read as text).

Example:
    >>> import labkit
    >>> from labkit.diagrams import diagram, from_snapshot
    >>> with labkit.Lab("multi-az-db", seed=0) as lab:
    ...     d = diagram(lab, "network")
    >>> d
    <Diagram network: 2 AZs, 1 VPC, 6 subnets>
    >>> d.svg.startswith("<?xml")
    True
    >>> from_snapshot({}, "iam")            # a picture, even of nothing
    <Diagram iam: 0 users, 0 groups, 0 roles, 0 policies>

Concept figures of the course live in the repo's ``diagrams/`` folder; see
:mod:`labkit.diagrams.concepts` (``python -m labkit.diagrams regenerate``).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..errors import LabkitError
from ._render import Diagram, engine
from .style import check_lang

if TYPE_CHECKING:
    from ..lab import Lab

__all__ = ["diagram", "from_snapshot", "Diagram", "VIEWS", "engine"]

VIEWS: tuple[str, ...] = ("network", "iam", "storage", "serverless")

# The snapshot sections each view draws from: drawing a live lab reads only these
# (a full snapshot loads every service's API model, about a second in a new kernel).
VIEW_SERVICES: dict[str, tuple[str, ...]] = {
    "network": ("ec2", "rds", "elbv2", "autoscaling"),
    "iam": ("iam",),
    "storage": ("s3", "rds"),
    "serverless": ("apigateway", "lambda", "iam", "dynamodb", "sqs", "kinesis"),
}


def from_snapshot(snapshot: Any, view: str = "network", *, lang: str = "en") -> Diagram:
    """Draw ``view`` of a snapshot dict (from ``lab.snapshot()`` or a submission file).

    Anything missing or malformed in the snapshot is left out and listed in
    ``Diagram.skipped``; only an unknown ``view`` or ``lang`` raises
    :class:`~labkit.errors.LabkitError`.

    Example:
        >>> d = from_snapshot({"labkit": {"region": "ap-northeast-2"}, "ec2": {}}, "network")
        >>> d.skipped[:1]
        ['ec2.vpcs is missing']
    """
    if view not in VIEWS:
        raise LabkitError(f"unknown diagram view {view!r}. Valid views: {', '.join(VIEWS)}.")
    lang = check_lang(lang)
    if isinstance(snapshot, (str, bytes)):  # JSON text, e.g. read from a submission file
        try:
            snapshot = json.loads(snapshot)
        except ValueError:
            pass  # drawn as "not a dict", with a note in .skipped
    if view == "network":
        from .network import build
    elif view == "iam":
        from .iam_view import build
    elif view == "serverless":
        from .serverless import build
    else:
        from .storage import build
    return build(snapshot, lang)


def diagram(
    lab: Lab | None = None,
    view: str = "network",
    *,
    snapshot: dict[str, Any] | None = None,
    lang: str | None = None,
) -> Diagram:
    """Draw the current state of ``lab`` (default: the open lab), or of ``snapshot``.

    Labels are in ``lang`` (default: ``$LABKIT_LANG``, else the language of the
    course folder the kernel runs in, else English).

    Example:
        >>> lab = labkit.start("three-tier-security-groups")      # doctest: +SKIP
        >>> labkit.diagrams.diagram(view="network")               # doctest: +SKIP
        <Diagram network: 2 AZs, 1 VPC, 6 subnets>
    """
    if view not in VIEWS:  # fail before reading the account
        raise LabkitError(f"unknown diagram view {view!r}. Valid views: {', '.join(VIEWS)}.")
    if snapshot is None:
        if lab is None:
            from ..lab import current

            lab = current()
        snapshot = lab.snapshot(list(VIEW_SERVICES[view]))
    if lang is None:  # like quizzes: $LABKIT_LANG, else the course folder's language, else English
        from ..questions.bank import pick_lang

        lang = pick_lang(None)
    return from_snapshot(snapshot, view, lang=lang)


def __getattr__(name: str) -> Any:
    # ``labkit.diagrams.concepts.show(...)`` after a plain ``import labkit``.
    if name == "concepts":
        import importlib

        return importlib.import_module(f"{__name__}.concepts")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
