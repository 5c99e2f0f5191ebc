package com.example.notes

import java.security.KeyPairGenerator
import java.security.MessageDigest
import java.security.SecureRandom
import javax.crypto.Cipher
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec
import javax.crypto.spec.IvParameterSpec
import javax.net.ssl.X509TrustManager
import java.security.cert.X509Certificate
import javax.xml.parsers.DocumentBuilderFactory
import okhttp3.OkHttpClient
import org.w3c.dom.Document
import java.io.InputStream

class NoteCrypto(private val key: SecretKey) {
    private val random = SecureRandom()

    fun legacyFingerprint(text: String): ByteArray {
        // techlead-expect: kotlin-weak-hash
        return MessageDigest.getInstance("MD5").digest(text.toByteArray())
    }

    fun fingerprint(text: String): ByteArray {
        // techlead-safe
        return MessageDigest.getInstance("SHA-256").digest(text.toByteArray())
    }

    fun sealLegacy(plain: ByteArray): ByteArray {
        // techlead-expect: kotlin-weak-cipher
        val c = Cipher.getInstance("DES/CBC/PKCS5Padding")
        // techlead-expect: kotlin-static-iv
        c.init(Cipher.ENCRYPT_MODE, key, IvParameterSpec(ByteArray(8)))
        return c.doFinal(plain)
    }

    fun seal(plain: ByteArray): ByteArray {
        val iv = ByteArray(12).also { random.nextBytes(it) }
        // techlead-safe
        val c = Cipher.getInstance("AES/GCM/NoPadding")
        // techlead-safe
        c.init(Cipher.ENCRYPT_MODE, key, GCMParameterSpec(128, iv))
        return iv + c.doFinal(plain)
    }

    fun parseLegacyExport(input: InputStream): Document {
        // techlead-expect: kotlin-xxe-parser-not-hardened
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(input)
    }

    fun parseExport(input: InputStream): Document {
        // techlead-safe
        val f = DocumentBuilderFactory.newInstance()
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true)
        return f.newDocumentBuilder().parse(input)
    }
}

class TrustEverything : X509TrustManager {
    override fun checkClientTrusted(chain: Array<X509Certificate>, authType: String) {}

    // techlead-expect: kotlin-trust-all-certificates
    override fun checkServerTrusted(chain: Array<X509Certificate>, authType: String) {}

    override fun getAcceptedIssuers(): Array<X509Certificate> = arrayOf()
}

fun syncClient(debug: Boolean): OkHttpClient {
    val builder = OkHttpClient.Builder()
    if (debug) {
        // techlead-expect: kotlin-trust-all-certificates
        builder.hostnameVerifier { _, _ -> true }
    }
    // techlead-safe
    builder.hostnameVerifier { host, _ -> host.endsWith(".example.com") }
    return builder.build()
}
