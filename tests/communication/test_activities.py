"""Recording activities: the total is computed, bad input changes nothing, two people editing do not overwrite
each other, every change is in the audit log."""

from datetime import date
from decimal import Decimal

import pytest

from audit.models import AuditEntry
from communication.models import Activity, ActivityCost, ActivityProduct
from communication.services import activity_delete, activity_update, campaign_delete
from lib.errors import DomainError
from tests.communication.conftest import record
from units.selectors import communes_of, unit_resolve

pytestmark = pytest.mark.django_db


def test_an_activity_keeps_its_reach_products_and_costs_and_computes_its_total(
    tay_ninh, persona, culture_task, action_month, agency
):
    commune = communes_of(tay_ninh).first()
    activity = record(
        tay_ninh,
        persona("focal"),
        title="Tuyên truyền bằng tiếng Khmer",
        activity_type="loudspeaker",
        start_date=date(2026, 11, 16),
        end_date=date(2026, 11, 30),
        commune=commune,
        campaign=action_month,
        task=culture_task,
        agency=agency("van_hoa"),
        languages=["km", "vi"],
        audiences=["ethnic_minorities", "women"],
        reached_female=120,
        reached_male=80,
        reached_unknown=3000,
        products={"radio_spots": 12, "leaflets": 0},
        costs={"local_recurrent": "5000000", "society": Decimal(1_000_000)},
    )
    assert activity.reached_total == 3200
    assert activity.languages == ["vi", "km"]  # kept in the order of the choices
    assert {p.kind: p.quantity for p in activity.products.all()} == {"radio_spots": 12}  # zero is not kept
    assert {c.source: c.amount for c in activity.costs.all()} == {
        "local_recurrent": Decimal(5_000_000),
        "society": Decimal(1_000_000),
    }
    entry = AuditEntry.objects.get(action="communication.activity_create")
    assert entry.unit == tay_ninh and entry.after["reached_total"] == 3200
    assert entry.after["products"] == {"radio_spots": 12}


BAD = [
    ({"title": " "}, "title"),
    ({"activity_type": "party"}, "activity_type"),
    ({"start_date": date(2026, 5, 2), "end_date": date(2026, 5, 1)}, "end_date"),
    ({"start_date": date(2019, 5, 2)}, "start_date"),
    ({"languages": []}, "languages"),
    ({"languages": ["klingon"]}, "languages"),
    ({"audiences": ["aliens"]}, "audiences"),
    ({"reached_female": -1}, "reached_female"),
    ({"reached_male": "12,5"}, "reached_male"),
    ({"products": {"leaflets": -3}}, "product_leaflets"),
    ({"costs": {"local_recurrent": "12,5"}}, "cost_local_recurrent"),
    ({"costs": {"lottery": 10}}, "costs"),
]


@pytest.mark.parametrize(("data", "field"), BAD)
def test_bad_input_is_refused_on_its_field_and_changes_nothing(tay_ninh, persona, data, field):
    with pytest.raises(DomainError) as refused:
        record(tay_ninh, persona("focal"), **data)
    assert refused.value.field == field
    assert not Activity.objects.exists() and not ActivityProduct.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="communication.").exists()


def test_a_commune_campaign_or_task_of_another_province_is_refused(tay_ninh, persona, culture_task):
    ha_noi = unit_resolve(code="01", on=date.today())
    from communication.services import campaign_create

    other = campaign_create(
        province=ha_noi, by=persona("outsider"), name="Hà Nội", start_date=date(2026, 1, 1)
    )
    for data, field in (
        ({"commune": communes_of(ha_noi).first()}, "commune"),
        ({"campaign": other}, "campaign"),
    ):
        with pytest.raises(DomainError) as refused:
            record(tay_ninh, persona("focal"), **data)
        assert refused.value.field == field
    with pytest.raises(DomainError) as refused:
        record(ha_noi, persona("outsider"), task=culture_task)
    assert refused.value.field == "task"
    assert not Activity.objects.exists()


def test_an_edit_from_an_older_version_is_refused_and_changes_nothing(tay_ninh, persona):
    activity = record(tay_ninh, persona("focal"), reached_female=10, products={"leaflets": 100})
    opened = activity.lock_version
    activity_update(activity=activity, by=persona("focal"), expected_version=opened, reached_female=15)
    stale = Activity.objects.get(pk=activity.pk)
    with pytest.raises(DomainError) as refused:
        activity_update(activity=stale, by=persona("focal"), expected_version=opened, reached_female=99)
    assert refused.value.field == "lock_version"
    stale.refresh_from_db()
    assert stale.reached_female == 15
    update = AuditEntry.objects.get(action="communication.activity_update")
    assert update.before["reached_female"] == 10 and update.after["reached_female"] == 15
    assert update.after["products"] == {"leaflets": 100}  # not given: kept


def test_products_and_costs_given_replace_the_old_ones(tay_ninh, persona):
    activity = record(tay_ninh, persona("focal"), products={"leaflets": 100}, costs={"society": 10})
    activity_update(activity=activity, by=persona("focal"), products={"posters": 5}, costs={})
    assert list(activity.products.values_list("kind", "quantity")) == [("posters", 5)]
    assert not ActivityCost.objects.exists()


def test_deleting_is_audited_with_what_was_deleted(tay_ninh, persona):
    activity = record(tay_ninh, persona("focal"), title="Hội thi", reached_male=7)
    activity_delete(activity=activity, by=persona("focal"), expected_version=activity.lock_version)
    assert not Activity.objects.exists()
    entry = AuditEntry.objects.get(action="communication.activity_delete")
    assert entry.before["title"] == "Hội thi" and entry.before["reached_male"] == 7


def test_deleting_a_campaign_keeps_its_activities(tay_ninh, persona, action_month):
    activity = record(tay_ninh, persona("focal"), campaign=action_month)
    assert campaign_delete(campaign=action_month, by=persona("focal")) == 1
    activity.refresh_from_db()
    assert activity.campaign is None
    assert AuditEntry.objects.get(action="communication.campaign_delete").before["activities"] == [
        activity.title
    ]
