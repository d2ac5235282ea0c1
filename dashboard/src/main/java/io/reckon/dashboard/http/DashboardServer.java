package io.reckon.dashboard.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.reckon.dashboard.access.Access;
import io.reckon.dashboard.access.ApiKeys;
import io.reckon.dashboard.query.BadRequest;
import io.reckon.dashboard.query.Forbidden;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * {@code bin/reckon serve}'s HTTP side: the JSON API under {@code /api/v1} and the page at {@code /}, on Javalin.
 * Every API call needs a key ({@code Authorization: Bearer <key>} or {@code X-Api-Key}); errors are one line of
 * JSON, {@code {"error": "..."}}, with 400, 401, 403, 404, 502 or 503. Keys never reach a log.
 */
public final class DashboardServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
    private static final String ACCESS = "reckon.access";

    private final Javalin app;

    private DashboardServer(Javalin app) {
        this.app = app;
    }

    /** Starts serving on {@code host:port} ({@code port} 0: any free port, see {@link #port()}). */
    public static DashboardServer start(DashboardApi api, ApiKeys keys, String host, int port) {
        ObjectMapper json = new ObjectMapper();
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(json, false));
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/web";
                files.location = Location.CLASSPATH;
            });
            config.staticFiles.enableWebjars();
            config.http.defaultContentType = "application/json";
        });
        app.before(ctx -> {
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Referrer-Policy", "no-referrer");
            ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
        });
        app.before("/api/*", ctx -> {
            ctx.header("Cache-Control", "no-store");
            Optional<Access> access = keys.lookup(presentedKey(ctx));
            if (access.isEmpty()) {
                ctx.header("WWW-Authenticate", "Bearer");
                throw new Unauthorized();
            }
            ctx.attribute(ACCESS, access.get());
        });
        get(app, "/api/v1/me", (access, p) -> api.me(access));
        get(app, "/api/v1/advertisers", api::advertisers);
        get(app, "/api/v1/totals", api::totals);
        get(app, "/api/v1/series", api::series);
        get(app, "/api/v1/top", api::top);
        get(app, "/api/v1/days", api::days);
        app.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));

        app.exception(BadRequest.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
        app.exception(Unauthorized.class, (e, ctx) -> error(ctx, 401, e.getMessage()));
        app.exception(Forbidden.class, (e, ctx) -> error(ctx, 403, e.getMessage()));
        app.exception(Unavailable.class, (e, ctx) -> error(ctx, 503, e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            // Pinot or HiveServer2 failed: the details (the query) to the log, one line to the reader.
            LOG.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            error(ctx, 502, "the numbers could not be read now (" + e.getClass().getSimpleName() + "); try again");
        });
        app.error(404, ctx -> {
            if (ctx.path().startsWith("/api/")) {
                error(ctx, 404, "no such API call (see docs/dashboard.md)");
            }
        });
        app.start(host, port);
        return new DashboardServer(app);
    }

    private static void get(Javalin app, String path, BiFunction<Access, Function<String, String>, Map<String, Object>> call) {
        app.get(path, ctx -> ctx.json(call.apply(ctx.attribute(ACCESS), name -> single(ctx, name))));
    }

    /** A query parameter given at most once; a repeated one is refused rather than guessed. */
    private static String single(Context ctx, String name) {
        List<String> values = ctx.queryParams(name);
        if (values.size() > 1) {
            throw new BadRequest(name + " is given more than once");
        }
        return values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
    }

    private static String presentedKey(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).strip();
        }
        return ctx.header("X-Api-Key");
    }

    private static void error(Context ctx, int status, String message) {
        String line = message == null ? "error" : message.replaceAll("\\s+", " ").strip();
        ctx.status(status).json(Map.of("error", line));
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    /** No key, or not one of the configured keys (401). */
    static final class Unauthorized extends RuntimeException {
        Unauthorized() {
            super("an API key is required: Authorization: Bearer <key> (or X-Api-Key)");
        }
    }
}
