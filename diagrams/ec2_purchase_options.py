"""The seed's EC2 purchase options table as a chart: the largest discount of each option."""

from labkit.diagrams import style
from labkit.diagrams.concepts import figure

TITLE = "EC2 purchase options: maximum discount vs On-Demand (EC2 구매 옵션 비교)"
SEED = "핵심 서비스 › Amazon EC2 › 구매 옵션"
ALT = (
    "Bar chart of the largest discount against On-Demand prices: On-Demand 0% (no commitment, most "
    "flexible), Reserved up to 72% (1 to 3 years, predictable workloads), Spot up to 90% (no "
    "commitment, workloads that can be interrupted), Savings Plans up to 72% (1 to 3 years, flexible "
    "discount)."
)

# (option, max discount %, commitment, what it suits), in the seed's order.
OPTIONS = [
    ("On-Demand", 0, "없음 (none)", "유연성 최대 — most flexible"),
    ("Reserved", 72, "1~3년 (1-3 years)", "예측 가능한 워크로드 — steady, predictable"),
    ("Spot", 90, "없음 (none)", "중단 가능 워크로드 — can be interrupted"),
    ("Savings Plan", 72, "1~3년 (1-3 years)", "유연한 할인 — flexible discount"),
]


def build():
    fig = figure(9.6, 5.4)
    fig.text(0.02, 0.94, TITLE, fontsize=style.SIZE["cluster"] + 2, fontweight="bold")
    ax = fig.add_axes((0.15, 0.2, 0.8, 0.66))
    rows = OPTIONS[::-1]  # barh draws bottom-up; keep the seed's order top-down
    for y, (_name, value, commitment, use) in enumerate(rows):
        colour = style.KIND["compute"].border if value else style.KIND["external"].border
        ax.barh(y + 0.12, max(value, 0.4), height=0.42, color=colour)
        ax.text(
            value + 1.2,
            y + 0.12,
            f"{'up to ' if value else ''}{value}%",
            va="center",
            fontweight="bold",
            fontsize=style.SIZE["node"],
        )
        ax.text(
            0,
            y - 0.3,
            f"약정 기간 {commitment}  ·  {use}",
            va="center",
            fontsize=style.SIZE["small"],
            color="#424242",
        )
    ax.set_yticks([y + 0.12 for y in range(len(rows))])
    ax.set_yticklabels([r[0] for r in rows], fontweight="bold")
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xlim(0, 110)
    ax.set_xticks(range(0, 101, 20))
    ax.set_xticklabels([f"{t}%" for t in range(0, 101, 20)])
    ax.set_xlabel("maximum discount compared with On-Demand (할인율)")
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    fig.text(
        0.02,
        0.04,
        "Figures as given in the course's source. 'Up to' is the best case: the longest "
        "commitment, or a quiet Spot market.",
        fontsize=style.SIZE["small"] - 1,
        color="#616161",
    )
    return fig
