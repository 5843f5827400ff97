"""The learner's AWS environment is hidden while a lab is open and restored exactly."""

from __future__ import annotations

import os

import boto3

import labkit
from labkit import _env
from tests.conftest import DECOY_ENV


def test_hide_and_restore_on_a_plain_mapping():
    env = {"AWS_PROFILE": "prod", "AWS_ENDPOINT_URL_S3": "https://x", "BOTO_CONFIG": "/b",
           "HOME": "/home/me", "AWS_CA_BUNDLE": "/ca.pem"}
    original = dict(env)
    saved = _env.hide_aws_environment("eu-west-1", env)
    assert "AWS_PROFILE" not in env and "AWS_ENDPOINT_URL_S3" not in env and "BOTO_CONFIG" not in env
    assert env["AWS_DEFAULT_REGION"] == "eu-west-1" and env["HOME"] == "/home/me"
    env["AWS_SOMETHING_NEW"] = "set during the lab"
    _env.restore_environment(saved, env)
    assert env == original


def test_a_lab_hides_decoys_and_restores_them_exactly(aws_env_snapshot):
    before = aws_env_snapshot()
    assert before["AWS_PROFILE"] == "production-admin"
    with labkit.Lab() as lab:
        inside = aws_env_snapshot()
        for key in ("AWS_PROFILE", "AWS_ENDPOINT_URL"):
            assert key not in inside
        assert inside["AWS_CONFIG_FILE"] == os.devnull
        assert inside["AWS_SHARED_CREDENTIALS_FILE"] == os.devnull
        creds = boto3.session.Session().get_credentials().get_frozen_credentials()
        assert creds.access_key != DECOY_ENV["AWS_ACCESS_KEY_ID"]
        assert "EXAMPLE" not in creds.secret_key
        client = lab.client("s3")
        assert "192.0.2" not in client.meta.endpoint_url  # the decoy endpoint_url is not used
        os.environ["AWS_PROFILE"] = "changed-inside"
    assert aws_env_snapshot() == before


def test_environment_is_restored_even_when_the_scenario_fails(aws_env_snapshot, monkeypatch):
    from labkit import scenario as registry

    before = aws_env_snapshot()

    def broken(lab):
        raise RuntimeError("scenario exploded")

    monkeypatch.setitem(registry._REGISTRY, "broken-test", registry.Scenario("broken-test", "", broken))
    try:
        labkit.Lab("broken-test").start()
    except RuntimeError:
        pass
    assert aws_env_snapshot() == before
    from labkit import guard

    assert not guard.is_enabled()


def test_a_missing_profile_in_the_environment_does_not_stop_a_lab(monkeypatch, tmp_path):
    """AWS_PROFILE naming a profile that exists nowhere (a common laptop state)."""
    import labkit
    from labkit.lab import _known_regions

    monkeypatch.setenv("AWS_PROFILE", "no-such-profile-anywhere")
    _known_regions.cache_clear()  # computed before the lab hides the environment
    with labkit.Lab() as lab:
        assert lab.client("sts").get_caller_identity()["Account"] == "123456789012"
