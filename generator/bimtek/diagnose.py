"""Pydantic's validation errors, told as a trainer reads them: file, line, field, and what was expected.

Each error's location is mapped back from the validated data to the YAML
document (union tags dropped), so the message points at the line a trainer
wrote; a typo in a field name gets the nearest known field.
"""

from __future__ import annotations

import difflib
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from .errors import Diagnostic
from .model import DuplicateId, Lesson
from .yamlfile import YamlDocument


def kind_of(value: Any) -> str:
    return {list: "list", str: "text", int: "number", float: "number", bool: "true/false", dict: "mapping"}.get(type(value), type(value).__name__)


def _data_path(loc: tuple, data: Any) -> tuple:
    """Drop pydantic's union tags (capitalised model names) from an error location."""
    path: list[Any] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and not part[:1].isupper():
            path.append(part)  # a missing field: keep its name for the message
            node = None
    return tuple(path)


def _field_name(path: tuple) -> str:
    named = [str(p) if isinstance(p, str) else f"[{p}]" for p in path]
    return _quoted(".".join(named).replace(".[", "["))[1:-1] or "(top level)"


def _quoted(name: object) -> str:
    """A trainer's key in quotes, on one line: control characters shown as escapes."""
    text = str(name)
    if text.isprintable():
        return f"'{text}'"
    return "'" + text.encode("unicode_escape").decode("ascii").replace("'", "\\'") + "'"


def translate(exc: ValidationError, doc: YamlDocument, model: type[BaseModel]) -> list[Diagnostic]:
    out = []
    for error in exc.errors():
        path = _data_path(error["loc"], doc.data)
        kind = error["type"]
        value = error.get("input")
        name = _field_name(path)
        if kind == "missing":
            message = f"missing required field '{path[-1]}'"
            out.append(doc.diagnostic(path[:-1], message))
            continue
        if kind == "extra_forbidden":
            allowed = _allowed_fields(model, path[:-1], doc.data)
            hint = difflib.get_close_matches(str(path[-1]), allowed, n=1)
            suggestion = f"; did you mean '{hint[0]}'?" if hint else f"; expected one of: {', '.join(allowed)}"
            out.append(doc.diagnostic(path, f"unknown field {_quoted(path[-1])}{suggestion}", key=True))
            continue
        duplicate = error.get("ctx", {}).get("error")
        if isinstance(duplicate, DuplicateId):
            path = (*path, duplicate.index, "id")  # at the second item, not the list
            name = _field_name(path)
        out.append(doc.diagnostic(path, f"field '{name}': {_explain(kind, error, value)}"))
    return out


def _explain(kind: str, error: dict, value: Any) -> str:
    got = f", got {_show(value)}"
    ctx = error.get("ctx", {})
    messages = {
        "int_type": "expected a whole number",
        "int_parsing": "expected a whole number",
        "int_from_float": "expected a whole number",
        "greater_than": f"expected a number greater than {ctx.get('gt')}",
        "greater_than_equal": f"expected a number of at least {ctx.get('ge')}",
        "less_than_equal": f"expected a number of at most {ctx.get('le')}",
        "string_type": "expected text",
        "string_too_short": "expected some text, found it empty",
        "string_too_long": f"expected at most {ctx.get('max_length')} characters",
        "list_type": "expected a list (lines starting with '- ')",
        "too_short": f"expected at least {ctx.get('min_length')} item(s)",
        "bool_type": "expected true or false",
        "model_type": "expected a mapping (key: value lines)",
        "model_attributes_type": "expected a mapping (key: value lines)",
        "dict_type": "expected a mapping (key: value lines)",
        "date_from_datetime_parsing": "expected a real date as YYYY-MM-DD (quote it)",
        "date_parsing": "expected a real date as YYYY-MM-DD (quote it)",
        "date_type": "expected a date as YYYY-MM-DD (quote it)",
        "string_pattern_mismatch": "expected an id: lower-case letters, digits and hyphens (e.g. 'cek-fakta')",
    }
    if kind.startswith("date_"):
        kind = "date_parsing"  # pydantic's variants (from a number, a datetime...) mean the same to a trainer
    if kind in messages:
        return messages[kind] + got
    if kind == "union_tag_invalid":  # the only tagged union: an agenda item
        return "expected an agenda item: {lesson: <lesson id>} or {activity: <text>, minutes: N}" + got
    if kind == "literal_error":
        return f"expected one of {ctx.get('expected')}{got}"
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", error["msg"]))
    return f"{error['msg']}{got}"


def _show(value: Any) -> str:
    if isinstance(value, list):
        return f"a list of {len(value)} item(s)" if value else "an empty list"
    if isinstance(value, dict):
        return f"a {kind_of(value)}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _allowed_fields(model: type[BaseModel], path: tuple, data: Any) -> list[str]:
    """Field names of the sub-model found at ``path`` (for 'did you mean')."""
    annotation: Any = model
    node = data
    for part in path:
        if not isinstance(part, int):
            # The model is chosen by the node it describes: an agenda item is a lesson
            # slot or an activity by its own keys, not by the list holding it.
            current = _model_in(annotation, node)
            field = current.model_fields.get(part) if current is not None else None
            if field is None:
                return []
            annotation = field.annotation
        try:
            node = node[part] if isinstance(node, (dict, list)) else None
        except (KeyError, IndexError, TypeError):
            node = None
    current = _model_in(annotation, node)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [name for name in current.model_fields if not (current is Lesson and name == "id")]
    return []


def _model_in(annotation: Any, node: Any) -> Any:
    """The pydantic model inside an annotation like list[Annotated[Union[A, B], ...]]."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    candidates = [_model_in(arg, node) for arg in get_args(annotation)]
    candidates = [c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)]
    if len(candidates) > 1 and isinstance(node, dict):
        for candidate in candidates:
            if set(node) & set(candidate.model_fields) - {"people"}:
                return candidate
    return candidates[0] if candidates else None
