"""EC2 Auto Scaling: groups, scaling policies, warm pools and launch configurations
of the lab's region, and the seed's `app-asg` as a scenario."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..scenario import scenario
from ..snapshot import by_key, get_or_none, paginate
from .ec2 import THREE_TIER_SUBNETS, find_vpc

if TYPE_CHECKING:
    from ..lab import Lab

NAME = "autoscaling"
TITLE = "EC2 Auto Scaling"
# A lab whose process never imported moto.autoscaling.models never used the service: its
# section is EMPTY, answered without a call (see labkit/services/__init__.py).
MOTO_MODELS = "moto.autoscaling.models"
EMPTY: dict[str, Any] = {"auto_scaling_groups": [], "scaling_policies": [], "warm_pools": [], "launch_configurations": []}

# The seed's Amazon Linux 2 AMI id (EC2 section): moto accepts any AMI id.
SEED_AMI = "ami-0c55b159cbfafe1f0"


def _group(raw: dict[str, Any]) -> dict[str, Any]:
    """One group with its per-run noise made stable: members sorted, ARN lists sorted."""
    group = dict(raw)
    group["Instances"] = by_key(group.get("Instances") or [], "InstanceId")
    for key in ("TargetGroupARNs", "LoadBalancerNames", "AvailabilityZones"):  # sets; order is noise
        if isinstance(group.get(key), list):
            group[key] = sorted(set(group[key]), key=str)
    if isinstance(group.get("Tags"), list):
        group["Tags"] = sorted(group["Tags"], key=lambda t: str(t.get("Key")) if isinstance(t, dict) else "")
    return group


def snapshot(lab: Lab) -> dict[str, Any]:
    autoscaling = lab.client("autoscaling")
    groups = [_group(g) for g in paginate(autoscaling, "describe_auto_scaling_groups", "AutoScalingGroups")]
    groups = by_key(groups, "AutoScalingGroupName")
    warm_pools = []
    for group in groups:
        # The group's own WarmPoolConfiguration says the same; describe_warm_pool also
        # lists the warm instances. Groups without a pool are left out.
        pool = get_or_none(
            autoscaling.describe_warm_pool, "ResourceContention", "ValidationError",
            AutoScalingGroupName=group["AutoScalingGroupName"],
        ) or {}
        if pool.get("WarmPoolConfiguration"):
            warm_pools.append({
                "AutoScalingGroupName": group["AutoScalingGroupName"],
                "WarmPoolConfiguration": pool["WarmPoolConfiguration"],
                "Instances": by_key(pool.get("Instances") or [], "InstanceId"),
            })
    return {
        "auto_scaling_groups": groups,
        "scaling_policies": by_key(
            paginate(autoscaling, "describe_policies", "ScalingPolicies"), "AutoScalingGroupName", "PolicyName"
        ),
        "warm_pools": warm_pools,
        "launch_configurations": by_key(
            paginate(autoscaling, "describe_launch_configurations", "LaunchConfigurations"),
            "LaunchConfigurationName",
        ),
    }


# -- scenarios ---------------------------------------------------------------
@scenario(
    "web-asg",
    "The three-tier network and security groups plus launch template `app` (IMDSv2 required, "
    "app-sg) and Auto Scaling group `app-asg` (2/3/10 over the app subnets, CPU target tracking "
    "at 50% with 300 s warm-up, a stopped warm pool): the autoscaling.web_asg solution.",
    requires=("three-tier-security-groups",),
)
def build_web_asg(lab: Lab) -> None:
    ec2 = lab.client("ec2")
    vpc_id = find_vpc(lab)
    app_sg = ec2.describe_security_groups(
        Filters=[{"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "group-name", "Values": ["app-sg"]}]
    )["SecurityGroups"][0]["GroupId"]
    subnets = ec2.describe_subnets(
        Filters=[{"Name": "vpc-id", "Values": [vpc_id]},
                 {"Name": "cidr-block", "Values": list(THREE_TIER_SUBNETS["app"])}]
    )["Subnets"]
    app_subnets = sorted(subnets, key=lambda s: s["CidrBlock"])
    ec2.create_launch_template(
        LaunchTemplateName="app",
        VersionDescription="app tier, IMDSv2 only",
        LaunchTemplateData={
            "ImageId": SEED_AMI,
            "InstanceType": "t3.medium",
            "SecurityGroupIds": [app_sg],
            "MetadataOptions": {"HttpTokens": "required", "HttpEndpoint": "enabled"},
        },
    )
    autoscaling = lab.client("autoscaling")
    autoscaling.create_auto_scaling_group(
        AutoScalingGroupName="app-asg",
        LaunchTemplate={"LaunchTemplateName": "app", "Version": "$Latest"},
        MinSize=2,
        MaxSize=10,
        DesiredCapacity=3,
        VPCZoneIdentifier=",".join(s["SubnetId"] for s in app_subnets),
        Tags=[{"Key": "Name", "Value": "app-server", "PropagateAtLaunch": True}],
    )
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
    autoscaling.put_warm_pool(
        AutoScalingGroupName="app-asg", PoolState="Stopped", MinSize=1, MaxGroupPreparedCapacity=5
    )
