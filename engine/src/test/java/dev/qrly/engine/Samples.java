package dev.qrly.engine;

import dev.qrly.engine.render.Colour;
import dev.qrly.engine.render.Style;
import java.util.List;
import java.util.Random;

/** The payloads, colours and sizes that every renderer is decoded over. */
public final class Samples {

    private Samples() {}

    /** A payload kind and the exact text it encodes. */
    public record Payload(String kind, String text) {
        @Override
        public String toString() {
            return kind;
        }
    }

    /** A named colour scheme; a null background is transparent. */
    public record Scheme(String name, Colour foreground, Colour background, boolean inverted) {
        public Style style(int margin) {
            return new Style(foreground, background, margin, inverted);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    public static final Payload TWO_THOUSAND_BYTES = new Payload("2000-bytes", printable(2000, 42));

    public static List<Payload> payloads() {
        return List.of(
                new Payload("url", "https://example.com/menu?table=12&lang=fr#mains"),
                new Payload("short-url", "HTTP://LOCALHOST:8080/R/7K3M9Q2X"),
                new Payload("text-non-ascii", "Grüße, 東京"),
                new Payload("vcard", "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Müller;Anna;;;\r\nFN:Anna Müller\r\nORG:Café \\; Bar\\, Ltd\r\n"
                        + "TEL;TYPE=CELL:+33612345678\r\nEMAIL:anna@example.com\r\nNOTE:line one\\nline two: \"quoted\" \\\\ done\r\nEND:VCARD"),
                new Payload("wifi", "WIFI:T:WPA;S:Caf\u00e9 \\;Guest\\:5G;P:p\\\\ss\\,word\\\"1;H:true;;"),
                new Payload("email", "mailto:hello@example.com?subject=Table%2012&body=Hi%2C%20we%20are%20late%3A%2010%20min"),
                new Payload("sms", "SMSTO:+15551234567:See you at 7: bring the tickets"),
                new Payload("tel", "tel:+441632960961"),
                new Payload("geo", "geo:48.8583701,2.2944813"),
                TWO_THOUSAND_BYTES);
    }

    public static List<Scheme> schemes() {
        return List.of(
                new Scheme("black-on-white", Colour.BLACK, Colour.WHITE, false),
                new Scheme("navy-on-cream", new Colour(0x1B2A6B), new Colour(0xFFF8E7), false),
                new Scheme("green-on-transparent", new Colour(0x0B5D1E), null, false));
    }

    public static final Scheme INVERTED = new Scheme("white-on-black", Colour.WHITE, Colour.BLACK, true);

    /** The levels a payload fits at: all four, but L and M only for 2,000 bytes. */
    public static List<ErrorCorrection> levelsFor(Payload payload) {
        return payload == TWO_THOUSAND_BYTES ? List.of(ErrorCorrection.L, ErrorCorrection.M) : List.of(ErrorCorrection.values());
    }

    public static List<Integer> margins() {
        return List.of(0, 4, 16);
    }

    /** Deterministic printable ASCII with spaces, punctuation and digits, so segmentation mixes modes. */
    static String printable(int length, long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            text.append((char) (32 + random.nextInt(95)));
        }
        return text.toString();
    }
}
