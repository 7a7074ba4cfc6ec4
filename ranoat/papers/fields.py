"""The papers, their template files and the fields each template receives (docs/papers.md).

``FIELDS`` is the contract with a province's own template: a template may use these names and
nothing else (`render.check_template` refuses any other, naming it). ``sample`` is example data of
the right shape, used to try a template before it is installed.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class PaperKind(StrEnum):
    DECISION = "decision"  # Mẫu số 02
    CERTIFICATES = "certificates"  # Mẫu số 03
    APPLICATIONS = "applications"  # Mẫu số 01 / Mẫu số 04
    MINUTES = "minutes"  # biên bản họp dân
    POSTING = "posting"  # thông báo niêm yết + danh sách


TEMPLATE_FILES: dict[PaperKind, str] = {
    PaperKind.DECISION: "quyet-dinh-cong-nhan.docx",
    PaperKind.CERTIFICATES: "giay-chung-nhan.docx",
    PaperKind.APPLICATIONS: "giay-de-nghi.docx",
    PaperKind.MINUTES: "bien-ban-hop-dan.docx",
    PaperKind.POSTING: "thong-bao-niem-yet.docx",
}
TITLES: dict[PaperKind, str] = {
    PaperKind.DECISION: "Quyết định công nhận danh sách (Mẫu số 02)",
    PaperKind.CERTIFICATES: "Giấy chứng nhận hộ nghèo, hộ cận nghèo (Mẫu số 03)",
    PaperKind.APPLICATIONS: "Giấy đề nghị của hộ (Mẫu số 01, Mẫu số 04)",
    PaperKind.MINUTES: "Biên bản họp dân",
    PaperKind.POSTING: "Thông báo niêm yết và danh sách niêm yết",
}

# Every paper receives these (the heading, the date line and the signature block).
COMMON: dict[str, str] = {
    "draft": "True while the round has no recorded decision: the template prints “DỰ THẢO”",
    "year": "the round's year",
    "province": "the province's name (“tỉnh Lạng Sơn”)",
    "commune": "the commune's name with its kind (“xã Hữu Kiên”)",
    "authority": "“Ủy ban nhân dân xã Hữu Kiên”",
    "authority_upper": "“ỦY BAN NHÂN DÂN XÃ HỮU KIÊN” (Nghị định 30/2020, ô 2)",
    "parent_authority_upper": "“TỈNH LẠNG SƠN” (the line above the authority)",
    "place": "the place name of the date line (“Hữu Kiên”)",
    "date_text": "“ngày 15 tháng 12 năm 2025”, or “ngày …… tháng …… năm ……” when not known",
    "decision_number": "the decision's number as recorded (“125/QĐ-UBND”), or “……/QĐ-UBND”",
    "decision_date_text": "“ngày 15 tháng 12 năm 2025” of the decision, or dotted",
    "signer_block_upper": "“TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH” or “CHỦ TỊCH” (ô 7a–7b)",
    "signer_name": "the chair's name (Officer role “chair”), or empty",
    "preparer_title": "the preparer's title (Officer role “preparer”)",
    "recipients": "list of texts for Nơi nhận (ô 9a)",
}
ENTRY = "h: number, household_code, head_name, head_birth_year, head_ethnicity, head_cccd, village, people, list, note"
MEMBER = "m: number, name, relation, birth_year, birth, sex, ethnicity, cccd, status"
FIELDS: dict[PaperKind, dict[str, str]] = {
    PaperKind.DECISION: {
        **COMMON,
        "legal_basis": "list of texts, the standard's and the process's legal documents (from the rulebook)",
        "lists": "list of {title, households, people, entries: [" + ENTRY + "]} — poor, near-poor, escaped",
    },
    PaperKind.CERTIFICATES: {
        **COMMON,
        "certificates": "list of c: number, household_code, category_title, head_name, head_sex, head_birth, "
        "head_ethnicity, head_cccd, address, village, members: [" + MEMBER + "]",
    },
    PaperKind.APPLICATIONS: {
        **COMMON,
        "applications": "list of a: form (“Mẫu số 01”/“Mẫu số 04”), title, household_code, head_name, head_sex, "
        "head_birth, head_ethnicity, head_cccd, address, reason, received_text, members: [" + MEMBER + "]",
    },
    PaperKind.MINUTES: {
        **COMMON,
        "meetings": "list of mt: village, held_text, attendees, agreed, percent (“83,3”), passed, outcome, note, "
        "households: [h: number, code, head_name, computed, decided], overrides: [o: code, head_name, computed, "
        "decided, reason, by]",
    },
    PaperKind.POSTING: {
        **COMMON,
        "village": "the village's name when the notice is of one village, else empty",
        "posting_from": "first day of the posting (dd/mm/yyyy), or dotted",
        "posting_to": "last day of the posting, or dotted",
        "places": "where the list is posted (the village's meeting place and the commune office)",
        "complaints_to": "where complaints go (the commune's People's Committee)",
        "list_title": "the posting list's title",
        "entries": "list of " + ENTRY,
    },
}


def _member(number: int) -> dict[str, Any]:
    return {
        "number": number,
        "name": "Nguyễn Văn Ví Dụ",
        "relation": "Chủ hộ" if number == 1 else "Con",
        "birth_year": 1980 + number,
        "birth": f"01/01/{1980 + number}",
        "sex": "Nam",
        "ethnicity": "Nùng",
        "cccd": "020080000001",
        "status": "Có việc làm",
    }


def _entry(number: int) -> dict[str, Any]:
    return {
        "number": number,
        "household_code": f"T01-{number:03d}",
        "head_name": "Nguyễn Văn Ví Dụ",
        "head_birth_year": 1980,
        "head_ethnicity": "Nùng",
        "head_cccd": "020080000001",
        "village": "Thôn Ví Dụ",
        "people": 2,
        "list": "Hộ nghèo",
        "note": "mới",
    }


def sample(kind: PaperKind) -> dict[str, Any]:
    """Example data of ``kind``'s shape (not anyone's data): what a template is tried with."""
    common: dict[str, Any] = {
        "draft": False,
        "year": 2025,
        "province": "tỉnh Ví Dụ",
        "commune": "xã Ví Dụ",
        "authority": "Ủy ban nhân dân xã Ví Dụ",
        "authority_upper": "ỦY BAN NHÂN DÂN XÃ VÍ DỤ",
        "parent_authority_upper": "TỈNH VÍ DỤ",
        "place": "Ví Dụ",
        "date_text": "ngày 15 tháng 12 năm 2025",
        "decision_number": "1/QĐ-UBND",
        "decision_date_text": "ngày 15 tháng 12 năm 2025",
        "signer_block_upper": "CHỦ TỊCH",
        "signer_name": "Người Ký Ví Dụ",
        "preparer_title": "Công chức Ví Dụ",
        "recipients": ["Ví dụ"],
    }
    members = [_member(1), _member(2)]
    person = {
        "household_code": "T01-001",
        "head_name": "Nguyễn Văn Ví Dụ",
        "head_sex": "Nam",
        "head_birth": "01/01/1980",
        "head_ethnicity": "Nùng",
        "head_cccd": "020080000001",
        "address": "Thôn Ví Dụ, xã Ví Dụ, tỉnh Ví Dụ",
        "members": members,
    }
    specific: dict[PaperKind, dict[str, Any]] = {
        PaperKind.DECISION: {
            "legal_basis": ["Quyết định Ví Dụ"],
            "lists": [{"title": "Danh sách hộ nghèo", "households": 1, "people": 2, "entries": [_entry(1)]}],
        },
        PaperKind.CERTIFICATES: {
            "certificates": [
                {**person, "number": "……", "category_title": "Hộ nghèo", "village": "Thôn Ví Dụ"},
            ]
        },
        PaperKind.APPLICATIONS: {
            "applications": [
                {**person, "form": "Mẫu số 01", "title": "Ví dụ", "reason": "Ví dụ", "received_text": "01/10/2025"}
            ]
        },
        PaperKind.MINUTES: {
            "meetings": [
                {
                    "village": "Thôn Ví Dụ",
                    "held_text": "ngày 20 tháng 11 năm 2025",
                    "attendees": 6,
                    "agreed": 5,
                    "percent": "83,3",
                    "passed": True,
                    "outcome": "đạt",
                    "note": "",
                    "households": [
                        {
                            "number": 1,
                            "code": "T01-001",
                            "head_name": "Ví Dụ",
                            "computed": "Hộ nghèo",
                            "decided": "Hộ nghèo",
                        }
                    ],
                    "overrides": [
                        {
                            "code": "T01-001",
                            "head_name": "Ví Dụ",
                            "computed": "Hộ nghèo",
                            "decided": "Hộ cận nghèo",
                            "reason": "Ví dụ",
                            "by": "Ví dụ",
                        }
                    ],
                }
            ]
        },
        PaperKind.POSTING: {
            "village": "Thôn Ví Dụ",
            "posting_from": "24/11/2025",
            "posting_to": "26/11/2025",
            "places": "Ví dụ",
            "complaints_to": "Ví dụ",
            "list_title": "Danh sách niêm yết",
            "entries": [_entry(1)],
        },
    }
    return {**common, **specific[kind]}
