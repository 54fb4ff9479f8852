"""The lead list's filters as one database condition, shared by the list (/leads), the
manager's export and the dashboard's counts, so a figure and the list it links to select
the same leads. Merged leads are never listed: they live on in the lead they joined."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from db.leads.tables import Lead


@dataclass(frozen=True)
class LeadFilters:
    status: str = ""
    grade: str = ""
    owner_id: int | None = None
    source: str = ""
    lost_reason: str = ""
    created_since: datetime | None = None  # UTC, inclusive
    created_until: datetime | None = None  # UTC, exclusive

    def where(self):
        where = Lead.status != Lead.Status.merged
        if self.owner_id:
            where &= Lead.owner == self.owner_id
        if self.status:
            where &= Lead.status == self.status
        if self.grade:
            where &= Lead.grade == self.grade
        if self.source:
            where &= Lead.source == self.source
        if self.lost_reason:
            where &= Lead.lost_reason == self.lost_reason
        if self.created_since is not None:
            where &= Lead.created_at >= self.created_since
        if self.created_until is not None:
            where &= Lead.created_at < self.created_until
        return where
