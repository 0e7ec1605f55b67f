package io.genkend.replay.bank;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genkend.replay.MappedFile;
import io.genkend.replay.ReplayUnit;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.genkend.replay.Fixtures.fixture;
import static io.genkend.replay.Fixtures.options;
import static org.assertj.core.api.Assertions.assertThat;

class BankMappingTest {

    private final Path file = fixture("bank_sample_200.csv");

    @Test
    void eachRowIsAnIdentifiedClientAndOneCampaignContact() throws IOException {
        MappedFile mapped = new BankMapping().map(file, options("bank", file, Map.of()));

        assertThat(mapped.units()).hasSize(200);
        assertThat(mapped.skipped()).isEmpty();
        ReplayUnit first = mapped.units().get(0);
        assertThat(first.key()).isEqualTo("row 1");
        ObjectNode identify = first.events().get(0);
        assertThat(identify.path("type").asText()).isEqualTo("identify");
        assertThat(identify.path("userId").asText()).isEqualTo("bank-client-1");
        assertThat(identify.at("/traits/age").asInt()).isEqualTo(30);
        assertThat(identify.at("/traits/job").asText()).isEqualTo("unemployed");
        assertThat(identify.at("/traits/balance").asLong()).isEqualTo(1787);
        assertThat(identify.at("/traits/housingLoan").asBoolean()).isFalse();
        ObjectNode contacted = first.events().get(first.events().size() - 1);
        assertThat(contacted.path("event").asText()).isEqualTo("campaign.contacted");
        assertThat(contacted.at("/properties/outcome").asText()).isEqualTo("declined");
        assertThat(contacted.at("/properties/durationSeconds").asInt()).isEqualTo(79);
        assertThat(contacted.at("/properties").has("daysSincePreviousCampaign")).as("pdays -1: never contacted").isFalse();
        // row 2: pdays 339
        assertThat(mapped.units().get(1).events().get(1).at("/properties/daysSincePreviousCampaign").asInt()).isEqualTo(339);
    }

    @Test
    void largeBalancesAlsoSendDepositLarge() throws IOException {
        MappedFile mapped = new BankMapping().map(file, options("bank", file, Map.of()));

        for (ReplayUnit unit : mapped.units()) {
            long balance = unit.events().get(0).at("/traits/balance").asLong();
            List<String> names = unit.events().stream().map(e -> e.path("event").asText("identify")).toList();
            if (balance >= BankMapping.DEFAULT_LARGE_BALANCE) {
                assertThat(names).containsExactly("identify", "deposit.large", "campaign.contacted");
                assertThat(unit.events().get(1).at("/properties/amount").asLong()).isEqualTo(balance);
            } else {
                assertThat(names).containsExactly("identify", "campaign.contacted");
            }
        }
        assertThat(mapped.units()).anySatisfy(u -> assertThat(u.events()).hasSize(3));

        MappedFile lower = new BankMapping().map(file, options("bank", file, Map.of("large-balance", "-100000")));
        assertThat(lower.units()).allSatisfy(u -> assertThat(u.events()).hasSize(3));
    }

    @Test
    void subscribedClientsAreMarked() throws IOException {
        MappedFile mapped = new BankMapping().map(file, options("bank", file, Map.of()));

        assertThat(mapped.units()).anySatisfy(u -> assertThat(
                u.events().get(u.events().size() - 1).at("/properties/outcome").asText()).isEqualTo("subscribed"));
    }

    @Test
    void messageIdsAreUniqueAndTheSameInEveryRun() throws IOException {
        MappedFile once = new BankMapping().map(file, options("bank", file, Map.of()));
        MappedFile again = new BankMapping().map(file, options("bank", file, Map.of()));

        Set<String> ids = new HashSet<>();
        once.units().forEach(u -> u.events().forEach(e -> ids.add(e.path("messageId").asText())));
        assertThat(ids).hasSize(once.eventCount());
        assertThat(again.units().get(137).events().get(0).path("messageId"))
                .isEqualTo(once.units().get(137).events().get(0).path("messageId"));
    }
}
