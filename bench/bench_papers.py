"""Time the papers of a round: certificates for ~1,000 households (issue #17).

    .venv/bin/python bench/bench_papers.py [--households 6000] [--pdf]

A demo commune of ``--households`` (about 17% poor and near-poor: 6,000 → ~1,000 certificates) is
built once in a temporary folder; then the certificates (one .docx per village) are written and
timed, and with ``--pdf`` converted by LibreOffice.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from ranoat.demo import create_demo
from ranoat.operations.export import latest_round_id
from ranoat.operations.papers import write_papers
from ranoat.papers.fields import PaperKind
from ranoat.rules.rulebook import load_all
from ranoat.storage.database import open_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=6000)
    parser.add_argument("--pdf", action="store_true")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "demo.sqlite"
        create_demo(db, households=options.households, seed=1)
        with open_database(db) as database:
            start = time.perf_counter()
            files = write_papers(
                database, latest_round_id(database), Path(folder) / "out", load_all(), [PaperKind.CERTIFICATES]
            )
            docx_seconds = time.perf_counter() - start
            certificates = sum(f.count for f in files)
            print(f"{certificates} certificates in {len(files)} .docx files: {docx_seconds:.2f} s")
            if options.pdf:
                from ranoat.papers.pdf import to_pdf

                start = time.perf_counter()
                to_pdf([f.path for f in files], Path(folder) / "pdf")
                print(f"PDF through LibreOffice: {time.perf_counter() - start:.2f} s")
    print("load average:", os.getloadavg())


if __name__ == "__main__":
    main()
