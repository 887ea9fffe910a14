"""The page a person sees when a form they send is over the request cap
(core.middleware): a real form post in the browser, answered 413 with a page that says
why. It passes axe at 1280 px and on a 390×844 phone, and is no wider than the phone."""

from __future__ import annotations

import pytest

from tests.browser.support import DESKTOP, PHONE, fits

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_a_form_over_the_cap_gets_a_page_that_says_why(
    browser, live_server, settings, axe_check, shot
):
    settings.REQUEST_MAX_BYTES = 1000
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/favicon.ico")
        with page.expect_navigation() as navigation:
            page.evaluate(
                """() => {
                    const form = document.createElement("form");
                    form.method = "post";
                    form.action = "/";
                    const field = document.createElement("textarea");
                    field.name = "text";
                    field.value = "x".repeat(5000);
                    form.append(field);
                    document.body.append(form);
                    form.submit();
                }"""
            )
        assert navigation.value.status == 413
        heading = page.get_by_role("heading", level=1)
        assert heading.inner_text() == "Too large"
        assert "larger than 1,000 bytes, the most this address accepts" in page.inner_text("main")
        axe_check(page)
        fits(page, viewport["width"])
        shot(page, f"request-too-large-{name}")
        context.close()
