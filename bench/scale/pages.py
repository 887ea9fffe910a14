"""Which pages are measured, as whom: sessions made with Django's session store."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import requests

from .measure import Page

DEEP_PAGES = 100  # the API's deep page: this many `next` links from page 1


def _session(user) -> str:
    from django.test import Client

    c = Client()
    c.force_login(user)
    return c.cookies["sessionid"].value


def targets(*, port: int) -> tuple[list[Page], dict[str, str]]:
    from django.core.management import call_command

    from accounts.models import User
    from badges.models import Assertion, Issuer
    from courses.models import Module

    from .build import DOMAIN

    # The dashboard serves stored snapshots that beat keeps fresh in production: fresh
    # ones for the measured page, on a kept database too.
    call_command("refresh_dashboards", stdout=io.StringIO())

    def user(key: str) -> User:
        return User.objects.get(email=f"{key}@demo.cairn.test")

    learner = User.objects.get(email=f"l1@{DOMAIN}")
    sessions = {
        "student": _session(user("student")),
        "learner": _session(learner),
        "teacher": _session(user("teacher")),
        "coach": _session(user("coach")),
        "admin": _session(user("admin")),
    }
    issuer = Issuer.objects.order_by("pk").first()
    # A bulk assertion from the middle of the table, not revoked.
    mid = Assertion.objects.filter(recipient=learner, revoked_at__isnull=True).order_by("pk")[0]
    a = mid.public_id
    module = Module.objects.filter(status="published", slug__startswith="scale-").first()
    pages = [
        Page(
            "issuer RevocationList (OB 2.0)",
            "anon",
            f"/ob/v2/issuers/{issuer.public_id}/revocations",
        ),
        Page("3.0 status list", "anon", f"/ob/v3/issuers/{issuer.public_id}/status/revocation"),
        Page("review queue (teacher)", "teacher", "/evidence/queue/"),
        Page("API submissions page 1", "teacher", "/api/v1/submissions/"),
        Page(
            f"API submissions deep page ({DEEP_PAGES + 1})", "teacher", "deep:/api/v1/submissions/"
        ),
        Page("API submissions page 1 (admin)", "admin", "/api/v1/submissions/"),
        Page(
            f"API submissions deep page ({DEEP_PAGES + 1}, admin)",
            "admin",
            "deep:/api/v1/submissions/",
        ),
        Page("API queue", "teacher", "/api/v1/queue/"),
        Page("Django admin assertions", "admin", "/admin/badges/assertion/"),
        Page("Django admin submissions", "admin", "/admin/evidence/submission/"),
        Page("library search", "teacher", "/learn/?q=feedback"),
        Page("library", "teacher", "/learn/"),
        Page("My badges (demo student)", "student", "/badges/mine/"),
        Page("My badges (bulk learner)", "learner", "/badges/mine/"),
        Page("API my assertions", "learner", "/api/v1/assertions/mine"),
        Page("My learning", "student", "/learn/mine/"),
        Page("My learning (bulk learner)", "learner", "/learn/mine/"),
        Page("module page", "teacher", f"/learn/m/{module.public_id}/"),
        Page("caseload", "coach", "/coaching/"),
        Page("reports (coaching, district admin)", "admin", "/coaching/reports/"),
        Page("pathway progress", "student", "/pathways/mine/"),
        Page("my submissions", "learner", "/evidence/"),
        Page("district dashboard", "admin", "/console/"),
        Page(
            "verify by URL",
            "anon",
            "/verify/",
            method="POST",
            data={"url": f"http://127.0.0.1:{port}/ob/v2/assertions/{a}"},
        ),
        Page("verify by image", "anon", "/verify/", method="POST", files={"image": f"png:{a}"}),
        Page(
            "hosted assertion HTML",
            "anon",
            f"/ob/v2/assertions/{a}",
            headers={"Accept": "text/html"},
        ),
        Page("hosted assertion JSON", "anon", f"/ob/v2/assertions/{a}"),
        Page("baked PNG (OB 2.0)", "anon", f"/ob/v2/assertions/{a}/baked.png"),
        Page("3.0 credential", "anon", f"/ob/v3/credentials/{a}"),
    ]
    return pages, sessions


def resolve(base: str, pages: list[Page], sessions: dict[str, str]) -> list[Page]:
    """Fill in what needs the server: the deep page's cursor, the baked image's bytes."""
    for page in pages:
        if page.path.startswith("deep:"):
            s = requests.Session()
            s.cookies.set("sessionid", sessions[page.role], domain="127.0.0.1", path="/")
            url = base + page.path[len("deep:") :]
            for _ in range(DEEP_PAGES):
                body = s.get(url, timeout=120).json()
                if not body.get("next"):
                    break
                url = body["next"]
            parts = urlsplit(url)
            page.path = parts.path + (f"?{parts.query}" if parts.query else "")
        if page.files:
            name, value = next(iter(page.files.items()))
            public_id = value.split(":", 1)[1]
            png = requests.get(f"{base}/ob/v2/assertions/{public_id}/baked.png", timeout=60)
            page.files = {name: ("badge.png", png.content, "image/png")}
    return pages


def load_pages(pages: list[Page]) -> list[Page]:
    """The main pages a signed-in user cycles over in the load test."""
    keep = {
        "review queue (teacher)",
        "API submissions page 1",
        "library search",
        "My badges (bulk learner)",
        "My learning (bulk learner)",
        "module page",
        "caseload",
        "pathway progress",
        "hosted assertion JSON",
        "3.0 credential",
        "my submissions",
    }
    return [p for p in pages if p.label in keep]
