package io.genkend.replay.grocer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genkend.replay.Csv;
import io.genkend.replay.MappedFile;
import io.genkend.replay.ReplayUnit;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static io.genkend.replay.Fixtures.fixture;
import static io.genkend.replay.Fixtures.options;
import static org.assertj.core.api.Assertions.assertThat;

class GrocerMappingTest {

    private final Path file = fixture("online_retail_sample_200.csv");

    @Test
    void invoicesBecomeOrdersAndRowsWithoutCustomerAreCountedNotSent() throws IOException {
        MappedFile mapped = new GrocerMapping().map(file, options("grocer", file, Map.of()));

        // the fixture has 58 lines without a CustomerID (see its README)
        assertThat(mapped.skipped()).containsEntry("no CustomerID", 58);
        assertThat(mapped.units().stream().mapToInt(ReplayUnit::rows).sum()).isEqualTo(200 - 58);
        ReplayUnit first = mapped.units().get(0);
        assertThat(first.key()).isEqualTo("invoice 555200");
        ObjectNode order = first.events().get(1);
        assertThat(order.path("event").asText()).isEqualTo("Order Completed");
        assertThat(order.path("userId").asText()).isEqualTo("retail-17315");
        assertThat(order.path("timestamp").asText()).isEqualTo("2011-06-01T11:05:00Z"); // 12:05 BST
        assertThat(order.at("/properties/products/0/sku").asText()).isEqualTo("71459");
        assertThat(order.at("/properties/products/0/quantity").asInt()).isEqualTo(24);
        assertThat(order.at("/properties/total").decimalValue()).isEqualByComparingTo("20.40");
        assertThat(order.at("/properties/currency").asText()).isEqualTo("GBP");
    }

    @Test
    void underALimitOnlyTheSkippedRowsAmongTheRowsReadAreCounted() throws IOException {
        MappedFile mapped = new GrocerMapping().map(file, options("grocer", file, Map.of()));
        int units = 3;
        int lastRowRead = mapped.units().subList(0, units).stream().mapToInt(ReplayUnit::lastRow).max().orElseThrow();
        long withoutCustomer = Csv.read(file, ',').stream()
                .filter(row -> row.number() <= lastRowRead && row.get("CustomerID").isEmpty()).count();

        assertThat(lastRowRead).isLessThan(200);
        assertThat(mapped.skipped(units).getOrDefault("no CustomerID", 0)).isEqualTo((int) withoutCustomer)
                .isLessThan(58);
        assertThat(mapped.skipped(0)).isEmpty();
        assertThat(mapped.skipped(mapped.units().size())).isEqualTo(mapped.skipped());
    }

    @Test
    void productsGetTheGrocerPacksCategoryFromTheirDescription() throws IOException {
        assertThat(GrocerMapping.category("REGENCY CAKESTAND 3 TIER")).isEqualTo("bakery");
        assertThat(GrocerMapping.category("SET OF 3 CAKE TINS PANTRY DESIGN")).isEqualTo("bakery");
        assertThat(GrocerMapping.category("JAM MAKING SET WITH JARS")).isEqualTo("sauces");
        assertThat(GrocerMapping.category("GREEN REGENCY TEACUP AND SAUCER")).isEqualTo("coffee");
        assertThat(GrocerMapping.category("WHITE HANGING HEART T-LIGHT HOLDER")).isEqualTo("gifts");

        MappedFile mapped = new GrocerMapping().map(file, options("grocer", file, Map.of()));
        mapped.units().forEach(unit -> unit.events().stream().filter(e -> e.has("event"))
                .forEach(order -> order.at("/properties/products").forEach(product ->
                        assertThat(product.path("category").asText()).isNotBlank())));
    }

    @Test
    void cancellationsBecomeRefundsWithPositiveAmounts() throws IOException {
        MappedFile mapped = new GrocerMapping().map(file, options("grocer", file, Map.of()));

        var refunds = mapped.units().stream().filter(u -> u.key().startsWith("invoice C")).toList();
        assertThat(refunds).isNotEmpty();
        for (ReplayUnit refund : refunds) {
            ObjectNode call = refund.events().get(refund.events().size() - 1);
            assertThat(call.path("event").asText()).isEqualTo("Order Refunded");
            assertThat(call.at("/properties/order_id").asText()).startsWith("C");
            assertThat(call.at("/properties/total").decimalValue()).isGreaterThanOrEqualTo(BigDecimal.ZERO);
            call.at("/properties/products").forEach(p -> assertThat(p.path("quantity").asInt()).isPositive());
        }
    }

    @Test
    void eachCustomerIsIdentifiedOnceWithTheirCountry() throws IOException {
        MappedFile mapped = new GrocerMapping().map(file, options("grocer", file, Map.of()));

        Set<String> identified = new HashSet<>();
        mapped.units().forEach(u -> u.events().stream().filter(e -> e.path("type").asText().equals("identify"))
                .forEach(e -> {
                    assertThat(identified.add(e.path("userId").asText())).isTrue();
                    assertThat(e.at("/traits/country").asText()).isNotBlank();
                }));
        Set<String> buyers = new HashSet<>();
        mapped.units().forEach(u -> buyers.add(u.events().get(u.events().size() - 1).path("userId").asText()));
        assertThat(identified).isEqualTo(buyers);
    }

    @Test
    void customerIdsLoseTheFileTrailingDecimal() {
        assertThat(GrocerMapping.userId("17315.0")).isEqualTo("retail-17315");
    }
}
