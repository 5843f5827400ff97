"""Snapshots of ELBv2 and EC2 Auto Scaling, read from the `web-alb` scenario: boto3's
field names, sets deduplicated and sorted, no timestamps, byte-identical per seed."""

from __future__ import annotations

import labkit
from labkit.scenario import build
from labkit.snapshot import dumps

SERVICES = ["ec2", "elbv2", "autoscaling"]


def _web_alb_snapshot(seed: int = 0) -> str:
    with labkit.Lab("web-alb", seed=seed) as lab:
        return dumps(lab.snapshot(SERVICES))


def test_empty_account_and_the_web_alb_scenario():
    with labkit.Lab() as lab:
        empty = lab.snapshot(["elbv2", "autoscaling"])
        assert empty["elbv2"] == {"load_balancers": [], "listeners": [], "target_groups": []}
        assert empty["autoscaling"] == {
            "auto_scaling_groups": [], "scaling_policies": [], "warm_pools": [], "launch_configurations": []}

        build(lab, "web-alb")
        elbv2 = lab.client("elbv2")
        lb_arn = elbv2.describe_load_balancers(Names=["web-alb"])["LoadBalancers"][0]["LoadBalancerArn"]
        tg_arn = elbv2.describe_target_groups(Names=["app-tg"])["TargetGroups"][0]["TargetGroupArn"]
        # A second listener on the same group: AWS lists the load balancer once per listener.
        elbv2.create_listener(LoadBalancerArn=lb_arn, Protocol="HTTP", Port=8081, DefaultActions=[
            {"Type": "forward", "ForwardConfig": {"TargetGroups": [{"TargetGroupArn": tg_arn, "Weight": 1}]}}])
        snap = lab.snapshot(SERVICES)

    ec2 = snap["ec2"]
    main = next(v["VpcId"] for v in ec2["vpcs"] if v.get("Tags", {}).get("Name") == "main")
    public = sorted(s["SubnetId"] for s in ec2["subnets"] if s["CidrBlock"] in ("10.0.0.0/24", "10.0.1.0/24"))
    web_sg = next(g["GroupId"] for g in ec2["security_groups"] if g["GroupName"] == "web-sg")

    [lb] = snap["elbv2"]["load_balancers"]
    assert (lb["LoadBalancerName"], lb["Type"], lb["Scheme"], lb["VpcId"]) == (
        "web-alb", "application", "internet-facing", main)
    assert [z["ZoneName"] for z in lb["AvailabilityZones"]] == ["ap-northeast-2a", "ap-northeast-2b"]
    assert sorted(z["SubnetId"] for z in lb["AvailabilityZones"]) == public
    assert lb["SecurityGroups"] == [web_sg]

    listeners = snap["elbv2"]["listeners"]
    assert [(x["Port"], x["Protocol"]) for x in listeners] == [(80, "HTTP"), (8081, "HTTP")]
    assert listeners[0]["DefaultActions"] == [{"Type": "forward", "TargetGroupArn": tg_arn}]
    assert listeners[1]["DefaultActions"][0]["ForwardConfig"]["TargetGroups"][0]["TargetGroupArn"] == tg_arn

    [tg] = snap["elbv2"]["target_groups"]
    assert (tg["TargetGroupName"], tg["Protocol"], tg["Port"], tg["VpcId"]) == ("app-tg", "HTTP", 8080, main)
    assert tg["HealthCheckPath"] == "/health"
    assert tg["LoadBalancerArns"] == [lb_arn]  # once, though two listeners use it
    assert tg["Attributes"]["deregistration_delay.timeout_seconds"] == "300"

    [group] = snap["autoscaling"]["auto_scaling_groups"]
    assert group["TargetGroupARNs"] == [tg_arn] and group["HealthCheckType"] == "ELB"
    assert (group["MinSize"], group["MaxSize"], group["DesiredCapacity"]) == (2, 10, 3)
    assert group["LaunchTemplate"]["LaunchTemplateName"] == "app"
    ids = [i["InstanceId"] for i in group["Instances"]]
    assert len(ids) == 3 and ids == sorted(ids)
    [pool] = snap["autoscaling"]["warm_pools"]
    assert pool["WarmPoolConfiguration"] == {"PoolState": "Stopped", "MinSize": 1, "MaxGroupPreparedCapacity": 5}
    [policy] = snap["autoscaling"]["scaling_policies"]
    assert policy["EstimatedInstanceWarmup"] == 300
    assert policy["TargetTrackingConfiguration"]["PredefinedMetricSpecification"] == {
        "PredefinedMetricType": "ASGAverageCPUUtilization"}

    [template] = ec2["launch_templates"]
    assert [v["VersionNumber"] for v in template["Versions"]] == [1]
    assert template["Versions"][0]["LaunchTemplateData"]["MetadataOptions"]["HttpTokens"] == "required"
    assert template["LatestVersionData"] == template["Versions"][0]["LaunchTemplateData"]

    text = dumps(snap)
    assert "CreatedTime" not in text and "ResponseMetadata" not in text


def test_same_seed_same_bytes():
    assert _web_alb_snapshot() == _web_alb_snapshot()
