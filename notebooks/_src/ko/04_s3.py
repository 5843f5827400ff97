# %% [markdown]
# # 04 · Amazon S3 — 객체 스토리지(object storage)
#
# Amazon S3(Simple Storage Service)는 **객체**(object)를 **버킷**(bucket)에 저장합니다. 객체는 1바이트짜리
# 플래그부터 5TB짜리 동영상까지 어떤 바이트든 될 수 있고, 용량은 제한 없이 늘어나므로 미리 프로비저닝할 필요가
# 없습니다. S3는 **99.999999999%의 내구성**(durability, 이른바 "11 9's")을 목표로 설계되었습니다. 이 과정에서
# 다루는 AWS 아키텍처는 거의 모두 무언가를 S3에 보관합니다. 정적 웹 콘텐츠, 로그, 백업, 사용자가 업로드한 파일,
# 데이터 레이크가 모두 S3에 있습니다.
#
# **이 노트북에서 할 일**
# 1. 객체를 저장해 보고, "11 9's" 내구성이 무엇을 약속하고 무엇은 약속하지 않는지 알아봅니다.
# 2. 일곱 가지 **스토리지 클래스**(storage class)를 가용성, 최소 저장 기간, 용도에 따라 고르는 법을 익히고,
#    아카이브된 객체가 읽기를 거부하는 모습을 직접 확인합니다.
# 3. 학습 자료에 나오는 `logs/`용 **수명 주기 정책**(lifecycle policy)을 작성하고 타임라인으로 그려 봅니다.
# 4. 학습 자료의 S3 보안 모범 사례대로 버킷을 보호합니다. **S3 버킷 키(Bucket Key)를 사용하는 SSE-KMS 기본 암호화**,
#    **퍼블릭 액세스 차단**(Block Public Access), **버전 관리**(versioning), 그리고 TLS 없이 보낸 HTTP 요청을
#    거부하는 **버킷 정책**(bucket policy)을 설정합니다.
# 5. 버킷을 **VPC 엔드포인트**(VPC endpoint)를 거쳐서만 접근할 수 있도록 잠그고, 노트북에서는 보낼 수 없는 요청에
#    대해 `labkit.iam.evaluate`로 "이런 요청이라면?"을 확인합니다.
#
# 채점되는 실습 과제는 `s3.logs_lifecycle`, `s3.secure_bucket`, `s3.vpce_only` 세 가지입니다.

# %% [markdown]
# ## 1. 내 버킷
#
# 랩(lab)은 시나리오 `buckets`에서 시작합니다. 서울 리전(`ap-northeast-2`)에 빈 버킷 두 개,
# `my-secure-bucket`과 `my-log-bucket`이 있습니다. 버킷 이름은 **전역**(global) 네임스페이스를 쓰므로 모든 AWS
# 계정을 통틀어 고유해야 하지만, 버킷 자체는 생성할 때 지정한 하나의 리전에만 존재합니다.

# %%
import json
import textwrap

import labkit
from botocore.exceptions import ClientError
from IPython.display import display
from labkit.diagrams import concepts

lab = labkit.start("buckets", seed=0)
s3 = lab.client("s3")
names = sorted(b["Name"] for b in s3.list_buckets()["Buckets"])
names

# %% [markdown]
# 버킷 설정은 대부분 `get_bucket_*` 호출로 읽습니다. 한 번도 설정하지 않은 항목은 빈 값이 아니라 **오류 코드**로
# 응답합니다(예: `NoSuchBucketPolicy`). 아래의 도우미 함수는 이런 응답을 버킷마다 읽기 쉬운 한 행으로 정리합니다.
# 버킷을 보호한 뒤에 같은 함수로 다시 확인합니다.

# %%
def read(call, missing, **kwargs):
    """The answer of an S3 get call, or None when that setting was never made."""
    try:
        return call(**kwargs)
    except ClientError as err:
        if err.response["Error"]["Code"] == missing:
            return None
        raise


def bucket_settings(name):
    """One row: the protections of bucket ``name``."""
    encryption = read(s3.get_bucket_encryption, "ServerSideEncryptionConfigurationNotFoundError", Bucket=name)
    block = read(s3.get_public_access_block, "NoSuchPublicAccessBlockConfiguration", Bucket=name)
    policy = read(s3.get_bucket_policy, "NoSuchBucketPolicy", Bucket=name)
    rule = encryption["ServerSideEncryptionConfiguration"]["Rules"][0] if encryption else {}
    default = rule.get("ApplyServerSideEncryptionByDefault", {})
    flags = block["PublicAccessBlockConfiguration"] if block else {}
    return {
        "Bucket": name,
        "Region": s3.get_bucket_location(Bucket=name)["LocationConstraint"],
        "Default encryption": default.get("SSEAlgorithm", "none"),
        "KMS key": default.get("KMSMasterKeyID"),
        "Bucket Key": rule.get("BucketKeyEnabled", False),
        "Block Public Access": f"{sum(flags.values())} of 4 on",
        "Versioning": s3.get_bucket_versioning(Bucket=name).get("Status", "never enabled"),
        "Bucket policy": "yes" if policy else "none",
    }


def show_task(task_id):
    """Print a lab task's title, points and text, wrapped for reading."""
    task = labkit.task(task_id)
    print(f"{task.title}  [{task_id}: {task.max_score:g} points, starter scenario {task.starter!r}]\n")
    for line in task.text.splitlines():
        print(textwrap.fill(line, 100, subsequent_indent="  " if line.startswith("- ") else ""))


labkit.table([bucket_settings(name) for name in names], title="Your buckets, as created")

# %% [markdown]
# 아직 아무것도 보호되어 있지 않습니다. 기본 암호화도, 퍼블릭 액세스 차단도, 버전 관리도, 버킷 정책도 없습니다.
#
# > **moto와 AWS의 차이:** 랩의 버킷은 2023년 이전에 S3가 버킷을 만들던 방식 그대로 생성됩니다. 실제
# > AWS는 2023년 1월부터 모든 새 객체를 기본으로 **SSE-S3**(`AES256`)로 암호화하고, 2023년 4월부터는 모든 새
# > 버킷을 **퍼블릭 액세스 차단 설정 네 가지를 모두 켠 상태**로, ACL을 비활성화한 상태(객체 소유권 "버킷 소유자
# > 적용", bucket owner enforced)로 만듭니다. 따라서 AWS에서 갓 만든 버킷에 `get_bucket_encryption`을 호출하면
# > 오류가 아니라 `AES256` 규칙이 돌아옵니다. 아래 과제들은 이 설정을 명시적으로 요구하는데, 어차피 좋은
# > 습관입니다. 명시적으로 적어 둔 설정은 기본값이 바뀌어도 그대로 남고, 검토할 때도 눈에 보입니다.

# %% [markdown]
# ## 2. 객체, 키, 내구성
#
# 객체는 **키**(key, 객체의 이름), **바이트**(데이터 자체), **메타데이터**로 이루어집니다. S3에는 진짜 폴더가
# 없습니다. `logs/2024/05/app.log`는 키 하나일 뿐이고, 콘솔은 `/`로 구분된 **접두사**(prefix)를 폴더처럼 그려서
# 보여 줄 뿐입니다. `Delimiter`를 지정해 목록을 조회하면 같은 착시를 API에서도 볼 수 있습니다.

# %%
for key in ("logs/2024/05/app.log", "logs/2024/05/db.log", "logs/2024/06/app.log", "reports/q1.csv"):
    s3.put_object(Bucket="my-log-bucket", Key=key, Body=f"contents of {key}\n".encode())

listing = s3.list_objects_v2(Bucket="my-log-bucket", Prefix="logs/2024/", Delimiter="/")
print("'folders' under logs/2024/:", [p["Prefix"] for p in listing["CommonPrefixes"]])
every = s3.list_objects_v2(Bucket="my-log-bucket")["Contents"]
labkit.table(every, {"Key": "Key", "Size": "Bytes", "StorageClass": "Storage class"},
             title="Every object of my-log-bucket")

# %% [markdown]
# **내구성**(durability)은 객체를 *잃어버리지 않을* 확률입니다. S3 Standard는 연간 99.999999999%의 내구성을
# 목표로 설계되었습니다. 모든 객체는 최소 세 개의 가용 영역(AZ)에 걸쳐 여러 장치에 중복 저장되고, 사본이
# 손실되면 S3가 스스로 복구합니다. 11 9's는 실제로 어느 정도일까요?

# %%
durability = 0.99999999999  # 11 nines, per object per year
objects = 10_000_000
lost_per_year = objects * (1 - durability)
print(f"{objects:,} objects: about {lost_per_year:.4f} lost per year,")
print(f"that is one object every {1 / lost_per_year:,.0f} years on average.")

# %% [markdown]
# 내구성이 보장하지 *않는* 것이 두 가지 있습니다.
# - **가용성**(availability): 지금 당장 객체에 *접근할 수 있는지*는 별개의 문제입니다. 내구성이 매우 높은
#   클래스라도 데이터를 꺼내는 데 몇 시간이 걸리거나(Glacier), 단일 가용 영역 수준의 가용성만 제공할 수
#   있습니다(One Zone-IA).
# - **사용자 자신의 실수로부터의 보호.** 11 9's는 디스크나 데이터 센터의 장애로부터 데이터를 지킬 뿐, 애플리케이션이
#   엉뚱한 키를 덮어쓰거나 삭제하는 일은 막지 못합니다. 그것은 **버전 관리**가 할 일입니다(5절).

# %% [markdown]
# ## 3. 스토리지 클래스
#
# 모든 객체에는 스토리지 클래스가 있습니다. 클래스마다 저장 요금과 접근 요금, 접근 속도, 가용성 사이의 균형이
# 다릅니다. 학습 자료의 표는 다음과 같습니다.
#
# | 클래스 | API의 `StorageClass` | 가용성 | 최소 저장 기간 | 용도 |
# |---|---|---|---|---|
# | S3 Standard | `STANDARD` | 99.99% | 없음 | 자주 액세스하는 데이터 |
# | S3 Intelligent-Tiering | `INTELLIGENT_TIERING` | 99.9% | 없음 | 액세스 패턴을 모르거나 패턴이 변하는 데이터 |
# | S3 Standard-IA | `STANDARD_IA` | 99.9% | 30일 | 드물게 액세스하는 데이터 |
# | S3 One Zone-IA | `ONEZONE_IA` | 99.5% | 30일 | 다시 만들 수 있는 데이터 |
# | S3 Glacier Instant Retrieval | `GLACIER_IR` | 99.9% | 90일 | 아카이브(즉시, 밀리초 단위로 읽기) |
# | S3 Glacier Flexible Retrieval | `GLACIER` | 99.99% | 90일 | 아카이브(읽는 데 분~시간 소요) |
# | S3 Glacier Deep Archive | `DEEP_ARCHIVE` | 99.99% | 180일 | 장기 아카이브 |

# %%
concepts.show("s3_storage_classes")

# %% [markdown]
# 표의 열은 이렇게 읽습니다.
# - **최소 저장 기간**은 과금 규칙입니다. Standard-IA에 넣은 객체를 10일 만에 삭제하거나 덮어쓰거나 다른 클래스로
#   옮겨도 30일 치 요금이 청구됩니다. IA 클래스는 가져온 데이터 GB당 검색 요금도 받고, 작은 객체도 최소 128KB로
#   계산합니다. 그래서 드물게 읽는 큰 객체에 유리합니다.
# - **Intelligent-Tiering**은 객체마다 접근 여부를 지켜보다가 30일 동안 접근이 없으면 더 저렴한 계층으로(90일이면
#   즉시 검색이 가능한 아카이브 계층으로) 옮기고, 다시 읽히면 원래 계층으로 되돌립니다. 검색 요금은 없고, 대신
#   객체당 소액의 월별 모니터링 요금이 붙습니다.
# - **One Zone-IA**는 데이터를 단일 가용 영역에만 보관합니다. 더 저렴하지만 그 가용 영역이 파괴되면 데이터도
#   사라집니다. 다시 만들 수 있는 사본에만 사용하세요.
# - **Glacier Flexible Retrieval**과 **Deep Archive**의 객체는 바로 읽을 수 없습니다. 먼저 임시 사본을
#   *복원*(restore)해야 합니다. Flexible Retrieval은 1~5분(신속, Expedited), 3~5시간(표준, Standard),
#   5~12시간(대량, Bulk)이 걸리고, Deep Archive는 12시간 이내(표준) 또는 48시간 이내(대량)입니다. Glacier
#   *Instant* Retrieval은 Standard처럼 밀리초 단위로 읽을 수 있습니다.
# - 일곱 클래스 모두 11 9's 내구성을 목표로 설계되었고, One Zone-IA를 뺀 나머지는 모두 최소 세 개의 가용 영역에
#   사본을 둡니다.
#
# > **현재 기준 수치.** 학습 자료의 가용성 열은 각 클래스가 *설계상 목표로 하는* 가용성입니다. S3 서비스 수준
# > 계약(SLA)이 약정하는 수치는 이보다 조금 낮습니다(예: S3 Standard는 99.9%). 또 2023년부터는 학습 자료에 없는
# > 여덟 번째 클래스 **S3 Express One Zone**이 있습니다. 단일 가용 영역에서 한 자릿수 밀리초로 접근하는
# > 클래스로, 전용 "디렉터리 버킷"(directory bucket)에 저장합니다.
#
# 스토리지 클래스는 객체를 업로드할 때 객체마다 정합니다. 클래스마다 작은 객체를 하나씩 넣고 목록을 확인해
# 보겠습니다.

# %%
CLASSES = ["STANDARD", "INTELLIGENT_TIERING", "STANDARD_IA", "ONEZONE_IA", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"]
for storage_class in CLASSES:
    s3.put_object(Bucket="my-log-bucket", Key=f"classes/{storage_class.lower()}.txt",
                  Body=b"hello", StorageClass=storage_class)

rows = []
for storage_class in CLASSES:
    key = f"classes/{storage_class.lower()}.txt"
    head = s3.head_object(Bucket="my-log-bucket", Key=key)
    try:
        s3.get_object(Bucket="my-log-bucket", Key=key)["Body"].read()
        readable = "yes"
    except ClientError as err:
        readable = f"no: {err.response['Error']['Code']}"
    # head_object leaves StorageClass out for STANDARD, the default
    rows.append({"Key": key, "Storage class": head.get("StorageClass", "STANDARD"), "GetObject": readable})
labkit.table(rows, title="One object per storage class")

# %% [markdown]
# 두 Glacier 아카이브 클래스는 `InvalidObjectState`로 응답합니다. 데이터가 아카이브에 들어가 있기 때문입니다.
# S3에 임시 사본을 복원해 달라고 요청한 뒤(여기서는 표준 계층으로 1일 동안) 다시 읽어 보겠습니다.

# %%
key = "classes/glacier.txt"
s3.restore_object(Bucket="my-log-bucket", Key=key,
                  RestoreRequest={"Days": 1, "GlacierJobParameters": {"Tier": "Standard"}})
restore = s3.head_object(Bucket="my-log-bucket", Key=key)["Restore"]
print("Restore header:", restore.split(",")[0])  # the rest is the expiry date of the copy
print("GetObject now returns:", s3.get_object(Bucket="my-log-bucket", Key=key)["Body"].read())

# %% [markdown]
# > **moto와 AWS의 차이:** 랩은 즉시 복원합니다(곧바로 `ongoing-request="false"`). AWS에서는 위에서 본
# > 검색 시간만큼, 즉 몇 분에서 몇 시간 동안 헤더가 `ongoing-request="true"`로 표시되고, 사본이 준비될 때까지
# > `GetObject`는 계속 실패합니다. 스토리지 요금과 최소 저장 기간 과금도 재현하지 않습니다.

# %% [markdown]
# ## 4. 수명 주기 규칙(수명 주기 정책)
#
# 객체를 하나하나 손으로 다른 클래스로 옮기는 방식은 규모가 커지면 감당할 수 없습니다. **수명 주기
# 구성**(lifecycle configuration)은 버킷에 설정하는 규칙의 목록입니다. 각 규칙은 객체를 고르고(접두사, 태그,
# 크기로) 객체가 오래될수록 어떤 일이 일어날지 정합니다.
# - **전환**(Transitions): 객체가 생성되고 N일이 지나면 더 저렴한 클래스로 옮깁니다.
# - **만료**(Expiration): 생성되고 N일이 지나면 객체를 삭제합니다. 버전 관리가 켜진 버킷에서는 삭제 마커를
#   추가하며, 이전 버전은 `NoncurrentVersionExpiration`으로 정리합니다.
#
# S3는 이 규칙을 백그라운드에서 하루에 한 번 정도 스스로 적용합니다. 학습 자료의 예시는 로그에 흔히 쓰는 규칙입니다.
# 로그는 처음 몇 주 동안은 자주 읽고, 한 달이 지나면 가끔 읽고, 1년이 지나면 더는 읽지 않습니다.
#
# ```json
# {"Rules": [{
#     "ID": "MoveToGlacierAfter90Days",
#     "Status": "Enabled",
#     "Filter": {"Prefix": "logs/"},
#     "Transitions": [{"Days": 30, "StorageClass": "STANDARD_IA"},
#                     {"Days": 90, "StorageClass": "GLACIER"}],
#     "Expiration": {"Days": 365}
# }]}
# ```
#
# 이 규칙을 `logs/` 아래 객체 하나가 밟아 갈 일정으로 읽어 보겠습니다. 객체는 각 클래스에 며칠 동안 머무르고,
# 머무는 기간은 모두 그 클래스의 최소 저장 기간을 채울까요?

# %%
MINIMUM_DAYS = {"STANDARD": 0, "INTELLIGENT_TIERING": 0, "STANDARD_IA": 30, "ONEZONE_IA": 30,
                "GLACIER_IR": 90, "GLACIER": 90, "DEEP_ARCHIVE": 180}


def lifecycle_stages(rule):
    """(storage class, first day, last day or None) for one object under ``rule``."""
    steps = sorted((t["Days"], t["StorageClass"]) for t in rule.get("Transitions", []) if "Days" in t)
    stages, start, current = [], 0, "STANDARD"
    for day, storage_class in steps:
        stages.append((current, start, day))
        start, current = day, storage_class
    stages.append((current, start, rule.get("Expiration", {}).get("Days")))
    return stages


def stage_rows(rule):
    rows = []
    for storage_class, start, end in lifecycle_stages(rule):
        minimum = MINIMUM_DAYS.get(storage_class, 0)
        stay = None if end is None else end - start
        rows.append({
            "Class": storage_class, "From day": start, "Until day": "kept" if end is None else end,
            "Days in class": "until deleted" if stay is None else stay, "Minimum": minimum,
            "Within minimum?": "yes" if stay is None or stay >= minimum else f"no: billed for {minimum}",
        })
    return rows


seed_rule = {
    "ID": "MoveToGlacierAfter90Days", "Status": "Enabled", "Filter": {"Prefix": "logs/"},
    "Transitions": [{"Days": 30, "StorageClass": "STANDARD_IA"}, {"Days": 90, "StorageClass": "GLACIER"}],
    "Expiration": {"Days": 365},
}
labkit.table(stage_rows(seed_rule), title="The seed's rule, stage by stage")

# %% [markdown]
# 모든 단계가 최소 저장 기간을 채웁니다. Standard-IA에 60일(최소 30일), Glacier Flexible Retrieval에
# 275일(최소 90일) 머무릅니다. 같은 계획을 타임라인으로 그리면 다음과 같습니다.

# %%
import io

from IPython.display import Image
from matplotlib.figure import Figure

COLOURS = {"STANDARD": "#1565c0", "INTELLIGENT_TIERING": "#00838f", "STANDARD_IA": "#2e7d32",
           "ONEZONE_IA": "#9e9d24", "GLACIER_IR": "#6a1b9a", "GLACIER": "#4527a0", "DEEP_ARCHIVE": "#263238"}


def draw_lifecycle(rule, title):
    """A timeline of ``rule``: one coloured band per storage class, a red line at expiry."""
    stages = lifecycle_stages(rule)
    expiry = stages[-1][2]
    horizon = expiry if expiry is not None else stages[-1][1] + 90
    fig = Figure(figsize=(10, 1.9))
    ax = fig.add_axes((0.03, 0.32, 0.86, 0.5))
    for storage_class, start, end in stages:
        stop = horizon if end is None else end
        ax.barh(0, stop - start, left=start, height=0.8, color=COLOURS.get(storage_class, "#757575"),
                edgecolor="white")
        days = f"{stop - start} days" if end is not None else "no expiry"
        ax.text((start + stop) / 2, 0, f"{storage_class}\n{days}", ha="center", va="center", color="white",
                fontsize=8, fontweight="bold")
    if expiry is not None:
        ax.axvline(expiry, color="#c62828", linewidth=3)
        ax.text(expiry, 0, f"  expire\n  (day {expiry})", color="#c62828", va="center", fontsize=9)
    ax.set_xlim(0, horizon)
    ax.set_ylim(-0.5, 0.5)
    ax.set_xticks(sorted({0, horizon, *(start for _, start, _ in stages)}))
    ax.set_yticks([])
    ax.set_xlabel("days since the object was created")
    ax.set_title(title, loc="left", fontsize=10)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=110, metadata={"Software": None})
    return Image(png.getvalue(), format="png")


draw_lifecycle(seed_rule, "The seed's lifecycle rule for logs/")

# %% [markdown]
# 수명 주기 구성을 적용할 때 AWS가 지키게 하는 규칙이 있습니다.
# - 객체는 현재 클래스에 **최소 30일** 머문 뒤에야 `STANDARD_IA`나 `ONEZONE_IA`로 전환할 수 있습니다(그래서
#   `"Days": 30`이 가장 이른 값입니다).
# - 전환은 폭포처럼 "아래로만" 흐릅니다(Standard → IA → Glacier IR → Glacier Flexible → Deep Archive). 위로
#   거슬러 올라가지 않습니다.
# - **접두사는 글자 그대로 비교합니다.** `logs/`는 `logs/app.log`와 일치하지만 `logs-old/x`와는 일치하지
#   않습니다. 필터가 없는 규칙은 버킷 전체에 적용됩니다.
#
# ### 실습 과제 `s3.logs_lifecycle`
#
# `my-log-bucket`에 학습 자료의 수명 주기 정책을 설정하세요. 접두사 `logs/`에 **활성화된**(`Enabled`) 규칙 하나를
# 두어, 객체를 30일 후 `STANDARD_IA`로, 90일 후 `GLACIER`로 옮기고, 365일 후 만료시킵니다. 시작 시나리오는
# 이번에도 `buckets`(빈 버킷 두 개)이므로, 아래 셀은 새 랩을 엽니다.

# %%
lab = labkit.start(labkit.task("s3.logs_lifecycle").starter, seed=0, replace=True)
s3 = lab.client("s3")
show_task("s3.logs_lifecycle")

# %% tags=["solution"] labkit={"task": "s3.logs_lifecycle"}
s3.put_bucket_lifecycle_configuration(
    Bucket="my-log-bucket",
    LifecycleConfiguration={
        "Rules": [
            {
                "ID": "MoveToGlacierAfter90Days",
                "Status": "Enabled",
                "Filter": {"Prefix": "logs/"},
                "Transitions": [
                    {"Days": 30, "StorageClass": "STANDARD_IA"},
                    {"Days": 90, "StorageClass": "GLACIER"},
                ],
                "Expiration": {"Days": 365},
            }
        ]
    },
)
print("lifecycle configuration put on my-log-bucket")

# %% tags=["check"]
labkit.grade("s3.logs_lifecycle")

# %% [markdown]
# 무엇을 작성했든 버킷에서 구성을 다시 읽어 와서 그려 보겠습니다.

# %%
config = read(s3.get_bucket_lifecycle_configuration, "NoSuchLifecycleConfiguration", Bucket="my-log-bucket")
rules = config["Rules"] if config else []
if not rules:
    print("my-log-bucket has no lifecycle configuration yet.")
for rule in rules:
    scope = rule.get("Filter", {}).get("Prefix", rule.get("Prefix", "")) or "(whole bucket)"
    print(f"rule {rule.get('ID', '(no id)')!r} on {scope}: {rule['Status']}")
    display(labkit.table(stage_rows(rule)))
    display(draw_lifecycle(rule, f"my-log-bucket, rule {rule.get('ID', '')}"))

# %% [markdown]
# > **moto와 AWS의 차이:** 랩은 수명 주기 규칙을 저장하지만 실행하지는 않습니다. 랩에서는 시간이
# > 흐르지 않으므로, 어떤 객체도 클래스가 바뀌거나 만료되지 않습니다. 또 AWS가 거부하는 전환도 받아들입니다(예:
# > 10일 후 `STANDARD_IA`로 전환하는 규칙을 AWS는 `InvalidArgument`로 거부합니다). 채점기는 학습 자료의 수치를
# > 확인하므로 그 수치를 그대로 사용하세요.

# %% [markdown]
# ## 5. 버킷 보호하기 (S3 보안 모범 사례)
#
# ### 저장 데이터 암호화(encryption at rest)
#
# S3는 다음 방식 중 하나로 객체를 서버 측에서 암호화합니다(API에서는 `SSEAlgorithm`).
#
# | 방식 | API 값 | 키를 가진 쪽 | 선택하는 이유 |
# |---|---|---|---|
# | SSE-S3 | `AES256` | S3(사용자는 키를 볼 수 없음) | 2023년부터 기본값. 추가 비용도 없지만 통제할 수 있는 것도 없음 |
# | SSE-KMS | `aws:kms` | 사용자가 통제하는 KMS 키 | 키 정책으로 복호화할 수 있는 주체를 결정, 키 사용이 모두 CloudTrail에 기록됨, 키 교체 가능, 키를 비활성화해 데이터를 잠글 수 있음 |
# | DSSE-KMS | `aws:kms:dsse` | KMS 키, 이중 계층 | 이중 계층 암호화를 요구하는 규정 준수 요건 |
# | SSE-C | (요청마다 지정) | 사용자가 요청마다 키를 함께 보냄 | 키를 AWS 밖에서 관리해야 하는 경우 |
#
# SSE-KMS를 쓰면 S3는 객체를 쓰고 읽을 때마다 KMS에 데이터 키를 요청합니다. KMS 요청에는 요금이 붙고 요청
# 할당량도 있습니다. **S3 버킷 키**(Bucket Key)를 켜면(학습 자료의 `'BucketKeyEnabled': True  # 비용 절감`) S3가
# KMS에서 수명이 짧은 *버킷 수준* 키를 받아 거기서 객체별 키를 만들어 내므로, KMS 요청과 그 비용이 최대 99%까지
# 줄어듭니다.
#
# 버킷의 기본값으로 정하기 전에 객체 하나로 먼저 시험해 보겠습니다. 별칭(alias)이 있는 고객 관리형 KMS 키를
# 만들고, SSE-KMS와 버킷 키를 지정해 업로드합니다.

# %%
kms = lab.client("kms")
demo_key = kms.create_key(Description="Demo key for one object")["KeyMetadata"]["KeyId"]
kms.create_alias(AliasName="alias/demo-key", TargetKeyId=demo_key)

s3.put_object(Bucket="my-log-bucket", Key="logs/2024/07/app.log", Body=b"GET /health 200\n",
              ServerSideEncryption="aws:kms", SSEKMSKeyId="alias/demo-key", BucketKeyEnabled=True)
head = s3.head_object(Bucket="my-log-bucket", Key="logs/2024/07/app.log")
print("ServerSideEncryption:", head["ServerSideEncryption"])
print("SSEKMSKeyId:         ", head["SSEKMSKeyId"])
print("BucketKeyEnabled:    ", head["BucketKeyEnabled"])

# %% [markdown]
# > **moto와 AWS의 차이:** AWS는 `SSEKMSKeyId`에 키의 전체 ARN을 돌려줍니다(객체를 쓸 때 별칭을 실제 키로
# > 해석합니다). 랩은 보낸 별칭을 그대로 돌려줍니다.
#
# 업로드할 때마다 암호화를 요청하는 방식은 허술합니다. 인수 하나만 빠뜨려도 그 객체는 버킷의 기본값을 따르게
# 됩니다. 그래서 학습 자료는 버킷에 **기본 암호화**를 설정합니다(`put_bucket_encryption`). 그러면 업로드하는 쪽이
# 요청하지 않아도 모든 새 객체가 그 방식으로 암호화됩니다.
#
# ### 퍼블릭 액세스 차단(Block Public Access)
#
# 서로 독립된 스위치 네 개가 있고, 버킷 수준과 계정 전체 수준에 각각 설정할 수 있습니다(어느 한쪽 수준에서라도
# 켜져 있으면 켜진 것으로 봅니다).
#
# | 설정 | 하는 일 |
# |---|---|
# | `BlockPublicAcls` | 퍼블릭 액세스를 부여하는 새 ACL(버킷이나 객체의 ACL)을 거부합니다 |
# | `IgnorePublicAcls` | 이미 있는 퍼블릭 ACL을 모두 무시합니다 |
# | `BlockPublicPolicy` | 퍼블릭 액세스를 부여하는 버킷 정책을 거부합니다 |
# | `RestrictPublicBuckets` | 그래도 퍼블릭 정책이 있다면, AWS 서비스와 이 계정의 보안 주체만 그 정책으로 접근할 수 있게 합니다 |
#
# 네 가지를 모두 켜는 것이 FSBP(AWS 기본 보안 모범 사례) 컨트롤 **S3.8**입니다. 일부러 일반에 공개하는 버킷만 이
# 설정을 끕니다. 그런 경우에도 원본 액세스 제어(OAC)를 사용하는 CloudFront를 앞에 두는 방식이 권장됩니다.
#
# > **moto와 AWS의 차이:** 랩은 네 가지 플래그를 저장하지만 강제하지는 않습니다. `BlockPublicPolicy`가
# > 켜진 버킷에도 퍼블릭 버킷 정책을 받아들이는데, AWS라면 `AccessDenied`로 거부합니다. 채점기와
# > `labkit.diagram(view="storage")`는 이 플래그 값을 읽습니다.
#
# ### 버전 관리(versioning)
#
# 버전 관리를 켜면 S3는 모든 키의 **모든 버전**을 보관합니다. 객체를 덮어쓰면 새 버전이 추가되고, 삭제하면 키를
# 가리는 *삭제 마커*(delete marker)가 추가되며, 이전 데이터는 `VersionId`로 언제든 다시 가져올 수 있습니다.
# 내구성이 막아 주지 못하는 사용자 자신의 실수를 막아 주는 장치입니다. `my-log-bucket`에서 확인해 보겠습니다.

# %%
s3.put_bucket_versioning(Bucket="my-log-bucket", VersioningConfiguration={"Status": "Enabled"})
s3.put_object(Bucket="my-log-bucket", Key="config/app.json", Body=b'{"debug": false}')
s3.put_object(Bucket="my-log-bucket", Key="config/app.json", Body=b'{"debug": true}')  # oops
s3.delete_object(Bucket="my-log-bucket", Key="config/app.json")                       # oops again

try:
    s3.get_object(Bucket="my-log-bucket", Key="config/app.json")
except ClientError as err:
    print("GetObject config/app.json:", err.response["Error"]["Code"], "(the delete marker hides the key)")

history = s3.list_object_versions(Bucket="my-log-bucket", Prefix="config/")
rows = [{"Kept": "delete marker", "Contents": None, "Latest": m["IsLatest"]} for m in history["DeleteMarkers"]]
for version in history["Versions"]:  # newest first
    body = s3.get_object(Bucket="my-log-bucket", Key="config/app.json", VersionId=version["VersionId"])["Body"]
    rows.append({"Kept": "version", "Contents": body.read().decode(), "Latest": version["IsLatest"]})
labkit.table(rows, title="What S3 keeps for config/app.json")

# %% [markdown]
# 잃어버린 것은 없습니다. 이전 버전을 같은 키 위에 복사하기만 하면(또는 삭제 마커를 삭제하면) 복구됩니다.

# %%
first = history["Versions"][-1]["VersionId"]
s3.copy_object(Bucket="my-log-bucket", Key="config/app.json",
               CopySource={"Bucket": "my-log-bucket", "Key": "config/app.json", "VersionId": first})
print("config/app.json is back:", s3.get_object(Bucket="my-log-bucket", Key="config/app.json")["Body"].read().decode())

# %% [markdown]
# 버전 관리는 한 번 켜면 끌 수 없고 **일시 중지**(suspend)만 할 수 있습니다. 이전 버전에도 저장 요금이 붙으므로,
# 수명 주기 규칙(`NoncurrentVersionExpiration`)으로 정리해야 요금이 멈춥니다.
#
# ### 버킷 정책(bucket policy)
#
# 버킷 정책은 버킷에 연결하는 **리소스 기반** IAM 정책입니다. *누가*(`Principal`) *어떤 리소스*에 *어떤 작업*을
# *어떤 조건에서*(`Condition`) 할 수 있는지를 정합니다. AWS는 버킷 정책을 호출자 자신의 IAM 정책과 함께
# 평가하며, **명시적 거부(explicit Deny)는 어떤 허용(Allow)보다도 항상 우선합니다**. 그래서 가드레일에는
# "~가 아니면 거부" 형태의 문(statement)이 제격입니다. 다른 곳에서 누가 무엇을 허용하든 거부는 그대로 유지되기
# 때문입니다.
#
# 전송 중 암호화를 위한 가드레일(FSBP 컨트롤 **S3.5**)은 TLS를 사용하지 않는 모든 요청을 거부하는 것입니다.
# 조건 키 `aws:SecureTransport`는 TLS 없이 보낸 HTTP 요청에서 `false`가 됩니다.
#
# ```json
# {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
#  "Resource": ["arn:aws:s3:::my-secure-bucket", "arn:aws:s3:::my-secure-bucket/*"],
#  "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
# ```
#
# 리소스 두 개가 모두 필요합니다. 버킷 작업(`ListBucket`, `PutBucketPolicy`)은 버킷 ARN을 대상으로 하고, 객체
# 작업(`GetObject`, `PutObject`)은 `bucket/*`을 대상으로 하기 때문입니다.
#
# ### 실습 과제 `s3.secure_bucket`
#
# 지금까지 배운 내용을 모두 `my-secure-bucket`에 적용하세요.
# 1. 별칭이 `alias/my-s3-key`인 고객 관리형 KMS 키를 만들고, 그 키를 사용하는 **SSE-KMS** 기본 암호화를
#    **S3 버킷 키를 활성화해서** 설정합니다.
# 2. **퍼블릭 액세스 차단** 설정 네 가지를 모두 켭니다.
# 3. **버전 관리**를 활성화합니다.
# 4. TLS 없이 보낸 모든 요청을 버킷과 그 객체 모두에 대해 거부하는 **버킷 정책**을 적용합니다.
#
# 시작 시나리오는 `buckets`입니다. 두 버킷이 있고, 아무것도 구성되어 있지 않습니다.

# %%
lab = labkit.start(labkit.task("s3.secure_bucket").starter, seed=0, replace=True)
s3, kms = lab.client("s3"), lab.client("kms")
show_task("s3.secure_bucket")

# %% tags=["solution"] labkit={"task": "s3.secure_bucket"}
# 1. A customer managed key, its alias, and SSE-KMS + Bucket Key as the bucket's default.
key_id = kms.create_key(Description="Default encryption of my-secure-bucket")["KeyMetadata"]["KeyId"]
kms.create_alias(AliasName="alias/my-s3-key", TargetKeyId=key_id)

s3.put_bucket_encryption(
    Bucket="my-secure-bucket",
    ServerSideEncryptionConfiguration={
        "Rules": [
            {
                "ApplyServerSideEncryptionByDefault": {
                    "SSEAlgorithm": "aws:kms",
                    "KMSMasterKeyID": "alias/my-s3-key",
                },
                "BucketKeyEnabled": True,  # 비용 절감: far fewer KMS requests
            }
        ]
    },
)
print("default encryption: SSE-KMS with alias/my-s3-key and a Bucket Key")

# %% tags=["solution"] labkit={"task": "s3.secure_bucket"}
# 2. Block Public Access: all four settings.
s3.put_public_access_block(
    Bucket="my-secure-bucket",
    PublicAccessBlockConfiguration={
        "BlockPublicAcls": True,
        "IgnorePublicAcls": True,
        "BlockPublicPolicy": True,
        "RestrictPublicBuckets": True,
    },
)

# 3. Versioning.
s3.put_bucket_versioning(Bucket="my-secure-bucket", VersioningConfiguration={"Status": "Enabled"})
print("Block Public Access and versioning set")

# %% tags=["solution"] labkit={"task": "s3.secure_bucket"}
# 4. Refuse plain HTTP, on the bucket and on every object.
tls_only = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "DenyInsecureTransport",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": ["arn:aws:s3:::my-secure-bucket", "arn:aws:s3:::my-secure-bucket/*"],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        }
    ],
}
s3.put_bucket_policy(Bucket="my-secure-bucket", Policy=json.dumps(tls_only))
print("bucket policy put:", [statement["Sid"] for statement in tls_only["Statement"]])

# %% tags=["check"]
labkit.grade("s3.secure_bucket")

# %% [markdown]
# 처음에 본 것과 같은 표와, 내 계정의 스토리지 뷰입니다. 스토리지 뷰는 버킷마다 보호 배지를 표시합니다(초록은
# 적용됨, 주황은 일부만 적용됨, 빨강은 없음).

# %%
labkit.table([bucket_settings(name) for name in sorted(b["Name"] for b in s3.list_buckets()["Buckets"])],
              title="Your buckets, now")

# %%
labkit.diagram(view="storage")

# %% [markdown]
# ### 정책은 어떻게 판단할까? (`labkit.iam.evaluate`)
#
# 노트북에서는 S3에 TLS 없는 HTTP 요청을 보낼 수 없으므로, 대신 정책 평가기에 물어봅니다.
# `labkit.iam.evaluate`는 AWS가 문서로 공개한 정책 평가 로직을 따릅니다. 호출자의 자격 증명 기반 정책(identity
# policy), 작업, 리소스, 버킷에서 다시 읽어 온 버킷 정책, 그리고 요청 컨텍스트(`aws:SecureTransport`)를
# 넘겨줍니다. 호출자는 이 계정의 사용자 `alice`이고, alice의 IAM 정책은 `s3:*`를 허용합니다.

# %%
ALICE = "arn:aws:iam::123456789012:user/alice"
ALICE_POLICY = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}


def bucket_policy(name):
    """The bucket's policy as a dict, or None."""
    found = read(s3.get_bucket_policy, "NoSuchBucketPolicy", Bucket=name)
    return json.loads(found["Policy"]) if found else None


def verdict(evaluation):
    """'allowed', or the decision and the statement that decided it."""
    deciding = [s.sid or s.label for s in evaluation.statements if s.policy_type == "resource"]
    return evaluation.decision + (f" ({', '.join(deciding)})" if deciding else "")


policy = bucket_policy("my-secure-bucket")
print("bucket policy of my-secure-bucket:", "none" if policy is None else f"{len(policy['Statement'])} statement(s)")
rows = []
for action, resource in [("s3:GetObject", "arn:aws:s3:::my-secure-bucket/reports/q1.csv"),
                         ("s3:PutObject", "arn:aws:s3:::my-secure-bucket/reports/q1.csv"),
                         ("s3:ListBucket", "arn:aws:s3:::my-secure-bucket")]:
    for transport, secure in (("HTTPS", True), ("plain HTTP", False)):
        evaluation = labkit.iam.evaluate([ALICE_POLICY], action, resource, principal=ALICE,
                                         resource_policy=policy, context={"aws:SecureTransport": secure})
        rows.append({"Request": action, "Transport": transport, "Decision": verdict(evaluation)})
labkit.table(rows, title="alice's requests to my-secure-bucket")

# %% [markdown]
# HTTPS로 보낸 요청은 alice 자신의 정책에 따라 허용됩니다. 하지만 TLS 없는 HTTP로 보내면, alice의 자격 증명 기반
# 정책이 `s3:*`를 허용하는데도 버킷 정책의 거부 문이 이를 뒤집습니다.
#
# 내가 직접 하는 업로드는 통과합니다. boto3는 항상 HTTPS로 통신하므로 TLS 전용 거부 문의 조건에 해당하지 않기
# 때문입니다.
#
# > **moto와 AWS의 차이:** moto 자체는 객체 요청에 대해서만 버킷 정책을 확인하고 조건은 대부분 충족된 것으로
# > 취급하므로, 그대로 두면 이 조건부 거부 문이 *모든* 업로드를 거부해 버립니다. 그래서 labkit은 랩이
# > 객체 요청을 `labkit.iam.evaluate`로 판단하게 합니다(요청은 내 계정에서, TLS로, VPC 엔드포인트를 거치지 않고
# > 온 것으로 봅니다). 이것이 AWS의 동작과 같습니다. 버킷 수준 호출(`ListBucket`, `GetBucketPolicy` 등)은
# > 랩에서 여전히 버킷 정책으로 검사하지 않습니다.

# %%
try:
    s3.put_object(Bucket="my-secure-bucket", Key="reports/q1.csv", Body=b"region,total\nseoul,42\n")
    print("PutObject succeeded")
except ClientError as err:
    print("PutObject refused by the lab:", err.response["Error"]["Code"], err.response["Error"]["Message"])

# %% [markdown]
# ## 6. VPC 엔드포인트를 통해서만 접근하기
#
# 프라이빗 서브넷의 애플리케이션은 **S3 게이트웨이 엔드포인트**(gateway endpoint)를 통해 인터넷을 거치지 않고 S3에
# 접근합니다. 게이트웨이 엔드포인트는 무료이고, S3의 접두사 목록(prefix list)으로 가는 경로 형태로 라우팅 테이블에
# 추가되며, 트래픽은 AWS 네트워크 안에 머무릅니다. 엔드포인트를 거쳐 들어온 요청에는 조건 키 `aws:SourceVpce`에
# 그 엔드포인트의 ID가 담깁니다(조건 키 이름은 대소문자를 구분하지 않으며, 학습 자료에서는 `aws:sourceVpce`로
# 씁니다).

# %%
concepts.show("vpc_endpoint_types")

# %% [markdown]
# 학습 자료의 버킷 정책은 이 조건 키를 이용해 엔드포인트를 **유일한** 출입구로 만듭니다. `aws:sourceVpce`가
# 엔드포인트의 ID와 같지 않으면(`StringNotEquals` → 거부) 버킷과 그 객체에 대한 모든 S3 작업을 거부합니다.
#
# ```json
# {"Sid": "RestrictToVPCEndpoint", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
#  "Resource": ["arn:aws:s3:::my-secure-bucket", "arn:aws:s3:::my-secure-bucket/*"],
#  "Condition": {"StringNotEquals": {"aws:sourceVpce": "vpce-1234567890abcdef0"}}}
# ```
#
# 이 정책은 조심해서 다뤄야 합니다. `s3:*`에는 `PutBucketPolicy`와 `DeleteBucketPolicy`도 포함되므로, 정책을
# 적용하고 나면 **내 PC나 콘솔에서도 정책을 바꿀 수 없습니다**. VPC 안에서 바꾸거나, 버킷 정책을 언제든 삭제할
# 수 있는 계정의 루트 사용자로 삭제하는 방법만 남습니다.
#
# ### 실습 과제 `s3.vpce_only`
#
# 1. VPC `main`에 S3 게이트웨이 엔드포인트(`com.amazonaws.ap-northeast-2.s3`)를 만들고, **프라이빗** 서브넷의
#    라우팅 테이블인 `app-rt`와 `db-rt`에 연결합니다.
# 2. `my-secure-bucket`에 학습 자료의 정책을 적용하되, **내가 만든** 엔드포인트의 ID를 넣습니다.
#
# 시작 시나리오 `network-and-buckets`는 VPC 노트북에서 만든 3계층 네트워크(VPC `main`: 두 가용 영역에 걸친
# 퍼블릭, 앱, DB 서브넷과 각각의 라우팅 테이블)에 빈 버킷 두 개를 더한 것입니다. 엔드포인트를 연결할 라우팅
# 테이블은 다음과 같습니다.

# %%
lab = labkit.start(labkit.task("s3.vpce_only").starter, seed=0, replace=True)
ec2, s3 = lab.client("ec2"), lab.client("s3")
show_task("s3.vpce_only")


def route_tables():
    """Rows for the named route tables of VPC main: their routes, readable."""
    vpc_id = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["main"]}])["Vpcs"][0]["VpcId"]
    found = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["RouteTables"]
    rows = []
    for table in found:
        name = {t["Key"]: t["Value"] for t in table.get("Tags", [])}.get("Name")
        if not name:
            continue
        routes = [f'{r.get("DestinationCidrBlock") or r.get("DestinationPrefixListId")} -> '
                  f'{r.get("GatewayId") or r.get("NatGatewayId")}' for r in table["Routes"]]
        rows.append({"Name": name, "Id": table["RouteTableId"], "Routes": "; ".join(routes)})
    return labkit.table(sorted(rows, key=lambda r: r["Name"]), title="Route tables of VPC main")


route_tables()

# %% tags=["solution"] labkit={"task": "s3.vpce_only"}
# 1. The gateway endpoint, on the private route tables (app and db tiers).
vpc_id = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["main"]}])["Vpcs"][0]["VpcId"]
private_tables = ec2.describe_route_tables(
    Filters=[{"Name": "tag:Name", "Values": ["app-rt", "db-rt"]}]
)["RouteTables"]
endpoint = ec2.create_vpc_endpoint(
    VpcId=vpc_id,
    ServiceName="com.amazonaws.ap-northeast-2.s3",
    VpcEndpointType="Gateway",
    RouteTableIds=[t["RouteTableId"] for t in private_tables],
    TagSpecifications=[{"ResourceType": "vpc-endpoint", "Tags": [{"Key": "Name", "Value": "s3-gateway-endpoint"}]}],
)["VpcEndpoint"]
endpoint_id = endpoint["VpcEndpointId"]
print("created", endpoint_id)

# %% tags=["solution"] labkit={"task": "s3.vpce_only"}
# 2. The seed's policy, with this endpoint's id.
vpce_only = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "RestrictToVPCEndpoint",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": ["arn:aws:s3:::my-secure-bucket", "arn:aws:s3:::my-secure-bucket/*"],
            "Condition": {"StringNotEquals": {"aws:sourceVpce": endpoint_id}},
        }
    ],
}
s3.put_bucket_policy(Bucket="my-secure-bucket", Policy=json.dumps(vpce_only))
print("bucket policy put: deny unless aws:sourceVpce is", endpoint_id)

# %% tags=["check"]
labkit.grade("s3.vpce_only")

# %% [markdown]
# 게이트웨이 엔드포인트의 실체는 **경로**(route) 하나입니다. 이제 앱과 DB 라우팅 테이블은 S3의 접두사
# 목록(`pl-…`, 리전의 S3 주소 범위)으로 가는 트래픽을 엔드포인트로 보내고, 퍼블릭 라우팅 테이블은 그대로입니다.
# 네트워크 뷰에도 이 연결이 그려집니다.

# %%
route_tables()

# %%
labkit.diagram(view="network")

# %% [markdown]
# ### 이런 요청이라면? VPC 안과 밖에서 보낸 요청
#
# 내 버킷 정책은 어떤 요청을 통과시킬까요? 내 엔드포인트를 거친 요청, 다른 엔드포인트를 거친 요청, 인터넷에서
# 온 요청을 각각 HTTPS와 TLS 없는 HTTP로 평가해 봅니다. 버킷에는 정책 문서가 **하나**뿐이므로
# (`put_bucket_policy`는 기존 정책을 통째로 교체합니다), 마지막 열(`+ DenyInsecureTransport`)은 이렇게 묻습니다.
# 앞 과제의 TLS 문을 이 정책에 추가하면 결과가 어떻게 될까요?

# %%
found = ec2.describe_vpc_endpoints(
    Filters=[{"Name": "service-name", "Values": ["com.amazonaws.ap-northeast-2.s3"]}]
)["VpcEndpoints"]
our_endpoint = found[0]["VpcEndpointId"] if found else "vpce-0000000000000000a"  # none yet: a stand-in id
policy = bucket_policy("my-secure-bucket")
tls_statement = {
    "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
    "Resource": ["arn:aws:s3:::my-secure-bucket", "arn:aws:s3:::my-secure-bucket/*"],
    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
}
statements = (policy or {}).get("Statement", [])
statements = [statements] if isinstance(statements, dict) else statements
combined = {"Version": "2012-10-17", "Statement": [*statements, tls_statement]}
print("your endpoint:", our_endpoint if found else "none yet", "| bucket policy:", "none" if policy is None else "yes")

sources = [
    ("through your endpoint", {"aws:SourceVpce": our_endpoint, "aws:VpcSourceIp": "10.0.10.25"}),
    ("through another endpoint", {"aws:SourceVpce": "vpce-0b0b0b0b0b0b0b0b0", "aws:VpcSourceIp": "10.9.0.7"}),
    ("from the internet", {"aws:SourceIp": "203.0.113.10"}),
]
rows = []
for where, context in sources:
    for transport, secure in (("HTTPS", True), ("HTTP", False)):
        ask = dict(context, **{"aws:SecureTransport": secure})
        decide = [labkit.iam.evaluate([ALICE_POLICY], "s3:GetObject", "arn:aws:s3:::my-secure-bucket/reports/q1.csv",
                                      principal=ALICE, resource_policy=p, context=ask)
                  for p in (policy, combined)]
        rows.append({"GetObject by alice": where, "Transport": transport,
                     "Your bucket policy": verdict(decide[0]),
                     "+ DenyInsecureTransport": verdict(decide[1])})
labkit.table(rows, title="Decisions for my-secure-bucket")

# %% [markdown]
# 엔드포인트 가드레일을 통과하는 것은 내 엔드포인트를 거친 요청뿐이지만, 그 경로라면 TLS 없는 HTTP 요청도
# 통과합니다. 두 가드레일을 함께 쓰면(마지막 열) 들어오는 길은 정확히 하나, 즉 엔드포인트를 거쳐 TLS로 오는
# 길만 남습니다. 운영 환경에서는 **두 문을 하나의 정책에** 함께 넣으세요.
#
# > **moto와 AWS의 차이:** 이 노트북에서 보내는 요청은 어떤 것도 VPC를 거치지 않으므로, 랩에서는
# > "엔드포인트를 거친" 요청을 보낼 수 없습니다. 그래서 이제 여기서 `my-secure-bucket`에 업로드하면
# > 거부됩니다. VPC 밖에 있는 노트북 PC의 요청을 AWS가 거부하는 것과 똑같습니다. 엔드포인트를 *거친* 요청이
# > 어떤 결과를 얻을지는 평가기가 알려 줍니다. AWS에는 이 밖에도 조건 키 `aws:SourceVpc`(그 VPC의 어느
# > 엔드포인트를 거친 요청이든 일치)가 있고, 엔드포인트 쪽의 두 번째 방어선인 엔드포인트 정책(endpoint
# > policy)도 있습니다. 엔드포인트 정책은 S3 게이트웨이 엔드포인트에도, 인터페이스 엔드포인트에도 붙일 수
# > 있습니다.

# %% [markdown]
# ## 퀴즈
#
# JupyterLab에서는 위젯으로 답하세요. 일반 Python 코드로 답하려면 퀴즈를 변수에 담아 두고(`quiz =
# labkit.quiz("s3")`) `quiz.answer("<질문 id>", <답>)`을 호출합니다. 질문 id 목록은 `quiz.questions`에
# 있습니다.

# %%
labkit.quiz("s3")

# %% [markdown]
# ## 정리
# - S3는 객체(키 + 바이트 + 메타데이터)를 버킷에 저장하며 **11 9's 내구성**을 목표로 설계되었습니다. 하지만
#   내구성은 사용자 자신의 삭제로부터 데이터를 지켜 주지 않습니다. 그것은 **버전 관리**가 할 일입니다.
# - **스토리지 클래스**는 요금과 접근성 사이의 균형을 정합니다. Standard(99.99%, 최소 저장 기간 없음),
#   Intelligent-Tiering(99.9%, 없음), Standard-IA(99.9%, 30일), One Zone-IA(99.5%, 30일), Glacier Instant
#   Retrieval(99.9%, 90일), Glacier Flexible Retrieval(99.99%, 90일, 먼저 복원해야 읽을 수 있음), Glacier
#   Deep Archive(99.99%, 180일).
# - **수명 주기 정책**은 객체를 나이에 따라 옮기고 만료시킵니다. 학습 자료의 `logs/` 규칙은 Standard → 30일에
#   Standard-IA → 90일에 Glacier → 365일에 삭제입니다.
# - 안전한 버킷에는 **버킷 키를 사용하는 SSE-KMS 기본 암호화**(KMS 요청이 줄어 비용 절감), **퍼블릭 액세스
#   차단 설정 네 가지 모두**, **버전 관리**, 그리고 명시적 거부로 TLS 없는 HTTP 요청을 막고, 필요하면
#   **VPC 엔드포인트**를 거치지 않은 요청도 모두 막는 **버킷 정책**이 있습니다.
# - 명시적 거부는 어떤 허용보다도 우선합니다. 직접 보낼 수 없는 요청에 대해 정책이 어떻게 판단하는지는
#   `labkit.iam.evaluate`로 확인할 수 있습니다.
#
# 랩을 닫습니다.

# %%
lab.stop()
lab
