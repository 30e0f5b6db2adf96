"""Recomputes the SigV4 signature of one recorded request with botocore, an independent signer.

stdin: {"url", "method", "headers" (lower-case names), "body" (base64), "access_key", "secret_key", "token", "region", "service"}
stdout: {"expected": botocore's signature, "actual": the request's, "scope": its credential scope}
"""
import base64
import json
import sys

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

d = json.load(sys.stdin)
authorization = d["headers"]["authorization"]
fields = dict(part.strip().split("=", 1) for part in authorization.split(" ", 1)[1].split(","))
signed = fields["SignedHeaders"].split(";")
headers = {name: value for name, value in d["headers"].items() if name in signed}
request = AWSRequest(method=d["method"], url=d["url"], data=base64.b64decode(d["body"]), headers=headers)
request.context["timestamp"] = headers["x-amz-date"]
auth = SigV4Auth(Credentials(d["access_key"], d["secret_key"], d.get("token")), d["service"], d["region"])
canonical = auth.canonical_request(request)
expected = auth.signature(auth.string_to_sign(request, canonical), request)
json.dump({"expected": expected, "actual": fields["Signature"], "scope": fields["Credential"].split("/", 1)[1]}, sys.stdout)
