package io.genkend.replay;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CsvTest {

    @Test
    void readsQuotedFieldsWithDelimitersQuotesAndLineBreaks() throws IOException {
        String text = "\uFEFFa;\"b\";c\r\n1;\"x;y\";\"say \"\"hi\"\"\"\r\n2;\"two\nlines\";\n\n3\n";

        List<Csv.Row> rows = Csv.read(new StringReader(text), ';');

        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).values()).containsEntry("a", "1").containsEntry("b", "x;y").containsEntry("c", "say \"hi\"");
        assertThat(rows.get(1).get("b")).isEqualTo("two\nlines");
        assertThat(rows.get(1).get("c")).isEmpty();
        assertThat(rows.get(2).number()).isEqualTo(3);
        assertThat(rows.get(2).get("b")).isEmpty();
    }

    @Test
    void readsTheBankFixtureAsUciShipsIt() throws IOException {
        List<Csv.Row> rows = Csv.read(Fixtures.fixture("bank_sample_200.csv"), ';');

        assertThat(rows).hasSize(200);
        assertThat(rows.get(0).get("job")).isEqualTo("unemployed");
        assertThat(rows.get(0).get("y")).isEqualTo("no");
    }
}
