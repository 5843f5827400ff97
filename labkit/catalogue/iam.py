"""IAM tasks: a least-privilege role policy, a cross-account role guarded by an
external id, and SCP guardrails for an organization.

Every policy is graded by asking :func:`labkit.iam.evaluate` what AWS would
decide for a table of requests, never by reading the JSON text, so any
equivalent way of writing a policy (one statement or two, StringEquals or
StringLike, an Allow plus a Deny-unless...) earns the same marks.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import LabkitError
from ..grading import Check, Task
from ..i18n import join, msg
from ..iam import evaluate
from ..snapread import dicts, listed, num, sub, text
from . import register

if TYPE_CHECKING:
    from ..lab import Lab

Result = tuple[bool, str, str, str]

IAM_DOC = "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
ORG_DOC = "https://docs.aws.amazon.com/organizations/latest/userguide/"
EVALUATION_DOC = IAM_DOC + "reference_policies_evaluation-logic.html"
DEFAULT_ACCOUNT = "123456789012"
ALLOW_ALL = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}


# -- request tables ------------------------------------------------------------------
# A private copy of "evaluate a table of requests"; labkit/catalogue/_policy.py (S3 tasks)
# holds a similar helper and the two could be folded into one.
@dataclass(frozen=True)
class _Request:
    """One row of a table: what is asked, by whom, with which condition keys."""

    label: str
    action: str
    resource: str
    principal: Any = None
    context: Mapping[str, Any] = field(default_factory=dict)


def _wrong(rows: Sequence[_Request], want_allowed: bool, **policies: Any) -> list[Any]:
    """The rows whose decision is not the wanted one, each with what AWS would say."""
    out = []
    for row in rows:
        ev = evaluate(
            policies.get("identity"), row.action, row.resource, principal=row.principal,
            resource_policy=policies.get("resource"), scps=policies.get("scps"), context=dict(row.context),
            permissions_boundary=policies.get("boundary"),
        )
        if ev.allowed != want_allowed:
            out.append(msg("{request} → {decision}", request=row.label, decision=ev.decision))
    return out


def _listing(items: list[Any], limit: int = 3) -> Any:
    shown = join("; ", items[:limit])
    return msg("{shown} (and {count} more)", shown=shown, count=len(items) - limit) if len(items) > limit else shown


def _problem(name: str, document: Any, kind: str) -> str | None:
    """Why ``document`` cannot be evaluated as a ``kind`` policy, or None if it can."""
    if not isinstance(document, (dict, str)):
        return msg("{name} is not a policy document (found {type})", name=name, type=type(document).__name__)
    label = {"identity": "identity policy 1", "resource": "resource policy", "scp": "SCP 1"}[kind]
    try:
        if kind == "identity":
            evaluate([document], "s3:GetObject", "*")
        elif kind == "resource":
            evaluate(None, "sts:AssumeRole", f"arn:aws:iam::{DEFAULT_ACCOUNT}:role/x", resource_policy=document)
        else:
            evaluate(ALLOW_ALL, "s3:ListBucket", "*", scps=[document])
    except LabkitError as err:
        return str(err).replace(label, name, 1)
    return None


def _account(snap: dict[str, Any]) -> str:
    return text(sub(snap, "labkit").get("account_id")) or DEFAULT_ACCOUNT


def _region(snap: dict[str, Any]) -> str:
    return text(sub(snap, "labkit").get("region")) or "ap-northeast-2"


def _named(items: list[dict[str, Any]], key: str, name: str) -> dict[str, Any] | None:
    return next((i for i in items if i.get(key) == name), None)


# -- iam.least_privilege -------------------------------------------------------------
POLICY_NAME = "AppUploadsPolicy"
APP_ROLE = "app-role"
BUCKET = "arn:aws:s3:::my-app-bucket"
UPLOADS_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "ReadUploads", "Effect": "Allow", "Action": "s3:GetObject", "Resource": f"{BUCKET}/uploads/*"},
        {
            "Sid": "WriteUploadsWithKms",
            "Effect": "Allow",
            "Action": "s3:PutObject",
            "Resource": f"{BUCKET}/uploads/*",
            "Condition": {"StringEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}},
        },
    ],
}
KMS = {"s3:x-amz-server-side-encryption": "aws:kms"}
READS = (
    _Request(msg("GetObject {key}", key="uploads/a.txt"), "s3:GetObject", f"{BUCKET}/uploads/a.txt"),
    _Request(msg("GetObject {key}", key="uploads/2025/report.pdf"), "s3:GetObject",
             f"{BUCKET}/uploads/2025/report.pdf"),
)
ENCRYPTED_WRITES = (
    _Request(msg("PutObject {key} with SSE-KMS", key="uploads/a.txt"), "s3:PutObject", f"{BUCKET}/uploads/a.txt",
             context=KMS),
    _Request(msg("PutObject {key} with SSE-KMS", key="uploads/2025/b.png"), "s3:PutObject",
             f"{BUCKET}/uploads/2025/b.png", context=KMS),
)
UNENCRYPTED_WRITES = (
    _Request(msg("PutObject {key} without an encryption header", key="uploads/a.txt"), "s3:PutObject",
             f"{BUCKET}/uploads/a.txt"),
    _Request(msg("PutObject {key} with SSE-S3 (AES256)", key="uploads/a.txt"), "s3:PutObject",
             f"{BUCKET}/uploads/a.txt", context={"s3:x-amz-server-side-encryption": "AES256"}),
)
ANYTHING_ELSE = (
    _Request(msg("GetObject {key}", key="other/x.txt"), "s3:GetObject", f"{BUCKET}/other/x.txt"),
    _Request(msg("PutObject {key} with SSE-KMS", key="other/x.txt"), "s3:PutObject", f"{BUCKET}/other/x.txt",
             context=KMS),
    _Request(msg("GetObject {key}", key="uploads-archive/a.txt"), "s3:GetObject", f"{BUCKET}/uploads-archive/a.txt"),
    _Request(msg("GetObject in bucket {bucket}", bucket="other-bucket"), "s3:GetObject",
             "arn:aws:s3:::other-bucket/uploads/a.txt"),
    _Request(msg("PutObject in bucket {bucket} with SSE-KMS", bucket="my-app-bucket-backup"), "s3:PutObject",
             "arn:aws:s3:::my-app-bucket-backup/uploads/a.txt", context=KMS),
    _Request(msg("DeleteObject {key}", key="uploads/a.txt"), "s3:DeleteObject", f"{BUCKET}/uploads/a.txt"),
    _Request(msg("PutObjectAcl {key}", key="uploads/a.txt"), "s3:PutObjectAcl", f"{BUCKET}/uploads/a.txt"),
    _Request(msg("ListBucket {bucket}", bucket="my-app-bucket"), "s3:ListBucket", BUCKET),
    _Request(msg("PutBucketPolicy {bucket}", bucket="my-app-bucket"), "s3:PutBucketPolicy", BUCKET),
    _Request(msg("DeleteBucket {bucket}", bucket="my-app-bucket"), "s3:DeleteBucket", BUCKET),
    _Request("ListAllMyBuckets", "s3:ListAllMyBuckets", "*"),
    _Request("iam:CreateUser", "iam:CreateUser", "*"),
    _Request("iam:AttachRolePolicy", "iam:AttachRolePolicy", "*"),
    _Request("iam:PassRole", "iam:PassRole", "*"),
    _Request("sts:AssumeRole", "sts:AssumeRole", "*"),
    _Request("ec2:RunInstances", "ec2:RunInstances", "*"),
    _Request("dynamodb:Scan", "dynamodb:Scan", "*"),
)


@dataclass
class _AppRole:
    """What app-role may do, gathered from the snapshot once per check."""

    role: dict[str, Any] | None
    policy: dict[str, Any] | None
    attached: bool
    documents: list[tuple[str, Any]]
    unknown: list[str]
    boundary: Any
    problems: list[str]
    principal: dict[str, str]
    context: dict[str, Any]


def _app_role(snap: dict[str, Any]) -> _AppRole:
    iam = sub(snap, "iam")
    policies = dicts(iam, "policies")
    by_arn = {text(p.get("Arn")): p for p in policies if text(p.get("Arn"))}
    policy = _named(policies, "PolicyName", POLICY_NAME)
    role = _named(dicts(iam, "roles"), "RoleName", APP_ROLE)
    documents: list[tuple[str, Any]] = []
    unknown: list[str] = []
    arns = [a for a in listed(role or {}, "AttachedPolicies") if isinstance(a, str)]
    for arn in arns:
        found = by_arn.get(arn)
        if found is None or "Document" not in found:
            unknown.append(arn)  # AWS-managed (moto has none) or not in the snapshot
        else:
            documents.append((msg("policy {name}", name=text(found.get("PolicyName"), arn)), found.get("Document")))
    for name, doc in sorted(sub(role, "InlinePolicies").items()):
        documents.append((msg("inline policy {name}", name=name), doc))
    attached = policy is not None and text(policy.get("Arn")) in arns
    if policy is not None and not attached:
        # Judge the policy's content as if attached: the attachment has its own check.
        documents.append((msg("policy {name}", name=POLICY_NAME), policy.get("Document")))
    boundary = None
    boundary_arn = text(sub(role, "PermissionsBoundary").get("PermissionsBoundaryArn"))
    if boundary_arn and boundary_arn in by_arn:
        boundary = by_arn[boundary_arn].get("Document")
    problems = [p for name, doc in documents if (p := _problem(name, doc, "identity"))]
    if boundary is not None and (p := _problem(msg("the permissions boundary"), boundary, "identity")):
        problems.append(p)
    account = _account(snap)
    role_arn = text((role or {}).get("Arn")) or f"arn:aws:iam::{account}:role/{APP_ROLE}"
    principal = {"arn": f"arn:aws:sts::{account}:assumed-role/{APP_ROLE}/labkit-check", "role_arn": role_arn}
    context = {"aws:SecureTransport": True, "aws:RequestedRegion": _region(snap), "aws:ResourceAccount": account}
    return _AppRole(role, policy, attached, documents, unknown, boundary, problems, principal, context)


def _role_rows(app: _AppRole, rows: Sequence[_Request]) -> list[_Request]:
    return [_Request(r.label, r.action, r.resource, app.principal, {**app.context, **r.context}) for r in rows]


def _nothing_to_judge(app: _AppRole) -> Result | None:
    if app.problems:
        return (False, APP_ROLE, msg("a policy cannot be evaluated: {problem}", problem=app.problems[0]),
                msg("Fix the policy document (iam.create_policy_version(..., SetAsDefault=True))."))
    if not app.documents:
        where = msg("app-role has no policies") if app.role is not None else msg("there is no role app-role")
        return (False, POLICY_NAME, msg("nothing to evaluate: {where} and there is no policy {policy}",
                                        where=where, policy=POLICY_NAME),
                msg("iam.create_policy(PolicyName='{policy}', PolicyDocument=json.dumps(...)), then "
                    "iam.attach_role_policy(RoleName='{role}', PolicyArn=...)", policy=POLICY_NAME, role=APP_ROLE))
    return None


def _evaluated(app: _AppRole) -> Any:
    names = join(", ", [name for name, _ in app.documents])
    if app.attached or app.policy is None:
        return names
    return msg("{names} (as if {policy} were attached)", names=names, policy=POLICY_NAME)


def _policy_attached(snap: dict[str, Any]) -> Result:
    app = _app_role(snap)
    if app.policy is None:
        return (False, POLICY_NAME, msg("there is no customer-managed policy named {policy}", policy=POLICY_NAME),
                msg("iam.create_policy(PolicyName='{policy}', PolicyDocument=json.dumps(policy))", policy=POLICY_NAME))
    arn = text(app.policy.get("Arn"), POLICY_NAME)
    if app.role is None:
        return (False, APP_ROLE, msg("there is no role named {role}", role=APP_ROLE),
                msg("iam.create_role(RoleName='{role}', AssumeRolePolicyDocument=...) trusting ec2.amazonaws.com",
                    role=APP_ROLE))
    if not app.attached:
        return (False, arn, msg("{policy} exists but is not attached to app-role", policy=POLICY_NAME),
                msg("iam.attach_role_policy(RoleName='{role}', PolicyArn='{arn}')", role=APP_ROLE, arn=arn))
    return True, arn, msg("{policy} is attached to app-role", policy=POLICY_NAME), ""


def _must_allow(rows: Sequence[_Request], what: str, hint: str) -> Callable[[dict[str, Any]], Result]:
    """``what`` names an ability (a msg: "read objects under uploads/")."""

    def run(snap: dict[str, Any]) -> Result:
        app = _app_role(snap)
        blocked = _nothing_to_judge(app)
        if blocked:
            return blocked
        wrong = _wrong(_role_rows(app, rows), True, identity=[d for _, d in app.documents], boundary=app.boundary)
        if wrong:
            return False, APP_ROLE, msg("app-role cannot {what}: {requests}", what=what, requests=_listing(wrong)), hint
        return True, APP_ROLE, msg("app-role can {what} ({count} requests allowed by {policies})", what=what,
                                   count=len(rows), policies=_evaluated(app)), ""

    return run


def _must_deny(rows: Sequence[_Request], what: str, hint: str,
               needs: Sequence[_Request] = ()) -> Callable[[dict[str, Any]], Result]:
    """``what`` states the rule being shown (a msg: "nothing else is allowed")."""

    def run(snap: dict[str, Any]) -> Result:
        app = _app_role(snap)
        blocked = _nothing_to_judge(app)
        if blocked:
            return blocked
        identity = [d for _, d in app.documents]
        if needs and len(_wrong(_role_rows(app, needs), True, identity=identity, boundary=app.boundary)) == len(needs):
            return (False, APP_ROLE, msg("nothing to judge: app-role cannot write to uploads/ at all, so '{what}' "
                                         "is not shown by denying every write", what=what),
                    msg("First allow s3:PutObject on uploads/* with SSE-KMS."))
        wrong = _wrong(_role_rows(app, rows), False, identity=identity, boundary=app.boundary)
        if wrong:
            return False, APP_ROLE, msg("{what} does not hold: {requests}", what=what, requests=_listing(wrong)), hint
        if app.unknown:
            return (False, APP_ROLE, msg("cannot be evaluated: app-role also has {arns} attached, whose document is "
                                         "not in the snapshot (an AWS-managed policy: moto has none), so labkit "
                                         "cannot show that {what}", arns=", ".join(sorted(app.unknown)), what=what),
                    msg("Detach it (iam.detach_role_policy) and grant only what the task asks in your own policy."))
        return True, APP_ROLE, msg("{what}: {count} requests denied", what=what, count=len(rows)), ""

    return run


def solve_least_privilege(lab: Lab) -> None:
    iam = lab.client("iam")
    arn = iam.create_policy(PolicyName=POLICY_NAME, PolicyDocument=json.dumps(UPLOADS_POLICY))["Policy"]["Arn"]
    iam.attach_role_policy(RoleName=APP_ROLE, PolicyArn=arn)


register(Task(
    id="iam.least_privilege",
    topic="iam",
    title="A least-privilege policy for app-role",
    text=(
        "IAM (Identity and Access Management) attaches policies (정책) to users (사용자), groups (그룹) and roles "
        "(역할). Identity-based policies say what an identity may do, resource-based policies (a bucket policy, a "
        "role's trust policy) say who may touch a resource, and a permissions boundary (권한 경계) caps what "
        "identity-based policies can grant. Everything starts implicitly denied, an Allow grants, and an explicit "
        "Deny anywhere wins. Following the principle of least privilege (최소 권한 원칙), create the "
        f"customer-managed policy `{POLICY_NAME}` and attach it to the role `{APP_ROLE}` (the application's EC2 "
        "role, which uses temporary credentials instead of hard-coded access keys). It must allow exactly two "
        "actions on `arn:aws:s3:::my-app-bucket/uploads/*`: `s3:GetObject`, and `s3:PutObject` only when the "
        "upload asks for SSE-KMS (condition key `s3:x-amz-server-side-encryption` equal to `aws:kms`). Nothing "
        "else: no other prefix or bucket, no ListBucket, DeleteObject, IAM or EC2. Careful with the seed's "
        "one-statement example: a GET request carries no encryption header, so a condition on that key also "
        "blocks reads; give reads and writes their own statements, or add a Deny for writes without aws:kms. "
        "The grader evaluates requests against every policy of the role (KMS key permissions are out of "
        "scope: the default aws/s3 key needs none)."
    ),
    starter="iam-basics",
    solution=solve_least_privilege,
    services=("iam",),
    checks=(
        Check("iam.policy_attached", 2, msg("{policy} attached to app-role", policy=POLICY_NAME), _policy_attached,
              IAM_DOC + "access_policies_manage-attach-detach.html"),
        Check("iam.reads_allowed", 2, msg("reads in uploads/ allowed"),
              _must_allow(READS, msg("read objects under uploads/"),
                          msg("Allow s3:GetObject on arn:aws:s3:::my-app-bucket/uploads/* with no encryption "
                              "condition (GET requests carry no s3:x-amz-server-side-encryption key).")),
              IAM_DOC + "best-practices.html#grant-least-privilege"),
        Check("iam.encrypted_writes", 2, msg("SSE-KMS uploads allowed"),
              _must_allow(ENCRYPTED_WRITES, msg("upload SSE-KMS objects under uploads/"),
                          msg("Allow s3:PutObject on arn:aws:s3:::my-app-bucket/uploads/* with Condition "
                              "{{'StringEquals': {{'s3:x-amz-server-side-encryption': 'aws:kms'}}}}.")),
              "https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#require-sse-kms"),
        Check("iam.unencrypted_writes_denied", 2, msg("uploads without SSE-KMS denied"),
              _must_deny(UNENCRYPTED_WRITES, msg("uploads without SSE-KMS are denied"),
                         msg("Put the condition {{'StringEquals': {{'s3:x-amz-server-side-encryption': 'aws:kms'}}}} "
                             "on the PutObject Allow (a missing key makes StringEquals false)."),
                         needs=ENCRYPTED_WRITES),
              "https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#require-sse-kms"),
        Check("iam.nothing_else", 2, msg("nothing else allowed"),
              _must_deny(ANYTHING_ELSE, msg("nothing else is allowed"),
                         msg("Scope Resource to arn:aws:s3:::my-app-bucket/uploads/* and Action to s3:GetObject and "
                             "s3:PutObject; remove wildcards and extra statements or policies.")),
              EVALUATION_DOC),
    ),
))


# -- iam.cross_account_role ------------------------------------------------------------
CROSS_ROLE = "CrossAccountRole"
PARTNER = "987654321098"
OTHER = "111122223333"
EXTERNAL_ID = "labkit-workshop"
CROSS_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "PartnerWithExternalId",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{PARTNER}:root"},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"sts:ExternalId": EXTERNAL_ID}},
        }
    ],
}
CALLER_POLICY = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                           "Resource": "*"}]}
RIGHT_ID = {"sts:ExternalId": EXTERNAL_ID}
PARTNER_USER = f"arn:aws:iam::{PARTNER}:user/partner-admin"
OWN_ACCOUNT_USER = "<a user of the lab's own account>"  # filled in from the snapshot's account id
PARTNER_CALLERS = (
    _Request(msg("an IAM user of {account}", account=PARTNER), "sts:AssumeRole", "", PARTNER_USER, RIGHT_ID),
    _Request(msg("a role session of {account}", account=PARTNER), "sts:AssumeRole", "",
             f"arn:aws:sts::{PARTNER}:assumed-role/PartnerDeployer/ci", RIGHT_ID),
)
OUTSIDERS = (
    _Request(msg("an IAM user of another account ({account})", account=OTHER), "sts:AssumeRole", "",
             f"arn:aws:iam::{OTHER}:user/mallory", RIGHT_ID),
    _Request(msg("a role session of another account ({account})", account=OTHER), "sts:AssumeRole", "",
             f"arn:aws:sts::{OTHER}:assumed-role/Deployer/ci", RIGHT_ID),
    _Request(msg("a user of this account"), "sts:AssumeRole", "", OWN_ACCOUNT_USER, RIGHT_ID),
    _Request(msg("the service {service}", service="ec2.amazonaws.com"), "sts:AssumeRole", "", "ec2.amazonaws.com",
             RIGHT_ID),
    _Request(msg("an anonymous caller"), "sts:AssumeRole", "", "*", RIGHT_ID),
)
WRONG_IDS = (
    _Request(msg("{account} without an external id", account=PARTNER), "sts:AssumeRole", "", PARTNER_USER),
    _Request(msg("{account} with external id {external_id!r}", account=PARTNER, external_id="other-workshop"),
             "sts:AssumeRole", "", PARTNER_USER, {"sts:ExternalId": "other-workshop"}),
    _Request(msg("{account} with external id {external_id!r}", account=PARTNER, external_id="labkit-workshop-2"),
             "sts:AssumeRole", "", PARTNER_USER, {"sts:ExternalId": "labkit-workshop-2"}),
)
CROSS_MISSING: Result = (
    False, CROSS_ROLE, msg("there is no role named {role}", role=CROSS_ROLE),
    msg("iam.create_role(RoleName='{role}', AssumeRolePolicyDocument=json.dumps(trust), MaxSessionDuration=3600)",
        role=CROSS_ROLE),
)


def _cross_role(snap: dict[str, Any]) -> dict[str, Any] | None:
    return _named(dicts(sub(snap, "iam"), "roles"), "RoleName", CROSS_ROLE)


def _max_session(snap: dict[str, Any]) -> Result:
    role = _cross_role(snap)
    if role is None:
        return CROSS_MISSING
    seconds = num(role.get("MaxSessionDuration"))
    arn = text(role.get("Arn"), CROSS_ROLE)
    if seconds != 3600:
        said = (msg("{role} has no MaxSessionDuration, expected 3600 s (one hour)", role=CROSS_ROLE)
                if seconds is None else
                msg("{role} allows sessions of up to {seconds} s, expected 3600 s (one hour)",
                    role=CROSS_ROLE, seconds=seconds))
        return (False, arn, said,
                msg("iam.update_role(RoleName='{role}', MaxSessionDuration=3600)", role=CROSS_ROLE))
    return True, arn, msg("{role} sessions last at most 3600 s", role=CROSS_ROLE), ""


def _trust_check(rows: Sequence[_Request], want_allowed: bool, ok: str, bad: str, hint: str,
                 needs: Sequence[_Request] = ()) -> Callable[[dict[str, Any]], Result]:
    def run(snap: dict[str, Any]) -> Result:
        role = _cross_role(snap)
        if role is None:
            return CROSS_MISSING
        account = _account(snap)
        arn = text(role.get("Arn")) or f"arn:aws:iam::{account}:role/{CROSS_ROLE}"
        trust = role.get("AssumeRolePolicyDocument")
        problem = _problem(msg("the trust policy"), trust, "resource")
        if problem:
            return (False, arn, msg("{role}'s trust policy cannot be evaluated: {problem}", role=CROSS_ROLE,
                                    problem=problem),
                    msg("iam.update_assume_role_policy(RoleName='{role}', PolicyDocument=json.dumps(trust))",
                        role=CROSS_ROLE))
        own = f"arn:aws:iam::{account}:user/alice"

        def table(requests: Sequence[_Request]) -> list[_Request]:
            return [_Request(r.label, r.action, arn, own if r.principal == OWN_ACCOUNT_USER else r.principal,
                             {"aws:SecureTransport": True, **r.context}) for r in requests]

        if needs and len(_wrong(table(needs), True, identity=CALLER_POLICY, resource=trust)) == len(needs):
            return (False, arn, msg("nothing to judge: nobody in {account} can assume {role} even with the "
                                    "right external id, and refusing everyone shows nothing",
                                    account=PARTNER, role=CROSS_ROLE), hint)
        wrong = _wrong(table(rows), want_allowed, identity=CALLER_POLICY, resource=trust)
        if wrong:
            return False, arn, msg("{problem}: {requests}", problem=bad, requests=_listing(wrong)), hint
        return True, arn, ok, ""

    return run


def solve_cross_account_role(lab: Lab) -> None:
    lab.client("iam").create_role(
        RoleName=CROSS_ROLE, AssumeRolePolicyDocument=json.dumps(CROSS_TRUST), MaxSessionDuration=3600,
        Description="Assumed by the partner account 987654321098 with an external id",
    )


register(Task(
    id="iam.cross_account_role",
    topic="iam",
    title="A cross-account role with an external id",
    text=(
        "Roles hand out temporary credentials (임시 자격 증명): another account calls "
        "`sts.assume_role(RoleArn=..., RoleSessionName=..., DurationSeconds=3600)` and works with the keys it "
        "gets back, so no access key is ever shared (the seed's cross-account access, 교차 계정 접근). Create the "
        f"role `{CROSS_ROLE}` whose maximum session duration is 3600 seconds (one hour; AWS allows 1 to 12 hours) "
        f"and whose trust policy (a resource-based policy on the role) lets only account `{PARTNER}` assume it "
        f"(Principal `arn:aws:iam::{PARTNER}:root` or `{PARTNER}`, which delegates to that account's own IAM "
        f"policies) and only when the caller passes the external id `{EXTERNAL_ID}` (condition key "
        "`sts:ExternalId`), which guards against the confused-deputy problem. Nobody else may assume it: no "
        "other account, not this account's own users, no AWS service, and not anonymous callers. The grader "
        "evaluates sts:AssumeRole requests from several callers, with the right, a wrong and no external id."
    ),
    starter=None,
    solution=solve_cross_account_role,
    services=("iam",),
    checks=(
        Check("iam.max_session", 2, msg("max session 3600 s"), _max_session,
              IAM_DOC + "id_roles_update-role-settings.html"),
        Check("iam.trust_partner", 2, msg("account {account} may assume the role", account=PARTNER),
              _trust_check(PARTNER_CALLERS, True,
                           msg("users and roles of {account} may assume it with the external id", account=PARTNER),
                           msg("{account} cannot assume it with the right external id", account=PARTNER),
                           msg("Trust Principal {{'AWS': 'arn:aws:iam::{account}:root'}} with Action sts:AssumeRole "
                               "and Condition {{'StringEquals': {{'sts:ExternalId': '{external_id}'}}}}.",
                               account=PARTNER, external_id=EXTERNAL_ID)),
              IAM_DOC + "id_roles_common-scenarios_aws-accounts.html"),
        Check("iam.external_id", 3, msg("external id required"),
              _trust_check(WRONG_IDS, False,
                           msg("{account} needs the external id {external_id}", account=PARTNER,
                               external_id=EXTERNAL_ID),
                           msg("the external id is not enforced"),
                           msg("Add Condition {{'StringEquals': {{'sts:ExternalId': '{external_id}'}}}} to the "
                               "trust statement (iam.update_assume_role_policy).", external_id=EXTERNAL_ID),
                           needs=PARTNER_CALLERS),
              IAM_DOC + "id_roles_create_for-user_externalid.html"),
        Check("iam.trust_only_partner", 3, msg("nobody else may assume the role"),
              _trust_check(OUTSIDERS, False,
                           msg("only {account} may assume it (other accounts, this account, services and "
                               "anonymous callers are refused)", account=PARTNER),
                           msg("callers outside {account} may assume it", account=PARTNER),
                           msg("Name only {account} in Principal (not '*', not another account or service).",
                               account=PARTNER),
                           needs=PARTNER_CALLERS),
              IAM_DOC + "reference_policies_elements_principal.html"),
    ),
))


# -- iam.scp_guardrails ----------------------------------------------------------------
SCP_NAME = "Guardrails"
GUARDRAILS = {
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "DenyLeavingOrganization", "Effect": "Deny", "Action": "organizations:LeaveOrganization",
         "Resource": "*"},
        {"Sid": "RequireIMDSv2", "Effect": "Deny", "Action": "ec2:RunInstances",
         "Resource": "arn:aws:ec2:*:*:instance/*",
         "Condition": {"StringNotEquals": {"ec2:MetadataHttpTokens": "required"}}},
        {"Sid": "DenyRootAccount", "Effect": "Deny", "Action": "*", "Resource": "*",
         "Condition": {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}}},
    ],
}
MEMBER = "111122223333"  # a member account under the root (SCPs never limit the management account)
REGION_EC2 = f"arn:aws:ec2:ap-northeast-2:{MEMBER}"
ADMIN = f"arn:aws:sts::{MEMBER}:assumed-role/Admin/ops"
ROOT_USER = f"arn:aws:iam::{MEMBER}:root"
INSTANCE = f"{REGION_EC2}:instance/*"
LAUNCH_PARTS = (
    _Request(msg("RunInstances: its AMI"), "ec2:RunInstances",
             "arn:aws:ec2:ap-northeast-2::image/ami-0abcdef1234567890", ADMIN),
    _Request(msg("RunInstances: its subnet"), "ec2:RunInstances", f"{REGION_EC2}:subnet/subnet-0a1b2c3d", ADMIN),
    _Request(msg("RunInstances: its security group"), "ec2:RunInstances",
             f"{REGION_EC2}:security-group/sg-0a1b2c3d", ADMIN),
    _Request(msg("RunInstances: its network interface"), "ec2:RunInstances", f"{REGION_EC2}:network-interface/*",
             ADMIN),
    _Request(msg("RunInstances: its volume"), "ec2:RunInstances", f"{REGION_EC2}:volume/*", ADMIN),
)
IMDS_ALLOWED = (
    _Request(msg("RunInstances with MetadataHttpTokens={tokens}", tokens="required"), "ec2:RunInstances", INSTANCE,
             ADMIN, {"ec2:MetadataHttpTokens": "required"}),
    *LAUNCH_PARTS,
)
IMDS_DENIED = (
    _Request(msg("RunInstances with MetadataHttpTokens={tokens}", tokens="optional"), "ec2:RunInstances", INSTANCE,
             ADMIN, {"ec2:MetadataHttpTokens": "optional"}),
    _Request(msg("RunInstances without ec2:MetadataHttpTokens"), "ec2:RunInstances", INSTANCE, ADMIN),
)
LEAVE = (
    _Request(msg("an administrator calling LeaveOrganization"), "organizations:LeaveOrganization", "*", ADMIN),
    _Request(msg("an IAM user calling LeaveOrganization"), "organizations:LeaveOrganization", "*",
             f"arn:aws:iam::{MEMBER}:user/alice"),
)
ROOT_DENIED = (
    _Request(msg("root user: {action}", action="s3:ListBucket"), "s3:ListBucket", "arn:aws:s3:::any-bucket",
             ROOT_USER),
    _Request(msg("root user: {action}", action="iam:CreateAccessKey"), "iam:CreateAccessKey", "*", ROOT_USER),
    _Request(msg("root user: ec2:RunInstances with IMDSv2"), "ec2:RunInstances", INSTANCE, ROOT_USER,
             {"ec2:MetadataHttpTokens": "required"}),
)
NORMAL_USE = (
    _Request(msg("an administrator's {action}", action="s3:ListBucket"), "s3:ListBucket",
             "arn:aws:s3:::any-bucket", ADMIN),
    _Request(msg("an IAM user's {action}", action="s3:ListBucket"), "s3:ListBucket", "arn:aws:s3:::any-bucket",
             f"arn:aws:iam::{MEMBER}:user/alice"),
    _Request(msg("an administrator's {action}", action="iam:CreateUser"), "iam:CreateUser", "*", ADMIN),
    _Request(msg("an administrator's {action}", action="ec2:DescribeInstances"), "ec2:DescribeInstances", "*",
             ADMIN),
    _Request(msg("an administrator's {action}", action="dynamodb:PutItem"), "dynamodb:PutItem",
             f"arn:aws:dynamodb:ap-northeast-2:{MEMBER}:table/Users", ADMIN),
)
NO_ORG: Result = (
    False, "organization", msg("there is no organization"),
    msg("organizations.create_organization(FeatureSet='ALL') (SCPs need all features enabled)"),
)


@dataclass
class _Org:
    root_id: str
    guardrails: dict[str, Any] | None
    attached: bool
    level: list[tuple[str, Any]]


def _scp_name(policy: dict[str, Any]) -> str:
    return text(sub(policy, "PolicySummary").get("Name"))


def _org(snap: dict[str, Any]) -> _Org | None:
    section = sub(snap, "organizations")
    if not sub(section, "organization"):
        return None
    roots = dicts(section, "roots")
    root_id = text(roots[0].get("Id")) if roots else ""
    level: list[tuple[str, Any]] = []
    guardrails = None
    attached = False
    for policy in dicts(section, "policies"):
        if text(sub(policy, "PolicySummary").get("Type"), "SERVICE_CONTROL_POLICY") != "SERVICE_CONTROL_POLICY":
            continue
        on_root = bool(root_id) and any(text(t.get("TargetId")) == root_id for t in dicts(policy, "Targets"))
        if _scp_name(policy) == SCP_NAME and guardrails is None:
            guardrails, attached = policy, on_root
            if not on_root:  # judged as if attached: the attachment has its own check
                level.append((f"SCP {SCP_NAME}", policy.get("Content")))
        if on_root:
            level.append((f"SCP {_scp_name(policy) or '?'}", policy.get("Content")))
    return _Org(root_id, guardrails, attached, level)


def _attached(snap: dict[str, Any]) -> Result:
    org = _org(snap)
    if org is None:
        return NO_ORG
    feature_set = text(sub(sub(snap, "organizations"), "organization").get("FeatureSet"))
    if feature_set != "ALL":
        return (False, "organization", msg("the organization has feature set {feature_set}: SCPs need ALL",
                                           feature_set=feature_set or "?"),
                msg("organizations.enable_all_features(), then enable SCPs on the root."))
    if org.guardrails is None:
        return (False, SCP_NAME, msg("there is no service control policy named {name}", name=SCP_NAME),
                msg("organizations.create_policy(Name='{name}', Type='SERVICE_CONTROL_POLICY', "
                    "Description=..., Content=json.dumps(policy))", name=SCP_NAME))
    pid = text(sub(org.guardrails, "PolicySummary").get("Id"), SCP_NAME)
    if not org.attached:
        return (False, pid, msg("{name} is not attached to the organization's root ({root})", name=SCP_NAME,
                                root=org.root_id or "?"),
                msg("organizations.attach_policy(PolicyId='{policy_id}', TargetId=<root id from list_roots()>)",
                    policy_id=pid))
    return True, pid, msg("{name} is attached to the root {root}, so it limits every member account",
                          name=SCP_NAME, root=org.root_id), ""


def _scp_check(want_allowed: Sequence[_Request], want_denied: Sequence[_Request], ok: str, bad: str,
               hint: str) -> Callable[[dict[str, Any]], Result]:
    def run(snap: dict[str, Any]) -> Result:
        org = _org(snap)
        if org is None:
            return NO_ORG
        if org.guardrails is None:
            return (False, SCP_NAME, msg("there is no service control policy named {name} to evaluate", name=SCP_NAME),
                    msg("organizations.create_policy(Name='Guardrails', Type='SERVICE_CONTROL_POLICY', ...)"))
        for name, doc in org.level:
            problem = _problem(name, doc, "scp")
            if problem:
                return False, SCP_NAME, msg("an SCP cannot be evaluated: {problem}", problem=problem), (
                    msg("Fix it with organizations.update_policy(PolicyId=..., Content=json.dumps(policy))."))
        scps = [doc for _, doc in org.level]
        base = {"aws:RequestedRegion": _region(snap), "aws:SecureTransport": True}

        def table(rows: Sequence[_Request]) -> list[_Request]:
            return [_Request(r.label, r.action, r.resource, r.principal, {**base, **r.context}) for r in rows]

        wrong = _wrong(table(want_allowed), True, identity=ALLOW_ALL, scps=scps)
        wrong += _wrong(table(want_denied), False, identity=ALLOW_ALL, scps=scps)
        if wrong:
            fix = hint
            if any(w.endswith("→ implicitDeny") for w in wrong):
                fix = msg("{hint} An implicitDeny means no SCP at the root allows the request: keep FullAWSAccess "
                          "attached to the root (or give an SCP there an Allow).", hint=hint)
            if org.attached:
                return False, SCP_NAME, msg("{problem}: {requests}", problem=bad, requests=_listing(wrong)), fix
            return (False, SCP_NAME, msg("{problem} (evaluated as if {name} were attached to the root): {requests}",
                                         problem=bad, name=SCP_NAME, requests=_listing(wrong)), fix)
        if org.attached:
            return True, SCP_NAME, ok, ""
        return True, SCP_NAME, msg("{verdict} (evaluated as if {name} were attached to the root)", verdict=ok,
                                   name=SCP_NAME), ""

    return run


def solve_scp_guardrails(lab: Lab) -> None:
    org = lab.client("organizations")
    org.create_organization(FeatureSet="ALL")
    root_id = org.list_roots()["Roots"][0]["Id"]
    org.enable_policy_type(RootId=root_id, PolicyType="SERVICE_CONTROL_POLICY")
    policy = org.create_policy(
        Name=SCP_NAME, Type="SERVICE_CONTROL_POLICY", Description="Organization-wide guardrails",
        Content=json.dumps(GUARDRAILS),
    )
    org.attach_policy(PolicyId=policy["Policy"]["PolicySummary"]["Id"], TargetId=root_id)


register(Task(
    id="iam.scp_guardrails",
    topic="iam",
    title="SCP guardrails for the organization",
    text=(
        "Service control policies (SCPs) are organization-level guardrails (조직 수준 가드레일): they never grant "
        "anything, they cap what the identities of member accounts (their root users included) can be granted. "
        "Every level from the organization's root down to the account must allow an action; that is why AWS "
        "attaches the AWS-managed `FullAWSAccess` SCP at every level, and deny-list SCPs sit beside it. An "
        "explicit Deny in any SCP wins. (SCPs do not limit the management account itself.) You start from an "
        "empty account, because creating the organization is part of the job: SCPs exist only in an "
        "organization with all features, so call `create_organization(FeatureSet='ALL')` and enable the "
        "SERVICE_CONTROL_POLICY type on the root. Then create the SCP `Guardrails` and attach it to the root "
        "so that it: denies `organizations:LeaveOrganization`; denies `ec2:RunInstances` on instances "
        "(`arn:aws:ec2:*:*:instance/*`) unless `ec2:MetadataHttpTokens` is `required` (IMDSv2); and denies "
        "everything to the root user (`aws:PrincipalArn` like `arn:aws:iam::*:root`). The grader evaluates "
        "requests of an administrator, an IAM user and the root user of a member account against the SCPs "
        "of the root: ordinary work must stay allowed, and a launch also touches its AMI, subnet and "
        "security group, where the metadata key does not exist."
    ),
    starter=None,
    solution=solve_scp_guardrails,
    services=("organizations",),
    checks=(
        Check("scp.attached", 2, msg("Guardrails attached to the root"), _attached,
              ORG_DOC + "orgs_manage_policies_scps.html"),
        Check("scp.leave_org", 2, msg("leaving the organization denied"),
              _scp_check((), LEAVE, msg("nobody can take a member account out of the organization"),
                         msg("organizations:LeaveOrganization is not denied"),
                         msg("Add {{'Effect': 'Deny', 'Action': 'organizations:LeaveOrganization', "
                             "'Resource': '*'}}.")),
              ORG_DOC + "orgs_manage_policies_scps_examples_general.html"),
        Check("scp.imdsv2", 2, msg("instances must require IMDSv2"),
              _scp_check(IMDS_ALLOWED, IMDS_DENIED, msg("instances launch only with MetadataHttpTokens=required"),
                         msg("RunInstances is not limited to IMDSv2 launches"),
                         msg("Deny ec2:RunInstances on arn:aws:ec2:*:*:instance/* with Condition "
                             "{{'StringNotEquals': {{'ec2:MetadataHttpTokens': 'required'}}}} (only the instance "
                             "resource carries that key, so do not use Resource '*').")),
              "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-new-instances.html"),
        Check("scp.root_user", 2, msg("the root user is denied everything"),
              _scp_check((), ROOT_DENIED, msg("the root user of member accounts can do nothing"),
                         msg("the root user is not denied"),
                         msg("Add {{'Effect': 'Deny', 'Action': '*', 'Resource': '*', 'Condition': {{'StringLike': "
                             "{{'aws:PrincipalArn': 'arn:aws:iam::*:root'}}}}}}.")),
              ORG_DOC + "orgs_manage_policies_scps_evaluation.html"),
        Check("scp.normal_use", 2, msg("ordinary work still allowed"),
              _scp_check(NORMAL_USE, (), msg("administrators and users can still work (the root's SCPs allow it)"),
                         msg("the root's SCPs block ordinary work"),
                         msg("Keep FullAWSAccess attached to the root beside Guardrails (an SCP level without an "
                             "Allow denies everything), and make sure the root-user Deny matches only root ARNs.")),
              ORG_DOC + "orgs_manage_policies_scps_evaluation.html"),
    ),
))
