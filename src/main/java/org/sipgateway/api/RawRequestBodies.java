package org.sipgateway.api;

import io.vertx.core.http.HttpHeaders;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Every body the HTTP API takes is bytes as they are (a WAV, a JSON request), never a form.
 * {@code curl --data-binary @tone.wav} labels its body {@code application/x-www-form-urlencoded}
 * unless told otherwise, and Vert.x then decodes the bytes as form fields: a WAV fails in the
 * decoder with a stack trace in the log and a bare 400. A first handler on {@code /api/*}
 * relabels such bodies as {@code application/octet-stream}, so the API reads them as sent.
 */
public final class RawRequestBodies {

    private RawRequestBodies() {
    }

    public static void install(CamelContext context) {
        for (VertxPlatformHttpRouter router : context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            install(router);
        }
    }

    private static void install(VertxPlatformHttpRouter router) {
        router.route("/api/*").order(Integer.MIN_VALUE).handler(routing -> {
            String type = routing.request().getHeader(HttpHeaders.CONTENT_TYPE);
            if (type != null && isForm(type)) {
                routing.request().headers().set(HttpHeaders.CONTENT_TYPE, "application/octet-stream");
            }
            routing.next();
        });
    }

    static boolean isForm(String contentType) {
        String type = contentType.trim().toLowerCase(java.util.Locale.ROOT);
        return type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/");
    }
}
