"""The seed's Aurora read replica set-up: one writer, readers in other AZs, split endpoints."""

from labkit.diagrams import style
from labkit.diagrams.concepts import area, box, graph, note

TITLE = "Aurora read replicas and endpoints (Aurora 읽기 전용 복제본)"
SEED = "핵심 서비스 › Amazon RDS › Aurora Read Replica 구성"
ALT = (
    "Aurora cluster my-aurora-cluster: a writer instance in ap-northeast-2a and a reader "
    "my-aurora-replica-1 (db.r6g.large) in ap-northeast-2b share one cluster volume. The application "
    "sends writes to the writer endpoint (cluster-xxxx) and reads to the reader endpoint "
    "(cluster-ro-xxxx), which spreads them over the readers."
)


def build():
    g = graph(TITLE)
    box(g, "app", "Application", ["읽기/쓰기 분리: reads and writes split"], kind="compute")
    endpoints = area(g, "endpoints", "Cluster endpoints", kind="database")
    box(
        endpoints,
        "writer_ep",
        "Writer Endpoint",
        ["my-aurora-cluster.cluster-xxxx", ".ap-northeast-2.rds.amazonaws.com"],
        kind="database",
    )
    box(
        endpoints,
        "reader_ep",
        "Reader Endpoint",
        ["my-aurora-cluster.cluster-ro-xxxx", ".ap-northeast-2.rds.amazonaws.com"],
        kind="database",
    )
    g.edge(
        "app",
        "writer_ep",
        label="writes (INSERT/UPDATE)",
        color=style.EDGE["route"],
        fontcolor=style.EDGE["route"],
    )
    g.edge(
        "app",
        "reader_ep",
        label="reads (SELECT)",
        color=style.EDGE["replication"],
        fontcolor=style.EDGE["replication"],
    )
    cluster = area(g, "cluster", "Aurora cluster my-aurora-cluster (aurora-mysql)", kind="database")
    for zone, node, title, lines, dashed in (
        ("a", "writer", "Writer (primary)", ["ap-northeast-2a", "reads + writes"], False),
        (
            "b",
            "reader",
            "my-aurora-replica-1",
            ["db.r6g.large · ap-northeast-2b", "Purpose: ReadReplica"],
            True,
        ),
    ):
        az = area(
            cluster, f"az_{zone}", f"ap-northeast-2{zone} (가용 영역)", kind="az", dashed=True
        )
        box(
            az,
            node,
            title,
            lines,
            kind="database",
            caption="writer" if node == "writer" else "reader",
            style="rounded,filled" + (",dashed" if dashed else ""),
        )
    box(cluster, "volume", "Cluster volume", ["shared storage of every instance"], kind="storage")
    g.edge("writer_ep", "writer", color=style.EDGE["route"])
    g.edge("reader_ep", "reader", color=style.EDGE["replication"])
    g.edge("writer", "volume", color=style.EDGE["plain"], label="writes")
    g.edge("reader", "volume", color=style.EDGE["plain"], dir="back", label="reads")
    note(
        g,
        "how",
        [
            "rds.create_db_instance(DBClusterIdentifier='my-aurora-cluster',",
            "    Engine='aurora-mysql', DBInstanceClass='db.r6g.large',",
            "    AvailabilityZone='ap-northeast-2b') adds a reader.",
            "A reader in another AZ can be promoted if the writer fails.",
        ],
    )
    g.edge("volume", "how", style="invis")
    return g.agraph()
