"""The graders graded: IAM tasks. Starter scores 0, the reference solution full
marks, each named near miss loses exactly the check that should fail, and an
alternative correct build (resource API, equivalent policy forms) scores full
marks. Policies are judged by evaluating requests, so these variants change
behaviour, not just text."""

from __future__ import annotations

import copy
import json

import pytest

import labkit
from labkit.catalogue import grade, grade_snapshot, task
from labkit.catalogue.iam import (
    CROSS_TRUST,
    GUARDRAILS,
    UPLOADS_POLICY,
    solve_cross_account_role,
    solve_least_privilege,
    solve_scp_guardrails,
)

IAM_TASKS = ["iam.least_privilege", "iam.cross_account_role", "iam.scp_guardrails"]
UPLOADS = "arn:aws:s3:::my-app-bucket/uploads/*"


def failed(result):
    return sorted(f.check for f in result.findings if not f.passed)


def assert_lost_exactly(result, expected):
    assert failed(result) == expected, repr(result)
    lost = sum(f.max_points for f in result.findings if not f.passed)
    assert result.score == result.max_score - lost
    assert all(f.hint for f in result.findings if not f.passed)
    assert not any(f.message.startswith("could not check") for f in result.findings)


@pytest.mark.parametrize("task_id", IAM_TASKS)
def test_starter_scores_zero_and_solution_full_marks(task_id):
    chosen = task(task_id)
    with labkit.Lab(chosen.starter) as lab:
        start = grade(task_id, lab, record=False)
        assert start.score == 0 and len(start.findings) == len(chosen.checks), repr(start)
        chosen.solution(lab)
        done = grade(task_id, lab, record=False)
    assert done.passed and done.score == done.max_score == chosen.max_score == 10, repr(done)


# -- iam.least_privilege ------------------------------------------------------------
def _policy_arn(lab):
    return next(p["Arn"] for p in lab.client("iam").list_policies(Scope="Local")["Policies"]
                if p["PolicyName"] == "AppUploadsPolicy")


def _new_version(lab, document):
    lab.client("iam").create_policy_version(PolicyArn=_policy_arn(lab), PolicyDocument=json.dumps(document),
                                            SetAsDefault=True)


def _allow_without_kms(lab):
    doc = copy.deepcopy(UPLOADS_POLICY)
    del doc["Statement"][1]["Condition"]
    _new_version(lab, doc)


def _whole_bucket(lab):
    doc = copy.deepcopy(UPLOADS_POLICY)
    for statement in doc["Statement"]:
        statement["Resource"] = "arn:aws:s3:::my-app-bucket/*"
    _new_version(lab, doc)


def _not_attached(lab):
    lab.client("iam").detach_role_policy(RoleName="app-role", PolicyArn=_policy_arn(lab))


def _extra_s3_star(lab):
    doc = copy.deepcopy(UPLOADS_POLICY)
    doc["Statement"].append({"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::my-app-bucket"})
    _new_version(lab, doc)


def _seed_one_statement(lab):
    # The seed's example: one statement, its encryption condition also applied to GetObject.
    _new_version(lab, {"Version": "2012-10-17", "Statement": [{
        "Sid": "AllowSpecificS3Actions", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
        "Resource": UPLOADS, "Condition": {"StringEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}}}]})


def _inline_wildcard(lab):
    lab.client("iam").put_role_policy(RoleName="app-role", PolicyName="debug", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))


@pytest.mark.parametrize(
    ("near_miss", "expected"),
    [
        (_allow_without_kms, ["iam.unencrypted_writes_denied"]),
        (_whole_bucket, ["iam.nothing_else"]),
        (_not_attached, ["iam.policy_attached"]),
        (_extra_s3_star, ["iam.nothing_else"]),
        (_seed_one_statement, ["iam.reads_allowed"]),
        (_inline_wildcard, ["iam.nothing_else", "iam.unencrypted_writes_denied"]),
    ],
    ids=["allow-without-kms", "whole-bucket", "not-attached", "extra-s3-star-statement",
         "seed-condition-on-reads", "inline-s3-wildcard"],
)
def test_least_privilege_near_misses(near_miss, expected):
    with labkit.Lab("iam-basics") as lab:
        solve_least_privilege(lab)
        near_miss(lab)
        result = grade("iam.least_privilege", lab, record=False)
    assert_lost_exactly(result, expected)


def test_least_privilege_messages_name_the_request_and_the_decision():
    with labkit.Lab("iam-basics") as lab:
        solve_least_privilege(lab)
        _allow_without_kms(lab)
        result = grade("iam.least_privilege", lab, record=False)
        snap = lab.snapshot(["iam"])
    finding = next(f for f in result.findings if f.check == "iam.unencrypted_writes_denied")
    assert finding.resource == "app-role"
    assert "PutObject uploads/a.txt without an encryption header → allowed" in finding.message
    assert "PutObject uploads/a.txt with SSE-S3 (AES256) → allowed" in finding.message
    assert "s3:x-amz-server-side-encryption" in finding.hint and finding.link.startswith("https://docs.aws")
    # Same snapshot, same findings: grading is a pure function of the snapshot.
    assert repr(grade_snapshot("iam.least_privilege", snap)) == repr(result)


def test_aws_managed_policy_cannot_be_evaluated():
    """moto has no AWS-managed policies; a submission that attaches one cannot show 'nothing else'."""
    with labkit.Lab("iam-basics") as lab:
        solve_least_privilege(lab)
        snap = lab.snapshot(["iam"])
    role = next(r for r in snap["iam"]["roles"] if r["RoleName"] == "app-role")
    role["AttachedPolicies"].append("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
    result = grade_snapshot("iam.least_privilege", snap)
    assert_lost_exactly(result, ["iam.nothing_else", "iam.unencrypted_writes_denied"])
    finding = next(f for f in result.findings if f.check == "iam.nothing_else")
    assert "cannot be evaluated" in finding.message and "AmazonS3ReadOnlyAccess" in finding.message


def test_least_privilege_with_the_resource_api_and_a_deny_unless_kms():
    """Equivalent form: one Allow for both actions (Action list) plus a Deny of unencrypted writes,
    built with the resource API, beside an unrelated inline policy on another role."""
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObject"], "Resource": [UPLOADS]},
            {"Sid": "DenyUnencrypted", "Effect": "Deny", "Action": "s3:PutObject", "Resource": UPLOADS,
             "Condition": {"StringNotLike": {"s3:x-amz-server-side-encryption": "aws:kms"}}},
        ],
    }
    with labkit.Lab("iam-basics", seed=3) as lab:
        iam = lab.resource("iam")
        policy = iam.create_policy(PolicyName="AppUploadsPolicy", PolicyDocument=json.dumps(document))
        iam.Role("app-role").attach_policy(PolicyArn=policy.arn)
        result = grade("iam.least_privilege", lab, record=False)
    assert result.passed, repr(result)


# -- iam.cross_account_role ----------------------------------------------------------
def _trust(lab, document):
    lab.client("iam").update_assume_role_policy(RoleName="CrossAccountRole", PolicyDocument=json.dumps(document))


def _no_external_id(lab):
    doc = copy.deepcopy(CROSS_TRUST)
    del doc["Statement"][0]["Condition"]
    _trust(lab, doc)


def _principal_star(lab):
    doc = copy.deepcopy(CROSS_TRUST)
    doc["Statement"][0]["Principal"] = "*"
    _trust(lab, doc)


def _twelve_hours(lab):
    lab.client("iam").update_role(RoleName="CrossAccountRole", MaxSessionDuration=43200)


def _own_account_trusted(lab):
    doc = copy.deepcopy(CROSS_TRUST)
    doc["Statement"][0]["Principal"] = {"AWS": lab.account_id}
    _trust(lab, doc)


@pytest.mark.parametrize(
    ("near_miss", "expected"),
    [
        (_no_external_id, ["iam.external_id"]),
        (_principal_star, ["iam.trust_only_partner"]),
        (_twelve_hours, ["iam.max_session"]),
        (_own_account_trusted, ["iam.external_id", "iam.trust_only_partner", "iam.trust_partner"]),
    ],
    ids=["no-external-id", "principal-star", "max-session-43200", "trusts-own-account"],
)
def test_cross_account_near_misses(near_miss, expected):
    with labkit.Lab() as lab:
        solve_cross_account_role(lab)
        near_miss(lab)
        result = grade("iam.cross_account_role", lab, record=False)
    assert_lost_exactly(result, expected)
    if near_miss is _principal_star:
        outsiders = next(f for f in result.findings if f.check == "iam.trust_only_partner")
        assert "an IAM user of another account (111122223333) → allowed" in outsiders.message


def test_cross_account_role_equivalent_forms():
    """Resource API, default MaxSessionDuration (3600), the partner named by bare account id in a list,
    StringLike, and the trust policy replaced after creation."""
    trust = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": ["987654321098"]}, "Action": ["sts:AssumeRole"],
        "Condition": {"StringLike": {"sts:ExternalId": ["labkit-workshop"]}}}]}
    placeholder = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    with labkit.Lab(seed=7) as lab:
        role = lab.resource("iam").create_role(RoleName="CrossAccountRole",
                                               AssumeRolePolicyDocument=json.dumps(placeholder))
        before = grade("iam.cross_account_role", lab, record=False)
        role.AssumeRolePolicy().update(PolicyDocument=json.dumps(trust))
        result = grade("iam.cross_account_role", lab, record=False)
    assert failed(before) == ["iam.external_id", "iam.trust_only_partner", "iam.trust_partner"], repr(before)
    assert result.passed, repr(result)


# -- iam.scp_guardrails --------------------------------------------------------------
def _orgs(lab):
    return lab.client("organizations")


def _root(lab):
    return _orgs(lab).list_roots()["Roots"][0]["Id"]


def _guardrails_id(lab):
    return next(p["Id"] for p in _orgs(lab).list_policies(Filter="SERVICE_CONTROL_POLICY")["Policies"]
                if p["Name"] == "Guardrails")


def _content(lab, document):
    _orgs(lab).update_policy(PolicyId=_guardrails_id(lab), Content=json.dumps(document))


def _scp_not_attached(lab):
    _orgs(lab).detach_policy(PolicyId=_guardrails_id(lab), TargetId=_root(lab))


def _imds_inverted(lab):
    doc = copy.deepcopy(GUARDRAILS)
    doc["Statement"][1]["Condition"] = {"StringEquals": {"ec2:MetadataHttpTokens": "required"}}
    _content(lab, doc)


def _no_leave_deny(lab):
    doc = copy.deepcopy(GUARDRAILS)
    del doc["Statement"][0]
    _content(lab, doc)


def _imds_on_every_resource(lab):
    doc = copy.deepcopy(GUARDRAILS)
    doc["Statement"][1]["Resource"] = "*"
    _content(lab, doc)


def _full_access_detached(lab):
    _orgs(lab).detach_policy(PolicyId="p-FullAWSAccess", TargetId=_root(lab))


@pytest.mark.parametrize(
    ("near_miss", "expected"),
    [
        (_scp_not_attached, ["scp.attached"]),
        (_imds_inverted, ["scp.imdsv2"]),
        (_no_leave_deny, ["scp.leave_org"]),
        (_imds_on_every_resource, ["scp.imdsv2"]),
        (_full_access_detached, ["scp.imdsv2", "scp.normal_use"]),
    ],
    ids=["not-attached-to-root", "imds-condition-inverted", "no-leave-organization-deny",
         "imds-deny-on-resource-star", "full-aws-access-detached"],
)
def test_scp_near_misses(near_miss, expected):
    with labkit.Lab() as lab:
        solve_scp_guardrails(lab)
        near_miss(lab)
        result = grade("iam.scp_guardrails", lab, record=False)
    assert_lost_exactly(result, expected)
    imds = next(f for f in result.findings if f.check == "scp.imdsv2")
    if near_miss is _imds_on_every_resource:
        assert "RunInstances: its AMI → explicitDeny" in imds.message
    if near_miss is _full_access_detached:  # both failures point at the missing Allow
        assert "RunInstances with MetadataHttpTokens=required → implicitDeny" in imds.message
        assert all("FullAWSAccess" in f.hint for f in result.findings if not f.passed)


def test_scp_equivalent_form_replacing_full_aws_access():
    """Guardrails carries its own Allow *, FullAWSAccess is detached after it is attached, the statements
    come in another order, and the root is matched with ArnLike."""
    document = {"Version": "2012-10-17", "Statement": [
        {"Sid": "NoRoot", "Effect": "Deny", "Action": ["*"], "Resource": "*",
         "Condition": {"ArnLike": {"aws:PrincipalArn": ["arn:aws:iam::*:root"]}}},
        {"Effect": "Deny", "Action": ["ec2:RunInstances"], "Resource": ["arn:aws:ec2:*:*:instance/*"],
         "Condition": {"StringNotEqualsIgnoreCase": {"ec2:MetadataHttpTokens": ["required"]}}},
        {"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"},
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
    ]}
    with labkit.Lab(seed=2) as lab:
        orgs = _orgs(lab)
        orgs.create_organization(FeatureSet="ALL")
        root = _root(lab)
        policy_id = orgs.create_policy(Name="Guardrails", Type="SERVICE_CONTROL_POLICY", Description="x",
                                       Content=json.dumps(document))["Policy"]["PolicySummary"]["Id"]
        orgs.attach_policy(PolicyId=policy_id, TargetId=root)
        orgs.detach_policy(PolicyId="p-FullAWSAccess", TargetId=root)
        orgs.create_organizational_unit(ParentId=root, Name="workloads")
        result = grade("iam.scp_guardrails", lab, record=False)
    assert result.passed, repr(result)


# -- odd input -------------------------------------------------------------------------
MANGLED = [
    {"iam": {"roles": [{"RoleName": "app-role", "AttachedPolicies": "x", "InlinePolicies": {"a": 5}}],
             "policies": [{"PolicyName": "AppUploadsPolicy", "Arn": "arn:p", "Document": "not json"}]}},
    {"iam": {"roles": [{"RoleName": "CrossAccountRole", "MaxSessionDuration": "3600",
                        "AssumeRolePolicyDocument": {"Statement": [{"Effect": "allow"}]}}]}},
    {"iam": {"roles": [{"RoleName": "CrossAccountRole", "AssumeRolePolicyDocument": [1, 2]}]}},
    {"organizations": {"organization": {"FeatureSet": "ALL"}, "roots": [{"Id": "r-1"}],
                       "policies": [{"PolicySummary": {"Name": "Guardrails"}, "Content": [[{"x": 1}]],
                                     "Targets": [{"TargetId": "r-1"}]}]}},
    {"organizations": {"organization": "yes", "roots": "r", "policies": [None, 3]}},
]


@pytest.mark.parametrize("bad", MANGLED, ids=["bad-policy", "bad-trust", "trust-list", "bad-scp", "garbage"])
def test_mangled_snapshots_give_specific_findings(bad):
    for task_id in IAM_TASKS:
        result = grade_snapshot(task_id, bad)
        assert result.score < result.max_score and len(result.findings) == len(task(task_id).checks)
        assert not any(f.message.startswith("could not check") for f in result.findings), repr(result)
