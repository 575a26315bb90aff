package dev.qrly.core;

import java.time.Duration;

/**
 * Port: runs a periodic job (the retention purge) on one instance at a time. An instance runs the
 * job only while it holds the job's lease; a lease ends when the job does, or after its duration
 * if the instance dies holding it. The jobs are safe to run twice, so a lease is about not doing
 * the same work on every instance, not about correctness.
 */
public interface Leases {

    /** One instance alone: it always holds every lease. */
    Leases LOCAL = (name, lease, job) -> {
        job.run();
        return true;
    };

    /**
     * Runs {@code job} on this thread if no other instance holds the lease {@code name}, holding it
     * meanwhile (for {@code lease} at most). When the lease cannot be checked (its backend is
     * down), the job runs: it is safe to run twice, and skipping it could skip it everywhere.
     *
     * @return whether the job ran here
     */
    boolean runAlone(String name, Duration lease, Runnable job);
}
