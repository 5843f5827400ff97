"""EKS: clusters with their node groups and Fargate profiles.

Random-per-process values are left out: moto draws the API endpoint and the
OIDC issuer once at import, the certificate authority afresh per cluster, and
``clientRequestToken`` is botocore's idempotency uuid. What graders judge
(endpoint access, logging, encryption, scaling, subnets) is all kept.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..scenario import scenario
from ..snapshot import by_key, paginate

if TYPE_CHECKING:
    from ..lab import Lab

NAME = "eks"
TITLE = "EKS"

CLUSTER_ROLE = "eks-cluster-role"
NODE_ROLE = "eks-node-role"
_NOISE = ("endpoint", "identity", "certificateAuthority", "clientRequestToken")


def _cluster(eks: Any, name: str) -> dict[str, Any]:
    cluster = {k: v for k, v in eks.describe_cluster(name=name)["cluster"].items() if k not in _NOISE}
    cluster["nodegroups"] = by_key(
        [
            {k: v for k, v in eks.describe_nodegroup(clusterName=name, nodegroupName=ng)["nodegroup"].items()
             if k != "clientRequestToken"}
            for ng in paginate(eks, "list_nodegroups", "nodegroups", clusterName=name)
        ],
        "nodegroupName",
    )
    cluster["fargateProfiles"] = by_key(
        [
            eks.describe_fargate_profile(clusterName=name, fargateProfileName=fp)["fargateProfile"]
            for fp in paginate(eks, "list_fargate_profiles", "fargateProfileNames", clusterName=name)
        ],
        "fargateProfileName",
    )
    return cluster


def snapshot(lab: Lab) -> dict[str, Any]:
    eks = lab.client("eks")
    names = sorted(paginate(eks, "list_clusters", "clusters"))
    return {"clusters": [_cluster(eks, n) for n in names]}


# -- scenarios ---------------------------------------------------------------
def _trust(service: str) -> str:
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}],
    })


@scenario(
    "eks-prereqs",
    f"The three-tier network and security groups plus the two IAM roles an EKS cluster needs: "
    f"`{CLUSTER_ROLE}` (assumed by eks.amazonaws.com) and `{NODE_ROLE}` (assumed by the worker nodes' EC2 instances).",
    requires=("three-tier-security-groups",),
)
def build_eks_prereqs(lab: Lab) -> None:
    iam = lab.client("iam")
    # In AWS these carry AmazonEKSClusterPolicy / AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy and
    # AmazonEC2ContainerRegistryReadOnly; moto ships no AWS-managed policies, so only the trust is built.
    iam.create_role(RoleName=CLUSTER_ROLE, AssumeRolePolicyDocument=_trust("eks.amazonaws.com"),
                    Description="EKS control plane (in AWS: AmazonEKSClusterPolicy)")
    iam.create_role(RoleName=NODE_ROLE, AssumeRolePolicyDocument=_trust("ec2.amazonaws.com"),
                    Description="EKS worker nodes (in AWS: AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy, "
                                "AmazonEC2ContainerRegistryReadOnly)")
