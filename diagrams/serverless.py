"""The seed's serverless architecture: static site, API, functions, table, queue and stream."""

from labkit.diagrams import style
from labkit.diagrams.concepts import area, box, graph

TITLE = "Serverless architecture (Serverless 아키텍처)"
SEED = "아키텍처 패턴 › Serverless 아키텍처"
ALT = (
    "A browser loads the static web app (React/Vue) from S3 through CloudFront, and calls API Gateway "
    "(REST/HTTP: request validation, rate limiting, API key auth, transformation), which invokes three "
    "Lambda functions (Users, Orders, Products) that use one DynamoDB table (single-table design, "
    "on-demand capacity, global secondary indexes). Asynchronous work goes from an SQS queue to a "
    "processor Lambda that archives to S3; real-time records go from a Kinesis stream to a "
    "transformer Lambda that indexes into OpenSearch."
)


def build():
    g = graph(TITLE, nodesep="0.35")
    box(g, "client", "Client Browser", kind="external")
    box(g, "cf", "CloudFront (CDN)", kind="network")
    box(g, "web", "S3 (Static Web)", ["React / Vue"], kind="storage")
    box(
        g,
        "api",
        "API Gateway (REST/HTTP)",
        ["Request Validation · Rate Limiting · API Key Auth", "Request/Response Transformation"],
        kind="network",
    )
    g.edge("client", "cf", color=style.EDGE["route"])
    g.edge("cf", "web", color=style.EDGE["route"], label="static files")
    g.edge("cf", "api", color=style.EDGE["route"], label="/api")
    sync = area(g, "sync", "동기 처리 (request / response)", kind="compute", dashed=True)
    for name in ("Users", "Orders", "Products"):
        box(sync, f"fn_{name}", f"Lambda ({name})", kind="compute")
        g.edge("api", f"fn_{name}", color=style.EDGE["route"])
        g.edge(f"fn_{name}", "ddb", color=style.EDGE["plain"])
    box(
        sync,
        "ddb",
        "DynamoDB",
        ["Single-table Design · On-Demand Capacity", "Global Secondary Indexes"],
        kind="database",
    )
    asyn = area(g, "async", "비동기 처리 (asynchronous)", kind="compute", dashed=True)
    box(asyn, "sqs", "SQS Queue", kind="network")
    box(asyn, "proc", "Lambda (Processor)", kind="compute")
    box(asyn, "archive", "S3 (Archive)", kind="storage")
    live = area(g, "live", "실시간 처리 (real time)", kind="compute", dashed=True)
    box(live, "kinesis", "Kinesis Stream", kind="network")
    box(live, "trans", "Lambda (Transformer)", kind="compute")
    box(live, "search", "OpenSearch (Search)", kind="database")
    for a, b in (("sqs", "proc"), ("proc", "archive"), ("kinesis", "trans"), ("trans", "search")):
        g.edge(a, b, color=style.EDGE["route"])
    g.edge("ddb", "sqs", style="invis")
    g.edge("ddb", "kinesis", style="invis")
    g.group("flows", rank="same")._body.append('"sqs"; "kinesis";')
    return g.agraph()
