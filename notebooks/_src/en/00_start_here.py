# %% [markdown]
# # 00 · Start here — your private AWS account (시작하기)
#
# Welcome! This course teaches AWS hands-on. Every cell you run makes a **real boto3 call**,
# answered by an AWS account that lives *inside this notebook's kernel* (a moto mock). There is
# no AWS account to sign up for, nothing costs money, and **nothing ever leaves this machine**.
#
# **In this notebook you will** (about ten minutes)
# 1. open a lab — your private, offline account in the Seoul region (서울 리전, `ap-northeast-2`) —
#    and make your first live AWS call;
# 2. meet AWS's global infrastructure (글로벌 인프라): regions (리전), availability zones (가용 영역),
#    data centres (데이터 센터) and edge locations (엣지 로케이션), explored live and drawn;
# 3. launch your first resource and see your account as a diagram;
# 4. see the network guard stop a call that tries to leave the machine;
# 5. learn how the course works: lab tasks and their **Check** cells, quizzes, your progress,
#    workshop submissions — and take your first quiz.
#
# There is no lab task in this notebook: just run the cells from top to bottom
# (<kbd>Shift</kbd>+<kbd>Enter</kbd>) and read along.

# %% [markdown]
# ## 1. Open a lab and make your first call
#
# `labkit.start()` opens the lab and makes it *the current lab*. The `seed` makes every resource
# id reproducible, so your notebook shows the same ids as your neighbour's.

# %%
import labkit

lab = labkit.start(seed=0)
lab

# %% [markdown]
# `lab.client("ec2")` is an ordinary boto3 client (so is `boto3.client("ec2")` while the lab is
# open): everything you learn here works unchanged against real AWS. The classic first call asks
# *who am I?* — it needs no permissions at all, and it is the first thing to run whenever you are
# unsure whose credentials a program is using:

# %%
sts = lab.client("sts")
me = sts.get_caller_identity()
print("account:", me["Account"])
print("caller: ", me["Arn"])
print("region: ", lab.region)

# %% [markdown]
# Account `123456789012` is the lab's made-up account number (AWS uses the same one in its
# documentation examples). Every lab has it, so everyone's ARNs look alike.
#
# > **moto vs AWS:** the lab's caller is a made-up user called `moto`, and its ARN is written
# > `arn:aws:sts::...:user/moto`; a real IAM user's ARN reads `arn:aws:iam::<account>:user/<name>`.
#
# ## 2. AWS global infrastructure (AWS 글로벌 인프라)
#
# AWS is the largest cloud provider, with about **31 % of the global market** (the seed's figure),
# and it offers **more than 200 fully managed services** (완전 관리형 서비스) — compute, storage,
# databases, networking, machine learning and more. All of it runs on the same nested
# infrastructure:

# %%
from labkit.diagrams import concepts

concepts.show("global_infrastructure")

# %% [markdown]
# | Level | 한국어 | What it is | In the figure |
# |---|---|---|---|
# | **Region** | 리전 | A geographic area, such as Seoul (`ap-northeast-2`). Regions are independent of one another: your resources and data stay in the region you choose | the outer box |
# | **Availability Zone (AZ)** | 가용 영역 | One or more data centres with their own power, cooling and networking, far enough apart that one disaster does not hit two AZs, linked to the region's other AZs by fast, private, low-latency links | AZ 1, AZ 2, AZ 3 |
# | **Data centre** | 데이터 센터 | The buildings full of servers. An AZ has one *or more*; AWS never tells you which one you are in | A–E (AZ 3 has just one) |
# | **Edge location** | 엣지 로케이션 | A point of presence close to users, where the CloudFront CDN (콘텐츠 전송 네트워크) caches and delivers content. Edge locations are not in any region, and you cannot run servers there | outside the region |
#
# Two habits follow from this picture, and every architecture in the course uses them:
# - **choose a region** for your users' latency, the law on where data may live (data residency),
#   the services and prices it offers — Korean users usually get Seoul;
# - **spread every tier over at least two AZs**, so that losing a data centre, or even a whole AZ,
#   does not take the application down (다중 AZ, Multi-AZ).
#
# ### Regions, live
# Ask your account which regions exist — the same `describe_regions` call you would make
# against real AWS — and group them by geography (the first part of a region code):

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
# A region code reads *area – direction – number*: `ap-northeast-2` is the second region in
# north-east Asia Pacific. Seoul's neighbours are Tokyo (`ap-northeast-1`) and Osaka
# (`ap-northeast-3`).
#
# \* GovCloud and China are separate *partitions* of AWS (`aws-us-gov`, `aws-cn`), with their own
# accounts: an ordinary account never sees them.
#
# > **moto vs AWS:** the lab lists every region botocore knows, GovCloud and China included, all
# > enabled. A real account lists
# > only the regions enabled for it (`describe_regions(AllRegions=True)` shows the rest): regions
# > launched since March 2019, such as Hong Kong (`ap-east-1`), are *opt-in*, off until you enable
# > them. In 2025 AWS ran more than 35 regions with over 110 availability zones; its *Global
# > Infrastructure* page has today's count.
#
# ### Availability zones, live
# Now the availability zones (가용 영역) of *your* region, Seoul:

# %%
zones = ec2.describe_availability_zones()["AvailabilityZones"]
labkit.table(zones, {"ZoneName": "zone name", "ZoneId": "zone id", "ZoneType": "type", "State": "state"},
             title=f"Availability zones of {lab.region}")

# %% [markdown]
# Seoul has four AZs. Notice the two names for each:
# - the **zone name** (`ap-northeast-2a`) is what you pass to the API. AWS maps the letters to the
#   physical zones independently for each account, so that everyone's "a" does not end up crowded;
# - the **zone id** (`apne2-az1`) names the physical zone and is the same in every account — use it
#   when you coordinate with another account.
#
# > **moto vs AWS:** in the lab the name-to-id mapping is fixed (`a` is always `az1`). Real
# > accounts can also enable *Local Zones* and *Wavelength Zones* — small extensions of a region
# > placed in a city or a 5G network (`describe_availability_zones(AllAvailabilityZones=True)`
# > lists them with `ZoneType` `local-zone` or `wavelength-zone`); the lab has only the four AZs.
#
# **Data centres and edge locations** have no API to list them: AWS does not expose data centres
# at all (the AZ is the smallest unit you can choose), and edge locations are used *through*
# services — CloudFront, and also Route 53 and Global Accelerator — rather than addressed one by
# one. There are far more of them than regions: more than 600 edge locations in 2025, in cities
# where AWS has no region at all.
#
# ## 3. Your first resource, and your first diagram
#
# A new account already has a **default VPC** (기본 VPC) — a private network, the subject of
# notebook 02 — with one **default subnet per AZ**. Your first resource will live in it: a small
# EC2 virtual server (notebook 03). Rather than hard-coding an image id (AMI ids differ by region
# and change with every release), ask AWS's public parameter store for the latest Amazon Linux 2023:

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
# Where did it go? Read the default VPC and its subnets back, one row per AZ:

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
# Each default subnet is a `/20`: 4,096 addresses, of which AWS keeps 5 in every subnet (notebook 02
# explains which), leaving 4,091 — and `hello-aws` has taken one in `ap-northeast-2a`.
#
# `labkit.diagram()` draws your account from the same describe calls. It is drawn fresh every
# time you run it, so it always shows what you have built *now*:

# %%
labkit.diagram(view="network")

# %% [markdown]
# Region › VPC › availability zones › subnets, with `hello-aws` in `ap-northeast-2a`: the global
# infrastructure of section 2, seen from inside your own account.
#
# > **moto vs AWS:** a real default VPC comes with an internet gateway and a route `0.0.0.0/0` to
# > it, so its subnets are *public* (the diagram would colour them green). The lab's default VPC
# > has neither, so the diagram, which reads the routes, calls its subnets *isolated*. And the
# > instance runs at once — in AWS it spends a few seconds `pending`.
#
# ## 4. Nothing leaves this machine
#
# While a lab is open, labkit's network guard refuses every connection that is not to this
# machine itself — boto3 or not. Try to reach the internet:

# %%
import urllib.request

try:
    urllib.request.urlopen("https://sts.amazonaws.com/", timeout=5)
except labkit.RealAWSCallBlocked as blocked:
    print("Blocked:", blocked.host)

# %% [markdown]
# Your real AWS credentials, if this machine has any, are hidden from the kernel while the lab is
# open, so not even a mistake can reach a real account.
#
# ## 5. A snapshot of your account
#
# `lab.snapshot()` reads your whole account back — VPCs, subnets, instances, buckets, databases,
# IAM — into one plain dictionary. Graders, diagrams and submissions all read this snapshot,
# never your code, so *any* correct way of building something earns the marks.

# %%
snap = lab.snapshot()
print("services:", ", ".join(snap["labkit"]["services"]))
for key in ("vpcs", "subnets", "instances", "security_groups"):
    print(f"  ec2.{key:<16} {len(snap['ec2'][key])}")

# %% [markdown]
# ## 6. How the course works (과정 안내)
#
# Each notebook teaches one topic with live calls, diagrams and concept figures, then gives you
# **lab tasks** to build yourself. These are all of them, listed by service; the next two notebooks
# hold the three IAM tasks and the four VPC tasks:

# %%
labkit.table(
    [{"task": t, "title": labkit.task(t).title, "points": labkit.task(t).max_score} for t in labkit.tasks()],
    title="Lab tasks of the course",
)

# %% [markdown]
# **A lab task** looks like this in a notebook:
# 1. a text cell says what to build and which resource names the grader looks for;
# 2. a cell opens the task's *starter* — a fresh account with everything the task does *not* ask for
#    (`labkit.start(labkit.task(...).starter, seed=0, replace=True)`);
# 3. **your turn**: an empty cell where you write the boto3 calls — any way you like (client or
#    resource API, a loop, several cells): the grader reads the account, not your code;
# 4. a **Check** cell, `labkit.grade("<task id>")`: every check with its points, and for each
#    failed one what is wrong, the call that fixes it and a link to the AWS documentation.
#    Run it as often as you like; every attempt is recorded and your best score counts.
#
# Stuck? `labkit.task("<task id>").hint()` names the next thing to fix, without recording an
# attempt. Here is what it says about notebook 02's first task on your current account:

# %%
labkit.task("vpc.three_tier_network").hint()

# %% [markdown]
# **Two editions.** The notebooks you open with `labkit lab` are the *learner edition*: each
# solution is replaced by an empty "your turn" cell (직접 해 보세요) and the Check cells start
# empty. The repository's *master edition*, which instructors and the course's own tests run, has
# a reference solution in each of those cells — so if you ever see a task already solved, you
# opened the master copy.
#
# **Quizzes.** Every notebook ends with a quiz on its topic. In JupyterLab it is a set of cards:
# pick or type an answer and press *Check*. Here is the quiz of this notebook:

# %%
quiz = labkit.quiz("global")
quiz

# %% [markdown]
# You can also answer in plain Python — handy in a script or a terminal. Question ids are in
# brackets above:

# %%
quiz.answer("global-hierarchy", "region-az-dc")

# %% [markdown]
# **Your progress.** Every quiz answer and every Check is stored on this machine
# (`$LABKIT_HOME/progress.db`), best and last score per item. In a terminal, `labkit progress`
# shows the table (`--topics` one row per topic, `--csv` for a spreadsheet); in Python,
# `labkit.progress` reads the same store. Your answers from this notebook so far:

# %%
from labkit.progress import default_store

mine = [row for row in default_store().summary() if row["topic"] == "global"]
labkit.table(mine, {"item": "question", "attempts": "attempts", "best": "best", "max_score": "out of"},
             title="Your progress: topic global")

# %% [markdown]
# **Workshops.** If an instructor runs this course for a group, they will ask you to call
# `labkit.submit()` at the end of a session. It writes one JSON file with your latest answers,
# your graded tasks and a snapshot of your lab, and tells you where it is. The instructor
# re-grades every file offline (`labkit grade`) — scores written in a file are ignored — and
# hands back a gradebook with feedback. Working alone? You never need it.
#
# ```python
# labkit.submit()          # in a workshop: writes your submission file and prints its path
# ```
#
# ## Recap
# - The lab is a private AWS account inside this kernel: real boto3 calls, no cost, no network.
# - A **region** (리전) is a geographic area holding several **availability zones** (가용 영역), each
#   one or more **data centres** (데이터 센터), linked by fast private links; **edge locations**
#   (엣지 로케이션) deliver CloudFront content close to users, outside the regions.
#   Choose a region for its users and rules; spread every tier over two or more AZs.
# - `labkit.diagram()` draws your account; `lab.snapshot()` is what graders and diagrams read.
# - Lab tasks end in a **Check** cell (`labkit.grade`); `.hint()` helps; `labkit progress` shows
#   your scores; `labkit.submit()` is for workshops.
#
# Next: **01 · IAM**, who may do what in an AWS account. Close the lab when you are done (closing
# the notebook does it too):

# %%
lab.stop()
lab
