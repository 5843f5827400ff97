"""Elastic Load Balancing (v2): load balancers, their listeners and target groups
of the lab's region, and the seed's internet-facing `web-alb` as a scenario."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..scenario import scenario
from ..snapshot import by_key, paginate
from .ec2 import THREE_TIER_SUBNETS, find_vpc

if TYPE_CHECKING:
    from ..lab import Lab

NAME = "elbv2"
TITLE = "Elastic Load Balancing"
# A lab whose process never imported moto.elbv2.models never used the service: its
# section is EMPTY, answered without a call (see labkit/services/__init__.py).
MOTO_MODELS = "moto.elbv2.models"
EMPTY: dict[str, Any] = {"load_balancers": [], "listeners": [], "target_groups": []}


def _action(raw: dict[str, Any]) -> dict[str, Any]:
    """A listener action with its weighted target groups in a stable order."""
    action = dict(raw)
    forward = action.get("ForwardConfig")
    if isinstance(forward, dict) and isinstance(forward.get("TargetGroups"), list):
        action["ForwardConfig"] = {
            **forward, "TargetGroups": by_key(forward["TargetGroups"], "TargetGroupArn")
        }
    return action


def snapshot(lab: Lab) -> dict[str, Any]:
    elbv2 = lab.client("elbv2")
    balancers = by_key(paginate(elbv2, "describe_load_balancers", "LoadBalancers"), "LoadBalancerName", "LoadBalancerArn")
    listeners: list[dict[str, Any]] = []
    for lb in balancers:
        lb["AvailabilityZones"] = by_key(lb.get("AvailabilityZones") or [], "ZoneName", "SubnetId")
        lb["SecurityGroups"] = sorted(lb.get("SecurityGroups") or [])
        for listener in paginate(elbv2, "describe_listeners", "Listeners", LoadBalancerArn=lb["LoadBalancerArn"]):
            listener["DefaultActions"] = [_action(a) for a in listener.get("DefaultActions") or []]
            listeners.append(listener)
    groups = by_key(paginate(elbv2, "describe_target_groups", "TargetGroups"), "TargetGroupName", "TargetGroupArn")
    for group in groups:
        # One ARN per listener that uses the group: a set, so deduplicated and sorted.
        group["LoadBalancerArns"] = sorted(set(group.get("LoadBalancerArns") or []))
        attributes = elbv2.describe_target_group_attributes(TargetGroupArn=group["TargetGroupArn"])
        group["Attributes"] = {a["Key"]: a.get("Value", "") for a in attributes.get("Attributes", [])}
    return {
        "load_balancers": balancers,
        "listeners": sorted(listeners, key=lambda x: (str(x.get("LoadBalancerArn")), x.get("Port") or 0,
                                                      str(x.get("ListenerArn")))),
        "target_groups": groups,
    }


# -- scenarios ---------------------------------------------------------------
@scenario(
    "web-alb",
    "app-asg (scenario web-asg) behind `web-alb`: an internet-facing application load balancer "
    "in the two public subnets with web-sg, an HTTP :80 listener forwarding to target group "
    "`app-tg` (HTTP 8080), and app-asg attached to app-tg.",
    requires=("web-asg",),
)
def build_web_alb(lab: Lab) -> None:
    ec2 = lab.client("ec2")
    vpc_id = find_vpc(lab)
    public = ec2.describe_subnets(
        Filters=[{"Name": "vpc-id", "Values": [vpc_id]},
                 {"Name": "cidr-block", "Values": list(THREE_TIER_SUBNETS["public"])}]
    )["Subnets"]
    web_sg = ec2.describe_security_groups(
        Filters=[{"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "group-name", "Values": ["web-sg"]}]
    )["SecurityGroups"][0]["GroupId"]
    elbv2 = lab.client("elbv2")
    lb_arn = elbv2.create_load_balancer(
        Name="web-alb",
        Type="application",
        Scheme="internet-facing",
        Subnets=[s["SubnetId"] for s in sorted(public, key=lambda s: s["CidrBlock"])],
        SecurityGroups=[web_sg],
    )["LoadBalancers"][0]["LoadBalancerArn"]
    tg_arn = elbv2.create_target_group(
        Name="app-tg", Protocol="HTTP", Port=8080, VpcId=vpc_id, TargetType="instance",
        HealthCheckPath="/health",
    )["TargetGroups"][0]["TargetGroupArn"]
    elbv2.create_listener(
        LoadBalancerArn=lb_arn, Protocol="HTTP", Port=80,
        DefaultActions=[{"Type": "forward", "TargetGroupArn": tg_arn}],
    )
    lab.client("autoscaling").attach_load_balancer_target_groups(
        AutoScalingGroupName="app-asg", TargetGroupARNs=[tg_arn]
    )
    # As in the seed: the group replaces instances the load balancer finds unhealthy.
    lab.client("autoscaling").update_auto_scaling_group(
        AutoScalingGroupName="app-asg", HealthCheckType="ELB", HealthCheckGracePeriod=300
    )
