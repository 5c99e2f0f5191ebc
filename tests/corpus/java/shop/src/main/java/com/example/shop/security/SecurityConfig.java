package com.example.shop.security;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.MessageDigestPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Security setup of the shop: the public API, the admin UI and CORS. */
@Configuration
public class SecurityConfig implements WebMvcConfigurer {

    @Bean
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        http.securityMatcher("/api/**")
            // techlead-expect: java-spring-csrf-disabled
            .csrf(AbstractHttpConfigurer::disable)
            // techlead-expect: java-spring-permit-all-requests
            .authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
        return http.build();
    }

    @Bean
    SecurityFilterChain admin(HttpSecurity http) throws Exception {
        http.securityMatcher("/admin/**")
            // techlead-safe
            .csrf(csrf -> csrf.ignoringRequestMatchers("/admin/webhooks/**"))
            // techlead-safe
            .authorizeHttpRequests(auth -> auth.requestMatchers("/admin/login").permitAll().anyRequest().hasRole("ADMIN"))
            // techlead-expect: java-spring-security-headers-disabled
            .headers(headers -> headers.frameOptions(frame -> frame.disable()));
        return http.build();
    }

    @Bean
    SecurityFilterChain legacy(HttpSecurity http) throws Exception {
        // techlead-expect: java-spring-csrf-disabled
        http.csrf().disable();
        // techlead-expect: java-spring-security-headers-disabled
        http.sessionManagement().sessionFixation().none();
        // techlead-safe
        http.headers().frameOptions().sameOrigin();
        return http.build();
    }

    @Bean
    PasswordEncoder legacyEncoder() {
        // techlead-expect: java-weak-password-encoder
        return new MessageDigestPasswordEncoder("SHA-1");
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        // techlead-safe
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    CorsConfigurationSource corsSource() {
        CorsConfiguration config = new CorsConfiguration();
        // techlead-expect: java-spring-cors-wildcard-credentials
        config.setAllowedOrigins(List.of("*"));
        config.setAllowCredentials(true);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", config);
        return source;
    }

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        registry.addMapping("/partner/**")
            // techlead-safe
            .allowedOrigins("https://partner.example.com")
            .allowCredentials(true);
        registry.addMapping("/status")
            // techlead-safe
            .allowedOrigins("*");
    }
}
