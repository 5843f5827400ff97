"""labkit.audit(): FSBP controls over real labs.

Two labs carry most of the weight: a deliberately bad account where each control has
failing (and some passing) resources, and a good account where every control passes.
Each expectation names the control, the resource and the outcome; the messages are
checked where they must say something specific (moto-vs-AWS notes, the request that
made a policy control fail).
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

import labkit
from labkit import LabkitError
from labkit.controls import audit_snapshot, controls
from labkit.services.s3 import create_bucket

ALL_ON = {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
          "RestrictPublicBuckets": True}
REQUIRED = ("EC2.2 EC2.6 EC2.7 EC2.8 EC2.9 EC2.15 EC2.18 EC2.19 EC2.21 S3.1 S3.2 S3.3 S3.5 S3.8 S3.12 S3.13 "
            "S3.14 S3.17 RDS.2 RDS.3 RDS.5 RDS.8 RDS.11 IAM.1 IAM.2 IAM.4 IAM.21").split()
ACCOUNT = "AWS::::Account:123456789012"


def doc(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


def tags(kind, name):
    return [{"ResourceType": kind, "Tags": [{"Key": "Name", "Value": name}]}]


def rule(proto, low=None, high=None, cidr="0.0.0.0/0"):
    perm = {"IpProtocol": proto}
    if low is not None:
        perm.update(FromPort=low, ToPort=high if high is not None else low)
    key, inner = ("Ipv6Ranges", "CidrIpv6") if ":" in cidr else ("IpRanges", "CidrIp")
    perm[key] = [{inner: cidr}]
    return perm


# -- the bad account --------------------------------------------------------------
def build_bad(lab):
    ec2, s3, iam, rds = (lab.client(n) for n in ("ec2", "s3", "iam", "rds"))
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16", TagSpecifications=tags("vpc", "bad"))["Vpc"]["VpcId"]
    public = ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.1.0/24",
                               TagSpecifications=tags("subnet", "bad-public"))["Subnet"]["SubnetId"]
    ec2.modify_subnet_attribute(SubnetId=public, MapPublicIpOnLaunch={"Value": True})
    ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.2.0/24", TagSpecifications=tags("subnet", "bad-private"))
    default_sg = ec2.describe_security_groups(
        Filters=[{"Name": "vpc-id", "Values": [vpc]}, {"Name": "group-name", "Values": ["default"]}]
    )["SecurityGroups"][0]["GroupId"]
    ec2.create_tags(Resources=[default_sg], Tags=[{"Key": "Name", "Value": "bad-default"}])
    default_acl = ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["NetworkAcls"][0]
    ec2.create_tags(Resources=[default_acl["NetworkAclId"]], Tags=[{"Key": "Name", "Value": "bad-default-acl"}])
    groups = {
        "wide-open": [rule("-1")],
        "ssh-open": [rule("tcp", 22)],
        "rdp-v6": [rule("tcp", 3389, cidr="::/0")],
        "alt-https": [rule("tcp", 8443)],
        "web-ok": [rule("tcp", 80), rule("tcp", 443)],
        "private-ssh": [rule("tcp", 22, cidr="10.0.0.0/8")],
    }
    for name, perms in groups.items():
        gid = ec2.create_security_group(GroupName=name, Description=name, VpcId=vpc)["GroupId"]
        ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=perms)
    admin_acl = ec2.create_network_acl(VpcId=vpc, TagSpecifications=tags("network-acl", "admin-allowed"))
    ec2.create_network_acl_entry(NetworkAclId=admin_acl["NetworkAcl"]["NetworkAclId"], RuleNumber=100,
                                 Protocol="6", RuleAction="allow", Egress=False, CidrBlock="0.0.0.0/0",
                                 PortRange={"From": 22, "To": 22})
    locked = ec2.create_network_acl(VpcId=vpc, TagSpecifications=tags("network-acl", "locked"))
    for number, action in ((10, "deny"), (100, "allow")):  # the deny comes first: nothing gets in
        ec2.create_network_acl_entry(NetworkAclId=locked["NetworkAcl"]["NetworkAclId"], RuleNumber=number,
                                     Protocol="-1", RuleAction=action, Egress=False, CidrBlock="0.0.0.0/0")
    ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, InstanceType="t3.micro",
                      TagSpecifications=tags("instance", "bad-web"))  # default subnet: public IP, IMDSv1

    for name in ("open-read", "open-write", "get-star-tls", "aes-bucket", "other-account-read"):
        create_bucket(lab, name)
    s3.put_bucket_policy(Bucket="open-read", Policy=json.dumps(doc(
        {"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
         "Resource": "arn:aws:s3:::open-read/*"})))
    owner = s3.get_bucket_acl(Bucket="open-write")["Owner"]["ID"]
    s3.put_bucket_acl(Bucket="open-write", GrantFullControl=f'id="{owner}"',
                      GrantWrite='uri="http://acs.amazonaws.com/groups/global/AllUsers"')
    s3.put_bucket_policy(Bucket="get-star-tls", Policy=json.dumps(doc(
        {"Sid": "NoPlainGets", "Effect": "Deny", "Principal": "*", "Action": "s3:Get*",
         "Resource": "arn:aws:s3:::get-star-tls/*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}})))
    s3.put_bucket_policy(Bucket="other-account-read", Policy=json.dumps(doc(
        {"Sid": "PartnerRead", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
         "Action": "s3:GetObject", "Resource": "arn:aws:s3:::other-account-read/*"})))
    s3.put_bucket_encryption(Bucket="aes-bucket", ServerSideEncryptionConfiguration={
        "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})
    s3.put_bucket_versioning(Bucket="aes-bucket", VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_versioning(Bucket="aes-bucket", VersioningConfiguration={"Status": "Suspended"})
    s3.put_bucket_lifecycle_configuration(Bucket="aes-bucket", LifecycleConfiguration={"Rules": [
        {"ID": "off", "Status": "Disabled", "Filter": {"Prefix": ""}, "Expiration": {"Days": 30}}]})

    rds.create_db_instance(DBInstanceIdentifier="pub-db", Engine="postgres", DBInstanceClass="db.t3.micro",
                           AllocatedStorage=20, MasterUsername="app", MasterUserPassword="not-a-real-pw-1",
                           StorageEncrypted=True, MultiAZ=True, DeletionProtection=True, BackupRetentionPeriod=7)
    rds.create_db_instance(DBInstanceIdentifier="open-db", Engine="mysql", DBInstanceClass="db.t3.micro",
                           AllocatedStorage=20, MasterUsername="app", MasterUserPassword="not-a-real-pw-1",
                           PubliclyAccessible=True)
    rds.create_db_cluster(DBClusterIdentifier="aur", Engine="aurora-mysql", MasterUsername="app",
                          MasterUserPassword="not-a-real-pw-1", StorageEncrypted=True)
    rds.create_db_instance(DBInstanceIdentifier="aur-1", Engine="aurora-mysql", DBInstanceClass="db.r6g.large",
                           DBClusterIdentifier="aur", PubliclyAccessible=False)

    policies = {
        "AdminAll": doc({"Effect": "Allow", "Action": "*", "Resource": "*"}),
        "AdminWithMfa": doc({"Effect": "Allow", "Action": "*", "Resource": "*",
                             "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}),
        "AdminMinusIam": doc({"Effect": "Allow", "Action": "*", "Resource": "*"},
                             {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}),
        "AllButIam": doc({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}),
        "S3Everything": doc({"Effect": "Allow", "Action": "s3:*", "Resource": "*"}),
        "ReadOnlyish": doc({"Effect": "Allow", "Action": ["s3:Get*", "s3:List*", "ec2:Describe*"], "Resource": "*"}),
    }
    arns = {n: iam.create_policy(PolicyName=n, PolicyDocument=json.dumps(d))["Policy"]["Arn"]
            for n, d in policies.items()}
    iam.create_group(GroupName="readers")
    iam.attach_group_policy(GroupName="readers", PolicyArn=arns["ReadOnlyish"])
    for user in ("dave", "erin", "frank"):
        iam.create_user(UserName=user)
    iam.attach_user_policy(UserName="dave", PolicyArn=arns["S3Everything"])
    iam.put_user_policy(UserName="dave", PolicyName="extra", PolicyDocument=json.dumps(
        doc({"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*"})))
    iam.add_user_to_group(GroupName="readers", UserName="erin")
    for user in ("dave", "erin"):
        iam.create_login_profile(UserName=user, Password="Not-a-real-pw-1!")
    serial = iam.create_virtual_mfa_device(VirtualMFADeviceName="erin")["VirtualMFADevice"]["SerialNumber"]
    iam.enable_mfa_device(UserName="erin", SerialNumber=serial, AuthenticationCode1="123456",
                          AuthenticationCode2="654321")


@pytest.fixture(scope="module")
def bad():
    with labkit.Lab(seed=0) as lab:
        build_bad(lab)
        report = labkit.audit(lab)
        current = labkit.audit()
        snapshot = lab.snapshot()
    return SimpleNamespace(report=report, current=current, snapshot=snapshot)


def resolve(snapshot, name):
    """The resource id the audit uses for ``name`` (EC2 resources by Name tag; others are their names)."""
    if name == "account":
        return ACCOUNT
    ec2 = snapshot["ec2"]
    if name.startswith("root-volume:"):
        inst = next(i for i in ec2["instances"] if i.get("Tags", {}).get("Name") == name.split(":")[1])
        return inst["BlockDeviceMappings"][0]["Ebs"]["VolumeId"]
    for key, ident in (("vpcs", "VpcId"), ("subnets", "SubnetId"), ("network_acls", "NetworkAclId"),
                       ("instances", "InstanceId"), ("security_groups", "GroupId")):
        for item in ec2[key]:
            named = item.get("Tags", {}).get("Name") or (item.get("GroupName") if key == "security_groups" else None)
            if named == name:
                return item[ident]
    return name


def outcome(report, snapshot, control, name):
    """The one finding of ``control`` about ``name`` (None when the resource is out of scope)."""
    found = [f for f in report.for_resource(resolve(snapshot, name)) if f.check == control]
    assert len(found) <= 1, found
    return found[0] if found else None


BAD_CASES = [
    # control, resource, expected (True passed / False failed / None out of scope), text in the message
    ("EC2.2", "bad-default", False, "AWS also adds an inbound rule"),
    ("EC2.3", "root-volume:bad-web", False, "is not encrypted"),
    ("EC2.6", "bad", False, "has no flow log"),
    ("EC2.7", "account", False, "off"),
    ("EC2.8", "bad-web", False, "HttpTokens=optional"),
    ("EC2.9", "bad-web", False, "public IPv4 address"),
    ("EC2.15", "bad-public", False, "assigns a public IPv4 address"),
    ("EC2.15", "bad-private", True, ""),
    ("EC2.18", "wide-open", False, "all traffic from 0.0.0.0/0"),
    ("EC2.18", "alt-https", False, "tcp 8443"),
    ("EC2.18", "web-ok", True, ""),
    ("EC2.18", "private-ssh", None, ""),
    ("EC2.19", "wide-open", False, "22 (SSH)"),
    ("EC2.19", "ssh-open", False, "tcp 22 (SSH) from 0.0.0.0/0"),
    ("EC2.19", "rdp-v6", False, "3389 (RDP) from ::/0"),
    ("EC2.19", "alt-https", True, ""),
    ("EC2.19", "web-ok", True, ""),
    ("EC2.19", "private-ssh", True, ""),
    ("EC2.21", "bad-default-acl", False, "every default network ACL allows all inbound traffic"),
    ("EC2.21", "admin-allowed", False, "tcp 22 from 0.0.0.0/0 (rule 100)"),
    ("EC2.21", "locked", True, ""),
    ("S3.1", "account", False, "no Block Public Access configuration"),
    ("S3.2", "open-read", False, "lets anyone (anonymous) s3:GetObject"),
    ("S3.2", "open-write", True, ""),
    ("S3.2", "other-account-read", True, ""),
    ("S3.3", "open-write", False, "WRITE to AllUsers (everyone)"),
    ("S3.3", "open-read", True, ""),
    ("S3.5", "get-star-tls", False, "s3:PutObject over plain HTTP by a user of this account is not denied"),
    ("S3.5", "open-write", False, "no bucket policy"),
    ("S3.8", "open-read", False, "moto creates buckets without them"),
    ("S3.9", "open-read", False, "no server access logging"),
    ("S3.12", "open-write", False, "WRITE to AllUsers"),
    ("S3.12", "open-read", True, "moto creates buckets without ownership controls"),
    ("S3.13", "aes-bucket", False, "lifecycle rules are all disabled"),
    ("S3.14", "aes-bucket", False, "versioning suspended"),
    ("S3.17", "aes-bucket", False, "AES256"),
    ("S3.17", "open-read", False, "moto creates buckets with no default encryption"),
    ("RDS.2", "pub-db", False, "moto does not report PubliclyAccessible"),
    ("RDS.2", "open-db", False, "PubliclyAccessible is true"),
    ("RDS.2", "aur-1", True, ""),
    ("RDS.3", "open-db", False, "does not encrypt"),
    ("RDS.3", "pub-db", True, ""),
    ("RDS.3", "aur-1", True, ""),
    ("RDS.5", "open-db", False, "single Availability Zone"),
    ("RDS.5", "pub-db", True, ""),
    ("RDS.5", "aur-1", None, ""),
    ("RDS.7", "aur", False, "DeletionProtection is off"),
    ("RDS.8", "open-db", False, "DeletionProtection is off"),
    ("RDS.8", "pub-db", True, ""),
    ("RDS.8", "aur-1", None, ""),
    ("RDS.11", "open-db", False, "only 1 day"),
    ("RDS.11", "pub-db", True, ""),
    ("RDS.11", "aur-1", None, ""),
    ("IAM.1", "AdminAll", False, "allows every action on every resource"),
    ("IAM.1", "AdminWithMfa", False, "full administrator access"),
    ("IAM.1", "AdminMinusIam", True, "not iam:CreateUser"),
    ("IAM.1", "AllButIam", True, "not iam:CreateUser"),
    ("IAM.1", "S3Everything", True, ""),
    ("IAM.1", "ReadOnlyish", True, ""),
    ("IAM.21", "AdminAll", False, "s3:*"),
    ("IAM.21", "S3Everything", False, "s3:*"),
    ("IAM.21", "AllButIam", False, "ec2:*"),
    ("IAM.21", "AdminMinusIam", False, "s3:*"),
    ("IAM.21", "ReadOnlyish", True, ""),
    ("IAM.2", "dave", False, "attached S3Everything; inline extra"),
    ("IAM.2", "erin", True, ""),
    ("IAM.4", "account", True, ""),
    ("IAM.5", "dave", False, "no MFA device"),
    ("IAM.5", "erin", True, ""),
    ("IAM.5", "frank", None, ""),
]


@pytest.mark.parametrize(("control", "name", "expected", "words"), BAD_CASES,
                         ids=[f"{c}-{n}" for c, n, _, _ in BAD_CASES])
def test_bad_account(bad, control, name, expected, words):
    found = outcome(bad.report, bad.snapshot, control, name)
    if expected is None:
        assert found is None
        return
    assert found is not None, f"no {control} finding for {name}"
    assert found.passed is expected, found
    assert words in found.message, found.message
    assert found.link.startswith("https://docs.aws.amazon.com/securityhub/latest/userguide/")
    assert found.link.endswith("#" + control.lower().replace(".", "-"))
    assert bool(found.hint) is not expected  # failures say how to fix; passes need no hint


def test_bad_account_report(bad):
    report = bad.report
    assert not report.passed
    assert repr(bad.current) == repr(report)  # labkit.audit() reads the current lab
    assert {c.id for c in report.controls} >= set(REQUIRED)
    assert all(c.status == "FAILED" for c in report.controls if c.id != "IAM.4"), repr(report)
    assert report.control("IAM.4").status == "PASSED"
    assert report.control("s3.2") is report.control("S3.2")  # ids are case-insensitive
    assert report.failed and all(not f.passed for f in report.failed)
    assert report.unchecked == []
    assert sum(len(c.findings) for c in report.controls) == len(report.findings)
    counts = report.counts()
    assert counts["FAILED"] == len(report.controls) - 1 and counts["PASSED"] == 1
    with pytest.raises(LabkitError, match="no control 'S3.99'.*EC2.2"):
        report.control("S3.99")
    dave = report.for_resource("dave")
    assert sorted(f.check for f in dave) == ["IAM.2", "IAM.5"]
    assert report.for_resource("S3Everything")[0].resource == "arn:aws:iam::123456789012:policy/S3Everything"
    assert report.for_resource("nothing-by-this-name") == []


def test_snapshot_dict_gives_the_same_report(bad):
    again = labkit.audit(bad.snapshot)
    assert repr(again) == repr(bad.report)
    assert [(f.check, f.resource, f.passed) for f in again.findings] == \
        [(f.check, f.resource, f.passed) for f in bad.report.findings]
    wrapped = labkit.audit({"answers": {}, "snapshot": bad.snapshot})  # a submission-like file
    assert repr(wrapped) == repr(bad.report)


def test_the_audit_never_changes_the_snapshot_it_reads(bad):
    before = json.dumps(bad.snapshot, sort_keys=True)
    labkit.audit(bad.snapshot, lang="ko")
    audit_snapshot(bad.snapshot)
    assert json.dumps(bad.snapshot, sort_keys=True) == before


def test_unencrypted_volume_despite_default_encryption_says_moto_ignores_it(bad):
    snap = json.loads(json.dumps(bad.snapshot))
    snap["ec2"]["ebs_encryption_by_default"] = True
    report = audit_snapshot(snap)
    assert report.control("EC2.7").status == "PASSED"
    found = outcome(report, snap, "EC2.3", "root-volume:bad-web")
    assert not found.passed and "moto does not apply it" in found.message


def test_root_access_key_fails_iam4(bad):
    # moto cannot create root access keys (nor can the IAM API): edit the snapshot instead.
    snap = json.loads(json.dumps(bad.snapshot))
    snap["iam"]["account_summary"]["AccountAccessKeysPresent"] = 1
    found = audit_snapshot(snap).control("IAM.4").findings
    assert [(f.resource, f.passed) for f in found] == [(ACCOUNT, False)]
    assert "root user has an access key" in found[0].message


# -- the good account -----------------------------------------------------------------
def secure_bucket(lab, name, key_arn, *statements):
    s3 = lab.client("s3")
    create_bucket(lab, name)
    # The extra statements go first: moto's logging-target check stops at a string Principal ("*").
    s3.put_bucket_policy(Bucket=name, Policy=json.dumps(doc(*statements, {
        "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
        "Resource": [f"arn:aws:s3:::{name}", f"arn:aws:s3:::{name}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}}})))
    s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration=ALL_ON)
    s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key_arn},
         "BucketKeyEnabled": True}]})
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_lifecycle_configuration(Bucket=name, LifecycleConfiguration={"Rules": [
        {"ID": "tiering", "Status": "Enabled", "Filter": {"Prefix": ""},
         "Transitions": [{"Days": 30, "StorageClass": "STANDARD_IA"}]}]})
    s3.put_bucket_ownership_controls(Bucket=name, OwnershipControls={
        "Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})


def build_good(lab):
    """multi-az-db (a private, encrypted, Multi-AZ database) plus everything the controls ask for."""
    ec2, s3, iam, rds = (lab.client(n) for n in ("ec2", "s3", "iam", "rds"))
    ec2.enable_ebs_encryption_by_default()
    defaults = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["default"]}])
    for group in defaults["SecurityGroups"]:
        if group["IpPermissionsEgress"]:
            ec2.revoke_security_group_egress(GroupId=group["GroupId"], IpPermissions=group["IpPermissionsEgress"])
    for subnet in ec2.describe_subnets()["Subnets"]:
        ec2.modify_subnet_attribute(SubnetId=subnet["SubnetId"], MapPublicIpOnLaunch={"Value": False})
    for acl in ec2.describe_network_acls()["NetworkAcls"]:
        for number, (port, proto) in enumerate([(22, "6"), (22, "17"), (3389, "6"), (3389, "17")], start=10):
            ec2.create_network_acl_entry(NetworkAclId=acl["NetworkAclId"], RuleNumber=number, Protocol=proto,
                                         RuleAction="deny", Egress=False, CidrBlock="0.0.0.0/0",
                                         PortRange={"From": port, "To": port})
    key = lab.client("kms").create_key(Description="buckets")["KeyMetadata"]["Arn"]
    lab.client("s3control").put_public_access_block(AccountId=lab.account_id, PublicAccessBlockConfiguration=ALL_ON)
    secure_bucket(lab, "audit-logs", key, {
        "Sid": "ServerAccessLogs", "Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"},
        "Action": "s3:PutObject", "Resource": "arn:aws:s3:::audit-logs/*"})
    # A public statement that Block Public Access (RestrictPublicBuckets) makes void.
    secure_bucket(lab, "website", key, {"Sid": "PublicRead", "Effect": "Allow", "Principal": "*",
                                        "Action": "s3:GetObject", "Resource": "arn:aws:s3:::website/*"})
    for name in ("audit-logs", "website"):
        s3.put_bucket_logging(Bucket=name, BucketLoggingStatus={
            "LoggingEnabled": {"TargetBucket": "audit-logs", "TargetPrefix": f"{name}/"}})
    ec2.create_flow_logs(ResourceIds=[v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"]], ResourceType="VPC",
                         TrafficType="REJECT", LogDestinationType="s3", LogDestination="arn:aws:s3:::audit-logs")
    app = ec2.describe_subnets(Filters=[{"Name": "tag:Name", "Values": ["app-a"]}])["Subnets"][0]["SubnetId"]
    ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, InstanceType="t3.micro", SubnetId=app,
                      MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled"},
                      # moto ignores EBS encryption by default for root volumes (AWS applies it): ask explicitly.
                      BlockDeviceMappings=[{"DeviceName": "/dev/sda1", "Ebs": {"VolumeSize": 8, "Encrypted": True}}],
                      TagSpecifications=tags("instance", "app-1"))
    rds.create_db_cluster(DBClusterIdentifier="aur", Engine="aurora-mysql", MasterUsername="app",
                          MasterUserPassword="not-a-real-pw-1", StorageEncrypted=True, DeletionProtection=True)
    arn = iam.create_policy(PolicyName="ReadOnly", PolicyDocument=json.dumps(doc(
        {"Effect": "Allow", "Action": ["s3:Get*", "s3:List*", "ec2:Describe*"], "Resource": "*"})))["Policy"]["Arn"]
    iam.create_group(GroupName="readers")
    iam.attach_group_policy(GroupName="readers", PolicyArn=arn)
    iam.create_user(UserName="erin")
    iam.add_user_to_group(GroupName="readers", UserName="erin")
    iam.create_login_profile(UserName="erin", Password="Not-a-real-pw-1!")
    serial = iam.create_virtual_mfa_device(VirtualMFADeviceName="erin")["VirtualMFADevice"]["SerialNumber"]
    iam.enable_mfa_device(UserName="erin", SerialNumber=serial, AuthenticationCode1="123456",
                          AuthenticationCode2="654321")


def test_good_account_passes_every_control():
    with labkit.Lab("multi-az-db") as lab:
        build_good(lab)
        report = labkit.audit(lab)
    assert report.passed, repr(report)
    assert all(c.status == "PASSED" for c in report.controls), repr(report)
    assert report.failed == [] and report.unchecked == []
    website = [f for f in report.for_resource("website") if f.check == "S3.2"][0]
    assert "RestrictPublicBuckets (on the bucket) voids its policy" in website.message
    assert "Block Public Access" not in repr(report)  # passing findings stay out of the plain table
    assert [f.resource for f in report.control("RDS.2").findings] == ["app-db"]


# -- catalogue, errors, display ------------------------------------------------------
def test_controls_catalogue():
    listed = controls()
    ids = [c.id for c in listed]
    assert set(REQUIRED) <= set(ids) and len(ids) == len(set(ids))
    assert ids.index("EC2.2") < ids.index("EC2.15") < ids.index("S3.1") < ids.index("RDS.2") < ids.index("IAM.1")
    for c in listed:
        assert c.severity in ("CRITICAL", "HIGH", "MEDIUM", "LOW") and c.title and c.passes
        service, number = c.id.lower().split(".")
        assert c.link == f"https://docs.aws.amazon.com/securityhub/latest/userguide/{service}-controls.html#{service}-{number}"
    sev = {c.id: c.severity for c in listed}
    assert (sev["EC2.19"], sev["S3.2"], sev["RDS.2"], sev["IAM.4"], sev["IAM.2"]) == \
        ("CRITICAL", "CRITICAL", "CRITICAL", "CRITICAL", "LOW")


@pytest.mark.parametrize("value", [42, "snapshot.json", ["ec2"], object()], ids=["int", "str", "list", "object"])
def test_audit_refuses_what_is_not_a_lab_or_snapshot(value):
    with pytest.raises(LabkitError, match="takes a Lab, a snapshot dict"):
        labkit.audit(value)


def test_audit_without_a_lab_says_so():
    with pytest.raises(LabkitError):
        labkit.audit()
