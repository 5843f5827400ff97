"""RDS tasks: the seed's Multi-AZ database in the db tier, and an Aurora cluster with a replica.

Both read only the snapshot's ``rds`` section (and ``ec2`` for the network and the
security groups). moto omits ``PubliclyAccessible`` when it was not passed at
creation; the check then applies AWS's documented default (public when the
subnet group's VPC has an internet gateway) and says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..grading import Check, Task
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
    False, APP_DB, "there is no DB instance app-db",
    "Create it: rds.create_db_instance(DBInstanceIdentifier='app-db', Engine='mysql' or 'postgres', "
    "DBInstanceClass='db.t3.medium', AllocatedStorage=20, MasterUsername=..., MasterUserPassword=..., "
    "MultiAZ=True, StorageEncrypted=True, PubliclyAccessible=False, DBSubnetGroupName=..., "
    "VpcSecurityGroupIds=[...], BackupRetentionPeriod=7, DeletionProtection=True)",
)
MAIN_MISSING: Result = (
    False, "vpc main", "there is no VPC tagged Name=main to put app-db in",
    "Start from scenario 'three-tier-security-groups' (labkit.Lab('three-tier-security-groups')).",
)


def _app_db_check(judge: Any, first: bool = False) -> Any:
    """Wrap a judge of app-db so a missing instance fails (the first check carries the full hint)."""

    def run(snap: dict[str, Any]) -> Result:
        db = _instance(snap, APP_DB)
        if db is not None:
            return judge(snap, db)
        if first:
            return APP_DB_MISSING
        return False, APP_DB, "there is no DB instance app-db", "Create app-db first (see the rds.engine finding)."

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
        return True, APP_DB, f"app-db runs {engine}", ""
    return (False, APP_DB, f"app-db runs engine {engine}; the task asks for mysql or postgres",
            "The engine cannot be changed: delete app-db (turn deletion protection off first) and create "
            "it again with Engine='mysql' or Engine='postgres'.")


def _multi_az(snap: dict[str, Any], db: dict[str, Any]) -> Result:
    if db.get("MultiAZ") is True:
        return True, APP_DB, "app-db is a Multi-AZ deployment (a standby in a second AZ)", ""
    return (False, APP_DB, "app-db is Single-AZ (MultiAZ is false): no standby in a second AZ to fail over to",
            "rds.modify_db_instance(DBInstanceIdentifier='app-db', MultiAZ=True, ApplyImmediately=True)")


def _encrypted(snap: dict[str, Any], db: dict[str, Any]) -> Result:
    if db.get("StorageEncrypted") is True:
        return True, APP_DB, "app-db's storage is encrypted at rest", ""
    return (False, APP_DB, "app-db's storage is not encrypted (StorageEncrypted is false)",
            "Encryption is chosen at creation: create app-db again with StorageEncrypted=True (optionally "
            "KmsKeyId=...), or restore it from a snapshot copied with a KmsKeyId.")


def _igw_attached(snap: dict[str, Any], vpc_id: str) -> str:
    """The id of an internet gateway attached to ``vpc_id``, or ""."""
    for igw in net.items(snap, "internet_gateways"):
        for attachment in dicts(igw, "Attachments"):
            if attachment.get("VpcId") == vpc_id and attachment.get("State") not in ("detached", "detaching"):
                return text(igw.get("InternetGatewayId"), "an internet gateway")
    return ""


def _not_public(snap: dict[str, Any], db: dict[str, Any]) -> Result:
    value = db.get("PubliclyAccessible")
    fix = "rds.modify_db_instance(DBInstanceIdentifier='app-db', PubliclyAccessible=False, ApplyImmediately=True)"
    if value is False:
        return True, APP_DB, "app-db is not publicly accessible", ""
    if value is True:
        return (False, APP_DB, "app-db is publicly accessible (PubliclyAccessible is true): its endpoint "
                "resolves to a public address", fix)
    # Not reported: it was not passed at creation. AWS's documented default then depends
    # on the subnet group: public when the subnets' VPC has an internet gateway attached.
    vpc_id = text(sub(db, "DBSubnetGroup").get("VpcId"))
    lead = "app-db does not report PubliclyAccessible (it was not set when app-db was created). "
    if not vpc_id:
        return (False, APP_DB, lead + "Without a DB subnet group AWS places the instance in the default VPC, "
                "whose internet gateway makes it public by default", fix)
    igw = _igw_attached(snap, vpc_id)
    if igw:
        return (False, APP_DB, lead + f"AWS's default follows the subnet group's VPC: {vpc_id} has internet "
                f"gateway {igw} attached, so by default app-db is publicly accessible", fix)
    return (True, APP_DB, lead + f"AWS's default follows the subnet group's VPC: {vpc_id} has no internet "
            "gateway, so app-db is private (setting PubliclyAccessible=False explicitly is clearer)", "")


def _subnet_label(snap: dict[str, Any], subnet: dict[str, Any]) -> str:
    """``10.0.0.0/24 (public tier, default route to igw-…)`` and the like, for messages."""
    cidr = text(subnet.get("CidrBlock"), text(subnet.get("SubnetId"), "?"))
    tier = next((t for t, cidrs in THREE_TIER_SUBNETS.items() if cidr in cidrs), "")
    target = net.default_route_target(snap, subnet) or ""
    notes = [f"{tier} tier"] if tier else []
    if target.startswith("igw-"):
        notes.append(f"a public subnet: default route to {target}")
    return f"{cidr} ({', '.join(notes)})" if notes else cidr


def _subnet_group(snap: dict[str, Any], db: dict[str, Any]) -> Result:
    vpc = net.vpc_named(snap, "main")
    if vpc is None:
        return MAIN_MISSING
    hint = ("Use a DB subnet group of exactly the two db subnets: rds.create_db_subnet_group("
            "DBSubnetGroupName='db-subnets', DBSubnetGroupDescription='...', SubnetIds=[<10.0.20.0/24 id>, "
            "<10.0.21.0/24 id>]) when creating app-db, or rds.modify_db_subnet_group(DBSubnetGroupName=..., "
            "SubnetIds=[...]) to fix the group it has.")
    # The instance carries its subnet group; moto's modify_db_subnet_group drops a group
    # from describe_db_subnet_groups but keeps it current here, so read this copy first.
    group = sub(db, "DBSubnetGroup")
    name = text(group.get("DBSubnetGroupName"))
    if not name:
        return (False, APP_DB, "app-db has no DB subnet group, so it is not in VPC main's db subnets", hint)
    if not dicts(group, "Subnets"):
        group = next((g for g in _items(snap, "db_subnet_groups") if g.get("DBSubnetGroupName") == name), group)
    by_id = {text(s.get("SubnetId")): s for s in net.items(snap, "subnets")}
    wanted = THREE_TIER_SUBNETS["db"]
    found: list[dict[str, Any]] = []
    problems = []
    for entry in dicts(group, "Subnets"):
        sid = text(entry.get("SubnetIdentifier"), "?")
        subnet = by_id.get(sid)
        if subnet is None:
            problems.append(f"subnet {sid} is not in the snapshot")
        elif subnet.get("VpcId") != vpc.get("VpcId"):
            problems.append(f"{_subnet_label(snap, subnet)} is not in VPC main")
        elif subnet.get("CidrBlock") not in wanted:
            problems.append(f"{_subnet_label(snap, subnet)} is not a db-tier subnet")
        else:
            found.append(subnet)
    have = {s.get("CidrBlock") for s in found}
    problems += [f"db subnet {cidr} is missing" for cidr in wanted if cidr not in have]
    zones = {text(s.get("AvailabilityZone")) for s in found}
    if not problems and len(zones) < 2:
        problems.append(f"both db subnets are in {', '.join(sorted(zones))}")
    if problems:
        return False, name, f"app-db's DB subnet group {name}: " + "; ".join(problems), hint
    return (True, name, f"app-db's DB subnet group {name} is the db subnets 10.0.20.0/24 and 10.0.21.0/24 "
            f"in {' and '.join(sorted(zones))}", "")


def _backups(snap: dict[str, Any], db: dict[str, Any]) -> Result:
    days = num(db.get("BackupRetentionPeriod"))
    if days is not None and days >= 7:
        return True, APP_DB, f"app-db keeps automated backups for {days} days", ""
    shown = "0 (automated backups off)" if days == 0 else f"{days} day{'s' if days != 1 else ''}"
    return (False, APP_DB, f"app-db keeps automated backups for {shown if days is not None else 'an unknown time'}"
            ", fewer than 7 days",
            "rds.modify_db_instance(DBInstanceIdentifier='app-db', BackupRetentionPeriod=7, ApplyImmediately=True)")


def _deletion_protection(snap: dict[str, Any], db: dict[str, Any]) -> Result:
    if db.get("DeletionProtection") is True:
        return True, APP_DB, "app-db has deletion protection", ""
    return (False, APP_DB, "app-db has no deletion protection: one delete_db_instance call removes it",
            "rds.modify_db_instance(DBInstanceIdentifier='app-db', DeletionProtection=True, ApplyImmediately=True)")


def _security_group(snap: dict[str, Any], db: dict[str, Any]) -> Result:
    vpc = net.vpc_named(snap, "main")
    if vpc is None:
        return MAIN_MISSING
    groups = {text(g.get("GroupId")): g for g in net.items(snap, "security_groups")}
    app = net.groups_of(snap, text(vpc.get("VpcId"))).get("app-sg")
    if app is None:
        return (False, "app-sg", "there is no security group app-sg in VPC main to admit app-db's clients from",
                "Start from scenario 'three-tier-security-groups', which builds app-sg.")
    app_id = text(app.get("GroupId"))
    port = _port(db)
    attached = [text(g.get("VpcSecurityGroupId")) for g in dicts(db, "VpcSecurityGroups")
                if g.get("Status", "active") not in ("inactive", "removing")]
    attached = [gid for gid in attached if gid]

    def label(gid: str) -> str:
        name = text(groups.get(gid, {}).get("GroupName"))
        return f"{name} ({gid})" if name else gid

    target = attached[0] if attached else "<db-sg id>"
    grant = (f"ec2.authorize_security_group_ingress(GroupId='{target}', IpPermissions=[{{'IpProtocol': "
             f"'tcp', 'FromPort': {port}, 'ToPort': {port}, 'UserIdGroupPairs': [{{'GroupId': '{app_id}'}}]}}])")
    if not attached:
        return (False, APP_DB, "app-db has no VPC security group",
                "rds.modify_db_instance(DBInstanceIdentifier='app-db', VpcSecurityGroupIds=[<db-sg id>], "
                "ApplyImmediately=True)")
    resource = ", ".join(attached)
    unknown = [gid for gid in attached if gid not in groups]
    if unknown:
        return (False, resource, f"app-db uses security group(s) {', '.join(unknown)}, which are not in the "
                "snapshot's EC2 section", "Attach a group of VPC main: rds.modify_db_instance(DBInstanceIdentifier="
                "'app-db', VpcSecurityGroupIds=[<db-sg id>], ApplyImmediately=True)")
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
        return (False, resource, f"app-db's security group(s) {names} admit TCP {port} from address ranges "
                f"{', '.join(sorted(cidrs))}; only app-sg may reach it",
                "Revoke the address rule (ec2.revoke_security_group_ingress(...)) and admit the app tier by "
                "group reference instead: " + grant)
    if app_id not in sources:
        return (False, resource, f"app-db's security group(s) {names} do not admit TCP {port} (app-db's port) "
                "from app-sg", grant)
    others = sorted(sources - {app_id})
    if others:
        return (False, resource, f"app-db's security group(s) {names} also admit TCP {port} from "
                f"{', '.join(label(g) for g in others)}; only app-sg may reach it",
                "Revoke those rules with ec2.revoke_security_group_ingress(...).")
    return True, resource, f"app-db's security group(s) {names} admit TCP {port} only from app-sg", ""


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
        Check("rds.engine", 1, "app-db runs mysql or postgres", _app_db_check(_engine, first=True),
              RDS_DOC + "USER_CreateDBInstance.html"),
        Check("RDS.5", 2, "app-db is Multi-AZ", _app_db_check(_multi_az), FSBP + "#rds-5"),
        Check("RDS.3", 2, "app-db is encrypted at rest", _app_db_check(_encrypted), FSBP + "#rds-3"),
        Check("RDS.2", 2, "app-db is not publicly accessible", _app_db_check(_not_public), FSBP + "#rds-2"),
        Check("rds.subnet_group", 2, "app-db in the db subnets of main", _app_db_check(_subnet_group),
              RDS_DOC + "USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Subnets"),
        Check("RDS.11", 1, "backups kept at least 7 days", _app_db_check(_backups), FSBP + "#rds-11"),
        Check("RDS.8", 1, "app-db has deletion protection", _app_db_check(_deletion_protection),
              FSBP + "#rds-8"),
        Check("rds.security_group", 2, "app-db reachable only from app-sg", _app_db_check(_security_group),
              RDS_DOC + "Overview.RDSSecurityGroups.html"),
    ),
))


# -- rds.aurora_replica -----------------------------------------------------------
CLUSTER_MISSING: Result = (
    False, CLUSTER, f"there is no DB cluster {CLUSTER}",
    f"rds.create_db_cluster(DBClusterIdentifier='{CLUSTER}', Engine='aurora-mysql', MasterUsername=..., "
    "MasterUserPassword=..., StorageEncrypted=True), then add instances with "
    f"rds.create_db_instance(DBClusterIdentifier='{CLUSTER}', Engine='aurora-mysql', ...)",
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
        return (False, CLUSTER, f"there is no DB cluster {CLUSTER}",
                "Create the cluster first (see the rds.aurora_engine finding).")

    return run


def _ident(instance: dict[str, Any]) -> str:
    return text(instance.get("DBInstanceIdentifier"), "?")


def _aurora_engine(snap: dict[str, Any], cluster: dict[str, Any]) -> Result:
    engine = text(cluster.get("Engine"), "?")
    if engine == "aurora-mysql":
        return True, CLUSTER, f"{CLUSTER} is an Aurora MySQL cluster", ""
    return (False, CLUSTER, f"{CLUSTER} runs engine {engine}; the task asks for Aurora MySQL (aurora-mysql)",
            "A cluster's engine cannot change: delete it and create it again with Engine='aurora-mysql'.")


def _aurora_encrypted(snap: dict[str, Any], cluster: dict[str, Any]) -> Result:
    if cluster.get("StorageEncrypted") is True:
        return True, CLUSTER, f"{CLUSTER}'s storage is encrypted at rest", ""
    return (False, CLUSTER, f"{CLUSTER}'s storage is not encrypted (StorageEncrypted is false)",
            "Encryption is chosen when the cluster is created: create it again with StorageEncrypted=True "
            "(optionally KmsKeyId=...), or restore a snapshot into a new cluster with a KmsKeyId.")


def _aurora_writer(snap: dict[str, Any], cluster: dict[str, Any]) -> Result:
    writer = _writer(snap, cluster)
    if writer is None:
        return (False, CLUSTER, f"{CLUSTER} has no writer instance (no member with IsClusterWriter true)",
                f"The first instance added to a cluster becomes its writer: rds.create_db_instance("
                f"DBInstanceIdentifier=..., DBClusterIdentifier='{CLUSTER}', Engine='aurora-mysql', "
                f"DBInstanceClass='{READER_CLASS}', AvailabilityZone='ap-northeast-2a')")
    zone = text(writer.get("AvailabilityZone"), "an unknown AZ")
    return True, _ident(writer), f"{_ident(writer)} is {CLUSTER}'s writer, in {zone}", ""


def _add_reader_hint(zone: str, ident: str = "my-aurora-replica-1") -> str:
    return (f"rds.create_db_instance(DBInstanceIdentifier='{ident}', "
            f"DBClusterIdentifier='{CLUSTER}', Engine='aurora-mysql', DBInstanceClass='{READER_CLASS}', "
            f"AvailabilityZone='{zone}')")


def _reader_class(snap: dict[str, Any], cluster: dict[str, Any]) -> Result:
    readers = _readers(snap, cluster)
    if not readers:
        return (False, CLUSTER, f"{CLUSTER} has no reader (Aurora replica)",
                "Add an Aurora replica: " + _add_reader_hint("ap-northeast-2b"))
    good = [r for r in readers if r.get("DBInstanceClass") == READER_CLASS]
    if good:
        return (True, _ident(good[0]), f"{CLUSTER} has reader(s) of class {READER_CLASS}: "
                f"{', '.join(_ident(r) for r in good)}", "")
    seen = ", ".join(f"{_ident(r)} is {text(r.get('DBInstanceClass'), '?')}" for r in readers)
    return (False, _ident(readers[0]), f"no reader of {CLUSTER} is {READER_CLASS} ({seen})",
            f"rds.modify_db_instance(DBInstanceIdentifier='{_ident(readers[0])}', DBInstanceClass='{READER_CLASS}', "
            "ApplyImmediately=True)")


def _reader_zone(snap: dict[str, Any], cluster: dict[str, Any]) -> Result:
    writer = _writer(snap, cluster)
    readers = _readers(snap, cluster)
    if writer is None or not readers:
        missing = "writer" if writer is None else "reader"
        first = "Add a writer first (the first instance added becomes the writer), then a replica: " if (
            writer is None) else "Add an Aurora replica: "
        return (False, CLUSTER, f"{CLUSTER} has no {missing}, so no reader can sit in another AZ than the writer",
                first + _add_reader_hint("ap-northeast-2b"))
    zone = text(writer.get("AvailabilityZone"))
    # Judge the readers of the right class when there are any (one reader must have both);
    # otherwise any reader, so a wrong class is not counted twice.
    right_class = [r for r in readers if r.get("DBInstanceClass") == READER_CLASS]
    candidates = right_class or readers
    away = [r for r in candidates if text(r.get("AvailabilityZone")) not in ("", zone)]
    if zone and away:
        return (True, _ident(away[0]), f"reader {_ident(away[0])} is in {text(away[0].get('AvailabilityZone'))}, "
                f"a different AZ from the writer {_ident(writer)} ({zone})", "")
    where = ", ".join(f"{_ident(r)} in {text(r.get('AvailabilityZone'), 'an unknown AZ')}" for r in candidates)
    other = "ap-northeast-2b" if zone != "ap-northeast-2b" else "ap-northeast-2a"
    kind = f"{READER_CLASS} reader" if right_class else "reader"
    return (False, _ident(candidates[0]), f"no {kind} is outside the writer {_ident(writer)}'s AZ "
            f"({zone or 'unknown'}): {where}",
            "An instance cannot move to another AZ: add a replica there, " + _add_reader_hint(other, "my-aurora-replica-2")
            + ", then delete the reader in the writer's AZ.")


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
        Check("rds.aurora_engine", 1, "my-aurora-cluster runs aurora-mysql", _cluster_check(_aurora_engine, first=True),
              AURORA_DOC + "Aurora.AuroraMySQL.html"),
        Check("RDS.27", 2, "my-aurora-cluster is encrypted at rest", _cluster_check(_aurora_encrypted),
              FSBP + "#rds-27"),
        Check("rds.aurora_writer", 1, "the cluster has a writer", _cluster_check(_aurora_writer),
              AURORA_DOC + "Aurora.Overview.html"),
        Check("rds.aurora_reader_class", 2, f"a {READER_CLASS} reader", _cluster_check(_reader_class),
              AURORA_DOC + "Concepts.DBInstanceClass.html"),
        Check("rds.aurora_reader_az", 2, "the reader is in another AZ than the writer",
              _cluster_check(_reader_zone), AURORA_DOC + "aurora-replicas-adding.html"),
    ),
))
