package dev.qrly.core.analytics;

/**
 * Port: an IP address to a {@link Place}. Thread-safe; never throws for bad, private or unknown
 * addresses (they are {@link Place#UNKNOWN}).
 */
public interface GeoLocator extends AutoCloseable {

    /** Where nothing is known: every address is {@link Place#UNKNOWN}. */
    GeoLocator NONE = new GeoLocator() {
        @Override
        public Place locate(String ip) {
            return Place.UNKNOWN;
        }

        @Override
        public String describe() {
            return "none";
        }
    };

    /** @param ip an IPv4 or IPv6 address in text form */
    Place locate(String ip);

    /** What database answers, for the start-up banner and readiness, such as {@code dbip-city (IPv4+IPv6)}. */
    String describe();

    @Override
    default void close() {}
}
