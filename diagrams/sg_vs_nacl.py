"""The seed's security group vs network ACL: where each filters, and stateful vs stateless rules."""

from labkit.diagrams import style
from labkit.diagrams.concepts import HTML, area, box, graph, note

TITLE = "Security group vs network ACL (Security Group vs NACL)"
SEED = "AWS 네트워킹 › Security Group vs NACL"
ALT = (
    "A packet from the internet first meets the network ACL at the edge of the private subnet, then "
    "the security group of the instance. The NACL is stateless (상태 비저장): its numbered rules are "
    "checked in order, may allow or deny, and return traffic needs its own rule (ports 1024-65535). "
    "The security group is stateful (상태 저장): only allow rules, and replies are allowed "
    "automatically. The seed's NACL for the private subnet admits 8080 from 10.0.1.0/24 and "
    "10.0.2.0/24 and ephemeral ports, and lets out 443, 3306 to 10.0.5.0/24 and ephemeral ports."
)

INBOUND = [
    ("100", "Custom", "8080", "10.0.1.0/24", "Allow"),
    ("110", "Custom", "8080", "10.0.2.0/24", "Allow"),
    ("120", "Custom", "1024-65535", "0.0.0.0/0", "Allow  ← 응답 트래픽용"),
    ("*", "All", "All", "0.0.0.0/0", "Deny"),
]
OUTBOUND = [
    ("100", "HTTPS", "443", "0.0.0.0/0", "Allow"),
    ("110", "Custom", "3306", "10.0.5.0/24", "Allow  ← DB 접근"),
    ("120", "Custom", "1024-65535", "0.0.0.0/0", "Allow  ← 응답 트래픽용"),
    ("*", "All", "All", "0.0.0.0/0", "Deny"),
]


def _table(title, head, rows):
    small = style.SIZE["small"]
    cells = "".join(
        f'<TD ALIGN="LEFT"><B><FONT POINT-SIZE="{small}">{h}</FONT></B></TD>' for h in head
    )
    body = ""
    for row in rows:
        colour = style.BADGE["bad"].border if row[-1].startswith("Deny") else "#212121"
        body += (
            "<TR>"
            + "".join(
                f'<TD ALIGN="LEFT"><FONT POINT-SIZE="{small}" COLOR="{colour}">{v}</FONT></TD>'
                for v in row
            )
            + "</TR>"
        )
    return HTML(
        f'<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3" COLOR="#BDBDBD" BGCOLOR="white">'
        f'<TR><TD COLSPAN="{len(head)}" ALIGN="LEFT"><B>{title}</B></TD></TR><TR>{cells}</TR>{body}</TABLE>'
    )


def build():
    g = graph(TITLE, rankdir="LR", ranksep="0.6")
    g.node(
        "internet",
        label="Internet /\nother subnets",
        shape="ellipse",
        style="filled",
        fillcolor="white",
        color=style.KIND["external"].border,
    )
    vpc = area(g, "vpc", "VPC 10.0.0.0/16", kind="vpc")
    box(
        vpc,
        "nacl",
        "Network ACL",
        [
            "상태 비저장 방화벽 (stateless)",
            "subnet level, rules in number order",
            "allow and deny rules",
            "replies need their own rule",
        ],
        kind="security",
        caption="checked first",
    )
    subnet = area(
        vpc, "subnet", "Private subnet (App Tier)", kind="private", filled=True, fontcolor="#212121"
    )
    box(
        subnet,
        "sg",
        "Security Group",
        [
            "상태 저장 방화벽 (stateful)",
            "instance (ENI) level",
            "allow rules only",
            "replies allowed automatically",
        ],
        kind="security",
        caption="checked second",
    )
    box(
        subnet,
        "ec2",
        "EC2 app server",
        ["app-server-sg: 8080 from web-server-sg only"],
        kind="compute",
    )
    g.edge(
        "internet",
        "nacl",
        label="request",
        color=style.EDGE["route"],
        fontcolor=style.EDGE["route"],
    )
    g.edge("nacl", "sg", color=style.EDGE["route"])
    g.edge("sg", "ec2", color=style.EDGE["route"])
    note(
        g,
        "replies",
        [
            "Replies (응답 트래픽): the security group lets them out by itself (stateful);",
            "the NACL only through its own outbound rule 120 for ports 1024-65535 (stateless).",
        ],
    )
    g.edge("internet", "replies", style="invis")
    g.node(
        "inbound",
        label=_table(
            "NACL inbound rules (private subnet)",
            ("Rule", "Type", "Port Range", "Source", "Allow"),
            INBOUND,
        ),
        shape="plaintext",
        style="",
    )
    g.node(
        "outbound",
        label=_table(
            "NACL outbound rules", ("Rule", "Type", "Port Range", "Destination", "Allow"), OUTBOUND
        ),
        shape="plaintext",
        style="",
    )
    g.node(
        "sgrules",
        label=_table(
            "Security group rules (inbound)",
            ("Group", "Port", "Source"),
            [
                ("web-server-sg", "443, 80", "0.0.0.0/0"),
                ("app-server-sg", "8080", "web-server-sg (a group, not an IP)"),
            ],
        ),
        shape="plaintext",
        style="",
    )
    g.edge("nacl", "inbound", style="dotted", arrowhead="none", color=style.EDGE["sg"])
    g.edge("nacl", "outbound", style="dotted", arrowhead="none", color=style.EDGE["sg"])
    g.edge("sg", "sgrules", style="dotted", arrowhead="none", color=style.EDGE["sg"])
    return g.agraph()
