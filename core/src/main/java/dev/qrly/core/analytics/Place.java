package dev.qrly.core.analytics;

import java.util.Objects;

/**
 * Where an address is, as far as the geo database knows.
 *
 * @param country ISO 3166-1 alpha-2 in upper case, or {@code unknown}; not null
 * @param city the city's name, or null when unknown
 */
public record Place(String country, String city) {

    public static final String UNKNOWN_COUNTRY = "unknown";
    public static final Place UNKNOWN = new Place(UNKNOWN_COUNTRY, null);

    public Place {
        Objects.requireNonNull(country, "country");
    }
}
