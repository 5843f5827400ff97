# %% [markdown]
# # 08 · Amazon EKS — 완전 관리형 Kubernetes (managed Kubernetes)
#
# Amazon EKS(Elastic Kubernetes Service)는 **Kubernetes**를 대신 운영해 주는 서비스입니다. AWS는
# *컨트롤 플레인*(control plane), 즉 Kubernetes API 서버와 그 데이터베이스인 etcd를 세 개의 가용 영역에
# 나누어 운영하면서 패치와 백업까지 맡습니다. 사용자는 *데이터 플레인*(data plane), 곧 파드(pod)가 실행될
# 워커 노드(또는 Fargate)를 준비합니다. 앞 노트북에서는 AWS가 직접 만든 컨테이너 오케스트레이터인 ECS를
# 배웠습니다. 이번 노트북에서는 먼저 Kubernetes의 더 큰 운영 부담을 감수할 만한 때가 언제인지 따져 보고,
# 이어서 학습 자료에 나오는 클러스터를 보안을 강화해 boto3로 직접 만듭니다.
#
# **이 노트북에서 할 일**
# 1. 학습 자료의 표(EKS vs ECS 비교)로 EKS와 ECS를 비교하고, ECS 용어가 Kubernetes에서는 무엇에
#    해당하는지 짝지어 봅니다.
# 2. 학습 자료의 Terraform 코드로 클러스터와 관리형 노드 그룹을 정의하는 방법을 인수 하나하나 읽고,
#    같은 것을 만드는 boto3 호출과 나란히 비교합니다.
# 3. 컨트롤 플레인 로그 다섯 종류를 모두 켜고, 보안 암호를 내 KMS 키로 암호화(봉투 암호화)하며, 프라이빗 앱
#    서브넷에서 1 / 3 / 10으로 조정되는 관리형 노드 그룹을 갖춘 **프라이빗** 클러스터(프라이빗 엔드포인트)를
#    만듭니다. 실습 과제 `eks.private_cluster`입니다.
# 4. 내 네트워크의 실시간 다이어그램에서 노드가 어디에 놓이는지 확인하고, 파드에 필요한 IP 주소를 VPC가
#    얼마나 확보해야 하는지 계산합니다(EKS Pod Subnets, 대규모 IP 필요).
# 5. 학습 자료의 마이크로서비스 아키텍처 안에서 EKS가 어떤 자리를 차지하는지 살펴봅니다.

# %% [markdown]
# ## 1. EKS vs ECS 비교
#
# 둘 다 AWS에서 컨테이너를 실행하고, 둘 다 컨테이너를 EC2 인스턴스나 Fargate(서버리스)에 올릴 수 있으며,
# 로드 밸런서, IAM, CloudWatch와 통합됩니다. 차이는 *오케스트레이션을 누가 정의하느냐*에 있습니다.
# CNCF가 관리하는 개방형 표준인 Kubernetes냐, AWS 자신이냐입니다. 학습 자료의 비교표는 다음과 같습니다.
#
# | 항목 | EKS | ECS |
# |---|---|---|
# | 오케스트레이터 | Kubernetes | AWS 자체 |
# | 학습 곡선 | 가파름 | 완만함 |
# | 이식성 | 높음 (K8s 표준) | AWS 종속 |
# | 기능 | 풍부함 | 필수 기능 |
# | 관리 복잡도 | 높음 | 낮음 |
# | 생태계 | 광범위 (Kubernetes 생태계 전체) | AWS 통합 |
#
# 이 표는 이렇게 읽습니다.
# - 팀이 EKS를 고르는 이유는 **이식성과 생태계**입니다. 같은 매니페스트와 Helm 차트가 온프레미스에서도,
#   다른 클라우드에서도, EKS에서도 그대로 돌아갑니다. 오퍼레이터, 서비스 메시, GitOps 도구, Karpenter 같은
#   Kubernetes 생태계도 매우 넓습니다.
# - 그 대가가 **학습 곡선과 관리 복잡도**입니다. Kubernetes는 파드, 디플로이먼트, 서비스, 인그레스, RBAC,
#   추가 기능(add-on) 등 움직이는 부품이 훨씬 많고, EKS 클러스터에는 정기적으로 업그레이드해야 하는
#   **Kubernetes 버전**이 있습니다. ECS에는 업그레이드할 버전이 없습니다.
# - 비용도 다릅니다. EKS 클러스터는 컨트롤 플레인 요금이 시간 단위로 부과됩니다(표준 지원 기간에는
#   클러스터당 시간당 US$0.10, 연장 지원 기간에는 US$0.60). ECS에는 컨트롤 플레인 요금이 없습니다. 두
#   서비스 모두 컨테이너를 실행하는 EC2 인스턴스나 Fargate 용량에 대해서는 요금을 냅니다.
#
# 같은 개념이 이름만 다르게 불립니다.
#
# | ECS | EKS / Kubernetes |
# |---|---|
# | 클러스터 | 클러스터 (컨트롤 플레인은 AWS가 운영) |
# | 태스크 정의 (JSON) | Deployment 안의 파드 사양 (YAML 매니페스트) |
# | 태스크 | 파드 |
# | 서비스 (태스크 N개를 계속 실행하며 대상 그룹 뒤에 둠) | Deployment (파드 N개를 유지) + Service / Ingress |
# | 컨테이너 인스턴스 또는 Fargate | 노드 그룹의 노드, 또는 Fargate 프로필 |
# | 태스크 역할 | 서비스 계정용 IAM 역할(IRSA) 또는 EKS Pod Identity |
# | 태스크 안의 사이드카 컨테이너 | 파드 안의 사이드카 컨테이너 |
#
# 비교를 위해 앞 노트북의 ECS 아키텍처를 다시 봅니다. EKS에서는 "서비스" 상자가 Deployment가 되고,
# 태스크는 파드가 됩니다.

# %%
import ipaddress
import textwrap

from IPython.display import display

import labkit
from labkit.diagrams import concepts

concepts.show("ecs_cluster")

# %% [markdown]
# ### EKS가 맡는 부분과 내가 맡는 부분
#
# | 구성 요소 | 운영 주체 | 이 노트북에서 |
# |---|---|---|
# | 컨트롤 플레인: API 서버, etcd, 스케줄러, 컨트롤러 관리자 | AWS가 자신의 계정에서 세 AZ에 걸쳐 운영 | `eks.create_cluster` |
# | 클러스터 엔드포인트: API 서버의 HTTPS 주소 (`kubectl`이 여기에 접속) | AWS. 퍼블릭 액세스와 프라이빗 액세스 여부는 *내가* 선택 | `resourcesVpcConfig` |
# | 컨트롤 플레인 로그 | 요청하면 AWS가 CloudWatch Logs로 전송 | `logging` |
# | 워커 노드: kubelet이 실행되는 EC2 인스턴스, **내** 서브넷에 위치 | **관리형 노드 그룹**이 시작, 업데이트, 드레인을 대신 처리 (내부적으로는 Auto Scaling 그룹) | `eks.create_nodegroup` |
# | 파드: 내 컨테이너 | 내가 `kubectl`/Helm/GitOps로 관리. AWS API가 아니라 Kubernetes API를 사용 | (이 오프라인 계정에는 없음) |
#
# > **moto와 AWS의 차이:** 랩은 EKS의 **AWS** 쪽, 즉 클러스터, 노드 그룹, Fargate 프로필을 구현하지만
# > 그 뒤에 Kubernetes API 서버는 없습니다. `kubectl`이 접속할 곳이 없고 파드도 실행되지 않습니다. 이
# > 노트북에서 만들고 채점하는 것은 모두 클러스터의 AWS 구성이며, 학습 자료의 Terraform 코드가 정의하는
# > 것도 바로 이 부분입니다.

# %% [markdown]
# ## 2. 실습 준비: VPC 하나와 역할 두 개
#
# 실습 과제 `eks.private_cluster`는 학습 자료의 클러스터와 노드 그룹을 보안을 강화해 만드는 과제입니다.
# 시작 시나리오 `eks-prereqs`는 과제가 요구하지 않는 것을 미리 갖춰 둡니다. 3계층 네트워크(VPC `main`)와
# 그 보안 그룹, 그리고 IAM 역할 두 개입니다.

# %%
def show_task(task_id):
    """Print a lab task's title, points, starter and text, wrapped for reading."""
    task = labkit.task(task_id)
    print(f"{task.title}  [{task_id}: {task.max_score:g} points, starter scenario {task.starter!r}]\n")
    for line in task.text.splitlines():
        print(textwrap.fill(line, 100, subsequent_indent="   " if line[:2].strip(".").isdigit() else ""))


show_task("eks.private_cluster")

# %%
lab = labkit.start(labkit.task("eks.private_cluster").starter, seed=0, replace=True)
ec2, iam, eks, kms = lab.client("ec2"), lab.client("iam"), lab.client("eks"), lab.client("kms")

roles = []
for role in sorted(iam.list_roles()["Roles"], key=lambda r: r["RoleName"]):
    trusted = [s["Principal"]["Service"] for s in role["AssumeRolePolicyDocument"]["Statement"]]
    roles.append({"Role": role["RoleName"], "Assumed by": trusted, "Description": role.get("Description", "")})
labkit.table(roles, title="IAM roles of the starter account")

# %% [markdown]
# 역할이 두 개인 이유는 AWS를 호출하는 주체가 둘이기 때문입니다.
# - **`eks-cluster-role`**은 EKS 자신(`eks.amazonaws.com`)이 맡는 역할입니다. EKS는 이 역할로 컨트롤
#   플레인에 필요한 AWS 리소스를 관리합니다. 예를 들어 내 서브넷에 컨트롤 플레인의 네트워크
#   인터페이스를 만듭니다.
# - **`eks-node-role`**은 워커 노드의 인스턴스 프로파일 역할입니다(`ec2.amazonaws.com`). kubelet은 이
#   역할로 클러스터에 합류하고, VPC CNI 플러그인은 파드에 IP 주소를 나누어 주며, 컨테이너 런타임은 ECR에서
#   이미지를 가져옵니다.
#
# 실제 AWS에서는 두 역할에 각각 AWS 관리형 정책이 연결됩니다(정책 이름은 표의 Description 열에 있습니다). 파드가
# 자기 일로 AWS를 호출할 때는 노드 역할을 쓰면 **안 됩니다**. IRSA나 Pod Identity로 파드 전용 역할을
# 주세요. ECS의 태스크 역할에 해당하는 Kubernetes 쪽 방법입니다.
#
# 이제 네트워크를 봅니다. 클러스터와 노드는 **프라이빗 앱 서브넷**에 들어갑니다. 이 서브넷의 트래픽은
# NAT 게이트웨이를 거쳐 나가며, 인터넷에서 이 서브넷으로는 들어올 수 없습니다.

# %%
vpc_id = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["main"]}])["Vpcs"][0]["VpcId"]


def subnet_rows(subnet_ids=None):
    """One row per subnet of VPC main (or only ``subnet_ids``): where it is and where its traffic goes."""
    filters = [{"Name": "vpc-id", "Values": [vpc_id]}]
    if subnet_ids is not None:
        filters.append({"Name": "subnet-id", "Values": list(subnet_ids)})
    rows = []
    for subnet in sorted(ec2.describe_subnets(Filters=filters)["Subnets"], key=lambda s: s["CidrBlock"]):
        tags = {t["Key"]: t["Value"] for t in subnet.get("Tags", [])}
        tables = ec2.describe_route_tables(
            Filters=[{"Name": "association.subnet-id", "Values": [subnet["SubnetId"]]}])["RouteTables"]
        default = [r for t in tables for r in t["Routes"] if r.get("DestinationCidrBlock") == "0.0.0.0/0"]
        target = (default[0].get("NatGatewayId") or default[0].get("GatewayId")) if default else "none (isolated)"
        rows.append({"Name": tags.get("Name"), "Subnet": subnet["SubnetId"], "CIDR": subnet["CidrBlock"],
                     "AZ": subnet["AvailabilityZone"], "0.0.0.0/0 goes to": target,
                     "Public IPs": subnet["MapPublicIpOnLaunch"]})
    return rows


labkit.table(subnet_rows(), title="Subnets of VPC main")

# %% [markdown]
# 앱 서브넷 `app-a`와 `app-b`(10.0.10.0/24, 10.0.11.0/24)는 인터넷으로 향하는 트래픽을 NAT
# 게이트웨이(`nat-…`)로 보내고 퍼블릭 IP를 할당하지 않습니다. 이 두 가지가 이 서브넷을 프라이빗 서브넷으로
# 만듭니다. 여기 있는 노드도 ECR에서 컨테이너 이미지를 가져올 수 있습니다. NAT 게이트웨이를 거치거나,
# 인터넷 없이도 VPC 노트북에서 만든 ECR `api`·`dkr` 인터페이스 엔드포인트와 S3 게이트웨이 엔드포인트(ECR은
# 이미지 레이어를 S3에 저장합니다)를 거치면 됩니다.

# %% [markdown]
# ## 3. 학습 자료의 Terraform 코드를 boto3와 나란히 읽기
#
# 학습 자료는 클러스터를 Terraform으로 만듭니다. Terraform은 코드형 인프라(IaC) 도구로, 리소스를
# 선언하면 필요한 API 호출은 Terraform이 알아서 정합니다. 학습 자료의 코드는 다음과 같습니다.
#
# ```hcl
# # EKS 클러스터
# resource "aws_eks_cluster" "main" {
#   name     = "my-eks-cluster"
#   role_arn = aws_iam_role.eks_cluster.arn
#   version  = "1.29"
#
#   vpc_config {
#     subnet_ids              = var.private_subnet_ids
#     endpoint_private_access = true
#     endpoint_public_access  = true
#     public_access_cidrs     = ["0.0.0.0/0"]
#   }
#
#   enabled_cluster_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"]
#
#   encryption_config {
#     provider {
#       key_arn = aws_kms_key.eks.arn
#     }
#     resources = ["secrets"]
#   }
# }
# ```
#
# Terraform도 boto3와 같은 AWS API를 호출하므로, 모든 인수에는 짝이 되는 boto3 매개변수가 있습니다. 표를
# 한 행씩 읽어 보세요. 가운데 열이 직접 입력할 코드입니다.
#
# | 학습 자료의 Terraform (`aws_eks_cluster`) | boto3 `eks.create_cluster(...)` | 의미 |
# |---|---|---|
# | `name = "my-eks-cluster"` | `name="my-eks-cluster"` | 클러스터 이름. 리전 안에서 고유해야 합니다 |
# | `role_arn = aws_iam_role.eks_cluster.arn` | `roleArn=iam.get_role(RoleName="eks-cluster-role")["Role"]["Arn"]` | EKS가 맡을 역할. Terraform은 참조를 알아서 풀지만 boto3에서는 ARN을 직접 조회합니다 |
# | `version = "1.29"` | `version="1.29"` | Kubernetes 마이너 버전 (아래 설명 참고) |
# | `vpc_config { subnet_ids = ... }` | `resourcesVpcConfig={"subnetIds": [...]}` | EKS가 컨트롤 플레인의 네트워크 인터페이스를 둘 서브넷 (AZ 두 곳 이상) |
# | `endpoint_private_access = true` | `"endpointPrivateAccess": True` | VPC 안에서 API 서버에 접속할 수 있습니다 (노드가 쓰는 경로) |
# | `endpoint_public_access = true` | `"endpointPublicAccess": False` | **변경:** 학습 자료는 퍼블릭 엔드포인트를 남겨 두지만 과제에서는 끕니다 |
# | `public_access_cidrs = ["0.0.0.0/0"]` | *(생략)* 또는 `"publicAccessCidrs": ["203.0.113.0/24"]` | **변경:** 퍼블릭 엔드포인트에 접속할 수 있는 주소 범위. 인터넷 전체에 열어서는 안 됩니다 |
# | `enabled_cluster_log_types = [...]` | `logging={"clusterLogging": [{"types": [...], "enabled": True}]}` | Terraform에서는 목록 하나, API에서는 켜기/끄기 그룹의 목록 |
# | `encryption_config { provider { key_arn } resources }` | `encryptionConfig=[{"resources": ["secrets"], "provider": {"keyArn": key_arn}}]` | 내 KMS 키로 Kubernetes 보안 암호를 봉투 암호화 |
# | `aws_kms_key.eks` (별도 리소스) | 먼저 `kms.create_key(...)` | Terraform은 참조 관계로 리소스 순서를 정하지만, boto3에서는 순서를 직접 정합니다 |
#
# 두 행은 학습 자료와 다르게 설정합니다. 학습 자료의 엔드포인트 설정은 **프라이빗 액세스와 퍼블릭
# 액세스를 모두 켜고, 퍼블릭 엔드포인트를 모든 IPv4 주소**(`0.0.0.0/0`)에 엽니다. 노드가 VPC 안에서 API
# 서버와 통신하는 것은 좋지만, Kubernetes API가 인증 하나만 믿고 인터넷 전체에 노출되기도 합니다. 프라이빗
# 클러스터는 이 공격 표면을 없앱니다. 관리자와 CI는 VPN, Direct Connect, 배스천 호스트, 또는 VPC 안의
# 러너를 통해 VPC 안에서 API에 접속합니다. 퍼블릭 엔드포인트를 꼭 남겨야 한다면 `publicAccessCidrs`를 내
# 조직의 주소 범위로 제한하세요.
#
# **컨트롤 플레인 로그 다섯 종류**는 CloudWatch Logs의 `/aws/eks/my-eks-cluster/cluster` 로그 그룹으로
# 전송됩니다.
#
# | 유형 | 기록하는 내용 |
# |---|---|
# | `api` | API 서버 자체의 로그 |
# | `audit` | Kubernetes API로 누가 무엇을 했는지. 모든 요청과 요청자의 자격 증명 |
# | `authenticator` | IAM 자격 증명을 Kubernetes 사용자로 인증한 결과 |
# | `controllerManager` | 원하는 상태와 실제 상태를 맞추는 컨트롤러의 동작 |
# | `scheduler` | 스케줄러가 각 파드를 어느 노드에 배치했는지와 그 이유 |
#
# **보안 암호 암호화**(봉투 암호화, envelope encryption): Kubernetes Secret은 하나하나 데이터 키로
# 암호화되고, 그 데이터 키는 다시 내 KMS 키로 암호화됩니다. Kubernetes 1.28부터 EKS는 모든 API 데이터를
# 기본적으로 AWS 소유 키로 봉투 암호화합니다. 그래도 내 키를 쓰면 *통제권*이 생깁니다. 키 정책, 키 교체,
# CloudTrail에 남는 모든 사용 기록, 그리고 접근을 철회할 수 있는 권한입니다. 이 설정은 켤 수만 있고 끌 수는
# 없으며, 키를 삭제하면 클러스터가 보안 암호를 읽지 못하게 됩니다. 이 항목은 Security Hub의 **EKS.3**
# 컨트롤에 해당합니다.
#
# **버전 1.29**는 학습 자료가 쓰인 시점의 최신 버전이었습니다. EKS는 Kubernetes 마이너 버전마다 14개월의
# 표준 지원과, 그 뒤 시간당 요금이 더 비싼 12개월의 *연장 지원*을 제공하며, 그 기간이 끝나면 클러스터를
# 직접 업그레이드합니다. 1.29의 표준 지원은 2025년 3월 23일에, 연장 지원은 2026년 3월 23일에 끝났습니다.
# 과제는 수치를 학습 자료와 맞추려고 1.29를 그대로 쓰지만, 오늘 새로 만드는 클러스터는 EKS가 제공하는
# 최신 버전으로 시작하고, 업그레이드할 때는 마이너 버전을 한 단계씩 올려야 합니다(컨트롤 플레인을 먼저,
# 그다음 노드).

# %% [markdown]
# ### 클러스터 만들기
#
# 1단계는 보안 암호를 암호화할 고객 관리형 KMS 키입니다. 실제 AWS에서는 이 키의 키 정책이 클러스터를 만드는
# 자격 증명에 키 사용(`kms:DescribeKey`, `kms:CreateGrant`)을 허용해야 합니다. 계정의 기본 키 정책은 이를
# 허용합니다.

# %% tags=["solution"] labkit={"task": "eks.private_cluster"}
key_arn = kms.create_key(Description="EKS secrets envelope encryption")["KeyMetadata"]["Arn"]
kms.create_alias(AliasName="alias/eks-secrets", TargetKeyId=key_arn)
print("KMS key for secrets:", key_arn.rsplit("/", 1)[-1], "(alias/eks-secrets)")

# %% [markdown]
# 2단계는 클러스터입니다. 두 프라이빗 앱 서브넷에, 위 표의 설정으로 만듭니다. AWS가 컨트롤 플레인을
# 만드는 데는 10분쯤 걸리므로, 스크립트는 `create_cluster` 다음에 boto3 waiter로 상태가 `ACTIVE`가 될
# 때까지 *기다린* 뒤 노드를 추가합니다(Terraform도 겉으로 드러나지 않을 뿐 똑같이 기다립니다).

# %% tags=["solution"] labkit={"task": "eks.private_cluster"}
app_subnets = sorted(
    s["SubnetId"] for s in ec2.describe_subnets(Filters=[
        {"Name": "vpc-id", "Values": [vpc_id]},
        {"Name": "cidr-block", "Values": ["10.0.10.0/24", "10.0.11.0/24"]},
    ])["Subnets"]
)
cluster = eks.create_cluster(
    name="my-eks-cluster",
    version="1.29",
    roleArn=iam.get_role(RoleName="eks-cluster-role")["Role"]["Arn"],
    resourcesVpcConfig={
        "subnetIds": app_subnets,
        "endpointPrivateAccess": True,
        "endpointPublicAccess": False,
    },
    logging={"clusterLogging": [
        {"types": ["api", "audit", "authenticator", "controllerManager", "scheduler"], "enabled": True},
    ]},
    encryptionConfig=[{"resources": ["secrets"], "provider": {"keyArn": key_arn}}],
)["cluster"]
print("created", cluster["name"], "- status", cluster["status"])
eks.get_waiter("cluster_active").wait(name="my-eks-cluster")
print("my-eks-cluster is ACTIVE")

# %% [markdown]
# > **moto와 AWS의 차이:** 랩의 클러스터는 곧바로 `ACTIVE`가 되고 waiter도 즉시 반환합니다. AWS에서는
# > `create_cluster`가 `CREATING` 상태로 응답하고, 컨트롤 플레인이 준비되기까지 10분쯤 걸립니다. 또한 랩에서는
# > 나중에 암호화를 추가할 수 없습니다. AWS에서는 `associate_encryption_config`로 기존 클러스터에 보안 암호
# > 암호화를 켤 수 있지만 오프라인 계정은 이 API를 구현하지 않으므로, `encryptionConfig`는 클러스터를 만들
# > 때 지정하세요.

# %% [markdown]
# ### 관리형 노드 그룹
#
# 학습 자료의 두 번째 리소스입니다.
#
# ```hcl
# # Managed Node Group
# resource "aws_eks_node_group" "main" {
#   cluster_name    = aws_eks_cluster.main.name
#   node_group_name = "main-node-group"
#   node_role_arn   = aws_iam_role.eks_node.arn
#   subnet_ids      = var.private_subnet_ids
#
#   scaling_config {
#     desired_size = 3
#     max_size     = 10
#     min_size     = 1
#   }
#
#   instance_types = ["m6i.large"]
#   capacity_type  = "ON_DEMAND"
#
#   update_config {
#     max_unavailable = 1
#   }
#
#   labels = {
#     Environment = "production"
#     NodeType    = "general"
#   }
# }
# ```
#
# | 학습 자료의 Terraform (`aws_eks_node_group`) | boto3 `eks.create_nodegroup(...)` | 의미 |
# |---|---|---|
# | `cluster_name = aws_eks_cluster.main.name` | `clusterName="my-eks-cluster"` | 이 참조 때문에 Terraform은 클러스터를 먼저 만듭니다 |
# | `node_group_name = "main-node-group"` | `nodegroupName="main-node-group"` | |
# | `node_role_arn = aws_iam_role.eks_node.arn` | `nodeRole=<eks-node-role ARN>` | 노드의 인스턴스 역할. 클러스터 역할과는 다릅니다 |
# | `subnet_ids = var.private_subnet_ids` | `subnets=app_subnets` | 노드는 퍼블릭 IP를 받지 않습니다 |
# | `scaling_config { desired_size = 3, max_size = 10, min_size = 1 }` | `scalingConfig={"minSize": 1, "desiredSize": 3, "maxSize": 10}` | 지금은 노드 3개, 최소 1개에서 최대 10개 사이 |
# | `instance_types = ["m6i.large"]` | `instanceTypes=["m6i.large"]` | 6세대 Intel 범용 인스턴스: vCPU 2개, 메모리 8GiB |
# | `capacity_type = "ON_DEMAND"` | `capacityType="ON_DEMAND"` | `SPOT`이 훨씬 저렴하지만, AWS가 2분 전에 알린 뒤 스팟 노드를 회수할 수 있습니다 |
# | `update_config { max_unavailable = 1 }` | `updateConfig={"maxUnavailable": 1}` | 버전이나 AMI를 업데이트할 때 노드를 한 번에 하나씩 교체합니다 |
# | `labels = { ... }` | `labels={"Environment": "production", "NodeType": "general"}` | **Kubernetes** 노드 레이블. 파드는 `nodeSelector`로 노드를 고릅니다 |
#
# 관리형 노드 그룹의 실체는 EKS가 소유한 EC2 Auto Scaling 그룹(다음 노트북의 주제)입니다. EKS는 EKS
# 최적화 AMI를 고르고, 노드를 클러스터에 합류시키며, 노드를 교체하기 전에 그 노드의 파드를 다른 노드로
# 옮깁니다(드레인). 하지만 `scalingConfig`는 부하에 **반응하지 않습니다**. 파드가 배치를 기다리고 있으니
# 노드를 늘려야 한다고 판단하는 일은 클러스터 안에서 실행되는 Kubernetes Cluster Autoscaler나 Karpenter가
# 맡으며, 이들이 최솟값과 최댓값 사이에서 원하는 크기(desired size)를 바꿉니다.

# %% tags=["solution"] labkit={"task": "eks.private_cluster"}
nodegroup = eks.create_nodegroup(
    clusterName="my-eks-cluster",
    nodegroupName="main-node-group",
    nodeRole=iam.get_role(RoleName="eks-node-role")["Role"]["Arn"],
    subnets=app_subnets,
    scalingConfig={"minSize": 1, "desiredSize": 3, "maxSize": 10},
    instanceTypes=["m6i.large"],
    capacityType="ON_DEMAND",
    updateConfig={"maxUnavailable": 1},
    labels={"Environment": "production", "NodeType": "general"},
)["nodegroup"]
eks.get_waiter("nodegroup_active").wait(clusterName="my-eks-cluster", nodegroupName="main-node-group")
print("created", nodegroup["nodegroupName"], "- status ACTIVE")

# %% tags=["check"]
labkit.grade("eks.private_cluster")

# %% [markdown]
# ## 4. 만든 클러스터 다시 읽기
#
# 채점기는 `describe_cluster`와 `describe_nodegroup`으로 계정을 읽었습니다. 우리도 똑같이 해 봅니다.
# (아직 클러스터를 만들지 않았다면 아래 셀은 오류를 내지 않고 그렇다고 알려 줍니다.)

# %%
def cluster_or_none(name):
    """describe_cluster's answer, or None when there is no such cluster."""
    try:
        return eks.describe_cluster(name=name)["cluster"]
    except eks.exceptions.ResourceNotFoundException:
        return None


found = cluster_or_none("my-eks-cluster")
if found is None:
    print("There is no cluster my-eks-cluster yet: build it in section 3.")
else:
    config = found["resourcesVpcConfig"]
    logged = sorted(t for g in found["logging"]["clusterLogging"] if g["enabled"] for t in g["types"])
    keys = [c["provider"]["keyArn"].rsplit("/", 1)[-1] for c in found.get("encryptionConfig", [])]
    display(labkit.table([
        {"Setting": "status / version", "Value": f'{found["status"]} / Kubernetes {found["version"]}'},
        {"Setting": "subnets", "Value": config.get("subnetIds", [])},
        {"Setting": "private endpoint", "Value": config.get("endpointPrivateAccess", False)},
        {"Setting": "public endpoint", "Value": config.get("endpointPublicAccess", True)},
        {"Setting": "public access CIDRs", "Value": config.get("publicAccessCidrs", ["0.0.0.0/0 (AWS default)"])
         if config.get("endpointPublicAccess", True) else "— (no public endpoint)"},
        {"Setting": "control-plane logs", "Value": logged or "none"},
        {"Setting": "secrets encrypted with KMS key", "Value": keys or "no"},
    ], title="my-eks-cluster"))

# %%
groups = eks.list_nodegroups(clusterName="my-eks-cluster")["nodegroups"] if found else []
rows = []
for name in sorted(groups):
    group = eks.describe_nodegroup(clusterName="my-eks-cluster", nodegroupName=name)["nodegroup"]
    scaling = group["scalingConfig"]
    rows.append({
        "Node group": name, "Status": group["status"],
        "min / desired / max": f'{scaling["minSize"]} / {scaling["desiredSize"]} / {scaling["maxSize"]}',
        "Instance types": group["instanceTypes"], "Capacity": group.get("capacityType", "ON_DEMAND"),
        "Labels": group.get("labels", {}), "Subnets": len(group["subnets"]),
    })
if rows:
    display(labkit.table(rows, title="Node groups of my-eks-cluster"))
else:
    print("No node group yet: build it in section 3.")

# %% [markdown]
# > **moto와 AWS의 차이:** 실제 관리형 노드 그룹은 Auto Scaling 그룹(이름은
# > `nodegroup["resources"]["autoScalingGroups"]`에 있습니다)으로 노드를 시작하므로,
# > `ec2.describe_instances`에 `m6i.large` 인스턴스 세 대가 보입니다. 랩의 노드 그룹은 아무것도 시작하지
# > 않습니다. 존재하지 않는 Auto Scaling 그룹의 이름을 가리킬 뿐이며, 계정에는 EC2 인스턴스가 하나도
# > 없습니다. 또한 노드의 Kubernetes 버전을 1.19로 보고하고(AWS는 새 노드 그룹에 클러스터와 같은 버전,
# > 여기서는 1.29를 줍니다), 요청하지도 않은 SSH 키 `eksKeypair`를 표시합니다(AWS는 `remoteAccess`를
# > 지정하지 않으면 원격 접속을 설정하지 않습니다). 과제가 채점하는 설정은 정확히 저장됩니다.

# %% [markdown]
# ### 노드는 어디에 있을까
#
# 내 계정의 네트워크 다이어그램입니다. VPC `main`, 두 개의 AZ, 퍼블릭·앱·DB 서브넷, 인터넷 게이트웨이,
# NAT 게이트웨이와 라우팅이 보입니다.

# %%
labkit.diagram(view="network")

# %% [markdown]
# 이 다이어그램은 EC2 인스턴스, 로드 밸런서, Auto Scaling 그룹은 그리지만 EKS는 그리지 않습니다(게다가
# 랩의 노드 그룹에는 그릴 인스턴스도 없습니다). 그래서 노드 그룹 자체에서 서브넷을 읽어 봅니다. 두
# 서브넷 모두 앱 계층에 AZ마다 하나씩 있고, 기본 경로는 NAT 게이트웨이로 향합니다.

# %%
if groups:
    group = eks.describe_nodegroup(clusterName="my-eks-cluster", nodegroupName=sorted(groups)[0])["nodegroup"]
    display(labkit.table(subnet_rows(group["subnets"]), title=f"Subnets of node group {group['nodegroupName']}"))
else:
    print("No node group yet: build it in section 3.")

# %% [markdown]
# ### 파드에는 IP 주소가 몇 개나 필요할까? (EKS Pod Subnets, 대규모 IP 필요)
#
# EKS의 기본 네트워크 플러그인인 **Amazon VPC CNI**는 모든 파드에 VPC의 실제 IP 주소를 하나씩 줍니다. 이
# 주소는 노드 네트워크 인터페이스(ENI)의 보조 주소에서 가져옵니다. 덕분에 파드는 VPC의 온전한
# 구성원이 되어 보안 그룹, 흐름 로그, 로드 밸런서가 파드를 직접 볼 수 있지만, 그만큼 주소를 많이
# 소비합니다. `m6i.large` 한 대에는 파드가 몇 개나 들어갈까요?
#
# 접두사 위임(prefix delegation)을 쓰지 않을 때는 *최대 파드 수 = ENI 수 × (ENI당 IPv4 주소 수 − 1) + 2*
# 입니다. 인터페이스마다 기본(primary) 주소 하나는 인터페이스 자신이 쓰고, `+ 2`는 노드 자신의 주소를
# 함께 쓰는 시스템 파드(kube-proxy, VPC CNI)입니다. `m6i.large`에는 네트워크 인터페이스를 3개까지 붙일 수
# 있고, 인터페이스마다 IPv4 주소가 10개입니다.

# %%
enis, ips_per_eni = 3, 10  # m6i.large
max_pods = enis * (ips_per_eni - 1) + 2
for nodes, label in ((3, "desired"), (10, "max")):
    print(f"{nodes:>2} nodes ({label}): up to {nodes * max_pods:>3} pod addresses + {nodes * enis} ENI primary addresses")
app_subnet = ipaddress.ip_network("10.0.10.0/24")
print(f"one app subnet {app_subnet}: {app_subnet.num_addresses - 5} usable addresses (AWS reserves 5)")
print(f"max pods per m6i.large: {max_pods}")

# %% [markdown]
# 노드가 최대인 10대가 되면 파드에만 주소가 290개쯤 필요합니다. 다른 리소스와 함께 쓰는 /24 앱 서브넷
# 두 개로는 넉넉하지 않은 양입니다. 그래서 학습 자료의 CIDR 계획(VPC CIDR 설계 가이드라인, 2025)은 큼직한
# **EKS 파드 서브넷**을 따로 잡아 둡니다.
#
# | 서브넷 | AZ-A | AZ-B |
# |---|---|---|
# | EKS Pod Subnets (대규모 IP 필요) | 10.0.100.0/18 | 10.0.128.0/18 |
#
# /18 하나에는 주소가 16,384개 있습니다. 그런데 첫 번째 블록을 확인해 보세요. AWS는 호스트 비트가 켜진
# CIDR로 서브넷을 만들지 않으며, Python의 `ipaddress`도 마찬가지로 거부합니다.

# %%
for block in ("10.0.100.0/18", "10.0.128.0/18"):
    try:
        net = ipaddress.ip_network(block)
        print(f"{block:<15} valid: {net.num_addresses:,} addresses, {net[0]} - {net[-1]}")
    except ValueError as err:
        fixed = ipaddress.ip_network(block, strict=False)
        print(f"{block:<15} invalid ({err}); the /18 that contains it is {fixed} ({fixed[0]} - {fixed[-1]})")

# %% [markdown]
# 10.0.0.0/16 안의 /18 네트워크는 세 번째 옥텟이 64의 배수(0, 64, 128, 192)인 곳에서 시작합니다. 따라서
# 학습 자료의 AZ-A 항목은 **10.0.64.0/18**(10.0.64.0 – 10.0.127.255)을 뜻한다고 봐야 합니다. 이 범위는
# 퍼블릭·앱·DB 서브넷의 /24들과도, AZ-B의 10.0.128.0/18과도 겹치지 않습니다. 파드를 이런 서브넷에
# 배치하려면 VPC CNI의 *사용자 지정 네트워킹*(custom networking)을 씁니다. 주소 고갈에 대한 다른 해법으로는
# 접두사 위임(ENI 슬롯마다 /28 접두사 할당)과 IPv6 클러스터가 있습니다.

# %% [markdown]
# ## 5. 나중에 클러스터 설정 바꾸기, 그리고 AWS의 기본값
#
# 기본값으로 만든 클러스터는 퍼블릭입니다. 서브넷만 지정해 연습용 클러스터를 만들어 어떤 설정이 되는지
# 확인하고, `update_cluster_config`로 엔드포인트 액세스를 바꿔 봅니다.

# %%
def endpoint_view(name):
    """The endpoint settings of cluster ``name`` as stored, marking what the answer leaves out."""
    config = eks.describe_cluster(name=name)["cluster"]["resourcesVpcConfig"]
    keys = ("subnetIds", "endpointPublicAccess", "endpointPrivateAccess", "publicAccessCidrs")
    return {k: config[k] if k in config else "(not in the answer)" for k in keys}


scratch_subnets = sorted(s["SubnetId"] for s in ec2.describe_subnets(Filters=[
    {"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "cidr-block", "Values": ["10.0.10.0/24", "10.0.11.0/24"]},
])["Subnets"])
eks.create_cluster(name="scratch-cluster", roleArn=iam.get_role(RoleName="eks-cluster-role")["Role"]["Arn"],
                   resourcesVpcConfig={"subnetIds": scratch_subnets})
before = endpoint_view("scratch-cluster")
update = eks.update_cluster_config(name="scratch-cluster", resourcesVpcConfig={
    "endpointPrivateAccess": True, "endpointPublicAccess": True, "publicAccessCidrs": ["203.0.113.0/24"]})
after = endpoint_view("scratch-cluster")
print("update_cluster_config returned", "an update to follow" if "update" in update else "no update to follow")
labkit.table([{"Setting": k, "Created with defaults": before[k], "After the update": after[k]} for k in before],
             title="scratch-cluster's resourcesVpcConfig")

# %% [markdown]
# 실제 AWS였다면 가운데 열에는 `endpointPublicAccess` **true**, `endpointPrivateAccess` **false**,
# `publicAccessCidrs` **["0.0.0.0/0"]**이 표시됩니다. 인터넷에 열린 퍼블릭 API 엔드포인트가 기본값이라는
# 뜻이고, 과제가 엔드포인트 설정을 명시적으로 지정하는 이유도 여기에 있습니다.
#
# > **moto와 AWS의 차이:** 여기서는 세 가지 차이가 드러납니다. (1) 랩은 생성할 때 보낸 값만 그대로
# > 돌려줍니다. AWS는 위의 기본값을 채워 넣습니다(VPC ID와 클러스터 보안 그룹도 함께). (2) AWS는 업데이트를
# > *백그라운드에서* 적용합니다. 호출은 ID와 `InProgress` 상태를 담은 `update`를 돌려주며(진행 상황은
# > `describe_update`로 추적합니다), 한 번의 호출에서는 엔드포인트 액세스 *또는* 로깅처럼 한 종류의 변경만
# > 받습니다. 랩은 변경을 즉시 적용하고 `update`를 돌려주지 않습니다. (3) AWS는 보낸 필드를 현재 설정에
# > **병합**하므로 서브넷이 그대로 남지만, 랩은 `resourcesVpcConfig` 전체를 **교체**합니다. 마지막 열에서
# > `subnetIds`가 사라진 이유입니다. 업데이트할 때마다 모든 설정을 함께 보내면 양쪽 어디서나 안전합니다.
#
# 연습용 클러스터를 삭제합니다(AWS에서는 노드 그룹과 Fargate 프로필이 하나도 남아 있지 않아야 클러스터를
# 삭제할 수 있습니다).

# %%
eks.delete_cluster(name="scratch-cluster")
print("clusters now:", eks.list_clusters()["clusters"])

# %% [markdown]
# ## 6. 학습 자료의 마이크로서비스 아키텍처 속 EKS
#
# 학습 자료의 세 번째 아키텍처 패턴은 마이크로서비스를 EKS에서 실행합니다.

# %%
concepts.show("microservices_eks")

# %% [markdown]
# 위에서부터 차례로 읽어 봅니다.
# - **인그레스 계층:** *AWS ALB Ingress Controller*(2020년에 **AWS Load Balancer Controller**로 이름이
#   바뀌었습니다)가 Kubernetes Ingress 객체를 지켜보다가 그에 맞는 Application Load Balancer를 만들고,
#   그 앞에서 **AWS WAF**가 요청을 걸러 냅니다.
# - **서비스 메시**(Istio 또는 App Mesh): User, Order, Product 서비스는 파드마다 붙은 **Envoy 프록시
#   사이드카**를 거쳐 서로를 호출합니다. 사이드카가 서비스 코드를 고치지 않고도 재시도, 타임아웃, 상호
#   TLS, 트래픽 지표를 더해 줍니다. 참고로 오늘날 AWS App Mesh는 2026년 9월 30일에 지원이 종료되며
#   2024년 9월부터 신규 고객을 받지 않습니다. 지금은 Istio를 쓰거나, AWS 쪽에서는 Amazon VPC Lattice나
#   ECS Service Connect를 쓰는 것이 일반적입니다.
# - **데이터 계층:** 서비스마다 자기 데이터 저장소를 소유합니다. 사용자 정보는 **Aurora**(관계형), 주문은
#   **DynamoDB**(규모에 제한 없는 키-값 저장소), 세션과 캐시는 **ElastiCache (Redis)**에 둡니다. 어떤
#   서비스도 다른 서비스의 데이터베이스를 직접 읽지 않고, API로 통신합니다.
# - **관찰성:** **CloudWatch Container Insights**(클러스터·노드·파드의 지표와 로그), **X-Ray**(여러
#   서비스를 거치는 요청 추적), **Prometheus + Grafana**(Kubernetes 고유의 지표와 대시보드. AWS는 둘 다
#   관리형 서비스로 제공합니다).
#
# 파드 매니페스트에서 `nodeSelector`가 맞춰 보는 대상이 바로 노드 그룹의 레이블입니다. Terraform의
# `labels` 블록은 이렇게 쓰입니다.
#
# ```yaml
# apiVersion: apps/v1
# kind: Deployment
# metadata: {name: order-service}
# spec:
#   replicas: 3
#   selector: {matchLabels: {app: order-service}}
#   template:
#     metadata: {labels: {app: order-service}}
#     spec:
#       nodeSelector: {NodeType: general}       # main-node-group의 노드에서 실행
#       containers:
#         - name: order-service
#           image: 123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/order-service:1.4.2
#           ports: [{containerPort: 8080}]
# ```

# %% [markdown]
# ## 퀴즈
#
# JupyterLab에서는 위젯에서 답하면 됩니다. 평범한 Python으로 답하려면 퀴즈를 변수에 담고
# (`quiz = labkit.quiz("eks")`) `quiz.answer("<문제 ID>", <답>)`을 호출하세요. 문제 ID 목록은
# `quiz.questions`에 있습니다.

# %%
labkit.quiz("eks")

# %% [markdown]
# ## 정리
# - **EKS vs ECS:** Kubernetes냐 AWS 자체 오케스트레이터냐의 차이입니다. EKS는 이식성, 풍부한 기능, 넓은
#   생태계를 주는 대신 학습 곡선이 가파르고 관리할 것이 많습니다(버전 업그레이드와 클러스터당 시간 요금
#   포함). ECS는 더 단순하고 AWS와 긴밀하게 통합되어 있습니다.
# - **컨트롤 플레인**은 AWS가 세 AZ에 걸쳐 운영하고, **엔드포인트 액세스**는 내가 정합니다. 기본값은
#   0.0.0.0/0에 열린 퍼블릭 엔드포인트이므로, 프라이빗 액세스를 켜고 퍼블릭 액세스를 끄세요(또는 내 CIDR로
#   제한하세요).
# - **컨트롤 플레인 로그 다섯 종류**(api, audit, authenticator, controllerManager, scheduler)를 모두
#   CloudWatch Logs로 보내고, **보안 암호**은 내 **KMS 키**로 암호화하세요. 암호화는 생성할 때 지정하며 나중에
#   해제할 수 없습니다(EKS.3).
# - **관리형 노드 그룹**은 EKS가 대신 운영하는 Auto Scaling 그룹입니다. 학습 자료의 노드 그룹은 프라이빗
#   서브넷에 있는 `m6i.large` 온디맨드 노드로 최소 1 / 원하는 크기 3 / 최대 10이며, 한 번에 한 대씩
#   교체되고(`maxUnavailable` 1), 스케줄링용 레이블이 붙어 있습니다. 부하에 따른 노드 확장은 Cluster
#   Autoscaler나 Karpenter가 맡습니다.
# - Terraform 인수는 boto3 매개변수와 일대일로 대응합니다. Terraform이 조용히 처리하는 일, 즉 ARN 조회,
#   호출 순서 정하기, `ACTIVE`까지 기다리기를 boto3에서는 직접 해야 합니다.
# - VPC CNI는 파드마다 VPC 주소를 하나씩 주므로(m6i.large 한 대에 29개) 파드 서브넷을 넉넉하게, 그리고
#   올바르게 계획하세요. 학습 자료의 10.0.100.0/18은 10.0.64.0/18을 뜻합니다.
#
# 랩을 닫습니다.

# %%
lab.stop()
lab
