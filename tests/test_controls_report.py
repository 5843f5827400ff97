"""The audit report: stable plain text, escaped HTML, partial and mangled snapshots,
every existing scenario, and docs/controls.md kept true."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

import labkit
from labkit.controls import SERVICES, audit_snapshot, controls
from labkit.controls.report import AuditReport

DOCS = Path(__file__).resolve().parents[1] / "docs" / "controls.md"

# A hand-written snapshot: one VPC with a closed default group, one bucket, no 'rds' section.
SMALL = {
    "labkit": {"format": 1, "region": "ap-northeast-2", "account_id": "123456789012"},
    "ec2": {
        "vpcs": [{"VpcId": "vpc-1", "Tags": {"Name": "main"}}], "subnets": [], "flow_logs": [],
        "security_groups": [{"GroupId": "sg-1", "GroupName": "default", "VpcId": "vpc-1", "IpPermissions": [],
                             "IpPermissionsEgress": []}],
        "network_acls": [], "instances": [], "volumes": [], "ebs_encryption_by_default": True,
    },
    "s3": {"account_public_access_block": None, "buckets": [{"Name": "b", "Versioning": {"Status": "Enabled"}}]},
    "iam": {"users": [], "policies": [], "account_summary": {"AccountAccessKeysPresent": 0}},
}

GOLDEN = """\
<AuditReport: 31 controls, 7 failed, 8 passed, 10 no data, 6 unknown; account 123456789012, ap-northeast-2>
control  status    failed  severity  title
EC2.2    PASSED       0/1  HIGH      VPC default security groups should not allow inbound or outbound traffic
EC2.3    NO_DATA      0/0  MEDIUM    Attached Amazon EBS volumes should be encrypted at-rest
EC2.6    FAILED       1/1  MEDIUM    VPC flow logging should be enabled in all VPCs
           ✗ vpc-1: VPC vpc-1 (main) has no flow log
EC2.7    PASSED       0/1  MEDIUM    EBS default encryption should be enabled
EC2.8    NO_DATA      0/0  HIGH      EC2 instances should use Instance Metadata Service Version 2 (IMDSv2)
EC2.9    NO_DATA      0/0  HIGH      Amazon EC2 instances should not have a public IPv4 address
EC2.15   NO_DATA      0/0  MEDIUM    Amazon EC2 subnets should not automatically assign public IP addresses
EC2.18   NO_DATA      0/0  HIGH      Security groups should only allow unrestricted incoming traffic for authorized \
ports
EC2.19   PASSED       0/1  CRITICAL  Security groups should not allow unrestricted access to ports with high risk
EC2.21   NO_DATA      0/0  MEDIUM    Network ACLs should not allow ingress from 0.0.0.0/0 to port 22 or port 3389
S3.1     FAILED       1/1  MEDIUM    S3 general purpose buckets should have block public access settings enabled
           ✗ AWS::::Account:123456789012: the account has no Block Public Access configuration \
(account-level Block Public Access is off until you turn it on, in AWS as in moto)
S3.2     PASSED       0/1  CRITICAL  S3 general purpose buckets should block public read access
S3.3     PASSED       0/1  CRITICAL  S3 general purpose buckets should block public write access
S3.5     FAILED       1/1  MEDIUM    S3 general purpose buckets should require requests to use SSL
           ✗ b: bucket b has no bucket policy, so requests over plain HTTP are not denied
S3.8     FAILED       1/1  HIGH      S3 general purpose buckets should block public access
           ✗ b: bucket b has no Block Public Access configuration. AWS has turned on all four Block Public Access \
settings for every new bucket since April 2023; moto creates buckets without them
S3.9     FAILED       1/1  MEDIUM    S3 general purpose buckets should have server access logging enabled
           ✗ b: bucket b has no server access logging (off by default, in AWS as in moto)
S3.12    PASSED       0/1  MEDIUM    ACLs should not be used to manage user access to S3 general purpose buckets
S3.13    FAILED       1/1  LOW       S3 general purpose buckets should have Lifecycle configurations
           ✗ b: bucket b has no lifecycle configuration
S3.14    PASSED       0/1  LOW       S3 general purpose buckets should have versioning enabled
S3.17    FAILED       1/1  MEDIUM    S3 general purpose buckets should be encrypted at rest with AWS KMS keys
           ✗ b: bucket b has no default encryption. AWS has encrypted every new bucket with SSE-S3 (AES256) by \
default since January 2023; moto creates buckets with no default encryption, which S3.17 would still fail: \
it asks for AWS KMS keys
{rds}IAM.1    NO_DATA      0/0  HIGH      IAM policies should not allow full "*" administrative privileges
IAM.2    NO_DATA      0/0  LOW       IAM users should not have IAM policies attached
IAM.4    PASSED       0/1  CRITICAL  IAM root user access key should not exist
IAM.5    NO_DATA      0/0  MEDIUM    MFA should be enabled for all IAM users that have a console password
IAM.21   NO_DATA      0/0  LOW       IAM customer managed policies that you create should not allow wildcard actions \
for services"""
RDS_TITLES = {
    "RDS.2": ("CRITICAL", "RDS DB Instances should prohibit public access, as determined by the PubliclyAccessible "
                          "configuration"),
    "RDS.3": ("MEDIUM", "RDS DB instances should have encryption at-rest enabled"),
    "RDS.5": ("MEDIUM", "RDS DB instances should be configured with multiple Availability Zones"),
    "RDS.7": ("LOW", "RDS clusters should have deletion protection enabled"),
    "RDS.8": ("LOW", "RDS DB instances should have deletion protection enabled"),
    "RDS.11": ("MEDIUM", "RDS instances should have automatic backups enabled"),
}


def test_plain_text_report_is_stable():
    rds = "".join(
        f"{cid:<7}  UNKNOWN      0/0  {sev:<8}  {title}\n           ? {cid} could not be checked: the snapshot has "
        "no 'rds' section (lab.snapshot() includes it; a snapshot limited to other services does not)\n"
        for cid, (sev, title) in RDS_TITLES.items()
    )
    expected = GOLDEN.format(rds=rds)
    first = repr(audit_snapshot(copy.deepcopy(SMALL)))
    assert first == expected
    assert repr(audit_snapshot(copy.deepcopy(SMALL))) == first
    assert str(audit_snapshot(SMALL)) == first


def test_missing_service_says_what_could_not_be_checked():
    report = audit_snapshot(SMALL)
    assert not report.passed
    unknown = [c for c in report.controls if c.status == "UNKNOWN"]
    assert [c.id for c in unknown] == list(RDS_TITLES)
    assert [f.check for f in report.unchecked] == list(RDS_TITLES)
    assert all(f.resource == "snapshot" and not f.passed and "no 'rds' section" in f.message
               for f in report.unchecked)
    assert all(f not in report.failed for f in report.unchecked)  # unchecked is not failed
    assert report.control("RDS.2").total == 0 and report.control("RDS.2").failed_count == 0


def test_no_data_is_not_passed():
    report = audit_snapshot(SMALL)
    no_data = report.control("IAM.1")
    assert no_data.status == "NO_DATA" and not no_data.passed and no_data.findings == ()
    assert "no resource in scope" in no_data.note
    complete = copy.deepcopy(SMALL)
    complete["rds"] = {"db_instances": [], "db_clusters": []}
    assert audit_snapshot(complete).counts()["UNKNOWN"] == 0


def test_html_report_escapes_everything_and_colours_statuses():
    snap = copy.deepcopy(SMALL)
    snap["ec2"]["vpcs"][0]["Tags"]["Name"] = "<script>alert('vpc')</script>"
    snap["s3"]["buckets"][0]["Name"] = "b<&>\"'"
    report = audit_snapshot(snap)
    page = report._repr_html_()
    assert "<script>" not in page and "b<&>" not in page
    assert "&lt;script&gt;alert(&#x27;vpc&#x27;)&lt;/script&gt;" in page
    assert "b&lt;&amp;&gt;&quot;&#x27;" in page
    assert page.count("<tr>") >= len(report.controls)
    for status, colour in (("FAILED", "#c62828"), ("PASSED", "#2e7d32"), ("NO DATA", "#757575"),
                           ("UNKNOWN", "#ef6c00")):
        assert f"background:{colour};color:#fff;padding:0 0.4em;border-radius:3px'>{status}</span>" in page
    assert "href='https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-6'" in page
    assert "hint: <code>ec2.create_flow_logs(ResourceIds=[&#x27;vpc-1&#x27;]" in page
    assert page.count("<details open>") == report.counts()["FAILED"] + report.counts()["UNKNOWN"]


def test_repr_has_no_addresses_or_times():
    text = repr(audit_snapshot(SMALL)) + audit_snapshot(SMALL)._repr_html_()
    assert not re.search(r"0x[0-9a-f]{6,}|\d{4}-\d\d-\d\dT\d\d:", text)


# -- mangled snapshots ---------------------------------------------------------------
MANGLED = {
    "empty": {},
    "header-only": {"labkit": {"format": 1}},
    "header-is-text": {"labkit": "x", "ec2": {}},
    "sections-of-wrong-types": {"ec2": [], "s3": "x", "rds": None, "iam": 5},
    "lists-of-wrong-types": {"ec2": {k: "x" for k in ("vpcs", "subnets", "security_groups", "network_acls",
                                                        "instances", "volumes", "flow_logs")},
                             "s3": {"buckets": {"a": 1}, "account_public_access_block": []},
                             "rds": {"db_instances": 3, "db_clusters": None},
                             "iam": {"users": "u", "policies": [None], "account_summary": []}},
    "entries-of-wrong-types": {"ec2": {"security_groups": [1, None, "x", {"IpPermissions": "x", "GroupName": "default"},
                                                           {"GroupName": 7, "IpPermissions": [{"IpRanges": "x"}]}],
                                       "network_acls": [{"Entries": [{"CidrBlock": 5, "Protocol": None}]}],
                                       "instances": [{"State": "x", "MetadataOptions": []}], "vpcs": [[]],
                                       "flow_logs": [{}], "ebs_encryption_by_default": "yes"},
                               "s3": {"buckets": [{"Name": None, "Policy": {"Statement": "x"}, "Acl": "x"},
                                                  {"Name": "b", "Policy": ["x"], "Encryption": {"Rules": "x"}}],
                                      "account_public_access_block": None},
                               "iam": {"policies": [{"Document": {"Statement": [{"Effect": "Allow"}]}}],
                                       "users": [{"AttachedPolicies": {"x": 1}, "InlinePolicies": [], "MFADevices": 3,
                                                  "ConsoleAccess": True}],
                                       "account_summary": {"AccountAccessKeysPresent": "many"}}},
}


def check_report(report):
    assert isinstance(report, AuditReport)
    assert len(report.controls) == len(controls())
    assert all(c.status in ("PASSED", "FAILED", "NO_DATA", "UNKNOWN") for c in report.controls)
    assert all(isinstance(f.message, str) and f.message for f in report.findings)
    repr(report)
    report._repr_html_()


@pytest.mark.parametrize("name", list(MANGLED))
def test_mangled_snapshots_give_a_report(name):
    report = labkit.audit(copy.deepcopy(MANGLED[name]))
    check_report(report)
    assert not report.passed


def test_mangled_entries_are_named_in_findings():
    report = labkit.audit(copy.deepcopy(MANGLED["entries-of-wrong-types"]))
    assert report.control("EC2.7").status == "UNKNOWN"  # "yes" is not a bool
    assert "ec2.ebs_encryption_by_default in the snapshot is a str" in report.control("EC2.7").note
    assert any("entries are not objects" in note for note in report.notes)
    assert report.control("IAM.4").findings[0].passed is False


@pytest.fixture(scope="module")
def rich_snapshot():
    """A real snapshot with a bit of everything, for systematic mutation."""
    with labkit.Lab("multi-az-db") as lab:
        s3, iam, ec2 = lab.client("s3"), lab.client("iam"), lab.client("ec2")
        s3.create_bucket(Bucket="site", CreateBucketConfiguration={"LocationConstraint": lab.region})
        s3.put_bucket_policy(Bucket="site", Policy=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*"}]}))
        iam.create_policy(PolicyName="Wide", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
        iam.create_user(UserName="u")
        iam.put_user_policy(UserName="u", PolicyName="p", PolicyDocument=json.dumps({"Version": "2012-10-17",
                            "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}))
        ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1)
        return lab.snapshot(list(SERVICES))


def _paths(value, prefix=()):
    """Every (path) into dicts/lists of the snapshot, parents before children."""
    if isinstance(value, dict):
        for key in sorted(value):
            yield (*prefix, key)
            yield from _paths(value[key], (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:2]):
            yield (*prefix, index)
            yield from _paths(item, (*prefix, index))


def test_systematic_mutations_never_raise(rich_snapshot):
    paths = [p for p in _paths(rich_snapshot) if p[0] in SERVICES]
    step = max(1, len(paths) // 150)
    odd_values = (None, "x", {"x": [1]})
    tried = 0
    for index, path in enumerate(paths[::step]):
        snap = copy.deepcopy(rich_snapshot)
        target = snap
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = odd_values[index % len(odd_values)]
        check_report(audit_snapshot(snap))
        tried += 1
    assert tried >= 100


# -- every scenario --------------------------------------------------------------------
SCENARIO_EXPECTATIONS = {
    "buckets": {"S3.8": "FAILED", "S3.17": "FAILED", "S3.2": "PASSED", "RDS.2": "NO_DATA"},
    "iam-basics": {"IAM.1": "PASSED", "IAM.21": "PASSED", "IAM.2": "PASSED", "IAM.4": "PASSED"},
    "multi-az-db": {"RDS.2": "PASSED", "RDS.3": "PASSED", "RDS.5": "PASSED", "RDS.8": "PASSED",
                    "RDS.11": "PASSED"},
    "three-tier-network": {"EC2.15": "FAILED", "EC2.2": "FAILED", "EC2.21": "FAILED", "S3.1": "FAILED"},
    "three-tier-security-groups": {"EC2.18": "PASSED", "EC2.19": "PASSED"},
}


@pytest.mark.parametrize("scenario", labkit.scenarios())
def test_every_scenario_audits(scenario, monkeypatch):
    with labkit.Lab(scenario) as lab:
        asked = []
        real = lab.snapshot
        monkeypatch.setattr(lab, "snapshot", lambda services=None, **kw: asked.append(services) or real(services, **kw))
        report = labkit.audit(lab)
    check_report(report)
    assert asked == [list(SERVICES)]  # one read, of the sections the controls need
    assert report.counts()["UNKNOWN"] == 0
    for control_id, status in SCENARIO_EXPECTATIONS.get(scenario, {}).items():
        assert report.control(control_id).status == status, report.control(control_id)
    if scenario == "buckets":
        found = report.for_resource("my-secure-bucket")
        assert any("moto creates buckets without them" in f.message for f in found if f.check == "S3.8")


def test_docs_table_lists_every_control():
    text = DOCS.read_text(encoding="utf-8")
    for c in controls():
        row = next((line for line in text.splitlines() if line.startswith(f"| [{c.id}]")), None)
        assert row is not None, f"{c.id} missing from docs/controls.md"
        assert c.title in row and c.severity.title() in row and c.link in row, row


# -- the report in Korean (issue 9) ---------------------------------------------------
HANGUL = re.compile("[\uac00-\ud7a3]")


def test_audit_in_korean_reads_in_korean_and_english_stays_the_default(monkeypatch):
    monkeypatch.delenv("LABKIT_LANG", raising=False)
    with labkit.Lab("buckets") as lab:
        korean = labkit.audit(lab, lang="ko")
        english = labkit.audit(lab)
    assert (korean.lang, english.lang) == ("ko", "en")
    # The same verdicts, in the other language.
    assert [(f.check, f.resource, f.passed) for f in korean.findings] == \
        [(f.check, f.resource, f.passed) for f in english.findings]
    assert [(c.id, c.status, c.severity, c.link) for c in korean] == \
        [(c.id, c.status, c.severity, c.link) for c in english]
    assert all(type(f.message) is str and type(f.hint) is str for f in korean.findings)
    assert all(HANGUL.search(c.title) for c in korean)
    assert all(HANGUL.search(f.message) for f in korean.findings)
    assert all(HANGUL.search(f.hint) for f in korean.findings if not f.passed)

    text = repr(korean)
    headline, header, *rows = text.splitlines()
    assert headline.startswith("<AuditReport: 컨트롤 31개, 실패 ") and "계정 123456789012, ap-northeast-2>" in headline
    assert header.split() == ["컨트롤", "상태", "실패", "심각도", "제목"]
    assert "S3.8     FAILED " in text  # Security Hub's status words stay
    s3_8 = korean.control("S3.8")
    assert f"{s3_8.id:<7}  FAILED  " in text and s3_8.title == "S3 범용 버킷은 퍼블릭 액세스를 차단해야 합니다"
    assert "퍼블릭 액세스 차단 구성이 없습니다" in text and "moto" in text
    assert not re.search(r"\bhint:|\bcontrols\b|\bfailed\b", text)

    page = korean._repr_html_()
    assert "<b>보안 감사</b> (AWS 기본 보안 모범 사례) 계정 123456789012 ap-northeast-2<br>컨트롤 31개:" in page
    assert "<th>컨트롤</th><th>상태</th><th>실패</th><th>심각도</th>" in page
    assert "border-radius:3px'>실패(FAILED)</span>" in page and "border-radius:3px'>통과(PASSED)</span>" in page
    assert "힌트: <code>버킷의 퍼블릭 액세스 차단을 켜세요: s3.put_public_access_block(" in page
    assert ">문서</a>" in page and "<summary>결과 " in page
    assert "Security audit" not in page and "hint:" not in page

    # English is the default and reads as before.
    assert not HANGUL.search(repr(english) + english._repr_html_())
    assert repr(english).splitlines()[1] == "control  status    failed  severity  title"
    assert "<b>Security audit</b> (AWS Foundational Security Best Practices)" in english._repr_html_()
    assert english.control("S3.8").title == "S3 general purpose buckets should block public access"


def test_audit_language_of_a_snapshot_and_from_the_environment(monkeypatch):
    monkeypatch.delenv("LABKIT_LANG", raising=False)
    rds = "".join(
        f"{cid:<7}  UNKNOWN      0/0  {sev:<8}  {title}\n           ? {cid} could not be checked: the snapshot has "
        "no 'rds' section (lab.snapshot() includes it; a snapshot limited to other services does not)\n"
        for cid, (sev, title) in RDS_TITLES.items()
    )
    assert repr(labkit.audit(copy.deepcopy(SMALL))) == GOLDEN.format(rds=rds)
    korean = labkit.audit(copy.deepcopy(SMALL), lang="ko")
    unknown = korean.control("RDS.2")
    assert unknown.note.startswith("RDS.2 컨트롤을 확인하지 못했습니다: 스냅샷에 'rds' 섹션이 없습니다")
    assert unknown.findings[0].message == unknown.note and HANGUL.search(unknown.findings[0].hint)
    assert korean.control("IAM.1").note.startswith("범위에 해당하는 리소스가 없습니다")
    monkeypatch.setenv("LABKIT_LANG", "ko")
    assert repr(labkit.audit(copy.deepcopy(SMALL))) == repr(korean)
    assert labkit.audit(copy.deepcopy(SMALL), lang="en").lang == "en"
    with pytest.raises(labkit.LabkitError, match="unknown language"):
        labkit.audit(copy.deepcopy(SMALL), lang="fr")
