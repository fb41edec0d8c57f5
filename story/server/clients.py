"""Who is asking: the client address the budgets count against (uploads, joins, presentations).

The address is the connection's peer, unless that peer is a proxy the deployment names in
`QANTAR_TRUSTED_PROXIES` (comma-separated addresses or networks, e.g. `127.0.0.1,10.0.0.0/8`):
then it is the last address in `X-Forwarded-For` that the trusted proxies did not add themselves.
A header from anyone else is ignored, so no client can choose the address it is counted under.

Addresses are grouped as a bound should see them: an IPv4 address written as IPv6
(`::ffff:127.0.0.1`) is the IPv4 address, and an IPv6 address stands for its /64, the block a
single home or school is given (one machine can take any address of it).
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterable, Mapping

TRUSTED_PROXIES_ENV = "QANTAR_TRUSTED_PROXIES"
FORWARDED_FOR = "x-forwarded-for"
# No address at all (a test's session, a socket without a peer): one key for all of them.
UNKNOWN = "unknown"
IPV6_GROUP_PREFIX = 64

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_trusted_proxies(text: str | None) -> tuple[Network, ...]:
    """The networks of `QANTAR_TRUSTED_PROXIES`; a ValueError names an entry that is neither."""
    networks = []
    for entry in (text or "").split(","):
        entry = entry.strip()
        if not entry:
            continue
        try:
            network = ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ValueError(f"{TRUSTED_PROXIES_ENV}: {entry!r} is not an address or a network") from None
        mapped = getattr(network.network_address, "ipv4_mapped", None)
        if mapped is not None and network.prefixlen >= 96:
            network = ipaddress.ip_network(f"{mapped}/{network.prefixlen - 96}", strict=False)
        networks.append(network)
    return tuple(networks)


def trusted_proxies_from_environment() -> tuple[Network, ...]:
    return parse_trusted_proxies(os.environ.get(TRUSTED_PROXIES_ENV))


def client_address(peer: str | None, headers: Mapping[str, str], trusted_proxies: Iterable[Network]) -> str:
    """The address a client is counted under: its IPv4 address, or its IPv6 /64 (`2001:db8::/64`)."""
    address = forwarded_client(peer, headers, trusted_proxies)
    return UNKNOWN if address is None else _grouped(address)


def forwarded_client(
    peer: str | None, headers: Mapping[str, str], trusted_proxies: Iterable[Network]
) -> Address | None:
    """The client's own address (not grouped): the peer, or what the trusted proxies say it was."""
    trusted = tuple(trusted_proxies)
    address = _parsed(peer)
    if address is None or not _is_trusted(address, trusted):
        return address
    # Each proxy appends the address it was reached from: read from the right, past our own proxies.
    hops = [hop for value in _forwarded_for(headers) for hop in value.split(",")]
    for hop in reversed(hops):
        forwarded = _parsed(hop)
        if forwarded is None:
            break
        address = forwarded
        if not _is_trusted(forwarded, trusted):
            break
    return address


def _forwarded_for(headers: Mapping[str, str]) -> list[str]:
    return [value for name, value in headers.items() if name.lower() == FORWARDED_FOR]


def _parsed(text: str | None) -> Address | None:
    if not text:
        return None
    text = text.strip()
    if text.startswith("["):  # [2001:db8::1]:443
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:  # 192.0.2.1:443
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _is_trusted(address: Address, trusted: tuple[Network, ...]) -> bool:
    return any(address.version == network.version and address in network for network in trusted)


def _grouped(address: Address) -> str:
    if isinstance(address, ipaddress.IPv4Address):
        return str(address)
    return str(ipaddress.ip_network(f"{address}/{IPV6_GROUP_PREFIX}", strict=False))
