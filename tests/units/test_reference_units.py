import csv
from collections import Counter
from datetime import date

import pytest

from units.models import AdminUnit, Level, RegionTag
from units.selectors import UnitNotFound, unit_for_year, unit_resolve
from units.services import DATA, units_load_reference

pytestmark = pytest.mark.django_db


def rows(name):
    with (DATA / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_there_are_34_current_provincial_units_and_3321_communes():
    today = date(2026, 11, 27)
    assert AdminUnit.objects.on(today).filter(level=Level.PROVINCE).count() == 34
    assert AdminUnit.objects.on(today).filter(level=Level.COMMUNE).count() == 3321


def test_communes_per_province_and_type_agree_with_the_reference_counts():
    communes = (
        AdminUnit.objects.filter(level=Level.COMMUNE).prefetch_related("names").select_related("parent")
    )
    counts = Counter((c.parent.code, c.current_name.unit_type) for c in communes)
    for row in rows("provinces-2025.csv"):
        assert counts[(row["code"], "xa")] == int(row["xa"]), row["name"]
        assert counts[(row["code"], "phuong")] == int(row["phuong"]), row["name"]
        assert counts[(row["code"], "dac_khu")] == int(row["dac_khu"]), row["name"]


def test_all_63_former_provinces_map_to_exactly_the_current_unit_the_reference_names():
    former = AdminUnit.objects.filter(level=Level.PROVINCE, valid_to=date(2025, 6, 30)).select_related(
        "merged_into"
    )
    assert former.count() == 63
    expected = {r["old_code"]: r["new_code"] for r in rows("provinces-2025-merger.csv")}
    assert {u.code: u.merged_into.code for u in former} == expected
    assert all(
        u.merged_into.valid_from == date(2025, 7, 1) and u.merged_into.valid_to is None for u in former
    )


def test_merged_from_agrees_with_the_current_units_file():
    for row in rows("provinces-2025.csv"):
        unit = unit_resolve(code=row["code"], on=date(2025, 7, 1))
        assert sorted(unit.merged_from.values_list("code", flat=True)) == sorted(
            row["merged_from_old_codes"].split(",")
        )


def test_code_80_is_long_an_in_2024_and_tay_ninh_in_2025():
    before, after = unit_for_year(code="80", year=2024), unit_for_year(code="80", year=2025)
    assert before.pk != after.pk
    assert before.name == "Tỉnh Long An"
    assert after.name == "Tỉnh Tây Ninh"
    assert before.merged_into == after
    assert unit_resolve(code="80", on=date(2025, 6, 30)) == before
    assert unit_resolve(code="80", on=date(2025, 7, 1)) == after


def test_reused_codes_52_and_82_change_meaning_too():
    assert unit_for_year(code="52", year=2024).name == "Tỉnh Bình Định"
    assert unit_for_year(code="52", year=2025).name == "Tỉnh Gia Lai"
    assert unit_for_year(code="82", year=2024).name == "Tỉnh Tiền Giang"
    assert unit_for_year(code="82", year=2025).name == "Tỉnh Đồng Tháp"


def test_a_code_and_a_date_never_resolve_to_two_units():
    for day in (date(2021, 1, 1), date(2025, 6, 30), date(2025, 7, 1), date(2030, 12, 31)):
        codes = Counter(AdminUnit.objects.on(day).values_list("code", flat=True))
        assert [c for c, n in codes.items() if n > 1] == []


def test_an_unknown_code_or_a_date_outside_validity_does_not_resolve():
    with pytest.raises(UnitNotFound):
        unit_resolve(code="99", on=date(2024, 1, 1))
    with pytest.raises(UnitNotFound):
        unit_resolve(code="02", on=date(2025, 7, 1))  # Hà Giang ended on 30 June 2025


def test_names_are_dated_without_a_boundary_change():
    quang_ninh = unit_resolve(code="22", on=date(2025, 7, 1))
    assert quang_ninh.name_on(date(2025, 9, 1)).name == "Tỉnh Quảng Ninh"
    assert quang_ninh.name_on(date(2026, 6, 1)).name == "Thành phố Quảng Ninh"
    hue = unit_resolve(code="46", on=date(2024, 6, 1))
    assert hue.name_on(date(2024, 6, 1)).name == "Tỉnh Thừa Thiên Huế"
    assert hue.name_on(date(2025, 3, 1)).name == "Thành phố Huế"


def test_region_tags_are_dated_mekong_delta_13_before_and_6_after():
    def mekong(day):
        return set(
            RegionTag.objects.on(day).filter(region="mekong_delta").values_list("unit__code", flat=True)
        )

    assert len(mekong(date(2024, 12, 31))) == 13
    assert mekong(date(2025, 12, 31)) == {"92", "86", "82", "91", "96", "80"}
    assert RegionTag.objects.get(region="mekong_delta", unit__code="80", valid_from=date(2025, 7, 1)).partial


def test_loading_again_creates_nothing_and_keeps_edits():
    tay_ninh = unit_resolve(code="80", on=date(2025, 7, 1))
    name = tay_ninh.names.get()
    name.note = "edited by the ministry"
    name.save()
    assert units_load_reference() == {"units": 0, "names": 0, "region_tags": 0}
    assert tay_ninh.names.get().note == "edited by the ministry"
