"""The dashboard's leads: new leads by source, won by source and consultant, the first answer
to web enquiries, follow-ups due against done, lost reasons and the pool — counted from the
leads created in the period, each count a link to the lead list showing exactly those
leads; the list's new filters (source, reason, created from/to) and their bad input."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from db.leads.enquiries import dealer_today
from db.leads.tables import Enquiry, FollowUp, Lead
from db.reports.follow_up_compliance import compliance
from db.reports.leads import first_response, lead_figures
from db.reports.period import period_for
from db.settings import settings
from db.staff.rules import Role
from tests.conftest import html, make_staff, sign_in
from tests.leads.factories import make_lead

EN = {"Accept-Language": "en"}
TZ = "Asia/Shanghai"


def _ago(days: float, minutes: int = 0) -> datetime:
    return datetime.now(UTC) - timedelta(days=days, minutes=minutes)


async def _web_lead(owner: int, created: datetime, answered_after: int | None) -> int:
    enquiry = Enquiry(name="网客", phone="13900000000", created_at=created)
    await enquiry.save()
    first = created + timedelta(minutes=answered_after) if answered_after is not None else None
    return await make_lead(
        owner,
        source=Lead.Source.website,
        enquiry=enquiry.id,
        created_at=created,
        first_contact_at=first,
        status=Lead.Status.following if first else Lead.Status.new,
    )


async def _data() -> dict:
    boss = await make_staff("boss", {Role.MANAGER}, display_name="经理", language="en")
    zhang = await make_staff("zhang", {Role.CONSULTANT}, display_name="张婷")
    li = await make_staff("li", {Role.CONSULTANT}, display_name="李娜")
    won = await make_lead(zhang, created_at=_ago(2), status=Lead.Status.won)
    lost = await make_lead(zhang, created_at=_ago(2), status=Lead.Status.lost, lost_reason="price")
    await make_lead(zhang, created_at=_ago(2))
    await make_lead(
        zhang, created_at=_ago(2), status=Lead.Status.lost_pending, lost_reason="postponed"
    )
    await _web_lead(zhang, _ago(1), 3)
    await make_lead(li, source=Lead.Source.wechat, created_at=_ago(5))
    await _web_lead(li, _ago(3), 20)
    await make_lead(None, source=Lead.Source.referral, created_at=_ago(4), first_contact_at=None)
    # not in the period, or not a lead of its own
    await make_lead(zhang, created_at=_ago(70), status=Lead.Status.won)
    await make_lead(zhang, created_at=_ago(2), status=Lead.Status.merged, merged_into=won)
    return {"boss": boss, "zhang": zhang, "li": li, "won": won, "lost": lost}


def _month() -> object:
    return period_for("30d", dealer_today())


async def test_figures_on_factory_data(db):
    d = await _data()
    f = await lead_figures(_month(), None, TZ)
    assert (f["total"], f["won"], f["rate"]) == (8, 1, 12)
    by_source = {s["key"]: (s["leads"], s["won"]) for s in f["by_source"]}
    assert by_source == {"walk_in": (4, 1), "website": (2, 0), "wechat": (1, 0), "referral": (1, 0)}
    assert f["by_source"][0]["key"] == "walk_in"  # most leads first
    by_person = {p["id"]: (p["leads"], p["won"], p["rate"]) for p in f["by_person"]}
    assert by_person == {d["zhang"]: (5, 1, 20), d["li"]: (2, 0, 0), None: (1, 0, 0)}
    assert f["lost"] == [
        {"key": "price", "n": 1, "href": f["lost"][0]["href"]},
    ]
    assert f["lost_pending"] == 1
    response = f["response"]
    assert (response["answered"], response["median"]) == (2, 11.5)
    assert (response["within"], response["judged"], response["within_rate"]) == (1, 2, 50)
    assert f["pool"] == 1  # the unowned referral

    mine = await lead_figures(_month(), {"id": d["li"]}, TZ)
    assert (mine["total"], mine["won"]) == (2, 0)
    assert [p["id"] for p in mine["by_person"]] == [d["li"]]
    assert mine["response"]["median"] == 20 and mine["response"]["within_rate"] == 0


async def test_every_count_links_to_a_list_of_exactly_those_leads(client):
    await _data()
    await sign_in(client, "boss")
    doc = html(await client.get("/manager/dashboard", params={"period": "30d"}, headers=EN))
    section = doc.select_one("#report-leads")
    links = [
        a
        for a in section.select("a[href^='/leads?']")
        if a.get_text(strip=True).isdigit()  # the numbers; chart rows link by their label
    ]
    assert len(links) >= 8
    for a in links:
        listed = html(await client.get(a["href"], headers=EN)).select(".lead-row")
        assert len(listed) == int(a.get_text(strip=True)), a["href"]
    # the chart's rows (by source, lost reasons) too: the row's number is the list's length
    for row in section.select(".bar-table tr.is-link"):
        href = row.select_one("th a")["href"]
        listed = html(await client.get(href, headers=EN)).select(".lead-row")
        assert len(listed) == int(row.select_one(".bar-value").get_text(strip=True)), href
    kpis = [li.get_text(" ", strip=True) for li in section.select(".report-kpis li")]
    assert kpis[0].startswith("8 ") and kpis[1].startswith("1 ") and kpis[2].startswith("1 ")
    pool = html(await client.get("/leads/pool", headers=EN))
    assert pool.select_one("main") is not None


async def test_the_lists_export_takes_the_same_filters(client):
    d = await _data()
    await sign_in(client, "boss")
    start = (dealer_today() - timedelta(days=29)).isoformat()
    query = f"source=website&created_from={start}&created_to={dealer_today().isoformat()}"
    listed = html(await client.get(f"/leads?{query}", headers=EN))
    assert len(listed.select(".lead-row")) == 2
    links = [a["href"] for a in listed.select(".lead-export a")]
    assert links[0].endswith(f"&source=website&created_from={start}&created_to={dealer_today()}")
    r = await client.get(links[0])
    ids = [line.split(",")[0] for line in r.content.decode("utf-8-sig").splitlines()[1:]]
    assert len(ids) == 2
    assert all(
        row["source"] == "website"
        for row in await Lead.select(Lead.source).where(Lead.id.is_in([int(i) for i in ids]))
    )
    assert d["won"]  # the rest of the data is there, only filtered out


async def test_an_empty_period_shows_zeros_and_a_hint(client):
    await _data()
    await sign_in(client, "boss")
    doc = html(
        await client.get(
            "/manager/dashboard",
            params={"period": "custom", "start": "2024-01-01", "end": "2024-01-31"},
            headers=EN,
        )
    )
    section = doc.select_one("#report-leads")
    numbers = [s.get_text(strip=True) for s in section.select(".report-kpis strong")]
    assert numbers == ["0", "0", "1"]  # the pool is now, whatever the period
    hints = [p.get_text(" ", strip=True) for p in section.select(".report-hint")]
    assert hints[0].startswith("No leads were created in this period")
    assert "No web enquiries in this period." in hints


async def test_the_person_chosen_narrows_the_section(client):
    d = await _data()
    await sign_in(client, "boss")
    doc = html(
        await client.get(
            "/manager/dashboard", params={"period": "30d", "person": d["li"]}, headers=EN
        )
    )
    section = doc.select_one("#report-leads")
    assert section.select_one(".report-kpis strong").get_text(strip=True) == "2"
    rows = section.select("#leads-by-person tbody tr")
    assert [r["data-id"] for r in rows] == [str(d["li"])]
    first = section.select_one(".report-kpis a")["href"]
    assert f"owner={d['li']}" in first
    assert len(html(await client.get(first, headers=EN)).select(".lead-row")) == 2


async def test_a_bad_date_on_the_list_is_refused_beside_its_field_and_the_list_kept(client):
    await _data()
    await sign_in(client, "boss")
    everyone = len(html(await client.get("/leads", headers=EN)).select(".lead-row"))
    doc = html(await client.get("/leads?created_from=2026-02-31&source=walk_in", headers=EN))
    field = doc.select_one("#created_from")
    assert field["value"] == "2026-02-31" and field["aria-invalid"] == "true"
    assert doc.select_one("#created_from-error").get_text(strip=True) == "Not a date."
    assert len(doc.select(".lead-row")) == 5  # the source still applies, not the date
    doc = html(await client.get("/leads?created_from=2026-11-10&created_to=2026-11-01", headers=EN))
    assert doc.select_one("#created_to-error").get_text(strip=True) == (
        "The last day is before the first."
    )
    assert len(doc.select(".lead-row")) == everyone
    # an htmx filter change gets the list and, beside it, the dates with their message
    r = await client.get(
        "/leads?created_from=nonsense",
        headers={**EN, "HX-Request": "true", "HX-Request-Type": "partial"},
    )
    doc = html(r)
    assert doc.select_one("#lead-list") is not None
    assert doc.select_one("#lead-dates")["hx-swap-oob"] == "true"
    assert doc.select_one("#created_from-error").get_text(strip=True) == "Not a date."


async def test_the_plain_list_is_unchanged_and_a_consultant_sees_only_their_own(client):
    d = await _data()
    await sign_in(client, "li")
    doc = html(await client.get(f"/leads?owner={d['zhang']}&source=website", headers=EN))
    assert len(doc.select(".lead-row")) == 1  # their own web lead; the owner is ignored
    assert doc.select_one(".lead-export") is None


async def test_the_section_runs_a_fixed_number_of_queries(db, sql_log):
    await _data()
    sql_log.clear()
    await lead_figures(_month(), None, TZ)
    few = len(sql_log)
    for _n in range(6):
        lead = await make_lead(None, created_at=_ago(1), next_follow_up=dealer_today())
        await FollowUp.insert(
            FollowUp(lead=lead, channel="call", next_date=dealer_today() - timedelta(days=1))
        )
    sql_log.clear()
    await lead_figures(_month(), None, TZ)
    assert len(sql_log) == few <= 8


# --- the counting of follow-ups due against done --------------------------------------------


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(TZ)).astimezone(UTC)


async def _follow_up(lead: int, actor: int | None, at: datetime, **fields) -> None:
    await FollowUp.insert(
        FollowUp(
            lead=lead, actor=actor, channel=fields.pop("channel", "call"), created_at=at, **fields
        )
    )


async def test_a_follow_up_is_done_when_a_contact_came_by_its_day_after_it_was_set(db):
    zhang = await make_staff("zhang", {Role.CONSULTANT}, display_name="张婷")
    li = await make_staff("li", {Role.CONSULTANT}, display_name="李娜")
    d = date(2026, 11, 10)
    set_at = _at(d - timedelta(days=3), 10)
    leads = [await make_lead(zhang, updated_at=set_at) for _ in range(5)]
    for lead in leads:
        await _follow_up(lead, zhang, set_at, next_date=d)
    await _follow_up(leads[0], zhang, _at(d, 23, 59))  # the last minute of its day: done
    await _follow_up(leads[1], zhang, _at(d + timedelta(days=1), 0))  # a day late
    await _follow_up(leads[2], zhang, set_at - timedelta(hours=1))  # before it was set
    await _follow_up(leads[2], zhang, _at(d, 9), channel="call_attempt")  # only tried
    # won two days before its day: nothing was owed
    await Lead.update(status=Lead.Status.won, updated_at=_at(d - timedelta(days=2), 9)).where(
        Lead.id == leads[3]
    )
    # the same day set again an hour later: one follow-up due, done by that second contact
    await _follow_up(leads[4], zhang, set_at + timedelta(hours=1), next_date=d)
    # never contacted, due that day: its owner's
    await make_lead(li, first_contact_at=None, next_follow_up=d, updated_at=set_at)
    # merged away: nothing
    merged = await make_lead(zhang, status=Lead.Status.merged, merged_into=leads[0])
    await _follow_up(merged, zhang, set_at, next_date=d)

    result = await compliance(d, d, None, TZ)
    assert (result["due"], result["done"], result["rate"]) == (5, 2, 40)
    people = {p["id"]: (p["due"], p["done"], p["missed"]) for p in result["people"]}
    assert people == {zhang: (4, 2, 2), li: (1, 0, 1)}
    assert [p["name"] for p in result["people"]] == ["张婷", "李娜"]  # most due first
    mine = await compliance(d, d, li, TZ)
    assert (mine["due"], mine["done"]) == (1, 0)
    assert (await compliance(d, d - timedelta(days=1), None, TZ))["due"] == 0  # no days


def _by_the_rules(follow_ups: list[dict], leads: dict[int, dict], first: date, last: date) -> dict:
    """The rules of db/reports/follow_up_compliance.py read plainly, in Python: the reference
    the database's counting is checked against."""
    zone = ZoneInfo(TZ)

    def day(moment: datetime) -> date:
        return moment.astimezone(zone).date()

    closed = {"won", "lost_pending", "lost", "dormant", "merged"}
    dues: dict[tuple[int, date], dict] = {}
    for f in sorted(follow_ups, key=lambda f: (f["created_at"], f["id"])):
        lead = leads[f["lead"]]
        if f["channel"] == "call_attempt" or not f["next_date"] or lead["status"] == "merged":
            continue
        if not first <= f["next_date"] <= last:
            continue
        if lead["status"] in closed and day(lead["updated_at"]) < f["next_date"]:
            continue
        dues.setdefault((f["lead"], f["next_date"]), f)
    done: dict[int | None, list[int]] = {}
    for (lead_id, due), f in dues.items():
        kept = any(
            c["lead"] == lead_id
            and c["channel"] != "call_attempt"
            and c["created_at"] > f["created_at"]
            and day(c["created_at"]) <= due
            for c in follow_ups
        )
        done.setdefault(f["actor"], [0, 0])
        done[f["actor"]][0] += 1
        done[f["actor"]][1] += kept
    for lead in leads.values():
        due = lead["next_follow_up"]
        if lead["first_contact_at"] or lead["status"] == "merged" or not due:
            continue
        if first <= due <= last and not (
            lead["status"] in closed and day(lead["updated_at"]) < due
        ):
            done.setdefault(lead["owner"], [0, 0])[0] += 1
    return {person: tuple(counts) for person, counts in done.items()}


async def test_the_database_counts_as_the_rules_say_on_random_follow_ups(db):
    """Random leads and follow-ups around a week (same-instant pairs, call attempts, closed
    and merged leads, contacts late in the evening and just after midnight): the counts the
    database makes equal the rules read plainly."""
    rng = random.Random(8)  # noqa: S311 - a fixed, repeatable sample
    people = [await make_staff(f"p{i}", {Role.CONSULTANT}) for i in range(3)]
    start = date(2026, 10, 5)
    first, last = start + timedelta(days=2), start + timedelta(days=6)
    leads: dict[int, dict] = {}
    follow_ups: list[dict] = []
    for _ in range(40):
        owner = rng.choice(people)
        status = rng.choice(["following", "following", "won", "lost", "dormant", "merged"])
        updated = _at(start + timedelta(days=rng.randrange(10)), rng.randrange(24))
        untouched = rng.random() < 0.2
        row = {
            "status": status,
            "updated_at": updated,
            "first_contact_at": None if untouched else updated,
            "next_follow_up": start + timedelta(days=rng.randrange(10)),
        }
        lead = await make_lead(owner, **row)
        leads[lead] = {**row, "owner": owner}
        moments = []
        for _ in range(0 if untouched else rng.randrange(1, 9)):
            at = _at(start + timedelta(days=rng.randrange(10)), rng.choice([0, 9, 15, 23]))
            if moments and rng.random() < 0.15:
                at = rng.choice(moments)  # logged in the same instant as another
            moments.append(at)
            f = {
                "lead": lead,
                "actor": rng.choice(people),
                "channel": rng.choice(["call", "call", "wechat", "visit", "call_attempt"]),
                "created_at": at,
                "next_date": start + timedelta(days=rng.randrange(10))
                if rng.random() < 0.7
                else None,
            }
            rows = await FollowUp.insert(FollowUp(**f)).returning(FollowUp.id)
            follow_ups.append({**f, "id": rows[0]["id"]})
    expected = _by_the_rules(follow_ups, leads, first, last)
    assert sum(due for due, _ in expected.values()) > 20  # the data exercises the rules
    counted = await compliance(first, last, None, TZ)
    assert {p["id"]: (p["due"], p["done"]) for p in counted["people"]} == expected


def test_first_answer_median_and_share_within_the_goal():
    now = datetime(2026, 11, 10, 12, tzinfo=UTC)
    made = now - timedelta(hours=5)
    rows = [
        {"created_at": made, "first_contact_at": made + timedelta(minutes=2)},
        {"created_at": made, "first_contact_at": made + timedelta(minutes=5, seconds=50)},
        {"created_at": made, "first_contact_at": made + timedelta(minutes=40)},
        {"created_at": made, "first_contact_at": None},  # waiting for hours: late
        {"created_at": now - timedelta(minutes=2), "first_contact_at": None},  # not due yet
    ]
    r = first_response(rows, now, 5)
    assert (r["enquiries"], r["answered"], r["waiting"], r["median"]) == (5, 3, 2, 5)
    assert (r["within"], r["judged"], r["within_rate"]) == (2, 4, 50)
    assert first_response([], now, 5)["median"] is None


def test_the_zone_is_the_dealerships():
    assert settings().timezone == TZ  # the periods' days above are Shanghai days


async def test_everyone_as_the_form_sends_it_is_everyone(client):
    await _data()
    await sign_in(client, "boss")
    # the person select's first option is empty: an htmx change sends person=
    r = await client.get("/manager/dashboard?period=30d&person=", headers=EN)
    assert r.status_code == 200
    kpi = html(r).select_one("#report-leads .report-kpis strong")
    assert kpi.get_text(strip=True) == "8"
