"""The seed's VPC CIDR plan drawn as a map of the 10.0.0.0/16 address space."""

from labkit.diagrams import style
from labkit.diagrams.concepts import figure

TITLE = "VPC CIDR plan: 10.0.0.0/16 (VPC CIDR 설계 가이드라인)"
SEED = "AWS 네트워킹 › VPC CIDR 설계 가이드라인 (2025)"
ALT = (
    "Map of the third octet of 10.0.0.0/16, 0 to 255. Public subnets (ALB, NAT) take 10.0.0.0/24, "
    "10.0.1.0/24 and 10.0.2.0/24; private app subnets 10.0.10-12.0/24; private DB subnets "
    "10.0.20-22.0/24, one per AZ (A, B, C). The EKS pod subnets are /18 blocks of 16,384 addresses: "
    "10.0.128.0/18 is aligned, but the seed's 10.0.100.0/18 is not on a /18 boundary, so the block "
    "AWS would need is 10.0.64.0/18. Recommended VPC sizes: /16 is 65,536 addresses for large "
    "production, /20 is 4,096 for medium applications, /24 is 256 for small or test environments."
)

# (row label, colour kind, [(first /24, count of /24s, label)])
ROWS = [
    ("Public (ALB, NAT)", "public", [(0, 1, "AZ-A"), (1, 1, "AZ-B"), (2, 1, "AZ-C")]),
    ("Private App", "private", [(10, 1, "AZ-A"), (11, 1, "AZ-B"), (12, 1, "AZ-C")]),
    ("Private DB", "isolated", [(20, 1, "AZ-A"), (21, 1, "AZ-B"), (22, 1, "AZ-C")]),
    (
        "EKS Pods (대규모 IP)",
        "compute",
        [(64, 64, "AZ-A: 10.0.64.0/18"), (128, 64, "AZ-B: 10.0.128.0/18")],
    ),
]


def build():
    fig = figure(11.0, 5.0)
    fig.text(0.02, 0.93, TITLE, fontsize=style.SIZE["cluster"] + 2, fontweight="bold")
    ax = fig.add_axes((0.17, 0.3, 0.8, 0.52))
    for row, (_label, kind, blocks) in enumerate(ROWS):
        colors = style.TIER.get(kind) or style.KIND[kind]
        y = len(ROWS) - 1 - row
        for start, count, text in blocks:
            ax.broken_barh(
                [(start, count)],
                (y - 0.32, 0.64),
                facecolors=colors.fill,
                edgecolors=colors.border,
                linewidth=1.4,
            )
            if count > 4:
                ax.text(
                    start + count / 2,
                    y,
                    text,
                    ha="center",
                    va="center",
                    fontsize=style.SIZE["small"],
                )
        if count == 1:
            first = blocks[0][0]
            ax.text(
                first + 4,
                y,
                f"10.0.{first}.0/24 … 10.0.{blocks[-1][0]}.0/24  (A, B, C)",
                va="center",
                fontsize=style.SIZE["small"],
            )
    # The seed writes 10.0.100.0/18: show where that text points and where the real /18 lies.
    ax.annotate(
        "the seed writes AZ-A: 10.0.100.0/18, which is not on a\n/18 boundary: the /18 holding it is 10.0.64.0/18",
        xy=(100, 0.32),
        xytext=(118, 1.45),
        fontsize=style.SIZE["small"],
        color=style.BADGE["bad"].border,
        arrowprops={"arrowstyle": "->", "color": style.BADGE["bad"].border},
    )
    ax.set_yticks(range(len(ROWS)))
    ax.set_yticklabels([r[0] for r in ROWS][::-1])
    ax.set_xlim(0, 256)
    ax.set_ylim(-0.6, len(ROWS) - 0.4)
    ax.set_xticks([0, 32, 64, 96, 128, 160, 192, 224, 256])
    ax.set_xticklabels(["0", "32", "64", "96", "128", "160", "192", "224", "255"])
    ax.set_xlabel("third octet of the address (10.0.X.0) — each unit is one /24 of 256 addresses")
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    fig.text(
        0.02,
        0.1,
        "권장 CIDR 크기 (recommended VPC sizes):  /16 = 65,536 IPs (대규모 프로덕션)   ·   "
        "/20 = 4,096 IPs (중규모)   ·   /24 = 256 IPs (소규모, 개발/테스트)",
        fontsize=style.SIZE["small"],
    )
    fig.text(
        0.02,
        0.04,
        "AWS keeps 5 addresses of every subnet (network, router, DNS, future use, broadcast).",
        fontsize=style.SIZE["small"] - 1,
        color="#616161",
    )
    return fig
