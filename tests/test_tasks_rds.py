"""The graders graded: RDS tasks. Starter scores 0, the reference solution full
marks, each named near miss loses exactly the check that should fail, and an
alternative correct build (other engine, own group, other order) scores full marks."""

from __future__ import annotations

import copy

import pytest

import labkit
from labkit.catalogue import grade, grade_snapshot, task
from labkit.services.rds import build_multi_az_db, db_tier_subnet_ids, group_id

MULTI, AURORA = "rds.multi_az_db", "rds.aurora_replica"
CLUSTER = "my-aurora-cluster"


def failed(result):
    return sorted(f.check for f in result.findings if not f.passed)


def finding(result, check):
    return next(f for f in result.findings if f.check == check)


def _subnet_id(lab, cidr):
    return lab.client("ec2").describe_subnets(Filters=[{"Name": "cidr-block", "Values": [cidr]}])["Subnets"][0][
        "SubnetId"]


@pytest.mark.parametrize("task_id", [MULTI, AURORA])
def test_starter_scores_zero_and_solution_full_marks(task_id):
    chosen = task(task_id)
    with labkit.Lab(chosen.starter) as lab:
        start = grade(task_id, lab, record=False)
        assert start.score == 0 and len(start.findings) == len(chosen.checks), repr(start)
        chosen.solution(lab)
        done = grade(task_id, lab, record=False)
    assert done.passed and done.score == done.max_score == chosen.max_score, repr(done)


def test_texts_carry_the_seed_facts_and_korean_terms():
    multi, aurora = task(MULTI).text, task(AURORA).text
    for needle in ("`app-db`", "`app-sg`", "10.0.20.0/24", "10.0.21.0/24", "60-120 seconds", "가용 영역",
                   "Multi-AZ 배포", "읽기 전용 복제본", "3306", "5432", "7 days"):
        assert needle in multi, needle
    for needle in ("`my-aurora-cluster`", "`aurora-mysql`", "`db.r6g.large`", "ap-northeast-2b",
                   "cluster-ro-", "읽기/쓰기 분리", "최대 5배", "IsClusterWriter"):
        assert needle in aurora, needle


# -- rds.multi_az_db ------------------------------------------------------------------
def _build_app_db(lab, *, subnet_cidrs=("10.0.20.0/24", "10.0.21.0/24"), **changes):
    """The reference app-db with some create_db_instance arguments changed (None drops one)."""
    rds = lab.client("rds")
    rds.create_db_subnet_group(DBSubnetGroupName="db-subnets", DBSubnetGroupDescription="db tier",
                               SubnetIds=[_subnet_id(lab, c) for c in subnet_cidrs])
    args = dict(DBInstanceIdentifier="app-db", Engine="mysql", DBInstanceClass="db.t3.medium",
                AllocatedStorage=20, MasterUsername="admin", MasterUserPassword="not-a-real-password-1",
                MultiAZ=True, StorageEncrypted=True, PubliclyAccessible=False, DBSubnetGroupName="db-subnets",
                VpcSecurityGroupIds=[group_id(lab, "db-sg")], BackupRetentionPeriod=7, DeletionProtection=True)
    args.update(changes)
    rds.create_db_instance(**{k: v for k, v in args.items() if v is not None})


def _modified(**kwargs):
    def change(lab):
        build_multi_az_db(lab)
        lab.client("rds").modify_db_instance(DBInstanceIdentifier="app-db", ApplyImmediately=True, **kwargs)

    return change


def _built_with(**changes):
    return lambda lab: _build_app_db(lab, **changes)


def _db_sg_rule(lab, permission, *, revoke_app=False):
    ec2 = lab.client("ec2")
    db_sg = group_id(lab, "db-sg")
    if revoke_app:
        rules = ec2.describe_security_groups(GroupIds=[db_sg])["SecurityGroups"][0]["IpPermissions"]
        ec2.revoke_security_group_ingress(GroupId=db_sg, IpPermissions=rules)
    ec2.authorize_security_group_ingress(GroupId=db_sg, IpPermissions=[permission])


def _mysql_open_to_world(lab):
    build_multi_az_db(lab)
    _db_sg_rule(lab, {"IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]})


def _mysql_from_app_cidrs(lab):
    build_multi_az_db(lab)
    _db_sg_rule(lab, {"IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306,
                      "IpRanges": [{"CidrIp": "10.0.10.0/23"}]}, revoke_app=True)


@pytest.mark.parametrize(
    ("near_miss", "expected"),
    [
        (_modified(MultiAZ=False), ["RDS.5"]),
        (_modified(PubliclyAccessible=True), ["RDS.2"]),
        (_built_with(PubliclyAccessible=None), ["RDS.2"]),
        (_modified(BackupRetentionPeriod=1), ["RDS.11"]),
        (_modified(DeletionProtection=False), ["RDS.8"]),
        (_built_with(StorageEncrypted=None), ["RDS.3"]),
        (_built_with(subnet_cidrs=("10.0.20.0/24", "10.0.21.0/24", "10.0.0.0/24")), ["rds.subnet_group"]),
        (_mysql_open_to_world, ["rds.security_group"]),
        (_mysql_from_app_cidrs, ["rds.security_group"]),
        (_built_with(Engine="postgres"), ["rds.security_group"]),
        (_built_with(Engine="mariadb", EngineVersion="10.11.6"), ["rds.engine"]),
    ],
    ids=["multi-az-off", "publicly-accessible", "public-flag-left-out", "backups-1-day",
         "no-deletion-protection", "unencrypted", "public-subnet-in-group", "3306-from-anywhere",
         "3306-from-app-cidrs", "postgres-behind-3306-group", "mariadb-engine"],
)
def test_multi_az_db_near_misses(near_miss, expected):
    with labkit.Lab("three-tier-security-groups") as lab:
        near_miss(lab)
        result = grade(MULTI, lab, record=False)
    assert failed(result) == expected, repr(result)
    lost = sum(f.max_points for f in result.findings if not f.passed)
    assert result.score == result.max_score - lost > 0
    for f in result.findings:
        assert f.passed or (f.hint and f.link.startswith("https://docs.aws.amazon.com/")), f


def test_multi_az_db_messages_name_what_is_wrong():
    with labkit.Lab("three-tier-security-groups") as lab:
        _build_app_db(lab, PubliclyAccessible=None, Engine="postgres",
                      subnet_cidrs=("10.0.20.0/24", "10.0.0.0/24"))
        snap = lab.snapshot(["ec2", "rds"])
    result = grade_snapshot(MULTI, snap)
    assert failed(result) == ["RDS.2", "rds.security_group", "rds.subnet_group"]
    public = finding(result, "RDS.2")
    assert "does not report PubliclyAccessible" in public.message and "internet gateway igw-" in public.message
    assert "PubliclyAccessible=False" in public.hint
    group = finding(result, "rds.subnet_group").message
    assert "10.0.0.0/24 (public tier, a public subnet: default route to igw-" in group
    assert "db subnet 10.0.21.0/24 is missing" in group
    assert "do not admit TCP 5432 (app-db's port) from app-sg" in finding(result, "rds.security_group").message
    # AWS's documented default: a subnet group in a VPC without an internet gateway is private.
    no_igw = copy.deepcopy(snap)
    no_igw["ec2"]["internet_gateways"] = []
    private = finding(grade_snapshot(MULTI, no_igw), "RDS.2")
    assert private.passed and "has no internet gateway" in private.message


def test_multi_az_db_postgres_in_its_own_group_built_in_another_order():
    with labkit.Lab("three-tier-security-groups", seed=7) as lab:
        ec2, rds = lab.client("ec2"), lab.client("rds")
        vpc_id = lab.client("ec2").describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["main"]}])["Vpcs"][0][
            "VpcId"]
        pg = ec2.create_security_group(GroupName="postgres-sg", Description="pg", VpcId=vpc_id)["GroupId"]
        # All traffic, but only from app-sg: the engine port is admitted from app-sg alone.
        ec2.authorize_security_group_ingress(GroupId=pg, IpPermissions=[
            {"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": group_id(lab, "app-sg")}]}])
        rds.create_db_subnet_group(DBSubnetGroupName="private-db", DBSubnetGroupDescription="db",
                                   SubnetIds=list(reversed(db_tier_subnet_ids(lab))))
        rds.create_db_instance(DBInstanceIdentifier="reporting-db", Engine="mysql", DBInstanceClass="db.t3.micro",
                               AllocatedStorage=20, MasterUsername="x", MasterUserPassword="password-123")
        rds.create_db_instance(DBInstanceIdentifier="app-db", Engine="postgres", DBInstanceClass="db.t3.medium",
                               AllocatedStorage=20, MasterUsername="pgadmin", MasterUserPassword="password-123",
                               StorageEncrypted=True, PubliclyAccessible=False, DBSubnetGroupName="private-db",
                               VpcSecurityGroupIds=[pg], BackupRetentionPeriod=0)
        rds.modify_db_instance(DBInstanceIdentifier="app-db", MultiAZ=True, BackupRetentionPeriod=14,
                               DeletionProtection=True, ApplyImmediately=True)
        result = grade(MULTI, lab, record=False)
    assert result.passed, repr(result)
    assert "admit TCP 5432 only from app-sg" in finding(result, "rds.security_group").message


# -- rds.aurora_replica -----------------------------------------------------------------
def _aurora(lab, *, engine="aurora-mysql", encrypted=True, reader_zone="b", reader_class="db.r6g.large"):
    """The reference cluster with one thing changed."""
    rds = lab.client("rds")
    rds.create_db_cluster(DBClusterIdentifier=CLUSTER, Engine=engine, MasterUsername="admin",
                          MasterUserPassword="not-a-real-password-1", StorageEncrypted=encrypted,
                          DBSubnetGroupName="db-subnets")
    for ident, zone, cls in (("my-aurora-writer", "a", "db.r6g.large"),
                             ("my-aurora-replica-1", reader_zone, reader_class)):
        rds.create_db_instance(DBInstanceIdentifier=ident, DBInstanceClass=cls, Engine=engine,
                               DBClusterIdentifier=CLUSTER, AvailabilityZone=f"ap-northeast-2{zone}")


def _writer_only(lab):
    task(AURORA).solution(lab)
    lab.client("rds").delete_db_instance(DBInstanceIdentifier="my-aurora-replica-1")


@pytest.mark.parametrize(
    ("near_miss", "expected"),
    [
        (lambda lab: _aurora(lab, reader_zone="a"), ["rds.aurora_reader_az"]),
        (lambda lab: _aurora(lab, reader_class="db.t3.medium"), ["rds.aurora_reader_class"]),
        (lambda lab: _aurora(lab, encrypted=False), ["RDS.27"]),
        (lambda lab: _aurora(lab, engine="aurora-postgresql"), ["rds.aurora_engine"]),
        (_writer_only, ["rds.aurora_reader_az", "rds.aurora_reader_class"]),
    ],
    ids=["reader-in-writer-az", "reader-wrong-class", "unencrypted-cluster", "aurora-postgresql", "writer-only"],
)
def test_aurora_near_misses(near_miss, expected):
    with labkit.Lab("db-subnet-group") as lab:
        near_miss(lab)
        result = grade(AURORA, lab, record=False)
    assert failed(result) == expected, repr(result)
    lost = sum(f.max_points for f in result.findings if not f.passed)
    assert result.score == result.max_score - lost > 0


def test_aurora_after_a_failover_with_a_kms_key_and_no_vpc():
    """Roles come from IsClusterWriter, not from creation order or names."""
    with labkit.Lab(seed=3) as lab:
        rds = lab.client("rds")
        key = lab.client("kms").create_key(Description="aurora")["KeyMetadata"]["Arn"]
        rds.create_db_cluster(DBClusterIdentifier="other-cluster", Engine="aurora-mysql", MasterUsername="a",
                              MasterUserPassword="password-123")
        rds.create_db_cluster(DBClusterIdentifier=CLUSTER, Engine="aurora-mysql", MasterUsername="admin",
                              MasterUserPassword="password-123", StorageEncrypted=True, KmsKeyId=key)
        rds.create_db_instance(DBInstanceIdentifier="node-1", DBInstanceClass="db.r6g.large", Engine="aurora-mysql",
                               DBClusterIdentifier=CLUSTER, AvailabilityZone="ap-northeast-2c")
        rds.create_db_instance(DBInstanceIdentifier="node-2", DBInstanceClass="db.r6g.xlarge",
                               Engine="aurora-mysql", DBClusterIdentifier=CLUSTER, AvailabilityZone="ap-northeast-2a")
        before = grade(AURORA, lab, record=False)  # node-2 (xlarge) is the only reader
        rds.failover_db_cluster(DBClusterIdentifier=CLUSTER, TargetDBInstanceIdentifier="node-2")
        after = grade(AURORA, lab, record=False)
    assert failed(before) == ["rds.aurora_reader_class"], repr(before)
    assert after.passed, repr(after)
    assert "node-2 is my-aurora-cluster's writer, in ap-northeast-2a" in repr(after)


def test_a_reader_must_have_both_the_class_and_another_az():
    with labkit.Lab("db-subnet-group") as lab:
        _aurora(lab, reader_zone="a")  # a db.r6g.large reader beside the writer
        lab.client("rds").create_db_instance(
            DBInstanceIdentifier="small-reader", DBInstanceClass="db.t3.medium", Engine="aurora-mysql",
            DBClusterIdentifier=CLUSTER, AvailabilityZone="ap-northeast-2b")
        result = grade(AURORA, lab, record=False)
    assert failed(result) == ["rds.aurora_reader_az"], repr(result)
    assert "my-aurora-replica-1 in ap-northeast-2a" in finding(result, "rds.aurora_reader_az").message


@pytest.mark.parametrize("bad", [
    {"rds": {"db_instances": [{"DBInstanceIdentifier": "app-db", "Engine": 5, "MultiAZ": "yes",
                               "VpcSecurityGroups": "sg-1", "DBSubnetGroup": [1], "Endpoint": None,
                               "BackupRetentionPeriod": "x"}]},
     "ec2": {"vpcs": [{"VpcId": "vpc-1", "Tags": {"Name": "main"}}], "subnets": "x",
             "security_groups": [None, {"GroupName": "app-sg", "VpcId": "vpc-1", "IpPermissions": "x"}]}},
    {"rds": {"db_instances": [None, {"DBInstanceIdentifier": "app-db", "VpcSecurityGroups": [
        {"VpcSecurityGroupId": "sg-9"}], "DBSubnetGroup": {"DBSubnetGroupName": "g", "Subnets": [7, {}]}}],
             "db_clusters": [{"DBClusterIdentifier": CLUSTER, "DBClusterMembers": [
                 None, {"DBInstanceIdentifier": 5, "IsClusterWriter": "yes"}]}]},
     "ec2": {"vpcs": [{"VpcId": "vpc-1", "Tags": {"Name": "main"}}],
             "security_groups": [{"GroupName": "app-sg", "GroupId": "sg-1", "VpcId": "vpc-1"},
                                 {"GroupId": "sg-9", "IpPermissions": [{"IpProtocol": "tcp", "FromPort": "a"}]}]}},
])
def test_odd_snapshots_are_judged_without_errors(bad):
    for task_id in (MULTI, AURORA):
        result = grade_snapshot(task_id, bad)
        assert result.score == 0 and result.findings
        assert not any(f.message.startswith("could not check") for f in result.findings), repr(result)
