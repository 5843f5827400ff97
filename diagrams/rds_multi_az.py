"""The seed's Multi-AZ deployment of RDS: a primary and a synchronous standby in another AZ."""

from labkit.diagrams import style
from labkit.diagrams.concepts import area, box, graph, note

TITLE = "RDS Multi-AZ deployment (Multi-AZ 배포 아키텍처)"
SEED = "핵심 서비스 › Amazon RDS › Multi-AZ 배포 아키텍처"
ALT = (
    "Availability Zone A holds the primary DB instance and its EBS volume; Availability Zone B holds "
    "the standby instance and its EBS volume. Storage is replicated synchronously between the two "
    "volumes. The application reaches the database through one DNS endpoint; if the primary fails, "
    "RDS fails over to the standby automatically within 60 to 120 seconds."
)


def build():
    g = graph(TITLE)
    box(g, "app", "Application", ["connects to the DB endpoint (DNS)"], kind="compute")
    box(
        g,
        "endpoint",
        "app-db.xxxx.ap-northeast-2.rds.amazonaws.com",
        ["one DNS name for both"],
        kind="database",
        caption="DB endpoint",
    )
    g.edge("app", "endpoint", color=style.EDGE["plain"])
    for az, role in (("A", "Primary"), ("B", "Standby")):
        zone = area(g, f"az{az}", f"Availability Zone {az} (가용 영역)", kind="az", dashed=True)
        ko = "기본" if role == "Primary" else "대기"
        box(
            zone,
            f"db{az}",
            f"{role} Instance",
            [f"{ko} 인스턴스"],
            kind="database",
            style="rounded,filled" + (",dashed" if role == "Standby" else ""),
        )
        box(zone, f"ebs{az}", "EBS Volume", kind="storage")
        g.edge(f"db{az}", f"ebs{az}", color=style.EDGE["plain"])
    g.edge(
        "endpoint", "dbA", color=style.EDGE["route"], label="today", fontcolor=style.EDGE["route"]
    )
    g.edge(
        "endpoint",
        "dbB",
        color=style.EDGE["route"],
        style="dotted",
        label="after failover",
        fontcolor=style.EDGE["route"],
    )
    g.edge(
        "dbA",
        "dbB",
        dir="both",
        style="dashed",
        color=style.EDGE["replication"],
        constraint="false",
    )
    g.edge(
        "ebsA",
        "ebsB",
        dir="both",
        style="dashed",
        color=style.EDGE["replication"],
        label="Sync Rep (동기 복제)",
        fontcolor=style.EDGE["replication"],
        constraint="false",
    )
    note(
        g,
        "failover",
        [
            "장애 발생 시: 자동 Failover (60-120초 이내)",
            "On failure: automatic failover within 60-120 s;",
            "the endpoint's DNS name moves to the standby.",
            "The standby serves no reads: it only waits.",
        ],
    )
    g.edge("ebsA", "failover", style="invis")
    return g.agraph()
