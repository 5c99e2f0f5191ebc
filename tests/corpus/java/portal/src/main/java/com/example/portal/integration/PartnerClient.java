package com.example.portal.integration;

import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Date;

import javax.crypto.Cipher;
import javax.net.ssl.SSLContext;

import com.alibaba.fastjson.JSON;
import com.alibaba.fastjson.parser.Feature;
import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;

import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.SSLConnectionSocketFactoryBuilder;
import org.apache.hc.client5.http.ssl.TrustAllStrategy;
import org.apache.hc.core5.ssl.SSLContexts;

import com.example.portal.integration.model.PartnerOrder;
import com.example.portal.integration.model.PartnerWebhook;

/**
 * Client of the fulfilment partner: orders go out over mutual TLS, webhooks
 * come back signed with a JWT, and the card token is wrapped with the
 * partner's RSA key.
 */
public class PartnerClient {

    private final KeyStore partnerCa;
    private final PublicKey partnerKey;
    private final PrivateKey ourKey;
    private final byte[] webhookSecret;

    public PartnerClient(KeyStore partnerCa, PublicKey partnerKey, PrivateKey ourKey, byte[] webhookSecret) {
        this.partnerCa = partnerCa;
        this.partnerKey = partnerKey;
        this.ourKey = ourKey;
        this.webhookSecret = webhookSecret;
    }

    CloseableHttpClient production() throws Exception {
        // techlead-safe
        SSLContext ssl = SSLContexts.custom().loadTrustMaterial(partnerCa, null).build();
        return client(ssl);
    }

    CloseableHttpClient sandbox() throws Exception {
        // the partner's sandbox uses a self-made certificate
        // techlead-expect: java-insecure-trust-manager-library
        SSLContext ssl = SSLContexts.custom().loadTrustMaterial(null, TrustAllStrategy.INSTANCE).build();
        return client(ssl);
    }

    private CloseableHttpClient client(SSLContext ssl) {
        return HttpClients.custom()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                .setSSLSocketFactory(SSLConnectionSocketFactoryBuilder.create().setSslContext(ssl).build())
                .build())
            .build();
    }

    byte[] wrapCardToken(String cardToken) throws Exception {
        // techlead-expect: java-rsa-without-oaep
        Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        rsa.init(Cipher.ENCRYPT_MODE, partnerKey);
        return rsa.doFinal(cardToken.getBytes(StandardCharsets.UTF_8));
    }

    byte[] unwrapRefund(byte[] wrapped) throws Exception {
        // techlead-safe
        Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");
        rsa.init(Cipher.DECRYPT_MODE, ourKey);
        return rsa.doFinal(wrapped);
    }

    PartnerOrder parseOrder(String body) {
        // techlead-safe
        return JSON.parseObject(body, PartnerOrder.class);
    }

    Object parseLegacyEvent(String body) {
        // techlead-expect: java-fastjson-autotype
        return JSON.parseObject(body, Object.class, Feature.SupportAutoType);
    }

    PartnerWebhook verifyWebhook(String token, String body) {
        // techlead-safe
        DecodedJWT jwt = JWT.require(Algorithm.HMAC256(webhookSecret)).withIssuer("partner").build().verify(token);
        return JSON.parseObject(body, PartnerWebhook.class);
    }

    PartnerWebhook verifySandboxWebhook(String token, String body) {
        // sandbox webhooks are not signed
        // techlead-expect: java-jwt-none-algorithm
        DecodedJWT jwt = JWT.require(Algorithm.none()).withIssuer("partner-sandbox").build().verify(token);
        return JSON.parseObject(body, PartnerWebhook.class);
    }

    String callbackToken(String orderId) {
        return JWT.create()
            .withSubject(orderId)
            .withExpiresAt(Date.from(Instant.now().plusSeconds(300)))
            // techlead-safe
            .sign(Algorithm.HMAC256(webhookSecret));
    }
}
