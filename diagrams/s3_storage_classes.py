"""The seed's S3 storage classes table as a chart: availability SLA and minimum storage duration."""

from labkit.diagrams import style
from labkit.diagrams.concepts import figure

TITLE = "S3 storage classes (S3 스토리지 클래스)"
SEED = "핵심 서비스 › Amazon S3 › 스토리지 클래스"
ALT = (
    "Chart of seven S3 storage classes with their availability SLA and minimum storage duration: "
    "Standard 99.99% and none (frequent access); Intelligent-Tiering 99.9% and none (changing "
    "patterns); Standard-IA 99.9% and 30 days (infrequent access); One Zone-IA 99.5% and 30 days "
    "(data you can recreate); Glacier Instant Retrieval 99.9% and 90 days (archive, instant); Glacier "
    "Flexible Retrieval 99.99% and 90 days (archive, minutes to hours); Glacier Deep Archive 99.99% "
    "and 180 days (long-term archive)."
)

# (class, availability SLA %, minimum storage days, use), in the seed's order.
CLASSES = [
    ("S3 Standard", 99.99, 0, "자주 액세스 · frequent access"),
    ("S3 Intelligent-Tiering", 99.9, 0, "패턴 변화 · changing patterns"),
    ("S3 Standard-IA", 99.9, 30, "드문 액세스 · infrequent access"),
    ("S3 One Zone-IA", 99.5, 30, "재생성 가능 데이터 · re-creatable data"),
    ("S3 Glacier Instant Retrieval", 99.9, 90, "아카이브 (즉시) · archive, instant"),
    ("S3 Glacier Flexible Retrieval", 99.99, 90, "아카이브 (분~시간) · archive, minutes-hours"),
    ("S3 Glacier Deep Archive", 99.99, 180, "장기 아카이브 · long-term archive"),
]


def build():
    fig = figure(12.2, 5.4)
    fig.text(0.02, 0.94, TITLE, fontsize=style.SIZE["cluster"] + 2, fontweight="bold")
    rows = CLASSES[::-1]  # barh draws bottom-up; keep the seed's order top-down
    ys = range(len(rows))
    sla = fig.add_axes((0.23, 0.15, 0.2, 0.68))
    days = fig.add_axes((0.47, 0.15, 0.2, 0.68), sharey=sla)
    sla.barh(
        ys, [c[1] - 99.0 for c in rows], left=99.0, color=style.KIND["storage"].border, height=0.55
    )
    days.barh(ys, [c[2] for c in rows], color=style.KIND["database"].border, height=0.55)
    for y, (_name, available, minimum, use) in zip(ys, rows, strict=True):
        # SLA printed inside the bar's end, in white: there is no room after 99.99%.
        sla.text(
            available - 0.02,
            y,
            f"{available}%",
            va="center",
            ha="right",
            color="white",
            fontsize=style.SIZE["small"],
            fontweight="bold",
        )
        days.text(
            minimum + 5,
            y,
            f"{minimum} days" if minimum else "없음 (none)",
            va="center",
            fontsize=style.SIZE["small"],
        )
        fig.text(
            0.695,
            0.15 + 0.68 * (y + 0.5) / len(rows),
            use,
            va="center",
            fontsize=style.SIZE["small"],
            color="#424242",
        )
    sla.set_yticks(list(ys))
    sla.set_yticklabels([c[0] for c in rows])
    sla.set_ylim(-0.5, len(rows) - 0.5)
    sla.set_xlim(99.0, 100.0)
    sla.set_xticks([99.0, 99.5, 100.0])
    sla.set_xticklabels(["99%", "99.5%", "100%"])
    sla.set_title("가용성 SLA (availability)", fontsize=style.SIZE["node"], loc="left")
    days.set_xlim(0, 260)
    days.set_xticks([0, 30, 90, 180])
    days.set_title("최소 저장 (minimum storage)", fontsize=style.SIZE["node"], loc="left")
    days.tick_params(axis="y", left=False, labelleft=False)
    fig.text(0.695, 0.85, "용도 (use)", fontsize=style.SIZE["node"])
    for ax in (sla, days):
        ax.tick_params(axis="y", length=0)
    fig.text(
        0.02,
        0.04,
        "Objects deleted or moved before the minimum duration are billed for the whole "
        "minimum. Availability figures as given in the course's source.",
        fontsize=style.SIZE["small"] - 1,
        color="#616161",
    )
    return fig
