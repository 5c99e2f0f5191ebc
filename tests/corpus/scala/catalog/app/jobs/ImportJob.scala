package jobs

import java.io.File
import java.net.URL
import java.nio.file.{Files, Paths}
import java.security.MessageDigest
import javax.crypto.Cipher

import scala.io.Source
import scala.sys.process._
import scala.util.Random

import play.api.mvc._

/** Nightly import of supplier catalogues, plus the admin endpoints that trigger it. */
class ImportJob(cc: ControllerComponents) extends AbstractController(cc) {
  private val inbox = new File("/srv/catalog/inbox")

  def run(supplier: String): Int = {
    // techlead-expect: scala-process-injection
    val code = Process(s"rsync -a supplier@$supplier:/export/ /srv/catalog/inbox/").!
    // techlead-safe
    val listed = Process(Seq("ls", "-1", inbox.getPath)).!!
    code + listed.length
  }

  def fetch(): Action[AnyContent] = Action { request =>
    // techlead-expect: scala-ssrf-request
    val body = Source.fromURL(request.getQueryString("url").get).mkString
    // techlead-safe
    val index = Source.fromURL("https://feeds.example.com/index.json").mkString
    Ok(body.length.toString + index.length)
  }

  def read(): Action[AnyContent] = Action { request =>
    // techlead-expect: scala-path-traversal-request
    val lines = Files.readAllLines(Paths.get("/srv/catalog/inbox", request.getQueryString("file").get))
    // techlead-safe
    val manifest = Files.readAllLines(Paths.get("/srv/catalog/inbox", "manifest.txt"))
    Ok(lines.size.toString + manifest.size)
  }

  def goBack(): Action[AnyContent] = Action { request =>
    // techlead-expect: scala-open-redirect
    Redirect(request.headers.get("Referer").getOrElse("/"), SEE_OTHER)
  }

  def done(): Action[AnyContent] = Action {
    // techlead-safe
    Redirect("/admin/imports")
  }

  def checksum(f: File): String =
    // techlead-expect: scala-weak-hash
    MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(f.toPath)).map("%02x".format(_)).mkString

  def legacyDecrypt(data: Array[Byte]): Cipher =
    // techlead-expect: scala-weak-cipher
    Cipher.getInstance("DESede/ECB/PKCS5Padding")

  // techlead-expect: scala-insecure-random-token
  def apiKeyFor(supplier: String): String = new java.util.Random().nextLong().toHexString

  // techlead-safe
  def sampleOf(items: Seq[String]): Seq[String] = Random.shuffle(items).take(5)

  def status(): Action[AnyContent] = Action {
    // techlead-safe
    Ok("<p>import idle</p>").as(HTML)
  }

  def report(name: String): Action[AnyContent] = Action {
    // techlead-safe
    Ok(views.html.report(name))
  }

  def cleanup(): Int =
    // techlead-safe
    "find /srv/catalog/inbox -mtime +7 -delete".!
}
