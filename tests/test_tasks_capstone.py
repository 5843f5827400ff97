"""The capstone is the union of its parts: built from nothing it scores full
marks; a near miss in any tier loses exactly that tier's check."""

from __future__ import annotations

import pytest

import labkit
from labkit.catalogue import grade, task
from labkit.catalogue.capstone import PARTS, solve_three_tier


def failed(result):
    return sorted(f.check for f in result.findings if not f.passed)


def test_capstone_is_the_union_of_its_parts_plus_the_load_balancer():
    capstone = task("capstone.three_tier")
    part_ids = [c.id for t in PARTS for c in task(t).checks]
    assert [c.id for c in capstone.checks][: len(part_ids)] == part_ids
    assert {"alb.internet-facing", "alb.forwards-to-asg"} <= {c.id for c in capstone.checks}
    assert capstone.max_score == sum(task(t).max_score for t in PARTS) + 8
    assert capstone.topic == "architectures" and capstone.starter is None


def test_empty_account_scores_zero_and_the_solution_full_marks():
    with labkit.Lab() as lab:
        assert grade("capstone.three_tier", lab, record=False).score == 0
        solve_three_tier(lab)
        result = grade("capstone.three_tier", lab, record=False)
    assert result.passed and result.score == result.max_score, repr(result)


def _internal_alb_too(lab):
    elbv2 = lab.client("elbv2")
    subnets = [s["SubnetId"] for s in lab.client("ec2").describe_subnets(
        Filters=[{"Name": "tag:Tier", "Values": ["public"]}])["Subnets"]]
    # The learner rebuilt web-alb as an internal load balancer.
    alb = elbv2.describe_load_balancers(Names=["web-alb"])["LoadBalancers"][0]
    listeners = elbv2.describe_listeners(LoadBalancerArn=alb["LoadBalancerArn"])["Listeners"]
    for listener in listeners:
        elbv2.delete_listener(ListenerArn=listener["ListenerArn"])
    elbv2.delete_load_balancer(LoadBalancerArn=alb["LoadBalancerArn"])
    sg = lab.client("ec2").describe_security_groups(Filters=[{"Name": "group-name", "Values": ["web-sg"]}])
    new = elbv2.create_load_balancer(Name="web-alb", Subnets=subnets, Scheme="internal", Type="application",
                                     SecurityGroups=[sg["SecurityGroups"][0]["GroupId"]])["LoadBalancers"][0]
    tg = elbv2.describe_target_groups(Names=["app-tg"])["TargetGroups"][0]
    elbv2.create_listener(LoadBalancerArn=new["LoadBalancerArn"], Protocol="HTTP", Port=80,
                          DefaultActions=[{"Type": "forward", "TargetGroupArn": tg["TargetGroupArn"]}])


def _single_az_db(lab):
    lab.client("rds").modify_db_instance(DBInstanceIdentifier="app-db", MultiAZ=False, ApplyImmediately=True)


def _versioning_suspended(lab):
    lab.client("s3").put_bucket_versioning(Bucket="my-secure-bucket", VersioningConfiguration={"Status": "Suspended"})


@pytest.mark.parametrize(("near_miss", "expected"), [
    (_internal_alb_too, ["alb.internet-facing"]),
    (_single_az_db, ["RDS.5"]),
    (_versioning_suspended, ["S3.14"]),
], ids=["internal-alb", "single-az-db", "versioning-suspended"])
def test_capstone_near_misses_lose_exactly_their_tier(near_miss, expected):
    with labkit.Lab() as lab:
        solve_three_tier(lab)
        near_miss(lab)
        result = grade("capstone.three_tier", lab, record=False)
    assert failed(result) == expected, repr(result)
    assert result.score == result.max_score - sum(f.max_points for f in result.findings if not f.passed)


def test_capstone_built_in_another_order_scores_full_marks():
    from labkit.catalogue.s3 import solve_secure_bucket
    from labkit.catalogue.vpc import solve_security_groups
    from labkit.services.autoscaling import build_web_asg
    from labkit.services.ec2 import build_three_tier_network
    from labkit.services.elbv2 import build_web_alb
    from labkit.services.rds import build_multi_az_db
    from labkit.services.s3 import create_bucket

    with labkit.Lab(seed=7) as lab:
        create_bucket(lab, "my-secure-bucket")  # storage first, then the network and the tiers
        solve_secure_bucket(lab)
        create_bucket(lab, "unrelated-bucket")
        build_three_tier_network(lab)
        solve_security_groups(lab)
        build_multi_az_db(lab)
        build_web_asg(lab)
        build_web_alb(lab)
        result = grade("capstone.three_tier", lab, record=False)
    assert result.passed, repr(result)
