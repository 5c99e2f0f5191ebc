package com.example.shop.web;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.owasp.encoder.Encode;

/** Legacy servlet: product search, downloads and help pages. */
@WebServlet("/legacy/*")
public class SearchServlet extends HttpServlet {
    private static final File DOCS = new File("/srv/shop/docs");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String action = request.getPathInfo();
        if ("/search".equals(action)) {
            search(request, response);
        } else if ("/download".equals(action)) {
            download(request, response);
        } else if ("/page".equals(action)) {
            // techlead-expect: java-forward-from-request
            request.getRequestDispatcher("/WEB-INF/pages/" + request.getParameter("name") + ".jsp").forward(request, response);
        } else {
            // techlead-safe
            request.getRequestDispatcher("/WEB-INF/pages/home.jsp").forward(request, response);
        }
    }

    private void search(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        PrintWriter out = response.getWriter();
        // techlead-expect: java-servlet-reflected-xss
        out.println("<h1>Results for " + request.getParameter("q") + "</h1>");
        // techlead-safe
        out.println("<p>Searching for " + Encode.forHtml(request.getParameter("q")) + "</p>");
        // techlead-expect: java-header-injection
        response.setHeader("X-Search-Term", request.getParameter("q"));
        // techlead-safe
        response.setHeader("X-Frame-Options", "DENY");
        try {
            runSearch(request.getParameter("q"));
        } catch (RuntimeException e) {
            // techlead-expect: java-stack-trace-in-response
            e.printStackTrace(response.getWriter());
        }
    }

    private void download(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // techlead-expect: java-path-traversal-request
        File file = new File(DOCS, request.getParameter("file"));
        // techlead-safe
        File safe = new File(DOCS, new File(String.valueOf(request.getParameter("file"))).getName());
        try (InputStream in = new FileInputStream(safe.exists() ? safe : file)) {
            in.transferTo(response.getOutputStream());
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String next = request.getParameter("next");
        // techlead-expect: java-open-redirect
        response.sendRedirect(request.getParameter("next"));
        // techlead-safe
        response.sendRedirect(next != null && next.startsWith("/") && !next.startsWith("//") ? "/legacy" + next : "/");
    }

    private void runSearch(String q) {
        if (q == null || q.isBlank()) {
            throw new IllegalArgumentException("empty query");
        }
    }
}
