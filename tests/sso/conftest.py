from tests.sso.loopback_idp import oidc_idp  # noqa: F401 (the fixture)
