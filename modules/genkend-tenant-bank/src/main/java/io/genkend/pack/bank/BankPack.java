package io.genkend.pack.bank;

import io.genkend.journey.JourneyPack;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The retail bank pack: a savings offer after a salary or large deposit when a suitability rule (DMN
 * {@code savingsSuitability}) says saving is in the customer's interest, and a mortgage enquiry with an adviser
 * task. Its offer catalogue is {@code io/genkend/pack/bank/offers.json} (format: docs/decisions.md).
 */
@Component
class BankPack implements JourneyPack {

    @Override
    public String name() {
        return "bank";
    }

    @Override
    public List<String> models() {
        return List.of("workflows/bank/savings-suitability.dmn", "workflows/bank/savings-offer.bpmn",
                "workflows/bank/mortgage-enquiry.bpmn");
    }
}
