"""The capstone: the seed's 3-tier architecture (3-Tier 아키텍처) assembled in one account.

Graded as the union of the checks of the tasks it is made of, plus the load
balancer checks (``autoscaling.ALB_CHECKS``): the network, the three security
groups, the web Auto Scaling group behind an internet-facing ALB, the Multi-AZ
database and the secure bucket. A learner who did the topic tasks in one lab
already has most of it; the capstone asks them to assemble it from nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..grading import Check, Task
from ..services.autoscaling import build_web_asg
from ..services.ec2 import build_three_tier_network
from ..services.elbv2 import build_web_alb
from ..services.rds import build_multi_az_db
from ..services.s3 import create_bucket
from . import _REGISTRY, register
from . import rds as _rds  # noqa: F401  (each part registers its task on import)
from .autoscaling import ALB_CHECKS, ALB_SERVICES
from .s3 import solve_secure_bucket
from .vpc import solve_security_groups

if TYPE_CHECKING:
    from ..lab import Lab

PARTS = ("vpc.three_tier_network", "vpc.security_groups", "autoscaling.web_asg", "rds.multi_az_db",
         "s3.secure_bucket")


def _parts() -> tuple[tuple[Check, ...], tuple[str, ...]]:
    checks: list[Check] = []
    services: list[str] = []
    for task_id in PARTS:
        part = _REGISTRY[task_id]
        checks.extend(part.checks)
        services.extend(s for s in part.services or () if s not in services)
    checks.extend(ALB_CHECKS)
    services.extend(s for s in ALB_SERVICES if s not in services)
    ids = [c.id for c in checks]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:  # a finding must say which check it is
        raise RuntimeError(f"capstone check ids repeat: {duplicated}")
    return tuple(checks), tuple(services)


def solve_three_tier(lab: Lab) -> None:
    """Build the whole architecture from an empty account, in the seed's order."""
    build_three_tier_network(lab)
    solve_security_groups(lab)
    build_web_asg(lab)
    build_web_alb(lab)
    build_multi_az_db(lab)
    create_bucket(lab, "my-secure-bucket")
    solve_secure_bucket(lab)


_CHECKS, _SERVICES = _parts()

register(Task(
    id="capstone.three_tier",
    topic="architectures",
    title="Capstone: the seed's 3-tier architecture",
    text=(
        "Starting from an empty account, assemble the seed's 3-tier architecture (3-Tier 아키텍처) in "
        "ap-northeast-2:\n"
        "1. the network of `vpc.three_tier_network` (VPC `main`, public/app/db subnets in two 가용 영역, "
        "internet gateway, NAT gateway, routes);\n"
        "2. the security groups of `vpc.security_groups` (`web-sg`, `app-sg`, `db-sg`; the default SG empty);\n"
        "3. the application tier of `autoscaling.web_asg` (launch template `app` requiring IMDSv2, "
        "`app-asg` with min 2 / max 10 / desired 3 in the app subnets, CPU target tracking at 50 % with 300 s warm-up, a warm pool);\n"
        "4. an internet-facing Application Load Balancer `web-alb` in both public subnets with `web-sg`, "
        "listening on HTTP 80 and forwarding to a target group `app-asg` is attached to;\n"
        "5. the data tier of `rds.multi_az_db` (`app-db`, Multi-AZ, encrypted, private, backups, "
        "deletion protection, reachable from `app-sg` only);\n"
        "6. the bucket of `s3.secure_bucket` (`my-secure-bucket` with SSE-KMS via `alias/my-s3-key`, "
        "bucket key, Block Public Access, versioning, TLS only).\n"
        "Every check of those tasks applies, plus the load balancer's. When it passes, run "
        "`labkit.audit()` on the result for a Security Hub-style review."
    ),
    starter=None,
    solution=solve_three_tier,
    checks=_CHECKS,
    services=_SERVICES,
))
