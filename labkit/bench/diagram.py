"""The network diagram of a 100-resource VPC (target: under 300 ms, no system Graphviz).

Builds one VPC over three AZs in a lab - 12 subnets, 5 route tables, an internet
gateway, 3 NAT gateways with Elastic IPs, 5 security groups, 60 instances, an S3
gateway endpoint, four interface endpoints and a Multi-AZ database - takes
its snapshot, then times ``from_snapshot(snapshot, "network").svg`` (a fresh
Diagram each run, so nothing is cached). Afterwards it reads which Graphviz
libraries this process has loaded, to show the drawing used the copy bundled
with pygraphviz and not a system Graphviz.
"""

from __future__ import annotations

import shutil
import statistics
import time
from pathlib import Path
from typing import Any

from ._util import BenchError

__all__ = ["TARGET_MS", "build_account", "snapshot", "count_resources", "graphviz_libraries", "measure"]

TARGET_MS = 300.0


def build_account(lab: Any) -> None:
    """Create the benchmark's ~100 resources in ``lab``."""
    ec2 = lab.client("ec2")

    def tagged(kind: str, name: str) -> list[dict[str, Any]]:
        return [{"ResourceType": kind, "Tags": [{"Key": "Name", "Value": name}]}]

    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16", TagSpecifications=tagged("vpc", "bench"))["Vpc"][
        "VpcId"
    ]
    igw = ec2.create_internet_gateway(TagSpecifications=tagged("internet-gateway", "bench-igw"))
    igw_id = igw["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw_id, VpcId=vpc)

    zones = [f"{lab.region}{z}" for z in "abc"]
    plan = {"public": 0, "app": 10, "batch": 30, "db": 20}
    subnets: dict[str, list[str]] = {tier: [] for tier in plan}
    for tier, base in plan.items():
        for i, zone in enumerate(zones):
            sid = ec2.create_subnet(
                VpcId=vpc,
                CidrBlock=f"10.0.{base + i}.0/24",
                AvailabilityZone=zone,
                TagSpecifications=tagged("subnet", f"{tier}-{'abc'[i]}"),
            )["Subnet"]["SubnetId"]
            subnets[tier].append(sid)

    public_rt = ec2.create_route_table(
        VpcId=vpc, TagSpecifications=tagged("route-table", "public-rt")
    )
    public_rt_id = public_rt["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=public_rt_id, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw_id)
    for sid in subnets["public"]:
        ec2.associate_route_table(RouteTableId=public_rt_id, SubnetId=sid)
    private_tables = []
    for i, zone in enumerate(zones):
        eip = ec2.allocate_address(Domain="vpc")["AllocationId"]
        nat = ec2.create_nat_gateway(
            SubnetId=subnets["public"][i],
            AllocationId=eip,
            TagSpecifications=tagged("natgateway", f"nat-{zone[-1]}"),
        )["NatGateway"]["NatGatewayId"]
        rt = ec2.create_route_table(
            VpcId=vpc, TagSpecifications=tagged("route-table", f"app-rt-{zone[-1]}")
        )
        rt_id = rt["RouteTable"]["RouteTableId"]
        private_tables.append(rt_id)
        ec2.create_route(RouteTableId=rt_id, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat)
        for tier in ("app", "batch"):
            ec2.associate_route_table(RouteTableId=rt_id, SubnetId=subnets[tier][i])
    db_rt = ec2.create_route_table(VpcId=vpc, TagSpecifications=tagged("route-table", "db-rt"))
    for sid in subnets["db"]:
        ec2.associate_route_table(RouteTableId=db_rt["RouteTable"]["RouteTableId"], SubnetId=sid)

    def group(name: str) -> str:
        return ec2.create_security_group(GroupName=name, Description=name, VpcId=vpc)["GroupId"]

    sgs = {name: group(name) for name in ("web-sg", "app-sg", "batch-sg", "db-sg", "endpoints-sg")}

    def allow(target: str, port: int, source: str | None = None, cidr: str | None = None) -> None:
        perm: dict[str, Any] = {"IpProtocol": "tcp", "FromPort": port, "ToPort": port}
        if source:
            perm["UserIdGroupPairs"] = [{"GroupId": sgs[source]}]
        else:
            perm["IpRanges"] = [{"CidrIp": cidr or "0.0.0.0/0"}]
        ec2.authorize_security_group_ingress(GroupId=sgs[target], IpPermissions=[perm])

    allow("web-sg", 443)
    allow("app-sg", 8080, "web-sg")
    allow("batch-sg", 9000, "app-sg")
    allow("db-sg", 3306, "app-sg")
    allow("db-sg", 3306, "batch-sg")
    allow("endpoints-sg", 443, cidr="10.0.0.0/16")

    for tier, per_subnet, sg in (
        ("public", 4, "web-sg"),
        ("app", 6, "app-sg"),
        ("batch", 10, "batch-sg"),
    ):
        for i, sid in enumerate(subnets[tier]):
            ec2.run_instances(
                ImageId="ami-12c6146b",
                InstanceType="t3.micro",
                MinCount=per_subnet,
                MaxCount=per_subnet,
                SubnetId=sid,
                SecurityGroupIds=[sgs[sg]],
                TagSpecifications=tagged("instance", f"{tier}-{'abc'[i]}"),
            )

    ec2.create_vpc_endpoint(
        VpcId=vpc,
        ServiceName=f"com.amazonaws.{lab.region}.s3",
        RouteTableIds=private_tables,
        TagSpecifications=tagged("vpc-endpoint", "s3-gateway"),
    )
    for service in ("ecr.api", "ecr.dkr", "logs", "secretsmanager"):
        ec2.create_vpc_endpoint(
            VpcId=vpc,
            VpcEndpointType="Interface",
            ServiceName=f"com.amazonaws.{lab.region}.{service}",
            SubnetIds=subnets["app"],
            SecurityGroupIds=[sgs["endpoints-sg"]],
            PrivateDnsEnabled=True,
            TagSpecifications=tagged("vpc-endpoint", service.replace(".", "-")),
        )

    rds = lab.client("rds")
    rds.create_db_subnet_group(
        DBSubnetGroupName="bench-db", DBSubnetGroupDescription="db subnets", SubnetIds=subnets["db"]
    )
    rds.create_db_instance(
        DBInstanceIdentifier="bench-db",
        Engine="mysql",
        DBInstanceClass="db.t3.medium",
        AllocatedStorage=20,
        MasterUsername="admin",
        MasterUserPassword="not-a-real-password-1",
        MultiAZ=True,
        StorageEncrypted=True,
        DBSubnetGroupName="bench-db",
        VpcSecurityGroupIds=[sgs["db-sg"]],
    )


def snapshot() -> dict[str, Any]:
    """The benchmark account's snapshot (opens and closes a lab)."""
    import labkit

    with labkit.Lab(seed=0) as lab:
        build_account(lab)
        return lab.snapshot()


def count_resources(snap: dict[str, Any]) -> int:
    """Resources of the benchmark's VPC (the default VPC's own are not counted)."""
    ec2 = snap.get("ec2", {})
    vpc = next((v["VpcId"] for v in ec2.get("vpcs", []) if not v.get("IsDefault")), None)
    keys = (
        "vpcs", "subnets", "route_tables", "nat_gateways", "security_groups", "network_acls",
        "vpc_endpoints", "instances",
    )  # fmt: skip
    count = sum(1 for k in keys for item in ec2.get(k, []) if item.get("VpcId") == vpc)
    count += sum(
        1
        for i in ec2.get("internet_gateways", [])
        for a in i.get("Attachments", [])
        if a.get("VpcId") == vpc
    )
    count += len(ec2.get("elastic_ips", []))
    rds = snap.get("rds", {})
    count += len(rds.get("db_instances", [])) + len(rds.get("db_subnet_groups", []))
    return count


def graphviz_libraries() -> dict[str, Any]:
    """Which Graphviz shared libraries this process has loaded, and whether all are pygraphviz's own.

    ``bundled`` is None where the loaded libraries cannot be listed (no /proc, no psutil maps).
    """
    import pygraphviz

    package = Path(pygraphviz.__file__).resolve().parent
    paths: set[str] = set()
    try:
        lines = Path("/proc/self/maps").read_text().splitlines()
        paths = {line.split(None, 5)[5] for line in lines if len(line.split(None, 5)) == 6}
    except OSError:
        try:
            import psutil

            paths = {m.path for m in psutil.Process().memory_maps()}
        except Exception:  # noqa: BLE001 - not every OS lists mapped files
            paths = set()
    names = ("libgvc", "libcgraph", "gvplugin")
    loaded = sorted(p for p in paths if any(n in Path(p).name for n in names))
    roots = (str(package), str(package.parent / "pygraphviz.libs"))
    bundled = all(str(Path(p).resolve()).startswith(roots) for p in loaded) if loaded else None
    return {
        "bundled": bundled,
        "loaded": [Path(p).name for p in loaded],
        "outside_pygraphviz": [p for p in loaded if not str(Path(p).resolve()).startswith(roots)],
        "system_dot_on_path": shutil.which("dot"),
    }


def measure(snap: dict[str, Any] | None = None, *, runs: int = 7) -> dict[str, Any]:
    """Time the network diagram of the benchmark account; median of ``runs`` fresh renders."""
    from labkit.diagrams import engine, from_snapshot

    snap = snap if snap is not None else snapshot()
    if not from_snapshot(snap, "network").svg:  # warm-up: imports and the one-time font set-up
        raise BenchError("the network diagram came out empty")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        d = from_snapshot(snap, "network")
        svg = d.svg  # rendering is what is timed
        times.append((time.perf_counter() - start) * 1000)
        if not svg:
            raise BenchError("the network diagram came out empty")
    median = statistics.median(times)
    return {
        "benchmark": "diagram.network",
        "resources": count_resources(snap),
        "runs": runs,
        "median_ms": round(median, 1),
        "min_ms": round(min(times), 1),
        "max_ms": round(max(times), 1),
        "target_ms": TARGET_MS,
        "within_target": median < TARGET_MS,
        "summary": repr(d),
        **{f"engine_{k}": v for k, v in engine().items() if k != "fonts"},
        "graphviz": graphviz_libraries(),
    }
