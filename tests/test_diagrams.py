"""Diagrams of the account: golden files per view, robustness on strange snapshots,
determinism, and the Diagram object's contract.

Golden files live in tests/golden/diagrams/; refresh them after an intended change with

    LABKIT_UPDATE_GOLDEN=1 pytest tests/test_diagrams.py

and look at the new pictures before committing them.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import random
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import labkit
from labkit.diagrams import VIEWS, Diagram, diagram, engine, from_snapshot
from labkit.diagrams.__main__ import main as diagrams_main
from labkit.diagrams.network import infer_tier
from labkit.diagrams.storage import bucket_badges, db_badges
from labkit.errors import LabkitError

GOLDEN = Path(__file__).parent / "golden" / "diagrams"
UPDATE = os.environ.get("LABKIT_UPDATE_GOLDEN") == "1"


@cache
def _snapshot_text(scenario: str | None) -> str:
    with labkit.Lab(scenario, seed=0) as lab:
        return json.dumps(lab.snapshot())


def snapshot(scenario: str | None) -> dict[str, Any]:
    """A fresh copy of the scenario's snapshot (each lab opened once per process)."""
    return json.loads(_snapshot_text(scenario))


def with_lb_and_asg(snap: dict[str, Any]) -> dict[str, Any]:
    """Hand-written elbv2/autoscaling sections, boto3-shaped, on a multi-az-db snapshot
    (labkit has no snapshot for those services yet)."""
    subnets = {
        s["Tags"]["Name"]: s["SubnetId"] for s in snap["ec2"]["subnets"] if s["Tags"].get("Name")
    }
    groups = {g["GroupName"]: g["GroupId"] for g in snap["ec2"]["security_groups"]}
    vpc = next(v["VpcId"] for v in snap["ec2"]["vpcs"] if not v["IsDefault"])
    lb_arn = "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:loadbalancer/app/web-alb/50dc6c495c0c9188"
    tg_arn = "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/app-tg/73e2d6bc24d8a067"
    snap["elbv2"] = {
        "load_balancers": [
            {
                "LoadBalancerArn": lb_arn,
                "LoadBalancerName": "web-alb",
                "Scheme": "internet-facing",
                "Type": "application",
                "VpcId": vpc,
                "State": {"Code": "active"},
                "AvailabilityZones": [
                    {"ZoneName": "ap-northeast-2a", "SubnetId": subnets["public-a"]},
                    {"ZoneName": "ap-northeast-2b", "SubnetId": subnets["public-b"]},
                ],
                "SecurityGroups": [groups["web-sg"]],
            }
        ],
        "target_groups": [
            {
                "TargetGroupArn": tg_arn,
                "TargetGroupName": "app-tg",
                "Port": 8080,
                "LoadBalancerArns": [lb_arn],
            }
        ],
    }
    snap["autoscaling"] = {
        "auto_scaling_groups": [
            {
                "AutoScalingGroupName": "app-asg",
                "MinSize": 2,
                "MaxSize": 10,
                "DesiredCapacity": 3,
                "VPCZoneIdentifier": f"{subnets['app-a']},{subnets['app-b']}",
                "TargetGroupARNs": [tg_arn],
                "Instances": [
                    {
                        "InstanceId": f"i-0{n}aaaaaaaaaaaaaaa",
                        "AvailabilityZone": zone,
                        "LifecycleState": "InService",
                        "HealthStatus": "Healthy",
                        "InstanceType": "t3.medium",
                    }
                    for n, zone in (
                        (1, "ap-northeast-2a"),
                        (2, "ap-northeast-2b"),
                        (3, "ap-northeast-2a"),
                    )
                ],
            }
        ]
    }
    return snap


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.is_file(), f"no golden file {path}; create it with LABKIT_UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, (
        f"{name} differs from its golden file. If the change is intended, refresh with "
        "LABKIT_UPDATE_GOLDEN=1 pytest tests/test_diagrams.py and look at the pictures."
    )


GOLDEN_CASES = {
    "network_multi_az_db": lambda: from_snapshot(snapshot("multi-az-db"), "network"),
    "network_multi_az_db_ko": lambda: from_snapshot(snapshot("multi-az-db"), "network", lang="ko"),
    "network_lb_asg": lambda: from_snapshot(with_lb_and_asg(snapshot("multi-az-db")), "network"),
    "iam_basics": lambda: from_snapshot(snapshot("iam-basics"), "iam"),
    "storage_buckets": lambda: from_snapshot(snapshot("buckets"), "storage"),
    "network_empty": lambda: from_snapshot(snapshot(None), "network"),
}


@pytest.mark.parametrize("case", sorted(GOLDEN_CASES))
def test_golden(case: str) -> None:
    d = GOLDEN_CASES[case]()
    check_golden(f"{case}.dot", d.dot or "")
    check_golden(f"{case}.svg", d.svg)
    assert d.render_log == [], "Graphviz warned while drawing"
    assert d.skipped == []


def test_repr_is_short_and_stable() -> None:
    assert (
        repr(from_snapshot(snapshot("multi-az-db"), "network"))
        == "<Diagram network: 2 AZs, 1 VPC, 6 subnets>"
    )
    assert (
        repr(from_snapshot(snapshot("iam-basics"), "iam"))
        == "<Diagram iam: 2 users, 1 group, 1 role, 1 policy>"
    )
    assert (
        repr(from_snapshot(snapshot("buckets"), "storage"))
        == "<Diagram storage: 2 buckets, 0 DB instances, 0 Aurora clusters>"
    )


def test_network_infers_tiers_and_draws_the_seed_layout() -> None:
    d = from_snapshot(snapshot("multi-az-db"), "network")
    assert d.title == "Network — account 123456789012 · ap-northeast-2 (Seoul)"
    for text in (
        "2 isolated, 2 private (NAT), 2 public",
        "app-db (primary ap-northeast-2a, standby ap-northeast-2b)",
        "web-sg → app-sg (tcp 8080)",
        "app-sg → db-sg (tcp 3306)",
        "Default VPC",
    ):
        assert text in d.alt
    assert "sync replication" in d.dot
    assert d.dot.count('label="0.0.0.0/0"') == 4  # 2 public -> IGW, 2 private -> NAT


def test_svg_is_accessible() -> None:
    d = from_snapshot(snapshot("multi-az-db"), "network")
    head = d.svg[: d.svg.index("<g ")]
    assert 'role="img"' in head
    assert f'aria-label="{d.title}"' in head
    assert f"<title>{d.title}</title>" in head
    assert "<desc>Network diagram of account 123456789012" in head
    assert "Generated by graphviz" not in d.svg and "<!--" not in d.svg
    assert d._repr_svg_() is d.svg  # rendered once, cached
    assert "Legend" in d.svg


def test_diagram_reads_the_open_lab_or_a_snapshot() -> None:
    with labkit.Lab("three-tier-security-groups", seed=0) as lab:
        by_default = diagram()
        explicit = diagram(lab, "network")
        iam = diagram(lab, view="iam")
    assert by_default.dot == explicit.dot
    assert repr(by_default) == "<Diagram network: 2 AZs, 1 VPC, 6 subnets>"
    assert repr(iam) == "<Diagram iam: 0 users, 0 groups, 0 roles, 0 policies>"
    given = diagram(snapshot=snapshot("multi-az-db"))
    assert "app-db" in given.dot


def test_unknown_view_and_language_are_explained() -> None:
    with pytest.raises(LabkitError) as err:
        from_snapshot({}, "vpc")
    for view in VIEWS:
        assert view in str(err.value)
    with pytest.raises(LabkitError, match="Valid views: network, iam, storage"):
        diagram(view="nope")  # fails before looking for an open lab
    with pytest.raises(LabkitError, match="Valid languages: en, ko"):
        from_snapshot({}, "network", lang="fr")


def test_no_open_lab_is_a_labkit_error() -> None:
    with pytest.raises(LabkitError, match="no lab is open"):
        diagram()


@pytest.mark.parametrize(
    ("view", "message"),
    [
        ("network", "No VPCs yet"),
        ("iam", "No IAM users, groups, roles or customer policies yet"),
        ("storage", "No S3 buckets or databases yet"),
    ],
)
def test_empty_account_draws_a_readable_picture(view: str, message: str) -> None:
    d = from_snapshot(snapshot(None), view)
    assert message in d.svg
    assert "<desc>" in d.svg
    if view == "network":
        assert "create_vpc" in d.svg
        assert "Default VPC" in d.alt and "omitted" in d.alt


@pytest.mark.parametrize("view", VIEWS)
def test_nothing_at_all_still_draws(view: str) -> None:
    for weird in (
        {},
        None,
        [],
        "not json",
        42,
        {"labkit": "x", "ec2": [], "iam": "?", "s3": {"buckets": 3}},
    ):
        d = from_snapshot(weird, view)
        assert isinstance(d, Diagram)
        assert d.svg.startswith("<?xml")
    assert from_snapshot(None, view).skipped == [
        "the snapshot is a NoneType, not a dict: nothing could be read"
    ]


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(value, dict):
        for key in sorted(value):
            out += _paths(value[key], (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:3]):
            out += _paths(item, (*path, index))
    return out


_BAD = [
    None,
    "garbage",
    42,
    -1.5,
    True,
    [],
    {},
    [1, "x", None, {"Key": 3}],
    {"?": []},
    '<b>&"quote\\',
]


def _mutate(snap: dict[str, Any], path: tuple[Any, ...], bad: Any, delete: bool) -> Any:
    if not path:
        return bad
    out = copy.deepcopy(snap)
    parent = out
    for key in path[:-1]:
        parent = parent[key]
    if delete and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = bad
    return out


MANGLE_SOURCES = {
    "network": lambda: with_lb_and_asg(snapshot("multi-az-db")),
    "iam": lambda: snapshot("iam-basics"),
    "storage": lambda: snapshot("buckets"),
    "serverless": lambda: snapshot("serverless-api"),
}


@pytest.mark.parametrize("view", VIEWS)
def test_mangled_snapshots_never_raise(view: str) -> None:
    base = MANGLE_SOURCES[view]()
    rng = random.Random(f"labkit-{view}")
    paths = _paths(base)
    cases = [
        (p, rng.choice(_BAD), rng.random() < 0.3) for p in rng.sample(paths, min(250, len(paths)))
    ]
    for index, (path, bad, delete) in enumerate(cases):
        mangled = _mutate(base, path, bad, delete)
        try:
            d = from_snapshot(mangled, view)
            dot = d.dot
            if index % 25 == 0:
                assert d.svg  # the engine accepts what was written
        except Exception as err:  # noqa: BLE001 - the point is that nothing escapes
            pytest.fail(
                f"{view}: {'deleting' if delete else f'setting to {bad!r}'} {path} raised {err!r}"
            )
        assert isinstance(dot, str) and dot.startswith("digraph")


def test_missing_sections_are_listed_in_skipped() -> None:
    snap = snapshot("multi-az-db")
    del snap["rds"]
    snap["ec2"]["route_tables"] = "broken"
    d = from_snapshot(snap, "network")
    assert "no 'rds' section in the snapshot" in d.skipped
    assert "ec2.route_tables is not a list (found str)" in d.skipped
    assert "no route table" in d.dot  # subnets still drawn, tier unknown
    assert repr(d) == "<Diagram network: 2 AZs, 1 VPC, 6 subnets>"


def test_older_format_with_tag_lists_draws_the_same() -> None:
    current = snapshot("multi-az-db")
    older = copy.deepcopy(current)

    def as_lists(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: (
                    [{"Key": a, "Value": b} for a, b in v.items()]
                    if k in ("Tags", "TagList") and isinstance(v, dict)
                    else as_lists(v)
                )
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [as_lists(v) for v in value]
        return value

    older = as_lists(older)
    a, b = from_snapshot(current, "network"), from_snapshot(older, "network")
    assert a.dot == b.dot
    older["labkit"]["format"] = 0
    c = from_snapshot(older, "network")
    assert c.skipped == ["snapshot format 0 (this labkit reads format 1)"]
    assert "Not drawn: snapshot format 0" in c.dot


def test_hostile_names_are_escaped() -> None:
    snap = snapshot("multi-az-db")
    snap["ec2"]["vpcs"][0]["Tags"]["Name"] = 'main "quoted" \\ <b>&amp; 가용\nline'
    snap["ec2"]["subnets"][0]["Tags"]["Name"] = "x" * 300
    d = from_snapshot(snap, "network")
    assert "&lt;b&gt;&amp;amp; 가용" in d.svg
    assert d.render_log == []


def test_load_balancers_and_auto_scaling_groups() -> None:
    d = from_snapshot(with_lb_and_asg(snapshot("multi-az-db")), "network")
    subnets = {
        s["Tags"]["Name"]: s["SubnetId"]
        for s in snapshot("multi-az-db")["ec2"]["subnets"]
        if s["Tags"].get("Name")
    }
    for name in ("public-a", "public-b"):
        assert f'"lb:web-alb@{subnets[name]}"' in d.dot  # one ALB node per AZ, as in the seed
    for name in ("app-a", "app-b"):
        assert f'subgraph "cluster_asg_app-asg@{subnets[name]}"' in d.dot
    assert d.dot.count('label="forwards"') == 2
    assert "min/desired/max 2/3/10" in d.dot
    assert "1 load balancer, 1 Auto Scaling group, 3 EC2 instances" in d.alt


def test_many_instances_in_a_subnet_are_listed_in_one_node() -> None:
    with labkit.Lab("three-tier-network", seed=0) as lab:
        ec2 = lab.client("ec2")
        subnet = ec2.describe_subnets(Filters=[{"Name": "tag:Name", "Values": ["app-a"]}])[
            "Subnets"
        ][0]
        ec2.run_instances(
            ImageId="ami-12c6146b", MinCount=9, MaxCount=9, SubnetId=subnet["SubnetId"]
        )
        d = diagram(lab)
    assert "9 instances" in d.dot
    assert "… and 3 more" in d.dot
    assert "9 EC2 instances" in d.alt


def test_default_vpc_is_drawn_once_it_holds_something() -> None:
    with labkit.Lab(seed=0) as lab:
        lab.client("ec2").run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1)
        d = diagram(lab)
    assert "default VPC" in d.dot
    assert "omitted" not in d.alt
    assert repr(d) == "<Diagram network: 4 AZs, 1 VPC, 4 subnets>"  # a default subnet per AZ


@pytest.mark.parametrize(
    ("routes", "expected"),
    [
        ([{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1"}], ("public", "public")),
        (
            [{"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-1"}],
            ("private", "private (NAT)"),
        ),
        ([{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local"}], ("isolated", "isolated")),
        (
            [{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1", "State": "blackhole"}],
            ("isolated", "isolated (blackhole route)"),
        ),
        (
            [{"DestinationCidrBlock": "0.0.0.0/0", "TransitGatewayId": "tgw-1"}],
            ("private", "private (transit gateway)"),
        ),
        ([{"DestinationIpv6CidrBlock": "::/0", "GatewayId": "igw-1"}], ("public", "public")),
    ],
)
def test_infer_tier(routes: list[dict[str, str]], expected: tuple[str, str]) -> None:
    assert infer_tier({"Routes": routes}) == expected


def test_infer_tier_without_table() -> None:
    assert infer_tier(None) == ("unknown", "no route table")


def test_iam_cross_account_trust_stands_out() -> None:
    with labkit.Lab("iam-basics", seed=0) as lab:
        trust = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": "arn:aws:iam::987654321098:root"},
                    "Action": "sts:AssumeRole",
                    "Condition": {"StringEquals": {"sts:ExternalId": "labkit-workshop"}},
                }
            ],
        }
        lab.client("iam").create_role(
            RoleName="CrossAccountRole", AssumeRolePolicyDocument=json.dumps(trust)
        )
        d = diagram(lab, "iam")
    assert "account 987654321098 may assume CrossAccountRole if sts:ExternalId" in d.alt
    assert "#C43E00" in d.dot  # the cross-account colour, on the node and the edge
    assert "principal from another AWS account" in d.svg  # explained in the legend
    assert "ec2.amazonaws.com (AWS service) may assume role app-role." in d.alt


def test_bucket_badges_follow_the_seed_settings() -> None:
    secure = {
        "Name": "my-secure-bucket",
        "Encryption": {
            "Rules": [
                {
                    "ApplyServerSideEncryptionByDefault": {
                        "SSEAlgorithm": "aws:kms",
                        "KMSMasterKeyID": "alias/my-s3-key",
                    },
                    "BucketKeyEnabled": True,
                }
            ]
        },
        "PublicAccessBlock": dict.fromkeys(
            ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"),
            True,
        ),
        "Versioning": {"Status": "Enabled"},
        "LifecycleRules": [{"ID": "logs", "Status": "Enabled"}],
        "Policy": {
            "Statement": [
                {
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "s3:*",
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                }
            ]
        },
    }
    assert bucket_badges(secure) == [
        ("Encryption", "SSE-KMS · alias/my-s3-key · Bucket Key", "good"),
        ("Block Public Access", "all 4 on", "good"),
        ("Versioning", "on", "good"),
        ("Lifecycle", "1 rule enabled", "good"),
        ("Policy", "TLS only", "good"),
    ]
    partial = {
        "PublicAccessBlock": {"BlockPublicAcls": True},
        "Policy": {"Statement": [{"Effect": "Allow", "Principal": "*"}]},
    }
    rows = dict((a, (b, c)) for a, b, c in bucket_badges(partial))
    assert rows["Block Public Access"] == ("partial (1 of 4)", "warn")
    assert rows["Policy"] == ("allows anyone (public)", "bad")
    account_wide = dict.fromkeys(
        ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"), True
    )
    assert ("Block Public Access", "all 4 on (account)", "good") in bucket_badges({}, account_wide)


def test_db_badges() -> None:
    rows = db_badges({"MultiAZ": True, "StorageEncrypted": True, "PubliclyAccessible": False,
                      "BackupRetentionPeriod": 1, "DeletionProtection": False})  # fmt: skip
    assert rows == [
        ("Multi-AZ", "yes", "good"),
        ("Encrypted", "yes", "good"),
        ("Public", "no", "good"),
        ("Backups", "1 day", "warn"),
        ("Deletion protection", "off", "warn"),
    ]


def test_storage_view_of_the_multi_az_database() -> None:
    d = from_snapshot(snapshot("multi-az-db"), "storage")
    assert repr(d) == "<Diagram storage: 0 buckets, 1 DB instance, 0 Aurora clusters>"
    assert "DB instance app-db: multi-az yes, encrypted yes, public no, backups 7 days" in d.alt


def test_save_in_every_format(tmp_path: Path) -> None:
    d = from_snapshot(snapshot("iam-basics"), "iam")
    assert d.save(tmp_path / "a.svg").read_text(encoding="utf-8") == d.svg
    assert d.save(tmp_path / "a.dot").read_text(encoding="utf-8") == d.dot
    assert d.save(tmp_path / "a.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(LabkitError, match="Valid extensions"):
        d.save(tmp_path / "a.pdf")


def test_engine_needs_no_system_graphviz() -> None:
    info = engine()
    assert info["engine"] == "pygraphviz"
    assert info["pygraphviz"].startswith("2.")
    assert info["graphviz"].count(".") == 2
    assert "matplotlib" in info["fonts"]


_CHILD = """
import hashlib, json, sys
from labkit.diagrams import from_snapshot
snap = json.load(open(sys.argv[1], encoding="utf-8"))
print(json.dumps({v: hashlib.sha256(from_snapshot(snap, v).svg.encode()).hexdigest() for v in sys.argv[2:]}))
"""


@pytest.mark.slow
def test_same_snapshot_same_svg_in_two_processes(tmp_path: Path) -> None:
    snap = with_lb_and_asg(snapshot("multi-az-db"))
    snap["iam"] = snapshot("iam-basics")["iam"]
    snap["s3"] = snapshot("buckets")["s3"]
    path = tmp_path / "snap.json"
    path.write_text(json.dumps(snap), encoding="utf-8")
    here = {v: hashlib.sha256(from_snapshot(snap, v).svg.encode()).hexdigest() for v in VIEWS}
    env = {k: v for k, v in os.environ.items() if k != "LABKIT_DIAGRAM_FONTS"}
    runs = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", _CHILD, str(path), *VIEWS],
                capture_output=True, text=True, check=True, env=env, timeout=120,
            ).stdout
        )
        for _ in range(2)
    ]  # fmt: skip
    assert runs[0] == runs[1] == here


def test_command_line_draws_a_snapshot_or_submission(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    submission = tmp_path / "submission.json"
    submission.write_text(
        json.dumps({"answers": {}, "snapshot": snapshot("iam-basics")}), encoding="utf-8"
    )
    assert (
        diagrams_main(["draw", str(submission), "--view", "iam", "-o", str(tmp_path / "iam.svg")])
        == 0
    )
    assert "<Diagram iam: 2 users, 1 group, 1 role, 1 policy>" in capsys.readouterr().out
    assert (tmp_path / "iam.svg").read_text(encoding="utf-8").startswith("<?xml")
    assert diagrams_main(["draw", str(tmp_path / "missing.json")]) == 2


@pytest.mark.parametrize("view", ["network", "iam", "storage"])
def test_live_drawing_reads_only_its_sections_and_misses_nothing(view: str) -> None:
    """labkit.diagram() snapshots only VIEW_SERVICES[view]: the picture must equal the full snapshot's."""
    from labkit.diagrams import VIEW_SERVICES, diagram

    task = labkit.task("capstone.three_tier")
    with labkit.Lab(task.starter, seed=0) as lab:
        task.solution(lab)
        iam = lab.client("iam")
        iam.create_role(RoleName="app-role", AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                                                    "Action": "sts:AssumeRole"}]}))
        live = diagram(lab, view, lang="en")
        full = from_snapshot(lab.snapshot(), view, lang="en")
    from labkit.services import SERVICES

    assert set(VIEW_SERVICES[view]) <= set(SERVICES)
    assert live.dot == full.dot
    assert live.skipped == full.skipped == []


# -- notes in the diagram's language ------------------------------------------------------------
# Diagram.skipped and the legend's "Not drawn" line are msg() sentences rendered in the language the
# diagram is drawn in; in English they read exactly as before.

_HANGUL = "[\uac00-\ud7a3]"
_LEGEND_NOTE = 'COLOR="#424242">([^<]*)</FONT>'  # the legend's note lines, in order
_MORE = {"network": " (+{} more, see .skipped)", "serverless": " (+{} more, see .skipped)",
         "iam": " (+{} more)", "storage": " (+{} more)"}


def _mangled(view: str, count: int = 250) -> list[Any]:
    """The snapshots test_mangled_snapshots_never_raise draws (same seed, same order)."""
    base = MANGLE_SOURCES[view]()
    rng = random.Random(f"labkit-{view}")
    paths = _paths(base)
    cases = [(p, rng.choice(_BAD), rng.random() < 0.3) for p in rng.sample(paths, min(count, len(paths)))]
    return [_mutate(base, path, bad, delete) for path, bad, delete in cases]


def _stray_instance(iid: str, subnet: str) -> dict[str, Any]:
    return {"InstanceId": iid, "SubnetId": subnet, "VpcId": "vpc-gone", "State": {"Name": "running"}}


def _targeted(view: str) -> list[tuple[Any, list[str]]]:
    """Snapshots that reach the notes a view writes itself, with their English text."""
    if view == "network":
        no_vpcs = with_lb_and_asg(snapshot("multi-az-db"))
        del no_vpcs["ec2"]["vpcs"]
        strays = with_lb_and_asg(snapshot("multi-az-db"))
        strays["ec2"]["instances"] = [
            {"Key": 3},
            _stray_instance("i-1", "subnet-gone-1"),
            _stray_instance("i-2", "subnet-gone-2"),
            _stray_instance("i-3", "subnet-gone-2"),
        ]
        return [
            (no_vpcs, [
                "ec2.vpcs is missing",
                "nat-d39e85c4d645276b9: its subnet/VPC is not in the snapshot, not drawn",
                "Auto Scaling group app-asg: none of its subnets is drawn",
                "rds:app-db: its subnet/VPC is not in the snapshot, not drawn",
                "standby of app-db: no second AZ in its subnet group to draw it in",
                "lb:web-alb: its subnet/VPC is not in the snapshot, not drawn",
            ]),
            (strays, [
                "instance ?: could not read (KeyError: 'InstanceId')",
                "1 instance in subnet subnet-gone-1 (VPC vpc-gone) not drawn: the subnet is not in the snapshot",
                "2 instances in subnet subnet-gone-2 (VPC vpc-gone) not drawn: the subnet is not in the snapshot",
            ]),
        ]
    if view == "iam":
        no_groups = snapshot("iam-basics")
        del no_groups["iam"]["groups"]
        return [(no_groups, [
            "iam.groups is missing",
            "Developers: referenced but not in the snapshot",
            "Developers: referenced but not in the snapshot",
        ])]
    if view == "storage":
        odd = snapshot("buckets")
        odd["s3"]["buckets"].append(7)
        return [
            (odd, ["s3.buckets: 1 entries are not objects"]),
            ({"labkit": {"region": "ap-northeast-2"}, "s3": "x"},
             ["'s3' is not a section (found str)", "no 'rds' section in the snapshot"]),
        ]
    odd = snapshot("serverless-api")
    odd["sqs"]["queues"][0]["Attributes"]["RedrivePolicy"] = {
        "deadLetterTargetArn": "arn:aws:sqs:ap-northeast-2:123456789012:gone-dlq", "maxReceiveCount": 3}
    odd["lambda"]["event_source_mappings"].append({"UUID": "m-1"})
    odd["iam"]["roles"][0]["InlinePolicies"]["get-user-role-access"] = "garbage"
    return [(odd, [
        "event source mapping m-1: its function or source is not in the snapshot",
        "role get-user-role: its policies cannot be evaluated "
        "(identity policy 1: not valid JSON (Expecting value: line 1 column 1 (char 0)))",
        "queue user-events: its dead-letter queue arn:aws:sqs:ap-northeast-2:123456789012:gone-dlq "
        "is not in the snapshot",
    ])]


def _notes_follow_the_language(view: str, snap: Any, expected: list[str] | None = None) -> tuple[int, int]:
    """Draw ``snap`` in English and in Korean and compare their notes; (notes, legend lines) seen."""
    import re

    from labkit.diagrams._dot import html_escape

    en = from_snapshot(snap, view, lang="en")
    ko = from_snapshot(snap, view, lang="ko")
    assert all(type(note) is str for note in en.skipped + ko.skipped), "Diagram.skipped holds plain text"
    if expected is not None:
        assert en.skipped == expected
    assert not [note for note in en.skipped if re.search(_HANGUL, note)]
    assert len(ko.skipped) == len(en.skipped)
    assert not [note for note in ko.skipped if not re.search(_HANGUL, note)], ko.skipped
    assert "Not drawn" not in ko.dot
    en_lines = re.findall(_LEGEND_NOTE, en.dot or "")
    ko_lines = re.findall(_LEGEND_NOTE, ko.dot or "")
    drawn = [line for line in en_lines if line.startswith("Not drawn: ")]
    if not drawn:
        if en.skipped and view != "network":  # an empty picture lists the first notes instead
            assert all(html_escape(note) in (ko.dot or "") for note in ko.skipped[:3])
        return len(en.skipped), 0
    more = _MORE[view].format(len(en.skipped) - 1) if len(en.skipped) > 1 else ""
    assert drawn == [html_escape(f"Not drawn: {en.skipped[0]}{more}")] and en_lines[-1] == drawn[0]
    assert len(ko_lines) == len(en_lines)
    assert re.search(_HANGUL, ko_lines[-1].replace(html_escape(ko.skipped[0]), "")), ko_lines[-1]
    assert html_escape(ko.skipped[0]) in ko_lines[-1]
    assert not more or str(len(ko.skipped) - 1) in ko_lines[-1].replace(html_escape(ko.skipped[0]), "")
    return len(en.skipped), 1


@pytest.mark.parametrize("view", VIEWS)
def test_notes_are_in_the_diagrams_language(view: str) -> None:
    notes = lines = 0
    for snap in [*_mangled(view), None, ["a list"]]:
        counted = _notes_follow_the_language(view, snap)
        notes, lines = notes + counted[0], lines + counted[1]
    for snap, expected in _targeted(view):
        counted = _notes_follow_the_language(view, snap, expected)
        notes, lines = notes + counted[0], lines + counted[1]
    assert notes >= 5 and lines >= 1


def test_notes_of_unreadable_entries_are_in_the_diagrams_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """The last-resort notes (an entry the view could not read) are translated too."""
    from labkit.diagrams import iam_view, network, serverless, storage

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("boom")

    def failing_node(cls: Any, fails: Any) -> Any:
        node = cls._node

        def _node(self: Any, *args: Any, **kwargs: Any) -> Any:
            if fails(args):
                raise ValueError("boom")
            return node(self, *args, **kwargs)

        return _node

    def drawn(view: str, snap: Any) -> list[str]:
        _notes_follow_the_language(view, snap)
        return from_snapshot(snap, view, lang="en").skipped

    with monkeypatch.context() as patch:
        for name in ("_endpoint", "_asg", "_instances", "_db", "_lb", "_security_group"):
            patch.setattr(network._Network, name, boom)
        patch.setattr(network, "infer_tier", boom)
        patch.setattr(network._Network, "_node", failing_node(
            network._Network, lambda args: args[1] in ("Internet gateway", "NAT gateway")))
        snap = with_lb_and_asg(snapshot("multi-az-db"))
        vpc = next(v["VpcId"] for v in snap["ec2"]["vpcs"] if not v["IsDefault"])
        snap["ec2"]["vpc_endpoints"] = [{"VpcEndpointId": "vpce-1", "VpcId": vpc}]
        snap["ec2"]["instances"] = [_stray_instance("i-1", "subnet-gone")]
        notes = drawn("network", snap)
    for what in ("internet gateway igw-", "subnet subnet-", "NAT gateway nat-", "VPC endpoint vpce-1",
                 "Auto Scaling group app-asg", "instances of subnet subnet-gone", "DB instance app-db",
                 "load balancer web-alb", "security group sg-"):
        assert any(n.startswith(what) and n.endswith(": could not read (ValueError: boom)") for n in notes), what

    with monkeypatch.context() as patch:
        patch.setattr(iam_view, "_summary_of", boom)
        patch.setattr(iam_view, "_inline_names", boom)
        notes = drawn("iam", snapshot("iam-basics"))
    for what in ("policy", "user", "group", "role"):
        assert any(n.startswith(f"{what} ") and n.endswith(": ValueError: boom") for n in notes), what

    with monkeypatch.context() as patch:
        patch.setattr(storage, "bucket_badges", boom)
        patch.setattr(storage, "db_badges", boom)
        snap = snapshot("buckets")
        snap["rds"] = {"db_instances": [{"DBInstanceIdentifier": "db-1"}],
                       "db_clusters": [{"DBClusterIdentifier": "cl-1"}]}
        notes = drawn("storage", snap)
    assert "DB instance db-1: ValueError: boom" in notes and "Aurora cluster cl-1: ValueError: boom" in notes
    assert any(n.startswith("bucket ") and n.endswith(": ValueError: boom") for n in notes)

    with monkeypatch.context() as patch:
        patch.setattr(serverless._Serverless, "_node", failing_node(
            serverless._Serverless, lambda args: args[1].startswith(("table:", "queue:", "stream:", "api:"))))
        patch.setattr(serverless._Serverless, "_poller_gaps", boom)
        notes = drawn("serverless", snapshot("serverless-api"))
    for what in ("table", "queue", "stream", "REST API", "event source mapping"):
        assert any(n.startswith(f"{what} ") and n.endswith(": ValueError: boom") for n in notes), what
    with monkeypatch.context() as patch:
        patch.setattr(serverless._Serverless, "_node", failing_node(
            serverless._Serverless, lambda args: args[1].startswith("fn:")))
        notes = drawn("serverless", snapshot("serverless-api"))
    assert any(n.startswith("function ") and n.endswith(": ValueError: boom") for n in notes)


# -- every word of a picture drawn for a Korean notebook is Korean ------------------------------------
# A label may keep what the account itself says (ids, names, CIDRs, engines, ARNs), technical tokens
# (a small allow-list: protocols, AWS service and feature names) and the English gloss the seed gives
# beside a Korean term ("보안 그룹 (Security group)"); any other English word is an untranslated label.

_KO_ALLOWED = frozenset({
    "tcp", "udp", "icmp", "TCP", "HTTPS", "DNS", "IP", "TLS", "SSH", "RDP", "MB",  # protocols, units
    "ALB", "NLB", "GWLB", "NAT", "ENI", "VPC", "AZ", "DB", "RDS", "AWS", "Amazon", "API", "REST",  # AWS names
    "Auto", "Scaling", "Aurora", "Lambda", "DynamoDB", "SQS", "Kinesis", "Gateway", "IAM", "MFA",
    "KMS", "SSE-KMS", "SSE-S3", "SSE-SQS", "DSSE", "FIFO", "Bucket", "Key",  # S3 Bucket Key
    "Allow", "Deny", "Action", "Resource", "Federated",  # policy elements, as a policy writes them
    "GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS", "ANY",  # HTTP methods
})
# Snapshot fields whose values a label shows as the account wrote them.
_KO_DATA_KEYS = (
    r"(Id|Ids|Name|Names|Identifier|Arn|ARN|Arns|ARNs|Cidr|CidrBlock|CidrIp|CidrIpv6|PublicIp|IpAddress|"
    r"Engine|EngineVersion|InstanceType|DBInstanceClass|Runtime|AvailabilityZone|^Endpoint|^ReaderEndpoint|"
    r"ServiceName|StreamViewType|authorizationType|types|name|id|path|stageName|Members|Groups|Roles|"
    r"AttachedPolicies|Role|KMSMasterKeyID|Region|uri)$"
)


def _data_words(value: Any, key: str = "", parent: str = "") -> set[str]:
    """Every value of a data field of the snapshot (not the words of a State or Status)."""
    import re

    out: set[str] = set()
    if isinstance(value, dict):
        if key == "InlinePolicies":
            out |= {str(k) for k in value}
        for k, v in value.items():
            out |= _data_words(v, str(k), key)
    elif isinstance(value, list):
        for item in value:
            out |= _data_words(item, key, parent)
    elif isinstance(value, str) and re.search(_KO_DATA_KEYS, key) and parent not in ("State", "Status"):
        # As drawn: the parts of an ARN (a policy's or a function's name, a service),
        # com.amazonaws.<region>.ecr.api as ecr.api.
        out.add(value)
        if value.startswith("arn:") and value.count(":") >= 5:
            out |= {value.split(":")[2], value.rsplit("/", 1)[-1], value.rsplit(":", 1)[-1]}
            out |= set(re.findall(r":function:([\w-]+)", value))  # an integration URI names its function
        if key == "ServiceName":
            out.add(value.split(".", 3)[-1])
    return {word for word in out if len(word) > 1}


def _label_texts(dot: str) -> list[str]:
    """The text of every label of DOT source: each run between tags of an HTML label, each line of a quoted one."""
    import html
    import re

    texts: list[str] = []
    for match in re.finditer(r'\blabel=(<|"((?:[^"\\]|\\.)*)")', dot):
        if match.group(1) == "<":
            depth, end = 1, match.end()
            while depth:
                depth += {"<": 1, ">": -1}.get(dot[end], 0)
                end += 1
            texts += [html.unescape(run) for run in re.split(r"<[^>]*>", dot[match.end(): end - 1])]
        else:
            raw = match.group(2).replace('\\"', '"').replace("\\\\", "\\")
            texts += raw.split("\\n")
    return [t.strip() for t in texts if t.strip()]


def _english_words(text: str, data: set[str]) -> list[str]:
    """The English words of ``text`` that are neither the account's data, nor allowed, nor a term's gloss."""
    import re

    from labkit.diagrams import style

    for value in sorted(data, key=len, reverse=True):
        if value in text:
            text = re.sub(rf"(?<![A-Za-z0-9_-]){re.escape(value)}(?![A-Za-z0-9_-])", " ", text)
    # Code the picture shows to type: string literals and keyword names (calls have dots: skipped below).
    text = re.sub(r"(?<=[=({:,\s])'[^']*'|\b\w+=", " ", text)
    if re.search(_HANGUL, text):
        glosses = list(style._TERMS_KO)  # every seed term the views gloss (serverless ones included)
        for gloss in sorted(glosses, key=len, reverse=True):
            text = text.replace(f"({gloss})", " ").replace(f"({gloss.lower()})", " ")
    tokens = re.findall(r"[\w.:/@*{}$-]+", text)
    # Tokens with digits, dots, colons, slashes or underscores are ids, versions, ARNs and API values.
    words = [t.strip("-") for t in tokens if re.fullmatch(r"[A-Za-z]+(?:-[A-Za-z0-9]+)*", t.strip("-"))]
    return [w for w in words if w not in _KO_ALLOWED]


def _rich_network_lab_snapshot() -> dict[str, Any]:
    """The capstone's three tiers (ALB, Auto Scaling group, Multi-AZ RDS, security-group chain), plus
    VPC endpoints, a stopped and a terminated instance and a group open to the internet."""
    task = labkit.task("capstone.three_tier")
    with labkit.Lab(task.starter, seed=0) as lab:
        task.solution(lab)
        ec2 = lab.client("ec2")
        subnets = {
            next((t["Value"] for t in s.get("Tags", []) if t["Key"] == "Name"), s["SubnetId"]): s
            for s in ec2.describe_subnets()["Subnets"]
        }
        vpc = subnets["public-a"]["VpcId"]
        table = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["RouteTables"][0]
        ec2.create_vpc_endpoint(VpcId=vpc, VpcEndpointType="Gateway", ServiceName="com.amazonaws.ap-northeast-2.s3",
                                RouteTableIds=[table["RouteTableId"]])
        for service in ("ecr.api", "ecr.dkr"):
            ec2.create_vpc_endpoint(VpcId=vpc, VpcEndpointType="Interface",
                                    ServiceName=f"com.amazonaws.ap-northeast-2.{service}",
                                    SubnetIds=[subnets["app-b"]["SubnetId"]], PrivateDnsEnabled=True)
        ec2.create_vpc_endpoint(VpcId=vpc, VpcEndpointType="Interface", ServiceName="com.amazonaws.ap-northeast-2.sqs",
                                SubnetIds=[subnets["app-a"]["SubnetId"]], PrivateDnsEnabled=False)
        spare = ec2.run_instances(ImageId="ami-12c6146b", MinCount=2, MaxCount=2, InstanceType="t3.micro",
                                  SubnetId=subnets["public-b"]["SubnetId"])["Instances"]
        ec2.stop_instances(InstanceIds=[spare[0]["InstanceId"]])
        ec2.terminate_instances(InstanceIds=[spare[1]["InstanceId"]])
        group = ec2.create_security_group(GroupName="admin-sg", Description="admin", VpcId=vpc)["GroupId"]
        ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
            {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
            {"IpProtocol": "tcp", "FromPort": 0, "ToPort": 65535, "UserIdGroupPairs": [{"GroupId": group}]},
        ])
        rds = lab.client("rds")
        subnet_group = rds.describe_db_subnet_groups()["DBSubnetGroups"][0]["DBSubnetGroupName"]
        rds.create_db_cluster(DBClusterIdentifier="orders", Engine="aurora-mysql", MasterUsername="admin",
                              MasterUserPassword="correct-horse-battery", DatabaseName="orders",
                              DBSubnetGroupName=subnet_group)
        for name in ("orders-1", "orders-2"):
            rds.create_db_instance(DBInstanceIdentifier=name, DBClusterIdentifier="orders", Engine="aurora-mysql",
                                   DBInstanceClass="db.r6g.large")
        s3 = lab.client("s3")
        s3.create_bucket(Bucket="open-bucket", CreateBucketConfiguration={"LocationConstraint": "ap-northeast-2"})
        s3.put_bucket_versioning(Bucket="open-bucket", VersioningConfiguration={"Status": "Suspended"})
        s3.put_bucket_policy(Bucket="open-bucket", Policy=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::open-bucket/*"}]}))
        s3.put_bucket_lifecycle_configuration(Bucket="open-bucket", LifecycleConfiguration={"Rules": [
            {"ID": "old", "Status": "Enabled", "Filter": {"Prefix": ""}, "Expiration": {"Days": 30}},
            {"ID": "off", "Status": "Disabled", "Filter": {"Prefix": "tmp/"}, "Expiration": {"Days": 1}}]})
        return lab.snapshot()


def _rich_iam_lab_snapshot() -> dict[str, Any]:
    """iam-basics plus every kind of trust (service, same account, other account with an external id,
    identity provider, anyone), console users with and without MFA, keys, boundaries and statements."""
    def trust(principal: Any, condition: dict[str, Any] | None = None) -> str:
        statement: dict[str, Any] = {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}
        if condition:
            statement["Condition"] = condition
        return json.dumps({"Version": "2012-10-17", "Statement": [statement]})

    with labkit.Lab("iam-basics", seed=0) as lab:
        iam = lab.client("iam")
        iam.create_login_profile(UserName="alice", Password="Correct-Horse-1")
        iam.create_login_profile(UserName="bob", Password="Correct-Horse-1")
        iam.create_virtual_mfa_device(VirtualMFADeviceName="alice-mfa")
        serial = iam.list_virtual_mfa_devices()["VirtualMFADevices"][0]["SerialNumber"]
        iam.enable_mfa_device(UserName="alice", SerialNumber=serial, AuthenticationCode1="123456",
                              AuthenticationCode2="654321")
        for _ in range(2):
            iam.create_access_key(UserName="bob")
        iam.put_user_policy(UserName="bob", PolicyName="bob-extra", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}))
        boundary = iam.create_policy(PolicyName="Boundary", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"},
            {"Effect": "Deny", "Action": "*", "NotResource": ["arn:aws:s3:::a", "arn:aws:s3:::b"],
             "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
            {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:DeleteObject",
                                           "s3:GetBucketPolicy"], "Resource": "arn:aws:s3:::a/*"},
            {"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}]}))["Policy"]["Arn"]
        admin = iam.create_policy(PolicyName="Admin", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))["Policy"]["Arn"]
        iam.create_role(RoleName="CrossAccountRole", PermissionsBoundary=boundary, AssumeRolePolicyDocument=trust(
            {"AWS": "arn:aws:iam::987654321098:root"}, {"StringEquals": {"sts:ExternalId": "labkit-workshop"}}))
        iam.attach_role_policy(RoleName="CrossAccountRole", PolicyArn=admin)
        iam.create_role(RoleName="AdminRole", AssumeRolePolicyDocument=trust(
            {"AWS": ["arn:aws:iam::123456789012:user/alice", "arn:aws:iam::123456789012:role/app-role",
                     "arn:aws:iam::123456789012:root"]}))
        iam.put_role_policy(RoleName="AdminRole", PolicyName="inline-admin", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
        iam.create_role(RoleName="WebIdentityRole", AssumeRolePolicyDocument=trust(
            {"Federated": "cognito-identity.amazonaws.com"}))
        iam.create_role(RoleName="OpenRole", AssumeRolePolicyDocument=trust("*"))
        iam.create_instance_profile(InstanceProfileName="app-profile")
        iam.add_role_to_instance_profile(InstanceProfileName="app-profile", RoleName="app-role")
        iam.create_group(GroupName="Empty")
        snap = lab.snapshot()
    # Policies a snapshot names but does not hold: AWS-managed (never in it) and one deleted since.
    role = next(r for r in snap["iam"]["roles"] if r["RoleName"] == "CrossAccountRole")
    role["AttachedPolicies"] += ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::123456789012:policy/Gone"]
    return snap


@cache
def _rich_snapshot_text(which: str) -> str:
    return json.dumps(_rich_network_lab_snapshot() if which == "network" else _rich_iam_lab_snapshot())


def _rich_serverless_snapshot() -> dict[str, Any]:
    """The serverless-api scenario plus what it lacks: an AWS-managed policy, a missing function, a
    disabled mapping from a source not drawn, a role without the poller's permissions."""
    snap = snapshot("serverless-api")
    roles = {r["RoleName"]: r for r in snap["iam"]["roles"]}
    roles["get-user-role"]["AttachedPolicies"].append(
        "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")
    doc = next(iter(roles["user-events-processor-role"]["InlinePolicies"].values()))
    doc["Statement"][0]["Action"] = ["sqs:DeleteMessage"]
    api = snap["apigateway"]["rest_apis"][0]
    extra = copy.deepcopy(next(r for r in api["resources"] if r.get("resourceMethods")))
    extra["path"] = "/orders"
    extra["resourceMethods"]["GET"]["methodIntegration"]["uri"] = extra["resourceMethods"]["GET"][
        "methodIntegration"]["uri"].replace("function:get-user", "function:get-orders")
    extra["resourceMethods"]["POST"] = {"authorizationType": "AWS_IAM", "apiKeyRequired": True}
    api["resources"].append(extra)
    fn = next(f for f in snap["lambda"]["functions"] if f["FunctionName"] == "get-user")
    snap["lambda"]["event_source_mappings"].append({
        "UUID": "u-2", "BatchSize": 100, "State": "Disabled", "FunctionArn": fn["FunctionArn"],
        "EventSourceArn": "arn:aws:kafka:ap-northeast-2:123456789012:cluster/orders/abc"})
    return snap


def _rich_snapshots() -> dict[str, dict[str, Any]]:
    network = json.loads(_rich_snapshot_text("network"))
    return {
        "network": network,
        "iam": json.loads(_rich_snapshot_text("iam")),
        "storage": network,
        "serverless": _rich_serverless_snapshot(),
    }


def _untranslated(d: Diagram, snap: dict[str, Any]) -> list[tuple[str, list[str]]]:
    from labkit.diagrams import serverless, style

    actions = [a for _, group in (g for groups in serverless.PROBES.values() for g in groups) for a in group]
    actions += [a for group in serverless._POLLER.values() for a in group]  # API names, as IAM writes them
    data = _data_words(snap) | {style.region_name("ap-northeast-2", "ko")} | {a.split(":")[1] for a in actions}
    texts = [*_label_texts(d.dot or ""), d.title, d.alt, d.summary]
    return [(text, words) for text in texts if (words := _english_words(text, data))]


@pytest.mark.parametrize("view", VIEWS)
def test_a_picture_for_a_korean_notebook_has_no_english_words(view: str) -> None:
    import re

    from labkit.diagrams._dot import html_escape

    snap = _rich_snapshots()[view]
    english = from_snapshot(snap, view, lang="en")
    korean = from_snapshot(snap, view, lang="ko")
    assert english.skipped == korean.skipped == []
    assert len(_label_texts(korean.dot or "")) > 40  # a rich picture: many labels were looked at
    for text in (korean.title, korean.alt, korean.summary):
        assert re.search(_HANGUL, text), text
    assert f"<desc>{html_escape(korean.alt)}</desc>" in korean.svg  # what a screen reader reads
    assert _untranslated(korean, snap) == []
    # The same check finds the English picture's words: it is a real check, not an empty one.
    found = {word for _, words in _untranslated(english, snap) for word in words}
    assert len(found) > 15, found


@pytest.mark.parametrize("view", VIEWS)
def test_an_empty_picture_for_a_korean_notebook_has_no_english_words(view: str) -> None:
    import re

    snap = snapshot(None)
    d = from_snapshot(snap, view, lang="ko")
    assert _untranslated(d, snap) == []
    assert re.search(_HANGUL, d.alt)


def test_the_korean_check_catches_an_untranslated_phrase(monkeypatch: pytest.MonkeyPatch) -> None:
    """A label left in English (here: the catalogue loses one translation) fails the check."""
    from labkit import i18n

    snap = _rich_snapshots()["network"]
    korean = dict(i18n.catalogue("ko"))
    del korean["security group admits another group (port)"]
    monkeypatch.setattr(i18n, "catalogue", lambda lang: korean)
    found = _untranslated(from_snapshot(snap, "network", lang="ko"), snap)
    assert [text for text, _ in found] == ["security group admits another group (port)"]
