"""The seed's 3-tier architecture: presentation, application and data tiers."""

from labkit.diagrams import style
from labkit.diagrams.concepts import area, box, graph

TITLE = "3-tier architecture (3-Tier 아키텍처)"
SEED = "아키텍처 패턴 › 3-Tier 아키텍처"
ALT = (
    "Presentation tier: CloudFront (CDN) in front of an internet-facing ALB and web servers on "
    "EC2, ECS or EKS, with static content caching, SSL/TLS termination and WAF. Application tier: an "
    "internal ALB and app servers for business logic and APIs, with ElastiCache (Redis) for sessions "
    "and cache. Data tier: RDS Multi-AZ (primary and standby) plus read replicas for read-heavy "
    "workloads, and S3 for objects."
)


def build():
    g = graph(TITLE)
    g.node(
        "users",
        label="Users",
        shape="ellipse",
        style="filled",
        fillcolor="white",
        color=style.KIND["external"].border,
    )
    pres = area(g, "pres", "Presentation Tier", kind="public", filled=True, fontcolor="#212121")
    box(pres, "cf", "CloudFront (CDN)", ["Static Content Caching"], kind="network")
    box(
        pres,
        "alb",
        "ALB (internet-facing)",
        ["SSL/TLS Termination", "WAF Integration"],
        kind="loadbalancer",
    )
    box(pres, "web", "Web Servers", ["EC2 / ECS / EKS"], kind="compute")
    app = area(g, "app", "Application Tier", kind="private", filled=True, fontcolor="#212121")
    box(app, "ialb", "Internal ALB", kind="loadbalancer")
    box(
        app,
        "apps",
        "App Servers",
        ["EC2 / ECS / EKS", "Business Logic · API Processing"],
        kind="compute",
    )
    box(app, "cache", "ElastiCache (Redis)", ["Session / Cache"], kind="database")
    data = area(g, "data", "Data Tier", kind="isolated", filled=True, fontcolor="#212121")
    box(data, "primary", "RDS Primary", ["Multi-AZ"], kind="database")
    box(
        data,
        "standby",
        "RDS Standby",
        ["other AZ, synchronous"],
        kind="database",
        style="rounded,filled,dashed",
    )
    box(
        data,
        "replica",
        "Read Replicas",
        ["for Read-Heavy Workloads"],
        kind="database",
        style="rounded,filled,dashed",
    )
    box(data, "s3", "S3", ["Object Storage"], kind="storage")
    for a, b in (
        ("users", "cf"),
        ("cf", "alb"),
        ("alb", "web"),
        ("web", "ialb"),
        ("ialb", "apps"),
        ("apps", "primary"),
        ("apps", "s3"),
    ):
        g.edge(a, b, color=style.EDGE["route"])
    g.edge("apps", "cache", color=style.EDGE["plain"], style="dashed", label="sessions")
    g.edge("apps", "replica", color=style.EDGE["plain"], style="dashed", label="reads")
    g.edge(
        "primary",
        "standby",
        dir="both",
        style="dashed",
        color=style.EDGE["replication"],
        constraint="false",
        label="sync",
        fontcolor=style.EDGE["replication"],
    )
    g.edge(
        "primary",
        "replica",
        style="dotted",
        color=style.EDGE["replication"],
        constraint="false",
        label="async",
        fontcolor=style.EDGE["replication"],
    )
    # Rows: the tiers stack top to bottom, each tier's nodes side by side.
    g.group("app_row", rank="same")._body.append('"apps"; "cache";')
    g.group("data_row", rank="same")._body.append('"primary"; "standby"; "replica"; "s3";')
    return g.agraph()
