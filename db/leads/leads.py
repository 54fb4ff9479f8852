"""Leads: capture (with the duplicate and blacklist checks), the list, and one lead's page.

Masking happens here: a row leaves this module with `phone` only when the viewer may see it
(the owner or a manager, db.leads.rules.sees_contact); everyone else gets `phone_masked`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from db.appraisals.checks import mask_phone
from db.audit.queries import record_event
from db.idempotency import keyed_transaction, made_with, unique_violation
from db.leads.filters import LeadFilters
from db.leads.rules import next_follow_up, sees_contact
from db.leads.tables import Blacklist, FollowUp, Lead, LeadEvent
from db.stock.tables import StockUnit

OPEN = (Lead.Status.new, Lead.Status.following, Lead.Status.lost_pending)
SHOWN_AS_EXISTING = (*OPEN, Lead.Status.won)


@dataclass(frozen=True)
class NewLead:
    name: str
    phone: str  # normalised
    phone_foreign: bool
    source: str
    referrer: str = ""
    unit_id: int | None = None
    budget_min: int | None = None  # yuan
    budget_max: int | None = None
    body_type: str = ""
    make: str = ""
    grade: str = "B"
    note: str = ""


class DuplicateLead(Exception):
    """An open lead already has this number: add to it instead of making a second one."""

    def __init__(self, existing: dict) -> None:
        super().__init__(existing["id"])
        self.existing = existing


def masked_name(name: str) -> str:
    return (name[:1] + "*") if name else ""


async def existing_for_phone(phone: str) -> dict | None:
    """An open lead or a won customer with this number, masked for showing to anyone."""
    if not phone:
        return None
    row = (
        await Lead.select(
            Lead.id,
            Lead.name,
            Lead.phone,
            Lead.status,
            Lead.owner.display_name.as_alias("owner_name"),
            Lead.owner.as_alias("owner_id"),
        )
        .where((Lead.phone == phone) & Lead.status.is_in(list(SHOWN_AS_EXISTING)))
        .order_by(Lead.id)
        .first()
    )
    if row is None:
        return None
    return {
        "id": row["id"],
        "name_masked": masked_name(row["name"]),
        "phone_masked": mask_phone(row["phone"]),
        "status": row["status"],
        "owner_name": row["owner_name"] or "",
        "owner_id": row["owner_id"],
        "open": row["status"] in OPEN,
    }


async def blacklist_reason(phone: str) -> str | None:
    if not phone:
        return None
    row = (
        await Blacklist.select(Blacklist.reason)
        .where((Blacklist.phone == phone) & Blacklist.lifted_at.is_null())
        .first()
    )
    return None if row is None else row["reason"]


async def create_lead(
    new: NewLead,
    actor_id: int,
    today: date,
    ip: str = "",
    cadence: Mapping[str, int] | None = None,
    client_key: str | None = None,
) -> int:
    """Store a lead owned by its creator; refused (DuplicateLead) when an open lead has the
    number, checked inside the transaction that inserts. `cadence`: the policy's grade →
    days to the next follow-up (db.leads.policy), the defaults when None. With
    `client_key`, once per key: a retry (or two at once) gets the first one's lead, never
    the duplicate warning; KeyTaken when the key made someone else's lead."""
    if client_key and (found := await lead_made_with(client_key, actor_id)):
        return found
    try:
        return await _insert_lead(new, actor_id, today, ip, cadence, client_key)
    except DuplicateLead:
        # two tries at once: the other one's lead now holds the number
        if client_key and (found := await lead_made_with(client_key, actor_id)):
            return found
        raise
    except Exception as error:
        if not (client_key and unique_violation(error)):
            raise
        found = await lead_made_with(client_key, actor_id)
        if found is None:
            raise
        return found


async def lead_made_with(client_key: str, actor_id: int) -> int | None:
    """The lead an earlier try with this idempotency key made; KeyTaken when not theirs."""
    return await made_with(Lead, client_key, Lead.created_by, actor_id)


async def _insert_lead(
    new: NewLead,
    actor_id: int,
    today: date,
    ip: str,
    cadence: Mapping[str, int] | None,
    client_key: str | None,
) -> int:
    async with keyed_transaction():
        existing = await existing_for_phone(new.phone)
        if existing and existing["open"]:
            raise DuplicateLead(existing)
        now = datetime.now(UTC)
        row = Lead(
            name=new.name,
            phone=new.phone,
            phone_foreign=new.phone_foreign,
            source=new.source,
            referrer=new.referrer,
            unit=new.unit_id,
            budget_min=new.budget_min,
            budget_max=new.budget_max,
            body_type=new.body_type,
            make=new.make,
            grade=new.grade,
            note=new.note,
            owner=actor_id,
            created_by=actor_id,
            next_follow_up=next_follow_up(new.grade, today, cadence),
            last_activity_at=now,
            client_key=client_key or None,
        )
        await row.save()
        await LeadEvent.insert(
            LeadEvent(lead=row.id, kind="created", actor=actor_id, detail={"source": new.source})
        )
        await record_event("lead_created", actor_id=actor_id, subject=f"lead:{row.id}", ip=ip)
    return row.id


async def cars_for_interest() -> list[dict]:
    """Listed and reserved cars, for the 'a car in stock' select."""
    rows = (
        await StockUnit.select(
            StockUnit.id,
            StockUnit.appraisal.make.as_alias("make"),
            StockUnit.appraisal.model.as_alias("model"),
            StockUnit.appraisal.trim.as_alias("trim"),
        )
        .where(StockUnit.state.is_in(["listed", "reserved"]))
        .order_by(StockUnit.id, ascending=False)
    )
    for row in rows:
        row["title"] = _title(row)
    return rows


def _title(row: dict) -> str:
    return " ".join(w for w in (row.get("make"), row.get("model"), row.get("trim")) if w)


_LIST_COLUMNS = (
    Lead.id,
    Lead.name,
    Lead.phone,
    Lead.grade,
    Lead.source,
    Lead.status,
    Lead.budget_min,
    Lead.budget_max,
    Lead.body_type,
    Lead.make,
    Lead.next_follow_up,
    Lead.owner.id.as_alias("owner_id"),
    Lead.owner.display_name.as_alias("owner_name"),
    Lead.unit.id.as_alias("unit_id"),
    Lead.unit.appraisal.make.as_alias("car_make"),
    Lead.unit.appraisal.model.as_alias("car_model"),
    Lead.unit.appraisal.trim.as_alias("car_trim"),
)


def _shown(row: dict, viewer_id: int, is_manager: bool, revealed: bool = False) -> dict:
    """Keep the number only for those who may see it; always give the masked form."""
    row["phone_masked"] = mask_phone(row["phone"])
    is_owner = row["owner_id"] == viewer_id
    if not sees_contact(is_manager=is_manager, is_owner=is_owner, revealed=revealed):
        row["phone"] = None
    row["car_title"] = " ".join(
        w for w in (row.pop("car_make"), row.pop("car_model"), row.pop("car_trim")) if w
    )
    return row


LIST_PAGE = 50  # leads a page of the list; "More" brings the next ones


@dataclass(frozen=True)
class ListCursor:
    """Where the next page of the list starts: after this lead, in the list's order (soonest
    follow-up first, then the undated ones by id). Written in a URL as "2026-11-25_812", or
    "undated_812"."""

    follow_up: date | None
    lead_id: int

    def __str__(self) -> str:
        day = self.follow_up.isoformat() if self.follow_up else "undated"
        return f"{day}_{self.lead_id}"

    @classmethod
    def parse(cls, text: str) -> ListCursor | None:
        """None for anything not written by __str__ (a hand-edited URL: the first page)."""
        day, _, lead = text.strip().partition("_")
        if not lead.isdigit() or len(lead) > 12:
            return None
        if day == "undated":
            return cls(None, int(lead))
        try:
            return cls(date.fromisoformat(day), int(lead))
        except ValueError:
            return None


def _list_where(
    viewer_id: int,
    is_manager: bool,
    owner_id: int | None,
    status: str,
    grade: str,
    filters: LeadFilters | None,
):
    where = Lead.status != Lead.Status.merged
    if not is_manager:
        where &= Lead.owner == viewer_id
    elif owner_id:
        where &= Lead.owner == owner_id
    if status:
        where &= Lead.status == status
    if grade:
        where &= Lead.grade == grade
    if filters is not None:
        where &= filters.where()
    return where


async def lead_list(
    viewer_id: int,
    *,
    is_manager: bool,
    owner_id: int | None = None,
    status: str = "",
    grade: str = "",
    filters: LeadFilters | None = None,
    limit: int = 300,
    after: ListCursor | None = None,
) -> list[dict]:
    """The viewer's leads (a manager: everyone's, or one owner's), soonest follow-up first
    (so overdue ones lead), leads without a date last: one query, a second only when the
    page has room left for undated ones. `filters` narrows further (source, created
    between, lost reason: db.leads.filters, as the export and the dashboard count); `after`
    starts after that lead (the next page)."""
    where = _list_where(viewer_id, is_manager, owner_id, status, grade, filters)
    # Dated leads by the next_follow_up index (sorting every lead for "NULLs last" cost a
    # manager 140-350 ms at 100,000 leads), then undated ones if the page is not full: NULLs
    # last on both engines (sorted after the LIMIT, SQLite, NULLs first, filled the page with
    # undated closed leads and left the overdue ones out)
    rows = []
    if after is None or after.follow_up is not None:
        dated = where & Lead.next_follow_up.is_not_null()
        if after is not None:  # keyset: later days, or the same day and a higher id
            dated &= (Lead.next_follow_up > after.follow_up) | (
                (Lead.next_follow_up == after.follow_up) & (Lead.id > after.lead_id)
            )
        rows = (
            await Lead.select(*_LIST_COLUMNS)
            .where(dated)
            .order_by(Lead.next_follow_up, Lead.id)
            .limit(limit)
        )
    if len(rows) < limit:
        undated = where & Lead.next_follow_up.is_null()
        if after is not None and after.follow_up is None:
            undated &= Lead.id > after.lead_id
        rows += (
            await Lead.select(*_LIST_COLUMNS)
            .where(undated)
            .order_by(Lead.id)
            .limit(limit - len(rows))
        )
    return [_shown(r, viewer_id, is_manager) for r in rows]


def _day(value: date | str | None) -> date | None:
    """A DATE comes back as a date from PostgreSQL, and as one or as text from SQLite."""
    return date.fromisoformat(value) if isinstance(value, str) else value


async def lead_page(
    viewer_id: int,
    *,
    is_manager: bool,
    filters: LeadFilters,
    after: ListCursor | None = None,
    size: int = LIST_PAGE,
) -> tuple[list[dict], ListCursor | None, int]:
    """One page of the list (/leads), where the next one starts (None after the last), and
    how many leads the filters select in all: counted by the same condition as the rows, so
    the total can be set against the dashboard's figure that links here."""
    rows = await lead_list(
        viewer_id,
        is_manager=is_manager,
        owner_id=filters.owner_id,
        filters=filters,
        limit=size + 1,
        after=after,
    )
    more = len(rows) > size
    rows = rows[:size]
    following = ListCursor(_day(rows[-1]["next_follow_up"]), rows[-1]["id"]) if more else None
    where = _list_where(viewer_id, is_manager, filters.owner_id, "", "", filters)
    return rows, following, await Lead.count().where(where)


async def lead_detail(
    lead_id: int, viewer_id: int, *, is_manager: bool, revealed: bool = False
) -> dict | None:
    """The lead with its car and owner, and its history (follow-ups and events, newest
    first, with those of the leads merged into it): four queries, more only for merges of
    merges."""
    row = (
        await Lead.select(
            *_LIST_COLUMNS,
            Lead.phone_foreign,
            Lead.referrer,
            Lead.note,
            Lead.created_at,
            Lead.first_contact_at,
            Lead.last_activity_at,
            Lead.merged_into,
            Lead.won_unit,
            Lead.appraisal.id.as_alias("appraisal_id"),
            Lead.appraisal.make.as_alias("trade_make"),
            Lead.appraisal.model.as_alias("trade_model"),
            Lead.appraisal.plate.as_alias("trade_plate"),
        )
        .where(Lead.id == lead_id)
        .first()
    )
    if row is None:
        return None
    row = _shown(row, viewer_id, is_manager, revealed)
    # a trade-in's plate identifies the customer as surely as the number: masked alike
    if row["trade_plate"] and row["phone"] is None:
        row["trade_plate"] = mask_plate(row["trade_plate"])
    row["merged_leads"] = await merged_into(lead_id)
    history_of = [lead_id, *row["merged_leads"]]
    follow_ups = await FollowUp.select(
        FollowUp.id,
        FollowUp.channel,
        FollowUp.said,
        FollowUp.outcome,
        FollowUp.grade,
        FollowUp.next_date,
        FollowUp.created_at,
        FollowUp.actor.display_name.as_alias("actor_name"),
        FollowUp.lead.as_alias("lead_id"),
    ).where(FollowUp.lead.is_in(history_of))
    events = (
        await LeadEvent.select(
            LeadEvent.id,
            LeadEvent.kind,
            LeadEvent.detail,
            LeadEvent.created_at,
            LeadEvent.actor.display_name.as_alias("actor_name"),
            LeadEvent.lead.as_alias("lead_id"),
        )
        .where(LeadEvent.lead.is_in(history_of))
        .output(load_json=True)
    )
    history = [{**f, "type": "follow_up"} for f in follow_ups] + [
        {**e, "type": "event"} for e in events
    ]
    history.sort(key=lambda h: (h["created_at"], h["type"] == "follow_up", h["id"]), reverse=True)
    row["history"] = history
    return row


async def merged_into(lead_id: int) -> list[int]:
    """The leads merged into this one, and those merged into them (one query a level)."""
    found: list[int] = []
    frontier = [lead_id]
    while frontier:
        rows = await Lead.select(Lead.id).where(Lead.merged_into.is_in(frontier))
        frontier = [r["id"] for r in rows if r["id"] not in found and r["id"] != lead_id]
        found.extend(frontier)
    return found


def mask_plate(plate: str) -> str:
    """粤B·12345 → 粤B***45: the province and city letter, and the last two characters."""
    text = plate.replace("·", "").replace(" ", "")
    if len(text) <= 4:
        return "*" * len(text)
    return text[:2] + "*" * (len(text) - 4) + text[-2:]


async def owner_choices() -> list[dict]:
    from db.staff.tables import Staff

    return (
        await Staff.select(Staff.id, Staff.display_name)
        .where(
            (Staff.is_consultant == True) | (Staff.is_manager == True)  # noqa: E712
        )
        .order_by(Staff.display_name)
    )
