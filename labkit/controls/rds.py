"""RDS controls: RDS.2, RDS.3, RDS.5, RDS.7, RDS.8, RDS.11.

moto leaves ``PubliclyAccessible`` out of a DB instance when the create call did not set it.
AWS always reports it, and documents the default: public when the instance's VPC has an
internet gateway attached (a default VPC always has one in AWS; moto's has none). RDS.2
applies that rule and says so.
"""

from __future__ import annotations

from typing import Any

from ..snapread import dicts, num, sub, text
from ._base import Verdict, View, resource_control

__all__ = [
    "not_public", "storage_encrypted", "multi_az", "cluster_deletion_protection", "deletion_protection",
    "backups_kept", "BACKUP_RETENTION_MINIMUM",
]

BACKUP_RETENTION_MINIMUM = 7  # RDS.11's default backupRetentionMinimum (days)


def _ident(db: dict[str, Any]) -> str:
    return text(db.get("DBInstanceIdentifier"), "?") or "?"


def _in_cluster(db: dict[str, Any]) -> bool:
    """Aurora (and Multi-AZ DB cluster) members: availability, backups and deletion protection are the cluster's."""
    return bool(text(db.get("DBClusterIdentifier"))) or text(db.get("Engine")).startswith("aurora")


def _cluster(view: View, db: dict[str, Any]) -> dict[str, Any]:
    wanted = text(db.get("DBClusterIdentifier"))
    for cluster in view.items("rds", "db_clusters", optional=True):
        if wanted and text(cluster.get("DBClusterIdentifier")) == wanted:
            return cluster
    return {}


def _aws_default_public(view: View, db: dict[str, Any]) -> tuple[bool | None, str]:
    """What AWS would have chosen for an unset PubliclyAccessible, and why (None: cannot tell)."""
    vpc_id = text(sub(db, "DBSubnetGroup").get("VpcId"))
    if not vpc_id:
        return True, "it has no DB subnet group, so it lives in the default VPC, which has an internet gateway in AWS"
    if not isinstance(view.snap.get("ec2"), dict):
        return None, f"the snapshot has no 'ec2' section to tell whether {vpc_id} has an internet gateway"
    for vpc in view.items("ec2", "vpcs", optional=True):
        if text(vpc.get("VpcId")) == vpc_id and vpc.get("IsDefault") is True:
            return True, f"its VPC {vpc_id} is the default VPC, which has an internet gateway in AWS"
    for igw in view.items("ec2", "internet_gateways", optional=True):
        for att in dicts(igw, "Attachments"):
            if text(att.get("VpcId")) == vpc_id and text(att.get("State"), "available") in ("available", "attached"):
                return True, f"its VPC {vpc_id} has internet gateway {text(igw.get('InternetGatewayId'), '?')} attached"
    return False, f"its VPC {vpc_id} has no internet gateway attached"


@resource_control(
    "RDS.2", ("RDS DB Instances should prohibit public access, as determined by the PubliclyAccessible "
              "configuration"), "CRITICAL",
    items="rds.db_instances", resource=_ident,
    scope="every DB instance",
    passes="PubliclyAccessible is false (when moto omits it: AWS's documented default would be private)",
)
def not_public(view: View, db: dict[str, Any]) -> Verdict:
    ident = _ident(db)
    hint = f"rds.modify_db_instance(DBInstanceIdentifier='{ident}', PubliclyAccessible=False, ApplyImmediately=True)"
    value = db.get("PubliclyAccessible")
    if value is False:
        return True, f"DB instance {ident} is not publicly accessible", ""
    if value is True:
        return False, f"DB instance {ident} is publicly accessible (PubliclyAccessible is true)", hint
    public, why = _aws_default_public(view, db)
    note = (f"moto does not report PubliclyAccessible for DB instance {ident} (it was not set at creation; "
            "AWS always reports it)")
    if public is False:
        return True, f"{note}; AWS's default would make it private: {why}", ""
    if public is None:
        return False, f"{note}, and whether AWS would make it public cannot be told: {why}", hint
    return (False, f"{note}; AWS's default would make it publicly accessible: {why}",
            hint + " (or pass PubliclyAccessible=False when you create it)")


@resource_control(
    "RDS.3", "RDS DB instances should have encryption at-rest enabled", "MEDIUM",
    items="rds.db_instances", resource=_ident,
    scope="every DB instance (an Aurora member reads its cluster's setting when it has none)",
    passes="StorageEncrypted is true",
)
def storage_encrypted(view: View, db: dict[str, Any]) -> Verdict:
    ident = _ident(db)
    value = db.get("StorageEncrypted")
    if value is None and _in_cluster(db):
        value = _cluster(view, db).get("StorageEncrypted")
    if value is True:
        return True, f"DB instance {ident} has encrypted storage", ""
    return (False, f"DB instance {ident} does not encrypt its storage (encryption is chosen at creation)",
            "Encryption cannot be turned on in place: snapshot the instance, copy the snapshot with a KmsKeyId, "
            "restore from the copy; for new instances pass StorageEncrypted=True to rds.create_db_instance.")


@resource_control(
    "RDS.5", "RDS DB instances should be configured with multiple Availability Zones", "MEDIUM",
    items="rds.db_instances", resource=_ident,
    scope="DB instances that are not members of a cluster (Aurora availability is the cluster's)",
    passes="MultiAZ is true",
)
def multi_az(view: View, db: dict[str, Any]) -> Verdict | None:
    if _in_cluster(db):
        return None
    ident = _ident(db)
    if db.get("MultiAZ") is True:
        return True, f"DB instance {ident} is Multi-AZ (a standby in another Availability Zone)", ""
    return (False, f"DB instance {ident} runs in a single Availability Zone (MultiAZ is false)",
            f"rds.modify_db_instance(DBInstanceIdentifier='{ident}', MultiAZ=True, ApplyImmediately=True)")


@resource_control(
    "RDS.7", "RDS clusters should have deletion protection enabled", "LOW",
    items="rds.db_clusters", resource=lambda c: text(c.get("DBClusterIdentifier"), "?"),
    scope="every DB cluster",
    passes="DeletionProtection is true",
)
def cluster_deletion_protection(view: View, cluster: dict[str, Any]) -> Verdict:
    ident = text(cluster.get("DBClusterIdentifier"), "?")
    if cluster.get("DeletionProtection") is True:
        return True, f"DB cluster {ident} has deletion protection", ""
    return (False, f"DB cluster {ident} can be deleted by a single call (DeletionProtection is off)",
            f"rds.modify_db_cluster(DBClusterIdentifier='{ident}', DeletionProtection=True, ApplyImmediately=True)")


@resource_control(
    "RDS.8", "RDS DB instances should have deletion protection enabled", "LOW",
    items="rds.db_instances", resource=_ident,
    scope="DB instances that are not members of a cluster (see RDS.7 for clusters)",
    passes="DeletionProtection is true",
)
def deletion_protection(view: View, db: dict[str, Any]) -> Verdict | None:
    if _in_cluster(db):
        return None
    ident = _ident(db)
    if db.get("DeletionProtection") is True:
        return True, f"DB instance {ident} has deletion protection", ""
    return (False, f"DB instance {ident} can be deleted by a single call (DeletionProtection is off)",
            f"rds.modify_db_instance(DBInstanceIdentifier='{ident}', DeletionProtection=True, ApplyImmediately=True)")


@resource_control(
    "RDS.11", "RDS instances should have automatic backups enabled", "MEDIUM",
    items="rds.db_instances", resource=_ident,
    scope="DB instances that are not read replicas nor cluster members (Aurora backups are the cluster's)",
    passes=f"BackupRetentionPeriod is at least {BACKUP_RETENTION_MINIMUM} days",
)
def backups_kept(view: View, db: dict[str, Any]) -> Verdict | None:
    if _in_cluster(db) or text(db.get("ReadReplicaSourceDBInstanceIdentifier")):
        return None
    ident = _ident(db)
    days = num(db.get("BackupRetentionPeriod"))
    if days is not None and days >= BACKUP_RETENTION_MINIMUM:
        return True, f"DB instance {ident} keeps automated backups for {days} days", ""
    kept = "no automated backups" if not days else f"automated backups for only {days} day{'s' if days != 1 else ''}"
    return (False, f"DB instance {ident} keeps {kept}; RDS.11 asks for at least {BACKUP_RETENTION_MINIMUM} "
                   "(the API's default is 1 day, in AWS as in moto)",
            f"rds.modify_db_instance(DBInstanceIdentifier='{ident}', BackupRetentionPeriod=7, ApplyImmediately=True)")
