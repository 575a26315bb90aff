package dev.qrly.engine.payload;

import dev.qrly.engine.InvalidInputException;
import java.util.Locale;

/** How a WiFi network is secured, as named in the {@code T:} field of a WIFI code. */
public enum WifiSecurity {
    /** WPA, WPA2 or WPA3 personal, with a pre-shared key; scanners use "WPA" for all of them. */
    WPA("WPA"),
    /** The obsolete WEP; still found on old routers. */
    WEP("WEP"),
    /** An open network, without a password. */
    NOPASS("nopass");

    private final String code;

    WifiSecurity(String code) {
        this.code = code;
    }

    /**
     * The value written after {@code T:}.
     *
     * @return {@code "WPA"}, {@code "WEP"} or {@code "nopass"}
     */
    public String code() {
        return code;
    }

    /**
     * Parses {@code WPA}, {@code WEP} or {@code nopass}, in any case and ignoring surrounding
     * spaces.
     *
     * @param text the name to parse; may be null, which is refused
     * @param field the field name to report if the text is not a security type; not null
     * @return the security type
     * @throws InvalidInputException if {@code text} is null or not one of the three names
     */
    public static WifiSecurity parse(String text, String field) {
        if (text != null) {
            String name = text.strip().toLowerCase(Locale.ROOT);
            for (WifiSecurity security : values()) {
                if (security.code.toLowerCase(Locale.ROOT).equals(name)) {
                    return security;
                }
            }
        }
        throw new InvalidInputException(field, "WiFi security must be one of WPA, WEP, nopass, not "
                + (text == null ? "nothing" : Checks.show(text)));
    }
}
