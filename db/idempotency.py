"""Writes made once per idempotency key: the key lives in a UNIQUE `client_key` column,
set by the same transaction's insert. A retry finds the row; two at once both insert and
the loser's unique violation is caught (SQLite and PostgreSQL alike), then it finds the
winner's row."""

from __future__ import annotations

from piccolo.columns import Column
from piccolo.engine import engine_finder
from piccolo.engine.sqlite import SQLiteEngine, TransactionType
from piccolo.table import Table


class KeyTaken(Exception):
    """The key names someone else's write (another person, another record)."""


def keyed_transaction():
    """The transaction a keyed insert runs in. On SQLite it takes the write lock at once
    (IMMEDIATE): a deferred one that reads first and then writes while another try holds
    the lock fails with "database is locked" instead of waiting its turn."""
    engine = engine_finder()
    if isinstance(engine, SQLiteEngine):
        return engine.transaction(transaction_type=TransactionType.immediate)
    return engine.transaction()


def unique_violation(error: BaseException, column: str = "client_key") -> bool:
    """Whether `error` is the database refusing a second row with the same `column`."""
    name = type(error).__name__
    if name == "UniqueViolationError":  # asyncpg
        return column in (getattr(error, "constraint_name", "") or "") or column in str(error)
    if name == "IntegrityError":  # sqlite3: "UNIQUE constraint failed: appraisal.client_key"
        return "UNIQUE" in str(error) and column in str(error)
    return False


async def made_with(table: type[Table], key: str, owner: Column, owner_id: int) -> int | None:
    """The id of the row an earlier try with `key` made, or None; KeyTaken when the row
    belongs to another owner (`owner` is the column that says whose it is)."""
    row = (
        await table.select(table.id, owner.as_alias("_owner"))
        .where(table._meta.get_column_by_name("client_key") == key)
        .first()
    )
    if row is None:
        return None
    if row["_owner"] != owner_id:
        raise KeyTaken(key)
    return row["id"]
