package io.genkend.replay.bank;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genkend.replay.Csv;
import io.genkend.replay.MappedFile;
import io.genkend.replay.PackMapping;
import io.genkend.replay.ReplayOptions;
import io.genkend.replay.ReplayUnit;
import io.genkend.replay.Segment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Bank pack: UCI Bank Marketing ({@code bank.csv}, Moro et al. 2014, CC BY 4.0; {@code ;}-separated, quoted).
 * Each row is one client of a Portuguese bank and one phone-campaign contact; the file has no client id, so the
 * row number is the customer: {@code userId = bank-client-<row>}. Per row, in this order:
 * <ol>
 *   <li>{@code identify} with traits {@code age, job, marital, education, creditDefault, balance (EUR, average
 *       yearly balance), housingLoan, personalLoan}</li>
 *   <li>{@code deposit.large} ({@code amount} = balance, {@code currency} EUR, {@code basis} "average yearly
 *       balance") when the balance is at least {@code --large-balance} (default 5000 EUR, about the top 7 % of the
 *       file). The data holds no transactions: a high yearly average balance stands in for the large deposit the
 *       bank's journeys react to.</li>
 *   <li>{@code campaign.contacted} with {@code channel} (contact), {@code day}, {@code month},
 *       {@code durationSeconds}, {@code contactsThisCampaign}, {@code daysSincePreviousCampaign} (absent for
 *       {@code pdays = -1}, never contacted), {@code previousContacts}, {@code previousOutcome} and the campaign's
 *       outcome {@code y}: {@code outcome} = {@code subscribed}/{@code declined}, {@code subscribed} true/false.</li>
 * </ol>
 * The file has day and month but no year, so no timestamp is sent: Genkend uses the time of receipt.
 */
public final class BankMapping implements PackMapping {

    /** Balance (EUR) from which {@code deposit.large} is sent, unless {@code --large-balance} says otherwise. */
    public static final long DEFAULT_LARGE_BALANCE = 5000;

    @Override
    public MappedFile map(Path file, ReplayOptions options) throws IOException {
        long largeBalance = Long.parseLong(options.packOptions().getOrDefault("large-balance",
                String.valueOf(DEFAULT_LARGE_BALANCE)));
        String fileName = file.getFileName().toString();
        List<ReplayUnit> units = new ArrayList<>();
        List<MappedFile.SkippedRow> skipped = new ArrayList<>();
        for (Csv.Row row : Csv.read(file, ';')) {
            try {
                units.add(ReplayUnit.of("bank", fileName, "row " + row.number(), 1, row.number(),
                        events(row, largeBalance)));
            } catch (NumberFormatException e) {
                skipped.add(new MappedFile.SkippedRow(row.number(), "malformed number"));
            }
        }
        return new MappedFile(units, skipped);
    }

    /** The events of one row, without messageIds. */
    static List<ObjectNode> events(Csv.Row row, long largeBalance) {
        String userId = "bank-client-" + row.number();
        long balance = Long.parseLong(row.get("balance"));

        ObjectNode identify = Segment.identify(userId);
        ObjectNode traits = Segment.traits(identify);
        traits.put("age", Integer.parseInt(row.get("age")));
        traits.put("job", row.get("job"));
        traits.put("marital", row.get("marital"));
        traits.put("education", row.get("education"));
        traits.put("creditDefault", yes(row.get("default")));
        traits.put("balance", balance);
        traits.put("housingLoan", yes(row.get("housing")));
        traits.put("personalLoan", yes(row.get("loan")));

        List<ObjectNode> events = new ArrayList<>();
        events.add(identify);
        if (balance >= largeBalance) {
            ObjectNode deposit = Segment.track(userId, "deposit.large", null);
            ObjectNode p = Segment.properties(deposit);
            p.put("amount", balance);
            p.put("currency", "EUR");
            p.put("basis", "average yearly balance");
            events.add(deposit);
        }
        ObjectNode contacted = Segment.track(userId, "campaign.contacted", null);
        ObjectNode p = Segment.properties(contacted);
        p.put("channel", row.get("contact"));
        p.put("day", Integer.parseInt(row.get("day")));
        p.put("month", row.get("month"));
        p.put("durationSeconds", Integer.parseInt(row.get("duration")));
        p.put("contactsThisCampaign", Integer.parseInt(row.get("campaign")));
        int pdays = Integer.parseInt(row.get("pdays"));
        if (pdays >= 0) {
            p.put("daysSincePreviousCampaign", pdays);
        }
        p.put("previousContacts", Integer.parseInt(row.get("previous")));
        p.put("previousOutcome", row.get("poutcome"));
        boolean subscribed = yes(row.get("y"));
        p.put("outcome", subscribed ? "subscribed" : "declined");
        p.put("subscribed", subscribed);
        events.add(contacted);
        return events;
    }

    private static boolean yes(String value) {
        return "yes".equalsIgnoreCase(value);
    }
}
