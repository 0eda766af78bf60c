"""Least privilege: each function runs under its own role, granting exact actions on exact ARNs.

Resources are compared as the template writes them, in !Sub syntax ("${Table.Arn}/index/due"),
so a hard-coded ARN or a wildcard shows up as a difference instead of passing by accident.
"""

from __future__ import annotations

from typing import Any

import pytest

TEST_FILE = "tests/infra/test_least_privilege.py"

# ---------------------------------------------------------------------------------------------
# What each function needs, beyond writing its own log group (always allowed, checked below) and
# cloudwatch:PutMetricData in its own namespace (allowed, not required: Powertools Metrics writes
# EMF to stdout). Function -> resource -> actions.
#
# When a function needs a new permission, change this table and its role in template.yaml in the
# same commit: the diff of this table is what a reviewer reads to approve a privilege change.
# ---------------------------------------------------------------------------------------------
NEEDED_ACCESS: dict[str, dict[str, set[str]]] = {
    "ApiFunction": {
        # UpdateItem: suggestions ignored, opportunities dismissed (phone limits are conditional puts)
        "${Table.Arn}": {
            "dynamodb:GetItem",
            "dynamodb:BatchGetItem",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "dynamodb:DeleteItem",
            "dynamodb:ConditionCheckItem",
            "dynamodb:Query",
        },
        "${Table.Arn}/index/due": {"dynamodb:Query"},
        # a LinkedIn export uploaded: kept for the import function, encrypted with the imports key
        "${ImportsBucket.Arn}/imports/*": {"s3:PutObject"},
        "${ImportsKey.Arn}": {"kms:GenerateDataKey"},
        # an account export's download link is signed with the API's role: it reads the zip
        "${ExportsBucket.Arn}/exports/*": {"s3:GetObject"},
        "${ExportsKey.Arn}": {"kms:Decrypt"},
        # a calendar added: its address sealed before it is stored (opening it is the calendar sync's alone)
        "${CalendarKey.Arn}": {"kms:Encrypt"},
    },
    "OnChangeFunction": {
        # the event source mapping reads the stream with the function's role
        "${Table.StreamArn}": {"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"},
        "${Table.Arn}/stream/*": {"dynamodb:ListStreams"},
        "${Table.Arn}": {
            "dynamodb:GetItem",
            "dynamodb:Query",
            "dynamodb:UpdateItem",
            "dynamodb:PutItem",
            "dynamodb:DeleteItem",
        },
        # the mapping's OnFailure destination is written with the function's role too
        "${OnChangeDeadLetters.Arn}": {"sqs:SendMessage"},
        # a new address to confirm: the confirmation email goes through the deliver function
        "${DeliveryQueue.Arn}": {"sqs:SendMessage"},
        # digest schedules follow the profiles; the scheduler enqueues with its own role
        "arn:${AWS::Partition}:scheduler:${AWS::Region}:${AWS::AccountId}:schedule/${AWS::StackName}-digests/*": {
            "scheduler:GetSchedule",
            "scheduler:CreateSchedule",
            "scheduler:UpdateSchedule",
            "scheduler:DeleteSchedule",
        },
        "${SchedulerRole.Arn}": {"iam:PassRole"},
        # an import started or advanced: its next chunk goes to the import function
        "${ImportQueue.Arn}": {"sqs:SendMessage"},
        # an account export started: the export function writes it
        "${ExportQueue.Arn}": {"sqs:SendMessage"},
        # a profile marked for deletion (DELETE /me): its deletion goes to the delete_account function
        "${AccountDeletionQueue.Arn}": {"sqs:SendMessage"},
        # a calendar added: its first sync at once (then the hourly schedule, with the scheduler's role)
        "${CalendarSyncQueue.Arn}": {"sqs:SendMessage"},
    },
    "DeliverFunction": {
        # the SQS event source mapping polls with the function's role
        # ...and the function itself defers an SMS in quiet hours by hiding its message
        "${DeliveryQueue.Arn}": {
            "sqs:ReceiveMessage",
            "sqs:DeleteMessage",
            "sqs:GetQueueAttributes",
            "sqs:GetQueueUrl",
            "sqs:ChangeMessageVisibility",
        },
        # reminders and what was sent; Powertools idempotency records (Put, Get, Update, Delete)
        "${Table.Arn}": {
            "dynamodb:GetItem",
            "dynamodb:BatchGetItem",
            "dynamodb:Query",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "dynamodb:DeleteItem",
        },
        "${Table.Arn}/index/due": {"dynamodb:Query"},
        "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/*": {"ses:SendRawEmail"},
        "*": {"sns:Publish", "sns:CheckIfPhoneNumberIsOptedOut"},
    },
    "InboundEmailFunction": {
        # the raw message SES stored, under the prefix of the receipt rule, and the key it is encrypted with
        "${InboundMailBucket.Arn}/raw/*": {"s3:GetObject"},
        "${InboundMailKey.Arn}": {"kms:Decrypt"},
        # touches, quarantine, suggestions, the once-per-message marks (transactions: Put, Update, Delete, Check)
        "${Table.Arn}": {
            "dynamodb:GetItem",
            "dynamodb:BatchGetItem",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "dynamodb:DeleteItem",
            "dynamodb:ConditionCheckItem",
            "dynamodb:Query",
        },
        # the asynchronous invocation's OnFailure destination is written with the function's role
        "${InboundDeadLetters.Arn}": {"sqs:SendMessage"},
    },
    "InboundSmsFunction": {
        "${InboundSmsQueue.Arn}": {"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"},
        # reminders done/snoozed/dismissed, touches logged, STOP/START, the last digest's lines,
        # Powertools idempotency records (Put, Get, Update, Delete)
        "${Table.Arn}": {
            "dynamodb:GetItem",
            "dynamodb:BatchGetItem",
            "dynamodb:Query",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "dynamodb:DeleteItem",
            "dynamodb:ConditionCheckItem",
        },
        "*": {"sns:Publish"},
    },
    "ImportFunction": {
        "${ImportQueue.Arn}": {"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"},
        # the uploaded export, read again by each chunk
        "${ImportsBucket.Arn}/imports/*": {"s3:GetObject"},
        "${ImportsKey.Arn}": {"kms:Decrypt"},
        # claims and contacts looked up in batches, contacts created in transactions, the job advanced
        "${Table.Arn}": {
            "dynamodb:GetItem",
            "dynamodb:BatchGetItem",
            "dynamodb:Query",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "dynamodb:DeleteItem",
            "dynamodb:ConditionCheckItem",
        },
    },
    "CalendarSyncFunction": {
        "${CalendarSyncQueue.Arn}": {"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"},
        # the calendars' addresses opened, never sealed (the API seals)
        "${CalendarKey.Arn}": {"kms:Decrypt"},
        # sources, marks, contacts' addresses, meetings and touches read; each occurrence's writes in one
        # transaction (touch, meeting, suggestions, mark: conditional), the source's state updated
        "${Table.Arn}": {
            "dynamodb:GetItem",
            "dynamodb:BatchGetItem",
            "dynamodb:Query",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "dynamodb:DeleteItem",
            "dynamodb:ConditionCheckItem",
        },
    },
    "ExportFunction": {
        "${ExportQueue.Arn}": {"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"},
        # the zip, uploaded in parts (an upload that fails is aborted); completing it decrypts its data keys
        "${ExportsBucket.Arn}/exports/*": {"s3:PutObject", "s3:AbortMultipartUpload", "s3:DeleteObject"},
        "${ExportsKey.Arn}": {"kms:GenerateDataKey", "kms:Decrypt"},
        # the raw mails still kept, put in the zip
        "${InboundMailBucket.Arn}/raw/*": {"s3:GetObject"},
        "${InboundMailKey.Arn}": {"kms:Decrypt"},
        # every item of the networker read; the job's progress and end written (the running place freed)
        "${Table.Arn}": {
            "dynamodb:GetItem",
            "dynamodb:BatchGetItem",
            "dynamodb:Query",
            "dynamodb:UpdateItem",
            "dynamodb:DeleteItem",
        },
    },
    "DeleteAccountFunction": {
        "${AccountDeletionQueue.Arn}": {"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"},
        # the profile marked, the networker's partitions read, their items deleted (claims on condition)
        "${Table.Arn}": {
            "dynamodb:GetItem",
            "dynamodb:Query",
            "dynamodb:UpdateItem",
            "dynamodb:DeleteItem",
            "dynamodb:BatchWriteItem",
        },
        # the digest, review and brief schedules deleted (never created: no PassRole)
        "arn:${AWS::Partition}:scheduler:${AWS::Region}:${AWS::AccountId}:schedule/${AWS::StackName}-digests/*": {
            "scheduler:DeleteSchedule",
        },
        # the networker's uploaded files, listed under their prefix, and the raw mail kept for them
        "${ImportsBucket.Arn}/imports/*": {"s3:DeleteObject"},
        "${ImportsBucket.Arn}": {"s3:ListBucket"},
        "${InboundMailBucket.Arn}/raw/*": {"s3:DeleteObject"},
        "${ExportsBucket.Arn}/exports/*": {"s3:DeleteObject"},
        "${ExportsBucket.Arn}": {"s3:ListBucket"},
        # their sign-in
        "arn:${AWS::Partition}:cognito-idp:${AWS::Region}:${AWS::AccountId}:userpool/${UserPool}": {
            "cognito-idp:AdminDeleteUser",
        },
    },
}

# The only actions that may name Resource "*", and the condition key that must then scope them.
WILDCARD_RESOURCE_ALLOWED = {"cloudwatch:PutMetricData": "cloudwatch:namespace"}
# Actions whose target has no ARN at all (an SMS goes to a phone number): "*" is the only form.
NO_RESOURCE_ARN = {"sns:Publish", "sns:CheckIfPhoneNumberIsOptedOut"}

LOG_ACTIONS = {"logs:CreateLogStream", "logs:PutLogEvents"}
LAMBDA_PRINCIPAL = "lambda.amazonaws.com"


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


# ------------------------------------------------------------------------------ reading policies
def role_of(template, function: str) -> str | None:
    role = template.functions()[function].get("Role")
    return template.target(role) if role is not None else None


def function_roles(template) -> dict[str, str]:
    """Function -> its role, for the functions whose role is an AWS::IAM::Role of template.yaml.

    The others are reported by test_every_function_runs_under_its_own_role_from_this_template.
    """
    roles = template.resources("AWS::IAM::Role")
    return {name: role_of(template, name) for name in template.functions() if role_of(template, name) in roles}


def policy_documents(template) -> list[tuple[str, dict]]:
    """(where, document) for every identity policy in the template."""
    documents = []
    for name, role in template.resources("AWS::IAM::Role").items():
        for policy in role["Properties"].get("Policies", []):
            documents.append((f"{name}/{policy['PolicyName']}", policy["PolicyDocument"]))
    for type_ in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy"):
        for name, policy in template.resources(type_).items():
            documents.append((name, policy["Properties"]["PolicyDocument"]))
    return documents


def statements(template, role: str) -> list[dict]:
    """Every statement granted to a role: inline, or attached through a policy resource."""
    found = []
    for policy in template.resources("AWS::IAM::Role")[role]["Properties"].get("Policies", []):
        found += as_list(policy["PolicyDocument"]["Statement"])
    for type_ in ("AWS::IAM::Policy", "AWS::IAM::RolePolicy"):
        for policy in template.resources(type_).values():
            properties = policy["Properties"]
            attached = [template.target(r) for r in as_list(properties.get("Roles", properties.get("RoleName", [])))]
            if role in attached:
                found += as_list(properties["PolicyDocument"]["Statement"])
    return found


def granted(template, function: str) -> dict[str, set[str]]:
    """Resource -> actions the function's role allows, minus its own logs and namespaced metrics."""
    role = function_roles(template).get(function)
    if role is None:
        pytest.fail(f"{function} does not run under a role of template.yaml (see the own-role test)")
    log_group = template.log_group_of(function)
    own_log_arns = {f"${{{log_group}.Arn}}", f"${{{log_group}.Arn}}:*"}
    access: dict[str, set[str]] = {}
    for statement in statements(template, role):
        if statement.get("Effect") != "Allow":
            continue
        for resource in as_list(statement.get("Resource", [])):
            resource = template.render(resource)
            for action in as_list(statement.get("Action", [])):
                if action in LOG_ACTIONS and resource in own_log_arns:
                    continue
                if action in WILDCARD_RESOURCE_ALLOWED and statement.get("Condition"):
                    continue  # checked by test_wildcard_resources_are_only_namespaced_metrics
                access.setdefault(resource, set()).add(action)
    return access


# ------------------------------------------------------------------------------ one role each
def test_every_function_runs_under_its_own_role_from_this_template(template):
    problems = []
    globals_function = template.sam.get("Globals", {}).get("Function", {})
    for key in ("Role", "Policies"):
        if key in globals_function:
            problems.append(f"Globals.Function sets {key}: give each function its own role instead")
    for name, function in template.resources("AWS::Serverless::Function").items():
        if "Policies" in function["Properties"]:
            problems.append(
                f"{name} uses SAM `Policies` (SAM then builds a role with managed policies and *CrudPolicy "
                f"templates): declare an AWS::IAM::Role {name}Role and set `Role: !GetAtt {name}Role.Arn`"
            )

    users: dict[str, list[str]] = {}
    for name in template.functions():
        role = role_of(template, name)
        if template.resource(role or "") is None or template.type_of(role) != "AWS::IAM::Role":
            problems.append(
                f"{name} does not run under an AWS::IAM::Role written in template.yaml "
                f"(Role renders as {template.render(template.functions()[name].get('Role', '<missing>'))!r})"
            )
            continue
        users.setdefault(role, []).append(name)
    problems += [f"functions {', '.join(fns)} share the role {role}" for role, fns in users.items() if len(fns) > 1]

    assert not problems, "\n".join(problems)


def test_function_roles_attach_no_managed_policies(template):
    problems = []
    for name, role in function_roles(template).items():
        properties = template.resources("AWS::IAM::Role")[role]["Properties"]
        if properties.get("ManagedPolicyArns"):
            problems.append(
                f"{role} ({name}) attaches managed policies {properties['ManagedPolicyArns']}: "
                "write the exact statements inline instead (AWSLambdaBasicExecutionRole -> a Logs statement "
                "on the function's own log group)"
            )
        for policy_name, policy in template.resources("AWS::IAM::ManagedPolicy").items():
            if role in [template.target(r) for r in as_list(policy["Properties"].get("Roles", []))]:
                problems.append(f"{policy_name} (a managed policy) is attached to {role} ({name})")
    assert not problems, "\n".join(problems)


def test_function_roles_can_only_be_assumed_by_lambda(template):
    problems = []
    for name, role in function_roles(template).items():
        trust = template.resources("AWS::IAM::Role")[role]["Properties"].get("AssumeRolePolicyDocument")
        trust_statements = as_list(trust["Statement"]) if trust else []
        if not trust_statements:
            problems.append(f"{role} ({name}) has no trust policy")
        for statement in trust_statements:
            principal = statement.get("Principal")
            if (
                statement.get("Effect") != "Allow"
                or not isinstance(principal, dict)
                or set(principal) != {"Service"}
                or as_list(principal["Service"]) != [LAMBDA_PRINCIPAL]
                or as_list(statement.get("Action")) != ["sts:AssumeRole"]
            ):
                problems.append(
                    f"{role} ({name}) trust statement {statement} must be exactly: "
                    f"Effect Allow, Principal {{Service: {LAMBDA_PRINCIPAL}}}, Action sts:AssumeRole"
                )
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------------------ no wildcards
def test_no_policy_uses_an_action_wildcard_or_a_negation(template):
    problems = []
    for where, document in policy_documents(template):
        for statement in as_list(document["Statement"]):
            for key in ("NotAction", "NotResource", "NotPrincipal"):
                if key in statement:
                    problems.append(f"{where}: {key} grants everything but a list; name what is allowed")
            wildcards = [a for a in as_list(statement.get("Action", [])) if "*" in a]
            if wildcards:
                problems.append(f"{where} (Sid {statement.get('Sid')}): wildcard action(s) {wildcards}; list them")
    assert not problems, "\n".join(problems)


def test_wildcard_resources_are_only_namespaced_metrics(template):
    problems = []
    for where, document in policy_documents(template):
        for statement in as_list(document["Statement"]):
            if statement.get("Effect") != "Allow":
                continue
            resources = [template.render(r) for r in as_list(statement.get("Resource", []))]
            if "*" not in resources:
                continue
            for action in as_list(statement.get("Action", [])):
                if action in NO_RESOURCE_ARN:
                    continue
                condition_key = WILDCARD_RESOURCE_ALLOWED.get(action)
                conditioned = any(condition_key in operands for operands in statement.get("Condition", {}).values())
                if condition_key is None:
                    problems.append(
                        f"{where} (Sid {statement.get('Sid')}): {action} on Resource '*'; "
                        "name the ARN (!GetAtt X.Arn, !Sub ${X.Arn}/index/name)"
                    )
                elif not conditioned:
                    problems.append(
                        f"{where} (Sid {statement.get('Sid')}): {action} on '*' needs a Condition on {condition_key}"
                    )
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------------------ exact access
def test_every_function_is_in_the_access_table(template):
    assert set(template.functions()) == set(NEEDED_ACCESS), (
        f"functions in template.yaml: {sorted(template.functions())}; "
        f"functions in NEEDED_ACCESS ({TEST_FILE}): {sorted(NEEDED_ACCESS)}. "
        "Add a new function to the table with the exact resources and actions it needs (or remove a deleted one)."
    )


@pytest.mark.parametrize("function", sorted(NEEDED_ACCESS))
def test_role_grants_exactly_what_the_function_needs(template, function):
    if function not in template.functions():
        pytest.fail(f"{function} is in NEEDED_ACCESS but not in template.yaml; remove it from {TEST_FILE}")
    actual = granted(template, function)
    expected = NEEDED_ACCESS[function]

    differences = []
    for resource in sorted(set(actual) | set(expected)):
        extra = sorted(actual.get(resource, set()) - expected.get(resource, set()))
        missing = sorted(expected.get(resource, set()) - actual.get(resource, set()))
        if extra:
            differences.append(f"  granted but not needed on {resource}: {extra}")
        if missing:
            differences.append(f"  needed but not granted on {resource}: {missing}")
    assert not differences, (
        f"{role_of(template, function)} does not grant exactly what {function} needs:\n"
        + "\n".join(differences)
        + f"\nIf the function's needs changed, update NEEDED_ACCESS in {TEST_FILE} and the role in "
        "template.yaml together; otherwise fix the role."
    )


def test_every_function_can_write_only_its_own_log_group(template):
    problems = []
    for name, role in function_roles(template).items():
        log_group = template.log_group_of(name)
        if log_group is None:
            problems.append(f"{name} has no log group in the template (set LoggingConfig.LogGroup: !Ref {name}Logs)")
            continue
        own = {f"${{{log_group}.Arn}}", f"${{{log_group}.Arn}}:*"}
        allowed = set()
        for statement in statements(template, role):
            if statement.get("Effect") == "Allow":
                resources = {template.render(r) for r in as_list(statement.get("Resource", []))}
                actions = set(as_list(statement.get("Action", [])))
                if resources <= own:
                    allowed |= actions & LOG_ACTIONS
                elif actions & LOG_ACTIONS:
                    problems.append(f"{name} may write logs outside its own log group {log_group}: {sorted(resources)}")
        if allowed != LOG_ACTIONS:
            problems.append(
                f"{name} cannot write its logs: grant {sorted(LOG_ACTIONS)} on !Sub ${{{log_group}.Arn}} "
                f"(missing {sorted(LOG_ACTIONS - allowed)})"
            )
    assert not problems, "\n".join(problems)


def test_metrics_grants_match_the_function_namespace(template):
    problems = []
    for name, role in function_roles(template).items():
        variables = template.functions()[name].get("Environment", {}).get("Variables", {})
        namespace = variables.get("POWERTOOLS_METRICS_NAMESPACE")
        for statement in statements(template, role):
            if "cloudwatch:PutMetricData" not in as_list(statement.get("Action", [])):
                continue
            granted_namespaces = [
                operands["cloudwatch:namespace"]
                for operands in statement.get("Condition", {}).values()
                if "cloudwatch:namespace" in operands
            ]
            if granted_namespaces != [namespace]:
                problems.append(
                    f"{name}: PutMetricData is granted for namespace {granted_namespaces}, "
                    f"but the function writes to POWERTOOLS_METRICS_NAMESPACE={namespace!r}"
                )
    assert not problems, "\n".join(problems)


def test_event_source_mappings_can_read_their_source_and_keep_their_failures(template):
    # Lambda polls streams and queues, and writes OnFailure records, with the function's own role:
    # without these grants the mapping fails to create or silently stops delivering failures.
    problems = []
    for name, mapping in template.resources("AWS::Lambda::EventSourceMapping", deployed=True).items():
        properties = mapping["Properties"]
        function = template.target(properties["FunctionName"])
        if function not in function_roles(template):
            continue
        access = granted(template, function)
        source = template.render(properties["EventSourceArn"])
        source_type = template.type_of(template.target(properties["EventSourceArn"]))
        needed = {}
        if source_type == "AWS::DynamoDB::Table":
            needed[source] = {"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"}
            if not any("dynamodb:ListStreams" in actions for actions in access.values()):
                problems.append(f"{name}: {function} needs dynamodb:ListStreams (on !Sub ${{Table.Arn}}/stream/*)")
        elif source_type == "AWS::SQS::Queue":
            needed[source] = {"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"}
        destination = properties.get("DestinationConfig", {}).get("OnFailure", {}).get("Destination")
        if destination is not None:
            destination_type = template.type_of(template.target(destination))
            action = {"AWS::SQS::Queue": "sqs:SendMessage", "AWS::SNS::Topic": "sns:Publish"}.get(destination_type)
            if action:
                needed.setdefault(template.render(destination), set()).add(action)
        for resource, actions in needed.items():
            missing = sorted(actions - access.get(resource, set()))
            if missing:
                problems.append(f"{name}: {function}'s role must grant {missing} on {resource}")
    assert not problems, "\n".join(problems)


def test_the_scheduler_may_only_enqueue_deliveries_and_calendar_syncs(template):
    """EventBridge Scheduler's role (schedules in the digests group): the digest, review and brief schedules put
    deliveries on the delivery queue, each networker's hourly calendar sync its request on the calendar sync
    queue; each queue's dead letters take what could not be put there."""
    role = template.resources("AWS::IAM::Role")["SchedulerRole"]["Properties"]
    granted: dict[str, set[str]] = {}
    for policy in role["Policies"]:
        for statement in as_list(policy["PolicyDocument"]["Statement"]):
            assert statement["Effect"] == "Allow"
            for resource in as_list(statement["Resource"]):
                granted.setdefault(template.render(resource), set()).update(as_list(statement["Action"]))
    send = {"sqs:SendMessage"}
    assert granted == {
        "${DeliveryQueue.Arn}": send,
        "${DeliveryDeadLetters.Arn}": send,
        "${CalendarSyncQueue.Arn}": send,
        "${CalendarSyncDeadLetters.Arn}": send,
    }
