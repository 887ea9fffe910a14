"""A real SAML 2.0 identity provider for the tests, built with pysaml2 and served on
loopback by wsgiref in its own process (`python -m tests.sso.saml_idp.server`).

    GET  /metadata            the IdP's metadata (entity id, SSO endpoint, signing cert)
    GET  /sso/redirect        an AuthnRequest (HTTP-Redirect binding) -> a sign-in form
    POST /sso/login           username + the request -> an auto-posting form to the SP's ACS
    POST /sso/unsolicited     username + acs + audience -> an IdP-initiated response
    POST /_test/configure     JSON {sp_metadata: [xml], users: {...}, knobs: {...}}

A user is {"name_id": str, "name_id_format": "persistent" | "email" | "transient",
"attributes": {name: [values]}, "authn_class": str}. Knobs change the next responses:
"audience" (a wrong audience), "tamper" ([old, new] replaced in the XML after signing),
"unsigned", "expired", "sign_with" ("main" or "other": a key the SP does not know),
"sign_response" (sign the Response too), "sign_assertion" (false: leave the Assertion
unsigned, for an IdP that signs only the Response).
"""

from __future__ import annotations

import argparse
import base64
import datetime
import html
import json
import shutil
import sys
import threading
from pathlib import Path
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, make_server

from saml2 import BINDING_HTTP_REDIRECT, saml
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import (
    NAMEID_FORMAT_EMAILADDRESS,
    NAMEID_FORMAT_PERSISTENT,
    NAMEID_FORMAT_TRANSIENT,
    NameID,
)
from saml2.server import Server
from saml2.sigver import pre_signature_part
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

NAME_FORMAT_URI = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri"
FORMATS = {
    "persistent": NAMEID_FORMAT_PERSISTENT,
    "email": NAMEID_FORMAT_EMAILADDRESS,
    "transient": NAMEID_FORMAT_TRANSIENT,
}
PASSWORD_CLASS = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"


class TestIdP:
    def __init__(self, base_url: str, keys: dict[str, tuple[str, str]]) -> None:
        self.base_url = base_url
        self.entity_id = f"{base_url}/metadata"
        self.keys = keys  # "main" / "other" -> (key file, cert file)
        self.lock = threading.Lock()
        self.sp_metadata: list[str] = []
        self.users: dict[str, dict] = {}
        self.knobs: dict = {}
        self.servers: dict[str, Server] = {}
        self._build()

    def _config(self, which: str) -> IdPConfig:
        key_file, cert_file = self.keys[which]
        config = {
            "entityid": self.entity_id,
            "xmlsec_binary": shutil.which("xmlsec1") or "/usr/bin/xmlsec1",
            "key_file": key_file,
            "cert_file": cert_file,
            "service": {
                "idp": {
                    "name": "Cairn test IdP",
                    "endpoints": {
                        "single_sign_on_service": [
                            (f"{self.base_url}/sso/redirect", BINDING_HTTP_REDIRECT)
                        ]
                    },
                    "name_id_format": list(FORMATS.values()),
                    "want_authn_requests_signed": False,
                    "policy": {"default": {"lifetime": {"minutes": 5}}},
                }
            },
            "metadata": {"inline": list(self.sp_metadata)} if self.sp_metadata else {},
        }
        return IdPConfig().load(config)

    def _build(self) -> None:
        self.servers = {which: Server(config=self._config(which)) for which in self.keys}

    # --- test control -------------------------------------------------------------
    def configure(self, data: dict) -> None:
        with self.lock:
            if "sp_metadata" in data:
                self.sp_metadata = list(data["sp_metadata"])
            if "users" in data:
                self.users = dict(data["users"])
            self.knobs = dict(data.get("knobs") or {})
            self._build()

    def metadata(self) -> bytes:
        return create_metadata_string(None, config=self._config("main"), valid=4)

    # --- responses -----------------------------------------------------------------
    def response_xml(
        self, *, username: str, acs_url: str, audience: str, in_response_to: str | None
    ) -> str:
        user = self.users[username]
        knobs = self.knobs
        server = self.servers[knobs.get("sign_with", "main")]
        name_id = NameID(
            format=FORMATS[user.get("name_id_format", "persistent")], text=user["name_id"]
        )
        response = server.create_authn_response(
            {},
            in_response_to,
            acs_url,
            audience,
            name_id=name_id,
            authn={
                "class_ref": user.get("authn_class", PASSWORD_CLASS),
                "authn_auth": self.entity_id,
            },
            sign_assertion=False,
            sign_response=False,
        )
        if isinstance(response, str):
            from saml2.samlp import response_from_string

            response = response_from_string(response)
        assertion = (
            response.assertion[0] if isinstance(response.assertion, list) else response.assertion
        )
        assertion.attribute_statement = [
            saml.AttributeStatement(
                attribute=[
                    saml.Attribute(
                        name=name,
                        name_format=NAME_FORMAT_URI,
                        attribute_value=[saml.AttributeValue(text=str(v)) for v in values],
                    )
                    for name, values in user.get("attributes", {}).items()
                ]
            )
        ]
        if knobs.get("audience"):
            for restriction in assertion.conditions.audience_restriction:
                for item in restriction.audience:
                    item.text = knobs["audience"]
        if knobs.get("expired"):
            past = datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(hours=1)
            stamp = past.strftime("%Y-%m-%dT%H:%M:%SZ")
            assertion.conditions.not_on_or_after = stamp
            for confirmation in assertion.subject.subject_confirmation:
                confirmation.subject_confirmation_data.not_on_or_after = stamp
        xml = self._signed(server, response, assertion, knobs)
        if knobs.get("tamper"):
            old, new = knobs["tamper"]
            assert old in xml, f"{old!r} is not in the response"
            xml = xml.replace(old, new)
        return xml

    @staticmethod
    def _signed(server: Server, response, assertion, knobs: dict) -> str:
        if knobs.get("unsigned"):
            return str(response)
        cert = server.sec.my_cert
        sign_assertion = knobs.get("sign_assertion", True)
        if sign_assertion:
            assertion.signature = pre_signature_part(
                assertion.id, cert, 1, digest_alg=DIGEST_SHA256, sign_alg=SIG_RSA_SHA256
            )
        if knobs.get("sign_response"):
            response.signature = pre_signature_part(
                response.id, cert, 2, digest_alg=DIGEST_SHA256, sign_alg=SIG_RSA_SHA256
            )
        xml = str(response)
        if sign_assertion:
            xml = server.sec.sign_statement(
                xml, "urn:oasis:names:tc:SAML:2.0:assertion:Assertion", node_id=assertion.id
            )
        if knobs.get("sign_response"):
            xml = server.sec.sign_statement(
                xml, "urn:oasis:names:tc:SAML:2.0:protocol:Response", node_id=response.id
            )
        return xml

    def authn_request(self, query: dict[str, str]):
        server = self.servers["main"]
        return server.parse_authn_request(query["SAMLRequest"], BINDING_HTTP_REDIRECT).message


def _form(action: str, fields: dict[str, str], *, submit: str, extra: str = "") -> str:
    hidden = "".join(
        f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
        for k, v in fields.items()
    )
    return (
        "<!doctype html><html lang='en'><head><title>Test IdP</title></head><body>"
        f'<main><h1>Test IdP</h1><form method="post" action="{html.escape(action)}">'
        f"{hidden}{extra}<button type='submit'>{html.escape(submit)}</button></form></main>"
        "</body></html>"
    )


def make_app(idp: TestIdP):
    def app(environ, start_response):
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        body = b""
        if method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(length)
        form = {k: v[0] for k, v in parse_qs(body.decode("utf-8")).items()} if body else {}

        def answer(status: str, text: str | bytes, kind: str = "text/html; charset=utf-8"):
            body = text if isinstance(text, bytes) else text.encode("utf-8")
            start_response(status, [("Content-Type", kind)])
            return [body]

        try:
            if path == "/metadata":
                return answer("200 OK", idp.metadata(), "application/samlmetadata+xml")
            if path == "/_test/configure" and method == "POST":
                idp.configure(json.loads(body))
                return answer("200 OK", "{}", "application/json")
            if path == "/sso/redirect":
                request = idp.authn_request(query)
                fields = {"SAMLRequest": query["SAMLRequest"]}
                if "RelayState" in query:
                    fields["RelayState"] = query["RelayState"]
                user_field = (
                    "<label for='username'>Username</label>"
                    "<input id='username' name='username' autocomplete='username'>"
                )
                return answer(
                    "200 OK",
                    _form(
                        "/sso/login",
                        fields,
                        submit=f"Sign in to {request.issuer.text}",
                        extra=user_field,
                    ),
                )
            if path == "/sso/login" and method == "POST":
                request = idp.authn_request(form)
                with idp.lock:
                    xml = idp.response_xml(
                        username=form["username"],
                        acs_url=request.assertion_consumer_service_url,
                        audience=request.issuer.text,
                        in_response_to=request.id,
                    )
                return answer(
                    "200 OK",
                    _post_back(request.assertion_consumer_service_url, xml, form.get("RelayState")),
                )
            if path == "/sso/unsolicited" and method == "POST":
                with idp.lock:
                    xml = idp.response_xml(
                        username=form["username"],
                        acs_url=form["acs"],
                        audience=form["audience"],
                        in_response_to=None,
                    )
                return answer("200 OK", _post_back(form["acs"], xml, form.get("RelayState")))
            return answer("404 Not Found", "not found", "text/plain")
        except Exception as exc:
            return answer("400 Bad Request", f"{type(exc).__name__}: {exc}", "text/plain")

    return app


def _post_back(acs_url: str, xml: str, relay_state: str | None) -> str:
    fields = {"SAMLResponse": base64.b64encode(xml.encode("utf-8")).decode("ascii")}
    if relay_state:
        fields["RelayState"] = relay_state
    # As real IdPs do: the form posts itself; the button is there without JavaScript.
    autopost = "<script>document.forms[0].submit();</script>"
    return _form(acs_url, fields, submit="Continue").replace("</main>", f"</main>{autopost}")


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keys", type=Path, required=True)
    args = parser.parse_args(argv)
    keys = {
        w: (str(args.keys / f"{w}.key"), str(args.keys / f"{w}.crt")) for w in ("main", "other")
    }
    holder: dict = {}
    httpd = make_server(
        "127.0.0.1", 0, lambda e, s: holder["app"](e, s), handler_class=_QuietHandler
    )
    idp = TestIdP(f"http://127.0.0.1:{httpd.server_port}", keys)
    holder["app"] = make_app(idp)
    sys.stdout.write(f"{idp.base_url}\n")
    sys.stdout.close()
    httpd.serve_forever()


if __name__ == "__main__":
    main()
