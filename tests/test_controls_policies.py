"""Policy-based controls decide by evaluating requests, never by reading JSON text.

One real snapshot (the ``buckets`` scenario plus one customer-managed policy) is taken
once; each case swaps in a policy document, a bucket policy, an ACL or Block Public Access
settings and audits the edited snapshot, as an instructor re-grading a file would.
"""

from __future__ import annotations

import copy
import json

import pytest

import labkit
from labkit.controls import audit_snapshot

BUCKET = "my-secure-bucket"
ARN = f"arn:aws:s3:::{BUCKET}"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
AUTHENTICATED = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
TLS = {"Bool": {"aws:SecureTransport": "false"}}


def doc(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(action, resource="*", **extra):
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


@pytest.fixture(scope="module")
def base():
    with labkit.Lab("buckets") as lab:
        lab.client("iam").create_policy(PolicyName="Probe", PolicyDocument=json.dumps(doc(allow("s3:GetObject"))))
        return lab.snapshot(["ec2", "s3", "rds", "iam"])


def iam_findings(base, document):
    snap = copy.deepcopy(base)
    snap["iam"]["policies"][0]["Document"] = document
    report = audit_snapshot(snap)
    return report.control("IAM.1").findings[0], report.control("IAM.21").findings[0]


IAM_CASES = {
    # name: (document, IAM.1 passes, IAM.21 passes)
    "s3-get-star-is-not-star": (doc(allow("s3:Get*")), True, True),
    "s3-g-star-is-not-s3-star": (doc(allow("s3:G*")), True, True),
    "s3-star-object": (doc(allow("s3:*Object")), True, True),
    "s3-star": (doc(allow("s3:*")), True, False),
    "s3-star-upper-case": (doc(allow("S3:*")), True, False),
    "s3-question-star": (doc(allow("s3:?*")), True, False),
    "star": (doc(allow("*")), False, False),
    "star-colon-star": (doc(allow("*:*")), False, False),
    "star-in-a-list": (doc(allow(["s3:GetObject", "*"])), False, False),
    "every-sampled-service-listed": (doc(allow(["iam:*", "sts:*", "ec2:*", "s3:*", "kms:*", "rds:*", "lambda:*",
                                                "cloudtrail:*", "organizations:*"])), True, False),
    "not-action-passrole": (doc({"Effect": "Allow", "NotAction": "iam:PassRole", "Resource": "*"}), False, False),
    "star-on-one-bucket": (doc(allow("*", f"{ARN}/*")), True, False),
    "star-with-mfa-condition": (doc(allow("*", Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}})),
                                False, False),
    "star-then-deny-star": (doc(allow("*"), {"Effect": "Deny", "Action": "*", "Resource": "*"}), True, True),
    "star-then-conditional-deny": (doc(allow("*"), {"Effect": "Deny", "Action": "*", "Resource": "*",
                                                    "Condition": {"Bool": {"aws:SecureTransport": "false"}}}),
                                   False, False),
    "s3-star-on-username-prefix": (doc(allow("s3:*", "arn:aws:s3:::home/${aws:username}/*")), True, False),
    "deny-only": (doc({"Effect": "Deny", "Action": "*", "Resource": "*"}), True, True),
    "single-statement-object": ({"Version": "2012-10-17", "Statement": allow("s3:*")}, True, False),
}


@pytest.mark.parametrize("name", list(IAM_CASES))
def test_iam_policy_controls_evaluate(base, name):
    document, iam1, iam21 = IAM_CASES[name]
    admin, wildcard = iam_findings(base, document)
    assert (admin.passed, wildcard.passed) == (iam1, iam21), (admin, wildcard)
    assert admin.resource == wildcard.resource == "arn:aws:iam::123456789012:policy/Probe"


def test_iam_messages_say_what_was_allowed(base):
    admin, wildcard = iam_findings(base, doc({"Sid": "Storage", **allow("s3:*")}))
    assert "not iam:CreateUser" in admin.message
    assert "s3:* (statement 'Storage' (index 0))" in wildcard.message
    assert "iam.create_policy_version" in wildcard.hint
    admin, wildcard = iam_findings(base, doc(allow("s3:*", "arn:aws:s3:::home/${aws:username}/*")))
    assert "s3:* on arn:aws:s3:::home/x/x" in wildcard.message


@pytest.mark.parametrize("document", ["{not json", None, 42, {"Statement": [{"Effect": "allow"}]}],
                         ids=["bad-json", "none", "number", "bad-effect"])
def test_unreadable_policy_fails_with_a_message(base, document):
    admin, wildcard = iam_findings(base, document)
    assert not admin.passed and not wildcard.passed
    assert "could not be evaluated" in admin.message and "could not be evaluated" in wildcard.message


# -- buckets -------------------------------------------------------------------------
def bucket_findings(base, *, policy=None, grants=(), bpa=None, account_bpa=None, enforced=False):
    snap = copy.deepcopy(base)
    bucket = next(b for b in snap["s3"]["buckets"] if b["Name"] == BUCKET)
    bucket["Policy"] = policy
    bucket["Acl"]["Grants"] += [{"Grantee": {"Type": "Group", "URI": uri}, "Permission": perm} for uri, perm in grants]
    bucket["PublicAccessBlock"] = bpa
    if enforced:
        bucket["OwnershipControls"] = {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    snap["s3"]["account_public_access_block"] = account_bpa
    report = audit_snapshot(snap)
    return {c: next(f for f in report.control(c).findings if f.resource == BUCKET)
            for c in ("S3.2", "S3.3", "S3.5", "S3.12")}


def public(action, resource=f"{ARN}/*", principal="*", **extra):
    return {"Effect": "Allow", "Principal": principal, "Action": action, "Resource": resource, **extra}


def deny_tls(action="s3:*", principal="*", resource=(ARN, f"{ARN}/*"), condition=None):
    return {"Effect": "Deny", "Principal": principal, "Action": action, "Resource": list(resource),
            "Condition": condition or TLS}


RESTRICT = {"RestrictPublicBuckets": True}
IGNORE_ACLS = {"IgnorePublicAcls": True}
PUBLIC_CASES = {
    # name: (kwargs for bucket_findings, S3.2 passes, S3.3 passes, words in the S3.2 or S3.3 message)
    "anonymous-get": ({"policy": doc(public("s3:GetObject"))}, False, True, "anyone (anonymous)"),
    "aws-star-get": ({"policy": doc(public("s3:GetObject", principal={"AWS": "*"}))}, False, True,
                     "anyone (anonymous)"),  # {"AWS": "*"} means everyone, as "*" does
    "any-signed-in-account": ({"policy": doc(public("s3:GetObject", principal={"AWS": "*"}, Condition={
        "Null": {"aws:PrincipalAccount": "false"}}))}, False, True, "any AWS account"),
    "get-star": ({"policy": doc(public("s3:Get*"))}, False, True, "s3:GetObject"),
    "list-bucket": ({"policy": doc(public("s3:List*", ARN))}, False, True, "s3:ListBucket"),
    "put": ({"policy": doc(public("s3:PutObject"))}, True, False, "s3:PutObject"),
    "s3-star": ({"policy": doc(public("s3:*"))}, False, False, "anyone"),
    "one-prefix": ({"policy": doc(public("s3:GetObject", f"{ARN}/public/*"))}, False, True, f"{ARN}/public/x"),
    "vpce-only": ({"policy": doc(public("s3:GetObject", Condition={"StringEquals": {"aws:SourceVpce": "vpce-1a"}}))},
                  True, True, "neither its policy nor its ACL"),
    "any-ip": ({"policy": doc(public("s3:GetObject", Condition={"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}))},
               False, True, "anyone"),
    "own-account-only": ({"policy": doc(public("s3:GetObject", Condition={
        "StringEquals": {"aws:PrincipalAccount": "123456789012"}}))}, True, True, ""),
    "own-account-principal": ({"policy": doc(public("s3:*", principal={"AWS": "arn:aws:iam::123456789012:root"}))},
                              True, True, ""),
    "allow-then-deny": ({"policy": doc(public("s3:GetObject"), {"Effect": "Deny", "Principal": "*",
                                                               "Action": "s3:GetObject", "Resource": f"{ARN}/*"})},
                        True, True, ""),
    "restricted-by-account-bpa": ({"policy": doc(public("s3:*")), "account_bpa": RESTRICT}, True, True,
                                  "RestrictPublicBuckets (on the account) voids its policy"),
    "restricted-by-bucket-bpa": ({"policy": doc(public("s3:*")), "bpa": RESTRICT}, True, True,
                                 "RestrictPublicBuckets (on the bucket)"),
    "block-public-policy-alone-does-not-void": ({"policy": doc(public("s3:GetObject")),
                                                 "bpa": {"BlockPublicPolicy": True}}, False, True, "anyone"),
    "acl-read-everyone": ({"grants": [(ALL_USERS, "READ")]}, False, True, "READ to AllUsers (everyone)"),
    "acl-read-authenticated": ({"grants": [(AUTHENTICATED, "READ")]}, False, True, "every AWS account"),
    "acl-full-control": ({"grants": [(ALL_USERS, "FULL_CONTROL")]}, False, False, "FULL_CONTROL to AllUsers"),
    "acl-ignored": ({"grants": [(ALL_USERS, "READ")], "bpa": IGNORE_ACLS}, True, True, "IgnorePublicAcls"),
    "acl-disabled": ({"grants": [(ALL_USERS, "WRITE")], "enforced": True}, True, True, "ACLs are disabled"),
    "malformed-policy": ({"policy": "{not json"}, False, False, "could not be evaluated"),
}


@pytest.mark.parametrize("name", list(PUBLIC_CASES))
def test_public_access_controls_evaluate(base, name):
    kwargs, read_ok, write_ok, words = PUBLIC_CASES[name]
    found = bucket_findings(base, **kwargs)
    assert (found["S3.2"].passed, found["S3.3"].passed) == (read_ok, write_ok), found
    assert any(words in found[c].message for c in ("S3.2", "S3.3")), found


def test_public_bucket_message_notes_moto_default(base):
    found = bucket_findings(base, policy=doc(public("s3:GetObject")))
    assert "moto creates buckets without them" in found["S3.2"].message
    assert "s3.put_public_access_block" in found["S3.2"].hint
    found = bucket_findings(base, policy=doc(public("s3:GetObject")), bpa={"BlockPublicPolicy": True})
    assert "moto creates buckets" not in found["S3.2"].message  # the bucket has its own setting


def test_acl_disabled_passes_s3_12(base):
    assert not bucket_findings(base, grants=[(ALL_USERS, "READ")])["S3.12"].passed
    assert bucket_findings(base, grants=[(ALL_USERS, "READ")], enforced=True)["S3.12"].passed


TLS_CASES = {
    # name: (bucket policy, S3.5 passes, words in the message)
    "deny-all-without-tls": (doc(deny_tls()), True, "denies s3:GetObject and s3:PutObject"),
    "string-equals-form": (doc(deny_tls(condition={"StringEquals": {"aws:SecureTransport": "false"}})), True, ""),
    "aws-star-principal": (doc(deny_tls(principal={"AWS": "*"})), True, ""),
    "objects-only": (doc(deny_tls(resource=(f"{ARN}/*",))), True, ""),
    "get-only": (doc(deny_tls("s3:GetObject")), False, "s3:PutObject over plain HTTP by a user of this account"),
    "get-star-only": (doc(deny_tls("s3:Get*")), False, "s3:PutObject"),
    "bucket-arn-only": (doc(deny_tls(resource=(ARN,))), False, "s3:GetObject"),
    "tls-version-instead": (doc(deny_tls(condition={"NumericLessThan": {"s3:TlsVersion": "1.2"}})), False,
                            "not denied"),
    "allow-anonymous-with-aws-star-deny": (doc(public("s3:GetObject"), deny_tls(principal={"AWS": "*"})), True, ""),
    "allow-anonymous-with-own-account-deny": (
        doc(public("s3:GetObject"), deny_tls(principal={"AWS": "arn:aws:iam::123456789012:root"})), False,
        "by another AWS account is allowed by the bucket policy"),
    "allow-anonymous-with-star-deny": (doc(public("s3:GetObject"), deny_tls()), True, ""),
    "no-policy": (None, False, "no bucket policy"),
    "malformed": ("{not json", False, "could not be evaluated"),
}


@pytest.mark.parametrize("name", list(TLS_CASES))
def test_tls_control_evaluates(base, name):
    policy, passes, words = TLS_CASES[name]
    found = bucket_findings(base, policy=policy)["S3.5"]
    assert found.passed is passes, found
    assert words in found.message, found.message
    if not passes:
        assert "aws:SecureTransport" in found.hint
