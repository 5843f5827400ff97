"""Shared fixtures.

- Every test gets its own ``LABKIT_HOME`` (progress database, course copies) and
  decoy AWS credentials/profile in the environment, so a test that leaks into
  the real environment or forgets to hide it fails instead of finding real keys.
- ``lab`` is a fresh, seeded, open Lab, closed after the test.
"""

from __future__ import annotations

import os

import pytest

DECOY_ENV = {
    # Real-looking, never valid: AWS's documented example key pair.
    "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "AWS_SESSION_TOKEN": "IQoJb3JpZ2luX2VjEXAMPLETOKEN",
    "AWS_PROFILE": "production-admin",
    "AWS_DEFAULT_REGION": "us-west-2",
    "AWS_ENDPOINT_URL": "https://192.0.2.10",
}


@pytest.fixture(autouse=True)
def _isolated_home_and_decoys(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("labkit-home")
    monkeypatch.setenv("LABKIT_HOME", str(home))
    monkeypatch.setenv("LABKIT_LEARNER", "test-learner")
    aws_dir = tmp_path_factory.mktemp("aws-config")
    (aws_dir / "config").write_text("[profile production-admin]\nregion = us-west-2\n"
                                    "endpoint_url = https://192.0.2.11\n")
    (aws_dir / "credentials").write_text("[production-admin]\naws_access_key_id = AKIAI44QH8DHBEXAMPLE\n"
                                         "aws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(aws_dir / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(aws_dir / "credentials"))
    for key, value in DECOY_ENV.items():
        monkeypatch.setenv(key, value)
    yield
    from labkit import lab as lab_module

    leaked = lab_module._open_lab
    if leaked is not None:
        leaked.stop()
        pytest.fail(f"a test left a lab open: {leaked!r}")


@pytest.fixture
def lab():
    import labkit

    with labkit.Lab(seed=0) as opened:
        yield opened


@pytest.fixture
def aws_env_snapshot():
    """The AWS/boto part of the environment, to compare before and after a lab."""
    from labkit._env import HIDDEN_PREFIXES

    return lambda: {k: v for k, v in os.environ.items() if k.startswith(HIDDEN_PREFIXES)}
