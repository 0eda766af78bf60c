"""The base of every model: schemas are built on first use, not at import.

A Lambda cold start imports every model but one request uses a few; building all their
validators up front cost the API ~20 ms of cold start.
"""

from pydantic import BaseModel, ConfigDict


class Model(BaseModel):
    model_config = ConfigDict(defer_build=True)
