package io.genkend.webhook;

import io.genkend.support.Http;
import io.genkend.support.IntegrationTest;
import io.genkend.support.TestTenants;
import io.genkend.support.TestTenants.TestTenant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;
import java.util.UUID;
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

    /** @return the id of the first subscription on the admin's page */
    private static String subscriptionId(Http http) {
        Matcher id = Pattern.compile("/admin/webhooks/([0-9a-f-]{36})/delete").matcher(
                http.get("/admin/webhooks", "text/html").body());
        assertThat(id.find()).isTrue();
        return id.group(1);
    }

    @Test
    void actionsOnAnUnknownOrAnotherTenantsSubscriptionAre404AndChangeNothing() {
        TestTenant mine = testTenants.create("whui", null);
        TestTenant theirs = testTenants.create("whui-other", null);
        Http owner = new Http(port);
        owner.login(theirs.user("admin"), TestTenants.PASSWORD);
        String ownerToken = owner.csrfToken("/admin/webhooks");
        assertThat(owner.postForm("/admin/webhooks", "url=" + Http.enc("http://127.0.0.1:9/theirs")
                + "&eventTypes=*&description=theirs&_csrf=" + Http.enc(ownerToken)).statusCode()).isEqualTo(302);
        String theirId = subscriptionId(owner);

        Http http = new Http(port);
        http.login(mine.user("admin"), TestTenants.PASSWORD);
        String token = Http.enc(http.csrfToken("/admin/webhooks"));
        for (String id : new String[]{theirId, UUID.randomUUID().toString()}) {
            for (String action : new String[]{"/delete", "/rotate-secret", "/enabled?enabled=false",
                    "/deliveries/" + UUID.randomUUID() + "/replay"}) {
                String path = "/admin/webhooks/" + id + action;
                String body = "_csrf=" + token + (action.startsWith("/enabled") ? "&enabled=false" : "");
                HttpResponse<String> answer = http.postForm(path.replace("?enabled=false", ""), body);
                assertThat(answer.statusCode()).as(path).isEqualTo(404);
                assertThat(answer.body()).as(path).contains("There is nothing here");
            }
        }
        // theirs is untouched: still there, enabled, and no secret was rotated
        String page = owner.get("/admin/webhooks", "text/html").body();
        assertThat(page).contains("http://127.0.0.1:9/theirs", "/admin/webhooks/" + theirId + "/delete",
                ">Disable<");
        // my own unknown delivery is 404 too, my own subscription's actions still work
        assertThat(http.postForm("/admin/webhooks", "url=" + Http.enc("http://127.0.0.1:9/mine")
                + "&eventTypes=*&_csrf=" + token).statusCode()).isEqualTo(302);
        String myId = subscriptionId(http);
        assertThat(http.postForm("/admin/webhooks/" + myId + "/deliveries/" + UUID.randomUUID() + "/replay",
                "_csrf=" + token).statusCode()).isEqualTo(404);
        assertThat(http.postForm("/admin/webhooks/" + myId + "/enabled", "enabled=false&_csrf=" + token)
                .statusCode()).isEqualTo(302);
        assertThat(http.get("/admin/webhooks", "text/html").body()).contains(">Enable<");
        assertThat(http.postForm("/admin/webhooks/" + myId + "/delete", "_csrf=" + token).statusCode())
                .isEqualTo(302);
        assertThat(http.get("/admin/webhooks", "text/html").body()).doesNotContain(myId);
    }

    @Test
    void aRefusedFormKeepsWhatWasEnteredAndShowsEveryErrorInTheUsersLanguage() {
        TestTenant tenant = testTenants.create("whui", null);
        Http http = new Http(port);
        http.login(tenant.user("admin"), TestTenants.PASSWORD);
        String token = Http.enc(http.csrfToken("/admin/webhooks"));

        // a refused URL with ticked event types and a description: all of it is shown again
        assertThat(http.postForm("/admin/webhooks", "url=" + Http.enc("http://169.254.169.254/latest")
                + "&eventTypes=task.created&eventTypes=crm.handover&description=" + Http.enc("CRM hand-over")
                + "&_csrf=" + token).statusCode()).isEqualTo(302);
        String page = http.get("/admin/webhooks", "text/html").body();
        assertThat(page).contains("id=\"webhook-errors\"",
                "resolves to a non-public address (169.254.169.254); only public addresses are allowed.",
                "value=\"http://169.254.169.254/latest\"", "value=\"CRM hand-over\"");
        assertThat(page).containsPattern("value=\"task\\.created\"\\s+checked=\"checked\"")
                .containsPattern("value=\"crm\\.handover\"\\s+checked=\"checked\"")
                .doesNotContainPattern("value=\"\\*\"\\s+checked");

        // URL and event types wrong at once, in Danish: both errors, translated, with the fields' names
        http.get("/admin/webhooks?lang=da", "text/html");
        assertThat(http.postForm("/admin/webhooks", "url=" + Http.enc("http://169.254.169.254/latest")
                + "&description=" + Http.enc("Til CRM") + "&_csrf=" + token).statusCode()).isEqualTo(302);
        page = http.get("/admin/webhooks", "text/html").body();
        assertThat(page).contains("Ikke gemt: ret felterne nedenfor.", "URL</strong>",
                "peger på en ikke-offentlig adresse (169.254.169.254)", "Hændelsestyper</strong>",
                "vælg mindst én hændelsestype, eller alle.", "value=\"Til CRM\"")
                .doesNotContain("non-public", "lists at least one event type", "url</strong>",
                        "eventTypes</strong>");
        assertThat(http.postForm("/admin/webhooks", "url=" + Http.enc("not a url") + "&eventTypes=*&_csrf="
                + token).statusCode()).isEqualTo(302);
        assertThat(http.get("/admin/webhooks", "text/html").body()).contains("er ikke en gyldig URL.")
                .containsPattern("value=\"\\*\"\\s+checked=\"checked\"");
        // nothing was created
        assertThat(http.get("/admin/webhooks", "text/html").body()).contains("Ingen abonnementer");
    }

    @Test
    void onlyTenantAdminsReachThePage() {
        TestTenant tenant = testTenants.create("whui", null);
        Http http = new Http(port);
        http.login(tenant.user("marketer"), TestTenants.PASSWORD);
        assertThat(http.get("/admin/webhooks", "text/html").statusCode()).isEqualTo(403);
    }
}
