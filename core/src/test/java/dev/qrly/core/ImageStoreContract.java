package dev.qrly.core;

import static dev.qrly.core.StoreSamples.TENANT_A;
import static dev.qrly.core.StoreSamples.TENANT_B;
import static dev.qrly.core.StoreSamples.image;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qrly.core.code.CodeStyle;
import dev.qrly.core.image.ImageStore;
import dev.qrly.core.image.ImageVariant;
import dev.qrly.engine.ErrorCorrection;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link ImageStore}: variants are stored once per hash and found by it. */
public interface ImageStoreContract extends StorageFixture {

    String HASH = "0f".repeat(32);

    private ImageStore images() {
        return storage().images();
    }

    @BeforeEach
    default void givenTwoTenants() {
        givenTenants(TENANT_A, TENANT_B);
    }

    @Test
    default void insertIfAbsent_newVariant_roundTripsThroughFind() {
        ImageVariant variant = new ImageVariant(HASH, TENANT_A, "WIFI:T:WPA;S:Café 🏠;P:p@ss;;", ErrorCorrection.L,
                new CodeStyle("#010203", "#ABCDEF", 16));

        images().insertIfAbsent(variant);

        assertEquals(Optional.of(variant), images().find(HASH));
    }

    @Test
    default void insertIfAbsent_transparentBackground_roundTripsNull() {
        ImageVariant variant = image(HASH, TENANT_A);

        images().insertIfAbsent(variant);

        assertEquals(Optional.of(variant), images().find(HASH));
        assertEquals(null, images().find(HASH).orElseThrow().style().background());
    }

    @Test
    default void insertIfAbsent_hashStoredAlready_keepsTheFirst() {
        ImageVariant first = image(HASH, TENANT_A);
        images().insertIfAbsent(first);
        ImageVariant second = new ImageVariant(HASH, TENANT_B, "other data", ErrorCorrection.H, CodeStyle.DEFAULT);

        images().insertIfAbsent(second);
        images().insertIfAbsent(first);

        assertEquals(Optional.of(first), images().find(HASH));
    }

    @Test
    default void find_unknownHash_isEmpty() {
        images().insertIfAbsent(image(HASH, TENANT_A));

        assertEquals(Optional.empty(), images().find("e3".repeat(32)));
    }

    @Test
    default void findUnkeyed_mixedAddresses_pagesThroughOnlyTheUnkeyedInHashOrder() {
        List<String> unkeyed = List.of("0a".repeat(16), "1b".repeat(16), "2c".repeat(16));
        unkeyed.forEach(hash -> images().insertIfAbsent(image(hash, TENANT_A)));
        images().insertIfAbsent(image("05".repeat(20), TENANT_A));
        images().insertIfAbsent(image("1f".repeat(20), TENANT_B));

        List<ImageVariant> first = images().findUnkeyed("", 2);
        List<ImageVariant> rest = images().findUnkeyed(first.get(1).hash(), 2);

        assertEquals(unkeyed.subList(0, 2), first.stream().map(ImageVariant::hash).toList());
        assertEquals(unkeyed.subList(2, 3), rest.stream().map(ImageVariant::hash).toList());
        assertEquals(List.of(), images().findUnkeyed(rest.get(0).hash(), 2));
        assertEquals(Optional.of(image("0a".repeat(16), TENANT_A)), Optional.of(first.get(0)));
    }
}
