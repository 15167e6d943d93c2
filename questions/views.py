"""Questions to the ministry: the province's list and the ministry's inbox, asking, the thread (a reply is posted
with htmx when the browser runs it, with a plain form post otherwise), closing and reopening, the files, and
the guidance the ministry publishes."""

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from core.decorators import load_and_check, role_required
from core.form_post import act, form_post
from lib.errors import DomainError
from lib.forms import add_domain_error
from lib.pages import page_query
from questions.forms import CloseForm, GuidanceForm, QuestionForm, ReopenForm, ReplyForm, UnpublishForm
from questions.models import Attachment, QuestionStatus, Topic
from questions.selectors import (
    attachment_for_download,
    guidance_counts_by_topic,
    guidance_of,
    published_guidance,
    published_guidance_page,
    question_attachments,
    question_for,
    question_inbox,
    question_thread,
    questions_of_province,
    status_counts,
)
from questions.services import (
    NO_GUIDANCE,
    guidance_publish,
    guidance_unpublish,
    question_ask,
    question_close,
    question_reopen,
    question_reply,
)
from units.selectors import provinces_on

PAGE_SIZE = 50


@require_GET
@role_required(access.can_list_questions)
def question_list(request):
    """The ministry's inbox of every province's questions; a province's list of its own."""
    user = request.user
    status = request.GET.get("status", "")
    status = status if status in QuestionStatus.values else ""
    if access.is_ministry(user):
        provinces = provinces_on(date.today())
        code = request.GET.get("province", "")
        province = provinces.filter(code=code).first() if code else None
        topic = request.GET.get("topic", "")
        topic = topic if topic in Topic.values else ""
        questions = question_inbox(user, province=province, status=status, topic=topic)
        counts = status_counts(user, province=province, topic=topic)
        template = "questions/inbox.html"
        filters = {"province": province.code if province else "", "status": status, "topic": topic}
        extra = {"provinces": provinces, "topics": Topic.choices, "province": province, "topic": topic}
    else:
        province = access.province_of(user)
        questions = questions_of_province(user, province=province, status=status)
        counts = status_counts(user, province=province)
        template = "questions/list.html"
        filters = {"status": status}
        extra = {"province": province}
    page = Paginator(questions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        template,
        {
            "page": page,
            "status": status,
            "statuses": QuestionStatus.choices,
            "counts": counts,
            "page_query": page_query(filters),
            "can_ask": access.can_ask_questions(user),
            **extra,
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(access.can_ask_questions)
def question_new(request):
    province = access.province_of(request.user)
    form = QuestionForm(request.POST or None, request.FILES or None)
    done = form_post(
        request,
        form,
        lambda data: question_ask(
            province=province,
            by=request.user,
            topic=data["topic"],
            title=data["title"],
            text=data["text"],
            files=data["attachments"],
        ),
        success=_("Your question is sent to the Ministry of Home Affairs."),
        to=lambda question: redirect("question_detail", pk=question.pk),
    )
    return done or render(request, "questions/new.html", {"form": form, "province": province})


def _thread_context(request, question, **forms) -> dict:
    user = request.user
    can_write = access.can_write_in_question(user, question)
    closed = question.status == QuestionStatus.CLOSED
    guidance = guidance_of(question)
    return {
        "question": question,
        "items": question_thread(question),
        "can_reply": can_write and not closed,
        "can_close": can_write and not closed,
        "can_reopen": closed and access.can_reopen_question(user, question),
        "can_publish": access.can_publish_guidance(user),
        "has_answer": question.answered_at is not None,
        "guidance": guidance,
        "is_ministry": access.is_ministry(user),
        "reply_form": forms.get("reply_form") or ReplyForm(),
        "close_form": forms.get("close_form") or CloseForm(initial={"lock_version": question.lock_version}),
        "reopen_form": forms.get("reopen_form")
        or ReopenForm(initial={"lock_version": question.lock_version}),
        "unpublish_form": UnpublishForm(initial={"lock_version": guidance.lock_version if guidance else 0}),
        "notice": forms.get("notice"),
    }


def _to_thread(question, anchor: str = ""):
    return redirect(reverse("question_detail", args=[question.pk]) + (f"#{anchor}" if anchor else ""))


@require_GET
@role_required(access.can_list_questions)
@load_and_check(question_for, access.can_view_question)
def question_detail(request, question):
    return render(request, "questions/detail.html", _thread_context(request, question))


@require_POST
@role_required(access.can_list_questions)
@load_and_check(question_for, access.can_view_question, access.can_write_in_question)
def question_reply_view(request, question):
    """Post a message. With htmx the thread is answered in place (422 with the errors); otherwise the page."""
    htmx = bool(request.headers.get("HX-Request"))
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            question_reply(
                question=question,
                by=request.user,
                text=form.cleaned_data["text"],
                files=form.cleaned_data["attachments"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            if htmx:
                context = _thread_context(request, question, notice=_("Your message is posted."))
                return render(request, "questions/_thread.html", context)
            messages.success(request, _("Your message is posted."))
            return _to_thread(question, "reply")
    context = _thread_context(request, question, reply_form=form)
    if htmx:
        return render(request, "questions/_thread.html", context, status=422)
    return render(request, "questions/detail.html", context, status=422)


@require_POST
@role_required(access.can_list_questions)
@load_and_check(question_for, access.can_view_question, access.can_write_in_question)
def question_close_view(request, question):
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Reload the page and try again."))
        return _to_thread(question)
    return act(
        request,
        lambda: question_close(
            question=question,
            by=request.user,
            note=form.cleaned_data["note"],
            expected_version=form.expected_version,
        ),
        success=_("The question is closed."),
        to=_to_thread(question, "status"),
    )


@require_POST
@role_required(access.can_list_questions)
@load_and_check(question_for, access.can_view_question, access.can_reopen_question)
def question_reopen_view(request, question):
    form = ReopenForm(request.POST)
    done = form_post(
        request,
        form,
        lambda data: question_reopen(
            question=question, by=request.user, expected_version=form.expected_version, **data
        ),
        success=_("The question is open again; the ministry sees your reason."),
        to=lambda _reopened: _to_thread(question, "status"),
    )
    if done:
        return done
    context = _thread_context(request, question, reopen_form=form)
    return render(request, "questions/detail.html", context, status=422)


@require_GET
@load_and_check(attachment_for_download, access.can_download_attachment)
def attachment_download(request, attachment):
    """A file of a thread or of published guidance, after the access check; the bytes are read only then."""
    data = Attachment.objects.filter(pk=attachment.pk).values_list("data", flat=True).get()
    response = HttpResponse(bytes(data), content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(True, attachment.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=0"
    return response


# --- guidance -------------------------------------------------------------------------------------------------------


def _draft_guidance(question) -> dict:
    """What the ministry starts from: the question's title and first message, and the ministry's replies."""
    items = question_thread(question)
    texts = [i.message for i in items if i.message is not None]
    asked = next((m.text for m in texts if not m.from_ministry), "")
    answers = "\n\n".join(m.text for m in texts if m.from_ministry)
    return {"topic": question.topic, "title": question.title, "question_text": asked, "answer_text": answers}


@require_http_methods(["GET", "POST"])
@role_required(access.can_publish_guidance)
@load_and_check(question_for, access.can_view_question)
def guidance_edit(request, question):
    """The ministry edits the published version of an answer, chooses the files that go with it, publishes."""
    guidance = guidance_of(question)
    files = Attachment.objects.filter(message__question=question).defer("data").select_related("message")
    if guidance is not None:
        initial = {
            "topic": guidance.topic,
            "title": guidance.title,
            "question_text": guidance.question_text,
            "answer_text": guidance.answer_text,
            "attachments": [a.pk for a in guidance.attachments.all()],
            "lock_version": guidance.lock_version,
        }
    else:
        initial = _draft_guidance(question) | {
            "attachments": [a.pk for a in files if a.message.from_ministry],
            "lock_version": NO_GUIDANCE,
        }
    form = GuidanceForm(
        request.POST or None, initial=initial, attachments=files.order_by("message__created_at", "id")
    )
    done = form_post(
        request,
        form,
        lambda data: guidance_publish(
            question=question,
            by=request.user,
            topic=data["topic"],
            title=data["title"],
            question_text=data["question_text"],
            answer_text=data["answer_text"],
            attachments=data["attachments"],
            expected_version=form.cleaned_data["lock_version"],
        ),
        success=_("The guidance is published for every province."),
        to=lambda saved: redirect("guidance_detail", pk=saved.pk),
    )
    return done or render(
        request,
        "questions/guidance_form.html",
        {
            "form": form,
            "question": question,
            "guidance": guidance,
            "has_answer": question.answered_at is not None,
            "files": question_attachments(question),
        },
    )


@require_POST
@role_required(access.can_publish_guidance)
@load_and_check(question_for, access.can_view_question)
def guidance_unpublish_view(request, question):
    guidance = guidance_of(question)
    if guidance is None:
        raise Http404
    form = UnpublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Reload the page and try again."))
        return _to_thread(question, "guidance")
    return act(
        request,
        lambda: guidance_unpublish(
            guidance=guidance,
            by=request.user,
            reason=form.cleaned_data["reason"],
            expected_version=form.expected_version,
        ),
        success=_("The guidance is withdrawn. Its text is kept; you can publish it again."),
        to=_to_thread(question, "guidance"),
    )


@require_GET
@role_required(access.can_view_guidance)
def guidance_list(request):
    query = request.GET.get("q", "").strip()[:200]
    topic = request.GET.get("topic", "")
    topic = topic if topic in Topic.values else ""
    page = Paginator(published_guidance(query=query, topic=topic), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    counts = guidance_counts_by_topic()
    return render(
        request,
        "questions/guidance_list.html",
        {
            "page": page,
            "query": query,
            "topic": topic,
            "topics": [(value, label, counts.get(value, 0)) for value, label in Topic.choices],
            "page_query": page_query({"q": query, "topic": topic}),
            "total": sum(counts.values()),
        },
    )


@require_GET
@role_required(access.can_view_guidance)
def guidance_detail(request, pk: int):
    guidance = published_guidance_page(pk)
    if guidance is None:
        raise Http404
    return render(
        request,
        "questions/guidance_detail.html",
        {
            "guidance": guidance,
            "can_publish": access.can_publish_guidance(request.user),
            "can_view_thread": access.can_view_question(request.user, guidance.question),
        },
    )
