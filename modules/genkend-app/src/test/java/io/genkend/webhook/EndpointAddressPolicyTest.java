package io.genkend.webhook;

import io.genkend.webhook.internal.EndpointAddressPolicy;
import io.genkend.webhook.internal.WebhookProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SSRF guard without any allowlist, and with one. Literal addresses only, so no DNS is needed. */
class EndpointAddressPolicyTest {

    static EndpointAddressPolicy policy(List<String> hosts, List<String> networks) {
        return new EndpointAddressPolicy(new WebhookProperties(hosts, networks, null, null, null, null, null, null,
                null, null, null, null, null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://127.0.0.1:8080/hook", "http://127.9.9.9/", "http://[::1]/", "http://0.0.0.0/",
            "http://10.1.2.3/", "http://172.16.0.1/", "http://172.31.255.255/", "http://192.168.1.1/",
            "http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/", "http://[fe80::1]/",
            "http://[fc00::1]/", "http://100.64.0.1/", "http://100.127.255.254/", "http://224.0.0.1/",
            "http://255.255.255.255/", "http://[::ffff:10.0.0.1]/", "http://[::ffff:127.0.0.1]/",
            "http://[ff02::1]/", "http://198.18.0.1/", "http://[64:ff9b::a00:1]/"})
    void refusesNonPublicAddresses(String url) {
        assertThatThrownBy(() -> policy(List.of(), List.of()).check(url))
                .isInstanceOf(EndpointAddressPolicy.RefusedEndpoint.class)
                .hasMessageContaining("non-public address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://93.184.215.14/", "http://user:pw@93.184.215.14/", "/relative",
            "http://93.184.215.14/#frag", "not a url"})
    void refusesMalformedOrUnsafeUrls(String url) {
        assertThatThrownBy(() -> policy(List.of(), List.of()).check(url))
                .isInstanceOf(EndpointAddressPolicy.RefusedEndpoint.class);
    }

    @Test
    void acceptsPublicAddresses() {
        EndpointAddressPolicy policy = policy(List.of(), List.of());
        assertThatCode(() -> policy.check("https://93.184.215.14/hooks/genkend")).doesNotThrowAnyException();
        assertThatCode(() -> policy.check("http://[2606:4700:4700::1111]:8443/x")).doesNotThrowAnyException();
        assertThatCode(() -> policy.check("http://100.128.0.1/")).doesNotThrowAnyException();
    }

    @Test
    void theOperatorsAllowlistLetsChosenNetworksAndHostsThrough() {
        EndpointAddressPolicy policy = policy(List.of("intranet.example"), List.of("127.0.0.0/8", "10.20.0.0/16"));
        assertThatCode(() -> policy.check("http://127.0.0.1:9000/hook")).doesNotThrowAnyException();
        assertThatCode(() -> policy.check("http://10.20.3.4/hook")).doesNotThrowAnyException();
        assertThatCode(() -> policy.check("http://intranet.example/hook")).doesNotThrowAnyException();
        assertThatThrownBy(() -> policy.check("http://10.21.0.1/hook"))
                .isInstanceOf(EndpointAddressPolicy.RefusedEndpoint.class);
        assertThatThrownBy(() -> policy.check("http://169.254.169.254/"))
                .isInstanceOf(EndpointAddressPolicy.RefusedEndpoint.class);
    }
}
