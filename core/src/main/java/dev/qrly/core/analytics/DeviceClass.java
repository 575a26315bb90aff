package dev.qrly.core.analytics;

import java.util.Locale;

/** What kind of client scanned: the stats API's {@code byDevice} keys are the lower-case names. */
public enum DeviceClass {
    MOBILE, TABLET, DESKTOP, TV, BOT, OTHER;

    private final String key = name().toLowerCase(Locale.ROOT);

    /** The name in the API: {@code mobile}, {@code tablet}, … */
    public String key() {
        return key;
    }

    /** The class for an API name; {@link IllegalArgumentException} when there is none. */
    public static DeviceClass ofKey(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
