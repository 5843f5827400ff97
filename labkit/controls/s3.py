"""S3 controls: S3.1, S3.2, S3.3, S3.5, S3.8, S3.9, S3.12, S3.13, S3.14, S3.17.

Public access (S3.2, S3.3) and TLS (S3.5) are decided by evaluating the bucket policy with
:func:`labkit.iam.evaluate` for requests from outsiders, then applying Block Public Access
and Object Ownership the way S3 does (the evaluator does not model them).
"""

from __future__ import annotations

from typing import Any

from ..errors import LabkitError
from ..snapread import dicts, sub, text
from . import _policy as pol
from ._base import Verdict, View, account_control, resource_control

__all__ = [
    "account_block_public_access", "no_public_read", "no_public_write", "requires_tls",
    "bucket_block_public_access", "access_logging", "no_acls", "has_lifecycle", "versioning_on",
    "kms_encryption", "BPA_FLAGS",
]

BPA_FLAGS = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
_ALL_ON = "{" + ", ".join(f"'{f}': True" for f in BPA_FLAGS) + "}"
MOTO_BPA = ("AWS has turned on all four Block Public Access settings for every new bucket since April 2023; "
            "moto creates buckets without them")
MOTO_SSE = ("AWS has encrypted every new bucket with SSE-S3 (AES256) by default since January 2023; moto "
            "creates buckets with no default encryption")
MOTO_ACL = ("AWS has disabled ACLs on every new bucket (Object Ownership BucketOwnerEnforced) since April 2023; "
            "moto creates buckets without ownership controls")
# A made-up account that no policy names: a stranger on the internet with their own AWS account.
OUTSIDER_ACCOUNT = "246813579024"
EVERYONE = {"AllUsers": "everyone", "AuthenticatedUsers": "every AWS account"}
READ_PERMISSIONS = ("READ", "FULL_CONTROL")
WRITE_PERMISSIONS = ("WRITE", "WRITE_ACP", "FULL_CONTROL")
_PROBE_CONTEXT = {"aws:SecureTransport": True, "aws:SourceIp": "203.0.113.7"}


def _name(bucket: dict[str, Any]) -> str:
    return text(bucket.get("Name"), "?") or "?"


def _bpa(view: View, bucket: dict[str, Any]) -> dict[str, str]:
    """Each Block Public Access flag that is on, and where (``account`` or ``bucket``)."""
    where: dict[str, str] = {}
    for scope, config in (("bucket", bucket.get("PublicAccessBlock")),
                          ("account", view.value("s3", "account_public_access_block"))):
        if isinstance(config, dict):
            for flag in BPA_FLAGS:
                if config.get(flag) is True:
                    where.setdefault(flag, scope)
    return where


def _acls_disabled(bucket: dict[str, Any]) -> bool:
    rules = dicts(sub(bucket, "OwnershipControls"), "Rules")
    return any(text(r.get("ObjectOwnership")) == "BucketOwnerEnforced" for r in rules)


def _acl_grants(bucket: dict[str, Any], permissions: tuple[str, ...]) -> list[str]:
    """ACL grants of ``permissions`` to everyone / every AWS account, as text."""
    out = []
    for grant in dicts(sub(bucket, "Acl"), "Grants"):
        uri = text(sub(grant, "Grantee").get("URI"))
        group = uri.rsplit("/", 1)[-1]
        permission = text(grant.get("Permission"))
        if "/global/" in uri and group in EVERYONE and permission in permissions:
            out.append(f"{permission} to {group} ({EVERYONE[group]})")
    return out


def _callers(view: View) -> list[tuple[str, Any, Any, dict[str, Any]]]:
    """(description, principal, identity policy, extra context) of the outsiders S3.2/S3.3 ask about."""
    account = view.account or "000000000000"
    return [
        ("anyone (anonymous)", "*", None, {}),
        ("any AWS account", f"arn:aws:iam::{OUTSIDER_ACCOUNT}:user/x", pol.ADMIN_POLICY,
         {"aws:ResourceAccount": account}),
    ]


def _policy_grants(view: View, bucket: dict[str, Any], object_actions: tuple[str, ...],
                   bucket_actions: tuple[str, ...]) -> list[str]:
    """What the bucket policy lets outsiders do, by evaluating requests (LabkitError if malformed)."""
    policy = bucket.get("Policy")
    if policy is None:
        return []
    arn = f"arn:aws:s3:::{_name(bucket)}"
    objects = [f"{arn}/labkit-probe"] + pol.resource_probes(policy, prefix=f"{arn}/")
    requests = [(a, r) for a in object_actions for r in objects] + [(a, arn) for a in bucket_actions]
    for who, principal, identity, extra in _callers(view):
        for action, resource in requests:
            decision, why = pol.decide(identity, action, resource, principal=principal, resource_policy=policy,
                                       context={**_PROBE_CONTEXT, **extra})
            if decision == "allowed":  # one request is enough to show it
                shown = f"{arn}/<any key>" if resource == objects[0] else resource
                return [f"lets {who} {action} on {shown} ({why})"]
    return []


def _public(view: View, bucket: dict[str, Any], kind: str) -> Verdict:
    name = _name(bucket)
    if kind == "read":
        policy_kwargs = {"object_actions": ("s3:GetObject",), "bucket_actions": ("s3:ListBucket",)}
        acl_perms = READ_PERMISSIONS
    else:
        policy_kwargs = {"object_actions": ("s3:PutObject", "s3:DeleteObject"), "bucket_actions": ()}
        acl_perms = WRITE_PERMISSIONS
    bpa = _bpa(view, bucket)
    try:
        by_policy = _policy_grants(view, bucket, **policy_kwargs)
    except LabkitError as err:
        by_policy = [f"could not be evaluated ({err}), so it cannot be shown to be private"]
    by_acl = _acl_grants(bucket, acl_perms)
    blocked: list[str] = []
    if by_policy and "RestrictPublicBuckets" in bpa:
        blocked.append(f"RestrictPublicBuckets (on the {bpa['RestrictPublicBuckets']}) voids its policy, which "
                       + "; ".join(by_policy))
        by_policy = []
    if by_acl and _acls_disabled(bucket):
        blocked.append(f"its ACL grants {', '.join(by_acl)}, but ACLs are disabled (BucketOwnerEnforced)")
        by_acl = []
    elif by_acl and "IgnorePublicAcls" in bpa:
        blocked.append(f"IgnorePublicAcls (on the {bpa['IgnorePublicAcls']}) voids its ACL grants "
                       f"{', '.join(by_acl)}")
        by_acl = []
    if not by_policy and not by_acl:
        if blocked:
            return True, f"bucket {name} allows no public {kind} access: {'; '.join(blocked)}", ""
        return True, f"bucket {name} allows no public {kind} access (neither its policy nor its ACL grants it)", ""
    reasons = [f"its policy {grant}" for grant in by_policy]
    if by_acl:
        reasons.append(f"its ACL grants {', '.join(by_acl)}")
    message = f"bucket {name} allows public {kind} access: {'; '.join(reasons)}"
    if bucket.get("PublicAccessBlock") is None:
        message += f". Block Public Access would have stopped it: {MOTO_BPA}"
    fixes = []
    if by_policy:
        fixes.append("remove the statement that grants it (s3.put_bucket_policy, or "
                     f"s3.delete_bucket_policy(Bucket='{name}'))")
    if by_acl:
        fixes.append(f"s3.put_bucket_acl(Bucket='{name}', ACL='private')")
    hint = ("; ".join(fixes) + f"; and turn on Block Public Access: s3.put_public_access_block(Bucket='{name}', "
            f"PublicAccessBlockConfiguration={_ALL_ON})")
    return False, message, hint[0].upper() + hint[1:]


@account_control(
    "S3.1", "S3 general purpose buckets should have block public access settings enabled", "MEDIUM",
    needs=("s3.account_public_access_block",),
    passes="all four account-level Block Public Access settings are on",
)
def account_block_public_access(view: View) -> Verdict:
    config = view.value("s3", "account_public_access_block")
    if not isinstance(config, dict):
        return (False, "the account has no Block Public Access configuration (account-level Block Public Access "
                       "is off until you turn it on, in AWS as in moto)",
                f"s3control.put_public_access_block(AccountId='{view.account or '<account id>'}', "
                f"PublicAccessBlockConfiguration={_ALL_ON})")
    off = [f for f in BPA_FLAGS if config.get(f) is not True]
    if not off:
        return True, "all four account-level Block Public Access settings are on", ""
    return (False, f"account-level Block Public Access has {', '.join(off)} off",
            f"s3control.put_public_access_block(AccountId='{view.account or '<account id>'}', "
            f"PublicAccessBlockConfiguration={_ALL_ON})")


@resource_control(
    "S3.2", "S3 general purpose buckets should block public read access", "CRITICAL",
    items="s3.buckets", resource=_name, needs=("s3.account_public_access_block",),
    scope="every bucket",
    passes=("neither the bucket policy (evaluated for anonymous callers and other accounts) nor the ACL lets "
            "outsiders read, or Block Public Access / disabled ACLs stop it"),
)
def no_public_read(view: View, bucket: dict[str, Any]) -> Verdict:
    return _public(view, bucket, "read")


@resource_control(
    "S3.3", "S3 general purpose buckets should block public write access", "CRITICAL",
    items="s3.buckets", resource=_name, needs=("s3.account_public_access_block",),
    scope="every bucket",
    passes=("neither the bucket policy (evaluated for anonymous callers and other accounts) nor the ACL lets "
            "outsiders write, or Block Public Access / disabled ACLs stop it"),
)
def no_public_write(view: View, bucket: dict[str, Any]) -> Verdict:
    return _public(view, bucket, "write")


@resource_control(
    "S3.5", "S3 general purpose buckets should require requests to use SSL", "MEDIUM",
    items="s3.buckets", resource=_name,
    scope="every bucket",
    passes=("the bucket policy explicitly denies s3:GetObject and s3:PutObject over plain HTTP "
            "(aws:SecureTransport false) to this account's users, and allows them to nobody else"),
)
def requires_tls(view: View, bucket: dict[str, Any]) -> Verdict:
    name = _name(bucket)
    hint = (f"s3.put_bucket_policy(Bucket='{name}', Policy=json.dumps({{'Version': '2012-10-17', 'Statement': "
            f"[{{'Sid': 'DenyInsecureTransport', 'Effect': 'Deny', 'Principal': '*', 'Action': 's3:*', "
            f"'Resource': ['arn:aws:s3:::{name}', 'arn:aws:s3:::{name}/*'], "
            "'Condition': {'Bool': {'aws:SecureTransport': 'false'}}}]}))")
    policy = bucket.get("Policy")
    if policy is None:
        return False, f"bucket {name} has no bucket policy, so requests over plain HTTP are not denied", hint
    account = view.account or "000000000000"
    callers = [
        ("a user of this account", f"arn:aws:iam::{account}:user/x", pol.ADMIN_POLICY, True),
        ("another AWS account", f"arn:aws:iam::{OUTSIDER_ACCOUNT}:user/x", pol.ADMIN_POLICY, False),
        ("an anonymous caller", "*", None, False),
    ]
    resource = f"arn:aws:s3:::{name}/labkit-probe"
    problems = []
    try:
        for action in ("s3:GetObject", "s3:PutObject"):
            for who, principal, identity, must_deny in callers:
                decision, why = pol.decide(
                    identity, action, resource, principal=principal, resource_policy=policy,
                    context={"aws:SecureTransport": False, "aws:ResourceAccount": account,
                             "aws:SourceIp": "203.0.113.7"},
                )
                if must_deny and decision != "explicitDeny":
                    problems.append(f"{action} over plain HTTP by {who} is not denied by the bucket policy")
                elif decision == "allowed":
                    problems.append(f"{action} over plain HTTP by {who} is allowed by the bucket policy ({why})")
    except LabkitError as err:
        return False, f"the policy of bucket {name} could not be evaluated: {err}", hint
    if not problems:
        return True, (f"bucket {name}'s policy denies s3:GetObject and s3:PutObject over plain HTTP "
                      "(aws:SecureTransport false)"), ""
    return (False, f"bucket {name} does not require TLS: {'; '.join(problems[:2])}"
                   + (f" (and {len(problems) - 2} more)" if len(problems) > 2 else "")
                   + "; requests without TLS should be explicitly denied", hint)


@resource_control(
    "S3.8", "S3 general purpose buckets should block public access", "HIGH",
    items="s3.buckets", resource=_name,
    scope="every bucket",
    passes="all four bucket-level Block Public Access settings are on",
)
def bucket_block_public_access(view: View, bucket: dict[str, Any]) -> Verdict:
    name = _name(bucket)
    config = bucket.get("PublicAccessBlock")
    hint = f"s3.put_public_access_block(Bucket='{name}', PublicAccessBlockConfiguration={_ALL_ON})"
    if not isinstance(config, dict):
        message = f"bucket {name} has no Block Public Access configuration. {MOTO_BPA}"
        account = view.value("s3", "account_public_access_block")
        if isinstance(account, dict) and all(account.get(f) is True for f in BPA_FLAGS):
            message += (" (the account-level setting is on, which blocks public access too, but S3.8 reads the "
                        "bucket's own)")
        return False, message, hint
    off = [f for f in BPA_FLAGS if config.get(f) is not True]
    if not off:
        return True, f"all four Block Public Access settings are on for bucket {name}", ""
    return False, f"bucket {name} has Block Public Access {', '.join(off)} off", hint


@resource_control(
    "S3.9", "S3 general purpose buckets should have server access logging enabled", "MEDIUM",
    items="s3.buckets", resource=_name,
    scope="every bucket",
    passes="server access logging delivers to a target bucket",
)
def access_logging(view: View, bucket: dict[str, Any]) -> Verdict:
    name = _name(bucket)
    target = text(sub(bucket, "Logging").get("TargetBucket"))
    if target:
        return True, f"bucket {name} logs server access to bucket {target}", ""
    return (False, f"bucket {name} has no server access logging (off by default, in AWS as in moto)",
            f"s3.put_bucket_logging(Bucket='{name}', BucketLoggingStatus={{'LoggingEnabled': {{'TargetBucket': "
            "'<log-bucket>', 'TargetPrefix': 'access/'}}}) (the target bucket must let the logging service write)")


@resource_control(
    "S3.12", "ACLs should not be used to manage user access to S3 general purpose buckets", "MEDIUM",
    items="s3.buckets", resource=_name,
    scope="every bucket",
    passes="ACLs are disabled (Object Ownership BucketOwnerEnforced) or the ACL grants nothing beyond the owner",
)
def no_acls(view: View, bucket: dict[str, Any]) -> Verdict:
    name = _name(bucket)
    if _acls_disabled(bucket):
        return True, f"bucket {name} has ACLs disabled (Object Ownership BucketOwnerEnforced)", ""
    acl = sub(bucket, "Acl")
    owner = text(sub(acl, "Owner").get("ID"))
    others = []
    for grant in dicts(acl, "Grants"):
        grantee = sub(grant, "Grantee")
        if owner and text(grantee.get("ID")) == owner:
            continue
        who = text(grantee.get("URI")).rsplit("/", 1)[-1] or text(grantee.get("DisplayName")) \
            or text(grantee.get("ID")) or text(grantee.get("EmailAddress"), "?")
        others.append(f"{text(grant.get('Permission'), '?')} to {who}")
    hint = (f"s3.put_bucket_ownership_controls(Bucket='{name}', OwnershipControls={{'Rules': "
            "[{'ObjectOwnership': 'BucketOwnerEnforced'}]}) and grant access with policies instead")
    note = f" ({MOTO_ACL})" if bucket.get("OwnershipControls") is None else ""
    if not others:
        return True, f"bucket {name}'s ACL grants nothing beyond its owner{note}", ""
    return False, f"bucket {name}'s ACL grants {', '.join(others)}{note}", hint


@resource_control(
    "S3.13", "S3 general purpose buckets should have Lifecycle configurations", "LOW",
    items="s3.buckets", resource=_name,
    scope="every bucket",
    passes="the bucket has at least one enabled lifecycle rule",
)
def has_lifecycle(view: View, bucket: dict[str, Any]) -> Verdict:
    name = _name(bucket)
    rules = dicts(bucket, "LifecycleRules")
    enabled = [r for r in rules if text(r.get("Status")) == "Enabled"]
    if enabled:
        return True, f"bucket {name} has {len(enabled)} enabled lifecycle rule(s)", ""
    message = (f"bucket {name}'s lifecycle rules are all disabled" if rules
               else f"bucket {name} has no lifecycle configuration")
    return (False, message,
            f"s3.put_bucket_lifecycle_configuration(Bucket='{name}', LifecycleConfiguration={{'Rules': [{{'ID': "
            "'tiering', 'Status': 'Enabled', 'Filter': {'Prefix': ''}, 'Transitions': [{'Days': 30, "
            "'StorageClass': 'STANDARD_IA'}]}]})")


@resource_control(
    "S3.14", "S3 general purpose buckets should have versioning enabled", "LOW",
    items="s3.buckets", resource=_name,
    scope="every bucket",
    passes="versioning Status is Enabled",
)
def versioning_on(view: View, bucket: dict[str, Any]) -> Verdict:
    name = _name(bucket)
    status = text(sub(bucket, "Versioning").get("Status"), "Disabled") or "Disabled"
    if status == "Enabled":
        return True, f"bucket {name} has versioning enabled", ""
    return (False, f"bucket {name} has versioning {status.lower()}"
                   + (" (never enabled: the default, in AWS as in moto)" if status == "Disabled" else ""),
            f"s3.put_bucket_versioning(Bucket='{name}', VersioningConfiguration={{'Status': 'Enabled'}})")


@resource_control(
    "S3.17", "S3 general purpose buckets should be encrypted at rest with AWS KMS keys", "MEDIUM",
    items="s3.buckets", resource=_name,
    scope="every bucket",
    passes="default encryption is SSE-KMS (aws:kms) or DSSE-KMS (aws:kms:dsse)",
)
def kms_encryption(view: View, bucket: dict[str, Any]) -> Verdict:
    name = _name(bucket)
    hint = (f"s3.put_bucket_encryption(Bucket='{name}', ServerSideEncryptionConfiguration={{'Rules': "
            "[{'ApplyServerSideEncryptionByDefault': {'SSEAlgorithm': 'aws:kms', 'KMSMasterKeyID': '<key id or "
            "alias>'}, 'BucketKeyEnabled': True}]})")
    config = bucket.get("Encryption")
    if not isinstance(config, dict):
        return (False, f"bucket {name} has no default encryption. {MOTO_SSE}, which S3.17 would still fail: it asks "
                       "for AWS KMS keys", hint)
    algorithms = [text(sub(r, "ApplyServerSideEncryptionByDefault").get("SSEAlgorithm"))
                  for r in dicts(config, "Rules")]
    algorithms = [a for a in algorithms if a]
    if any(a in ("aws:kms", "aws:kms:dsse") for a in algorithms):
        return True, f"bucket {name} encrypts new objects with AWS KMS keys ({', '.join(algorithms)})", ""
    shown = ", ".join(algorithms) or "no algorithm"
    return (False, f"bucket {name} encrypts with {shown}"
                   + (" (SSE-S3, S3-managed keys)" if "AES256" in algorithms else "") + ", not AWS KMS keys", hint)
