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
from ..i18n import and_, join, msg
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
    return (False, name, msg("there is no bucket named {name}", name=name),
            msg("s3.create_bucket(Bucket='{name}', CreateBucketConfiguration={{'LocationConstraint': "
                "'ap-northeast-2'}})", name=name))


def _policy_problem(name: str, err: LabkitError) -> Result:
    return (False, name, msg("the bucket policy of {name} cannot be evaluated: {error}", name=name, error=str(err)),
            msg("Fix the document and put it again with s3.put_bucket_policy(Bucket=..., "
                "Policy=json.dumps(policy))."))


def _callers(account: str) -> list[tuple[str, str | None]]:
    return [
        (msg("from this account"), f"arn:aws:iam::{account}:user/alice"),
        (msg("from another account"), f"arn:aws:iam::{OTHER_ACCOUNT}:user/mallory"),
        (msg("from an anonymous caller"), None),
    ]


def _targets(bucket: str) -> list[tuple[str, str, str]]:
    """(action, resource ARN, how the message names it): object and bucket actions."""
    obj, arn = f"arn:aws:s3:::{bucket}/reports/2024/q1.csv", f"arn:aws:s3:::{bucket}"
    objects = [(a, obj, msg("{action} on {target}", action=a.split(':')[1], target=f"{bucket}/*"))
               for a in ("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:GetObjectVersion")]
    buckets = [(a, arn, msg("{action} on {target}", action=a.split(':')[1], target=bucket))
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
    hint = msg("s3.put_bucket_encryption(Bucket='{bucket}', ServerSideEncryptionConfiguration={{'Rules': "
               "[{{'ApplyServerSideEncryptionByDefault': {{'SSEAlgorithm': 'aws:kms', 'KMSMasterKeyID': "
               "'{alias}'}}, 'BucketKeyEnabled': True}}]}})", bucket=SECURE_BUCKET, alias=KEY_ALIAS)
    rule = _default_encryption(bucket)
    default = sub(rule, "ApplyServerSideEncryptionByDefault")
    algorithm = text(default.get("SSEAlgorithm"))
    if not algorithm:
        return False, SECURE_BUCKET, msg("{bucket} has no default encryption", bucket=SECURE_BUCKET), hint
    if algorithm != "aws:kms":
        kind = {"AES256": msg("SSE-S3 (AES256, keys managed by S3)"), "aws:kms:dsse": msg("DSSE-KMS (dual-layer)")}
        return (False, SECURE_BUCKET, msg("{bucket} encrypts by default with {kind}, not SSE-KMS with {alias}",
                                          bucket=SECURE_BUCKET, kind=kind.get(algorithm, algorithm), alias=KEY_ALIAS),
                hint)
    region, account = _meta(snap)
    kms = sub(snap, "kms")
    wanted = resolve_key(kms, KEY_ALIAS, region, account)
    if wanted is None:
        return (False, SECURE_BUCKET, msg("there is no KMS key aliased {alias}", alias=KEY_ALIAS),
                msg("key = kms.create_key(Description='S3 default encryption'); kms.create_alias(AliasName='{alias}', "
                    "TargetKeyId=key['KeyMetadata']['KeyId'])", alias=KEY_ALIAS))
    reference = text(default.get("KMSMasterKeyID"))
    if not reference:
        return (False, SECURE_BUCKET, msg("{bucket} uses SSE-KMS with the AWS managed key aws/s3, not {alias}",
                                          bucket=SECURE_BUCKET, alias=KEY_ALIAS), hint)
    used = resolve_key(kms, reference, region, account)
    if used is None:
        return (False, SECURE_BUCKET, msg("{bucket}'s KMSMasterKeyID {reference!r} names no KMS key of this "
                                          "account in {region}", bucket=SECURE_BUCKET, reference=reference,
                                          region=region), hint)
    if used.get("KeyId") != wanted.get("KeyId"):
        return (False, SECURE_BUCKET, msg("{bucket} encrypts with key {used}, not the key aliased {alias} ({wanted})",
                                          bucket=SECURE_BUCKET, used=text(used.get("KeyId"), "?"), alias=KEY_ALIAS,
                                          wanted=text(wanted.get("KeyId"), "?")), hint)
    state = text(wanted.get("KeyState"), "?")
    if state != "Enabled":
        return (False, SECURE_BUCKET, msg("the key aliased {alias} is {state}: S3 cannot encrypt new objects with it",
                                          alias=KEY_ALIAS, state=state),
                msg("kms.enable_key(KeyId=...) (or kms.cancel_key_deletion(KeyId=...) first if it is pending "
                    "deletion)"))
    return (True, SECURE_BUCKET, msg("{bucket} encrypts by default with SSE-KMS and {alias}", bucket=SECURE_BUCKET,
                                     alias=KEY_ALIAS), "")


def _bucket_key(snap: dict[str, Any]) -> Result:
    bucket = _bucket(snap, SECURE_BUCKET)
    if bucket is None:
        return _no_bucket(SECURE_BUCKET)
    rule = _default_encryption(bucket)
    algorithm = text(sub(rule, "ApplyServerSideEncryptionByDefault").get("SSEAlgorithm"))
    if algorithm != "aws:kms":
        return (False, SECURE_BUCKET, msg("S3 Bucket Keys apply to SSE-KMS, and {bucket} does not use SSE-KMS",
                                          bucket=SECURE_BUCKET),
                msg("Set SSE-KMS default encryption with 'BucketKeyEnabled': True in the same rule."))
    if rule.get("BucketKeyEnabled") is not True:
        return (False, SECURE_BUCKET, msg("{bucket}'s SSE-KMS default encryption does not enable the S3 Bucket Key "
                                          "(every object then costs a KMS request)", bucket=SECURE_BUCKET),
                msg("Put the encryption rule again with 'BucketKeyEnabled': True."))
    return (True, SECURE_BUCKET, msg("{bucket} uses an S3 Bucket Key (fewer KMS requests, lower cost)",
                                     bucket=SECURE_BUCKET), "")


def _public_access(snap: dict[str, Any]) -> Result:
    bucket = _bucket(snap, SECURE_BUCKET)
    if bucket is None:
        return _no_bucket(SECURE_BUCKET)
    own, account_wide = sub(bucket, "PublicAccessBlock"), sub(sub(snap, "s3"), "account_public_access_block")
    off = [flag for flag in BPA_FLAGS if own.get(flag) is not True and account_wide.get(flag) is not True]
    if off:
        return (False, SECURE_BUCKET, msg("Block Public Access of {bucket} leaves {settings} off",
                                          bucket=SECURE_BUCKET, settings=", ".join(off)),
                msg("s3.put_public_access_block(Bucket='{bucket}', PublicAccessBlockConfiguration="
                    "{{'BlockPublicAcls': True, 'IgnorePublicAcls': True, 'BlockPublicPolicy': True, "
                    "'RestrictPublicBuckets': True}})", bucket=SECURE_BUCKET))
    return (True, SECURE_BUCKET, msg("all four Block Public Access settings are on for {bucket}",
                                     bucket=SECURE_BUCKET), "")


def _versioning(snap: dict[str, Any]) -> Result:
    bucket = _bucket(snap, SECURE_BUCKET)
    if bucket is None:
        return _no_bucket(SECURE_BUCKET)
    status = text(sub(bucket, "Versioning").get("Status"), "Disabled") or "Disabled"
    if status != "Enabled":
        message = (msg("versioning of {bucket} is suspended", bucket=SECURE_BUCKET) if status == "Suspended"
                   else msg("versioning of {bucket} is never enabled", bucket=SECURE_BUCKET))
        return (False, SECURE_BUCKET, message,
                msg("s3.put_bucket_versioning(Bucket='{bucket}', VersioningConfiguration={{'Status': 'Enabled'}})",
                    bucket=SECURE_BUCKET))
    return True, SECURE_BUCKET, msg("versioning is enabled on {bucket}", bucket=SECURE_BUCKET), ""


def _tls_rows(bucket: str, account: str, secure: bool) -> list[Request]:
    rows = []
    for who, principal in _callers(account):
        for action, resource, what in _targets(bucket):
            rows.append(Request(
                msg("{what} over HTTPS {who}", what=what, who=who) if secure
                else msg("{what} over plain HTTP {who}", what=what, who=who), action, resource,
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
    hint = msg("Add a statement {{'Effect': 'Deny', 'Principal': '*', 'Action': 's3:*', 'Resource': "
               "['arn:aws:s3:::{bucket}', 'arn:aws:s3:::{bucket}/*'], 'Condition': "
               "{{'Bool': {{'aws:SecureTransport': 'false'}}}}}} and put the policy with s3.put_bucket_policy.",
               bucket=SECURE_BUCKET)
    policy = bucket.get("Policy")
    if policy is None:
        return (False, SECURE_BUCKET, msg("{bucket} has no bucket policy, so plain HTTP requests are not refused",
                                          bucket=SECURE_BUCKET), hint)
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
        return (False, SECURE_BUCKET, msg("the deny does not depend on TLS: {requests}", requests=summary(over)),
                msg("Condition the Deny on {{'Bool': {{'aws:SecureTransport': 'false'}}}} so that HTTPS requests "
                    "still work."))
    return (True, SECURE_BUCKET, msg("the bucket policy of {bucket} denies every request over plain HTTP, "
                                     "on the bucket and its objects, from anyone", bucket=SECURE_BUCKET), "")


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
        Check("S3.17", 3, msg("SSE-KMS with alias/my-s3-key"), _sse_kms, S3_DOC + "UsingKMSEncryption.html"),
        Check("s3.bucket_key", 1, msg("S3 Bucket Key enabled"), _bucket_key, S3_DOC + "bucket-key.html"),
        Check("S3.8", 2, msg("Block Public Access, all four settings"), _public_access,
              S3_DOC + "access-control-block-public-access.html"),
        Check("S3.14", 2, msg("versioning enabled"), _versioning, S3_DOC + "Versioning.html"),
        Check("S3.5", 3, msg("requests must use TLS"), _tls_only, FSBP + "#s3-5"),
    ),
))


# -- s3.vpce_only -----------------------------------------------------------------
OTHER_ENDPOINT = "vpce-0a0a0a0a0a0a0a0a0"
MAIN_MISSING: Result = (
    False, "vpc main", msg("there is no VPC tagged Name=main"),
    msg("Start from scenario 'network-and-buckets' (labkit.start('network-and-buckets'))."),
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
        return (False, "vpc main", msg("app/db subnet(s) {cidrs} of main are missing", cidrs=", ".join(missing)),
                msg("Start from scenario 'network-and-buckets', which builds the three-tier network."))
    endpoints = _s3_endpoints(snap, vpc)
    region, _ = _meta(snap)
    if not endpoints:
        return (False, text(vpc.get("VpcId"), "vpc main"), msg("VPC main has no S3 gateway endpoint"),
                msg("ec2.create_vpc_endpoint(VpcId=<main's id>, ServiceName='com.amazonaws.{region}.s3', "
                    "VpcEndpointType='Gateway', RouteTableIds=[<app route table>, <db route table>])", region=region))
    endpoint = endpoints[0]
    eid = text(endpoint.get("VpcEndpointId"), "?")
    on = {text(t) for t in listed(endpoint, "RouteTableIds")}
    absent = [f"{rt} ({', '.join(cidrs)})" for rt, cidrs in sorted(private.items()) if rt not in on]
    if absent:
        return (False, eid, msg("S3 gateway endpoint {endpoint} is not on the route table(s) of the private subnets: "
                                "{tables}, so S3 traffic from those subnets does not use the endpoint",
                                endpoint=eid, tables="; ".join(absent)),
                msg("ec2.modify_vpc_endpoint(VpcEndpointId='{endpoint}', AddRouteTableIds=[...those route tables...])",
                    endpoint=eid))
    return (True, eid, msg("S3 gateway endpoint {endpoint} serves the route tables of every app and db subnet of main",
                           endpoint=eid), "")


def _vpce_rows(bucket: str, account: str, endpoint: str, vpc_id: str) -> tuple[list[Request], list[Request]]:
    """(requests from outside that must be explicitly denied, requests via ``endpoint`` that must not be)."""
    other = OTHER_ENDPOINT if endpoint != OTHER_ENDPOINT else "vpce-0b0b0b0b0b0b0b0b0"
    base = {"aws:SecureTransport": "true", "aws:ResourceAccount": account}
    internet = {**base, "aws:SourceIp": "203.0.113.10"}
    elsewhere = {**base, "aws:SourceVpce": other, "aws:SourceVpc": vpc_id, "aws:VpcSourceIp": "10.0.10.25"}
    inside = {**base, "aws:SourceVpce": endpoint, "aws:SourceVpc": vpc_id, "aws:VpcSourceIp": "10.0.10.25"}
    callers = _callers(account)[:2]
    denied, allowed = [], []
    for who, principal in callers:
        for action, resource, what in _targets(bucket):
            denied.append(Request(msg("{what} {who}, sent from the internet (no VPC endpoint)", what=what, who=who),
                                  action, resource, EXPLICIT_DENY, principal, internet))
            denied.append(Request(msg("{what} {who}, sent through another VPC endpoint of main ({endpoint})",
                                      what=what, who=who, endpoint=other),
                                  action, resource, EXPLICIT_DENY, principal, elsewhere))
            allowed.append(Request(msg("{what} {who}, sent through {endpoint}", what=what, who=who, endpoint=endpoint),
                                   action, resource, NOT_EXPLICITLY_DENIED, principal, inside))
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
            return (False, SECURE_BUCKET, msg("VPC main has no S3 gateway endpoint yet, so there is no endpoint for "
                                              "the bucket policy to admit"),
                    msg("Create the gateway endpoint first, then name its id in the policy."))
        eid = text(endpoints[0].get("VpcEndpointId"), "?")
        hint = msg("Deny everything that does not come through the endpoint: {{'Effect': 'Deny', 'Principal': '*', "
                   "'Action': 's3:*', 'Resource': ['arn:aws:s3:::{bucket}', 'arn:aws:s3:::{bucket}/*'], "
                   "'Condition': {{'StringNotEquals': {{'aws:SourceVpce': '{endpoint}'}}}}}}",
                   bucket=SECURE_BUCKET, endpoint=eid)
        policy = bucket.get("Policy")
        if policy is None:
            return False, SECURE_BUCKET, msg("{bucket} has no bucket policy", bucket=SECURE_BUCKET), hint
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
                    msg("The condition must name this endpoint's id, {endpoint}: StringNotEquals aws:SourceVpce "
                        "{endpoint}.", endpoint=eid))
        if part == 0:
            return (True, SECURE_BUCKET, msg("every request to {bucket} that does not come through {endpoint} is "
                                             "explicitly denied", bucket=SECURE_BUCKET, endpoint=eid), "")
        return (True, SECURE_BUCKET, msg("requests through {endpoint} are not denied by the bucket policy",
                                         endpoint=eid), "")

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
        Check("vpce.s3_gateway", 3, msg("S3 gateway endpoint on the private route tables"), _gateway,
              "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html"),
        Check("s3.vpce_deny", 3, msg("requests from outside the endpoint denied"), _vpce_policy_check(0),
              S3_DOC + "example-bucket-policies-vpc-endpoint.html"),
        Check("s3.vpce_allow", 2, msg("requests through the endpoint not denied"), _vpce_policy_check(1),
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
            extra.append(msg("tags"))
        if narrow.get("ObjectSizeGreaterThan") is not None or narrow.get("ObjectSizeLessThan") is not None:
            extra.append(msg("object size"))
        return text(narrow.get("Prefix")), and_(extra)
    return text(rule.get("Prefix")), ""


def _describe_rule(rule: dict[str, Any]) -> str:
    prefix, extra = _scope(rule)
    scope = msg("prefix {prefix!r}", prefix=prefix) if prefix else msg("the whole bucket")
    rid = text(rule.get("ID"))
    if not rid:
        return msg("a rule on {scope}", scope=scope)
    if extra:
        return msg("rule {rule!r} ({scope}, only objects with matching {extra})", rule=rid, scope=scope, extra=extra)
    return msg("rule {rule!r} ({scope})", rule=rid, scope=scope)


def _series(parts: list[Any]) -> Any:
    """``parts`` joined by "; ", each rendered in the finding's language."""
    return join("; ", parts)


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


def _days(count: float) -> Any:
    """"1 day", "60 days"."""
    return msg("1 day") if count == 1 else msg("{count:g} days", count=count)


def _lifecycle_hint() -> str:
    return msg("s3.put_bucket_lifecycle_configuration(Bucket='{bucket}', LifecycleConfiguration={{'Rules': [{{"
               "'ID': 'MoveToGlacierAfter90Days', 'Status': 'Enabled', 'Filter': {{'Prefix': 'logs/'}}, 'Transitions': "
               "[{{'Days': 30, 'StorageClass': 'STANDARD_IA'}}, {{'Days': 90, 'StorageClass': 'GLACIER'}}], "
               "'Expiration': {{'Days': 365}}}}]}})", bucket=LOG_BUCKET)


def _lifecycle_rule(snap: dict[str, Any]) -> Result:
    bucket, rules, _ = _log_rules(snap)
    if bucket is None:
        return _no_bucket(LOG_BUCKET)
    if not rules:
        return False, LOG_BUCKET, msg("{bucket} has no lifecycle configuration", bucket=LOG_BUCKET), _lifecycle_hint()
    on_prefix = [r for r in rules if _scope(r) == (LOG_PREFIX, "")]
    if not on_prefix:
        found = _series([_describe_rule(r) for r in rules])
        return (False, LOG_BUCKET, msg("no lifecycle rule of {bucket} applies to every object under {prefix!r} "
                                       "(found {found})", bucket=LOG_BUCKET, prefix=LOG_PREFIX, found=found),
                msg("Scope the rule with 'Filter': {{'Prefix': 'logs/'}} (the trailing slash matters)."))
    if not any(r.get("Status") == "Enabled" for r in on_prefix):
        status = on_prefix[0].get("Status")
        rule = _describe_rule(on_prefix[0])
        message = (msg("the lifecycle {rule} of {bucket} is {status}", rule=rule, bucket=LOG_BUCKET,
                       status=text(status)) if isinstance(status, (str, int, float))  # as text() shows it
                   else msg("the lifecycle {rule} of {bucket} is not enabled", rule=rule, bucket=LOG_BUCKET))
        return (False, LOG_BUCKET, message, msg("Put the configuration again with 'Status': 'Enabled' on that rule."))
    return (True, LOG_BUCKET, msg("{bucket} has an enabled lifecycle rule on {prefix!r}", bucket=LOG_BUCKET,
                                  prefix=LOG_PREFIX), "")


def _transition(storage_class: str, days: int) -> Any:
    def run(snap: dict[str, Any]) -> Result:
        bucket, rules, judged = _log_rules(snap)
        if bucket is None:
            return _no_bucket(LOG_BUCKET)
        if not rules:
            return (False, LOG_BUCKET, msg("{bucket} has no lifecycle configuration", bucket=LOG_BUCKET),
                    _lifecycle_hint())
        found = sorted(d for r in judged for t in dicts(r, "Transitions")
                       if t.get("StorageClass") == storage_class and (d := num(t.get("Days"))) is not None)
        if not found:
            classes = sorted({text(t.get("StorageClass"), "?") for r in judged for t in dicts(r, "Transitions")})
            message = (msg("the lifecycle of {bucket} never moves {prefix} objects to {storage_class} (it moves "
                           "objects to {classes})", bucket=LOG_BUCKET, prefix=LOG_PREFIX, storage_class=storage_class,
                           classes=", ".join(classes)) if classes
                       else msg("the lifecycle of {bucket} never moves {prefix} objects to {storage_class}",
                                bucket=LOG_BUCKET, prefix=LOG_PREFIX, storage_class=storage_class))
            return (False, LOG_BUCKET, message,
                    msg("Add {{'Days': {days}, 'StorageClass': '{storage_class}'}} to the rule's Transitions.",
                        days=days, storage_class=storage_class))
        if found[0] != days:
            return (False, LOG_BUCKET, msg("the lifecycle of {bucket} moves {prefix} objects to {storage_class} "
                                           "after {found}; the seed's plan says {days}", bucket=LOG_BUCKET,
                                           prefix=LOG_PREFIX, storage_class=storage_class, found=_days(found[0]),
                                           days=days),
                    msg("Use {{'Days': {days}, 'StorageClass': '{storage_class}'}} in the rule's Transitions.",
                        days=days, storage_class=storage_class))
        return (True, LOG_BUCKET, msg("{prefix} objects move to {storage_class} after {days} days", prefix=LOG_PREFIX,
                                      storage_class=storage_class, days=days), "")

    return run


def _expiration(snap: dict[str, Any]) -> Result:
    bucket, rules, judged = _log_rules(snap)
    if bucket is None:
        return _no_bucket(LOG_BUCKET)
    if not rules:
        return False, LOG_BUCKET, msg("{bucket} has no lifecycle configuration", bucket=LOG_BUCKET), _lifecycle_hint()
    found = sorted(d for r in judged if (d := num(sub(r, "Expiration").get("Days"))) is not None)
    hint = msg("Give the rule 'Expiration': {{'Days': {days}}}.", days=EXPIRY_DAYS)
    if not found:
        return (False, LOG_BUCKET, msg("the lifecycle of {bucket} never expires {prefix} objects", bucket=LOG_BUCKET,
                                       prefix=LOG_PREFIX), hint)
    if found[0] != EXPIRY_DAYS:
        return (False, LOG_BUCKET, msg("the lifecycle of {bucket} expires {prefix} objects after {found}; "
                                       "the seed's plan keeps them {days}", bucket=LOG_BUCKET, prefix=LOG_PREFIX,
                                       found=_days(found[0]), days=EXPIRY_DAYS), hint)
    return (True, LOG_BUCKET, msg("{prefix} objects expire after {days} days", prefix=LOG_PREFIX, days=EXPIRY_DAYS),
            "")


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
        Check("S3.13", 2, msg("an enabled lifecycle rule on logs/"), _lifecycle_rule,
              S3_DOC + "object-lifecycle-mgmt.html"),
        Check("lifecycle.standard_ia", 2, msg("STANDARD_IA after 30 days"), _transition("STANDARD_IA", 30),
              S3_DOC + "lifecycle-transition-general-considerations.html"),
        Check("lifecycle.glacier", 2, msg("GLACIER after 90 days"), _transition("GLACIER", 90),
              S3_DOC + "lifecycle-transition-general-considerations.html"),
        Check("lifecycle.expiration", 2, msg("expire after 365 days"), _expiration,
              S3_DOC + "lifecycle-expire-general-considerations.html"),
    ),
))
