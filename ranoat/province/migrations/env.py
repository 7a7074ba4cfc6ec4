"""Alembic environment of the province's store: run with the connection `ranoat.province.store` hands over."""

from __future__ import annotations

from alembic import context

from ranoat.province.schema import metadata

config = context.config
connection = config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, version_table="province_alembic_version")
with context.begin_transaction():
    context.run_migrations()
