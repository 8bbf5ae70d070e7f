"""What every model of the authoring format shares: the base class and the kinds of field.

Every model forbids unknown fields, so a typo is an error, not a silent no-op. Every text
a trainer writes is checked to be one Markdown can render in reasonable time.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, Strict

from ..markup import markdown_problem

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=80)]
"""An id: lower-case letters, digits and single hyphens (it becomes a file name)."""


def _renderable(text: str) -> str:
    # Any text may be rendered as Markdown (a project's templates choose), so every
    # text must be one Markdown can render in reasonable time.
    problem = markdown_problem(text)
    if problem:
        raise ValueError(problem)
    return text


Plain = Annotated[str, AfterValidator(_renderable)]
"""Any text a trainer writes (every text type below is one)."""
Text = Annotated[str, Field(min_length=1), AfterValidator(_renderable)]
Markdown = Annotated[str, Field(min_length=1, description="Markdown text"), AfterValidator(_renderable)]
Minutes = Annotated[int, Strict(), Field(gt=0, le=24 * 60)]
Count = Annotated[int, Strict(), Field(ge=1, le=60)]


def _parse_clock(value: Any) -> Any:
    if isinstance(value, str):
        match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", value.strip())
        if not match:
            raise ValueError(f"expected a time of day as HH:MM (00:00 to 23:59), got {value!r}")
        return dt.time(int(match[1]), int(match[2]))
    return value


Clock = Annotated[dt.time, BeforeValidator(_parse_clock), Field(json_schema_extra={"type": "string", "pattern": r"^\d{1,2}:\d{2}$"})]


def _web_address(value: str) -> str:
    if not re.fullmatch(r"https?://[^\s/?#]+\.[^\s/?#]+(/[^\s?#]*)?", value):
        raise ValueError(f"expected the web address the site is published at, starting with https:// "
                         f"(e.g. https://humas.example.go.id/bimtek/), got {value!r}")
    return value if value.endswith("/") else value + "/"


SiteAddress = Annotated[str, AfterValidator(_web_address), Field(json_schema_extra={"format": "uri"})]


class Model(BaseModel):
    """Base of every model: unknown fields are errors, whole numbers stay numbers."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, str_strip_whitespace=True, frozen=True)

    def __reduce_ex__(self, protocol: object) -> tuple:
        # The workers of a cold run hand 43 models a lesson back pickled. Pydantic's own
        # __getstate__/__setstate__ build and read a state dict per model: this is the same
        # state in a tuple, a third less to pickle and a sixth less to unpickle (0.06 s of
        # a cold run of 1,000 lessons).
        return (_rebuilt, (type(self), self.__dict__, self.__pydantic_fields_set__, self.__pydantic_extra__, self.__pydantic_private__))


def _rebuilt(model: type[Model], values: dict, fields_set: set, extra: dict | None, private: dict | None) -> Model:
    """A model as :meth:`Model.__reduce_ex__` pickled it (what pydantic's ``__setstate__`` sets)."""
    rebuilt = _new(model)
    _set(rebuilt, "__pydantic_fields_set__", fields_set)
    _set(rebuilt, "__pydantic_extra__", extra)
    _set(rebuilt, "__pydantic_private__", private)
    _set(rebuilt, "__dict__", values)
    return rebuilt


_new, _set = object.__new__, object.__setattr__  # frozen models: set past their own __setattr__
