"""Alembic environment: run with the connection that `ranoat.storage.database` hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from ranoat.storage.models import Base

config = context.config
target_metadata = Base.metadata


def run(connection: Connection) -> None:
    # render_as_batch: SQLite cannot ALTER most things; batch mode recreates tables instead.
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


given = config.attributes.get("connection")
if given is not None:
    run(given)
else:  # `alembic revision --autogenerate` during development
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
    with engine.connect() as connection:
        run(connection)
