"""libyaml's node tree to plain Python data, remembering where every value stands.

A private SafeLoader subclass (:class:`Loader`; never ``yaml.load`` with a full loader)
composes the node tree, and :class:`Builder` builds the data from it, so that we can
- record the line and column of every key and value (for ``file:line:col`` errors),
- reject duplicate keys (PyYAML silently keeps the last one),
- refuse aliases (no "billion laughs") and any tag outside the safe set,
- resolve scalars like YAML 1.2: ``13:30`` stays text (YAML 1.1 reads it as the
  number 810), ``no`` stays text, and dates stay text for the model to parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import Diagnostic

PathKey = tuple[Any, ...]


class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's C parser: ~20x faster
    """Safe loader with YAML 1.2 core-schema scalars (see module docstring)."""

    yaml_implicit_resolvers: dict = {}


Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
Loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)
Loader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])

_STR_TAG = "tag:yaml.org,2002:str"
_IMPLICIT_TAG = re.compile(r"(?P<bool>true|True|TRUE|false|False|FALSE)|(?P<int>[-+]?[0-9]+)"
                           r"|(?P<float>[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)|(?P<null>~|null|Null|NULL|)")
_IMPLICIT_FIRST = set("tTfF-+0123456789.~nN")


def _resolve_scalar(loader: Loader, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
    """The resolvers above in one pass: libyaml asks for the tag of every scalar (most of them text)."""
    if kind is not yaml.ScalarNode:
        return yaml.resolver.BaseResolver.resolve(loader, kind, value, implicit)
    if implicit[0] and (not value or value[0] in _IMPLICIT_FIRST):
        match = _IMPLICIT_TAG.fullmatch(value)
        if match:
            return "tag:yaml.org,2002:" + match.lastgroup
    return _STR_TAG


Loader.resolve = _resolve_scalar  # type: ignore[method-assign]


def _no_path_resolvers(loader: Loader, *where: Any) -> None:
    """PyYAML's path resolvers: none are added here, and libyaml calls these twice per node (5 % of composing)."""


Loader.descend_resolver = _no_path_resolvers  # type: ignore[method-assign,assignment]
Loader.ascend_resolver = _no_path_resolvers  # type: ignore[method-assign,assignment]

_DECIMAL = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_SPECIAL_FLOATS = {".inf": float("inf"), "+.inf": float("inf"), "-.inf": float("-inf"), ".nan": float("nan")}


def _to_int(text: str) -> int:
    # YAML 1.2: 010 is ten (PyYAML's 1.1 constructor reads it as octal eight, and 08 as an error).
    if _DECIMAL.fullmatch(text):
        return int(text)
    if text[:2] in ("0o", "0x") and len(text) > 2:
        return int(text[2:], 8 if text[1] == "o" else 16)
    raise ValueError(f"{text!r} is not a whole number")


def _to_float(text: str) -> float:
    if _FLOAT.fullmatch(text):  # float() alone would take 1_000 and "infinity"
        return float(text)
    if text.lower() in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[text.lower()]
    raise ValueError(f"{text!r} is not a number")


def _to_bool(text: str) -> bool:
    if text in ("true", "True", "TRUE"):
        return True
    if text in ("false", "False", "FALSE"):
        return False
    raise ValueError(f"{text!r} is not true or false")


def _to_null(text: str) -> None:
    if text not in ("", "~", "null", "Null", "NULL"):
        raise ValueError(f"{text!r} is not null")


_SCALAR_CONSTRUCTORS = {
    "tag:yaml.org,2002:int": _to_int,
    "tag:yaml.org,2002:float": _to_float,
    "tag:yaml.org,2002:bool": _to_bool,
    "tag:yaml.org,2002:null": _to_null,
}
"""The YAML 1.2 core schema's scalars besides text (explicit tags like ``!!int`` included)."""


@dataclass
class Positions:
    """Where each value (and each mapping key) of a loaded file stands."""

    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def of(self, path: PathKey, *, key: bool = False) -> tuple[int, int]:
        """Line and column of ``path``, or of its nearest recorded parent."""
        table = self.keys if key else self.values
        path = tuple(path)
        while path:
            if path in table:
                return table[path]
            if not key and path in self.keys:
                return self.keys[path]
            path = path[:-1]
        return self.values.get((), (1, 1))


class Builder:
    """Turns a composed node tree into data, recording positions and problems."""

    def __init__(self, shown: str):
        self.shown = shown
        self.positions = Positions()
        self.problems: list[Diagnostic] = []
        self._seen: set[int] = set()
        self._alias_reported = False

    def _problem(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Diagnostic(self.shown, node.start_mark.line + 1, node.start_mark.column + 1, message))

    def build(self, node: yaml.Node, path: PathKey | None) -> Any:
        """The data of ``node``; its position and those inside it recorded under ``path`` (None: not recorded)."""
        if path is not None:
            self.positions.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if not isinstance(node, yaml.ScalarNode):
            # The composer shares one node between an anchor and its aliases; refusing
            # a second visit stops alias bombs before any expansion takes memory.
            if id(node) in self._seen:
                if not self._alias_reported:
                    self._problem(node, "this anchor (&name) is used again by an alias (*name); aliases are not supported, write the value out")
                    self._alias_reported = True
                return None
            self._seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self._problem(node, f"the tag {node.tag!r} is not allowed; write plain values")
                return None
            if path is None:
                return [self.build(item, None) for item in node.value]
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        return self._scalar(node)

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag == "tag:yaml.org,2002:str":
            return node.value  # what SafeConstructor.construct_yaml_str returns, without its bookkeeping
        construct = _SCALAR_CONSTRUCTORS.get(node.tag)
        if construct is None:
            self._problem(node, f"the tag {node.tag!r} is not allowed; write plain values")
            return None
        try:
            return construct(node.value)
        except ValueError as exc:
            self._problem(node, f"invalid value: {exc}")
            return None

    def _mapping(self, node: yaml.MappingNode, path: PathKey | None) -> dict:
        if node.tag != "tag:yaml.org,2002:map":
            self._problem(node, f"the tag {node.tag!r} is not allowed; write plain values")
            return {}
        result: dict = {}
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._problem(key_node, "merge keys (<<) are not supported; write the fields out")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(key_node, "a key must be plain text")
                continue
            key = key_node.value
            if key == "<<" and not key_node.style:
                self._problem(key_node, "merge keys (<<) are not supported; write the fields out")
                continue
            line = key_node.start_mark.line + 1
            if key in seen:
                self._problem(key_node, f"duplicate key {key!r}: already given on line {seen[key]}")
                continue
            seen[key] = line
            if path is None:
                result[key] = self.build(value_node, None)
                continue
            self.positions.keys[path + (key,)] = (line, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, path + (key,))
        return result
