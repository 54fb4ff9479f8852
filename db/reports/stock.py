"""The dashboard's STOCK section: the cars in stock now (a snapshot, whatever the period),
counted from the very rows the stock list shows — so days in stock, aging and cost have
one definition (db.stock.queries.inventory, db.stock.rules) and every figure equals the
length of the list it links to."""

from __future__ import annotations

from statistics import median

from db.dealership.queries import current_stock_rules
from db.stock.queries import InventoryFilter, inventory
from db.stock.rules import age_bands, is_aged


async def stock_figures(person_id: int | None = None) -> dict:
    """Count, average and median days in stock, the aged (risk) share, cars per age band
    and the stock's value at cost. `person_id`: only the cars that person bought in. The
    stock list's fixed few queries, whatever the stock's size."""
    rows = await inventory(InventoryFilter(acquired_by=person_id), with_cost=True)
    bands = age_bands((await current_stock_rules()).aging_days)
    per_band = [0] * len(bands)
    for row in rows:
        per_band[min(row["aging"], len(bands) - 1)] += 1
    days = [row["days"] for row in rows]
    aged = sum(1 for row in rows if is_aged(row["aging"]))
    return {
        "count": len(rows),
        "average_days": round(sum(days) / len(days)) if days else 0,
        "median_days": median(days) if days else 0,
        "aged": aged,
        "aged_share": aged / len(rows) if rows else 0.0,
        "value": sum(row["cost"] for row in rows),
        "bands": [
            {"level": level, "low": low, "high": high, "count": per_band[level]}
            for level, (low, high) in enumerate(bands)
        ],
    }
