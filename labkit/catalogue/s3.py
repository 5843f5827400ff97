"""S3 tasks: the seed's secure bucket (SSE-KMS, Block Public Access, versioning,
TLS only), a bucket reachable only through the VPC's S3 gateway endpoint, and
the seed's log lifecycle (Standard-IA at 30 days, Glacier at 90, expiry at 365).

Bucket policies are graded by evaluating requests with :mod:`labkit.iam`
(through :mod:`._policy`), never by reading their JSON text.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..errors import LabkitError
from ..grading import Check, Task
from ..services.ec2 import THREE_TIER_SUBNETS
from ..services.kms import resolve_key
from ..snapread import GONE_STATES, dicts, listed, num, sub, text
from . import _network as net
from . import register
from ._policy import (
    EXPLICIT_DENY,
    NOT_EXPLICITLY_DENIED,
    Request,
    mismatches,
    split_statements,
    summary,
)

if TYPE_CHECKING:
    from ..lab import Lab

SECURE_BUCKET = "my-secure-bucket"
LOG_BUCKET = "my-log-bucket"
KEY_ALIAS = "alias/my-s3-key"
OTHER_ACCOUNT = "987654321098"
FSBP = "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html"
S3_DOC = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/"
BPA_FLAGS = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
# The seed's lifecycle example (S3 수명 주기 정책 예시).
LOG_PREFIX = "logs/"
TRANSITIONS = (("STANDARD_IA", 30), ("GLACIER", 90))
EXPIRY_DAYS = 365

Result = tuple[bool, str, str, str]


# -- reading the snapshot -----------------------------------------------------
def _meta(snap: dict[str, Any]) -> tuple[str, str]:
    """(region, account id) from the snapshot header, with the lab's defaults."""
    meta = sub(snap, "labkit")
    region = text(meta.get("region")) or "ap-northeast-2"
    return region, text(meta.get("account_id")) or "123456789012"


def _bucket(snap: dict[str, Any], name: str) -> dict[str, Any] | None:
    found = [b for b in dicts(sub(snap, "s3"), "buckets") if b.get("Name") == name]
    return found[0] if found else None


def _no_bucket(name: str) -> Result:
    return (False, name, f"there is no bucket named {name}",
            f"s3.create_bucket(Bucket='{name}', CreateBucketConfiguration={{'LocationConstraint': "
            "'ap-northeast-2'})")


def _policy_problem(name: str, err: LabkitError) -> Result:
    return (False, name, f"the bucket policy of {name} cannot be evaluated: {err}",
            "Fix the document and put it again with s3.put_bucket_policy(Bucket=..., Policy=json.dumps(policy)).")


def _callers(account: str) -> list[tuple[str, str | None]]:
    return [
        ("from this account", f"arn:aws:iam::{account}:user/alice"),
        ("from another account", f"arn:aws:iam::{OTHER_ACCOUNT}:user/mallory"),
        ("from an anonymous caller", None),
    ]


def _targets(bucket: str) -> list[tuple[str, str, str]]:
    """(action, resource ARN, how the message names it): object and bucket actions."""
    obj, arn = f"arn:aws:s3:::{bucket}/reports/2024/q1.csv", f"arn:aws:s3:::{bucket}"
    objects = [(a, obj, f"{a.split(':')[1]} on {bucket}/*")
               for a in ("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:GetObjectVersion")]
    buckets = [(a, arn, f"{a.split(':')[1]} on {bucket}")
               for a in ("s3:ListBucket", "s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucket")]
    return objects + buckets


# -- s3.secure_bucket -----------------------------------------------------------
def _default_encryption(bucket: dict[str, Any]) -> dict[str, Any]:
    """The rule with a default algorithm (AWS allows one), or {}."""
    for rule in dicts(sub(bucket, "Encryption"), "Rules"):
        if sub(rule, "ApplyServerSideEncryptionByDefault"):
            return rule
    return {}


def _sse_kms(snap: dict[str, Any]) -> Result:
    bucket = _bucket(snap, SECURE_BUCKET)
    if bucket is None:
        return _no_bucket(SECURE_BUCKET)
    hint = (f"s3.put_bucket_encryption(Bucket='{SECURE_BUCKET}', ServerSideEncryptionConfiguration={{'Rules': "
            f"[{{'ApplyServerSideEncryptionByDefault': {{'SSEAlgorithm': 'aws:kms', 'KMSMasterKeyID': "
            f"'{KEY_ALIAS}'}}, 'BucketKeyEnabled': True}}]}})")
    rule = _default_encryption(bucket)
    default = sub(rule, "ApplyServerSideEncryptionByDefault")
    algorithm = text(default.get("SSEAlgorithm"))
    if not algorithm:
        return False, SECURE_BUCKET, f"{SECURE_BUCKET} has no default encryption", hint
    if algorithm != "aws:kms":
        kind = {"AES256": "SSE-S3 (AES256, keys managed by S3)", "aws:kms:dsse": "DSSE-KMS (dual-layer)"}
        return (False, SECURE_BUCKET, f"{SECURE_BUCKET} encrypts by default with {kind.get(algorithm, algorithm)}, "
                f"not SSE-KMS with {KEY_ALIAS}", hint)
    region, account = _meta(snap)
    kms = sub(snap, "kms")
    wanted = resolve_key(kms, KEY_ALIAS, region, account)
    if wanted is None:
        return (False, SECURE_BUCKET, f"there is no KMS key aliased {KEY_ALIAS}",
                f"key = kms.create_key(Description='S3 default encryption'); kms.create_alias(AliasName='{KEY_ALIAS}', "
                "TargetKeyId=key['KeyMetadata']['KeyId'])")
    reference = text(default.get("KMSMasterKeyID"))
    if not reference:
        return (False, SECURE_BUCKET, f"{SECURE_BUCKET} uses SSE-KMS with the AWS managed key aws/s3, not {KEY_ALIAS}",
                hint)
    used = resolve_key(kms, reference, region, account)
    if used is None:
        return (False, SECURE_BUCKET, f"{SECURE_BUCKET}'s KMSMasterKeyID {reference!r} names no KMS key of this "
                f"account in {region}", hint)
    if used.get("KeyId") != wanted.get("KeyId"):
        return (False, SECURE_BUCKET, f"{SECURE_BUCKET} encrypts with key {text(used.get('KeyId'), '?')}, not the key "
                f"aliased {KEY_ALIAS} ({text(wanted.get('KeyId'), '?')})", hint)
    state = text(wanted.get("KeyState"), "?")
    if state != "Enabled":
        return (False, SECURE_BUCKET, f"the key aliased {KEY_ALIAS} is {state}: S3 cannot encrypt new objects with it",
                "kms.enable_key(KeyId=...) (or kms.cancel_key_deletion(KeyId=...) first if it is pending deletion)")
    return True, SECURE_BUCKET, f"{SECURE_BUCKET} encrypts by default with SSE-KMS and {KEY_ALIAS}", ""


def _bucket_key(snap: dict[str, Any]) -> Result:
    bucket = _bucket(snap, SECURE_BUCKET)
    if bucket is None:
        return _no_bucket(SECURE_BUCKET)
    rule = _default_encryption(bucket)
    algorithm = text(sub(rule, "ApplyServerSideEncryptionByDefault").get("SSEAlgorithm"))
    if algorithm != "aws:kms":
        return (False, SECURE_BUCKET, f"S3 Bucket Keys apply to SSE-KMS, and {SECURE_BUCKET} does not use SSE-KMS",
                "Set SSE-KMS default encryption with 'BucketKeyEnabled': True in the same rule.")
    if rule.get("BucketKeyEnabled") is not True:
        return (False, SECURE_BUCKET, f"{SECURE_BUCKET}'s SSE-KMS default encryption does not enable the S3 Bucket Key "
                "(every object then costs a KMS request)",
                "Put the encryption rule again with 'BucketKeyEnabled': True.")
    return True, SECURE_BUCKET, f"{SECURE_BUCKET} uses an S3 Bucket Key (fewer KMS requests, lower cost)", ""


def _public_access(snap: dict[str, Any]) -> Result:
    bucket = _bucket(snap, SECURE_BUCKET)
    if bucket is None:
        return _no_bucket(SECURE_BUCKET)
    own, account_wide = sub(bucket, "PublicAccessBlock"), sub(sub(snap, "s3"), "account_public_access_block")
    off = [flag for flag in BPA_FLAGS if own.get(flag) is not True and account_wide.get(flag) is not True]
    if off:
        return (False, SECURE_BUCKET, f"Block Public Access of {SECURE_BUCKET} leaves {', '.join(off)} off",
                f"s3.put_public_access_block(Bucket='{SECURE_BUCKET}', PublicAccessBlockConfiguration="
                "{'BlockPublicAcls': True, 'IgnorePublicAcls': True, 'BlockPublicPolicy': True, "
                "'RestrictPublicBuckets': True})")
    return True, SECURE_BUCKET, f"all four Block Public Access settings are on for {SECURE_BUCKET}", ""


def _versioning(snap: dict[str, Any]) -> Result:
    bucket = _bucket(snap, SECURE_BUCKET)
    if bucket is None:
        return _no_bucket(SECURE_BUCKET)
    status = text(sub(bucket, "Versioning").get("Status"), "Disabled") or "Disabled"
    if status != "Enabled":
        state = "suspended" if status == "Suspended" else "never enabled"
        return (False, SECURE_BUCKET, f"versioning of {SECURE_BUCKET} is {state}",
                f"s3.put_bucket_versioning(Bucket='{SECURE_BUCKET}', VersioningConfiguration={{'Status': 'Enabled'}})")
    return True, SECURE_BUCKET, f"versioning is enabled on {SECURE_BUCKET}", ""


def _tls_rows(bucket: str, account: str, secure: bool) -> list[Request]:
    transport = "over HTTPS" if secure else "over plain HTTP"
    rows = []
    for who, principal in _callers(account):
        for action, resource, what in _targets(bucket):
            rows.append(Request(
                f"{what} {transport} {who}", action, resource,
                NOT_EXPLICITLY_DENIED if secure else EXPLICIT_DENY, principal,
                {"aws:SecureTransport": "true" if secure else "false", "aws:ResourceAccount": account},
            ))
    return rows


def _denies_http_only(statements: list[tuple[str, dict[str, Any]]], http: Request, https: Request) -> bool:
    """Does one statement on its own deny ``http`` but not ``https``?"""
    for _, single in statements:
        if mismatches([http], resource_policy=single) or mismatches([https], resource_policy=single):
            continue
        return True
    return False


def _tls_only(snap: dict[str, Any]) -> Result:
    bucket = _bucket(snap, SECURE_BUCKET)
    if bucket is None:
        return _no_bucket(SECURE_BUCKET)
    hint = ("Add a statement {'Effect': 'Deny', 'Principal': '*', 'Action': 's3:*', 'Resource': "
            f"['arn:aws:s3:::{SECURE_BUCKET}', 'arn:aws:s3:::{SECURE_BUCKET}/*'], 'Condition': "
            "{'Bool': {'aws:SecureTransport': 'false'}}} and put the policy with s3.put_bucket_policy.")
    policy = bucket.get("Policy")
    if policy is None:
        return False, SECURE_BUCKET, f"{SECURE_BUCKET} has no bucket policy, so plain HTTP requests are not refused", hint
    _, account = _meta(snap)
    http, https = _tls_rows(SECURE_BUCKET, account, False), _tls_rows(SECURE_BUCKET, account, True)
    try:
        missed = mismatches(http, resource_policy=policy)
        if missed:
            return False, SECURE_BUCKET, summary(missed), hint
        over = mismatches(https, resource_policy=policy)
        if over:
            statements = split_statements(policy, "bucket policy")
            index = {row.description: i for i, row in enumerate(https)}
            over = [m for m in over
                    if not _denies_http_only(statements, http[index[m.request.description]], m.request)]
    except LabkitError as err:
        return _policy_problem(SECURE_BUCKET, err)
    if over:
        return (False, SECURE_BUCKET, "the deny does not depend on TLS: " + summary(over),
                "Condition the Deny on {'Bool': {'aws:SecureTransport': 'false'}} so that HTTPS requests still work.")
    return (True, SECURE_BUCKET, f"the bucket policy of {SECURE_BUCKET} denies every request over plain HTTP, "
            "on the bucket and its objects, from anyone", "")


def solve_secure_bucket(lab: Lab) -> None:
    """The seed's 보안 모범 사례 for my-secure-bucket, with the TLS-only statement."""
    kms, s3 = lab.client("kms"), lab.client("s3")
    key = kms.create_key(Description="Default encryption of my-secure-bucket")["KeyMetadata"]
    kms.create_alias(AliasName=KEY_ALIAS, TargetKeyId=key["KeyId"])
    s3.put_bucket_encryption(Bucket=SECURE_BUCKET, ServerSideEncryptionConfiguration={"Rules": [{
        "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": KEY_ALIAS},
        "BucketKeyEnabled": True,
    }]})
    s3.put_public_access_block(Bucket=SECURE_BUCKET, PublicAccessBlockConfiguration={f: True for f in BPA_FLAGS})
    s3.put_bucket_versioning(Bucket=SECURE_BUCKET, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_policy(Bucket=SECURE_BUCKET, Policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
            "Resource": [f"arn:aws:s3:::{SECURE_BUCKET}", f"arn:aws:s3:::{SECURE_BUCKET}/*"],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        }],
    }))


register(Task(
    id="s3.secure_bucket",
    topic="s3",
    title="Secure my-secure-bucket",
    text=(
        "Apply the seed's S3 security best practices (S3 보안 모범 사례) to bucket `my-secure-bucket`: default "
        "encryption with SSE-KMS using a customer managed KMS key aliased `alias/my-s3-key`, with the S3 Bucket Key "
        "enabled (fewer KMS requests: 비용 절감); all four Block Public Access settings on; versioning enabled; and a "
        "bucket policy that denies every request made without TLS (`aws:SecureTransport` false) on the bucket and "
        "on its objects."
    ),
    starter="buckets",
    solution=solve_secure_bucket,
    services=("s3", "kms"),
    checks=(
        Check("S3.17", 3, "SSE-KMS with alias/my-s3-key", _sse_kms, S3_DOC + "UsingKMSEncryption.html"),
        Check("s3.bucket_key", 1, "S3 Bucket Key enabled", _bucket_key, S3_DOC + "bucket-key.html"),
        Check("S3.8", 2, "Block Public Access, all four settings", _public_access,
              S3_DOC + "access-control-block-public-access.html"),
        Check("S3.14", 2, "versioning enabled", _versioning, S3_DOC + "Versioning.html"),
        Check("S3.5", 3, "requests must use TLS", _tls_only, FSBP + "#s3-5"),
    ),
))


# -- s3.vpce_only -----------------------------------------------------------------
OTHER_ENDPOINT = "vpce-0a0a0a0a0a0a0a0a0"
MAIN_MISSING: Result = (
    False, "vpc main", "there is no VPC tagged Name=main",
    "Start from scenario 'network-and-buckets' (labkit.start('network-and-buckets')).",
)


def _private_tables(snap: dict[str, Any], vpc: dict[str, Any]) -> tuple[dict[str, list[str]], list[str]]:
    """(route table id -> CIDRs of the app/db subnets it serves, app/db CIDRs missing)."""
    by_cidr = {s.get("CidrBlock"): s for s in net.subnets_of(snap, text(vpc.get("VpcId")))}
    tables: dict[str, list[str]] = {}
    missing = []
    for tier in ("app", "db"):
        for cidr in THREE_TIER_SUBNETS[tier]:
            subnet = by_cidr.get(cidr)
            if subnet is None:
                missing.append(cidr)
                continue
            table = net.route_table_for(snap, subnet) or {}
            tables.setdefault(text(table.get("RouteTableId"), "?"), []).append(cidr)
    return tables, missing


def _s3_endpoints(snap: dict[str, Any], vpc: dict[str, Any]) -> list[dict[str, Any]]:
    """Live S3 gateway endpoints of ``vpc``, the one on most private route tables first."""
    region, _ = _meta(snap)
    private, _ = _private_tables(snap, vpc)
    found = [
        e for e in net.items(snap, "vpc_endpoints")
        if e.get("VpcId") == vpc.get("VpcId") and e.get("ServiceName") == f"com.amazonaws.{region}.s3"
        and text(e.get("VpcEndpointType"), "Gateway") == "Gateway"
        and text(e.get("State")).lower() not in (*GONE_STATES, "rejected", "expired")
    ]

    def rank(e: dict[str, Any]) -> tuple[int, str]:
        return -len(set(private) & {text(t) for t in listed(e, "RouteTableIds")}), text(e.get("VpcEndpointId"))

    return sorted(found, key=rank)


def _gateway(snap: dict[str, Any]) -> Result:
    vpc = net.vpc_named(snap, "main")
    if vpc is None:
        return MAIN_MISSING
    private, missing = _private_tables(snap, vpc)
    if missing:
        return (False, "vpc main", f"app/db subnet(s) {', '.join(missing)} of main are missing",
                "Start from scenario 'network-and-buckets', which builds the three-tier network.")
    endpoints = _s3_endpoints(snap, vpc)
    region, _ = _meta(snap)
    if not endpoints:
        return (False, text(vpc.get("VpcId"), "vpc main"), "VPC main has no S3 gateway endpoint",
                f"ec2.create_vpc_endpoint(VpcId=<main's id>, ServiceName='com.amazonaws.{region}.s3', "
                "VpcEndpointType='Gateway', RouteTableIds=[<app route table>, <db route table>])")
    endpoint = endpoints[0]
    eid = text(endpoint.get("VpcEndpointId"), "?")
    on = {text(t) for t in listed(endpoint, "RouteTableIds")}
    absent = [f"{rt} ({', '.join(cidrs)})" for rt, cidrs in sorted(private.items()) if rt not in on]
    if absent:
        return (False, eid, f"S3 gateway endpoint {eid} is not on the route table(s) of the private subnets: "
                + "; ".join(absent) + ", so S3 traffic from those subnets does not use the endpoint",
                f"ec2.modify_vpc_endpoint(VpcEndpointId='{eid}', AddRouteTableIds=[...those route tables...])")
    return True, eid, f"S3 gateway endpoint {eid} serves the route tables of every app and db subnet of main", ""


def _vpce_rows(bucket: str, account: str, endpoint: str, vpc_id: str) -> tuple[list[Request], list[Request]]:
    """(requests from outside that must be explicitly denied, requests via ``endpoint`` that must not be)."""
    other = OTHER_ENDPOINT if endpoint != OTHER_ENDPOINT else "vpce-0b0b0b0b0b0b0b0b0"
    base = {"aws:SecureTransport": "true", "aws:ResourceAccount": account}
    outside = [
        ("sent from the internet (no VPC endpoint)", {**base, "aws:SourceIp": "203.0.113.10"}),
        (f"sent through another VPC endpoint of main ({other})",
         {**base, "aws:SourceVpce": other, "aws:SourceVpc": vpc_id, "aws:VpcSourceIp": "10.0.10.25"}),
    ]
    inside = {**base, "aws:SourceVpce": endpoint, "aws:SourceVpc": vpc_id, "aws:VpcSourceIp": "10.0.10.25"}
    callers = _callers(account)[:2]
    denied, allowed = [], []
    for who, principal in callers:
        for action, resource, what in _targets(bucket):
            for where, context in outside:
                denied.append(Request(f"{what} {who}, {where}", action, resource, EXPLICIT_DENY, principal, context))
            allowed.append(Request(f"{what} {who}, sent through {endpoint}", action, resource, NOT_EXPLICITLY_DENIED,
                                   principal, inside))
    return denied, allowed


def _vpce_policy_check(part: int) -> Any:
    def run(snap: dict[str, Any]) -> Result:
        vpc = net.vpc_named(snap, "main")
        if vpc is None:
            return MAIN_MISSING
        bucket = _bucket(snap, SECURE_BUCKET)
        if bucket is None:
            return _no_bucket(SECURE_BUCKET)
        endpoints = _s3_endpoints(snap, vpc)
        if not endpoints:
            return (False, SECURE_BUCKET, "VPC main has no S3 gateway endpoint yet, so there is no endpoint for the "
                    "bucket policy to admit", "Create the gateway endpoint first, then name its id in the policy.")
        eid = text(endpoints[0].get("VpcEndpointId"), "?")
        hint = ("Deny everything that does not come through the endpoint: {'Effect': 'Deny', 'Principal': '*', "
                f"'Action': 's3:*', 'Resource': ['arn:aws:s3:::{SECURE_BUCKET}', 'arn:aws:s3:::{SECURE_BUCKET}/*'], "
                f"'Condition': {{'StringNotEquals': {{'aws:SourceVpce': '{eid}'}}}}}}")
        policy = bucket.get("Policy")
        if policy is None:
            return False, SECURE_BUCKET, f"{SECURE_BUCKET} has no bucket policy", hint
        _, account = _meta(snap)
        denied, allowed = _vpce_rows(SECURE_BUCKET, account, eid, text(vpc.get("VpcId")))
        try:
            missed = mismatches(denied if part == 0 else allowed, resource_policy=policy)
        except LabkitError as err:
            return _policy_problem(SECURE_BUCKET, err)
        if missed and part == 0:
            return False, SECURE_BUCKET, summary(missed), hint
        if missed:
            return (False, SECURE_BUCKET, summary(missed),
                    f"The condition must name this endpoint's id, {eid}: StringNotEquals aws:SourceVpce {eid}.")
        if part == 0:
            return (True, SECURE_BUCKET, f"every request to {SECURE_BUCKET} that does not come through {eid} is "
                    "explicitly denied", "")
        return True, SECURE_BUCKET, f"requests through {eid} are not denied by the bucket policy", ""

    return run


def solve_vpce_only(lab: Lab) -> None:
    """Gateway endpoint on the app and db route tables; the seed's RestrictToVPCEndpoint policy with its id."""
    ec2 = lab.client("ec2")
    vpc_id = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["main"]}])["Vpcs"][0]["VpcId"]
    tables = ec2.describe_route_tables(Filters=[{"Name": "tag:Name", "Values": ["app-rt", "db-rt"]}])["RouteTables"]
    endpoint = ec2.create_vpc_endpoint(
        VpcId=vpc_id, ServiceName=f"com.amazonaws.{lab.region}.s3", VpcEndpointType="Gateway",
        RouteTableIds=sorted(t["RouteTableId"] for t in tables),
        TagSpecifications=[{"ResourceType": "vpc-endpoint", "Tags": [{"Key": "Name", "Value": "s3-gateway-endpoint"}]}],
    )["VpcEndpoint"]["VpcEndpointId"]
    lab.client("s3").put_bucket_policy(Bucket=SECURE_BUCKET, Policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "RestrictToVPCEndpoint", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
            "Resource": [f"arn:aws:s3:::{SECURE_BUCKET}", f"arn:aws:s3:::{SECURE_BUCKET}/*"],
            "Condition": {"StringNotEquals": {"aws:sourceVpce": endpoint}},
        }],
    }))


register(Task(
    id="s3.vpce_only",
    topic="s3",
    title="my-secure-bucket only through the VPC endpoint",
    text=(
        "Give VPC `main` an S3 gateway endpoint (게이트웨이 엔드포인트: free, added to route tables, traffic stays on "
        "the AWS network) on the route tables of its private subnets (the app and db tiers). Then give "
        "`my-secure-bucket` the seed's bucket policy that denies every S3 action on the bucket and on its objects "
        "unless the request comes through that endpoint (`aws:sourceVpce` is the endpoint's id)."
    ),
    starter="network-and-buckets",
    solution=solve_vpce_only,
    services=("ec2", "s3"),
    checks=(
        Check("vpce.s3_gateway", 3, "S3 gateway endpoint on the private route tables", _gateway,
              "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html"),
        Check("s3.vpce_deny", 3, "requests from outside the endpoint denied", _vpce_policy_check(0),
              S3_DOC + "example-bucket-policies-vpc-endpoint.html"),
        Check("s3.vpce_allow", 2, "requests through the endpoint not denied", _vpce_policy_check(1),
              S3_DOC + "example-bucket-policies-vpc-endpoint.html"),
    ),
))


# -- s3.logs_lifecycle --------------------------------------------------------------
def _scope(rule: dict[str, Any]) -> tuple[str, str]:
    """(prefix, what else narrows the rule) of a lifecycle rule, in any of its forms."""
    filt = rule.get("Filter")
    if isinstance(filt, dict):
        narrow = filt.get("And") if isinstance(filt.get("And"), dict) else filt
        extra = []
        if narrow.get("Tag") or narrow.get("Tags"):
            extra.append("tags")
        if narrow.get("ObjectSizeGreaterThan") is not None or narrow.get("ObjectSizeLessThan") is not None:
            extra.append("object size")
        return text(narrow.get("Prefix")), " and ".join(extra)
    return text(rule.get("Prefix")), ""


def _describe_rule(rule: dict[str, Any]) -> str:
    prefix, extra = _scope(rule)
    scope = f"prefix {prefix!r}" if prefix else "the whole bucket"
    rid = text(rule.get("ID"))
    return f"rule {rid!r} ({scope}{', only objects with matching ' + extra if extra else ''})" if rid else \
        f"a rule on {scope}"


def _log_rules(snap: dict[str, Any]) -> tuple[dict[str, Any] | None, list[dict[str, Any]], list[dict[str, Any]]]:
    """(bucket, every rule, the rules the transition checks judge).

    Judged: the enabled rules on exactly ``logs/``; else any rule on ``logs/``;
    else every rule (a rule on the wrong prefix is the rule check's problem).
    """
    bucket = _bucket(snap, LOG_BUCKET)
    rules = dicts(bucket or {}, "LifecycleRules")
    on_prefix = [r for r in rules if _scope(r) == (LOG_PREFIX, "")]
    enabled = [r for r in on_prefix if r.get("Status") == "Enabled"]
    return bucket, rules, enabled or on_prefix or rules


def _lifecycle_hint() -> str:
    return (f"s3.put_bucket_lifecycle_configuration(Bucket='{LOG_BUCKET}', LifecycleConfiguration={{'Rules': [{{"
            "'ID': 'MoveToGlacierAfter90Days', 'Status': 'Enabled', 'Filter': {'Prefix': 'logs/'}, 'Transitions': "
            "[{'Days': 30, 'StorageClass': 'STANDARD_IA'}, {'Days': 90, 'StorageClass': 'GLACIER'}], "
            "'Expiration': {'Days': 365}}]}})")


def _lifecycle_rule(snap: dict[str, Any]) -> Result:
    bucket, rules, _ = _log_rules(snap)
    if bucket is None:
        return _no_bucket(LOG_BUCKET)
    if not rules:
        return False, LOG_BUCKET, f"{LOG_BUCKET} has no lifecycle configuration", _lifecycle_hint()
    on_prefix = [r for r in rules if _scope(r) == (LOG_PREFIX, "")]
    if not on_prefix:
        found = "; ".join(_describe_rule(r) for r in rules)
        return (False, LOG_BUCKET, f"no lifecycle rule of {LOG_BUCKET} applies to every object under {LOG_PREFIX!r} "
                f"(found {found})", "Scope the rule with 'Filter': {'Prefix': 'logs/'} (the trailing slash matters).")
    if not any(r.get("Status") == "Enabled" for r in on_prefix):
        return (False, LOG_BUCKET, f"the lifecycle {_describe_rule(on_prefix[0])} of {LOG_BUCKET} is "
                f"{text(on_prefix[0].get('Status'), 'not enabled')}",
                "Put the configuration again with 'Status': 'Enabled' on that rule.")
    return True, LOG_BUCKET, f"{LOG_BUCKET} has an enabled lifecycle rule on {LOG_PREFIX!r}", ""


def _transition(storage_class: str, days: int) -> Any:
    def run(snap: dict[str, Any]) -> Result:
        bucket, rules, judged = _log_rules(snap)
        if bucket is None:
            return _no_bucket(LOG_BUCKET)
        if not rules:
            return False, LOG_BUCKET, f"{LOG_BUCKET} has no lifecycle configuration", _lifecycle_hint()
        found = sorted(d for r in judged for t in dicts(r, "Transitions")
                       if t.get("StorageClass") == storage_class and (d := num(t.get("Days"))) is not None)
        if not found:
            classes = sorted({text(t.get("StorageClass"), "?") for r in judged for t in dicts(r, "Transitions")})
            seen = f" (it moves objects to {', '.join(classes)})" if classes else ""
            return (False, LOG_BUCKET, f"the lifecycle of {LOG_BUCKET} never moves {LOG_PREFIX} objects to "
                    f"{storage_class}{seen}",
                    f"Add {{'Days': {days}, 'StorageClass': '{storage_class}'}} to the rule's Transitions.")
        if found[0] != days:
            return (False, LOG_BUCKET, f"the lifecycle of {LOG_BUCKET} moves {LOG_PREFIX} objects to {storage_class} "
                    f"after {found[0]} days; the seed's plan says {days}",
                    f"Use {{'Days': {days}, 'StorageClass': '{storage_class}'}} in the rule's Transitions.")
        return True, LOG_BUCKET, f"{LOG_PREFIX} objects move to {storage_class} after {days} days", ""

    return run


def _expiration(snap: dict[str, Any]) -> Result:
    bucket, rules, judged = _log_rules(snap)
    if bucket is None:
        return _no_bucket(LOG_BUCKET)
    if not rules:
        return False, LOG_BUCKET, f"{LOG_BUCKET} has no lifecycle configuration", _lifecycle_hint()
    found = sorted(d for r in judged if (d := num(sub(r, "Expiration").get("Days"))) is not None)
    hint = f"Give the rule 'Expiration': {{'Days': {EXPIRY_DAYS}}}."
    if not found:
        return False, LOG_BUCKET, f"the lifecycle of {LOG_BUCKET} never expires {LOG_PREFIX} objects", hint
    if found[0] != EXPIRY_DAYS:
        return (False, LOG_BUCKET, f"the lifecycle of {LOG_BUCKET} expires {LOG_PREFIX} objects after {found[0]} days; "
                f"the seed's plan keeps them {EXPIRY_DAYS}", hint)
    return True, LOG_BUCKET, f"{LOG_PREFIX} objects expire after {EXPIRY_DAYS} days", ""


def solve_logs_lifecycle(lab: Lab) -> None:
    """The seed's lifecycle example (MoveToGlacierAfter90Days), verbatim numbers."""
    lab.client("s3").put_bucket_lifecycle_configuration(Bucket=LOG_BUCKET, LifecycleConfiguration={"Rules": [{
        "ID": "MoveToGlacierAfter90Days", "Status": "Enabled", "Filter": {"Prefix": LOG_PREFIX},
        "Transitions": [{"Days": d, "StorageClass": c} for c, d in TRANSITIONS],
        "Expiration": {"Days": EXPIRY_DAYS},
    }]})


register(Task(
    id="s3.logs_lifecycle",
    topic="s3",
    title="A lifecycle for the logs in my-log-bucket",
    text=(
        "Give bucket `my-log-bucket` the seed's lifecycle policy (수명 주기 정책): one enabled rule on the prefix "
        "`logs/` that moves objects to S3 Standard-IA (`STANDARD_IA`, minimum storage 30 days) after 30 days, to "
        "S3 Glacier Flexible Retrieval (`GLACIER`, minimum storage 90 days) after 90 days, and deletes them "
        "(expiration) after 365 days."
    ),
    starter="buckets",
    solution=solve_logs_lifecycle,
    services=("s3",),
    checks=(
        Check("S3.13", 2, "an enabled lifecycle rule on logs/", _lifecycle_rule, S3_DOC + "object-lifecycle-mgmt.html"),
        Check("lifecycle.standard_ia", 2, "STANDARD_IA after 30 days", _transition("STANDARD_IA", 30),
              S3_DOC + "lifecycle-transition-general-considerations.html"),
        Check("lifecycle.glacier", 2, "GLACIER after 90 days", _transition("GLACIER", 90),
              S3_DOC + "lifecycle-transition-general-considerations.html"),
        Check("lifecycle.expiration", 2, "expire after 365 days", _expiration,
              S3_DOC + "lifecycle-expire-general-considerations.html"),
    ),
))
