# %% [markdown]
# # 07 · Amazon ECS — 컨테이너 실행하기(컨테이너 오케스트레이션)
#
# Amazon ECS(Elastic Container Service)는 Docker 컨테이너를 대규모로 실행하고 관리하는 AWS의 완전 관리형
# 서비스입니다. 사용자는 *무엇을* 실행할지(이미지, CPU와 메모리, 포트, 보안 암호(secret), 로그, 상태 확인)와 *몇 개를*
# 실행할지만 기술합니다. 컨테이너를 어디에 배치할지, 실패하면 다시 시작하고, 여러 가용 영역에 분산하고, 배포할
# 때 교체하는 일은 ECS가 맡습니다.
#
# **이 노트북에서 할 일**
# 1. ECS의 구성 요소인 클러스터(cluster), 서비스(service), 태스크(task), 태스크 정의(task definition), 컨테이너,
#    사이드카(sidecar)를 구분하고, EC2와 Fargate 두 시작 유형(launch type) 중에서 고르는 법을 익힙니다.
# 2. 학습 자료의 Fargate 태스크 정의를 등록하고 살펴봅니다. 두 IAM 역할, Secrets Manager에서 가져오는
#    데이터베이스 암호, `awslogs` 로깅, 상태 확인이 들어 있습니다.
# 3. 학습 자료의 태스크 정의가 가리키는 대상 중 아직 존재하지 않는 것을 찾아냅니다. AWS에서라면 첫 태스크가
#    시작에 실패하고 나서야 알게 되는 문제입니다.
# 4. 퍼블릭 IP 없이 프라이빗 앱 서브넷(프라이빗 서브넷)에서 태스크 두 개를 실행하는 서비스로 만듭니다.
#
# 채점되는 실습 과제는 `ecs.fargate_service` 하나입니다.

# %% [markdown]
# ## 1. 네트워크와 사전 준비물이 있는 랩 열기
#
# 시나리오 `ecs-prereqs`는 과정 내내 써 온 3계층 네트워크를 계정에 준비합니다. 두 가용 영역에 걸쳐 퍼블릭, 앱,
# DB 서브넷이 있는 VPC `main`과 보안 그룹 `web-sg`, `app-sg`, `db-sg`입니다. 여기에 컨테이너 서비스가 *다른*
# 서비스에서 필요로 하는 것도 더해 줍니다. Secrets Manager의 보안 암호 `prod/db-password`와 ECS용 IAM 역할
# 두 개입니다.

# %%
from botocore.exceptions import ClientError
from IPython.display import display

import labkit
from labkit.diagrams import concepts
from labkit.iam import evaluate

lab = labkit.start("ecs-prereqs", seed=0)
ec2, ecs, iam = lab.client("ec2"), lab.client("ecs"), lab.client("iam")
secrets, logs = lab.client("secretsmanager"), lab.client("logs")

main_vpc = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["main"]}])["Vpcs"][0]["VpcId"]
subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [main_vpc]}])["Subnets"]
rows = []
for s in subnets:
    tags = {t["Key"]: t["Value"] for t in s.get("Tags", [])}
    rows.append({"Name": tags.get("Name"), "tier": tags.get("Tier"), "CIDR": s["CidrBlock"],
                 "AZ": s["AvailabilityZone"], "public IP on launch": s["MapPublicIpOnLaunch"]})
labkit.table(sorted(rows, key=lambda r: r["CIDR"]), title="Subnets of VPC main")

# %% [markdown]
# 앱 서브넷은 NAT 게이트웨이를 통해서만 인터넷으로 나갑니다. 그래서 이곳의 태스크는 *이미지를 가져오고 AWS를
# 호출할 수* 있지만, 인터넷의 누구도 태스크에 접근할 수 없습니다. API는 바로 여기서 실행됩니다. 네트워크를
# 그림으로 보면 다음과 같습니다(계층, NAT 게이트웨이, 그리고 어느 보안 그룹이 어느 그룹의 트래픽을 허용하는지가
# 보입니다).

# %%
labkit.diagram(view="network")

# %% [markdown]
# 다른 서비스에 ECS를 위해 준비된 것은 다음과 같습니다.

# %%
secret = secrets.describe_secret(SecretId="prod/db-password")
print(f'secret {secret["Name"]}: {secret["ARN"]}')
for name in ("ecsTaskExecutionRole", "my-api-task-role"):
    role = iam.get_role(RoleName=name)["Role"]
    trusted = role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"]
    inline = iam.list_role_policies(RoleName=name)["PolicyNames"]
    print(f'role {name}: trusted by {trusted}; inline policies: {", ".join(inline) or "none"}')

# %% [markdown]
# Secrets Manager가 보안 암호의 ARN 끝에 붙이는 임의의 여섯 글자(여기서는 `-YGwAkb`)에 주목하세요. 보안 암호의
# 전체 ARN은 보안 암호가 만들어진 뒤에야 알 수 있습니다.
#
# ## 2. ECS 아키텍처
#
# 학습 자료의 그림은 이렇습니다. **클러스터**에는 **서비스**가 있고, 서비스는 정해진 수의 **태스크**를 계속
# 실행합니다. 태스크 하나는 컨테이너 하나 이상으로 이루어집니다. 애플리케이션 컨테이너와, 흔히 그 로그나 지표를
# 내보내는 **사이드카**입니다. 태스크는 EC2 인스턴스나 Fargate에서 실행됩니다.

# %%
concepts.show("ecs_cluster")

# %% [markdown]
# | 구성 요소 | 영어 | 설명 |
# |---|---|---|
# | **클러스터** | Cluster | 서비스와 태스크, 그리고 그것들이 실행되는 용량(EC2 인스턴스나 Fargate, 또는 둘 다)을 묶는 논리적 그룹입니다. 클러스터 자체는 무료입니다 |
# | **태스크 정의** | Task definition | 설계도입니다. 이미지, CPU와 메모리, 포트, 환경 변수와 보안 암호, 로깅, 상태 확인, IAM 역할, 네트워크 모드를 담습니다. 변경할 수 없으므로 바꿀 때마다 새 **개정**(revision)이 생깁니다(`my-api-task:1`, `:2`...) |
# | **태스크** | Task | 태스크 정의를 실행한 사본 하나입니다. 컨테이너들이 함께 시작하고, 태스크의 네트워크를 공유하며(`awsvpc`에서는 ENI 하나와 프라이빗 IP 하나), 함께 멈춥니다 |
# | **서비스** | Service | 한 개정의 태스크를 `desiredCount`개만큼 계속 실행합니다. 멈추거나 상태 확인에 실패한 태스크를 교체하고, 로드 밸런서에 등록하고, 새 개정을 배포합니다 |
# | **컨테이너** | Container | 태스크 안에서 실행되는 이미지 하나입니다. `essential` 컨테이너가 멈추면 태스크 전체가 멈춥니다 |
# | **사이드카** | Sidecar | 같은 태스크 안의 보조 컨테이너입니다. 로그 라우터(FireLens/Fluent Bit), 지표나 추적 에이전트(CloudWatch 에이전트, X-Ray 데몬), 프록시 등이 있습니다 |
#
# ### 태스크가 실행되는 곳: EC2 또는 Fargate(실행 환경: EC2 또는 Fargate)
#
# | | EC2 시작 유형 | Fargate(서버리스) |
# |---|---|---|
# | 서버 | 내 EC2 인스턴스(ECS 최적화 AMI + ECS 에이전트). 보통 Auto Scaling 그룹으로 운영 | 사용자에게 보이는 서버가 없습니다. AWS가 태스크마다 격리된 마이크로 VM에서 실행합니다 |
# | 사용자가 관리하는 것 | 인스턴스 유형, 패치, 인스턴스 규모 조정, 인스턴스에 태스크를 빈틈없이 채우는 배치 | 태스크의 CPU와 메모리뿐 |
# | 과금 대상 | 인스턴스(바쁘든 놀든) | 태스크별 vCPU와 메모리, 초 단위 |
# | 네트워크 모드 | `awsvpc`, `bridge`, `host` | `awsvpc`만 지원. 모든 태스크가 자체 ENI와 보안 그룹을 가짐 |
# | 적합한 경우 | 꾸준한 대규모 플릿(예약 인스턴스, Savings Plans, 스팟), GPU, 데몬, 특수한 커널 | 대부분의 서비스. 계획할 용량이 없고 태스크 간 격리가 강함. 중단되어도 괜찮은 작업은 할인된 `FARGATE_SPOT` |
#
# 2025년부터는 세 번째 방법인 **ECS Managed Instances**가 있습니다. 내 계정의 EC2 인스턴스이지만, 인스턴스를
# 고르고 시작하고 패치하고 규모를 조정하는 일은 ECS가 맡습니다(GPU와 특정 인스턴스 유형도 포함). 역시 2025년에
# 새로 나온 **ECS Express Mode**는 이미지 하나와 역할 두 개만으로 웹 서비스 전체를 만들어 줍니다. 서비스와 함께
# Application Load Balancer, 보안 그룹, Auto Scaling, URL까지 합리적인 기본값으로 만들고, 기본값은 나중에 바꿀 수
# 있습니다.
#
# 클러스터는 **용량 공급자**(capacity provider)로 자기 서비스가 쓸 수 있는 용량을 지정합니다. 학습 자료의
# 서비스는 Fargate를 사용합니다. 클러스터 하나에서 온디맨드 Fargate와 Fargate Spot을 섞어 쓸 수도 있습니다. 예를
# 들어 태스크 하나는 항상 `FARGATE`에 두고(`base`), 그 이상은 네 개 중 세 개를 `FARGATE_SPOT`에 두는(`weight`)
# 식입니다.

# %%
demo = ecs.create_cluster(
    clusterName="demo-cluster",
    capacityProviders=["FARGATE", "FARGATE_SPOT"],
    defaultCapacityProviderStrategy=[
        {"capacityProvider": "FARGATE", "base": 1, "weight": 1},
        {"capacityProvider": "FARGATE_SPOT", "weight": 3},
    ],
)["cluster"]
labkit.table([{"capacity provider": s["capacityProvider"], "base": s.get("base", 0), "weight": s["weight"]}
              for s in demo["defaultCapacityProviderStrategy"]], title=f'{demo["clusterName"]}: default strategy')

# %% [markdown]
# ### ECS와 EKS 중 무엇을 쓸까?(EKS vs ECS 비교)
#
# 학습 자료는 ECS를 EKS(Kubernetes, 08 노트북)와 비교합니다.
#
# | | EKS | ECS |
# |---|---|---|
# | 오케스트레이터 | Kubernetes | AWS 자체 |
# | 학습 곡선 | 가파름 | 완만함 |
# | 이식성 | 높음(Kubernetes 표준) | AWS에 종속 |
# | 기능 | 풍부함 | 핵심 기능 |
# | 관리 복잡도 | 높음 | 낮음 |
# | 생태계 | 넓음 | AWS 통합 |
#
# ## 3. 학습 자료의 Fargate 태스크 정의(ECS Fargate Task Definition)
#
# 학습 자료에 나온 그대로 옮겼습니다(JSON을 Python 딕셔너리로 적었을 뿐입니다). 그대로
# `register_task_definition`에 넘길 수 있습니다.

# %%
seed_task_definition = {
    "family": "my-api-task",
    "networkMode": "awsvpc",
    "requiresCompatibilities": ["FARGATE"],
    "cpu": "512",
    "memory": "1024",
    "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
    "taskRoleArn": "arn:aws:iam::123456789012:role/ecsTaskRole",
    "containerDefinitions": [
        {
            "name": "api",
            "image": "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/my-api:latest",
            "essential": True,
            "portMappings": [{"containerPort": 8080, "protocol": "tcp"}],
            "environment": [{"name": "NODE_ENV", "value": "production"}],
            "secrets": [
                {"name": "DB_PASSWORD",
                 "valueFrom": "arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:db-password"}
            ],
            "logConfiguration": {
                "logDriver": "awslogs",
                "options": {
                    "awslogs-group": "/ecs/my-api",
                    "awslogs-region": "ap-northeast-2",
                    "awslogs-stream-prefix": "ecs",
                },
            },
            "healthCheck": {
                "command": ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"],
                "interval": 30,
                "timeout": 5,
                "retries": 3,
                "startPeriod": 60,
            },
        }
    ],
}

# %% [markdown]
# 각 부분의 의미는 다음과 같습니다.
#
# | 필드 | 값 | 의미 |
# |---|---|---|
# | `family` | `my-api-task` | 이름입니다. 등록할 때마다 이 패밀리에 개정이 하나씩 추가됩니다 |
# | `networkMode` | `awsvpc` | 태스크마다 내가 고른 서브넷에 자체 탄력적 네트워크 인터페이스(ENI)와 프라이빗 IP, 자체 보안 그룹을 받습니다. Fargate가 지원하는 유일한 모드입니다 |
# | `requiresCompatibilities` | `FARGATE` | ECS가 이 정의가 Fargate에서 유효한지 확인합니다 |
# | `cpu`, `memory` | `512`, `1024` | 태스크의 크기입니다. 512 CPU 단위 = 0.5 vCPU, 1,024MiB = 1GB. Fargate는 정확히 이만큼을 초 단위로 과금합니다 |
# | `executionRoleArn` | `ecsTaskExecutionRole` | **ECS 자신**이 태스크를 시작할 때 쓰는 역할입니다. ECR에서 이미지를 가져오고, 로그 스트림을 만들고, 보안 암호를 읽습니다 |
# | `taskRoleArn` | `ecsTaskRole` | 컨테이너 안에서 **내 코드**가 받는 역할입니다(boto3가 자격 증명을 자동으로 찾습니다) |
# | `image` | `…dkr.ecr.ap-northeast-2.amazonaws.com/my-api:latest` | 같은 계정, 같은 리전의 ECR(Elastic Container Registry)에 있는 이미지입니다. 운영 환경에서는 `:latest`보다 고정 태그(`:1.4.2`)나 다이제스트를 쓰세요. 그래야 한 개정의 모든 태스크가 같은 코드를 실행하고 롤백도 할 수 있습니다 |
# | `essential` | `true` | 이 컨테이너가 멈추면 태스크가 멈추고, 서비스가 새 태스크를 시작합니다 |
# | `portMappings` | `8080/tcp` | 앱이 수신하는 포트입니다. `awsvpc`에서는 태스크 자신의 IP에 열리는 포트입니다 |
# | `environment` | `NODE_ENV=production` | 일반 설정입니다. 태스크 정의를 조회할 수 있는 사람이면 누구나 읽을 수 있습니다 |
# | `secrets` | Secrets Manager의 `DB_PASSWORD` | 태스크가 시작할 때 ECS가 가져와서 컨테이너 안에서만 환경 변수로 설정합니다 |
# | `logConfiguration` | `awslogs` → `/ecs/my-api` | 컨테이너의 stdout/stderr가 CloudWatch Logs로 갑니다. 컨테이너마다 스트림 하나(`ecs/api/<task id>`)입니다 |
# | `healthCheck` | `curl -f http://localhost:8080/health` | 컨테이너 안에서 30초마다 실행합니다. 3번 연속 실패하면 UNHEALTHY가 됩니다(6절 참고) |
#
# Fargate는 정해진 CPU와 메모리 조합만 받아들입니다.
#
# | CPU 단위(vCPU) | 메모리 |
# |---|---|
# | 256 (0.25) | 512MiB, 1GB, 2GB |
# | 512 (0.5) | 1~4GB, 1GB 단위 |
# | 1024 (1) | 2~8GB, 1GB 단위 |
# | 2048 (2) | 4~16GB, 1GB 단위 |
# | 4096 (4) | 8~30GB, 1GB 단위 |
# | 8192 (8) | 16~60GB, 4GB 단위 |
# | 16384 (16) | 32~120GB, 8GB 단위 |
#
# ### 등록하기
#
# 등록할 때는 정의의 *형식*만 확인합니다. 정의가 가리키는 역할, 보안 암호, 로그 그룹, 이미지가 실제로 있는지는
# 확인하지 않습니다.

# %%
registered = ecs.register_task_definition(**seed_task_definition)["taskDefinition"]
print(f'registered {registered["family"]}:{registered["revision"]} — status {registered["status"]}, '
      f'compatible with {", ".join(registered["compatibilities"])}')

# %% [markdown]
# ECS가 저장한 그대로 다시 읽어 보겠습니다. 먼저 태스크, 그다음 컨테이너입니다.

# %%
stored = ecs.describe_task_definition(taskDefinition="my-api-task")["taskDefinition"]
labkit.table([{
    "revision": f'{stored["family"]}:{stored["revision"]}', "launch": stored["requiresCompatibilities"],
    "network": stored["networkMode"], "CPU units": stored["cpu"], "memory (MiB)": stored["memory"],
    "execution role": stored["executionRoleArn"].split("/")[-1], "task role": stored["taskRoleArn"].split("/")[-1],
}], title="Task definition")

# %%
def container_rows(definition):
    """One row per setting of each container: the parts of a task definition that matter at run time."""
    rows = []
    for c in definition["containerDefinitions"]:
        log = c.get("logConfiguration", {})
        health = c.get("healthCheck", {})
        settings = [
            ("image", c["image"]),
            ("essential", c.get("essential", True)),
            ("ports", [f'{p["containerPort"]}/{p.get("protocol", "tcp")}' for p in c.get("portMappings", [])]),
            ("environment", [f'{e["name"]}={e["value"]}' for e in c.get("environment", [])]),
            ("secrets", [f'{s["name"]} <- {s["valueFrom"]}' for s in c.get("secrets", [])]),
            ("logs", f'{log.get("logDriver", "none")} -> {log.get("options", {}).get("awslogs-group", "")}'),
            ("health check", " ".join(health.get("command", [])[1:]) or "none"),
            ("  every / timeout / retries / grace",
             f'{health.get("interval", 30)} s / {health.get("timeout", 5)} s / {health.get("retries", 3)} / '
             f'{health.get("startPeriod", 0)} s' if health else "—"),
        ]
        rows += [{"container": c["name"], "setting": k, "value": v} for k, v in settings]
    return rows


labkit.table(container_rows(stored), title="Containers of my-api-task")

# %% [markdown]
# > **moto와 AWS의 차이:** 랩은 AWS가 거부하는 Fargate 정의도 받아들입니다. 위 표에 없는 CPU와 메모리
# > 조합(`cpu="512", memory="8192"`)이나, `requiresCompatibilities=["FARGATE"]`와 함께 쓴 `networkMode="bridge"`가
# > 그렇습니다. AWS는 이런 정의를 `ClientException`으로 거부합니다. 과제의 채점기는 학습 자료에 나온 값을
# > 확인합니다.
#
# ### 가리키는 대상이 모두 존재할까?
#
# 태스크 정의에는 다른 서비스에 대한 참조가 가득합니다. 하나하나 계정에 실제로 있는지 확인해 보겠습니다.

# %%
container = stored["containerDefinitions"][0]


def exists(call, **kwargs):
    try:
        call(**kwargs)
        return "yes"
    except ClientError as err:
        return f'no ({err.response["Error"]["Code"]})'


repository = container["image"].split("/", 1)[1].split(":")[0]
log_group = container["logConfiguration"]["options"]["awslogs-group"]
groups = logs.describe_log_groups(logGroupNamePrefix=log_group)["logGroups"]
labkit.table([
    {"reference": "execution role", "value": stored["executionRoleArn"],
     "exists": exists(iam.get_role, RoleName=stored["executionRoleArn"].split("/")[-1])},
    {"reference": "task role", "value": stored["taskRoleArn"],
     "exists": exists(iam.get_role, RoleName=stored["taskRoleArn"].split("/")[-1])},
    {"reference": "secret DB_PASSWORD", "value": container["secrets"][0]["valueFrom"],
     "exists": exists(secrets.describe_secret, SecretId=container["secrets"][0]["valueFrom"])},
    {"reference": "log group", "value": log_group,
     "exists": "yes" if any(g["logGroupName"] == log_group for g in groups) else "no"},
    {"reference": "ECR repository", "value": repository,
     "exists": exists(lab.client("ecr").describe_repositories, repositoryNames=[repository])},
], title="What my-api-task:1 refers to")

# %% [markdown]
# 다섯 개 중 네 개가 *이* 계정에 없습니다. 그런데도 AWS는 정의를 똑같이 등록해 주었을 것입니다. 실수는 서비스가
# 태스크를 시작하려고 할 때에야 드러납니다. 태스크가 멈추고, 그 이유로
# `ResourceInitializationError: unable to pull secrets or registry auth`나 `CannotPullContainerError` 같은
# 메시지가 남습니다. 따라서 다음과 같이 고쳐야 합니다.
# - 이 계정의 태스크 역할은 `my-api-task-role`이고, 보안 암호는 `prod/db-password`입니다(ARN은 위에 있습니다).
# - 로그 그룹은 첫 태스크가 시작하기 전에 있어야 합니다(또는 `"awslogs-create-group": "true"` 옵션을 추가합니다.
#   이 경우 실행 역할에 `logs:CreateLogGroup` 권한도 필요합니다).
# - 이미지는 먼저 ECR에 푸시해야 합니다(`ecr.create_repository(repositoryName="my-api")` 후 `docker push`).
#   채점되는 과제에서는 이미지를 다루지 않습니다. 랩은 컨테이너를 실제로 실행하지 않기 때문입니다.
#
# 태스크 정의는 수정할 수 없습니다. 새 개정을 등록해서 고치고, 서비스가 그 개정을 가리키게 합니다. 실습 과제에서
# 하는 일이 바로 이것입니다.
#
# ## 4. Secrets Manager의 보안 암호(ECS.8)
#
# `environment`에 넣은 암호는 태스크 정의에 평문으로 저장됩니다. `ecs:DescribeTaskDefinition` 권한이 있는 사람은
# 누구나 읽을 수 있고, 콘솔에도 그대로 보입니다. AWS Security Hub 컨트롤 **ECS.8**이 바로 이것을 잡아냅니다.
# `secrets`를 쓰면 정의에는 값이 *어디에* 있는지만 들어 있습니다. 태스크가 시작할 때 ECS가 **실행 역할로** 값을
# 읽어 컨테이너 안에 `DB_PASSWORD`를 설정합니다. `valueFrom`에는 보안 암호의 전체 ARN(같은 리전이라면 이름)을
# 적습니다. JSON 형식의 보안 암호라면 `<secret ARN>:<json-key>::`로 키 하나만 골라낼 수 있습니다. SSM Parameter
# Store의 파라미터도 같은 방식으로 쓸 수 있습니다.
#
# 그러니 `secretsmanager:GetSecretValue` 권한이 필요한 쪽은 **실행 역할**입니다. 내 코드가 쓰는 태스크 역할이
# 아닙니다. 시작 상태의 두 역할을 실시간으로 읽어 와서 AWS와 같은 방식으로 평가해 보겠습니다.

# %%
def role_documents(name):
    """Every inline and attached policy document of a role, read from the account."""
    documents = [iam.get_role_policy(RoleName=name, PolicyName=p)["PolicyDocument"]
                 for p in iam.list_role_policies(RoleName=name)["PolicyNames"]]
    for attached in iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]:
        version = iam.get_policy(PolicyArn=attached["PolicyArn"])["Policy"]["DefaultVersionId"]
        documents.append(iam.get_policy_version(PolicyArn=attached["PolicyArn"], VersionId=version)
                         ["PolicyVersion"]["Document"])
    return documents


log_stream = f"arn:aws:logs:{lab.region}:{lab.account_id}:log-group:/ecs/my-api:log-stream:ecs/api/example"
requests = [
    ("secretsmanager:GetSecretValue", secret["ARN"]),
    ("ecr:BatchGetImage", f"arn:aws:ecr:{lab.region}:{lab.account_id}:repository/my-api"),
    ("logs:PutLogEvents", log_stream),
    ("s3:GetObject", "arn:aws:s3:::my-app-bucket/config.json"),
]
rows = []
for action, resource in requests:
    row = {"request": action}
    for name in ("ecsTaskExecutionRole", "my-api-task-role"):
        caller = f"arn:aws:sts::{lab.account_id}:assumed-role/{name}/task"
        row[name] = evaluate(role_documents(name), action, resource, principal=caller).decision
    rows.append(row)
labkit.table(rows, title="Who may do what (execution role vs task role)")

# %% [markdown]
# 실행 역할은 태스크를 시작하는 데 필요한 일만 할 수 있고, 태스크 역할에는 아직 아무 권한도 없습니다. API는
# 내가 부여한 권한(S3 읽기, DynamoDB 테이블 등)만 정확히 받게 됩니다. 01 노트북에서 배운 최소 권한 원칙
# 그대로입니다. 이미지와 로그 권한은 AWS 관리형 정책 `AmazonECSTaskExecutionRolePolicy`가 부여하지만, 보안 암호
# 권한은 여기서처럼 별도의 문(statement)이 필요합니다.
#
# > **moto와 AWS의 차이:** 랩에는 AWS 관리형 정책이 없고 IAM도 강제하지 않습니다. 그래서 시작 상태에서는 실행
# > 역할의 정책을 인라인 정책으로 작성했고, 실제 판단은 평가기가 대신합니다.
#
# ## 5. `awslogs` 로깅(ECS.9)과 사이드카
#
# `logConfiguration`이 없는 태스크 정의는 컨테이너의 출력을 잃어버립니다. Security Hub 컨트롤 **ECS.9**가 이를
# 잡아냅니다. `awslogs` 드라이버를 쓰면 앱이 stdout과 stderr에 쓰는 내용이 모두 CloudWatch Logs로 갑니다. 로그
# 그룹은 `/ecs/my-api`이고, 컨테이너마다 `<prefix>/<container>/<task id>`(`ecs/api/…`)라는 이름의 스트림이 하나씩
# 생깁니다. 로그 그룹에 보존 기간을 지정하세요. 지정하지 않으면 로그가 영구히 보관됩니다. 클러스터에서
# **Container Insights**를 켜면(`settings=[{"name": "containerInsights", "value": "enabled"}]`) 클러스터, 서비스,
# 태스크별 CPU, 메모리, 네트워크 지표가 추가됩니다.
#
# "stdout을 CloudWatch로 보내기" 이상이 필요하다면 학습 자료의 **사이드카**(Log/Mon)가 그 일을 맡습니다.
# **FireLens**를 쓰면 앱 컨테이너는 로그 드라이버 `awsfirelens`를 사용하고, 같은 태스크 안의 두 번째
# 컨테이너(essential이 아닌 컨테이너)가 Fluent Bit를 실행합니다. Fluent Bit는 로그를 걸러서 CloudWatch, S3,
# OpenSearch나 서드 파티 서비스로 보냅니다.
#
# ```python
# containerDefinitions = [
#     {"name": "api", "image": "...", "essential": True,
#      "logConfiguration": {"logDriver": "awsfirelens",
#                           "options": {"Name": "cloudwatch_logs", "region": "ap-northeast-2",
#                                       "log_group_name": "/ecs/my-api", "log_stream_prefix": "api/"}}},
#     {"name": "log-router", "image": "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable",
#      "essential": False, "firelensConfiguration": {"type": "fluentbit"}},
# ]
# ```
#
# ## 6. 상태 확인(health check)
#
# 컨테이너 상태 확인은 Docker의 `HEALTHCHECK`처럼 컨테이너 *안에서* 실행됩니다(그래서 이미지에 `curl`이 있어야
# 합니다).
#
# | 설정 | 학습 자료의 값 | 허용 범위 | 의미 |
# |---|---|---|---|
# | `command` | `CMD-SHELL curl -f http://localhost:8080/health \|\| exit 1` | | 종료 코드 0 = 정상 |
# | `interval` | 30초 | 5~300초 | 확인 사이의 간격 |
# | `timeout` | 5초 | 2~120초 | 이보다 오래 걸린 확인은 실패로 봅니다 |
# | `retries` | 3 | 1~10 | 컨테이너가 UNHEALTHY가 되기까지 허용하는 연속 실패 횟수 |
# | `startPeriod` | 60초 | 0~300초 | 시작 후 유예 기간. 앱이 부팅하는 동안의 실패는 세지 않습니다 |
#
# 필수(essential) 컨테이너가 UNHEALTHY인 태스크는 중지되고, 서비스가 새 태스크로 교체합니다. 서비스가 로드
# 밸런서 뒤에 있으면 태스크가 트래픽을 받을지는 대상 그룹의 자체 상태 확인이 결정합니다. 두 상태 확인은 서로를
# 보완합니다.
#
# ## 7. 프라이빗 서브넷의 서비스
#
# API를 계속 살아 있게 하는 것은 서비스입니다. `desiredCount=2`개의 태스크를, ECS가 지정된 서브넷들의 가용 영역에
# 분산해 배치합니다. `awsvpc`에서는 서비스의 `networkConfiguration`이 각 태스크의 ENI가 놓일 곳을 정합니다.
# - `subnets`: 두 **앱 서브넷**(10.0.10.0/24와 10.0.11.0/24, 가용 영역마다 하나). 프라이빗입니다.
# - `securityGroups`: `app-sg`. 8080 포트를 `web-sg`(로드 밸런서 계층)에서 오는 트래픽에만 허용합니다.
# - `assignPublicIp`: `DISABLED`(Security Hub **ECS.2**: 태스크가 퍼블릭 IP를 받으면 안 됩니다).
#
# 프라이빗 태스크도 시작할 때 ECR(이미지), Secrets Manager(암호), CloudWatch Logs에는 접근해야 합니다. 여기서는
# NAT 게이트웨이를 통해 나갑니다. 학습 자료가 제시하는 대안은 **VPC 엔드포인트**입니다(02 노트북의 과제
# `vpc.endpoints`). `ecr.api`, `ecr.dkr`, `secretsmanager`, `logs`용 인터페이스 엔드포인트와 S3 게이트웨이
# 엔드포인트(이미지 레이어는 S3에 저장됩니다)를 두면 트래픽이 VPC 안에 머물고 NAT 요금도 들지 않습니다.
#
# 서비스를 새 개정으로 업데이트하면 **배포**가 시작됩니다. 기본은 롤링 업데이트로, 태스크의
# `minimumHealthyPercent`(100%)를 계속 실행하면서 최대 `maximumPercent`(200%)까지 새 태스크를 시작합니다. 새
# 태스크가 계속 실패하면 **배포 회로 차단기**(deployment circuit breaker)가 롤백합니다. 이 커널의 boto3로 현재
# ECS가 제공하는 배포 전략을 확인할 수 있습니다. 블루/그린, 선형(linear), 카나리(canary) 배포는 2025년에
# 추가되었습니다.

# %%
strategies = ecs.meta.service_model.shape_for("DeploymentStrategy").enum
print("deployment strategies:", ", ".join(strategies))

# %% [markdown]
# > **moto와 AWS의 차이:** AWS에서는 `securityGroups`를 생략할 수 있습니다(그러면 태스크가 VPC의 기본 보안
# > 그룹을 쓰는데, 원하는 결과인 경우는 드뭅니다). moto는 이 경우 모의 구현 내부에서 `KeyError`를 내며
# > 실패합니다. `securityGroups`는 항상 지정하세요.

# %%
app_subnets = sorted(s["SubnetId"] for s in subnets if s["CidrBlock"] in ("10.0.10.0/24", "10.0.11.0/24"))
try:
    ecs.create_service(cluster="demo-cluster", serviceName="no-sg", taskDefinition="my-api-task", desiredCount=1,
                       launchType="FARGATE",
                       networkConfiguration={"awsvpcConfiguration": {"subnets": app_subnets}})
except KeyError as err:
    print("moto failed: KeyError", err)

# %% [markdown]
# ## 8. 실습 과제: `ecs.fargate_service`
#
# **시작 상태:** `ecs-prereqs`입니다. 1절과 같이 네트워크, 보안 그룹, 보안 암호, 두 역할이 있습니다(새 계정이므로
# 데모 클러스터와 학습 자료의 개정은 없습니다).
#
# **할 일:** Fargate에서 API를 실행합니다.
# 1. 클러스터 `my-cluster`를 만듭니다(Container Insights를 켜는 것이 좋습니다).
# 2. 로그 그룹 `/ecs/my-api`를 만듭니다.
# 3. 학습 자료와 같은 태스크 정의 패밀리 `my-api-task`를 등록합니다. FARGATE, `awsvpc`, cpu `512`, memory
#    `1024`, 8080/tcp를 쓰는 필수 컨테이너 `api` 하나, 그리고 학습 자료의 환경 변수, 로깅, 상태 확인을 그대로
#    둡니다. 다만 참조는 실제로 있는 것을 가리켜야 합니다. 실행 역할은 `ecsTaskExecutionRole`, 태스크 역할은
#    `my-api-task-role`, `DB_PASSWORD`는 보안 암호 `prod/db-password`에서 가져옵니다(ARN은 조회하세요).
# 4. `my-cluster`에 서비스 `my-api`를 만들어 Fargate에서 태스크를 2개 이상 실행합니다. `main`의 두 앱 서브넷에
#    두고, `app-sg`를 쓰며, 퍼블릭 IP는 할당하지 않습니다.
#
# 채점기는 서비스가 실제로 실행하는 개정을 기준으로 판단합니다.

# %%
print(labkit.task("ecs.fargate_service").text)
lab = labkit.start(labkit.task("ecs.fargate_service").starter, seed=0, replace=True)
ec2, ecs, iam = lab.client("ec2"), lab.client("ecs"), lab.client("iam")
secrets, logs = lab.client("secretsmanager"), lab.client("logs")

# %% [markdown]
# 먼저 서비스가 찾아야 할 것들입니다. `main`의 앱 서브넷과 `app-sg`, 보안 암호의 전체 ARN, 두 역할의 ARN입니다.
# 모두 조회해서 얻고, 손으로 입력하지 않습니다.

# %% tags=["solution"] labkit={"task": "ecs.fargate_service"}
vpc_id = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["main"]}])["Vpcs"][0]["VpcId"]
app_subnet_ids = sorted(s["SubnetId"] for s in ec2.describe_subnets(Filters=[
    {"Name": "vpc-id", "Values": [vpc_id]},
    {"Name": "cidr-block", "Values": ["10.0.10.0/24", "10.0.11.0/24"]},
])["Subnets"])
app_sg_id = ec2.describe_security_groups(Filters=[
    {"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "group-name", "Values": ["app-sg"]},
])["SecurityGroups"][0]["GroupId"]
db_secret_arn = secrets.describe_secret(SecretId="prod/db-password")["ARN"]
execution_role_arn = iam.get_role(RoleName="ecsTaskExecutionRole")["Role"]["Arn"]
task_role_arn = iam.get_role(RoleName="my-api-task-role")["Role"]["Arn"]

# %% [markdown]
# 클러스터와 로그 그룹(30일 보관)입니다.

# %% tags=["solution"] labkit={"task": "ecs.fargate_service"}
ecs.create_cluster(clusterName="my-cluster", settings=[{"name": "containerInsights", "value": "enabled"}])
logs.create_log_group(logGroupName="/ecs/my-api")
logs.put_retention_policy(logGroupName="/ecs/my-api", retentionInDays=30)
print("cluster my-cluster and log group /ecs/my-api created")

# %% [markdown]
# 참조를 바로잡은 학습 자료의 태스크 정의입니다.

# %% tags=["solution"] labkit={"task": "ecs.fargate_service"}
task_definition = ecs.register_task_definition(
    family="my-api-task",
    networkMode="awsvpc",
    requiresCompatibilities=["FARGATE"],
    cpu="512",
    memory="1024",
    executionRoleArn=execution_role_arn,
    taskRoleArn=task_role_arn,
    containerDefinitions=[{
        "name": "api",
        "image": f"{lab.account_id}.dkr.ecr.{lab.region}.amazonaws.com/my-api:latest",
        "essential": True,
        "portMappings": [{"containerPort": 8080, "protocol": "tcp"}],
        "environment": [{"name": "NODE_ENV", "value": "production"}],
        "secrets": [{"name": "DB_PASSWORD", "valueFrom": db_secret_arn}],
        "logConfiguration": {
            "logDriver": "awslogs",
            "options": {"awslogs-group": "/ecs/my-api", "awslogs-region": lab.region, "awslogs-stream-prefix": "ecs"},
        },
        "healthCheck": {
            "command": ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"],
            "interval": 30, "timeout": 5, "retries": 3, "startPeriod": 60,
        },
    }],
)["taskDefinition"]
print(f'registered {task_definition["family"]}:{task_definition["revision"]}')

# %% [markdown]
# 그리고 프라이빗 앱 서브넷에 두는 서비스입니다.

# %% tags=["solution"] labkit={"task": "ecs.fargate_service"}
service = ecs.create_service(
    cluster="my-cluster",
    serviceName="my-api",
    taskDefinition=f'{task_definition["family"]}:{task_definition["revision"]}',
    desiredCount=2,
    launchType="FARGATE",
    networkConfiguration={"awsvpcConfiguration": {
        "subnets": app_subnet_ids,
        "securityGroups": [app_sg_id],
        "assignPublicIp": "DISABLED",
    }},
    deploymentConfiguration={"minimumHealthyPercent": 100, "maximumPercent": 200,
                             "deploymentCircuitBreaker": {"enable": True, "rollback": True}},
)["service"]
print("created service", service["serviceName"], "with", service["desiredCount"], "tasks wanted")

# %% tags=["check"]
labkit.grade("ecs.fargate_service")

# %% [markdown]
# ## 9. 내 서비스 다시 읽기
#
# 계정에서 서비스를 조회합니다. ECS가 서비스에 대해 알고 있는 내용과, 태스크가 놓일 곳입니다.

# %%
try:
    found = ecs.describe_services(cluster="my-cluster", services=["my-api"])["services"]
except ClientError:  # no cluster my-cluster yet
    found = []
found = [s for s in found if s.get("status") == "ACTIVE"]
if not found:
    print("Service my-api does not exist yet: build it in the task above.")
else:
    svc = found[0]
    network = svc["networkConfiguration"]["awsvpcConfiguration"]
    by_id = {s["SubnetId"]: s for s in ec2.describe_subnets(SubnetIds=network["subnets"])["Subnets"]}
    groups = ec2.describe_security_groups(GroupIds=network["securityGroups"])["SecurityGroups"]
    display(labkit.table([{
        "service": svc["serviceName"], "task definition": svc["taskDefinition"].split("/")[-1],
        "launch type": svc.get("launchType"), "desired": svc["desiredCount"], "running": svc["runningCount"],
        "pending": svc["pendingCount"], "public IP": network.get("assignPublicIp"),
        "security groups": sorted(g["GroupName"] for g in groups),
    }], title="Service my-api"))
    display(labkit.table(sorted(({"subnet": sid, "CIDR": s["CidrBlock"], "AZ": s["AvailabilityZone"]}
                                 for sid, s in by_id.items()), key=lambda r: r["CIDR"]),
                         title="Where its task ENIs go"))
    tasks = ecs.list_tasks(cluster="my-cluster", serviceName="my-api")["taskArns"]
    print("tasks running in the lab:", len(tasks))

# %% [markdown]
# > **moto와 AWS의 차이:** 랩은 서비스를 저장하지만 컨테이너는 전혀 시작하지 않습니다. `running`은 0에 머물고,
# > `pending`은 원하는 개수에 머물며, `list_tasks`는 비어 있습니다. AWS였다면 1~2분 안에 태스크 두 개가 가용
# > 영역마다 하나씩 RUNNING 상태가 되고, 각각 앱 서브넷에 ENI와 프라이빗 IP를 받으며, `describe_tasks`로 상태
# > 확인 결과를 볼 수 있습니다. (moto에서 `launchType="FARGATE"`로 `run_task`를 호출하면 아예 실패합니다.)
# >
# > 차이가 두 가지 더 있습니다.
# > `create_service(capacityProviderStrategy=[{"capacityProvider": "FARGATE", ...}])`는 받아들여지지만 전략은
# > 버려지고 서비스는 시작 유형 EC2로 기록됩니다(`launchType="FARGATE"`를 쓰거나, 나중에 `update_service`로 전략을
# > 설정하세요). 그리고 클러스터의 `activeServicesCount`는 0에 머뭅니다.
#
# 내 계정의 네트워크 뷰입니다. 서브넷, 게이트웨이, 인스턴스, 로드 밸런서, 데이터베이스는 그리지만 **ECS
# 서비스와 태스크는 그리지 않습니다**. 그러니 위의 표와 함께 읽으세요. 두 태스크의 ENI는 앱 서브넷(`private
# (NAT)`)에 가용 영역마다 하나씩 놓이고, `app-sg`가 지킵니다.

# %%
labkit.diagram(view="network")

# %% [markdown]
# ## 10. 퀴즈
#
# JupyterLab에서는 위젯으로 답하세요. 모든 시도는 학습 진행 기록에 남습니다. 일반 Python 코드로 답하려면 퀴즈를
# 변수에 담아 두고(`quiz = labkit.quiz("ecs")`) `quiz.answer("<질문 id>", <답>)`을 호출합니다. 질문 id 목록은
# `quiz.questions`에 있습니다.

# %%
labkit.quiz("ecs")

# %% [markdown]
# ## 정리
# - ECS는 컨테이너를 실행합니다. **클러스터**에는 정해진 수의 **태스크**를 계속 실행하는 **서비스**가 있고,
#   태스크는 한 **태스크 정의** 개정에 들어 있는 컨테이너들, 즉 앱과 **사이드카**입니다.
# - **EC2** 시작 유형: 내 인스턴스를 내가 패치하며, 꾸준한 대규모 부하에서 가장 저렴합니다. **Fargate**(서버리스):
#   인스턴스가 없고, 태스크의 vCPU와 메모리만큼 과금하며, `awsvpc`만 지원합니다. 2025년에는 그 중간인 **ECS
#   Managed Instances**가 생겼습니다.
# - 학습 자료의 태스크 정의: 0.5 vCPU / 1GB, `awsvpc`, **실행 역할**(ECS용: 이미지, 로그, 보안 암호)과 **태스크
#   역할**(내 코드용), `secrets`로 가져오는 **Secrets Manager**의 암호(`environment`에는 절대 넣지 않음, ECS.8),
#   `/ecs/my-api`로 보내는 `awslogs`, 그리고 상태 확인.
# - 등록할 때는 참조를 확인하지 않습니다. 역할, 보안 암호, 로그 그룹, 이미지가 없다는 사실은 태스크가 시작에
#   실패할 때에야 드러납니다. 태스크 정의는 변경할 수 없으므로 새 개정을 등록하고 서비스를 업데이트합니다.
# - `assignPublicIp=DISABLED`(ECS.2)로 **프라이빗 서브넷**에 둔 서비스는 NAT 게이트웨이나 VPC 엔드포인트를 통해
#   ECR, Secrets Manager, CloudWatch에 접근합니다.
#
# 랩을 닫습니다.

# %%
lab.stop()
lab
