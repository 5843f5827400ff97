"""The seed's three kinds of VPC endpoint: gateway, interface (PrivateLink) and Gateway Load Balancer."""

from labkit.diagrams import style
from labkit.diagrams.concepts import area, box, graph

TITLE = "VPC endpoint types (VPC Endpoint 유형)"
SEED = "AWS 네트워킹 › VPC Endpoints"
ALT = (
    "An instance in a private subnet reaches AWS services without the internet in three ways. "
    "1: a gateway endpoint (free, 무료) for S3 and DynamoDB is a target in the route table and keeps "
    "traffic inside the AWS network. 2: an interface endpoint (paid, 유료) for most services is an ENI "
    "with a private IP in the subnet, uses PrivateLink and can have a security group. 3: a Gateway "
    "Load Balancer endpoint sends traffic through network appliances such as firewalls and IDS/IPS."
)


def build():
    g = graph(TITLE, rankdir="LR", ranksep="0.7", nodesep="0.4")
    vpc = area(g, "vpc", "VPC", kind="vpc")
    sub = area(vpc, "private", "Private subnet", kind="private", filled=True, fontcolor="#212121")
    box(sub, "ec2", "EC2 / container", ["no internet route needed"], kind="compute")
    box(
        vpc,
        "rt",
        "Route table",
        ["pl-xxxx (S3 prefix list) → vpce-xxxx", "라우팅 테이블에 추가"],
        kind="network",
        caption="private route table",
    )
    box(
        sub,
        "eni",
        "2. Interface Endpoint (유료)",
        [
            "ENI 생성: a private IP in this subnet",
            "PrivateLink 사용",
            "Security Group 적용 가능",
            "e.g. ecr.api, ecr.dkr (private DNS)",
        ],
        kind="network",
    )
    box(
        sub,
        "gwlbe",
        "3. Gateway Load Balancer Endpoint",
        ["네트워크 어플라이언스 통합", "traffic detours through appliances"],
        kind="network",
    )
    box(
        vpc,
        "gwe",
        "1. Gateway Endpoint (무료)",
        ["S3, DynamoDB only", "트래픽이 AWS 네트워크 내에서 유지"],
        kind="network",
    )
    aws = area(g, "aws", "Outside the VPC", kind="external", dashed=True)
    box(aws, "s3", "S3 · DynamoDB", ["over the AWS network"], kind="storage")
    box(aws, "svc", "Most AWS services", ["ECR, Secrets Manager,", "CloudWatch..."], kind="service")
    box(
        aws,
        "fw",
        "Firewall · IDS/IPS",
        ["방화벽, IDS/IPS 연동", "behind a Gateway Load Balancer"],
        kind="security",
    )
    g.edge(
        "ec2",
        "rt",
        color=style.EDGE["route"],
        label="① route lookup",
        fontcolor=style.EDGE["route"],
    )
    g.edge("rt", "gwe", color=style.EDGE["route"])
    g.edge("gwe", "s3", color=style.EDGE["route"])
    g.edge(
        "ec2",
        "eni",
        color=style.EDGE["replication"],
        label="② DNS → private IP",
        fontcolor=style.EDGE["replication"],
    )
    g.edge(
        "eni",
        "svc",
        color=style.EDGE["replication"],
        label="PrivateLink",
        fontcolor=style.EDGE["replication"],
    )
    g.edge(
        "ec2",
        "gwlbe",
        color=style.EDGE["sg"],
        label="③ to be inspected",
        fontcolor=style.EDGE["sg"],
    )
    g.edge("gwlbe", "fw", color=style.EDGE["sg"])
    g.group("outside", rank="same")._body.append('"s3"; "svc"; "fw";')
    return g.agraph()
