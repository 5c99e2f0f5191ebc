package com.example.portal.api;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.owasp.encoder.Encode;

import com.example.portal.help.Article;
import com.example.portal.help.HelpIndex;

/** The help centre pages, rendered as small HTML fragments for the widget. */
@Path("/help")
public class HelpResource {

    private final HelpIndex index;

    public HelpResource(HelpIndex index) {
        this.index = index;
    }

    @GET
    @Path("/search")
    @Produces(MediaType.TEXT_HTML)
    public String search(@QueryParam("q") String q, @QueryParam("page") int page) {
        List<Article> hits = index.search(q, page);
        if (hits.isEmpty()) {
            // techlead-expect: java-html-endpoint-reflected-xss
            return "<p class=\"empty\">No articles match <b>" + q + "</b></p>";
        }
        StringBuilder html = new StringBuilder("<ul>");
        for (Article a : hits) {
            html.append("<li>").append(Encode.forHtml(a.title())).append("</li>");
        }
        // techlead-safe
        return html.append("</ul><p>page ").append(page).append("</p>").toString();
    }

    @GET
    @Path("/search-safe")
    @Produces(MediaType.TEXT_HTML)
    public String searchSafe(@QueryParam("q") String q) {
        // techlead-safe
        return "<p class=\"empty\">No articles match <b>" + Encode.forHtml(q) + "</b></p>";
    }

    @GET
    @Path("/topic/{slug}")
    @Produces({"text/html", "text/plain"})
    public Response topic(@PathParam("slug") String slug) {
        Article a = index.bySlug(slug);
        if (a == null) {
            String body = String.format("<h2>Unknown topic %s</h2>", slug);
            // techlead-expect: java-html-endpoint-reflected-xss
            return Response.status(404).entity(body).build();
        }
        // techlead-safe
        return Response.ok(a.renderedHtml()).build();
    }

    @GET
    @Path("/topic/{slug}/meta")
    @Produces(MediaType.APPLICATION_JSON)
    public Article meta(@PathParam("slug") String slug) {
        // techlead-safe
        return index.bySlug(slug);
    }
}
