"""lab.invoke(): Lambda packages run in-process like Lambda's Python runtime, and the
Lambda and DynamoDB snapshots that carry functions, packages and items."""

from __future__ import annotations

import base64
import json
import os
import random
import subprocess
import sys
import textwrap
import types
import uuid

import pytest

import labkit
from labkit import LabkitError
from labkit.runtime import zip_package
from labkit.snapshot import dumps

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


def _role(lab) -> str:
    return lab.client("iam").create_role(RoleName="fn-role", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]


def _create(lab, name, files, role, handler="lambda_function.handler", **extra):
    code = files if isinstance(files, bytes) else zip_package(files)
    extra.setdefault("Runtime", "python3.12")
    return lab.client("lambda").create_function(FunctionName=name, Role=role, Handler=handler,
                                                Code={"ZipFile": code}, **extra)


def _payload(response):
    return json.loads(response["Payload"])


CONTEXT_HANDLER = '''\
import os
import boto3

def handler(event, context):
    print("looking up", event["id"])
    item = boto3.client("dynamodb").get_item(TableName="Users", Key={"userId": {"S": event["id"]}}).get("Item")
    return {
        "item": item,
        "stage": os.environ.get("STAGE"),
        "env": {k: os.environ.get(k) for k in ("AWS_REGION", "AWS_LAMBDA_FUNCTION_NAME",
                                                "AWS_LAMBDA_FUNCTION_VERSION", "_HANDLER")},
        "cwd_is_task_root": os.getcwd() == os.environ["LAMBDA_TASK_ROOT"],
        "context": [context.function_name, context.function_version, context.invoked_function_arn,
                    context.memory_limit_in_mb, context.log_group_name],
        "request_id": context.aws_request_id,
        "time_left": 0 < context.get_remaining_time_in_millis() <= 7000,
    }
'''


def test_invoke_runs_the_handler_with_context_environment_and_the_labs_boto3(lab):
    lab.client("dynamodb").create_table(
        TableName="Users", KeySchema=[{"AttributeName": "userId", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "userId", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
    lab.client("dynamodb").put_item(TableName="Users", Item={"userId": {"S": "u-1"}, "name": {"S": "Minji"}})
    role = _role(lab)
    _create(lab, "get-user", {"lambda_function.py": CONTEXT_HANDLER}, role, MemorySize=256, Timeout=7,
            Environment={"Variables": {"STAGE": "dev"}})
    env_before, cwd_before, path_before = dict(os.environ), os.getcwd(), list(sys.path)

    first = lab.invoke("get-user", {"id": "u-1"})
    second = lab.invoke("get-user", {"id": "nobody"})

    assert dict(os.environ) == env_before and os.getcwd() == cwd_before and sys.path == path_before
    assert "lambda_function" not in sys.modules
    assert first["StatusCode"] == 200 and first["ExecutedVersion"] == "$LATEST" and "FunctionError" not in first
    assert isinstance(first["Payload"], bytes)
    out = _payload(first)
    assert out["item"] == {"userId": {"S": "u-1"}, "name": {"S": "Minji"}}
    assert _payload(second)["item"] is None
    assert out["stage"] == "dev" and out["cwd_is_task_root"] and out["time_left"]
    assert out["env"] == {"AWS_REGION": "ap-northeast-2", "AWS_LAMBDA_FUNCTION_NAME": "get-user",
                          "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST", "_HANDLER": "lambda_function.handler"}
    assert out["context"] == ["get-user", "$LATEST",
                              "arn:aws:lambda:ap-northeast-2:123456789012:function:get-user", "256",
                              "/aws/lambda/get-user"]
    log = base64.b64decode(first["LogResult"]).decode()
    assert log.startswith(f"START RequestId: {out['request_id']} Version: $LATEST\nlooking up u-1\n")
    assert f"END RequestId: {out['request_id']}" in log

    # Request ids are deterministic: the same calls after a reset give the same ids.
    ids = [out["request_id"], _payload(second)["request_id"]]
    assert len(set(ids)) == 2 and all(str(uuid.UUID(i)) == i for i in ids)
    lab.reset()
    lab.client("dynamodb").create_table(
        TableName="Users", KeySchema=[{"AttributeName": "userId", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "userId", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
    _create(lab, "get-user", {"lambda_function.py": CONTEXT_HANDLER}, _role(lab), MemorySize=256, Timeout=7,
            Environment={"Variables": {"STAGE": "dev"}})
    again = [_payload(lab.invoke("get-user", {"id": i}))["request_id"] for i in ("u-1", "nobody")]
    assert again == ids


def test_packages_are_isolated_from_each_other_and_from_the_notebook(lab, tmp_path):
    role = _role(lab)
    code = "import utils\ncalls = []\n\ndef handler(event, context):\n    calls.append(1)\n" \
           "    return {'who': utils.WHO, 'warm_calls': len(calls)}\n"
    _create(lab, "alpha", {"lambda_function.py": code, "utils.py": "WHO = 'alpha'\n"}, role)
    _create(lab, "beta", {"lambda_function.py": code, "utils.py": "WHO = 'beta'\n"}, role)
    # The learner's own lambda_function module, imported in the notebook, must not stand in.
    local = types.ModuleType("lambda_function")
    local.__file__ = str(tmp_path / "lambda_function.py")
    local.handler = lambda event, context: "the notebook's copy"
    sys.modules["lambda_function"] = local
    try:
        assert _payload(lab.invoke("alpha", {})) == {"who": "alpha", "warm_calls": 1}
        assert _payload(lab.invoke("beta", {})) == {"who": "beta", "warm_calls": 1}
        assert _payload(lab.invoke("alpha", {})) == {"who": "alpha", "warm_calls": 2}  # a warm container
        assert sys.modules["lambda_function"] is local and "utils" not in sys.modules
        # New code is a cold start with the new modules.
        lab.client("lambda").update_function_code(
            FunctionName="alpha", ZipFile=zip_package({"lambda_function.py": code, "utils.py": "WHO = 'alpha v2'\n"}))
        assert _payload(lab.invoke("alpha", {})) == {"who": "alpha v2", "warm_calls": 1}
        # A package that puts its vendor/ folder on sys.path at import keeps it for its own (warm) calls only.
        vendored = "import os, sys\nsys.path.insert(0, os.path.join(os.path.dirname(__file__), 'vendor'))\n\n" \
                   "def handler(event, context):\n    import helper\n    return helper.VALUE\n"
        _create(lab, "gamma", {"lambda_function.py": vendored, "vendor/helper.py": "VALUE = 42\n"}, role)
        path_before = list(sys.path)
        assert [_payload(lab.invoke("gamma", {})) for _ in range(2)] == [42, 42]
        assert sys.path == path_before and "helper" not in sys.modules
    finally:
        sys.modules.pop("lambda_function", None)


def test_versions_aliases_and_arns_resolve_to_their_own_code(lab):
    role = _role(lab)
    lam = lab.client("lambda")
    body = "def handler(event, context):\n    return {'v': %d, 'arn': context.invoked_function_arn}\n"
    _create(lab, "get-user", {"lambda_function.py": body % 1}, role)
    lam.publish_version(FunctionName="get-user")
    lam.update_function_code(FunctionName="get-user", ZipFile=zip_package({"lambda_function.py": body % 2}))
    lam.create_alias(FunctionName="get-user", Name="live", FunctionVersion="1")
    arn = "arn:aws:lambda:ap-northeast-2:123456789012:function:get-user"

    live = lab.invoke("get-user:live", {})
    assert live["ExecutedVersion"] == "1" and _payload(live) == {"v": 1, "arn": arn + ":live"}
    assert _payload(lab.invoke("get-user", {})) == {"v": 2, "arn": arn}
    assert _payload(lab.invoke("get-user:1", {}))["v"] == 1
    assert _payload(lab.invoke(arn + ":live", {}))["v"] == 1
    assert _payload(lab.invoke("get-user:$LATEST", {}))["v"] == 2


ERRORS = {
    "raises": ("def handler(event, context):\n    raise ValueError('no userId in ' + repr(event))\n",
               "ValueError", "no userId in {'a': 1}"),
    "powertools": ("from aws_lambda_powertools import Logger\n\ndef handler(event, context):\n    return 1\n",
                   "Runtime.ImportModuleError",
                   "Unable to import module 'lambda_function': No module named 'aws_lambda_powertools'"),
    "syntax": ("def handler(event, context)\n    return 1\n", "Runtime.UserCodeSyntaxError",
               "Syntax error in module 'lambda_function': expected ':' (lambda_function.py, line 1)"),
    "init": ("raise RuntimeError('config missing')\n", "RuntimeError", "config missing"),
    "marshal": ("def handler(event, context):\n    return {'ids': {1, 2}}\n", "Runtime.MarshalError",
                "Unable to marshal response: Object of type set is not JSON serializable"),
    "exit": ("import sys\n\ndef handler(event, context):\n    sys.exit(3)\n", "Runtime.ExitError", "3"),
}


def test_function_errors_come_back_like_lambdas(lab):
    role = _role(lab)
    for name, (code, _, _) in ERRORS.items():
        _create(lab, name, {"lambda_function.py": code}, role)
    _create(lab, "decimal", {"lambda_function.py": "from decimal import Decimal\n\ndef handler(e, c):\n"
                             "    return {'age': Decimal('30'), 'score': Decimal('1.5'), 'name': '김민지'}\n"}, role)
    for name, (_, err_type, message) in ERRORS.items():
        response = lab.invoke(name, {"a": 1})
        payload = _payload(response)
        assert response["StatusCode"] == 200 and response["FunctionError"] == "Unhandled", name
        assert (payload["errorType"], payload["errorMessage"]) == (err_type, message), name
        assert set(payload) == {"errorMessage", "errorType", "requestId", "stackTrace"}
        log = base64.b64decode(response["LogResult"]).decode()
        assert f"[ERROR] {err_type}: {message}" in log
    raised = _payload(lab.invoke("raises", {"a": 1}))["stackTrace"]
    assert raised == ['  File "/var/task/lambda_function.py", line 2, in handler\n'
                      "    raise ValueError('no userId in ' + repr(event))\n"]
    decimal_out = lab.invoke("decimal", {})
    assert decimal_out["Payload"] == '{"age": 30, "score": 1.5, "name": "김민지"}'.encode()


def test_setup_mistakes_raise_labkit_errors_that_say_what_exists(lab):
    with pytest.raises(LabkitError, match="no Lambda function named 'get-user'.*no Lambda functions in "
                                          r"ap-northeast-2 yet"):
        lab.invoke("get-user", {})
    role = _role(lab)
    _create(lab, "get-user", {"lambda_function.py": "def lambda_handler(event, context):\n    return 1\n"}, role,
            handler="lambda_function.handler")
    _create(lab, "wrong-module", {"app/main.py": "def handler(e, c):\n    return 1\n"}, role,
            handler="main.handler")
    _create(lab, "not-a-zip", b"print('hello')", role)
    _create(lab, "node", {"index.js": "exports.handler = async () => 1;"}, role, Runtime="nodejs20.x",
            handler="index.handler")
    _create(lab, "no-dot", {"lambda_function.py": ""}, role, handler="lambda_function")
    cases = [
        ("get-usr", {}, r"no Lambda function named 'get-usr' in this lab\. Functions in ap-northeast-2: get-user, "
                        r"no-dot, node, not-a-zip, wrong-module\."),
        ("get-user:live", {}, r"function 'get-user' has no version or alias 'live'\. Versions: \$LATEST; aliases: none"),
        ("get-user", {"when": object()}, "the event cannot be sent to Lambda: it must be JSON-serialisable"),
        ("get-user", b"{not json", "the event bytes are not a JSON document"),
        ("get-user", {}, r"module 'lambda_function' has no function 'handler' \(Lambda: Runtime.HandlerNotFound\)\. "
                         "It defines: lambda_handler"),
        ("wrong-module", {}, r"its package has no module 'main' \(main.py\): it contains app/main.py"),
        ("not-a-zip", {}, r"the deployment package of 'not-a-zip' is not a zip archive \(14 bytes\)"),
        ("node", {}, "uses runtime nodejs20.x: labkit runs only Python .zip packages in-process"),
        ("no-dot", {}, r"a Python handler is 'module\.function'"),
        ("arn:aws:lambda:ap-northeast-2:999999999999:function:get-user", {}, "belongs to account 999999999999"),
        ("arn:aws:s3:::bucket", {}, "is not a Lambda function ARN"),
        (42, {}, "function_name must be a function's name or ARN"),
    ]
    for target, event, message in cases:
        with pytest.raises(LabkitError, match=message):
            lab.invoke(target, event)
    # bytes are a raw JSON payload, as boto3's Payload=
    _create(lab, "echo", {"lambda_function.py": "def handler(e, c):\n    return e\n"}, role)
    assert _payload(lab.invoke("echo", b'{"a": [1, 2]}')) == {"a": [1, 2]}
    assert _payload(lab.invoke("echo")) == {}


def test_invoke_needs_an_open_lab():
    closed = labkit.Lab()
    with pytest.raises(LabkitError, match="this lab is closed, so invoke"):
        closed.invoke("get-user", {})


# -- snapshots ---------------------------------------------------------------------------
def test_dynamodb_snapshot_reads_tables_backups_and_small_tables_items(lab):
    ddb = lab.client("dynamodb")
    ddb.create_table(
        TableName="Scores", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                                       {"AttributeName": "n", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "n", "AttributeType": "N"},
                              {"AttributeName": "email", "AttributeType": "S"}],
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
        GlobalSecondaryIndexes=[{"IndexName": "by-email", "KeySchema": [{"AttributeName": "email", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "ALL"},
                                 "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
        SSESpecification={"Enabled": True, "SSEType": "KMS"},
    )
    for n in (10, 2, 33):
        ddb.put_item(TableName="Scores", Item={"pk": {"S": "a"}, "n": {"N": str(n)}, "raw": {"B": b"\x00\x01"}})
    ddb.update_continuous_backups(TableName="Scores",
                                  PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    ddb.create_table(TableName="Big", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                     BillingMode="PAY_PER_REQUEST")
    for start in range(0, 101, 25):
        ddb.batch_write_item(RequestItems={"Big": [{"PutRequest": {"Item": {"id": {"S": f"i{i:03d}"}}}}
                                                   for i in range(start, min(start + 25, 101))]})

    big, scores = lab.snapshot(["dynamodb"])["dynamodb"]["tables"]
    assert (big["TableName"], big["Items"], big["ItemsOmitted"], big["ItemCount"]) == ("Big", None, True, 101)
    assert big["BillingMode"] == "PAY_PER_REQUEST"
    assert scores["BillingMode"] == "PROVISIONED" and scores["ProvisionedThroughput"]["ReadCapacityUnits"] == 5
    assert [k["AttributeName"] for k in scores["KeySchema"]] == ["pk", "n"]
    assert scores["GlobalSecondaryIndexes"][0]["IndexName"] == "by-email"
    assert scores["SSEDescription"]["Status"] == "ENABLED" and scores["TableStatus"] == "ACTIVE"
    assert scores["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}
    assert scores["LatestStreamArn"].endswith(":table/Scores/stream/stream-label")
    assert "LatestStreamLabel" not in scores and "CreationDateTime" not in scores
    pitr = scores["ContinuousBackups"]["PointInTimeRecoveryDescription"]
    assert pitr["PointInTimeRecoveryStatus"] == "ENABLED"
    assert [i["n"]["N"] for i in scores["Items"]] == ["2", "10", "33"]  # sorted by key, numbers as numbers
    assert scores["Items"][0]["raw"] == {"B": "AAE="} and scores["ItemsOmitted"] is False


def test_lambda_snapshot_reads_functions_versions_aliases_policy_and_packages(lab):
    role = _role(lab)
    lam = lab.client("lambda")
    small = zip_package({"lambda_function.py": "def handler(e, c):\n    return 1\n"})
    _create(lab, "get-user", small, role, Environment={"Variables": {"TABLE_NAME": "Users"}}, MemorySize=256)
    lam.publish_version(FunctionName="get-user")
    lam.update_function_code(FunctionName="get-user",
                             ZipFile=zip_package({"lambda_function.py": "def handler(e, c):\n    return 2\n"}))
    lam.publish_version(FunctionName="get-user")
    lam.create_alias(FunctionName="get-user", Name="live", FunctionVersion="2")
    lam.put_function_concurrency(FunctionName="get-user", ReservedConcurrentExecutions=10)
    lam.add_permission(FunctionName="get-user", StatementId="apigw", Action="lambda:InvokeFunction",
                       Principal="apigateway.amazonaws.com")
    noise = random.Random(0).randbytes(1024 * 1024 + 10)  # incompressible: a package over 1 MB
    _create(lab, "big", zip_package({"lambda_function.py": "def handler(e, c):\n    return 1\n", "blob.bin": noise}),
            role)
    lam.put_function_concurrency(FunctionName="big", ReservedConcurrentExecutions=0)

    snap = lab.snapshot(["lambda"])["lambda"]
    big, fn = snap["functions"]
    assert fn["FunctionName"] == "get-user" and fn["Runtime"] == "python3.12" and fn["MemorySize"] == 256
    assert fn["Environment"] == {"Variables": {"TABLE_NAME": "Users"}}
    assert fn["ReservedConcurrentExecutions"] == 10 and big["ReservedConcurrentExecutions"] == 0
    assert [v["Version"] for v in fn["Versions"]] == ["1", "2"]
    assert [(a["Name"], a["FunctionVersion"]) for a in fn["Aliases"]] == [("live", "2")]
    assert fn["Policy"]["Statement"][0]["Principal"] == {"Service": "apigateway.amazonaws.com"}
    assert big["Policy"] is None
    assert not {"LastModified", "RevisionId"} & (set(fn) | set(fn["Versions"][0]) | set(fn["Aliases"][0]))
    assert snap["event_source_mappings"] == []
    # Both of get-user's packages (v1, v2 = $LATEST) are carried, byte for byte; the big one is not.
    assert sorted(snap["packages"]) == sorted({fn["Versions"][0]["CodeSha256"], fn["CodeSha256"]})
    assert base64.b64decode(snap["packages"][fn["Versions"][0]["CodeSha256"]]) == small
    assert big["CodeSize"] > 1024 * 1024 and big["CodeSha256"] not in snap["packages"]


DETERMINISM = textwrap.dedent(
    """
    import sys, json, labkit
    from labkit.catalogue import task
    from labkit.snapshot import dumps
    with labkit.Lab(seed=int(sys.argv[1])) as lab:
        task("lambda.users_api").solution(lab)
        ddb = lab.client("dynamodb")
        ddb.create_table(TableName="Events", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "N"}],
                         BillingMode="PAY_PER_REQUEST",
                         StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
        for i in (3, 1, 2):
            ddb.put_item(TableName="Events", Item={"id": {"N": str(i)}, "tags": {"SS": ["b", "a"]}})
        # (after the items: moto would try to run the function in Docker for new stream records)
        stream = ddb.describe_table(TableName="Events")["Table"]["LatestStreamArn"]
        lab.client("lambda").create_event_source_mapping(FunctionName="get-user", EventSourceArn=stream,
                                                         StartingPosition="LATEST")
        lab.invoke("get-user:live", {"pathParameters": {"userId": "u-1001"}})
        sys.stdout.write(dumps(lab.snapshot(["dynamodb", "lambda", "iam"])))
    """
)


@pytest.mark.slow
def test_dynamodb_and_lambda_snapshots_are_byte_identical_across_processes(tmp_path):
    script = tmp_path / "det.py"
    script.write_text(DETERMINISM)

    def run(seed: int, hash_seed: int) -> str:
        env = {**os.environ, "PYTHONHASHSEED": str(hash_seed), "LABKIT_HOME": str(tmp_path / f"home{hash_seed}")}
        proc = subprocess.run([sys.executable, str(script), str(seed)], capture_output=True, text=True,
                              timeout=180, env=env)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    first, second = run(0, 1), run(0, 2)
    assert first == second
    snap = json.loads(first)
    assert snap["lambda"]["event_source_mappings"][0]["EventSourceArn"].endswith("/stream/stream-label")
    assert [i["id"]["N"] for i in snap["dynamodb"]["tables"][0]["Items"]] == ["1", "2", "3"]
    assert snap == json.loads(dumps(snap))
