"""Forms of the console's own pages: the dashboard's district and date range, and the
district's settings."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import DistrictSettings

DEFAULT_DAYS = 90
MAX_DAYS = 3 * 366
SCHOOL_YEAR_STARTS = (7, 1)  # July 1


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def default_range(today: date | None = None) -> tuple[date, date]:
    """The last 90 days, today included."""
    today = today or timezone.localdate()
    return today - timedelta(days=DEFAULT_DAYS - 1), today


def school_year_range(today: date | None = None) -> tuple[date, date]:
    """From the first of July of the current school year to today."""
    today = today or timezone.localdate()
    month, day = SCHOOL_YEAR_STARTS
    year = today.year if (today.month, today.day) >= (month, day) else today.year - 1
    return date(year, month, day), today


class DashboardForm(forms.Form):
    """The dashboard's dates (the district is chosen by `?district=<slug>`)."""

    start = forms.DateField(label=_("From"), widget=_date_widget())
    end = forms.DateField(label=_("To"), widget=_date_widget())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("The end date is before the start date."))
            if (end - start).days > MAX_DAYS:
                raise forms.ValidationError(_("Choose a range of three years or less."))
        return data


class DistrictSettingsForm(forms.Form):
    small_group_threshold = forms.IntegerField(
        label=_("Smallest group shown in reports"),
        min_value=2,
        max_value=1000,
        help_text=_(
            "Reports and the dashboard withhold the numbers of any group about fewer "
            "people than this (at least 2)."
        ),
    )
    review_target_days = forms.IntegerField(
        label=_("Review target (days)"),
        min_value=1,
        max_value=365,
        help_text=_("Evidence waiting longer than this for a decision counts as overdue."),
    )
    minor_profile_approval = forms.ChoiceField(
        label=_("A minor's public profile"),
        choices=DistrictSettings.MinorProfileApproval.choices,
        widget=forms.RadioSelect,
        help_text=_("Who must agree before a student under 18 can switch on a public profile."),
    )
    password_sign_in = forms.BooleanField(
        label=_("Password sign-in"),
        required=False,
        help_text=_(
            "People of this district may sign in with an e-mail address and password. Switch "
            "off when everyone signs in through the district's sign-in provider (Console → "
            "Sign-in); superusers keep their password sign-in."
        ),
    )
    require_mfa = forms.BooleanField(
        label=_("Require two-factor authentication"),
        required=False,
        help_text=_(
            "District admins and anyone who reviews minors' evidence must use a second factor "
            "(authenticator app, passkey or security key)."
        ),
    )
    minor_rule = forms.ChoiceField(
        label=_("Who is a minor (roster import)"),
        choices=DistrictSettings.MinorRule.choices,
        widget=forms.RadioSelect,
    )
    age_of_majority = forms.IntegerField(
        label=_("Age of majority"),
        min_value=14,
        max_value=21,
        help_text=_("Students younger than this on the day of a roster import are minors."),
    )

    # The service's error codes, and the field each belongs to.
    ERROR_FIELDS = {
        "threshold": "small_group_threshold",
        "target": "review_target_days",
        "approval": "minor_profile_approval",
        "minor_rule": "minor_rule",
        "age_of_majority": "age_of_majority",
    }

    @classmethod
    def initial_from(cls, row: DistrictSettings) -> dict[str, Any]:
        return {name: getattr(row, name) for name in cls.base_fields}
