package io.genkend.replay.dealer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genkend.replay.Csv;
import io.genkend.replay.MappedFile;
import io.genkend.replay.PackMapping;
import io.genkend.replay.ReplayOptions;
import io.genkend.replay.ReplayUnit;
import io.genkend.replay.Segment;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Dealer pack: fleet maintenance records joined to the fleet's vehicles on {@code vehicle_id} (synthetic data,
 * licence not stated: local runs only, never committed). The vehicle is the customer:
 * {@code userId = fleet-<vehicle_id>}. Each maintenance record becomes two events:
 * <ul>
 *   <li>{@code repair.booked}: {@code bookingId} (maintenance_id), {@code part} (from the description, see
 *       {@link #PARTS}), {@code description}, {@code maintenanceType}, {@code code}, {@code appointmentAt}
 *       (maintenance_date, 09:00 UTC), {@code estimatedCost} and {@code currency} INR, and {@code vehicle}
 *       ({@code id, type, make, model, year, fuel, odometerKm, department}); sent with timestamp appointment minus
 *       7 days (the data has no booking time);</li>
 *   <li>{@code repair.completed}: the same booking, part and vehicle, {@code completedAt} = appointment plus
 *       {@code downtime_days}, {@code cost}, {@code downtimeDays}; timestamp = completedAt.</li>
 * </ul>
 * With {@code --live-dates}, appointments are moved to the coming two weeks (tomorrow plus row number modulo 14
 * days), so that "the day before the appointment" timers lie in the future; messageIds do not change.
 * Records whose vehicle is not in the vehicles file are skipped and counted.
 */
public final class DealerMapping implements PackMapping {

    /** Part codes by maintenance description (the 17 descriptions of the file); others are slugged. */
    static final Map<String, String> PARTS = Map.ofEntries(
            Map.entry("fuel system cleaning", "fuel-system"),
            Map.entry("air filter replacement", "air-filter"),
            Map.entry("hydraulic system check", "hydraulics"),
            Map.entry("electrical wiring inspection", "wiring"),
            Map.entry("suspension overhaul", "suspension"),
            Map.entry("transmission fluid change", "transmission-fluid"),
            Map.entry("chassis lubrication", "chassis"),
            Map.entry("emergency breakdown repair", "breakdown"),
            Map.entry("annual safety inspection", "safety-inspection"),
            Map.entry("tyre rotation and alignment", "tyres"),
            Map.entry("radiator flush", "radiator"),
            Map.entry("clutch adjustment", "clutch"),
            Map.entry("brake pad replacement", "brake-pads"),
            Map.entry("ac servicing", "air-conditioning"),
            Map.entry("engine oil and filter replacement", "engine-oil"),
            Map.entry("battery check and replacement", "battery"),
            Map.entry("coolant flush and refill", "coolant"),
            Map.entry("windscreen replacement", "windscreen"));

    private static final LocalTime APPOINTMENT_TIME = LocalTime.of(9, 0);
    private static final Duration BOOKING_LEAD = Duration.ofDays(7);

    private final Instant now;

    /** Uses the clock for {@code --live-dates}. */
    public DealerMapping() {
        this(Instant.now());
    }

    /** @param now the instant {@code --live-dates} counts from (tests fix it) */
    public DealerMapping(Instant now) {
        this.now = now;
    }

    @Override
    public MappedFile map(Path file, ReplayOptions options) throws IOException {
        Path vehiclesFile = options.packOptions().containsKey("vehicles")
                ? Path.of(options.packOptions().get("vehicles"))
                : file.resolveSibling("fleet_vehicles.csv");
        if (!Files.isRegularFile(vehiclesFile)) {
            throw new IOException("Vehicles file not found: " + vehiclesFile + " (give it with --vehicles)");
        }
        Map<String, Csv.Row> vehicles = new HashMap<>();
        for (Csv.Row vehicle : Csv.read(vehiclesFile, ',')) {
            vehicles.put(vehicle.get("vehicle_id"), vehicle);
        }
        boolean live = Boolean.parseBoolean(options.packOptions().getOrDefault("live-dates", "false"));
        String fileName = file.getFileName().toString();
        List<ReplayUnit> units = new ArrayList<>();
        List<MappedFile.SkippedRow> skipped = new ArrayList<>();
        for (Csv.Row record : Csv.read(file, ',')) {
            Csv.Row vehicle = vehicles.get(record.get("vehicle_id"));
            if (vehicle == null) {
                skipped.add(new MappedFile.SkippedRow(record.number(), "vehicle not in the vehicles file"));
                continue;
            }
            LocalDate day = live
                    ? now.atZone(ZoneOffset.UTC).toLocalDate().plusDays(1 + record.number() % 14)
                    : LocalDate.parse(record.get("maintenance_date"));
            units.add(ReplayUnit.of("dealer", fileName, "row " + record.number(), 1, record.number(),
                    events(record, vehicle, day.atTime(APPOINTMENT_TIME).toInstant(ZoneOffset.UTC))));
        }
        return new MappedFile(units, skipped);
    }

    static List<ObjectNode> events(Csv.Row record, Csv.Row vehicle, Instant appointment) {
        String userId = "fleet-" + record.get("vehicle_id");
        String part = part(record.get("description"));
        BigDecimal downtimeDays = new BigDecimal(record.get("downtime_days"));
        Instant completedAt = appointment.plusSeconds(downtimeDays.multiply(BigDecimal.valueOf(86_400)).longValue());

        ObjectNode booked = Segment.track(userId, "repair.booked", appointment.minus(BOOKING_LEAD));
        ObjectNode b = Segment.properties(booked);
        b.put("bookingId", record.get("maintenance_id"));
        b.put("part", part);
        b.put("description", record.get("description"));
        b.put("maintenanceType", record.get("maintenance_type"));
        b.put("code", record.get("maintenance_code"));
        b.put("appointmentAt", appointment.toString());
        b.put("estimatedCost", new BigDecimal(record.get("cost_inr")));
        b.put("currency", "INR");
        b.set("vehicle", vehicle(vehicle));

        ObjectNode completed = Segment.track(userId, "repair.completed", completedAt);
        ObjectNode c = Segment.properties(completed);
        c.put("bookingId", record.get("maintenance_id"));
        c.put("part", part);
        c.put("description", record.get("description"));
        c.put("completedAt", completedAt.toString());
        c.put("cost", new BigDecimal(record.get("cost_inr")));
        c.put("currency", "INR");
        c.put("downtimeDays", downtimeDays);
        c.set("vehicle", vehicle(vehicle));
        return new ArrayList<>(List.of(booked, completed));
    }

    static String part(String description) {
        String key = description.trim().toLowerCase(Locale.ROOT);
        String part = PARTS.get(key);
        return part != null ? part : key.replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    private static ObjectNode vehicle(Csv.Row v) {
        ObjectNode vehicle = Segment.JSON.createObjectNode();
        vehicle.put("id", v.get("vehicle_id"));
        vehicle.put("type", v.get("vehicle_type"));
        vehicle.put("make", v.get("make"));
        vehicle.put("model", v.get("model_name"));
        vehicle.put("year", Integer.parseInt(v.get("model_year")));
        vehicle.put("fuel", v.get("fuel_type"));
        vehicle.put("odometerKm", Long.parseLong(v.get("odometer_km")));
        vehicle.put("department", v.get("department"));
        return vehicle;
    }
}
