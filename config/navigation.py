"""What the main menu shows the signed-in person: every entry asks the access policy of
the page it opens (through `Policy.holders_q`: "may they do this to anything?"), so the
menu never shows a page that answers 404. One query per page, made only when a page
shows the menu, shared by every app's links."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from accounts import permissions as accounts
from accounts.models import ProfileRequest, User
from accounts.oneroster.permissions import roster_imports
from accounts.sso import permissions as sso
from badges import permissions as badges
from coaching import permissions as coaching
from competencies import permissions as competencies
from console import permissions as console
from core.models import Notification
from core.policies import Who
from courses import permissions as courses
from evidence import permissions as evidence

from .menu import main_menu

ANONYMOUS: dict[str, Any] = {
    "evidence": {"unread": 0, "reviews": False, "moderates": False},
    "coaching": {"url": "", "coach": False, "admin": False, "coached": False, "subnav": False},
    "author": False,
    "pathways_admin": False,
    "district_admin": False,
    "awards": False,
    "frameworks": False,
    "roster": False,
}


def menu_flags() -> dict[str, Q]:
    """Each menu entry, as the users (a `Q` over users) for whom its page opens."""
    return {
        "reviews": evidence.submissions.holders_q("route"),
        "moderates": evidence.moderation_cases.holders_q("decide")
        | evidence.moderation_cases.holders_q("resolve"),
        "author": courses.organizations.holders_q("author"),
        # The pathway builder is for those who manage an issuer (pathways.permissions).
        "pathways_admin": badges.issuers.holders_q("manage"),
        "coach": coaching.coaches_q(),
        "caseloads": coaching.manages_caseloads_q(),
        "coached": coaching.is_coached_q(),
        # The district dashboard and settings (console.permissions.districts).
        "district_admin": console.districts.holders_q("view"),
        # Awarding and revoking in the console (badges.permissions: an issuer's admins).
        "awards": badges.issuers.holders_q("award"),
        # Importing the state's frameworks (competencies.permissions.importers).
        "frameworks": competencies.importers.holders_q("import"),
        # Roster uploads and the SIS connection (accounts.oneroster.permissions).
        "roster": roster_imports.holders_q("administer"),
        # Minors' public-profile requests (accounts.permissions.profile_requests).
        "profile_requests": accounts.decides_profile_requests_q(),
        # The district's sign-in providers (accounts.sso.permissions).
        "sign_in": sso.administers_sign_in_q(),
    }


def _profile_requests_waiting() -> Case:
    """How many minors' profile requests wait for the person's decision (a superuser
    decides every one)."""
    pending = ProfileRequest.objects.filter(status=ProfileRequest.Status.PENDING).order_by()
    scoped = pending.filter(accounts.profile_requests.scope(Who(None), "decide"))

    def count(qs):
        found = qs.annotate(n=Func(F("pk"), function="COUNT")).values("n")
        return Coalesce(Subquery(found, output_field=IntegerField()), 0)

    return Case(When(is_superuser=True, then=count(pending)), default=count(scoped))


# A user id no account has: the menu's SQL is compiled once with it, and each request
# puts the signed-in person's id in its place (see `_menu_sql`).
_SENTINEL = -7_340_271_955_012
_compiled: dict[tuple, tuple[str, list[Any]]] = {}


def _menu_sql() -> tuple[str, list[Any]]:
    """The menu's one query, compiled for `_SENTINEL`: SQL and parameters.

    Compiling it (a dozen policies' rules turned into EXISTS subqueries) costs the ORM
    far more than PostgreSQL takes to answer it, and its text depends only on the
    policies, today's date (rules about current placements and caseloads) and the
    database, never on the person or the data: it is compiled once per process and day
    (and settings object, for tests that override settings). The navigation tests check
    the menu of every demo person against each policy's own answer."""
    key = (connection.vendor, timezone.localdate(), id(getattr(settings, "_wrapped", None)))
    found = _compiled.get(key)
    if found is None:
        unread = (
            Notification.objects.filter(user=OuterRef("pk"), read_at__isnull=True)
            .order_by()
            .values("user")
            .annotate(n=Count("pk"))
            .values("n")
        )
        flags = {
            f"menu_{name}": ExpressionWrapper(q, output_field=BooleanField())
            for name, q in menu_flags().items()
        }
        query = (
            User.objects.filter(pk=_SENTINEL)
            .annotate(
                unread=Coalesce(Subquery(unread, output_field=IntegerField()), 0),
                waiting=_profile_requests_waiting(),
                **flags,
            )
            .values("unread", "waiting", *flags)
            .order_by()
        )
        sql, params = query.query.sql_with_params()
        if list(params).count(_SENTINEL) != 1:
            raise RuntimeError("the menu query must name the person exactly once")
        found = (sql, list(params))
        _compiled.clear()  # yesterday's, or another settings object's
        _compiled[key] = found
    return found


def _compute(user: User) -> dict[str, Any]:
    if not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    sql, params = _menu_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk if p == _SENTINEL else p for p in params])
        values = cursor.fetchone()
        names = [column[0] for column in cursor.description]
    if values is None:
        return ANONYMOUS
    row = dict(zip(names, values, strict=True))
    row = {name.removeprefix("menu_"): value for name, value in row.items()}
    menu = coaching.CoachingMenu.of(
        coach=row["coach"], admin=row["caseloads"], coached=row["coached"]
    )
    return {
        "evidence": {
            "unread": row["unread"],
            "reviews": bool(row["reviews"]),
            "moderates": bool(row["moderates"]),
        },
        "coaching": {
            "url": menu.url,
            "coach": menu.coach,
            "admin": menu.admin,
            "coached": menu.coached,
            "subnav": menu.subnav,
        },
        "author": bool(row["author"]),
        "pathways_admin": bool(row["pathways_admin"]),
        "district_admin": bool(row["district_admin"]),
        "awards": bool(row["awards"]),
        "frameworks": bool(row["frameworks"]),
        "roster": bool(row["roster"]),
        "profile_requests": bool(row["profile_requests"]),
        "sign_in": bool(row["sign_in"]),
        "profile_requests_waiting": row["waiting"],
    }


def navigation(request: HttpRequest) -> dict[str, object]:
    """`evidence_nav` (.unread, .reviews, .moderates), `coaching_nav` (.url, .coach, .admin,
    .coached, .subnav), `can_author_anywhere` and `can_manage_pathways`, all from one
    lazily made query."""

    def get() -> dict[str, Any]:
        cached = getattr(request, "_cairn_nav", None)
        if cached is None:
            cached = _compute(request.user)
            request._cairn_nav = cached
        return cached

    return {
        "main_menu": SimpleLazyObject(
            lambda: main_menu(nav=get(), user=request.user, path=request.path)
        ),
        "evidence_nav": SimpleLazyObject(lambda: get()["evidence"]),
        "coaching_nav": SimpleLazyObject(lambda: get()["coaching"]),
        "can_author_anywhere": SimpleLazyObject(lambda: get()["author"]),
        "can_manage_pathways": SimpleLazyObject(lambda: get()["pathways_admin"]),
        "can_see_district_dashboard": SimpleLazyObject(lambda: get()["district_admin"]),
        "can_award_badges": SimpleLazyObject(lambda: get()["awards"]),
        "can_import_frameworks": SimpleLazyObject(lambda: get()["frameworks"]),
        "can_import_rosters": SimpleLazyObject(lambda: get().get("roster", False)),
        "can_manage_sign_in": SimpleLazyObject(lambda: get().get("sign_in", False)),
        "can_decide_profile_requests": SimpleLazyObject(
            lambda: get().get("profile_requests", False)
        ),
    }
