"""template.yaml, read once and turned into what moto's CloudFormation accepts.

moto silently skips raw SAM resources, so the template goes through aws-sam-translator first.
SAM wants code in S3: each CodeUri/ContentUri is pointed at an artifacts bucket that the
provisioner fills with zips of the same folders.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from samtranslator.public.translator import ManagedPolicyLoader
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "template.yaml"
ARTIFACTS_BUCKET = "rapport-local-artifacts"

_CODE_PROPERTY = {"AWS::Serverless::Function": "CodeUri", "AWS::Serverless::LayerVersion": "ContentUri"}
# Function environment variables whose value names a resource moto skips (the web app's CloudFront
# distribution): a stand-in here, the real local value set by the runtime once its gateway listens.
SET_BY_THE_RUNTIME = {"APP_URL": "http://127.0.0.1"}


@dataclass(frozen=True)
class Route:
    """One HTTP API route of a function, as API Gateway would match it."""

    method: str  # GET, POST... or ANY
    path: str  # /contacts/{contact_id}, /{proxy+}
    function: str  # logical id
    authorized: bool


@cache
def sam_template() -> dict:
    return yaml_parse(TEMPLATE.read_text())


def code_folders() -> dict[str, Path]:
    """Logical id -> local folder of each function and layer."""
    return {
        name: ROOT / resource["Properties"][_CODE_PROPERTY[resource["Type"]]]
        for name, resource in sam_template()["Resources"].items()
        if resource["Type"] in _CODE_PROPERTY
    }


def handler_of(function: str) -> str:
    return sam_template()["Resources"][function]["Properties"]["Handler"]


def http_routes() -> list[Route]:
    """Routes from the functions' HttpApi events (moto does not create API Gateway v2)."""
    routes = []
    for name, resource in sam_template()["Resources"].items():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        for event in resource["Properties"].get("Events", {}).values():
            if event["Type"] != "HttpApi":
                continue
            props = event["Properties"]
            authorizer = props.get("Auth", {}).get("Authorizer")
            routes.append(Route(props["Method"].upper(), props["Path"], name, authorizer != "NONE"))
    return routes


def cloudformation_template(iam_client) -> dict:
    """The SAM template transformed to plain CloudFormation, code pointed at the artifacts bucket."""
    template = copy.deepcopy(sam_template())
    for name, resource in template["Resources"].items():
        if resource["Type"] in _CODE_PROPERTY:
            resource["Properties"][_CODE_PROPERTY[resource["Type"]]] = f"s3://{ARTIFACTS_BUCKET}/{name}.zip"
        variables = resource.get("Properties", {}).get("Environment", {}).get("Variables", {})
        variables.update({name: value for name, value in SET_BY_THE_RUNTIME.items() if name in variables})
    return transform(template, {}, ManagedPolicyLoader(iam_client))


def sms_topics(physical: dict[str, str]) -> list[str]:
    """The ARNs of the topics texts received are published to: those the template subscribes a queue
    to (AWS End User Messaging's two-way SMS destination)."""
    topics = []
    for resource in sam_template()["Resources"].values():
        if resource["Type"] == "AWS::SNS::Subscription" and resource["Properties"].get("Protocol") == "sqs":
            topics.append(physical[resource["Properties"]["TopicArn"]["Ref"]])
    return topics
