# %% [markdown]
# # 09 · EC2 Auto Scaling — 대상 추적 (target tracking)
#
# 트래픽은 결코 일정하지 않습니다. 최대 부하에 맞춰 규모를 잡은 애플리케이션은 나머지 시간 내내 돈을
# 낭비하고, 평균 부하에 맞춘 애플리케이션은 최대 부하가 오면 쓰러집니다. **EC2 Auto Scaling**은 똑같은
# 인스턴스로 이루어진 *그룹*을 부하에 필요한 크기로 유지하고, 장애가 난 인스턴스를 교체하며, 인스턴스를
# 여러 가용 영역에 고르게 배치합니다. 학습 자료가 권장하는 조정 방식은 **대상 추적**(대상 추적 정책,
# "권장 방식")입니다. 지표와 목표값(예: 평균 CPU 50%)을 지정하면, AWS가 온도 조절기처럼 인스턴스를 더하고
# 빼서 지표를 그 값에 맞춥니다.
#
# **이 노트북에서 할 일**
# 1. Auto Scaling 그룹(오토 스케일링 그룹)을 이루는 요소를 알아봅니다. 시작 템플릿, 용량, 서브넷, 상태
#    확인, 조정 정책입니다.
# 2. 대상 추적을 1분 단위로 **시뮬레이션**합니다. 부하, CPU, 경보, 웜업이 어떻게 맞물리는지 보고, 슬라이더로
#    목표값, 최대 부하, 웜업 시간을 바꾸면 무엇이 달라지는지 확인합니다.
# 3. 학습 자료의 `app-asg`를 직접 만듭니다. IMDSv2를 강제하는 시작 템플릿 `app`, 앱 서브넷에 걸친 최소 2 /
#    최대 10 / 원하는 용량 3, 300초 **인스턴스 웜업**(인스턴스 준비 시간)을 둔 CPU 50% 대상 추적, 그리고
#    **웜 풀**입니다. 실습 과제 `autoscaling.web_asg`입니다.
# 4. 그룹을 로드 밸런서 뒤에 두고 ELB 상태 확인과 요청 수 기반의 두 번째 정책을 추가한 뒤, **인스턴스 새로
#    고침**으로 새 AMI를 배포합니다.
# 5. **예측 조정**이 더해 주는 것, 즉 아침 출근 시간대가 오기 *전에* 용량을 늘리는 방법을 봅니다.

# %% [markdown]
# ## 1. Auto Scaling 그룹의 구성 요소
#
# | 구성 요소 | English | 정하는 것 | 학습 자료의 설정 |
# |---|---|---|---|
# | 시작 템플릿 | Launch template | *무엇을* 시작할지: AMI, 인스턴스 유형, 보안 그룹, IMDS 설정, 사용자 데이터 | `aws_launch_template.app`, 버전 `$Latest` |
# | 최소 / 최대 / 원하는 용량 | Sizes | 인스턴스 수의 최솟값, 최댓값, 원하는 값 | 최소 2, 최대 10, 원하는 용량 3 |
# | 서브넷 | Subnets | *어디에*: 서브넷 하나 이상, 가급적 서로 다른 AZ에 | 프라이빗 앱 서브넷 |
# | 상태 확인 | Health checks | *언제* 인스턴스를 교체할지: EC2 상태 검사만, 또는 로드 밸런서의 상태 확인까지 | `health_check_type = "ELB"` |
# | 대상 그룹 | Load balancer target groups | 새 인스턴스는 등록하고, 빠지는 인스턴스는 등록 취소 | `target_group_arns` |
# | 조정 정책 | Scaling policies | 원하는 용량이 부하를 *어떻게* 따라갈지 | CPU 50%, 대상당 요청 1,000건, 예측 |
# | 웜 풀 | Warm pool | 미리 초기화해 중지해 둔 인스턴스. 빠르게 그룹에 합류 | Stopped, 최소 1, 최대 준비 용량 5 |
#
# 그룹이 바꾸는 것은 오직 **원하는 용량**(desired capacity)뿐이며, 이 값은 언제나 최솟값과 최댓값 사이에
# 있습니다. 그러면 그룹은 인스턴스 수가 이 값과 같아질 때까지 인스턴스를 시작하거나 종료합니다. 조정
# 방식의 종류는 다음과 같습니다.
#
# | 방식 | 판단 근거 | 용도 |
# |---|---|---|
# | **대상 추적** (target tracking) | 지표와 목표값. CloudWatch 경보는 AWS가 만들고 관리 | 기본 선택 (학습 자료의 "권장 방식") |
# | 단계 / 단순 조정 (step / simple scaling) | 내가 만든 CloudWatch 경보와 단계별 조정값 | 특수한 경우. 단순 조정은 휴지 기간(쿨다운, 기본 300초)을 기다림 |
# | 예약 조정 (scheduled scaling) | 시각 (cron) | 미리 알고 있는 이벤트: 업무 시간, 출시 |
# | **예측 조정** (predictive scaling) | 최근 14일에서 학습한 예측 | 규칙적인 일간·주간 패턴, 시작이 느린 애플리케이션 |
#
# 학습 자료는 대상 추적을 이렇게 그립니다. CPU가 목표값 50%를 넘고(T1), 경보가 울려 인스턴스가
# 추가되며(T2), 새 인스턴스가 서비스에 투입되면 CPU가 다시 목표값 아래로 안정되고(T3), 수요가 줄면 그룹이
# 더 신중하게 다시 줄어듭니다(T4–T5).

# %%
import io
import math
import textwrap

import ipywidgets as widgets
from IPython.display import Image, display
from matplotlib.figure import Figure

import labkit
from labkit.diagrams import concepts

concepts.show("target_tracking")

# %% [markdown]
# ## 2. 대상 추적 시뮬레이션
#
# T1과 T5 사이에서는 실제로 무슨 일이 일어날까요? 아래는 Auto Scaling 그룹 하나를 1분 단위로 흉내 내는
# 작은 모델입니다. 순수 함수로 만들었으므로 같은 인수를 주면 언제나 같은 결과가 나옵니다.
#
# - **부하**는 *인스턴스 몇 대 분량의 CPU*로 잽니다. 부하 4.0은 인스턴스 네 대를 100%로(또는 여덟 대를
#   50%로) 바쁘게 만드는 양입니다. 처음 30분은 한가하다가(1.0), 30분에 걸쳐 **최대 부하**까지 오르고, 한
#   시간 동안 그대로 머문 뒤 다시 내려갑니다.
# - **부팅을 마친** 인스턴스들이 부하를 고르게 나눠 맡습니다. CPU = 부하 ÷ 부팅을 마친 인스턴스 수입니다
#   (최대 100%. 그 이상이면 요청이 밀리고 실패합니다). 새 인스턴스는 부팅에 5분이 걸리며, 그동안은
#   소프트웨어를 설치하고 캐시를 채우느라 CPU 90%로 돌면서 요청은 하나도 처리하지 않습니다.
# - 정책이 보는 값은 **그룹의 평균 CPU**이지만, 아직 **웜업**(인스턴스 준비 시간) 중인 인스턴스는 뺍니다.
#   학습 자료의 표현대로 "신규 인스턴스가 완전히 준비될 때까지 메트릭에서 제외"하는 것입니다.
# - **확장**(scale out): 지표가 3분 연속 목표값을 넘으면(AWS가 대신 만드는 상한 경보), 원하는 용량을
#   ⌈집계 대상 인스턴스 수 × 지표 ÷ 목표값⌉, 즉 지표를 목표값으로 되돌릴 용량으로 정합니다. 단, 그 값이
#   현재 원하는 용량보다 클 때만입니다. 웜업 중인 인스턴스도 이미 용량으로 치므로, 경보가 거듭 울려도 같은
#   인스턴스를 두 번 추가하지 않습니다.
# - **축소**(scale in): 지표가 15분 동안 목표값의 90% 아래에 머물고(하한 경보) 웜업 중인 인스턴스가 하나도
#   없을 때만 일어납니다. 용량을 줄이는 쪽을 일부러 더 느리게 만든 것입니다. 조정이 한 번 일어나면 두
#   경보 모두 처음부터 다시 세므로, 이것이 휴지 기간 역할을 합니다.
# - 그룹은 `app-asg`처럼 최소 2와 최대 10 사이를 오가며, 인스턴스 3대로 시작합니다.
#
# 이 모델은 교육용이라 AWS의 알고리즘과 똑같지는 않지만, 모델의 규칙 하나하나는 AWS가 대상 추적에 대해
# 문서로 밝힌 것입니다.

# %%
MINUTES = 180        # three hours, one step per minute
BOOT_SECONDS = 300   # how long a new instance takes to boot and start serving
BOOT_CPU = 90.0      # CPU of an instance while it boots (installing, loading caches)


def load_at(minute, peak_load, base_load=1.0):
    """Demand in instances' worth of CPU: quiet, a 30-minute rise, an hour at the peak, a 30-minute fall."""
    if minute < 30 or minute >= 150:
        return base_load
    if minute < 60:
        return base_load + (peak_load - base_load) * (minute - 30) / 30
    if minute < 120:
        return peak_load
    return peak_load - (peak_load - base_load) * (minute - 120) / 30


def simulate(target=50, peak_load=4.0, warmup=300, *, boot=BOOT_SECONDS, min_size=2, max_size=10, start=3,
             minutes=MINUTES, high_minutes=3, low_minutes=15):
    """Run target tracking for ``minutes``; return (one row per minute, the scaling actions)."""
    launched = [-1_000] * start  # the minute each instance was launched
    high = low = 0               # consecutive minutes above target / below 90 % of target
    timeline, actions = [], []
    for minute in range(minutes + 1):
        load = 100.0 * load_at(minute, peak_load)  # in percent of one instance
        ages = [(minute - at) * 60 for at in launched]
        booted = [age for age in ages if age >= boot]
        cpu = min(100.0, load / len(booted)) if booted else 100.0
        counted = [cpu if age >= boot else BOOT_CPU for age in ages if age >= warmup]
        metric = sum(counted) / len(counted) if counted else None
        warming = sum(1 for age in ages if age < warmup)
        desired = len(launched)
        timeline.append({"minute": minute, "target": target, "load": load / 100, "cpu": cpu, "metric": metric,
                         "booted": len(booted), "instances": desired, "overloaded": load > 100.0 * len(booted)})
        if metric is None:
            continue
        high = high + 1 if metric > target else 0
        low = low + 1 if metric < 0.9 * target else 0
        # round() first: 7 × 57.142857 / 50 is 8.000000000000002 in floating point, not a reason for a 9th
        wanted = min(max_size, max(min_size, math.ceil(round(len(counted) * metric / target, 6))))
        if high >= high_minutes and wanted > desired:
            launched += [minute] * (wanted - desired)
            why = f"CPU {metric:.0f}% above {target}% for {high_minutes} min"
        elif low >= low_minutes and warming == 0 and wanted < desired:
            launched = launched[:wanted]
            why = f"CPU {metric:.0f}% below {0.9 * target:.0f}% for {low_minutes} min"
        else:
            continue
        actions.append({"Minute": minute, "From": desired, "To": len(launched), "Why": why})
        high = low = 0
    return timeline, actions


def summary(timeline, actions):
    """The few numbers that judge a run: how big, how hot, how long overloaded, how costly."""
    return {
        "Peak instances": max(row["instances"] for row in timeline),
        "Highest CPU %": round(max(row["cpu"] for row in timeline)),
        "Minutes > target + 10": sum(row["cpu"] > timeline[0]["target"] + 10 for row in timeline),
        "Minutes overloaded": sum(row["overloaded"] for row in timeline),
        "Instance-hours": round(sum(row["instances"] for row in timeline) / 60, 1),
        "Scaling actions": len(actions),
    }


def plot(timeline, target, title):
    """CPU (what the instances run at, what the policy sees) over instances (booted, launched)."""
    minutes = [row["minute"] for row in timeline]
    fig = Figure(figsize=(10, 5.2))
    top = fig.add_axes((0.08, 0.47, 0.9, 0.43))
    bottom = fig.add_axes((0.08, 0.09, 0.9, 0.3), sharex=top)
    top.plot(minutes, [row["cpu"] for row in timeline], color="#1565c0", label="CPU of serving instances")
    top.plot(minutes, [row["metric"] for row in timeline], color="#ef6c00", linestyle="--",
             label="metric the policy sees")
    top.axhline(target, color="#2e7d32", linewidth=1, label=f"target {target}%")
    top.set_ylim(0, 105)
    top.set_ylabel("CPU %")
    top.legend(loc="upper right", fontsize=8)
    top.set_title(title, fontsize=10, loc="left")
    bottom.step(minutes, [row["instances"] for row in timeline], where="post", color="#6a1b9a", label="launched")
    bottom.step(minutes, [row["booted"] for row in timeline], where="post", color="#00838f", label="serving")
    bottom.plot(minutes, [100 * row["load"] / target for row in timeline], color="#9e9e9e", linestyle=":",
                label="ideal at target")
    for size, label in ((2, "min 2"), (10, "max 10")):
        bottom.axhline(size, color="#bdbdbd", linewidth=0.8)
        bottom.annotate(label, (1, size), xytext=(2, 2), textcoords="offset points", fontsize=7, color="#757575")
    bottom.set_ylim(0, 11)
    bottom.set_yticks(range(0, 11, 2))
    bottom.set_ylabel("instances")
    bottom.set_xlabel("minute")
    bottom.legend(loc="upper right", fontsize=8)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90, metadata={"Software": None})
    return Image(buffer.getvalue())


timeline, actions = simulate()
display(plot(timeline, 50, "target 50%, peak load 4.0, warm-up 300 s (the seed's settings)"))
display(labkit.table([summary(timeline, actions)], title="The seed's settings"))
labkit.table(actions, title="Scaling actions")

# %% [markdown]
# 실행 결과를 왼쪽부터 읽어 봅니다.
# - **14분:** 33%로 도는 인스턴스 세 대는 한가한 부하에 비해 많습니다. 15분 동안 한가하자 그룹이 최솟값인
#   2대로 축소합니다.
# - **30–60분:** 부하가 오릅니다. CPU가 3분 동안 50%를 넘을 때마다 정책은 CPU를 50%로 되돌릴 용량을
#   계산해 모자란 만큼 인스턴스를 시작합니다. 새 인스턴스가 부팅하는 5분 동안 지표는 그 인스턴스를 무시하고,
#   *요청을 처리하는* 인스턴스들은 뜨겁게 돕니다. 그래프에 보이는 최고 CPU는 부팅 시간의 대가입니다.
# - **최대 부하 구간:** 시작된 인스턴스 수와 요청을 처리하는 인스턴스 수가 이상적인 선과 만나고, CPU는
#   목표값 바로 아래에 머뭅니다.
# - **120–180분:** 부하가 내려가고, 그룹은 15분 간격으로 줄어듭니다. 줄일 수 있는 시점보다 늦지만, 용량이
#   모자라 허를 찔리는 것보다는 신중한 편이 쌉니다.
#
# ### 직접 해 보기: 슬라이더 움직이기
#
# 다음 셀을 실행하고 슬라이더를 움직여 보세요. 그래프와 수치가 따라 바뀝니다. 다음을 시도해 보세요.
# - **웜업 0초**: 부팅 중인 인스턴스(CPU 90%, 처리하는 요청 없음)가 평균에 포함되어, 지표가 요청을
#   처리하는 인스턴스의 실제 상태보다 나빠 보입니다. 그룹은 최댓값까지 **지나치게 확장**했다가 다시
#   축소해야 합니다.
# - **목표 70%**: 인스턴스가 적어 비용은 줄지만 여유가 줄어듭니다. 새 인스턴스가 부팅하는 동안 CPU가 100%에
#   닿습니다.
# - **최대 부하 7**: 그룹의 최댓값인 10대로도 50%를 유지할 수 없는 부하입니다. 목표값을 지킬 수 없고,
#   청구서를 지켜 주는 것은 최댓값입니다.

# %%
chart = widgets.Output()


def explore(target=50, peak_load=4.0, warmup=300):
    """Re-run the model for the sliders' values and redraw the chart below them."""
    timeline, actions = simulate(target, peak_load, warmup)
    chart.outputs = ()
    chart.append_display_data(plot(timeline, target, f"target {target}%, peak load {peak_load:g}, "
                                                     f"warm-up {warmup} s"))
    chart.append_display_data(labkit.table([summary(timeline, actions)]))
    chart.append_display_data(labkit.table(actions, title="Scaling actions"))


sliders = widgets.interactive(
    explore,
    target=widgets.IntSlider(value=50, min=20, max=90, step=5, description="target CPU %"),
    peak_load=widgets.FloatSlider(value=4.0, min=1.0, max=9.0, step=0.5, description="peak load"),
    warmup=widgets.IntSlider(value=300, min=0, max=600, step=60, description="warm-up (s)"),
)
widgets.VBox([sliders, chart])

# %% [markdown]
# 같은 비교를 수치로 봅니다. 각 행은 학습 자료의 설정에서 한 가지만 바꾼 것입니다. 마지막 행은 **웜 풀**이
# 주는 효과입니다. 미리 시작해 초기화해 둔 인스턴스가 중지된 채 기다리므로, 그룹에 합류하는 데 5분이
# 아니라 1분쯤 걸립니다.

# %%
what_ifs = [
    ("the seed: target 50 %, warm-up 300 s", {}),
    ("no warm-up (0 s)", {"warmup": 0}),
    ("warm-up longer than boot (600 s)", {"warmup": 600}),
    ("target 70 %", {"target": 70}),
    ("peak load 7.0", {"peak_load": 7.0}),
    ("warm pool: 60 s to join, warm-up 60 s", {"boot": 60, "warmup": 60}),
]
display(plot(simulate(warmup=0)[0], 50, "the same day with warm-up 0 s: booting instances count, the group overshoots"))
labkit.table([{"Run": name, **summary(*simulate(**change))} for name, change in what_ifs],
             title="One change at a time")

# %% [markdown]
# 표에서 읽을 수 있는 것:
# - **웜업은 판단을 지켜 줍니다.** 웜업이 없으면 부팅 중인 인스턴스가 바빠 보이는 탓에, 8대면 되는 최대
#   부하에 그룹이 10대를 시작합니다. 반대로 웜업이 부팅 시간보다 *길면* 이미 요청을 처리하는 인스턴스까지
#   정책이 무시하게 되어 반응이 늦어집니다. 웜업은 인스턴스가 실제로 준비되는 데 걸리는 시간, 학습 자료의
#   300초로 설정하세요.
# - **목표값은 비용(인스턴스 시간)과 여유 사이의 절충입니다.** 50%는 새 용량이 도착하기까지 걸리는 몇 분을
#   버틸 여유를 남기고, 70%는 돈을 아끼는 대신 뜨겁게 돕니다.
# - **최댓값은 예산입니다.** 그 이상으로는 그룹이 커지지 않고 애플리케이션이 포화 상태가 됩니다. 최댓값은
#   실수가 아니라 의도를 갖고 올리세요.
# - **빠른 부팅이 똑똑한 정책보다 낫습니다.** 웜 풀이 있으면 같은 정책으로도 더 적은 인스턴스 시간으로 CPU를
#   목표값에 더 가깝게 유지합니다.

# %% [markdown]
# ## 3. 학습 자료의 Auto Scaling 그룹 직접 만들기
#
# 학습 자료에 있는 그룹과 CPU 정책의 Terraform 코드입니다.
#
# ```hcl
# resource "aws_autoscaling_group" "app" {
#   name                = "app-asg"
#   vpc_zone_identifier = aws_subnet.private[*].id
#   target_group_arns   = [aws_lb_target_group.app.arn]
#   health_check_type   = "ELB"
#
#   min_size         = 2
#   max_size         = 10
#   desired_capacity = 3
#
#   # Warm Pool 설정 (스케일링 속도 향상)
#   warm_pool {
#     pool_state                  = "Stopped"
#     min_size                    = 1
#     max_group_prepared_capacity = 5
#   }
#
#   launch_template {
#     id      = aws_launch_template.app.id
#     version = "$Latest"
#   }
#
#   instance_refresh {
#     strategy = "Rolling"
#     preferences {
#       min_healthy_percentage = 75
#     }
#   }
#
#   tag {
#     key                 = "Name"
#     value               = "app-server"
#     propagate_at_launch = true
#   }
# }
#
# resource "aws_autoscaling_policy" "cpu_target" {
#   name                   = "cpu-target-tracking"
#   autoscaling_group_name = aws_autoscaling_group.app.name
#   policy_type            = "TargetTrackingScaling"
#
#   target_tracking_configuration {
#     predefined_metric_specification {
#       predefined_metric_type = "ASGAverageCPUUtilization"
#     }
#     target_value = 50.0
#
#     # 스케일인 시 쿨다운
#     disable_scale_in = false
#   }
# }
# ```
#
# Terraform에서는 `aws_autoscaling_group` 블록 하나지만 API 호출로는 **여러 개**가 됩니다. Auto Scaling
# API에서는 그룹, 웜 풀, (나중에 할) 인스턴스 새로 고침이 각각 별개의 작업이기 때문입니다.
#
# | 학습 자료의 Terraform | boto3 | 참고 |
# |---|---|---|
# | `aws_launch_template.app` | `ec2.create_launch_template(LaunchTemplateName="app", ...)` | 학습 자료에는 코드가 없습니다. 과제는 IMDSv2를 요구합니다 |
# | `name = "app-asg"` | `autoscaling.create_auto_scaling_group(AutoScalingGroupName="app-asg", ...)` | |
# | `vpc_zone_identifier = aws_subnet.private[*].id` | `VPCZoneIdentifier="subnet-a,subnet-b"` | API에서는 **쉼표로 구분한 문자열 하나**입니다 |
# | `min_size`, `max_size`, `desired_capacity` | `MinSize=2, MaxSize=10, DesiredCapacity=3` | |
# | `launch_template { id, version = "$Latest" }` | `LaunchTemplate={"LaunchTemplateName": "app", "Version": "$Latest"}` | 이름이나 ID로 지정 |
# | `tag { key, value, propagate_at_launch }` | `Tags=[{"Key": "Name", "Value": "app-server", "PropagateAtLaunch": True}]` | 새로 시작하는 모든 인스턴스에 복사됩니다 |
# | `warm_pool { ... }` | `autoscaling.put_warm_pool(PoolState="Stopped", MinSize=1, MaxGroupPreparedCapacity=5)` | 별도 호출 |
# | `target_group_arns`, `health_check_type = "ELB"` | `attach_load_balancer_target_groups(...)`, `HealthCheckType="ELB"` | 로드 밸런서를 만든 뒤 4절에서 |
# | `instance_refresh { ... }` | `autoscaling.start_instance_refresh(Strategy="Rolling", Preferences={"MinHealthyPercentage": 75})` | Terraform은 그룹의 `launch_template` 블록이 바뀌면 새로 고침을 시작합니다. 4절에서 |
# | `aws_autoscaling_policy.cpu_target` | `autoscaling.put_scaling_policy(PolicyType="TargetTrackingScaling", ...)` | |
# | `disable_scale_in = false` | `"DisableScaleIn": False` | 아래 설명 참고 |
#
# 정책에 대해 두 가지 짚어 둘 점이 있습니다. 첫째, `disable_scale_in` 위의 주석 `# 스케일인 시 쿨다운`은
# 잘못 붙은 설명입니다. 이 설정은 켜기/끄기 스위치입니다. `false`(기본값)이면 CPU가 계속 낮을 때 정책이
# 인스턴스를 줄일 수 있고, `true`이면 축소를 다른 주체(예약 조정, 운영자, 다른 정책)에 맡깁니다. EC2의
# 대상 추적에는 휴지 기간(쿨다운) 설정이 없으며, 조정 속도는 경보와 웜업으로 정해집니다. 둘째, 이 Terraform
# 코드에는 **웜업이 없습니다**. 학습 자료는 웜업을 boto3 예제(인스턴스 준비 시간 설정)에서 대신 지정합니다.
#
# ```python
# autoscaling.put_scaling_policy(
#     AutoScalingGroupName='app-asg',
#     PolicyName='cpu-target-tracking',
#     PolicyType='TargetTrackingScaling',
#     TargetTrackingConfiguration={
#         'PredefinedMetricSpecification': {'PredefinedMetricType': 'ASGAverageCPUUtilization'},
#         'TargetValue': 50.0,
#         'DisableScaleIn': False
#     },
#     EstimatedInstanceWarmup=300  # 5분 웜업 시간
# )
# ```
#
# 지금 AWS는 웜업을 그룹 전체에 한 번, 그룹의 `DefaultInstanceWarmup=300`으로 지정하기를 권장합니다. 이
# 값은 인스턴스 새로 고침의 속도도 조절하며, 정책의 `EstimatedInstanceWarmup`이 있으면 그 값이
# 우선합니다. 이 실습 과제는 학습 자료를 따라 정책에 웜업을 지정합니다.
#
# ### 실습 과제 `autoscaling.web_asg`

# %%
def show_task(task_id):
    """Print a lab task's title, points, starter and text, wrapped for reading."""
    task = labkit.task(task_id)
    print(f"{task.title}  [{task_id}: {task.max_score:g} points, starter scenario {task.starter!r}]\n")
    for line in task.text.splitlines():
        print(textwrap.fill(line, 100))


show_task("autoscaling.web_asg")

# %% [markdown]
# 시작 시나리오 `three-tier-security-groups`는 3계층 네트워크(VPC `main`: 두 AZ에 걸친 퍼블릭·앱·DB
# 서브넷과 NAT 게이트웨이)에 보안 그룹 `web-sg`, `app-sg`, `db-sg`를 더한 것입니다. 필요한 ID, 즉 앱 서브넷
# 두 개와 `app-sg`의 ID를 찾아 둡니다.

# %%
lab = labkit.start(labkit.task("autoscaling.web_asg").starter, seed=0, replace=True)
ec2, autoscaling = lab.client("ec2"), lab.client("autoscaling")

vpc_id = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["main"]}])["Vpcs"][0]["VpcId"]
app_subnets = sorted(ec2.describe_subnets(Filters=[
    {"Name": "vpc-id", "Values": [vpc_id]},
    {"Name": "cidr-block", "Values": ["10.0.10.0/24", "10.0.11.0/24"]},
])["Subnets"], key=lambda s: s["CidrBlock"])
app_sg = ec2.describe_security_groups(Filters=[
    {"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "group-name", "Values": ["app-sg"]},
])["SecurityGroups"][0]["GroupId"]
rows = [{"What": f'subnet {s["CidrBlock"]}', "Id": s["SubnetId"], "AZ": s["AvailabilityZone"]} for s in app_subnets]
rows.append({"What": "security group app-sg", "Id": app_sg, "AZ": "—"})
labkit.table(rows, title="What app-asg needs")

# %% [markdown]
# **1단계 — 시작 템플릿.** 학습 자료의 Amazon Linux 2 AMI, `t3.medium`, `app-sg`를 쓰고, 인스턴스
# 메타데이터 서비스를 IMDSv2로 제한합니다(`HttpTokens="required"`). 그러면 자격 증명을 요청하기 전에 먼저
# PUT 요청으로 세션 토큰을 받아야 하므로, IMDSv1을 통해 인스턴스 역할의 자격 증명을 읽어 가는 전형적인
# SSRF 공격을 막을 수 있습니다.

# %% tags=["solution"] labkit={"task": "autoscaling.web_asg"}
template = ec2.create_launch_template(
    LaunchTemplateName="app",
    VersionDescription="app tier, IMDSv2 only",
    LaunchTemplateData={
        "ImageId": "ami-0c55b159cbfafe1f0",
        "InstanceType": "t3.medium",
        "SecurityGroupIds": [app_sg],
        "MetadataOptions": {"HttpTokens": "required", "HttpEndpoint": "enabled"},
    },
)["LaunchTemplate"]
print("launch template", template["LaunchTemplateName"], template["LaunchTemplateId"],
      "version", template["LatestVersionNumber"])

# %% [markdown]
# **2단계 — 그룹.** 두 앱 서브넷(두 AZ)에 걸쳐 최소 2 / 최대 10 / 원하는 용량 3으로 만들고, 모든
# 인스턴스의 이름이 `app-server`가 되도록 태그를 붙입니다.

# %% tags=["solution"] labkit={"task": "autoscaling.web_asg"}
autoscaling.create_auto_scaling_group(
    AutoScalingGroupName="app-asg",
    LaunchTemplate={"LaunchTemplateName": "app", "Version": "$Latest"},
    MinSize=2,
    MaxSize=10,
    DesiredCapacity=3,
    VPCZoneIdentifier=",".join(s["SubnetId"] for s in app_subnets),
    Tags=[{"Key": "Name", "Value": "app-server", "PropagateAtLaunch": True}],
)
print("created app-asg")

# %% [markdown]
# **3단계 — 대상 추적.** 평균 CPU 50%를 목표로 하고, 학습 자료대로 웜업은 300초입니다.

# %% tags=["solution"] labkit={"task": "autoscaling.web_asg"}
autoscaling.put_scaling_policy(
    AutoScalingGroupName="app-asg",
    PolicyName="cpu-target-tracking",
    PolicyType="TargetTrackingScaling",
    TargetTrackingConfiguration={
        "PredefinedMetricSpecification": {"PredefinedMetricType": "ASGAverageCPUUtilization"},
        "TargetValue": 50.0,
        "DisableScaleIn": False,
    },
    EstimatedInstanceWarmup=300,
)
print("policy cpu-target-tracking: ASGAverageCPUUtilization at 50%, warm-up 300 s")

# %% [markdown]
# **4단계 — 웜 풀.** 중지된 인스턴스를 최소 1대 두고, 그룹과 웜 풀을 *합쳐* 준비해 두는 인스턴스는 최대
# 5대입니다.

# %% tags=["solution"] labkit={"task": "autoscaling.web_asg"}
autoscaling.put_warm_pool(
    AutoScalingGroupName="app-asg",
    PoolState="Stopped",
    MinSize=1,
    MaxGroupPreparedCapacity=5,
)
print("warm pool: Stopped, min 1, max prepared 5")

# %% tags=["check"]
labkit.grade("autoscaling.web_asg")

# %% [markdown]
# > **moto와 AWS의 차이:** AWS에서는 대상 추적 정책이 CloudWatch 경보 두 개를 대신 만듭니다
# > (`TargetTracking-app-asg-AlarmHigh-…`는 데이터 포인트 3개가 50%를 넘을 때, `…-AlarmLow-…`는 15개가
# > 그 아래일 때 울립니다). 이 경보는 직접 수정하지 마세요. 랩은 경보를 만들지 않고
# > (`cloudwatch.describe_alarms()`가 비어 있습니다) CPU를 측정하는 주체도 없으므로, 랩의 그룹은 저절로
# > 조정되는 일이 없습니다. 또한 랩은 그룹의 `DefaultInstanceWarmup`을 저장하지 않고 무시하므로, 과제는
# > 학습 자료처럼 정책에서 웜업을 읽습니다.

# %% [markdown]
# ## 4. 그룹이 일하는 모습
#
# 여기서부터는 **참조 구성**인 시나리오 `web-asg`로 진행합니다. 과제의 참조 답안으로 만든 것과 같은
# 그룹이므로, 내가 만든 구성이 만점을 받았든 아니든 나머지 셀은 똑같이 실행됩니다. (이 셀은 지금의 랩을
# 바꿔 버리므로, 위에서 먼저 채점을 받아 두세요.)

# %%
lab = labkit.start("web-asg", seed=0, replace=True)
ec2, autoscaling, elbv2 = lab.client("ec2"), lab.client("autoscaling"), lab.client("elbv2")


def group():
    return autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=["app-asg"])["AutoScalingGroups"][0]


def instance_rows():
    """One row per instance of app-asg: where it runs, what it runs, its IMDS setting."""
    members = {i["InstanceId"]: i for i in group()["Instances"]}
    described = ec2.describe_instances(InstanceIds=sorted(members))["Reservations"]
    rows = []
    for instance in sorted((i for r in described for i in r["Instances"]), key=lambda i: i["InstanceId"]):
        tags = {t["Key"]: t["Value"] for t in instance.get("Tags", [])}
        rows.append({"Instance": instance["InstanceId"], "Name": tags.get("Name"),
                     "AZ": instance["Placement"]["AvailabilityZone"], "Subnet": instance["SubnetId"],
                     "State": members[instance["InstanceId"]]["LifecycleState"], "AMI": instance["ImageId"],
                     "HttpTokens": instance["MetadataOptions"]["HttpTokens"]})
    return rows


g = group()
print(f'app-asg: min {g["MinSize"]} / desired {g["DesiredCapacity"]} / max {g["MaxSize"]}, '
      f'health check {g["HealthCheckType"]} (grace {g["HealthCheckGracePeriod"]} s), '
      f'launch template {g["LaunchTemplate"]["LaunchTemplateName"]} {g["LaunchTemplate"]["Version"]}')
labkit.table(instance_rows(), title="Instances of app-asg")

# %% [markdown]
# 인스턴스마다 그룹이 전파한 `Name` 태그가 붙어 있고, 템플릿의 AMI로 실행 중이며, 상태는 `InService`입니다.
#
# > **moto와 AWS의 차이:** 이 표에는 AWS가 아니라 랩이라서 생긴 부분이 두 가지 있습니다. (1) AWS는 그룹의
# > 인스턴스를 여러 AZ에 고르게 나누고(여기서는 한쪽에 2대, 다른 쪽에 1대), 분포가 틀어지면 다시
# > 균형을 맞춥니다. 랩은 모든 인스턴스를 **첫 번째** 서브넷에 둡니다. (2) AWS에서는 템플릿으로 시작한
# > 인스턴스가 템플릿의 `MetadataOptions`를 물려받으므로 `HttpTokens`가 **required**로 표시됩니다. 랩은 이
# > 설정을 복사하지 않아 인스턴스가 `optional`로 표시됩니다. 채점기가 인스턴스가 아니라 시작 템플릿을
# > 읽는 이유입니다.
#
# ### 웜 풀
#
# 웜 풀에서는 인스턴스 몇 대가 기다리고 있을까요? `MaxGroupPreparedCapacity`는 그룹과 웜 풀을 *합친* 수를
# 세므로, 웜 풀에는 그 차이만큼이 들어갑니다. 단, 웜 풀의 `MinSize`보다 적어지지는 않습니다.

# %%
pool = autoscaling.describe_warm_pool(AutoScalingGroupName="app-asg")
config = pool["WarmPoolConfiguration"]
expected = max(config["MaxGroupPreparedCapacity"] - g["DesiredCapacity"], config["MinSize"])
print(f'pool state {config["PoolState"]}, min {config["MinSize"]}, max prepared {config["MaxGroupPreparedCapacity"]}')
print(f'expected in the pool: max({config["MaxGroupPreparedCapacity"]} - {g["DesiredCapacity"]}, '
      f'{config["MinSize"]}) = {expected}')
print("instances in the pool in this lab:", len(pool["Instances"]))

# %% [markdown]
# AWS에서는 그룹이 웜 풀용 인스턴스 2대를 시작해 시작 작업(사용자 데이터, 수명 주기 후크)을 한 번 실행한
# 뒤 중지합니다. 확장할 때는 새 인스턴스를 시작하는 대신 웜 풀의 인스턴스를 *다시 시작*하므로, 부팅
# 전체가 아니라 몇 초에서 1분이면 됩니다. 그리고 그 뒤에 웜 풀을 다시 채웁니다. 중지된 동안에는 EBS
# 볼륨(그리고 Elastic IP가 있다면 그 주소) 요금만 냅니다. 웜 풀 상태에는 `Running`(가장 빠르며, 일반 실행
# 중인 인스턴스처럼 요금 부과)과 `Hibernated`(메모리 내용을 디스크에 보존)도 있습니다.
# `MaxGroupPreparedCapacity`를 지정하지 않으면 웜 풀 크기는 `MaxSize − 원하는 용량` = 7이 됩니다.
#
# > **moto와 AWS의 차이:** 랩은 웜 풀 구성을 저장하지만 웜 풀을 채우지는 않습니다. 웜 풀에 인스턴스가
# > 없습니다.

# %% [markdown]
# ### 로드 밸런서 뒤에 두고 ELB 상태 확인 쓰기
#
# 학습 자료는 `app-asg`를 대상 그룹에 연결하고(`target_group_arns`) 상태 확인 유형을 `"ELB"`로 바꿉니다.
# 그러면 Auto Scaling은 EC2 상태 검사에 실패하거나 로드 밸런서의 상태 확인(여기서는 `/health`)에 실패한
# 인스턴스를 *모두* 교체합니다. 가상 머신은 멀쩡해도 애플리케이션이 멈춰 버린 인스턴스까지 교체되는
# 것입니다. 유예 기간(300초)은 막 시작된 인스턴스가 미처 기동하기도 전에 판정받는 일을 막아 줍니다.

# %%
public_subnets = sorted(s["SubnetId"] for s in ec2.describe_subnets(Filters=[
    {"Name": "tag:Name", "Values": ["public-a", "public-b"]}])["Subnets"])
web_sg = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["web-sg"]}])["SecurityGroups"][0]
vpc_id = web_sg["VpcId"]

target_group = elbv2.create_target_group(
    Name="app-tg", Protocol="HTTP", Port=8080, VpcId=vpc_id, TargetType="instance", HealthCheckPath="/health",
)["TargetGroups"][0]
alb = elbv2.create_load_balancer(
    Name="web-alb", Type="application", Scheme="internet-facing", Subnets=public_subnets,
    SecurityGroups=[web_sg["GroupId"]],
)["LoadBalancers"][0]
elbv2.create_listener(LoadBalancerArn=alb["LoadBalancerArn"], Protocol="HTTP", Port=80,
                      DefaultActions=[{"Type": "forward", "TargetGroupArn": target_group["TargetGroupArn"]}])
autoscaling.attach_load_balancer_target_groups(AutoScalingGroupName="app-asg",
                                               TargetGroupARNs=[target_group["TargetGroupArn"]])
autoscaling.update_auto_scaling_group(AutoScalingGroupName="app-asg", HealthCheckType="ELB",
                                      HealthCheckGracePeriod=300)

health = elbv2.describe_target_health(TargetGroupArn=target_group["TargetGroupArn"])["TargetHealthDescriptions"]
labkit.table(sorted(({"Target": t["Target"]["Id"], "Port": t["Target"]["Port"], "Health": t["TargetHealth"]["State"]}
                     for t in health), key=lambda r: r["Target"]),
             title="Targets of app-tg, registered by the group")

# %% [markdown]
# 로드 밸런서를 앞에 두었으니, 학습 자료는 두 번째 대상 추적 정책을 추가합니다. 트래픽을 직접 따라가는
# 지표인 **대상당 요청 1,000건**(`ALBRequestCountPerTarget`)입니다. 이 정책의 `ResourceLabel`은 로드
# 밸런서와 대상 그룹을 ARN의 끝부분(Terraform의 `arn_suffix`)으로 지정합니다.
# 형식은 `app/<ALB 이름>/<ID>/targetgroup/<대상 그룹 이름>/<ID>`입니다.
#
# ```hcl
# resource "aws_autoscaling_policy" "request_count_target" {
#   name                   = "request-count-target-tracking"
#   autoscaling_group_name = aws_autoscaling_group.app.name
#   policy_type            = "TargetTrackingScaling"
#
#   target_tracking_configuration {
#     predefined_metric_specification {
#       predefined_metric_type = "ALBRequestCountPerTarget"
#       resource_label         = "${aws_lb.main.arn_suffix}/${aws_lb_target_group.app.arn_suffix}"
#     }
#     target_value = 1000.0  # 인스턴스당 1000 요청
#   }
# }
# ```
#
# 그룹에 대상 추적 정책이 여러 개 있으면 정책마다 필요한 용량을 제안하고, 그룹은 확장할 때 그중 **가장 큰**
# 값을 따르며, 축소는 *모든* 정책이 동의할 때만 합니다.

# %%
resource_label = (alb["LoadBalancerArn"].split(":loadbalancer/")[1] + "/"
                  + target_group["TargetGroupArn"].split(":")[-1])
print("ResourceLabel:", resource_label)
autoscaling.put_scaling_policy(
    AutoScalingGroupName="app-asg",
    PolicyName="request-count-target-tracking",
    PolicyType="TargetTrackingScaling",
    TargetTrackingConfiguration={
        "PredefinedMetricSpecification": {"PredefinedMetricType": "ALBRequestCountPerTarget",
                                          "ResourceLabel": resource_label},
        "TargetValue": 1000.0,
    },
)


def policy_rows():
    rows = []
    for policy in autoscaling.describe_policies(AutoScalingGroupName="app-asg")["ScalingPolicies"]:
        tracking = policy.get("TargetTrackingConfiguration") or {}
        metric = tracking.get("PredefinedMetricSpecification", {}).get("PredefinedMetricType")
        predictive = (policy.get("PredictiveScalingConfiguration") or {}).get("MetricSpecifications") or []
        if predictive:
            metric = predictive[0]["PredefinedScalingMetricSpecification"]["PredefinedMetricType"]
            target = predictive[0]["TargetValue"]
        else:
            target = tracking.get("TargetValue")
        rows.append({"Policy": policy["PolicyName"], "Type": policy["PolicyType"], "Metric": metric,
                     "Target": target, "Warm-up (s)": policy.get("EstimatedInstanceWarmup")})
    return labkit.table(sorted(rows, key=lambda r: r["Policy"]), title="Scaling policies of app-asg")


policy_rows()

# %% [markdown]
# 수동 조정은 호출 하나면 됩니다. 대상 추적도 결국 이 일을 하는 것이고, 다만 판단을 대신 내려 줄
# 뿐입니다. 원하는 용량을 5로 정하면 그룹이 인스턴스 2대를 시작해 대상 그룹에 등록합니다.

# %%
autoscaling.set_desired_capacity(AutoScalingGroupName="app-asg", DesiredCapacity=5)
health = elbv2.describe_target_health(TargetGroupArn=target_group["TargetGroupArn"])["TargetHealthDescriptions"]
print("instances:", len(group()["Instances"]), "| targets in app-tg:", len(health))

# %% [markdown]
# > **moto와 AWS의 차이:** AWS는 최솟값..최댓값 범위를 벗어난 원하는 용량을 거부합니다
# > (`ValidationError`). 랩은 이를 받아들여서, 예를 들어 최댓값이 10인데도 12를 허용합니다. 범위는 직접
# > 지키세요.
#
# ### 새 AMI 배포하기: 인스턴스 새로 고침
#
# 시작 템플릿에 새 버전을 만들면 그룹이 **앞으로** 시작할 인스턴스가 바뀝니다. 이미 실행 중인 인스턴스는
# 시작될 때의 버전을 그대로 유지합니다. 새 AMI로 버전 2를 게시하고, 인스턴스들이 두 버전으로 갈리는 모습을
# 확인해 봅니다. (시작 데이터는 빠짐없이 모두 넘기세요. AWS에서는 `SourceVersion`에 변경 사항을 더해 새
# 버전을 만들지만, 랩은 `SourceVersion`을 무시하므로 IMDSv2 설정이 빠져 버립니다.)

# %%
app_sg_id = ec2.describe_security_groups(Filters=[
    {"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "group-name", "Values": ["app-sg"]}])["SecurityGroups"][0]["GroupId"]
version_2 = ec2.create_launch_template_version(
    LaunchTemplateName="app",
    VersionDescription="app tier, new AMI",
    LaunchTemplateData={
        "ImageId": "ami-0123456789abcdef0",  # the new build of the application's image
        "InstanceType": "t3.medium",
        "SecurityGroupIds": [app_sg_id],
        "MetadataOptions": {"HttpTokens": "required", "HttpEndpoint": "enabled"},
    },
)["LaunchTemplateVersion"]
print("launch template app: version", version_2["VersionNumber"], "is now $Latest")
autoscaling.set_desired_capacity(AutoScalingGroupName="app-asg", DesiredCapacity=6)
labkit.table(instance_rows(), {"Instance": "Instance", "AZ": "AZ", "AMI": "AMI", "State": "State"},
             title="app-asg after one more instance")

# %% [markdown]
# 인스턴스 다섯 대는 아직 이전 AMI로, 가장 최근에 시작한 한 대는 새 AMI로 실행 중입니다. 이전 인스턴스를
# 교체하려고 학습 자료의 `instance_refresh` 블록은 정상 인스턴스를 **75%** 이상 유지하는 **롤링**
# 새로 고침을 요청합니다. 인스턴스가 6대이면 최소 4.5대, 즉 5대가 계속 서비스해야 하므로, Auto Scaling은
# 인스턴스를 한 번에 한 대씩 교체하고, 새 인스턴스가 상태 확인과 웜업을 통과하기를 기다린 뒤 다음으로
# 넘어갑니다. 체크포인트, 이미 일치하는 인스턴스 건너뛰기, 실패 시 자동 롤백은 `Preferences`에서 추가로
# 지정할 수 있습니다. 호출은 다음과 같습니다.

# %%
try:
    refresh = autoscaling.start_instance_refresh(
        AutoScalingGroupName="app-asg",
        Strategy="Rolling",
        Preferences={"MinHealthyPercentage": 75, "InstanceWarmup": 300, "SkipMatching": True},
    )
    print("instance refresh started:", refresh["InstanceRefreshId"])
except NotImplementedError as missing:
    print("The lab cannot run it:", missing)

# %% [markdown]
# > **moto와 AWS의 차이:** 랩은 `start_instance_refresh`와 `describe_instance_refreshes`를 구현하지
# > 않습니다. AWS에서는 호출이 `InstanceRefreshId`를 돌려주고, 그룹이 이전 인스턴스 다섯 대를 차례로
# > 종료하고 교체하는 동안 `describe_instance_refreshes`가 `Status`(`Pending`, `InProgress`, `Successful`,
# > `Failed`, `Cancelled`, `RollbackInProgress` 등), `PercentageComplete`, `InstancesToUpdate`를
# > 알려 줍니다. Terraform은 그룹의 `launch_template` 블록이 바뀌면 이런 새로 고침을 스스로 시작합니다.
# > 그런데 `version = "$Latest"`이면 템플릿에 새 버전이 생겨도 이 블록은 바뀌지 않습니다. 그래서 Terraform
# > 코드에서는 흔히 `version = aws_launch_template.app.latest_version`이라고 씁니다.

# %% [markdown]
# ## 5. 예측 조정
#
# 대상 추적은 *반응*합니다. 부하가 먼저 올라야 용량이 따라가고, 새 인스턴스가 준비되는 데는 몇 분이
# 걸립니다. **예측 조정**(predictive scaling)은 그룹의 최근 14일 부하를 살펴 하루 단위와 주 단위의
# 리듬을 학습하고, 앞으로 48시간을 예측한 뒤(6시간마다 갱신), 필요해지기 **전에** 용량을 시작합니다.
# 예측을 내놓으려면 최소 24시간의 기록이 필요합니다. 학습 자료의 정책에는 "2025 신규 리전 확대"라는 설명이
# 붙어 있습니다.
#
# ```hcl
# resource "aws_autoscaling_policy" "predictive" {
#   name                   = "predictive-scaling"
#   autoscaling_group_name = aws_autoscaling_group.app.name
#   policy_type            = "PredictiveScaling"
#
#   predictive_scaling_configuration {
#     mode                         = "ForecastAndScale"
#     scheduling_buffer_time       = 300
#     max_capacity_breach_behavior = "IncreaseMaxCapacity"
#     max_capacity_buffer          = 10
#
#     metric_specification {
#       target_value = 50
#       predefined_load_metric_specification {
#         predefined_metric_type = "ASGTotalCPUUtilization"
#       }
#       predefined_scaling_metric_specification {
#         predefined_metric_type = "ASGAverageCPUUtilization"
#       }
#     }
#   }
# }
# ```
#
# | 설정 | 의미 |
# |---|---|
# | `mode = "ForecastAndScale"` | 예측에 따라 실제로 조정합니다. 기본값 `ForecastOnly`는 예측만 하므로 먼저 예측을 검토해 볼 수 있습니다 |
# | `scheduling_buffer_time = 300` | 예측된 용량을 필요 시점보다 5분 먼저 시작합니다 (부팅할 시간) |
# | 부하 지표 `ASGTotalCPUUtilization` | 예측 대상: 그룹의 *총* CPU |
# | 조정 지표 `ASGAverageCPUUtilization`, 목표 50 | 예측에서 용량을 끌어내는 방법: 평균 50%에 필요한 만큼의 인스턴스 |
# | `max_capacity_breach_behavior = "IncreaseMaxCapacity"`, 버퍼 10 | 예측에 따라 그룹이 `max_size`를 넘어 예측 용량 + 10%까지 커질 수 있습니다 (예측 20 → 최대 22). 올라간 최댓값은 직접 낮출 때까지 유지됩니다 |
#
# 예측 조정은 언제나 용량을 미리 **늘리기만** 하고, 인스턴스를 줄이지는 않습니다. 예상 밖의 상황을
# 처리하고 축소도 맡는 대상 추적과 함께 쓰세요. 예측 조정은 2021년부터 EC2 Auto Scaling이 자체 정책
# 유형으로 제공하고 있습니다. 그 뒤로 계속 바뀌어 온 것은 새 리전이 열릴 때마다 넓어지는 *제공 리전*이므로,
# 학습 자료의 "2025 신규 리전 확대" 같은 날짜보다는 설명서의 리전 표를 확인하세요.

# %%
autoscaling.put_scaling_policy(
    AutoScalingGroupName="app-asg",
    PolicyName="predictive-scaling",
    PolicyType="PredictiveScaling",
    PredictiveScalingConfiguration={
        "MetricSpecifications": [{
            "TargetValue": 50.0,
            "PredefinedLoadMetricSpecification": {"PredefinedMetricType": "ASGTotalCPUUtilization"},
            "PredefinedScalingMetricSpecification": {"PredefinedMetricType": "ASGAverageCPUUtilization"},
        }],
        "Mode": "ForecastAndScale",
        "SchedulingBufferTime": 300,
        "MaxCapacityBreachBehavior": "IncreaseMaxCapacity",
        "MaxCapacityBuffer": 10,
    },
)
policy_rows()

# %% [markdown]
# 예측 결과 자체는 `get_predictive_scaling_forecast`로 가져옵니다.

# %%
try:
    forecast = autoscaling.get_predictive_scaling_forecast(
        AutoScalingGroupName="app-asg", PolicyName="predictive-scaling",
        StartTime="2025-06-02T00:00:00Z", EndTime="2025-06-04T00:00:00Z",
    )
    print("capacity forecast points:", len(forecast["CapacityForecast"]["Values"]))
except NotImplementedError as missing:
    print("The lab cannot forecast:", missing)

# %% [markdown]
# > **moto와 AWS의 차이:** 랩은 예측 정책(위)을 저장하지만 지표 기록이 없고
# > `get_predictive_scaling_forecast`도 구현하지 않습니다. AWS에서는 24시간의 기록이 쌓인 뒤 이 호출이 부하
# > 예측과 용량 예측을 시간 단위 값으로 돌려줍니다. 콘솔에서는 같은 예측을 그래프로 보여 주므로,
# > `ForecastOnly`를 `ForecastAndScale`로 바꾸기 전에 검토할 수 있습니다.

# %% [markdown]
# ## 6. 전체 그림
#
# 계정의 네트워크 다이어그램입니다. 퍼블릭 서브넷의 인터넷 연결 ALB가 프라이빗 앱 서브넷의 `app-asg`로
# 트래픽을 전달하고, 외부로 나가는 트래픽은 NAT 게이트웨이를 거칩니다.

# %%
labkit.diagram(view="network")

# %% [markdown]
# ## 퀴즈
#
# JupyterLab에서는 위젯에서 답하면 됩니다. 평범한 Python으로 답하려면 퀴즈를 변수에 담고
# (`quiz = labkit.quiz("autoscaling")`) `quiz.answer("<문제 ID>", <답>)`을 호출하세요. 문제 ID 목록은
# `quiz.questions`에 있습니다. 예를 들어 2절의 용량 계산 문제입니다. 목표가 50%일 때 CPU 80%로 도는
# 인스턴스 3대에는 ⌈3 × 80 ÷ 50⌉대가 필요합니다.

# %%
quiz = labkit.quiz("autoscaling")
quiz.answer("as-cpu-capacity-math", math.ceil(3 * 80 / 50))

# %%
quiz

# %% [markdown]
# ## 정리
# - **Auto Scaling 그룹**은 원하는 용량을 최솟값과 최댓값 사이로 유지하며, **시작 템플릿**으로 여러 AZ의
#   서브넷에 인스턴스를 시작하고, 비정상 인스턴스를 교체합니다. `HealthCheckType="ELB"`이면 로드
#   밸런서의 판단까지 반영합니다.
# - **대상 추적**(권장 정책)은 지표를 목표값에 맞춥니다. 지표가 3분 동안 목표값을 넘으면
#   ⌈인스턴스 수 × 지표 ÷ 목표값⌉으로 확장하고, 15분 동안 목표값보다 충분히 낮으면 천천히 축소합니다.
#   `DisableScaleIn`은 축소를 끄는 스위치이지 휴지 기간(쿨다운)이 아닙니다.
# - **웜업**(인스턴스 준비 시간, 학습 자료에서는 300초)은 부팅 중인 인스턴스를 용량으로는 치되 지표에서는
#   빼서, 지나친 확장을 막습니다. 실제로 준비되는 데 걸리는 시간으로 설정하세요.
# - 중지된 채 미리 초기화해 둔 인스턴스의 **웜 풀**은 그 시간을 줄여 줍니다. 학습 자료의 웜 풀은
#   max(5 − 원하는 용량, 1)대를 둡니다.
# - **인스턴스 새로 고침**은 새 템플릿 버전을 그룹 전체에 차례로 적용합니다. 학습 자료에서는 정상
#   인스턴스를 75% 이상 유지합니다.
# - **예측 조정**은 일간·주간 패턴을 예측해 미리 용량을 늘립니다. 축소는 하지 않으므로 대상 추적과
#   함께 씁니다.
#
# 랩을 닫습니다.

# %%
lab.stop()
lab
