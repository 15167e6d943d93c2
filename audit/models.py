"""The append-only audit log: who, when, which object, before and after, and why.

Entries are only ever inserted. The model refuses updates and deletes, its queryset refuses bulk updates and
deletes, and a database trigger refuses UPDATE statements from anywhere else."""

import contextlib
import re
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lib.numbers import format_number

ACTION_LABELS = {
    "indicator.create": _("Indicator added"),
    "indicator.update": _("Indicator edited"),
    "indicator.target": _("National target changed"),
    "dimension.create": _("Disaggregation added"),
    "dimension.update": _("Disaggregation edited"),
    "agency.rename": _("Agency renamed"),
    "agency.active": _("Agency taken in or out"),
    "user.create": _("Account created"),
    "user.role": _("Role changed"),
    "api_token.issue": _("API token issued"),
    "value.set": _("Value entered"),
    "value.submit": _("Values submitted"),
    "value.approve": _("Values approved"),
    "value.accept": _("Values accepted"),
    "value.return": _("Values returned"),
    "value.reopen": _("Values reopened"),
    "value.assign": _("Part assigned"),
    "series.create": _("Data series added"),
    "series.primary": _("Main data series chosen"),
    "dhis2.mapping": _("DHIS2 mapping set"),
    "dhis2.org_unit": _("DHIS2 organisation unit set"),
    "plan.create": _("Plan created"),
    "plan.copy": _("Plan copied from an earlier plan"),
    "plan.add_national": _("National indicators added to the plan"),
    "plan.indicator": _("Plan indicator set"),
    "plan.indicator_remove": _("Plan indicator removed"),
    "plan.target_remove": _("Plan target removed"),
    "plan.task_create": _("Plan task added"),
    "plan.task_update": _("Plan task edited"),
    "plan.task_delete": _("Plan task deleted"),
    "plan.return": _("Plan returned for changes"),
    "plan.supersede": _("Plan replaced by its revision"),
    "indicator.local_create": _("Local indicator added"),
    "programme.save": _("Programme recorded"),
    "quality.review": _("Unusual value reviewed"),
    "plan.update": _("Plan edited"),
    "plan.target": _("Plan target set"),
    "plan.submit": _("Plan submitted"),
    "plan.issue": _("Plan issued"),
    "plan.revise": _("Plan revision opened"),
    "plan.task_progress": _("Task progress reported"),
    "plan.budget": _("Planned budget set"),
    "plan.budget_execution": _("Allocation and spending recorded"),
    "plan.budget_carry": _("Allocation and spending carried to the revision"),
    "cycle.set": _("Reporting cycle set"),
    "report.update": _("Report edited"),
    "report.submit": _("Report submitted"),
    "report.accept": _("Report accepted"),
    "report.return": _("Report returned"),
    "communication.activity_create": _("Communication activity recorded"),
    "communication.activity_update": _("Communication activity edited"),
    "communication.activity_delete": _("Communication activity deleted"),
    "communication.campaign_create": _("Campaign created"),
    "communication.campaign_update": _("Campaign edited"),
    "communication.campaign_delete": _("Campaign deleted"),
    "communication.key_date": _("Key date of the communication calendar set"),
    "inspection_plan.create": _("Inspection plan created"),
    "inspection_plan.update": _("Inspection plan edited"),
    "inspection.create": _("Inspection planned"),
    "inspection.update": _("Inspection edited"),
    "inspection.results": _("Inspection results recorded"),
    "inspection.cancel": _("Inspection cancelled"),
    "inspection.delete": _("Inspection deleted"),
    "recommendation.create": _("Recommendation recorded"),
    "recommendation.update": _("Recommendation edited"),
    "recommendation.status": _("Recommendation follow-up updated"),
    "recommendation.delete": _("Recommendation deleted"),
    "question.ask": _("Question raised with the ministry"),
    "question.reply": _("Message written in a question"),
    "question.close": _("Question closed"),
    "question.reopen": _("Question reopened"),
    "guidance.publish": _("Guidance published"),
    "guidance.update": _("Published guidance edited"),
    "guidance.unpublish": _("Guidance withdrawn"),
    "meeting.save": _("Coordination meeting recorded"),
    "meeting.delete": _("Coordination meeting deleted"),
    "meeting.decision": _("Meeting decision recorded"),
    "meeting.follow_up": _("Decision followed up"),
    "publication.publish": _("Figures published on the public portal"),
    "publication.supersede": _("Published figures replaced by a new publication"),
    "publication.withdraw": _("Published figures withdrawn from the public portal"),
    "bench.seed": _("Invented national-scale dataset added for benchmarks"),
    "audit.prune": _("Audit entries older than the retention date removed by the database owner"),
}


VALUE_REPR = re.compile(
    r"(?P<indicator>\S+) (?P<part>[a-z]+) · (?P<unit>[^·]+?) · (?P<year>\d{4}) · (?P<sex>[a-z]+)(?P<tail>( · | = ).*)"
)


class AppendOnlyError(Exception):
    pass


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit entries cannot be changed")

    def delete(self):
        raise AppendOnlyError("audit entries cannot be deleted")

    def for_object(self, obj):
        return self.filter(object_type=object_type_of(obj), object_id=str(obj.pk))


def object_type_of(obj) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


class AuditEntry(models.Model):
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("who (as recorded)"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=60, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=60)
    object_repr = models.CharField(_("object"), max_length=300)
    unit = models.ForeignKey(
        "units.AdminUnit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The unit whose object this is; decides who may read the entry."),
    )
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # How the change came in: {"via": "grid" | "api" | "upload" | "command" | ..., "file": name, "job": id}.
    # Nullable so that adding it is a plain ALTER TABLE ADD COLUMN on SQLite (no table rebuild, triggers kept).
    context = models.JSONField(_("how it came in"), null=True, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"]), models.Index(fields=["unit", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit entries cannot be deleted")

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))

    @property
    def object_label(self) -> str:
        """The object as a reader names it: a value's repr is written from codes ("M1.1 numerator · 80 · 2026 ·
        total = 60", ``datavalues.models.value_repr``), shown with the part's and the sex's names, and the unit's
        name when the entry's unit was read with it (``select_related("unit")``: no query a row)."""
        match = VALUE_REPR.fullmatch(self.object_repr)
        if self.object_type != "datavalues.datavalue" or match is None:
            return self.object_repr
        from datavalues.models import Sex
        from indicators.models import PartKind

        parts, sexes = dict(PartKind.choices), dict(Sex.choices)
        part, sex, unit = match["part"], match["sex"], match["unit"]
        loaded = self._state.fields_cache.get("unit")
        if loaded is not None and loaded.code == unit:
            unit = loaded.name
        cut, _equals, value = match["tail"].rpartition(" = ")
        with contextlib.suppress(InvalidOperation):  # a value written as text stays as it is
            value = format_number(Decimal(value), lang=get_language() or "vi")
        return (
            f"{match['indicator']} {str(parts.get(part, part)).lower()} · {unit} · {match['year']} · "
            f"{str(sexes.get(sex, sex)).lower()}{cut} = {value}"
        )

    @property
    def object_type_label(self) -> str:
        """The kind of object by its model's name ("người dùng"), the code when the model is gone."""
        try:
            return str(apps.get_model(self.object_type)._meta.verbose_name)
        except (LookupError, ValueError):
            return self.object_type

    def labelled_changes(self) -> list[tuple[str, object, object]]:
        """changes() with each field's translated name in place of its code."""
        try:
            meta = apps.get_model(self.object_type)._meta
        except (LookupError, ValueError):
            meta = None

        def label(field: str) -> str:
            if meta is None:
                return field
            try:
                found = meta.get_field(field)
            except FieldDoesNotExist:
                return field
            # reverse relations (an indicator's parts) have no verbose name: their model's plural names them
            return str(getattr(found, "verbose_name", None) or found.related_model._meta.verbose_name_plural)

        return [(label(field), old, new) for field, old, new in self.changes()]

    def changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for each field that differs."""
        before = self.before or {}
        after = self.after or {}
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
