"""Print the API's OpenAPI document, generated from the routes (`make openapi` commits it)."""

from infra.local.functions import load_module


def document() -> str:
    return load_module("ApiFunction").app.get_openapi_json_schema() + "\n"


if __name__ == "__main__":
    print(document(), end="")
