"""Auto Scaling task: the seed's `app-asg` (launch template, capacity, target
tracking, warm pool), and ``ALB_CHECKS``, the load-balancer part of the capstone.

The launch template is judged at the version the group actually launches
($Latest, $Default or a number), because that is what its instances get.
"""

from __future__ import annotations

from typing import Any

from ..grading import Check, Task
from ..i18n import msg
from ..services.autoscaling import build_web_asg
from ..services.ec2 import THREE_TIER_SUBNETS
from ..snapread import dicts, listed, num, sub, text
from . import _network as net
from . import register
from .ec2 import imds_problem, launch_template, listing, template_version

__all__ = ["ALB_CHECKS", "ALB_SERVICES"]

FSBP_EC2 = "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html"
ASG_DOC = "https://docs.aws.amazon.com/autoscaling/ec2/userguide/"
ELB_DOC = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/"
GROUP = "app-asg"
TEMPLATE = "app"
ALB = "web-alb"
CPU_METRIC = "ASGAverageCPUUtilization"

Result = tuple[bool, str, str, str]


def _items(snap: dict[str, Any], service: str, key: str) -> list[dict[str, Any]]:
    section = snap.get(service)
    value = section.get(key) if isinstance(section, dict) else None
    return [i for i in value if isinstance(i, dict)] if isinstance(value, list) else []


def _group(snap: dict[str, Any]) -> dict[str, Any] | None:
    """app-asg, unless it is being deleted."""
    for group in _items(snap, "autoscaling", "auto_scaling_groups"):
        if group.get("AutoScalingGroupName") == GROUP and not text(group.get("Status")).startswith("Delete"):
            return group
    return None


NO_GROUP: Result = (
    False, GROUP, msg("there is no Auto Scaling group named app-asg"),
    msg("autoscaling.create_auto_scaling_group(AutoScalingGroupName='app-asg', LaunchTemplate={{'LaunchTemplateName': "
        "'app', 'Version': '$Latest'}}, MinSize=2, MaxSize=10, DesiredCapacity=3, "
        "VPCZoneIdentifier='<app-a id>,<app-b id>')"),
)


def group_template(group: dict[str, Any]) -> tuple[str, str, str]:
    """(template name, template id, version) the group launches from; "" where not set.

    Read from LaunchTemplate or from a MixedInstancesPolicy's template; a missing
    version means the template's default version, as in AWS.
    """
    spec = sub(group, "LaunchTemplate") or sub(
        sub(sub(group, "MixedInstancesPolicy"), "LaunchTemplate"), "LaunchTemplateSpecification"
    )
    return (text(spec.get("LaunchTemplateName")), text(spec.get("LaunchTemplateId")),
            text(spec.get("Version")) or "$Default")


def _uses(group: dict[str, Any] | None, template: dict[str, Any]) -> bool:
    if group is None:
        return False
    name, ident, _ = group_template(group)
    return bool((name and name == template.get("LaunchTemplateName"))
                or (ident and ident == template.get("LaunchTemplateId")))


# -- autoscaling.web_asg -------------------------------------------------------------
def _template_imds(snap: dict[str, Any]) -> Result:
    template = launch_template(snap, name=TEMPLATE)
    if template is None:
        return (False, TEMPLATE, msg("there is no launch template named app"),
                msg("ec2.create_launch_template(LaunchTemplateName='app', LaunchTemplateData={{'ImageId': ..., "
                    "'InstanceType': 't3.medium', 'MetadataOptions': {{'HttpTokens': 'required', "
                    "'HttpEndpoint': 'enabled'}}}})"))
    ident = text(template.get("LaunchTemplateId"), TEMPLATE)
    group = _group(snap)
    if _uses(group, template):
        version = group_template(group or {})[2]
        whose = msg("the version app-asg launches")
    else:
        version, whose = "$Default", msg("the default version")
    data, label = template_version(template, version)
    if data is None:
        missing = (msg("app-asg launches version {version} of launch template app, which does not exist",
                       version=version)
                   if version != "$Default" or _uses(group, template)
                   else msg("launch template app has no default version"))
        return (False, ident, missing,
                msg("Point the group at an existing version: autoscaling.update_auto_scaling_group("
                    "AutoScalingGroupName='app-asg', LaunchTemplate={{'LaunchTemplateName': 'app', "
                    "'Version': '$Latest'}})"))
    problem = imds_problem(sub(data, "MetadataOptions"))
    if problem:
        return (False, ident, msg("launch template app {version}, {whose}, does not require IMDSv2: {problem}",
                                  version=label, whose=whose, problem=problem),
                msg("ec2.create_launch_template_version(LaunchTemplateName='app', LaunchTemplateData={{<the version's "
                    "full data>, 'MetadataOptions': {{'HttpTokens': 'required', 'HttpEndpoint': 'enabled'}}}}) (in the "
                    "lab, SourceVersion does not copy the old data: pass all of it), then make sure the group launches "
                    "that version ($Latest, or modify_launch_template(DefaultVersion=...) for $Default)."))
    return True, ident, msg("launch template app {version}, {whose}, requires IMDSv2", version=label, whose=whose), ""


def _group_template(snap: dict[str, Any]) -> Result:
    group = _group(snap)
    if group is None:
        return NO_GROUP
    name, ident, version = group_template(group)
    template = launch_template(snap, name=TEMPLATE)
    if template is not None and _uses(group, template):
        return True, GROUP, msg("app-asg launches from launch template app ({version})", version=version), ""
    if name or ident:
        wrong = msg("app-asg launches from launch template {name}, not launch template app", name=name or ident)
    elif text(group.get("LaunchConfigurationName")):
        wrong = msg("app-asg launches from launch configuration {name}, not launch template app",
                    name=text(group.get("LaunchConfigurationName")))
    else:
        wrong = msg("app-asg launches from no launch template, not launch template app")
    return (False, GROUP, wrong,
            msg("autoscaling.update_auto_scaling_group(AutoScalingGroupName='app-asg', "
                "LaunchTemplate={{'LaunchTemplateName': 'app', 'Version': '$Latest'}})"))


def _capacity(snap: dict[str, Any]) -> Result:
    group = _group(snap)
    if group is None:
        return NO_GROUP
    sizes = {key: num(group.get(key)) for key in ("MinSize", "MaxSize", "DesiredCapacity")}
    wanted = {"MinSize": 2, "MaxSize": 10, "DesiredCapacity": 3}
    shown = msg("min {min} / max {max} / desired {desired}", min=text(sizes["MinSize"], "?"),
                max=text(sizes["MaxSize"], "?"), desired=text(sizes["DesiredCapacity"], "?"))
    if sizes != wanted:
        return (False, GROUP, msg("app-asg has {sizes}, expected min 2 / max 10 / desired 3", sizes=shown),
                msg("autoscaling.update_auto_scaling_group(AutoScalingGroupName='app-asg', MinSize=2, MaxSize=10, "
                    "DesiredCapacity=3)"))
    return True, GROUP, msg("app-asg has {sizes}", sizes=shown), ""


def _tier_subnets(snap: dict[str, Any], tier: str) -> tuple[dict[str, str], list[str]]:
    """({subnet id: CIDR} of ``tier`` in VPC main, CIDRs missing)."""
    vpc = net.vpc_named(snap, "main") or {}
    by_cidr = {s.get("CidrBlock"): s for s in net.subnets_of(snap, text(vpc.get("VpcId"))) if vpc}
    wanted = THREE_TIER_SUBNETS[tier]
    found = {text(by_cidr[c].get("SubnetId")): c for c in wanted if c in by_cidr}
    return found, [c for c in wanted if c not in by_cidr]


def _cidr_names(snap: dict[str, Any], ids: list[str]) -> str:
    cidrs = {text(s.get("SubnetId")): text(s.get("CidrBlock")) for s in net.items(snap, "subnets")}
    return ", ".join(f"{i} ({cidrs[i]})" if cidrs.get(i) else i for i in ids)


def _subnet_problems(snap: dict[str, Any], wanted: set[str], used: set[str]) -> Any:
    """"missing <subnets>; also in <subnets>" (either part only when it applies)."""
    problems = []
    if wanted - used:
        problems.append(msg("missing {subnets}", subnets=_cidr_names(snap, sorted(wanted - used))))
    if used - wanted:
        problems.append(msg("also in {subnets}", subnets=_cidr_names(snap, sorted(used - wanted))))
    return listing(problems, "; ")


def _group_subnets(snap: dict[str, Any]) -> Result:
    group = _group(snap)
    if group is None:
        return NO_GROUP
    app, missing = _tier_subnets(snap, "app")
    if missing:
        return (False, "vpc main", msg("VPC main has no app subnet(s) {cidrs}", cidrs=", ".join(missing)),
                msg("Start from scenario 'three-tier-security-groups' (the three-tier network)."))
    used = {s.strip() for s in text(group.get("VPCZoneIdentifier")).split(",") if s.strip()}
    if used != set(app):
        return (False, GROUP, msg("app-asg is not spread over exactly the two app subnets: {problems}",
                                  problems=_subnet_problems(snap, set(app), used)),
                msg("autoscaling.update_auto_scaling_group(AutoScalingGroupName='app-asg', "
                    "VPCZoneIdentifier='<10.0.10.0/24 id>,<10.0.11.0/24 id>')"))
    return True, GROUP, msg("app-asg launches into the app subnets 10.0.10.0/24 and 10.0.11.0/24 (two AZs)"), ""


def _policies(snap: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for p in _items(snap, "autoscaling", "scaling_policies") if p.get("AutoScalingGroupName") == GROUP]


def _is_cpu(policy: dict[str, Any]) -> bool:
    """A target-tracking policy on the group's average CPU (predefined, or the same metric customised)."""
    if policy.get("PolicyType") != "TargetTrackingScaling":
        return False
    config = sub(policy, "TargetTrackingConfiguration")
    if sub(config, "PredefinedMetricSpecification").get("PredefinedMetricType") == CPU_METRIC:
        return True
    custom = sub(config, "CustomizedMetricSpecification")
    dims = {text(d.get("Name")): text(d.get("Value")) for d in dicts(custom, "Dimensions")}
    return (custom.get("Namespace") == "AWS/EC2" and custom.get("MetricName") == "CPUUtilization"
            and custom.get("Statistic") == "Average" and dims == {"AutoScalingGroupName": GROUP})


def _target_value(policy: dict[str, Any]) -> float | None:
    value = sub(policy, "TargetTrackingConfiguration").get("TargetValue")
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


TRACKING_HINT = msg(
    "autoscaling.put_scaling_policy(AutoScalingGroupName='app-asg', PolicyName='cpu-target-tracking', "
    "PolicyType='TargetTrackingScaling', TargetTrackingConfiguration={{'PredefinedMetricSpecification': "
    "{{'PredefinedMetricType': 'ASGAverageCPUUtilization'}}, 'TargetValue': 50.0}}, EstimatedInstanceWarmup=300)"
)


def _tracking(snap: dict[str, Any]) -> Result:
    if _group(snap) is None:
        return NO_GROUP
    cpu = [p for p in _policies(snap) if _is_cpu(p)]
    if any(_target_value(p) == 50.0 for p in cpu):
        return True, GROUP, msg("app-asg tracks average CPU utilization at a 50% target"), ""
    if cpu:
        values = listing(msg("{policy} targets {value}", policy=text(p.get("PolicyName"), "?"),
                             value=text(_target_value(p), "?")) for p in cpu)
        return False, GROUP, msg("app-asg's CPU target-tracking policy does not aim at 50%: {values}", values=values), \
            msg("Call put_scaling_policy again with the same PolicyName and TargetValue=50.0 (it replaces the policy).")
    kinds = ", ".join(f"{text(p.get('PolicyName'), '?')} ({text(p.get('PolicyType'), '?')})" for p in _policies(snap))
    if kinds:
        return (False, GROUP, msg("app-asg has no target-tracking policy on ASGAverageCPUUtilization (it has {kinds})",
                                  kinds=kinds), TRACKING_HINT)
    return False, GROUP, msg("app-asg has no target-tracking policy on ASGAverageCPUUtilization"), TRACKING_HINT


def _warmup(snap: dict[str, Any]) -> Result:
    group = _group(snap)
    if group is None:
        return NO_GROUP
    cpu = [p for p in _policies(snap) if _is_cpu(p)]
    if not cpu:
        return (False, GROUP, msg("app-asg has no CPU target-tracking policy whose warm-up could be judged"),
                TRACKING_HINT)
    # A policy without its own warm-up uses the group's default instance warm-up.
    seconds = [num(p.get("EstimatedInstanceWarmup")) if p.get("EstimatedInstanceWarmup") is not None
               else num(group.get("DefaultInstanceWarmup")) for p in cpu]
    if 300 in seconds:
        return True, GROUP, msg("new instances get a 300 s warm-up before their CPU counts"), ""
    shown = listing(msg("not set") if s is None else msg("{seconds} s", seconds=s) for s in seconds)
    return (False, GROUP, msg("app-asg's CPU policy warm-up is {shown}, expected 300 s", shown=shown),
            msg("Set EstimatedInstanceWarmup=300 in put_scaling_policy (same PolicyName), so a new instance's "
                "start-up CPU does not trigger more scale-out."))


def _warm_pool(snap: dict[str, Any]) -> Result:
    group = _group(snap)
    if group is None:
        return NO_GROUP
    pools = [p for p in _items(snap, "autoscaling", "warm_pools") if p.get("AutoScalingGroupName") == GROUP]
    pool = sub(pools[0], "WarmPoolConfiguration") if pools else sub(group, "WarmPoolConfiguration")
    hint = msg("autoscaling.put_warm_pool(AutoScalingGroupName='app-asg', PoolState='Stopped', MinSize=1, "
               "MaxGroupPreparedCapacity=5)")
    if not pool or text(pool.get("Status")) == "PendingDelete":
        return False, GROUP, msg("app-asg has no warm pool"), hint
    got = (text(pool.get("PoolState"), "Stopped") or "Stopped", num(pool.get("MinSize")) or 0,
           num(pool.get("MaxGroupPreparedCapacity")))
    shown = msg("{state}, min {min}, max prepared {max}", state=got[0], min=got[1],
                max=msg("the group maximum") if got[2] is None else got[2])
    if got != ("Stopped", 1, 5):
        return False, GROUP, msg("app-asg's warm pool is {pool}; expected Stopped, min 1, max prepared 5",
                                 pool=shown), hint
    return True, GROUP, msg("app-asg keeps a warm pool: {pool}", pool=shown), ""


register(Task(
    id="autoscaling.web_asg",
    topic="autoscaling",
    title="Auto Scaling group for the app tier",
    text=(
        "The starter account holds the three-tier network (VPC `main`) and its security groups. Create launch "
        "template (시작 템플릿) `app` whose instances require IMDSv2 (HttpTokens=required, endpoint enabled); "
        "any AMI id works here, the seed uses ami-0c55b159cbfafe1f0. Create Auto Scaling group (오토 스케일링 "
        "그룹) `app-asg` from it with min 2 / max 10 / desired 3 over the two app subnets of `main` "
        "(10.0.10.0/24 and 10.0.11.0/24, two availability zones, 가용 영역). Add a target tracking policy "
        "(대상 추적) that keeps ASGAverageCPUUtilization at 50% with a 300-second instance warm-up "
        "(인스턴스 준비 시간), and a warm pool (웜 풀) of stopped instances: MinSize 1, "
        "MaxGroupPreparedCapacity 5. The grader reads the launch-template version the group actually "
        "launches ($Latest, $Default or a number)."
    ),
    starter="three-tier-security-groups",
    solution=build_web_asg,
    services=("ec2", "autoscaling"),
    checks=(
        Check("EC2.170", 2, msg("launch template app requires IMDSv2"), _template_imds, FSBP_EC2 + "#ec2-170"),
        Check("asg.launch-template", 1, msg("app-asg uses launch template app"), _group_template,
              ASG_DOC + "create-asg-launch-template.html"),
        Check("asg.capacity", 2, msg("min 2 / max 10 / desired 3"), _capacity, ASG_DOC + "asg-capacity-limits.html"),
        Check("asg.subnets", 2, msg("over the two app subnets"), _group_subnets,
              ASG_DOC + "asg-in-vpc.html"),
        Check("asg.target-tracking", 2, msg("CPU target tracking at 50%"), _tracking,
              ASG_DOC + "as-scaling-target-tracking.html"),
        Check("asg.warmup", 1, msg("300 s instance warm-up"), _warmup,
              ASG_DOC + "ec2-auto-scaling-default-instance-warmup.html"),
        Check("asg.warm-pool", 2, msg("warm pool Stopped, 1..5"), _warm_pool,
              ASG_DOC + "ec2-auto-scaling-warm-pools.html"),
    ),
))


# -- ALB_CHECKS: the load balancer in front of app-asg (used by the capstone) ------------
ALB_SERVICES: tuple[str, ...] = ("ec2", "elbv2", "autoscaling")


def _alb(snap: dict[str, Any]) -> dict[str, Any] | None:
    found = [lb for lb in _items(snap, "elbv2", "load_balancers") if lb.get("LoadBalancerName") == ALB]
    return found[0] if found else None


NO_ALB: Result = (
    False, ALB, msg("there is no load balancer named web-alb"),
    msg("elbv2.create_load_balancer(Name='web-alb', Type='application', Scheme='internet-facing', "
        "Subnets=[<public-a id>, <public-b id>], SecurityGroups=[<web-sg id>])"),
)


def _alb_type(snap: dict[str, Any]) -> Result:
    lb = _alb(snap)
    if lb is None:
        return NO_ALB
    kind = text(lb.get("Type"), "?")
    if kind != "application":
        return (False, ALB, msg("web-alb is a {kind} load balancer, not an application load balancer", kind=kind),
                msg("HTTP routing to a target group needs Type='application': delete it and create it again."))
    return True, ALB, msg("web-alb is an application load balancer"), ""


def _alb_scheme(snap: dict[str, Any]) -> Result:
    lb = _alb(snap)
    if lb is None:
        return NO_ALB
    scheme = text(lb.get("Scheme"), "?")
    if scheme != "internet-facing":
        return (False, ALB, msg("web-alb is {scheme}: the internet cannot reach it", scheme=scheme),
                msg("The scheme is fixed at creation: delete web-alb and create it with Scheme='internet-facing'."))
    return True, ALB, msg("web-alb is internet-facing"), ""


def _alb_subnets(snap: dict[str, Any]) -> Result:
    lb = _alb(snap)
    if lb is None:
        return NO_ALB
    public, missing = _tier_subnets(snap, "public")
    if missing:
        return (False, "vpc main", msg("VPC main has no public subnet(s) {cidrs}", cidrs=", ".join(missing)),
                msg("Build the three-tier network first (scenario 'three-tier-network')."))
    zones = dicts(lb, "AvailabilityZones")
    used = {text(z.get("SubnetId")) for z in zones if text(z.get("SubnetId"))}
    if used != set(public):
        return (False, ALB, msg("web-alb is not in exactly the two public subnets: {problems}",
                                problems=_subnet_problems(snap, set(public), used)),
                msg("elbv2.set_subnets(LoadBalancerArn=..., Subnets=[<10.0.0.0/24 id>, <10.0.1.0/24 id>])"))
    names = sorted({text(z.get("ZoneName")) for z in zones})
    return True, ALB, msg("web-alb sits in both public subnets ({zones})", zones=", ".join(names)), ""


def _alb_group(snap: dict[str, Any]) -> Result:
    lb = _alb(snap)
    if lb is None:
        return NO_ALB
    vpc = net.vpc_named(snap, "main") or {}
    web = net.groups_of(snap, text(vpc.get("VpcId"))).get("web-sg") if vpc else None
    if web is None:
        return False, "web-sg", msg("there is no security group web-sg in VPC main"), \
            msg("Create the three tiers' security groups first (task vpc.security_groups).")
    if text(web.get("GroupId")) not in {text(g) for g in listed(lb, "SecurityGroups")}:
        return (False, ALB, msg("web-alb does not use security group web-sg"),
                msg("elbv2.set_security_groups(LoadBalancerArn=..., SecurityGroups=[<web-sg id>])"))
    return True, ALB, msg("web-alb uses web-sg (80/443 from anywhere)"), ""


def _forwarded(action: dict[str, Any]) -> set[str]:
    """Target group ARNs a listener action forwards to (either form of forward)."""
    if action.get("Type") != "forward":
        return set()
    arns = {text(action.get("TargetGroupArn"))}
    arns |= {text(t.get("TargetGroupArn")) for t in dicts(sub(action, "ForwardConfig"), "TargetGroups")}
    return {a for a in arns if a}


def _alb_forwards(snap: dict[str, Any]) -> Result:
    lb = _alb(snap)
    if lb is None:
        return NO_ALB
    group = _group(snap)
    if group is None:
        return NO_GROUP
    listeners = [x for x in _items(snap, "elbv2", "listeners")
                 if x.get("LoadBalancerArn") == lb.get("LoadBalancerArn")]
    hint = msg("elbv2.create_listener(LoadBalancerArn=..., Protocol='HTTP', Port=80, DefaultActions=[{{'Type': "
               "'forward', 'TargetGroupArn': <app-tg arn>}}]) and autoscaling.attach_load_balancer_target_groups("
               "AutoScalingGroupName='app-asg', TargetGroupARNs=[<app-tg arn>])")
    if not listeners:
        return False, ALB, msg("web-alb has no listener"), hint
    forwarded = set().union(*(_forwarded(a) for x in listeners for a in dicts(x, "DefaultActions")))
    attached = {text(a) for a in listed(group, "TargetGroupARNs")}
    names = {text(t.get("TargetGroupArn")): text(t.get("TargetGroupName"), "?")
             for t in _items(snap, "elbv2", "target_groups")}
    both = sorted(forwarded & attached)
    if both:
        return True, ALB, msg("web-alb forwards to {groups}, which app-asg is attached to",
                              groups=", ".join(names.get(a, a) for a in both)), ""
    shown = ", ".join(sorted(names.get(a, a) for a in forwarded)) or msg("no target group")
    on = ", ".join(sorted(names.get(a, a) for a in attached)) or msg("no target group")
    return (False, ALB, msg("web-alb's listeners forward to {forwarded}, but app-asg is attached to {attached}",
                            forwarded=shown, attached=on), hint)


ALB_CHECKS: tuple[Check, ...] = (
    Check("alb.exists", 1, msg("web-alb exists as an application load balancer"), _alb_type,
          ELB_DOC + "application-load-balancers.html"),
    Check("alb.internet-facing", 1, msg("web-alb is internet-facing"), _alb_scheme,
          ELB_DOC + "application-load-balancers.html#load-balancer-scheme"),
    Check("alb.public-subnets", 2, msg("web-alb in both public subnets"), _alb_subnets,
          ELB_DOC + "application-load-balancers.html#availability-zones"),
    Check("alb.web-sg", 1, msg("web-alb uses web-sg"), _alb_group,
          ELB_DOC + "load-balancer-update-security-groups.html"),
    Check("alb.forwards-to-asg", 3, msg("a listener forwards to app-asg's target group"), _alb_forwards,
          ASG_DOC + "attach-load-balancer-asg.html"),
)
