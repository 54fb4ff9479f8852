"""A stock unit's path: which moves are allowed, and how old stock is judged.

reconditioning (整备) → certification → listed for retail → reserved → sold; or wholesale at
any point before the sale. Plain functions, tested without a database.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterable
from datetime import date

from db.appraisals.checks import parse_int, parse_money_wan


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


AGED_LEVEL = 2  # the aging level from which a car is aged (risk) stock: the second threshold


def is_aged(level: int) -> bool:
    """Risk stock (风险库存): past the second aging threshold (45 days by default)."""
    return level >= AGED_LEVEL


def age_bands(thresholds: tuple[int, ...] = AGING_THRESHOLDS) -> list[tuple[int, int | None]]:
    """The bands of days in stock the thresholds cut, as (first day, last day or None for
    the open end); band i holds the cars whose aging_level is i."""
    edges = (0, *thresholds)
    return [(low, edges[i + 1] - 1 if i + 1 < len(edges) else None) for i, low in enumerate(edges)]


# --- Costs, prices, certification and bids -------------------------------------------------

PRICE_MIN, PRICE_MAX = 1_000, 20_000_000  # yuan: a retail price or a trade bid
RECON_COST_MAX = 500_000  # yuan: more than an engine and a full respray on a luxury car
_COST_SEERS = {"manager", "appraiser"}


def may_set_price(roles: Iterable[str]) -> bool:
    """A manager or an appraiser sets the retail price; a consultant sells at it."""
    return bool(_COST_SEERS & {str(r) for r in roles})


def may_see_cost(roles: Iterable[str]) -> bool:
    """Costs and margins are for managers and appraisers; consultants see the price alone."""
    return bool(_COST_SEERS & {str(r) for r in roles})


def in_stock(state: str) -> bool:
    """Tasks, prices and bids change only while the dealership still has the car."""
    return state not in FINAL


def _fraction_of_a_yuan(raw: str) -> bool:
    """True when a typed amount asks for fen: "139800.5", "13.98765万"."""
    text = re.sub(r"[\s,，_¥]", "", unicodedata.normalize("NFKC", raw)).upper()
    match = re.fullmatch(r"(\d*)\.(\d+)(万|W|元)?", text)
    if not match:
        return False
    whole, decimals, unit = match.groups()
    in_wan = unit in ("万", "W") or (unit is None and int(whole or 0) < 1000)
    return len(decimals.rstrip("0")) > (4 if in_wan else 0)


def parse_price(raw: str) -> int:
    """A price or a bid in whole yuan from what a dealer types: "13.98万", "13.98" (万) or
    "139800" (yuan). Raises ValueError with an English message id."""
    if _fraction_of_a_yuan(raw):
        raise ValueError(N_("Whole yuan only, e.g. 13.98万 or 139800."))
    value = parse_money_wan(raw)  # the appraisal sheet's parser: the same habits everywhere
    if value is None:
        raise ValueError(N_("Enter an amount, e.g. 13.98万 or 139800."))
    if not PRICE_MIN <= value <= PRICE_MAX:
        raise ValueError(N_("Enter an amount between ¥1,000 and ¥2,000万."))
    return value


def parse_recon_cost(raw: str) -> int:
    """A reconditioning task's cost in whole yuan, 0 for work that costs nothing."""
    try:
        value = parse_int(raw)
    except ValueError:
        raise ValueError(N_("Enter the cost in whole yuan, e.g. 680.")) from None
    if value is None:
        raise ValueError(N_("Enter the cost in yuan (0 if it costs nothing)."))
    if not 0 <= value <= RECON_COST_MAX:
        raise ValueError(N_("A task costs from ¥0 to ¥500,000."))
    return value


def recon_kind(suggestion_key: str) -> str:
    """Which kind of task an appraisal's reconditioning item becomes (see grading's keys:
    'panel:…', 'tyre:…', 'check:<section>:…', 'manual:…')."""
    if suggestion_key.startswith("panel:"):
        return "exterior"
    if suggestion_key.startswith("check:interior:"):
        return "interior"
    return "repair"


def certification_passed(points: list[dict]) -> bool:
    """Certified only when there was a checklist and every point on it passed."""
    return bool(points) and all(p["passed"] is True for p in points)


def certification_problems(points: list[dict]) -> dict[int, str]:
    """Per point (by its place in the list): unanswered, or failed without saying what."""
    problems = {}
    for i, point in enumerate(points):
        if point["passed"] is None:
            problems[i] = N_("Mark this point passed or failed.")
        elif point["passed"] is False and not point.get("note", "").strip():
            problems[i] = N_("Note what failed.")
    return problems


def failed_first(points: list[dict]) -> list[dict]:
    """An inspection's points as a reader wants them: what failed on top, in list order."""
    return sorted(points, key=lambda p: p["passed"] is True)


def bid_problem(state: str, bids: list[dict]) -> str | None:
    """Why a new trade bid may not be recorded, or None."""
    if not in_stock(state) or any(b["won"] for b in bids):
        return N_("This car has left stock; it takes no more bids.")
    return None


def sale_problem(state: str, bids: list[dict], bid_id: int) -> str | None:
    """Why the car may not be sold to this bid: it has left, or a higher bid is waiting."""
    if bid_problem(state, bids):
        return N_("This car has left stock; it can no longer move.")
    best = winning_bid(bids)
    if best is None or best["id"] != bid_id:
        return N_("Sell to the highest bid; a lower one would leave money on the table.")
    return None


def next_action(
    state: str, *, open_tasks: int, certified: bool, priced: bool, photos: int
) -> str | None:
    """What a car needs next, as a key the stock list words (tasks_open is counted)."""
    if state == State.RECONDITIONING:
        return "tasks_open" if open_tasks else "send_to_certification"
    if state == State.CERTIFICATION:
        if not certified:
            return "needs_certification"
        if not priced:
            return "needs_price"
        return "needs_photos" if not photos else "ready_to_list"
    if state == State.LISTED:
        return "needs_photos" if not photos else None
    if state == State.RESERVED:
        return "complete_sale"
    return None
