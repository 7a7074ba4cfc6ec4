"""`ranoat documents`: the papers of the latest round into a folder (docs/cli.md, docs/papers.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ranoat.papers.fields import PaperKind

EXIT_OK, EXIT_USAGE = 0, 2


def add_documents_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "documents",
        help="soạn giấy tờ của kỳ rà soát mới nhất (quyết định, giấy chứng nhận, biên bản, niêm yết, giấy đề nghị)",
        description="Ghi các giấy tờ (.docx, và .pdf với --pdf nếu có LibreOffice) của kỳ rà soát mới nhất vào "
        "thư mục OUT; không có --kind thì ghi tất cả. In ra các tệp đã ghi.",
    )
    parser.add_argument("--db", required=True, metavar="DB", help="tệp cơ sở dữ liệu của xã")
    parser.add_argument("--out", required=True, metavar="FOLDER", help="thư mục sẽ ghi các tệp")
    parser.add_argument("--kind", choices=[k.value for k in PaperKind], help="chỉ một loại giấy tờ")
    parser.add_argument("--village", metavar="CODE", help="chỉ một thôn (mã thôn)")
    parser.add_argument("--pdf", action="store_true", help="ghi thêm PDF (cần LibreOffice)")
    parser.add_argument("--templates", metavar="FOLDER", help="thư mục mẫu riêng của tỉnh (mặc định: thư mục dữ liệu)")
    parser.set_defaults(run=documents_command)


def documents_command(options: argparse.Namespace) -> int:
    from sqlalchemy import select

    from ranoat.domain.errors import OperationError
    from ranoat.operations.export import latest_round_id
    from ranoat.operations.papers import write_papers
    from ranoat.papers.pdf import PdfError
    from ranoat.papers.render import TemplateError
    from ranoat.rules.rulebook import load_all
    from ranoat.storage.database import DatabaseError, open_database
    from ranoat.storage.models import Village

    kinds = [PaperKind(options.kind)] if options.kind else list(PaperKind)
    try:
        with open_database(Path(options.db)) as database:
            village_id = None
            if options.village:
                with database.session() as session:
                    village_id = session.scalar(select(Village.id).where(Village.code == options.village))
                if village_id is None:
                    print(f"ranoat: không có thôn mã {options.village} trong {options.db}.", file=sys.stderr)
                    return EXIT_USAGE
            written = write_papers(
                database,
                latest_round_id(database),
                Path(options.out),
                load_all(),
                kinds,
                village_id=village_id,
                pdf=options.pdf,
                template_dir=Path(options.templates) if options.templates else None,
            )
    except (DatabaseError, OperationError, TemplateError, PdfError) as exc:
        print(f"ranoat: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for paper in written:
        mark = " (DỰ THẢO)" if paper.draft else ""
        pdf = f" + {paper.pdf.name}" if paper.pdf is not None else ""
        print(f"{paper.path}{pdf}: {paper.kind.value}, {paper.count}{mark}")
    print(f"Đã ghi {len(written)} tệp giấy tờ vào {options.out}.")
    return EXIT_OK
