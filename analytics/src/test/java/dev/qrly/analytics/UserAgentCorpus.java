package dev.qrly.analytics;

import dev.qrly.core.analytics.DeviceClass;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The labelled agents of {@code user-agents.tsv}: see its header for the columns. */
final class UserAgentCorpus {

    /**
     * One labelled agent.
     *
     * @param line its line in the file, for messages
     * @param botName the expected bot name, or null for a person
     * @param os the expected system, or null when not checked
     * @param browser the expected browser, or null when not checked
     */
    record Row(int line, DeviceClass device, String botName, String os, String browser, String userAgent) {
        @Override
        public String toString() {
            return "line " + line + ": " + (userAgent.length() > 90 ? userAgent.substring(0, 90) + "…" : userAgent);
        }
    }

    private static final List<Row> ROWS = load();

    private UserAgentCorpus() {}

    static List<Row> rows() {
        return ROWS;
    }

    private static List<Row> load() {
        InputStream in = UserAgentCorpus.class.getResourceAsStream("/user-agents.tsv");
        if (in == null) {
            throw new IllegalStateException("user-agents.tsv is not on the test class path");
        }
        List<Row> rows = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            int number = 0;
            for (String line; (line = reader.readLine()) != null;) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split("\t", -1);
                if (cells.length != 5) {
                    throw new IllegalStateException("user-agents.tsv line " + number + ": " + cells.length + " columns, not 5");
                }
                rows.add(new Row(number, DeviceClass.ofKey(cells[0]), orNull(cells[1]), orNull(cells[2]), orNull(cells[3]), cells[4]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(rows);
    }

    private static String orNull(String cell) {
        return cell.isEmpty() ? null : cell;
    }
}
