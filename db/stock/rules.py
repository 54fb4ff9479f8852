"""A stock unit's path: which moves are allowed, and how old stock is judged.

reconditioning (整备) → certification → listed for retail → reserved → sold; or wholesale at
any point before the sale. Plain functions, tested without a database.
"""

from __future__ import annotations

import enum
from datetime import date


def N_(message: str) -> str:
    """Marks a message id for translation; it is translated where it is shown."""
    return message


class State(enum.StrEnum):
    RECONDITIONING = "reconditioning"
    CERTIFICATION = "certification"
    LISTED = "listed"
    RESERVED = "reserved"
    SOLD = "sold"
    WHOLESALE = "wholesale"


FINAL = {State.SOLD, State.WHOLESALE}

# The path forward, and the steps back a dealer really takes (a reservation that falls
# through, a car pulled from sale for more work).
MOVES = {
    State.RECONDITIONING: {State.CERTIFICATION, State.LISTED, State.WHOLESALE},
    State.CERTIFICATION: {State.LISTED, State.RECONDITIONING, State.WHOLESALE},
    State.LISTED: {State.RESERVED, State.SOLD, State.RECONDITIONING, State.WHOLESALE},
    State.RESERVED: {State.SOLD, State.LISTED, State.WHOLESALE},
    State.SOLD: set(),
    State.WHOLESALE: set(),
}

# The one step forward from each state; the others are detours (wholesale) or steps back.
FORWARD = {
    State.RECONDITIONING: State.CERTIFICATION,
    State.CERTIFICATION: State.LISTED,
    State.LISTED: State.RESERVED,
    State.RESERVED: State.SOLD,
}

AGING_THRESHOLDS = (30, 45, 60, 90)  # days; the dealership may change them


def move_problem(
    current: str, target: str, *, certified: bool, certification_required: bool = True
) -> str | None:
    """Why a car may not move from `current` to `target`, or None if it may."""
    if current in FINAL:
        return N_("This car has left stock; it can no longer move.")
    if target not in MOVES.get(State(current), set()):
        return N_("A car cannot go from {current} straight to {target}.")
    if target == State.LISTED and certification_required and not certified:
        return N_("Only a car that passed certification can be listed for retail.")
    return None


def allowed_moves(
    current: str, *, certified: bool, certification_required: bool = True
) -> list[State]:
    """The moves offered for a car: the step forward first, then the rest in path order."""
    order = list(State)
    forward = FORWARD.get(State(current))
    allowed = (
        s
        for s in MOVES.get(State(current), set())
        if move_problem(
            current, s, certified=certified, certification_required=certification_required
        )
        is None
    )
    return sorted(allowed, key=lambda s: (s != forward, order.index(s)))


def days_in_stock(acquired: date, today: date, left: date | None = None) -> int:
    """Days from acquisition until today, or until the car left stock."""
    return max(0, ((left or today) - acquired).days)


def aging_level(days: int, thresholds: tuple[int, ...] = AGING_THRESHOLDS) -> int:
    """0 while fresh, then 1, 2, 3, 4 as each threshold is reached (45+ days is risk stock)."""
    return sum(1 for limit in thresholds if days >= limit)
