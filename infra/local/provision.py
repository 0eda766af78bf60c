"""Create Rapport's stack inside moto from template.yaml, then read back what moto made.

Call inside an active `moto.mock_aws()`. Nothing here lists a table or a queue by hand:
names, environments and stream wiring all come from the stack moto created.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import boto3

from infra.local import template

STACK_NAME = "rapport-local"
REGION = "us-east-1"

# moto needs credentials and a region; DynamoDB Streams calls need the account-id endpoint off.
LOCAL_AWS_ENV = {
    "AWS_DEFAULT_REGION": REGION,
    "AWS_REGION": REGION,
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",
    "AWS_SESSION_TOKEN": "local",
    "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
}


@dataclass(frozen=True)
class StreamMapping:
    """An event source mapping on a DynamoDB stream, as moto stored it."""

    function: str  # logical id
    stream_arn: str
    batch_size: int
    starting_position: str
    maximum_retry_attempts: int
    bisect_on_error: bool
    reports_item_failures: bool
    on_failure_queue_url: str | None


@dataclass(frozen=True)
class QueueMapping:
    """An event source mapping on an SQS queue, as moto stored it."""

    function: str  # logical id
    queue_arn: str
    queue_url: str
    batch_size: int
    reports_item_failures: bool


@dataclass(frozen=True)
class Stack:
    resources: dict[str, str]  # logical id -> physical id
    environments: dict[str, dict[str, str]]  # function logical id -> its environment variables
    stream_mappings: list[StreamMapping]
    queue_mappings: list[QueueMapping] = field(default_factory=list)
    schedule_groups: list[str] = field(default_factory=list)  # names, created after the stack

    @property
    def table_name(self) -> str:
        return self.resources["Table"]


def use_local_aws_environment() -> None:
    os.environ.update(LOCAL_AWS_ENV)


def _zip_folder(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.rglob("*.py")):
            archive.write(path, path.relative_to(folder))
    return buffer.getvalue()


def create_stack() -> Stack:
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket=template.ARTIFACTS_BUCKET)
    for name, folder in template.code_folders().items():
        s3.put_object(Bucket=template.ARTIFACTS_BUCKET, Key=f"{name}.zip", Body=_zip_folder(folder))

    cloudformation = boto3.client("cloudformation", region_name=REGION)
    body = template.cloudformation_template(boto3.client("iam", region_name=REGION))
    cloudformation.create_stack(
        StackName=STACK_NAME,
        TemplateBody=json.dumps(body),
        Capabilities=["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"],
    )
    summaries = cloudformation.list_stack_resources(StackName=STACK_NAME)["StackResourceSummaries"]
    resources = {s["LogicalResourceId"]: s["PhysicalResourceId"] for s in summaries if s["PhysicalResourceId"]}
    logical_of_function = {
        physical: logical for logical, physical in resources.items() if logical in template.code_folders()
    }

    lambda_client = boto3.client("lambda", region_name=REGION)
    environments = {}
    for logical, physical in resources.items():
        if logical in logical_of_function.values():
            config = lambda_client.get_function_configuration(FunctionName=physical)
            environments[logical] = config.get("Environment", {}).get("Variables", {})

    sqs = boto3.client("sqs", region_name=REGION)
    mappings = []
    queue_mappings = []
    for mapping in lambda_client.list_event_source_mappings()["EventSourceMappings"]:
        if ":sqs:" in mapping["EventSourceArn"] and mapping.get("State", "Enabled") == "Enabled":
            queue_arn = mapping["EventSourceArn"]
            account, name = queue_arn.split(":")[4:6]
            queue_mappings.append(
                QueueMapping(
                    function=logical_of_function[mapping["FunctionArn"].rsplit(":", 1)[-1]],
                    queue_arn=queue_arn,
                    queue_url=sqs.get_queue_url(QueueName=name, QueueOwnerAWSAccountId=account)["QueueUrl"],
                    batch_size=mapping["BatchSize"],
                    reports_item_failures="ReportBatchItemFailures" in mapping.get("FunctionResponseTypes", []),
                )
            )
            continue
        if ":dynamodb:" not in mapping["EventSourceArn"]:
            continue
        destination = mapping.get("DestinationConfig", {}).get("OnFailure", {}).get("Destination")
        mappings.append(
            StreamMapping(
                function=logical_of_function[mapping["FunctionArn"].rsplit(":", 1)[-1]],
                stream_arn=mapping["EventSourceArn"],
                batch_size=mapping["BatchSize"],
                starting_position=mapping["StartingPosition"],
                maximum_retry_attempts=mapping.get("MaximumRetryAttempts", -1),
                bisect_on_error=mapping.get("BisectBatchOnFunctionError", False),
                reports_item_failures="ReportBatchItemFailures" in mapping.get("FunctionResponseTypes", []),
                on_failure_queue_url=(
                    sqs.get_queue_url(QueueName=destination.rsplit(":", 1)[-1])["QueueUrl"] if destination else None
                ),
            )
        )
    _stop_moto_invoking_functions()
    groups = _create_schedule_groups()
    _verify_senders(environments)
    return Stack(
        resources=resources,
        environments=environments,
        stream_mappings=mappings,
        queue_mappings=queue_mappings,
        schedule_groups=groups,
    )


def _create_schedule_groups() -> list[str]:
    """moto's CloudFormation skips AWS::Scheduler::ScheduleGroup: create them as the template says."""
    scheduler = boto3.client("scheduler", region_name=REGION)
    groups = []
    for name, resource in template.sam_template()["Resources"].items():
        if resource["Type"] != "AWS::Scheduler::ScheduleGroup":
            continue
        group = resource["Properties"]["Name"]
        if isinstance(group, dict) and set(group) == {"Fn::Sub"}:
            group = group["Fn::Sub"].replace("${AWS::StackName}", STACK_NAME)
        if not isinstance(group, str) or "${" in group:
            raise RuntimeError(f"{name}: cannot resolve the schedule group name {group!r} locally")
        scheduler.create_schedule_group(Name=group)
        groups.append(group)
    return groups


def _verify_senders(environments: dict[str, dict[str, str]]) -> None:
    """In AWS an operator verifies the sender identity in SES; locally it is verified at start."""
    ses = boto3.client("ses", region_name=REGION)
    for variables in environments.values():
        if "SENDER_EMAIL" in variables:
            ses.verify_email_identity(EmailAddress=variables["SENDER_EMAIL"])


def _stop_moto_invoking_functions() -> None:
    """moto runs a mapping's function itself (in Docker, absent here) on every table write, and
    drops stream records it thinks it delivered. The runtime's pumps do that job instead, so the
    mappings stay listed in Lambda but are unhooked from moto's tables and queues."""
    from moto.dynamodb.models import dynamodb_backends
    from moto.sqs.models import sqs_backends

    for backends in (dynamodb_backends, sqs_backends):
        for account in backends.values():
            for backend in account.values():
                for resource in {**getattr(backend, "tables", {}), **getattr(backend, "queues", {})}.values():
                    resource.lambda_event_source_mappings.clear()
