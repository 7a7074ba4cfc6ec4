"""The papers of a round from what the database records (docs/papers.md): reads the round, hands
plain data to `ranoat.papers`, writes one .docx per paper (and its PDF through LibreOffice).

Which households. Certificates (Mẫu 03) go to the households whose decided result
(`rounds.final_categories`, through the round's lists) is poor or near-poor — one each; the
decision (Mẫu 02) annexes the four lists. Without a recorded decision both carry “DỰ THẢO”.
The requests (Mẫu 01/04) are those recorded as received in the round (`RoundHousehold.source`).
The minutes are of each village's latest recorded meeting. The posting notice lists the posting
list (the four lists one after the other) with the recorded posting dates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ranoat.domain.category import Category
from ranoat.domain.errors import OperationError
from ranoat.domain.ethnicity import ethnicity_name
from ranoat.domain.household import Employment, Relation, Schooling, Sex
from ranoat.domain.names import commune_full_name, commune_place
from ranoat.domain.round import ReviewSource, RoundStatus
from ranoat.domain.search import fold
from ranoat.domain.vietnamese import format_date
from ranoat.operations.round_read import round_report
from ranoat.operations.rounds import latest_meetings
from ranoat.papers.fields import PaperKind
from ranoat.papers.pdf import to_pdf
from ranoat.papers.render import render, template_path
from ranoat.reports.lists import SEX_NAMES, ListEntry, relation_name
from ranoat.reports.round_report import RoundReport
from ranoat.rules.explain import category_title
from ranoat.rules.rulebook import Rulebook
from ranoat.storage.database import Database
from ranoat.storage.models import Household, Member, ReviewRound, RoundHousehold, Survey, Village, VillageMeeting

DOTS_DATE = "ngày …… tháng …… năm ……"
CATEGORY_NAMES = {category.value: category_title(category) for category in Category}  # as the papers print them
STATUS_NAMES = {  # Mẫu 01's member status: employed / not employed / studying (rules.md §3)
    Employment.EMPLOYED.value: "Có việc làm",
    Employment.WAGE_NO_CONTRACT.value: "Có việc làm",
    Employment.UNEMPLOYED.value: "Không có việc làm",
    Employment.STUDYING.value: "Đang đi học",
    Employment.UNABLE.value: "Không có việc làm",
    Employment.RETIRED.value: "Không có việc làm",
    Employment.CHILD.value: "",
}
APPLICATION_FORMS = {
    ReviewSource.APPLIED_01.value: ("Mẫu số 01", "Rà soát, công nhận hộ nghèo, hộ cận nghèo"),
    ReviewSource.APPLIED_04.value: ("Mẫu số 04", "Công nhận hộ thoát nghèo, thoát cận nghèo"),
}


@dataclass(frozen=True)
class PaperFile:
    kind: PaperKind
    path: Path
    count: int  # households (certificates, requests, lists) or meetings in it
    draft: bool
    pdf: Path | None = None


class PapersCancelledError(Exception):
    pass


def spoken_date(day: dt.date | None) -> str:
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}" if day is not None else DOTS_DATE


def slug(text: str) -> str:
    """“Thôn Nà Làng” → “thon-na-lang”: file names in Vietnamese without diacritics."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text).lower()).strip("-") or "x"


def _with_kind(name: str, kind: str) -> str:
    return name if fold(name).lower().startswith(fold(kind).lower() + " ") else f"{kind} {name}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# ----------------------------------------------------------------------------- shared context
def _common(report: RoundReport, rulebook: Rulebook) -> dict[str, Any]:
    commune = (
        _lower_first(commune_full_name(report.commune_name, report.commune_type)) if report.commune_name else "xã ……"
    )
    province = _lower_first(_with_kind(report.province_name, "Tỉnh")) if report.province_name else "tỉnh ……"
    place = commune_place(report.commune_name, report.commune_type) if report.commune_name else "……"
    draft = not report.official
    chair, preparer = report.chair, report.preparer
    return {
        "draft": draft,
        "year": report.year,
        "province": province,
        "commune": commune,
        "authority": f"Ủy ban nhân dân {commune}",
        "authority_upper": f"ỦY BAN NHÂN DÂN {commune.upper()}",
        "parent_authority_upper": province.upper(),
        "place": place,
        "date_text": spoken_date(report.decision_date),
        "decision_number": report.decision_number or "……/QĐ-UBND",
        "decision_date_text": spoken_date(report.decision_date),
        "signer_block_upper": "CHỦ TỊCH",
        "signer_name": chair.name if chair is not None else "",
        "preparer_title": preparer.title if preparer is not None else "công chức phụ trách",
        "recipients": [f"Thường trực HĐND {commune}", "Các thôn", "Các hộ có tên trong danh sách"],
        "legal_basis": [doc.document for doc in rulebook.model.legal_basis],
    }


def _entry(number: int, entry: ListEntry) -> dict[str, Any]:
    head = entry.head
    return {
        "number": number,
        "household_code": entry.household_code,
        "head_name": head.name,
        "head_birth_year": head.birth_year or "",
        "head_ethnicity": head.ethnicity,
        "head_cccd": head.cccd,
        "village": entry.village,
        "people": len(entry.people),
        "list": entry.list_name,
        "note": entry.note,
    }


def _members(session: Session, household_ids: Collection[int]) -> dict[int, list[Member]]:
    found: dict[int, list[Member]] = {}
    ids = list(household_ids)
    for start in range(0, len(ids), 900):
        for member in session.scalars(
            select(Member).where(Member.household_id.in_(ids[start : start + 900])).order_by(Member.position)
        ):
            found.setdefault(member.household_id, []).append(member)
    for people in found.values():  # the head first, then the register's order
        people.sort(key=lambda m: (m.relation != "head", m.position))
    return found


def _member(number: int, member: Member) -> dict[str, Any]:
    sex = Sex(member.sex)
    return {
        "number": number,
        "name": member.full_name,
        "relation": relation_name(Relation(member.relation), sex),
        "birth_year": member.birth_year,
        "birth": format_date(member.birth_date) if member.birth_date else str(member.birth_year),
        "sex": SEX_NAMES[sex],
        "ethnicity": ethnicity_name(member.ethnicity_code) or member.ethnicity_code,
        "cccd": member.cccd or "",
        "status": STATUS_NAMES.get(member.employment or "", "")
        or ("Đang đi học" if member.schooling == Schooling.STUDYING.value else ""),
    }


def _person(members: list[Member], address: str) -> dict[str, Any]:
    head = members[0]
    fields = _member(1, head)
    return {
        "head_name": head.full_name,
        "head_sex": fields["sex"],
        "head_birth": fields["birth"],
        "head_ethnicity": fields["ethnicity"],
        "head_cccd": fields["cccd"],
        "address": address,
        "members": [_member(i, m) for i, m in enumerate(members, start=1)],
    }


def _address(household: Household, village: str, common: dict[str, Any]) -> str:
    parts = [household.address.strip(), village, common["commune"], common["province"]]
    return ", ".join(dict.fromkeys(p for p in parts if p))


# ----------------------------------------------------------------------------- each paper
def decision_context(report: RoundReport, rulebook: Rulebook) -> dict[str, Any]:
    lists = [
        {
            "title": found.title,
            "households": len(found.entries),
            "people": sum(len(e.people) for e in found.entries),
            "entries": [_entry(i, e) for i, e in enumerate(found.entries, start=1)],
        }
        for found in report.lists
    ]
    return {**_common(report, rulebook), "lists": lists}


def certificates_context(
    session: Session, report: RoundReport, rulebook: Rulebook, household_ids: Collection[int] | None = None
) -> dict[str, Any]:
    """One certificate per household of the poor and near-poor lists (of ``household_ids`` only,
    when given: any other household is refused)."""
    entries = [*report.poor.entries, *report.near_poor.entries]
    if household_ids is not None:
        listed = {e.household_id for e in entries}
        others = sorted(set(household_ids) - listed)
        if others:
            codes = ", ".join(
                session.scalars(select(Household.code).where(Household.id.in_(others)).order_by(Household.code))
            )
            raise OperationError(
                f"Chỉ cấp giấy chứng nhận cho hộ có kết quả là hộ nghèo hoặc hộ cận nghèo; không cấp cho hộ {codes}."
            )
        entries = [e for e in entries if e.household_id in set(household_ids)]
    common = _common(report, rulebook)
    members = _members(session, [e.household_id for e in entries])
    households = {
        h.id: h for h in session.scalars(select(Household).where(Household.id.in_([e.household_id for e in entries])))
    }
    certificates = []
    for entry in entries:
        people = members.get(entry.household_id, [])
        if not people:
            continue
        certificates.append(
            {
                **_person(people, _address(households[entry.household_id], entry.village, common)),
                "number": "……",
                "household_code": entry.household_code,
                "category_title": entry.list_name,
                "village": entry.village,
            }
        )
    return {**common, "certificates": certificates}


def applications_context(
    session: Session, report: RoundReport, rulebook: Rulebook, village_id: int | None = None
) -> dict[str, Any]:
    common = _common(report, rulebook)
    statement = (
        select(RoundHousehold, Household, Village.name)
        .join(Household, Household.id == RoundHousehold.household_id)
        .join(Village, Village.id == Household.village_id)
        .where(
            RoundHousehold.round_id == report.round_id,
            RoundHousehold.source.in_(list(APPLICATION_FORMS)),
        )
        .order_by(Village.position, Village.id, RoundHousehold.applied_on, Household.code)
    )
    if village_id is not None:
        statement = statement.where(Household.village_id == village_id)
    rows = session.execute(statement).all()
    members = _members(session, [h.id for _r, h, _v in rows])
    applications = []
    for row, household, village in rows:
        people = members.get(household.id, [])
        if not people:
            continue
        form, title = APPLICATION_FORMS[row.source]
        applications.append(
            {
                **_person(people, _address(household, village, common)),
                "form": form,
                "title": title,
                "household_code": household.code,
                "reason": row.application_reason,
                "received_text": format_date(row.applied_on) if row.applied_on else "……",
            }
        )
    return {**common, "applications": applications}


def minutes_context(
    session: Session, report: RoundReport, rulebook: Rulebook, village_id: int | None = None
) -> dict[str, Any]:
    common = _common(report, rulebook)
    meetings = latest_meetings(session, report.round_id)
    villages = {v.id: v for v in session.scalars(select(Village).order_by(Village.position, Village.id))}
    notes = {
        m.id: m.note for m in session.scalars(select(VillageMeeting).where(VillageMeeting.round_id == report.round_id))
    }
    found = []
    for vid, village in villages.items():
        meeting = meetings.get(vid)
        if meeting is None or (village_id is not None and vid != village_id):
            continue
        rows = session.execute(
            select(
                Household.code,
                Household.head_name,
                Survey.category,
                Survey.override_category,
                Survey.override_reason,
                Survey.override_by,
            )
            .join(Survey, Survey.household_id == Household.id)
            .where(Survey.round_id == report.round_id, Household.village_id == vid)
            .order_by(Household.head_sort, Household.code)
        ).all()
        households, overrides = [], []
        for number, (code, head, computed, override, reason, by) in enumerate(rows, start=1):
            decided = override or computed
            households.append(
                {
                    "number": number,
                    "code": code,
                    "head_name": head,
                    "computed": CATEGORY_NAMES.get(computed or "", ""),
                    "decided": CATEGORY_NAMES.get(decided or "", ""),
                }
            )
            if override:
                overrides.append(
                    {
                        "code": code,
                        "head_name": head,
                        "computed": CATEGORY_NAMES.get(computed or "", ""),
                        "decided": CATEGORY_NAMES.get(override, override),
                        "reason": reason or "",
                        "by": by or "",
                    }
                )
        found.append(
            {
                "village": village.name,
                "village_code": village.code,
                "held_text": spoken_date(meeting.held_on),
                "attendees": meeting.attendees,
                "agreed": meeting.agreed,
                "percent": f"{meeting.percent:.1f}".replace(".", ","),
                "passed": meeting.passed,
                "outcome": "đạt từ 50% trở lên" if meeting.passed else "chưa đạt 50%, phải rà soát lại",
                "note": notes.get(meeting.id, ""),
                "households": households,
                "overrides": overrides,
            }
        )
    return {**common, "meetings": found}


def posting_context(session: Session, report: RoundReport, rulebook: Rulebook) -> dict[str, Any]:
    round_ = session.get(ReviewRound, report.round_id)
    assert round_ is not None
    common = _common(report, rulebook)
    places = f"nhà văn hóa {report.village}" if report.village else "nhà văn hóa các thôn"
    return {
        **common,
        "draft": False,  # the notice comes before the decision
        "date_text": spoken_date(round_.posting_from),
        "village": report.village or "",
        "posting_from": format_date(round_.posting_from) if round_.posting_from else "……",
        "posting_to": format_date(round_.posting_to) if round_.posting_to else "……",
        "places": f"{places} và trụ sở {common['authority']}",
        "complaints_to": common["authority"],
        "list_title": report.posting.title,
        "entries": [_entry(i, e) for i, e in enumerate(report.posting.entries, start=1)],
    }


# ----------------------------------------------------------------------------- writing
Progress = Callable[[int, int, str], None]


def write_papers(  # noqa: C901
    database: Database,
    round_id: int,
    out_dir: Path,
    rulebooks: dict[str, Rulebook],
    kinds: Iterable[PaperKind] = tuple(PaperKind),
    *,
    village_id: int | None = None,
    household_ids: Sequence[int] | None = None,
    pdf: bool = False,
    template_dir: Path | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[PaperFile]:
    """Write the papers of ``kinds`` into ``out_dir``; what was written. Certificates, requests
    and minutes are one file per village (``village_id``: that village only; ``household_ids``:
    certificates of those households, in one file). `PapersCancelledError` between two files
    when ``cancelled()`` says so; `TemplateError` for a broken template; `PdfError` without
    LibreOffice (the .docx files are then written)."""
    kinds = list(dict.fromkeys(kinds))
    with database.session() as session:
        round_ = session.get(ReviewRound, round_id)
        if round_ is None:
            raise OperationError(f"Không tìm thấy kỳ rà soát số {round_id}.")
        rulebook = rulebooks.get(round_.standard_id)
        if rulebook is None:
            raise OperationError(f"Không có chuẩn nghèo {round_.standard_id} của kỳ rà soát.")
        villages = [
            (v.id, v.code, v.name)
            for v in session.scalars(select(Village).order_by(Village.position, Village.id))
            if village_id is None or v.id == village_id
        ]
        if village_id is not None and not villages:
            raise OperationError(f"Không tìm thấy thôn số {village_id}.")
        commune_report = round_report(session, round_id, rulebooks)
        year = round_.year
        jobs: list[tuple[PaperKind, str, Callable[[], dict[str, Any]]]] = []

        def village_report(vid: int) -> RoundReport:
            return round_report(session, round_id, rulebooks, vid)

        codes = {v[0]: v[1] for v in villages}
        listed = [*commune_report.poor.entries, *commune_report.near_poor.entries]

        def village_certificates(vid: int) -> dict[str, Any]:  # the commune's lists, read once (bench/)
            ids = [e.household_id for e in listed if e.village_code == codes[vid]]
            return certificates_context(session, commune_report, rulebook, ids)

        def village_posting(vid: int) -> dict[str, Any]:
            return posting_context(session, village_report(vid), rulebook)

        per_village: dict[PaperKind, tuple[str, Callable[[int], dict[str, Any]]]] = {
            PaperKind.CERTIFICATES: ("giay-chung-nhan", village_certificates),
            PaperKind.APPLICATIONS: ("giay-de-nghi", partial(applications_context, session, commune_report, rulebook)),
            PaperKind.MINUTES: ("bien-ban-hop-dan", partial(minutes_context, session, commune_report, rulebook)),
        }
        for kind in kinds:
            if kind is PaperKind.DECISION:
                jobs.append((kind, f"quyet-dinh-cong-nhan-{year}", partial(decision_context, commune_report, rulebook)))
            elif kind is PaperKind.CERTIFICATES and household_ids is not None:
                chosen = partial(certificates_context, session, commune_report, rulebook, list(household_ids))
                jobs.append((kind, f"giay-chung-nhan-{year}-{len(household_ids)}-ho", chosen))
            elif kind is PaperKind.POSTING and village_id is None:
                jobs.append(
                    (kind, f"thong-bao-niem-yet-{year}", partial(posting_context, session, commune_report, rulebook))
                )
            elif kind is PaperKind.POSTING:
                vid, _code, name = villages[0]
                jobs.append((kind, f"thong-bao-niem-yet-{year}-{slug(name)}", partial(village_posting, vid)))
            else:
                stem, by_village = per_village[kind]
                for vid, _code, name in villages:
                    jobs.append((kind, f"{stem}-{year}-{slug(name)}", partial(by_village, vid)))
        written: list[PaperFile] = []
        for done, (kind, stem, make) in enumerate(jobs):
            if cancelled is not None and cancelled():
                raise PapersCancelledError
            if progress is not None:
                progress(done, len(jobs), f"{stem}.docx")
            context = make()
            count = _count(kind, context)
            if count == 0 and kind is not PaperKind.DECISION and kind is not PaperKind.POSTING:
                continue  # a village with no certificate, request or meeting gets no file
            path = render(kind, context, out_dir / f"{stem}.docx", template=template_path(kind, template_dir))
            written.append(PaperFile(kind, path, count, bool(context["draft"])))
    if pdf and written:
        if progress is not None:
            progress(len(jobs), len(jobs) + 1, "PDF")
        pdfs = to_pdf([w.path for w in written], out_dir)
        written = [PaperFile(w.kind, w.path, w.count, w.draft, p) for w, p in zip(written, pdfs, strict=True)]
    if progress is not None:
        progress(1, 1, "")
    return written


def _count(kind: PaperKind, context: dict[str, Any]) -> int:
    if kind is PaperKind.DECISION:
        return sum(int(found["households"]) for found in context["lists"])
    key = {
        PaperKind.CERTIFICATES: "certificates",
        PaperKind.APPLICATIONS: "applications",
        PaperKind.MINUTES: "meetings",
        PaperKind.POSTING: "entries",
    }[kind]
    return len(context[key])


def is_decided(session: Session, round_id: int) -> bool:
    round_ = session.get(ReviewRound, round_id)
    return round_ is not None and round_.status == RoundStatus.CLOSED.value and bool(round_.decision_number)


@dataclass(frozen=True)
class CertificateCandidate:
    """A household that may get a certificate: on the round's poor or near-poor list."""

    household_id: int
    household_code: str
    head_name: str
    village_id: int
    village: str
    list_name: str


def certificate_candidates(
    database: Database, round_id: int, rulebooks: dict[str, Rulebook]
) -> list[CertificateCandidate]:
    """The households of the round's poor and near-poor lists, in the lists' order: those the Giấy tờ
    dialog lets the officer pick for certificates. The commune's lists are read once (about 1 s for
    5,000 households); the dialog filters them by village."""
    with database.session() as session:
        report = round_report(session, round_id, rulebooks)
        village_ids = {code: village_id for code, village_id in session.execute(select(Village.code, Village.id))}
        return [
            CertificateCandidate(
                e.household_id,
                e.household_code,
                e.people[0].name if e.people else "",
                village_ids[e.village_code],
                e.village,
                e.list_name,
            )
            for e in (*report.poor.entries, *report.near_poor.entries)
        ]
