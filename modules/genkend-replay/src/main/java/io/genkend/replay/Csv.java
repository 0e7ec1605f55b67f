package io.genkend.replay;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small RFC 4180 reader: a header line, then rows; fields may be quoted with {@code "} (a doubled quote inside
 * is one quote) and quoted fields may hold the delimiter or line breaks. The delimiter is given ({@code ,} for
 * Online Retail and the fleet files, {@code ;} for UCI Bank Marketing). A byte-order mark is ignored.
 */
public final class Csv {

    private Csv() {
    }

    /**
     * One data row.
     *
     * @param number the row's number among the data rows, from 1 (the header is not counted)
     * @param values field values by header name; a missing trailing field reads as {@code ""}
     */
    public record Row(int number, Map<String, String> values) {

        /** @return the field, trimmed, or {@code ""} when absent */
        public String get(String column) {
            String value = values.get(column);
            return value == null ? "" : value.trim();
        }
    }

    /** Reads a whole file (UTF-8). */
    public static List<Row> read(Path file, char delimiter) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, delimiter);
        }
    }

    /** Reads all rows from a reader. */
    public static List<Row> read(Reader reader, char delimiter) throws IOException {
        List<List<String>> records = parse(reader, delimiter);
        List<Row> rows = new ArrayList<>();
        if (records.isEmpty()) {
            return rows;
        }
        List<String> header = records.get(0);
        if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
            header.set(0, header.get(0).substring(1));
        }
        for (int i = 1; i < records.size(); i++) {
            List<String> fields = records.get(i);
            if (fields.size() == 1 && fields.get(0).isBlank()) {
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                values.put(header.get(c).trim(), c < fields.size() ? fields.get(c) : "");
            }
            rows.add(new Row(rows.size() + 1, values));
        }
        return rows;
    }

    private static List<List<String>> parse(Reader reader, char delimiter) throws IOException {
        List<List<String>> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int c;
        while ((c = reader.read()) != -1) {
            char ch = (char) c;
            any = true;
            if (quoted) {
                if (ch == '"') {
                    reader.mark(1);
                    int next = reader.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (next != -1) {
                            reader.reset();
                        }
                    }
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r') {
                    reader.mark(1);
                    if (reader.read() != '\n') {
                        reader.reset();
                    }
                }
                fields.add(field.toString());
                field.setLength(0);
                records.add(fields);
                fields = new ArrayList<>();
                any = false;
            } else {
                field.append(ch);
            }
        }
        if (any) {
            fields.add(field.toString());
            records.add(fields);
        }
        return records;
    }
}
