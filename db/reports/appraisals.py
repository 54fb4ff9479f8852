"""The dashboard's appraisal figures for a period (and one appraiser): how many cars were
appraised and bought (look-to-book), how good each appraiser's forecast retail price proved
against what the car really sold for, the appraisals left without an outcome past the cost
rule's limit, and the cars appraised more than once and never bought (the 飞单 watch).

Every count selects its appraisals with the Appraise list's own conditions
(db/appraisals/filters.py), so a figure and the list it links to always agree. Five
queries, whatever the period."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from db.appraisals import queries
from db.appraisals.filters import AppraisalFilters, overdue_where, sold_at_retail_where
from db.appraisals.tables import Appraisal
from db.reports.period import Period
from db.stock.tables import StockUnit

MIN_JUDGED = 3  # fewer sold cars than this say nothing about an appraiser's judgement


def look_to_book(acquired: int, appraised: int) -> float | None:
    """The share of appraised cars that were bought; None when nothing was appraised."""
    return acquired / appraised if appraised else None


@dataclass(frozen=True)
class Judgement:
    """One appraiser's forecasts against the prices their cars really sold for."""

    appraiser_id: int
    name: str
    cars: int
    forecast: int | None = None  # average forecast retail, yuan
    actual: int | None = None  # average sale price, yuan
    error: int | None = None  # average forecast − sale price, yuan (+ = forecast too high)
    error_share: float | None = None  # that error as a share of the average sale price
    miss_share: float | None = None  # the average size of a miss, either way, as a share

    @property
    def enough(self) -> bool:
        return self.cars >= MIN_JUDGED


def judge(appraiser_id: int, name: str, pairs: list[tuple[int, int]]) -> Judgement:
    """The judgement on (forecast, sale price) pairs; figures only from MIN_JUDGED cars."""
    cars = len(pairs)
    if cars < MIN_JUDGED:
        return Judgement(appraiser_id, name, cars)
    forecast = sum(f for f, _ in pairs)
    actual = sum(a for _, a in pairs)
    return Judgement(
        appraiser_id,
        name,
        cars,
        forecast=round(forecast / cars),
        actual=round(actual / cars),
        error=round((forecast - actual) / cars),
        error_share=(forecast - actual) / actual if actual else None,
        miss_share=sum(abs(f - a) / a for f, a in pairs if a) / cars,
    )


@dataclass
class AppraiserFigures:
    appraiser_id: int
    name: str
    appraised: int = 0
    acquired: int = 0
    overdue: int = 0

    @property
    def look_to_book(self) -> float | None:
        return look_to_book(self.acquired, self.appraised)


@dataclass(frozen=True)
class WatchedCar:
    """A car appraised more than once and never bought; its appraisals newest first."""

    vin: str
    make: str
    model: str
    plate: str
    appraisals: list[dict]


@dataclass
class AppraisalFigures:
    appraised: int = 0
    acquired: int = 0
    overdue: int = 0
    outcome_due_days: int = 0
    appraisers: list[AppraiserFigures] = field(default_factory=list)
    judgements: list[Judgement] = field(default_factory=list)
    watch: list[WatchedCar] = field(default_factory=list)
    months: list[tuple[date, int, int]] = field(default_factory=list)  # month, appraised, acquired

    @property
    def look_to_book(self) -> float | None:
        return look_to_book(self.acquired, self.appraised)

    @property
    def min_judged(self) -> int:
        return MIN_JUDGED


def period_filters(period: Period, person: dict | None, tz: str) -> AppraisalFilters:
    """The appraisals created in the period (by the person): what every figure counts."""
    return AppraisalFilters(
        appraiser_id=person["id"] if person else None,
        created_since=period.since(tz),
        created_until=period.until(tz),
    )


async def appraisal_figures(period: Period, person: dict | None, tz: str) -> AppraisalFigures:
    rule = await queries.current_rule()
    created = period_filters(period, person, tz).where()
    rows = await Appraisal.select(
        Appraisal.appraiser,
        Appraisal.appraiser.display_name.as_alias("name"),
        Appraisal.outcome,
        Appraisal.created_at,
    ).where(created)
    late = await Appraisal.select(Appraisal.appraiser).where(created & overdue_where(rule))
    sold = await StockUnit.select(
        StockUnit.appraisal.appraiser.as_alias("appraiser"),
        StockUnit.appraisal.appraiser.display_name.as_alias("name"),
        StockUnit.appraisal.forecast_retail.as_alias("forecast"),
        StockUnit.sale_price,
    ).where(
        StockUnit.appraisal.is_in(
            Appraisal.select(Appraisal.id).where(created & sold_at_retail_where())
        )
    )
    repeats = await queries.unbought_repeats(created)

    figures = AppraisalFigures(outcome_due_days=rule.outcome_due_days, overdue=len(late))
    by_id: dict[int, AppraiserFigures] = {}
    zone = ZoneInfo(tz)
    months = {m: [0, 0] for m in period.months()}
    for row in rows:
        one = by_id.setdefault(row["appraiser"], AppraiserFigures(row["appraiser"], row["name"]))
        bought = row["outcome"] == Appraisal.Outcome.acquired
        one.appraised += 1
        one.acquired += bought
        month = months.get(row["created_at"].astimezone(zone).date().replace(day=1))
        if month is not None:
            month[0] += 1
            month[1] += bought
    for row in late:
        if row["appraiser"] in by_id:
            by_id[row["appraiser"]].overdue += 1
    figures.appraised = sum(a.appraised for a in by_id.values())
    figures.acquired = sum(a.acquired for a in by_id.values())
    figures.appraisers = sorted(by_id.values(), key=lambda a: (-a.appraised, a.name))
    figures.months = [(m, n, bought) for m, (n, bought) in months.items()]

    pairs: dict[tuple[int, str], list[tuple[int, int]]] = {}
    for row in sold:
        pairs.setdefault((row["appraiser"], row["name"]), []).append(
            (row["forecast"], row["sale_price"])
        )
    figures.judgements = sorted(
        (judge(i, name, p) for (i, name), p in pairs.items()), key=lambda j: (-j.cars, j.name)
    )
    figures.watch = [
        WatchedCar(vin, trail[0]["make"], trail[0]["model"], trail[0]["plate"], trail)
        for vin, trail in sorted(
            repeats.items(), key=lambda kv: kv[1][0]["created_at"], reverse=True
        )
    ]
    return figures
