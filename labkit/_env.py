"""Hide the learner's real AWS environment while a lab is open, and give it back exactly.

boto3 reads credentials, profiles, endpoints and CA bundles from ``AWS_*``
variables and from ``~/.aws/config`` / ``~/.aws/credentials``. A lab must never
use any of them: with fake credentials and empty config files in their place, a
boto3 call cannot pick up a real key even if the mock were somehow bypassed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, MutableMapping

__all__ = ["FAKE_CREDENTIALS", "hide_aws_environment", "restore_environment"]

# Prefixes boto3/botocore (and the AWS CLI) read. Everything under them is hidden.
HIDDEN_PREFIXES = ("AWS_", "BOTO_")

FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
}


def _is_hidden(name: str) -> bool:
    return name.startswith(HIDDEN_PREFIXES)


def hide_aws_environment(region: str, environ: MutableMapping[str, str] | None = None) -> dict[str, str]:
    """Remove every AWS/boto variable, install the lab's, and return what was removed.

    The returned mapping is what :func:`restore_environment` needs to put the
    environment back exactly as it was.
    """
    env = os.environ if environ is None else environ
    saved = {k: v for k, v in env.items() if _is_hidden(k)}
    for name in saved:
        del env[name]
    env.update(FAKE_CREDENTIALS)
    env["AWS_DEFAULT_REGION"] = region
    env["AWS_REGION"] = region
    # Empty files in place of ~/.aws/config and ~/.aws/credentials: no profile,
    # endpoint_url, credential_process or SSO setting of the learner's can apply.
    env["AWS_CONFIG_FILE"] = os.devnull
    env["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    # Never ask an instance metadata service for credentials (and never wait for one).
    env["AWS_EC2_METADATA_DISABLED"] = "true"
    return saved


def restore_environment(saved: Mapping[str, str], environ: MutableMapping[str, str] | None = None) -> None:
    """Drop every AWS/boto variable set during the lab and put back ``saved``."""
    env = os.environ if environ is None else environ
    for name in [k for k in env if _is_hidden(k)]:
        del env[name]
    env.update(saved)
