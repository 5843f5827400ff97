# %% [markdown]
# # 06 · AWS Lambda — functions without servers (서버리스 컴퓨팅)
#
# AWS Lambda runs your code when something happens — an HTTP request through API Gateway, a
# file landing in S3, a message in a queue — and only then. You upload the code; Lambda finds a
# machine, starts a runtime, runs your function, scales it out when requests pile up and stops
# charging when they stop. There is no server for you to patch, size or keep running: that is
# what **serverless** (서버리스) means.
#
# **In this notebook you will**
# 1. meet the seed's serverless architecture (API Gateway → Lambda → DynamoDB) and Lambda's
#    limits (Lambda 특성): 15 minutes, 128-10,240 MB, `/tmp` up to 10 GB, 1,000 concurrent
#    executions, package sizes;
# 2. read the seed's user-lookup handler and see why it cannot run without **Powertools**
#    (structured logs, traces and metrics) — then write one in the same style without it;
# 3. package it as a zip, create the function and invoke it with `lab.invoke`: 200, 404 and 400;
# 4. watch a **cold start** (콜드 스타트) happen, and learn **reserved** versus **provisioned
#    concurrency** (예약된 동시성 / 프로비저닝된 동시성), versions and aliases;
# 5. see what changed in 2025: Lambda Managed Instances and Durable Functions.
#
# One graded lab task: `lambda.users_api`.

# %% [markdown]
# ## 1. Open a lab with a `Users` table
#
# The scenario `users-table` gives the account the data behind the seed's example: a DynamoDB
# table `Users` whose **partition key** (파티션 키) is `userId`, billed **on demand** (온디맨드:
# per request, no capacity to plan), holding three users. DynamoDB is the serverless database
# that Lambda functions most often talk to: no instances, no connections to pool, one HTTPS call
# per read.

# %%
import base64
import io
import json
import zipfile
from decimal import Decimal

from botocore.exceptions import ClientError
from IPython.display import display

import labkit
from labkit.diagrams import concepts
from labkit.iam import evaluate
from labkit.runtime import zip_package

lab = labkit.start("users-table", seed=0)
ddb = lab.client("dynamodb")
users = lab.resource("dynamodb").Table("Users")

table = ddb.describe_table(TableName="Users")["Table"]
print(table["TableName"], "— key:", ", ".join(f'{k["AttributeName"]} ({k["KeyType"]})' for k in table["KeySchema"]),
      "— billing:", table["BillingModeSummary"]["BillingMode"])
labkit.table(sorted(users.scan()["Items"], key=lambda item: item["userId"]), title="Items of Users")

# %% [markdown]
# The resource API (`lab.resource("dynamodb").Table(...)`) hands back plain Python values, except
# that **DynamoDB numbers come back as `Decimal`**, never `int` or `float`. Add a fourth user with a
# number — it will matter when the function turns an item into JSON:

# %%
users.put_item(Item={"userId": "u-1004", "name": "Choi Yuna", "email": "yuna@example.com", "visits": 42})
print(repr(users.get_item(Key={"userId": "u-1004"})["Item"]["visits"]))

# %% [markdown]
# ## 2. Serverless, and where Lambda sits in it (Serverless 아키텍처)
#
# The seed's serverless architecture: a browser loads a static React/Vue site from S3 through
# CloudFront, and calls **API Gateway**, which validates requests, limits their rate, checks API
# keys and transforms requests and responses. API Gateway invokes one Lambda function per
# resource — Users, Orders, Products — and the functions share one DynamoDB table (single-table
# design, on-demand capacity, global secondary indexes). Work that need not finish within the
# request goes through an **SQS** queue to a processor function that archives to S3
# (비동기 처리), and streaming records go through **Kinesis** to a transformer function that
# indexes them in OpenSearch (실시간 처리).

# %%
concepts.show("serverless")

# %% [markdown]
# This notebook builds the **Users** path: `GET /users/{userId}` → function `get-user` → table `Users`.
#
# ## 3. Lambda's limits (Lambda 특성)
#
# Every design decision about Lambda starts from these numbers (the seed's table, with what they
# mean in practice):
#
# | Limit | 한국어 | Value | In practice |
# |---|---|---|---|
# | Maximum run time | 최대 실행 시간 | **15 minutes** (900 s) | `Timeout` is 3 s unless you set it; longer work belongs in Step Functions, ECS or (2025) durable functions |
# | Memory | 메모리 | **128 MB – 10,240 MB** | CPU comes with memory: about one vCPU at 1,769 MB, up to 6 vCPUs at 10,240 MB; price per GB-second grows with it |
# | Temporary storage | 임시 스토리지 | **up to 10 GB** in `/tmp` | 512 MB by default (`EphemeralStorage`), kept between calls of a warm environment, never shared |
# | Concurrency | 동시 실행 | **1,000** per account per region by default (**adjustable**) | one execution environment per request in flight; 100 always stay unreserved |
# | Deployment package | 배포 패키지 크기 | **50 MB zipped** (direct upload), **250 MB unzipped** | layers count towards the 250 MB; bigger zips go through S3 |
# | Container image | 컨테이너 이미지 | **up to 10 GB** | for big dependencies (ML models, native libraries) |
#
# Two more worth knowing: a synchronous request or response payload is at most **6 MB**, and
# each function scales by up to 1,000 concurrent executions every 10 seconds. Newer accounts may
# start with lower concurrency and memory quotas, which AWS raises as they are used (Service
# Quotas shows yours).
#
# ## 4. The seed's handler, and Powertools
#
# The seed's user lookup, exactly as written:

# %%
SEED_HANDLER = '''\
import json
import boto3
from aws_lambda_powertools import Logger, Tracer, Metrics
from aws_lambda_powertools.metrics import MetricUnit

logger = Logger()
tracer = Tracer()
metrics = Metrics()

dynamodb = boto3.resource('dynamodb')
table = dynamodb.Table('Users')

@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
def handler(event, context):
    """
    API Gateway에서 호출되는 사용자 조회 Lambda 함수
    """
    try:
        # 경로 파라미터에서 사용자 ID 추출
        user_id = event['pathParameters']['userId']

        # DynamoDB에서 사용자 조회
        response = table.get_item(Key={'userId': user_id})

        if 'Item' not in response:
            return {
                'statusCode': 404,
                'headers': {'Content-Type': 'application/json'},
                'body': json.dumps({'error': 'User not found'})
            }

        # 메트릭 기록
        metrics.add_metric(name='UserFetched', unit=MetricUnit.Count, value=1)

        return {
            'statusCode': 200,
            'headers': {
                'Content-Type': 'application/json',
                'Cache-Control': 'max-age=60'
            },
            'body': json.dumps(response['Item'])
        }

    except Exception as e:
        logger.exception('Failed to fetch user')
        metrics.add_metric(name='UserFetchError', unit=MetricUnit.Count, value=1)

        return {
            'statusCode': 500,
            'headers': {'Content-Type': 'application/json'},
            'body': json.dumps({'error': 'Internal server error'})
        }
'''

# %% [markdown]
# Read it as an API Gateway **proxy integration** (프록시 통합): API Gateway passes the whole HTTP
# request as the `event` (the `{userId}` of the path arrives as `event["pathParameters"]["userId"]`)
# and turns the returned dict — `statusCode`, `headers`, and a `body` that must be a **string** —
# back into the HTTP response. The table object is created *outside* the handler, once per
# execution environment, so every later request reuses it.
#
# The three decorators come from **Powertools for AWS Lambda** (the `aws_lambda_powertools`
# package), AWS's open-source toolkit for the observability a function should have:
#
# | Powertools | What it does | How you would do it by hand |
# |---|---|---|
# | `Logger` + `@logger.inject_lambda_context` | **structured logging** (구조화된 로깅): every log line is one JSON object carrying `level`, `message`, `service`, `cold_start`, `function_name`, `function_request_id`...; `logger.exception` adds the traceback | `print(json.dumps({...}))` |
# | `Tracer` + `@tracer.capture_lambda_handler` | **tracing** with AWS X-Ray: one segment per invocation, with the DynamoDB call as a subsegment, so a slow request shows where its time went (function setting `TracingConfig={"Mode": "Active"}`) | the X-Ray SDK |
# | `Metrics` + `@metrics.log_metrics(capture_cold_start_metric=True)` | **custom metrics** (사용자 지정 지표) such as `UserFetched` and `UserFetchError`, written as CloudWatch **Embedded Metric Format** (EMF) log lines that CloudWatch turns into metrics — no API call, no latency; the flag adds a `ColdStart` metric on the first call of each environment | print one EMF JSON object |
#
# Why it matters: a JSON log can be searched by field in CloudWatch Logs Insights
# (`filter level = "ERROR" and cold_start = 1`), and metrics from logs cost no extra request.
#
# Package the seed's code as it is, create a function from it, and invoke it. A function needs an
# **execution role** (실행 역할) that Lambda may assume; this one has no permissions yet.

# %%
iam = lab.client("iam")
lam = lab.client("lambda")

lambda_trust = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}
role_arn = iam.create_role(RoleName="get-user-role", AssumeRolePolicyDocument=json.dumps(lambda_trust),
                           Description="Execution role of get-user")["Role"]["Arn"]

lam.create_function(
    FunctionName="users-seed",
    Runtime="python3.12",
    Role=role_arn,
    Handler="handler.handler",  # module handler.py, function handler
    Code={"ZipFile": zip_package({"handler.py": SEED_HANDLER})},
)


def api_event(user_id):
    """What API Gateway (REST API, Lambda proxy integration) sends for GET /users/{user_id}, trimmed."""
    return {
        "resource": "/users/{userId}",
        "path": f"/users/{user_id}",
        "httpMethod": "GET",
        "headers": {"Accept": "application/json"},
        "queryStringParameters": None,
        "pathParameters": {"userId": user_id} if user_id is not None else None,
        "requestContext": {"stage": "prod", "resourcePath": "/users/{userId}", "httpMethod": "GET"},
        "body": None,
        "isBase64Encoded": False,
    }


def call(function_name, user_id):
    """Invoke through the lab; one readable row: the HTTP status and JSON body, or the function's error."""
    response = labkit.current().invoke(function_name, api_event(user_id))
    payload = json.loads(response["Payload"])
    row = {"request": f"GET /users/{user_id}" if user_id else "GET /users/", "version": response["ExecutedVersion"]}
    if response.get("FunctionError"):
        return row | {"status": f'function error: {payload["errorType"]}', "body": payload["errorMessage"]}
    return row | {"status": payload["statusCode"], "body": json.loads(payload["body"])}


labkit.table([call("users-seed", "u-1001")], title="users-seed, the seed's code as is")

# %% [markdown]
# `Runtime.ImportModuleError` is exactly what Lambda answers when a package imports a library it
# does not contain: Lambda's Python runtime ships only the standard library and boto3. In AWS you
# would either `pip install aws-lambda-powertools -t package/` and zip it with your code, or add
# AWS's public **Powertools layer** (레이어) to the function (`Layers=[<layer ARN>]`).
#
# > **moto vs AWS:** `lab.invoke` runs the package in this kernel. It does not load layers, and
# > `aws_lambda_powertools` is not installed here, so in the lab the seed's handler can only fail
# > like this. The function below keeps the seed's logic and does the logging and metrics by hand,
# > so you see what Powertools writes for you.
# >
# > There is no API Gateway in front of the functions in this notebook either: `api_event` builds
# > the event API Gateway would send, and `call` reads the response the way API Gateway turns it
# > into HTTP.
#
# ## 5. A handler in the seed's style
#
# Same request, same answers (200 with the item, 404 with a JSON error, 500 on failure), plus a
# 400 when the path parameter is missing, JSON log lines and EMF metrics written with `print`, and a
# fix the seed needs: `json.dumps` cannot encode `Decimal`:

# %%
try:
    json.dumps({"visits": Decimal("42")})
except TypeError as err:
    print("TypeError:", err)

# %% [markdown]
# In the seed's handler that `TypeError` would be caught by `except Exception` and turned into a
# 500 for every user who has a number attribute. Ours converts numbers with `default=`:

# %%
HANDLER = '''\
"""get-user: GET /users/{userId} -> the user's item from DynamoDB (the seed's handler, without Powertools)."""
import json
import os
import time
from decimal import Decimal

import boto3

SERVICE = "users-api"
# Init code: runs once per execution environment (the cold start), then reused by every call.
table = boto3.resource("dynamodb").Table(os.environ.get("TABLE_NAME", "Users"))
_cold_start = True


def log(level, message, context, cold_start, **fields):
    """One JSON log line, as Powertools' Logger with inject_lambda_context writes it."""
    print(json.dumps({"level": level, "message": message, "service": SERVICE, "cold_start": cold_start,
                      "function_name": context.function_name,
                      "function_request_id": context.aws_request_id, **fields}))


def metric(name, value=1, unit="Count"):
    """One CloudWatch Embedded Metric Format record, as Powertools' Metrics flushes it."""
    print(json.dumps({
        "_aws": {"Timestamp": int(time.time() * 1000),
                 "CloudWatchMetrics": [{"Namespace": "UsersApi", "Dimensions": [["service"]],
                                        "Metrics": [{"Name": name, "Unit": unit}]}]},
        "service": SERVICE,
        name: value,
    }))


def _number(value):
    if isinstance(value, Decimal):  # DynamoDB numbers
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def respond(status, body, **headers):
    return {"statusCode": status, "headers": {"Content-Type": "application/json", **headers},
            "body": json.dumps(body, default=_number)}


def handler(event, context):
    global _cold_start
    cold_start, _cold_start = _cold_start, False
    if cold_start:
        metric("ColdStart")
    user_id = (event.get("pathParameters") or {}).get("userId")
    if not user_id:
        log("WARNING", "Missing userId", context, cold_start)
        return respond(400, {"error": "userId is required"})
    try:
        response = table.get_item(Key={"userId": user_id})
    except Exception as err:
        log("ERROR", "Failed to fetch user", context, cold_start, user_id=user_id, error=repr(err))
        metric("UserFetchError")
        return respond(500, {"error": "Internal server error"})
    if "Item" not in response:
        log("INFO", "User not found", context, cold_start, user_id=user_id)
        return respond(404, {"error": "User not found"})
    log("INFO", "User fetched", context, cold_start, user_id=user_id)
    metric("UserFetched")
    return respond(200, response["Item"], **{"Cache-Control": "max-age=60"})
'''

# %% [markdown]
# ### Package it (배포 패키지)
# A Python function's package is a zip with the handler's module at its root (dependencies, if
# any, beside it). `zip_package` builds one in memory, with fixed file dates so the same code
# always gives the same bytes; from a shell you would run `zip function.zip handler.py`.

# %%
package = zip_package({"handler.py": HANDLER})
with zipfile.ZipFile(io.BytesIO(package)) as archive:
    for info in archive.infolist():
        print(f"{info.filename}: {info.file_size:,} bytes of code, {info.compress_size:,} compressed")

# %% [markdown]
# ### Create the function
# `Handler` names *module.function*. `Environment` variables configure the code without changing
# it; the limits from section 3 are the `Timeout` and `MemorySize` you choose here.

# %%
created = lam.create_function(
    FunctionName="get-user",
    Runtime="python3.12",
    Role=role_arn,
    Handler="handler.handler",
    Code={"ZipFile": package},
    Timeout=10,
    MemorySize=256,
    Environment={"Variables": {"TABLE_NAME": "Users"}},
    Description="GET /users/{userId}",
)
config = lam.get_function_configuration(FunctionName="get-user")
labkit.table([{k: config[k] for k in ("FunctionName", "Runtime", "Handler", "MemorySize", "Timeout", "State")}
              | {"/tmp (MB)": config["EphemeralStorage"]["Size"], "architecture": config["Architectures"]}],
             title="get-user")

# %% [markdown]
# ### Invoke it: 200, 404, 400
# `lab.invoke(name, event)` runs the package the way Lambda's Python runtime does and answers like
# boto3's `invoke`: `StatusCode` 200 (Lambda itself ran), `Payload` holding the handler's result as
# JSON bytes, and `FunctionError` when the code failed. The `call` helper from section 4 parses the
# proxy response into the HTTP status and body:

# %%
labkit.table([call("get-user", "u-1001"), call("get-user", "u-1004"), call("get-user", "u-9999"),
              call("get-user", None)], title="get-user")

# %% [markdown]
# `u-1004`'s `visits` arrives as the JSON number 42. Note that the 404 is a *successful* invocation
# (the function ran and answered); only an exception that escapes the handler is a `FunctionError`.
#
# > **moto vs AWS:** on its own, moto runs functions only inside Docker, which a notebook kernel
# > does not have. labkit runs the package in the kernel instead, so in the lab both
# > `lam.invoke(FunctionName="get-user", Payload=json.dumps(event))` and `lab.invoke("get-user", event)`
# > work; `lab.invoke` takes the event as a Python value and returns the `Payload` as bytes rather
# > than a stream (`json.loads` reads both).
#
# ### Logs and metrics
# Ask for the log tail, as `LogType="Tail"` does in boto3 (`LogResult` is base64 of the last 4 KB).
# The helper prints JSON log lines as they are, and summarises EMF lines (dropping their timestamp):

# %%
def show_log(response):
    """Print a LogResult: plain lines and JSON log lines as written, EMF records as one metric line."""
    for line in base64.b64decode(response["LogResult"]).decode().splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            print(line)
            continue
        if isinstance(record, dict) and "_aws" in record:
            for directive in record["_aws"]["CloudWatchMetrics"]:
                for m in directive["Metrics"]:
                    print(f'  EMF metric {directive["Namespace"]}/{m["Name"]} = {record[m["Name"]]} {m["Unit"]}')
        else:
            print(" ", line)


show_log(lab.invoke("get-user", api_event("u-1002")))

# %% [markdown]
# `START`, `END` and `REPORT` are the runtime's own lines around each request. In AWS the
# `REPORT` line also carries `Duration`, `Billed Duration`, `Max Memory Used` and — only after a
# cold start — `Init Duration`; all of it lands in the log group `/aws/lambda/get-user`.
#
# > **moto vs AWS:** nothing is written to CloudWatch Logs in the lab (the tail above is all
# > there is), so no metric is extracted from the EMF lines either.
#
# Since late 2023 Lambda can also format its *own* logs as JSON and filter them by level with
# **advanced logging controls**: `LoggingConfig={"LogFormat": "JSON", "ApplicationLogLevel": "INFO",
# "SystemLogLevel": "WARN", "LogGroup": ...}`. Python's `logging` module then writes JSON lines
# without any library.

# %%
lam.update_function_configuration(FunctionName="users-seed", LoggingConfig={"LogFormat": "JSON"})
print("LoggingConfig stored:", lam.get_function_configuration(FunctionName="users-seed").get("LoggingConfig"))

# %% [markdown]
# > **moto vs AWS:** the lab accepts `LoggingConfig` but does not store it (`None` above); AWS
# > answers with `{"LogFormat": "JSON", "ApplicationLogLevel": "INFO", "SystemLogLevel": "INFO", ...}`.
#
# ### The role has no permissions — and still the read worked
# The function read `Users` although `get-user-role` has no policy at all. In AWS, `get_item` would
# have failed with `AccessDeniedException`, and the handler would have answered 500. Ask the policy
# evaluator what AWS decides for the role as it is:

# %%
USERS_ARN = table["TableArn"]
caller = "arn:aws:sts::123456789012:assumed-role/get-user-role/get-user"
print("dynamodb:GetItem on Users:", evaluate([], "dynamodb:GetItem", USERS_ARN, principal=caller).decision)

# %% [markdown]
# > **moto vs AWS:** the lab does not enforce IAM, so a function never fails for lack of
# > permission here. The task's grader evaluates the role's policies instead: it must allow
# > `dynamodb:GetItem` on the table's ARN and nothing else in DynamoDB (최소 권한, least privilege).
#
# The role also decides whether the function's logs reach CloudWatch: Lambda writes them *as the
# function's role*, which needs `logs:CreateLogStream` and `logs:PutLogEvents` on the log group
# `/aws/lambda/<function name>` (AWS's managed policy `AWSLambdaBasicExecutionRole` grants them,
# plus `logs:CreateLogGroup`). Without them the function runs, and its logs silently go nowhere.
#
# ## 6. Cold starts (콜드 스타트)
#
# The first request an **execution environment** (실행 환경) serves pays for its creation: Lambda
# fetches the package, starts a micro-VM and the runtime, then runs your *init code* — the module
# level, where `boto3.resource(...)` and `_cold_start = True` live. That is the **cold start**:
# typically 100 ms to over a second, more with big packages and heavy imports. The environment
# then stays **warm** and serves one request at a time, many times over, until it sits idle for a
# while or the code or configuration changes. Concurrent requests each need their own
# environment, so a burst of traffic causes a burst of cold starts.
#
# Our handler logs `cold_start` like Powertools does. Invoke three times:

# %%
def cold_flags(function_name, user_ids):
    """The cold_start field of each invocation's JSON log line."""
    flags = []
    for user_id in user_ids:
        log_text = base64.b64decode(lab.invoke(function_name, api_event(user_id))["LogResult"]).decode()
        records = [json.loads(line) for line in log_text.splitlines() if line.startswith("{")]
        flags.append(next(r["cold_start"] for r in records if "cold_start" in r))
    return flags


print("cold_start of three more calls:", cold_flags("get-user", ["u-1001", "u-1002", "u-1003"]))

# %% [markdown]
# All warm: the environment that served the calls above is still there. Change the configuration
# (a new environment variable) and Lambda must start new environments:

# %%
lam.update_function_configuration(FunctionName="get-user",
                                  Environment={"Variables": {"TABLE_NAME": "Users", "LOG_LEVEL": "INFO"}})
print("after a configuration change:  ", cold_flags("get-user", ["u-1001", "u-1002", "u-1003"]))

# %% [markdown]
# Ways to make cold starts rarer or cheaper:
# - keep the package small and import only what you use; create clients once, in init code;
# - more memory also means more CPU, so init code runs faster;
# - **provisioned concurrency** keeps environments initialised before requests arrive (below);
# - **SnapStart** (Java since 2022, Python and .NET since late 2024) restores a snapshot of an
#   initialised environment instead of running init code.
#
# > **moto vs AWS:** the lab keeps one warm environment per function version, code and
# > configuration, and never lets it expire; calls take as long as your code does, with no
# > start-up cost to measure.
#
# ## 7. Concurrency: reserved versus provisioned (예약된 동시성 / 프로비저닝된 동시성)
#
# **Concurrency** (동시성) is the number of requests a function is handling at the same moment:
# roughly requests per second × average duration in seconds. All functions of an account share the
# region's pool — **1,000 by default**, adjustable — and two settings carve it up:
#
# | | Reserved concurrency | Provisioned concurrency |
# |---|---|---|
# | What it does | sets aside part of the pool for one function, and caps the function at that number | keeps that many environments initialised and waiting (no cold start for them) |
# | Set on | the function (all its versions) | a published version or an alias, never `$LATEST` |
# | Cost | free | charged for every hour it is configured, used or not |
# | Use it to | guarantee capacity to a critical function, protect a database from too many connections, or stop a function (0) | keep latency flat for interactive APIs, and pre-warm before a known peak |
# | API | `put_function_concurrency` | `put_provisioned_concurrency_config` |
#
# At least 100 of the account's concurrency always stay **unreserved** for functions without a
# reservation, so with the default 1,000 you can reserve 900 in all. Reserve 10 for `get-user`:

# %%
lam.put_function_concurrency(FunctionName="get-user", ReservedConcurrentExecutions=10)
print("get-user reserved concurrency:", lam.get_function_concurrency(FunctionName="get-user")["ReservedConcurrentExecutions"])

# %% [markdown]
# > **moto vs AWS:** the lab would also accept 950 — it does not check the account's pool. AWS
# > refuses anything that leaves less than 100 unreserved (`InvalidParameterValueException`).
#
# ### Versions and aliases (버전과 별칭)
# `$LATEST` changes with every update. `publish_version` freezes the current code and configuration
# as an immutable, numbered **version**; an **alias** is a named pointer to a version that callers
# (API Gateway, other services) use, so you release by moving the alias and roll back by moving it
# back. An alias can also split traffic between two versions (`RoutingConfig`) for a canary release.

# %%
version = lam.publish_version(FunctionName="get-user", Description="first release")["Version"]
alias = lam.create_alias(FunctionName="get-user", Name="live", FunctionVersion=version)
print("alias", alias["Name"], "->", "version", alias["FunctionVersion"], "|", alias["AliasArn"])
labkit.table([call("get-user:live", "u-1003")], title="invoked through the alias")

# %% [markdown]
# The seed keeps five environments warm with the Serverless Framework:
#
# ```yaml
# # serverless.yml
# functions:
#   api:
#     handler: handler.main
#     provisionedConcurrency: 5  # five environments always initialised (웜 상태 유지)
#     events:
#       - http:
#           path: /users/{userId}
#           method: get
# ```
#
# The framework publishes a version, points an alias at it and configures provisioned concurrency
# on the alias. The same in boto3:

# %%
try:
    lam.put_provisioned_concurrency_config(FunctionName="get-user", Qualifier="live",
                                           ProvisionedConcurrentExecutions=5)
except ClientError as err:
    print("PutProvisionedConcurrencyConfig:", err.response["Error"]["Code"], err.response["Error"]["Message"])

# %% [markdown]
# > **moto vs AWS:** moto does not implement provisioned concurrency (every
# > `*ProvisionedConcurrencyConfig*` call answers "Not yet implemented"). In AWS the call returns
# > `Status: "IN_PROGRESS"`, then `READY` once five environments are initialised; the cost runs
# > from then until you delete the configuration. Reserved concurrency, above, works in the lab.
#
# ### Limits in the lab
# Which of Lambda's limits does the lab enforce? Try a few settings that AWS refuses:

# %%
trials = [
    ("MemorySize=20000 (over 10,240 MB)", {"MemorySize": 20000}),
    ("Timeout=1000 (over 900 s)", {"Timeout": 1000}),
    ("EphemeralStorage 20,000 MB (over 10,240)", {"EphemeralStorage": {"Size": 20000}}),
    ("MemorySize=64 (under 128 MB)", {"MemorySize": 64}),
]
rows = []
for label, setting in trials:
    try:
        lam.update_function_configuration(FunctionName="users-seed", **setting)
        rows.append({"setting": label, "AWS": "refused", "the lab": "accepted"})
    except ClientError as err:
        rows.append({"setting": label, "AWS": "refused", "the lab": f'refused ({err.response["Error"]["Code"]})'})
    except Exception as err:  # botocore checks some minimums before sending anything
        rows.append({"setting": label, "AWS": "refused", "the lab": f"refused by boto3 ({type(err).__name__})"})
labkit.table(rows, title="Lambda limits: AWS versus the lab")

# %% [markdown]
# > **moto vs AWS:** the lab stores a memory size, a timeout and a `/tmp` size beyond Lambda's
# > limits (`create_function` does check the `/tmp` size; `update_function_configuration` does not).
# > The task's grader checks memory and timeout against the seed's table, so stay within
# > 128-10,240 MB and 900 s.
#
# ## 8. What changed in 2025 (2025년 Lambda 주요 업데이트)
#
# - **Lambda Managed Instances**: run Lambda functions on EC2 compute — instances in your account
#   that Lambda provisions, patches and scales — so functions can use specific instance types and
#   specialised hardware, and steady high-volume workloads can use EC2 pricing (Savings Plans,
#   Reserved Instances). One environment may serve several requests at once. You describe the
#   instances in a **capacity provider** and attach functions to it.
# - **Lambda Durable Functions**: coordinate long-running, multi-step workflows **for up to one
#   year** from ordinary function code. Each step's result is checkpointed; the function can wait
#   (for a timer, or for a callback such as a human approval) without running or paying, and
#   resumes from its checkpoints. Every single invocation still has the 15-minute limit.
#
# The boto3 in this kernel already knows both APIs; the lab does not implement them:

# %%
operations = lam.meta.service_model.operation_names
print("capacity provider calls:", ", ".join(sorted(o for o in operations if "CapacityProvider" in o)))
print("durable execution calls:", len([o for o in operations if "DurableExecution" in o]))
try:
    lam.list_capacity_providers()
except ClientError as err:
    print("ListCapacityProviders in the lab:", err.response["Error"]["Message"])

# %% [markdown]
# > **moto vs AWS:** `create_function` accepts `CapacityProviderConfig` and `DurableConfig` (boto3
# > knows them), but the lab has no Managed Instances or durable executions behind them.
#
# ## 9. Lab task: `lambda.users_api`
# **Starter:** an empty account — you build the table too.
#
# **Your job:** build the Users path of the seed's serverless API, properly:
# 1. DynamoDB table `Users`, partition key `userId` (string), on demand, with a few users in it;
# 2. an execution role `get-user-role` that Lambda may assume, whose policy allows in DynamoDB **only**
#    `dynamodb:GetItem` on the `Users` table's ARN (no `dynamodb:*`, no `"Resource": "*"`); letting it
#    write its own logs as well is good practice and does not cost marks;
# 3. function `get-user` on a Python runtime from a zip of a handler like `HANDLER` above: 200 with
#    the item as JSON for a known `userId`, 404 with a JSON error body for an unknown one, read from
#    `event["pathParameters"]["userId"]` (the grader sends API Gateway proxy events);
# 4. a published version with the alias `live` pointing at it, and a reserved concurrency.
#
# The grader reads the configuration from the account, evaluates the role's policies, and invokes
# `get-user` for one user id in the table and one that is not.

# %%
print(labkit.task("lambda.users_api").text)
lab = labkit.start(labkit.task("lambda.users_api").starter, seed=0, replace=True)
ddb, iam, lam = lab.client("dynamodb"), lab.client("iam"), lab.client("lambda")

# %% [markdown]
# The table first. `get_item` needs the whole primary key, so a table keyed by `userId` alone
# answers `GET /users/{userId}` with one read:

# %% tags=["solution"] labkit={"task": "lambda.users_api"}
ddb.create_table(
    TableName="Users",
    KeySchema=[{"AttributeName": "userId", "KeyType": "HASH"}],
    AttributeDefinitions=[{"AttributeName": "userId", "AttributeType": "S"}],
    BillingMode="PAY_PER_REQUEST",
)
users_table = lab.resource("dynamodb").Table("Users")
for user in (
    {"userId": "u-1001", "name": "Kim Minji", "email": "minji@example.com"},
    {"userId": "u-1002", "name": "Lee Junho", "email": "junho@example.com", "visits": 7},
):
    users_table.put_item(Item=user)

# %% [markdown]
# Then the role: trusted by Lambda, allowed one action on one table — and, as every function's role
# needs, allowed to write its own log streams.

# %% tags=["solution"] labkit={"task": "lambda.users_api"}
users_arn = ddb.describe_table(TableName="Users")["Table"]["TableArn"]
role = iam.create_role(
    RoleName="get-user-role",
    AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }),
)
read_users = iam.create_policy(
    PolicyName="GetUserReadOnly",
    PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "ReadUsers", "Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": users_arn},
            {"Sid": "WriteOwnLogs", "Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
             "Resource": f"arn:aws:logs:{lab.region}:{lab.account_id}:log-group:/aws/lambda/get-user:*"},
        ],
    }),
)
iam.attach_role_policy(RoleName="get-user-role", PolicyArn=read_users["Policy"]["Arn"])
print("get-user-role:", read_users["Policy"]["Arn"])

# %% [markdown]
# Then the function, a version, the alias and a reserved concurrency:

# %% tags=["solution"] labkit={"task": "lambda.users_api"}
lam.create_function(
    FunctionName="get-user",
    Runtime="python3.12",
    Role=role["Role"]["Arn"],
    Handler="handler.handler",
    Code={"ZipFile": zip_package({"handler.py": HANDLER})},
    Timeout=10,
    MemorySize=256,
    Environment={"Variables": {"TABLE_NAME": "Users"}},
)
release = lam.publish_version(FunctionName="get-user", Description="first release")
lam.create_alias(FunctionName="get-user", Name="live", FunctionVersion=release["Version"])
lam.put_function_concurrency(FunctionName="get-user", ReservedConcurrentExecutions=10)
print("get-user version", release["Version"], "behind alias live, 10 reserved")

# %% tags=["check"]
labkit.grade("lambda.users_api")

# %% [markdown]
# Call your API through the alias, as API Gateway would:

# %%
try:
    display(labkit.table([call("get-user:live", "u-1001"), call("get-user:live", "u-0000")],
                         title="get-user:live"))
except labkit.LabkitError as err:
    print("Not yet:", err)

# %% [markdown]
# The IAM view of your account shows the function's side of least privilege: `get-user-role`,
# trusted by the Lambda service, and the one policy attached to it.

# %%
labkit.diagram(view="iam")

# %% [markdown]
# > **Note:** labkit's diagram views draw networks, identities and storage; they do not draw
# > Lambda functions or DynamoDB tables. The serverless figure in section 2 shows where they sit.
#
# ## 10. Quiz
# Answer in the widget (JupyterLab) — every attempt is recorded in your progress. To answer in plain
# Python instead, keep the quiz in a variable (`quiz = labkit.quiz("lambda")`) and call
# `quiz.answer("<question id>", <answer>)`; `quiz.questions` lists the ids.

# %%
labkit.quiz("lambda")

# %% [markdown]
# ## Recap
# - **Lambda** runs code on events and bills per request and GB-second; the seed's serverless
#   architecture puts API Gateway in front of one function per resource and DynamoDB behind them.
# - Its limits (Lambda 특성): **15 min** per run, **128-10,240 MB** memory (CPU grows with it),
#   **/tmp up to 10 GB**, **1,000** concurrent executions per region by default (adjustable),
#   packages **50 MB zipped / 250 MB unzipped**, container images up to **10 GB**.
# - An API Gateway proxy handler reads `event["pathParameters"]`, returns `statusCode`, `headers` and
#   a **string** `body`; DynamoDB numbers are `Decimal`, so give `json.dumps` a `default=`.
# - **Powertools** adds structured JSON logs, X-Ray traces and EMF metrics (with a `ColdStart`
#   metric); the lab does not have it, and `lab.invoke` reports `Runtime.ImportModuleError` as Lambda would.
# - A **cold start** (콜드 스타트) creates an environment and runs init code; warm environments are
#   reused. **Reserved concurrency** guarantees and caps (free); **provisioned concurrency** keeps
#   environments initialised on a version or alias (paid; not in moto).
# - Release with **versions** and **aliases**; give the execution role only what the code calls.
# - 2025: **Managed Instances** (Lambda on EC2 compute) and **Durable Functions** (workflows up to a year).
#
# Close the lab:

# %%
lab.stop()
lab
