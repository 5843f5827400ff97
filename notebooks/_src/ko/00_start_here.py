# %% [markdown]
# # 00 · 시작하기 — 나만의 AWS 계정
#
# 환영합니다! 이 과정은 AWS를 직접 손으로 다뤄 보며 배웁니다. 셀을 실행할 때마다 **실제 boto3 호출**이
# 일어나고, 그 호출에는 *이 노트북의 커널 안에 있는* AWS 계정(moto 모의 환경)이 응답합니다. 가입할 AWS
# 계정도 필요 없고, 비용도 들지 않으며, **어떤 요청도 이 컴퓨터 밖으로 나가지 않습니다**.
#
# **이 노트북에서 할 일** (약 10분)
# 1. 랩을 엽니다. 서울 리전(`ap-northeast-2`)에 있는, 나만 쓰는 오프라인 계정입니다. 그리고 첫 번째
#    AWS 호출을 실행합니다.
# 2. AWS 글로벌 인프라를 살펴봅니다. 리전, 가용 영역, 데이터 센터, 엣지 로케이션을 직접 조회하고 그림으로
#    확인합니다.
# 3. 첫 번째 리소스를 만들고 내 계정을 다이어그램으로 봅니다.
# 4. 컴퓨터 밖으로 나가려는 호출을 네트워크 가드가 차단하는 모습을 확인합니다.
# 5. 과정의 진행 방식을 익힙니다. 실습 과제와 그 **확인(Check)** 셀, 퀴즈, 학습 진도, 워크숍 제출물을
#    알아보고 첫 퀴즈를 풀어 봅니다.
#
# 이 노트북에는 실습 과제가 없습니다. 위에서부터 차례로 셀을 실행하면서(<kbd>Shift</kbd>+<kbd>Enter</kbd>)
# 설명을 읽어 나가면 됩니다.

# %% [markdown]
# ## 1. 랩을 열고 첫 번째 호출하기
#
# `labkit.start()`는 랩을 열고 그 랩을 *현재 랩*으로 지정합니다. `seed`를 지정하면 모든 리소스 ID가 매번
# 똑같이 만들어지므로, 내 노트북과 옆 사람의 노트북에 같은 ID가 표시됩니다.

# %%
import labkit

lab = labkit.start(seed=0)
lab

# %% [markdown]
# `lab.client("ec2")`는 평범한 boto3 클라이언트입니다(랩이 열려 있는 동안에는 `boto3.client("ec2")`도
# 마찬가지입니다). 따라서 여기서 배운 코드는 실제 AWS에서도 그대로 동작합니다. 첫 호출로는 흔히
# *"나는 누구인가?"*를 묻습니다. 이 호출에는 아무 권한도 필요 없으며, 프로그램이 누구의 자격 증명을 쓰고
# 있는지 확실하지 않을 때 가장 먼저 실행해 볼 호출입니다.

# %%
sts = lab.client("sts")
me = sts.get_caller_identity()
print("account:", me["Account"])
print("caller: ", me["Arn"])
print("region: ", lab.region)

# %% [markdown]
# 계정 번호 `123456789012`는 랩에서 쓰는 가상의 계정 번호입니다(AWS 설명서의 예제에도 같은 번호가
# 나옵니다). 모든 랩이 이 번호를 쓰므로 누구의 ARN이든 모양이 같습니다.
#
# > **moto와 AWS의 차이:** 랩의 호출자는 `moto`라는 가상의 사용자이고, ARN은 `arn:aws:sts::...:user/moto`
# > 형태입니다. 실제 IAM 사용자의 ARN은 `arn:aws:iam::<계정>:user/<이름>` 형태입니다.
#
# ## 2. AWS 글로벌 인프라
#
# AWS는 **전 세계 시장의 약 31%**(학습 자료의 수치)를 차지하는 가장 큰 클라우드 제공업체이며,
# 컴퓨팅, 스토리지, 데이터베이스, 네트워킹, 머신러닝 등 **200개가 넘는 완전 관리형 서비스**(fully managed
# service)를 제공합니다. 이 모든 서비스는 똑같이 계층을 이루는 인프라 위에서 실행됩니다.

# %%
from labkit.diagrams import concepts

concepts.show("global_infrastructure")

# %% [markdown]
# | 단위 | English | 의미 | 그림에서 |
# |---|---|---|---|
# | **리전** | Region | 서울(`ap-northeast-2`)처럼 하나의 지리적 영역입니다. 리전끼리는 서로 독립되어 있으며, 리소스와 데이터는 내가 선택한 리전 안에 머뭅니다 | 가장 바깥 상자 |
# | **가용 영역 (AZ)** | Availability Zone | 전원, 냉각, 네트워크를 각각 따로 갖춘 하나 이상의 데이터 센터입니다. 재해 하나가 두 AZ를 동시에 덮치지 않을 만큼 떨어져 있고, 같은 리전의 다른 AZ와는 빠르고 지연 시간이 짧은 전용 링크로 연결됩니다 | AZ 1, AZ 2, AZ 3 |
# | **데이터 센터** | Data center | 서버가 가득 들어찬 건물입니다. AZ 하나에 데이터 센터가 *하나 이상* 있으며, AWS는 내가 어느 데이터 센터에 있는지 알려 주지 않습니다 | A–E (AZ 3에는 하나뿐) |
# | **엣지 로케이션** | Edge location | 사용자 가까이에 있는 접속 거점(PoP)으로, CloudFront CDN(콘텐츠 전송 네트워크)이 콘텐츠를 캐시하고 전송하는 곳입니다. 엣지 로케이션은 어느 리전에도 속하지 않으며 서버를 실행할 수 없습니다 | 리전 바깥 |
#
# 이 그림에서 두 가지 습관이 나오며, 이 과정의 모든 아키텍처가 이를 따릅니다.
# - **리전을 고를 때는** 사용자와의 지연 시간, 데이터를 어디에 두어야 하는지에 관한 법규(데이터 레지던시),
#   리전에서 제공하는 서비스와 가격을 따집니다. 한국 사용자라면 보통 서울 리전을 씁니다.
# - **모든 계층을 두 개 이상의 AZ에 나누어 배치합니다.** 그래야 데이터 센터 하나, 나아가 AZ 하나 전체를
#   잃더라도 애플리케이션이 멈추지 않습니다(다중 AZ, Multi-AZ).
#
# ### 리전 직접 조회하기
# 내 계정에 어떤 리전이 있는지 물어봅시다. 실제 AWS에 보낼 때와 똑같은 `describe_regions` 호출입니다.
# 결과는 지역별(리전 코드의 첫 부분)로 묶어 봅니다.

# %%
ec2 = lab.client("ec2")
regions = sorted(r["RegionName"] for r in ec2.describe_regions()["Regions"])
geography = {"af": "Africa", "ap": "Asia Pacific", "ca": "Canada", "eu": "Europe", "il": "Israel",
             "me": "Middle East", "mx": "Mexico", "sa": "South America", "us": "United States",
             "us-gov": "AWS GovCloud (US) *", "cn": "China *"}


def area_of(region):
    """The geography of a region code: its first part (two for GovCloud, us-gov-west-1)."""
    first = region.split("-")[0]
    return geography["us-gov"] if region.startswith("us-gov-") else geography.get(first, "other")


by_area = {}
for name in regions:
    by_area.setdefault(area_of(name), []).append(name)
print(len(regions), "regions in the lab")
labkit.table([{"area": area, "regions": len(names), "codes": names}
              for area, names in sorted(by_area.items(), key=lambda item: (item[0].endswith("*"), item[0]))],
             title="Regions (리전), by area")

# %% [markdown]
# 리전 코드는 *지역 – 방향 – 번호* 순으로 읽습니다. `ap-northeast-2`는 아시아 태평양 북동쪽의 두 번째
# 리전이라는 뜻입니다. 서울 리전의 이웃은 도쿄(`ap-northeast-1`)와 오사카(`ap-northeast-3`)입니다.
#
# \* GovCloud와 중국은 별도의 AWS *파티션*(`aws-us-gov`, `aws-cn`)이며 계정도 따로 씁니다. 일반 계정에서는
# 이 리전들이 보이지 않습니다.
#
# > **moto와 AWS의 차이:** 랩은 botocore가 아는 모든 리전을 GovCloud와 중국까지 포함해 모두 활성화된
# > 상태로 보여 줍니다. 실제 계정은 그 계정에 활성화된 리전만 보여 주며, 나머지는
# > `describe_regions(AllRegions=True)`로 볼 수 있습니다. 홍콩(`ap-east-1`)처럼 2019년 3월 이후에 문을 연
# > 리전은 *옵트인* 리전이라 직접 활성화하기 전까지는 꺼져 있습니다. 2025년 기준으로 AWS는 35개가 넘는
# > 리전과 110개가 넘는 가용 영역을 운영하고 있으며, 최신 수치는 AWS *글로벌 인프라* 페이지에서 확인할 수
# > 있습니다.
#
# ### 가용 영역 직접 조회하기
# 이번에는 *내* 리전인 서울의 가용 영역을 조회합니다.

# %%
zones = ec2.describe_availability_zones()["AvailabilityZones"]
labkit.table(zones, {"ZoneName": "zone name", "ZoneId": "zone id", "ZoneType": "type", "State": "state"},
             title=f"Availability zones of {lab.region}")

# %% [markdown]
# 서울 리전에는 AZ가 네 개 있습니다. 각 AZ에 이름이 두 가지 있다는 점에 주목하세요.
# - **영역 이름**(zone name, `ap-northeast-2a`)은 API에 넘기는 값입니다. AWS는 계정마다 이 알파벳을 물리적
#   영역에 따로따로 대응시킵니다. 모든 사람이 "a"를 골라 한 영역에 몰리는 일을 막기 위해서입니다.
# - **영역 ID**(zone id, `apne2-az1`)는 물리적 영역 자체를 가리키며 어느 계정에서나 같습니다. 다른 계정과
#   함께 작업을 조율할 때는 영역 ID를 쓰세요.
#
# > **moto와 AWS의 차이:** 랩에서는 이름과 ID의 대응이 고정되어 있습니다(`a`는 항상 `az1`). 실제 계정에서는
# > *Local Zones*와 *Wavelength Zones*도 활성화할 수 있습니다. 이들은 도시나 5G 네트워크 안에 배치된 리전의
# > 작은 확장입니다(`describe_availability_zones(AllAvailabilityZones=True)`로 조회하면 `ZoneType`이
# > `local-zone` 또는 `wavelength-zone`으로 나옵니다). 랩에는 AZ 네 개만 있습니다.
#
# **데이터 센터와 엣지 로케이션**은 목록을 조회하는 API가 없습니다. AWS는 데이터 센터를 아예 드러내지
# 않으며(직접 고를 수 있는 가장 작은 단위는 AZ입니다), 엣지 로케이션은 하나하나 지정해서 쓰는 것이 아니라
# CloudFront를 비롯해 Route 53, Global Accelerator 같은 서비스를 *통해서* 사용합니다. 엣지 로케이션은
# 리전보다 훨씬 많아서, 2025년 기준 600곳이 넘으며 AWS 리전이 전혀 없는 도시에도 있습니다.
#
# ## 3. 첫 번째 리소스와 첫 번째 다이어그램
#
# 새 계정에는 처음부터 **기본 VPC**(default VPC)가 있습니다. VPC는 프라이빗 네트워크로, 노트북 02에서
# 자세히 다룹니다. 기본 VPC에는 **AZ마다 기본 서브넷이 하나씩** 있습니다. 첫 번째 리소스는 이 안에 만들
# 작은 EC2 가상 서버입니다(노트북 03). 이미지 ID(AMI ID)는 리전마다 다르고 새 버전이 나올 때마다
# 바뀌므로 코드에 직접 적어 넣지 않고, AWS의 퍼블릭 파라미터 저장소에서 최신 Amazon Linux 2023의
# ID를 조회합니다.

# %%
ssm = lab.client("ssm")
ami = ssm.get_parameter(Name="/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64")
ami_id = ami["Parameter"]["Value"]

launched = ec2.run_instances(
    ImageId=ami_id,
    InstanceType="t3.micro",
    MinCount=1,
    MaxCount=1,
    TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "hello-aws"}]}],
)
instance = launched["Instances"][0]
print("launched", instance["InstanceId"], "from", ami_id, "in", instance["Placement"]["AvailabilityZone"])

# %% [markdown]
# 인스턴스는 어디에 만들어졌을까요? 기본 VPC와 서브넷을 다시 읽어 AZ마다 한 행씩 표시해 봅니다.

# %%
default_vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]
subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [default_vpc["VpcId"]]}])["Subnets"]
running = ec2.describe_instances(Filters=[{"Name": "instance-state-name", "Values": ["running"]}])
where = {i["SubnetId"]: {t["Key"]: t["Value"] for t in i.get("Tags", [])}.get("Name", i["InstanceId"])
         for r in running["Reservations"] for i in r["Instances"]}
print("default VPC", default_vpc["VpcId"], default_vpc["CidrBlock"])
labkit.table(
    [{"zone": s["AvailabilityZone"], "subnet": s["SubnetId"], "CIDR": s["CidrBlock"],
      "free addresses": s["AvailableIpAddressCount"], "instances": where.get(s["SubnetId"], "")}
     for s in sorted(subnets, key=lambda s: s["AvailabilityZone"])],
    title="Default subnets (기본 서브넷)",
)

# %% [markdown]
# 기본 서브넷은 모두 `/20`, 즉 주소 4,096개입니다. AWS는 모든 서브넷에서 주소 5개를 예약하므로(어떤
# 주소인지는 노트북 02에서 설명합니다) 4,091개가 남고, `ap-northeast-2a`에서는 `hello-aws`가 그중 하나를
# 쓰고 있습니다.
#
# `labkit.diagram()`은 같은 describe 호출로 내 계정을 그립니다. 실행할 때마다 새로 그리므로 항상
# *지금* 만들어 둔 것을 보여 줍니다.

# %%
labkit.diagram(view="network")

# %% [markdown]
# 리전 › VPC › 가용 영역 › 서브넷, 그리고 `ap-northeast-2a`에 있는 `hello-aws`. 2절의 글로벌 인프라를 내
# 계정 안에서 바라본 모습입니다.
#
# > **moto와 AWS의 차이:** 실제 기본 VPC에는 인터넷 게이트웨이와 그리로 향하는 `0.0.0.0/0` 경로가 있어서
# > 서브넷이 *퍼블릭* 서브넷입니다(다이어그램에서는 초록색으로 표시됩니다). 랩의 기본 VPC에는 둘 다 없으므로,
# > 라우팅을 읽어 그리는 다이어그램은 이 서브넷들을 *격리된(isolated)* 서브넷으로 표시합니다. 또한 랩의
# > 인스턴스는 곧바로 실행 상태가 되지만, AWS에서는 몇 초 동안 `pending` 상태를 거칩니다.
#
# ## 4. 이 컴퓨터 밖으로는 아무것도 나가지 않습니다
#
# 랩이 열려 있는 동안 labkit의 네트워크 가드는 이 컴퓨터 자신이 아닌 곳으로 향하는 연결을 모두
# 거부합니다. boto3 호출이든 아니든 마찬가지입니다. 인터넷에 접속해 봅시다.

# %%
import urllib.request

try:
    urllib.request.urlopen("https://sts.amazonaws.com/", timeout=5)
except labkit.RealAWSCallBlocked as blocked:
    print("Blocked:", blocked.host)

# %% [markdown]
# 이 컴퓨터에 실제 AWS 자격 증명이 있더라도 랩이 열려 있는 동안에는 커널에서 보이지 않으므로, 실수로라도
# 실제 계정에 닿을 수 없습니다.
#
# ## 5. 계정 스냅샷
#
# `lab.snapshot()`은 VPC, 서브넷, 인스턴스, 버킷, 데이터베이스, IAM 등 계정 전체를 읽어 평범한
# 딕셔너리 하나로 돌려줍니다. 채점기, 다이어그램, 제출물은 모두 내 코드가 아니라 이 스냅샷을 읽습니다.
# 그래서 *어떤* 방법으로 만들든 올바르게 만들기만 하면 점수를 받습니다.

# %%
snap = lab.snapshot()
print("services:", ", ".join(snap["labkit"]["services"]))
for key in ("vpcs", "subnets", "instances", "security_groups"):
    print(f"  ec2.{key:<16} {len(snap['ec2'][key])}")

# %% [markdown]
# ## 6. 과정 안내
#
# 노트북마다 주제 하나를 실제 호출, 다이어그램, 개념 그림으로 설명한 뒤, 직접 구성해 볼 **실습 과제**를
# 냅니다. 아래가 과정 전체의 실습 과제입니다. 다음 두 노트북에서 IAM 과제 세 개와 VPC 과제 네 개를 먼저
# 풀게 됩니다.

# %%
labkit.table(
    [{"task": t, "title": labkit.task(t).title, "points": labkit.task(t).max_score} for t in labkit.tasks()],
    title="Lab tasks of the course",
)

# %% [markdown]
# 노트북 안에서 **실습 과제**는 다음과 같은 순서로 진행됩니다.
# 1. 텍스트 셀이 무엇을 만들어야 하는지, 채점기가 어떤 리소스 이름을 찾는지 알려 줍니다.
# 2. 다음 셀이 과제의 *시작 상태*(starter)를 엽니다. 과제가 요구하지 *않는* 것은 모두 갖춰진 새 계정입니다
#    (`labkit.start(labkit.task(...).starter, seed=0, replace=True)`).
# 3. **직접 해 보세요**: 빈 셀에 boto3 호출을 작성합니다. 클라이언트 API든 리소스 API든, 반복문이든 여러
#    셀에 나누든 원하는 대로 작성하면 됩니다. 채점기는 코드가 아니라 계정을 읽습니다.
# 4. **확인(Check)** 셀 `labkit.grade("<과제 ID>")`는 검사 항목마다 배점을 보여 주고, 통과하지 못한 항목에
#    대해서는 무엇이 잘못되었는지, 어떤 호출로 고칠 수 있는지 알려 주며 AWS 설명서 링크도 붙여 줍니다.
#    몇 번이든 다시 실행해도 됩니다. 시도할 때마다 기록이 남고, 가장 높은 점수가 인정됩니다.
#
# 막혔다면 `labkit.task("<과제 ID>").hint()`가 다음에 고칠 것을 알려 줍니다. 이 호출은 시도로 기록되지
# 않습니다. 노트북 02의 첫 번째 과제에 대해 지금 내 계정을 기준으로 무엇이라고 하는지 봅시다.

# %%
labkit.task("vpc.three_tier_network").hint()

# %% [markdown]
# **두 가지 에디션.** `labkit lab`으로 여는 노트북은 *학습자용 에디션*입니다. 참조 답안이 들어 있던 셀은
# 비어 있는 "직접 해 보세요" 셀로 바뀌어 있고, 확인 셀도 결과가 비어 있는 채로 시작합니다. 강사와 과정의
# 자체 테스트가 실행하는 저장소의 *마스터 에디션*에는 그 셀마다 참조 답안이 들어 있습니다. 그러니 과제가
# 이미 풀려 있다면 마스터 에디션을 연 것입니다.
#
# **퀴즈.** 노트북마다 마지막에 그 주제의 퀴즈가 있습니다. JupyterLab에서는 카드 묶음으로 표시되며, 답을
# 고르거나 입력한 뒤 *확인* 버튼을 누르면 됩니다. 이 노트북의 퀴즈는 다음과 같습니다.

# %%
quiz = labkit.quiz("global")
quiz

# %% [markdown]
# 평범한 Python 코드로 답할 수도 있어서 스크립트나 터미널에서도 편리합니다. 문제 ID는 위 목록의 대괄호 안에
# 있습니다.

# %%
quiz.answer("global-hierarchy", "region-az-dc")

# %% [markdown]
# **학습 진도.** 퀴즈 답안과 확인 결과는 모두 이 컴퓨터(`$LABKIT_HOME/progress.db`)에 항목별 최고 점수와
# 마지막 점수로 저장됩니다. 터미널에서 `labkit progress`를 실행하면 표로 볼 수 있고(`--topics`는 주제별로
# 한 행씩, `--csv`는 스프레드시트용), Python에서는 `labkit.progress`로 같은 저장소를 읽습니다. 지금까지 이
# 노트북에서 답한 내용은 다음과 같습니다.

# %%
from labkit.progress import default_store

mine = [row for row in default_store().summary() if row["topic"] == "global"]
labkit.table(mine, {"item": "question", "attempts": "attempts", "best": "best", "max_score": "out of"},
             title="Your progress: topic global")

# %% [markdown]
# **워크숍.** 강사가 이 과정을 그룹으로 진행한다면, 세션이 끝날 때 `labkit.submit()`을 호출하라고 안내할
# 것입니다. 이 호출은 최근 답안, 채점된 과제, 랩 스냅샷을 JSON 파일 하나에 담고 파일 위치를 알려 줍니다.
# 강사는 모든 파일을 오프라인으로 다시 채점하고(`labkit grade`, 파일에 적힌 점수는 무시됩니다) 피드백이
# 담긴 성적표를 돌려줍니다. 혼자 공부한다면 쓸 일이 없습니다.
#
# ```python
# labkit.submit()          # 워크숍에서: 제출 파일을 만들고 그 경로를 출력합니다
# ```
#
# ## 정리
# - 랩은 이 커널 안에 있는 나만의 AWS 계정입니다. 실제 boto3 호출을 쓰지만 비용도 네트워크도 필요
#   없습니다.
# - **리전**은 하나의 지리적 영역으로 여러 **가용 영역**을 포함하고, 각 가용 영역은 하나 이상의 **데이터
#   센터**로 이루어지며 빠른 전용 링크로 서로 연결됩니다. **엣지 로케이션**은 리전 바깥에서 사용자
#   가까이에 CloudFront 콘텐츠를 전송합니다. 리전은 사용자와 규제를 기준으로 고르고, 모든 계층은 두 개
#   이상의 AZ에 나누어 배치합니다.
# - `labkit.diagram()`은 내 계정을 그리고, `lab.snapshot()`은 채점기와 다이어그램이 읽는 대상입니다.
# - 실습 과제는 **확인(Check)** 셀(`labkit.grade`)로 끝납니다. 막히면 `.hint()`를, 점수는 `labkit progress`로
#   확인하고, `labkit.submit()`은 워크숍에서 씁니다.
#
# 다음은 **01 · IAM**으로, AWS 계정에서 누가 무엇을 할 수 있는지를 다룹니다. 다 끝났으면 랩을 닫으세요
# (노트북을 닫아도 랩이 닫힙니다).

# %%
lab.stop()
lab
