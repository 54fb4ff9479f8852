"""Staff accounts, their sign-in sessions and the record of sign-in attempts."""

from piccolo.columns import Boolean, ForeignKey, OnDelete, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class Staff(Table):
    username = Varchar(length=64, unique=True)
    display_name = Varchar(length=64)
    password_hash = Varchar(length=255, help_text="argon2id hash; never the password")
    is_manager = Boolean(default=False, help_text="A manager may do everything")
    is_appraiser = Boolean(default=False)
    is_consultant = Boolean(default=False)
    active = Boolean(default=True, help_text="An inactive account cannot sign in")
    language = Varchar(length=8, default="", help_text="'' follows the browser")
    is_demo = Boolean(default=False, help_text="Demo accounts block a production start")
    must_change_password = Boolean(
        default=False, help_text="Set by a manager's reset: asked for a new one at sign-in"
    )
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class StaffSession(Table):
    """A server-side session; the cookie holds a random token, the row only its hash."""

    token_hash = Varchar(length=64, unique=True, index=True)
    staff = ForeignKey(Staff, on_delete=OnDelete.cascade, index=True)
    ip = Varchar(length=64, default="")
    user_agent = Varchar(length=255, default="")
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()


class LoginAttempt(Table):
    """Append-only: every sign-in attempt, kept to slow and lock password guessing."""

    username = Varchar(length=64, index=True)
    ip = Varchar(length=64, default="")
    succeeded = Boolean(default=False)
    created_at = Timestamptz(default=TimestamptzNow(), index=True)
