"""The one syntax of a disaggregation (indicators.cuts): parsed, checked against what an indicator declares,
stored canonically, and added up per dimension as female + male = total."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators import cuts
from indicators.models import Indicator

pytestmark = pytest.mark.django_db


def test_parse_and_canonical_form_sort_by_dimension():
    assert cuts.parse(" area = urban ; age=0-15 ") == {"area": "urban", "age": "0-15"}
    assert cuts.canonical(cuts.parse("area=urban;age=0-15")) == "age=0-15;area=urban"
    assert cuts.parse("") == {}


@pytest.mark.parametrize("text", ["urban", "area=", "=urban", "area=urban;area=rural"])
def test_unreadable_text_is_refused_naming_it(text):
    with pytest.raises(cuts.CutError) as refused:
        cuts.parse(text)
    assert refused.value.field == "disaggregation"


def test_only_declared_dimensions_and_options_are_accepted():
    m43 = Indicator.objects.get(code="M4.3")  # urban/rural; ethnic group
    known = cuts.declared(m43)
    assert [d.code for d in known.dimensions] == ["area", "ethnicity"]
    assert cuts.normalise("ethnicity=minority; area=rural", known) == "area=rural;ethnicity=minority"
    with pytest.raises(cuts.CutError, match="age"):
        cuts.normalise("age=0-15", known, indicator_code="M4.3")
    with pytest.raises(cuts.CutError, match="suburban"):
        cuts.normalise("area=suburban", known)
    with pytest.raises(cuts.CutError):
        cuts.normalise("area=urban", cuts.declared(Indicator.objects.get(code="M4.2")), indicator_code="M4.2")


def test_declared_many_matches_declared_one_by_one():
    indicators = list(Indicator.objects.all())
    many = cuts.declared_many(indicators)
    for indicator in indicators:
        assert many[indicator.pk].rows() == cuts.declared(indicator).rows()
    assert cuts.declared(Indicator.objects.get(code="M2.1")).rows() == ["area=urban", "area=rural"]


def test_label_names_the_options_in_words():
    assert (
        cuts.label("area=urban;ethnicity=minority")
        == "Thành thị/nông thôn: Thành thị; Dân tộc: Dân tộc thiểu số"
    )
    assert cuts.label("") == ""


def test_cuts_that_do_not_add_up_are_named_with_their_parent():
    known = cuts.declared(Indicator.objects.get(code="M4.3"))
    values = {
        "": Decimal(100),
        "area=urban": Decimal(40),
        "area=rural": Decimal(61),
        "area=urban;ethnicity=kinh": Decimal(30),
        "area=urban;ethnicity=minority": Decimal(10),
        "ethnicity=kinh": Decimal(70),  # minority missing: not checked
    }
    assert cuts.sum_mismatches(values, known) == [("", "area", Decimal(101), Decimal(100))]


@given(st.lists(st.integers(min_value=0, max_value=10**9), min_size=2, max_size=2))
def test_cuts_that_add_up_pass_whatever_the_numbers(parts):
    known = cuts.declared(Indicator.objects.get(code="M2.1"))
    values = {"": Decimal(sum(parts)), "area=urban": Decimal(parts[0]), "area=rural": Decimal(parts[1])}
    assert cuts.sum_mismatches(values, known) == []
