"""Follow-ups due on the days of a period against those done by their day, per person —
counted in the database: a year at a busy dealership holds hundreds of thousands of them
(bench/dashboard.py), too many to fetch and count in Python.

The rules, in words:
- A follow-up is due on the day a consultant set as the next contact when logging one; a
  lead nobody has contacted yet is due on its first follow-up date (its owner's).
- Setting the same day twice on one lead is one due follow-up (the first one set).
- It is done when a contact (not a call attempt) was logged on the lead after it was set and
  no later than its day, in the dealership's zone.
- A lead closed (won, lost, dormant, merged) before the day owes nothing that day; merged
  leads owe nothing at all (the lead they were merged into carries the work).

A moment is on or before a local day when it comes before the local midnight ending that
day. That midnight is worked out in the query from the day and the zone's UTC offset (written
in per stretch of days, so a zone with summer time is right on both sides of its changes),
and compared with the stored moment as it is: on PostgreSQL as a timestamp, on SQLite as the
UTC text Piccolo stores, which sorts as time does."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from db.leads.tables import FollowUp, Lead
from db.settings import settings

CLOSED = ("won", "lost_pending", "lost", "dormant", "merged")
NOT_A_CONTACT = "call_attempt"  # tapping the number is an attempt (db.leads.followups)


def share(part: int, whole: int) -> int | None:
    """A whole percentage, or None when there is nothing to divide."""
    return round(100 * part / whole) if whole else None


def offset_seconds(day: date, zone: ZoneInfo) -> int:
    """The zone's UTC offset at the local midnight starting `day`, in seconds."""
    return int((datetime.combine(day, time(), zone).utcoffset() or timedelta()).total_seconds())


def offset_by_day(day_sql: str, first: date, last: date, zone: ZoneInfo, shift: int) -> str:
    """SQL for the zone's offset at the midnight `shift` days after each day (0: its start,
    1: its end), as one number when it holds all period long, else a CASE over the stretches
    of days between the zone's changes. Only dates and numbers computed here go in."""
    stretches: list[tuple[date, int]] = []  # (last day of the stretch, offset)
    day = first
    while day <= last:
        offset = offset_seconds(day + timedelta(days=shift), zone)
        if stretches and stretches[-1][1] == offset:
            stretches[-1] = (day, offset)
        else:
            stretches.append((day, offset))
        day += timedelta(days=1)
    if len(stretches) <= 1:
        return str(stretches[0][1] if stretches else 0)
    cases = " ".join(f"WHEN {day_sql} <= '{end.isoformat()}' THEN {o}" for end, o in stretches)
    return f"(CASE {cases} ELSE {stretches[-1][1]} END)"


def local_midnight(day_sql: str, first: date, last: date, zone: ZoneInfo, shift: int) -> str:
    """SQL for the moment of the local midnight `shift` days after the day `day_sql`."""
    offset = offset_by_day(day_sql, first, last, zone, shift)
    if settings().is_sqlite:
        return f"datetime({day_sql}, '+{shift} day', (-{offset}) || ' seconds')"
    return (
        f"((({day_sql} + {shift})::timestamp - {offset} * INTERVAL '1 second') AT TIME ZONE 'UTC')"
    )


def closed_before(day_sql: str, first: date, last: date, zone: ZoneInfo) -> str:
    """SQL: the lead `l` was closed before the local day `day_sql` began."""
    statuses = ", ".join(f"'{s}'" for s in CLOSED)
    start = local_midnight(day_sql, first, last, zone, 0)
    return f"(l.status IN ({statuses}) AND l.updated_at < {start})"


async def compliance(first: date, last: date, person_id: int | None, tz: str) -> dict:
    """Due against done for the days first..last (both included; none when last < first),
    per person — everyone's, or the follow-ups `person_id` set and the leads they own."""
    people: dict[int | None, dict] = {}
    if last >= first:
        zone = ZoneInfo(tz)
        day_ends = local_midnight("f.next_date", first, last, zone, 1)
        mine = "AND f.actor = {}" if person_id else ""
        # the same day set again on a lead is counted once, as the first time it was set
        # (the first row, when two were logged in the same instant); with one person
        # chosen, their first time
        again = "AND e.actor = f.actor" if person_id else ""
        # only SQL written here and numbers and dates computed here go into the text; the
        # period's days and the person travel as parameters
        scheduled = await FollowUp.raw(
            f"""
            SELECT f.actor AS person, s.display_name AS name, COUNT(*) AS due,
                   SUM(CASE WHEN f.next_at < {day_ends} THEN 1 ELSE 0 END) AS done
            FROM (
                SELECT f.actor, f.next_date,
                       (SELECT MIN(c.created_at) FROM follow_up c
                        WHERE c.lead = f.lead AND c.created_at > f.created_at
                          AND c.channel != '{NOT_A_CONTACT}') AS next_at
                FROM follow_up f JOIN lead l ON l.id = f.lead
                WHERE f.next_date >= {{}} AND f.next_date <= {{}}
                  AND f.channel != '{NOT_A_CONTACT}' AND l.status != 'merged' {mine}
                  AND NOT {closed_before("f.next_date", first, last, zone)}
                  AND NOT EXISTS (
                      SELECT 1 FROM follow_up e
                      WHERE e.lead = f.lead AND e.next_date = f.next_date
                        AND e.next_date >= {{}} AND e.next_date <= {{}}
                        AND e.channel != '{NOT_A_CONTACT}' {again}
                        AND e.created_at <= f.created_at
                        AND (e.created_at < f.created_at OR e.id < f.id))
            ) f LEFT JOIN staff s ON s.id = f.actor
            GROUP BY f.actor, s.display_name
            """,  # noqa: S608
            first,
            last,
            *([person_id] if person_id else []),
            first,  # the same days again (PostgreSQL then hashes only those follow-ups)
            last,
        )
        owner = "AND l.owner = {}" if person_id else ""
        untouched = await Lead.raw(
            f"""
            SELECT l.owner AS person, s.display_name AS name, COUNT(*) AS due, 0 AS done
            FROM lead l LEFT JOIN staff s ON s.id = l.owner
            WHERE l.first_contact_at IS NULL AND l.status != 'merged'
              AND l.next_follow_up >= {{}} AND l.next_follow_up <= {{}} {owner}
              AND NOT {closed_before("l.next_follow_up", first, last, zone)}
            GROUP BY l.owner, s.display_name
            """,  # noqa: S608
            first,
            last,
            *([person_id] if person_id else []),
        )
        for row in [*scheduled, *untouched]:
            person = people.setdefault(
                row["person"],
                {"id": row["person"], "name": row["name"] or "", "due": 0, "done": 0},
            )
            person["due"] += int(row["due"])
            person["done"] += int(row["done"] or 0)
    rows = sorted(people.values(), key=lambda p: (p["id"] is None, -p["due"], p["name"]))
    for p in rows:
        p["rate"] = share(p["done"], p["due"])
        p["missed"] = p["due"] - p["done"]
    due = sum(p["due"] for p in rows)
    done = sum(p["done"] for p in rows)
    return {"due": due, "done": done, "rate": share(done, due), "people": rows}
