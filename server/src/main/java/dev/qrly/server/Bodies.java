package dev.qrly.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.impl.RoutingContextInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Request bodies the API takes, and how it reads them: JSON (RFC 8259, in UTF-8, as
 * {@code application/json}) on every route, and CSV ({@code text/csv}) on {@code POST /api/v1/batches}.
 * A body of any other type is refused from its headers alone, before a byte of it is read or
 * decoded: a form or a multipart upload is never parsed.
 */
final class Bodies {

    /** The deepest nesting of arrays and objects a JSON body may have; the API's own bodies need 4. */
    static final int MAX_DEPTH = 32;

    /** Strict: no comments, no single quotes, no NaN, no leading zeros, no trailing commas, no duplicate keys. */
    private static final JsonFactory STRICT = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxNumberLength(100).build())
            .build();

    private Bodies() {}

    /**
     * The router's first handler on {@code /api/}: a request with a body of a type the route does
     * not take is answered 415 and its connection closed, unread.
     */
    static void admit(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (type == null || !hasBody(request) || isJson(type)
                || request.method() == HttpMethod.POST && request.path().equals("/api/v1/batches") && isCsv(type)) {
            ctx.next();
            return;
        }
        boolean batches = request.path().startsWith("/api/v1/batches");
        refuseAndDrain(ctx, new HttpError(415, "unsupported_media_type", "this API takes application/json bodies"
                + (batches ? " (and text/csv on POST /api/v1/batches)" : "") + ", not " + printable(type), null));
    }

    /**
     * Reads a request's body whole into the routing context, up to {@code limit} bytes, as the
     * bytes it is: nothing is decoded here. Over the limit: 413, and the rest is read and dropped.
     * A body that breaks off or does not decode (a bad chunk size, say): 400, and the connection is
     * closed, as the rest cannot be read past. Nothing is logged: it is the client's doing.
     */
    static Handler<RoutingContext> reader(long limit, String limitName) {
        return ctx -> {
            HttpServerRequest request = ctx.request();
            if (request.isEnded()) {
                ((RoutingContextInternal) ctx).setBody(Buffer.buffer());
                ctx.next();
                return;
            }
            String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && length.strip().length() > 0 && declaredOver(length.strip(), limit)) {
                refuseAndDrain(ctx, tooLarge(limit, limitName));
                return;
            }
            Buffer body = Buffer.buffer();
            boolean[] refused = {false};
            request.handler(chunk -> {
                if (refused[0]) {
                    return;
                }
                if (body.length() + (long) chunk.length() > limit) {
                    refused[0] = true;
                    refuseAndDrain(ctx, tooLarge(limit, limitName));
                    return;
                }
                body.appendBuffer(chunk);
            });
            request.exceptionHandler(failure -> {
                if (!refused[0]) {
                    refused[0] = true;
                    refuse(ctx, new HttpError(400, "malformed_request",
                            "the request body is malformed (a bad chunk, or a transfer broken off)", "body"));
                }
            });
            request.endHandler(end -> {
                if (!refused[0]) {
                    ((RoutingContextInternal) ctx).setBody(body);
                    ctx.next();
                }
            });
            request.resume();
        };
    }

    private static boolean declaredOver(String length, long limit) {
        try {
            return Long.parseLong(length) > limit;
        } catch (NumberFormatException e) {
            return false; // the HTTP decoder has already refused a bad Content-Length
        }
    }

    private static HttpError tooLarge(long limit, String what) {
        return new HttpError(413, "body_too_large", "the request body is larger than " + limit + " bytes" + what, null);
    }

    /**
     * Answers the error at once and closes the connection once the client has sent the rest of its
     * body, read and dropped. Closing sooner, with bytes unread, would reset the connection and
     * could lose the answer on the client's side; a client that never finishes is cut by the
     * request deadline ({@link ConnectionLimits#requestTimeout}).
     */
    private static void refuseAndDrain(RoutingContext ctx, HttpError error) {
        HttpServerRequest request = ctx.request();
        if (request.isEnded()) {
            refuse(ctx, error);
            return;
        }
        request.handler(dropped -> { });
        request.exceptionHandler(failure -> request.connection().close());
        request.endHandler(end -> request.connection().close());
        HttpServerResponse response = ctx.response();
        if (!response.headWritten() && !response.ended()) {
            response.setStatusCode(error.status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CONNECTION, "close").end(error.body().encode());
        }
        request.resume();
    }

    /** Answers the error at once, unless an answer has begun, and closes the connection. */
    private static void refuse(RoutingContext ctx, HttpError error) {
        HttpServerResponse response = ctx.response();
        if (response.headWritten() || response.ended() || response.closed()) {
            ctx.request().connection().close();
            return;
        }
        response.setStatusCode(error.status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close").end(error.body().encode())
                .onComplete(done -> ctx.request().connection().close());
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null || length != null && !length.strip().equals("0");
    }

    /** {@code application/json}, with no parameter but {@code charset=utf-8}. */
    static boolean isJson(String contentType) {
        return mediaTypeIs(contentType, "application/json");
    }

    /** {@code text/csv}, with no parameter but {@code charset=utf-8}. */
    static boolean isCsv(String contentType) {
        return mediaTypeIs(contentType, "text/csv");
    }

    private static boolean mediaTypeIs(String contentType, String expected) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";", -1);
        if (!parts[0].strip().equalsIgnoreCase(expected)) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip().toLowerCase(Locale.ROOT).replace(" ", "");
            if (!parameter.equals("charset=utf-8") && !parameter.equals("charset=\"utf-8\"")) {
                return false;
            }
        }
        return true;
    }

    /**
     * The body as one JSON object, read strictly: UTF-8 only (no BOM, no overlong or broken
     * sequences, no UTF-16), RFC 8259 only, keys unique.
     *
     * @throws HttpError 400 naming the field {@code body} when it is empty, not UTF-8, not JSON or not an object
     */
    static JsonObject jsonObject(Buffer body) {
        if (body == null || body.length() == 0) {
            throw HttpError.invalid("body", "the request body is empty; send a JSON object");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body.getBytes())).toString();
        } catch (CharacterCodingException e) {
            throw HttpError.invalid("body", "the request body is not valid UTF-8; send JSON in UTF-8");
        }
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            throw HttpError.invalid("body", "the request body starts with a byte order mark; send JSON in UTF-8 without one");
        }
        try (JsonParser parser = STRICT.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw HttpError.invalid("body", "the body must be a JSON object");
            }
            JsonObject object = readObject(parser);
            if (parser.nextToken() != null) {
                throw HttpError.invalid("body", "the body has more after its JSON object");
            }
            return object;
        } catch (StreamConstraintsException e) {
            throw HttpError.invalid("body", "the body is nested too deeply or has a number too long");
        } catch (JsonParseException e) {
            throw HttpError.invalid("body", "the body is not valid JSON (RFC 8259), at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw HttpError.invalid("body", "the body is not valid JSON");
        }
    }

    private static JsonObject readObject(JsonParser parser) throws IOException {
        JsonObject object = new JsonObject();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            object.put(name, readValue(parser, parser.nextToken()));
        }
        return object;
    }

    private static JsonArray readArray(JsonParser parser) throws IOException {
        JsonArray array = new JsonArray();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            array.add(readValue(parser, token));
        }
        return array;
    }

    private static Object readValue(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> readObject(parser);
            case START_ARRAY -> readArray(parser);
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? parser.getBigIntegerValue()
                    : parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> parser.getDecimalValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw HttpError.invalid("body", "the body is not valid JSON");
        };
    }

    private static String printable(String value) {
        String cut = value.length() > 100 ? value.substring(0, 100) + "..." : value;
        return "'" + cut.replaceAll("[^\\x20-\\x7E]", "?") + "'";
    }
}
