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
# A lab whose process never imported moto.rds.models never used the service: its
# section is EMPTY, answered without a call (see labkit/services/__init__.py).
MOTO_MODELS = "moto.rds.models"
EMPTY: dict[str, Any] = {"db_instances": [], "db_clusters": [], "db_subnet_groups": []}


def snapshot(lab: Lab) -> dict[str, Any]:
    rds = lab.client("rds")
    clusters = paginate(rds, "describe_db_clusters", "DBClusters")
    for cluster in clusters:
        # Members come back in creation order; sort them so the snapshot does not
        # depend on the order the learner added instances in.
        if isinstance(cluster.get("DBClusterMembers"), list):
            cluster["DBClusterMembers"] = by_key(cluster["DBClusterMembers"], "DBInstanceIdentifier")
    return {
        "db_instances": by_key(
            paginate(rds, "describe_db_instances", "DBInstances"), "DBInstanceIdentifier"
        ),
        "db_clusters": by_key(clusters, "DBClusterIdentifier"),
        "db_subnet_groups": by_key(
            paginate(rds, "describe_db_subnet_groups", "DBSubnetGroups"), "DBSubnetGroupName"
        ),
    }


# -- scenarios ---------------------------------------------------------------
def db_tier_subnet_ids(lab: Lab, vpc_id: str | None = None) -> list[str]:
    """Ids of VPC main's db-tier subnets (tagged Tier=db by three-tier-network), sorted."""
    vpc_id = vpc_id or find_vpc(lab)
    subnets = lab.client("ec2").describe_subnets(
        Filters=[{"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "tag:Tier", "Values": ["db"]}]
    )["Subnets"]
    return sorted(s["SubnetId"] for s in subnets)


def group_id(lab: Lab, name: str, vpc_id: str | None = None) -> str:
    """The id of security group ``name`` in VPC main (built by three-tier-security-groups)."""
    vpc_id = vpc_id or find_vpc(lab)
    return lab.client("ec2").describe_security_groups(
        Filters=[{"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "group-name", "Values": [name]}]
    )["SecurityGroups"][0]["GroupId"]


def _create_db_subnet_group(lab: Lab, subnet_ids: list[str]) -> None:
    lab.client("rds").create_db_subnet_group(
        DBSubnetGroupName="db-subnets",
        DBSubnetGroupDescription="The two db-tier subnets of VPC main",
        SubnetIds=subnet_ids,
    )


@scenario(
    "multi-az-db",
    "The three-tier network and security groups plus `app-db`: MySQL, Multi-AZ, encrypted, "
    "private, in a subnet group of the two db subnets, reachable from app-sg only.",
    requires=("three-tier-security-groups",),
)
def build_multi_az_db(lab: Lab) -> None:
    vpc_id = find_vpc(lab)
    subnet_ids = db_tier_subnet_ids(lab, vpc_id)
    db_sg = group_id(lab, "db-sg", vpc_id)
    _create_db_subnet_group(lab, subnet_ids)
    lab.client("rds").create_db_instance(
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


@scenario(
    "db-subnet-group",
    "The three-tier network and security groups plus DB subnet group `db-subnets` (the two db "
    "subnets of main): a private home for a database or an Aurora cluster, with no database yet.",
    requires=("three-tier-security-groups",),
)
def build_db_subnet_group(lab: Lab) -> None:
    _create_db_subnet_group(lab, db_tier_subnet_ids(lab))
