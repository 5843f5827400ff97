# %% [markdown]
# # 07 · Amazon ECS — running containers (컨테이너 오케스트레이션)
#
# Amazon ECS (Elastic Container Service) is AWS's fully managed service for running Docker
# containers at scale. You describe *what* to run — an image, its CPU and memory, its ports,
# secrets, logs and health check — and *how many* copies; ECS places the containers, restarts
# them when they fail, spreads them over availability zones and replaces them during a deployment.
#
# **In this notebook you will**
# 1. name the parts of ECS: cluster (클러스터), service (서비스), task (태스크), task definition
#    (태스크 정의), container and sidecar (사이드카) — and choose between the EC2 and Fargate
#    launch types (시작 유형);
# 2. register the seed's Fargate task definition and inspect it: its two IAM roles, the database
#    password from Secrets Manager, `awslogs` logging and the health check;
# 3. find out what the seed's definition points at that does not exist yet — in AWS you would
#    only learn it when the first task fails to start;
# 4. run it as a service of two tasks in the private app subnets (프라이빗 서브넷), with no public IP.
#
# One graded lab task: `ecs.fargate_service`.

# %% [markdown]
# ## 1. Open a lab with the network and the prerequisites
#
# The scenario `ecs-prereqs` gives the account the course's three-tier network — VPC `main` with
# public, app and db subnets in two availability zones (가용 영역) and the security groups
# `web-sg`, `app-sg`, `db-sg` — plus what a container service needs from *other* services: the
# secret `prod/db-password` in Secrets Manager, and two IAM roles for ECS.

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
# The app subnets route to the internet only through the NAT gateway: tasks there can *pull
# images and call AWS*, but nothing on the internet can reach them. That is where the API will run.
# The network as a picture (it shows the tiers, the NAT gateway and which group admits which):

# %%
labkit.diagram(view="network")

# %% [markdown]
# And what the other services hold for ECS:

# %%
secret = secrets.describe_secret(SecretId="prod/db-password")
print(f'secret {secret["Name"]}: {secret["ARN"]}')
for name in ("ecsTaskExecutionRole", "my-api-task-role"):
    role = iam.get_role(RoleName=name)["Role"]
    trusted = role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"]
    inline = iam.list_role_policies(RoleName=name)["PolicyNames"]
    print(f'role {name}: trusted by {trusted}; inline policies: {", ".join(inline) or "none"}')

# %% [markdown]
# Note the six random characters Secrets Manager appends to a secret's ARN (`-YGwAkb` here): the
# full ARN of a secret is only known once it exists.
#
# ## 2. The ECS architecture (ECS 아키텍처)
#
# The seed's picture: a **cluster** holds a **service**, which keeps a number of **tasks** running;
# each task is one or more containers — the application and, often, a **sidecar** that ships its
# logs or metrics. The tasks run on EC2 instances or on Fargate.

# %%
concepts.show("ecs_cluster")

# %% [markdown]
# | Part | 한국어 | What it is |
# |---|---|---|
# | **Cluster** | 클러스터 | A logical group of services and tasks, and of the capacity they run on (EC2 instances and/or Fargate). Free by itself |
# | **Task definition** | 태스크 정의 | The blueprint: images, CPU and memory, ports, environment and secrets, logging, health checks, IAM roles, network mode. Immutable: each change is a new **revision** (`my-api-task:1`, `:2`...) |
# | **Task** | 태스크 | One running copy of a task definition: its containers start together, share the task's network (one ENI and private IP with `awsvpc`) and stop together |
# | **Service** | 서비스 | Keeps `desiredCount` tasks of one revision running: replaces tasks that stop or fail their health check, registers them with a load balancer, rolls out new revisions |
# | **Container** | 컨테이너 | One image running in the task; an `essential` container that stops stops the whole task |
# | **Sidecar** | 사이드카 | A helper container in the same task: a log router (FireLens/Fluent Bit), a metrics or tracing agent (CloudWatch agent, X-Ray daemon), a proxy |
#
# ### Where the tasks run: EC2 or Fargate (실행 환경: EC2 또는 Fargate)
#
# | | EC2 launch type | Fargate (서버리스) |
# |---|---|---|
# | The servers | your EC2 instances (ECS-optimised AMI + ECS agent), usually in an Auto Scaling group | none that you see: AWS runs each task in its own isolated micro-VM |
# | You manage | instance types, patching, scaling the instances, bin-packing tasks onto them | only the task's CPU and memory |
# | You pay for | the instances, busy or idle | vCPU and memory per task, per second |
# | Network modes | `awsvpc`, `bridge`, `host` | `awsvpc` only: every task gets its own ENI and security groups |
# | Good for | steady, large fleets (Reserved Instances, Savings Plans, Spot), GPUs, daemons, special kernels | most services: no capacity to plan, strong isolation between tasks; `FARGATE_SPOT` for interruptible work at a discount |
#
# Since 2025 there is a third way, **ECS Managed Instances**: EC2 instances in your account that ECS
# chooses, launches, patches and scales for you (GPUs and specific instance types included). Also new
# in 2025, **ECS Express Mode** creates a whole web service from an image and two roles — the
# service plus its Application Load Balancer, security groups, auto scaling and a URL — with
# sensible defaults you can change later.
#
# A cluster says which capacity its services may use through **capacity providers**. The seed's
# service uses Fargate; a cluster can mix on-demand Fargate and Fargate Spot, for example one task
# always on `FARGATE` (`base`) and three of every four more on `FARGATE_SPOT` (`weight`):

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
# ### ECS or EKS? (EKS vs ECS 비교)
# The seed compares ECS with EKS (Kubernetes, notebook 08):
#
# | | EKS | ECS |
# |---|---|---|
# | Orchestrator (오케스트레이터) | Kubernetes | AWS's own |
# | Learning curve (학습 곡선) | steep | gentle |
# | Portability (이식성) | high (the Kubernetes standard) | tied to AWS |
# | Features (기능) | rich | the essentials |
# | Operational complexity (관리 복잡도) | high | low |
# | Ecosystem (생태계) | broad | AWS integration |
#
# ## 3. The seed's Fargate task definition (ECS Fargate Task Definition)
#
# Here it is, exactly as the seed writes it (JSON is a Python dict here), ready for
# `register_task_definition`:

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
# What each part says:
#
# | Field | Value | Meaning |
# |---|---|---|
# | `family` | `my-api-task` | the name; every registration adds a revision to it |
# | `networkMode` | `awsvpc` | each task gets its own elastic network interface (ENI) and private IP in a subnet you choose, with its own security groups — the only mode Fargate supports |
# | `requiresCompatibilities` | `FARGATE` | ECS checks the definition is valid for Fargate |
# | `cpu`, `memory` | `512`, `1024` | the task's size: 512 CPU units = 0.5 vCPU, 1,024 MiB = 1 GB. Fargate bills exactly this, per second |
# | `executionRoleArn` | `ecsTaskExecutionRole` | the role **ECS itself** uses to start the task: pull the image from ECR, create log streams, read the secrets |
# | `taskRoleArn` | `ecsTaskRole` | the role **your code** gets inside the container (boto3 finds its credentials automatically) |
# | `image` | `…dkr.ecr.ap-northeast-2.amazonaws.com/my-api:latest` | an image in ECR (Elastic Container Registry) in the same account and region; in production prefer a fixed tag (`:1.4.2`) or a digest over `:latest`, so every task of a revision runs the same code and a rollback is possible |
# | `essential` | `true` | if this container stops, the task stops (and the service starts a new one) |
# | `portMappings` | `8080/tcp` | the port the app listens on; with `awsvpc` it is the port on the task's own IP |
# | `environment` | `NODE_ENV=production` | plain settings, readable by anyone who can describe the task definition |
# | `secrets` | `DB_PASSWORD` from Secrets Manager | fetched by ECS when the task starts and set as an environment variable inside the container only |
# | `logConfiguration` | `awslogs` → `/ecs/my-api` | the container's stdout/stderr go to CloudWatch Logs, one stream per container: `ecs/api/<task id>` |
# | `healthCheck` | `curl -f http://localhost:8080/health` | run inside the container every 30 s; 3 failures in a row mark it UNHEALTHY (see section 6) |
#
# Fargate accepts only certain CPU and memory pairs:
#
# | CPU units (vCPU) | Memory |
# |---|---|
# | 256 (0.25) | 512 MiB, 1 GB, 2 GB |
# | 512 (0.5) | 1-4 GB, in 1 GB steps |
# | 1024 (1) | 2-8 GB, in 1 GB steps |
# | 2048 (2) | 4-16 GB, in 1 GB steps |
# | 4096 (4) | 8-30 GB, in 1 GB steps |
# | 8192 (8) | 16-60 GB, in 4 GB steps |
# | 16384 (16) | 32-120 GB, in 8 GB steps |
#
# ### Register it
# Registering checks the definition's *shape*; it does not look up the roles, the secret, the log
# group or the image it names.

# %%
registered = ecs.register_task_definition(**seed_task_definition)["taskDefinition"]
print(f'registered {registered["family"]}:{registered["revision"]} — status {registered["status"]}, '
      f'compatible with {", ".join(registered["compatibilities"])}')

# %% [markdown]
# Read it back as ECS stores it — the task, then its container:

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
# > **moto vs AWS:** the lab accepts Fargate definitions that AWS refuses — a CPU and memory pair
# > not in the table above (`cpu="512", memory="8192"`), or `networkMode="bridge"` with
# > `requiresCompatibilities=["FARGATE"]`. AWS answers those with a `ClientException`. The task's
# > grader checks the values the seed uses.
#
# ### Does everything it points at exist?
# A task definition is full of references to other services. Check each of them against the account:

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
# Four of the five are missing in *this* account — and AWS would have registered the definition
# just the same. The mistakes show only when the service tries to start a task, as a stopped task
# with a reason such as `ResourceInitializationError: unable to pull secrets or registry auth` or
# `CannotPullContainerError`. So:
# - the task role here is `my-api-task-role`, and the secret is `prod/db-password` (ARN above);
# - the log group must exist before the first task starts (or add the option
#   `"awslogs-create-group": "true"`, which also needs `logs:CreateLogGroup` in the execution role);
# - the image must be pushed to ECR first (`ecr.create_repository(repositoryName="my-api")`, then
#   `docker push`). The graded task leaves the image out: the lab never runs a container.
#
# A task definition cannot be edited: fix it by registering a new revision, then point the service
# at it. That is what the lab task does.
#
# ## 4. Secrets from Secrets Manager (ECS.8)
#
# A password in `environment` is stored in the task definition in plain text: anyone allowed
# `ecs:DescribeTaskDefinition` reads it, and it shows in the console. The AWS Security Hub control
# **ECS.8** flags exactly that. In `secrets`, the definition holds only *where* the value is; when a
# task starts, ECS reads it **with the execution role** and sets `DB_PASSWORD` inside the container.
# `valueFrom` is the secret's full ARN (or, in the same region, its name); a JSON secret can be
# narrowed to one key with `<secret ARN>:<json-key>::`. Parameters from SSM Parameter Store work the
# same way.
#
# So it is the **execution role** that needs `secretsmanager:GetSecretValue` — not the task role,
# which your code uses. The starter's roles, read live and evaluated as AWS would:

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
# The execution role can start the task and nothing more; the task role has no permissions yet —
# your API would get exactly what you grant it (an S3 read, a DynamoDB table...), least privilege
# as in notebook 01. AWS's managed `AmazonECSTaskExecutionRolePolicy` grants the image and log
# permissions; the secret needs a statement of its own, as here.
#
# > **moto vs AWS:** the lab has no AWS-managed policies and does not enforce IAM, which is why
# > the starter wrote the execution role's policy inline, and why the evaluator answers instead.
#
# ## 5. Logs with `awslogs` (ECS.9), and sidecars
#
# A task definition without a `logConfiguration` loses its containers' output — Security Hub control
# **ECS.9** flags it. With the `awslogs` driver whatever the app writes to stdout and stderr goes to CloudWatch Logs:
# group `/ecs/my-api`, one stream per container named `<prefix>/<container>/<task id>`
# (`ecs/api/…`). Give the group a retention period, or the logs are kept forever. Turning on
# **Container Insights** on the cluster (`settings=[{"name": "containerInsights", "value":
# "enabled"}]`) adds CPU, memory and network metrics per cluster, service and task.
#
# For more than "send stdout to CloudWatch", the seed's **sidecar** (Log/Mon) does the work: with
# **FireLens**, the app container uses the log driver `awsfirelens` and a second, non-essential
# container in the same task runs Fluent Bit, which filters the logs and routes them to CloudWatch,
# S3, OpenSearch or a third party:
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
# ## 6. Health checks (상태 확인)
#
# The container health check runs *inside* the container, like Docker's `HEALTHCHECK` (so the image
# needs `curl`):
#
# | Setting | Seed | Allowed | Meaning |
# |---|---|---|---|
# | `command` | `CMD-SHELL curl -f http://localhost:8080/health \|\| exit 1` | | exit code 0 = healthy |
# | `interval` | 30 s | 5-300 s | time between checks |
# | `timeout` | 5 s | 2-120 s | a check that takes longer has failed |
# | `retries` | 3 | 1-10 | failures in a row before the container is UNHEALTHY |
# | `startPeriod` | 60 s | 0-300 s | grace period after start: failures do not count while the app boots |
#
# A task whose essential container is UNHEALTHY is stopped, and the service replaces it. When the
# service sits behind a load balancer, the target group's own health check decides whether the
# task receives traffic; the two complement each other.
#
# ## 7. A service in private subnets
#
# The service is what keeps the API up: `desiredCount=2` tasks, spread by ECS over the AZs of the
# subnets you give it. With `awsvpc`, the service's `networkConfiguration` says where every task's
# ENI goes:
# - `subnets`: the two **app subnets** (10.0.10.0/24 and 10.0.11.0/24, one per AZ) — private;
# - `securityGroups`: `app-sg`, which admits 8080 only from `web-sg` (the load balancer tier);
# - `assignPublicIp`: `DISABLED` (Security Hub **ECS.2**: tasks should not get public IPs).
#
# Private tasks still need to reach ECR (the image), Secrets Manager (the password) and CloudWatch
# Logs when they start. Here they go out through the NAT gateway; the seed's alternative is **VPC
# endpoints** (notebook 02, task `vpc.endpoints`): interface endpoints for `ecr.api` and `ecr.dkr`,
# `secretsmanager` and `logs`, and the S3 gateway endpoint (image layers are stored in S3), which
# keep the traffic inside the VPC and off the NAT bill.
#
# When you update the service to a new revision it **deploys**: by default a rolling update that
# keeps `minimumHealthyPercent` (100 %) of the tasks running and may start up to `maximumPercent`
# (200 %), with a **deployment circuit breaker** that rolls back when new tasks keep failing.
# The boto3 in this kernel lists the strategies ECS offers today — blue/green, linear and canary
# were added in 2025:

# %%
strategies = ecs.meta.service_model.shape_for("DeploymentStrategy").enum
print("deployment strategies:", ", ".join(strategies))

# %% [markdown]
# > **moto vs AWS:** AWS lets you leave `securityGroups` out (the task then uses the VPC's default
# > security group — rarely what you want). moto fails instead, with a `KeyError` from inside the
# > mock. Always pass `securityGroups`:

# %%
app_subnets = sorted(s["SubnetId"] for s in subnets if s["CidrBlock"] in ("10.0.10.0/24", "10.0.11.0/24"))
try:
    ecs.create_service(cluster="demo-cluster", serviceName="no-sg", taskDefinition="my-api-task", desiredCount=1,
                       launchType="FARGATE",
                       networkConfiguration={"awsvpcConfiguration": {"subnets": app_subnets}})
except KeyError as err:
    print("moto failed: KeyError", err)

# %% [markdown]
# ## 8. Lab task: `ecs.fargate_service`
# **Starter:** `ecs-prereqs` — the network, the security groups, the secret and both roles, as in
# section 1 (a fresh account: the demo cluster and the seed's revision are gone).
#
# **Your job:** run the API on Fargate.
# 1. cluster `my-cluster` (Container Insights on is a good idea);
# 2. the log group `/ecs/my-api`;
# 3. task definition family `my-api-task` as in the seed — FARGATE, `awsvpc`, cpu `512`, memory
#    `1024`, one essential container `api` on 8080/tcp with the seed's environment, logging and
#    health check — but with references that exist: execution role `ecsTaskExecutionRole`, task role
#    `my-api-task-role`, and `DB_PASSWORD` from the secret `prod/db-password` (look its ARN up);
# 4. service `my-api` in `my-cluster` running at least 2 tasks on Fargate, in the two app subnets of
#    `main`, with `app-sg` and no public IP.
#
# The grader judges the revision the service actually runs.

# %%
print(labkit.task("ecs.fargate_service").text)
lab = labkit.start(labkit.task("ecs.fargate_service").starter, seed=0, replace=True)
ec2, ecs, iam = lab.client("ec2"), lab.client("ecs"), lab.client("iam")
secrets, logs = lab.client("secretsmanager"), lab.client("logs")

# %% [markdown]
# First what the service will need to find: the app subnets and `app-sg` of `main`, the secret's
# full ARN and the two roles' ARNs — all looked up, never typed in.

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
# The cluster and the log group (kept 30 days):

# %% tags=["solution"] labkit={"task": "ecs.fargate_service"}
ecs.create_cluster(clusterName="my-cluster", settings=[{"name": "containerInsights", "value": "enabled"}])
logs.create_log_group(logGroupName="/ecs/my-api")
logs.put_retention_policy(logGroupName="/ecs/my-api", retentionInDays=30)
print("cluster my-cluster and log group /ecs/my-api created")

# %% [markdown]
# The seed's task definition with the references fixed:

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
# And the service, in the private app subnets:

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
# ## 9. Your service, read back
#
# Describe the service from the account — what ECS knows about it and where its tasks go:

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
# > **moto vs AWS:** the lab stores the service but never starts a container: `running` stays 0,
# > `pending` stays at the desired count and `list_tasks` is empty. In AWS, within a minute or two,
# > two tasks would be RUNNING — one per AZ — each with an ENI and a private IP in an app subnet,
# > and `describe_tasks` would show their health status. (moto's `run_task` with
# > `launchType="FARGATE"` fails outright.)
# >
# > Two more gaps: `create_service(capacityProviderStrategy=[{"capacityProvider": "FARGATE", ...}])`
# > is accepted but the strategy is dropped and the service recorded with launch type EC2 (use
# > `launchType="FARGATE"`, or set the strategy afterwards with `update_service`); and the cluster's
# > `activeServicesCount` stays 0.
#
# The network view of your account. It draws subnets, gateways, instances, load balancers and
# databases — **ECS services and tasks are not drawn** — so read the table above beside it: the two
# tasks' ENIs go into the app subnets (`private (NAT)`), one in each AZ, guarded by `app-sg`.

# %%
labkit.diagram(view="network")

# %% [markdown]
# ## 10. Quiz
# Answer in the widget (JupyterLab) — every attempt is recorded in your progress. To answer in plain
# Python instead, keep the quiz in a variable (`quiz = labkit.quiz("ecs")`) and call
# `quiz.answer("<question id>", <answer>)`; `quiz.questions` lists the ids.

# %%
labkit.quiz("ecs")

# %% [markdown]
# ## Recap
# - ECS runs containers: a **cluster** (클러스터) holds **services** (서비스) that keep a number of
#   **tasks** (태스크) running; a task is the containers of one **task definition** (태스크 정의)
#   revision — the app and its **sidecars** (사이드카).
# - **EC2** launch type: your instances, your patching, cheapest at steady scale. **Fargate**
#   (서버리스): no instances, pay per task's vCPU and memory, `awsvpc` only. 2025: **ECS Managed
#   Instances** in between.
# - The seed's task definition: 0.5 vCPU / 1 GB, `awsvpc`, an **execution role** (ECS: image,
#   logs, secrets) and a **task role** (your code), the password from **Secrets Manager** in
#   `secrets` (never `environment`, ECS.8), `awslogs` to `/ecs/my-api`, and a health check.
# - Registration does not check references: a missing role, secret, log group or image shows only
#   when a task fails to start. Definitions are immutable — register a revision, update the service.
# - A service in **private subnets** (프라이빗 서브넷) with `assignPublicIp=DISABLED` (ECS.2) reaches
#   ECR, Secrets Manager and CloudWatch through a NAT gateway or VPC endpoints.
#
# Close the lab:

# %%
lab.stop()
lab
