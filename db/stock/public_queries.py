"""What the public stock list and the sitemap read: the `Listing` table alone.

A list page is at most three queries whatever the stock size: the makes and models on sale
(for the filter and to correct a stale link), one page of cards (a row past the page says
whether there is more), and the count (skipped when the first page already holds them all).
"""

from __future__ import annotations

from collections.abc import Callable

from piccolo.columns.combination import And, Where
from piccolo.engine import engine_finder
from piccolo.query.functions.aggregate import Count
from piccolo.querystring import QueryString

from db.stock.search_rules import FUEL_VALUES, GEARBOX_VALUES, LISTED, PAGE_SIZE, StockFilters
from db.stock.tables import Listing

PUBLIC_PAGES = ("available", "reserved", "sold")  # a sold car keeps its page; paused hides


def _listed() -> Where:
    return Listing.status.is_in(list(LISTED))


def _where(f: StockFilters) -> Where | And:
    conditions: list[Where] = [_listed()]
    if f.make:
        conditions.append(Listing.make == f.make)
    if f.model:
        conditions.append(Listing.model == f.model)
    if f.price_min is not None:
        conditions.append(Listing.price >= f.price_min)
    if f.price_max is not None:
        conditions.append(Listing.price <= f.price_max)
    if f.year_min is not None:
        conditions.append(Listing.year >= f.year_min)
    if f.year_max is not None:
        conditions.append(Listing.year <= f.year_max)
    if f.mileage_max is not None:
        conditions.append(Listing.mileage_km <= f.mileage_max)
    if f.body:
        conditions.append(Listing.body_type == f.body)
    if f.gearbox:
        conditions.append(Listing.gearbox.is_in(list(GEARBOX_VALUES[f.gearbox])))
    if f.fuel:
        conditions.append(Listing.fuel.is_in(list(FUEL_VALUES[f.fuel])))
    if f.certified:
        conditions.append(Listing.certified == True)  # noqa: E712
    where = conditions[0]
    for condition in conditions[1:]:
        where = where & condition
    return where


def _nulls_last(column: str) -> QueryString:
    # SQLite and PostgreSQL disagree on where NULLs sort; a car without a figure goes last
    return QueryString(f"{column} IS NULL")


SORT_ORDER = {
    # key: [(column or expression, ascending), ...]; the id keeps pages stable between clicks
    "newest": [(Listing.listed_at, False)],
    "price_asc": [(_nulls_last("price"), True), (Listing.price, True)],
    "price_desc": [(_nulls_last("price"), True), (Listing.price, False)],
    "mileage_asc": [(_nulls_last("mileage_km"), True), (Listing.mileage_km, True)],
    "year_desc": [(_nulls_last("year"), True), (Listing.year, False), (Listing.mileage_km, True)],
}


async def makes_and_models() -> dict[str, dict[str, int]]:
    """Make -> {model: cars on sale}, both in a stable order: the filter's choices."""
    rows = (
        await Listing.select(Listing.make, Listing.model, Count(alias="cars"))
        .where(_listed())
        .group_by(Listing.make, Listing.model)
        .order_by(Listing.make)
        .order_by(Listing.model)
    )
    stock: dict[str, dict[str, int]] = {}
    for row in rows:
        if row["make"]:
            stock.setdefault(row["make"], {})
            if row["model"]:
                stock[row["make"]][row["model"]] = row["cars"]
    return stock


async def search(f: StockFilters, page_size: int = PAGE_SIZE) -> tuple[list[dict], int, bool]:
    """One page of listed cars for the filters: (rows, total, has_more). Each row has the
    unit id, the slug and the card."""
    where = _where(f)
    query = Listing.select(Listing.unit, Listing.slug, Listing.card).where(where)
    for column, ascending in SORT_ORDER[f.sort]:
        query = query.order_by(column, ascending=ascending)
    query = query.order_by(Listing.id, ascending=False)
    offset = (f.page - 1) * page_size
    rows = await query.limit(page_size + 1).offset(offset).output(load_json=True)
    has_more = len(rows) > page_size
    rows = rows[:page_size]
    if f.page == 1 and not has_more:
        return rows, len(rows), False
    total = await Listing.count().where(where)
    return rows, total, has_more


async def stock_page(
    asked: StockFilters, fit: Callable[[StockFilters, dict], tuple[StockFilters, list]]
) -> tuple[dict, StockFilters, list, list[dict], int, bool]:
    """Everything one list page reads, in one transaction: the facets, the filters fitted to
    them (`fit`, a rule), the cars and the count all see the same moment of the stock, and on
    SQLite the three reads share one connection instead of opening three."""
    async with engine_finder().transaction():
        stock = await makes_and_models()
        f, dropped = fit(asked, stock)
        cars, total, has_more = await search(f)
    return stock, f, dropped, cars, total, has_more


async def sitemap_entries() -> list[dict]:
    """Every public car page (sold ones too: their links stay alive) with its status and last
    change, in one query."""
    return (
        await Listing.select(Listing.unit, Listing.slug, Listing.status, Listing.updated_at)
        .where(Listing.status.is_in(list(PUBLIC_PAGES)))
        .order_by(Listing.unit)
    )
