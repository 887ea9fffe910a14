"""Each demo role signs in and lands on the page it works from, on a desktop and on a
phone: the phone menu opens from its button, and no page in the menu is wider than
the phone (axe finds nothing serious on the landing pages, menu open or closed)."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from demo.seed import DEMO_PASSWORD, EMAIL_DOMAIN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# Demo person → where they land, and a heading that page shows.
LANDINGS = {
    "admin": ("/console/", "District dashboard"),
    "coach": ("/coaching/", None),
    "teacher": ("/", "My learning"),
    "mentor": ("/evidence/queue/", None),
    "supervisor": ("/evidence/queue/", None),
    "student": ("/", "My badges"),
}


def sign_in(page, base, key):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(f"{key}@{EMAIL_DOMAIN}")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert "/accounts/login/" not in page.url


def path_of(page, base) -> str:
    return page.url.removeprefix(base).split("?")[0]


WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
  .slice(-3).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


def fits(page, label) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{label}: {width}px wide {page.evaluate(WIDEST)}"


def menu_pages(page, base) -> list[str]:
    hrefs = page.eval_on_selector_all("#site-menu a", "els => els.map(a => a.href)")
    return sorted({h.removeprefix(base) for h in hrefs if h.startswith(base)})


def test_each_role_lands_on_its_page_desktop_and_phone(
    browser, live_server, settings, axe_check, shot
):
    call_command("seed_demo", verbosity=0)
    settings.SITE_URL = base = live_server.url
    for key, (landing, heading) in LANDINGS.items():
        desktop = browser.new_context(viewport=DESKTOP)
        page = desktop.new_page()
        page.set_default_timeout(15_000)
        sign_in(page, base, key)
        assert path_of(page, base) == landing, key
        if heading:
            page.get_by_role("heading", name=heading).first.wait_for()
        toggle = page.locator(".nav-toggle")
        assert not toggle.is_visible()  # the desktop menu is always shown
        assert page.locator("#site-menu").is_visible()
        axe_check(page)
        shot(page, f"home-{key}-desktop")
        desktop.close()

        phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        page = phone.new_page()
        page.set_default_timeout(15_000)
        sign_in(page, base, key)
        assert path_of(page, base) == landing, key
        fits(page, f"{key} {landing}")
        menu = page.locator("#site-menu")
        toggle = page.get_by_role("button", name="Menu")
        assert toggle.get_attribute("aria-expanded") == "false"
        assert not menu.is_visible()
        axe_check(page)
        shot(page, f"home-{key}-phone")
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
        assert menu.is_visible()
        axe_check(page)
        fits(page, f"{key} menu open")
        shot(page, f"home-{key}-phone-menu")
        page.keyboard.press("Escape")
        assert toggle.get_attribute("aria-expanded") == "false"
        # Every page of this person's menu fits the phone.
        for link in menu_pages(page, base):
            page.goto(f"{base}{link}")
            page.wait_for_load_state("domcontentloaded")
            fits(page, f"{key} {link}")
            safe = re.sub(r"[^a-z0-9]+", "-", link).strip("-") or "home"
            if key in ("admin", "teacher"):
                shot(page, f"phone-{key}-{safe}")
        phone.close()


def _luminance(rgb: str) -> float:
    r, g, b = (int(v) / 255 for v in re.findall(r"\d+", rgb)[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


RING = """sel => { const e = document.querySelector(sel); e.focus();
  let bg = e.parentElement; while (getComputedStyle(bg).backgroundColor === 'rgba(0, 0, 0, 0)') bg = bg.parentElement;
  return [getComputedStyle(e).outlineColor, getComputedStyle(bg).backgroundColor, e.matches(':focus-visible')]; }"""


def test_the_focus_ring_has_3_to_1_contrast_on_the_header_and_the_page(page, live_server):
    page.goto(f"{live_server.url}/verify/")
    page.keyboard.press("Tab")  # keyboard use: :focus-visible from here on
    for selector in (".brand", "#site-menu a", "main button", "main textarea", ".site-footer a"):
        ring, background, visible = page.evaluate(RING, selector)
        assert visible, selector
        assert contrast(ring, background) >= 3, f"{selector}: {ring} on {background}"


def test_errors_and_the_favicon(page, live_server, settings):
    base = live_server.url
    response = page.goto(f"{base}/no-such-page/")
    assert response.status == 404
    page.get_by_role("link", name="Go to your home page").wait_for()
    icon = page.goto(f"{base}/favicon.ico")
    assert icon.status == 200
    assert icon.headers["content-type"] in ("image/vnd.microsoft.icon", "image/x-icon")
