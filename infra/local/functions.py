"""Load the real Lambda handlers named by template.yaml, with the environment moto resolved.

Each function's CodeUri folder goes on sys.path (as it is the root of its zip in Lambda) and its
handler module is imported under a unique name, so two functions may both have an `app.py`.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable
from types import ModuleType

from infra.local import template
from infra.local.provision import Stack

Handler = Callable[[dict, object], dict]


def apply_environment(stack: Stack) -> None:
    """Put every function's environment in this process (they share one; a clash is a bug)."""
    merged: dict[str, str] = {}
    for function, variables in stack.environments.items():
        for key, value in variables.items():
            value = str(value)  # Lambda's variables are strings; moto keeps a Number parameter's int
            if key in merged and merged[key] != value and key != "POWERTOOLS_SERVICE_NAME":
                raise RuntimeError(f"{function} sets {key}={value!r}, another function {merged[key]!r}")
            merged[key] = value
    merged.pop("POWERTOOLS_SERVICE_NAME", None)
    os.environ.update(merged)


def load_handler(function: str) -> Handler:
    return getattr(load_module(function), template.handler_of(function).rsplit(".", 1)[1])


def load_module(function: str) -> ModuleType:
    """The function's handler module, imported once per container."""
    folder = template.code_folders()[function]
    module_name = template.handler_of(function).rsplit(".", 1)[0]
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
    unique = f"rapport_function_{function}"
    module = sys.modules.get(unique)
    if module is None:
        spec = importlib.util.spec_from_file_location(unique, folder / f"{module_name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[unique] = module
        spec.loader.exec_module(module)
    return module


def cold_start() -> None:
    """Forget every loaded handler and the modules beside it in its folder: the next load is a new
    container (fresh clients and settings)."""
    resources = template.sam_template()["Resources"]
    folders = [
        str(folder)
        for name, folder in template.code_folders().items()
        if resources[name]["Type"] == "AWS::Serverless::Function"  # not the layer: it is the same code
    ]
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None) or ""
        if name.startswith("rapport_function_") or any(path.startswith(folder + "/") for folder in folders):
            del sys.modules[name]
