"""What the dashboard needs that no other area records: the dealership's period costs."""

from piccolo.columns import Date, ForeignKey, Integer, OnDelete, Text, Timestamptz
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from db.staff.tables import Staff


class PeriodCost(Table):
    """Append-only: a month's running costs (rent, wages, interest, office) as a manager
    entered them. The newest row for a month is its figure; earlier ones stay as history."""

    month = Date(index=True, help_text="the first day of the month the costs are for")
    amount = Integer(help_text="yuan, the month's total")
    note = Text(default="")
    entered_by = ForeignKey(Staff, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())
