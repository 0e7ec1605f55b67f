package io.genkend.pack.bank;

import com.fasterxml.jackson.databind.JsonNode;
import io.genkend.event.InboundEvent;
import io.genkend.event.InboundEventMapper;
import io.genkend.event.InboundPayloadException;
import io.genkend.event.PayloadFields;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The bank's core-banking system (source {@code core-banking}): a posted transaction, documented in
 * docs/events.md:
 * <pre>{@code
 * {"transactionId": "TX-2026-000123", "accountId": "DK5000400440116243", "customerId": "NB-10001",
 *  "bookedAt": "2026-11-25T06:00:00+01:00", "amount": "32500.00", "currency": "DKK", "direction": "credit",
 *  "purposeCode": "SALA", "counterparty": {"name": "Acme A/S"}, "description": "LØN NOVEMBER",
 *  "balanceAfter": "40210.55"}
 * }</pre>
 * Every transaction becomes {@code transaction.posted}; a credit with ISO 20022 purpose code {@code SALA}
 * (salary payment, ExternalPurpose1Code) or category {@code salary} also becomes {@code salary.deposited}.
 * Amounts stay exact decimals; without {@code direction}, the sign of {@code amount} decides.
 */
@Component
class CoreBankingTransactionMapper implements InboundEventMapper {

    @Override
    public String pack() {
        return "bank";
    }

    @Override
    public String source() {
        return "core-banking";
    }

    @Override
    public List<InboundEvent> map(JsonNode payload) {
        String transactionId = PayloadFields.requiredId(payload, "transactionId");
        String customerId = PayloadFields.requiredId(payload, "customerId");
        BigDecimal amount = PayloadFields.decimal(payload, "amount");
        if (amount == null) {
            throw new InboundPayloadException("amount", "amount is required");
        }
        String direction = PayloadFields.text(payload, "direction");
        if (direction == null) {
            direction = amount.signum() < 0 ? "debit" : "credit";
        } else if (!direction.equals("credit") && !direction.equals("debit")) {
            throw new InboundPayloadException("direction", "direction must be credit or debit");
        }
        var bookedAt = PayloadFields.instant(payload, "bookedAt");
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("transactionId", transactionId);
        properties.put("accountId", PayloadFields.id(payload, "accountId"));
        properties.put("amount", amount.abs());
        properties.put("currency", PayloadFields.requiredText(payload, "currency"));
        properties.put("direction", direction);
        properties.put("purposeCode", PayloadFields.text(payload, "purposeCode"));
        properties.put("category", PayloadFields.text(payload, "category"));
        properties.put("counterparty", PayloadFields.text(payload, "counterparty.name"));
        properties.put("description", PayloadFields.text(payload, "description"));
        properties.put("balanceAfter", PayloadFields.decimal(payload, "balanceAfter"));
        properties.put("bookedAt", bookedAt == null ? null : bookedAt.toString());
        properties.values().removeIf(Objects::isNull);
        List<InboundEvent> events = new ArrayList<>();
        events.add(new InboundEvent("transaction.posted", customerId, null, "transaction:" + transactionId,
                bookedAt, properties, Map.of()));
        String purpose = PayloadFields.text(payload, "purposeCode");
        String category = PayloadFields.text(payload, "category");
        boolean salary = "SALA".equalsIgnoreCase(purpose)
                || (category != null && category.toLowerCase(Locale.ROOT).equals("salary"));
        if (salary && direction.equals("credit")) {
            Map<String, Object> deposit = new LinkedHashMap<>();
            deposit.put("transactionId", transactionId);
            deposit.put("accountId", properties.get("accountId"));
            deposit.put("amount", amount.abs());
            deposit.put("currency", properties.get("currency"));
            deposit.put("employer", properties.get("counterparty"));
            deposit.put("bookedAt", properties.get("bookedAt"));
            deposit.values().removeIf(Objects::isNull);
            events.add(new InboundEvent("salary.deposited", customerId, null, "salary:" + transactionId, bookedAt,
                    deposit, Map.of()));
        }
        return events;
    }
}
