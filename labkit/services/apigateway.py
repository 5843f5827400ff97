"""API Gateway (REST APIs, v1): every API with its resources, methods, integrations,
stages and deployments; and the ``serverless-api`` scenario (the seed's serverless
pattern, small).

``rest_apis`` (by name) holds what ``get_rest_apis`` returns for each API (``id``,
``name``, ``endpointConfiguration``, ``apiKeySource``, ``tags``...; ``policy`` as a
dict when it is JSON) plus:

- ``resources``: ``get_resources(embed=["methods"])``, by path: ``path``,
  ``pathPart``, ``resourceMethods`` with each method's ``authorizationType``,
  ``apiKeyRequired``, ``requestParameters`` and ``methodIntegration`` (``type``
  such as ``AWS_PROXY``, ``httpMethod``, ``uri``: for a Lambda integration
  ``arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<function ARN>/invocations``);
- ``stages`` (by name: ``deploymentId``, ``variables``, ``methodSettings``...) and
  ``deployments`` (by id, with their description).

Creation and update dates differ on every run and are dropped; the ids API Gateway
gives APIs, resources and deployments come from the lab's seeded random source, so
they repeat with the seed. Four calls per API, one for an account without APIs,
none when API Gateway was never used in the process (``EMPTY``).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..scenario import scenario
from ..snapshot import by_key, paginate

if TYPE_CHECKING:
    from ..lab import Lab

NAME = "apigateway"
TITLE = "API Gateway"
# A lab whose process never imported moto.apigateway.models never used the service: its
# section is EMPTY, answered without a call (see labkit/services/__init__.py).
MOTO_MODELS = "moto.apigateway.models"
EMPTY: dict[str, Any] = {"rest_apis": []}



def _policy(value: Any) -> Any:
    """A resource policy as a dict (API Gateway returns it as JSON text, sometimes with escaped quotes)."""
    if not isinstance(value, str):
        return value
    for candidate in (value, value.replace('\\"', '"')):
        try:
            return json.loads(candidate)
        except ValueError:
            continue
    return value


def _rest_api(ag: Any, api: dict[str, Any]) -> dict[str, Any]:
    api_id = api["id"]
    entry = dict(api)
    if "policy" in entry:
        entry["policy"] = _policy(entry["policy"])
    resources = paginate(ag, "get_resources", "items", restApiId=api_id, embed=["methods"])
    entry["resources"] = by_key(resources, "path", "id")
    entry["stages"] = by_key(ag.get_stages(restApiId=api_id).get("item", []), "stageName")
    entry["deployments"] = by_key(paginate(ag, "get_deployments", "items", restApiId=api_id), "id")
    return entry


def snapshot(lab: Lab) -> dict[str, Any]:
    ag = lab.client("apigateway")
    apis = paginate(ag, "get_rest_apis", "items")
    return {"rest_apis": by_key([_rest_api(ag, api) for api in apis], "name", "id")}


# -- scenario: the seed's serverless pattern, small -----------------------------------
# API Gateway -> get-user (reads Users; streams every lookup to user-activity, queues
# every unknown id on user-events) and user-events -> user-events-processor, with a DLQ.
LAMBDA_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
    ],
}

GET_USER_CODE = '''\
"""GET /users/{userId}: read Users; stream every lookup; queue every unknown id."""
import json
import os

import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
sqs = boto3.client("sqs")
kinesis = boto3.client("kinesis")


def _response(status, body):
    return {"statusCode": status, "headers": {"Content-Type": "application/json"}, "body": json.dumps(body)}


def lambda_handler(event, context):
    user_id = (event.get("pathParameters") or {}).get("userId")
    if not user_id:
        return _response(400, {"error": "userId is required"})
    item = table.get_item(Key={"userId": user_id}).get("Item")
    kinesis.put_record(StreamName=os.environ["STREAM_NAME"], PartitionKey=user_id,
                       Data=json.dumps({"userId": user_id, "found": item is not None}).encode())
    if item is None:
        sqs.send_message(QueueUrl=os.environ["QUEUE_URL"], MessageBody=json.dumps({"unknownUserId": user_id}))
        return _response(404, {"error": "User not found"})
    return _response(200, item)
'''

PROCESSOR_CODE = '''\
"""user-events consumer: one SQS batch per call; report no failures."""
import json


def lambda_handler(event, context):
    for record in event.get("Records", []):
        print("unknown user asked for:", json.loads(record["body"]).get("unknownUserId"))
    return {"batchItemFailures": []}
'''


def _role(lab: Lab, name: str, statements: list[dict[str, Any]]) -> str:
    iam = lab.client("iam")
    arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(LAMBDA_TRUST))["Role"]["Arn"]
    iam.put_role_policy(RoleName=name, PolicyName=f"{name}-access",
                        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": statements}))
    return arn


def build_serverless_api(lab: Lab) -> None:
    """Queue (with DLQ), stream, two functions and a REST API with a Lambda proxy integration."""
    from ..runtime import zip_package

    region, account = lab.region, lab.account_id
    sqs = lab.client("sqs")
    sqs.create_queue(QueueName="user-events-dlq", Attributes={"MessageRetentionPeriod": "1209600"})
    dlq_arn = f"arn:aws:sqs:{region}:{account}:user-events-dlq"
    queue_url = sqs.create_queue(QueueName="user-events", Attributes={
        "VisibilityTimeout": "60",
        "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "5"}),
    })["QueueUrl"]
    queue_arn = f"arn:aws:sqs:{region}:{account}:user-events"
    kinesis = lab.client("kinesis")
    kinesis.create_stream(StreamName="user-activity", ShardCount=1)
    stream_arn = f"arn:aws:kinesis:{region}:{account}:stream/user-activity"
    table_arn = f"arn:aws:dynamodb:{region}:{account}:table/Users"

    lam = lab.client("lambda")
    get_user_role = _role(lab, "get-user-role", [
        {"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": table_arn},
        {"Effect": "Allow", "Action": "kinesis:PutRecord", "Resource": stream_arn},
        {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": queue_arn},
    ])
    function_arn = lam.create_function(
        FunctionName="get-user", Runtime="python3.12", Role=get_user_role, Handler="lambda_function.lambda_handler",
        Code={"ZipFile": zip_package({"lambda_function.py": GET_USER_CODE})}, Timeout=10, MemorySize=256,
        Environment={"Variables": {"TABLE_NAME": "Users", "QUEUE_URL": queue_url, "STREAM_NAME": "user-activity"}},
    )["FunctionArn"]
    processor_role = _role(lab, "user-events-processor-role", [
        {"Effect": "Allow", "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
         "Resource": queue_arn},
    ])
    lam.create_function(
        FunctionName="user-events-processor", Runtime="python3.12", Role=processor_role,
        Handler="lambda_function.lambda_handler", Code={"ZipFile": zip_package({"lambda_function.py": PROCESSOR_CODE})},
        Timeout=10,  # AWS: the queue's visibility timeout (60 s) should be at least 6x the function's timeout
    )
    lam.create_event_source_mapping(EventSourceArn=queue_arn, FunctionName="user-events-processor", BatchSize=10)

    ag = lab.client("apigateway")
    api_id = ag.create_rest_api(name="users-api", endpointConfiguration={"types": ["REGIONAL"]})["id"]
    root = next(r["id"] for r in ag.get_resources(restApiId=api_id)["items"] if r["path"] == "/")
    users = ag.create_resource(restApiId=api_id, parentId=root, pathPart="users")["id"]
    user = ag.create_resource(restApiId=api_id, parentId=users, pathPart="{userId}")["id"]
    ag.put_method(restApiId=api_id, resourceId=user, httpMethod="GET", authorizationType="NONE",
                  requestParameters={"method.request.path.userId": True})
    ag.put_integration(restApiId=api_id, resourceId=user, httpMethod="GET", type="AWS_PROXY",
                       integrationHttpMethod="POST",
                       uri=f"arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function_arn}/invocations")
    lam.add_permission(FunctionName="get-user", StatementId="users-api-invoke", Action="lambda:InvokeFunction",
                       Principal="apigateway.amazonaws.com",
                       SourceArn=f"arn:aws:execute-api:{region}:{account}:{api_id}/*/GET/users/*")
    ag.create_deployment(restApiId=api_id, stageName="prod", description="first release")


@scenario(
    "serverless-api",
    "The seed's serverless pattern, small: REST API users-api (GET /users/{userId}, Lambda proxy) -> get-user, "
    "which reads Users, streams each lookup to Kinesis user-activity and queues unknown ids on SQS user-events "
    "(DLQ user-events-dlq), consumed by user-events-processor.",
    requires=("users-table",),
)
def _serverless_api(lab: Lab) -> None:
    build_serverless_api(lab)
