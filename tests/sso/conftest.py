import pytest

from tests.sso.loopback_idp import oidc_idp  # noqa: F401 (the fixture)


@pytest.fixture(autouse=True)
def _sso_allow_private(settings):
    # The tests' IdPs listen on 127.0.0.1 over http: what an operator allows with
    # SSO_ALLOW_PRIVATE. Tests of the refusal set it back to False.
    settings.SSO_ALLOW_PRIVATE = True
