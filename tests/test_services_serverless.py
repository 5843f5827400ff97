"""Snapshots of SQS, Kinesis Data Streams and API Gateway: boto3's field names, policies as
dicts, no timestamps, stable order, byte-identical per seed, and no call (no 1.8 s import of
moto's API Gateway backend) when the service was never used in the process."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from typing import Any

import labkit
from labkit.scenario import build
from labkit.snapshot import dumps

SERVICES = ["sqs", "kinesis", "apigateway"]


def _variety(lab: labkit.Lab) -> None:
    """Everything the snapshots must carry, built in an order unlike the snapshot's."""
    region, account = lab.region, lab.account_id
    build(lab, "serverless-api")
    sqs = lab.client("sqs")
    sqs.create_queue(QueueName="orders.fifo", Attributes={
        "FifoQueue": "true", "ContentBasedDeduplication": "true", "KmsMasterKeyId": "alias/aws/sqs"},
        tags={"team": "orders", "env": "lab"})
    policy = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage",
        "Resource": f"arn:aws:sqs:{region}:{account}:a-queue"}]}
    url = sqs.create_queue(QueueName="a-queue")["QueueUrl"]
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": json.dumps(policy)})
    sqs.send_message(QueueUrl=url, MessageBody="hello")
    kinesis = lab.client("kinesis")
    kinesis.create_stream(StreamName="clicks", StreamModeDetails={"StreamMode": "ON_DEMAND"})
    kinesis.start_stream_encryption(StreamName="clicks", EncryptionType="KMS", KeyId="alias/aws/kinesis")
    kinesis.increase_stream_retention_period(StreamName="clicks", RetentionPeriodHours=168)
    kinesis.add_tags_to_stream(StreamName="clicks", Tags={"b": "2", "a": "1"})
    ag = lab.client("apigateway")
    api = ag.create_rest_api(name="a-mock-api", description="health check only", tags={"owner": "ops"})
    root = ag.get_resources(restApiId=api["id"])["items"][0]["id"]
    ag.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="NONE",
                  apiKeyRequired=True)
    ag.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="MOCK",
                       requestTemplates={"application/json": '{"statusCode": 200}'})


def _variety_snapshot() -> dict[str, Any]:
    with labkit.Lab(seed=0) as lab:
        _variety(lab)
        return lab.snapshot(SERVICES)


def test_empty_account_has_the_empty_shapes():
    with labkit.Lab(seed=0) as lab:
        snap = lab.snapshot(SERVICES)
    assert snap["sqs"] == {"queues": []}
    assert snap["kinesis"] == {"streams": []}
    assert snap["apigateway"] == {"rest_apis": []}


def test_shapes_and_determinism_across_two_labs_with_the_same_seed():
    first = _variety_snapshot()
    second = _variety_snapshot()
    assert dumps(first) == dumps(second)
    text = dumps(first)
    for noise in ("CreatedTimestamp", "LastModifiedTimestamp", "createdDate", "StreamCreationTimestamp",
                  "ResponseMetadata", "RequestId"):
        assert noise not in text

    queues = {q["QueueName"]: q for q in first["sqs"]["queues"]}
    assert list(queues) == ["a-queue", "orders.fifo", "user-events", "user-events-dlq"]  # by name
    events = queues["user-events"]
    assert events["QueueUrl"] == "https://sqs.ap-northeast-2.amazonaws.com/123456789012/user-events"
    assert events["Attributes"]["VisibilityTimeout"] == "60"
    assert events["Attributes"]["MessageRetentionPeriod"] == "345600"  # 4 days, SQS's default
    assert events["Attributes"]["RedrivePolicy"] == {
        "deadLetterTargetArn": "arn:aws:sqs:ap-northeast-2:123456789012:user-events-dlq", "maxReceiveCount": 5}
    assert queues["user-events-dlq"]["Attributes"]["MessageRetentionPeriod"] == "1209600"  # 14 days
    fifo = queues["orders.fifo"]
    assert fifo["Attributes"]["FifoQueue"] == "true"
    assert fifo["Attributes"]["KmsMasterKeyId"] == "alias/aws/sqs"
    assert list(fifo["Tags"]) == ["env", "team"]
    policy = queues["a-queue"]["Attributes"]["Policy"]
    assert isinstance(policy, dict) and policy["Statement"][0]["Principal"] == {"Service": "sns.amazonaws.com"}
    assert queues["a-queue"]["Attributes"]["ApproximateNumberOfMessages"] == "1"

    streams = {s["StreamName"]: s for s in first["kinesis"]["streams"]}
    assert list(streams) == ["clicks", "user-activity"]
    clicks = streams["clicks"]
    assert clicks["StreamModeDetails"] == {"StreamMode": "ON_DEMAND"}
    assert (clicks["EncryptionType"], clicks["KeyId"]) == ("KMS", "alias/aws/kinesis")
    assert clicks["RetentionPeriodHours"] == 168
    assert list(clicks["Tags"].items()) == [("a", "1"), ("b", "2")]
    activity = streams["user-activity"]
    assert (activity["OpenShardCount"], activity["RetentionPeriodHours"], activity["EncryptionType"]) == (1, 24, "NONE")
    assert activity["StreamARN"] == "arn:aws:kinesis:ap-northeast-2:123456789012:stream/user-activity"

    apis = {a["name"]: a for a in first["apigateway"]["rest_apis"]}
    assert list(apis) == ["a-mock-api", "users-api"]  # by name
    users = apis["users-api"]
    assert [r["path"] for r in users["resources"]] == ["/", "/users", "/users/{userId}"]
    get = users["resources"][2]["resourceMethods"]["GET"]
    assert (get["authorizationType"], get["requestParameters"]) == ("NONE", {"method.request.path.userId": True})
    integration = get["methodIntegration"]
    assert (integration["type"], integration["httpMethod"]) == ("AWS_PROXY", "POST")
    assert integration["uri"] == (
        "arn:aws:apigateway:ap-northeast-2:lambda:path/2015-03-31/functions/"
        "arn:aws:lambda:ap-northeast-2:123456789012:function:get-user/invocations")
    [stage] = users["stages"]
    [deployment] = users["deployments"]
    assert stage["stageName"] == "prod" and stage["deploymentId"] == deployment["id"]
    assert deployment["description"] == "first release"
    mock = apis["a-mock-api"]
    assert mock["tags"] == {"owner": "ops"} and mock["stages"] == [] and mock["deployments"] == []
    root_get = mock["resources"][0]["resourceMethods"]["GET"]
    assert root_get["apiKeyRequired"] is True and root_get["methodIntegration"]["type"] == "MOCK"


def test_the_serverless_api_scenario_works_end_to_end():
    """The scenario's function reads Users, streams every lookup and queues unknown ids."""
    with labkit.Lab("serverless-api", seed=0) as lab:
        found = lab.invoke("get-user", {"pathParameters": {"userId": "u-1001"}})
        body = json.loads(json.loads(found["Payload"])["body"])
        assert body["name"] == "Kim Minji"
        missing = json.loads(lab.invoke("get-user", {"pathParameters": {"userId": "u-404"}})["Payload"])
        assert missing["statusCode"] == 404
        stream = lab.client("kinesis").describe_stream(StreamName="user-activity")["StreamDescription"]
        iterator = lab.client("kinesis").get_shard_iterator(
            StreamName="user-activity", ShardId=stream["Shards"][0]["ShardId"], ShardIteratorType="TRIM_HORIZON")
        records = lab.client("kinesis").get_records(ShardIterator=iterator["ShardIterator"])["Records"]
        assert [json.loads(r["Data"]) for r in records] == [
            {"userId": "u-1001", "found": True}, {"userId": "u-404", "found": False}]
        sqs = lab.client("sqs")
        url = sqs.get_queue_url(QueueName="user-events")["QueueUrl"]
        # The event source mapping delivered the queued id to user-events-processor (run
        # in-process by labkit), which reported no failures: the queue and its DLQ are empty.
        assert "Messages" not in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)
        dlq = sqs.get_queue_url(QueueName="user-events-dlq")["QueueUrl"]
        assert "Messages" not in sqs.receive_message(QueueUrl=dlq, MaxNumberOfMessages=10)
        mappings = lab.snapshot(["lambda"])["lambda"]["event_source_mappings"]
        assert [(m["EventSourceArn"].rsplit(":", 1)[-1], m["FunctionArn"].rsplit(":", 1)[-1], m["BatchSize"])
                for m in mappings] == [("user-events", "user-events-processor", 10)]


def test_no_call_when_the_service_was_never_used():
    """A fresh process snapshotting an untouched account never imports moto's backends."""
    code = textwrap.dedent("""
        import json, sys
        import labkit
        with labkit.Lab(seed=0) as lab:
            snap = lab.snapshot(["sqs", "kinesis", "apigateway"])
        loaded = [m for m in ("moto.sqs.models", "moto.kinesis.models", "moto.apigateway.models")
                  if m in sys.modules]
        print(json.dumps({"loaded": loaded, "snap": {k: snap[k] for k in ("sqs", "kinesis", "apigateway")}}))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"loaded": [],
                      "snap": {"sqs": {"queues": []}, "kinesis": {"streams": []}, "apigateway": {"rest_apis": []}}}
