"""JSON Schemas generated from the models: the only schema there is. One for ims.yaml, one for
each register, and one for each kind, in its file (Kind.schema)."""

from __future__ import annotations

import json

from pydantic import BaseModel

from ims_cli.config import Config
from ims_cli.kinds import KINDS
from ims_cli.models import REGISTERS

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _models() -> dict[str, type[BaseModel]]:
    """File name -> model."""
    models: dict[str, type[BaseModel]] = {"ims.schema.json": Config}
    models.update({f"{name}.schema.json": model for name, model in REGISTERS.items()})
    models.update({kind.schema: kind.model for kind in KINDS})
    return models


def documents() -> dict[str, str]:
    """File name -> JSON text, for every schema `ims schema` writes."""
    out = {}
    for name, model in _models().items():
        schema = {"$schema": DIALECT, **model.model_json_schema()}
        out[name] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    return out
