# %% [markdown]
# # 09 · EC2 Auto Scaling — target tracking (오토 스케일링, 대상 추적)
#
# Traffic is never flat. An application sized for its peak wastes money the rest of the day;
# one sized for the average falls over at the peak. **EC2 Auto Scaling** keeps a *group* of
# identical instances at the size the load needs, replaces instances that fail, and spreads
# them over availability zones (가용 영역). The seed's recommended way to drive it is
# **target tracking** (대상 추적 정책, "권장 방식"): name a metric and a target — average CPU
# at 50 % — and AWS adds and removes instances to hold it there, like a thermostat.
#
# **In this notebook you will**
# 1. name the parts of an Auto Scaling group (오토 스케일링 그룹): launch template, sizes,
#    subnets, health checks, scaling policies;
# 2. **simulate** target tracking minute by minute — load, CPU, alarms, warm-up — and move the
#    sliders to see what the target value, the peak load and the warm-up change;
# 3. build the seed's `app-asg` live: launch template `app` with IMDSv2, min 2 / max 10 /
#    desired 3 over the app subnets, CPU target tracking at 50 % with a 300-second **instance
#    warm-up** (인스턴스 준비 시간) and a **warm pool** (웜 풀) — lab task `autoscaling.web_asg`;
# 4. put the group behind a load balancer with ELB health checks and a second, request-count
#    policy, and roll a new AMI out with an **instance refresh** (인스턴스 새로 고침);
# 5. see what **predictive scaling** (예측 스케일링) adds: capacity *before* the morning rush.

# %% [markdown]
# ## 1. The parts of an Auto Scaling group
#
# | Part | 한국어 | What it says | In the seed |
# |---|---|---|---|
# | Launch template | 시작 템플릿 | *what* to launch: AMI, instance type, security groups, IMDS settings, user data | `aws_launch_template.app`, version `$Latest` |
# | Sizes | 최소 / 최대 / 원하는 용량 | min, max and desired number of instances | min 2, max 10, desired 3 |
# | Subnets | 서브넷 | *where*: one or more subnets, ideally in different AZs | the private app subnets |
# | Health checks | 상태 확인 | *when* an instance is replaced: EC2 status checks, or also the load balancer's | `health_check_type = "ELB"` |
# | Load balancer target groups | 대상 그룹 | new instances are registered, leaving ones deregistered | `target_group_arns` |
# | Scaling policies | 조정 정책 | *how* desired capacity follows the load | CPU 50 %, 1,000 requests per target, predictive |
# | Warm pool | 웜 풀 | pre-initialised stopped instances, ready to join fast | Stopped, min 1, max prepared 5 |
#
# The group only ever changes its **desired capacity** (원하는 용량), always between min and max,
# and then launches or terminates instances until the count matches. The kinds of scaling:
#
# | Kind | Decides from | Use |
# |---|---|---|
# | **Target tracking** (대상 추적) | a metric and a target value; AWS creates and manages the CloudWatch alarms | the default choice (the seed's 권장 방식) |
# | Step / simple scaling | CloudWatch alarms you create, with step adjustments | special cases; simple scaling waits for a cooldown (300 s by default) |
# | Scheduled scaling | a time (cron) | known events: business hours, a launch |
# | **Predictive scaling** (예측 스케일링) | a forecast learnt from the last 14 days | regular daily or weekly patterns, slow-starting applications |
#
# The seed draws target tracking like this: CPU rises above the 50 % target (T1), the alarm
# fires and instances are added (T2), CPU settles back under the target once they are in
# service (T3), and when demand falls the group shrinks again, more cautiously (T4–T5).

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
# ## 2. Target tracking, simulated (대상 추적 시뮬레이션)
#
# What really happens between T1 and T5? Below is a small model of one Auto Scaling group,
# minute by minute, as a pure function: the same arguments always give the same answer.
#
# - **Load** is measured in *instances' worth of CPU*: a load of 4.0 would keep four instances
#   100 % busy (or eight at 50 %). It is quiet (1.0) for half an hour, climbs to the **peak**
#   over 30 minutes, stays there for an hour and falls back.
# - Instances that have **booted** share the load evenly: CPU = load ÷ booted instances
#   (at most 100 %; above that, requests queue and fail). A new instance needs 5 minutes to
#   boot and spends them at 90 % CPU installing and warming caches, serving nothing.
# - The policy sees the **group's average CPU**, but leaves out instances still inside their
#   **warm-up** (인스턴스 준비 시간): "exclude new instances from the metric until they are
#   fully ready", as the seed puts it.
# - **Scale out** (확장): when the metric has been above the target for 3 minutes in a row (the
#   high alarm AWS creates for you), set desired capacity to
#   ⌈counted instances × metric ÷ target⌉ — the capacity that would bring the metric back to the
#   target — but only if that is more than the current desired capacity. Instances still warming
#   up already count as capacity, so repeated alarms do not add the same instances twice.
# - **Scale in** (축소): only after the metric has stayed below 90 % of the target for 15
#   minutes (the low alarm) and no instance is warming up — removing capacity is deliberately
#   slower than adding it. After any scaling action both alarms start counting afresh, which
#   acts as a cooldown.
# - The group stays between min 2 and max 10 and starts with 3 instances, like `app-asg`.
#
# This is a teaching model, not AWS's exact algorithm, but every rule in it is one AWS
# documents for target tracking.

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
# Read the run from left to right:
# - **Minute 14:** three instances at 33 % are more than the quiet load needs; after 15 quiet
#   minutes the group scales in to its minimum, 2.
# - **Minutes 30–60:** the load climbs. Each time CPU has stayed above 50 % for 3 minutes, the
#   policy computes the capacity that would bring it back to 50 % and launches the difference.
#   While new instances boot (5 minutes), the metric ignores them and the *serving* instances
#   run hot — the peak CPU you see is the price of boot time.
# - **The plateau:** launched and serving meet the ideal line; CPU sits just under the target.
# - **Minutes 120–180:** the load falls, and the group shrinks in 15-minute steps, later
#   than it could — caution is cheaper than being caught short.
#
# ### Your turn: move the sliders
#
# Run the next cell and drag the sliders: the chart and the numbers follow. Try these:
# - **warm-up 0 s**: booting instances (90 % CPU, serving nothing) now count in the average, the
#   metric looks worse than the serving instances really are, and the group **overshoots** to
#   its maximum, then has to scale in again;
# - **target 70 %**: fewer instances and cheaper, but less headroom — CPU hits 100 % while
#   new instances boot;
# - **peak load 7**: more than the group's maximum of 10 instances can hold at 50 %; the
#   target cannot be met and the max is what protects your bill.

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
# The same comparisons as numbers, each one change away from the seed's settings. The last row
# is what a **warm pool** (웜 풀) buys: instances that were launched and initialised in advance
# and wait stopped, so joining the group takes about a minute instead of five.

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
# What the table says:
# - **Warm-up protects the decisions.** Without it the group launches 10 instances for a peak
#   that needs 8, because booting instances look busy. With a warm-up *longer* than the boot
#   time, the policy ignores instances that already serve, and reacts late.
#   Set it to how long an instance really takes to be ready — the seed's 300 s.
# - **The target is a trade-off** between cost (instance-hours) and headroom. 50 % leaves room
#   for the minutes new capacity needs to arrive; 70 % saves money and runs hot.
# - **The maximum is a budget.** Above it, the group stops growing and the application
#   saturates; raise it on purpose, not by accident.
# - **Faster boots beat smarter policies:** with a warm pool the same policy keeps CPU closer
#   to the target with fewer instance-hours.

# %% [markdown]
# ## 3. The seed's Auto Scaling group, built live
#
# The seed's Terraform for the group and its CPU policy:
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
# Terraform's one `aws_autoscaling_group` block becomes **several** API calls — the group, its
# warm pool and (later) its refresh are separate operations in the Auto Scaling API:
#
# | Seed Terraform | boto3 | Notes |
# |---|---|---|
# | `aws_launch_template.app` | `ec2.create_launch_template(LaunchTemplateName="app", ...)` | the seed does not show it; the task asks for IMDSv2 |
# | `name = "app-asg"` | `autoscaling.create_auto_scaling_group(AutoScalingGroupName="app-asg", ...)` | |
# | `vpc_zone_identifier = aws_subnet.private[*].id` | `VPCZoneIdentifier="subnet-a,subnet-b"` | **one comma-separated string** in the API |
# | `min_size`, `max_size`, `desired_capacity` | `MinSize=2, MaxSize=10, DesiredCapacity=3` | |
# | `launch_template { id, version = "$Latest" }` | `LaunchTemplate={"LaunchTemplateName": "app", "Version": "$Latest"}` | by name or by id |
# | `tag { key, value, propagate_at_launch }` | `Tags=[{"Key": "Name", "Value": "app-server", "PropagateAtLaunch": True}]` | copied onto every new instance |
# | `warm_pool { ... }` | `autoscaling.put_warm_pool(PoolState="Stopped", MinSize=1, MaxGroupPreparedCapacity=5)` | a separate call |
# | `target_group_arns`, `health_check_type = "ELB"` | `attach_load_balancer_target_groups(...)`, `HealthCheckType="ELB"` | section 4, once there is a load balancer |
# | `instance_refresh { ... }` | `autoscaling.start_instance_refresh(Strategy="Rolling", Preferences={"MinHealthyPercentage": 75})` | Terraform starts one when the group's `launch_template` block changes; section 4 |
# | `aws_autoscaling_policy.cpu_target` | `autoscaling.put_scaling_policy(PolicyType="TargetTrackingScaling", ...)` | |
# | `disable_scale_in = false` | `"DisableScaleIn": False` | see below |
#
# Two remarks on the policy. The comment `# 스케일인 시 쿨다운` ("scale-in cooldown") above
# `disable_scale_in` is a mislabel: the setting is an on/off switch — `false` (the default) lets
# the policy remove instances when CPU stays low, `true` leaves removing to someone else (a
# schedule, an operator, another policy). Target tracking has no cooldown setting on EC2: its
# pacing comes from the alarms and the warm-up. And the Terraform has **no warm-up**; the seed
# sets it in its boto3 example instead (인스턴스 준비 시간 설정):
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
# Today AWS recommends setting the warm-up once for the whole group, `DefaultInstanceWarmup=300`
# on the group, which also paces instance refreshes; a policy's `EstimatedInstanceWarmup`
# overrides it. This lab task follows the seed and sets it on the policy.
#
# ### Lab task `autoscaling.web_asg`

# %%
def show_task(task_id):
    """Print a lab task's title, points, starter and text, wrapped for reading."""
    task = labkit.task(task_id)
    print(f"{task.title}  [{task_id}: {task.max_score:g} points, starter scenario {task.starter!r}]\n")
    for line in task.text.splitlines():
        print(textwrap.fill(line, 100))


show_task("autoscaling.web_asg")

# %% [markdown]
# The starter, `three-tier-security-groups`, is the three-tier network (VPC `main`: public, app
# and db subnets in two AZs, NAT gateway) with the security groups `web-sg`, `app-sg` and
# `db-sg`. Find the ids you will need — the two app subnets and `app-sg`:

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
# **Step 1 — the launch template** (시작 템플릿). The seed's Amazon Linux 2 AMI, `t3.medium`,
# `app-sg`, and the instance metadata service locked to IMDSv2 (`HttpTokens="required"`): a
# request for credentials must first obtain a session token with a PUT, which stops the classic
# SSRF attacks that read an instance's role credentials through IMDSv1.

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
# **Step 2 — the group**, over both app subnets (two AZs), min 2 / max 10 / desired 3, tagged so
# every instance is called `app-server`.

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
# **Step 3 — target tracking** at 50 % average CPU, with the seed's 300-second warm-up.

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
# **Step 4 — the warm pool** (웜 풀): stopped instances, at least 1, and at most 5 instances
# prepared across the group *and* the pool together.

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
# > **moto vs AWS:** in AWS, the target-tracking policy creates two CloudWatch alarms for you
# > (`TargetTracking-app-asg-AlarmHigh-…`, 3 data points above 50 %, and `…-AlarmLow-…`,
# > 15 data points below) — do not edit them; the lab creates none (`cloudwatch.describe_alarms()`
# > is empty), and nothing ever measures CPU, so the lab's group never scales by itself. The
# > lab also ignores `DefaultInstanceWarmup` on the group (it is not stored), which is why the
# > task takes the warm-up from the policy, as the seed does.

# %% [markdown]
# ## 4. The group at work
#
# From here on the notebook works on the **reference build**, the scenario `web-asg` — the same
# group, built by the task's solution — so the rest runs the same whether or not your own build
# scored full marks. (It replaces your lab: grade your work above first.)

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
# Each instance carries the `Name` tag the group propagated, runs the template's AMI, and is
# `InService`.
#
# > **moto vs AWS:** two things in this table are the lab's, not AWS's. (1) AWS spreads a
# > group's instances evenly over its AZs (2 in one, 1 in the other here) and rebalances when
# > the spread drifts; the lab puts every instance in the **first** subnet. (2) Instances
# > launched from a template get its `MetadataOptions` in AWS, so they would show
# > `HttpTokens` **required**; the lab does not copy them and the instances report `optional`.
# > That is why the grader reads the launch template, not the instances.
#
# ### The warm pool (웜 풀)
#
# How many instances wait in the pool? `MaxGroupPreparedCapacity` counts the group *and* the
# pool, so the pool holds the difference — but never fewer than its `MinSize`:

# %%
pool = autoscaling.describe_warm_pool(AutoScalingGroupName="app-asg")
config = pool["WarmPoolConfiguration"]
expected = max(config["MaxGroupPreparedCapacity"] - g["DesiredCapacity"], config["MinSize"])
print(f'pool state {config["PoolState"]}, min {config["MinSize"]}, max prepared {config["MaxGroupPreparedCapacity"]}')
print(f'expected in the pool: max({config["MaxGroupPreparedCapacity"]} - {g["DesiredCapacity"]}, '
      f'{config["MinSize"]}) = {expected}')
print("instances in the pool in this lab:", len(pool["Instances"]))

# %% [markdown]
# In AWS, the group launches those 2 pool instances, runs their start-up (user data, lifecycle
# hooks) once, and stops them. On scale-out it *starts* a pool instance instead of launching a
# new one — seconds to a minute instead of a full boot — and refills the pool behind it. While
# stopped you pay only for their EBS volumes (and any Elastic IPs). Other pool states:
# `Running` (fastest, billed like any running instance) and `Hibernated` (memory kept on disk).
# Without `MaxGroupPreparedCapacity` the pool would be sized to `MaxSize − desired` = 7.
#
# > **moto vs AWS:** the lab stores the warm pool's configuration but never fills it: the pool
# > has no instances.

# %% [markdown]
# ### Behind a load balancer, with ELB health checks
#
# The seed attaches `app-asg` to a target group (`target_group_arns`) and switches the health
# check to `"ELB"`: Auto Scaling then replaces an instance that fails *either* the EC2 status
# checks *or* the load balancer's health check (`/health` here), so a hung application gets
# replaced even though its virtual machine is fine. The grace period (300 s) keeps a freshly
# launched instance from being judged before it has started.

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
# With a load balancer in front, the seed adds a second target-tracking policy: **1,000 requests
# per target** (`ALBRequestCountPerTarget`), a metric that follows the traffic directly. Its
# `ResourceLabel` names the load balancer and the target group by the ends of their ARNs
# (Terraform's `arn_suffix`): `app/<alb name>/<id>/targetgroup/<tg name>/<id>`.
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
# When a group has several target-tracking policies, each proposes a capacity and the group
# takes the **largest** for scale-out, and scales in only when *every* policy agrees.

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
# Scaling by hand is one call: target tracking does nothing more than this, decided for you.
# Set the desired capacity to 5 — the group launches two instances and registers them with
# the target group:

# %%
autoscaling.set_desired_capacity(AutoScalingGroupName="app-asg", DesiredCapacity=5)
health = elbv2.describe_target_health(TargetGroupArn=target_group["TargetGroupArn"])["TargetHealthDescriptions"]
print("instances:", len(group()["Instances"]), "| targets in app-tg:", len(health))

# %% [markdown]
# > **moto vs AWS:** AWS refuses a desired capacity outside min..max (`ValidationError`); the
# > lab accepts, for example, 12 with a maximum of 10. Keep to the limits yourself.
#
# ### Rolling out a new AMI: instance refresh (인스턴스 새로 고침)
#
# A new launch-template version changes what the group launches **next**; instances already
# running keep the version they started with. Publish version 2 with a new AMI and see the fleet
# split. (Pass the complete launch data: a new version is built from `SourceVersion` plus your
# changes in AWS, but the lab ignores `SourceVersion` and would drop the IMDSv2 setting.)

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
# Five instances still run the old AMI, the newest one runs the new AMI. To replace the old
# ones, the seed's `instance_refresh` block asks for a **rolling** refresh keeping at least
# **75 %** healthy: with 6 instances at least 4.5 — so 5 — must stay in service, and Auto Scaling
# replaces one instance at a time, waits for the new one to pass its health checks and the
# warm-up, and moves on. Checkpoints, skipping instances that already match, and automatic rollback on
# failure are further `Preferences`. The call:

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
# > **moto vs AWS:** `start_instance_refresh` and `describe_instance_refreshes` are not
# > implemented in the lab. In AWS the call returns an `InstanceRefreshId`;
# > `describe_instance_refreshes` then reports `Status` (`Pending`, `InProgress`, `Successful`,
# > `Failed`, `Cancelled`, `RollbackInProgress`, …), `PercentageComplete` and
# > `InstancesToUpdate` while the group terminates and replaces the five old instances in turn.
# > Terraform starts a refresh like this by itself when the group's `launch_template` block
# > changes. With `version = "$Latest"` a new template version does not change that block, which
# > is why Terraform code often says `version = aws_launch_template.app.latest_version` instead.

# %% [markdown]
# ## 5. Predictive scaling (예측 스케일링)
#
# Target tracking *reacts*: the load has to rise before capacity follows, and new instances
# take minutes to be ready. **Predictive scaling** looks at the last 14 days of the group's
# load, learns its daily and weekly rhythm, forecasts the next 48 hours (refreshed every 6
# hours), and launches capacity **before** it is needed. It needs at least 24 hours of history
# before it forecasts anything. The seed's policy, labelled "2025 신규 리전 확대" (expanded to new
# regions in 2025):
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
# | Setting | Meaning |
# |---|---|
# | `mode = "ForecastAndScale"` | act on the forecast; the default `ForecastOnly` just forecasts, so you can check it first |
# | `scheduling_buffer_time = 300` | launch forecast capacity 5 minutes before it is needed (time to boot) |
# | load metric `ASGTotalCPUUtilization` | what is forecast: the group's *total* CPU |
# | scaling metric `ASGAverageCPUUtilization`, target 50 | how capacity is derived from the forecast: enough instances for 50 % average |
# | `max_capacity_breach_behavior = "IncreaseMaxCapacity"`, buffer 10 | the forecast may lift the group above `max_size`, up to the forecast capacity + 10 % (forecast 20 → up to 22); the raised maximum stays until you lower it |
#
# Predictive scaling only ever **adds** capacity ahead of time; it never removes instances.
# Pair it with target tracking, which handles surprises and scales in. It has been a native EC2
# Auto Scaling policy since 2021; what keeps changing is *where* it is offered, as new regions
# open — check the region table in the documentation rather than a date.

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
# The forecast itself comes from `get_predictive_scaling_forecast`:

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
# > **moto vs AWS:** the lab stores a predictive policy (above) but has no metric history and
# > does not implement `get_predictive_scaling_forecast`. In AWS, after 24 hours of history the
# > call returns the load forecast and the capacity forecast as hourly values; in the console
# > the same forecast appears as a graph to review before you switch `ForecastOnly` to
# > `ForecastAndScale`.

# %% [markdown]
# ## 6. The whole picture
#
# The network diagram of the account: the internet-facing ALB in the public subnets, forwarding
# to `app-asg` in the private app subnets, the NAT gateway for outbound traffic.

# %%
labkit.diagram(view="network")

# %% [markdown]
# ## Quiz
#
# Answer in the widget (in JupyterLab). To answer in plain Python instead, keep the quiz in a
# variable — `quiz = labkit.quiz("autoscaling")` — and call `quiz.answer("<question id>", <answer>)`;
# `quiz.questions` lists the ids. For example, the capacity arithmetic of section 2: 3 instances
# at 80 % CPU with a 50 % target need ⌈3 × 80 ÷ 50⌉ instances —

# %%
quiz = labkit.quiz("autoscaling")
quiz.answer("as-cpu-capacity-math", math.ceil(3 * 80 / 50))

# %%
quiz

# %% [markdown]
# ## Recap
# - An **Auto Scaling group** (오토 스케일링 그룹) keeps its desired capacity between min and
#   max, launching from a **launch template** (시작 템플릿) into subnets in several AZs, and
#   replaces unhealthy instances — by the load balancer's judgement with `HealthCheckType="ELB"`.
# - **Target tracking** (대상 추적, the recommended policy) holds a metric at a target: it scales
#   out after 3 minutes above the target to ⌈instances × metric ÷ target⌉, and scales in slowly,
#   after 15 minutes well below it. `DisableScaleIn` switches scale-in off; it is not a cooldown.
# - **Warm-up** (인스턴스 준비 시간, 300 s in the seed) keeps booting instances out of the metric
#   while counting them as capacity: no overshoot. Set it to the real time-to-ready.
# - A **warm pool** (웜 풀) of stopped, pre-initialised instances cuts that time; the seed's holds
#   max(5 − desired, 1) instances.
# - An **instance refresh** (인스턴스 새로 고침) rolls a new template version through the group,
#   keeping 75 % healthy in the seed.
# - **Predictive scaling** (예측 스케일링) forecasts daily and weekly patterns and adds capacity
#   ahead of time; it never scales in, so pair it with target tracking.
#
# Close the lab:

# %%
lab.stop()
lab
