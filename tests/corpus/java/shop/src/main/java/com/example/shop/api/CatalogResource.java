package com.example.shop.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** JAX-RS catalogue API used by the mobile app. */
@jakarta.ws.rs.Path("/catalog")
public class CatalogResource {
    private static final Logger LOG = Logger.getLogger(CatalogResource.class.getName());
    private static final java.nio.file.Path IMAGES = Paths.get("/srv/shop/images");
    private static final Set<String> FEEDS = Set.of("https://feeds.example.com/daily.json", "https://feeds.example.com/weekly.json");
    private final HttpClient http = HttpClient.newHttpClient();

    @GET
    @jakarta.ws.rs.Path("/image/{name}")
    @Produces("image/png")
    public byte[] image(@PathParam("name") String name) throws IOException {
        // techlead-expect: java-path-traversal-request
        return Files.readAllBytes(Paths.get("/srv/shop/images", name));
    }

    @GET
    @jakarta.ws.rs.Path("/image-safe/{name}")
    @Produces("image/png")
    public byte[] imageSafe(@PathParam("name") String name) throws IOException {
        // techlead-safe
        java.nio.file.Path file = IMAGES.resolve(Paths.get(name).getFileName().toString()).normalize();
        if (!file.startsWith(IMAGES)) {
            throw new IllegalArgumentException("bad name");
        }
        // techlead-safe
        return Files.readAllBytes(file);
    }

    @POST
    @jakarta.ws.rs.Path("/import")
    public Response importFeed(@QueryParam("url") String url) throws Exception {
        // techlead-expect: java-ssrf-request
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).GET().build();
        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
        return Response.ok(res.body()).build();
    }

    @POST
    @jakarta.ws.rs.Path("/import-safe")
    public Response importFeedSafe(@QueryParam("url") String url) throws Exception {
        if (!FEEDS.contains(url)) {
            return Response.status(400).build();
        }
        // techlead-safe
        HttpRequest req = HttpRequest.newBuilder(URI.create("https://feeds.example.com/daily.json")).GET().build();
        return Response.ok(http.send(req, HttpResponse.BodyHandlers.ofString()).body()).build();
    }

    @GET
    @jakarta.ws.rs.Path("/search")
    @Produces(MediaType.APPLICATION_JSON)
    public List<String> search(@QueryParam("q") String q) {
        // techlead-expect: java-log-injection
        LOG.info("catalog search: " + q);
        // techlead-safe
        LOG.info("catalog search received");
        // techlead-expect: java-regex-from-request
        return List.of("shoe", "shirt", "sock").stream().filter(s -> s.matches(q)).toList();
    }

    @GET
    @jakarta.ws.rs.Path("/go")
    public Response go(@QueryParam("next") String next) {
        // techlead-expect: java-open-redirect
        return Response.seeOther(URI.create(next)).build();
    }

    @GET
    @jakarta.ws.rs.Path("/health")
    public Response health() {
        // techlead-safe
        return Response.ok("ok").header("Cache-Control", "no-store").build();
    }

    @GET
    @jakarta.ws.rs.Path("/version")
    public String version() {
        // techlead-safe
        String build = System.getProperty("shop.build", "dev");
        // techlead-safe
        LOG.info("version requested, build " + build);
        return build;
    }
}
