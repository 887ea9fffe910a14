"""Steps the browser tests share: viewports, signing in, the page-width check."""

from demo.seed import DEMO_PASSWORD, EMAIL_DOMAIN

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
ADMIN = f"admin@{EMAIL_DOMAIN}"


def sign_in(page, base: str, email: str = ADMIN, password: str = DEMO_PASSWORD) -> None:
    """Sign in on the real form and wait for the landing page."""
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert "/accounts/login/" not in page.url


def fits(page, width: int) -> None:
    """No page is wider than the viewport (nothing to scroll sideways)."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url
