"""The kommune's own words: the codes a record may use where ims.yaml's `verdier:` lists them
(avvik categories and statuses, funn types, BMS focus areas, ROS consequence dimensions).

A model's field holds text marked with the list it comes from (`Listed("avvik_kategori")`); the
value is checked against the Vocabulary given as pydantic's validation context, which the store
makes from ims.yaml (Config.vocabulary). Without one, ims's own lists (the defaults) apply. The
index keeps what validation gave under the config's digest (rules.facts.config_key), so a changed
ims.yaml checks every record again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler, ValidationInfo
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from ims_cli.models.common import Code

# A code in ims.yaml: ASCII snake_case, as the keys of the records are (æ→ae, ø→o, å→a).
CODE_PATTERN = r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$"

AVVIK_KATEGORI = (
    "hms",
    "informasjonssikkerhet",
    "personvern",
    "tjenestekvalitet",
    "miljo",
    "etikk",
    "okonomi",
    "beredskap",
)
AVVIK_STATUS = (
    "meldt",
    "under_behandling",
    "tiltak_iverksatt",
    "lukket",
    "avvist",
    "videresendt",
)
# The statuses ims knows by name. `meldt` is where a new avvik starts; `lukket` is handled by the
# kommune (time to close counts it); `avvist` (not an avvik for the kommune to handle) and
# `videresendt` (sent on to the body that handles it) are settled without being handled here.
# Any other status in ims.yaml is open: the avvik is being handled.
NEW = "meldt"
CLOSED = "lukket"
SETTLED_ELSEWHERE = frozenset({"avvist", "videresendt"})
SETTLED = frozenset({CLOSED, *SETTLED_ELSEWHERE})
REQUIRED_STATUSES = (NEW, CLOSED)
FUNN_TYPE = ("avvik", "lovbrudd", "palegg", "merknad", "anbefaling", "forbedring")
# What a funn becomes with `ims revisjon avvik`: an improvement is a forbedringsforslag, a remark
# becomes nothing; every other type (also a kommune's own) is a deviation, a tilsyns- or
# revisjonsfunn.
IMPROVEMENT_FUNN = frozenset({"forbedring", "anbefaling"})
REMARK_FUNN = frozenset({"merknad"})
# A pålegg carries the frist the authority set (B026) and is late when not lukket by it (F016).
ORDER_FUNN = "palegg"
FOKUSOMRADE = (
    "brukere",
    "medarbeidere",
    "okonomi",
    "samfunn",
    "laering_og_fornyelse",
    "tjenestekvalitet",
)
KONSEKVENS = (
    "liv_og_helse",
    "tjenestekvalitet",
    "okonomi",
    "omdomme",
    "miljo",
    "informasjonssikkerhet",
)

# How each list is named in a message: «x» er ikke en av kategoriene i ims.yaml: …
NOUNS = {
    "avvik_kategori": "kategoriene",
    "avvik_status": "statusene for avvik",
    "funn_type": "funntypene",
    "fokusomrade": "fokusområdene",
    "konsekvens": "konsekvensdimensjonene",
}


def is_open(status: str) -> bool:
    """Whether an avvik with this status is still being handled (not settled one way or other)."""
    return status not in SETTLED


@dataclass(frozen=True)
class Vocabulary:
    """The codes each list allows; made from ims.yaml by Config.vocabulary."""

    avvik_kategori: tuple[str, ...] = AVVIK_KATEGORI
    avvik_underkategori: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    avvik_status: tuple[str, ...] = AVVIK_STATUS
    funn_type: tuple[str, ...] = FUNN_TYPE
    fokusomrade: tuple[str, ...] = FOKUSOMRADE
    konsekvens: tuple[str, ...] = KONSEKVENS

    def allowed(self, name: str) -> tuple[str, ...]:
        values: tuple[str, ...] = getattr(self, name)
        return values

    def sub_categories(self, kategori: str) -> tuple[str, ...]:
        return tuple(self.avvik_underkategori.get(kategori, ()))

    def all_sub_categories(self) -> tuple[str, ...]:
        """Every sub-category of every category, once each, in the order ims.yaml has them."""
        seen = dict.fromkeys(v for values in self.avvik_underkategori.values() for v in values)
        return tuple(seen)


DEFAULT = Vocabulary()


def _of(info: ValidationInfo) -> Vocabulary:
    return info.context if isinstance(info.context, Vocabulary) else DEFAULT


def not_listed(value: str, name: str, allowed: tuple[str, ...]) -> PydanticCustomError:
    """The error of a value that the list `name` in ims.yaml does not have."""
    return PydanticCustomError(
        "ims_verdi",
        "«{verdi}» er ikke en av {hva} i ims.yaml: {liste}; bruk en av dem, eller legg verdien "
        "til under verdier.{navn}",
        {
            "verdi": value,
            "hva": NOUNS[name],
            "liste": ", ".join(allowed),
            "navn": name,
            "tillatt": list(allowed),
        },
    )


@dataclass(frozen=True)
class Listed(Code):
    """Marks a text field whose value comes from the list `name` under `verdier:` in ims.yaml.

    A code (models.fields), checked against the vocabulary of the validation context. In a JSON
    Schema it is an `enum` of ims's own list, with SCHEMA_KEY naming the list, so that `ims schema`
    can put the repository's list in its place (models.schemas).
    """

    name: str

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.with_info_after_validator_function(self._check, handler(source))

    def _check(self, value: str, info: ValidationInfo) -> str:
        allowed = _of(info).allowed(self.name)
        if value not in allowed:
            raise not_listed(value, self.name, allowed)
        return value

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        found = handler(schema)
        return {**found, "enum": list(DEFAULT.allowed(self.name)), SCHEMA_KEY: self.name}


@dataclass(frozen=True)
class SubCategory(Code):
    """Marks an avvik's `underkategori`: one of the sub-categories ims.yaml lists for the avvik's
    `kategori` (verdier.avvik_underkategori), checked after the category."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.with_info_after_validator_function(self._check, handler(source))

    def _check(self, value: str, info: ValidationInfo) -> str:
        kategori = info.data.get("kategori")
        if not isinstance(kategori, str):
            return value  # the category is wrong: said once, there
        allowed = _of(info).sub_categories(kategori)
        if value in allowed:
            return value
        if not allowed:
            raise PydanticCustomError(
                "ims_verdi",
                "«{verdi}»: kategorien {kategori} har ingen underkategorier i ims.yaml; fjern "
                "underkategori, eller legg dem til under verdier.avvik_underkategori",
                {"verdi": value, "kategori": kategori, "tillatt": []},
            )
        raise PydanticCustomError(
            "ims_verdi",
            "«{verdi}» er ikke en av underkategoriene til {kategori} i ims.yaml: {liste}; bruk en "
            "av dem, eller legg verdien til under verdier.avvik_underkategori",
            {
                "verdi": value,
                "kategori": kategori,
                "liste": ", ".join(allowed),
                "tillatt": list(allowed),
            },
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {**handler(schema), SCHEMA_KEY: SUB_CATEGORIES}


# The key that names a field's list in a generated schema until `ims schema` replaces it.
SCHEMA_KEY = "x-ims-verdier"
SUB_CATEGORIES = "avvik_underkategori"


def schema_for(schema: Any, vocabulary: Vocabulary) -> Any:
    """A generated JSON Schema with every listed field's `enum` from the vocabulary."""
    if isinstance(schema, list):
        return [schema_for(item, vocabulary) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: schema_for(v, vocabulary) for k, v in schema.items() if k != SCHEMA_KEY}
    name = schema.get(SCHEMA_KEY)
    if name == SUB_CATEGORIES:
        subs = vocabulary.all_sub_categories()
        if subs:
            out["enum"] = list(subs)
    elif isinstance(name, str):
        out["enum"] = list(vocabulary.allowed(name))
    return out
