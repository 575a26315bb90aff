package dev.qrly.core.code;

import dev.qrly.core.DomainException;
import java.util.Locale;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Code ids and vanity slugs.
 *
 * <p>Ids are 8 characters from 32 upper-case letters and digits without the look-alikes 0/O and
 * 1/I: 40 random bits, typed back correctly from a printed label, and all in the QR alphanumeric
 * set so that the whole encoded URL stays in alphanumeric mode. Vanity slugs are letters, digits
 * and {@code -}, 3 to 64 long, matched case-insensitively, and never a word the service routes.
 */
public final class Slugs {

    /** The alphabet of generated ids. */
    public static final String ID_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    public static final int ID_LENGTH = 8;
    public static final int MIN_LENGTH = 3;
    public static final int MAX_LENGTH = 64;

    /** Path segments the service uses itself, or might: never a slug. */
    private static final Set<String> RESERVED = Set.of("API", "I", "R", "HEALTHZ", "READYZ", "METRICS", "STATIC", "ASSETS",
            "WEBJARS", "DASHBOARD", "LOGIN", "LOGOUT", "ADMIN", "FAVICON-ICO", "ROBOTS-TXT", "WELL-KNOWN", "OPENAPI", "DOCS",
            "STATS", "CODES", "BATCHES", "NEW", "EDIT");

    private Slugs() {}

    /** A new random id. */
    public static String newId(RandomGenerator random) {
        char[] id = new char[ID_LENGTH];
        for (int i = 0; i < ID_LENGTH; i++) {
            id[i] = ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length()));
        }
        return new String(id);
    }

    /** The lookup key of a slug: upper case, so that slugs match case-insensitively. */
    public static String key(String slug) {
        return slug.toUpperCase(Locale.ROOT);
    }

    /**
     * Checks a vanity slug.
     *
     * @return the slug as given
     * @throws DomainException ({@code slug}) if it is malformed or reserved
     */
    public static String checkVanity(String slug) {
        if (slug.length() < MIN_LENGTH || slug.length() > MAX_LENGTH) {
            throw DomainException.invalid("slug", "slug must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters long, not "
                    + slug.length());
        }
        for (int i = 0; i < slug.length(); i++) {
            char c = slug.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-';
            if (!ok) {
                throw DomainException.invalid("slug", "slug may hold only letters A-Z, digits and '-'; '" + printable(c)
                        + "' at position " + (i + 1) + " is none of those");
            }
        }
        if (slug.startsWith("-") || slug.endsWith("-")) {
            throw DomainException.invalid("slug", "slug must not start or end with '-'");
        }
        if (RESERVED.contains(key(slug))) {
            throw DomainException.invalid("slug", "slug '" + slug + "' is reserved for the service's own routes");
        }
        return slug;
    }

    /** Whether a slug-shaped word is one of the service's own path names (never a slug). */
    public static boolean reserved(String text) {
        return RESERVED.contains(key(text));
    }

    /** Whether text has the shape of a slug or id (the redirect route's quick check before any lookup). */
    public static boolean plausible(String text) {
        if (text.isEmpty() || text.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static String printable(char c) {
        return Character.isISOControl(c) || Character.isWhitespace(c) ? String.format("U+%04X", (int) c) : String.valueOf(c);
    }
}
