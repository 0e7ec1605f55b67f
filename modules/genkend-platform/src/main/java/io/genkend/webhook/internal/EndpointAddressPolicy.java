package io.genkend.webhook.internal;

import org.springframework.stereotype.Component;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The SSRF guard: a webhook URL must be {@code http} or {@code https}, carry no credentials, and every address its
 * host resolves to must be public. Refused: the unspecified address, loopback, private (RFC 1918, IPv6 unique
 * local {@code fc00::/7}), link-local ({@code 169.254.0.0/16}, {@code fe80::/10}; this covers the cloud metadata
 * addresses {@code 169.254.169.254} and {@code fd00:ec2::254}), CGNAT ({@code 100.64.0.0/10}), multicast,
 * broadcast and reserved, documentation and benchmarking ranges, and IPv6 forms that embed an IPv4 address
 * (mapped, NAT64). The IANA special-purpose registries (RFC 6890) are the source of the list.
 *
 * <p>Checked when a subscription is saved and again before every attempt, since DNS may answer differently
 * later (rebinding). The JVM keeps a successful look-up for 30 s by default, so the HTTP client connects to the
 * addresses just checked. An operator's allowlist ({@code genkend.webhook.allowed-hosts},
 * {@code allowed-networks}) lets chosen hosts or networks through, for development and tests.
 */
@Component
public class EndpointAddressPolicy {

    private static final List<Cidr> BLOCKED = Stream.of(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
            "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            "::/128", "::1/128", "::ffff:0:0/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001:db8::/32",
            "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8").map(Cidr::parse).toList();

    private final List<String> allowedHosts;
    private final List<Cidr> allowedNetworks;

    /** @param properties the allowlist ({@code allowed-hosts}, {@code allowed-networks}) */
    public EndpointAddressPolicy(WebhookProperties properties) {
        this.allowedHosts = properties.allowedHosts().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        this.allowedNetworks = properties.allowedNetworks().stream().map(Cidr::parse).toList();
    }

    /**
     * Checks a URL and the addresses its host resolves to now.
     *
     * @param url the endpoint
     * @throws RefusedEndpoint with a sentence saying why, when the URL may not be called
     */
    public void check(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new RefusedEndpoint("invalidUrl", null, "is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new RefusedEndpoint("notHttp", null, "must be an absolute http or https URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new RefusedEndpoint("credentials", null, "must not contain credentials");
        }
        if (uri.getRawFragment() != null) {
            throw new RefusedEndpoint("fragment", null, "must not contain a fragment");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new RefusedEndpoint("noHost", null, "must name a host");
        }
        String bareHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (allowedHosts.contains(bareHost.toLowerCase(Locale.ROOT))) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bareHost);
        } catch (UnknownHostException e) {
            throw new RefusedEndpoint("unresolved", bareHost, "has a host that does not resolve: " + bareHost);
        }
        for (InetAddress address : addresses) {
            if (!permitted(address)) {
                throw new RefusedEndpoint("nonPublic", address.getHostAddress(),
                        "resolves to a non-public address (" + address.getHostAddress()
                        + "); only public addresses are allowed");
            }
        }
    }

    /** @return whether a connection to {@code address} is allowed */
    boolean permitted(InetAddress address) {
        if (allowedNetworks.stream().anyMatch(n -> n.contains(address))) {
            return true;
        }
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        return BLOCKED.stream().noneMatch(n -> n.contains(address));
    }

    /** Thrown when a URL may not be called; the message completes "The URL ...". */
    public static final class RefusedEndpoint extends RuntimeException {
        private final String code;
        private final String argument;

        RefusedEndpoint(String code, String argument, String message) {
            super(message);
            this.code = code;
            this.argument = argument;
        }

        /** @return the reason's short name, the suffix of the page's message key {@code webhooks.invalid.<code>} */
        public String code() {
            return code;
        }

        /** @return the host or address the message names, or null */
        public String argument() {
            return argument;
        }
    }

    /** An IPv4 or IPv6 network in CIDR notation. */
    record Cidr(byte[] network, int prefix) {

        static Cidr parse(String cidr) {
            String[] parts = cidr.trim().split("/");
            try {
                byte[] bytes = InetAddress.getByName(parts[0]).getAddress();
                // getByName turns ::ffff:a.b.c.d into an IPv4 address; keep the IPv6 form for such networks
                if (parts[0].contains(":") && bytes.length == 4) {
                    byte[] mapped = new byte[16];
                    mapped[10] = (byte) 0xff;
                    mapped[11] = (byte) 0xff;
                    System.arraycopy(bytes, 0, mapped, 12, 4);
                    bytes = mapped;
                }
                int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : bytes.length * 8;
                if (prefix < 0 || prefix > bytes.length * 8) {
                    throw new IllegalArgumentException("Bad prefix in " + cidr);
                }
                return new Cidr(bytes, prefix);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("Not a CIDR: " + cidr, e);
            }
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            if (!Arrays.equals(candidate, 0, full, network, 0, full)) {
                return false;
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (candidate[full] & mask) == (network[full] & mask);
        }
    }
}
