package dev.qrly.core.image;

import java.util.Collection;
import java.util.List;
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

    /**
     * Variants stored under an unkeyed address (the {@value ImageService#UNKEYED_LENGTH}-character
     * hashes of versions before keyed addresses), in hash order: a page for re-addressing them.
     *
     * @param after only hashes greater than this; "" for the first page
     * @param limit at most this many, 1 or more
     */
    List<ImageVariant> findUnkeyed(String after, int limit);
}
