package dev.qrly.engine.payload;

import static dev.qrly.engine.payload.PayloadAssertions.parse;
import static dev.qrly.engine.payload.PayloadAssertions.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.zxing.client.result.GeoParsedResult;
import com.google.zxing.client.result.URIParsedResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GeoPayloadTest {

    @Test
    void geo_latitudeAndLongitude_exactText() {
        GeoPayload payload = new GeoPayload(47.3769, 8.5417);
        assertEquals("geo:47.3769,8.5417", payload.text());
        assertEquals("geo", payload.type());
    }

    @Test
    void geo_withAltitude_exactText() {
        assertEquals("geo:47.3769,8.5417,408", new GeoPayload(47.3769, 8.5417, 408.0).text());
        assertEquals("geo:-33.8688,151.2093,0.5", new GeoPayload(-33.8688, 151.2093, 0.5).text());
    }

    @ParameterizedTest
    @CsvSource({
        "90.0, 90",
        "-90.0, -90",
        "0.0, 0",
        "-0.0, 0",
        "1.0E-7, 0.0000001",
        "1.0E-8, 0",
        "-4.0E-8, 0",
        "12.3456789012, 12.3456789",
        "0.00000025, 0.0000002",
        "0.00000035, 0.0000004",
        "0.00000015, 0.0000002",
        "0.1, 0.1",
        "45.10, 45.1",
    })
    void geo_latitude_isPlainDecimalRoundedHalfEven(double latitude, String expected) {
        assertEquals("geo:" + expected + ",0", new GeoPayload(latitude, 0).text());
    }

    @Test
    void geo_largeAltitude_hasNoExponent() {
        assertEquals("geo:0,0,12000000", new GeoPayload(0, 0, 1.2e7).text());
    }

    @Test
    void geo_extremeCoordinates_areAccepted() {
        assertEquals("geo:-90,-180", new GeoPayload(-90, -180).text());
        assertEquals("geo:90,180", new GeoPayload(90, 180).text());
    }

    @Test
    void geo_coordinatesAndAltitude_roundTripThroughZxing() {
        GeoParsedResult result = parse(new GeoPayload(-33.8688197, 151.2092955, 58.5).text(),
                GeoParsedResult.class);
        assertEquals(-33.8688197, result.getLatitude());
        assertEquals(151.2092955, result.getLongitude());
        assertEquals(58.5, result.getAltitude());
    }

    /**
     * ZXing limitation: GeoResultParser returns null when the altitude is negative, although
     * RFC 5870 allows it (the shore of the Dead Sea is at -430 m). The text then falls through
     * to URIResultParser, so a ZXing-based phone offers to open the geo: URI, which the
     * platform hands to a map app with the altitude intact. We keep the correct URI.
     */
    @Test
    void geo_negativeAltitude_zxingReadsItAsPlainUri() {
        String text = new GeoPayload(31.5, 35.5, -430.0).text();
        assertEquals("geo:31.5,35.5,-430", text);
        assertEquals(text, parse(text, URIParsedResult.class).getURI());
    }

    @ParameterizedTest
    @ValueSource(doubles = {90.0000001, -90.5, 180, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void geo_latitudeOutOfRange_isRefused(double latitude) {
        refused("latitude", () -> new GeoPayload(latitude, 0));
    }

    @ParameterizedTest
    @ValueSource(doubles = {180.0000001, -181, 360, Double.NaN, Double.POSITIVE_INFINITY})
    void geo_longitudeOutOfRange_isRefused(double longitude) {
        refused("longitude", () -> new GeoPayload(0, longitude));
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void geo_altitudeNotFinite_isRefused(double altitude) {
        refused("altitude", () -> new GeoPayload(0, 0, altitude));
    }
}
