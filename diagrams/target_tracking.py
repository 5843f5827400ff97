"""The seed's target tracking figure: CPU against a 50% target, and the instance count that follows."""

from labkit.diagrams import style
from labkit.diagrams.concepts import figure

TITLE = "Target tracking scaling: keep average CPU at 50% (Target Tracking 동작 원리)"
SEED = "Auto Scaling › Target Tracking Scaling Policy"
ALT = (
    "Line chart over 60 minutes. Average CPU sits at 50% with 2 instances until demand rises at T1 and "
    "CPU climbs to 80%, above the 50% target: the scale-out trigger. At T2 the policy raises the "
    "desired capacity to 4 (2 × 80 / 50, rounded up); after the 300-second warm-up the new instances "
    "take load and CPU settles near 40% at T3. When demand falls at T4 CPU drops to about 33%, and "
    "at T5 the group scales in, more cautiously, to 3 instances, bringing CPU back near 45%."
)

STEP = 0.5  # minutes


def simulate():
    """(minutes, cpu %, instances in service) of a deterministic little scenario."""
    times, cpu, count = [], [], []
    demand_at = [(0, 1.0), (10, 1.6), (40, 1.33)]  # load in "instances at 100%"
    in_service = 2
    pending = []  # (ready time, new size)
    scale_in_after = None
    t = 0.0
    while t <= 60.0 + 1e-9:
        demand = [d for start, d in demand_at if start <= t][-1]
        for ready, size in list(pending):
            if t >= ready:
                in_service = size
                pending.remove((ready, size))
        usage = min(100.0, 100.0 * demand / in_service)
        if usage > 50 + 5 and not pending and t >= 13:  # alarm after 3 minutes above target (T2)
            target = -(-in_service * usage // 50)
            pending.append((t + 5, int(target)))  # 300 s warm-up
        if usage < 50 - 10 and not pending and t >= 40:
            scale_in_after = scale_in_after or t + 10  # scale in waits longer (T5)
            if t >= scale_in_after:
                in_service -= 1
                scale_in_after = None
        times.append(t)
        cpu.append(round(usage, 2))
        count.append(in_service)
        t += STEP
    return times, cpu, count


def build():
    times, cpu, count = simulate()
    fig = figure(10.0, 6.0)
    fig.text(0.02, 0.945, TITLE, fontsize=style.SIZE["cluster"] + 2, fontweight="bold")
    # Two panels sharing the time axis: CPU on top, the instance count under it (one
    # axis each, so the two lines never sit on top of each other).
    ax = fig.add_axes((0.1, 0.36, 0.86, 0.52))
    count_ax = fig.add_axes((0.1, 0.1, 0.86, 0.18), sharex=ax)
    ax.plot(
        times,
        cpu,
        color=style.KIND["compute"].border,
        linewidth=2.2,
        label="average CPU (CPU 사용률)",
    )
    ax.axhline(
        50,
        color=style.EDGE["replication"],
        linestyle="--",
        linewidth=1.4,
        label="target 50% (목표값)",
    )
    ax.set_ylim(0, 100)
    ax.set_xlim(0, 60)
    ax.set_yticks(range(0, 101, 20))
    ax.set_yticklabels([f"{v}%" for v in range(0, 101, 20)])
    ax.set_ylabel("ASGAverageCPUUtilization")
    ax.tick_params(axis="x", labelbottom=False)
    count_ax.step(times, count, where="post", color=style.KIND["network"].border, linewidth=2)
    count_ax.set_ylim(0, 6)
    count_ax.set_yticks([0, 2, 4, 6])
    count_ax.set_ylabel("instances")
    count_ax.set_xlabel("time (minutes)")
    for at, n in ((2, 2), (25, 4), (51.5, 3)):
        count_ax.text(
            at,
            n + 0.4,
            f"{n} in service",
            fontsize=style.SIZE["small"],
            color=style.KIND["network"].border,
        )
    marks = {"T1": 10, "T2": 13, "T3": 18, "T4": 40, "T5": 50}
    for name, at in marks.items():
        for axis in (ax, count_ax):
            axis.axvline(at, color="#BDBDBD", linewidth=0.8, zorder=0)
        ax.text(at, 102, name, ha="center", fontsize=style.SIZE["small"], color="#424242")
    ax.axvspan(13, 18, color=style.KIND["compute"].fill, zorder=0)
    count_ax.axvspan(13, 18, color=style.KIND["compute"].fill, zorder=0)
    ax.text(
        15.5, 8, "warm-up\n300 s", ha="center", fontsize=style.SIZE["small"] - 1, color="#616161"
    )
    ax.annotate(
        "Scale Out 트리거: 80% > 50%",
        xy=(12, 80),
        xytext=(21, 86),
        fontsize=style.SIZE["small"],
        arrowprops={"arrowstyle": "->", "color": "#424242"},
    )
    ax.text(
        21, 70, "at T2 the policy sets desired = ⌈2 × 80 / 50⌉ = 4", fontsize=style.SIZE["small"]
    )
    ax.annotate(
        "인스턴스 추가 후 안정화 (≈40%)",
        xy=(26, 40),
        xytext=(22, 18),
        fontsize=style.SIZE["small"],
        arrowprops={"arrowstyle": "->", "color": "#424242"},
    )
    ax.annotate(
        "scale in: later and slower",
        xy=(50.5, 44),
        xytext=(41, 66),
        fontsize=style.SIZE["small"],
        arrowprops={"arrowstyle": "->", "color": "#424242"},
    )
    ax.legend(loc="upper right", frameon=False)
    return fig
