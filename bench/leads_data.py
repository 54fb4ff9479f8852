"""A busy dealership's lead book for the benchmarks: on top of the demo, 12 consultants and a
manager with N leads (default 100,000) written over three years, F follow-ups (default
1,000,000) and the leads' events (created, lost asked / approved, pooled).

    VAR_DIR=/tmp/big DATABASE_URL=... .venv/bin/python -m bench.leads_data 100000 1000000

What the data looks like (seeded, so every run writes the same book):
- leads created evenly over the last 3 years; recent ones (45 days) mostly open, older ones
  mostly won, lost or dormant; about 9 % of all leads open, so each consultant carries about
  700 open leads, with follow-ups due from a few days ago to two weeks ahead (a few dozen due
  today each), a handful of new ones not yet contacted (website ones late), and some won and
  lost today;
- lost and dormant leads mostly already in the public pool (owner cleared, pooled_at set);
  a night's backlog is not: about 3 % of them still owned, 8 % of open leads overdue past the
  grace days and 5 % of open leads idle past the dormant limit, for the nightly release;
- follow-ups spread over each lead's life, more for won and open leads than for dormant ones.

Rows are written with set-based bulk inserts through the Piccolo engine's own connection:
`executemany` in large batches on SQLite, `COPY` (asyncpg copy_records_to_table) on
PostgreSQL — about the speed a restore would have, so 1,100,000 rows take seconds, not hours.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time
from datetime import UTC, datetime, timedelta

from piccolo.engine import engine_finder
from piccolo.query.functions.aggregate import Max

from db.leads.clock import local_today
from db.leads.rules import CHANNELS, DORMANT_AFTER_DAYS, LOST_REASONS, OUTCOMES, POOL_GRACE_DAYS
from db.leads.tables import Lead
from db.schema import migrate
from db.staff.queries import create_staff, username_taken
from db.staff.rules import Role
from db.staff.tables import Staff

PASSWORD = "lotside-demo"  # noqa: S105 - the demo's password, printed in the README
# the demo's own consultants (张婷, 陈静, 赵磊) plus these make 12 active ones
MORE_CONSULTANTS = [
    ("sunhao", "孙浩"),
    ("zhoumin", "周敏"),
    ("wuqiang", "吴强"),
    ("zhengli", "郑丽"),
    ("wangfang", "王芳"),
    ("fengtao", "冯涛"),
    ("hejun", "何军"),
    ("guoxin", "郭欣"),
    ("majie", "马杰"),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
MAKES = ["丰田", "本田", "大众", "日产", "别克", "比亚迪", "特斯拉", "宝马", "奔驰", "奥迪", "吉利"]
BODIES = ["sedan", "suv", "mpv", "hatchback", ""]
SOURCES = [
    ("walk_in", 30),
    ("phone_call", 20),
    ("wechat", 15),
    ("referral", 8),
    ("website", 20),
    ("shared_link", 4),
    ("trade_in", 3),
]
GRADES = [("H", 10), ("A", 25), ("B", 40), ("C", 25)]
SAID = [
    "问了首付和月供",
    "想周末带家人来看车",
    "对比了两台车，倾向于SUV",
    "嫌价格高，再考虑",
    "问置换旧车能估多少",
    "约了试驾",
    "没接电话",
    "微信发了车况照片",
    "在等贷款审批",
    "问有没有延保",
]
YEARS = 3
BATCH = 20000

LEAD_COLUMNS = [
    "id",
    "name",
    "phone",
    "phone_foreign",
    "source",
    "referrer",
    "unit",
    "budget_min",
    "budget_max",
    "body_type",
    "make",
    "grade",
    "note",
    "status",
    "owner",
    "next_follow_up",
    "first_contact_at",
    "last_activity_at",
    "enquiry",
    "appraisal",
    "won_unit",
    "lost_reason",
    "lost_note",
    "merged_into",
    "pooled_at",
    "created_by",
    "created_at",
    "updated_at",
]
FOLLOW_UP_COLUMNS = [
    "lead",
    "actor",
    "channel",
    "said",
    "outcome",
    "grade",
    "next_date",
    "client_key",
    "created_at",
]
EVENT_COLUMNS = ["lead", "kind", "actor", "detail", "created_at"]


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([k for k, _ in weighted], [w for _, w in weighted])[0]


async def bulk(table: str, columns: list[str], rows: list[tuple]) -> None:
    """Insert rows in big batches on the engine's own connection (one transaction each)."""
    engine = engine_finder()
    if engine.engine_type == "sqlite":
        connection = await engine.get_connection()
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" * len(columns))
        sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'  # noqa: S608 - our own names
        try:
            for start in range(0, len(rows), BATCH):
                await connection.execute("BEGIN")
                await connection.executemany(sql, rows[start : start + BATCH])
                await connection.execute("COMMIT")
        finally:
            await connection.close()
    else:
        connection = await engine.get_new_connection()
        try:
            for start in range(0, len(rows), BATCH * 5):
                await connection.copy_records_to_table(
                    table, records=rows[start : start + BATCH * 5], columns=columns
                )
        finally:
            await connection.close()


async def consultants() -> tuple[list[int], int]:
    """The 12 active consultants' ids and the manager's (adds the bench's nine)."""
    for username, name in MORE_CONSULTANTS:
        if not await username_taken(username):
            await create_staff(username, name, PASSWORD, {Role.CONSULTANT})
    rows = (
        await Staff.select(Staff.id)
        .where((Staff.is_consultant == True) & (Staff.active == True))  # noqa: E712
        .order_by(Staff.id)
    )
    manager = await Staff.select(Staff.id).where(Staff.username == "manager").first()
    return [r["id"] for r in rows], manager["id"]


def build(n: int, follow_ups: int, people: list[int], first_id: int, seed: int = 5):
    """The rows to write: (leads, follow-ups, events) as tuples in the column orders above."""
    rng = random.Random(seed)  # noqa: S311 - made-up customers, not secrets
    now = datetime.now(UTC)
    today = local_today(now)
    span = YEARS * 365 * 24 * 60  # minutes
    leads, events, lives = [], [], []
    for i in range(n):
        lead_id = first_id + i
        created = now - timedelta(minutes=int(span * (1 - (i + rng.random()) / n)))
        age = (now - created).days
        handler = rng.choice(people)
        grade = _pick(rng, GRADES)
        source = _pick(rng, SOURCES)
        r = rng.random()
        if age <= 45:
            status = (
                "following"
                if r < 0.73
                else "won"
                if r < 0.81
                else "lost_pending"
                if r < 0.83
                else "lost"
                if r < 0.93
                else "dormant"
            )
        else:
            status = (
                "following"
                if r < 0.06
                else "won"
                if r < 0.28
                else "lost"
                if r < 0.68
                else "dormant"
                if r < 0.98
                else "merged"
            )
        first_contact = created + timedelta(minutes=rng.randint(3, 240))
        last_activity = min(now, created + timedelta(days=rng.uniform(0, min(age, 60))))
        owner, pooled_at, next_date, lost_reason = handler, None, None, ""
        updated = last_activity
        if status == "following":
            if age <= 2 and rng.random() < 0.3:
                status, first_contact = "new", None  # not contacted yet
                last_activity = created
            x = rng.random()
            if x < 0.08:  # the nightly backlog: overdue past the grace days
                offset = -rng.randint(POOL_GRACE_DAYS + 1, 20)
            elif x < 0.18:
                offset = -rng.randint(1, POOL_GRACE_DAYS)
            elif x < 0.26:
                offset = 0
            else:
                offset = rng.randint(1, 14)
            next_date = today + timedelta(days=offset)
            last_activity = now - timedelta(minutes=rng.randint(10, 20 * 24 * 60))
            if rng.random() < 0.05:  # idle past the dormant limit
                last_activity = now - timedelta(days=rng.randint(DORMANT_AFTER_DAYS + 1, 60))
            last_activity = max(last_activity, created)
            updated = last_activity
        elif status in ("won", "lost", "lost_pending") and age <= 45 and rng.random() < 0.04:
            updated = last_activity = now - timedelta(minutes=rng.randint(1, 8 * 60))  # today
        if status in ("lost", "lost_pending"):
            lost_reason = rng.choice(list(LOST_REASONS))
        if status in ("lost", "dormant") and rng.random() > 0.03:
            owner = None
            pooled_at = min(now, last_activity + timedelta(days=rng.uniform(0.5, 3)))
            updated = pooled_at
        budget = rng.choice([5, 8, 10, 12, 15, 20, 25, 30]) * 10000
        leads.append(
            (
                lead_id,
                rng.choice(SURNAMES) + rng.choice(("先生", "女士")),
                f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(0, 99999999):08d}",
                False,
                source,
                "",
                None,
                budget - 30000,
                budget + 20000,
                rng.choice(BODIES),
                rng.choice(MAKES),
                grade,
                "",
                status,
                owner,
                next_date,
                first_contact,
                last_activity,
                None,
                None,
                None,
                lost_reason,
                "",
                first_id + rng.randrange(i) if status == "merged" and i else None,
                pooled_at,
                handler,
                created,
                updated,
            )
        )
        lives.append((lead_id, handler, created, last_activity, status, grade))
        events.append((lead_id, "created", handler, json.dumps({"source": source}), created))
        if status in ("lost", "lost_pending"):
            asked = max(created, last_activity - timedelta(hours=2))
            detail = json.dumps({"reason": lost_reason, "note": ""})
            events.append((lead_id, "lost_asked", handler, detail, asked))
            if status == "lost":
                events.append((lead_id, "lost_approved", None, '{"note": ""}', last_activity))
        if pooled_at is not None:
            detail = json.dumps({"reason": status})
            events.append((lead_id, "pooled", None, detail, pooled_at))

    weight = {"new": 0, "following": 1.2, "won": 1.6, "lost_pending": 1.0, "lost": 1.0}
    wanted = [weight.get(life[4], 0.6) * rng.uniform(0.3, 1.7) for life in lives]
    scale = follow_ups / sum(wanted)
    counts = [int(w * scale) for w in wanted]
    contacted = [i for i, life in enumerate(lives) if life[4] != "new"]
    for i in rng.choices(contacted, k=follow_ups - sum(counts)):
        counts[i] += 1
    channels = [c for c in CHANNELS]
    outcomes = list(OUTCOMES)
    rows = []
    for (lead_id, handler, created, last, _status, grade), k in zip(lives, counts, strict=True):
        life = max(60.0, (last - created).total_seconds())
        for j in range(k):
            at = created + timedelta(seconds=life * (j + rng.random()) / k)
            channel = rng.choice(channels)
            rows.append(
                (
                    lead_id,
                    handler,
                    channel,
                    "" if channel == "call_attempt" else rng.choice(SAID),
                    "no_answer" if channel == "call_attempt" else rng.choice(outcomes),
                    grade,
                    (at + timedelta(days=rng.choice((1, 3, 7, 14)))).date(),
                    None,
                    at,
                )
            )
    return leads, rows, events


async def fill(n: int, follow_ups: int) -> dict:
    await migrate()
    began = time.perf_counter()
    people, _manager = await consultants()
    engine = engine_finder()
    last = await Lead.select(Max(Lead.id).as_alias("m")).first()
    first_id = (last["m"] or 0) + 1
    leads, rows, events = build(n, follow_ups, people, first_id)
    built = time.perf_counter()
    await bulk("lead", LEAD_COLUMNS, leads)
    await bulk("follow_up", FOLLOW_UP_COLUMNS, rows)
    await bulk("lead_event", EVENT_COLUMNS, events)
    if engine.engine_type == "postgres":
        await engine.run_ddl(
            "SELECT setval(pg_get_serial_sequence('lead', 'id'), (SELECT MAX(id) FROM lead))"
        )
        await engine.run_ddl("ANALYZE")  # what autovacuum does shortly after a bulk load
    return {
        "consultants": len(people),
        "leads": len(leads),
        "follow_ups": len(rows),
        "events": len(events),
        "open": sum(1 for r in leads if r[13] in ("new", "following")),
        "pooled": sum(1 for r in leads if r[14] is None),
        "build_s": built - began,
        "write_s": time.perf_counter() - built,
    }


async def main(n: int, follow_ups: int) -> None:
    began = time.perf_counter()
    figures = await fill(n, follow_ups)
    print(
        f"added {figures['leads']} leads ({figures['open']} open, {figures['pooled']} in the pool),"
        f" {figures['follow_ups']} follow-ups and {figures['events']} events for"
        f" {figures['consultants']} consultants in {time.perf_counter() - began:.1f} s"
        f" (built {figures['build_s']:.1f} s, written {figures['write_s']:.1f} s)"
    )


if __name__ == "__main__":
    asyncio.run(
        main(
            int(sys.argv[1]) if len(sys.argv) > 1 else 100000,
            int(sys.argv[2]) if len(sys.argv) > 2 else 1000000,
        )
    )
