"""Create Rapport's stack inside moto from template.yaml, then read back what moto made.

Call inside an active `moto.mock_aws()`. Nothing here lists a table or a queue by hand:
names, environments and stream wiring all come from the stack moto created. What moto's
CloudFormation skips (schedule groups, SES receipt rules, Lambda's EventInvokeConfig) is created
through moto's own APIs from the template's resources, their references resolved to what the stack
made, then read back like the rest.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import boto3

from infra.local import mototransactions, template
from infra.local.intrinsics import Intrinsics

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
    filter_patterns: tuple[str, ...] = ()  # FilterCriteria's patterns (JSON): a record passes if one matches


@dataclass(frozen=True)
class QueueMapping:
    """An event source mapping on an SQS queue, as moto stored it."""

    function: str  # logical id
    queue_arn: str
    queue_url: str
    batch_size: int
    reports_item_failures: bool


@dataclass(frozen=True)
class ReceiptRule:
    """A rule of the active SES receipt rule set, as moto stored it, with its two supported actions."""

    rule_set: str
    name: str
    enabled: bool
    recipients: tuple[str, ...]  # addresses, domains, .domains (their subdomains); none: every recipient
    scan_enabled: bool
    tls_policy: str
    bucket: str | None  # S3Action: where SES stores the raw message, at object_key_prefix + messageId
    object_key_prefix: str
    function: str | None  # LambdaAction: the function's logical id
    function_arn: str | None
    invocation_type: str  # "Event" (asynchronous), the only one the local runtime runs


@dataclass(frozen=True)
class AsyncConfig:
    """How Lambda invokes a function asynchronously (its EventInvokeConfig, or Lambda's defaults)."""

    function: str  # logical id
    maximum_retry_attempts: int = 2
    maximum_event_age_seconds: int = 21600
    on_failure_queue_url: str | None = None


@dataclass(frozen=True)
class Stack:
    resources: dict[str, str]  # logical id -> physical id
    environments: dict[str, dict[str, str]]  # function logical id -> its environment variables
    stream_mappings: list[StreamMapping]
    queue_mappings: list[QueueMapping] = field(default_factory=list)
    schedule_groups: list[str] = field(default_factory=list)  # names, created after the stack
    receipt_rules: list[ReceiptRule] = field(default_factory=list)  # of the active rule set, in order
    async_configs: dict[str, AsyncConfig] = field(default_factory=dict)  # every function's, by logical id

    @property
    def table_name(self) -> str:
        return self.resources["Table"]


# Calendars served on this computer (`python -m http.server`, the tests' servers on 127.0.0.1) are read over
# http here, and here only: the template never sets it, so in AWS the API refuses such an address and the sync
# never fetches one (adapters/calendar_fetch.py logs it when set). Only the functions that take an address.
LOOPBACK_CALENDARS = frozenset({"ApiFunction", "CalendarSyncFunction"})


def use_local_aws_environment() -> None:
    os.environ.update(LOCAL_AWS_ENV)


def _zip_folder(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.rglob("*.py")):
            archive.write(path, path.relative_to(folder))
    return buffer.getvalue()


def create_stack() -> Stack:
    mototransactions.install()  # failed transactions must not break the stream (see the module)
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
    for logical in LOOPBACK_CALENDARS & environments.keys():
        environments[logical]["CALENDARS_ALLOW_LOOPBACK_HTTP"] = "true"

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
                filter_patterns=tuple(f["Pattern"] for f in (mapping.get("FilterCriteria") or {}).get("Filters", [])),
            )
        )
    _stop_moto_invoking_functions()
    groups = _create_schedule_groups()
    _verify_senders(environments)
    intrinsics = Intrinsics(body, resources, STACK_NAME, REGION)
    _create_user_pools(body, intrinsics, environments)
    _create_subscriptions(body, intrinsics)
    return Stack(
        resources=resources,
        environments=environments,
        stream_mappings=mappings,
        queue_mappings=queue_mappings,
        schedule_groups=groups,
        receipt_rules=_create_receipt_rules(body, intrinsics, logical_of_function),
        async_configs=_create_async_configs(body, intrinsics, environments),
    )


def _create_user_pools(body: dict, intrinsics: Intrinsics, environments: dict[str, dict[str, str]]) -> None:
    """moto's CloudFormation skips Cognito, and drops the functions' variables that name a user pool: create
    the pools as the template says and put those variables back. The local sign-in keeps no users
    (infra/local/auth.py), so the pools stay empty: an account deleted locally has no user there."""
    cognito = boto3.client("cognito-idp", region_name=REGION)
    for logical, resource in body["Resources"].items():
        if resource["Type"] == "AWS::Cognito::UserPool":
            attributes = resource["Properties"].get("UsernameAttributes", [])
            pool = cognito.create_user_pool(PoolName=f"{STACK_NAME}-{logical}", UsernameAttributes=attributes)
            intrinsics.physical[logical] = pool["UserPool"]["Id"]
    for function, variables in environments.items():
        declared = body["Resources"][function]["Properties"].get("Environment", {}).get("Variables", {})
        for name, value in declared.items():
            if name not in variables:
                variables[name] = str(intrinsics.resolve(value, f"{function}.{name}"))


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


def _create_receipt_rules(body: dict, intrinsics: Intrinsics, logical_of_function: dict[str, str]) -> list[ReceiptRule]:
    """moto's CloudFormation skips SES receipt rule sets and rules: create them as the template says.

    In AWS an operator activates the rule set once (CloudFormation cannot); locally the template's
    only rule set is activated at start. The rules of the active set are read back from moto's SES.
    """
    ses = boto3.client("ses", region_name=REGION)
    resources = body["Resources"]
    rule_sets = [name for name, resource in resources.items() if resource["Type"] == "AWS::SES::ReceiptRuleSet"]
    if not rule_sets:
        return []
    if len(rule_sets) > 1:
        raise RuntimeError(f"template.yaml declares {len(rule_sets)} receipt rule sets; which is active is unknown")
    for logical in rule_sets:
        name = intrinsics.resolve(resources[logical].get("Properties", {}).get("RuleSetName"), logical)
        if not isinstance(name, str):
            raise RuntimeError(f"{logical}: the local runtime needs a RuleSetName")
        ses.create_receipt_rule_set(RuleSetName=name)
        intrinsics.physical[logical] = name
    for logical, resource in resources.items():
        if resource["Type"] == "AWS::SES::ReceiptRule":
            properties = intrinsics.resolve(resource["Properties"], logical)
            after = {"After": properties["After"]} if properties.get("After") else {}
            ses.create_receipt_rule(RuleSetName=properties["RuleSetName"], Rule=properties["Rule"], **after)
    (name,) = (intrinsics.physical[logical] for logical in rule_sets)
    ses.set_active_receipt_rule_set(RuleSetName=name)
    active = ses.describe_active_receipt_rule_set()
    return [_receipt_rule(name, rule, logical_of_function) for rule in active.get("Rules", [])]


def _receipt_rule(rule_set: str, rule: dict, logical_of_function: dict[str, str]) -> ReceiptRule:
    s3, function = {}, {}
    for action in rule.get("Actions", []):
        (kind,) = action
        if kind == "S3Action" and not s3:
            s3 = action[kind]
        elif kind == "LambdaAction" and not function:
            function = action[kind]
        else:
            raise RuntimeError(f"receipt rule {rule['Name']}: the local runtime runs one S3Action and one LambdaAction")
    invocation_type = function.get("InvocationType", "Event")
    if invocation_type != "Event":
        raise RuntimeError(f"receipt rule {rule['Name']}: the local runtime invokes functions as Event only")
    arn = function.get("FunctionArn")
    return ReceiptRule(
        rule_set=rule_set,
        name=rule["Name"],
        enabled=rule.get("Enabled", False),
        recipients=tuple(rule.get("Recipients", [])),
        scan_enabled=rule.get("ScanEnabled", False),
        tls_policy=rule.get("TlsPolicy", "Optional"),
        bucket=s3.get("BucketName"),
        object_key_prefix=s3.get("ObjectKeyPrefix", ""),
        function=logical_of_function[arn.rsplit(":", 1)[-1]] if arn else None,
        function_arn=arn,
        invocation_type=invocation_type,
    )


def _create_subscriptions(body: dict, intrinsics: Intrinsics) -> None:
    """moto's CloudFormation skips AWS::SNS::Subscription: subscribe as the template says (moto's SNS then
    delivers each message to the queue, raw or wrapped, like SNS)."""
    sns = boto3.client("sns", region_name=REGION)
    for name, resource in body["Resources"].items():
        if resource["Type"] != "AWS::SNS::Subscription":
            continue
        properties = intrinsics.resolve(resource["Properties"], name)
        attributes = {"RawMessageDelivery": str(properties.get("RawMessageDelivery", False)).lower()}
        sns.subscribe(
            TopicArn=properties["TopicArn"],
            Protocol=properties["Protocol"],
            Endpoint=properties["Endpoint"],
            Attributes=attributes,
        )


def _create_async_configs(
    body: dict, intrinsics: Intrinsics, environments: dict[str, dict[str, str]]
) -> dict[str, AsyncConfig]:
    """moto's CloudFormation skips AWS::Lambda::EventInvokeConfig (SAM's EventInvokeConfig): put each
    into moto's Lambda as the template says, then read every function's back (Lambda's defaults when
    it has none)."""
    client = boto3.client("lambda", region_name=REGION)
    sqs = boto3.client("sqs", region_name=REGION)
    for logical, resource in body["Resources"].items():
        if resource["Type"] == "AWS::Lambda::EventInvokeConfig":
            client.put_function_event_invoke_config(**intrinsics.resolve(resource["Properties"], logical))
    configs = {}
    for function in environments:
        try:
            config = client.get_function_event_invoke_config(FunctionName=intrinsics.physical[function])
        except client.exceptions.ResourceNotFoundException:
            configs[function] = AsyncConfig(function)
            continue
        destination = config.get("DestinationConfig", {}).get("OnFailure", {}).get("Destination")
        if destination and ":sqs:" not in destination:
            raise RuntimeError(f"{function}: the local runtime sends failed events to SQS queues only")
        queue_url = None
        if destination:
            account, name = destination.split(":")[4:6]
            queue_url = sqs.get_queue_url(QueueName=name, QueueOwnerAWSAccountId=account)["QueueUrl"]
        configs[function] = AsyncConfig(
            function,
            config.get("MaximumRetryAttempts", 2),
            config.get("MaximumEventAgeInSeconds", 21600),
            queue_url,
        )
    return configs


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
