"""RDS: DB instances, Aurora clusters and DB subnet groups of the lab's region."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..scenario import scenario
from ..snapshot import by_key, paginate
from .ec2 import find_vpc

if TYPE_CHECKING:
    from ..lab import Lab

NAME = "rds"
TITLE = "RDS and Aurora"


def snapshot(lab: Lab) -> dict[str, Any]:
    rds = lab.client("rds")
    return {
        "db_instances": by_key(
            paginate(rds, "describe_db_instances", "DBInstances"), "DBInstanceIdentifier"
        ),
        "db_clusters": by_key(paginate(rds, "describe_db_clusters", "DBClusters"), "DBClusterIdentifier"),
        "db_subnet_groups": by_key(
            paginate(rds, "describe_db_subnet_groups", "DBSubnetGroups"), "DBSubnetGroupName"
        ),
    }


@scenario(
    "multi-az-db",
    "The three-tier network and security groups plus `app-db`: MySQL, Multi-AZ, encrypted, "
    "private, in a subnet group of the two db subnets, reachable from app-sg only.",
    requires=("three-tier-security-groups",),
)
def build_multi_az_db(lab: Lab) -> None:
    ec2 = lab.client("ec2")
    vpc_id = find_vpc(lab)
    db_subnets = ec2.describe_subnets(
        Filters=[{"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "tag:Tier", "Values": ["db"]}]
    )["Subnets"]
    db_sg = ec2.describe_security_groups(
        Filters=[{"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "group-name", "Values": ["db-sg"]}]
    )["SecurityGroups"][0]["GroupId"]
    rds = lab.client("rds")
    rds.create_db_subnet_group(
        DBSubnetGroupName="db-subnets",
        DBSubnetGroupDescription="The two db-tier subnets of VPC main",
        SubnetIds=sorted(s["SubnetId"] for s in db_subnets),
    )
    rds.create_db_instance(
        DBInstanceIdentifier="app-db",
        Engine="mysql",
        DBInstanceClass="db.t3.medium",
        AllocatedStorage=20,
        MasterUsername="admin",
        MasterUserPassword="not-a-real-password-1",
        MultiAZ=True,
        StorageEncrypted=True,
        PubliclyAccessible=False,
        DBSubnetGroupName="db-subnets",
        VpcSecurityGroupIds=[db_sg],
        BackupRetentionPeriod=7,
        DeletionProtection=True,
    )
