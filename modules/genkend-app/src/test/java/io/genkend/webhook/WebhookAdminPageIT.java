package io.genkend.webhook;

import io.genkend.support.Http;
import io.genkend.support.IntegrationTest;
import io.genkend.support.TestTenants;
import io.genkend.support.TestTenants.TestTenant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The tenant admin's webhook page: subscribe through the form (secret shown once), refused URLs, roles. */
@IntegrationTest
class WebhookAdminPageIT {

    @Autowired TestTenants testTenants;
    @LocalServerPort int port;

    @Test
    void anAdminSubscribesThroughTheFormAndSeesTheSecretOnce() {
        TestTenant tenant = testTenants.create("whui", null);
        Http http = new Http(port);
        assertThat(http.login(tenant.user("admin"), TestTenants.PASSWORD).statusCode()).isEqualTo(302);

        String token = http.csrfToken("/admin/webhooks");
        HttpResponse<String> created = http.postForm("/admin/webhooks", "url="
                + Http.enc("http://127.0.0.1:9/hooks") + "&eventTypes=task.created&eventTypes=crm.handover&_csrf="
                + Http.enc(token));
        assertThat(created.statusCode()).isEqualTo(302);
        String page = http.get("/admin/webhooks", "text/html").body();
        Matcher secret = Pattern.compile("<pre id=\"secret\">(whsec_[A-Za-z0-9+/=]+)</pre>").matcher(page);
        assertThat(secret.find()).as(page).isTrue();
        assertThat(page).contains("http://127.0.0.1:9/hooks").contains("task.created, crm.handover");
        // shown once
        assertThat(http.get("/admin/webhooks", "text/html").body()).doesNotContain(secret.group(1));

        HttpResponse<String> refused = http.postForm("/admin/webhooks", "url="
                + Http.enc("http://169.254.169.254/latest") + "&eventTypes=*&_csrf=" + Http.enc(token));
        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(http.get("/admin/webhooks", "text/html").body()).contains("non-public address");
    }

    @Test
    void onlyTenantAdminsReachThePage() {
        TestTenant tenant = testTenants.create("whui", null);
        Http http = new Http(port);
        http.login(tenant.user("marketer"), TestTenants.PASSWORD);
        assertThat(http.get("/admin/webhooks", "text/html").statusCode()).isEqualTo(403);
    }
}
