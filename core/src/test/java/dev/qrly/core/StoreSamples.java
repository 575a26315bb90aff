package dev.qrly.core;

import dev.qrly.core.code.Code;
import dev.qrly.core.code.CodeStyle;
import dev.qrly.core.code.DestinationChange;
import dev.qrly.core.code.Slugs;
import dev.qrly.core.image.ImageVariant;
import dev.qrly.core.analytics.Client;
import dev.qrly.core.analytics.DeviceClass;
import dev.qrly.core.analytics.Place;
import dev.qrly.core.analytics.Scan;
import dev.qrly.core.scan.ScanEvent;
import dev.qrly.core.scan.ScanSource;
import dev.qrly.core.tenant.ApiKey;
import dev.qrly.core.tenant.Tenant;
import dev.qrly.engine.ErrorCorrection;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Values the store contract suite stores: plain, readable, and all times whole milliseconds. */
public final class StoreSamples {

    /** A whole-millisecond time every sample is relative to. */
    public static final Instant T0 = Instant.parse("2026-03-01T09:30:00.123Z");

    public static final String TENANT_A = "TENANTAA";
    public static final String TENANT_B = "TENANTBB";

    private StoreSamples() {}

    /**
     * The n-th code id: 8 characters of the id alphabet whose string order is numeric order, so a
     * test can tell what "id descending" means without sorting strings itself.
     */
    public static String id(int n) {
        char[] id = new char[Slugs.ID_LENGTH];
        int rest = n;
        for (int i = id.length - 1; i >= 0; i--) {
            id[i] = Slugs.ID_ALPHABET.charAt(rest % Slugs.ID_ALPHABET.length());
            rest /= Slugs.ID_ALPHABET.length();
        }
        return new String(id);
    }

    public static Tenant tenant(String id) {
        return new Tenant(id, "Tenant " + id, T0);
    }

    /** A live code of the tenant with defaults for everything but its number. */
    public static CodeBuilder code(String tenantId, int n) {
        return new CodeBuilder(id(n), tenantId, "code-" + n);
    }

    /** The history entry an insert of {@code code} writes first. */
    public static DestinationChange firstChange(Code code) {
        return new DestinationChange(code.destination(), code.createdAt(), "qk_first");
    }

    public static ApiKey key(String prefix, String tenantId) {
        byte[] hash = new byte[32];
        for (int i = 0; i < hash.length; i++) {
            hash[i] = (byte) (i * 37 + prefix.hashCode());
        }
        return new ApiKey(prefix, tenantId, hash, false, T0, null);
    }

    /** The event as a human on an iPhone in Paris would be recorded; the address hash is the address's hash code. */
    public static Scan enriched(ScanEvent e) {
        return new Scan(e.id(), e.codeId(), e.at(), e.source(), e.outcome(), e.head(), e.prefetch(), e.variant(), e.ip(),
                e.ip().hashCode(), e.userAgent(), e.referrer(), e.referrer() == null ? null : "ref.example", e.acceptLanguage(),
                new Client(DeviceClass.MOBILE, "iOS", "Safari", null), new Place("FR", "Paris"));
    }

    /** A scan of the code at {@code T0 + n} seconds, with every optional field set. */
    public static ScanEvent scan(Code code, int n) {
        return new ScanEvent(new UUID(0x0190_0000_0000_7000L + n, 0x8000_0000_0000_0000L + n), code.id(), code.tenantId(),
                T0.plusSeconds(n), "203.0.113." + (n % 250), "Mozilla/5.0 (scan " + n + ")", "https://ref.example/" + n,
                "fr-CH, fr;q=0.9", ScanSource.QR, false, false, ScanEvent.Outcome.REDIRECTED, null);
    }

    public static ImageVariant image(String hash, String tenantId) {
        return new ImageVariant(hash, tenantId, "HTTPS://QR.EXAMPLE/R/" + hash.substring(0, 8).toUpperCase(), ErrorCorrection.Q,
                new CodeStyle("#112233", null, 2));
    }

    /** Builds codes field by field; starts from a copy when given one. */
    public static final class CodeBuilder {
        private String id;
        private String tenantId;
        private String slug;
        private String destination = "https://example.com/landing";
        private String label;
        private List<String> tags = List.of();
        private boolean active = true;
        private Instant expiresAt;
        private Long maxScans;
        private ErrorCorrection errorCorrection = ErrorCorrection.M;
        private CodeStyle style = CodeStyle.DEFAULT;
        private Instant createdAt = T0;
        private Instant updatedAt = T0;
        private Instant deletedAt;

        CodeBuilder(String id, String tenantId, String slug) {
            this.id = id;
            this.tenantId = tenantId;
            this.slug = slug;
        }

        public static CodeBuilder from(Code c) {
            CodeBuilder b = new CodeBuilder(c.id(), c.tenantId(), c.slug());
            b.destination = c.destination();
            b.label = c.label();
            b.tags = c.tags();
            b.active = c.active();
            b.expiresAt = c.expiresAt();
            b.maxScans = c.maxScans();
            b.errorCorrection = c.errorCorrection();
            b.style = c.style();
            b.createdAt = c.createdAt();
            b.updatedAt = c.updatedAt();
            b.deletedAt = c.deletedAt();
            return b;
        }

        public CodeBuilder id(String value) {
            id = value;
            return this;
        }

        public CodeBuilder tenantId(String value) {
            tenantId = value;
            return this;
        }

        public CodeBuilder slug(String value) {
            slug = value;
            return this;
        }

        public CodeBuilder destination(String value) {
            destination = value;
            return this;
        }

        public CodeBuilder label(String value) {
            label = value;
            return this;
        }

        public CodeBuilder tags(String... values) {
            tags = List.of(values);
            return this;
        }

        public CodeBuilder active(boolean value) {
            active = value;
            return this;
        }

        public CodeBuilder expiresAt(Instant value) {
            expiresAt = value;
            return this;
        }

        public CodeBuilder maxScans(Long value) {
            maxScans = value;
            return this;
        }

        public CodeBuilder errorCorrection(ErrorCorrection value) {
            errorCorrection = value;
            return this;
        }

        public CodeBuilder style(CodeStyle value) {
            style = value;
            return this;
        }

        public CodeBuilder createdAt(Instant value) {
            createdAt = value;
            updatedAt = value;
            return this;
        }

        public CodeBuilder updatedAt(Instant value) {
            updatedAt = value;
            return this;
        }

        public CodeBuilder deletedAt(Instant value) {
            deletedAt = value;
            return this;
        }

        public Code build() {
            return new Code(id, tenantId, slug, destination, label, tags, active, expiresAt, maxScans, errorCorrection, style,
                    createdAt, updatedAt, deletedAt);
        }
    }
}
