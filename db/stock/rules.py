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
    current: str,
    target: str,
    *,
    certified: bool,
    priced: bool = True,
    certification_required: bool = True,
) -> str | None:
    """Why a car may not move from `current` to `target`, or None if it may."""
    if current in FINAL:
        return N_("This car has left stock; it can no longer move.")
    if target not in MOVES.get(State(current), set()):
        return N_("A car cannot go from {current} straight to {target}.")
    if target == State.LISTED and certification_required and not certified:
        return N_("Only a car that passed certification can be listed for retail.")
    if target == State.LISTED and not priced:
        return N_("Set the retail price before listing the car: one car, one price.")
    return None


def allowed_moves(
    current: str, *, certified: bool, priced: bool = True, certification_required: bool = True
) -> list[State]:
    """The moves offered for a car: the step forward first, then the rest in path order."""
    order = list(State)
    forward = FORWARD.get(State(current))
    allowed = (
        s
        for s in MOVES.get(State(current), set())
        if move_problem(
            current,
            s,
            certified=certified,
            priced=priced,
            certification_required=certification_required,
        )
        is None
    )
    return sorted(allowed, key=lambda s: (s != forward, order.index(s)))


# What the public sees of each state; a car that never reached `listed` has no public page.
PUBLIC_STATUS = {
    State.RECONDITIONING: "paused",
    State.CERTIFICATION: "paused",
    State.LISTED: "available",
    State.RESERVED: "reserved",
    State.SOLD: "sold",
    State.WHOLESALE: "sold",
}

RECON_KINDS = {
    "interior": N_("Interior"),
    "exterior": N_("Exterior"),
    "repair": N_("Repair"),
}

BODY_TYPES = {
    "sedan": N_("Sedan"),
    "suv": N_("SUV"),
    "mpv": N_("MPV"),
    "hatchback": N_("Hatchback"),
    "estate": N_("Estate"),
    "coupe": N_("Coupé"),
    "pickup": N_("Pickup"),
}

# The certification checklist a dealership starts with (a manager may edit it): the
# seeds' certified-used-car inspection, grouped as a buyer would check.
DEFAULT_CERTIFICATION_POINTS = (
    N_("VIN, plate and registration papers match"),
    N_("Odometer reading checked against service records"),
    N_("No structural damage: rails, pillars, floor pan"),
    N_("No flood or fire traces"),
    N_("Engine starts, idles and revs smoothly; no leaks"),
    N_("Gearbox shifts cleanly in every gear"),
    N_("Brakes, pads and discs within limits"),
    N_("Steering, suspension and wheel alignment"),
    N_("Tyres above 3 mm and evenly worn"),
    N_("Lights, wipers, horn and windows work"),
    N_("Air conditioning cools and heats"),
    N_("Airbags and safety warning lights clear"),
    N_("Interior clean, no odours, seats and belts sound"),
    N_("Paint and panels as the condition report says"),
    N_("Road test: no noises, pulls or warning lights"),
)


def total_cost(purchase_price: int, recon_costs: list[int] | tuple[int, ...]) -> int:
    """What the car has cost the dealership: the purchase plus every reconditioning task."""
    return purchase_price + sum(recon_costs)


def gross_margin(price: int | None, cost: int) -> tuple[int, float] | None:
    """Gross profit in yuan and as a share of the price, or None while there is no price."""
    if not price:
        return None
    return price - cost, (price - cost) / price


def winning_bid(bids: list[dict]) -> dict | None:
    """The highest bid (the seeds' compare-bids rule); the earliest wins a tie."""
    if not bids:
        return None
    return max(bids, key=lambda b: (b["amount"], -b["id"]))


def mask_vin(vin: str, mode: str = "masked") -> str:
    """The VIN as the public pages show it: in full, masked (first 3 and last 4), or not."""
    if not vin or mode == "hidden":
        return ""
    if mode == "full":
        return vin
    return vin[:3] + "•" * max(0, len(vin) - 7) + vin[-4:]


def days_in_stock(acquired: date, today: date, left: date | None = None) -> int:
    """Days from acquisition until today, or until the car left stock."""
    return max(0, ((left or today) - acquired).days)


def aging_level(days: int, thresholds: tuple[int, ...] = AGING_THRESHOLDS) -> int:
    """0 while fresh, then 1, 2, 3, 4 as each threshold is reached (45+ days is risk stock)."""
    return sum(1 for limit in thresholds if days >= limit)
