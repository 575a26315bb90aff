package dev.qrly.core.code;

/**
 * Port: told after every committed change to a code, so that redirect caches drop the old answer
 * (in-process at once; across instances through a bus such as Redis pub/sub).
 */
@FunctionalInterface
public interface CodeChanges {

    /** The code as it now is, after a create, update or delete. Must not block or throw. */
    void changed(Code code);
}
