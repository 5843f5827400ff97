"""AWS Organizations: the organization, its root, accounts and service control
policies with their documents and targets (the SCP guardrail lessons)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..snapshot import by_key, get_or_none, paginate

if TYPE_CHECKING:
    from ..lab import Lab

NAME = "organizations"
TITLE = "AWS Organizations"
# A lab whose process never imported moto.organizations.models never used the service: its
# section is EMPTY, answered without a call (see labkit/services/__init__.py).
MOTO_MODELS = "moto.organizations.models"
EMPTY: dict[str, Any] = {"organization": None, "roots": [], "accounts": [], "policies": []}


def snapshot(lab: Lab) -> dict[str, Any]:
    org = lab.client("organizations")
    described = get_or_none(org.describe_organization, "AWSOrganizationsNotInUseException")
    if described is None:
        return {"organization": None, "roots": [], "accounts": [], "policies": []}
    policies = []
    for summary in paginate(org, "list_policies", "Policies", Filter="SERVICE_CONTROL_POLICY"):
        policy = org.describe_policy(PolicyId=summary["Id"])["Policy"]
        content = policy.get("Content")
        try:
            policy["Content"] = json.loads(content) if isinstance(content, str) else content
        except ValueError:
            pass
        policy["Targets"] = by_key(
            paginate(org, "list_targets_for_policy", "Targets", PolicyId=summary["Id"]), "TargetId"
        )
        policies.append(policy)
    return {
        "organization": described["Organization"],
        "roots": by_key(paginate(org, "list_roots", "Roots"), "Id"),
        "accounts": by_key(paginate(org, "list_accounts", "Accounts"), "Id"),
        "policies": sorted(policies, key=lambda p: p["PolicySummary"]["Id"]),
    }
