package io.genkend.replay.dealer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genkend.replay.MappedFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static io.genkend.replay.Fixtures.options;
import static org.assertj.core.api.Assertions.assertThat;

/** The dealer files may not be committed: this test writes rows of the same shape itself. */
class DealerMappingTest {

    private static final String RECORDS = """
            maintenance_id,vehicle_id,maintenance_date,maintenance_type,maintenance_code,cost_inr,downtime_days,description,now_maint_count
            MNT-1,VEH-1,2023-03-10,Corrective,CM-7,1250.5,1.5,Brake pad replacement,2
            MNT-2,VEH-404,2023-03-11,Preventive,PM-1,300.0,0.5,Radiator flush,1
            MNT-3,VEH-2,2023-04-01,Corrective,CM-9,9000,2,Windscreen replacement,1
            """;
    private static final String VEHICLES = """
            vehicle_id,vehicle_type,make,model_name,model_year,department,fuel_type,purchase_price_inr,odometer_km
            VEH-1,Ambulance,Force Motors,Traveller,2019,HEALTH,Diesel,1500000,82000
            VEH-2,Sedan,Maruti,Dzire,2021,ADMIN,Petrol,700000,30500
            """;

    @TempDir
    Path dir;

    @Test
    void eachRecordIsABookingAndACompletedRepairOfTheJoinedVehicle() throws IOException {
        Path records = write();

        MappedFile mapped = new DealerMapping().map(records, options("dealer", records, Map.of()));

        assertThat(mapped.units()).hasSize(2);
        assertThat(mapped.skipped()).containsEntry("vehicle not in the vehicles file", 1);
        ObjectNode booked = mapped.units().get(0).events().get(0);
        ObjectNode completed = mapped.units().get(0).events().get(1);
        assertThat(booked.path("event").asText()).isEqualTo("repair.booked");
        assertThat(booked.path("userId").asText()).isEqualTo("fleet-VEH-1");
        assertThat(booked.at("/properties/part").asText()).isEqualTo("brake-pads");
        assertThat(booked.at("/properties/appointmentAt").asText()).isEqualTo("2023-03-10T09:00:00Z");
        assertThat(booked.path("timestamp").asText()).isEqualTo("2023-03-03T09:00:00Z");
        assertThat(booked.at("/properties/vehicle/make").asText()).isEqualTo("Force Motors");
        assertThat(booked.at("/properties/vehicle/year").asInt()).isEqualTo(2019);
        assertThat(completed.path("event").asText()).isEqualTo("repair.completed");
        assertThat(completed.at("/properties/bookingId").asText()).isEqualTo("MNT-1");
        assertThat(completed.at("/properties/completedAt").asText()).isEqualTo("2023-03-11T21:00:00Z");
        assertThat(completed.path("timestamp").asText()).isEqualTo("2023-03-11T21:00:00Z");
        assertThat(mapped.units().get(1).events().get(0).at("/properties/part").asText()).isEqualTo("windscreen");
    }

    @Test
    void liveDatesPutAppointmentsInTheComingTwoWeeksWithTheSameMessageIds() throws IOException {
        Path records = write();
        Instant now = Instant.parse("2026-11-29T10:00:00Z");

        MappedFile historical = new DealerMapping(now).map(records, options("dealer", records, Map.of()));
        MappedFile live = new DealerMapping(now).map(records, options("dealer", records, Map.of("live-dates", "true")));

        Instant appointment = Instant.parse(live.units().get(0).events().get(0).at("/properties/appointmentAt").asText());
        assertThat(appointment).isAfter(now).isBefore(now.plusSeconds(15 * 86_400));
        assertThat(live.units().get(0).events().get(0).path("messageId"))
                .isEqualTo(historical.units().get(0).events().get(0).path("messageId"));
    }

    @Test
    void unknownDescriptionsAreSlugged() {
        assertThat(DealerMapping.part("  Wheel Bearing (front) ")).isEqualTo("wheel-bearing-front");
    }

    private Path write() throws IOException {
        Path records = Files.writeString(dir.resolve("fleet_maintenance_records.csv"), RECORDS);
        Files.writeString(dir.resolve("fleet_vehicles.csv"), VEHICLES);
        return records;
    }
}
