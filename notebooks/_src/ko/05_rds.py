# %% [markdown]
# # 05 · Amazon RDS와 Aurora — 관리형 관계형 데이터베이스
#
# Amazon RDS(Relational Database Service)는 관계형 데이터베이스를 **완전 관리형**(fully managed)으로
# 운영해 줍니다. 하드웨어를 준비하고, 엔진을 설치하고 패치하고, 백업을 받고, 장애가 난 호스트를 교체하고, 대기
# 인스턴스로 장애 조치하는 일은 AWS가 맡습니다. 사용자에게는 사용자만 할 수 있는 일이 남습니다. 스키마, 쿼리,
# 인덱스, 데이터베이스 사용자, 그리고 누가 접속할 수 있는지를 정하는 일입니다.
#
# **이 노트북에서 할 일**
# 1. RDS가 실행하는 엔진(지원 엔진)과 데이터베이스가 놓이는 네트워크를 살펴봅니다. 데이터베이스는 격리된 DB
#    계층의 **DB 서브넷 그룹**(DB subnet group)에 놓이고, 앱 계층에서만 접근할 수 있습니다.
# 2. **Multi-AZ 배포**(Multi-AZ deployment)를 이해합니다. 두 번째 가용 영역에 동기식으로 복제되는 대기 인스턴스가
#    있고, 장애가 나면 **60~120초** 안에 자동으로 장애 조치(failover)됩니다.
# 3. 학습 자료의 데이터베이스를 만듭니다. Multi-AZ이고, **암호화**되어 있고, 프라이빗이며, **자동 백업**과 삭제
#    방지가 켜진 데이터베이스입니다. 그런 다음 삭제를 시도해 보고, 스냅샷을 만들고, **읽기 전용 복제본**(read
#    replica)을 추가합니다.
# 4. 라이터 하나와 다른 가용 영역의 복제본 하나로 **Aurora** 클러스터를 만들고, **라이터 엔드포인트와 리더
#    엔드포인트**로 읽기와 쓰기를 분리합니다(읽기/쓰기 분리).
#
# 채점되는 실습 과제는 `rds.multi_az_db`와 `rds.aurora_replica` 두 가지입니다.

# %% [markdown]
# ## 1. 지원 엔진, 그리고 "관리형"이 덜어 주는 일
#
# | 엔진 | API의 `Engine` | 기본 포트 | 비고 |
# |---|---|---|---|
# | Amazon Aurora (MySQL 호환) | `aurora-mysql` | 3306 | AWS의 자체 엔진. MySQL 대비 최대 5배 처리량(최대 5배 성능 향상) |
# | Amazon Aurora (PostgreSQL 호환) | `aurora-postgresql` | 5432 | 같은 스토리지 설계. PostgreSQL 대비 최대 3배 |
# | MySQL | `mysql` | 3306 | 오픈 소스 |
# | PostgreSQL | `postgres` | 5432 | 오픈 소스 |
# | MariaDB | `mariadb` | 3306 | 오픈 소스, MySQL에서 파생(포크) |
# | Oracle Database | `oracle-ee`, `oracle-se2`, … | 1521 | 상용 라이선스(기존 라이선스 사용(BYOL), SE2는 라이선스 포함 방식도 가능) |
# | Microsoft SQL Server | `sqlserver-ee`, `sqlserver-se`, `sqlserver-ex`, `sqlserver-web` | 1433 | 상용, 라이선스 포함 |
#
# 학습 자료의 목록에는 새로 추가된 엔진 하나가 빠져 있습니다. 2023년 말부터 RDS에서 쓸 수 있는 **IBM Db2**(`db2-se`,
# `db2-ae`)입니다.
#
# | AWS가 하는 일(관리형) | 사용자가 하는 일 |
# |---|---|
# | 하드웨어, OS, 엔진 설치와 마이너 버전 패치(사용자가 정한 유지 관리 기간에) | 스키마, 쿼리, 인덱스, 엔진 파라미터 |
# | 자동 백업과 특정 시점 복구 | 보존 기간 선택, 복원 테스트 |
# | Multi-AZ 대기 인스턴스와 자동 장애 조치 | Multi-AZ 선택, 애플리케이션의 연결 재시도 |
# | KMS를 이용한 스토리지 암호화 | 생성할 때 암호화를 켜고 키를 선택 |
# | 모니터링 지표(CloudWatch) | 경보 설정과 대응 |
#
# 호스트에 SSH로 접속할 수도, OS의 `root` 권한을 얻을 수도 없습니다. 그것이 "관리형"의 대가입니다.
#
# ## 2. 데이터베이스가 놓이는 곳: DB 계층
#
# 랩(lab)은 시나리오 `three-tier-security-groups`에서 시작합니다. VPC `main`(10.0.0.0/16)에 두 가용
# 영역에 걸친 퍼블릭, 앱, DB 서브넷이 있고, VPC 노트북에서 만든 보안 그룹 세 개가 있습니다.

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
# **DB 계층**(10.0.20.0/24와 10.0.21.0/24)에는 인터넷으로 가는 경로가 아예 없습니다. NAT 게이트웨이를 거치는
# 경로조차 없습니다. 데이터베이스는 바로 여기에 둡니다. 방화벽 역할은 보안 그룹 `db-sg`가 맡으며, MySQL 포트
# 3306을 `app-sg`의 구성원에게만 허용합니다.

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
# ### DB 서브넷 그룹(DB subnet group)
#
# 데이터베이스는 EC2 인스턴스처럼 *특정 서브넷에* 시작하지 않습니다. 대신 RDS에 **DB 서브넷 그룹**, 즉 한 VPC에
# 속한 서브넷들에 이름을 붙인 묶음을 넘겨주면, RDS가 그 안에서 기본 인스턴스(primary)와 대기 인스턴스(standby)를
# 둘 서브넷을 고릅니다. 규칙은 다음과 같습니다.
# - 서브넷들은 **최소 두 개의 가용 영역**에 걸쳐 있어야 합니다. Single-AZ 데이터베이스라도 마찬가지인데, 그래야
#   RDS가 나중에 대기 인스턴스를 두거나 인스턴스를 옮길 수 있기 때문입니다.
# - 서브넷 그룹이 VPC를 결정합니다. 데이터베이스는 그 서브넷들의 프라이빗 주소를 받습니다.
# - **DB 계층 서브넷**을 사용하세요. 인터넷으로 가는 경로가 없으므로, 다른 설정이 어떻게 잘못되더라도
#   데이터베이스는 외부에서 접근할 수 없습니다.
#
# > **moto와 AWS의 차이:** 랩은 서브넷이 모두 한 가용 영역에 있는 DB 서브넷 그룹도 받아들입니다. AWS는
# > 이런 그룹을 `DBSubnetGroupDoesNotCoverEnoughAZs`로 거부합니다.
#
# ## 3. Multi-AZ 배포
#
# Multi-AZ 배포에서 RDS는 두 번째 가용 영역에 **대기**(standby) 인스턴스를 두고, 모든 쓰기를 **동기식으로**
# 복제합니다(동기 복제). 트랜잭션은 두 사본 모두에 기록되어야 커밋되므로, 장애 조치가 일어나도 커밋된 데이터는
# 하나도 잃지 않습니다.

# %%
concepts.show("rds_multi_az")

# %% [markdown]
# 기본 인스턴스에 장애가 나면(호스트든, 스토리지든, 가용 영역 전체든) 또는 재시작이 필요한 유지 관리 중에는
# RDS가 **자동으로 장애 조치**합니다(학습 자료의 표현으로는 "자동 Failover").
#
# | 단계 | 일어나는 일 |
# |---|---|
# | 1 | RDS가 기본 인스턴스에 이상이 있음을 감지합니다 |
# | 2 | 대기 인스턴스가 기본 인스턴스로 승격됩니다(커밋된 쓰기를 이미 모두 가지고 있습니다) |
# | 3 | DB 엔드포인트의 DNS 레코드(`app-db.xxxx.ap-northeast-2.rds.amazonaws.com`)가 새 기본 인스턴스를 가리키도록 바뀝니다 |
# | 4 | 애플리케이션이 **같은 엔드포인트**에 다시 연결해 작업을 계속합니다 |
# | — | 전체 소요 시간: **60~120초**(장애 발생 시: 자동 Failover, 60-120초 이내) |
# | 이후 | RDS가 다른 가용 영역에 새 대기 인스턴스를 만듭니다 |
#
# 애플리케이션 입장에서는 실패한 연결을 **재시도**해야 하고, 엔드포인트의 IP 주소를 오래 캐시하면 안 됩니다(DNS
# TTL을 짧게). 그리고 Multi-AZ가 해 주지 *않는* 일이 있습니다. 대기 인스턴스는 **읽기 요청을 처리하지 않습니다**.
# 오직 가용성을 위해 존재합니다.
#
# 읽기를 위해서는 RDS의 **읽기 전용 복제본**(read replica)을 씁니다. 학습 자료의 3계층 아키텍처에서 데이터 계층은 둘
# 다 사용합니다. "RDS Multi-AZ (Primary + Standby) + Read Replicas for read-heavy workloads", 즉 Multi-AZ로
# 가용성을 확보하고 읽기가 많은 워크로드는 읽기 전용 복제본으로 분산합니다.
#
# | | Multi-AZ 대기 인스턴스 | 읽기 전용 복제본 | Aurora 복제본 |
# |---|---|---|---|
# | 복제 방식 | 동기식 | 비동기식(지연될 수 있음) | 클러스터의 스토리지 볼륨을 공유 |
# | 읽기 처리 | 안 함 | 함, 자체 엔드포인트로 | 함, 리더 엔드포인트를 통해 |
# | 목적 | 가용성(장애 조치) | 읽기 확장, 다른 리전에 사본 두기 | 둘 다 |
# | 장애 조치 | 자동, 60~120초 | 사용자가 직접 승격(독립 DB가 됨) | 자동, 보통 30초 미만 |
# | 개수 | 1개 | 최대 15개(MySQL, MariaDB, PostgreSQL) | 최대 15개 |
#
# > **현재 선택지.** 학습 자료에 그려진 대기 인스턴스 하나짜리 배포 외에도, 이제 RDS for MySQL과 PostgreSQL은
# > **Multi-AZ DB 클러스터**를 제공합니다. 세 가용 영역에 라이터 하나와 *읽기가 가능한* 대기 인스턴스 두 개를
# > 두며, 장애 조치는 보통 35초 안에 끝납니다.
#
# ## 4. 암호화, 백업, 그 밖에 안전한 데이터베이스의 설정
#
# - **저장 데이터 암호화**(encryption at rest): `StorageEncrypted=True`로 설정하면 스토리지, 자동 백업, 스냅샷,
#   복제본, 로그가 KMS 키로 암호화됩니다(AWS 관리형 키 `aws/rds`, 또는 `KmsKeyId`로 지정한 내 키). 이 설정은
#   **생성할 때만** 고를 수 있습니다. 기존 데이터베이스를 암호화하려면 스냅샷을 만들고, KMS 키를 지정해 스냅샷을
#   복사한 뒤, 그 사본을 복원해야 합니다. 전송 중 데이터는 클라이언트가 TLS로 연결해 보호합니다.
# - **퍼블릭 액세스 불가**: `PubliclyAccessible=False`로 설정하면 엔드포인트가 프라이빗 주소만 갖습니다. 이 값은
#   **명시적으로** 지정하세요. 생략하면 AWS가 서브넷 그룹을 보고 정하는데, VPC에 인터넷 게이트웨이가 있으면
#   (`main`처럼) 퍼블릭이 됩니다.
# - **자동 백업**: 백업 기간(backup window)에 매일 찍는 스냅샷에 트랜잭션 로그를 더해, 보존 기간 안의 **어느
#   시점(초 단위)으로든** 복원할 수 있습니다(대략 최근 5분 전까지). 보존 기간은 1~35일이고(0이면 백업이 꺼집니다),
#   API 기본값은 1일이지만 최소 7일은 두세요. **수동 스냅샷**은 직접 삭제할 때까지 남습니다.
# - **삭제 방지**: `DeletionProtection=True`로 설정하면 누군가 일부러 이 설정을 끄기 전까지
#   `delete_db_instance`가 실패합니다.
# - **보안 그룹**: 엔진의 포트는 앱 계층의 보안 그룹에서 오는 트래픽만, 주소 범위가 아니라 **보안 그룹 참조**로
#   허용하세요.
#
# ### 실습 과제 `rds.multi_az_db`
#
# VPC `main`에 DB 인스턴스 `app-db`(MySQL 또는 PostgreSQL)를 만드세요.
# - Multi-AZ, 스토리지 암호화, `PubliclyAccessible=False`
# - 정확히 DB 계층 서브넷 두 개(10.0.20.0/24와 10.0.21.0/24)로 이루어진 DB 서브넷 그룹에 배치
# - 자동 백업 보존 기간 최소 7일, 삭제 방지 켜기
# - 보안 그룹은 엔진의 포트를 `app-sg`에서 오는 트래픽에만 허용(시작 상태의 `db-sg`가 3306 포트에 대해 정확히
#   그렇게 되어 있습니다)
#
# 시작 시나리오 `three-tier-security-groups`는 지금까지 살펴본 그대로입니다. 네트워크와 보안 그룹 세 개가 있고,
# 데이터베이스는 아직 없습니다.

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
# 어떤 방식으로 만들었든, RDS가 설명하는 그대로 데이터베이스를 다시 읽어 보겠습니다.

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
# 내 계정의 네트워크 뷰에 데이터베이스가 그려집니다. 한 DB 서브넷에는 기본 인스턴스가, 다른 가용 영역의 DB
# 서브넷에는 대기 인스턴스가 있고, 둘 사이에 동기 복제가 표시되며, `db-sg`가 `app-sg`로부터의 3306 포트 접근을
# 허용합니다.

# %%
labkit.diagram(view="network")

# %% [markdown]
# > **moto와 AWS의 차이:**
# > - RDS 인스턴스는 `create_db_instance`가 반환되는 **즉시** `available` 상태가 됩니다. AWS에서는 생성에 몇 분이
# >   걸리고 Multi-AZ는 더 오래 걸립니다. 다음과 같이 기다리세요.
# >   `rds.get_waiter("db_instance_available").wait(DBInstanceIdentifier="app-db")`
# > - AWS는 대기 인스턴스의 가용 영역을 `SecondaryAvailabilityZone`으로 알려 주지만 랩은 알려 주지
# >   않습니다(다이어그램은 대기 인스턴스를 서브넷 그룹의 다른 가용 영역에 그립니다). 랩의 기본 엔진
# >   버전(MySQL 5.6)은 AWS에서 지원이 끝난 지 오래되었으므로, AWS에서는 현재 버전을 `EngineVersion`으로
# >   지정하세요.
# > - `PubliclyAccessible`을 지정하지 않으면 랩은 설명(describe) 결과에서 이 항목을 빼 버립니다. AWS는
# >   기본값을 채워 넣습니다(서브넷 그룹의 VPC에 인터넷 게이트웨이가 있으면 퍼블릭). 채점기는 AWS의 규칙을
# >   적용합니다.
#
# ### 삭제 방지, 스냅샷, 장애 조치
#
# 삭제 방지가 실제로 동작하는 모습입니다. 삭제 방지가 없다면 이 호출 한 번으로 데이터베이스가 사라집니다.

# %%
try:
    rds.delete_db_instance(DBInstanceIdentifier="app-db", SkipFinalSnapshot=True)
    print("app-db deleted")
except ClientError as err:
    print(err.response["Error"]["Code"], "-", err.response["Error"]["Message"])

# %% [markdown]
# 마이그레이션이나 엔진 업그레이드처럼 위험한 변경을 하기 전에는 **수동 스냅샷**을 만드세요. 보존 기간이 지나면
# 사라지는 자동 백업과 달리, 수동 스냅샷은 직접 삭제할 때까지 남습니다. 암호화된 데이터베이스의 스냅샷은
# 스냅샷도 암호화됩니다.

# %%
try:
    rds.create_db_snapshot(DBInstanceIdentifier="app-db", DBSnapshotIdentifier="app-db-before-migration")
except ClientError as err:
    print(err.response["Error"]["Code"], "-", err.response["Error"]["Message"])
manual = rds.describe_db_snapshots(SnapshotType="manual")["DBSnapshots"]
labkit.table(manual, {"DBSnapshotIdentifier": "Snapshot", "DBInstanceIdentifier": "Of", "SnapshotType": "Type",
                      "Encrypted": "Encrypted", "Status": "Status"}, title="Manual snapshots")

# %% [markdown]
# Multi-AZ 장애 조치는 직접 **테스트**해 볼 수 있습니다. `ForceFailover=True`로 재부팅하면 대기 인스턴스가 기본
# 인스턴스가 됩니다.

# %%
if describe_db("app-db") is not None:
    before = describe_db("app-db")["AvailabilityZone"]
    rds.reboot_db_instance(DBInstanceIdentifier="app-db", ForceFailover=True)
    after = describe_db("app-db")
    print(f"primary before: {before}; after the forced failover: {after['AvailabilityZone']} ({after['DBInstanceStatus']})")
else:
    print("There is no DB instance app-db to fail over.")

# %% [markdown]
# > **moto와 AWS의 차이:** 랩은 재부팅 요청을 받아들이지만 장애 조치는 재현하지 않으므로, 기본 인스턴스가
# > 원래 자리에 그대로 있습니다. AWS에서는 장애 조치가 진행되는 60~120초 동안 인스턴스가 `rebooting` 상태이고,
# > 끝나면 `AvailabilityZone`에 이전 대기 인스턴스의 가용 영역이 표시됩니다(새 대기 인스턴스는 이전 기본
# > 인스턴스의 가용 영역에 생깁니다). 엔드포인트 이름은 절대 바뀌지 않는데, 바로 그 점이 핵심입니다.
#
# ### 읽기가 많은 작업을 위한 읽기 전용 복제본
#
# 보고서나 대시보드는 기본 인스턴스에 부하를 주는 대신 복제본에서 읽을 수 있습니다. 복제본은 **비동기식으로**
# 복제되고, 자체 엔드포인트를 가지며, 다른 가용 영역(또는 다른 리전)에 둘 수 있습니다.

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
# 복제본은 원본의 암호화 설정, 서브넷 그룹, 보안 그룹을 물려받습니다. 이제 애플리케이션에는 연결 문자열이
# **두 개** 필요합니다. 하나는 쓰기용, 하나는 읽기용입니다. 그리고 읽은 데이터가 조금 늦을 수 있다는 점도
# 감안해야 합니다. 다음에 살펴볼 Aurora는 이 두 가지를 모두 쉽게 만들어 줍니다.
#
# ## 5. Amazon Aurora: 클러스터 볼륨 하나, 라이터 하나, 그리고 복제본
#
# Aurora는 컴퓨팅과 스토리지를 분리합니다. **클러스터**에는 **클러스터 볼륨**(cluster volume)이 하나 있습니다.
# 데이터는 세 가용 영역에 걸쳐 여섯 개의 사본으로 보관되고, 볼륨은 자동으로 커집니다. 그 위에 DB 인스턴스를
# 최대 16개 둘 수 있습니다. **라이터 하나**와 **최대 15개의 Aurora 복제본**(리더)입니다. 복제본은 같은 볼륨을
# 읽으므로 라이터보다 보통 100ms 미만으로만 뒤처지고, 자기만의 데이터 사본이 필요 없습니다. 라이터에 장애가
# 나면 Aurora는 복제본 하나를 승격하며, 보통 30초 안에 끝납니다.
#
# 애플리케이션은 인스턴스가 아니라 **엔드포인트**에 연결합니다(읽기/쓰기 분리).
# - **라이터(클러스터) 엔드포인트** `my-aurora-cluster.cluster-xxxx.ap-northeast-2.rds.amazonaws.com`은 항상
#   현재 라이터를 가리킵니다. 쓰기에 사용합니다.
# - **리더 엔드포인트** `my-aurora-cluster.cluster-ro-xxxx.ap-northeast-2.rds.amazonaws.com`은 연결을 여러
#   복제본에 나누어 줍니다. 읽기에 사용합니다.

# %%
concepts.show("aurora_read_replicas")

# %% [markdown]
# ### 실습 과제 `rds.aurora_replica`
#
# Aurora MySQL 클러스터 `my-aurora-cluster`(엔진 `aurora-mysql`)를 만드세요. 스토리지는 **암호화**하고(RDS와
# 마찬가지로 생성할 때만 가능), **라이터** 하나와, **라이터와 다른 가용 영역에 있는 `db.r6g.large` 클래스의
# 리더**를 최소 하나 둡니다. 학습 자료는 라이터를 `ap-northeast-2a`에, `my-aurora-replica-1`을 `ap-northeast-2b`에
# 두고, 복제본에 `Purpose=ReadReplica`, `Environment=Production` 태그를 붙입니다.
#
# API에서는 클러스터와 인스턴스를 따로 만듭니다. `create_db_cluster`가 클러스터(엔진, 자격 증명, 스토리지 암호화,
# 네트워크)를 만들고, `DBClusterIdentifier`를 지정한 `create_db_instance` 호출 하나하나가 인스턴스를 추가합니다.
# **처음 추가한 인스턴스가 라이터가 됩니다.**
#
# 시작 시나리오 `db-subnet-group`은 네트워크와 보안 그룹에 더해, DB 계층 서브넷으로 이루어진 DB 서브넷 그룹
# `db-subnets`를 제공합니다. 이 서브넷 그룹과 `db-sg`를 사용해 클러스터를 프라이빗하게 유지하세요.

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
# RDS에서 다시 읽어 온 클러스터의 엔드포인트와 구성원입니다. 지금 어느 인스턴스가 라이터인지는
# `DBClusterMembers[].IsClusterWriter`가 알려 줍니다.

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
# Multi-AZ 대기 인스턴스와 달리, 복제본은 원할 때 언제든 라이터로 만들 수 있습니다(`failover_db_cluster`).
# 라이터 엔드포인트가 새 라이터를 따라가므로 애플리케이션은 아무것도 바꿀 필요가 없습니다.

# %%
try:
    rds.failover_db_cluster(DBClusterIdentifier="my-aurora-cluster", TargetDBInstanceIdentifier="my-aurora-replica-1")
except ClientError as err:
    print(err.response["Error"]["Code"], "-", err.response["Error"]["Message"])
cluster_view()

# %% [markdown]
# 이제 라이터는 2b에 있고, 이전 라이터는 2a에서 읽기를 처리합니다. 엔드포인트 이름은 바뀌지 않았습니다.
#
# > **moto와 AWS의 차이:** 랩은 역할을 즉시 바꿉니다. AWS에서는 장애 조치에 몇 초(보통 30초 미만)가
# > 걸리고, 그동안 라이터 엔드포인트는 연결을 거부합니다. 랩의 엔드포인트에도 AWS처럼 무작위로 보이는
# > `cluster-…` 부분이 있습니다(학습 자료에서는 `xxxx`로 적었습니다). 분석용으로 리더 하나를 따로 떼어 두는 것과 같은
# > 사용자 지정 엔드포인트(`create_db_cluster_endpoint`)는 랩에서 사용할 수 없습니다.
#
# 스토리지 뷰에는 데이터베이스도 그려집니다. 클러스터와 엔드포인트, 그리고 인스턴스가 *현재* 역할에 따라
# 표시됩니다. 이름은 이름일 뿐이고 역할은 옮겨 다닙니다. 설정 줄도 읽어 보세요. 클러스터를
# `BackupRetentionPeriod`와 `DeletionProtection` 없이 만들었다면(과제에서 요구하지 않습니다) API 기본값인 1일과
# 꺼짐이 표시됩니다. 운영 환경의 클러스터라면 `app-db`에서 했던 것처럼 `create_db_cluster`에서 두 값을 모두
# 설정합니다.

# %%
labkit.diagram(view="storage")

# %% [markdown]
# ## 퀴즈
#
# JupyterLab에서는 위젯으로 답하세요. 일반 Python 코드로 답하려면 퀴즈를 변수에 담아 두고(`quiz =
# labkit.quiz("rds")`) `quiz.answer("<질문 id>", <답>)`을 호출합니다. 질문 id 목록은 `quiz.questions`에
# 있습니다.

# %%
labkit.quiz("rds")

# %% [markdown]
# ## 정리
# - RDS는 Aurora, MySQL, PostgreSQL, MariaDB, Oracle, SQL Server(그리고 이제 Db2)를 **완전 관리형**으로
#   실행합니다. 패치, 백업, 장애 조치는 AWS의 몫입니다.
# - 데이터베이스는 최소 두 개의 가용 영역에 걸친 **DB 서브넷 그룹**, 즉 격리된 DB 계층 서브넷에 놓이고, 엔진
#   포트를 앱 계층에만 허용하는 보안 그룹 뒤에 있습니다.
# - **Multi-AZ 배포**: 다른 가용 영역에 동기식 대기 인스턴스를 두고, 장애가 나면 같은 엔드포인트 뒤에서
#   **60~120초** 안에 자동으로 장애 조치합니다. 대기 인스턴스는 읽기를 처리하지 않습니다. **읽기 전용 복제본**은
#   비동기식이며 읽기를 처리합니다.
# - 명시적으로 적어 둘 안전한 기본 설정: `StorageEncrypted=True`(생성할 때만 가능), `PubliclyAccessible=False`,
#   `BackupRetentionPeriod` 7 이상(특정 시점 복구), `DeletionProtection=True`. 위험한 변경 전에는 수동 스냅샷.
# - **Aurora**: 클러스터 볼륨 하나(세 가용 영역에 여섯 개의 사본), 라이터 하나와 최대 15개의 복제본. 쓰기는
#   **라이터 엔드포인트**(`cluster-`)로, 읽기는 **리더 엔드포인트**(`cluster-ro-`)로 보내고, 장애 조치는 복제본을
#   몇 초 안에 승격합니다.
#
# 랩을 닫습니다.

# %%
lab.stop()
lab
