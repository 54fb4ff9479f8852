"""Command line for data work: `python -m db.cli COMMAND`.

prepare          apply migrations; load the demo dealership into an empty database
migrate          apply migrations only
create-manager   create the first real manager account (password read from a prompt,
                 or from the LOTSIDE_PASSWORD environment variable)
backup [DIR]     consistent online backup of the SQLite database and media (default var/backups)
restore ARCHIVE  put a backup back (the current files are kept aside)
republish        rewrite every car's public page copy (after changing DEALERSHIP_CITY or
                 VIN_PUBLIC, or an upgrade that changes what the public pages hold)
release-pool     move approved lost, dormant and long-overdue leads to the public pool
                 (nightly, from cron; running it twice changes nothing more)
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from pathlib import Path

import db  # noqa: F401 - sets PICCOLO_CONF
from db.audit.queries import record_event
from db.backup import backup, restore
from db.demo import DEMO_LOGINS
from db.schema import migrate
from db.settings import settings
from db.staff.queries import create_staff, username_taken
from db.staff.rules import Role, password_problem, username_problem
from db.stock.listing import republish_all


async def _create_manager(username: str, display_name: str, password: str) -> int:
    problem = username_problem(username) or password_problem(password, username)
    if problem:
        raise SystemExit(problem)
    await migrate()
    if await username_taken(username):
        raise SystemExit(f"The username {username!r} is taken.")
    staff_id = await create_staff(username, display_name, password, {Role.MANAGER})
    await record_event("staff_created", subject=username, roles=["manager"], via="cli")
    return staff_id


async def _release_pool() -> dict[str, int]:
    from datetime import UTC, datetime

    from db.leads.pool import release_to_pool

    await migrate()
    return await release_to_pool(datetime.now(UTC))


async def _republish() -> int:
    await migrate()
    return await republish_all()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m db.cli",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate")
    cm = sub.add_parser("create-manager")
    cm.add_argument("--username", required=True)
    cm.add_argument("--name", required=True, help="display name, e.g. 王建国")
    bk = sub.add_parser("backup")
    bk.add_argument("dir", nargs="?", default=str(settings().var_dir / "backups"))
    rs = sub.add_parser("restore")
    rs.add_argument("archive")
    sub.add_parser("republish")
    sub.add_parser("release-pool")
    args = parser.parse_args(argv)

    if args.command == "migrate":
        asyncio.run(migrate())
    elif args.command == "create-manager":
        password = os.environ.get("LOTSIDE_PASSWORD") or getpass.getpass("Password: ")
        asyncio.run(_create_manager(args.username, args.name, password))
        print(f"Created manager {args.username}.")
    elif args.command == "backup":
        print(backup(Path(args.dir)))
    elif args.command == "restore":
        aside = restore(Path(args.archive))
        print(f"Restored. The previous files are kept in {aside}")
    elif args.command == "republish":
        print(f"Republished the public copies of {asyncio.run(_republish())} cars.")
    elif args.command == "release-pool":
        counts = asyncio.run(_release_pool())
        print("Released to the pool: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


def print_demo_logins() -> None:
    users = ", ".join(u for u, _ in DEMO_LOGINS)
    print(f"Demo sign-ins: {users} (password {DEMO_LOGINS[0][1]})", file=sys.stderr)


if __name__ == "__main__":
    main()
