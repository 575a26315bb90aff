package dev.qrly.core.code;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Test support: the table of tricky destination URLs in {@code destination-urls.tsv} (its header says
 * where each row comes from), shared by this module's parser test and app's Chromium test.
 */
public final class DestinationUrlTable {

    /** The deny list the table's decisions assume. */
    public static final Set<String> DENIED = Set.of("evil.example", "127.0.0.1", "[::1]");

    /**
     * One URL.
     *
     * @param href the standard's serialisation, or null where the standard refuses the URL
     * @param hostname null where the standard refuses the URL
     * @param decision "accept" or the reason Destinations refuses it
     * @param chromium null where Chromium reads it as the standard does; otherwise "failure" or
     *     "hostname|username|password" as Chromium reads it
     */
    public record Row(int line, String source, String input, String href, String hostname, String username, String password,
            String decision, String chromium) {

        /** The standard's reading as "hostname|username|password", or "failure". */
        public String standardReading() {
            return href == null ? "failure" : hostname + "|" + username + "|" + password;
        }

        public boolean standardRefuses() {
            return href == null;
        }

        /** True if the input (as a browser cleans it) starts with a scheme our parser reads. */
        public boolean webScheme() {
            String cleaned = input.replaceAll("^[\\x00-\\x20]+", "").replaceAll("[\t\n\r]", "").toLowerCase(Locale.ROOT);
            int colon = cleaned.indexOf(':');
            return colon > 0 && WebUrl.isWebScheme(cleaned.substring(0, colon));
        }

        @Override
        public String toString() {
            return source + " line " + line + ": " + escaped(input);
        }
    }

    private DestinationUrlTable() {
    }

    public static List<Row> load() {
        try (InputStream in = DestinationUrlTable.class.getResourceAsStream("destination-urls.tsv")) {
            if (in == null) {
                throw new IllegalStateException("destination-urls.tsv is not on the class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Row> rows = new ArrayList<>();
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != 8) {
                    throw new IllegalStateException("destination-urls.tsv line " + number + " has " + f.length + " fields, not 8");
                }
                boolean failure = f[2].equals("failure");
                rows.add(new Row(number, f[0], unescape(f[1]), failure ? null : unescape(f[2]), failure ? null : unescape(f[3]),
                        failure ? null : unescape(f[4]), failure ? null : unescape(f[5]), f[6], f[7].equals("=") ? null : unescape(f[7])));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 1 < field.length() && field.charAt(i + 1) == '\\') {
                out.append('\\');
                i++;
            } else if (c == '\\' && i + 5 < field.length() && field.charAt(i + 1) == 'u') {
                out.append((char) Integer.parseInt(field.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The input with invisible and control characters shown as \\uXXXX, for test names. */
    public static String escaped(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c < 0x20 || (c >= 0x7F && c < 0xA1) || Character.isSurrogate(c) || Character.getType(c) == Character.FORMAT) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
