# %% [markdown]
# # 02 · VPC 네트워킹 — AWS 안의 나만의 네트워크
#
# Amazon VPC(Virtual Private Cloud)는 AWS 안에 **논리적으로 격리된 네트워크**를 제공합니다. IP 주소를 직접
# 정하고, 서브넷으로 나누고, 트래픽이 어디로 갈 수 있는지 정하고, 모든 것 앞에 방화벽을 둘 수 있습니다.
# EC2, RDS, VPC에 연결된 Lambda, ECS, EKS, 로드 밸런서 등 거의 모든 서비스가 VPC 안에서 동작하므로, 이
# 노트북은 과정의 나머지 전체를 떠받치는 토대입니다.
#
# **이 노트북에서 할 일**
# 1. 학습 자료의 네트워크를 읽습니다. VPC 하나, 가용 영역 두 개, 계층 세 개입니다.
# 2. Python의 `ipaddress`로 주소를 설계합니다(CIDR 설계). /16, /20, /24, AWS가 모든 서브넷에서 예약하는
#    주소 5개, 학습 자료의 서브넷 계획, 그리고 그 안에 숨은 실수까지 살펴봅니다.
# 3. 서브넷, 인터넷 게이트웨이, NAT 게이트웨이, 라우팅 테이블을 차례로 만들어 VPC를 구성하면서 내 계정의
#    다이어그램이 자라는 모습을 지켜봅니다.
# 4. 상태 저장(stateful) 방화벽인 보안 그룹으로 각 계층을 보호합니다.
# 5. 상태 비저장(stateless) 방화벽인 네트워크 ACL에 모의 패킷을 보내 보고, 학습 자료 예시의 허점을 찾은 뒤
#    허점 없는 NACL을 작성합니다.
# 6. VPC 엔드포인트(게이트웨이, 인터페이스, Gateway Load Balancer)로 S3와 ECR에 프라이빗하게 접근합니다.
#
# 그 과정에서 실습 과제 네 개를 채점합니다: `vpc.three_tier_network`, `vpc.security_groups`,
# `vpc.private_nacl`, `vpc.endpoints`.

# %% [markdown]
# ## 1. 학습 자료의 네트워크 (VPC 구조)
#
# 과정 전체에서 쓰는 네트워크입니다. 전형적인 3계층 구조를 두 가용 영역에 똑같이 배치했기 때문에, AZ 하나를
# 잃어도 다른 AZ에서 완전한 사본이 계속 동작합니다.

# %%
import ipaddress

from IPython.display import display

import labkit
from labkit.diagrams import concepts

concepts.show("vpc_two_az")

# %% [markdown]
# | 구성 요소 | English | 하는 일 |
# |---|---|---|
# | **VPC** | VPC | 네트워크 그 자체입니다. 한 리전 안의 주소 블록 하나(여기서는 `10.0.0.0/16`)이며, 그 리전의 모든 AZ에 걸쳐 있습니다 |
# | **서브넷** | Subnet | VPC 주소의 일부를 잘라 낸 것으로, 정확히 **하나의** AZ에 속합니다. 리소스는 서브넷 안에 시작합니다 |
# | **퍼블릭 서브넷** | Public subnet | 라우팅 테이블이 인터넷 트래픽(`0.0.0.0/0`)을 인터넷 게이트웨이로 보냅니다. 로드 밸런서(ALB), NAT 게이트웨이처럼 인터넷을 마주해야 하는 것을 둡니다 |
# | **프라이빗 서브넷 (앱 계층)** | Private subnet, app tier | 인터넷*에서 들어오는* 경로가 없습니다. 인스턴스는 NAT 게이트웨이를 거쳐 밖으로 나갑니다(업데이트, AWS API 호출) |
# | **프라이빗 서브넷 (DB 계층)** | Private subnet, DB tier | 인터넷으로 가는 경로가 전혀 없습니다. RDS는 기본(primary) 인스턴스를 AZ A에, 동기 복제되는 대기(standby) 인스턴스를 AZ B에 둡니다 |
# | **인터넷 게이트웨이 (IGW)** | Internet gateway | VPC가 인터넷과 통하는 양방향 출입구입니다. VPC당 하나이며, 설계상 고가용성을 갖춥니다 |
# | **NAT 게이트웨이** | NAT gateway | 프라이빗 인스턴스가 *밖으로* 연결을 열 수 있게 하되, 바깥에서는 *안으로* 연결을 열 수 없게 합니다. 퍼블릭 서브넷에 두며, AZ마다 하나씩 두어야 한 AZ에 장애가 나도 다른 AZ가 계속 동작합니다 |
# | **라우팅 테이블** | Route table | 서브넷마다 각 목적지로 가는 트래픽을 어디로 보낼지 정합니다. 서브넷이 "퍼블릭"인지는 오로지 라우팅 테이블이 결정합니다 |
#
# 트래픽은 위에서 아래로 흐릅니다. 사용자 → IGW → ALB(퍼블릭) → EC2(앱) → RDS(DB). 각 계층은 바로 옆
# 계층과만 통신하며, 4절과 5절의 방화벽이 이를 강제합니다.
#
# 빈 계정으로 랩을 엽니다. 이 계정에는 노트북 00에서 쓴 **기본 VPC**(default VPC)가 이미 있으므로, 계정에
# 네트워크가 없는 순간은 없습니다.

# %%
lab = labkit.start(seed=0)
ec2 = lab.client("ec2")
labkit.table(ec2.describe_vpcs()["Vpcs"], {"VpcId": "VPC", "CidrBlock": "CIDR", "IsDefault": "default", "State": "state"},
             title="VPCs of a new account")

# %% [markdown]
# 기본 VPC(`172.31.0.0/16`, AZ마다 퍼블릭 `/20` 서브넷 하나)는 간단한 실험용입니다. 실제 워크로드에는
# 목적에 맞게 설계한 전용 VPC를 만들며, 그 설계는 주소에서 시작합니다.
#
# ## 2. CIDR 설계 (VPC CIDR 설계 가이드라인)
#
# `10.0.0.0/16` 같은 **CIDR 블록**은 주소 범위를 나타냅니다. 슬래시 뒤의 숫자(*접두사 길이*, prefix length)는
# 앞에서부터 고정된 비트 수이므로, `/16`은 32 − 16 = 16비트가 자유롭고 주소는 2¹⁶ = 65,536개입니다. 접두사가
# 한 비트 늘 때마다 블록 크기는 절반이 됩니다. 이 계산은 Python의 `ipaddress` 모듈이 대신 해 줍니다.
#
# 학습 자료는 VPC 크기로 세 가지를 권장합니다(권장 CIDR 크기). 또한 AWS는 **모든 서브넷에서 주소 5개**를
# 자체 용도로 예약하므로, 같은 크기의 서브넷이라면 나눠 줄 수 있는 주소가 5개 적습니다.

# %%
SEED_SIZES = {16: "large production VPC (대규모 프로덕션)", 20: "medium application (중규모 애플리케이션)",
              24: "small, or development and test (소규모 또는 개발/테스트)", 28: "smallest VPC or subnet AWS allows"}
rows = []
for prefix, use in SEED_SIZES.items():
    block = ipaddress.ip_network(f"10.0.0.0/{prefix}")
    rows.append({"CIDR": str(block), "addresses": f"{block.num_addresses:,}",
                 "usable in one subnet": f"{block.num_addresses - 5:,}", "/24s inside": 2 ** (24 - prefix) if prefix <= 24 else None,
                 "the seed's advice": use})
labkit.table(rows, title="VPC sizes (CIDR 크기)")

# %% [markdown]
# 어떤 5개일까요? 앱 서브넷 `10.0.10.0/24`에서 확인해 봅시다.

# %%
subnet = ipaddress.ip_network("10.0.10.0/24")
reserved = {
    subnet[0]: "network address",
    subnet[1]: "VPC router",
    subnet[2]: "Amazon DNS server (the VPC's base address + 2)",
    subnet[3]: "reserved by AWS for future use",
    subnet[-1]: "broadcast address (VPCs do not broadcast, but AWS keeps it)",
}
for address, role in reserved.items():
    print(f"{str(address):<12} {role}")
print(f"usable: {subnet[4]} to {subnet[-2]} = {subnet.num_addresses - len(reserved)} addresses")

# %% [markdown]
# 학습 자료의 계획이 따르는 경험 법칙은 다음과 같습니다.
# - **사설 주소 범위**(RFC 1918)를 씁니다: `10.0.0.0/8`, `172.16.0.0/12`, `192.168.0.0/16`. VPC 블록의 크기는
#   `/16`(주소 65,536개)부터 `/28`(16개)까지 가능합니다.
# - 다른 VPC나 사내 네트워크와 **절대 겹치지 않게** 합니다. 주소가 겹치면 피어링, Transit Gateway, VPN으로
#   라우팅할 수 없고, 나중에 주소를 다시 매기는 일은 매우 고통스럽습니다.
# - **여유를 남깁니다.** 계층마다 고유한 범위를 주고 범위 사이에 간격을 두면, AZ나 계층을 추가할 때 주소를
#   다시 매길 필요가 없습니다.
#
# ### 학습 자료의 서브넷 계획 (서브넷 세분화 예시)
# 계층과 AZ마다 `/24`를 하나씩 쓰고, 계층은 세 번째 숫자로 구분합니다. 퍼블릭은 `10.0.0-2`, 앱은
# `10.0.10-12`, DB는 `10.0.20-22`입니다. 그리고 EKS 클러스터(노트북 08)의 파드용으로 큰 블록 두 개를 둡니다.
# 파드마다 IP 주소가 하나씩 필요하기 때문입니다(대규모 IP 필요).

# %%
concepts.show("vpc_cidr_plan")

# %% [markdown]
# `ipaddress`로 계획을 검사합니다. 모든 서브넷이 VPC 안에 있고, 서로 겹치는 서브넷이 없어야 합니다.

# %%
vpc_block = ipaddress.ip_network("10.0.0.0/16")
plan = {
    "public (ALB, NAT)": ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"],
    "private app": ["10.0.10.0/24", "10.0.11.0/24", "10.0.12.0/24"],
    "private DB": ["10.0.20.0/24", "10.0.21.0/24", "10.0.22.0/24"],
}
subnets = []
rows = []
for tier, cidrs in plan.items():
    for zone, cidr in zip("ABC", cidrs):
        block = ipaddress.ip_network(cidr)
        subnets.append(block)
        rows.append({"tier": tier, "AZ": zone, "CIDR": cidr, "first usable": block[4], "last usable": block[-2],
                     "usable": block.num_addresses - 5, "inside the VPC": block.subnet_of(vpc_block)})
overlaps = [(a, b) for i, a in enumerate(subnets) for b in subnets[i + 1:] if a.overlaps(b)]
print("overlapping pairs:", overlaps or "none")
labkit.table(rows, title="Subnet plan of VPC 10.0.0.0/16")

# %% [markdown]
# 이번에는 학습 자료에 나온 EKS 파드 서브넷 `10.0.100.0/18`(AZ-A)과 `10.0.128.0/18`(AZ-B)입니다.
# `ipaddress`는 첫 번째를 거부합니다.

# %%
for cidr in ("10.0.100.0/18", "10.0.128.0/18"):
    try:
        block = ipaddress.ip_network(cidr)
        print(f"{cidr:<14} valid: {block[0]} to {block[-1]}, {block.num_addresses:,} addresses")
    except ValueError as err:
        print(f"{cidr:<14} INVALID: {err}")
        holder = ipaddress.ip_network(cidr, strict=False)
        print(f"{'':<14} the /18 that holds 10.0.100.0 is {holder} ({holder[0]} to {holder[-1]})")

# %% [markdown]
# `/18`에는 주소가 16,384개, 즉 세 번째 숫자 64개 분량이 들어가므로, `/18` 블록은 `10.0.0.0`, `10.0.64.0`,
# `10.0.128.0`, `10.0.192.0`에서만 시작할 수 있습니다. `10.0.100.0/18`은 "호스트 비트가 설정된" 주소로, 어느
# 블록의 시작 주소도 아닙니다. 학습 자료의 의도는 분명 `10.0.64.0/18`이었을 것입니다. 비어 있고, AZ-B의
# `10.0.128.0/18` 바로 앞에 있는 블록입니다. 수정한 계획에도 문제가 없는지 확인합니다.

# %%
pods = [ipaddress.ip_network("10.0.64.0/18"), ipaddress.ip_network("10.0.128.0/18")]
clashes = [(p, s) for p in pods for s in subnets if p.overlaps(s)]
print("pod blocks:", ", ".join(f"{p} ({p.num_addresses:,} addresses)" for p in pods))
print("clashes with the tiers:", clashes or "none")
print("addresses still free in the VPC:",
      f"{vpc_block.num_addresses - sum(b.num_addresses for b in subnets + pods):,} of {vpc_block.num_addresses:,}")

# %% [markdown]
# > **moto와 AWS의 차이:** 실제 AWS의 EC2 API는 서브넷 CIDR로 `10.0.100.0/18`을 거부하지만, 랩의 모의
# > 환경은 받아들입니다. AWS의 최소 크기인 `/28`보다 작은 서브넷도 받아들입니다. 구성하기 전에 `ipaddress`
# > (기본값인 `strict=True`)로 계획을 검사하세요.
#
# **학습 자료 안의 두 가지 번호 체계.** VPC 그림(1절)은 서브넷 번호를 `10.0.1-2`(퍼블릭), `10.0.3-4`(앱),
# `10.0.5-6`(DB)으로 매기고, 학습 자료의 NACL 예시도 이 번호를 씁니다. 위의 CIDR 계획은 `10.0.0-2`,
# `10.0.10-12`, `10.0.20-22`로 매깁니다. 둘 다 유효하지만, 실습 과제는 확장할 여유가 있는 CIDR 계획을
# A와 B 두 AZ에 적용해 씁니다.
#
# ## 3. 네트워크 구성하기 (`vpc.three_tier_network` 과제)
#
# VPC만으로는 어디에도 닿을 수 없습니다. 세 가지 리소스가 더 있어야 네트워크가 됩니다.
#
# - **인터넷 게이트웨이**(IGW): 만든 다음 VPC에 *연결*합니다. 연결만으로는 아무것도 바뀌지 않으며, 서브넷의
#   라우팅 테이블이 인터넷 게이트웨이를 가리켜야 비로소 사용됩니다.
# - **라우팅 테이블**: 모든 VPC는 경로 `10.0.0.0/16 → local` 하나(모든 서브넷이 서로 통신 가능)를 가진 *기본*
#   라우팅 테이블(main route table)로 시작합니다. 서브넷은 다른 라우팅 테이블과 *연결*되지 않는 한 기본
#   라우팅 테이블을 씁니다. 경로 `0.0.0.0/0 → igw-...`가 있으면 **퍼블릭** 서브넷, `0.0.0.0/0 → nat-...`가
#   있으면 **아웃바운드 접근이 가능한 프라이빗** 서브넷, 기본 경로가 없으면 **격리된** 서브넷입니다. 가장
#   구체적인 경로가 우선하므로, VPC 내부에서는 `local`이 언제나 `0.0.0.0/0`보다 앞섭니다.
# - **NAT 게이트웨이**: *퍼블릭* 서브넷에 두고 **탄력적 IP**(Elastic IP, 고정 퍼블릭 주소)를 붙입니다.
#   프라이빗 인스턴스가 인터넷 트래픽을 NAT 게이트웨이로 보내면, NAT 게이트웨이는 자신의 주소로 바꿔 전달하고
#   응답을 돌려보내 주지만, 바깥에서 시작하는 연결은 받지 않습니다. 시간당 요금과 처리한 GB당 요금이 붙기
#   때문에, 6절에서는 S3와 ECR 트래픽을 NAT 게이트웨이에서 빼냅니다.
#
# 퍼블릭 서브넷의 인스턴스가 외부에서 접근 가능하려면 **퍼블릭 IP**도 있어야 합니다. 퍼블릭 서브넷은 보통
# 퍼블릭 IP를 자동으로 할당하고(`MapPublicIpOnLaunch`), 프라이빗 서브넷은 절대 그러면 안 됩니다.
#
# ### 실습 과제: `vpc.three_tier_network`

# %%
print(labkit.task("vpc.three_tier_network").text)

# %% [markdown]
# **시작 상태:** 빈 계정. 모든 것을 직접 만듭니다. 랩을 열고 클라이언트를 준비해 둡니다.

# %%
lab = labkit.start(labkit.task("vpc.three_tier_network").starter, seed=0, replace=True)
ec2 = lab.client("ec2")

# %% [markdown]
# **1단계 — VPC와 서브넷 여섯 개.** `ec2.create_vpc(CidrBlock=..., TagSpecifications=...)`로 태그 `Name=main`을
# 붙인 VPC를 만들고(채점기는 이 태그로 VPC를 찾습니다),
# `ec2.create_subnet(VpcId=..., CidrBlock=..., AvailabilityZone=...)`을 여섯 번 호출합니다. 계층마다 첫 번째
# 서브넷은 `ap-northeast-2a`에, 두 번째는 `ap-northeast-2b`에 둡니다. DNS 호스트 이름을 켜 두는 것
# (`modify_vpc_attribute`)이 좋은 습관입니다. 그러면 인스턴스가 확인 가능한 이름을 받고, 인터페이스
# 엔드포인트(6절)에도 이 설정이 필요합니다.

# %% tags=["solution"] labkit={"task": "vpc.three_tier_network"}
ZONES = [f"{lab.region}a", f"{lab.region}b"]  # two availability zones (가용 영역)
PLAN = {
    "public": ["10.0.0.0/24", "10.0.1.0/24"],
    "app": ["10.0.10.0/24", "10.0.11.0/24"],
    "db": ["10.0.20.0/24", "10.0.21.0/24"],
}


def tagged(resource_type, name, **more):
    """TagSpecifications for a create call: Name=name plus any other tags."""
    tags = [{"Key": "Name", "Value": name}] + [{"Key": k, "Value": v} for k, v in more.items()]
    return [{"ResourceType": resource_type, "Tags": tags}]


vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16", TagSpecifications=tagged("vpc", "main"))["Vpc"]["VpcId"]
ec2.modify_vpc_attribute(VpcId=vpc_id, EnableDnsHostnames={"Value": True})

subnet_ids = {}  # tier -> [subnet in AZ a, subnet in AZ b]
for tier, cidrs in PLAN.items():
    for zone, cidr in zip(ZONES, cidrs):
        created = ec2.create_subnet(VpcId=vpc_id, CidrBlock=cidr, AvailabilityZone=zone,
                                    TagSpecifications=tagged("subnet", f"{tier}-{zone[-1]}", Tier=tier))
        subnet_ids.setdefault(tier, []).append(created["Subnet"]["SubnetId"])

# %% [markdown]
# 지금까지 만든 것을 그려 봅시다. 모든 서브넷이 `local` 경로만 아는 VPC의 기본 라우팅 테이블을 쓰고 있으므로,
# 다이어그램은 여섯 개 모두를 *격리된* 서브넷으로 표시합니다.

# %% tags=["exercise"]
labkit.diagram(view="network")

# %% [markdown]
# **2단계 — 인터넷 게이트웨이와 퍼블릭 라우팅 테이블.** 인터넷 게이트웨이를 만들어 `main`에 연결하고, 경로
# `0.0.0.0/0 → igw-...`(`create_route(..., GatewayId=...)`)를 가진 라우팅 테이블을 만들어 두 퍼블릭 서브넷과
# 연결합니다. 퍼블릭 서브넷은 퍼블릭 IP를 할당하도록 설정합니다
# (`modify_subnet_attribute(..., MapPublicIpOnLaunch={"Value": True})`).

# %% tags=["solution"] labkit={"task": "vpc.three_tier_network"}
igw_id = ec2.create_internet_gateway(
    TagSpecifications=tagged("internet-gateway", "main-igw"))["InternetGateway"]["InternetGatewayId"]
ec2.attach_internet_gateway(InternetGatewayId=igw_id, VpcId=vpc_id)

public_rt = ec2.create_route_table(VpcId=vpc_id, TagSpecifications=tagged("route-table", "public-rt", Tier="public"))
public_rt_id = public_rt["RouteTable"]["RouteTableId"]
ec2.create_route(RouteTableId=public_rt_id, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw_id)
for subnet_id in subnet_ids["public"]:
    ec2.associate_route_table(RouteTableId=public_rt_id, SubnetId=subnet_id)
    ec2.modify_subnet_attribute(SubnetId=subnet_id, MapPublicIpOnLaunch={"Value": True})

# %% [markdown]
# 두 퍼블릭 서브넷이 초록색으로 바뀝니다. 이제 기본 경로가 인터넷 게이트웨이로 향하기 때문입니다.

# %% tags=["exercise"]
labkit.diagram(view="network")

# %% [markdown]
# **3단계 — NAT 게이트웨이와 프라이빗 라우팅 테이블.** 탄력적 IP를 할당하고(`allocate_address(Domain="vpc")`),
# 그 IP로 퍼블릭 서브넷 `10.0.0.0/24`에 NAT 게이트웨이를 만든 뒤 `available` 상태가 될 때까지 기다립니다.
# 그런 다음 앱 서브넷에는 `0.0.0.0/0 → nat-...`(`create_route(..., NatGatewayId=...)`) 경로가 있는 라우팅
# 테이블을, DB 서브넷에는 기본 경로가 전혀 없는 라우팅 테이블을 줍니다. 앱 서브넷과 DB 서브넷은
# `MapPublicIpOnLaunch`를 꺼진 상태(기본값)로 둡니다.

# %% tags=["solution"] labkit={"task": "vpc.three_tier_network"}
allocation_id = ec2.allocate_address(Domain="vpc")["AllocationId"]
nat_id = ec2.create_nat_gateway(SubnetId=subnet_ids["public"][0], AllocationId=allocation_id,
                                TagSpecifications=tagged("natgateway", "main-nat"))["NatGateway"]["NatGatewayId"]
ec2.get_waiter("nat_gateway_available").wait(NatGatewayIds=[nat_id])

app_rt_id = ec2.create_route_table(
    VpcId=vpc_id, TagSpecifications=tagged("route-table", "app-rt", Tier="app"))["RouteTable"]["RouteTableId"]
ec2.create_route(RouteTableId=app_rt_id, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat_id)

db_rt_id = ec2.create_route_table(
    VpcId=vpc_id, TagSpecifications=tagged("route-table", "db-rt", Tier="db"))["RouteTable"]["RouteTableId"]
for tier, table_id in (("app", app_rt_id), ("db", db_rt_id)):
    for subnet_id in subnet_ids[tier]:
        ec2.associate_route_table(RouteTableId=table_id, SubnetId=subnet_id)

# %% tags=["check"]
labkit.grade("vpc.three_tier_network")

# %% [markdown]
# > **moto와 AWS의 차이:** 랩의 NAT 게이트웨이는 만들자마자 `available`이 되므로 웨이터(waiter)가 바로
# > 반환됩니다. AWS에서는 1~2분 동안 `pending` 상태에 머물고, 웨이터는 15초마다 상태를 확인합니다. 실제 NAT
# > 게이트웨이(와 탄력적 IP)는 그때부터 시간 단위로 요금이 부과됩니다. 랩의 탄력적 IP는 AWS의 퍼블릭 주소가
# > 아니라 이 컴퓨터 자신의 루프백 범위인 `127.0.0.0/8`에서 할당됩니다.
#
# 계정에서 네트워크를 다시 읽어 옵니다. 서브넷마다 적용되는 라우팅 테이블(연결된 테이블, 없으면 기본
# 라우팅 테이블)과 기본 경로가 향하는 곳을 표시합니다. `free`는 `AvailableIpAddressCount`로, 256 − 예약
# 5 = 251이며, NAT 게이트웨이가 주소를 하나 가져간 서브넷은 하나 적습니다.

# %%
def route_target(route):
    """Where a route leads: the id of its gateway, NAT gateway, endpoint..."""
    for key in ("GatewayId", "NatGatewayId", "VpcEndpointId", "TransitGatewayId", "VpcPeeringConnectionId"):
        if route.get(key):
            return route[key]
    return "?"


def name_of(resource):
    return next((t["Value"] for t in resource.get("Tags", []) if t["Key"] == "Name"), "")


vpcs = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["main"]}])["Vpcs"]
if not vpcs:
    print("There is no VPC named main yet: build it above first.")
else:
    main_id = vpcs[0]["VpcId"]
    in_main = [{"Name": "vpc-id", "Values": [main_id]}]
    tables = ec2.describe_route_tables(Filters=in_main)["RouteTables"]
    main_table = next(t for t in tables if any(a.get("Main") for a in t["Associations"]))
    table_of = {a["SubnetId"]: t for t in tables for a in t["Associations"] if a.get("SubnetId")}
    rows = []
    for s in sorted(ec2.describe_subnets(Filters=in_main)["Subnets"], key=lambda s: ipaddress.ip_network(s["CidrBlock"])):
        table = table_of.get(s["SubnetId"], main_table)
        default = [route_target(r) for r in table["Routes"] if r.get("DestinationCidrBlock") == "0.0.0.0/0"]
        rows.append({"subnet": name_of(s), "CIDR": s["CidrBlock"], "AZ": s["AvailabilityZone"],
                     "free": s["AvailableIpAddressCount"], "public IPs": s["MapPublicIpOnLaunch"],
                     "route table": name_of(table) or f"{table['RouteTableId']} (main)",
                     "0.0.0.0/0 →": default[0] if default else "none (local only)"})
    print(f"VPC main {main_id} {vpcs[0]['CidrBlock']}")
    display(labkit.table(rows, title="Subnets of main and their routes"))

# %% [markdown]
# 완성된 네트워크입니다. 퍼블릭 서브넷(초록색)은 `0.0.0.0/0`을 IGW로, 앱 서브넷(청록색)은 `public-a`의 NAT
# 게이트웨이로 보내고, DB 서브넷(회청색)은 어디로도 보내지 않습니다.

# %% tags=["exercise"]
labkit.diagram(view="network")

# %% [markdown]
# 학습 자료의 그림과 비교해 보세요. 일부러 다르게 한 점이 하나 있습니다. 학습 자료는 NAT 게이트웨이를 AZ
# *마다* 두지만, 과제는 랩을 작게 유지하려고 하나만 요구합니다. NAT 게이트웨이가 하나뿐이면 AZ b의 앱
# 서브넷은 AZ a를 거쳐 인터넷에 나갑니다. AZ a에 장애가 나면 AZ b도 아웃바운드 접근을 잃고, AZ를 넘나드는
# 모든 바이트에 추가 요금이 붙습니다. 프로덕션에서는 AZ마다 NAT 게이트웨이를 하나씩 두고, 각 AZ의 앱
# 서브넷에 자기 AZ의 NAT 게이트웨이를 가리키는 라우팅 테이블을 따로 주세요.
#
# ## 4. 보안 그룹 — 상태 저장 방화벽
#
# **보안 그룹**은 네트워크 인터페이스(ENI)마다 붙는 방화벽입니다. 실제로는 보안 그룹에 속한 인스턴스, 로드
# 밸런서, 데이터베이스, 엔드포인트 하나하나에 붙는다고 보면 됩니다.
#
# - **허용 규칙만** 있습니다. 허용되지 않은 것은 모두 차단됩니다.
# - 규칙은 **인바운드**(누가 구성원에 연결할 수 있는가)와 **아웃바운드**(구성원이 어디로 연결할 수 있는가)로
#   나뉩니다. 새로 만든 그룹은 아웃바운드 트래픽을 모두 허용하고 인바운드 트래픽은 하나도 허용하지 않습니다.
# - **상태 저장**(stateful)입니다. 한 방향의 연결이 허용되면, 반대 방향 규칙이 무엇이든 그 응답 트래픽은
#   자동으로 허용됩니다.
# - 규칙의 소스로 주소 대신 **다른 보안 그룹**을 지정할 수 있습니다. "`web-sg`의 구성원이면 누구나"라는
#   뜻입니다. 이 규칙은 인스턴스가 생기고 사라져도(Auto Scaling, 새 IP) 그대로 따라갑니다. 학습 자료는 이 방식으로
#   계층을 사슬처럼 잇습니다: 인터넷 → 웹 → 앱 → DB.
#
# 학습 자료는 boto3의 **리소스 API**(`boto3.resource("ec2")`)로 작성하는데, 여기서 그룹은 메서드를 가진
# 객체입니다. 학습 자료의 예시를 실제로 실행하면 다음과 같습니다.
#
# ```python
# ec2 = boto3.resource("ec2")
# web_sg = ec2.create_security_group(GroupName="web-server-sg", Description="Security group for web servers",
#                                    VpcId="vpc-0123456789abcdef0")
# web_sg.authorize_ingress(IpPermissions=[
#     {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "HTTPS from anywhere"}]},
#     {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "HTTP from anywhere"}]},
# ])
# app_sg = ec2.create_security_group(GroupName="app-server-sg", Description="Security group for application servers",
#                                    VpcId="vpc-0123456789abcdef0")
# app_sg.authorize_ingress(IpPermissions=[
#     {"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080,
#      "UserIdGroupPairs": [{"GroupId": web_sg.id, "Description": "From web servers only"}]},
# ])
# ```
#
# ### 실습 과제: `vpc.security_groups`

# %%
print(labkit.task("vpc.security_groups").text)

# %% [markdown]
# **시작 상태:** 3절에서 완성한 3계층 네트워크(시나리오 `three-tier-network`)이며, 보안 그룹은 VPC의
# `default` 그룹 말고는 없습니다. 그룹을 지정하지 않고 인스턴스를 시작하면 이 기본 그룹이 붙습니다. 그래서
# AWS 기본 보안 모범 사례(FSBP) 제어 **EC2.2**는 기본 그룹을 비워 두라고 요구합니다. 그러면 그룹 지정을
# 잊더라도 인스턴스에는 아무런 접근도 허용되지 않습니다. 시작 상태의 `main` 기본 그룹은 다음과 같습니다.

# %%
lab = labkit.start(labkit.task("vpc.security_groups").starter, seed=0, replace=True)
ec2 = lab.client("ec2")


def rule_text(permission, direction):
    """One security group rule in words: 'TCP 8080 from sg-...' or 'all traffic to 0.0.0.0/0'."""
    protocol = permission["IpProtocol"]
    if protocol == "-1":
        what = "all traffic"
    else:
        low, high = permission.get("FromPort"), permission.get("ToPort")
        what = f"{protocol.upper()} {low}" + ("" if low == high else f"-{high}")
    peers = [r["CidrIp"] for r in permission.get("IpRanges", [])]
    peers += [p["GroupId"] for p in permission.get("UserIdGroupPairs", [])]
    return f"{what} {'from' if direction == 'in' else 'to'} {', '.join(peers) or 'nobody'}"


def groups_of_main():
    """Every security group of VPC main, read live, by name."""
    vpc = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["main"]}])["Vpcs"][0]
    groups = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["SecurityGroups"]
    return {g["GroupName"]: g for g in sorted(groups, key=lambda g: g["GroupName"])}


def group_rows(groups):
    names = {g["GroupId"]: name for name, g in groups.items()}
    rows = []
    for name, group in groups.items():
        inbound = [rule_text(p, "in") for p in group["IpPermissions"]]
        outbound = [rule_text(p, "out") for p in group["IpPermissionsEgress"]]
        rows.append({"group": f"{name} ({group['GroupId']})",
                     "inbound": "; ".join(inbound) or "nothing",
                     "outbound": "; ".join(outbound) or "nothing"})
    for row in rows:  # show group names next to the ids the rules reference
        for gid, name in names.items():
            row["inbound"] = row["inbound"].replace(gid, name)
    return rows


labkit.table(group_rows(groups_of_main()), title="Security groups of main (starter)")

# %% [markdown]
# > **moto와 AWS의 차이:** AWS에서는 새 VPC의 기본 그룹에 *인바운드* 규칙 "같은 그룹에서 오는 모든
# > 트래픽"(구성원끼리 통신 가능)도 있습니다. 랩의 기본 그룹에는 아웃바운드 전체 허용 규칙만 있습니다. 찾은
# > 규칙을 모두 취소(revoke)하면 어느 쪽에서든 동작하는 답이 됩니다.
#
# 세 그룹을 만드세요. 학습 자료처럼 리소스 API를 써도 되고 클라이언트를 써도 됩니다. 채점기는 코드가 아니라
# 계정을 읽습니다. `ec2.create_security_group(...)`으로 만든 뒤, `authorize_security_group_ingress`에 주소는
# `IpRanges`로, 그룹은 `UserIdGroupPairs`로 지정합니다. 기본 그룹은 `revoke_security_group_egress`로
# 비웁니다(인바운드 규칙이 있다면 `..._ingress`도).

# %% tags=["solution"] labkit={"task": "vpc.security_groups"}
ec2_resource = lab.resource("ec2")
main = list(ec2_resource.vpcs.filter(Filters=[{"Name": "tag:Name", "Values": ["main"]}]))[0]

web_sg = main.create_security_group(GroupName="web-sg", Description="Web tier: HTTP and HTTPS from the internet")
web_sg.authorize_ingress(IpPermissions=[
    {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "HTTPS from anywhere"}]},
    {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "HTTP from anywhere"}]},
])

app_sg = main.create_security_group(GroupName="app-sg", Description="App tier: 8080 from the web tier only")
app_sg.authorize_ingress(IpPermissions=[
    {"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080,
     "UserIdGroupPairs": [{"GroupId": web_sg.id, "Description": "From web servers only"}]},
])

db_sg = main.create_security_group(GroupName="db-sg", Description="DB tier: MySQL from the app tier only")
db_sg.authorize_ingress(IpPermissions=[
    {"IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306,
     "UserIdGroupPairs": [{"GroupId": app_sg.id, "Description": "From app servers only"}]},
])

default_sg = next(g for g in main.security_groups.all() if g.group_name == "default")
if default_sg.ip_permissions:
    default_sg.revoke_ingress(IpPermissions=default_sg.ip_permissions)
if default_sg.ip_permissions_egress:
    default_sg.revoke_egress(IpPermissions=default_sg.ip_permissions_egress)

# %% tags=["check"]
labkit.grade("vpc.security_groups")

# %% [markdown]
# 계정에 지금 있는 그룹들입니다(규칙에 들어 있는 그룹 ID 대신 그룹 이름을 표시했습니다).

# %%
labkit.table(group_rows(groups_of_main()), title="Security groups of main")

# %% [markdown]
# 네트워크 다이어그램은 "허용" 참조 하나하나를 포트 번호가 붙은 화살표로 그립니다. 인터넷 → `web-sg` →
# `app-sg` → `db-sg`로 이어지는 사슬입니다.

# %% tags=["exercise"]
labkit.diagram(view="network")

# %% [markdown]
# 눈여겨볼 점이 두 가지 있습니다.
# - `app-sg`와 `db-sg`는 주소를 전혀 언급하지 않습니다. 웹 계층을 인스턴스 2대에서 20대로 늘려도 `app-sg`는
#   바뀌지 않으며, `web-sg`에 속하지 않은 인스턴스는 VPC 안에 있더라도 8080 포트에 닿을 수 없습니다.
# - 어떤 그룹도 SSH(22)나 RDP(3389)를 전 세계에 열지 않습니다(FSBP EC2.13, EC2.14). 인스턴스에는 포트를 하나도
#   열 필요가 없는 Systems Manager Session Manager로 접속하세요.
#
# ## 5. 네트워크 ACL — 상태 비저장 방화벽
#
# **네트워크 ACL**은 *서브넷* 전체를 보호합니다. 서브넷 경계를 드나드는 모든 패킷은 보안 그룹보다 먼저
# 네트워크 ACL을 만납니다.

# %%
concepts.show("sg_vs_nacl")

# %% [markdown]
# | | 보안 그룹 (Security group) | 네트워크 ACL (Network ACL) |
# |---|---|---|
# | **상태** | 상태 저장: 응답이 자동으로 허용됩니다 | 상태 비저장: 응답도 그저 또 하나의 패킷이므로 별도의 규칙이 필요합니다 |
# | **적용 대상** | 네트워크 인터페이스: 인스턴스, 로드 밸런서, 데이터베이스 | 서브넷 전체: 그 안의 모든 것 |
# | **규칙** | 허용만 | 허용**과** 거부 |
# | **평가** | 모든 규칙을 함께 평가하며, 하나라도 허용하면 통과합니다 | 규칙 번호가 낮은 것부터 차례로 평가하며 **처음 일치한 규칙이 결정**합니다. 마지막 `*` 규칙이 나머지를 거부합니다 |
# | **기본값** | 새 그룹: 인바운드 없음, 아웃바운드 전체 허용 | VPC의 기본 NACL은 양방향 모두 전체 허용 |
#
# NACL은 상태를 저장하지 않으므로, 대화 하나에 규칙이 **두 개** 필요합니다. 요청용 규칙과 응답용 규칙입니다.
# 응답은 클라이언트가 그 연결에 고른 *임시 포트*(ephemeral port)로 돌아갑니다. Linux는 32768–60999,
# Windows는 49152–65535를 쓰고, NAT 게이트웨이나 로드 밸런서는 1024–65535를 쓰므로, NACL은 응답을
# **1024–65535**에서 허용합니다.
#
# ### 패킷 시뮬레이션
# moto도 AWS도 패킷이 NACL을 통과하는 모습을 보여 주지 않습니다. 그래서 labkit에는 `describe_network_acls`가
# 돌려주는 항목에 AWS의 규칙을 적용하는 작은 시뮬레이터가 있습니다. `Packet`은 서브넷 경계에 도착한 패킷
# 하나로, 방향, 프로토콜, *목적지* 포트, 상대편 주소를 가집니다.
#
# 이 절은 세 보안 그룹까지 *갖춘* 네트워크(시나리오 `three-tier-security-groups`, 이 절 과제의 시작 상태이기도
# 합니다)에서 시작합니다. 서브넷은 모두 VPC의 기본 NACL을 씁니다.

# %%
from labkit.catalogue._nacl import Packet, decide, protocol_label, rules_of

lab = labkit.start(labkit.task("vpc.private_nacl").starter, seed=0, replace=True)
ec2 = lab.client("ec2")
main_id = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["main"]}])["Vpcs"][0]["VpcId"]
default_acl = ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [main_id]},
                                                 {"Name": "default", "Values": ["true"]}])["NetworkAcls"][0]


def traffic(rule):
    """What a NACL rule matches, in words: 'TCP 8080 from 10.0.0.0/24'."""
    if rule.protocol == "-1":
        what = "all traffic"
    else:
        low, high = rule.ports or (0, 65535)
        what = f"{protocol_label(rule.protocol)} {low}" + ("" if low == high else f"-{high}")
    return f"{what} {'to' if rule.egress else 'from'} {rule.network}"


def entry_rows(acl):
    """A NACL's rules, one row each, in the order AWS reads them (inbound first)."""
    return [{"direction": "outbound" if rule.egress else "inbound", "rule": "*" if rule.number == 32767 else rule.number,
             "action": rule.action, "traffic": traffic(rule)}
            for rule in rules_of(acl)]


print(f"default NACL {default_acl['NetworkAclId']} is used by {len(default_acl['Associations'])} subnets")
labkit.table(entry_rows(default_acl), title="The default NACL")

# %% [markdown]
# 양방향 모두 전체 허용입니다. 기본 NACL은 아무것도 막지 않고, 모든 일을 보안 그룹이 맡습니다. 학습 자료는
# 프라이빗 앱 서브넷용 NACL을 따로 제시합니다. 주소를 우리 계획에 맞게 옮긴 뒤 랩에서 만들 모습은 다음과
# 같습니다(학습 자료의 `10.0.1.0/24`와 `10.0.2.0/24`는 우리의 퍼블릭 서브넷 `10.0.0.0/24`와 `10.0.1.0/24`이고,
# DB 서브넷 `10.0.5.0/24`는 우리의 `10.0.20.0/24`입니다).
#
# | 인바운드 규칙 | 유형 | 포트 범위 | 소스 | | 아웃바운드 규칙 | 유형 | 포트 범위 | 대상 | |
# |---|---|---|---|---|---|---|---|---|---|
# | 100 | Custom | 8080 | 10.0.0.0/24 | Allow | 100 | HTTPS | 443 | 0.0.0.0/0 | Allow |
# | 110 | Custom | 8080 | 10.0.1.0/24 | Allow | 110 | Custom | 3306 | 10.0.20.0/24 | Allow ← DB 접근 |
# | 120 | Custom | 1024-65535 | 0.0.0.0/0 | Allow ← 응답 트래픽용 | 120 | Custom | 1024-65535 | 0.0.0.0/0 | Allow ← 응답 트래픽용 |
# | * | All | All | 0.0.0.0/0 | Deny | * | All | All | 0.0.0.0/0 | Deny |
#
# 랩에서 만들어 봅시다. `create_network_acl`로 NACL을 만들고 규칙마다 `create_network_acl_entry`를 한 번씩
# 호출합니다(`*` 규칙은 모든 NACL에 기본으로 있습니다). 아직 어떤 서브넷에도 연결하지 않으므로 아무것도
# 바뀌지 않습니다.

# %%
SEED_NACL = [  # (rule number, outbound?, from port, to port, CIDR); all TCP, all Allow
    (100, False, 8080, 8080, "10.0.0.0/24"),
    (110, False, 8080, 8080, "10.0.1.0/24"),
    (120, False, 1024, 65535, "0.0.0.0/0"),  # replies (응답 트래픽용)
    (100, True, 443, 443, "0.0.0.0/0"),
    (110, True, 3306, 3306, "10.0.20.0/24"),  # to the DB (DB 접근)
    (120, True, 1024, 65535, "0.0.0.0/0"),  # replies (응답 트래픽용)
]
seed_acl_id = ec2.create_network_acl(VpcId=main_id, TagSpecifications=[
    {"ResourceType": "network-acl", "Tags": [{"Key": "Name", "Value": "seed-example-nacl"}]}])["NetworkAcl"]["NetworkAclId"]
for number, egress, low, high, cidr in SEED_NACL:
    ec2.create_network_acl_entry(NetworkAclId=seed_acl_id, RuleNumber=number, Egress=egress, Protocol="6",
                                 RuleAction="allow", CidrBlock=cidr, PortRange={"From": low, "To": high})
seed_acl = ec2.describe_network_acls(NetworkAclIds=[seed_acl_id])["NetworkAcls"][0]
labkit.table(entry_rows(seed_acl), title=f"seed-example-nacl {seed_acl_id}, read back")

# %% [markdown]
# 이제 패킷을 보내 봅시다. 앱 계층이 주고받아야 하는 패킷과 그러면 안 되는 패킷입니다. `should be` 열은
# 학습 자료의 NACL이 *의도한* 결과입니다. 8080은 웹 계층에서만 받고, MySQL은 DB 계층으로만 보냅니다.

# %%
APP_TIER_PACKETS = [  # (packet, should it pass?); addresses outside the VPC are documentation examples
    (Packet("ingress", "tcp", 8080, "10.0.0.10", note="web server, public subnet a"), True),
    (Packet("ingress", "tcp", 8080, "10.0.1.20", note="web server, public subnet b"), True),
    (Packet("ingress", "tcp", 8080, "203.0.113.9", note="anyone on the internet"), False),
    (Packet("ingress", "tcp", 8080, "10.0.20.5", note="a database host"), False),
    (Packet("ingress", "tcp", 22, "203.0.113.9", note="SSH from the internet"), False),
    (Packet("ingress", "tcp", 49152, "198.51.100.7", note="reply from an HTTPS site"), True),
    (Packet("egress", "tcp", 443, "198.51.100.7", note="HTTPS to the internet, via NAT"), True),
    (Packet("egress", "tcp", 3306, "10.0.20.7", note="MySQL, db subnet a"), True),
    (Packet("egress", "tcp", 3306, "10.0.21.7", note="MySQL, db subnet b"), True),
    (Packet("egress", "tcp", 3306, "203.0.113.50", note="MySQL somewhere on the internet"), False),
    (Packet("egress", "tcp", 80, "198.51.100.7", note="plain HTTP to the internet"), False),
    (Packet("egress", "tcp", 49152, "10.0.0.10", note="reply to a web server"), True),
]


def simulate(acl, packets, title):
    """Decide each packet with the NACL's rules; one row each, flagged where it is not what we want."""
    rules = rules_of(acl)
    rows = []
    for packet, should in packets:
        decision = decide(rules, packet)
        rows.append({"": "" if decision.allowed == should else "⚠",
                     "packet": str(packet),
                     "fate": decision.verdict,
                     "decided by": decision.rule.label,
                     "should be": "allowed" if should else "denied"})
    wrong = sum(1 for row in rows if row[""])
    return labkit.table(rows, title=f"{title}: {wrong} of {len(rows)} packets not as intended")


simulate(seed_acl, APP_TIER_PACKETS, "seed-example-nacl")

# %% [markdown]
# 통과하면 안 되는 패킷 세 개가 통과합니다.
# - **인터넷에서 오는 8080**이 **규칙 120**으로 허용됩니다. 규칙 100과 110이 웹 계층의 8080을 허용하긴
#   하지만, 8080은 1024–65535 *안에* 있습니다. 그래서 두 규칙과 일치하지 않는 8080 패킷은 모두 "응답용"
#   규칙 120까지 내려가고, 규칙 120은 출발지를 가리지 않고 이를 허용합니다. 규칙 100과 110은 결과를 하나도
#   바꾸지 못합니다.
# - **데이터베이스 호스트에서 오는 8080**: 같은 허점입니다.
# - **인터넷으로 나가는 MySQL**도 같은 방식으로 아웃바운드 규칙 120을 통해 빠져나갑니다. 3306 역시
#   1024–65535 안에 있기 때문입니다.
#
# (DB 서브넷 **b**로 가는 MySQL이 통과하는 것도 순전히 같은 규칙 120 덕분입니다. 학습 자료의 표에는 DB
# 서브넷이 하나만 있습니다.) 해결책은 규칙 순서입니다. 처음 일치한 규칙이 결정하므로, 8080(아웃바운드는
# 3306)에 대한 **거부** 규칙을 구체적인 허용 규칙 *뒤*, 임시 포트 규칙 *앞*에 둡니다.
#
# ### 상태 비저장과 상태 저장, 대화 하나씩 따라가기
# NACL은 요청과 응답을 따로따로 판정합니다. 보안 그룹은 요청만 판정하고, 연결을 기억하기 때문에(연결 추적,
# connection tracking) 응답은 그냥 통과시킵니다. `app-sg`에 속하고 앱 서브넷 `10.0.10.0/24`에 있는 앱 서버의
# 대화 네 개를, 학습 자료의 NACL과 이 계정의 보안 그룹에 각각 통과시켜 봅시다.

# %%
def sg_allows(group, direction, port, peer_ip, peer_groups=()):
    """Do a security group's rules of one direction admit TCP `port` with this peer (address or groups)?"""
    for permission in group["IpPermissions" if direction == "in" else "IpPermissionsEgress"]:
        if permission["IpProtocol"] != "-1":
            if permission["IpProtocol"] != "tcp" or not permission["FromPort"] <= port <= permission["ToPort"]:
                continue
        if any(ipaddress.ip_address(peer_ip) in ipaddress.ip_network(r["CidrIp"]) for r in permission["IpRanges"]):
            return True
        if any(pair["GroupId"] in peer_groups for pair in permission["UserIdGroupPairs"]):
            return True
    return False


groups = groups_of_main()
app_sg_rules = groups["app-sg"]
web_id = groups["web-sg"]["GroupId"]
CLIENT_PORT = 49152  # the ephemeral port the side that opens the connection picked
conversations = [
    # (what, inbound request?, service port, peer address, peer's security groups)
    ("web server → app:8080", True, 8080, "10.0.0.10", (web_id,)),
    ("internet → app:8080", True, 8080, "203.0.113.9", ()),
    ("app → HTTPS site:443 (via NAT)", False, 443, "198.51.100.7", ()),
    ("app → database:3306", False, 3306, "10.0.20.7", ()),
]
seed_rules = rules_of(seed_acl)
rows = []
for what, inbound, port, peer, peer_groups in conversations:
    request = Packet("ingress" if inbound else "egress", "tcp", port, peer)
    reply = Packet("egress" if inbound else "ingress", "tcp", CLIENT_PORT, peer)  # back to the client's port
    nacl_request, nacl_reply = decide(seed_rules, request), decide(seed_rules, reply)
    sg_request = sg_allows(app_sg_rules, "in" if inbound else "out", port, peer, peer_groups)
    rows.append({
        "conversation": what,
        "NACL: request": f"{nacl_request.verdict} ({nacl_request.rule.label})",
        "NACL: reply": f"{nacl_reply.verdict} ({nacl_reply.rule.label})",
        "app-sg: request": "allowed" if sg_request else "denied",
        "app-sg: reply": "allowed (tracked)" if sg_request else "— (no connection)",
    })
labkit.table(rows, title="Stateless NACL vs stateful security group, at an app server")

# %% [markdown]
# 열 단위로 읽어 보세요.
# - **NACL**은 대화마다 양쪽 절반에 규칙이 필요합니다. 응답은 양방향 모두 1024–65535에 대한 규칙 120 덕분에
#   통과하는데, 바로 그 규칙 120이 인터넷에서 오는 8080도 들여보냅니다.
# - **`app-sg`**에는 인바운드 규칙 하나(`web-sg`에서 오는 8080)와 기본 아웃바운드 전체 허용 규칙이 있습니다.
#   인터넷에서 오는 8080은 상대가 `web-sg`의 구성원이 아니므로 거부하고, 응답을 위한 규칙은 필요 없습니다.
#   연결이 추적되기 때문입니다.
#
# NACL에서 응답 규칙을 빠뜨리면 어떻게 될까요? 인바운드 규칙 120을 빼 봅시다(Python에서 항목의 사본으로만
# 하며, 랩은 바뀌지 않습니다). 이제 앱 계층이 *밖으로* 보내는 호출은 모두 응답이 돌아오는 길에 막힙니다.

# %%
without_replies = [e for e in seed_acl["Entries"] if not (e["RuleNumber"] == 120 and not e["Egress"])]
simulate(without_replies, [
    (Packet("egress", "tcp", 443, "198.51.100.7", note="HTTPS request to a site"), True),
    (Packet("ingress", "tcp", CLIENT_PORT, "198.51.100.7", note="...its reply"), True),
    (Packet("egress", "tcp", 3306, "10.0.20.7", note="MySQL query"), True),
    (Packet("ingress", "tcp", CLIENT_PORT, "10.0.20.7", note="...its reply"), True),
], "seed-example-nacl without inbound rule 120")

# %% [markdown]
# > **moto와 AWS의 차이:** moto는 NACL과 보안 그룹을 충실하게 저장하지만, 랩에서는 패킷이 실제로 흐르지
# > 않으므로 무엇도 이를 강제하지 않습니다. 시뮬레이터(그리고 보안 그룹의 경우 위의 작은 `sg_allows` 함수)가
# > 계정에 저장된 내용에 AWS가 문서로 공개한 규칙을 적용합니다. 또한 moto는 TCP 항목에 `PortRange`가 없어도
# > 받아들이지만, AWS는 거부합니다.
#
# ### 실습 과제: `vpc.private_nacl`

# %%
print(labkit.task("vpc.private_nacl").text)

# %% [markdown]
# **시작 상태:** 세 보안 그룹을 갖춘 네트워크, 즉 지금 쓰고 있는 계정입니다(연결되지 않은
# `seed-example-nacl`도 있지만 채점기는 무시합니다). 앱 계층용 NACL을 만들고, `create_network_acl_entry`로
# 항목을 올바른 순서로 추가한 다음, 두 앱 서브넷을 이 NACL로 옮기세요. 서브넷에는 언제나 NACL이 정확히 하나
# 연결되어 있으므로, 연결을 *추가*하는 것이 아니라 현재 연결을 **교체**합니다(필터 `association.subnet-id`를
# 준 `describe_network_acls`로 현재 연결을 찾고, `replace_network_acl_association`으로 옮깁니다).

# %% tags=["solution"] labkit={"task": "vpc.private_nacl"}
APP_NACL = [  # (rule number, outbound?, action, from port, to port, CIDR), all TCP; the first match decides
    (100, False, "allow", 8080, 8080, "10.0.0.0/24"),   # web tier, AZ a
    (110, False, "allow", 8080, 8080, "10.0.1.0/24"),   # web tier, AZ b
    (120, False, "deny", 8080, 8080, "0.0.0.0/0"),      # 8080 from anyone else (before the ephemeral rule)
    (130, False, "allow", 1024, 65535, "0.0.0.0/0"),    # replies to the app tier's own calls
    (100, True, "allow", 443, 443, "0.0.0.0/0"),        # HTTPS out (AWS APIs, updates)
    (110, True, "allow", 3306, 3306, "10.0.20.0/24"),   # MySQL, db subnet a
    (120, True, "allow", 3306, 3306, "10.0.21.0/24"),   # MySQL, db subnet b
    (130, True, "deny", 3306, 3306, "0.0.0.0/0"),       # MySQL anywhere else
    (140, True, "allow", 1024, 65535, "0.0.0.0/0"),     # replies to the web tier's requests
]
app_acl_id = ec2.create_network_acl(VpcId=main_id, TagSpecifications=[
    {"ResourceType": "network-acl", "Tags": [{"Key": "Name", "Value": "app-nacl"}]}])["NetworkAcl"]["NetworkAclId"]
for number, egress, action, low, high, cidr in APP_NACL:
    ec2.create_network_acl_entry(NetworkAclId=app_acl_id, RuleNumber=number, Egress=egress, Protocol="6",
                                 RuleAction=action, CidrBlock=cidr, PortRange={"From": low, "To": high})

app_subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [main_id]},
                                            {"Name": "cidr-block", "Values": ["10.0.10.0/24", "10.0.11.0/24"]}])
for subnet in app_subnets["Subnets"]:
    current = ec2.describe_network_acls(
        Filters=[{"Name": "association.subnet-id", "Values": [subnet["SubnetId"]]}])["NetworkAcls"][0]
    association = next(a for a in current["Associations"] if a["SubnetId"] == subnet["SubnetId"])
    ec2.replace_network_acl_association(AssociationId=association["NetworkAclAssociationId"], NetworkAclId=app_acl_id)

# %% tags=["check"]
labkit.grade("vpc.private_nacl")

# %% [markdown]
# 이제 앱 서브넷 `10.0.10.0/24`를 보호하는 NACL을 (무엇이든) 다시 읽어 와서, 학습 자료 예시에 보냈던 것과 같은
# 패킷을 보내 봅니다.

# %%
app_a = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [main_id]},
                                      {"Name": "cidr-block", "Values": ["10.0.10.0/24"]}])["Subnets"][0]
guard = ec2.describe_network_acls(
    Filters=[{"Name": "association.subnet-id", "Values": [app_a["SubnetId"]]}])["NetworkAcls"][0]
name = next((t["Value"] for t in guard.get("Tags", []) if t["Key"] == "Name"), "default NACL" if guard["IsDefault"] else "")
print(f"app subnet 10.0.10.0/24 uses {guard['NetworkAclId']} ({name})")
display(labkit.table(entry_rows(guard), title="its rules"))
simulate(guard, APP_TIER_PACKETS, name)

# %% [markdown]
# 모든 패킷이 의도한 대로 처리됩니다. 보안 그룹과 NACL은 **함께** 쓰도록 만들어졌습니다(심층 방어, defense
# in depth). 보안 그룹은 인스턴스를 따라다니는 리소스 단위의 정밀한 규칙을 맡고, NACL은 서브넷 전체에 대한
# 대략적인 최후 방어선을 맡습니다. 또한 명시적 *거부*를 쓸 수 있는 곳은 NACL뿐이므로, 예를 들어 악용하는
# 주소 범위를 서브넷 전체에서 막을 때 씁니다.
#
# ## 6. VPC 엔드포인트 — AWS 서비스로 가는 프라이빗 경로
#
# 프라이빗 서브넷의 앱 서버가 S3를 호출하거나 ECR에서 컨테이너 이미지를 가져오면, 트래픽은 NAT 게이트웨이와
# 인터넷 게이트웨이를 거쳐 서비스의 퍼블릭 주소로 나갑니다. 그러면 GB당 NAT 데이터 처리 요금을 내야 하고,
# 애초에 인터넷으로 가는 경로가 있어야 합니다. **VPC 엔드포인트**를 쓰면 VPC가 AWS 네트워크 안에서 서비스로
# 가는 프라이빗 경로를 얻습니다. 엔드포인트에는 세 가지 유형이 있습니다.

# %%
concepts.show("vpc_endpoint_types")

# %% [markdown]
# | 유형 | English | 대상 | 동작 방식 | 비용 |
# |---|---|---|---|---|
# | **게이트웨이 엔드포인트** | Gateway endpoint | S3와 DynamoDB만 | 선택한 라우팅 테이블에 경로를 추가합니다. 목적지는 서비스의 **접두사 목록**(prefix list, `pl-...`, 서비스의 주소 범위), 대상은 엔드포인트(`vpce-...`)이며, 트래픽이 AWS 네트워크 안에서 유지됩니다 | 무료 |
# | **인터페이스 엔드포인트** | Interface endpoint | 대부분의 AWS 서비스, 그리고 직접 만들거나 파트너가 제공하는 서비스(AWS PrivateLink) | 선택한 서브넷마다 **프라이빗 IP를 가진 ENI**를 만듭니다(Private IP 할당). **프라이빗 DNS**를 켜면 서비스의 일반 호스트 이름이 이 IP로 해석되며, **보안 그룹**이 적용됩니다 | 유료: AZ당 시간 요금 + GB당 요금 |
# | **Gateway Load Balancer 엔드포인트** | GWLB endpoint | 네트워크 어플라이언스: 방화벽, IDS/IPS 연동 | 트래픽을 Gateway Load Balancer 뒤의 어플라이언스 무리로 보냈다가 다시 돌려받는 라우팅 대상입니다 | 유료 |
#
# 학습 자료가 쓰인 뒤로 바뀐 점: S3와 DynamoDB도 *인터페이스* 엔드포인트를 제공합니다(게이트웨이
# 엔드포인트와 달리 온프레미스 네트워크나 피어링된 VPC에서도 접근할 수 있습니다). 또한 VPC Lattice와 함께
# *리소스* 엔드포인트와 *서비스 네트워크* 엔드포인트가 추가되었습니다(2024).
#
# 학습 자료는 S3와 ECR 엔드포인트를 Terraform(`aws_vpc_endpoint` 리소스)으로 만듭니다. boto3에서는 각각
# `create_vpc_endpoint` 호출 한 번입니다.
#
# | Terraform (학습 자료) | boto3 |
# |---|---|
# | `vpc_id`, `service_name = "com.amazonaws.ap-northeast-2.s3"` | `VpcId=..., ServiceName=f"com.amazonaws.{lab.region}.s3"` |
# | (Terraform의 기본 유형은 게이트웨이) | `VpcEndpointType="Gateway"` |
# | `route_table_ids = [aws_route_table.private.id]` | `RouteTableIds=[...]` |
# | `vpc_endpoint_type = "Interface"` | `VpcEndpointType="Interface"` |
# | `subnet_ids = aws_subnet.private[*].id` | `SubnetIds=[...]` |
# | `security_group_ids = [aws_security_group.vpc_endpoints.id]` | `SecurityGroupIds=[...]` |
# | `private_dns_enabled = true` | `PrivateDnsEnabled=True` |
# | `tags = { Name = "ecr-api-endpoint" }` | `TagSpecifications=[{"ResourceType": "vpc-endpoint", "Tags": [...]}]` |
#
# ECR에서 이미지를 가져오려면 인터페이스 엔드포인트 두 개가 필요합니다. 레지스트리 API(인증, 이미지
# 매니페스트)용 `ecr.api`와 Docker 레지스트리 프로토콜용 `ecr.dkr`입니다. 여기에 더해, ECR은 이미지 레이어를
# S3에 보관하므로 S3도 필요합니다. 학습 자료가 이 엔드포인트들을 S3 게이트웨이 엔드포인트와 함께 만드는
# 이유입니다.
#
# ### 실습 과제: `vpc.endpoints`

# %%
print(labkit.task("vpc.endpoints").text)

# %% [markdown]
# **시작 상태:** 3계층 네트워크(시나리오 `three-tier-network`). 프라이빗 라우팅 테이블은 `app-rt`와 `db-rt`이고,
# 앱 서브넷은 `10.0.10.0/24`와 `10.0.11.0/24`입니다. 엔드포인트용 보안 그룹은 직접 만드세요(학습 자료에서는
# `vpc_endpoints`라는 이름입니다).

# %%
lab = labkit.start(labkit.task("vpc.endpoints").starter, seed=0, replace=True)
ec2 = lab.client("ec2")

# %% tags=["solution"] labkit={"task": "vpc.endpoints"}
vpc = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["main"]}])["Vpcs"][0]
in_vpc = {"Name": "vpc-id", "Values": [vpc["VpcId"]]}
private_tables = ec2.describe_route_tables(
    Filters=[in_vpc, {"Name": "tag:Name", "Values": ["app-rt", "db-rt"]}])["RouteTables"]
app_subnet_ids = [s["SubnetId"] for s in ec2.describe_subnets(
    Filters=[in_vpc, {"Name": "cidr-block", "Values": ["10.0.10.0/24", "10.0.11.0/24"]}])["Subnets"]]


def named(name):
    return [{"ResourceType": "vpc-endpoint", "Tags": [{"Key": "Name", "Value": name}]}]


# 1. S3 gateway endpoint (free): a route to S3's prefix list in the private route tables.
ec2.create_vpc_endpoint(
    VpcId=vpc["VpcId"], ServiceName=f"com.amazonaws.{lab.region}.s3", VpcEndpointType="Gateway",
    RouteTableIds=[t["RouteTableId"] for t in private_tables], TagSpecifications=named("s3-gateway-endpoint"),
)

# 2. A security group for the interface endpoints: HTTPS from inside the VPC only.
endpoint_sg = ec2.create_security_group(
    GroupName="vpc-endpoints-sg", Description="HTTPS from inside the VPC to interface endpoints", VpcId=vpc["VpcId"],
)["GroupId"]
ec2.authorize_security_group_ingress(GroupId=endpoint_sg, IpPermissions=[
    {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": vpc["CidrBlock"], "Description": "the VPC"}]},
])

# 3. ECR interface endpoints (paid), one ENI in each app subnet, private DNS on.
for kind in ("api", "dkr"):
    ec2.create_vpc_endpoint(
        VpcId=vpc["VpcId"], ServiceName=f"com.amazonaws.{lab.region}.ecr.{kind}", VpcEndpointType="Interface",
        SubnetIds=app_subnet_ids, SecurityGroupIds=[endpoint_sg], PrivateDnsEnabled=True,
        TagSpecifications=named(f"ecr-{kind}-endpoint"),
    )

# %% tags=["check"]
labkit.grade("vpc.endpoints")

# %% [markdown]
# `main`의 엔드포인트를 다시 읽어 옵니다.

# %%
main_vpc = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["main"]}])["Vpcs"][0]
endpoints = ec2.describe_vpc_endpoints(Filters=[{"Name": "vpc-id", "Values": [main_vpc["VpcId"]]}])["VpcEndpoints"]
labkit.table(
    [{"endpoint": e["VpcEndpointId"], "type": e["VpcEndpointType"], "service": e["ServiceName"],
      "route tables": len(e["RouteTableIds"]), "subnets (ENIs)": len(e["SubnetIds"]),
      "security groups": [g["GroupName"] for g in e["Groups"]],
      "private DNS": e["PrivateDnsEnabled"] if e["VpcEndpointType"] == "Interface" else None}
     for e in sorted(endpoints, key=lambda e: e["ServiceName"])],
    title="VPC endpoints of main",
)

# %% [markdown]
# 게이트웨이 엔드포인트는 **라우팅**으로 동작합니다. 엔드포인트를 만들면 지정한 라우팅 테이블마다 경로가
# 하나씩 추가됩니다. 그 목적지는 CIDR이 아니라 S3의 주소 범위에 이름을 붙인 묶음인 S3의 *접두사 목록*입니다.

# %%
tables = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [main_vpc["VpcId"]]}])["RouteTables"]
rows = []
for table in sorted(tables, key=lambda t: name_of(t) or "~"):
    for route in table["Routes"]:
        destination = route.get("DestinationCidrBlock") or route.get("DestinationPrefixListId")
        rows.append({"route table": name_of(table) or "(main)", "destination": destination, "target": route_target(route)})
labkit.table(rows, title="Routes of main")

# %%
s3_list = ec2.describe_managed_prefix_lists(
    Filters=[{"Name": "prefix-list-name", "Values": [f"com.amazonaws.{lab.region}.s3"]}])["PrefixLists"][0]
entries = ec2.get_managed_prefix_list_entries(PrefixListId=s3_list["PrefixListId"])["Entries"]
print(s3_list["PrefixListId"], s3_list["PrefixListName"], "=", ", ".join(sorted(e["Cidr"] for e in entries)))

# %% [markdown]
# > **moto와 AWS의 차이:** 랩의 S3 접두사 목록에는 서울 리전의 주소가 아니라 고정된 예시 범위 세 개가
# > 들어 있습니다. AWS에서는 리전의 실제 S3 주소 범위가 들어 있고, AWS가 알아서 최신 상태로 유지합니다. 또한
# > 랩에서는 프라이빗 DNS를 엔드포인트를 만들 때만 설정할 수 있습니다(과제에도 그렇게 적혀 있습니다). AWS에서는
# > 나중에 `modify_vpc_endpoint(PrivateDnsEnabled=...)`로 바꿀 수 있습니다.
#
# 다이어그램에서 인터페이스 엔드포인트는 앱 서브넷 안에, 게이트웨이 엔드포인트는 VPC 수준에 나타납니다.

# %% tags=["exercise"]
labkit.diagram(view="network")

# %% [markdown]
# ### 세 번째 유형: Gateway Load Balancer 엔드포인트
# **Gateway Load Balancer**(GWLB)는 방화벽, 침입 탐지 및 방지(IDS/IPS) 같은 네트워크 어플라이언스 무리에
# 트래픽을 분산합니다. 이 어플라이언스는 보통 보안 팀이나 벤더가 자기 VPC에서 운영합니다. GWLB를 *엔드포인트
# 서비스*로 제공하면 **GWLB 엔드포인트**로 접근합니다. 서브넷에 엔드포인트를 하나 두고 경로가 그것을 가리키게
# 하면, 트래픽은 (GENEVE 프로토콜, 포트 6081로) 어플라이언스를 한 번 거친 뒤 원래 가던 길을 갑니다. 랩에서는
# 세 구성 요소를 모두 만들 수 있습니다.

# %%
elbv2 = lab.client("elbv2")
public_a = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [main_vpc["VpcId"]]},
                                         {"Name": "cidr-block", "Values": ["10.0.0.0/24"]}])["Subnets"][0]
gwlb = elbv2.create_load_balancer(Name="inspection-gwlb", Type="gateway", Subnets=[public_a["SubnetId"]])
service = ec2.create_vpc_endpoint_service_configuration(
    GatewayLoadBalancerArns=[gwlb["LoadBalancers"][0]["LoadBalancerArn"]], AcceptanceRequired=False)
inspection = ec2.create_vpc_endpoint(
    VpcId=main_vpc["VpcId"], ServiceName=service["ServiceConfiguration"]["ServiceName"],
    VpcEndpointType="GatewayLoadBalancer", SubnetIds=[public_a["SubnetId"]])["VpcEndpoint"]
print("load balancer type:", gwlb["LoadBalancers"][0]["Type"])
print("endpoint service:  ", service["ServiceConfiguration"]["ServiceName"])
print("endpoint:          ", inspection["VpcEndpointId"], inspection["VpcEndpointType"], inspection["State"])

# %% [markdown]
# 트래픽을 검사하려면 이어서 이 엔드포인트를 대상으로 하는 경로를 추가합니다
# (`create_route(..., VpcEndpointId=...)`). 예를 들어 서브넷의 라우팅 테이블에는 `0.0.0.0/0 → vpce-...`를,
# 들어오는 트래픽을 위해서는 인터넷 게이트웨이와 연결된 라우팅 테이블(*엣지 연결*, edge association)에
# 서브넷 CIDR → `vpce-...`를 추가합니다.
#
# > **moto와 AWS의 차이:** 랩은 GWLB 엔드포인트를 ENI 없이 만듭니다. AWS에서는 인터페이스 엔드포인트처럼
# > ENI가 있으며, 엔드포인트 서비스는 보통 다른 (보안) 계정에 있습니다.
#
# ## 7. 퀴즈
# 위젯(JupyterLab)에서 답하세요. 모든 시도는 학습 진도에 기록됩니다.

# %%
quiz = labkit.quiz("vpc")
quiz

# %% [markdown]
# 평범한 Python 코드로 답할 수도 있습니다. 앱 서브넷 `10.0.10.0/24`에서 리소스가 쓸 수 있는 주소는 몇
# 개일까요?

# %%
quiz.answer("vpc-24-usable", 251)

# %% [markdown]
# ## 정리
# - **VPC**(논리적으로 격리된 네트워크)는 한 리전 안의 CIDR 블록 하나이며, **서브넷**이 이를 나눕니다. 서브넷은
#   각각 AZ 하나에 속합니다. 모든 계층을 두 개 이상의 AZ에 나누어 배치합니다.
# - **CIDR 설계**: `/16` = 주소 65,536개(대규모 프로덕션), `/20` = 4,096개(중규모), `/24` = 256개(소규모,
#   개발/테스트). VPC는 `/16`부터 `/28`까지 가능하고, AWS는 모든 서브넷에서 주소 5개를 예약합니다(/24에서는
#   251개 사용 가능). 계층 사이에 간격을 두고, 절대 겹치지 않게 하며, `ipaddress`로 검사하세요. 학습 자료의
#   `10.0.100.0/18`은 `10.0.64.0/18`이어야 합니다.
# - **라우팅 테이블**이 서브넷을 퍼블릭(`0.0.0.0/0 → IGW`), 프라이빗(`→ NAT 게이트웨이`. NAT 게이트웨이는
#   탄력적 IP를 달고 퍼블릭 서브넷에 있습니다), 격리(기본 경로 없음)로 만듭니다. 프로덕션에서는 AZ마다 NAT
#   게이트웨이를 하나씩 둡니다.
# - **보안 그룹**: 상태 저장, 허용만, 인터페이스에 적용, 다른 그룹을 참조할 수 있어 계층을 사슬처럼 잇습니다.
#   기본 그룹은 비워 두고(EC2.2), SSH/RDP는 전 세계에 열지 않습니다(EC2.13).
# - **네트워크 ACL**: 상태 비저장, 허용과 거부, 서브넷에 적용, 규칙 번호 순으로 처음 일치한 규칙이 결정합니다.
#   응답에는 1024–65535가 필요하므로, 서비스 포트에 대한 거부 규칙은 임시 포트 규칙 *앞에* 둡니다.
# - **VPC 엔드포인트**: **게이트웨이**(S3, DynamoDB. 접두사 목록으로 가는 경로. 무료), **인터페이스**(ENI +
#   프라이빗 DNS + 보안 그룹. 대부분의 서비스. 유료), **Gateway Load Balancer**(트래픽이 방화벽과 IDS/IPS를
#   거쳐 가게 함).
#
# 다음은 **03 · EC2**로, 이 서브넷들 안에서 동작하는 서버를 다룹니다. 랩을 닫습니다.

# %%
lab.stop()
lab
