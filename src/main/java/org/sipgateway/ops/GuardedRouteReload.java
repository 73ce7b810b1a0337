package org.sipgateway.ops;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Route;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's route reload, except that an edit Camel cannot build leaves the file's routes as they
 * were. Camel removes a file's routes before it builds the edited ones, so an edit that fails
 * (an unknown component, a bad expression) would leave, say, {@code call-events} gone for good
 * and every call silent towards its client. Here the last version that loaded is kept per file
 * and put back when an edit fails. Installed in place of Camel's own when
 * {@code camel.main.routes-reload-enabled=true}, with the same settings.
 */
public final class GuardedRouteReload extends RouteWatcherReloadStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedRouteReload.class);

    /** The text of each route file as it last loaded, by resource location. */
    private final Map<String, String> lastGood = new ConcurrentHashMap<>();

    public GuardedRouteReload(String directory, boolean recursive) {
        super(directory, recursive);
    }

    /** Remembers the text the routes were built from at start-up. */
    public void remember(Collection<Route> routes) {
        for (Route route : routes) {
            String location = location(route);
            if (location != null && !lastGood.containsKey(key(location))) {
                try {
                    Resource resource = ResourceHelper.resolveResource(getCamelContext(), location);
                    if (resource != null && resource.exists()) {
                        lastGood.put(key(location), read(resource));
                    }
                } catch (IOException e) {
                    LOG.warn("Cannot keep a copy of {} for a failed reload: {}", location, e.toString());
                }
            }
        }
    }

    @Override
    protected void onRouteReload(Collection<Resource> resources, boolean removeEverything) {
        Map<String, List<String>> before = new HashMap<>();
        for (Resource resource : resources) {
            before.put(resource.getLocation(), routeIds(resource.getLocation()));
        }
        try {
            super.onRouteReload(resources, removeEverything);
        } catch (RuntimeException e) {
            // Camel would log this with a stack trace and carry on without the file's routes.
            setLastError(e);
            incFailedCounter();
            for (Resource resource : resources) {
                restore(resource.getLocation(), before.getOrDefault(resource.getLocation(), List.of()), reason(e));
            }
            return;
        }
        for (Resource resource : resources) {
            try {
                if (resource.exists()) {
                    lastGood.put(key(resource.getLocation()), read(resource));
                }
            } catch (IOException e) {
                LOG.warn("Cannot keep a copy of {} for a failed reload: {}", resource.getLocation(), e.toString());
            }
        }
    }

    /** The innermost message: Camel's outer ones repeat the whole route definition. */
    private static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }

    private void restore(String location, List<String> hadRoutes, String reason) {
        List<String> missing = new ArrayList<>();
        for (String id : hadRoutes) {
            if (getCamelContext().getRoute(id) == null) {
                missing.add(id);
            }
        }
        String previous = lastGood.get(key(location));
        if (missing.isEmpty()) {
            LOG.error("The edit of {} was not loaded ({}); its routes run as before", location, reason);
            return;
        }
        if (previous == null) {
            LOG.error("The edit of {} was not loaded ({}) and routes {} are gone: no earlier copy to put back; fix the"
                    + " file or restart the gateway", location, reason, missing);
            return;
        }
        try {
            PluginHelper.getRoutesLoader(getCamelContext()).updateRoutes(List.of(ResourceHelper.fromString(location, previous)));
            LOG.error("The edit of {} was not loaded ({}); the version before it runs again (routes {})", location, reason,
                    missing);
        } catch (Exception e) {
            LOG.error("The edit of {} was not loaded ({}) and the version before it could not be put back ({}): routes {}"
                    + " are gone; fix the file or restart the gateway", location, reason, e.getMessage(), missing);
        }
    }

    private List<String> routeIds(String location) {
        List<String> ids = new ArrayList<>();
        for (Route route : getCamelContext().getRoutes()) {
            String source = location(route);
            if (source != null && key(source).equals(key(location))) {
                ids.add(route.getRouteId());
            }
        }
        return ids;
    }

    /** The route's source file as a resource location, without Camel's {@code :line} suffix. */
    private static String location(Route route) {
        String source = route.getSourceLocation();
        if (source == null || !source.startsWith("file:")) {
            return null;
        }
        int line = source.lastIndexOf(':');
        if (line > "file:".length() && source.substring(line + 1).chars().allMatch(Character::isDigit)) {
            source = source.substring(0, line);
        }
        return source;
    }

    private static String read(Resource resource) throws IOException {
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** One key for a file however Camel spelled its location (relative, absolute, with file:). */
    private static String key(String location) {
        String path = location.startsWith("file:") ? location.substring("file:".length()) : location;
        return Path.of(path).toAbsolutePath().normalize().toString();
    }
}
