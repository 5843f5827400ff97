"""The seed's ECS architecture: a cluster running a service of tasks, each an app container and a sidecar."""

from labkit.diagrams import style
from labkit.diagrams.concepts import area, box, graph, note

TITLE = "Amazon ECS architecture (ECS 아키텍처)"
SEED = "핵심 서비스 › Amazon ECS › ECS 아키텍처"
ALT = (
    "An ECS cluster contains an ECS service that keeps three tasks running. Each task holds an "
    "application container and a sidecar container for logging and monitoring. Tasks run on EC2 "
    "instances or on Fargate (serverless)."
)


def build():
    g = graph(TITLE)
    cluster = area(g, "cluster", "ECS Cluster", kind="compute")
    service = area(
        cluster,
        "service",
        "ECS Service — keeps the desired number of tasks running",
        kind="compute",
        dashed=True,
    )
    for n in (1, 2, 3):
        task = area(service, f"task{n}", f"Task {n}", kind="az")
        box(task, f"app{n}", "Container (App)", ["e.g. api on 8080/tcp"], kind="compute")
        box(task, f"side{n}", "Sidecar (Log/Mon)", ["ships logs and metrics"], kind="external")
        task.edge(f"app{n}", f"side{n}", style="dashed", color=style.EDGE["plain"], label="logs")
    note(
        cluster,
        "runtime",
        [
            "실행 환경 (launch type): EC2 또는 Fargate (서버리스)",
            "EC2: you run the instances. Fargate: AWS runs them, you pay per task.",
        ],
    )
    g.edge("side2", "runtime", style="invis")
    return g.agraph()
