"""data/plan.yaml against the plan's own sentences: every number, unit and deadline.

The expectations below were read off the plan text (data/plan-source.txt, the
seed document without its web-page footer), not copied from plan.yaml: each row
gives the sentence fragment that states the target and what it says.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

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
    ("amr_key_technologies", "引進研發人才50人,突破30項以上關鍵技術", "number", 30, "項", D2022, True),
    ("fudan_centre_unveiled", "推動中山複旦聯合創新中心", "milestone", None, "家", D2022, False),
    ("hkust_centre_unveiled", "中山香港科大聯合創新中心、智能移動機器人(中山)研究院(AMR)盡快落地挂牌", "milestone", None, "家", D2022, False),
    ("amr_institute_unveiled", "智能移動機器人(中山)研究院(AMR)盡快落地挂牌", "milestone", None, "家", D2022, False),
    ("first_set_equipment_catalogue", "編制首台(套)重大技術裝備推廣應用指導目錄", "milestone", None, "項", D2022, False),
    ("pilot_scale_platform", "謀劃建設全市性中試熟化成果轉化服務平台", "milestone", None, "個", D2022, False),
    ("second_prai_conference", "辦好第二屆模式識別和人工智能國際會議", "milestone", None, "屆", D2022, False),
    ("torch_national_incubators", "到2022年建成國家級科技企業孵化器4家", "number", 4, "家", D2022, True),
    ("cuiheng_public_platforms", "建設各類創新創業公共平台5家", "number", 5, "家", D2022, True),
    ("cuiheng_new_rd_institutions", "新型研發機構2家", "number", 2, "家", D2022, True),
    ("cuiheng_high_level_teams", "高層次創新團隊2個", "number", 2, "個", D2022, True),
    ("cuiheng_backbone_enterprises", "培育2-3家10億元規模以上的骨幹企業", "range", (2, 3), "家", D2022, True),
    ("gd_macao_youth_base", "粵澳青年創新創業基地(中山)", "milestone", None, "個", D2022, False),
    ("macao_zs_youth_platform", "澳門中山青年創新創業平台", "milestone", None, "個", D2022, False),
    ("innovation_policy_document", "制定出台我市貫徹落實《廣東省人民政府關于進一步促進科技創新的若幹政策措施》的文件", "milestone", None, "項", D2022, False),
    ("talent_apartments", "建設全市集中式精品人才公寓和科學家公寓", "checklist", 2, "個", D2022, False),
    ("ip_protection_centre", "推進建設中山區域知識産權保護中心", "milestone", None, "個", D2022, False),
    ("lighting_ip_centre_upgrade", "推進中國中山(燈飾)知識産權快速維權中心升級", "milestone", None, "個", D2022, False),
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


def test_aspirational_targets_are_the_ones_the_plan_says_力爭(plan: m.PlanFile, document: str) -> None:
    aspirational = {t.id for t in plan.targets if t.strength == "aspirational"}
    assert aspirational == {"provincial_lab", "engineering_labs_yearly", "drug_institute_five_ones", "pilot_scale_platform"}
    for target in plan.targets:
        if "力爭" in target.source_text and target.id != "provincial_lab":
            assert target.id in aspirational


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
