"""JSON Schemas generated from the models: the only schema there is. One for ims.yaml, one for
each register, and one for each kind, in its file (Kind.schema)."""

from __future__ import annotations

import json

from pydantic import BaseModel

from ims_cli.config import Config
from ims_cli.kinds import KINDS
from ims_cli.models import REGISTERS
from ims_cli.models.vocabulary import DEFAULT, Vocabulary, schema_for

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _models() -> dict[str, type[BaseModel]]:
    """File name -> model."""
    models: dict[str, type[BaseModel]] = {"ims.schema.json": Config}
    models.update({f"{name}.schema.json": model for name, model in REGISTERS.items()})
    models.update({kind.schema: kind.model for kind in KINDS})
    return models


def documents(vocabulary: Vocabulary = DEFAULT) -> dict[str, str]:
    """File name -> JSON text, for every schema `ims schema` writes; the values of the lists in
    ims.yaml (`verdier:`) from `vocabulary`."""
    out = {}
    for name, model in _models().items():
        schema = {"$schema": DIALECT, **schema_for(model.model_json_schema(), vocabulary)}
        out[name] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    return out
