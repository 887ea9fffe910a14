"""A real OpenID Connect provider for the SSO tests, run on loopback by
`tests.sso.loopback_idp` (a separate process; its own settings and sqlite file).

Built on django-allauth's OIDC provider (`allauth.idp.oidc`): discovery, JWKS,
authorize, token and userinfo; id_tokens signed RS256. Around it, for the tests:
- per-person claims (`Person.claims`: email, email_verified, amr, tid, xms_edov,
  employee_id…) in the id_token and userinfo;
- knobs per person (`Person.knobs`): "aud" and "iss" put into the id_token (a wrong
  audience, another issuer, an Entra tenant's issuer), "tamper" alters the signed
  id_token on its way out of the token endpoint, "userinfo_sub" makes userinfo speak
  of someone else;
- Entra-shaped discovery at /ms/<tenant>/v2.0/ ("{tenantid}" in the issuer for
  "organizations" and "common");
- Clever-shaped endpoints: /oauth/authorize, /oauth/tokens (client id and secret by
  HTTP Basic only, as Clever's), /v3.0/me and /v3.0/users/<id> (`Person.clever`, Clever's user record);
- a sign-in form (/login/) and, for tests over plain HTTP, /test/login-as and
  /test/setup (clients and people), both behind the process's test token.
"""
