import pytest

from db.appraisals.grading import (
    CHECKLIST,
    DAMAGE_KINDS,
    DAMAGE_LABELS,
    MIN_TREAD_MM,
    PANEL_LABELS,
    PANELS,
    SECTION_LABELS,
    SEVERITIES,
    SEVERITY_LABELS,
    TYRE_LABELS,
    TYRE_POSITIONS,
    WORN_TREAD_MM,
    Findings,
    grade,
    suggested_recon,
    suggested_recon_items,
)

ALL_GOOD_TYRES = dict.fromkeys(TYRE_POSITIONS, 6.0)


def reasons(g):
    return {msgid: params for msgid, params in g.reasons}


def test_the_vocabulary_is_complete_and_stable():
    assert PANELS == (
        "front_bumper", "bonnet", "roof", "boot_lid", "rear_bumper",
        "front_left_wing", "front_left_door", "rear_left_door", "rear_left_wing",
        "front_right_wing", "front_right_door", "rear_right_door", "rear_right_wing",
        "windscreen", "rear_window", "left_sill", "right_sill",
    )  # fmt: skip
    assert set(PANEL_LABELS) == set(PANELS)
    assert DAMAGE_KINDS == ("scratch", "dent", "paint", "replaced", "crack", "rust")
    assert set(DAMAGE_LABELS) == set(DAMAGE_KINDS)
    assert SEVERITIES == (1, 2, 3)
    assert SEVERITY_LABELS == {1: "Light", 2: "Moderate", 3: "Severe"}
    assert set(CHECKLIST) == set(SECTION_LABELS) == {
        "interior", "electrics", "engine_gearbox", "chassis",
    }  # fmt: skip
    for items in CHECKLIST.values():
        assert 4 <= len(items) <= 7
        assert len({key for key, _ in items}) == len(items)
    assert TYRE_POSITIONS == ("front_left", "front_right", "rear_left", "rear_right")
    assert set(TYRE_LABELS) == set(TYRE_POSITIONS)
    assert (MIN_TREAD_MM, WORN_TREAD_MM) == (1.6, 3.0)


def test_a_flood_sign_is_on_the_interior_checklist():
    assert any("flood" in label for _, label in CHECKLIST["interior"])


def test_a_clean_car_is_a_with_no_reasons():
    g = grade(Findings(tread_mm=ALL_GOOD_TYRES))
    assert (g.letter, g.score, g.reasons) == ("A", 100, ())


def test_unmeasured_tyres_cost_nothing():
    assert grade(Findings(tread_mm=dict.fromkeys(TYRE_POSITIONS))).score == 100


@pytest.mark.parametrize(
    ("findings", "letter", "score"),
    [
        (Findings(marks=(("bonnet", "scratch", 1),) * 3), "A", 98),  # the same mark once
        (Findings(marks=(("bonnet", "scratch", 1), ("roof", "scratch", 1))), "A", 96),
        (Findings(marks=(("bonnet", "dent", 3), ("bonnet", "dent", 2))), "A", 90),  # worst counts
        (Findings(marks=(("front_bumper", "replaced", 1), ("bonnet", "paint", 2))), "B", 87),
        (Findings(checklist_issues=(("engine_gearbox", "oil_leaks"),)), "A", 94),
        (Findings(checklist_issues=(("interior", "seats"), ("electrics", "air_con"))), "A", 94),
        (Findings(marks=tuple((p, "dent", 3) for p in PANELS[:3])), "C", 70),
        (Findings(marks=tuple((p, "dent", 3) for p in PANELS[:5])), "D", 50),
    ],
)
def test_points_and_letters(findings, letter, score):
    g = grade(findings)
    assert (g.letter, g.score) == (letter, score)


def test_many_marks_are_summarised_with_the_severe_ones_counted():
    marks = (
        ("bonnet", "scratch", 1),
        ("bonnet", "dent", 3),  # bonnet counted once as a panel, both kinds cost points
        ("front_left_door", "dent", 2),
        ("rear_bumper", "crack", 3),
        ("roof", "replaced", 2),
    )
    r = reasons(grade(Findings(marks=marks)))
    assert r["Damaged panels: {count} ({severe} severe)"] == {
        "count": 3,
        "severe": 2,
        "points": 2 + 10 + 5 + 10,
    }
    assert r["Replaced panels: {count}"] == {"count": 1, "points": 8}


def test_the_score_never_goes_below_zero_and_the_reasons_add_up():
    marks = tuple((p, k, 3) for p in PANELS for k in DAMAGE_KINDS)
    g = grade(Findings(marks=marks, fire=True, tread_mm=dict.fromkeys(TYRE_POSITIONS, 1.0)))
    assert (g.letter, g.score) == ("D", 0)
    small = grade(Findings(marks=(("roof", "rust", 2),), tread_mm={"front_left": 2.0}))
    assert small.score == 100 - sum(params["points"] for _, params in small.reasons)


@pytest.mark.parametrize(
    ("disclosure", "letter", "msgid"),
    [
        ("accident", "C", "Accident damage disclosed"),
        ("flood", "D", "Flood damage disclosed"),
        ("fire", "D", "Fire damage disclosed"),
    ],
)
def test_disclosures_cap_the_letter_however_good_the_rest(disclosure, letter, msgid):
    g = grade(Findings(tread_mm=ALL_GOOD_TYRES, **{disclosure: True}))
    assert g.letter == letter
    assert g.reasons[0][0] == msgid


def test_an_accident_car_with_damage_falls_below_its_cap():
    marks = tuple((p, "dent", 3) for p in PANELS[:3])
    assert grade(Findings(marks=marks, accident=True)).letter == "D"  # 100 - 20 - 30 = 50


def test_disclosures_come_first_in_the_reasons():
    g = grade(Findings(marks=(("roof", "dent", 1),), flood=True, accident=True))
    assert [msgid for msgid, _ in g.reasons] == [
        "Flood damage disclosed",
        "Accident damage disclosed",
        "Damaged panels: {count} ({severe} severe)",
    ]


def test_tyres_below_the_legal_minimum_and_worn_ones():
    treads = {"front_left": 1.5, "front_right": 1.6, "rear_left": 2.9, "rear_right": 3.0}
    r = reasons(grade(Findings(tread_mm=treads)))
    assert r["Tyres below the legal minimum tread of {mm} mm: {count}"] == {
        "count": 1,
        "mm": 1.6,
        "points": 4,
    }
    assert r["Worn tyres (tread under {mm} mm): {count}"] == {"count": 2, "mm": 3.0, "points": 4}


def test_checklist_problems_are_counted_per_section():
    issues = (
        ("chassis", "brakes"),
        ("chassis", "structure"),
        ("interior", "water_marks"),
        ("engine_gearbox", "gear_changes"),
    )
    g = grade(Findings(checklist_issues=issues))
    assert reasons(g) == {
        "Interior problems: {count}": {"count": 1, "points": 3},
        "Engine or gearbox problems: {count}": {"count": 1, "points": 6},
        "Chassis or brake problems: {count}": {"count": 2, "points": 12},
    }
    assert g.score == 79


def test_checklist_issues_may_come_as_section_colon_item():
    assert grade(Findings(checklist_issues=("chassis:brakes",))).score == 94


@pytest.mark.parametrize(
    "findings",
    [
        Findings(marks=(("spoiler", "dent", 1),)),
        Findings(marks=(("roof", "hail", 1),)),
        Findings(marks=(("roof", "dent", 4),)),
        Findings(checklist_issues=(("engine_gearbox", "flux_capacitor"),)),
        Findings(tread_mm={"spare": 2.0}),
    ],
)
def test_unknown_keys_are_refused(findings):
    with pytest.raises(ValueError):
        grade(findings)


def test_suggested_recon_from_marks_tyres_and_checklist():
    findings = Findings(
        marks=(
            ("rear_bumper", "scratch", 1),
            ("front_bumper", "dent", 1),
            ("front_bumper", "dent", 2),
            ("bonnet", "replaced", 3),
            ("windscreen", "crack", 2),
            ("left_sill", "rust", 3),
        ),
        checklist_issues=(("engine_gearbox", "warning_lights"),),
        tread_mm={"front_left": 2.5, "front_right": 2.9, "rear_left": 3.0, "rear_right": None},
    )
    assert suggested_recon(findings) == [
        ("Front bumper: Dent (Moderate)", 800),
        ("Rear bumper: Scratch (Light)", 300),
        ("Windscreen: Crack (Moderate)", 1500),
        ("Left sill: Rust (Severe)", 1200),
        ("Front left tyre: replace (tread 2.5 mm)", 600),
        ("Front right tyre: replace (tread 2.9 mm)", 600),
        ("Check and repair: Engine or gearbox warning lights", 200),
    ]


def test_glass_cracks_cost_differently_from_bumper_cracks():
    costs = dict(
        suggested_recon(Findings(marks=(("windscreen", "crack", 1), ("front_bumper", "crack", 1))))
    )
    assert costs == {"Windscreen: Crack (Light)": 200, "Front bumper: Crack (Light)": 500}


@pytest.mark.parametrize(
    ("kind", "costs"),
    [
        ("scratch", (300, 500, 800)),
        ("dent", (300, 800, 1500)),
        ("paint", (600, 750, 900)),
        ("crack", (500, 1000, 1500)),
        ("rust", (400, 800, 1200)),
    ],
)
def test_cost_table(kind, costs):
    for severity, cost in zip(SEVERITIES, costs, strict=True):
        assert suggested_recon(Findings(marks=(("roof", kind, severity),)))[0][1] == cost


def test_a_clean_car_or_a_replaced_panel_needs_no_reconditioning():
    assert suggested_recon(Findings(tread_mm=ALL_GOOD_TYRES)) == []
    assert suggested_recon(Findings(marks=(("bonnet", "replaced", 2),))) == []


def test_suggestions_have_stable_keys_and_translate_piece_by_piece():
    findings = Findings(
        marks=(("front_bumper", "dent", 2),),
        checklist_issues=(("chassis", "brakes"),),
        tread_mm={"rear_left": 2.0},
    )
    items = suggested_recon_items(findings)
    assert [i.key for i in items] == [
        "panel:front_bumper:dent",
        "tyre:rear_left",
        "check:chassis:brakes",
    ]
    zh = {
        "{panel}: {kind} ({severity})": "{panel}：{kind}（{severity}）",
        "Front bumper": "前保险杠",
        "Dent": "凹陷",
        "Moderate": "中度",
        "{tyre}: replace (tread {mm} mm)": "{tyre}：需更换（胎纹{mm}毫米）",
        "Rear left tyre": "左后轮胎",
    }
    assert items[0].text(lambda m: zh.get(m, m)) == "前保险杠：凹陷（中度）"
    assert items[1].text(lambda m: zh.get(m, m)) == "左后轮胎：需更换（胎纹2.0毫米）"
    assert items[0].label == "Front bumper: Dent (Moderate)"
