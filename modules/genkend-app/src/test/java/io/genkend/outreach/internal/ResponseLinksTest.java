package io.genkend.outreach.internal;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Signed response links: they verify, expire, and cannot be altered or forged. */
class ResponseLinksTest {

    private static final Instant NOW = Instant.parse("2026-03-29T06:00:00Z");

    private static OutreachProperties properties(String secret) {
        return new OutreachProperties("https://genkend.example.com/", secret, Duration.ofDays(30), "no-reply@x",
                "da", 1000, 30000, 50, Duration.ofSeconds(60), Duration.ofSeconds(2), 8);
    }

    private static ResponseLinks links(String secret, Instant now) {
        return new ResponseLinks(properties(secret), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aLinkVerifiesToItsTenantOutreachAndActionUntilItExpires() {
        String secret = "a-secret-of-at-least-32-characters-0001";
        UUID tenant = UUID.randomUUID();
        UUID outreach = UUID.randomUUID();
        String url = links(secret, NOW).url(tenant, outreach, ResponseLinks.Action.DECLINE);
        assertThat(url).startsWith("https://genkend.example.com/r/");
        String token = url.substring(url.lastIndexOf('/') + 1);

        ResponseLinks.Link link = links(secret, NOW.plus(Duration.ofDays(29))).verify(token).orElseThrow();
        assertThat(link.tenantId()).isEqualTo(tenant);
        assertThat(link.outreachId()).isEqualTo(outreach);
        assertThat(link.action()).isEqualTo(ResponseLinks.Action.DECLINE);
        assertThat(link.expired()).isFalse();
        assertThat(links(secret, NOW.plus(Duration.ofDays(31))).verify(token).orElseThrow().expired()).isTrue();
    }

    @Test
    void anAlteredOrForeignLinkDoesNotVerify() {
        String secret = "a-secret-of-at-least-32-characters-0001";
        String token = links(secret, NOW).token(UUID.randomUUID(), UUID.randomUUID(), ResponseLinks.Action.ACCEPT);
        String body = token.substring(0, token.indexOf('.'));
        char[] changed = body.toCharArray();
        changed[changed.length - 3] = changed[changed.length - 3] == 'A' ? 'B' : 'A';
        assertThat(links(secret, NOW).verify(new String(changed) + token.substring(token.indexOf('.')))).isEmpty();
        assertThat(links("another-secret-of-at-least-32-characters", NOW).verify(token)).isEmpty();
        assertThat(links(secret, NOW).verify("garbage")).isEmpty();
        assertThat(links(secret, NOW).verify("a.b")).isEmpty();
    }
}
