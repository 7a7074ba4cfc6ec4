"""Filling a paper's template (docxtpl), finding which template to use, and trying a province's own.

A template is a .docx with Jinja fields. The shipped ones are in `resources/papers/`; a file of the
same name in the user's template folder (`user_template_dir()`, in the data folder, or a folder
given by the caller) replaces it. A template that does not open, whose Jinja does not parse, or
that uses a field the paper does not receive is refused with a `TemplateError` that names the file
and the field — before it is installed (`install_template`) and again when it is used.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import jinja2
import platformdirs
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate

from ranoat.papers.fields import FIELDS, TEMPLATE_FILES, PaperKind, sample
from ranoat.shipped import shipped_dir


class TemplateError(Exception):
    """A template that cannot be used; the message names the file and, where known, the field."""


def user_template_dir() -> Path:
    return Path(platformdirs.user_data_dir("Ranoat", appauthor=False)) / "paper-templates"


def template_path(kind: PaperKind, user_dir: Path | None = None) -> Path:
    """The user's template for ``kind`` when there is one, else the shipped one."""
    name = TEMPLATE_FILES[kind]
    own = (user_dir or user_template_dir()) / name
    if own.is_file():
        return own
    shipped = shipped_dir("papers")
    if shipped is None or not (shipped / name).is_file():
        raise TemplateError(f"Không tìm thấy mẫu {name} trong thư mục tài nguyên của chương trình.")
    return shipped / name


def _environment() -> jinja2.Environment:
    return jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)


def _open(path: Path) -> DocxTemplate:
    try:
        template = DocxTemplate(str(path))
        template.init_docx()
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as exc:
        raise TemplateError(f"Mẫu {path.name}: không mở được tệp Word ({exc}).") from exc
    return template


def _undefined_field(exc: jinja2.UndefinedError) -> str:
    message = str(exc)
    found = re.search(r"has no attribute '([^']+)'", message) or re.search(r"'([^']+)' is undefined", message)
    return found.group(1) if found else message


def render(kind: PaperKind, context: dict[str, Any], out: Path, *, template: Path) -> Path:
    """Fill ``template`` with ``context`` and save it at ``out``."""
    document = _open(template)
    try:
        document.render(context, _environment())
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"Mẫu {template.name}: lỗi cú pháp trường ở dòng {exc.lineno}: {exc.message}.") from exc
    except jinja2.UndefinedError as exc:
        raise TemplateError(
            f"Mẫu {template.name}: trường «{_undefined_field(exc)}» không có trong dữ liệu của "
            f"{kind.value} (xem docs/papers.md)."
        ) from exc
    out.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(out))
    return out


def check_template(kind: PaperKind, path: Path) -> None:
    """Refuse (`TemplateError`) a template that ``kind`` cannot fill: unknown top-level fields are
    named; the rest is tried on example data of the right shape."""
    document = _open(path)
    try:
        used = document.get_undeclared_template_variables(_environment())
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"Mẫu {path.name}: lỗi cú pháp trường ở dòng {exc.lineno}: {exc.message}.") from exc
    unknown = sorted(set(used) - set(FIELDS[kind]))
    if unknown:
        names = ", ".join(f"«{name}»" for name in unknown)
        raise TemplateError(
            f"Mẫu {path.name}: trường {names} không có trong dữ liệu của {kind.value} (xem docs/papers.md)."
        )
    scratch = path.with_name(f".{path.stem}-check.docx")
    try:
        render(kind, sample(kind), scratch, template=path)
    finally:
        scratch.unlink(missing_ok=True)


def install_template(kind: PaperKind, source: Path, user_dir: Path | None = None) -> Path:
    """Check a province's template, then copy it into the user's template folder, where it
    replaces the shipped one. A refused template is not copied."""
    check_template(kind, source)
    directory = user_dir or user_template_dir()
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / TEMPLATE_FILES[kind]
    shutil.copyfile(source, target)
    return target


def remove_template(kind: PaperKind, user_dir: Path | None = None) -> bool:
    """Go back to the shipped template; False when there was no own template."""
    target = (user_dir or user_template_dir()) / TEMPLATE_FILES[kind]
    if target.is_file():
        target.unlink()
        return True
    return False
