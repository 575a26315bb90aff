package dev.qrly.server;

import dev.qrly.core.DomainException;
import io.vertx.core.json.JsonObject;

/**
 * A refusal on its way to the client: status, machine-readable code, message and field. Every
 * error response is built here, as {@code {"error": {"code", "message", "field"}}}.
 */
class HttpError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;
    final String code;
    final String field;

    HttpError(int status, String code, String message, String field) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    static HttpError invalid(String field, String message) {
        return new HttpError(400, "invalid_field", message, field);
    }

    static HttpError of(DomainException e) {
        int status = switch (e.kind()) {
            case INVALID -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case TOO_LARGE -> 413;
            case TOO_MANY -> 429;
            case UNAVAILABLE -> 503;
        };
        return new HttpError(status, e.code(), e.getMessage(), e.field());
    }

    JsonObject body() {
        JsonObject error = new JsonObject().put("code", code).put("message", getMessage());
        if (field != null) {
            error.put("field", field);
        }
        return new JsonObject().put("error", error);
    }
}
