"""S3 controls: S3.1, S3.2, S3.3, S3.5, S3.8, S3.9, S3.12, S3.13, S3.14, S3.17.

Public access (S3.2, S3.3) and TLS (S3.5) are decided by evaluating the bucket policy with
:func:`labkit.iam.evaluate` for requests from outsiders, then applying Block Public Access
and Object Ownership the way S3 does (the evaluator does not model them).
"""

from __future__ import annotations

from typing import Any

from ..errors import LabkitError
from ..i18n import msg
from ..snapread import dicts, sub, text
from . import _policy as pol
from ._base import Verdict, View, account_control, comma, resource_control, semicolons

__all__ = [
    "account_block_public_access", "no_public_read", "no_public_write", "requires_tls",
    "bucket_block_public_access", "access_logging", "no_acls", "has_lifecycle", "versioning_on",
    "kms_encryption", "BPA_FLAGS",
]

BPA_FLAGS = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
_ALL_ON = "{" + ", ".join(f"'{f}': True" for f in BPA_FLAGS) + "}"
MOTO_BPA = msg("AWS has turned on all four Block Public Access settings for every new bucket since April 2023; "
               "moto creates buckets without them")
MOTO_SSE = msg("AWS has encrypted every new bucket with SSE-S3 (AES256) by default since January 2023; moto "
               "creates buckets with no default encryption")
MOTO_ACL = msg("AWS has disabled ACLs on every new bucket (Object Ownership BucketOwnerEnforced) since April 2023; "
               "moto creates buckets without ownership controls")
# A made-up account that no policy names: a stranger on the internet with their own AWS account.
OUTSIDER_ACCOUNT = "246813579024"
EVERYONE = {"AllUsers": msg("everyone"), "AuthenticatedUsers": msg("every AWS account")}
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


def _acl_grants(bucket: dict[str, Any], permissions: tuple[str, ...]) -> list[Any]:
    """ACL grants of ``permissions`` to everyone / every AWS account, as text."""
    out = []
    for grant in dicts(sub(bucket, "Acl"), "Grants"):
        uri = text(sub(grant, "Grantee").get("URI"))
        group = uri.rsplit("/", 1)[-1]
        permission = text(grant.get("Permission"))
        if "/global/" in uri and group in EVERYONE and permission in permissions:
            out.append(msg("{permission} to {group} ({who})", permission=permission, group=group, who=EVERYONE[group]))
    return out


def _callers(view: View) -> list[tuple[str, Any, Any, dict[str, Any]]]:
    """(description, principal, identity policy, extra context) of the outsiders S3.2/S3.3 ask about."""
    account = view.account or "000000000000"
    return [
        (msg("anyone (anonymous)"), "*", None, {}),
        (msg("any AWS account"), f"arn:aws:iam::{OUTSIDER_ACCOUNT}:user/x", pol.ADMIN_POLICY,
         {"aws:ResourceAccount": account}),
    ]


def _policy_grants(view: View, bucket: dict[str, Any], object_actions: tuple[str, ...],
                   bucket_actions: tuple[str, ...]) -> list[Any]:
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
                shown = msg("{arn}/<any key>", arn=arn) if resource == objects[0] else resource
                return [msg("lets {who} {action} on {resource} ({why})", who=who, action=action, resource=shown,
                            why=why)]
    return []


def _public(view: View, bucket: dict[str, Any], kind: str) -> Verdict:
    name = _name(bucket)
    read = kind == "read"
    if read:
        policy_kwargs = {"object_actions": ("s3:GetObject",), "bucket_actions": ("s3:ListBucket",)}
        acl_perms = READ_PERMISSIONS
    else:
        policy_kwargs = {"object_actions": ("s3:PutObject", "s3:DeleteObject"), "bucket_actions": ()}
        acl_perms = WRITE_PERMISSIONS
    bpa = _bpa(view, bucket)
    try:
        by_policy = _policy_grants(view, bucket, **policy_kwargs)
    except LabkitError as err:
        by_policy = [msg("could not be evaluated ({error}), so it cannot be shown to be private", error=str(err))]
    by_acl = _acl_grants(bucket, acl_perms)
    blocked: list[Any] = []
    if by_policy and "RestrictPublicBuckets" in bpa:
        if bpa["RestrictPublicBuckets"] == "bucket":
            blocked.append(msg("RestrictPublicBuckets (on the bucket) voids its policy, which {grants}",
                               grants=semicolons(by_policy)))
        else:
            blocked.append(msg("RestrictPublicBuckets (on the account) voids its policy, which {grants}",
                               grants=semicolons(by_policy)))
        by_policy = []
    if by_acl and _acls_disabled(bucket):
        blocked.append(msg("its ACL grants {grants}, but ACLs are disabled (BucketOwnerEnforced)",
                           grants=comma(by_acl)))
        by_acl = []
    elif by_acl and "IgnorePublicAcls" in bpa:
        if bpa["IgnorePublicAcls"] == "bucket":
            blocked.append(msg("IgnorePublicAcls (on the bucket) voids its ACL grants {grants}", grants=comma(by_acl)))
        else:
            blocked.append(msg("IgnorePublicAcls (on the account) voids its ACL grants {grants}",
                               grants=comma(by_acl)))
        by_acl = []
    if not by_policy and not by_acl:
        if blocked:
            if read:
                return True, msg("bucket {bucket} allows no public read access: {reasons}", bucket=name,
                                 reasons=semicolons(blocked)), ""
            return True, msg("bucket {bucket} allows no public write access: {reasons}", bucket=name,
                             reasons=semicolons(blocked)), ""
        if read:
            return True, msg("bucket {bucket} allows no public read access (neither its policy nor its ACL grants it)",
                             bucket=name), ""
        return True, msg("bucket {bucket} allows no public write access (neither its policy nor its ACL grants it)",
                         bucket=name), ""
    reasons = [msg("its policy {grant}", grant=grant) for grant in by_policy]
    if by_acl:
        reasons.append(msg("its ACL grants {grants}", grants=comma(by_acl)))
    if read:
        message = msg("bucket {bucket} allows public read access: {reasons}", bucket=name, reasons=semicolons(reasons))
    else:
        message = msg("bucket {bucket} allows public write access: {reasons}", bucket=name, reasons=semicolons(reasons))
    if bucket.get("PublicAccessBlock") is None:
        message = msg("{message}. Block Public Access would have stopped it: {moto}", message=message, moto=MOTO_BPA)
    if by_policy and by_acl:
        hint = msg("Remove the statement that grants it (s3.put_bucket_policy, or s3.delete_bucket_policy("
                   "Bucket='{bucket}')); s3.put_bucket_acl(Bucket='{bucket}', ACL='private'); and turn on Block Public "
                   "Access: s3.put_public_access_block(Bucket='{bucket}', PublicAccessBlockConfiguration={settings})",
                   bucket=name, settings=_ALL_ON)
    elif by_policy:
        hint = msg("Remove the statement that grants it (s3.put_bucket_policy, or s3.delete_bucket_policy("
                   "Bucket='{bucket}')); and turn on Block Public Access: "
                   "s3.put_public_access_block(Bucket='{bucket}', PublicAccessBlockConfiguration={settings})",
                   bucket=name, settings=_ALL_ON)
    else:
        hint = msg("s3.put_bucket_acl(Bucket='{bucket}', ACL='private'); and turn on Block Public Access: "
                   "s3.put_public_access_block(Bucket='{bucket}', PublicAccessBlockConfiguration={settings})",
                   bucket=name, settings=_ALL_ON)
    return False, message, hint


@account_control(
    "S3.1", msg("S3 general purpose buckets should have block public access settings enabled"), "MEDIUM",
    needs=("s3.account_public_access_block",),
    passes="all four account-level Block Public Access settings are on",
)
def account_block_public_access(view: View) -> Verdict:
    config = view.value("s3", "account_public_access_block")
    hint = msg("s3control.put_public_access_block(AccountId='{account}', PublicAccessBlockConfiguration={settings})",
               account=view.account or msg("<account id>"), settings=_ALL_ON)
    if not isinstance(config, dict):
        return (False, msg("the account has no Block Public Access configuration (account-level Block Public Access "
                           "is off until you turn it on, in AWS as in moto)"), hint)
    off = [f for f in BPA_FLAGS if config.get(f) is not True]
    if not off:
        return True, msg("all four account-level Block Public Access settings are on"), ""
    return False, msg("account-level Block Public Access has {settings} off", settings=", ".join(off)), hint


@resource_control(
    "S3.2", msg("S3 general purpose buckets should block public read access"), "CRITICAL",
    items="s3.buckets", resource=_name, needs=("s3.account_public_access_block",),
    scope=msg("every bucket"),
    passes=("neither the bucket policy (evaluated for anonymous callers and other accounts) nor the ACL lets "
            "outsiders read, or Block Public Access / disabled ACLs stop it"),
)
def no_public_read(view: View, bucket: dict[str, Any]) -> Verdict:
    return _public(view, bucket, "read")


@resource_control(
    "S3.3", msg("S3 general purpose buckets should block public write access"), "CRITICAL",
    items="s3.buckets", resource=_name, needs=("s3.account_public_access_block",),
    scope=msg("every bucket"),
    passes=("neither the bucket policy (evaluated for anonymous callers and other accounts) nor the ACL lets "
            "outsiders write, or Block Public Access / disabled ACLs stop it"),
)
def no_public_write(view: View, bucket: dict[str, Any]) -> Verdict:
    return _public(view, bucket, "write")


@resource_control(
    "S3.5", msg("S3 general purpose buckets should require requests to use SSL"), "MEDIUM",
    items="s3.buckets", resource=_name,
    scope=msg("every bucket"),
    passes=("the bucket policy explicitly denies s3:GetObject and s3:PutObject over plain HTTP "
            "(aws:SecureTransport false) to this account's users, and allows them to nobody else"),
)
def requires_tls(view: View, bucket: dict[str, Any]) -> Verdict:
    name = _name(bucket)
    hint = msg("s3.put_bucket_policy(Bucket='{bucket}', Policy=json.dumps({{'Version': '2012-10-17', 'Statement': "
               "[{{'Sid': 'DenyInsecureTransport', 'Effect': 'Deny', 'Principal': '*', 'Action': 's3:*', "
               "'Resource': ['arn:aws:s3:::{bucket}', 'arn:aws:s3:::{bucket}/*'], "
               "'Condition': {{'Bool': {{'aws:SecureTransport': 'false'}}}}}}]}}))", bucket=name)
    policy = bucket.get("Policy")
    if policy is None:
        return False, msg("bucket {bucket} has no bucket policy, so requests over plain HTTP are not denied",
                          bucket=name), hint
    account = view.account or "000000000000"
    callers = [
        (msg("a user of this account"), f"arn:aws:iam::{account}:user/x", pol.ADMIN_POLICY, True),
        (msg("another AWS account"), f"arn:aws:iam::{OUTSIDER_ACCOUNT}:user/x", pol.ADMIN_POLICY, False),
        (msg("an anonymous caller"), "*", None, False),
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
                    problems.append(msg("{action} over plain HTTP by {who} is not denied by the bucket policy",
                                        action=action, who=who))
                elif decision == "allowed":
                    problems.append(msg("{action} over plain HTTP by {who} is allowed by the bucket policy ({why})",
                                        action=action, who=who, why=why))
    except LabkitError as err:
        return False, msg("the policy of bucket {bucket} could not be evaluated: {error}", bucket=name,
                          error=str(err)), hint
    if not problems:
        return True, msg("bucket {bucket}'s policy denies s3:GetObject and s3:PutObject over plain HTTP "
                         "(aws:SecureTransport false)", bucket=name), ""
    if len(problems) > 2:
        return (False, msg("bucket {bucket} does not require TLS: {problems} (and {more} more); requests without TLS "
                           "should be explicitly denied", bucket=name, problems=semicolons(problems[:2]),
                           more=len(problems) - 2), hint)
    return (False, msg("bucket {bucket} does not require TLS: {problems}; requests without TLS should be explicitly "
                       "denied", bucket=name, problems=semicolons(problems)), hint)


@resource_control(
    "S3.8", msg("S3 general purpose buckets should block public access"), "HIGH",
    items="s3.buckets", resource=_name,
    scope=msg("every bucket"),
    passes="all four bucket-level Block Public Access settings are on",
)
def bucket_block_public_access(view: View, bucket: dict[str, Any]) -> Verdict:
    name = _name(bucket)
    config = bucket.get("PublicAccessBlock")
    hint = msg("s3.put_public_access_block(Bucket='{bucket}', PublicAccessBlockConfiguration={settings})",
               bucket=name, settings=_ALL_ON)
    if not isinstance(config, dict):
        account = view.value("s3", "account_public_access_block")
        if isinstance(account, dict) and all(account.get(f) is True for f in BPA_FLAGS):
            message = msg("bucket {bucket} has no Block Public Access configuration. {moto} (the account-level setting "
                          "is on, which blocks public access too, but S3.8 reads the bucket's own)", bucket=name,
                          moto=MOTO_BPA)
        else:
            message = msg("bucket {bucket} has no Block Public Access configuration. {moto}", bucket=name,
                          moto=MOTO_BPA)
        return False, message, hint
    off = [f for f in BPA_FLAGS if config.get(f) is not True]
    if not off:
        return True, msg("all four Block Public Access settings are on for bucket {bucket}", bucket=name), ""
    return False, msg("bucket {bucket} has Block Public Access {settings} off", bucket=name,
                      settings=", ".join(off)), hint


@resource_control(
    "S3.9", msg("S3 general purpose buckets should have server access logging enabled"), "MEDIUM",
    items="s3.buckets", resource=_name,
    scope=msg("every bucket"),
    passes="server access logging delivers to a target bucket",
)
def access_logging(view: View, bucket: dict[str, Any]) -> Verdict:
    name = _name(bucket)
    target = text(sub(bucket, "Logging").get("TargetBucket"))
    if target:
        return True, msg("bucket {bucket} logs server access to bucket {target}", bucket=name, target=target), ""
    return (False, msg("bucket {bucket} has no server access logging (off by default, in AWS as in moto)", bucket=name),
            msg("s3.put_bucket_logging(Bucket='{bucket}', BucketLoggingStatus={{'LoggingEnabled': {{'TargetBucket': "
                "'<log-bucket>', 'TargetPrefix': 'access/'}}}}) (the target bucket must let the logging service "
                "write)", bucket=name))


@resource_control(
    "S3.12", msg("ACLs should not be used to manage user access to S3 general purpose buckets"), "MEDIUM",
    items="s3.buckets", resource=_name,
    scope=msg("every bucket"),
    passes="ACLs are disabled (Object Ownership BucketOwnerEnforced) or the ACL grants nothing beyond the owner",
)
def no_acls(view: View, bucket: dict[str, Any]) -> Verdict:
    name = _name(bucket)
    if _acls_disabled(bucket):
        return True, msg("bucket {bucket} has ACLs disabled (Object Ownership BucketOwnerEnforced)", bucket=name), ""
    acl = sub(bucket, "Acl")
    owner = text(sub(acl, "Owner").get("ID"))
    others = []
    for grant in dicts(acl, "Grants"):
        grantee = sub(grant, "Grantee")
        if owner and text(grantee.get("ID")) == owner:
            continue
        who = text(grantee.get("URI")).rsplit("/", 1)[-1] or text(grantee.get("DisplayName")) \
            or text(grantee.get("ID")) or text(grantee.get("EmailAddress"), "?")
        others.append(msg("{permission} to {grantee}", permission=text(grant.get("Permission"), "?"), grantee=who))
    hint = msg("s3.put_bucket_ownership_controls(Bucket='{bucket}', OwnershipControls={{'Rules': "
               "[{{'ObjectOwnership': 'BucketOwnerEnforced'}}]}}) and grant access with policies instead", bucket=name)
    moto = bucket.get("OwnershipControls") is None
    if not others:
        if moto:
            return True, msg("bucket {bucket}'s ACL grants nothing beyond its owner ({moto})", bucket=name,
                             moto=MOTO_ACL), ""
        return True, msg("bucket {bucket}'s ACL grants nothing beyond its owner", bucket=name), ""
    if moto:
        return False, msg("bucket {bucket}'s ACL grants {grants} ({moto})", bucket=name, grants=comma(others),
                          moto=MOTO_ACL), hint
    return False, msg("bucket {bucket}'s ACL grants {grants}", bucket=name, grants=comma(others)), hint


@resource_control(
    "S3.13", msg("S3 general purpose buckets should have Lifecycle configurations"), "LOW",
    items="s3.buckets", resource=_name,
    scope=msg("every bucket"),
    passes="the bucket has at least one enabled lifecycle rule",
)
def has_lifecycle(view: View, bucket: dict[str, Any]) -> Verdict:
    name = _name(bucket)
    rules = dicts(bucket, "LifecycleRules")
    enabled = [r for r in rules if text(r.get("Status")) == "Enabled"]
    if enabled:
        return True, msg("bucket {bucket} has {count} enabled lifecycle rule(s)", bucket=name, count=len(enabled)), ""
    message = (msg("bucket {bucket}'s lifecycle rules are all disabled", bucket=name) if rules
               else msg("bucket {bucket} has no lifecycle configuration", bucket=name))
    return (False, message,
            msg("s3.put_bucket_lifecycle_configuration(Bucket='{bucket}', LifecycleConfiguration={{'Rules': [{{'ID': "
                "'tiering', 'Status': 'Enabled', 'Filter': {{'Prefix': ''}}, 'Transitions': [{{'Days': 30, "
                "'StorageClass': 'STANDARD_IA'}}]}}]}})", bucket=name))


@resource_control(
    "S3.14", msg("S3 general purpose buckets should have versioning enabled"), "LOW",
    items="s3.buckets", resource=_name,
    scope=msg("every bucket"),
    passes="versioning Status is Enabled",
)
def versioning_on(view: View, bucket: dict[str, Any]) -> Verdict:
    name = _name(bucket)
    status = text(sub(bucket, "Versioning").get("Status"), "Disabled") or "Disabled"
    if status == "Enabled":
        return True, msg("bucket {bucket} has versioning enabled", bucket=name), ""
    if status == "Disabled":
        message = msg("bucket {bucket} has versioning disabled (never enabled: the default, in AWS as in moto)",
                      bucket=name)
    elif status == "Suspended":
        message = msg("bucket {bucket} has versioning suspended", bucket=name)
    else:
        message = msg("bucket {bucket} has versioning {status}", bucket=name, status=status.lower())
    return (False, message,
            msg("s3.put_bucket_versioning(Bucket='{bucket}', VersioningConfiguration={{'Status': 'Enabled'}})",
                bucket=name))


@resource_control(
    "S3.17", msg("S3 general purpose buckets should be encrypted at rest with AWS KMS keys"), "MEDIUM",
    items="s3.buckets", resource=_name,
    scope=msg("every bucket"),
    passes="default encryption is SSE-KMS (aws:kms) or DSSE-KMS (aws:kms:dsse)",
)
def kms_encryption(view: View, bucket: dict[str, Any]) -> Verdict:
    name = _name(bucket)
    hint = msg("s3.put_bucket_encryption(Bucket='{bucket}', ServerSideEncryptionConfiguration={{'Rules': "
               "[{{'ApplyServerSideEncryptionByDefault': {{'SSEAlgorithm': 'aws:kms', 'KMSMasterKeyID': '<key id or "
               "alias>'}}, 'BucketKeyEnabled': True}}]}})", bucket=name)
    config = bucket.get("Encryption")
    if not isinstance(config, dict):
        return (False, msg("bucket {bucket} has no default encryption. {moto}, which S3.17 would still fail: it asks "
                           "for AWS KMS keys", bucket=name, moto=MOTO_SSE), hint)
    algorithms = [text(sub(r, "ApplyServerSideEncryptionByDefault").get("SSEAlgorithm"))
                  for r in dicts(config, "Rules")]
    algorithms = [a for a in algorithms if a]
    if any(a in ("aws:kms", "aws:kms:dsse") for a in algorithms):
        return True, msg("bucket {bucket} encrypts new objects with AWS KMS keys ({algorithms})", bucket=name,
                         algorithms=", ".join(algorithms)), ""
    shown = ", ".join(algorithms) or msg("no algorithm")
    if "AES256" in algorithms:
        return (False, msg("bucket {bucket} encrypts with {algorithms} (SSE-S3, S3-managed keys), not AWS KMS keys",
                           bucket=name, algorithms=shown), hint)
    return False, msg("bucket {bucket} encrypts with {algorithms}, not AWS KMS keys", bucket=name,
                      algorithms=shown), hint
