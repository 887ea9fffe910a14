"""The main menu, grouped by role: what each person learns, holds, reviews, coaches and
runs. Built from the flags of `config.navigation` (one query, already made), so it
shows only pages that open for them; marks the page they are on.

A group with no entry for the person is left out. The current entry is the one whose
address is the page's (`aria-current="page"`), else the one whose address is the
longest start of it (`aria-current="true"`: a page inside that section)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _


@dataclass
class MenuEntry:
    label: str
    url: str
    current: str = ""  # "page", "true" (inside its section) or ""
    count: int = 0  # a number beside the label (unread notices)
    count_label: str = ""  # what the number counts, for screen readers


@dataclass
class MenuGroup:
    key: str
    label: str
    entries: list[MenuEntry] = field(default_factory=list)


def _groups(nav: dict[str, Any], user: Any) -> list[MenuGroup]:
    def entry(label: str, name: str) -> MenuEntry:
        return MenuEntry(label=label, url=reverse(name))

    learn = MenuGroup("learn", _("Learn"))
    learn.entries += [
        entry(_("Module library"), "courses:module-list"),
        entry(_("My learning"), "courses:enrollment-mine"),
    ]
    if nav["author"]:
        learn.entries.append(entry(_("Author"), "courses:author-module-list"))

    credentials = MenuGroup("credentials", _("Credentials"))
    credentials.entries += [
        entry(_("My badges"), "badges:assertion-mine"),
        entry(_("My evidence"), "evidence:submission-list"),
        entry(_("My pathways"), "pathways:pathway-mine"),
        entry(_("Verify a badge"), "badges:verify"),
    ]

    review = MenuGroup("review", _("Review"))
    if nav["evidence"]["reviews"]:
        review.entries.append(entry(_("Review queue"), "evidence:review-queue"))
    if nav["evidence"]["moderates"]:
        review.entries.append(entry(_("Moderation"), "evidence:moderation-queue"))

    coaching = MenuGroup("coaching", _("Coaching"))
    menu = nav["coaching"]
    if menu["coach"]:
        coaching.entries.append(entry(_("My caseload"), "coaching:caseload-dashboard"))
    if menu["admin"]:
        coaching.entries += [
            entry(_("Caseloads"), "coaching:assignment-list"),
            entry(_("Coaching reports"), "coaching:report-detail"),
        ]
    if menu["coached"]:
        coaching.entries.append(entry(_("My coaching"), "coaching:teacher-me"))

    console = MenuGroup("console", _("Console"))
    if nav["district_admin"]:
        console.entries.append(entry(_("District dashboard"), "console:dashboard"))
    if nav["pathways_admin"]:
        console.entries.append(entry(_("Badge classes"), "badges:console-badgeclass-list"))
    if nav.get("awards"):
        console.entries.append(entry(_("Awards"), "pathways:console-award-create"))
    if nav["pathways_admin"]:
        console.entries.append(entry(_("Pathways"), "pathways:pathway-list"))
    if nav.get("frameworks"):
        console.entries.append(entry(_("Frameworks"), "competencies:console-framework-list"))
    if nav.get("roster"):
        console.entries.append(entry(_("Roster"), "roster:import-list"))
    if nav.get("profile_requests"):
        console.entries.append(
            MenuEntry(
                label=_("Profile requests"),
                url=reverse("accounts:profile-request-list"),
                count=nav["profile_requests_waiting"],
                count_label=_("waiting"),
            )
        )
    if nav.get("sign_in"):
        console.entries.append(entry(_("Sign-in providers"), "sso:idp-list"))
    if user.is_staff:
        console.entries.append(entry(_("Django admin"), "admin:index"))

    account = MenuGroup("account", _("Account"))
    unread = nav["evidence"]["unread"]
    account.entries.append(
        MenuEntry(
            label=_("Notifications"),
            url=reverse("evidence:notification-list"),
            count=unread,
            count_label=_("unread"),
        )
    )
    account.entries.append(entry(_("Two-factor authentication"), "mfa_index"))
    return [g for g in (learn, credentials, review, coaching, console, account) if g.entries]


def _mark_current(groups: list[MenuGroup], path: str) -> None:
    entries = [e for g in groups for e in g.entries]
    for e in entries:
        if e.url == path:
            e.current = "page"
            return
    inside = [e for e in entries if e.url != "/" and path.startswith(e.url)]
    if inside:
        max(inside, key=lambda e: len(e.url)).current = "true"


def main_menu(*, nav: dict[str, Any], user: Any, path: str) -> list[MenuGroup]:
    """The groups of the main menu for a signed-in `user` on the page at `path`
    (signed out: no groups; the page shows "Verify a badge" and "Sign in")."""
    if not user.is_authenticated or not user.is_active:
        return []
    groups = _groups(nav, user)
    _mark_current(groups, path)
    return groups
