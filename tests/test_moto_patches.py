"""Where labkit corrects moto so the offline account behaves like AWS."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

import labkit
from labkit.catalogue.s3 import solve_secure_bucket, solve_vpce_only


def test_bucket_policies_on_object_requests_are_judged_like_aws():
    with labkit.Lab("network-and-buckets") as lab:
        s3 = lab.client("s3")
        solve_secure_bucket(lab)  # Deny when aws:SecureTransport is false: boto3 uses TLS, so allowed
        s3.put_object(Bucket="my-secure-bucket", Key="a.txt", Body=b"hi")
        assert s3.get_object(Bucket="my-secure-bucket", Key="a.txt")["Body"].read() == b"hi"
        solve_vpce_only(lab)  # Deny unless through the VPC endpoint: the notebook is not in the VPC
        with pytest.raises(ClientError, match="403|Forbidden|AccessDenied"):
            s3.put_object(Bucket="my-secure-bucket", Key="b.txt", Body=b"hi")
        s3.put_object(Bucket="my-log-bucket", Key="logs/x", Body=b"ok")  # other buckets unaffected


RECORDER = '''\
import boto3


def handler(event, context):
    table = boto3.resource("dynamodb").Table("Seen")
    for record in event.get("Records", []):
        table.put_item(Item={"id": record["body"]})
    return {"seen": len(event.get("Records", []))}
'''


def test_lambda_runs_in_process_for_boto3_invoke_and_event_source_mappings():
    """No Docker: boto3's invoke and SQS event source mappings run the package in the lab."""
    import json

    from labkit.runtime import zip_package

    with labkit.Lab() as lab:
        lab.client("dynamodb").create_table(
            TableName="Seen", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
        role = lab.client("iam").create_role(RoleName="r", AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                                    "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
        lam = lab.client("lambda")
        lam.create_function(FunctionName="recorder", Runtime="python3.12", Role=role, Handler="app.handler",
                            Code={"ZipFile": zip_package({"app.py": RECORDER})})
        answer = lam.invoke(FunctionName="recorder", Payload=json.dumps({"Records": [{"body": "direct"}]}))
        assert answer["StatusCode"] == 200 and json.loads(answer["Payload"].read()) == {"seen": 1}
        sqs = lab.client("sqs")
        url = sqs.create_queue(QueueName="q")["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="recorder", BatchSize=10)
        sqs.send_message(QueueUrl=url, MessageBody="from-the-queue")
        seen = {i["id"]["S"] for i in lab.client("dynamodb").scan(TableName="Seen")["Items"]}
    assert seen == {"direct", "from-the-queue"}


def test_ecs_amis_trimmed_to_current_releases_and_ssm_still_resolves():
    """moto's 1,214 past ECS-optimized releases per region are cut to the current ones (labkit/_moto.py)."""
    with labkit.Lab(seed=0) as lab:
        ec2, ssm = lab.client("ec2"), lab.client("ssm")
        images = ec2.describe_images(Owners=["amazon"])["Images"]
        names = {i["Name"] for i in images}
        assert 40 < len(images) < 200
        assert any(n.startswith("al2023-ami-ecs-hvm-") for n in names)
        # Every recommended ECS-optimized AMI SSM knows is an image EC2 knows.
        paths = ["/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id",
                 "/aws/service/ecs/optimized-ami/amazon-linux-2/recommended/image_id",
                 "/aws/service/ecs/optimized-ami/amazon-linux-2/arm64/recommended/image_id"]
        for path in paths:
            image_id = ssm.get_parameter(Name=path)["Parameter"]["Value"]
            assert ec2.describe_images(ImageIds=[image_id])["Images"], path
        # The general-purpose AMIs stay whole: moto's defaults and the latest Amazon Linux.
        assert ec2.describe_images(ImageIds=["ami-12c6146b"])["Images"]
        al2023 = ssm.get_parameter(Name="/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64")
        assert ec2.describe_images(ImageIds=[al2023["Parameter"]["Value"]])["Images"]
