package com.example.shop.service;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Random;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.net.ssl.SSLContext;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;

import org.apache.http.conn.ssl.NoopHostnameVerifier;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;

/** Tokens, card encryption and outbound TLS for the payment gateway. */
public class CryptoService {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretKey cardKey;

    public CryptoService(SecretKey cardKey) {
        this.cardKey = cardKey;
    }

    public String legacyPasswordHash(String password) throws Exception {
        // techlead-expect: java-weak-hash
        MessageDigest md = MessageDigest.getInstance("MD5");
        return Base64.getEncoder().encodeToString(md.digest(password.getBytes(StandardCharsets.UTF_8)));
    }

    public String fileDigest(byte[] data) throws Exception {
        // techlead-safe
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        return Base64.getEncoder().encodeToString(md.digest(data));
    }

    public byte[] encryptCard(String pan) throws Exception {
        // techlead-expect: java-weak-cipher
        Cipher cipher = Cipher.getInstance("AES/ECB/PKCS5Padding");
        cipher.init(Cipher.ENCRYPT_MODE, cardKey);
        return cipher.doFinal(pan.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] encryptCardCbc(String pan) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        // techlead-expect: java-static-iv
        cipher.init(Cipher.ENCRYPT_MODE, cardKey, new IvParameterSpec(new byte[16]));
        return cipher.doFinal(pan.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] encryptCardSafe(String pan) throws Exception {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        // techlead-safe
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        // techlead-safe
        cipher.init(Cipher.ENCRYPT_MODE, cardKey, new GCMParameterSpec(128, nonce));
        return cipher.doFinal(pan.getBytes(StandardCharsets.UTF_8));
    }

    public KeyPair signingKeys() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
        // techlead-expect: java-weak-rsa-key
        kpg.initialize(1024);
        return kpg.generateKeyPair();
    }

    public KeyPair signingKeysSafe() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
        // techlead-safe
        kpg.initialize(3072);
        return kpg.generateKeyPair();
    }

    public String resetToken() {
        // techlead-expect: java-insecure-random
        String token = Long.toHexString(new Random().nextLong());
        return token;
    }

    public String resetTokenSafe() {
        byte[] bytes = new byte[32];
        // techlead-safe
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public String partnerJwt(String partnerId) {
        // techlead-expect: java-jwt-hardcoded-secret
        return JWT.create().withSubject(partnerId).sign(Algorithm.HMAC256("gateway-partner-secret"));
    }

    public String partnerJwtSafe(String partnerId) {
        // techlead-safe
        return JWT.create().withSubject(partnerId).sign(Algorithm.HMAC256(System.getenv("PARTNER_JWT_SECRET")));
    }

    public SSLContext legacyContext() throws Exception {
        // techlead-expect: java-tls-old-protocol
        return SSLContext.getInstance("TLSv1");
    }

    public SSLContext modernContext() throws Exception {
        // techlead-safe
        return SSLContext.getInstance("TLSv1.3");
    }

    public CloseableHttpClient gatewayClient() {
        // techlead-expect: java-hostname-verification-disabled
        return HttpClients.custom().setSSLHostnameVerifier(NoopHostnameVerifier.INSTANCE).build();
    }

    public CloseableHttpClient gatewayClientSafe() {
        // techlead-safe
        return HttpClients.custom().useSystemProperties().build();
    }
}
