package dev.qrly.server;

import dev.qrly.core.code.ShortLinks;
import dev.qrly.core.tenant.AccessService;
import dev.qrly.core.tenant.Principal;
import dev.qrly.core.tenant.Tenant;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Signing in to the dashboard with an API key, and out again: {@code /api/v1/session}.
 *
 * <p>Signing in is rate limited per client address like an API key's requests, and its failures
 * count with bad bearer keys' ({@link AuthFailures}), so that guessing keys from one address is
 * slow on top of hopeless (a key has 160 random bits).
 */
final class SessionApi {

    private final Api api;
    private final AccessService access;
    private final ShortLinks links;
    private final TrustedProxies proxies;
    private final String geoCredit;

    SessionApi(Api api, Services services, TrustedProxies proxies, String geoCredit) {
        this.api = api;
        this.access = services.access();
        this.links = services.links();
        this.proxies = proxies;
        this.geoCredit = geoCredit;
    }

    void mount(Router router) {
        router.post("/api/v1/session").handler(this::signIn);
        router.get("/api/v1/session").handler(this::show);
        router.delete("/api/v1/session").handler(this::signOut);
    }

    private void signIn(RoutingContext ctx) {
        String client = proxies.clientAddress(ctx.request().remoteAddress().hostAddress(),
                ctx.request().getHeader("X-Forwarded-For"));
        boolean https = https(ctx);
        api.open(ctx, () -> {
            api.charge("sign-in " + client);
            JsonBody body = JsonBody.of(Api.jsonObject(ctx), Set.of("apiKey"));
            String key = body.requiredString("apiKey").strip();
            Principal caller;
            try {
                caller = api.authenticate(key, client);
            } catch (dev.qrly.core.DomainException e) {
                throw new HttpError(401, "unauthorized", "that API key is not valid", "apiKey");
            }
            Sessions.Started started = api.sessions().start(caller.keyPrefix());
            return Api.Reply.json(200, describe(caller, started.session()))
                    .withHeader("Set-Cookie", cookie(started.token(), https, Sessions.LIFETIME.toSeconds()));
        });
    }

    /**
     * Who is signed in. With a bearer key, that key's principal (401 if it is not valid). Without
     * one this is the dashboard asking at every load whether its cookie still holds a session:
     * "no" is an answer, {@code signedIn: false}, not an error, so a signed-out load logs none.
     */
    private void show(RoutingContext ctx) {
        if (ctx.request().getHeader(HttpHeaders.AUTHORIZATION) != null) {
            api.authedUncharged(ctx, caller -> Api.Reply.json(200, describe(caller, null)));
            return;
        }
        Api.SessionProof proof = Api.SessionProof.of(ctx);
        String expired = cookie("", https(ctx), 0);
        api.open(ctx, () -> {
            Sessions.Session session = proof == null ? null : api.sessions().find(proof.token()).orElse(null);
            if (session == null) {
                Api.Reply out = Api.Reply.json(200, new JsonObject().put("signedIn", false));
                return proof == null ? out : out.withHeader("Set-Cookie", expired); // drop an ended session's cookie
            }
            return Api.Reply.json(200, describe(access.resume(session.keyPrefix()), session));
        });
    }

    private void signOut(RoutingContext ctx) {
        Api.SessionProof proof = Api.SessionProof.of(ctx);
        String expired = cookie("", https(ctx), 0);
        api.open(ctx, () -> {
            if (proof != null) {
                try {
                    api.session(proof); // a cross-site request cannot sign a browser out: the CSRF token is checked
                } catch (HttpError e) {
                    if (e.status != 401) {
                        throw e;
                    }
                }
                api.sessions().end(proof.token());
            }
            return Api.Reply.empty(204).withHeader("Set-Cookie", expired);
        });
    }

    /** Who is signed in, and what the dashboard needs to know about this service. */
    private JsonObject describe(Principal caller, Sessions.Session session) {
        Tenant tenant = access.tenantOf(caller);
        JsonObject out = new JsonObject()
                .put("signedIn", true)
                .put("tenant", new JsonObject().put("id", tenant.id()).put("name", tenant.name()))
                .put("keyPrefix", caller.keyPrefix())
                .put("admin", caller.admin())
                .put("links", new JsonObject().put("shortUrlPrefix", links.shortUrl(""))
                        .put("encodedPrefix", links.encoded(""))
                        .put("upperCase", !links.encoded("a").endsWith("a")))
                .put("geoCredit", geoCredit);
        if (session != null) {
            out.put("csrfToken", session.csrfToken()).put("expiresAt", session.expiresAt().toString());
        }
        return out;
    }

    /** The session cookie: never readable by scripts, never sent along by another site's page. */
    private static String cookie(String value, boolean https, long maxAgeSeconds) {
        return Cookie.cookie(Sessions.COOKIE, value).setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
                .setSecure(https).setMaxAge(maxAgeSeconds).encode();
    }

    private boolean https(RoutingContext ctx) {
        return proxies.https(ctx.request().isSSL(), ctx.request().remoteAddress().hostAddress(),
                ctx.request().getHeader("X-Forwarded-Proto"));
    }
}
