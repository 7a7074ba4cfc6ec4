"""Loading the project's YAML data files (rulebooks, point tables) with one set of rules.

- PyYAML's safe loader (libyaml's C parser where PyYAML has it: 6 instead of 34 ms for the shipped
  rulebooks; the pure-Python one otherwise, with the same results), refusing a key written twice
  (plain PyYAML silently keeps the last one: a copied line would change a threshold or a point unseen);
- a closed pydantic schema, whose first error becomes a message naming the file and the exact key;
- cross-field problems raised as `KeyedProblemError` carry their own key past pydantic;
- the file name must be the content's id;
- a SHA-256 over the parsed content, stable across comments, layout and line endings.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


class KeyedProblemError(Exception):
    """A cross-field inconsistency, with the exact key it concerns (raised past pydantic on purpose)."""

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(problem)
        self.key = key
        self.problem = problem


class DataFileError(Exception):
    """A data file that cannot be used. The message names the file and the key."""

    kind = "dữ liệu"  # "quy chuẩn", "bảng điểm" in subclasses

    def __init__(self, path: Path | str, key: str, problem: str) -> None:
        self.path = str(path)
        self.key = key
        self.problem = problem
        super().__init__(f"Tệp {self.kind} {self.path}: khoá '{key}': {problem}")


def content_hash(data: Any) -> str:
    """SHA-256 of the parsed content in canonical JSON.

    Hashing the content rather than the bytes keeps the hash stable across line endings and
    comments (a checkout on Windows rewrites line endings), while any change of a value changes it.
    """
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class _DuplicateKeyError(yaml.YAMLError):
    def __init__(self, key: object, line: int, first_line: int) -> None:
        self.line = line
        self.problem = (
            f"khoá '{key}' bị viết hai lần (dòng {first_line} và dòng {line}); mỗi khoá chỉ được viết một lần"
        )
        super().__init__(self.problem)


# CSafeLoader = libyaml's parser + the same SafeConstructor and Resolver as SafeLoader; absent when
# PyYAML was built without libyaml. (The type checker is shown SafeLoader: the same methods.)
if TYPE_CHECKING:
    _SafeBase = yaml.SafeLoader
else:
    _SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _NoDuplicateKeysLoader(_SafeBase):
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[object, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=deep)
            line = key_node.start_mark.line + 1
            try:
                first = seen.get(key)
            except TypeError:  # an unhashable key: the base class reports it
                continue
            if first is not None:
                raise _DuplicateKeyError(key, line, first)
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


_HINTS = {
    "string_type": 'phải là chuỗi văn bản — một số như "1" hay chữ yes/no/on/off phải đặt trong ngoặc kép',
    "int_type": "phải là số nguyên, không đặt trong ngoặc kép",
    "bool_type": "phải là true hoặc false",
    "list_type": "phải là một danh sách",
    "dict_type": "phải là một bảng khoá: giá trị",
    "model_type": "phải là một bảng khoá: giá trị",
}


def error_key(error: Any, data: Any) -> str:
    """The dotted key of a pydantic error, as the file spells it.

    Pydantic puts the tag of a discriminated union into the location
    (``suggestion.child_not_in_school.min_age``); the file has no such key, so a part that is not in
    the data at that point is dropped. An unknown or absent tag is reported at its field (``kind``).
    """
    parts: list[str] = []
    node = data
    location = list(error["loc"])
    for index, part in enumerate(location):
        last = index == len(location) - 1
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and (part in node.values() or not last):
            continue  # a union tag (the value of its discriminator), not a key of the file
        parts.append(str(part))
    if error["type"] in ("union_tag_invalid", "union_tag_not_found"):
        parts.append(str(error.get("ctx", {}).get("discriminator", "kind")).strip("'"))
    return ".".join(parts) or "(gốc)"


def problem_text(error: Any) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return "khoá không có trong lược đồ (extra key not allowed)"
    if kind in ("missing", "union_tag_not_found"):
        return "thiếu khoá bắt buộc (required key missing)"
    message = str(error["msg"]).removeprefix("Value error, ")
    hint = _HINTS.get(kind)
    return f"giá trị không hợp lệ: {hint} ({message})" if hint else f"giá trị không hợp lệ: {message}"


def load_data_file(path: Path, model: type[M], error: type[DataFileError]) -> tuple[M, str]:
    """Read, parse and validate one file; return the model and its content hash."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise error(path, "(tệp)", f"không đọc được tệp (cần UTF-8): {exc}") from exc
    try:
        data = yaml.load(text, Loader=_NoDuplicateKeysLoader)  # a (C)SafeLoader subclass
    except _DuplicateKeyError as exc:
        raise error(path, f"dòng {exc.line}", exc.problem) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"dòng {mark.line + 1}" if mark is not None else "(tệp)"
        raise error(path, where, f"không phải YAML hợp lệ: {exc}") from exc
    if not isinstance(data, dict):
        raise error(path, "(gốc)", "tệp phải là một bảng khoá: giá trị")
    try:
        validated = model.model_validate(data)
    except KeyedProblemError as exc:
        raise error(path, exc.key, f"giá trị không hợp lệ: {exc.problem}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        raise error(path, error_key(first, data), problem_text(first)) from exc
    identifier = getattr(validated, "id", None)
    if identifier is not None and path.stem != identifier:
        raise error(path, "id", f"mã '{identifier}' khác tên tệp '{path.stem}'")
    return validated, content_hash(data)
