"""S3: every bucket with the settings graders and diagrams look at (encryption,
Block Public Access, versioning, policy, lifecycle, ACL, ownership, logging,
tags), plus the account-level Block Public Access setting."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..scenario import scenario
from ..snapshot import by_key, get_or_none

if TYPE_CHECKING:
    from ..lab import Lab

NAME = "s3"
TITLE = "S3"


def _bucket(s3: Any, name: str) -> dict[str, Any]:
    location = s3.get_bucket_location(Bucket=name).get("LocationConstraint") or "us-east-1"
    encryption = get_or_none(
        s3.get_bucket_encryption, "ServerSideEncryptionConfigurationNotFoundError", Bucket=name
    )
    pab = get_or_none(s3.get_public_access_block, "NoSuchPublicAccessBlockConfiguration", Bucket=name)
    policy = get_or_none(s3.get_bucket_policy, "NoSuchBucketPolicy", Bucket=name)
    lifecycle = get_or_none(
        s3.get_bucket_lifecycle_configuration, "NoSuchLifecycleConfiguration", Bucket=name
    )
    ownership = get_or_none(
        s3.get_bucket_ownership_controls, "OwnershipControlsNotFoundError", Bucket=name
    )
    tags = get_or_none(s3.get_bucket_tagging, "NoSuchTagSet", Bucket=name)
    versioning = s3.get_bucket_versioning(Bucket=name)
    acl = s3.get_bucket_acl(Bucket=name)
    logging = s3.get_bucket_logging(Bucket=name).get("LoggingEnabled")
    policy_doc: Any = None
    if policy is not None:
        try:
            policy_doc = json.loads(policy["Policy"])
        except (TypeError, ValueError):  # keep what is there; graders report it as malformed
            policy_doc = policy["Policy"]
    return {
        "Name": name,
        "Region": location,
        "Encryption": encryption["ServerSideEncryptionConfiguration"] if encryption else None,
        "PublicAccessBlock": pab["PublicAccessBlockConfiguration"] if pab else None,
        "Versioning": {
            "Status": versioning.get("Status", "Disabled"),
            "MFADelete": versioning.get("MFADelete", "Disabled"),
        },
        "Policy": policy_doc,
        "LifecycleRules": lifecycle["Rules"] if lifecycle else None,
        "OwnershipControls": ownership["OwnershipControls"] if ownership else None,
        "Acl": {"Owner": acl.get("Owner"), "Grants": acl.get("Grants", [])},
        "Logging": logging,
        "Tags": tags["TagSet"] if tags else {},
    }


def snapshot(lab: Lab) -> dict[str, Any]:
    s3 = lab.client("s3")
    names = sorted(b["Name"] for b in s3.list_buckets().get("Buckets", []))
    account_pab = get_or_none(
        lab.client("s3control").get_public_access_block,
        "NoSuchPublicAccessBlockConfiguration",
        AccountId=lab.account_id,
    )
    return {
        "account_public_access_block": (
            account_pab["PublicAccessBlockConfiguration"] if account_pab else None
        ),
        "buckets": by_key([_bucket(s3, n) for n in names], "Name"),
    }


def create_bucket(lab: Lab, name: str) -> None:
    """Create ``name`` in the lab's region (us-east-1 takes no location constraint)."""
    kwargs: dict[str, Any] = {"Bucket": name}
    if lab.region != "us-east-1":
        kwargs["CreateBucketConfiguration"] = {"LocationConstraint": lab.region}
    lab.client("s3").create_bucket(**kwargs)


@scenario(
    "buckets",
    "Empty buckets my-secure-bucket and my-log-bucket, with moto's defaults "
    "(no default encryption, no Block Public Access): the S3 tasks' starting point.",
)
def build_buckets(lab: Lab) -> None:
    for name in ("my-secure-bucket", "my-log-bucket"):
        create_bucket(lab, name)


@scenario(
    "network-and-buckets",
    "The three-tier network (VPC `main`) and the empty buckets my-secure-bucket and my-log-bucket: "
    "the starting point of s3.vpce_only.",
    requires=("three-tier-network", "buckets"),
)
def build_network_and_buckets(lab: Lab) -> None:
    """Nothing of its own: the two scenarios it requires build everything."""
