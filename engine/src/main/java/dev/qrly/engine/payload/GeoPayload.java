package dev.qrly.engine.payload;

import dev.qrly.engine.InvalidInputException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A place on Earth, as a {@code geo:} URI (RFC 5870): {@code geo:47.3769,8.5417} or, with an
 * altitude in metres, {@code geo:47.3769,8.5417,408}.
 *
 * <p>Numbers are written in plain decimal notation, rounded half-even to at most
 * {@value #MAX_DECIMALS} decimal places (about a centimetre), without trailing zeros: RFC 5870
 * has no exponent syntax, and shorter text makes a smaller code.
 *
 * @param latitude degrees north, from -90 to 90 inclusive; finite
 * @param longitude degrees east, from -180 to 180 inclusive; finite
 * @param altitude metres above the WGS 84 reference ellipsoid; null for none, otherwise finite
 */
public record GeoPayload(double latitude, double longitude, Double altitude) implements Payload {

    /** Decimal places kept; the seventh is about a centimetre at the equator. */
    public static final int MAX_DECIMALS = 7;

    /**
     * Checks the coordinates.
     *
     * @throws InvalidInputException (field {@code "latitude"}, {@code "longitude"} or
     *     {@code "altitude"}) if a coordinate is not finite or out of range
     */
    public GeoPayload {
        check(latitude, 90, "latitude");
        check(longitude, 180, "longitude");
        if (altitude != null && !Double.isFinite(altitude)) {
            throw new InvalidInputException("altitude", "the altitude must be a finite number of metres,"
                    + " not " + altitude);
        }
    }

    /**
     * A place without altitude.
     *
     * @param latitude degrees north, from -90 to 90 inclusive; finite
     * @param longitude degrees east, from -180 to 180 inclusive; finite
     * @throws InvalidInputException (field {@code "latitude"} or {@code "longitude"}) if a
     *     coordinate is not finite or out of range
     */
    public GeoPayload(double latitude, double longitude) {
        this(latitude, longitude, null);
    }

    @Override
    public String text() {
        String text = "geo:" + format(latitude) + "," + format(longitude);
        return altitude == null ? text : text + "," + format(altitude);
    }

    @Override
    public String type() {
        return "geo";
    }

    private static void check(double degrees, int limit, String field) {
        if (!Double.isFinite(degrees) || degrees < -limit || degrees > limit) {
            throw new InvalidInputException(field, "the " + field + " must be a number of degrees from -"
                    + limit + " to " + limit + ", not " + degrees);
        }
    }

    /**
     * valueOf, not new BigDecimal(double): it starts from the shortest decimal that identifies
     * the double, so 0.1 rounds as 0.1 rather than as its binary expansion.
     */
    static String format(double value) {
        BigDecimal rounded = BigDecimal.valueOf(value)
                .setScale(MAX_DECIMALS, RoundingMode.HALF_EVEN)
                .stripTrailingZeros();
        return rounded.signum() == 0 ? "0" : rounded.toPlainString();
    }
}
