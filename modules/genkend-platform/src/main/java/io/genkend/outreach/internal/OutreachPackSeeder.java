package io.genkend.outreach.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genkend.customer.Channel;
import io.genkend.decision.Offer.MessageTemplate;
import io.genkend.tenancy.TenantContext;
import io.genkend.tenancy.TenantCreated;
import org.springframework.core.io.ClassPathResource;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;

/**
 * Seeds a new tenant's notice templates from the {@code notices} of its pack's {@code offers.json}
 * ({@code io/genkend/pack/<pack>/offers.json}; the offers themselves are the decision module's).
 */
@Component
class OutreachPackSeeder {

    private static final TypeReference<Map<Channel, Map<String, MessageTemplate>>> TEMPLATES = new TypeReference<>() { };

    private final OutreachSettings settings;
    private final ObjectMapper json;

    OutreachPackSeeder(OutreachSettings settings, ObjectMapper json) {
        this.settings = settings;
        this.json = json;
    }

    /** Seeds the notices after the tenant's commit. */
    @ApplicationModuleListener
    void on(TenantCreated event) {
        if (event.pack() == null) {
            return;
        }
        ClassPathResource resource = new ClassPathResource("io/genkend/pack/" + event.pack() + "/offers.json");
        if (!resource.exists()) {
            return;
        }
        TenantContext.runAs(event.tenant(), () -> {
            try (InputStream in = resource.getInputStream()) {
                JsonNode notices = json.readTree(in).path("notices");
                Iterator<Map.Entry<String, JsonNode>> fields = notices.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> notice = fields.next();
                    settings.saveNotice(notice.getKey(), json.convertValue(notice.getValue(), TEMPLATES));
                }
            } catch (IOException e) {
                throw new IllegalStateException("Could not read the notices of pack " + event.pack(), e);
            }
        });
    }
}
