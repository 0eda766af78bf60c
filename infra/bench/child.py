"""One cold start of the API function, as Lambda does it: import the handler, serve one request.

Run by infra.bench.cold_start as `python -I infra/bench/child.py <sub>` in a fresh process whose
environment points boto3 at a moto server. Stdlib only besides the function itself: no test harness,
no samtranslator (neither is in Lambda). Also imported by infra.bench.reads and infra.bench.pipeline
for `http_event` (and `LambdaContext`).
"""

from __future__ import annotations

import json
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # the repository


class LambdaContext:
    function_name = "ApiFunction"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:ApiFunction"
    aws_request_id = "bench"


def http_event(method: str, path: str, sub: str) -> dict:
    """An HTTP API v2 event as API Gateway passes it once the JWT authorizer verified `sub`."""
    claims = {"sub": sub, "email": f"{sub}@example.com", "email_verified": "true", "name": "Bench"}
    return {
        "version": "2.0",
        "routeKey": "ANY /{proxy+}",
        "rawPath": path,
        "rawQueryString": "",
        "headers": {"host": "127.0.0.1"},
        "requestContext": {
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "127.0.0.1",
                "userAgent": "bench",
            },
            "requestId": "bench",
            "domainName": "127.0.0.1",
            "routeKey": "ANY /{proxy+}",
            "stage": "$default",
            "authorizer": {"jwt": {"claims": claims, "scopes": None}},
        },
        "isBase64Encoded": False,
    }


def main(sub: str) -> None:
    # The function's zip root and the layer, as Lambda puts them on sys.path.
    sys.path[:0] = [os.path.join(ROOT, "functions", "api"), os.path.join(ROOT, "shared")]
    import app

    response = app.handler(http_event("GET", "/me", sub), LambdaContext())
    if response["statusCode"] != 200 or json.loads(response["body"]).get("networker_id") != sub:
        sys.exit(f"GET /me answered {response['statusCode']}: {response.get('body')}")


if __name__ == "__main__":
    main(sys.argv[1])
    print(time.perf_counter())  # answered: infra.bench.cold_start also times the process without its exit
