"""The seed's VPC structure: one VPC over two Availability Zones, three tiers of subnets."""

from labkit.diagrams import style
from labkit.diagrams.concepts import area, box, graph

TITLE = "VPC structure: two Availability Zones, three tiers (VPC 구조)"
SEED = "AWS 네트워킹 › VPC 구조"
ALT = (
    "VPC 10.0.0.0/16 with an internet gateway on top and two Availability Zones side by side. "
    "Each AZ has a public subnet (10.0.1.0/24 and 10.0.2.0/24) holding an ALB node and a NAT gateway, "
    "a private app-tier subnet (10.0.3.0/24 and 10.0.4.0/24) with two EC2 instances, and a private "
    "DB-tier subnet (10.0.5.0/24 and 10.0.6.0/24) holding the RDS primary in AZ A and its standby in AZ B, "
    "kept in sync."
)

# The figure's own CIDRs (the seed's CIDR plan, drawn in vpc_cidr_plan, numbers them differently).
SUBNETS = {
    "a": {"public": "10.0.1.0/24", "app": "10.0.3.0/24", "db": "10.0.5.0/24"},
    "b": {"public": "10.0.2.0/24", "app": "10.0.4.0/24", "db": "10.0.6.0/24"},
}


def build():
    g = graph(TITLE)
    vpc = area(g, "vpc", "VPC 10.0.0.0/16", kind="vpc")
    box(vpc, "igw", "Internet Gateway (IGW)", kind="network", caption="인터넷 게이트웨이")
    g.node(
        "internet",
        label="Internet",
        shape="ellipse",
        style="filled",
        fillcolor="white",
        color=style.KIND["external"].border,
    )
    g.edge("internet", "igw", dir="both", color=style.EDGE["route"])
    for az, cidrs in SUBNETS.items():
        zone = area(
            vpc, f"az_{az}", f"Availability Zone {az.upper()} (가용 영역)", kind="az", dashed=True
        )
        pub = area(
            zone,
            f"pub_{az}",
            f"Public Subnet {cidrs['public']}",
            kind="public",
            filled=True,
            fontcolor="#212121",
        )
        box(pub, f"alb_{az}", "ALB", ["load balancer node"], kind="loadbalancer")
        box(pub, f"nat_{az}", "NAT Gateway", ["outbound for private subnets"], kind="network")
        app = area(
            zone,
            f"app_{az}",
            f"Private Subnet {cidrs['app']} (App Tier)",
            kind="private",
            filled=True,
            fontcolor="#212121",
        )
        for i in (1, 2):
            box(app, f"ec2_{az}{i}", "EC2", kind="compute")
        db = area(
            zone,
            f"db_{az}",
            f"Private Subnet {cidrs['db']} (DB Tier)",
            kind="isolated",
            filled=True,
            fontcolor="#212121",
        )
        role = "Primary" if az == "a" else "Standby"
        box(
            db,
            f"rds_{az}",
            f"RDS ({role})",
            [f"{style.term(role, 'ko').split(' ')[0]} 인스턴스"],
            kind="database",
            style="rounded,filled" + (",dashed" if az == "b" else ""),
        )
        g.edge("igw", f"alb_{az}", color=style.EDGE["route"])
        g.edge(f"alb_{az}", f"ec2_{az}1", color=style.EDGE["plain"])
        g.edge(f"alb_{az}", f"ec2_{az}2", color=style.EDGE["plain"])
        g.edge(
            f"nat_{az}",
            f"ec2_{az}1",
            dir="back",
            style="dashed",
            color=style.EDGE["route"],
            label="0.0.0.0/0",
            fontcolor=style.EDGE["route"],
        )
        g.edge(
            f"ec2_{az}2",
            f"rds_{az}",
            color=style.EDGE["plain"],
            style="invis" if az == "b" else "solid",
        )
    g.edge(
        "rds_a",
        "rds_b",
        dir="both",
        style="dashed",
        color=style.EDGE["replication"],
        label="Sync (동기 복제)",
        fontcolor=style.EDGE["replication"],
        constraint="false",
    )
    g.node(
        "legend",
        label=style.legend(
            [
                (style.TIER["public"], "public subnet: route 0.0.0.0/0 → IGW"),
                (style.TIER["private"], "private app tier: route 0.0.0.0/0 → NAT"),
                (style.TIER["isolated"], "private DB tier: no route to the internet"),
            ],
            edges=[
                (style.EDGE["route"], "solid", "traffic from / to the internet"),
                (style.EDGE["replication"], "dashed", "synchronous replication (Multi-AZ)"),
            ],
        ),
        shape="plaintext",
        style="",
    )
    g.edge("rds_a", "legend", style="invis")
    return g.agraph()
