package io.genkend.pack.grocer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A basket as the Segment e-commerce spec sends it ({@code Order Completed} with {@code products[]}, each with a
 * {@code category} and a {@code quantity}): the journey variable {@code products} holds it as JSON.
 *
 * @param quantities quantity bought per category (lower case), in the basket's order
 */
record Basket(Map<String, Integer> quantities) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** @return the basket of a {@code products} JSON array; empty for {@code null} or anything unreadable */
    static Basket of(Object productsJson) {
        Map<String, Integer> quantities = new LinkedHashMap<>();
        if (productsJson != null) {
            try {
                JsonNode products = MAPPER.readTree(productsJson.toString());
                for (JsonNode product : products) {
                    String category = product.path("category").asText("").trim().toLowerCase(Locale.ROOT);
                    if (!category.isEmpty()) {
                        quantities.merge(category, Math.max(1, product.path("quantity").asInt(1)), Integer::sum);
                    }
                }
            } catch (Exception e) {
                // not a product list: an empty basket
            }
        }
        return new Basket(quantities);
    }

    /** @return the categories, comma-separated */
    String categories() {
        return String.join(",", quantities.keySet());
    }

    /** @return the category with the largest quantity, or {@code null} for an empty basket */
    String mainCategory() {
        return quantities.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }
}
