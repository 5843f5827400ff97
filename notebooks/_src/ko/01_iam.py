# %% [markdown]
# # 01 · IAM — 누가 무엇을 할 수 있는가 (자격 증명 및 액세스 관리)
#
# IAM(Identity and Access Management)은 AWS API 호출 하나하나에 대해 허용할지 말지를 결정하는
# 서비스입니다. AWS에서 일어나는 모든 일은 IAM을 거치므로, 가장 먼저 배워야 하고 가장 정확하게 다뤄야
# 하는 서비스입니다.
#
# **이 노트북에서 할 일**
# 1. IAM의 구성 요소인 사용자(user), 그룹(group), 역할(role), 정책(policy)과, 세 종류의 정책인 자격 증명
#    기반 정책, 리소스 기반 정책, 권한 경계(permissions boundary)를 구분합니다.
# 2. boto3로 내 계정의 자격 증명(identity)을 읽고 그림으로 그려 봅니다.
# 3. AWS가 요청을 *허용*, *명시적 거부*, *암시적 거부* 중 무엇으로 판정하는지 배우고, labkit의 정책
#    평가기를 "만약 ~라면?"을 실험하는 놀이터로 활용합니다.
# 4. 최소 권한 원칙(least privilege)에 따라 애플리케이션의 정책을 작성하면서 학습 자료 예시에 숨은 함정을
#    찾아냅니다.
# 5. STS로 임시 자격 증명을 발급하고, 외부 ID로 보호되는 교차 계정 역할(cross-account role)을 만듭니다.
# 6. IAM Access Analyzer가 무엇을 위한 서비스인지 알아보고, 같은 질문에 정책 평가기로 답해 봅니다.
# 7. 서비스 제어 정책(SCP)으로 조직 수준 가드레일을 설정합니다.
#
# 그 과정에서 실습 과제 세 개를 채점합니다: `iam.least_privilege`, `iam.cross_account_role`,
# `iam.scp_guardrails`.

# %% [markdown]
# ## 1. 작은 팀이 있는 랩 열기
#
# `iam-basics` 시나리오는 계정에 작은 팀을 하나 만들어 둡니다. 읽기 전용 정책이 연결된 그룹
# `Developers`, 그 그룹에 속한 사용자 `alice`와 `bob`, 그리고 EC2 인스턴스가 사용할 수 있는 역할
# `app-role`입니다.

# %%
import json

import labkit
from labkit.iam import evaluate

lab = labkit.start("iam-basics", seed=0)
iam = lab.client("iam")
lab

# %% [markdown]
# ## 2. IAM 핵심 개념
#
# 자격 증명은 정책에서 권한을 얻으며, 정책에는 세 종류가 있습니다.

# %%
from labkit.diagrams import concepts

concepts.show("iam_components")

# %% [markdown]
# | 구성 요소 | English | 의미 |
# |---|---|---|
# | **사용자** | User | 사람 한 명 또는 애플리케이션 하나로, 장기 자격 증명(콘솔 암호, 액세스 키 또는 둘 다)을 가집니다 |
# | **그룹** | Group | 사용자의 모음입니다. 그룹에 연결한 정책은 모든 구성원에게 적용됩니다. 그룹 안에 그룹을 넣을 수 없으며, 그룹은 보안 주체(principal)가 아닙니다 |
# | **역할** | Role | 암호나 액세스 키 같은 장기 자격 증명이 없는 IAM 자격 증명입니다. 역할이 *신뢰하는* 주체가 역할을 수임(assume)하면 임시 자격 증명을 받습니다 |
# | **정책** | Policy | 여러 문(Statement)으로 이루어진 JSON 문서입니다. 각 문은 `Effect`(Allow/Deny), `Action`, `Resource`, 그리고 선택 사항인 `Condition`으로 구성됩니다 |
#
# | 정책 종류 | English | 연결 대상 | 정하는 내용 |
# |---|---|---|---|
# | **자격 증명 기반 정책** | Identity-based policy | 사용자, 그룹, 역할 | *이 자격 증명*이 어떤 리소스에 무엇을 할 수 있는지 |
# | **리소스 기반 정책** | Resource-based policy | 리소스: 버킷 정책, KMS 키 정책, 역할의 신뢰 정책 | *누가*(`Principal`) *이 리소스*에 접근할 수 있는지 |
# | **권한 경계** | Permissions boundary | 사용자 또는 역할 | 그 자격 증명의 자격 증명 기반 정책이 부여할 수 있는 권한의 *상한*. 경계 자체는 아무 권한도 부여하지 않습니다 |
#
# ### 내 계정의 자격 증명
# 아래는 모두 평범한 boto3 호출입니다. 먼저 사용자와 각 사용자가 속한 그룹을 조회합니다.

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
# 정책은 그룹에 연결되어 있고 사용자는 그 정책을 물려받습니다. 고객 관리형 정책(customer managed
# policy)에는 버전이 있으며, 실제로 적용되는 것은 *기본 버전*입니다.

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
# 역할에는 암호도 키도 없습니다. 역할 자체에 붙는 리소스 기반 정책인 **신뢰 정책**(trust policy)이 누가
# 이 역할을 수임할 수 있는지 정합니다. `app-role`은 EC2 서비스를 신뢰하므로, 이 역할로 시작한
# 인스턴스는 자격 증명을 자동으로 받습니다.

# %%
role = iam.get_role(RoleName="app-role")["Role"]
print(role["Arn"], "— max session", role["MaxSessionDuration"], "s")
print(json.dumps(role["AssumeRolePolicyDocument"], indent=2))

# %% [markdown]
# 같은 계정을 그림으로 보면 이렇습니다. 사용자 → 그룹 → 정책, 그리고 각 역할을 누가 수임할 수 있는지가
# 나타납니다.

# %%
labkit.diagram(view="iam")

# %% [markdown]
# > **moto와 AWS의 차이:** 실제 계정에는 처음부터 **AWS 관리형 정책**(`ReadOnlyAccess`,
# > `AmazonS3ReadOnlyAccess` 등)이 천 개 넘게 있습니다. 랩 계정에는 하나도 없기 때문에 시나리오가
# > `DeveloperReadOnly`를 직접 작성했습니다.

# %%
print("AWS-managed policies in the lab:", len(iam.list_policies(Scope="AWS")["Policies"]))

# %% [markdown]
# > **moto와 AWS의 차이:** 모의 환경은 **IAM을 강제하지 않습니다**. `alice`에게 액세스 키를 주고, 그
# > 키로 사용자를 만들어 보겠습니다. 읽기 전용 정책으로는 절대 허용되지 않는 작업입니다.

# %%
import boto3

key = iam.create_access_key(UserName="alice")["AccessKey"]
as_alice = boto3.Session(aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"],
                         region_name=lab.region)
print("calling as:", as_alice.client("sts").get_caller_identity()["Arn"])
mallory = as_alice.client("iam").create_user(UserName="mallory")["User"]
print("moto let alice create:", mallory["Arn"])

# %% [markdown]
# 실제 AWS였다면 `AccessDenied`로 거부했을 것입니다. 그래서 이 과정에서는 **호출이 실패하는 것을 보며
# IAM을 배우지 않습니다**. 대신 labkit의 정책 평가기에 묻습니다. 평가기는 AWS가 문서로 공개한 평가 논리를
# 정책 자체에 적용합니다. 같은 질문에 AWS 방식으로 답하면 다음과 같습니다.

# %%
evaluate(version["PolicyVersion"]["Document"], "iam:CreateUser", "arn:aws:iam::123456789012:user/mallory",
         principal="arn:aws:iam::123456789012:user/alice")

# %% [markdown]
# ## 3. AWS가 판정하는 방법 (정책 평가 논리)
#
# AWS는 요청마다 적용되는 정책을 모두 모은 뒤 다음 순서로 판정합니다.
#
# 1. **명시적 거부**(explicit deny): 어느 정책의 어느 문이든 이 요청에 `Deny`라고 하면 결과는 *거부*입니다.
#    무엇으로도 이를 뒤집을 수 없습니다.
# 2. **SCP**(조직에 속한 계정만): 조직의 루트부터 계정까지 모든 수준이 그 작업을 허용해야 합니다.
# 3. **리소스 기반 정책**: 같은 계정 안에서는 호출자를 지정한 `Allow`만으로도 권한이 부여됩니다.
# 4. **자격 증명 기반 정책**: 그렇지 않다면 이 정책들 중 하나가 요청을 `Allow`해야 하고...
# 5. ...**권한 경계**가 있다면 경계도 그 요청을 허용해야 합니다.
#
# 아무것도 허용하지 않으면 **암시적 거부**(implicit deny)입니다. 모든 요청은 거부된 상태에서 출발합니다.
# 평가기는 IAM 정책 시뮬레이터와 같은 세 가지 판정 값 `allowed`, `explicitDeny`, `implicitDeny`를 씁니다.
#
# ### "만약 ~라면?" 놀이터
# 아래 도우미 함수는 여러 요청을 한꺼번에 평가기에 묻고, 요청마다 한 행씩 보여 줍니다. 평범한 Python
# 코드이니 읽어 본 다음, 요청과 정책을 바꿔 가며 다시 실행해 보세요.

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
# `s3:List*`와 `s3:GetBucket*` 덕분에 alice는 버킷을 *볼* 수는 있지만, `s3:GetObject`는 둘 중 어느 것과도
# 일치하지 않으므로 객체를 *읽을* 수는 없습니다. 와일드카드는 의도를 헤아리지 않고 작업 이름만 비교합니다.
#
# **명시적 거부가 이깁니다.** `payroll` 버킷의 모든 작업을 거부하는 자격 증명 기반 정책을 하나 더
# 추가해 봅시다. `s3:List*`는 여전히 이 버킷의 목록 조회를 허용하지만, Deny가 그 허용을 뒤집습니다.

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
# **권한 경계는 상한을 정합니다.** alice 사용자에게 EC2와 S3만 허용하는 경계를 설정했다고 해 봅시다.
# 그룹 정책은 여전히 `rds:Describe*`를 허용하지만 경계가 허용하지 않으므로, 이제 RDS는 암시적으로
# 거부됩니다. 경계는 권한을 부여하지 않습니다. `ec2:TerminateInstances`는 경계 안에 있지만 이를 허용하는
# 정책이 없으므로 여전히 허용되지 않습니다.

# %%
ec2_and_s3_only = {
    "Version": "2012-10-17",
    "Statement": [{"Sid": "Ec2AndS3Only", "Effect": "Allow", "Action": ["ec2:*", "s3:*"], "Resource": "*"}],
}
what_if(team_requests[:5], read_only, boundary=ec2_and_s3_only, title="with a permissions boundary")

# %% [markdown]
# **리소스 기반 정책은 허용도, 거부도 할 수 있습니다.** `team-data`의 버킷 정책은 `bob`이 객체를 읽도록
# 허용하고(bob의 자격 증명 정책으로는 허용되지 않는 작업입니다), TLS를 쓰지 않는 요청
# (`aws:SecureTransport`가 false)은 모두 거부합니다. 학습 자료에서 권하는 버킷 보호 설정입니다. 이런
# 조건 키는 요청의 `context` 항목에 담아 전달합니다.

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
# 결과가 예상과 다르면 자세한 경위를 물어보세요. `.explain()`은 AWS와 똑같은 단계를 문 하나하나 짚어 가며
# 보여 줍니다.

# %%
print(evaluate(read_only, "s3:GetObject", report, principal=BOB, resource_policy=team_bucket,
               context={"aws:SecureTransport": False}).explain())

# %% [markdown]
# ## 4. 최소 권한 원칙
#
# 업무에 꼭 필요한 만큼만, 즉 이 작업을, 이 리소스에, 이 조건에서만 허용하고 그 이상은 허용하지 않습니다.
# 학습 자료의 예시는 사용자가 올린 파일을 `my-app-bucket`의 `uploads/` 아래에 저장하고, 모든 업로드를
# KMS로 암호화하도록 강제하는 애플리케이션의 정책입니다.

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
# 업로드는 의도한 대로 동작합니다. 하지만 **GetObject**를 보세요. 다운로드 요청에는
# `s3:x-amz-server-side-encryption` 키가 *아예 없고*(암호화 방식은 쓸 때 정합니다), 없는 키에 대한
# `StringEquals`는 거짓입니다. 따라서 이 애플리케이션은 자기가 올린 파일을 읽지 못합니다. 해결책은 읽기와
# 쓰기에 각각 별도의 문을 주고, 조건은 `PutObject`에만 거는 것입니다. 이것이 첫 번째 과제입니다.

# %% [markdown]
# ### 실습 과제: `iam.least_privilege`
# **시작 상태:** `iam-basics` 계정(위의 팀, 그리고 정책이 연결되지 않은 `app-role`).
#
# **할 일:** 고객 관리형 정책 `AppUploadsPolicy`를 만들어 역할 `app-role`에 연결하세요. 이 정책은
# `arn:aws:s3:::my-app-bucket/uploads/*`에 대해 정확히 두 가지만 허용해야 합니다. `s3:GetObject`, 그리고
# 업로드가 SSE-KMS를 요청할 때(`s3:x-amz-server-side-encryption` = `aws:kms`)만 `s3:PutObject`입니다. 그
# 밖에는 아무것도 허용하지 않습니다. 다른 접두사나 버킷, 목록 조회, 삭제, IAM 모두 안 됩니다. 채점기는
# JSON 텍스트를 읽지 않고 역할의 모든 정책에 대해 *요청을 평가*하므로, 같은 의미라면 어떤 방식으로
# 작성해도 점수를 받습니다. 필요한 호출은 `iam.create_policy(PolicyName=..., PolicyDocument=json.dumps(...))`와
# `iam.attach_role_policy(RoleName=..., PolicyArn=...)`입니다.

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
# `app-role`에 실제로 무엇이 있는지 변수가 아니라 계정에서 다시 읽어 오고, 앞에서와 같은 요청을 그 정책에
# 대해 평가해 봅시다.

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
# > **참고:** SSE-KMS로 업로드하려면 KMS 키를 사용할 권한(`kms:GenerateDataKey`, `kms:Decrypt`)도
# > 필요합니다. 다만 버킷이 AWS 관리형 키 `aws/s3`를 쓴다면, 그 키 정책이 이미 계정의 모든 보안 주체가 S3를
# > 통해 키를 쓰도록 허용하므로 따로 권한이 필요 없습니다. 이 과제에서는 키 권한을 다루지 않습니다.
#
# ## 5. 역할과 임시 자격 증명 (IAM Role 기반 접근)
#
# 학습 자료의 원칙은 **액세스 키를 코드에 하드코딩하지 않는 것**입니다. EC2 인스턴스나 Lambda 함수에서
# 실행되는 코드는 키 없이 `boto3.Session()`을 만들고, boto3가 역할의 임시 자격 증명을 알아서 찾습니다(EC2에서는
# 인스턴스 메타데이터 서비스를 통해 인스턴스 프로파일에서 가져옵니다. 노트북 03 참고). 임시 자격 증명은
# 저절로 만료되므로, 유출되더라도 오래 악용되기 어렵습니다.
#
# 프로그램이 누구의 자격 증명을 쓰는지 확실하지 않을 때 가장 먼저 실행할 호출은 `get_caller_identity`입니다
# (아무 권한도 필요 없습니다).

# %%
sts = lab.client("sts")
identity = sts.get_caller_identity()
print(f"Account: {identity['Account']}")
print(f"Arn:     {identity['Arn']}")

# %% [markdown]
# 이번에는 학습 자료의 교차 계정 접근(cross-account access) 예제입니다. 계정 `987654321098`의
# `CrossAccountRole`을 한 시간 동안 수임하고, 돌려받은 키로 작업합니다.

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
# 세션은 `DurationSeconds` 동안 유지됩니다. 최소 900초(15분)이고, 최대는 역할의 **최대 세션 기간**(1~12시간,
# 기본값 1시간)입니다. 역할 세션이 다시 다른 역할을 수임하는 경우(*역할 체인*, role chaining)에는 1시간으로
# 제한됩니다.
#
# > **moto와 AWS의 차이:** moto는 존재하지도 않는 역할에 대해, 랩의 계정도 아닌 계정에서, 신뢰 정책을
# > 전혀 읽지 않고 자격 증명을 내주었습니다. 역할의 최대값을 넘는 `DurationSeconds`도 받아들입니다. 실제
# > STS는 이 세 가지를 모두 검사합니다(`AccessDenied`, `ValidationError`). 이번에도 누가 *실제로* 역할을 수임할
# > 수 있는지는 평가기로 알아봅니다.
#
# ### 누가 역할을 수임할 수 있는가: 신뢰 정책과 외부 ID
# AWS에서 다른 계정의 역할에 대한 `assume_role`은 **양쪽**이 모두 동의할 때만 성공합니다. 호출자의 계정이
# 호출자에게 그 역할에 대한 `sts:AssumeRole`을 허용해야 하고, 역할의 신뢰 정책이 호출자(또는 호출자의
# 계정)를 지정해야 합니다. 호출자가 여러 고객을 대신해 일하는 파트너의 *서비스*라면, 신뢰 정책은 파트너와
# 미리 합의한 **외부 ID**(external ID)도 요구해야 합니다. 외부 ID가 없으면 같은 파트너의 다른 고객이 파트너의
# 서비스를 속여 *내* 역할을 쓰게 만들 수 있습니다("혼동된 대리자" 문제, confused deputy).

# %% [markdown]
# ### 실습 과제: `iam.cross_account_role`
# **시작 상태:** 빈 계정(필요한 것은 모두 직접 만듭니다).
#
# **할 일:** 최대 세션 기간이 3600초인 역할 `CrossAccountRole`을 만드세요. 신뢰 정책은 계정
# `987654321098`만 이 역할을 수임할 수 있게 하고(Principal `arn:aws:iam::987654321098:root`. 판단을 그 계정
# 자체의 IAM 정책에 맡긴다는 뜻입니다), 그것도 외부 ID `labkit-workshop`(조건 키 `sts:ExternalId`)을 전달할
# 때만 허용해야 합니다. 그 밖에는 누구도 안 됩니다. 다른 계정도, 이 계정의 사용자도, AWS 서비스도, 익명
# 호출자도 안 됩니다. 채점기는 이들 모두의 `sts:AssumeRole` 요청을 올바른 외부 ID, 틀린 외부 ID, 외부 ID 없음의
# 경우로 나누어 평가합니다. 필요한 호출은
# `iam.create_role(RoleName=..., AssumeRolePolicyDocument=json.dumps(...), MaxSessionDuration=...)`입니다.

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
# 계정에서 다시 읽어 온 역할의 신뢰 정책은 호출자 각각에게 어떤 답을 줄까요? (호출자의 계정은 호출자에게
# `sts:AssumeRole`을 허용한다고 가정합니다. 이것이 파트너 쪽에서 맡는 부분입니다.)

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
# 이제 파트너는 학습 자료처럼 역할을 수임하되, 합의한 외부 ID를 덧붙입니다:
# `sts.assume_role(RoleArn=..., RoleSessionName="MySession", DurationSeconds=3600, ExternalId="labkit-workshop")`.

# %% [markdown]
# ## 6. IAM Access Analyzer
#
# *내 계정 바깥의* 누가 내 리소스에 접근할 수 있을까요? IAM Access Analyzer는 이 질문에 지속적으로 답합니다.
# 분석기를 만들 때 **신뢰 영역**(zone of trust)을 내 계정(`ACCOUNT`) 또는 조직 전체(`ORGANIZATION`)로 정하면,
# 분석기는 버킷, 역할, KMS 키, Lambda 함수, 대기열, 보안 암호 등의 리소스 기반 정책을 읽고, 신뢰 영역 바깥의
# 보안 주체가 사용할 수 있는 리소스마다 **결과**(finding)를 생성합니다. 몇몇 호출자를 골라 시험해 보는 것이
# 아니라 *가능한 모든* 요청을 수학적으로 추론하므로(자동 추론, automated reasoning) 결과 하나하나가 곧
# 증명입니다. 학습 자료는 계정 분석기를 만들고 S3 버킷에 대한 활성 결과를 조회합니다.
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
# 학습 자료가 쓰인 뒤로 Access Analyzer에는 기능이 많이 늘었습니다. **미사용 액세스**(unused access) 분석기(2023)는
# 아무도 쓰지 않는 역할, 액세스 키, 권한을 보고하고, **정책 검증**(`validate_policy`)은 정책을 연결하기 전에
# 문법과 모범 사례를 검사하며, **사용자 지정 정책 검사**(`check_access_not_granted`, `check_no_new_access`)는
# 정책을 내가 정한 규칙에 비추어 시험합니다. **내부 액세스**(internal access) 결과(2025)는 조직 *안의* 누가
# 중요한 리소스에 접근할 수 있는지 보고합니다.
#
# > **moto와 AWS의 차이:** moto는 Access Analyzer를 전혀 구현하지 않습니다.

# %%
from botocore.exceptions import ClientError

try:
    lab.client("accessanalyzer").create_analyzer(analyzerName="MyAccountAnalyzer", type="ACCOUNT",
                                                  tags={"Purpose": "SecurityReview"})
except ClientError as err:
    print("CreateAnalyzer:", err.response["Error"]["Message"])

# %% [markdown]
# ### 대신 `labkit.iam`으로 답할 수 있는 것
# 평가기는 *모든* 호출자에 대해 무언가를 증명할 수는 없지만, 내 계정의 정책에 정확한 질문을 던질 수는
# 있습니다. 먼저 Access Analyzer가 잡아내려고 만들어진 종류의 역할을 하나 추가합시다. 아무 조건 없이 다른
# 계정을 신뢰하는, 오래된 외부 업체용 역할입니다.

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
# **계정 분석기처럼 외부 액세스 찾기.** 역할마다, 신뢰 영역(이 계정 `123456789012`) 바깥의 호출자가 그 역할을
# 수임할 수 있는지 묻습니다. 호출자는 신뢰 정책에 등장하는 각 계정의 사용자, 임의의 다른 계정, 익명
# 호출자입니다. 각각 조건 키 없이 한 번, 그리고 신뢰 정책이 요구하는 외부 ID를 넣어 한 번(외부 ID를 알고 있는
# 외부인) 평가합니다.

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
# `CrossAccountRole`은 파트너만, 그것도 외부 ID가 있을 때만 접근할 수 있으니 의도한 그대로입니다(AWS에서라면
# 이 결과는 *보관* 처리합니다). `LegacyVendorRole`은 아무 조건 없이 다른 계정 전체에 열려 있으니 조치해야 할
# 결과입니다. `app-role`은 EC2 서비스만 신뢰하는데, 서비스는 결과로 보고되지 않습니다. 임의의 계정
# `999999999999`와 익명 호출자는 어떤 역할에도 접근하지 못합니다.
#
# IAM 다이어그램도 같은 내용을 보여 줍니다. 다른 계정의 보안 주체는 충족해야 하는 조건과 함께 굵은 주홍색으로
# 그려지고, 그 옆에 `app-role`을 수임할 수 있는 EC2 서비스가 있습니다.

# %%
labkit.diagram(view="iam")

# %% [markdown]
# **`validate_policy`처럼 정책 검증하기.** `labkit.iam.parse_policy`는 정책 문서의 문법을 검사하고, 잘못된
# 문과 요소를 짚어 줍니다.

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
# **`check_access_not_granted`처럼 사용자 지정 정책 검사하기.** "이 정책이 이런 민감한 작업 중 하나라도
# 허용하는가?"도 "만약 ~라면?" 질문입니다. 평가기는 내가 나열한 요청에 대해 답합니다.

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
# `ec2:*`/`s3:*` 경계를 정책으로 읽으면 객체 삭제와 버킷 정책 변경까지 허용합니다. *경계*로 쓰일 때는 상한만
# 정하므로 문제가 없지만, 실수로 정책으로 연결했다면 이런 검사가 프로덕션에 닿기 전에 잡아냅니다.
#
# ## 7. 서비스 제어 정책: 조직 수준 가드레일 (SCP)
#
# **AWS Organizations**의 조직은 여러 계정을 관리 계정 하나 아래에 묶고, 루트 아래의 조직 단위(OU)로
# 정리합니다. 루트, OU, 계정에 연결한 **서비스 제어 정책**(SCP)은 그 아래 계정들의 모든 자격 증명이 할 수 있는
# 일의 상한을 정하며, 루트 사용자도 예외가 아닙니다.
#
# - SCP는 **아무 권한도 부여하지 않습니다**. IAM 정책이 부여할 수 있는 권한을 제한할 뿐입니다.
# - 루트부터 계정까지 모든 수준이 작업을 허용해야 합니다. 그래서 AWS는 모든 수준에 AWS 관리형 SCP인
#   `FullAWSAccess`(`*` 허용)를 연결해 두고, 거부 목록(deny-list) SCP를 그 옆에 둡니다.
# - 어느 SCP에든 명시적 Deny가 있으면 Deny가 이깁니다.
# - SCP는 **관리 계정** 자체와 서비스 연결 역할(service-linked role)은 제한하지 않습니다.
#
# 학습 자료의 가드레일은 세 가지입니다. 누구도 계정을 조직에서 탈퇴시킬 수 없고, IMDSv2(인스턴스 메타데이터
# 서비스 버전 2, 노트북 03)를 필수로 요구하지 않는 인스턴스는 시작할 수 없으며, 멤버 계정의 루트 사용자는
# 아무것도 할 수 없습니다.
#
# ### 실습 과제: `iam.scp_guardrails`
# **시작 상태:** 빈 계정. 조직을 만드는 것도 과제의 일부입니다.
#
# **할 일:** 모든 기능을 갖춘 조직을 만들고(`create_organization(FeatureSet="ALL")`), 루트에서
# `SERVICE_CONTROL_POLICY` 정책 유형을 활성화한 다음, SCP `Guardrails`를 만들어 루트에 연결하세요. 이 SCP는
# `organizations:LeaveOrganization`을 거부하고, `ec2:MetadataHttpTokens`가 `required`가 아니면 인스턴스
# (`arn:aws:ec2:*:*:instance/*`)에 대한 `ec2:RunInstances`를 거부하며, 루트 사용자(`aws:PrincipalArn`이
# `arn:aws:iam::*:root` 패턴과 일치)에게는 모든 것을 거부해야 합니다. 관리자와 사용자의 일상적인 작업은
# 계속 허용되어야 합니다. 채점기는 멤버 계정의 관리자, IAM 사용자, 루트 사용자의 요청을 루트에 연결된 SCP들에
# 대해 평가합니다.

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
# 지금 루트에는 어떤 SCP가 연결되어 있을까요? 다시 읽어 보세요. SCP를 활성화할 때 `FullAWSAccess`가
# 자동으로 연결되었습니다.

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
# 이제 **멤버 계정** `111122223333`의 호출자들에게 가드레일이 어떻게 작동하는지 봅시다(SCP는 관리 계정에는
# 적용되지 않으며, 랩 자신의 계정이 관리 계정입니다). 관리자의 IAM 정책은 모든 것을 허용하므로, 결과는 SCP가
# 결정합니다.

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
# 그리고 흔히 하는 실수가 있습니다. `FullAWSAccess`를 분리하고 거부 목록만 남기는 것입니다. 그러면 루트
# 수준에는 무엇에 대해서도 Allow가 없으므로, 모든 멤버 계정의 모든 요청이 암시적으로 거부됩니다.

# %%
deny_list_only = [doc for name, doc in root_scps.items() if name != "FullAWSAccess"]
what_if(scp_requests, admin_allows_all, scps=deny_list_only, title="Guardrails without FullAWSAccess")

# %% [markdown]
# > **moto와 AWS의 차이:** moto는 조직과 SCP를 충실하게 저장하지만(SCP를 활성화하면 `FullAWSAccess`까지
# > 연결합니다), IAM과 마찬가지로 강제하지는 않습니다. 랩에서는 IMDSv2 없이 인스턴스를 시작해도 성공합니다.
# > AWS라면 어떻게 판정할지는 평가기로 확인합니다.
# >
# > 학습 자료 이후에 새로 나온 것도 있습니다. **리소스 제어 정책**(RCP, 2024)은 SCP에 대응하는 리소스 쪽
# > 정책으로, 리소스 정책이 부여할 수 있는 권한의 상한을 정합니다. 또한 이제 Organizations에서 멤버 계정의
# > 루트 자격 증명을 아예 없앨 수 있습니다(루트 액세스 중앙 관리, 2024).
#
# ## 8. 퀴즈
# 위젯(JupyterLab)에서 답하세요. 모든 시도는 학습 진도에 기록됩니다.

# %%
quiz = labkit.quiz("iam")
quiz

# %% [markdown]
# 평범한 Python 코드로 답할 수도 있어서 스크립트나 터미널에서도 편리합니다.

# %%
quiz.answer("iam-session-duration", "1 h")

# %% [markdown]
# ## 정리
# - **사용자**, **그룹**, **역할**은 **정책**에서 권한을 얻습니다. 정책에는 자격 증명에 붙는 자격 증명 기반
#   정책, 리소스에 붙어 `Principal`을 지정하는 리소스 기반 정책, 그리고 상한만 정할 뿐 권한을 부여하지 않는
#   **권한 경계**가 있습니다.
# - AWS의 판정: **명시적 거부**가 이기고, SCP와 권한 경계는 제한하며, 그 밖에는 **Allow**가 있어야 합니다.
#   아무것도 허용하지 않으면 **암시적 거부**입니다. `labkit.iam.evaluate(...)`와 `.explain()`으로 이 과정을 볼 수
#   있습니다.
# - **최소 권한 원칙**: 정확한 작업, 정확한 리소스, 조건. 요청에 없는 조건 키에 대한 `StringEquals`는 거짓이
#   된다는 점을 기억하세요(GET 요청에는 암호화 헤더가 없습니다).
# - **역할**은 STS를 통해 **임시 자격 증명**을 발급합니다. 키를 하드코딩하지 않습니다. 교차 계정 신뢰는 상대
#   계정을 지정하고, 제3자에게는 **외부 ID**를 요구합니다.
# - **Access Analyzer**는 신뢰 영역 바깥에서 접근할 수 있는 리소스를 찾습니다(moto에는 없으므로, 내가 나열한
#   호출자에 대해 평가기가 같은 질문에 답합니다).
# - **SCP**는 조직 수준 가드레일입니다. 권한을 부여하지 않고, 모든 멤버 계정의 상한을 정하며, 모든 수준에
#   `FullAWSAccess`(또는 다른 Allow)가 있어야 합니다.
#
# 랩을 닫습니다.

# %%
lab.stop()
lab
