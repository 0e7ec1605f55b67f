package io.genkend.pack.dealer;

import com.fasterxml.jackson.databind.JsonNode;
import io.genkend.event.InboundEvent;
import io.genkend.event.InboundEventMapper;
import io.genkend.event.InboundPayloadException;
import io.genkend.event.PayloadFields;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The dealer's workshop booking system (source {@code workshop}). Its webhook body, documented in docs/events.md:
 * <pre>{@code
 * {"type": "booking.created",            // or booking.completed, booking.cancelled
 *  "booking": {"id": "WB-1001", "appointmentStart": "2026-12-03T08:00:00+01:00", "appointmentEnd": "...",
 *              "workshop": "Vejle", "completedAt": "...", "mileageKm": 81234},
 *  "customer": {"id": "C-1001", "email": "...", "phone": "+45..."},
 *  "vehicle": {"vin": "...", "registration": "AB12345", "make": "Skoda", "model": "Octavia", "year": 2019},
 *  "part": "windscreen", "partNumber": "8V0845011", "description": "Replace windscreen"}
 * }</pre>
 * becomes {@code repair.booked}, {@code repair.completed} or {@code repair.cancelled} with the part, the vehicle
 * and the appointment time ({@code appointmentTime}, ISO-8601, and the same as {@code appointmentAt}, which the
 * windscreen journey's timers read). Deduplication uses the delivery's
 * {@code webhook-id}.
 */
@Component
class WorkshopBookingMapper implements InboundEventMapper {

    @Override
    public String pack() {
        return "dealer";
    }

    @Override
    public String source() {
        return "workshop";
    }

    @Override
    public List<InboundEvent> map(JsonNode payload) {
        String type = PayloadFields.requiredText(payload, "type");
        String name = switch (type) {
            case "booking.created", "booking.confirmed", "booking.rescheduled" -> "repair.booked";
            case "booking.completed", "job.completed" -> "repair.completed";
            case "booking.cancelled" -> "repair.cancelled";
            default -> throw new InboundPayloadException("type", "unknown workshop event type '" + type
                    + "' (booking.created, booking.completed, booking.cancelled)");
        };
        String customerId = PayloadFields.requiredId(payload, "customer.id");
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("bookingId", PayloadFields.requiredId(payload, "booking.id"));
        properties.put("part", PayloadFields.requiredText(payload, "part"));
        properties.put("partNumber", PayloadFields.text(payload, "partNumber"));
        properties.put("description", PayloadFields.text(payload, "description"));
        var appointment = PayloadFields.instant(payload, "booking.appointmentStart");
        if (appointment == null && name.equals("repair.booked")) {
            throw new InboundPayloadException("booking.appointmentStart", "a booking needs its appointment time");
        }
        properties.put("appointmentTime", appointment == null ? null : appointment.toString());
        properties.put("appointmentAt", appointment == null ? null : appointment.toString());
        var end = PayloadFields.instant(payload, "booking.appointmentEnd");
        properties.put("appointmentEnd", end == null ? null : end.toString());
        properties.put("workshop", PayloadFields.text(payload, "booking.workshop"));
        var completedAt = PayloadFields.instant(payload, "booking.completedAt");
        properties.put("completedAt", completedAt == null ? null : completedAt.toString());
        properties.put("mileageKm", PayloadFields.decimal(payload, "booking.mileageKm"));
        Map<String, Object> vehicle = new LinkedHashMap<>();
        vehicle.put("vin", PayloadFields.text(payload, "vehicle.vin"));
        vehicle.put("registration", PayloadFields.text(payload, "vehicle.registration"));
        vehicle.put("make", PayloadFields.text(payload, "vehicle.make"));
        vehicle.put("model", PayloadFields.text(payload, "vehicle.model"));
        vehicle.put("year", PayloadFields.decimal(payload, "vehicle.year"));
        vehicle.values().removeIf(Objects::isNull);
        if (vehicle.isEmpty()) {
            throw new InboundPayloadException("vehicle", "the vehicle is required (vin, registration, make, model)");
        }
        properties.put("vehicle", vehicle);
        properties.values().removeIf(Objects::isNull);
        Map<String, Object> traits = new LinkedHashMap<>();
        traits.put("email", PayloadFields.text(payload, "customer.email"));
        traits.put("phone", PayloadFields.text(payload, "customer.phone"));
        traits.put("name", PayloadFields.text(payload, "customer.name"));
        traits.values().removeIf(Objects::isNull);
        var occurredAt = completedAt != null && name.equals("repair.completed") ? completedAt : null;
        return List.of(new InboundEvent(name, customerId, null, null, occurredAt, properties, traits));
    }
}
