# %% [markdown]
# # 05 · Amazon RDS and Aurora — managed relational databases (관계형 데이터베이스)
#
# Amazon RDS (Relational Database Service) runs relational databases for you, **fully
# managed** (완전 관리형): AWS provisions the hardware, installs and patches the engine, takes
# backups, replaces failed hosts and fails over to a standby. You keep the parts only you
# can do: schema, queries, indexes, users and who may connect.
#
# **In this notebook you will**
# 1. meet the engines RDS runs (지원 엔진) and the network a database lives in: a **DB subnet
#    group** (DB 서브넷 그룹) in the isolated db tier, reachable only from the app tier;
# 2. understand a **Multi-AZ deployment** (Multi-AZ 배포): a synchronous standby in a second
#    availability zone (가용 영역) and automatic failover within **60–120 seconds**;
# 3. build the seed's database: Multi-AZ, **encrypted**, private, with **automated backups**
#    and deletion protection — then try to delete it, snapshot it, and add a **read replica**
#    (읽기 전용 복제본);
# 4. build an **Aurora** cluster with a writer and a replica in another AZ, and split reads
#    from writes with its **writer and reader endpoints** (읽기/쓰기 분리).
#
# Two graded lab tasks: `rds.multi_az_db` and `rds.aurora_replica`.

# %% [markdown]
# ## 1. Engines (지원 엔진) and what "managed" takes off your hands
#
# | Engine | `Engine` in the API | Default port | Notes |
# |---|---|---|---|
# | Amazon Aurora (MySQL-compatible) | `aurora-mysql` | 3306 | AWS's own engine; up to 5× the throughput of MySQL (최대 5배 성능 향상) |
# | Amazon Aurora (PostgreSQL-compatible) | `aurora-postgresql` | 5432 | same storage design; up to 3× PostgreSQL |
# | MySQL | `mysql` | 3306 | open source |
# | PostgreSQL | `postgres` | 5432 | open source |
# | MariaDB | `mariadb` | 3306 | open source, a MySQL fork |
# | Oracle Database | `oracle-ee`, `oracle-se2`, … | 1521 | commercial licence (bring your own, or licence included for SE2) |
# | Microsoft SQL Server | `sqlserver-ee`, `sqlserver-se`, `sqlserver-ex`, `sqlserver-web` | 1433 | commercial, licence included |
#
# The seed's list leaves out one newer engine: **IBM Db2** (`db2-se`, `db2-ae`), on RDS since late 2023.
#
# | AWS does (managed) | You do |
# |---|---|
# | hardware, OS, engine installation and minor-version patching (in your maintenance window) | schema, queries, indexes, engine parameters |
# | automated backups and point-in-time restore | choosing the retention, testing restores |
# | Multi-AZ standby and automatic failover | choosing Multi-AZ, retrying connections in the app |
# | storage encryption with KMS | turning it on (at creation), choosing the key |
# | monitoring metrics (CloudWatch) | alarms, and acting on them |
#
# No SSH into the host, no `root` on the OS: that is the price of "managed".
#
# ## 2. Where a database lives: the db tier
#
# The lab starts from scenario `three-tier-security-groups`: VPC `main` (10.0.0.0/16) with
# public, app and db subnets in two AZs, and the three security groups of the VPC notebook.

# %%
import textwrap

import labkit
from botocore.exceptions import ClientError
from IPython.display import display
from labkit.diagrams import concepts

lab = labkit.start("three-tier-security-groups", seed=0)
ec2, rds = lab.client("ec2"), lab.client("rds")


def vpc_main():
    """The id of VPC main."""
    return ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["main"]}])["Vpcs"][0]["VpcId"]


def tags(resource):
    return {t["Key"]: t["Value"] for t in resource.get("Tags", [])}


def show_task(task_id):
    """Print a lab task's title, points and text, wrapped for reading."""
    task = labkit.task(task_id)
    print(f"{task.title}  [{task_id}: {task.max_score:g} points, starter scenario {task.starter!r}]\n")
    for line in task.text.splitlines():
        print(textwrap.fill(line, 100, subsequent_indent="  " if line.startswith("- ") else ""))


subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc_main()]}])["Subnets"]
labkit.table(
    sorted(({"Name": tags(s).get("Name"), "Tier": tags(s).get("Tier"), "CIDR": s["CidrBlock"],
             "AZ": s["AvailabilityZone"], "Id": s["SubnetId"]} for s in subnets), key=lambda r: r["CIDR"]),
    title="Subnets of VPC main",
)

# %% [markdown]
# The **db tier** (10.0.20.0/24 and 10.0.21.0/24) has no route to the internet at all — not
# even through the NAT gateway. That is where the database goes. Its firewall is security
# group `db-sg` (보안 그룹), which admits MySQL's port 3306 only from members of `app-sg`:

# %%
def group_rules(vpc_id):
    """One row per inbound rule of every named security group of ``vpc_id``."""
    groups = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["SecurityGroups"]
    names = {g["GroupId"]: g["GroupName"] for g in groups}
    rows = []
    for group in sorted(groups, key=lambda g: g["GroupName"]):
        for rule in group["IpPermissions"]:
            sources = [r["CidrIp"] for r in rule.get("IpRanges", [])]
            sources += [names.get(p["GroupId"], p["GroupId"]) for p in rule.get("UserIdGroupPairs", [])]
            ports = f'{rule.get("FromPort")}-{rule.get("ToPort")}' if rule.get("FromPort") != rule.get("ToPort") \
                else str(rule.get("FromPort"))
            rows.append({"Group": group["GroupName"], "Protocol": rule["IpProtocol"], "Port": ports,
                         "From": ", ".join(sources)})
    return labkit.table(rows, title="Inbound rules")


group_rules(vpc_main())

# %% [markdown]
# ### DB subnet groups (DB 서브넷 그룹)
#
# You do not launch a database *into a subnet* the way you launch an EC2 instance. You give
# RDS a **DB subnet group** — a named set of subnets of one VPC — and RDS picks the subnet
# for the primary (and for the standby) from it. Rules:
# - the subnets must cover **at least two AZs**, even for a Single-AZ database, so RDS can
#   place a standby or move the instance later;
# - the group decides the VPC: the database gets private addresses in those subnets;
# - use the **db-tier subnets**: with no route to the internet, the database stays
#   unreachable from outside whatever else goes wrong.
#
# > **moto vs AWS:** the lab accepts a DB subnet group whose subnets are all in one AZ; AWS
# > refuses it with `DBSubnetGroupDoesNotCoverEnoughAZs`.
#
# ## 3. Multi-AZ deployments (Multi-AZ 배포)
#
# In a Multi-AZ deployment RDS keeps a **standby** instance in a second AZ and copies
# every write to it **synchronously** (동기 복제): a transaction commits only when both copies
# have it, so failing over loses nothing that was committed.

# %%
concepts.show("rds_multi_az")

# %% [markdown]
# When the primary fails — its host, its storage, its whole AZ — or during maintenance that
# needs a restart, RDS **fails over automatically (자동 Failover)**:
#
# | Step | What happens |
# |---|---|
# | 1 | RDS detects that the primary is unhealthy |
# | 2 | the standby is promoted to primary (it already has every committed write) |
# | 3 | the DB endpoint's DNS record (`app-db.xxxx.ap-northeast-2.rds.amazonaws.com`) is pointed at the new primary |
# | 4 | applications reconnect to the **same endpoint** and carry on |
# | — | total: **60–120 seconds** (장애 발생 시: 자동 Failover, 60-120초 이내) |
# | later | RDS builds a new standby in the other AZ |
#
# What this means for the application: it must **retry** failed connections and must not
# cache the endpoint's IP address for long (short DNS TTL). What Multi-AZ does **not** do:
# the standby serves **no reads** — it is there only for availability.
#
# For reads, RDS has **read replicas** (읽기 전용 복제본). The seed's 3-tier data tier uses
# both: "RDS Multi-AZ (Primary + Standby) + Read Replicas for read-heavy workloads".
#
# | | Multi-AZ standby | Read replica | Aurora replica |
# |---|---|---|---|
# | copied | synchronously | asynchronously (may lag) | shares the cluster's storage volume |
# | serves reads | no | yes, on its own endpoint | yes, through the reader endpoint |
# | purpose | availability (failover) | read scaling; a copy in another region | both |
# | failover | automatic, 60–120 s | promoted by you (becomes a standalone DB) | automatic, usually under 30 s |
# | how many | one | up to 15 (MySQL, MariaDB, PostgreSQL) | up to 15 |
#
# > **Today's options.** Besides the one-standby deployment the seed draws, RDS for MySQL
# > and PostgreSQL now also offers a **Multi-AZ DB cluster**: a writer and two *readable*
# > standbys in three AZs, failing over typically in under 35 seconds.
#
# ## 4. Encryption, backups and the other settings of a safe database
#
# - **Encryption at rest** (저장 데이터 암호화): `StorageEncrypted=True` encrypts the
#   storage, the automated backups, snapshots, replicas and logs with a KMS key (the AWS
#   managed `aws/rds` key, or yours with `KmsKeyId`). It can only be chosen **at creation**:
#   to encrypt an existing database, snapshot it, copy the snapshot with a KMS key, and
#   restore the copy. In transit, clients connect with TLS.
# - **Not publicly accessible**: `PubliclyAccessible=False` gives the endpoint private
#   addresses only. Pass it **explicitly**: if you leave it out, AWS decides from the
#   subnet group — public when the VPC has an internet gateway, as `main` does.
# - **Automated backups** (자동 백업): a daily snapshot in the backup window plus the
#   transaction logs, so you can restore to **any second** of the retention period (up to
#   about the last 5 minutes). Retention is 1–35 days (0 turns backups off); the API's
#   default is 1 day, keep at least 7. **Manual snapshots** stay until you delete them.
# - **Deletion protection**: `DeletionProtection=True` makes `delete_db_instance` fail until
#   someone turns it off on purpose.
# - **Security group**: admit the engine's port only from the app tier's security group,
#   by **group reference**, never from an address range.
#
# ### Lab task `rds.multi_az_db`
#
# Create DB instance `app-db` (MySQL or PostgreSQL) in VPC `main`:
# - Multi-AZ, storage encrypted, `PubliclyAccessible=False`;
# - in a DB subnet group of exactly the two db-tier subnets (10.0.20.0/24 and 10.0.21.0/24);
# - automated backups kept at least 7 days, deletion protection on;
# - its security group admits the engine's port only from `app-sg` (the starter's `db-sg`
#   does exactly that for 3306).
#
# The starter, `three-tier-security-groups`, is what you have been looking at: the network
# and the three security groups, no database yet.

# %%
lab = labkit.start(labkit.task("rds.multi_az_db").starter, seed=0, replace=True)
ec2, rds = lab.client("ec2"), lab.client("rds")
show_task("rds.multi_az_db")

# %% tags=["solution"] labkit={"task": "rds.multi_az_db"}
# 1. A DB subnet group of the two db-tier subnets of main (tagged Tier=db).
vpc_id = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["main"]}])["Vpcs"][0]["VpcId"]
db_subnets = ec2.describe_subnets(
    Filters=[{"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "tag:Tier", "Values": ["db"]}]
)["Subnets"]
rds.create_db_subnet_group(
    DBSubnetGroupName="db-subnets",
    DBSubnetGroupDescription="The two db-tier subnets of VPC main",
    SubnetIds=[s["SubnetId"] for s in db_subnets],
)
print("db-subnets:", sorted(f'{s["CidrBlock"]} in {s["AvailabilityZone"]}' for s in db_subnets))

# %% tags=["solution"] labkit={"task": "rds.multi_az_db"}
# 2. The database: Multi-AZ, encrypted, private, backed up, protected, behind db-sg.
db_sg = ec2.describe_security_groups(
    Filters=[{"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "group-name", "Values": ["db-sg"]}]
)["SecurityGroups"][0]["GroupId"]

db = rds.create_db_instance(
    DBInstanceIdentifier="app-db",
    Engine="mysql",
    DBInstanceClass="db.t3.medium",
    AllocatedStorage=20,
    MasterUsername="admin",
    MasterUserPassword="not-a-real-password-1",  # in real life: ManageMasterUserPassword=True (Secrets Manager)
    MultiAZ=True,
    StorageEncrypted=True,
    PubliclyAccessible=False,
    DBSubnetGroupName="db-subnets",
    VpcSecurityGroupIds=[db_sg],
    BackupRetentionPeriod=7,
    DeletionProtection=True,
)["DBInstance"]
print("created", db["DBInstanceIdentifier"], "-", db["DBInstanceStatus"])

# %% tags=["check"]
labkit.grade("rds.multi_az_db")

# %% [markdown]
# Read the database back as RDS describes it — whatever way you built it:

# %%
def describe_db(ident):
    """describe_db_instances for one instance, or None if there is none."""
    try:
        return rds.describe_db_instances(DBInstanceIdentifier=ident)["DBInstances"][0]
    except ClientError as err:
        if err.response["Error"]["Code"] == "DBInstanceNotFound":
            return None
        raise


app_db = describe_db("app-db")
if app_db is None:
    print("There is no DB instance app-db yet.")
else:
    group_names = {g["GroupId"]: g["GroupName"] for g in ec2.describe_security_groups()["SecurityGroups"]}
    display(labkit.table([
        ("Engine", f'{app_db["Engine"]} {app_db["EngineVersion"]} on {app_db["DBInstanceClass"]}'),
        ("Endpoint", f'{app_db["Endpoint"]["Address"]}:{app_db["Endpoint"]["Port"]}'),
        ("Multi-AZ", app_db["MultiAZ"]),
        ("Primary in", app_db["AvailabilityZone"]),
        ("Storage encrypted", app_db["StorageEncrypted"]),
        ("Publicly accessible", app_db.get("PubliclyAccessible", "not reported")),
        ("DB subnet group", app_db["DBSubnetGroup"]["DBSubnetGroupName"]),
        ("Subnets", sorted(s["SubnetAvailabilityZone"]["Name"] for s in app_db["DBSubnetGroup"]["Subnets"])),
        ("Security groups", [group_names.get(g["VpcSecurityGroupId"]) for g in app_db["VpcSecurityGroups"]]),
        ("Backups kept (days)", app_db["BackupRetentionPeriod"]),
        ("Backup window (UTC)", app_db["PreferredBackupWindow"]),
        ("Deletion protection", app_db["DeletionProtection"]),
    ], ["Setting", "Value"], title="app-db"))

# %% [markdown]
# The network view of your account draws it: the primary in one db subnet, the standby in
# the other AZ's db subnet, synchronous replication between them, and `db-sg` admitting
# 3306 from `app-sg`.

# %%
labkit.diagram(view="network")

# %% [markdown]
# > **moto vs AWS:**
# > - RDS instances are `available` **the instant** `create_db_instance` returns. In AWS
# >   creation takes several minutes (a Multi-AZ one longer): wait with
# >   `rds.get_waiter("db_instance_available").wait(DBInstanceIdentifier="app-db")`.
# > - AWS reports the standby's AZ in `SecondaryAvailabilityZone`; the lab does not (the
# >   diagram puts the standby in the subnet group's other AZ). The lab's default engine
# >   version (MySQL 5.6) is long retired in AWS: pass a current `EngineVersion` there.
# > - When `PubliclyAccessible` is not passed, the lab leaves it out of the description;
# >   AWS fills in its default (public when the subnet group's VPC has an internet gateway).
# >   The grader applies AWS's rule.
#
# ### Deletion protection, snapshots, failover
#
# Deletion protection in action — one call is all it would take otherwise:

# %%
try:
    rds.delete_db_instance(DBInstanceIdentifier="app-db", SkipFinalSnapshot=True)
    print("app-db deleted")
except ClientError as err:
    print(err.response["Error"]["Code"], "-", err.response["Error"]["Message"])

# %% [markdown]
# Before a risky change (a migration, an engine upgrade) take a **manual snapshot**: it is
# kept until you delete it, unlike automated backups, which expire with the retention
# period. A snapshot of an encrypted database is encrypted too.

# %%
try:
    rds.create_db_snapshot(DBInstanceIdentifier="app-db", DBSnapshotIdentifier="app-db-before-migration")
except ClientError as err:
    print(err.response["Error"]["Code"], "-", err.response["Error"]["Message"])
manual = rds.describe_db_snapshots(SnapshotType="manual")["DBSnapshots"]
labkit.table(manual, {"DBSnapshotIdentifier": "Snapshot", "DBInstanceIdentifier": "Of", "SnapshotType": "Type",
                      "Encrypted": "Encrypted", "Status": "Status"}, title="Manual snapshots")

# %% [markdown]
# You can **test** a Multi-AZ failover yourself: reboot with `ForceFailover=True` and the
# standby becomes the primary.

# %%
if describe_db("app-db") is not None:
    before = describe_db("app-db")["AvailabilityZone"]
    rds.reboot_db_instance(DBInstanceIdentifier="app-db", ForceFailover=True)
    after = describe_db("app-db")
    print(f"primary before: {before}; after the forced failover: {after['AvailabilityZone']} ({after['DBInstanceStatus']})")
else:
    print("There is no DB instance app-db to fail over.")

# %% [markdown]
# > **moto vs AWS:** the lab accepts the reboot but simulates no failover — the primary stays
# > where it was. In AWS the instance is `rebooting` for the 60–120 seconds of the failover,
# > and afterwards `AvailabilityZone` shows the former standby's AZ (the new standby is in the
# > old one). The endpoint name never changes, which is the point.
#
# ### A read replica for read-heavy work (읽기 전용 복제본)
#
# Reports and dashboards can read from a replica instead of loading the primary. A replica
# is copied **asynchronously**, has its own endpoint, and can sit in another AZ (or region):

# %%
if describe_db("app-db") is not None:
    rds.create_db_instance_read_replica(
        DBInstanceIdentifier="app-db-replica-1",
        SourceDBInstanceIdentifier="app-db",
        AvailabilityZone="ap-northeast-2b",
        MultiAZ=False,
    )
rows = []
for ident in ("app-db", "app-db-replica-1"):
    found = describe_db(ident)
    if found is not None:
        rows.append({
            "Instance": ident,
            "Role": "replica of " + found["ReadReplicaSourceDBInstanceIdentifier"]
            if found.get("ReadReplicaSourceDBInstanceIdentifier") else "primary (read/write)",
            "AZ": found["AvailabilityZone"],
            "Endpoint": found["Endpoint"]["Address"],
            "Encrypted": found["StorageEncrypted"],
        })
labkit.table(rows, title="app-db and its read replica")

# %% [markdown]
# The replica inherits the source's encryption, subnet group and security groups. The
# application now needs **two** connection strings — one for writes, one for reads — and
# must tolerate reads that lag a little. Aurora, next, makes both easier.
#
# ## 5. Amazon Aurora: one cluster volume, a writer and replicas
#
# Aurora separates compute from storage. A **cluster** has one **cluster volume** — its
# data, kept in six copies across three AZs, growing automatically — and up to 16 DB
# instances on top of it: **one writer** and **up to 15 Aurora replicas** (readers).
# Replicas read the same volume, so they lag the writer by typically under 100 ms and
# need no copy of their own; if the writer fails, Aurora promotes a replica, usually in
# under 30 seconds.
#
# Applications connect to **endpoints**, not instances (읽기/쓰기 분리):
# - the **writer (cluster) endpoint** `my-aurora-cluster.cluster-xxxx.ap-northeast-2.rds.amazonaws.com`
#   always points at the current writer — use it for writes;
# - the **reader endpoint** `my-aurora-cluster.cluster-ro-xxxx.ap-northeast-2.rds.amazonaws.com`
#   spreads connections over the replicas — use it for reads.

# %%
concepts.show("aurora_read_replicas")

# %% [markdown]
# ### Lab task `rds.aurora_replica`
#
# Create the Aurora MySQL cluster `my-aurora-cluster` (engine `aurora-mysql`) with
# **encrypted** storage (as for RDS, only at creation), a **writer**, and at least one
# **reader of class `db.r6g.large` in a different AZ from the writer** — the seed puts the
# writer in `ap-northeast-2a` and `my-aurora-replica-1` in `ap-northeast-2b`, tagged
# `Purpose=ReadReplica`, `Environment=Production`.
#
# In the API a cluster and its instances are separate calls: `create_db_cluster` makes the
# cluster (engine, credentials, storage encryption, network), and each `create_db_instance`
# with `DBClusterIdentifier` adds an instance. **The first instance becomes the writer.**
#
# The starter, `db-subnet-group`, adds to the network and security groups a DB subnet group
# `db-subnets` of the db-tier subnets: use it and `db-sg` to keep the cluster private.

# %%
lab = labkit.start(labkit.task("rds.aurora_replica").starter, seed=0, replace=True)
ec2, rds = lab.client("ec2"), lab.client("rds")
show_task("rds.aurora_replica")

# %% tags=["solution"] labkit={"task": "rds.aurora_replica"}
# 1. The cluster: engine, credentials, encryption and network. No instances yet.
db_sg = ec2.describe_security_groups(
    Filters=[{"Name": "vpc-id", "Values": [vpc_main()]}, {"Name": "group-name", "Values": ["db-sg"]}]
)["SecurityGroups"][0]["GroupId"]
cluster = rds.create_db_cluster(
    DBClusterIdentifier="my-aurora-cluster",
    Engine="aurora-mysql",
    MasterUsername="admin",
    MasterUserPassword="not-a-real-password-1",
    StorageEncrypted=True,
    DBSubnetGroupName="db-subnets",
    VpcSecurityGroupIds=[db_sg],
)["DBCluster"]
print("created", cluster["DBClusterIdentifier"], "- members so far:", len(cluster["DBClusterMembers"]))

# %% tags=["solution"] labkit={"task": "rds.aurora_replica"}
# 2. The writer (first instance) in 2a, then the seed's replica in 2b.
rds.create_db_instance(
    DBInstanceIdentifier="my-aurora-writer",
    DBInstanceClass="db.r6g.large",
    Engine="aurora-mysql",
    DBClusterIdentifier="my-aurora-cluster",
    AvailabilityZone="ap-northeast-2a",
)
rds.create_db_instance(
    DBInstanceIdentifier="my-aurora-replica-1",
    DBInstanceClass="db.r6g.large",
    Engine="aurora-mysql",
    DBClusterIdentifier="my-aurora-cluster",
    AvailabilityZone="ap-northeast-2b",
    Tags=[
        {"Key": "Purpose", "Value": "ReadReplica"},
        {"Key": "Environment", "Value": "Production"},
    ],
)
print("cluster my-aurora-cluster: writer in 2a, replica in 2b")

# %% tags=["check"]
labkit.grade("rds.aurora_replica")

# %% [markdown]
# The cluster's endpoints and members, read back from RDS. `DBClusterMembers[].IsClusterWriter`
# says which instance is the writer right now:

# %%
def cluster_view(ident="my-aurora-cluster"):
    """The cluster's endpoints and its members (role, AZ, class), or a message."""
    try:
        cluster = rds.describe_db_clusters(DBClusterIdentifier=ident)["DBClusters"][0]
    except ClientError as err:
        if err.response["Error"]["Code"] != "DBClusterNotFoundFault":
            raise
        print(f"There is no DB cluster {ident} yet.")
        return
    print(f'{ident}: {cluster["Engine"]}, storage encrypted: {cluster["StorageEncrypted"]}, port {cluster["Port"]}')
    print("  writer endpoint:", cluster["Endpoint"])
    print("  reader endpoint:", cluster["ReaderEndpoint"])
    rows = []
    for member in sorted(cluster["DBClusterMembers"], key=lambda m: m["DBInstanceIdentifier"]):
        instance = rds.describe_db_instances(DBInstanceIdentifier=member["DBInstanceIdentifier"])["DBInstances"][0]
        rows.append({"Instance": member["DBInstanceIdentifier"],
                     "Role": "writer" if member["IsClusterWriter"] else "reader",
                     "AZ": instance["AvailabilityZone"], "Class": instance["DBInstanceClass"],
                     "Tags": {t["Key"]: t["Value"] for t in instance.get("TagList", [])}})
    display(labkit.table(rows, title="Members"))


cluster_view()

# %% [markdown]
# Unlike a Multi-AZ standby, a replica can be made the writer on demand —
# `failover_db_cluster` — and the writer endpoint follows it, so applications need not
# change anything:

# %%
try:
    rds.failover_db_cluster(DBClusterIdentifier="my-aurora-cluster", TargetDBInstanceIdentifier="my-aurora-replica-1")
except ClientError as err:
    print(err.response["Error"]["Code"], "-", err.response["Error"]["Message"])
cluster_view()

# %% [markdown]
# The writer is now in 2b and the former writer reads in 2a; the endpoint names did not
# change.
#
# > **moto vs AWS:** the lab switches roles instantly; in AWS a failover takes seconds
# > (typically under 30) during which the writer endpoint refuses connections. The lab's
# > endpoints have a random-looking `cluster-…` part like AWS's (the seed writes `xxxx`).
# > Custom endpoints (`create_db_cluster_endpoint`), for example one reader reserved for
# > analytics, are not available in the lab.
#
# The storage view draws databases too: the cluster, its endpoints, and its instances by
# their *current* role — names are only names, roles move. Read its settings line as well:
# if you created the cluster without `BackupRetentionPeriod` and `DeletionProtection`
# (the task does not ask for them), it shows the API defaults, 1 day and off. A production
# cluster sets both on `create_db_cluster`, exactly as `app-db` did.

# %%
labkit.diagram(view="storage")

# %% [markdown]
# ## Quiz
#
# Answer in the widget (in JupyterLab). To answer in plain Python instead, keep the quiz in
# a variable — `quiz = labkit.quiz("rds")` — and call `quiz.answer("<question id>", <answer>)`;
# `quiz.questions` lists the ids.

# %%
labkit.quiz("rds")

# %% [markdown]
# ## Recap
# - RDS runs Aurora, MySQL, PostgreSQL, MariaDB, Oracle and SQL Server (and now Db2)
#   **fully managed** (완전 관리형): patching, backups, failover are AWS's job.
# - A database lives in a **DB subnet group** (DB 서브넷 그룹) covering at least two AZs —
#   the isolated db-tier subnets — behind a security group that admits its port only from
#   the app tier.
# - **Multi-AZ** (Multi-AZ 배포): a synchronous standby in another AZ, automatic failover in
#   **60–120 seconds** behind the same endpoint; the standby serves no reads.
#   **Read replicas** (읽기 전용 복제본) are asynchronous and do serve reads.
# - Safe defaults to write down: `StorageEncrypted=True` (only at creation),
#   `PubliclyAccessible=False`, `BackupRetentionPeriod` ≥ 7 (point-in-time restore),
#   `DeletionProtection=True`; manual snapshots before risky changes.
# - **Aurora**: one cluster volume (six copies over three AZs), one writer and up to 15
#   replicas; writes to the **writer endpoint** (`cluster-`), reads to the **reader
#   endpoint** (`cluster-ro-`); failover promotes a replica in seconds.
#
# Close the lab:

# %%
lab.stop()
lab
