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
