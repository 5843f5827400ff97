"""The seed's AWS global infrastructure: a Region made of Availability Zones made of data centres."""

from labkit.diagrams import style
from labkit.diagrams.concepts import area, box, graph, note

TITLE = "AWS global infrastructure (AWS 글로벌 인프라)"
SEED = "개요 › AWS의 글로벌 인프라"
ALT = (
    "A Region contains three Availability Zones: AZ 1 with data centres A and B, AZ 2 with data "
    "centres C and D, AZ 3 with data centre E. Outside the Region, Edge Locations serve the "
    "CloudFront CDN close to users."
)

ZONES = {1: ("A", "B"), 2: ("C", "D"), 3: ("E",)}


def build():
    g = graph(TITLE, nodesep="0.35")
    region = area(
        g, "region", "Region (리전) — e.g. ap-northeast-2, Seoul (서울)", kind="region", dashed=True
    )
    for number, centres in ZONES.items():
        zone = area(
            region, f"az{number}", f"Availability Zone {number} (가용 영역)", kind="az", dashed=True
        )
        for dc in centres:
            box(zone, f"dc{dc}", f"Data Center {dc}", ["데이터 센터"], kind="external")
    note(
        region,
        "why",
        [
            "AZs are isolated from each other's failures",
            "and linked by low-latency networking:",
            "spread a workload over two or more AZs.",
        ],
    )
    edge = area(g, "edge", "Edge Location (엣지 로케이션)", kind="network")
    box(edge, "cf", "CloudFront CDN", ["caches content near users"], kind="network")
    g.node(
        "users",
        label="Users",
        shape="ellipse",
        style="filled",
        fillcolor="white",
        color=style.KIND["external"].border,
    )
    g.edge(
        "users",
        "cf",
        color=style.EDGE["route"],
        label="nearest edge",
        fontcolor=style.EDGE["route"],
    )
    g.edge(
        "cf",
        "dcE",
        color=style.EDGE["route"],
        style="dashed",
        label="origin",
        fontcolor=style.EDGE["route"],
        lhead="cluster_region",
        constraint="false",
        tailport="w",
    )
    g.edge("dcA", "why", style="invis")
    return g.agraph()
