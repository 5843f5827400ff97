"""The seed's microservices on EKS: ingress, a service mesh with Envoy sidecars, data and observability."""

from labkit.diagrams import style
from labkit.diagrams.concepts import area, box, graph

TITLE = "Microservices on EKS (마이크로서비스 아키텍처)"
SEED = "아키텍처 패턴 › 마이크로서비스 아키텍처 (EKS 기반)"
ALT = (
    "Traffic enters through the ingress layer (AWS ALB Ingress Controller with AWS WAF) into a service "
    "mesh (Istio or App Mesh) where the User, Order and Product services call each other, each with an "
    "Envoy proxy sidecar. Each service owns its data: Aurora for users, DynamoDB for orders, "
    "ElastiCache (Redis) for sessions and cache. Observability: CloudWatch Container Insights, X-Ray "
    "tracing, Prometheus and Grafana."
)


def build():
    g = graph(TITLE, nodesep="0.35")
    ingress = area(g, "ingress", "Ingress Layer", kind="network")
    box(ingress, "alb", "AWS ALB Ingress Controller", ["+ AWS WAF"], kind="loadbalancer")
    mesh = area(g, "mesh", "Service Mesh (Istio / App Mesh) — EKS cluster", kind="compute")
    for name in ("User", "Order", "Product"):
        pod = area(mesh, f"pod_{name}", f"{name} pod", kind="az", dashed=True)
        box(pod, f"svc_{name}", f"{name} Service", kind="compute")
        box(pod, f"envoy_{name}", "Envoy Proxy", ["(Sidecar)"], kind="external")
        pod.edge(f"svc_{name}", f"envoy_{name}", dir="both", color=style.EDGE["plain"])
        g.edge("alb", f"svc_{name}", color=style.EDGE["route"])
    g.edge("svc_User", "svc_Order", dir="both", color=style.EDGE["route"], constraint="false")
    g.edge("svc_Order", "svc_Product", dir="both", color=style.EDGE["route"], constraint="false")
    data = area(g, "data", "Data Layer — one store per service", kind="database")
    box(data, "aurora", "Aurora", ["(Users)"], kind="database")
    box(data, "dynamo", "DynamoDB", ["(Orders)"], kind="database")
    box(data, "redis", "ElastiCache (Redis)", ["(Session / Cache)"], kind="database")
    g.edge("envoy_User", "aurora", color=style.EDGE["plain"])
    g.edge("envoy_Order", "dynamo", color=style.EDGE["plain"])
    g.edge("envoy_Product", "redis", color=style.EDGE["plain"])
    obs = area(g, "obs", "Observability", kind="external")
    box(obs, "cw", "CloudWatch", ["Container Insights"], kind="service")
    box(obs, "xray", "X-Ray", ["(Tracing)"], kind="service")
    box(obs, "prom", "Prometheus", ["+ Grafana"], kind="service")
    g.edge("aurora", "cw", style="invis")
    g.edge("dynamo", "xray", style="invis")
    g.edge("redis", "prom", style="invis")
    return g.agraph()
