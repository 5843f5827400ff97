# %% [markdown]
# # 03 · EC2 — virtual servers (Amazon EC2, 가상 서버와 인스턴스)
#
# Amazon EC2 (Elastic Compute Cloud) is AWS's most basic compute service: it rents you virtual
# servers, called **instances** (인스턴스), by the second. Almost everything else in the course —
# Auto Scaling, load balancers, ECS and EKS nodes — is built from EC2 instances.
#
# **In this notebook you will**
# 1. read an instance type's name and pick a family (인스턴스 유형) from the seed's table, checked
#    against live `describe_instance_types` data;
# 2. compare the purchase options (구매 옵션) — On-Demand, Reserved, Spot, Savings Plans — and see
#    what their discounts mean in a plot;
# 3. prepare a launch: the AMI (머신 이미지), a key pair (키 페어), a security group (보안 그룹), tags (태그),
#    and the instance metadata service with IMDSv2 enforced (IMDSv2 강제 적용);
# 4. launch the seed's web server (graded task `ec2.web_server`), read it back and see it on a
#    diagram of your network.

# %% [markdown]
# ## 1. Open a lab
# An empty account is enough: it has a default VPC (기본 VPC) to launch into.

# %%
import labkit

lab = labkit.start(seed=0)
ec2 = lab.client("ec2")
lab

# %% [markdown]
# ## 2. Instance families (인스턴스 유형)
#
# An instance type's name packs four facts. `t3.medium`, `m7i.large`, `t4g.medium`:
#
# | Part | Example | Meaning |
# |---|---|---|
# | family | `t`, `m`, `c`, `r`, `p`, `i` | what the hardware is balanced for (the table below) |
# | generation | `3`, `7` | higher is newer, and usually cheaper for the same work |
# | attributes | `g`, `i`, `a`, `d`, `n` | `g` AWS Graviton (Arm), `i` Intel, `a` AMD, `d` local NVMe disks, `n` faster network |
# | size | `medium`, `large`, `24xlarge` | bigger sizes have more vCPUs and memory, typically double per step, at a proportional price |
#
# The seed's families:
#
# | Family | 용도 (purpose) | 사용 사례 (use cases) |
# |---|---|---|
# | **t3/t4g** | 범용, 버스트 가능 — general purpose, burstable | 개발/테스트, 소규모 웹 서버 — dev/test, small web servers |
# | **m6i/m7i** | 범용, 고정 성능 — general purpose, steady performance | 프로덕션 웹 서버, 애플리케이션 서버 — production web and application servers |
# | **c6i/c7i** | 컴퓨팅 최적화 — compute optimised | 배치 처리, 게임 서버, 과학 연산 — batch jobs, game servers, scientific computing |
# | **r6i/r7i** | 메모리 최적화 — memory optimised | 인메모리 캐시, 대용량 DB — in-memory caches, large databases |
# | **p4d/p5** | GPU 최적화 — accelerated (GPU) | 머신러닝, 영상 처리 — machine learning, video processing |
# | **i4i** | 스토리지 최적화 — storage optimised | NoSQL DB, 데이터 웨어하우스 — NoSQL databases, data warehouses |
#
# The account itself can describe every type. Ask it about one size of each family the seed names:

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
# What the live data adds to the table:
# - **t3/t4g** are *burstable*: they run below a baseline (20 % of each vCPU for a `t3.medium`) and
#   earn CPU credits while idle, which they spend on bursts — cheap for a web server that is mostly
#   quiet, wrong for a CPU that is busy all day (that is what **m** is for). `t4g` runs on AWS's own
#   Arm processor, Graviton (`arm64`), typically at a lower price than the Intel `t3`.
# - At the same size, **c**, **m** and **r** differ in memory per vCPU: 2, 4 and 8 GiB.
# - **p4d** and **p5** carry eight NVIDIA GPUs each (A100, H100).
# - **i4i** has fast local NVMe disks (*instance store*): they vanish when the instance stops, so
#   the software on top (NoSQL databases) keeps replicas.
#
# Sizes within one family — each step doubles the memory:

# %%
t3 = ec2.describe_instance_types(Filters=[{"Name": "instance-type", "Values": ["t3.*"]}])["InstanceTypes"]
sizes = sorted(t3, key=lambda t: (t["MemoryInfo"]["SizeInMiB"], t["VCpuInfo"]["DefaultVCpus"]))
labkit.table([{"type": t["InstanceType"], "vCPUs": t["VCpuInfo"]["DefaultVCpus"],
               "memory GiB": t["MemoryInfo"]["SizeInMiB"] / 1024} for t in sizes], title="The t3 family")

# %% [markdown]
# Not every type exists in every availability zone (가용 영역). Before you design around a type, ask
# where it is offered:

# %%
offers = ec2.describe_instance_type_offerings(
    LocationType="availability-zone",
    Filters=[{"Name": "instance-type", "Values": ["t3.medium", "p5.48xlarge"]}],
)["InstanceTypeOfferings"]
for name in ("t3.medium", "p5.48xlarge"):
    zones = sorted(o["Location"] for o in offers if o["InstanceType"] == name)
    print(f"{name:<12} offered in {', '.join(zones)}")

# %% [markdown]
# > **moto vs AWS:** the lab answers from a catalogue bundled with moto, a snapshot of AWS's data;
# > your own account's answer is the one to trust (offerings change, and zone names map to
# > different physical zones in every account).
#
# **Since the seed:** newer generations have arrived — Graviton4 (`m8g`, `c8g`, `r8g`, 2024) and
# 8th-generation Intel (`m8i`, 2025) — and the lab knows them too. GPU instances moved on to `p5e`/`p5en`
# (NVIDIA H200) and `p6` (NVIDIA Blackwell, 2025). The seed's advice still holds: pick the family by
# the shape of the work, then the newest generation available in your region.

# %%
labkit.table(describe_types(["m7i.large", "m8i.large", "m8g.large"]), title="Newer general-purpose generations")

# %% [markdown]
# ## 3. Purchase options (구매 옵션)
#
# The same instance can be paid for in four ways. The seed's comparison:
#
# | Option | 할인율 (max discount) | 약정 기간 (commitment) | 특징 (what it suits) |
# |---|---|---|---|
# | **On-Demand** (온디맨드) | 0 % | none (없음) | maximum flexibility (유연성 최대): pay per second, stop any time |
# | **Reserved Instances** (예약 인스턴스) | up to 72 % | 1 or 3 years (1~3년) | predictable, steady workloads (예측 가능한 워크로드) |
# | **Spot** (스팟) | up to 90 % | none (없음) | work that can be interrupted (중단 가능 워크로드) |
# | **Savings Plans** (절감형 플랜) | up to 72 % | 1 or 3 years (1~3년) | a flexible discount (유연한 할인) |

# %%
from labkit.diagrams import concepts

concepts.show("ec2_purchase_options")

# %% [markdown]
# - **On-Demand:** Linux instances are billed per second (one-minute minimum) while running. The
#   default, and the right choice for anything short, new or unpredictable.
# - **Reserved Instances:** a 1- or 3-year commitment to a specific instance type in a region; the
#   longer the term and the more you pay up front, the larger the discount.
# - **Savings Plans:** a commitment to spend a fixed amount per hour for 1 or 3 years, applied
#   automatically to matching usage. *EC2 Instance Savings Plans* (one family in one region, up to
#   72 %) match Reserved Instances; *Compute Savings Plans* (any family, region, even Fargate and
#   Lambda) give up to 66 %. AWS now recommends Savings Plans over Reserved Instances.
# - **Spot:** spare EC2 capacity at a steep discount, which AWS takes back with a **two-minute
#   warning** when it needs it. For batch jobs, CI, stateless workers behind a load balancer — never
#   for a database that cannot lose its server.
#
# What do those numbers mean for the bill? A commitment is paid whether the server runs or not, so
# it only wins when the server runs enough of the time. With the seed's best-case discounts:

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
# Real discounts are smaller than these maxima for short terms, no up-front payment, or other
# instance types, so the real break-even sits higher. A common pattern: cover the steady base load
# with Savings Plans, the daily peaks with On-Demand, and interruptible batch work with Spot.
#
# The live data shows which options each type supports (`SupportedUsageClasses`); GPU types also
# offer *Capacity Blocks*, GPU capacity reserved for a fixed window of days for ML training:

# %%
usage = ec2.describe_instance_types(InstanceTypes=["t3.medium", "m7i.large", "p5.48xlarge"])["InstanceTypes"]
for t in sorted(usage, key=lambda t: t["InstanceType"]):
    print(f'{t["InstanceType"]:<12} {", ".join(t["SupportedUsageClasses"])}')

# %% [markdown]
# > **moto vs AWS:** there are no prices in the lab. Spot price history is a placeholder
# > (every zone says the same tiny price), and Reserved Instance offerings are sample rows:

# %%
history = ec2.describe_spot_price_history(InstanceTypes=["t3.medium"])["SpotPriceHistory"]
print("t3.medium Spot prices:", sorted({(h["AvailabilityZone"], h["SpotPrice"]) for h in history}))
offerings = ec2.describe_reserved_instances_offerings(InstanceType="t3.medium")["ReservedInstancesOfferings"]
print("asked for t3.medium Reserved Instances, got offerings for:", sorted({o["InstanceType"] for o in offerings}))

# %% [markdown]
# ## 4. What a launch needs
#
# Besides the instance type, the seed's launch call (`ec2.create_instances(...)`) names six things:
# the image, the subnet, the key pair, the security group, the tags and the metadata options.
# Each one first.
#
# ### The machine image (AMI, 머신 이미지)
# An AMI is the disk the instance boots from. The seed uses Amazon Linux 2, `ami-0c55b159cbfafe1f0`.
# AMI ids are **regional** — each region's copy of an image has its own id — and that one is not
# in Seoul's catalogue:

# %%
from botocore.exceptions import ClientError

try:
    ec2.describe_images(ImageIds=["ami-0c55b159cbfafe1f0"])
except ClientError as err:
    print(err.response["Error"]["Code"])

# %% [markdown]
# Never copy an AMI id from a document: ask for the current one. AWS publishes the latest Amazon
# Linux AMI of every region as a public SSM parameter. Amazon Linux 2 reaches its end of support on
# 2026-06-30; new servers should use **Amazon Linux 2023**:

# %%
ssm = lab.client("ssm")
parameter = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
ami_id = ssm.get_parameter(Name=parameter)["Parameter"]["Value"]
image = ec2.describe_images(ImageIds=[ami_id])["Images"][0]
print(ami_id, "—", image["Name"], image["Architecture"])

# %% [markdown]
# > **moto vs AWS:** `run_instances` in the lab accepts *any* AMI id, even one that does not
# > exist; real EC2 answers `InvalidAMIID.NotFound`.
#
# ### Where it runs: a subnet of the default VPC
# The seed passes a `SubnetId`. A new account's default VPC has one public subnet per zone:

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
# ### Key pair (키 페어)
# A key pair is how you would log in over SSH: AWS keeps the public key and puts it on the
# instance; `create_key_pair` returns the **private key once** (`KeyMaterial`) — save it to a
# `.pem` file with `chmod 400`, AWS never shows it again. (`KeyType="ed25519"` gives a shorter,
# modern key.) Better still, open no SSH port at all and reach the server with **Session Manager**
# (AWS Systems Manager), which needs only an IAM role: the seed's security group below admits no SSH.
#
# ### Security group (보안 그룹)
# A security group is a **stateful** (상태 저장) firewall around the instance: it lists what may come
# *in*; the replies to allowed traffic go back out automatically, and by default all outbound
# traffic is allowed. The seed's `web-server-sg` admits HTTPS (443) and HTTP (80) from anywhere —
# nothing else. (Notebook 02 compares security groups with network ACLs.)
#
# ### Tags (태그)
# Tags are key–value labels. `Name` is what the console shows; `Environment=Production` lets you
# filter (`describe_instances(Filters=[{"Name": "tag:Environment", ...}])`), split the bill by
# environment (cost allocation tags), and even write IAM conditions on them (`aws:ResourceTag/...`,
# attribute-based access control). Tagging at launch (`TagSpecifications`) leaves no untagged moment.
#
# ### The instance metadata service and IMDSv2 (IMDSv2 강제 적용)
# Code on an instance asks `http://169.254.169.254/` for facts about itself — and for the
# **temporary credentials of its IAM role** (notebook 01). That makes the metadata service (IMDS) a
# target: if a web application can be tricked into fetching a URL for an attacker (server-side
# request forgery, SSRF), IMDSv1 hands over the role's keys with a plain `GET`.
#
# **IMDSv2** requires a session token first: a `PUT` to `/latest/api/token` with the header
# `X-aws-ec2-metadata-token-ttl-seconds`, then every `GET` carries `X-aws-ec2-metadata-token`. SSRF
# bugs rarely let an attacker send a `PUT` with custom headers, and the token's IP hop limit
# (`HttpPutResponseHopLimit`, typically 1) keeps it from travelling beyond the instance.
# `MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled"}` turns IMDSv1 off. Security
# Hub's control **EC2.8** checks for it, and the SCP guardrail of notebook 01 refuses any launch
# without it. Since the seed, Amazon Linux 2023 AMIs
# require IMDSv2 by default, and an account-wide default can be set with
# `ec2.modify_instance_metadata_defaults(HttpTokens="required")`.
#
# > **moto vs AWS:** the lab has no account-wide metadata defaults, and no instance to run code on,
# > so the metadata address is just another address outside this machine — which the guard refuses:

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
# ## 5. Lab task: `ec2.web_server`
# **Starter:** an empty account (its default VPC; the AMI and subnet you looked up above).
#
# **Your job:** launch the seed's web server (웹 서버).
# 1. Create the key pair `my-key-pair`.
# 2. Create the security group `web-server-sg` admitting only TCP 80 and 443 from `0.0.0.0/0`
#    (no SSH, nothing else).
# 3. Launch **one** instance of type `t3.medium`, tagged `Name=MyWebServer` and
#    `Environment=Production`, in `web-server-sg`, with `my-key-pair`, and with IMDSv2 required
#    (`HttpTokens="required"`, `HttpEndpoint="enabled"`).
#
# Any AMI id works in the lab (use `ami_id` from above). Client (`ec2.run_instances`) or resource API
# (`lab.resource("ec2").create_instances`, as the seed does): the grader reads the account, not your code.

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
# ### Read it back
# Find the server by its tag, as any script would — not through variables of the cells above:

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
# The security group's rules, inbound and outbound:

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
# Tags work as a query language: every production instance, whatever its name —

# %%
production = ec2.describe_instances(Filters=[{"Name": "tag:Environment", "Values": ["Production"]}])
tagged = ec2.describe_tags(Filters=[{"Name": "resource-type", "Values": ["instance"]}])["Tags"]
print("production instances:", sorted(i["InstanceId"] for r in production["Reservations"] for i in r["Instances"]))
labkit.table(sorted(tagged, key=lambda t: (t["ResourceId"], t["Key"])),
             {"ResourceId": "resource", "Key": "key", "Value": "value"}, title="Instance tags")

# %% [markdown]
# Your network now: the default VPC appears because something of yours runs in it, with the
# instance in its subnet and `web-server-sg` below the zones.

# %%
labkit.diagram(view="network")

# %% [markdown]
# > **moto vs AWS:** moto's default VPC has no internet gateway, so its subnets draw as *isolated*;
# > a real default VPC routes `0.0.0.0/0` to one, which is what makes its subnets public. The lab's
# > instance is also `running` the moment you ask — real instances spend a while `pending`
# > (wait with `ec2.get_waiter("instance_running")`).
#
# ### What if you forget `MetadataOptions`?
# Launch a second instance without it, and look at what it got:

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
# `optional` means IMDSv1 still answers.
#
# > **moto vs AWS:** in AWS the answer depends on the image. AMIs registered with
# > `ImdsSupport="v2.0"` — every Amazon Linux 2023 AMI among them — launch with `required` even
# > without `MetadataOptions`; older AMIs such as the seed's Amazon Linux 2 launch with `optional`.
# > moto ignores the image's setting and always gives `optional`. Never rely on the default: say
# > `HttpTokens="required"` in every launch and launch template.
#
# An existing instance can be fixed in place, without a restart:

# %%
ec2.modify_instance_metadata_options(InstanceId=demo_id, HttpTokens="required", HttpEndpoint="enabled")
print("imds-demo HttpTokens:", http_tokens(demo_id))
ec2.terminate_instances(InstanceIds=[demo_id])
print("imds-demo terminated")

# %% [markdown]
# ## 6. Quiz
# Answer in the widget (JupyterLab) — every attempt is recorded in your progress.

# %%
labkit.quiz("ec2")

# %% [markdown]
# ## Recap
# - An instance type reads **family · generation · attributes · size**: `t3` burstable, `m`
#   balanced, `c` compute, `r` memory, `p` GPU, `i` local NVMe storage (인스턴스 유형);
#   `describe_instance_types` gives the facts (vCPUs, memory, GPUs, disks, network).
# - **Purchase options** (구매 옵션): On-Demand 0 % (no commitment), Reserved up to 72 % (1–3 years),
#   Spot up to 90 % (interruptible, two-minute warning), Savings Plans up to 72 % (1–3 years, flexible).
#   A commitment pays off only when the server runs most of the time.
# - A launch needs an **AMI** (regional — look it up; Amazon Linux 2023 now), a **key pair** (private
#   key shown once) or better Session Manager, a **security group** (stateful; only 80/443 here),
#   **tags** at launch, and **IMDSv2 required** (`HttpTokens="required"`).
# - The lab accepts any AMI and never enforces guardrails: the grader and the evaluator tell you
#   what AWS would.
#
# Close the lab:

# %%
lab.stop()
lab
