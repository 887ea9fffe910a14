"""Award a badge to one person, found by name or e-mail among the people the admin
administers, or to an e-mail address (someone without an account is invited), through
the one award door."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import User
from badges.models import BadgeClass
from badges.openbadges.ob2 import EvidenceItem
from badges.services import Award
from core.errors import ServiceError
from core.views import run_service

from ... import selectors as sel
from ... import services
from ...forms import AwardOneForm, AwardToEmailForm, PersonSearchForm
from . import require_awarder

EMAIL_PREFIX = "invite"


def _awarded(award: Award) -> str:
    assertion = award.assertion
    badge = assertion.badge_class.name
    if not assertion.is_claimed:
        if award.created:
            return _(
                "Awarded “%(badge)s” to %(email)s, who has no account yet. An e-mail "
                "invites them to sign up; the badge is theirs once they confirm the address."
            ) % {"badge": badge, "email": assertion.recipient_email}
        return _(
            "%(email)s was awarded “%(badge)s” on %(date)s and invited already; nothing "
            "changed, no new invitation."
        ) % {
            "email": assertion.recipient_email,
            "badge": badge,
            "date": f"{assertion.issued_on:%Y-%m-%d}",
        }
    name = assertion.recipient.get_full_name() or assertion.recipient.email
    if award.created:
        return _("Awarded “%(badge)s” to %(name)s.") % {"badge": badge, "name": name}
    return _("%(name)s already holds “%(badge)s” (since %(date)s); nothing changed.") % {
        "name": name,
        "badge": badge,
        "date": f"{assertion.issued_on:%Y-%m-%d}",
    }


@login_required
@require_http_methods(["GET", "POST"])
def award_create(request: HttpRequest) -> HttpResponse:
    require_awarder(request)
    posted = request.method == "POST"
    search = PersonSearchForm(request.POST if posted else request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    offered = sel.people_search(user=request.user, query=query)
    people = sel.people_administered_by(user=request.user)
    badge_classes = sel.badge_classes_awardable_by(user=request.user)
    initial = {}
    if not posted and request.GET.get("badge_class"):
        initial["badge_class"] = request.GET["badge_class"]
    form = AwardOneForm(
        request.POST if posted else None,
        initial=initial,
        badge_classes=badge_classes,
        people=people,
        offered=offered,
    )
    email_form = AwardToEmailForm(
        prefix=EMAIL_PREFIX,
        initial={**initial, "email": query if "@" in query else ""},
        badge_classes=badge_classes,
    )
    if posted and form.is_valid():
        chosen = form.cleaned_data["recipient"]
        if all(p.pk != chosen.pk for p in offered):
            offered = [chosen, *offered]
            form.fields["recipient"].widget.choices = [
                (str(p.public_id), f"{p.get_full_name() or p.email} — {p.email}") for p in offered
            ]

    def page(status: int) -> HttpResponse:
        return _page(request, status, search, query, offered, form, email_form, badge_classes)

    if not posted:
        return page(200)
    if not form.is_valid():
        return page(400)
    data = form.cleaned_data

    def refused(exc: ServiceError) -> HttpResponse:
        form.add_error(None, exc.message)
        return page(400)

    evidence = (EvidenceItem(url=data["evidence_url"]),) if data["evidence_url"] else ()
    return run_service(
        request,
        lambda: services.assertion_award(
            actor=request.user,
            badge_class=data["badge_class"],
            recipient=data["recipient"],
            evidence=evidence,
            narrative=data["narrative"].strip(),
        ),
        done=_awarded,
        then=reverse("pathways:console-award-create"),
        refused=refused,
    )


def _page(
    request: HttpRequest,
    status: int,
    search: PersonSearchForm,
    query: str,
    offered: Sequence[User],
    form: AwardOneForm,
    email_form: AwardToEmailForm,
    badge_classes: QuerySet[BadgeClass],
) -> HttpResponse:
    return render(
        request,
        "pathways/console/award_create.html",
        {
            "search": search,
            "query": query,
            "searched": len(query) >= 2,
            "offered": offered,
            "form": form,
            "email_form": email_form,
            "has_badges": badge_classes.exists(),
        },
        status=status,
    )


@login_required
@require_http_methods(["POST"])
def award_to_email(request: HttpRequest) -> HttpResponse:
    """Award to an e-mail address: its account's holder, or the address, invited."""
    require_awarder(request)
    badge_classes = sel.badge_classes_awardable_by(user=request.user)
    email_form = AwardToEmailForm(request.POST, prefix=EMAIL_PREFIX, badge_classes=badge_classes)
    search = PersonSearchForm({})
    form = AwardOneForm(
        badge_classes=badge_classes,
        people=sel.people_administered_by(user=request.user),
        offered=[],
    )

    def page(status: int) -> HttpResponse:
        return _page(request, status, search, "", [], form, email_form, badge_classes)

    if not email_form.is_valid():
        return page(400)
    data = email_form.cleaned_data

    def refused(exc: ServiceError) -> HttpResponse:
        email_form.add_error(None, exc.message)
        return page(400)

    evidence = (EvidenceItem(url=data["evidence_url"]),) if data["evidence_url"] else ()
    return run_service(
        request,
        lambda: services.assertion_award_to_email(
            actor=request.user,
            badge_class=data["badge_class"],
            email=data["email"],
            evidence=evidence,
            narrative=data["narrative"].strip(),
        ),
        done=_awarded,
        then=reverse("pathways:console-award-create"),
        refused=refused,
    )
