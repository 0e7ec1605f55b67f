package io.genkend.pack.dealer;

import io.genkend.journey.JourneyPack;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The car dealer and workshop pack: the windscreen journey (taxi on the repair day, wipers after it, never a
 * car-glass echo) and the service-interval reminder. Its offer catalogue is
 * {@code io/genkend/pack/dealer/offers.json} (format: docs/decisions.md).
 */
@Component
class DealerPack implements JourneyPack {

    @Override
    public String name() {
        return "dealer";
    }

    @Override
    public List<String> models() {
        return List.of("workflows/dealer/windscreen.bpmn", "workflows/dealer/service-interval.bpmn");
    }
}
