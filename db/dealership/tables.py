"""The dealership's own settings a manager edits: its profile (name, logo, contacts) and
its stock rules. Append-only: a new row per change, the newest in force; with none, the
environment's values (db.settings) apply."""

from piccolo.columns import Boolean, ForeignKey, OnDelete, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from db.staff.tables import Staff


class DealershipProfile(Table):
    """What customers and staff are shown of the dealership: the share cards, the public
    pages, the window card, the appraisal sheet."""

    name = Varchar(length=60)
    city = Varchar(length=20)
    address = Varchar(length=120, default="")
    phone = Varchar(length=24)
    hours = Varchar(length=60, default="")
    wechat_id = Varchar(length=20, default="", help_text="the dealership's WeChat ID, if any")
    logo = Varchar(length=120, default="", help_text="storage key of the 512 px PNG; '' none")
    logo_small = Varchar(length=120, default="", help_text="storage key of the 128 px PNG")
    changed_by = ForeignKey(Staff, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())


class StockRules(Table):
    """When a car's aging badge steps up, and what a car needs before it is listed."""

    aging_days = Varchar(length=40, help_text="rising whole days, e.g. 30,45,60,90")
    listing_needs_certification = Boolean(default=True)
    changed_by = ForeignKey(Staff, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())
