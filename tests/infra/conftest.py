"""template.yaml, loaded once per session, as written and as CloudFormation will deploy it.

The infra tests read the real template: nothing here lists a resource by hand. Intrinsics stay
structural (`samtranslator.yaml_helper.yaml_parse` turns `!GetAtt Table.Arn` into
`{"Fn::GetAtt": ["Table", "Arn"]}`); `Template.render` writes any ARN expression back in `!Sub`
syntax (`${Table.Arn}/index/due`), which is how the expectations in these tests are written.
"""

from __future__ import annotations

import copy
import os
import re
from functools import cached_property
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from samtranslator.translator.arn_generator import ArnGenerator
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_PATH = ROOT / "template.yaml"

_CODE_PROPERTY = {"AWS::Serverless::Function": "CodeUri", "AWS::Serverless::LayerVersion": "ContentUri"}


class _NoManagedPolicies:
    """SAM's managed-policy loader, offline: the template must not use SAM managed policies anyway."""

    def load(self) -> dict[str, str]:
        return {}


class Template:
    """template.yaml as written (`sam`) and as deployed (`deployed`), with helpers to read intrinsics."""

    def __init__(self, sam: dict[str, Any]) -> None:
        self.sam = sam  # template.yaml as written

    @cached_property
    def deployed(self) -> dict[str, Any]:
        """After the SAM transform: the resources CloudFormation creates."""
        try:
            return _deployed(self.sam)
        except Exception as error:  # noqa: BLE001 - any transform failure makes the deployed view unreadable
            pytest.fail(f"SAM cannot transform template.yaml, so what it deploys cannot be checked: {error}")

    # ------------------------------------------------------------------ resources
    def resources(self, type_: str, *, deployed: bool = False) -> dict[str, dict[str, Any]]:
        source = self.deployed if deployed else self.sam
        return {name: r for name, r in source["Resources"].items() if r["Type"] == type_}

    def resource(self, name: str, *, deployed: bool = False) -> dict[str, Any] | None:
        return (self.deployed if deployed else self.sam)["Resources"].get(name)

    def type_of(self, name: str | None) -> str | None:
        resource = self.resource(name, deployed=True) if name else None
        return resource["Type"] if resource else None

    def functions(self) -> dict[str, dict[str, Any]]:
        """Every Lambda function as deployed (SAM Globals merged in), logical id -> Properties."""
        return {name: r["Properties"] for name, r in self.resources("AWS::Lambda::Function", deployed=True).items()}

    def log_group_of(self, function: str) -> str | None:
        """The logical id of the log group a function writes to, if the template declares it."""
        properties = self.functions()[function]
        if "LoggingConfig" in properties and "LogGroup" in properties["LoggingConfig"]:
            return self.target(properties["LoggingConfig"]["LogGroup"])
        for name, group in self.resources("AWS::Logs::LogGroup", deployed=True).items():
            if self.render(group.get("Properties", {}).get("LogGroupName", "")) == f"/aws/lambda/${{{function}}}":
                return name
        return None

    # ------------------------------------------------------------------ intrinsics
    def render(self, value: Any) -> str:
        """An ARN or name expression in `!Sub` syntax: {"Fn::GetAtt": ["Table", "Arn"]} -> "${Table.Arn}"."""
        if isinstance(value, (str, int)):
            return str(value)
        if isinstance(value, dict) and len(value) == 1:
            ((function, argument),) = value.items()
            if function == "Ref":
                return f"${{{argument}}}"
            if function == "Fn::GetAtt":
                name, attribute = argument.split(".", 1) if isinstance(argument, str) else argument
                return f"${{{name}.{attribute}}}"
            if function == "Fn::Sub":
                if isinstance(argument, str):
                    return argument
                text, variables = argument
                return re.sub(
                    r"\$\{([^}!]+)\}",
                    lambda m: self.render(variables[m[1]]) if m[1] in variables else m[0],
                    text,
                )
            if function == "Fn::Join":
                separator, parts = argument
                return separator.join(self.render(part) for part in parts)
        raise AssertionError(
            f"cannot read {value!r} structurally; use !Ref, !GetAtt, !Sub or !Join "
            "(or teach Template.render in tests/infra/conftest.py the new intrinsic)"
        )

    def target(self, value: Any) -> str | None:
        """The logical id a value points at when it is exactly a !Ref / !GetAtt / "${X.Attr}", else None."""
        match = re.fullmatch(r"\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}", self.render(value))
        return match[1] if match else None


def _deployed(sam: dict[str, Any]) -> dict[str, Any]:
    template = copy.deepcopy(sam)
    for name, resource in template["Resources"].items():
        if resource["Type"] in _CODE_PROPERTY:  # SAM only accepts code in S3
            resource["Properties"][_CODE_PROPERTY[resource["Type"]]] = f"s3://artifacts/{name}.zip"
    # SAM asks boto3 for the region (pseudo parameters, partition): name one, whatever the environment.
    with (
        mock.patch.dict(os.environ, {"AWS_DEFAULT_REGION": "us-east-1"}),
        mock.patch.object(ArnGenerator, "BOTO_SESSION_REGION_NAME", "us-east-1"),
    ):
        return transform(template, {}, _NoManagedPolicies())


@pytest.fixture(scope="session")
def template() -> Template:
    return Template(yaml_parse(TEMPLATE_PATH.read_text()))
