"""The commune database: SQLAlchemy 2 typed models over SQLite.

The schema changes only through Alembic revisions (`ranoat/storage/migrations/`); a test checks that
these models and the migrated schema agree. Codes are stored as their string values (see
`ranoat.domain`); text is stored in NFC, with a folded copy for search (`ranoat.domain.search`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[str]: JSON}


class Commune(Base):
    """The commune this database belongs to (one row)."""

    __tablename__ = "commune"

    id: Mapped[int] = mapped_column(primary_key=True)
    province_code: Mapped[str] = mapped_column(String(4))
    province_name: Mapped[str] = mapped_column(String(100))
    code: Mapped[str] = mapped_column(String(10))  # official commune code (mã xã)
    name: Mapped[str] = mapped_column(String(100))
    type: Mapped[str] = mapped_column(String(10))  # CommuneType
    default_area: Mapped[str] = mapped_column(String(10))  # Area
    # Socio-economic region of the Phiếu B point tables (rules.md §2.2), e.g. tdmnpb for Lạng Sơn
    region: Mapped[str | None] = mapped_column(String(10), default=None)
    # The seal key the province gave the commune (ranoat.excel.seal), 64 hex digits; set once.
    # Secret: the audit log records its fingerprint only (storage/audit.py), exports only its seal.
    seal_key: Mapped[str | None] = mapped_column(String(64), default=None)


class Village(Base):
    """Thôn, bản, tổ dân phố: local data entered by the commune."""

    __tablename__ = "village"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0)

    households: Mapped[list[Household]] = relationship(back_populates="village")


class Officer(Base):
    """A person named in signature blocks (Người lập biểu, Chủ tịch UBND …)."""

    __tablename__ = "officer"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(30))  # preparer | chair | other


class Household(Base):
    __tablename__ = "household"
    # The register's order (head_sort, then code) read from the index alone: SQLite's rowid (id)
    # is in every index entry, so listing 50,000 ids neither visits the table nor sorts.
    __table_args__ = (Index("ix_household_head_sort_code", "head_sort", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("village.id", ondelete="RESTRICT"), index=True)
    address: Mapped[str] = mapped_column(String(200), default="")
    area: Mapped[str] = mapped_column(String(10))  # Area; default from the commune type
    phone: Mapped[str] = mapped_column(String(20), default="")
    person_of_merit: Mapped[bool] = mapped_column(default=False)  # có người có công
    social_protection: Mapped[bool] = mapped_column(default=False)  # có đối tượng bảo trợ xã hội
    no_working_capacity: Mapped[bool] = mapped_column(default=False)  # không có khả năng lao động
    # schema 0006: làm nông nghiệp, lâm nghiệp, ngư nghiệp, diêm nghiệp (the average living standard)
    farming: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Ethnic-minority household: from the head's ethnicity unless the commune decides otherwise.
    ethnic_minority_override: Mapped[bool | None] = mapped_column(default=None)
    search_text: Mapped[str] = mapped_column(Text, default="")  # folded code, names, CCCDs
    # Denormalised for the register, kept by save_household: the head's name, its Vietnamese
    # sort key (binary-comparable, so ORDER BY uses an index), and the number of members.
    head_name: Mapped[str] = mapped_column(String(100), default="")
    head_sort: Mapped[str] = mapped_column(String(300), default="")
    member_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    village: Mapped[Village] = relationship(back_populates="households")
    members: Mapped[list[Member]] = relationship(
        back_populates="household", order_by="Member.position", cascade="all, delete-orphan"
    )
    causes: Mapped[list[HouseholdCause]] = relationship(cascade="all, delete-orphan")


class HouseholdCause(Base):
    """A cause of poverty of a household (form 7.10)."""

    __tablename__ = "household_cause"

    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"), primary_key=True)
    cause: Mapped[str] = mapped_column(String(20), primary_key=True)  # PovertyCause
    note: Mapped[str] = mapped_column(String(200), default="")


class Member(Base):
    __tablename__ = "member"
    __table_args__ = (Index("ix_member_name_folded_birth_year", "name_folded", "birth_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    full_name: Mapped[str] = mapped_column(String(100))
    name_folded: Mapped[str] = mapped_column(String(100))
    sex: Mapped[str] = mapped_column(String(10))  # Sex
    birth_date: Mapped[dt.date | None] = mapped_column(Date, default=None)
    birth_year: Mapped[int] = mapped_column(Integer)
    ethnicity_code: Mapped[str] = mapped_column(String(2), default="01")
    cccd: Mapped[str | None] = mapped_column(String(12), index=True, default=None)
    relation: Mapped[str] = mapped_column(String(20))  # Relation
    schooling: Mapped[str | None] = mapped_column(String(20), default=None)  # Schooling
    health_insurance: Mapped[bool | None] = mapped_column(default=None)
    employment: Mapped[str | None] = mapped_column(String(20), default=None)  # Employment
    disability: Mapped[bool] = mapped_column(default=False)

    household: Mapped[Household] = relationship(back_populates="members")


class ReviewRound(Base):
    """Kỳ rà soát: periodic or regular, with its explicitly chosen standard."""

    __tablename__ = "review_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))  # RoundKind
    month: Mapped[int | None] = mapped_column(Integer, default=None)  # regular rounds
    standard_id: Mapped[str] = mapped_column(String(40))  # schema 0005: provincial ids are longer
    starts_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    ends_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    status: Mapped[str] = mapped_column(String(10), default="open")  # RoundStatus
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # schema 0002: the round as a process (Decision 24/2021)
    previous_round_id: Mapped[int | None] = mapped_column(ForeignKey("review_round.id"), default=None)
    posting_from: Mapped[dt.date | None] = mapped_column(Date, default=None)  # niêm yết
    posting_to: Mapped[dt.date | None] = mapped_column(Date, default=None)
    decision_number: Mapped[str | None] = mapped_column(String(60), default=None)  # quyết định của Chủ tịch UBND xã
    decision_date: Mapped[dt.date | None] = mapped_column(Date, default=None)

    surveys: Mapped[list[Survey]] = relationship(back_populates="round")


class Survey(Base):
    """Phiếu B of one household in one round, with the result computed when it was saved."""

    __tablename__ = "survey"
    __table_args__ = (UniqueConstraint("round_id", "household_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("review_round.id", ondelete="RESTRICT"), index=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="RESTRICT"), index=True)
    b1: Mapped[float | None] = mapped_column(Float, default=None)  # the B1 total
    income: Mapped[int | None] = mapped_column(Integer, default=None)  # đồng/person/month, where known
    item_answers: Mapped[dict[str, Any] | None] = mapped_column(default=None)  # point-table answers
    point_table_id: Mapped[str | None] = mapped_column(String(60), default=None)  # table that scored them
    point_table_sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    housing_area_m2: Mapped[float | None] = mapped_column(Float, default=None)
    lacking: Mapped[list[str]] = mapped_column(default=list)  # indicator codes
    category: Mapped[str | None] = mapped_column(String(30), default=None)  # Category
    b2: Mapped[int | None] = mapped_column(Integer, default=None)
    rulebook_id: Mapped[str | None] = mapped_column(String(40), default=None)
    rulebook_sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    officer: Mapped[str] = mapped_column(String(100), default="")
    status: Mapped[str] = mapped_column(String(10), default="draft")  # SurveyStatus
    # schema 0002: the village meeting may decide otherwise; both results stay visible
    override_category: Mapped[str | None] = mapped_column(String(30), default=None)
    override_reason: Mapped[str | None] = mapped_column(Text, default=None)
    override_by: Mapped[str | None] = mapped_column(String(100), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    round: Mapped[ReviewRound] = relationship(back_populates="surveys")
    household: Mapped[Household] = relationship()


class AuditEntry(Base):
    """Who changed which record when, old → new. Written by the session hook in `audit.py`."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user: Mapped[str] = mapped_column(String(100))
    table_name: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(10))  # insert | update | delete
    old: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    new: Mapped[dict[str, Any] | None] = mapped_column(default=None)


class RoundHousehold(Base):
    """A household in a round: its start-of-period status, why it is reviewed, other movements."""

    __tablename__ = "round_household"

    round_id: Mapped[int] = mapped_column(ForeignKey("review_round.id", ondelete="CASCADE"), primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="RESTRICT"), primary_key=True)
    start_category: Mapped[str | None] = mapped_column(String(30), default=None)  # Category at the start
    source: Mapped[str] = mapped_column(String(20), default="not_listed")  # ReviewSource
    applied_on: Mapped[dt.date | None] = mapped_column(Date, default=None)  # Mẫu 01 / Mẫu 04
    application_reason: Mapped[str] = mapped_column(Text, default="")
    other_move: Mapped[str | None] = mapped_column(String(20), default=None)  # OtherMove
    other_reason: Mapped[str] = mapped_column(Text, default="")


class VillageMeeting(Base):
    """Họp dân: the village meeting that agrees the results (≥ 50% of attendees)."""

    __tablename__ = "village_meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("review_round.id", ondelete="CASCADE"), index=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("village.id", ondelete="RESTRICT"))
    held_on: Mapped[dt.date] = mapped_column(Date)
    attendees: Mapped[int] = mapped_column(Integer)
    agreed: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")


class Complaint(Base):
    """A complaint after posting, and the outcome of its re-check (phúc tra)."""

    __tablename__ = "complaint"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("review_round.id", ondelete="CASCADE"), index=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="RESTRICT"))
    received_on: Mapped[dt.date] = mapped_column(Date)
    content: Mapped[str] = mapped_column(Text)
    rechecked_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    outcome: Mapped[str] = mapped_column(Text, default="")
