package services

import java.io.{ByteArrayInputStream, ObjectInputStream}
import java.security.{MessageDigest, SecureRandom}
import javax.crypto.{Cipher, SecretKey}
import javax.crypto.spec.{GCMParameterSpec, IvParameterSpec}
import javax.net.ssl.{HostnameVerifier, HttpsURLConnection, SSLSession, X509TrustManager}
import java.security.cert.X509Certificate
import javax.xml.parsers.DocumentBuilderFactory

import scala.util.Random
import scala.xml.XML

object Tokens {
  private val rnd = new SecureRandom()

  // techlead-expect: scala-insecure-random-token
  def resetToken(): String = Random.alphanumeric.take(32).mkString

  def sessionToken(): String = {
    val bytes = new Array[Byte](32)
    // techlead-safe
    rnd.nextBytes(bytes)
    bytes.map("%02x".format(_)).mkString
  }

  // techlead-safe
  def backoffMillis(attempt: Int): Long = attempt * 1000L + Random.nextInt(250)

  def fingerprint(data: Array[Byte]): Array[Byte] =
    // techlead-expect: scala-weak-hash
    MessageDigest.getInstance("MD5").digest(data)

  def digest(data: Array[Byte]): Array[Byte] =
    // techlead-safe
    MessageDigest.getInstance("SHA-256").digest(data)

  def sealLegacy(key: SecretKey, data: Array[Byte]): Array[Byte] = {
    // techlead-expect: scala-weak-cipher
    val c = Cipher.getInstance("AES")
    c.init(Cipher.ENCRYPT_MODE, key)
    c.doFinal(data)
  }

  def sealCbc(key: SecretKey, data: Array[Byte]): Array[Byte] = {
    val c = Cipher.getInstance("AES/CBC/PKCS5Padding")
    // techlead-expect: scala-static-iv
    c.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(new Array[Byte](16)))
    c.doFinal(data)
  }

  def seal(key: SecretKey, data: Array[Byte]): Array[Byte] = {
    val iv = new Array[Byte](12)
    rnd.nextBytes(iv)
    // techlead-safe
    val c = Cipher.getInstance("AES/GCM/NoPadding")
    // techlead-safe
    c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv))
    iv ++ c.doFinal(data)
  }

  def restore(bytes: Array[Byte]): AnyRef = {
    // techlead-expect: scala-object-input-stream
    val in = new ObjectInputStream(new ByteArrayInputStream(bytes))
    in.readObject()
  }

  def parseFeed(text: String): scala.xml.Elem =
    // techlead-expect: scala-xxe-xml-loader
    XML.loadString(text)

  def parseFeedSafe(text: String): scala.xml.Elem = {
    val f = javax.xml.parsers.SAXParserFactory.newInstance()
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true)
    // techlead-safe
    XML.withSAXParser(f.newSAXParser()).loadString(text)
  }

  def legacyClient(): Unit =
    // techlead-expect: scala-trust-all-certificates
    HttpsURLConnection.setDefaultHostnameVerifier((_, _) => true)
}

class TrustAll extends X509TrustManager {
  // techlead-expect: scala-trust-all-certificates
  override def checkServerTrusted(chain: Array[X509Certificate], authType: String): Unit = {}
  override def checkClientTrusted(chain: Array[X509Certificate], authType: String): Unit = {}
  override def getAcceptedIssuers: Array[X509Certificate] = Array.empty
}
