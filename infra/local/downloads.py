"""Download links of the embedded S3, served by the gateway (`GET /_local/s3`), as S3 serves presigned links.

In AWS a presigned link (an account export's zip) is S3's own URL, which a browser opens. moto lives in this
process and answers no HTTP, so the runtime points every presigned GetObject at the gateway instead: a
`before-sign` hook on the default session (the functions' clients are made from it) rewrites the link
before it is signed, with the moment on the runtime's clock (botocore signs with the machine's), and the
gateway's page serves the object while the link lasts from that moment. The signature is not checked:
locally, the link's bucket, key and time are what matter.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

import boto3
from botocore.exceptions import ClientError

from infra.local.http_event import Request, Response, json_response
from rapport import clock

PATH = "/_local/s3"


def pointing_at(gateway_url: Callable[[], str]) -> Callable[..., None]:
    """The `before-sign.s3.GetObject` hook: a presigned link (a query signature) goes to the gateway."""

    def rewrite(request, signature_version=None, **_) -> None:
        if not str(signature_version or "").endswith("-query"):
            return  # a call the function makes itself: to moto, as always
        parts = urlsplit(request.url)
        bucket, key = _bucket_and_key(parts.netloc, parts.path)
        query = [*parse_qsl(parts.query), ("bucket", bucket), ("key", key), ("signed_at", clock.now().isoformat())]
        request.url = f"{gateway_url()}{PATH}?{urlencode(query)}"

    return rewrite


def serve(request: Request) -> Response:
    """The object a link names, while the link lasts."""
    query = dict(parse_qsl(request.raw_query))
    try:
        signed = datetime.fromisoformat(query["signed_at"])
        lasts = timedelta(seconds=int(query["X-Amz-Expires"]))
        bucket, key = query["bucket"], query["key"]
    except (KeyError, ValueError):
        return json_response(400, {"message": "not a presigned link: bucket, key, signed_at, X-Amz-Expires"})
    if clock.now() > signed + lasts:
        return json_response(403, {"message": "Request has expired"})
    try:
        found = boto3.client("s3").get_object(Bucket=bucket, Key=key)
    except ClientError as error:
        return json_response(404, {"message": error.response.get("Error", {}).get("Code", "NoSuchKey")})
    headers = [("content-type", found.get("ContentType", "application/octet-stream"))]
    if "response-content-disposition" in query:
        headers.append(("content-disposition", query["response-content-disposition"]))
    return Response(200, headers, found["Body"].read())


def _bucket_and_key(host: str, path: str) -> tuple[str, str]:
    """Virtual-hosted (bucket.s3.amazonaws.com/key) or path-style (s3.amazonaws.com/bucket/key)."""
    if host.startswith("s3.") or host.startswith("s3-"):
        bucket, _, key = path.lstrip("/").partition("/")
        return bucket, unquote(key)
    return host.split(".s3", 1)[0], unquote(path.lstrip("/"))
