# %% [markdown]
# # 01 · IAM — who may do what (IAM, 자격 증명 및 액세스 관리)
#
# IAM (Identity and Access Management) is the service that decides, for every single AWS
# API call, whether it is allowed. Nothing in AWS happens without passing through it, so
# it is the first thing to learn and the thing most worth getting right.
#
# **In this notebook you will**
# 1. name IAM's parts: users (사용자), groups (그룹), roles (역할) and policies (정책) — and the
#    three kinds of policy: identity-based, resource-based and the permissions boundary (권한 경계);
# 2. read the identities of your account with boto3 and draw them;
# 3. learn how AWS decides *allowed*, *explicit deny* or *implicit deny*, and use labkit's policy
#    evaluator as a "what if" playground;
# 4. write a least-privilege policy (최소 권한 원칙) for an application — and find the trap in the
#    seed's example;
# 5. hand out temporary credentials (임시 자격 증명) with STS and build a cross-account role
#    (교차 계정 접근) protected by an external id;
# 6. see what IAM Access Analyzer is for, and answer its questions with the evaluator;
# 7. put organization-wide guardrails (조직 수준 가드레일) in place with a service control policy (SCP).
#
# Three lab tasks are graded along the way: `iam.least_privilege`, `iam.cross_account_role`
# and `iam.scp_guardrails`.

# %% [markdown]
# ## 1. Open a lab with a small team in it
#
# The scenario `iam-basics` gives the account a small team: a group `Developers` with a
# read-only policy, two users `alice` and `bob` in it, and a role `app-role` that EC2 instances
# may use.

# %%
import json

import labkit
from labkit.iam import evaluate

lab = labkit.start("iam-basics", seed=0)
iam = lab.client("iam")
lab

# %% [markdown]
# ## 2. IAM's parts (IAM 핵심 개념)
#
# Identities get their permissions from policies, and policies come in three kinds:

# %%
from labkit.diagrams import concepts

concepts.show("iam_components")

# %% [markdown]
# | Part | 한국어 | What it is |
# |---|---|---|
# | **User** | 사용자 | One person or application, with long-term credentials (a console password and/or access keys) |
# | **Group** | 그룹 | A set of users; a policy attached to the group applies to every member. Groups cannot be nested and are not principals |
# | **Role** | 역할 | An identity with no credentials of its own: whoever the role *trusts* assumes it and receives temporary credentials |
# | **Policy** | 정책 | A JSON document of statements: `Effect` (Allow/Deny), `Action`, `Resource`, optional `Condition` |
#
# | Kind of policy | 한국어 | Attached to | Says |
# |---|---|---|---|
# | **Identity-based** | 자격 증명 기반 정책 | a user, group or role | what *this identity* may do, on which resources |
# | **Resource-based** | 리소스 기반 정책 | a resource: bucket policy, KMS key policy, a role's trust policy | *who* (the `Principal`) may touch *this resource* |
# | **Permissions boundary** | 권한 경계 | a user or role | the *most* its identity-based policies can ever grant — it grants nothing by itself |
#
# ### Your account's identities
# Every one of these is an ordinary boto3 call. First the users and the groups they belong to:

# %%
users = []
for user in iam.list_users()["Users"]:
    name = user["UserName"]
    groups = [g["GroupName"] for g in iam.list_groups_for_user(UserName=name)["Groups"]]
    keys = iam.list_access_keys(UserName=name)["AccessKeyMetadata"]
    tags = {t["Key"]: t["Value"] for t in iam.list_user_tags(UserName=name)["Tags"]}
    users.append({"user": name, "ARN": user["Arn"], "groups": groups, "access keys": len(keys), "tags": tags})
labkit.table(users, title="Users (사용자)")

# %% [markdown]
# The group carries the policy; the users inherit it. A customer-managed policy (고객 관리형 정책)
# has versions, and the *default version* is the one in force:

# %%
for group in iam.list_groups()["Groups"]:
    members = [u["UserName"] for u in iam.get_group(GroupName=group["GroupName"])["Users"]]
    attached = iam.list_attached_group_policies(GroupName=group["GroupName"])["AttachedPolicies"]
    print(f'group {group["GroupName"]}: members {", ".join(members)}; '
          f'policies {", ".join(p["PolicyName"] for p in attached)}')

policy = iam.list_policies(Scope="Local")["Policies"][0]
version = iam.get_policy_version(PolicyArn=policy["Arn"], VersionId=policy["DefaultVersionId"])
print(f'\n{policy["PolicyName"]} ({policy["DefaultVersionId"]}):')
print(json.dumps(version["PolicyVersion"]["Document"], indent=2))

# %% [markdown]
# A role has no password and no keys. Its **trust policy** (신뢰 정책) — a resource-based policy on
# the role itself — says who may assume it. `app-role` trusts the EC2 service, so an instance
# launched with this role receives its credentials automatically:

# %%
role = iam.get_role(RoleName="app-role")["Role"]
print(role["Arn"], "— max session", role["MaxSessionDuration"], "s")
print(json.dumps(role["AssumeRolePolicyDocument"], indent=2))

# %% [markdown]
# The same account as a picture: users → group → policy, and who may assume each role.

# %%
labkit.diagram(view="iam")

# %% [markdown]
# > **moto vs AWS:** a real account comes with more than a thousand **AWS-managed policies**
# > (`ReadOnlyAccess`, `AmazonS3ReadOnlyAccess`, ...). The lab's account has none, which is why the
# > scenario wrote its own `DeveloperReadOnly`:

# %%
print("AWS-managed policies in the lab:", len(iam.list_policies(Scope="AWS")["Policies"]))

# %% [markdown]
# > **moto vs AWS:** the mock **does not enforce IAM**. Give `alice` an access key and let her
# > create a user — something her read-only policy certainly does not allow:

# %%
import boto3

key = iam.create_access_key(UserName="alice")["AccessKey"]
as_alice = boto3.Session(aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"],
                         region_name=lab.region)
print("calling as:", as_alice.client("sts").get_caller_identity()["Arn"])
mallory = as_alice.client("iam").create_user(UserName="mallory")["User"]
print("moto let alice create:", mallory["Arn"])

# %% [markdown]
# Real AWS would have refused with `AccessDenied`. So in this course **you never learn IAM by
# watching calls fail** — you ask labkit's policy evaluator instead, which applies AWS's
# documented evaluation logic to the policies themselves. The same question, answered the AWS way:

# %%
evaluate(version["PolicyVersion"]["Document"], "iam:CreateUser", "arn:aws:iam::123456789012:user/mallory",
         principal="arn:aws:iam::123456789012:user/alice")

# %% [markdown]
# ## 3. How AWS decides (정책 평가 논리)
#
# For every request AWS gathers every policy that applies, then:
#
# 1. **Explicit deny** (명시적 거부): if any statement in any policy says `Deny` for this request, the
#    answer is *denied*. Nothing can override it.
# 2. **SCPs** (organizations only): every level from the organization's root down to the account
#    must allow the action.
# 3. **Resource-based policy**: within one account, an `Allow` that names the caller can grant on its own.
# 4. **Identity-based policies**: otherwise one of them must `Allow` it...
# 5. ...**and the permissions boundary**, if there is one, must allow it too.
#
# Nothing allowed means **implicit deny** (암시적 거부): everything starts denied. The evaluator
# uses the IAM policy simulator's three words — `allowed`, `explicitDeny`, `implicitDeny`.
#
# ### A "what if" playground
# The helper below asks the evaluator about many requests at once and shows one row per request.
# It is ordinary Python: read it, then change the requests and policies and run it again.

# %%
def what_if(requests, identity=None, *, resource_policy=None, boundary=None, scps=None, title=""):
    """Evaluate each (label, action, resource, caller, context) request like AWS; one table row each."""
    rows = []
    for label, action, resource, caller, context in requests:
        ev = evaluate(identity, action, resource, principal=caller, resource_policy=resource_policy,
                      permissions_boundary=boundary, scps=scps, context=context)
        deciding = [f"{s.policy_type}: {s.sid or 'statement ' + str(s.index)}" for s in ev.statements]
        rows.append({"request": label, "decision": ev.decision, "decided by": deciding or "nothing allows it"})
    return labkit.table(rows, title=title)


ALICE = "arn:aws:iam::123456789012:user/alice"
BOB = "arn:aws:iam::123456789012:user/bob"
read_only = version["PolicyVersion"]["Document"]  # DeveloperReadOnly, read live above

team_requests = [
    ("alice: ec2:DescribeInstances", "ec2:DescribeInstances", "*", ALICE, {}),
    ("alice: rds:DescribeDBInstances", "rds:DescribeDBInstances", "*", ALICE, {}),
    ("alice: s3:ListBucket team-data", "s3:ListBucket", "arn:aws:s3:::team-data", ALICE, {}),
    ("alice: s3:GetObject team-data/report.csv", "s3:GetObject", "arn:aws:s3:::team-data/report.csv", ALICE, {}),
    ("alice: ec2:TerminateInstances", "ec2:TerminateInstances", "*", ALICE, {}),
    ("alice: iam:CreateUser", "iam:CreateUser", "*", ALICE, {}),
]
what_if(team_requests, read_only, title="DeveloperReadOnly only")

# %% [markdown]
# `s3:List*` and `s3:GetBucket*` let alice *see* buckets, but `s3:GetObject` matches neither, so she
# cannot *read* an object: wildcards match action names, not intentions.
#
# **Explicit deny wins.** Add a second identity-based policy that denies everything on a
# `payroll` bucket. `s3:List*` still allows listing it — and the Deny overrides that:

# %%
no_payroll = {
    "Version": "2012-10-17",
    "Statement": [{"Sid": "NoPayroll", "Effect": "Deny", "Action": "s3:*",
                   "Resource": ["arn:aws:s3:::payroll", "arn:aws:s3:::payroll/*"]}],
}
what_if([
    ("alice: s3:ListBucket team-data", "s3:ListBucket", "arn:aws:s3:::team-data", ALICE, {}),
    ("alice: s3:ListBucket payroll", "s3:ListBucket", "arn:aws:s3:::payroll", ALICE, {}),
], [read_only, no_payroll], title="DeveloperReadOnly + NoPayroll")

# %% [markdown]
# **A permissions boundary caps.** Suppose alice's user gets a boundary that allows only EC2 and S3.
# Her group still allows `rds:Describe*`, yet the boundary does not, so RDS is now implicitly denied.
# A boundary never grants: `ec2:TerminateInstances` is inside it but still not allowed by any policy.

# %%
ec2_and_s3_only = {
    "Version": "2012-10-17",
    "Statement": [{"Sid": "Ec2AndS3Only", "Effect": "Allow", "Action": ["ec2:*", "s3:*"], "Resource": "*"}],
}
what_if(team_requests[:5], read_only, boundary=ec2_and_s3_only, title="with a permissions boundary")

# %% [markdown]
# **A resource-based policy can grant — and deny.** A bucket policy on `team-data` lets `bob` read
# objects (something no identity policy of his allows), and denies any request that does not use
# TLS (`aws:SecureTransport` false) — the seed's recommended bucket guard. The `context` column of a
# request carries such condition keys:

# %%
team_bucket = {
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "BobReads", "Effect": "Allow", "Principal": {"AWS": BOB},
         "Action": "s3:GetObject", "Resource": "arn:aws:s3:::team-data/*"},
        {"Sid": "TlsOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
         "Resource": ["arn:aws:s3:::team-data", "arn:aws:s3:::team-data/*"],
         "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
    ],
}
report = "arn:aws:s3:::team-data/report.csv"
what_if([
    ("bob: GetObject over HTTPS", "s3:GetObject", report, BOB, {"aws:SecureTransport": True}),
    ("bob: GetObject over plain HTTP", "s3:GetObject", report, BOB, {"aws:SecureTransport": False}),
    ("alice: GetObject over HTTPS", "s3:GetObject", report, ALICE, {"aws:SecureTransport": True}),
], read_only, resource_policy=team_bucket, title="team-data bucket policy")

# %% [markdown]
# When a row surprises you, ask for the whole story. `.explain()` walks through the same steps
# AWS does, statement by statement:

# %%
print(evaluate(read_only, "s3:GetObject", report, principal=BOB, resource_policy=team_bucket,
               context={"aws:SecureTransport": False}).explain())

# %% [markdown]
# ## 4. Least privilege (최소 권한 원칙)
#
# Grant exactly what a job needs — these actions, on these resources, under these conditions —
# and nothing more. The seed's example is the policy of an application that stores user uploads
# in `my-app-bucket` under `uploads/`, and insists that every upload is encrypted with KMS:

# %%
seed_policy = {
    "Version": "2012-10-17",
    "Statement": [{
        "Sid": "AllowSpecificS3Actions",
        "Effect": "Allow",
        "Action": ["s3:GetObject", "s3:PutObject"],
        "Resource": "arn:aws:s3:::my-app-bucket/uploads/*",
        "Condition": {"StringEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}},
    }],
}
APP = "arn:aws:sts::123456789012:assumed-role/app-role/i-0123456789abcdef0"  # app-role, used by an instance
UPLOADS = "arn:aws:s3:::my-app-bucket/uploads"
KMS = {"s3:x-amz-server-side-encryption": "aws:kms"}
app_requests = [
    ("PutObject uploads/a.png with SSE-KMS", "s3:PutObject", f"{UPLOADS}/a.png", APP, KMS),
    ("PutObject uploads/a.png with SSE-S3", "s3:PutObject", f"{UPLOADS}/a.png", APP,
     {"s3:x-amz-server-side-encryption": "AES256"}),
    ("PutObject uploads/a.png, no encryption header", "s3:PutObject", f"{UPLOADS}/a.png", APP, {}),
    ("GetObject uploads/a.png", "s3:GetObject", f"{UPLOADS}/a.png", APP, {}),
    ("GetObject private/keys.txt", "s3:GetObject", "arn:aws:s3:::my-app-bucket/private/keys.txt", APP, {}),
    ("DeleteObject uploads/a.png", "s3:DeleteObject", f"{UPLOADS}/a.png", APP, {}),
]
what_if(app_requests, seed_policy, title="the seed's one-statement policy")

# %% [markdown]
# Uploads behave exactly as intended. But look at **GetObject**: a download request carries *no*
# `s3:x-amz-server-side-encryption` key (encryption is chosen when writing), and `StringEquals` on a
# missing key is false — so the application cannot read its own uploads. The fix is to give reads
# and writes their own statements, with the condition only on `PutObject`. That is your first task.

# %% [markdown]
# ### Lab task: `iam.least_privilege`
# **Starter:** the `iam-basics` account (the team above, and `app-role` with no policy attached).
#
# **Your job:** create the customer-managed policy `AppUploadsPolicy` and attach it to the role
# `app-role`. It must allow exactly two things on `arn:aws:s3:::my-app-bucket/uploads/*`:
# `s3:GetObject`, and `s3:PutObject` only when the upload asks for SSE-KMS
# (`s3:x-amz-server-side-encryption` = `aws:kms`). Nothing else: no other prefix or bucket, no
# listing, no deletes, no IAM. The grader *evaluates requests* against every policy of the role
# (it never reads your JSON text), so any equivalent way of writing it earns the marks.
# The calls you need: `iam.create_policy(PolicyName=..., PolicyDocument=json.dumps(...))` and
# `iam.attach_role_policy(RoleName=..., PolicyArn=...)`.

# %%
print(labkit.task("iam.least_privilege").text)
lab = labkit.start(labkit.task("iam.least_privilege").starter, seed=0, replace=True)
iam = lab.client("iam")

# %% tags=["solution"] labkit={"task": "iam.least_privilege"}
uploads_policy = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "ReadUploads",
            "Effect": "Allow",
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::my-app-bucket/uploads/*",
        },
        {
            "Sid": "WriteUploadsWithKms",
            "Effect": "Allow",
            "Action": "s3:PutObject",
            "Resource": "arn:aws:s3:::my-app-bucket/uploads/*",
            "Condition": {"StringEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}},
        },
    ],
}
created = iam.create_policy(
    PolicyName="AppUploadsPolicy",
    PolicyDocument=json.dumps(uploads_policy),
    Description="Read uploads/, write uploads/ only with SSE-KMS",
)
iam.attach_role_policy(RoleName="app-role", PolicyArn=created["Policy"]["Arn"])
print("attached", created["Policy"]["Arn"], "to app-role")

# %% tags=["check"]
labkit.grade("iam.least_privilege")

# %% [markdown]
# Read back what `app-role` really has — from the account, not from your variables — and run the
# same requests as before against it:

# %%
def role_policies(role_name):
    """The documents of every managed and inline policy of a role, read live."""
    documents = []
    for attached in iam.list_attached_role_policies(RoleName=role_name)["AttachedPolicies"]:
        arn = attached["PolicyArn"]
        default = iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"]
        documents.append(iam.get_policy_version(PolicyArn=arn, VersionId=default)["PolicyVersion"]["Document"])
    for name in iam.list_role_policies(RoleName=role_name)["PolicyNames"]:
        documents.append(iam.get_role_policy(RoleName=role_name, PolicyName=name)["PolicyDocument"])
    return documents


app_role_policies = role_policies("app-role")
print("app-role has", len(app_role_policies), "policy document(s)")
what_if(app_requests, app_role_policies, title="app-role, as built")

# %% [markdown]
# > **Note:** SSE-KMS uploads also need permission to use the KMS key (`kms:GenerateDataKey`,
# > `kms:Decrypt`) unless the bucket uses the AWS-managed `aws/s3` key, whose key policy already
# > lets every principal of the account use it through S3. The task leaves keys out of scope.
#
# ## 5. Roles and temporary credentials (IAM Role 기반 접근, 임시 자격 증명)
#
# The seed's rule: **never hard-code access keys** (Access Key 하드코딩 금지). Code on an EC2 instance
# or in a Lambda function creates `boto3.Session()` with no keys at all; boto3 finds the role's
# temporary credentials itself (on EC2, from the instance profile through the instance metadata
# service — see notebook 03). Temporary credentials expire on their own, so a leaked copy is
# worth little for long.
#
# The first call to make when unsure whose credentials a program uses is `get_caller_identity`
# (it needs no permission at all):

# %%
sts = lab.client("sts")
identity = sts.get_caller_identity()
print(f"Account: {identity['Account']}")
print(f"Arn:     {identity['Arn']}")

# %% [markdown]
# Now the seed's cross-account call (교차 계정 접근): assume `CrossAccountRole` in account
# `987654321098` for one hour, then work with the keys it returns.

# %%
assumed = sts.assume_role(
    RoleArn="arn:aws:iam::987654321098:role/CrossAccountRole",
    RoleSessionName="MySession",
    DurationSeconds=3600,
)
credentials = assumed["Credentials"]
print("session ARN:       ", assumed["AssumedRoleUser"]["Arn"])
print("access key prefix: ", credentials["AccessKeyId"][:4], "(ASIA = temporary; long-term user keys start AKIA)")
print("returned fields:   ", ", ".join(sorted(credentials)))

cross_account_session = boto3.Session(
    aws_access_key_id=credentials["AccessKeyId"],
    aws_secret_access_key=credentials["SecretAccessKey"],
    aws_session_token=credentials["SessionToken"],
    region_name=lab.region,
)
print("now calling as:    ", cross_account_session.client("sts").get_caller_identity()["Arn"])

# %% [markdown]
# The session lasts `DurationSeconds`: at least 900 s (15 minutes), at most the role's **maximum
# session duration** (1 to 12 hours; one hour by default). A role session that assumes another role
# (*role chaining*) is limited to one hour.
#
# > **moto vs AWS:** moto handed out credentials for a role that does not exist, in an account that
# > is not the lab's, without reading any trust policy, and it would also accept a `DurationSeconds`
# > above the role's maximum. Real STS checks all three (`AccessDenied`, `ValidationError`). Once
# > more, the evaluator is how you learn who may *really* assume a role.
#
# ### Who may assume a role: the trust policy and the external id
# In AWS, `assume_role` into another account succeeds only when **both** sides agree: the caller's
# own account allows it `sts:AssumeRole` on the role, and the role's trust policy names the caller
# (or its account). When the caller is a partner's *service* acting for many customers, the trust
# policy also requires an **external id** (외부 ID) that you agree with the partner: without it, a
# different customer of the same partner could trick the partner's service into using *your* role
# (the "confused deputy" problem, 혼동된 대리자 문제).

# %% [markdown]
# ### Lab task: `iam.cross_account_role`
# **Starter:** an empty account (the task builds everything it needs).
#
# **Your job:** create the role `CrossAccountRole` with a maximum session duration of 3600 seconds,
# whose trust policy lets only account `987654321098` assume it (Principal
# `arn:aws:iam::987654321098:root`, which delegates to that account's own IAM policies), and only
# with the external id `labkit-workshop` (condition key `sts:ExternalId`). Nobody else: not
# another account, not this account's users, no AWS service, no anonymous caller. The grader
# evaluates `sts:AssumeRole` requests from all of them, with the right, a wrong and no external id.
# The call: `iam.create_role(RoleName=..., AssumeRolePolicyDocument=json.dumps(...), MaxSessionDuration=...)`.

# %%
lab = labkit.start(labkit.task("iam.cross_account_role").starter, seed=0, replace=True)
iam = lab.client("iam")

# %% tags=["solution"] labkit={"task": "iam.cross_account_role"}
trust_policy = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "PartnerWithExternalId",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::987654321098:root"},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"sts:ExternalId": "labkit-workshop"}},
        }
    ],
}
role = iam.create_role(
    RoleName="CrossAccountRole",
    AssumeRolePolicyDocument=json.dumps(trust_policy),
    MaxSessionDuration=3600,
    Description="Assumed by the partner account 987654321098 with an external id",
)["Role"]
print("created", role["Arn"])

# %% tags=["check"]
labkit.grade("iam.cross_account_role")

# %% [markdown]
# What does the role's trust policy, read back from the account, say to each caller? (The caller's
# own account is assumed to allow it `sts:AssumeRole`: that is the partner's side of the deal.)

# %%
ROLE_ARN = "arn:aws:iam::123456789012:role/CrossAccountRole"
caller_side = {"Version": "2012-10-17",
               "Statement": [{"Sid": "CallerMayAssume", "Effect": "Allow", "Action": "sts:AssumeRole",
                              "Resource": "*"}]}
try:
    trust = iam.get_role(RoleName="CrossAccountRole")["Role"]["AssumeRolePolicyDocument"]
except iam.exceptions.NoSuchEntityException:
    trust = None
    print("CrossAccountRole does not exist yet: every request below is denied.")

PARTNER_USER = "arn:aws:iam::987654321098:user/partner-admin"
RIGHT_ID = {"sts:ExternalId": "labkit-workshop"}
what_if([
    ("partner user, external id labkit-workshop", "sts:AssumeRole", ROLE_ARN, PARTNER_USER, RIGHT_ID),
    ("partner user, no external id", "sts:AssumeRole", ROLE_ARN, PARTNER_USER, {}),
    ("partner user, external id other-workshop", "sts:AssumeRole", ROLE_ARN, PARTNER_USER,
     {"sts:ExternalId": "other-workshop"}),
    ("a user of account 111122223333", "sts:AssumeRole", ROLE_ARN,
     "arn:aws:iam::111122223333:user/mallory", RIGHT_ID),
    ("alice, a user of this account", "sts:AssumeRole", ROLE_ARN, "arn:aws:iam::123456789012:user/alice",
     RIGHT_ID),
    ("the EC2 service", "sts:AssumeRole", ROLE_ARN, "ec2.amazonaws.com", RIGHT_ID),
], caller_side, resource_policy=trust, title="who may assume CrossAccountRole")

# %% [markdown]
# The partner then assumes the role as the seed does, adding the agreed id:
# `sts.assume_role(RoleArn=..., RoleSessionName="MySession", DurationSeconds=3600, ExternalId="labkit-workshop")`.

# %% [markdown]
# ## 6. IAM Access Analyzer (액세스 분석기)
#
# Who *outside my account* can reach my resources? IAM Access Analyzer answers that question
# continuously. You create an analyzer whose **zone of trust** (신뢰 영역) is your account (`ACCOUNT`)
# or your whole organization (`ORGANIZATION`); it reads the resource-based policies of buckets,
# roles, KMS keys, Lambda functions, queues, secrets and more, and raises a **finding** for every
# resource that a principal outside the zone can use. It does not test a few callers: it reasons
# mathematically over *every* possible request (automated reasoning), so a finding is a proof.
# The seed creates an account analyzer and lists the active findings on S3 buckets:
#
# ```python
# analyzer = boto3.client("accessanalyzer")
# analyzer.create_analyzer(analyzerName="MyAccountAnalyzer", type="ACCOUNT", tags={"Purpose": "SecurityReview"})
# findings = analyzer.list_findings(
#     analyzerArn="arn:aws:access-analyzer:ap-northeast-2:123456789012:analyzer/MyAccountAnalyzer",
#     filter={"status": {"eq": ["ACTIVE"]}, "resourceType": {"eq": ["AWS::S3::Bucket"]}},
# )
# for finding in findings["findings"]:
#     print(finding["resource"], finding["principal"], finding["action"])
# ```
#
# Since the seed was written Access Analyzer has grown: **unused access** analyzers (2023) report
# roles, access keys and permissions nobody uses, **policy validation** (`validate_policy`) checks
# a policy's grammar and best practices before you attach it, **custom policy checks**
# (`check_access_not_granted`, `check_no_new_access`) test a policy against your rules, and
# **internal access** findings (2025) report who *inside* the organization can reach critical resources.
#
# > **moto vs AWS:** moto does not implement Access Analyzer at all:

# %%
from botocore.exceptions import ClientError

try:
    lab.client("accessanalyzer").create_analyzer(analyzerName="MyAccountAnalyzer", type="ACCOUNT",
                                                  tags={"Purpose": "SecurityReview"})
except ClientError as err:
    print("CreateAnalyzer:", err.response["Error"]["Message"])

# %% [markdown]
# ### What `labkit.iam` can answer instead
# The evaluator cannot prove anything about *every* caller, but it can put precise questions to the
# policies of your account. First add a role of the kind Access Analyzer exists to catch: an old
# vendor role that trusts another account with no condition at all.

# %%
vendor_trust = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
                   "Action": "sts:AssumeRole"}],
}
iam.create_role(RoleName="LegacyVendorRole", AssumeRolePolicyDocument=json.dumps(vendor_trust))
ec2_trust = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}
iam.create_role(RoleName="app-role", AssumeRolePolicyDocument=json.dumps(ec2_trust))
print(sorted(r["RoleName"] for r in iam.list_roles()["Roles"]))

# %% [markdown]
# **External access, like an account analyzer.** For every role, ask whether callers from outside
# the zone of trust (this account, `123456789012`) can assume it: a user of each account the trust
# policies mention, an arbitrary other account, and an anonymous caller — each without any
# condition key, and with the external ids the trust policy asks for (an outsider who knows the id).

# %%
ZONE = "123456789012"


def outside_accounts(document):
    """Account ids named in a trust policy's AWS principals (outside the zone of trust)."""
    found = set()
    statements = document.get("Statement", [])
    for statement in statements if isinstance(statements, list) else [statements]:
        principals = statement.get("Principal", {})
        names = principals.get("AWS", []) if isinstance(principals, dict) else []
        for name in names if isinstance(names, list) else [names]:
            account = name.split(":")[4] if name.startswith("arn:") else name
            if account.isdigit() and account != ZONE:
                found.add(account)
    return found


roles = {r["RoleName"]: r for r in iam.list_roles()["Roles"]}
trusts = {name: iam.get_role(RoleName=name)["Role"]["AssumeRolePolicyDocument"] for name in sorted(roles)}
accounts = sorted(set().union(*map(outside_accounts, trusts.values())) | {"999999999999"})
callers = [(f"a user of {a}", f"arn:aws:iam::{a}:user/someone") for a in accounts] + [("anonymous", "*")]

findings = []
for name, trust in trusts.items():
    for who, caller in callers:
        for context in ({}, {"sts:ExternalId": "labkit-workshop"}):  # no key first, then the agreed id
            ev = evaluate(caller_side, "sts:AssumeRole", roles[name]["Arn"], principal=caller,
                          resource_policy=trust, context=context)
            if ev.allowed:
                findings.append({"resource": f"role/{name}", "external principal": who,
                                 "condition": context or "none", "action": "sts:AssumeRole"})
                break
labkit.table(findings, title="External access findings (what an ACCOUNT analyzer would report)")

# %% [markdown]
# `CrossAccountRole` is reachable only by the partner and only with the external id, which is what
# you intended (in AWS you would *archive* that finding); `LegacyVendorRole` is open to a whole
# other account with no condition — the finding to act on. `app-role` trusts only the EC2 service,
# and services are not findings; the arbitrary account `999999999999` and the anonymous caller
# reach nothing.
#
# The IAM diagram tells the same story: principals of other accounts are drawn thick and
# vermillion, with the condition they must meet, beside the EC2 service that may assume `app-role`.

# %%
labkit.diagram(view="iam")

# %% [markdown]
# **Policy validation, like `validate_policy`.** `labkit.iam.parse_policy` checks a document's
# grammar and names the statement and element at fault:

# %%
from labkit.iam import parse_policy

drafts = {
    "lower-case effect": {"Version": "2012-10-17",
                          "Statement": [{"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}]},
    "misspelt operator": {"Version": "2012-10-17", "Statement": [{
        "Sid": "Office", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
        "Condition": {"IpAdress": {"aws:SourceIp": "203.0.113.0/24"}}}]},
    "the seed's policy": seed_policy,
}
for label, draft in drafts.items():
    try:
        parse_policy(draft, name=label)
        print(f"{label}: valid")
    except labkit.LabkitError as err:
        print(err)

# %% [markdown]
# **Custom policy checks, like `check_access_not_granted`.** "Does this policy grant any of these
# sensitive actions?" is a what-if question too — the evaluator answers it for the requests you list:

# %%
sensitive = [
    ("s3:DeleteObject", "arn:aws:s3:::my-app-bucket/uploads/a.png"),
    ("s3:PutBucketPolicy", "arn:aws:s3:::my-app-bucket"),
    ("iam:PassRole", "arn:aws:iam::123456789012:role/admin"),
    ("kms:ScheduleKeyDeletion", "arn:aws:kms:ap-northeast-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
]
for label, document in {"the seed's uploads policy": seed_policy, "DeveloperReadOnly": read_only,
                        "ec2-and-s3-only boundary": ec2_and_s3_only}.items():
    granted = [action for action, resource in sensitive if evaluate(document, action, resource).allowed]
    print(f"{label}: {'grants ' + ', '.join(granted) if granted else 'grants none of them'}")

# %% [markdown]
# Read as a policy, the `ec2:*`/`s3:*` boundary would allow deleting objects and rewriting bucket
# policies. As a *boundary* that is harmless — it only caps — but attached by mistake as a policy,
# a check like this one is what catches it before it reaches production.
#
# ## 7. Service control policies: organization guardrails (SCP, 조직 수준 가드레일)
#
# An **AWS Organization** groups accounts under one management account, in organizational units
# (OUs, 조직 단위) below a root. A **service control policy** (SCP) attached to the root, an OU or
# an account caps what every identity in the accounts below can do — their root users included:
#
# - an SCP **never grants** anything; it only limits what IAM policies can grant;
# - every level from the root down to the account must allow an action, which is why AWS attaches
#   the AWS-managed `FullAWSAccess` SCP (allow `*`) everywhere, and deny-list SCPs sit beside it;
# - an explicit Deny in any SCP wins;
# - SCPs do not limit the **management account** itself, nor service-linked roles.
#
# The seed's three guardrails: nobody may take an account out of the organization; no instance may
# be launched unless it requires IMDSv2 (the instance metadata service, version 2 — notebook 03); and
# the root user of member accounts may do nothing at all.
#
# ### Lab task: `iam.scp_guardrails`
# **Starter:** an empty account — creating the organization is part of the job.
#
# **Your job:** create an organization with all features (`create_organization(FeatureSet="ALL")`),
# enable the `SERVICE_CONTROL_POLICY` type on its root, then create the SCP `Guardrails` and
# attach it to the root so that it denies `organizations:LeaveOrganization`; denies
# `ec2:RunInstances` on instances (`arn:aws:ec2:*:*:instance/*`) unless `ec2:MetadataHttpTokens` is
# `required`; and denies everything to the root user (`aws:PrincipalArn` like
# `arn:aws:iam::*:root`). Ordinary work of administrators and users must stay allowed. The grader
# evaluates requests of a member account's administrator, IAM user and root user against the
# SCPs attached to the root.

# %%
lab = labkit.start(labkit.task("iam.scp_guardrails").starter, seed=0, replace=True)
org = lab.client("organizations")

# %% tags=["solution"] labkit={"task": "iam.scp_guardrails"}
guardrails = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "DenyLeavingOrganization",
            "Effect": "Deny",
            "Action": "organizations:LeaveOrganization",
            "Resource": "*",
        },
        {
            "Sid": "RequireIMDSv2",
            "Effect": "Deny",
            "Action": "ec2:RunInstances",
            "Resource": "arn:aws:ec2:*:*:instance/*",
            "Condition": {"StringNotEquals": {"ec2:MetadataHttpTokens": "required"}},
        },
        {
            "Sid": "DenyRootAccount",
            "Effect": "Deny",
            "Action": "*",
            "Resource": "*",
            "Condition": {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}},
        },
    ],
}
org.create_organization(FeatureSet="ALL")
root_id = org.list_roots()["Roots"][0]["Id"]
org.enable_policy_type(RootId=root_id, PolicyType="SERVICE_CONTROL_POLICY")
scp = org.create_policy(
    Name="Guardrails",
    Type="SERVICE_CONTROL_POLICY",
    Description="Organization-wide guardrails",
    Content=json.dumps(guardrails),
)
org.attach_policy(PolicyId=scp["Policy"]["PolicySummary"]["Id"], TargetId=root_id)
print("attached", scp["Policy"]["PolicySummary"]["Name"], "to the root", root_id)

# %% tags=["check"]
labkit.grade("iam.scp_guardrails")

# %% [markdown]
# Which SCPs sit on the root now? Read them back — enabling SCPs attached `FullAWSAccess` for you:

# %%
root_scps = {}
try:
    root = org.list_roots()["Roots"][0]
    attached = org.list_policies_for_target(TargetId=root["Id"], Filter="SERVICE_CONTROL_POLICY")["Policies"]
    for summary in sorted(attached, key=lambda p: p["Name"]):
        content = org.describe_policy(PolicyId=summary["Id"])["Policy"]["Content"]
        root_scps[summary["Name"]] = json.loads(content)
    print("SCPs on the root:", ", ".join(root_scps) or "none")
except org.exceptions.AWSOrganizationsNotInUseException:
    print("There is no organization yet: build it above first.")

# %% [markdown]
# Now the guardrails at work, for callers of a **member account** `111122223333` (SCPs do not
# apply to the management account, which is the lab's own). The administrator's IAM policy allows
# everything; the SCPs decide:

# %%
MEMBER = "111122223333"
ADMIN = f"arn:aws:sts::{MEMBER}:assumed-role/Admin/ops"
ROOT_USER = f"arn:aws:iam::{MEMBER}:root"
INSTANCE = f"arn:aws:ec2:ap-northeast-2:{MEMBER}:instance/*"
admin_allows_all = {"Version": "2012-10-17",
                    "Statement": [{"Sid": "AdminAllowsAll", "Effect": "Allow", "Action": "*", "Resource": "*"}]}
scp_requests = [
    ("admin: RunInstances, HttpTokens=required", "ec2:RunInstances", INSTANCE, ADMIN,
     {"ec2:MetadataHttpTokens": "required"}),
    ("admin: RunInstances, HttpTokens=optional", "ec2:RunInstances", INSTANCE, ADMIN,
     {"ec2:MetadataHttpTokens": "optional"}),
    ("admin: LeaveOrganization", "organizations:LeaveOrganization", "*", ADMIN, {}),
    ("admin: s3:ListBucket", "s3:ListBucket", "arn:aws:s3:::any-bucket", ADMIN, {}),
    ("root user: s3:ListBucket", "s3:ListBucket", "arn:aws:s3:::any-bucket", ROOT_USER, {}),
]
what_if(scp_requests, admin_allows_all, scps=list(root_scps.values()), title="SCPs on the root")

# %% [markdown]
# And the classic mistake: detach `FullAWSAccess` and keep only the deny-list. The root level then
# has no Allow for anything, so every request of every member account is implicitly denied:

# %%
deny_list_only = [doc for name, doc in root_scps.items() if name != "FullAWSAccess"]
what_if(scp_requests, admin_allows_all, scps=deny_list_only, title="Guardrails without FullAWSAccess")

# %% [markdown]
# > **moto vs AWS:** moto stores organizations and SCPs faithfully (it even attaches
# > `FullAWSAccess` when SCPs are enabled), but like IAM it never enforces them: a launch without
# > IMDSv2 would still succeed in the lab. The evaluator is how you see what AWS would decide.
# >
# > Also new since the seed: **resource control policies** (RCPs, 2024) are the resource-side
# > counterpart of SCPs (a cap on what resource policies can grant), and Organizations can now
# > remove member accounts' root credentials altogether (centralized root access, 2024).
#
# ## 8. Quiz
# Answer in the widget (JupyterLab) — every attempt is recorded in your progress.

# %%
quiz = labkit.quiz("iam")
quiz

# %% [markdown]
# You can also answer in plain Python — handy in a script or a terminal:

# %%
quiz.answer("iam-session-duration", "1 h")

# %% [markdown]
# ## Recap
# - **Users** (사용자), **groups** (그룹) and **roles** (역할) get permissions from **policies** (정책):
#   identity-based (on the identity), resource-based (on the resource, naming a `Principal`), and
#   the **permissions boundary** (권한 경계), which caps but never grants.
# - AWS decides: **explicit deny** wins; SCPs and boundaries limit; otherwise an **Allow** is needed;
#   nothing allowed is an **implicit deny**. `labkit.iam.evaluate(...)` and `.explain()` show it.
# - **Least privilege** (최소 권한 원칙): exact actions, exact resources, conditions — and remember
#   that a condition key a request does not carry makes `StringEquals` false (GET has no encryption header).
# - **Roles** hand out **temporary credentials** (임시 자격 증명) through STS; no hard-coded keys.
#   A cross-account trust names the other account and, for third parties, requires an **external id**.
# - **Access Analyzer** finds resources reachable from outside your zone of trust (moto lacks it; the
#   evaluator answers the same question for the callers you list).
# - **SCPs** are organization guardrails (조직 수준 가드레일): never grant, cap every member account,
#   and need `FullAWSAccess` (or another Allow) at every level.
#
# Close the lab:

# %%
lab.stop()
lab
