package dev.qrly.core.image;

import java.util.Optional;

/** Port: the image variants owners have created. */
public interface ImageStore {

    /** Stores the variant unless one with its hash exists. */
    void insertIfAbsent(ImageVariant variant);

    Optional<ImageVariant> find(String hash);
}
