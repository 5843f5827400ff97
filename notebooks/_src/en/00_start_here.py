# %% [markdown]
# # 00 · Start here — your private AWS account (시작하기)
#
# This course teaches AWS hands-on. Every cell you run talks to a **real boto3 API**,
# answered by an AWS account that lives *inside this notebook's kernel* (a moto mock).
# There is no AWS account to sign up for, nothing costs money, and **nothing ever leaves
# this machine**.
#
# **In this notebook you will**
# 1. open a lab — your private, offline account in the Seoul region (서울 리전, `ap-northeast-2`);
# 2. make your first live AWS call and read the answer;
# 3. meet AWS's global infrastructure: regions (리전), availability zones (가용 영역),
#    data centres and edge locations (엣지 로케이션);
# 4. see the network guard stop a call that tries to leave the machine;
# 5. take a snapshot of your account — the one thing every grader and diagram reads.

# %% [markdown]
# ## 1. Open a lab
#
# `labkit.start()` opens the lab and makes it *the current lab*. The `seed` makes every
# resource id reproducible, so your notebook shows the same ids as your neighbour's.

# %%
import labkit

lab = labkit.start(seed=0)
lab

# %% [markdown]
# ## 2. AWS global infrastructure (글로벌 인프라)
#
# AWS is the largest cloud provider, with about **31 % of the global market** and
# **200+ fully managed services**. Its infrastructure is nested:
#
# | Level | 한국어 | What it is |
# |---|---|---|
# | Region | 리전 | A geographic area (Seoul = `ap-northeast-2`), fully independent of other regions |
# | Availability Zone | 가용 영역 | One or more data centres with their own power and networking, linked to the other AZs of the region by fast private links |
# | Data centre | 데이터 센터 | The buildings; an AZ has one or more |
# | Edge location | 엣지 로케이션 | Points of presence for the CloudFront CDN, close to users |
#
# Ask your account which regions exist — the same `describe_regions` call you would make
# against real AWS:

# %%
ec2 = lab.client("ec2")
regions = sorted(r["RegionName"] for r in ec2.describe_regions()["Regions"])
print(len(regions), "regions, for example:", ", ".join(r for r in regions if r.startswith("ap-northeast")))

# %% [markdown]
# Now the availability zones (가용 영역) of *your* region, Seoul. Spreading a
# workload over at least two AZs is what keeps it running when one AZ fails — every
# architecture later in the course does it.

# %%
zones = ec2.describe_availability_zones()["AvailabilityZones"]
for zone in zones:
    print(f'{zone["ZoneName"]:<18} zone id {zone["ZoneId"]:<10} {zone["State"]}')

# %% [markdown]
# > **moto vs AWS:** zone *names* (`ap-northeast-2a`) are mapped to physical zones
# > differently in every real AWS account; the zone *id* (`apne2-az1`) is the same for
# > everyone. In the lab the mapping is fixed.
#
# ## 3. Nothing leaves this machine
#
# While a lab is open, labkit's network guard refuses every connection that is not to
# this machine itself — boto3 or not. Try to reach the internet:

# %%
import urllib.request

try:
    urllib.request.urlopen("https://sts.amazonaws.com/", timeout=5)
except labkit.RealAWSCallBlocked as blocked:
    print("Blocked:", blocked.host)

# %% [markdown]
# ## 4. A snapshot of your account
#
# `lab.snapshot()` reads your whole account back — VPCs, subnets, buckets, databases,
# IAM — into one plain dictionary. Graders, diagrams and submissions all read this
# snapshot, never your code, so *any* correct way of building something earns the marks.
#
# A new account already has a **default VPC** (기본 VPC) with one subnet per AZ:

# %%
snap = lab.snapshot()
print("services:", ", ".join(snap["labkit"]["services"]))
vpc = snap["ec2"]["vpcs"][0]
print("default VPC:", vpc["VpcId"], vpc["CidrBlock"], "default" if vpc["IsDefault"] else "")
for subnet in sorted(snap["ec2"]["subnets"], key=lambda s: s["AvailabilityZone"]):
    print("  subnet", subnet["CidrBlock"], "in", subnet["AvailabilityZone"])

# %% [markdown]
# ## Recap
# - The lab is a private AWS account inside this kernel: real boto3 calls, no cost, no network.
# - A **region** (리전) holds several **availability zones** (가용 영역), each one or more data centres;
#   **edge locations** (엣지 로케이션) serve CloudFront close to users.
# - `lab.snapshot()` is what graders and diagrams read.
#
# Close the lab when you are done (closing the notebook does it too):

# %%
lab.stop()
lab
