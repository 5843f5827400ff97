"""The graders graded: ec2.web_server. The empty account scores 0, the reference
solution full marks, each named near miss loses exactly the check that should
fail, and other correct builds (the seed's resource-API style, a launch
template) score full marks."""

from __future__ import annotations

import pytest

import labkit
from labkit.catalogue import grade, task
from labkit.catalogue.ec2 import SEED_AMI, solve_web_server

TASK = "ec2.web_server"
WEB_TAGS = [{"Key": "Name", "Value": "MyWebServer"}, {"Key": "Environment", "Value": "Production"}]


def failed(result):
    return sorted(f.check for f in result.findings if not f.passed)


def _instance(lab):
    reservations = lab.client("ec2").describe_instances(
        Filters=[{"Name": "tag:Name", "Values": ["MyWebServer"]}])["Reservations"]
    return reservations[0]["Instances"][0]


def _group_id(lab, name):
    return lab.client("ec2").describe_security_groups(
        Filters=[{"Name": "group-name", "Values": [name]}])["SecurityGroups"][0]["GroupId"]


def test_empty_account_scores_zero_and_solution_full_marks():
    chosen = task(TASK)
    assert chosen.starter is None
    with labkit.Lab(chosen.starter) as lab:
        start = grade(TASK, lab, record=False)
        assert start.score == 0, repr(start)
        chosen.solution(lab)
        done = grade(TASK, lab, record=False)
    assert done.passed and done.score == done.max_score == chosen.max_score == 12, repr(done)


# -- near misses: the solution, then one change ------------------------------------------
def _imds_optional(lab):
    lab.client("ec2").modify_instance_metadata_options(InstanceId=_instance(lab)["InstanceId"], HttpTokens="optional")


def _ssh_open_to_world(lab):
    lab.client("ec2").authorize_security_group_ingress(GroupId=_group_id(lab, "web-server-sg"), IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])


def _port_range_80_to_443(lab):
    lab.client("ec2").authorize_security_group_ingress(GroupId=_group_id(lab, "web-server-sg"), IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 443, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}])


def _wrong_type(lab):
    lab.client("ec2").modify_instance_attribute(InstanceId=_instance(lab)["InstanceId"],
                                                InstanceType={"Value": "t3.micro"})


def _no_environment_tag(lab):
    lab.client("ec2").delete_tags(Resources=[_instance(lab)["InstanceId"]], Tags=[{"Key": "Environment"}])


def _in_default_group(lab):
    inst = _instance(lab)
    default = lab.client("ec2").describe_security_groups(Filters=[
        {"Name": "vpc-id", "Values": [inst["VpcId"]]}, {"Name": "group-name", "Values": ["default"]}])
    lab.client("ec2").modify_instance_attribute(InstanceId=inst["InstanceId"],
                                                Groups=[default["SecurityGroups"][0]["GroupId"]])


def _second_web_server(lab):
    lab.client("ec2").run_instances(
        ImageId=SEED_AMI, MinCount=1, MaxCount=1, InstanceType="t3.medium", KeyName="my-key-pair",
        SecurityGroupIds=[_group_id(lab, "web-server-sg")],
        MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled"},
        TagSpecifications=[{"ResourceType": "instance", "Tags": WEB_TAGS}])


def _terminated(lab):
    lab.client("ec2").terminate_instances(InstanceIds=[_instance(lab)["InstanceId"]])


def _other_key(lab):
    ec2 = lab.client("ec2")
    ec2.terminate_instances(InstanceIds=[_instance(lab)["InstanceId"]])
    ec2.create_key_pair(KeyName="someone-elses-key")
    ec2.run_instances(
        ImageId=SEED_AMI, MinCount=1, MaxCount=1, InstanceType="t3.medium", KeyName="someone-elses-key",
        SecurityGroupIds=[_group_id(lab, "web-server-sg")],
        MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled"},
        TagSpecifications=[{"ResourceType": "instance", "Tags": WEB_TAGS}])


INSTANCE_CHECKS = ["EC2.8", "environment-tag", "instance", "instance-key", "instance-sg", "instance-type"]


@pytest.mark.parametrize(
    ("near_miss", "expected"),
    [
        (_imds_optional, ["EC2.8"]),
        (_ssh_open_to_world, ["only-web-ports"]),
        (_port_range_80_to_443, ["only-web-ports"]),
        (_wrong_type, ["instance-type"]),
        (_no_environment_tag, ["environment-tag"]),
        (_in_default_group, ["instance-sg"]),
        (_second_web_server, ["instance"]),
        (_other_key, ["instance-key"]),
        (_terminated, INSTANCE_CHECKS),
    ],
    ids=["imdsv2-optional", "ssh-open-to-world", "port-range-80-443", "wrong-type", "no-environment-tag",
         "default-group", "two-web-servers", "other-key", "terminated"],
)
def test_near_misses_fail_exactly_their_checks(near_miss, expected):
    with labkit.Lab() as lab:
        solve_web_server(lab)
        near_miss(lab)
        result = grade(TASK, lab, record=False)
    assert failed(result) == expected, repr(result)
    lost = sum(f.max_points for f in result.findings if not f.passed)
    assert result.score == result.max_score - lost
    bad = [f for f in result.findings if not f.passed]
    assert all(f.hint and f.link.startswith("https://") for f in bad)


def test_near_miss_messages_name_the_problem():
    with labkit.Lab() as lab:
        solve_web_server(lab)
        _ssh_open_to_world(lab)
        _imds_optional(lab)
        findings = {f.check: f for f in grade(TASK, lab, record=False).findings}
    assert "tcp 22 from 0.0.0.0/0" in findings["only-web-ports"].message
    assert "HttpTokens=optional" in findings["EC2.8"].message
    assert "modify_instance_metadata_options" in findings["EC2.8"].hint


# -- other correct builds -------------------------------------------------------------
def test_the_seeds_resource_api_style_in_a_custom_vpc_scores_full_marks():
    with labkit.Lab(seed=3) as lab:
        ec2 = lab.resource("ec2")
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")
        subnet = vpc.create_subnet(CidrBlock="10.0.0.0/24", AvailabilityZone="ap-northeast-2a")
        web_sg = ec2.create_security_group(GroupName="web-server-sg", Description="Security group for web servers",
                                           VpcId=vpc.id)
        web_sg.authorize_ingress(IpPermissions=[  # 443 first, 80 second, as in the seed
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
             "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "HTTPS from anywhere"}]},
            {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80,
             "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "HTTP from anywhere"}, {"CidrIp": "10.0.0.0/16"}],
             "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},
        ])
        instance = ec2.create_instances(
            ImageId=SEED_AMI, MinCount=1, MaxCount=1, InstanceType="t3.medium", KeyName="my-key-pair",
            SecurityGroupIds=[web_sg.id], SubnetId=subnet.id, TagSpecifications=[
                {"ResourceType": "instance", "Tags": WEB_TAGS}],
        )[0]
        # The key pair after the launch (moto does not validate it) and IMDSv2 enforced afterwards.
        lab.client("ec2").create_key_pair(KeyName="my-key-pair")
        lab.client("ec2").modify_instance_metadata_options(
            InstanceId=instance.id, HttpTokens="required", HttpEndpoint="enabled")
        # A terminated old attempt does not count.
        old = ec2.create_instances(ImageId=SEED_AMI, MinCount=1, MaxCount=1, InstanceType="t2.micro",
                                   TagSpecifications=[{"ResourceType": "instance",
                                                       "Tags": [{"Key": "Name", "Value": "MyWebServer"}]}])[0]
        old.terminate()
        result = grade(TASK, lab, record=False)
    assert result.passed, repr(result)


def _template_launch(lab, *, required: bool):
    ec2 = lab.client("ec2")
    ec2.create_key_pair(KeyName="my-key-pair")
    sg = ec2.create_security_group(GroupName="web-server-sg", Description="web")["GroupId"]
    for port in (80, 443):
        ec2.authorize_security_group_ingress(GroupId=sg, IpProtocol="tcp", FromPort=port, ToPort=port,
                                             CidrIp="0.0.0.0/0")
    data = {"ImageId": SEED_AMI, "InstanceType": "t3.medium", "KeyName": "my-key-pair", "SecurityGroupIds": [sg],
            "TagSpecifications": [{"ResourceType": "instance", "Tags": WEB_TAGS}]}
    if required:
        data["MetadataOptions"] = {"HttpTokens": "required", "HttpEndpoint": "enabled"}
    ec2.create_launch_template(LaunchTemplateName="web", LaunchTemplateData=data)
    ec2.run_instances(MinCount=1, MaxCount=1, LaunchTemplate={"LaunchTemplateName": "web", "Version": "$Latest"})
    return grade(TASK, lab, record=False)


def test_launching_from_a_launch_template_that_requires_imdsv2_scores_full_marks():
    # moto does not copy a template's MetadataOptions onto the instance; the grader
    # reads the template version the instance records it was launched from.
    with labkit.Lab() as lab:
        good = _template_launch(lab, required=True)
        assert good.passed, repr(good)
        message = next(f.message for f in good.findings if f.check == "EC2.8")
        lab.reset()
        bad = _template_launch(lab, required=False)
    assert "requires IMDSv2" in message
    assert failed(bad) == ["EC2.8"], repr(bad)


MANGLED = [
    None, [], "text", {"ec2": "nope"}, {"ec2": {"instances": [1, None, "x", {"Tags": "x", "State": 3}]}},
    {"ec2": {
        "instances": [{"Tags": {"Name": "MyWebServer"}, "State": {"Name": "running"}, "MetadataOptions": "x",
                       "SecurityGroups": "x", "InstanceType": 3, "KeyName": None}],
        "security_groups": [{"GroupName": "web-server-sg", "IpPermissions": [{"IpProtocol": "tcp", "FromPort": "x"},
                                                                             None, 5]}],
        "key_pairs": "x", "launch_templates": [{"LaunchTemplateName": "web", "Versions": "x"}]}},
]


@pytest.mark.parametrize("bad", MANGLED)
def test_mangled_snapshots_give_findings_not_exceptions(bad):
    from labkit.catalogue import grade_snapshot

    result = grade_snapshot(TASK, bad)
    assert len(result.findings) == len(task(TASK).checks)
    assert not any("could not check" in f.message for f in result.findings), repr(result)
    assert result.score <= 1  # at most "one instance tagged MyWebServer" on a hand-made record
