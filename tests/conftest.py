"""Shared fixtures.

- Every test gets its own ``LABKIT_HOME`` (progress database, course copies) and
  decoy AWS credentials/profile in the environment, so a test that leaks into
  the real environment or forgets to hide it fails instead of finding real keys.
- ``lab`` is a fresh, seeded, open Lab, closed after the test.
"""

from __future__ import annotations

import os
import re

import pytest

HANGUL = re.compile("[\uac00-\ud7a3]")

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


def _korean_problems(where: str, en, ko) -> list[str]:
    """What is wrong with the Korean twin ``ko`` of an English finding ``en``."""
    problems = []
    if (en.passed, en.resource) != (ko.passed, ko.resource):
        problems.append(f"{where}: the Korean run decided differently ({ko.passed}, {ko.resource})")
    for field in ("message", "hint"):
        text = getattr(ko, field)
        if text and not HANGUL.search(text):
            problems.append(f"{where}: {field} has no Korean: {text!r}")
    return problems


@pytest.fixture(autouse=True)
def _every_finding_also_in_korean(monkeypatch):
    """Every check and control a test runs in English runs again in Korean (issue 9).

    The Korean message and hint must contain Korean, and decide the same. So each
    near miss of every task test is also a translation test: no learner-facing
    finding lacks a Korean text on any path the tests reach.
    """
    from labkit import grading

    original = grading.Check.__call__

    def both(self, snapshot, lang="en"):
        found = original(self, snapshot, lang)
        if lang == "en":
            problems = _korean_problems(f"check {self.id}", found, original(self, snapshot, "ko"))
            assert not problems, "\n".join(problems)
        return found

    monkeypatch.setattr(grading.Check, "__call__", both)

    import labkit.controls as controls

    audit_original = controls.audit_snapshot

    def audit_both(snapshot, lang="en"):
        report = audit_original(snapshot, lang)  # the audit never changes its input (tests/test_controls*.py)
        if lang == "en":
            korean = audit_original(snapshot, "ko")
            problems = []
            for en_result, ko_result in zip(report.controls, korean.controls, strict=True):
                where = f"control {en_result.id}"
                if not HANGUL.search(ko_result.title):
                    problems.append(f"{where}: title has no Korean: {ko_result.title!r}")
                if ko_result.note and not HANGUL.search(ko_result.note):
                    problems.append(f"{where}: note has no Korean: {ko_result.note!r}")
                for en_f, ko_f in zip(en_result.findings, ko_result.findings, strict=True):
                    problems += _korean_problems(where, en_f, ko_f)
            assert not problems, "\n".join(problems)
        return report

    monkeypatch.setattr(controls, "audit_snapshot", audit_both)
    yield


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
