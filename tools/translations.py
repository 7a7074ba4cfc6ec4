"""Ranoat's UI translations: Vietnamese is the source language of every string in ui/; English is
the second language, in resources/i18n/ranoat_en.ts (Qt Linguist format) compiled to ranoat_en.qm.

    make translations                                   # = python -m tools.translations update
    python -m tools.translations untranslated           # what is left to translate, per context
    python -m tools.translations untranslated --json > todo.json   # the same as a template to fill in
    python -m tools.translations fill todo.json         # write the filled-in template into the .ts
    python -m tools.translations check                  # what tests/ui/test_translations.py checks

`update` runs pyside6-lupdate over ui/ (new strings arrive unfinished, strings gone from ui/ are
dropped) and pyside6-lrelease over every .ts in resources/i18n. qtbase_vi.ts is written by hand: Qt
ships no Vietnamese catalogue for its standard buttons (OK, Cancel, Yes, No…).
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI = ROOT / "ui"
I18N = ROOT / "resources" / "i18n"
SOURCE_LANGUAGE = "vi"
TARGET_LANGUAGES = ("en",)
FIX = "run `make translations`, translate the new strings (python -m tools.translations untranslated) and commit"


def catalogue(language: str) -> Path:
    return I18N / f"ranoat_{language}.ts"


def compiled(ts: Path) -> Path:
    return ts.with_suffix(".qm")


def _tool(name: str) -> str:
    """A Qt tool of the PySide6 wheel: beside this Python (the project's .venv), else on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.is_file():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: run `make setup` (PySide6 ships it in .venv/bin)")
    return found


def lupdate(ts: Path, language: str, sources: Path = UI) -> None:
    """Merge the strings of ``sources`` into ``ts``: new ones unfinished, vanished ones dropped."""
    subprocess.run(
        [
            _tool("pyside6-lupdate"),
            "-silent",
            "-extensions",
            "py",
            "-locations",
            "none",  # line numbers would change the .ts at every edit of ui/
            "-no-obsolete",
            "-source-language",
            SOURCE_LANGUAGE,
            "-target-language",
            language,
            str(sources),
            "-ts",
            str(ts),
        ],
        check=True,
    )


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    comment: str
    translation: str
    finished: bool
    numerus: bool = False  # plural forms, one per line of ``translation``

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.context, self.source, self.comment)

    def __str__(self) -> str:
        note = f" ({self.comment})" if self.comment else ""
        return f"[{self.context}] {self.source!r}{note}"


def read(ts: Path) -> list[Message]:
    """The live messages of a .ts (vanished and obsolete ones left out)."""
    messages = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type", "") if translation is not None else "unfinished"
            if kind in ("vanished", "obsolete"):
                continue
            if translation is not None and message.get("numerus") == "yes":
                forms = [form.text or "" for form in translation.iter("numerusform")]
                text = "\n".join(forms)
                filled = bool(forms) and all(forms)
            else:
                text = (translation.text or "") if translation is not None else ""
                filled = bool(text)
            messages.append(
                Message(
                    context=name,
                    source=message.findtext("source", ""),
                    comment=message.findtext("comment", ""),
                    translation=text,
                    finished=kind != "unfinished" and filled,
                    numerus=message.get("numerus") == "yes",
                )
            )
    return messages


def unfinished(ts: Path) -> list[Message]:
    return [m for m in read(ts) if not m.finished]


_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}|%L?\d+|%n")
_ACCELERATOR = re.compile(r"&(?!&|[A-Za-z]+;|#\d+;)(?=\S)")  # not "&&" nor an HTML entity such as &nbsp;


def problems(message: Message) -> list[str]:
    """What a finished translation breaks: placeholders, the accelerator, surrounding blanks."""
    if not message.finished:
        return []
    if message.numerus:  # each plural form on its own
        return sorted(
            {
                p
                for form in message.translation.split("\n")
                for p in problems(replace(message, translation=form, numerus=False))
            }
        )
    found = []
    source, text = message.source, message.translation
    if sorted(_PLACEHOLDER.findall(source)) != sorted(_PLACEHOLDER.findall(text)):
        found.append(f"placeholders {sorted(set(_PLACEHOLDER.findall(source)))} not kept")
    if len(_ACCELERATOR.findall(source)) != len(_ACCELERATOR.findall(text)):
        found.append("the &-accelerator is missing or extra")
    for side, strip in (("leading", str.lstrip), ("trailing", str.rstrip)):
        if (source != strip(source)) != (text != strip(text)):
            found.append(f"{side} blank differs from the source")
    if source.count("\n") != text.count("\n") and "<br>" not in text:
        found.append("line breaks differ from the source")
    return found


@dataclass
class Report:
    missing: list[Message]  # in ui/ but not in the committed .ts
    gone: list[Message]  # in the committed .ts but no longer in ui/
    untranslated: list[Message]  # in both, without a finished translation
    broken: list[str]  # finished translations that break a placeholder or accelerator
    stale_qm: list[str]  # translations the committed .qm does not give

    def ok(self) -> bool:
        return not (self.missing or self.gone or self.untranslated or self.broken or self.stale_qm)

    def __str__(self) -> str:
        parts = []
        for title, items in (
            ("in ui/ but missing from the .ts", [str(m) for m in self.missing]),
            ("no longer in ui/ but still in the .ts", [str(m) for m in self.gone]),
            ("not translated (unfinished)", [str(m) for m in self.untranslated]),
            ("translations that break the source's placeholders", self.broken),
            ("the committed .qm is out of date", self.stale_qm),
        ):
            if items:
                parts.append(f"{len(items)} {title}:\n" + "\n".join(f"  {item}" for item in items))
        return "\n".join(parts)


def check(language: str, sources: Path = UI) -> Report:
    """Compare the committed catalogue of ``language`` with what lupdate finds in ``sources`` now
    (lupdate runs into a temporary copy: the committed files are not touched)."""
    ts = catalogue(language)
    committed = read(ts)
    with tempfile.TemporaryDirectory() as folder:
        fresh_ts = Path(folder) / ts.name
        shutil.copyfile(ts, fresh_ts)
        lupdate(fresh_ts, language, sources)
        fresh = read(fresh_ts)
    known = {m.key for m in committed}
    current = {m.key for m in fresh}
    broken = [f"{m}: {problem}" for m in committed for problem in problems(m)]
    return Report(
        missing=[m for m in fresh if m.key not in known],
        gone=[m for m in committed if m.key not in current],
        untranslated=[m for m in fresh if m.key in known and not m.finished],
        broken=broken,
        stale_qm=stale_qm(ts),
    )


def stale_qm(ts: Path) -> list[str]:
    """The finished messages of ``ts`` that its compiled .qm does not translate the same way."""
    from PySide6.QtCore import QTranslator  # Qt only for this check: the rest runs without it

    qm = compiled(ts)
    translator = QTranslator()
    if not qm.is_file() or not translator.load(str(qm)):
        return [f"{qm.name} is missing or unreadable"]
    wrong = []
    for message in read(ts):
        if message.finished:
            if message.numerus:  # each plural form, as Qt picks it for English: 1, then many
                got = "\n".join(
                    translator.translate(message.context, message.source, message.comment or None, n) or ""
                    for n in range(1, message.translation.count("\n") + 2)
                )
            else:
                got = translator.translate(message.context, message.source, message.comment or None) or ""
            if got != message.translation:
                wrong.append(f"{message}: the .qm gives {got!r}, the .ts {message.translation!r}")
    return wrong


_TRANSLATING_CALLS = {"tr", "translate", "QT_TR_NOOP", "QT_TRANSLATE_NOOP"}
# Vietnamese whatever the UI language, on purpose (paths relative to the checkout).
VIETNAMESE_BY_DESIGN = {
    "ui/printing/explanation.py": "the explanation sheet is an official Vietnamese document for the village meeting",
    "ui/i18n.py": "each language is named in its own language",
}
KEEP_MARK = "# not translated:"  # at the end of a line whose Vietnamese literal is data, not UI text


def hardcoded(sources: Path = UI) -> list[str]:
    """Vietnamese string literals in ``sources`` that no tr()/translate()/QT_TRANSLATE_NOOP marks
    (docstrings, VIETNAMESE_BY_DESIGN and lines with KEEP_MARK left out): the UI shows them in
    Vietnamese whatever the language."""
    found = []
    for path in sorted(sources.rglob("*.py")):
        if path.relative_to(sources.parent).as_posix() in VIETNAMESE_BY_DESIGN:
            continue
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        tree = ast.parse(text)
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            if not any(ord(c) > 127 and c.isalpha() for c in node.value):
                continue
            parent = parents.get(node)
            if isinstance(parent, ast.Expr):
                continue  # a docstring
            if isinstance(parent, ast.Call):
                func = parent.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in _TRANSLATING_CALLS:
                    continue
            if KEEP_MARK in lines[(node.end_lineno or node.lineno) - 1]:
                continue
            found.append(f"{path.relative_to(sources.parent)}:{node.lineno}: {node.value!r}")
    return found


Translations = dict[str, str | dict[str, str]]


def fill(ts: Path, translations: Translations) -> int:
    """Write translations into the unfinished messages of ``ts``: ``{context: {source: translation}}``
    (what `untranslated --json` prints), or ``{source: translation}`` for a source in any context.
    Returns how many messages were filled. Run `update` afterwards (lupdate rewrites the file in its
    own layout, lrelease compiles it)."""
    tree = ET.parse(ts)
    filled = 0
    for context in tree.getroot().iter("context"):
        per_context = translations.get(context.findtext("name", ""))
        for message in context.iter("message"):
            translation = message.find("translation")
            source = message.findtext("source", "")
            text = per_context.get(source, "") if isinstance(per_context, dict) else ""
            flat = translations.get(source, "")
            text = text or (flat if isinstance(flat, str) else "")
            if translation is None or translation.get("type") != "unfinished" or not text:
                continue
            translation.text = text
            del translation.attrib["type"]
            filled += 1
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return filled


def update() -> None:
    for language in TARGET_LANGUAGES:
        lupdate(catalogue(language), language)
    for ts in sorted(I18N.glob("*.ts")):
        lrelease(ts, compiled(ts))
    for language in TARGET_LANGUAGES:
        left = unfinished(catalogue(language))
        ts_name = catalogue(language).relative_to(ROOT)
        if left:
            print(f"{ts_name}: {len(left)} message(s) to translate — python -m tools.translations untranslated")
        else:
            print(f"{ts_name}: every message is translated")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.translations", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("update", help="lupdate ui/ into the .ts, then lrelease every .ts (make translations)")
    listing = commands.add_parser("untranslated", help="list the unfinished messages")
    listing.add_argument("--json", action="store_true", help="print a {context: {source: ''}} template for `fill`")
    listing.add_argument("--hardcoded", action="store_true", help="also list Vietnamese literals not marked")
    filling = commands.add_parser("fill", help="write a filled-in JSON template into the .ts, then update")
    filling.add_argument("json_file", type=Path)
    commands.add_parser("check", help="fail when the .ts or .qm is behind ui/ (as the test does)")
    for sub in (listing, filling):
        sub.add_argument("--language", default=TARGET_LANGUAGES[0], choices=TARGET_LANGUAGES)
    args = parser.parse_args(argv)

    if args.command == "update":
        update()
    elif args.command == "untranslated":
        left = unfinished(catalogue(args.language))
        if args.json:
            template: dict[str, dict[str, str]] = {}
            for message in left:
                template.setdefault(message.context, {})[message.source] = ""
            print(json.dumps(template, ensure_ascii=False, indent=1))
        else:
            for message in left:
                print(message)
            print(f"{len(left)} message(s) to translate in {catalogue(args.language).relative_to(ROOT)}")
        if args.hardcoded:
            marks = hardcoded()
            for mark in marks:
                print(mark)
            print(f"{len(marks)} Vietnamese literal(s) in ui/ not marked for translation")
    elif args.command == "fill":
        translations = json.loads(args.json_file.read_text(encoding="utf-8"))
        print(f"{fill(catalogue(args.language), translations)} message(s) filled")
        update()
    else:
        failed = False
        for language in TARGET_LANGUAGES:
            report = check(language)
            if not report.ok():
                failed = True
                print(f"{catalogue(language).relative_to(ROOT)}:\n{report}\n\nTo fix: {FIX}.")
        return 1 if failed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
