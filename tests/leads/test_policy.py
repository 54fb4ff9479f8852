"""The manager's lead policy: validation, the page (managers only, audited, history), and
that the rules in force really change follow-up dates, claims, reveals and the pool."""

from datetime import UTC, date, datetime, timedelta

from db.audit.tables import AuditEvent
from db.leads.clock import local_today
from db.leads.policy import current_policy, save_policy
from db.leads.pool import claim, release_to_pool
from db.leads.rules import DEFAULT_POLICY, Policy, policy_problems
from db.leads.tables import Lead, LeadPolicy
from db.staff.rules import Role
from tests.conftest import csrf_token, html, make_staff, sign_in
from tests.leads.factories import lead_row, make_lead

EN = {"Accept-Language": "en"}
NOW = datetime.now(UTC)


def _form(**changes) -> dict[str, str]:
    values = {k: str(v) for k, v in vars(DEFAULT_POLICY).items()}
    return {**values, **{k: str(v) for k, v in changes.items()}}


def test_the_defaults_are_the_old_constants_and_valid():
    assert DEFAULT_POLICY.cadence == {"H": 1, "A": 3, "B": 7, "C": 14}
    assert DEFAULT_POLICY.buy_within == {"H": 7, "A": 15, "B": 30, "C": 90}
    assert policy_problems(_form()) == (DEFAULT_POLICY, {})


def test_bad_values_are_named_field_by_field():
    policy, problems = policy_problems(
        _form(cadence_h="0", daily_claim_limit="201", pool_grace_days="abc", cadence_b="")
    )
    assert policy is None
    assert problems["cadence_h"] == (
        "Enter a whole number from {low} to {high}.",
        {"low": 1, "high": 60},
    )
    assert problems["daily_claim_limit"][1] == {"low": 0, "high": 200}
    assert set(problems) == {"cadence_h", "daily_claim_limit", "pool_grace_days", "cadence_b"}


def test_cadence_within_the_buying_days_and_grades_in_order():
    _, problems = policy_problems(_form(cadence_a="20", buy_within_b="10"))
    assert problems["cadence_a"] == (
        "Follow up within the {days} days the customer buys in.",
        {"days": 15},
    )
    assert problems["buy_within_b"][1] == {"grade": "B", "sooner": "A", "days": 15}
    assert "cadence_b" not in problems  # 7 days still fit in B's 10
    policy, problems = policy_problems(_form(cadence_a="5", daily_claim_limit="0"))
    assert problems == {} and policy.cadence["A"] == 5 and policy.daily_claim_limit == 0


async def test_only_a_manager_opens_or_changes_the_policy(client):
    await make_staff("zhang.wei", {Role.CONSULTANT})
    await sign_in(client, "zhang.wei")
    assert (await client.get("/manager/leads-policy")).status_code == 403
    token = await csrf_token(client)
    r = await client.post("/manager/leads-policy", data={**_form(), "_csrf_token": token})
    assert r.status_code == 403
    assert await LeadPolicy.count() == 0


async def test_bad_input_is_refused_beside_the_field_with_values_kept(client):
    await make_staff("boss", {Role.MANAGER}, language="en")
    await sign_in(client, "boss")
    token = await csrf_token(client)
    r = await client.post(
        "/manager/leads-policy",
        data={**_form(cadence_h="9", daily_reveal_limit="-1"), "_csrf_token": token},
        headers=EN,
    )
    assert r.status_code == 422
    doc = html(r)
    assert doc.select_one("#f-cadence_h-error").get_text(strip=True) == (
        "Follow up within the 7 days the customer buys in."
    )
    assert doc.select_one("#f-daily_reveal_limit-error").get_text(strip=True) == (
        "Enter a whole number from 0 to 200."
    )
    assert doc.select_one("#f-cadence_h")["value"] == "9"
    assert await LeadPolicy.count() == 0
    assert await current_policy() == DEFAULT_POLICY


async def test_a_change_is_saved_as_history_and_audited_old_to_new(client):
    boss = await make_staff("boss", {Role.MANAGER}, display_name="王经理", language="en")
    await sign_in(client, "boss")
    token = await csrf_token(client)
    r = await client.post(
        "/manager/leads-policy",
        data={**_form(cadence_a=5, daily_claim_limit=8), "_csrf_token": token},
    )
    assert r.status_code == 303
    assert (await current_policy()).cadence_a == 5
    event = (
        await AuditEvent.select()
        .where(AuditEvent.kind == "lead_policy_changed")
        .output(load_json=True)
        .first()
    )
    assert event["actor"] == boss
    assert event["detail"] == {"changes": {"cadence_a": [3, 5], "daily_claim_limit": [5, 8]}}
    # the same values again: nothing new stored
    await client.post(
        "/manager/leads-policy",
        data={**_form(cadence_a=5, daily_claim_limit=8), "_csrf_token": token},
    )
    assert await LeadPolicy.count() == 1
    await client.post(
        "/manager/leads-policy",
        data={**_form(cadence_a=4, daily_claim_limit=8), "_csrf_token": token},
    )
    assert (await current_policy()).cadence_a == 4  # the newest row wins
    page = html(await client.get("/manager/leads-policy", headers=EN))
    rows = [r.get_text(" ", strip=True) for r in page.select(".policy-history .row")]
    assert len(rows) == 2
    assert "王经理" in rows[0] and "Grade A: next follow-up after: 5 → 4" in rows[0]
    assert "3 → 5" in rows[1] and "5 → 8" in rows[1]
    assert page.select_one("#f-cadence_a")["value"] == "4"
    dashboard = html(await client.get("/manager", headers=EN))
    assert dashboard.select_one("a[href='/manager/leads-policy']") is not None


async def test_the_policy_sets_the_next_follow_up_of_a_new_lead(client):
    boss = await make_staff("boss", {Role.MANAGER})
    await save_policy(Policy(cadence_a=5), boss)
    await make_staff("zhang.wei", {Role.CONSULTANT})
    await sign_in(client, "zhang.wei")
    token = await csrf_token(client)
    r = await client.post(
        "/leads/new",
        data={
            "name": "刘女士",
            "phone": "13911112222",
            "source": "walk_in",
            "grade": "A",
            "_csrf_token": token,
        },
    )
    assert r.status_code == 303
    lead = await Lead.select().where(Lead.phone == "13911112222").first()
    assert lead["next_follow_up"] == date.today() + timedelta(days=5)
    page = html(await client.get(f"/leads/{lead['id']}", headers=EN))
    assert (
        page.select_one("#f-next_date")["value"] == (date.today() + timedelta(days=5)).isoformat()
    )
    # the grade chips say the grades as the policy has them
    await save_policy(Policy(cadence_a=5, buy_within_a=20), boss)
    page = html(await client.get(f"/leads/{lead['id']}", headers=EN))
    chip = page.select_one("#follow-up-form input[name=grade][value=A]").parent
    assert chip["title"] == "A: buys within 20 days"


async def test_the_policy_sets_the_daily_claim_limit(client):
    boss = await make_staff("boss", {Role.MANAGER})
    await save_policy(Policy(daily_claim_limit=1), boss)
    me = await make_staff("zhang.wei", {Role.CONSULTANT}, language="en")
    first, second = [await make_lead(None, pooled_at=NOW) for _ in range(2)]
    assert (await claim(first, me, NOW)).ok
    refused = await claim(second, me, NOW)
    assert not refused.ok
    await sign_in(client, "zhang.wei")
    token = await csrf_token(client)
    r = await client.post(f"/leads/{second}/claim", data={"_csrf_token": token}, headers=EN)
    assert r.status_code == 409
    assert "You have claimed 1 leads today, the daily limit." in r.text
    assert (await lead_row(second))["owner"] is None


async def test_the_policy_sets_the_dormant_and_grace_days_of_the_nightly_release(db):
    boss = await make_staff("boss", {Role.MANAGER})
    owner = await make_staff("zhang.wei", {Role.CONSULTANT})
    quiet = await make_lead(owner, last_activity_at=NOW - timedelta(days=12))
    late = await make_lead(owner, next_follow_up=local_today(NOW) - timedelta(days=2))
    assert await release_to_pool(NOW) == {"lost": 0, "dormant": 0, "overdue": 0}
    await save_policy(Policy(dormant_after_days=10, pool_grace_days=1), boss)
    assert await release_to_pool(NOW) == {"lost": 0, "dormant": 1, "overdue": 1}
    assert (await lead_row(quiet))["owner"] is None
    assert (await lead_row(late))["owner"] is None


async def test_web_enquiries_and_trade_ins_follow_the_policy_too(client):
    from db.leads.enquiries import NewEnquiry, dealer_today, submit
    from tests.leads.test_trade_in import _sheet

    boss = await make_staff("boss", {Role.MANAGER})
    await make_staff("chen.jing", {Role.CONSULTANT})
    await save_policy(Policy(cadence_a=2, cadence_b=4), boss)
    await submit(NewEnquiry(None, "赵女士", "13655556666", "", "anytime", "k"))
    web = await Lead.select().where(Lead.phone == "13655556666").first()
    assert web["next_follow_up"] == dealer_today() + timedelta(days=4)
    sheet = await _sheet(client, owner_name="周先生", owner_phone="13922223333", make="大众")
    assert (await sheet.post("/trade-in")).status_code == 200
    trade_in = await Lead.select().where(Lead.appraisal == sheet.id).first()
    assert trade_in["next_follow_up"] == dealer_today() + timedelta(days=2)
