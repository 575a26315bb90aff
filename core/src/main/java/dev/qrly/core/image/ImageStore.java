package dev.qrly.core.image;

import java.util.Collection;
import java.util.Optional;

/** Port: the image variants owners have created. */
public interface ImageStore {

    /** Stores the variant unless one with its hash exists. */
    void insertIfAbsent(ImageVariant variant);

    Optional<ImageVariant> find(String hash);

    /** Stores each variant unless one with its hash exists; a store that can does it in one write. */
    default void insertAllIfAbsent(Collection<ImageVariant> variants) {
        variants.forEach(this::insertIfAbsent);
    }
}
