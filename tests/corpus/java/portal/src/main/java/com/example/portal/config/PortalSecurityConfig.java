package com.example.portal.config;

import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.info.InfoEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Security of the customer portal. The ops chain guards the actuator endpoints
 * scraped by the monitoring stack; the staging chain was added for the load
 * tests and is still active on the staging profile.
 */
@Configuration
public class PortalSecurityConfig {

    @Bean
    @Order(1)
    SecurityFilterChain ops(HttpSecurity http) throws Exception {
        http.securityMatcher(EndpointRequest.toAnyEndpoint())
            .authorizeHttpRequests(auth -> auth
                // techlead-safe
                .requestMatchers(EndpointRequest.to(HealthEndpoint.class, InfoEndpoint.class)).permitAll()
                // techlead-safe
                .requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole("OPS"))
            .httpBasic(basic -> { });
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain staging(HttpSecurity http) throws Exception {
        http.securityMatcher("/staging/**", "/actuator/**")
            .authorizeHttpRequests(auth -> auth
                .requestMatchers("/staging/login").permitAll()
                .requestMatchers("/actuator/**")
                // techlead-expect: java-spring-actuator-permit-all
                .permitAll()
                .anyRequest().authenticated());
        return http.build();
    }

    @Bean
    WebSecurityCustomizer staticResources() {
        // techlead-safe
        return web -> web.ignoring().requestMatchers("/css/**", "/js/**", "/favicon.ico");
    }

    @Bean
    WebSecurityCustomizer loadTestShortcut() {
        // techlead-expect: java-spring-actuator-permit-all
        return web -> web.ignoring().requestMatchers("/actuator/heapdump", "/actuator/threaddump");
    }
}
