"""What keeps a new kernel quick (the notebook suite's time budget): checked by behaviour, not by clocks.

Each test runs a fresh interpreter, because what is measured is what happens
on first import and first call.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest


def _run(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_botocore_models_are_parsed_once_per_process() -> None:
    """EC2's API model (2 MB of JSON) used to be parsed seven times before the first EC2 answer."""
    found = _run("""
        import collections, json
        import botocore.loaders as loaders
        parsed = collections.Counter()
        original = loaders.JSONFileLoader.load_file
        def load_file(self, path):
            found = original(self, path)
            if found is not None:  # None: not in this search path
                parsed[path.rsplit("/data/", 1)[-1]] += 1
            return found
        loaders.JSONFileLoader.load_file = load_file
        import boto3, labkit
        lab = labkit.start("three-tier-security-groups", seed=0)
        lab.client("ec2").describe_vpcs()
        boto3.Session(region_name="us-east-1").client("ec2")   # a learner's own session shares it too
        labkit.diagram(view="network")
        print(json.dumps({"ec2": parsed["ec2/2016-11-15/service-2"],
                          "shared": boto3.Session()._session.get_component("data_loader")
                                    is boto3.Session()._session.get_component("data_loader")}))
    """)
    # botocore's shared loader once, moto's own loader (its extras merged in) once.
    assert found == {"ec2": 2, "shared": True}


def test_jsonschema_loads_without_the_grammar_library() -> None:
    pytest.importorskip("rfc3987_syntax")  # installed with JupyterLab; the test means nothing without it
    found = _run("""
        import json, sys
        import labkit
        lab = labkit.start(seed=0)
        lab.client("apigateway").get_rest_apis()    # moto imports jsonschema for OpenAPI
        quiz = labkit.quiz("iam")                   # the banks are validated with jsonschema
        before = {"jsonschema": "jsonschema" in sys.modules, "grammars": "rfc3987_syntax" in sys.modules}
        import rfc3987_syntax                       # still importable by whoever wants it
        print(json.dumps({**before, "later": rfc3987_syntax.is_valid_syntax("iri", "https://example.com/ä")}))
    """)
    assert found == {"jsonschema": True, "grammars": False, "later": True}


def test_bank_errors_still_come_from_the_schema(tmp_path) -> None:
    """The quieter import changes nothing about validation."""
    from labkit.errors import LabkitError
    from labkit.questions.bank import load_bank

    bank = tmp_path / "iam.yaml"
    bank.write_text("topic: iam\ntitle: {en: IAM}\nquestions:\n  - id: q1\n    kind: single\n    points: one\n",
                    encoding="utf-8")
    with pytest.raises(LabkitError, match="q1"):
        load_bank(bank)


def test_a_lab_tunes_the_garbage_collector_once_unless_the_program_chose() -> None:
    found = _run("""
        import gc, json
        import labkit
        from labkit import _moto
        before = gc.get_threshold()
        lab = labkit.start(seed=0)
        labkit.start(seed=1, replace=True)
        print(json.dumps({"before": before, "after": gc.get_threshold(), "frozen": gc.get_freeze_count() > 0,
                          "ours": list(_moto.GC_THRESHOLD)}))
    """)
    assert found["before"] == [700, 10, 10] and found["after"] == found["ours"] and found["frozen"]
    chosen = _run("""
        import gc, json
        gc.set_threshold(5000, 5, 5)
        import labkit
        labkit.start(seed=0)
        print(json.dumps({"after": gc.get_threshold(), "frozen": gc.get_freeze_count() > 0}))
    """)
    assert chosen == {"after": [5000, 5, 5], "frozen": False}
