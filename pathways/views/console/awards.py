"""Award a badge to one person, found by name or e-mail among the people the admin
administers, through the one award door."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from badges.openbadges.ob2 import EvidenceItem
from badges.services import Award
from core.errors import ServiceError
from core.views import run_service

from ... import selectors as sel
from ... import services
from ...forms import AwardOneForm, PersonSearchForm
from . import require_awarder


def _awarded(award: Award) -> str:
    assertion = award.assertion
    name = assertion.recipient.get_full_name() or assertion.recipient.email
    badge = assertion.badge_class.name
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
    if posted and form.is_valid():
        chosen = form.cleaned_data["recipient"]
        if all(p.pk != chosen.pk for p in offered):
            offered = [chosen, *offered]
            form.fields["recipient"].widget.choices = [
                (str(p.public_id), f"{p.get_full_name() or p.email} — {p.email}") for p in offered
            ]

    def page(status: int) -> HttpResponse:
        return render(
            request,
            "pathways/console/award_create.html",
            {
                "search": search,
                "query": query,
                "searched": len(query) >= 2,
                "offered": offered,
                "form": form,
                "has_badges": badge_classes.exists(),
            },
            status=status,
        )

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
