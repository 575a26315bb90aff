package dev.qrly.server;

import dev.qrly.core.tenant.AccessService;
import dev.qrly.core.tenant.ApiKeys;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/** Tenants and keys, for admin keys only. */
final class AdminApi {

    private final Api api;
    private final AccessService access;

    AdminApi(Api api, AccessService access) {
        this.api = api;
        this.access = access;
    }

    void mount(Router router) {
        router.post("/api/v1/tenants").handler(this::createTenant);
        router.post("/api/v1/tenants/:id/keys").handler(this::createKey);
        router.delete("/api/v1/keys/:prefix").handler(this::revokeKey);
    }

    private void createTenant(RoutingContext ctx) {
        api.authed(ctx, caller -> {
            JsonBody body = JsonBody.of(Api.jsonObject(ctx), Set.of("name"));
            AccessService.NewTenant created = access.createTenant(caller, body.requiredString("name"));
            return Api.Reply.json(201, new JsonObject().put("id", created.tenant().id()).put("name", created.tenant().name())
                    .put("createdAt", created.tenant().createdAt().toString()).put("apiKey", created.apiKey())
                    .put("keyPrefix", ApiKeys.prefixOf(created.apiKey())));
        });
    }

    private void createKey(RoutingContext ctx) {
        api.authed(ctx, caller -> {
            String key = access.createKey(caller, ctx.pathParam("id"));
            return Api.Reply.json(201, new JsonObject().put("tenantId", ctx.pathParam("id")).put("apiKey", key)
                    .put("keyPrefix", ApiKeys.prefixOf(key)));
        });
    }

    private void revokeKey(RoutingContext ctx) {
        api.authed(ctx, caller -> {
            access.revokeKey(caller, ctx.pathParam("prefix"));
            return Api.Reply.empty(204);
        });
    }
}
