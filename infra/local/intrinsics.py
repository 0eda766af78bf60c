"""The intrinsic functions of template.yaml resolved locally, for the resources moto's CloudFormation
skips and the local runtime creates itself (SES receipt rules, SNS subscriptions, EventInvokeConfigs)."""

from __future__ import annotations

import re

import boto3


class Intrinsics:
    """Resolves the intrinsic functions of the resources moto skipped, to what the stack made.

    Only what those resources use: Ref (parameters at their defaults, pseudo parameters, resources),
    Fn::GetAtt of an ARN, Fn::Sub. Anything else is an error naming it, rather than a guess.
    """

    def __init__(self, body: dict, resources: dict[str, str], stack_name: str, region: str) -> None:
        self._region = region
        account = boto3.client("sts", region_name=region).get_caller_identity()["Account"]
        self.physical = dict(resources)  # grows with what is created here (a rule set's name)
        self._types = {logical: resource["Type"] for logical, resource in body["Resources"].items()}
        self._values = {name: parameter.get("Default") for name, parameter in body.get("Parameters", {}).items()}
        self._values |= {
            "AWS::StackName": stack_name,
            "AWS::Region": region,
            "AWS::AccountId": account,
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
        }

    def resolve(self, value: object, where: str) -> object:
        if isinstance(value, list):
            return [self.resolve(item, where) for item in value]
        if not isinstance(value, dict):
            return value
        if set(value) == {"Ref"}:
            return self._ref(value["Ref"], where)
        if set(value) == {"Fn::GetAtt"}:
            logical, attribute = value["Fn::GetAtt"]
            return self._attribute(logical, attribute, where)
        if set(value) == {"Fn::Sub"} and isinstance(value["Fn::Sub"], str):
            return re.sub(r"\$\{([^}!]+)\}", lambda match: str(self._sub(match.group(1), where)), value["Fn::Sub"])
        if any(key.startswith("Fn::") for key in value):
            raise RuntimeError(f"{where}: cannot resolve {value!r} locally")
        return {key: self.resolve(item, where) for key, item in value.items()}

    def _sub(self, name: str, where: str) -> object:
        logical, _, attribute = name.partition(".")
        return self._attribute(logical, attribute, where) if attribute else self._ref(name, where)

    def _ref(self, name: str, where: str) -> object:
        if name in self._values:
            return self._values[name]
        if name in self.physical:
            return self.physical[name]
        raise RuntimeError(f"{where}: {name} has no local value (not created yet, or skipped by moto)")

    def _attribute(self, logical: str, attribute: str, where: str) -> str:
        kind, physical = self._types.get(logical), self.physical.get(logical)
        if attribute == "Arn" and physical is not None:
            if kind == "AWS::Lambda::Function":
                client = boto3.client("lambda", region_name=self._region)
                return client.get_function_configuration(FunctionName=physical)["FunctionArn"]
            if kind == "AWS::SQS::Queue":
                client = boto3.client("sqs", region_name=self._region)
                return client.get_queue_attributes(QueueUrl=physical, AttributeNames=["QueueArn"])["Attributes"][
                    "QueueArn"
                ]
            if kind == "AWS::S3::Bucket":
                return f"arn:aws:s3:::{physical}"
        raise RuntimeError(f"{where}: cannot resolve {logical}.{attribute} locally")
