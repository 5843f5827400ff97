"""RDS controls: RDS.2, RDS.3, RDS.5, RDS.7, RDS.8, RDS.11.

moto leaves ``PubliclyAccessible`` out of a DB instance when the create call did not set it.
AWS always reports it, and documents the default: public when the instance's VPC has an
internet gateway attached (a default VPC always has one in AWS; moto's has none). RDS.2
applies that rule and says so.
"""

from __future__ import annotations

from typing import Any

from ..i18n import msg
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
    """What AWS would have chosen for an unset PubliclyAccessible, and why (a msg(); None: cannot tell)."""
    vpc_id = text(sub(db, "DBSubnetGroup").get("VpcId"))
    if not vpc_id:
        return True, msg("it has no DB subnet group, so it lives in the default VPC, which has an internet gateway "
                         "in AWS")
    if not isinstance(view.snap.get("ec2"), dict):
        return None, msg("the snapshot has no 'ec2' section to tell whether {vpc} has an internet gateway", vpc=vpc_id)
    for vpc in view.items("ec2", "vpcs", optional=True):
        if text(vpc.get("VpcId")) == vpc_id and vpc.get("IsDefault") is True:
            return True, msg("its VPC {vpc} is the default VPC, which has an internet gateway in AWS", vpc=vpc_id)
    for igw in view.items("ec2", "internet_gateways", optional=True):
        for att in dicts(igw, "Attachments"):
            if text(att.get("VpcId")) == vpc_id and text(att.get("State"), "available") in ("available", "attached"):
                return True, msg("its VPC {vpc} has internet gateway {igw} attached", vpc=vpc_id,
                                 igw=text(igw.get("InternetGatewayId"), "?"))
    return False, msg("its VPC {vpc} has no internet gateway attached", vpc=vpc_id)


@resource_control(
    "RDS.2", msg("RDS DB Instances should prohibit public access, as determined by the PubliclyAccessible "
                 "configuration"), "CRITICAL",
    items="rds.db_instances", resource=_ident,
    scope=msg("every DB instance"),
    passes="PubliclyAccessible is false (when moto omits it: AWS's documented default would be private)",
)
def not_public(view: View, db: dict[str, Any]) -> Verdict:
    ident = _ident(db)
    hint = msg("rds.modify_db_instance(DBInstanceIdentifier='{db}', PubliclyAccessible=False, ApplyImmediately=True)",
               db=ident)
    value = db.get("PubliclyAccessible")
    if value is False:
        return True, msg("DB instance {db} is not publicly accessible", db=ident), ""
    if value is True:
        return False, msg("DB instance {db} is publicly accessible (PubliclyAccessible is true)", db=ident), hint
    public, why = _aws_default_public(view, db)
    note = msg("moto does not report PubliclyAccessible for DB instance {db} (it was not set at creation; AWS always "
               "reports it)", db=ident)
    if public is False:
        return True, msg("{note}; AWS's default would make it private: {why}", note=note, why=why), ""
    if public is None:
        return (False, msg("{note}, and whether AWS would make it public cannot be told: {why}", note=note, why=why),
                hint)
    return (False, msg("{note}; AWS's default would make it publicly accessible: {why}", note=note, why=why),
            msg("rds.modify_db_instance(DBInstanceIdentifier='{db}', PubliclyAccessible=False, ApplyImmediately=True) "
                "(or pass PubliclyAccessible=False when you create it)", db=ident))


@resource_control(
    "RDS.3", msg("RDS DB instances should have encryption at-rest enabled"), "MEDIUM",
    items="rds.db_instances", resource=_ident,
    scope=msg("every DB instance (an Aurora member reads its cluster's setting when it has none)"),
    passes="StorageEncrypted is true",
)
def storage_encrypted(view: View, db: dict[str, Any]) -> Verdict:
    ident = _ident(db)
    value = db.get("StorageEncrypted")
    if value is None and _in_cluster(db):
        value = _cluster(view, db).get("StorageEncrypted")
    if value is True:
        return True, msg("DB instance {db} has encrypted storage", db=ident), ""
    return (False, msg("DB instance {db} does not encrypt its storage (encryption is chosen at creation)", db=ident),
            msg("Encryption cannot be turned on in place: snapshot the instance, copy the snapshot with a KmsKeyId, "
                "restore from the copy; for new instances pass StorageEncrypted=True to rds.create_db_instance."))


@resource_control(
    "RDS.5", msg("RDS DB instances should be configured with multiple Availability Zones"), "MEDIUM",
    items="rds.db_instances", resource=_ident,
    scope=msg("DB instances that are not members of a cluster (Aurora availability is the cluster's)"),
    passes="MultiAZ is true",
)
def multi_az(view: View, db: dict[str, Any]) -> Verdict | None:
    if _in_cluster(db):
        return None
    ident = _ident(db)
    if db.get("MultiAZ") is True:
        return True, msg("DB instance {db} is Multi-AZ (a standby in another Availability Zone)", db=ident), ""
    return (False, msg("DB instance {db} runs in a single Availability Zone (MultiAZ is false)", db=ident),
            msg("rds.modify_db_instance(DBInstanceIdentifier='{db}', MultiAZ=True, ApplyImmediately=True)", db=ident))


@resource_control(
    "RDS.7", msg("RDS clusters should have deletion protection enabled"), "LOW",
    items="rds.db_clusters", resource=lambda c: text(c.get("DBClusterIdentifier"), "?"),
    scope=msg("every DB cluster"),
    passes="DeletionProtection is true",
)
def cluster_deletion_protection(view: View, cluster: dict[str, Any]) -> Verdict:
    ident = text(cluster.get("DBClusterIdentifier"), "?")
    if cluster.get("DeletionProtection") is True:
        return True, msg("DB cluster {cluster} has deletion protection", cluster=ident), ""
    return (False, msg("DB cluster {cluster} can be deleted by a single call (DeletionProtection is off)",
                       cluster=ident),
            msg("rds.modify_db_cluster(DBClusterIdentifier='{cluster}', DeletionProtection=True, "
                "ApplyImmediately=True)", cluster=ident))


@resource_control(
    "RDS.8", msg("RDS DB instances should have deletion protection enabled"), "LOW",
    items="rds.db_instances", resource=_ident,
    scope=msg("DB instances that are not members of a cluster (see RDS.7 for clusters)"),
    passes="DeletionProtection is true",
)
def deletion_protection(view: View, db: dict[str, Any]) -> Verdict | None:
    if _in_cluster(db):
        return None
    ident = _ident(db)
    if db.get("DeletionProtection") is True:
        return True, msg("DB instance {db} has deletion protection", db=ident), ""
    return (False, msg("DB instance {db} can be deleted by a single call (DeletionProtection is off)", db=ident),
            msg("rds.modify_db_instance(DBInstanceIdentifier='{db}', DeletionProtection=True, ApplyImmediately=True)",
                db=ident))


@resource_control(
    "RDS.11", msg("RDS instances should have automatic backups enabled"), "MEDIUM",
    items="rds.db_instances", resource=_ident,
    scope=msg("DB instances that are not read replicas nor cluster members (Aurora backups are the cluster's)"),
    passes=f"BackupRetentionPeriod is at least {BACKUP_RETENTION_MINIMUM} days",
)
def backups_kept(view: View, db: dict[str, Any]) -> Verdict | None:
    if _in_cluster(db) or text(db.get("ReadReplicaSourceDBInstanceIdentifier")):
        return None
    ident = _ident(db)
    days = num(db.get("BackupRetentionPeriod"))
    if days is not None and days >= BACKUP_RETENTION_MINIMUM:
        return True, msg("DB instance {db} keeps automated backups for {days} days", db=ident, days=days), ""
    if not days:
        message = msg("DB instance {db} keeps no automated backups; RDS.11 asks for at least {minimum} (the API's "
                      "default is 1 day, in AWS as in moto)", db=ident, minimum=BACKUP_RETENTION_MINIMUM)
    elif days == 1:
        message = msg("DB instance {db} keeps automated backups for only {days} day; RDS.11 asks for at least "
                      "{minimum} (the API's default is 1 day, in AWS as in moto)", db=ident, days=days,
                      minimum=BACKUP_RETENTION_MINIMUM)
    else:
        message = msg("DB instance {db} keeps automated backups for only {days} days; RDS.11 asks for at least "
                      "{minimum} (the API's default is 1 day, in AWS as in moto)", db=ident, days=days,
                      minimum=BACKUP_RETENTION_MINIMUM)
    return (False, message,
            msg("rds.modify_db_instance(DBInstanceIdentifier='{db}', BackupRetentionPeriod=7, ApplyImmediately=True)",
                db=ident))
