"""JSON Schemas generated from the models: the only schema there is."""

from __future__ import annotations

import json

from pydantic import BaseModel

from ims_cli.config import Config
from ims_cli.models import KINDS, REGISTERS

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _models() -> dict[str, type[BaseModel]]:
    models: dict[str, type[BaseModel]] = {"ims": Config}
    models.update(REGISTERS)
    models.update({kind.name: kind.model for kind in KINDS})
    return models


def documents() -> dict[str, str]:
    """File name -> JSON text, for every schema `ims schema` writes."""
    out = {}
    for name, model in _models().items():
        schema = {"$schema": DIALECT, **model.model_json_schema()}
        out[f"{name}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    return out
