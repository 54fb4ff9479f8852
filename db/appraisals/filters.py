"""Which appraisals: the Appraise list's filters as one database condition, shared by the
list (/appraisals), its export and the dashboard's figures, so a figure and the list it
links to select the same appraisals. The two definitions the figures lean on live here
once: an appraisal is overdue when it has no outcome past the cost rule's limit, and its
car was sold at retail when its stock unit was sold at the car's price."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from db.appraisals.pricing import PricingRule
from db.appraisals.tables import Appraisal
from db.stock.rules import State
from db.stock.tables import StockUnit

OPEN = "open"  # the outcome filter's value for "no outcome yet"
OUTCOMES = (OPEN, *Appraisal.Outcome)


def overdue_where(rule: PricingRule, now: datetime | None = None):
    """Open appraisals older than the rule allows (the 飞单 watch's first flag)."""
    cutoff = (now or datetime.now(UTC)) - timedelta(days=rule.outcome_due_days)
    return Appraisal.outcome.is_null() & (Appraisal.created_at < cutoff)


def sold_at_retail_where():
    """Acquired appraisals whose car has since been sold at retail, with the forecast it
    was bought on: the cars an appraiser's judgement is measured against."""
    sold = StockUnit.select(StockUnit.appraisal).where(
        (StockUnit.state == State.SOLD) & StockUnit.sale_price.is_not_null()
    )
    return Appraisal.id.is_in(sold) & Appraisal.forecast_retail.is_not_null()


@dataclass(frozen=True)
class AppraisalFilters:
    appraiser_id: int | None = None
    outcome: str = ""  # "" any, OPEN, or an Appraisal.Outcome
    overdue: bool = False
    sold: bool = False  # acquired and since sold at retail
    vin: str = ""
    created_since: datetime | None = None  # UTC, inclusive
    created_until: datetime | None = None  # UTC, exclusive

    def __bool__(self) -> bool:
        return self != AppraisalFilters()

    def where(self, rule: PricingRule | None = None):
        """The condition; `rule` is needed only when `overdue` is set."""
        where = Appraisal.id.is_not_null()
        if self.appraiser_id is not None:
            where &= Appraisal.appraiser == self.appraiser_id
        if self.outcome == OPEN:
            where &= Appraisal.outcome.is_null()
        elif self.outcome:
            where &= Appraisal.outcome == self.outcome
        if self.overdue:
            if rule is None:
                raise ValueError("the overdue filter needs the cost rule")
            where &= overdue_where(rule)
        if self.sold:
            where &= sold_at_retail_where()
        if self.vin:
            where &= Appraisal.vin == self.vin
        if self.created_since is not None:
            where &= Appraisal.created_at >= self.created_since
        if self.created_until is not None:
            where &= Appraisal.created_at < self.created_until
        return where
