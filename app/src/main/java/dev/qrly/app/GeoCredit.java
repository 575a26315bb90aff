package dev.qrly.app;

import java.util.Locale;

/**
 * The credit a geo database's licence asks for wherever its locations are shown: DB-IP's free
 * databases are CC BY 4.0 and ask for a link back; MaxMind's GeoLite2 asks to be named.
 */
final class GeoCredit {

    private GeoCredit() {}

    /** The credit for a database as {@code GeoLocator.describe()} names it, or null for none or an unknown one. */
    static String of(String description) {
        String name = description == null ? "" : description.toLowerCase(Locale.ROOT);
        if (name.contains("dbip") || name.contains("db-ip")) {
            return "IP Geolocation by DB-IP (https://db-ip.com), licensed under CC BY 4.0";
        }
        if (name.contains("geolite2")) {
            return "This product includes GeoLite2 data created by MaxMind, available from https://www.maxmind.com";
        }
        return null;
    }
}
