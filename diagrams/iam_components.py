"""The seed's IAM components: identities (user, group, role), policies and their three kinds."""

from labkit.diagrams import style
from labkit.diagrams.concepts import area, box, graph

TITLE = "IAM components (IAM 핵심 개념)"
SEED = "IAM › IAM 핵심 개념"
ALT = (
    "Three kinds of identity, User (사용자), Group (그룹) and Role (역할), all get their permissions "
    "from a Policy (정책). Policies come in three kinds: identity-based policies attached to an "
    "identity, resource-based policies attached to a resource such as a bucket, and permission "
    "boundaries (경계) that cap what an identity's policies can grant."
)


def build():
    g = graph(TITLE)
    who = area(g, "who", "Identities — who", kind="user")
    box(
        who,
        "user",
        "User (사용자)",
        ["a person or an application", "long-term credentials"],
        kind="user",
    )
    box(
        who,
        "group",
        "Group (그룹)",
        ["a set of users", "policies apply to every member"],
        kind="group",
    )
    box(
        who,
        "role",
        "Role (역할)",
        ["assumed for a while", "temporary credentials (STS)"],
        kind="role",
    )
    box(g, "policy", "Policy (정책)", ["JSON: Effect, Action, Resource, Condition"], kind="policy")
    for node in ("user", "group", "role"):
        g.edge(node, "policy", color=style.EDGE["attach"])
    kinds = area(g, "kinds", "Kinds of policy", kind="policy")
    box(
        kinds,
        "identity",
        "Identity-based Policy",
        ["attached to a user, group or role:", "what it may do"],
        kind="policy",
    )
    box(
        kinds,
        "resource",
        "Resource-based Policy",
        ["attached to a resource (S3 bucket...):", "who may use it"],
        kind="policy",
    )
    box(
        kinds,
        "boundary",
        "Permission Boundary (경계)",
        ["the most an identity's", "policies can ever grant"],
        kind="policy",
        style="rounded,filled,dashed",
    )
    for node in ("identity", "resource", "boundary"):
        g.edge("policy", node, color=style.EDGE["attach"])
    return g.agraph()
