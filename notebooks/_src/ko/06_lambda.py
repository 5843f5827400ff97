# %% [markdown]
# # 06 · AWS Lambda — 서버 없이 실행하는 함수(서버리스 컴퓨팅)
#
# AWS Lambda는 무언가 일이 일어났을 때, 그리고 그때에만 코드를 실행합니다. API Gateway를 거쳐 들어온 HTTP 요청,
# S3에 도착한 파일, 큐에 들어온 메시지가 그런 일입니다. 사용자는 코드를 업로드하기만 하면 됩니다. Lambda가
# 실행할 머신을 찾고, 런타임을 시작하고, 함수를 실행하고, 요청이 몰리면 규모를 늘리고, 요청이 멈추면 과금도
# 멈춥니다. 패치하거나 크기를 정하거나 계속 켜 두어야 할 서버가 사용자에게는 없습니다. 이것이
# **서버리스**(serverless)의 의미입니다.
#
# **이 노트북에서 할 일**
# 1. 학습 자료의 서버리스 아키텍처(API Gateway → Lambda → DynamoDB)와 Lambda의 제한(Lambda 특성)을 살펴봅니다.
#    최대 15분, 128~10,240MB, `/tmp` 최대 10GB, 동시 실행 1,000개, 배포 패키지 크기입니다.
# 2. 학습 자료의 사용자 조회 핸들러를 읽고, 이 코드가 왜 **Powertools**(구조화된 로그, 추적, 지표) 없이는 실행되지
#    않는지 확인합니다. 그런 다음 Powertools 없이 같은 방식으로 핸들러를 작성합니다.
# 3. 핸들러를 zip으로 패키징해 함수를 만들고, `lab.invoke`로 호출해 200, 404, 400 응답을 받아 봅니다.
# 4. **콜드 스타트**(cold start)가 일어나는 모습을 관찰하고, **예약된 동시성**(reserved concurrency)과
#    **프로비저닝된 동시성**(provisioned concurrency)의 차이, 버전과 별칭을 배웁니다.
# 5. 2025년에 바뀐 점인 Lambda Managed Instances와 Durable Functions를 알아봅니다.
#
# 채점되는 실습 과제는 `lambda.users_api` 하나입니다.

# %% [markdown]
# ## 1. `Users` 테이블이 있는 랩 열기
#
# 시나리오 `users-table`은 학습 자료의 예제 뒤에 있는 데이터를 계정에 준비해 줍니다. **파티션 키**(partition key)가
# `userId`이고 **온디맨드**(on-demand, 요청마다 과금되므로 용량을 계획할 필요가 없음)로 과금되는 DynamoDB 테이블
# `Users`에 사용자 세 명이 들어 있습니다. DynamoDB는 Lambda 함수가 가장 자주 사용하는 서버리스 데이터베이스입니다.
# 관리할 인스턴스도, 풀로 관리할 연결도 없고, 읽기 한 번이 HTTPS 호출 한 번입니다.

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
# 리소스 API(`lab.resource("dynamodb").Table(...)`)는 평범한 Python 값을 돌려주지만 예외가 하나 있습니다.
# **DynamoDB의 숫자는 `int`나 `float`가 아니라 항상 `Decimal`로 돌아옵니다.** 숫자 속성이 있는 네 번째 사용자를
# 추가해 보세요. 나중에 함수가 항목을 JSON으로 바꿀 때 이 점이 문제가 됩니다.

# %%
users.put_item(Item={"userId": "u-1004", "name": "Choi Yuna", "email": "yuna@example.com", "visits": 42})
print(repr(users.get_item(Key={"userId": "u-1004"})["Item"]["visits"]))

# %% [markdown]
# ## 2. 서버리스와 그 안에서 Lambda의 자리(Serverless 아키텍처)
#
# 학습 자료의 서버리스 아키텍처는 이렇습니다. 브라우저는 CloudFront를 거쳐 S3에서 정적 React/Vue 사이트를 불러오고,
# **API Gateway**를 호출합니다. API Gateway는 요청을 검증하고, 요청 속도를 제한하고, API 키를 확인하고, 요청과
# 응답을 변환합니다. API Gateway는 리소스(Users, Orders, Products)마다 Lambda 함수 하나를 호출하고, 함수들은
# DynamoDB 테이블 하나를 공유합니다(단일 테이블 설계, 온디맨드 용량, 글로벌 보조 인덱스). 요청 안에 끝낼 필요가
# 없는 작업은 **SQS** 큐를 거쳐 S3에 보관하는 처리 함수로 넘어가고(비동기 처리), 스트리밍 레코드는
# **Kinesis**를 거쳐 OpenSearch에 색인하는 변환 함수로 넘어갑니다(실시간 처리).

# %%
concepts.show("serverless")

# %% [markdown]
# 이 노트북에서는 **Users** 경로를 만듭니다. `GET /users/{userId}` → 함수 `get-user` → 테이블 `Users`입니다.
#
# ## 3. Lambda의 제한(Lambda 특성)
#
# Lambda에 관한 모든 설계 결정은 다음 수치에서 출발합니다(학습 자료의 표에, 실제로 무엇을 뜻하는지를 덧붙였습니다).
#
# | 제한 | 영어 | 값 | 실제로는 |
# |---|---|---|---|
# | 최대 실행 시간 | Maximum run time | **15분**(900초) | `Timeout`은 따로 설정하지 않으면 3초입니다. 더 긴 작업은 Step Functions, ECS 또는 (2025년부터) Durable Functions로 옮기세요 |
# | 메모리 | Memory | **128MB ~ 10,240MB** | CPU는 메모리에 비례해 할당됩니다. 1,769MB에서 vCPU 약 1개, 10,240MB에서 최대 vCPU 6개이며, GB-초당 요금도 함께 늘어납니다 |
# | 임시 스토리지 | Temporary storage | `/tmp`에 **최대 10GB** | 기본값은 512MB(`EphemeralStorage`)입니다. 웜 상태인 실행 환경에서는 호출 사이에 유지되지만, 다른 환경과 공유되지는 않습니다 |
# | 동시 실행 | Concurrency | 리전별 계정당 기본 **1,000**(**조정 가능**) | 처리 중인 요청 하나마다 실행 환경 하나가 필요합니다. 100은 항상 예약되지 않은 상태로 남습니다 |
# | 배포 패키지 크기 | Deployment package | **압축 50MB**(직접 업로드), **압축 해제 250MB** | 레이어도 250MB에 포함됩니다. 더 큰 zip은 S3를 거쳐 업로드합니다 |
# | 컨테이너 이미지 | Container image | **최대 10GB** | 의존성이 큰 경우(ML 모델, 네이티브 라이브러리)에 씁니다 |
#
# 알아 둘 만한 수치가 두 가지 더 있습니다. 동기 호출의 요청이나 응답 페이로드는 최대 **6MB**이고, 함수 하나는
# 10초마다 최대 1,000개씩 동시 실행을 늘릴 수 있습니다. 새로 만든 계정은 동시성과 메모리 할당량이 더 낮게 시작할
# 수 있으며, 사용량이 늘면 AWS가 올려 줍니다(내 할당량은 Service Quotas에서 확인할 수 있습니다).
#
# ## 4. 학습 자료의 핸들러와 Powertools
#
# 학습 자료에 나오는 사용자 조회 코드를 그대로 옮겼습니다.

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
# 이 코드는 API Gateway **프록시 통합**(proxy integration)을 전제로 읽어야 합니다. API Gateway는 HTTP 요청 전체를
# `event`로 넘겨주고(경로의 `{userId}`는 `event["pathParameters"]["userId"]`로 도착합니다), 함수가 반환한 딕셔너리,
# 즉 `statusCode`, `headers`, 그리고 반드시 **문자열**이어야 하는 `body`를 다시 HTTP 응답으로 바꿉니다. 테이블
# 객체는 핸들러 *바깥*에서 실행 환경마다 한 번 만들어지므로, 이후의 모든 요청이 그 객체를 재사용합니다.
#
# 세 데코레이터는 **Powertools for AWS Lambda**(`aws_lambda_powertools` 패키지)에서 옵니다. 함수가 갖춰야 할
# 관측성(observability)을 위해 AWS가 제공하는 오픈 소스 도구 모음입니다.
#
# | Powertools | 하는 일 | 직접 구현한다면 |
# |---|---|---|
# | `Logger` + `@logger.inject_lambda_context` | **구조화된 로깅**(structured logging): 로그 한 줄이 JSON 객체 하나이며 `level`, `message`, `service`, `cold_start`, `function_name`, `function_request_id` 등을 담습니다. `logger.exception`은 트레이스백을 덧붙입니다 | `print(json.dumps({...}))` |
# | `Tracer` + `@tracer.capture_lambda_handler` | AWS X-Ray를 이용한 **추적**(tracing): 호출마다 세그먼트 하나를 만들고 DynamoDB 호출을 하위 세그먼트로 기록하므로, 느린 요청이 어디서 시간을 썼는지 보입니다(함수 설정 `TracingConfig={"Mode": "Active"}`) | X-Ray SDK |
# | `Metrics` + `@metrics.log_metrics(capture_cold_start_metric=True)` | `UserFetched`, `UserFetchError` 같은 **사용자 지정 지표**(custom metrics): CloudWatch **Embedded Metric Format**(EMF) 로그 줄로 기록하면 CloudWatch가 지표로 바꿔 줍니다. API 호출도, 지연도 없습니다. 이 플래그는 실행 환경마다 첫 호출에 `ColdStart` 지표를 추가합니다 | EMF JSON 객체 하나를 print |
#
# 이것이 중요한 이유가 있습니다. JSON 로그는 CloudWatch Logs Insights에서 필드로 검색할 수 있고(`filter level =
# "ERROR" and cold_start = 1`), 로그에서 뽑아낸 지표에는 추가 요청 비용이 들지 않습니다.
#
# 학습 자료의 코드를 그대로 패키징해 함수를 만들고 호출해 보겠습니다. 함수에는 Lambda가 수임(assume)할 수 있는
# **실행 역할**(execution role)이 필요합니다. 여기서 만드는 역할에는 아직 아무 권한도 없습니다.

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
# `Runtime.ImportModuleError`는 패키지가 자신에게 들어 있지 않은 라이브러리를 import할 때 Lambda가 실제로 내는
# 오류 그대로입니다. Lambda의 Python 런타임에는 표준 라이브러리와 boto3만 들어 있습니다. AWS에서는
# `pip install aws-lambda-powertools -t package/`로 설치해 코드와 함께 zip으로 묶거나, AWS가 공개한 **Powertools
# 레이어**(layer)를 함수에 추가합니다(`Layers=[<layer ARN>]`).
#
# > **moto와 AWS의 차이:** `lab.invoke`는 패키지를 이 커널 안에서 실행합니다. 레이어는 불러오지 않고, 이 환경에는
# > `aws_lambda_powertools`가 설치되어 있지 않으므로, 랩에서 학습 자료의 핸들러는 이렇게 실패할 수밖에 없습니다.
# > 아래의 함수는 학습 자료의 로직을 그대로 두고 로깅과 지표 기록을 직접 구현합니다. Powertools가 대신 써 주는 내용이
# > 무엇인지 눈으로 볼 수 있습니다.
# >
# > 이 노트북의 함수 앞에는 API Gateway도 없습니다. `api_event`가 API Gateway가 보낼 이벤트를 만들어 주고, `call`은
# > API Gateway가 응답을 HTTP로 바꾸는 방식대로 응답을 읽습니다.
#
# ## 5. 학습 자료의 방식을 따른 핸들러
#
# 요청도 같고 응답도 같습니다(항목과 함께 200, JSON 오류와 함께 404, 실패하면 500). 여기에 경로 파라미터가 없을
# 때의 400, `print`로 쓰는 JSON 로그 줄과 EMF 지표를 더하고, 학습 자료의 코드에 꼭 필요한 수정 하나를 넣습니다.
# `json.dumps`는 `Decimal`을 인코딩하지 못합니다.

# %%
try:
    json.dumps({"visits": Decimal("42")})
except TypeError as err:
    print("TypeError:", err)

# %% [markdown]
# 학습 자료의 핸들러라면 이 `TypeError`를 `except Exception`이 잡아서, 숫자 속성이 있는 사용자에 대해서는 매번 500을
# 돌려주었을 것입니다. 우리 핸들러는 `default=`로 숫자를 변환합니다.

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
# ### 패키징하기(배포 패키지)
#
# Python 함수의 패키지는 핸들러 모듈을 최상위에 둔 zip 파일입니다(의존성이 있다면 그 옆에 둡니다).
# `zip_package`는 메모리 안에서 zip을 만들며, 파일 날짜를 고정해 같은 코드가 항상 같은 바이트를 만들게 합니다.
# 셸에서라면 `zip function.zip handler.py`를 실행합니다.

# %%
package = zip_package({"handler.py": HANDLER})
with zipfile.ZipFile(io.BytesIO(package)) as archive:
    for info in archive.infolist():
        print(f"{info.filename}: {info.file_size:,} bytes of code, {info.compress_size:,} compressed")

# %% [markdown]
# ### 함수 만들기
#
# `Handler`는 *모듈.함수* 형식으로 지정합니다. `Environment` 변수는 코드를 바꾸지 않고 동작을 설정합니다. 3절에서
# 본 제한은 여기서 고르는 `Timeout`과 `MemorySize`에 적용됩니다.

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
# ### 호출하기: 200, 404, 400
#
# `lab.invoke(name, event)`는 Lambda의 Python 런타임과 같은 방식으로 패키지를 실행하고, boto3의 `invoke`처럼
# 응답합니다. `StatusCode` 200(Lambda 자체는 실행되었음), 핸들러의 결과를 JSON 바이트로 담은 `Payload`, 그리고
# 코드가 실패했을 때의 `FunctionError`입니다. 4절의 `call` 도우미 함수가 프록시 응답을 HTTP 상태 코드와 본문으로
# 풀어 줍니다.

# %%
labkit.table([call("get-user", "u-1001"), call("get-user", "u-1004"), call("get-user", "u-9999"),
              call("get-user", None)], title="get-user")

# %% [markdown]
# `u-1004`의 `visits`는 JSON 숫자 42로 도착합니다. 404도 *성공한* 호출이라는 점에 주의하세요(함수가 실행되어
# 응답했습니다). 핸들러 밖으로 빠져나간 예외만 `FunctionError`가 됩니다.
#
# > **moto와 AWS의 차이:** moto는 원래 함수를 Docker 안에서만 실행하는데, 노트북 커널에는 Docker가 없습니다.
# > labkit은 대신 패키지를 커널 안에서 실행하므로, 랩에서는
# > `lam.invoke(FunctionName="get-user", Payload=json.dumps(event))`와 `lab.invoke("get-user", event)`가 모두
# > 동작합니다. `lab.invoke`는 이벤트를 파이썬 값으로 받고 `Payload`를 스트림이 아니라 바이트로 돌려줍니다
# > (`json.loads`는 둘 다 읽을 수 있습니다).
#
# ### 로그와 지표
#
# boto3에서 `LogType="Tail"`을 지정할 때처럼 로그의 끝부분을 요청합니다(`LogResult`는 마지막 4KB를 base64로
# 인코딩한 값입니다). 도우미 함수는 JSON 로그 줄은 그대로 출력하고, EMF 줄은 타임스탬프를 빼고 요약해서
# 출력합니다.

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
# `START`, `END`, `REPORT`는 요청마다 런타임이 앞뒤에 직접 쓰는 줄입니다. AWS에서는 `REPORT` 줄에 `Duration`,
# `Billed Duration`, `Max Memory Used`가 함께 기록되고, 콜드 스타트 직후에만 `Init Duration`도 기록됩니다. 이
# 로그는 모두 로그 그룹 `/aws/lambda/get-user`에 쌓입니다.
#
# > **moto와 AWS의 차이:** 랩에서는 CloudWatch Logs에 아무것도 기록되지 않습니다(위의 로그 끝부분이 전부입니다).
# > 따라서 EMF 줄에서 지표가 추출되지도 않습니다.
#
# 2023년 말부터는 Lambda가 **고급 로깅 제어**(advanced logging controls)로 *자체* 로그도 JSON 형식으로 기록하고
# 수준별로 걸러 낼 수 있습니다. `LoggingConfig={"LogFormat": "JSON", "ApplicationLogLevel": "INFO",
# "SystemLogLevel": "WARN", "LogGroup": ...}`와 같이 설정하면, 라이브러리 없이 Python의 `logging` 모듈만으로 JSON
# 줄이 기록됩니다.

# %%
lam.update_function_configuration(FunctionName="users-seed", LoggingConfig={"LogFormat": "JSON"})
print("LoggingConfig stored:", lam.get_function_configuration(FunctionName="users-seed").get("LoggingConfig"))

# %% [markdown]
# > **moto와 AWS의 차이:** 랩은 `LoggingConfig`를 받아들이지만 저장하지는 않습니다(위에서 `None`). AWS는
# > `{"LogFormat": "JSON", "ApplicationLogLevel": "INFO", "SystemLogLevel": "INFO", ...}`처럼 응답합니다.
#
# ### 역할에 권한이 없는데도 읽기가 성공했습니다
#
# `get-user-role`에는 정책이 하나도 없는데도 함수는 `Users`를 읽었습니다. AWS였다면 `get_item`은
# `AccessDeniedException`으로 실패하고, 핸들러는 500을 돌려주었을 것입니다. 지금 상태의 역할에 대해 AWS가 어떻게
# 판단할지 정책 평가기에 물어보겠습니다.

# %%
USERS_ARN = table["TableArn"]
caller = "arn:aws:sts::123456789012:assumed-role/get-user-role/get-user"
print("dynamodb:GetItem on Users:", evaluate([], "dynamodb:GetItem", USERS_ARN, principal=caller).decision)

# %% [markdown]
# > **moto와 AWS의 차이:** 랩은 IAM을 강제하지 않으므로, 여기서는 함수가 권한 부족으로 실패하는 일이
# > 없습니다. 그래서 과제의 채점기는 대신 역할의 정책을 평가합니다. 정책은 테이블 ARN에 대한 `dynamodb:GetItem`을
# > 허용해야 하고, 그 밖의 DynamoDB 작업은 허용하지 않아야 합니다(최소 권한 원칙, least privilege).
#
# 함수의 로그가 CloudWatch에 도착하는지도 역할이 결정합니다. Lambda는 *함수의 역할로* 로그를 쓰므로, 역할에는
# 로그 그룹 `/aws/lambda/<함수 이름>`에 대한 `logs:CreateLogStream`과 `logs:PutLogEvents` 권한이 필요합니다(AWS
# 관리형 정책 `AWSLambdaBasicExecutionRole`이 여기에 `logs:CreateLogGroup`까지 더해 부여합니다). 이 권한이
# 없어도 함수는 실행되지만, 로그는 아무 경고 없이 사라집니다.
#
# ## 6. 콜드 스타트
#
# **실행 환경**(execution environment)이 처음 처리하는 요청은 환경을 만드는 비용을 치릅니다. Lambda는 패키지를
# 가져오고, 마이크로 VM과 런타임을 시작한 다음, *초기화 코드*(init code)를 실행합니다. 초기화 코드는 모듈
# 수준의 코드로, `boto3.resource(...)`와 `_cold_start = True`가 여기에 있습니다. 이것이 **콜드 스타트**입니다.
# 보통 100ms에서 1초가 넘게 걸리고, 패키지가 크거나 무거운 모듈을 import하면 더 걸립니다. 그 뒤로 실행 환경은
# **웜**(warm) 상태로 남아 한 번에 요청 하나씩 여러 번 처리하다가, 한동안 유휴 상태로 있거나 코드나 구성이 바뀌면
# 사라집니다. 동시에 들어온 요청은 각자 실행 환경이 필요하므로, 트래픽이 몰리면 콜드 스타트도 몰립니다.
#
# 우리 핸들러는 Powertools처럼 `cold_start`를 로그에 남깁니다. 세 번 호출해 보겠습니다.

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
# 모두 웜 상태입니다. 앞의 호출을 처리한 실행 환경이 아직 남아 있기 때문입니다. 구성을 바꾸면(새 환경 변수)
# Lambda는 새 실행 환경을 시작해야 합니다.

# %%
lam.update_function_configuration(FunctionName="get-user",
                                  Environment={"Variables": {"TABLE_NAME": "Users", "LOG_LEVEL": "INFO"}})
print("after a configuration change:  ", cold_flags("get-user", ["u-1001", "u-1002", "u-1003"]))

# %% [markdown]
# 콜드 스타트를 줄이거나 가볍게 만드는 방법은 다음과 같습니다.
# - 패키지를 작게 유지하고 쓰는 것만 import합니다. 클라이언트는 초기화 코드에서 한 번만 만듭니다.
# - 메모리를 늘리면 CPU도 늘어나므로 초기화 코드가 더 빨리 실행됩니다.
# - **프로비저닝된 동시성**은 요청이 도착하기 전에 실행 환경을 미리 초기화해 둡니다(아래 참고).
# - **SnapStart**(Java는 2022년부터, Python과 .NET은 2024년 말부터)는 초기화 코드를 실행하는 대신, 초기화를 마친
#   실행 환경의 스냅샷을 복원합니다.
#
# > **moto와 AWS의 차이:** 랩은 함수 버전, 코드, 구성의 조합마다 웜 상태의 실행 환경을 하나씩 유지하고,
# > 만료시키지 않습니다. 호출에 걸리는 시간은 코드 실행 시간뿐이고, 측정할 시작 비용이 없습니다.
#
# ## 7. 동시성: 예약된 동시성과 프로비저닝된 동시성
#
# **동시성**(concurrency)은 함수가 같은 순간에 처리하고 있는 요청의 수입니다. 대략 초당 요청 수 × 평균 실행
# 시간(초)입니다. 한 계정의 모든 함수는 리전의 동시성 풀(**기본 1,000**, 조정 가능)을 함께 쓰고, 두 가지 설정으로
# 이 풀을 나눕니다.
#
# | | 예약된 동시성 | 프로비저닝된 동시성 |
# |---|---|---|
# | 하는 일 | 풀의 일부를 함수 하나에 떼어 주고, 그 함수의 동시성 상한도 그 값으로 제한합니다 | 그 수만큼의 실행 환경을 초기화해 대기시킵니다(그 환경들에서는 콜드 스타트가 없음) |
# | 설정 대상 | 함수(모든 버전에 적용) | 게시된 버전이나 별칭. `$LATEST`에는 설정할 수 없음 |
# | 비용 | 무료 | 사용 여부와 관계없이 설정되어 있는 시간만큼 과금 |
# | 용도 | 중요한 함수의 용량 보장, 데이터베이스를 과도한 연결로부터 보호, 함수 정지(0으로 설정) | 대화형 API의 지연 시간을 고르게 유지, 예정된 피크 전에 미리 준비 |
# | API | `put_function_concurrency` | `put_provisioned_concurrency_config` |
#
# 계정의 동시성 중 최소 100은 예약하지 않은 함수들을 위해 항상 **예약되지 않은** 상태로 남습니다. 따라서 기본값
# 1,000이라면 모두 합쳐 900까지 예약할 수 있습니다. `get-user`에 10을 예약해 보겠습니다.

# %%
lam.put_function_concurrency(FunctionName="get-user", ReservedConcurrentExecutions=10)
print("get-user reserved concurrency:", lam.get_function_concurrency(FunctionName="get-user")["ReservedConcurrentExecutions"])

# %% [markdown]
# > **moto와 AWS의 차이:** 랩은 950도 받아들입니다. 계정의 풀을 확인하지 않기 때문입니다. AWS는 예약되지
# > 않은 동시성이 100 미만으로 남는 요청을 모두 거부합니다(`InvalidParameterValueException`).
#
# ### 버전과 별칭
#
# `$LATEST`는 업데이트할 때마다 바뀝니다. `publish_version`은 현재 코드와 구성을 변경할 수 없는, 번호가 붙은
# **버전**(version)으로 고정합니다. **별칭**(alias)은 버전을 가리키는 이름 붙은 포인터로, 호출하는 쪽(API Gateway나
# 다른 서비스)은 별칭을 사용합니다. 그래서 별칭을 옮겨서 릴리스하고, 다시 되돌려서 롤백합니다. 별칭은 두 버전
# 사이에 트래픽을 나눌 수도 있어서(`RoutingConfig`) 카나리 릴리스에도 씁니다.

# %%
version = lam.publish_version(FunctionName="get-user", Description="first release")["Version"]
alias = lam.create_alias(FunctionName="get-user", Name="live", FunctionVersion=version)
print("alias", alias["Name"], "->", "version", alias["FunctionVersion"], "|", alias["AliasArn"])
labkit.table([call("get-user:live", "u-1003")], title="invoked through the alias")

# %% [markdown]
# 학습 자료는 Serverless Framework로 실행 환경 다섯 개를 웜 상태로 유지합니다.
#
# ```yaml
# # serverless.yml
# functions:
#   api:
#     handler: handler.main
#     provisionedConcurrency: 5  # 항상 5개 인스턴스 웜 상태 유지
#     events:
#       - http:
#           path: /users/{userId}
#           method: get
# ```
#
# 프레임워크는 버전을 게시하고, 별칭이 그 버전을 가리키게 한 다음, 별칭에 프로비저닝된 동시성을 설정합니다.
# boto3로는 다음과 같습니다.

# %%
try:
    lam.put_provisioned_concurrency_config(FunctionName="get-user", Qualifier="live",
                                           ProvisionedConcurrentExecutions=5)
except ClientError as err:
    print("PutProvisionedConcurrencyConfig:", err.response["Error"]["Code"], err.response["Error"]["Message"])

# %% [markdown]
# > **moto와 AWS의 차이:** moto는 프로비저닝된 동시성을 구현하지 않습니다(`*ProvisionedConcurrencyConfig*` 호출은
# > 모두 "Not yet implemented"로 응답합니다). AWS에서는 이 호출이 `Status: "IN_PROGRESS"`를 반환하고, 실행 환경
# > 다섯 개의 초기화가 끝나면 `READY`가 됩니다. 그때부터 구성을 삭제할 때까지 비용이 발생합니다. 위에서 본 예약된
# > 동시성은 랩에서도 동작합니다.
#
# ### 랩의 제한
#
# 랩은 Lambda의 제한 중 어떤 것을 강제할까요? AWS가 거부하는 설정 몇 가지를 시도해 보겠습니다.

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
# > **moto와 AWS의 차이:** 랩은 Lambda의 제한을 넘는 메모리 크기, 제한 시간, `/tmp` 크기도 저장합니다
# > (`create_function`은 `/tmp` 크기를 확인하지만 `update_function_configuration`은 확인하지 않습니다). 과제의
# > 채점기는 메모리와 제한 시간을 학습 자료의 표와 비교하므로, 128~10,240MB와 900초 안에서 설정하세요.
#
# ## 8. 2025년에 바뀐 점(2025년 Lambda 주요 업데이트)
#
# - **Lambda Managed Instances**: Lambda 함수를 EC2 컴퓨팅에서 실행합니다. 내 계정에 있는 인스턴스를 Lambda가
#   프로비저닝하고, 패치하고, 규모를 조정합니다. 그래서 함수가 특정 인스턴스 유형과 특수 하드웨어를 쓸 수 있고,
#   꾸준히 많은 양을 처리하는 워크로드는 EC2 요금 체계(Savings Plans, 예약 인스턴스)를 활용할 수 있습니다. 실행
#   환경 하나가 여러 요청을 동시에 처리할 수도 있습니다. 인스턴스는 **용량 공급자**(capacity provider)에 정의하고,
#   함수를 그 용량 공급자에 연결합니다.
# - **Lambda Durable Functions**: 평범한 함수 코드로 여러 단계로 이루어진 장기 실행 워크플로를 **최대 1년까지**
#   조정합니다. 각 단계의 결과가 체크포인트로 저장되므로, 함수는 실행하지도 요금을 내지도 않으면서 기다릴 수
#   있고(타이머나, 사람의 승인 같은 콜백을), 체크포인트에서 다시 이어서 실행합니다. 다만 개별 호출 하나하나에는
#   여전히 15분 제한이 적용됩니다.
#
# 이 커널의 boto3는 두 API를 이미 알고 있지만, 랩은 구현하지 않습니다.

# %%
operations = lam.meta.service_model.operation_names
print("capacity provider calls:", ", ".join(sorted(o for o in operations if "CapacityProvider" in o)))
print("durable execution calls:", len([o for o in operations if "DurableExecution" in o]))
try:
    lam.list_capacity_providers()
except ClientError as err:
    print("ListCapacityProviders in the lab:", err.response["Error"]["Message"])

# %% [markdown]
# > **moto와 AWS의 차이:** `create_function`은 `CapacityProviderConfig`와 `DurableConfig`를 받아들이지만(boto3가
# > 알고 있는 파라미터이므로), 랩에는 그 뒤에서 동작할 Managed Instances나 Durable 실행이 없습니다.
#
# ## 9. 실습 과제: `lambda.users_api`
#
# **시작 상태:** 빈 계정입니다. 테이블도 직접 만듭니다.
#
# **할 일:** 학습 자료의 서버리스 API에서 Users 경로를 제대로 구축합니다.
# 1. 파티션 키가 `userId`(문자열)이고 온디맨드로 과금되는 DynamoDB 테이블 `Users`를 만들고, 사용자를 몇 명
#    넣습니다.
# 2. Lambda가 수임할 수 있는 실행 역할 `get-user-role`을 만듭니다. 이 역할의 정책은 DynamoDB에서 `Users` 테이블
#    ARN에 대한 `dynamodb:GetItem`**만** 허용해야 합니다(`dynamodb:*`도, `"Resource": "*"`도 안 됩니다). 자기 로그를
#    쓸 수 있게 허용하는 것은 좋은 습관이며 감점되지 않습니다.
# 3. 위의 `HANDLER`와 같은 핸들러를 zip으로 묶어 Python 런타임의 함수 `get-user`를 만듭니다. `userId`는
#    `event["pathParameters"]["userId"]`에서 읽고(채점기는 API Gateway 프록시 이벤트를 보냅니다), 있는 `userId`에는
#    항목을 JSON으로 담아 200을, 없는 `userId`에는 JSON 오류 본문과 함께 404를 돌려줍니다.
# 4. 버전을 게시하고 그 버전을 가리키는 별칭 `live`를 만든 뒤, 예약된 동시성을 설정합니다.
#
# 채점기는 계정에서 구성을 읽고, 역할의 정책을 평가하고, 테이블에 있는 사용자 ID 하나와 없는 ID 하나로
# `get-user`를 호출합니다.

# %%
print(labkit.task("lambda.users_api").text)
lab = labkit.start(labkit.task("lambda.users_api").starter, seed=0, replace=True)
ddb, iam, lam = lab.client("dynamodb"), lab.client("iam"), lab.client("lambda")

# %% [markdown]
# 먼저 테이블입니다. `get_item`에는 기본 키 전체가 필요하므로, `userId`만으로 키를 구성한 테이블이라면
# `GET /users/{userId}`에 읽기 한 번으로 응답할 수 있습니다.

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
# 다음은 역할입니다. Lambda가 신뢰하고, 테이블 하나에 대한 작업 하나만 허용하며, 모든 함수의 역할이 그렇듯 자기
# 로그 스트림에 쓸 수 있게 허용합니다.

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
# 그다음 함수, 버전, 별칭, 예약된 동시성입니다.

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
# API Gateway처럼 별칭을 거쳐 내 API를 호출해 보겠습니다.

# %%
try:
    display(labkit.table([call("get-user:live", "u-1001"), call("get-user:live", "u-0000")],
                         title="get-user:live"))
except labkit.LabkitError as err:
    print("Not yet:", err)

# %% [markdown]
# 내 계정의 IAM 뷰는 최소 권한 원칙을 함수 쪽에서 보여 줍니다. Lambda 서비스가 신뢰하는 `get-user-role`과, 그
# 역할에 연결된 정책 하나가 보입니다.

# %%
labkit.diagram(view="iam")

# %% [markdown]
# > **참고:** labkit의 다이어그램 뷰는 네트워크, 자격 증명, 스토리지를 그립니다. Lambda 함수나 DynamoDB 테이블은
# > 그리지 않습니다. 이들이 어디에 자리 잡는지는 2절의 서버리스 그림을 참고하세요.
#
# ## 10. 퀴즈
#
# JupyterLab에서는 위젯으로 답하세요. 모든 시도는 학습 진행 기록에 남습니다. 일반 Python 코드로 답하려면 퀴즈를
# 변수에 담아 두고(`quiz = labkit.quiz("lambda")`) `quiz.answer("<질문 id>", <답>)`을 호출합니다. 질문 id 목록은
# `quiz.questions`에 있습니다.

# %%
labkit.quiz("lambda")

# %% [markdown]
# ## 정리
# - **Lambda**는 이벤트가 생기면 코드를 실행하고, 요청 수와 GB-초 단위로 과금합니다. 학습 자료의 서버리스
#   아키텍처에서는 API Gateway 뒤에 리소스마다 함수 하나를 두고, 그 뒤에 DynamoDB를 둡니다.
# - Lambda의 제한(Lambda 특성): 실행 한 번에 **최대 15분**, 메모리 **128~10,240MB**(CPU도 함께 늘어남),
#   **/tmp 최대 10GB**, 리전별 동시 실행 기본 **1,000**(조정 가능), 배포 패키지 **압축 50MB / 압축 해제 250MB**,
#   컨테이너 이미지 최대 **10GB**.
# - API Gateway 프록시 핸들러는 `event["pathParameters"]`를 읽고 `statusCode`, `headers`, 그리고 **문자열**
#   `body`를 반환합니다. DynamoDB의 숫자는 `Decimal`이므로 `json.dumps`에 `default=`를 넘겨야 합니다.
# - **Powertools**는 구조화된 JSON 로그, X-Ray 추적, EMF 지표(`ColdStart` 지표 포함)를 더해 줍니다. 랩에는
#   Powertools가 없으며, `lab.invoke`는 Lambda와 똑같이 `Runtime.ImportModuleError`를 보고합니다.
# - **콜드 스타트**는 실행 환경을 만들고 초기화 코드를 실행하는 과정이며, 웜 상태의 실행 환경은 재사용됩니다.
#   **예약된 동시성**은 용량을 보장하는 동시에 상한을 정하고(무료), **프로비저닝된 동시성**은 버전이나 별칭에
#   실행 환경을 미리 초기화해 둡니다(유료, moto에는 없음).
# - **버전**과 **별칭**으로 릴리스하고, 실행 역할에는 코드가 호출하는 것만 허용하세요.
# - 2025년: **Managed Instances**(EC2 컴퓨팅에서 실행하는 Lambda)와 **Durable Functions**(최대 1년짜리 워크플로).
#
# 랩을 닫습니다.

# %%
lab.stop()
lab
