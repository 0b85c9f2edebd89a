"""Building blocks the source and kit models share: strict models, non-empty text, language
tags."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"  # a BCP 47 tag, as sources write one
LanguageTag = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN, max_length=35)]


class StrictModel(BaseModel):
    """Base for source and kit models: unknown keys are errors, models are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)
