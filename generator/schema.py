"""The source format as a JSON Schema, for editors that autocomplete and check YAML."""

from __future__ import annotations

from typing import Any

from generator.model import RESERVED_DIMENSION_KEYS, SLUG_PATTERN, Comparison

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
        "One aspect compared: `name`, optional `takeaway`, and one cell per subject, keyed by "
        "the subject's key."
    )
    dimension["patternProperties"] = {SLUG_PATTERN: cell}
    dimension["additionalProperties"] = False
    dimension["propertyNames"] = {"anyOf": [{"enum": list(RESERVED_DIMENSION_KEYS)},
                                            {"pattern": SLUG_PATTERN}]}
    defs.pop("Cell", None)
    _numbers_are_text(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "coursepack comparison source"
    return schema


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
