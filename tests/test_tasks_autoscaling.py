"""The graders graded: autoscaling.web_asg and ALB_CHECKS (the capstone's load
balancer part). Starter scores 0, the reference solution full marks, each named
near miss loses exactly the check that should fail, and other correct builds
(another launch-template version pinned, a mixed-instances policy, a customised
CPU metric) score full marks."""

from __future__ import annotations

import pytest

import labkit
from labkit.catalogue import grade, task
from labkit.catalogue.autoscaling import ALB_CHECKS, ALB_SERVICES
from labkit.grading import run_checks
from labkit.services.autoscaling import SEED_AMI

TASK = "autoscaling.web_asg"


def failed(result_or_findings):
    findings = getattr(result_or_findings, "findings", result_or_findings)
    return sorted(f.check for f in findings if not f.passed)


def _subnet_ids(lab, *cidrs):
    subnets = lab.client("ec2").describe_subnets(Filters=[{"Name": "cidr-block", "Values": list(cidrs)}])["Subnets"]
    return [s["SubnetId"] for s in sorted(subnets, key=lambda s: s["CidrBlock"])]


def _group_id(lab, name):
    return lab.client("ec2").describe_security_groups(
        Filters=[{"Name": "group-name", "Values": [name]}])["SecurityGroups"][0]["GroupId"]


def test_starter_scores_zero_and_solution_full_marks():
    chosen = task(TASK)
    assert chosen.starter == "three-tier-security-groups"
    with labkit.Lab(chosen.starter) as lab:
        start = grade(TASK, lab, record=False)
        assert start.score == 0, repr(start)
        chosen.solution(lab)
        done = grade(TASK, lab, record=False)
    assert done.passed and done.score == done.max_score == chosen.max_score == 12, repr(done)


# -- near misses: the solution (scenario web-asg), then one change --------------------------
def _latest_version_allows_imdsv1(lab):
    lab.client("ec2").create_launch_template_version(
        LaunchTemplateName="app", SourceVersion="1", LaunchTemplateData={"MetadataOptions": {"HttpTokens": "optional"}})


def _other_template(lab):
    lab.client("ec2").create_launch_template(LaunchTemplateName="app-v2", LaunchTemplateData={
        "ImageId": SEED_AMI, "MetadataOptions": {"HttpTokens": "required"}})
    lab.client("autoscaling").update_auto_scaling_group(
        AutoScalingGroupName="app-asg", LaunchTemplate={"LaunchTemplateName": "app-v2", "Version": "$Latest"})


def _desired_two(lab):
    lab.client("autoscaling").update_auto_scaling_group(AutoScalingGroupName="app-asg", DesiredCapacity=2)


def _also_public_subnet(lab):
    ids = _subnet_ids(lab, "10.0.10.0/24", "10.0.11.0/24", "10.0.0.0/24")
    lab.client("autoscaling").update_auto_scaling_group(AutoScalingGroupName="app-asg",
                                                        VPCZoneIdentifier=",".join(ids))


def _target_seventy(lab):
    lab.client("autoscaling").put_scaling_policy(
        AutoScalingGroupName="app-asg", PolicyName="cpu-target-tracking", PolicyType="TargetTrackingScaling",
        TargetTrackingConfiguration={"PredefinedMetricSpecification": {
            "PredefinedMetricType": "ASGAverageCPUUtilization"}, "TargetValue": 70.0},
        EstimatedInstanceWarmup=300)


def _no_warmup(lab):
    lab.client("autoscaling").put_scaling_policy(
        AutoScalingGroupName="app-asg", PolicyName="cpu-target-tracking", PolicyType="TargetTrackingScaling",
        TargetTrackingConfiguration={"PredefinedMetricSpecification": {
            "PredefinedMetricType": "ASGAverageCPUUtilization"}, "TargetValue": 50.0})


def _step_scaling_instead(lab):
    autoscaling = lab.client("autoscaling")
    autoscaling.delete_policy(AutoScalingGroupName="app-asg", PolicyName="cpu-target-tracking")
    autoscaling.put_scaling_policy(AutoScalingGroupName="app-asg", PolicyName="add-one", PolicyType="SimpleScaling",
                                   AdjustmentType="ChangeInCapacity", ScalingAdjustment=1)


def _hibernated_pool(lab):
    lab.client("autoscaling").put_warm_pool(AutoScalingGroupName="app-asg", PoolState="Hibernated", MinSize=1,
                                            MaxGroupPreparedCapacity=5)


def _no_pool(lab):
    lab.client("autoscaling").delete_warm_pool(AutoScalingGroupName="app-asg")


@pytest.mark.parametrize(
    ("near_miss", "expected"),
    [
        (_latest_version_allows_imdsv1, ["EC2.170"]),
        (_other_template, ["asg.launch-template"]),
        (_desired_two, ["asg.capacity"]),
        (_also_public_subnet, ["asg.subnets"]),
        (_target_seventy, ["asg.target-tracking"]),
        (_no_warmup, ["asg.warmup"]),
        (_step_scaling_instead, ["asg.target-tracking", "asg.warmup"]),
        (_hibernated_pool, ["asg.warm-pool"]),
        (_no_pool, ["asg.warm-pool"]),
    ],
    ids=["latest-version-imdsv1", "other-template", "desired-2", "also-public-subnet", "target-70",
         "no-warmup", "step-scaling", "hibernated-pool", "no-warm-pool"],
)
def test_near_misses_fail_exactly_their_checks(near_miss, expected):
    with labkit.Lab("web-asg") as lab:
        near_miss(lab)
        result = grade(TASK, lab, record=False)
    assert failed(result) == expected, repr(result)
    lost = sum(f.max_points for f in result.findings if not f.passed)
    assert result.score == result.max_score - lost
    assert all(f.hint and f.link.startswith("https://") for f in result.findings if not f.passed)


def test_the_version_the_group_launches_is_judged():
    """A newer version that allows IMDSv1 is harmless while the group pins version 1,
    and fails as soon as the group launches it."""
    with labkit.Lab("web-asg") as lab:
        _latest_version_allows_imdsv1(lab)
        autoscaling = lab.client("autoscaling")
        for version in ("1", "$Default"):
            autoscaling.update_auto_scaling_group(
                AutoScalingGroupName="app-asg", LaunchTemplate={"LaunchTemplateName": "app", "Version": version})
            pinned = grade(TASK, lab, record=False)
            assert pinned.passed, (version, repr(pinned))
        lab.client("ec2").modify_launch_template(LaunchTemplateName="app", DefaultVersion="2")
        moved = grade(TASK, lab, record=False)
    assert failed(moved) == ["EC2.170"], repr(moved)
    message = next(f.message for f in moved.findings if f.check == "EC2.170")
    assert "version 2 ($Default)" in message and "HttpTokens=optional" in message


def test_mixed_instances_policy_and_customised_metric_score_full_marks():
    with labkit.Lab("three-tier-security-groups", seed=4) as lab:
        ec2 = lab.client("ec2")
        autoscaling = lab.client("autoscaling")
        # Template v1 without IMDSv2, v2 with it made the default, and a group that names
        # no version (so AWS uses $Default, i.e. v2); the warm pool's PoolState left to its default.
        template = ec2.create_launch_template(LaunchTemplateName="app", LaunchTemplateData={
            "ImageId": SEED_AMI, "InstanceType": "t3.micro"})["LaunchTemplate"]
        ec2.create_launch_template_version(LaunchTemplateId=template["LaunchTemplateId"], SourceVersion="1",
                                           LaunchTemplateData={"MetadataOptions": {"HttpTokens": "required"}})
        ec2.modify_launch_template(LaunchTemplateId=template["LaunchTemplateId"], DefaultVersion="2")
        app_b, app_a = _subnet_ids(lab, "10.0.11.0/24")[0], _subnet_ids(lab, "10.0.10.0/24")[0]
        autoscaling.create_auto_scaling_group(
            AutoScalingGroupName="app-asg", MinSize=2, MaxSize=10, DesiredCapacity=3,
            VPCZoneIdentifier=f"{app_b},{app_a}",  # other order than the solution
            MixedInstancesPolicy={"LaunchTemplate": {
                "LaunchTemplateSpecification": {"LaunchTemplateId": template["LaunchTemplateId"]},
                "Overrides": [{"InstanceType": "t3.medium"}, {"InstanceType": "m6i.large"}]}})
        autoscaling.put_warm_pool(AutoScalingGroupName="app-asg", MinSize=1, MaxGroupPreparedCapacity=5)
        autoscaling.put_scaling_policy(
            AutoScalingGroupName="app-asg", PolicyName="cpu", PolicyType="TargetTrackingScaling",
            EstimatedInstanceWarmup=300, TargetTrackingConfiguration={"TargetValue": 50, "CustomizedMetricSpecification": {
                "MetricName": "CPUUtilization", "Namespace": "AWS/EC2", "Statistic": "Average",
                "Dimensions": [{"Name": "AutoScalingGroupName", "Value": "app-asg"}]}})
        result = grade(TASK, lab, record=False)
    assert result.passed, repr(result)


# -- ALB_CHECKS ------------------------------------------------------------------------
def _alb_findings(lab):
    return run_checks(ALB_CHECKS, lab.snapshot(list(ALB_SERVICES)))


def test_alb_checks_starter_zero_and_web_alb_full_marks():
    assert len({c.id for c in ALB_CHECKS}) == len(ALB_CHECKS)
    with labkit.Lab("web-asg") as lab:
        assert sum(f.points for f in _alb_findings(lab)) == 0
        from labkit.services.elbv2 import build_web_alb

        build_web_alb(lab)
        findings = _alb_findings(lab)
    assert not failed(findings), findings
    assert sum(f.points for f in findings) == sum(c.points for c in ALB_CHECKS) == 8


def _alb_arn(lab):
    return lab.client("elbv2").describe_load_balancers(Names=["web-alb"])["LoadBalancers"][0]["LoadBalancerArn"]


def _internal_scheme(lab):
    elbv2 = lab.client("elbv2")
    old = _alb_arn(lab)
    tg = elbv2.describe_listeners(LoadBalancerArn=old)["Listeners"][0]["DefaultActions"][0]["TargetGroupArn"]
    elbv2.delete_load_balancer(LoadBalancerArn=old)
    new = elbv2.create_load_balancer(
        Name="web-alb", Type="application", Scheme="internal", Subnets=_subnet_ids(lab, "10.0.0.0/24", "10.0.1.0/24"),
        SecurityGroups=[_group_id(lab, "web-sg")])["LoadBalancers"][0]["LoadBalancerArn"]
    elbv2.create_listener(LoadBalancerArn=new, Protocol="HTTP", Port=80,
                          DefaultActions=[{"Type": "forward", "TargetGroupArn": tg}])


def _forwards_to_unattached_group(lab):
    elbv2 = lab.client("elbv2")
    vpc = lab.client("ec2").describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["main"]}])["Vpcs"][0]["VpcId"]
    other = elbv2.create_target_group(Name="other-tg", Protocol="HTTP", Port=8080, VpcId=vpc)["TargetGroups"][0]
    listener = elbv2.describe_listeners(LoadBalancerArn=_alb_arn(lab))["Listeners"][0]["ListenerArn"]
    elbv2.modify_listener(ListenerArn=listener, DefaultActions=[
        {"Type": "forward", "ForwardConfig": {"TargetGroups": [{"TargetGroupArn": other["TargetGroupArn"]}]}}])


def _app_subnets(lab):
    lab.client("elbv2").set_subnets(LoadBalancerArn=_alb_arn(lab),
                                    Subnets=_subnet_ids(lab, "10.0.10.0/24", "10.0.11.0/24"))


def _app_sg(lab):
    lab.client("elbv2").set_security_groups(LoadBalancerArn=_alb_arn(lab), SecurityGroups=[_group_id(lab, "app-sg")])


@pytest.mark.parametrize(
    ("near_miss", "expected"),
    [
        (_internal_scheme, ["alb.internet-facing"]),
        (_forwards_to_unattached_group, ["alb.forwards-to-asg"]),
        (_app_subnets, ["alb.public-subnets"]),
        (_app_sg, ["alb.web-sg"]),
    ],
    ids=["internal", "forwards-to-unattached-tg", "in-app-subnets", "app-sg"],
)
def test_alb_near_misses(near_miss, expected):
    with labkit.Lab("web-alb") as lab:
        near_miss(lab)
        findings = _alb_findings(lab)
    assert failed(findings) == expected, findings
    assert all(f.hint for f in findings if not f.passed)


MANGLED = [
    None, [], "text", {"autoscaling": "nope", "elbv2": []},
    {"ec2": {"launch_templates": [{"LaunchTemplateName": "app", "Versions": "x", "LatestVersionData": 5}]},
     "autoscaling": {
         "auto_scaling_groups": [{"AutoScalingGroupName": "app-asg", "VPCZoneIdentifier": 5, "MinSize": "2",
                                  "LaunchTemplate": [], "MixedInstancesPolicy": "x", "TargetGroupARNs": "x"}],
         "scaling_policies": [{"AutoScalingGroupName": "app-asg", "PolicyType": "TargetTrackingScaling",
                               "TargetTrackingConfiguration": "x", "EstimatedInstanceWarmup": "300"}, 7],
         "warm_pools": "x"},
     "elbv2": {"load_balancers": [{"LoadBalancerName": "web-alb", "AvailabilityZones": "x", "SecurityGroups": 5}],
               "listeners": [{"LoadBalancerArn": None, "DefaultActions": "x"}], "target_groups": None}},
    {"ec2": {"launch_templates": [{"LaunchTemplateName": "app", "Versions": [
        {"VersionNumber": "x", "DefaultVersion": True, "LaunchTemplateData": "x"}]}]},
     "autoscaling": {"auto_scaling_groups": [{"AutoScalingGroupName": "app-asg", "LaunchTemplate": {
         "LaunchTemplateName": "app", "Version": {"x": 1}}}],
         "warm_pools": [{"AutoScalingGroupName": "app-asg", "WarmPoolConfiguration": "x"}]}},
]


@pytest.mark.parametrize("bad", MANGLED)
def test_mangled_snapshots_give_findings_not_exceptions(bad):
    from labkit.catalogue import grade_snapshot

    result = grade_snapshot(TASK, bad)
    findings = result.findings + run_checks(ALB_CHECKS, bad)
    assert not any("could not check" in f.message for f in findings), findings
    assert sum(f.points for f in run_checks(ALB_CHECKS, bad)) == 0
    # At most "uses launch template app" on the last hand-made record.
    assert result.score <= 1, repr(result)
