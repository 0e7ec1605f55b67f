package io.genkend.replay.grocer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genkend.replay.Csv;
import io.genkend.replay.MappedFile;
import io.genkend.replay.PackMapping;
import io.genkend.replay.ReplayOptions;
import io.genkend.replay.ReplayUnit;
import io.genkend.replay.Segment;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Grocer pack: UCI Online Retail (Chen et al. 2012, CC BY 4.0), invoice lines of a UK gift retailer. The lines
 * are grouped by {@code InvoiceNo} (in order of first appearance) and each invoice becomes one unit:
 * <ul>
 *   <li>the customer's first invoice starts with {@code identify} ({@code userId = retail-<CustomerID>}, trait
 *       {@code country});</li>
 *   <li>an invoice becomes {@code Order Completed} (Segment e-commerce spec v2: {@code order_id}, {@code total},
 *       {@code revenue}, {@code currency} GBP, {@code products[]} with {@code product_id}/{@code sku} = StockCode,
 *       {@code name}, {@code category} (see {@link #category}), {@code quantity}, {@code price}); a cancellation ({@code C} prefix) becomes
 *       {@code Order Refunded} with the cancelled lines (quantities and total as positive numbers);</li>
 *   <li>the timestamp is {@code InvoiceDate} ({@code M/d/yyyy H:mm}) in UK time.</li>
 * </ul>
 * Not sent, and counted in the summary: lines without a CustomerID (anonymous purchases), and lines with a
 * negative quantity outside a cancellation (stock adjustments such as "damaged").
 */
public final class GrocerMapping implements PackMapping {

    private static final DateTimeFormatter INVOICE_DATE = DateTimeFormatter.ofPattern("M/d/yyyy H:mm");
    private static final ZoneId UK = ZoneId.of("Europe/London");

    @Override
    public MappedFile map(Path file, ReplayOptions options) throws IOException {
        String fileName = file.getFileName().toString();
        Map<String, List<Csv.Row>> invoices = new LinkedHashMap<>();
        List<MappedFile.SkippedRow> skipped = new ArrayList<>();
        for (Csv.Row row : Csv.read(file, ',')) {
            if (row.get("CustomerID").isEmpty()) {
                skipped.add(new MappedFile.SkippedRow(row.number(), "no CustomerID"));
            } else if (!row.get("InvoiceNo").startsWith("C") && new BigDecimal(row.get("Quantity")).signum() < 0) {
                skipped.add(new MappedFile.SkippedRow(row.number(), "negative quantity outside a cancellation"));
            } else {
                invoices.computeIfAbsent(row.get("InvoiceNo"), k -> new ArrayList<>()).add(row);
            }
        }
        Set<String> identified = new HashSet<>();
        List<ReplayUnit> units = new ArrayList<>();
        for (Map.Entry<String, List<Csv.Row>> invoice : invoices.entrySet()) {
            List<ObjectNode> events = new ArrayList<>();
            Csv.Row first = invoice.getValue().get(0);
            String userId = userId(first.get("CustomerID"));
            if (identified.add(userId)) {
                ObjectNode identify = Segment.identify(userId);
                Segment.traits(identify).put("country", first.get("Country"));
                events.add(identify);
            }
            events.add(order(invoice.getKey(), invoice.getValue(), userId));
            int lastRow = invoice.getValue().get(invoice.getValue().size() - 1).number();
            units.add(ReplayUnit.of("grocer", fileName, "invoice " + invoice.getKey(), invoice.getValue().size(),
                    lastRow, events));
        }
        return new MappedFile(units, skipped);
    }

    /**
     * Keywords of a product description, in order, and the grocer pack's offer category they stand for. The file
     * is a gift retailer's and has no categories, while the grocer pack's journeys work on
     * {@code products[].category} (the basket's main category, the categories to suppress): a description that
     * names a food or a drink gets the pack's category for it, everything else {@code gifts}.
     */
    private static final List<Map.Entry<String, String>> CATEGORY_KEYWORDS = List.of(
            Map.entry("COFFEE", "coffee"), Map.entry("TEACUP", "coffee"), Map.entry("TEA ", "coffee"),
            Map.entry("MUG", "coffee"), Map.entry("CAKE", "bakery"), Map.entry("BISCUIT", "bakery"),
            Map.entry("BREAD", "bakery"), Map.entry("BAKING", "bakery"), Map.entry("MUFFIN", "bakery"),
            Map.entry("JAM ", "sauces"), Map.entry("SAUCE", "sauces"), Map.entry("PASTA", "pasta"),
            Map.entry("WINE", "wine"), Map.entry("CHAMPAGNE", "wine"), Map.entry("MILK", "dairy"),
            Map.entry("CHEESE", "cheese"), Map.entry("FRUIT", "fruit"), Map.entry("APPLE", "fruit"),
            Map.entry("STRAWBERR", "fruit"), Map.entry("LEMON", "fruit"), Map.entry("CHERRY", "fruit"));

    /**
     * @param description a product description of the file, such as {@code REGENCY CAKESTAND 3 TIER}
     * @return the grocer pack's category its first matching keyword stands for ({@code bakery}), else
     *         {@code gifts}
     */
    static String category(String description) {
        String text = description.toUpperCase(java.util.Locale.ROOT) + " ";
        for (Map.Entry<String, String> keyword : CATEGORY_KEYWORDS) {
            if (text.contains(keyword.getKey())) {
                return keyword.getValue();
            }
        }
        return "gifts";
    }

    /** {@code 17315.0} (as the file writes it) to {@code retail-17315}. */
    static String userId(String customerId) {
        return "retail-" + new BigDecimal(customerId).stripTrailingZeros().toPlainString();
    }

    static ObjectNode order(String invoiceNo, List<Csv.Row> lines, String userId) {
        boolean refund = invoiceNo.startsWith("C");
        LocalDateTime at = LocalDateTime.parse(lines.get(0).get("InvoiceDate"), INVOICE_DATE);
        ObjectNode call = Segment.track(userId, refund ? "Order Refunded" : "Order Completed",
                at.atZone(UK).toInstant());
        ObjectNode p = Segment.properties(call);
        p.put("order_id", invoiceNo);
        p.put("currency", "GBP");
        ArrayNode products = p.putArray("products");
        BigDecimal total = BigDecimal.ZERO;
        for (Csv.Row line : lines) {
            BigDecimal quantity = new BigDecimal(line.get("Quantity")).abs();
            BigDecimal price = new BigDecimal(line.get("UnitPrice"));
            total = total.add(quantity.multiply(price));
            ObjectNode product = products.addObject();
            product.put("product_id", line.get("StockCode"));
            product.put("sku", line.get("StockCode"));
            product.put("name", line.get("Description"));
            product.put("category", category(line.get("Description")));
            product.put("quantity", quantity.intValueExact());
            product.put("price", price);
        }
        p.put("total", total);
        if (!refund) {
            p.put("revenue", total);
        }
        p.put("country", lines.get(0).get("Country"));
        return call;
    }
}
