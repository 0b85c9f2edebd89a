"""The source format as a JSON Schema, for editors that autocomplete and check YAML."""

from __future__ import annotations

from typing import Any

from generator.source.durations import MAX_MINUTES
from generator.source.model import (
    PART_CONTENT,
    PART_MINUTES,
    RESERVED_DIMENSION_KEYS,
    SLUG_PATTERN,
    Comparison,
)

SCHEMA_ID = "https://coursepack.invalid/schema/comparison.json"


def source_schema() -> dict[str, Any]:
    """Return the JSON Schema of a comparison source as users write it."""
    schema = Comparison.model_json_schema(mode="validation")
    defs = schema["$defs"]
    cell = {
        "description": "A cell: its detail text, or a mapping with summary and detail.",
        "anyOf": [
            {"type": "string", "minLength": 1},
            {
                "type": "object",
                "properties": {
                    "summary": {"type": "string", "description": "One line for slides and the "
                                "cheat sheet; derived from the detail's first sentence if missing."},
                    "detail": {"type": "string", "description": "Markdown for the handout and "
                               "speaker notes; the summary if missing."},
                },
                "additionalProperties": False,
                "minProperties": 1,
            },
        ],
    }
    dimension = defs["Dimension"]
    dimension["properties"].pop("cells", None)
    dimension["required"] = ["name"]
    dimension["description"] = (
        "One aspect compared: `name`, optional `takeaway`, `minutes`, `activity` and `notes` "
        "(the trainer's), and one cell per subject, keyed by the subject's key."
    )
    _dimension_minutes(dimension)
    dimension["patternProperties"] = {SLUG_PATTERN: cell}
    dimension["additionalProperties"] = False
    dimension["propertyNames"] = {"anyOf": [{"enum": list(RESERVED_DIMENSION_KEYS)},
                                            {"pattern": SLUG_PATTERN}]}
    defs.pop("Cell", None)
    _parts_with_minutes(schema)
    _numbers_are_text(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "coursepack comparison source"
    return schema


def _parts_with_minutes(schema: dict[str, Any]) -> None:
    """Let the introduction, the summary and the review be written as mappings with their
    minutes (`intro: {text: …, minutes: 5}`); the model's `<part>_minutes` fields are the
    loader's, never written."""
    properties = schema["properties"]
    for name in PART_MINUTES:
        properties.pop(name)
    for part, content in PART_CONTENT.items():
        written = properties[part]
        forms = [form for form in written.get("anyOf", [written]) if form.get("type") != "null"]
        properties[part] = {
            "description": f"The {part}: as it is, or a mapping of `{content}` and `minutes`.",
            "anyOf": [*forms, {"type": "null"}, {
                "type": "object",
                "properties": {content: forms[0] if content == "text" else {
                    "anyOf": [forms[0], {"type": "null"}]}, "minutes": MINUTES},
                "required": [content] if content == "text" else [],
                "additionalProperties": False,
            }],
        }


# Minutes as the loader reads them: a whole number from 1 to 1440, digits quoted or not.
MINUTES: dict[str, Any] = {
    "description": "Minutes the session spends on this part (the run sheet, the deck's time "
                   "slots).",
    "anyOf": [{"type": "integer", "minimum": 1, "maximum": MAX_MINUTES},
              {"type": "string", "pattern": r"^\s*\d{1,5}\s*$"}],
}


def _dimension_minutes(dimension: dict[str, Any]) -> None:
    """Give a dimension's `minutes` the loader's forms (a number, quoted digits, or null)."""
    dimension["properties"]["minutes"] = {"anyOf": [*MINUTES["anyOf"], {"type": "null"}],
                                          "description": MINUTES["description"]}


def _numbers_are_text(node: Any) -> None:
    """Let text fields hold numbers too (`version: 2.1`), as the loader reads them as text."""
    if isinstance(node, dict):
        if node.get("type") == "string" and "pattern" not in node and "enum" not in node:
            node["type"] = ["string", "number"]
        for value in node.values():
            _numbers_are_text(value)
    elif isinstance(node, list):
        for value in node:
            _numbers_are_text(value)
