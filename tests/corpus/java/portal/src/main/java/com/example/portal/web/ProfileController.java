package com.example.portal.web;

import java.time.Duration;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseBody;

import com.example.portal.domain.Customer;
import com.example.portal.domain.CustomerRepository;
import com.example.portal.web.dto.ProfileUpdate;
import com.example.portal.auth.SessionService;

/** Customer self-service: sign-in cookies and profile editing. */
@Controller
public class ProfileController {

    private final CustomerRepository customerRepository;
    private final SessionService sessions;

    public ProfileController(CustomerRepository customerRepository, SessionService sessions) {
        this.customerRepository = customerRepository;
        this.sessions = sessions;
    }

    @PostMapping("/signin/remember")
    public String remember(@ModelAttribute("email") String email, HttpServletResponse response) {
        String token = sessions.issueRememberToken(email);
        // techlead-expect: java-session-cookie-without-httponly
        Cookie remember = new Cookie("portal_remember", token);
        remember.setSecure(true);
        remember.setMaxAge((int) Duration.ofDays(30).getSeconds());
        response.addCookie(remember);
        return "redirect:/home";
    }

    @PostMapping("/signin/session")
    public String session(@ModelAttribute("email") String email, HttpServletResponse response) {
        // techlead-safe
        Cookie sid = new Cookie("PORTAL_SESSION", sessions.open(email));
        sid.setHttpOnly(true);
        sid.setSecure(true);
        response.addCookie(sid);
        // techlead-safe
        response.addCookie(new Cookie("portal_theme", "dark"));
        return "redirect:/home";
    }

    @PostMapping("/api/token")
    @ResponseBody
    public ResponseEntity<Void> apiToken(@ModelAttribute("email") String email) {
        ResponseCookie access = ResponseCookie.from("access_token", sessions.issueApiToken(email))
            .secure(true)
            .path("/api")
            .maxAge(Duration.ofMinutes(15))
            // techlead-expect: java-session-cookie-without-httponly
            .build();
        // techlead-safe
        ResponseCookie refresh = ResponseCookie.from("refresh_token", sessions.issueRefreshToken(email)).httpOnly(true).secure(true).sameSite("Strict").build();
        return ResponseEntity.noContent()
            .header(HttpHeaders.SET_COOKIE, access.toString())
            .header(HttpHeaders.SET_COOKIE, refresh.toString())
            .build();
    }

    @PostMapping("/profile")
    public String register(@Valid @ModelAttribute("customer") Customer customer, BindingResult result) {
        if (result.hasErrors()) {
            return "profile/edit";
        }
        // techlead-expect: java-spring-mass-assignment
        customerRepository.save(customer);
        return "redirect:/profile";
    }

    @PutMapping("/api/profile/{id}")
    @ResponseBody
    public Customer update(@PathVariable long id, @Valid @RequestBody ProfileUpdate update) {
        Customer customer = customerRepository.findById(id).orElseThrow();
        customer.setDisplayName(update.displayName());
        customer.setPhone(update.phone());
        // techlead-safe
        return customerRepository.save(customer);
    }

    @GetMapping("/profile")
    public String show() {
        return "profile/show";
    }
}
