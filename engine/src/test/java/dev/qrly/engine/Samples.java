package dev.qrly.engine;

import dev.qrly.engine.payload.EmailPayload;
import dev.qrly.engine.payload.GeoPayload;
import dev.qrly.engine.payload.MeCardPayload;
import dev.qrly.engine.payload.Phone;
import dev.qrly.engine.payload.PostalAddress;
import dev.qrly.engine.payload.SmsPayload;
import dev.qrly.engine.payload.TelPayload;
import dev.qrly.engine.payload.TextPayload;
import dev.qrly.engine.payload.UrlPayload;
import dev.qrly.engine.payload.VCardPayload;
import dev.qrly.engine.payload.WifiPayload;
import dev.qrly.engine.payload.WifiSecurity;
import dev.qrly.engine.render.Colour;
import dev.qrly.engine.render.Style;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
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

    /** One payload of each kind, built by the payload builders, with the characters formats must escape. */
    public static List<Payload> payloads() {
        return List.of(
                of(new UrlPayload("https://example.com/menu?table=12&lang=fr#mains")),
                new Payload("short-url", "HTTP://LOCALHOST:8080/R/7K3M9Q2X"),
                of(new TextPayload("Grüße, 東京")),
                of(VCardPayload.builder().givenName("Anna").familyName("Müller; \\Jr")
                        .org("Café; Bar, Ltd").title("Chef: \"head\"").phone("+33 6 12 34 56 78", Phone.Type.CELL)
                        .email("anna@example.com").address(new PostalAddress("1, rue de la Paix", "Paris", null, "75002", "France"))
                        .note("line one\nline two: \"quoted\" \\ done").build()),
                of(MeCardPayload.builder().name("Doe", "Jane").phone("+1 555 123 4567").email("jane@example.com")
                        .note("Back door; ring twice: \"knock\"").build()),
                of(new WifiPayload("Café ;Guest:5G", WifiSecurity.WPA, "p\\ss,word\"1;", true)),
                of(new EmailPayload("hello@example.com", "Table 12", "Hi, we are late: 10 min\nSorry & thanks")),
                of(new SmsPayload("+1 (555) 123-4567", "See you at 7: bring the tickets")),
                of(new TelPayload("+44 1632 960961")),
                of(new GeoPayload(48.8583701, 2.2944813)),
                TWO_THOUSAND_BYTES);
    }

    private static Payload of(dev.qrly.engine.payload.Payload payload) {
        return new Payload(payload.type(), payload.text());
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

    /** Marks the smallest size a symbol can be rendered at, in the PNG matrix. */
    public static final int SMALLEST = 0;

    /** Payload × level × size (smallest, 300, 1024 px) × colour scheme × quiet zone. */
    public static Stream<Arguments> pngMatrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Arguments vector : vectorMatrix().toList()) {
            Object[] v = vector.get();
            for (int size : new int[] {SMALLEST, 300, 1024}) {
                cases.add(Arguments.of(v[0], v[1], size, v[2], v[3]));
            }
        }
        return cases.stream();
    }

    /** Payload × level × colour scheme × quiet zone, for the formats without a pixel size. */
    public static Stream<Arguments> vectorMatrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Payload payload : payloads()) {
            for (ErrorCorrection level : levelsFor(payload)) {
                for (Scheme scheme : schemes()) {
                    for (int margin : margins()) {
                        cases.add(Arguments.of(payload, level, scheme, margin));
                    }
                }
            }
        }
        return cases.stream();
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
