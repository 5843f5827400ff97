"""The graders graded: S3 tasks, the KMS snapshot they read, and the request-table
helper (labkit/catalogue/_policy.py). Starter scores 0, the reference solution full
marks, each named near miss loses exactly the check that should fail, and
alternative correct builds (other API style, other order, equivalent forms) score
full marks."""

from __future__ import annotations

import json

import pytest

import labkit
from labkit import LabkitError
from labkit.catalogue import grade, grade_snapshot, task
from labkit.catalogue._policy import (
    ALLOWED,
    DENIED,
    EXPLICIT_DENY,
    NOT_EXPLICITLY_DENIED,
    Request,
    load_document,
    mismatches,
    split_statements,
    summary,
)
from labkit.catalogue.s3 import solve_logs_lifecycle, solve_secure_bucket, solve_vpce_only
from labkit.services.kms import resolve_key

BUCKET = "my-secure-bucket"
ARNS = [f"arn:aws:s3:::{BUCKET}", f"arn:aws:s3:::{BUCKET}/*"]
TLS = {"Bool": {"aws:SecureTransport": "false"}}


def failed(result):
    return sorted(f.check for f in result.findings if not f.passed)


def lost_exactly(result):
    lost = sum(f.max_points for f in result.findings if not f.passed)
    return result.score == result.max_score - lost


def put_policy(lab, *statements, bucket=BUCKET):
    lab.client("s3").put_bucket_policy(
        Bucket=bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": list(statements)}))


def deny(resource, condition, action="s3:*", principal="*", sid=None):
    st = {"Effect": "Deny", "Principal": principal, "Action": action, "Resource": resource, "Condition": condition}
    return {"Sid": sid, **st} if sid else st


def _endpoint_id(lab):
    return lab.client("ec2").describe_vpc_endpoints()["VpcEndpoints"][0]["VpcEndpointId"]


def _route_table(lab, name):
    return lab.client("ec2").describe_route_tables(
        Filters=[{"Name": "tag:Name", "Values": [name]}])["RouteTables"][0]["RouteTableId"]


@pytest.mark.parametrize("task_id", ["s3.secure_bucket", "s3.vpce_only", "s3.logs_lifecycle"])
def test_starter_scores_zero_and_solution_full_marks(task_id):
    chosen = task(task_id)
    with labkit.Lab(chosen.starter) as lab:
        start = grade(task_id, lab)
        assert start.score == 0 and not any(f.passed for f in start.findings), repr(start)
        chosen.solution(lab)
        done = grade(task_id, lab)
    assert done.passed and done.score == done.max_score == chosen.max_score, repr(done)
    assert all(f.link.startswith("https://docs.aws.amazon.com/") for f in done.findings)
    from labkit.progress import ProgressStore

    assert [a.score for a in ProgressStore().attempts()] == [0, chosen.max_score]


# -- s3.secure_bucket ---------------------------------------------------------------
def _sse_s3(lab):
    lab.client("s3").put_bucket_encryption(Bucket=BUCKET, ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": True}]})


def _aws_managed_key(lab):
    lab.client("s3").put_bucket_encryption(Bucket=BUCKET, ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}, "BucketKeyEnabled": True}]})


def _another_key(lab):
    other = lab.client("kms").create_key(Description="not the aliased one")["KeyMetadata"]["Arn"]
    lab.client("s3").put_bucket_encryption(Bucket=BUCKET, ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": other},
         "BucketKeyEnabled": True}]})


def _key_disabled(lab):
    lab.client("kms").disable_key(KeyId=lab.client("kms").describe_key(KeyId="alias/my-s3-key")["KeyMetadata"]["KeyId"])


def _bucket_key_off(lab):
    lab.client("s3").put_bucket_encryption(Bucket=BUCKET, ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "alias/my-s3-key"}}]})


def _one_bpa_flag_off(lab):
    lab.client("s3").put_public_access_block(Bucket=BUCKET, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": False})


def _versioning_suspended(lab):
    lab.client("s3").put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Suspended"})


def _tls_bucket_arn_only(lab):
    put_policy(lab, deny(ARNS[0], TLS))


def _tls_get_object_only(lab):
    put_policy(lab, deny(ARNS, TLS, action="s3:GetObject"))


def _tls_condition_inverted(lab):
    put_policy(lab, deny(ARNS, {"Bool": {"aws:SecureTransport": "true"}}))


def _deny_everything(lab):
    put_policy(lab, {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ARNS})


def _tls_only_for_own_account(lab):
    put_policy(lab, deny(ARNS, TLS, principal={"AWS": f"arn:aws:iam::{lab.account_id}:root"}))


@pytest.mark.parametrize(
    ("near_miss", "expected"),
    [
        (_sse_s3, ["S3.17", "s3.bucket_key"]),
        (_aws_managed_key, ["S3.17"]),
        (_another_key, ["S3.17"]),
        (_key_disabled, ["S3.17"]),
        (_bucket_key_off, ["s3.bucket_key"]),
        (_one_bpa_flag_off, ["S3.8"]),
        (_versioning_suspended, ["S3.14"]),
        (_tls_bucket_arn_only, ["S3.5"]),
        (_tls_get_object_only, ["S3.5"]),
        (_tls_condition_inverted, ["S3.5"]),
        (_deny_everything, ["S3.5"]),
        (_tls_only_for_own_account, ["S3.5"]),
    ],
    ids=["sse-s3", "aws-managed-key", "another-key", "key-disabled", "bucket-key-off", "one-bpa-flag-off",
         "versioning-suspended", "tls-deny-bucket-arn-only", "tls-deny-getobject-only", "tls-condition-inverted",
         "deny-everything", "tls-deny-own-account-only"],
)
def test_secure_bucket_near_misses(near_miss, expected):
    with labkit.Lab("buckets") as lab:
        solve_secure_bucket(lab)
        near_miss(lab)
        result = grade("s3.secure_bucket", lab, record=False)
    assert failed(result) == expected, repr(result)
    assert lost_exactly(result)
    for finding in result.findings:
        if not finding.passed:
            assert BUCKET in finding.message or "alias/my-s3-key" in finding.message, finding
            assert finding.hint and not finding.message.startswith("could not check")


def test_secure_bucket_messages_say_what_is_wrong():
    with labkit.Lab("buckets") as lab:
        solve_secure_bucket(lab)
        _tls_bucket_arn_only(lab)
        tls = next(f for f in grade("s3.secure_bucket", lab, record=False).findings if f.check == "S3.5")
        assert tls.message.startswith(
            "GetObject on my-secure-bucket/* over plain HTTP from this account is not explicitly denied")
        assert tls.message.endswith("(and 10 more requests like these)")
        _deny_everything(lab)
        tls = next(f for f in grade("s3.secure_bucket", lab, record=False).findings if f.check == "S3.5")
        assert tls.message.startswith("the deny does not depend on TLS: GetObject on my-secure-bucket/* over HTTPS "
                                      "from this account is explicitly denied by resource policy")
        _sse_s3(lab)
        sse = next(f for f in grade("s3.secure_bucket", lab, record=False).findings if f.check == "S3.17")
        assert sse.message == ("my-secure-bucket encrypts by default with SSE-S3 (AES256, keys managed by S3), "
                               "not SSE-KMS with alias/my-s3-key")


def test_secure_bucket_every_key_reference_and_policy_form_scores_full_marks():
    """Resource API, key named by alias ARN / key id / key ARN, account-wide Block Public Access,
    the TLS deny written as {"AWS": "*"} + StringEquals in two statements, next to the VPC-endpoint deny."""
    with labkit.Lab("buckets", seed=9) as lab:
        key = lab.client("kms").create_key()["KeyMetadata"]
        lab.client("kms").create_alias(AliasName="alias/my-s3-key", TargetKeyId=key["Arn"])
        bucket = lab.resource("s3").Bucket(BUCKET)
        bucket.Versioning().enable()
        lab.client("s3control").put_public_access_block(AccountId=lab.account_id, PublicAccessBlockConfiguration={
            f: True for f in ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")})
        bucket.Policy().put(Policy=json.dumps({"Version": "2012-10-17", "Statement": [
            deny(ARNS[1], {"StringEquals": {"aws:SecureTransport": "false"}}, principal={"AWS": "*"}, sid="Objects"),
            deny(ARNS[0], {"StringEquals": {"aws:SecureTransport": "false"}}, principal={"AWS": "*"}, sid="Bucket"),
            deny(ARNS, {"StringNotEquals": {"aws:SourceVpce": "vpce-1234567890abcdef0"}}, sid="OnlyViaEndpoint"),
        ]}))
        alias_arn = f"arn:aws:kms:{lab.region}:{lab.account_id}:alias/my-s3-key"
        for reference in (alias_arn, key["KeyId"], key["Arn"]):
            lab.client("s3").put_bucket_encryption(Bucket=BUCKET, ServerSideEncryptionConfiguration={"Rules": [
                {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": reference},
                 "BucketKeyEnabled": True}]})
            result = grade("s3.secure_bucket", lab, record=False)
            assert result.passed, (reference, repr(result))


# -- s3.vpce_only ----------------------------------------------------------------------
def _endpoint_on_public_table_only(lab):
    ec2 = lab.client("ec2")
    ec2.modify_vpc_endpoint(VpcEndpointId=_endpoint_id(lab), AddRouteTableIds=[_route_table(lab, "public-rt")],
                            RemoveRouteTableIds=[_route_table(lab, "app-rt"), _route_table(lab, "db-rt")])


def _endpoint_missing_db_table(lab):
    lab.client("ec2").modify_vpc_endpoint(VpcEndpointId=_endpoint_id(lab),
                                          RemoveRouteTableIds=[_route_table(lab, "db-rt")])


def _allow_instead_of_deny(lab):
    put_policy(lab, {"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": ARNS,
                     "Condition": {"StringEquals": {"aws:sourceVpce": _endpoint_id(lab)}}})


def _wrong_endpoint_id(lab):
    put_policy(lab, deny(ARNS, {"StringNotEquals": {"aws:sourceVpce": "vpce-1234567890abcdef0"}}))


def _objects_only(lab):
    put_policy(lab, deny(ARNS[1], {"StringNotEquals": {"aws:sourceVpce": _endpoint_id(lab)}}))


def _source_vpc_instead_of_endpoint(lab):
    vpc = lab.client("ec2").describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["main"]}])["Vpcs"][0]["VpcId"]
    put_policy(lab, deny(ARNS, {"StringNotEquals": {"aws:SourceVpc": vpc}}))


@pytest.mark.parametrize(
    ("near_miss", "expected"),
    [
        (_endpoint_on_public_table_only, ["vpce.s3_gateway"]),
        (_endpoint_missing_db_table, ["vpce.s3_gateway"]),
        (_allow_instead_of_deny, ["s3.vpce_deny"]),
        (_wrong_endpoint_id, ["s3.vpce_allow"]),
        (_objects_only, ["s3.vpce_deny"]),
        (_source_vpc_instead_of_endpoint, ["s3.vpce_deny"]),
    ],
    ids=["endpoint-on-public-table-only", "endpoint-missing-db-table", "allow-instead-of-deny", "wrong-endpoint-id",
         "objects-only", "source-vpc-instead-of-endpoint"],
)
def test_vpce_only_near_misses(near_miss, expected):
    with labkit.Lab("network-and-buckets") as lab:
        solve_vpce_only(lab)
        near_miss(lab)
        result = grade("s3.vpce_only", lab, record=False)
    assert failed(result) == expected, repr(result)
    assert lost_exactly(result)


def test_vpce_only_messages_name_the_requests():
    with labkit.Lab("network-and-buckets") as lab:
        solve_vpce_only(lab)
        endpoint = _endpoint_id(lab)
        _allow_instead_of_deny(lab)
        findings = {f.check: f for f in grade("s3.vpce_only", lab, record=False).findings}
        assert findings["s3.vpce_deny"].message.startswith(
            "GetObject on my-secure-bucket/* from this account, sent from the internet (no VPC endpoint) is not explicitly "
            "denied (no statement denies it")
        _wrong_endpoint_id(lab)
        findings = {f.check: f for f in grade("s3.vpce_only", lab, record=False).findings}
        assert findings["s3.vpce_allow"].message.startswith(
            f"GetObject on my-secure-bucket/* from this account, sent through {endpoint} is explicitly denied by resource "
            "policy, statement at index 0; no statement should deny it")
        assert endpoint in findings["s3.vpce_allow"].hint
        _endpoint_on_public_table_only(lab)
        gateway = {f.check: f for f in grade("s3.vpce_only", lab, record=False).findings}["vpce.s3_gateway"]
        assert gateway.resource == endpoint and "10.0.10.0/24, 10.0.11.0/24" in gateway.message


def test_vpce_only_built_another_way_scores_full_marks():
    """One route table first and the other added later, the endpoint named with aws:SourceVpce in
    two statements with {"AWS": "*"} and StringNotEqualsIfExists, next to the TLS-only deny."""
    with labkit.Lab("network-and-buckets", seed=4) as lab:
        ec2 = lab.client("ec2")
        vpc = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["main"]}])["Vpcs"][0]["VpcId"]
        endpoint = ec2.create_vpc_endpoint(VpcId=vpc, ServiceName=f"com.amazonaws.{lab.region}.s3",
                                           RouteTableIds=[_route_table(lab, "db-rt")])["VpcEndpoint"]["VpcEndpointId"]
        ec2.modify_vpc_endpoint(VpcEndpointId=endpoint, AddRouteTableIds=[_route_table(lab, "app-rt")])
        only_endpoint = {"StringNotEqualsIfExists": {"aws:SourceVpce": endpoint}}
        lab.resource("s3").BucketPolicy(BUCKET).put(Policy=json.dumps({"Version": "2012-10-17", "Statement": [
            deny(ARNS[0], TLS, sid="TlsOnly"),
            deny(ARNS[1], only_endpoint, principal={"AWS": "*"}, sid="Objects"),
            deny(ARNS[0], only_endpoint, principal={"AWS": "*"}, sid="Bucket"),
            deny(ARNS[1], TLS, sid="TlsOnlyObjects"),
        ]}))
        vpce = grade("s3.vpce_only", lab, record=False)
        tls = next(f for f in grade("s3.secure_bucket", lab, record=False).findings if f.check == "S3.5")
    assert vpce.passed, repr(vpce)
    assert tls.passed, tls


# -- s3.logs_lifecycle ---------------------------------------------------------------
def _lifecycle(lab, *rules):
    lab.client("s3").put_bucket_lifecycle_configuration(
        Bucket="my-log-bucket", LifecycleConfiguration={"Rules": list(rules)})


def _rule(**changes):
    rule = {"ID": "MoveToGlacierAfter90Days", "Status": "Enabled", "Filter": {"Prefix": "logs/"},
            "Transitions": [{"Days": 30, "StorageClass": "STANDARD_IA"}, {"Days": 90, "StorageClass": "GLACIER"}],
            "Expiration": {"Days": 365}}
    rule.update(changes)
    return {k: v for k, v in rule.items() if v is not None}


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        ([_rule(Transitions=[{"Days": 60, "StorageClass": "STANDARD_IA"}, {"Days": 90, "StorageClass": "GLACIER"}])],
         ["lifecycle.standard_ia"]),
        ([_rule(Status="Disabled")], ["S3.13"]),
        ([_rule(Filter={"Prefix": "log/"})], ["S3.13"]),
        ([_rule(Filter={"And": {"Prefix": "logs/", "Tags": [{"Key": "keep", "Value": "no"}]}})], ["S3.13"]),
        ([_rule(Transitions=[{"Days": 30, "StorageClass": "STANDARD_IA"},
                             {"Days": 90, "StorageClass": "GLACIER_IR"}])], ["lifecycle.glacier"]),
        ([_rule(Expiration=None)], ["lifecycle.expiration"]),
    ],
    ids=["ia-at-60-days", "rule-disabled", "wrong-prefix", "only-tagged-objects", "glacier-ir-not-glacier",
         "no-expiration"],
)
def test_logs_lifecycle_near_misses(rules, expected):
    with labkit.Lab("buckets") as lab:
        solve_logs_lifecycle(lab)
        _lifecycle(lab, *rules)
        result = grade("s3.logs_lifecycle", lab, record=False)
    assert failed(result) == expected, repr(result)
    assert lost_exactly(result)


def test_logs_lifecycle_every_prefix_form_scores_full_marks():
    """Legacy top-level Prefix, Filter.And.Prefix, and the plan split over two rules in another order
    (with an unrelated rule and the deprecated put_bucket_lifecycle call)."""
    forms = {
        "legacy-prefix": [_rule(Filter=None, Prefix="logs/")],
        "filter-and-prefix": [_rule(Filter={"And": {"Prefix": "logs/"}})],
        "two-rules": [
            {"ID": "other", "Status": "Enabled", "Filter": {"Prefix": "tmp/"}, "Expiration": {"Days": 1}},
            {"ID": "expire", "Status": "Enabled", "Filter": {"Prefix": "logs/"}, "Expiration": {"Days": 365}},
            {"ID": "archive", "Status": "Enabled", "Filter": {"Prefix": "logs/"},
             "Transitions": [{"Days": 90, "StorageClass": "GLACIER"}, {"Days": 30, "StorageClass": "STANDARD_IA"}]},
        ],
    }
    with labkit.Lab("buckets", seed=2) as lab:
        for name, rules in forms.items():
            _lifecycle(lab, *rules)
            result = grade("s3.logs_lifecycle", lab, record=False)
            assert result.passed, (name, repr(result))
        lab.client("s3").put_bucket_lifecycle(Bucket="my-log-bucket", LifecycleConfiguration={"Rules": [
            {"ID": "old-api", "Status": "Enabled", "Prefix": "logs/",
             "Transition": {"Days": 30, "StorageClass": "STANDARD_IA"}, "Expiration": {"Days": 365}}]})
        result = grade("s3.logs_lifecycle", lab, record=False)
    # The old API takes one transition per rule: Glacier is missing, nothing else.
    assert failed(result) == ["lifecycle.glacier"], repr(result)


def test_lifecycle_messages_carry_the_numbers():
    with labkit.Lab("buckets") as lab:
        _lifecycle(lab, _rule(Transitions=[{"Days": 60, "StorageClass": "STANDARD_IA"}], Filter={"Prefix": "log/"}))
        findings = {f.check: f for f in grade("s3.logs_lifecycle", lab, record=False).findings}
    assert findings["S3.13"].message == ("no lifecycle rule of my-log-bucket applies to every object under 'logs/' "
                                         "(found rule 'MoveToGlacierAfter90Days' (prefix 'log/'))")
    assert findings["lifecycle.standard_ia"].message.endswith("after 60 days; the seed's plan says 30")
    assert findings["lifecycle.glacier"].message.endswith("(it moves objects to STANDARD_IA)")
    assert findings["lifecycle.expiration"].passed


def test_lifecycle_messages_say_one_day_not_one_days():
    with labkit.Lab("buckets") as lab:
        _lifecycle(lab, _rule(Expiration={"Days": 1}))
        english = {f.check: f for f in grade("s3.logs_lifecycle", lab, record=False).findings}
        korean = {f.check: f for f in grade("s3.logs_lifecycle", lab, record=False, lang="ko").findings}
    assert english["lifecycle.expiration"].message.endswith("after 1 day; the seed's plan keeps them 365")
    assert "1일 후에 만료" in korean["lifecycle.expiration"].message


# -- mangled input -------------------------------------------------------------------
@pytest.mark.parametrize("bad", [
    None, [], "text", {"s3": "nope", "kms": [], "ec2": 3}, {"s3": {"buckets": [1, None, "x"]}},
    {"s3": {"buckets": [{"Name": BUCKET, "Policy": "{not json", "Encryption": "x", "PublicAccessBlock": [],
                         "Versioning": None}]}, "kms": {"keys": "x", "aliases": [None, {"AliasName": 3}]}},
    {"s3": {"buckets": [{"Name": BUCKET, "Policy": ["x"]}, {"Name": "my-log-bucket",
                                                          "LifecycleRules": [1, {"Filter": "x"}, {"Filter": {"And": 2}}]}]},
     "ec2": {"vpcs": [{"Tags": {"Name": "main"}, "VpcId": "vpc-1"}], "vpc_endpoints": "x"}},
    {"s3": {"buckets": [{"Name": BUCKET, "Policy": {"Statement": [{"Effect": "Deny"}]}}]},
     "labkit": {"region": 5, "account_id": None}},
])
def test_mangled_snapshots_give_findings_not_exceptions(bad):
    for task_id in ("s3.secure_bucket", "s3.vpce_only", "s3.logs_lifecycle"):
        result = grade_snapshot(task_id, bad)
        assert result.score == 0, repr(result)
        assert not any(f.message.startswith("could not check") for f in result.findings), repr(result)


def test_a_malformed_policy_is_reported_as_such():
    snap = {"s3": {"buckets": [{"Name": BUCKET, "Policy": "{not json"}]}}
    tls = next(f for f in grade_snapshot("s3.secure_bucket", snap).findings if f.check == "S3.5")
    assert tls.message.startswith("the bucket policy of my-secure-bucket cannot be evaluated:")


# -- KMS snapshot ----------------------------------------------------------------------
def test_kms_snapshot_keys_aliases_and_resolution():
    with labkit.Lab(seed=3) as lab:
        kms = lab.client("kms")
        assert lab.snapshot(["kms"])["kms"] == {"keys": [], "aliases": []}  # moto's AWS aliases left out
        key = kms.create_key(Description="s3")["KeyMetadata"]
        kms.create_alias(AliasName="alias/my-s3-key", TargetKeyId=key["KeyId"])
        kms.enable_key_rotation(KeyId=key["KeyId"])
        managed = kms.describe_key(KeyId="alias/aws/s3")["KeyMetadata"]["KeyId"]  # created on first use
        snap = lab.snapshot(["kms"])
        again = lab.snapshot(["kms"])
    section = snap["kms"]
    assert section == again["kms"]
    assert [a["AliasName"] for a in section["aliases"]] == ["alias/aws/s3", "alias/my-s3-key"]
    ours = next(k for k in section["keys"] if k["KeyId"] == key["KeyId"])
    assert ours["Aliases"] == ["alias/my-s3-key"] and ours["AwsManaged"] is False
    assert ours["KeyRotationEnabled"] is True and ours["KeyUsage"] == "ENCRYPT_DECRYPT"
    assert ours["KeyState"] == "Enabled" and ours["Policy"]["Statement"][0]["Action"] == "kms:*"
    assert next(k for k in section["keys"] if k["KeyId"] == managed)["AwsManaged"] is True
    region, account = snap["labkit"]["region"], snap["labkit"]["account_id"]
    for ref in ("alias/my-s3-key", f"arn:aws:kms:{region}:{account}:alias/my-s3-key", key["KeyId"], key["Arn"]):
        assert resolve_key(section, ref, region, account)["KeyId"] == key["KeyId"], ref
    for ref in ("alias/nope", "", None, 3, "arn:aws:kms:us-east-1:111122223333:key/x"):
        assert resolve_key(section, ref, region, account) is None
    assert resolve_key("x", "alias/my-s3-key") is None


def test_kms_key_ids_are_reproducible_for_a_seed():
    ids = []
    for _ in range(2):
        with labkit.Lab(seed=11) as lab:
            lab.client("kms").create_key()
            ids.append([k["KeyId"] for k in lab.snapshot(["kms"])["kms"]["keys"]])
    assert ids[0] == ids[1] and len(ids[0]) == 1


# -- the request-table helper -------------------------------------------------------------
POLICY = {"Version": "2012-10-17", "Statement": [
    {"Sid": "TlsOnly", **deny("arn:aws:s3:::b/*", TLS)},
    {"Sid": "ReadForAlice", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:user/alice"},
     "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
]}
ALICE = "arn:aws:iam::123456789012:user/alice"


def test_mismatches_report_only_the_wrong_rows_in_order():
    rows = [
        Request("GetObject over HTTPS", "s3:GetObject", "arn:aws:s3:::b/k", ALLOWED, ALICE,
                {"aws:SecureTransport": "true"}),
        Request("GetObject over plain HTTP", "s3:GetObject", "arn:aws:s3:::b/k", EXPLICIT_DENY, ALICE,
                {"aws:SecureTransport": "false"}),
        Request("ListBucket over plain HTTP", "s3:ListBucket", "arn:aws:s3:::b", EXPLICIT_DENY, ALICE,
                {"aws:SecureTransport": "false"}),
        Request("PutObject over HTTPS", "s3:PutObject", "arn:aws:s3:::b/k", "allowed", ALICE,
                {"aws:SecureTransport": "true"}),
        Request("DeleteObject over HTTPS", "s3:DeleteObject", "arn:aws:s3:::b/k", DENIED, ALICE,
                {"aws:SecureTransport": "true"}),
        Request("GetObject over HTTP, again", "s3:GetObject", "arn:aws:s3:::b/k", NOT_EXPLICITLY_DENIED, ALICE,
                {"aws:SecureTransport": "false"}),
    ]
    found = mismatches(rows, resource_policy=POLICY)
    assert [m.message for m in found] == [
        "ListBucket over plain HTTP is not explicitly denied (no statement denies it, so any IAM policy that allows "
        "it would let it through); it should be explicitly denied",
        "PutObject over HTTPS is implicitly denied (no statement allows it); it should be allowed",
        "GetObject over HTTP, again is explicitly denied by resource policy, statement 'TlsOnly' (index 0); "
        "no statement should deny it",
    ]
    assert summary(found, 1).endswith("(and 2 more requests like these)")
    assert summary(found[:2], 1).endswith("(and 1 more request like these)")
    assert summary([]) == ""
    allowed = mismatches([Request("x", "s3:GetObject", "arn:aws:s3:::b/k", DENIED, ALICE,
                                  {"aws:SecureTransport": "true"})], resource_policy=POLICY)
    assert allowed[0].message == "x is allowed by resource policy, statement 'ReadForAlice' (index 1); it should be denied"


def test_malformed_policies_raise_labkit_errors():
    with pytest.raises(LabkitError, match="Effect"):
        mismatches([Request("x", "s3:GetObject", "*", DENIED)],
                   resource_policy={"Statement": [{"Effect": "allow", "Principal": "*", "Action": "*"}]})
    with pytest.raises(LabkitError, match="not valid JSON"):
        load_document("{nope", "bucket policy")
    with pytest.raises(LabkitError, match="is a list, not a JSON object"):
        split_statements(["x"])


def test_split_statements_keeps_version_and_names():
    parts = split_statements(json.dumps({"Version": "2008-10-17", "Statement": [{"Sid": "A"}, "junk", {"Effect": 1}]}))
    assert parts == [("statement 'A'", {"Statement": [{"Sid": "A"}], "Version": "2008-10-17"}),
                     ("statement 3", {"Statement": [{"Effect": 1}], "Version": "2008-10-17"})]
    assert split_statements({"Statement": {"Sid": "B"}}) == [("statement 'B'", {"Statement": [{"Sid": "B"}]})]
    assert split_statements({"Statement": 5}) == []
