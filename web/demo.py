"""The demo dealership's appraisals: realistic cars, photos, findings, prices and outcomes.

Loaded once into an empty database by `python -m web.cli prepare` (what `make run` does),
through the same queries and photo pipeline the app itself uses. The photos are drawn
illustrations (media/demo_art.py): there is no network to fetch real ones from.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from piccolo.engine import engine_finder

from db.appraisals import condition_queries, photo_queries, price_queries, queries
from db.appraisals.photo_queries import GUIDED_SHOTS
from db.appraisals.tables import Appraisal, AppraisalChange
from db.staff.tables import Staff
from db.stock import certification, pricing, recon, wholesale
from db.stock import queries as stock_queries
from db.stock.tables import (
    CertificationResult,
    PriceChange,
    ReconTask,
    StockMove,
    StockUnit,
    WholesaleBid,
)
from web.demo_cars import CARS, DemoCar
from web.demo_leads import load_demo_leads
from web.demo_photos import DAMAGE, developing, list_photos
from web.i18n import DEFAULT as DEFAULT_LOCALE
from web.i18n import translations


async def _photo(appraisal_id: int, slot: str, n: int, photos: dict, actor: int) -> None:
    await photo_queries.add_photo(
        appraisal_id, f"demo-{appraisal_id}-{n:02d}", slot, await photos[n], actor
    )


async def _load_car(car: DemoCar, staff: dict[str, int], manager: int, photos: dict) -> int:
    """One car's appraisal and what followed; `photos` are its drawn photos by number
    (web.demo_photos)."""
    actor = staff[car.appraiser]
    appraisal_id = await queries.start_appraisal(actor)
    await queries.update_fields(appraisal_id, car.values, actor)
    for n, slot in enumerate(GUIDED_SHOTS[: car.photos]):
        await _photo(appraisal_id, slot, n, photos, actor)
    for i, (panel, kind, severity, note) in enumerate(car.marks):
        await _photo(appraisal_id, "damage", DAMAGE + i, photos, actor)
        await condition_queries.add_mark(appraisal_id, panel, kind, severity, note, None, actor)
    for section, item, note in car.problems:
        await condition_queries.set_check(appraisal_id, section, item, False, note, actor)
    appraisal = await queries.get_appraisal(appraisal_id)
    findings = await condition_queries.findings_for(appraisal_id, appraisal)
    recon = await price_queries.recon_items(appraisal_id, findings)
    price = price_queries.price_for(appraisal, recon, await queries.current_rule())
    if car.approval and price:
        await price_queries.request_approval(
            appraisal_id, appraisal["agreed_price"], price.max_buy, car.approval, actor
        )
    if car.outcome:
        outcome, note, expected = car.outcome
        await queries.close(
            appraisal_id,
            outcome,
            actor,
            note=note,
            owner_expected_price=expected,
            purchase_price=appraisal["agreed_price"],
            recon_estimate=sum(i.cost for i in recon),
        )
    await _backdate(appraisal_id, car.days_ago)
    if car.outcome and car.outcome[0] == "acquired":
        await _stock_path(appraisal_id, car, staff[car.appraiser])
        await list_photos(appraisal_id, photos, actor)
    return appraisal_id


async def _stock_path(appraisal_id: int, car: DemoCar, actor: int) -> None:
    """Moves the acquired car along its path, dated as if it happened over the weeks: its
    reconditioning tasks (the appraisal's estimate and the usual detailing, done before it
    went on), the inspection, a first price before listing. A 'wholesale' step collects three
    trade bids and sells to the best. A car still for sale at 45 days gets a reduction, and
    one still unsold at AGED_EXIT_DAYS goes to the trade the same way (how dealers clear
    aged stock), so the demo shows both without a car written for it."""
    unit = await StockUnit.select(StockUnit.id).where(StockUnit.appraisal == appraisal_id).first()
    unit_id = unit["id"]
    acquired = datetime.now(UTC) - timedelta(days=car.days_ago) + timedelta(hours=3)
    await StockUnit.update({StockUnit.acquired_at: acquired}).where(StockUnit.id == unit_id)
    await stock_queries.set_body_type(unit_id, car.body)
    steps = [step for step, _, _ in car.stock]
    recon_ends = car.stock[0][1] if car.stock else None  # the day it left reconditioning
    await _demo_tasks(unit_id, appraisal_id, acquired, recon_ends, actor)
    for step, days_later, note in car.stock:
        when = acquired + timedelta(days=days_later)
        if step == "certified":
            await _demo_inspection(unit_id, note, actor, when)
            await _demo_price(unit_id, car, actor, when + timedelta(hours=2))
        elif step == "wholesale":
            await _demo_bids(unit_id, car, actor, when)
        else:
            if step == "listed" and "certified" not in steps:
                await _demo_price(unit_id, car, actor, when - timedelta(hours=2))
            await stock_queries.move(unit_id, step, actor, note)
            await _dated(StockMove, when)
            if step == "sold":
                await _left(unit_id, when)
    if steps and steps[-1] == "listed" and car.days_ago > 45:  # aged on the lot
        await _demo_reduction(unit_id, actor, acquired + timedelta(days=45))
        if car.days_ago > AGED_EXIT_DAYS:
            await _demo_bids(unit_id, car, actor, acquired + timedelta(days=AGED_EXIT_DAYS))
    if "certification" in steps and "certified" not in steps and "wholesale" not in steps:
        await _demo_failed_inspection(unit_id, actor, acquired + timedelta(days=car.stock[0][1]))


AGED_EXIT_DAYS = 80
# Work a reconditioning shop does on most cars, and a few jobs that vary from car to car.
USUAL_TASKS = (("exterior", "抛光打蜡", 300), ("interior", "内饰精洗", 400))
OTHER_TASKS = (
    ("repair", "更换刹车片", 680),
    ("repair", "保养：更换机油三滤", 650),
    ("exterior", "大灯翻新", 280),
    ("interior", "座椅污渍处理", 350),
)
TRADE_BUYERS = (
    ("顺达二手车行", "13926581147", 97, "现车现款"),
    ("鹏城车商", "18688042215", 102, "当天提车"),
    ("广佛车盟", "", 99, "需要先看车况报告"),
)


def _zh(message: str) -> str:
    return translations(DEFAULT_LOCALE).gettext(message)


async def _dated(table, when: datetime) -> None:
    """Backdates the row just written."""
    last = await table.select(table.id).order_by(table.id, ascending=False).first()
    await table.update({table.created_at: when}).where(table.id == last["id"])


async def _demo_tasks(
    unit_id: int, appraisal_id: int, acquired: datetime, recon_ends: int | None, actor: int
) -> None:
    """The appraisal's estimate taken as tasks, the usual detailing and one more job; all
    done if the car has moved on, only the detailing done if it is still in the workshop."""
    await recon.seed_from_appraisal(unit_id, actor, _zh)
    seeded = {r["id"] for r in await recon.tasks(unit_id)}
    extra = OTHER_TASKS[appraisal_id % len(OTHER_TASKS)]
    for kind, label, cost in (*USUAL_TASKS, extra):
        await recon.add_task(unit_id, kind, label, cost, actor)
    for i, task in enumerate(await recon.tasks(unit_id)):
        created = acquired + timedelta(hours=2 + i)
        done_at = None
        if recon_ends is not None:
            done_at = acquired + timedelta(days=max(1, recon_ends - 1), hours=i)
        elif task["id"] not in seeded and task["label"] != extra[1]:
            done_at = acquired + timedelta(days=1, hours=i)
        changes = {ReconTask.created_at: created, ReconTask.done: bool(done_at)}
        await ReconTask.update({**changes, ReconTask.done_at: done_at}).where(
            ReconTask.id == task["id"]
        )


async def _demo_inspection(unit_id: int, note: str, actor: int, when: datetime) -> None:
    points = [
        {"label": label, "passed": True, "note": ""} for label in await certification.checklist(_zh)
    ]
    await stock_queries.certify(unit_id, points, note, actor)
    await _dated(CertificationResult, when)


async def _demo_failed_inspection(unit_id: int, actor: int, sent: datetime) -> None:
    """A car waiting in certification failed its first inspection on the brakes; the job
    is booked as an open task."""
    brakes = _zh("Brakes, pads and discs within limits")
    points = [
        {
            "label": label,
            "passed": label != brakes,
            "note": "后刹车片剩余 2.5mm，需更换" if label == brakes else "",
        }
        for label in await certification.checklist(_zh)
    ]
    await stock_queries.certify(unit_id, points, "其余项目通过，换刹车片后复检", actor)
    await _dated(CertificationResult, sent + timedelta(days=1))
    await recon.add_task(unit_id, "repair", "更换后刹车片（认证复检）", 680, actor)
    await _dated(ReconTask, sent + timedelta(days=1, hours=1))


async def _demo_price(unit_id: int, car: DemoCar, actor: int, when: datetime) -> None:
    price = car.priced or car.values["forecast_retail"] // 1000 * 1000 - 200
    await pricing.set_price(unit_id, price, "首次定价：参考同城同款在售价", actor)
    await _dated(PriceChange, when)


async def _demo_reduction(unit_id: int, actor: int, when: datetime) -> None:
    row = await StockUnit.select(StockUnit.retail_price).where(StockUnit.id == unit_id).first()
    reduced = (row["retail_price"] * 97 // 100) // 1000 * 1000 - 200
    await pricing.set_price(unit_id, reduced, "降价：库龄超过 45 天", actor)
    await _dated(PriceChange, when)


async def _demo_bids(unit_id: int, car: DemoCar, actor: int, when: datetime) -> None:
    """Three trade buyers bid over two days; the car goes to the highest."""
    base = car.values.get("agreed_price") or car.values["forecast_retail"] * 85 // 100
    for i, (dealer, contact, percent, remark) in enumerate(TRADE_BUYERS):
        amount = base * percent // 100 // 500 * 500
        await wholesale.add_bid(unit_id, dealer, contact, amount, remark, actor)
        await _dated(WholesaleBid, when - timedelta(days=2) + timedelta(hours=5 * i))
    best = (await wholesale.bids(unit_id))[0]  # highest first
    await wholesale.sell_to_bid(unit_id, best["id"], actor)
    await _dated(StockMove, when)
    await _left(unit_id, when)


async def _left(unit_id: int, when: datetime) -> None:
    """Days in stock stop when the car left, not when the demo was loaded."""
    await StockUnit.update({StockUnit.left_at: when}).where(StockUnit.id == unit_id)


async def _backdate(appraisal_id: int, days_ago: float) -> None:
    """Spread the demo over the past weeks, so ages and overdue flags mean something."""
    when = datetime.now(UTC) - timedelta(days=days_ago)
    await Appraisal.update({Appraisal.created_at: when, Appraisal.updated_at: when}).where(
        Appraisal.id == appraisal_id
    )
    await AppraisalChange.update({AppraisalChange.created_at: when}).where(
        AppraisalChange.appraisal == appraisal_id
    )


async def load_demo_appraisals() -> int:
    """Load the demo appraisals if there are none yet; returns how many were loaded."""
    if await Appraisal.count():
        return 0
    rows = await Staff.select(Staff.id, Staff.username, Staff.is_manager)
    staff = {r["username"]: r["id"] for r in rows}
    manager = next(r["id"] for r in rows if r["is_manager"])
    async with developing(CARS) as photos:
        for car, drawn in zip(CARS, photos, strict=True):
            # one transaction a car: its hundred-odd queries share one connection
            async with engine_finder().transaction():
                await _load_car(car, staff, manager, drawn)
    await load_demo_leads()  # the leads refer to the cars just loaded
    return len(CARS)
