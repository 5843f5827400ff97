# %% [markdown]
# # 10 · Architecture patterns — putting it all together (아키텍처 패턴)
#
# Every notebook so far taught one service. Real systems combine them, and a few combinations
# come back again and again. The seed document ends with three of them, and so does this course:
#
# | pattern | 한국어 | compute | state | typical use |
# |---|---|---|---|---|
# | **3-tier** | 3-Tier 아키텍처 | EC2 (or ECS/EKS) behind load balancers | RDS Multi-AZ, S3 | classic web applications, lift-and-shift |
# | **Serverless** | 서버리스 아키텍처 | Lambda, invoked by API Gateway, queues and streams | DynamoDB, S3 | spiky or event-driven workloads, small teams |
# | **Microservices on EKS** | 마이크로서비스 아키텍처 (EKS 기반) | containers on Kubernetes | one data store per service | many teams shipping independently |
#
# **In this notebook you will**
# 1. read each pattern in the seed's own figure, tier by tier, and see which services of the course
#    play which part;
# 2. **build the 3-tier capstone from an empty account** — network, security groups, database, Auto
#    Scaling application tier, load balancer and a secure bucket — and have it graded with
#    `capstone.three_tier`;
# 3. draw it live, then **review it as AWS Security Hub would** with `labkit.audit()`: understand why
#    some controls fail even for a build that earns full marks, fix what you can and plan the rest;
# 4. **build the serverless pattern, small and live**: an API Gateway REST API with a Lambda proxy
#    integration to a function that reads DynamoDB, writes to a Kinesis stream and queues work on SQS
#    for a second function — and draw it with the `serverless` view;
# 5. place the EKS microservices pattern next to the two you built, and learn how to choose.
#
# One graded lab task, `capstone.three_tier` (the last of the course), and the `architectures` quiz.

# %%
import base64
import json

import labkit
from labkit.diagrams import concepts
from labkit.runtime import zip_package

# %% [markdown]
# ## 1. Pattern 1: the 3-tier architecture (3-Tier 아키텍처)
#
# The oldest and most common shape of a web application splits it into three **tiers** (계층), each a
# layer that only talks to its neighbours:

# %%
concepts.show("three_tier")

# %% [markdown]
# | tier | 한국어 | the seed's components | what they do |
# |---|---|---|---|
# | **Presentation** | 프레젠테이션 계층 | CloudFront (CDN) → ALB → web servers (EC2/ECS/EKS) | static content caching at the edge, **SSL/TLS termination** at the load balancer, **WAF** integration against common web attacks |
# | **Application** | 애플리케이션 계층 | internal ALB → app servers (EC2/ECS/EKS) | business logic, API processing; **ElastiCache (Redis)** keeps sessions and a cache, so any app server can answer any request |
# | **Data** | 데이터 계층 | **RDS Multi-AZ** (primary + standby), **read replicas** for read-heavy workloads, **S3** for objects | durable state: the only tier that must never lose anything |
#
# Two ideas make it work on AWS:
# - **each tier in its own subnets** (notebook 02): public subnets hold only the entry points (the
#   internet-facing ALB and the NAT gateways); app servers sit in private subnets that reach out
#   through NAT; databases sit in isolated subnets with no route to the internet at all;
# - **each tier across two or more availability zones** (가용 영역): two ALB nodes, app servers in both
#   AZs under one Auto Scaling group, and the database's synchronous standby in the other AZ. Losing
#   a whole AZ costs capacity, not the application.
#
# Security groups chain the tiers (보안 그룹 체인, notebook 02): the web tier admits 80/443 from anywhere,
# the app tier admits 8080 only *from the web tier's group*, the database admits 3306 only *from the
# app tier's group*. No address appears in those rules, so they keep working as instances come and go.
#
# ## 2. Capstone: build the 3-tier architecture from an empty account (`capstone.three_tier`)
#
# The capstone assembles five tasks you met in earlier notebooks — `vpc.three_tier_network`,
# `vpc.security_groups`, `autoscaling.web_asg`, `rds.multi_az_db` and `s3.secure_bucket` — plus the
# load balancer that joins the web and app tiers, and grades them together:

# %%
task = labkit.task("capstone.three_tier")
print(task.title, f"({task.max_score} points)\n")
print(task.text)

# %% [markdown]
# The capstone keeps the seed's design but leaves out what the lab cannot show or what costs a lot
# to run for a demo: **CloudFront and WAF** in front, the **internal ALB** between the tiers (the
# public ALB forwards straight to the app servers, so the web and app servers are one fleet), and
# **ElastiCache** and **read replicas**. Section 3 comes back to what a production build adds.
#
# The starter is an **empty account** — only moto's default VPC, which the capstone does not use.
# Open it, and make the clients every cell below uses:

# %%
lab = labkit.start(labkit.task("capstone.three_tier").starter, seed=0, replace=True)
ec2, elbv2, autoscaling = lab.client("ec2"), lab.client("elbv2"), lab.client("autoscaling")
rds, s3, kms, ssm = lab.client("rds"), lab.client("s3"), lab.client("kms"), lab.client("ssm")
print(lab)
print("VPCs:", [(v["VpcId"], "default" if v["IsDefault"] else "") for v in ec2.describe_vpcs()["Vpcs"]])

# %% [markdown]
# **Your turn.** Build it tier by tier, in as many cells as you like — the grader reads the account,
# not your code. The reference solution follows, in six steps; try each step yourself first.
#
# **Step 1 — the network (notebook 02).** VPC `main` with the seed's CIDR plan: public, app and db
# subnets, one of each per AZ. An internet gateway for the public subnets, and — as in the seed's VPC
# figure — **one NAT gateway per AZ**, so that losing one AZ does not cut the other AZ's app servers
# off the internet (one NAT would be cheaper, at that risk). The db subnets get no default route.
# We leave *auto-assign public IP* off everywhere: nothing launched in the public subnets needs it
# (the ALB and the NAT gateways get their own addresses).

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
# **Step 2 — the security groups (notebook 02).** The chain web → app → db, each rule naming the
# group before it, and the VPC's *default* security group emptied (Security Hub control EC2.2):
# nothing should ever land in it by accident and be reachable.

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
# **Step 3 — the data tier (notebook 05).** A DB subnet group of the two db subnets, and `app-db`:
# MySQL, Multi-AZ, encrypted, private, backups kept 7 days, deletion protection, behind `db-sg`.
# `ManageMasterUserPassword=True` lets RDS create the password and keep it in Secrets Manager, so no
# password ever appears in your code.

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
# **Step 4 — the application tier (notebooks 03 and 09).** Launch template `app` that requires
# IMDSv2, and Auto Scaling group `app-asg` across the two app subnets: at least 2, normally 3, at
# most 10 servers, tracking 50 % average CPU with a 300-second warm-up, and a warm pool of stopped
# instances ready to join quickly.

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
# **Step 5 — the entry point.** An internet-facing Application Load Balancer `web-alb` in both public
# subnets behind `web-sg`, a target group on the app servers' port 8080 with a health check, a
# listener on HTTP 80, and the target group attached to `app-asg`. With `HealthCheckType="ELB"` the
# group also replaces servers the load balancer finds unhealthy, not only servers that stop.

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
# **Step 6 — object storage (notebook 04).** `my-secure-bucket` with the seed's S3 best practices:
# SSE-KMS with a customer managed key aliased `alias/my-s3-key` and the S3 Bucket Key, all four Block
# Public Access settings, versioning, and a policy that refuses plain HTTP.

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
# **Check.** Every check of the five tasks, plus the load balancer's:

# %% tags=["check"]
labkit.grade("capstone.three_tier")

# %% [markdown]
# > **moto vs AWS:** everything above is ready the moment it is created. In AWS the NAT gateways
# > take a minute or two (the waiter in step 1 is what you would really need), the Multi-AZ database
# > ten minutes or more, and the Auto Scaling group's servers a few minutes to launch and pass the
# > load balancer's health check. Nothing answers on the load balancer's address either: the lab
# > has no servers running your code.
#
# ### Your 3-tier account, drawn
# The same seed figure, now read back from *your* account: the six subnets stacked by tier in two
# AZs, the NAT gateways in the public subnets, the load balancer and the Auto Scaling group's
# servers, the database's primary and standby, and the security-group chain under them.

# %%
labkit.diagram(view="network")

# %% [markdown]
# The diagram infers each subnet's tier from its routes, never from its name: public (a route to
# the internet gateway), private (a route to a NAT gateway) or isolated (no default route). Your db
# subnets are isolated because you gave them no way out — exactly what the seed asks of the data tier.
#
# > **moto vs AWS:** the lab launched all three `app-asg` servers in `ap-northeast-2a`. AWS balances an
# > Auto Scaling group across its AZs (two in one, one in the other here), which is the point of
# > giving it two subnets; a lost AZ then takes a third of the fleet, not all of it.
#
# ## 3. A Security Hub review of the capstone (`labkit.audit()`)
#
# Full marks means "what the task asked for is there". It does not mean "nothing could be better".
# **AWS Security Hub** answers the second question: it runs *controls* from standards such as AWS
# Foundational Security Best Practices (FSBP) over an account and reports each resource as passed or
# failed. `labkit.audit()` runs the same controls over your lab, offline:

# %%
before = labkit.audit()
before

# %% [markdown]
# Read the failures as a reviewer would. Some are real gaps of the design, some come from AWS's (and
# moto's) defaults for things the capstone never touched, and one is the lab's:
#
# | control | why it fails for the capstone | the fix |
# |---|---|---|
# | **EC2.2** default SG has rules | you emptied `main`'s default group, but the unused *default VPC* still has its own, with an all-outbound rule | empty it too — or delete the default VPC you do not use |
# | **EC2.3** EBS volumes encrypted | the servers' root volumes are unencrypted: the launch template asks for nothing, and EBS encryption by default is off | `Encrypted: True` in the template's `BlockDeviceMappings`, then replace the servers (an instance refresh); existing volumes can only be copied encrypted |
# | **EC2.6** VPC flow logs | neither VPC records its traffic, so a rejected-connection storm or an exfiltration would leave no trace | `ec2.create_flow_logs(...)` to CloudWatch Logs or S3 |
# | **EC2.7** EBS default encryption | off unless you turn it on, per region — in AWS as in the lab | `ec2.enable_ebs_encryption_by_default()` |
# | **EC2.8** IMDSv2 | **the lab's artefact**: your template requires IMDSv2, and AWS would launch the servers with `HttpTokens=required`; moto does not carry a template's metadata options over to the instances it launches | in AWS nothing; in the lab, set it on the running servers (below) |
# | **EC2.15** subnets auto-assign public IPs | only the default VPC's four default subnets: your subnets never do | delete the default VPC |
# | **EC2.21** network ACLs admit 22/3389 | every default network ACL allows all inbound traffic; security groups are your real filter, but the control wants a second layer | custom network ACLs per tier (notebook 02's `vpc.private_nacl`) |
# | **S3.1** account-level Block Public Access | the bucket blocks public access, the *account* does not — a future bucket would start open | `s3control.put_public_access_block(AccountId=...)` |
# | **S3.9** server access logging | nobody records who read or wrote the bucket | `s3.put_bucket_logging(...)` to a separate log bucket |
# | **S3.13** lifecycle configuration | a versioned bucket keeps every old version forever, and pays for it | a lifecycle rule, e.g. expire noncurrent versions after 90 days (notebook 04) |
#
# What passes is just as telling: no security group opens a high-risk port (EC2.19) or anything but
# 80/443 to the world (EC2.18), no server has a public address (EC2.9), the database is private,
# encrypted, Multi-AZ, backed up and protected (RDS.2/3/5/8/11), and the bucket is encrypted with
# KMS, private and TLS-only (S3.2/3/5/8/17). `NO_DATA` controls (IAM.1, RDS.7 ...) had nothing in
# scope: the capstone has no IAM users or Aurora clusters.
#
# ### Fix what you can
# The account-wide switches and the clean-up take a few calls. These cells read everything they need
# back from the account, so they work on your own build too:

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
# > **moto vs AWS:** `iam:PassRole` and the log group's permissions are not checked in the lab; in AWS
# > the flow-logs role also needs a policy allowing `logs:CreateLogStream` and `logs:PutLogEvents`.
# > And a real default VPC has an internet gateway, which the loop detaches and deletes first (moto's
# > default VPC has none).
#
# Audit again, and compare control by control:

# %%
after = labkit.audit()
changed = [{"control": c.id, "severity": c.severity, "before": before.control(c.id).status, "after": c.status,
            "title": c.title} for c in after if c.status != before.control(c.id).status or c.status == "FAILED"]
print(repr(before).splitlines()[0])
print(repr(after).splitlines()[0])
labkit.table(changed, title="Controls that changed, and those still failing")

# %% [markdown]
# > **moto vs AWS:** when a VPC is deleted AWS deletes its default network ACL with it; moto keeps
# > it, so EC2.21 may still list a network ACL whose VPC no longer exists. Ignore that one.
#
# **What a reviewer would ask for next** — each is a few calls you have met in earlier notebooks:
# - **EC2.3**: add `BlockDeviceMappings` with `Encrypted: True` (and a KMS key) to a new version of
#   template `app`, then `autoscaling.start_instance_refresh(AutoScalingGroupName="app-asg")` so every
#   server is replaced by one with an encrypted volume;
# - **EC2.21**: custom network ACLs per tier (the app-tier one is notebook 02's `vpc.private_nacl`);
# - **S3.9 / S3.13**: access logs of `my-secure-bucket` into a separate log bucket, and a lifecycle rule
#   for its noncurrent versions;
# - beyond the controls, the parts of the seed's figure the capstone left out: **HTTPS on 443** with an
#   ACM certificate on the ALB (the seed's *SSL/TLS termination*; the capstone listens on plain HTTP
#   80), **AWS WAF** on the ALB, **CloudFront** in front, an **internal ALB** between web and app
#   servers, **ElastiCache** for sessions and **read replicas** for read-heavy traffic.
#
# None of these fixes touched what the capstone grades, so it still earns full marks:

# %% tags=["check"]
labkit.grade("capstone.three_tier")

# %% [markdown]
# ## 4. Pattern 2: the serverless architecture (Serverless 아키텍처)
#
# Serverless (서버리스) does not mean "no servers": it means **no servers that you manage**. You
# never pick an instance type, patch an OS or size a fleet; AWS runs your code when an event arrives
# and bills per request and per millisecond, down to zero when nothing happens.

# %%
concepts.show("serverless")

# %% [markdown]
# | part of the seed's figure | service | role in the pattern |
# |---|---|---|
# | Client browser → CloudFront (CDN) → **S3 (static web)** | S3 + CloudFront | the single-page app (React/Vue) is static files, served from the edge |
# | **API Gateway (REST/HTTP)** | API Gateway | the front door: request validation, rate limiting (throttling), API key auth, request/response transformation |
# | **Lambda (Users / Orders / Products)** | Lambda | one small function per resource or route, scaled per request |
# | **DynamoDB** | DynamoDB | single-table design, on-demand capacity, global secondary indexes (GSI) for other access patterns |
# | 비동기 처리 (asynchronous): **SQS → Lambda (Processor) → S3 (Archive)** | SQS + Lambda | work that need not finish before answering is queued; a consumer function drains the queue at its own pace |
# | 실시간 처리 (real time): **Kinesis → Lambda (Transformer) → OpenSearch (Search)** | Kinesis Data Streams + Lambda | an ordered stream of events, transformed and indexed for search as they arrive |
#
# API Gateway offers two kinds of API today: **REST APIs** (the original, with API keys and usage
# plans, request validation and transformation — the features the seed lists) and **HTTP APIs**
# (cheaper and faster, with JWT authorizers, but without API keys or request validation). We build a
# REST API.
#
# ### Build it, small
# A user lookup like notebook 06's, wired into the rest of the pattern:
# - `GET /users/{userId}` on REST API `users-api`, a **Lambda proxy integration** to `get-user`;
# - `get-user` reads table `Users`, **streams every lookup** to Kinesis stream `user-activity` (real-time
#   analytics), and **queues every unknown id** on SQS queue `user-events` for a background job;
# - `user-events-processor` consumes the queue; messages that fail five times go to the
#   **dead-letter queue** (DLQ, 배달 못한 편지 대기열) `user-events-dlq`.
#
# A fresh lab starts from scenario `users-table` (the `Users` table with three users):

# %%
lab = labkit.start("users-table", seed=0, replace=True)
region, account = lab.region, lab.account_id
ddb, sqs, kinesis = lab.client("dynamodb"), lab.client("sqs"), lab.client("kinesis")
iam, lam, apigw = lab.client("iam"), lab.client("lambda"), lab.client("apigateway")
labkit.table(sorted(({k: v["S"] for k, v in item.items()} for item in ddb.scan(TableName="Users")["Items"]),
                    key=lambda user: user["userId"]), title="Table Users")

# %% [markdown]
# **The queue and its dead-letter queue.** A consumer that fails leaves its message in the queue; it
# becomes visible again after the **visibility timeout** and is retried. The **redrive policy** moves
# a message that was received `maxReceiveCount` times to the DLQ, where it waits (14 days here, the
# longest SQS keeps a message) for a human to look. AWS's rule of thumb: a visibility timeout of at
# least **six times the consumer function's timeout** (60 s for a 10 s function).

# %%
sqs.create_queue(QueueName="user-events-dlq", Attributes={"MessageRetentionPeriod": str(14 * 24 * 3600)})
dlq_arn = f"arn:aws:sqs:{region}:{account}:user-events-dlq"
queue_url = sqs.create_queue(QueueName="user-events", Attributes={
    "VisibilityTimeout": "60",
    "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "5"}),
})["QueueUrl"]
queue_arn = f"arn:aws:sqs:{region}:{account}:user-events"

# %% [markdown]
# **The stream.** A Kinesis data stream is split into **shards**; each takes up to 1 MB/s or 1,000
# records/s of writes and serves 2 MB/s of reads, and records with the same **partition key** stay
# in order in one shard. Records are kept 24 hours by default (up to 365 days). One shard is plenty
# here; on-demand mode (`StreamModeDetails={"StreamMode": "ON_DEMAND"}`) would size itself.

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
# New queues are encrypted at rest with SQS-managed keys (SSE-SQS) by default since 2022; a stream is
# not encrypted until you ask (`kinesis.start_stream_encryption(..., EncryptionType="KMS")`).
#
# **The function and its role.** Least privilege (최소 권한, notebook 01): exactly the three actions the
# code performs, each on its one resource.

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
# **The API.** A REST API is a tree of **resources** (paths), each with **methods**; a method's
# **integration** says what answers it. With a *Lambda proxy integration* (`type="AWS_PROXY"`) API
# Gateway hands the whole HTTP request to the function as one event and turns the function's
# `{"statusCode", "headers", "body"}` back into the HTTP response. Integrations always call Lambda
# with `POST`, whatever the client's method. API Gateway also needs **permission** to invoke the
# function: a statement in the function's resource policy (`lambda.add_permission`), scoped to this
# API. Finally a **deployment** publishes the API to a **stage** (`prod`).

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
# ### Call it
# A browser would `GET` that URL. API Gateway would turn the request into a **proxy event** like the one
# below (trimmed to what matters) and invoke `get-user` with it:
#
# > **moto vs AWS:** the lab stores the API but serves no `execute-api` address. So we play API
# > Gateway: build the event it would send and run the function with `lab.invoke` (notebook 06), which
# > runs its package in this kernel.

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
# The answers are the same as notebook 06's. What is new happened *behind* them: every lookup went
# to the stream, and the unknown id was queued. Read the stream from its oldest record
# (`TRIM_HORIZON`) — what the seed's *Transformer* function would receive:

# %%
shard = kinesis.list_shards(StreamName="user-activity")["Shards"][0]["ShardId"]
iterator = kinesis.get_shard_iterator(StreamName="user-activity", ShardId=shard,
                                      ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
records = kinesis.get_records(ShardIterator=iterator)["Records"]
labkit.table([{"partition key": r["PartitionKey"], "data": r["Data"].decode()} for r in records],
             title=f"user-activity, {shard}")

# %% [markdown]
# Reading a stream does not remove anything: every consumer keeps its own position, and records stay
# until the retention period ends. A queue is the opposite: each message goes to one consumer, which
# deletes it when done.
#
# ### The consumer
# `user-events-processor` receives SQS messages in batches and reports the ones it could not
# handle (`batchItemFailures`), so only those are retried. An **event source mapping** makes Lambda
# poll the queue and invoke it; the function's role needs `sqs:ReceiveMessage`, `DeleteMessage` and
# `GetQueueAttributes` for that poller.

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
# > **moto vs AWS:** in AWS the mapping's poller would now pick up the queued message within seconds.
# > The lab has no background poller: moto hands a queue's messages to the mapped function only when
# > a *new* message is sent (labkit then runs the function in this kernel). The message queued before
# > the mapping existed is still waiting, so we do the poller's job once ourselves — receive a batch,
# > invoke the function with the event Lambda would build, and delete what it handled:

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
# ### Your serverless account, drawn
# The `serverless` view reads the same snapshot as every grader: API methods and their integrations,
# the functions, and what each one reaches. A red edge is what the function's **role** may call —
# decided by evaluating its policies (`labkit.iam.evaluate`), not by reading the code; the bold blue
# edge is the event source mapping; the dashed one the redrive to the DLQ. The method's badge says
# whether the function's resource policy lets this API invoke it.

# %%
labkit.diagram(view="serverless")

# %% [markdown]
# Compare it with the seed's figure: you built the synchronous path (API Gateway → Lambda →
# DynamoDB), the start of the real-time path (a Kinesis stream, waiting for a transformer) and the
# asynchronous path (SQS → a processor, with a DLQ). The static site (S3 + CloudFront) and
# OpenSearch are the parts left out.
#
# > **moto vs AWS:** the lab does not enforce IAM: `get-user` would have worked with an empty role.
# > The diagram's permission edges are therefore your real safety net — in AWS a missing one is an
# > `AccessDenied` at 3 a.m.
#
# Things a production serverless API adds: **throttling** and **usage plans with API keys** on the
# stage, a **custom domain** with an ACM certificate, **provisioned concurrency** on `get-user` if cold
# starts matter (notebook 06), an **alarm on the DLQ's depth**, **KMS encryption** on the stream, and
# tracing across the hops.
#
# ## 5. Pattern 3: microservices on EKS (마이크로서비스 아키텍처, EKS 기반)
#
# When many teams build one product, a single deployable becomes the bottleneck. Microservices split
# it into small services, each owned by one team, deployed on its own, and talking to the others
# over the network:

# %%
concepts.show("microservices_eks")

# %% [markdown]
# | layer | the seed's components | what it does |
# |---|---|---|
# | **Ingress** | AWS ALB Ingress Controller + AWS WAF | one ALB in front of the cluster routes each path or host to a service; WAF filters attacks |
# | **Service mesh** | Istio / App Mesh, an **Envoy proxy sidecar** beside every service | service-to-service traffic through the sidecars: retries, timeouts, mutual TLS, traffic shifting for canary releases — without changing the services' code |
# | **Services** | User, Order and Product services | each its own deployment, scaled and released independently |
# | **Data layer** | Aurora (users), DynamoDB (orders), ElastiCache Redis (sessions/cache) | **each service owns its data store** — no shared database, so no team can break another's schema |
# | **Observability** | CloudWatch Container Insights, X-Ray (tracing), Prometheus + Grafana | with dozens of services, metrics, logs and **distributed traces** are the only way to see a request's path |
#
# Where the seed is dated, today's names: the *ALB Ingress Controller* became the **AWS Load Balancer
# Controller** (2020); AWS has announced the end of **App Mesh** (support ends on 30 September 2026)
# and points to **Amazon VPC Lattice** or Istio instead; and for new tracing AWS recommends
# **OpenTelemetry** (the AWS Distro for OpenTelemetry, which still sends to X-Ray).
#
# Notebook 08 built the cluster this pattern runs on (`eks.private_cluster`: private API endpoint,
# control-plane logs, secrets encryption, a managed node group in private subnets), and the seed's
# CIDR plan gives its pods their own large subnets (EKS Pod Subnets `10.0.100.0/18` — which, as
# notebook 08 showed, must read `10.0.64.0/18` — and `10.0.128.0/18`), because every pod takes a
# VPC address. The services themselves are Kubernetes
# objects (Deployments, Services, Ingresses) that you apply with `kubectl`, not boto3 calls — which
# is why this course stops at the cluster.
#
# ## 6. Choosing a pattern
#
# | question | 3-tier | serverless | microservices on EKS |
# |---|---|---|---|
# | unit you deploy | a server image / fleet | a function | a container per service |
# | scaling | Auto Scaling groups (minutes) | per request, automatic (to zero) | pods (seconds) on nodes (minutes) |
# | you operate | OS patches, AMIs, fleets | almost nothing: code and configuration | the cluster, nodes, mesh, add-ons |
# | cost when idle | the minimum fleet, NAT gateways, the database | close to zero (storage only) | the control plane, nodes, the mesh |
# | limits to respect | instance sizes | 15 min per run, 10,240 MB, concurrency (notebook 06) | Kubernetes' own complexity |
# | state lives in | RDS (+ S3) | DynamoDB (+ S3) | one store per service |
# | fits best | steady traffic, existing apps, long requests | spiky or event-driven traffic, small teams | many teams, many services, portability (K8s standard) |
#
# Real systems mix them: a 3-tier core with serverless jobs on the side, or microservices that call
# Lambda for bursts. Whatever the mix, the **AWS Well-Architected Framework** (the seed's reference)
# reviews it along six pillars — operational excellence, security, reliability, performance
# efficiency, cost optimisation and sustainability — which is what section 3's audit did for one
# pillar.
#
# ## 7. Quiz

# %%
labkit.quiz("architectures")

# %% [markdown]
# ## Recap
# - **3-tier** (3-Tier 아키텍처): presentation (CloudFront → ALB → web servers; caching, TLS termination,
#   WAF), application (internal ALB → app servers; ElastiCache for sessions) and data (RDS Multi-AZ,
#   read replicas, S3), each tier in its own subnets and across two AZs, chained by security groups.
# - You built it from an empty account — network with a NAT gateway per AZ, the SG chain, a Multi-AZ
#   encrypted database, an Auto Scaling group behind an internet-facing ALB, a KMS-encrypted TLS-only
#   bucket — and `capstone.three_tier` gave it full marks.
# - `labkit.audit()` reviewed it like Security Hub: full marks is not "nothing left to do". Account
#   defaults (EBS encryption, account-level Block Public Access), flow logs and the unused default
#   VPC were quick fixes; encrypted volumes, custom NACLs, access logs and lifecycle rules are next.
# - **Serverless** (서버리스): API Gateway → Lambda → DynamoDB for requests, SQS (with a DLQ, visibility
#   timeout ≥ 6 × the function timeout) for asynchronous work, Kinesis for ordered real-time events;
#   permissions come from each function's role and resource policy; `labkit.diagram(view="serverless")`
#   draws what each function may reach.
# - **Microservices on EKS** (마이크로서비스): ingress, a service mesh with Envoy sidecars, a data store per
#   service, and observability built in; worth its complexity when many teams ship independently.
#
# That is the end of the course. Close the lab:

# %%
lab.stop()
lab
