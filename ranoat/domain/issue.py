"""One problem of one field of a form: what validation (`ranoat.domain.validation`) and the
identity-number check (`ranoat.domain.cccd`) both return."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Issue:
    """One problem of one field. ``field`` is a path: "code", "members.2.cccd", "lacking.0"."""

    field: str
    severity: Severity
    message: str
