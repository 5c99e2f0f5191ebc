package com.example.shop.web;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.ModelAndView;

import com.example.shop.service.AccountService;

/** Account pages: login, profile, theme and help pages. */
@Controller
public class AccountController {
    private static final Logger log = LoggerFactory.getLogger(AccountController.class);
    private static final Map<String, String> SECTIONS = Map.of("billing", "account/billing", "security", "account/security");

    private final AccountService accounts;

    AccountController(AccountService accounts) {
        this.accounts = accounts;
    }

    @PostMapping("/login")
    String login(@RequestParam String user, @RequestParam String password, @RequestParam String returnUrl, HttpServletResponse response) {
        if (!accounts.check(user, password)) {
            // techlead-expect: java-log-injection
            log.warn("login failed for " + user);
            // techlead-safe
            log.warn("login failed for {}", user.replaceAll("[\r\n]", "_"));
            return "login";
        }
        Cookie sid = new Cookie("SID", accounts.newSession(user));
        // techlead-expect: java-cookie-insecure-flags
        sid.setHttpOnly(false);
        // techlead-safe
        sid.setSecure(true);
        response.addCookie(sid);
        // techlead-expect: java-open-redirect
        return "redirect:" + returnUrl;
    }

    @GetMapping("/logout")
    ResponseEntity<Void> logout() {
        ResponseCookie gone = ResponseCookie.from("SID", "")
            .maxAge(Duration.ZERO)
            // techlead-expect: java-cookie-insecure-flags
            .secure(false)
            .build();
        // techlead-safe
        ResponseCookie prefs = ResponseCookie.from("prefs", "").secure(true).httpOnly(true).sameSite("Lax").build();
        return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, gone.toString(), prefs.toString()).build();
    }

    @GetMapping("/account/{section}")
    String section(@PathVariable String section) {
        // techlead-expect: java-spring-view-name-injection
        return "account/" + section;
    }

    @GetMapping("/account/v2/{section}")
    String sectionSafe(@PathVariable String section) {
        // techlead-safe
        return SECTIONS.getOrDefault(section, "account/home");
    }

    @GetMapping("/theme")
    ModelAndView theme(@RequestParam("name") String name) {
        // techlead-expect: java-spring-view-name-injection
        return new ModelAndView("themes/" + name + "/index");
    }

    @GetMapping("/help/search")
    @ResponseBody
    String help(@RequestParam String q) {
        // techlead-expect: java-regex-from-request
        Pattern p = Pattern.compile(q, Pattern.CASE_INSENSITIVE);
        // techlead-safe
        Pattern quoted = Pattern.compile(Pattern.quote(q), Pattern.CASE_INSENSITIVE);
        return accounts.searchHelp(p, quoted);
    }

    @GetMapping("/export")
    ResponseEntity<byte[]> export(@RequestParam String fileName) {
        byte[] body = accounts.export();
        return ResponseEntity.ok()
            // techlead-expect: java-header-injection
            .header("Content-Disposition", "attachment; filename=" + fileName)
            .body(body);
    }

    // techlead-expect: java-spring-cors-wildcard-credentials
    @CrossOrigin(origins = "*", allowCredentials = "true")
    @GetMapping("/api/me")
    @ResponseBody
    Map<String, String> me() {
        return Map.of("user", "current");
    }

    @GetMapping("/api/ping")
    @ResponseBody
    String ping(HttpServletResponse response) throws IOException {
        // techlead-safe
        response.setHeader("Cache-Control", "no-store");
        return "pong";
    }
}
