"""EC2 task: the seed's web server (key pair, a web-only security group, IMDSv2).

Also home of the launch-template readers the autoscaling task shares: which
version of a template something actually uses, and whether it requires IMDSv2.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from ..grading import Check, Task
from ..i18n import and_, join, msg
from ..snapread import GONE_STATES, dicts, num, sub, tags, text
from . import _network as net
from . import register

if TYPE_CHECKING:
    from ..lab import Lab

FSBP = "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html"
EC2_DOC = "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/"
KEY_NAME = "my-key-pair"
SG_NAME = "web-server-sg"
INSTANCE_NAME = "MyWebServer"
WEB_PORTS = (80, 443)
# The seed's Amazon Linux 2 AMI (EC2 section); moto accepts any AMI id.
SEED_AMI = "ami-0c55b159cbfafe1f0"
# Instances in these states are gone (terminated instances stay listed for about an hour).
INSTANCE_GONE = ("terminated", "shutting-down", *GONE_STATES)

Result = tuple[bool, str, str, str]


def listing(items: Iterable[Any], sep: str = ", ") -> Any:
    """Items (strings or Msgs) joined by ", " (or "; "), each rendered in the reader's language."""
    return join(sep, items)


# -- launch templates (shared with the autoscaling task) ------------------------
def launch_template(snap: dict[str, Any], *, name: str = "", template_id: str = "") -> dict[str, Any] | None:
    """The launch template with this name or id, or None."""
    for template in net.items(snap, "launch_templates"):
        if (name and template.get("LaunchTemplateName") == name) or (
            template_id and template.get("LaunchTemplateId") == template_id
        ):
            return template
    return None


def template_version(template: dict[str, Any], version: Any) -> tuple[dict[str, Any] | None, str]:
    """(the launch template data of ``version``, a label such as "version 2 ($Latest)").

    ``version`` is what a group or a launch names: "$Latest", "$Default", a number,
    or nothing (AWS then uses the default version).
    """
    wanted = text(version) or "$Default"
    versions = dicts(template, "Versions")
    chosen: dict[str, Any] | None = None
    if wanted == "$Latest":
        numbered = [v for v in versions if num(v.get("VersionNumber")) is not None]
        chosen = max(numbered, key=lambda v: num(v.get("VersionNumber")) or 0) if numbered else None
        if chosen is None and isinstance(template.get("LatestVersionData"), dict):  # older snapshots
            return template["LatestVersionData"], "$Latest"
    elif wanted == "$Default":
        chosen = next((v for v in versions if v.get("DefaultVersion") is True), None)
        if chosen is None:
            default = num(template.get("DefaultVersionNumber"))
            chosen = next((v for v in versions if num(v.get("VersionNumber")) == default), None)
    else:
        chosen = next((v for v in versions if num(v.get("VersionNumber")) == num(wanted)), None)
    if chosen is None:
        return None, wanted
    number = text(chosen.get("VersionNumber"), "?")
    label = (msg("version {number}", number=number) if wanted == number
             else msg("version {number} ({wanted})", number=number, wanted=wanted))
    return sub(chosen, "LaunchTemplateData"), label


def imds_problem(options: dict[str, Any]) -> Any:
    """"" when metadata options require IMDSv2 with the endpoint on, else what is wrong."""
    tokens = text(options.get("HttpTokens"), "optional") or "optional"
    endpoint = text(options.get("HttpEndpoint"), "enabled") or "enabled"
    problems = []
    if tokens != "required":
        problems.append(msg("HttpTokens={tokens} (IMDSv1 still answers)", tokens=tokens))
    if endpoint != "enabled":
        problems.append(f"HttpEndpoint={endpoint}")
    return listing(problems)


# -- the web server ---------------------------------------------------------------
def _web_instances(snap: dict[str, Any]) -> list[dict[str, Any]]:
    """Instances tagged Name=MyWebServer that still exist (stopped counts; terminated does not)."""
    found = [
        i for i in net.items(snap, "instances")
        if tags(i).get("Name") == INSTANCE_NAME and text(sub(i, "State").get("Name")) not in INSTANCE_GONE
    ]
    return sorted(found, key=lambda i: text(i.get("InstanceId")))


def _web_group(snap: dict[str, Any]) -> dict[str, Any] | None:
    """The group named web-server-sg; with one per VPC, the one the web server uses."""
    groups = sorted((g for g in net.items(snap, "security_groups") if g.get("GroupName") == SG_NAME),
                    key=lambda g: text(g.get("GroupId")))
    used = {text(g.get("GroupId")) for i in _web_instances(snap) for g in dicts(i, "SecurityGroups")}
    chosen = next((g for g in groups if text(g.get("GroupId")) in used), groups[0] if groups else None)
    # Only well-formed rules reach the shared readers (a hand-edited snapshot may hold anything).
    return None if chosen is None else {**chosen, "IpPermissions": dicts(chosen, "IpPermissions")}


RUN_HINT = msg(
    "ec2.run_instances(ImageId=..., MinCount=1, MaxCount=1, InstanceType='t3.medium', KeyName='my-key-pair', "
    "SecurityGroupIds=[<web-server-sg id>], MetadataOptions={{'HttpTokens': 'required', 'HttpEndpoint': 'enabled'}}, "
    "TagSpecifications=[{{'ResourceType': 'instance', 'Tags': [{{'Key': 'Name', 'Value': 'MyWebServer'}}, "
    "{{'Key': 'Environment', 'Value': 'Production'}}]}}])"
)
NO_INSTANCE: Result = (
    False, INSTANCE_NAME, msg("there is no running or stopped instance tagged Name=MyWebServer"), RUN_HINT,
)
LAUNCH_FIRST: Result = (
    False, INSTANCE_NAME, msg("there is no running or stopped instance tagged Name=MyWebServer to judge"),
    msg("Launch it first (see the hint of the 'instance' check)."),
)
NO_GROUP: Result = (
    False, SG_NAME, msg("there is no security group named web-server-sg"),
    msg("ec2.create_security_group(GroupName='web-server-sg', Description='Security group for web servers') "
        "(add VpcId=... to put it in a VPC other than the default one)"),
)


def _key_pair(snap: dict[str, Any]) -> Result:
    if any(k.get("KeyName") == KEY_NAME for k in net.items(snap, "key_pairs")):
        return True, KEY_NAME, msg("key pair my-key-pair exists"), ""
    return (False, KEY_NAME, msg("there is no key pair named my-key-pair"),
            msg("ec2.create_key_pair(KeyName='my-key-pair') and keep the returned KeyMaterial (the private key) safe."))


def _web_ports(snap: dict[str, Any]) -> Result:
    group = _web_group(snap)
    if group is None:
        return NO_GROUP
    gid = text(group.get("GroupId"), SG_NAME)
    missing = [p for p in WEB_PORTS if "0.0.0.0/0" not in net.admitted(group, p)[0]]
    if missing:
        return (False, gid, msg("web-server-sg does not admit TCP {ports} from 0.0.0.0/0",
                                ports=and_(map(str, missing))),
                msg("ec2.authorize_security_group_ingress(GroupId=..., IpPermissions=[{{'IpProtocol': 'tcp', "
                    "'FromPort': 443, 'ToPort': 443, 'IpRanges': [{{'CidrIp': '0.0.0.0/0'}}]}}, ...same for 80])"))
    return True, gid, msg("web-server-sg admits HTTP (80) and HTTPS (443) from anywhere"), ""


def _describe(permission: dict[str, Any]) -> Any:
    proto = text(permission.get("IpProtocol"), "?")
    if proto == "-1":
        return msg("all traffic")
    low, high = permission.get("FromPort"), permission.get("ToPort")
    ports = text(low, "?") if low == high else f"{text(low, '?')}-{text(high, '?')}"
    name = {"6": "tcp", "17": "udp", "1": "icmp"}.get(proto, proto)
    return f"{name} {ports}"


def _only_web_ports(snap: dict[str, Any]) -> Result:
    group = _web_group(snap)
    if group is None:
        return NO_GROUP
    gid = text(group.get("GroupId"), SG_NAME)
    extra = []
    for perm in dicts(group, "IpPermissions"):
        proto = text(perm.get("IpProtocol"))
        low, high = num(perm.get("FromPort")), num(perm.get("ToPort"))
        if proto in ("tcp", "6") and low is not None and low == high and low in WEB_PORTS:
            continue
        cidrs, groups = net.sources(perm)
        origin = ", ".join(sorted(cidrs) + sorted(groups)) or msg("nowhere listed")
        extra.append(msg("{rule} from {origin}", rule=_describe(perm), origin=origin))
    if extra:
        return (False, gid, msg("web-server-sg admits more than TCP 80 and 443: {rules}",
                                rules=listing(sorted(extra), "; ")),
                msg("Revoke those rules with ec2.revoke_security_group_ingress(GroupId=..., IpPermissions=[...]); "
                    "reach the server with Session Manager instead of opening SSH (Security Hub's EC2.18 likewise "
                    "authorizes only 80 and 443 from anywhere)."))
    return True, gid, msg("web-server-sg admits nothing but TCP 80 and 443"), ""


def _single_instance(snap: dict[str, Any]) -> Result:
    found = _web_instances(snap)
    if not found:
        return NO_INSTANCE
    ids = [text(i.get("InstanceId"), "?") for i in found]
    if len(found) > 1:
        return (False, ", ".join(ids), msg("{count} instances are tagged Name=MyWebServer; the task asks for one",
                                           count=len(found)),
                msg("ec2.terminate_instances(InstanceIds=[...]) for the extra ones."))
    return True, ids[0], msg("one instance tagged Name=MyWebServer"), ""


def _per_instance(ok: Any, passed: Any, failed: Callable[[Any], Any], hint: Any) -> Any:
    """A check that every web-server instance passes ``ok(snap, instance) -> (bool, detail)``.

    ``passed`` is the whole message when all pass; ``failed(problems)`` the message
    naming what is wrong with each instance.
    """

    def run(snap: dict[str, Any]) -> Result:
        found = _web_instances(snap)
        if not found:
            return LAUNCH_FIRST
        bad = []
        for inst in found:
            good, detail = ok(snap, inst)
            if not good:
                bad.append(msg("{instance} {detail}", instance=text(inst.get("InstanceId"), "?"), detail=detail))
        ids = ", ".join(text(i.get("InstanceId"), "?") for i in found)
        if bad:
            return False, ids, failed(listing(bad, "; ")), hint
        return True, ids, passed, ""

    return run


def _type_ok(snap: dict[str, Any], inst: dict[str, Any]) -> tuple[bool, Any]:
    kind = text(inst.get("InstanceType"), "?")
    return kind == "t3.medium", msg("is {kind}", kind=kind)


def _environment_ok(snap: dict[str, Any], inst: dict[str, Any]) -> tuple[bool, Any]:
    value = tags(inst).get("Environment")
    return value == "Production", (msg("has no Environment tag") if value is None
                                   else msg("has Environment={value}", value=value))


def instance_metadata(snap: dict[str, Any], inst: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    """The instance's metadata options in effect, and where they come from.

    moto gap: an instance launched from a launch template does not get the
    template's MetadataOptions (real EC2 copies them unless the launch overrides
    them). The instance records which template version launched it (the
    aws:ec2launchtemplate:* tags), so when its own record does not require
    tokens, the options of that template version apply, as they would in AWS.
    """
    own = sub(inst, "MetadataOptions")
    if text(own.get("HttpTokens")) == "required":
        return own, msg("its own metadata options")
    labels = tags(inst)
    template = launch_template(snap, template_id=labels.get("aws:ec2launchtemplate:id", ""))
    if template is not None:
        data, label = template_version(template, labels.get("aws:ec2launchtemplate:version"))
        options = sub(data, "MetadataOptions")
        if options:
            return {**own, **options}, msg("launch template {name} {version}",
                                           name=text(template.get("LaunchTemplateName"), "?"), version=label)
    return own, msg("its own metadata options")


def _imds_ok(snap: dict[str, Any], inst: dict[str, Any]) -> tuple[bool, Any]:
    options, source = instance_metadata(snap, inst)
    problem = imds_problem(options)
    return not problem, msg("has {problem} ({source})", problem=problem, source=source)


def _group_ok(snap: dict[str, Any], inst: dict[str, Any]) -> tuple[bool, Any]:
    web_ids = {text(g.get("GroupId")) for g in net.items(snap, "security_groups") if g.get("GroupName") == SG_NAME}
    attached = dicts(inst, "SecurityGroups")
    names = sorted(text(g.get("GroupName")) or text(g.get("GroupId"), "?") for g in attached)
    inside = any(g.get("GroupName") == SG_NAME or text(g.get("GroupId")) in web_ids - {""} for g in attached)
    shown = ", ".join(names)
    return inside, (msg("is in {groups}", groups=shown) if shown else msg("is in no security group"))


def _key_ok(snap: dict[str, Any], inst: dict[str, Any]) -> tuple[bool, Any]:
    key = text(inst.get("KeyName"))
    return key == KEY_NAME, (msg("was launched with key pair {key}", key=key) if key
                             else msg("was launched without a key pair"))


def solve_web_server(lab: Lab) -> None:
    """The seed's web server, built with the client API in the default VPC."""
    ec2 = lab.client("ec2")
    ec2.create_key_pair(KeyName=KEY_NAME)
    group_id = ec2.create_security_group(GroupName=SG_NAME, Description="Security group for web servers")["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=group_id,
        IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": port, "ToPort": port,
             "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": f"{label} from anywhere"}]}
            for port, label in ((443, "HTTPS"), (80, "HTTP"))
        ],
    )
    ec2.run_instances(
        ImageId=SEED_AMI,
        MinCount=1,
        MaxCount=1,
        InstanceType="t3.medium",
        KeyName=KEY_NAME,
        SecurityGroupIds=[group_id],
        TagSpecifications=[{"ResourceType": "instance", "Tags": [
            {"Key": "Name", "Value": INSTANCE_NAME}, {"Key": "Environment", "Value": "Production"}]}],
        MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled"},
    )


register(Task(
    id="ec2.web_server",
    topic="ec2",
    title="Launch the seed's web server",
    text=(
        "Launch the seed's web server (웹 서버). Create key pair (키 페어) `my-key-pair` and security group "
        "(보안 그룹) `web-server-sg` that admits only TCP 80 (HTTP) and 443 (HTTPS) from 0.0.0.0/0: no SSH, "
        "nothing else. Then launch one instance (인스턴스) of type t3.medium, the burstable general-purpose "
        "family the seed suggests for small web servers, tagged Name=`MyWebServer` and Environment=`Production`, "
        "in `web-server-sg`, with `my-key-pair`, and with IMDSv2 enforced (IMDSv2 강제 적용): "
        "HttpTokens=required and the metadata endpoint enabled. The default VPC is fine, and any AMI id works "
        "in the lab (the seed uses Amazon Linux 2, ami-0c55b159cbfafe1f0). Terminated instances do not count."
    ),
    starter=None,
    solution=solve_web_server,
    services=("ec2",),
    checks=(
        Check("key-pair", 1, msg("key pair my-key-pair"), _key_pair, EC2_DOC + "create-key-pairs.html"),
        Check("web-server-sg", 2, msg("web-server-sg admits 80/443 from anywhere"), _web_ports,
              EC2_DOC + "security-group-rules-reference.html"),
        Check("only-web-ports", 2, msg("web-server-sg admits only 80/443"), _only_web_ports, FSBP + "#ec2-18"),
        Check("instance", 1, msg("one MyWebServer instance"), _single_instance,
              EC2_DOC + "LaunchingAndUsingInstances.html"),
        Check("instance-type", 1, msg("instance type t3.medium"),
              _per_instance(_type_ok, msg("MyWebServer is a t3.medium"),
                            lambda problems: msg("MyWebServer has the wrong instance type: {problems}",
                                                 problems=problems),
                            msg("Stop the instance, ec2.modify_instance_attribute(InstanceId=..., "
                                "InstanceType={{'Value': 't3.medium'}}), start it again.")),
              EC2_DOC + "instance-types.html"),
        Check("environment-tag", 1, msg("tagged Environment=Production"),
              _per_instance(_environment_ok, msg("MyWebServer is tagged Environment=Production"),
                            lambda problems: msg("MyWebServer is not tagged Environment=Production: {problems}",
                                                 problems=problems),
                            msg("ec2.create_tags(Resources=[<instance id>], Tags=[{{'Key': 'Environment', "
                                "'Value': 'Production'}}])")),
              EC2_DOC + "Using_Tags.html"),
        Check("EC2.8", 2, msg("IMDSv2 required"),
              _per_instance(_imds_ok, msg("MyWebServer requires IMDSv2 (HttpTokens=required, endpoint enabled)"),
                            lambda problems: msg("MyWebServer does not require IMDSv2: {problems}",
                                                 problems=problems),
                            msg("ec2.modify_instance_metadata_options(InstanceId=..., HttpTokens='required', "
                                "HttpEndpoint='enabled')")),
              FSBP + "#ec2-8"),
        Check("instance-sg", 1, msg("instance in web-server-sg"),
              _per_instance(_group_ok, msg("MyWebServer is in web-server-sg"),
                            lambda problems: msg("MyWebServer is not in web-server-sg: {problems}",
                                                 problems=problems),
                            msg("ec2.modify_instance_attribute(InstanceId=..., Groups=[<web-server-sg id>])")),
              EC2_DOC + "changing-security-group.html"),
        Check("instance-key", 1, msg("launched with my-key-pair"),
              _per_instance(_key_ok, msg("MyWebServer was launched with my-key-pair"),
                            lambda problems: msg("MyWebServer was not launched with my-key-pair: {problems}",
                                                 problems=problems),
                            msg("A key pair is fixed at launch: terminate the instance and run_instances again "
                                "with KeyName='my-key-pair'.")),
              EC2_DOC + "ec2-key-pairs.html"),
    ),
))
