package dev.qrly.app;

import dev.qrly.core.image.ImageService;
import dev.qrly.core.tenant.TenantStore;
import java.time.Clock;
import java.util.random.RandomGenerator;

/**
 * The installation's image address key, kept in the store ({@link TenantStore#installationSecret})
 * beside the address hashing key: every instance sharing the store gives the same content the same
 * address, and the first instance to start proposes it. Losing it only changes the addresses given
 * out from then on (variants already stored keep theirs).
 */
final class ImageAddressKey {

    static final String SECRET_NAME = "image-address";

    private ImageAddressKey() {
    }

    static byte[] of(TenantStore store, Clock clock, RandomGenerator random) {
        byte[] key = store.installationSecret(SECRET_NAME, ImageService.newKey(random), clock.instant());
        if (key.length != ImageService.KEY_BYTES) {
            throw new IllegalStateException("the store's image address key holds " + key.length + " bytes, not " + ImageService.KEY_BYTES);
        }
        return key;
    }
}
