package dev.qrly.core.image;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.qrly.core.DomainException;
import dev.qrly.core.code.CodeStyle;
import dev.qrly.engine.EncodeOptions;
import dev.qrly.engine.ErrorCorrection;
import dev.qrly.engine.InvalidInputException;
import dev.qrly.engine.QrEncoder;
import dev.qrly.engine.QrSymbol;
import dev.qrly.engine.render.PdfRenderer;
import dev.qrly.engine.render.PngRenderer;
import dev.qrly.engine.render.SvgRenderer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Images named by what they show: a variant (data, error correction, style) has an address that
 * never changes meaning, so its URL can be cached for ever by browsers and CDNs.
 *
 * <p>The address is keyed: an HMAC-SHA-256 of the variant under the installation's image secret,
 * so it reveals nothing about the content to whoever does not already hold it, and guessing a static
 * code's content (a Wi-Fi password, say) by computing addresses and asking for them is not
 * possible without the secret. Versions before keyed addresses named variants by a plain hash of
 * their content; those variants stay stored under it, so addresses already given out keep
 * serving, and {@link #addKeyedTwins} stores each of them again under its keyed address.
 *
 * <p>Rendered bytes are kept in an LRU bounded by bytes, keyed by address, format and size; a miss
 * renders from the stored variant. Only variants that an authenticated owner {@linkplain #register
 * registered} are served: no public route renders arbitrary data or styles.
 */
public final class ImageService {

    /** One rendered image. */
    public record Image(byte[] bytes, ImageFormat format, int size, String etag) {}

    private record Key(String hash, ImageFormat format, int size) {}

    /** Bytes of a new image address key. */
    public static final int KEY_BYTES = 32;
    /** Characters of the unkeyed addresses of earlier versions (128 bits of SHA-256, in hex). */
    public static final int UNKEYED_LENGTH = 32;
    /** Characters of a keyed address (160 bits of HMAC-SHA-256, in hex): never an unkeyed one's length. */
    public static final int KEYED_LENGTH = 40;
    private static final int TWIN_PAGE = 500;

    private final ImageStore store;
    private final SecretKeySpec key;
    private final Cache<Key, Image> rendered;

    /**
     * @param addressKey the installation's image address secret, at least 16 bytes; the same on every
     *     instance that shares the store, or their addresses differ
     * @param cacheBytes the most bytes of rendered images kept in memory
     */
    public ImageService(ImageStore store, byte[] addressKey, long cacheBytes) {
        this.store = Objects.requireNonNull(store, "store");
        if (addressKey.length < 16) {
            throw new IllegalArgumentException("the image address key needs at least 16 bytes, not " + addressKey.length);
        }
        this.key = new SecretKeySpec(addressKey.clone(), "HmacSHA256");
        this.rendered = Caffeine.newBuilder().maximumWeight(cacheBytes)
                .weigher((Key k, Image v) -> v.bytes().length + 64).build();
    }

    /** A fresh random key of {@link #KEY_BYTES} bytes. */
    public static byte[] newKey(RandomGenerator random) {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        return key;
    }

    /** The address that names a variant in public URLs: {@link #KEYED_LENGTH} hex characters of an HMAC of its canonical form. */
    public String address(String data, ErrorCorrection level, CodeStyle style) {
        String canonical = "qrly-image-v1\n" + level + "\n" + style.foreground() + "\n"
                + (style.background() == null ? "transparent" : style.background()) + "\n" + style.margin() + "\n" + data;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)), 0, KEYED_LENGTH / 2);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    /**
     * Stores every variant an earlier version stored under an unkeyed address again under its keyed
     * address (the unkeyed one stays and keeps serving), so that the addresses this version gives
     * out for old codes serve too. Idempotent; reads the store page by page: call it off the event loop.
     *
     * @return how many variants with unkeyed addresses there are
     */
    public int addKeyedTwins() {
        int seen = 0;
        String after = "";
        while (true) {
            List<ImageVariant> page = store.findUnkeyed(after, TWIN_PAGE);
            if (page.isEmpty()) {
                return seen;
            }
            List<ImageVariant> twins = new ArrayList<>(page.size());
            for (ImageVariant old : page) {
                twins.add(new ImageVariant(address(old.data(), old.errorCorrection(), old.style()), old.tenantId(), old.data(),
                        old.errorCorrection(), old.style()));
            }
            store.insertAllIfAbsent(twins);
            seen += page.size();
            after = page.get(page.size() - 1).hash();
        }
    }

    /**
     * Records a variant an owner created and returns its hash. Checks first that the data fits a
     * QR code at that level, so that a registered variant always renders.
     *
     * @throws DomainException ({@code data}) if it does not fit
     */
    public String register(String tenantId, String data, ErrorCorrection level, CodeStyle style) {
        encode(data, level);
        String hash = address(data, level, style);
        store.insertIfAbsent(new ImageVariant(hash, tenantId, data, level, style));
        return hash;
    }

    /**
     * The smallest PNG width, in pixels, at which a code of this data renders (3 pixels a module).
     *
     * @throws DomainException ({@code data}) if it does not fit a QR code at this level
     */
    public static int minimumPngSize(String data, ErrorCorrection level, CodeStyle style) {
        return PngRenderer.minimumSize(encode(data, level), style.toStyle());
    }

    /** A rendered image from the cache, or empty: no I/O. */
    public Optional<Image> cached(String hash, ImageFormat format, int size) {
        return Optional.ofNullable(rendered.getIfPresent(new Key(hash, format, size)));
    }

    /**
     * Renders a registered variant (reading the store on a cache miss: call it off the event loop).
     *
     * @param size as {@link ImageFormat} describes it; 0 for the format's default
     * @return empty if no variant has this hash
     * @throws DomainException ({@code size}) if the size does not suit the format or the code
     */
    public Optional<Image> render(String hash, ImageFormat format, int size) {
        Image hit = rendered.getIfPresent(new Key(hash, format, size));
        if (hit != null) {
            return Optional.of(hit);
        }
        return store.find(hash).map(variant -> renderAndCache(variant, format, size));
    }

    /** Renders a variant that need not be stored (a static code's preview), through the same cache. */
    public Image render(ImageVariant variant, ImageFormat format, int size) {
        Image hit = rendered.getIfPresent(new Key(variant.hash(), format, size));
        return hit != null ? hit : renderAndCache(variant, format, size);
    }

    /** A format and size to render. */
    public record Target(ImageFormat format, int size) {}

    /**
     * Renders a variant in several formats and sizes, encoding it once for all of them, through the
     * same cache: what a batch needs of each code. The variant need not be stored.
     *
     * @return the images in the order of {@code targets}
     */
    public List<Image> render(ImageVariant variant, List<Target> targets) {
        List<Image> out = new ArrayList<>(targets.size());
        QrSymbol symbol = null;
        for (Target target : targets) {
            Image hit = rendered.getIfPresent(new Key(variant.hash(), target.format(), target.size()));
            if (hit == null) {
                if (symbol == null) {
                    symbol = encode(variant.data(), variant.errorCorrection());
                }
                hit = renderAndCache(variant, symbol, target.format(), target.size());
            }
            out.add(hit);
        }
        return out;
    }

    /**
     * Records variants that have been rendered already (so they fit), in one write where the store
     * can: a batch's images.
     */
    public void registerRendered(Collection<ImageVariant> variants) {
        store.insertAllIfAbsent(variants);
    }

    private Image renderAndCache(ImageVariant variant, ImageFormat format, int size) {
        return renderAndCache(variant, encode(variant.data(), variant.errorCorrection()), format, size);
    }

    private Image renderAndCache(ImageVariant variant, QrSymbol symbol, ImageFormat format, int size) {
        byte[] bytes;
        try {
            bytes = switch (format) {
                case PNG -> PngRenderer.render(symbol, variant.style().toStyle(),
                        size == 0 ? Math.max(300, PngRenderer.minimumSize(symbol, variant.style().toStyle())) : size);
                case SVG -> SvgRenderer.render(symbol, variant.style().toStyle(), size).getBytes(StandardCharsets.UTF_8);
                case PDF -> PdfRenderer.render(symbol, variant.style().toStyle(), size == 0 ? PdfRenderer.DEFAULT_SIZE_MM : size);
            };
        } catch (InvalidInputException e) {
            throw DomainException.invalid(e.field(), e.getMessage());
        }
        Image image = new Image(bytes, format, size, "\"" + variant.hash() + "-" + format.extension() + "-" + size + "\"");
        rendered.put(new Key(variant.hash(), format, size), image);
        return image;
    }

    private static QrSymbol encode(String data, ErrorCorrection level) {
        try {
            return QrEncoder.encode(data, EncodeOptions.defaults().withErrorCorrection(level));
        } catch (InvalidInputException e) {
            throw DomainException.invalid(e.field(), e.getMessage());
        }
    }
}
