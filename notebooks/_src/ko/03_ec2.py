# %% [markdown]
# # 03 · EC2 — 가상 서버와 인스턴스 (Amazon EC2)
#
# Amazon EC2(Elastic Compute Cloud)는 AWS의 가장 기본적인 컴퓨팅 서비스로, **인스턴스**(instance)라고 부르는
# 가상 서버를 초 단위로 빌려줍니다. Auto Scaling, 로드 밸런서, ECS와 EKS의 노드 등 이 과정에서 다루는 거의
# 모든 것이 EC2 인스턴스로 만들어집니다.
#
# **이 노트북에서 할 일**
# 1. 인스턴스 유형의 이름을 읽는 법을 익히고, 학습 자료의 표에서 패밀리를 고른 뒤 실제
#    `describe_instance_types` 데이터와 대조합니다.
# 2. 온디맨드, 예약 인스턴스, 스팟, Savings Plans 등 구매 옵션을 비교하고, 할인율이 실제로 어떤 의미인지
#    그래프로 확인합니다.
# 3. 인스턴스 시작을 준비합니다. AMI(머신 이미지), 키 페어, 보안 그룹, 태그, 그리고 IMDSv2를 강제 적용한
#    인스턴스 메타데이터 서비스입니다.
# 4. 학습 자료의 웹 서버를 시작하고(채점 과제 `ec2.web_server`), 다시 읽어 온 뒤 내 네트워크 다이어그램에서
#    확인합니다.

# %% [markdown]
# ## 1. 랩 열기
# 빈 계정이면 충분합니다. 인스턴스를 시작할 기본 VPC가 있기 때문입니다.

# %%
import labkit

lab = labkit.start(seed=0)
ec2 = lab.client("ec2")
lab

# %% [markdown]
# ## 2. 인스턴스 유형
#
# 인스턴스 유형의 이름에는 네 가지 정보가 담겨 있습니다. `t3.medium`, `m7i.large`, `t4g.medium`을 예로 들면:
#
# | 구성 | 예 | 의미 |
# |---|---|---|
# | 패밀리 | `t`, `m`, `c`, `r`, `p`, `i` | 하드웨어가 무엇에 맞춰 균형을 잡았는지(아래 표 참고) |
# | 세대 | `3`, `7` | 숫자가 클수록 최신이며, 보통 같은 작업을 더 싸게 처리합니다 |
# | 추가 속성 | `g`, `i`, `a`, `d`, `n` | `g` AWS Graviton(Arm), `i` Intel, `a` AMD, `d` 로컬 NVMe 디스크, `n` 더 빠른 네트워크 |
# | 크기 | `medium`, `large`, `24xlarge` | 크기가 클수록 vCPU와 메모리가 많습니다. 보통 한 단계마다 두 배가 되고, 가격도 그에 비례합니다 |
#
# 학습 자료의 패밀리는 다음과 같습니다.
#
# | 패밀리 | 용도 | 사용 사례 |
# |---|---|---|
# | **t3/t4g** | 범용 (버스트 가능) | 개발/테스트, 소규모 웹 서버 |
# | **m6i/m7i** | 범용 (고정 성능) | 프로덕션 웹 서버, 애플리케이션 서버 |
# | **c6i/c7i** | 컴퓨팅 최적화 | 배치 처리, 게임 서버, 과학 연산 |
# | **r6i/r7i** | 메모리 최적화 | 인메모리 캐시, 대용량 DB |
# | **p4d/p5** | GPU 최적화 | 머신러닝, 영상 처리 |
# | **i4i** | 스토리지 최적화 | NoSQL DB, 데이터 웨어하우스 |
#
# 계정은 모든 인스턴스 유형의 정보를 알려 줄 수 있습니다. 학습 자료에 나온 패밀리마다 크기 하나씩을 물어봅시다.

# %%
SEED_FAMILIES = {
    "t3": "범용 (버스트 가능) general, burstable", "t4g": "범용 (버스트 가능) general, burstable",
    "m6i": "범용 (고정 성능) general", "m7i": "범용 (고정 성능) general",
    "c6i": "컴퓨팅 최적화 compute", "c7i": "컴퓨팅 최적화 compute",
    "r6i": "메모리 최적화 memory", "r7i": "메모리 최적화 memory",
    "p4d": "GPU 최적화 GPU", "p5": "GPU 최적화 GPU",
    "i4i": "스토리지 최적화 storage",
    "m8i": "범용 (고정 성능) general", "m8g": "범용 (고정 성능) general",  # newer than the seed
}
examples = ["t3.medium", "t4g.medium", "m6i.large", "m7i.large", "c6i.large", "c7i.large",
            "r6i.large", "r7i.large", "p4d.24xlarge", "p5.48xlarge", "i4i.large"]


def describe_types(names):
    """One readable row per instance type, from describe_instance_types."""
    answer = ec2.describe_instance_types(InstanceTypes=names)["InstanceTypes"]
    rows = []
    for t in sorted(answer, key=lambda t: names.index(t["InstanceType"])):
        gpus = t.get("GpuInfo", {}).get("Gpus", [])
        rows.append({
            "type": t["InstanceType"],
            "용도": SEED_FAMILIES.get(t["InstanceType"].split(".")[0], ""),
            "vCPUs": t["VCpuInfo"]["DefaultVCpus"],
            "memory GiB": t["MemoryInfo"]["SizeInMiB"] / 1024,
            "CPU": ", ".join(t["ProcessorInfo"]["SupportedArchitectures"]),
            "burstable": t["BurstablePerformanceSupported"],
            "GPUs": ", ".join(f'{g["Count"]}× {g["Manufacturer"]} {g["Name"]}' for g in gpus) or None,
            "local disk GB": t.get("InstanceStorageInfo", {}).get("TotalSizeInGB"),
            "network": t["NetworkInfo"]["NetworkPerformance"],
        })
    return rows


labkit.table(describe_types(examples), title="The seed's families, one size each (describe_instance_types)")

# %% [markdown]
# 실제 데이터가 표에 더해 주는 정보는 다음과 같습니다.
# - **t3/t4g**는 *버스트 가능*(burstable) 인스턴스입니다. 평소에는 기준 성능(`t3.medium`은 vCPU마다 20%)
#   이하로 동작하면서 한가할 때 CPU 크레딧을 쌓고, 부하가 몰릴 때 그 크레딧을 씁니다. 대부분의 시간이 조용한
#   웹 서버에는 저렴한 선택이지만, 하루 종일 CPU가 바쁜 작업에는 맞지 않습니다(그럴 때 쓰는 것이 **m**입니다).
#   `t4g`는 AWS가 자체 개발한 Arm 프로세서 Graviton(`arm64`)에서 동작하며, 보통 Intel 기반 `t3`보다 저렴합니다.
# - 같은 크기에서 **c**, **m**, **r**은 vCPU당 메모리가 다릅니다. 각각 2, 4, 8 GiB입니다.
# - **p4d**와 **p5**에는 각각 NVIDIA GPU가 8개씩 있습니다(A100, H100).
# - **i4i**에는 빠른 로컬 NVMe 디스크(*인스턴스 스토어*)가 있습니다. 인스턴스가 중지되면 내용이 사라지므로,
#   그 위에서 동작하는 소프트웨어(NoSQL 데이터베이스)가 복제본을 유지합니다.
#
# 한 패밀리 안의 크기들입니다. 한 단계 올라갈 때마다 메모리가 두 배가 됩니다.

# %%
t3 = ec2.describe_instance_types(Filters=[{"Name": "instance-type", "Values": ["t3.*"]}])["InstanceTypes"]
sizes = sorted(t3, key=lambda t: (t["MemoryInfo"]["SizeInMiB"], t["VCpuInfo"]["DefaultVCpus"]))
labkit.table([{"type": t["InstanceType"], "vCPUs": t["VCpuInfo"]["DefaultVCpus"],
               "memory GiB": t["MemoryInfo"]["SizeInMiB"] / 1024} for t in sizes], title="The t3 family")

# %% [markdown]
# 모든 인스턴스 유형이 모든 가용 영역에 있는 것은 아닙니다. 특정 유형을 전제로 설계하기 전에 어디서 제공되는지
# 확인하세요.

# %%
offers = ec2.describe_instance_type_offerings(
    LocationType="availability-zone",
    Filters=[{"Name": "instance-type", "Values": ["t3.medium", "p5.48xlarge"]}],
)["InstanceTypeOfferings"]
for name in ("t3.medium", "p5.48xlarge"):
    zones = sorted(o["Location"] for o in offers if o["InstanceType"] == name)
    print(f"{name:<12} offered in {', '.join(zones)}")

# %% [markdown]
# > **moto와 AWS의 차이:** 랩은 moto에 포함된 카탈로그, 즉 AWS 데이터의 특정 시점 스냅샷으로 답합니다. 믿을
# > 것은 내 실제 계정의 답입니다(제공 현황은 바뀌고, 영역 이름이 가리키는 물리적 영역도 계정마다 다릅니다).
#
# **학습 자료 이후의 변화:** 새로운 세대가 나왔습니다. Graviton4(`m8g`, `c8g`, `r8g`, 2024)와 8세대 Intel
# (`m8i`, 2025)이며, 랩도 이 유형들을 알고 있습니다. GPU 인스턴스는 `p5e`/`p5en`(NVIDIA H200)과
# `p6`(NVIDIA Blackwell, 2025)으로 넘어갔습니다. 그래도 학습 자료의 조언은 여전히 유효합니다. 작업의 성격에 맞춰
# 패밀리를 고르고, 그다음 내 리전에서 쓸 수 있는 가장 최신 세대를 고르세요.

# %%
labkit.table(describe_types(["m7i.large", "m8i.large", "m8g.large"]), title="Newer general-purpose generations")

# %% [markdown]
# ## 3. 구매 옵션
#
# 같은 인스턴스라도 비용을 내는 방법은 네 가지입니다. 학습 자료의 비교표입니다.
#
# | 옵션 | 할인율 | 약정 기간 | 특징 |
# |---|---|---|---|
# | **온디맨드** (On-Demand) | 0% | 없음 | 유연성 최대: 초 단위로 지불하고 언제든 중지 |
# | **예약 인스턴스** (Reserved Instances) | 최대 72% | 1~3년 | 예측 가능한 워크로드 |
# | **스팟** (Spot) | 최대 90% | 없음 | 중단 가능 워크로드 |
# | **Savings Plans** | 최대 72% | 1~3년 | 유연한 할인 |

# %%
from labkit.diagrams import concepts

concepts.show("ec2_purchase_options")

# %% [markdown]
# - **온디맨드:** Linux 인스턴스는 실행되는 동안 초 단위로 과금됩니다(최소 1분). 기본 옵션이며, 짧거나
#   새롭거나 예측하기 어려운 작업에 알맞습니다.
# - **예약 인스턴스:** 한 리전의 특정 인스턴스 유형을 1년 또는 3년 동안 쓰기로 약정합니다. 기간이 길고 선결제
#   금액이 클수록 할인율이 커집니다.
# - **Savings Plans:** 1년 또는 3년 동안 시간당 일정 금액을 쓰기로 약정하며, 조건에 맞는 사용량에 자동으로
#   적용됩니다. *EC2 Instance Savings Plans*(한 리전의 한 패밀리, 최대 72%)는 예약 인스턴스와 할인율이 같고,
#   *Compute Savings Plans*(패밀리, 리전과 무관하며 Fargate와 Lambda까지 포함)는 최대 66%를 할인합니다. 현재
#   AWS는 예약 인스턴스보다 Savings Plans를 권장합니다.
# - **스팟:** 남는 EC2 용량을 큰 폭으로 할인해 쓰는 옵션으로, AWS가 용량이 필요해지면 **2분 전에 알리고**
#   회수합니다. 배치 작업, CI, 로드 밸런서 뒤의 상태 비저장 워커에 적합하며, 서버를 잃어서는 안 되는
#   데이터베이스에는 절대 쓰지 않습니다.
#
# 이 숫자들이 청구서에서는 어떤 의미일까요? 약정 금액은 서버가 실행되든 말든 내야 하므로, 서버가 충분히 오래
# 실행될 때만 이득입니다. 학습 자료의 최대 할인율을 그대로 적용하면 다음과 같습니다.

# %%
import matplotlib.pyplot as plt

hours = list(range(0, 101))  # share of the month the server runs, in %
on_demand = [h for h in hours]  # cost in % of "On-Demand, all month"
committed = [100 - 72 for _ in hours]  # Reserved / Savings Plan: up to 72 % off, paid every hour
spot = [h * (100 - 90) / 100 for h in hours]  # Spot: up to 90 % off, only for interruptible work

fig, ax = plt.subplots(figsize=(9, 4.8))
ax.plot(hours, on_demand, label="On-Demand (0 %, no commitment)", color="#616161", linewidth=2)
ax.plot(hours, committed, label="Reserved / Savings Plan (up to 72 %, 1–3 years)", color="#1565c0", linewidth=2)
ax.plot(hours, spot, label="Spot (up to 90 %, may be interrupted)", color="#ef6c00", linewidth=2)
ax.axvline(28, color="#1565c0", linestyle=":", linewidth=1)
ax.annotate("break-even: a commitment pays off\nonce the server runs > 28 % of the time",
            xy=(28, 28), xytext=(48, 13), arrowprops={"arrowstyle": "->", "color": "#1565c0"}, fontsize=10)
ax.set_xlabel("hours the instance runs in a month (%)")
ax.set_ylabel("monthly cost (% of On-Demand, all month)")
ax.set_title("EC2 purchase options with the seed's best-case discounts")
ax.set_xlim(0, 100)
ax.set_ylim(0, 105)
ax.legend(loc="upper left")
ax.grid(alpha=0.3)
plt.show()

# %% [markdown]
# 실제 할인율은 약정 기간이 짧거나, 선결제가 없거나, 인스턴스 유형이 다르면 이 최댓값보다 작습니다. 그래서
# 실제 손익분기점은 이보다 높습니다. 흔히 쓰는 조합은 꾸준한 기본 부하는 Savings Plans로, 매일의 최대 부하는
# 온디맨드로, 중단해도 되는 배치 작업은 스팟으로 감당하는 것입니다.
#
# 실제 데이터에서 유형마다 어떤 옵션을 지원하는지(`SupportedUsageClasses`) 볼 수 있습니다. GPU 유형은
# ML 학습을 위해 정해진 기간(며칠 단위) 동안 GPU 용량을 예약하는 *Capacity Blocks*도 제공합니다.

# %%
usage = ec2.describe_instance_types(InstanceTypes=["t3.medium", "m7i.large", "p5.48xlarge"])["InstanceTypes"]
for t in sorted(usage, key=lambda t: t["InstanceType"]):
    print(f'{t["InstanceType"]:<12} {", ".join(t["SupportedUsageClasses"])}')

# %% [markdown]
# > **moto와 AWS의 차이:** 랩에는 가격 정보가 없습니다. 스팟 가격 기록은 자리만 채운 값이고(모든 영역이 똑같이
# > 아주 작은 가격을 보여 줍니다), 예약 인스턴스 상품은 예시 행입니다.

# %%
history = ec2.describe_spot_price_history(InstanceTypes=["t3.medium"])["SpotPriceHistory"]
print("t3.medium Spot prices:", sorted({(h["AvailabilityZone"], h["SpotPrice"]) for h in history}))
offerings = ec2.describe_reserved_instances_offerings(InstanceType="t3.medium")["ReservedInstancesOfferings"]
print("asked for t3.medium Reserved Instances, got offerings for:", sorted({o["InstanceType"] for o in offerings}))

# %% [markdown]
# ## 4. 인스턴스 시작에 필요한 것
#
# 학습 자료의 시작 호출(`ec2.create_instances(...)`)은 인스턴스 유형 말고도 여섯 가지를 지정합니다. 이미지,
# 서브넷, 키 페어, 보안 그룹, 태그, 메타데이터 옵션입니다. 하나씩 먼저 살펴봅시다.
#
# ### 머신 이미지 (AMI)
# AMI는 인스턴스가 부팅하는 디스크입니다. 학습 자료는 Amazon Linux 2 `ami-0c55b159cbfafe1f0`을 씁니다. AMI
# ID는 **리전 단위**입니다. 같은 이미지라도 리전마다 사본의 ID가 다르며, 이 ID는 서울 리전의 카탈로그에
# 없습니다.

# %%
from botocore.exceptions import ClientError

try:
    ec2.describe_images(ImageIds=["ami-0c55b159cbfafe1f0"])
except ClientError as err:
    print(err.response["Error"]["Code"])

# %% [markdown]
# AMI ID를 문서에서 복사해 오지 말고, 현재 ID를 조회하세요. AWS는 리전마다 최신 Amazon Linux AMI를 퍼블릭 SSM
# 파라미터로 공개합니다. Amazon Linux 2는 2026-06-30에 지원이 종료되므로, 새 서버에는 **Amazon Linux 2023**을
# 쓰세요.

# %%
ssm = lab.client("ssm")
parameter = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
ami_id = ssm.get_parameter(Name=parameter)["Parameter"]["Value"]
image = ec2.describe_images(ImageIds=[ami_id])["Images"][0]
print(ami_id, "—", image["Name"], image["Architecture"])

# %% [markdown]
# > **moto와 AWS의 차이:** 랩의 `run_instances`는 존재하지 않는 ID까지 *어떤* AMI ID든 받아들입니다. 실제
# > EC2는 `InvalidAMIID.NotFound`로 응답합니다.
#
# ### 실행 위치: 기본 VPC의 서브넷
# 학습 자료는 `SubnetId`를 지정합니다. 새 계정의 기본 VPC에는 영역마다 퍼블릭 서브넷이 하나씩 있습니다.

# %%
default_vpc_id = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [default_vpc_id]}])["Subnets"]
subnets = sorted(subnets, key=lambda s: s["AvailabilityZone"])
labkit.table(subnets, {"SubnetId": "subnet", "AvailabilityZone": "zone", "CidrBlock": "CIDR",
                       "MapPublicIpOnLaunch": "public IP on launch"}, title=f"Default VPC {default_vpc_id}")

# %%
default_subnet_id = subnets[0]["SubnetId"]  # ap-northeast-2a
print("launching into", default_subnet_id, "in", subnets[0]["AvailabilityZone"])

# %% [markdown]
# ### 키 페어
# 키 페어는 SSH로 로그인할 때 쓰는 수단입니다. AWS는 퍼블릭 키를 보관해 인스턴스에 넣어 두고,
# `create_key_pair`는 **프라이빗 키를 딱 한 번**(`KeyMaterial`) 돌려줍니다. `.pem` 파일로 저장하고
# `chmod 400`으로 권한을 제한하세요. AWS는 이 키를 다시 보여 주지 않습니다(`KeyType="ed25519"`를 지정하면 더
# 짧은 최신 방식의 키를 받습니다). 더 좋은 방법은 SSH 포트를 아예 열지 않고 IAM 역할만 있으면 되는 **Session
# Manager**(AWS Systems Manager)로 서버에 접속하는 것입니다. 아래 학습 자료의 보안 그룹은 SSH를 허용하지
# 않습니다.
#
# ### 보안 그룹
# 보안 그룹은 인스턴스를 둘러싼 **상태 저장**(stateful) 방화벽입니다. *들어올* 수 있는 트래픽을 나열하며,
# 허용된 트래픽의 응답은 자동으로 나가고, 기본적으로 아웃바운드 트래픽은 모두 허용됩니다. 학습 자료의
# `web-server-sg`는 어디서나 오는 HTTPS(443)와 HTTP(80)만 허용하고 그 밖에는 아무것도 허용하지 않습니다(노트북
# 02에서 보안 그룹과 네트워크 ACL을 비교했습니다).
#
# ### 태그
# 태그는 키–값 쌍으로 된 레이블입니다. `Name`은 콘솔에 표시되는 이름이고, `Environment=Production` 같은 태그로
# 리소스를 필터링하거나(`describe_instances(Filters=[{"Name": "tag:Environment", ...}])`), 환경별로 비용을
# 나누거나(비용 할당 태그), 태그에 대한 IAM 조건을 작성할 수도 있습니다(`aws:ResourceTag/...`, 속성 기반 액세스
# 제어). 시작할 때 태그를 붙이면(`TagSpecifications`) 태그가 없는 순간이 생기지 않습니다.
#
# ### 인스턴스 메타데이터 서비스와 IMDSv2 (IMDSv2 강제 적용)
# 인스턴스에서 실행되는 코드는 `http://169.254.169.254/`에 자기 자신에 대한 정보를 묻고, **IAM 역할의 임시 자격
# 증명**도 여기서 받습니다(노트북 01). 그래서 메타데이터 서비스(IMDS)는 공격 대상이 됩니다. 웹 애플리케이션을
# 속여 공격자 대신 URL을 요청하게 만들 수 있다면(서버 측 요청 위조, SSRF), IMDSv1은 평범한 `GET` 요청 하나에
# 역할의 키를 넘겨줍니다.
#
# **IMDSv2**는 먼저 세션 토큰을 요구합니다. `X-aws-ec2-metadata-token-ttl-seconds` 헤더를 붙여
# `/latest/api/token`에 `PUT` 요청을 보내고, 이후 모든 `GET` 요청에 `X-aws-ec2-metadata-token` 헤더를 붙입니다.
# SSRF 버그로는 사용자 지정 헤더를 붙인 `PUT` 요청을 보내기 어렵고, 토큰의 IP 홉 제한
# (`HttpPutResponseHopLimit`, 보통 1)은 토큰이 인스턴스 밖으로 나가지 못하게 막습니다.
# `MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled"}`를 지정하면 IMDSv1이 꺼집니다. Security
# Hub의 제어 **EC2.8**이 이 설정을 검사하고, 노트북 01의 SCP 가드레일은 이 설정이 없는 인스턴스 시작을
# 거부합니다. 학습 자료 이후로 Amazon Linux 2023 AMI는 기본적으로 IMDSv2를 요구하며,
# `ec2.modify_instance_metadata_defaults(HttpTokens="required")`로 계정 전체의 기본값을 정할 수도 있습니다.
#
# > **moto와 AWS의 차이:** 랩에는 계정 전체의 메타데이터 기본값이 없고, 코드를 실행할 인스턴스도 없습니다.
# > 따라서 메타데이터 주소는 이 컴퓨터 밖의 여느 주소와 다를 바 없고, 네트워크 가드가 차단합니다.

# %%
import urllib.request

try:
    ec2.modify_instance_metadata_defaults(HttpTokens="required")
except NotImplementedError as err:
    print("moto:", err)

token_request = urllib.request.Request("http://169.254.169.254/latest/api/token", method="PUT",
                                       headers={"X-aws-ec2-metadata-token-ttl-seconds": "21600"})
try:
    urllib.request.urlopen(token_request, timeout=2)
except labkit.RealAWSCallBlocked as blocked:
    print("guard:", blocked.host, "blocked")

# %% [markdown]
# ## 5. 실습 과제: `ec2.web_server`
# **시작 상태:** 빈 계정(기본 VPC, 그리고 위에서 조회한 AMI와 서브넷).
#
# **할 일:** 학습 자료의 웹 서버를 시작하세요.
# 1. 키 페어 `my-key-pair`를 만듭니다.
# 2. `0.0.0.0/0`에서 오는 TCP 80과 443만 허용하는 보안 그룹 `web-server-sg`를 만듭니다(SSH도, 그 밖의 어떤
#    것도 허용하지 않습니다).
# 3. `t3.medium` 유형의 인스턴스 **하나**를 시작합니다. 태그는 `Name=MyWebServer`와
#    `Environment=Production`, 보안 그룹은 `web-server-sg`, 키 페어는 `my-key-pair`이며, IMDSv2를 필수로
#    요구해야 합니다(`HttpTokens="required"`, `HttpEndpoint="enabled"`).
#
# 랩에서는 어떤 AMI ID든 동작합니다(위의 `ami_id`를 쓰세요). 클라이언트(`ec2.run_instances`)를 써도 되고,
# 학습 자료처럼 리소스 API(`lab.resource("ec2").create_instances`)를 써도 됩니다. 채점기는 코드가 아니라
# 계정을 읽습니다.

# %%
print(labkit.task("ec2.web_server").text)
lab = labkit.start(labkit.task("ec2.web_server").starter, seed=0, replace=True)
ec2 = lab.client("ec2")
ec2_resource = lab.resource("ec2")
# A fresh account: look its default VPC and the subnet in ap-northeast-2a up again.
default_vpc_id = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
default_subnet_id = ec2.describe_subnets(Filters=[
    {"Name": "vpc-id", "Values": [default_vpc_id]},
    {"Name": "availability-zone", "Values": ["ap-northeast-2a"]},
])["Subnets"][0]["SubnetId"]

# %% tags=["solution"] labkit={"task": "ec2.web_server"}
key = ec2.create_key_pair(KeyName="my-key-pair", KeyType="rsa")
# In real AWS, write key["KeyMaterial"] to my-key-pair.pem now (chmod 400): it is never shown again.
print("created key pair", key["KeyName"])

# %% tags=["solution"] labkit={"task": "ec2.web_server"}
web_sg = ec2_resource.create_security_group(
    GroupName="web-server-sg",
    Description="Security group for web servers",
    VpcId=default_vpc_id,
)
web_sg.authorize_ingress(
    IpPermissions=[
        {
            "IpProtocol": "tcp",
            "FromPort": 443,
            "ToPort": 443,
            "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "HTTPS from anywhere"}],
        },
        {
            "IpProtocol": "tcp",
            "FromPort": 80,
            "ToPort": 80,
            "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "HTTP from anywhere"}],
        },
    ]
)
print("created", web_sg.group_name, web_sg.id)

# %% tags=["solution"] labkit={"task": "ec2.web_server"}
instances = ec2_resource.create_instances(
    ImageId=ami_id,
    MinCount=1,
    MaxCount=1,
    InstanceType="t3.medium",
    KeyName="my-key-pair",
    SecurityGroupIds=[web_sg.id],
    SubnetId=default_subnet_id,
    TagSpecifications=[
        {
            "ResourceType": "instance",
            "Tags": [
                {"Key": "Name", "Value": "MyWebServer"},
                {"Key": "Environment", "Value": "Production"},
            ],
        }
    ],
    MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled"},  # IMDSv2 강제 적용
)
print("launched", instances[0].id)

# %% tags=["check"]
labkit.grade("ec2.web_server")

# %% [markdown]
# ### 다시 읽어 오기
# 위 셀의 변수를 쓰지 않고, 여느 스크립트처럼 태그로 서버를 찾습니다.

# %%
found = ec2.describe_instances(Filters=[{"Name": "tag:Name", "Values": ["MyWebServer"]}])
servers = [i for r in found["Reservations"] for i in r["Instances"]]
rows = [{
    "instance": i["InstanceId"],
    "type": i["InstanceType"],
    "state": i["State"]["Name"],
    "zone": i["Placement"]["AvailabilityZone"],
    "private IP": i.get("PrivateIpAddress"),
    "key pair": i.get("KeyName"),
    "security groups": [g["GroupName"] for g in i["SecurityGroups"]],
    "IMDS tokens": i["MetadataOptions"]["HttpTokens"],
    "hop limit": i["MetadataOptions"]["HttpPutResponseHopLimit"],
} for i in sorted(servers, key=lambda i: i["InstanceId"])]
labkit.table(rows, title="Instances tagged Name=MyWebServer")

# %% [markdown]
# 보안 그룹의 인바운드 규칙과 아웃바운드 규칙입니다.

# %%
groups = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["web-server-sg"]}])
rules = []
for group in groups["SecurityGroups"]:
    for direction, permissions in (("inbound", group["IpPermissions"]), ("outbound", group["IpPermissionsEgress"])):
        for p in permissions:
            if p["IpProtocol"] == "-1":
                protocol, ports = "all", "all"
            else:
                low, high = p["FromPort"], p["ToPort"]
                protocol, ports = p["IpProtocol"], str(low) if low == high else f"{low}-{high}"
            for r in p.get("IpRanges", []):
                rules.append({"group": group["GroupName"], "direction": direction, "protocol": protocol,
                              "ports": ports, "source / destination": r["CidrIp"],
                              "description": r.get("Description")})
labkit.table(sorted(rules, key=lambda r: (r["direction"], r["ports"])), title="web-server-sg rules")

# %% [markdown]
# 태그는 일종의 질의 언어처럼 쓸 수 있습니다. 이름과 상관없이 모든 프로덕션 인스턴스를 찾아봅시다.

# %%
production = ec2.describe_instances(Filters=[{"Name": "tag:Environment", "Values": ["Production"]}])
tagged = ec2.describe_tags(Filters=[{"Name": "resource-type", "Values": ["instance"]}])["Tags"]
print("production instances:", sorted(i["InstanceId"] for r in production["Reservations"] for i in r["Instances"]))
labkit.table(sorted(tagged, key=lambda t: (t["ResourceId"], t["Key"])),
             {"ResourceId": "resource", "Key": "key", "Value": "value"}, title="Instance tags")

# %% [markdown]
# 지금의 네트워크입니다. 내 리소스가 기본 VPC에서 실행되고 있으므로 기본 VPC가 나타나고, 인스턴스는 서브넷
# 안에, `web-server-sg`는 영역들 아래에 표시됩니다.

# %%
labkit.diagram(view="network")

# %% [markdown]
# > **moto와 AWS의 차이:** moto의 기본 VPC에는 인터넷 게이트웨이가 없으므로 서브넷이 *격리된* 서브넷으로
# > 그려집니다. 실제 기본 VPC는 `0.0.0.0/0`을 인터넷 게이트웨이로 보내므로 서브넷이 퍼블릭 서브넷이 됩니다.
# > 또한 랩의 인스턴스는 요청하자마자 `running` 상태가 되지만, 실제 인스턴스는 한동안 `pending` 상태를 거칩니다
# > (`ec2.get_waiter("instance_running")`으로 기다립니다).
#
# ### `MetadataOptions`를 빠뜨리면?
# `MetadataOptions` 없이 두 번째 인스턴스를 시작하고, 어떤 설정을 받았는지 봅시다.

# %%
forgot = ec2.run_instances(ImageId=ami_id, MinCount=1, MaxCount=1, InstanceType="t3.micro",
                           TagSpecifications=[{"ResourceType": "instance",
                                               "Tags": [{"Key": "Name", "Value": "imds-demo"}]}])
demo_id = forgot["Instances"][0]["InstanceId"]


def http_tokens(instance_id):
    described = ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]
    return described["MetadataOptions"]["HttpTokens"]


print("imds-demo HttpTokens:", http_tokens(demo_id), "(IMDSv1 still answers)")

# %% [markdown]
# `optional`은 IMDSv1이 여전히 응답한다는 뜻입니다.
#
# > **moto와 AWS의 차이:** AWS에서는 결과가 이미지에 따라 다릅니다. `ImdsSupport="v2.0"`으로 등록된 AMI(모든
# > Amazon Linux 2023 AMI가 여기에 해당)는 `MetadataOptions`가 없어도 `required`로 시작하고, 학습 자료의 Amazon
# > Linux 2 같은 오래된 AMI는 `optional`로 시작합니다. moto는 이미지의 설정을 무시하고 항상 `optional`을 줍니다.
# > 기본값에 기대지 말고, 모든 인스턴스 시작 호출과 시작 템플릿에 `HttpTokens="required"`를 명시하세요.
#
# 이미 실행 중인 인스턴스도 재시작 없이 그 자리에서 고칠 수 있습니다.

# %%
ec2.modify_instance_metadata_options(InstanceId=demo_id, HttpTokens="required", HttpEndpoint="enabled")
print("imds-demo HttpTokens:", http_tokens(demo_id))
ec2.terminate_instances(InstanceIds=[demo_id])
print("imds-demo terminated")

# %% [markdown]
# ## 6. 퀴즈
# 위젯(JupyterLab)에서 답하세요. 모든 시도는 학습 진도에 기록됩니다.

# %%
labkit.quiz("ec2")

# %% [markdown]
# ## 정리
# - 인스턴스 유형은 **패밀리 · 세대 · 추가 속성 · 크기**로 읽습니다. `t3`는 버스트 가능, `m`은 범용, `c`는
#   컴퓨팅, `r`은 메모리, `p`는 GPU, `i`는 로컬 NVMe 스토리지입니다. `describe_instance_types`로 vCPU, 메모리,
#   GPU, 디스크, 네트워크 같은 사실을 확인합니다.
# - **구매 옵션**: 온디맨드 0%(약정 없음), 예약 인스턴스 최대 72%(1~3년), 스팟 최대 90%(중단 가능, 2분 전 알림),
#   Savings Plans 최대 72%(1~3년, 유연함). 약정은 서버가 대부분의 시간 동안 실행될 때만 이득입니다.
# - 인스턴스를 시작하려면 **AMI**(리전 단위이므로 조회해서 씁니다. 지금은 Amazon Linux 2023), **키 페어**
#   (프라이빗 키는 한 번만 표시됨) 또는 더 나은 방법인 Session Manager, **보안 그룹**(상태 저장. 여기서는
#   80/443만), 시작 시점의 **태그**, 그리고 **IMDSv2 필수**(`HttpTokens="required"`)가 필요합니다.
# - 랩은 어떤 AMI든 받아들이고 가드레일을 강제하지 않습니다. AWS라면 어떻게 판단할지는 채점기와 평가기가
#   알려 줍니다.
#
# 랩을 닫습니다.

# %%
lab.stop()
lab
