"""data/plan.yaml against the plan's own sentences: every number, unit and deadline.

The expectations below were read off the plan text (data/plan-source.txt, the
seed document without its web-page footer), not copied from plan.yaml: each row
gives the sentence fragment that states the target and what it says.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

import pytest

from conftest import PLAN, SOURCE
from zsplan.plan import models as m
from zsplan.plan.validate import load_plan

D2022 = dt.date(2022, 12, 31)


def normalise_text(text: str) -> str:
    """NFKC and no white space: the document breaks one column line in two."""
    return "".join(unicodedata.normalize("NFKC", text).split())


# id, fragment of the plan that states it, kind, value(s), unit, deadline, deadline stated by the plan?
EXPECTED = [
    ("national_major_facilities", "到2022年,引進2家國家重大科技基礎設施", "number", 2, "家", D2022, True),
    ("provincial_lab", "力爭布局建設1家省實驗室", "number", 1, "家", D2022, False),
    ("engineering_labs_yearly", "力爭每年新增1家省級以上工程實驗室", "per_year", 1, "家", D2022, False),
    ("hku_lab_branch", "建設生物醫藥國家重點實驗室廣東藥科大學分中心", "milestone", None, "家", D2022, False),
    ("macao_partner_lab", "積極爭取引進澳門的國家重點實驗室科研力量到中山建設夥伴實驗室", "milestone", None, "家", D2022, False),
    ("zs_sci_tech_university", "重點推進中山科技大學建設", "milestone", None, "所", D2022, False),
    ("xiangshan_university", "合作辦學建設香山大學", "milestone", None, "所", D2022, False),
    ("sino_swiss_hotel_college", "合作建設廣東中瑞酒店管理職業學院", "milestone", None, "所", D2022, False),
    ("sino_german_engineering_college", "合作建設電子科技大學中山學院中德工程學院", "milestone", None, "所", D2022, False),
    ("provincial_characteristic_schools", "電子科技大學中山學院、中山職業技術學院、中山火炬職業技術學院", "checklist", 3, "所", D2022, False),
    (
        "uestc_zs_key_disciplines",
        "計算機應用技術、電子科學與技術、工商管理、材料科學與工程、計算機科學與技術和控制科學與工程等重點學科",
        "checklist",
        6,
        "個",
        D2022,
        False,
    ),
    ("drug_institute_five_ones", "力爭到2022年完成“五個一”的建設目標", "checklist", 5, "個", D2022, True),
    ("hit_academicians", "引進2名院士或諾貝爾獎得主", "number", 2, "名", D2022, True),
    ("hit_research_staff", "專職科研團隊50人以上", "number", 50, "人", D2022, True),
    ("hit_platforms", "建設2家省級以上創新平台或分支機構", "number", 2, "家", D2022, True),
    (
        "ucas_platforms",
        "建設高新技術公共技術平台、創新創業人才引進與培養平台、高新技術企業孵化平台、投融資服務平台、知識産權服務平台、國際合作交流平台、試驗儀器開放共享平台",
        "checklist",
        7,
        "個",
        D2022,
        False,
    ),
    ("ucas_teams", "引進50個以上創新團隊", "number", 50, "個", D2022, True),
    ("ucas_key_technologies", "突破50項以上關鍵技術", "number", 50, "項", D2022, True),
    ("fudan_key_technologies", "突破30項以上關鍵技術,引進研發人才累計60人", "number", 30, "項", D2022, True),
    ("fudan_researchers", "引進研發人才累計60人", "number", 60, "人", D2022, True),
    ("hkust_teams", "引進10個以上創新團隊", "number", 10, "個", D2022, True),
    ("hkust_transfers", "科技成果轉化10項以上", "number", 10, "項", D2022, True),
    ("amr_researchers", "引進研發人才50人", "number", 50, "人", D2022, True),
    ("amr_key_technologies", "突破30項以上關鍵技術。", "number", 30, "項", D2022, True),
    ("fudan_centre_unveiled", "推動中山複旦聯合創新中心", "milestone", None, "家", D2022, False),
    ("hkust_centre_unveiled", "中山香港科大聯合創新中心、智能移動機器人(中山)研究院(AMR)盡快落地挂牌", "milestone", None, "家", D2022, False),
    ("amr_institute_unveiled", "智能移動機器人(中山)研究院(AMR)盡快落地挂牌", "milestone", None, "家", D2022, False),
    ("new_rd_capability_programme", "實施新型研發機構能力提升計劃", "milestone", None, "項", D2022, False),
    ("first_set_equipment_catalogue", "編制首台(套)重大技術裝備推廣應用指導目錄", "milestone", None, "項", D2022, False),
    ("fourk_tv_demonstrations", "4K電視示範小區、4K電視示範村", "checklist", 2, "個", D2022, False),
    ("pilot_scale_platform", "謀劃建設全市性中試熟化成果轉化服務平台", "milestone", None, "個", D2022, False),
    ("tech_trade_policy", "研究出台促進技術交易和科技服務業發展的政策措施", "milestone", None, "項", D2022, False),
    ("second_prai_conference", "辦好第二屆模式識別和人工智能國際會議", "milestone", None, "屆", D2022, False),
    (
        "innovation_contests",
        "中國創新創業大賽、中國創新挑戰賽、青年創新創業大賽、創客廣東、衆創杯、香港科技大學百萬獎金創新創業大賽(中山賽區)、創客灣區",
        "checklist",
        7,
        "項",
        D2022,
        False,
    ),
    ("incubator_operation_evaluation", "開展孵化器運營評價工作", "milestone", None, "項", D2022, False),
    ("torch_national_incubators", "到2022年建成國家級科技企業孵化器4家", "number", 4, "家", D2022, True),
    ("cuiheng_public_platforms", "建設各類創新創業公共平台5家", "number", 5, "家", D2022, True),
    ("cuiheng_new_rd_institutions", "新型研發機構2家", "number", 2, "家", D2022, True),
    ("cuiheng_high_level_teams", "高層次創新團隊2個", "number", 2, "個", D2022, True),
    ("cuiheng_backbone_enterprises", "培育2-3家10億元規模以上的骨幹企業", "range", (2, 3), "家", D2022, True),
    ("gd_macao_youth_base", "粵澳青年創新創業基地(中山)", "milestone", None, "個", D2022, False),
    ("macao_zs_youth_platform", "澳門中山青年創新創業平台", "milestone", None, "個", D2022, False),
    ("cuiheng_science_city", "中山翠亨科學城、創新集聚區建設全面推進", "milestone", None, "個", D2022, True),
    ("gd_macao_cooperation_zone", "粵澳全面合作示範區等平台", "milestone", None, "個", D2022, False),
    ("innovation_cluster_zone", "中山翠亨科學城、創新集聚區建設全面推進", "milestone", None, "個", D2022, True),
    ("innovation_policy_document", "制定出台我市貫徹落實《廣東省人民政府關于進一步促進科技創新的若幹政策措施》的文件", "milestone", None, "項", D2022, False),
    ("sci_tech_funding_review", "啓動新一輪科技體制機制改革,對現行科技資助政策進行全面梳理和調整優化", "milestone", None, "項", D2022, False),
    ("talent_measures_revision", "加快修訂人才引進培養辦法", "milestone", None, "項", D2022, False),
    ("gba_income_tax_subsidy", "落實粵港澳大灣區個人所得稅優惠政策", "milestone", None, "項", D2022, False),
    ("talent_housing_policy", "制定出台人才用房相關支持政策", "milestone", None, "項", D2022, False),
    ("talent_apartments", "建設全市集中式精品人才公寓和科學家公寓", "checklist", 2, "個", D2022, False),
    ("hkmo_children_schooling_policy", "研究完善在中山生活的港澳創新創業人士子女就學政策", "milestone", None, "項", D2022, False),
    ("ip_protection_centre", "推進建設中山區域知識産權保護中心", "milestone", None, "個", D2022, False),
    ("lighting_ip_centre_upgrade", "推進中國中山(燈飾)知識産權快速維權中心升級", "milestone", None, "個", D2022, False),
    ("itic_task_group_set_up", "在市推進粵港澳大灣區建設領導小組下設國際科技創新中心建設專項小組", "milestone", None, "個", D2022, False),
    ("market_access_pilot", "組織開展市場准入和監管體制改革試點", "milestone", None, "項", D2022, False),
    ("annual_work_points", "制定年度工作要點", "milestone", None, "項", D2022, False),
]


@pytest.fixture(scope="module")
def plan() -> m.PlanFile:
    return load_plan(PLAN).plan


@pytest.fixture(scope="module")
def document() -> str:
    return normalise_text(SOURCE.read_text(encoding="utf-8"))


def test_every_target_is_encoded_and_nothing_else(plan: m.PlanFile) -> None:
    assert [target.id for target in plan.targets] == [row[0] for row in EXPECTED]


@pytest.mark.parametrize(("target_id", "fragment", "kind", "value", "unit", "deadline", "stated"), EXPECTED, ids=[row[0] for row in EXPECTED])
def test_target_matches_the_plan_sentence(plan, document, target_id, fragment, kind, value, unit, deadline, stated) -> None:
    target = next(t for t in plan.targets if t.id == target_id)
    assert normalise_text(fragment) in document, "the fragment must be the plan's own words"
    assert normalise_text(fragment) in normalise_text(target.source_text)
    assert normalise_text(target.source_text) in document
    assert target.kind == kind
    assert target.unit == unit
    assert target.deadline == deadline
    assert target.deadline_inferred is (not stated)
    assert target.baseline.value == 0 and target.baseline.date == dt.date(2019, 9, 30)
    if kind == "number":
        assert target.value == value and target.comparator == "at_least"
    elif kind == "range":
        assert (target.min, target.max) == value
    elif kind == "per_year":
        assert target.per_year == value and target.years == [2020, 2021, 2022]
    elif kind == "checklist":
        assert len(target.items) == value
        for item in target.items:
            assert normalise_text(item.name) in document


def test_five_ones_are_the_five_named_deliverables(plan: m.PlanFile) -> None:
    five = next(t for t in plan.targets if t.id == "drug_institute_five_ones")
    assert [item.name for item in five.items] == [
        "中國科學院藥物創新研究院中山研究院",
        "中山新藥創制産業園",
        "中國科學院大學藥學院中山學院",
        "公共技術平台",
        "生物醫藥産業基金",
    ]
    assert five.strength == "aspirational"  # 力爭到2022年


def test_aspirational_targets_are_the_ones_the_plan_says_力爭(plan: m.PlanFile) -> None:
    # 力爭 occurs three times in the plan, each in the fragment that states one target
    aspirational = {t.id for t in plan.targets if t.strength == "aspirational"}
    assert aspirational == {row[0] for row in EXPECTED if "力爭" in row[1]} == {"provincial_lab", "engineering_labs_yearly", "drug_institute_five_ones"}
    # 謀劃建設全市性中試熟化成果轉化服務平台 plans to build, without 力爭: expected, not aspirational
    assert next(t for t in plan.targets if t.id == "pilot_scale_platform").strength == "expected"


def test_responsible_units_follow_the_plan_lead_first(plan: m.PlanFile) -> None:
    units = {unit.id: unit.name for unit in plan.units}
    measures = {measure.id: measure for measure in plan.measures}
    # 四(二)1: (責任單位:市發展改革局、科技局、人力資源社會保障局、團市委、火炬開發區、翠亨新區)
    assert [units[u] for u in measures["c4.2.1"].units] == ["市發展改革局", "市科技局", "市人力資源社會保障局", "團市委", "火炬開發區", "翠亨新區"]
    # 五(一): eight units, abbreviations expanded
    assert [units[u] for u in measures["c5.1"].units] == [
        "市科技局",
        "市委組織部",
        "市財政局",
        "市人力資源社會保障局",
        "市自然資源局",
        "市市場監管局",
        "市稅務局",
        "中山海關",
    ]
    # 四(二)3 names 各鎮政府及區辦事處 as a unit
    assert units[measures["c4.2.3"].units[-1]] == "各鎮政府及區辦事處"
    # 二(三)1 names 相關鎮區
    assert [units[u] for u in measures["c2.3.1"].units] == ["市教育體育局", "相關鎮區"]


def test_outline_has_the_plans_chapters_sections_and_columns(plan: m.PlanFile) -> None:
    chapters = [measure.number for measure in plan.measures if measure.level == "chapter"]
    assert chapters == ["一", "二", "三", "四", "五", "六"]
    columns = [(measure.number, measure.parent) for measure in plan.measures if measure.level == "column"]
    assert columns == [("專欄1", "c2.2"), ("專欄2", "c2.3"), ("專欄3", "c2.4"), ("專欄4", "c4.2")]
    sections_per_chapter = {}
    for measure in plan.measures:
        if measure.level == "section":
            sections_per_chapter[measure.parent] = sections_per_chapter.get(measure.parent, 0) + 1
    assert sections_per_chapter == {"c2": 4, "c3": 4, "c4": 3, "c5": 5, "c6": 4}
    every_measure_with_units = [measure for measure in plan.measures if measure.level in ("section", "measure") and not measure.id.startswith("c6")]
    for measure in every_measure_with_units:
        has_children = any(child.parent == measure.id and child.level == "measure" for child in plan.measures)
        assert has_children or measure.units, f"{measure.id} lists no 責任單位"


def test_plan_metadata(plan: m.PlanFile) -> None:
    meta = plan.plan
    assert meta.issuer == "中山市人民政府"
    assert meta.issued == dt.date(2019, 9, 30)
    assert meta.horizon.start == dt.date(2019, 9, 30) and meta.horizon.end == D2022
    assert meta.vision.year == 2035
    assert meta.source_url.endswith("id=542482")


# --------------------------------------------------------------------------- read from the plan's own text
#
# The tests below parse data/plan-source.txt (the seed document without its web-page footer) and derive
# each expected value from the plan's sentence: the 責任單位 lists, lead units, comparators, strengths,
# deadline years, stock or flow, checklist items and the measure each target hangs off. A wrong edit of
# any of these fields in data/plan.yaml fails one of them.

CHAPTERS = "一二三四五六"
UNIT_OF_COUNT = "家個項人名所屆"


@dataclass(frozen=True)
class Paragraph:
    """One numbered paragraph of the plan: its place ((chapter, section, measure) numbers), title, text and 責任單位 (as printed)."""

    place: tuple[str, str | None, str | None]
    title: str
    text: str
    units: tuple[str, ...]


def _lines() -> list[str]:
    """The plan's lines, NFKC without white space; a line ending in 、 continues on the next (專欄4's last entry is broken so)."""
    lines: list[str] = []
    for raw in SOURCE.read_text(encoding="utf-8").splitlines():
        line = normalise_text(raw)
        if lines and lines[-1].endswith("、"):
            lines[-1] += line
        elif line:
            lines.append(line)
    return lines


def _paragraphs() -> list[Paragraph]:
    chapter = section = None
    found = []
    for line in _lines():
        if len(line) > 1 and line[0] in CHAPTERS and line[1] == "、":
            chapter, section = line[0], None
            continue
        heading = re.match(r"^(\([一二三四五六]\)|\d+\.)([^。]+)。", line)
        if heading is None or chapter is None:
            continue
        number, title = heading.groups()
        if number.startswith("("):
            section, place = number, (chapter, number, None)
        else:
            place = (chapter, section, number)
        listed = re.search(r"\(責任單位:([^)]+)\)$", line)
        found.append(Paragraph(place, title, line, tuple(listed.group(1).split("、")) if listed else ()))
    return found


PARAGRAPHS = _paragraphs()


def _expand(name: str, full_names: set[str]) -> str:
    """A unit as the plan abbreviates it after the first mention (市科技局、發展改革局 = 市發展改革局), in full."""
    if name in full_names:
        return name
    assert f"市{name}" in full_names, f"{name} is not a unit of the plan file, with or without 市"
    return f"市{name}"


def _measure_at(plan: m.PlanFile, place: tuple[str, str | None, str | None]) -> m.Measure:
    """The measure of plan.yaml at (chapter, section, measure) numbers."""
    by_id = {measure.id: measure for measure in plan.measures}

    def path(measure: m.Measure) -> tuple[str | None, ...]:
        numbers: list[str | None] = []
        node: m.Measure | None = measure
        while node is not None:
            numbers.insert(0, node.number)
            node = by_id[node.parent] if node.parent else None
        return tuple(numbers) + (None,) * (3 - len(numbers))

    (measure,) = [item for item in plan.measures if item.level in ("section", "measure") and path(item) == place]
    return measure


def _sentence(fragment: str, within: str | None = None) -> str:
    """The plan's sentence (up to its 。 or the end of the line) that contains ``fragment``, on the line holding ``within``."""
    (line,) = [line for line in _lines() if normalise_text(fragment) in line and normalise_text(within or fragment) in line]
    at = line.index(normalise_text(fragment))
    start = max(line.rfind("。", 0, at) + 1, 0)
    end = line.find("。", at)
    return line[start : end + 1 if end >= 0 else len(line)]


def _target(plan: m.PlanFile, target_id: str):
    return next(target for target in plan.targets if target.id == target_id)


def _units_of(plan: m.PlanFile, target) -> list[str]:
    names = {unit.id: unit.name for unit in plan.units}
    measure = next(measure for measure in plan.measures if measure.id == target.measure)
    return [names[unit] for unit in (target.units or measure.units)]


def test_the_plan_prints_34_responsibility_lists() -> None:
    assert sum(1 for paragraph in PARAGRAPHS if paragraph.units) == 34


@pytest.mark.parametrize("paragraph", [p for p in PARAGRAPHS if p.units], ids=lambda p: "".join(n or "" for n in p.place))
def test_every_responsible_unit_list_is_the_plans_in_order(plan: m.PlanFile, paragraph: Paragraph) -> None:
    full_names = {unit.name for unit in plan.units}
    measure = _measure_at(plan, paragraph.place)
    names = {unit.id: unit.name for unit in plan.units}
    assert normalise_text(measure.title) == paragraph.title
    assert [names[unit] for unit in measure.units] == [_expand(name, full_names) for name in paragraph.units]


def test_every_unit_name_is_the_plans(plan: m.PlanFile) -> None:
    document = normalise_text(SOURCE.read_text(encoding="utf-8"))
    for unit in plan.units:  # in full, or abbreviated as the plan does after the first mention (農業農村局)
        assert normalise_text(unit.name) in document or (unit.name.startswith("市") and normalise_text(unit.name[1:]) in document), unit.name


def test_column_4_targets_are_led_by_the_base_the_column_names(plan: m.PlanFile) -> None:
    # 專欄4: 「火炬開發區國家級雙創示範基地:到2022年建成…」, 「翠亨新區省級雙創示範基地:到2022年,建設…」; the other
    # units of 四(二)1 (which names both bases) follow in the plan's order, without the other base
    (measure_4_2_1,) = [p for p in PARAGRAPHS if p.place == ("四", "(二)", "1.")]
    full_names = {unit.name for unit in plan.units}
    listed = [_expand(name, full_names) for name in measure_4_2_1.units]
    bases = {"火炬開發區國家級雙創示範基地": "火炬開發區", "翠亨新區省級雙創示範基地": "翠亨新區"}
    column_targets = [t for t in plan.targets if t.stated_in == "col4" and t.measure == "c4.2.1"]
    assert len(column_targets) == 5
    for target in column_targets:
        (line,) = [line for line in _lines() if normalise_text(target.source_text) in line]
        (base,) = [base for base in bases if line.startswith(base + ":")]
        lead = bases[base]
        assert lead in listed
        assert _units_of(plan, target) == [lead] + [name for name in listed if name not in bases.values()], target.id
    leads = [_units_of(plan, t)[0] for t in column_targets]
    assert leads == ["火炬開發區", "翠亨新區", "翠亨新區", "翠亨新區", "翠亨新區"]


# target, the actor of the plan's sentence (chapter 六 prints no 責任單位 line)
CHAPTER_SIX_ACTORS = [
    ("itic_task_group_set_up", "在市推進粵港澳大灣區建設領導小組下設國際科技創新中心建設專項小組", "市推進粵港澳大灣區建設領導小組"),
    ("market_access_pilot", "市各有關部門要按照行動計劃的部署要求", "市各有關部門"),
    ("annual_work_points", "國際科技創新中心建設專項小組根據行動計劃,制定年度工作要點", "國際科技創新中心建設專項小組"),
]


@pytest.mark.parametrize(("target_id", "fragment", "actor"), CHAPTER_SIX_ACTORS, ids=[row[0] for row in CHAPTER_SIX_ACTORS])
def test_chapter_six_targets_are_led_by_the_actor_the_sentence_names(plan: m.PlanFile, target_id: str, fragment: str, actor: str) -> None:
    (paragraph,) = [p for p in PARAGRAPHS if normalise_text(fragment) in p.text]
    target = _target(plan, target_id)
    assert paragraph.place[0] == "六" and not paragraph.units
    assert normalise_text(fragment).index(actor) in (0, 1)  # the sentence starts with its actor (after 在)
    assert _measure_at(plan, paragraph.place).id == target.measure
    assert _units_of(plan, target) == [actor]


def test_every_other_target_has_the_units_of_its_measure(plan: m.PlanFile) -> None:
    overridden = {t.id for t in plan.targets if t.units}
    assert overridden == {t.id for t in plan.targets if t.stated_in == "col4" and t.measure == "c4.2.1"} | {row[0] for row in CHAPTER_SIX_ACTORS}


@pytest.mark.parametrize(("target_id", "fragment", "kind"), [row[:3] for row in EXPECTED], ids=[row[0] for row in EXPECTED])
def test_numbers_comparators_strength_deadline_and_progress_follow_the_sentence(plan: m.PlanFile, target_id: str, fragment: str, kind: str) -> None:
    target = _target(plan, target_id)
    sentence = _sentence(fragment, target.source_text)
    # the deadline: 「到2022年」 in the sentence, else the horizon's end (inferred)
    assert target.deadline == D2022
    assert target.deadline_inferred is ("到2022年" not in sentence)
    # strength: 力爭 (strive to) in the sentence makes it aspirational
    assert target.strength == ("aspirational" if "力爭" in sentence else "expected")
    # stock or flow: a number 引進 / 突破 / 新增 / 轉化 counts additions; a checklist adds items; a milestone is done
    # or not (a level); any other number is a level
    adds = kind in ("number", "range", "per_year") and any(verb in normalise_text(fragment) for verb in ("引進", "突破", "新增", "轉化"))
    assert target.progress == ("flow" if adds or kind == "checklist" else "stock")
    stated = re.search(rf"(\d+)(?:-(\d+))?([{UNIT_OF_COUNT}])(以上)?", normalise_text(fragment)) if kind in ("number", "range", "per_year") else None
    if kind == "number":
        assert stated is not None and stated.group(2) is None
        # 「N家以上」 or a plain N to reach; the plan never writes 以下, 不超過, 低於 or 控制在: no target is at_most
        assert (target.value, target.unit, target.comparator) == (float(stated.group(1)), stated.group(3), "at_least")
    elif kind == "range":
        assert stated is not None and ((target.min, target.max), target.unit) == ((float(stated.group(1)), float(stated.group(2))), stated.group(3))
    elif kind == "per_year":
        assert "每年" in fragment and stated is not None and (target.per_year, target.unit) == (float(stated.group(1)), stated.group(3))


def test_the_plan_states_no_upper_bound() -> None:
    document = normalise_text(SOURCE.read_text(encoding="utf-8"))
    assert not any(word in document for word in ("以下", "不超過", "低於", "控制在", "不高於"))


def _enumerated(fragment: str) -> list[str]:
    """Names a fragment enumerates: split at 、, 和 and ;, without 建設/一個 before a name and 等… after the last."""
    text = re.sub(r"等重點學科$", "", normalise_text(fragment))
    text = re.sub(r"^建設(全市集中式)?", "", text)
    return [re.sub(r"^一個", "", part) for part in re.split(r"、|和(?=控制|科學家)|;", text)]


@pytest.mark.parametrize("row", [row for row in EXPECTED if row[2] == "checklist" and row[0] != "drug_institute_five_ones"], ids=lambda row: row[0])
def test_checklist_items_are_the_names_the_plan_enumerates_in_order(plan: m.PlanFile, row) -> None:
    target = _target(plan, row[0])
    assert [normalise_text(item.name) for item in target.items] == _enumerated(row[1])


def test_the_five_ones_are_the_five_the_plan_enumerates(plan: m.PlanFile) -> None:
    line = _sentence("即:一個中國科學院藥物創新研究院中山研究院")
    listing = line[line.index("即:") + 2 :].rstrip("。")
    assert [normalise_text(item.name) for item in _target(plan, "drug_institute_five_ones").items] == _enumerated(listing)


# target → the words that tie it to the paragraph that carries it out: the first numbered paragraph of the
# plan naming them must be the target's measure, and the plan's line stating the target names them too
LINKS = {
    "national_major_facilities": "重大科技基礎設施",
    "provincial_lab": "省實驗室",
    "engineering_labs_yearly": "省級以上工程實驗室",
    "hku_lab_branch": "廣東藥科大學分中心",
    "macao_partner_lab": "夥伴實驗室",
    "zs_sci_tech_university": "中山科技大學",
    "xiangshan_university": "澳門科技大學",
    "sino_swiss_hotel_college": "洛桑酒店管理學院",
    "sino_german_engineering_college": "代根多夫應用技術大學",
    "provincial_characteristic_schools": "省特色學校",
    "uestc_zs_key_disciplines": "重點學科",
    "drug_institute_five_ones": "中科院藥物創新研究院",
    "hit_academicians": "哈工大無人裝備與人工智能創新中心",
    "hit_research_staff": "哈工大無人裝備與人工智能創新中心",
    "hit_platforms": "哈工大無人裝備與人工智能創新中心",
    "ucas_platforms": "中國科學院大學",
    "ucas_teams": "中國科學院大學",
    "ucas_key_technologies": "中國科學院大學",
    "fudan_key_technologies": "中山複旦聯合創新中心",
    "fudan_researchers": "中山複旦聯合創新中心",
    "hkust_teams": "中山香港科大聯合創新中心",
    "hkust_transfers": "中山香港科大聯合創新中心",
    "amr_researchers": "智能移動機器人(中山)研究院",
    "amr_key_technologies": "智能移動機器人(中山)研究院",
    "fudan_centre_unveiled": "中山複旦聯合創新中心",
    "hkust_centre_unveiled": "中山香港科大聯合創新中心",
    "amr_institute_unveiled": "智能移動機器人(中山)研究院",
    "new_rd_capability_programme": "新型研發機構能力提升計劃",
    "first_set_equipment_catalogue": "首台(套)重大技術裝備推廣應用指導目錄",
    "fourk_tv_demonstrations": "4K電視示範",
    "pilot_scale_platform": "中試熟化成果轉化服務平台",
    "tech_trade_policy": "促進技術交易和科技服務業發展的政策措施",
    "second_prai_conference": "模式識別和人工智能國際會議",
    "innovation_contests": "創新創業賽事",
    "incubator_operation_evaluation": "孵化器運營評價",
    "torch_national_incubators": "火炬開發區國家級雙創示範基地",
    "cuiheng_public_platforms": "翠亨新區省級雙創示範基地",
    "cuiheng_new_rd_institutions": "翠亨新區省級雙創示範基地",
    "cuiheng_high_level_teams": "翠亨新區省級雙創示範基地",
    "cuiheng_backbone_enterprises": "翠亨新區省級雙創示範基地",
    "gd_macao_youth_base": "粵澳青年創新創業基地(中山)",
    "macao_zs_youth_platform": "澳門中山青年創新創業平台",
    "cuiheng_science_city": "翠亨科學城",
    "gd_macao_cooperation_zone": "粵澳全面合作示範區",
    "innovation_cluster_zone": "創新集聚區",
    "innovation_policy_document": "關于進一步促進科技創新的若幹政策措施",
    "sci_tech_funding_review": "新一輪科技體制機制改革",
    "talent_measures_revision": "人才引進培養辦法",
    "gba_income_tax_subsidy": "個人所得稅優惠政策",
    "talent_housing_policy": "人才用房相關支持政策",
    "talent_apartments": "精品人才公寓和科學家公寓",
    "hkmo_children_schooling_policy": "子女就學政策",
    "ip_protection_centre": "中山區域知識産權保護中心",
    "lighting_ip_centre_upgrade": "(燈飾)知識産權快速維權中心",
    "itic_task_group_set_up": "下設國際科技創新中心建設專項小組",
    "market_access_pilot": "市場准入和監管體制改革試點",
    "annual_work_points": "年度工作要點",
}


def test_every_target_has_a_link(plan: m.PlanFile) -> None:
    assert set(LINKS) == {target.id for target in plan.targets}


@pytest.mark.parametrize(("target_id", "words"), LINKS.items(), ids=list(LINKS))
def test_each_target_hangs_off_the_paragraph_that_carries_it_out(plan: m.PlanFile, target_id: str, words: str) -> None:
    target = _target(plan, target_id)
    words = normalise_text(words)
    first = next(p for p in PARAGRAPHS if words in p.text)
    assert _measure_at(plan, first.place).id == target.measure
    lines = [line for line in _lines() if normalise_text(target.source_text) in line]
    assert lines and words in lines[0]


# the measure summaries keep the plan's verbs (a summary that drops 積極向省爭取 or turns 研究完善 into 完善 changes the commitment)
SUMMARY_WORDS = [
    ("c2.2.1", ("積極向省爭取", "謀劃建設1家省實驗室")),
    ("c5.2.2", ("研究完善", "子女就學政策", "制定出台人才用房相關支持政策")),
    ("c6.2", ("爭取大力支持", "組織開展市場准入和監管體制改革試點", "創新“三舊”改造實施模式")),
]


@pytest.mark.parametrize(("measure_id", "words"), SUMMARY_WORDS, ids=[row[0] for row in SUMMARY_WORDS])
def test_measure_summaries_keep_the_plans_words(plan: m.PlanFile, measure_id: str, words: tuple[str, ...]) -> None:
    measure = next(item for item in plan.measures if item.id == measure_id)
    paragraph = next(p for p in PARAGRAPHS if _measure_at(plan, p.place).id == measure_id)
    for word in words:
        assert normalise_text(word) in normalise_text(measure.text or ""), word
        assert normalise_text(word) in paragraph.text, word


# the verb of the plan's sentence that governs each numeric target (None: a noun phrase, a level such as a team's size);
# the rule of docs/method.md ("Baseline facts") turns it into what the target counts
GOVERNING_VERB = {
    "national_major_facilities": "引進",
    "provincial_lab": "建設",
    "engineering_labs_yearly": "新增",
    "hit_academicians": "引進",
    "hit_research_staff": None,
    "hit_platforms": "建設",
    "ucas_teams": "引進",
    "ucas_key_technologies": "突破",
    "fudan_key_technologies": "突破",
    "fudan_researchers": "引進",
    "hkust_teams": "引進",
    "hkust_transfers": "轉化",
    "amr_researchers": "引進",
    "amr_key_technologies": "突破",
    "torch_national_incubators": "建成",
    "cuiheng_public_platforms": "建設",
    "cuiheng_new_rd_institutions": "建設",
    "cuiheng_high_level_teams": "建設",
    "cuiheng_backbone_enterprises": "培育",
}
ADDS, IN_PLACE = ("引進", "突破", "新增", "轉化"), ("建設", "建成", "培育")


def test_every_numeric_target_has_its_governing_verb() -> None:
    assert set(GOVERNING_VERB) == {row[0] for row in EXPECTED if row[2] in ("number", "range", "per_year")}


@pytest.mark.parametrize("row", EXPECTED, ids=[row[0] for row in EXPECTED])
def test_what_each_target_counts_follows_its_verb(plan: m.PlanFile, row) -> None:
    target_id, fragment, kind = row[:3]
    target = _target(plan, target_id)
    if kind in ("checklist", "milestone"):
        # a named deliverable done before the plan is done: the total counts, unambiguously
        assert (target.counts, target.counts_ambiguous) == ("total", False)
        return
    verb = GOVERNING_VERB[target_id]
    sentence = _sentence(fragment, target.source_text)
    if verb is not None:
        assert 0 <= sentence.find(verb) <= sentence.index(normalise_text(fragment)) + len(normalise_text(fragment)), verb
    if verb in ADDS:  # 引進 (bring in), 突破 (break through), 新增 (add), 轉化 (transfer): only what is new
        assert (target.counts, target.counts_ambiguous) == ("new", False)
    elif verb in IN_PLACE:  # 建成/建設/培育 N: N built under the plan, or N in place by 2022: read as in place, flagged
        assert (target.counts, target.counts_ambiguous) == ("total", True)
        assert target.counts_note is not None and verb in target.counts_note and "存量" in target.counts_note and "新增" in target.counts_note
    else:  # a level (專職科研團隊50人以上)
        assert (target.counts, target.counts_ambiguous) == ("total", False)
    assert target.met_at_baseline is False and target.baseline.value == 0  # the plan states no baseline
