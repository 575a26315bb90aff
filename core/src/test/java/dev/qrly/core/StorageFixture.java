package dev.qrly.core;

import dev.qrly.core.code.Code;

/**
 * What the per-port contract interfaces need from {@link StorageContract}: the storage under test
 * and a few ways to fill it.
 */
public interface StorageFixture {

    /** The storage under test, open. */
    Storage storage();

    /** Closes the storage under test and opens it again on the same data; returns the new one. */
    Storage reopen();

    /** Stores the tenants, which the stores may require before anything of theirs is stored. */
    default void givenTenants(String... ids) {
        for (String id : ids) {
            storage().tenants().insertTenant(StoreSamples.tenant(id));
        }
    }

    /** Stores the code with its first history entry and returns it. */
    default Code given(Code code) {
        storage().codes().insert(code, StoreSamples.firstChange(code));
        return code;
    }
}
