"""Opening the province's store: a SQLite file (the default, one staff PC) or a PostgreSQL server
(``postgresql+psycopg://…``, shared by several staff). docs/province.md.

The password of a server URL (in the URL, or in ``PGPASSWORD`` / ``RANOAT_STORE_PASSWORD``) is never
shown: `describe()` gives the URL without it, and every message of this package uses that.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

MIGRATIONS = Path(__file__).parent / "migrations"
DEFAULT_NAME = "province.sqlite3"
PASSWORD_VARIABLE = "RANOAT_STORE_PASSWORD"
SCHEMA_LOCK = 1918987887  # PostgreSQL advisory lock while the tables are created or upgraded


class StoreError(Exception):
    """The store cannot be opened or used (the message never carries a password)."""


def default_store_path() -> Path:
    """``province.sqlite3`` in the user's data folder."""
    return Path(platformdirs.user_data_dir("Ranoat", appauthor=False)) / DEFAULT_NAME


def store_url(store: str | Path | None) -> URL:
    """The URL of ``store``: a server URL as given (its password from ``RANOAT_STORE_PASSWORD`` when
    the URL has none); anything else is a SQLite file's path (None: the default)."""
    if store is None:
        return URL.create("sqlite", database=str(default_store_path()))
    text = str(store)
    if "://" in text:
        try:
            url = make_url(text)
        except ArgumentError:
            raise StoreError(
                "Địa chỉ kho dữ liệu không hợp lệ (dạng postgresql+psycopg://người_dùng@máy/cơ_sở)."
            ) from None
        if url.get_backend_name() not in ("postgresql", "sqlite"):
            raise StoreError(f"Kho dữ liệu chỉ có thể là SQLite hoặc PostgreSQL, không phải {url.get_backend_name()}.")
        if url.get_backend_name() == "postgresql" and url.password is None and os.environ.get(PASSWORD_VARIABLE):
            url = url.set(password=os.environ[PASSWORD_VARIABLE])
        return url
    return URL.create("sqlite", database=text)


def describe(url: URL) -> str:
    """The store as shown to people: a file's path, or the server URL without its password."""
    if url.get_backend_name() == "sqlite":
        return str(url.database)
    return url.render_as_string(hide_password=True).replace(":***@", "@")


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy begins the transactions (see _begin)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA busy_timeout = 30000")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")  # one writer at a time: a load never interleaves


@dataclass
class Store:
    engine: Engine
    url: URL

    @property
    def name(self) -> str:
        return describe(self.url)

    @property
    def postgresql(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        try:
            with self.engine.begin() as connection:
                yield connection
        except OperationalError as exc:
            raise StoreError(f"Lỗi kho dữ liệu {self.name}: {_safe(exc, self.url)}") from None

    def close(self) -> None:
        self.engine.dispose()


def _safe(exc: SQLAlchemyError, url: URL) -> str:
    """The driver's message with the password taken out (a driver may echo its connection string)."""
    message = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if url.password:
        message = message.replace(str(url.password), "***")
    return message


def open_store(store: str | Path | None) -> Store:
    """Open (creating or upgrading its tables) the store ``store``; `StoreError` when it cannot."""
    url = store_url(store)
    if url.get_backend_name() == "sqlite":
        if url.database:
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        try:
            engine = create_engine(url, pool_pre_ping=True)
        except ImportError:
            raise StoreError("Kho PostgreSQL cần gói psycopg (psycopg 3): hãy cài Ranoat đầy đủ.") from None
    opened = Store(engine, url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as connection:
            if opened.postgresql:  # two staff opening a new store at once: one creates the tables
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({SCHEMA_LOCK})")
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StoreError(f"Không mở được kho dữ liệu {opened.name}: {_safe(exc, url)}") from None
    return opened
