"""`python -m web.cli prepare`: migrate, and on an empty database load the demo dealership
(staff from db.demo, appraisals with photos from web.demo). Other data commands: db.cli."""

from __future__ import annotations

import argparse
import asyncio
import time

import db  # noqa: F401 - sets PICCOLO_CONF
from db.cli import print_demo_logins
from db.demo import load_demo_if_empty
from db.schema import migrate
from db.settings import settings
from web.demo import load_demo_appraisals


async def prepare() -> None:
    await migrate()
    if settings().production:
        return
    started = time.perf_counter()
    if await load_demo_if_empty():
        loaded = await load_demo_appraisals()
        print(
            f"Loaded the demo dealership: {loaded} appraisals with photos "
            f"({time.perf_counter() - started:.1f} s)."
        )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m web.cli", description=__doc__)
    parser.add_argument("command", choices=["prepare"])
    parser.parse_args()
    asyncio.run(prepare())
    if not settings().production:
        print_demo_logins()


if __name__ == "__main__":
    main()
