"""Property tests for labkit.iam.evaluate: invariants AWS's evaluation logic guarantees."""

from __future__ import annotations

import json
import random
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from labkit.iam import evaluate, parse_policy
from labkit.iam._match import compile_arn_globs, compile_globs

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ACCOUNT = "123456789012"
ALICE = f"arn:aws:iam::{ACCOUNT}:user/alice"

SERVICES = {
    "s3": ["GetObject", "PutObject", "ListBucket", "DeleteObject", "GetObjectAcl"],
    "ec2": ["RunInstances", "DescribeInstances", "TerminateInstances"],
    "iam": ["CreateUser", "GetUser", "ListUsers"],
    "dynamodb": ["GetItem", "PutItem", "Query"],
}
ALL_ACTIONS = [f"{svc}:{name}" for svc, names in SERVICES.items() for name in names]
RESOURCES = [
    "arn:aws:s3:::alpha",
    "arn:aws:s3:::alpha/reports/q1.csv",
    "arn:aws:s3:::alpha-logs/x",
    "arn:aws:s3:::beta/data.json",
    f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/i-0abc",
    f"arn:aws:dynamodb:eu-west-1:{ACCOUNT}:table/orders",
    f"arn:aws:iam::{ACCOUNT}:user/bob",
    "*",
]

actions = st.sampled_from(ALL_ACTIONS)
resources = st.sampled_from(RESOURCES)


@st.composite
def action_patterns(draw: st.DrawFn) -> str:
    action = draw(actions)
    svc, name = action.split(":")
    kind = draw(st.sampled_from(["exact", "service", "prefix", "star", "qmark", "other"]))
    if kind == "service":
        pattern = f"{svc}:*"
    elif kind == "prefix":
        pattern = f"{svc}:{name[: draw(st.integers(0, len(name)))]}*"
    elif kind == "star":
        pattern = "*"
    elif kind == "qmark":
        i = draw(st.integers(0, len(name) - 1))
        pattern = f"{svc}:{name[:i]}?{name[i + 1 :]}"
    elif kind == "other":
        pattern = draw(actions)
    else:
        pattern = action
    # Action names are case-insensitive in AWS; shake the case of patterns too.
    return "".join(c.upper() if draw(st.booleans()) else c for c in pattern)


@st.composite
def resource_patterns(draw: st.DrawFn) -> str:
    resource = draw(st.sampled_from(RESOURCES[:-1]))
    kind = draw(st.sampled_from(["exact", "prefix", "star", "other"]))
    if kind == "prefix":
        return resource[: draw(st.integers(4, len(resource)))] + "*"
    if kind == "star":
        return "*"
    return resource


CONDITIONS = [
    {"StringEquals": {"aws:PrincipalTag/team": "blue"}},
    {"StringNotEquals": {"aws:PrincipalTag/team": "red"}},
    {"Bool": {"aws:SecureTransport": "true"}},
    {"NumericLessThan": {"s3:max-keys": "10"}},
    {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}},
    {"StringLikeIfExists": {"s3:prefix": "home/*"}},
    {"ForAllValues:StringEquals": {"aws:TagKeys": ["env", "team"]}},
]

contexts = st.fixed_dictionaries(
    {},
    optional={
        "aws:PrincipalTag/team": st.sampled_from(["blue", "red", "green"]),
        "aws:SecureTransport": st.booleans(),
        "s3:max-keys": st.integers(0, 20),
        "aws:SourceIp": st.sampled_from(["10.1.2.3", "192.168.0.1", "2001:db8::1"]),
        "s3:prefix": st.sampled_from(["home/alice", "public/x"]),
        "aws:TagKeys": st.lists(st.sampled_from(["env", "team", "cost"]), max_size=3),
    },
)


@st.composite
def statements(draw: st.DrawFn, effect: str | None = None) -> dict[str, Any]:
    stmt: dict[str, Any] = {"Effect": effect or draw(st.sampled_from(["Allow", "Deny"]))}
    action_element = "NotAction" if draw(st.integers(0, 4)) == 0 else "Action"
    stmt[action_element] = draw(st.lists(action_patterns(), min_size=1, max_size=3))
    resource_element = "NotResource" if draw(st.integers(0, 5)) == 0 else "Resource"
    stmt[resource_element] = draw(st.lists(resource_patterns(), min_size=1, max_size=2))
    if draw(st.booleans()):
        stmt["Condition"] = draw(st.sampled_from(CONDITIONS))
    return stmt


def make_policy(stmts: list[dict[str, Any]]) -> dict[str, Any]:
    numbered = [{"Sid": f"S{i}", **s} for i, s in enumerate(stmts)]
    return {"Version": "2012-10-17", "Statement": numbered}


policies = st.lists(statements(), min_size=0, max_size=5).map(make_policy)


def decide(doc: Any, action: str, resource: str, context: dict[str, Any], **kw: Any) -> str:
    return evaluate(doc, action, resource, context=context, **kw).decision


# --------------------------------------------------------------------------- deny / allow


@SETTINGS
@given(policies, statements(effect="Deny"), actions, resources, contexts)
def test_adding_a_deny_never_grants(
    doc: dict[str, Any], extra: dict[str, Any], action: str, resource: str, ctx: dict[str, Any]
) -> None:
    before = decide(doc, action, resource, ctx)
    after = decide(make_policy([*doc["Statement"], extra]), action, resource, ctx)
    if after == "allowed":
        assert before == "allowed"
    if before != "allowed":
        assert after != "allowed"
    if before == "explicitDeny":
        assert after == "explicitDeny"


@SETTINGS
@given(policies, actions, resources, contexts)
def test_deny_everything_wins(
    doc: dict[str, Any], action: str, resource: str, ctx: dict[str, Any]
) -> None:
    denied = make_policy([*doc["Statement"], {"Effect": "Deny", "Action": "*", "Resource": "*"}])
    bucket = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "*"}]}  # fmt: skip
    ev = evaluate(denied, action, resource, principal=ALICE, resource_policy=bucket, context=ctx)
    assert ev.decision == "explicitDeny"
    assert any(s.get("Action") == "*" and s.effect == "Deny" for s in ev.statements)


@SETTINGS
@given(actions, resources, contexts)
def test_allow_star_allows_everything(action: str, resource: str, ctx: dict[str, Any]) -> None:
    doc = {"Version": "2012-10-17",
           "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}  # fmt: skip
    assert decide(doc, action, resource, ctx) == "allowed"


@SETTINGS
@given(st.lists(action_patterns(), min_size=1, max_size=4), actions)
def test_not_action_is_the_complement_of_action(patterns: list[str], action: str) -> None:
    with_action = make_policy([{"Effect": "Allow", "Action": patterns, "Resource": "*"}])
    with_not = make_policy([{"Effect": "Allow", "NotAction": patterns, "Resource": "*"}])
    a = evaluate(with_action, action, "*").allowed
    b = evaluate(with_not, action, "*").allowed
    assert a != b


@SETTINGS
@given(st.lists(resource_patterns(), min_size=1, max_size=3), resources)
def test_not_resource_is_the_complement_of_resource(patterns: list[str], resource: str) -> None:
    a = evaluate(make_policy([{"Effect": "Allow", "Action": "*", "Resource": patterns}]),
                 "s3:GetObject", resource).allowed  # fmt: skip
    b = evaluate(make_policy([{"Effect": "Allow", "Action": "*", "NotResource": patterns}]),
                 "s3:GetObject", resource).allowed  # fmt: skip
    assert a != b


# --------------------------------------------------------------------------- layers only narrow


@SETTINGS
@given(policies, policies, actions, resources, contexts)
def test_permissions_boundary_never_widens(
    doc: dict[str, Any],
    boundary: dict[str, Any],
    action: str,
    resource: str,
    ctx: dict[str, Any],
) -> None:
    bucket = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": ALICE}, "Action": "s3:Get*",
         "Resource": "arn:aws:s3:::alpha/*"}]}  # fmt: skip
    kw: dict[str, Any] = {"principal": ALICE, "context": ctx}
    for resource_policy in (None, bucket):
        with_boundary = evaluate(doc, action, resource, permissions_boundary=boundary,
                                 resource_policy=resource_policy, **kw)  # fmt: skip
        without = evaluate(doc, action, resource, resource_policy=resource_policy, **kw)
        if with_boundary.allowed:
            assert without.allowed


@SETTINGS
@given(policies, st.lists(policies, min_size=1, max_size=3), actions, resources, contexts)
def test_scps_never_widen(
    doc: dict[str, Any],
    scps: list[dict[str, Any]],
    action: str,
    resource: str,
    ctx: dict[str, Any],
) -> None:
    with_scps = decide(doc, action, resource, ctx, scps=scps)
    if with_scps == "allowed":
        assert decide(doc, action, resource, ctx) == "allowed"
    levels = [[s] for s in scps]
    if decide(doc, action, resource, ctx, scps=levels) == "allowed":
        # Every level allowing implies the flat, one-level reading allows too.
        assert with_scps == "allowed"


@SETTINGS
@given(policies, policies, actions, resources, contexts)
def test_resource_policy_never_narrows_without_denies(
    doc: dict[str, Any], extra: dict[str, Any], action: str, resource: str, ctx: dict[str, Any]
) -> None:
    allows_only = [dict(s, Principal="*") for s in extra["Statement"] if s["Effect"] == "Allow"]
    for s in allows_only:
        s.pop("NotResource", None)
    bucket = make_policy(allows_only)
    before = decide(doc, action, resource, ctx, principal=ALICE)
    after = decide(doc, action, resource, ctx, principal=ALICE, resource_policy=bucket)
    if before == "allowed":
        assert after == "allowed"


# --------------------------------------------------------------------------- invariances


@SETTINGS
@given(policies, actions, resources, contexts, st.randoms(use_true_random=False))
def test_statement_and_policy_order_do_not_matter(
    doc: dict[str, Any], action: str, resource: str, ctx: dict[str, Any], rnd: random.Random
) -> None:
    ev = evaluate(doc, action, resource, context=ctx)
    shuffled = list(doc["Statement"])
    rnd.shuffle(shuffled)
    ev2 = evaluate({**doc, "Statement": shuffled}, action, resource, context=ctx)
    assert ev.decision == ev2.decision
    assert {s.sid for s in ev.statements} == {s.sid for s in ev2.statements}
    # One statement per policy, in any order: the union is the same.
    split = [{"Version": "2012-10-17", "Statement": [s]} for s in shuffled]
    ev3 = evaluate(split, action, resource, context=ctx)
    assert ev3.decision == ev.decision
    assert {s.sid for s in ev3.statements} == {s.sid for s in ev.statements}


@SETTINGS
@given(policies, actions, resources, contexts, st.randoms(use_true_random=False))
def test_action_case_does_not_matter(
    doc: dict[str, Any], action: str, resource: str, ctx: dict[str, Any], rnd: random.Random
) -> None:
    shaken = "".join(c.upper() if rnd.random() < 0.5 else c.lower() for c in action)
    assert decide(doc, action, resource, ctx) == decide(doc, shaken, resource, ctx)


@SETTINGS
@given(policies, actions, resources, contexts, st.randoms(use_true_random=False))
def test_context_key_case_does_not_matter(
    doc: dict[str, Any], action: str, resource: str, ctx: dict[str, Any], rnd: random.Random
) -> None:
    shaken = {
        "".join(c.upper() if rnd.random() < 0.5 else c.lower() for c in k): v
        for k, v in ctx.items()
    }
    assert decide(doc, action, resource, ctx) == decide(doc, action, resource, shaken)


@SETTINGS
@given(policies, actions, resources, contexts)
def test_policy_representation_does_not_matter(
    doc: dict[str, Any], action: str, resource: str, ctx: dict[str, Any]
) -> None:
    expected = decide(doc, action, resource, ctx)
    assert decide(json.dumps(doc), action, resource, ctx) == expected
    assert decide(parse_policy(doc), action, resource, ctx) == expected
    ev = evaluate(doc, action, resource, context=ctx)
    assert ev.explain().splitlines()[0] == f"{expected}: {action} on {resource}"
    assert repr(ev) == f"<Evaluation {expected}: {action} on {resource}>"
    assert ev.allowed == (expected == "allowed")
    if expected == "implicitDeny":
        assert ev.statements == []
    else:
        assert ev.statements
        wanted = "Deny" if expected == "explicitDeny" else "Allow"
        assert all(s.effect == wanted for s in ev.statements)


# --------------------------------------------------------------------------- matching primitives

ALPHABET = "ab:/-*?"


def reference_glob(pattern: str, text: str) -> bool:
    """Textbook wildcard matching (``*`` any run, ``?`` one character)."""
    memo: dict[tuple[int, int], bool] = {}

    def go(i: int, j: int) -> bool:
        if (i, j) in memo:
            return memo[(i, j)]
        if i == len(pattern):
            result = j == len(text)
        elif pattern[i] == "*":
            result = go(i + 1, j) or (j < len(text) and go(i, j + 1))
        elif j < len(text) and (pattern[i] == "?" or pattern[i] == text[j]):
            result = go(i + 1, j + 1)
        else:
            result = False
        memo[(i, j)] = result
        return result

    return go(0, 0)


@SETTINGS
@given(st.text(ALPHABET, max_size=8), st.text("ab:/-", max_size=10))
def test_glob_matches_reference(pattern: str, text: str) -> None:
    assert (compile_globs((pattern,)).fullmatch(text) is not None) == reference_glob(pattern, text)


@SETTINGS
@given(
    st.lists(st.text("ab*?", max_size=3), min_size=6, max_size=6),
    st.lists(st.text("ab", max_size=3), min_size=6, max_size=6),
)
def test_arn_like_matches_segment_by_segment(pattern: list[str], value: list[str]) -> None:
    expected = all(reference_glob(p, v) for p, v in zip(pattern, value, strict=True))
    assert (compile_arn_globs((":".join(pattern),)).fullmatch(":".join(value)) is not None) == (
        expected
    )


# --------------------------------------------------------------------------- conditions

NEGATIONS = [
    ("StringEquals", "StringNotEquals", st.sampled_from(["a", "b", "A"])),
    ("StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", st.sampled_from(["a", "b", "A"])),
    ("StringLike", "StringNotLike", st.sampled_from(["a*", "?", "b", "*"])),
    ("NumericEquals", "NumericNotEquals", st.integers(0, 3).map(str)),
    ("DateEquals", "DateNotEquals", st.sampled_from(["2020-01-01", "2021-06-01T00:00:00Z"])),
    ("IpAddress", "NotIpAddress", st.sampled_from(["10.0.0.0/8", "10.1.0.0/16", "::/0"])),
    ("ArnLike", "ArnNotLike", st.sampled_from(["arn:aws:iam::*:role/a*", "arn:aws:iam::1:*"])),
]
REQUEST_VALUES = {
    "StringEquals": st.sampled_from(["a", "b", "A", "ab"]),
    "StringEqualsIgnoreCase": st.sampled_from(["a", "b", "A", "ab"]),
    "StringLike": st.sampled_from(["a", "b", "A", "ab"]),
    "NumericEquals": st.integers(0, 3),
    "DateEquals": st.sampled_from(["2020-01-01T00:00:00Z", "2021-06-01", "1577836800"]),
    "IpAddress": st.sampled_from(["10.1.2.3", "10.2.0.1", "192.168.1.1", "::1"]),
    "ArnLike": st.sampled_from(["arn:aws:iam::1:role/ab", "arn:aws:iam::2:role/b", "x"]),
}


def holds(operator: str, values: list[str], context: dict[str, Any]) -> bool:
    doc = make_policy([{"Effect": "Allow", "Action": "*", "Resource": "*",
                        "Condition": {operator: {"ex:key": values}}}])  # fmt: skip
    return evaluate(doc, "s3:GetObject", "*", context=context).allowed


@SETTINGS
@given(st.sampled_from(range(len(NEGATIONS))), st.data())
def test_negated_operator_is_negation_when_key_present(index: int, data: st.DataObject) -> None:
    positive, negative, value_strategy = NEGATIONS[index]
    values = data.draw(st.lists(value_strategy, min_size=1, max_size=3))
    request = data.draw(
        st.one_of(REQUEST_VALUES[positive], st.lists(REQUEST_VALUES[positive], min_size=1))
    )
    ctx = {"ex:key": request}
    assert holds(positive, values, ctx) != holds(negative, values, ctx)
    # ...IfExists changes nothing when the key is present, and makes a missing key true.
    assert holds(positive + "IfExists", values, ctx) == holds(positive, values, ctx)
    assert holds(negative + "IfExists", values, {}) and holds(positive + "IfExists", values, {})
    assert holds(negative, values, {}) and not holds(positive, values, {})


@SETTINGS
@given(
    st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=1, max_size=3),
    st.one_of(st.none(), st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=4)),
)
def test_set_operators_match_set_algebra(policy_values: list[str], request: Any) -> None:
    ctx = {} if request is None else {"ex:key": request}
    req = set(request or [])
    allowed_set = set(policy_values)
    assert holds("ForAllValues:StringEquals", policy_values, ctx) == (req <= allowed_set)
    assert holds("ForAnyValue:StringEquals", policy_values, ctx) == bool(req & allowed_set)
    assert holds("ForAllValues:StringNotEquals", policy_values, ctx) == (not req & allowed_set)
    assert holds("ForAnyValue:StringNotEquals", policy_values, ctx) == bool(req - allowed_set)


@SETTINGS
@given(st.text(st.characters(codec="ascii", exclude_characters="/\x00"), min_size=1, max_size=8),
       st.text("xyz", min_size=1, max_size=4))  # fmt: skip
def test_variable_values_are_literal(tag: str, other: str) -> None:
    assume(tag != other)
    doc = make_policy([{"Effect": "Allow", "Action": "s3:*",
                        "Resource": "arn:aws:s3:::b/${aws:PrincipalTag/dir}/*"}])  # fmt: skip
    caller = {"arn": ALICE, "tags": {"dir": tag}}
    assert evaluate(doc, "s3:GetObject", f"arn:aws:s3:::b/{tag}/k", principal=caller).allowed
    other_allowed = evaluate(doc, "s3:GetObject", f"arn:aws:s3:::b/{other}/k",
                             principal=caller).allowed  # fmt: skip
    assert not other_allowed
