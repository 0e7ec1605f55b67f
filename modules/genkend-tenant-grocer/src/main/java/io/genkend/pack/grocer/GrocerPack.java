package io.genkend.pack.grocer;

import io.genkend.journey.JourneyPack;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The grocer pack: replenishment on the customer's own purchase cycle, and complementary offers after a basket
 * that never offer a category just bought that week. Its offer catalogue is
 * {@code io/genkend/pack/grocer/offers.json} (format: docs/decisions.md).
 */
@Component
class GrocerPack implements JourneyPack {

    @Override
    public String name() {
        return "grocer";
    }

    @Override
    public List<String> models() {
        return List.of("workflows/grocer/replenishment.bpmn", "workflows/grocer/complementary.bpmn");
    }
}
