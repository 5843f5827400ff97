# %% [markdown]
# # 08 · Amazon EKS — managed Kubernetes (완전 관리형 Kubernetes)
#
# Amazon EKS (Elastic Kubernetes Service) runs **Kubernetes** for you. AWS operates the
# *control plane* — the Kubernetes API server and its etcd database, spread over three
# availability zones (가용 영역), patched and backed up — and you bring the *data plane*: the
# worker nodes (or Fargate) where your pods run. The notebook before this one taught ECS,
# AWS's own container orchestrator; this one asks when Kubernetes is worth its extra weight,
# and then builds the seed's cluster, hardened, with boto3.
#
# **In this notebook you will**
# 1. compare EKS with ECS using the seed's table (EKS vs ECS 비교), and map ECS words to Kubernetes words;
# 2. read the seed's Terraform for a cluster and a managed node group, argument by argument,
#    next to the boto3 calls that build the same thing;
# 3. build a **private** cluster (프라이빗 엔드포인트) with all five control-plane log types,
#    secrets encrypted with your own KMS key (봉투 암호화), and a managed node group
#    (관리형 노드 그룹) scaling 1 / 3 / 10 in the private app subnets — lab task `eks.private_cluster`;
# 4. see where the nodes live on a live diagram of your network, and how many pod IP addresses
#    the VPC must hold (EKS Pod Subnets, 대규모 IP 필요);
# 5. place EKS in the seed's microservices architecture (마이크로서비스 아키텍처).

# %% [markdown]
# ## 1. EKS vs ECS (EKS vs ECS 비교)
#
# Both run containers on AWS, both can put them on EC2 instances or on Fargate (서버리스), and
# both integrate with load balancers, IAM and CloudWatch. They differ in *who defines the
# orchestration*: Kubernetes, an open standard run by the CNCF, or AWS itself. The seed's
# comparison:
#
# | Aspect (항목) | EKS | ECS |
# |---|---|---|
# | Orchestrator (오케스트레이터) | Kubernetes | AWS's own (AWS 자체) |
# | Learning curve (학습 곡선) | steep (가파름) | gentle (완만함) |
# | Portability (이식성) | high — standard Kubernetes (높음, K8s 표준) | tied to AWS (AWS 종속) |
# | Features (기능) | rich (풍부함) | the essentials (필수 기능) |
# | Management complexity (관리 복잡도) | high (높음) | low (낮음) |
# | Ecosystem (생태계) | broad — the whole Kubernetes world (광범위) | AWS integration (AWS 통합) |
#
# How to read it:
# - **Portability and ecosystem** are why teams choose EKS: the same manifests and Helm charts
#   run on premises, on other clouds and on EKS, and the Kubernetes ecosystem (operators,
#   service meshes, GitOps tools, Karpenter) is vast.
# - **Learning curve and management complexity** are the price: Kubernetes has many more
#   moving parts (pods, deployments, services, ingresses, RBAC, add-ons), and an EKS cluster
#   has a **Kubernetes version** you must upgrade regularly. ECS has no version to upgrade.
# - Cost differs too: an EKS cluster's control plane is billed per hour (US$0.10 per cluster-hour
#   in standard support, US$0.60 in extended support); ECS has no control-plane charge. In both
#   you pay for the EC2 instances or Fargate capacity that run the containers.
#
# The same ideas under different names:
#
# | ECS | EKS / Kubernetes |
# |---|---|
# | cluster | cluster (its control plane run by AWS) |
# | task definition (JSON) | pod spec inside a Deployment (YAML manifest) |
# | task | pod |
# | service (keeps N tasks running, behind a target group) | Deployment (keeps N pods) + Service / Ingress |
# | container instances or Fargate | nodes of a node group, or a Fargate profile |
# | task role | IAM role for a service account (IRSA) or EKS Pod Identity |
# | sidecar container in the task | sidecar container in the pod |
#
# ECS's architecture from the previous notebook, for comparison — in EKS the "service" box
# becomes a Deployment and the tasks become pods:

# %%
import ipaddress
import textwrap

from IPython.display import display

import labkit
from labkit.diagrams import concepts

concepts.show("ecs_cluster")

# %% [markdown]
# ### What EKS runs for you, and what you run
#
# | Part | Who runs it | In this notebook |
# |---|---|---|
# | Control plane: API server, etcd, scheduler, controller manager (컨트롤 플레인) | AWS, in its own account, across three AZs | `eks.create_cluster` |
# | Cluster endpoint: the HTTPS address of the API server (`kubectl` talks to it) | AWS; *you* choose public and/or private access | `resourcesVpcConfig` |
# | Control-plane logs | AWS sends them to CloudWatch Logs if you ask | `logging` |
# | Worker nodes: EC2 instances with kubelet, in **your** subnets | a **managed node group** launches, updates and drains them for you (an Auto Scaling group underneath) | `eks.create_nodegroup` |
# | Pods: your containers | you, with `kubectl`/Helm/GitOps — the Kubernetes API, not the AWS API | (not in this offline account) |
#
# > **moto vs AWS:** the lab implements the **AWS** side of EKS — clusters, node groups,
# > Fargate profiles — but there is no Kubernetes API server behind it: `kubectl` has nothing
# > to talk to, and no pods ever run. Everything this notebook builds and grades is the AWS
# > configuration of the cluster, which is exactly what the seed's Terraform describes.

# %% [markdown]
# ## 2. The lab: a VPC and two roles
#
# Lab task `eks.private_cluster` asks you to build the seed's cluster and node group,
# hardened. Its starter scenario, `eks-prereqs`, gives you what the task does not ask for:
# the three-tier network (VPC `main`) with its security groups, and two IAM roles.

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
# Two roles, because two different parties call AWS:
# - **`eks-cluster-role`** is assumed by EKS itself (`eks.amazonaws.com`) to manage AWS resources
#   for the control plane — the network interfaces it places in your subnets, for example.
# - **`eks-node-role`** is the instance profile role of the worker nodes (`ec2.amazonaws.com`):
#   the kubelet uses it to join the cluster, the VPC CNI plugin to hand out pod IP addresses,
#   and the container runtime to pull images from ECR.
#
# In AWS each carries AWS-managed policies (named in the description). Pods should **not** use
# the node role for their own AWS calls — give them their own roles through IRSA or Pod Identity,
# the Kubernetes counterpart of an ECS task role.
#
# Now the network. The cluster and its nodes go into the **private app subnets**: routed
# through the NAT gateway, never reachable from the internet.

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
# The app subnets `app-a` and `app-b` (10.0.10.0/24, 10.0.11.0/24) send their internet-bound
# traffic to a NAT gateway (`nat-…`) and give out no public IPs: that is what makes them
# private. Nodes there can still pull container images from ECR — through the NAT gateway, or,
# without internet at all, through the ECR `api` and `dkr` interface endpoints plus the S3
# gateway endpoint (ECR keeps image layers in S3) that the VPC notebook built.

# %% [markdown]
# ## 3. The seed's Terraform, read next to boto3
#
# The seed builds the cluster with Terraform (an infrastructure-as-code tool: you declare the
# resources, it works out the API calls). Here it is as the seed gives it:
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
# Terraform calls the same AWS API that boto3 does, so every argument has a boto3 twin. Read
# the table row by row — the right-hand column is what you will type:
#
# | Seed Terraform (`aws_eks_cluster`) | boto3 `eks.create_cluster(...)` | What it means |
# |---|---|---|
# | `name = "my-eks-cluster"` | `name="my-eks-cluster"` | the cluster's name, unique in the region |
# | `role_arn = aws_iam_role.eks_cluster.arn` | `roleArn=iam.get_role(RoleName="eks-cluster-role")["Role"]["Arn"]` | the role EKS assumes; Terraform resolves the reference, in boto3 you look the ARN up |
# | `version = "1.29"` | `version="1.29"` | the Kubernetes minor version (see below) |
# | `vpc_config { subnet_ids = ... }` | `resourcesVpcConfig={"subnetIds": [...]}` | where EKS places the control plane's network interfaces (at least two AZs) |
# | `endpoint_private_access = true` | `"endpointPrivateAccess": True` | the API server answers inside the VPC (nodes use this path) |
# | `endpoint_public_access = true` | `"endpointPublicAccess": False` | **changed:** the seed keeps a public endpoint; the task turns it off |
# | `public_access_cidrs = ["0.0.0.0/0"]` | *(left out)* or `"publicAccessCidrs": ["203.0.113.0/24"]` | **changed:** who may reach a public endpoint; never the whole internet |
# | `enabled_cluster_log_types = [...]` | `logging={"clusterLogging": [{"types": [...], "enabled": True}]}` | a list in Terraform, a list of on/off groups in the API |
# | `encryption_config { provider { key_arn } resources }` | `encryptionConfig=[{"resources": ["secrets"], "provider": {"keyArn": key_arn}}]` | envelope encryption of Kubernetes secrets with your KMS key |
# | `aws_kms_key.eks` (another resource) | `kms.create_key(...)` first | Terraform orders resources by their references; in boto3 the order is yours |
#
# Two rows change the seed. Its endpoint settings give **private and public access, with the
# public endpoint open to every IPv4 address** (`0.0.0.0/0`). Nodes then talk to the API server
# inside the VPC — good — but the Kubernetes API is also reachable from the whole internet,
# protected only by authentication. A private cluster removes that attack surface: administrators
# and CI reach the API through the VPC (VPN, Direct Connect, a bastion, or a runner inside the VPC).
# If you must keep a public endpoint, restrict `publicAccessCidrs` to your own ranges.
#
# **The five control-plane log types** (컨트롤 플레인 로그), sent to CloudWatch Logs under
# `/aws/eks/my-eks-cluster/cluster`:
#
# | Type | Records |
# |---|---|
# | `api` | the API server's own log |
# | `audit` | who did what through the Kubernetes API — every request and its identity |
# | `authenticator` | IAM-to-Kubernetes authentication decisions |
# | `controllerManager` | the controllers that reconcile desired and actual state |
# | `scheduler` | where the scheduler put each pod, and why |
#
# **Secrets encryption** (봉투 암호화, envelope encryption): each Kubernetes Secret is encrypted
# with a data key, and the data key with your KMS key. Since Kubernetes 1.28 EKS envelope-encrypts
# all API data by default with an AWS-owned key; your own key still adds *control* — key policy,
# rotation, every use in CloudTrail, and the power to revoke. It can only be turned on, never off,
# and deleting the key leaves the cluster unable to read its secrets. This check is Security Hub
# control **EKS.3**.
#
# **Version 1.29** was current when the seed was written. EKS gives each Kubernetes minor version
# 14 months of standard support, then 12 months of *extended support* at the higher hourly price,
# then upgrades the cluster itself. For 1.29 standard support ended on 23 March 2025 and extended
# support on 23 March 2026. The task keeps the seed's 1.29 so the numbers match; a new cluster
# today should start on the newest version EKS offers, and be upgraded one minor version at a time
# (control plane first, then the nodes).

# %% [markdown]
# ### Build the cluster
#
# Step 1 is a customer-managed KMS key for the secrets. In AWS its key policy must let the
# identity that creates the cluster use it (`kms:DescribeKey`, `kms:CreateGrant`); the
# account's default key policy does.

# %% tags=["solution"] labkit={"task": "eks.private_cluster"}
key_arn = kms.create_key(Description="EKS secrets envelope encryption")["KeyMetadata"]["Arn"]
kms.create_alias(AliasName="alias/eks-secrets", TargetKeyId=key_arn)
print("KMS key for secrets:", key_arn.rsplit("/", 1)[-1], "(alias/eks-secrets)")

# %% [markdown]
# Step 2 is the cluster, in the two private app subnets, with the table's settings. AWS takes
# about ten minutes to create a control plane, so after `create_cluster` a script *waits* for
# status `ACTIVE` with a boto3 waiter before adding nodes (Terraform waits the same way, silently).

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
# > **moto vs AWS:** the lab's cluster is `ACTIVE` at once and the waiter returns immediately;
# > in AWS `create_cluster` answers with status `CREATING` and the control plane takes around ten
# > minutes. The lab also cannot add encryption later: AWS can enable secrets encryption on an
# > existing cluster with `associate_encryption_config`, which the offline account does not
# > implement — set `encryptionConfig` when you create the cluster.

# %% [markdown]
# ### The managed node group (관리형 노드 그룹)
#
# The seed's second resource:
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
# | Seed Terraform (`aws_eks_node_group`) | boto3 `eks.create_nodegroup(...)` | What it means |
# |---|---|---|
# | `cluster_name = aws_eks_cluster.main.name` | `clusterName="my-eks-cluster"` | the reference is also why Terraform creates the cluster first |
# | `node_group_name = "main-node-group"` | `nodegroupName="main-node-group"` | |
# | `node_role_arn = aws_iam_role.eks_node.arn` | `nodeRole=<eks-node-role ARN>` | the nodes' instance role — not the cluster's role |
# | `subnet_ids = var.private_subnet_ids` | `subnets=app_subnets` | the nodes get no public IPs |
# | `scaling_config { desired_size = 3, max_size = 10, min_size = 1 }` | `scalingConfig={"minSize": 1, "desiredSize": 3, "maxSize": 10}` | 3 nodes now; never fewer than 1 or more than 10 |
# | `instance_types = ["m6i.large"]` | `instanceTypes=["m6i.large"]` | 6th-generation Intel general purpose: 2 vCPU, 8 GiB |
# | `capacity_type = "ON_DEMAND"` | `capacityType="ON_DEMAND"` | `SPOT` would be far cheaper, but AWS may reclaim Spot nodes with two minutes' warning |
# | `update_config { max_unavailable = 1 }` | `updateConfig={"maxUnavailable": 1}` | version and AMI updates replace one node at a time |
# | `labels = { ... }` | `labels={"Environment": "production", "NodeType": "general"}` | **Kubernetes** node labels: pods pick nodes with a `nodeSelector` |
#
# Underneath, a managed node group *is* an EC2 Auto Scaling group (the next notebook's topic)
# that EKS owns: EKS picks the EKS-optimised AMI, joins the nodes to the cluster, and drains
# pods off a node before replacing it. What `scalingConfig` does **not** do is react to load:
# deciding that pods are pending and more nodes are needed is the job of the Kubernetes
# Cluster Autoscaler or of Karpenter, running inside the cluster, which change the desired size
# within min and max.

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
# ## 4. Your cluster, read back
#
# The grader read the account with `describe_cluster` and `describe_nodegroup`; do the same.
# (If you have not built the cluster yet, these cells say so instead of failing.)

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
# > **moto vs AWS:** a real managed node group launches its nodes through an Auto Scaling group
# > (named in `nodegroup["resources"]["autoScalingGroups"]`), so you would see three `m6i.large`
# > instances in `ec2.describe_instances`. The lab's node group launches nothing: it names an
# > Auto Scaling group that does not exist, and the account has no EC2 instances. It also
# > reports Kubernetes version 1.19 for the nodes (AWS gives a new node group the cluster's
# > version, 1.29 here) and an SSH key `eksKeypair` you never asked for (AWS sets no remote
# > access unless you pass `remoteAccess`). The settings the task grades are stored faithfully.

# %% [markdown]
# ### Where the nodes live
#
# The network diagram of your account: VPC `main`, its two AZs, public, app and db subnets,
# the internet gateway, the NAT gateway and the routes.

# %%
labkit.diagram(view="network")

# %% [markdown]
# The diagram draws EC2 instances, load balancers and Auto Scaling groups, but not EKS (and the
# lab's node group has no instances to draw). The node group's subnets, read from the node group
# itself — both in the app tier, one per AZ, default route to the NAT gateway:

# %%
if groups:
    group = eks.describe_nodegroup(clusterName="my-eks-cluster", nodegroupName=sorted(groups)[0])["nodegroup"]
    display(labkit.table(subnet_rows(group["subnets"]), title=f"Subnets of node group {group['nodegroupName']}"))
else:
    print("No node group yet: build it in section 3.")

# %% [markdown]
# ### How many IP addresses do pods need? (EKS Pod Subnets, 대규모 IP 필요)
#
# The EKS default network plugin, the **Amazon VPC CNI**, gives every pod a real IP address
# of the VPC, taken from secondary addresses on the node's network interfaces. That makes pods
# first-class citizens of the VPC (security groups, flow logs and load balancers see them
# directly) — and it eats addresses. How many pods fit on one `m6i.large`?
#
# Without prefix delegation: *max pods = ENIs × (IPv4 addresses per ENI − 1) + 2* — each
# interface keeps its primary address for itself, and the `+ 2` are system pods (kube-proxy,
# the VPC CNI) that share the node's own address. An `m6i.large` takes 3 network interfaces
# with 10 IPv4 addresses each.

# %%
enis, ips_per_eni = 3, 10  # m6i.large
max_pods = enis * (ips_per_eni - 1) + 2
for nodes, label in ((3, "desired"), (10, "max")):
    print(f"{nodes:>2} nodes ({label}): up to {nodes * max_pods:>3} pod addresses + {nodes * enis} ENI primary addresses")
app_subnet = ipaddress.ip_network("10.0.10.0/24")
print(f"one app subnet {app_subnet}: {app_subnet.num_addresses - 5} usable addresses (AWS reserves 5)")
print(f"max pods per m6i.large: {max_pods}")

# %% [markdown]
# At the maximum of 10 nodes the pods alone would need about 290 addresses — more than the two
# /24 app subnets comfortably hold next to everything else. That is why the seed's CIDR plan
# (VPC CIDR 설계 가이드라인, 2025) reserves large **EKS pod subnets**:
#
# | Subnet | AZ-A | AZ-B |
# |---|---|---|
# | EKS Pod Subnets (대규모 IP 필요) | 10.0.100.0/18 | 10.0.128.0/18 |
#
# A /18 holds 16,384 addresses. But check the first block — AWS refuses a subnet whose CIDR has
# host bits set, and so does Python's `ipaddress`:

# %%
for block in ("10.0.100.0/18", "10.0.128.0/18"):
    try:
        net = ipaddress.ip_network(block)
        print(f"{block:<15} valid: {net.num_addresses:,} addresses, {net[0]} - {net[-1]}")
    except ValueError as err:
        fixed = ipaddress.ip_network(block, strict=False)
        print(f"{block:<15} invalid ({err}); the /18 that contains it is {fixed} ({fixed[0]} - {fixed[-1]})")

# %% [markdown]
# /18 networks inside 10.0.0.0/16 start where the third octet is a multiple of 64 (0, 64, 128,
# 192). The seed's AZ-A entry must mean **10.0.64.0/18** (10.0.64.0 – 10.0.127.255), which stays
# clear of the public, app and db /24s and of AZ-B's 10.0.128.0/18. Pods are placed in such
# subnets with the VPC CNI's *custom networking*; prefix delegation (/28 prefixes per ENI slot)
# and IPv6 clusters are the other answers to address exhaustion.

# %% [markdown]
# ## 5. Changing a cluster later — and AWS's defaults
#
# A cluster built with defaults is public. Create a throwaway cluster with nothing but subnets
# to see what you get, then change its endpoint access with `update_cluster_config`:

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
# What AWS would have shown in the middle column: `endpointPublicAccess` **true**,
# `endpointPrivateAccess` **false**, `publicAccessCidrs` **["0.0.0.0/0"]** — a public API
# endpoint open to the internet is the default, which is why the task states its endpoint
# settings explicitly.
#
# > **moto vs AWS:** three differences show here. (1) The lab only echoes what you sent at
# > creation; AWS fills in the defaults above (and the VPC id and a cluster security group).
# > (2) AWS applies an update *in the background*: the call returns an `update` with an id and
# > status `InProgress` (follow it with `describe_update`), and accepts one kind of change per
# > call (endpoint access *or* logging). The lab applies it at once and returns no update.
# > (3) AWS **merges** the fields you send into the current settings, keeping the subnets;
# > the lab **replaces** the whole `resourcesVpcConfig`, which is why `subnetIds` vanished in the
# > last column. Passing every setting on each update is safe on both.
#
# Delete the throwaway cluster (in AWS a cluster can only be deleted once it has no node groups
# and Fargate profiles left):

# %%
eks.delete_cluster(name="scratch-cluster")
print("clusters now:", eks.list_clusters()["clusters"])

# %% [markdown]
# ## 6. EKS in the seed's microservices architecture (마이크로서비스 아키텍처)
#
# The seed's third architecture pattern runs microservices on EKS:

# %%
concepts.show("microservices_eks")

# %% [markdown]
# Reading it from the top:
# - **Ingress layer:** the *AWS ALB Ingress Controller* (renamed the **AWS Load Balancer
#   Controller** in 2020) watches Kubernetes Ingress objects and creates an Application Load
#   Balancer for them, with **AWS WAF** filtering requests in front.
# - **Service mesh** (Istio or App Mesh): the User, Order and Product services call each other
#   through an **Envoy proxy sidecar** in every pod, which adds retries, timeouts, mutual TLS
#   and traffic metrics without changing the services' code. Note for today: AWS App Mesh stops
#   being supported on 30 September 2026 (no new customers since September 2024); Istio, or
#   Amazon VPC Lattice / ECS Service Connect on the AWS side, are the usual choices now.
# - **Data layer:** each service owns its data store — **Aurora** for users (relational),
#   **DynamoDB** for orders (key-value at any scale), **ElastiCache (Redis)** for sessions and
#   cache. No service reads another's database; they talk through APIs.
# - **Observability:** **CloudWatch Container Insights** (cluster, node and pod metrics and
#   logs), **X-Ray** (tracing a request across services) and **Prometheus + Grafana**
#   (Kubernetes-native metrics and dashboards; AWS offers managed versions of both).
#
# In a pod manifest, the node group's labels are what the `nodeSelector` matches — the
# Terraform `labels` block at work:
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
#       nodeSelector: {NodeType: general}       # runs on main-node-group's nodes
#       containers:
#         - name: order-service
#           image: 123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/order-service:1.4.2
#           ports: [{containerPort: 8080}]
# ```

# %% [markdown]
# ## Quiz
#
# Answer in the widget (in JupyterLab). To answer in plain Python instead, keep the quiz in a
# variable — `quiz = labkit.quiz("eks")` — and call `quiz.answer("<question id>", <answer>)`;
# `quiz.questions` lists the ids.

# %%
labkit.quiz("eks")

# %% [markdown]
# ## Recap
# - **EKS vs ECS:** Kubernetes vs AWS's own orchestrator; EKS buys portability, features and a
#   broad ecosystem with a steeper learning curve and more to manage (including version upgrades
#   and a per-cluster hourly fee); ECS is simpler and tightly integrated with AWS.
# - AWS runs the **control plane** across three AZs; you choose its **endpoint access**. The
#   default is a public endpoint open to 0.0.0.0/0 — turn on private access and turn public
#   access off (or restrict it to your own CIDRs).
# - Send all **five control-plane log types** (api, audit, authenticator, controllerManager,
#   scheduler) to CloudWatch Logs, and encrypt **secrets** with your own **KMS key** — set at
#   creation, never removable (EKS.3).
# - A **managed node group** is an Auto Scaling group EKS runs for you: the seed's is min 1 /
#   desired 3 / max 10 `m6i.large` On-Demand nodes in the private subnets, replaced one at a time
#   (`maxUnavailable` 1), labelled for scheduling. Load-driven node scaling comes from Cluster
#   Autoscaler or Karpenter.
# - Terraform arguments map one to one onto boto3 parameters; boto3 makes you do what Terraform
#   does silently — resolve ARNs, order the calls, wait for `ACTIVE`.
# - The VPC CNI gives every pod a VPC address (29 per m6i.large), so plan large pod subnets —
#   and valid ones: the seed's 10.0.100.0/18 means 10.0.64.0/18.
#
# Close the lab:

# %%
lab.stop()
lab
