package io.genkend.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genkend.replay.grocer.GrocerMapping;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.genkend.replay.Fixtures.fixture;
import static io.genkend.replay.Fixtures.options;
import static org.assertj.core.api.Assertions.assertThat;

class SyntheticContactsTest {

    private final Path file = fixture("online_retail_sample_200.csv");

    @Test
    void onlyWithTheOptionEachCustomerGetsOneMarkedAddressAndConsentBeforeTheirFirstEvent() throws IOException {
        MappedFile plain = new GrocerMapping().map(file, options("grocer", file, Map.of()));
        MappedFile synthetic = SyntheticContacts.add(plain, "grocer", file.getFileName().toString());

        assertThat(ReplayOptions.parse(new String[]{"--pack", "grocer", "--file", "x.csv", "--dry-run"}, Map.of())
                .syntheticContacts()).isFalse();
        assertThat(ReplayOptions.parse(new String[]{"--pack", "grocer", "--file", "x.csv", "--dry-run",
                "--synthetic-contacts"}, Map.of()).syntheticContacts()).isTrue();
        assertThat(plain.units()).allSatisfy(u -> assertThat(u.events())
                .noneMatch(e -> e.at("/traits/email").isTextual() || e.at("/traits/consent").isObject()));

        Set<String> customers = new HashSet<>();
        plain.units().forEach(u -> u.events().forEach(e -> customers.add(e.path("userId").asText())));
        assertThat(synthetic.units()).hasSameSizeAs(plain.units());
        assertThat(synthetic.eventCount()).isEqualTo(plain.eventCount() + customers.size());

        Set<String> contacted = new HashSet<>();
        List<String> ids = new ArrayList<>();
        for (int u = 0; u < synthetic.units().size(); u++) {
            ReplayUnit unit = synthetic.units().get(u);
            for (ObjectNode event : unit.events()) {
                ids.add(event.path("messageId").asText());
                String userId = event.path("userId").asText();
                if (event.at("/traits/syntheticContact").asBoolean()) {
                    assertThat(contacted.add(userId)).as("one synthetic contact per customer").isTrue();
                    assertThat(event.at("/traits/email").asText()).isEqualTo(userId + "@example.invalid");
                    assertThat(event.at("/traits/consent/source").asText()).isEqualTo("replay: synthetic consent");
                    assertThat(event.at("/traits/consent/marketing/email").asText()).isEqualTo("granted");
                    assertThat(event.at("/traits/consent/marketing/in-app").asText()).isEqualTo("granted");
                } else {
                    assertThat(contacted).as("the contact comes before the customer's first event").contains(userId);
                }
            }
            // the file's own events keep the messageIds they have without the option
            List<ObjectNode> own = unit.events().subList(unit.events().size() - plain.units().get(u).events().size(),
                    unit.events().size());
            assertThat(own).isEqualTo(plain.units().get(u).events());
        }
        assertThat(contacted).isEqualTo(customers);
        assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
        MappedFile again = SyntheticContacts.add(new GrocerMapping().map(file, options("grocer", file, Map.of())),
                "grocer", file.getFileName().toString());
        assertThat(again.units().get(0).events().get(0).path("messageId").asText())
                .isEqualTo(synthetic.units().get(0).events().get(0).path("messageId").asText());
    }
}
