"""The API's OpenAPI document (/api/v1/openapi.json), made to describe what the API
really answers, so a client (or schemathesis) can rely on it:

- every operation documents the errors it can give (`Error` bodies), from its
  shape: 404 everywhere, 401/403 where it needs a caller, 400 where it reads a
  body, 409 on writes, 422 where it takes parameters, a body, or writes;
- a type nested in a class is named by its whole name (`Placement.Status` is
  `PlacementStatus`): otherwise the eight `Status` enums of the models share
  one name and the last one written replaces the others;
- times of day are UK local times without an offset (HH:MM[:SS]), which JSON
  Schema's `format: time` (RFC 3339, offset required) would call invalid.
"""

from __future__ import annotations

from ninja import Schema
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema
from ninja.schema import NinjaGenerateJsonSchema

from portal.api_types import LOCAL_TIME_SCHEMA


class FieldError(Schema):
    field: str | None
    message: str


class Error(Schema):
    detail: str
    errors: list[FieldError] | None = None


WRITE_METHODS = {"post", "put", "patch", "delete"}
ERRORS = {
    400: "The body could not be read (not JSON, or a broken multipart form).",
    401: "Sign in, or send a valid API token.",
    403: "You may not take this step (or the session's CSRF check failed).",
    404: "No such record (or none you may see), or no such address.",
    409: "The record is locked, or its status does not allow this step.",
    422: "A parameter or field is not valid; `errors` names each one.",
}


def errors_of(method: str, operation: dict) -> list[int]:
    """The error statuses an operation can answer with, read from its own shape."""
    takes_body = "requestBody" in operation
    takes_query = any(p.get("in") == "query" for p in operation.get("parameters", []))
    writes = method in WRITE_METHODS
    statuses = [404]
    if operation.get("security"):
        statuses += [401, 403]
    if takes_body:
        statuses.append(400)
    if writes:
        statuses.append(409)
    if takes_body or takes_query or writes:
        statuses.append(422)
    return statuses


class PortalJsonSchema(NinjaGenerateJsonSchema):
    def get_defs_ref(self, core_mode_ref):
        defs_ref = super().get_defs_ref(core_mode_ref)
        # core refs read "package.module.Outer.Inner:id"; the capitalised tail is
        # the class's qualified name.
        path = core_mode_ref[0].rsplit(":", 1)[0]
        if "[" not in path:
            qualname = [part for part in path.split(".") if part[:1].isupper()]
            if len(qualname) > 1:
                choices = self._prioritized_defsref_choices[defs_ref]
                choices.insert(0, self.normalize_name("".join(qualname)))
        return defs_ref

    def time_schema(self, schema):
        return dict(LOCAL_TIME_SCHEMA)


class PortalOpenAPISchema(OpenAPISchema):
    def __init__(self, api, path_prefix: str) -> None:
        # Names given to two different schemas (found by the tests; empty when sound).
        self.clashes: set[str] = set()
        super().__init__(api, path_prefix)
        self._document_errors()

    def _create_schema_from_model(self, model, by_alias=True, remove_level=True, mode="validation"):
        if hasattr(model, "__ninja_flatten_map__"):
            return super()._create_schema_from_model(model, by_alias, remove_level, mode)
        schema = model.model_json_schema(
            ref_template=REF_TEMPLATE,
            by_alias=by_alias,
            schema_generator=PortalJsonSchema,
            mode=mode,
        ).copy()
        if schema.get("$defs"):
            self.add_schema_definitions(schema.pop("$defs"))
        if remove_level and len(schema["properties"]) == 1:
            name, details = next(iter(schema["properties"].items()))
            return details, name in schema.get("required", {})
        return schema, True

    def add_schema_definitions(self, definitions: dict) -> None:
        for name, definition in definitions.items():
            if self.schemas.get(name, definition) != definition:
                self.clashes.add(name)
        super().add_schema_definitions(definitions)

    def _document_errors(self) -> None:
        for model in (FieldError, Error):
            model_schema = model.model_json_schema(ref_template=REF_TEMPLATE)
            model_schema.pop("$defs", None)
            self.add_schema_definitions({model.__name__: model_schema})
        body = {"application/json": {"schema": {"$ref": REF_TEMPLATE.format(model="Error")}}}
        for path_item in self["paths"].values():
            for method, operation in path_item.items():
                responses = operation.setdefault("responses", {})
                for status in errors_of(method, operation):
                    responses.setdefault(status, {"description": ERRORS[status], "content": body})
