package dev.qrly.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which peers may tell us the client's address ({@code QR_TRUSTED_PROXIES}, a comma-separated list
 * of CIDRs such as {@code 127.0.0.1/32,10.0.0.0/8,::1/128}).
 *
 * <p>The client address is the socket's peer, unless that peer is trusted: then the
 * {@code X-Forwarded-For} chain is read from the right, skipping trusted hops, and the first
 * untrusted address is the client. A client can prepend anything it likes to the header; only what
 * trusted proxies appended is believed.
 */
final class TrustedProxies {

    private record Cidr(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    static final TrustedProxies NONE = new TrustedProxies(List.of());

    private final List<Cidr> cidrs;

    private TrustedProxies(List<Cidr> cidrs) {
        this.cidrs = cidrs;
    }

    /**
     * @throws IllegalArgumentException naming the entry that is not a CIDR or address
     */
    static TrustedProxies parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return NONE;
        }
        List<Cidr> cidrs = new ArrayList<>();
        for (String entry : spec.split(",")) {
            String item = entry.strip();
            if (item.isEmpty()) {
                continue;
            }
            int slash = item.indexOf('/');
            String host = slash < 0 ? item : item.substring(0, slash);
            byte[] address = literal(host);
            if (address == null) {
                throw new IllegalArgumentException("QR_TRUSTED_PROXIES: '" + item + "' is not an IP address or CIDR");
            }
            int bits = address.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(item.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > address.length * 8) {
                    throw new IllegalArgumentException("QR_TRUSTED_PROXIES: '" + item + "' has a bad prefix length");
                }
            }
            cidrs.add(new Cidr(address, bits));
        }
        return new TrustedProxies(List.copyOf(cidrs));
    }

    /** The client's address given the socket peer and the X-Forwarded-For header (may be null). */
    String clientAddress(String peer, String forwardedFor) {
        if (cidrs.isEmpty() || forwardedFor == null || !trusted(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        String client = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (literal(hop) == null) {
                return client; // garbage in the chain: stop at the last address a trusted hop vouched for
            }
            client = hop;
            if (!trusted(hop)) {
                return hop;
            }
        }
        return client;
    }

    /** Whether the request reached us over HTTPS: its own TLS, or a trusted proxy's X-Forwarded-Proto. */
    boolean https(boolean tls, String peer, String forwardedProto) {
        return tls || forwardedProto != null && forwardedProto.strip().equalsIgnoreCase("https") && trusted(peer);
    }

    /** Whether this address is one of the trusted proxies. */
    boolean trusted(String address) {
        if (cidrs.isEmpty()) {
            return false; // the usual case, asked once a connection: no parsing
        }
        byte[] bytes = literal(address);
        if (bytes == null) {
            return false;
        }
        for (Cidr cidr : cidrs) {
            if (cidr.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /** The bytes of an IP literal, or null; never a DNS lookup. */
    static byte[] literal(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return null;
        }
        String host = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        boolean v4 = host.chars().allMatch(c -> c >= '0' && c <= '9' || c == '.');
        boolean v6 = host.indexOf(':') >= 0 && host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
        if (!v4 && !v6) {
            return null;
        }
        if (v4 && host.split("\\.", -1).length != 4) {
            return null;
        }
        try {
            return InetAddress.getByName(host).getAddress(); // a literal: parsed, not resolved
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
