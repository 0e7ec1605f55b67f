package io.genkend.pack.grocer;

import com.fasterxml.jackson.databind.JsonNode;
import io.genkend.event.InboundEvent;
import io.genkend.event.InboundEventMapper;
import io.genkend.event.InboundPayloadException;
import io.genkend.event.InboundPayloadSkippedException;
import io.genkend.event.PayloadFields;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The grocer's shop: a Shopify {@code orders/create} webhook body (Shopify Admin API "Order" resource) becomes a
 * Segment e-commerce {@code Order Completed} event (Segment Spec "Ecommerce Events v2": order_id, total,
 * subtotal, tax, discount, currency, products[] with product_id, sku, name, price, quantity). Shopify ids exceed
 * 2^53, so every id is kept as exact decimal text; prices are exact decimals. The Shopify customer id is the
 * customer's userId; e-mail, phone and names become traits, and {@code buyer_accepts_marketing: true} records
 * marketing consent on e-mail with source {@code shopify-checkout}.
 *
 * <p>Two kinds of order are not purchases: a <b>test order</b> ({@code "test": true}, what Shopify's "send test
 * notification" and test payment gateways send) is skipped ({@link InboundPayloadSkippedException}: answered 202,
 * nothing stored); a <b>cancelled or voided</b> order ({@code cancelled_at} set, or {@code financial_status}
 * {@code voided} or {@code refunded}) becomes {@code Order Refunded}, the event the grocer pack uses for
 * cancellations and returns (as the Online Retail replay maps a cancelled invoice), with messageId
 * {@code order:<id>:cancelled} so that it is not taken for a repeat of the order's {@code Order Completed}.
 */
@Component
class ShopifyOrderMapper implements InboundEventMapper {

    @Override
    public String pack() {
        return "grocer";
    }

    @Override
    public String source() {
        return "shopify";
    }

    @Override
    public List<InboundEvent> map(JsonNode order) {
        String orderId = PayloadFields.requiredId(order, "id");
        if (order.path("test").asBoolean(false)) {
            throw new InboundPayloadSkippedException("Order " + orderId + " is a test order (\"test\": true), not"
                    + " a customer's purchase");
        }
        JsonNode lines = PayloadFields.at(order, "line_items");
        if (lines == null || !lines.isArray()) {
            throw new InboundPayloadException("line_items", "line_items must be an array (an orders/create body)");
        }
        String customerId = PayloadFields.id(order, "customer.id");
        String email = PayloadFields.text(order, "email");
        if (email == null) {
            email = PayloadFields.text(order, "customer.email");
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("order_id", orderId);
        properties.put("order_number", PayloadFields.id(order, "order_number"));
        properties.put("checkout_id", PayloadFields.id(order, "checkout_id"));
        properties.put("total", PayloadFields.decimal(order, "total_price"));
        properties.put("subtotal", PayloadFields.decimal(order, "subtotal_price"));
        properties.put("tax", PayloadFields.decimal(order, "total_tax"));
        properties.put("discount", PayloadFields.decimal(order, "total_discounts"));
        properties.put("currency", PayloadFields.text(order, "currency"));
        properties.put("financial_status", PayloadFields.text(order, "financial_status"));
        properties.put("cancelled_at", PayloadFields.text(order, "cancelled_at"));
        List<Map<String, Object>> products = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            String at = "line_items." + i;
            Map<String, Object> product = new LinkedHashMap<>();
            product.put("line_item_id", PayloadFields.id(line, "id"));
            product.put("product_id", PayloadFields.id(line, "product_id"));
            product.put("variant_id", PayloadFields.id(line, "variant_id"));
            product.put("sku", PayloadFields.text(line, "sku"));
            product.put("name", PayloadFields.text(line, "name"));
            product.put("price", PayloadFields.decimal(line, "price"));
            JsonNode quantity = PayloadFields.at(line, "quantity");
            if (quantity != null && !quantity.isIntegralNumber()) {
                throw new InboundPayloadException(at + ".quantity", at + ".quantity must be an integer");
            }
            product.put("quantity", quantity == null ? null : quantity.bigIntegerValue());
            product.put("vendor", PayloadFields.text(line, "vendor"));
            product.values().removeIf(java.util.Objects::isNull);
            products.add(product);
        }
        properties.put("products", products);
        properties.values().removeIf(java.util.Objects::isNull);

        Map<String, Object> traits = new LinkedHashMap<>();
        traits.put("email", email);
        traits.put("phone", PayloadFields.text(order, "customer.phone"));
        traits.put("firstName", PayloadFields.text(order, "customer.first_name"));
        traits.put("lastName", PayloadFields.text(order, "customer.last_name"));
        traits.put("locale", PayloadFields.text(order, "customer_locale"));
        traits.values().removeIf(java.util.Objects::isNull);
        if (order.path("buyer_accepts_marketing").asBoolean(false)) {
            traits.put("consent", Map.of("marketing", Map.of("email", "granted"), "source", "shopify-checkout"));
        }
        String anonymousId = customerId == null && email != null ? "shopify-email:" + email : null;
        if (customerId == null && anonymousId == null) {
            throw new InboundPayloadException("customer.id", "the order names no customer (customer.id or email)");
        }
        var createdAt = PayloadFields.instant(order, "created_at");
        if (cancelled(order)) {
            properties.put("cancel_reason", PayloadFields.text(order, "cancel_reason"));
            properties.values().removeIf(java.util.Objects::isNull);
            var cancelledAt = PayloadFields.instant(order, "cancelled_at");
            return List.of(new InboundEvent("Order Refunded", customerId, anonymousId, "order:" + orderId
                    + ":cancelled", cancelledAt != null ? cancelledAt : createdAt, properties, traits));
        }
        return List.of(new InboundEvent("Order Completed", customerId, anonymousId, "order:" + orderId, createdAt,
                properties, traits));
    }

    /** @return whether the order was cancelled or its payment voided or refunded: not a purchase */
    static boolean cancelled(JsonNode order) {
        String status = PayloadFields.text(order, "financial_status");
        return PayloadFields.text(order, "cancelled_at") != null || "voided".equals(status)
                || "refunded".equals(status);
    }
}
