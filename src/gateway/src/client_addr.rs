//! Who the client is. Behind the documented deployment (a TLS proxy or load balancer in front)
//! every TCP peer is the proxy, so the address that counts is the one the proxy saw. Only a
//! proxy named in `TONGBAN_TRUSTED_PROXIES` is believed: when the peer is one, the client is the
//! right-most `X-Forwarded-For` address that is not itself a trusted proxy (the left part of
//! the header is whatever the client chose to send); from anyone else the header is ignored.

use axum::http::HeaderMap;
use std::net::{IpAddr, SocketAddr};

/// An address block, `10.0.0.0/8` or `::1/128`; a bare address is a block of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    net: IpAddr,
    prefix: u8,
}

impl Cidr {
    pub fn parse(text: &str) -> Option<Self> {
        let (addr, prefix) = match text.trim().split_once('/') {
            Some((a, p)) => (a.parse::<IpAddr>().ok()?, Some(p.parse::<u8>().ok()?)),
            None => (text.trim().parse::<IpAddr>().ok()?, None),
        };
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(Self {
            net: addr.to_canonical(),
            prefix,
        })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.net, ip.to_canonical()) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

fn trusted(proxies: &[Cidr], ip: IpAddr) -> bool {
    proxies.iter().any(|c| c.contains(ip))
}

/// One `X-Forwarded-For` entry: an address, maybe with a port (`1.2.3.4:5`, `[::1]:5`).
fn entry(text: &str) -> Option<IpAddr> {
    let text = text.trim();
    text.parse::<IpAddr>()
        .or_else(|_| text.parse::<SocketAddr>().map(|s| s.ip()))
        .ok()
        .map(|ip| ip.to_canonical())
}

/// The client's address for a request that came from `peer`.
pub fn client(peer: IpAddr, headers: &HeaderMap, proxies: &[Cidr]) -> IpAddr {
    let mut client = peer.to_canonical();
    if !trusted(proxies, client) {
        return client;
    }
    // Later header lines were appended by later hops: read right to left across all of them.
    for line in headers.get_all("x-forwarded-for").iter().rev() {
        let Ok(text) = line.to_str() else {
            return client;
        };
        for part in text.rsplit(',') {
            // Garbage where an address should be: nothing further left can be believed.
            let Some(ip) = entry(part) else {
                return client;
            };
            client = ip;
            if !trusted(proxies, ip) {
                return ip;
            }
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xff(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", v.parse().unwrap());
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn blocks_contain_what_their_prefix_says() {
        let c = Cidr::parse("10.1.0.0/16").unwrap();
        assert!(c.contains(ip("10.1.255.3")) && !c.contains(ip("10.2.0.1")));
        assert!(Cidr::parse("::1").unwrap().contains(ip("::1")));
        assert!(Cidr::parse("127.0.0.1/32")
            .unwrap()
            .contains(ip("::ffff:127.0.0.1")));
        assert!(Cidr::parse("0.0.0.0/0").unwrap().contains(ip("8.8.8.8")));
        assert!(Cidr::parse("10.0.0.0/33").is_none() && Cidr::parse("proxy").is_none());
    }

    #[test]
    fn the_client_is_the_right_most_untrusted_forwarded_address() {
        let proxies = [
            Cidr::parse("127.0.0.1/32").unwrap(),
            Cidr::parse("10.0.0.0/8").unwrap(),
        ];
        let peer = ip("127.0.0.1");
        let h = xff(&["6.6.6.6, 203.0.113.7, 10.0.0.2"]);
        assert_eq!(client(peer, &h, &proxies), ip("203.0.113.7"));
        let h = xff(&["6.6.6.6", "203.0.113.7:5123"]);
        assert_eq!(client(peer, &h, &proxies), ip("203.0.113.7"));
        assert_eq!(client(peer, &HeaderMap::new(), &proxies), peer);
        let h = xff(&["203.0.113.7, garbage"]);
        assert_eq!(client(peer, &h, &proxies), peer, "garbage stops the walk");
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_forwards() {
        let h = xff(&["203.0.113.7"]);
        assert_eq!(client(ip("198.51.100.1"), &h, &[]), ip("198.51.100.1"));
    }
}
