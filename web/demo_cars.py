"""The demo dealership's cars: the appraisals of the past weeks (every outcome, an approval
waiting, a draft left open), and the stock they brought in: a Shenzhen dealer's showroom of
mainstream, premium and new-energy cars at market prices, listed, reserved, sold, and a few
still being reconditioned or certified. `web.demo` loads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from db.appraisals.vin import expected_check_digit

RGB = tuple[int, int, int]


def _vin(prefix: str, year_code: str, serial: str) -> str:
    """A VIN with a correct check digit (GB 16735): WMI+VDS (8), check, year, plant+serial."""
    draft = f"{prefix}0{year_code}{serial}"
    return draft[:8] + expected_check_digit(draft) + draft[9:]


@dataclass
class DemoCar:
    appraiser: str
    days_ago: float
    values: dict
    colour: tuple[int, int, int]
    body: str = "sedan"
    photos: int = 9  # guided shots taken so far
    marks: list = field(default_factory=list)  # (panel, kind, severity, note)
    problems: list = field(default_factory=list)  # (section, item, note)
    approval: str | None = None  # reason, when the agreed price is above the maximum
    outcome: tuple | None = None  # (outcome, note, owner's expected price in yuan)
    stock: list = field(default_factory=list)  # after acquisition: (step, days later, note)
    priced: int | None = None  # the manager's first retail price, when not the forecast's


NISSAN_VIN = _vin("LGBH52E0", "L", "A047316")

CARS = [
    DemoCar(
        "appraiser",
        12,
        dict(
            vin=_vin("LVGBE40K", "M", "G158342"),
            plate="粤B3K8Q2",
            make="丰田",
            model="凯美瑞",
            trim="2.0G 豪华版",
            first_registration=date(2021, 4, 18),
            mileage_km=46213,
            colour="珍珠白",
            gearbox="automatic",
            fuel="petrol",
            previous_owners=1,
            owner_name="陈志强",
            owner_phone="13925461873",
            tread_front_left=5.2,
            tread_front_right=5.0,
            tread_rear_left=4.1,
            tread_rear_right=4.3,
            forecast_retail=148000,
            comparables="懂车帝同城 2021款 4.5万公里 14.6–15.2万",
            agreed_price=125000,
        ),
        (236, 236, 230),
        marks=[("rear_bumper", "scratch", 1, "倒车剐蹭，可抛光")],
        outcome=("acquired", "置换新款凯美瑞双擎", None),
        stock=[("certification", 6, "抛光、精洗完成")],
    ),
    DemoCar(
        "zhaolei",
        9,
        dict(
            vin=_vin("LFV3A23C", "K", "3021875"),
            plate="粤A7D21F",
            make="大众",
            model="帕萨特",
            trim="330TSI 精英版",
            first_registration=date(2019, 8, 2),
            mileage_km=82450,
            colour="曜石黑",
            gearbox="dct",
            fuel="petrol",
            previous_owners=2,
            owner_name="刘女士",
            owner_phone="13760218845",
            accident=True,
            accident_note="左前门及左前翼子板钣金喷漆，纵梁、减震器座未见损伤",
            tread_front_left=3.4,
            tread_front_right=3.6,
            tread_rear_left=2.6,
            tread_rear_right=2.8,
            forecast_retail=132000,
            comparables="同款 8 万公里车况一般 12.8–13.5万",
        ),
        (28, 28, 32),
        marks=[
            ("front_left_door", "paint", 2, "重新喷漆，漆膜厚度 280μm"),
            ("front_left_wing", "paint", 2, ""),
        ],
        problems=[("engine_gearbox", "gear_changes", "低速换挡略顿挫")],
        outcome=("declined", "车主心理价位高于我们的报价", 135000),
    ),
    DemoCar(
        "appraiser",
        0.1,
        dict(
            vin=_vin("LGXCE4CB", "N", "0193527"),
            plate="粤BD51882",
            make="比亚迪",
            model="秦PLUS DM-i",
            trim="55km 尊贵型",
            first_registration=date(2022, 5, 20),
            mileage_km=31200,
            colour="雪域白",
            gearbox="automatic",
            fuel="plugin",
            previous_owners=1,
            owner_name="黄先生",
            owner_phone="15889732016",
            tread_front_left=6.1,
            tread_front_right=6.0,
            tread_rear_left=5.8,
            tread_rear_right=5.9,
            forecast_retail=96000,
            comparables="秦PLUS DM-i 2022款 3万公里 9.3–9.9万",
            agreed_price=93000,
        ),
        (242, 242, 238),
        problems=[("electrics", "battery_charging", "慢充口盖卡扣松动")],
        approval="一手车、电池健康度 96%，同城好卖，比最高价高一点能成交",
    ),
    DemoCar(
        "zhaolei",
        5,
        dict(
            vin=_vin("LHGCV163", "J", "8046251"),
            plate="粤B9L2M7",
            make="本田",
            model="雅阁",
            trim="260TURBO 精英版",
            first_registration=date(2018, 3, 10),
            mileage_km=98700,
            colour="炫晶红",
            gearbox="cvt",
            fuel="petrol",
            previous_owners=2,
            owner_name="周先生",
            owner_phone="13602587741",
        ),
        (168, 28, 34),
        photos=4,
    ),
    DemoCar(
        "appraiser",
        20,
        dict(
            vin=NISSAN_VIN,
            plate="粤S6F0K3",
            make="日产",
            model="轩逸",
            trim="1.6XL CVT 豪华版",
            first_registration=date(2020, 7, 11),
            mileage_km=52000,
            colour="钛金灰",
            gearbox="cvt",
            fuel="petrol",
            previous_owners=1,
            owner_name="吴女士",
            owner_phone="13827764590",
            forecast_retail=78000,
        ),
        (120, 124, 130),
        outcome=("sold_elsewhere", "车主称外面车商多给 3000 元，已卖出", None),
    ),
    DemoCar(
        "zhaolei",
        3,
        dict(
            vin=NISSAN_VIN,
            plate="粤S6F0K3",
            make="日产",
            model="轩逸",
            trim="1.6XL CVT 豪华版",
            first_registration=date(2020, 7, 11),
            mileage_km=52400,
            colour="钛金灰",
            gearbox="cvt",
            fuel="petrol",
            owner_name="吴女士",
        ),
        (120, 124, 130),
        photos=2,
        outcome=("voided", "车主未到场", None),
    ),
    DemoCar(
        "appraiser",
        2,
        dict(
            vin=_vin("LGWEF4A5", "M", "H230917"),
            plate="粤B6P9T1",
            make="哈弗",
            model="H6",
            trim="第三代 1.5T 两驱 Pro",
            first_registration=date(2021, 11, 2),
            mileage_km=40500,
            colour="冰川白",
            gearbox="dct",
            fuel="petrol",
            previous_owners=1,
            owner_name="林先生",
            owner_phone="18676420935",
            tread_front_left=2.9,
            tread_front_right=3.1,
            tread_rear_left=4.0,
            tread_rear_right=4.2,
            forecast_retail=82000,
        ),
        (230, 232, 235),
        body="suv",
        marks=[("roof", "dent", 1, "冰雹小坑"), ("rear_right_wing", "rust", 2, "")],
        outcome=("wholesale", "SUV 库存已满，按最高出价转批售", None),
    ),
    DemoCar(
        "appraiser",
        66,
        dict(
            vin=_vin("LFV3B28W", "L", "3017462"),
            plate="粤B2H6W9",
            make="奥迪",
            model="A4L",
            trim="40 TFSI 时尚动感型",
            first_registration=date(2020, 9, 14),
            mileage_km=61800,
            colour="冰川白",
            gearbox="dct",
            fuel="petrol",
            previous_owners=1,
            owner_name="郑先生",
            owner_phone="13538027716",
            tread_front_left=4.6,
            tread_front_right=4.5,
            tread_rear_left=4.2,
            tread_rear_right=4.4,
            forecast_retail=188000,
            agreed_price=158000,
        ),
        (240, 240, 236),
        marks=[("front_right_door", "scratch", 1, "")],
        outcome=("acquired", "置换 Q5L", None),
        stock=[
            ("certification", 7, "更换机油三滤，内饰精洗"),
            ("certified", 9, "128 项检测通过"),
            ("listed", 10, ""),
        ],
    ),
    DemoCar(
        "zhaolei",
        41,
        dict(
            vin=_vin("LSGUA84Y", "M", "0087316"),
            plate="粤A5G3C8",
            make="别克",
            model="GL8",
            trim="ES 陆尊 653T 豪华型",
            first_registration=date(2021, 6, 3),
            mileage_km=72300,
            colour="琥珀黑",
            gearbox="automatic",
            fuel="petrol",
            previous_owners=1,
            owner_name="何总",
            owner_phone="13902214587",
            tread_front_left=5.0,
            tread_front_right=5.1,
            tread_rear_left=4.8,
            tread_rear_right=4.7,
            forecast_retail=245000,
            agreed_price=212000,
        ),
        (30, 30, 34),
        body="mpv",
        outcome=("acquired", "公司车辆更新", None),
        stock=[
            ("certification", 5, ""),
            ("certified", 6, "128 项检测通过，无事故"),
            ("listed", 7, ""),
            ("reserved", 38, "客户交订金 5000 元"),
        ],
    ),
    DemoCar(
        "appraiser",
        16,
        dict(
            vin=_vin("LRW3E7FA", "N", "C612058"),
            plate="粤BF72296",
            make="特斯拉",
            model="Model 3",
            trim="后轮驱动版",
            first_registration=date(2022, 8, 26),
            mileage_km=38900,
            colour="星空灰",
            gearbox="automatic",
            fuel="electric",
            previous_owners=1,
            owner_name="孙女士",
            owner_phone="18820637714",
            tread_front_left=3.8,
            tread_front_right=3.9,
            tread_rear_left=2.8,
            tread_rear_right=2.9,
            forecast_retail=168000,
            agreed_price=149000,
        ),
        (88, 92, 98),
        problems=[("interior", "dashboard", "中控屏边缘轻微划痕")],
        outcome=("acquired", "换购 Model Y", None),
    ),
]


def _for_sale(
    car: tuple,
    looks: tuple,
    papers: tuple,
    bought: tuple,
    money: tuple,
    path: list,
    **more,
) -> DemoCar:
    """An acquired car, in groups that read as a dealer's stock card:
    car (make, model, trim, first registered, km), looks (colour, RGB, body, gearbox, fuel),
    papers (VIN's first 8, model-year code, serial; plate; previous owners),
    bought (appraiser, days ago, owner, owner's phone, why they sold),
    money (forecast retail, price paid, tread depths front left, front right, rear left, rear
    right), path (stock steps as in DemoCar.stock); `more`: marks, problems, or appraisal
    fields (accident and its note, comparables)."""
    make, model, trim, registered, km = car
    colour, rgb, body, gearbox, fuel = looks
    (prefix, year_code, serial), plate, owners = papers
    appraiser, days_ago, owner, phone, why = bought
    retail, paid, treads = money
    marks, problems = more.pop("marks", []), more.pop("problems", [])
    priced = more.pop("priced", None)
    values = dict(
        vin=_vin(prefix, year_code, serial),
        plate=plate,
        make=make,
        model=model,
        trim=trim,
        first_registration=registered,
        mileage_km=km,
        colour=colour,
        gearbox=gearbox,
        fuel=fuel,
        previous_owners=owners,
        owner_name=owner,
        owner_phone=phone,
        forecast_retail=retail,
        agreed_price=paid,
        **dict(zip(TREADS, treads, strict=True)),
        **more,
    )
    return DemoCar(
        appraiser,
        days_ago,
        values,
        rgb,
        body=body,
        marks=marks,
        problems=problems,
        outcome=("acquired", why, None),
        stock=path,
        priced=priced,
    )


TREADS = ("tread_front_left", "tread_front_right", "tread_rear_left", "tread_rear_right")
CERTIFIED = "128 项检测通过"

# The showroom: listed for retail unless the path goes on (reserved, sold) or stops short.
CARS += [
    _for_sale(
        ("丰田", "卡罗拉", "1.2T S-CVT 精英版", date(2019, 6, 14), 68400),
        ("铂金银", (188, 191, 196), "sedan", "cvt", "petrol"),
        (("LFMA1RE0", "K", "B207416"), "粤B7N2K5", 1),
        ("appraiser", 58, "张伟", "13512873406", "家里添了二胎，换 SUV"),
        (78000, 64000, (4.8, 4.9, 4.1, 4.0)),
        [
            ("certification", 4, "精洗、打蜡、更换空调滤芯"),
            ("certified", 5, CERTIFIED),
            ("listed", 6, ""),
            ("sold", 31, "客户全款提车"),
        ],
    ),
    _for_sale(
        ("丰田", "汉兰达", "2.0T 四驱豪华版 7座", date(2017, 9, 22), 96500),
        ("墨玉黑", (26, 26, 30), "suv", "automatic", "petrol"),
        (("LVGDC46A", "H", "G031958"), "粤B5C7M1", 2),
        ("zhaolei", 47, "罗先生", "13631590274", "移民出国，急售"),
        (172000, 148000, (4.2, 4.3, 3.6, 3.7)),
        [
            ("certification", 6, "底盘护板整形、四轮定位"),
            ("certified", 8, CERTIFIED),
            ("listed", 9, ""),
        ],
        marks=[("left_sill", "scratch", 1, "轻微托底划痕")],
    ),
    _for_sale(
        ("本田", "CR-V", "240TURBO CVT 两驱都市版", date(2020, 4, 9), 58200),
        ("珍珠白", (238, 238, 234), "suv", "cvt", "petrol"),
        (("LVHRW586", "L", "5062713"), "粤B8H3R6", 1),
        ("appraiser", 27, "许女士", "15919426038", "置换本田 e:NP2"),
        (135000, 114000, (5.4, 5.5, 4.9, 5.0)),
        [
            ("certification", 3, "内饰精洗、发动机舱清洁"),
            ("certified", 4, CERTIFIED),
            ("listed", 5, ""),
            ("reserved", 24, "客户交订金 3000 元，周六提车"),
        ],
    ),
    _for_sale(
        ("本田", "思域", "220TURBO CVT 劲动版", date(2021, 3, 17), 39800),
        ("炫动蓝", (38, 82, 164), "sedan", "cvt", "petrol"),
        (("LHGFE168", "M", "8120547"), "粤B2Z6P8", 1),
        ("zhaolei", 9, "邓先生", "18926057341", "工作调动回老家"),
        (102000, 86000, (5.8, 5.9, 5.6, 5.6)),
        [("certification", 2, "前杠抛光"), ("certified", 3, CERTIFIED), ("listed", 4, "")],
        marks=[("front_bumper", "scratch", 1, "停车剐蹭，已抛光")],
    ),
    _for_sale(
        ("大众", "朗逸", "1.6L 自动舒适版", date(2016, 5, 28), 118300),
        ("雅士银", (200, 202, 205), "sedan", "automatic", "petrol"),
        (("LSVNX418", "G", "2096731"), "粤B0M4T7", 2),
        ("appraiser", 88, "陈女士", "13798162530", "家里不再需要第二台车"),
        (42000, 33000, (3.5, 3.6, 3.2, 3.3)),
        [
            ("certification", 6, "更换刹车片、机油三滤"),
            ("certified", 9, CERTIFIED),
            ("listed", 10, ""),
            ("wholesale", 82, "库龄超过 80 天，按最高出价批发给车商"),
        ],
        marks=[
            ("rear_bumper", "scratch", 1, ""),
            ("rear_left_wing", "rust", 1, "轮眉处点状锈迹，已处理"),
        ],
    ),
    _for_sale(
        ("大众", "迈腾", "380TSI DSG 豪华型", date(2019, 7, 5), 88300),
        ("深海蓝", (30, 46, 84), "sedan", "dct", "petrol"),
        (("LFV3B23C", "K", "3074129"), "粤B6F8D3", 1),
        ("zhaolei", 36, "黄先生", "13828475016", "换购新能源车"),
        (118000, 96000, (4.4, 4.5, 3.9, 3.8)),
        [
            ("certification", 5, ""),
            ("certified", 7, "128 项检测通过；纵梁、后围板无损伤"),
            ("listed", 8, ""),
        ],
        marks=[
            ("rear_right_wing", "paint", 2, "钣金喷漆，漆膜厚度 260μm"),
            ("rear_bumper", "paint", 1, "重新喷漆"),
        ],
        accident=True,
        accident_note="2022 年倒车剐碰：右后叶子板及后保险杠钣金喷漆（保险理赔 4,800 元）；"
        "尾梁、后围板和备胎槽均无损伤，非结构性事故",
        comparables="迈腾 2019款 380TSI 8–9万公里 12.3–13.0万（无事故）",
    ),
    _for_sale(
        ("大众", "途观L", "330TSI 自动两驱智享版", date(2021, 5, 11), 52600),
        ("曜岩灰", (92, 96, 102), "suv", "dct", "petrol"),
        (("LSVUZ60T", "M", "2143870"), "粤B1W5J9", 1),
        ("appraiser", 21, "李先生", "13714290587", "换 7 座车"),
        (158000, 136000, (5.1, 5.0, 4.6, 4.6)),
        [("certification", 3, "内饰精洗"), ("certified", 5, CERTIFIED), ("listed", 6, "")],
    ),
    _for_sale(
        ("别克", "英朗", "15N CVT 精英型", date(2021, 8, 19), 33400),
        ("珍珠白", (240, 240, 236), "sedan", "cvt", "petrol"),
        (("LSGKB54H", "M", "2051846"), "粤B9K1E4", 1),
        ("zhaolei", 14, "钟小姐", "15013847265", "公司配车，不再自驾"),
        (63000, 50000, (6.2, 6.1, 6.0, 6.0)),
        [("certification", 2, ""), ("certified", 3, CERTIFIED), ("listed", 4, "")],
    ),
    _for_sale(
        ("比亚迪", "汉", "EV 创世版 605km 尊享型", date(2021, 9, 3), 62100),
        ("汉宫红", (148, 22, 32), "sedan", "automatic", "electric"),
        (("LGXCE6CD", "M", "0348251"), "粤BD30719", 1),
        ("appraiser", 40, "杨先生", "18718563204", "置换汉 L"),
        (128000, 108000, (4.3, 4.2, 3.8, 3.9)),
        [
            ("certification", 4, "电池检测：健康度 93%，快充正常"),
            ("certified", 6, CERTIFIED),
            ("listed", 7, ""),
        ],
    ),
    _for_sale(
        ("比亚迪", "宋PLUS DM-i", "110km 旗舰型", date(2022, 11, 24), 28900),
        ("雪域白", (242, 242, 238), "suv", "automatic", "plugin"),
        (("LGXC74C4", "N", "0417362"), "粤BF62158", 1),
        ("zhaolei", 6, "吴先生", "13923307481", "换理想 L6"),
        (115000, 98000, (6.4, 6.4, 6.2, 6.3)),
        [("certification", 3, "电池健康度 97%")],
    ),
    _for_sale(
        ("特斯拉", "Model Y", "后轮驱动版", date(2024, 1, 12), 12800),
        ("珍珠白", (245, 245, 243), "suv", "automatic", "electric"),
        (("LRWYGCEE", "R", "C203974"), "粤BD87326", 1),
        ("appraiser", 11, "何女士", "15817396420", "出国工作一年"),
        (208000, 188000, (6.6, 6.6, 6.1, 6.2)),
        [("certification", 2, ""), ("certified", 3, CERTIFIED), ("listed", 4, "")],
    ),
    _for_sale(
        ("理想", "L7", "Pro", date(2023, 6, 8), 31800),
        ("银色", (172, 176, 182), "suv", "automatic", "plugin"),
        (("LW433B10", "P", "1038652"), "粤BF09273", 1),
        ("zhaolei", 18, "谭先生", "13642978105", "换 L9"),
        (238000, 212000, (5.9, 5.9, 5.4, 5.5)),
        [
            ("certification", 3, "增程器与电池检测正常"),
            ("certified", 4, CERTIFIED),
            ("listed", 5, ""),
        ],
        comparables="理想 L7 2023款 Pro 3万公里 23.2–24.6万",
    ),
    _for_sale(
        ("宝马", "3系", "325Li M运动套装", date(2020, 5, 26), 57300),
        ("矿石白", (238, 239, 240), "sedan", "automatic", "petrol"),
        (("LBV5S310", "L", "S518240"), "粤B3T9A6", 1),
        ("appraiser", 30, "林先生", "13590428716", "置换 5 系"),
        (198000, 172000, (4.9, 4.9, 4.2, 4.3)),
        [
            ("certification", 4, "保养：机油、刹车油"),
            ("certified", 6, CERTIFIED),
            ("listed", 7, ""),
        ],
    ),
    _for_sale(
        ("宝马", "X3", "xDrive28i M运动套装", date(2019, 11, 2), 71200),
        ("碳黑", (22, 22, 28), "suv", "automatic", "petrol"),
        (("LBVTY790", "K", "L046183"), "粤B6Y2H8", 1),
        ("zhaolei", 52, "孙先生", "13802657319", "公司车辆处置"),
        (238000, 208000, (4.0, 4.1, 3.6, 3.6)),
        [
            ("certification", 5, "更换后轮胎一对"),
            ("certified", 7, CERTIFIED),
            ("listed", 8, ""),
            ("reserved", 20, "客户交订金 5000 元"),
            ("sold", 23, "贷款购车，已提车"),
        ],
    ),
    _for_sale(
        ("奔驰", "C级", "C 260 L 运动版", date(2021, 2, 20), 42800),
        ("北极白", (242, 242, 240), "sedan", "automatic", "petrol"),
        (("LE4ZG8DB", "M", "L072915"), "粤B8D5V2", 1),
        ("appraiser", 24, "梁女士", "13670213984", "换购 E 级"),
        (238000, 209000, (5.3, 5.2, 4.8, 4.9)),
        [("certification", 3, ""), ("certified", 4, CERTIFIED), ("listed", 5, "")],
    ),
    _for_sale(
        ("奔驰", "GLC", "GLC 260 L 4MATIC 动感型", date(2020, 8, 15), 66900),
        ("曜岩黑", (20, 20, 24), "suv", "automatic", "petrol"),
        (("LE4WG8HB", "L", "L139508"), "粤B0G7X5", 2),
        ("zhaolei", 63, "曾先生", "18620593147", "换新能源车，不想再加油"),
        (268000, 236000, (4.5, 4.6, 3.9, 4.0)),
        [
            ("certification", 6, "左后门凹陷免喷漆修复"),
            ("certified", 8, CERTIFIED),
            ("listed", 9, ""),
        ],
        marks=[("rear_left_door", "dent", 1, "小凹陷，已免喷漆修复")],
    ),
    _for_sale(
        ("奥迪", "Q5L", "40 TFSI 荣享时尚型", date(2020, 12, 4), 58000),
        ("灵动蓝", (36, 66, 122), "suv", "dct", "petrol"),
        (("LFV3B2FY", "L", "3105274"), "粤B4Q6C1", 1),
        ("appraiser", 33, "高先生", "13510947632", "置换 Q7"),
        (228000, 198000, (4.7, 4.7, 4.3, 4.3)),
        [("certification", 4, ""), ("certified", 6, CERTIFIED), ("listed", 7, "")],
    ),
    _for_sale(
        ("吉利", "星越L", "2.0TD 自动两驱旗舰型", date(2022, 4, 16), 36200),
        ("星耀灰", (84, 90, 98), "suv", "automatic", "petrol"),
        (("L6T79F2E", "N", "A061738"), "粤B7S3L0", 1),
        ("zhaolei", 16, "冯先生", "13418620795", "换银河 L7"),
        (118000, 99000, (5.6, 5.6, 5.2, 5.3)),
        [("certification", 3, ""), ("certified", 4, CERTIFIED), ("listed", 5, "")],
    ),
    _for_sale(
        ("长安", "CS75 PLUS", "1.5T 自动尊贵型", date(2021, 7, 9), 48900),
        ("锋速灰", (112, 116, 122), "suv", "automatic", "petrol"),
        (("LS5A3DKE", "M", "B215087"), "粤B5E8N3", 1),
        ("appraiser", 45, "刘先生", "13760852914", "换大 7 座"),
        (82000, 68000, (4.6, 4.5, 4.2, 4.1)),
        [("certification", 4, "座椅翻新"), ("certified", 6, CERTIFIED), ("listed", 7, "")],
        problems=[("interior", "seats", "驾驶座侧翼皮面磨损（已翻新）")],
    ),
    _for_sale(
        ("五菱", "宏光MINIEV", "马卡龙 170km 臻享款", date(2022, 9, 30), 15600),
        ("柠檬黄", (236, 208, 84), "hatchback", "automatic", "electric"),
        (("LZWADAGA", "N", "B084637"), "粤BD21468", 1),
        ("zhaolei", 7, "蔡小姐", "15220736491", "换大一点的车"),
        (29800, 22000, (5.0, 5.1, 4.8, 4.8)),
        [("certification", 1, ""), ("certified", 2, CERTIFIED), ("listed", 3, "")],
        marks=[("front_right_wing", "scratch", 1, "")],
    ),
]

# Months back, for the manager's dashboard: cars sold at retail at prices the appraisers'
# forecasts missed (李明 tends to forecast high, 赵磊 a little low), and the 飞单 pattern
# the seeds warn of: the same car appraised twice by the same appraiser, never bought,
# "the car had problems".
CX5_VIN = _vin("LVRHDAEJ", "J", "N204518")
CARS += [
    _for_sale(
        ("大众", "速腾", "280TSI DSG 舒适型", date(2018, 9, 6), 72500),
        ("月光蓝", (52, 74, 112), "sedan", "dct", "petrol"),
        (("LFV2A21K", "J", "3158204"), "粤B2R7W4", 1),
        ("appraiser", 121, "郑先生", "13316287450", "换购途观L"),
        (98000, 78000, (4.6, 4.6, 4.0, 4.1)),
        [
            ("certification", 4, "精洗、更换雨刮"),
            ("certified", 6, CERTIFIED),
            ("listed", 7, ""),
            ("sold", 39, "同款在售较多，按市场价成交"),
        ],
        priced=92800,
    ),
    _for_sale(
        ("丰田", "RAV4荣放", "2.0L CVT 两驱风尚版", date(2019, 5, 20), 61300),
        ("白金珍珠", (236, 236, 232), "suv", "cvt", "petrol"),
        (("LFMAP86C", "K", "0412873"), "粤B9P4G6", 1),
        ("appraiser", 149, "韩女士", "13728590316", "换新能源车"),
        (165000, 139000, (5.0, 5.1, 4.4, 4.4)),
        [
            ("certification", 3, ""),
            ("certified", 5, CERTIFIED),
            ("listed", 6, ""),
            ("sold", 44, "客户议价后成交"),
        ],
        priced=156800,
    ),
    _for_sale(
        ("日产", "奇骏", "2.0L CVT 舒适版 2WD", date(2019, 8, 2), 66800),
        ("钢琴黑", (24, 24, 28), "suv", "cvt", "petrol"),
        (("LGBG22E2", "K", "Y083615"), "粤B4K9T2", 1),
        ("zhaolei", 99, "黎先生", "13510653827", "置换奇骏 e-POWER"),
        (108000, 91000, (4.9, 5.0, 4.5, 4.5)),
        [
            ("certification", 3, "空调清洗"),
            ("certified", 4, CERTIFIED),
            ("listed", 5, ""),
            ("sold", 18, "上架两周即售出"),
        ],
        priced=112800,
    ),
    _for_sale(
        ("哈弗", "H6", "1.5T 自动冠军版", date(2020, 10, 12), 54100),
        ("赤焰红", (170, 30, 36), "suv", "automatic", "petrol"),
        (("LGWEF6A5", "L", "H317052"), "粤B6M2X8", 1),
        ("zhaolei", 134, "温先生", "15986302417", "家里换了七座车"),
        (72000, 60000, (5.2, 5.2, 4.8, 4.7)),
        [
            ("certification", 3, ""),
            ("certified", 4, CERTIFIED),
            ("listed", 5, ""),
            ("sold", 27, "客户全款提车"),
        ],
        priced=73800,
    ),
    DemoCar(
        "appraiser",
        41,
        dict(
            vin=CX5_VIN,
            plate="粤B8J3N5",
            make="马自达",
            model="CX-5",
            trim="2.0L 自动两驱智尚型",
            first_registration=date(2018, 4, 27),
            mileage_km=83600,
            colour="魂动红",
            gearbox="automatic",
            fuel="petrol",
            previous_owners=1,
            owner_name="彭先生",
            owner_phone="13632875104",
            forecast_retail=96000,
        ),
        (150, 22, 30),
        body="suv",
        photos=5,
        outcome=("declined", "车主嫌报价低，想再比比", 88000),
    ),
    DemoCar(
        "appraiser",
        34,
        dict(
            vin=CX5_VIN,
            plate="粤B8J3N5",
            make="马自达",
            model="CX-5",
            trim="2.0L 自动两驱智尚型",
            first_registration=date(2018, 4, 27),
            mileage_km=84100,
            colour="魂动红",
            gearbox="automatic",
            fuel="petrol",
            previous_owners=1,
            owner_name="彭先生",
            owner_phone="13632875104",
            forecast_retail=93000,
        ),
        (150, 22, 30),
        body="suv",
        photos=3,
        outcome=("sold_elsewhere", "复检发现车况有问题，车主已卖给外面车商", None),
    ),
]
