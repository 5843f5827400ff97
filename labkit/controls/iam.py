"""IAM controls: IAM.1, IAM.2, IAM.4, IAM.5, IAM.21.

IAM.1 and IAM.21 evaluate each customer-managed policy with :func:`labkit.iam.evaluate`
(``"s3:Get*"`` is not ``"*"``; ``NotAction`` grants what it does not name; a Deny takes back
an Allow). They judge what the policy *can* grant: conditions on its Allow statements are set
aside and conditional Denies are not counted (see ``_policy.upper_bound``).

- IAM.1 (full ``"*"`` administrative access): every request of a fixed sample across a dozen
  services is allowed, including a made-up service and action that only ``"*"`` (or an
  equivalent such as ``NotAction`` on nothing real) can match.
- IAM.21 (``service:*``): for each service the policy names, and a fixed list of common
  ones, a made-up action of that service (``s3:ZzzLabkitProbe``) is allowed; only a
  wildcard covering the whole service can allow an action that does not exist.
"""

from __future__ import annotations

from typing import Any

from ..errors import LabkitError
from ..snapread import listed, num, sub, text
from . import _policy as pol
from ._base import Verdict, View, account_control, resource_control

__all__ = ["no_full_admin", "no_user_policies", "no_root_access_key", "console_users_mfa",
           "no_service_wildcards", "COMMON_SERVICES"]

MADE_UP_ACTION = "ZzzLabkitProbe"  # no AWS service has this action
COMMON_SERVICES = ("s3", "ec2", "iam", "rds", "kms", "lambda", "dynamodb", "sts", "organizations",
                   "cloudtrail", "logs", "sqs", "sns", "secretsmanager", "ecs", "eks")


def _probe_caller(view: View) -> str:
    # Named "x" so resources such as arn:aws:s3:::b/${aws:username}/* concretise to what it may use.
    return f"arn:aws:iam::{view.account or '000000000000'}:user/x"


def _admin_sample(view: View) -> list[tuple[str, str]]:
    """Requests only a full administrator is allowed all of (region and account from the snapshot)."""
    acct, region = view.account or "000000000000", view.region or "us-east-1"
    return [
        ("iam:CreateUser", f"arn:aws:iam::{acct}:user/labkit-probe"),
        ("iam:PutRolePolicy", f"arn:aws:iam::{acct}:role/labkit-probe"),
        ("sts:AssumeRole", f"arn:aws:iam::{acct}:role/labkit-probe"),
        ("ec2:RunInstances", f"arn:aws:ec2:{region}:{acct}:instance/i-0labkitprobe"),
        ("ec2:DeleteVpc", f"arn:aws:ec2:{region}:{acct}:vpc/vpc-0labkitprobe"),
        ("s3:DeleteBucket", "arn:aws:s3:::labkit-probe-bucket"),
        ("s3:GetObject", "arn:aws:s3:::labkit-probe-bucket/key"),
        ("kms:ScheduleKeyDeletion", f"arn:aws:kms:{region}:{acct}:key/labkit-probe"),
        ("rds:DeleteDBInstance", f"arn:aws:rds:{region}:{acct}:db:labkit-probe"),
        ("lambda:UpdateFunctionCode", f"arn:aws:lambda:{region}:{acct}:function:labkit-probe"),
        ("cloudtrail:StopLogging", f"arn:aws:cloudtrail:{region}:{acct}:trail/labkit-probe"),
        ("organizations:LeaveOrganization", "*"),
        (f"zzzlabkit:{MADE_UP_ACTION}", "*"),
        (f"zzzlabkit:{MADE_UP_ACTION}", f"arn:aws:zzzlabkit:{region}:{acct}:thing/labkit-probe"),
    ]


def _policy_name(policy: dict[str, Any]) -> str:
    return text(policy.get("Arn")) or text(policy.get("PolicyName"), "?") or "?"


def _short(policy: dict[str, Any]) -> str:
    return text(policy.get("PolicyName")) or _policy_name(policy)


def _document(policy: dict[str, Any]) -> Any:
    """The policy's document, or LabkitError when there is none to evaluate."""
    document = pol.load(policy.get("Document"))
    if not isinstance(document, dict):
        raise LabkitError(f"the snapshot holds no policy document for it (found {type(document).__name__})")
    return document


@resource_control(
    "IAM.1", 'IAM policies should not allow full "*" administrative privileges', "HIGH",
    items="iam.policies", resource=_policy_name,
    scope="customer-managed policies (their default version), attached or not",
    passes=("the policy, evaluated without its conditions, does not allow every request of a sample across "
            "services (a made-up action included)"),
)
def no_full_admin(view: View, policy: dict[str, Any]) -> Verdict:
    name = _short(policy)
    caller = _probe_caller(view)
    try:
        bound = pol.upper_bound(_document(policy))
        results = [(action, resource, *pol.decide(bound, action, resource, principal=caller))
                   for action, resource in _admin_sample(view)]
    except LabkitError as err:
        return False, f"policy {name} could not be evaluated: {err}", "Fix the policy document (a new version)."
    refused = [(a, r) for a, r, decision, _ in results if decision != "allowed"]
    if refused:
        action, resource = refused[0]
        return True, (f"policy {name} does not grant full administrative access: {len(results) - len(refused)} "
                      f"of {len(results)} sample requests are allowed (not {action} on {resource})"), ""
    why = results[-1][3]
    return (False, f"policy {name} allows every action on every resource ('*' on '*', {why}), "
                   "made-up actions included: full administrator access",
            f"Create a new default version that allows only the actions and resources needed: "
            f"iam.create_policy_version(PolicyArn='{_policy_name(policy)}', PolicyDocument=..., SetAsDefault=True); "
            "keep full access for break-glass roles using AWS's AdministratorAccess.")


@resource_control(
    "IAM.21", "IAM customer managed policies that you create should not allow wildcard actions for services",
    "LOW",
    items="iam.policies", resource=_policy_name,
    scope="customer-managed policies (their default version), attached or not",
    passes="no made-up action of any service the policy names (or of common services) is allowed",
)
def no_service_wildcards(view: View, policy: dict[str, Any]) -> Verdict:
    name = _short(policy)
    caller = _probe_caller(view)
    wide: dict[str, list[str]] = {}  # deciding statement -> "s3:*" ...
    try:
        document = _document(policy)
        bound = pol.upper_bound(document)
        named = pol.action_services(document)
        services = named + [s for s in COMMON_SERVICES if s not in named]
        resources = ["*"] + [r for r in pol.resource_probes(bound) if r != "x"]
        for service in services:
            for resource in resources:
                decision, why = pol.decide(bound, f"{service}:{MADE_UP_ACTION}", resource, principal=caller)
                if decision == "allowed":
                    wide.setdefault(why, []).append(f"{service}:*" + ("" if resource == "*" else f" on {resource}"))
                    break
    except LabkitError as err:
        return False, f"policy {name} could not be evaluated: {err}", "Fix the policy document (a new version)."
    if not wide:
        return True, f"policy {name} allows no service's every action (no service:* wildcard in effect)", ""
    parts = []
    for why, grants in wide.items():
        more = f" and {len(grants) - 3} more services" if len(grants) > 3 else ""
        parts.append(f"{', '.join(grants[:3])}{more} ({why})")
    shown = "; ".join(parts)
    return (False, f"policy {name} allows every action of a service: {shown}",
            "List the actions needed (e.g. 's3:GetObject', 's3:PutObject') instead of 'service:*' and publish "
            f"a new default version: iam.create_policy_version(PolicyArn='{_policy_name(policy)}', "
            "PolicyDocument=..., SetAsDefault=True)")


@resource_control(
    "IAM.2", "IAM users should not have IAM policies attached", "LOW",
    items="iam.users", resource=lambda u: text(u.get("UserName"), "?"),
    scope="every IAM user",
    passes="the user has no attached managed policy and no inline policy (permissions come from groups)",
)
def no_user_policies(view: View, user: dict[str, Any]) -> Verdict:
    name = text(user.get("UserName"), "?")
    attached = [text(a).rsplit("/", 1)[-1] for a in listed(user, "AttachedPolicies") if text(a)]
    inline = sorted(k for k in sub(user, "InlinePolicies") if isinstance(k, str))
    if not attached and not inline:
        return True, f"user {name} has no policies of their own", ""
    parts = []
    if attached:
        parts.append(f"attached {', '.join(attached)}")
    if inline:
        parts.append(f"inline {', '.join(inline)}")
    calls = []
    if attached:
        calls.append(f"iam.detach_user_policy(UserName='{name}', PolicyArn=...)")
    if inline:
        calls.append(f"iam.delete_user_policy(UserName='{name}', PolicyName=...)")
    return (False, f"user {name} has policies of their own ({'; '.join(parts)})",
            f"Put the permissions on a group: iam.attach_group_policy(GroupName=..., PolicyArn=...), "
            f"iam.add_user_to_group(GroupName=..., UserName='{name}'), then {' and '.join(calls)}.")


@account_control(
    "IAM.4", "IAM root user access key should not exist", "CRITICAL", needs=("iam.account_summary",),
    passes="AccountAccessKeysPresent is 0 in the account summary",
)
def no_root_access_key(view: View) -> Verdict:
    summary = view.value("iam", "account_summary")
    count = num(summary.get("AccountAccessKeysPresent")) if isinstance(summary, dict) else None
    if count == 0:
        return True, "the root user has no access keys", ""
    if count is None:
        return (False, "the account summary does not say whether the root user has access keys",
                "Take a fresh snapshot: lab.snapshot(['iam']).")
    return (False, "the root user has an access key (AccountAccessKeysPresent is 1): anyone holding it controls "
                   "the whole account",
            "Sign in as root and delete the key (Security credentials page); use IAM roles and users instead. "
            "(A root key cannot be created or deleted through the IAM API; moto cannot create one either.)")


@resource_control(
    "IAM.5", "MFA should be enabled for all IAM users that have a console password", "MEDIUM",
    items="iam.users", resource=lambda u: text(u.get("UserName"), "?"),
    scope="IAM users with a console password (a login profile)",
    passes="the user has at least one MFA device",
)
def console_users_mfa(view: View, user: dict[str, Any]) -> Verdict | None:
    if user.get("ConsoleAccess") is not True:
        return None
    name = text(user.get("UserName"), "?")
    devices = [text(d) for d in listed(user, "MFADevices") if text(d)]
    if devices:
        return True, f"user {name} signs in to the console with MFA ({devices[0]})", ""
    return (False, f"user {name} has a console password but no MFA device",
            f"serial = iam.create_virtual_mfa_device(VirtualMFADeviceName='{name}')['VirtualMFADevice']"
            f"['SerialNumber']; iam.enable_mfa_device(UserName='{name}', SerialNumber=serial, "
            "AuthenticationCode1=..., AuthenticationCode2=...)")
