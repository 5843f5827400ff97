"""Probing policies for the policy-based controls (S3.2, S3.3, S3.5, IAM.1, IAM.21).

Controls decide by asking :func:`labkit.iam.evaluate` about requests, never by reading
JSON text (``"s3:Get*"`` is not ``"*"``, ``NotAction`` grants what it does not name, a Deny
can take back an Allow). Reading the text is only used to choose *which* requests to ask
about: the resources a policy names become probe resources (``arn:aws:s3:::b/public/*``
becomes ``arn:aws:s3:::b/public/x``), and the services it names get a made-up action each.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..iam import evaluate

__all__ = [
    "load", "statements", "values", "concrete", "resource_probes", "action_services",
    "upper_bound", "decide", "ADMIN_POLICY",
]

# The identity policy of a caller who may do anything in their own account: what a request
# from a well-equipped outsider (or from an administrator of this account) carries.
ADMIN_POLICY: dict[str, Any] = {
    "Version": "2012-10-17",
    "Statement": [{"Sid": "LabkitProbeAdmin", "Effect": "Allow", "Action": "*", "Resource": "*"}],
}
_VARIABLE = re.compile(r"\$\{[^}]*\}")


def load(document: Any) -> Any:
    """A policy document as a dict when it is JSON text; anything else unchanged."""
    if isinstance(document, str):
        try:
            return json.loads(document)
        except ValueError:
            return document
    return document


def statements(document: Any) -> list[dict[str, Any]]:
    """The statements of a policy (a single statement object counts), dict entries only."""
    doc = load(document)
    if not isinstance(doc, dict):
        return []
    raw = doc.get("Statement")
    raw = [raw] if isinstance(raw, dict) else raw
    return [s for s in raw if isinstance(s, dict)] if isinstance(raw, list) else []


def values(statement: dict[str, Any], key: str) -> list[str]:
    """A statement element that may be a string or a list of strings, as a list of strings."""
    raw = statement.get(key)
    raw = [raw] if isinstance(raw, str) else raw
    return [v for v in raw if isinstance(v, str)] if isinstance(raw, list) else []


def concrete(pattern: str) -> str:
    """A resource that ``pattern`` matches: wildcards and policy variables become ``x``.

    (Probe callers are named ``x`` so ``${aws:username}`` renders to what this produces.)
    """
    return _VARIABLE.sub("x", pattern).replace("*", "x").replace("?", "x")


def resource_probes(document: Any, *, prefix: str = "") -> list[str]:
    """Concrete resources named by the policy's Allow statements (those starting with ``prefix``)."""
    out: list[str] = []
    for st in statements(document):
        if st.get("Effect") != "Allow":
            continue
        for pattern in values(st, "Resource"):
            probe = concrete(pattern)
            if probe.startswith(prefix) and probe not in out:
                out.append(probe)
    return out


def action_services(document: Any) -> list[str]:
    """Service prefixes the policy's Action/NotAction elements name (``s3`` of ``s3:Get*``)."""
    out: list[str] = []
    for st in statements(document):
        for action in values(st, "Action") + values(st, "NotAction"):
            service = action.partition(":")[0].lower()
            if ":" in action and service and not any(c in service for c in "*?") and service not in out:
                out.append(service)
    return out


def upper_bound(document: Any) -> Any:
    """The most the policy can ever allow: conditions on Allows removed, conditional Denies dropped.

    IAM.1 and IAM.21 ask what a policy *can* grant (Security Hub does not weigh conditions), so an
    ``Allow * on *`` that holds only with MFA is still full administrative access. An
    unconditional Deny still takes back what it names.
    """
    doc = load(document)
    if not isinstance(doc, dict):
        return doc
    raw = doc.get("Statement")
    listed = [raw] if isinstance(raw, dict) else raw
    if not isinstance(listed, list):
        return doc
    kept: list[Any] = []
    for st in listed:
        if isinstance(st, dict) and "Condition" in st:
            if st.get("Effect") == "Deny":
                continue
            st = {k: v for k, v in st.items() if k != "Condition"}
        kept.append(st)
    return {**doc, "Statement": kept}


def decide(identity: Any, action: str, resource: str, **kwargs: Any) -> tuple[str, str]:
    """(decision, the deciding statement, e.g. ``statement 'PublicRead' (index 0)``, or the reason).

    A malformed policy raises :class:`labkit.errors.LabkitError`.
    """
    ev = evaluate(identity, action, resource, **kwargs)
    if ev.statements:  # the resource policy's statement is the one worth naming when there is one
        chosen = next((s for s in ev.statements if s.policy_type == "resource"), ev.statements[0])
        return ev.decision, chosen.statement_label
    return ev.decision, ev.reason

