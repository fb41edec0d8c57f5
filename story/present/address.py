"""The address a class joins at: one the room's phones can open, never this computer's own name.

A teacher who opens the app at `http://localhost:8501/` (as the README says) is shown the page under a
name only her laptop knows; a join link built from it opens nothing on a phone. The address is chosen
in this order:

1. the public address the app is served under, when the deployment names it (`--public-url`, or the
   environment's `QANTAR_PUBLIC_URL`);
2. the address the presenter's browser itself used, unless it is a loopback name;
3. the server's own address on the local network (what Streamlit prints as its "Network URL"), with
   the port and path the browser used, when the server listens beyond this machine;
4. otherwise the loopback address, marked unreachable, with the reason, so that the presenter's panel
   says so and how to fix it.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from dataclasses import dataclass
from enum import Enum
from urllib.parse import urlsplit, urlunsplit

PUBLIC_URL_VARIABLE = "QANTAR_PUBLIC_URL"
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
# Listening on every interface: a phone on the same network reaches the server at its network address.
WILDCARD_ADDRESSES = frozenset({"", "0.0.0.0", "::"})


class Unreachable(Enum):
    """Why the join address names this computer only."""

    # The server listens on a loopback address (`server.address`): no phone can reach it at all.
    LISTENS_ON_LOOPBACK = "listens-on-loopback"
    # The server listens on the network, but this machine has no address on one that we could find.
    NO_NETWORK_ADDRESS = "no-network-address"


@dataclass(frozen=True)
class JoinBase:
    """The base address join links are built on, and why it cannot be reached from a phone (None: it can)."""

    url: str
    unreachable: Unreachable | None = None


class PublicUrlError(ValueError):
    """A public address that cannot be one (not http or https, no host)."""


def public_url(value: str | None) -> str | None:
    """The deployment's public address, checked: an http(s) address with a host, or None when not set."""
    if value is None or not value.strip():
        return None
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PublicUrlError(f"{value!r} is not an http:// or https:// address with a host name")
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", "", ""))


def public_url_from_environment() -> str | None:
    return public_url(os.environ.get(PUBLIC_URL_VARIABLE))


def is_loopback(host: str | None) -> bool:
    """Whether `host` names this machine only (localhost, 127.0.0.0/8, ::1)."""
    if not host:
        return True
    name = host.strip("[]").lower().rstrip(".")
    if name in LOOPBACK_NAMES or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def join_base(
    page_url: str,
    public: str | None = None,
    network_address: str | None = None,
    listen_address: str | None = None,
) -> JoinBase:
    """The address to build join links on (see the module's docstring for the order).

    `page_url` is the address the presenter's browser shows; `network_address` this machine's address on
    the local network (None when it has none); `listen_address` Streamlit's `server.address` (None or
    empty: every interface)."""
    if public:
        return JoinBase(public)
    page = urlsplit(page_url)
    if not is_loopback(page.hostname):
        return JoinBase(page_url)
    if (listen_address or "") not in WILDCARD_ADDRESSES:
        if is_loopback(listen_address):
            return JoinBase(page_url, Unreachable.LISTENS_ON_LOOPBACK)
        network_address = listen_address  # one interface named: that is where phones reach it
    if not network_address or is_loopback(network_address):
        return JoinBase(page_url, Unreachable.NO_NETWORK_ADDRESS)
    host = f"[{network_address}]" if ":" in network_address else network_address
    netloc = host if page.port is None else f"{host}:{page.port}"
    return JoinBase(urlunsplit((page.scheme or "http", netloc, page.path or "/", page.query, "")))


def network_address() -> str | None:
    """This machine's IPv4 address on its local network, or None.

    First the interface a packet to the internet would leave by (a UDP socket's `connect` sends nothing),
    as Streamlit finds its Network URL; in a classroom with no internet there is no such route, so then
    any non-loopback address the machine's own name resolves to."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere, only the route is looked up
            address = probe.getsockname()[0]
            if not is_loopback(address) and address != "0.0.0.0":
                return str(address)
        except OSError:
            pass
    for address in _interface_addresses():
        if _usable(address):
            return address
    try:
        found = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return None
    return next((str(sockaddr[0]) for *_, sockaddr in found if _usable(str(sockaddr[0]))), None)


def _usable(address: str) -> bool:
    return not is_loopback(address) and not ipaddress.ip_address(address).is_link_local


# Interfaces no phone in the room is on: containers' and virtual machines' bridges.
_VIRTUAL_INTERFACES = ("lo", "docker", "br-", "veth", "virbr", "vmnet", "vboxnet")
_SIOCGIFADDR = 0x8915


def _interface_addresses() -> list[str]:
    """The IPv4 addresses of this machine's network interfaces (Linux): a laptop that is the room's own
    hotspot, with no route to the internet, still has one."""
    try:
        import fcntl
        import struct
    except ImportError:  # not on Linux: the machine's name is asked instead
        return []
    found = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for _, name in socket.if_nameindex():
            if name.startswith(_VIRTUAL_INTERFACES):
                continue
            try:
                packed = fcntl.ioctl(probe.fileno(), _SIOCGIFADDR, struct.pack("256s", name[:15].encode()))
            except OSError:  # an interface without an IPv4 address
                continue
            found.append(socket.inet_ntoa(packed[20:24]))
    return found
