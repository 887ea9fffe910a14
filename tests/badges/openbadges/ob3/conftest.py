import socket

import pytest


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """The OB 3.0 code must never reach the network (contexts, schemas, keys)."""

    def refuse(*args, **kwargs):
        raise AssertionError("Network access attempted in an offline test.")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
