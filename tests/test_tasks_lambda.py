"""The graders graded: lambda.users_api. Starter scores 0, the reference solution full
marks, each named near miss loses exactly the check that should fail, alternative correct
builds score full marks, and a submission's snapshot re-grades offline by running the
function from the package it carries."""

from __future__ import annotations

import json

import pytest

import labkit
from labkit.catalogue import grade, grade_snapshot, task
from labkit.catalogue.lambda_ import HANDLER_CODE, api_gateway_event, solve_users_api
from labkit.runtime import zip_package
from labkit.snapshot import dumps

TASK = "lambda.users_api"


def failed(result):
    return sorted(f.check for f in result.findings if not f.passed)


def _finding(result, check):
    return next(f for f in result.findings if f.check == check)


def _new_code(lab, code):
    lab.client("lambda").update_function_code(FunctionName="get-user",
                                              ZipFile=zip_package({"lambda_function.py": code}))


def test_starter_scores_zero_and_solution_full_marks():
    chosen = task(TASK)
    with labkit.Lab(chosen.starter) as lab:
        start = grade(TASK, lab)
        assert start.score == 0, repr(start)
        chosen.solution(lab)
        done = grade(TASK, lab)
        response = lab.invoke("get-user:live", api_gateway_event("u-1002"))
    assert done.passed and done.score == done.max_score == chosen.max_score == 12, repr(done)
    assert json.loads(json.loads(response["Payload"])["body"])["name"] == "Lee Junho"
    from labkit.progress import ProgressStore

    assert [a.score for a in ProgressStore().attempts()] == [0, chosen.max_score]


# -- near misses: the solution, then one change ---------------------------------------
def _role_allows_dynamodb_star(lab):
    iam = lab.client("iam")
    arn = iam.list_attached_role_policies(RoleName="get-user-role")["AttachedPolicies"][0]["PolicyArn"]
    doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"}]}
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(doc), SetAsDefault=True)


def _role_reads_every_table(lab):
    lab.client("iam").put_role_policy(RoleName="get-user-role", PolicyName="ReadAll", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*"}]}))


def _missing_user_empty_200(lab):
    _new_code(lab, HANDLER_CODE.replace('return _response(404, {"error": "User not found"})',
                                        'return {"statusCode": 200, "body": ""}'))


def _missing_user_raises(lab):
    _new_code(lab, HANDLER_CODE.replace('return _response(404, {"error": "User not found"})',
                                        "raise KeyError(user_id)"))


def _seed_handler_with_powertools(lab):
    _new_code(lab, "from aws_lambda_powertools import Logger\n" + HANDLER_CODE)


def _body_is_a_dict(lab):
    _new_code(lab, HANDLER_CODE.replace('"body": json.dumps(body, default=_number),', '"body": body,'))


def _seed_json_dumps_with_a_number(lab):
    """The seed's json.dumps(response['Item']) fails on Decimal; its except turns that into a 500."""
    lab.client("dynamodb").update_item(TableName="Users", Key={"userId": {"S": "u-1001"}},
                                       UpdateExpression="SET age = :a", ExpressionAttributeValues={":a": {"N": "31"}})
    _new_code(lab, HANDLER_CODE.replace("json.dumps(body, default=_number)", "json.dumps(body)"))


def _no_alias(lab):
    lab.client("lambda").delete_alias(FunctionName="get-user", Name="live")


def _alias_on_latest(lab):
    lab.client("lambda").update_alias(FunctionName="get-user", Name="live", FunctionVersion="$LATEST")


def _no_reserved_concurrency(lab):
    lab.client("lambda").delete_function_concurrency(FunctionName="get-user")


def _concurrency_zero(lab):
    lab.client("lambda").put_function_concurrency(FunctionName="get-user", ReservedConcurrentExecutions=0)


def _node_runtime(lab):
    lab.client("lambda").update_function_configuration(FunctionName="get-user", Runtime="nodejs20.x")


@pytest.mark.parametrize(
    ("near_miss", "expected"),
    [
        (_role_allows_dynamodb_star, ["lambda.least_privilege"]),
        (_role_reads_every_table, ["lambda.least_privilege"]),
        (_missing_user_empty_200, ["lambda.not_found"]),
        (_missing_user_raises, ["lambda.not_found"]),
        (_seed_handler_with_powertools, ["lambda.found", "lambda.not_found"]),
        (_body_is_a_dict, ["lambda.found", "lambda.not_found"]),
        (_seed_json_dumps_with_a_number, ["lambda.found"]),
        (_no_alias, ["lambda.alias"]),
        (_alias_on_latest, ["lambda.alias"]),
        (_no_reserved_concurrency, ["lambda.concurrency"]),
        (_concurrency_zero, ["lambda.concurrency"]),
        (_node_runtime, ["lambda.found", "lambda.function", "lambda.not_found"]),
    ],
    ids=["role-dynamodb-star", "role-reads-every-table", "missing-user-empty-200", "missing-user-raises",
         "seed-powertools-import", "body-not-a-string", "seed-json-dumps-decimal", "no-alias", "alias-on-latest",
         "no-reserved-concurrency", "concurrency-zero", "node-runtime"],
)
def test_near_misses(near_miss, expected):
    with labkit.Lab() as lab:
        solve_users_api(lab)
        near_miss(lab)
        result = grade(TASK, lab, record=False)
    assert failed(result) == expected, repr(result)
    lost = sum(f.max_points for f in result.findings if not f.passed)
    assert result.score == result.max_score - lost


def test_near_miss_messages_say_what_is_wrong():
    with labkit.Lab() as lab:
        solve_users_api(lab)
        _role_allows_dynamodb_star(lab)
        _missing_user_raises(lab)
        _alias_on_latest(lab)
        result = grade(TASK, lab, record=False)
    role = _finding(result, "lambda.least_privilege")
    assert role.message.startswith("role get-user-role allows dynamodb:PutItem on table/Users; allows dynamodb:Update")
    assert "allows dynamodb:GetItem on table/Orders" in role.message and "create_policy_version" in role.hint
    missing = _finding(result, "lambda.not_found")
    assert missing.message == ("get-user failed for userId u-missing-0: KeyError: 'u-missing-0' "
                               "(a user that is not in the table)")
    assert "statusCode': 404" in missing.hint and missing.link.startswith("https://docs.aws.amazon.com/")
    alias = _finding(result, "lambda.alias")
    assert alias.message == "alias live points at $LATEST, not at a published version; $LATEST changes with every update"


# -- alternative correct builds ----------------------------------------------------------
CLIENT_HANDLER = '''\
import json
import os

import boto3
from boto3.dynamodb.types import TypeDeserializer

client = boto3.client("dynamodb")
plain = TypeDeserializer()


def _json(value):  # sets as lists, Decimals as their text ("29")
    return sorted(value) if isinstance(value, set) else str(value)


def get_user(event, context):
    user_id = event["pathParameters"]["userId"]
    found = client.get_item(TableName=os.environ["TABLE"], Key={"userId": {"S": user_id}})
    if "Item" not in found:
        return {"statusCode": 404, "body": json.dumps({"message": f"no user {user_id}"})}
    item = {k: plain.deserialize(v) for k, v in found["Item"].items()}
    return {"statusCode": "200", "body": json.dumps(item, default=_json)}
'''


def test_resource_api_inline_policy_nested_handler_in_another_order_scores_full_marks():
    with labkit.Lab(seed=3) as lab:
        iam = lab.resource("iam")
        trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                         "Principal": {"Service": ["lambda.amazonaws.com"]}}]}
        role = iam.create_role(RoleName="users-reader", Path="/service/", AssumeRolePolicyDocument=json.dumps(trust))
        lam = lab.client("lambda")
        lam.create_function(FunctionName="get-user", Runtime="python3.11", Role=role.arn,
                            Handler="api/users.get_user", Publish=True, Environment={"Variables": {"TABLE": "Users"}},
                            Code={"ZipFile": zip_package({"api/__init__.py": "", "api/users.py": CLIENT_HANDLER})})
        lam.put_function_concurrency(FunctionName="get-user", ReservedConcurrentExecutions=100)
        lam.create_alias(FunctionName="get-user", Name="live", FunctionVersion="1")
        table = lab.resource("dynamodb").create_table(
            TableName="Users", KeySchema=[{"AttributeName": "userId", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "userId", "AttributeType": "S"}],
            ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
        with table.batch_writer() as batch:
            batch.put_item(Item={"userId": "a-7", "name": "Choi Yuna", "age": 29, "tags": {"admin", "ops"}})
            batch.put_item(Item={"userId": "b-8", "name": "Jung Hoon", "active": True})
        role.Policy("ReadOneUser").put(PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["dynamodb:GetItem"], "Resource": [table.table_arn]},
            {"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"}]}))
        result = grade(TASK, lab, record=False)
    assert result.passed and result.score == 12, repr(result)
    assert _finding(result, "lambda.found").message == "get-user answers 200 with user a-7's item as JSON"


def test_broad_policy_inside_a_permissions_boundary_is_least_privilege():
    """dynamodb:* limited by a boundary that allows only GetItem on Users: effectively GetItem only."""
    with labkit.Lab() as lab:
        solve_users_api(lab)
        iam = lab.client("iam")
        table_arn = lab.client("dynamodb").describe_table(TableName="Users")["Table"]["TableArn"]
        boundary = iam.create_policy(PolicyName="GetUserBoundary", PolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": table_arn},
                {"Effect": "Allow", "Action": "logs:*", "Resource": "*"}]}))["Policy"]["Arn"]
        iam.put_role_permissions_boundary(RoleName="get-user-role", PermissionsBoundary=boundary)
        _role_allows_dynamodb_star(lab)
        result = grade(TASK, lab, record=False)
    assert result.passed, repr(result)


# -- offline re-grading ---------------------------------------------------------------------
def test_a_submitted_snapshot_regrades_offline_and_a_foreign_lab_is_not_used():
    with labkit.Lab() as lab:
        solve_users_api(lab)
        _missing_user_empty_200(lab)  # behaviour worth 2 points lost, to see it re-graded
        live = grade(TASK, lab, record=False)
        submission = json.loads(dumps(lab.snapshot()))  # as written to and read from a file
    assert failed(live) == ["lambda.not_found"]

    offline = grade_snapshot(TASK, submission)  # no lab open: a temporary lab runs the package
    assert [(f.check, f.passed, f.message) for f in offline.findings] == \
        [(f.check, f.passed, f.message) for f in live.findings]
    assert labkit.lab._open_lab is None  # the temporary lab is closed again

    with labkit.Lab("users-table") as other:  # a different account state is open: never guessed from
        foreign = grade_snapshot(TASK, submission)
        assert other.is_open
    assert failed(foreign) == ["lambda.found", "lambda.not_found"]
    message = _finding(foreign, "lambda.found").message
    assert message == ("this snapshot is not from the open lab (the open lab has no function get-user), "
                       "so get-user cannot be run to grade it")
    assert "no lab open" in _finding(foreign, "lambda.found").hint


def test_offline_regrade_needs_the_package_and_the_items():
    with labkit.Lab() as lab:
        solve_users_api(lab)
        snap = json.loads(dumps(lab.snapshot(["dynamodb", "lambda", "iam"])))
    no_package = json.loads(json.dumps(snap))
    no_package["lambda"]["packages"] = {}
    edited = json.loads(json.dumps(snap))
    sha = edited["lambda"]["functions"][0]["CodeSha256"]
    edited["lambda"]["packages"][sha] = "UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA=="  # an empty zip
    big_table = json.loads(json.dumps(snap))
    big_table["dynamodb"]["tables"][0].update(Items=None, ItemsOmitted=True)
    expectations = [
        (no_package, "get-user's package is not in the snapshot (packages over 1 MB are left out)"),
        (edited, "the package stored for get-user does not match its CodeSha256"),
        (big_table, "Users has more than 100 items, so the snapshot does not carry them"),
    ]
    for variant, message in expectations:
        result = grade_snapshot(TASK, variant)
        assert failed(result) == ["lambda.found", "lambda.not_found"], repr(result)
        assert _finding(result, "lambda.found").message.startswith(message)


@pytest.mark.parametrize("bad", [
    {"lambda": {"functions": [{"FunctionName": "get-user", "Role": 3, "Aliases": "x", "Versions": [None]}]},
     "dynamodb": {"tables": [{"TableName": "Users", "Items": [1, {"userId": {"S": "u-1"}}], "KeySchema": "?"}]},
     "iam": {"roles": None}},
    {"lambda": {"functions": [{"FunctionName": "get-user", "Runtime": "python3.12", "CodeSha256": "x",
                               "ReservedConcurrentExecutions": "lots"}], "packages": {"x": "%%%"}},
     "dynamodb": {"tables": [{"TableName": "Users", "Items": []}]}},
    {"lambda": [], "dynamodb": {"tables": "Users"}},
])
def test_mangled_snapshots_give_findings_not_exceptions(bad):
    result = grade_snapshot(TASK, bad)
    assert result.score == 0 and len(result.findings) == 7
    assert all(not f.message.startswith("could not check") for f in result.findings), repr(result)
