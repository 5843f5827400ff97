"""The ``serverless`` view: golden files, what its edges mean (integrations, event source
mappings, evaluated role permissions, dead letters), and robustness on strange snapshots.

Golden files live in tests/golden/diagrams/serverless_*; refresh them after an intended change with

    LABKIT_UPDATE_GOLDEN=1 pytest tests/test_diagram_serverless.py

and look at the new pictures before committing them.
"""

from __future__ import annotations

import copy
import json
import os
import random
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import labkit
from labkit.diagrams import VIEWS, Diagram, diagram, from_snapshot
from labkit.diagrams.serverless import function_of_uri

GOLDEN = Path(__file__).parent / "golden" / "diagrams"
UPDATE = os.environ.get("LABKIT_UPDATE_GOLDEN") == "1"


@cache
def _texts() -> tuple[str, str]:
    """(snapshot JSON, live diagram DOT) of the serverless-api scenario, one lab per process."""
    with labkit.Lab("serverless-api", seed=0) as lab:
        live = diagram(lab, "serverless")
        return json.dumps(lab.snapshot()), live.dot or ""


def snapshot() -> dict[str, Any]:
    return json.loads(_texts()[0])


def empty_snapshot() -> dict[str, Any]:
    snap = snapshot()
    for service, key in (("apigateway", "rest_apis"), ("lambda", "functions"), ("lambda", "event_source_mappings"),
                         ("dynamodb", "tables"), ("sqs", "queues"), ("kinesis", "streams")):
        snap[service][key] = []
    return snap


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.is_file(), f"no golden file {path}; create it with LABKIT_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} differs from its golden file. If the change is intended, refresh with "
        "LABKIT_UPDATE_GOLDEN=1 pytest tests/test_diagram_serverless.py and look at the pictures."
    )


GOLDEN_CASES = {
    "serverless_api": lambda: from_snapshot(snapshot(), "serverless"),
    "serverless_api_ko": lambda: from_snapshot(snapshot(), "serverless", lang="ko"),
    "serverless_empty": lambda: from_snapshot(empty_snapshot(), "serverless"),
}


@pytest.mark.parametrize("case", sorted(GOLDEN_CASES))
def test_golden(case: str) -> None:
    d = GOLDEN_CASES[case]()
    check_golden(f"{case}.dot", d.dot or "")
    check_golden(f"{case}.svg", d.svg)
    assert d.render_log == [], "Graphviz warned while drawing"
    assert d.skipped == []


def test_view_is_registered_and_draws_the_open_lab() -> None:
    assert "serverless" in VIEWS
    assert _texts()[1] == from_snapshot(snapshot(), "serverless").dot


def test_the_scenario_reads_as_the_seed_draws_it() -> None:
    d = from_snapshot(snapshot(), "serverless")
    assert repr(d) == "<Diagram serverless: 1 REST API, 2 functions, 1 table, 2 queues, 1 stream>"
    assert d.title == "Serverless — account 123456789012 · ap-northeast-2 (Seoul)"
    for sentence in (
        "GET /users/{userId} of users-api invokes get-user (AWS_PROXY); API Gateway may invoke it.",
        "Queue user-events triggers user-events-processor in batches of 10.",
        "get-user's role get-user-role may: SendMessage on queue user-events; PutRecord on stream user-activity; "
        "GetItem on table Users.",
        "user-events-processor's role user-events-processor-role may: receive & delete on queue user-events.",
        "Queue user-events moves messages to user-events-dlq (dead letters after 5 receives).",
    ):
        assert sentence in d.alt
    assert 'label="AWS_PROXY"' in d.dot
    assert "triggers · batch 10" in d.dot
    assert "SSE-SQS" in d.dot  # queues encrypted with SQS-managed keys
    assert f'<desc>{d.alt.replace("&", "&amp;")}</desc>' in d.svg.replace("&#39;", "'")


def _role(snap: dict[str, Any], name: str) -> dict[str, Any]:
    return next(r for r in snap["iam"]["roles"] if r["RoleName"] == name)


def _function(snap: dict[str, Any], name: str) -> dict[str, Any]:
    return next(f for f in snap["lambda"]["functions"] if f["FunctionName"] == name)


def test_a_role_without_the_pollers_permissions_is_flagged() -> None:
    snap = snapshot()
    policies = _role(snap, "user-events-processor-role")["InlinePolicies"]
    doc = next(iter(policies.values()))
    doc["Statement"][0]["Action"] = ["sqs:DeleteMessage"]
    d = from_snapshot(snap, "serverless")
    assert "role lacks sqs:ReceiveMessage, sqs:GetQueueAttributes" in d.dot
    assert "the role lacks sqs:ReceiveMessage, sqs:GetQueueAttributes." in d.alt
    assert "may: DeleteMessage on queue user-events" in d.alt


def test_api_gateway_needs_the_functions_resource_policy() -> None:
    snap = snapshot()
    _function(snap, "get-user")["Policy"] = None
    d = from_snapshot(snap, "serverless")
    assert "API Gateway may not invoke it" in d.alt and "API Gateway may not invoke it" in d.dot
    # A permission scoped to another API does not count either: evaluated, not matched as text.
    snap = snapshot()
    statement = _function(snap, "get-user")["Policy"]["Statement"][0]
    statement["Condition"]["ArnLike"]["AWS:SourceArn"] = (
        "arn:aws:execute-api:ap-northeast-2:123456789012:otherapi/*/GET/users/*")
    assert "API Gateway may not invoke it" in from_snapshot(snap, "serverless").alt


def test_wildcards_managed_policies_and_missing_things() -> None:
    snap = snapshot()
    role = _role(snap, "get-user-role")
    role["InlinePolicies"] = {"too-broad": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"}]}}
    role["AttachedPolicies"] = ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]
    api = snap["apigateway"]["rest_apis"][0]
    extra = copy.deepcopy(api["resources"][2])
    extra["path"] = "/orders"
    extra["resourceMethods"]["GET"]["methodIntegration"]["uri"] = extra["resourceMethods"]["GET"][
        "methodIntegration"]["uri"].replace("function:get-user", "function:get-orders")
    api["resources"].append(extra)
    snap["lambda"]["event_source_mappings"].append({
        "UUID": "u-2", "BatchSize": 100, "State": "Disabled", "FunctionArn": _function(snap, "get-user")["FunctionArn"],
        "EventSourceArn": "arn:aws:kafka:ap-northeast-2:123456789012:cluster/orders/abc"})
    d = from_snapshot(snap, "serverless")
    assert "get-user's role get-user-role may: read · write on table Users." in d.alt
    assert "AWS-managed (not evaluated): AWSLambdaBasicExecutionRole" in d.dot
    assert "integrates function get-orders, which is missing" in d.alt
    assert '"fn:get-orders"' in d.dot and "not in the snapshot" in d.dot
    assert "Source abc is mapped (disabled) to get-user in batches of 100." in d.alt
    assert "disabled · batch 100" in d.dot
    assert d.skipped == []
    assert d.svg.startswith("<?xml")


def test_function_of_uri() -> None:
    arn = "arn:aws:lambda:ap-northeast-2:123456789012:function:get-user"
    base = "arn:aws:apigateway:ap-northeast-2:lambda:path/2015-03-31/functions/"
    assert function_of_uri(f"{base}{arn}/invocations") == arn
    assert function_of_uri(f"{base}{arn}:live/invocations") == arn
    assert function_of_uri("https://example.com/users") == ""
    assert function_of_uri(None) == ""


def test_missing_sections_are_listed_and_the_rest_still_drawn() -> None:
    snap = snapshot()
    del snap["iam"]
    snap["sqs"]["queues"] = "broken"
    d = from_snapshot(snap, "serverless")
    assert "no 'iam' section in the snapshot" in d.skipped
    assert "sqs.queues is not a list (found str)" in d.skipped
    assert "role get-user-role (not in snapshot)" in d.dot
    assert repr(d) == "<Diagram serverless: 1 REST API, 2 functions, 1 table, 0 queues, 1 stream>"
    assert "Not drawn: no &#39;iam&#39; section" in d.svg or "Not drawn: no 'iam' section" in d.svg


def test_an_empty_account_says_what_to_build() -> None:
    d = from_snapshot(empty_snapshot(), "serverless")
    assert "No REST APIs, Lambda functions, tables, queues or streams yet" in d.svg
    assert "create_rest_api" in d.svg
    assert d.alt.endswith("Nothing to draw yet.")


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(value, dict):
        for key in sorted(value):
            out += _paths(value[key], (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:3]):
            out += _paths(item, (*path, index))
    return out


_BAD = [None, "garbage", 42, -1.5, True, [], {}, [1, "x", None, {"Key": 3}], {"?": []}, '<b>&"quote\\']


def test_nothing_at_all_still_draws() -> None:
    for weird in ({}, None, [], "not json", 42, {"labkit": "x", "lambda": [], "iam": "?", "sqs": {"queues": 3}}):
        d = from_snapshot(weird, "serverless")
        assert isinstance(d, Diagram) and d.svg.startswith("<?xml")


def test_mangled_snapshots_never_raise() -> None:
    base = snapshot()
    base["lambda"].pop("packages", None)  # base64 zips: long, and never read by the view
    rng = random.Random("labkit-serverless")
    paths = [p for p in _paths(base) if not p or p[0] in ("labkit", "apigateway", "lambda", "iam", "dynamodb",
                                                            "sqs", "kinesis")]
    cases = [(p, rng.choice(_BAD), rng.random() < 0.3) for p in rng.sample(paths, min(250, len(paths)))]
    for index, (path, bad, delete) in enumerate(cases):
        mangled = copy.deepcopy(base)
        if path:
            parent = mangled
            for key in path[:-1]:
                parent = parent[key]
            if delete and isinstance(parent, dict):
                del parent[path[-1]]
            else:
                parent[path[-1]] = bad
        else:
            mangled = bad
        try:
            d = from_snapshot(mangled, "serverless")
            dot = d.dot
            if index % 25 == 0:
                assert d.svg
        except Exception as err:  # noqa: BLE001 - the point is that nothing escapes
            pytest.fail(f"{'deleting' if delete else f'setting to {bad!r}'} {path} raised {err!r}")
        assert isinstance(dot, str) and dot.startswith("digraph")
