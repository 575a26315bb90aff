package dev.qrly.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.analytics.MmdbGeoLocator.Schema;
import dev.qrly.core.analytics.GeoLocator;
import dev.qrly.core.analytics.Place;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What needs no database: schema detection, reading a record, and the errors of opening. */
class MmdbGeoLocatorTest {

    private static final Map<String, Object> FLAT = flat("US", "Mountain View");

    private static final Map<String, Object> NESTED = Map.of(
            "continent", Map.of("code", "EU"),
            "country", Map.of("iso_code", "CH", "names", Map.of("en", "Switzerland")),
            "registered_country", Map.of("iso_code", "CH"),
            "city", Map.of("geoname_id", 2657896L, "names", Map.of("de", "Zürich", "en", "Zurich")));

    private static Map<String, Object> flat(String country, String city) {
        Map<String, Object> record = new HashMap<>();
        record.put("country_code", country);
        record.put("city", city);
        record.put("state1", "California");
        record.put("state2", "");
        record.put("postcode", "");
        record.put("latitude", 37.4);
        record.put("longitude", -122.0);
        record.put("timezone", "");
        return record;
    }

    @Test
    void theSchemaComesFromARecord() {
        assertEquals(Schema.FLAT, MmdbGeoLocator.schemaOf("city ipv4", FLAT));
        assertEquals(Schema.FLAT, MmdbGeoLocator.schemaOf("whatever", FLAT));
        assertEquals(Schema.MAXMIND, MmdbGeoLocator.schemaOf("GeoLite2-City", NESTED));
        assertEquals(Schema.MAXMIND, MmdbGeoLocator.schemaOf("DBIP-City-Lite", NESTED));
        assertEquals(Schema.MAXMIND, MmdbGeoLocator.schemaOf("GeoIP2-Anonymous", Map.of("registered_country", Map.of("iso_code", "US"))));
        // an ASN database has no country at all
        assertNull(MmdbGeoLocator.schemaOf("GeoLite2-ASN", Map.of("autonomous_system_number", 15169L)));
        // a flat "country" string is not MaxMind's country map
        assertNull(MmdbGeoLocator.schemaOf("odd", Map.of("country", "US")));
    }

    @Test
    void theSchemaComesFromTheTypeWhenThereIsNoRecord() {
        assertEquals(Schema.FLAT, MmdbGeoLocator.schemaOf("city ipv6", null));
        assertEquals(Schema.FLAT, MmdbGeoLocator.schemaOf("country ipv4", null));
        assertEquals(Schema.MAXMIND, MmdbGeoLocator.schemaOf("GeoLite2-City", null));
        assertEquals(Schema.MAXMIND, MmdbGeoLocator.schemaOf("GeoIP2-Country", null));
        assertEquals(Schema.MAXMIND, MmdbGeoLocator.schemaOf("GeoIP2-Enterprise", null));
        assertNull(MmdbGeoLocator.schemaOf("GeoLite2-ASN", null));
        assertNull(MmdbGeoLocator.schemaOf(null, null));
    }

    @Test
    void readsFlatRecords() {
        assertEquals(new Place("US", "Mountain View"), MmdbGeoLocator.place(Schema.FLAT, FLAT));
        assertEquals(new Place("DE", null), MmdbGeoLocator.place(Schema.FLAT, flat("de", "")));
        assertEquals(new Place("NL", "Amsterdam"), MmdbGeoLocator.place(Schema.FLAT, flat("NL", "Amsterdam (Amsterdam-Centrum)")));
        assertEquals(Place.UNKNOWN, MmdbGeoLocator.place(Schema.FLAT, flat("", "Somewhere")));
        assertEquals(Place.UNKNOWN, MmdbGeoLocator.place(Schema.FLAT, flat("USA", "Somewhere")));
        assertEquals(Place.UNKNOWN, MmdbGeoLocator.place(Schema.FLAT, flat("1A", null)));
        assertEquals(Place.UNKNOWN, MmdbGeoLocator.place(Schema.FLAT, flat("ÄÖ", null)));
        assertEquals(Place.UNKNOWN, MmdbGeoLocator.place(Schema.FLAT, Map.of("country_code", 7L)));
    }

    @Test
    void readsNestedRecords() {
        assertEquals(new Place("CH", "Zurich"), MmdbGeoLocator.place(Schema.MAXMIND, NESTED));
        // no location: the country the network is registered in
        assertEquals(new Place("US", null), MmdbGeoLocator.place(Schema.MAXMIND,
                Map.of("registered_country", Map.of("iso_code", "US"), "traits", Map.of("is_satellite_provider", true))));
        // a city without an English name
        assertEquals(new Place("JP", null), MmdbGeoLocator.place(Schema.MAXMIND,
                Map.of("country", Map.of("iso_code", "JP"), "city", Map.of("names", Map.of("ja", "藤沢市")))));
        assertEquals(Place.UNKNOWN, MmdbGeoLocator.place(Schema.MAXMIND, Map.of("continent", Map.of("code", "EU"))));
        assertEquals(Place.UNKNOWN, MmdbGeoLocator.place(Schema.MAXMIND, Map.of("country", "CH")));
    }

    @Test
    void theDistrictInParenthesesIsCut() {
        assertEquals("Amsterdam", MmdbGeoLocator.withoutDistrict("Amsterdam (Amsterdam-Centrum)"));
        assertEquals("Zurich", MmdbGeoLocator.withoutDistrict("Zurich (Zurich (Kreis 1) / Hochschulen)"));
        assertEquals("Seoul", MmdbGeoLocator.withoutDistrict("Seoul (Namdaemunno 5(o)-ga)"));
        assertEquals("Frankfurt (Oder)", MmdbGeoLocator.withoutDistrict("Frankfurt (Oder) (Siedlung Markendorf)"));
        assertEquals("Frankfurt am Main", MmdbGeoLocator.withoutDistrict("Frankfurt am Main"));
        assertEquals("Freiburg (Elbe) Flecken", MmdbGeoLocator.withoutDistrict("Freiburg (Elbe) Flecken"));
        assertEquals("(Unbalanced", MmdbGeoLocator.withoutDistrict("(Unbalanced"));
        assertEquals("(Only)", MmdbGeoLocator.withoutDistrict("(Only)"));
        assertEquals("Odd)", MmdbGeoLocator.withoutDistrict("Odd)"));
        assertNull(MmdbGeoLocator.withoutDistrict(null));
    }

    @Test
    void findWithoutSettingOrDirectoryIsNone(@TempDir Path dataDir) throws Exception {
        assertSame(GeoLocator.NONE, MmdbGeoLocator.find(null, null));
        assertSame(GeoLocator.NONE, MmdbGeoLocator.find(dataDir, null));
        assertSame(GeoLocator.NONE, MmdbGeoLocator.find(dataDir, "  "));
        Files.createDirectories(dataDir.resolve("geoip"));
        Files.writeString(dataDir.resolve("geoip/SOURCE"), "half a fetch");
        assertSame(GeoLocator.NONE, MmdbGeoLocator.find(dataDir, null));
        assertEquals("unknown", MmdbGeoLocator.find(dataDir, null).locate("8.8.8.8").country());
    }

    @Test
    void aSettingThatNamesNothingIsAnError(@TempDir Path dir) {
        Path missing = dir.resolve("GeoLite2-City.mmdb");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MmdbGeoLocator.find(dir, missing.toString()));
        assertEquals("geo database not found: " + missing, e.getMessage());
    }

    @Test
    void anEmptyDirectoryIsAnError(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MmdbGeoLocator.open(dir));
        assertEquals("no .mmdb file in " + dir + " (bin/fetch-geoip installs one)", e.getMessage());
    }

    @Test
    void aFileThatIsNoDatabaseIsAnError(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("city.mmdb"), "<html>404 Not Found</html>\n".repeat(100));
        assertOneLineError(text);
        Path empty = Files.createFile(dir.resolve("empty.mmdb"));
        assertOneLineError(empty);
        byte[] marker = "\u00ab\u00cd\u00efMaxMind.com".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] truncated = new byte[200];
        System.arraycopy(marker, 0, truncated, 100, marker.length); // a metadata marker and nothing after it
        assertOneLineError(Files.write(dir.resolve("truncated.mmdb"), truncated));
    }

    private static void assertOneLineError(Path file) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MmdbGeoLocator.open(file));
        assertTrue(e.getMessage().startsWith("not a MaxMind DB (.mmdb) file: " + file), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
}
