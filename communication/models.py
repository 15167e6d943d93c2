"""Communication activities and campaigns (letter 1116/LĐTBXH-BĐG, sections 1-2).

An activity is one conference, training, broadcast, event... of a province (optionally in one of its communes),
usually carried out under a task of the province's plan. It records the people reached by sex as
person-contacts ("lượt người"): the total is always female + male + sex unknown, computed, never typed. Media
products made and the cost by the letter's five funding sources hang off it in two small tables. A campaign
groups activities (the Action Month, for instance). Key dates are the letter's recurring dates, kept as rules
(month and day) that ``communication.keydates.key_dates`` turns into the dates of any year."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lib.models import Lockable, Versioned
from plans.models import FundingSource


class ActivityType(models.TextChoices):
    CONFERENCE = "conference", _("Conference or seminar")
    TRAINING = "training", _("Training course")
    MEDIA_PRODUCT = "media_product", _("Media product")
    BROADCAST = "broadcast", _("Radio or television broadcast")
    EVENT = "event", _("Event, contest or rally")
    SOCIAL_MEDIA = "social_media", _("Social media")
    LOUDSPEAKER = "loudspeaker", _("Loudspeaker (grassroots radio)")


class Language(models.TextChoices):
    """Vietnamese and the ethnic-minority languages communication is most often done in."""

    VIETNAMESE = "vi", _("Vietnamese")
    KHMER = "km", _("Khmer")
    CHAM = "cham", _("Cham")
    HMONG = "hmong", _("H'Mong")
    THAI = "thai", _("Thai")
    EDE = "ede", _("Ede")
    JARAI = "jarai", _("Jarai")
    BAHNAR = "bahnar", _("Bahnar")
    MUONG = "muong", _("Muong")
    TAY = "tay", _("Tay")
    NUNG = "nung", _("Nung")
    OTHER = "other", _("Another language")


class Audience(models.TextChoices):
    OFFICIALS = "officials", _("Officials and public servants")
    WOMEN = "women", _("Women")
    MEN = "men", _("Men")
    YOUTH = "youth", _("Young people and students")
    ETHNIC_MINORITIES = "ethnic_minorities", _("Ethnic minorities")
    MIGRANTS = "migrants", _("Migrants and workers")
    ELDERLY = "elderly", _("Older people")
    DISABILITIES = "disabilities", _("People with disabilities")
    COMMUNITY_LEADERS = "community_leaders", _("Community and religious leaders")
    MEDIA = "media", _("Journalists and the media")


class MediaKind(models.TextChoices):
    LEAFLETS = "leaflets", _("Leaflets")
    POSTERS = "posters", _("Posters and banners")
    PUBLICATIONS = "publications", _("Handbooks and publications")
    VIDEOS = "videos", _("Videos and TV reports")
    RADIO_SPOTS = "radio_spots", _("Radio spots")
    ARTICLES = "articles", _("Press articles")
    SOCIAL_POSTS = "social_posts", _("Social-media posts")
    OTHER = "other", _("Other products")


class Campaign(Versioned):
    """A named group of activities of a province, e.g. "Tháng hành động vì bình đẳng giới 2026"."""

    province = models.ForeignKey(
        "units.AdminUnit", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=300)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["province", "-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="campaign_dates"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Activity(Versioned):
    province = models.ForeignKey(
        "units.AdminUnit", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    commune = models.ForeignKey(
        "units.AdminUnit",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    task = models.ForeignKey(
        "plans.Task",
        verbose_name=_("plan task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="communication_activities",
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("organised by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=300)
    activity_type = models.CharField(_("type"), max_length=20, choices=ActivityType.choices)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    channel = models.CharField(_("channel"), max_length=200, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    audiences = models.JSONField(_("audience groups"), default=list, blank=True)
    reached_female = models.PositiveIntegerField(_("women and girls reached"), default=0)
    reached_male = models.PositiveIntegerField(_("men and boys reached"), default=0)
    reached_unknown = models.PositiveIntegerField(_("reached, sex not known"), default=0)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("communication activity")
        verbose_name_plural = _("communication activities")
        ordering = ["province", "start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="activity_dates"
            )
        ]
        indexes = [models.Index(fields=["province", "start_date"])]

    def __str__(self) -> str:
        return self.title

    @property
    def reached_total(self) -> int:
        """Person-contacts reached: always the sum of the three counts."""
        return self.reached_female + self.reached_male + self.reached_unknown

    @property
    def minority_languages(self) -> list[str]:
        """The languages used other than Vietnamese."""
        return [code for code in self.languages if code != Language.VIETNAMESE]


class ActivityProduct(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="products")
    kind = models.CharField(_("kind of product"), max_length=20, choices=MediaKind.choices)
    quantity = models.PositiveIntegerField(_("quantity"))

    class Meta:
        verbose_name = _("media product")
        verbose_name_plural = _("media products")
        ordering = ["activity", "kind"]
        constraints = [models.UniqueConstraint(fields=["activity", "kind"], name="activity_product_unique")]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.kind}: {self.quantity}"


class ActivityCost(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="costs")
    source = models.CharField(_("funding source"), max_length=20, choices=FundingSource.choices)
    amount = models.DecimalField(_("amount (VND)"), max_digits=18, decimal_places=0)

    class Meta:
        verbose_name = _("activity cost")
        verbose_name_plural = _("activity costs")
        ordering = ["activity", "source"]
        constraints = [models.UniqueConstraint(fields=["activity", "source"], name="activity_cost_unique")]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.source}: {self.amount}"


class KeyDateRule(Lockable):
    """A date the letter asks provinces to communicate around, every year: a day (8 March) or a period (the
    Action Month, 15 November - 15 December). Loaded from ``communication/data/key-dates.csv`` by
    ``load_reference``; the ministry may edit the names and dates, and its edits are kept."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    start_month = models.PositiveSmallIntegerField(_("month"))
    start_day = models.PositiveSmallIntegerField(_("day"))
    end_month = models.PositiveSmallIntegerField(_("last month"), null=True, blank=True)
    end_day = models.PositiveSmallIntegerField(_("last day"), null=True, blank=True)
    action_month = models.BooleanField(
        _("the Action Month"),
        default=False,
        help_text=_("Activities overlapping this period are shown as part of the Action Month."),
    )
    active = models.BooleanField(_("shown on the calendar"), default=True)

    class Meta:
        verbose_name = _("key date")
        verbose_name_plural = _("key dates")
        ordering = ["order", "start_month", "start_day"]

    def __str__(self) -> str:
        return self.name_vi
