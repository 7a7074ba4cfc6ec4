"""PDF of a paper, through LibreOffice headless when it is installed.

The .docx is the paper; the PDF is the same file converted, for printing. Officers' Windows laptops
often have Word and no LibreOffice: then `find_office()` is None and the caller says so (save the
.docx and print it from Word) — the papers never depend on the PDF. Searched: the `RANOAT_SOFFICE`
environment variable, `soffice`/`libreoffice` on PATH, and LibreOffice's usual install folders on
Windows and macOS. Each conversion runs with its own LibreOffice profile, so it neither waits for nor
disturbs a LibreOffice the user has open.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

KNOWN = (
    Path("C:/Program Files/LibreOffice/program/soffice.exe"),
    Path("C:/Program Files (x86)/LibreOffice/program/soffice.exe"),
    Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
)
NO_OFFICE = (
    "Không tìm thấy LibreOffice để chuyển sang PDF. Tệp Word (.docx) đã được ghi: mở bằng Word hoặc "
    "LibreOffice để in; hoặc cài LibreOffice (hay đặt biến RANOAT_SOFFICE là đường dẫn soffice) để có PDF."
)


class PdfError(Exception):
    pass


def find_office() -> Path | None:
    configured = os.environ.get("RANOAT_SOFFICE")
    if configured:
        return Path(configured) if Path(configured).is_file() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    return next((path for path in KNOWN if path.is_file()), None)


def to_pdf(documents: Sequence[Path], out_dir: Path, *, timeout: float = 600) -> list[Path]:
    """Convert .docx files to PDF in ``out_dir`` (same stem); the PDFs' paths."""
    office = find_office()
    if office is None:
        raise PdfError(NO_OFFICE)
    if not documents:
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ranoat-office-") as profile:
        command = [
            str(office),
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            *(str(d) for d in documents),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PdfError(f"LibreOffice không chuyển được sang PDF: {exc}") from exc
    pdfs = [out_dir / f"{d.stem}.pdf" for d in documents]
    missing = [p.name for p in pdfs if not p.is_file()]
    if missing:
        raise PdfError(f"LibreOffice không tạo được {', '.join(missing)}: {done.stderr.strip() or done.stdout.strip()}")
    return pdfs
