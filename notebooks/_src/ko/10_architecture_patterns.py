# %% [markdown]
# # 10 · 아키텍처 패턴 — 모두 모아 보기 (architecture patterns)
#
# 지금까지의 노트북은 한 번에 서비스 하나씩을 다뤘습니다. 실제 시스템은 여러 서비스를 조합하며, 그중 몇
# 가지 조합은 거듭해서 등장합니다. 학습 자료는 그런 패턴 세 가지로 끝나고, 이 과정도 마찬가지입니다.
#
# | 패턴 | English | 컴퓨팅 | 상태 저장소 | 주요 용도 |
# |---|---|---|---|---|
# | **3계층** | 3-Tier 아키텍처 | 로드 밸런서 뒤의 EC2 (또는 ECS/EKS) | RDS Multi-AZ, S3 | 전통적인 웹 애플리케이션, 리프트 앤 시프트 |
# | **서버리스** | Serverless 아키텍처 | API Gateway, 대기열, 스트림이 호출하는 Lambda | DynamoDB, S3 | 변동이 심하거나 이벤트 기반인 워크로드, 작은 팀 |
# | **EKS 기반 마이크로서비스** | Microservices on EKS | Kubernetes 위의 컨테이너 | 서비스마다 데이터 저장소 하나 | 여러 팀이 각자 독립적으로 배포하는 경우 |
#
# **이 노트북에서 할 일**
# 1. 학습 자료의 그림으로 패턴을 하나씩, 계층별로 읽으며 과정에서 배운 서비스가 각각 어떤 역할을 맡는지
#    확인합니다.
# 2. **빈 계정에서 3계층 캡스톤을 만듭니다.** 네트워크, 보안 그룹, 데이터베이스, Auto Scaling 애플리케이션
#    계층, 로드 밸런서, 보안이 강화된 버킷을 만들고 `capstone.three_tier`로 채점받습니다.
# 3. 만든 것을 실시간 다이어그램으로 그린 뒤, `labkit.audit()`으로 **AWS Security Hub처럼 검토합니다.** 만점을
#    받은 구성에서도 일부 컨트롤이 실패하는 이유를 이해하고, 고칠 수 있는 것은 고치고 나머지는 계획을
#    세웁니다.
# 4. **서버리스 패턴을 작게, 실제로 만듭니다.** API Gateway REST API에서 Lambda 프록시 통합으로 함수를
#    호출하고, 그 함수는 DynamoDB를 읽고 Kinesis 스트림에 기록하며 두 번째 함수가 처리할 작업을 SQS에 넣습니다.
#    그리고 `serverless` 뷰로 그려 봅니다.
# 5. 직접 만든 두 패턴 옆에 EKS 마이크로서비스 패턴을 놓고 비교하며, 패턴을 고르는 방법을 배웁니다.
#
# 채점하는 실습 과제는 과정의 마지막 과제인 `capstone.three_tier` 하나이고, 퀴즈는 `architectures`입니다.

# %%
import base64
import json

import labkit
from labkit.diagrams import concepts
from labkit.runtime import zip_package

# %% [markdown]
# ## 1. 패턴 1: 3계층 아키텍처 (3-Tier 아키텍처)
#
# 웹 애플리케이션의 가장 오래되고 흔한 형태는 애플리케이션을 세 개의 **계층**(tier)으로 나누는 것입니다.
# 각 계층은 바로 이웃한 계층하고만 통신합니다.

# %%
concepts.show("three_tier")

# %% [markdown]
# | 계층 | English | 학습 자료의 구성 요소 | 하는 일 |
# |---|---|---|---|
# | **프레젠테이션 계층** | Presentation | CloudFront (CDN) → ALB → 웹 서버 (EC2/ECS/EKS) | 엣지에서 정적 콘텐츠 캐싱, 로드 밸런서에서 **SSL/TLS 종료**, 흔한 웹 공격에 대비한 **WAF** 통합 |
# | **애플리케이션 계층** | Application | 내부 ALB → 앱 서버 (EC2/ECS/EKS) | 비즈니스 로직, API 처리. **ElastiCache (Redis)**가 세션과 캐시를 보관하므로 어느 앱 서버든 어떤 요청에나 응답할 수 있음 |
# | **데이터 계층** | Data | **RDS Multi-AZ** (기본 + 대기), 읽기가 많은 워크로드를 위한 **읽기 전용 복제본**, 객체용 **S3** | 내구성 있는 상태 저장. 무엇도 잃어서는 안 되는 유일한 계층 |
#
# AWS에서 이 구조를 떠받치는 생각은 두 가지입니다.
# - **계층마다 자기 서브넷에 둡니다**(노트북 02). 퍼블릭 서브넷에는 진입점(인터넷 연결 ALB와 NAT
#   게이트웨이)만 두고, 앱 서버는 NAT를 거쳐 밖으로 나가는 프라이빗 서브넷에, 데이터베이스는 인터넷으로
#   가는 경로가 아예 없는 격리된 서브넷에 둡니다.
# - **계층마다 두 개 이상의 가용 영역에 걸칩니다.** ALB 노드 두 개, 한 Auto Scaling 그룹에 속해 두 AZ에
#   나뉜 앱 서버, 다른 AZ에 있는 데이터베이스의 동기식 대기 인스턴스가 그것입니다. AZ 하나를 통째로
#   잃어도 용량이 줄어들 뿐, 애플리케이션은 멈추지 않습니다.
#
# 보안 그룹은 계층을 사슬처럼 잇습니다(보안 그룹 체인, 노트북 02). 웹 계층은 어디서든 80/443을 받고, 앱
# 계층은 *웹 계층의 보안 그룹에서 오는* 8080만, 데이터베이스는 *앱 계층의 보안 그룹에서 오는* 3306만
# 받습니다. 규칙에 IP 주소가 하나도 들어 있지 않으므로 인스턴스가 생기고 사라져도 규칙은 그대로
# 동작합니다.
#
# ## 2. 캡스톤: 빈 계정에서 3계층 아키텍처 만들기 (`capstone.three_tier`)
#
# 캡스톤(종합 실습 과제)은 앞 노트북에서 만난 다섯 과제 `vpc.three_tier_network`, `vpc.security_groups`,
# `autoscaling.web_asg`, `rds.multi_az_db`, `s3.secure_bucket`에 웹 계층과 앱 계층을 잇는 로드 밸런서를
# 더해 한꺼번에 채점합니다.

# %%
task = labkit.task("capstone.three_tier")
print(task.title, f"({task.max_score} points)\n")
print(task.text)

# %% [markdown]
# 캡스톤은 학습 자료의 설계를 따르되, 랩에서 보여 줄 수 없거나 시연용으로 실행하기에는 비용이 큰 부분을
# 뺐습니다. 앞단의 **CloudFront와 WAF**, 계층 사이의 **내부 ALB**(퍼블릭 ALB가 앱 서버로 바로 전달하므로
# 웹 서버와 앱 서버가 하나의 인스턴스 집합입니다), 그리고 **ElastiCache**와 **읽기 전용 복제본**입니다.
# 프로덕션 구성이라면 무엇을 더할지는 3절에서 다시 다룹니다.
#
# 시작 상태는 **빈 계정**입니다. 캡스톤에서 쓰지 않는 moto의 기본 VPC만 있습니다. 랩을 열고, 아래 모든
# 셀에서 쓸 클라이언트를 만듭니다.

# %%
lab = labkit.start(labkit.task("capstone.three_tier").starter, seed=0, replace=True)
ec2, elbv2, autoscaling = lab.client("ec2"), lab.client("elbv2"), lab.client("autoscaling")
rds, s3, kms, ssm = lab.client("rds"), lab.client("s3"), lab.client("kms"), lab.client("ssm")
print(lab)
print("VPCs:", [(v["VpcId"], "default" if v["IsDefault"] else "") for v in ec2.describe_vpcs()["Vpcs"]])

# %% [markdown]
# **직접 해 보세요.** 계층별로, 원하는 만큼 여러 셀에 나누어 만들면 됩니다. 채점기는 코드가 아니라 계정을
# 읽습니다. 아래에 참조 답안이 여섯 단계로 이어지니, 단계마다 먼저 직접 시도해 보세요.
#
# **1단계 — 네트워크(노트북 02).** 학습 자료의 CIDR 계획대로 VPC `main`을 만들고, 퍼블릭·앱·DB 서브넷을
# AZ마다 하나씩 둡니다. 퍼블릭 서브넷을 위한 인터넷 게이트웨이와, 학습 자료의 VPC 그림처럼 **AZ마다 NAT
# 게이트웨이 하나**를 둡니다. 그래야 AZ 하나를 잃어도 다른 AZ의 앱 서버가 인터넷과 끊기지 않습니다(NAT
# 하나로 더 싸게 할 수도 있지만 그 위험을 감수해야 합니다). DB 서브넷에는 기본 경로를 주지 않습니다.
# *퍼블릭 IP 자동 할당*은 모든 서브넷에서 꺼 둡니다. 퍼블릭 서브넷에 시작하는 것 중 이 설정이 필요한 것은
# 없습니다(ALB와 NAT 게이트웨이는 자기 주소를 따로 받습니다).

# %% tags=["solution"] labkit={"task": "capstone.three_tier"}
zones = [f"{lab.region}a", f"{lab.region}b"]
plan = {"public": ["10.0.0.0/24", "10.0.1.0/24"],
        "app": ["10.0.10.0/24", "10.0.11.0/24"],
        "db": ["10.0.20.0/24", "10.0.21.0/24"]}


def tagged(kind, name, **extra):
    """TagSpecifications with a Name tag (and any extra tags) for a create call."""
    tags = [{"Key": "Name", "Value": name}] + [{"Key": k, "Value": v} for k, v in extra.items()]
    return [{"ResourceType": kind, "Tags": tags}]


vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16", TagSpecifications=tagged("vpc", "main"))["Vpc"]["VpcId"]
ec2.modify_vpc_attribute(VpcId=vpc_id, EnableDnsHostnames={"Value": True})
igw_id = ec2.create_internet_gateway(TagSpecifications=tagged("internet-gateway", "main-igw"))[
    "InternetGateway"]["InternetGatewayId"]
ec2.attach_internet_gateway(InternetGatewayId=igw_id, VpcId=vpc_id)

subnet_ids = {}  # (tier, zone) -> subnet id
for tier, cidrs in plan.items():
    for zone, cidr in zip(zones, cidrs, strict=True):
        subnet = ec2.create_subnet(VpcId=vpc_id, CidrBlock=cidr, AvailabilityZone=zone,
                                   TagSpecifications=tagged("subnet", f"{tier}-{zone[-1]}", Tier=tier))
        subnet_ids[tier, zone] = subnet["Subnet"]["SubnetId"]

public_rt = ec2.create_route_table(VpcId=vpc_id, TagSpecifications=tagged("route-table", "public-rt"))
public_rt = public_rt["RouteTable"]["RouteTableId"]
ec2.create_route(RouteTableId=public_rt, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw_id)
db_rt = ec2.create_route_table(VpcId=vpc_id, TagSpecifications=tagged("route-table", "db-rt"))
db_rt = db_rt["RouteTable"]["RouteTableId"]  # only the local route: the db tier never reaches the internet
for zone in zones:
    ec2.associate_route_table(RouteTableId=public_rt, SubnetId=subnet_ids["public", zone])
    ec2.associate_route_table(RouteTableId=db_rt, SubnetId=subnet_ids["db", zone])
    # One NAT gateway per AZ, in that AZ's public subnet, and an app route table per AZ that uses it.
    eip = ec2.allocate_address(Domain="vpc")["AllocationId"]
    nat_id = ec2.create_nat_gateway(SubnetId=subnet_ids["public", zone], AllocationId=eip,
                                    TagSpecifications=tagged("natgateway", f"nat-{zone[-1]}"))["NatGateway"]["NatGatewayId"]
    ec2.get_waiter("nat_gateway_available").wait(NatGatewayIds=[nat_id])
    app_rt = ec2.create_route_table(VpcId=vpc_id, TagSpecifications=tagged("route-table", f"app-rt-{zone[-1]}"))
    app_rt = app_rt["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=app_rt, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat_id)
    ec2.associate_route_table(RouteTableId=app_rt, SubnetId=subnet_ids["app", zone])
print("VPC", vpc_id, "with", len(subnet_ids), "subnets")

# %% [markdown]
# **2단계 — 보안 그룹(노트북 02).** 웹 → 앱 → DB로 이어지는 체인을 만듭니다. 각 규칙은 바로 앞 계층의
# 보안 그룹을 가리킵니다. 그리고 VPC의 *기본* 보안 그룹을 비웁니다(Security Hub 컨트롤 EC2.2). 무언가가
# 실수로 기본 보안 그룹에 들어가 외부에서 접근 가능해지는 일이 절대 없어야 합니다.

# %% tags=["solution"] labkit={"task": "capstone.three_tier"}
def security_group(name, description):
    return ec2.create_security_group(GroupName=name, Description=description, VpcId=vpc_id,
                                     TagSpecifications=tagged("security-group", name))["GroupId"]


web_sg = security_group("web-sg", "Web tier: HTTP and HTTPS from the internet")
app_sg = security_group("app-sg", "App tier: 8080 from the web tier only")
db_sg = security_group("db-sg", "DB tier: MySQL from the app tier only")
ec2.authorize_security_group_ingress(GroupId=web_sg, IpPermissions=[
    {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
    for port in (80, 443)])
ec2.authorize_security_group_ingress(GroupId=app_sg, IpPermissions=[
    {"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "UserIdGroupPairs": [{"GroupId": web_sg}]}])
ec2.authorize_security_group_ingress(GroupId=db_sg, IpPermissions=[
    {"IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306, "UserIdGroupPairs": [{"GroupId": app_sg}]}])

default_sg = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc_id]},
                                                   {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"][0]
if default_sg["IpPermissions"]:
    ec2.revoke_security_group_ingress(GroupId=default_sg["GroupId"], IpPermissions=default_sg["IpPermissions"])
if default_sg["IpPermissionsEgress"]:
    ec2.revoke_security_group_egress(GroupId=default_sg["GroupId"], IpPermissions=default_sg["IpPermissionsEgress"])

# %% [markdown]
# **3단계 — 데이터 계층(노트북 05).** 두 DB 서브넷으로 DB 서브넷 그룹을 만들고, `app-db`를 만듭니다.
# MySQL, Multi-AZ, 암호화, 비공개, 백업 7일 보존, 삭제 방지를 켜고 `db-sg` 뒤에 둡니다.
# `ManageMasterUserPassword=True`를 지정하면 RDS가 암호를 만들어 Secrets Manager에 보관하므로, 코드에는
# 암호가 한 번도 나타나지 않습니다.

# %% tags=["solution"] labkit={"task": "capstone.three_tier"}
rds.create_db_subnet_group(DBSubnetGroupName="db-subnets", DBSubnetGroupDescription="The db subnets of main",
                           SubnetIds=[subnet_ids["db", zone] for zone in zones])
db = rds.create_db_instance(
    DBInstanceIdentifier="app-db",
    Engine="mysql",
    DBInstanceClass="db.t3.medium",
    AllocatedStorage=20,
    MasterUsername="admin",
    ManageMasterUserPassword=True,
    MultiAZ=True,                  # a synchronous standby in the other AZ
    StorageEncrypted=True,
    PubliclyAccessible=False,
    DBSubnetGroupName="db-subnets",
    VpcSecurityGroupIds=[db_sg],
    BackupRetentionPeriod=7,
    DeletionProtection=True,
)["DBInstance"]
print("app-db:", db["Engine"], db["DBInstanceClass"], "Multi-AZ" if db["MultiAZ"] else "single-AZ", "in", db["AvailabilityZone"])

# %% [markdown]
# **4단계 — 애플리케이션 계층(노트북 03과 09).** IMDSv2를 요구하는 시작 템플릿 `app`과, 두 앱 서브넷에
# 걸친 Auto Scaling 그룹 `app-asg`를 만듭니다. 서버는 최소 2대, 평소 3대, 최대 10대이고, 웜업 300초로
# 평균 CPU 50%를 추적하며, 빠르게 합류할 수 있도록 중지된 인스턴스의 웜 풀을 둡니다.

# %% tags=["solution"] labkit={"task": "capstone.three_tier"}
ami = ssm.get_parameter(Name="/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64")
ec2.create_launch_template(
    LaunchTemplateName="app",
    VersionDescription="app tier, IMDSv2 only",
    LaunchTemplateData={
        "ImageId": ami["Parameter"]["Value"],
        "InstanceType": "t3.medium",
        "SecurityGroupIds": [app_sg],
        "MetadataOptions": {"HttpTokens": "required", "HttpEndpoint": "enabled"},
    },
)
autoscaling.create_auto_scaling_group(
    AutoScalingGroupName="app-asg",
    LaunchTemplate={"LaunchTemplateName": "app", "Version": "$Latest"},
    MinSize=2, MaxSize=10, DesiredCapacity=3,
    VPCZoneIdentifier=",".join(subnet_ids["app", zone] for zone in zones),
    Tags=[{"Key": "Name", "Value": "app-server", "PropagateAtLaunch": True}],
)
autoscaling.put_scaling_policy(
    AutoScalingGroupName="app-asg",
    PolicyName="cpu-50",
    PolicyType="TargetTrackingScaling",
    TargetTrackingConfiguration={
        "PredefinedMetricSpecification": {"PredefinedMetricType": "ASGAverageCPUUtilization"},
        "TargetValue": 50.0,
    },
    EstimatedInstanceWarmup=300,
)
autoscaling.put_warm_pool(AutoScalingGroupName="app-asg", PoolState="Stopped", MinSize=1,
                          MaxGroupPreparedCapacity=5)
group = autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=["app-asg"])["AutoScalingGroups"][0]
print("app-asg:", len(group["Instances"]), "servers in", sorted({i["AvailabilityZone"] for i in group["Instances"]}))

# %% [markdown]
# **5단계 — 진입점.** 인터넷 연결 Application Load Balancer `web-alb`를 두 퍼블릭 서브넷에 `web-sg`와 함께
# 두고, 앱 서버의 8080 포트를 상태 확인과 함께 바라보는 대상 그룹, HTTP 80 리스너를 만든 뒤, 대상 그룹을
# `app-asg`에 연결합니다. `HealthCheckType="ELB"`이면 그룹은 멈춘 서버뿐 아니라 로드 밸런서가 비정상으로
# 판정한 서버도 교체합니다.

# %% tags=["solution"] labkit={"task": "capstone.three_tier"}
alb = elbv2.create_load_balancer(Name="web-alb", Type="application", Scheme="internet-facing",
                                 Subnets=[subnet_ids["public", zone] for zone in zones], SecurityGroups=[web_sg])
alb_arn = alb["LoadBalancers"][0]["LoadBalancerArn"]
tg_arn = elbv2.create_target_group(Name="app-tg", Protocol="HTTP", Port=8080, VpcId=vpc_id, TargetType="instance",
                                   HealthCheckPath="/health")["TargetGroups"][0]["TargetGroupArn"]
elbv2.create_listener(LoadBalancerArn=alb_arn, Protocol="HTTP", Port=80,
                      DefaultActions=[{"Type": "forward", "TargetGroupArn": tg_arn}])
autoscaling.attach_load_balancer_target_groups(AutoScalingGroupName="app-asg", TargetGroupARNs=[tg_arn])
autoscaling.update_auto_scaling_group(AutoScalingGroupName="app-asg", HealthCheckType="ELB",
                                      HealthCheckGracePeriod=300)
print("http://" + alb["LoadBalancers"][0]["DNSName"])

# %% [markdown]
# **6단계 — 객체 스토리지(노트북 04).** 학습 자료의 S3 보안 모범 사례를 적용한 `my-secure-bucket`입니다.
# 별칭 `alias/my-s3-key`인 고객 관리형 키와 S3 버킷 키를 쓰는 SSE-KMS, 네 가지 퍼블릭 액세스 차단 설정
# 모두, 버전 관리, 그리고 암호화되지 않은 HTTP 요청을 거부하는 버킷 정책입니다.

# %% tags=["solution"] labkit={"task": "capstone.three_tier"}
bucket = "my-secure-bucket"
s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": lab.region})
key = kms.create_key(Description="Default encryption of my-secure-bucket")["KeyMetadata"]
kms.create_alias(AliasName="alias/my-s3-key", TargetKeyId=key["KeyId"])
s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [{
    "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "alias/my-s3-key"},
    "BucketKeyEnabled": True}]})
s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={
    "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
    "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
    "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
    "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}))
print(bucket, "encrypted with", s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"][
    "Rules"][0]["ApplyServerSideEncryptionByDefault"]["KMSMasterKeyID"])

# %% [markdown]
# **확인.** 다섯 과제의 검사 항목 전부와 로드 밸런서의 검사 항목입니다.

# %% tags=["check"]
labkit.grade("capstone.three_tier")

# %% [markdown]
# > **moto와 AWS의 차이:** 위의 모든 리소스는 만들자마자 준비가 끝납니다. AWS에서는 NAT 게이트웨이에 1~2분
# > (1단계의 waiter가 실제로 필요한 이유입니다), Multi-AZ 데이터베이스에 10분 이상, Auto Scaling 그룹의
# > 서버가 시작되어 로드 밸런서의 상태 확인을 통과하는 데 몇 분이 걸립니다. 또한 로드 밸런서 주소로
# > 접속해도 아무것도 응답하지 않습니다. 랩에는 내 코드를 실행하는 서버가 없기 때문입니다.
#
# ### 내 3계층 계정을 그림으로
# 학습 자료의 그림과 같은 구조를 이번에는 *내* 계정에서 읽어 그립니다. 두 AZ에 계층별로 쌓인 여섯 개의
# 서브넷, 퍼블릭 서브넷의 NAT 게이트웨이, 로드 밸런서와 Auto Scaling 그룹의 서버, 데이터베이스의 기본
# 인스턴스와 대기 인스턴스, 그리고 그 아래의 보안 그룹 체인입니다.

# %%
labkit.diagram(view="network")

# %% [markdown]
# 다이어그램은 서브넷의 계층을 이름이 아니라 라우팅으로 판단합니다. 인터넷 게이트웨이로 가는 경로가
# 있으면 퍼블릭, NAT 게이트웨이로 가는 경로가 있으면 프라이빗, 기본 경로가 없으면 격리된 서브넷입니다.
# DB 서브넷은 밖으로 나갈 길을 주지 않았으므로 격리된 서브넷으로 표시됩니다. 학습 자료가 데이터 계층에
# 요구하는 바로 그 모습입니다.
#
# > **moto와 AWS의 차이:** 랩은 `app-asg`의 서버 세 대를 모두 `ap-northeast-2a`에 시작했습니다. AWS는 Auto
# > Scaling 그룹의 인스턴스를 여러 AZ에 고르게 나눕니다(여기서는 한쪽에 2대, 다른 쪽에 1대). 서브넷을 두
# > 개 주는 이유가 바로 이것이며, 그러면 AZ 하나를 잃어도 인스턴스 전체가 아니라 3분의 1만 잃습니다.
#
# ## 3. 캡스톤을 Security Hub처럼 검토하기 (`labkit.audit()`)
#
# 만점은 "과제가 요구한 것이 모두 있다"는 뜻이지, "더 나아질 점이 없다"는 뜻이 아닙니다. 두 번째 질문에
# 답하는 것이 **AWS Security Hub**입니다. Security Hub는 AWS 기초 보안 모범 사례(FSBP) 같은 표준의
# *컨트롤*을 계정에 실행해 리소스마다 통과 또는 실패를 보고합니다. `labkit.audit()`은 같은 컨트롤을 내
# 랩에 오프라인으로 실행합니다.

# %%
before = labkit.audit()
before

# %% [markdown]
# 검토자의 눈으로 실패 항목을 읽어 봅시다. 일부는 설계의 진짜 빈틈이고, 일부는 캡스톤이 손대지 않은 부분에
# 대한 AWS(와 moto)의 기본값 때문이며, 하나는 랩 때문입니다.
#
# | 컨트롤 | 캡스톤에서 실패하는 이유 | 해결 방법 |
# |---|---|---|
# | **EC2.2** 기본 보안 그룹에 규칙이 있음 | `main`의 기본 보안 그룹은 비웠지만, 쓰지 않는 *기본 VPC*에도 자체 기본 보안 그룹이 있고 거기에 모든 아웃바운드를 허용하는 규칙이 남아 있습니다 | 그 그룹도 비우거나, 쓰지 않는 기본 VPC를 삭제합니다 |
# | **EC2.3** EBS 볼륨 암호화 | 서버의 루트 볼륨이 암호화되지 않았습니다. 시작 템플릿이 암호화를 요구하지 않고, EBS 기본 암호화도 꺼져 있습니다 | 템플릿의 `BlockDeviceMappings`에 `Encrypted: True`를 넣고 서버를 교체합니다(인스턴스 새로 고침). 기존 볼륨은 암호화된 사본을 만드는 방법밖에 없습니다 |
# | **EC2.6** VPC 흐름 로그 | 두 VPC 모두 트래픽을 기록하지 않으므로, 거부된 연결이 쏟아지거나 데이터가 유출되어도 흔적이 남지 않습니다 | `ec2.create_flow_logs(...)`로 CloudWatch Logs나 S3에 기록합니다 |
# | **EC2.7** EBS 기본 암호화 | 리전마다 직접 켜기 전에는 꺼져 있습니다. AWS와 랩 모두 마찬가지입니다 | `ec2.enable_ebs_encryption_by_default()` |
# | **EC2.8** IMDSv2 | **랩 때문에 생긴 실패**입니다. 템플릿은 IMDSv2를 요구하고 AWS라면 서버를 `HttpTokens=required`로 시작하지만, moto는 템플릿의 메타데이터 옵션을 시작한 인스턴스에 옮겨 주지 않습니다 | AWS에서는 할 일이 없습니다. 랩에서는 실행 중인 서버에 직접 설정합니다(아래) |
# | **EC2.15** 서브넷의 퍼블릭 IP 자동 할당 | 기본 VPC의 기본 서브넷 네 개뿐입니다. 내가 만든 서브넷은 할당하지 않습니다 | 기본 VPC를 삭제합니다 |
# | **EC2.21** 네트워크 ACL이 22/3389를 허용 | 모든 기본 네트워크 ACL은 인바운드 트래픽을 전부 허용합니다. 실제 필터는 보안 그룹이지만, 이 컨트롤은 두 번째 방어층을 요구합니다 | 계층별 사용자 지정 네트워크 ACL(노트북 02의 `vpc.private_nacl`) |
# | **S3.1** 계정 수준 퍼블릭 액세스 차단 | 버킷은 퍼블릭 액세스를 차단하지만 *계정*은 그렇지 않으므로, 나중에 만드는 버킷은 열린 채로 시작할 수 있습니다 | `s3control.put_public_access_block(AccountId=...)` |
# | **S3.9** 서버 액세스 로깅 | 누가 버킷을 읽고 썼는지 아무도 기록하지 않습니다 | `s3.put_bucket_logging(...)`으로 별도의 로그 버킷에 기록합니다 |
# | **S3.13** 수명 주기 구성 | 버전 관리를 켠 버킷은 이전 버전을 모두 영원히 보관하고, 그 비용을 냅니다 | 수명 주기 규칙. 예를 들어 이전 버전을 90일 뒤 만료합니다(노트북 04) |
#
# 통과한 항목도 많은 것을 말해 줍니다. 위험도가 높은 포트를 여는 보안 그룹(EC2.19)도, 80/443 말고 다른
# 포트를 전 세계에 여는 보안 그룹(EC2.18)도 없고, 퍼블릭 주소를 가진 서버(EC2.9)도 없습니다. 데이터베이스는
# 비공개이고 암호화되어 있으며 Multi-AZ에 백업과 삭제 방지까지 갖췄고(RDS.2/3/5/8/11), 버킷은 KMS로
# 암호화되고 비공개이며 TLS만 허용합니다(S3.2/3/5/8/17). `NO_DATA` 컨트롤(IAM.1, RDS.7 등)은 검사할 대상이
# 없었습니다. 캡스톤에는 IAM 사용자도 Aurora 클러스터도 없기 때문입니다.
#
# ### 고칠 수 있는 것 고치기
# 계정 전체에 걸친 스위치와 정리 작업은 호출 몇 번이면 됩니다. 아래 셀은 필요한 것을 모두 계정에서 다시
# 읽어 오므로, 내가 직접 만든 구성에서도 그대로 동작합니다.

# %%
logs, iam, s3control = lab.client("logs"), lab.client("iam"), lab.client("s3control")

# EC2.7 and S3.1: account-wide defaults, so future volumes and buckets start safe.
ec2.enable_ebs_encryption_by_default()
s3control.put_public_access_block(AccountId=lab.account_id, PublicAccessBlockConfiguration={
    "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})

# EC2.2, EC2.15 (and part of EC2.6 / EC2.21): delete the default VPC if nothing lives in it.
default_vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"]
for vpc in default_vpc:
    in_use = ec2.describe_network_interfaces(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])
    if in_use["NetworkInterfaces"]:
        print("kept the default VPC: something lives in it")
        continue
    for subnet in ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["Subnets"]:
        ec2.delete_subnet(SubnetId=subnet["SubnetId"])
    for gateway in ec2.describe_internet_gateways(
            Filters=[{"Name": "attachment.vpc-id", "Values": [vpc["VpcId"]]}])["InternetGateways"]:
        ec2.detach_internet_gateway(InternetGatewayId=gateway["InternetGatewayId"], VpcId=vpc["VpcId"])
        ec2.delete_internet_gateway(InternetGatewayId=gateway["InternetGatewayId"])
    ec2.delete_vpc(VpcId=vpc["VpcId"])
    print("deleted the default VPC")

# EC2.6: flow logs of rejected traffic for every remaining VPC, into CloudWatch Logs.
logs.create_log_group(logGroupName="/vpc/flow-logs")
flow_role = iam.create_role(RoleName="vpc-flow-logs", AssumeRolePolicyDocument=json.dumps({
    "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "vpc-flow-logs.amazonaws.com"},
                                            "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
vpc_ids = sorted(v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"])
if vpc_ids:
    ec2.create_flow_logs(ResourceIds=vpc_ids, ResourceType="VPC", TrafficType="REJECT",
                         LogDestinationType="cloud-watch-logs", LogGroupName="/vpc/flow-logs",
                         DeliverLogsPermissionArn=flow_role)

# EC2.8 in the lab only: what the launch template already asks for, set on the running servers.
running = ec2.describe_instances(Filters=[{"Name": "instance-state-name", "Values": ["running"]}])
for reservation in running["Reservations"]:
    for instance in reservation["Instances"]:
        ec2.modify_instance_metadata_options(InstanceId=instance["InstanceId"], HttpTokens="required")

# %% [markdown]
# > **moto와 AWS의 차이:** 랩은 `iam:PassRole`과 로그 그룹의 권한을 확인하지 않습니다. AWS에서는 흐름
# > 로그 역할에 `logs:CreateLogStream`과 `logs:PutLogEvents`를 허용하는 정책도 있어야 합니다. 또한 실제
# > 기본 VPC에는 인터넷 게이트웨이가 있으므로 위의 반복문이 먼저 분리하고 삭제합니다(moto의 기본 VPC에는
# > 인터넷 게이트웨이가 없습니다).
#
# 다시 감사하고, 컨트롤별로 비교합니다.

# %%
after = labkit.audit()
changed = [{"control": c.id, "severity": c.severity, "before": before.control(c.id).status, "after": c.status,
            "title": c.title} for c in after if c.status != before.control(c.id).status or c.status == "FAILED"]
print(repr(before).splitlines()[0])
print(repr(after).splitlines()[0])
labkit.table(changed, title="Controls that changed, and those still failing")

# %% [markdown]
# > **moto와 AWS의 차이:** AWS는 VPC를 삭제할 때 그 VPC의 기본 네트워크 ACL도 함께 삭제하지만, moto는
# > 남겨 둡니다. 그래서 EC2.21에 이미 사라진 VPC의 네트워크 ACL이 표시될 수 있습니다. 그 항목은 무시하세요.
#
# **검토자가 다음으로 요구할 것들.** 모두 앞 노트북에서 만난 호출 몇 번이면 됩니다.
# - **EC2.3**: 템플릿 `app`의 새 버전에 `Encrypted: True`(그리고 KMS 키)를 지정한 `BlockDeviceMappings`를
#   넣고, `autoscaling.start_instance_refresh(AutoScalingGroupName="app-asg")`로 모든 서버를 암호화된
#   볼륨을 쓰는 서버로 교체합니다.
# - **EC2.21**: 계층별 사용자 지정 네트워크 ACL(앱 계층용은 노트북 02의 `vpc.private_nacl`)을 만듭니다.
# - **S3.9 / S3.13**: `my-secure-bucket`의 액세스 로그를 별도의 로그 버킷에 남기고, 이전 버전에 대한 수명
#   주기 규칙을 추가합니다.
# - 컨트롤 밖으로는, 캡스톤이 학습 자료의 그림에서 뺀 부분이 있습니다. ALB에 ACM 인증서를 붙인 **443
#   포트의 HTTPS**(학습 자료의 *SSL/TLS 종료*. 캡스톤은 암호화되지 않은 HTTP 80으로 리스닝합니다), ALB의
#   **AWS WAF**, 앞단의 **CloudFront**, 웹 서버와 앱 서버 사이의 **내부 ALB**, 세션용 **ElastiCache**,
#   읽기가 많은 트래픽을 위한 **읽기 전용 복제본**입니다.
#
# 이 수정들은 캡스톤이 채점하는 부분을 건드리지 않았으므로, 여전히 만점입니다.

# %% tags=["check"]
labkit.grade("capstone.three_tier")

# %% [markdown]
# ## 4. 패턴 2: 서버리스 아키텍처 (Serverless 아키텍처)
#
# 서버리스는 "서버가 없다"는 뜻이 아니라 **내가 관리하는 서버가 없다**는 뜻입니다. 인스턴스 유형을
# 고르거나, OS를 패치하거나, 인스턴스 수를 정할 일이 없습니다. 이벤트가 도착하면 AWS가 내 코드를 실행하고,
# 요청 수와 실행 시간(밀리초 단위)만큼 요금을 매기며, 아무 일도 없으면 요금도 0입니다.

# %%
concepts.show("serverless")

# %% [markdown]
# | 학습 자료 그림의 부분 | 서비스 | 패턴에서의 역할 |
# |---|---|---|
# | 클라이언트 브라우저 → CloudFront (CDN) → **S3 (정적 웹)** | S3 + CloudFront | 단일 페이지 앱(React/Vue)은 정적 파일이며 엣지에서 제공됩니다 |
# | **API Gateway (REST/HTTP)** | API Gateway | 정문 역할: 요청 검증, 요청 속도 제한(스로틀링), API 키 인증, 요청/응답 변환 |
# | **Lambda (Users / Orders / Products)** | Lambda | 리소스나 경로마다 작은 함수 하나. 요청마다 확장 |
# | **DynamoDB** | DynamoDB | 단일 테이블 설계, 온디맨드 용량, 다른 접근 패턴을 위한 글로벌 보조 인덱스(GSI) |
# | 비동기 처리: **SQS → Lambda (Processor) → S3 (Archive)** | SQS + Lambda | 응답하기 전에 끝낼 필요가 없는 작업은 대기열에 넣고, 소비자 함수가 자기 속도로 대기열을 비웁니다 |
# | 실시간 처리: **Kinesis → Lambda (Transformer) → OpenSearch (Search)** | Kinesis Data Streams + Lambda | 순서가 있는 이벤트 스트림을 도착하는 대로 변환해 검색용으로 색인합니다 |
#
# 오늘날 API Gateway는 두 종류의 API를 제공합니다. **REST API**(원래의 API로, 학습 자료가 나열한 API 키와
# 사용량 계획, 요청 검증과 변환 기능이 있습니다)와 **HTTP API**(더 싸고 빠르며 JWT 권한 부여자를
# 지원하지만, API 키와 요청 검증은 없습니다)입니다. 여기서는 REST API를 만듭니다.
#
# ### 작게 만들어 보기
# 노트북 06과 같은 사용자 조회 기능을 패턴의 나머지 부분과 연결합니다.
# - REST API `users-api`의 `GET /users/{userId}`를 **Lambda 프록시 통합**으로 `get-user`에 연결합니다.
# - `get-user`는 테이블 `Users`를 읽고, **모든 조회를** Kinesis 스트림 `user-activity`로 보내며(실시간
#   분석), **없는 ID는 모두** 백그라운드 작업이 처리하도록 SQS 대기열 `user-events`에 넣습니다.
# - `user-events-processor`가 대기열을 소비합니다. 다섯 번 실패한 메시지는 **배달 못한 편지 대기열**(DLQ,
#   dead-letter queue) `user-events-dlq`로 갑니다.
#
# 새 랩은 시나리오 `users-table`(사용자 세 명이 든 `Users` 테이블)에서 시작합니다.

# %%
lab = labkit.start("users-table", seed=0, replace=True)
region, account = lab.region, lab.account_id
ddb, sqs, kinesis = lab.client("dynamodb"), lab.client("sqs"), lab.client("kinesis")
iam, lam, apigw = lab.client("iam"), lab.client("lambda"), lab.client("apigateway")
labkit.table(sorted(({k: v["S"] for k, v in item.items()} for item in ddb.scan(TableName="Users")["Items"]),
                    key=lambda user: user["userId"]), title="Table Users")

# %% [markdown]
# **대기열과 배달 못한 편지 대기열.** 소비자가 처리에 실패하면 메시지는 대기열에 남고, **가시성 제한
# 시간**(visibility timeout)이 지나면 다시 보이게 되어 재시도됩니다. **리드라이브 정책**(redrive policy)은
# `maxReceiveCount`번 수신된 메시지를 DLQ로 옮기고, 메시지는 DLQ에서 사람이 살펴볼 때까지 기다립니다(여기서는
# SQS가 메시지를 보관할 수 있는 최대 기간인 14일). AWS의 경험칙은 가시성 제한 시간을 **소비자 함수 제한
# 시간의 여섯 배** 이상으로 잡는 것입니다(제한 시간이 10초인 함수라면 60초).

# %%
sqs.create_queue(QueueName="user-events-dlq", Attributes={"MessageRetentionPeriod": str(14 * 24 * 3600)})
dlq_arn = f"arn:aws:sqs:{region}:{account}:user-events-dlq"
queue_url = sqs.create_queue(QueueName="user-events", Attributes={
    "VisibilityTimeout": "60",
    "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "5"}),
})["QueueUrl"]
queue_arn = f"arn:aws:sqs:{region}:{account}:user-events"

# %% [markdown]
# **스트림.** Kinesis 데이터 스트림은 **샤드**로 나뉩니다. 샤드 하나는 초당 최대 1MB 또는 1,000개 레코드를
# 쓸 수 있고 초당 2MB를 읽을 수 있으며, **파티션 키**가 같은 레코드는 한 샤드 안에서 순서가 유지됩니다.
# 레코드는 기본 24시간(최대 365일) 보관됩니다. 여기서는 샤드 하나면 충분하며, 온디맨드 모드
# (`StreamModeDetails={"StreamMode": "ON_DEMAND"}`)를 쓰면 크기가 자동으로 조정됩니다.

# %%
kinesis.create_stream(StreamName="user-activity", ShardCount=1)
stream_arn = f"arn:aws:kinesis:{region}:{account}:stream/user-activity"
snap = lab.snapshot(["sqs", "kinesis"])
labkit.table([{"queue": q["QueueName"], "visibility timeout (s)": q["Attributes"]["VisibilityTimeout"],
               "retention (days)": int(q["Attributes"]["MessageRetentionPeriod"]) // 86400,
               "dead-letter queue": q["Attributes"].get("RedrivePolicy", {}).get("deadLetterTargetArn", "")
               .rsplit(":", 1)[-1], "encryption": "SSE-SQS" if q["Attributes"]["SqsManagedSseEnabled"] == "true"
               else "none"} for q in snap["sqs"]["queues"]], title="SQS queues")

# %%
labkit.table([{"stream": s["StreamName"], "mode": s["StreamModeDetails"]["StreamMode"], "shards": s["OpenShardCount"],
               "retention (h)": s["RetentionPeriodHours"], "encryption": s["EncryptionType"]}
              for s in snap["kinesis"]["streams"]], title="Kinesis data streams")

# %% [markdown]
# 2022년부터 새 대기열은 기본적으로 SQS 관리형 키(SSE-SQS)로 저장 시 암호화됩니다. 반면 스트림은 직접
# 요청하기 전에는 암호화되지 않습니다(`kinesis.start_stream_encryption(..., EncryptionType="KMS")`).
#
# **함수와 역할.** 최소 권한 원칙(노트북 01)에 따라, 코드가 실제로 수행하는 세 가지 작업만 각각 해당
# 리소스 하나에 대해서만 허용합니다.

# %%
LAMBDA_TRUST = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
get_user_role = iam.create_role(RoleName="get-user-role", AssumeRolePolicyDocument=json.dumps(LAMBDA_TRUST))
iam.put_role_policy(RoleName="get-user-role", PolicyName="users-api-access", PolicyDocument=json.dumps({
    "Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": f"arn:aws:dynamodb:{region}:{account}:table/Users"},
        {"Effect": "Allow", "Action": "kinesis:PutRecord", "Resource": stream_arn},
        {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": queue_arn},
    ]}))

GET_USER = '''\
"""GET /users/{userId}: read Users; stream every lookup; queue every unknown id."""
import json
import os

import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
sqs = boto3.client("sqs")
kinesis = boto3.client("kinesis")


def _response(status, body):
    return {"statusCode": status, "headers": {"Content-Type": "application/json"}, "body": json.dumps(body)}


def lambda_handler(event, context):
    user_id = (event.get("pathParameters") or {}).get("userId")
    if not user_id:
        return _response(400, {"error": "userId is required"})
    item = table.get_item(Key={"userId": user_id}).get("Item")
    kinesis.put_record(StreamName=os.environ["STREAM_NAME"], PartitionKey=user_id,
                       Data=json.dumps({"userId": user_id, "found": item is not None}).encode())
    if item is None:
        sqs.send_message(QueueUrl=os.environ["QUEUE_URL"], MessageBody=json.dumps({"unknownUserId": user_id}))
        return _response(404, {"error": "User not found"})
    return _response(200, item)
'''

get_user = lam.create_function(
    FunctionName="get-user", Runtime="python3.12", Role=get_user_role["Role"]["Arn"],
    Handler="lambda_function.lambda_handler", Code={"ZipFile": zip_package({"lambda_function.py": GET_USER})},
    Timeout=10, MemorySize=256,
    Environment={"Variables": {"TABLE_NAME": "Users", "QUEUE_URL": queue_url, "STREAM_NAME": "user-activity"}},
)
print(get_user["FunctionArn"])

# %% [markdown]
# **API.** REST API는 **리소스**(경로)의 트리이고, 리소스마다 **메서드**가 있으며, 메서드의 **통합**이 누가
# 응답할지를 정합니다. *Lambda 프록시 통합*(`type="AWS_PROXY"`)에서는 API Gateway가 HTTP 요청 전체를
# 이벤트 하나로 함수에 넘기고, 함수가 돌려준 `{"statusCode", "headers", "body"}`를 다시 HTTP 응답으로
# 바꿉니다. 클라이언트의 메서드가 무엇이든 통합은 언제나 `POST`로 Lambda를 호출합니다. API Gateway에는 함수를
# 호출할 **권한**도 필요합니다. 함수의 리소스 기반 정책에 이 API로 범위를 좁힌 문(statement)을
# 추가합니다(`lambda.add_permission`). 마지막으로 **배포**(deployment)가 API를 **스테이지**(`prod`)에
# 게시합니다.

# %%
api_id = apigw.create_rest_api(name="users-api", endpointConfiguration={"types": ["REGIONAL"]})["id"]
root_id = next(r["id"] for r in apigw.get_resources(restApiId=api_id)["items"] if r["path"] == "/")
users_id = apigw.create_resource(restApiId=api_id, parentId=root_id, pathPart="users")["id"]
user_id = apigw.create_resource(restApiId=api_id, parentId=users_id, pathPart="{userId}")["id"]
apigw.put_method(restApiId=api_id, resourceId=user_id, httpMethod="GET", authorizationType="NONE",
                 requestParameters={"method.request.path.userId": True})
apigw.put_integration(
    restApiId=api_id, resourceId=user_id, httpMethod="GET", type="AWS_PROXY", integrationHttpMethod="POST",
    uri=f"arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{get_user['FunctionArn']}/invocations",
)
lam.add_permission(FunctionName="get-user", StatementId="users-api-invoke", Action="lambda:InvokeFunction",
                   Principal="apigateway.amazonaws.com",
                   SourceArn=f"arn:aws:execute-api:{region}:{account}:{api_id}/*/GET/users/*")
apigw.create_deployment(restApiId=api_id, stageName="prod", description="first release")
print(f"https://{api_id}.execute-api.{region}.amazonaws.com/prod/users/u-1001")

# %% [markdown]
# ### 호출해 보기
# 브라우저라면 이 URL로 `GET` 요청을 보낼 것입니다. API Gateway는 그 요청을 아래와 같은 **프록시 이벤트**
# (중요한 부분만 남겼습니다)로 바꿔 `get-user`를 호출합니다.
#
# > **moto와 AWS의 차이:** 랩은 API를 저장하지만 `execute-api` 주소로 서비스하지는 않습니다. 그래서 우리가
# > API Gateway 역할을 맡습니다. API Gateway가 보낼 이벤트를 직접 만들고, 패키지를 이 커널 안에서 실행하는
# > `lab.invoke`로 함수를 실행합니다(노트북 06).

# %%
def api_event(user):
    """The Lambda proxy event API Gateway sends for GET /prod/users/<user>."""
    return {
        "resource": "/users/{userId}", "path": f"/users/{user}", "httpMethod": "GET",
        "headers": {"Accept": "application/json"}, "pathParameters": {"userId": user},
        "queryStringParameters": None, "body": None, "isBase64Encoded": False,
        "requestContext": {"stage": "prod", "resourcePath": "/users/{userId}", "httpMethod": "GET",
                           "apiId": api_id, "accountId": account, "identity": {"sourceIp": "203.0.113.10"}},
    }


rows = []
for user in ("u-1001", "u-1003", "u-0404"):
    answer = json.loads(lab.invoke("get-user", api_event(user))["Payload"])
    rows.append({"request": f"GET /users/{user}", "status": answer["statusCode"], "body": answer["body"]})
labkit.table(rows, title="users-api through get-user")

# %% [markdown]
# 응답은 노트북 06과 같습니다. 새로운 일은 응답 *뒤에서* 일어났습니다. 모든 조회가 스트림으로 갔고, 없는
# ID는 대기열에 들어갔습니다. 스트림을 가장 오래된 레코드부터(`TRIM_HORIZON`) 읽어 봅니다. 학습 자료의
# *Transformer* 함수가 받게 될 내용입니다.

# %%
shard = kinesis.list_shards(StreamName="user-activity")["Shards"][0]["ShardId"]
iterator = kinesis.get_shard_iterator(StreamName="user-activity", ShardId=shard,
                                      ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
records = kinesis.get_records(ShardIterator=iterator)["Records"]
labkit.table([{"partition key": r["PartitionKey"], "data": r["Data"].decode()} for r in records],
             title=f"user-activity, {shard}")

# %% [markdown]
# 스트림은 읽어도 아무것도 지워지지 않습니다. 소비자마다 자기 읽기 위치를 따로 가지며, 레코드는 보관
# 기간이 끝날 때까지 남습니다. 대기열은 정반대입니다. 메시지 하나는 소비자 하나에게만 전달되고, 그 소비자가
# 처리를 마치면 메시지를 삭제합니다.
#
# ### 소비자
# `user-events-processor`는 SQS 메시지를 배치로 받아, 처리하지 못한 메시지만 보고합니다
# (`batchItemFailures`). 그러면 그 메시지만 재시도됩니다. **이벤트 소스 매핑**이 있으면 Lambda가 대기열을
# 폴링해 함수를 호출합니다. 이 폴러를 위해 함수의 역할에는 `sqs:ReceiveMessage`, `DeleteMessage`,
# `GetQueueAttributes` 권한이 필요합니다.

# %%
PROCESSOR = '''\
"""user-events consumer: one SQS batch per call; report the messages that failed."""
import json


def lambda_handler(event, context):
    failures = []
    for record in event["Records"]:
        try:
            print("follow up on unknown user", json.loads(record["body"])["unknownUserId"])
        except (ValueError, KeyError):
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
'''

iam.create_role(RoleName="user-events-processor-role", AssumeRolePolicyDocument=json.dumps(LAMBDA_TRUST))
iam.put_role_policy(RoleName="user-events-processor-role", PolicyName="consume-user-events",
                    PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{
                        "Effect": "Allow", "Resource": queue_arn,
                        "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]}]}))
lam.create_function(
    FunctionName="user-events-processor", Runtime="python3.12", Timeout=10,
    Role=iam.get_role(RoleName="user-events-processor-role")["Role"]["Arn"],
    Handler="lambda_function.lambda_handler", Code={"ZipFile": zip_package({"lambda_function.py": PROCESSOR})},
)
mapping = lam.create_event_source_mapping(EventSourceArn=queue_arn, FunctionName="user-events-processor",
                                          BatchSize=10, FunctionResponseTypes=["ReportBatchItemFailures"])
print(mapping["State"], "mapping from", mapping["EventSourceArn"].rsplit(":", 1)[-1], "batch", mapping["BatchSize"])

# %% [markdown]
# > **moto와 AWS의 차이:** AWS라면 이제 매핑의 폴러가 대기열의 메시지를 몇 초 안에 가져갑니다. 랩에는
# > 백그라운드 폴러가 없습니다. moto는 *새* 메시지가 들어올 때만 대기열의 메시지를 매핑된 함수에 넘기고,
# > 그때 labkit이 함수를 이 커널 안에서 실행합니다. 매핑보다 먼저 들어온 메시지는 아직 기다리고 있으므로,
# > 폴러가 할 일을 한 번 직접 합니다. 배치를 받고, Lambda가 만들었을 이벤트로 함수를 호출하고, 처리된
# > 메시지를 삭제합니다.

# %%
batch = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, AttributeNames=["All"])["Messages"]
event = {"Records": [{"messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"], "body": m["Body"],
                     "attributes": m["Attributes"], "messageAttributes": {}, "md5OfBody": m["MD5OfBody"],
                     "eventSource": "aws:sqs", "eventSourceARN": queue_arn, "awsRegion": region} for m in batch]}
result = lab.invoke("user-events-processor", event)
failed = {f["itemIdentifier"] for f in json.loads(result["Payload"])["batchItemFailures"]}
for m in batch:
    if m["MessageId"] not in failed:
        sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=m["ReceiptHandle"])
log = base64.b64decode(result["LogResult"]).decode().splitlines()
print("\n".join(line for line in log if not line.startswith(("START", "END", "REPORT"))))
print(len(batch), "received,", len(failed), "failed; left in the queue:",
      sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["ApproximateNumberOfMessages"])["Attributes"][
          "ApproximateNumberOfMessages"])

# %% [markdown]
# ### 내 서버리스 계정을 그림으로
# `serverless` 뷰는 모든 채점기와 같은 스냅샷을 읽습니다. API 메서드와 그 통합, 함수들, 그리고 각 함수가
# 무엇에 닿을 수 있는지를 그립니다. 빨간 선은 함수의 **역할**이 호출할 수 있는 대상입니다. 코드를 읽어서가
# 아니라 역할의 정책을 평가해서(`labkit.iam.evaluate`) 정합니다. 굵은 파란 선은 이벤트 소스 매핑이고,
# 점선은 DLQ로의 리드라이브입니다. 메서드의 배지는 함수의 리소스 기반 정책이 이 API의 호출을 허용하는지를
# 보여 줍니다.

# %%
labkit.diagram(view="serverless")

# %% [markdown]
# 학습 자료의 그림과 비교해 보세요. 동기 경로(API Gateway → Lambda → DynamoDB), 실시간 경로의 시작점(변환
# 함수를 기다리는 Kinesis 스트림), 비동기 경로(SQS → 처리 함수, DLQ 포함)를 만들었습니다. 빠진 부분은 정적
# 사이트(S3 + CloudFront)와 OpenSearch입니다.
#
# > **moto와 AWS의 차이:** 랩은 IAM을 강제하지 않으므로, `get-user`는 빈 역할로도 동작했을 것입니다. 그래서
# > 다이어그램의 권한 선이 진짜 안전망입니다. AWS에서는 빠진 권한 하나가 새벽 3시의 `AccessDenied`가
# > 됩니다.
#
# 프로덕션 서버리스 API라면 다음을 더합니다. 스테이지의 **스로틀링**과 **API 키를 쓰는 사용량 계획**, ACM
# 인증서를 붙인 **사용자 지정 도메인**, 콜드 스타트가 문제라면 `get-user`의 **프로비저닝된 동시성**(노트북
# 06), **DLQ 깊이에 대한 경보**, 스트림의 **KMS 암호화**, 그리고 구간을 넘나드는 추적(tracing)입니다.
#
# ## 5. 패턴 3: EKS 기반 마이크로서비스 (마이크로서비스 아키텍처)
#
# 여러 팀이 한 제품을 만들면, 한 덩어리로 배포되는 애플리케이션이 병목이 됩니다. 마이크로서비스는 이를 작은
# 서비스로 나눕니다. 각 서비스는 한 팀이 소유하고, 따로 배포되며, 네트워크를 통해 다른 서비스와
# 통신합니다.

# %%
concepts.show("microservices_eks")

# %% [markdown]
# | 계층 | 학습 자료의 구성 요소 | 하는 일 |
# |---|---|---|
# | **인그레스** | AWS ALB Ingress Controller + AWS WAF | 클러스터 앞의 ALB 하나가 경로나 호스트별로 각 서비스에 라우팅하고, WAF가 공격을 걸러 냅니다 |
# | **서비스 메시** | Istio / App Mesh, 서비스마다 붙는 **Envoy 프록시 사이드카** | 서비스 간 트래픽이 사이드카를 거치며 재시도, 타임아웃, 상호 TLS, 카나리 릴리스를 위한 트래픽 이동이 더해집니다. 서비스 코드는 고치지 않습니다 |
# | **서비스** | User, Order, Product 서비스 | 각자 별도의 배포 단위로, 독립적으로 확장하고 릴리스합니다 |
# | **데이터 계층** | Aurora (사용자), DynamoDB (주문), ElastiCache Redis (세션/캐시) | **서비스마다 자기 데이터 저장소를 소유합니다.** 공유 데이터베이스가 없으므로 어느 팀도 다른 팀의 스키마를 망가뜨릴 수 없습니다 |
# | **관찰성** | CloudWatch Container Insights, X-Ray (추적), Prometheus + Grafana | 서비스가 수십 개면 지표, 로그, **분산 추적**만이 요청이 지나간 길을 볼 수 있는 유일한 방법입니다 |
#
# 학습 자료가 오래된 부분은 오늘날의 이름으로 바꿔 읽으세요. *ALB Ingress Controller*는 **AWS Load
# Balancer Controller**가 되었고(2020년), AWS는 **App Mesh**의 종료를 발표했으며(2026년 9월 30일 지원 종료)
# 대안으로 **Amazon VPC Lattice**나 Istio를 권합니다. 새로 추적을 도입한다면 AWS는 **OpenTelemetry**(X-Ray로도
# 보낼 수 있는 AWS Distro for OpenTelemetry)를 권장합니다.
#
# 이 패턴이 실행될 클러스터는 노트북 08에서 만들었습니다(`eks.private_cluster`: 프라이빗 API 엔드포인트,
# 컨트롤 플레인 로그, 보안 암호 암호화, 프라이빗 서브넷의 관리형 노드 그룹). 파드마다 VPC 주소를 하나씩 쓰므로
# 학습 자료의 CIDR 계획은 파드에 큼직한 전용 서브넷을 줍니다(EKS Pod Subnets `10.0.100.0/18`과
# `10.0.128.0/18`. 단, 노트북 08에서 보았듯이 `10.0.100.0/18`은 호스트 비트가 켜진 표기라서 실제로는
# `10.0.64.0/18`로 만들어야 합니다). 서비스 자체는 boto3 호출이 아니라 `kubectl`로 적용하는 Kubernetes
# 객체(Deployment, Service, Ingress)입니다. 이 과정이 클러스터까지만 다루는 이유입니다.
#
# ## 6. 패턴 고르기
#
# | 질문 | 3계층 | 서버리스 | EKS 기반 마이크로서비스 |
# |---|---|---|---|
# | 배포 단위 | 서버 이미지 / 인스턴스 집합 | 함수 | 서비스별 컨테이너 |
# | 확장 | Auto Scaling 그룹 (분 단위) | 요청마다 자동 (0까지) | 파드 (초 단위), 노드 (분 단위) |
# | 내가 운영할 것 | OS 패치, AMI, 인스턴스 집합 | 거의 없음: 코드와 구성 | 클러스터, 노드, 메시, 추가 기능 |
# | 유휴 시 비용 | 최소 인스턴스, NAT 게이트웨이, 데이터베이스 | 거의 0 (스토리지만) | 컨트롤 플레인, 노드, 메시 |
# | 지켜야 할 한도 | 인스턴스 크기 | 실행당 15분, 10,240MB, 동시성 (노트북 06) | Kubernetes 자체의 복잡도 |
# | 상태 저장 위치 | RDS (+ S3) | DynamoDB (+ S3) | 서비스마다 저장소 하나 |
# | 가장 잘 맞는 경우 | 꾸준한 트래픽, 기존 애플리케이션, 오래 걸리는 요청 | 변동이 심하거나 이벤트 기반인 트래픽, 작은 팀 | 많은 팀, 많은 서비스, 이식성 (K8s 표준) |
#
# 실제 시스템은 패턴을 섞어 씁니다. 3계층 핵심에 서버리스 작업을 곁들이거나, 마이크로서비스가 급증하는
# 부하를 Lambda로 넘기기도 합니다. 어떻게 섞든 **AWS Well-Architected Framework**(학습 자료의 참고 자료)는
# 여섯 가지 원칙, 즉 운영 우수성, 보안, 안정성, 성능 효율성, 비용 최적화, 지속 가능성에 따라 구성을
# 검토합니다. 3절의 감사는 그중 한 원칙(보안)에 대해 이 검토를 해 본 것입니다.
#
# ## 7. 퀴즈

# %%
labkit.quiz("architectures")

# %% [markdown]
# ## 정리
# - **3계층 아키텍처**(3-Tier): 프레젠테이션 계층(CloudFront → ALB → 웹 서버. 캐싱, TLS 종료, WAF),
#   애플리케이션 계층(내부 ALB → 앱 서버. 세션용 ElastiCache), 데이터 계층(RDS Multi-AZ, 읽기 전용 복제본,
#   S3)으로 이루어지며, 계층마다 자기 서브넷에 두 AZ에 걸쳐 두고 보안 그룹으로 사슬처럼 잇습니다.
# - 빈 계정에서 이 구조를 만들었습니다. AZ마다 NAT 게이트웨이를 둔 네트워크, 보안 그룹 체인, 암호화된
#   Multi-AZ 데이터베이스, 인터넷 연결 ALB 뒤의 Auto Scaling 그룹, KMS로 암호화하고 TLS만 허용하는 버킷을
#   만들었고, `capstone.three_tier`에서 만점을 받았습니다.
# - `labkit.audit()`이 Security Hub처럼 검토했습니다. 만점이 "더 할 일이 없다"는 뜻은 아닙니다. 계정
#   기본값(EBS 암호화, 계정 수준 퍼블릭 액세스 차단), 흐름 로그, 쓰지 않는 기본 VPC는 금방 고쳤고, 볼륨
#   암호화, 사용자 지정 네트워크 ACL, 액세스 로그, 수명 주기 규칙이 다음 과제입니다.
# - **서버리스**: 요청은 API Gateway → Lambda → DynamoDB로, 비동기 작업은 SQS(DLQ 포함, 가시성 제한 시간은
#   함수 제한 시간의 6배 이상)로, 순서가 있는 실시간 이벤트는 Kinesis로 처리합니다. 권한은 함수마다 역할과
#   리소스 기반 정책에서 나오며, `labkit.diagram(view="serverless")`가 각 함수가 닿을 수 있는 대상을
#   그립니다.
# - **EKS 기반 마이크로서비스**: 인그레스, Envoy 사이드카를 쓰는 서비스 메시, 서비스별 데이터 저장소, 기본으로
#   갖춘 관찰성으로 이루어집니다. 여러 팀이 독립적으로 배포해야 할 때 그 복잡도를 감수할 가치가 있습니다.
#
# 이것으로 과정을 모두 마쳤습니다. 랩을 닫습니다.

# %%
lab.stop()
lab
