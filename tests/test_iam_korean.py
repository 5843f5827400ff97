"""labkit.iam explanations and snapshot-reader notes in Korean (issue 9), English unchanged.

``evaluate()`` stays a pure function: its ``reason``, statement labels and trace lines are
:func:`labkit.i18n.msg` sentences (each equal to its English text), and the language is
picked when they are shown: ``explain(lang)``, ``repr`` and ``_repr_html_`` (default
``$LABKIT_LANG``, else the course folder's language, else English). The corpus below
reuses the scenarios of ``tests/test_iam_evaluate.py`` (AWS documentation examples) and
is checked line by line: every Korean line has Korean in it, the decision does not
depend on the language, and every msg template of ``labkit/iam`` is reached.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

import labkit
from labkit.i18n import Msg, render
from labkit.iam import evaluate
from labkit.snapread import Reader
from tests.test_iam_evaluate import ACCOUNT, ALICE, OTHER, ROLE, SESSION, allow, cond, deny, policy

HANGUL = re.compile("[\uac00-\ud7a3]")

BOB_OTHER = f"arn:aws:iam::{OTHER}:user/bob"
ROOT = f"arn:aws:iam::{ACCOUNT}:root"
KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
OBJ = "arn:aws:s3:::b/k"

CARLOS = f"arn:aws:iam::{ACCOUNT}:user/carlossalazar"
CARLOS_IDENTITY = policy(
    {"Sid": "AllowS3ListRead", "Effect": "Allow", "Action": ["s3:GetBucketLocation", "s3:ListAllMyBuckets"],
     "Resource": "*"},
    {"Sid": "AllowS3Self", "Effect": "Allow", "Action": "s3:*",
     "Resource": ["arn:aws:s3:::carlossalazar/*", "arn:aws:s3:::carlossalazar"]},
    {"Sid": "DenyS3Logs", "Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::*log*"},
)
CARLOS_BUCKET = policy(
    {"Effect": "Allow", "Principal": {"AWS": CARLOS}, "Action": "s3:*",
     "Resource": ["arn:aws:s3:::carlossalazar/*", "arn:aws:s3:::carlossalazar"]}
)
BUCKET_TO_ROLE = policy(
    {"Effect": "Allow", "Principal": {"AWS": ROLE}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}
)
BUCKET_TO_ALICE = policy(
    {"Sid": "AliceReads", "Effect": "Allow", "Principal": {"AWS": ALICE}, "Action": "s3:GetObject",
     "Resource": "arn:aws:s3:::b/*"}
)
BUCKET_TO_ACCOUNT = policy(
    {"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}
)
KEY_POLICY = policy(
    {"Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": {"AWS": ROOT}, "Action": "kms:*",
     "Resource": "*"}
)
KEY_FOR_ALICE = policy({"Effect": "Allow", "Principal": {"AWS": ALICE}, "Action": "kms:Decrypt", "Resource": "*"})
TLS_ONLY = policy(
    {"Sid": "RestrictToTLSRequestsOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
     "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
    {"Sid": "AliceReads", "Effect": "Allow", "Principal": {"AWS": ALICE}, "Action": "s3:GetObject",
     "Resource": "arn:aws:s3:::b/*"},
)
VPCE_ONLY = policy(
    {"Sid": "OnlyFromVpce", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*",
     "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1"}}}
)
SHARED_BUCKET = policy(
    {"Effect": "Allow", "Principal": {"AWS": BOB_OTHER}, "Action": "s3:GetObject",
     "Resource": "arn:aws:s3:::shared-bucket/*"}
)
SHARED = "arn:aws:s3:::shared-bucket/data.csv"
TRUST_WITH_EXTERNAL_ID = policy(
    {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"}, "Action": "sts:AssumeRole",
     "Condition": {"StringEquals": {"sts:ExternalId": "Unique-ID-1234"}}}
)
THIRD_PARTY_ROLE = f"arn:aws:iam::{ACCOUNT}:role/ThirdPartyAccess"
FULL_ACCESS = policy({"Sid": "FullAWSAccess", "Effect": "Allow", "Action": "*", "Resource": "*"})
IMDS_V2 = policy(
    {"Sid": "RequireImdsV2", "Effect": "Deny", "Action": "ec2:RunInstances", "Resource": "arn:aws:ec2:*:*:instance/*",
     "Condition": {"StringNotEquals": {"ec2:MetadataHttpTokens": "required"}}}
)
INSTANCE = f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/*"
HOME = policy(allow("s3:GetObject", "arn:aws:s3:::home/${aws:username}/*"))
FEDERATED_TRUST = policy(
    {"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
     "Action": "sts:AssumeRoleWithWebIdentity",
     "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-2:pool"},
                   "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}}}
)
COGNITO = {"cognito-identity.amazonaws.com:aud": "us-east-2:pool",
           "cognito-identity.amazonaws.com:amr": ["authenticated", "graph.facebook.com"]}
TAG_KEYS_ONLY = policy(allow("ec2:CreateTags", **cond("ForAllValues:StringEquals", "aws:TagKeys", ["env", "team"])))
ANY_TAG_KEY = policy(allow("ec2:CreateTags", **cond("ForAnyValue:StringLike", "aws:TagKeys", ["cost*", "team"])))
NULL_TAG = policy(deny("ec2:RunInstances", **cond("Null", "aws:RequestTag/team", "true")), allow("ec2:*"))


def _case(name: str, decision: str, identity: Any, action: str, resource: str, **kw: Any) -> Any:
    return pytest.param(identity, action, resource, kw, decision, id=name)


CASES = [
    # Policy evaluation logic (IAM User Guide) -----------------------------------------------
    _case("carlos-denied-on-logs", "explicitDeny", CARLOS_IDENTITY, "s3:PutObject",
          "arn:aws:s3:::carlossalazar-logs/file.txt", principal=CARLOS, resource_policy=CARLOS_BUCKET),
    _case("carlos-allowed-both", "allowed", CARLOS_IDENTITY, "s3:PutObject", "arn:aws:s3:::carlossalazar/file.txt",
          principal=CARLOS, resource_policy=CARLOS_BUCKET),
    _case("carlos-bucket-alone", "allowed", None, "s3:PutObject", "arn:aws:s3:::carlossalazar/file.txt",
          principal=CARLOS, resource_policy=CARLOS_BUCKET),
    _case("no-policy", "implicitDeny", None, "s3:GetObject", OBJ),
    _case("action-not-covered", "implicitDeny", policy(allow(["iam:Get*", "iam:List*"])), "iam:CreatePolicy", "*"),
    _case("two-denies", "explicitDeny", policy({"Sid": "A", **deny("s3:*")}, {"Sid": "B", **deny("s3:Get*")},
                                               {"Sid": "C", **allow("s3:*")}), "s3:GetObject", OBJ),
    _case("not-action", "implicitDeny", policy({"Effect": "Allow", "NotAction": ["iam:*", "s3:*"], "Resource": "*"}),
          "iam:CreateUser", "*", principal=ALICE),
    _case("not-action-deny", "explicitDeny", policy(allow("*"), {"Effect": "Deny", "NotAction": "s3:Get*",
                                                                 "Resource": "*"}),
          "ec2:RunInstances", INSTANCE, principal=ALICE),
    _case("not-resource", "implicitDeny", policy({"Effect": "Allow", "Action": "s3:*",
                                                  "NotResource": ["arn:aws:s3:::b/*"]}), "s3:GetObject", OBJ),
    _case("empty-policy", "implicitDeny", {"Version": "2012-10-17", "Statement": []}, "s3:GetObject", OBJ),
    # Permissions boundaries ------------------------------------------------------------------
    _case("boundary-blocks", "implicitDeny", policy(allow("iam:*")), "iam:CreateUser", "*", principal=ALICE,
          permissions_boundary=policy(allow(["s3:*", "ec2:*"]))),
    _case("boundary-allows", "allowed", policy(allow("s3:*")), "s3:GetObject", OBJ, principal=ALICE,
          permissions_boundary=policy(allow("s3:*"))),
    _case("boundary-deny", "explicitDeny", policy(allow("s3:*")), "s3:DeleteObject", OBJ, principal=ALICE,
          permissions_boundary=policy(allow("s3:*"), deny("s3:Delete*"))),
    _case("boundary-and-bucket", "allowed", policy(allow("s3:*")), "s3:GetObject", OBJ, principal=ALICE,
          resource_policy=BUCKET_TO_ALICE, permissions_boundary=policy(allow("s3:*"))),
    _case("bucket-names-user-beyond-boundary", "allowed", None, "s3:GetObject", OBJ, principal=ALICE,
          resource_policy=BUCKET_TO_ALICE, permissions_boundary=policy(allow("ec2:*"))),
    _case("bucket-names-role-limited", "implicitDeny", None, "s3:GetObject", OBJ, principal=SESSION,
          resource_policy=BUCKET_TO_ROLE, permissions_boundary=policy(allow("ec2:*"))),
    _case("bucket-names-role", "allowed", None, "s3:GetObject", OBJ, principal=SESSION,
          resource_policy=BUCKET_TO_ROLE),
    # Resource policies -----------------------------------------------------------------------
    _case("key-policy-delegates-no-iam", "implicitDeny", None, "kms:Decrypt", KEY, principal=ALICE,
          resource_policy=KEY_POLICY),
    _case("key-policy-delegates-with-iam", "allowed", policy(allow("kms:Decrypt", KEY)), "kms:Decrypt", KEY,
          principal=ALICE, resource_policy=KEY_POLICY),
    _case("key-policy-names-alice", "allowed", None, "kms:Decrypt", KEY, principal=ALICE,
          resource_policy=KEY_FOR_ALICE),
    _case("key-policy-omits-caller", "implicitDeny", policy(allow("kms:*")), "kms:Decrypt", KEY,
          principal=f"arn:aws:iam::{ACCOUNT}:user/bob", resource_policy=KEY_FOR_ALICE),
    _case("account-principal-no-identity", "implicitDeny", None, "s3:GetObject", OBJ, principal=ALICE,
          resource_policy=BUCKET_TO_ACCOUNT),
    _case("account-principal-with-identity", "allowed", policy(allow("s3:GetObject")), "s3:GetObject", OBJ,
          principal=ALICE, resource_policy=BUCKET_TO_ACCOUNT),
    _case("public-read", "allowed", None, "s3:GetObject", OBJ, principal="*",
          resource_policy=policy({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                                  "Resource": "arn:aws:s3:::b/*"})),
    _case("named-principal-no-caller", "implicitDeny", None, "s3:GetObject", OBJ, resource_policy=BUCKET_TO_ALICE),
    _case("named-principal-other-caller", "implicitDeny", None, "s3:GetObject", OBJ,
          principal=f"arn:aws:iam::{ACCOUNT}:user/bob", resource_policy=BUCKET_TO_ALICE),
    _case("service-principal", "allowed", None, "sqs:SendMessage", f"arn:aws:sqs:us-east-1:{ACCOUNT}:q",
          principal="sns.amazonaws.com", scps=[policy(allow("ec2:*"))],
          resource_policy=policy({"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"},
                                  "Action": "sqs:SendMessage", "Resource": "*",
                                  "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:*:*:topic"}}}),
          context={"aws:SourceArn": "arn:aws:sns:us-east-1:1:topic"}),
    _case("not-principal-deny", "explicitDeny", policy(allow("s3:*")), "s3:GetObject", OBJ, principal=ALICE,
          resource_policy=policy({"Effect": "Deny", "NotPrincipal": {"AWS": BOB_OTHER}, "Action": "s3:*",
                                  "Resource": "arn:aws:s3:::b/*"})),
    _case("not-principal-excepted", "allowed", policy(allow("s3:*")), "s3:GetObject", OBJ, principal=ALICE,
          resource_policy=policy({"Effect": "Deny", "NotPrincipal": {"AWS": [ALICE, ROOT]}, "Action": "s3:*",
                                  "Resource": "arn:aws:s3:::b/*"})),
    _case("root-own-account", "allowed", None, "ec2:TerminateInstances", "*", principal=ROOT),
    _case("root-scp", "implicitDeny", None, "s3:GetObject", "*", principal=ROOT, scps=[policy(allow("ec2:*"))]),
    _case("federated-trust", "allowed", None, "sts:AssumeRoleWithWebIdentity", ROLE,
          principal={"federated": "cognito-identity.amazonaws.com"}, resource_policy=FEDERATED_TRUST,
          context=COGNITO),
    _case("federated-unauthenticated", "implicitDeny", None, "sts:AssumeRoleWithWebIdentity", ROLE,
          principal={"federated": "cognito-identity.amazonaws.com"}, resource_policy=FEDERATED_TRUST,
          context={**COGNITO, "cognito-identity.amazonaws.com:amr": ["unauthenticated"]}),
    _case("federated-user-session", "allowed", policy(allow("s3:*")), "s3:GetObject", OBJ,
          principal=f"arn:aws:sts::{ACCOUNT}:federated-user/bob"),
    _case("session-without-account", "implicitDeny", None, "s3:GetObject", OBJ,
          principal={"arn": "arn:aws:sts:::assumed-role/analyst/s"}),
    # Cross-account ---------------------------------------------------------------------------
    _case("cross-account-both", "allowed", policy(allow("s3:GetObject", "arn:aws:s3:::shared-bucket/*")),
          "s3:GetObject", SHARED, principal=BOB_OTHER, resource_policy=SHARED_BUCKET,
          context={"aws:ResourceAccount": ACCOUNT}),
    _case("cross-account-no-identity", "implicitDeny", None, "s3:GetObject", SHARED, principal=BOB_OTHER,
          resource_policy=SHARED_BUCKET, context={"aws:ResourceAccount": ACCOUNT}),
    _case("cross-account-no-resource-policy", "implicitDeny", policy(allow("s3:*")), "s3:GetObject", SHARED,
          principal=BOB_OTHER, context={"aws:ResourceAccount": ACCOUNT}),
    _case("cross-account-resource-omits", "implicitDeny", policy(allow("s3:*")), "s3:GetObject", SHARED,
          principal=BOB_OTHER, resource_policy=BUCKET_TO_ALICE, context={"aws:ResourceAccount": ACCOUNT}),
    _case("cross-account-boundary", "implicitDeny", policy(allow("s3:*")), "s3:GetObject", SHARED,
          principal=BOB_OTHER, resource_policy=SHARED_BUCKET, context={"aws:ResourceAccount": ACCOUNT},
          permissions_boundary=policy(allow("ec2:*"))),
    _case("external-id-right", "allowed", policy(allow("sts:AssumeRole", THIRD_PARTY_ROLE)), "sts:AssumeRole",
          THIRD_PARTY_ROLE, principal=BOB_OTHER, resource_policy=TRUST_WITH_EXTERNAL_ID,
          context={"sts:ExternalId": "Unique-ID-1234"}),
    _case("external-id-wrong", "implicitDeny", policy(allow("sts:AssumeRole", THIRD_PARTY_ROLE)), "sts:AssumeRole",
          THIRD_PARTY_ROLE, principal=BOB_OTHER, resource_policy=TRUST_WITH_EXTERNAL_ID,
          context={"sts:ExternalId": "guess"}),
    _case("trust-omits-caller", "implicitDeny", policy(allow("sts:AssumeRole")), "sts:AssumeRole", ROLE,
          principal=ALICE, resource_policy=policy({"Effect": "Allow", "Principal": {"AWS": BOB_OTHER},
                                                   "Action": "sts:AssumeRole"})),
    _case("trust-names-caller", "allowed", None, "sts:AssumeRole", ROLE, principal=ALICE,
          resource_policy=policy({"Effect": "Allow", "Principal": {"AWS": ALICE}, "Action": "sts:AssumeRole"})),
    # SCPs ------------------------------------------------------------------------------------
    _case("scp-imds-required", "allowed", policy(allow("ec2:*")), "ec2:RunInstances", INSTANCE, principal=ALICE,
          scps=[FULL_ACCESS, IMDS_V2], context={"ec2:MetadataHttpTokens": "required"}),
    _case("scp-imds-optional", "explicitDeny", policy(allow("ec2:*")), "ec2:RunInstances", INSTANCE,
          principal=ALICE, scps=[FULL_ACCESS, IMDS_V2], context={"ec2:MetadataHttpTokens": "optional"}),
    _case("scp-imds-missing-key", "explicitDeny", policy(allow("ec2:*")), "ec2:RunInstances", INSTANCE,
          principal=ALICE, scps=[FULL_ACCESS, IMDS_V2]),
    _case("scp-level-2-blocks", "implicitDeny", policy(allow("ec2:*")), "ec2:RunInstances", INSTANCE,
          principal=ALICE, scps=[[FULL_ACCESS], [policy(allow("s3:*"))]]),
    _case("scp-levels-allow", "allowed", policy(allow("ec2:*")), "ec2:RunInstances", INSTANCE, principal=ALICE,
          scps=[[FULL_ACCESS, policy(allow("s3:*"))], FULL_ACCESS]),
    _case("scp-does-not-grant", "implicitDeny", None, "ec2:RunInstances", INSTANCE, principal=ALICE,
          scps=[FULL_ACCESS]),
    # Conditions ------------------------------------------------------------------------------
    _case("tls-deny", "explicitDeny", policy(allow("s3:*")), "s3:GetObject", OBJ, principal=ALICE,
          resource_policy=TLS_ONLY, context={"aws:SecureTransport": False}),
    _case("tls-ok", "allowed", policy(allow("s3:*")), "s3:GetObject", OBJ, principal=ALICE,
          resource_policy=TLS_ONLY, context={"aws:SecureTransport": "true"}),
    _case("tls-key-missing", "allowed", None, "s3:GetObject", OBJ, principal=ALICE, resource_policy=TLS_ONLY),
    _case("vpce-other", "explicitDeny", policy(allow("s3:*")), "s3:GetObject", OBJ, principal=ALICE,
          resource_policy=VPCE_ONLY, context={"aws:SourceVpce": "vpce-2"}),
    _case("vpce-internet", "explicitDeny", policy(allow("s3:*")), "s3:GetObject", OBJ, principal=ALICE,
          resource_policy=VPCE_ONLY),
    _case("vpce-right", "allowed", policy(allow("s3:*")), "s3:GetObject", OBJ, principal=ALICE,
          resource_policy=VPCE_ONLY, context={"aws:SourceVpce": "vpce-1"}),
    _case("numeric-lt", "implicitDeny", policy(allow("s3:ListBucket", **cond("NumericLessThan", "s3:max-keys", 10))),
          "s3:ListBucket", "arn:aws:s3:::b", context={"s3:max-keys": 50}),
    _case("date-window", "allowed",
          policy(allow("s3:*", **cond("DateLessThan", "aws:CurrentTime", "2030-01-01T00:00:00Z"))),
          "s3:GetObject", OBJ, context={"aws:CurrentTime": "2025-06-01T00:00:00Z"}),
    _case("ip-ranges", "implicitDeny",
          policy(allow("s3:*", **cond("IpAddress", "aws:SourceIp", ["10.0.0.0/8", "192.168.0.0/16"]))),
          "s3:GetObject", OBJ, context={"aws:SourceIp": "203.0.113.7"}),
    _case("not-ip", "allowed", policy(allow("s3:*", **cond("NotIpAddress", "aws:SourceIp", "10.0.0.0/8"))),
          "s3:GetObject", OBJ, context={"aws:SourceIp": "203.0.113.7"}),
    _case("arn-like", "allowed", policy(allow("s3:*", **cond("ArnLike", "aws:PrincipalArn",
                                                            f"arn:aws:iam::{ACCOUNT}:role/ana*"))),
          "s3:GetObject", OBJ, principal=SESSION),
    _case("if-exists-missing", "allowed",
          policy(allow("s3:*", **cond("StringEqualsIfExists", "s3:x-amz-server-side-encryption", "aws:kms"))),
          "s3:PutObject", OBJ),
    _case("positive-missing", "implicitDeny",
          policy(allow("s3:*", **cond("StringEquals", "s3:x-amz-server-side-encryption", "aws:kms"))),
          "s3:PutObject", OBJ),
    _case("for-all-values-pass", "allowed", TAG_KEYS_ONLY, "ec2:CreateTags", INSTANCE,
          context={"aws:TagKeys": ["env"]}),
    _case("for-all-values-fail", "implicitDeny", TAG_KEYS_ONLY, "ec2:CreateTags", INSTANCE,
          context={"aws:TagKeys": ["env", "owner"]}),
    _case("for-all-values-missing", "allowed", TAG_KEYS_ONLY, "ec2:CreateTags", INSTANCE),
    _case("for-any-value-pass", "allowed", ANY_TAG_KEY, "ec2:CreateTags", INSTANCE,
          context={"aws:TagKeys": ["costcenter", "x"]}),
    _case("for-any-value-none", "implicitDeny", ANY_TAG_KEY, "ec2:CreateTags", INSTANCE,
          context={"aws:TagKeys": ["env"]}),
    _case("for-any-value-missing", "implicitDeny", ANY_TAG_KEY, "ec2:CreateTags", INSTANCE),
    _case("null-absent", "explicitDeny", NULL_TAG, "ec2:RunInstances", INSTANCE),
    _case("null-present", "allowed", NULL_TAG, "ec2:RunInstances", INSTANCE,
          context={"aws:RequestTag/team": "blue"}),
    _case("null-both", "explicitDeny",
          policy(deny("s3:*", **cond("Null", "aws:TokenIssueTime", ["true", "false"]))), "s3:GetObject", OBJ),
    _case("null-false-present", "explicitDeny",
          policy(deny("s3:*", **cond("Null", "aws:TokenIssueTime", "false")), allow("s3:*")), "s3:GetObject", OBJ,
          principal=ROLE, context={"aws:TokenIssueTime": "2025-01-01T00:00:00Z"}),
    _case("null-false-absent", "allowed",
          policy(deny("s3:*", **cond("Null", "aws:TokenIssueTime", "false")), allow("s3:*")), "s3:GetObject", OBJ),
    _case("bool-true", "allowed", policy(allow("s3:*", **cond("Bool", "aws:MultiFactorAuthPresent", "true"))),
          "s3:GetObject", OBJ, context={"aws:MultiFactorAuthPresent": True}),
    # Policy variables --------------------------------------------------------------------------
    _case("home-own", "allowed", HOME, "s3:GetObject", "arn:aws:s3:::home/alice/notes.txt", principal=ALICE),
    _case("home-other", "implicitDeny", HOME, "s3:GetObject", "arn:aws:s3:::home/bob/notes.txt", principal=ALICE),
    _case("home-no-username", "implicitDeny", HOME, "s3:GetObject", "arn:aws:s3:::home/alice/notes.txt"),
    _case("variables-in-condition", "implicitDeny",
          policy(allow("s3:ListBucket", **cond("StringLike", "s3:prefix",
                                               ["${aws:username}/*", "${aws:PrincipalTag/team}/*"]))),
          "s3:ListBucket", "arn:aws:s3:::b", context={"s3:prefix": "x/"}),
    _case("one-variable-unresolved", "allowed",
          policy(allow("s3:ListBucket", **cond("StringLike", "s3:prefix", ["${aws:username}/*", "shared/*"]))),
          "s3:ListBucket", "arn:aws:s3:::b", context={"s3:prefix": "shared/x"}),
    _case("old-version", "implicitDeny", policy(allow("s3:*", "arn:aws:s3:::home/${aws:username}/*"),
                                                version="2008-10-17"),
          "s3:GetObject", "arn:aws:s3:::home/alice/k", principal=ALICE),
]


def _korean_problems(ev: Any) -> list[str]:
    """Lines of ev.explain("ko") without Korean (the "=> decision" line is the simulator's word)."""
    return [line for line in ev.explain("ko").splitlines()
            if line.strip() and not line.startswith("  => ") and not HANGUL.search(line)]


@pytest.mark.parametrize(("identity", "action", "resource", "kw", "decision"), CASES)
def test_explanations_read_in_korean(identity: Any, action: str, resource: str, kw: dict[str, Any],
                                     decision: str) -> None:
    ev = evaluate(identity, action, resource, **kw)
    assert ev.decision == decision
    assert isinstance(ev.reason, Msg) and HANGUL.search(render(ev.reason, "ko")), ev.reason
    assert not HANGUL.search(ev.reason)
    english, korean = ev.explain("en"), ev.explain("ko")
    assert english == ev.explain() and not HANGUL.search(english)  # English by default, and English only
    assert not _korean_problems(ev), "\n".join(_korean_problems(ev)) + "\n\n" + korean
    # The language changes the words, never the decision or the shape of the story.
    assert korean.splitlines()[0].split(":")[0] == english.splitlines()[0].split(":")[0] == decision
    assert f"  => {decision}" in korean.splitlines()
    assert len(korean.splitlines()) == len(english.splitlines())
    assert render(ev.reason, "ko") in korean
    for statement in ev.statements:
        assert isinstance(statement.label, Msg) and HANGUL.search(render(statement.label, "ko"))
        assert statement.label == f"{statement.policy_label}, {statement.statement_label}"


def test_every_iam_template_is_reached_by_the_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each msg template of labkit/iam is rendered in Korean by some case above."""
    from tests.test_messages import templates

    used: set[str] = set()
    original = Msg.render

    def spy(self: Msg, lang: str) -> str:
        used.add(self.template)
        return original(self, lang)

    monkeypatch.setattr(Msg, "render", spy)
    for param in CASES:
        identity, action, resource, kw, _ = param.values
        ev = evaluate(identity, action, resource, **kw)
        ev.explain("ko")
        render(ev.reason, "ko")
    repr_ev = evaluate(None, "s3:GetObject", OBJ)
    monkeypatch.setenv("LABKIT_LANG", "ko")
    repr(repr_ev)
    ours = {t for t, where in templates().items() if where.startswith("labkit/iam/")}
    assert sorted(ours - used) == []


def test_display_follows_the_course_language(monkeypatch: pytest.MonkeyPatch) -> None:
    ev = evaluate(policy({"Sid": "ReadIt", **allow("s3:GetObject", "arn:aws:s3:::b/*")}), "s3:GetObject", OBJ)
    english_html = ev._repr_html_()
    assert repr(ev) == "<Evaluation allowed: s3:GetObject on arn:aws:s3:::b/k>"
    monkeypatch.setenv("LABKIT_LANG", "ko")
    assert repr(ev) == "<Evaluation allowed: arn:aws:s3:::b/k에 대한 s3:GetObject>"
    assert ev.explain() == ev.explain("ko") and "이유: 자격 증명 기반 정책에 의해 허용됨." in ev.explain()
    page = ev._repr_html_()
    assert page.startswith('<div class="labkit-iam-evaluation">') and HANGUL.search(page)
    assert "<code>arn:aws:s3:::b/k</code>에 대한 <code>s3:GetObject</code>" in page
    assert "자격 증명 기반 정책 1, 정책 문 &#x27;ReadIt&#x27;(인덱스 0): Allow" in page
    assert ev.explain("en") != ev.explain("ko")  # an explicit language wins over $LABKIT_LANG
    monkeypatch.setenv("LABKIT_LANG", "en")
    assert ev._repr_html_() == english_html
    monkeypatch.setenv("LABKIT_LANG", "klingon")  # a repr never fails: English
    assert repr(ev) == "<Evaluation allowed: s3:GetObject on arn:aws:s3:::b/k>"
    with pytest.raises(labkit.LabkitError):
        ev.explain("klingon")


def test_english_is_unchanged() -> None:
    """Exact English the other tests and the English notebooks pin."""
    bucket = policy(
        {"Sid": "OnlyFromVpce", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*",
         "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1"}}}
    )
    ev = evaluate([policy({"Sid": "ReadIt", **allow("s3:GetObject", "arn:aws:s3:::b/*")}), policy(allow("ec2:*"))],
                  "s3:GetObject", OBJ, principal=ALICE, resource_policy=bucket,
                  context={"aws:SourceVpce": "vpce-2"}, permissions_boundary=policy(allow("s3:*")),
                  scps=[policy(allow("*"))])
    assert ev.reason == "explicitly denied by resource policy, statement 'OnlyFromVpce' (index 0)"
    assert ev.statements[0].label == "resource policy, statement 'OnlyFromVpce' (index 0)"
    assert ev.statements[0].statement_label == "statement 'OnlyFromVpce' (index 0)"
    text = ev.explain()
    for line in [
        "explicitDeny: s3:GetObject on arn:aws:s3:::b/k",
        "Caller: arn:aws:iam::123456789012:user/alice (IAM user, account 123456789012)",
        "Policies considered: 2 identity-based policies, a resource-based policy, a permissions boundary, "
        "SCPs (1 level).",
        "Request context: aws:SourceVpce='vpce-2'",
        "Why: explicitly denied by resource policy, statement 'OnlyFromVpce' (index 0).",
        "  1. Explicit Deny check: 1 Deny statement(s) apply (resource policy, statement 'OnlyFromVpce' (index 0)). "
        "An explicit Deny overrides every Allow.",
        "    - statement 'OnlyFromVpce' (index 0), Deny: applies (its Principal names every principal ('*')); "
        "condition aws:SourceVpce: 'vpce-2' matched none of value 'vpce-1', so StringNotEquals is true",
        "    - statement at index 0, Allow: does not apply: action s3:GetObject is not covered by Action ['ec2:*']",
    ]:
        assert line in text.splitlines(), line
    assert not HANGUL.search(text)
    korean = ev.explain("ko")
    for line in [
        "explicitDeny: arn:aws:s3:::b/k에 대한 s3:GetObject",
        "호출자: arn:aws:iam::123456789012:user/alice (IAM 사용자, 계정 123456789012)",
        "검토한 정책: 자격 증명 기반 정책 2개, 리소스 기반 정책 있음, 권한 경계 있음, SCP(계층 1개).",
        "이유: 리소스 정책, 정책 문 'OnlyFromVpce'(인덱스 0)에 의해 명시적으로 거부됨.",
        "    - 정책 문 'OnlyFromVpce'(인덱스 0), Deny: 적용됨(Principal에서 모든 보안 주체('*')를 지정함); "
        "조건 aws:SourceVpce: 요청 값 'vpce-2', 정책 값 'vpce-1'에 일치하지 않으므로 StringNotEquals 결과가 true가 됨",
    ]:
        assert line in korean.splitlines(), line


def test_reasons_embedded_in_other_messages_follow_their_language() -> None:
    """Graders and controls put ev.reason / statement labels into their own msg()s."""
    from labkit.i18n import msg

    ev = evaluate(None, "s3:GetObject", OBJ, principal=ALICE, resource_policy=TLS_ONLY,
                  context={"aws:SecureTransport": False})
    finding = msg("lets {who} {action} on {resource} ({why})", who="x", action="s3:GetObject", resource=OBJ,
                  why=ev.reason)
    assert finding == ("lets x s3:GetObject on arn:aws:s3:::b/k (explicitly denied by resource policy, "
                       "statement 'RestrictToTLSRequestsOnly' (index 0))")
    assert "리소스 정책, 정책 문 'RestrictToTLSRequestsOnly'(인덱스 0)에 의해 명시적으로 거부됨" in finding.render("ko")
    label = msg("{request} is denied by {statement}", request="r", statement=ev.statements[0].statement_label)
    assert "정책 문 'RestrictToTLSRequestsOnly'(인덱스 0)" in label.render("ko")


# --------------------------------------------------------------------------- snapshot notes

MANGLED = {
    "ec2": {"vpcs": "not a list", "subnets": [{"SubnetId": "subnet-1"}, "junk", 7], "security_groups": []},
    "s3": ["not", "a", "section"],
    "iam": {"users": [], "policies": []},
}


def test_reader_notes_read_in_korean() -> None:
    notes: list[Any] = []
    for snapshot in (["a list"], MANGLED, {"labkit": {"format": 7}, "ec2": {}}):
        reader = Reader(snapshot)
        reader.items("ec2", "vpcs")
        reader.items("ec2", "subnets")
        reader.items("ec2", "route_tables")
        reader.items("s3", "buckets")
        reader.items("rds", "db_instances")
        notes += reader.skipped
    english = [str(note) for note in notes]
    assert english[:2] == ["the snapshot is a list, not a dict: nothing could be read",
                           "no 'labkit' header (region and account unknown)"]
    for expected in ["ec2.vpcs is not a list (found str)", "ec2.subnets: 2 entries are not objects",
                     "ec2.route_tables is missing", "'s3' is not a section (found list)",
                     "no 'rds' section in the snapshot", "snapshot format 7 (this labkit reads format 1)"]:
        assert expected in english
    assert all(isinstance(note, Msg) for note in notes)
    korean = [render(note, "ko") for note in notes]
    assert all(HANGUL.search(text) for text in korean), korean
    assert "ec2.subnets: 항목 2개가 객체가 아닙니다" in korean


def test_report_notes_in_korean() -> None:
    english = labkit.audit(MANGLED, lang="en")
    korean = labkit.audit(MANGLED, lang="ko")
    assert "no 'labkit' header (region and account unknown)" in english.notes
    assert len(korean.notes) == len(english.notes) >= 2
    assert all(HANGUL.search(note) for note in korean.notes), korean.notes
    assert "'labkit' 헤더가 없습니다(리전과 계정을 알 수 없음)" in korean.notes
    assert "참고: 'labkit' 헤더가 없습니다(리전과 계정을 알 수 없음)" in str(korean)


def test_diagram_notes_are_translatable() -> None:
    """Diagram.skipped holds the reader's notes rendered in the diagram's language."""
    from labkit.diagrams import from_snapshot

    diagram = from_snapshot({"labkit": {"region": "ap-northeast-2"}, "ec2": {}}, "network", lang="ko")
    assert diagram.skipped[:1] == ["ec2.vpcs 항목이 없습니다"]  # notes are rendered in the diagram's language
    english = from_snapshot({"labkit": {"region": "ap-northeast-2"}, "ec2": {}}, "network", lang="en")
    assert english.skipped[:1] == ["ec2.vpcs is missing"]
