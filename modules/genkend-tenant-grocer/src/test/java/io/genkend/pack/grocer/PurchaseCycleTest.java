package io.genkend.pack.grocer;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The grocer's basket reading and purchase-cycle estimate. */
class PurchaseCycleTest {

    private final Instant now = Instant.parse("2026-11-29T12:00:00Z");

    @Test
    void aBasketsCategoriesAndMainCategory() {
        Basket basket = Basket.of("[{\"category\":\"Coffee\",\"quantity\":1},{\"category\":\"dairy\",\"quantity\":3},"
                + "{\"category\":\"coffee\",\"quantity\":1},{\"name\":\"no category\"}]");
        assertThat(basket.categories()).isEqualTo("coffee,dairy");
        assertThat(basket.mainCategory()).isEqualTo("dairy");
        assertThat(Basket.of("not json").categories()).isEmpty();
        assertThat(Basket.of(null).mainCategory()).isNull();
    }

    @Test
    void theCycleIsAWeightedMeanOfTheCustomersOwnIntervals() {
        assertThat(EstimatePurchaseCycleStep.next(null, null, now)).isNull();
        assertThat(EstimatePurchaseCycleStep.next(now.minus(Duration.ofDays(9)), null, now))
                .isCloseTo(9.0, within(0.001));
        // a mean of 9 days and a new interval of 12: 9 * 2/3 + 12 * 1/3 = 10
        assertThat(EstimatePurchaseCycleStep.next(now.minus(Duration.ofDays(12)), 9.0, now))
                .isCloseTo(10.0, within(0.001));
        // a second basket on the same trip does not count as an interval
        assertThat(EstimatePurchaseCycleStep.next(now.minus(Duration.ofHours(2)), 9.0, now)).isEqualTo(9.0);
    }
}
