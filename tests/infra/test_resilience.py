"""Resilience and data protection, checked on every resource of its kind so they hold as the template grows.

Data is kept (table protected and recoverable), nothing is dropped silently (every asynchronous
path has bounded retries, a dead-letter queue and an alarm someone receives), the API is closed
by default, and every function runs on a supported runtime and keeps its logs for a bounded time.
Event sources are read from the deployed (SAM-transformed) template, so SAM events and raw
AWS::Lambda::EventSourceMapping resources are held to the same rules.
"""

from __future__ import annotations

import re
from typing import Any

MAX_RETRIES = 10  # stream retries / queue receives before a record goes to its dead-letter queue
DLQ_RETENTION_SECONDS = 1_209_600  # 14 days, the SQS maximum: time to notice, fix and replay
MIN_PYTHON = (3, 12)
# The confirmation link and the email actions (the digest's done, snooze and unsubscribe links) are opened
# from an email, without a token, and calendar apps read the calendar feed without one: the secret or the
# signature in their path is the proof.
PUBLIC_ROUTES = {
    ("GET", "/health"),
    ("GET", "/openapi.json"),
    ("GET", "/docs"),
    ("GET", "/email-confirmations/{token}"),
    ("GET", "/email-actions/{token}"),
    ("POST", "/email-actions/{token}"),
    ("GET", "/calendar-feeds/{name}"),
}
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "x-amazon-apigateway-any-method"}
TRIGGERS_ON_FIRST_MESSAGE = {("GreaterThanThreshold", 0), ("GreaterThanOrEqualToThreshold", 1)}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def event_sources(template) -> dict[str, tuple[dict, str, str | None]]:
    """Event source mapping -> (properties, source kind, source logical id); kind: stream, queue or unknown."""
    found = {}
    for name, mapping in template.resources("AWS::Lambda::EventSourceMapping", deployed=True).items():
        properties = mapping["Properties"]
        rendered = template.render(properties.get("EventSourceArn", ""))
        source = template.target(properties.get("EventSourceArn", ""))
        source_type = template.type_of(source)
        if (source_type == "AWS::DynamoDB::Table" and rendered.endswith(".StreamArn}")) or (
            source_type == "AWS::Kinesis::Stream"
        ):
            kind = "stream"
        elif source_type == "AWS::SQS::Queue":
            kind = "queue"
        else:
            kind = "unknown"
        found[name] = (properties, kind, source)
    return found


def dead_letter_queues(template) -> set[str]:
    """Queues that receive what failed: OnFailure destinations, redrive targets, DLQ configs, or named so."""
    queues = set(template.resources("AWS::SQS::Queue", deployed=True))
    found = {name for name in queues if re.search(r"dead.?letter|dlq", name, re.IGNORECASE)}

    failure_settings = {"OnFailure", "DeadLetterConfig", "RedrivePolicy", "DeadLetterQueue"}
    target_keys = {"Destination", "Arn", "TargetArn", "deadLetterTargetArn"}

    def walk(node: Any, under: str = "") -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if under in failure_settings and key in target_keys and template.target(value) in queues:
                    found.add(template.target(value))
                walk(value, key)
        elif isinstance(node, list):
            for item in node:
                walk(item, under)

    walk(template.deployed["Resources"])
    return found


def alarms(template) -> dict[str, dict]:
    return {name: r["Properties"] for name, r in template.resources("AWS::CloudWatch::Alarm", deployed=True).items()}


def dimension(alarm: dict, name: str) -> Any:
    return next((d["Value"] for d in alarm.get("Dimensions", []) if d["Name"] == name), None)


# ------------------------------------------------------------------------------ data
def test_tables_are_retained_protected_recoverable_and_encrypted(template):
    problems = []
    for name, table in template.resources("AWS::DynamoDB::Table").items():
        properties = table["Properties"]
        for policy in ("DeletionPolicy", "UpdateReplacePolicy"):
            if table.get(policy) != "Retain":
                problems.append(f"{name}: {policy}: Retain (a stack delete or replacement must not delete data)")
        if properties.get("DeletionProtectionEnabled") is not True:
            problems.append(f"{name}: DeletionProtectionEnabled: true")
        if properties.get("PointInTimeRecoverySpecification", {}).get("PointInTimeRecoveryEnabled") is not True:
            problems.append(f"{name}: PointInTimeRecoverySpecification: {{PointInTimeRecoveryEnabled: true}}")
        if properties.get("SSESpecification", {}).get("SSEEnabled") is not True:
            problems.append(f"{name}: SSESpecification: {{SSEEnabled: true}}")
    assert not problems, "tables must keep their data:\n" + "\n".join(problems)


def test_application_table_streams_new_and_old_images_to_a_consumer(template):
    # Reactions (follow-up dates, schedules) happen downstream of the table's stream: they need it,
    # and need both images to tell what changed.
    globals_env = template.sam.get("Globals", {}).get("Function", {}).get("Environment", {}).get("Variables", {})
    table = template.target(globals_env.get("TABLE_NAME", ""))
    assert template.type_of(table) == "AWS::DynamoDB::Table", "Globals.Function TABLE_NAME must be !Ref <the table>"

    view = template.resource(table)["Properties"].get("StreamSpecification", {}).get("StreamViewType")
    assert view == "NEW_AND_OLD_IMAGES", (
        f"{table}: StreamSpecification: {{StreamViewType: NEW_AND_OLD_IMAGES}} (is {view})"
    )
    consumers = [
        name for name, (_, kind, source) in event_sources(template).items() if kind == "stream" and source == table
    ]
    assert consumers, f"no function consumes {table}'s stream"


def test_every_streamed_table_sends_new_and_old_images(template):
    problems = [
        f"{source}: StreamViewType must be NEW_AND_OLD_IMAGES for its consumer {name}"
        for name, (_, kind, source) in event_sources(template).items()
        if kind == "stream"
        and template.type_of(source) == "AWS::DynamoDB::Table"
        and template.resource(source)["Properties"].get("StreamSpecification", {}).get("StreamViewType")
        != "NEW_AND_OLD_IMAGES"
    ]
    assert not problems, "\n".join(problems)


def test_every_queue_is_encrypted(template):
    problems = [
        f"{name}: set SqsManagedSseEnabled: true (or KmsMasterKeyId)"
        for name, queue in template.resources("AWS::SQS::Queue", deployed=True).items()
        if queue.get("Properties", {}).get("SqsManagedSseEnabled") is not True
        and not queue.get("Properties", {}).get("KmsMasterKeyId")
    ]
    assert not problems, "queues must be encrypted at rest:\n" + "\n".join(problems)


# ------------------------------------------------------------------------------ nothing dropped
def test_every_event_source_is_known(template):
    unknown = {
        name: template.render(properties.get("EventSourceArn", ""))
        for name, (properties, kind, _) in event_sources(template).items()
        if kind == "unknown"
    }
    assert not unknown, (
        f"event sources this file does not know how to check: {unknown}. "
        "Teach event_sources() in tests/infra/test_resilience.py the new kind and its failure rules."
    )


def test_stream_event_sources_retry_a_bounded_number_of_times_then_keep_the_records(template):
    problems = []
    for name, (properties, kind, _) in event_sources(template).items():
        if kind != "stream":
            continue
        destination = properties.get("DestinationConfig", {}).get("OnFailure", {}).get("Destination")
        if template.type_of(template.target(destination)) not in {"AWS::SQS::Queue", "AWS::SNS::Topic"}:
            problems.append(f"{name}: DestinationConfig: {{OnFailure: {{Type: SQS, Destination: !GetAtt <DLQ>.Arn}}}}")
        retries = properties.get("MaximumRetryAttempts", -1)
        if not 0 <= retries <= MAX_RETRIES:
            problems.append(
                f"{name}: MaximumRetryAttempts is {retries}; set 0..{MAX_RETRIES} (default -1 retries until the "
                "record expires, blocking the shard for up to a day)"
            )
        if "ReportBatchItemFailures" not in properties.get("FunctionResponseTypes", []):
            problems.append(f"{name}: FunctionResponseTypes: [ReportBatchItemFailures]")
    assert not problems, "\n".join(problems)


def test_queue_event_sources_redrive_to_a_dead_letter_queue(template):
    problems = []
    functions = template.functions()
    for name, (properties, kind, queue) in event_sources(template).items():
        if kind != "queue":
            continue
        queue_properties = template.resource(queue, deployed=True).get("Properties", {})
        redrive = queue_properties.get("RedrivePolicy", {})
        if template.type_of(template.target(redrive.get("deadLetterTargetArn", ""))) != "AWS::SQS::Queue":
            problems.append(f"{queue}: RedrivePolicy: {{deadLetterTargetArn: !GetAtt <DLQ>.Arn, maxReceiveCount: n}}")
        if not 1 <= int(redrive.get("maxReceiveCount", 0)) <= MAX_RETRIES:
            problems.append(f"{queue}: RedrivePolicy.maxReceiveCount must be 1..{MAX_RETRIES}")
        if "ReportBatchItemFailures" not in properties.get("FunctionResponseTypes", []):
            problems.append(f"{name}: FunctionResponseTypes: [ReportBatchItemFailures]")
        function = template.target(properties["FunctionName"])
        timeout = int(functions[function].get("Timeout", 3))
        visibility = int(queue_properties.get("VisibilityTimeout", 30))
        if visibility < 6 * timeout:
            problems.append(
                f"{queue}: VisibilityTimeout {visibility}s < 6 x {function} Timeout ({timeout}s), as AWS recommends; "
                "messages would be received again while still being processed"
            )
    assert not problems, "\n".join(problems)


def test_functions_invoked_asynchronously_retry_a_bounded_number_of_times_then_keep_the_event(template):
    """A service allowed to invoke a function (SES, S3, SNS...) invokes it asynchronously: what fails must
    land somewhere, or it is lost after Lambda's default retries."""
    invoked = {
        template.target(permission["Properties"]["FunctionName"])
        for permission in template.resources("AWS::Lambda::Permission", deployed=True).values()
        if str(permission["Properties"].get("Principal", "")).endswith(".amazonaws.com")
        and permission["Properties"].get("Principal") != "apigateway.amazonaws.com"
    }
    configs = {
        template.target(config["Properties"]["FunctionName"]): config["Properties"]
        for config in template.resources("AWS::Lambda::EventInvokeConfig", deployed=True).values()
    }
    problems = []
    for function in sorted(invoked):
        config = configs.get(function, {})
        destination = config.get("DestinationConfig", {}).get("OnFailure", {}).get("Destination")
        if template.type_of(template.target(destination)) != "AWS::SQS::Queue":
            problems.append(f"{function}: EventInvokeConfig.DestinationConfig.OnFailure: an SQS dead-letter queue")
        if not 0 <= int(config.get("MaximumRetryAttempts", -1)) <= 2:
            problems.append(f"{function}: EventInvokeConfig.MaximumRetryAttempts: 0..2")
    assert invoked, "SES invokes the inbound email function: its permission should be found"
    assert not problems, "\n".join(problems)


def test_buckets_are_private_encrypted_with_a_key_of_this_template_expiring_and_retained(template):
    problems = []
    for name, bucket in template.resources("AWS::S3::Bucket").items():
        properties = bucket.get("Properties", {})
        rules = properties.get("BucketEncryption", {}).get("ServerSideEncryptionConfiguration", [])
        defaults = [rule.get("ServerSideEncryptionByDefault", {}) for rule in rules]
        if not any(
            d.get("SSEAlgorithm") == "aws:kms"
            and template.type_of(template.target(d.get("KMSMasterKeyID"))) == "AWS::KMS::Key"
            for d in defaults
        ):
            problems.append(f"{name}: BucketEncryption with aws:kms and a KMSMasterKeyID of this template")
        block = properties.get("PublicAccessBlockConfiguration", {})
        flags = ("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")
        if not all(block.get(flag) is True for flag in flags):
            problems.append(f"{name}: PublicAccessBlockConfiguration with all four flags true")
        lifecycle = properties.get("LifecycleConfiguration", {}).get("Rules", [])
        # The web app's bucket holds the app, no personal data: only the versions a deploy replaced expire.
        expiry = "NoncurrentVersionExpiration" if name == "AppBucket" else "ExpirationInDays"
        if not any(rule.get("Status") == "Enabled" and expiry in rule for rule in lifecycle):
            problems.append(f"{name}: a lifecycle rule with {expiry} (personal data is not kept forever)")
        if bucket.get("DeletionPolicy") != "Retain":
            problems.append(f"{name}: DeletionPolicy: Retain")
    policies = {
        template.target(p["Properties"]["Bucket"]): p for p in template.resources("AWS::S3::BucketPolicy").values()
    }
    for name in template.resources("AWS::S3::Bucket"):
        statements = policies.get(name, {}).get("Properties", {}).get("PolicyDocument", {}).get("Statement", [])
        if not any(s.get("Effect") == "Deny" and "aws:SecureTransport" in str(s.get("Condition")) for s in statements):
            problems.append(f"{name}: a bucket policy denying requests without TLS (aws:SecureTransport false)")
    assert template.resources("AWS::S3::Bucket"), "the raw inbound mail bucket should be found"
    assert not problems, "\n".join(problems)


def test_dead_letter_queues_keep_messages_for_14_days(template):
    problems = [
        f"{queue}: MessageRetentionPeriod: {DLQ_RETENTION_SECONDS}"
        for queue in sorted(dead_letter_queues(template))
        if int(template.resource(queue, deployed=True).get("Properties", {}).get("MessageRetentionPeriod", 345_600))
        != DLQ_RETENTION_SECONDS
    ]
    assert not problems, "dead-letter queues keep failures long enough to replay them:\n" + "\n".join(problems)


def test_every_dead_letter_queue_alarms_on_its_first_message(template):
    watched = {
        template.target(dimension(alarm, "QueueName"))
        for alarm in alarms(template).values()
        if alarm.get("Namespace") == "AWS/SQS"
        and alarm.get("MetricName") == "ApproximateNumberOfMessagesVisible"
        and (alarm.get("ComparisonOperator"), float(alarm.get("Threshold", -1))) in TRIGGERS_ON_FIRST_MESSAGE
    }
    missing = sorted(dead_letter_queues(template) - watched)
    assert not missing, (
        f"dead-letter queues without an alarm on their first message: {missing}. Add an AWS::CloudWatch::Alarm: "
        "Namespace AWS/SQS, MetricName ApproximateNumberOfMessagesVisible, "
        "Dimensions [{Name: QueueName, Value: !GetAtt <Queue>.QueueName}], Statistic Maximum, "
        "ComparisonOperator GreaterThanThreshold, Threshold 0, AlarmActions [!Ref AlarmTopic]"
    )


def test_every_stream_consumer_alarms_on_iterator_age(template):
    watched = {
        template.target(dimension(alarm, "FunctionName"))
        for alarm in alarms(template).values()
        if alarm.get("Namespace") == "AWS/Lambda" and alarm.get("MetricName") == "IteratorAge"
    }
    consumers = {
        template.target(properties["FunctionName"])
        for properties, kind, _ in event_sources(template).values()
        if kind == "stream"
    }
    missing = sorted(consumers - watched)
    assert not missing, (
        f"stream consumers without an IteratorAge alarm: {missing}. Add an AWS::CloudWatch::Alarm: "
        "Namespace AWS/Lambda, MetricName IteratorAge, Dimensions [{Name: FunctionName, Value: !Ref <Function>}], "
        "Statistic Maximum, AlarmActions [!Ref AlarmTopic]"
    )


def test_every_alarm_notifies_a_topic_of_this_template(template):
    problems = []
    for name, alarm in alarms(template).items():
        actions = alarm.get("AlarmActions", [])
        if not actions or alarm.get("ActionsEnabled") is False:
            problems.append(f"{name}: no AlarmActions (an alarm nobody receives is not an alarm)")
        for action in actions:
            if template.type_of(template.target(action)) != "AWS::SNS::Topic":
                problems.append(f"{name}: AlarmActions entry {template.render(action)} is not !Ref <a topic here>")
    assert not problems, "\n".join(problems)


def test_cloudwatch_can_publish_to_every_alarm_topic(template):
    # CloudWatch publishes to an encrypted topic only with a customer managed key whose key policy lets
    # cloudwatch.amazonaws.com use it; the AWS managed key alias/aws/sns cannot be given that grant.
    # https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
    topics = {
        template.target(action)
        for alarm in alarms(template).values()
        for action in alarm.get("AlarmActions", [])
        if template.type_of(template.target(action)) == "AWS::SNS::Topic"
    }
    problems = []
    for topic in sorted(topics):
        key_id = template.resource(topic, deployed=True).get("Properties", {}).get("KmsMasterKeyId")
        if key_id is None:
            continue
        key = template.target(key_id)
        if template.type_of(key) != "AWS::KMS::Key":
            problems.append(
                f"{topic}: KmsMasterKeyId is {template.render(key_id)!r}, which CloudWatch alarms cannot use; "
                "encrypt with an AWS::KMS::Key of this template (KmsMasterKeyId: !Ref AlarmTopicKey) whose key "
                "policy allows cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey*"
            )
            continue
        granted = set()
        for statement in as_list(template.resource(key, deployed=True)["Properties"]["KeyPolicy"]["Statement"]):
            services = (
                as_list(statement.get("Principal", {}).get("Service", []))
                if isinstance(statement.get("Principal"), dict)
                else []
            )
            if statement.get("Effect") == "Allow" and "cloudwatch.amazonaws.com" in services:
                granted |= set(as_list(statement.get("Action", [])))
        missing = {"kms:Decrypt", "kms:GenerateDataKey*"} - granted
        if missing:
            problems.append(f"{key} (key of {topic}): key policy must allow cloudwatch.amazonaws.com {sorted(missing)}")
    assert not problems, "alarm notifications would be dropped:\n" + "\n".join(problems)


# ------------------------------------------------------------------------------ logs
def test_every_function_logs_to_a_log_group_with_retention(template):
    problems = []
    for name in template.functions():
        log_group = template.log_group_of(name)
        if log_group is None:
            problems.append(
                f"{name}: declare {name}Logs (AWS::Logs::LogGroup, RetentionInDays: !Ref LogRetentionDays) and set "
                f"LoggingConfig: {{LogGroup: !Ref {name}Logs}}; otherwise Lambda creates one that keeps logs forever"
            )
    assert not problems, "\n".join(problems)


def test_every_log_group_has_retention(template):
    problems = [
        f"{name}: RetentionInDays: !Ref LogRetentionDays"
        for name, group in template.resources("AWS::Logs::LogGroup", deployed=True).items()
        if "RetentionInDays" not in group.get("Properties", {})
    ]
    assert not problems, "log groups without retention keep logs (and personal data in them) forever:\n" + "\n".join(
        problems
    )


# ------------------------------------------------------------------------------ API
def test_every_http_api_defaults_to_a_jwt_authorizer(template):
    problems = []
    for name, api in template.resources("AWS::Serverless::HttpApi").items():
        auth = api.get("Properties", {}).get("Auth", {})
        default = auth.get("DefaultAuthorizer")
        jwt = auth.get("Authorizers", {}).get(default, {}).get("JwtConfiguration", {})
        if not default or not jwt.get("issuer") or not jwt.get("audience"):
            problems.append(
                f"{name}: Auth.DefaultAuthorizer must name an authorizer with JwtConfiguration issuer+audience"
            )
    for name, function in template.resources("AWS::Serverless::Function").items():
        for event_name, event in function["Properties"].get("Events", {}).items():
            api = template.target(event.get("Properties", {}).get("ApiId", ""))
            if event["Type"] == "HttpApi" and template.type_of(api) != "AWS::ApiGatewayV2::Api":
                problems.append(
                    f"{name}.{event_name}: set ApiId: !Ref HttpApi (without it SAM creates an implicit API "
                    "with no authorizer)"
                )
    assert not problems, "\n".join(problems)


def test_only_health_and_docs_routes_skip_the_authorizer(template):
    unauthenticated, problems = set(), []
    for api in template.resources("AWS::ApiGatewayV2::Api", deployed=True).values():
        body = api["Properties"].get("Body", {})
        schemes = body.get("components", {}).get("securitySchemes", {})
        jwt_schemes = {
            s for s, scheme in schemes.items() if scheme.get("x-amazon-apigateway-authorizer", {}).get("type") == "jwt"
        }
        for path, operations in body.get("paths", {}).items():
            for method, operation in operations.items():
                if method not in HTTP_METHODS:
                    continue
                method = "ANY" if method == "x-amazon-apigateway-any-method" else method.upper()
                names = {scheme for requirement in operation.get("security", []) for scheme in requirement}
                if not names & jwt_schemes:
                    unauthenticated.add((method, path))
    for name, route in template.resources("AWS::ApiGatewayV2::Route", deployed=True).items():
        if route["Properties"].get("AuthorizationType", "NONE") != "JWT":
            problems.append(f"{name}: AuthorizationType {route['Properties'].get('AuthorizationType', 'NONE')}")
    problems += [
        f"{method} {path} is reachable without a token" for method, path in sorted(unauthenticated - PUBLIC_ROUTES)
    ]
    assert not problems, (
        "only "
        + ", ".join(f"{m} {p}" for m, p in sorted(PUBLIC_ROUTES))
        + " may skip the JWT authorizer:\n"
        + "\n".join(problems)
    )


# ------------------------------------------------------------------------------ runtime
def test_every_function_runs_python_3_12_or_newer(template):
    problems = []
    for name, properties in template.functions().items():
        runtime = properties.get("Runtime", "")
        match = re.fullmatch(r"python(\d+)\.(\d+)", runtime)
        if not match or (int(match[1]), int(match[2])) < MIN_PYTHON:
            problems.append(f"{name}: Runtime {runtime or '<none>'}")
    assert not problems, f"functions must run python{'.'.join(map(str, MIN_PYTHON))} or newer:\n" + "\n".join(problems)


def test_every_layer_supports_the_runtime_and_architecture_of_its_functions(template):
    problems = []
    layers = template.resources("AWS::Lambda::LayerVersion", deployed=True)
    for name, properties in template.functions().items():
        runtime, architectures = properties.get("Runtime"), properties.get("Architectures", ["x86_64"])
        for reference in properties.get("Layers", []):
            layer = template.target(reference)
            if layer not in layers:
                continue  # a layer from outside this template
            runtimes = layers[layer]["Properties"].get("CompatibleRuntimes", [runtime])
            layer_architectures = layers[layer]["Properties"].get("CompatibleArchitectures", architectures)
            if runtime not in runtimes:
                problems.append(f"{name} runs {runtime}, {layer} is built for {runtimes}")
            if not set(architectures) <= set(layer_architectures):
                problems.append(f"{name} runs on {architectures}, {layer} is built for {layer_architectures}")
    assert not problems, "\n".join(problems)
