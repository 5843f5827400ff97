# %% [markdown]
# # 02 · VPC networking — your own network in AWS (VPC 네트워킹)
#
# Amazon VPC (Virtual Private Cloud) gives you a **logically isolated network** (논리적으로 격리된
# 네트워크) inside AWS: you choose its IP addresses, cut it into subnets, decide where traffic may
# go, and put firewalls in front of everything. Almost every other service — EC2, RDS, Lambda in a
# VPC, ECS, EKS, load balancers — lives in one, so this is the notebook the rest of the course
# builds on.
#
# **In this notebook you will**
# 1. read the seed's network: one VPC, two availability zones (가용 영역), three tiers;
# 2. design its addresses (CIDR 설계) with Python's `ipaddress`: /16, /20 and /24, the five addresses
#    AWS keeps in every subnet, the seed's subnet plan — and the mistake hidden in it;
# 3. build the VPC step by step — subnets, internet gateway, NAT gateway, route tables — and watch
#    the diagram of your account grow;
# 4. guard the tiers with security groups (보안 그룹), which are stateful (상태 저장);
# 5. send simulated packets through network ACLs (네트워크 ACL), which are stateless (상태 비저장),
#    find the hole in the seed's example, and write a NACL that has none;
# 6. reach S3 and ECR privately through VPC endpoints (VPC 엔드포인트): gateway, interface and
#    Gateway Load Balancer.
#
# Four lab tasks are graded along the way: `vpc.three_tier_network`, `vpc.security_groups`,
# `vpc.private_nacl` and `vpc.endpoints`.

# %% [markdown]
# ## 1. The seed's network (VPC 구조)
#
# This is the network the whole course uses: the classic three-tier layout, repeated in two
# availability zones so that losing one AZ leaves a complete copy running in the other.

# %%
import ipaddress

from IPython.display import display

import labkit
from labkit.diagrams import concepts

concepts.show("vpc_two_az")

# %% [markdown]
# | Part | 한국어 | What it does |
# |---|---|---|
# | **VPC** | VPC | The network: one address block (here `10.0.0.0/16`) in one region, spanning all its AZs |
# | **Subnet** | 서브넷 | A slice of the VPC's addresses that lives in exactly **one** AZ. Resources are launched into subnets |
# | **Public subnet** | 퍼블릭 서브넷 | Its route table sends internet traffic (`0.0.0.0/0`) to the internet gateway. Holds what must face the internet: the load balancer (ALB) and the NAT gateways |
# | **Private subnet, app tier** | 프라이빗 서브넷 (앱 계층) | No route *from* the internet. Its instances reach out (updates, AWS APIs) through a NAT gateway |
# | **Private subnet, DB tier** | 프라이빗 서브넷 (DB 계층) | No route to the internet at all. RDS keeps its primary in AZ A and a synchronous standby (동기 복제) in AZ B |
# | **Internet gateway (IGW)** | 인터넷 게이트웨이 | The VPC's door to the internet, for both directions; one per VPC, highly available by design |
# | **NAT gateway** | NAT 게이트웨이 | Lets private instances open connections *out* while nothing outside can open one *in*. It sits in a public subnet; one per AZ, so each AZ keeps working if the other fails |
# | **Route table** | 라우팅 테이블 | Decides, per subnet, where each destination goes. Whether a subnet is "public" is nothing but its route table |
#
# Traffic flows top to bottom: users → IGW → ALB (public) → EC2 (app) → RDS (db). Each tier
# talks only to its neighbours, which the firewalls of sections 4 and 5 will enforce.
#
# Open a lab with an empty account. It already has a **default VPC** (기본 VPC), the one notebook 00
# used, so an account is never without a network:

# %%
lab = labkit.start(seed=0)
ec2 = lab.client("ec2")
labkit.table(ec2.describe_vpcs()["Vpcs"], {"VpcId": "VPC", "CidrBlock": "CIDR", "IsDefault": "default", "State": "state"},
             title="VPCs of a new account")

# %% [markdown]
# The default VPC (`172.31.0.0/16`, one public `/20` subnet per AZ) is made for quick experiments.
# Real workloads get a VPC of their own, designed on purpose — starting with its addresses.
#
# ## 2. CIDR design (VPC CIDR 설계 가이드라인)
#
# A **CIDR block** such as `10.0.0.0/16` names a range of addresses: the number after the slash
# (the *prefix length*) says how many leading bits are fixed, so a `/16` leaves 32 − 16 = 16 bits
# free: 2¹⁶ = 65,536 addresses. Every bit taken from the prefix halves the block. Python's
# `ipaddress` module does this arithmetic for you.
#
# The seed recommends three sizes of VPC (권장 CIDR 크기). AWS also keeps **five addresses of every
# subnet** for itself, so a subnet of the same size has five fewer to give out:

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
# Which five? In the app subnet `10.0.10.0/24`:

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
# Rules of thumb the seed's plan follows:
# - Use a **private range** (RFC 1918): `10.0.0.0/8`, `172.16.0.0/12` or `192.168.0.0/16`. A VPC block
#   may be anything from `/16` (65,536 addresses) down to `/28` (16).
# - **Never overlap** with other VPCs or your office network: peering, Transit Gateway and VPN
#   cannot route between overlapping ranges, and renumbering later is painful.
# - **Leave room**: give each tier its own range with gaps between them, so adding an AZ or a tier
#   never forces a renumbering.
#
# ### The seed's subnet plan (서브넷 세분화 예시)
# One `/24` per tier per AZ, the tier in the third number: public `10.0.0-2`, app `10.0.10-12`,
# DB `10.0.20-22`, and two large blocks for the pods of an EKS cluster (notebook 08), which need an
# IP address each (대규모 IP 필요).

# %%
concepts.show("vpc_cidr_plan")

# %% [markdown]
# Let `ipaddress` check the plan: every subnet inside the VPC, and no two overlapping.

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
# Now the EKS pod subnets the seed gives: `10.0.100.0/18` (AZ-A) and `10.0.128.0/18` (AZ-B).
# `ipaddress` refuses the first one:

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
# A `/18` holds 16,384 addresses — 64 values of the third number — so `/18` blocks start at
# `10.0.0.0`, `10.0.64.0`, `10.0.128.0` and `10.0.192.0` only. `10.0.100.0/18` has "host bits set":
# it is not the start of any block. The seed surely meant `10.0.64.0/18`, which is free and sits
# right before AZ-B's `10.0.128.0/18`. Check that the corrected plan is still clean:

# %%
pods = [ipaddress.ip_network("10.0.64.0/18"), ipaddress.ip_network("10.0.128.0/18")]
clashes = [(p, s) for p in pods for s in subnets if p.overlaps(s)]
print("pod blocks:", ", ".join(f"{p} ({p.num_addresses:,} addresses)" for p in pods))
print("clashes with the tiers:", clashes or "none")
print("addresses still free in the VPC:",
      f"{vpc_block.num_addresses - sum(b.num_addresses for b in subnets + pods):,} of {vpc_block.num_addresses:,}")

# %% [markdown]
# > **moto vs AWS:** the EC2 API of real AWS rejects `10.0.100.0/18` as a subnet CIDR; the lab's
# > mock accepts it, and it also accepts subnets smaller than AWS's minimum `/28`. Check your plan
# > with `ipaddress` (`strict=True`, the default) before you build.
#
# **Two numberings in the seed.** The VPC figure (section 1) numbers its subnets `10.0.1-2` (public),
# `10.0.3-4` (app) and `10.0.5-6` (DB), and the seed's NACL example uses those numbers too. The
# CIDR plan above numbers them `10.0.0-2`, `10.0.10-12` and `10.0.20-22`. Both are valid; the plan,
# with its room to grow, is the one the lab tasks use — in two AZs, A and B.
#
# ## 3. Build the network (the `vpc.three_tier_network` task)
#
# A VPC on its own reaches nothing. Three more kinds of resource make it a network:
#
# - **Internet gateway (IGW, 인터넷 게이트웨이)**: create it, *attach* it to the VPC. On its own it
#   changes nothing: a subnet uses it only once its route table says so.
# - **Route tables (라우팅 테이블)**: every VPC starts with a *main* route table holding one route,
#   `10.0.0.0/16 → local` (every subnet can reach every other). A subnet uses the main table unless it
#   is *associated* with another one. A route `0.0.0.0/0 → igw-...` makes a subnet **public**; a route
#   `0.0.0.0/0 → nat-...` makes it **private with outbound access**; no default route leaves it
#   **isolated**. The most specific route wins, so `local` always beats `0.0.0.0/0` inside the VPC.
# - **NAT gateway (NAT 게이트웨이)**: lives in a *public* subnet with an **Elastic IP** (a fixed
#   public address, 탄력적 IP). Private instances send their internet traffic to it; it forwards
#   them with its own address and lets the replies back, but no connection can start from outside.
#   It is charged per hour and per GB processed, which is why section 6 moves S3 and ECR traffic
#   off it.
#
# An instance in a public subnet also needs a **public IP** to be reachable; public subnets usually
# hand one out automatically (`MapPublicIpOnLaunch`), private ones never should.
#
# ### Lab task: `vpc.three_tier_network`

# %%
print(labkit.task("vpc.three_tier_network").text)

# %% [markdown]
# **Starter:** an empty account — everything is yours to build. Open it, and keep a client at hand:

# %%
lab = labkit.start(labkit.task("vpc.three_tier_network").starter, seed=0, replace=True)
ec2 = lab.client("ec2")

# %% [markdown]
# **Step 1 — the VPC and its six subnets.** `ec2.create_vpc(CidrBlock=..., TagSpecifications=...)`
# with the tag `Name=main` (the grader finds the VPC by it), then
# `ec2.create_subnet(VpcId=..., CidrBlock=..., AvailabilityZone=...)` six times: each tier's
# first subnet in `ap-northeast-2a`, its second in `ap-northeast-2b`. Turning on DNS host names
# (`modify_vpc_attribute`) is good practice: instances then get resolvable names, and interface
# endpoints (section 6) need it.

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
# Draw what you have. Every subnet uses the VPC's main route table, which knows only the `local`
# route, so the diagram calls all six *isolated*:

# %% tags=["exercise"]
labkit.diagram(view="network")

# %% [markdown]
# **Step 2 — the internet gateway and the public route table.** Create an internet gateway and
# attach it to `main`; create a route table with the route `0.0.0.0/0 → igw-...`
# (`create_route(..., GatewayId=...)`) and associate it with both public subnets; let the public
# subnets hand out public IPs (`modify_subnet_attribute(..., MapPublicIpOnLaunch={"Value": True})`).

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
# The two public subnets turn green: their default route now leads to the internet gateway.

# %% tags=["exercise"]
labkit.diagram(view="network")

# %% [markdown]
# **Step 3 — the NAT gateway and the private route tables.** Allocate an Elastic IP
# (`allocate_address(Domain="vpc")`), create a NAT gateway in public subnet `10.0.0.0/24` with it,
# and wait until it is `available`. Then give the app subnets a route table with
# `0.0.0.0/0 → nat-...` (`create_route(..., NatGatewayId=...)`), and the db subnets a route table
# with no default route at all. The app and db subnets keep `MapPublicIpOnLaunch` off (the default).

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
# > **moto vs AWS:** the lab's NAT gateway is `available` the moment it is created, so the waiter
# > returns at once; in AWS it stays `pending` for a minute or two, and the waiter polls every 15 s.
# > A real NAT gateway (and its Elastic IP) is billed by the hour from then on. The lab's Elastic IPs
# > come from `127.0.0.0/8`, this machine's own loopback range, not from AWS's public addresses.
#
# Read the network back from the account: for each subnet, the route table that applies to it
# (the associated one, else the main table) and where its default route leads. `free` is
# `AvailableIpAddressCount`: 256 − 5 reserved = 251, one fewer where the NAT gateway took an address.

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
# The full network. Public subnets (green) send `0.0.0.0/0` to the IGW, app subnets (teal) to
# the NAT gateway in `public-a`, db subnets (slate) nowhere:

# %% tags=["exercise"]
labkit.diagram(view="network")

# %% [markdown]
# Compare it with the seed's figure: one difference is on purpose. The seed puts a NAT gateway in
# *each* AZ; the task asks for one, to keep the lab small. With a single NAT gateway, the app
# subnet of AZ b reaches the internet through AZ a — if AZ a fails, AZ b loses its outbound
# access, and every byte crossing AZs costs extra. In production, build one NAT gateway per AZ and
# give each AZ's app subnet its own route table pointing to the NAT gateway of its own AZ.
#
# ## 4. Security groups — stateful firewalls (보안 그룹, 상태 저장 방화벽)
#
# A **security group** is a firewall on each network interface (ENI) — in practice, on each
# instance, load balancer, database or endpoint that is a member of it:
#
# - it has **allow rules only**; anything not allowed is dropped;
# - rules are **inbound** (who may connect to a member) and **outbound** (where members may connect);
#   a new group allows all outbound traffic and no inbound traffic;
# - it is **stateful** (상태 저장): when a connection is allowed in one direction, its reply traffic
#   is allowed back automatically, whatever the rules of the other direction say;
# - a rule's source can be **another security group** instead of addresses: "whoever is a member of
#   `web-sg`". The rule follows the instances as they come and go (Auto Scaling, new IPs) — the seed's
#   pattern for chaining tiers: internet → web → app → db.
#
# The seed writes it with boto3's **resource API** (`boto3.resource("ec2")`), where a group is an
# object with methods. Its example, as you would run it:
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
# ### Lab task: `vpc.security_groups`

# %%
print(labkit.task("vpc.security_groups").text)

# %% [markdown]
# **Starter:** the finished three-tier network of section 3 (scenario `three-tier-network`), with no
# security groups but the VPC's `default` one. That default group is what an instance gets when you
# name no group, which is why the AWS Foundational Security Best Practices (FSBP) control **EC2.2**
# wants it empty: then forgetting to choose a group gives an instance no access at all.
# Here is `main`'s default group as the starter has it:

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
# > **moto vs AWS:** in AWS a new VPC's default group also has an *inbound* rule, "all traffic from
# > this same group" (members may talk to each other). The lab's default group has only the
# > outbound allow-all rule. Revoke whatever rules you find, and the solution works in both.
#
# Build the three groups — with the resource API, like the seed, or with the client; the grader reads
# the account, not your code. `ec2.create_security_group(...)`, then `authorize_security_group_ingress`
# with `IpRanges` for addresses and `UserIdGroupPairs` for a group; empty the default group with
# `revoke_security_group_egress` (and `..._ingress` if it has inbound rules).

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
# The groups as the account now has them (names in place of the group ids the rules hold):

# %%
labkit.table(group_rows(groups_of_main()), title="Security groups of main")

# %% [markdown]
# The network diagram draws each "admits" reference as an arrow labelled with its port: the chain
# internet → `web-sg` → `app-sg` → `db-sg`.

# %% tags=["exercise"]
labkit.diagram(view="network")

# %% [markdown]
# Two things worth noticing:
# - `app-sg` and `db-sg` never mention an address. Scale the web tier from 2 to 20 instances and
#   nothing changes in `app-sg`; an instance that is not in `web-sg` cannot reach port 8080 even
#   from inside the VPC.
# - No group opens SSH (22) or RDP (3389) to the world (FSBP EC2.13 and EC2.14): reach instances
#   with Systems Manager Session Manager instead, which needs no open port at all.
#
# ## 5. Network ACLs — stateless firewalls (네트워크 ACL, 상태 비저장 방화벽)
#
# A **network ACL** guards a whole *subnet*: every packet crossing the subnet's edge, in or out,
# meets it before any security group sees it.

# %%
concepts.show("sg_vs_nacl")

# %% [markdown]
# | | Security group (보안 그룹) | Network ACL (네트워크 ACL) |
# |---|---|---|
# | **State** | stateful (상태 저장): replies are allowed back automatically | stateless (상태 비저장): a reply is just another packet and needs its own rule |
# | **Applies to** | network interfaces — instances, load balancers, databases | whole subnets — everything in them |
# | **Rules** | allow only | allow **and** deny |
# | **Evaluation** | all rules together: any allow admits | in rule-number order, lowest first; the **first match decides**; the final `*` rule denies the rest |
# | **Default** | new group: no inbound, all outbound | the VPC's default NACL allows everything both ways |
#
# Because a NACL is stateless, every conversation needs **two** rules: one for the request and one
# for the reply. Replies go back to the *ephemeral port* (임시 포트) the client picked for the
# connection — Linux uses 32768–60999, Windows 49152–65535, and a NAT gateway or a load balancer
# uses 1024–65535 — so NACLs allow replies on **1024–65535**.
#
# ### Simulating packets
# Neither moto nor AWS lets you watch a packet cross a NACL, so labkit has a small simulator that
# applies AWS's rules to the entries `describe_network_acls` returns. A `Packet` is one packet at
# the subnet's edge: its direction, protocol, *destination* port and the address on the other side.
#
# This section starts from the network *with* the three security groups (scenario
# `three-tier-security-groups`, also the starter of this section's task). Its subnets all use the
# VPC's default NACL:

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
# Allow everything, both ways: the default NACL stops nothing, and the security groups do all the
# work. The seed gives a NACL for the private app subnets instead. Here it is as the lab will build
# it, with its addresses moved to our plan (the seed's `10.0.1.0/24` and `10.0.2.0/24` are our public
# subnets `10.0.0.0/24` and `10.0.1.0/24`; its DB subnet `10.0.5.0/24` is our `10.0.20.0/24`):
#
# | Inbound rule | Type | Port range | Source | | Outbound rule | Type | Port range | Destination | |
# |---|---|---|---|---|---|---|---|---|---|
# | 100 | Custom | 8080 | 10.0.0.0/24 | Allow | 100 | HTTPS | 443 | 0.0.0.0/0 | Allow |
# | 110 | Custom | 8080 | 10.0.1.0/24 | Allow | 110 | Custom | 3306 | 10.0.20.0/24 | Allow ← DB 접근 |
# | 120 | Custom | 1024-65535 | 0.0.0.0/0 | Allow ← 응답 트래픽용 | 120 | Custom | 1024-65535 | 0.0.0.0/0 | Allow ← 응답 트래픽용 |
# | * | All | All | 0.0.0.0/0 | Deny | * | All | All | 0.0.0.0/0 | Deny |
#
# Build it in the lab — `create_network_acl` plus one `create_network_acl_entry` per rule (the `*`
# rule comes with every NACL) — without associating it with any subnet, so it changes nothing yet:

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
# Now send it packets: what the app tier should receive and send, and what it should not. The
# `should be` column is what the seed's NACL is *for*: 8080 only from the web tier, MySQL only to
# the DB tier.

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
# Three packets get through that should not:
# - **8080 from the internet** is allowed by **rule 120**. Rules 100 and 110 do allow 8080 from the
#   web tier — but 8080 lies *inside* 1024–65535, so any 8080 packet they do not match falls through
#   to rule 120, the "replies" rule, which matches it from anywhere. Rules 100 and 110 change nothing.
# - **8080 from a database host**: the same hole.
# - **MySQL to the internet** leaks out through outbound rule 120 in the same way: 3306 is inside
#   1024–65535 too.
#
# (MySQL to db subnet **b** works only because of that same rule 120; the seed's table lists only one
# DB subnet.) The cure is rule order: the first match decides, so put a **deny** for 8080 (and for
# 3306 outbound) *after* the specific allows and *before* the ephemeral-port rule.
#
# ### Stateless vs stateful, one conversation at a time
# A NACL judges the request and its reply separately; a security group judges only the request and
# lets its reply through because it remembers the connection (connection tracking). Follow four
# conversations of an app server — a member of `app-sg`, in app subnet `10.0.10.0/24` — through the
# seed's NACL and through the security groups of this account:

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
# Read it column by column:
# - the **NACL** needs a rule for both halves of each conversation; the replies pass only thanks to
#   rule 120 on 1024–65535, in both directions — and the same rule 120 lets the internet in on 8080;
# - **`app-sg`** has one inbound rule (8080 from `web-sg`) and the default outbound allow-all. It
#   refuses the internet's 8080 because the peer is not a member of `web-sg`, and it never needs a
#   rule for a reply: the connection is tracked.
#
# What if the NACL forgets the replies? Drop its inbound rule 120 (a copy of its entries, in Python —
# the lab is not changed): every *outbound* call of the app tier now dies on the way back.

# %%
without_replies = [e for e in seed_acl["Entries"] if not (e["RuleNumber"] == 120 and not e["Egress"])]
simulate(without_replies, [
    (Packet("egress", "tcp", 443, "198.51.100.7", note="HTTPS request to a site"), True),
    (Packet("ingress", "tcp", CLIENT_PORT, "198.51.100.7", note="...its reply"), True),
    (Packet("egress", "tcp", 3306, "10.0.20.7", note="MySQL query"), True),
    (Packet("ingress", "tcp", CLIENT_PORT, "10.0.20.7", note="...its reply"), True),
], "seed-example-nacl without inbound rule 120")

# %% [markdown]
# > **moto vs AWS:** moto stores NACLs and security groups faithfully, but no packet ever flows in
# > the lab, so nothing enforces them — the simulator (and, for security groups, the little
# > `sg_allows` above) applies AWS's documented rules to what the account holds. moto also accepts an
# > entry without `PortRange` for TCP, which AWS refuses.
#
# ### Lab task: `vpc.private_nacl`

# %%
print(labkit.task("vpc.private_nacl").text)

# %% [markdown]
# **Starter:** the network with its three security groups — the account you are in (plus the
# unassociated `seed-example-nacl`, which the grader ignores). Create a NACL for the app tier, add
# its entries in the right order with `create_network_acl_entry`, then move both app subnets to it.
# A subnet always has exactly one NACL, so you do not *add* an association: you **replace** the
# current one (`describe_network_acls` with the filter `association.subnet-id` finds it,
# `replace_network_acl_association` moves it).

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
# Read back the NACL that now guards app subnet `10.0.10.0/24` — whichever it is — and send it the
# same packets as the seed's example:

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
# Every packet meets its intended fate. Security groups and NACLs are meant to be used **together**
# (defence in depth, 심층 방어): security groups for precise, per-resource rules that follow
# instances; NACLs as a coarse subnet-wide backstop — and the only place where you can write an
# explicit *deny*, for example to block an abusive address range for a whole subnet.
#
# ## 6. VPC endpoints — private paths to AWS services (VPC 엔드포인트)
#
# An app server in a private subnet that calls S3 or pulls a container image from ECR goes out
# through the NAT gateway and the internet gateway to the service's public address: it pays NAT
# data charges per GB, and it needs a route to the internet at all. A **VPC endpoint** gives the
# VPC a private path to the service instead, over the AWS network. There are three types:

# %%
concepts.show("vpc_endpoint_types")

# %% [markdown]
# | Type | 한국어 | For | How it works | Cost |
# |---|---|---|---|---|
# | **Gateway endpoint** | 게이트웨이 엔드포인트 | S3 and DynamoDB only | a route in the route tables you choose: destination the service's **prefix list** (`pl-...`, its address ranges), target the endpoint (`vpce-...`); traffic stays in the AWS network | free (무료) |
# | **Interface endpoint** | 인터페이스 엔드포인트 | most AWS services, and your own or partners' services (AWS PrivateLink) | an **ENI with a private IP** (Private IP 할당) in each subnet you choose; with **private DNS**, the service's usual host name resolves to those IPs; **security groups** apply | paid (유료): per hour per AZ, plus per GB |
# | **Gateway Load Balancer endpoint** | GWLB 엔드포인트 | network appliances: firewalls, IDS/IPS (방화벽, IDS/IPS 연동) | a route target that sends traffic through a fleet of appliances behind a Gateway Load Balancer, and back | paid |
#
# Since the seed was written: S3 and DynamoDB also offer *interface* endpoints (reachable from
# on-premises networks and peered VPCs, which gateway endpoints are not), and VPC Lattice added
# *resource* and *service-network* endpoints (2024).
#
# The seed creates the S3 and ECR endpoints with Terraform (`aws_vpc_endpoint` resources). In boto3
# each is one `create_vpc_endpoint` call:
#
# | Terraform (the seed) | boto3 |
# |---|---|
# | `vpc_id`, `service_name = "com.amazonaws.ap-northeast-2.s3"` | `VpcId=..., ServiceName=f"com.amazonaws.{lab.region}.s3"` |
# | (gateway is Terraform's default type) | `VpcEndpointType="Gateway"` |
# | `route_table_ids = [aws_route_table.private.id]` | `RouteTableIds=[...]` |
# | `vpc_endpoint_type = "Interface"` | `VpcEndpointType="Interface"` |
# | `subnet_ids = aws_subnet.private[*].id` | `SubnetIds=[...]` |
# | `security_group_ids = [aws_security_group.vpc_endpoints.id]` | `SecurityGroupIds=[...]` |
# | `private_dns_enabled = true` | `PrivateDnsEnabled=True` |
# | `tags = { Name = "ecr-api-endpoint" }` | `TagSpecifications=[{"ResourceType": "vpc-endpoint", "Tags": [...]}]` |
#
# Pulling an image from ECR needs two interface endpoints — `ecr.api` for the registry's API
# (authentication, image manifests) and `ecr.dkr` for the Docker registry protocol — plus S3, where
# ECR keeps the image layers: that is why the seed pairs them with the S3 gateway endpoint.
#
# ### Lab task: `vpc.endpoints`

# %%
print(labkit.task("vpc.endpoints").text)

# %% [markdown]
# **Starter:** the three-tier network (scenario `three-tier-network`). The private route tables are
# `app-rt` and `db-rt`; the app subnets are `10.0.10.0/24` and `10.0.11.0/24`. The endpoints' security
# group is yours to create (the seed calls it `vpc_endpoints`).

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
# The endpoints of `main`, read back:

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
# A gateway endpoint works by **routing**: creating it added a route to each route table you named.
# Its destination is not a CIDR but S3's *prefix list*, a named set of S3's address ranges:

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
# > **moto vs AWS:** the lab's S3 prefix list holds three fixed sample ranges, not Seoul's; in AWS
# > it holds the region's real S3 ranges, which AWS keeps up to date for you. And in
# > the lab, private DNS is set only when an endpoint is created (the task says so): in AWS,
# > `modify_vpc_endpoint(PrivateDnsEnabled=...)` changes it later.
#
# The interface endpoints appear in the app subnets of the diagram, and the gateway endpoint at the
# VPC's level:

# %% tags=["exercise"]
labkit.diagram(view="network")

# %% [markdown]
# ### The third type: a Gateway Load Balancer endpoint
# A **Gateway Load Balancer** (GWLB) spreads traffic over a fleet of network appliances — firewalls,
# intrusion detection and prevention (IDS/IPS) — usually run by a security team or a vendor in a
# VPC of their own. Offered as an *endpoint service*, it is reached through **GWLB endpoints**: you
# put one in a subnet and point routes at it, and traffic detours through the appliances (over the
# GENEVE protocol, port 6081) before continuing on its way. The lab can create all three pieces:

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
# To inspect traffic you would then add routes whose target is this endpoint
# (`create_route(..., VpcEndpointId=...)`): for example `0.0.0.0/0 → vpce-...` in a subnet's route
# table, and, in a route table associated with the internet gateway (an *edge association*),
# the subnet's CIDR → `vpce-...` for traffic coming in.
#
# > **moto vs AWS:** the lab creates the GWLB endpoint without an ENI; in AWS it has one, like an
# > interface endpoint, and the endpoint service usually lives in another (security) account.
#
# ## 7. Quiz
# Answer in the widget (JupyterLab) — every attempt is recorded in your progress.

# %%
quiz = labkit.quiz("vpc")
quiz

# %% [markdown]
# Or in plain Python. How many addresses of the app subnet `10.0.10.0/24` can your resources use?

# %%
quiz.answer("vpc-24-usable", 251)

# %% [markdown]
# ## Recap
# - A **VPC** (논리적으로 격리된 네트워크) is one CIDR block in one region; **subnets** (서브넷) slice it,
#   each in one AZ. Spread every tier over two or more AZs.
# - **CIDR** (CIDR 설계): `/16` = 65,536 addresses (large production), `/20` = 4,096 (medium),
#   `/24` = 256 (small, dev/test); VPCs range from `/16` to `/28`; AWS keeps 5 addresses of every
#   subnet (251 usable in a /24). Plan tiers with gaps, never overlap, and check with `ipaddress` —
#   the seed's `10.0.100.0/18` should be `10.0.64.0/18`.
# - **Route tables** make subnets public (`0.0.0.0/0 → IGW`), private (`→ NAT gateway`, which sits in a
#   public subnet with an Elastic IP) or isolated (no default route). One NAT gateway per AZ in production.
# - **Security groups** (보안 그룹): stateful, allow-only, on interfaces, can reference other groups —
#   chain the tiers. Keep the default group empty (EC2.2) and SSH/RDP closed to the world (EC2.13).
# - **Network ACLs** (네트워크 ACL): stateless, allow and deny, on subnets, first matching rule number
#   wins; replies need 1024–65535 — so put denies for service ports *before* the ephemeral rule.
# - **VPC endpoints** (VPC 엔드포인트): **gateway** (S3, DynamoDB; routes to a prefix list; free),
#   **interface** (ENIs + private DNS + security group; most services; paid), **Gateway Load
#   Balancer** (traffic through firewalls and IDS/IPS).
#
# Next: **03 · EC2**, the servers that live in these subnets. Close the lab:

# %%
lab.stop()
lab
