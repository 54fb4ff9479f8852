"""The condition report (一车一况): findings → an overall grade, and suggested reconditioning.

Points deducted from 100 (the score; the letter follows from it):

    body, per panel and damage kind   light 2, moderate 5, severe 10 (the worst mark counts)
    replaced panel                    8 (a sign of a past impact; the repair itself is done)
    checklist problem                 interior 3, electrics 3, engine/gearbox 6, chassis 6
    tyre below the legal 1.6 mm       4 each;  worn (under 3.0 mm)  2 each
    disclosed accident 20, flood 40, fire 40

    letter   A ≥ 90 (excellent)   B ≥ 75 (good)   C ≥ 55 (fair)   D below (poor)

Disclosures also cap the letter whatever the score: an accident car is at best C, a flood or
fire car is D, because these must be told to every buyer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field


def N_(message: str) -> str:
    """Marks a message id for translation; it is translated where it is shown."""
    return message


PANEL_LABELS = {
    "front_bumper": N_("Front bumper"),
    "bonnet": N_("Bonnet"),
    "roof": N_("Roof"),
    "boot_lid": N_("Boot lid"),
    "rear_bumper": N_("Rear bumper"),
    "front_left_wing": N_("Front left wing"),
    "front_left_door": N_("Front left door"),
    "rear_left_door": N_("Rear left door"),
    "rear_left_wing": N_("Rear left wing"),
    "front_right_wing": N_("Front right wing"),
    "front_right_door": N_("Front right door"),
    "rear_right_door": N_("Rear right door"),
    "rear_right_wing": N_("Rear right wing"),
    "windscreen": N_("Windscreen"),
    "rear_window": N_("Rear window"),
    "left_sill": N_("Left sill"),
    "right_sill": N_("Right sill"),
}
PANELS = tuple(PANEL_LABELS)
GLASS = frozenset({"windscreen", "rear_window"})

DAMAGE_LABELS = {
    "scratch": N_("Scratch"),
    "dent": N_("Dent"),
    "paint": N_("Paint damage"),
    "replaced": N_("Replaced"),
    "crack": N_("Crack"),
    "rust": N_("Rust"),
}
DAMAGE_KINDS = tuple(DAMAGE_LABELS)

SEVERITY_LABELS = {1: N_("Light"), 2: N_("Moderate"), 3: N_("Severe")}
SEVERITIES = tuple(SEVERITY_LABELS)

SECTION_LABELS = {
    "interior": N_("Interior"),
    "electrics": N_("Electrics"),
    "engine_gearbox": N_("Engine and gearbox"),
    "chassis": N_("Chassis and brakes"),
}
CHECKLIST: dict[str, tuple[tuple[str, str], ...]] = {
    "interior": (
        ("seats", N_("Seats: wear, tears, adjustment")),
        ("headliner", N_("Headliner and pillar trim")),
        ("water_marks", N_("Musty smell or water marks (flood sign)")),
        ("dashboard", N_("Dashboard and centre console")),
        ("airbag_light", N_("Airbag warning light")),
        ("seat_belts", N_("Seat belts")),
    ),
    "electrics": (
        ("lights", N_("Headlights, indicators and brake lights")),
        ("windows_mirrors", N_("Windows, mirrors and central locking")),
        ("air_con", N_("Air conditioning and heating")),
        ("infotainment", N_("Screen, audio and reversing camera")),
        ("battery_charging", N_("Battery and charging (EVs and hybrids: charge port, range)")),
    ),
    "engine_gearbox": (
        ("oil_leaks", N_("Oil or coolant leaks")),
        ("cold_start_idle", N_("Cold start and idle")),
        ("gear_changes", N_("Gear changes")),
        ("warning_lights", N_("Engine or gearbox warning lights")),
        ("timing_noise", N_("Timing chain or belt noise")),
        ("exhaust_smoke", N_("Exhaust smoke")),
    ),
    "chassis": (
        ("suspension_knocks", N_("Suspension knocks")),
        ("steering_play", N_("Steering play or pulling to one side")),
        ("brakes", N_("Brake feel and noise")),
        ("underbody", N_("Underbody rust or impact marks")),
        ("structure", N_("Chassis rails and strut towers (accident sign)")),
    ),
}
CHECKLIST_LABELS = {(s, key): label for s, items in CHECKLIST.items() for key, label in items}

TYRE_LABELS = {
    "front_left": N_("Front left tyre"),
    "front_right": N_("Front right tyre"),
    "rear_left": N_("Rear left tyre"),
    "rear_right": N_("Rear right tyre"),
}
TYRE_POSITIONS = tuple(TYRE_LABELS)
MIN_TREAD_MM = 1.6  # the legal minimum in China (GB 7258)
WORN_TREAD_MM = 3.0

SEVERITY_POINTS = {1: 2, 2: 5, 3: 10}
REPLACED_POINTS = 8
SECTION_POINTS = {"interior": 3, "electrics": 3, "engine_gearbox": 6, "chassis": 6}
TYRE_BELOW_MIN_POINTS = 4
TYRE_WORN_POINTS = 2
LETTER_FLOORS = (("A", 90), ("B", 75), ("C", 55), ("D", 0))

# Typical 2026 prices at the repair shops a dealership uses, in yuan: (light, moderate, severe).
REPAIR_COSTS = {
    "scratch": (300, 500, 800),  # polish, touch-up, panel respray
    "dent": (300, 800, 1500),  # paintless repair, panel beating, beating and respray
    "paint": (600, 750, 900),  # respraying one panel
    "replaced": (0, 0, 0),  # already done; nothing to pay
    "crack": (500, 1000, 1500),  # plastic welding … a new bumper or trim part
    "rust": (400, 800, 1200),
}
GLASS_CRACK_COSTS = (200, 1500, 1500)  # chip repair, else new glass
TYRE_COST = 600  # one mid-range tyre, fitted and balanced
DIAGNOSIS_COST = 200  # a placeholder until the workshop has looked at it


@dataclass(frozen=True)
class Findings:
    marks: tuple[tuple[str, str, int], ...] = ()  # (panel, kind, severity)
    checklist_issues: tuple[tuple[str, str], ...] = ()  # (section, item); "section:item" too
    tread_mm: dict[str, float | None] = field(default_factory=dict)  # per tyre position
    accident: bool = False
    flood: bool = False
    fire: bool = False


@dataclass(frozen=True)
class Grade:
    letter: str  # "A" excellent, "B" good, "C" fair, "D" poor or a disclosure
    score: int  # 100 minus points, for sorting
    reasons: tuple[tuple[str, dict], ...]  # (English msgid, params); params carry "points"


def _worst_marks(marks: Iterable[tuple[str, str, int]]) -> dict[tuple[str, str], int]:
    """The worst severity per (panel, kind), in panel and kind order."""
    worst: dict[tuple[str, str], int] = {}
    for panel, kind, severity in marks:
        if panel not in PANEL_LABELS or kind not in DAMAGE_LABELS or severity not in SEVERITIES:
            raise ValueError(f"unknown damage mark: {panel!r}, {kind!r}, {severity!r}")
        worst[panel, kind] = max(severity, worst.get((panel, kind), 0))
    order = {key: i for i, key in enumerate((p, k) for p in PANELS for k in DAMAGE_KINDS)}
    return dict(sorted(worst.items(), key=lambda item: order[item[0]]))


def _issues(findings: Findings) -> list[tuple[str, str]]:
    """Checklist problems, each once, in checklist order."""
    found = set()
    for issue in findings.checklist_issues:
        key = tuple(issue.split(":", 1)) if isinstance(issue, str) else tuple(issue)
        if key not in CHECKLIST_LABELS:
            raise ValueError(f"unknown checklist item: {issue!r}")
        found.add(key)
    return [key for key in CHECKLIST_LABELS if key in found]


def _treads(findings: Findings) -> list[tuple[str, float]]:
    """Measured treads in position order."""
    unknown = set(findings.tread_mm) - set(TYRE_POSITIONS)
    if unknown:
        raise ValueError(f"unknown tyre positions: {sorted(unknown)}")
    return [
        (pos, float(mm)) for pos in TYRE_POSITIONS if (mm := findings.tread_mm.get(pos)) is not None
    ]


def grade(findings: Findings) -> Grade:
    reasons: list[tuple[str, dict]] = []
    cap = "A"
    for disclosed, msgid, points, worst_letter in (
        (findings.fire, N_("Fire damage disclosed"), 40, "D"),
        (findings.flood, N_("Flood damage disclosed"), 40, "D"),
        (findings.accident, N_("Accident damage disclosed"), 20, "C"),
    ):
        if disclosed:
            reasons.append((msgid, {"points": points}))
            cap = max(cap, worst_letter)

    worst = _worst_marks(findings.marks)
    damaged = {panel for (panel, kind) in worst if kind != "replaced"}
    if damaged:
        severe = {p for (p, k), s in worst.items() if k != "replaced" and s == 3}
        points = sum(SEVERITY_POINTS[s] for (_, k), s in worst.items() if k != "replaced")
        params = {"count": len(damaged), "severe": len(severe), "points": points}
        reasons.append((N_("Damaged panels: {count} ({severe} severe)"), params))
    replaced = [panel for (panel, kind) in worst if kind == "replaced"]
    if replaced:
        params = {"count": len(replaced), "points": REPLACED_POINTS * len(replaced)}
        reasons.append((N_("Replaced panels: {count}"), params))

    section_msgids = {
        "interior": N_("Interior problems: {count}"),
        "electrics": N_("Electrical problems: {count}"),
        "engine_gearbox": N_("Engine or gearbox problems: {count}"),
        "chassis": N_("Chassis or brake problems: {count}"),
    }
    issues = _issues(findings)
    for section, msgid in section_msgids.items():
        count = sum(1 for s, _ in issues if s == section)
        if count:
            reasons.append((msgid, {"count": count, "points": SECTION_POINTS[section] * count}))

    treads = _treads(findings)
    below = sum(1 for _, mm in treads if mm < MIN_TREAD_MM)
    worn = sum(1 for _, mm in treads if MIN_TREAD_MM <= mm < WORN_TREAD_MM)
    if below:
        params = {"count": below, "mm": MIN_TREAD_MM, "points": TYRE_BELOW_MIN_POINTS * below}
        reasons.append((N_("Tyres below the legal minimum tread of {mm} mm: {count}"), params))
    if worn:
        params = {"count": worn, "mm": WORN_TREAD_MM, "points": TYRE_WORN_POINTS * worn}
        reasons.append((N_("Worn tyres (tread under {mm} mm): {count}"), params))

    score = max(0, 100 - sum(params["points"] for _, params in reasons))
    letter = next(letter for letter, floor in LETTER_FLOORS if score >= floor)
    # Letters sort from best to worst, so the worse of the two is the larger.
    return Grade(letter=max(letter, cap), score=score, reasons=tuple(reasons))


@dataclass(frozen=True)
class ReconSuggestion:
    key: str  # stable: "panel:<panel>:<kind>", "tyre:<position>", "check:<section>:<item>"
    cost: int  # yuan
    template: str  # English msgid with {placeholders}
    parts: Mapping[str, str]  # placeholder → English msgid, translated before filling in
    values: Mapping[str, object] = field(default_factory=dict)  # placeholder → plain value

    def text(self, gettext: Callable[[str], str] = str) -> str:
        parts = {name: gettext(msgid) for name, msgid in self.parts.items()}
        return gettext(self.template).format(**parts, **self.values)

    @property
    def label(self) -> str:
        """The English label, e.g. "Front bumper: Dent (Moderate)"."""
        return self.text()


def _repair_cost(panel: str, kind: str, severity: int) -> int:
    costs = GLASS_CRACK_COSTS if kind == "crack" and panel in GLASS else REPAIR_COSTS[kind]
    return costs[severity - 1]


def suggested_recon_items(findings: Findings) -> list[ReconSuggestion]:
    """Body repairs (one per panel and damage kind, at the worst severity), worn tyres, and a
    diagnosis for each checklist problem; free items (replaced panels) are left out."""
    items = []
    for (panel, kind), severity in _worst_marks(findings.marks).items():
        cost = _repair_cost(panel, kind, severity)
        if cost:
            parts = {
                "panel": PANEL_LABELS[panel],
                "kind": DAMAGE_LABELS[kind],
                "severity": SEVERITY_LABELS[severity],
            }
            template = N_("{panel}: {kind} ({severity})")
            items.append(ReconSuggestion(f"panel:{panel}:{kind}", cost, template, parts))
    for position, mm in _treads(findings):
        if mm < WORN_TREAD_MM:
            parts = {"tyre": TYRE_LABELS[position]}
            template = N_("{tyre}: replace (tread {mm} mm)")
            items.append(
                ReconSuggestion(f"tyre:{position}", TYRE_COST, template, parts, {"mm": mm})
            )
    for section, item in _issues(findings):
        parts = {"item": CHECKLIST_LABELS[section, item]}
        template = N_("Check and repair: {item}")
        items.append(ReconSuggestion(f"check:{section}:{item}", DIAGNOSIS_COST, template, parts))
    return items


def suggested_recon(findings: Findings) -> list[tuple[str, int]]:
    """(English label, cost in yuan) per suggested item; see `suggested_recon_items` for
    stable keys and translated labels."""
    return [(item.label, item.cost) for item in suggested_recon_items(findings)]
