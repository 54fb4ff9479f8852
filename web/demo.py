"""The demo dealership's appraisals: realistic cars, photos, findings, prices and outcomes.

Loaded once into an empty database by `python -m web.cli prepare` (what `make run` does),
through the same queries and photo pipeline the app itself uses. The photos are drawn
illustrations (media/demo_art.py): there is no network to fetch real ones from.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from db.appraisals import condition_queries, photo_queries, price_queries, queries
from db.appraisals.photo_queries import GUIDED_SHOTS
from db.appraisals.tables import Appraisal, AppraisalChange
from db.appraisals.vin import expected_check_digit
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
from media.demo_art import draw_shot
from media.photos import ingest
from media.storage import storage
from web.i18n import DEFAULT as DEFAULT_LOCALE
from web.i18n import translations


def _vin(prefix: str, year_code: str, serial: str) -> str:
    """A VIN with a correct check digit (GB 16735): WMI+VDS (8), check, year, plant+serial."""
    draft = f"{prefix}0{year_code}{serial}"
    return draft[:8] + expected_check_digit(draft) + draft[9:]


@dataclass
class DemoCar:
    appraiser: str
    days_ago: float
    values: dict
    colour: tuple[int, int, int]
    body: str = "sedan"
    photos: int = 9  # guided shots taken so far
    marks: list = field(default_factory=list)  # (panel, kind, severity, note)
    problems: list = field(default_factory=list)  # (section, item, note)
    approval: str | None = None  # reason, when the agreed price is above the maximum
    outcome: tuple | None = None  # (outcome, note, owner's expected price in yuan)
    stock: list = field(default_factory=list)  # after acquisition: (step, days later, note)


NISSAN_VIN = _vin("LGBH52E0", "L", "A047316")

CARS = [
    DemoCar(
        "appraiser",
        12,
        dict(
            vin=_vin("LVGBE40K", "M", "G158342"),
            plate="粤B3K8Q2",
            make="丰田",
            model="凯美瑞",
            trim="2.0G 豪华版",
            first_registration=date(2021, 4, 18),
            mileage_km=46213,
            colour="珍珠白",
            gearbox="automatic",
            fuel="petrol",
            previous_owners=1,
            owner_name="陈志强",
            owner_phone="13925461873",
            tread_front_left=5.2,
            tread_front_right=5.0,
            tread_rear_left=4.1,
            tread_rear_right=4.3,
            forecast_retail=148000,
            comparables="懂车帝同城 2021款 4.5万公里 14.6–15.2万",
            agreed_price=125000,
        ),
        (236, 236, 230),
        marks=[("rear_bumper", "scratch", 1, "倒车剐蹭，可抛光")],
        outcome=("acquired", "置换新款凯美瑞双擎", None),
        stock=[("certification", 6, "抛光、精洗完成")],
    ),
    DemoCar(
        "zhaolei",
        9,
        dict(
            vin=_vin("LFV3A23C", "K", "3021875"),
            plate="粤A7D21F",
            make="大众",
            model="帕萨特",
            trim="330TSI 精英版",
            first_registration=date(2019, 8, 2),
            mileage_km=82450,
            colour="曜石黑",
            gearbox="dct",
            fuel="petrol",
            previous_owners=2,
            owner_name="刘女士",
            owner_phone="13760218845",
            accident=True,
            accident_note="左前门及左前翼子板钣金喷漆，纵梁、减震器座未见损伤",
            tread_front_left=3.4,
            tread_front_right=3.6,
            tread_rear_left=2.6,
            tread_rear_right=2.8,
            forecast_retail=132000,
            comparables="同款 8 万公里车况一般 12.8–13.5万",
        ),
        (28, 28, 32),
        marks=[
            ("front_left_door", "paint", 2, "重新喷漆，漆膜厚度 280μm"),
            ("front_left_wing", "paint", 2, ""),
        ],
        problems=[("engine_gearbox", "gear_changes", "低速换挡略顿挫")],
        outcome=("declined", "车主心理价位高于我们的报价", 135000),
    ),
    DemoCar(
        "appraiser",
        0.1,
        dict(
            vin=_vin("LGXCE4CB", "N", "0193527"),
            plate="粤BD51882",
            make="比亚迪",
            model="秦PLUS DM-i",
            trim="55km 尊贵型",
            first_registration=date(2022, 5, 20),
            mileage_km=31200,
            colour="雪域白",
            gearbox="automatic",
            fuel="plugin",
            previous_owners=1,
            owner_name="黄先生",
            owner_phone="15889732016",
            tread_front_left=6.1,
            tread_front_right=6.0,
            tread_rear_left=5.8,
            tread_rear_right=5.9,
            forecast_retail=96000,
            comparables="秦PLUS DM-i 2022款 3万公里 9.3–9.9万",
            agreed_price=93000,
        ),
        (242, 242, 238),
        problems=[("electrics", "battery_charging", "慢充口盖卡扣松动")],
        approval="一手车、电池健康度 96%，同城好卖，比最高价高一点能成交",
    ),
    DemoCar(
        "zhaolei",
        5,
        dict(
            vin=_vin("LHGCV163", "J", "8046251"),
            plate="粤B9L2M7",
            make="本田",
            model="雅阁",
            trim="260TURBO 精英版",
            first_registration=date(2018, 3, 10),
            mileage_km=98700,
            colour="炫晶红",
            gearbox="cvt",
            fuel="petrol",
            previous_owners=2,
            owner_name="周先生",
            owner_phone="13602587741",
        ),
        (168, 28, 34),
        photos=4,
    ),
    DemoCar(
        "appraiser",
        20,
        dict(
            vin=NISSAN_VIN,
            plate="粤S6F0K3",
            make="日产",
            model="轩逸",
            trim="1.6XL CVT 豪华版",
            first_registration=date(2020, 7, 11),
            mileage_km=52000,
            colour="钛金灰",
            gearbox="cvt",
            fuel="petrol",
            previous_owners=1,
            owner_name="吴女士",
            owner_phone="13827764590",
            forecast_retail=78000,
        ),
        (120, 124, 130),
        outcome=("sold_elsewhere", "车主称外面车商多给 3000 元，已卖出", None),
    ),
    DemoCar(
        "zhaolei",
        3,
        dict(
            vin=NISSAN_VIN,
            plate="粤S6F0K3",
            make="日产",
            model="轩逸",
            trim="1.6XL CVT 豪华版",
            first_registration=date(2020, 7, 11),
            mileage_km=52400,
            colour="钛金灰",
            gearbox="cvt",
            fuel="petrol",
            owner_name="吴女士",
        ),
        (120, 124, 130),
        photos=2,
        outcome=("voided", "车主未到场", None),
    ),
    DemoCar(
        "appraiser",
        2,
        dict(
            vin=_vin("LGWEF4A5", "M", "H230917"),
            plate="粤B6P9T1",
            make="哈弗",
            model="H6",
            trim="第三代 1.5T 两驱 Pro",
            first_registration=date(2021, 11, 2),
            mileage_km=40500,
            colour="冰川白",
            gearbox="dct",
            fuel="petrol",
            previous_owners=1,
            owner_name="林先生",
            owner_phone="18676420935",
            tread_front_left=2.9,
            tread_front_right=3.1,
            tread_rear_left=4.0,
            tread_rear_right=4.2,
            forecast_retail=82000,
        ),
        (230, 232, 235),
        body="suv",
        marks=[("roof", "dent", 1, "冰雹小坑"), ("rear_right_wing", "rust", 2, "")],
        outcome=("wholesale", "SUV 库存已满，按最高出价转批售", None),
    ),
    DemoCar(
        "appraiser",
        66,
        dict(
            vin=_vin("LFV3B28W", "L", "3017462"),
            plate="粤B2H6W9",
            make="奥迪",
            model="A4L",
            trim="40 TFSI 时尚动感型",
            first_registration=date(2020, 9, 14),
            mileage_km=61800,
            colour="冰川白",
            gearbox="dct",
            fuel="petrol",
            previous_owners=1,
            owner_name="郑先生",
            owner_phone="13538027716",
            tread_front_left=4.6,
            tread_front_right=4.5,
            tread_rear_left=4.2,
            tread_rear_right=4.4,
            forecast_retail=188000,
            agreed_price=158000,
        ),
        (240, 240, 236),
        marks=[("front_right_door", "scratch", 1, "")],
        outcome=("acquired", "置换 Q5L", None),
        stock=[
            ("certification", 7, "更换机油三滤，内饰精洗"),
            ("certified", 9, "128 项检测通过"),
            ("listed", 10, ""),
        ],
    ),
    DemoCar(
        "zhaolei",
        41,
        dict(
            vin=_vin("LSGUA84Y", "M", "0087316"),
            plate="粤A5G3C8",
            make="别克",
            model="GL8",
            trim="ES 陆尊 653T 豪华型",
            first_registration=date(2021, 6, 3),
            mileage_km=72300,
            colour="琥珀黑",
            gearbox="automatic",
            fuel="petrol",
            previous_owners=1,
            owner_name="何总",
            owner_phone="13902214587",
            tread_front_left=5.0,
            tread_front_right=5.1,
            tread_rear_left=4.8,
            tread_rear_right=4.7,
            forecast_retail=245000,
            agreed_price=212000,
        ),
        (30, 30, 34),
        body="suv",
        outcome=("acquired", "公司车辆更新", None),
        stock=[
            ("certification", 5, ""),
            ("certified", 6, "128 项检测通过，无事故"),
            ("listed", 7, ""),
            ("reserved", 38, "客户交订金 5000 元"),
        ],
    ),
    DemoCar(
        "appraiser",
        16,
        dict(
            vin=_vin("LRW3E7FA", "N", "C612058"),
            plate="粤BF72296",
            make="特斯拉",
            model="Model 3",
            trim="后轮驱动版",
            first_registration=date(2022, 8, 26),
            mileage_km=38900,
            colour="星空灰",
            gearbox="automatic",
            fuel="electric",
            previous_owners=1,
            owner_name="孙女士",
            owner_phone="18820637714",
            tread_front_left=3.8,
            tread_front_right=3.9,
            tread_rear_left=2.8,
            tread_rear_right=2.9,
            forecast_retail=168000,
            agreed_price=149000,
        ),
        (88, 92, 98),
        problems=[("interior", "dashboard", "中控屏边缘轻微划痕")],
        outcome=("acquired", "换购 Model Y", None),
    ),
]


async def _photo(appraisal_id: int, car: DemoCar, slot: str, n: int, actor: int) -> None:
    data = draw_shot(
        slot,
        colour=car.colour,
        plate=car.values.get("plate", ""),
        mileage_km=car.values.get("mileage_km") or 0,
        body=car.body,
        seed=appraisal_id * 31 + n,
        size=(1024, 768),
    )
    processed = await asyncio.to_thread(ingest, data, storage())
    await photo_queries.add_photo(
        appraisal_id, f"demo-{appraisal_id}-{n:02d}", slot, processed, actor
    )


async def _load_car(car: DemoCar, staff: dict[str, int], manager: int) -> int:
    actor = staff[car.appraiser]
    appraisal_id = await queries.start_appraisal(actor)
    await queries.update_fields(appraisal_id, car.values, actor)
    for n, slot in enumerate(GUIDED_SHOTS[: car.photos]):
        await _photo(appraisal_id, car, slot, n, actor)
    for i, (panel, kind, severity, note) in enumerate(car.marks):
        await _photo(appraisal_id, car, "damage", 20 + i, actor)
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
    price = car.values["forecast_retail"] // 1000 * 1000 - 200
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
    for car in CARS:
        await _load_car(car, staff, manager)
    return len(CARS)
