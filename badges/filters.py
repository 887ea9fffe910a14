"""List filters for badges, shared by the pages and the API (django-filter).

A FilterSet narrows a queryset already scoped to the person asking; it never widens
it. Bad input is a form error on a page and a 400 in the API.
"""

from __future__ import annotations

from collections.abc import Iterable

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Assertion

STATUS_CHOICES = [
    ("valid", _("Valid")),
    ("expired", _("Expired")),
    ("revoked", _("Revoked")),
]


class HeldBadgeFilter(django_filters.FilterSet):
    """My badges: by status (valid, expired, revoked, as `Assertion.status` says) and by
    issuer."""

    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES, method="with_status", label=_("Status"), empty_label=_("Any")
    )
    # An issuer's public id.
    issuer = django_filters.UUIDFilter(
        field_name="badge_class__issuer__public_id", label=_("Issuer")
    )

    class Meta:
        model = Assertion
        fields: list[str] = []

    def __init__(
        self,
        data=None,
        queryset: QuerySet[Assertion] | None = None,
        *,
        issuers: Iterable[tuple[str, str]] = (),
        **kwargs,
    ) -> None:
        super().__init__(data, queryset, **kwargs)
        # The page offers the issuers of the badges held; any id is accepted (one of
        # another issuer matches nothing), as in the API.
        self.form.fields["issuer"].widget = forms.Select(choices=[("", _("All issuers")), *issuers])

    def with_status(self, queryset: QuerySet[Assertion], name: str, value: str) -> QuerySet:
        now = timezone.now()
        current = Q(revoked_at__isnull=True)
        if value == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        if value == "expired":
            return queryset.filter(current, expires_at__lte=now)
        if value == "valid":
            return queryset.filter(current & (Q(expires_at__isnull=True) | Q(expires_at__gt=now)))
        return queryset

    @property
    def is_filtered(self) -> bool:
        return self.is_valid() and any(v not in (None, "") for v in self.form.cleaned_data.values())
