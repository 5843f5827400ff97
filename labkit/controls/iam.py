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
from ..i18n import Msg, and_, msg
from ..snapread import listed, num, sub, text
from . import _policy as pol
from ._base import Verdict, View, account_control, comma, resource_control, semicolons

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
        raise LabkitError(msg("the snapshot holds no policy document for it (found {kind})",
                              kind=type(document).__name__))
    return document


def _why(err: LabkitError) -> Any:
    """What went wrong, as the msg() it was raised with when it was one (so it renders in the report's language)."""
    return err.args[0] if len(err.args) == 1 and isinstance(err.args[0], Msg) else str(err)


def _unreadable(name: str, err: LabkitError) -> Verdict:
    return (False, msg("policy {policy} could not be evaluated: {error}", policy=name, error=_why(err)),
            msg("Fix the policy document (a new version)."))


@resource_control(
    "IAM.1", msg('IAM policies should not allow full "*" administrative privileges'), "HIGH",
    items="iam.policies", resource=_policy_name,
    scope=msg("customer-managed policies (their default version), attached or not"),
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
        return _unreadable(name, err)
    refused = [(a, r) for a, r, decision, _ in results if decision != "allowed"]
    if refused:
        action, resource = refused[0]
        return True, msg("policy {policy} does not grant full administrative access: {allowed} of {total} sample "
                         "requests are allowed (not {action} on {resource})", policy=name,
                         allowed=len(results) - len(refused), total=len(results), action=action,
                         resource=resource), ""
    why = results[-1][3]
    return (False, msg("policy {policy} allows every action on every resource ('*' on '*', {why}), made-up actions "
                       "included: full administrator access", policy=name, why=why),
            msg("Create a new default version that allows only the actions and resources needed: "
                "iam.create_policy_version(PolicyArn='{arn}', PolicyDocument=..., SetAsDefault=True); keep full "
                "access for break-glass roles using AWS's AdministratorAccess.", arn=_policy_name(policy)))


@resource_control(
    "IAM.21", msg("IAM customer managed policies that you create should not allow wildcard actions for services"),
    "LOW",
    items="iam.policies", resource=_policy_name,
    scope=msg("customer-managed policies (their default version), attached or not"),
    passes="no made-up action of any service the policy names (or of common services) is allowed",
)
def no_service_wildcards(view: View, policy: dict[str, Any]) -> Verdict:
    name = _short(policy)
    caller = _probe_caller(view)
    wide: dict[str, list[Any]] = {}  # deciding statement -> "s3:*" ...
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
                    grant = f"{service}:*"
                    wide.setdefault(why, []).append(
                        grant if resource == "*" else msg("{grant} on {resource}", grant=grant, resource=resource))
                    break
    except LabkitError as err:
        return _unreadable(name, err)
    if not wide:
        return True, msg("policy {policy} allows no service's every action (no service:* wildcard in effect)",
                         policy=name), ""
    parts = []
    for why, grants in wide.items():
        if len(grants) > 3:
            parts.append(msg("{grants} and {count} more services ({why})", grants=comma(grants[:3]),
                             count=len(grants) - 3, why=why))
        else:
            parts.append(msg("{grants} ({why})", grants=comma(grants), why=why))
    return (False, msg("policy {policy} allows every action of a service: {grants}", policy=name,
                       grants=semicolons(parts)),
            msg("List the actions needed (e.g. 's3:GetObject', 's3:PutObject') instead of 'service:*' and publish a "
                "new default version: iam.create_policy_version(PolicyArn='{arn}', PolicyDocument=..., "
                "SetAsDefault=True)", arn=_policy_name(policy)))


@resource_control(
    "IAM.2", msg("IAM users should not have IAM policies attached"), "LOW",
    items="iam.users", resource=lambda u: text(u.get("UserName"), "?"),
    scope=msg("every IAM user"),
    passes="the user has no attached managed policy and no inline policy (permissions come from groups)",
)
def no_user_policies(view: View, user: dict[str, Any]) -> Verdict:
    name = text(user.get("UserName"), "?")
    attached = [text(a).rsplit("/", 1)[-1] for a in listed(user, "AttachedPolicies") if text(a)]
    inline = sorted(k for k in sub(user, "InlinePolicies") if isinstance(k, str))
    if not attached and not inline:
        return True, msg("user {user} has no policies of their own", user=name), ""
    parts = []
    if attached:
        parts.append(msg("attached {policies}", policies=", ".join(attached)))
    if inline:
        parts.append(msg("inline {policies}", policies=", ".join(inline)))
    calls = []
    if attached:
        calls.append(f"iam.detach_user_policy(UserName='{name}', PolicyArn=...)")
    if inline:
        calls.append(f"iam.delete_user_policy(UserName='{name}', PolicyName=...)")
    return (False, msg("user {user} has policies of their own ({policies})", user=name, policies=semicolons(parts)),
            msg("Put the permissions on a group: iam.attach_group_policy(GroupName=..., PolicyArn=...), "
                "iam.add_user_to_group(GroupName=..., UserName='{user}'), then {calls}.", user=name, calls=and_(calls)))


@account_control(
    "IAM.4", msg("IAM root user access key should not exist"), "CRITICAL", needs=("iam.account_summary",),
    passes="AccountAccessKeysPresent is 0 in the account summary",
)
def no_root_access_key(view: View) -> Verdict:
    summary = view.value("iam", "account_summary")
    count = num(summary.get("AccountAccessKeysPresent")) if isinstance(summary, dict) else None
    if count == 0:
        return True, msg("the root user has no access keys"), ""
    if count is None:
        return (False, msg("the account summary does not say whether the root user has access keys"),
                msg("Take a fresh snapshot: lab.snapshot(['iam'])."))
    return (False, msg("the root user has an access key (AccountAccessKeysPresent is 1): anyone holding it controls "
                       "the whole account"),
            msg("Sign in as root and delete the key (Security credentials page); use IAM roles and users instead. "
                "(A root key cannot be created or deleted through the IAM API; moto cannot create one either.)"))


@resource_control(
    "IAM.5", msg("MFA should be enabled for all IAM users that have a console password"), "MEDIUM",
    items="iam.users", resource=lambda u: text(u.get("UserName"), "?"),
    scope=msg("IAM users with a console password (a login profile)"),
    passes="the user has at least one MFA device",
)
def console_users_mfa(view: View, user: dict[str, Any]) -> Verdict | None:
    if user.get("ConsoleAccess") is not True:
        return None
    name = text(user.get("UserName"), "?")
    devices = [text(d) for d in listed(user, "MFADevices") if text(d)]
    if devices:
        return True, msg("user {user} signs in to the console with MFA ({device})", user=name, device=devices[0]), ""
    return (False, msg("user {user} has a console password but no MFA device", user=name),
            msg("serial = iam.create_virtual_mfa_device(VirtualMFADeviceName='{user}')['VirtualMFADevice']"
                "['SerialNumber']; iam.enable_mfa_device(UserName='{user}', SerialNumber=serial, "
                "AuthenticationCode1=..., AuthenticationCode2=...)", user=name))
