package dev.qrly.server;

import dev.qrly.core.DomainException;
import dev.qrly.core.scan.RateLimiter;
import dev.qrly.core.tenant.Principal;
import dev.qrly.engine.InvalidInputException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What every API route shares: the bearer key checked (failures limited per client address,
 * {@link AuthFailures}), the key's rate limit, the work run on a
 * worker thread (the store blocks), and every outcome (a reply, or any failure) turned into a
 * response in one place, so that nothing a client sends can produce a 500 with a stack trace.
 */
final class Api {

    private static final Logger LOG = Logger.getLogger(Api.class.getName());

    /** An API action, run on a worker thread with the caller's principal. */
    @FunctionalInterface
    interface Action {
        Reply run(Principal caller) throws Exception;
    }

    /**
     * What an action answers. {@code body} is JSON text, raw bytes with their own content type, or
     * a file's {@link java.nio.file.Path}, sent from disk.
     */
    record Reply(int status, Object body, String contentType, Map<String, String> headers) {
        static Reply json(int status, Object jsonValue) {
            return new Reply(status, jsonValue, "application/json", Map.of());
        }

        static Reply empty(int status) {
            return new Reply(status, null, null, Map.of());
        }

        static Reply redirect(String location) {
            return new Reply(302, null, null, Map.of("Location", location));
        }

        Reply withHeader(String name, String value) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.put(name, value);
            return new Reply(status, body, contentType, all);
        }
    }

    private final Vertx vertx;
    private final Services services;
    private final Metrics metrics;
    private final RateLimiter perKey;
    private final Sessions sessions;
    private final AuthFailures failures;

    Api(Vertx vertx, Services services, Metrics metrics, RateLimiter perKey, Sessions sessions, AuthFailures failures) {
        this.vertx = vertx;
        this.services = services;
        this.metrics = metrics;
        this.perKey = perKey;
        this.sessions = sessions;
        this.failures = failures;
    }

    /** Runs an action for an authenticated caller, counting against its key's rate limit. */
    void authed(RoutingContext ctx, Action action) {
        run(ctx, action, true);
    }

    /** Like {@link #authed}, but the action decides whether it costs a token ({@link #charge}). */
    void authedUncharged(RoutingContext ctx, Action action) {
        run(ctx, action, false);
    }

    /** Takes one token of the caller's rate limit or refuses with 429. */
    void charge(Principal caller) {
        charge(caller.keyPrefix());
    }

    /** Takes one token of a bucket of the API's rate limit (a key's, or one client address's sign-ins) or refuses with 429. */
    void charge(String bucket) {
        long wait = perKey.tryAcquire(bucket);
        if (wait > 0) {
            long seconds = Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
            throw new RateLimited(seconds);
        }
    }

    private void run(RoutingContext ctx, Action action, boolean charged) {
        metrics.apiRequests.increment();
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        SessionProof proof = header == null ? SessionProof.of(ctx) : null;
        String key = bearer(header);
        String client = header == null ? null : failures.clientOf(ctx.request());
        vertx.executeBlocking(() -> {
            Sessions.Session session = proof == null ? null : session(proof);
            Principal caller = session != null ? services.access().resume(session.keyPrefix())
                    : client == null ? services.access().authenticate(null) : authenticate(key, client);
            if (charged) {
                charge(caller);
            }
            return action.run(caller);
        }, false).onComplete(result -> answer(ctx, result));
    }

    private void answer(RoutingContext ctx, AsyncResult<Reply> result) {
        if (result.succeeded()) {
            send(ctx, result.result());
        } else {
            fail(ctx, result.cause());
        }
    }

    /**
     * What a request shows of a dashboard session, read on the event loop: the cookie's token, the
     * CSRF header, and whether the method changes nothing.
     */
    record SessionProof(String token, String csrfToken, boolean safe) {
        /** The proof a request carries, or null when it has no session cookie. */
        static SessionProof of(RoutingContext ctx) {
            Cookie cookie = ctx.request().getCookie(Sessions.COOKIE);
            if (cookie == null) {
                return null;
            }
            HttpMethod method = ctx.request().method();
            return new SessionProof(cookie.getValue(), ctx.request().getHeader(Sessions.CSRF_HEADER),
                    method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS);
        }
    }

    /**
     * The dashboard session a request's proof names. A request that changes something must carry
     * the session's CSRF token. Reads the store: call it on a worker thread.
     *
     * @throws HttpError 401 if the cookie's session has ended, 403 if the CSRF token is missing or wrong
     */
    Sessions.Session session(SessionProof proof) {
        Sessions.Session session = sessions.find(proof.token())
                .orElseThrow(() -> new HttpError(401, "unauthorized", "the session has ended; sign in again", null));
        if (!proof.safe() && !Sessions.csrfMatches(session, proof.csrfToken())) {
            throw new HttpError(403, "csrf_failed", "this request needs the session's CSRF token in the "
                    + Sessions.CSRF_HEADER + " header", null);
        }
        return session;
    }

    /**
     * The caller a key presented by a client address belongs to; a failure counts against the
     * address. Reads the store: call it on a worker thread.
     *
     * @throws RateLimited if the address failed too often, before the key is checked, or with this failure
     * @throws DomainException (unauthenticated) if the key is not valid
     */
    Principal authenticate(String key, String client) {
        failures.check(client);
        try {
            return services.access().authenticate(key);
        } catch (DomainException e) {
            if (e.kind() == DomainException.Kind.UNAUTHENTICATED) {
                failures.failed(client);
            }
            throw e;
        }
    }

    /** The sessions of this server, for the sign-in routes. */
    Sessions sessions() {
        return sessions;
    }

    /** Runs an action that needs no credentials (signing in), on a worker thread. */
    void open(RoutingContext ctx, java.util.concurrent.Callable<Reply> action) {
        metrics.apiRequests.increment();
        vertx.executeBlocking(action, false).onComplete(result -> answer(ctx, result));
    }

    /** The JSON object body of a POST or PATCH, after the content type is checked; read strictly ({@link Bodies#jsonObject}). */
    static JsonObject jsonObject(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (!Bodies.isJson(type)) {
            throw new HttpError(415, "unsupported_media_type", "send the body as application/json"
                    + (type == null ? "" : ", not " + type), null);
        }
        return Bodies.jsonObject(ctx.body().buffer());
    }

    /** Sends the reply; a null reply means the action answered on its own (a streamed export). */
    static void send(RoutingContext ctx, Reply reply) {
        if (reply == null) {
            return;
        }
        var response = ctx.response().setStatusCode(reply.status());
        reply.headers().forEach(response::putHeader);
        if (reply.body() == null) {
            response.end();
        } else if (reply.body() instanceof java.nio.file.Path file) {
            // streamed from the file by the event loop, never read whole into memory
            response.putHeader(HttpHeaders.CONTENT_TYPE, reply.contentType()).sendFile(file.toString());
        } else if (reply.body() instanceof byte[] bytes) {
            response.putHeader(HttpHeaders.CONTENT_TYPE, reply.contentType()).end(Buffer.buffer(bytes));
        } else {
            String text = reply.body() instanceof JsonObject o ? o.encode()
                    : reply.body() instanceof io.vertx.core.json.JsonArray a ? a.encode() : reply.body().toString();
            response.putHeader(HttpHeaders.CONTENT_TYPE, reply.contentType()).end(text);
        }
    }

    /** Answers any failure as the JSON error the contract describes. */
    void fail(RoutingContext ctx, Throwable failure) {
        metrics.apiErrors.increment();
        HttpError error = toHttpError(failure);
        if (ctx.response().ended()) {
            return;
        }
        if (ctx.response().headWritten()) {
            // a stream failed half-way: cut the connection, so the client sees a broken transfer, not a short file
            ctx.response().reset();
            return;
        }
        var response = ctx.response().setStatusCode(error.status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (failure instanceof RateLimited limited) {
            response.putHeader("Retry-After", Long.toString(limited.seconds));
        } else if (error.status == 429) {
            response.putHeader("Retry-After", "10");
        } else if (error.status == 503) {
            response.putHeader("Retry-After", "30"); // a store away or a full disk: worth trying again, not at once
        }
        if (error.status == 401) {
            response.putHeader("WWW-Authenticate", "Bearer");
        }
        response.end(error.body().encode());
    }

    static HttpError toHttpError(Throwable failure) {
        if (failure instanceof HttpError e) {
            return e;
        }
        if (failure instanceof DomainException e) {
            return HttpError.of(e);
        }
        if (failure instanceof InvalidInputException e) {
            return HttpError.invalid(e.field(), e.getMessage());
        }
        String incident = Long.toHexString(System.nanoTime());
        LogBudget.SHARED.log(LOG, Level.SEVERE, "internal " + failure.getClass().getName(), "internal error " + incident, failure);
        return new HttpError(500, "internal", "internal error " + incident + "; it is logged on the server", null);
    }

    private static String bearer(String header) {
        if (header == null) {
            return null;
        }
        String trimmed = header.strip();
        return trimmed.regionMatches(true, 0, "Bearer ", 0, 7) ? trimmed.substring(7).strip() : "";
    }

    /** Over the key's rate limit. */
    static final class RateLimited extends HttpError {
        private static final long serialVersionUID = 1L;
        final long seconds;

        RateLimited(long seconds) {
            this(seconds, "too many requests for this API key; retry in " + seconds + " s");
        }

        RateLimited(long seconds, String message) {
            super(429, "rate_limited", message, null);
            this.seconds = seconds;
        }
    }
}
