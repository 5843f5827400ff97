"""Unit tests for labkit.iam.evaluate, mostly built from AWS documentation examples.

Sources: IAM User Guide ("Policy evaluation logic", "Permissions boundaries",
"Condition operators", "Policy variables", "NotPrincipal", "Multivalued context
keys"), S3 bucket-policy examples, KMS key policies, Organizations SCP examples.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pytest

from labkit.errors import LabkitError
from labkit.iam import Evaluation, Policy, Statement, evaluate, parse_policy

ACCOUNT = "123456789012"
OTHER = "444455556666"
ALICE = f"arn:aws:iam::{ACCOUNT}:user/alice"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/analyst"
SESSION = f"arn:aws:sts::{ACCOUNT}:assumed-role/analyst/alice-session"


def policy(*statements: dict[str, Any], version: str | None = "2012-10-17") -> dict[str, Any]:
    doc: dict[str, Any] = {"Statement": list(statements)}
    if version is not None:
        doc = {"Version": version, **doc}
    return doc


def allow(action: Any, resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action: Any, resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


def cond(operator: str, key: str, value: Any) -> dict[str, Any]:
    return {"Condition": {operator: {key: value}}}


def decide(statement: dict[str, Any], context: dict[str, Any] | None = None, **kw: Any) -> str:
    """Decision of an identity policy with one statement on s3:GetObject."""
    kw.setdefault("action", "s3:GetObject")
    kw.setdefault("resource", "arn:aws:s3:::bucket/key")
    return evaluate(
        policy(statement), kw.pop("action"), kw.pop("resource"), context=context, **kw
    ).decision


def condition_holds(operator: str, key: str, value: Any, context: dict[str, Any]) -> bool:
    ev = evaluate(
        policy(allow("s3:GetObject", **cond(operator, key, value))),
        "s3:GetObject",
        "arn:aws:s3:::bucket/key",
        principal=ALICE,
        context=context,
    )
    return ev.allowed


# --------------------------------------------------------------------------- evaluation logic


class TestPolicyEvaluationLogic:
    """The IAM User Guide's "Policy evaluation logic" page, example by example."""

    carlos = policy(
        {
            "Sid": "AllowS3ListRead",
            "Effect": "Allow",
            "Action": [
                "s3:GetBucketLocation",
                "s3:GetAccountPublicAccessBlock",
                "s3:ListAccessPoints",
                "s3:ListAllMyBuckets",
            ],
            "Resource": "arn:aws:s3:::*",
        },
        {
            "Sid": "AllowS3Self",
            "Effect": "Allow",
            "Action": "s3:*",
            "Resource": ["arn:aws:s3:::carlossalazar/*", "arn:aws:s3:::carlossalazar"],
        },
        {
            "Sid": "DenyS3Logs",
            "Effect": "Deny",
            "Action": "s3:*",
            "Resource": "arn:aws:s3:::*log*",
        },
    )
    carlos_bucket = policy(
        {
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/carlossalazar"},
            "Action": "s3:*",
            "Resource": ["arn:aws:s3:::carlossalazar/*", "arn:aws:s3:::carlossalazar"],
        }
    )
    carlos_arn = f"arn:aws:iam::{ACCOUNT}:user/carlossalazar"

    def test_carlos_denied_on_logs_bucket(self) -> None:
        ev = evaluate(
            self.carlos,
            "s3:PutObject",
            "arn:aws:s3:::carlossalazar-logs/file.txt",
            principal=self.carlos_arn,
            resource_policy=self.carlos_bucket,
        )
        assert ev.decision == "explicitDeny"
        assert [s.sid for s in ev.statements] == ["DenyS3Logs"]
        assert ev.statements[0].policy_type == "identity"
        assert not ev.allowed

    def test_carlos_allowed_on_own_bucket(self) -> None:
        ev = evaluate(
            self.carlos,
            "s3:PutObject",
            "arn:aws:s3:::carlossalazar/file.txt",
            principal=self.carlos_arn,
            resource_policy=self.carlos_bucket,
        )
        assert ev.decision == "allowed"
        assert {s.sid for s in ev.statements} == {"AllowS3Self", None}

    def test_either_identity_or_resource_policy_suffices_in_one_account(self) -> None:
        only_bucket = evaluate(
            None,
            "s3:PutObject",
            "arn:aws:s3:::carlossalazar/file.txt",
            principal=self.carlos_arn,
            resource_policy=self.carlos_bucket,
        )
        assert only_bucket.decision == "allowed"
        assert only_bucket.statements[0].policy_type == "resource"
        only_identity = evaluate(
            self.carlos,
            "s3:PutObject",
            "arn:aws:s3:::carlossalazar/file.txt",
            principal=self.carlos_arn,
        )
        assert only_identity.decision == "allowed"

    def test_explicit_and_implicit_denies(self) -> None:
        doc = policy(
            {"Sid": "AllowGetList", "Effect": "Allow", "Action": ["iam:Get*", "iam:List*"],
             "Resource": "*"},
            {"Sid": "DenyReports", "Effect": "Deny", "Action": "iam:*Report", "Resource": "*"},
        )  # fmt: skip
        assert evaluate(doc, "iam:GetUser", "*").decision == "allowed"
        assert evaluate(doc, "iam:ListRoles", "*").decision == "allowed"
        assert evaluate(doc, "iam:CreatePolicy", "*").decision == "implicitDeny"
        ev = evaluate(doc, "iam:GetOrganizationsAccessReport", "*")
        assert ev.decision == "explicitDeny"
        assert ev.statements[0]["Sid"] == "DenyReports"
        # Another policy granting reports does not help: an explicit Deny wins.
        grant = policy(allow("iam:GenerateCredentialReport"))
        assert evaluate([doc, grant], "iam:GenerateCredentialReport", "*").decision == (
            "explicitDeny"
        )

    @pytest.mark.parametrize("policies", [None, [], ()])
    def test_no_policies_is_implicit_deny(self, policies: Any) -> None:
        ev = evaluate(policies, "s3:GetObject", "arn:aws:s3:::b/k")
        assert ev.decision == "implicitDeny"
        assert ev.statements == []

    def test_identity_policies_are_a_union(self) -> None:
        first = policy(allow("s3:GetObject"))
        second = policy(allow("s3:PutObject"))
        assert evaluate([first, second], "s3:PutObject", "arn:aws:s3:::b/k").allowed
        assert evaluate([first, second], "s3:GetObject", "arn:aws:s3:::b/k").allowed
        assert not evaluate([first, second], "s3:DeleteObject", "arn:aws:s3:::b/k").allowed

    def test_all_matching_denies_are_reported(self) -> None:
        doc = policy(
            {"Sid": "A", **deny("s3:*")},
            {"Sid": "B", **deny("s3:Get*")},
            {"Sid": "C", **allow("s3:*")},
        )
        ev = evaluate(doc, "s3:GetObject", "arn:aws:s3:::b/k")
        assert [s.sid for s in ev.statements] == ["A", "B"]


class TestPermissionsBoundaries:
    boundary = policy(
        {"Effect": "Allow", "Action": ["s3:*", "cloudwatch:*", "ec2:*"], "Resource": "*"}
    )

    def test_boundary_does_not_grant(self) -> None:
        ev = evaluate(None, "s3:GetObject", "arn:aws:s3:::b/k", permissions_boundary=self.boundary)
        assert ev.decision == "implicitDeny"

    def test_shirley_cannot_create_user(self) -> None:
        create_user = policy(allow("iam:CreateUser"))
        ev = evaluate(
            create_user,
            "iam:CreateUser",
            f"arn:aws:iam::{ACCOUNT}:user/bob",
            principal=f"arn:aws:iam::{ACCOUNT}:user/ShirleyRodriguez",
            permissions_boundary=self.boundary,
        )
        assert ev.decision == "implicitDeny"
        assert "permissions boundary" in ev.reason

    def test_intersection_allows(self) -> None:
        ev = evaluate(
            policy(allow("s3:*")), "s3:GetObject", "arn:aws:s3:::b/k",
            permissions_boundary=self.boundary,
        )  # fmt: skip
        assert ev.allowed
        assert [s.policy_type for s in ev.statements] == ["identity"]

    def test_boundary_deny_is_explicit(self) -> None:
        boundary = policy(allow("*"), {"Sid": "NoLogs", **deny("s3:*", "arn:aws:s3:::logs/*")})
        ev = evaluate(
            policy(allow("s3:*")), "s3:GetObject", "arn:aws:s3:::logs/x",
            permissions_boundary=boundary,
        )  # fmt: skip
        assert ev.decision == "explicitDeny"
        assert ev.statements[0].policy_type == "boundary"

    bucket_to_user = policy(
        {"Effect": "Allow", "Principal": {"AWS": ALICE}, "Action": "s3:GetObject",
         "Resource": "arn:aws:s3:::b/*"}
    )  # fmt: skip

    def test_resource_policy_naming_user_is_not_limited_by_boundary(self) -> None:
        ev = evaluate(
            None,
            "s3:GetObject",
            "arn:aws:s3:::b/k",
            principal=ALICE,
            resource_policy=self.bucket_to_user,
            permissions_boundary=policy(allow("ec2:*")),
        )
        assert ev.decision == "allowed"
        assert ev.statements[0].policy_type == "resource"

    def test_resource_policy_naming_role_is_limited_by_boundary(self) -> None:
        to_role = policy(
            {"Effect": "Allow", "Principal": {"AWS": ROLE}, "Action": "s3:GetObject",
             "Resource": "arn:aws:s3:::b/*"}
        )  # fmt: skip
        kw: dict[str, Any] = {"principal": SESSION, "resource_policy": to_role}
        assert evaluate(None, "s3:GetObject", "arn:aws:s3:::b/k", **kw).allowed
        limited = evaluate(
            None, "s3:GetObject", "arn:aws:s3:::b/k", permissions_boundary=policy(allow("ec2:*")),
            **kw,
        )  # fmt: skip
        assert limited.decision == "implicitDeny"
        assert "role" in limited.reason
        inside = evaluate(
            None, "s3:GetObject", "arn:aws:s3:::b/k", permissions_boundary=policy(allow("s3:*")),
            **kw,
        )  # fmt: skip
        assert inside.allowed

    def test_resource_policy_naming_session_is_not_limited_by_boundary(self) -> None:
        to_session = policy(
            {"Effect": "Allow", "Principal": {"AWS": SESSION}, "Action": "s3:GetObject",
             "Resource": "arn:aws:s3:::b/*"}
        )  # fmt: skip
        ev = evaluate(
            None,
            "s3:GetObject",
            "arn:aws:s3:::b/k",
            principal=SESSION,
            resource_policy=to_session,
            permissions_boundary=policy(allow("ec2:*")),
        )
        assert ev.allowed


class TestResourcePolicies:
    def test_account_principal_delegates_to_identity_policies(self) -> None:
        # The default KMS key policy: it enables IAM policies, it does not grant by itself.
        key_policy = policy(
            {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
             "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "kms:*",
             "Resource": "*"}
        )  # fmt: skip
        key = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
        without = evaluate(None, "kms:Decrypt", key, principal=ALICE, resource_policy=key_policy)
        assert without.decision == "implicitDeny"
        assert "account" in without.reason
        with_iam = evaluate(
            policy(allow("kms:Decrypt", key)), "kms:Decrypt", key, principal=ALICE,
            resource_policy=key_policy,
        )  # fmt: skip
        assert with_iam.allowed

    def test_account_id_shorthand_equals_root_arn(self) -> None:
        for name in (ACCOUNT, f"arn:aws:iam::{ACCOUNT}:root"):
            bucket = policy(
                {"Effect": "Allow", "Principal": {"AWS": name}, "Action": "s3:GetObject",
                 "Resource": "arn:aws:s3:::b/*"}
            )  # fmt: skip
            # Same account: a delegation, so alice still needs an identity-based Allow.
            alone = evaluate(None, "s3:GetObject", "arn:aws:s3:::b/k", principal=ALICE,
                             resource_policy=bucket)  # fmt: skip
            assert alone.decision == "implicitDeny"
            ev = evaluate(policy(allow("s3:GetObject")), "s3:GetObject", "arn:aws:s3:::b/k",
                          principal=ALICE, resource_policy=bucket)  # fmt: skip
            assert ev.allowed
            # Cross-account: the bucket's account grants alice's account, alice's admin grants
            # her: allowed.
            ev = evaluate(policy(allow("s3:GetObject")), "s3:GetObject", "arn:aws:s3:::b/k",
                          principal=ALICE, resource_policy=bucket,
                          context={"aws:ResourceAccount": OTHER})  # fmt: skip
            assert ev.allowed and ev.cross_account
            bob = f"arn:aws:iam::{OTHER}:user/bob"
            assert not evaluate(policy(allow("s3:GetObject")), "s3:GetObject",
                                "arn:aws:s3:::b/k", principal=bob, resource_policy=bucket,
                                context={"aws:ResourceAccount": ACCOUNT}).allowed  # fmt: skip

    def test_key_policy_must_allow_for_kms(self) -> None:
        key = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/k1"
        key_policy = policy(
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/admin"},
             "Action": "kms:*", "Resource": "*"}
        )  # fmt: skip
        ev = evaluate(
            policy(allow("kms:*")), "kms:Decrypt", key, principal=ALICE, resource_policy=key_policy
        )
        assert ev.decision == "implicitDeny"
        assert "key policy" in ev.reason
        admin = evaluate(
            None, "kms:Decrypt", key, principal=f"arn:aws:iam::{ACCOUNT}:user/admin",
            resource_policy=key_policy,
        )  # fmt: skip
        assert admin.allowed
        # Without a key policy given, only the identity side is evaluated.
        assert evaluate(policy(allow("kms:*")), "kms:Decrypt", key, principal=ALICE).allowed

    def test_public_read_with_star_principal(self) -> None:
        public = policy(
            {"Sid": "PublicRead", "Effect": "Allow", "Principal": "*",
             "Action": ["s3:GetObject", "s3:GetObjectVersion"],
             "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}
        )  # fmt: skip
        obj = "arn:aws:s3:::amzn-s3-demo-bucket/index.html"
        assert evaluate(None, "s3:GetObject", obj, resource_policy=public).allowed
        assert evaluate(None, "s3:GetObject", obj, principal=ALICE, resource_policy=public).allowed
        assert not evaluate(None, "s3:PutObject", obj, resource_policy=public).allowed

    def test_named_principal_does_not_match_unknown_caller(self) -> None:
        bucket = policy(
            {"Effect": "Allow", "Principal": {"AWS": ALICE}, "Action": "s3:*",
             "Resource": "arn:aws:s3:::b/*"}
        )  # fmt: skip
        ev = evaluate(None, "s3:GetObject", "arn:aws:s3:::b/k", resource_policy=bucket)
        assert ev.decision == "implicitDeny"
        assert "principal=" in ev.explain()
        bob = f"arn:aws:iam::{ACCOUNT}:user/bob"
        assert not evaluate(
            None, "s3:GetObject", "arn:aws:s3:::b/k", principal=bob, resource_policy=bucket
        ).allowed

    def test_resource_element_optional_in_resource_policy(self) -> None:
        trust = policy(
            {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
             "Action": "sts:AssumeRole"}
        )  # fmt: skip
        ev = evaluate(
            None, "sts:AssumeRole", ROLE, principal="ec2.amazonaws.com", resource_policy=trust
        )
        assert ev.allowed
        assert ev.statements[0].policy_type == "resource"
        assert not evaluate(
            None, "sts:AssumeRole", ROLE, principal="lambda.amazonaws.com", resource_policy=trust
        ).allowed

    def test_service_principal_with_source_arn_condition(self) -> None:
        # CloudTrail writing to its bucket, scoped with aws:SourceArn (S3 docs).
        trail = f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/main"
        bucket = policy(
            {"Sid": "AWSCloudTrailWrite", "Effect": "Allow",
             "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject",
             "Resource": f"arn:aws:s3:::trail-bucket/AWSLogs/{ACCOUNT}/*",
             "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control",
                                            "aws:SourceArn": trail}}}
        )  # fmt: skip
        obj = f"arn:aws:s3:::trail-bucket/AWSLogs/{ACCOUNT}/x.json.gz"
        ctx = {"s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": trail}
        kw: dict[str, Any] = {"principal": "cloudtrail.amazonaws.com", "resource_policy": bucket}
        assert evaluate(None, "s3:PutObject", obj, context=ctx, **kw).allowed
        other = {**ctx, "aws:SourceArn": f"arn:aws:cloudtrail:us-east-1:{OTHER}:trail/x"}
        assert not evaluate(None, "s3:PutObject", obj, context=other, **kw).allowed
        # SCPs limit principals of the account, not AWS services.
        scp = policy(allow("ec2:*"))
        assert evaluate(None, "s3:PutObject", obj, context=ctx, scps=[scp], **kw).allowed

    def test_not_principal_deny_needs_account_too(self) -> None:
        bob = f"arn:aws:iam::{OTHER}:user/Bob"
        bucket_deny = {
            "Effect": "Deny",
            "Action": "s3:*",
            "Resource": ["arn:aws:s3:::BUCKETNAME", "arn:aws:s3:::BUCKETNAME/*"],
        }
        allow_bob = {"Effect": "Allow", "Principal": {"AWS": bob}, "Action": "s3:*",
                     "Resource": "arn:aws:s3:::BUCKETNAME/*"}  # fmt: skip
        good = policy(
            {**bucket_deny, "NotPrincipal": {"AWS": [bob, f"arn:aws:iam::{OTHER}:root"]}},
            allow_bob,
        )
        only_user = policy({**bucket_deny, "NotPrincipal": {"AWS": bob}}, allow_bob)
        kw: dict[str, Any] = {"principal": bob, "context": {"aws:ResourceAccount": ACCOUNT}}
        identity = policy(allow("s3:*"))
        ev = evaluate(identity, "s3:GetObject", "arn:aws:s3:::BUCKETNAME/k",
                      resource_policy=good, **kw)  # fmt: skip
        assert ev.allowed
        ev = evaluate(identity, "s3:GetObject", "arn:aws:s3:::BUCKETNAME/k",
                      resource_policy=only_user, **kw)  # fmt: skip
        assert ev.decision == "explicitDeny"
        alice = evaluate(identity, "s3:GetObject", "arn:aws:s3:::BUCKETNAME/k",
                         resource_policy=good, principal=ALICE)  # fmt: skip
        assert alice.decision == "explicitDeny"

    def test_not_principal_role_session_needs_session_role_and_account(self) -> None:
        session = f"arn:aws:sts::{OTHER}:assumed-role/cross-account-read-only-role/audit-app"
        role = f"arn:aws:iam::{OTHER}:role/cross-account-read-only-role"
        names = [session, role, f"arn:aws:iam::{OTHER}:root"]
        stmt = {"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::audit/*"}
        allow_all = {"Effect": "Allow", "Principal": {"AWS": OTHER}, "Action": "s3:*",
                     "Resource": "arn:aws:s3:::audit/*"}  # fmt: skip
        kw: dict[str, Any] = {"principal": session, "context": {"aws:ResourceAccount": ACCOUNT}}
        identity = policy(allow("s3:*"))
        full = policy({**stmt, "NotPrincipal": {"AWS": names}}, allow_all)
        assert evaluate(identity, "s3:GetObject", "arn:aws:s3:::audit/k", resource_policy=full,
                        **kw).allowed  # fmt: skip
        partial = policy({**stmt, "NotPrincipal": {"AWS": [session, names[2]]}}, allow_all)
        assert evaluate(identity, "s3:GetObject", "arn:aws:s3:::audit/k",
                        resource_policy=partial, **kw).decision == "explicitDeny"  # fmt: skip

    def test_not_principal_deny_always_applies_with_boundary(self) -> None:
        bucket = policy(
            {"Effect": "Deny", "NotPrincipal": {"AWS": [ALICE, f"arn:aws:iam::{ACCOUNT}:root"]},
             "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}
        )  # fmt: skip
        kw: dict[str, Any] = {"principal": ALICE, "resource_policy": bucket}
        assert evaluate(policy(allow("s3:*")), "s3:GetObject", "arn:aws:s3:::b/k", **kw).allowed
        ev = evaluate(
            policy(allow("s3:*")), "s3:GetObject", "arn:aws:s3:::b/k",
            permissions_boundary=policy(allow("s3:*")), **kw,
        )  # fmt: skip
        assert ev.decision == "explicitDeny"

    def test_not_principal_allow_grants_everyone_else(self) -> None:
        bucket = policy(
            {"Effect": "Allow", "NotPrincipal": {"AWS": ALICE}, "Action": "s3:GetObject",
             "Resource": "arn:aws:s3:::b/*"}
        )  # fmt: skip
        bob = f"arn:aws:iam::{ACCOUNT}:user/bob"
        assert evaluate(None, "s3:GetObject", "arn:aws:s3:::b/k", principal=bob,
                        resource_policy=bucket).allowed  # fmt: skip

    def test_root_user_has_full_access_in_own_account(self) -> None:
        root = f"arn:aws:iam::{ACCOUNT}:root"
        ev = evaluate(None, "ec2:TerminateInstances", "*", principal=root)
        assert ev.allowed
        assert "root" in ev.reason
        assert evaluate(None, "s3:GetObject", "*", principal=root,
                        scps=[policy(allow("ec2:*"))]).decision == "implicitDeny"  # fmt: skip
        assert evaluate(
            None, "s3:GetObject", "arn:aws:s3:::b/k", principal=root,
            context={"aws:ResourceAccount": OTHER},
        ).decision == "implicitDeny"  # fmt: skip

    def test_federated_principal_in_trust_policy(self) -> None:
        trust = policy(
            {"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
             "Action": "sts:AssumeRoleWithWebIdentity",
             "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-2:pool"},
                           "ForAnyValue:StringLike": {
                               "cognito-identity.amazonaws.com:amr": "authenticated"}}}
        )  # fmt: skip
        caller = {"federated": "cognito-identity.amazonaws.com"}
        ctx = {
            "cognito-identity.amazonaws.com:aud": "us-east-2:pool",
            "cognito-identity.amazonaws.com:amr": ["authenticated", "graph.facebook.com"],
        }
        ev = evaluate(None, "sts:AssumeRoleWithWebIdentity", ROLE, principal=caller,
                      resource_policy=trust, context=ctx)  # fmt: skip
        assert ev.allowed
        unauth = {**ctx, "cognito-identity.amazonaws.com:amr": ["unauthenticated"]}
        assert not evaluate(None, "sts:AssumeRoleWithWebIdentity", ROLE, principal=caller,
                            resource_policy=trust, context=unauth).allowed  # fmt: skip


class TestCrossAccount:
    bucket = "arn:aws:s3:::shared-bucket/data.csv"
    bob = f"arn:aws:iam::{OTHER}:user/bob"
    bucket_policy = policy(
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{OTHER}:user/bob"},
         "Action": "s3:GetObject", "Resource": "arn:aws:s3:::shared-bucket/*"}
    )  # fmt: skip
    ctx = {"aws:ResourceAccount": ACCOUNT}

    def test_needs_both_sides(self) -> None:
        identity = policy(allow("s3:GetObject", "arn:aws:s3:::shared-bucket/*"))
        both = evaluate(identity, "s3:GetObject", self.bucket, principal=self.bob,
                        resource_policy=self.bucket_policy, context=self.ctx)  # fmt: skip
        assert both.allowed and both.cross_account is True
        assert {s.policy_type for s in both.statements} == {"identity", "resource"}
        only_resource = evaluate(None, "s3:GetObject", self.bucket, principal=self.bob,
                                 resource_policy=self.bucket_policy, context=self.ctx)  # fmt: skip
        assert only_resource.decision == "implicitDeny"
        assert "cross-account" in only_resource.reason
        only_identity = evaluate(identity, "s3:GetObject", self.bucket, principal=self.bob,
                                 context=self.ctx)  # fmt: skip
        assert only_identity.decision == "implicitDeny"

    def test_resource_account_may_be_a_number(self) -> None:
        ev = evaluate(policy(allow("s3:*")), "s3:GetObject", self.bucket, principal=self.bob,
                      context={"aws:ResourceAccount": int(ACCOUNT)})  # fmt: skip
        assert ev.cross_account is True and ev.decision == "implicitDeny"

    def test_account_taken_from_resource_arn(self) -> None:
        table = f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/orders"
        identity = policy(allow("dynamodb:GetItem", table))
        same = evaluate(identity, "dynamodb:GetItem", table, principal=ALICE)
        assert same.allowed and same.cross_account is False
        other = evaluate(identity, "dynamodb:GetItem", table, principal=self.bob)
        assert other.decision == "implicitDeny" and other.cross_account is True
        # S3 ARNs carry no account: without aws:ResourceAccount it is treated as same-account.
        assert evaluate(policy(allow("s3:*")), "s3:GetObject", self.bucket,
                        principal=self.bob).cross_account is None  # fmt: skip

    def test_boundary_applies_cross_account(self) -> None:
        identity = policy(allow("s3:*"))
        ev = evaluate(identity, "s3:GetObject", self.bucket, principal=self.bob,
                      resource_policy=self.bucket_policy, context=self.ctx,
                      permissions_boundary=policy(allow("ec2:*")))  # fmt: skip
        assert ev.decision == "implicitDeny"

    def test_cross_account_role_trust_with_external_id(self) -> None:
        # Role in ACCOUNT trusts account OTHER when the caller passes the agreed ExternalId.
        trust = policy(
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"},
             "Action": "sts:AssumeRole",
             "Condition": {"StringEquals": {"sts:ExternalId": "Unique-ID-1234"}}}
        )  # fmt: skip
        role = f"arn:aws:iam::{ACCOUNT}:role/ThirdPartyAccess"
        can_assume = policy(allow("sts:AssumeRole", role))
        kw: dict[str, Any] = {"principal": self.bob, "resource_policy": trust}
        ok = evaluate(can_assume, "sts:AssumeRole", role,
                      context={"sts:ExternalId": "Unique-ID-1234"}, **kw)  # fmt: skip
        assert ok.allowed and ok.cross_account
        wrong = evaluate(can_assume, "sts:AssumeRole", role,
                         context={"sts:ExternalId": "guess"}, **kw)  # fmt: skip
        assert wrong.decision == "implicitDeny"
        assert "sts:ExternalId" in wrong.explain()
        missing = evaluate(can_assume, "sts:AssumeRole", role, **kw)
        assert missing.decision == "implicitDeny"
        no_identity = evaluate(None, "sts:AssumeRole", role,
                               context={"sts:ExternalId": "Unique-ID-1234"}, **kw)  # fmt: skip
        assert no_identity.decision == "implicitDeny"

    def test_same_account_trust_policy_naming_user(self) -> None:
        trust = policy({"Effect": "Allow", "Principal": {"AWS": ALICE}, "Action": "sts:AssumeRole"})
        assert evaluate(None, "sts:AssumeRole", ROLE, principal=ALICE,
                        resource_policy=trust).allowed  # fmt: skip
        # An identity Allow alone does not let alice assume a role whose trust policy omits her.
        bob_only = policy(
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/bob"},
             "Action": "sts:AssumeRole"}
        )  # fmt: skip
        ev = evaluate(policy(allow("sts:AssumeRole")), "sts:AssumeRole", ROLE, principal=ALICE,
                      resource_policy=bob_only)  # fmt: skip
        assert ev.decision == "implicitDeny"
        assert "trust policy" in ev.reason


class TestSCPs:
    full_access = policy({"Sid": "FullAWSAccess", "Effect": "Allow", "Action": "*",
                          "Resource": "*"})  # fmt: skip
    imds_v2 = policy(
        {"Sid": "RequireImdsV2", "Effect": "Deny", "Action": "ec2:RunInstances",
         "Resource": "arn:aws:ec2:*:*:instance/*",
         "Condition": {"StringNotEquals": {"ec2:MetadataHttpTokens": "required"}}}
    )  # fmt: skip
    instance = f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/*"
    admin = policy(allow("ec2:*"))

    def run(self, context: dict[str, Any] | None, scps: Any = None) -> Evaluation:
        return evaluate(self.admin, "ec2:RunInstances", self.instance, principal=ALICE,
                        scps=scps if scps is not None else [self.full_access, self.imds_v2],
                        context=context)  # fmt: skip

    def test_imds_v2_required(self) -> None:
        assert self.run({"ec2:MetadataHttpTokens": "required"}).allowed
        ev = self.run({"ec2:MetadataHttpTokens": "optional"})
        assert ev.decision == "explicitDeny"
        assert ev.statements[0].policy_type == "scp"
        assert ev.statements[0].sid == "RequireImdsV2"
        # A missing key makes StringNotEquals true: the deny applies.
        assert self.run(None).decision == "explicitDeny"

    def test_scp_does_not_grant(self) -> None:
        ev = evaluate(None, "ec2:RunInstances", self.instance, principal=ALICE,
                      scps=[self.full_access])  # fmt: skip
        assert ev.decision == "implicitDeny"

    def test_allow_list_scp_limits(self) -> None:
        s3_only = policy(allow("s3:*"))
        ev = self.run({}, scps=[[self.full_access], [s3_only]])
        assert ev.decision == "implicitDeny"
        assert "SCP level 2" in ev.reason
        # A flat list is one level: any Allow among its policies is enough.
        assert self.run({}, scps=[self.full_access, s3_only]).allowed
        assert self.run({}, scps=s3_only).decision == "implicitDeny"
        assert self.run({}, scps=[[self.full_access, s3_only], self.full_access]).allowed

    def test_scp_limits_resource_policy_grants(self) -> None:
        bucket = policy(
            {"Effect": "Allow", "Principal": {"AWS": ALICE}, "Action": "s3:*",
             "Resource": "arn:aws:s3:::b/*"}
        )  # fmt: skip
        ev = evaluate(None, "s3:GetObject", "arn:aws:s3:::b/k", principal=ALICE,
                      resource_policy=bucket, scps=[policy(allow("ec2:*"))])  # fmt: skip
        assert ev.decision == "implicitDeny"

    def test_empty_level_is_an_error(self) -> None:
        with pytest.raises(LabkitError, match="SCP level 2 is empty"):
            self.run({}, scps=[[self.full_access], []])


# --------------------------------------------------------------------------- S3 examples


class TestS3BucketPolicyExamples:
    bucket_arns = ["arn:aws:s3:::amzn-s3-demo-bucket", "arn:aws:s3:::amzn-s3-demo-bucket/*"]
    obj = "arn:aws:s3:::amzn-s3-demo-bucket/photo.jpg"
    identity = policy(allow("s3:*"))

    def test_deny_without_tls(self) -> None:
        bucket = policy(
            {"Sid": "RestrictToTLSRequestsOnly", "Effect": "Deny", "Principal": "*",
             "Action": "s3:*", "Resource": self.bucket_arns,
             "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
        )  # fmt: skip
        kw: dict[str, Any] = {"principal": ALICE, "resource_policy": bucket}
        plain = evaluate(self.identity, "s3:GetObject", self.obj,
                         context={"aws:SecureTransport": False}, **kw)  # fmt: skip
        assert plain.decision == "explicitDeny"
        assert plain.statements[0].label == (
            "resource policy, statement 'RestrictToTLSRequestsOnly' (index 0)"
        )
        tls = evaluate(self.identity, "s3:GetObject", self.obj,
                       context={"aws:SecureTransport": "true"}, **kw)  # fmt: skip
        assert tls.allowed
        text = tls.explain()
        assert "condition aws:SecureTransport: Bool 'true' did not match value 'false'" in text
        # Key absent: Bool without IfExists is false, so this Deny does not apply.
        assert evaluate(self.identity, "s3:GetObject", self.obj, **kw).allowed

    def test_source_vpce_restriction(self) -> None:
        bucket = policy(
            {"Sid": "Access-to-specific-VPCE-only", "Effect": "Deny", "Principal": "*",
             "Action": "s3:*", "Resource": self.bucket_arns,
             "Condition": {"StringNotEquals": {"aws:sourceVpce": "vpce-1a2b3c4d"}}}
        )  # fmt: skip
        kw: dict[str, Any] = {"principal": ALICE, "resource_policy": bucket}
        assert evaluate(self.identity, "s3:GetObject", self.obj,
                        context={"aws:SourceVpce": "vpce-1a2b3c4d"}, **kw).allowed  # fmt: skip
        other = evaluate(self.identity, "s3:GetObject", self.obj,
                         context={"aws:SourceVpce": "vpce-99999999"}, **kw)  # fmt: skip
        assert other.decision == "explicitDeny"
        internet = evaluate(self.identity, "s3:GetObject", self.obj, **kw)
        assert internet.decision == "explicitDeny"
        assert "negated operator is true when the key is missing" in internet.explain()

    def test_require_kms_encryption_on_put(self) -> None:
        bucket = policy(
            {"Sid": "DenyIncorrectEncryptionHeader", "Effect": "Deny", "Principal": "*",
             "Action": "s3:PutObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*",
             "Condition": {"StringNotEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}}},
            {"Sid": "DenyUnencryptedObjectUploads", "Effect": "Deny", "Principal": "*",
             "Action": "s3:PutObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*",
             "Condition": {"Null": {"s3:x-amz-server-side-encryption": "true"}}},
        )  # fmt: skip
        kw: dict[str, Any] = {"principal": ALICE, "resource_policy": bucket}
        key = "s3:x-amz-server-side-encryption"
        kms = evaluate(self.identity, "s3:PutObject", self.obj, context={key: "aws:kms"}, **kw)
        assert kms.allowed
        aes = evaluate(self.identity, "s3:PutObject", self.obj, context={key: "AES256"}, **kw)
        assert aes.decision == "explicitDeny"
        assert [s.sid for s in aes.statements] == ["DenyIncorrectEncryptionHeader"]
        none = evaluate(self.identity, "s3:PutObject", self.obj, **kw)
        assert [s.sid for s in none.statements] == [
            "DenyIncorrectEncryptionHeader",
            "DenyUnencryptedObjectUploads",
        ]
        # GetObject is not affected.
        assert evaluate(self.identity, "s3:GetObject", self.obj, **kw).allowed

    def test_home_directory_with_username_variable(self) -> None:
        doc = policy(
            {"Action": ["s3:ListBucket"], "Effect": "Allow", "Resource": ["arn:aws:s3:::mybucket"],
             "Condition": {"StringLike": {"s3:prefix": ["${aws:username}/*"]}}},
            {"Action": ["s3:GetObject", "s3:PutObject"], "Effect": "Allow",
             "Resource": ["arn:aws:s3:::mybucket/${aws:username}/*"]},
        )  # fmt: skip
        assert evaluate(doc, "s3:GetObject", "arn:aws:s3:::mybucket/alice/notes.txt",
                        principal=ALICE).allowed  # fmt: skip
        assert not evaluate(doc, "s3:GetObject", "arn:aws:s3:::mybucket/bob/notes.txt",
                            principal=ALICE).allowed  # fmt: skip
        assert evaluate(doc, "s3:ListBucket", "arn:aws:s3:::mybucket", principal=ALICE,
                        context={"s3:prefix": "alice/2024/"}).allowed  # fmt: skip
        assert not evaluate(doc, "s3:ListBucket", "arn:aws:s3:::mybucket", principal=ALICE,
                            context={"s3:prefix": "bob/"}).allowed  # fmt: skip
        # A role session has no aws:username: the variable has no value, nothing matches.
        ev = evaluate(doc, "s3:GetObject", "arn:aws:s3:::mybucket/alice/notes.txt",
                      principal=SESSION)  # fmt: skip
        assert ev.decision == "implicitDeny"
        assert "${aws:username} has no value" in ev.explain()


# --------------------------------------------------------------------------- grammar


class TestActionsAndResources:
    @pytest.mark.parametrize(
        ("pattern", "action", "expected"),
        [
            ("s3:GetObject", "s3:GetObject", True),
            ("s3:GetObject", "S3:getobject", True),
            ("S3:GETOBJECT", "s3:GetObject", True),
            ("s3:Get*", "s3:GetObjectAcl", True),
            ("s3:Get*", "s3:PutObject", False),
            ("s3:*Object", "s3:DeleteObject", True),
            ("iam:*AccessKey*", "iam:UpdateAccessKey", True),
            ("ec2:Describe?nstances", "ec2:DescribeInstances", True),
            ("ec2:Describe?nstances", "ec2:DescribeXXnstances", False),
            ("*", "anything:AtAll", True),
            ("s3:*", "s3express:CreateSession", False),
        ],
    )
    def test_action_wildcards(self, pattern: str, action: str, expected: bool) -> None:
        assert evaluate(policy(allow(pattern)), action, "*").allowed is expected

    def test_not_action(self) -> None:
        doc = policy({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"})
        assert evaluate(doc, "s3:GetObject", "arn:aws:s3:::b/k").allowed
        assert evaluate(doc, "iam:CreateUser", "*").decision == "implicitDeny"
        deny_doc = policy(allow("*"), {"Effect": "Deny", "NotAction": ["s3:Get*"],
                                       "Resource": "*"})  # fmt: skip
        assert evaluate(deny_doc, "s3:GetObject", "*").allowed
        assert evaluate(deny_doc, "s3:PutObject", "*").decision == "explicitDeny"

    @pytest.mark.parametrize(
        ("pattern", "resource", "expected"),
        [
            ("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b/c", True),
            ("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket", False),
            ("arn:aws:s3:::bucket*", "arn:aws:s3:::bucket-logs/key", True),  # the classic gotcha
            ("arn:aws:s3:::bucket/?.txt", "arn:aws:s3:::bucket/a.txt", True),
            ("arn:aws:s3:::bucket/?.txt", "arn:aws:s3:::bucket/ab.txt", False),
            ("arn:aws:s3:::Bucket/*", "arn:aws:s3:::bucket/x", False),  # case-sensitive
            ("arn:aws:ec2:*:*:instance/*", f"arn:aws:ec2:eu-west-1:{ACCOUNT}:instance/i-1", True),
            ("*", "arn:aws:anything:::x", True),
            ("*", "*", True),
            ("arn:aws:s3:::bucket/*", "*", False),
        ],
    )
    def test_resource_wildcards(self, pattern: str, resource: str, expected: bool) -> None:
        assert evaluate(policy(allow("s3:GetObject", pattern)), "s3:GetObject",
                        resource).allowed is expected  # fmt: skip

    def test_not_resource(self) -> None:
        doc = policy(
            allow("s3:*"),
            {"Effect": "Deny", "Action": "s3:*",
             "NotResource": ["arn:aws:s3:::hr-docs", "arn:aws:s3:::hr-docs/*"]},
        )  # fmt: skip
        assert evaluate(doc, "s3:GetObject", "arn:aws:s3:::hr-docs/pay.xlsx").allowed
        assert evaluate(doc, "s3:GetObject", "arn:aws:s3:::other/x").decision == "explicitDeny"

    @pytest.mark.parametrize(
        "document",
        [
            {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*",
                                                    "Resource": "*"}},
            json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                        "Action": ["s3:*"], "Resource": ["*"]}]}),
            json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                        "Action": ["s3:*"], "Resource": ["*"]}]}).encode(),
            parse_policy({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                          "Action": "s3:*", "Resource": "*"}]}),
        ],
    )  # fmt: skip
    def test_policy_forms(self, document: Any) -> None:
        assert evaluate(document, "s3:GetObject", "arn:aws:s3:::b/k").allowed
        assert evaluate([document], "s3:GetObject", "arn:aws:s3:::b/k").allowed


# --------------------------------------------------------------------------- conditions


class TestStringOperators:
    key = "aws:PrincipalTag/team"

    @pytest.mark.parametrize(
        ("operator", "value", "actual", "expected"),
        [
            ("StringEquals", "blue", "blue", True),
            ("StringEquals", "blue", "Blue", False),
            ("StringEquals", ["red", "blue"], "blue", True),  # values are ORed
            ("StringEquals", "blu*", "blue", False),  # no wildcards in Equals
            ("StringNotEquals", "blue", "red", True),
            ("StringNotEquals", "blue", "blue", False),
            ("StringNotEquals", ["red", "blue"], "blue", False),  # NOR
            ("StringNotEquals", ["red", "blue"], "green", True),
            ("StringEqualsIgnoreCase", "BLUE", "blue", True),
            ("StringEqualsIgnoreCase", "BLUE", "red", False),
            ("StringNotEqualsIgnoreCase", "BLUE", "blue", False),
            ("StringNotEqualsIgnoreCase", "BLUE", "red", True),
            ("StringLike", "bl*", "blue", True),
            ("StringLike", "b??e", "blue", True),
            ("StringLike", "b?e", "blue", False),
            ("StringLike", "Bl*", "blue", False),  # case-sensitive
            ("StringNotLike", ["r*", "g*"], "blue", True),
            ("StringNotLike", ["r*", "b*"], "blue", False),
        ],
    )
    def test_operator(self, operator: str, value: Any, actual: str, expected: bool) -> None:
        assert condition_holds(operator, self.key, value, {self.key: actual}) is expected

    def test_non_string_values_compare_as_json_text(self) -> None:
        assert condition_holds("StringEquals", "s3:max-keys", "10", {"s3:max-keys": 10})
        assert condition_holds("StringEquals", "aws:MultiFactorAuthPresent", True,
                               {"aws:MultiFactorAuthPresent": "true"})  # fmt: skip

    def test_keys_are_case_insensitive(self) -> None:
        assert condition_holds("StringEquals", "AWS:SourceVPC", "vpc-1", {"aws:sourcevpc": "vpc-1"})
        assert condition_holds("StringEquals", "aws:sourcevpc", "vpc-1", {"AWS:SOURCEVPC": "vpc-1"})


class TestNumericOperators:
    key = "s3:max-keys"

    @pytest.mark.parametrize(
        ("operator", "value", "actual", "expected"),
        [
            ("NumericEquals", "10", 10, True),
            ("NumericEquals", 10, "10.0", True),
            ("NumericEquals", "10", 11, False),
            ("NumericNotEquals", "10", 11, True),
            ("NumericNotEquals", "10", "10", False),
            ("NumericLessThan", "10", 9, True),
            ("NumericLessThan", "10", 10, False),
            ("NumericLessThanEquals", "10", 10, True),
            ("NumericLessThanEquals", "10", 11, False),
            ("NumericGreaterThan", "10", 11, True),
            ("NumericGreaterThan", "10", 10, False),
            ("NumericGreaterThanEquals", "10", 10, True),
            ("NumericGreaterThanEquals", "10", 9.5, False),
            ("NumericLessThan", ["5", "20"], 10, True),  # ORed values
            ("NumericEquals", "10", "ten", False),  # not a number: no match
        ],
    )
    def test_operator(self, operator: str, value: Any, actual: Any, expected: bool) -> None:
        assert condition_holds(operator, self.key, value, {self.key: actual}) is expected


class TestDateOperators:
    key = "aws:CurrentTime"

    @pytest.mark.parametrize(
        ("operator", "value", "actual", "expected"),
        [
            ("DateEquals", "2020-01-01T00:00:00Z", "2020-01-01T00:00:00Z", True),
            ("DateEquals", "2020-01-01T00:00:00Z", "2020-01-01T01:00:00+01:00", True),
            ("DateEquals", "2020-01-01", "2020-01-01T00:00:00Z", True),
            ("DateEquals", "1577836800", "2020-01-01T00:00:00Z", True),  # epoch seconds
            ("DateNotEquals", "2020-01-01T00:00:00Z", "2020-01-02T00:00:00Z", True),
            ("DateNotEquals", "2020-01-01T00:00:00Z", 1577836800, False),
            ("DateLessThan", "2020-06-30T00:00:00Z", "2020-06-29T23:59:59Z", True),
            ("DateLessThan", "2020-06-30T00:00:00Z", "2020-06-30T00:00:00Z", False),
            ("DateLessThanEquals", "2020-06-30T00:00:00Z", "2020-06-30T00:00:00Z", True),
            ("DateGreaterThan", "2020-06-30T00:00:00Z", "2020-07-01T00:00:00Z", True),
            ("DateGreaterThan", "2020-06-30T00:00:00Z", "2020-06-01T00:00:00Z", False),
            ("DateGreaterThanEquals", 1593475200, "2020-06-30T00:00:00Z", True),
            ("DateLessThan", "2020-06-30T00:00:00Z", "not a date", False),
        ],
    )
    def test_operator(self, operator: str, value: Any, actual: Any, expected: bool) -> None:
        assert condition_holds(operator, self.key, value, {self.key: actual}) is expected

    def test_datetime_objects_and_epoch_time(self) -> None:
        moment = datetime(2020, 1, 1, tzinfo=timezone.utc)
        assert condition_holds("DateEquals", "aws:CurrentTime", "2020-01-01T00:00:00Z",
                               {"aws:CurrentTime": moment})  # fmt: skip
        assert condition_holds("DateLessThan", "aws:EpochTime", "2020-01-02T00:00:00Z",
                               {"aws:EpochTime": 1577836800})  # fmt: skip

    def test_current_time_defaults_to_now(self) -> None:
        assert condition_holds("DateGreaterThan", "aws:CurrentTime", "2001-01-01T00:00:00Z", {})
        assert not condition_holds("DateGreaterThan", "aws:CurrentTime", "2999-01-01", {})


class TestOtherOperators:
    def test_bool(self) -> None:
        key = "aws:MultiFactorAuthPresent"
        assert condition_holds("Bool", key, "true", {key: True})
        assert condition_holds("Bool", key, True, {key: "TRUE"})
        assert not condition_holds("Bool", key, "true", {key: False})
        assert not condition_holds("Bool", key, "true", {})
        assert condition_holds("BoolIfExists", key, "true", {})

    def test_binary_equals(self) -> None:
        key = "key:binary"
        assert condition_holds("BinaryEquals", key, "QmluYXJ5VmFsdWU=", {key: b"BinaryValue"})
        assert condition_holds("BinaryEquals", key, "QmluYXJ5VmFsdWU=", {key: "QmluYXJ5VmFsdWU="})
        assert not condition_holds("BinaryEquals", key, "QmluYXJ5VmFsdWU=", {key: b"Other"})

    @pytest.mark.parametrize(
        ("operator", "value", "actual", "expected"),
        [
            ("IpAddress", "203.0.113.0/24", "203.0.113.7", True),
            ("IpAddress", "203.0.113.0/24", "203.0.114.7", False),
            ("IpAddress", "203.0.113.7", "203.0.113.7", True),  # single address
            ("IpAddress", "203.0.113.5/24", "203.0.113.200", True),  # host bits ignored
            ("IpAddress", ["192.0.2.0/24", "2001:DB8:1234:5678::/64"], "2001:db8:1234:5678::1",
             True),
            ("IpAddress", "2001:DB8:1234:5678::/64", "2001:db8:1234:9999::1", False),
            ("IpAddress", "0.0.0.0/0", "2001:db8::1", False),  # IPv4 block, IPv6 address
            ("IpAddress", "192.0.2.0/24", "not-an-ip", False),
            ("NotIpAddress", "192.0.2.0/24", "198.51.100.1", True),
            ("NotIpAddress", "192.0.2.0/24", "192.0.2.1", False),
        ],
    )  # fmt: skip
    def test_ip(self, operator: str, value: Any, actual: str, expected: bool) -> None:
        assert condition_holds(operator, "aws:SourceIp", value, {"aws:SourceIp": actual}) is (
            expected
        )

    @pytest.mark.parametrize(
        ("operator", "value", "actual", "expected"),
        [
            ("ArnEquals", f"arn:aws:sns:us-east-1:{ACCOUNT}:topic", f"arn:aws:sns:us-east-1:"
             f"{ACCOUNT}:topic", True),
            ("ArnLike", "arn:aws:iam::*:role/admin-*", f"arn:aws:iam::{ACCOUNT}:role/admin-ops",
             True),
            ("ArnEquals", "arn:aws:iam::*:role/admin-*", f"arn:aws:iam::{ACCOUNT}:role/admin-ops",
             True),  # ArnEquals and ArnLike behave the same
            ("ArnLike", "arn:aws:iam::*:role/admin-*", f"arn:aws:iam::{ACCOUNT}:role/Admin-ops",
             False),
            # Wildcards stay inside their segment: '*' in the account field cannot eat colons.
            ("ArnLike", "arn:aws:s3:::*", f"arn:aws:s3:us-east-1:{ACCOUNT}:thing", False),
            ("ArnLike", "arn:aws:sqs:*:*:queue?", f"arn:aws:sqs:eu-west-1:{ACCOUNT}:queue1", True),
            ("ArnLike", "arn:aws:lambda:*:*:function:*", f"arn:aws:lambda:us-east-1:{ACCOUNT}:"
             "function:fn:prod", True),  # the resource part may contain colons
            ("ArnLike", "arn:aws:iam::*:role/*", "not-an-arn", False),
            ("ArnNotEquals", "arn:aws:iam::*:role/admin", f"arn:aws:iam::{ACCOUNT}:role/dev", True),
            ("ArnNotLike", "arn:aws:iam::*:role/dev*", f"arn:aws:iam::{ACCOUNT}:role/dev1", False),
        ],
    )  # fmt: skip
    def test_arn(self, operator: str, value: str, actual: str, expected: bool) -> None:
        assert condition_holds(operator, "aws:SourceArn", value, {"aws:SourceArn": actual}) is (
            expected
        )

    def test_arn_segments_differ_from_string_like(self) -> None:
        ctx = {"aws:SourceArn": f"arn:aws:s3:us-east-1:{ACCOUNT}:thing"}
        assert condition_holds("StringLike", "aws:SourceArn", "arn:aws:s3:::*", ctx) is False
        assert condition_holds("StringLike", "aws:SourceArn", "arn:aws:s3:*", ctx) is True
        assert condition_holds("ArnLike", "aws:SourceArn", "arn:aws:s3:*", ctx) is True

    def test_null(self) -> None:
        key = "aws:TokenIssueTime"
        assert condition_holds("Null", key, "true", {})
        assert not condition_holds("Null", key, "true", {key: "2020-01-01T00:00:00Z"})
        assert condition_holds("Null", key, "false", {key: "2020-01-01T00:00:00Z"})
        assert not condition_holds("Null", key, "false", {})
        assert condition_holds("Null", key, False, {key: "x"})
        assert condition_holds("Null", "aws:TagKeys", "true", {"aws:TagKeys": []})


class TestMissingKeysAndIfExists:
    @pytest.mark.parametrize(
        ("operator", "expected"),
        [
            ("StringEquals", False),
            ("StringLike", False),
            ("NumericLessThan", False),
            ("DateGreaterThan", False),
            ("Bool", False),
            ("IpAddress", False),
            ("ArnLike", False),
            ("BinaryEquals", False),
            # Negated operators are true when the key is missing (IAM docs).
            ("StringNotEquals", True),
            ("StringNotLike", True),
            ("StringNotEqualsIgnoreCase", True),
            ("NumericNotEquals", True),
            ("DateNotEquals", True),
            ("NotIpAddress", True),
            ("ArnNotEquals", True),
            ("ArnNotLike", True),
        ],
    )
    def test_missing_key(self, operator: str, expected: bool) -> None:
        values = {
            "Numeric": "1",
            "Date": "2020-01-01T00:00:00Z",
            "Bool": "true",
            "IpAddress": "10.0.0.0/8",
            "NotIpAddress": "10.0.0.0/8",
            "Arn": "arn:aws:iam::*:role/x",
            "Binary": "QQ==",
        }
        value = next((v for k, v in values.items() if operator.startswith(k)), "x")
        assert condition_holds(operator, "ex:key", value, {}) is expected
        assert condition_holds(operator + "IfExists", "ex:key", value, {}) is True

    def test_if_exists_evaluates_present_keys(self) -> None:
        # The IAM docs' EC2 example: instance type must be t1.*/t2.*/m3.* when given.
        doc = policy(
            {"Effect": "Allow", "Action": "ec2:*", "Resource": "*",
             "Condition": {"StringLikeIfExists": {"ec2:InstanceType": ["t1.*", "t2.*", "m3.*"]}}}
        )  # fmt: skip
        assert evaluate(doc, "ec2:RunInstances", "*", context={"ec2:InstanceType": "t2.micro"}
                        ).allowed  # fmt: skip
        assert not evaluate(doc, "ec2:RunInstances", "*",
                            context={"ec2:InstanceType": "c5.xlarge"}).allowed  # fmt: skip
        assert evaluate(doc, "ec2:DescribeInstances", "*").allowed

    def test_null_value_counts_as_missing(self) -> None:
        assert not condition_holds("StringEquals", "ex:key", "x", {"ex:key": None})
        assert condition_holds("StringNotEquals", "ex:key", "x", {"ex:key": None})

    def test_multiple_keys_and_operators_are_anded(self) -> None:
        statement = allow(
            "s3:GetObject",
            Condition={
                "StringEquals": {
                    "aws:PrincipalTag/team": "blue",
                    "aws:RequestedRegion": "eu-west-1",
                },
                "Bool": {"aws:SecureTransport": "true"},
            },
        )
        ok = {"aws:PrincipalTag/team": "blue", "aws:RequestedRegion": "eu-west-1",
              "aws:SecureTransport": True}  # fmt: skip
        assert decide(statement, ok) == "allowed"
        for key in ok:
            broken = {k: v for k, v in ok.items() if k != key}
            assert decide(statement, broken) == "implicitDeny", key
        assert decide(statement, {**ok, "aws:SecureTransport": False}) == "implicitDeny"


class TestSetOperators:
    key = "aws:TagKeys"

    @pytest.mark.parametrize(
        ("operator", "values", "request_values", "expected"),
        [
            ("ForAllValues:StringEquals", ["env", "team"], ["env"], True),
            ("ForAllValues:StringEquals", ["env", "team"], ["env", "team"], True),
            ("ForAllValues:StringEquals", ["env", "team"], ["env", "cost"], False),
            ("ForAllValues:StringEquals", ["env", "team"], [], True),  # empty set
            ("ForAllValues:StringLike", ["key1*"], ["key1a", "key1b"], True),
            ("ForAnyValue:StringEquals", ["env", "team"], ["cost", "team"], True),
            ("ForAnyValue:StringEquals", ["env", "team"], ["cost"], False),
            ("ForAnyValue:StringEquals", ["env", "team"], [], False),
            # Negated: applied to each request value.
            ("ForAllValues:StringNotEquals", ["secret"], ["env", "team"], True),
            ("ForAllValues:StringNotEquals", ["secret"], ["env", "secret"], False),
            ("ForAnyValue:StringNotEquals", ["secret"], ["env", "secret"], True),
            ("ForAnyValue:StringNotEquals", ["secret"], ["secret"], False),
            # A single request value behaves as a one-element set.
            ("ForAnyValue:StringEquals", ["env"], "env", True),
            ("ForAllValues:StringEquals", ["env"], "cost", False),
        ],
    )
    def test_set_operator(
        self, operator: str, values: list[str], request_values: Any, expected: bool
    ) -> None:
        assert condition_holds(operator, self.key, values, {self.key: request_values}) is expected

    def test_missing_key(self) -> None:
        assert condition_holds("ForAllValues:StringEquals", self.key, ["env"], {}) is True
        assert condition_holds("ForAnyValue:StringEquals", self.key, ["env"], {}) is False
        assert condition_holds("ForAnyValue:StringEqualsIfExists", self.key, ["env"], {}) is True
        assert condition_holds("ForAnyValue:StringNotEquals", self.key, ["env"], {}) is False
        assert condition_holds("ForAllValues:StringNotEquals", self.key, ["env"], {}) is True

    def test_forallvalues_deny_example(self) -> None:
        # IAM docs: deny tagging when any tag key starts with a reserved prefix, guarded by
        # Null so that requests without tag keys are not matched by ForAllValues vacuously.
        doc = policy(
            allow("iam:Tag*"),
            {"Effect": "Deny", "Action": "iam:Tag*", "Resource": "*",
             "Condition": {"ForAnyValue:StringLike": {"aws:TagKeys": ["key1*", "key2*"]}}},
        )  # fmt: skip
        user = f"arn:aws:iam::{ACCOUNT}:user/x"
        assert evaluate(doc, "iam:TagUser", user, context={"aws:TagKeys": ["key1a", "other"]}
                        ).decision == "explicitDeny"  # fmt: skip
        assert evaluate(doc, "iam:TagUser", user, context={"aws:TagKeys": ["other"]}).allowed

    @pytest.mark.parametrize(
        ("tag_keys", "denied"),
        [
            (["key1:legal"], False),
            (["key1:hr", "key1:personnel"], False),
            (["key2:audit"], True),
            (None, True),  # no aws:TagKeys in the request: ForAllValues is true
        ],
    )
    def test_forallvalues_string_not_like_table(self, tag_keys: Any, denied: bool) -> None:
        # IAM docs, "Multivalued context key examples": deny unless every tag key is key1*.
        doc = policy(
            allow("iam:*"),
            {"Sid": "DenyRestrictedTags", "Effect": "Deny", "Action": ["iam:Tag*", "iam:UnTag*"],
             "Resource": ["*"],
             "Condition": {"ForAllValues:StringNotLike": {"aws:TagKeys": "key1*"}}},
        )  # fmt: skip
        ctx = {} if tag_keys is None else {"aws:TagKeys": tag_keys}
        ev = evaluate(doc, "iam:TagRole", ROLE, context=ctx)
        assert (ev.decision == "explicitDeny") is denied

    def test_multivalued_key_without_set_operator(self) -> None:
        ctx = {self.key: ["env", "team"]}
        assert condition_holds("StringEquals", self.key, "team", ctx) is True  # any value
        assert condition_holds("StringEquals", self.key, "cost", ctx) is False
        assert condition_holds("StringNotEquals", self.key, "team", ctx) is False
        assert condition_holds("StringNotEquals", self.key, "cost", ctx) is True

    def test_set_operators_with_other_families(self) -> None:
        key = "ex:ips"
        assert condition_holds("ForAllValues:IpAddress", key, "10.0.0.0/8",
                               {key: ["10.1.1.1", "10.2.2.2"]})  # fmt: skip
        assert not condition_holds("ForAllValues:IpAddress", key, "10.0.0.0/8",
                                   {key: ["10.1.1.1", "192.168.1.1"]})  # fmt: skip
        assert condition_holds("ForAnyValue:NumericGreaterThan", "ex:n", "5", {"ex:n": [1, 9]})
        assert condition_holds("ForAllValues:ArnLike", "ex:arns", "arn:aws:iam::*:role/*",
                               {"ex:arns": [ROLE]})  # fmt: skip


# --------------------------------------------------------------------------- policy variables


class TestPolicyVariables:
    def test_principal_tag_in_resource(self) -> None:
        doc = policy(allow("s3:*", "arn:aws:s3:::bucket/${aws:PrincipalTag/department}/*"))
        caller = {"arn": ALICE, "tags": {"department": "hr"}}
        assert evaluate(doc, "s3:GetObject", "arn:aws:s3:::bucket/hr/x", principal=caller).allowed
        assert not evaluate(doc, "s3:GetObject", "arn:aws:s3:::bucket/it/x",
                            principal=caller).allowed  # fmt: skip
        # Context values take precedence over the principal's.
        assert evaluate(doc, "s3:GetObject", "arn:aws:s3:::bucket/it/x", principal=caller,
                        context={"aws:PrincipalTag/department": "it"}).allowed  # fmt: skip

    def test_abac_principal_tag_matches_resource_tag(self) -> None:
        # IAM tutorial "Define permissions to access AWS resources based on tags".
        doc = policy(
            allow("secretsmanager:GetSecretValue", Condition={"StringEquals": {
                "aws:ResourceTag/access-project": "${aws:PrincipalTag/access-project}"}}),
        )  # fmt: skip
        caller = {"arn": SESSION, "tags": {"access-project": "peg"}}
        secret = f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:db-AbCdEf"
        same = evaluate(doc, "secretsmanager:GetSecretValue", secret, principal=caller,
                        context={"aws:ResourceTag/access-project": "peg"})  # fmt: skip
        assert same.allowed
        other = evaluate(doc, "secretsmanager:GetSecretValue", secret, principal=caller,
                         context={"aws:ResourceTag/access-project": "unicorn"})  # fmt: skip
        assert other.decision == "implicitDeny"
        assert "(= 'peg')" in other.explain()
        untagged = evaluate(doc, "secretsmanager:GetSecretValue", secret, principal=SESSION,
                            context={"aws:ResourceTag/access-project": "peg"})  # fmt: skip
        assert untagged.decision == "implicitDeny"

    def test_principal_derived_keys(self) -> None:
        session = {"arn": SESSION, "userid": "AROAEXAMPLEID:alice-session", "tags": {"t": "v"}}
        doc = policy(
            allow("s3:*", "arn:aws:s3:::b/${aws:userid}/*",
                  Condition={"StringEquals": {"aws:PrincipalAccount": "${aws:PrincipalAccount}",
                                              "aws:PrincipalType": "AssumedRole"},
                             "ArnEquals": {"aws:PrincipalArn": ROLE}}),
        )  # fmt: skip
        assert evaluate(doc, "s3:GetObject", "arn:aws:s3:::b/AROAEXAMPLEID:alice-session/k",
                        principal=session).allowed  # fmt: skip

    def test_variables_in_condition_values(self) -> None:
        doc = policy(allow("sns:*", Condition={"StringLike": {
            "sns:endpoint": "https://example.com/${aws:username}/"}}))  # fmt: skip
        own = {"sns:endpoint": "https://example.com/alice/"}
        other = {"sns:endpoint": "https://example.com/bob/"}
        assert evaluate(doc, "sns:Subscribe", "*", principal=ALICE, context=own).allowed
        assert not evaluate(doc, "sns:Subscribe", "*", principal=ALICE, context=other).allowed

    def test_variable_value_is_literal(self) -> None:
        doc = policy(allow("s3:*", "arn:aws:s3:::b/${aws:PrincipalTag/dir}/*"))
        star = {"arn": ALICE, "tags": {"dir": "*"}}
        assert not evaluate(doc, "s3:GetObject", "arn:aws:s3:::b/anything/k",
                            principal=star).allowed  # fmt: skip
        assert evaluate(doc, "s3:GetObject", "arn:aws:s3:::b/*/k", principal=star).allowed

    def test_special_characters(self) -> None:
        doc = policy(allow("s3:*", "arn:aws:s3:::b/${*}${?}${$}/*"))
        assert evaluate(doc, "s3:GetObject", "arn:aws:s3:::b/*?$/k").allowed
        assert not evaluate(doc, "s3:GetObject", "arn:aws:s3:::b/ab$/k").allowed
        cond_doc = policy(allow("s3:*", Condition={"StringEquals": {"s3:prefix": "a${*}"}}))
        assert evaluate(cond_doc, "s3:ListBucket", "*", context={"s3:prefix": "a*"}).allowed
        assert not evaluate(cond_doc, "s3:ListBucket", "*", context={"s3:prefix": "ab"}).allowed

    def test_default_values(self) -> None:
        doc = policy(allow("s3:*", "arn:aws:s3:::b/${aws:PrincipalTag/team, 'shared'}/*"))
        assert evaluate(doc, "s3:GetObject", "arn:aws:s3:::b/shared/k", principal=ALICE).allowed
        tagged = {"arn": ALICE, "tags": {"team": "blue"}}
        assert evaluate(doc, "s3:GetObject", "arn:aws:s3:::b/blue/k", principal=tagged).allowed
        assert not evaluate(doc, "s3:GetObject", "arn:aws:s3:::b/shared/k",
                            principal=tagged).allowed  # fmt: skip

    def test_missing_variable_drops_only_that_entry(self) -> None:
        doc = policy(allow("s3:*", ["arn:aws:s3:::b/${aws:username}/*", "arn:aws:s3:::pub/*"]))
        assert evaluate(doc, "s3:GetObject", "arn:aws:s3:::pub/k", principal=SESSION).allowed
        assert not evaluate(doc, "s3:GetObject", "arn:aws:s3:::b/alice/k",
                            principal=SESSION).allowed  # fmt: skip
        cond_doc = policy(allow("s3:*", Condition={"StringEquals": {
            "s3:prefix": ["${aws:username}", "public"]}}))  # fmt: skip
        assert evaluate(cond_doc, "s3:ListBucket", "*", principal=SESSION,
                        context={"s3:prefix": "public"}).allowed  # fmt: skip

    def test_missing_variable_in_negated_condition_cannot_match(self) -> None:
        doc = policy(allow("s3:*"), deny("s3:*", Condition={"StringNotEquals": {
            "s3:prefix": "${aws:username}"}}))  # fmt: skip
        # No username: the value cannot match, so "not equal to it" holds and the Deny applies.
        assert evaluate(doc, "s3:ListBucket", "*", principal=SESSION,
                        context={"s3:prefix": "x"}).decision == "explicitDeny"  # fmt: skip
        assert evaluate(doc, "s3:ListBucket", "*", principal=ALICE,
                        context={"s3:prefix": "alice"}).allowed  # fmt: skip

    def test_old_version_has_no_variables(self) -> None:
        for version in ("2008-10-17", None):
            doc = policy(allow("s3:*", "arn:aws:s3:::b/${aws:username}/*"), version=version)
            assert not evaluate(doc, "s3:GetObject", "arn:aws:s3:::b/alice/k",
                                principal=ALICE).allowed  # fmt: skip
            ev = evaluate(doc, "s3:GetObject", "arn:aws:s3:::b/${aws:username}/k",
                          principal=ALICE)  # fmt: skip
            assert ev.allowed
            assert "plain text" in ev.explain()

    def test_no_variables_in_other_families(self) -> None:
        # Numeric values are never substituted: "${s3:max-keys}" is not a number.
        with pytest.raises(LabkitError, match="is not a number"):
            evaluate(policy(allow("s3:*", Condition={"NumericEquals": {
                "s3:max-keys": "${s3:max-keys}"}})), "s3:ListBucket", "*")  # fmt: skip


# --------------------------------------------------------------------------- errors


class TestMalformedPolicies:
    def error(self, *args: Any, **kw: Any) -> str:
        with pytest.raises(LabkitError) as info:
            evaluate(*args, **kw)
        return str(info.value)

    def test_effect_case(self) -> None:
        good = policy(allow("s3:*"))
        bad = policy({"Sid": "AllowUploads", "Effect": "allow", "Action": "s3:PutObject",
                      "Resource": "*"})  # fmt: skip
        message = self.error([good, bad], "s3:PutObject", "*")
        assert message == (
            "identity policy 2, statement 'AllowUploads' (index 0): Effect must be 'Allow' or "
            "'Deny', got 'allow'"
        )

    @pytest.mark.parametrize(
        ("document", "fragment"),
        [
            ("{not json", "identity policy 1: not valid JSON"),
            ({"Version": "2012-10-17"}, "identity policy 1: Statement is missing"),
            ({"Version": "2012-10-18", "Statement": []}, "Version must be '2012-10-17'"),
            ({"Version": "2012-10-17", "Statement": "x"}, "Statement must be an object"),
            ({"Version": "2012-10-17", "Statements": []}, "unknown policy element 'Statements'"),
            (policy({"Action": "s3:*", "Resource": "*"}),
             "statement at index 0: Effect is missing"),
            (policy({"Effect": "Allow", "Resource": "*"}), "exactly one of Action or NotAction"),
            (policy({"Effect": "Allow", "Action": "s3:*", "NotAction": "s3:Get*",
                     "Resource": "*"}), "exactly one of Action or NotAction (it has both)"),
            (policy({"Effect": "Allow", "Action": 42, "Resource": "*"}),
             "Action entries must be non-empty strings, got 42"),
            (policy({"Effect": "Allow", "Action": [], "Resource": "*"}),
             "Action must not be an empty list"),
            (policy(allow("s3GetObject")), "Action 's3GetObject' must look like 'service:Action"),
            (policy(allow("s3:*", "mybucket")), "Resource 'mybucket' must be an ARN"),
            (policy({"Effect": "Allow", "Action": "s3:*"}),
             "Resource (or NotResource) is required in an identity-based policy"),
            (policy(allow("s3:*", effect="x")), "unknown statement element 'effect' (did you "
             "mean 'Effect'?"),
            (policy(allow("s3:*", Actions="x")), "unknown statement element 'Actions' (did you "
             "mean 'Action'?"),
            (policy(allow("s3:*", Principal="*")),
             "Principal is not allowed in an identity-based policy"),
            (policy(allow("s3:*", **cond("StringEqual", "aws:username", "x"))),
             "unknown condition operator 'StringEqual' (did you mean 'StringEquals'?)"),
            (policy(allow("s3:*", **cond("NullIfExists", "aws:username", "true"))),
             "Null has no ...IfExists form"),
            (policy(allow("s3:*", **cond("ForSomeValues:StringEquals", "aws:username", "x"))),
             "unknown set operator 'ForSomeValues'"),
            (policy(allow("s3:*", **cond("StringEquals", "username", "x"))),
             "must be a condition key with a service prefix"),
            (policy(allow("s3:*", **cond("StringEquals", "aws:username", []))),
             "has an empty list of values"),
            (policy(allow("s3:*", **cond("StringEquals", "aws:username", {"a": 1}))),
             "values must be strings, numbers or booleans"),
            (policy(allow("s3:*", **cond("NumericLessThan", "s3:max-keys", "ten"))),
             "'ten' is not a number"),
            (policy(allow("s3:*", **cond("DateLessThan", "aws:CurrentTime", "tomorrow"))),
             "'tomorrow' is not a date"),
            (policy(allow("s3:*", **cond("Bool", "aws:SecureTransport", "yes"))),
             "Bool 'aws:SecureTransport' takes 'true' or 'false'"),
            (policy(allow("s3:*", **cond("IpAddress", "aws:SourceIp", "10.0.0.0/33"))),
             "is not an IP address or CIDR block"),
            (policy(allow("s3:*", **cond("BinaryEquals", "ex:b", "***"))), "is not base64"),
            (policy(allow("s3:*", **cond("Null", "ex:b", "maybe"))), "Null 'ex:b' takes 'true'"),
            (policy(allow("s3:*", Condition=["x"])), "Condition must be an object"),
            (policy({"Sid": "A", **allow("s3:*")}, {"Sid": "A", **allow("ec2:*")}),
             "statement 'A' (index 1): Sid 'A' is also used by the statement at index 0"),
            (policy("not a statement"), "statement at index 0: must be an object"),
            (42, "identity policy 1: a policy must be a dict, a JSON string or a Policy"),
            (allow("s3:*"), "this looks like a single statement, not a policy"),
        ],
    )  # fmt: skip
    def test_messages(self, document: Any, fragment: str) -> None:
        assert fragment in self.error(document, "s3:GetObject", "*")

    @pytest.mark.parametrize(
        ("statement", "fragment"),
        [
            ({"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
             "resource policy, statement at index 0: a resource-based policy statement needs a "
             "Principal"),
            ({"Effect": "Allow", "Principal": "me", "Action": "s3:*"},
             'Principal must be "*" or an object'),
            ({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/*"},
              "Action": "s3:*"}, "wildcards are not allowed in a principal"),
            ({"Effect": "Allow", "Principal": {"User": "alice"}, "Action": "s3:*"},
             "unknown principal type 'User'"),
            ({"Effect": "Allow", "Principal": {"AWS": "alice"}, "Action": "s3:*"},
             "is not an account id, an IAM/STS ARN or '*'"),
            ({"Effect": "Allow", "Principal": "*", "NotPrincipal": "*", "Action": "s3:*"},
             "Principal or NotPrincipal, not both"),
        ],
    )  # fmt: skip
    def test_resource_policy_messages(self, statement: dict[str, Any], fragment: str) -> None:
        assert fragment in self.error(None, "s3:GetObject", "*", resource_policy=policy(statement))

    def test_boundary_and_scp_messages(self) -> None:
        with_principal = policy(allow("s3:*", Principal="*"))
        assert "permissions boundary, statement at index 0: Principal is not allowed in a " \
            "permissions boundary" in self.error(None, "s3:GetObject", "*",
                                                 permissions_boundary=with_principal)  # fmt: skip
        assert "SCP 2, statement at index 0: Principal is not allowed in a service control" in (
            self.error(None, "s3:GetObject", "*", scps=[policy(allow("*")), with_principal])
        )
        assert "SCP level 1, policy 1" in self.error(None, "s3:GetObject", "*",
                                                     scps=[["{bad"]])  # fmt: skip

    def test_scp_may_omit_resource(self) -> None:
        scp = policy({"Effect": "Allow", "Action": "*"})
        assert evaluate(policy(allow("s3:*")), "s3:GetObject", "*", scps=scp).allowed

    @pytest.mark.parametrize(
        ("kwargs", "fragment"),
        [
            ({"action": "GetObject"}, "action must look like 'service:ActionName'"),
            ({"action": None}, "action must look like"),
            ({"resource": ""}, "resource must be an ARN string"),
            ({"principal": "alice"}, "principal 'alice' is not understood"),
            ({"principal": 42}, "principal must be an ARN string or a dict"),
            ({"principal": {"name": "alice"}}, "principal dict has unknown key(s) 'name'"),
            ({"principal": {"arn": ALICE, "type": "robot"}}, "principal type 'robot'"),
            ({"principal": {"arn": ALICE, "tags": {"a": 1}}}, "'tags' must be a dict"),
            ({"context": {1: "x"}}, "context keys must be strings"),
            ({"context": ["x"]}, "context must be a dict"),
        ],
    )
    def test_bad_arguments(self, kwargs: dict[str, Any], fragment: str) -> None:
        args = {"action": "s3:GetObject", "resource": "*", **kwargs}
        message = self.error(policy(allow("s3:*")), args.pop("action"), args.pop("resource"),
                             **args)  # fmt: skip
        assert fragment in message

    def test_parse_policy_names_itself(self) -> None:
        with pytest.raises(LabkitError, match=r"^policy, statement at index 0: Effect"):
            parse_policy(policy({"Effect": "Maybe", "Action": "s3:*", "Resource": "*"}))
        with pytest.raises(LabkitError, match=r"^bucket policy: not valid JSON"):
            parse_policy("{", name="bucket policy")


# --------------------------------------------------------------------------- the result object


class TestEvaluationObject:
    doc = policy({"Sid": "ReadIt", **allow("s3:GetObject", "arn:aws:s3:::b/*")})

    def test_repr_and_fields(self) -> None:
        ev = evaluate(self.doc, "s3:GetObject", "arn:aws:s3:::b/k")
        assert repr(ev) == "<Evaluation allowed: s3:GetObject on arn:aws:s3:::b/k>"
        assert ev.allowed is True
        assert ev.action == "s3:GetObject" and ev.resource == "arn:aws:s3:::b/k"
        assert repr(evaluate(None, "s3:GetObject", "arn:aws:s3:::b/k")) == (
            "<Evaluation implicitDeny: s3:GetObject on arn:aws:s3:::b/k>"
        )

    def test_statements_are_the_policy_statements(self) -> None:
        ev = evaluate(self.doc, "s3:GetObject", "arn:aws:s3:::b/k")
        (stmt,) = ev.statements
        assert isinstance(stmt, Statement)
        assert stmt == self.doc["Statement"][0]
        assert stmt["Sid"] == "ReadIt" and stmt.sid == "ReadIt"
        assert stmt.effect == "Allow" and stmt.index == 0
        assert stmt.policy_label == "identity policy 1"
        assert stmt.label == "identity policy 1, statement 'ReadIt' (index 0)"

    def test_explain_mentions_everything(self) -> None:
        bucket = policy(
            {"Sid": "OnlyFromVpce", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
             "Resource": "arn:aws:s3:::b/*",
             "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1"}}}
        )  # fmt: skip
        ev = evaluate(
            [self.doc, policy(allow("ec2:*"))], "s3:GetObject", "arn:aws:s3:::b/k",
            principal=ALICE, resource_policy=bucket, context={"aws:SourceVpce": "vpce-2"},
            permissions_boundary=policy(allow("s3:*")), scps=[policy(allow("*"))],
        )  # fmt: skip
        assert ev.decision == "explicitDeny"
        text = ev.explain()
        assert text.splitlines()[0] == "explicitDeny: s3:GetObject on arn:aws:s3:::b/k"
        for fragment in [
            "Caller: arn:aws:iam::123456789012:user/alice (IAM user, account 123456789012)",
            "2 identity-based policies, a resource-based policy, a permissions boundary, SCPs",
            "resource policy, statement 'OnlyFromVpce' (index 0): Deny",
            "condition aws:SourceVpce: 'vpce-2' matched none of value 'vpce-1', so "
            "StringNotEquals is true",
            "action s3:GetObject is not covered by Action ['ec2:*']",
            "Explicit Deny check: 1 Deny statement(s) apply",
        ]:
            assert fragment in text, fragment
        assert ev.explain() is text  # computed once

    def test_explain_step_for_each_layer(self) -> None:
        ev = evaluate(self.doc, "s3:GetObject", "arn:aws:s3:::b/k", principal=ALICE,
                      permissions_boundary=policy(allow("ec2:*")))  # fmt: skip
        text = ev.explain()
        assert "Permissions boundary: does not allow it" in text
        assert "Identity-based policies: allow it" in text
        assert "=> implicitDeny" in text

    def test_html_is_escaped(self) -> None:
        doc = policy({"Sid": "<script>alert(1)</script>", **allow("s3:*")})
        ev = evaluate(doc, "s3:GetObject", "arn:aws:s3:::b/<img>", context={"x:y": "<b>"})
        page = ev._repr_html_()
        assert "<script>" not in page and "<img>" not in page and "<b>" not in page
        assert "&lt;script&gt;" in page
        assert page.startswith('<div class="labkit-iam-evaluation">')

    def test_context_reflects_principal_keys(self) -> None:
        ev = evaluate(None, "s3:GetObject", "*", principal={"arn": ALICE, "tags": {"Team": "x"}})
        assert ev.context["aws:username"] == "alice"
        assert ev.context["aws:principalaccount"] == ACCOUNT
        assert ev.context["aws:principaltag/team"] == "x"
        assert ev.context["aws:principaltype"] == "User"
        assert ev.principal is not None and ev.principal.type == "user"


class TestCaching:
    def test_mutated_dict_is_reparsed(self) -> None:
        doc = policy(allow("s3:GetObject"))
        assert evaluate(doc, "s3:GetObject", "*").allowed
        doc["Statement"][0]["Effect"] = "Deny"
        assert evaluate(doc, "s3:GetObject", "*").decision == "explicitDeny"

    def test_parse_policy_is_cached_and_reusable(self) -> None:
        text = json.dumps(policy(allow("s3:*")))
        first = parse_policy(text)
        assert parse_policy(text) is first
        assert isinstance(first, Policy)
        assert parse_policy(first) is first
        assert first.version == "2012-10-17"
        assert first.statements[0]["Action"] == "s3:*"
        assert json.loads(first.to_json()) == json.loads(text)
        assert evaluate(first, "s3:GetObject", "*").allowed

    def test_equal_dicts_share_compiled_policy(self) -> None:
        a = parse_policy(policy(allow("s3:*")))
        b = parse_policy(policy(allow("s3:*")))
        assert a is b


class TestCallers:
    @pytest.mark.parametrize(
        ("principal", "kind", "account"),
        [
            (ALICE, "user", ACCOUNT),
            (f"arn:aws:iam::{ACCOUNT}:user/division/alice", "user", ACCOUNT),
            (ROLE, "role", ACCOUNT),
            (SESSION, "assumed-role", ACCOUNT),
            (f"arn:aws:sts::{ACCOUNT}:federated-user/bob", "federated-user", ACCOUNT),
            (f"arn:aws:iam::{ACCOUNT}:root", "root", ACCOUNT),
            (ACCOUNT, "root", ACCOUNT),
            ("lambda.amazonaws.com", "service", None),
            (f"arn:aws:iam::{ACCOUNT}:saml-provider/Okta", "federated", None),
            ("*", "anonymous", None),
        ],
    )
    def test_principal_strings(self, principal: str, kind: str, account: str | None) -> None:
        ev = evaluate(None, "s3:GetObject", "*", principal=principal)
        assert ev.principal is not None
        assert ev.principal.type == kind
        assert ev.principal.account == account

    def test_session_principal_arn_is_the_role(self) -> None:
        ev = evaluate(None, "s3:GetObject", "*", principal=SESSION)
        assert ev.context["aws:principalarn"] == ROLE
        assert "aws:username" not in ev.context
        with_path = f"arn:aws:iam::{ACCOUNT}:role/team/analyst"
        ev = evaluate(None, "s3:GetObject", "*", principal={"arn": SESSION, "role_arn": with_path})
        assert ev.context["aws:principalarn"] == with_path

    def test_role_arn_principal_matches_sessions_regardless_of_path(self) -> None:
        bucket = policy(
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:role/team/analyst"},
             "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}
        )  # fmt: skip
        assert evaluate(None, "s3:GetObject", "arn:aws:s3:::b/k", principal=SESSION,
                        resource_policy=bucket).allowed  # fmt: skip

    def test_principal_arn_condition_instead_of_principal(self) -> None:
        bucket = policy(
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
             "Resource": "arn:aws:s3:::b/*",
             "Condition": {"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{ACCOUNT}:role/ana*"}}}
        )  # fmt: skip
        assert evaluate(None, "s3:GetObject", "arn:aws:s3:::b/k", principal=SESSION,
                        resource_policy=bucket).allowed  # fmt: skip
        assert not evaluate(None, "s3:GetObject", "arn:aws:s3:::b/k", principal=ALICE,
                            resource_policy=bucket).allowed  # fmt: skip
