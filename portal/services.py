"""Writes of the portal: the ministry publishes a year's figures, or withdraws a publication.

Publishing freezes what ``portal.selectors.publication_preview`` computes from accepted values into
``PublishedFigure`` rows; the publication it replaces stays in the table, marked as replaced."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import User
from audit.services import log_action
from lib.errors import DomainError
from portal.models import Publication, PublicationStatus, PublishedFigure
from portal.selectors import publication_preview
from units.selectors import nation

FIRST_YEAR = 2000
NOTE_MAX = 2000


def _check_year(year: int) -> None:
    if not isinstance(year, int) or not FIRST_YEAR <= year <= timezone.localdate().year:
        raise DomainError(
            _("The year to publish is between %(first)s and this year.") % {"first": FIRST_YEAR}, field="year"
        )


@transaction.atomic
def publication_publish(
    *, year: int, by: User, note: str = "", expected_digest: str | None = None
) -> Publication:
    """Publish ``year``: the figures of the nation and of today's provinces, computed from accepted values only.
    ``expected_digest`` is the fingerprint of the preview the officer looked at: when the accepted values changed
    since, nothing is published and the officer looks again. The publication in force for the year, if any, is
    replaced."""
    if not access.can_publish_figures(by):
        raise DomainError(_("Only the ministry's officers publish figures."))
    _check_year(year)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise DomainError(
            _("The note is at most %(n)s characters; it has %(m)s.") % {"n": NOTE_MAX, "m": len(note)},
            field="note",
        )
    previous = (
        Publication.objects.select_for_update().filter(year=year, status=PublicationStatus.PUBLISHED).first()
    )
    preview = publication_preview(year)
    if not preview.figures:
        raise DomainError(
            _(
                "No figure of %(year)s can be computed from values the ministry accepted; there is nothing to publish."
            )
            % {"year": year},
            field="year",
        )
    if expected_digest is not None and expected_digest != preview.digest:
        raise DomainError(
            _(
                "The accepted values of %(year)s changed after you opened the preview. Check the preview again, "
                "then publish."
            )
            % {"year": year}
        )
    if previous is not None and previous.digest == preview.digest:
        raise DomainError(
            _("These figures are already published (since %(day)s); nothing changed.")
            % {"day": timezone.localtime(previous.published_at).strftime("%d/%m/%Y")}
        )
    now = timezone.now()
    if previous is not None:
        previous.status = PublicationStatus.SUPERSEDED
        previous.lock_version += 1
        previous.save(update_fields=["status", "lock_version"])
    try:
        with transaction.atomic():
            publication = Publication.objects.create(
                year=year,
                published_at=now,
                published_by=by,
                note=note,
                digest=preview.digest,
                figure_count=len(preview.figures),
            )
    except IntegrityError as exc:  # someone published the same year at the same moment
        raise DomainError(
            _("Someone else published %(year)s just now. Reload the page to see their publication.")
            % {"year": year}
        ) from exc
    for figure in preview.figures:
        figure.publication = publication
    PublishedFigure.objects.bulk_create(preview.figures)
    vn = nation()
    if previous is not None:
        previous.superseded_by = publication
        previous.save(update_fields=["superseded_by"])
        log_action(
            actor=by,
            action="publication.supersede",
            obj=previous,
            unit=vn,
            before={"status": PublicationStatus.PUBLISHED},
            after={"status": PublicationStatus.SUPERSEDED, "superseded_by": publication.pk},
        )
    log_action(
        actor=by,
        action="publication.publish",
        obj=publication,
        unit=vn,
        after={
            "year": year,
            "status": PublicationStatus.PUBLISHED,
            "digest": preview.digest,
            "figure_count": len(preview.figures),
            "note": note,
            "replaces": previous.pk if previous is not None else None,
        },
    )
    return publication


@transaction.atomic
def publication_withdraw(
    *, publication: Publication, by: User, reason: str, expected_version: int | None = None
) -> Publication:
    """Take a publication off the portal, with a reason. Its figures are kept (what was public stays known); the
    year has no public figures until the ministry publishes it again."""
    if not access.can_publish_figures(by):
        raise DomainError(_("Only the ministry's officers withdraw published figures."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for withdrawing the figures."), field="reason")
    if len(reason) > NOTE_MAX:
        raise DomainError(
            _("The reason is at most %(n)s characters; it has %(m)s.") % {"n": NOTE_MAX, "m": len(reason)},
            field="reason",
        )
    current = Publication.objects.select_for_update().get(pk=publication.pk)
    if expected_version is not None and current.lock_version != expected_version:
        raise DomainError(
            _(
                "Someone else changed this publication after you opened the page. Reload the page and check it."
            )
        )
    if current.status != PublicationStatus.PUBLISHED:
        raise DomainError(_("This publication is no longer on the portal."))
    current.status = PublicationStatus.WITHDRAWN
    current.withdrawn_at = timezone.now()
    current.withdrawn_by = by
    current.withdraw_reason = reason
    current.lock_version += 1
    current.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "withdraw_reason", "lock_version"])
    log_action(
        actor=by,
        action="publication.withdraw",
        obj=current,
        unit=nation(),
        before={"status": PublicationStatus.PUBLISHED},
        after={"status": PublicationStatus.WITHDRAWN},
        reason=reason,
    )
    publication.status, publication.lock_version = current.status, current.lock_version
    return current
