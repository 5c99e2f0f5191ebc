package com.example.shop.web;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Sales reports: SQL assembled in steps before it runs. */
@RestController
public class ReportController {
    private final JdbcTemplate jdbc;

    ReportController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/reports/region")
    List<Map<String, Object>> byRegion(@RequestParam String region, @RequestParam(defaultValue = "total") String sort) {
        StringBuilder sql = new StringBuilder("SELECT customer, total FROM orders WHERE region = '");
        sql.append(region).append("' ORDER BY total DESC");
        // techlead-expect: java-sql-injection-taint
        return jdbc.queryForList(sql.toString());
    }

    @GetMapping("/reports/status")
    List<Map<String, Object>> byStatus(@RequestParam String status) {
        String where = "status = '" + status + "'";
        String sql = "SELECT id, total FROM orders WHERE " + where;
        // techlead-expect: java-sql-injection-taint
        return jdbc.queryForList(sql);
    }

    @GetMapping("/reports/top")
    List<Map<String, Object>> top(@RequestParam String limit) {
        int n = Integer.parseInt(limit);
        String sql = "SELECT customer, sum(total) FROM orders GROUP BY customer ORDER BY 2 DESC LIMIT " + n;
        // techlead-safe
        return jdbc.queryForList(sql);
    }

    @GetMapping("/reports/file")
    byte[] file(@RequestParam String name) throws IOException {
        String path = "/srv/reports/" + name + ".csv";
        // techlead-expect: java-path-traversal-taint
        return Files.readAllBytes(new File(path).toPath());
    }

    @GetMapping("/reports/render")
    String render(@RequestParam String url) throws IOException {
        String cmd = "wkhtmltopdf " + url + " /tmp/report.pdf";
        // techlead-expect: java-command-injection-taint
        Runtime.getRuntime().exec(cmd);
        return "ok";
    }

    @GetMapping("/reports/file-safe")
    byte[] fileSafe(@RequestParam String name) throws IOException {
        String path = "/srv/reports/" + new File(name).getName();
        // techlead-safe
        return Files.readAllBytes(new File(path).toPath());
    }
}
