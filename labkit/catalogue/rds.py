"""RDS tasks: the seed's Multi-AZ database in the db tier, and an Aurora cluster with a replica.

Both read only the snapshot's ``rds`` section (and ``ec2`` for the network and the
security groups). moto omits ``PubliclyAccessible`` when it was not passed at
creation; the check then applies AWS's documented default (public when the
subnet group's VPC has an internet gateway) and says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..grading import Check, Task
from ..i18n import and_, join, msg
from ..services.ec2 import THREE_TIER_SUBNETS
from ..services.rds import build_multi_az_db, group_id
from ..snapread import dicts, num, sub, text
from . import _network as net
from . import register

if TYPE_CHECKING:
    from ..lab import Lab

Result = tuple[bool, str, str, str]

FSBP = "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html"
RDS_DOC = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/"
AURORA_DOC = "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/"

APP_DB = "app-db"
ENGINE_PORTS = {"mysql": 3306, "postgres": 5432}
CLUSTER = "my-aurora-cluster"
READER_CLASS = "db.r6g.large"


# -- reading the rds section ----------------------------------------------------
def _items(snap: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return dicts(sub(snap, "rds"), key)


def _instance(snap: dict[str, Any], ident: str) -> dict[str, Any] | None:
    found = [i for i in _items(snap, "db_instances") if i.get("DBInstanceIdentifier") == ident]
    return found[0] if found else None


def _cluster(snap: dict[str, Any]) -> dict[str, Any] | None:
    found = [c for c in _items(snap, "db_clusters") if c.get("DBClusterIdentifier") == CLUSTER]
    return found[0] if found else None


APP_DB_MISSING: Result = (
    False, APP_DB, msg("there is no DB instance app-db"),
    msg("Create it: rds.create_db_instance(DBInstanceIdentifier='app-db', Engine='mysql' or 'postgres', "
        "DBInstanceClass='db.t3.medium', AllocatedStorage=20, MasterUsername=..., MasterUserPassword=..., "
        "MultiAZ=True, StorageEncrypted=True, PubliclyAccessible=False, DBSubnetGroupName=..., "
        "VpcSecurityGroupIds=[...], BackupRetentionPeriod=7, DeletionProtection=True)"),
)
MAIN_MISSING: Result = (
    False, "vpc main", msg("there is no VPC tagged Name=main to put app-db in"),
    msg("Start from scenario 'three-tier-security-groups' (labkit.Lab('three-tier-security-groups'))."),
)


def _series(parts: list[Any], semicolons: bool = False) -> Any:
    """``parts`` joined by ", " (or "; "), each rendered in the finding's language."""
    return join("; " if semicolons else ", ", parts)


def _app_db_check(judge: Any, first: bool = False) -> Any:
    """Wrap a judge of app-db so a missing instance fails (the first check carries the full hint)."""

    def run(snap: dict[str, Any]) -> Result:
        db = _instance(snap, APP_DB)
        if db is not None:
            return judge(snap, db)
        if first:
            return APP_DB_MISSING
        return (False, APP_DB, msg("there is no DB instance app-db"),
                msg("Create app-db first (see the rds.engine finding)."))

    return run


def _port(db: dict[str, Any]) -> int:
    """The port app-db listens on: its endpoint's, else its engine's default."""
    for value in (sub(db, "Endpoint").get("Port"), db.get("DbInstancePort")):
        port = num(value)
        if port:
            return port
    return ENGINE_PORTS.get(text(db.get("Engine")), 3306)


# -- rds.multi_az_db --------------------------------------------------------------
def _engine(snap: dict[str, Any], db: dict[str, Any]) -> Result:
    engine = text(db.get("Engine"), "?")
    if engine in ENGINE_PORTS:
        return True, APP_DB, msg("app-db runs {engine}", engine=engine), ""
    return (False, APP_DB, msg("app-db runs engine {engine}; the task asks for mysql or postgres", engine=engine),
            msg("The engine cannot be changed: delete app-db (turn deletion protection off first) and create "
                "it again with Engine='mysql' or Engine='postgres'."))


def _multi_az(snap: dict[str, Any], db: dict[str, Any]) -> Result:
    if db.get("MultiAZ") is True:
        return True, APP_DB, msg("app-db is a Multi-AZ deployment (a standby in a second AZ)"), ""
    return (False, APP_DB, msg("app-db is Single-AZ (MultiAZ is false): no standby in a second AZ to fail over to"),
            msg("rds.modify_db_instance(DBInstanceIdentifier='app-db', MultiAZ=True, ApplyImmediately=True)"))


def _encrypted(snap: dict[str, Any], db: dict[str, Any]) -> Result:
    if db.get("StorageEncrypted") is True:
        return True, APP_DB, msg("app-db's storage is encrypted at rest"), ""
    return (False, APP_DB, msg("app-db's storage is not encrypted (StorageEncrypted is false)"),
            msg("Encryption is chosen at creation: create app-db again with StorageEncrypted=True (optionally "
                "KmsKeyId=...), or restore it from a snapshot copied with a KmsKeyId."))


def _igw_attached(snap: dict[str, Any], vpc_id: str) -> str:
    """The id of an internet gateway attached to ``vpc_id``, or ""."""
    for igw in net.items(snap, "internet_gateways"):
        for attachment in dicts(igw, "Attachments"):
            if attachment.get("VpcId") == vpc_id and attachment.get("State") not in ("detached", "detaching"):
                ident = igw.get("InternetGatewayId")
                return text(ident) if isinstance(ident, (str, int, float)) else msg("an internet gateway")
    return ""


def _not_public(snap: dict[str, Any], db: dict[str, Any]) -> Result:
    value = db.get("PubliclyAccessible")
    fix = msg("rds.modify_db_instance(DBInstanceIdentifier='app-db', PubliclyAccessible=False, "
              "ApplyImmediately=True)")
    if value is False:
        return True, APP_DB, msg("app-db is not publicly accessible"), ""
    if value is True:
        return (False, APP_DB, msg("app-db is publicly accessible (PubliclyAccessible is true): its endpoint "
                                   "resolves to a public address"), fix)
    # Not reported: it was not passed at creation. AWS's documented default then depends
    # on the subnet group: public when the subnets' VPC has an internet gateway attached.
    vpc_id = text(sub(db, "DBSubnetGroup").get("VpcId"))
    if not vpc_id:
        return (False, APP_DB, msg("app-db does not report PubliclyAccessible (it was not set when app-db was "
                                   "created). Without a DB subnet group AWS places the instance in the default VPC, "
                                   "whose internet gateway makes it public by default"), fix)
    igw = _igw_attached(snap, vpc_id)
    if igw:
        return (False, APP_DB, msg("app-db does not report PubliclyAccessible (it was not set when app-db was "
                                   "created). AWS's default follows the subnet group's VPC: {vpc} has internet "
                                   "gateway {igw} attached, so by default app-db is publicly accessible",
                                   vpc=vpc_id, igw=igw), fix)
    return (True, APP_DB, msg("app-db does not report PubliclyAccessible (it was not set when app-db was created). "
                              "AWS's default follows the subnet group's VPC: {vpc} has no internet gateway, so app-db "
                              "is private (setting PubliclyAccessible=False explicitly is clearer)", vpc=vpc_id), "")


def _subnet_label(snap: dict[str, Any], subnet: dict[str, Any]) -> str:
    """``10.0.0.0/24 (public tier, default route to igw-…)`` and the like, for messages."""
    cidr = text(subnet.get("CidrBlock"), text(subnet.get("SubnetId"), "?"))
    tier = next((t for t, cidrs in THREE_TIER_SUBNETS.items() if cidr in cidrs), "")
    target = net.default_route_target(snap, subnet) or ""
    tiers = {"public": msg("public tier"), "app": msg("app tier"), "db": msg("db tier")}
    notes = [tiers.get(tier) or msg("{tier} tier", tier=tier)] if tier else []
    if target.startswith("igw-"):
        notes.append(msg("a public subnet: default route to {target}", target=target))
    return msg("{subnet} ({notes})", subnet=cidr, notes=_series(notes)) if notes else cidr


def _subnet_group(snap: dict[str, Any], db: dict[str, Any]) -> Result:
    vpc = net.vpc_named(snap, "main")
    if vpc is None:
        return MAIN_MISSING
    hint = msg("Use a DB subnet group of exactly the two db subnets: rds.create_db_subnet_group("
               "DBSubnetGroupName='db-subnets', DBSubnetGroupDescription='...', SubnetIds=[<10.0.20.0/24 id>, "
               "<10.0.21.0/24 id>]) when creating app-db, or rds.modify_db_subnet_group(DBSubnetGroupName=..., "
               "SubnetIds=[...]) to fix the group it has.")
    # The instance carries its subnet group; moto's modify_db_subnet_group drops a group
    # from describe_db_subnet_groups but keeps it current here, so read this copy first.
    group = sub(db, "DBSubnetGroup")
    name = text(group.get("DBSubnetGroupName"))
    if not name:
        return (False, APP_DB, msg("app-db has no DB subnet group, so it is not in VPC main's db subnets"), hint)
    if not dicts(group, "Subnets"):
        group = next((g for g in _items(snap, "db_subnet_groups") if g.get("DBSubnetGroupName") == name), group)
    by_id = {text(s.get("SubnetId")): s for s in net.items(snap, "subnets")}
    wanted = THREE_TIER_SUBNETS["db"]
    found: list[dict[str, Any]] = []
    problems: list[Any] = []
    for entry in dicts(group, "Subnets"):
        sid = text(entry.get("SubnetIdentifier"), "?")
        subnet = by_id.get(sid)
        if subnet is None:
            problems.append(msg("subnet {subnet} is not in the snapshot", subnet=sid))
        elif subnet.get("VpcId") != vpc.get("VpcId"):
            problems.append(msg("{subnet} is not in VPC main", subnet=_subnet_label(snap, subnet)))
        elif subnet.get("CidrBlock") not in wanted:
            problems.append(msg("{subnet} is not a db-tier subnet", subnet=_subnet_label(snap, subnet)))
        else:
            found.append(subnet)
    have = {s.get("CidrBlock") for s in found}
    problems += [msg("db subnet {cidr} is missing", cidr=cidr) for cidr in wanted if cidr not in have]
    zones = {text(s.get("AvailabilityZone")) for s in found}
    if not problems and len(zones) < 2:
        problems.append(msg("both db subnets are in {zones}", zones=", ".join(sorted(zones))))
    if problems:
        return (False, name, msg("app-db's DB subnet group {group}: {problems}", group=name,
                                 problems=_series(problems, semicolons=True)), hint)
    return (True, name, msg("app-db's DB subnet group {group} is the db subnets 10.0.20.0/24 and 10.0.21.0/24 "
                            "in {zones}", group=name, zones=and_(sorted(zones))), "")


def _backups(snap: dict[str, Any], db: dict[str, Any]) -> Result:
    days = num(db.get("BackupRetentionPeriod"))
    if days is not None and days >= 7:
        return True, APP_DB, msg("app-db keeps automated backups for {days} days", days=days), ""
    if days is None:
        message = msg("app-db keeps automated backups for an unknown time, fewer than 7 days")
    elif days == 0:
        message = msg("app-db keeps automated backups for 0 (automated backups off), fewer than 7 days")
    elif days == 1:
        message = msg("app-db keeps automated backups for {days} day, fewer than 7 days", days=days)
    else:
        message = msg("app-db keeps automated backups for {days} days, fewer than 7 days", days=days)
    return (False, APP_DB, message,
            msg("rds.modify_db_instance(DBInstanceIdentifier='app-db', BackupRetentionPeriod=7, "
                "ApplyImmediately=True)"))


def _deletion_protection(snap: dict[str, Any], db: dict[str, Any]) -> Result:
    if db.get("DeletionProtection") is True:
        return True, APP_DB, msg("app-db has deletion protection"), ""
    return (False, APP_DB, msg("app-db has no deletion protection: one delete_db_instance call removes it"),
            msg("rds.modify_db_instance(DBInstanceIdentifier='app-db', DeletionProtection=True, "
                "ApplyImmediately=True)"))


def _security_group(snap: dict[str, Any], db: dict[str, Any]) -> Result:
    vpc = net.vpc_named(snap, "main")
    if vpc is None:
        return MAIN_MISSING
    groups = {text(g.get("GroupId")): g for g in net.items(snap, "security_groups")}
    app = net.groups_of(snap, text(vpc.get("VpcId"))).get("app-sg")
    if app is None:
        return (False, "app-sg", msg("there is no security group app-sg in VPC main to admit app-db's clients from"),
                msg("Start from scenario 'three-tier-security-groups', which builds app-sg."))
    app_id = text(app.get("GroupId"))
    port = _port(db)
    attached = [text(g.get("VpcSecurityGroupId")) for g in dicts(db, "VpcSecurityGroups")
                if g.get("Status", "active") not in ("inactive", "removing")]
    attached = [gid for gid in attached if gid]

    def label(gid: str) -> str:
        name = text(groups.get(gid, {}).get("GroupName"))
        return f"{name} ({gid})" if name else gid

    target = attached[0] if attached else "<db-sg id>"
    grant = msg("ec2.authorize_security_group_ingress(GroupId='{group}', IpPermissions=[{{'IpProtocol': "
                "'tcp', 'FromPort': {port}, 'ToPort': {port}, 'UserIdGroupPairs': [{{'GroupId': '{app}'}}]}}])",
                group=target, port=port, app=app_id)
    if not attached:
        return (False, APP_DB, msg("app-db has no VPC security group"),
                msg("rds.modify_db_instance(DBInstanceIdentifier='app-db', VpcSecurityGroupIds=[<db-sg id>], "
                    "ApplyImmediately=True)"))
    resource = ", ".join(attached)
    unknown = [gid for gid in attached if gid not in groups]
    if unknown:
        return (False, resource, msg("app-db uses security group(s) {groups}, which are not in the "
                                     "snapshot's EC2 section", groups=", ".join(unknown)),
                msg("Attach a group of VPC main: rds.modify_db_instance(DBInstanceIdentifier="
                    "'app-db', VpcSecurityGroupIds=[<db-sg id>], ApplyImmediately=True)"))
    cidrs: set[str] = set()
    sources: set[str] = set()
    for gid in attached:
        for perm in dicts(groups[gid], "IpPermissions"):
            if net.covers(perm, port):
                c, g = net.sources(perm)
                cidrs |= c | {text(p.get("PrefixListId")) for p in dicts(perm, "PrefixListIds")} - {""}
                sources |= g
    names = ", ".join(label(gid) for gid in attached)
    if cidrs:
        return (False, resource, msg("app-db's security group(s) {groups} admit TCP {port} from address ranges "
                                     "{cidrs}; only app-sg may reach it", groups=names, port=port,
                                     cidrs=", ".join(sorted(cidrs))),
                # The call itself, in English: this sentence gives it its own words.
                msg("Revoke the address rule (ec2.revoke_security_group_ingress(...)) and admit the app tier by "
                    "group reference instead: {grant}", grant=str(grant)))
    if app_id not in sources:
        return (False, resource, msg("app-db's security group(s) {groups} do not admit TCP {port} (app-db's port) "
                                     "from app-sg", groups=names, port=port), grant)
    others = sorted(sources - {app_id})
    if others:
        return (False, resource, msg("app-db's security group(s) {groups} also admit TCP {port} from "
                                     "{others}; only app-sg may reach it", groups=names, port=port,
                                     others=", ".join(label(g) for g in others)),
                msg("Revoke those rules with ec2.revoke_security_group_ingress(...)."))
    return (True, resource, msg("app-db's security group(s) {groups} admit TCP {port} only from app-sg",
                                groups=names, port=port), "")


register(Task(
    id="rds.multi_az_db",
    topic="rds",
    title="A Multi-AZ database in the db tier",
    text=(
        "Amazon RDS runs relational databases fully managed (완전 관리형): MySQL, PostgreSQL, MariaDB, "
        "Oracle, SQL Server and Aurora. In a Multi-AZ deployment (Multi-AZ 배포) the primary instance in one "
        "availability zone (가용 영역) copies every write synchronously (동기 복제) to a standby instance in "
        "a second AZ; when the primary fails, RDS fails over to the standby automatically (자동 Failover) "
        "within 60-120 seconds, behind the same endpoint. The standby is for availability only and serves "
        "no reads; for read-heavy workloads you add read replicas (읽기 전용 복제본), which are copied "
        "asynchronously and do serve reads. The seed's data tier uses both: RDS Multi-AZ (primary + "
        "standby) plus read replicas.\n\n"
        "Create DB instance `app-db` (engine `mysql` or `postgres`) in VPC `main`:\n"
        "- Multi-AZ, with its storage encrypted and not publicly accessible. Pass PubliclyAccessible=False "
        "explicitly: when it is left out, AWS decides from the subnet group, and a VPC with an internet "
        "gateway (as `main` has) makes the instance public;\n"
        "- in a DB subnet group made of exactly the two db-tier subnets of `main` (10.0.20.0/24 and "
        "10.0.21.0/24, in two AZs);\n"
        "- automated backups kept for at least 7 days, and deletion protection on;\n"
        "- its security group(s) admit the engine's port (3306 for MySQL, 5432 for PostgreSQL) only from "
        "security group `app-sg`, by group reference, never from an address range. The starter's `db-sg` "
        "admits 3306 from `app-sg`; use it, or your own group."
    ),
    starter="three-tier-security-groups",
    solution=build_multi_az_db,
    services=("ec2", "rds"),
    checks=(
        Check("rds.engine", 1, msg("app-db runs mysql or postgres"), _app_db_check(_engine, first=True),
              RDS_DOC + "USER_CreateDBInstance.html"),
        Check("RDS.5", 2, msg("app-db is Multi-AZ"), _app_db_check(_multi_az), FSBP + "#rds-5"),
        Check("RDS.3", 2, msg("app-db is encrypted at rest"), _app_db_check(_encrypted), FSBP + "#rds-3"),
        Check("RDS.2", 2, msg("app-db is not publicly accessible"), _app_db_check(_not_public), FSBP + "#rds-2"),
        Check("rds.subnet_group", 2, msg("app-db in the db subnets of main"), _app_db_check(_subnet_group),
              RDS_DOC + "USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Subnets"),
        Check("RDS.11", 1, msg("backups kept at least 7 days"), _app_db_check(_backups), FSBP + "#rds-11"),
        Check("RDS.8", 1, msg("app-db has deletion protection"), _app_db_check(_deletion_protection),
              FSBP + "#rds-8"),
        Check("rds.security_group", 2, msg("app-db reachable only from app-sg"), _app_db_check(_security_group),
              RDS_DOC + "Overview.RDSSecurityGroups.html"),
    ),
))


# -- rds.aurora_replica -----------------------------------------------------------
CLUSTER_MISSING: Result = (
    False, CLUSTER, msg("there is no DB cluster {cluster}", cluster=CLUSTER),
    msg("rds.create_db_cluster(DBClusterIdentifier='{cluster}', Engine='aurora-mysql', MasterUsername=..., "
        "MasterUserPassword=..., StorageEncrypted=True), then add instances with "
        "rds.create_db_instance(DBClusterIdentifier='{cluster}', Engine='aurora-mysql', ...)", cluster=CLUSTER),
)


def _members(snap: dict[str, Any], cluster: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(DBClusterMembers entry, its DB instance) for every member the snapshot has an instance for."""
    out = []
    for member in dicts(cluster, "DBClusterMembers"):
        instance = _instance(snap, text(member.get("DBInstanceIdentifier"), "?"))
        if instance is not None:
            out.append((member, instance))
    return out


def _writer(snap: dict[str, Any], cluster: dict[str, Any]) -> dict[str, Any] | None:
    found = [inst for member, inst in _members(snap, cluster) if member.get("IsClusterWriter") is True]
    return found[0] if found else None


def _readers(snap: dict[str, Any], cluster: dict[str, Any]) -> list[dict[str, Any]]:
    return [inst for member, inst in _members(snap, cluster) if member.get("IsClusterWriter") is False]


def _cluster_check(judge: Any, first: bool = False) -> Any:
    """Wrap a judge of the cluster so a missing cluster fails (the first check carries the full hint)."""

    def run(snap: dict[str, Any]) -> Result:
        cluster = _cluster(snap)
        if cluster is not None:
            return judge(snap, cluster)
        if first:
            return CLUSTER_MISSING
        return (False, CLUSTER, msg("there is no DB cluster {cluster}", cluster=CLUSTER),
                msg("Create the cluster first (see the rds.aurora_engine finding)."))

    return run


def _ident(instance: dict[str, Any]) -> str:
    return text(instance.get("DBInstanceIdentifier"), "?")


def _aurora_engine(snap: dict[str, Any], cluster: dict[str, Any]) -> Result:
    engine = text(cluster.get("Engine"), "?")
    if engine == "aurora-mysql":
        return True, CLUSTER, msg("{cluster} is an Aurora MySQL cluster", cluster=CLUSTER), ""
    return (False, CLUSTER, msg("{cluster} runs engine {engine}; the task asks for Aurora MySQL (aurora-mysql)",
                                cluster=CLUSTER, engine=engine),
            msg("A cluster's engine cannot change: delete it and create it again with Engine='aurora-mysql'."))


def _aurora_encrypted(snap: dict[str, Any], cluster: dict[str, Any]) -> Result:
    if cluster.get("StorageEncrypted") is True:
        return True, CLUSTER, msg("{cluster}'s storage is encrypted at rest", cluster=CLUSTER), ""
    return (False, CLUSTER, msg("{cluster}'s storage is not encrypted (StorageEncrypted is false)", cluster=CLUSTER),
            msg("Encryption is chosen when the cluster is created: create it again with StorageEncrypted=True "
                "(optionally KmsKeyId=...), or restore a snapshot into a new cluster with a KmsKeyId."))


def _zone(instance: dict[str, Any]) -> Any:
    """The instance's AZ as text() shows it, or "an unknown AZ"."""
    zone = instance.get("AvailabilityZone")
    return text(zone) if isinstance(zone, (str, int, float)) else msg("an unknown AZ")


def _aurora_writer(snap: dict[str, Any], cluster: dict[str, Any]) -> Result:
    writer = _writer(snap, cluster)
    if writer is None:
        return (False, CLUSTER, msg("{cluster} has no writer instance (no member with IsClusterWriter true)",
                                    cluster=CLUSTER),
                msg("The first instance added to a cluster becomes its writer: rds.create_db_instance("
                    "DBInstanceIdentifier=..., DBClusterIdentifier='{cluster}', Engine='aurora-mysql', "
                    "DBInstanceClass='{instance_class}', AvailabilityZone='ap-northeast-2a')", cluster=CLUSTER,
                    instance_class=READER_CLASS))
    return (True, _ident(writer), msg("{writer} is {cluster}'s writer, in {zone}", writer=_ident(writer),
                                      cluster=CLUSTER, zone=_zone(writer)), "")


def _add_reader_hint(zone: str, ident: str = "my-aurora-replica-1") -> str:
    return (f"rds.create_db_instance(DBInstanceIdentifier='{ident}', "
            f"DBClusterIdentifier='{CLUSTER}', Engine='aurora-mysql', DBInstanceClass='{READER_CLASS}', "
            f"AvailabilityZone='{zone}')")


def _reader_class(snap: dict[str, Any], cluster: dict[str, Any]) -> Result:
    readers = _readers(snap, cluster)
    if not readers:
        return (False, CLUSTER, msg("{cluster} has no reader (Aurora replica)", cluster=CLUSTER),
                msg("Add an Aurora replica: {call}", call=_add_reader_hint("ap-northeast-2b")))
    good = [r for r in readers if r.get("DBInstanceClass") == READER_CLASS]
    if good:
        return (True, _ident(good[0]), msg("{cluster} has reader(s) of class {instance_class}: {readers}",
                                           cluster=CLUSTER, instance_class=READER_CLASS,
                                           readers=", ".join(_ident(r) for r in good)), "")
    seen = _series([msg("{reader} is {instance_class}", reader=_ident(r),
                        instance_class=text(r.get("DBInstanceClass"), "?")) for r in readers])
    return (False, _ident(readers[0]), msg("no reader of {cluster} is {instance_class} ({seen})", cluster=CLUSTER,
                                           instance_class=READER_CLASS, seen=seen),
            msg("rds.modify_db_instance(DBInstanceIdentifier='{reader}', DBInstanceClass='{instance_class}', "
                "ApplyImmediately=True)", reader=_ident(readers[0]), instance_class=READER_CLASS))


def _reader_zone(snap: dict[str, Any], cluster: dict[str, Any]) -> Result:
    writer = _writer(snap, cluster)
    readers = _readers(snap, cluster)
    if writer is None or not readers:
        call = _add_reader_hint("ap-northeast-2b")
        if writer is None:
            return (False, CLUSTER, msg("{cluster} has no writer, so no reader can sit in another AZ than the writer",
                                        cluster=CLUSTER),
                    msg("Add a writer first (the first instance added becomes the writer), then a replica: {call}",
                        call=call))
        return (False, CLUSTER, msg("{cluster} has no reader, so no reader can sit in another AZ than the writer",
                                    cluster=CLUSTER),
                msg("Add an Aurora replica: {call}", call=call))
    zone = text(writer.get("AvailabilityZone"))
    # Judge the readers of the right class when there are any (one reader must have both);
    # otherwise any reader, so a wrong class is not counted twice.
    right_class = [r for r in readers if r.get("DBInstanceClass") == READER_CLASS]
    candidates = right_class or readers
    away = [r for r in candidates if text(r.get("AvailabilityZone")) not in ("", zone)]
    if zone and away:
        return (True, _ident(away[0]), msg("reader {reader} is in {zone}, a different AZ from the writer {writer} "
                                           "({writer_zone})", reader=_ident(away[0]),
                                           zone=text(away[0].get("AvailabilityZone")), writer=_ident(writer),
                                           writer_zone=zone), "")
    where = _series([msg("{reader} in {zone}", reader=_ident(r), zone=_zone(r)) for r in candidates])
    other = "ap-northeast-2b" if zone != "ap-northeast-2b" else "ap-northeast-2a"
    shown = zone or msg("unknown")
    message = (msg("no {instance_class} reader is outside the writer {writer}'s AZ ({zone}): {where}",
                   instance_class=READER_CLASS, writer=_ident(writer), zone=shown, where=where) if right_class
               else msg("no reader is outside the writer {writer}'s AZ ({zone}): {where}", writer=_ident(writer),
                        zone=shown, where=where))
    return (False, _ident(candidates[0]), message,
            msg("An instance cannot move to another AZ: add a replica there, {call}, then delete the reader in the "
                "writer's AZ.", call=_add_reader_hint(other, "my-aurora-replica-2")))


def solve_aurora_replica(lab: Lab) -> None:
    """The seed's Aurora MySQL cluster: encrypted, writer in 2a, replica in 2b (in db-subnets, db-sg)."""
    rds = lab.client("rds")
    rds.create_db_cluster(
        DBClusterIdentifier=CLUSTER,
        Engine="aurora-mysql",
        MasterUsername="admin",
        MasterUserPassword="not-a-real-password-1",
        StorageEncrypted=True,
        DBSubnetGroupName="db-subnets",
        VpcSecurityGroupIds=[group_id(lab, "db-sg")],
    )
    for ident, zone, tags in (
        ("my-aurora-writer", "a", []),
        ("my-aurora-replica-1", "b", [{"Key": "Purpose", "Value": "ReadReplica"},
                                      {"Key": "Environment", "Value": "Production"}]),
    ):
        rds.create_db_instance(
            DBInstanceIdentifier=ident,
            DBInstanceClass=READER_CLASS,
            Engine="aurora-mysql",
            DBClusterIdentifier=CLUSTER,
            AvailabilityZone=f"{lab.region}{zone}",
            Tags=tags,
        )


register(Task(
    id="rds.aurora_replica",
    topic="rds",
    title="An Aurora MySQL cluster with a replica in another AZ",
    text=(
        "Amazon Aurora is the RDS engine compatible with MySQL and PostgreSQL, with up to 5 times the "
        "performance (최대 5배 성능 향상). An Aurora cluster keeps its data in one cluster volume shared by "
        "its instances: one writer and up to 15 Aurora replicas (읽기 전용 복제본) that serve reads and "
        "can be promoted if the writer fails. Applications split reads and writes (읽기/쓰기 분리): writes "
        "go to the writer endpoint `my-aurora-cluster.cluster-xxxx.ap-northeast-2.rds.amazonaws.com`, "
        "reads to the reader endpoint `my-aurora-cluster.cluster-ro-xxxx.ap-northeast-2.rds.amazonaws.com`.\n\n"
        "Create Aurora MySQL cluster `my-aurora-cluster` (Engine `aurora-mysql`) with encrypted storage "
        "(encryption can only be chosen when the cluster is created). Give it a writer instance and at "
        "least one reader of class `db.r6g.large` in a different availability zone (가용 영역) from the "
        "writer, as in the seed: writer in ap-northeast-2a, replica `my-aurora-replica-1` in "
        "ap-northeast-2b. The first instance added to a cluster becomes the writer; "
        "`DBClusterMembers[].IsClusterWriter` in describe_db_clusters says which is which. The starter "
        "gives you DB subnet group `db-subnets` (the db subnets of `main`) and `db-sg`: use them to keep "
        "the cluster private (the grader does not require a VPC)."
    ),
    starter="db-subnet-group",
    solution=solve_aurora_replica,
    services=("rds",),
    checks=(
        Check("rds.aurora_engine", 1, msg("my-aurora-cluster runs aurora-mysql"),
              _cluster_check(_aurora_engine, first=True), AURORA_DOC + "Aurora.AuroraMySQL.html"),
        Check("RDS.27", 2, msg("my-aurora-cluster is encrypted at rest"), _cluster_check(_aurora_encrypted),
              FSBP + "#rds-27"),
        Check("rds.aurora_writer", 1, msg("the cluster has a writer"), _cluster_check(_aurora_writer),
              AURORA_DOC + "Aurora.Overview.html"),
        Check("rds.aurora_reader_class", 2, msg("a {instance_class} reader", instance_class=READER_CLASS),
              _cluster_check(_reader_class), AURORA_DOC + "Concepts.DBInstanceClass.html"),
        Check("rds.aurora_reader_az", 2, msg("the reader is in another AZ than the writer"),
              _cluster_check(_reader_zone), AURORA_DOC + "aurora-replicas-adding.html"),
    ),
))
