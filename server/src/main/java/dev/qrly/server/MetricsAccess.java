package dev.qrly.server;

/**
 * Who may read {@code /metrics}: anyone (the default), only requests with a bearer token, and/or
 * only on a listener of its own, such as a port open to the monitoring network alone.
 *
 * @param token the bearer token {@code /metrics} asks for ({@code QR_METRICS_TOKEN}), or null for none
 * @param host the address of the metrics listener ({@code QR_METRICS_HOST})
 * @param port the port of the metrics listener ({@code QR_METRICS_PORT}); -1 for none, so that
 *     {@code /metrics} is on the service's own port; 0 for any free one
 */
public record MetricsAccess(String token, String host, int port) {

    /** {@code /metrics} on the service's port, open to anyone. */
    public static final MetricsAccess OPEN = new MetricsAccess(null, "127.0.0.1", -1);

    public MetricsAccess {
        if (token != null && token.isBlank()) {
            throw new IllegalArgumentException("the metrics token must not be blank");
        }
        if (port < -1 || port > 65_535) {
            throw new IllegalArgumentException("the metrics port must be from 0 to 65535, or -1 for none, not " + port);
        }
    }

    /** Whether {@code /metrics} has a listener of its own (and none on the service's port). */
    boolean separate() {
        return port >= 0;
    }
}
