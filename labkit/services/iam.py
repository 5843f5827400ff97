"""IAM: users, groups, roles, customer-managed policies (with their documents),
instance profiles, the password policy and the account summary.

IAM is global, so this reads the same whatever the lab's region.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from ..scenario import scenario
from ..snapshot import by_key, get_or_none, paginate

if TYPE_CHECKING:
    from ..lab import Lab

NAME = "iam"
TITLE = "IAM"


def _document(doc: Any) -> Any:
    """Policy documents as dicts (boto3 usually decodes them; moto sometimes returns text)."""
    if isinstance(doc, str):
        try:
            return json.loads(unquote(doc))
        except ValueError:
            return doc
    return doc


def _attached(items: list[dict[str, Any]]) -> list[str]:
    return sorted(p["PolicyArn"] for p in items)


def _details(iam: Any) -> dict[str, Any]:
    """Users, groups, roles and customer policies with their attachments and
    inline documents in one paginated call (instead of 3-7 calls per identity)."""
    out: dict[str, list[Any]] = {"UserDetailList": [], "GroupDetailList": [], "RoleDetailList": [], "Policies": []}
    for page in iam.get_paginator("get_account_authorization_details").paginate(
        Filter=["User", "Group", "Role", "LocalManagedPolicy"]
    ):
        for key in out:
            out[key].extend(page.get(key, []))
    return out


def _inline_docs(items: list[dict[str, Any]]) -> dict[str, Any]:
    return {p["PolicyName"]: _document(p.get("PolicyDocument")) for p in sorted(items, key=lambda p: p["PolicyName"])}


def snapshot(lab: Lab) -> dict[str, Any]:
    iam = lab.client("iam")
    details = _details(iam)
    user_details = {u["UserName"]: u for u in details["UserDetailList"]}
    group_details = {g["GroupName"]: g for g in details["GroupDetailList"]}
    role_details = {r["RoleName"]: r for r in details["RoleDetailList"]}
    documents = {
        p["Arn"]: next((v.get("Document") for v in p.get("PolicyVersionList", []) if v.get("IsDefaultVersion")), None)
        for p in details["Policies"]
    }
    members: dict[str, list[str]] = {}
    users = []
    for user in paginate(iam, "list_users", "Users"):
        name = user["UserName"]
        detail = user_details.get(name, {})
        user["Groups"] = sorted(detail.get("GroupList", []))
        for group in user["Groups"]:
            members.setdefault(group, []).append(name)
        user["AttachedPolicies"] = _attached(detail.get("AttachedManagedPolicies", []))
        user["InlinePolicies"] = _inline_docs(detail.get("UserPolicyList", []))
        user["AccessKeys"] = by_key(
            [
                {"AccessKeyId": k["AccessKeyId"], "Status": k["Status"]}
                for k in paginate(iam, "list_access_keys", "AccessKeyMetadata", UserName=name)
            ],
            "AccessKeyId",
        )
        user["MFADevices"] = sorted(
            d["SerialNumber"] for d in paginate(iam, "list_mfa_devices", "MFADevices", UserName=name)
        )
        login = get_or_none(iam.get_login_profile, "NoSuchEntity", UserName=name)
        user["ConsoleAccess"] = login is not None
        user["Tags"] = detail.get("Tags", [])
        users.append(user)

    groups = []
    for group in paginate(iam, "list_groups", "Groups"):
        name = group["GroupName"]
        detail = group_details.get(name, {})
        group["AttachedPolicies"] = _attached(detail.get("AttachedManagedPolicies", []))
        group["InlinePolicies"] = _inline_docs(detail.get("GroupPolicyList", []))
        group["Members"] = sorted(members.get(name, []))
        groups.append(group)

    roles = []
    for role in paginate(iam, "list_roles", "Roles"):
        name = role["RoleName"]
        detail = role_details.get(name, {})
        # ListRoles has MaxSessionDuration and Description; the details add the boundary and tags.
        full = dict(role)
        for key in ("PermissionsBoundary", "Tags"):
            if detail.get(key):  # GetRole leaves both out when empty; so do we
                full[key] = detail[key]
        full["AssumeRolePolicyDocument"] = _document(full.get("AssumeRolePolicyDocument"))
        full.pop("RoleLastUsed", None)
        full["AttachedPolicies"] = _attached(detail.get("AttachedManagedPolicies", []))
        full["InlinePolicies"] = _inline_docs(detail.get("RolePolicyList", []))
        roles.append(full)

    policies = []
    for pol in paginate(iam, "list_policies", "Policies", Scope="Local"):
        if pol["Arn"] in documents:
            pol["Document"] = _document(documents[pol["Arn"]])
        else:  # not in the details (should not happen): ask for it
            version = iam.get_policy_version(PolicyArn=pol["Arn"], VersionId=pol["DefaultVersionId"])
            pol["Document"] = _document(version["PolicyVersion"]["Document"])
        policies.append(pol)

    profiles = [
        {
            "InstanceProfileName": p["InstanceProfileName"],
            "Arn": p["Arn"],
            "Roles": sorted(r["RoleName"] for r in p.get("Roles", [])),
        }
        for p in paginate(iam, "list_instance_profiles", "InstanceProfiles")
    ]
    password_policy = get_or_none(iam.get_account_password_policy, "NoSuchEntity")
    return {
        "users": by_key(users, "UserName"),
        "groups": by_key(groups, "GroupName"),
        "roles": by_key(roles, "RoleName"),
        "policies": by_key(policies, "PolicyName"),
        "instance_profiles": by_key(profiles, "InstanceProfileName"),
        "password_policy": password_policy["PasswordPolicy"] if password_policy else None,
        "account_summary": iam.get_account_summary().get("SummaryMap", {}),
    }


@scenario(
    "iam-basics",
    "A small team: group Developers with a read-only policy DeveloperReadOnly, users alice "
    "and bob in it, and a "
    "role app-role that EC2 may assume (the starting point of the IAM lessons).",
)
def build_iam_basics(lab: Lab) -> None:
    iam = lab.client("iam")
    iam.create_group(GroupName="Developers")
    # A customer-managed policy: moto does not load AWS-managed ones such as ReadOnlyAccess.
    read_only = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ReadOnly",
                "Effect": "Allow",
                "Action": ["ec2:Describe*", "s3:List*", "s3:GetBucket*", "rds:Describe*"],
                "Resource": "*",
            }
        ],
    }
    arn = iam.create_policy(PolicyName="DeveloperReadOnly", PolicyDocument=json.dumps(read_only))[
        "Policy"
    ]["Arn"]
    iam.attach_group_policy(GroupName="Developers", PolicyArn=arn)
    for user in ("alice", "bob"):
        iam.create_user(UserName=user, Tags=[{"Key": "team", "Value": "developers"}])
        iam.add_user_to_group(GroupName="Developers", UserName=user)
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
    iam.create_role(RoleName="app-role", AssumeRolePolicyDocument=json.dumps(trust))
